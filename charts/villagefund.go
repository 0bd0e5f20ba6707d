package charts

import (
	"context"
	"fmt"
)

// Sample-catalog names of the village-fund tables (seed/content/villagefund.go).
const (
	villageFundDataset  = "village-fund-registry"
	villageFundFile     = "village-funds.csv"
	villageProductsSet  = "village-fund-products"
	villageProductsFile = "village-fund-products.csv"
)

// regionOrder lists Thailand's regions (six-region scheme, and Bangkok for NSO's five)
// north to south; regionEN names them in English.
var (
	regionOrder = []string{"กรุงเทพมหานคร", "ภาคเหนือ", "ภาคตะวันออกเฉียงเหนือ", "ภาคกลาง", "ภาคตะวันออก", "ภาคตะวันตก", "ภาคใต้"}
	regionEN    = map[string]string{"กรุงเทพมหานคร": "Bangkok", "ภาคเหนือ": "North", "ภาคตะวันออกเฉียงเหนือ": "Northeast",
		"ภาคกลาง": "Central", "ภาคตะวันออก": "East", "ภาคตะวันตก": "West", "ภาคใต้": "South"}
)

// regionLabel names a region (given in Thai, as the tables carry it) in lang.
func regionLabel(lang, th string) string {
	if th == "" {
		return tr(lang, "ไม่ระบุภาค", "Region not given")
	}
	return pick(lang, th, regionEN[th])
}

// sizeClasses are the SML size classes of the village funds, with their labels.
var sizeClasses = []struct{ code, th, en string }{
	{"S", "S (ไม่เกิน 500 คน)", "S (up to 500 residents)"},
	{"M", "M (501–999 คน)", "M (501–999 residents)"},
	{"L", "L (1,000 คนขึ้นไป)", "L (1,000 residents or more)"},
}

func sizeLabel(lang, code string) string {
	for _, s := range sizeClasses {
		if s.code == code {
			return tr(lang, s.th, s.en)
		}
	}
	return code
}

// VillageFunds is the village-fund dashboard: funds by province and region, by SML size
// class, SML allocations by region and size class, and the product base by category. The
// 79,610-row registry is read in one streamed pass.
func (d *Dashboards) VillageFunds(ctx context.Context, lang string) (*Page, error) {
	lang = normLang(lang)
	return cached(ctx, d, "village-funds/"+lang, func(ctx context.Context) (*Page, error) {
		return d.villageFunds(ctx, lang)
	})
}

func (d *Dashboards) villageFunds(ctx context.Context, lang string) (*Page, error) {
	reg, err := d.resourceTable(ctx, villageFundDataset, villageFundFile)
	if err != nil {
		return nil, err
	}
	provinces, regions, sizes := newTally(), newTally(), newTally()
	alloc := newGrid()
	funds := 0
	err = d.scan(ctx, reg, []string{"province_code", "province_name_th", "province_name_en", "region_th", "size_class", "sml_allocation_thb"}, func(r row) error {
		funds++
		provinces.add(r.str("province_code"), pick(lang, r.str("province_name_th"), r.str("province_name_en")), 1)
		region := r.str("region_th")
		regions.add(region, regionLabel(lang, region), 1)
		size := r.str("size_class")
		sizes.add(size, sizeLabel(lang, size), 1)
		alloc.add(region, regionLabel(lang, region), size, sizeLabel(lang, size), r.num("sml_allocation_thb"))
		return nil
	})
	if err != nil {
		return nil, err
	}
	if funds == 0 {
		return nil, fmt.Errorf("%w: the village-fund registry is empty", ErrNoData)
	}
	page := &Page{Title: tr(lang, "กองทุนหมู่บ้านและชุมชนเมือง", "Village and urban community funds"), Lang: lang}
	totalNote := fmt.Sprintf(tr(lang, "รวม %s กองทุน", "%s funds in total"), formatNumber(float64(funds), 0))
	fundsName := tr(lang, "จำนวนกองทุน", "Funds")

	keys := provinces.byValue()
	labels, values := provinces.series(keys, 1)
	specs := []*spec{{
		id: "village_funds_by_province", title: tr(lang, "กองทุนหมู่บ้านรายจังหวัด", "Village funds by province"), note: totalNote,
		kind: kindBar, categories: labels, series: []series{{fundsName, values}}, height: 480,
		catHeader: tr(lang, "จังหวัด", "Province"), unit: tr(lang, "กองทุน", "funds"), dataURL: reg.dumpURL(),
	}}
	keys = regions.inOrder(regionOrder)
	labels, values = regions.series(keys, 1)
	specs = append(specs, &spec{
		id: "village_funds_by_region", title: tr(lang, "กองทุนหมู่บ้านรายภาค", "Village funds by region"), note: totalNote,
		kind: kindBar, categories: labels, series: []series{{fundsName, values}},
		catHeader: tr(lang, "ภาค", "Region"), unit: tr(lang, "กองทุน", "funds"), dataURL: reg.dumpURL(),
	})
	sizeKeys := sizes.inOrder([]string{"S", "M", "L"})
	labels, values = sizes.series(sizeKeys, 1)
	specs = append(specs, &spec{
		id: "village_funds_by_size", title: tr(lang, "กองทุนหมู่บ้านตามขนาด S M L", "Village funds by SML size class"), note: totalNote,
		kind: kindPie, categories: labels, series: []series{{fundsName, values}},
		catHeader: tr(lang, "ขนาด", "Size class"), dataURL: reg.dumpURL(),
	})
	rowKeys := alloc.rows.inOrder(regionOrder)
	regionLabels, _ := alloc.rows.series(rowKeys, 1)
	var allocSeries []series
	for _, k := range alloc.cols.inOrder([]string{"S", "M", "L"}) {
		allocSeries = append(allocSeries, series{alloc.cols.labels[k], alloc.column(k, rowKeys, 1e-6)})
	}
	specs = append(specs, &spec{
		id: "village_funds_sml_allocation", title: tr(lang, "เงินจัดสรรโครงการ SML รายภาค", "SML allocations by region"),
		note: fmt.Sprintf(tr(lang, "รวม %s ล้านบาท", "%s million THB in total"), formatNumber(alloc.rows.total()/1e6, 1)),
		kind: kindBar, stack: true, categories: regionLabels, series: allocSeries, decimals: 1,
		catHeader: tr(lang, "ภาค", "Region"), unit: tr(lang, "ล้านบาท", "million THB"), dataURL: reg.dumpURL(),
	})

	products, err := d.villageProducts(ctx, lang)
	if err != nil {
		return nil, err
	}
	if products != nil {
		specs = append(specs, products)
	}
	return renderPage(page, specs, lang)
}

// villageProducts charts the product base by category; nil when it is not loaded.
func (d *Dashboards) villageProducts(ctx context.Context, lang string) (*spec, error) {
	t, err := d.resourceTable(ctx, villageProductsSet, villageProductsFile)
	if err != nil {
		return d.skip(err, "village-fund products")
	}
	cats := newTally()
	err = d.scan(ctx, t, []string{"category_code", "category_th", "category_en"}, func(r row) error {
		cats.add(r.str("category_code"), pick(lang, r.str("category_th"), r.str("category_en")), 1)
		return nil
	})
	if err != nil {
		return d.skip(err, "village-fund products")
	}
	labels, values := cats.series(cats.byValue(), 1)
	return &spec{
		id: "village_fund_products_by_category", title: tr(lang, "ผลิตภัณฑ์กองทุนหมู่บ้านตามหมวด", "Village-fund products by category"),
		note: fmt.Sprintf(tr(lang, "รวม %s รายการ", "%s products in total"), formatNumber(cats.total(), 0)),
		kind: kindHBar, categories: labels, series: []series{{tr(lang, "จำนวนผลิตภัณฑ์", "Products"), values}},
		catHeader: tr(lang, "หมวดผลิตภัณฑ์", "Category"), unit: tr(lang, "รายการ", "products"), dataURL: t.searchURL(),
	}, nil
}
