package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// obsKey identifies an observation of the fixture in the tests.
type obsKey struct{ area, bd, period string }

// fixtureA is indA's observations: value text ("" missing) and status.
var fixtureA = map[obsKey][2]string{
	{"THA", "_T", "2023"}: {"89.5", "A"},
	{"THA", "F", "2023"}:  {"88.9", "A"},
	{"THA", "_T", "2024"}: {"90.7", "P"},
	{"THA", "F", "2024"}:  {"91.25", "P"},
	{"SGP", "_T", "2024"}: {"", "M"},
}

func TestSeriesReadsTableAndFile(t *testing.T) {
	e := newEnv(t, false)
	ctx := context.Background()
	tests := []struct {
		name       string
		want       int
		firstValue string
		firstUnit  string
		firstMult  int
	}{
		{indA, 5, "89.5", "PT_IND", 0},  // DataStore table
		{indB, 2, "44236", "THB_MN", 6}, // no table: the stored CSV file
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := e.series(t, tt.name)
			obs, err := s.Observations(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(obs) != tt.want {
				t.Fatalf("%d observations, want %d", len(obs), tt.want)
			}
			o := obs[0]
			if formatValue(o.Value) != tt.firstValue || o.Unit != tt.firstUnit || o.UnitMult != tt.firstMult || !o.Sample {
				t.Errorf("first observation %+v (value %s)", o, formatValue(o.Value))
			}
		})
	}
	// A dataset without an observation table is not an indicator.
	d, err := e.store.Dataset(ctx, indB)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (&Source{DataStore: e.ds}).Series(ctx, d); err == nil {
		t.Error("a dataset with neither table nor readable file opened as a series")
	}
}

func TestSDMXCSV(t *testing.T) {
	e := newEnv(t, false)
	s := e.series(t, indA)
	tests := []struct {
		name   string
		opts   Options
		header string
		rows   []string // rows 1, 4 and 5
	}{
		{"2.0 ids", Options{},
			"STRUCTURE,STRUCTURE_ID,ACTION,FREQ,INDICATOR,REF_AREA,BREAKDOWN,BREAKDOWN_VALUE,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,UNIT_MULT,SAMPLE_DATA,OBS_STATUS",
			[]string{"dataflow,TDDC:DF_TEST_001(1.0.0),I,A,TDDC-TEST-001,THA,SEX,_T,2023,89.5,PT_IND,0,Y,A",
				"dataflow,TDDC:DF_TEST_001(1.0.0),I,A,TDDC-TEST-001,THA,SEX,F,2024,91.25,PT_IND,0,Y,P",
				"dataflow,TDDC:DF_TEST_001(1.0.0),I,A,TDDC-TEST-001,SGP,SEX,_T,2024,,PT_IND,0,Y,M"}},
		{"2.0 both", Options{Labels: "both"},
			"STRUCTURE,STRUCTURE_ID,ACTION,FREQ: Frequency,INDICATOR: Indicator,REF_AREA: Reference area,BREAKDOWN: Breakdown,BREAKDOWN_VALUE: Breakdown category,TIME_PERIOD: Time period,OBS_VALUE: Observation value,UNIT_MEASURE: Unit of measure,UNIT_MULT: Unit multiplier,SAMPLE_DATA: Sample data,OBS_STATUS: Observation status",
			[]string{"dataflow,TDDC:DF_TEST_001(1.0.0): Internet users,I,A: Annual,TDDC-TEST-001: Internet users,THA: Thailand,SEX: Sex,_T: Total,2023: 2023,89.5,PT_IND: % of individuals,0: Units,\"Y: Sample value generated for demonstration, not an official statistic\",A: Normal value",
				"dataflow,TDDC:DF_TEST_001(1.0.0): Internet users,I,A: Annual,TDDC-TEST-001: Internet users,THA: Thailand,SEX: Sex,F: Female,2024: 2024,91.25,PT_IND: % of individuals,0: Units,\"Y: Sample value generated for demonstration, not an official statistic\",P: Provisional value",
				"dataflow,TDDC:DF_TEST_001(1.0.0): Internet users,I,A: Annual,TDDC-TEST-001: Internet users,SGP: Singapore,SEX: Sex,_T: Total,2024: 2024,,PT_IND: % of individuals,0: Units,\"Y: Sample value generated for demonstration, not an official statistic\",M: Missing value"}},
		{"2.0 names in Thai", Options{Labels: "name", Lang: "th"},
			"STRUCTURE,STRUCTURE_ID,STRUCTURE_NAME,ACTION,FREQ,ความถี่,INDICATOR,ตัวชี้วัด,REF_AREA,พื้นที่อ้างอิง,BREAKDOWN,การจำแนก,BREAKDOWN_VALUE,กลุ่มย่อย,TIME_PERIOD,ช่วงเวลา,OBS_VALUE,UNIT_MEASURE,หน่วยวัด,UNIT_MULT,หน่วยตัวคูณ,SAMPLE_DATA,ข้อมูลตัวอย่าง,OBS_STATUS,สถานะค่าสังเกต",
			[]string{"dataflow,TDDC:DF_TEST_001(1.0.0),ผู้ใช้อินเทอร์เน็ต,I,A,รายปี,TDDC-TEST-001,ผู้ใช้อินเทอร์เน็ต,THA,ไทย,SEX,เพศ,_T,ยอดรวม,2023,2023,89.5,PT_IND,ร้อยละของบุคคล,0,หน่วย,Y,ข้อมูลตัวอย่างที่สร้างขึ้นเพื่อสาธิต ไม่ใช่สถิติทางการ,A,ค่าปกติ",
				"dataflow,TDDC:DF_TEST_001(1.0.0),ผู้ใช้อินเทอร์เน็ต,I,A,รายปี,TDDC-TEST-001,ผู้ใช้อินเทอร์เน็ต,THA,ไทย,SEX,เพศ,F,หญิง,2024,2024,91.25,PT_IND,ร้อยละของบุคคล,0,หน่วย,Y,ข้อมูลตัวอย่างที่สร้างขึ้นเพื่อสาธิต ไม่ใช่สถิติทางการ,P,ค่าเบื้องต้น",
				"dataflow,TDDC:DF_TEST_001(1.0.0),ผู้ใช้อินเทอร์เน็ต,I,A,รายปี,TDDC-TEST-001,ผู้ใช้อินเทอร์เน็ต,SGP,สิงคโปร์,SEX,เพศ,_T,ยอดรวม,2024,2024,,PT_IND,ร้อยละของบุคคล,0,หน่วย,Y,ข้อมูลตัวอย่างที่สร้างขึ้นเพื่อสาธิต ไม่ใช่สถิติทางการ,M,ไม่มีข้อมูล"}},
		{"1.0 ids", Options{CSVVersion: "1.0"},
			"DATAFLOW,FREQ,INDICATOR,REF_AREA,BREAKDOWN,BREAKDOWN_VALUE,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,UNIT_MULT,SAMPLE_DATA,OBS_STATUS",
			[]string{"TDDC:DF_TEST_001(1.0.0),A,TDDC-TEST-001,THA,SEX,_T,2023,89.5,PT_IND,0,Y,A",
				"TDDC:DF_TEST_001(1.0.0),A,TDDC-TEST-001,THA,SEX,F,2024,91.25,PT_IND,0,Y,P",
				"TDDC:DF_TEST_001(1.0.0),A,TDDC-TEST-001,SGP,SEX,_T,2024,,PT_IND,0,Y,M"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteSDMXCSV(context.Background(), &b, []*Series{s}, tt.opts); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(b.String(), "\r\n"), "\r\n")
			if len(lines) != 6 {
				t.Fatalf("%d lines, want header + 5:\n%s", len(lines), b.String())
			}
			got := []string{lines[0], lines[1], lines[4], lines[5]}
			want := append([]string{tt.header}, tt.rows...)
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("line %d:\n got %s\nwant %s", i, got[i], want[i])
				}
			}
			// Every row has the header's number of cells (RFC 4180).
			recs, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			for i, r := range recs {
				if len(r) != len(recs[0]) {
					t.Errorf("row %d has %d cells, header %d", i, len(r), len(recs[0]))
				}
			}
		})
	}
	t.Run("filter and BOM", func(t *testing.T) {
		var b bytes.Buffer
		key, err := ParseKey("A..THA..F")
		if err != nil {
			t.Fatal(err)
		}
		err = WriteSDMXCSV(context.Background(), &b, []*Series{s}, Options{BOM: true, Filter: &Filter{Key: key, StartPeriod: "2024"}})
		if err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if !strings.HasPrefix(out, "\ufeffSTRUCTURE,") {
			t.Errorf("no BOM: %q", out[:20])
		}
		if n := strings.Count(out, "\r\n"); n != 2 || !strings.Contains(out, ",THA,SEX,F,2024,91.25,") {
			t.Errorf("filter A..THA..F from 2024 kept:\n%s", out)
		}
	})
}

func TestTemplateXLSXCells(t *testing.T) {
	e := newEnv(t, false)
	var b bytes.Buffer
	if err := WriteTemplateXLSX(context.Background(), &b, []*Series{e.series(t, indA), e.series(t, indB)}, Options{}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := map[string]string{
		"A1": "รหัสตัวชี้วัด / Indicator code", "M1": "2023", "N1": "2024", "O1": "สถานะ / Status flags",
		"A2": "TDDC-TEST-001", "B2": "ผู้ใช้อินเทอร์เน็ต", "C2": "Internet users", "D2": "THA", "E2": "ไทย", "F2": "Thailand",
		"G2": "SEX._T", "H2": "ยอดรวม", "I2": "Total", "J2": "ร้อยละของบุคคล", "K2": "% of individuals", "L2": "0",
		"M2": "89.5", "N2": "90.7", "O2": "2024: P", "P2": "ใช่ / yes", "Q2": "สำนักงานสถิติแห่งชาติ", "R2": "National Statistical Office",
		"G3": "SEX.F", "H3": "หญิง", "I3": "Female", "M3": "88.9", "N3": "91.25",
		"D4": "SGP", "F4": "Singapore", "M4": "", "N4": "", "O4": "2024: M",
		"A5": "TDDC-TEST-002", "J5": "ล้านบาท", "K5": "million Thai baht", "L5": "6", "M5": "44236", "N5": "",
		"D6": "VNM", "E6": "เวียดนาม", "M6": "51000.5", "O6": "2023: E",
		"A7": "",
	}
	for cell, w := range want {
		got, err := f.GetCellValue(SheetData, cell)
		if err != nil {
			t.Fatal(err)
		}
		if got != w {
			t.Errorf("%s = %q, want %q", cell, got, w)
		}
	}
	// Values are numbers, not text, so spreadsheets can compute with them.
	for _, cell := range []string{"M2", "N3", "M5"} {
		typ, err := f.GetCellType(SheetData, cell)
		if err != nil {
			t.Fatal(err)
		}
		if typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
			t.Errorf("%s is stored as text", cell)
		}
	}
	notes, err := f.GetRows(SheetNotes)
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) < 4 || !strings.Contains(notes[1][1], "P = ค่าเบื้องต้น / Provisional value") || !strings.Contains(notes[3][0], "Sample data") {
		t.Errorf("notes sheet: %q", notes)
	}
}

func TestTemplateCSV(t *testing.T) {
	e := newEnv(t, false)
	var b bytes.Buffer
	if err := WriteTemplateCSV(context.Background(), &b, []*Series{e.series(t, indA)}, Options{BOM: true}); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("\ufeff")) {
		t.Error("no BOM")
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b.Bytes(), []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 4 {
		t.Fatalf("%d records, want header + 3", len(recs))
	}
	if got := strings.Join(recs[1], "|"); got != "TDDC-TEST-001|ผู้ใช้อินเทอร์เน็ต|Internet users|THA|ไทย|Thailand|SEX._T|ยอดรวม|Total|ร้อยละของบุคคล|% of individuals|0|89.5|90.7|2024: P|ใช่ / yes|สำนักงานสถิติแห่งชาติ|National Statistical Office" {
		t.Errorf("row 1: %s", got)
	}
}

// SDMX-JSON 2.0. No package registry reachable here ships the official SDMX-JSON schema
// (npm has no sdmx-json package; the jsonstat packages carry no schema), so the message
// is checked against the schema's rules, restated here from its text: required members,
// id patterns, enumerations, the shape of series and observations, and the index
// references a reader follows.

var (
	sdmxIDRe    = regexp.MustCompile(`^[A-Za-z0-9_@$-]+$`)
	sdmxCompRe  = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]*$`)
	sdmxKeyRe   = regexp.MustCompile(`^[0-9]+(:[0-9]+)*$`)
	bcp47LiteRe = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
)

type sdmxComp struct {
	ID           string            `json:"id"`
	Name         *string           `json:"name"`
	KeyPosition  *int              `json:"keyPosition"`
	Roles        []string          `json:"roles"`
	Relationship map[string]any    `json:"relationship"`
	Values       []json.RawMessage `json:"values"`
}

type sdmxMsg struct {
	Meta struct {
		Schema           string   `json:"schema"`
		ID               *string  `json:"id"`
		Prepared         *string  `json:"prepared"`
		ContentLanguages []string `json:"contentLanguages"`
		Sender           *struct {
			ID *string `json:"id"`
		} `json:"sender"`
	} `json:"meta"`
	Data *struct {
		Structures []struct {
			Dimensions *struct {
				DataSet     []sdmxComp `json:"dataSet"`
				Series      []sdmxComp `json:"series"`
				Observation []sdmxComp `json:"observation"`
			} `json:"dimensions"`
			Measures struct {
				Observation []sdmxComp `json:"observation"`
			} `json:"measures"`
			Attributes struct {
				DataSet     []sdmxComp `json:"dataSet"`
				Series      []sdmxComp `json:"series"`
				Observation []sdmxComp `json:"observation"`
			} `json:"attributes"`
			Links []map[string]string `json:"links"`
		} `json:"structures"`
		DataSets []struct {
			Structure    *int                       `json:"structure"`
			Action       string                     `json:"action"`
			Links        []map[string]string        `json:"links"`
			Series       map[string]json.RawMessage `json:"series"`
			Observations map[string][]any           `json:"observations"`
		} `json:"dataSets"`
	} `json:"data"`
	Errors []any `json:"errors"`
}

// checkSDMXJSON validates a message and returns its observations by (area, breakdown
// value, period) as value text and status.
func checkSDMXJSON(t *testing.T, raw []byte) map[obsKey][2]string {
	t.Helper()
	var m sdmxMsg
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	errf := func(format string, args ...any) { t.Helper(); t.Errorf("SDMX-JSON: "+format, args...) }
	if m.Meta.ID == nil || !sdmxIDRe.MatchString(*m.Meta.ID) {
		errf("meta.id missing or invalid")
	}
	if m.Meta.Prepared == nil {
		errf("meta.prepared missing")
	} else if _, err := time.Parse(time.RFC3339, *m.Meta.Prepared); err != nil {
		errf("meta.prepared %q is not a date-time with zone", *m.Meta.Prepared)
	}
	if m.Meta.Sender == nil || m.Meta.Sender.ID == nil || !sdmxIDRe.MatchString(*m.Meta.Sender.ID) {
		errf("meta.sender.id missing or invalid")
	}
	for _, l := range m.Meta.ContentLanguages {
		if !bcp47LiteRe.MatchString(l) {
			errf("content language %q", l)
		}
	}
	if m.Data == nil || m.Errors != nil {
		t.Fatalf("SDMX-JSON: data must be present and errors absent")
	}
	if len(m.Data.Structures) != 1 || m.Data.Structures[0].Dimensions == nil {
		t.Fatalf("SDMX-JSON: want one structure with dimensions")
	}
	st := m.Data.Structures[0]
	type valueList struct {
		ids []string
	}
	checkComp := func(kind string, c sdmxComp, isDim bool) valueList {
		var vl valueList
		if !sdmxCompRe.MatchString(c.ID) {
			errf("%s id %q", kind, c.ID)
		}
		for _, r := range c.Roles {
			if !sdmxCompRe.MatchString(r) {
				errf("%s %s role %q", kind, c.ID, r)
			}
		}
		if isDim {
			if c.KeyPosition == nil || *c.KeyPosition < 0 {
				errf("dimension %s without keyPosition", c.ID)
			}
			if len(c.Values) == 0 {
				errf("dimension %s: values needs at least one item", c.ID)
			}
		}
		if kind == "attribute" {
			n := 0
			for _, k := range []string{"dimensions", "dataflow", "observation", "primaryMeasure"} {
				if _, ok := c.Relationship[k]; ok {
					n++
				}
			}
			if n != 1 {
				errf("attribute %s: relationship must hold exactly one of dimensions, dataflow, observation: %v", c.ID, c.Relationship)
			}
			if c.Values != nil && len(c.Values) == 0 {
				errf("attribute %s: values needs at least one item", c.ID)
			}
		}
		seen := map[string]bool{}
		for _, rv := range c.Values {
			var v map[string]any
			if err := json.Unmarshal(rv, &v); err != nil {
				errf("%s %s: value is not an object", kind, c.ID)
				continue
			}
			id, hasID := v["id"].(string)
			_, hasName := v["name"].(string)
			_, hasValue := v["value"]
			if (hasID && hasName) == hasValue {
				errf("%s %s: a value must have id and name, or value: %v", kind, c.ID, v)
			}
			if hasID && !sdmxIDRe.MatchString(id) {
				errf("%s %s: value id %q", kind, c.ID, id)
			}
			for _, k := range []string{"start", "end"} {
				if s, ok := v[k].(string); ok {
					if _, err := time.Parse(time.RFC3339, s); err != nil {
						errf("%s %s: %s %q", kind, c.ID, k, s)
					}
				}
			}
			if seen[string(rv)] {
				errf("%s %s: values must be unique", kind, c.ID)
			}
			seen[string(rv)] = true
			vl.ids = append(vl.ids, id)
		}
		return vl
	}
	var sdims, odims, sattrs, oattrs []valueList
	dimIDs := map[string]bool{}
	for _, c := range st.Dimensions.Series {
		sdims = append(sdims, checkComp("dimension", c, true))
		dimIDs[c.ID] = true
	}
	for _, c := range st.Dimensions.Observation {
		odims = append(odims, checkComp("dimension", c, true))
		dimIDs[c.ID] = true
	}
	for _, c := range st.Measures.Observation {
		checkComp("measure", c, false)
	}
	for _, c := range st.Attributes.Series {
		sattrs = append(sattrs, checkComp("attribute", c, false))
	}
	var oattrIDs []string
	for _, c := range st.Attributes.Observation {
		oattrs = append(oattrs, checkComp("attribute", c, false))
		oattrIDs = append(oattrIDs, c.ID)
	}
	for _, c := range append(append([]sdmxComp{}, st.Attributes.Series...), st.Attributes.Observation...) {
		if ds, ok := c.Relationship["dimensions"].([]any); ok {
			for _, d := range ds {
				if !dimIDs[d.(string)] {
					errf("attribute %s relates to unknown dimension %v", c.ID, d)
				}
			}
		}
	}
	if len(m.Data.DataSets) != 1 {
		t.Fatalf("SDMX-JSON: want one data set")
	}
	dset := m.Data.DataSets[0]
	if dset.Links == nil {
		errf("dataSet.links is required")
	}
	if !slices.Contains([]string{"Information", "Append", "Replace", "Delete"}, dset.Action) {
		errf("dataSet.action %q", dset.Action)
	}
	if dset.Structure == nil || *dset.Structure != 0 {
		errf("dataSet.structure must point at structure 0")
	}
	out := map[obsKey][2]string{}
	pos := map[string]int{} // dimension id → index in the key (series dims first)
	allDims := append(append([]sdmxComp{}, st.Dimensions.Series...), st.Dimensions.Observation...)
	for i, c := range allDims {
		pos[c.ID] = i
	}
	idxs := func(key string, n int, lists []valueList) []string {
		if !sdmxKeyRe.MatchString(key) {
			errf("key %q", key)
			return nil
		}
		parts := strings.Split(key, ":")
		if len(parts) != n {
			errf("key %q has %d parts, want %d", key, len(parts), n)
			return nil
		}
		ids := make([]string, n)
		for i, p := range parts {
			k, _ := strconv.Atoi(p)
			if k >= len(lists[i].ids) {
				errf("key %q: index %d out of range", key, k)
				return nil
			}
			ids[i] = lists[i].ids[k]
		}
		return ids
	}
	record := func(ids []string, arr []any) {
		if len(arr) < 1 || len(arr) > 1+len(oattrs) {
			errf("observation array %v has %d items", arr, len(arr))
			return
		}
		val := ""
		if n, ok := arr[0].(json.Number); ok {
			val = n.String()
		} else if arr[0] != nil {
			errf("observation value %v is not a number", arr[0])
		}
		status := ""
		for i := 1; i < len(arr); i++ {
			n, ok := arr[i].(json.Number)
			if !ok {
				continue
			}
			k, _ := strconv.Atoi(n.String())
			if k >= len(oattrs[i-1].ids) {
				errf("observation attribute index %d out of range", k)
				continue
			}
			if oattrIDs[i-1] == "OBS_STATUS" {
				status = oattrs[i-1].ids[k]
			}
		}
		out[obsKey{ids[pos["REF_AREA"]], ids[pos["BREAKDOWN_VALUE"]], ids[pos["TIME_PERIOD"]]}] = [2]string{val, status}
	}
	if dset.Observations != nil {
		all := append(append([]valueList{}, sdims...), odims...)
		for key, arr := range dset.Observations {
			if ids := idxs(key, len(all), all); ids != nil {
				record(ids, arr)
			}
		}
	}
	for key, raw := range dset.Series {
		var so map[string]json.RawMessage
		if err := json.Unmarshal(raw, &so); err != nil {
			errf("series %s is not an object", key)
			continue
		}
		for k := range so {
			if k != "annotations" && k != "attributes" && k != "observations" {
				errf("series %s has member %q", key, k)
			}
		}
		var attrs []any
		_ = json.Unmarshal(so["attributes"], &attrs)
		for i, a := range attrs {
			if f, ok := a.(float64); ok && int(f) >= len(sattrs[i].ids) {
				errf("series %s attribute %d index out of range", key, i)
			}
		}
		sids := idxs(key, len(sdims), sdims)
		var obs map[string][]any
		d2 := json.NewDecoder(bytes.NewReader(so["observations"]))
		d2.UseNumber()
		if err := d2.Decode(&obs); err != nil {
			errf("series %s observations: %v", key, err)
			continue
		}
		for ok, arr := range obs {
			oids := idxs(ok, len(odims), odims)
			if sids != nil && oids != nil {
				record(append(append([]string{}, sids...), oids...), arr)
			}
		}
	}
	return out
}

func TestSDMXJSON(t *testing.T) {
	e := newEnv(t, false)
	for _, dao := range []string{"", "AllDimensions"} {
		t.Run("dimensionAtObservation="+dao, func(t *testing.T) {
			var b bytes.Buffer
			err := WriteSDMXJSON(context.Background(), &b, []*Series{e.series(t, indA)}, Options{DimensionAtObservation: dao, SiteURL: "http://khlang.test"})
			if err != nil {
				t.Fatal(err)
			}
			got := checkSDMXJSON(t, b.Bytes())
			if fmt.Sprint(got) != fmt.Sprint(fixtureA) {
				t.Errorf("observations read back:\n got %v\nwant %v", got, fixtureA)
			}
		})
	}
	t.Run("two indicators", func(t *testing.T) {
		var b bytes.Buffer
		err := WriteSDMXJSON(context.Background(), &b, []*Series{e.series(t, indA), e.series(t, indB)}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		got := checkSDMXJSON(t, b.Bytes())
		if v := got[obsKey{"VNM", "_T", "2023"}]; v != [2]string{"51000.5", "E"} {
			t.Errorf("VNM 2023 = %v", v)
		}
	})
}

// JSON-stat 2.0, checked by the format's rules (json-stat.org/format): required members,
// size per dimension, index lengths, roles naming dimensions, units on the metric
// dimension only, and a value per cell in row-major order.
func checkJSONStat(t *testing.T, raw []byte) (get func(ind, area, bd, period string) (string, string)) {
	t.Helper()
	var doc struct {
		Version   string   `json:"version"`
		Class     string   `json:"class"`
		ID        []string `json:"id"`
		Size      []int    `json:"size"`
		Role      map[string][]string
		Dimension map[string]struct {
			Label    string `json:"label"`
			Category *struct {
				Index []string                  `json:"index"`
				Label map[string]string         `json:"label"`
				Unit  map[string]map[string]any `json:"unit"`
			} `json:"category"`
		} `json:"dimension"`
		Value  []*json.Number    `json:"value"`
		Status map[string]string `json:"status"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("JSON-stat: %v", err)
	}
	if doc.Version != "2.0" || doc.Class != "dataset" {
		t.Errorf("version %q class %q", doc.Version, doc.Class)
	}
	if len(doc.ID) != len(doc.Size) || len(doc.ID) == 0 {
		t.Fatalf("id %v and size %v differ", doc.ID, doc.Size)
	}
	cells := 1
	strides := make([]int, len(doc.ID))
	for i := len(doc.ID) - 1; i >= 0; i-- {
		strides[i] = cells
		cells *= doc.Size[i]
	}
	pos := map[string]map[string]int{}
	for i, id := range doc.ID {
		d, ok := doc.Dimension[id]
		if !ok || d.Category == nil {
			t.Fatalf("dimension %s without category", id)
		}
		if len(d.Category.Index) != doc.Size[i] {
			t.Errorf("dimension %s: %d categories, size %d", id, len(d.Category.Index), doc.Size[i])
		}
		pos[id] = map[string]int{}
		for j, c := range d.Category.Index {
			pos[id][c] = j
		}
		if d.Category.Unit != nil && !slices.Contains(doc.Role["metric"], id) {
			t.Errorf("units on non-metric dimension %s", id)
		}
		for c, u := range d.Category.Unit {
			if _, ok := pos[id][c]; !ok || u["label"] == nil {
				t.Errorf("unit of %s/%s: %v", id, c, u)
			}
		}
	}
	for role, ids := range doc.Role {
		for _, id := range ids {
			if !slices.Contains(doc.ID, id) {
				t.Errorf("role %s names unknown dimension %s", role, id)
			}
		}
	}
	if len(doc.Value) != cells {
		t.Fatalf("%d values for %d cells", len(doc.Value), cells)
	}
	for k := range doc.Status {
		if n, err := strconv.Atoi(k); err != nil || n >= cells {
			t.Errorf("status key %q", k)
		}
	}
	return func(ind, area, bd, period string) (string, string) {
		coords := []string{ind, area, bd, period}
		i := 0
		for d, id := range doc.ID {
			p, ok := pos[id][coords[d]]
			if !ok {
				return "absent", ""
			}
			i += p * strides[d]
		}
		st := doc.Status[strconv.Itoa(i)]
		if doc.Value[i] == nil {
			return "", st
		}
		return doc.Value[i].String(), st
	}
}

func TestJSONStat(t *testing.T) {
	e := newEnv(t, false)
	var b bytes.Buffer
	if err := WriteJSONStat(context.Background(), &b, []*Series{e.series(t, indA), e.series(t, indB)}, Options{}); err != nil {
		t.Fatal(err)
	}
	get := checkJSONStat(t, b.Bytes())
	tests := []struct {
		ind, area, bd, period string
		value, status         string
	}{
		{"TDDC-TEST-001", "THA", "SEX._T", "2023", "89.5", "As"},
		{"TDDC-TEST-001", "THA", "SEX.F", "2024", "91.25", "Ps"},
		{"TDDC-TEST-001", "SGP", "SEX._T", "2024", "", "Ms"},
		{"TDDC-TEST-002", "VNM", "_T", "2023", "51000.5", "Es"},
		{"TDDC-TEST-002", "THA", "SEX.F", "2023", "", ""}, // a cell of the cube with no observation
	}
	for _, tt := range tests {
		v, st := get(tt.ind, tt.area, tt.bd, tt.period)
		if v != tt.value || st != tt.status {
			t.Errorf("%s %s %s %s = %q %q, want %q %q", tt.ind, tt.area, tt.bd, tt.period, v, st, tt.value, tt.status)
		}
	}
}

// TestGolden pins every format of one indicator; run with -update after a deliberate
// change and review the diff.
func TestGolden(t *testing.T) {
	e := newEnv(t, false)
	s := e.series(t, indA)
	opts := Options{SiteURL: "http://khlang.test", Prepared: fixedTime}
	ctx := context.Background()
	for _, tt := range []struct {
		file  string
		write func(*bytes.Buffer) error
	}{
		{"indicator.sdmx.csv", func(b *bytes.Buffer) error {
			o := opts
			o.Labels = "both"
			return WriteSDMXCSV(ctx, b, []*Series{s}, o)
		}},
		{"indicator.sdmx.json", func(b *bytes.Buffer) error { return WriteSDMXJSON(ctx, b, []*Series{s}, opts) }},
		{"indicator.jsonstat.json", func(b *bytes.Buffer) error { return WriteJSONStat(ctx, b, []*Series{s}, opts) }},
		{"indicator.csv", func(b *bytes.Buffer) error { return WriteTemplateCSV(ctx, b, []*Series{s}, opts) }},
		{"indicator.xlsx.txt", func(b *bytes.Buffer) error {
			var x bytes.Buffer
			if err := WriteTemplateXLSX(ctx, &x, []*Series{s}, opts); err != nil {
				return err
			}
			f, err := excelize.OpenReader(&x)
			if err != nil {
				return err
			}
			defer f.Close()
			for _, sheet := range f.GetSheetList() {
				rows, err := f.GetRows(sheet)
				if err != nil {
					return err
				}
				fmt.Fprintf(b, "== %s\n", sheet)
				for _, r := range rows {
					b.WriteString(strings.Join(r, "\t") + "\n")
				}
			}
			return nil
		}},
	} {
		t.Run(tt.file, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.write(&b); err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(tt.file, ".json") {
				var pretty bytes.Buffer
				if err := json.Indent(&pretty, b.Bytes(), "", " "); err != nil {
					t.Fatal(err)
				}
				b = pretty
			}
			golden(t, tt.file, b.Bytes())
		})
	}
}
