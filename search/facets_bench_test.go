package search

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
)

// benchColumns fills columns the way the bench corpus does (1 of 1,000 organizations,
// 2–8 of 3,000 tags, 0–2 of 60 groups, 1–4 of 25 formats, 1 of 12 licenses, and the
// fields every dataset has), without Bleve.
func benchColumns(n int) *columns {
	r := rand.New(rand.NewPCG(1, 2))
	c := newColumns()
	zipf := func(k int) int { return min(int(r.ExpFloat64()*float64(k)/6), k-1) }
	for i := range n {
		var tags, groups, formats []string
		for range 2 + r.IntN(7) {
			tags = append(tags, fmt.Sprintf("tag%d", zipf(3000)))
		}
		for range r.IntN(3) {
			groups = append(groups, fmt.Sprintf("grp%d", zipf(60)))
		}
		for range 1 + r.IntN(4) {
			formats = append(formats, fmt.Sprintf("F%d", zipf(25)))
		}
		org := fmt.Sprintf("org%d", zipf(1000))
		c.upsert(c.ordinal(fmt.Sprint(i)), map[string]any{"id": fmt.Sprint(i), "organization": org, "owner_org": org + "-id",
			"tags": tags, "groups": groups, "res_format": formats, "license_id": fmt.Sprintf("lic%d", zipf(12)),
			"state": "active", "capacity": "public", "permission_labels": []string{"public"}, "dataset_type": "dataset",
			"entity_type": "package", "private": "false"})
	}
	return c
}

// BenchmarkFacets times CKAN's five facets over match sets of several densities, counted
// by scanning, by intersecting and as intersectFacets chooses.
func BenchmarkFacets(b *testing.B) {
	const n = 100000
	c := benchColumns(n)
	fields := []string{"organization", "groups", "tags", "res_format", "license_id"}
	r := rand.New(rand.NewPCG(3, 4))
	for _, frac := range []float64{0.02, 0.1, 0.5, 1} {
		m := roaring.New()
		for o := range uint32(n) {
			if r.Float64() < frac {
				m.Add(o)
			}
		}
		for mode, name := range []string{"auto", "scan", "intersect"} {
			b.Run(fmt.Sprintf("%g/%s", frac, name), func(b *testing.B) {
				defer func(old int) { facetMode = old }(facetMode)
				facetMode = mode
				for i := 0; i < b.N; i++ {
					c.facets(fields, m, 1, 50)
				}
			})
		}
	}
}

// Scanning and intersecting count the same facets, for sparse and dense match sets;
// intersectFacets may pick either.
func TestFacetModesAgree(t *testing.T) {
	c := benchColumns(20000)
	fields := []string{"organization", "groups", "tags", "res_format", "license_id", "state"}
	r := rand.New(rand.NewPCG(5, 6))
	defer func(old int) { facetMode = old }(facetMode)
	for _, frac := range []float64{0, 0.001, 0.05, 0.3, 0.7, 1} {
		m := roaring.New()
		for o := range uint32(20000) {
			if r.Float64() < frac {
				m.Add(o)
			}
		}
		facetMode = 1
		scan := c.facets(fields, m, 1, -1)
		facetMode = 2
		inter := c.facets(fields, m, 1, -1)
		if fmt.Sprint(scan) != fmt.Sprint(inter) {
			t.Fatalf("density %g: scanning and intersecting differ:\n%v\n%v", frac, scan, inter)
		}
		if frac == 1 && len(scan["tags"]) < 1000 {
			t.Fatalf("only %d tags counted over every dataset", len(scan["tags"]))
		}
		// A limit and a minimum count keep a prefix of the full, ordered list.
		for _, limit := range []int{0, 1, 7, 50} {
			for _, minCount := range []int{1, 3} {
				got := c.facets(fields, m, minCount, limit)
				for _, f := range fields {
					want := slices.DeleteFunc(slices.Clone(scan[f]), func(v FacetValue) bool { return v.Count < minCount })
					want = want[:min(limit, len(want))]
					if !slices.Equal(got[f], want) {
						t.Fatalf("density %g %s limit %d mincount %d:\n got %v\nwant %v", frac, f, limit, minCount, got[f], want)
					}
				}
			}
		}
		for _, f := range fields {
			if !slices.IsSortedFunc(scan[f], func(a, b FacetValue) int {
				if a.Count != b.Count {
					return b.Count - a.Count
				}
				return strings.Compare(a.Name, b.Name)
			}) {
				t.Fatalf("density %g: facet %s not ordered by count, then name", frac, f)
			}
		}
	}
}
