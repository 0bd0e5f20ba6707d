package harvest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
	"github.com/khlang/khlang/harvest"
)

type wantResource struct{ Name, URL, Format, MimeType string }

type wantDataset struct {
	GUID, Name, Title, TitleEN, Notes string
	Tags                              []string
	Resources                         []wantResource
	License, Maintainer, Email, URL   string
	OrgTitle                          string
}

// summarize reads what a test compares of a stored dataset.
func summarize(d *catalog.Dataset) wantDataset {
	w := wantDataset{GUID: d.Extra(catalog.ExtraHarvestGUID), Name: d.Name, Title: d.Title, TitleEN: d.TitleEN, Notes: d.Notes,
		License: d.LicenseID, Maintainer: d.Maintainer, Email: d.MaintainerEmail, URL: d.URL}
	for _, t := range d.Tags {
		w.Tags = append(w.Tags, t.Name)
	}
	slices.Sort(w.Tags)
	for _, r := range d.Resources {
		w.Resources = append(w.Resources, wantResource{r.Name, r.URL, r.Format, r.MimeType})
	}
	slices.SortFunc(w.Resources, func(a, b wantResource) int { return strings.Compare(a.Name, b.Name) })
	if d.Organization != nil {
		w.OrgTitle = d.Organization.Title
	}
	return w
}

var (
	internetUsersDCAT = wantDataset{GUID: "tddc-001", Name: "internet-users", Title: "ผู้ใช้อินเทอร์เน็ต", TitleEN: "Internet users",
		Notes: "ร้อยละของประชากรอายุ 6 ปีขึ้นไป\nที่ใช้อินเทอร์เน็ต", Tags: []string{"e-commerce online", "internet", "ดิจิทัล"},
		Resources: []wantResource{
			{"API", "https://api.example.go.th/internet", "JSON", ""},
			{"Internet users CSV", "https://data.example.go.th/files/internet.csv", "CSV", "text/csv"},
		},
		License: "cc-by", Maintainer: "Open Data Team", Email: "opendata@example.go.th",
		URL: "https://data.example.go.th/dataset/internet-users", OrgTitle: "สำนักงานสถิติแห่งชาติ"}
	mobileDCAT = wantDataset{GUID: "https://data.example.go.th/dataset/mobile", Name: "mobile-subscriptions", Title: "Mobile subscriptions",
		Notes: `Subscriptions per 100 people, "all operators".`, Tags: []string{"mobile"},
		Resources: []wantResource{{"mobile.xlsx", "https://data.example.go.th/files/mobile.xlsx", "XLSX", ""}}, OrgTitle: "local-org"}
)

// TestHarvestDocuments harvests the DCAT (Turtle over two Hydra pages, JSON-LD, RDF/XML)
// and data.json fixtures, then harvests them again and expects no write.
func TestHarvestDocuments(t *testing.T) {
	srv := httptest.NewServer(http.FileServer(http.Dir(filepath.Join("testdata", "dcat"))))
	t.Cleanup(srv.Close)
	tests := []struct {
		name, typ, file string
		pages           int
		want            []wantDataset
	}{
		{name: "turtle", typ: harvest.TypeDCAT, file: "catalog.ttl", want: []wantDataset{internetUsersDCAT, mobileDCAT}},
		{name: "json-ld", typ: harvest.TypeDCAT, file: "catalog.jsonld", want: []wantDataset{internetUsersDCAT, mobileDCAT}},
		{name: "rdf-xml", typ: harvest.TypeDCAT, file: "catalog.rdf", want: []wantDataset{internetUsersDCAT, mobileDCAT}},
		{name: "data.json", typ: harvest.TypeDataJSON, file: "data.json", want: []wantDataset{
			{GUID: "tddc-001", Name: "internet-users", Title: "Internet users",
				Notes: "Share of people aged 6 and over who used the internet.", Tags: []string{"e-commerce online", "internet", "ดิจิทัล"},
				Resources: []wantResource{
					{"API", "https://api.example.go.th/internet", "JSON", ""},
					{"Internet users CSV", "https://data.example.go.th/files/internet.csv", "CSV", "text/csv"},
				},
				License: "cc-by", Maintainer: "Open Data Team", Email: "opendata@example.go.th",
				URL: "https://data.example.go.th/dataset/internet-users", OrgTitle: "National Statistical Office"},
			{GUID: "https://data.example.go.th/dataset/mobile", Name: "mobile-subscriptions", Title: "Mobile subscriptions",
				Notes: `Subscriptions per 100 people, "all operators".`, Tags: []string{"mobile"}, Maintainer: "Data desk",
				Resources: []wantResource{{"mobile.xlsx", "https://data.example.go.th/files/mobile.xlsx", "XLSX", ""}},
				OrgTitle:  "Telecom Regulator"},
		}},
	}
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		ctx := context.Background()
		createOrg(t, s, "local-org")
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				src := addSource(t, s, harvest.Source{Name: "doc-" + strings.ReplaceAll(tc.name, ".", "-"), Type: tc.typ,
					URL: srv.URL + "/" + tc.file, Org: "local-org", Config: harvest.Config{RemoteOrgs: harvest.RemoteCreate}})
				rep := run(t, s, src, time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC), false)
				if got, want := countsOf(rep), (counts{created: len(tc.want)}); got != want || !rep.Full {
					t.Fatalf("run 1 = %+v full=%v, want %+v (errors %v)", got, rep.Full, want, rep.Errors)
				}
				local, err := s.HarvestedDatasets(ctx, src.ID)
				if err != nil {
					t.Fatal(err)
				}
				ids := make([]string, len(local))
				for i, d := range local {
					ids[i] = d.ID
				}
				stored, err := s.DatasetsByID(ctx, ids)
				if err != nil {
					t.Fatal(err)
				}
				var got []wantDataset
				for _, d := range stored {
					w := summarize(d)
					// Each source names its datasets; several sources of one catalog get suffixes.
					if i := strings.LastIndex(w.Name, "-"); i > 0 && len(w.Name)-i == 9 {
						w.Name = w.Name[:i]
					}
					got = append(got, w)
				}
				slices.SortFunc(got, func(a, b wantDataset) int { return strings.Compare(a.GUID, b.GUID) })
				want := slices.Clone(tc.want)
				slices.SortFunc(want, func(a, b wantDataset) int { return strings.Compare(a.GUID, b.GUID) })
				if !reflect.DeepEqual(got, want) {
					t.Errorf("harvested:\n%+v\nwant:\n%+v", got, want)
				}

				before := lastChange(t, s)
				rep = run(t, s, src, time.Date(2025, 7, 2, 0, 0, 0, 0, time.UTC), false)
				if got, want := countsOf(rep), (counts{unchanged: len(tc.want)}); got != want {
					t.Errorf("run 2 = %+v, want %+v", got, want)
				}
				if after := lastChange(t, s); after != before {
					t.Errorf("run 2 appended %d change-log rows", after-before)
				}
			})
		}
	})
}

// TestDocumentSourceFollowsChanges serves a data.json that changes between runs: a
// changed dataset is updated, a removed one withdrawn, and a returning one revived.
func TestDocumentSourceFollowsChanges(t *testing.T) {
	orig, err := os.ReadFile(filepath.Join("testdata", "dcat", "data.json"))
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(orig), `"title": "Internet users"`, `"title": "Internet users (revised)"`, 1)
	// The second version lists only the first dataset, retitled.
	if i := strings.Index(changed, `,
    {
      "@type": "dcat:Dataset",
      "identifier": "https://data.example.go.th/dataset/mobile"`); i > 0 {
		changed = changed[:i] + "\n  ]\n}\n"
	} else {
		t.Fatal("fixture layout changed")
	}
	var body atomic.Value
	body.Store(string(orig))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body.Load().(string)))
	}))
	t.Cleanup(srv.Close)
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		ctx := context.Background()
		src := addSource(t, s, harvest.Source{Name: "changing", Type: harvest.TypeDataJSON, URL: srv.URL + "/data.json"})
		now := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
		steps := []struct {
			body string
			want counts
		}{
			{string(orig), counts{created: 2}},
			{changed, counts{updated: 1, deleted: 1}},
			{changed, counts{unchanged: 1}},
			{string(orig), counts{updated: 1, unchanged: 0, created: 0}},
		}
		for i, st := range steps {
			body.Store(st.body)
			rep := run(t, s, src, now.Add(time.Duration(i)*time.Hour), false)
			want := st.want
			if i == 3 {
				want = counts{updated: 2} // the retitled one changes back, the withdrawn one returns
			}
			if got := countsOf(rep); got != want {
				t.Errorf("step %d = %+v, want %+v (errors %v)", i, got, want, rep.Errors)
			}
			d, err := s.Dataset(ctx, "mobile-subscriptions")
			if err != nil {
				t.Fatal(err)
			}
			wantState := catalog.StateActive
			if i == 1 || i == 2 {
				wantState = catalog.StateDeleted
			}
			if d.State != wantState {
				t.Errorf("step %d: mobile-subscriptions is %s, want %s", i, d.State, wantState)
			}
			if i == 1 {
				if d, err := s.Dataset(ctx, "internet-users"); err != nil || d.Title != "Internet users (revised)" {
					t.Errorf("step 1: internet-users = %v, %v; want the revised title (name kept)", d, err)
				}
			}
		}
	})
}

// TestDCATPagingLoop stops when Hydra links lead back to a page already read.
func TestDCATPagingLoop(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		next := map[string]string{"/a": "b", "/b": "/a"}[r.URL.Path]
		w.Header().Set("Content-Type", "text/turtle")
		_, _ = w.Write([]byte(`@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
@prefix hydra: <http://www.w3.org/ns/hydra/core#> .
<http://x.org/p> hydra:next "` + next + `" .
<http://x.org/ds` + r.URL.Path + `> a dcat:Dataset ; dct:title "Dataset ` + r.URL.Path + `" .`))
	}))
	t.Cleanup(srv.Close)
	s := catalogtest.Open(t, catalogtest.Backends(t)[0])
	src := addSource(t, s, harvest.Source{Name: "loop", Type: harvest.TypeDCAT, URL: srv.URL + "/a"})
	rep := run(t, s, src, time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC), false)
	if got, want := countsOf(rep), (counts{created: 2, errors: 1}); got != want || requests.Load() != 2 {
		t.Errorf("report %+v after %d requests, want %+v after 2 (errors %v)", got, requests.Load(), want, rep.Errors)
	}
}
