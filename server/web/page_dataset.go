package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/yuin/goldmark"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/datastore"
	"github.com/khlang/khlang/charts"
	"github.com/khlang/khlang/export"
)

// metadataExts are the CKAN-style metadata URLs /dataset/{name}.{ext} handed to Export.
var metadataExts = []string{"ttl", "rdf", "jsonld"}

// previewRows is the page size of the DataStore preview.
const previewRows = 20

// metaRow is one row of a metadata table.
type metaRow struct {
	Label, Value, Link string
	Values             []string // several values, shown as a list
}

// resItem is a resource with its links.
type resItem struct {
	R       *catalog.Resource
	PageURL string
	OpenURL string // download (uploads) or the redirect to the resource's address
	Upload  bool
	Format  string
	Preview bool
}

// link is a labelled link.
type link struct{ Title, URL string }

// previewView is the DataStore preview of one resource.
type previewView struct {
	ResourceName, Action string
	Keep                 []hiddenField
	Columns              []string
	FilterCol, FilterVal string
	ResetURL             string
	Error                string
	Rows                 [][]cell
	First, Last, Total   int
	Pager                pagerView
}

// cell is one value of the preview table.
type cell struct {
	Text string
	Num  bool
}

type datasetData struct {
	D *catalog.Dataset
	// CanEdit shows the Edit link: the edit form is offered and the caller may change the dataset.
	CanEdit    bool
	Title      string
	Notes      template.HTML
	Org        *catalog.Group
	License    string
	LicenseURL string
	Meta       []metaRow
	GDC        []metaRow
	Frameworks []string
	Resources  []resItem
	Preview    *previewView
	Indicator  []link
	DCAT       []link
	Snippets   []link // Title, code
	JSONLD     any
	Dashboards []DashboardLink
	// Chart is the indicator chart of a TDDC dataset, when Charts can draw it.
	Chart *charts.Chart
}

func (h *Handler) dataset(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	for _, ext := range metadataExts {
		if base, ok := strings.CutSuffix(name, "."+ext); ok {
			if h.Export == nil {
				h.errorPage(w, r, http.StatusNotFound)
				return
			}
			h.Export.DatasetMetadata(w, r, base, ext)
			return
		}
	}
	ctx := r.Context()
	act := h.actor(r)
	d, err := h.readableDataset(ctx, act, name)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(w, r)
	p.Nav = "dataset"
	p.Title = p.DatasetTitle(d)
	p.Description = notesExcerpt(p.Pick(d.Notes, d.NotesEN), 160)
	p.Canonical = datasetPath(d.Name)
	site := h.site(r)
	data := &datasetData{D: d, Title: p.Title, Notes: markdown(p.Pick(d.Notes, d.NotesEN)), Org: d.Organization,
		JSONLD: export.SchemaOrgDataset(site, d)}
	if l, ok := catalog.LicenseByID(d.LicenseID); ok {
		data.License = l.Title
	} else {
		data.License = d.LicenseID
	}
	if d.LicenseID != "" {
		data.LicenseURL = withQuery("/dataset", url.Values{"license_id": {d.LicenseID}})
	}
	data.CanEdit = h.Sessions != nil && h.Datasets != nil && act.CanUpdateDataset(d) == nil
	data.Meta = datasetMeta(p, d)
	if id := d.Extra(catalog.ExtraHarvestSourceID); id != "" {
		// Where a harvested dataset comes from, and so where it can change.
		src, err := h.Store.HarvestSource(ctx, id)
		switch {
		case err == nil:
			data.Meta = append([]metaRow{{Label: p.T("field.harvest_source"), Value: src.Name,
				Link: "/harvest/" + url.PathEscape(src.Name)}}, data.Meta...)
		case !errors.Is(err, catalog.ErrNotFound):
			h.fail(w, r, err)
			return
		}
	}
	data.GDC = gdcMeta(p, d)
	for _, f := range d.Indicator.Frameworks {
		parts := []string{f.Framework}
		for _, s := range []string{f.Pillar, f.Factor, f.SubFactor, f.Dimension, f.Plan, f.Strategy} {
			if s != "" {
				parts = append(parts, s)
			}
		}
		data.Frameworks = append(data.Frameworks, strings.Join(parts, " › "))
	}
	want := r.URL.Query().Get("preview")
	var previewed *catalog.Resource
	for i := range d.Resources {
		rs := &d.Resources[i]
		it := resourceItem(d, rs)
		if previewed == nil && rs.DatastoreActive && h.DataStore != nil && (want == "" || want == rs.ID) {
			previewed = rs
			it.Preview = true
		}
		data.Resources = append(data.Resources, it)
	}
	if previewed != nil {
		keep := url.Values{}
		if want != "" {
			keep.Set("preview", want)
		}
		if data.Preview, err = h.preview(ctx, p, r, previewed, datasetPath(d.Name), keep); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if d.Indicator.IndicatorCode != "" {
		for _, f := range export.IndicatorFormats {
			data.Indicator = append(data.Indicator, link{Title: f.Title, URL: datasetPath(d.Name) + "/indicator." + f.Ext})
		}
	}
	for _, f := range []struct{ ext, title string }{{"ttl", "Turtle"}, {"jsonld", "JSON-LD"}, {"rdf", "RDF/XML"}} {
		if h.Export != nil {
			data.DCAT = append(data.DCAT, link{Title: f.title, URL: datasetPath(d.Name) + "." + f.ext})
		}
	}
	data.Snippets = apiSnippets(p, site, d, previewed)
	if src := h.dashboardSource(); src != nil {
		if data.Dashboards, err = src.DashboardLinks(ctx, d); err != nil {
			h.log().Warn("web: dashboard links", "dataset", d.Name, "error", err)
		}
	}
	if h.Charts != nil && d.Indicator.IndicatorCode != "" {
		// The chart is an extra: without it the page is still whole.
		c, err := h.Charts.Indicator(ctx, d, p.Lang)
		switch {
		case errors.Is(err, charts.ErrNoData):
			h.log().Info("web: no indicator chart", "dataset", d.Name, "reason", err.Error())
		case err != nil:
			h.log().Warn("web: indicator chart", "dataset", d.Name, "error", err)
		default:
			data.Chart = c
			p.addChart(c)
		}
	}
	p.Data = data
	h.render(w, r, http.StatusOK, "dataset.html", p)
}

// resourceItem gives a resource its page and open links. Uploaded files download from
// this site; a link resource opens through /go, so that no page links to another host.
func resourceItem(d *catalog.Dataset, rs *catalog.Resource) resItem {
	it := resItem{R: rs, PageURL: datasetPath(d.Name) + "/resource/" + url.PathEscape(rs.ID),
		Format: strings.ToUpper(rs.Format), Upload: rs.URLType == "upload"}
	switch {
	case it.Upload:
		it.OpenURL = "/dataset/" + url.PathEscape(d.ID) + "/resource/" + url.PathEscape(rs.ID) + "/download/" + url.PathEscape(path.Base(rs.URL))
	case externalURL(rs.URL):
		it.OpenURL = it.PageURL + "/go"
	}
	return it
}

// externalURL reports whether u is an absolute http(s) address.
func externalURL(u string) bool {
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != ""
}

// datasetMeta is the core metadata table.
func datasetMeta(p *page, d *catalog.Dataset) []metaRow {
	var rows []metaRow
	add := func(key, value, link string) {
		if value != "" {
			rows = append(rows, metaRow{Label: p.T(key), Value: value, Link: link})
		}
	}
	if d.Organization != nil {
		add("field.organization", p.GroupTitle(d.Organization), "/organization/"+url.PathEscape(d.Organization.Name))
	}
	add("field.author", d.Author, "")
	add("field.maintainer", d.Maintainer, "")
	add("field.maintainer_email", d.MaintainerEmail, "")
	add("field.version", d.Version, "")
	add("field.indicator_code", d.Indicator.IndicatorCode, "")
	if len(d.Indicator.ReferenceArea) > 0 {
		rows = append(rows, metaRow{Label: p.T("field.reference_area"), Values: d.Indicator.ReferenceArea})
	}
	add("field.created", p.Date(d.MetadataCreated), "")
	add("field.modified", p.Date(d.MetadataModified), "")
	if d.State != catalog.StateActive {
		add("field.state", d.State, "")
	}
	add("field.url", d.URL, "")
	for _, e := range d.Extras {
		label := e.Key
		if _, ok := messages["extra."+e.Key]; ok {
			label = p.T("extra." + e.Key)
		}
		if e.Value != "" {
			rows = append(rows, metaRow{Label: label, Value: e.Value})
		}
	}
	return rows
}

// gdcMeta is the Government Data Catalog table, labelled as ckanext-thai_gdc labels it.
func gdcMeta(p *page, d *catalog.Dataset) []metaRow {
	g := d.GDC
	var rows []metaRow
	add := func(key, value string) {
		if value != "" {
			rows = append(rows, metaRow{Label: p.T("gdc." + key), Value: value})
		}
	}
	list := func(key string, vals []string) {
		if len(vals) > 0 {
			rows = append(rows, metaRow{Label: p.T("gdc." + key), Values: vals})
		}
	}
	yesNo := func(b bool) string {
		if b {
			return p.T("yes")
		}
		return p.T("no")
	}
	add("data_type", g.DataType)
	list("objective", g.Objective)
	add("update_frequency_unit", g.UpdateFrequencyUnit)
	if g.UpdateFrequencyInterval != nil {
		add("update_frequency_interval", strconv.Itoa(*g.UpdateFrequencyInterval))
	}
	add("geo_coverage", g.GeoCoverage)
	add("data_source", g.DataSource)
	list("data_format", g.DataFormat)
	add("data_category", g.DataCategory)
	add("accessible_condition", g.AccessibleCondition)
	list("data_language", g.DataLanguage)
	list("disaggregate", g.Disaggregate)
	add("unit_of_measure", g.UnitOfMeasure)
	add("unit_of_multiplier", g.UnitOfMultiplier)
	add("calculation_method", g.CalculationMethod)
	add("standard", g.Standard)
	add("first_year_of_data", p.Year(g.FirstYearOfData))
	add("last_year_of_data", p.Year(g.LastYearOfData))
	add("official_statistics", yesNo(g.OfficialStatistics))
	add("high_value_dataset", yesNo(g.HighValueDataset))
	return rows
}

// apiSnippets are the copyable API calls of a dataset page.
func apiSnippets(p *page, site string, d *catalog.Dataset, rs *catalog.Resource) []link {
	out := []link{{Title: p.T("dataset.api.ckan"),
		URL: fmt.Sprintf("curl '%s/api/3/action/package_show?id=%s'", site, url.QueryEscape(d.Name))}}
	if rs != nil {
		out = append(out, link{Title: p.T("dataset.api.rows"),
			URL: fmt.Sprintf("curl '%s/api/3/action/datastore_search?resource_id=%s&limit=5'", site, url.QueryEscape(rs.ID))})
	}
	q := fmt.Sprintf("{ dataset(name: %q) { title titleEN metadataModified organization { name title } resources { name format url datastoreActive } } }", d.Name)
	body, _ := json.Marshal(map[string]string{"query": q}) // a map of strings always encodes
	out = append(out, link{Title: p.T("dataset.api.graphql"),
		URL: fmt.Sprintf("curl -X POST '%s/graphql' \\\n  -H 'Content-Type: application/json' \\\n  -d '%s'", site,
			strings.ReplaceAll(string(body), "'", `'\''`))})
	return out
}

// preview reads one page of a resource's DataStore rows, with the simple column filter
// (?filter_col=&filter_val=) and paging (?preview_page=). A resource without a table
// gives nil; a filter the DataStore rejects is shown as a message.
func (h *Handler) preview(ctx context.Context, p *page, r *http.Request, rs *catalog.Resource, action string, keep url.Values) (*previewView, error) {
	q := r.URL.Query()
	pg := pageNumber(q, "preview_page")
	col, val := q.Get("filter_col"), q.Get("filter_val")
	v := &previewView{ResourceName: rs.Name, Action: action, FilterCol: col, FilterVal: val}
	if v.ResourceName == "" {
		v.ResourceName = rs.ID
	}
	for k, vs := range keep {
		for _, x := range vs {
			v.Keep = append(v.Keep, hiddenField{Name: k, Value: x})
		}
	}
	limit := previewRows
	req := datastore.SearchRequest{ResourceID: rs.ID, Limit: &limit, Offset: (pg - 1) * previewRows}
	if col != "" && val != "" {
		req.Filters = map[string]any{col: val}
		v.ResetURL = withQuery(action, cloneValues(keep))
	}
	res, err := h.DataStore.Search(ctx, req)
	if err != nil && req.Filters != nil && errors.Is(err, catalog.ErrInvalid) {
		v.Error = filterError(err)
		req.Filters, req.Offset = nil, 0
		zero := 0
		req.Limit = &zero
		res, err = h.DataStore.Search(ctx, req)
	}
	if errors.Is(err, catalog.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("web: preview %s: %w", rs.ID, err)
	}
	var idx []int
	var numeric []bool
	for i, f := range res.Fields {
		if strings.HasPrefix(f.ID, "_") {
			continue
		}
		idx = append(idx, i)
		v.Columns = append(v.Columns, f.ID)
		switch f.Type {
		case datastore.TypeInt, datastore.TypeBigInt, datastore.TypeNumeric, datastore.TypeFloat:
			numeric = append(numeric, true)
		default:
			numeric = append(numeric, false)
		}
	}
	records, _ := res.Records.([]datastore.Record)
	for _, rec := range records {
		row := make([]cell, len(idx))
		for j, i := range idx {
			if i < len(rec.Values) {
				row[j] = cell{Text: cellText(rec.Values[i]), Num: numeric[j]}
			}
		}
		v.Rows = append(v.Rows, row)
	}
	if res.Total != nil {
		v.Total = int(*res.Total)
	}
	if len(v.Rows) > 0 {
		v.First = req.Offset + 1
		v.Last = req.Offset + len(v.Rows)
	}
	pq := cloneValues(keep)
	if req.Filters != nil {
		pq.Set("filter_col", col)
		pq.Set("filter_val", val)
	}
	v.Pager = p.Pager(makePager(pq, action, "preview_page", pg, v.Total, previewRows))
	return v, nil
}

// filterError is the message of a rejected filter, without CKAN's envelope wording.
func filterError(err error) string {
	var ve *catalog.ValidationError
	if errors.As(err, &ve) {
		for _, msgs := range ve.Fields {
			if len(msgs) > 0 {
				return msgs[0]
			}
		}
	}
	return err.Error()
}

// cellText renders one DataStore value for the preview table.
func cellText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32)
	case time.Time:
		return x.Format("2006-01-02T15:04:05")
	case []byte:
		return string(x)
	case map[string]any, []any:
		b, err := json.Marshal(x)
		if err != nil {
			return fmt.Sprint(x)
		}
		return string(b)
	}
	return fmt.Sprint(v)
}

// resource is the page of one resource of a dataset.
func (h *Handler) resource(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	d, rs, err := h.readableResource(ctx, r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(w, r)
	p.Nav = "dataset"
	rname := rs.Name
	if rname == "" {
		rname = rs.ID
	}
	p.Title = rname + " · " + p.DatasetTitle(d)
	p.Description = excerpt(rs.Description, 160)
	it := resourceItem(d, rs)
	p.Canonical = it.PageURL
	var rows []metaRow
	add := func(key, value string) {
		if value != "" {
			rows = append(rows, metaRow{Label: p.T(key), Value: value})
		}
	}
	add("field.format", it.Format)
	add("field.resource_url", rs.URL)
	if it.Upload {
		rows[len(rows)-1].Value = h.site(r) + it.OpenURL
	}
	add("field.mimetype", rs.MimeType)
	if rs.Size != nil {
		add("field.size", humanSize(*rs.Size))
	}
	add("field.created", p.Date(rs.Created))
	add("field.modified", p.Date(rs.LastModified))
	data := map[string]any{"D": d, "R": rs, "Item": it, "Name": rname, "Meta": rows, "DatasetTitle": p.DatasetTitle(d)}
	if rs.DatastoreActive && h.DataStore != nil {
		pv, err := h.preview(ctx, p, r, rs, it.PageURL, url.Values{})
		if err != nil {
			h.fail(w, r, err)
			return
		}
		data["Preview"] = pv
		data["Snippets"] = apiSnippets(p, h.site(r), d, rs)[1:2]
	}
	p.Data = data
	h.render(w, r, http.StatusOK, "resource.html", p)
}

// readableResource loads the dataset and resource of a resource URL, if the actor may
// read the dataset.
func (h *Handler) readableResource(ctx context.Context, r *http.Request) (*catalog.Dataset, *catalog.Resource, error) {
	d, err := h.readableDataset(ctx, h.actor(r), r.PathValue("name"))
	if err != nil {
		return nil, nil, err
	}
	rid := r.PathValue("rid")
	for i := range d.Resources {
		if d.Resources[i].ID == rid {
			return d, &d.Resources[i], nil
		}
	}
	return nil, nil, catalog.NotFound("Resource was not found.")
}

// resourceGo sends the visitor on to a resource's address: its download on this site
// for an upload, or the http(s) address of a link resource.
func (h *Handler) resourceGo(w http.ResponseWriter, r *http.Request) {
	d, rs, err := h.readableResource(r.Context(), r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	it := resourceItem(d, rs)
	switch {
	case it.Upload:
		http.Redirect(w, r, it.OpenURL, http.StatusFound)
	case externalURL(rs.URL):
		http.Redirect(w, r, rs.URL, http.StatusFound)
	default:
		h.errorPage(w, r, http.StatusNotFound)
	}
}

// humanSize renders a byte count.
func humanSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

// notesMarkdown renders dataset notes, which are markdown as in CKAN. goldmark's defaults
// drop raw HTML and dangerous link schemes, so catalog text cannot inject markup.
var notesMarkdown = goldmark.New()

// markdown renders notes to safe HTML; on a rendering failure the escaped text is shown.
func markdown(text string) template.HTML {
	var b bytes.Buffer
	if err := notesMarkdown.Convert([]byte(text), &b); err != nil {
		return template.HTML(template.HTMLEscapeString(text))
	}
	return template.HTML(b.String())
}
