package search_test

import (
	"context"
	"slices"
	"testing"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
	"github.com/khlang/khlang/search"
	"github.com/khlang/khlang/seed"
	"github.com/khlang/khlang/seed/content"
)

// seedIndex builds the real sample catalog into a SQLite store and indexes it in memory.
func seedIndex(t *testing.T) (*catalog.Store, *search.Index) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the whole sample catalog")
	}
	ctx := context.Background()
	s := catalogtest.Open(t, catalogtest.Backends(t)[0])
	if _, err := seed.Build(ctx, s, t.TempDir(), nil); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open("", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Sync(ctx, s); err != nil {
		t.Fatal(err)
	}
	return s, ix
}

// TestSeedSearch shows that Thai queries find the datasets of each of the sample
// catalog's five sources, and that its facets add up.
func TestSeedSearch(t *testing.T) {
	ctx := context.Background()
	s, ix := seedIndex(t)
	census := []string{"census-2025-population-by-province-sex-age", "census-2025-households-by-province",
		"census-2025-housing-characteristics", "census-2025-response-channels"}

	tests := []struct {
		name  string
		q, fq string
		// exact is the whole result; with it nil, contains must all be in the result.
		exact, contains []string
	}{
		// TDDC indicators, by a Thai word, inside the TDDC group.
		{name: "TDDC OECD indicator", q: "ปัญญาประดิษฐ์", fq: "groups:tddc",
			exact: []string{"tddc-oecd-use-009", "tddc-oecd-use-009-size"}},
		{name: "TDDC WDCR indicator", q: "หุ่นยนต์", fq: "groups:tddc",
			exact: []string{"tddc-wdcr-f2-02", "tddc-wdcr-k3-07"}},
		{name: "TDDC ADIX indicator", q: "โลจิสติกส์", fq: "groups:tddc",
			contains: []string{"tddc-adix-p1-02", "tddc-adix-p1-00"}},
		{name: "Thai word within a framework", q: "บรอดแบนด์", fq: "framework:OECD-GD",
			exact: []string{"tddc-oecd-acc-002", "tddc-oecd-acc-003", "tddc-oecd-acc-004", "tddc-oecd-acc-005",
				"tddc-oecd-acc-007", "tddc-oecd-acc-007-size", "tddc-oecd-acc-008"}},
		{name: "TDDC plan indicator in the digital-plan group", q: "ทางรัฐ", fq: "groups:thai-digital-plan",
			contains: []string{"tddc-plan-009", "tddc-plan-010"}},

		// The village-fund registry and its product base.
		{name: "village fund", q: "กองทุนหมู่บ้าน", exact: []string{"village-fund-registry", "village-fund-products"}},
		{name: "village-fund products", q: "ผลิตภัณฑ์ กองทุนหมู่บ้าน", exact: []string{"village-fund-products"}},
		{name: "village fund by organization", q: "ผลิตภัณฑ์", fq: "organization:nvcfo",
			exact: []string{"village-fund-products"}},

		// The 2025 census, by its Thai name and either era's year.
		{name: "census Thai", q: "สำมะโนประชากร", exact: census},
		{name: "census with spaces", q: "สำมะโน ประชากร", exact: census},
		{name: "census BE year", q: "สำมะโนประชากร 2568", exact: census},
		{name: "census Thai digits", q: "สำมะโนประชากร ๒๕๖๘", exact: census},
		{name: "census CE year", q: "สำมะโนประชากร 2025", exact: census},
		{name: "2568 alone", q: "2568", contains: census},
		{name: "2025 alone", q: "2025", contains: census},
		{name: "census title in the census group", q: "title:ครัวเรือน", fq: "groups:census-2025",
			exact: []string{"census-2025-households-by-province"}},

		// The digital-service registry.
		{name: "service registry phrase", q: `"บัญชีบริการดิจิทัล"`, exact: []string{"digital-service-registry"}},
		{name: "service registry words", q: "บัญชีบริการดิจิทัล", contains: []string{"digital-service-registry"}},
		{name: "service registry variant spelling", q: `"บัญชีบริการดิจิตอล"`, exact: []string{"digital-service-registry"}},

		// e-Office.
		{name: "paperless", q: "ไร้กระดาษ", exact: []string{"e-office-metadata", "tddc-adix-p1-03", "tddc-plan-008"}},
		{name: "paperless e-Office only", q: "ไร้กระดาษ", fq: "groups:e-office", exact: []string{"e-office-metadata"}},

		// Traps on the real content.
		// Only the product base's notes name medicine (…ที่ไม่ใช่อาหารและยา); no rubber.
		{name: "ยา is medicine only", q: "ยา", exact: []string{"village-fund-products"}},
		{name: "digital content", q: "ดิจิทัลคอนเทนต์", contains: []string{"digital-content-industry-2023"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := search.Request{Q: tt.q, Rows: 300}
			if tt.fq != "" {
				req.FQ = []string{tt.fq}
			}
			res, err := ix.Search(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			got := names(t, s, res.IDs)
			if res.Count != len(got) {
				t.Fatalf("count %d but %d ids", res.Count, len(got))
			}
			if tt.contains == nil {
				if want := slices.Sorted(slices.Values(tt.exact)); !slices.Equal(got, want) {
					t.Fatalf("q=%s fq=%s: got %v, want %v", tt.q, tt.fq, got, want)
				}
				return
			}
			if missing := minus(tt.contains, got); len(missing) > 0 {
				t.Fatalf("q=%s fq=%s: missing %v in %v", tt.q, tt.fq, missing, got)
			}
		})
	}

	// The dataset named by the query ranks first among the many that share its words.
	res, err := ix.Search(ctx, search.Request{Q: "บัญชีบริการดิจิทัล", Rows: 1})
	if err != nil {
		t.Fatal(err)
	}
	if top := names(t, s, res.IDs); !slices.Equal(top, []string{"digital-service-registry"}) {
		t.Errorf("บัญชีบริการดิจิทัล: first hit %v, want digital-service-registry", top)
	}
}

// TestSeedFacets checks the sample catalog's facets against its content: TDDC holds
// 237 datasets, and the framework, group and organization counts agree with the
// content package's own lists.
func TestSeedFacets(t *testing.T) {
	ctx := context.Background()
	_, ix := seedIndex(t)
	all := content.Datasets()
	frameworks, groups, orgs := map[string]int{}, map[string]int{}, map[string]int{}
	tddcFrameworks := map[string]int{}
	for _, d := range all {
		orgs[d.Org]++
		seen := map[string]bool{}
		for _, f := range d.Frameworks {
			if !seen[f.Framework] {
				seen[f.Framework] = true
				frameworks[f.Framework]++
				if slices.Contains(d.Groups, "tddc") {
					tddcFrameworks[f.Framework]++
				}
			}
		}
		for _, g := range d.Groups {
			groups[g]++
		}
	}
	if groups["tddc"] != 237 || content.TDDCCount != 237 {
		t.Fatalf("content has %d TDDC datasets (TDDCCount %d), the release says 237", groups["tddc"], content.TDDCCount)
	}

	facet := func(res *search.Result, field string) map[string]int {
		m := map[string]int{}
		for _, v := range res.Facets[field] {
			m[v.Name] = v.Count
		}
		return m
	}
	fields := []string{"organization", "groups", "framework"}
	res, err := ix.Search(ctx, search.Request{Rows: 0, FacetFields: fields, FacetLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Count != len(all) {
		t.Errorf("whole catalog: %d datasets, content has %d", res.Count, len(all))
	}
	for field, want := range map[string]map[string]int{"organization": orgs, "groups": groups, "framework": frameworks} {
		if got := facet(res, field); !mapsEqual(got, want) {
			t.Errorf("%s facet = %v, want %v", field, got, want)
		}
	}

	// Filtered to TDDC: 237 hits, the group facet says so, and the frameworks add up.
	res, err = ix.Search(ctx, search.Request{Rows: 0, FQ: []string{"groups:tddc"}, FacetFields: fields, FacetLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Count != 237 || facet(res, "groups")["tddc"] != 237 {
		t.Errorf("fq groups:tddc: count %d, groups facet %v", res.Count, res.Facets["groups"])
	}
	if got := facet(res, "framework"); !mapsEqual(got, tddcFrameworks) {
		t.Errorf("TDDC framework facet = %v, want %v", got, tddcFrameworks)
	}
	sum := 0
	for _, n := range facet(res, "organization") {
		sum += n
	}
	if sum != 237 {
		t.Errorf("TDDC organization facet sums to %d, want 237: %v", sum, res.Facets["organization"])
	}

	// fq on framework and organization counts exactly what the content says.
	for fq, want := range map[string]int{
		"framework:WDCR":     frameworks["WDCR"],
		"framework:OECD-GD":  frameworks["OECD-GD"],
		"organization:nso":   orgs["nso"],
		"organization:nvcfo": orgs["nvcfo"],
		"groups:census-2025": groups["census-2025"],
	} {
		res, err := ix.Search(ctx, search.Request{Rows: 0, FQ: []string{fq}})
		if err != nil {
			t.Fatal(err)
		}
		if want == 0 || res.Count != want {
			t.Errorf("fq %s: %d datasets, content has %d", fq, res.Count, want)
		}
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
