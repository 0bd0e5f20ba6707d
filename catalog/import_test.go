package catalog_test

import (
	"context"
	"strings"
	"testing"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
)

func TestImport(t *testing.T) {
	const array = "\ufeff" + `[
 {"id":"0c5b7e1e-9d1f-4a57-8a0e-0d3d0c1d2e3f","name":"harvested","title":"Harvested","owner_org":"6f1d0000-0000-0000-0000-000000000000",
  "organization":{"id":"6f1d0000-0000-0000-0000-000000000000","name":"remote-org","title":"Remote org"},
  "groups":[{"name":"economy","title":"Economy"}],"tags":[{"name":"economy"}],
  "creator_user_id":"11111111-2222-3333-4444-555555555555","metadata_created":"2024-03-19T18:14:45.806966",
  "resources":[{"id":"7a1d0000-0000-0000-0000-000000000001","url":"http://example.org/a.csv","format":"CSV","extra_key":"kept"}]},
 {"name":"Bad Name"},
 {"name":"second","owner_org":"remote-org","private":true}
]`
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		ctx := context.Background()
		for round := 1; round <= 2; round++ {
			res, err := catalog.Import(ctx, s, strings.NewReader(array), nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Errors) != 1 || res.Errors[0].Line != 2 {
				t.Fatalf("round %d errors = %+v", round, res.Errors)
			}
			if round == 1 && res.Created != 2 || round == 2 && (res.Created != 0 || res.Updated != 2) {
				t.Fatalf("round %d: %+v", round, res)
			}
		}
		d, err := s.Dataset(ctx, "harvested")
		if err != nil {
			t.Fatal(err)
		}
		if d.ID != "0c5b7e1e-9d1f-4a57-8a0e-0d3d0c1d2e3f" || d.Organization == nil || d.Organization.Name != "remote-org" ||
			len(d.Groups) != 1 || d.CreatorUserID != nil || d.MetadataCreated.Year() != 2024 ||
			len(d.Resources) != 1 || d.Resources[0].Extras["extra_key"] != "kept" {
			t.Fatalf("imported = %+v", d)
		}
		if n, _ := s.CountDatasets(ctx); n != 2 {
			t.Fatalf("datasets = %d, want 2 after importing twice", n)
		}
		// JSON lines report the line number of a bad line.
		res, err := catalog.Import(ctx, s, strings.NewReader("{\"name\":\"third\"}\n\n[1,2]\n{\"name\":\"x\"\n"), nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.Created != 1 || len(res.Errors) != 2 || res.Errors[0].Line != 3 || res.Errors[1].Line != 4 {
			t.Fatalf("json lines: %+v", res)
		}
	})
}
