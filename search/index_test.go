package search_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
	"github.com/khlang/khlang/search"
)

func ptr[T any](v T) *T { return &v }

// fixture builds a small catalog: two organizations, a group, and datasets in Thai and
// English, one private and one draft.
func fixture(t *testing.T, s *catalog.Store) {
	t.Helper()
	ctx := context.Background()
	for _, g := range []*catalog.Group{
		{Name: "nso", Title: "สำนักงานสถิติแห่งชาติ", IsOrganization: true},
		{Name: "depa", Title: "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล", IsOrganization: true},
		{Name: "tddc", Title: "TDDC"},
	} {
		if err := s.CreateGroup(ctx, g); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []*catalog.Dataset{
		{Name: "census-2025", Title: "สำมะโนประชากรและเคหะ พ.ศ. 2568", OwnerOrg: ptr("nso"), LicenseID: "cc-by",
			Tags: []catalog.Tag{{Name: "census"}, {Name: "ประชากร"}}, Resources: []catalog.Resource{{Name: "pop", Format: "CSV"}}},
		{Name: "village-funds", Title: "ข้อมูลกองทุนหมู่บ้านและชุมชนเมือง", OwnerOrg: ptr("depa"), LicenseID: "odc-by",
			Tags: []catalog.Tag{{Name: "กองทุนหมู่บ้าน"}}, Resources: []catalog.Resource{{Name: "funds", Format: "CSV"}, {Name: "x", Format: "XLSX"}}},
		{Name: "internet-users", Title: "ผู้ใช้อินเทอร์เน็ต", TitleEN: "Internet users", OwnerOrg: ptr("nso"), LicenseID: "cc-by",
			Groups: []catalog.Group{{Name: "tddc"}}, Tags: []catalog.Tag{{Name: "ดิจิทัล"}},
			Indicator: catalog.Indicator{IndicatorCode: "OECD-USE-1", Frameworks: []catalog.FrameworkRef{{Framework: "OECD-GD", Dimension: "Use"}}}},
		{Name: "rubber-prices", Title: "ราคายางพารา", OwnerOrg: ptr("depa"), LicenseID: "cc-by"},
		{Name: "secret-plan", Title: "แผนลับ ดิจิทัล", OwnerOrg: ptr("nso"), Private: true, Tags: []catalog.Tag{{Name: "ดิจิทัล"}}},
		{Name: "draft-one", Title: "ร่าง ดิจิทัล", OwnerOrg: ptr("nso"), State: catalog.StateDraft},
	} {
		if err := s.CreateDataset(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
}

func names(t *testing.T, s *catalog.Store, ids []string) []string {
	t.Helper()
	ds, err := s.DatasetsByID(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.Name
	}
	slices.Sort(out)
	return out
}

func TestSearch(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		ctx := context.Background()
		fixture(t, s)
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
			{"all public active", search.Request{}, []string{"census-2025", "internet-users", "rubber-prices", "village-funds"}},
			{"thai word inside a title", search.Request{Q: "ประชากร"}, []string{"census-2025"}},
			{"thai compound", search.Request{Q: "กองทุนหมู่บ้าน"}, []string{"village-funds"}},
			{"ยา must not find ยางพารา", search.Request{Q: "ยา"}, nil},
			{"CE year finds BE title", search.Request{Q: "2025"}, []string{"census-2025"}},
			{"english title", search.Request{Q: "internet"}, []string{"internet-users"}},
			// depa's title (…เศรษฐกิจดิจิทัล) is searchable text of its datasets.
			{"spelling variant", search.Request{Q: "ดิจิตอล"}, []string{"internet-users", "rubber-prices", "village-funds"}},
			{"spelling variant in a field", search.Request{Q: "tags:ดิจิตอล OR title:ดิจิตอล"}, nil},
			{"fq organization", search.Request{FQ: []string{"organization:nso"}}, []string{"census-2025", "internet-users"}},
			{"fq negative", search.Request{FQ: []string{"-organization:nso"}}, []string{"rubber-prices", "village-funds"}},
			{"fq res_format", search.Request{FQ: []string{"res_format:XLSX"}}, []string{"village-funds"}},
			{"fq groups", search.Request{FQ: []string{"groups:tddc"}}, []string{"internet-users"}},
			{"fq license", search.Request{FQ: []string{"license_id:odc-by"}}, []string{"village-funds"}},
			{"fq tags thai", search.Request{FQ: []string{`tags:"ดิจิทัล"`}}, []string{"internet-users"}},
			{"fq framework", search.Request{FQ: []string{"framework:OECD-GD"}}, []string{"internet-users"}},
			{"fielded q", search.Request{Q: "name:rubber-prices"}, []string{"rubber-prices"}},
			// CKAN's catch-all text holds the titles too, though the index keeps them once.
			{"text finds a title word", search.Request{Q: "text:ยางพารา"}, []string{"rubber-prices"}},
			{"text finds an english title", search.Request{Q: `text:"internet users" AND organization:nso`}, []string{"internet-users"}},
			{"text finds a publisher", search.Request{Q: "text:เศรษฐกิจ"}, []string{"rubber-prices", "village-funds"}},
			// Text and column fields in one query: the column parts never reach Bleve.
			{"text AND column", search.Request{Q: "title:ประชากร AND organization:nso"}, []string{"census-2025"}},
			{"text AND other column", search.Request{Q: "title:ประชากร AND organization:depa"}, nil},
			{"text OR column", search.Request{Q: "internet OR res_format:XLSX"}, []string{"internet-users", "village-funds"}},
			{"column NOT text", search.Request{Q: "organization:nso -title:ประชากร"}, []string{"internet-users"}},
			{"text AND date range", search.Request{Q: "title:ประชากร AND metadata_modified:[* TO NOW]"}, []string{"census-2025"}},
			{"text AND NOT date range", search.Request{Q: "title:ประชากร AND -metadata_modified:[* TO NOW]"}, nil},
			{"nested", search.Request{Q: "(title:ยางพารา OR (tags:census AND title:ประชากร)) AND license_id:cc-by"}, []string{"census-2025", "rubber-prices"}},
			{"mixed fq", search.Request{FQ: []string{"title_en:internet OR organization:depa"}}, []string{"internet-users", "rubber-prices", "village-funds"}},
			{"name wildcard", search.Request{FQ: []string{"name:rubber*"}}, []string{"rubber-prices"}},
			{"name negated", search.Request{FQ: []string{"-name:census-2025 -name:village-funds"}}, []string{"internet-users", "rubber-prices"}},
			{"name exists", search.Request{FQ: []string{"name:*"}}, []string{"census-2025", "internet-users", "rubber-prices", "village-funds"}},
			{"fuzzy on a column", search.Request{FQ: []string{"organization:nsx~1"}}, []string{"census-2025", "internet-users"}},
			{"private needs include_private and a label", search.Request{Q: "แผนลับ", IncludePrivate: true, Labels: []string{"public"}}, nil},
			{"sysadmin sees private", search.Request{Q: "แผนลับ", IncludePrivate: true}, []string{"secret-plan"}},
			{"drafts only when asked", search.Request{Q: "ร่าง", IncludeDrafts: true, IncludePrivate: true}, []string{"draft-one"}},
			{"fq state:draft still needs include_drafts", search.Request{FQ: []string{"state:draft"}}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.req.Rows = 100
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

		res, err := ix.Search(ctx, search.Request{Rows: 1, FacetFields: []string{"organization", "res_format", "tags"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.IDs) != 1 || res.Count != 4 {
			t.Fatalf("paging: %d ids, count %d", len(res.IDs), res.Count)
		}
		org := res.Facets["organization"]
		if len(org) != 2 || org[0].Count != 2 || org[1].Count != 2 {
			t.Fatalf("organization facet = %v", org)
		}
		for _, v := range res.Facets["tags"] {
			if v.Name == "ดิจิทัล" && v.Count != 1 {
				t.Fatalf("private dataset counted in tag facet: %v", res.Facets["tags"])
			}
		}

		// Sorting: by name both ways; a sort without a direction is a query error.
		asc, _ := ix.Search(ctx, search.Request{Rows: 10, Sort: "name asc"})
		desc, _ := ix.Search(ctx, search.Request{Rows: 10, Sort: "name desc"})
		if got := names(t, s, asc.IDs); len(got) != 4 {
			t.Fatal(got)
		}
		if asc.IDs[0] != desc.IDs[3] {
			t.Fatal("name asc is not the reverse of name desc")
		}
		if _, err := ix.Search(ctx, search.Request{Sort: "name"}); !errors.Is(err, search.ErrQuery) {
			t.Fatalf("sort without direction: %v", err)
		}
		if _, err := ix.Search(ctx, search.Request{Q: "title:(unbalanced"}); !errors.Is(err, search.ErrSyntax) {
			t.Fatalf("syntax error: %v", err)
		}
		if _, err := ix.Search(ctx, search.Request{FQ: []string{"{!lucene}x"}}); !errors.Is(err, search.ErrSyntax) {
			t.Fatalf("local params: %v", err)
		}
	})
}

// The index follows the change log: writes after a sync show up at the next one, and an
// index reopened from disk resumes where it stopped.
func TestSyncFollowsChangeLog(t *testing.T) {
	ctx := context.Background()
	b := catalogtest.Backends(t)[0]
	s := catalogtest.Open(t, b)
	fixture(t, s)
	path := filepath.Join(t.TempDir(), "index")
	ix, err := search.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Sync(ctx, s); err != nil {
		t.Fatal(err)
	}
	last, _ := s.LastChange(ctx)
	if ix.Seq() != last {
		t.Fatalf("seq = %d, want %d", ix.Seq(), last)
	}
	ix.Close()

	// Written while the index is closed: a rename of an organization and a deletion.
	if err := s.DeleteDataset(ctx, "rubber-prices"); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateDataset(ctx, &catalog.Dataset{Name: "new-one", Title: "ชุดข้อมูลใหม่", OwnerOrg: ptr("depa")}); err != nil {
		t.Fatal(err)
	}
	ix, err = search.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Sync(ctx, s); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(ctx, search.Request{Rows: 100, FQ: []string{"organization:depa"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(t, s, res.IDs); !slices.Equal(got, []string{"new-one", "village-funds"}) {
		t.Fatalf("after resume: %v", got)
	}
}
