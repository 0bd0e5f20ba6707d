package export

import (
	"context"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/search"
)

// SDMX REST (the SDMX 2.1 style of URL that OECD clients use) and the catalog metadata
// routes.

// frameworkFlows are the dataflows that gather every indicator of a framework.
var frameworkFlows = []struct {
	ID, Framework, NameEN, NameTH string
}{
	{"DF_FW_WDCR", "WDCR", "IMD World Digital Competitiveness Ranking indicators", "ตัวชี้วัด IMD WDCR"},
	{"DF_FW_ADIX", "ADIX", "ASEAN Digital Integration Index indicators", "ตัวชี้วัด ADIX"},
	{"DF_FW_OECD", "OECD-GD", "OECD Going Digital Toolkit indicators", "ตัวชี้วัด OECD Going Digital"},
	{"DF_FW_TH_PLAN", "TH-PLAN", "National digital plan indicators", "ตัวชี้วัดตามแผนด้านดิจิทัลของประเทศ"},
}

// parseFlowRef reads FLOW_ID, AGENCY,FLOW_ID or AGENCY,FLOW_ID,VERSION.
func parseFlowRef(s string) (agency, id, version string) {
	p := strings.Split(s, ",")
	switch len(p) {
	case 1:
		return "", p[0], ""
	case 2:
		return p[0], p[1], ""
	}
	return p[0], p[1], p[2]
}

// flowSeries resolves a flow reference to the series it holds.
func (h *Handler) flowSeries(ctx context.Context, actor *catalog.Actor, ref string) ([]*Series, error) {
	agency, id, version := parseFlowRef(ref)
	if version == "latest" || version == "+" || version == "~" || version == "*" {
		version = ""
	}
	if agency == "all" || agency == "*" {
		agency = ""
	}
	for _, f := range frameworkFlows {
		if strings.EqualFold(f.ID, id) && (agency == "" || agency == DefaultAgency) {
			return h.frameworkSeries(ctx, actor, f.Framework)
		}
	}
	// An indicator's flow is named after its code, and its dataset after the same code,
	// so the dataset is found by name: DF_OECD_ACC_001 → oecd-acc-001 or tddc-oecd-acc-001.
	base := strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(strings.ToUpper(id), "DF_"), "_", "-"))
	candidates := []string{id, base}
	if agency != "" {
		candidates = append(candidates, strings.ToLower(agency)+"-"+base)
	}
	candidates = append(candidates, strings.ToLower(DefaultAgency)+"-"+base)
	for _, name := range candidates {
		d, err := h.readable(ctx, actor, name)
		if errors.Is(err, catalog.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		f := FlowOf(d)
		if name != id && !strings.EqualFold(f.ID, id) {
			continue
		}
		if agency != "" && !strings.EqualFold(f.Agency, agency) || version != "" && f.Version != version {
			continue
		}
		s, err := h.source().Series(ctx, d)
		if err != nil {
			return nil, err
		}
		return []*Series{s}, nil
	}
	return nil, catalog.ErrNotFound
}

// negotiate picks the data format from ?format= or the Accept header: "sdmx.csv",
// "sdmx.json" or "jsonstat.json"; ok is false when nothing acceptable is offered.
func negotiate(r *http.Request, opts *Options) (ext string, ok bool) {
	switch r.URL.Query().Get("format") {
	case "csv", "sdmx-csv", "csvfile":
		return "sdmx.csv", true
	case "csvfilewithlabels":
		opts.Labels = "both"
		return "sdmx.csv", true
	case "jsondata", "sdmx-json", "json":
		return "sdmx.json", true
	case "jsonstat":
		return "jsonstat.json", true
	case "":
	default:
		return "", false
	}
	accept := r.Header.Get("Accept")
	if strings.TrimSpace(accept) == "" {
		return "sdmx.json", true
	}
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mt {
		case "application/vnd.sdmx.data+csv":
			if strings.HasPrefix(params["version"], "1.") {
				opts.CSVVersion = "1.0"
			}
			if l := params["labels"]; l == "id" || l == "name" || l == "both" {
				opts.Labels = l
			}
			return "sdmx.csv", true
		case "application/vnd.sdmx.data+json", "application/json", "application/*", "*/*":
			if v := params["version"]; v != "" && !strings.HasPrefix(v, "2.") {
				continue
			}
			return "sdmx.json", true
		case "text/csv":
			return "sdmx.csv", true
		}
	}
	return "", false
}

func (h *Handler) serveData(w http.ResponseWriter, r *http.Request) {
	opts, err := h.options(r, "")
	if err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	key, err := ParseKey(r.PathValue("key"))
	if err != nil {
		httpError(w, http.StatusBadRequest, err.Error())
		return
	}
	q := r.URL.Query()
	// SDMX 3.0 style c[TIME_PERIOD]=ge:2020+le:2024 as an alias of the period range.
	start, end := q.Get("startPeriod"), q.Get("endPeriod")
	for _, c := range strings.FieldsFunc(q.Get("c[TIME_PERIOD]"), func(r rune) bool { return r == '+' || r == ' ' }) {
		if v, ok := strings.CutPrefix(c, "ge:"); ok {
			start = v
		} else if v, ok := strings.CutPrefix(c, "le:"); ok {
			end = v
		}
	}
	opts.Filter = &Filter{Key: key, StartPeriod: start, EndPeriod: end}
	ext, ok := negotiate(r, &opts)
	if !ok {
		httpError(w, http.StatusNotAcceptable, "not acceptable: ask for application/vnd.sdmx.data+csv;version=2.0.0 or application/vnd.sdmx.data+json;version=2.0.0")
		return
	}
	series, err := h.flowSeries(r.Context(), h.actor(r), r.PathValue("flow"))
	if err != nil {
		h.fail(w, err)
		return
	}
	kept := series[:0]
	for _, s := range series {
		if opts.Filter.matchSeries(s) {
			kept = append(kept, s)
		}
	}
	if len(kept) == 0 {
		httpError(w, http.StatusNotFound, "no results found")
		return
	}
	if len(kept) == 1 {
		opts.Title = kept[0].Name(opts.lang())
	}
	h.encode(w, r, ext, strings.ReplaceAll(r.PathValue("flow"), ",", "_"), kept, opts)
}

// Structure messages (SDMX-JSON structure style): enough for a client to discover the
// dataflows, the data structure and the codelists.

func names(en, th string) map[string]string { return map[string]string{"en": en, "th": th} }

func (h *Handler) structureMeta(r *http.Request) map[string]any {
	now := time.Now().UTC().Truncate(time.Second)
	return map[string]any{"id": "KHLANG-" + now.Format("20060102T150405"), "prepared": now.Format(time.RFC3339),
		"test": false, "contentLanguages": []string{"en", "th"},
		"sender": map[string]any{"id": DefaultAgency, "name": orDefault(h.SiteTitle, "Khlang")}}
}

func writeJSON(w http.ResponseWriter, v any) {
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
	}
	enc := json.NewEncoder(w)
	_ = enc.Encode(v)
}

func (h *Handler) serveDataflows(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	actor := h.actor(r)
	agency, id, version := r.PathValue("agency"), r.PathValue("id"), r.PathValue("version")
	site := h.site(r)
	match := func(f Flow) bool {
		return (agency == "" || agency == "all" || strings.EqualFold(agency, f.Agency)) &&
			(id == "" || id == "all" || strings.EqualFold(id, f.ID)) &&
			(version == "" || version == "latest" || version == f.Version)
	}
	flowJSON := func(f Flow, en, th string) map[string]any {
		return map[string]any{"id": f.ID, "agencyID": f.Agency, "version": f.Version, "name": en, "names": names(en, th),
			"structure": "urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=" + DSD.String(),
			"links": []map[string]string{
				{"rel": "self", "urn": f.URN(), "href": site + "/sdmx/dataflow/" + f.Agency + "/" + f.ID + "/" + f.Version},
				{"rel": "data", "href": site + "/sdmx/data/" + f.Agency + "," + f.ID + "," + f.Version}}}
	}
	var flows []map[string]any
	for _, f := range frameworkFlows {
		fl := Flow{DefaultAgency, f.ID, CodelistVersion}
		if match(fl) {
			flows = append(flows, flowJSON(fl, f.NameEN, f.NameTH))
		}
	}
	ds, err := h.indicatorDatasets(ctx, actor, nil, "", 0)
	if err != nil {
		h.fail(w, err)
		return
	}
	for _, d := range ds {
		f := FlowOf(d)
		if match(f) {
			flows = append(flows, flowJSON(f, orDefault(d.TitleEN, d.Title), orDefault(d.Title, d.Name)))
		}
	}
	if len(flows) == 0 {
		httpError(w, http.StatusNotFound, "no results found")
		return
	}
	writeJSON(w, map[string]any{"meta": h.structureMeta(r), "data": map[string]any{"dataflows": flows}})
}

func clURN(cl *Codelist) string {
	return "urn:sdmx:org.sdmx.infomodel.codelist.Codelist=" + DefaultAgency + ":" + cl.ID + "(" + CodelistVersion + ")"
}

func (h *Handler) serveDataStructure(w http.ResponseWriter, r *http.Request) {
	agency, id := r.PathValue("agency"), r.PathValue("id")
	if agency != "" && agency != "all" && !strings.EqualFold(agency, DSD.Agency) || id != "" && id != "all" && !strings.EqualFold(id, DSD.ID) {
		httpError(w, http.StatusNotFound, "no results found")
		return
	}
	comp := func(c component, pos int) map[string]any {
		m := map[string]any{"id": c.ID, "name": c.NameEN, "names": names(c.NameEN, c.NameTH)}
		if pos >= 0 {
			m["position"] = pos
		}
		if c.Codelist != nil {
			m["localRepresentation"] = map[string]any{"enumeration": clURN(c.Codelist)}
		}
		return m
	}
	var dims []map[string]any
	for i, d := range seriesDims {
		dims = append(dims, comp(d, i))
	}
	var attrs []map[string]any
	for _, a := range seriesAttr {
		m := comp(a, -1)
		m["attributeRelationship"] = map[string]any{"dimensions": []string{"INDICATOR"}}
		attrs = append(attrs, m)
	}
	oa := comp(obsAttr, -1)
	oa["attributeRelationship"] = map[string]any{"observation": map[string]any{}}
	attrs = append(attrs, oa)
	dsd := map[string]any{"id": DSD.ID, "agencyID": DSD.Agency, "version": DSD.Version,
		"name": "Indicator observations", "names": names("Indicator observations", "ค่าสังเกตของตัวชี้วัด"),
		"dataStructureComponents": map[string]any{
			"dimensionList": map[string]any{"dimensions": dims, "timeDimensions": []map[string]any{comp(timeDim, len(seriesDims))}},
			"measureList":   map[string]any{"measures": []map[string]any{comp(obsValue, -1)}},
			"attributeList": map[string]any{"attributes": attrs},
		}}
	writeJSON(w, map[string]any{"meta": h.structureMeta(r), "data": map[string]any{"dataStructures": []any{dsd}}})
}

func (h *Handler) serveCodelist(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	var out []map[string]any
	for _, cl := range append(append([]*Codelist{}, codelists...), &sampleCodes) {
		if id != "" && id != "all" && !strings.EqualFold(id, cl.ID) {
			continue
		}
		codes := make([]map[string]any, len(cl.Codes))
		for i, c := range cl.Codes {
			codes[i] = map[string]any{"id": c.ID, "name": c.Name("en"), "names": names(c.NameEN, c.NameTH)}
		}
		out = append(out, map[string]any{"id": cl.ID, "agencyID": DefaultAgency, "version": CodelistVersion,
			"name": cl.NameEN, "names": names(cl.NameEN, cl.NameTH), "urn": clURN(cl), "codes": codes})
	}
	if len(out) == 0 {
		httpError(w, http.StatusNotFound, "no results found")
		return
	}
	writeJSON(w, map[string]any{"meta": h.structureMeta(r), "data": map[string]any{"codelists": out}})
}

// Catalog metadata.

// CatalogPageSize is the number of datasets on one page of /catalog.{ext}.
const CatalogPageSize = 100

// visiblePage lists one page of the active datasets the actor may read, by name, with
// the total over all pages.
func (h *Handler) visiblePage(ctx context.Context, actor *catalog.Actor, offset, limit int) ([]*catalog.Dataset, int, error) {
	if h.Search != nil {
		res, err := h.Search.Search(ctx, catalog2search(actor, offset, limit))
		if err != nil {
			return nil, 0, err
		}
		ds, err := h.Store.DatasetsByID(ctx, res.IDs)
		if err != nil {
			return nil, 0, err
		}
		out := ds[:0]
		for _, d := range ds {
			if actor.CanRead(d) && d.State == catalog.StateActive {
				out = append(out, d)
			}
		}
		return out, res.Count, nil
	}
	// Without an index: a scan of the catalog, by name.
	var all []*catalog.Dataset
	err := h.Store.EachDataset(ctx, 500, func(batch []*catalog.Dataset) error {
		for _, d := range batch {
			if d.State == catalog.StateActive && actor.CanRead(d) {
				all = append(all, d)
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	slices.SortFunc(all, func(a, b *catalog.Dataset) int { return strings.Compare(a.Name, b.Name) })
	if offset >= len(all) {
		return nil, len(all), nil
	}
	return all[offset:min(len(all), offset+limit)], len(all), nil
}

func (h *Handler) serveCatalog(ext string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		page := 1
		if v := r.URL.Query().Get("page"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				httpError(w, http.StatusBadRequest, "page must be a positive integer")
				return
			}
			page = n
		}
		ctx := r.Context()
		ds, total, err := h.visiblePage(ctx, h.actor(r), (page-1)*CatalogPageSize, CatalogPageSize)
		if err != nil {
			h.fail(w, err)
			return
		}
		if page > 1 && len(ds) == 0 {
			httpError(w, http.StatusNotFound, "no such page")
			return
		}
		info := &CatalogInfo{SiteURL: h.site(r), Title: orDefault(h.SiteTitle, "Khlang"), Description: h.SiteDescription}
		for _, d := range ds {
			if d.MetadataModified.After(info.Modified) {
				info.Modified = d.MetadataModified
			}
		}
		w.Header().Set("Content-Type", MetadataFormats[ext])
		if err := WriteCatalogDCAT(ctx, w, ext, info, ds, page, CatalogPageSize, total); err != nil {
			h.log().Warn("catalog metadata", "err", err)
		}
	}
}

func (h *Handler) serveDataJSON(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	actor := h.actor(r)
	first, total, err := h.visiblePage(ctx, actor, 0, CatalogPageSize)
	if err != nil {
		h.fail(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	dw, err := NewDataJSONWriter(w, h.site(r))
	if err != nil {
		return
	}
	page := first
	for offset := 0; ; {
		for _, d := range page {
			if err := dw.Dataset(d); err != nil {
				h.log().Warn("data.json", "err", err)
				return
			}
		}
		offset += CatalogPageSize
		if offset >= total || offset >= maxDataJSON {
			break
		}
		if page, _, err = h.visiblePage(ctx, actor, offset, CatalogPageSize); err != nil {
			h.log().Warn("data.json", "err", err)
			return
		}
	}
	if err := dw.End(); err != nil {
		h.log().Warn("data.json", "err", err)
	}
}

// maxDataJSON caps the datasets of /data.json (Bleve pages deep offsets slowly).
const maxDataJSON = 100000

// catalog2search is the search request of one catalog page for the actor.
func catalog2search(actor *catalog.Actor, offset, limit int) search.Request {
	return search.Request{Sort: "name asc", Rows: limit, Start: offset, Labels: actor.Labels(), IncludePrivate: true}
}
