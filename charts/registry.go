package charts

import (
	"context"
	"fmt"
)

// Sample-catalog names of the Digital Service Registry tables (seed/content/registry.go).
const (
	registryDataset       = "digital-service-registry"
	registryServicesFile  = "digital-services.csv"
	registryCompaniesFile = "digital-service-companies.csv"
	// registryTopCompanies is how many companies the by-company chart shows.
	registryTopCompanies = 20
)

// registryCategoryOrder is the registry's own order of its five categories.
var registryCategoryOrder = []string{"Software", "Software as a Service", "Digital Content Service", "Smart Devices", "Hardware and Firmware"}

// Registry is the Digital Service Registry dashboard: registered products and services by
// category, by standard and by company.
func (d *Dashboards) Registry(ctx context.Context, lang string) (*Page, error) {
	lang = normLang(lang)
	return cached(ctx, d, "registry/"+lang, func(ctx context.Context) (*Page, error) {
		return d.registry(ctx, lang)
	})
}

func (d *Dashboards) registry(ctx context.Context, lang string) (*Page, error) {
	ds, err := d.publicDataset(ctx, registryDataset)
	if err != nil {
		return nil, err
	}
	services, err := tableOf(ds, registryServicesFile)
	if err != nil {
		return nil, err
	}
	// English company names live in the companies table; Thai ones in both.
	companyEN := map[string]string{}
	if lang == LangEN {
		if companies, err := tableOf(ds, registryCompaniesFile); err == nil {
			err := d.scan(ctx, companies, []string{"company_code", "company_name_en"}, func(r row) error {
				companyEN[r.str("company_code")] = r.str("company_name_en")
				return nil
			})
			if _, err := d.skip(err, "registry companies"); err != nil {
				return nil, err
			}
		}
	}
	cats, stds, cos := newTally(), newTally(), newTally()
	n := 0
	err = d.scan(ctx, services, []string{"category", "category_th", "standard", "company_code", "company_name_th"}, func(r row) error {
		n++
		cat := r.str("category")
		cats.add(cat, pick(lang, r.str("category_th"), cat), 1)
		std := r.str("standard")
		stds.add(std, std, 1)
		code := r.str("company_code")
		cos.add(code, pick(lang, r.str("company_name_th"), companyEN[code]), 1)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, fmt.Errorf("%w: the registry is empty", ErrNoData)
	}
	note := fmt.Sprintf(tr(lang, "%s สินค้าและบริการ จาก %s บริษัท", "%s products and services from %s companies"),
		formatNumber(float64(n), 0), formatNumber(float64(len(cos.keys)), 0))
	items, unit := tr(lang, "สินค้าและบริการ", "Products and services"), tr(lang, "รายการ", "items")
	cl, cv := cats.series(cats.inOrder(registryCategoryOrder), 1)
	sl, sv := stds.series(stds.byValue(), 1)
	top := cos.byValue()
	if len(top) > registryTopCompanies {
		top = top[:registryTopCompanies]
	}
	ol, ov := cos.series(top, 1)
	specs := []*spec{{
		id: "registry_by_category", title: tr(lang, "บัญชีบริการดิจิทัลตามหมวด", "Digital Service Registry by category"), note: note,
		kind: kindBar, categories: cl, series: []series{{items, cv}},
		catHeader: tr(lang, "หมวด", "Category"), unit: unit, dataURL: services.searchURL(),
	}, {
		id: "registry_by_standard", title: tr(lang, "สินค้าและบริการตามมาตรฐาน", "Products and services by standard"),
		note: tr(lang, "CMMI และ ISO สำหรับซอฟต์แวร์ dSURE สำหรับอุปกรณ์อัจฉริยะ", "CMMI and ISO for software, dSURE for smart devices"),
		kind: kindHBar, categories: sl, series: []series{{items, sv}},
		catHeader: tr(lang, "มาตรฐาน", "Standard"), unit: unit, dataURL: services.searchURL(),
	}, {
		id: "registry_by_company", title: fmt.Sprintf(tr(lang, "%d บริษัทที่ขึ้นทะเบียนมากที่สุด", "The %d companies with the most registrations"), len(top)),
		note: note, kind: kindHBar, categories: ol, series: []series{{items, ov}},
		catHeader: tr(lang, "บริษัท", "Company"), unit: unit, dataURL: services.searchURL(),
	}}
	page := &Page{Title: tr(lang, "บัญชีบริการดิจิทัล", "Digital Service Registry"), Lang: lang}
	return renderPage(page, specs, lang)
}
