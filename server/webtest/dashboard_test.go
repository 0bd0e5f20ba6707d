package webtest

import (
	"bytes"
	"context"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/datastore"
	"github.com/khlang/khlang/charts"
)

var update = flag.Bool("update", false, "rewrite docs/screenshots/*.png")

// minInk is the fewest drawn pixels a chart's canvas must have: axes and labels alone
// come to thousands, an empty canvas to none.
const minInk = 1500

// dashboardPaths are the dashboards the index must link to: one per data source, and
// one per framework the charts package draws.
func dashboardPaths(t *testing.T) []string {
	paths := []string{"/dashboard/village-funds", "/dashboard/census", "/dashboard/registry",
		"/dashboard/e-office", "/dashboard/digital-content"}
	codes := map[string]string{"WDCR": "wdcr", "ADIX": "adix", "OECD-GD": "oecd", "TH-PLAN": "th-plan"}
	for _, f := range charts.Frameworks() {
		code, ok := codes[f]
		if !ok {
			t.Fatalf("framework %s has a dashboard this test does not know: add its path", f)
		}
		paths = append(paths, "/dashboard/framework/"+code)
	}
	return paths
}

// TestDashboards opens every dashboard from the index and checks that each chart's
// canvas is drawn, in Thai and in English, with the script from the app itself.
func TestDashboards(t *testing.T) {
	env := Shared(t)
	tab := env.NewTab(t)
	if st := tab.Go("/dashboard"); st != 200 {
		t.Fatalf("/dashboard: %d", st)
	}
	links := Eval[[]string](tab, `Array.from(document.querySelectorAll('main ul.cards a')).map(a => a.getAttribute('href'))`)
	want := dashboardPaths(t)
	if !slices.Equal(sorted(links), sorted(want)) {
		t.Fatalf("the index links to %q, want %q", links, want)
	}
	for _, lang := range []string{"th", "en"} {
		for _, path := range want {
			t.Run(lang+path, func(t *testing.T) {
				tab := tab.For(t)
				if st := tab.Go(path + "?lang=" + lang); st != 200 {
					t.Fatalf("%d", st)
				}
				figures := tab.Count("figure.khlang-chart")
				if figures == 0 {
					t.Fatalf("no charts; the page says: %s", tab.Text("main"))
				}
				ink := tab.CanvasInk(minInk)
				if len(ink) < figures {
					t.Fatalf("%d charts but %d canvases (ink %v)", figures, len(ink), ink)
				}
				for i, n := range ink {
					if n < minInk {
						t.Errorf("canvas %d of %d has %d drawn pixels", i+1, len(ink), n)
					}
				}
				// Every chart has its table for screen readers and a data link.
				if n := tab.Count("figure.khlang-chart table"); n != figures {
					t.Errorf("%d of %d charts have a table", n, figures)
				}
			})
		}
	}
	if !slices.ContainsFunc(tab.Requests(), func(u string) bool { return strings.HasSuffix(u, "/assets/echarts.min.js") }) {
		t.Error("the dashboards did not load the app's own ECharts")
	}
}

// TestIndicatorChart checks the chart of a TDDC dataset page.
func TestIndicatorChart(t *testing.T) {
	tab := Shared(t).NewTab(t)
	if st := tab.Go("/dataset/tddc-oecd-use-001"); st != 200 {
		t.Fatalf("%d", st)
	}
	if n := tab.Count("figure.khlang-chart"); n != 1 {
		t.Fatalf("%d charts on the indicator's page", n)
	}
	if ink := tab.CanvasInk(minInk); len(ink) != 1 || ink[0] < minInk {
		t.Errorf("indicator chart drawn pixels: %v", ink)
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// TestScreenshots takes the README's screenshots: a PNG of the viewport of the home page,
// a Thai search, a dataset and two dashboards. With -update they are written to
// docs/screenshots; without, each is only checked to be a PNG of the viewport's size.
func TestScreenshots(t *testing.T) {
	tab := Shared(t).NewTab(t)
	dir := filepath.Join("..", "..", "docs", "screenshots")
	for _, s := range []struct {
		file, path string
		charts     bool
	}{
		{"home.png", "/", false},
		{"search-thai.png", "/dataset?q=" + "ผู้ใช้อินเทอร์เน็ต", false},
		{"dataset.png", "/dataset/tddc-oecd-use-001", true},
		{"dashboard-village-funds.png", "/dashboard/village-funds", true},
		{"dashboard-framework-wdcr.png", "/dashboard/framework/wdcr", true},
	} {
		t.Run(s.file, func(t *testing.T) {
			tab := tab.For(t)
			if st := tab.Go(s.path); st != 200 {
				t.Fatalf("%s: %d", s.path, st)
			}
			if s.charts && *update {
				tab.CanvasInk(minInk)
				// ECharts animates its first drawing; the picture waits for the end.
				Eval[bool](tab, `new Promise(r => setTimeout(() => r(true), 1200))`)
			}
			shot := tab.Screenshot()
			img, err := png.Decode(bytes.NewReader(shot))
			if err != nil {
				t.Fatalf("not a PNG: %v", err)
			}
			if b := img.Bounds(); b.Dx() != ViewportWidth || b.Dy() != ViewportHeight {
				t.Errorf("screenshot is %v, want %dx%d", b, ViewportWidth, ViewportHeight)
			}
			if !*update {
				return
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, s.file), shot, 0o644); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// crafted is a title that would run a script if any page put it into HTML or a script
// without escaping.
const crafted = `</script><script>alert(1)</script>`

// TestCraftedTitleStaysText publishes a dataset whose title and notes are a script and
// whose indicator table carries one too, then opens its page, a search for it and its
// chart: the text shows as typed and no dialog opens (the tab fails the test on one).
func TestCraftedTitleStaysText(t *testing.T) {
	env := Shared(t)
	ctx := context.Background()
	app := env.App
	ds := &catalog.Dataset{Name: "crafted-title-" + strings.ToLower(uuid.NewString()[:8]), Title: crafted, TitleEN: crafted,
		Notes: crafted + " <img src=x onerror=alert(2)>", Indicator: catalog.Indicator{IndicatorCode: "TDDC-X-99"},
		Resources: []catalog.Resource{{ID: uuid.NewString(), Name: "crafted.csv", URL: "crafted.csv", URLType: "upload", Format: "CSV"}}}
	if err := app.Store.CreateDataset(ctx, ds); err != nil {
		t.Fatal(err)
	}
	// The other tests (and the screenshots) see the sample catalog as it is.
	t.Cleanup(func() {
		if err := app.Store.PurgeDataset(ctx, ds.ID); err != nil {
			t.Error(err)
		}
		if err := app.Index.Sync(ctx, app.Store); err != nil {
			t.Error(err)
		}
	})
	csv := "indicator_code,ref_area,time_period,breakdown,breakdown_value,breakdown_label_th,breakdown_label_en,obs_value,unit_measure,unit_mult,obs_status\n" +
		"TDDC-X-99,THA,2022,SEX,_T,ยอดรวม,Total,1,PT,0,A\n" +
		"TDDC-X-99,THA,2023,SEX,_T,ยอดรวม,Total,3,PT,0,A\n" +
		"TDDC-X-99,THA,2023,SEX,M,</script><script>alert(3)</script>,</script><script>alert(3)</script>,2,PT,0,A\n" +
		"TDDC-X-99,THA,2022,SEX,M,</script><script>alert(3)</script>,</script><script>alert(3)</script>,1,PT,0,A\n"
	rid := ds.Resources[0].ID
	if _, err := app.DataStore.Load(ctx, rid, strings.NewReader(csv), "crafted.csv", datastore.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := app.Store.SetDatastoreActive(ctx, rid, true); err != nil {
		t.Fatal(err)
	}
	if err := app.Index.Sync(ctx, app.Store); err != nil {
		t.Fatal(err)
	}

	tab := env.NewTab(t)
	for _, lang := range []string{"th", "en"} {
		if st := tab.Go("/dataset/" + ds.Name + "?lang=" + lang); st != 200 {
			t.Fatalf("dataset page: %d", st)
		}
		if h1 := tab.Text("h1"); h1 != crafted {
			t.Errorf("%s: h1 reads %q", lang, h1)
		}
		if caption := tab.Text("figure.khlang-chart figcaption"); !strings.Contains(caption, crafted) {
			t.Errorf("%s: chart caption reads %q", lang, caption)
		}
		if ink := tab.CanvasInk(minInk); len(ink) != 1 || ink[0] < minInk {
			t.Errorf("%s: the crafted chart is not drawn: %v", lang, ink)
		}
		if n := tab.Count(`img[src="x"], img[onerror]`); n != 0 {
			t.Errorf("%s: the notes' image tag became an element", lang)
		}
	}
	if st := tab.Go("/dataset?q=alert"); st != 200 {
		t.Fatalf("search: %d", st)
	}
	if titles := tab.Text("ul.results"); !strings.Contains(titles, crafted) {
		t.Errorf("search results do not show the title as text:\n%s", titles)
	}
	if n := tab.Count("ul.results script"); n != 0 {
		t.Errorf("%d scripts in the results", n)
	}
	if d := tab.Dialogs(); len(d) > 0 {
		t.Errorf("dialogs opened: %q", d)
	}
}
