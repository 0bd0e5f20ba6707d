package charts

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Sample-catalog names of the e-Office tables (seed/content/eoffice.go).
const (
	eOfficeDataset       = "e-office-metadata"
	eOfficeAgenciesFile  = "e-office-agencies.csv"
	eOfficeDocumentsFile = "e-office-documents-monthly.csv"
)

// ministryEN names the parent bodies the e-Office table gives in Thai.
var ministryEN = map[string]string{
	"สำนักนายกรัฐมนตรี":                   "Office of the Prime Minister",
	"กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม": "Ministry of Digital Economy and Society",
}

// EOffice is the e-Office dashboard: adoption (agencies linked) by ministry, each agency's
// paperless share in the latest month, and the paperless share over time.
func (d *Dashboards) EOffice(ctx context.Context, lang string) (*Page, error) {
	lang = normLang(lang)
	return cached(ctx, d, "e-office/"+lang, func(ctx context.Context) (*Page, error) {
		return d.eOffice(ctx, lang)
	})
}

func (d *Dashboards) eOffice(ctx context.Context, lang string) (*Page, error) {
	ds, err := d.publicDataset(ctx, eOfficeDataset)
	if err != nil {
		return nil, err
	}
	agencies, err := tableOf(ds, eOfficeAgenciesFile)
	if err != nil {
		return nil, err
	}
	adoption := newGrid()
	names := map[string]string{}
	err = d.scan(ctx, agencies, []string{"agency_code", "agency_name_th", "agency_name_en", "parent_th", "linked"}, func(r row) error {
		names[r.str("agency_code")] = pick(lang, r.str("agency_name_th"), r.str("agency_name_en"))
		parent := r.str("parent_th")
		status, label := "no", tr(lang, "ยังไม่เชื่อมโยง", "Not linked")
		if strings.EqualFold(r.str("linked"), "true") {
			status, label = "yes", tr(lang, "เชื่อมโยงแล้ว", "Linked")
		}
		adoption.add(parent, pick(lang, parent, ministryEN[parent]), status, label, 1)
		return nil
	})
	if err != nil {
		return nil, err
	}
	parents := adoption.rows.byValue()
	pl, _ := adoption.rows.series(parents, 1)
	var as []series
	for _, k := range adoption.cols.inOrder([]string{"yes", "no"}) {
		as = append(as, series{adoption.cols.labels[k], adoption.column(k, parents, 1)})
	}
	linked := adoption.cols.sums["yes"]
	agencyUnit := tr(lang, "หน่วยงาน", "agencies")
	specs := []*spec{{
		id: "eoffice_adoption", title: tr(lang, "หน่วยงานที่เชื่อมโยงระบบ e-Office", "Agencies with linked e-Office systems"),
		note: fmt.Sprintf(tr(lang, "เชื่อมโยงแล้ว %s จาก %s หน่วยงาน", "%s of %s agencies linked"), formatNumber(linked, 0), formatNumber(adoption.rows.total(), 0)),
		kind: kindHBar, stack: true, categories: pl, series: as,
		catHeader: tr(lang, "สังกัด", "Ministry"), unit: agencyUnit, dataURL: agencies.searchURL(),
	}}
	if docs, err := tableOf(ds, eOfficeDocumentsFile); err == nil {
		more, err := d.eOfficeDocuments(ctx, lang, docs, names)
		if err != nil {
			return nil, err
		}
		specs = append(specs, more...)
	}
	page := &Page{Title: tr(lang, "e-Office ภาครัฐแบบไร้กระดาษ", "Paperless government e-Office"), Lang: lang}
	return renderPage(page, specs, lang)
}

func (d *Dashboards) eOfficeDocuments(ctx context.Context, lang string, docs table, names map[string]string) ([]*spec, error) {
	type counts struct{ docs, elec float64 }
	byMonth := map[string]*counts{}
	byAgencyMonth := map[[2]string]*counts{}
	err := d.scan(ctx, docs, []string{"agency_code", "month", "documents_sent", "documents_received", "exchanged_electronically"}, func(r row) error {
		total := r.num("documents_sent") + r.num("documents_received")
		elec := r.num("exchanged_electronically")
		if math.IsNaN(total) || math.IsNaN(elec) {
			return nil
		}
		month := r.str("month")
		for _, c := range []*counts{get(byMonth, month), get(byAgencyMonth, [2]string{r.str("agency_code"), month})} {
			c.docs += total
			c.elec += elec
		}
		return nil
	})
	if err != nil {
		return d.skipAll(err, "e-Office documents")
	}
	if len(byMonth) == 0 {
		return nil, nil
	}
	months := make([]string, 0, len(byMonth))
	for m := range byMonth {
		months = append(months, m)
	}
	slices.Sort(months)
	latest := months[len(months)-1]
	share := func(c *counts) float64 {
		if c == nil || c.docs == 0 {
			return math.NaN()
		}
		return 100 * c.elec / c.docs
	}
	trend := make([]float64, len(months))
	for i, m := range months {
		trend[i] = share(byMonth[m])
	}
	agencies := newTally()
	for k, c := range byAgencyMonth {
		if k[1] == latest {
			name := names[k[0]]
			if name == "" {
				name = k[0]
			}
			agencies.add(k[0], name, share(c))
		}
	}
	al, av := agencies.series(agencies.byValue(), 1)
	pct := tr(lang, "ร้อยละ", "percent")
	shareName := tr(lang, "สัดส่วนไร้กระดาษ", "Paperless share")
	return []*spec{{
		id: "eoffice_paperless_by_agency", title: fmt.Sprintf(tr(lang, "สัดส่วนหนังสือที่แลกเปลี่ยนทางอิเล็กทรอนิกส์ รายหน่วยงาน (%s)", "Paperless share by agency (%s)"), latest),
		kind: kindHBar, categories: al, series: []series{{shareName, av}}, decimals: 1,
		catHeader: tr(lang, "หน่วยงาน", "Agency"), unit: pct, dataURL: docs.searchURL(),
	}, {
		id: "eoffice_paperless_trend", title: tr(lang, "สัดส่วนไร้กระดาษรายเดือน", "Paperless share by month"),
		note: tr(lang, "หนังสือที่แลกเปลี่ยนทางอิเล็กทรอนิกส์ ÷ หนังสือรับและส่งทั้งหมด", "documents exchanged electronically ÷ all documents sent and received"),
		kind: kindLine, categories: months, series: []series{{shareName, trend}}, decimals: 1,
		catHeader: tr(lang, "เดือน", "Month"), unit: pct, dataURL: docs.searchURL(),
	}}, nil
}

// get returns m[k], creating it.
func get[K comparable, V any](m map[K]*V, k K) *V {
	v, ok := m[k]
	if !ok {
		v = new(V)
		m[k] = v
	}
	return v
}
