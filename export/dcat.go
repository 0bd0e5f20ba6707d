package export

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/khlang/khlang/catalog"
)

// Catalog metadata: DCAT-AP 3 with StatDCAT-AP links to the SDMX structures, mapped from
// the GD-Catalog fields as the crosswalk in the project's reference (§4.6) says.

// EU vocabularies (publications.europa.eu authority tables).
const (
	euFrequency    = "http://publications.europa.eu/resource/authority/frequency/"
	euCountry      = "http://publications.europa.eu/resource/authority/country/"
	euLanguage     = "http://publications.europa.eu/resource/authority/language/"
	euFileType     = "http://publications.europa.eu/resource/authority/file-type/"
	euAccessRight  = "http://publications.europa.eu/resource/authority/access-right/"
	ianaMediaTypes = "http://www.iana.org/assignments/media-types/"
	hvdLegislation = "http://data.europa.eu/eli/reg_impl/2023/138/oj"
	sdmxStandard   = "https://sdmx.org/?page_id=5008"
)

// CatalogInfo describes the catalog itself.
type CatalogInfo struct {
	SiteURL     string
	Title       string
	TitleEN     string
	Description string
	Publisher   string
	Modified    time.Time
}

func (c *CatalogInfo) site() string { return strings.TrimRight(c.SiteURL, "/") }

// euFrequencies maps the GD-Catalog's update_frequency_unit to the EU frequency table
// and to data.json's ISO 8601 repeating durations.
var euFrequencies = map[string][2]string{
	"ปี": {"ANNUAL", "R/P1Y"}, "ครึ่งปี": {"ANNUAL_2", "R/P6M"}, "ไตรมาส": {"QUARTERLY", "R/P3M"},
	"เดือน": {"MONTHLY", "R/P1M"}, "สัปดาห์": {"WEEKLY", "R/P1W"}, "วัน": {"DAILY", "R/P1D"},
	"วันทำการ": {"DAILY", "R/P1D"}, "ชั่วโมง": {"HOURLY", "R/PT1H"}, "นาที": {"CONT", "R/PT1M"},
	"ตามเวลาจริง": {"CONT", "R/PT1S"}, "ไม่มีการปรับปรุงหลังจากการจัดเก็บข้อมูล": {"NEVER", "irregular"},
}

// languages maps the GD-Catalog's data_language to EU language codes and BCP 47 tags.
var languages = map[string][2]string{
	"ไทย": {"THA", "th"}, "อังกฤษ": {"ENG", "en"}, "จีน": {"ZHO", "zh"}, "มลายู": {"MSA", "ms"},
	"พม่า": {"MYA", "my"}, "ลาว": {"LAO", "lo"}, "เขมร": {"KHM", "km"}, "ญี่ปุ่น": {"JPN", "ja"},
	"เกาหลี": {"KOR", "ko"}, "ฝรั่งเศส": {"FRA", "fr"}, "เยอรมัน": {"DEU", "de"}, "อารบิก": {"ARA", "ar"},
}

// accessRight maps data_category to the EU access-right table and data.json accessLevel.
func accessRight(category string) (eu, pod string) {
	switch category {
	case "", "ข้อมูลสาธารณะ":
		return "PUBLIC", "public"
	case "ข้อมูลส่วนบุคคล":
		return "NON_PUBLIC", "non-public"
	}
	return "RESTRICTED", "restricted public"
}

// datasetURL is the page (and the DCAT subject) of a dataset.
func datasetURL(site string, d *catalog.Dataset) string {
	return site + "/dataset/" + url.PathEscape(d.Name)
}

func orgURL(site string, g *catalog.Group) string {
	return site + "/organization/" + url.PathEscape(g.Name)
}

// IndicatorFormats are the indicator export extensions with their media types, in the
// order they are offered.
var IndicatorFormats = []struct{ Ext, MediaType, Title string }{
	{"sdmx.csv", "application/vnd.sdmx.data+csv; version=2.0.0", "SDMX-CSV 2.0"},
	{"sdmx.json", "application/vnd.sdmx.data+json; version=2.0.0", "SDMX-JSON 2.0"},
	{"jsonstat.json", "application/json", "JSON-stat 2.0"},
	{"csv", "text/csv", "CSV (reporting template)"},
	{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX (reporting template)"},
}

// datasetDescriptions maps one dataset to its DCAT-AP descriptions: the dataset, its
// distributions (resources, and for indicators the exports), its publisher, contact
// point, period of time and themes.
func datasetDescriptions(site string, d *catalog.Dataset) []*description {
	self := datasetURL(site, d)
	bn := func(s string) term { return bnode("n" + strings.ReplaceAll(d.ID, "-", "") + s) }
	ds := &description{subject: iri(self), types: []string{"dcat:Dataset"}}
	out := []*description{ds}
	title := d.Title
	if title == "" {
		title = d.Name
	}
	ds.add("dct:title", langLit(title, "th"))
	if d.TitleEN != "" {
		ds.add("dct:title", langLit(d.TitleEN, "en"))
	}
	notes, notesEN := d.Notes, d.NotesEN
	if notes == "" && notesEN == "" {
		notes = title // DCAT-AP requires a description
	}
	ds.add("dct:description", langLit(notes, "th"))
	if notesEN != "" {
		ds.add("dct:description", langLit(notesEN, "en"))
	}
	ds.add("dct:identifier", lit(d.Name))
	ds.add("adms:identifier", lit(d.ID))
	for _, t := range d.Tags {
		ds.add("dcat:keyword", lit(t.Name))
	}
	if d.Organization != nil {
		pub := &description{subject: iri(orgURL(site, d.Organization)), types: []string{"foaf:Agent", "foaf:Organization"}}
		pub.add("foaf:name", langLit(orDefault(d.Organization.Title, d.Organization.Name), "th"))
		if d.Organization.TitleEN != "" {
			pub.add("foaf:name", langLit(d.Organization.TitleEN, "en"))
		}
		ds.add("dct:publisher", pub.subject)
		out = append(out, pub)
	}
	if d.Maintainer != "" || d.MaintainerEmail != "" {
		cp := &description{subject: bn("contact"), types: []string{"vcard:Kind", "vcard:Organization"}}
		cp.add("vcard:fn", lit(orDefault(d.Maintainer, d.MaintainerEmail)))
		if d.MaintainerEmail != "" {
			cp.add("vcard:hasEmail", iri("mailto:"+d.MaintainerEmail))
		}
		ds.add("dcat:contactPoint", cp.subject)
		out = append(out, cp)
	}
	if f, ok := euFrequencies[d.GDC.UpdateFrequencyUnit]; ok {
		ds.add("dct:accrualPeriodicity", iri(euFrequency+f[0]))
	}
	for _, a := range d.Indicator.ReferenceArea {
		if len(a) == 3 {
			ds.add("dct:spatial", iri(euCountry+a))
		}
	}
	if d.GDC.FirstYearOfData != nil || d.GDC.LastYearOfData != nil {
		pt := &description{subject: bn("period"), types: []string{"dct:PeriodOfTime"}}
		if y := d.GDC.FirstYearOfData; y != nil {
			pt.add("dcat:startDate", typed(fmt.Sprintf("%04d", *y), "xsd:gYear"))
		}
		if y := d.GDC.LastYearOfData; y != nil {
			pt.add("dcat:endDate", typed(fmt.Sprintf("%04d", *y), "xsd:gYear"))
		}
		ds.add("dct:temporal", pt.subject)
		out = append(out, pt)
	}
	if d.GDC.DataSource != "" {
		src := &description{subject: bn("source"), types: []string{"prov:Entity"}}
		src.add("rdfs:label", langLit(d.GDC.DataSource, "th"))
		if en := extra(d, "source_agency_en"); en != "" {
			src.add("rdfs:label", langLit(en, "en"))
		}
		ds.add("prov:wasDerivedFrom", src.subject)
		out = append(out, src)
	}
	eu, _ := accessRight(d.GDC.DataCategory)
	ds.add("dct:accessRights", iri(euAccessRight+eu))
	license := licenseIRI(d.LicenseID)
	if license != "" {
		ds.add("dct:license", iri(license))
	}
	if d.GDC.AccessibleCondition != "" {
		rs := &description{subject: bn("rights"), types: []string{"dct:RightsStatement"}}
		rs.add("rdfs:label", langLit(d.GDC.AccessibleCondition, "th"))
		ds.add("dct:rights", rs.subject)
		out = append(out, rs)
	}
	for _, l := range d.GDC.DataLanguage {
		if c, ok := languages[l]; ok {
			ds.add("dct:language", iri(euLanguage+c[0]))
		}
	}
	ds.add("dct:issued", typed(d.MetadataCreated.UTC().Format(time.RFC3339), "xsd:dateTime"))
	ds.add("dct:modified", typed(d.MetadataModified.UTC().Format(time.RFC3339), "xsd:dateTime"))
	if d.URL != "" && isAbsURL(d.URL) {
		ds.add("dcat:landingPage", iri(d.URL))
	}
	ds.add("foaf:page", iri(self))
	if d.Version != "" {
		ds.add("dcat:version", lit(d.Version))
	}
	for _, g := range d.Groups {
		th := &description{subject: iri(site + "/group/" + url.PathEscape(g.Name)), types: []string{"skos:Concept"}}
		th.add("skos:prefLabel", langLit(orDefault(g.Title, g.Name), "th"))
		if g.TitleEN != "" {
			th.add("skos:prefLabel", langLit(g.TitleEN, "en"))
		}
		ds.add("dcat:theme", th.subject)
		out = append(out, th)
	}
	if d.GDC.HighValueDataset {
		ds.add("dcatap:applicableLegislation", iri(hvdLegislation))
	}

	// Distributions: the resources.
	for i := range d.Resources {
		r := &d.Resources[i]
		dist := &description{subject: iri(self + "/resource/" + url.PathEscape(r.ID)), types: []string{"dcat:Distribution"}}
		dict := r.Dict(site)
		download, _ := dict["url"].(string)
		dist.add("dcat:accessURL", iri(self+"/resource/"+url.PathEscape(r.ID)))
		if isAbsURL(download) {
			dist.add("dcat:downloadURL", iri(download))
		}
		dist.add("dct:title", lit(orDefault(r.Name, r.ID)))
		dist.add("dct:description", lit(r.Description))
		if r.Format != "" {
			dist.add("dct:format", iri(euFileType+strings.ToUpper(r.Format)))
		}
		if r.MimeType != "" {
			dist.add("dcat:mediaType", iri(ianaMediaTypes+r.MimeType))
		}
		if r.Size != nil {
			dist.add("dcat:byteSize", typed(strconv.FormatInt(*r.Size, 10), "xsd:nonNegativeInteger"))
		}
		if license != "" {
			dist.add("dct:license", iri(license))
		}
		dist.add("dct:issued", typed(r.Created.UTC().Format(time.RFC3339), "xsd:dateTime"))
		dist.add("dct:modified", typed(r.MetadataModified.UTC().Format(time.RFC3339), "xsd:dateTime"))
		ds.add("dcat:distribution", dist.subject)
		out = append(out, dist)
	}

	// Indicators: the exports as distributions, and StatDCAT-AP links to the SDMX
	// structures (data structure, dataflow, dimensions, attributes, unit of measure).
	if d.Indicator.IndicatorCode != "" {
		flow := FlowOf(d)
		flowURL := site + "/sdmx/dataflow/" + flow.Agency + "/" + flow.ID + "/" + flow.Version
		dsdURL := site + "/sdmx/datastructure/" + DSD.Agency + "/" + DSD.ID + "/" + DSD.Version
		for _, f := range IndicatorFormats {
			u := self + "/indicator." + f.Ext
			dist := &description{subject: iri(u), types: []string{"dcat:Distribution"}}
			dist.add("dcat:accessURL", iri(u))
			dist.add("dcat:downloadURL", iri(u))
			dist.add("dct:title", lit(f.Title))
			dist.add("dcat:mediaType", iri(ianaMediaTypes+strings.SplitN(f.MediaType, ";", 2)[0]))
			if strings.HasPrefix(f.Ext, "sdmx") {
				dist.add("dct:conformsTo", iri(dsdURL))
				dist.add("dct:conformsTo", iri(sdmxStandard))
			}
			if license != "" {
				dist.add("dct:license", iri(license))
			}
			ds.add("dcat:distribution", dist.subject)
			out = append(out, dist)
		}
		ds.add("dct:relation", iri(flowURL))
		ds.add("stat:dataStructureDefinition", iri(dsdURL))
		for _, c := range append(append([]component{}, seriesDims...), timeDim) {
			ds.add("stat:dimension", iri(dsdURL+"#"+c.ID))
		}
		for _, c := range append(append([]component{}, seriesAttr...), obsAttr) {
			ds.add("stat:attribute", iri(dsdURL+"#"+c.ID))
		}
		if code := extra(d, "unit_measure_code"); code != "" {
			ds.add("stat:statUnitMeasure", iri(site+"/sdmx/codelist/"+Units.ID+"#"+url.PathEscape(code)))
		}
	}
	return out
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func isAbsURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// licenseIRI is the URL of a license from the register, or "".
func licenseIRI(id string) string {
	if l, ok := catalog.LicenseByID(id); ok && l.URL != "" {
		return l.URL
	}
	return ""
}

// catalogDescriptions describes the catalog (one page of it): the catalog, its
// publisher, the data services and, when paged, the hydra paging.
func catalogDescriptions(info *CatalogInfo, datasets []*catalog.Dataset, page, pageSize, total int) []*description {
	site := info.site()
	cat := &description{subject: iri(site + "/"), types: []string{"dcat:Catalog"}}
	cat.add("dct:title", langLit(orDefault(info.Title, "Khlang"), "th"))
	if info.TitleEN != "" {
		cat.add("dct:title", langLit(info.TitleEN, "en"))
	}
	cat.add("dct:description", langLit(orDefault(info.Description, info.Title), "en"))
	pub := &description{subject: iri(site + "/#publisher"), types: []string{"foaf:Agent", "foaf:Organization"}}
	pub.add("foaf:name", lit(orDefault(info.Publisher, orDefault(info.Title, "Khlang"))))
	cat.add("dct:publisher", pub.subject)
	cat.add("foaf:homepage", iri(site+"/"))
	cat.add("dct:language", iri(euLanguage+"THA"), iri(euLanguage+"ENG"))
	if !info.Modified.IsZero() {
		cat.add("dct:modified", typed(info.Modified.UTC().Format(time.RFC3339), "xsd:dateTime"))
	}
	sdmx := &description{subject: iri(site + "/sdmx"), types: []string{"dcat:DataService"}}
	sdmx.add("dct:title", langLit("SDMX REST API", "en"))
	sdmx.add("dcat:endpointURL", iri(site+"/sdmx"))
	sdmx.add("dcat:endpointDescription", iri(site+"/sdmx/dataflow"))
	sdmx.add("dct:conformsTo", iri(sdmxStandard))
	ckan := &description{subject: iri(site + "/api/3/action"), types: []string{"dcat:DataService"}}
	ckan.add("dct:title", langLit("CKAN Action API", "en"))
	ckan.add("dcat:endpointURL", iri(site+"/api/3/action"))
	for _, d := range datasets {
		cat.add("dcat:dataset", iri(datasetURL(site, d)))
		ckan.add("dcat:servesDataset", iri(datasetURL(site, d)))
		if d.Indicator.IndicatorCode != "" {
			sdmx.add("dcat:servesDataset", iri(datasetURL(site, d)))
		}
	}
	cat.add("dcat:service", sdmx.subject, ckan.subject)
	out := []*description{cat, pub, sdmx, ckan}
	if page > 0 {
		last := max(1, (total+pageSize-1)/pageSize)
		pageURL := func(p int) term { return iri(fmt.Sprintf("%s/catalog.ttl?page=%d", site, p)) }
		pc := &description{subject: pageURL(page), types: []string{"hydra:PagedCollection"}}
		pc.add("hydra:totalItems", typed(strconv.Itoa(total), "xsd:integer"))
		pc.add("hydra:itemsPerPage", typed(strconv.Itoa(pageSize), "xsd:integer"))
		pc.add("hydra:firstPage", pageURL(1))
		pc.add("hydra:lastPage", pageURL(last))
		if page > 1 {
			pc.add("hydra:previousPage", pageURL(page-1))
		}
		if page < last {
			pc.add("hydra:nextPage", pageURL(page+1))
		}
		out = append(out, pc)
	}
	return out
}

// WriteDatasetDCAT writes one dataset's DCAT-AP description in the syntax of ext ("ttl",
// "jsonld" or "rdf").
func WriteDatasetDCAT(w io.Writer, ext, siteURL string, d *catalog.Dataset) error {
	rw, ok := newRDFWriter(w, ext)
	if !ok {
		return fmt.Errorf("export: unknown metadata format %q", ext)
	}
	if err := rw.begin(); err != nil {
		return err
	}
	for _, desc := range datasetDescriptions(strings.TrimRight(siteURL, "/"), d) {
		if err := rw.write(desc); err != nil {
			return err
		}
	}
	return rw.end()
}

// WriteCatalogDCAT writes one page of the catalog (page 0: unpaged) with its datasets.
// total is the number of datasets over all pages.
func WriteCatalogDCAT(ctx context.Context, w io.Writer, ext string, info *CatalogInfo, datasets []*catalog.Dataset, page, pageSize, total int) error {
	rw, ok := newRDFWriter(w, ext)
	if !ok {
		return fmt.Errorf("export: unknown metadata format %q", ext)
	}
	if err := rw.begin(); err != nil {
		return err
	}
	for _, desc := range catalogDescriptions(info, datasets, page, pageSize, total) {
		if err := rw.write(desc); err != nil {
			return err
		}
	}
	seen := map[string]bool{}
	for _, d := range datasets {
		if err := ctx.Err(); err != nil {
			return err
		}
		for _, desc := range datasetDescriptions(info.site(), d) {
			// Publishers and themes are shared by many datasets: describe each once.
			if desc.subject.iri != "" && desc.types[0] != "dcat:Dataset" && desc.types[0] != "dcat:Distribution" {
				if seen[desc.subject.iri] {
					continue
				}
				seen[desc.subject.iri] = true
			}
			if err := rw.write(desc); err != nil {
				return err
			}
		}
	}
	return rw.end()
}
