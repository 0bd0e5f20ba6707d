package catalog_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
)

// TestDatasetSummaries checks that a list's light read carries what the full read
// would show: titles, notes, state, privacy, organization and formats, in the order asked.
func TestDatasetSummaries(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		ctx := context.Background()
		org, _ := seedOrg(t, s)
		full := sampleDataset()
		full.NotesEN = "Sample data"
		full.Resources = []catalog.Resource{
			{Name: "a", URL: "http://example.org/a.csv", Format: "csv"},
			{Name: "b", URL: "http://example.org/b.xlsx", Format: "XLSX"},
			{Name: "c", URL: "http://example.org/c.csv", Format: "CSV"},
			{Name: "d", URL: "http://example.org/d"},
			{Name: "e", URL: "http://example.org/e.json", Format: "JSON"},
		}
		bare := &catalog.Dataset{Name: "bare", OwnerOrg: ptr("nso"), Private: true, State: catalog.StateDraft}
		for _, d := range []*catalog.Dataset{full, bare} {
			if err := s.CreateDataset(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		// A removed resource's format is not shown.
		full.Resources = full.Resources[:4]
		if err := s.UpdateDataset(ctx, full); err != nil {
			t.Fatal(err)
		}

		tests := []struct {
			name string
			ids  []string
			want []catalog.DatasetSummary
		}{
			{"none", nil, nil},
			{"order kept, unknown left out", []string{bare.ID, "no-such-id", full.ID}, []catalog.DatasetSummary{
				{ID: bare.ID, Name: "bare", State: catalog.StateDraft, Private: true, OwnerOrg: &org.ID, Organization: org},
				{ID: full.ID, Name: full.Name, Title: full.Title, TitleEN: full.TitleEN, Notes: full.Notes, NotesEN: "Sample data",
					State: catalog.StateActive, OwnerOrg: &org.ID, Organization: org, Formats: []string{"CSV", "XLSX"}},
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := s.DatasetSummaries(ctx, tt.ids)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(tt.want) {
					t.Fatalf("got %d summaries, want %d", len(got), len(tt.want))
				}
				for i, g := range got {
					w := tt.want[i]
					if g.Organization != nil && w.Organization != nil {
						if g.Organization.ID != w.Organization.ID || g.Organization.Title != w.Organization.Title {
							t.Errorf("%s: organization %+v", g.Name, g.Organization)
						}
						g2 := *g
						g2.Organization, w.Organization = nil, nil
						g = &g2
					}
					if !reflect.DeepEqual(*g, w) {
						t.Errorf("summary %d:\n got %+v\nwant %+v", i, *g, w)
					}
				}
			})
		}
	})
}
