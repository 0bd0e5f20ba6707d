package export

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/khlang/khlang/catalog"
)

// DCAT-US (Project Open Data metadata schema v1.1, data.json) and schema.org Dataset.

// PODSchema is the conformsTo value data.json v1.1 requires.
const PODSchema = "https://project-open-data.cio.gov/v1.1/schema"

// DataJSONDataset maps a dataset onto a data.json v1.1 dataset object.
func DataJSONDataset(siteURL string, d *catalog.Dataset) map[string]any {
	site := strings.TrimRight(siteURL, "/")
	self := datasetURL(site, d)
	title := orDefault(d.Title, d.Name)
	desc := orDefault(d.Notes, orDefault(d.NotesEN, title))
	keywords := []string{}
	for _, t := range d.Tags {
		keywords = append(keywords, t.Name)
	}
	if len(keywords) == 0 {
		keywords = append(keywords, d.Name) // keyword is required, with at least one entry
	}
	_, level := accessRight(d.GDC.DataCategory)
	out := map[string]any{
		"@type": "dcat:Dataset", "title": title, "description": desc, "keyword": keywords,
		"modified": d.MetadataModified.UTC().Format(time.RFC3339), "issued": d.MetadataCreated.UTC().Format("2006-01-02"),
		"identifier": self, "accessLevel": level, "landingPage": self,
	}
	pub := map[string]any{"@type": "org:Organization", "name": "Khlang"}
	if d.Organization != nil {
		pub["name"] = orDefault(d.Organization.Title, d.Organization.Name)
	}
	out["publisher"] = pub
	email := d.MaintainerEmail
	if email == "" {
		email = d.AuthorEmail
	}
	cp := map[string]any{"@type": "vcard:Contact", "fn": orDefault(d.Maintainer, orDefault(d.Author, pub["name"].(string)))}
	if email != "" {
		cp["hasEmail"] = "mailto:" + email
	}
	out["contactPoint"] = cp
	if l := licenseIRI(d.LicenseID); l != "" {
		out["license"] = l
	}
	if d.GDC.AccessibleCondition != "" {
		out["rights"] = truncate(d.GDC.AccessibleCondition, 255)
	}
	if len(d.Indicator.ReferenceArea) > 0 {
		out["spatial"] = strings.Join(d.Indicator.ReferenceArea, ",")
	} else if d.GDC.GeoCoverage != "" {
		out["spatial"] = d.GDC.GeoCoverage
	}
	if f, l := d.GDC.FirstYearOfData, d.GDC.LastYearOfData; f != nil && l != nil {
		out["temporal"] = fmt.Sprintf("%04d-01-01/%04d-12-31", *f, *l)
	}
	if f, ok := euFrequencies[d.GDC.UpdateFrequencyUnit]; ok {
		out["accrualPeriodicity"] = f[1]
	}
	var langs []string
	for _, l := range d.GDC.DataLanguage {
		if c, ok := languages[l]; ok {
			langs = append(langs, c[1])
		}
	}
	if len(langs) > 0 {
		out["language"] = langs
	}
	var themes []string
	for _, g := range d.Groups {
		themes = append(themes, orDefault(g.TitleEN, orDefault(g.Title, g.Name)))
	}
	if len(themes) > 0 {
		out["theme"] = themes
	}
	if isAbsURL(d.URL) {
		out["references"] = []string{d.URL}
	}
	dists := []map[string]any{}
	for i := range d.Resources {
		r := &d.Resources[i]
		u, _ := r.Dict(site)["url"].(string)
		dist := map[string]any{"@type": "dcat:Distribution", "title": orDefault(r.Name, r.ID)}
		if isAbsURL(u) {
			dist["downloadURL"] = u
		} else {
			dist["accessURL"] = self + "/resource/" + r.ID
		}
		if r.MimeType != "" {
			dist["mediaType"] = r.MimeType
		}
		if r.Format != "" {
			dist["format"] = r.Format
		}
		if r.Description != "" {
			dist["description"] = r.Description
		}
		dists = append(dists, dist)
	}
	if d.Indicator.IndicatorCode != "" {
		for _, f := range IndicatorFormats {
			dists = append(dists, map[string]any{"@type": "dcat:Distribution", "title": f.Title,
				"downloadURL": self + "/indicator." + f.Ext, "mediaType": strings.SplitN(f.MediaType, ";", 2)[0]})
		}
	}
	out["distribution"] = dists
	return out
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

// DataJSONWriter streams a data.json catalog: Begin, one Dataset per dataset, End.
type DataJSONWriter struct {
	w     *bufio.Writer
	site  string
	first bool
}

// NewDataJSONWriter starts a data.json catalog on w.
func NewDataJSONWriter(w io.Writer, siteURL string) (*DataJSONWriter, error) {
	dw := &DataJSONWriter{w: bufio.NewWriterSize(w, 32<<10), site: siteURL, first: true}
	_, err := dw.w.WriteString(`{"@context":"https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld","@type":"dcat:Catalog",` +
		`"conformsTo":"` + PODSchema + `","describedBy":"` + PODSchema + `/catalog.json","dataset":[`)
	return dw, err
}

// Dataset writes one dataset.
func (dw *DataJSONWriter) Dataset(d *catalog.Dataset) error {
	b, err := json.Marshal(DataJSONDataset(dw.site, d))
	if err != nil {
		return err
	}
	if !dw.first {
		dw.w.WriteByte(',')
	}
	dw.first = false
	dw.w.WriteString("\n")
	_, err = dw.w.Write(b)
	return err
}

// End closes the catalog and flushes it.
func (dw *DataJSONWriter) End() error {
	dw.w.WriteString("\n]}\n")
	return dw.w.Flush()
}

// SchemaOrgDataset is the schema.org Dataset of a dataset, as JSON-LD for a web page's
// <script type="application/ld+json"> (json.Marshal escapes <, > and &, so the result
// can be embedded as it is). Google Dataset Search reads it.
func SchemaOrgDataset(siteURL string, d *catalog.Dataset) map[string]any {
	site := strings.TrimRight(siteURL, "/")
	self := datasetURL(site, d)
	title := orDefault(d.Title, d.Name)
	desc := orDefault(d.NotesEN, orDefault(d.Notes, title))
	out := map[string]any{
		"@context": "https://schema.org/", "@type": "Dataset", "@id": self, "url": self,
		"name": title, "description": desc, "identifier": d.Name,
		"dateCreated": d.MetadataCreated.UTC().Format(time.RFC3339), "dateModified": d.MetadataModified.UTC().Format(time.RFC3339),
		"includedInDataCatalog": map[string]any{"@type": "DataCatalog", "name": "Khlang", "url": site + "/"},
	}
	if d.TitleEN != "" {
		out["alternateName"] = d.TitleEN
	}
	var kw []string
	for _, t := range d.Tags {
		kw = append(kw, t.Name)
	}
	if len(kw) > 0 {
		out["keywords"] = kw
	}
	if d.Organization != nil {
		org := map[string]any{"@type": "Organization", "name": orDefault(d.Organization.Title, d.Organization.Name),
			"url": orgURL(site, d.Organization)}
		if d.MaintainerEmail != "" {
			org["contactPoint"] = map[string]any{"@type": "ContactPoint", "contactType": "data maintainer",
				"name": d.Maintainer, "email": d.MaintainerEmail}
		}
		out["creator"], out["publisher"] = org, org
	}
	if l := licenseIRI(d.LicenseID); l != "" {
		out["license"] = l
	}
	_, level := accessRight(d.GDC.DataCategory)
	out["isAccessibleForFree"] = level == "public"
	if d.GDC.AccessibleCondition != "" {
		out["conditionsOfAccess"] = d.GDC.AccessibleCondition
	}
	if f, l := d.GDC.FirstYearOfData, d.GDC.LastYearOfData; f != nil && l != nil {
		out["temporalCoverage"] = fmt.Sprintf("%04d/%04d", *f, *l)
	}
	var places []map[string]any
	for _, a := range d.Indicator.ReferenceArea {
		places = append(places, map[string]any{"@type": "Country", "name": codeOf(&Areas, a).NameEN, "identifier": a})
	}
	if len(places) > 0 {
		out["spatialCoverage"] = places
	}
	if d.GDC.DataSource != "" {
		out["isBasedOn"] = d.GDC.DataSource
	}
	var langs []string
	for _, l := range d.GDC.DataLanguage {
		if c, ok := languages[l]; ok {
			langs = append(langs, c[1])
		}
	}
	if len(langs) > 0 {
		out["inLanguage"] = langs
	}
	if d.GDC.UnitOfMeasure != "" || d.Indicator.IndicatorCode != "" {
		vm := map[string]any{"@type": "PropertyValue", "name": orDefault(d.TitleEN, title)}
		if d.GDC.UnitOfMeasure != "" {
			vm["unitText"] = d.GDC.UnitOfMeasure
		}
		out["variableMeasured"] = vm
	}
	if d.Version != "" {
		out["version"] = d.Version
	}
	var dists []map[string]any
	for i := range d.Resources {
		r := &d.Resources[i]
		u, _ := r.Dict(site)["url"].(string)
		if !isAbsURL(u) {
			continue
		}
		dist := map[string]any{"@type": "DataDownload", "contentUrl": u, "name": orDefault(r.Name, r.ID)}
		if r.MimeType != "" {
			dist["encodingFormat"] = r.MimeType
		} else if r.Format != "" {
			dist["encodingFormat"] = r.Format
		}
		dists = append(dists, dist)
	}
	if d.Indicator.IndicatorCode != "" {
		for _, f := range IndicatorFormats {
			dists = append(dists, map[string]any{"@type": "DataDownload", "contentUrl": self + "/indicator." + f.Ext,
				"encodingFormat": strings.SplitN(f.MediaType, ";", 2)[0], "name": f.Title})
		}
	}
	if len(dists) > 0 {
		out["distribution"] = dists
	}
	return out
}
