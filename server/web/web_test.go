package web_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

const member = "X-Test-User: nso-member"

// TestPages renders every page for anonymous visitors and for a member of the
// organisation that owns the private dataset.
func TestPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	obs := e.ids["observations"]
	cases := []struct {
		name    string
		path    string
		headers []string
		status  int
		want    []string
		notWant []string
	}{
		{name: "home", path: "/", status: 200,
			want:    []string{`<html lang="th">`, `name="q"`, "<strong>4</strong>", "<strong>2</strong>", "ด้านดิจิทัลโลก (IMD)", "/framework/wdcr/indicators.sdmx.csv", "ผู้ใช้อินเทอร์เน็ต", "ชุดข้อมูลใหม่", "6 มี.ค. 2568", "/dashboard/internet"},
			notWant: []string{"แบบสำรวจลับ", "Draft plan", "Removed dataset"}},
		{name: "home member", path: "/", headers: []string{member}, status: 200,
			want: []string{"<strong>5</strong>", "แบบสำรวจลับ"}},
		{name: "search", path: "/dataset", status: 200,
			want:    []string{"พบ 4 ชุดข้อมูล", `href="/dataset/internet-users"`, `href="/dataset/broadband-coverage"`, "facet-organization", "สำนักงานสถิติแห่งชาติ", "Creative Commons Attribution", "กรุงเทพมหานคร", "ข้อมูลสาธารณะ", "WDCR"},
			notWant: []string{"secret-survey", "secret-tag", "draft-plan", "draft-tag", "removed-dataset", "SAV"}},
		{name: "search member", path: "/dataset", headers: []string{member}, status: 200,
			want: []string{"พบ 5 ชุดข้อมูล", `href="/dataset/secret-survey"`, "secret-tag"}},
		{name: "search sorted and paged", path: "/dataset?sort=title_string+asc&page=1", status: 200,
			want: []string{`<option value="title_string asc" selected>`}},
		{name: "search syntax error", path: "/dataset?q=title%3A%28", status: 400, want: []string{`role="alert"`, "ไม่เข้าใจคำค้น"}},
		{name: "search bad page is page one", path: "/dataset?page=-3", status: 200, want: []string{"พบ 4 ชุดข้อมูล"}},
		{name: "dataset", path: "/dataset/internet-users", status: 200,
			want: []string{"<title>ผู้ใช้อินเทอร์เน็ต · คลังข้อมูล</title>", `<meta name="description" content="ร้อยละของประชากรที่ใช้อินเทอร์เน็ต">`,
				"ประเภทชุดข้อมูล", "วัตถุประสงค์", "หน่วยความถี่ของการปรับปรุงข้อมูล", "ขอบเขตเชิงภูมิศาสตร์", "แหล่งที่มา",
				"รูปแบบการเก็บข้อมูล", "หมวดหมู่ข้อมูลตามธรรมาภิบาลข้อมูลภาครัฐ", "เงื่อนไขในการเข้าถึงข้อมูล", "หน่วยวัด",
				"ปีข้อมูลที่เริ่มต้นจัดทำ</th><td>2561", "ปีข้อมูลล่าสุดที่เผยแพร่</th><td>2567", "สถิติทางการ", "ชุดข้อมูลที่มีคุณค่าสูง",
				"6 มี.ค. 2568", "/download/observations.csv", "/resource/" + e.ids["landing"] + "/go",
				"แถว 1–20 จาก 45", "<td class=\"num\">1980</td>", "preview_page=2",
				"/api/3/action/package_show?id=internet-users", "/api/3/action/datastore_search?resource_id=" + obs, "/graphql",
				`href="/dataset/internet-users/indicator.sdmx.csv"`, `href="/dataset/internet-users.ttl"`,
				`<script type="application/ld+json">`, "WDCR › Technology", "จังหวัด"}},
		{name: "dataset by id", path: "/dataset/" + e.ids["internet-users"], status: 200,
			want: []string{`<link rel="canonical" href="http://data.example.org/dataset/internet-users">`}},
		{name: "dataset without indicator", path: "/dataset/ecommerce-value", status: 200,
			notWant: []string{"indicator.sdmx.csv", "preview_page", "datastore_search"}},
		{name: "private dataset anonymous", path: "/dataset/secret-survey", status: 404,
			want: []string{"ไม่พบหน้าที่ต้องการ"}, notWant: []string{"แบบสำรวจลับ"}},
		{name: "private dataset member", path: "/dataset/secret-survey", headers: []string{member}, status: 200,
			want: []string{"แบบสำรวจลับ", "ส่วนบุคคล"}},
		{name: "private metadata anonymous", path: "/dataset/secret-survey/resource/" + e.ids["secret"], status: 404},
		{name: "private resource member", path: "/dataset/secret-survey/resource/" + e.ids["secret"], headers: []string{member}, status: 200,
			want: []string{"secret"}},
		{name: "draft dataset anonymous", path: "/dataset/draft-plan", status: 404},
		{name: "deleted dataset", path: "/dataset/removed-dataset", headers: []string{member}, status: 404},
		{name: "missing dataset", path: "/dataset/no-such-thing", status: 404, want: []string{"ไม่พบหน้าที่ต้องการ", `name="robots" content="noindex"`}},
		{name: "resource", path: "/dataset/internet-users/resource/" + obs, status: 200,
			want: []string{"<h1>observations</h1>", "แถว 1–20 จาก 45", "ผู้ใช้อินเทอร์เน็ต", "datastore_search?resource_id=" + obs,
				"http://data.example.org/dataset/" + e.ids["internet-users"] + "/resource/" + obs + "/download/observations.csv"}},
		{name: "resource of another dataset", path: "/dataset/ecommerce-value/resource/" + obs, status: 404},
		{name: "organizations", path: "/organization", status: 200,
			want: []string{`href="/organization/nso"`, `href="/organization/depa"`, "สำนักงานสถิติแห่งชาติ", "2 ชุดข้อมูล"}},
		{name: "organization", path: "/organization/nso", status: 200,
			want:    []string{"<h1>สำนักงานสถิติแห่งชาติ</h1>", "ผู้ผลิตสถิติทางการ", "(2)", `href="/dataset/internet-users"`, `href="/dataset?organization=nso"`},
			notWant: []string{"secret-survey"}},
		{name: "organization member", path: "/organization/nso", headers: []string{member}, status: 200,
			want: []string{"(3)", `href="/dataset/secret-survey"`}},
		{name: "organization is not a group", path: "/group/nso", status: 404},
		{name: "groups", path: "/group", status: 200, want: []string{`href="/group/society"`, `href="/group/economy"`}},
		{name: "group", path: "/group/economy", status: 200,
			want: []string{"<h1>เศรษฐกิจ</h1>", `href="/dataset/ecommerce-value"`, `href="/dataset/broadband-coverage"`}},
		{name: "about", path: "/about", status: 200, want: []string{"<h1>เกี่ยวกับ</h1>", "/api/3/action/"}},
		{name: "unknown page", path: "/no/such/page", status: 404, want: []string{"ไม่พบหน้าที่ต้องการ"}},
		{name: "unknown page english", path: "/no/such/page", headers: []string{"Accept-Language: en"}, status: 404, want: []string{"Page not found"}},
		{name: "unknown static", path: "/static/nope.css", status: 404},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := e.get(t, tc.path, tc.headers...)
			body := w.Body.String()
			if w.Code != tc.status {
				t.Fatalf("GET %s: status %d, want %d\n%s", tc.path, w.Code, tc.status, body)
			}
			if ct := w.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			for _, s := range tc.want {
				if !strings.Contains(body, s) {
					t.Errorf("GET %s: body lacks %q", tc.path, s)
				}
			}
			for _, s := range tc.notWant {
				if strings.Contains(body, s) {
					t.Errorf("GET %s: body has %q", tc.path, s)
				}
			}
		})
	}
}

var hrefRe = regexp.MustCompile(`href="([^"]*)"`)

// facetLink finds the link of a facet value in a search page.
func facetLink(t *testing.T, body, field, label string) string {
	t.Helper()
	re := regexp.MustCompile(`(?s)<section aria-labelledby="facet-` + field + `">.*?</section>`)
	sec := re.FindString(body)
	for _, m := range regexp.MustCompile(`<a href="([^"]*)"[^>]*><span>([^<]*)</span>`).FindAllStringSubmatch(sec, -1) {
		if html.UnescapeString(m[2]) == label {
			return html.UnescapeString(m[1])
		}
	}
	t.Fatalf("no %s facet link for %q in\n%s", field, label, sec)
	return ""
}

// resultNames are the dataset names a results page lists, in order.
func resultNames(body string) []string {
	res := regexp.MustCompile(`(?s)<ul class="results">.*?</ul>`).FindString(body)
	var out []string
	for _, m := range regexp.MustCompile(`<h3><a href="/dataset/([^"]+)">`).FindAllStringSubmatch(res, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestFacetNarrowsResults(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	all := e.mustGet(t, "/dataset?sort=title_string+asc")
	if got := resultNames(all); len(got) != 4 {
		t.Fatalf("unfiltered results %v, want 4", got)
	}
	link := facetLink(t, all, "tags", "internet")
	narrowed := e.mustGet(t, link)
	if got := strings.Join(resultNames(narrowed), ","); got != "broadband-coverage,internet-users" {
		t.Fatalf("after tags=internet: %s", got)
	}
	if !strings.Contains(narrowed, "พบ 2 ชุดข้อมูล") || !strings.Contains(link, "sort=title_string+asc") {
		t.Fatalf("count or sort lost: link %s", link)
	}
	// A second facet narrows further; the group facet shows titles, not names.
	link2 := facetLink(t, narrowed, "groups", "เศรษฐกิจ")
	both := e.mustGet(t, link2)
	if got := strings.Join(resultNames(both), ","); got != "broadband-coverage" {
		t.Fatalf("after groups=economy: %s", got)
	}
	// The active filter's remove link widens again.
	rm := regexp.MustCompile(`<a class="badge" href="([^"]*)" aria-label="นำตัวกรอง เศรษฐกิจ ออก">`).FindStringSubmatch(both)
	if rm == nil {
		t.Fatalf("no remove link for the group filter")
	}
	if got := resultNames(e.mustGet(t, html.UnescapeString(rm[1]))); len(got) != 2 {
		t.Fatalf("after removing the group filter: %v", got)
	}
	// Organisation and framework facets filter by name; a private dataset never counts.
	if got := resultNames(e.mustGet(t, facetLink(t, all, "organization", "สำนักงานสถิติแห่งชาติ"))); len(got) != 2 {
		t.Fatalf("organization=nso: %v", got)
	}
	for _, q := range []string{"framework=WDCR", "province=%E0%B8%81%E0%B8%A3%E0%B8%B8%E0%B8%87%E0%B9%80%E0%B8%97%E0%B8%9E%E0%B8%A1%E0%B8%AB%E0%B8%B2%E0%B8%99%E0%B8%84%E0%B8%A3", "res_format=CSV&license_id=cc-by"} {
		got := resultNames(e.mustGet(t, "/dataset?"+q))
		if len(got) == 0 || got[0] != "internet-users" && got[0] != "evil-title" {
			t.Fatalf("%s: %v", q, got)
		}
	}
	// A value with a quote is a filter, not a syntax error.
	if w := e.get(t, `/dataset?tags=a"b`); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "พบ 0 ชุดข้อมูล") {
		t.Fatalf("quoted tag: %d", w.Code)
	}
}

func TestThaiQueryHighlights(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	body := e.mustGet(t, "/dataset?q="+url.QueryEscape("อินเทอร์เน็ต"))
	if got := resultNames(body); len(got) != 1 || got[0] != "internet-users" {
		t.Fatalf("Thai query found %v", got)
	}
	if !strings.Contains(body, "ผู้ใช้<mark>อินเทอร์เน็ต</mark>") {
		t.Fatalf("match not marked in the title")
	}
	en := e.mustGet(t, "/dataset?lang=en&q=Internet")
	if !strings.Contains(en, "<mark>Internet</mark> users") {
		t.Fatalf("English match not marked")
	}
	// A query that is markup is shown as text, marked or not.
	evil := e.mustGet(t, "/dataset?q="+url.QueryEscape(`<script>alert(1)</script>`))
	if strings.Contains(evil, "<script>alert(1)") {
		t.Fatalf("query echoed unescaped")
	}
}

func TestLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cases := []struct {
		name, header, path, want string
	}{
		{"default is Thai", "", "/about", `<html lang="th">`},
		{"Accept-Language English", "Accept-Language: en-US,en;q=0.9", "/about", `<html lang="en">`},
		{"Accept-Language prefers Thai", "Accept-Language: en;q=0.5, th-TH", "/about", `<html lang="th">`},
		{"Accept-Language other", "Accept-Language: fr", "/about", `<html lang="th">`},
		{"cookie beats Accept-Language", "Cookie: lang=en", "/about", `<html lang="en">`},
		{"query beats cookie", "Cookie: lang=en", "/about?lang=th", `<html lang="th">`},
		{"English dates are Common Era", "Accept-Language: en", "/dataset/internet-users", "6 Mar 2025"},
		{"Thai dates are Buddhist Era", "Accept-Language: th", "/dataset/internet-users", "6 มี.ค. 2568"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var hs []string
			if tc.header != "" {
				hs = append(hs, tc.header)
			}
			if body := e.mustGet(t, tc.path, hs...); !strings.Contains(body, tc.want) {
				t.Fatalf("GET %s with %q lacks %q", tc.path, tc.header, tc.want)
			}
		})
	}

	w := e.get(t, "/dataset?lang=en&q=internet")
	c := w.Result().Cookies()
	if len(c) != 1 || c[0].Name != "lang" || c[0].Value != "en" || !c[0].HttpOnly || c[0].SameSite != http.SameSiteLaxMode || c[0].Path != "/" {
		t.Fatalf("language cookie %+v", c)
	}
	body := w.Body.String()
	if !strings.Contains(body, `<a class="langswitch" href="/dataset?lang=th&amp;q=internet"`) {
		t.Fatalf("the switch does not lead to the Thai page")
	}
	if !strings.Contains(body, `<link rel="canonical" href="http://data.example.org/dataset?q=internet">`) {
		t.Fatalf("canonical keeps lang")
	}
	if v := w.Header().Get("Vary"); !strings.Contains(v, "Accept-Language") || !strings.Contains(v, "Cookie") {
		t.Fatalf("Vary %q", v)
	}
	if got := e.get(t, "/about", "Accept-Language: en").Result().Cookies(); len(got) != 0 {
		t.Fatalf("cookie set without a choice: %v", got)
	}
}

func TestSitemapAndRobots(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, hs := range [][]string{nil, {member}} {
		w := e.get(t, "/sitemap.xml", hs...)
		body := w.Body.String()
		if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/xml") {
			t.Fatalf("sitemap: %d %s", w.Code, w.Header().Get("Content-Type"))
		}
		for _, s := range []string{"<loc>http://data.example.org/dataset/internet-users</loc>", "<loc>http://data.example.org/organization/nso</loc>",
			"<loc>http://data.example.org/group/society</loc>", "<loc>http://data.example.org/</loc>", "/dataset/evil-title"} {
			if !strings.Contains(body, s) {
				t.Errorf("sitemap lacks %s", s)
			}
		}
		for _, s := range []string{"secret-survey", "draft-plan", "removed-dataset"} {
			if strings.Contains(body, s) {
				t.Errorf("sitemap lists %s", s)
			}
		}
		if n := strings.Count(body, "<url>"); n != 5+4+4 {
			t.Errorf("sitemap has %d URLs, want 13", n)
		}
	}
	robots := e.mustGet(t, "/robots.txt")
	if !strings.Contains(robots, "Sitemap: http://data.example.org/sitemap.xml") || !strings.Contains(robots, "Disallow: /api/") {
		t.Fatalf("robots.txt:\n%s", robots)
	}
}

// TestEscaping shows a dataset titled with markup as text on every page that names it,
// and as a JSON string in its JSON-LD.
func TestEscaping(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, path := range []string{"/", "/dataset", "/dataset?q=script", "/dataset/evil-title", "/dataset/evil-title?lang=en",
		"/dataset/evil-title/resource/" + e.ids[evilTitle], "/organization/depa", "/dataset?tags=escape"} {
		body := e.mustGet(t, path)
		if strings.Contains(body, "<script>alert") || strings.Contains(body, "</script><script>") {
			t.Errorf("%s: the title reached the page as markup", path)
		}
		if !strings.Contains(body, "alert(1)") {
			t.Errorf("%s: the title is not shown at all", path)
		}
	}
	body := e.mustGet(t, "/dataset/evil-title")
	m := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no JSON-LD")
	}
	var ld map[string]any
	if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, m[1])
	}
	if ld["name"] != evilTitle || ld["@type"] != "Dataset" {
		t.Fatalf("JSON-LD name %q type %v", ld["name"], ld["@type"])
	}
	if !strings.Contains(body, "<title>"+html.EscapeString(evilTitle)+" · คลังข้อมูล</title>") {
		t.Fatalf("title element not escaped as text")
	}
}

var attrRe = regexp.MustCompile(`\b(src|href|action)="([^"]*)"`)

// TestNoExternalURLs checks that every src, href and form action of every page is
// relative or on the site, so no page loads or links anything from another host.
func TestNoExternalURLs(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	paths := []string{"/", "/dataset", "/dataset?tags=internet&lang=en", "/dataset/internet-users", "/dataset/ecommerce-value",
		"/dataset/broadband-coverage", "/dataset/evil-title", "/dataset/internet-users/resource/" + e.ids["observations"],
		"/dataset/internet-users/resource/" + e.ids["landing"], "/organization", "/organization/nso", "/group", "/group/society",
		"/about", "/missing"}
	for _, p := range paths {
		w := e.get(t, p)
		body := w.Body.String()
		n := 0
		for _, m := range attrRe.FindAllStringSubmatch(body, -1) {
			u := html.UnescapeString(m[2])
			n++
			if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") || strings.HasPrefix(u, "#") || strings.HasPrefix(u, siteURL+"/") {
				continue
			}
			t.Errorf("%s: %s=%q leaves the site", p, m[1], u)
		}
		if n < 10 {
			t.Errorf("%s: only %d links checked", p, n)
		}
		if strings.Contains(body, "<iframe") || strings.Contains(body, "@import") {
			t.Errorf("%s: loads an embedded document", p)
		}
	}
	css := e.mustGet(t, "/static/style.css")
	if strings.Contains(css, "url(") || strings.Contains(css, "@import") || strings.Contains(css, "@font-face") {
		t.Fatalf("the stylesheet loads something")
	}
}

func TestStaticCaching(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	home := e.mustGet(t, "/")
	m := regexp.MustCompile(`<link rel="stylesheet" href="(/static/style\.css\?v=([0-9a-f]+))">`).FindStringSubmatch(home)
	if m == nil {
		t.Fatal("no versioned stylesheet link")
	}
	w := e.get(t, m[1])
	etag := w.Header().Get("ETag")
	if w.Code != 200 || etag != `"`+m[2]+`"` || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/css") {
		t.Fatalf("stylesheet: %d etag %q type %q", w.Code, etag, w.Header().Get("Content-Type"))
	}
	if cc := w.Header().Get("Cache-Control"); !strings.Contains(cc, "immutable") {
		t.Fatalf("versioned Cache-Control %q", cc)
	}
	if cc := e.get(t, "/static/style.css").Header().Get("Cache-Control"); strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age") {
		t.Fatalf("unversioned Cache-Control %q", cc)
	}
	nm := e.get(t, "/static/style.css", "If-None-Match: "+etag)
	if nm.Code != http.StatusNotModified || nm.Body.Len() != 0 {
		t.Fatalf("If-None-Match: %d with %d bytes", nm.Code, nm.Body.Len())
	}
	if other := e.get(t, "/static/style.css", `If-None-Match: "stale"`); other.Code != 200 {
		t.Fatalf("stale ETag: %d", other.Code)
	}
	if w := e.get(t, "/static/icon.svg"); w.Code != 200 || w.Header().Get("Content-Type") != "image/svg+xml" {
		t.Fatalf("icon: %d", w.Code)
	}
}

func TestPreviewFilterAndPaging(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	page3 := e.mustGet(t, "/dataset/internet-users?preview_page=3")
	if !strings.Contains(page3, "แถว 41–45 จาก 45") || !strings.Contains(page3, `<td class="num">2024</td>`) || strings.Contains(page3, `<td class="num">1980</td>`) {
		t.Fatalf("third preview page is wrong")
	}
	filtered := e.mustGet(t, "/dataset/internet-users?filter_col=area&filter_val=LA")
	if !strings.Contains(filtered, "แถว 1–20 จาก 22") || strings.Contains(filtered, "<td>TH</td>") {
		t.Fatalf("filter area=LA not applied")
	}
	if !strings.Contains(filtered, `preview_page=2`) || !strings.Contains(filtered, "filter_col=area&amp;filter_val=LA&amp;preview_page=2") {
		t.Fatalf("paging drops the filter")
	}
	if !strings.Contains(filtered, `<option value="area" selected>`) {
		t.Fatalf("the filter column is not kept in the form")
	}
	bad := e.mustGet(t, "/dataset/internet-users/resource/"+e.ids["observations"]+"?filter_col=nope&filter_val=1")
	if !strings.Contains(bad, `role="alert"`) || !strings.Contains(bad, `<option value="year">`) {
		t.Fatalf("an unknown column is not reported, or the columns are lost")
	}
}

func TestMetadataAndRedirects(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, ext := range []string{"ttl", "rdf", "jsonld"} {
		w := e.get(t, "/dataset/internet-users."+ext)
		if w.Code != 200 || w.Body.String() != "# dcat internet-users" {
			t.Fatalf(".%s: %d %q", ext, w.Code, w.Body.String())
		}
	}
	if got := strings.Join(e.export.calls, ","); got != "internet-users ttl,internet-users rdf,internet-users jsonld" {
		t.Fatalf("exporter calls %s", got)
	}
	w := e.get(t, "/dataset/internet-users/resource/"+e.ids["landing"]+"/go")
	if w.Code != http.StatusFound || w.Header().Get("Location") != "https://www.nso.go.th/internet" {
		t.Fatalf("go to a link resource: %d %q", w.Code, w.Header().Get("Location"))
	}
	w = e.get(t, "/dataset/internet-users/resource/"+e.ids["observations"]+"/go")
	if w.Code != http.StatusFound || !strings.HasSuffix(w.Header().Get("Location"), "/download/observations.csv") {
		t.Fatalf("go to an upload: %d %q", w.Code, w.Header().Get("Location"))
	}
	if w := e.get(t, "/dataset/secret-survey/resource/"+e.ids["secret"]+"/go"); w.Code != http.StatusNotFound {
		t.Fatalf("go to a private resource: %d", w.Code)
	}
}
