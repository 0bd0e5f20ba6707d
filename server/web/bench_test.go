package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/datastore"
	"github.com/khlang/khlang/search"
	"github.com/khlang/khlang/seed"
	"github.com/khlang/khlang/server/web"
)

// seeded is the sample catalog (seed.Build into SQLite, its tables in the DataStore),
// built once for all benchmarks.
var seeded struct {
	once    sync.Once
	err     error
	dir     string
	mux     *http.ServeMux
	dataset string // an indicator dataset with a DataStore preview
	store   *catalog.Store
	ids     []string // the first page of the search page's benchmark query
}

func TestMain(m *testing.M) {
	code := m.Run()
	if seeded.dir != "" {
		_ = os.RemoveAll(seeded.dir)
	}
	os.Exit(code)
}

func seededMux(b *testing.B) (*http.ServeMux, string) {
	b.Helper()
	seeded.once.Do(func() {
		ctx := context.Background()
		dir, err := os.MkdirTemp("", "khlang-web-bench")
		if err != nil {
			seeded.err = err
			return
		}
		seeded.dir = dir
		store, err := catalog.Open(ctx, filepath.Join(dir, "catalog.db"), nil)
		if err != nil {
			seeded.err = err
			return
		}
		uploads := filepath.Join(dir, "uploads")
		if _, err := seed.Build(ctx, store, uploads, nil); err != nil {
			seeded.err = err
			return
		}
		ds, err := datastore.Open(ctx, filepath.Join(dir, "datastore.db"), nil, nil)
		if err != nil {
			seeded.err = err
			return
		}
		if _, err := seed.LoadDataStore(ctx, store, ds, uploads, nil); err != nil {
			seeded.err = err
			return
		}
		ix, err := search.Open("", nil)
		if err != nil {
			seeded.err = err
			return
		}
		if err := ix.Sync(ctx, store); err != nil {
			seeded.err = err
			return
		}
		res, err := ix.Search(ctx, search.Request{FQ: []string{`framework:"WDCR"`}, Rows: 1, Sort: "name asc", Labels: []string{"public"}})
		if err != nil || len(res.IDs) == 0 {
			seeded.err = err
			return
		}
		d, err := store.Dataset(ctx, res.IDs[0])
		if err != nil {
			seeded.err = err
			return
		}
		seeded.dataset = d.Name
		seeded.store = store
		page, err := ix.Search(ctx, search.Request{Q: "อินเทอร์เน็ต", Rows: 20, Labels: []string{"public"}})
		if err != nil {
			seeded.err = err
			return
		}
		seeded.ids = page.IDs
		h := &web.Handler{Store: store, Index: ix, DataStore: ds, SiteURL: "http://bench.example.org", SiteTitle: "Khlang"}
		seeded.mux = http.NewServeMux()
		h.Register(seeded.mux)
	})
	if seeded.err != nil || seeded.mux == nil {
		b.Fatalf("build the sample catalog: %v", seeded.err)
	}
	return seeded.mux, seeded.dataset
}

func benchPage(b *testing.B, mux *http.ServeMux, path string) {
	b.Helper()
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
	if w.Code != http.StatusOK {
		b.Fatalf("GET %s: %d", path, w.Code)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		if w.Code != http.StatusOK {
			b.Fatalf("GET %s: %d", path, w.Code)
		}
	}
}

// BenchmarkDatasetPage renders an indicator's page with its metadata, resources,
// DataStore preview and JSON-LD.
func BenchmarkDatasetPage(b *testing.B) {
	mux, name := seededMux(b)
	benchPage(b, mux, "/dataset/"+name)
}

// BenchmarkSearchPage renders a Thai search with all eight facets.
func BenchmarkSearchPage(b *testing.B) {
	mux, _ := seededMux(b)
	benchPage(b, mux, "/dataset?q="+url.QueryEscape("อินเทอร์เน็ต"))
}

// BenchmarkSearchPageFacet renders the full listing narrowed by a facet.
func BenchmarkSearchPageFacet(b *testing.B) {
	mux, _ := seededMux(b)
	benchPage(b, mux, "/dataset?framework=WDCR&sort=title_string+asc")
}

// BenchmarkHomePage renders the home page: counts, frameworks and latest changes.
func BenchmarkHomePage(b *testing.B) {
	mux, _ := seededMux(b)
	benchPage(b, mux, "/")
}

// BenchmarkResultRead compares the two reads a result list can make of its 20 datasets:
// whole datasets, or the summaries the search page shows.
func BenchmarkResultRead(b *testing.B) {
	seededMux(b)
	ctx := context.Background()
	for _, read := range []struct {
		name string
		f    func() (int, error)
	}{
		{"DatasetsByID", func() (int, error) { ds, err := seeded.store.DatasetsByID(ctx, seeded.ids); return len(ds), err }},
		{"DatasetSummaries", func() (int, error) {
			ds, err := seeded.store.DatasetSummaries(ctx, seeded.ids)
			return len(ds), err
		}},
	} {
		b.Run(read.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if n, err := read.f(); err != nil || n != len(seeded.ids) {
					b.Fatalf("read %d of %d: %v", n, len(seeded.ids), err)
				}
			}
		})
	}
}
