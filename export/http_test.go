package export

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/piprate/json-gold/ld"
	"github.com/xuri/excelize/v2"

	"github.com/khlang/khlang/catalog"
)

func TestHTTPExports(t *testing.T) {
	e := newEnv(t, true)
	tests := []struct {
		name, path, accept string
		status             int
		ctype              string
		contains           []string
		lines              int // CSV lines incl. header, when > 0
	}{
		{"indicator sdmx-csv", "/dataset/" + indA + "/indicator.sdmx.csv", "", 200, "application/vnd.sdmx.data+csv; version=2.0.0", []string{"STRUCTURE,STRUCTURE_ID,ACTION"}, 6},
		{"indicator sdmx-csv 1.0 both", "/dataset/" + indA + "/indicator.sdmx.csv?version=1.0&labels=both", "", 200, "version=1.0.0", []string{"DATAFLOW,FREQ: Frequency"}, 6},
		{"indicator from file", "/dataset/" + indB + "/indicator.sdmx.csv", "", 200, "csv", []string{",VNM,"}, 3},
		{"indicator jsonstat", "/dataset/" + indA + "/indicator.jsonstat.json", "", 200, "application/json", []string{`"class":"dataset"`}, 0},
		{"indicator xlsx", "/dataset/" + indA + "/indicator.xlsx", "", 200, "spreadsheetml", nil, 0},
		{"indicator csv bom", "/dataset/" + indA + "/indicator.csv?bom=true", "", 200, "text/csv", []string{"\ufeffรหัสตัวชี้วัด"}, 4},
		{"unknown format", "/dataset/" + indA + "/indicator.pdf", "", 404, "text/plain", nil, 0},
		{"unknown dataset", "/dataset/nope/indicator.csv", "", 404, "text/plain", nil, 0},
		{"bad labels", "/dataset/" + indA + "/indicator.sdmx.csv?labels=x", "", 400, "text/plain", nil, 0},
		{"framework adix", "/framework/adix/indicators.sdmx.csv", "", 200, "csv", []string{"TDDC-TEST-002"}, 3},
		{"framework wdcr json", "/framework/wdcr/indicators.sdmx.json", "", 200, "sdmx.data+json", []string{"TDDC-TEST-001"}, 0},
		{"unknown framework", "/framework/imf/indicators.csv", "", 404, "text/plain", nil, 0},
		{"search export", "/search/indicators.sdmx.csv?q=internet", "", 200, "csv", []string{"TDDC-TEST-001"}, 6},
		{"sdmx data csv", "/sdmx/data/TDDC,DF_TEST_001,1.0.0/A..SGP..", "application/vnd.sdmx.data+csv;version=2.0.0", 200, "csv", []string{",SGP,"}, 2},
		{"sdmx data csv 1.0 labels", "/sdmx/data/DF_TEST_001", "application/vnd.sdmx.data+csv;version=1.0.0;labels=both", 200, "version=1.0.0", []string{"DATAFLOW,", "THA: Thailand"}, 6},
		{"sdmx data periods", "/sdmx/data/DF_TEST_001/all?startPeriod=2024&endPeriod=2024", "text/csv", 200, "csv", nil, 4},
		{"sdmx data c[TIME_PERIOD]", "/sdmx/data/DF_TEST_001?c[TIME_PERIOD]=ge:2023+le:2023", "text/csv", 200, "csv", nil, 3},
		{"sdmx data json", "/sdmx/data/DF_TEST_001", "application/vnd.sdmx.data+json;version=2.0.0", 200, "sdmx.data+json", []string{`"dataSets"`}, 0},
		{"sdmx data plain json", "/sdmx/data/DF_TEST_001?dimensionAtObservation=AllDimensions", "application/json", 200, "sdmx.data+json", []string{`"observations"`}, 0},
		{"sdmx data framework flow", "/sdmx/data/DF_FW_ADIX", "text/csv", 200, "csv", []string{"TDDC-TEST-002"}, 3},
		{"sdmx data not acceptable", "/sdmx/data/DF_TEST_001", "application/xml", 406, "text/plain", nil, 0},
		{"sdmx data bad key", "/sdmx/data/DF_TEST_001/A.B", "", 400, "text/plain", []string{"FREQ.INDICATOR.REF_AREA"}, 0},
		{"sdmx data unknown flow", "/sdmx/data/DF_NOPE", "", 404, "text/plain", nil, 0},
		{"sdmx data no match", "/sdmx/data/DF_TEST_001/M....", "", 404, "text/plain", nil, 0},
		{"dataflows", "/sdmx/dataflow", "", 200, "application/json", []string{`"DF_TEST_001"`, `"DF_FW_WDCR"`, `"DF_TEST_002"`}, 0},
		{"one dataflow", "/sdmx/dataflow/TDDC/DF_TEST_002/1.0.0", "", 200, "application/json", []string{`"Digital content value"`}, 0},
		{"datastructure", "/sdmx/datastructure/TDDC/DSD_INDICATOR/1.0.0", "", 200, "application/json", []string{`"TIME_PERIOD"`, "CL_AREA"}, 0},
		{"codelist", "/sdmx/codelist/CL_AREA", "", 200, "application/json", []string{`"THA"`, "ไทย", "Viet Nam"}, 0},
		{"unknown codelist", "/sdmx/codelist/CL_NOPE", "", 404, "text/plain", nil, 0},
		{"dataset dcat", "/dataset/" + indA + "/dcat.ttl", "", 200, "text/turtle", []string{"dcat:Dataset"}, 0},
		{"dataset schema.org", "/dataset/" + indA + "/schema.jsonld", "", 200, "application/ld+json", []string{`"@type":"Dataset"`, `"temporalCoverage":"2023/2024"`}, 0},
		{"catalog page 2 absent", "/catalog.ttl?page=2", "", 404, "text/plain", nil, 0},
		{"catalog bad page", "/catalog.ttl?page=x", "", 400, "text/plain", nil, 0},
		{"data.json", "/data.json", "", 200, "application/json", []string{`"conformsTo":"https://project-open-data.cio.gov/v1.1/schema"`, `"accessLevel":"public"`, `"accrualPeriodicity":"R/P1Y"`}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, ct, body := e.get(t, tt.path, tt.accept)
			if status != tt.status {
				t.Fatalf("status %d, want %d: %s", status, tt.status, body)
			}
			if !strings.Contains(ct, tt.ctype) {
				t.Errorf("content type %q, want %q", ct, tt.ctype)
			}
			for _, c := range tt.contains {
				if !bytes.Contains(body, []byte(c)) {
					t.Errorf("body lacks %q:\n%.600s", c, body)
				}
			}
			if tt.lines > 0 {
				if n := strings.Count(strings.TrimSpace(string(body)), "\n") + 1; n != tt.lines {
					t.Errorf("%d lines, want %d:\n%s", n, tt.lines, body)
				}
			}
		})
	}
	t.Run("sdmx-json over HTTP is valid", func(t *testing.T) {
		for _, p := range []string{"/sdmx/data/DF_TEST_001", "/sdmx/data/DF_TEST_001?dimensionAtObservation=AllDimensions", "/framework/wdcr/indicators.sdmx.json"} {
			_, _, body := e.get(t, p, "")
			got := checkSDMXJSON(t, body)
			if v := got[obsKey{"THA", "F", "2024"}]; v != [2]string{"91.25", "P"} {
				t.Errorf("%s: THA F 2024 = %v", p, v)
			}
		}
	})
	t.Run("DatasetMetadata for the web layer", func(t *testing.T) {
		for ext, want := range map[string]string{"ttl": "@prefix dcat:", "rdf": "<rdf:RDF", "jsonld": `"@graph"`, "json": `"@type":"Dataset"`} {
			rec := httptest.NewRecorder()
			e.h.DatasetMetadata(rec, httptest.NewRequest("GET", "/dataset/"+indA+"."+ext, nil), indA, ext)
			if rec.Code != 200 || !strings.Contains(rec.Body.String(), want) {
				t.Errorf("%s: %d %.200s", ext, rec.Code, rec.Body.String())
			}
		}
		rec := httptest.NewRecorder()
		e.h.DatasetMetadata(rec, httptest.NewRequest("GET", "/dataset/"+indP+".ttl", nil), indP, "ttl")
		if rec.Code != 404 {
			t.Errorf("private dataset metadata: %d", rec.Code)
		}
	})
}

// TestPrivateDatasetAbsent fetches every listing and export anonymously: the private
// indicator appears in none; as a sysadmin it does, so the policy is what hides it.
func TestPrivateDatasetAbsent(t *testing.T) {
	for _, withIndex := range []bool{true, false} {
		t.Run(map[bool]string{true: "search index", false: "catalog scan"}[withIndex], func(t *testing.T) {
			e := newEnv(t, withIndex)
			paths := []string{"/catalog.ttl", "/catalog.jsonld", "/catalog.rdf", "/data.json", "/sdmx/dataflow",
				"/sdmx/data/DF_FW_WDCR", "/sdmx/data/DF_FW_WDCR?format=csv"}
			for _, f := range IndicatorFormats {
				paths = append(paths, "/framework/wdcr/indicators."+f.Ext)
				if withIndex {
					paths = append(paths, "/search/indicators."+f.Ext)
				}
			}
			leak := regexp.MustCompile(`(?i)secret|ตัวชี้วัดลับ`)
			text := func(path string, body []byte) string {
				if strings.HasSuffix(path, ".xlsx") {
					f, err := excelize.OpenReader(bytes.NewReader(body))
					if err != nil {
						t.Fatalf("%s: %v", path, err)
					}
					defer f.Close()
					rows, _ := f.GetRows(SheetData)
					var b strings.Builder
					for _, r := range rows {
						b.WriteString(strings.Join(r, ",") + "\n")
					}
					return b.String()
				}
				return string(body)
			}
			for _, p := range paths {
				status, _, body := e.get(t, p, "")
				if status != 200 {
					t.Errorf("%s: status %d: %s", p, status, body)
					continue
				}
				if leak.MatchString(text(p, body)) {
					t.Errorf("%s shows the private dataset", p)
				}
			}
			for _, p := range []string{"/dataset/" + indP + "/indicator.sdmx.csv", "/dataset/" + indP + "/dcat.ttl",
				"/dataset/" + indP + "/schema.jsonld", "/sdmx/data/DF_SECRET", "/sdmx/dataflow/TDDC/DF_SECRET"} {
				if status, _, _ := e.get(t, p, ""); status != 404 {
					t.Errorf("%s: status %d, want 404", p, status)
				}
			}
			e.actor = &catalog.Actor{User: &catalog.User{ID: "root", Name: "root", Sysadmin: true}}
			for _, p := range []string{"/framework/wdcr/indicators.sdmx.csv", "/catalog.ttl", "/dataset/" + indP + "/indicator.csv"} {
				if _, _, body := e.get(t, p, ""); !leak.Match(body) {
					t.Errorf("%s as sysadmin lacks the private dataset", p)
				}
			}
		})
	}
}

// rapperPath finds Debian's raptor parser, installing raptor2-utils in CI.
func rapperPath(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("rapper"); err == nil {
		return p
	}
	if os.Getenv("CI") == "" {
		t.Log("rapper (raptor2-utils) is not installed: Turtle and RDF/XML are checked by JSON-LD agreement only")
		return ""
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if out, err := exec.CommandContext(ctx, "apt-get", "install", "-y", "-qq", "raptor2-utils").CombinedOutput(); err != nil {
		t.Fatalf("CI must check DCAT with rapper: apt-get install raptor2-utils: %v\n%s", err, out)
	}
	p, err := exec.LookPath("rapper")
	if err != nil {
		t.Fatalf("rapper not found after installing raptor2-utils: %v", err)
	}
	return p
}

type triple struct{ s, p, o string }

var ntLine = regexp.MustCompile(`^(\S+) (\S+) (.+?) (?:\S+ )?\.$`)

// parseNQuads reads N-Triples / N-Quads lines into triples (graph names dropped).
func parseNQuads(t *testing.T, s string) []triple {
	t.Helper()
	var out []triple
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		m := ntLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("bad N-Quads line %q", line)
		}
		out = append(out, triple{m[1], m[2], m[3]})
	}
	return out
}

// canonical sorts triples with blank-node labels blanked, so two serialisations of one
// graph compare equal.
func canonical(ts []triple) []string {
	bn := regexp.MustCompile(`_:\S+`)
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = unescapeNT(bn.ReplaceAllString(t.s+" "+t.p+" "+t.o, "_:b"))
	}
	sort.Strings(out)
	return out
}

func jsonLDToNQuads(t *testing.T, doc []byte) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		t.Fatalf("JSON-LD is not JSON: %v", err)
	}
	proc := ld.NewJsonLdProcessor()
	opts := ld.NewJsonLdOptions("")
	opts.Format = "application/n-quads"
	out, err := proc.ToRDF(v, opts)
	if err != nil {
		t.Fatalf("JSON-LD to RDF: %v", err)
	}
	s, _ := out.(string)
	return s
}

func TestDCAT(t *testing.T) {
	e := newEnv(t, true)
	rapper := rapperPath(t)
	const (
		rdfType = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
		dcat    = "http://www.w3.org/ns/dcat#"
		dct     = "http://purl.org/dc/terms/"
	)
	for _, doc := range []string{"/catalog", "/dataset/" + indA + "/dcat"} {
		t.Run(doc, func(t *testing.T) {
			ext := func(x string) string { return doc + "." + x }
			_, _, jl := e.get(t, ext("jsonld"), "")
			ref := parseNQuads(t, jsonLDToNQuads(t, jl))
			if len(ref) < 20 {
				t.Fatalf("only %d triples from JSON-LD", len(ref))
			}
			if rapper != "" {
				for x, syntax := range map[string]string{"ttl": "turtle", "rdf": "rdfxml"} {
					_, _, body := e.get(t, ext(x), "")
					cmd := exec.Command(rapper, "-q", "-i", syntax, "-o", "ntriples", "-", "http://khlang.test/")
					cmd.Stdin = bytes.NewReader(body)
					var stderr bytes.Buffer
					cmd.Stderr = &stderr
					out, err := cmd.Output()
					if err != nil {
						t.Fatalf("rapper %s: %v\n%s", syntax, err, stderr.Bytes())
					}
					got := canonical(parseNQuads(t, string(out)))
					if want := canonical(ref); !slices.Equal(got, want) {
						for i := range min(len(got), len(want)) {
							if got[i] != want[i] {
								t.Errorf("%s and JSON-LD describe different graphs; first difference:\n%s\n%s", syntax, got[i], want[i])
								break
							}
						}
					}
				}
			}
			// Mandatory DCAT-AP 3 properties, per class.
			byS := map[string]map[string][]string{}
			typeOf := map[string][]string{}
			for _, tr := range ref {
				if byS[tr.s] == nil {
					byS[tr.s] = map[string][]string{}
				}
				byS[tr.s][tr.p] = append(byS[tr.s][tr.p], tr.o)
				if tr.p == rdfType {
					typeOf[strings.Trim(tr.o, "<>")] = append(typeOf[strings.Trim(tr.o, "<>")], tr.s)
				}
			}
			mandatory := map[string][]string{
				dcat + "Catalog":                              {dct + "title", dct + "description", dct + "publisher"},
				dcat + "Dataset":                              {dct + "title", dct + "description"},
				dcat + "Distribution":                         {dcat + "accessURL"},
				dcat + "DataService":                          {dct + "title", dcat + "endpointURL"},
				"http://xmlns.com/foaf/0.1/Agent":             {"http://xmlns.com/foaf/0.1/name"},
				"http://www.w3.org/2004/02/skos/core#Concept": {"http://www.w3.org/2004/02/skos/core#prefLabel"},
			}
			wantClasses := []string{dcat + "Dataset", dcat + "Distribution", "http://xmlns.com/foaf/0.1/Agent"}
			if doc == "/catalog" {
				wantClasses = append(wantClasses, dcat+"Catalog", dcat+"DataService")
			}
			for _, c := range wantClasses {
				if len(typeOf[c]) == 0 {
					t.Errorf("no %s", c)
				}
			}
			for class, props := range mandatory {
				for _, s := range typeOf[class] {
					for _, p := range props {
						if len(byS[s]["<"+p+">"]) == 0 {
							t.Errorf("%s %s lacks %s", class, s, p)
						}
					}
				}
			}
			ds := byS["<http://khlang.test/dataset/"+indA+">"]
			for p, want := range map[string]string{
				dct + "title":              `"ผู้ใช้อินเทอร์เน็ต"@th`,
				dct + "accrualPeriodicity": "<http://publications.europa.eu/resource/authority/frequency/ANNUAL>",
				dct + "spatial":            "<http://publications.europa.eu/resource/authority/country/THA>",
				dct + "accessRights":       "<http://publications.europa.eu/resource/authority/access-right/PUBLIC>",
				dct + "license":            "<http://www.opendefinition.org/licenses/cc-by>",
				dct + "language":           "<http://publications.europa.eu/resource/authority/language/THA>",
				dcat + "keyword":           `"ดิจิทัล"`,
				dcat + "landingPage":       "<https://tddc.gdcatalog.go.th>",
				"http://data.europa.eu/s1n/dataStructureDefinition": "<http://khlang.test/sdmx/datastructure/TDDC/DSD_INDICATOR/1.0.0>",
				dcat + "distribution":                               "<http://khlang.test/dataset/" + indA + "/indicator.sdmx.csv>",
			} {
				if !slices.Contains(ds["<"+p+">"], want) {
					t.Errorf("dataset %s = %v, want %s among them", p, ds[p], want)
				}
			}
		})
	}
}

var ntEscape = regexp.MustCompile(`\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}`)

// unescapeNT decodes N-Triples \u and \U escapes, which rapper writes for non-ASCII.
func unescapeNT(s string) string {
	return ntEscape.ReplaceAllStringFunc(s, func(m string) string {
		n, err := strconv.ParseUint(m[2:], 16, 32)
		if err != nil {
			return m
		}
		return string(rune(n))
	})
}
