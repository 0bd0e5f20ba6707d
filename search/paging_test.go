package search_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
	"github.com/khlang/khlang/search"
)

// A harvester pages with rows=100&start=N&sort=id asc until a page is empty; it must get
// every public dataset exactly once, also past the depth where Search switches to
// search_after.
func TestHarvesterPaging(t *testing.T) {
	if testing.Short() {
		t.Skip("creates 5,000 datasets")
	}
	ctx := context.Background()
	s := catalogtest.Open(t, catalogtest.Backends(t)[0])
	if err := s.CreateGroup(ctx, &catalog.Group{Name: "org", IsOrganization: true}); err != nil {
		t.Fatal(err)
	}
	const n = 5000
	public := map[string]bool{}
	for i := 0; i < n; i++ {
		d := &catalog.Dataset{Name: fmt.Sprintf("ds-%05d", i), Title: fmt.Sprintf("ชุดข้อมูล %d", i), OwnerOrg: ptr("org"), Private: i%50 == 0}
		if err := s.CreateDataset(ctx, d); err != nil {
			t.Fatal(err)
		}
		if !d.Private {
			public[d.ID] = true
		}
	}
	ix, err := search.Open("", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Sync(ctx, s); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	prev := ""
	for start := 0; ; start += 100 {
		res, err := ix.Search(ctx, search.Request{Rows: 100, Start: start, Sort: "id asc"})
		if err != nil {
			t.Fatal(err)
		}
		if res.Count != len(public) {
			t.Fatalf("count = %d, want %d", res.Count, len(public))
		}
		if len(res.IDs) == 0 {
			break
		}
		for _, id := range res.IDs {
			if seen[id] || !public[id] || id <= prev {
				t.Fatalf("page at %d: id %s repeated, private or out of order", start, id)
			}
			seen[id] = true
			prev = id
		}
	}
	if len(seen) != len(public) {
		t.Fatalf("harvested %d of %d public datasets", len(seen), len(public))
	}
	// Deep pages with the default (score) sort agree with shallow ones.
	a, _ := ix.Search(ctx, search.Request{Rows: 10, Start: 1500, Sort: "name asc"})
	b, _ := ix.Search(ctx, search.Request{Rows: 1510, Start: 0, Sort: "name asc"})
	for i := range a.IDs {
		if a.IDs[i] != b.IDs[1500+i] {
			t.Fatalf("deep page differs at %d", i)
		}
	}
}

// An index built with another mapping version keeps serving until Sync has built its
// replacement from the change log and swapped it in.
func TestMappingChangeRebuilds(t *testing.T) {
	ctx := context.Background()
	s := catalogtest.Open(t, catalogtest.Backends(t)[0])
	fixture(t, s)
	path := filepath.Join(t.TempDir(), "index")
	ix, err := search.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Sync(ctx, s); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	raw, err := bleve.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := raw.SetInternal([]byte("khlang_mapping"), []byte("0-old")); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	ix, err = search.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if !ix.RebuildPending() {
		t.Fatal("old mapping not noticed")
	}
	if err := ix.Prepare(ctx, s); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(ctx, search.Request{Rows: 10})
	if err != nil || res.Count != 4 {
		t.Fatalf("old index does not serve while pending: %v %v", res, err)
	}
	if err := s.CreateDataset(ctx, &catalog.Dataset{Name: "after-upgrade", Title: "ใหม่", OwnerOrg: ptr("nso")}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Sync(ctx, s); err != nil {
		t.Fatal(err)
	}
	if ix.RebuildPending() {
		t.Fatal("still pending after Sync")
	}
	res, err = ix.Search(ctx, search.Request{Rows: 10})
	if err != nil || res.Count != 5 {
		t.Fatalf("rebuilt index: %v %v", res, err)
	}
	last, _ := s.LastChange(ctx)
	if ix.Seq() != last {
		t.Fatalf("seq %d, want %d", ix.Seq(), last)
	}
	raw2, _ := filepath.Glob(path + "*")
	if len(raw2) != 1 {
		t.Fatalf("leftover folders: %v", raw2)
	}
}

// A sync interrupted at any point (a crash, a cancelled context) leaves the index at a
// batch boundary; the next sync converges on the catalog with nothing missing.
func TestSyncInterruptedConverges(t *testing.T) {
	ctx := context.Background()
	s := catalogtest.Open(t, catalogtest.Backends(t)[0])
	if err := s.CreateGroup(ctx, &catalog.Group{Name: "org", IsOrganization: true}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 1200; i++ {
		if err := s.CreateDataset(ctx, &catalog.Dataset{Name: fmt.Sprintf("d-%04d", i), OwnerOrg: ptr("org")}); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 1200; i += 7 {
		if err := s.DeleteDataset(ctx, fmt.Sprintf("d-%04d", i)); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "index")
	// 1,373 changes make three batches of 500: each sync is stopped while reading a
	// batch, after one batch (a second then in flight), at once, and after one again.
	for attempt, after := range []int{1, 0, 1} {
		ix, err := search.Open(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		cctx, cancel := context.WithCancel(ctx)
		search.InterruptAfter(ix, after, cancel)
		if err := ix.Sync(cctx, s); !errors.Is(err, context.Canceled) {
			t.Fatalf("attempt %d: sync ended with %v, want it interrupted", attempt, err)
		}
		cancel()
		if err := search.CloseNoSnapshot(ix); err != nil { // as a crash would, mid-way
			t.Fatal(err)
		}
	}
	ix, err := search.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Sync(ctx, s); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(ctx, search.Request{Rows: 0, IncludeDeleted: true})
	if err != nil {
		t.Fatal(err)
	}
	active, _ := ix.Search(ctx, search.Request{Rows: 0})
	if res.Count != 1200 || active.Count != 1200-172 {
		t.Fatalf("after three interrupted syncs: %d docs (%d active), want 1200 (1028)", res.Count, active.Count)
	}
}

// A Thai word the dictionary lacks is still found, through the bigram field.
func TestUnknownThaiWordViaBigrams(t *testing.T) {
	ctx := context.Background()
	s := catalogtest.Open(t, catalogtest.Backends(t)[0])
	fixture(t, s)
	if err := s.CreateDataset(ctx, &catalog.Dataset{Name: "odd-word", Title: "ทะเบียนฟหกดเครื่อง", OwnerOrg: ptr("nso")}); err != nil {
		t.Fatal(err)
	}
	ix, _ := search.Open("", nil)
	defer ix.Close()
	if err := ix.Sync(ctx, s); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(ctx, search.Request{Q: "ฟหกด", Rows: 10})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(t, s, res.IDs); len(got) != 1 || got[0] != "odd-word" {
		t.Fatalf("unknown word found %v", got)
	}
}
