package search_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/search"
)

// randomCatalog makes n datasets in memory with the associations the index reads.
func randomCatalog(r *rand.Rand, n int) []*catalog.Dataset {
	orgs := make([]*catalog.Group, 7)
	for i := range orgs {
		orgs[i] = &catalog.Group{ID: fmt.Sprintf("org-id-%d", i), Name: fmt.Sprintf("org-%d", i), IsOrganization: true}
	}
	groups := []string{"tddc", "census", "funds", "registry"}
	formats := []string{"CSV", "XLSX", "JSON", "PDF", "API"}
	licenses := []string{"cc-by", "odc-by", "other-open", "cc-zero"}
	out := make([]*catalog.Dataset, n)
	for i := range out {
		o := orgs[r.IntN(len(orgs))]
		d := &catalog.Dataset{ID: fmt.Sprintf("id-%05d", i), Name: fmt.Sprintf("ds-%05d", r.IntN(1e5)*10+i%10),
			Title: fmt.Sprintf("ชุดข้อมูล %d", i), State: catalog.StateActive, OwnerOrg: &o.ID, Organization: o,
			LicenseID: licenses[r.IntN(len(licenses))], Private: r.IntN(10) == 0,
			MetadataModified: time.Unix(1.7e9+int64(r.IntN(1e7)), 0).UTC()}
		if r.IntN(15) == 0 {
			d.State = catalog.StateDraft
		}
		for _, g := range groups {
			if r.IntN(3) == 0 {
				d.Groups = append(d.Groups, catalog.Group{ID: g, Name: g})
			}
		}
		for k := r.IntN(4); k > 0; k-- {
			tag := fmt.Sprintf("tag-%d", r.IntN(12))
			if !slices.ContainsFunc(d.Tags, func(t catalog.Tag) bool { return t.Name == tag }) {
				d.Tags = append(d.Tags, catalog.Tag{Name: tag})
			}
		}
		for k := r.IntN(3); k > 0; k-- {
			d.Resources = append(d.Resources, catalog.Resource{Format: formats[r.IntN(len(formats))]})
		}
		out[i] = d
	}
	return out
}

// values of a dataset for a facet field, as CKAN indexes them.
func facetValues(d *catalog.Dataset, field string) []string {
	var out []string
	switch field {
	case "organization":
		out = []string{d.Organization.Name}
	case "license_id":
		out = []string{d.LicenseID}
	case "groups":
		for _, g := range d.Groups {
			out = append(out, g.Name)
		}
	case "tags":
		for _, t := range d.Tags {
			out = append(out, t.Name)
		}
	case "res_format":
		for _, r := range d.Resources {
			out = append(out, r.Format)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// filter is one randomly drawn fq with its meaning as a predicate.
type filter struct {
	fq    string
	match func(d *catalog.Dataset) bool
}

func randomFilter(r *rand.Rand, ds []*catalog.Dataset) filter {
	fields := []string{"organization", "groups", "tags", "res_format", "license_id"}
	pick := func() (string, string) {
		f := fields[r.IntN(len(fields))]
		for {
			if vals := facetValues(ds[r.IntN(len(ds))], f); len(vals) > 0 {
				return f, vals[r.IntN(len(vals))]
			}
		}
	}
	has := func(f, v string) func(*catalog.Dataset) bool {
		return func(d *catalog.Dataset) bool { return slices.Contains(facetValues(d, f), v) }
	}
	f1, v1 := pick()
	f2, v2 := pick()
	switch r.IntN(5) {
	case 0:
		return filter{fmt.Sprintf("%s:%s", f1, v1), has(f1, v1)}
	case 1:
		return filter{fmt.Sprintf(`%s:"%s"`, f1, v1), has(f1, v1)}
	case 2:
		return filter{fmt.Sprintf("-%s:%s", f1, v1), func(d *catalog.Dataset) bool { return !has(f1, v1)(d) }}
	case 3:
		return filter{fmt.Sprintf("%s:%s OR %s:%s", f1, v1, f2, v2), func(d *catalog.Dataset) bool { return has(f1, v1)(d) || has(f2, v2)(d) }}
	default:
		return filter{fmt.Sprintf("%s:%s AND NOT %s:%s", f1, v1, f2, v2), func(d *catalog.Dataset) bool { return has(f1, v1)(d) && !has(f2, v2)(d) }}
	}
}

// Facet counts, totals and pages equal a brute-force count over the same datasets, for
// random catalogs and random filter sets, with and without private datasets.
func TestFacetsMatchBruteForce(t *testing.T) {
	ctx := context.Background()
	fields := []string{"organization", "groups", "tags", "res_format", "license_id"}
	for seed := uint64(1); seed <= 3; seed++ {
		r := rand.New(rand.NewPCG(seed, 99))
		ds := randomCatalog(r, 400+int(seed)*150)
		ix, err := search.Open("", nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := ix.IndexDatasets(ctx, ds); err != nil {
			t.Fatal(err)
		}
		for round := 0; round < 40; round++ {
			var filters []filter
			for k := r.IntN(3); k > 0; k-- {
				filters = append(filters, randomFilter(r, ds))
			}
			includePrivate := r.IntN(2) == 0
			req := search.Request{Rows: 15, Start: r.IntN(30), Sort: "name asc", FacetFields: fields, FacetLimit: -1,
				IncludePrivate: includePrivate}
			if round%3 == 0 {
				// Every title has this word: the text path must lose no hit either.
				req.Q = "ชุดข้อมูล"
			}
			var want []*catalog.Dataset
			for _, d := range ds {
				ok := d.State == catalog.StateActive && (includePrivate || !d.Private)
				for _, f := range filters {
					ok = ok && f.match(d)
				}
				if ok {
					want = append(want, d)
				}
			}
			for _, f := range filters {
				req.FQ = append(req.FQ, f.fq)
			}
			res, err := ix.Search(ctx, req)
			if err != nil {
				t.Fatalf("seed %d fq %q: %v", seed, req.FQ, err)
			}
			if res.Count != len(want) {
				t.Fatalf("seed %d fq %q: count %d, brute force %d", seed, req.FQ, res.Count, len(want))
			}
			for _, f := range fields {
				counts := map[string]int{}
				for _, d := range want {
					for _, v := range facetValues(d, f) {
						counts[v]++
					}
				}
				got := map[string]int{}
				for _, v := range res.Facets[f] {
					got[v.Name] = v.Count
				}
				if fmt.Sprint(got) != fmt.Sprint(counts) {
					t.Fatalf("seed %d fq %q facet %s:\n got %v\nwant %v", seed, req.FQ, f, got, counts)
				}
				if !slices.IsSortedFunc(res.Facets[f], func(a, b search.FacetValue) int { return b.Count - a.Count }) {
					t.Fatalf("facet %s not in count order: %v", f, res.Facets[f])
				}
			}
			slices.SortFunc(want, func(a, b *catalog.Dataset) int { return strings.Compare(a.Name, b.Name) })
			var wantIDs []string
			for _, d := range want[min(req.Start, len(want)):min(req.Start+req.Rows, len(want))] {
				wantIDs = append(wantIDs, d.ID)
			}
			if fmt.Sprint(res.IDs) != fmt.Sprint(wantIDs) {
				t.Fatalf("seed %d fq %q page: got %v want %v", seed, req.FQ, res.IDs, wantIDs)
			}
		}
		ix.Close()
	}
}
