package webtest

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// countOf reads the number of datasets from the search page's status line
// ("พบ 4 ชุดข้อมูล…", "4 datasets found…").
func countOf(t *testing.T, status string) int {
	t.Helper()
	m := regexp.MustCompile(`[0-9][0-9,]*`).FindString(status)
	n, err := strconv.Atoi(strings.ReplaceAll(m, ",", ""))
	if err != nil {
		t.Fatalf("no count in the status %q", status)
	}
	return n
}

// TestReader follows a reader through the catalog as a person would, by typing and
// clicking: a Thai search from the home page, a facet, a dataset, its preview's pages,
// and the language switch.
func TestReader(t *testing.T) {
	tab := Shared(t).NewTab(t)
	if st := tab.Go("/"); st != 200 {
		t.Fatalf("home: %d", st)
	}
	if lang := tab.Attr("html", "lang"); lang != "th" {
		t.Errorf("a Thai browser gets lang=%q", lang)
	}

	// Search in Thai from the home page's box.
	const q = "สำมะโนประชากร"
	tab.Fill("#q", q)
	if st := tab.Submit("#q"); st != 200 {
		t.Fatalf("search: %d", st)
	}
	u, _ := url.Parse(tab.URL())
	if u.Path != "/dataset" || u.Query().Get("q") != q {
		t.Fatalf("search went to %s", u)
	}
	all := countOf(t, tab.Text(`[role="status"]`))
	if n := tab.Count("ul.results > li"); all < 2 || n != min(all, 20) {
		t.Fatalf("Thai search %q: status says %d, page lists %d", q, all, n)
	}
	titles := tab.Text("ul.results")
	if !strings.Contains(titles, "สำมะโนประชากร") {
		t.Errorf("results do not mention the census:\n%s", titles)
	}
	if marks := tab.Count("ul.results mark"); marks == 0 {
		t.Error("the query is not highlighted in the results")
	}

	// Apply a facet: the first format (every census table has one).
	facet := `section[aria-labelledby="facet-res_format"] li:first-child a`
	label := tab.Text(facet + " span:first-child")
	facetCount, _ := strconv.Atoi(tab.Text(facet + " .count"))
	if st := tab.Click(facet); st != 200 {
		t.Fatalf("facet: %d", st)
	}
	u, _ = url.Parse(tab.URL())
	if u.Query().Get("res_format") != label || u.Query().Get("q") != q {
		t.Errorf("facet %q went to %s", label, u)
	}
	if got := countOf(t, tab.Text(`[role="status"]`)); got != facetCount || got > all {
		t.Errorf("after the facet: %d datasets, the facet said %d (of %d)", got, facetCount, all)
	}
	if active := tab.Text("ul.active-filters"); !strings.Contains(active, label) {
		t.Errorf("active filters %q do not show %q", active, label)
	}
	if n := tab.Count(facet + `[aria-current="true"]`); n != 1 {
		t.Error("the applied facet is not marked current")
	}

	// Open the dataset that holds households by province (77 rows: four preview pages).
	link := `ul.results a[href="/dataset/census-2025-households-by-province"]`
	if tab.Count(link) != 1 {
		t.Fatalf("the households table is not among the results:\n%s", tab.Text("ul.results"))
	}
	title := tab.Text(link)
	if st := tab.Click(link); st != 200 {
		t.Fatalf("dataset: %d", st)
	}
	if h1 := tab.Text("h1"); !strings.HasPrefix(h1, title) {
		t.Errorf("dataset page h1 %q, the result said %q", h1, title)
	}
	if n := tab.Count("ul.resources > li"); n == 0 {
		t.Error("no resources listed")
	}

	// Page the preview forward and back.
	rows := tab.Count("table.preview tbody tr")
	first := tab.Text("table.preview tbody tr:first-child")
	if rows != 20 {
		t.Fatalf("preview shows %d rows, want 20", rows)
	}
	if st := tab.Click(`#preview nav.pages a[rel="next"]`); st != 200 {
		t.Fatalf("preview page 2: %d", st)
	}
	if !strings.Contains(tab.URL(), "preview_page=2") {
		t.Errorf("preview page 2 at %s", tab.URL())
	}
	if s := tab.Text(`#preview nav.pages [aria-current="page"]`); !strings.Contains(s, "2") {
		t.Errorf("pager says %q on page 2", s)
	}
	second := tab.Text("table.preview tbody tr:first-child")
	if second == first || tab.Count("table.preview tbody tr") != 20 {
		t.Errorf("page 2 starts with %q, page 1 with %q", second, first)
	}
	if m := tab.Text("#preview p.muted:nth-of-type(2)"); !strings.Contains(m, "21") {
		t.Errorf("page 2 rows line %q", m)
	}
	tab.Click(`#preview nav.pages a[rel="prev"]`)
	if back := tab.Text("table.preview tbody tr:first-child"); back != first {
		t.Errorf("back on page 1: %q, was %q", back, first)
	}

	// Switch to English: the page, and the next ones (remembered in a cookie).
	thTitle := tab.Text("h1")
	if st := tab.Click("a.langswitch"); st != 200 {
		t.Fatalf("switch language: %d", st)
	}
	if lang := tab.Attr("html", "lang"); lang != "en" {
		t.Fatalf("after the switch lang=%q", lang)
	}
	if enTitle := tab.Text("h1"); enTitle == thTitle || !regexp.MustCompile(`[A-Za-z]`).MatchString(enTitle) {
		t.Errorf("English title %q (Thai %q)", enTitle, thTitle)
	}
	tab.Click(`nav.main a[href="/dataset"]`)
	if lang := tab.Attr("html", "lang"); lang != "en" || !strings.Contains(tab.Text(`[role="status"]`), "dataset") {
		t.Errorf("the next page is lang=%q: %q", lang, tab.Text(`[role="status"]`))
	}
	tab.Click("a.langswitch")
	if lang := tab.Attr("html", "lang"); lang != "th" {
		t.Errorf("switched back: lang=%q", lang)
	}
}
