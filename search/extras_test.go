package search_test

import (
	"context"
	"slices"
	"testing"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
	"github.com/khlang/khlang/search"
)

// Extras are text, as CKAN's Solr indexes extras_*: q without a field finds a word of an
// extra's value, extras_KEY:word matches a word of that extra only, a quoted phrase the
// words in order, and the bare key still matches the exact value.
func TestExtrasAsText(t *testing.T) {
	ctx := context.Background()
	s := catalogtest.Open(t, catalogtest.Backends(t)[0])
	if err := s.CreateGroup(ctx, &catalog.Group{Name: "org", IsOrganization: true}); err != nil {
		t.Fatal(err)
	}
	for _, d := range []*catalog.Dataset{
		{Name: "health", Title: "ชุดที่หนึ่ง", OwnerOrg: ptr("org"),
			Extras: []catalog.Extra{{Key: "theme", Value: "Public Health statistics"}, {Key: "source_system", Value: "ระบบสารสนเทศโรงพยาบาล"}}},
		{Name: "transport", Title: "ชุดที่สอง", OwnerOrg: ptr("org"),
			Extras: []catalog.Extra{{Key: "theme", Value: "Transport"}, {Key: "note", Value: "health of roads"}}},
		{Name: "plain", Title: "ชุดที่สาม", OwnerOrg: ptr("org")},
	} {
		if err := s.CreateDataset(ctx, d); err != nil {
			t.Fatal(err)
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
	tests := []struct {
		name string
		req  search.Request
		want []string
	}{
		{"q finds a word of an extra", search.Request{Q: "statistics"}, []string{"health"}},
		{"q finds a Thai word of an extra", search.Request{Q: "โรงพยาบาล"}, []string{"health"}},
		{"q finds words in any extra", search.Request{Q: "health"}, []string{"health", "transport"}},
		{"extras_key:word matches a word of that extra only", search.Request{Q: "extras_theme:health"}, []string{"health"}},
		{"case folded", search.Request{Q: "extras_theme:HEALTH"}, []string{"health"}},
		{"phrase in an extra", search.Request{Q: `extras_theme:"public health"`}, []string{"health"}},
		{"phrase out of order", search.Request{Q: `extras_theme:"health public"`}, nil},
		{"Thai word in an extra", search.Request{FQ: []string{"extras_source_system:สารสนเทศ"}}, []string{"health"}},
		{"not in another key", search.Request{Q: "extras_note:statistics"}, nil},
		{"bare key matches the exact value", search.Request{FQ: []string{`theme:"Public Health statistics"`}}, []string{"health"}},
		{"bare key is not text", search.Request{FQ: []string{"theme:health"}}, nil},
		{"existence", search.Request{FQ: []string{"extras_note:*"}}, []string{"transport"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.Rows = 10
			res, err := ix.Search(ctx, tt.req)
			if err != nil {
				t.Fatal(err)
			}
			got := names(t, s, res.IDs)
			if !slices.Equal(got, tt.want) || res.Count != len(tt.want) {
				t.Fatalf("got %v (count %d), want %v", got, res.Count, tt.want)
			}
		})
	}
}
