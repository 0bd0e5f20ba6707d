package catalog_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
)

func TestHarvestSources(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		ctx := context.Background()
		for _, bad := range []catalog.HarvestSource{
			{Name: "Bad Name", Type: "ckan", URL: "https://ckan.example.org"},
			{Name: "no-type", URL: "https://ckan.example.org"},
			{Name: "no-url", Type: "ckan", URL: "ftp://x"},
		} {
			if err := s.CreateHarvestSource(ctx, &bad); !errors.Is(err, catalog.ErrInvalid) {
				t.Errorf("CreateHarvestSource(%+v) = %v, want a validation error", bad, err)
			}
		}
		b := &catalog.HarvestSource{Name: "b-source", Type: "dcat", URL: "https://b.example.org/catalog.ttl", Config: `{"rdf_format":"turtle"}`}
		a := &catalog.HarvestSource{Name: "a-source", Type: "ckan", URL: "https://a.example.org", Org: "nso"}
		for _, src := range []*catalog.HarvestSource{b, a} {
			if err := s.CreateHarvestSource(ctx, src); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.CreateHarvestSource(ctx, &catalog.HarvestSource{Name: "a-source", Type: "ckan", URL: "https://c.example.org"}); !errors.Is(err, catalog.ErrInvalid) {
			t.Errorf("duplicate name: %v, want a validation error", err)
		}
		list, err := s.HarvestSources(ctx)
		if err != nil || len(list) != 2 || list[0].Name != "a-source" || list[1].Config != b.Config {
			t.Errorf("HarvestSources = %+v, %v", list, err)
		}
		for _, key := range []string{a.ID, "a-source"} {
			if got, err := s.HarvestSource(ctx, key); err != nil || got.ID != a.ID || got.Org != "nso" {
				t.Errorf("HarvestSource(%q) = %+v, %v", key, got, err)
			}
		}
		if _, err := s.HarvestSource(ctx, "nope"); !errors.Is(err, catalog.ErrNotFound) {
			t.Errorf("HarvestSource(nope) = %v, want not found", err)
		}

		t0 := time.Date(2025, 1, 1, 0, 0, 0, 123456000, time.UTC)
		for i, st := range []string{catalog.HarvestOK, catalog.HarvestErrors, catalog.HarvestFailed} {
			r := &catalog.HarvestRun{SourceID: a.ID, Started: t0.Add(time.Duration(i) * time.Hour), Status: st, Created: i,
				Errors: []catalog.HarvestError{{ID: "x", Message: st}}}
			if err := s.SaveHarvestRun(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.SaveHarvestRun(ctx, &catalog.HarvestRun{SourceID: b.ID, Started: t0, Status: catalog.HarvestOK}); err != nil {
			t.Fatal(err)
		}
		runs, err := s.HarvestRuns(ctx, a.ID, 0)
		if err != nil || len(runs) != 3 {
			t.Fatalf("HarvestRuns = %d, %v", len(runs), err)
		}
		if runs[0].Status != catalog.HarvestFailed || runs[2].Status != catalog.HarvestOK || !runs[2].Started.Equal(t0) ||
			len(runs[1].Errors) != 1 || runs[1].Errors[0].Message != catalog.HarvestErrors || runs[1].Created != 1 {
			t.Errorf("runs, newest first = %+v", runs)
		}
		if runs, _ := s.HarvestRuns(ctx, a.ID, 1); len(runs) != 1 {
			t.Errorf("limit 1 gave %d runs", len(runs))
		}
		// Saving a run again replaces it.
		runs[0].Updated = 7
		if err := s.SaveHarvestRun(ctx, &runs[0]); err != nil {
			t.Fatal(err)
		}
		if again, _ := s.HarvestRuns(ctx, a.ID, 0); len(again) != 3 || again[0].Updated != 7 {
			t.Errorf("after re-saving: %+v", again)
		}
	})
}

func TestHarvestedDatasets(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		ctx := context.Background()
		mk := func(name, source, guid string) *catalog.Dataset {
			d := &catalog.Dataset{Name: name, Title: name}
			if source != "" {
				d.Extras = []catalog.Extra{{Key: "theme", Value: "x"}, {Key: catalog.ExtraHarvestSourceID, Value: source},
					{Key: catalog.ExtraHarvestObjectID, Value: "obj-" + name}, {Key: catalog.ExtraHarvestGUID, Value: guid}}
			}
			if err := s.CreateDataset(ctx, d); err != nil {
				t.Fatal(err)
			}
			return d
		}
		const src1, src2 = "11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222"
		one := mk("from-one", src1, "g1")
		gone := mk("gone-from-one", src1, "g2")
		mk("from-two", src2, "g3")
		local := mk("local-only", "", "")
		// An extra that only mentions the id in another key does not count.
		d := &catalog.Dataset{Name: "mentions", Extras: []catalog.Extra{{Key: "note", Value: src1}}}
		if err := s.CreateDataset(ctx, d); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteDataset(ctx, gone.ID); err != nil {
			t.Fatal(err)
		}
		got, err := s.HarvestedDatasets(ctx, src1)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]catalog.HarvestedDataset{
			one.ID:  {ID: one.ID, Name: "from-one", State: catalog.StateActive, GUID: "g1", ObjectID: "obj-from-one"},
			gone.ID: {ID: gone.ID, Name: "gone-from-one", State: catalog.StateDeleted, GUID: "g2", ObjectID: "obj-gone-from-one"},
		}
		if len(got) != len(want) {
			t.Fatalf("HarvestedDatasets = %+v, want %d", got, len(want))
		}
		for _, h := range got {
			if want[h.ID] != h {
				t.Errorf("got %+v, want %+v", h, want[h.ID])
			}
		}
		if !catalog.IsHarvested(one) || catalog.IsHarvested(local) || catalog.IsHarvested(nil) {
			t.Error("IsHarvested is wrong")
		}
	})
}

func TestEnsureGroupFromDict(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		ctx := context.Background()
		org := catalog.Dict{"name": "stats-office", "title": "Statistics Office", "description": "d", "image_display_url": "https://x/logo.png", "id": "remote-id"}
		g, err := s.EnsureGroupFromDict(ctx, org, true)
		if err != nil {
			t.Fatal(err)
		}
		if !g.IsOrganization || g.Title != "Statistics Office" || g.ImageURL != "https://x/logo.png" || g.ID == "remote-id" {
			t.Errorf("created %+v", g)
		}
		before, _ := s.LastChange(ctx)
		org["title"] = "Renamed remotely"
		again, err := s.EnsureGroupFromDict(ctx, org, true)
		if err != nil || again.ID != g.ID || again.Title != "Statistics Office" {
			t.Errorf("second call = %+v, %v; want the existing organisation untouched", again, err)
		}
		if after, _ := s.LastChange(ctx); after != before {
			t.Errorf("second call appended %d change-log rows", after-before)
		}
		if _, err := s.EnsureGroupFromDict(ctx, org, false); !errors.Is(err, catalog.ErrInvalid) {
			t.Errorf("a group named like an organisation: %v, want a validation error", err)
		}
		if _, err := s.EnsureGroupFromDict(ctx, catalog.Dict{"name": "Not Valid"}, false); !errors.Is(err, catalog.ErrInvalid) {
			t.Errorf("invalid name: %v", err)
		}
	})
}
