package graph

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/datastore"
)

// fieldMessages returns the first error's extensions.fields[field].
func fieldMessages(r gqlResponse, field string) []string {
	if len(r.Errors) == 0 {
		return nil
	}
	fields, _ := r.Errors[0].Extensions["fields"].(map[string]any)
	list, _ := fields[field].([]any)
	var out []string
	for _, m := range list {
		s, _ := m.(string)
		out = append(out, s)
	}
	return out
}

// auth is the header pair of a token.
func auth(token string) []string { return []string{"Authorization", token} }

func testDatastore(t *testing.T, fx *fixture) {
	ctx := context.Background()
	// A table on the private dataset's resource: only the NSO's members may read it.
	rid := fx.private.Resources[0].ID
	var recs []map[string]any
	for i, p := range []string{"เชียงใหม่", "ลำพูน", "น่าน", "เชียงราย", "พะเยา"} {
		recs = append(recs, map[string]any{"province": p, "funds": 2000 + i*10, "share": float64(i) / 4})
	}
	if _, err := fx.ds.Create(ctx, datastore.CreateRequest{ResourceID: rid, Records: recs,
		Fields: []datastore.Field{{ID: "province", Type: "text"}, {ID: "funds", Type: "int"}, {ID: "share", Type: "numeric"}}}); err != nil {
		t.Fatal(err)
	}
	const q = `query($id: ID!, $f: Map, $q: String, $sort: String, $first: Int, $after: String) {
		datastore(resourceId: $id, filters: $f, q: $q, sort: $sort, first: $first, after: $after) {
			resourceId fields { id type } rows totalCount pageInfo { hasNextPage endCursor } resource { name } } }`
	type table struct {
		Datastore struct {
			ResourceID string
			Fields     []struct{ ID, Type string }
			Rows       []map[string]any
			TotalCount int
			PageInfo   struct {
				HasNextPage bool
				EndCursor   string
			}
			Resource struct{ Name string }
		}
	}

	t.Run("anonymous and outsiders are refused", func(t *testing.T) {
		wantError(t, post(t, fx.h, q, map[string]any{"id": rid}), codeUnauthenticated, "Access denied")
		wantError(t, post(t, fx.h, q, map[string]any{"id": rid}, auth(fx.outsiderToken)...), codeForbidden, "Access denied")
	})
	t.Run("typed fields, sort and paging", func(t *testing.T) {
		var resp table
		mustData(t, post(t, fx.h, q, map[string]any{"id": rid, "sort": "funds desc", "first": 2}, auth(fx.memberToken)...), &resp)
		got := resp.Datastore
		types := map[string]string{}
		for _, f := range got.Fields {
			types[f.ID] = f.Type
		}
		if !strings.HasPrefix(types["funds"], "int") || types["share"] != "numeric" || types["province"] != "text" || got.Fields[0].ID != "_id" {
			t.Fatalf("fields %+v", got.Fields)
		}
		if got.TotalCount != 5 || len(got.Rows) != 2 || !got.PageInfo.HasNextPage || got.Resource.Name != "microdata.csv" {
			t.Fatalf("page %+v", got)
		}
		if got.Rows[0]["funds"] != float64(2040) || got.Rows[0]["province"] != "พะเยา" {
			t.Fatalf("first row %v, want พะเยา with funds 2040 as a number", got.Rows[0])
		}
		var next table
		mustData(t, post(t, fx.h, q, map[string]any{"id": rid, "sort": "funds desc", "first": 2, "after": got.PageInfo.EndCursor},
			auth(fx.memberToken)...), &next)
		if len(next.Datastore.Rows) != 2 || next.Datastore.Rows[0]["funds"] != float64(2020) {
			t.Fatalf("second page %v", next.Datastore.Rows)
		}
	})
	t.Run("filters and Thai q", func(t *testing.T) {
		var resp table
		mustData(t, post(t, fx.h, q, map[string]any{"id": rid, "f": map[string]any{"province": []string{"น่าน", "ลำพูน"}}},
			auth(fx.memberToken)...), &resp)
		if resp.Datastore.TotalCount != 2 {
			t.Fatalf("filtered %+v", resp.Datastore)
		}
		mustData(t, post(t, fx.h, q, map[string]any{"id": rid, "q": "เชียงราย"}, auth(fx.memberToken)...), &resp)
		if resp.Datastore.TotalCount != 1 || resp.Datastore.Rows[0]["province"] != "เชียงราย" {
			t.Fatalf("q %+v", resp.Datastore)
		}
	})
	t.Run("errors", func(t *testing.T) {
		wantError(t, post(t, fx.h, q, map[string]any{"id": "no-such-table"}), codeNotFound, "no-such-table")
		r := post(t, fx.h, q, map[string]any{"id": rid, "f": map[string]any{"nope": "x"}}, auth(fx.memberToken)...)
		if r.code() != codeBadUserInput {
			t.Fatalf("unknown filter field: %+v", r.Errors)
		}
	})
}

func testSeriesAndExports(t *testing.T, fx *fixture) {
	c := fx.clientFor("")
	var resp struct {
		Indicator struct {
			Code   string
			Series []struct {
				Area   string
				Period string
				Year   int
				Value  *float64
				Sample bool
			}
			Exports []struct{ Format, URL, MediaType string }
			Dataset struct {
				Exports []struct{ Format, URL string }
			}
		}
		Framework struct {
			Exports []struct{ Format, URL string }
		}
		Dataset struct {
			Exports []struct{ Format string }
		}
	}
	c.MustPost(`{ indicator(code: "TDDC-WDCR-K1-01") { code series { area period year value sample }
		exports { format url mediaType } dataset { exports { format url } } }
		framework(id: "OECD-GD") { exports { format url } }
		dataset(name: "village-fund-registry") { exports { format } } }`, &resp)
	all := resp.Indicator.Series
	if len(all) == 0 {
		t.Fatal("no observations")
	}
	years := map[int]bool{}
	for _, o := range all {
		years[o.Year] = true
		if o.Area == "" || o.Period == "" || o.Year < 1990 {
			t.Fatalf("observation %+v", o)
		}
	}
	if len(years) < 2 {
		t.Fatalf("want several years, got %v", years)
	}
	minYear := slices.Min(slices.Collect(func(yield func(int) bool) {
		for y := range years {
			if !yield(y) {
				return
			}
		}
	}))
	var narrowed struct {
		Indicator struct {
			Series []struct {
				Year int
				Area string
			}
		}
	}
	c.MustPost(`query($a: String, $y: Int) { indicator(code: "TDDC-WDCR-K1-01") { series(area: $a, from: $y, to: $y) { year area } } }`,
		&narrowed, client.Var("a", strings.ToLower(all[0].Area)), client.Var("y", minYear))
	if len(narrowed.Indicator.Series) == 0 || len(narrowed.Indicator.Series) >= len(all) {
		t.Fatalf("narrowed to %d of %d", len(narrowed.Indicator.Series), len(all))
	}
	for _, o := range narrowed.Indicator.Series {
		if o.Year != minYear || o.Area != all[0].Area {
			t.Fatalf("narrowed observation %+v", o)
		}
	}

	want := []string{"sdmx.csv", "sdmx.json", "jsonstat.json", "csv", "xlsx"}
	ex := resp.Indicator.Exports
	if len(ex) != len(want) {
		t.Fatalf("exports %+v", ex)
	}
	for i, f := range want {
		if ex[i].Format != f || ex[i].URL != siteURL+"/dataset/tddc-wdcr-k1-01/indicator."+f || ex[i].MediaType == "" {
			t.Fatalf("export %d: %+v", i, ex[i])
		}
	}
	if len(resp.Indicator.Dataset.Exports) != len(want) {
		t.Fatalf("dataset exports %+v", resp.Indicator.Dataset.Exports)
	}
	fw := resp.Framework.Exports
	if len(fw) != len(want) || fw[4].URL != siteURL+"/framework/oecd/indicators.xlsx" {
		t.Fatalf("framework exports %+v", fw)
	}
	if len(resp.Dataset.Exports) != 0 {
		t.Fatalf("a dataset that is no indicator has exports: %+v", resp.Dataset.Exports)
	}
}

func testMutations(t *testing.T, fx *fixture) {
	const create = `mutation($in: DatasetInput!) { createDataset(input: $in) {
		id name title private organization { name } tags { name } gdc { dataType } creator { name email } } }`
	type dataset struct {
		ID           string
		Name         string
		Title        string
		Private      bool
		Organization struct{ Name string }
		Tags         []struct{ Name string }
		Gdc          struct{ DataType string }
		Creator      struct{ Name, Email string }
	}
	input := map[string]any{"name": "gql-broadband-2568", "title": "บรอดแบนด์ครัวเรือน พ.ศ. 2568", "organization": nsoName,
		"tags": []string{"บรอดแบนด์", "internet"}, "fields": map[string]any{"data_type": "ข้อมูลสถิติ"}}

	t.Run("refused without a token or role", func(t *testing.T) {
		wantError(t, post(t, fx.h, create, map[string]any{"in": input}), codeUnauthenticated, "Access denied")
		wantError(t, post(t, fx.h, create, map[string]any{"in": input}, auth(fx.outsiderToken)...), codeForbidden, "Access denied")
		r := post(t, fx.h, `{ datasets(search: {q: "name:gql-broadband-2568"}) { totalCount } }`, nil, auth(fx.adminToken)...)
		if !strings.Contains(string(r.Data), `"totalCount":0`) {
			t.Fatalf("a refused write left a dataset: %s", r.Data)
		}
	})
	t.Run("field errors are CKAN's", func(t *testing.T) {
		r := post(t, fx.h, create, map[string]any{"in": map[string]any{"name": "Bad Name!", "tags": []string{"x"}}}, auth(fx.memberToken)...)
		if r.code() != codeBadUserInput {
			t.Fatalf("errors %+v", r.Errors)
		}
		for field, msg := range map[string]string{
			"name":      "Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_",
			"owner_org": "An organization must be provided",
			"tags":      `Tag "x" length is less than minimum 2`,
		} {
			if got := fieldMessages(r, field); !slices.Contains(got, msg) {
				t.Errorf("fields[%s] = %q, want %q", field, got, msg)
			}
		}
	})

	var created struct{ CreateDataset dataset }
	t.Run("create is searchable when it returns", func(t *testing.T) {
		fx.clientFor(fx.memberToken).MustPost(create, &created, client.Var("in", input))
		d := created.CreateDataset
		if d.Name != "gql-broadband-2568" || d.Organization.Name != nsoName || len(d.Tags) != 2 || d.Gdc.DataType != "ข้อมูลสถิติ" ||
			d.Creator.Name != "member" || d.Creator.Email != "member@example.go.th" {
			t.Fatalf("created %+v", d)
		}
		var found struct {
			Datasets struct {
				TotalCount int
				Nodes      []struct{ Name string }
			}
		}
		fx.clientFor("").MustPost(`{ datasets(search: {q: "name:gql-broadband-2568"}) { totalCount nodes { name } } }`, &found)
		if found.Datasets.TotalCount != 1 || found.Datasets.Nodes[0].Name != "gql-broadband-2568" {
			t.Fatalf("search after create: %+v", found)
		}
		// Anonymous callers see the creator without an e-mail address.
		var anon struct {
			Dataset struct{ Creator struct{ Name, Email string } }
		}
		fx.clientFor("").MustPost(`{ dataset(name: "gql-broadband-2568") { creator { name email } } }`, &anon)
		if anon.Dataset.Creator.Name != "member" || anon.Dataset.Creator.Email != "" {
			t.Fatalf("creator for anonymous: %+v", anon.Dataset.Creator)
		}
		// Creators of several datasets are loaded in one statement (the users loader).
		admin, err := fx.store.User(context.Background(), "admin")
		if err != nil {
			t.Fatal(err)
		}
		org := created.CreateDataset.Organization.Name
		second := &catalog.Dataset{Name: "gql-second", Title: "สอง", OwnerOrg: &org, CreatorUserID: &admin.ID}
		if err := fx.store.CreateDataset(context.Background(), second); err != nil {
			t.Fatal(err)
		}
		statements := func(q string) int64 {
			before := fx.statements.Load()
			mustData(t, post(t, fx.h, q, nil, auth(fx.adminToken)...), &struct{}{})
			return fx.statements.Load() - before
		}
		for _, shape := range []string{"nodes { %s }", "edges { node { %s } }"} {
			page := func(fields string) string {
				return `{ datasets(search: {q: "name:(gql-broadband-2568 OR gql-second)"}) { totalCount ` +
					fmt.Sprintf(shape, fields) + ` } }`
			}
			without := statements(page("name"))
			with := statements(page("name creator { name }"))
			if with-without != 1 {
				t.Fatalf("%s: the creators of two datasets cost %d statements, want 1", shape, with-without)
			}
		}
		r := post(t, fx.h, create, map[string]any{"in": input}, auth(fx.memberToken)...)
		if got := fieldMessages(r, "name"); !slices.Contains(got, "That URL is already in use.") {
			t.Fatalf("duplicate name: %+v", r.Errors)
		}
	})
	id := created.CreateDataset.ID

	t.Run("patch keeps what it does not name; update replaces", func(t *testing.T) {
		var p struct{ PatchDataset dataset }
		fx.clientFor(fx.memberToken).MustPost(`mutation($id: ID!) { patchDataset(id: $id, input: {title: "บรอดแบนด์ (แก้ไข)", private: true}) {
			title private tags { name } gdc { dataType } } }`, &p, client.Var("id", id))
		if p.PatchDataset.Title != "บรอดแบนด์ (แก้ไข)" || !p.PatchDataset.Private || len(p.PatchDataset.Tags) != 2 || p.PatchDataset.Gdc.DataType != "ข้อมูลสถิติ" {
			t.Fatalf("patched %+v", p.PatchDataset)
		}
		// Now private: gone for anonymous callers, in lists and counts.
		var anon struct{ Datasets struct{ TotalCount int } }
		fx.clientFor("").MustPost(`{ datasets(search: {q: "name:gql-broadband-2568"}) { totalCount } }`, &anon)
		if anon.Datasets.TotalCount != 0 {
			t.Fatalf("private dataset counted for anonymous callers")
		}
		var u struct{ UpdateDataset dataset }
		fx.clientFor(fx.memberToken).MustPost(`mutation($id: ID!) { updateDataset(id: $id, input: {name: "gql-broadband-2568", organization: "nso", title: "ใหม่"}) {
			title private tags { name } } }`, &u, client.Var("id", id))
		if u.UpdateDataset.Title != "ใหม่" || len(u.UpdateDataset.Tags) != 0 || !u.UpdateDataset.Private {
			t.Fatalf("updated %+v (tags left out are removed, private is kept)", u.UpdateDataset)
		}
		wantError(t, post(t, fx.h, `mutation { patchDataset(id: "gql-broadband-2568", input: {title: "x"}) { title } }`, nil,
			auth(fx.outsiderToken)...), codeForbidden, "Access denied")
		wantError(t, post(t, fx.h, `mutation { patchDataset(id: "no-such-dataset", input: {title: "x"}) { title } }`, nil,
			auth(fx.memberToken)...), codeNotFound, "Package was not found")
	})

	var resID string
	t.Run("resource with a file upload lands in the DataStore", func(t *testing.T) {
		csv := filepath.Join(t.TempDir(), "Broadband 2568.csv")
		if err := os.WriteFile(csv, []byte("province,households\nเชียงใหม่,512000\nน่าน,98000\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(csv)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		var resp struct {
			CreateResource struct {
				ID, URL, URLType, Format, Name string
				DatastoreActive                bool
				Size                           int
			}
		}
		fx.loadErr = nil
		err = fx.clientFor(fx.memberToken).Post(`mutation($id: ID!, $file: Upload) { createResource(datasetId: $id, input: {name: "ครัวเรือน"}, file: $file) {
			id url urlType format name datastoreActive size } }`, &resp, client.Var("id", id), client.Var("file", f), client.WithFiles())
		if err != nil {
			t.Fatal(err)
		}
		if fx.loadErr != nil {
			t.Fatalf("load: %v", fx.loadErr)
		}
		res := resp.CreateResource
		resID = res.ID
		if res.URLType != "upload" || res.Format != "CSV" || !res.DatastoreActive || res.Size == 0 ||
			!strings.HasSuffix(res.URL, "/resource/"+res.ID+"/download/broadband-2568.csv") {
			t.Fatalf("resource %+v", res)
		}
		if _, err := os.Stat(filepath.Join(fx.uploadDir, res.ID, "broadband-2568.csv")); err != nil {
			t.Fatalf("stored file: %v", err)
		}
		var rows struct {
			Datastore struct {
				TotalCount int
				Rows       []map[string]any
			}
		}
		fx.clientFor(fx.memberToken).MustPost(`query($id: ID!) { datastore(resourceId: $id, sort: "households desc") { totalCount rows } }`,
			&rows, client.Var("id", res.ID))
		if rows.Datastore.TotalCount != 2 || rows.Datastore.Rows[0]["households"] != float64(512000) {
			t.Fatalf("rows %+v", rows.Datastore)
		}
	})
	t.Run("a refused upload leaves no file", func(t *testing.T) {
		before, _ := os.ReadDir(fx.uploadDir)
		f, err := os.CreateTemp(t.TempDir(), "x-*.csv")
		if err != nil {
			t.Fatal(err)
		}
		_, _ = f.WriteString("a,b\n1,2\n")
		_, _ = f.Seek(0, 0)
		defer f.Close()
		err = fx.clientFor(fx.memberToken).Post(`mutation($id: ID!, $file: Upload) { createResource(datasetId: $id, input: {id: "not-a-uuid"}, file: $file) { id } }`,
			&struct{}{}, client.Var("id", id), client.Var("file", f), client.WithFiles())
		if err == nil || !strings.Contains(err.Error(), "Invalid id: must be a UUID") {
			t.Fatalf("err %v", err)
		}
		after, _ := os.ReadDir(fx.uploadDir)
		if len(after) != len(before) {
			t.Fatalf("upload folder went from %d to %d entries", len(before), len(after))
		}
	})
	t.Run("upsert records", func(t *testing.T) {
		const up = `mutation($id: ID!, $recs: [Map!]!, $force: Boolean) { upsertRecords(resourceId: $id, records: $recs, method: "insert", force: $force) { resourceId count method } }`
		recs := []map[string]any{{"province": "ลำปาง", "households": 210000}}
		wantError(t, post(t, fx.h, up, map[string]any{"id": resID, "recs": recs}, auth(fx.memberToken)...), codeBadUserInput, "read-only")
		wantError(t, post(t, fx.h, up, map[string]any{"id": resID, "recs": recs, "force": true}), codeUnauthenticated, "Access denied")
		var resp struct {
			UpsertRecords struct {
				ResourceID, Method string
				Count              int
			}
		}
		fx.clientFor(fx.memberToken).MustPost(up, &resp, client.Var("id", resID), client.Var("recs", recs), client.Var("force", true))
		if resp.UpsertRecords.Count != 1 || resp.UpsertRecords.ResourceID != resID || resp.UpsertRecords.Method != "insert" {
			t.Fatalf("upsert %+v", resp)
		}
		var rows struct{ Datastore struct{ TotalCount int } }
		fx.clientFor(fx.memberToken).MustPost(`query($id: ID!) { datastore(resourceId: $id, q: "ลำปาง") { totalCount } }`, &rows, client.Var("id", resID))
		if rows.Datastore.TotalCount != 1 {
			t.Fatalf("upserted row not found: %+v", rows)
		}
	})
	t.Run("update and delete a resource", func(t *testing.T) {
		var resp struct {
			UpdateResource struct{ Name, URLType string }
		}
		fx.clientFor(fx.memberToken).MustPost(`mutation($id: ID!) { updateResource(id: $id, input: {name: "ครัวเรือน 2568"}) { name urlType } }`,
			&resp, client.Var("id", resID))
		if resp.UpdateResource.Name != "ครัวเรือน 2568" || resp.UpdateResource.URLType != "upload" {
			t.Fatalf("updated %+v", resp.UpdateResource)
		}
		wantError(t, post(t, fx.h, `mutation($id: ID!) { deleteResource(id: $id) }`, map[string]any{"id": resID}, auth(fx.outsiderToken)...),
			codeForbidden, "Access denied")
		var del struct{ DeleteResource bool }
		fx.clientFor(fx.memberToken).MustPost(`mutation($id: ID!) { deleteResource(id: $id) }`, &del, client.Var("id", resID))
		if !del.DeleteResource {
			t.Fatal("not deleted")
		}
		if _, err := os.Stat(filepath.Join(fx.uploadDir, resID)); !os.IsNotExist(err) {
			t.Fatalf("upload folder still there: %v", err)
		}
		wantError(t, post(t, fx.h, `query($id: ID!) { resource(id: $id) { id } }`, map[string]any{"id": resID}, auth(fx.memberToken)...),
			codeNotFound, "")
	})
	t.Run("organizations and members", func(t *testing.T) {
		out := fx.clientFor(fx.outsiderToken)
		var org struct {
			CreateOrganization struct{ ID, Name, Title string }
		}
		out.MustPost(`mutation { createOrganization(input: {name: "gql-agency", title: "หน่วยงานทดสอบ"}) { id name title } }`, &org)
		if org.CreateOrganization.Name != "gql-agency" {
			t.Fatalf("created %+v", org)
		}
		var viewer struct {
			Viewer struct {
				Organizations []struct {
					Organization struct{ Name string }
					Role         string
				}
			}
		}
		out.MustPost(`{ viewer { organizations { organization { name } role } } }`, &viewer)
		if len(viewer.Viewer.Organizations) != 1 || viewer.Viewer.Organizations[0].Role != "admin" {
			t.Fatalf("creator's memberships %+v", viewer)
		}
		var upd struct {
			UpdateOrganization struct{ Name, Title, TitleEN string }
		}
		out.MustPost(`mutation { updateOrganization(id: "gql-agency", input: {titleEN: "Test agency"}) { name title titleEN } }`, &upd)
		if upd.UpdateOrganization.Title != "หน่วยงานทดสอบ" || upd.UpdateOrganization.TitleEN != "Test agency" {
			t.Fatalf("updated %+v", upd)
		}
		r := post(t, fx.h, `mutation { createOrganization(input: {name: "x"}) { id } }`, nil, auth(fx.outsiderToken)...)
		if got := fieldMessages(r, "name"); !slices.Contains(got, "Must be at least 2 characters long") {
			t.Fatalf("short name: %+v", r.Errors)
		}
		wantError(t, post(t, fx.h, `mutation { createOrganization(input: {name: "anon-org"}) { id } }`, nil), codeUnauthenticated, "")

		var m struct {
			CreateMember struct {
				Group struct{ Name string }
				User  struct{ Name string }
				Role  string
			}
		}
		out.MustPost(`mutation { createMember(group: "gql-agency", user: "member", role: "editor") { group { name } user { name } role } }`, &m)
		if m.CreateMember.Role != "editor" || m.CreateMember.User.Name != "member" || m.CreateMember.Group.Name != "gql-agency" {
			t.Fatalf("member %+v", m)
		}
		r = post(t, fx.h, `mutation { createMember(group: "gql-agency", user: "member", role: "boss") { role } }`, nil, auth(fx.outsiderToken)...)
		if got := fieldMessages(r, "capacity"); !slices.Contains(got, "Role does not exist") {
			t.Fatalf("bad role: %+v", r.Errors)
		}
		wantError(t, post(t, fx.h, `mutation { createMember(group: "nso", user: "outsider", role: "admin") { role } }`, nil, auth(fx.outsiderToken)...),
			codeForbidden, "Access denied")
		// The organization lists its users with their roles; an e-mail only to its owner.
		type listed struct {
			Organization struct {
				Members []struct {
					User struct{ Name, Email string }
					Role string
				}
			}
		}
		const membersQuery = `{ organization(name: "gql-agency") { members { user { name email } role } } }`
		for _, tc := range []struct {
			token string
			email map[string]string // what each user's e-mail reads as
		}{
			{"", map[string]string{"outsider": "", "member": ""}},
			{fx.memberToken, map[string]string{"outsider": "", "member": "member@example.go.th"}},
		} {
			var got listed
			fx.clientFor(tc.token).MustPost(membersQuery, &got)
			roles := map[string]string{}
			for _, m := range got.Organization.Members {
				roles[m.User.Name] = m.Role
				if want, ok := tc.email[m.User.Name]; !ok || m.User.Email != want {
					t.Errorf("member %s reads with e-mail %q, want %q", m.User.Name, m.User.Email, want)
				}
			}
			if len(roles) != 2 || roles["outsider"] != "admin" || roles["member"] != "editor" {
				t.Fatalf("members %v, want outsider admin and member editor", roles)
			}
		}
		var dm struct{ DeleteMember bool }
		out.MustPost(`mutation { deleteMember(group: "gql-agency", user: "member") }`, &dm)
		var dorg struct{ DeleteOrganization bool }
		wantError(t, post(t, fx.h, `mutation { deleteOrganization(id: "gql-agency") }`, nil, auth(fx.memberToken)...), codeForbidden, "")
		out.MustPost(`mutation { deleteOrganization(id: "gql-agency") }`, &dorg)
		if !dm.DeleteMember || !dorg.DeleteOrganization {
			t.Fatal("not deleted")
		}
		wantError(t, post(t, fx.h, `{ organization(name: "gql-agency") { id } }`, nil), codeNotFound, "")
	})
	t.Run("groups", func(t *testing.T) {
		out := fx.clientFor(fx.outsiderToken)
		var g struct {
			CreateGroup struct{ ID, Name, Title string }
		}
		out.MustPost(`mutation { createGroup(input: {name: "gql-theme", title: "หมวดทดสอบ"}) { id name title } }`, &g)
		if g.CreateGroup.Name != "gql-theme" || g.CreateGroup.Title != "หมวดทดสอบ" {
			t.Fatalf("created %+v", g)
		}
		// A group is not an organization, and the organization mutations do not reach it.
		wantError(t, post(t, fx.h, `{ organization(name: "gql-theme") { id } }`, nil), codeNotFound, "")
		wantError(t, post(t, fx.h, `mutation { updateOrganization(id: "gql-theme", input: {titleEN: "x"}) { name } }`, nil,
			auth(fx.outsiderToken)...), codeNotFound, "")
		var upd struct {
			UpdateGroup struct{ Title, TitleEN string }
		}
		out.MustPost(`mutation { updateGroup(id: "gql-theme", input: {titleEN: "Test theme"}) { title titleEN } }`, &upd)
		if upd.UpdateGroup.Title != "หมวดทดสอบ" || upd.UpdateGroup.TitleEN != "Test theme" {
			t.Fatalf("updated %+v", upd)
		}
		var read struct{ Group struct{ TitleEN string } }
		fx.clientFor("").MustPost(`{ group(name: "gql-theme") { titleEN } }`, &read)
		if read.Group.TitleEN != "Test theme" {
			t.Fatalf("read back %+v", read)
		}
		r := post(t, fx.h, `mutation { createGroup(input: {name: "Bad Name"}) { id } }`, nil, auth(fx.outsiderToken)...)
		if got := fieldMessages(r, "name"); len(got) == 0 {
			t.Fatalf("bad name accepted: %+v", r.Errors)
		}
		wantError(t, post(t, fx.h, `mutation { createGroup(input: {name: "anon-theme"}) { id } }`, nil), codeUnauthenticated, "")
		wantError(t, post(t, fx.h, `mutation { updateGroup(id: "gql-theme", input: {title: "x"}) { name } }`, nil, auth(fx.memberToken)...),
			codeForbidden, "")
		wantError(t, post(t, fx.h, `mutation { deleteGroup(id: "gql-theme") }`, nil, auth(fx.memberToken)...), codeForbidden, "")
		var del struct{ DeleteGroup bool }
		out.MustPost(`mutation { deleteGroup(id: "gql-theme") }`, &del)
		if !del.DeleteGroup {
			t.Fatal("not deleted")
		}
		wantError(t, post(t, fx.h, `{ group(name: "gql-theme") { id } }`, nil), codeNotFound, "")
	})
	t.Run("delete a dataset", func(t *testing.T) {
		wantError(t, post(t, fx.h, `mutation($id: ID!) { deleteDataset(id: $id) }`, map[string]any{"id": id}, auth(fx.outsiderToken)...),
			codeForbidden, "Access denied")
		var del struct{ DeleteDataset bool }
		fx.clientFor(fx.memberToken).MustPost(`mutation($id: ID!) { deleteDataset(id: $id) }`, &del, client.Var("id", id))
		var found struct{ Datasets struct{ TotalCount int } }
		fx.clientFor(fx.memberToken).MustPost(`{ datasets(search: {q: "name:gql-broadband-2568"}) { totalCount } }`, &found)
		if !del.DeleteDataset || found.Datasets.TotalCount != 0 {
			t.Fatalf("deleted %v, still found %d", del.DeleteDataset, found.Datasets.TotalCount)
		}
	})
}
