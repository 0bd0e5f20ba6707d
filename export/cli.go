package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/khlang/khlang/catalog"
)

// CLIFormats maps the format names of `khlang export --format` to the extensions of the
// HTTP exports; sdmx-csv1 is SDMX-CSV 1.0 (the HTTP export's ?version=1.0).
var CLIFormats = map[string]string{
	"sdmx-csv": "sdmx.csv", "sdmx-csv1": "sdmx.csv", "sdmx-json": "sdmx.json",
	"jsonstat": "jsonstat.json", "csv": "csv", "xlsx": "xlsx",
}

// Request is one export asked for outside HTTP (the command line): exactly one of
// Framework, Dataset or a search (Q and FQ) chooses the indicators.
type Request struct {
	// Framework is a framework's URL code (wdcr, adix, oecd, th-plan) or its name
	// (WDCR, ADIX, OECD-GD, TH-PLAN).
	Framework string
	// Dataset is one indicator dataset's name or id.
	Dataset string
	// Q and FQ select indicators as /search/indicators.{ext}?q=&fq= does; Rows caps them.
	Q    string
	FQ   []string
	Rows int
	// Format is a key of CLIFormats.
	Format string
	// Lang, Labels, BOM, StartPeriod, EndPeriod and DimensionAtObservation are the HTTP
	// exports' query parameters of the same names.
	Lang, Labels           string
	BOM                    bool
	StartPeriod, EndPeriod string
	DimensionAtObservation string
}

// FrameworkName returns the framework name (ADIX…) of a URL code or name, case-insensitively.
func FrameworkName(s string) (string, bool) {
	if fw, ok := frameworkCodes[strings.ToLower(s)]; ok {
		return fw, true
	}
	for _, fw := range frameworkCodes {
		if strings.EqualFold(fw, s) {
			return fw, true
		}
	}
	return "", false
}

// Export writes the indicators that req selects and the actor may read to w in
// req.Format, streaming as the HTTP export does, and returns how many indicators it
// wrote. progress receives "export" reports (indicators written of all). The output is
// byte for byte the HTTP export's for the same selection and options.
func (h *Handler) Export(ctx context.Context, actor *catalog.Actor, req Request, w io.Writer, progress catalog.Progress) (int, error) {
	ext, ok := CLIFormats[req.Format]
	if !ok {
		return 0, fmt.Errorf("%w: unknown format %q (want sdmx-csv, sdmx-csv1, sdmx-json, jsonstat, csv or xlsx)", catalog.ErrInvalid, req.Format)
	}
	chosen := 0
	for _, set := range []bool{req.Framework != "", req.Dataset != "", req.Q != "" || len(req.FQ) > 0} {
		if set {
			chosen++
		}
	}
	if chosen != 1 {
		return 0, fmt.Errorf("%w: give exactly one of --framework, --dataset or a search (--q, --fq)", catalog.ErrInvalid)
	}
	opts := Options{Lang: req.Lang, Labels: req.Labels, BOM: req.BOM, SiteURL: strings.TrimRight(h.SiteURL, "/"),
		SenderName: orDefault(h.SiteTitle, "Khlang"), DimensionAtObservation: req.DimensionAtObservation}
	if req.Format == "sdmx-csv1" {
		opts.CSVVersion = "1.0"
	}
	if req.StartPeriod != "" || req.EndPeriod != "" {
		opts.Filter = &Filter{StartPeriod: req.StartPeriod, EndPeriod: req.EndPeriod}
	}
	if err := checkOptions(opts); err != nil {
		return 0, fmt.Errorf("%w: %w", catalog.ErrInvalid, err)
	}
	if actor == nil {
		actor = catalog.Anonymous
	}
	var (
		series []*Series
		err    error
	)
	switch {
	case req.Framework != "":
		fw, ok := FrameworkName(req.Framework)
		if !ok {
			return 0, fmt.Errorf("%w: unknown framework %q (want wdcr, adix, oecd or th-plan)", catalog.ErrInvalid, req.Framework)
		}
		opts.Title = fw
		series, err = h.frameworkSeries(ctx, actor, fw)
	case req.Dataset != "":
		var d *catalog.Dataset
		if d, err = h.readable(ctx, actor, req.Dataset); err != nil {
			return 0, fmt.Errorf("dataset %q: %w", req.Dataset, err)
		}
		var s *Series
		if s, err = h.source().Series(ctx, d); err == nil {
			series = []*Series{s}
		}
	default:
		var ds []*catalog.Dataset
		if ds, err = h.indicatorDatasets(ctx, actor, req.FQ, req.Q, req.Rows); err == nil {
			series, err = h.openSeries(ctx, ds)
		}
	}
	if err != nil {
		return 0, err
	}
	if len(series) == 0 {
		return 0, fmt.Errorf("%w: no indicators found", catalog.ErrNotFound)
	}
	return len(series), writeFormat(ctx, w, ext, withProgress(series, progress), opts)
}

// checkOptions refuses the option values the HTTP exports refuse.
func checkOptions(o Options) error {
	switch o.Labels {
	case "", "id", "name", "both":
	default:
		return errors.New("labels must be id, name or both")
	}
	switch o.Lang {
	case "", "en", "th":
	default:
		return errors.New("lang must be th or en")
	}
	switch o.DimensionAtObservation {
	case "", "TIME_PERIOD", "AllDimensions":
	default:
		return errors.New("dimensionAtObservation must be TIME_PERIOD or AllDimensions")
	}
	return nil
}

// writeFormat encodes series in the format of an export extension.
func writeFormat(ctx context.Context, w io.Writer, ext string, series []*Series, opts Options) error {
	switch ext {
	case "sdmx.csv":
		return WriteSDMXCSV(ctx, w, series, opts)
	case "sdmx.json":
		return WriteSDMXJSON(ctx, w, series, opts)
	case "jsonstat.json":
		return WriteJSONStat(ctx, w, series, opts)
	case "csv":
		return WriteTemplateCSV(ctx, w, series, opts)
	case "xlsx":
		return WriteTemplateXLSX(ctx, w, series, opts)
	}
	return fmt.Errorf("%w: unknown export extension %q", catalog.ErrInvalid, ext)
}

// withProgress returns copies of series that report each indicator once its
// observations have been read in full (an encoder may read a series more than once).
func withProgress(series []*Series, progress catalog.Progress) []*Series {
	if progress == nil {
		return series
	}
	var (
		mu   sync.Mutex
		done = make([]bool, len(series))
		n    int
	)
	out := make([]*Series, len(series))
	for i, s := range series {
		c := *s
		read := s.read
		c.read = func(ctx context.Context, fn func(Observation) error) error {
			if err := read(ctx, fn); err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			if !done[i] {
				done[i] = true
				n++
				progress.Report("export", n, len(series))
			}
			return nil
		}
		out[i] = &c
	}
	return out
}
