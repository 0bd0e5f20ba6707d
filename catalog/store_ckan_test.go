package catalog_test

import (
	"context"
	"testing"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
)

func TestCKANQueries(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		ctx := context.Background()
		org, grp := seedOrg(t, s)
		u := &catalog.User{Name: "maker", Email: "m@example.org"}
		if err := s.CreateUser(ctx, u, "password123"); err != nil {
			t.Fatal(err)
		}
		for _, d := range []*catalog.Dataset{
			{Name: "internet-users", Title: "ผู้ใช้อินเทอร์เน็ต", TitleEN: "Internet users", OwnerOrg: ptr("nso"), CreatorUserID: &u.ID},
			{Name: "broadband", Title: "Internet broadband", OwnerOrg: ptr("nso"), CreatorUserID: &u.ID},
			{Name: "rubber", Title: "ยางพารา", TitleEN: "Rubber", OwnerOrg: ptr("nso")},
			{Name: "internet-secret", Title: "ลับ", OwnerOrg: ptr("nso"), Private: true, CreatorUserID: &u.ID},
			{Name: "internet-draft", Title: "ร่าง", OwnerOrg: ptr("nso"), State: catalog.StateDraft, CreatorUserID: &u.ID},
		} {
			if err := s.CreateDataset(ctx, d); err != nil {
				t.Fatal(err)
			}
		}

		t.Run("GroupsByName", func(t *testing.T) {
			got, err := s.GroupsByName(ctx, []string{"nso", "tddc", "missing"})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 2 || got["nso"].ID != org.ID || got["tddc"].ID != grp.ID {
				t.Fatalf("groups = %v", got)
			}
			if empty, err := s.GroupsByName(ctx, nil); err != nil || len(empty) != 0 {
				t.Fatalf("no names = %v, %v", empty, err)
			}
		})

		t.Run("AutocompleteDatasets", func(t *testing.T) {
			tests := []struct {
				q    string
				want []string
			}{
				// Name matches come first, then title matches; private and draft never.
				{"internet", []string{"internet-users", "broadband"}},
				{"INTERNET", []string{"internet-users", "broadband"}},
				{"ยาง", []string{"rubber"}},
				{"rubber", []string{"rubber"}},
				{"ลับ", nil},
				{"%", nil},
			}
			for _, tt := range tests {
				refs, err := s.AutocompleteDatasets(ctx, tt.q, 10)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, r := range refs {
					got = append(got, r.Name)
				}
				if len(got) != len(tt.want) {
					t.Fatalf("%q: got %v, want %v", tt.q, got, tt.want)
				}
				for i := range got {
					if got[i] != tt.want[i] {
						t.Fatalf("%q: got %v, want %v", tt.q, got, tt.want)
					}
				}
			}
			if refs, _ := s.AutocompleteDatasets(ctx, "internet", 1); len(refs) != 1 {
				t.Fatalf("limit ignored: %v", refs)
			}
		})

		t.Run("CreatedPackageCounts", func(t *testing.T) {
			got, err := s.CreatedPackageCounts(ctx, []string{u.ID, "nobody"})
			if err != nil {
				t.Fatal(err)
			}
			if got[u.ID] != 2 || got["nobody"] != 0 {
				t.Fatalf("counts = %v (only public active datasets count)", got)
			}
		})
	})
}
