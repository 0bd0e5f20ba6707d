package server

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/datastore"
	"github.com/khlang/khlang/export"
	"github.com/khlang/khlang/search"
)

// stringList is a flag that may be given more than once.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, " ") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// export is `khlang export`: the indicator exports of /framework/{code}/indicators.{ext},
// /dataset/{name}/indicator.{ext} and /search/indicators.{ext}, written to a file or
// stdout without a server.
func (c *cli) export(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fs := c.flags("export", "export (--framework FW | --dataset NAME | --q TEXT [--fq F]...) --format F [--output FILE] [flags]")
	var req export.Request
	fs.StringVar(&req.Framework, "framework", "", "every indicator of a framework: wdcr, adix, oecd, th-plan (or WDCR, ADIX, OECD-GD, TH-PLAN)")
	fs.StringVar(&req.Dataset, "dataset", "", "one indicator dataset, by name or id")
	fs.StringVar(&req.Q, "q", "", "the indicators a search finds (package_search's q)")
	fs.Var((*stringList)(&req.FQ), "fq", "filter of the search (package_search's fq); may be repeated")
	fs.IntVar(&req.Rows, "rows", 0, "at most this many indicators of a search (0: all, up to 5,000)")
	fs.StringVar(&req.Format, "format", "sdmx-csv", "sdmx-csv, sdmx-csv1 (SDMX-CSV 1.0), sdmx-json, jsonstat, csv or xlsx")
	output := fs.String("output", "", "file to write (default: standard output); written whole or not at all")
	fs.StringVar(&req.Lang, "lang", "", "language of names: en (default) or th")
	fs.StringVar(&req.Labels, "labels", "", "SDMX-CSV labels: id (default), name or both")
	fs.BoolVar(&req.BOM, "bom", false, "start CSV output with a UTF-8 byte-order mark (for Excel)")
	fs.StringVar(&req.StartPeriod, "start-period", "", "first time period to include (2020, 2020-Q1, 2020-03)")
	fs.StringVar(&req.EndPeriod, "end-period", "", "last time period to include")
	fs.StringVar(&req.DimensionAtObservation, "dimension-at-observation", "", "SDMX-JSON layout: TIME_PERIOD (default) or AllDimensions")
	user := fs.String("user", "", "export as this user, with the private datasets they may read (default: public datasets only)")
	if help, err := c.parse(fs, &cfg, args, append(storeFlags, "site-url", "site-title")...); help || err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("export takes no arguments (got %q); see khlang export --help", fs.Args())
	}
	if _, ok := export.CLIFormats[req.Format]; !ok {
		return fmt.Errorf("export: unknown --format %q: use sdmx-csv, sdmx-csv1, sdmx-json, jsonstat, csv or xlsx", req.Format)
	}
	store, err := c.openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	actor := catalog.Anonymous
	if *user != "" {
		u, err := store.User(ctx, *user)
		if err != nil {
			return fmt.Errorf("export: user %q: %w", *user, err)
		}
		if actor, err = store.Actor(ctx, u); err != nil {
			return err
		}
	}
	ds, err := datastore.Open(ctx, cfg.DataStoreDSN(), Segment, c.log)
	if err != nil {
		return err
	}
	defer ds.Close()
	h := &export.Handler{Store: store, DataStore: ds, SiteURL: cfg.SiteURL, Log: c.log, UploadDir: cfg.UploadDir(),
		SiteTitle: cfg.SiteTitle, SiteDescription: siteDescription}
	if req.Q != "" || len(req.FQ) > 0 {
		// A search needs an index; an in-memory one built from the catalog leaves the data
		// folder's index to a server that may be running on it.
		ix, err := search.Open("", c.log)
		if err != nil {
			return err
		}
		defer ix.Close()
		if err := ix.Sync(ctx, store); err != nil {
			return err
		}
		h.Search = ix
	}
	err = writeOutput(*output, c.stdout, func(w io.Writer) error {
		n, err := h.Export(ctx, actor, req, w, newProgress(c.log))
		if err == nil {
			c.log.Info("exported", "indicators", n, "format", req.Format)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// writeOutput runs write into the file name (through a temporary file renamed over it on
// success, so a failed export leaves no partial file), or into stdout when name is ""
// or "-".
func writeOutput(name string, stdout io.Writer, write func(io.Writer) error) error {
	if name == "" || name == "-" {
		return write(stdout)
	}
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*")
	if err != nil {
		return err
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return err
	}
	return nil
}
