package harvest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
	"github.com/khlang/khlang/harvest"
	"github.com/khlang/khlang/search"
	"github.com/khlang/khlang/server/ckan"
)

func ptr[T any](v T) *T { return &v }

// remoteKhlang is a second Khlang instance on loopback: its own catalog and index behind
// the real CKAN API handler, with every request's URL recorded.
type remoteKhlang struct {
	store *catalog.Store
	index *search.Index
	srv   *httptest.Server
	clock time.Time

	mu       sync.Mutex
	requests []*url.URL
}

func newRemoteKhlang(t *testing.T) *remoteKhlang {
	t.Helper()
	ctx := context.Background()
	s, err := catalog.Open(ctx, filepath.Join(t.TempDir(), "remote.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	ix, err := search.Open("", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	rk := &remoteKhlang{store: s, index: ix, clock: time.Date(2025, 1, 10, 8, 0, 0, 0, time.UTC)}
	s.SetClock(func() time.Time { return rk.clock })
	api := &ckan.API{Store: s, Search: ix, SiteURL: "http://remote.example.org"}
	mux := http.NewServeMux()
	api.Register(mux)
	rk.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rk.mu.Lock()
		u := *r.URL
		rk.requests = append(rk.requests, &u)
		rk.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(rk.srv.Close)
	return rk
}

func (rk *remoteKhlang) sync(t *testing.T) {
	t.Helper()
	if err := rk.index.Sync(context.Background(), rk.store); err != nil {
		t.Fatal(err)
	}
}

// takeRequests returns and forgets the recorded request URLs.
func (rk *remoteKhlang) takeRequests() []*url.URL {
	rk.mu.Lock()
	defer rk.mu.Unlock()
	out := rk.requests
	rk.requests = nil
	return out
}

// fill creates two organisations, a group and n datasets at the remote.
func (rk *remoteKhlang) fill(t *testing.T, n int) []*catalog.Dataset {
	t.Helper()
	ctx := context.Background()
	for _, g := range []*catalog.Group{
		{Name: "nso", Title: "สำนักงานสถิติแห่งชาติ", IsOrganization: true, Description: "National Statistical Office"},
		{Name: "depa", Title: "Digital Economy Promotion Agency", IsOrganization: true},
		{Name: "economy", Title: "เศรษฐกิจ"},
	} {
		if err := rk.store.CreateGroup(ctx, g); err != nil {
			t.Fatal(err)
		}
	}
	out := make([]*catalog.Dataset, 0, n)
	for i := range n {
		org := "nso"
		if i%2 == 1 {
			org = "depa"
		}
		d := &catalog.Dataset{Name: fmt.Sprintf("indicator-%04d", i), Title: fmt.Sprintf("ตัวชี้วัด %d", i),
			TitleEN: fmt.Sprintf("Indicator %d", i), Notes: "ข้อมูลสถิติ", OwnerOrg: ptr(org), LicenseID: "cc-by",
			Tags:   []catalog.Tag{{Name: "ดิจิทัล"}, {Name: fmt.Sprintf("set-%d", i%7)}},
			Groups: []catalog.Group{{Name: "economy"}},
			Extras: []catalog.Extra{{Key: "source", Value: "NSO survey"}},
			Resources: []catalog.Resource{
				{Name: "data", Format: "CSV", URL: fmt.Sprintf("https://remote.example.org/files/%d.csv", i)},
				{Name: "upload", Format: "XLSX", URL: "table.xlsx", URLType: "upload"},
			}}
		d.GDC.DataCategory = "ข้อมูลสาธารณะ"
		if err := rk.store.CreateDataset(ctx, d); err != nil {
			t.Fatalf("create %s: %v", d.Name, err)
		}
		out = append(out, d)
	}
	rk.sync(t)
	return out
}

// addSource stores a harvest source in the local catalog.
func addSource(t *testing.T, s *catalog.Store, src harvest.Source) harvest.Source {
	t.Helper()
	rec, err := src.Record()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateHarvestSource(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
	src.ID = rec.ID
	return src
}

func lastChange(t *testing.T, s *catalog.Store) int64 {
	t.Helper()
	seq, err := s.LastChange(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return seq
}

func run(t *testing.T, s *catalog.Store, src harvest.Source, now time.Time, full bool) *harvest.Report {
	t.Helper()
	rep, err := harvest.Run(context.Background(), s, src, harvest.Options{Now: func() time.Time { return now }, Full: full})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	if rep.ID == "" {
		t.Fatal("report was not saved")
	}
	return rep
}

type counts struct{ created, updated, unchanged, deleted, errors int }

func countsOf(r *harvest.Report) counts {
	return counts{r.Created, r.Updated, r.Unchanged, r.Deleted, len(r.Errors)}
}

// TestHarvestKhlangOverCKANAPI harvests 1,000 datasets from a second Khlang through its
// CKAN API, then checks idempotence, incremental and full runs, changes and withdrawals.
func TestHarvestKhlangOverCKANAPI(t *testing.T) {
	if testing.Short() {
		t.Skip("harvests 1,000 datasets")
	}
	const n = 1000
	catalogtest.Each(t, func(t *testing.T, local *catalog.Store) {
		ctx := context.Background()
		remote := newRemoteKhlang(t)
		remoteSets := remote.fill(t, n)
		src := addSource(t, local, harvest.Source{Name: "remote-khlang", Type: harvest.TypeCKAN, URL: remote.srv.URL + "/",
			Config: harvest.Config{RemoteOrgs: harvest.RemoteCreate, RemoteGroups: harvest.RemoteOnlyLocal}})

		// Run 1: everything is new; the search is paged 100 at a time with CKAN's parameters.
		t1 := time.Date(2025, 2, 1, 9, 30, 0, 123456000, time.UTC)
		rep := run(t, local, src, t1, false)
		if got, want := countsOf(rep), (counts{created: n}); got != want {
			t.Fatalf("run 1 = %+v, want %+v (errors %v)", got, want, rep.Errors)
		}
		if !rep.Full || rep.Status != catalog.HarvestOK {
			t.Errorf("run 1: full=%v status=%q, want a full ok run", rep.Full, rep.Status)
		}
		reqs := remote.takeRequests()
		if len(reqs) != n/100+1 {
			t.Errorf("run 1 made %d requests, want %d pages and the empty one", len(reqs), n/100+1)
		}
		for i, u := range reqs {
			q := u.Query()
			if u.Path != "/api/3/action/package_search" || q.Get("rows") != "100" || q.Get("start") != fmt.Sprint(i*100) ||
				q.Get("sort") != "id asc" || q.Has("fq") {
				t.Errorf("request %d = %s", i, u)
			}
		}
		harvested, err := local.HarvestedDatasets(ctx, src.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(harvested) != n {
			t.Fatalf("%d datasets marked as harvested from the source, want %d", len(harvested), n)
		}
		want := remoteSets[123]
		got, err := local.Dataset(ctx, want.ID)
		if err != nil {
			t.Fatalf("harvested dataset keeps the remote id: %v", err)
		}
		if got.Name != want.Name || got.Title != want.Title || got.TitleEN != want.TitleEN || got.Notes != want.Notes ||
			got.GDC.DataCategory != want.GDC.DataCategory || len(got.Tags) != 2 || len(got.Resources) != 2 {
			t.Errorf("harvested dataset = %+v, want the remote's fields", got)
		}
		if got.Organization == nil || got.Organization.Name != "depa" || got.Organization.Title != "Digital Economy Promotion Agency" {
			t.Errorf("organisation = %+v, want depa created from the remote dict", got.Organization)
		}
		if len(got.Groups) != 0 {
			t.Errorf("groups = %v: only_local keeps only groups that exist here", got.Groups)
		}
		if !catalog.IsHarvested(got) || got.Extra(catalog.ExtraHarvestSourceID) != src.ID ||
			got.Extra(catalog.ExtraHarvestGUID) != want.ID || got.Extra(catalog.ExtraHarvestSourceURL) != src.URL ||
			got.Extra(catalog.ExtraHarvestObjectID) == "" || got.Extra("source") != "NSO survey" {
			t.Errorf("extras = %v", got.Extras)
		}
		if r := got.Resources[1]; r.URLType != "" || !strings.HasPrefix(r.URL, "http://remote.example.org/dataset/") {
			t.Errorf("uploaded remote resource = %q %q, want a plain link to the remote file", r.URLType, r.URL)
		}

		// Run 2 (incremental) and run 3 (full): nothing changed, so nothing is written.
		before := lastChange(t, local)
		t2 := t1.Add(24 * time.Hour)
		rep = run(t, local, src, t2, false)
		if got := countsOf(rep); got != (counts{}) || rep.Full {
			t.Errorf("run 2 = %+v full=%v, want an empty incremental run", got, rep.Full)
		}
		reqs = remote.takeRequests()
		wantFQ := "metadata_modified:[2025-02-01T08:30:00.123456Z TO *]"
		if len(reqs) != 1 || reqs[0].Query().Get("fq") != wantFQ {
			t.Fatalf("run 2 requests = %v, want one search with fq %q", reqs, wantFQ)
		}
		if raw := reqs[0].RawQuery; strings.Contains(reqs[0].Query().Get("fq"), "+TO+") || strings.Contains(raw, "%2B") {
			t.Errorf("fq is encoded twice: %s", raw)
		}
		rep = run(t, local, src, t2.Add(time.Hour).Truncate(time.Second), true)
		if got, want := countsOf(rep), (counts{unchanged: n}); got != want {
			t.Errorf("run 3 = %+v, want %+v", got, want)
		}
		if reqs := remote.takeRequests(); len(reqs) != n/100+1 || reqs[0].Query().Has("fq") {
			t.Errorf("run 3 (full) made %d requests, the first %v", len(reqs), reqs[0])
		}
		if after := lastChange(t, local); after != before {
			t.Errorf("unchanged runs appended %d change-log rows", after-before)
		}

		// At the source, one dataset changes and one is deleted.
		remote.clock = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
		changed, deleted := remoteSets[7], remoteSets[8]
		changed.Title = "ตัวชี้วัดที่แก้ไข"
		changed.Resources = changed.Resources[:1]
		if err := remote.store.UpdateDataset(ctx, changed); err != nil {
			t.Fatal(err)
		}
		if err := remote.store.DeleteDataset(ctx, deleted.ID); err != nil {
			t.Fatal(err)
		}
		remote.sync(t)

		// Run 4 (incremental) sees only the change; run 5 (full) also the deletion.
		t4 := time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC)
		rep = run(t, local, src, t4, false)
		if got, want := countsOf(rep), (counts{updated: 1}); got != want {
			t.Errorf("run 4 = %+v, want %+v", got, want)
		}
		if q := remote.takeRequests()[0].Query().Get("fq"); q != "metadata_modified:[2025-02-02T09:30:00Z TO *]" {
			t.Errorf("run 4 fq = %q (since the last error-free run's start − 1h, no fraction when it is zero)", q)
		}
		got, err = local.Dataset(ctx, changed.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "ตัวชี้วัดที่แก้ไข" || len(got.Resources) != 1 {
			t.Errorf("changed dataset = %q with %d resources, want the new title and one resource", got.Title, len(got.Resources))
		}
		rep = run(t, local, src, t4.Add(time.Hour), true)
		if got, want := countsOf(rep), (counts{unchanged: n - 1, deleted: 1}); got != want {
			t.Errorf("run 5 = %+v, want %+v", got, want)
		}
		if got, err := local.Dataset(ctx, deleted.ID); err != nil || got.State != catalog.StateDeleted {
			t.Errorf("dataset deleted at the source: %v, %v; want withdrawn here", got, err)
		}
		before = lastChange(t, local)
		rep = run(t, local, src, t4.Add(2*time.Hour), true)
		if got, want := countsOf(rep), (counts{unchanged: n - 1}); got != want {
			t.Errorf("run 6 = %+v, want %+v", got, want)
		}
		if after := lastChange(t, local); after != before {
			t.Errorf("run 6 appended %d change-log rows", after-before)
		}

		runs, err := local.HarvestRuns(ctx, src.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(runs) != 6 || !runs[0].Started.Equal(t4.Add(2*time.Hour)) || runs[0].Unchanged != n-1 || runs[5].Created != n {
			t.Errorf("runs = %d, newest first; got %+v", len(runs), runs[0])
		}
	})
}
