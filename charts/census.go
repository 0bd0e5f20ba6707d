package charts

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// Sample-catalog names of the 2025 census tables (seed/content/census.go).
const (
	censusPopulationSet  = "census-2025-population-by-province-sex-age"
	censusPopulationFile = "census-2025-population.csv"
	censusHouseholdsSet  = "census-2025-households-by-province"
	censusHouseholdsFile = "census-2025-households.csv"
	censusChannelsSet    = "census-2025-response-channels"
	censusChannelsFile   = "census-2025-response-channels.csv"
)

// ageStart is the first age of an age group such as "15-19" or "100+", for ordering.
func ageStart(group string) int {
	end := strings.IndexAny(group, "-+–")
	if end < 0 {
		end = len(group)
	}
	n, err := strconv.Atoi(strings.TrimSpace(group[:end]))
	if err != nil {
		return 1 << 20
	}
	return n
}

// Census is the 2025 census dashboard: the population pyramid, population by region and
// province, households by region and households by response channel.
func (d *Dashboards) Census(ctx context.Context, lang string) (*Page, error) {
	lang = normLang(lang)
	return cached(ctx, d, "census/"+lang, func(ctx context.Context) (*Page, error) {
		return d.census(ctx, lang)
	})
}

func (d *Dashboards) census(ctx context.Context, lang string) (*Page, error) {
	var specs []*spec
	for _, part := range []func(context.Context, string) ([]*spec, error){d.censusPyramid, d.censusHouseholds, d.censusChannels} {
		s, err := part(ctx, lang)
		if err != nil {
			return nil, err
		}
		specs = append(specs, s...)
	}
	if len(specs) == 0 {
		return nil, fmt.Errorf("%w: no census table is loaded", ErrNoData)
	}
	page := &Page{Title: tr(lang, "สำมะโนประชากรและเคหะ พ.ศ. 2568", "2025 Population and Housing Census"), Lang: lang}
	return renderPage(page, specs, lang)
}

func (d *Dashboards) censusPyramid(ctx context.Context, lang string) ([]*spec, error) {
	t, err := d.resourceTable(ctx, censusPopulationSet, censusPopulationFile)
	if err != nil {
		return d.skipAll(err, "census population")
	}
	g := newGrid()
	err = d.scan(ctx, t, []string{"sex", "age_group", "population"}, func(r row) error {
		age := r.str("age_group")
		sex := r.str("sex")
		g.add(age, age, sex, tr(lang, map[string]string{"M": "ชาย", "F": "หญิง"}[sex], map[string]string{"M": "Male", "F": "Female"}[sex]), r.num("population"))
		return nil
	})
	if err != nil {
		return d.skipAll(err, "census population")
	}
	ages := g.rows.byKey()
	sortByAge(ages)
	var ss []series
	for _, sex := range g.cols.inOrder([]string{"M", "F"}) {
		ss = append(ss, series{g.cols.labels[sex], g.column(sex, ages, 1)})
	}
	// The oldest group on top, as pyramids are drawn.
	rev := make([]string, len(ages))
	for i, a := range ages {
		rev[len(ages)-1-i] = a
	}
	for i := range ss {
		v := ss[i].Values
		for a, b := 0, len(v)-1; a < b; a, b = a+1, b-1 {
			v[a], v[b] = v[b], v[a]
		}
	}
	return []*spec{{
		id: "census_population_pyramid", title: tr(lang, "พีระมิดประชากร", "Population pyramid"),
		note: fmt.Sprintf(tr(lang, "ประชากรรวม %s คน", "Total population %s"), formatNumber(g.rows.total(), 0)),
		kind: kindPyramid, categories: rev, series: ss,
		catHeader: tr(lang, "กลุ่มอายุ", "Age group"), unit: tr(lang, "คน", "persons"), dataURL: t.searchURL(),
	}}, nil
}

func sortByAge(ages []string) {
	for i := 1; i < len(ages); i++ {
		for j := i; j > 0 && ageStart(ages[j]) < ageStart(ages[j-1]); j-- {
			ages[j], ages[j-1] = ages[j-1], ages[j]
		}
	}
}

func (d *Dashboards) censusHouseholds(ctx context.Context, lang string) ([]*spec, error) {
	t, err := d.resourceTable(ctx, censusHouseholdsSet, censusHouseholdsFile)
	if err != nil {
		return d.skipAll(err, "census households")
	}
	popRegion, popProvince, hhRegion := newTally(), newTally(), newTally()
	err = d.scan(ctx, t, []string{"province_code", "province_name_th", "province_name_en", "region_th", "population", "households"}, func(r row) error {
		region := r.str("region_th")
		popRegion.add(region, regionLabel(lang, region), r.num("population"))
		hhRegion.add(region, regionLabel(lang, region), r.num("households"))
		popProvince.add(r.str("province_code"), pick(lang, r.str("province_name_th"), r.str("province_name_en")), r.num("population"))
		return nil
	})
	if err != nil {
		return d.skipAll(err, "census households")
	}
	popName, persons := tr(lang, "ประชากร", "Population"), tr(lang, "คน", "persons")
	regionKeys := popRegion.inOrder(regionOrder)
	rl, rv := popRegion.series(regionKeys, 1)
	pl, pv := popProvince.series(popProvince.byValue(), 1)
	hl, hv := hhRegion.series(regionKeys, 1)
	avg := ""
	if hh := hhRegion.total(); hh > 0 {
		avg = fmt.Sprintf(tr(lang, " ขนาดครัวเรือนเฉลี่ย %s คน", "; %s persons per household on average"), formatNumber(popRegion.total()/hh, 2))
	}
	return []*spec{{
		id: "census_population_by_region", title: tr(lang, "ประชากรรายภาค", "Population by region"),
		note: fmt.Sprintf(tr(lang, "ประชากรรวม %s คน", "Total population %s"), formatNumber(popRegion.total(), 0)),
		kind: kindBar, categories: rl, series: []series{{popName, rv}},
		catHeader: tr(lang, "ภาค", "Region"), unit: persons, dataURL: t.searchURL(),
	}, {
		id: "census_population_by_province", title: tr(lang, "ประชากรรายจังหวัด", "Population by province"),
		kind: kindBar, categories: pl, series: []series{{popName, pv}}, height: 480,
		catHeader: tr(lang, "จังหวัด", "Province"), unit: persons, dataURL: t.searchURL(),
	}, {
		id: "census_households_by_region", title: tr(lang, "ครัวเรือนรายภาค", "Households by region"),
		note: fmt.Sprintf(tr(lang, "ครัวเรือนรวม %s ครัวเรือน", "%s households in total"), formatNumber(hhRegion.total(), 0)) + avg,
		kind: kindBar, categories: hl, series: []series{{tr(lang, "ครัวเรือน", "Households"), hv}},
		catHeader: tr(lang, "ภาค", "Region"), unit: tr(lang, "ครัวเรือน", "households"), dataURL: t.searchURL(),
	}}, nil
}

func (d *Dashboards) censusChannels(ctx context.Context, lang string) ([]*spec, error) {
	t, err := d.resourceTable(ctx, censusChannelsSet, censusChannelsFile)
	if err != nil {
		return d.skipAll(err, "census response channels")
	}
	ch := newTally()
	err = d.scan(ctx, t, []string{"channel", "channel_th", "channel_en", "households"}, func(r row) error {
		ch.add(r.str("channel"), pick(lang, r.str("channel_th"), r.str("channel_en")), r.num("households"))
		return nil
	})
	if err != nil {
		return d.skipAll(err, "census response channels")
	}
	labels, values := ch.series(ch.inOrder([]string{"ONLINE", "TANGRAT", "FIELD"}), 1)
	return []*spec{{
		id: "census_response_channels", title: tr(lang, "ครัวเรือนตามช่องทางการให้ข้อมูล", "Households by response channel"),
		note: tr(lang, "ออนไลน์และแอปทางรัฐ 1–20 เม.ย. 2568; เจ้าหน้าที่ลงพื้นที่ร่วมกับไปรษณีย์ไทย 21 เม.ย. – 19 มิ.ย. 2568",
			"Online and Tang Rat app 1–20 April 2025; field enumeration with Thailand Post 21 April – 19 June 2025"),
		kind: kindPie, categories: labels, series: []series{{tr(lang, "ครัวเรือน", "Households"), values}},
		catHeader: tr(lang, "ช่องทาง", "Channel"), dataURL: t.searchURL(),
	}}, nil
}

// skipAll is skip for parts that return several specs.
func (d *Dashboards) skipAll(err error, what string) ([]*spec, error) {
	if _, err := d.skip(err, what); err != nil {
		return nil, err
	}
	return nil, nil
}
