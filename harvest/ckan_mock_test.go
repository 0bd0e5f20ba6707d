package harvest_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
	"github.com/khlang/khlang/harvest"
)

// mockCKAN answers package_search with recorded responses (testdata/ckan), checking each
// request as ckanext-harvest's own mock does: the decoded fq must not contain "+TO+"
// (spaces are encoded once), and paging uses rows=100 and sort=id asc.
type mockCKAN struct {
	t *testing.T
	// page returns the recorded file and status for a request.
	page func(q url.Values) (file string, status int)

	mu       sync.Mutex
	requests []*http.Request
}

func (m *mockCKAN) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	m.requests = append(m.requests, r.Clone(context.Background()))
	m.mu.Unlock()
	q := r.URL.Query()
	if r.URL.Path != "/api/3/action/package_search" {
		http.NotFound(w, r)
		return
	}
	if strings.Contains(q.Get("fq"), "+TO+") {
		m.t.Errorf("fq %q: spaces were encoded twice", q.Get("fq"))
	}
	if q.Get("rows") != "100" || q.Get("sort") != "id asc" || q.Get("start") == "" {
		m.t.Errorf("package_search parameters %v, want rows=100, sort=id asc and a start", q)
	}
	file, status := m.page(q)
	body, err := os.ReadFile(filepath.Join("testdata", "ckan", file))
	if err != nil {
		body = []byte(file) // an inline body
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func (m *mockCKAN) take() []*http.Request {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := m.requests
	m.requests = nil
	return out
}

// byStart serves the recorded pages by their start parameter, and an empty page after.
func byStart(pages ...string) func(url.Values) (string, int) {
	return func(q url.Values) (string, int) {
		for i, p := range pages {
			if q.Get("start") == []string{"0", "100", "200", "300"}[i] {
				return p, http.StatusOK
			}
		}
		return "empty.json", http.StatusOK
	}
}

func newMock(t *testing.T, page func(url.Values) (string, int)) (*mockCKAN, *httptest.Server) {
	m := &mockCKAN{t: t, page: page}
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	return m, srv
}

func createOrg(t *testing.T, s *catalog.Store, name string) *catalog.Group {
	t.Helper()
	g := &catalog.Group{Name: name, Title: name, IsOrganization: true}
	if err := s.CreateGroup(context.Background(), g); err != nil {
		t.Fatal(err)
	}
	return g
}

// TestCKANPaging runs recorded CKAN answers through the harvester: paging with a dataset
// shifting between pages, a source that ignores start, and failing sources.
func TestCKANPaging(t *testing.T) {
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		page      func(url.Values) (string, int)
		requests  int
		want      counts
		full      bool
		status    string
		failed    bool
		errSubstr string
		check     func(t *testing.T, s *catalog.Store)
	}{
		{name: "pages with a duplicate", page: byStart("page-1.json", "page-2.json"), requests: 3,
			want: counts{created: 3}, full: true, status: catalog.HarvestOK, check: checkRecordedPages},
		{name: "source ignores start", page: func(url.Values) (string, int) { return "page-1.json", http.StatusOK },
			requests: 2, want: counts{created: 2, errors: 1}, status: catalog.HarvestErrors, errSubstr: "ignore start"},
		{name: "error envelope", page: func(url.Values) (string, int) { return "search-error.json", http.StatusConflict },
			requests: 1, status: catalog.HarvestFailed, failed: true, errSubstr: "409"},
		{name: "not JSON", page: func(url.Values) (string, int) { return "<html>maintenance</html>", http.StatusOK },
			requests: 1, status: catalog.HarvestFailed, failed: true, errSubstr: "not a CKAN answer"},
		{name: "error on page 2", page: func(q url.Values) (string, int) {
			if q.Get("start") == "0" {
				return "page-1.json", http.StatusOK
			}
			return "search-error.json", http.StatusInternalServerError
		}, requests: 2, status: catalog.HarvestFailed, failed: true, errSubstr: "500"},
	}
	for _, b := range catalogtest.Backends(t) {
		for _, tc := range tests {
			t.Run(b.Name+"/"+tc.name, func(t *testing.T) {
				s := catalogtest.Open(t, b)
				createOrg(t, s, "local-org")
				createOrg(t, s, "stats-office")
				m, srv := newMock(t, tc.page)
				src := addSource(t, s, harvest.Source{Name: "mock", Type: harvest.TypeCKAN,
					URL: srv.URL, Org: "local-org", Config: harvest.Config{RemoteOrgs: harvest.RemoteOnlyLocal, APIKey: "secret-token"}})
				rep, err := harvest.Run(context.Background(), s, src, harvest.Options{Now: func() time.Time { return now }})
				if (err != nil) != tc.failed {
					t.Fatalf("Run error = %v, want failure %v", err, tc.failed)
				}
				if got := countsOf(rep); got != tc.want || rep.Full != tc.full || rep.Status != tc.status {
					t.Errorf("report %+v full=%v status=%q, want %+v full=%v status=%q (errors %v, message %q)",
						got, rep.Full, rep.Status, tc.want, tc.full, tc.status, rep.Errors, rep.Message)
				}
				msgs := rep.Message
				for _, e := range rep.Errors {
					msgs += " " + e.Message
				}
				if !strings.Contains(msgs, tc.errSubstr) {
					t.Errorf("messages %q do not mention %q", msgs, tc.errSubstr)
				}
				reqs := m.take()
				if len(reqs) != tc.requests {
					t.Errorf("%d requests, want %d", len(reqs), tc.requests)
				}
				for _, r := range reqs {
					if r.Header.Get("Authorization") != "secret-token" {
						t.Errorf("Authorization = %q, want the api key", r.Header.Get("Authorization"))
					}
				}
				runs, err := s.HarvestRuns(context.Background(), src.ID, 0)
				if err != nil || len(runs) != 1 || runs[0].Status != tc.status {
					t.Errorf("saved runs = %+v, %v", runs, err)
				}
				if tc.check != nil {
					tc.check(t, s)
				}
			})
		}
	}
}

// checkRecordedPages checks what the recorded pages became.
func checkRecordedPages(t *testing.T, s *catalog.Store) {
	ctx := context.Background()
	d, err := s.Dataset(ctx, "population-by-province")
	if err != nil {
		t.Fatal(err)
	}
	if d.Organization == nil || d.Organization.Name != "stats-office" {
		t.Errorf("organization = %+v, want the local stats-office (only_local)", d.Organization)
	}
	if r := d.Resources[0]; r.URLType != "" || r.DatastoreActive || !strings.HasPrefix(r.URL, "https://ckan.example.org/dataset/") {
		t.Errorf("resource = %+v, want a plain link to the remote upload", r)
	}
	if d.Extra(catalog.ExtraHarvestObjectID) == "from-an-upstream-harvest" || d.Extra("frequency") != "annual" {
		t.Errorf("extras = %v, want the upstream harvest extras replaced and the others kept", d.Extras)
	}
	if d.CreatorUserID != nil {
		t.Errorf("creator = %v, want none (a remote user)", *d.CreatorUserID)
	}
	for name, org := range map[string]string{"internet-use": "local-org", "mobile-subscriptions": "local-org"} {
		d, err := s.Dataset(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		if d.Organization == nil || d.Organization.Name != org {
			t.Errorf("%s: organization = %+v, want %s", name, d.Organization, org)
		}
		if name == "internet-use" && d.Title != "Internet use" {
			t.Errorf("internet-use title = %q: the first copy of a duplicate is kept", d.Title)
		}
	}
}

// TestCKANQuery checks the fq terms and the raw query, exactly as ckanext-harvest builds
// them: organisation and group filters, and the incremental metadata_modified range.
func TestCKANQuery(t *testing.T) {
	lastStart := time.Date(2024, 5, 1, 11, 20, 30, 123456000, time.UTC)
	tests := []struct {
		name     string
		cfg      harvest.Config
		previous bool // a run without errors exists
		full     bool
		wantFQ   string
		wantRaw  string
	}{
		{name: "all", wantRaw: "rows=100&start=0&sort=id+asc"},
		{name: "include orgs", cfg: harvest.Config{OrganizationsInclude: []string{"a", "b"}},
			wantFQ: "organization:a OR organization:b", wantRaw: "rows=100&start=0&sort=id+asc&fq=organization%3Aa+OR+organization%3Ab"},
		{name: "exclude orgs", cfg: harvest.Config{OrganizationsExclude: []string{"x", "y"}}, wantFQ: "-organization:x -organization:y"},
		{name: "include wins", cfg: harvest.Config{OrganizationsInclude: []string{"a"}, OrganizationsExclude: []string{"x"}}, wantFQ: "organization:a"},
		{name: "groups", cfg: harvest.Config{OrganizationsExclude: []string{"x"}, GroupsInclude: []string{"g1", "g2"}},
			wantFQ: "-organization:x groups:g1 OR groups:g2"},
		{name: "exclude groups", cfg: harvest.Config{GroupsExclude: []string{"g"}}, wantFQ: "-groups:g"},
		{name: "incremental", cfg: harvest.Config{OrganizationsInclude: []string{"a"}}, previous: true,
			wantFQ:  "organization:a metadata_modified:[2024-05-01T10:20:30.123456Z TO *]",
			wantRaw: "rows=100&start=0&sort=id+asc&fq=organization%3Aa+metadata_modified%3A%5B2024-05-01T10%3A20%3A30.123456Z+TO+%2A%5D"},
		{name: "full asked", previous: true, full: true, wantRaw: "rows=100&start=0&sort=id+asc"},
		{name: "force_all", cfg: harvest.Config{ForceAll: true}, previous: true, wantRaw: "rows=100&start=0&sort=id+asc"},
	}
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				m, srv := newMock(t, func(url.Values) (string, int) { return "empty.json", http.StatusOK })
				src := addSource(t, s, harvest.Source{Name: "q-" + strings.NewReplacer(" ", "-", "_", "-").Replace(tc.name), Type: harvest.TypeCKAN, URL: srv.URL, Config: tc.cfg})
				if tc.previous {
					for _, r := range []*catalog.HarvestRun{
						{SourceID: src.ID, Started: lastStart, Status: catalog.HarvestOK},
						{SourceID: src.ID, Started: lastStart.Add(time.Hour), Status: catalog.HarvestErrors},
					} {
						if err := s.SaveHarvestRun(context.Background(), r); err != nil {
							t.Fatal(err)
						}
					}
				}
				if _, err := harvest.Run(context.Background(), s, src, harvest.Options{Full: tc.full}); err != nil {
					t.Fatal(err)
				}
				reqs := m.take()
				if len(reqs) != 1 {
					t.Fatalf("%d requests, want 1", len(reqs))
				}
				if got := reqs[0].URL.Query().Get("fq"); got != tc.wantFQ {
					t.Errorf("fq = %q, want %q", got, tc.wantFQ)
				}
				if tc.wantRaw != "" && reqs[0].URL.RawQuery != tc.wantRaw {
					t.Errorf("query = %s, want %s", reqs[0].URL.RawQuery, tc.wantRaw)
				}
			})
		}
	})
}

// TestCKANIncrementalFallsBack reads everything when the incremental search fails, as
// ckanext-harvest does, and says so in the report.
func TestCKANIncrementalFallsBack(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		m, srv := newMock(t, func(q url.Values) (string, int) {
			if strings.Contains(q.Get("fq"), "metadata_modified") {
				return "search-error.json", http.StatusConflict
			}
			return byStart("page-2.json")(q)
		})
		src := addSource(t, s, harvest.Source{Name: "fallback", Type: harvest.TypeCKAN, URL: srv.URL})
		if err := s.SaveHarvestRun(context.Background(), &catalog.HarvestRun{SourceID: src.ID, Started: time.Now(), Status: catalog.HarvestOK}); err != nil {
			t.Fatal(err)
		}
		rep, err := harvest.Run(context.Background(), s, src, harvest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := countsOf(rep), (counts{created: 2, errors: 1}); got != want || !rep.Full {
			t.Errorf("report %+v full=%v, want %+v and a full run", got, rep.Full, want)
		}
		if n := len(m.take()); n != 3 {
			t.Errorf("%d requests, want the failed incremental one and two full pages", n)
		}
	})
}

// TestRunRefusesUnstoredOrInvalidSources checks the source before any request.
func TestRunRefusesUnstoredOrInvalidSources(t *testing.T) {
	s := catalogtest.Open(t, catalogtest.Backends(t)[0])
	for _, src := range []harvest.Source{
		{Name: "x", Type: "ftp", URL: "http://127.0.0.1/", ID: "1"},
		{Name: "x", Type: harvest.TypeCKAN, URL: "http://127.0.0.1/"},
		{Name: "x", Type: harvest.TypeCKAN, URL: "http://127.0.0.1/", ID: "1", Config: harvest.Config{RemoteOrgs: "sometimes"}},
	} {
		if _, err := harvest.Run(context.Background(), s, src, harvest.Options{}); err == nil {
			t.Errorf("Run(%+v) succeeded", src)
		} else if src.Type == "ftp" && !errors.Is(err, catalog.ErrInvalid) {
			t.Errorf("Run(%+v) = %v, want a validation error", src, err)
		}
	}
}

// TestCKANExtrasNamedLikeFields harvests a dataset whose remote extras reuse field names
// ("title", "notes", and "harvest_title" already taken): CKAN's validator refuses such
// extras, so they are kept under harvest_<key> and the dataset still harvests.
func TestCKANExtrasNamedLikeFields(t *testing.T) {
	const body = `{"success": true, "result": {"count": 1, "results": [{"id": "7d0f0c1e-8e3a-4a55-9d4b-0a1b2c3d4e5f",
	  "name": "extras-named-like-fields", "title": "Remote title", "notes": "Remote notes", "resources": [],
	  "extras": [{"key": "title", "value": "ชื่อเดิม"}, {"key": "notes", "value": "extra notes"},
	             {"key": "harvest_title", "value": "already here"}, {"key": "frequency", "value": "annual"},
	             {"key": "harvest_source_id", "value": "upstream"}]}]}}`
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		_, srv := newMock(t, func(q url.Values) (string, int) {
			if q.Get("start") == "0" {
				return body, http.StatusOK
			}
			return "empty.json", http.StatusOK
		})
		src := addSource(t, s, harvest.Source{Name: "extras", Type: harvest.TypeCKAN, URL: srv.URL})
		rep, err := harvest.Run(context.Background(), s, src, harvest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := countsOf(rep); got != (counts{created: 1}) {
			t.Fatalf("report %+v, errors %v", got, rep.Errors)
		}
		d, err := s.Dataset(context.Background(), "extras-named-like-fields")
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"harvest_title_2": "ชื่อเดิม", "harvest_notes": "extra notes", "harvest_title": "already here",
			"frequency": "annual", catalog.ExtraHarvestSourceID: src.ID}
		for k, v := range want {
			if got := d.Extra(k); got != v {
				t.Errorf("extra %q = %q, want %q (extras %v)", k, got, v, d.Extras)
			}
		}
		if d.Title != "Remote title" || d.Extra("title") != "" || d.Extra("notes") != "" {
			t.Errorf("title %q, extras %v: the field and the renamed extras must stay apart", d.Title, d.Extras)
		}
		// Unchanged at the source: the renamed extras do not make the second run rewrite it.
		rep, err = harvest.Run(context.Background(), s, src, harvest.Options{Full: true})
		if err != nil || countsOf(rep) != (counts{unchanged: 1}) {
			t.Fatalf("second run %+v, %v", countsOf(rep), err)
		}
	})
}
