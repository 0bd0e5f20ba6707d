package graph

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

func testErrors(t *testing.T, fx *fixture) {
	for _, tc := range []struct {
		name, query string
		vars        map[string]any
		code, msg   string
		field       string // a key of extensions.fields, for BAD_USER_INPUT
	}{
		{name: "dataset not found", query: `{ dataset(name: "no-such-dataset") { id } }`, code: codeNotFound, msg: "Package was not found"},
		{name: "organization not found", query: `{ organization(name: "no-such-org") { id } }`, code: codeNotFound, msg: "Organization was not found"},
		{name: "tag not found", query: `{ tag(name: "no-such-tag") { id } }`, code: codeNotFound, msg: "Could not find tag"},
		{name: "resource not found", query: `{ resource(id: "no-such-resource") { id } }`, code: codeNotFound, msg: "was not found"},
		{name: "license not found", query: `{ license(id: "no-such-license") { id } }`, code: codeNotFound, msg: "was not found"},
		{name: "indicator not found", query: `{ indicator(code: "TDDC-NONE") { code } }`, code: codeNotFound, msg: "was not found"},
		{name: "framework not found", query: `{ framework(id: "NONE") { id } }`, code: codeNotFound, msg: "was not found"},
		{name: "id and name", query: `{ dataset(id: "a", name: "b") { id } }`, code: codeBadUserInput, msg: "not both", field: "id"},
		{name: "neither id nor name", query: `{ organization { id } }`, code: codeBadUserInput, msg: "give id or name", field: "id"},
		{name: "bad filter field", query: `{ datasets(search: {filters: [{field: "password", values: ["x"]}]}) { totalCount } }`,
			code: codeBadUserInput, msg: "not a filter field", field: "search.filters[0].field"},
		{name: "bad facet field", query: `{ datasets { facets(fields: ["nope"]) { field } } }`, code: codeBadUserInput, msg: "not a facet field", field: "fields"},
		{name: "bad query syntax", query: `{ datasets(search: {q: "title:(ยา"}) { totalCount } }`, code: codeBadUserInput, msg: "search", field: "search"},
		{name: "bad sort", query: `{ datasets(search: {sort: "password desc"}) { totalCount } }`, code: codeBadUserInput, msg: "sort", field: "search"},
		{name: "bad group sort", query: `{ organizations(sort: "secret") { totalCount } }`, code: codeBadUserInput, msg: "Cannot sort", field: "sort"},
		{name: "bad cursor", query: `{ datasets(after: "not-a-cursor") { totalCount } }`, code: codeBadUserInput, msg: "cursor", field: "after"},
		{name: "negative page size", query: `{ tags(first: -1) { totalCount } }`, code: codeBadUserInput, msg: "negative", field: "first"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := post(t, fx.h, tc.query, tc.vars)
			wantError(t, r, tc.code, tc.msg)
			if tc.field != "" {
				fields, _ := r.Errors[0].Extensions["fields"].(map[string]any)
				if _, ok := fields[tc.field]; !ok {
					t.Fatalf("extensions.fields %v lacks %q", r.Errors[0].Extensions, tc.field)
				}
			}
		})
	}

	t.Run("internal errors are generic", func(t *testing.T) {
		var logged bytes.Buffer
		r := &Resolver{log: slog.New(slog.NewTextHandler(&logged, nil))}
		ctx := withActor(context.Background(), nil)
		e := r.presentError(ctx, errors.New("db password leaked"))
		if e.Message != "internal server error" || e.Extensions["code"] != codeInternal || strings.Contains(e.Message, "password") {
			t.Fatalf("presented %+v", e)
		}
		if c := strings.Count(logged.String(), "db password leaked"); c != 1 {
			t.Fatalf("logged %d times: %s", c, logged.String())
		}
	})
}

func testLimits(t *testing.T, fx *fixture) {
	h := NewHandler(fx.store, fx.index, Options{MaxPageSize: 50, MaxDepth: 6, MaxComplexity: 2000, MaxBodyBytes: 4096})
	for _, tc := range []struct {
		name, query string
		code, limit string
	}{
		{"page size", `{ datasets(first: 51) { totalCount } }`, codePageSizeLimit, "maxPageSize"},
		{"nested page size", `{ organization(name: "nso") { datasets(first: 500) { totalCount } } }`, codePageSizeLimit, "maxPageSize"},
		{"depth", `{ datasets { nodes { resources { dataset { organization { datasets { totalCount } } } } } } }`, codeDepthLimit, "maxDepth"},
		{"complexity", `{ datasets(first: 50) { nodes { organization { datasets(first: 50) { nodes { name } } } } } }`, codeComplexityLimit, "maxComplexity"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := post(t, h, tc.query, nil)
			wantError(t, r, tc.code, tc.limit)
			if r.Errors[0].Extensions["limit"] != tc.limit {
				t.Fatalf("extensions %v do not name %s", r.Errors[0].Extensions, tc.limit)
			}
		})
	}

	t.Run("within the limits", func(t *testing.T) {
		var v struct{ Datasets struct{ TotalCount int } }
		mustData(t, post(t, h, `{ datasets(first: 50) { totalCount nodes { name resources { url } } } }`, nil), &v)
		if v.Datasets.TotalCount == 0 {
			t.Fatal("no datasets")
		}
	})

	t.Run("introspection is not limited by depth", func(t *testing.T) {
		var v struct {
			Schema struct {
				Types []struct{ Name string } `json:"types"`
			} `json:"__schema"`
		}
		mustData(t, post(t, h, `{ __schema { types { name fields { type { ofType { ofType { ofType { ofType { name } } } } } } } } }`, nil), &v)
		if len(v.Schema.Types) == 0 {
			t.Fatal("no types")
		}
	})

	t.Run("body size", func(t *testing.T) {
		q := `{ datasets { totalCount } }` + strings.Repeat(" ", 5000)
		r := post(t, h, q, nil)
		if r.status != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d", r.status)
		}
		wantError(t, r, codeBodyLimit, "maxBodyBytes")
	})

	t.Run("timeout", func(t *testing.T) {
		// A deadline that has passed before the first statement: every store and
		// index call fails, which is what a slow request meets at its deadline.
		h := NewHandler(fx.store, fx.index, Options{Timeout: time.Nanosecond})
		wantError(t, post(t, h, `{ dataset(name: "tddc-oecd-use-001") { id } }`, nil), codeTimeout, "timeout")
	})
}

func testTransports(t *testing.T, fx *fixture) {
	const q = `{ license(id: "cc-by") { title } }`
	check := func(t *testing.T, r gqlResponse) {
		t.Helper()
		var v struct{ License struct{ Title string } }
		mustData(t, r, &v)
		if v.License.Title != "Creative Commons Attribution" {
			t.Fatalf("license %+v", v)
		}
	}

	t.Run("GET", func(t *testing.T) {
		req := httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(q), nil)
		req.Header.Set("Authorization", "Bearer "+fx.memberToken)
		check(t, serve(t, fx.h, req))
	})

	t.Run("multipart", func(t *testing.T) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		ops, _ := json.Marshal(map[string]any{"query": q})
		_ = mw.WriteField("operations", string(ops))
		_ = mw.WriteField("map", "{}")
		_ = mw.Close()
		req := httptest.NewRequest(http.MethodPost, "/graphql", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		check(t, serve(t, fx.h, req))
	})

	t.Run("automatic persisted query", func(t *testing.T) {
		sum := sha256.Sum256([]byte(q))
		ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
		send := func(query string) gqlResponse {
			b, _ := json.Marshal(map[string]any{"query": query, "extensions": ext})
			req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(b))
			req.Header.Set("Content-Type", "application/json")
			return serve(t, fx.h, req)
		}
		if r := send(""); len(r.Errors) == 0 || !strings.Contains(r.Errors[0].Message, "PersistedQueryNotFound") {
			t.Fatalf("unknown hash: %+v", r.Errors)
		}
		check(t, send(q))
		check(t, send(""))
	})

	t.Run("introspection can be disabled", func(t *testing.T) {
		h := NewHandler(fx.store, fx.index, Options{DisableIntrospection: true})
		r := post(t, h, `{ __schema { queryType { name } } }`, nil)
		if len(r.Errors) == 0 {
			t.Fatal("introspection answered")
		}
		var v struct {
			Schema struct{ QueryType struct{ Name string } } `json:"__schema"`
		}
		mustData(t, post(t, fx.h, `{ __schema { queryType { name } } }`, nil), &v)
		if v.Schema.QueryType.Name != "Query" {
			t.Fatalf("introspection %+v", v)
		}
	})
}

// testStatementCount shows that a page of datasets with their resources, organization
// and tags costs the same number of SQL statements whatever its size.
func testStatementCount(t *testing.T, fx *fixture) {
	const q = `query($n: Int) { datasets(search: {sort: "name asc"}, first: $n) { totalCount edges { cursor node {
		name title organization { name title } resources { name url format } tags { name } groups { name }
		indicator { code } } } } }`
	counts := map[int]int64{}
	for _, n := range []int{1, 20, 100} {
		before := fx.statements.Load()
		var v struct {
			Datasets struct {
				Edges []struct {
					Node struct {
						Resources []struct{ URL string } `json:"resources"`
					} `json:"node"`
				} `json:"edges"`
			} `json:"datasets"`
		}
		mustData(t, post(t, fx.h, q, map[string]any{"n": n}, "Authorization", fx.memberToken), &v)
		counts[n] = fx.statements.Load() - before
		if len(v.Datasets.Edges) != n || len(v.Datasets.Edges[n-1].Node.Resources) == 0 {
			t.Fatalf("page of %d: %d edges", n, len(v.Datasets.Edges))
		}
	}
	t.Logf("SQL statements per request by page size: %v", counts)
	if counts[1] != counts[20] || counts[20] != counts[100] {
		t.Fatalf("statements grow with the page size: %v", counts)
	}
	// Authentication (token, user, memberships) plus one batch of datasets with their
	// resources, tags, groups and organization.
	if counts[100] > 12 {
		t.Fatalf("%d statements for one page", counts[100])
	}
}
