package ckan_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
	"github.com/khlang/khlang/catalog/datastore"
	"github.com/khlang/khlang/search/thai"
	"github.com/khlang/khlang/seed"
	"github.com/khlang/khlang/server/ckan"
)

// thaiSegment is the server's DataStore analysis (server.Segment), which tests of this
// package cannot import.
func thaiSegment(s string) []string { return thai.Segment(strings.ToLower(s)) }

// openDataStore opens an empty DataStore on the catalog's backend, closed when the test
// ends.
func openDataStore(t *testing.T, s *catalog.Store) *datastore.Store {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "datastore.db")
	if s.Backend() == catalog.BackendPostgres {
		dsn = catalogtest.NewPostgresDB(t, os.Getenv("KHLANG_TEST_POSTGRES"))
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ds, err := datastore.Open(ctx, dsn, thaiSegment, nil)
	if err != nil {
		t.Fatalf("open datastore: %v", err)
	}
	t.Cleanup(func() { _ = ds.Close() })
	return ds
}

// newDataStoreEnv is the write fixture with a DataStore, wired as the server wires it:
// uploads are loaded through LoadUpload.
func newDataStoreEnv(t *testing.T, s *catalog.Store, sqlSearch bool) (*env, *datastore.Store) {
	t.Helper()
	e := newWriteEnv(t, s)
	ds := openDataStore(t, s)
	e.api.DataStore = ds
	e.api.SQLSearchEnabled = sqlSearch
	e.api.OnUpload = e.api.LoadUpload
	e.api.MaxBodyBytes = 1 << 20
	e.mux = http.NewServeMux()
	e.api.Register(e.mux)
	return e, ds
}

// created is the result of a datastore_create that must succeed.
func (e *env) dsCreate(t *testing.T, as string, body map[string]any) map[string]any {
	t.Helper()
	r := e.post(t, as, "datastore_create", body)
	if r.status != http.StatusOK {
		t.Fatalf("datastore_create: %d %s", r.status, r.raw)
	}
	return obj(t, r.result(t))
}

// search runs datastore_search by GET with the query and returns the result.
func (e *env) search(t *testing.T, as string, q ...string) map[string]any {
	t.Helper()
	r := e.do(t, nil, request{path: action("datastore_search", q...), as: as})
	if r.status != http.StatusOK {
		t.Fatalf("datastore_search %v: %d %s", q, r.status, r.raw)
	}
	return obj(t, r.result(t))
}

// loadStatus is xloader_status's result for a resource, which must have one.
func (e *env) loadStatus(t *testing.T, as, id string) map[string]any {
	t.Helper()
	r := e.do(t, nil, request{path: action("xloader_status", "resource_id", id), as: as})
	if r.status != http.StatusOK {
		t.Fatalf("xloader_status %s: %d %s", id, r.status, r.raw)
	}
	return obj(t, r.result(t))
}

// column returns one field of every record (objects format).
func column(t *testing.T, res map[string]any, field string) []string {
	t.Helper()
	var out []string
	for _, rec := range list(t, res["records"]) {
		out = append(out, fmt.Sprint(obj(t, rec)[field]))
	}
	return out
}

func resourceOf(t *testing.T, e *env, id string) map[string]any {
	t.Helper()
	r := e.do(t, nil, request{path: action("resource_show", "id", id), as: "admin"})
	return obj(t, r.result(t))
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var bookFields = []any{map[string]any{"id": "book", "type": "text"}, map[string]any{"id": "author", "type": "text"},
	map[string]any{"id": "year", "type": "int"}}

var bookRecords = []any{
	map[string]any{"book": "annakarenina", "author": "tolstoy", "year": 1878},
	map[string]any{"book": "warandpeace", "author": "tolstoy", "year": 1869},
	map[string]any{"book": "สงครามและสันติภาพ", "author": "ตอลสตอย", "year": 2512},
	map[string]any{"book": "dubliners", "author": "joyce", "year": 1914},
}

const readOnlyText = "Cannot edit read-only resource because changes made may be lost. Use a resource created for " +
	"editing e.g. with datastore_create or use \"force=True\" to ignore this warning."

func TestDataStoreAPI(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		e, ds := newDataStoreEnv(t, s, true)
		ctx := context.Background()

		// The books table: a DataStore-only resource of internet-users (public, nso).
		res := e.dsCreate(t, "nso-editor", map[string]any{
			"resource": map[string]any{"package_id": "internet-users", "name": "books"},
			"fields":   bookFields, "records": bookRecords, "primary_key": "book", "aliases": "books-alias",
		})
		books := res["resource_id"].(string)
		e.res["books"] = books
		// The secret table: a DataStore-only resource of secret-survey (private, nso).
		secret := e.dsCreate(t, "nso-editor", map[string]any{
			"resource": map[string]any{"package_id": "secret-survey", "name": "hidden"},
			"records":  []any{map[string]any{"code": "x1", "value": 7}},
		})["resource_id"].(string)
		e.res["hidden"] = secret

		t.Run("create", func(t *testing.T) {
			if got := keys(t, res); !slices.Equal(got, []string{"aliases", "fields", "method", "primary_key", "resource", "resource_id"}) {
				t.Fatalf("result keys = %v", got)
			}
			if mustJSON(t, res["fields"]) != mustJSON(t, bookFields) || res["method"] != "insert" {
				t.Fatalf("fields %v method %v", res["fields"], res["method"])
			}
			rd := resourceOf(t, e, books)
			if rd["url_type"] != "datastore" || rd["datastore_active"] != true || rd["url"] != siteURL+"/datastore/dump/"+books {
				t.Fatalf("created resource = %v", rd)
			}
			if created := obj(t, res["resource"]); created["id"] != books || created["package_id"] != e.ids["internet-users"] {
				t.Fatalf("echoed resource = %v", created)
			}
			// Fields guessed from the first record when none are given.
			info, err := ds.Info(ctx, secret)
			if err != nil {
				t.Fatal(err)
			}
			if len(info.Fields) != 2 || info.Fields[0].ID != "code" || info.Fields[1].Type != datastore.TypeInt {
				t.Fatalf("guessed fields = %+v", info.Fields)
			}
		})

		observations := e.res["observations"]
		runScenarios(t, e, nil, []scenario{
			{name: "GET is refused", req: request{path: action("datastore_create", "resource_id", "RES:books")}, status: 400,
				check: wantBare("Bad request - JSON Error: Invalid request. Please use POST method for your request")},
			{name: "anonymous", req: request{method: "POST", path: action("datastore_create"), body: `{"resource_id":"` + books + `","records":[{"book":"x"}]}`},
				status: 403, errType: "Authorization Error"},
			{name: "member", req: request{method: "POST", path: action("datastore_create"), as: "nso-member", body: `{"resource_id":"` + books + `"}`},
				status: 403, errType: "Authorization Error"},
			{name: "admin of another organization", req: request{method: "POST", path: action("datastore_create"), as: "depa-admin",
				body: `{"resource":{"package_id":"internet-users"}}`}, status: 403, errType: "Authorization Error"},
			{name: "read-only resource", req: request{method: "POST", path: action("datastore_create"), as: "nso-editor",
				body: `{"resource_id":"` + observations + `","fields":[{"id":"a"}]}`}, status: 409, errType: "Validation Error",
				check: wantField("read-only", readOnlyText)},
			{name: "unknown resource", req: request{method: "POST", path: action("datastore_create"), as: "nso-editor",
				body: `{"resource_id":"nope","fields":[{"id":"a"}]}`}, status: 404, errType: "Not Found Error",
				check: wantMessage(`Not found: Resource "nope" was not found.`)},
			{name: "neither resource_id nor resource", req: request{method: "POST", path: action("datastore_create"), as: "nso-editor",
				body: `{"fields":[]}`}, status: 409, check: wantField("resource_id", "resource_id or resource required")},
			{name: "both resource_id and resource", req: request{method: "POST", path: action("datastore_create"), as: "nso-editor",
				body: `{"resource_id":"x","resource":{}}`}, status: 409, check: wantField("resource", "resource cannot be used with resource_id")},
			{name: "invalid field name", req: request{method: "POST", path: action("datastore_create"), as: "nso-editor",
				body: `{"resource_id":"` + books + `","fields":[{"id":"_bad","type":"text"}]}`}, status: 409,
				check: wantField("fields", `"_bad" is not a valid field name`)},
		})

		t.Run("force and datastore_active", func(t *testing.T) {
			r := e.post(t, "nso-editor", "datastore_create", map[string]any{"resource_id": observations, "force": true,
				"records": []any{map[string]any{"year": 2024, "value": 88.5}}})
			if r.status != 200 {
				t.Fatalf("forced create: %d %s", r.status, r.raw)
			}
			if rd := resourceOf(t, e, observations); rd["datastore_active"] != true || rd["url_type"] != "upload" {
				t.Fatalf("forced resource = %v", rd)
			}
		})

		t.Run("a failed create changes nothing", func(t *testing.T) {
			before := len(list(t, obj(t, e.do(t, nil, request{path: action("package_show", "id", "internet-users")}).result(t))["resources"]))
			id := "6f0c2f2e-2b7a-4f7e-9a55-0d8e3c1f0a01"
			for _, body := range []map[string]any{
				// The table is fine; the resource is not: its table must go again.
				{"resource": map[string]any{"package_id": "internet-users", "id": id, "size": "big"}, "fields": bookFields},
				// The records do not fit: nothing is created at all.
				{"resource": map[string]any{"package_id": "internet-users", "id": id}, "fields": bookFields,
					"records": []any{map[string]any{"year": "not a year"}}},
			} {
				if r := e.post(t, "nso-editor", "datastore_create", body); r.status != 409 {
					t.Fatalf("create %v: %d %s", body, r.status, r.raw)
				}
				if ok, err := ds.Exists(ctx, id); err != nil || ok {
					t.Fatalf("table left behind: %v %v", ok, err)
				}
			}
			after := len(list(t, obj(t, e.do(t, nil, request{path: action("package_show", "id", "internet-users")}).result(t))["resources"]))
			if after != before {
				t.Fatalf("resources %d -> %d", before, after)
			}
		})

		t.Run("search", func(t *testing.T) {
			testDataStoreSearch(t, e, books)
		})
		t.Run("upsert", func(t *testing.T) {
			testDataStoreUpsert(t, e)
		})
		t.Run("info", func(t *testing.T) {
			for _, key := range []string{"resource_id", "id"} {
				r := e.do(t, nil, request{path: action("datastore_info", key, "books-alias")})
				if r.status != 200 {
					t.Fatalf("datastore_info: %d %s", r.status, r.raw)
				}
				info := obj(t, r.result(t))
				meta := obj(t, info["meta"])
				if got := keys(t, meta); !slices.Equal(got, []string{"aliases", "count", "db_size", "id", "idx_size", "size", "table_type"}) {
					t.Fatalf("meta keys = %v", got)
				}
				if meta["id"] != books || num(t, meta["count"]) < 4 || fmt.Sprint(meta["aliases"]) != "[books-alias]" {
					t.Fatalf("meta = %v", meta)
				}
				var ids []string
				for _, f := range list(t, info["fields"]) {
					ids = append(ids, obj(t, f)["id"].(string))
					hasKeys(t, obj(t, f)["schema"], []string{"index_name", "is_index", "native_type", "notnull", "uniquekey"}[1:])
				}
				if !slices.Equal(ids, []string{"book", "author", "year"}) {
					t.Fatalf("info fields = %v", ids)
				}
			}
			if r := e.do(t, nil, request{path: action("datastore_info", "id", secret)}); r.status != 403 {
				t.Fatalf("private info: %d %s", r.status, r.raw)
			}
		})
		t.Run("sql", func(t *testing.T) {
			q := func(as, sql string) response {
				return e.do(t, nil, request{path: action("datastore_search_sql", "sql", sql), as: as})
			}
			r := q("", `SELECT book FROM "`+books+`" WHERE author = 'tolstoy' ORDER BY book`)
			if r.status != 200 {
				t.Fatalf("sql: %d %s", r.status, r.raw)
			}
			out := obj(t, r.result(t))
			if got := column(t, out, "book"); !slices.Equal(got, []string{"annakarenina", "warandpeace"}) {
				t.Fatalf("sql rows = %v", got)
			}
			if r := q("", `SELECT * FROM "`+secret+`"`); r.status != 403 || r.errorOf(t)["__type"] != "Authorization Error" {
				t.Fatalf("anonymous sql on a private table: %d %s", r.status, r.raw)
			}
			if r := q("outsider", `SELECT b.book FROM "`+books+`" b JOIN "`+secret+`" s ON true`); r.status != 403 {
				t.Fatalf("outsider join with a private table: %d %s", r.status, r.raw)
			}
			if r := q("nso-member", `SELECT code FROM "`+secret+`"`); r.status != 200 {
				t.Fatalf("member sql on a private table: %d %s", r.status, r.raw)
			}
		})
		t.Run("dump", func(t *testing.T) {
			testDataStoreDump(t, e, secret)
		})
		t.Run("delete", func(t *testing.T) {
			testDataStoreDelete(t, e, ds)
		})
	})
}

func testDataStoreSearch(t *testing.T, e *env, books string) {
	all := e.search(t, "", "resource_id", books)
	if got := keys(t, all); !slices.Equal(got, []string{"_links", "fields", "include_total", "limit", "records", "records_format",
		"resource_id", "total", "total_estimation_threshold", "total_was_estimated"}) {
		t.Fatalf("result keys = %v", got)
	}
	if num(t, all["total"]) != 4 || all["total_was_estimated"] != false || num(t, all["limit"]) != 100 ||
		all["records_format"] != "objects" || all["include_total"] != true || all["total_estimation_threshold"] != nil {
		t.Fatalf("result = %v", all)
	}
	if got := mustJSON(t, all["fields"]); got != `[{"id":"_id","type":"int"},{"id":"book","type":"text"},{"id":"author","type":"text"},{"id":"year","type":"int4"}]` {
		t.Fatalf("fields = %s", got)
	}
	if got := column(t, all, "book"); !slices.Equal(got, []string{"annakarenina", "warandpeace", "สงครามและสันติภาพ", "dubliners"}) {
		t.Fatalf("default order = %v", got)
	}
	if rec := obj(t, list(t, all["records"])[0]); keys(t, rec)[0] != "_id" || num(t, rec["_id"]) != 1 || num(t, rec["year"]) != 1878 {
		t.Fatalf("first record = %v", rec)
	}

	cases := []struct {
		name  string
		q     []string
		check func(t *testing.T, r map[string]any)
	}{
		{"by id and alias", []string{"id", "books-alias", "limit", "1"}, func(t *testing.T, r map[string]any) {
			if r["resource_id"] != books || len(list(t, r["records"])) != 1 || num(t, r["total"]) != 4 {
				t.Fatalf("alias search = %v", r)
			}
		}},
		{"filters as a JSON string", []string{"resource_id", books, "filters", `{"author":"tolstoy"}`}, func(t *testing.T, r map[string]any) {
			if got := column(t, r, "book"); !slices.Equal(got, []string{"annakarenina", "warandpeace"}) || num(t, r["total"]) != 2 {
				t.Fatalf("filtered = %v", got)
			}
			if mustJSON(t, r["filters"]) != `{"author":"tolstoy"}` {
				t.Fatalf("filters echo = %v", r["filters"])
			}
		}},
		{"filter with a list", []string{"resource_id", books, "filters", `{"year":[1869,1914]}`}, func(t *testing.T, r map[string]any) {
			if got := column(t, r, "book"); !slices.Equal(got, []string{"warandpeace", "dubliners"}) {
				t.Fatalf("filtered = %v", got)
			}
		}},
		{"Thai q finds a row by a word", []string{"resource_id", books, "q", "สันติภาพ"}, func(t *testing.T, r map[string]any) {
			if got := column(t, r, "book"); !slices.Equal(got, []string{"สงครามและสันติภาพ"}) {
				t.Fatalf("Thai q = %v", got)
			}
			if f := list(t, r["fields"]); obj(t, f[len(f)-1])["id"] != "rank" {
				t.Fatalf("rank field missing: %v", r["fields"])
			}
		}},
		{"q object searches one field", []string{"resource_id", books, "q", `{"author":"tolstoy"}`}, func(t *testing.T, r map[string]any) {
			if num(t, r["total"]) != 2 || mustJSON(t, r["q"]) != `{"author":"tolstoy"}` {
				t.Fatalf("q object = %v", r)
			}
		}},
		{"full_text", []string{"resource_id", books, "full_text", "joyce"}, func(t *testing.T, r map[string]any) {
			if got := column(t, r, "book"); !slices.Equal(got, []string{"dubliners"}) {
				t.Fatalf("full_text = %v", got)
			}
		}},
		{"fields, sort and distinct", []string{"resource_id", books, "fields", "author", "sort", "author desc", "distinct", "true"}, func(t *testing.T, r map[string]any) {
			if got := column(t, r, "author"); !slices.Equal(got, []string{"ตอลสตอย", "tolstoy", "joyce"}) {
				t.Fatalf("distinct authors = %v", got)
			}
			if mustJSON(t, r["fields"]) != `[{"id":"author","type":"text"}]` || r["sort"] != "author desc" {
				t.Fatalf("fields %v sort %v", r["fields"], r["sort"])
			}
		}},
		{"include_total false", []string{"resource_id", books, "include_total", "false"}, func(t *testing.T, r map[string]any) {
			if _, has := r["total"]; has {
				t.Fatalf("total present: %v", r)
			}
			if _, has := r["total_was_estimated"]; has {
				t.Fatalf("total_was_estimated present: %v", r)
			}
		}},
		{"limit is capped at 32000", []string{"resource_id", books, "limit", "50000"}, func(t *testing.T, r map[string]any) {
			if num(t, r["limit"]) != 32000 || len(list(t, r["records"])) != 4 {
				t.Fatalf("limit = %v", r["limit"])
			}
		}},
		{"lists", []string{"resource_id", books, "records_format", "lists", "limit", "1"}, func(t *testing.T, r map[string]any) {
			if got := mustJSON(t, r["records"]); got != `[[1,"annakarenina","tolstoy",1878]]` {
				t.Fatalf("lists = %s", got)
			}
		}},
		{"csv", []string{"resource_id", books, "records_format", "csv", "limit", "2"}, func(t *testing.T, r map[string]any) {
			if r["records"] != "1,annakarenina,tolstoy,1878\n2,warandpeace,tolstoy,1869\n" {
				t.Fatalf("csv = %q", r["records"])
			}
		}},
		{"tsv", []string{"resource_id", books, "records_format", "tsv", "limit", "1", "offset", "3"}, func(t *testing.T, r map[string]any) {
			if r["records"] != "4\tdubliners\tjoyce\t1914\n" || num(t, r["offset"]) != 3 {
				t.Fatalf("tsv = %q", r["records"])
			}
		}},
		{"_table_metadata", []string{"resource_id", "_table_metadata"}, func(t *testing.T, r map[string]any) {
			names := column(t, r, "name")
			if !slices.Contains(names, books) || !slices.Contains(names, "books-alias") || slices.Contains(names, e.res["hidden"]) {
				t.Fatalf("anonymous _table_metadata = %v", names)
			}
			for _, rec := range list(t, r["records"]) {
				if m := obj(t, rec); m["name"] == "books-alias" && m["alias_of"] != books {
					t.Fatalf("alias row = %v", m)
				}
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { tc.check(t, e.search(t, "", tc.q...)) })
	}

	t.Run("_links", func(t *testing.T) {
		r := e.search(t, "", "resource_id", books, "limit", "1", "offset", "2", "q", "a b")
		// action() encodes the query sorted by key: limit, offset, q, resource_id.
		base := "/api/3/action/datastore_search?"
		want := map[string]string{
			"start": base + "limit=1&q=a+b&resource_id=" + books,
			"next":  base + "limit=1&offset=3&q=a+b&resource_id=" + books,
			"prev":  base + "limit=1&offset=1&q=a+b&resource_id=" + books,
		}
		got := obj(t, r["_links"])
		for k, v := range want {
			if got[k] != v {
				t.Fatalf("_links[%s] = %v, want %v", k, got[k], v)
			}
		}
		// No prev when offset-limit is not above zero; POST has no query string.
		p := e.post(t, "", "datastore_search", map[string]any{"resource_id": books, "offset": 100})
		links := obj(t, obj(t, p.result(t))["_links"])
		if links["start"] != "/api/3/action/datastore_search" || links["next"] != "/api/3/action/datastore_search?offset=200" || links["prev"] != nil {
			t.Fatalf("POST _links = %v", links)
		}
	})

	runScenarios(t, e, nil, []scenario{
		{name: "unknown resource", req: request{path: action("datastore_search", "resource_id", "nope")}, status: 404,
			errType: "Not Found Error", check: wantMessage(`Not found: Resource "nope" was not found.`)},
		{name: "missing resource_id", req: request{path: action("datastore_search")}, status: 409,
			check: wantField("resource_id", "Missing value")},
		{name: "bad sort", req: request{path: action("datastore_search", "resource_id", "RES:books", "sort", "füü asc")}, status: 409,
			check: wantField("sort", `invalid value "füü asc"`)},
		{name: "bad field", req: request{path: action("datastore_search", "resource_id", "RES:books", "fields", "nope")}, status: 409,
			check: wantField("fields", `invalid value "nope"`)},
		{name: "bad records_format", req: request{path: action("datastore_search", "resource_id", "RES:books", "records_format", "xml")}, status: 409,
			check: wantField("records_format", "Value must be one of ['objects', 'lists', 'csv', 'tsv']")},
		{name: "negative limit", req: request{path: action("datastore_search", "resource_id", "RES:books", "limit", "-1")}, status: 409,
			check: wantField("limit", "Must be a natural number")},
		{name: "private table, anonymous", req: request{path: action("datastore_search", "resource_id", "RES:hidden")}, status: 403,
			errType: "Authorization Error"},
		{name: "private table, outsider", req: request{path: action("datastore_search", "resource_id", "RES:hidden"), as: "outsider"},
			status: 403, errType: "Authorization Error"},
		{name: "private table, member", req: request{path: action("datastore_search", "resource_id", "RES:hidden"), as: "nso-member"},
			status: 200},
		{name: "private table, sysadmin", req: request{path: action("datastore_search", "resource_id", "RES:hidden"), as: "admin"},
			status: 200},
	})
}

func testDataStoreUpsert(t *testing.T, e *env) {
	books := e.res["books"]
	body := func(method string, records ...map[string]any) map[string]any {
		recs := make([]any, len(records))
		for i, r := range records {
			recs[i] = r
		}
		b := map[string]any{"resource_id": books, "records": recs}
		if method != "" {
			b["method"] = method
		}
		return b
	}
	cases := []struct {
		name   string
		as     string
		body   map[string]any
		status int
		field  string
		msg    string
	}{
		{"anonymous", "", body("", map[string]any{"book": "x"}), 403, "", ""},
		{"member", "nso-member", body("", map[string]any{"book": "x"}), 403, "", ""},
		{"missing key", "nso-editor", body("upsert", map[string]any{"author": "x"}), 409, "key", `fields "book" are missing but needed as key`},
		{"unknown column", "nso-editor", body("upsert", map[string]any{"book": "x", "dummy": 1}), 409, "fields", `fields "dummy" do not exist`},
		{"insert duplicate", "nso-editor", body("insert", map[string]any{"book": "dubliners"}), 409, "records",
			`duplicate key value violates unique constraint "` + books + `#pk"`},
		{"update unknown key", "nso-editor", body("update", map[string]any{"book": "ulysses", "year": 1922}), 409, "key", `key "ulysses" not found`},
		{"bad method", "nso-editor", body("replace", map[string]any{"book": "x"}), 409, "method", `"replace" is not a valid method`},
		{"unknown resource", "nso-editor", map[string]any{"resource_id": "nope", "records": []any{}}, 404, "", ""},
		{"read-only resource", "nso-editor", map[string]any{"resource_id": e.res["observations"], "records": []any{}}, 409, "read-only", readOnlyText},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := e.post(t, tc.as, "datastore_upsert", tc.body)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.raw)
			}
			if tc.field != "" {
				if got := strs(t, r.errorOf(t)[tc.field]); len(got) == 0 || got[0] != tc.msg {
					t.Fatalf("%s = %v, want %q", tc.field, got, tc.msg)
				}
			}
		})
	}
	total := func() int { return num(t, e.search(t, "", "resource_id", books)["total"]) }
	if total() != 4 {
		t.Fatalf("failed upserts changed the table: total %d", total())
	}
	// A dry run answers as a real one would and keeps nothing.
	b := body("", map[string]any{"book": "ulysses", "author": "joyce", "year": 1922})
	b["dry_run"] = true
	if r := e.post(t, "nso-editor", "datastore_upsert", b); r.status != 200 || total() != 4 {
		t.Fatalf("dry run: %d %s, total %d", r.status, r.raw, total())
	}
	b["dry_run"] = false
	r := e.post(t, "nso-editor", "datastore_upsert", b)
	if r.status != 200 || total() != 5 {
		t.Fatalf("upsert insert: %d %s, total %d", r.status, r.raw, total())
	}
	if res := obj(t, r.result(t)); res["method"] != "upsert" || res["resource_id"] != books || res["records"] != nil {
		t.Fatalf("upsert result = %v", res)
	}
	if r := e.post(t, "nso-admin", "datastore_upsert", body("update", map[string]any{"book": "ulysses", "year": 1918})); r.status != 200 {
		t.Fatalf("update: %d %s", r.status, r.raw)
	}
	got := e.search(t, "", "resource_id", books, "filters", `{"book":"ulysses"}`)
	if column(t, got, "year")[0] != "1918" || total() != 5 {
		t.Fatalf("after update: %v", got["records"])
	}
}

func testDataStoreDump(t *testing.T, e *env, secret string) {
	// CKAN's test_dump_basic table.
	id := e.dsCreate(t, "nso-editor", map[string]any{
		"resource": map[string]any{"package_id": "internet-users", "name": "dump"},
		"fields":   []any{map[string]any{"id": "book", "type": "text"}},
		"records":  []any{map[string]any{"book": "annakarenina"}, map[string]any{"book": "warandpeace"}},
	})["resource_id"].(string)
	get := func(as, query string) response {
		return e.do(t, nil, request{path: "/datastore/dump/" + id + query, as: as})
	}
	cases := []struct {
		name, query, ctype, ext, body string
	}{
		{"csv", "", "text/csv; charset=utf-8", "csv", "_id,book\r\n1,annakarenina\n2,warandpeace\n"},
		{"bom", "?bom=true", "text/csv; charset=utf-8", "csv", "\ufeff_id,book\r\n1,annakarenina\n2,warandpeace\n"},
		{"tsv", "?format=tsv", "text/tab-separated-values; charset=utf-8", "tsv", "_id\tbook\r\n1\tannakarenina\n2\twarandpeace\n"},
		{"json", "?format=json", "application/json; charset=utf-8", "json",
			`{"fields":[{"id":"_id","type":"int"},{"id":"book","type":"text"}],"records":[[1,"annakarenina"],[2,"warandpeace"]]}` + "\n"},
		{"xml", "?format=xml", "text/xml; charset=utf-8", "xml",
			"<data xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n<row _id=\"1\"><book>annakarenina</book></row>\n" +
				"<row _id=\"2\"><book>warandpeace</book></row>\n</data>\n"},
		{"limit and offset", "?limit=1&offset=1", "text/csv; charset=utf-8", "csv", "_id,book\r\n2,warandpeace\n"},
		{"q, fields and sort", "?q=warandpeace&fields=book&sort=book+desc", "text/csv; charset=utf-8", "csv", "book\r\nwarandpeace\n"},
		{"filters", "?filters=" + url.QueryEscape(`{"book":"annakarenina"}`), "text/csv; charset=utf-8", "csv", "_id,book\r\n1,annakarenina\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := get("", tc.query)
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r.raw)
			}
			if string(r.raw) != tc.body {
				t.Fatalf("body = %q, want %q", r.raw, tc.body)
			}
			if ct := r.header.Get("Content-Type"); ct != tc.ctype {
				t.Fatalf("Content-Type = %q", ct)
			}
			if cd := r.header["Content-disposition"]; len(cd) != 1 || cd[0] != `attachment; filename="`+id+`.`+tc.ext+`"` {
				t.Fatalf("Content-disposition = %v (headers %v)", cd, r.header)
			}
		})
	}
	for _, tc := range []struct {
		name, path, as string
		status         int
	}{
		{"unknown table", "/datastore/dump/nope", "", 404},
		{"private table, anonymous", "/datastore/dump/" + secret, "", 404},
		{"private table, outsider", "/datastore/dump/" + secret, "outsider", 404},
		{"private table, member", "/datastore/dump/" + secret, "nso-member", 200},
		{"bad format", "/datastore/dump/" + id + "?format=pdf", "", 400},
		{"bad limit", "/datastore/dump/" + id + "?limit=x", "", 400},
		{"bad sort", "/datastore/dump/" + id + "?sort=nope", "", 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(t, nil, request{path: tc.path, as: tc.as})
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.raw)
			}
			if tc.status != 200 && r.header["Content-disposition"] != nil {
				t.Fatalf("an error carries the dump's headers: %v", r.header)
			}
		})
	}
}

func testDataStoreDelete(t *testing.T, e *env, ds *datastore.Store) {
	id := e.dsCreate(t, "nso-editor", map[string]any{
		"resource": map[string]any{"package_id": "internet-users", "name": "to delete"},
		"fields":   bookFields, "records": bookRecords,
	})["resource_id"].(string)
	total := func() int { return num(t, e.search(t, "", "resource_id", id)["total"]) }
	for _, tc := range []struct {
		name   string
		action string
		body   map[string]any
		status int
		field  string
		msg    string
	}{
		{"filters not a dict", "datastore_delete", map[string]any{"resource_id": id, "filters": "book"}, 409, "filters", "filters must be either a dict or null."},
		{"records_delete without filters", "datastore_records_delete", map[string]any{"resource_id": id}, 409, "filters", "Missing value"},
		{"unknown filter field", "datastore_delete", map[string]any{"resource_id": id, "filters": map[string]any{"nope": 1}}, 409, "filters", `invalid value "nope"`},
		{"anonymous", "datastore_delete", map[string]any{"resource_id": id}, 403, "", ""},
		{"member", "datastore_records_delete", map[string]any{"resource_id": id, "filters": map[string]any{}}, 403, "", ""},
		{"unknown resource", "datastore_delete", map[string]any{"resource_id": "nope"}, 404, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			as := "nso-editor"
			if tc.status == 403 {
				as = map[string]string{"anonymous": "", "member": "nso-member"}[tc.name]
			}
			r := e.post(t, as, tc.action, tc.body)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.raw)
			}
			if tc.field != "" {
				if got := strs(t, r.errorOf(t)[tc.field]); len(got) != 1 || got[0] != tc.msg {
					t.Fatalf("%s = %v", tc.field, got)
				}
			}
		})
	}
	if total() != 4 {
		t.Fatalf("failed deletes changed the table: %d rows", total())
	}
	r := e.post(t, "nso-editor", "datastore_delete", map[string]any{"resource_id": id, "filters": map[string]any{"author": "tolstoy"}})
	if r.status != 200 || total() != 2 {
		t.Fatalf("delete by filter: %d %s, %d rows", r.status, r.raw, total())
	}
	if res := obj(t, r.result(t)); res["resource_id"] != id || mustJSON(t, res["filters"]) != `{"author":"tolstoy"}` {
		t.Fatalf("delete result = %v", res)
	}
	if r := e.post(t, "nso-editor", "datastore_records_delete", map[string]any{"resource_id": id, "filters": map[string]any{}}); r.status != 200 || total() != 0 {
		t.Fatalf("records_delete {}: %d %s, %d rows", r.status, r.raw, total())
	}
	if resourceOf(t, e, id)["datastore_active"] != true {
		t.Fatal("records_delete cleared datastore_active")
	}
	if r := e.post(t, "nso-admin", "datastore_delete", map[string]any{"resource_id": id}); r.status != 200 {
		t.Fatalf("drop: %d %s", r.status, r.raw)
	}
	if ok, _ := ds.Exists(context.Background(), id); ok {
		t.Fatal("table still there after datastore_delete without filters")
	}
	if resourceOf(t, e, id)["datastore_active"] != false {
		t.Fatal("datastore_active still set after the table was dropped")
	}
	if r := e.do(t, nil, request{path: action("datastore_search", "resource_id", id)}); r.status != 404 {
		t.Fatalf("search after drop: %d %s", r.status, r.raw)
	}
}

// TestDataStorePermissionMatrix checks search, dump and upsert on tables of public,
// private, draft and deleted datasets for every role.
func TestDataStorePermissionMatrix(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		e, ds := newDataStoreEnv(t, s, false)
		ctx := context.Background()
		tables := map[string]string{}
		for _, kind := range matrixKinds {
			_, rid := e.target(t, "ds-"+kind, kind)
			if _, err := ds.Create(ctx, datastore.CreateRequest{ResourceID: rid, PrimaryKey: []string{"k"},
				Records: []map[string]any{{"k": "a", "v": 1}}}); err != nil {
				t.Fatal(err)
			}
			tables[kind] = rid
		}
		for _, kind := range matrixKinds {
			for _, role := range matrixRoles {
				t.Run(kind+"/"+roleName(role), func(t *testing.T) {
					rid := tables[kind]
					r := e.do(t, nil, request{path: action("datastore_search", "resource_id", rid), as: role})
					expectCell(t, r, canReadKind(role, kind), func(res any) bool { return len(list(t, obj(t, res)["records"])) == 1 })
					d := e.do(t, nil, request{path: "/datastore/dump/" + rid, as: role})
					if want := map[bool]int{true: 200, false: 404}[canReadKind(role, kind)]; d.status != want {
						t.Fatalf("dump: %d, want %d", d.status, want)
					}
					u := e.post(t, role, "datastore_upsert", map[string]any{"resource_id": rid, "force": true,
						"records": []any{map[string]any{"k": "a", "v": 2}}})
					expectCell(t, u, canWriteKind(role, kind), nil)
				})
			}
		}
		// Without SQLSearchEnabled the action does not exist, as in CKAN by default.
		r := e.do(t, nil, request{path: action("datastore_search_sql", "sql", "SELECT 1")})
		if r.status != 400 {
			t.Fatalf("datastore_search_sql disabled: %d %s", r.status, r.raw)
		}
		wantBare("Bad request - Action name not known: datastore_search_sql")(t, e, r)
	})
}

// TestDataStoreUpload: an uploaded table is loaded into the DataStore before the upload's
// answer, the resource becomes datastore_active and datastore_search finds its rows, by a
// Thai word too. A file that cannot be loaded still uploads.
func TestDataStoreUpload(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		e, ds := newDataStoreEnv(t, s, false)
		csv := "province,product,price\nเชียงใหม่,ผ้าไหมมัดหมี่,1200\nขอนแก่น,น้ำพริกเผา,80\nเชียงใหม่,กาแฟคั่วบด,250\n"
		r := e.upload(t, "nso-editor", "resource_create", map[string]string{"package_id": "village-fund", "name": "products"},
			"products.csv", []byte(csv))
		if r.status != 200 {
			t.Fatalf("upload: %d %s", r.status, r.raw)
		}
		res := obj(t, r.result(t))
		id := res["id"].(string)
		if res["datastore_active"] != true || res["url_type"] != "upload" {
			t.Fatalf("uploaded resource = %v", res)
		}
		if resourceOf(t, e, id)["datastore_active"] != true {
			t.Fatal("datastore_active not stored")
		}
		st := e.loadStatus(t, "", id)
		if st["status"] != "complete" || len(obj(t, st["error"])) != 0 || st["job_id"] == "" ||
			num(t, obj(t, obj(t, st["task_info"])["report"])["rows_loaded"]) != 3 {
			t.Fatalf("load status = %v", st)
		}
		all := e.search(t, "", "resource_id", id)
		if num(t, all["total"]) != 3 || !slices.Equal(column(t, all, "product"), []string{"ผ้าไหมมัดหมี่", "น้ำพริกเผา", "กาแฟคั่วบด"}) {
			t.Fatalf("loaded rows = %v", all["records"])
		}
		if got := column(t, e.search(t, "", "resource_id", id, "q", "เชียงใหม่"), "product"); len(got) != 2 {
			t.Fatalf("Thai q province = %v", got)
		}
		if got := column(t, e.search(t, "", "resource_id", id, "q", "กาแฟ"), "product"); !slices.Equal(got, []string{"กาแฟคั่วบด"}) {
			t.Fatalf("Thai q product word = %v", got)
		}
		// The search index sees the flag change too (AfterWrite ran after the load).
		if ps := obj(t, e.do(t, nil, request{path: action("package_show", "id", "village-fund")}).result(t)); !strings.Contains(mustJSON(t, ps["resources"]), `"datastore_active":true`) {
			t.Fatalf("package_show resources = %v", ps["resources"])
		}

		// A new file replaces the table.
		r = e.upload(t, "nso-editor", "resource_update", map[string]string{"id": id, "name": "products"}, "products.csv",
			[]byte("province,product,price\nลำปาง,ชามตราไก่,45\n"))
		if r.status != 200 || num(t, e.search(t, "", "resource_id", id)["total"]) != 1 {
			t.Fatalf("re-upload: %d %s", r.status, r.raw)
		}

		// A broken spreadsheet: the upload succeeds, the failure is recorded, the flag stays off.
		r = e.upload(t, "nso-editor", "resource_create", map[string]string{"package_id": "village-fund", "name": "broken"},
			"broken.xlsx", []byte("this is not a spreadsheet"))
		if r.status != 200 {
			t.Fatalf("broken upload: %d %s", r.status, r.raw)
		}
		broken := obj(t, r.result(t))
		if broken["datastore_active"] != false {
			t.Fatalf("broken upload marked active: %v", broken)
		}
		if st := e.loadStatus(t, "", broken["id"].(string)); st["status"] != "error" || obj(t, st["error"])["message"] == "" {
			t.Fatalf("broken load status = %v", st)
		}
		if ok, _ := ds.Exists(context.Background(), broken["id"].(string)); ok {
			t.Fatal("a table was made from a broken file")
		}

		// Not a table: nothing is loaded.
		r = e.upload(t, "nso-editor", "resource_create", map[string]string{"package_id": "village-fund", "name": "report"},
			"report.pdf", []byte("%PDF-1.4 not a table"))
		if r.status != 200 || obj(t, r.result(t))["datastore_active"] != false {
			t.Fatalf("pdf upload: %d %s", r.status, r.raw)
		}
		if r := e.do(t, nil, request{path: action("xloader_status", "resource_id", obj(t, r.result(t))["id"].(string))}); r.status != http.StatusNotFound ||
			r.errorOf(t)["message"] != "Not found" {
			t.Fatalf("status of a PDF: %d %s", r.status, r.raw)
		}
	})
}

// TestDataStoreNoServerErrors throws wrongly typed input at every DataStore action: each
// must answer with a CKAN error or a result, never a 500.
func TestDataStoreNoServerErrors(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		e, _ := newDataStoreEnv(t, s, true)
		books := e.dsCreate(t, "admin", map[string]any{"resource": map[string]any{"package_id": "internet-users"},
			"fields": bookFields, "records": bookRecords})["resource_id"].(string)
		values := []string{`null`, `true`, `-1`, `1.5`, `""`, `"x"`, `[1,{"a":null}]`, `{"a":[1]}`, `{"book":{"x":1}}`,
			`"` + strings.Repeat("ก", 50) + `"`, `"book desc nulls"`, `["book", 1]`}
		actions := map[string][]string{
			"datastore_create":         {"resource", "fields", "records", "primary_key", "indexes", "aliases", "force", "delete_fields"},
			"datastore_upsert":         {"records", "method", "dry_run", "force"},
			"datastore_delete":         {"filters", "force"},
			"datastore_records_delete": {"filters"},
			"datastore_search":         {"filters", "q", "full_text", "plain", "distinct", "fields", "sort", "limit", "offset", "include_total", "total_estimation_threshold", "records_format", "language"},
			"datastore_info":           {"id"},
			"datastore_search_sql":     {"sql"},
		}
		for name, keys := range actions {
			for _, k := range append(keys, "resource_id") {
				for _, v := range values {
					body := fmt.Sprintf(`{"resource_id": %q, %q: %s}`, books, k, v)
					if k == "resource_id" {
						body = fmt.Sprintf(`{"resource_id": %s}`, v)
					}
					r := e.do(t, nil, request{method: "POST", path: "/api/3/action/" + name, body: body, as: "admin"})
					if r.status >= 500 || r.body == nil {
						t.Fatalf("%s %s: %d %s", name, body, r.status, r.raw)
					}
				}
			}
		}
		for _, q := range []string{"format=x", "limit=-1", "q=" + url.QueryEscape(`{"nope":"x"}`), "filters=[", "sort=" + url.QueryEscape(`"`),
			"fields=", "plain=false&q=" + url.QueryEscape("a & (b"), "distinct=maybe"} {
			r := e.do(t, nil, request{path: "/datastore/dump/" + books + "?" + q})
			if r.status >= 500 {
				t.Fatalf("dump ?%s: %d %s", q, r.status, r.raw)
			}
		}
	})
}

// TestDataStoreSeededVillageFund loads the sample catalog's tables once and searches the
// village-fund registry and product base (SQLite; about a minute).
func TestDataStoreSeededVillageFund(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and loads the whole sample catalog")
	}
	ctx := context.Background()
	b := catalogtest.Backends(t)[0]
	s := catalogtest.Open(t, b)
	uploads := t.TempDir()
	if _, err := seed.Build(ctx, s, uploads, nil); err != nil {
		t.Fatal(err)
	}
	ds := openDataStore(t, s)
	if _, err := seed.LoadDataStore(ctx, s, ds, uploads, nil); err != nil {
		t.Fatal(err)
	}
	e := &env{store: s, tokens: map[string]string{}, ids: map[string]string{}, res: map[string]string{}}
	// Only DataStore actions run here, so the package search index is not built.
	e.api = &ckan.API{Store: s, SiteURL: siteURL, DataStore: ds, UploadDir: uploads}
	e.mux = http.NewServeMux()
	e.api.Register(e.mux)

	registry := seed.ID("resource", "village-fund-registry/village-funds.csv")
	products := seed.ID("resource", "village-fund-products/village-fund-products.csv")
	all := e.search(t, "", "resource_id", registry, "include_total", "true", "limit", "1")
	if num(t, all["total"]) != 79610 || all["total_was_estimated"] != false {
		t.Fatalf("registry total = %v", all["total"])
	}
	cm := e.search(t, "", "resource_id", registry, "q", "เชียงใหม่", "limit", "5")
	if num(t, cm["total"]) == 0 || len(list(t, cm["records"])) != 5 {
		t.Fatalf("เชียงใหม่ found %v rows", cm["total"])
	}
	for _, rec := range list(t, cm["records"]) {
		if obj(t, rec)["province_name_th"] != "เชียงใหม่" {
			t.Fatalf("เชียงใหม่ found %v", rec)
		}
	}
	// The same through a per-field q equals the exact province filter's count.
	byFilter := e.search(t, "", "resource_id", registry, "filters", `{"province_name_th":"เชียงใหม่"}`, "limit", "0")
	byField := e.search(t, "", "resource_id", registry, "q", `{"province_name_th":"เชียงใหม่"}`, "limit", "0")
	if num(t, byFilter["total"]) != num(t, byField["total"]) || num(t, byFilter["total"]) == 0 {
		t.Fatalf("province: filter %v, per-field q %v", byFilter["total"], byField["total"])
	}
	honey := e.search(t, "", "resource_id", products, "q", "น้ำผึ้ง", "limit", "3")
	if num(t, honey["total"]) == 0 {
		t.Fatal("no product found by น้ำผึ้ง")
	}
	for _, rec := range list(t, honey["records"]) {
		if name := fmt.Sprint(obj(t, rec)["product_name_th"]); !strings.Contains(name, "น้ำผึ้ง") {
			t.Fatalf("น้ำผึ้ง found %q", name)
		}
	}
	// The dump streams the whole registry: a header and 79,610 rows.
	rec := httptest.NewRecorder()
	e.mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/datastore/dump/"+registry, nil))
	if rec.Code != 200 || bytes.Count(rec.Body.Bytes(), []byte("\n")) != 79611 {
		t.Fatalf("dump: %d, %d lines", rec.Code, bytes.Count(rec.Body.Bytes(), []byte("\n")))
	}
}

// TestDataStoreTablesFollowResources: resource_delete and dataset_purge drop the tables
// of the resources they remove (and their load status), as CKAN drops a deleted
// resource's table; package_delete keeps them, since the dataset can be restored. The
// load status of a private dataset's table is not shown to outsiders.
func TestDataStoreTablesFollowResources(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		ctx := context.Background()
		e, ds := newDataStoreEnv(t, s, false)
		upload := func(pkg, name string) string {
			t.Helper()
			r := e.upload(t, "nso-editor", "resource_create", map[string]string{"package_id": pkg, "name": name}, name+".csv",
				[]byte("province,funds\nเชียงใหม่,2066\nลำปาง,900\n"))
			if r.status != http.StatusOK {
				t.Fatalf("upload %s: %d %s", name, r.status, r.raw)
			}
			return obj(t, r.result(t))["id"].(string)
		}
		exists := func(id string) bool {
			t.Helper()
			ok, err := ds.Exists(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		hasStatus := func(id string) bool {
			_, err := ds.GetLoadStatus(ctx, id)
			return err == nil
		}
		one, two := upload("village-fund", "one"), upload("village-fund", "two")
		if !exists(one) || !exists(two) || !hasStatus(one) {
			t.Fatal("uploads not loaded")
		}
		if r := e.post(t, "nso-editor", "resource_delete", map[string]any{"id": one}); r.status != http.StatusOK {
			t.Fatalf("resource_delete: %d %s", r.status, r.raw)
		}
		if exists(one) || hasStatus(one) {
			t.Fatal("resource_delete kept the table or its load status")
		}
		if !exists(two) {
			t.Fatal("resource_delete dropped another resource's table")
		}
		if r := e.do(t, nil, request{path: action("datastore_search", "resource_id", one)}); r.status != http.StatusNotFound {
			t.Fatalf("search of a deleted resource: %d %s", r.status, r.raw)
		}

		// A private dataset: its table's status is hidden from others, shown to members.
		secret := upload("secret-survey", "secret")
		if r := e.do(t, nil, request{path: action("xloader_status", "resource_id", secret)}); r.status != http.StatusForbidden {
			t.Fatalf("anonymous xloader_status of a private table: %d %s", r.status, r.raw)
		}
		if st := e.loadStatus(t, "nso-member", secret); st["status"] != "complete" {
			t.Fatalf("member's status = %v", st)
		}
		// package_delete is soft: the tables stay, and come back with the dataset.
		if r := e.post(t, "admin", "package_delete", map[string]any{"id": "secret-survey"}); r.status != http.StatusOK {
			t.Fatalf("package_delete: %d %s", r.status, r.raw)
		}
		if !exists(secret) {
			t.Fatal("package_delete dropped the table")
		}
		// dataset_purge removes them for good.
		if r := e.post(t, "admin", "dataset_purge", map[string]any{"id": "secret-survey"}); r.status != http.StatusOK {
			t.Fatalf("dataset_purge: %d %s", r.status, r.raw)
		}
		if exists(secret) || hasStatus(secret) {
			t.Fatal("dataset_purge kept the table or its load status")
		}
		if r := e.post(t, "admin", "dataset_purge", map[string]any{"id": "village-fund"}); r.status != http.StatusOK {
			t.Fatalf("dataset_purge: %d %s", r.status, r.raw)
		}
		if exists(two) {
			t.Fatal("dataset_purge kept the table")
		}
	})
}
