package export

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/datastore"
	"github.com/khlang/khlang/search"
)

// Handler serves the indicator exports, the SDMX REST endpoints and the catalog metadata.
//
// Routes (Go 1.22 ServeMux patterns; a wildcard must be a whole path segment, so the
// file-name routes take a {file} segment and parse its extension):
//
//	GET /dataset/{name}/{file}       indicator.{sdmx.csv|sdmx.json|jsonstat.json|csv|xlsx}
//	                                 dcat.{ttl|jsonld|rdf}, schema.jsonld
//	GET /framework/{code}/{file}     indicators.{ext}; code wdcr, adix, oecd, th-plan
//	GET /search/{file}               indicators.{ext} for a search result (?q=&fq=&rows=)
//	GET /sdmx/data/{flow}[/{key}]    ?startPeriod=&endPeriod=&dimensionAtObservation=, Accept negotiated
//	GET /sdmx/dataflow[/{agency}[/{id}[/{version}]]]
//	GET /sdmx/datastructure[/{agency}[/{id}[/{version}]]]
//	GET /sdmx/codelist[/{id}]
//	GET /catalog.ttl, /catalog.jsonld, /catalog.rdf   (?page=, 100 datasets a page)
//	GET /data.json                   DCAT-US 1.1
//
// CKAN's ckanext-dcat serves /dataset/{name}.ttl; ServeMux cannot hold that beside the
// web page's /dataset/{name}, so the web layer's /dataset/{name} handler may hand names
// ending in .ttl, .jsonld, .rdf (and .json for schema.org) to DatasetMetadata; the
// /dataset/{name}/dcat.{ext} route serves the same documents without it.
//
// Every listing asks the permission policy with the caller's actor (anonymous when
// Actor is nil or returns nil): private datasets appear only to those who may read them.
type Handler struct {
	Store     *catalog.Store
	DataStore *datastore.Store
	Search    *search.Index // nil: listings scan the catalog
	SiteURL   string
	Log       *slog.Logger
	Actor     func(*http.Request) *catalog.Actor

	// UploadDir holds the uploaded files (<UploadDir>/<resource id>/<file name>), read
	// when an indicator's DataStore table is missing. Empty: DataStore only.
	UploadDir string
	// SiteTitle and SiteDescription describe the catalog in DCAT.
	SiteTitle, SiteDescription string
}

// Register mounts the routes on mux.
func (h *Handler) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /dataset/{name}/{file}", h.serveDatasetFile)
	mux.HandleFunc("GET /framework/{code}/{file}", h.serveFramework)
	mux.HandleFunc("GET /search/{file}", h.serveSearch)
	mux.HandleFunc("GET /sdmx/data/{flow}", h.serveData)
	mux.HandleFunc("GET /sdmx/data/{flow}/{key}", h.serveData)
	mux.HandleFunc("GET /sdmx/dataflow", h.serveDataflows)
	mux.HandleFunc("GET /sdmx/dataflow/{agency}", h.serveDataflows)
	mux.HandleFunc("GET /sdmx/dataflow/{agency}/{id}", h.serveDataflows)
	mux.HandleFunc("GET /sdmx/dataflow/{agency}/{id}/{version}", h.serveDataflows)
	mux.HandleFunc("GET /sdmx/datastructure", h.serveDataStructure)
	mux.HandleFunc("GET /sdmx/datastructure/{agency}", h.serveDataStructure)
	mux.HandleFunc("GET /sdmx/datastructure/{agency}/{id}", h.serveDataStructure)
	mux.HandleFunc("GET /sdmx/datastructure/{agency}/{id}/{version}", h.serveDataStructure)
	mux.HandleFunc("GET /sdmx/codelist", h.serveCodelist)
	mux.HandleFunc("GET /sdmx/codelist/{id}", h.serveCodelist)
	for _, ext := range []string{"ttl", "jsonld", "rdf"} {
		mux.HandleFunc("GET /catalog."+ext, h.serveCatalog(ext))
	}
	mux.HandleFunc("GET /data.json", h.serveDataJSON)
}

func (h *Handler) log() *slog.Logger {
	if h.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return h.Log
}

func (h *Handler) actor(r *http.Request) *catalog.Actor {
	if h.Actor != nil {
		if a := h.Actor(r); a != nil {
			return a
		}
	}
	return catalog.Anonymous
}

func (h *Handler) site(r *http.Request) string {
	if h.SiteURL != "" {
		return strings.TrimRight(h.SiteURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (h *Handler) source() *Source { return &Source{DataStore: h.DataStore, UploadDir: h.UploadDir} }

// httpError answers with a plain-text status and message.
func httpError(w http.ResponseWriter, code int, msg string) {
	http.Error(w, msg, code)
}

// fail answers for an error met before any byte was written.
func (h *Handler) fail(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, catalog.ErrNotFound), errors.Is(err, ErrNotIndicator):
		httpError(w, http.StatusNotFound, "not found")
	case errors.Is(err, ErrTooLarge):
		httpError(w, http.StatusRequestEntityTooLarge, err.Error())
	case errors.Is(err, search.ErrQuery), errors.Is(err, search.ErrSyntax), errors.Is(err, catalog.ErrInvalid):
		httpError(w, http.StatusBadRequest, err.Error())
	case errors.Is(err, context.Canceled):
	default:
		h.log().Error("export", "err", err)
		httpError(w, http.StatusInternalServerError, "internal error")
	}
}

// readable loads a dataset the actor may read; anything else is "not found", so a
// private dataset's existence is not revealed.
func (h *Handler) readable(ctx context.Context, actor *catalog.Actor, name string) (*catalog.Dataset, error) {
	d, err := h.Store.Dataset(ctx, name)
	if err != nil {
		return nil, err
	}
	if !actor.CanRead(d) || d.State == catalog.StateDeleted {
		return nil, catalog.ErrNotFound
	}
	return d, nil
}

// indicatorExt strips prefix from file and returns an indicator export extension.
func indicatorExt(file, prefix string) (string, bool) {
	ext, ok := strings.CutPrefix(file, prefix+".")
	if !ok {
		return "", false
	}
	for _, f := range IndicatorFormats {
		if f.Ext == ext {
			return ext, true
		}
	}
	return "", false
}

func (h *Handler) serveDatasetFile(w http.ResponseWriter, r *http.Request) {
	name, file := r.PathValue("name"), r.PathValue("file")
	if ext, ok := indicatorExt(file, "indicator"); ok {
		ctx := r.Context()
		d, err := h.readable(ctx, h.actor(r), name)
		if err != nil {
			h.fail(w, err)
			return
		}
		s, err := h.source().Series(ctx, d)
		if err != nil {
			h.fail(w, err)
			return
		}
		h.writeExport(w, r, ext, d.Name, []*Series{s}, "")
		return
	}
	if ext, ok := strings.CutPrefix(file, "dcat."); ok {
		h.DatasetMetadata(w, r, name, ext)
		return
	}
	if file == "schema.jsonld" {
		h.DatasetMetadata(w, r, name, "json")
		return
	}
	httpError(w, http.StatusNotFound, "not found")
}

// DatasetMetadata answers a dataset's metadata document: ext "ttl", "jsonld" or "rdf"
// for DCAT-AP, "json" for the schema.org Dataset. The web layer's /dataset/{name}
// handler calls it for /dataset/{name}.ttl and the like.
func (h *Handler) DatasetMetadata(w http.ResponseWriter, r *http.Request, name, ext string) {
	ctx := r.Context()
	d, err := h.readable(ctx, h.actor(r), name)
	if err != nil {
		h.fail(w, err)
		return
	}
	site := h.site(r)
	if ext == "json" {
		w.Header().Set("Content-Type", "application/ld+json; charset=utf-8")
		writeJSON(w, SchemaOrgDataset(site, d))
		return
	}
	ct, ok := MetadataFormats[ext]
	if !ok {
		httpError(w, http.StatusNotFound, "not found")
		return
	}
	w.Header().Set("Content-Type", ct)
	if err := WriteDatasetDCAT(w, ext, site, d); err != nil {
		h.log().Warn("dataset metadata", "dataset", d.Name, "err", err)
	}
}

// frameworkCodes maps the URL codes of frameworks to FrameworkRef.Framework.
var frameworkCodes = map[string]string{"wdcr": "WDCR", "adix": "ADIX", "oecd": "OECD-GD", "th-plan": "TH-PLAN"}

func (h *Handler) serveFramework(w http.ResponseWriter, r *http.Request) {
	fw, ok := frameworkCodes[strings.ToLower(r.PathValue("code"))]
	if !ok {
		httpError(w, http.StatusNotFound, "unknown framework; use wdcr, adix, oecd or th-plan")
		return
	}
	ext, ok := indicatorExt(r.PathValue("file"), "indicators")
	if !ok {
		httpError(w, http.StatusNotFound, "not found")
		return
	}
	series, err := h.frameworkSeries(r.Context(), h.actor(r), fw)
	if err != nil {
		h.fail(w, err)
		return
	}
	h.writeExport(w, r, ext, "framework-"+strings.ToLower(r.PathValue("code")), series, fw)
}

// frameworkSeries opens every indicator of a framework the actor may read, by code.
func (h *Handler) frameworkSeries(ctx context.Context, actor *catalog.Actor, fw string) ([]*Series, error) {
	ds, err := h.indicatorDatasets(ctx, actor, []string{`framework:"` + fw + `"`}, "", 0)
	if err != nil {
		return nil, err
	}
	return h.openSeries(ctx, ds)
}

// openSeries opens the series of datasets, skipping those without observations.
func (h *Handler) openSeries(ctx context.Context, ds []*catalog.Dataset) ([]*Series, error) {
	src := h.source()
	out := make([]*Series, 0, len(ds))
	for _, d := range ds {
		s, err := src.Series(ctx, d)
		if errors.Is(err, ErrNotIndicator) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// maxListed caps the datasets one export or listing reads.
const maxListed = 5000

// indicatorDatasets lists the indicator datasets matching fq (and q) that the actor may
// read, by indicator code. Without a search index it scans the catalog, where fq may only
// be a framework filter.
func (h *Handler) indicatorDatasets(ctx context.Context, actor *catalog.Actor, fq []string, q string, rows int) ([]*catalog.Dataset, error) {
	if rows <= 0 || rows > maxListed {
		rows = maxListed
	}
	var out []*catalog.Dataset
	if h.Search != nil {
		res, err := h.Search.Search(ctx, search.Request{Q: q, FQ: append([]string{"indicator_code:?*"}, fq...),
			Sort: "indicator_code asc", Rows: rows, Labels: actor.Labels(), IncludePrivate: true})
		if err != nil {
			return nil, err
		}
		ds, err := h.Store.DatasetsByID(ctx, res.IDs)
		if err != nil {
			return nil, err
		}
		for _, d := range ds {
			if actor.CanRead(d) && d.State == catalog.StateActive {
				out = append(out, d)
			}
		}
		return out, nil
	}
	if q != "" {
		return nil, fmt.Errorf("%w: searching needs the search index", catalog.ErrInvalid)
	}
	var fw string
	for _, f := range fq {
		if v, ok := strings.CutPrefix(f, "framework:"); ok {
			fw = strings.Trim(v, `"`)
		}
	}
	err := h.Store.EachDataset(ctx, 500, func(batch []*catalog.Dataset) error {
		for _, d := range batch {
			if d.Indicator.IndicatorCode == "" || d.State != catalog.StateActive || !actor.CanRead(d) {
				continue
			}
			if fw != "" && !slices.ContainsFunc(d.Indicator.Frameworks, func(r catalog.FrameworkRef) bool { return r.Framework == fw }) {
				continue
			}
			out = append(out, d)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b *catalog.Dataset) int {
		return strings.Compare(a.Indicator.IndicatorCode, b.Indicator.IndicatorCode)
	})
	if len(out) > rows {
		out = out[:rows]
	}
	return out, nil
}

func (h *Handler) serveSearch(w http.ResponseWriter, r *http.Request) {
	ext, ok := indicatorExt(r.PathValue("file"), "indicators")
	if !ok {
		httpError(w, http.StatusNotFound, "not found")
		return
	}
	q := r.URL.Query()
	rows := 0
	if v := q.Get("rows"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			httpError(w, http.StatusBadRequest, "rows must be a natural number")
			return
		}
		rows = n
	}
	ds, err := h.indicatorDatasets(r.Context(), h.actor(r), q["fq"], q.Get("q"), rows)
	if err != nil {
		h.fail(w, err)
		return
	}
	series, err := h.openSeries(r.Context(), ds)
	if err != nil {
		h.fail(w, err)
		return
	}
	h.writeExport(w, r, ext, "indicators", series, "")
}

// options reads the query parameters every export accepts.
func (h *Handler) options(r *http.Request, title string) (Options, error) {
	q := r.URL.Query()
	o := Options{Lang: q.Get("lang"), Labels: q.Get("labels"), SiteURL: h.site(r), SenderName: orDefault(h.SiteTitle, "Khlang"),
		DimensionAtObservation: q.Get("dimensionAtObservation"), Title: title}
	if err := checkOptions(o); err != nil {
		return o, err
	}
	if v := q.Get("version"); v != "" {
		if v != "1.0" && v != "2.0" {
			return o, errors.New("version must be 1.0 or 2.0")
		}
		o.CSVVersion = v
	}
	if v := q.Get("bom"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return o, errors.New("bom must be true or false")
		}
		o.BOM = b
	}
	if sp, ep := q.Get("startPeriod"), q.Get("endPeriod"); sp != "" || ep != "" {
		o.Filter = &Filter{StartPeriod: sp, EndPeriod: ep}
	}
	return o, nil
}

// writeExport answers one export in the format of ext.
func (h *Handler) writeExport(w http.ResponseWriter, r *http.Request, ext, base string, series []*Series, title string) {
	opts, err := h.options(r, title)
	if err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	if len(series) == 0 {
		httpError(w, http.StatusNotFound, "no indicators found")
		return
	}
	h.encode(w, r, ext, base, series, opts)
}

func (h *Handler) encode(w http.ResponseWriter, r *http.Request, ext, base string, series []*Series, opts Options) {
	ctx := r.Context()
	var write func() error
	hd := w.Header()
	switch ext {
	case "sdmx.csv":
		ct := "application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8"
		if opts.CSVVersion == "1.0" {
			ct = "application/vnd.sdmx.data+csv; version=1.0.0; charset=utf-8"
		}
		hd.Set("Content-Type", ct)
		write = func() error { return WriteSDMXCSV(ctx, w, series, opts) }
	case "sdmx.json":
		hd.Set("Content-Type", "application/vnd.sdmx.data+json; version=2.0.0; charset=utf-8")
		write = func() error { return WriteSDMXJSON(ctx, w, series, opts) }
	case "jsonstat.json":
		// The cube is gathered before a byte is written, so a refusal is still an HTTP error.
		var buf strings.Builder
		if err := WriteJSONStat(ctx, &buf, series, opts); err != nil {
			h.fail(w, err)
			return
		}
		hd.Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write([]byte(buf.String()))
		return
	case "csv":
		hd.Set("Content-Type", "text/csv; charset=utf-8")
		write = func() error { return WriteTemplateCSV(ctx, w, series, opts) }
	case "xlsx":
		hd.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		write = func() error { return WriteTemplateXLSX(ctx, w, series, opts) }
	default:
		httpError(w, http.StatusNotFound, "not found")
		return
	}
	hd.Set("Content-Disposition", `attachment; filename="`+base+"."+ext+`"`)
	if err := write(); err != nil && !errors.Is(err, context.Canceled) {
		// Headers are gone; the client sees a truncated body.
		h.log().Warn("export", "format", ext, "err", err)
	}
}
