package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/datastore"
	"github.com/khlang/khlang/search"
	"github.com/khlang/khlang/server/web"
)

const siteURL = "http://data.example.org"

// evilTitle is a dataset title that would run a script if any page failed to escape it.
const evilTitle = `</script><script>alert(1)</script>`

func ptr[T any](v T) *T { return &v }

// fakeExport records the metadata documents asked of it.
type fakeExport struct{ calls []string }

func (f *fakeExport) DatasetMetadata(w http.ResponseWriter, r *http.Request, name, ext string) {
	f.calls = append(f.calls, name+" "+ext)
	w.Header().Set("Content-Type", "text/turtle")
	_, _ = io.WriteString(w, "# dcat "+name)
}

// fakeDashboards offers one dashboard for every indicator dataset.
type fakeDashboards struct{}

func (fakeDashboards) DashboardLinks(ctx context.Context, d *catalog.Dataset) ([]web.DashboardLink, error) {
	if d != nil && d.Indicator.IndicatorCode == "" {
		return nil, nil
	}
	return []web.DashboardLink{{URL: "/dashboard/internet", Title: "แดชบอร์ดอินเทอร์เน็ต", TitleEN: "Internet dashboard"}}, nil
}

// env is a small catalog in Thai and English with its index, DataStore and pages.
type env struct {
	store  *catalog.Store
	h      *web.Handler
	mux    *http.ServeMux
	export *fakeExport
	ids    map[string]string // dataset or resource name -> id
}

// newEnv builds two organisations, two groups, a member of one organisation and six
// datasets: four public (one titled evilTitle), one private, one draft, one deleted. The
// "observations" resource has 45 rows in the DataStore.
func newEnv(t testing.TB) *env {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	s, err := catalog.Open(ctx, filepath.Join(dir, "catalog.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	clock := time.Date(2025, 3, 6, 3, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { clock = clock.Add(time.Minute); return clock })
	e := &env{store: s, ids: map[string]string{}, export: &fakeExport{}}

	member := &catalog.User{Name: "nso-member", Email: "m@nso.go.th"}
	if err := s.CreateUser(ctx, member, "password123"); err != nil {
		t.Fatal(err)
	}
	groups := map[string]*catalog.Group{}
	for _, g := range []*catalog.Group{
		{Name: "nso", Title: "สำนักงานสถิติแห่งชาติ", TitleEN: "National Statistical Office", IsOrganization: true,
			Description: "ผู้ผลิตสถิติทางการ", DescriptionEN: "Producer of official statistics"},
		{Name: "depa", Title: "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล", TitleEN: "Digital Economy Promotion Agency", IsOrganization: true},
		{Name: "society", Title: "สังคม", TitleEN: "Society"},
		{Name: "economy", Title: "เศรษฐกิจ", TitleEN: "Economy"},
	} {
		if err := s.CreateGroup(ctx, g); err != nil {
			t.Fatal(err)
		}
		groups[g.Name] = g
	}
	if err := s.AddMember(ctx, groups["nso"].ID, member.ID, catalog.CapacityMember); err != nil {
		t.Fatal(err)
	}
	tags := func(names ...string) []catalog.Tag {
		out := make([]catalog.Tag, len(names))
		for i, n := range names {
			out[i] = catalog.Tag{Name: n}
		}
		return out
	}
	first, last := 2018, 2024
	datasets := []*catalog.Dataset{
		{Name: "internet-users", Title: "ผู้ใช้อินเทอร์เน็ต", TitleEN: "Internet users",
			Notes: "ร้อยละของประชากรที่ใช้อินเทอร์เน็ต", NotesEN: "Share of the population using the internet",
			OwnerOrg: ptr("nso"), LicenseID: "cc-by", Tags: tags("internet", "ดิจิทัล"), Groups: []catalog.Group{{Name: "society"}},
			GDC: catalog.GDC{DataType: "ข้อมูลสถิติ", Objective: []string{"ยุทธศาสตร์ชาติ"}, UpdateFrequencyUnit: "ปี",
				GeoCoverage: "ประเทศ", DataSource: "สำนักงานสถิติแห่งชาติ", DataFormat: []string{"CSV"},
				DataCategory: "ข้อมูลสาธารณะ", AccessibleCondition: "เปิดเผยต่อสาธารณะ", UnitOfMeasure: "ร้อยละ",
				FirstYearOfData: &first, LastYearOfData: &last, OfficialStatistics: true, HighValueDataset: true},
			Indicator: catalog.Indicator{IndicatorCode: "TH_INTERNET_USERS", Frameworks: []catalog.FrameworkRef{{Framework: "WDCR", Factor: "Technology"}}},
			Extras:    []catalog.Extra{{Key: "province", Value: "กรุงเทพมหานคร"}},
			Resources: []catalog.Resource{
				{Name: "observations", Format: "CSV", URL: "observations.csv", URLType: "upload", DatastoreActive: true},
				{Name: "landing", Format: "HTML", URL: "https://www.nso.go.th/internet"}}},
		{Name: "ecommerce-value", Title: "มูลค่าพาณิชย์อิเล็กทรอนิกส์", TitleEN: "E-commerce value", OwnerOrg: ptr("depa"),
			LicenseID: "odc-by", Tags: tags("ecommerce"), Groups: []catalog.Group{{Name: "economy"}},
			Extras:    []catalog.Extra{{Key: "province", Value: "เชียงใหม่"}},
			Resources: []catalog.Resource{{Name: "value", Format: "XLSX", URL: "https://depa.or.th/value.xlsx"}}},
		{Name: "broadband-coverage", Title: "Broadband coverage", OwnerOrg: ptr("nso"), LicenseID: "cc-by",
			Tags: tags("internet", "broadband"), Groups: []catalog.Group{{Name: "society"}, {Name: "economy"}},
			Resources: []catalog.Resource{{Name: "coverage", Format: "PDF", URL: "https://example.com/coverage.pdf"}}},
		{Name: "evil-title", Title: evilTitle, TitleEN: evilTitle, Notes: evilTitle, OwnerOrg: ptr("depa"), LicenseID: "cc-by",
			Tags: tags("escape"), Resources: []catalog.Resource{{Name: evilTitle, Format: "CSV", URL: "https://example.com/x.csv"}},
			Extras: []catalog.Extra{{Key: "note", Value: evilTitle}}},
		{Name: "secret-survey", Title: "แบบสำรวจลับ", TitleEN: "Secret survey", OwnerOrg: ptr("nso"), Private: true,
			LicenseID: "cc-by", Tags: tags("internet", "secret-tag"), Groups: []catalog.Group{{Name: "society"}},
			Resources: []catalog.Resource{{Name: "secret", Format: "SAV", URL: "https://example.com/secret.sav"}}},
		{Name: "draft-plan", Title: "Draft plan", OwnerOrg: ptr("depa"), State: catalog.StateDraft, LicenseID: "cc-by",
			Tags: tags("draft-tag")},
		{Name: "removed-dataset", Title: "Removed dataset", OwnerOrg: ptr("nso"), LicenseID: "cc-by", Tags: tags("removed-tag")},
	}
	for _, d := range datasets {
		if err := s.CreateDataset(ctx, d); err != nil {
			t.Fatalf("create %s: %v", d.Name, err)
		}
		e.ids[d.Name] = d.ID
		for _, r := range d.Resources {
			e.ids[r.Name] = r.ID
		}
	}
	if err := s.DeleteDataset(ctx, "removed-dataset"); err != nil {
		t.Fatal(err)
	}

	ds, err := datastore.Open(ctx, filepath.Join(dir, "datastore.db"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ds.Close() })
	var records []map[string]any
	for i := range 45 {
		records = append(records, map[string]any{"year": 1980 + i, "area": []string{"TH", "LA"}[i%2], "value": float64(i) + 0.5})
	}
	if _, err := ds.Create(ctx, datastore.CreateRequest{ResourceID: e.ids["observations"],
		Fields:  []datastore.Field{{ID: "year", Type: "int"}, {ID: "area", Type: "text"}, {ID: "value", Type: "numeric"}},
		Records: records}); err != nil {
		t.Fatal(err)
	}

	ix, err := search.Open("", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	if err := ix.Sync(ctx, s); err != nil {
		t.Fatal(err)
	}
	e.h = &web.Handler{Store: s, Index: ix, DataStore: ds, Export: e.export, SiteURL: siteURL + "/", SiteTitle: "คลังข้อมูล",
		Dashboards: fakeDashboards{},
		Actor: func(r *http.Request) *catalog.Actor {
			name := r.Header.Get("X-Test-User")
			if name == "" {
				return nil
			}
			u, err := s.User(r.Context(), name)
			if err != nil {
				return nil
			}
			a, err := s.Actor(r.Context(), u)
			if err != nil {
				return nil
			}
			return a
		}}
	e.mux = http.NewServeMux()
	e.h.Register(e.mux)
	return e
}

// get requests path with optional headers ("Name: value").
func (e *env) get(t testing.TB, path string, headers ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, path, nil)
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ":")
		r.Header.Add(k, strings.TrimSpace(v))
	}
	w := httptest.NewRecorder()
	e.mux.ServeHTTP(w, r)
	return w
}

func (e *env) mustGet(t testing.TB, path string, headers ...string) string {
	t.Helper()
	w := e.get(t, path, headers...)
	if w.Code != http.StatusOK {
		t.Fatalf("GET %s: status %d, want 200\n%s", path, w.Code, w.Body.String())
	}
	return w.Body.String()
}
