package charts

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/khlang/khlang/catalog"
)

// TDDC observation tables have these columns (seed/content/tddc.go, tddcHeader); a
// breakdown value of "_T" is the total.
var observationFields = []string{"ref_area", "time_period", "breakdown", "breakdown_value", "breakdown_label_th", "breakdown_label_en", "obs_value", "unit_measure"}

const totalCode = "_T"

// areaNames names the reference areas (ISO 3166-1 alpha-3) of the ASEAN comparisons.
var areaNames = map[string][2]string{
	"THA": {"ไทย", "Thailand"}, "BRN": {"บรูไนดารุสซาลาม", "Brunei Darussalam"}, "KHM": {"กัมพูชา", "Cambodia"},
	"IDN": {"อินโดนีเซีย", "Indonesia"}, "LAO": {"สปป.ลาว", "Lao PDR"}, "MYS": {"มาเลเซีย", "Malaysia"},
	"MMR": {"เมียนมา", "Myanmar"}, "PHL": {"ฟิลิปปินส์", "Philippines"}, "SGP": {"สิงคโปร์", "Singapore"}, "VNM": {"เวียดนาม", "Viet Nam"},
}

func areaLabel(lang, code string) string {
	if n, ok := areaNames[code]; ok {
		return tr(lang, n[0], n[1])
	}
	return code
}

// unitEN names SDMX unit codes in English; Thai comes from the dataset's unit_of_measure.
var unitEN = map[string]string{
	"PT_IND": "% of individuals", "PT_HH": "% of households", "PT_ENT": "% of enterprises", "PT_B1GQ": "% of GDP",
	"PT_EMP": "% of employment", "PT_POP": "% of population", "PT": "percent", "PER_100_INHAB": "per 100 inhabitants",
	"PER_1000_INHAB": "per 1,000 inhabitants", "RANK": "rank", "SCORE": "score (0–100)", "SCORE_0_10": "score (0–10)",
	"IDX_0_1": "index (0–1)", "NUM": "number", "PS": "persons", "THB_MN": "million THB", "THB": "THB",
	"PS_MN": "million persons", "SUB_MN": "million subscriptions", "MBPS": "Mbit/s", "GBPS": "Gbit/s", "MW": "megawatts",
}

// observation is one value of an indicator table.
type observation struct {
	area, period, bdValue, bdLabel string
	value                          float64
}

// indicatorData is what one indicator dataset's table holds.
type indicatorData struct {
	dataset   *catalog.Dataset
	table     table
	unitCode  string
	breakdown bool // values by a breakdown besides the total
	obs       []observation
}

// readIndicator reads a TDDC dataset's observations.
func (d *Dashboards) readIndicator(ctx context.Context, ds *catalog.Dataset, lang string) (*indicatorData, error) {
	t, err := tableOf(ds, "")
	if err != nil {
		return nil, err
	}
	out := &indicatorData{dataset: ds, table: t}
	err = d.scan(ctx, t, observationFields, func(r row) error {
		v := r.num("obs_value")
		if math.IsNaN(v) {
			return nil
		}
		o := observation{area: r.str("ref_area"), period: r.str("time_period"), bdValue: r.str("breakdown_value"), value: v}
		if o.bdValue == "" {
			o.bdValue = totalCode
		}
		o.bdLabel = pick(lang, r.str("breakdown_label_th"), r.str("breakdown_label_en"))
		if o.bdValue != totalCode {
			out.breakdown = true
		}
		if out.unitCode == "" {
			out.unitCode = r.str("unit_measure")
		}
		out.obs = append(out.obs, o)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(out.obs) == 0 {
		return nil, fmt.Errorf("%w: dataset %s has no observations", ErrNoData, ds.Name)
	}
	return out, nil
}

// unit names the indicator's unit in lang.
func (x *indicatorData) unit(lang string) string {
	if lang == LangEN {
		if u, ok := unitEN[x.unitCode]; ok {
			return u
		}
		return x.unitCode
	}
	if x.dataset.GDC.UnitOfMeasure != "" {
		return x.dataset.GDC.UnitOfMeasure
	}
	return x.unitCode
}

// decimals is how many decimals the observations need (at most 3).
func (x *indicatorData) decimals() int {
	dec := 0
	for _, o := range x.obs {
		for dec < 3 && math.Abs(o.value-round(o.value, dec)) > 1e-9 {
			dec++
		}
	}
	return dec
}

// periods lists the periods observed, in order.
func (x *indicatorData) periods() []string {
	var ps []string
	for _, o := range x.obs {
		if !slices.Contains(ps, o.period) {
			ps = append(ps, o.period)
		}
	}
	slices.SortFunc(ps, comparePeriods)
	return ps
}

// comparePeriods orders years numerically and other periods ("2024-01") as text.
func comparePeriods(a, b string) int {
	ai, errA := strconv.Atoi(a)
	bi, errB := strconv.Atoi(b)
	if errA == nil && errB == nil {
		return cmp.Compare(ai, bi)
	}
	return cmp.Compare(a, b)
}

// seriesBy returns one series per key over periods, keys in first-seen order with
// Thailand first; key picks the series an observation belongs to (false: skip it).
func (x *indicatorData) seriesBy(periods []string, key func(observation) (string, string, bool)) []series {
	pos := map[string]int{}
	for i, p := range periods {
		pos[p] = i
	}
	var keys []string
	labels := map[string]string{}
	values := map[string][]float64{}
	for _, o := range x.obs {
		k, label, ok := key(o)
		if !ok {
			continue
		}
		if _, seen := values[k]; !seen {
			keys = append(keys, k)
			labels[k] = label
			v := make([]float64, len(periods))
			for i := range v {
				v[i] = math.NaN()
			}
			values[k] = v
		}
		if i, ok := pos[o.period]; ok {
			values[k][i] = o.value
		}
	}
	slices.SortStableFunc(keys, func(a, b string) int {
		switch {
		case a == b:
			return 0
		case a == "THA" || a == totalCode:
			return -1
		case b == "THA" || b == totalCode:
			return 1
		}
		return 0
	})
	out := make([]series, len(keys))
	for i, k := range keys {
		out[i] = series{labels[k], values[k]}
	}
	return out
}

// title is the dataset's title in lang.
func datasetTitle(lang string, ds *catalog.Dataset) string {
	return pick(lang, ds.Title, ds.TitleEN)
}

// Indicator is the chart of a TDDC dataset page: the indicator over time, one line per
// economy where the table compares economies, or per breakdown category (with the total)
// for breakdown tables. Ranks are drawn with 1 on top. ErrNoData when the dataset has no
// indicator table in the DataStore.
func (d *Dashboards) Indicator(ctx context.Context, ds *catalog.Dataset, lang string) (*Chart, error) {
	if ds == nil {
		return nil, fmt.Errorf("%w: no dataset", ErrNoData)
	}
	lang = normLang(lang)
	// The dataset's own modification time is part of the key: the caller may hold a newer
	// dataset than the one cached at this data version.
	key := "indicator/" + ds.ID + "/" + ds.MetadataModified.UTC().Format("20060102150405.000000") + "/" + lang
	return cached(ctx, d, key, func(ctx context.Context) (*Chart, error) {
		if ds.State != catalog.StateActive || ds.Private {
			return nil, fmt.Errorf("%w: dataset %s is not public", ErrNoData, ds.Name)
		}
		x, err := d.readIndicator(ctx, ds, lang)
		if err != nil {
			return nil, err
		}
		periods := x.periods()
		var ss []series
		header := tr(lang, "ปี", "Year")
		if x.breakdown {
			ss = x.seriesBy(periods, func(o observation) (string, string, bool) {
				return o.bdValue, o.bdLabel, o.area == "THA" || o.area == ""
			})
		} else {
			ss = x.seriesBy(periods, func(o observation) (string, string, bool) { return o.area, areaLabel(lang, o.area), true })
		}
		note := ""
		if ds.Indicator.IndicatorCode != "" {
			note = tr(lang, "รหัสตัวชี้วัด ", "Indicator code ") + ds.Indicator.IndicatorCode
		}
		s := &spec{id: "indicator_chart", title: datasetTitle(lang, ds), note: note, kind: kindLine,
			categories: periods, series: ss, catHeader: header, unit: x.unit(lang), decimals: x.decimals(),
			inverse: x.unitCode == "RANK", dataURL: x.table.searchURL()}
		return s.render(lang)
	})
}

// frameworkGroups are the catalog groups that gather each framework's datasets (seed's
// group slugs); without the group the whole catalog is scanned.
var frameworkGroups = map[string]string{"WDCR": "wdcr", "ADIX": "adix", "OECD-GD": "oecd-going-digital", "TH-PLAN": "thai-digital-plan"}

// Frameworks lists the framework codes Framework knows a catalog group for.
func Frameworks() []string {
	return []string{"WDCR", "ADIX", "OECD-GD", "TH-PLAN"}
}

// frameworkRef returns the dataset's placement in the framework, if any.
func frameworkRef(ds *catalog.Dataset, code string) []catalog.FrameworkRef {
	var out []catalog.FrameworkRef
	for _, r := range ds.Indicator.Frameworks {
		if strings.EqualFold(r.Framework, code) {
			out = append(out, r)
		}
	}
	return out
}

// isBreakdown reports whether the dataset is a breakdown of another indicator.
func isBreakdown(ds *catalog.Dataset) bool {
	for _, e := range ds.Extras {
		if e.Key == "breakdown" {
			return e.Value != "" && e.Value != totalCode
		}
	}
	return false
}

// isHeadline reports whether an indicator code names a composite score or rank. TDDC
// numbers a framework's and a factor's overall indicators with a zero segment ("00",
// or a factor letter and 0): TDDC-WDCR-00-01, TDDC-WDCR-K0-01, TDDC-ADIX-P1-00.
func isHeadline(code string) bool {
	parts := strings.Split(code, "-")
	for _, p := range parts[min(2, len(parts)):] {
		if p == "00" || len(p) == 2 && p[0] >= 'A' && p[0] <= 'Z' && p[1] == '0' {
			return true
		}
	}
	return false
}

// groupOf is the pillar, factor, dimension, strategy or plan a reference places the
// indicator in.
func groupOf(r catalog.FrameworkRef) string {
	for _, s := range []string{r.Pillar, r.Factor, r.Dimension, r.Strategy, r.Plan} {
		if s != "" {
			return s
		}
	}
	return ""
}

// frameworkDatasets lists the public, active indicator datasets placed in the framework,
// by indicator code.
func (d *Dashboards) frameworkDatasets(ctx context.Context, code string) (title [2]string, out []*catalog.Dataset, err error) {
	title = [2]string{code, code}
	keep := func(batch []*catalog.Dataset) {
		for _, ds := range batch {
			if ds.State == catalog.StateActive && !ds.Private && len(frameworkRef(ds, code)) > 0 {
				out = append(out, ds)
			}
		}
	}
	g, err := d.Store.Group(ctx, frameworkGroups[code], false)
	switch {
	case err == nil:
		title = [2]string{g.Title, pick(LangEN, g.Title, g.TitleEN)}
		ids, err := d.Store.DatasetIDsOfGroup(ctx, g.ID)
		if err != nil {
			return title, nil, fmt.Errorf("charts: datasets of group %s: %w", g.Name, err)
		}
		for i := 0; i < len(ids); i += 500 {
			batch, err := d.Store.DatasetsByID(ctx, ids[i:min(i+500, len(ids))])
			if err != nil {
				return title, nil, fmt.Errorf("charts: load datasets: %w", err)
			}
			keep(batch)
		}
	case errors.Is(err, catalog.ErrNotFound) || frameworkGroups[code] == "":
		if err := d.Store.EachDataset(ctx, 500, func(b []*catalog.Dataset) error { keep(b); return nil }); err != nil {
			return title, nil, fmt.Errorf("charts: scan datasets: %w", err)
		}
	default:
		return title, nil, fmt.Errorf("charts: framework group: %w", err)
	}
	slices.SortFunc(out, func(a, b *catalog.Dataset) int {
		return cmp.Or(cmp.Compare(a.Indicator.IndicatorCode, b.Indicator.IndicatorCode), cmp.Compare(a.Name, b.Name))
	})
	return title, out, nil
}

// Framework is the dashboard of an indicator framework (WDCR, ADIX, OECD-GD, TH-PLAN):
// its indicators by pillar, factor, dimension or strategy; Thailand's composite ranks and
// scores over time; the overall composite across the ASEAN economies the data compares;
// and Thailand's percentage indicators, first year against latest.
func (d *Dashboards) Framework(ctx context.Context, code, lang string) (*Page, error) {
	lang = normLang(lang)
	code = strings.ToUpper(strings.TrimSpace(code))
	return cached(ctx, d, "framework/"+code+"/"+lang, func(ctx context.Context) (*Page, error) {
		return d.framework(ctx, code, lang)
	})
}

func (d *Dashboards) framework(ctx context.Context, code, lang string) (*Page, error) {
	title, datasets, err := d.frameworkDatasets(ctx, code)
	if err != nil {
		return nil, err
	}
	var indicators []*catalog.Dataset
	for _, ds := range datasets {
		if !isBreakdown(ds) {
			indicators = append(indicators, ds)
		}
	}
	if len(indicators) == 0 {
		return nil, fmt.Errorf("%w: no indicator is placed in framework %s", ErrNoData, code)
	}
	page := &Page{Title: tr(lang, title[0], title[1]), Lang: lang}
	searchURL := "/api/3/action/package_search?fq=" + strings.ReplaceAll("framework:"+code, ":", "%3A") + "&rows=1000"

	groups := newTally()
	for _, ds := range indicators {
		for _, r := range frameworkRef(ds, code) {
			g := groupOf(r)
			groups.add(g, cmp.Or(g, tr(lang, "ภาพรวม", "Overall")), 1)
		}
	}
	gl, gv := groups.series(groups.inOrder(nil), 1)
	specs := []*spec{{
		id: "framework_indicators_by_group", title: tr(lang, "จำนวนตัวชี้วัดตามเสาหลัก ปัจจัย หรือมิติ", "Indicators by pillar, factor or dimension"),
		note: fmt.Sprintf(tr(lang, "%d ตัวชี้วัด (ไม่นับชุดข้อมูลจำแนกย่อย)", "%d indicators (breakdown tables not counted)"), len(indicators)),
		kind: kindHBar, categories: gl, series: []series{{tr(lang, "ตัวชี้วัด", "Indicators"), gv}},
		catHeader: tr(lang, "กลุ่ม", "Group"), unit: tr(lang, "ตัวชี้วัด", "indicators"), dataURL: searchURL,
	}}

	var ranks, scores, percents []*indicatorData
	for _, ds := range indicators {
		x, err := d.readIndicator(ctx, ds, lang)
		if errors.Is(err, ErrNoData) {
			continue
		}
		if err != nil {
			return nil, err
		}
		headline := isHeadline(ds.Indicator.IndicatorCode)
		subFactor := false
		for _, r := range frameworkRef(ds, code) {
			subFactor = subFactor || r.SubFactor != ""
		}
		switch {
		case headline && x.unitCode == "RANK" && !subFactor:
			ranks = append(ranks, x)
		case headline && strings.HasPrefix(x.unitCode, "SCORE"):
			scores = append(scores, x)
		case !headline && strings.HasPrefix(x.unitCode, "PT"):
			percents = append(percents, x)
		}
	}
	if s := thailandOverTime("framework_ranks", tr(lang, "อันดับของไทย", "Thailand's ranks"), lang, ranks, searchURL); s != nil {
		s.inverse = true
		specs = append(specs, s)
	}
	if s := thailandOverTime("framework_scores", tr(lang, "คะแนนของไทย", "Thailand's scores"), lang, scores, searchURL); s != nil {
		specs = append(specs, s)
	}
	if s := peers(lang, append(append([]*indicatorData(nil), ranks...), scores...)); s != nil {
		specs = append(specs, s)
	}
	if s := firstAndLatest(lang, percents, searchURL); s != nil {
		specs = append(specs, s)
	}
	return renderPage(page, specs, lang)
}

// thailandOverTime draws each indicator's Thai series over the union of their periods.
func thailandOverTime(id, title, lang string, xs []*indicatorData, dataURL string) *spec {
	if len(xs) == 0 {
		return nil
	}
	var periods []string
	for _, x := range xs {
		for _, p := range x.periods() {
			if !slices.Contains(periods, p) {
				periods = append(periods, p)
			}
		}
	}
	slices.SortFunc(periods, comparePeriods)
	s := &spec{id: id, title: title, kind: kindLine, categories: periods, catHeader: tr(lang, "ปี", "Year"),
		unit: xs[0].unit(lang), dataURL: dataURL}
	for _, x := range xs {
		th := x.seriesBy(periods, func(o observation) (string, string, bool) {
			return o.area, datasetTitle(lang, x.dataset), o.area == "THA" && o.bdValue == totalCode
		})
		if len(th) > 0 {
			s.series = append(s.series, th[0])
			s.decimals = max(s.decimals, x.decimals())
		}
	}
	if len(s.series) == 0 {
		return nil
	}
	if len(xs) == 1 {
		s.dataURL = xs[0].table.searchURL()
	}
	return s
}

// peers compares the economies of the first composite indicator that has several.
func peers(lang string, xs []*indicatorData) *spec {
	slices.SortStableFunc(xs, func(a, b *indicatorData) int {
		return cmp.Compare(a.dataset.Indicator.IndicatorCode, b.dataset.Indicator.IndicatorCode)
	})
	for _, x := range xs {
		periods := x.periods()
		ss := x.seriesBy(periods, func(o observation) (string, string, bool) {
			return o.area, areaLabel(lang, o.area), o.bdValue == totalCode
		})
		if len(ss) < 2 {
			continue
		}
		return &spec{id: "framework_asean_peers", title: fmt.Sprintf(tr(lang, "เปรียบเทียบกับประเทศอาเซียน: %s", "ASEAN peers: %s"), datasetTitle(lang, x.dataset)),
			kind: kindLine, categories: periods, series: ss, catHeader: tr(lang, "ปี", "Year"), unit: x.unit(lang),
			decimals: x.decimals(), inverse: x.unitCode == "RANK", dataURL: x.table.searchURL()}
	}
	return nil
}

// firstAndLatest compares each percentage indicator's first and latest Thai values.
func firstAndLatest(lang string, xs []*indicatorData, dataURL string) *spec {
	first, latest := series{Name: tr(lang, "ปีแรก", "First year")}, series{Name: tr(lang, "ปีล่าสุด", "Latest year")}
	var cats []string
	decimals := 0
	for _, x := range xs {
		var fp, lp string
		var fv, lv float64
		for _, o := range x.obs {
			if o.area != "THA" || o.bdValue != totalCode {
				continue
			}
			if fp == "" || comparePeriods(o.period, fp) < 0 {
				fp, fv = o.period, o.value
			}
			if lp == "" || comparePeriods(o.period, lp) > 0 {
				lp, lv = o.period, o.value
			}
		}
		if fp == "" {
			continue
		}
		cats = append(cats, fmt.Sprintf("%s (%s–%s)", datasetTitle(lang, x.dataset), fp, lp))
		first.Values = append(first.Values, fv)
		latest.Values = append(latest.Values, lv)
		decimals = max(decimals, x.decimals())
	}
	if len(cats) == 0 {
		return nil
	}
	return &spec{id: "framework_percentages", title: tr(lang, "ตัวชี้วัดที่เป็นร้อยละของไทย ปีแรกและปีล่าสุด", "Thailand's percentage indicators, first and latest year"),
		kind: kindHBar, categories: cats, series: []series{first, latest}, decimals: decimals,
		catHeader: tr(lang, "ตัวชี้วัด (ปี)", "Indicator (years)"), unit: tr(lang, "ร้อยละ", "percent"), dataURL: dataURL}
}
