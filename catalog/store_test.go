package catalog_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
)

func ptr[T any](v T) *T { return &v }

func seedOrg(t *testing.T, s *catalog.Store) (*catalog.Group, *catalog.Group) {
	t.Helper()
	ctx := context.Background()
	org := &catalog.Group{Name: "nso", Title: "สำนักงานสถิติแห่งชาติ", TitleEN: "National Statistical Office", IsOrganization: true}
	if err := s.CreateGroup(ctx, org); err != nil {
		t.Fatal(err)
	}
	grp := &catalog.Group{Name: "tddc", Title: "TDDC"}
	if err := s.CreateGroup(ctx, grp); err != nil {
		t.Fatal(err)
	}
	return org, grp
}

func sampleDataset() *catalog.Dataset {
	return &catalog.Dataset{
		Name: "internet-users", Title: "ผู้ใช้อินเทอร์เน็ต", TitleEN: "Internet users", Notes: "ข้อมูลตัวอย่าง",
		LicenseID: "cc-by", OwnerOrg: ptr("nso"), MaintainerEmail: "stat@nso.go.th",
		Tags:   []catalog.Tag{{Name: "ดิจิทัล"}, {Name: "internet"}},
		Groups: []catalog.Group{{Name: "tddc"}},
		Extras: []catalog.Extra{{Key: "sample", Value: "true"}},
		GDC: catalog.GDC{DataType: "ข้อมูลสถิติ", Objective: []string{"ดัชนี/ตัวชี้วัดระดับนานาชาติ"},
			FirstYearOfData: ptr(2015), OfficialStatistics: true},
		Indicator: catalog.Indicator{IndicatorCode: "TDDC-OECD-USE-001",
			Frameworks:    []catalog.FrameworkRef{{Framework: "OECD-GD", Dimension: "Use"}},
			ReferenceArea: []string{"THA"}},
		Resources: []catalog.Resource{{Name: "observations", Format: "CSV", URL: "observations.csv", URLType: "upload"},
			{Name: "source", Format: "HTML", URL: "https://www.nso.go.th/"}},
	}
}

func TestDatasetLifecycle(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		ctx := context.Background()
		org, grp := seedOrg(t, s)
		d := sampleDataset()
		if err := s.CreateDataset(ctx, d); err != nil {
			t.Fatal(err)
		}
		got, err := s.Dataset(ctx, "internet-users")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != d.ID || *got.OwnerOrg != org.ID || got.Organization == nil || got.Organization.Name != "nso" {
			t.Fatalf("organization not resolved: %+v", got)
		}
		if len(got.Groups) != 1 || got.Groups[0].ID != grp.ID {
			t.Fatalf("groups = %+v", got.Groups)
		}
		if names := []string{got.Tags[0].Name, got.Tags[1].Name}; !slices.Equal(names, []string{"internet", "ดิจิทัล"}) {
			t.Fatalf("tags = %v", names)
		}
		if len(got.Resources) != 2 || got.Resources[0].Position != 0 || got.Resources[1].Name != "source" {
			t.Fatalf("resources = %+v", got.Resources)
		}
		if *got.GDC.FirstYearOfData != 2015 || got.Indicator.Frameworks[0].Dimension != "Use" {
			t.Fatalf("GDC/indicator fields lost: %+v %+v", got.GDC, got.Indicator)
		}

		dict := got.PackageDict("http://localhost:8080")
		for _, key := range []string{"author", "author_email", "creator_user_id", "extras", "groups", "id", "isopen",
			"license_id", "license_title", "license_url", "maintainer", "maintainer_email", "metadata_created",
			"metadata_modified", "name", "notes", "num_resources", "num_tags", "organization", "owner_org", "private",
			"relationships_as_object", "relationships_as_subject", "resources", "state", "tags", "title", "type",
			"url", "version", "data_type", "objective", "indicator_code", "frameworks"} {
			if _, ok := dict[key]; !ok {
				t.Errorf("package dict lacks %q", key)
			}
		}
		if dict["isopen"] != true || dict["license_title"] != "Creative Commons Attribution" || dict["author"] != nil {
			t.Errorf("license/nulls wrong: %v %v %v", dict["isopen"], dict["license_title"], dict["author"])
		}
		res := dict["resources"].([]catalog.Dict)[0]
		want := "http://localhost:8080/dataset/" + d.ID + "/resource/" + got.Resources[0].ID + "/download/observations.csv"
		if res["url"] != want {
			t.Errorf("upload url = %v, want %v", res["url"], want)
		}

		// package_update replaces: resources, tags and groups not given are removed.
		upd := &catalog.Dataset{ID: d.ID, Name: "internet-users", Title: "new", OwnerOrg: ptr(org.ID),
			Resources: []catalog.Resource{{ID: got.Resources[1].ID, Name: "renamed", URL: "https://example.org"}}}
		if err := s.UpdateDataset(ctx, upd); err != nil {
			t.Fatal(err)
		}
		got, _ = s.Dataset(ctx, d.ID)
		if len(got.Tags) != 0 || len(got.Groups) != 0 || len(got.Resources) != 1 || got.Resources[0].Name != "renamed" ||
			!got.MetadataCreated.Equal(d.MetadataCreated) {
			t.Fatalf("update did not replace: %+v", got)
		}

		// The change log holds one row per write.
		changes, err := s.Changes(ctx, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		var ds int
		for _, c := range changes {
			if c.Kind == catalog.KindDataset && c.EntityID == d.ID {
				ds++
			}
		}
		if ds != 2 {
			t.Fatalf("dataset changes = %d, want 2", ds)
		}

		// A deleted dataset gives its name up to a new one and is renamed to its id.
		if err := s.DeleteDataset(ctx, d.ID); err != nil {
			t.Fatal(err)
		}
		d2 := sampleDataset()
		if err := s.CreateDataset(ctx, d2); err != nil {
			t.Fatalf("reuse name of deleted dataset: %v", err)
		}
		old, err := s.Dataset(ctx, d.ID)
		if err != nil || old.Name != d.ID || old.State != catalog.StateDeleted {
			t.Fatalf("deleted dataset = %+v, %v", old, err)
		}
	})
}

func TestDatasetValidation(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		ctx := context.Background()
		seedOrg(t, s)
		if err := s.CreateDataset(ctx, sampleDataset()); err != nil {
			t.Fatal(err)
		}
		before, _ := s.LastChange(ctx)
		tests := []struct {
			name   string
			mutate func(d *catalog.Dataset)
			want   map[string][]string
		}{
			{"duplicate name", func(d *catalog.Dataset) {}, map[string][]string{"name": {"That URL is already in use."}}},
			{"short name", func(d *catalog.Dataset) { d.Name = "a" }, map[string][]string{"name": {"Must be at least 2 characters long"}}},
			{"uppercase", func(d *catalog.Dataset) { d.Name = "Bad Name" }, map[string][]string{"name": {"Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_"}}},
			{"reserved", func(d *catalog.Dataset) { d.Name = "new" }, map[string][]string{"name": {"That name cannot be used"}}},
			{"long name", func(d *catalog.Dataset) { d.Name = string(make([]byte, 101)) }, nil},
			{"bad tag", func(d *catalog.Dataset) { d.Name = "x1"; d.Tags = []catalog.Tag{{Name: "a"}} },
				map[string][]string{"tags": {`Tag "a" length is less than minimum 2`}}},
			{"unknown org", func(d *catalog.Dataset) { d.Name = "x2"; d.OwnerOrg = ptr("nope") },
				map[string][]string{"owner_org": {"Organization does not exist"}}},
			{"duplicate extra", func(d *catalog.Dataset) {
				d.Name = "x3"
				d.Extras = []catalog.Extra{{Key: "k", Value: "1"}, {Key: "k", Value: "2"}}
			}, map[string][]string{"extras_validation": {`Duplicate key "k"`}}},
			{"extra shadows field", func(d *catalog.Dataset) { d.Name = "x4"; d.Extras = []catalog.Extra{{Key: "title", Value: "1"}} },
				map[string][]string{"extras_validation": {"There is a schema field with the same name"}}},
			{"bad email", func(d *catalog.Dataset) { d.Name = "x5"; d.AuthorEmail = "not-an-email" },
				map[string][]string{"author_email": {"Email not-an-email is not a valid format"}}},
			{"unknown group", func(d *catalog.Dataset) { d.Name = "x6"; d.Groups = []catalog.Group{{Name: "nope"}} }, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				d := sampleDataset()
				tt.mutate(d)
				err := s.CreateDataset(ctx, d)
				var ve *catalog.ValidationError
				if !errors.As(err, &ve) || !errors.Is(err, catalog.ErrInvalid) {
					t.Fatalf("err = %v, want a validation error", err)
				}
				if tt.want != nil && !reflect.DeepEqual(ve.Fields, tt.want) {
					t.Fatalf("fields = %v, want %v", ve.Fields, tt.want)
				}
			})
		}
		// Failed writes leave nothing behind: no change rows, no half-made datasets or tags.
		after, _ := s.LastChange(ctx)
		if after != before {
			t.Fatalf("failed writes appended changes: %d -> %d", before, after)
		}
		if n, _ := s.CountDatasets(ctx); n != 1 {
			t.Fatalf("datasets = %d, want 1", n)
		}
		tags, _ := s.Tags(ctx, "", 0, 0)
		if len(tags) != 2 {
			t.Fatalf("tags after failed writes = %v", tags)
		}
	})
}

func TestReadQueries(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		ctx := context.Background()
		org, _ := seedOrg(t, s)
		pub := sampleDataset()
		priv := sampleDataset()
		priv.Name, priv.Private, priv.Tags = "secret", true, []catalog.Tag{{Name: "hidden-tag"}}
		priv.Resources = []catalog.Resource{{Name: "hidden", Format: "XLSX", URL: "https://x.example/h.xlsx"}}
		for _, d := range []*catalog.Dataset{pub, priv} {
			if err := s.CreateDataset(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		names, _ := s.DatasetNames(ctx, 0, 0)
		if !slices.Equal(names, []string{"internet-users"}) {
			t.Fatalf("package_list = %v (private must not show)", names)
		}
		tags, _ := s.Tags(ctx, "", 0, 0)
		var tn []string
		for _, tg := range tags {
			tn = append(tn, tg.Name)
		}
		sort.Strings(tn)
		if !slices.Equal(tn, []string{"internet", "ดิจิทัล"}) {
			t.Fatalf("tag_list = %v", tn)
		}
		rs, n, err := s.SearchResources(ctx, catalog.ResourceQuery{Terms: map[string][]string{"name": {"OBSERV"}}})
		if err != nil || n != 1 || rs[0].Name != "observations" {
			t.Fatalf("resource_search = %v %d %v", rs, n, err)
		}
		if _, _, err := s.SearchResources(ctx, catalog.ResourceQuery{Terms: map[string][]string{"bogus": {"x"}}}); !errors.Is(err, catalog.ErrInvalid) {
			t.Fatalf("unknown field: %v", err)
		}
		formats, _ := s.Formats(ctx, "", 10)
		if !slices.Equal(formats, []string{"csv", "html"}) {
			t.Fatalf("formats = %v (private xlsx must not show)", formats)
		}
		orgs, err := s.ListGroups(ctx, catalog.GroupListOptions{IsOrganization: true})
		if err != nil || len(orgs) != 1 || orgs[0].PackageCount != 1 {
			t.Fatalf("organization_list = %+v %v", orgs, err)
		}
		if _, err := s.ListGroups(ctx, catalog.GroupListOptions{Sort: "bogus"}); !errors.Is(err, catalog.ErrInvalid) {
			t.Fatalf("bad sort: %v", err)
		}

		// Who may read the private dataset.
		u := &catalog.User{Name: "somchai", Email: "s@example.org"}
		if err := s.CreateUser(ctx, u, "correct horse"); err != nil {
			t.Fatal(err)
		}
		stranger, _ := s.Actor(ctx, u)
		if catalog.Anonymous.CanRead(priv) || stranger.CanRead(priv) || !stranger.CanRead(pub) {
			t.Fatal("private dataset readable by non-members")
		}
		if err := s.AddMember(ctx, org.ID, u.ID, catalog.CapacityEditor); err != nil {
			t.Fatal(err)
		}
		member, _ := s.Actor(ctx, u)
		if !member.CanRead(priv) {
			t.Fatal("member cannot read private dataset of own organization")
		}
		tok, err := s.CreateToken(ctx, "somchai", "cli")
		if err != nil {
			t.Fatal(err)
		}
		if got, err := s.UserByToken(ctx, tok); err != nil || got.ID != u.ID {
			t.Fatalf("token lookup = %v %v", got, err)
		}
		if _, err := s.UserByToken(ctx, tok+"x"); !errors.Is(err, catalog.ErrNotFound) {
			t.Fatalf("bad token: %v", err)
		}
		if _, err := s.CheckPassword(ctx, "somchai", "wrong password"); !errors.Is(err, catalog.ErrNotAuthorized) {
			t.Fatalf("wrong password: %v", err)
		}
	})
}

func TestDatasetFromDict(t *testing.T) {
	d, err := catalog.DatasetFromDict(catalog.Dict{
		"name": "x1", "private": "True", "tag_string": "a1, b2", "first_year_of_data": "2015",
		"organization": map[string]any{"name": "nso"},
		"resources":    []any{map[string]any{"url": "http://e.org/a.csv", "format": "CSV", "custom": "kept"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !d.Private || len(d.Tags) != 2 || *d.GDC.FirstYearOfData != 2015 || *d.OwnerOrg != "nso" || d.Resources[0].Extras["custom"] != "kept" {
		t.Fatalf("parsed = %+v", d)
	}
	_, err = catalog.DatasetFromDict(catalog.Dict{"name": 5.0, "tags": "x", "first_year_of_data": "soon"})
	var ve *catalog.ValidationError
	if !errors.As(err, &ve) || ve.Fields["name"][0] != "Names must be strings" || ve.Fields["tags"] == nil || ve.Fields["first_year_of_data"] == nil {
		t.Fatalf("err = %v", err)
	}
}
