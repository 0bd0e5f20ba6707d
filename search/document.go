package search

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/khlang/khlang/catalog"
)

// document is what the index stores for a dataset. Field names are CKAN's Solr field
// names, so fq written for CKAN works unchanged.
func document(d *catalog.Dataset, sortKey func(string) string) map[string]any {
	capacity := "public"
	if d.Private {
		capacity = "private"
	}
	tags := make([]string, 0, len(d.Tags))
	for _, t := range d.Tags {
		if t.VocabularyID == nil {
			tags = append(tags, t.Name)
		}
	}
	groups := make([]string, 0, len(d.Groups))
	groupTitles := make([]string, 0, len(d.Groups))
	for _, g := range d.Groups {
		groups = append(groups, g.Name)
		groupTitles = append(groupTitles, g.Title, g.TitleEN)
	}
	var formats, resNames, resDescs, resURLs []string
	for _, r := range d.Resources {
		if r.Format != "" {
			formats = append(formats, r.Format)
		}
		resNames = append(resNames, r.Name)
		resDescs = append(resDescs, r.Description)
		resURLs = append(resURLs, r.URL)
	}
	doc := map[string]any{
		"id": d.ID, "name": d.Name, "title": d.Title, "title_en": d.TitleEN, "notes": d.Notes, "notes_en": d.NotesEN,
		"title_string": sortKey(firstNonEmpty(d.Title, d.Name)),
		"tags":         tags, "groups": groups, "res_format": formats, "res_name": resNames,
		"res_description": resDescs, "res_url": resURLs, "license_id": d.LicenseID,
		"state": d.State, "capacity": capacity, "permission_labels": d.Labels(),
		"dataset_type": d.Type, "entity_type": "package", "url": d.URL, "version": d.Version,
		"author": d.Author, "maintainer": d.Maintainer, "author_email": d.AuthorEmail, "maintainer_email": d.MaintainerEmail,
		"metadata_created": d.MetadataCreated, "metadata_modified": d.MetadataModified,
		"num_resources": float64(len(d.Resources)), "num_tags": float64(len(d.Tags)),
		"private":        boolString(d.Private),
		"indicator_code": d.Indicator.IndicatorCode, "reference_area": d.Indicator.ReferenceArea,
		"data_type": d.GDC.DataType, "data_category": d.GDC.DataCategory, "update_frequency": d.GDC.UpdateFrequencyUnit,
		"geo_coverage": d.GDC.GeoCoverage, "data_source": d.GDC.DataSource, "unit_of_measure": d.GDC.UnitOfMeasure,
		"objective": d.GDC.Objective, "data_format": d.GDC.DataFormat,
		"official_statistics": boolString(d.GDC.OfficialStatistics), "high_value_dataset": boolString(d.GDC.HighValueDataset),
	}
	if d.OwnerOrg != nil {
		doc["owner_org"] = *d.OwnerOrg
	}
	if d.CreatorUserID != nil {
		doc["creator_user_id"] = *d.CreatorUserID
	}
	var orgText []string
	if d.Organization != nil {
		doc["organization"] = d.Organization.Name
		orgText = []string{d.Organization.Name, d.Organization.Title, d.Organization.TitleEN}
	}
	var frameworks, pillars, factors, dimensions, plans []string
	for _, f := range d.Indicator.Frameworks {
		frameworks = appendNew(frameworks, f.Framework)
		pillars = appendNew(pillars, f.Pillar)
		factors = appendNew(factors, f.Factor, f.SubFactor)
		dimensions = appendNew(dimensions, f.Dimension)
		plans = appendNew(plans, f.Plan)
	}
	doc["framework"], doc["pillar"], doc["factor"], doc["dimension"], doc["plan"] = frameworks, pillars, factors, dimensions, plans
	// indicator_set is the facet researchers browse by: the framework a dataset belongs to,
	// with its top-level division (e.g. "OECD-GD: Access").
	var sets []string
	for _, f := range d.Indicator.Frameworks {
		top := firstNonEmpty(f.Dimension, f.Pillar, f.Factor, f.Plan)
		if top != "" {
			sets = appendNew(sets, f.Framework+": "+top)
		}
	}
	doc["indicator_set"] = sets
	extraText := make([]string, 0, 2*len(d.Extras))
	extras := make(map[string]any, len(d.Extras))
	doc[extrasField] = extras
	for _, e := range d.Extras {
		extras[e.Key] = e.Value
		if _, taken := doc[e.Key]; !taken {
			doc[e.Key] = e.Value
		}
		extraText = append(extraText, e.Value)
	}
	// text is the rest of CKAN's catch-all field (what a query without a field searches):
	// the schema searches the titles and notes in their own fields (catchAllParts), so
	// the index does not hold those words twice.
	text := []string{d.Name, d.Author, d.Maintainer, d.URL,
		d.Indicator.IndicatorCode, d.GDC.DataSource, d.GDC.UnitOfMeasure, d.GDC.GeoCoverage, d.GDC.DataCategory}
	text = append(text, tags...)
	text = append(text, groups...)
	text = append(text, groupTitles...)
	text = append(text, orgText...)
	text = append(text, resNames...)
	text = append(text, resDescs...)
	text = append(text, formats...)
	text = append(text, extraText...)
	text = append(text, frameworks...)
	text = append(text, pillars...)
	text = append(text, factors...)
	text = append(text, dimensions...)
	text = append(text, plans...)
	if l, ok := catalog.LicenseByID(d.LicenseID); ok {
		text = append(text, l.Title)
	}
	doc["text"] = strings.Join(nonEmpty(text), "\n")
	// Only Thai bigrams are ever searched (bigramQuery), so strings without Thai stay out.
	bigram := append([]string{d.Title, d.TitleEN}, tags...)
	bigram = append(bigram, orgText...)
	doc[bigramField] = strings.Join(slices.DeleteFunc(bigram, func(s string) bool { return !hasThai(s) }), "\n")
	return doc
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func appendNew(list []string, vals ...string) []string {
	for _, v := range vals {
		if v == "" {
			continue
		}
		dup := false
		for _, x := range list {
			if x == v {
				dup = true
				break
			}
		}
		if !dup {
			list = append(list, v)
		}
	}
	return list
}

func nonEmpty(ss []string) []string {
	out := ss[:0]
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// hasThai reports whether s has a character of the Thai block.
func hasThai(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r >= 0x0E00 && r <= 0x0E7F {
			return true
		}
		i += n
	}
	return false
}
