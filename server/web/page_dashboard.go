package web

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/charts"
)

func init() {
	for k, v := range map[string][2]string{
		"nav.dashboards":            {"Dashboards", "แดชบอร์ด"},
		"dashboard.index":           {"Dashboards", "แดชบอร์ด"},
		"dashboard.intro":           {"Charts drawn from the catalog's own tables; every chart links to its rows and has a table for screen readers.", "แผนภูมิจากตารางข้อมูลในคลังข้อมูล ทุกแผนภูมิมีลิงก์ไปยังข้อมูลและมีตารางสำหรับโปรแกรมอ่านหน้าจอ"},
		"dashboard.frameworks":      {"Indicator frameworks", "กรอบตัวชี้วัด"},
		"dashboard.sources":         {"Data sources", "แหล่งข้อมูล"},
		"dashboard.nodata":          {"The data of this dashboard is not loaded yet.", "ยังไม่มีข้อมูลสำหรับแดชบอร์ดนี้"},
		"dashboard.exports":         {"Every indicator of the framework, for reporting:", "ตัวชี้วัดทั้งหมดของกรอบ สำหรับการรายงาน:"},
		"dashboard.village-funds":   {"Village funds", "กองทุนหมู่บ้าน"},
		"dashboard.census":          {"2025 Population and Housing Census", "สำมะโนประชากรและเคหะ พ.ศ. 2568"},
		"dashboard.registry":        {"Digital Service Registry", "บัญชีบริการดิจิทัล"},
		"dashboard.e-office":        {"e-Office", "ระบบสำนักงานอิเล็กทรอนิกส์ (e-Office)"},
		"dashboard.digital-content": {"Digital-content industry", "อุตสาหกรรมดิจิทัลคอนเทนต์"},
	} {
		messages[k] = v
	}
}

// sourceDashboard is a dashboard of one data source: its URL name, the catalog group of
// the datasets it charts, and how to compute it.
type sourceDashboard struct {
	Name, Group string
	page        func(d *charts.Dashboards, ctx context.Context, lang string) (*charts.Page, error)
}

// sourceDashboards are the dashboards at /dashboard/{name}, in the index's order.
var sourceDashboards = []sourceDashboard{
	{"village-funds", "village-fund", (*charts.Dashboards).VillageFunds},
	{"census", "census-2025", (*charts.Dashboards).Census},
	{"registry", "digital-services", (*charts.Dashboards).Registry},
	{"e-office", "e-office", (*charts.Dashboards).EOffice},
	{"digital-content", "digital-content", (*charts.Dashboards).DigitalContent},
}

// dashboardFrameworks are the featured frameworks the charts package has a dashboard for.
func dashboardFrameworks() []struct{ Name, Code string } {
	var out []struct{ Name, Code string }
	for _, f := range frameworks {
		if slices.Contains(charts.Frameworks(), f.Name) {
			out = append(out, f)
		}
	}
	return out
}

func frameworkDashboardPath(code string) string {
	return "/dashboard/framework/" + url.PathEscape(code)
}
func sourceDashboardPath(name string) string { return "/dashboard/" + url.PathEscape(name) }

// bilingual returns the Thai and English texts of a message.
func bilingual(key string) (th, en string) {
	return translate(langTH, key), translate(langEN, key)
}

func frameworkLink(f struct{ Name, Code string }) DashboardLink {
	th, en := bilingual("framework." + f.Name)
	return DashboardLink{URL: frameworkDashboardPath(f.Code), Title: th, TitleEN: en}
}

func sourceLink(s sourceDashboard) DashboardLink {
	th, en := bilingual("dashboard." + s.Name)
	return DashboardLink{URL: sourceDashboardPath(s.Name), Title: th, TitleEN: en}
}

// siteDashboards is the DashboardSource of the dashboards this package serves: every
// dashboard for the home page; for a dataset, the dashboards of the frameworks it is
// placed in and of the data source its groups name.
type siteDashboards struct{}

// DashboardLinks implements DashboardSource.
func (siteDashboards) DashboardLinks(_ context.Context, d *catalog.Dataset) ([]DashboardLink, error) {
	var out []DashboardLink
	for _, f := range dashboardFrameworks() {
		if d == nil || slices.ContainsFunc(d.Indicator.Frameworks, func(r catalog.FrameworkRef) bool {
			return strings.EqualFold(r.Framework, f.Name)
		}) {
			out = append(out, frameworkLink(f))
		}
	}
	for _, s := range sourceDashboards {
		if d == nil || slices.ContainsFunc(d.Groups, func(g catalog.Group) bool { return g.Name == s.Group }) {
			out = append(out, sourceLink(s))
		}
	}
	return out, nil
}

// dashboardSource is Dashboards, or the site's own dashboards when Charts is set.
func (h *Handler) dashboardSource() DashboardSource {
	switch {
	case h.Dashboards != nil:
		return h.Dashboards
	case h.Charts != nil:
		return siteDashboards{}
	}
	return nil
}

// dashboardIndexData is the content of /dashboard.
type dashboardIndexData struct {
	Frameworks, Sources []DashboardLink
}

// dashboardData is the content of one dashboard page.
type dashboardData struct {
	Title  string
	Charts []*charts.Chart
	// Exports link a framework dashboard to its indicators' exports.
	Exports []exportLink
}

// exportLink is one download of a framework's indicators.
type exportLink struct{ Format, URL string }

// frameworkExports are the export links of a framework by its URL code, in the formats
// reporting bodies read.
func frameworkExports(code string) []exportLink {
	base := "/framework/" + url.PathEscape(code) + "/indicators."
	return []exportLink{{"SDMX-CSV", base + "sdmx.csv"}, {"SDMX-JSON", base + "sdmx.json"},
		{"JSON-stat", base + "jsonstat.json"}, {"CSV", base + "csv"}, {"XLSX", base + "xlsx"}}
}

// dashboards answers /dashboard: the list of every dashboard.
func (h *Handler) dashboards(w http.ResponseWriter, r *http.Request) {
	if h.Charts == nil {
		h.errorPage(w, r, http.StatusNotFound)
		return
	}
	data := &dashboardIndexData{}
	for _, f := range dashboardFrameworks() {
		data.Frameworks = append(data.Frameworks, frameworkLink(f))
	}
	for _, s := range sourceDashboards {
		data.Sources = append(data.Sources, sourceLink(s))
	}
	p := h.newPage(w, r)
	p.Nav = "dashboard"
	p.Title = p.T("dashboard.index")
	p.Description = p.T("dashboard.intro")
	p.Data = data
	h.render(w, r, http.StatusOK, "dashboards.html", p)
}

// sourceDashboardPage answers /dashboard/{name}.
func (h *Handler) sourceDashboardPage(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	i := slices.IndexFunc(sourceDashboards, func(s sourceDashboard) bool { return s.Name == name })
	if h.Charts == nil || i < 0 {
		h.errorPage(w, r, http.StatusNotFound)
		return
	}
	s := sourceDashboards[i]
	h.dashboardPage(w, r, "dashboard."+s.Name, nil, func(ctx context.Context, lang string) (*charts.Page, error) {
		return s.page(h.Charts, ctx, lang)
	})
}

// frameworkDashboardPage answers /dashboard/framework/{code}.
func (h *Handler) frameworkDashboardPage(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	fs := dashboardFrameworks()
	i := slices.IndexFunc(fs, func(f struct{ Name, Code string }) bool { return f.Code == code })
	if h.Charts == nil || i < 0 {
		h.errorPage(w, r, http.StatusNotFound)
		return
	}
	f := fs[i]
	h.dashboardPage(w, r, "framework."+f.Name, frameworkExports(f.Code), func(ctx context.Context, lang string) (*charts.Page, error) {
		return h.Charts.Framework(ctx, f.Name, lang)
	})
}

// dashboardPage renders one dashboard; with no data at all the page says so.
func (h *Handler) dashboardPage(w http.ResponseWriter, r *http.Request, titleKey string, exports []exportLink,
	build func(ctx context.Context, lang string) (*charts.Page, error)) {
	p := h.newPage(w, r)
	p.Nav = "dashboard"
	p.Title = p.T(titleKey)
	data := &dashboardData{Title: p.Title, Exports: exports}
	cp, err := build(r.Context(), p.Lang)
	switch {
	case errors.Is(err, charts.ErrNoData):
		h.log().Info("web: dashboard without data", "path", r.URL.Path, "reason", err.Error())
	case err != nil:
		h.fail(w, r, err)
		return
	default:
		if cp.Title != "" {
			p.Title, data.Title = cp.Title, cp.Title
		}
		data.Charts = cp.Charts
		for _, c := range cp.Charts {
			p.addChart(c)
		}
	}
	p.Description = p.T("dashboard.intro")
	p.Data = data
	h.render(w, r, http.StatusOK, "dashboard.html", p)
}

// styleAttrRe finds the style attributes of go-echarts' chart element.
var styleAttrRe = regexp.MustCompile(`style="([^"]*)"`)

// addChart notes that the page shows c: the layout then loads the charts' script and
// stylesheet, and the Content-Security-Policy allows exactly the chart's inline script
// and the element's size style by their hashes.
func (p *page) addChart(c *charts.Chart) {
	p.Charts = true
	script := string(c.Script)
	if open := strings.Index(script, ">"); open >= 0 {
		if end := strings.LastIndex(script, "</"); end > open {
			p.ScriptHashes = appendHash(p.ScriptHashes, script[open+1:end])
		}
	}
	for _, m := range styleAttrRe.FindAllStringSubmatch(string(c.Element), -1) {
		p.StyleHashes = appendHash(p.StyleHashes, m[1])
	}
}

// appendHash adds the CSP hash source of s once.
func appendHash(hashes []string, s string) []string {
	sum := sha256.Sum256([]byte(s))
	h := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	if slices.Contains(hashes, h) {
		return hashes
	}
	return append(hashes, h)
}

// csp is the page's Content-Security-Policy: only this site, plus the hashes of the
// charts' inline scripts and style attributes.
func (p *page) csp() string {
	script, style := "script-src 'self'", "style-src 'self'"
	if len(p.ScriptHashes) > 0 {
		script += " " + strings.Join(p.ScriptHashes, " ")
	}
	if len(p.StyleHashes) > 0 {
		style += " 'unsafe-hashes' " + strings.Join(p.StyleHashes, " ")
	}
	return "default-src 'self'; img-src 'self' data:; " + style + "; " + script + "; frame-ancestors 'self'"
}
