package ckan_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var (
	uuidRE = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	timeRE = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}`)
)

// normalise re-indents a JSON response and replaces what differs between runs (ids,
// timestamps) with stable placeholders; the same id always gets the same placeholder,
// so the golden file still shows which values are equal.
func normalise(t *testing.T, raw []byte) []byte {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("not JSON: %v: %s", err, raw)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	out := uuidRE.ReplaceAllStringFunc(buf.String(), func(id string) string {
		if p, ok := seen[id]; ok {
			return p
		}
		seen[id] = fmt.Sprintf("<id-%d>", len(seen)+1)
		return seen[id]
	})
	return []byte(timeRE.ReplaceAllString(out, "<time>"))
}

func TestGolden(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		e := buildFixture(t, s)
		tests := []struct{ file, path string }{
			{"status_show.golden", action("status_show")},
			{"package_show.golden", action("package_show", "id", "internet-users")},
			{"license_list.golden", action("license_list")},
			{"package_search_facets.golden", action("package_search", "fq", "tags:internet", "facet.field",
				`["organization","groups","license_id","res_format","tags"]`, "fl", "name")},
			{"organization_show.golden", action("organization_show", "id", "nso")},
		}
		for _, tt := range tests {
			t.Run(tt.file, func(t *testing.T) {
				r := e.do(t, nil, request{path: tt.path})
				if r.status != 200 {
					t.Fatalf("status %d: %s", r.status, r.raw)
				}
				got := normalise(t, r.raw)
				path := filepath.Join("testdata", tt.file)
				// Both backends must give the same bytes; the SQLite run writes the file.
				if *update && s.Backend() == catalog.BackendSQLite {
					if err := os.WriteFile(path, got, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run with -update to create it)", err)
				}
				if !bytes.Equal(got, want) {
					t.Fatalf("%s differs from the golden file:\n%s", tt.path, diffLines(string(want), string(got)))
				}
			})
		}
	})
}

// diffLines shows the first lines where two texts differ.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 10; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want %s\n  got  %s\n", i+1, wl, gl)
			shown++
		}
	}
	return b.String()
}

// TestNoServerErrors throws wrongly typed and malformed input at every read action: each
// must answer with a CKAN error or a result, never a 500 or a dropped connection.
func TestNoServerErrors(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		e := buildFixture(t, s)
		values := []string{`null`, `true`, `-1`, `1.5`, `1e400`, `""`, `"x"`, `[1,{"a":null}]`, `{"a":[1]}`,
			`"\u0000"`, `"` + strings.Repeat("ก", 50) + `"`, `"title:("`, `"{!lucene}x"`}
		// Each action with the parameters it reads, plus one it does not.
		common := []string{"unknown_key"}
		params := map[string][]string{
			"status_show": nil, "license_list": nil,
			"package_list":                        {"limit", "offset"},
			"package_show":                        {"id", "name_or_id"},
			"package_search":                      {"q", "fq", "fq_list", "sort", "rows", "start", "facet", "facet.field", "facet.limit", "facet.mincount", "include_private", "include_drafts", "fl"},
			"current_package_list_with_resources": {"limit", "offset", "page"},
			"package_autocomplete":                {"q", "limit"},
			"organization_list":                   {"all_fields", "sort", "limit", "offset", "q", "organizations", "type", "include_users"},
			"group_list":                          {"all_fields", "groups", "include_extras"},
			"organization_show":                   {"id", "include_datasets", "include_users"},
			"group_show":                          {"id", "include_member_count"},
			"organization_autocomplete":           {"q", "limit"},
			"group_autocomplete":                  {"q"},
			"tag_list":                            {"query", "q", "all_fields", "vocabulary_id"},
			"tag_show":                            {"id", "include_datasets"},
			"tag_autocomplete":                    {"q", "limit"},
			"resource_show":                       {"id"},
			"resource_search":                     {"query", "order_by", "offset", "limit"},
			"format_autocomplete":                 {"q", "limit"},
			"help_show":                           {"name"},
		}
		for _, name := range readActions {
			for _, p := range append(params[name], common...) {
				for _, v := range values {
					body := fmt.Sprintf(`{%q: %s}`, p, v)
					r := e.do(t, nil, request{method: "POST", path: "/api/3/action/" + name, body: body})
					if r.status >= 500 || r.body == nil {
						t.Fatalf("%s %s: %d %s", name, body, r.status, r.raw)
					}
				}
				// The same as query-string values.
				for _, v := range []string{"", "abc", "[", `["a"]`} {
					r := e.do(t, nil, request{path: "/api/3/action/" + name + "?" + url.QueryEscape(p) + "=" + url.QueryEscape(v)})
					if r.status >= 500 || r.body == nil {
						t.Fatalf("%s ?%s=%s: %d %s", name, p, v, r.status, r.raw)
					}
				}
			}
		}
	})
}
