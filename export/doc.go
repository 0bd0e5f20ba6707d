// Package export turns Khlang's indicator datasets and catalog into the formats
// statistics offices and data portals exchange: SDMX-CSV 1.0/2.0, SDMX-JSON 2.0 data
// messages, JSON-stat 2.0, CSV and XLSX reporting templates (indicators × periods with
// units, sources, status flags and Thai and English labels), an SDMX REST-style data
// API with dataflow, data-structure and codelist discovery, and catalog metadata:
// DCAT-AP 3 with StatDCAT-AP links (Turtle, JSON-LD, RDF/XML), DCAT-US data.json and
// schema.org Dataset JSON-LD.
//
// Every export reads indicators through one model, Series (observations with reference
// area, period, breakdown, value, unit, unit multiplier, status and the sample flag),
// taken from the dataset's DataStore table or, when the table is missing, its stored
// CSV file. The encoders write as they read: SDMX-CSV and the CSV template row by row,
// SDMX-JSON series by series; JSON-stat, a dense cube, is gathered first and bounded by
// MaxCubeCells.
//
// export imports catalog, catalog/datastore and search; nothing but server imports it.
package export
