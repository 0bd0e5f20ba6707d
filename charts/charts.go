// Package charts builds Khlang's dashboards with go-echarts: one page per indicator
// framework, an indicator chart for every TDDC dataset page, and pages for the village
// funds, the 2025 census, the digital-service registry, e-Office and the digital-content
// industry. Charts are computed from the catalog and the DataStore, cached per data
// version, and handed to the web layer as render-ready values: a go-echarts snippet (the
// element and a script with a fixed chart id), a title, a link to the rows behind the
// chart, and a table alternative for screen readers and pages without JavaScript.
//
// go-echarts writes option strings into the page's <script> unescaped, so every string
// from the catalog passes through safeText before it reaches go-echarts, and every emitted
// script is checked to hold no markup but its own closing tag. The ECharts script itself is
// embedded (see AssetHandler): dashboards work with no internet access.
package charts

import (
	"errors"
	"html/template"
	"log/slog"
	"sync"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/datastore"
)

// Languages of titles and labels.
const (
	LangTH = "th"
	LangEN = "en"
)

// ErrNoData reports that the data a chart needs is not in the catalog or the DataStore
// (the dataset, its resource or its table is missing, private or empty). The web layer
// leaves the chart out when errors.Is(err, ErrNoData).
var ErrNoData = errors.New("charts: no data for this chart")

// Dashboards computes dashboards from the catalog and the DataStore. The zero value of
// the unexported fields is ready: build it as a struct literal. Results are cached per
// data version (the catalog's change-log sequence), so a page is computed once after each
// change; call Invalidate after DataStore writes that bypass the change log. Returned
// pages and charts are shared between callers and must not be modified.
type Dashboards struct {
	Store     *catalog.Store
	DataStore *datastore.Store
	// Log receives the reasons a chart was left out; nil discards them.
	Log *slog.Logger

	mu    sync.Mutex
	cache map[string]*cacheEntry
}

// Page is a titled list of charts: one dashboard.
type Page struct {
	Title  string
	Lang   string
	Charts []*Chart
}

// Chart is one chart ready for a template. Element and Script are go-echarts' snippet
// (the script needs ScriptPath loaded before it); Title and the table are plain text that
// the caller's html/template escapes. Option is the ECharts option JSON the script passes
// to setOption (JavaScript functions, such as axis formatters, appear there as strings).
type Chart struct {
	// ID is the fixed DOM id of the chart element, unique within a page.
	ID      string
	Title   string
	Note    string
	Element template.HTML
	Script  template.HTML
	Option  string
	// DataURL links to the rows behind the chart (CKAN datastore_search or
	// /datastore/dump/<resource id>); DataLabel is the link text.
	DataURL   string
	DataLabel string
	// TableLabel names the table alternative (the summary of its <details>).
	TableLabel string
	Table      Table
}

// Table is the chart's data as a table: the alternative for screen readers.
type Table struct {
	Caption string
	Headers []string
	Rows    [][]string
	// Numeric marks the columns to align right.
	Numeric []bool
}

// FigureTemplate defines the html/template "khlang-chart", which renders one *Chart as a
// <figure>: the caption, go-echarts' element and script, the data link, and the table
// alternative in a <details> (readable without JavaScript and by screen readers). Pages
// that use it load ScriptPath once, before the first chart, and StylePath.
const FigureTemplate = `{{define "khlang-chart"}}<figure class="khlang-chart" aria-labelledby="{{.ID}}-caption">
<figcaption id="{{.ID}}-caption">{{.Title}}{{with .Note}} <span class="khlang-chart-note">{{.}}</span>{{end}}</figcaption>
{{.Element}}
{{.Script}}
{{with .DataURL}}<p class="khlang-chart-links"><a href="{{.}}">{{$.DataLabel}}</a></p>{{end}}
<details><summary>{{.TableLabel}}</summary>
<table>{{with .Table.Caption}}<caption>{{.}}</caption>{{end}}
<thead><tr>{{range .Table.Headers}}<th scope="col">{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Table.Rows}}<tr>{{range $i, $c := .}}{{if eq $i 0}}<th scope="row">{{$c}}</th>{{else}}<td class="num">{{$c}}</td>{{end}}{{end}}</tr>
{{end}}</tbody></table></details>
</figure>{{end}}`

// normLang maps anything but English to Thai, the catalog's first language.
func normLang(lang string) string {
	if lang == LangEN {
		return LangEN
	}
	return LangTH
}

// tr picks the Thai or English text.
func tr(lang, th, en string) string {
	if lang == LangEN {
		return en
	}
	return th
}

// pick is tr for catalog values: the English one when asked and present, else the Thai.
func pick(lang, th, en string) string {
	if lang == LangEN && en != "" {
		return en
	}
	if th == "" {
		return en
	}
	return th
}

func (d *Dashboards) logger() *slog.Logger {
	if d.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return d.Log
}

// skip turns a missing optional table into "no chart" (logged); other errors pass.
func (d *Dashboards) skip(err error, what string) (*spec, error) {
	if errors.Is(err, ErrNoData) {
		d.logger().Info("chart left out", "chart", what, "reason", err.Error())
		return nil, nil
	}
	return nil, err
}
