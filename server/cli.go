package server

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/datastore"
	dsbench "github.com/khlang/khlang/catalog/datastore/bench"
	"github.com/khlang/khlang/harvest"
	"github.com/khlang/khlang/search"
	searchbench "github.com/khlang/khlang/search/bench"
	"github.com/khlang/khlang/seed"
)

// Version is set at build time with -ldflags "-X github.com/khlang/khlang/server.Version=...";
// otherwise the module version from the build info is used.
var Version = ""

func version() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

const usage = `khlang — the Khlang open-data catalog server

Usage:
  khlang [serve] [flags]           run the server (the default verb)
  khlang seed [flags]              build the sample catalog
  khlang import [flags] FILE|-     load CKAN package dicts (JSON lines or a JSON array)
  khlang user add NAME [flags]     create a user (--sysadmin, --email, --password)
  khlang user passwd NAME [flags]  set a user's password (--password, or generated)
  khlang user list [flags]         list the users
  khlang token create USER [flags] print a new API token for USER (--name, --expires-in)
  khlang token revoke ID|TOKEN     revoke an API token
  khlang org add-member ORG USER --role admin|editor|member
                                   give USER a role in organization ORG
  khlang session rotate-key        a new key for web login cookies (the previous one still opens old ones)
  khlang datastore load RESOURCE   load a resource's stored file into the DataStore
  khlang export --framework FW|--dataset NAME|--q TEXT --format F [--output FILE]
                                   write indicators as SDMX-CSV, SDMX-JSON, JSON-stat, CSV or XLSX
  khlang harvest source add|set|list, run SOURCE, runs SOURCE
                                   pull datasets from CKAN, DCAT and data.json catalogs
  khlang bench search [flags]      Khlang vs PostgreSQL FTS vs SQLite FTS5 on one synthetic catalog
  khlang bench datastore [flags]   DataStore load rate and queries vs the same SQL run directly
  khlang reindex [flags]           rebuild the search index (while no server runs on the data folder)
  khlang backup --to DIR           copy the data folder while the server runs (SQLite)
  khlang version                   print the version

Run "khlang VERB --help" for a verb's flags.
`

// Main runs the command line: args without the program name.
func Main(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, log *slog.Logger) error {
	verb := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		verb, args = args[0], args[1:]
	}
	c := &cli{getenv: getenv, stdout: stdout, log: log}
	switch verb {
	case "serve":
		return c.serve(ctx, args)
	case "seed":
		return c.seed(ctx, args)
	case "import":
		return c.importCmd(ctx, args)
	case "user":
		return c.userCmd(ctx, args)
	case "token":
		return c.tokenCmd(ctx, args)
	case "org":
		return c.orgCmd(ctx, args)
	case "session":
		return c.sessionCmd(ctx, args)
	case "datastore":
		if len(args) == 0 || args[0] != "load" {
			return errors.New(`usage: khlang datastore load RESOURCE`)
		}
		return c.datastoreLoad(ctx, args[1:])
	case "harvest":
		return c.harvest(ctx, args)
	case "export":
		return c.export(ctx, args)
	case "bench":
		switch {
		case len(args) > 0 && args[0] == "search":
			return c.benchSearch(ctx, args[1:])
		case len(args) > 0 && args[0] == "datastore":
			return c.benchDataStore(ctx, args[1:])
		}
		return errors.New(`usage: khlang bench search|datastore [flags]`)
	case "reindex":
		return c.reindex(ctx, args)
	case "backup":
		return c.backup(ctx, args)
	case "version":
		fmt.Fprintln(stdout, "khlang", version())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown verb %q\n\n%s", verb, usage)
}

type cli struct {
	getenv func(string) string
	stdout io.Writer
	log    *slog.Logger
}

// flags makes a verb's flag set; --help prints to stdout and is not an error.
func (c *cli) flags(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(c.stdout)
	fs.Usage = func() {
		fmt.Fprintf(c.stdout, "Usage: khlang %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

func (c *cli) parse(fs *flag.FlagSet, cfg *Config, args []string, names ...string) (bool, error) {
	err := cfg.parseFlags(fs, args, c.getenv, names...)
	if errors.Is(err, flag.ErrHelp) {
		return true, nil
	}
	return false, err
}

var storeFlags = []string{"data", "db"}

func (c *cli) openStore(ctx context.Context, cfg *Config) (*catalog.Store, error) {
	if err := os.MkdirAll(cfg.Data, 0o755); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	return catalog.Open(ctx, cfg.CatalogDSN(), c.log)
}

func (c *cli) serve(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fs := c.flags("serve", "serve [flags]")
	if help, err := c.parse(fs, &cfg, args, "addr", "data", "db", "site-url", "site-title", "no-seed", "cors-origins", "max-body-bytes", "sync-interval", "datastore-sql", "harvest-check"); help || err != nil {
		return err
	}
	app, err := OpenApp(ctx, cfg, c.log, newProgress(c.log))
	if err != nil {
		return err
	}
	defer app.Close()
	return app.ListenAndServe(ctx)
}

func (c *cli) seed(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fs := c.flags("seed", "seed [flags]")
	if help, err := c.parse(fs, &cfg, args, append(storeFlags, "site-url")...); help || err != nil {
		return err
	}
	store, err := c.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	stats, err := seed.Build(ctx, store, cfg.UploadDir(), newProgress(c.log))
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "sample catalog: %d datasets, %d organizations, %d groups\n", stats.Datasets, stats.Organizations, stats.Groups)
	ds, err := datastore.Open(ctx, cfg.DataStoreDSN(), Segment, c.log)
	if err != nil {
		return err
	}
	defer ds.Close()
	rows, err := seed.LoadDataStore(ctx, store, ds, cfg.UploadDir(), newProgress(c.log))
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "DataStore: %d rows loaded\n", rows)
	if cfg.DB == "" {
		if err := markSampleLoaded(cfg.Data); err != nil {
			return err
		}
	}
	return syncIndex(ctx, &cfg, store, c.log)
}

func (c *cli) datastoreLoad(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fs := c.flags("datastore load", "datastore load RESOURCE [flags]")
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		if help, err := c.parse(fs, &cfg, args, storeFlags...); help || err != nil {
			return err
		}
		return errors.New("datastore load needs a RESOURCE id")
	}
	id := args[0]
	if help, err := c.parse(fs, &cfg, args[1:], storeFlags...); help || err != nil {
		return err
	}
	store, err := c.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	res, err := store.Resource(ctx, id)
	if err != nil {
		return err
	}
	if res.URLType != "upload" {
		return fmt.Errorf("resource %s has no stored file (url_type %q)", id, res.URLType)
	}
	f, err := os.Open(filepath.Join(cfg.UploadDir(), res.ID, filepath.Base(res.URL)))
	if err != nil {
		return err
	}
	defer f.Close()
	ds, err := datastore.Open(ctx, cfg.DataStoreDSN(), Segment, c.log)
	if err != nil {
		return err
	}
	defer ds.Close()
	rep, err := ds.Load(ctx, res.ID, f, filepath.Base(res.URL), datastore.LoadOptions{Progress: newProgress(c.log)})
	if err != nil {
		return err
	}
	if err := store.SetDatastoreActive(ctx, res.ID, true); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "loaded %d rows (%d rejected) into %s; encoding %s, delimiter %q\n", rep.RowsLoaded, rep.RowsRejected, res.ID, rep.Encoding, rep.Delimiter)
	for _, rj := range rep.Rejections {
		fmt.Fprintf(c.stdout, "  line %d: %s\n", rj.Line, rj.Reason)
	}
	return syncIndex(ctx, &cfg, store, c.log)
}

// syncIndex brings the search index up to date after a CLI write, so the next start
// serves the new datasets at once.
func syncIndex(ctx context.Context, cfg *Config, store *catalog.Store, log *slog.Logger) error {
	ix, err := search.Open(cfg.IndexPath(), log)
	if err != nil {
		return err
	}
	defer ix.Close()
	return ix.Sync(ctx, store)
}

func (c *cli) harvest(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	// Store flags come first: khlang harvest --data DIR run SOURCE.
	fs := c.flags("harvest", "harvest [--data DIR] [--db DSN] source add|list | run SOURCE | runs SOURCE")
	if help, err := c.parse(fs, &cfg, args, storeFlags...); help || err != nil {
		return err
	}
	store, err := c.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := harvest.CLI(ctx, store, fs.Args(), c.stdout, newProgress(c.log)); err != nil {
		return err
	}
	return syncIndex(ctx, &cfg, store, c.log)
}

func (c *cli) benchSearch(ctx context.Context, args []string) error {
	fs := c.flags("bench search", "bench search [flags]")
	datasets := fs.Int("datasets", searchbench.DefaultDatasets, "datasets in the synthetic catalog")
	seed := fs.Uint64("seed", 1, "seed of the synthetic catalog")
	queries := fs.Int("queries", searchbench.DefaultQueries, "timed queries per class")
	pg := fs.String("postgres", "", "PostgreSQL admin DSN for the PostgreSQL baseline (a scratch database is created and dropped)")
	dir := fs.String("dir", "", "scratch folder (default: a temporary folder)")
	engines := fs.String("engines", "", "comma-separated engines: khlang,sqlite,postgres (default: all available)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	opts := searchbench.Options{Datasets: *datasets, Seed: *seed, Queries: *queries, PostgresDSN: *pg, Dir: *dir,
		Progress: newProgress(c.log)}
	if *engines != "" {
		opts.Engines = strings.Split(*engines, ",")
	}
	return searchbench.Run(ctx, opts, c.stdout)
}

func (c *cli) benchDataStore(ctx context.Context, args []string) error {
	fs := c.flags("bench datastore", "bench datastore [flags]")
	rows := fs.Int("rows", 100000, "rows in the generated table")
	seed := fs.Uint64("seed", 1, "seed of the generated table")
	queries := fs.Int("queries", 200, "timed calls per query class")
	pg := fs.String("postgres", "", "PostgreSQL DSN to run the same load and queries there too")
	dir := fs.String("dir", "", "folder for the SQLite database (default: a temporary folder)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	return dsbench.Run(ctx, dsbench.Options{Rows: *rows, Seed: *seed, Queries: *queries, PostgresDSN: *pg, Dir: *dir,
		Progress: newProgress(c.log), Segment: Segment}, c.stdout)
}

func (c *cli) reindex(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fs := c.flags("reindex", "reindex [flags]")
	if help, err := c.parse(fs, &cfg, args, storeFlags...); help || err != nil {
		return err
	}
	store, err := c.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := search.Reset(cfg.IndexPath()); err != nil {
		return err
	}
	ix, err := search.Open(cfg.IndexPath(), c.log)
	if err != nil {
		return err
	}
	defer ix.Close()
	if err := ix.SyncProgress(ctx, store, newProgress(c.log)); err != nil {
		return err
	}
	n, err := ix.DocCount()
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "reindexed %d datasets\n", n)
	return nil
}

func (c *cli) importCmd(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fs := c.flags("import", "import [flags] FILE|-")
	if help, err := c.parse(fs, &cfg, args, storeFlags...); help || err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("import needs one FILE, or - for standard input")
	}
	var in io.Reader = os.Stdin
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	store, err := c.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	res, err := catalog.Import(ctx, store, in, newProgress(c.log))
	if err != nil {
		return err
	}
	for _, le := range res.Errors {
		fmt.Fprintf(c.stdout, "line %d: %v\n", le.Line, le.Err)
	}
	fmt.Fprintf(c.stdout, "imported %d datasets (%d created, %d updated), %d failed\n", res.Created+res.Updated, res.Created, res.Updated, len(res.Errors))
	if err := syncIndex(ctx, &cfg, store, c.log); err != nil {
		return err
	}
	if len(res.Errors) > 0 {
		return fmt.Errorf("%d of %d datasets could not be imported", len(res.Errors), len(res.Errors)+res.Created+res.Updated)
	}
	return nil
}
