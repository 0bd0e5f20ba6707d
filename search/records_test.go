package search

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/search/thai"
)

// The pointer-free records (id table, string and value arenas, compaction) must behave
// as the maps and per-record strings they replace: random upserts, rewrites and removals
// are checked against a plain map model after every step.
func TestRecordsMatchModel(t *testing.T) {
	type rec struct {
		name, title string
		tags        []string
	}
	r := rand.New(rand.NewPCG(7, 8))
	defer func(n int) { compactFrom = n }(compactFrom)
	compactFrom = 1 << 12
	compactions, pending := 0, 0
	c := newColumns()
	model := map[string]rec{}
	check := func(step int) {
		t.Helper()
		if c.numIDs() != len(model)+pending || int(c.live.GetCardinality()) != len(model) {
			t.Fatalf("step %d: %d ids, %d live, want %d", step, c.numIDs(), c.live.GetCardinality(), len(model))
		}
		for id, m := range model {
			o, ok := c.lookup(id)
			if !ok || !c.live.Contains(o) {
				t.Fatalf("step %d: %s lost", step, id)
			}
			if c.idOf(o) != id || c.str(o, strName) != m.name || c.str(o, strTitle) != m.title {
				t.Fatalf("step %d: %s reads %q %q %q", step, id, c.idOf(o), c.str(o, strName), c.str(o, strTitle))
			}
			var tags []string
			for _, v := range c.vals(o) {
				if c.valField[v] == "tags" {
					tags = append(tags, c.valName[v])
				}
			}
			if !slices.Equal(tags, m.tags) {
				t.Fatalf("step %d: %s tags %v, want %v", step, id, tags, m.tags)
			}
		}
	}
	for step := range 20000 {
		id := fmt.Sprintf("d%d", r.IntN(600))
		if _, ok := model[id]; ok && r.IntN(3) == 0 {
			c.remove(id)
			delete(model, id)
		} else {
			m := rec{name: fmt.Sprintf("n%d-%d", r.IntN(1000), step), title: string(make([]byte, r.IntN(300)))}
			for range r.IntN(4) {
				if tag := fmt.Sprintf("t%d", r.IntN(50)); !slices.Contains(m.tags, tag) {
					m.tags = append(m.tags, tag)
				}
			}
			c.upsert(c.ordinal(id), map[string]any{"id": id, "name": m.name, "title_string": m.title, "tags": m.tags})
			model[id] = m
		}
		if c.strs.garbage == 0 {
			compactions++
		}
		if step%500 == 0 {
			// An ordinal handed out for a batch that never landed keeps its id.
			p := fmt.Sprintf("p%d", step)
			if o := c.ordinal(p); c.ordinal(p) != o || c.idOf(o) != p || c.live.Contains(o) {
				t.Fatalf("step %d: pending id %s not kept", step, p)
			}
			pending++
		}
		if _, ok := c.lookup(fmt.Sprintf("x%d", step)); ok {
			t.Fatal("an unknown id has an ordinal")
		}
		if step%997 == 0 {
			check(step)
		}
	}
	check(-1)
	// Rewrites left garbage; compaction kept it below the live data.
	if compactions < 10 || c.strs.garbage*2 > c.strs.used+compactFrom {
		t.Fatalf("string arena: %d compactions, %d of %d bytes garbage", compactions, c.strs.garbage, c.strs.used)
	}
}

// BenchmarkColumnsMemory fills the columns with 200,000 catalog-like datasets (UUID ids,
// names, Thai titles and their collation keys, tags of 3,000, organizations of 1,000,
// formats), built one at a time as a build does, and reports the heap they hold per
// dataset after a GC: the columns are most of what a built index keeps on the heap.
func BenchmarkColumnsMemory(b *testing.B) {
	const n = 200000
	words := []string{"สำมะโน", "ประชากร", "เคหะ", "ดิจิทัล", "อินเทอร์เน็ต", "ผู้ใช้", "รายงาน", "การประชุม",
		"กองทุน", "หมู่บ้าน", "ข้อมูล", "สถิติ", "เศรษฐกิจ", "จังหวัด", "ปี", "การใช้", "บริการ", "ภาครัฐ"}
	var heap uint64
	for b.Loop() {
		r := rand.New(rand.NewPCG(1, 2))
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		c := newColumns()
		for i := range n {
			title := make([]string, 4+r.IntN(8))
			for k := range title {
				title[k] = words[r.IntN(len(words))]
			}
			org := &catalog.Group{Name: fmt.Sprintf("org-%d", r.IntN(1000)), IsOrganization: true}
			d := &catalog.Dataset{ID: fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", r.Uint32(), r.IntN(1<<16), r.IntN(1<<12), r.IntN(1<<12), r.Int64N(1<<48)),
				Name: fmt.Sprintf("dataset-%d-%s", i, strings.Repeat("x", r.IntN(30))), Title: strings.Join(title, ""),
				State: catalog.StateActive, LicenseID: "cc-by", Organization: org, OwnerOrg: &org.Name,
				MetadataModified: time.Unix(1.7e9+int64(r.IntN(1e7)), 0), MetadataCreated: time.Unix(1.6e9+int64(r.IntN(1e7)), 0)}
			for range 2 + r.IntN(7) {
				d.Tags = append(d.Tags, catalog.Tag{Name: fmt.Sprintf("tag-%d", r.IntN(3000))})
			}
			for range 1 + r.IntN(4) {
				d.Resources = append(d.Resources, catalog.Resource{Format: []string{"CSV", "XLSX", "JSON", "PDF", "XML"}[r.IntN(5)]})
			}
			c.upsert(c.ordinal(d.ID), document(d, thai.CollationKey))
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		heap = after.HeapAlloc - before.HeapAlloc
		runtime.KeepAlive(c)
	}
	b.ReportMetric(float64(heap)/n, "heap-B/dataset")
}
