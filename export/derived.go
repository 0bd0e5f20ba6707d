package export

import (
	"strings"

	"github.com/khlang/khlang/catalog"
)

// derivedFormats names the CKAN format of each indicator export extension.
var derivedFormats = map[string]string{
	"sdmx.csv": "SDMX-CSV", "sdmx.json": "SDMX-JSON", "jsonstat.json": "JSON-stat", "csv": "CSV", "xlsx": "XLSX",
}

// derivedIDInfix joins a dataset id and an export extension (dots as dashes) into the id
// of a derived resource: <dataset id>-export-sdmx-csv. Stored resource ids are UUIDs, so
// the two never meet.
const derivedIDInfix = "-export-"

// DerivedID is the resource id of a dataset's export in the format of ext.
func DerivedID(datasetID, ext string) string {
	return datasetID + derivedIDInfix + strings.ReplaceAll(ext, ".", "-")
}

// ParseDerivedID reads a DerivedID back into the dataset id and the export extension.
func ParseDerivedID(id string) (datasetID, ext string, ok bool) {
	i := strings.LastIndex(id, derivedIDInfix)
	if i <= 0 {
		return "", "", false
	}
	suffix := id[i+len(derivedIDInfix):]
	for _, f := range IndicatorFormats {
		if strings.ReplaceAll(f.Ext, ".", "-") == suffix {
			return id[:i], f.Ext, true
		}
	}
	return "", "", false
}

// HasDerived reports whether the CKAN API lists a dataset's indicator exports among its
// resources: a local indicator (an indicator code, not harvested: a harvested dataset's
// observations stay at its source) with a resource its observations may be read from (a
// DataStore table or an uploaded CSV). It reads no table or file, so a listing stays
// cheap; the export itself answers 404 when the resource holds no observations.
func HasDerived(d *catalog.Dataset) bool {
	if d == nil || d.Indicator.IndicatorCode == "" || catalog.IsHarvested(d) {
		return false
	}
	for _, r := range d.Resources {
		if r.DatastoreActive || r.URLType == "upload" && strings.EqualFold(r.Format, "CSV") {
			return true
		}
	}
	return false
}

// DerivedResources are the CKAN resource dicts of an indicator dataset's exports
// (/dataset/{name}/indicator.{ext}), after its stored resources: resource_type
// "derived", the export's format name (SDMX-CSV, SDMX-JSON, JSON-stat, CSV, XLSX) and an
// absolute URL. None for a dataset HasDerived refuses.
func DerivedResources(siteURL string, d *catalog.Dataset) []catalog.Dict {
	if !HasDerived(d) {
		return nil
	}
	site := strings.TrimRight(siteURL, "/")
	out := make([]catalog.Dict, 0, len(IndicatorFormats))
	for i, f := range IndicatorFormats {
		r := catalog.Resource{ID: DerivedID(d.ID, f.Ext), PackageID: d.ID, Name: f.Title,
			Description: "Computed by the catalog from the indicator's observations on every request; not stored.",
			Format:      derivedFormats[f.Ext], URL: site + "/dataset/" + d.Name + "/indicator." + f.Ext,
			MimeType: strings.SplitN(f.MediaType, ";", 2)[0], ResourceType: catalog.ResourceTypeDerived,
			Position: len(d.Resources) + i, State: catalog.StateActive,
			Created: d.MetadataModified, MetadataModified: d.MetadataModified}
		out = append(out, r.Dict(site))
	}
	return out
}

// DerivedResource is the derived resource with that id, when d is its dataset.
func DerivedResource(siteURL string, d *catalog.Dataset, id string) (catalog.Dict, bool) {
	for _, r := range DerivedResources(siteURL, d) {
		if r["id"] == id {
			return r, true
		}
	}
	return nil, false
}
