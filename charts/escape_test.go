package charts

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/khlang/khlang/catalog"
)

const crafted = `</script><script>alert(1)</script>`

func TestCatalogStringsCannotEscapeTheScript(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	// go-echarts turns "__f__"-marked strings into raw JavaScript after encoding.
	const craftedEN = `__f__alert(2)__f__ ` + crafted + ` "quoted" <!-- x`
	ds := e.dataset(t, &catalog.Dataset{Name: "crafted", Title: crafted, TitleEN: craftedEN,
		Indicator: catalog.Indicator{IndicatorCode: "TDDC-X-01"}},
		[2]string{"crafted.csv", tddcHeader +
			"TDDC-X-01,THA,2023,SEX,_T,ยอดรวม,Total,1,PT,0,A\n" +
			"TDDC-X-01,THA,2023,SEX,M,</script><b>x,</script><b>x,2,PT,0,A\n"})
	for _, lang := range []string{LangTH, LangEN} {
		t.Run(lang, func(t *testing.T) {
			c, err := e.d.Indicator(ctx, ds, lang)
			if err != nil {
				t.Fatal(err)
			}
			script := strings.ToLower(string(c.Script))
			if n := strings.Count(script, "</script"); n != 1 || !strings.HasSuffix(strings.TrimSpace(script), "</script>") {
				t.Errorf("the snippet has %d </script> (want only its own closing tag):\n%s", n, c.Script)
			}
			for _, bad := range []string{"<script>alert", "<b>", "<!--"} {
				if strings.Contains(script, bad) || strings.Contains(string(c.Element), bad) {
					t.Errorf("the snippet contains raw %q", bad)
				}
			}
			// The text still reads the same, with lookalike brackets.
			if !strings.Contains(c.Option, "\uFF1C/script\uFF1E\uFF1Cscript\uFF1Ealert(1)") {
				t.Errorf("the title is missing from the option as text: %s", c.Option)
			}
			// The title and table keep the original text; the page template escapes it.
			if c.Title != pick(lang, crafted, craftedEN) {
				t.Errorf("title = %q", c.Title)
			}
			// The option is still plain JSON: no string was cut short by go-echarts.
			var opt struct {
				Title struct {
					Text string `json:"text"`
				} `json:"title"`
			}
			if err := json.Unmarshal([]byte(strings.TrimSuffix(strings.TrimSpace(c.Option), ";")), &opt); err != nil {
				t.Fatalf("option is not JSON any more: %v\n%s", err, c.Option)
			}
			if opt.Title.Text != safeText(c.Title) || strings.Contains(opt.Title.Text, "__f__") {
				t.Errorf("option title = %q", opt.Title.Text)
			}
			// And the script passes the title to ECharts as one whole JSON string.
			var quoted bytes.Buffer
			enc := json.NewEncoder(&quoted)
			enc.SetEscapeHTML(false)
			_ = enc.Encode(safeText(c.Title))
			if want := `"text":` + strings.TrimSpace(quoted.String()); !strings.Contains(string(c.Script), want) {
				t.Errorf("the script does not carry the title as a string %s:\n%s", want, c.Script)
			}
			page := renderHTML(t, &Page{Title: c.Title, Lang: lang, Charts: []*Chart{c}})
			scripts := 0
			for _, el := range parseHTML(t, page) {
				if el.tag == "script" {
					scripts++
					if strings.Contains(el.text, "alert(1)") && !strings.Contains(el.text, "\uFF1C") {
						t.Errorf("a script runs the crafted title: %q", el.text)
					}
				}
				if el.tag == "b" {
					t.Error("a crafted <b> became an element")
				}
			}
			if scripts != 2 { // echarts.min.js and the chart's own script
				t.Errorf("%d script elements, want 2", scripts)
			}
			if !strings.Contains(page, "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;") {
				t.Error("the caption does not show the crafted title as escaped text")
			}
		})
	}
}

func TestSnippetIsWellFormedHTML(t *testing.T) {
	e, _ := setup(t)
	ctx := context.Background()
	p, err := e.d.VillageFunds(ctx, LangTH)
	if err != nil {
		t.Fatal(err)
	}
	page := renderHTML(t, p)
	ids := map[string]bool{}
	figures, tables := 0, 0
	for _, el := range parseHTML(t, page) {
		if id := el.attrs["id"]; id != "" {
			if ids[id] {
				t.Errorf("duplicate id %q", id)
			}
			ids[id] = true
		}
		switch el.tag {
		case "figure":
			figures++
		case "table":
			tables++
		case "script":
			if src := el.attrs["src"]; src != "" && src != ScriptPath {
				t.Errorf("script from %q, want only %s (no CDN)", src, ScriptPath)
			}
		}
	}
	for _, c := range p.Charts {
		if !ids[c.ID] {
			t.Errorf("no element with the chart id %q", c.ID)
		}
		if !strings.Contains(string(c.Script), "document.getElementById('"+c.ID+"')") {
			t.Errorf("%s: the script does not draw into its element", c.ID)
		}
		if strings.Contains(string(c.Script)+string(c.Element), "http") {
			t.Errorf("%s: the snippet refers to a remote host", c.ID)
		}
	}
	if figures != len(p.Charts) || tables != len(p.Charts) {
		t.Errorf("%d figures and %d tables for %d charts", figures, tables, len(p.Charts))
	}
}

func TestSafeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"กองทุนหมู่บ้าน", "กองทุนหมู่บ้าน"},
		{"a < b > c", "a \uFF1C b \uFF1E c"},
		{"</script>", "\uFF1C/script\uFF1E"},
		{"line\u2028sep\nnew\ttab", "line sep new tab"},
		{`"quotes" & \back`, `"quotes" & \back`},
		{"__f__alert(1)__f__", "_\u200b_f__alert(1)_\u200b_f__"},
		{"___f___", "__\u200b_f___"},
	}
	for _, tc := range tests {
		if got := safeText(tc.in); got != tc.want {
			t.Errorf("safeText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		v    float64
		dec  int
		want string
	}{
		{79610, 0, "79,610"},
		{44236, 0, "44,236"},
		{886, 0, "886"},
		{1234567.891, 2, "1,234,567.89"},
		{-1234.5, 1, "-1,234.5"},
		{-0.04, 1, "0.0"},
		{math.NaN(), 0, ""},
	}
	for _, tc := range tests {
		if got := formatNumber(tc.v, tc.dec); got != tc.want {
			t.Errorf("formatNumber(%v, %d) = %q, want %q", tc.v, tc.dec, got, tc.want)
		}
	}
}

func TestIsHeadline(t *testing.T) {
	tests := map[string]bool{
		"TDDC-WDCR-00-01": true, "TDDC-WDCR-K0-01": true, "TDDC-ADIX-P1-00": true, "TDDC-WDCR-K1-00": true,
		"TDDC-WDCR-K1-01": false, "TDDC-OECD-ACC-001": false, "TDDC-PLAN-010": false, "TDDC-ADIX-P1-01": false, "": false,
	}
	for code, want := range tests {
		if got := isHeadline(code); got != want {
			t.Errorf("isHeadline(%q) = %v, want %v", code, got, want)
		}
	}
}
