package charts

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/khlang/khlang/catalog"
)

func setup(t *testing.T) (*env, map[string]*catalog.Dataset) {
	t.Helper()
	e := newEnv(t)
	return e, loadFixtures(t, e)
}

func TestDashboardsGolden(t *testing.T) {
	e, datasets := setup(t)
	ctx := context.Background()
	pages := []struct {
		name  string
		build func(lang string) (*Page, error)
	}{
		{"village_funds", func(l string) (*Page, error) { return e.d.VillageFunds(ctx, l) }},
		{"census", func(l string) (*Page, error) { return e.d.Census(ctx, l) }},
		{"registry", func(l string) (*Page, error) { return e.d.Registry(ctx, l) }},
		{"eoffice", func(l string) (*Page, error) { return e.d.EOffice(ctx, l) }},
		{"digital_content", func(l string) (*Page, error) { return e.d.DigitalContent(ctx, l) }},
		{"framework_wdcr", func(l string) (*Page, error) { return e.d.Framework(ctx, "WDCR", l) }},
		{"framework_oecd", func(l string) (*Page, error) { return e.d.Framework(ctx, "oecd-gd", l) }},
		{"indicator_peers", func(l string) (*Page, error) {
			c, err := e.d.Indicator(ctx, datasets["tddc-wdcr-00-01"], l)
			return &Page{Title: "indicator", Lang: l, Charts: []*Chart{c}}, err
		}},
		{"indicator_breakdown", func(l string) (*Page, error) {
			c, err := e.d.Indicator(ctx, datasets["tddc-wdcr-k1-01-sex"], l)
			return &Page{Title: "indicator", Lang: l, Charts: []*Chart{c}}, err
		}},
	}
	for _, p := range pages {
		for _, lang := range []string{LangTH, LangEN} {
			t.Run(p.name+"_"+lang, func(t *testing.T) {
				page, err := p.build(lang)
				if err != nil {
					t.Fatal(err)
				}
				if len(page.Charts) == 0 {
					t.Fatal("no charts")
				}
				golden(t, p.name+"_"+lang+".golden", dump(page))
			})
		}
	}
}

// TestDashboardFigures checks numbers a broken aggregation would change, independently
// of the golden files.
func TestDashboardFigures(t *testing.T) {
	e, datasets := setup(t)
	ctx := context.Background()
	find := func(t *testing.T, p *Page, id string) *Chart {
		t.Helper()
		for _, c := range p.Charts {
			if c.ID == id {
				return c
			}
		}
		t.Fatalf("no chart %s in %q", id, p.Title)
		return nil
	}
	rows := func(c *Chart) map[string][]string {
		m := map[string][]string{}
		for _, r := range c.Table.Rows {
			m[r[0]] = r[1:]
		}
		return m
	}
	t.Run("village funds", func(t *testing.T) {
		p, err := e.d.VillageFunds(ctx, LangEN)
		if err != nil {
			t.Fatal(err)
		}
		byProvince := find(t, p, "village_funds_by_province")
		if got := byProvince.Table.Rows[0]; got[0] != "Nakhon Ratchasima" || got[1] != "4" {
			t.Errorf("largest province = %v, want Nakhon Ratchasima with 4 funds", got)
		}
		if byProvince.Note != "9 funds in total" {
			t.Errorf("note = %q", byProvince.Note)
		}
		alloc := rows(find(t, p, "village_funds_sml_allocation"))
		// Northeast: S 200,000 × 2, M 300,000, L 400,000 → 0.4, 0.3, 0.4 million THB.
		if got := strings.Join(alloc["Northeast"], " "); got != "0.4 0.3 0.4" {
			t.Errorf("Northeast allocation by S M L = %q", got)
		}
		if got := rows(find(t, p, "village_fund_products_by_category"))["Food"]; got[0] != "2" {
			t.Errorf("food products = %v", got)
		}
	})
	t.Run("census pyramid", func(t *testing.T) {
		p, err := e.d.Census(ctx, LangEN)
		if err != nil {
			t.Fatal(err)
		}
		pyr := find(t, p, "census_population_pyramid")
		if pyr.Table.Rows[0][0] != "100+" || pyr.Table.Rows[len(pyr.Table.Rows)-1][0] != "0-4" {
			t.Errorf("age groups not oldest first: %v", pyr.Table.Rows)
		}
		if got := rows(pyr)["0-4"]; got[0] != "140" || got[1] != "133" {
			t.Errorf("0-4 male, female = %v, want 140, 133", got)
		}
		if !strings.Contains(pyr.Option, "-140") {
			t.Error("male bars are not drawn to the left (negative)")
		}
	})
	t.Run("framework", func(t *testing.T) {
		p, err := e.d.Framework(ctx, "WDCR", LangEN)
		if err != nil {
			t.Fatal(err)
		}
		groups := rows(find(t, p, "framework_indicators_by_group"))
		if groups["Overall"][0] != "2" || groups["Knowledge"][0] != "2" || len(groups) != 2 {
			t.Errorf("indicators by group = %v (the breakdown and the OECD indicator must not count)", groups)
		}
		ranks := find(t, p, "framework_ranks")
		if len(ranks.Table.Headers) != 3 || !strings.Contains(ranks.Option, `"inverse": true`) && !strings.Contains(ranks.Option, `"inverse":true`) {
			t.Errorf("ranks: headers %v, option inverse missing", ranks.Table.Headers)
		}
		peers := find(t, p, "framework_asean_peers")
		if got := rows(peers)["2024"]; strings.Join(got, " ") != "37 1" {
			t.Errorf("2024 Thailand, Singapore ranks = %v", got)
		}
		if got := rows(find(t, p, "framework_percentages"))["Internet users (2022–2024)"]; strings.Join(got, " ") != "80.1 88.4" {
			t.Errorf("first and latest = %v", got)
		}
	})
	t.Run("no table", func(t *testing.T) {
		ds := *datasets["tddc-wdcr-00-01"]
		ds.ID, ds.Resources = "no-such-dataset", nil
		if _, err := e.d.Indicator(ctx, &ds, LangTH); !errors.Is(err, ErrNoData) {
			t.Errorf("err = %v, want ErrNoData", err)
		}
		if _, err := e.d.Framework(ctx, "NOPE", LangTH); !errors.Is(err, ErrNoData) {
			t.Errorf("unknown framework: err = %v, want ErrNoData", err)
		}
	})
}

func TestCachePerDataVersion(t *testing.T) {
	e, _ := setup(t)
	ctx := context.Background()
	first, err := e.d.DigitalContent(ctx, LangTH)
	if err != nil {
		t.Fatal(err)
	}
	again, err := e.d.DigitalContent(ctx, LangTH)
	if err != nil {
		t.Fatal(err)
	}
	if again != first {
		t.Error("the second call recomputed the dashboard at the same data version")
	}
	en, err := e.d.DigitalContent(ctx, LangEN)
	if err != nil || en == first {
		t.Fatalf("English page shares the Thai one (err %v)", err)
	}
	// Any catalog change moves the data version.
	ds, err := e.store.Dataset(ctx, digitalContentDataset)
	if err != nil {
		t.Fatal(err)
	}
	ds.Title = "ดิจิทัลคอนเทนต์ (แก้ไข)"
	if err := e.store.UpdateDataset(ctx, ds); err != nil {
		t.Fatal(err)
	}
	after, err := e.d.DigitalContent(ctx, LangTH)
	if err != nil {
		t.Fatal(err)
	}
	if after == first {
		t.Error("the dashboard was not recomputed after a catalog change")
	}
	e.d.Invalidate()
	if again, _ := e.d.DigitalContent(ctx, LangTH); again == after {
		t.Error("Invalidate kept the cached dashboard")
	}
}

func TestConcurrentCallersShareOneBuild(t *testing.T) {
	e, _ := setup(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	pages := make([]*Page, 8)
	for i := range pages {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := e.d.Registry(ctx, LangTH)
			if err != nil {
				t.Error(err)
			}
			pages[i] = p
		}()
	}
	wg.Wait()
	for _, p := range pages[1:] {
		if p != pages[0] {
			t.Fatal("concurrent callers got different pages at one data version")
		}
	}
}
