package charts

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"

	echarts "github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/render"
)

// kind is the shape of a chart.
type kind int

const (
	kindBar     kind = iota // vertical bars, one group per category
	kindHBar                // horizontal bars (long labels)
	kindLine                // lines over categories (years, months)
	kindPie                 // one series as shares of a whole
	kindPyramid             // horizontal bars, the first series drawn to the left
)

// series is one named list of values, aligned with the spec's categories; NaN is a gap.
type series struct {
	Name   string
	Values []float64
}

// spec describes a chart independently of go-echarts, so that the chart and its table
// alternative come from the same numbers.
type spec struct {
	id, title, note string
	kind            kind
	categories      []string
	series          []series
	// catHeader heads the table's first column; unit names the value axis.
	catHeader, unit string
	decimals        int
	stack           bool // stack the series (bars)
	inverse         bool // value axis upside down (ranks: 1 is best)
	height          int  // pixels; 0 picks one from the kind and size
	dataURL         string
	// extraRows are appended to the table (a published total, for instance).
	extraRows [][]string
}

// unsafeRunes are replaced in text given to go-echarts. go-echarts encodes options with
// HTML escaping off and puts them into a <script> unescaped, so a "<" from the catalog
// could close the script; ECharts draws text on a canvas, where an HTML entity would show
// literally. Lookalikes keep the text readable and inert: "<" and ">" become the
// full-width forms, line and paragraph separators and control characters become spaces.
var unsafeRunes = strings.NewReplacer("<", "\uFF1C", ">", "\uFF1E", "\u2028", " ", "\u2029", " ")

// funcMarker is how go-echarts marks a JavaScript function inside the option JSON: after
// encoding it deletes every "__f__" together with an adjacent quote, so a catalog string
// holding the marker would end its JSON string early and run as code.
const funcMarker = "__f__"

// safeText makes a catalog string safe to hand to go-echarts.
func safeText(s string) string {
	s = unsafeRunes.Replace(s)
	for strings.Contains(s, funcMarker) {
		s = strings.ReplaceAll(s, funcMarker, "_\u200b_f__")
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

func safeTexts(in []string) []string {
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = safeText(s)
	}
	return out
}

// formatNumber writes v with thousands separators and the given decimals; NaN is empty.
func formatNumber(v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', decimals, 64)
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	var b strings.Builder
	if v < 0 && s != strconv.FormatFloat(0, 'f', decimals, 64) {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String() + frac
}

// round rounds v to the decimals shown, so options carry no float noise.
func round(v float64, decimals int) float64 {
	p := math.Pow10(decimals)
	return math.Round(v*p) / p
}

// value converts one number for ECharts: a gap is "-", ECharts' empty value.
func value(v float64, decimals int, negate bool) any {
	if math.IsNaN(v) {
		return "-"
	}
	v = round(v, decimals)
	if negate {
		v = -v
	}
	return v
}

// absFormatter shows the magnitude: the pyramid draws its first series as negative bars.
var absFormatter = opts.FuncOpts("function (v) { return Math.abs(typeof v === 'number' ? v : Number(v)).toLocaleString(); }")

// render builds the go-echarts chart for s, renders its snippet and the table.
func (s *spec) render(lang string) (*Chart, error) {
	c := &Chart{ID: s.id, Title: s.title, Note: s.note, DataURL: s.dataURL, DataLabel: tr(lang, "ข้อมูล", "Data"),
		TableLabel: tr(lang, "ตารางข้อมูล", "Data table")}
	c.Table = s.table()
	height := s.height
	if height == 0 {
		height = 400
		if s.kind == kindHBar || s.kind == kindPyramid {
			height = max(300, 90+24*len(s.categories))
		}
	}
	init := opts.Initialization{ChartID: s.id, Width: "100%", Height: fmt.Sprintf("%dpx", height), AssetsHost: "/assets/"}
	global := []echarts.GlobalOpts{
		echarts.WithInitializationOpts(init),
		// The figure's caption shows the title; ECharts keeps it for its aria description.
		echarts.WithTitleOpts(opts.Title{Show: opts.Bool(false), Title: safeText(s.title), Subtitle: safeText(s.note)}),
		echarts.WithAriaOpts(&opts.Aria{Enabled: opts.Bool(true)}),
		echarts.WithAnimation(false),
	}
	var r render.Renderer
	switch s.kind {
	case kindPie:
		pie := echarts.NewPie()
		pie.SetGlobalOptions(append(global,
			echarts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
			echarts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Type: "scroll", Bottom: "0"}))...)
		if len(s.series) > 0 {
			data := make([]opts.PieData, 0, len(s.categories))
			for i, cat := range s.categories {
				data = append(data, opts.PieData{Name: safeText(cat), Value: value(s.series[0].Values[i], s.decimals, false)})
			}
			pie.AddSeries(safeText(s.series[0].Name), data,
				echarts.WithPieChartOpts(opts.PieChart{Radius: []string{"35%", "65%"}}),
				echarts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Formatter: "{b}: {d}%"}))
		}
		r = pie
	case kindLine:
		line := echarts.NewLine()
		line.SetGlobalOptions(append(global, s.axes(lang)...)...)
		line.SetXAxis(safeTexts(s.categories))
		for _, se := range s.series {
			data := make([]opts.LineData, len(se.Values))
			for i, v := range se.Values {
				data[i] = opts.LineData{Value: value(v, s.decimals, false)}
			}
			line.AddSeries(safeText(se.Name), data, echarts.WithLineChartOpts(opts.LineChart{ShowSymbol: opts.Bool(true)}))
		}
		r = line
	default:
		bar := echarts.NewBar()
		bar.SetGlobalOptions(append(global, s.axes(lang)...)...)
		bar.SetXAxis(safeTexts(s.categories))
		for si, se := range s.series {
			data := make([]opts.BarData, len(se.Values))
			for i, v := range se.Values {
				data[i] = opts.BarData{Value: value(v, s.decimals, s.kind == kindPyramid && si == 0)}
			}
			var so []echarts.SeriesOpts
			if s.stack || s.kind == kindPyramid {
				so = append(so, echarts.WithBarChartOpts(opts.BarChart{Stack: "total"}))
			}
			bar.AddSeries(safeText(se.Name), data, so...)
		}
		if s.kind == kindHBar || s.kind == kindPyramid {
			bar.XYReversal()
		}
		r = bar
	}
	snip, err := snippet(r)
	if err != nil {
		return nil, fmt.Errorf("charts: render %s: %w", s.id, err)
	}
	if err := checkScript(snip.Script); err != nil {
		return nil, fmt.Errorf("charts: render %s: %w", s.id, err)
	}
	c.Element, c.Script, c.Option = template.HTML(snip.Element), template.HTML(snip.Script), snip.Option
	return c, nil
}

// axes returns the axis, legend, tooltip and grid options of a rectangular chart.
func (s *spec) axes(lang string) []echarts.GlobalOpts {
	catAxis := opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Interval: "0", HideOverlap: opts.Bool(true)}}
	valAxis := opts.YAxis{Type: "value", Name: safeText(s.unit), Inverse: opts.Bool(s.inverse)}
	if s.inverse {
		valAxis.Min = 1
	}
	tooltip := opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}
	if s.kind == kindBar && len(s.categories) > 8 {
		catAxis.AxisLabel.Rotate = 60
	}
	var out []echarts.GlobalOpts
	if s.kind == kindHBar || s.kind == kindPyramid {
		// XYReversal swaps the data, not the axis types.
		catAxis.Type, valAxis.Type = "value", "category"
		valAxis.Name, catAxis.Name = "", safeText(s.unit)
		// Centred under the values: at the axis' end the unit would overflow the grid's
		// right margin, which containLabel does not reserve for axis names.
		catAxis.NameLocation, catAxis.NameGap = "middle", 28
		catAxis.AxisLabel = nil
		valAxis.Inverse = opts.Bool(true) // first category on top
		if s.kind == kindPyramid {
			catAxis.AxisLabel = &opts.AxisLabel{Formatter: absFormatter}
			tooltip.ValueFormatter = absFormatter
		}
	}
	out = append(out,
		echarts.WithXAxisOpts(catAxis),
		echarts.WithYAxisOpts(valAxis),
		echarts.WithTooltipOpts(tooltip),
		echarts.WithGridOpts(opts.Grid{ContainLabel: opts.Bool(true), Left: "3%", Right: "4%", Bottom: "12%"}),
		echarts.WithLegendOpts(opts.Legend{Show: opts.Bool(len(s.series) > 1), Type: "scroll", Bottom: "0"}),
	)
	return out
}

// table is the spec's data as rows of text.
func (s *spec) table() Table {
	t := Table{Caption: s.title, Headers: []string{s.catHeader}, Numeric: []bool{false}}
	for _, se := range s.series {
		h := se.Name
		if s.unit != "" && len(s.series) == 1 {
			h += " (" + s.unit + ")"
		}
		t.Headers = append(t.Headers, h)
		t.Numeric = append(t.Numeric, true)
	}
	for i, cat := range s.categories {
		row := []string{cat}
		for _, se := range s.series {
			row = append(row, formatNumber(se.Values[i], s.decimals))
		}
		t.Rows = append(t.Rows, row)
	}
	t.Rows = append(t.Rows, s.extraRows...)
	return t
}

// snippet renders r's snippet; go-echarts panics on a template error, which becomes an
// error here so that a bad chart never takes the server down.
func snippet(r render.Renderer) (snip render.ChartSnippet, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("go-echarts: %v", p)
		}
	}()
	return r.RenderSnippet(), nil
}

// checkScript makes sure the script element holds no markup but its own closing tag:
// the last line of defence if an unescaped string ever reached go-echarts.
func checkScript(script string) error {
	lower := strings.ToLower(script)
	if !strings.HasPrefix(strings.TrimSpace(lower), "<script") || strings.Count(lower, "<script") != 1 ||
		strings.Count(lower, "</script") != 1 || !strings.HasSuffix(strings.TrimSpace(lower), "</script>") ||
		strings.Contains(lower, "<!--") {
		return fmt.Errorf("the chart script contains markup")
	}
	return nil
}

// renderPage renders the specs into the page's charts.
func renderPage(p *Page, specs []*spec, lang string) (*Page, error) {
	for _, s := range specs {
		c, err := s.render(lang)
		if err != nil {
			return nil, err
		}
		p.Charts = append(p.Charts, c)
	}
	return p, nil
}
