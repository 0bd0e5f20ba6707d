package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/datastore"
	"github.com/khlang/khlang/charts"
	"github.com/khlang/khlang/search"
	"github.com/khlang/khlang/server/web"
)

// The tables the dashboards chart, with the sample catalog's dataset, file and column
// names (seed/content) and a few rows each.
const (
	obsHeader = "indicator_code,ref_area,time_period,breakdown,breakdown_value,breakdown_label_th,breakdown_label_en,obs_value,unit_measure\n"

	dashVillageFunds = "fund_code,province_code,province_name_th,region_th,size_class,sml_allocation_thb\n" +
		"1001,10,กรุงเทพมหานคร,ภาคกลาง,L,400000\n5001,50,เชียงใหม่,ภาคเหนือ,S,200000\n5002,50,เชียงใหม่,ภาคเหนือ,M,300000\n"
	dashProducts   = "product_code,category_code,category_th,category_en\nP1,FOOD,อาหาร,Food\nP2,TEXT,ผ้า,Textiles\n"
	dashPopulation = "province_code,province_name_th,province_name_en,sex,sex_th,age_group,population\n" +
		"10,กรุงเทพมหานคร,Bangkok,M,ชาย,0-4,100\n10,กรุงเทพมหานคร,Bangkok,F,หญิง,0-4,95\n"
	dashServices = "service_code,category,category_th,company_code,company_name_th,standard\n" +
		"S1,Software,ซอฟต์แวร์,C1,บริษัท ก จำกัด,CMMI Level 3\nS2,Smart Devices,อุปกรณ์อัจฉริยะ,C2,บริษัท ข จำกัด,dSURE\n"
	dashAgencies = "agency_code,agency_name_th,agency_name_en,parent_th,system_code,linked\n" +
		"A1,สำนักงานสถิติแห่งชาติ,National Statistical Office,กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม,EOS-A,true\n"
	dashDocuments = "agency_code,month,documents_sent,documents_received,exchanged_electronically,paperless_pct\n" +
		"A1,2024-12,50,50,90,90\nA1,2025-01,50,50,95,95\n"
	dashDigitalContent = "year_ce,year_be,segment,segment_th,segment_en,value_mthb,share_of_total_pct,status\n" +
		"2023,2566,TOTAL,รวม,Total,44236,100,published\n2023,2566,GAMES,เกม,Games,34288,77.5,published\n" +
		"2023,2566,GAMES_DOMESTIC,เกมในประเทศ,Domestic games,886,2,published\n2023,2566,ANIMATION,แอนิเมชัน,Animation,9948,22.5,sample\n"
)

// dashEnv is a catalog holding what every dashboard charts, served with Charts set and
// no Dashboards source of its own.
func newDashEnv(t testing.TB) *env {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	s, err := catalog.Open(ctx, filepath.Join(dir, "catalog.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	ds, err := datastore.Open(ctx, filepath.Join(dir, "datastore.db"), strings.Fields, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ds.Close() })
	e := &env{store: s, ids: map[string]string{}}
	for _, g := range []string{"village-fund", "census-2025", "digital-services", "e-office", "digital-content"} {
		if err := s.CreateGroup(ctx, &catalog.Group{Name: g, Title: g}); err != nil {
			t.Fatal(err)
		}
	}
	add := func(d *catalog.Dataset, group string, files ...[2]string) {
		t.Helper()
		if group != "" {
			d.Groups = []catalog.Group{{Name: group}}
		}
		for _, f := range files {
			d.Resources = append(d.Resources, catalog.Resource{Name: f[0], URL: f[0], URLType: "upload", Format: "CSV"})
		}
		if d.Title == "" {
			d.Title = d.Name
		}
		if err := s.CreateDataset(ctx, d); err != nil {
			t.Fatalf("create %s: %v", d.Name, err)
		}
		e.ids[d.Name] = d.ID
		for i, f := range files {
			id := d.Resources[i].ID
			if _, err := ds.Load(ctx, id, strings.NewReader(f[1]), f[0], datastore.LoadOptions{}); err != nil {
				t.Fatalf("load %s: %v", f[0], err)
			}
			if err := s.SetDatastoreActive(ctx, id, true); err != nil {
				t.Fatal(err)
			}
		}
	}
	add(&catalog.Dataset{Name: "village-fund-registry"}, "village-fund", [2]string{"village-funds.csv", dashVillageFunds})
	add(&catalog.Dataset{Name: "village-fund-products"}, "village-fund", [2]string{"village-fund-products.csv", dashProducts})
	add(&catalog.Dataset{Name: "census-2025-population-by-province-sex-age"}, "census-2025", [2]string{"census-2025-population.csv", dashPopulation})
	add(&catalog.Dataset{Name: "digital-service-registry"}, "digital-services", [2]string{"digital-services.csv", dashServices})
	add(&catalog.Dataset{Name: "e-office-metadata"}, "e-office",
		[2]string{"e-office-agencies.csv", dashAgencies}, [2]string{"e-office-documents-monthly.csv", dashDocuments})
	add(&catalog.Dataset{Name: "digital-content-industry-2023"}, "digital-content", [2]string{"digital-content-2023.csv", dashDigitalContent})
	// One headline rank per framework; the WDCR one carries the crafted title.
	for _, f := range []struct{ name, framework, code, title string }{
		{"tddc-wdcr-00-01", "WDCR", "TDDC-WDCR-00-01", evilTitle},
		{"tddc-adix-00-01", "ADIX", "TDDC-ADIX-00-01", "อันดับ ADIX"},
		{"tddc-oecd-00-01", "OECD-GD", "TDDC-OECD-00-01", "อันดับ OECD"},
		{"tddc-th-plan-00-01", "TH-PLAN", "TDDC-TH-PLAN-00-01", "อันดับแผน"},
	} {
		rows := obsHeader + f.code + ",THA,2023,_T,_T,ยอดรวม,Total,40,RANK\n" + f.code + ",THA,2024,_T,_T,ยอดรวม,Total,35,RANK\n"
		add(&catalog.Dataset{Name: f.name, Title: f.title, TitleEN: f.title,
			Indicator: catalog.Indicator{IndicatorCode: f.code, Frameworks: []catalog.FrameworkRef{{Framework: f.framework}}}},
			"", [2]string{f.name + ".csv", rows})
	}
	ix, err := search.Open("", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	if err := ix.Sync(ctx, s); err != nil {
		t.Fatal(err)
	}
	e.h = &web.Handler{Store: s, Index: ix, DataStore: ds, SiteURL: siteURL, Charts: &charts.Dashboards{Store: s, DataStore: ds}}
	e.mux = http.NewServeMux()
	e.h.Register(e.mux)
	return e
}

// scriptSrcRe finds script elements that load a file.
var scriptSrcRe = regexp.MustCompile(`<script[^>]*\ssrc="([^"]*)"`)

// TestDashboards renders every dashboard and the index, and checks that each chart
// page loads the embedded ECharts once and nothing from another host.
func TestDashboards(t *testing.T) {
	t.Parallel()
	e := newDashEnv(t)
	cases := []struct {
		path   string
		status int
		want   []string
		charts bool
	}{
		{path: "/dashboard", status: 200, want: []string{"<h1>แดชบอร์ด</h1>", `href="/dashboard/village-funds"`, `href="/dashboard/census"`,
			`href="/dashboard/registry"`, `href="/dashboard/e-office"`, `href="/dashboard/digital-content"`,
			`href="/dashboard/framework/wdcr"`, `href="/dashboard/framework/adix"`, `href="/dashboard/framework/oecd"`, `href="/dashboard/framework/th-plan"`,
			`<a href="/dashboard" aria-current="page">แดชบอร์ด</a>`}},
		{path: "/dashboard?lang=en", status: 200, want: []string{"<h1>Dashboards</h1>", "Village funds", "ASEAN Digital Integration Index"}},
		{path: "/dashboard/village-funds", status: 200, charts: true},
		{path: "/dashboard/census", status: 200, charts: true},
		{path: "/dashboard/registry", status: 200, charts: true},
		{path: "/dashboard/e-office", status: 200, charts: true},
		{path: "/dashboard/digital-content", status: 200, charts: true, want: []string{"แอนิเมชัน"}},
		{path: "/dashboard/digital-content?lang=en", status: 200, charts: true, want: []string{`<html lang="en">`, "Animation"}},
		{path: "/dashboard/framework/wdcr", status: 200, charts: true},
		{path: "/dashboard/framework/adix", status: 200, charts: true, want: []string{`href="/framework/adix/indicators.sdmx.csv"`,
			`href="/framework/adix/indicators.xlsx"`, `href="/framework/adix/indicators.jsonstat.json"`}},
		{path: "/dashboard/framework/oecd", status: 200, charts: true},
		{path: "/dashboard/framework/th-plan", status: 200, charts: true},
		{path: "/dashboard/no-such-dashboard", status: 404, want: []string{"ไม่พบหน้าที่ต้องการ"}},
		{path: "/dashboard/framework/OECD-GD", status: 404, want: []string{"ไม่พบหน้าที่ต้องการ"}},
		{path: "/dashboard/framework/nope", status: 404},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			w := e.get(t, tc.path)
			body := w.Body.String()
			if w.Code != tc.status {
				t.Fatalf("GET %s: status %d, want %d\n%s", tc.path, w.Code, tc.status, body)
			}
			for _, s := range tc.want {
				if !strings.Contains(body, s) {
					t.Errorf("GET %s: body lacks %q", tc.path, s)
				}
			}
			srcs := scriptSrcRe.FindAllStringSubmatch(body, -1)
			if !tc.charts {
				if len(srcs) != 0 || strings.Contains(body, "<figure") {
					t.Errorf("GET %s: a page without charts loads %v", tc.path, srcs)
				}
				return
			}
			if !strings.Contains(body, `<figure class="khlang-chart"`) {
				t.Errorf("GET %s: no chart figure", tc.path)
			}
			if len(srcs) != 1 || srcs[0][1] != charts.ScriptPath {
				t.Errorf("GET %s: script sources %v, want %s once", tc.path, srcs, charts.ScriptPath)
			}
			if !strings.Contains(body, `<link rel="stylesheet" href="`+charts.StylePath+`">`) {
				t.Errorf("GET %s: no link to %s", tc.path, charts.StylePath)
			}
			if i, j := strings.Index(body, charts.ScriptPath), strings.Index(body, "echarts.init("); i < 0 || j < i {
				t.Errorf("GET %s: the chart script runs before ECharts is loaded", tc.path)
			}
			checkChartCSP(t, w.Header().Get("Content-Security-Policy"), body)
			checkNoExternalURLs(t, body)
		})
	}
}

// inlineScriptRe finds inline scripts (those without src) and their text.
var inlineScriptRe = regexp.MustCompile(`(?s)<script type="text/javascript">(.*?)</script>`)

// checkChartCSP checks that the page's CSP still allows only this site and names the
// hash of every inline chart script, which would otherwise not run.
func checkChartCSP(t *testing.T, csp, body string) {
	t.Helper()
	if !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "http") {
		t.Errorf("CSP %q", csp)
	}
	scripts := inlineScriptRe.FindAllStringSubmatch(body, -1)
	if len(scripts) == 0 {
		t.Fatal("no inline chart script")
	}
	for _, m := range scripts {
		if h := cspHash(m[1]); !strings.Contains(csp, h) {
			t.Errorf("CSP %q lacks %s, the hash of an inline chart script", csp, h)
		}
	}
	for _, m := range regexp.MustCompile(`style="([^"]*)"`).FindAllStringSubmatch(body, -1) {
		if h := cspHash(m[1]); !strings.Contains(csp, "'unsafe-hashes'") || !strings.Contains(csp, h) {
			t.Errorf("CSP %q lacks %s, the hash of style=%q", csp, h, m[1])
		}
	}
}

// cspHash is the CSP hash source of an inline script or style attribute.
func cspHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// checkNoExternalURLs fails when a page links to, or loads from, another host.
func checkNoExternalURLs(t *testing.T, body string) {
	t.Helper()
	for _, m := range regexp.MustCompile(`(?:src|href)="([^"]*)"`).FindAllStringSubmatch(body, -1) {
		u := m[1]
		if strings.HasPrefix(u, "//") || (strings.Contains(u, "://") && !strings.HasPrefix(u, siteURL)) {
			t.Errorf("external URL %q", u)
		}
	}
	if strings.Contains(body, "cdn.jsdelivr") || strings.Contains(body, "go-echarts.github.io") {
		t.Error("page refers to a CDN")
	}
}

// TestDashboardEscapesTitles: a dataset titled with markup shows as text on the framework
// dashboard, in the table and the inline script alike.
func TestDashboardEscapesTitles(t *testing.T) {
	t.Parallel()
	e := newDashEnv(t)
	for _, path := range []string{"/dashboard/framework/wdcr", "/dashboard/framework/wdcr?lang=en", "/dataset/tddc-wdcr-00-01"} {
		body := e.mustGet(t, path)
		if strings.Contains(body, evilTitle) || strings.Contains(body, "<script>alert(1)") {
			t.Errorf("GET %s: the crafted title is markup:\n%s", path, body)
		}
		if !strings.Contains(body, "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("GET %s: the crafted title is not shown as text", path)
		}
		if n := strings.Count(strings.ToLower(body), "<script"); n != strings.Count(strings.ToLower(body), "</script>") {
			t.Errorf("GET %s: %d script elements opened, %d closed", path, n, strings.Count(body, "</script>"))
		}
	}
}

// TestDatasetDashboards: a TDDC dataset page shows its indicator chart above the
// resources and links to its framework's dashboard; a source dataset links to its own.
func TestDatasetDashboards(t *testing.T) {
	t.Parallel()
	e := newDashEnv(t)
	body := e.mustGet(t, "/dataset/tddc-adix-00-01")
	fig := strings.Index(body, `<figure class="khlang-chart"`)
	res := strings.Index(body, `id="resources"`)
	if fig < 0 || res < 0 || fig > res {
		t.Errorf("indicator chart at %d, resources at %d: want the chart above the resources", fig, res)
	}
	for _, want := range []string{`id="indicator_chart"`, "อันดับ ADIX", `<script src="` + charts.ScriptPath + `"></script>`,
		`href="/dashboard/framework/adix"`, "รหัสตัวชี้วัด TDDC-ADIX-00-01"} {
		if !strings.Contains(body, want) {
			t.Errorf("TDDC dataset page lacks %q", want)
		}
	}
	if strings.Contains(body, `href="/dashboard/framework/wdcr"`) {
		t.Error("ADIX dataset links to the WDCR dashboard")
	}
	checkNoExternalURLs(t, body)
	w := e.get(t, "/dataset/tddc-adix-00-01")
	checkChartCSP(t, w.Header().Get("Content-Security-Policy"), w.Body.String())

	body = e.mustGet(t, "/dataset/e-office-metadata")
	if !strings.Contains(body, `href="/dashboard/e-office"`) || strings.Contains(body, "<figure") || strings.Contains(body, charts.ScriptPath) {
		t.Error("e-Office dataset page: want a link to its dashboard and no chart")
	}

	home := e.mustGet(t, "/")
	for _, want := range []string{`href="/dashboard"`, `href="/dashboard/census"`, `href="/dashboard/framework/th-plan"`} {
		if !strings.Contains(home, want) {
			t.Errorf("home page lacks %q", want)
		}
	}
}

// TestNoCharts: without Charts the pages work, /dashboard is the 404 page and the
// navigation has no dashboards.
func TestNoCharts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if w := e.get(t, "/dashboard"); w.Code != http.StatusNotFound {
		t.Errorf("/dashboard: status %d, want 404", w.Code)
	}
	if w := e.get(t, "/dashboard/census"); w.Code != http.StatusNotFound {
		t.Errorf("/dashboard/census: status %d, want 404", w.Code)
	}
	body := e.mustGet(t, "/dataset/internet-users")
	if strings.Contains(body, `href="/dashboard"`) || strings.Contains(body, "<figure") {
		t.Error("a handler without Charts shows dashboards")
	}
}
