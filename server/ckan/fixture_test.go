package ckan_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/search"
	"github.com/khlang/khlang/server/ckan"
)

const siteURL = "http://data.example.org"

func ptr[T any](v T) *T { return &v }

// env is a catalog with its index and API, built once per backend and only read by the
// scenarios.
type env struct {
	store  *catalog.Store
	api    *ckan.API
	mux    *http.ServeMux
	tokens map[string]string // user name -> API token
	ids    map[string]string // dataset name -> id
	res    map[string]string // resource name -> id
}

// Public datasets of the fixture, by name.
var publicNames = []string{"broadband-coverage", "census-2025", "digital-gdp", "e-government-services",
	"ecommerce-value", "internet-users", "it-workforce", "mobile-subscriptions", "village-fund"}

// newSearcher gives the scenarios their index: the real one, in memory, synced from the store.
func newSearcher(t *testing.T, s *catalog.Store) ckan.Searcher {
	t.Helper()
	ix, err := search.Open("", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	if err := ix.Sync(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	return ix
}

// buildFixture fills s with two organizations, two groups, three users and twelve
// datasets in Thai and English: nine public, one private, one draft and one deleted.
func buildFixture(t *testing.T, s *catalog.Store) *env {
	t.Helper()
	ctx := context.Background()
	clock := time.Date(2025, 1, 2, 3, 4, 5, 123456000, time.UTC)
	s.SetClock(func() time.Time { clock = clock.Add(time.Minute); return clock })

	e := &env{store: s, tokens: map[string]string{}, ids: map[string]string{}, res: map[string]string{}}
	users := map[string]*catalog.User{}
	for _, u := range []*catalog.User{
		{Name: "admin", Fullname: "Site Admin", Email: "admin@example.org", Sysadmin: true},
		{Name: "nso-editor", Fullname: "สมชาย ใจดี", Email: "editor@nso.go.th"},
		{Name: "outsider", Email: "out@example.org"},
	} {
		if err := s.CreateUser(ctx, u, "password123"); err != nil {
			t.Fatal(err)
		}
		tok, err := s.CreateToken(ctx, u.Name, "test")
		if err != nil {
			t.Fatal(err)
		}
		users[u.Name], e.tokens[u.Name] = u, tok
	}
	orgs := map[string]*catalog.Group{}
	for _, g := range []*catalog.Group{
		{Name: "nso", Title: "สำนักงานสถิติแห่งชาติ", TitleEN: "National Statistical Office", IsOrganization: true,
			Description: "ผู้ผลิตสถิติทางการ", Extras: []catalog.Extra{{Key: "website", Value: "https://www.nso.go.th"}}},
		{Name: "depa", Title: "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล", TitleEN: "Digital Economy Promotion Agency", IsOrganization: true},
		{Name: "economy", Title: "เศรษฐกิจ"},
		{Name: "society", Title: "Society"},
	} {
		if err := s.CreateGroup(ctx, g); err != nil {
			t.Fatal(err)
		}
		orgs[g.Name] = g
	}
	if err := s.AddMember(ctx, orgs["nso"].ID, users["nso-editor"].ID, catalog.CapacityEditor); err != nil {
		t.Fatal(err)
	}
	tags := func(names ...string) []catalog.Tag {
		out := make([]catalog.Tag, len(names))
		for i, n := range names {
			out[i] = catalog.Tag{Name: n}
		}
		return out
	}
	groups := func(names ...string) []catalog.Group {
		out := make([]catalog.Group, len(names))
		for i, n := range names {
			out[i] = catalog.Group{Name: n}
		}
		return out
	}
	res := func(name, format string) catalog.Resource {
		return catalog.Resource{Name: name, Format: format, URL: "https://data.example.org/files/" + name}
	}
	editor := ptr(users["nso-editor"].ID)
	datasets := []*catalog.Dataset{
		{Name: "internet-users", Title: "ผู้ใช้อินเทอร์เน็ต", TitleEN: "Internet users", Notes: "ร้อยละของประชากรที่ใช้อินเทอร์เน็ต",
			OwnerOrg: ptr("nso"), LicenseID: "cc-by", Tags: tags("internet", "ดิจิทัล"), Groups: groups("society"),
			CreatorUserID: editor, Extras: []catalog.Extra{{Key: "source", Value: "NSO ICT survey"}},
			Resources: []catalog.Resource{{Name: "observations", Format: "CSV", URL: "observations.csv", URLType: "upload"},
				res("landing", "HTML")}},
		{Name: "mobile-subscriptions", Title: "Mobile subscriptions", OwnerOrg: ptr("nso"), LicenseID: "odc-by",
			Tags: tags("mobile", "telecom"), Groups: groups("society"), Resources: []catalog.Resource{res("subs", "XLSX")}},
		{Name: "ecommerce-value", Title: "มูลค่าพาณิชย์อิเล็กทรอนิกส์", TitleEN: "E-commerce value", OwnerOrg: ptr("depa"),
			LicenseID: "cc-by", Tags: tags("ecommerce", "เศรษฐกิจ"), Groups: groups("economy"),
			Resources: []catalog.Resource{res("value", "CSV"), res("value-json", "JSON")}},
		{Name: "digital-gdp", Title: "Digital economy share of GDP", OwnerOrg: ptr("depa"), LicenseID: "other-open",
			Tags: tags("economy"), Groups: groups("economy"), Resources: []catalog.Resource{res("gdp", "CSV")}},
		{Name: "broadband-coverage", Title: "ความครอบคลุมบรอดแบนด์", OwnerOrg: ptr("nso"), LicenseID: "cc-by",
			Tags: tags("internet", "broadband"), Groups: groups("society", "economy"), Resources: []catalog.Resource{res("coverage", "PDF")}},
		{Name: "village-fund", Title: "กองทุนหมู่บ้าน", OwnerOrg: ptr("nso"), LicenseID: "odc-pddl", Tags: tags("village"),
			Resources: []catalog.Resource{res("funds", "CSV")}},
		{Name: "it-workforce", Title: "IT workforce", OwnerOrg: ptr("depa"), LicenseID: "cc-zero", Tags: tags("workforce"),
			Groups: groups("economy"), Resources: []catalog.Resource{res("workers", "XLSX")}},
		{Name: "e-government-services", Title: "บริการภาครัฐดิจิทัล", OwnerOrg: ptr("depa"), LicenseID: "cc-by",
			Tags: tags("egov"), Resources: []catalog.Resource{res("services", "JSON")}},
		{Name: "census-2025", Title: "สำมะโนประชากร 2568", OwnerOrg: ptr("nso"), LicenseID: "other-pd", Tags: tags("census"),
			Resources: []catalog.Resource{res("population", "CSV")}},
		{Name: "secret-survey", Title: "แบบสำรวจลับ", OwnerOrg: ptr("nso"), Private: true, LicenseID: "cc-by",
			Tags: tags("secret-tag", "internet"), Groups: groups("society"),
			Resources: []catalog.Resource{{Name: "secret", Format: "SAV", URL: "secret.csv", URLType: "upload"}}},
		{Name: "draft-plan", Title: "Draft plan", OwnerOrg: ptr("depa"), State: catalog.StateDraft, LicenseID: "cc-by",
			Tags: tags("draft-tag"), Resources: []catalog.Resource{res("plan", "DOCX")}},
		{Name: "removed-dataset", Title: "Removed", OwnerOrg: ptr("nso"), LicenseID: "cc-by", Tags: tags("removed-tag"),
			Resources: []catalog.Resource{res("gone", "TSV")}},
	}
	for _, d := range datasets {
		if err := s.CreateDataset(ctx, d); err != nil {
			t.Fatalf("create %s: %v", d.Name, err)
		}
		e.ids[d.Name] = d.ID
		for _, r := range d.Resources {
			e.res[r.Name] = r.ID
		}
	}
	if err := s.DeleteDataset(ctx, "removed-dataset"); err != nil {
		t.Fatal(err)
	}

	uploads := t.TempDir()
	for name, body := range map[string]string{"observations": "year,value\n2024,88.0\n", "secret": "classified"} {
		file := map[string]string{"observations": "observations.csv", "secret": "secret.csv"}[name]
		dir := filepath.Join(uploads, e.res[name])
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, file), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	e.api = &ckan.API{Store: s, Search: newSearcher(t, s), SiteURL: siteURL + "/", SiteTitle: "คลังข้อมูล",
		SiteDescription: "Thai digital-economy statistics", Version: "test", UploadDir: uploads, MaxBodyBytes: 4096}
	e.mux = http.NewServeMux()
	e.api.Register(e.mux)
	return e
}

// response is a recorded answer with its body decoded when it is JSON.
type response struct {
	status int
	header http.Header
	raw    []byte
	body   any
}

// envelope returns the success envelope's result, failing the test otherwise.
func (r response) result(t *testing.T) any {
	t.Helper()
	m, ok := r.body.(map[string]any)
	if !ok || m["success"] != true {
		t.Fatalf("not a success envelope (%d): %s", r.status, r.raw)
	}
	return m["result"]
}

// errorOf returns the failure envelope's error object.
func (r response) errorOf(t *testing.T) map[string]any {
	t.Helper()
	m, ok := r.body.(map[string]any)
	if !ok || m["success"] != false {
		t.Fatalf("not a failure envelope (%d): %s", r.status, r.raw)
	}
	e, ok := m["error"].(map[string]any)
	if !ok {
		t.Fatalf("error is not an object: %s", r.raw)
	}
	return e
}

// request describes one HTTP call of a scenario.
type request struct {
	method, path string
	body         string
	contentType  string
	header       map[string]string
	as           string // user name whose token goes in Authorization
}

var (
	resRE   = regexp.MustCompile(`RES(?::|%3A)([a-z0-9-]+)`)
	tokenRE = regexp.MustCompile(`TOKEN:([a-z0-9-]+)`)
)

func (e *env) do(t *testing.T, h http.Handler, rq request) response {
	t.Helper()
	method := rq.method
	if method == "" {
		method = http.MethodGet
	}
	// Scenario tables are written before ids and tokens exist; they name them by placeholder.
	rq.path = resRE.ReplaceAllStringFunc(rq.path, func(m string) string { return e.res[resRE.FindStringSubmatch(m)[1]] })
	var body io.Reader
	if rq.body != "" {
		body = strings.NewReader(rq.body)
	}
	req := httptest.NewRequest(method, rq.path, body)
	if rq.contentType != "" {
		req.Header.Set("Content-Type", rq.contentType)
	} else if rq.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if rq.as != "" {
		req.Header.Set("Authorization", e.tokens[rq.as])
	}
	for k, v := range rq.header {
		v = tokenRE.ReplaceAllStringFunc(v, func(m string) string { return e.tokens[tokenRE.FindStringSubmatch(m)[1]] })
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	if h == nil {
		h = e.mux
	}
	h.ServeHTTP(rec, req)
	out := response{status: rec.Code, header: rec.Header(), raw: rec.Body.Bytes()}
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		dec := json.NewDecoder(bytes.NewReader(out.raw))
		dec.UseNumber()
		if err := dec.Decode(&out.body); err != nil {
			t.Fatalf("response is not JSON: %v: %s", err, out.raw)
		}
	}
	return out
}

// keys returns the sorted keys of a JSON object.
func keys(t *testing.T, v any) []string {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("not an object: %#v", v)
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// list asserts v is a JSON array.
func list(t *testing.T, v any) []any {
	t.Helper()
	l, ok := v.([]any)
	if !ok {
		t.Fatalf("not a list: %#v", v)
	}
	return l
}

// obj asserts v is a JSON object.
func obj(t *testing.T, v any) map[string]any {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("not an object: %#v", v)
	}
	return m
}

// namesOf gives the "name" of each dict in a list, in order.
func namesOf(t *testing.T, v any) []string {
	t.Helper()
	var out []string
	for _, it := range list(t, v) {
		out = append(out, obj(t, it)["name"].(string))
	}
	return out
}

// strs converts a JSON list of strings.
func strs(t *testing.T, v any) []string {
	t.Helper()
	var out []string
	for _, it := range list(t, v) {
		s, ok := it.(string)
		if !ok {
			t.Fatalf("not a string: %#v", it)
		}
		out = append(out, s)
	}
	return out
}

func num(t *testing.T, v any) int {
	t.Helper()
	n, ok := v.(json.Number)
	if !ok {
		t.Fatalf("not a number: %#v", v)
	}
	i, err := n.Int64()
	if err != nil {
		t.Fatal(err)
	}
	return int(i)
}
