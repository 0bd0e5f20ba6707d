package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/datastore"
	"github.com/khlang/khlang/charts"
	"github.com/khlang/khlang/export"
	"github.com/khlang/khlang/graph"
	"github.com/khlang/khlang/harvest"
	"github.com/khlang/khlang/search"
	"github.com/khlang/khlang/search/thai"
	"github.com/khlang/khlang/seed"
	"github.com/khlang/khlang/server/ckan"
	"github.com/khlang/khlang/server/session"
	"github.com/khlang/khlang/server/web"
)

// App is a running catalog: its store, its search index and the HTTP handler over them.
type App struct {
	Config    Config
	Store     *catalog.Store
	Index     *search.Index
	DataStore *datastore.Store
	// Sessions keeps web logins, keyed from the data folder's session-keys file.
	Sessions *session.Manager
	log      *slog.Logger
	ready    atomic.Bool
	notify   chan struct{}
	// seeded is set when this start built the sample catalog; its tables are then loaded
	// into the DataStore in the background while the server already answers.
	seeded bool
	// harvestCtx outlives the requests that start harvest runs (harvest_job_create);
	// Close cancels it and waits for the runs, whose reports then record the stop.
	harvestCtx  context.Context
	stopHarvest context.CancelFunc
	harvests    sync.WaitGroup
}

// siteDescription describes the catalog in status_show and DCAT.
const siteDescription = "Thailand's digital-economy statistics: TDDC indicators, village funds, the 2025 census, the digital-service registry and e-Office metadata"

// Segment is the text analysis the DataStore's full-text columns use: Thai segmented into
// words, everything lower-cased, so Thai q finds rows by word and not by substring.
func Segment(text string) []string { return thai.Segment(strings.ToLower(text)) }

// OpenApp opens the catalog and the index of cfg. An empty embedded catalog is seeded
// with the sample catalog first, unless cfg.NoSeed; the index is then brought up to date.
func OpenApp(ctx context.Context, cfg Config, log *slog.Logger, progress catalog.Progress) (*App, error) {
	if err := os.MkdirAll(cfg.Data, 0o755); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	store, err := catalog.Open(ctx, cfg.CatalogDSN(), log)
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, Store: store, log: log, notify: make(chan struct{}, 1)}
	a.harvestCtx, a.stopHarvest = context.WithCancel(context.Background())
	a.Sessions, err = session.Open(cfg.Data, store, session.Options{SiteURL: cfg.SiteURL, Log: log})
	if err != nil {
		a.Close()
		return nil, err
	}
	if !cfg.NoSeed && store.Backend() == catalog.BackendSQLite {
		n, err := store.CountDatasets(ctx)
		if err != nil {
			a.Close()
			return nil, err
		}
		if n == 0 {
			log.Info("empty catalog: building the sample catalog")
			start := time.Now()
			stats, err := seed.Build(ctx, store, cfg.UploadDir(), progress)
			if err != nil {
				a.Close()
				return nil, fmt.Errorf("seed: %w", err)
			}
			log.Info("sample catalog built", "datasets", stats.Datasets, "took", time.Since(start).Round(time.Millisecond))
			a.seeded = true
		}
	}
	a.DataStore, err = datastore.Open(ctx, cfg.DataStoreDSN(), Segment, log)
	if err != nil {
		a.Close()
		return nil, err
	}
	// A deleted resource's table is dropped after the catalog change commits (they are
	// different databases); one whose drop failed is reclaimed here, before anything can
	// be creating a table for a resource not yet in the catalog.
	if gone, err := a.DataStore.DropOrphans(ctx, func(ctx context.Context, id string) (bool, error) {
		_, err := store.Resource(ctx, id)
		if errors.Is(err, catalog.ErrNotFound) {
			return false, nil
		}
		return err == nil, err
	}); err != nil {
		log.Warn("drop the DataStore tables of deleted resources", "err", err)
	} else if len(gone) > 0 {
		log.Info("dropped the DataStore tables of deleted resources", "resources", len(gone))
	}
	if !a.seeded && !cfg.NoSeed && store.Backend() == catalog.BackendSQLite {
		// A start that was stopped while loading the sample tables finishes the job.
		if _, err := os.Stat(a.sampleLoadedMarker()); os.IsNotExist(err) {
			if _, err := store.Dataset(ctx, seed.SampleMarkerDataset); err == nil {
				a.seeded = true
			}
		}
	}
	a.Index, err = search.Open(cfg.IndexPath(), log)
	if err != nil {
		a.Close()
		return nil, err
	}
	if a.Index.RebuildPending() {
		// The old index serves while Run rebuilds the new one in the background.
		log.Info("search index will be rebuilt in the background")
		if err := a.Index.Prepare(ctx, store); err != nil {
			log.Warn("the old search index cannot serve until the rebuild ends", "err", err)
		}
	} else if err := a.Index.Sync(ctx, store); err != nil {
		a.Close()
		return nil, err
	}
	a.ready.Store(true)
	return a, nil
}

// harvestNow starts a run of rec for harvest_job_create and returns it once it is recorded
// as running; a run that cannot start (another is under way: catalog.ErrBusy) is that
// error. The run goes on after the request, and the index syncs when it ends.
func (a *App) harvestNow(_ context.Context, rec *catalog.HarvestSource, full bool) (*catalog.HarvestRun, error) {
	src, err := harvest.SourceFromRecord(rec)
	if err != nil {
		return nil, err
	}
	started := make(chan catalog.HarvestRun, 1)
	failed := make(chan error, 1)
	a.harvests.Add(1)
	go func() {
		defer a.harvests.Done()
		rep, err := harvest.Run(a.harvestCtx, a.Store, src, harvest.Options{Full: full, Log: a.log,
			Started: func(r *harvest.Report) { started <- *r }})
		if rep == nil {
			failed <- err // it never started
			return
		}
		a.log.Info("harvest run", "source", src.Name, "status", rep.Status, "created", rep.Created,
			"updated", rep.Updated, "deleted", rep.Deleted, "errors", len(rep.Errors), "err", err)
		select {
		case a.notify <- struct{}{}:
		default:
		}
	}()
	select {
	case r := <-started:
		return &r, nil
	case err := <-failed:
		return nil, err
	}
}

// sampleLoadedMarker is the file that says the sample tables are all in the DataStore.
func (a *App) sampleLoadedMarker() string { return sampleMarker(a.Config.Data) }

func sampleMarker(dataDir string) string { return filepath.Join(dataDir, "sample-datastore-loaded") }

// markSampleLoaded records that every sample table is in the DataStore.
func markSampleLoaded(dataDir string) error {
	return os.WriteFile(sampleMarker(dataDir), []byte(time.Now().UTC().Format(time.RFC3339)+"\n"), 0o644)
}

// Close stops the harvest runs started through the API and releases the index and the
// store.
func (a *App) Close() {
	if a.stopHarvest != nil {
		a.stopHarvest()
		a.harvests.Wait()
	}
	if a.Index != nil {
		_ = a.Index.Close()
	}
	if a.DataStore != nil {
		_ = a.DataStore.Close()
	}
	if a.Store != nil {
		_ = a.Store.Close()
	}
}

// Handler is the whole HTTP surface.
func (a *App) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", a.readyz)
	m := newMetrics(a)
	mux.Handle("GET /metrics", m.handler(a))
	// The dashboards, cached per catalog change; DataStore row writes through the API do
	// not advance the change log, so every API write drops the cache.
	dash := &charts.Dashboards{Store: a.Store, DataStore: a.DataStore, Log: a.log}
	var origins []string
	if a.Config.CORSOrigins != "" {
		origins = strings.Fields(a.Config.CORSOrigins)
	}
	api := &ckan.API{Store: a.Store, Search: a.Index, SiteURL: a.Config.SiteURL, CORSOrigins: origins,
		MaxBodyBytes: a.Config.MaxBodyBytes, Log: a.log, SiteTitle: a.Config.SiteTitle,
		SiteDescription: siteDescription,
		Version:         version(), UploadDir: a.Config.UploadDir(), DataStore: a.DataStore,
		SQLSearchEnabled: a.Config.DataStoreSQL,
		// A write is searchable by the time its answer is sent: the index applies the
		// change log before the handler returns.
		AfterWrite: func(ctx context.Context) {
			if err := a.Index.Sync(ctx, a.Store); err != nil {
				a.log.Error("search index sync after write", "err", err)
			}
			dash.Invalidate()
		}}
	api.HarvestNow = a.harvestNow
	// An uploaded CSV, TSV or XLSX file is loaded into the DataStore before the upload's
	// answer is sent, as CKAN's xloader would do in the background.
	api.OnUpload = api.LoadUpload
	api.Register(mux)
	// Indicator exports, SDMX, DCAT and data.json, for the caller of the API token as the
	// CKAN API sees them: anonymous callers get public datasets only.
	exp := &export.Handler{Store: a.Store, DataStore: a.DataStore, Search: a.Index, SiteURL: a.Config.SiteURL,
		Log: a.log, UploadDir: a.Config.UploadDir(), SiteTitle: a.Config.SiteTitle, SiteDescription: siteDescription,
		Actor: a.tokenActor}
	exp.Register(mux)
	// GraphQL mutations share the CKAN API's after-write hook and upload loader, so a
	// write is searchable, and an uploaded table queryable, when its answer is sent.
	// A browser's GET gets GraphiQL, whose files are embedded and served under
	// graph.AssetPrefix by the same handler.
	gql := graph.NewHandler(a.Store, a.Index, graph.Options{SiteURL: a.Config.SiteURL,
		MaxBodyBytes: a.Config.MaxBodyBytes, Log: a.log, DataStore: a.DataStore, UploadDir: a.Config.UploadDir(),
		MaxUploadBytes: api.MaxUploadBytes, AfterWrite: api.AfterWrite, OnUpload: api.OnUpload,
		ResourcesGone: api.ResourcesGone})
	mux.Handle("/graphql", gql)
	mux.Handle("GET "+graph.AssetPrefix, gql)
	// The ECharts script and the charts' stylesheet, embedded: dashboards need no other host.
	mux.Handle("GET /assets/", charts.AssetHandler())
	// The HTML pages and dashboards, for the caller of the session cookie, with login and
	// the dataset edit form (saved through the API's package_patch). Their catch-all "/"
	// answers the friendly 404 page.
	pages := &web.Handler{Store: a.Store, Index: a.Index, DataStore: a.DataStore, Export: exp,
		SiteURL: a.Config.SiteURL, SiteTitle: a.Config.SiteTitle, Log: a.log, Charts: dash,
		Actor: a.Sessions.PageActor, Sessions: a.Sessions, Datasets: api}
	pages.Register(mux)
	// The session cookie authenticates the CKAN API and GraphQL only with the CSRF header.
	return m.instrument(mux, a.Sessions.APIAuth(mux))
}

// tokenActor is the caller of a request by its API token, else by its session cookie
// (exports are links followed from the pages, like the resources' files); a database
// failure makes it anonymous (and is logged), so a page never shows more than it may.
func (a *App) tokenActor(r *http.Request) *catalog.Actor {
	token := catalog.TokenFromHeaders(r.Header.Get("Authorization"), r.Header.Get("X-CKAN-API-Key"))
	if token == "" && a.Sessions != nil {
		return a.Sessions.PageActor(r)
	}
	act, err := a.Store.ActorForToken(r.Context(), token)
	if err != nil {
		a.log.Error("resolve API token", "err", err)
		return catalog.Anonymous
	}
	return act
}

// readyz answers 200 once the catalog is open and the index synced, and while the
// database answers.
func (a *App) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if !a.ready.Load() {
		http.Error(w, "starting", http.StatusServiceUnavailable)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := a.Store.Ping(ctx); err != nil {
		http.Error(w, "catalog database unavailable", http.StatusServiceUnavailable)
		return
	}
	_, _ = w.Write([]byte("ready\n"))
}

// ListenAndServe serves until ctx ends, then shuts down gracefully: requests in flight
// get up to 15 seconds to finish.
func (a *App) ListenAndServe(ctx context.Context) error {
	ln, err := net.Listen("tcp", a.Config.Addr)
	if err != nil {
		return err
	}
	return a.Serve(ctx, ln)
}

// Serve is ListenAndServe on a listener the caller opened (tests use port 0).
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	syncCtx, stopSync := context.WithCancel(ctx)
	defer stopSync()
	go a.Index.Run(syncCtx, a.Store, a.Config.SyncInterval, a.notify)
	if a.Config.HarvestCheck > 0 {
		// Scheduled harvests, one run at a time; the index syncs right after each.
		sched := &harvest.Scheduler{Store: a.Store, Log: a.log, Every: a.Config.HarvestCheck,
			AfterRun: func(context.Context, harvest.Source, *harvest.Report) {
				select {
				case a.notify <- struct{}{}:
				default:
				}
			}}
		schedDone := make(chan struct{})
		go func() { defer close(schedDone); sched.Run(syncCtx) }()
		// A run stopped by the shutdown saves its report before the store closes.
		defer func() { stopSync(); <-schedDone }()
	}
	if a.seeded {
		go func() {
			start := time.Now()
			rows, err := seed.LoadDataStore(syncCtx, a.Store, a.DataStore, a.Config.UploadDir(), nil)
			if err != nil {
				a.log.Error("load the sample tables into the DataStore", "err", err)
				return
			}
			a.log.Info("sample tables loaded into the DataStore", "rows", rows, "took", time.Since(start).Round(time.Millisecond))
			if err := markSampleLoaded(a.Config.Data); err != nil {
				a.log.Warn("record that the sample tables are loaded", "err", err)
			}
		}()
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	a.log.Info("serving", "addr", ln.Addr().String(), "site_url", a.Config.SiteURL, "backend", a.Store.Backend())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
