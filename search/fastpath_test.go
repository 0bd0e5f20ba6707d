package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/search/query"
)

// fastVocab mixes what the query paths treat differently: Latin words (stemmed), Thai
// dictionary words written together, spelling variants (synonyms), Buddhist- and
// Common-Era years (twins at one position), and Thai the dictionary lacks (bigrams).
var fastVocab = []string{
	"census", "internet", "digital", "fund", "village", "report", "economy", "office", "survey", "users",
	"สำมะโน", "ประชากร", "เคหะ", "ดิจิทัล", "ดิจิตอล", "อินเทอร์เน็ต", "อินเตอร์เน็ต", "ผู้ใช้", "รายงาน",
	"การประชุม", "ยา", "ยางพารา", "ตาราง", "กองทุน", "หมู่บ้าน", "ข้อมูล", "สถิติ", "เศรษฐกิจ",
	"2563", "2020", "2568", "2025", "พ.ศ. 2568", "ค.ศ. 2020", "ฆฌฎฏ", "ฐฑฒณ",
}

func fastWords(r *rand.Rand, n int, sep string) string {
	ws := make([]string, n)
	for i := range ws {
		// Zipf-like: the first words are common, so some queries match most datasets.
		ws[i] = fastVocab[min(int(r.ExpFloat64()*8), len(fastVocab)-1)]
	}
	return strings.Join(ws, sep)
}

func fastCatalog(r *rand.Rand, n int) []*catalog.Dataset {
	orgs := make([]*catalog.Group, 5)
	for i := range orgs {
		orgs[i] = &catalog.Group{ID: fmt.Sprintf("org-id-%d", i), Name: fmt.Sprintf("org-%d", i), IsOrganization: true,
			Title: fastWords(r, 2, "")}
	}
	out := make([]*catalog.Dataset, n)
	for i := range out {
		o := orgs[r.IntN(len(orgs))]
		sep := []string{"", " "}[r.IntN(2)]
		d := &catalog.Dataset{ID: fmt.Sprintf("id-%05d", i), Name: fmt.Sprintf("ds-%05d", i),
			Title: fastWords(r, 1+r.IntN(5), sep), TitleEN: fastWords(r, r.IntN(3), " "),
			Notes: fastWords(r, r.IntN(12), sep), State: catalog.StateActive, OwnerOrg: &o.ID, Organization: o,
			Private:          r.IntN(8) == 0,
			MetadataModified: time.Unix(1.7e9+int64(r.IntN(50)), 0).UTC()}
		for k := r.IntN(3); k > 0; k-- {
			tag := fastVocab[r.IntN(len(fastVocab))]
			if !slices.ContainsFunc(d.Tags, func(t catalog.Tag) bool { return t.Name == tag }) {
				d.Tags = append(d.Tags, catalog.Tag{Name: tag})
			}
		}
		if r.IntN(3) == 0 {
			d.Name = strings.ToLower(fastVocab[r.IntN(10)]) // name^4 matches a word exactly
			d.Name += fmt.Sprintf("-%d", i)
		}
		out[i] = d
	}
	return out
}

// fastQuery draws a q of the shapes package_search sees.
func fastQuery(r *rand.Rand) string {
	w := func() string { return fastVocab[min(int(r.ExpFloat64()*10), len(fastVocab)-1)] }
	switch r.IntN(12) {
	case 0:
		return w() + " " + w()
	case 1:
		return "+" + w() + " -" + w()
	case 2:
		return `"` + w() + " " + w() + `"`
	case 3:
		return `"` + w() + `"`
	case 4:
		return "title:" + strings.Fields(w())[0]
	case 5:
		return `notes:"` + w() + `" OR tags:` + strings.Fields(w())[0]
	case 6:
		return w() + w() // an unspaced compound
	case 7:
		return "ฆฌฎฏ" // unknown Thai: the bigram fallback
	case 8:
		return w() + " organization:org-1"
	case 9:
		return "text:" + strings.Fields(w())[0] + "^3 title_en:" + strings.Fields(w())[0]
	}
	return w()
}

// The fast paths of a text query return the same matches with the same scores, and so
// the same counts, facets and pages, as Bleve's generic searchers, on random catalogs
// and random queries of every shape the translator makes.
func TestFastPathsMatchGeneric(t *testing.T) {
	ctx := context.Background()
	defer func(from, restrict, top uint64) {
		simplifyQueries, postingScores, topScores, parallelHitsFrom, restrictFrom, topFrom = true, true, true, from, restrict, top
	}(parallelHitsFrom, restrictFrom, topFrom)
	topFrom = 0
	shapes := 0
	walks, tops := postingWalks.Load(), topWalks.Load()
	const never = 1 << 40 // times a filter's size: no filter is that small
	for seed := uint64(1); seed <= 3; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		ix, err := Open("", nil)
		if err != nil {
			t.Fatal(err)
		}
		// Several batches make several segments, so the halves cross segment bounds.
		ds := fastCatalog(r, 600)
		for i := 0; i < len(ds); i += 150 {
			if err := ix.IndexDatasets(ctx, ds[i:i+150]); err != nil {
				t.Fatal(err)
			}
		}
		// Rewritten datasets leave deleted documents behind in the older segments, with
		// the ordinals of their replacements.
		var again []*catalog.Dataset
		for _, i := range r.Perm(len(ds))[:120] {
			d := *ds[i]
			d.Title = fastWords(r, 1+r.IntN(4), " ")
			ds[i] = &d
			again = append(again, &d)
		}
		if err := ix.IndexDatasets(ctx, again); err != nil {
			t.Fatal(err)
		}
		for round := 0; round < 150; round++ {
			q := fastQuery(r)
			req := Request{Q: q, Rows: 1 + r.IntN(30), Start: r.IntN(3) * r.IntN(40), IncludePrivate: r.IntN(2) == 0,
				FacetFields: []string{"organization", "tags"}, FacetLimit: -1}
			if r.IntN(4) == 0 {
				req.FQ = []string{fmt.Sprintf("organization:org-%d", r.IntN(5))}
			}
			if r.IntN(5) == 0 {
				req.Sort = "metadata_modified desc"
			}
			// A filter of a few datasets, for the hits of the text part alone.
			few := roaring.New()
			for k := 5 + r.IntN(60); k > 0; k-- {
				few.Add(uint32(r.IntN(600)))
			}
			simplifyQueries, postingScores, parallelHitsFrom, restrictFrom = false, false, 1<<62, never
			want, werr := ix.Search(ctx, req)
			wantHits, wantFew := fastTextHits(t, ix, q, nil), fastTextHits(t, ix, q, few)
			// Every query walked in two halves or in chunks on two cores, or advanced to
			// the filter's datasets; every third round scored from the postings in one walk.
			simplifyQueries, postingScores, parallelHitsFrom, restrictFrom = true, true, 1, never
			// Pages by score from the best candidates only, but every fourth round from
			// all the hits.
			topScores = round%4 != 1
			if round%2 == 0 {
				restrictFrom = 0
			}
			if round%3 == 0 {
				parallelHitsFrom = 1 << 62
			}
			got, gerr := ix.Search(ctx, req)
			gotHits, gotFew := fastTextHits(t, ix, q, nil), fastTextHits(t, ix, q, few)
			if (werr == nil) != (gerr == nil) {
				t.Fatalf("q %q: generic error %v, fast error %v", q, werr, gerr)
			}
			if werr != nil {
				continue
			}
			if got.Count != want.Count || !slices.Equal(got.IDs, want.IDs) || fmt.Sprint(got.Facets) != fmt.Sprint(want.Facets) {
				t.Fatalf("seed %d q %q fq %v start %d rows %d:\n fast    %d %v %v\n generic %d %v %v", seed, q, req.FQ,
					req.Start, req.Rows, got.Count, got.IDs, got.Facets, want.Count, want.IDs, want.Facets)
			}
			if !slices.Equal(gotFew, wantFew) {
				t.Fatalf("seed %d q %q: fast and generic hits among %v differ:\n fast    %v\n generic %v", seed, q, few, gotFew, wantFew)
			}
			if !slices.Equal(gotHits, wantHits) {
				t.Fatalf("seed %d q %q: fast and generic hits differ:\n fast    %v\n generic %v", seed, q, gotHits[:min(10, len(gotHits))], wantHits[:min(10, len(wantHits))])
			}
			if want.Count > 0 {
				shapes++
			}
		}
		// The shape the best-candidates path answers, many times: one word, its page by
		// score at random depths, with and without a filter, on one core and on two.
		for round := 0; round < 60; round++ {
			q := fastVocab[min(int(r.ExpFloat64()*10), len(fastVocab)-1)]
			req := Request{Q: q, Rows: 1 + r.IntN(20), Start: r.IntN(4) * r.IntN(30), IncludePrivate: r.IntN(2) == 0,
				FacetFields: []string{"tags"}, FacetLimit: -1}
			if r.IntN(3) == 0 {
				req.FQ = []string{fmt.Sprintf("organization:org-%d", r.IntN(5))}
			}
			simplifyQueries, postingScores, parallelHitsFrom, restrictFrom = false, false, 1<<62, never
			want, werr := ix.Search(ctx, req)
			simplifyQueries, postingScores, topScores, restrictFrom = true, true, true, never
			parallelHitsFrom = []uint64{1, 1 << 62}[round%2]
			got, gerr := ix.Search(ctx, req)
			if werr != nil || gerr != nil {
				t.Fatalf("q %q: generic error %v, fast error %v", q, werr, gerr)
			}
			if got.Count != want.Count || !slices.Equal(got.IDs, want.IDs) || fmt.Sprint(got.Facets) != fmt.Sprint(want.Facets) {
				t.Fatalf("seed %d q %q fq %v start %d rows %d:\n fast    %d %v %v\n generic %d %v %v", seed, q, req.FQ,
					req.Start, req.Rows, got.Count, got.IDs, got.Facets, want.Count, want.IDs, want.Facets)
			}
		}
		ix.Close()
	}
	if shapes < 200 {
		t.Fatalf("only %d of 450 queries matched anything: the comparison proves little", shapes)
	}
	// Each fast round runs three text searches (the page, all hits, the few); the common
	// DisMax shapes are most of the rounds.
	if w := postingWalks.Load() - walks; w < 300 {
		t.Fatalf("the postings path answered only %d searches: the comparison proves little", w)
	}
	if w := topWalks.Load() - tops; w < 100 {
		t.Fatalf("the best-candidates path answered only %d pages: the comparison proves little", w)
	}
}

// fastTextHits is the text part of q as bleveHits answers it within filter (nil: all),
// sorted by ordinal: every match with its exact score.
func fastTextHits(t *testing.T, ix *Index, q string, filter *roaring.Bitmap) []hit {
	t.Helper()
	var bq, err = ix.translate(q)
	if query.IsFielded(q) {
		n, perr := query.ParseLucene(q)
		if perr != nil || ix.mixed(n) {
			return nil
		}
		bq, err = ix.schema.Translate(n)
	}
	if err != nil {
		return nil
	}
	hits, err := ix.bleveHits(context.Background(), bq, filter)
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(hits, func(a, b hit) int { return int(a.ord) - int(b.ord) })
	return hits
}
