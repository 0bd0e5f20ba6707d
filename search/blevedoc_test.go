package search

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	bdoc "github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/search/thai"
)

// The documents docBuilder makes must be the ones Bleve's mapping makes, field by field
// once analysed, or an index would depend on the path that built it.
func TestBleveDocumentMatchesMapping(t *testing.T) {
	m := buildMapping()
	b := newDocBuilder(m)
	for _, f := range []string{"title", "notes_en", "text", "tags", "name", bigramField, ordField} {
		if _, ok := b.fields[f]; !ok {
			t.Errorf("docBuilder does not build %s itself", f)
		}
	}
	org := "org-1"
	for i, d := range []*catalog.Dataset{
		{ID: "a", Name: "census-2025", Title: "สำมะโนประชากรและเคหะ พ.ศ. 2568 ประชากร ประชากร", TitleEN: "Population and Housing Census",
			Notes: "ข้อมูลประชากร ๒๕๖๘ ข้อมูล ดิจิตอล", NotesEN: "The census counts the population, the population's housing and the census areas.",
			OwnerOrg: &org, Organization: &catalog.Group{Name: "nso", Title: "สำนักงานสถิติแห่งชาติ", TitleEN: "National Statistical Office"},
			Tags:   []catalog.Tag{{Name: "census"}, {Name: "ประชากร"}, {Name: "census"}, {Name: ""}},
			Groups: []catalog.Group{{Name: "tddc", Title: "ข้อมูลดิจิทัล", TitleEN: "Digital data"}, {Name: "soc", Title: "สังคม"}},
			Resources: []catalog.Resource{{Name: "ตาราง 1 ประชากร", Description: "rows by province, by province", Format: "CSV", URL: "https://example.org/a.csv"},
				{Name: "ตาราง 2 ประชากร", Description: "rows by district", Format: "XLSX"}},
			Extras:    []catalog.Extra{{Key: "theme", Value: "สถิติสังคม social"}, {Key: "title", Value: "shadowed"}, {Key: "spatial_note", Value: "จังหวัด"}},
			LicenseID: "cc-by", Author: "NSO staff", Maintainer: "ทีมข้อมูล", URL: "https://www.nso.go.th",
			Indicator: catalog.Indicator{IndicatorCode: "ADIX-1.2", Frameworks: []catalog.FrameworkRef{{Framework: "ADIX", Pillar: "Infrastructure"}}}},
		{ID: "b", Name: "empty"},
		{ID: "c", Name: "latin-only", Title: "Rice prices rice", NotesEN: "e-Office 4.0, e-Office", Tags: []catalog.Tag{{Name: "rice"}}},
	} {
		data := textDocument(document(d, thai.CollationKey), uint32(i))
		want := bdoc.NewDocument(d.ID)
		if err := m.MapDocument(want, data); err != nil {
			t.Fatal(err)
		}
		got, err := b.document(d.ID, data)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := analysed(got), analysed(want); !slices.Equal(g, w) {
			t.Errorf("dataset %s: docBuilder made\n%s\nthe mapping made\n%s", d.ID, strings.Join(g, "\n"), strings.Join(w, "\n"))
		}
	}
}

// analysed describes every field of d after analysis, one line each, sorted.
func analysed(d *bdoc.Document) []string {
	var out []string
	d.VisitFields(func(f index.Field) {
		f.Analyze()
		freqs := f.AnalyzedTokenFrequencies()
		terms := make([]string, 0, len(freqs))
		for term, tf := range freqs {
			var locs []string
			for _, l := range tf.Locations {
				locs = append(locs, fmt.Sprintf("%q@%d[%d:%d]%v", l.Field, l.Position, l.Start, l.End, l.ArrayPositions))
			}
			terms = append(terms, fmt.Sprintf("%q=%s/%d%v", term, tf.Term, tf.Frequency(), locs))
		}
		slices.Sort(terms)
		out = append(out, fmt.Sprintf("%s%v opts=%d type=%c value=%q len=%d %v", f.Name(), f.ArrayPositions(), f.Options(),
			f.EncodedFieldType(), f.Value(), f.AnalyzedLength(), terms))
	})
	slices.Sort(out)
	return out
}

// zap merges the frequencies of a multi-valued field's values into the first value's
// map, appending locations: a term's locations must not run into the next term's.
func TestAnalyzedFieldMergeKeepsRuns(t *testing.T) {
	b := newDocBuilder(buildMapping())
	one := &analyzedField{name: "res_name", arrayPositions: []uint64{0}, value: []byte("rice prices rice wheat"), spec: b.fields["res_name"]}
	two := &analyzedField{name: "res_name", arrayPositions: []uint64{1}, value: []byte("rice rice"), spec: b.fields["res_name"]}
	one.Analyze()
	two.Analyze()
	freqs := one.AnalyzedTokenFrequencies()
	freqs.MergeAll("res_name", two.AnalyzedTokenFrequencies())
	want := map[string][]int{"rice": {1, 3, 1, 2}, "price": {2}, "wheat": {4}}
	for term, pos := range want {
		tf := freqs[term]
		if tf == nil {
			t.Fatalf("no term %q in %v", term, freqs)
		}
		var got []int
		for _, l := range tf.Locations {
			got = append(got, l.Position)
		}
		if !slices.Equal(got, pos) || tf.Frequency() != len(pos) {
			t.Errorf("%q: positions %v, frequency %d; want %v", term, got, tf.Frequency(), pos)
		}
	}
}
