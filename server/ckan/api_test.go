package ckan_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
	"github.com/khlang/khlang/search"
	"github.com/khlang/khlang/server/ckan"
)

// scenario is one call and what must come back.
type scenario struct {
	name    string
	req     request
	status  int
	errType string // the __type of a failure envelope, when one is expected
	check   func(t *testing.T, e *env, r response)
}

func runScenarios(t *testing.T, e *env, h http.Handler, scenarios []scenario) {
	t.Helper()
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			r := e.do(t, h, sc.req)
			if r.status != sc.status {
				t.Fatalf("status = %d, want %d; body: %s", r.status, sc.status, r.raw)
			}
			if sc.errType != "" {
				if got := r.errorOf(t)["__type"]; got != sc.errType {
					t.Fatalf("__type = %v, want %q; body: %s", got, sc.errType, r.raw)
				}
			}
			if sc.check != nil {
				sc.check(t, e, r)
			}
		})
	}
}

func action(name string, q ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(q); i += 2 {
		v.Add(q[i], q[i+1])
	}
	if len(v) == 0 {
		return "/api/3/action/" + name
	}
	return "/api/3/action/" + name + "?" + v.Encode()
}

// wantNames asserts the "results" of a search result are exactly these datasets, in any order.
func wantNames(want ...string) func(t *testing.T, e *env, r response) {
	return func(t *testing.T, e *env, r response) {
		t.Helper()
		res := obj(t, r.result(t))
		got := namesOf(t, res["results"])
		slices.Sort(got)
		w := slices.Clone(want)
		slices.Sort(w)
		if !slices.Equal(got, w) {
			t.Fatalf("results = %v, want %v", got, w)
		}
		if num(t, res["count"]) != len(w) {
			t.Fatalf("count = %v, want %d", res["count"], len(w))
		}
	}
}

func wantMessage(want string) func(t *testing.T, e *env, r response) {
	return func(t *testing.T, e *env, r response) {
		t.Helper()
		if got := r.errorOf(t)["message"]; got != want {
			t.Fatalf("message = %q, want %q", got, want)
		}
	}
}

func wantBare(want string) func(t *testing.T, e *env, r response) {
	return func(t *testing.T, e *env, r response) {
		t.Helper()
		s, ok := r.body.(string)
		if !ok || !strings.HasPrefix(s, want) {
			t.Fatalf("body = %s, want a bare JSON string starting %q", r.raw, want)
		}
	}
}

func wantField(field string, msgs ...string) func(t *testing.T, e *env, r response) {
	return func(t *testing.T, e *env, r response) {
		t.Helper()
		got := strs(t, r.errorOf(t)[field])
		if !slices.Equal(got, msgs) {
			t.Fatalf("%s = %v, want %v", field, got, msgs)
		}
	}
}

var packageKeys = []string{"author", "author_email", "creator_user_id", "extras", "groups", "id", "isopen",
	"license_id", "license_title", "maintainer", "maintainer_email", "metadata_created",
	"metadata_modified", "name", "notes", "num_resources", "num_tags", "organization", "owner_org", "private",
	"relationships_as_object", "relationships_as_subject", "resources", "state", "tags", "title", "type", "url", "version"}

var resourceKeys = []string{"cache_last_updated", "cache_url", "created", "datastore_active", "description", "format",
	"hash", "id", "last_modified", "metadata_modified", "mimetype", "mimetype_inner", "name", "package_id", "position",
	"resource_type", "size", "state", "url", "url_type"}

var groupKeys = []string{"approval_status", "created", "description", "display_name", "id", "image_display_url",
	"image_url", "is_organization", "name", "num_followers", "package_count", "state", "title", "type"}

func hasKeys(t *testing.T, v any, want []string) {
	t.Helper()
	got := keys(t, v)
	for _, k := range want {
		if _, ok := slices.BinarySearch(got, k); !ok {
			t.Fatalf("key %q missing; keys = %v", k, got)
		}
	}
}

func TestActions(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		e := buildFixture(t, s)
		t.Run("envelope", func(t *testing.T) { runScenarios(t, e, nil, envelopeScenarios) })
		t.Run("packages", func(t *testing.T) { runScenarios(t, e, nil, packageScenarios) })
		t.Run("search", func(t *testing.T) { runScenarios(t, e, nil, searchScenarios) })
		t.Run("groups", func(t *testing.T) { runScenarios(t, e, nil, groupScenarios) })
		t.Run("tags and resources", func(t *testing.T) { runScenarios(t, e, nil, tagResourceScenarios) })
		t.Run("misc", func(t *testing.T) { runScenarios(t, e, nil, miscScenarios) })
		t.Run("util", func(t *testing.T) { runScenarios(t, e, nil, utilScenarios) })
		t.Run("errors", func(t *testing.T) { runScenarios(t, e, nil, errorScenarios) })
		t.Run("downloads", func(t *testing.T) { runScenarios(t, e, nil, downloadScenarios(e)) })
		t.Run("cors", func(t *testing.T) { testCORS(t, e) })
		t.Run("panic", func(t *testing.T) { testPanic(t, e) })
	})
}

var envelopeScenarios = []scenario{
	{name: "success envelope", req: request{path: action("status_show")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if ct := r.header.Get("Content-Type"); ct != "application/json;charset=utf-8" {
				t.Fatalf("Content-Type = %q", ct)
			}
			m := obj(t, r.body)
			if m["help"] != siteURL+"/api/3/action/help_show?name=status_show" {
				t.Fatalf("help = %v", m["help"])
			}
			if got := keys(t, m); !slices.Equal(got, []string{"help", "result", "success"}) {
				t.Fatalf("envelope keys = %v", got)
			}
		}},
	{name: "unversioned route", req: request{path: "/api/action/package_list"}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if got := strs(t, r.result(t)); !slices.Equal(got, publicNames) {
				t.Fatalf("package_list = %v", got)
			}
		}},
	{name: "failure envelope", req: request{path: action("package_show", "id", "nope")}, status: 404, errType: "Not Found Error",
		check: func(t *testing.T, e *env, r response) {
			m := obj(t, r.body)
			if got := keys(t, m); !slices.Equal(got, []string{"error", "help", "success"}) {
				t.Fatalf("envelope keys = %v", got)
			}
			if m["help"] != siteURL+"/api/3/action/help_show?name=package_show" {
				t.Fatalf("help = %v", m["help"])
			}
		}},
	{name: "version probe /api", req: request{path: "/api"}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if num(t, obj(t, r.body)["version"]) != 1 {
				t.Fatalf("body = %s", r.raw)
			}
		}},
	{name: "version probe /api/3", req: request{path: "/api/3"}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if num(t, obj(t, r.body)["version"]) != 3 {
				t.Fatalf("body = %s", r.raw)
			}
		}},
	{name: "version probe /api/2", req: request{path: "/api/2"}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if num(t, obj(t, r.body)["version"]) != 2 {
				t.Fatalf("body = %s", r.raw)
			}
		}},
	{name: "version probe /api/4", req: request{path: "/api/4"}, status: 404},
	{name: "JSONP wraps a GET success", req: request{path: action("package_show", "id", "internet-users", "callback", "cb", "_", "123")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if ct := r.header.Get("Content-Type"); ct != "application/javascript;charset=utf-8" {
				t.Fatalf("Content-Type = %q", ct)
			}
			body := string(r.raw)
			if !strings.HasPrefix(body, `cb({"help":`) || !strings.HasSuffix(body, "});") || !strings.Contains(body, `"name":"internet-users"`) {
				t.Fatalf("JSONP body = %s", body)
			}
		}},
	{name: "JSONP runs as anonymous", req: request{path: action("package_show", "id", "secret-survey", "callback", "cb"), as: "nso-editor"},
		status: 403, errType: "Authorization Error"},
	{name: "JSONP callback must be a name", req: request{path: action("package_list", "callback", "alert(1)//")}, status: 400,
		check: wantBare("Bad request - Invalid JSONP callback")},
	{name: "JSONP ignored for POST", req: request{method: "POST", path: "/api/3/action/package_list", body: `{"callback":"cb"}`}, status: 200,
		check: func(t *testing.T, e *env, r response) { r.result(t) }},
	{name: "form body", req: request{method: "POST", path: "/api/3/action/package_show", body: "id=internet-users",
		contentType: "application/x-www-form-urlencoded"}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if obj(t, r.result(t))["name"] != "internet-users" {
				t.Fatal(string(r.raw))
			}
		}},
	{name: "legacy JSON in a form body", req: request{method: "POST", path: "/api/3/action/package_show",
		body: `{"id": "mobile-subscriptions"}`, contentType: "application/x-www-form-urlencoded"}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if obj(t, r.result(t))["name"] != "mobile-subscriptions" {
				t.Fatal(string(r.raw))
			}
		}},
	{name: "query string wins over a JSON body", req: request{method: "POST", path: action("package_show", "id", "internet-users"),
		body: `{"id": "nope"}`}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if obj(t, r.result(t))["name"] != "internet-users" {
				t.Fatal(string(r.raw))
			}
		}},
	{name: "empty POST body", req: request{method: "POST", path: "/api/3/action/package_list"}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if len(list(t, r.result(t))) != len(publicNames) {
				t.Fatal(string(r.raw))
			}
		}},
	{name: "token in Authorization", req: request{path: action("package_show", "id", "secret-survey"), as: "nso-editor"}, status: 200},
	{name: "Bearer token", req: request{path: action("package_show", "id", "secret-survey"),
		header: map[string]string{"Authorization": "Bearer " + "TOKEN:nso-editor"}}, status: 200},
	{name: "X-CKAN-API-Key", req: request{path: action("package_show", "id", "secret-survey"),
		header: map[string]string{"X-CKAN-API-Key": "TOKEN:nso-editor"}}, status: 200},
	{name: "unknown token is anonymous", req: request{path: action("package_show", "id", "internet-users"),
		header: map[string]string{"Authorization": "not-a-token"}}, status: 200},
	{name: "unknown token cannot read private", req: request{path: action("package_show", "id", "secret-survey"),
		header: map[string]string{"Authorization": "not-a-token"}}, status: 403, errType: "Authorization Error"},
	{name: "HEAD", req: request{method: "HEAD", path: action("status_show")}, status: 200},
}

var packageScenarios = []scenario{
	{name: "package_list", req: request{path: action("package_list")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if got := strs(t, r.result(t)); !slices.Equal(got, publicNames) {
				t.Fatalf("package_list = %v, want %v", got, publicNames)
			}
		}},
	{name: "package_list for a sysadmin is still public only", req: request{path: action("package_list"), as: "admin"}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if got := strs(t, r.result(t)); !slices.Equal(got, publicNames) {
				t.Fatalf("package_list = %v", got)
			}
		}},
	{name: "package_list paging", req: request{path: action("package_list", "limit", "3", "offset", "2")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if got := strs(t, r.result(t)); !slices.Equal(got, publicNames[2:5]) {
				t.Fatalf("package_list = %v", got)
			}
		}},
	{name: "package_list bad limit", req: request{path: action("package_list", "limit", "abc")}, status: 409,
		errType: "Validation Error", check: wantField("limit", "Invalid integer")},
	{name: "package_list negative offset", req: request{path: action("package_list", "offset", "-1")}, status: 409,
		errType: "Validation Error", check: wantField("offset", "Must be a natural number")},
	{name: "package_show", req: request{path: action("package_show", "id", "internet-users")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			p := r.result(t)
			hasKeys(t, p, append(slices.Clone(packageKeys), "license_url"))
			m := obj(t, p)
			if m["id"] != e.ids["internet-users"] || m["license_title"] != "Creative Commons Attribution" || m["isopen"] != true {
				t.Fatalf("package = %s", r.raw)
			}
			res := list(t, m["resources"])
			if len(res) != 2 {
				t.Fatalf("resources = %v", res)
			}
			hasKeys(t, res[0], resourceKeys)
			want := siteURL + "/dataset/" + e.ids["internet-users"] + "/resource/" + e.res["observations"] + "/download/observations.csv"
			if u := obj(t, res[0])["url"]; u != want {
				t.Fatalf("upload url = %v, want %v", u, want)
			}
			if org := obj(t, m["organization"]); org["name"] != "nso" {
				t.Fatalf("organization = %v", org)
			}
		}},
	{name: "package_show by id", req: request{path: action("package_show", "id", "")}, status: 409, errType: "Validation Error",
		check: wantField("name_or_id", "Missing value")},
	{name: "package_show name_or_id", req: request{method: "POST", path: "/api/3/action/package_show", body: `{"name_or_id":"census-2025"}`},
		status: 200, check: func(t *testing.T, e *env, r response) {
			if obj(t, r.result(t))["name"] != "census-2025" {
				t.Fatal(string(r.raw))
			}
		}},
	{name: "package_show missing", req: request{path: action("package_show", "id", "no-such-dataset")}, status: 404, errType: "Not Found Error"},
	{name: "package_show private anonymous", req: request{path: action("package_show", "id", "secret-survey")}, status: 403,
		errType: "Authorization Error", check: func(t *testing.T, e *env, r response) {
			want := "Access denied: User  not authorized to read package " + e.ids["secret-survey"]
			wantMessage(want)(t, e, r)
		}},
	{name: "package_show private outsider", req: request{path: action("package_show", "id", "secret-survey"), as: "outsider"}, status: 403,
		errType: "Authorization Error", check: func(t *testing.T, e *env, r response) {
			wantMessage("Access denied: User outsider not authorized to read package "+e.ids["secret-survey"])(t, e, r)
		}},
	{name: "package_show private member", req: request{path: action("package_show", "id", "secret-survey"), as: "nso-editor"}, status: 200},
	{name: "package_show private sysadmin", req: request{path: action("package_show", "id", "secret-survey"), as: "admin"}, status: 200},
	{name: "package_show draft anonymous", req: request{path: action("package_show", "id", "draft-plan")}, status: 403, errType: "Authorization Error"},
	{name: "package_show draft other org member", req: request{path: action("package_show", "id", "draft-plan"), as: "nso-editor"}, status: 403, errType: "Authorization Error"},
	{name: "package_show draft sysadmin", req: request{path: action("package_show", "id", "draft-plan"), as: "admin"}, status: 200},
	{name: "package_show deleted", req: request{path: action("package_show", "id", "removed-dataset")}, status: 403, errType: "Authorization Error"},
	{name: "package_show deleted member", req: request{path: action("package_show", "id", "removed-dataset"), as: "nso-editor"}, status: 403, errType: "Authorization Error"},
	{name: "current_package_list_with_resources", req: request{path: action("current_package_list_with_resources")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			got := namesOf(t, r.result(t))
			// Newest first; only public datasets.
			want := []string{"census-2025", "e-government-services", "it-workforce", "village-fund", "broadband-coverage",
				"digital-gdp", "ecommerce-value", "mobile-subscriptions", "internet-users"}
			if !slices.Equal(got, want) {
				t.Fatalf("order = %v, want %v", got, want)
			}
			hasKeys(t, list(t, r.result(t))[0], packageKeys)
		}},
	{name: "current_package_list_with_resources page", req: request{path: action("current_package_list_with_resources", "limit", "2", "page", "2")},
		status: 200, check: func(t *testing.T, e *env, r response) {
			if got := namesOf(t, r.result(t)); !slices.Equal(got, []string{"it-workforce", "village-fund"}) {
				t.Fatalf("page 2 = %v", got)
			}
		}},
	{name: "current_package_list_with_resources offset", req: request{path: action("current_package_list_with_resources", "limit", "3", "offset", "7")},
		status: 200, check: func(t *testing.T, e *env, r response) {
			if got := namesOf(t, r.result(t)); !slices.Equal(got, []string{"mobile-subscriptions", "internet-users"}) {
				t.Fatalf("offset 7 = %v", got)
			}
		}},
	{name: "current_package_list_with_resources sysadmin sees private", req: request{path: action("current_package_list_with_resources", "limit", "100"), as: "admin"},
		status: 200, check: func(t *testing.T, e *env, r response) {
			if got := namesOf(t, r.result(t)); len(got) != 10 || !slices.Contains(got, "secret-survey") {
				t.Fatalf("sysadmin list = %v", got)
			}
		}},
	{name: "package_autocomplete by name", req: request{path: action("package_autocomplete", "q", "inter")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			l := list(t, r.result(t))
			if len(l) != 1 {
				t.Fatalf("matches = %s", r.raw)
			}
			m := obj(t, l[0])
			if m["name"] != "internet-users" || m["match_field"] != "name" || m["match_displayed"] != "internet-users" || m["title"] != "ผู้ใช้อินเทอร์เน็ต" {
				t.Fatalf("match = %v", m)
			}
		}},
	{name: "package_autocomplete by Thai title", req: request{path: action("package_autocomplete", "q", "ผู้ใช้")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			m := obj(t, list(t, r.result(t))[0])
			if m["match_field"] != "title" || m["match_displayed"] != "ผู้ใช้อินเทอร์เน็ต (internet-users)" {
				t.Fatalf("match = %v", m)
			}
		}},
	{name: "package_autocomplete hides private", req: request{path: action("package_autocomplete", "q", "secret"), as: "admin"}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if l := list(t, r.result(t)); len(l) != 0 {
				t.Fatalf("private dataset leaked: %s", r.raw)
			}
		}},
	{name: "package_autocomplete hides drafts", req: request{path: action("package_autocomplete", "q", "plan")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if l := list(t, r.result(t)); len(l) != 0 {
				t.Fatalf("draft leaked: %s", r.raw)
			}
		}},
	{name: "package_autocomplete limit", req: request{path: action("package_autocomplete", "q", "e", "limit", "2")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if l := list(t, r.result(t)); len(l) != 2 {
				t.Fatalf("limit ignored: %s", r.raw)
			}
		}},
}

func facetItems(t *testing.T, r response, field string) []map[string]any {
	t.Helper()
	sf := obj(t, obj(t, obj(t, r.result(t))["search_facets"])[field])
	if sf["title"] != field {
		t.Fatalf("search_facets[%s].title = %v", field, sf["title"])
	}
	var out []map[string]any
	for _, it := range list(t, sf["items"]) {
		m := obj(t, it)
		if got := keys(t, m); !slices.Equal(got, []string{"count", "display_name", "name"}) {
			t.Fatalf("facet item keys = %v", got)
		}
		out = append(out, m)
	}
	return out
}

var searchScenarios = []scenario{
	{name: "defaults", req: request{path: action("package_search")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			wantNames(publicNames...)(t, e, r)
			res := obj(t, r.result(t))
			if got := keys(t, res); !slices.Equal(got, []string{"count", "facets", "results", "search_facets", "sort"}) {
				t.Fatalf("result keys = %v", got)
			}
			if res["sort"] != "score desc, metadata_modified desc" {
				t.Fatalf("sort = %v", res["sort"])
			}
			if len(keys(t, res["facets"])) != 0 || len(keys(t, res["search_facets"])) != 0 {
				t.Fatalf("facets without facet.field: %s", r.raw)
			}
			hasKeys(t, list(t, res["results"])[0], packageKeys)
		}},
	{name: "rows and start page through", req: request{path: action("package_search", "rows", "4", "start", "4", "sort", "name asc")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			res := obj(t, r.result(t))
			if got := namesOf(t, res["results"]); !slices.Equal(got, publicNames[4:8]) {
				t.Fatalf("page = %v, want %v", got, publicNames[4:8])
			}
			if num(t, res["count"]) != len(publicNames) || res["sort"] != "name asc" {
				t.Fatalf("count/sort = %v %v", res["count"], res["sort"])
			}
		}},
	{name: "rows above the maximum are capped silently", req: request{path: action("package_search", "rows", "5000")}, status: 200,
		check: wantNames(publicNames...)},
	{name: "rows=0 counts only", req: request{path: action("package_search", "rows", "0")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			res := obj(t, r.result(t))
			if num(t, res["count"]) != len(publicNames) || len(list(t, res["results"])) != 0 {
				t.Fatalf("rows=0: %s", r.raw)
			}
		}},
	{name: "fq organization", req: request{path: action("package_search", "fq", "organization:depa")}, status: 200,
		check: wantNames("ecommerce-value", "digital-gdp", "it-workforce", "e-government-services")},
	{name: "fq tags", req: request{path: action("package_search", "fq", "tags:internet")}, status: 200,
		check: wantNames("internet-users", "broadband-coverage")},
	{name: "fq Thai tag", req: request{path: action("package_search", "fq", "tags:เศรษฐกิจ")}, status: 200,
		check: wantNames("ecommerce-value")},
	{name: "fq groups", req: request{path: action("package_search", "fq", "groups:economy")}, status: 200,
		check: wantNames("ecommerce-value", "digital-gdp", "broadband-coverage", "it-workforce")},
	{name: "fq res_format", req: request{path: action("package_search", "fq", `res_format:"CSV"`)}, status: 200,
		check: wantNames("internet-users", "ecommerce-value", "digital-gdp", "village-fund", "census-2025")},
	{name: "fq license_id", req: request{path: action("package_search", "fq", "license_id:cc-by")}, status: 200,
		check: wantNames("internet-users", "ecommerce-value", "broadband-coverage", "e-government-services")},
	{name: "fq combined", req: request{path: action("package_search", "fq", "+organization:nso +tags:internet")}, status: 200,
		check: wantNames("internet-users", "broadband-coverage")},
	{name: "repeated fq keys", req: request{path: action("package_search", "fq", "organization:nso", "fq", "groups:society")}, status: 200,
		check: wantNames("internet-users", "mobile-subscriptions", "broadband-coverage")},
	{name: "fq_list as JSON string", req: request{path: action("package_search", "fq_list", `["organization:nso","license_id:cc-by"]`)}, status: 200,
		check: wantNames("internet-users", "broadband-coverage")},
	{name: "POST JSON with numbers and lists", req: request{method: "POST", path: "/api/3/action/package_search",
		body: `{"fq_list":["organization:nso"],"rows":2,"facet.field":["tags"],"facet":"true"}`}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			res := obj(t, r.result(t))
			if num(t, res["count"]) != 5 || len(list(t, res["results"])) != 2 {
				t.Fatalf("count/rows: %s", r.raw)
			}
			if tags := obj(t, obj(t, res["facets"])["tags"]); num(t, tags["internet"]) != 2 {
				t.Fatalf("tag facet = %v", tags)
			}
		}},
	{name: "Thai query", req: request{path: action("package_search", "q", "กองทุนหมู่บ้าน")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			got := namesOf(t, obj(t, r.result(t))["results"])
			if len(got) == 0 || got[0] != "village-fund" {
				t.Fatalf("Thai search = %v", got)
			}
		}},
	{name: "English query never finds private", req: request{path: action("package_search", "q", "internet", "include_private", "true")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			got := namesOf(t, obj(t, r.result(t))["results"])
			if !slices.Contains(got, "internet-users") || slices.Contains(got, "secret-survey") {
				t.Fatalf("results = %v", got)
			}
		}},
	{name: "include_private anonymous", req: request{path: action("package_search", "include_private", "true")}, status: 200,
		check: wantNames(publicNames...)},
	{name: "include_private outsider", req: request{path: action("package_search", "include_private", "true"), as: "outsider"}, status: 200,
		check: wantNames(publicNames...)},
	{name: "include_private member", req: request{path: action("package_search", "include_private", "true", "rows", "20"), as: "nso-editor"}, status: 200,
		check: wantNames(append(slices.Clone(publicNames), "secret-survey")...)},
	{name: "private needs include_private", req: request{path: action("package_search", "rows", "20"), as: "nso-editor"}, status: 200,
		check: wantNames(publicNames...)},
	{name: "include_drafts anonymous", req: request{path: action("package_search", "include_drafts", "true")}, status: 200,
		check: wantNames(publicNames...)},
	{name: "include_drafts sysadmin", req: request{path: action("package_search", "include_drafts", "true", "rows", "20"), as: "admin"}, status: 200,
		check: wantNames(append(slices.Clone(publicNames), "draft-plan")...)},
	{name: "include_deleted anonymous", req: request{path: action("package_search", "include_deleted", "true")}, status: 200,
		check: wantNames(publicNames...)},
	{name: "fq state cannot reveal drafts", req: request{path: action("package_search", "fq", "+state:draft")}, status: 200,
		check: wantNames()},
	{name: "fl picks fields", req: request{path: action("package_search", "fl", "name,title", "fq", "name:village-fund")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			res := list(t, obj(t, r.result(t))["results"])
			if len(res) != 1 || !slices.Equal(keys(t, res[0]), []string{"name", "title"}) || obj(t, res[0])["title"] != "กองทุนหมู่บ้าน" {
				t.Fatalf("fl results = %s", r.raw)
			}
		}},
	{name: "facets and search_facets", req: request{path: action("package_search", "facet.field", `["organization","license_id","res_format","groups"]`, "rows", "0")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			facets := obj(t, obj(t, r.result(t))["facets"])
			org := obj(t, facets["organization"])
			if num(t, org["nso"]) != 5 || num(t, org["depa"]) != 4 || len(org) != 2 {
				t.Fatalf("organization facet = %v (private datasets must not count)", org)
			}
			items := facetItems(t, r, "organization")
			// CKAN's quirk: descending display_name, not count order.
			if items[0]["name"] != "depa" || items[0]["display_name"] != "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล" ||
				items[1]["name"] != "nso" || items[1]["display_name"] != "สำนักงานสถิติแห่งชาติ" || num(t, items[1]["count"]) != 5 {
				t.Fatalf("organization items = %v", items)
			}
			lic := facetItems(t, r, "license_id")
			if lic[0]["name"] != "other-pd" || lic[0]["display_name"] != "Other (Public Domain)" ||
				lic[len(lic)-1]["name"] != "cc-by" || num(t, lic[len(lic)-1]["count"]) != 4 {
				t.Fatalf("license items = %v", lic)
			}
			for i := 1; i < len(lic); i++ {
				if lic[i-1]["display_name"].(string) < lic[i]["display_name"].(string) {
					t.Fatalf("license items not in descending display order: %v", lic)
				}
			}
			groups := facetItems(t, r, "groups")
			if len(groups) != 2 || groups[0]["display_name"] != "เศรษฐกิจ" || groups[1]["display_name"] != "Society" || num(t, groups[1]["count"]) != 3 {
				t.Fatalf("group items = %v", groups)
			}
			formats := facetItems(t, r, "res_format")
			for _, f := range formats {
				if f["name"] != f["display_name"] {
					t.Fatalf("res_format display = %v", f)
				}
				if f["name"] == "SAV" || f["name"] == "DOCX" || f["name"] == "TSV" {
					t.Fatalf("format of a hidden dataset counted: %v", f)
				}
			}
		}},
	{name: "facets count private for members", req: request{path: action("package_search", "facet.field", `["organization"]`, "include_private", "true"), as: "nso-editor"},
		status: 200, check: func(t *testing.T, e *env, r response) {
			if org := obj(t, obj(t, obj(t, r.result(t))["facets"])["organization"]); num(t, org["nso"]) != 6 {
				t.Fatalf("organization facet = %v", org)
			}
		}},
	{name: "repeated facet.field keys", req: request{path: action("package_search", "facet.field", "tags", "facet.field", "groups", "rows", "0")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if got := keys(t, obj(t, r.result(t))["facets"]); !slices.Equal(got, []string{"groups", "tags"}) {
				t.Fatalf("facets = %v", got)
			}
		}},
	{name: "facet.limit", req: request{path: action("package_search", "facet.field", `["tags"]`, "facet.limit", "2", "rows", "0")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if tags := obj(t, obj(t, obj(t, r.result(t))["facets"])["tags"]); len(tags) != 2 || num(t, tags["internet"]) != 2 {
				t.Fatalf("tags = %v", tags)
			}
		}},
	{name: "facet.mincount", req: request{path: action("package_search", "facet.field", `["tags"]`, "facet.mincount", "2", "rows", "0")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if tags := obj(t, obj(t, obj(t, r.result(t))["facets"])["tags"]); len(tags) != 1 {
				t.Fatalf("tags = %v", tags)
			}
		}},
	{name: "facet=false", req: request{path: action("package_search", "facet", "false", "facet.field", `["tags"]`)}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if len(keys(t, obj(t, r.result(t))["facets"])) != 0 {
				t.Fatalf("facets with facet=false: %s", r.raw)
			}
		}},
	{name: "Solr tuning and ext_ keys are accepted", req: request{path: action("package_search", "defType", "edismax", "qf", "title", "ext_bbox", "1,2,3,4", "wt", "json")}, status: 200,
		check: wantNames(publicNames...)},
	{name: "unknown parameter", req: request{path: action("package_search", "weird_param", "1")}, status: 400, errType: "Search Query Error",
		check: wantMessage(`Search Query is invalid: ("Invalid search parameters: ['weird_param']",)`)},
	{name: "rows not a number", req: request{path: action("package_search", "rows", "abc")}, status: 409, errType: "Validation Error",
		check: wantField("rows", "Invalid integer")},
	{name: "start negative", req: request{path: action("package_search", "start", "-5")}, status: 409, errType: "Validation Error",
		check: wantField("start", "Must be a natural number")},
	{name: "facet.field not JSON", req: request{path: action("package_search", "facet.field", "tags")}, status: 409, errType: "Validation Error",
		check: wantField("facet.field", "Could not parse as valid JSON")},
	{name: "rows wrong JSON type", req: request{method: "POST", path: "/api/3/action/package_search", body: `{"rows": [1]}`}, status: 409,
		errType: "Validation Error", check: wantField("rows", "Invalid integer")},
	{name: "sort without direction", req: request{path: action("package_search", "sort", "name")}, status: 400, errType: "Search Query Error",
		check: wantMessage(`Search Query is invalid: ('Invalid "sort" parameter',)`)},
	{name: "fq syntax error", req: request{path: action("package_search", "fq", `title:"unclosed`)}, status: 409, errType: "Search Error"},
}

var groupScenarios = []scenario{
	{name: "organization_list", req: request{path: action("organization_list")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if got := strs(t, r.result(t)); !slices.Equal(got, []string{"nso", "depa"}) {
				t.Fatalf("by title = %v", got)
			}
		}},
	{name: "organization_list sort name", req: request{path: action("organization_list", "sort", "name asc")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if got := strs(t, r.result(t)); !slices.Equal(got, []string{"depa", "nso"}) {
				t.Fatalf("by name = %v", got)
			}
		}},
	{name: "organization_list sort package_count desc", req: request{path: action("organization_list", "sort", "package_count desc")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if got := strs(t, r.result(t)); !slices.Equal(got, []string{"nso", "depa"}) {
				t.Fatalf("by count = %v", got)
			}
		}},
	{name: "organization_list all_fields", req: request{path: action("organization_list", "all_fields", "true")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			l := list(t, r.result(t))
			if len(l) != 2 {
				t.Fatal(string(r.raw))
			}
			hasKeys(t, l[0], groupKeys)
			if m := obj(t, l[0]); m["name"] != "nso" || num(t, m["package_count"]) != 5 || m["is_organization"] != true {
				t.Fatalf("nso = %v", m)
			}
		}},
	{name: "organization_list paging and filter", req: request{path: action("organization_list", "limit", "1", "offset", "1")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if got := strs(t, r.result(t)); !slices.Equal(got, []string{"depa"}) {
				t.Fatalf("page = %v", got)
			}
		}},
	{name: "organization_list organizations", req: request{path: action("organization_list", "organizations", "depa")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if got := strs(t, r.result(t)); !slices.Equal(got, []string{"depa"}) {
				t.Fatalf("filtered = %v", got)
			}
		}},
	{name: "organization_list q", req: request{path: action("organization_list", "q", "สถิติ")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if got := strs(t, r.result(t)); !slices.Equal(got, []string{"nso"}) {
				t.Fatalf("q = %v", got)
			}
		}},
	{name: "organization_list bad sort", req: request{path: action("organization_list", "sort", "created")}, status: 409, errType: "Validation Error",
		check: func(t *testing.T, e *env, r response) {
			if got := r.errorOf(t)["message"]; got != "Cannot sort by field `created`" {
				t.Fatalf("message = %v", got)
			}
		}},
	{name: "organization_list bad all_fields", req: request{path: action("organization_list", "all_fields", "maybe")}, status: 409, errType: "Validation Error"},
	{name: "group_list", req: request{path: action("group_list")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if got := strs(t, r.result(t)); !slices.Equal(got, []string{"society", "economy"}) {
				t.Fatalf("groups = %v", got)
			}
		}},
	{name: "group_list all_fields counts public only", req: request{path: action("group_list", "all_fields", "true", "sort", "name")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			l := list(t, r.result(t))
			if m := obj(t, l[1]); m["name"] != "society" || num(t, m["package_count"]) != 3 || m["is_organization"] != false {
				t.Fatalf("society = %v", m)
			}
		}},
	{name: "organization_show", req: request{path: action("organization_show", "id", "nso")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			m := obj(t, r.result(t))
			hasKeys(t, m, append(slices.Clone(groupKeys), "users", "extras", "tags", "groups"))
			if _, ok := m["packages"]; ok {
				t.Fatal("packages without include_datasets")
			}
			if num(t, m["package_count"]) != 5 || m["display_name"] != "สำนักงานสถิติแห่งชาติ" {
				t.Fatalf("org = %v", m)
			}
			users := list(t, m["users"])
			if len(users) != 1 {
				t.Fatalf("users = %v", users)
			}
			u := obj(t, users[0])
			if u["name"] != "nso-editor" || u["capacity"] != "editor" || num(t, u["number_created_packages"]) != 1 {
				t.Fatalf("user = %v", u)
			}
			if _, leaked := u["email"]; leaked {
				t.Fatal("email leaked")
			}
			if ex := list(t, m["extras"]); len(ex) != 1 || obj(t, ex[0])["key"] != "website" {
				t.Fatalf("extras = %v", ex)
			}
		}},
	{name: "organization_show include_datasets", req: request{path: action("organization_show", "id", "nso", "include_datasets", "true")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			m := obj(t, r.result(t))
			got := namesOf(t, m["packages"])
			if len(got) != 5 || slices.Contains(got, "secret-survey") || slices.Contains(got, "removed-dataset") {
				t.Fatalf("packages = %v", got)
			}
			hasKeys(t, list(t, m["packages"])[0], packageKeys)
		}},
	{name: "organization_show member sees private", req: request{path: action("organization_show", "id", "nso", "include_datasets", "true"), as: "nso-editor"}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			m := obj(t, r.result(t))
			if got := namesOf(t, m["packages"]); len(got) != 6 || !slices.Contains(got, "secret-survey") || num(t, m["package_count"]) != 6 {
				t.Fatalf("packages = %v", got)
			}
		}},
	{name: "organization_show outsider does not", req: request{path: action("organization_show", "id", "nso", "include_datasets", "true"), as: "outsider"}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if m := obj(t, r.result(t)); num(t, m["package_count"]) != 5 {
				t.Fatalf("package_count = %v", m["package_count"])
			}
		}},
	{name: "organization_show options off", req: request{path: action("organization_show", "id", "depa", "include_users", "false",
		"include_extras", "false", "include_tags", "false", "include_groups", "false", "include_dataset_count", "false")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			m := obj(t, r.result(t))
			for _, k := range []string{"users", "extras", "tags", "groups", "package_count", "packages"} {
				if _, ok := m[k]; ok {
					t.Fatalf("%s present: %v", k, m)
				}
			}
		}},
	{name: "organization_show of a group", req: request{path: action("organization_show", "id", "economy")}, status: 404, errType: "Not Found Error"},
	{name: "group_show of an organization", req: request{path: action("group_show", "id", "nso")}, status: 404, errType: "Not Found Error"},
	{name: "organization_show missing id", req: request{path: action("organization_show")}, status: 409, errType: "Validation Error",
		check: wantField("id", "Missing value")},
	{name: "group_show include_datasets", req: request{path: action("group_show", "id", "society", "include_datasets", "true"), as: "nso-editor"}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			m := obj(t, r.result(t))
			got := namesOf(t, m["packages"])
			slices.Sort(got)
			// Groups list only public datasets, even to members of the owning organization.
			if !slices.Equal(got, []string{"broadband-coverage", "internet-users", "mobile-subscriptions"}) || m["is_organization"] != false {
				t.Fatalf("packages = %v", got)
			}
		}},
	{name: "organization_autocomplete", req: request{path: action("organization_autocomplete", "q", "ดิจิทัล")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			l := list(t, r.result(t))
			if len(l) != 1 || !slices.Equal(keys(t, l[0]), []string{"id", "name", "title"}) || obj(t, l[0])["name"] != "depa" {
				t.Fatalf("autocomplete = %s", r.raw)
			}
		}},
}

var tagResourceScenarios = []scenario{
	{name: "tag_list", req: request{path: action("tag_list")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			got := strs(t, r.result(t))
			want := []string{"broadband", "census", "ecommerce", "economy", "egov", "internet", "mobile", "telecom", "village", "workforce", "ดิจิทัล", "เศรษฐกิจ"}
			if !slices.Equal(got, want) {
				t.Fatalf("tags = %v, want %v", got, want)
			}
		}},
	{name: "tag_list query", req: request{path: action("tag_list", "query", "inter")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if got := strs(t, r.result(t)); !slices.Equal(got, []string{"internet"}) {
				t.Fatalf("tags = %v", got)
			}
		}},
	{name: "tag_list all_fields", req: request{path: action("tag_list", "q", "village", "all_fields", "true")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			l := list(t, r.result(t))
			if len(l) != 1 || !slices.Equal(keys(t, l[0]), []string{"display_name", "id", "name", "vocabulary_id"}) {
				t.Fatalf("tags = %s", r.raw)
			}
		}},
	{name: "tag_list hides private tags", req: request{path: action("tag_list", "query", "tag"), as: "admin"}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if got := list(t, r.result(t)); len(got) != 0 {
				t.Fatalf("tags of hidden datasets leaked: %v", got)
			}
		}},
	{name: "tag_show", req: request{path: action("tag_show", "id", "internet", "include_datasets", "true")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			m := obj(t, r.result(t))
			got := namesOf(t, m["packages"])
			slices.Sort(got)
			if !slices.Equal(got, []string{"broadband-coverage", "internet-users"}) || m["name"] != "internet" {
				t.Fatalf("tag_show = %v", got)
			}
		}},
	{name: "tag_show without datasets", req: request{path: action("tag_show", "id", "census")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if got := keys(t, r.result(t)); !slices.Equal(got, []string{"display_name", "id", "name", "vocabulary_id"}) {
				t.Fatalf("keys = %v", got)
			}
		}},
	{name: "tag_show private-only tag", req: request{path: action("tag_show", "id", "secret-tag")}, status: 404, errType: "Not Found Error"},
	{name: "tag_show unknown", req: request{path: action("tag_show", "id", "no-such-tag")}, status: 404, errType: "Not Found Error"},
	{name: "resource_show", req: request{path: action("resource_show", "id", "RES:value")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			m := obj(t, r.result(t))
			hasKeys(t, m, resourceKeys)
			if m["package_id"] != e.ids["ecommerce-value"] || m["format"] != "CSV" {
				t.Fatalf("resource = %v", m)
			}
		}},
	{name: "resource_show private anonymous", req: request{path: action("resource_show", "id", "RES:secret")}, status: 403, errType: "Authorization Error",
		check: func(t *testing.T, e *env, r response) {
			wantMessage("Access denied: User  not authorized to read resource "+e.res["secret"])(t, e, r)
		}},
	{name: "resource_show private member", req: request{path: action("resource_show", "id", "RES:secret"), as: "nso-editor"}, status: 200},
	{name: "resource_show draft", req: request{path: action("resource_show", "id", "RES:plan")}, status: 403, errType: "Authorization Error"},
	{name: "resource_show deleted dataset", req: request{path: action("resource_show", "id", "RES:gone")}, status: 403, errType: "Authorization Error"},
	{name: "resource_show unknown", req: request{path: action("resource_show", "id", "nope")}, status: 404, errType: "Not Found Error"},
	{name: "resource_search", req: request{path: action("resource_search", "query", "format:csv")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			m := obj(t, r.result(t))
			got := namesOf(t, m["results"])
			slices.Sort(got)
			if !slices.Equal(got, []string{"funds", "gdp", "observations", "population", "value"}) || num(t, m["count"]) != 5 {
				t.Fatalf("resources = %v", got)
			}
		}},
	{name: "resource_search list AND paging", req: request{method: "POST", path: "/api/3/action/resource_search",
		body: `{"query":["format:csv","name:o"],"order_by":"name","limit":1,"offset":1}`}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			m := obj(t, r.result(t))
			if got := namesOf(t, m["results"]); !slices.Equal(got, []string{"population"}) || num(t, m["count"]) != 2 {
				t.Fatalf("resources = %v count %v", got, m["count"])
			}
		}},
	{name: "resource_search hides private", req: request{path: action("resource_search", "query", "format:sav")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if m := obj(t, r.result(t)); num(t, m["count"]) != 0 {
				t.Fatalf("private resource leaked: %s", r.raw)
			}
		}},
	{name: "resource_search without colon", req: request{path: action("resource_search", "query", "csv")}, status: 409, errType: "Validation Error",
		check: wantField("query", "Must be <field>:<value> pair(s)")},
	{name: "resource_search unknown field", req: request{path: action("resource_search", "query", "colour:red")}, status: 409, errType: "Validation Error",
		check: wantField("query", `Field "colour" not recognised in resource_search.`)},
}

var miscScenarios = []scenario{
	{name: "status_show", req: request{path: action("status_show")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			m := obj(t, r.result(t))
			want := []string{"ckan_version", "error_emails_to", "extensions", "khlang_version", "locale_default", "site_description", "site_title", "site_url"}
			if got := keys(t, m); !slices.Equal(got, want) {
				t.Fatalf("keys = %v", got)
			}
			if m["ckan_version"] != "2.11.5" || m["locale_default"] != "th" || m["site_url"] != siteURL || m["site_title"] != "คลังข้อมูล" {
				t.Fatalf("status = %v", m)
			}
		}},
	{name: "license_list", req: request{path: action("license_list")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			l := list(t, r.result(t))
			if len(l) != 15 {
				t.Fatalf("%d licenses", len(l))
			}
			want := []string{"domain_content", "domain_data", "domain_software", "family", "id", "is_generic", "maintainer",
				"od_conformance", "osd_conformance", "status", "title", "url"}
			for _, it := range l {
				m := obj(t, it)
				if !slices.Equal(keys(t, m), want) {
					t.Fatalf("keys = %v", keys(t, m))
				}
				for k, v := range m {
					if _, ok := v.(string); !ok {
						t.Fatalf("%s = %#v, CKAN stringifies every value", k, v)
					}
				}
			}
			first := obj(t, l[0])
			if first["id"] != "notspecified" || first["is_generic"] != "True" || first["domain_data"] != "False" {
				t.Fatalf("first = %v", first)
			}
		}},
	{name: "format_autocomplete", req: request{path: action("format_autocomplete", "q", "cs")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if got := strs(t, r.result(t)); !slices.Equal(got, []string{"csv"}) {
				t.Fatalf("formats = %v", got)
			}
		}},
	{name: "format_autocomplete hides private formats", req: request{path: action("format_autocomplete", "q", "sav")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if got := list(t, r.result(t)); len(got) != 0 {
				t.Fatalf("formats = %v", got)
			}
		}},
	{name: "tag_autocomplete", req: request{path: action("tag_autocomplete", "q", "ดิจ")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if got := strs(t, r.result(t)); !slices.Equal(got, []string{"ดิจิทัล"}) {
				t.Fatalf("tags = %v", got)
			}
		}},
	{name: "help_show", req: request{path: action("help_show", "name", "package_search")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if s, ok := r.result(t).(string); !ok || !strings.Contains(s, ":param fq:") {
				t.Fatalf("doc = %s", r.raw)
			}
		}},
	{name: "help_show every read action", req: request{path: action("help_show", "name", "help_show")}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			for _, name := range readActions {
				rr := e.do(t, nil, request{path: action("help_show", "name", name)})
				if s, ok := rr.result(t).(string); !ok || len(s) < 20 {
					t.Fatalf("%s has no docstring: %s", name, rr.raw)
				}
			}
		}},
	{name: "help_show write action", req: request{path: action("help_show", "name", "package_create")}, status: 200},
	{name: "help_show unknown", req: request{path: action("help_show", "name", "nope")}, status: 404, errType: "Not Found Error",
		check: wantMessage("Not found: Action function not found")},
}

var readActions = []string{"status_show", "package_list", "package_show", "package_search", "current_package_list_with_resources",
	"package_autocomplete", "organization_list", "group_list", "organization_show", "group_show", "organization_autocomplete",
	"group_autocomplete", "tag_list", "tag_show", "tag_autocomplete", "resource_show", "resource_search", "license_list",
	"format_autocomplete", "help_show"}

var utilScenarios = []scenario{
	{name: "dataset autocomplete", req: request{path: "/api/util/dataset/autocomplete?incomplete=census"}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			res := list(t, obj(t, obj(t, r.body)["ResultSet"])["Result"])
			if len(res) != 1 || !slices.Equal(keys(t, res[0]), []string{"match_displayed", "match_field", "name", "title"}) {
				t.Fatalf("body = %s", r.raw)
			}
		}},
	{name: "dataset autocomplete hides private", req: request{path: "/api/util/dataset/autocomplete?incomplete=secret", as: "admin"}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if res := list(t, obj(t, obj(t, r.body)["ResultSet"])["Result"]); len(res) != 0 {
				t.Fatalf("body = %s", r.raw)
			}
		}},
	{name: "tag autocomplete", req: request{path: "/api/util/tag/autocomplete?incomplete=inter"}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			res := list(t, obj(t, obj(t, r.body)["ResultSet"])["Result"])
			if len(res) != 1 || obj(t, res[0])["Name"] != "internet" {
				t.Fatalf("body = %s", r.raw)
			}
		}},
	{name: "tag autocomplete hides private", req: request{path: "/api/util/tag/autocomplete?incomplete=secret"}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if res := list(t, obj(t, obj(t, r.body)["ResultSet"])["Result"]); len(res) != 0 {
				t.Fatalf("body = %s", r.raw)
			}
		}},
	{name: "format autocomplete", req: request{path: "/api/2/util/resource/format_autocomplete?incomplete=xl"}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			res := list(t, obj(t, obj(t, r.body)["ResultSet"])["Result"])
			if len(res) != 1 || obj(t, res[0])["Format"] != "xlsx" {
				t.Fatalf("body = %s", r.raw)
			}
		}},
	{name: "organization autocomplete", req: request{path: "/api/util/organization/autocomplete?q=nso"}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			l := list(t, r.body)
			if len(l) != 1 || obj(t, l[0])["name"] != "nso" {
				t.Fatalf("body = %s", r.raw)
			}
		}},
	{name: "group autocomplete", req: request{path: "/api/2/util/group/autocomplete?q=soc"}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			l := list(t, r.body)
			if len(l) != 1 || obj(t, l[0])["name"] != "society" || obj(t, l[0])["title"] != "Society" {
				t.Fatalf("body = %s", r.raw)
			}
		}},
	{name: "user autocomplete", req: request{path: "/api/util/user/autocomplete?q=nso-ed"}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			l := list(t, r.body)
			if len(l) != 1 || obj(t, l[0])["name"] != "nso-editor" || obj(t, l[0])["email"] != nil {
				t.Fatalf("body = %s", r.raw)
			}
		}},
	{name: "group autocomplete does not list organizations", req: request{path: "/api/util/group/autocomplete?q=nso"}, status: 200,
		check: func(t *testing.T, e *env, r response) {
			if l := list(t, r.body); len(l) != 0 {
				t.Fatalf("body = %s", r.raw)
			}
		}},
	{name: "bad limit", req: request{path: "/api/util/tag/autocomplete?incomplete=a&limit=x"}, status: 409,
		check: func(t *testing.T, e *env, r response) {
			if m := obj(t, r.body); m["__type"] != "Validation Error" {
				t.Fatalf("body = %s", r.raw)
			}
		}},
}

var errorScenarios = []scenario{
	{name: "unknown action", req: request{path: action("no_such_action")}, status: 400,
		check: func(t *testing.T, e *env, r response) {
			if r.body != "Bad request - Action name not known: no_such_action" {
				t.Fatalf("body = %s", r.raw)
			}
		}},
	{name: "removed site_read is unknown", req: request{path: action("site_read")}, status: 400,
		check: wantBare("Bad request - Action name not known: site_read")},
	{name: "GET on a write action", req: request{path: action("package_create")}, status: 400,
		check: func(t *testing.T, e *env, r response) {
			if r.body != "Bad request - JSON Error: Invalid request. Please use POST method for your request" {
				t.Fatalf("body = %s", r.raw)
			}
		}},
	{name: "POST to an unavailable write action", req: request{method: "POST", path: "/api/3/action/vocabulary_create", body: `{"name":"x"}`, as: "admin"},
		status: 403, errType: "Authorization Error"},
	{name: "malformed JSON", req: request{method: "POST", path: "/api/3/action/package_show", body: `{"id": `}, status: 400,
		check: wantBare("Bad request - JSON Error: Error decoding JSON data.")},
	{name: "JSON array body", req: request{method: "POST", path: "/api/3/action/package_show", body: `["internet-users"]`}, status: 400,
		check: wantBare(`Bad request - JSON Error: Request data JSON decoded to ["internet-users"] but it needs to be a dictionary.`)},
	{name: "JSON string body", req: request{method: "POST", path: "/api/3/action/package_list", body: `"x"`}, status: 400,
		check: wantBare("Bad request - JSON Error: Request data JSON decoded to")},
	{name: "trailing garbage", req: request{method: "POST", path: "/api/3/action/package_list", body: `{} {}`}, status: 400,
		check: wantBare("Bad request - JSON Error: Error decoding JSON data.")},
	{name: "legacy form with broken JSON", req: request{method: "POST", path: "/api/3/action/package_list", body: `{"limit"`,
		contentType: "application/x-www-form-urlencoded"}, status: 400, check: wantBare("Bad request - JSON Error")},
	{name: "oversized body", req: request{method: "POST", path: "/api/3/action/package_search",
		body: `{"q":"` + strings.Repeat("ก", 3000) + `"}`}, status: 413, check: wantBare("Request Entity Too Large")},
	{name: "wrong type for a string", req: request{method: "POST", path: "/api/3/action/package_show", body: `{"id": {"a": 1}}`}, status: 409,
		errType: "Validation Error", check: wantField("id", "Must be a string")},
	{name: "NUL in a parameter", req: request{path: "/api/3/action/package_show?id=a%00b"}, status: 409, errType: "Validation Error",
		check: wantField("id", "Must not contain NUL characters")},
	{name: "NUL in a util query", req: request{path: "/api/util/tag/autocomplete?incomplete=%00"}, status: 409},
	{name: "NUL in a download path", req: request{path: "/dataset/a%00/resource/b/download/c"}, status: 404},
	{name: "PUT", req: request{method: "PUT", path: "/api/3/action/package_list"}, status: 405,
		check: func(t *testing.T, e *env, r response) {
			if r.header.Get("Allow") == "" {
				t.Fatal("no Allow header")
			}
		}},
	{name: "DELETE on a util endpoint", req: request{method: "DELETE", path: "/api/util/tag/autocomplete"}, status: 405},
	{name: "OPTIONS", req: request{method: "OPTIONS", path: "/api/3/action/package_list"}, status: 200},
}

func downloadScenarios(e *env) []scenario {
	pub := "/dataset/" + e.ids["internet-users"] + "/resource/" + e.res["observations"] + "/download/observations.csv"
	priv := "/dataset/" + e.ids["secret-survey"] + "/resource/" + e.res["secret"] + "/download/secret.csv"
	wantFile := func(body, ctype string) func(t *testing.T, e *env, r response) {
		return func(t *testing.T, e *env, r response) {
			if string(r.raw) != body || r.header.Get("Content-Type") != ctype {
				t.Fatalf("got %q (%s)", r.raw, r.header.Get("Content-Type"))
			}
		}
	}
	return []scenario{
		{name: "public file", req: request{path: pub}, status: 200, check: wantFile("year,value\n2024,88.0\n", "text/csv; charset=utf-8")},
		{name: "by dataset name", req: request{path: "/dataset/internet-users/resource/" + e.res["observations"] + "/download/x.csv"}, status: 200,
			check: wantFile("year,value\n2024,88.0\n", "text/csv; charset=utf-8")},
		{name: "private anonymous", req: request{path: priv}, status: 404},
		{name: "private outsider", req: request{path: priv, as: "outsider"}, status: 404},
		{name: "private member", req: request{path: priv, as: "nso-editor"}, status: 200, check: wantFile("classified", "text/csv; charset=utf-8")},
		{name: "resource of another dataset", req: request{path: "/dataset/" + e.ids["mobile-subscriptions"] + "/resource/" + e.res["observations"] + "/download/observations.csv"}, status: 404},
		{name: "not an upload", req: request{path: "/dataset/" + e.ids["internet-users"] + "/resource/" + e.res["landing"] + "/download/landing"}, status: 404},
		{name: "unknown dataset", req: request{path: "/dataset/nope/resource/x/download/y"}, status: 404},
	}
}

func testCORS(t *testing.T, e *env) {
	mux := func(origins ...string) http.Handler {
		api := *e.api
		api.CORSOrigins = origins
		m := http.NewServeMux()
		api.Register(m)
		return m
	}
	tests := []struct {
		name    string
		h       http.Handler
		method  string
		origin  string
		wantACO string
	}{
		{"off by default", e.mux, "GET", "https://app.example", ""},
		{"allow all", mux("*"), "GET", "https://app.example", "*"},
		{"listed origin is echoed", mux("https://app.example", "https://b.example"), "GET", "https://app.example", "https://app.example"},
		{"other origin", mux("https://b.example"), "GET", "https://app.example", ""},
		{"no Origin header", mux("*"), "GET", "", ""},
		{"preflight", mux("*"), "OPTIONS", "https://app.example", "*"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hdr := map[string]string{}
			if tt.origin != "" {
				hdr["Origin"] = tt.origin
			}
			r := e.do(t, tt.h, request{method: tt.method, path: action("package_list"), header: hdr})
			if r.status != 200 {
				t.Fatalf("status = %d", r.status)
			}
			if got := r.header.Get("Access-Control-Allow-Origin"); got != tt.wantACO {
				t.Fatalf("Access-Control-Allow-Origin = %q, want %q", got, tt.wantACO)
			}
			methods := r.header.Get("Access-Control-Allow-Methods")
			if (tt.wantACO != "") != (methods == "POST, PUT, GET, DELETE, OPTIONS") {
				t.Fatalf("Access-Control-Allow-Methods = %q", methods)
			}
			if tt.wantACO != "" && !strings.Contains(r.header.Get("Access-Control-Allow-Headers"), "Authorization") {
				t.Fatalf("Access-Control-Allow-Headers = %q", r.header.Get("Access-Control-Allow-Headers"))
			}
			if r.header.Get("Access-Control-Allow-Credentials") != "" {
				t.Fatal("CKAN sends no Allow-Credentials")
			}
		})
	}
}

type panicSearcher struct{}

func (panicSearcher) Search(context.Context, search.Request) (*search.Result, error) { panic("boom") }

type failSearcher struct{}

func (failSearcher) Search(context.Context, search.Request) (*search.Result, error) {
	return nil, context.DeadlineExceeded
}

func testPanic(t *testing.T, e *env) {
	for _, s := range []ckan.Searcher{panicSearcher{}, failSearcher{}} {
		api := *e.api
		api.Search = s
		m := http.NewServeMux()
		api.Register(m)
		r := e.do(t, m, request{path: action("package_search")})
		if r.status != 500 || r.errorOf(t)["__type"] != "Internal Server Error" || r.errorOf(t)["message"] != "Internal Server Error" {
			t.Fatalf("%T: %d %s", s, r.status, r.raw)
		}
	}
}
