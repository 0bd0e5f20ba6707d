package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// component is a dimension, measure or attribute of DSD_INDICATOR.
type component struct {
	ID, NameEN, NameTH string
	Role               string // SDMX role, when it has one
	Codelist           *Codelist
}

func (c component) name(lang string) string {
	return Code{ID: c.ID, NameTH: c.NameTH, NameEN: c.NameEN}.Name(lang)
}

// The components of DSD_INDICATOR, in key order. The series key is every dimension but
// TIME_PERIOD, joined with dots: FREQ.INDICATOR.REF_AREA.BREAKDOWN.BREAKDOWN_VALUE.
var (
	seriesDims = []component{
		{"FREQ", "Frequency", "ความถี่", "FREQ", &Frequencies},
		{"INDICATOR", "Indicator", "ตัวชี้วัด", "", nil},
		{"REF_AREA", "Reference area", "พื้นที่อ้างอิง", "REF_AREA", &Areas},
		{"BREAKDOWN", "Breakdown", "การจำแนก", "", &Breakdowns},
		{"BREAKDOWN_VALUE", "Breakdown category", "กลุ่มย่อย", "", nil},
	}
	timeDim    = component{"TIME_PERIOD", "Time period", "ช่วงเวลา", "TIME_PERIOD", nil}
	obsValue   = component{"OBS_VALUE", "Observation value", "ค่าสังเกต", "PRIMARY", nil}
	seriesAttr = []component{
		{"UNIT_MEASURE", "Unit of measure", "หน่วยวัด", "UNIT_MEASURE", &Units},
		{"UNIT_MULT", "Unit multiplier", "หน่วยตัวคูณ", "UNIT_MULT", &UnitMultipliers},
		{"SAMPLE_DATA", "Sample data", "ข้อมูลตัวอย่าง", "", &sampleCodes},
	}
	obsAttr = component{"OBS_STATUS", "Observation status", "สถานะค่าสังเกต", "OBS_STATUS", &ObsStatuses}
)

// sampleCodes are the values of the SAMPLE_DATA attribute.
var sampleCodes = Codelist{ID: "CL_SAMPLE_DATA", NameTH: "ข้อมูลตัวอย่าง", NameEN: "Sample data", Codes: []Code{
	{"Y", "ข้อมูลตัวอย่างที่สร้างขึ้นเพื่อสาธิต ไม่ใช่สถิติทางการ", "Sample value generated for demonstration, not an official statistic"},
	{"N", "ข้อมูลที่เผยแพร่", "Published value"},
}}

var idUnsafe = regexp.MustCompile(`[^A-Za-z0-9_@$-]`)

// indicatorID is the INDICATOR code of the series: its indicator code, made a valid
// SDMX id.
func (s *Series) indicatorID() string { return idUnsafe.ReplaceAllString(s.Code, "_") }

// value returns the code and name of component id for one observation.
func (s *Series) value(o *Observation, id, lang string) (code, name string) {
	switch id {
	case "FREQ":
		c := codeOf(&Frequencies, s.Frequency)
		return c.ID, c.Name(lang)
	case "INDICATOR":
		return s.indicatorID(), s.Name(lang)
	case "REF_AREA":
		c := codeOf(&Areas, o.RefArea)
		return c.ID, c.Name(lang)
	case "BREAKDOWN":
		c := codeOf(&Breakdowns, o.Breakdown)
		return c.ID, c.Name(lang)
	case "BREAKDOWN_VALUE":
		return idUnsafe.ReplaceAllString(o.BreakdownValue, "_"), o.breakdownLabel(lang)
	case "TIME_PERIOD":
		return o.TimePeriod, o.TimePeriod
	case "UNIT_MEASURE":
		if o.Unit == "" {
			return "_Z", Code{NameTH: "ไม่ระบุ", NameEN: "Not applicable"}.Name(lang)
		}
		c := codeOf(&Units, o.Unit)
		if o.Unit == s.Unit.ID {
			c = s.Unit
		}
		return c.ID, c.Name(lang)
	case "UNIT_MULT":
		c := codeOf(&UnitMultipliers, strconv.Itoa(o.UnitMult))
		return c.ID, c.Name(lang)
	case "SAMPLE_DATA":
		c := sampleCodes.Codes[1]
		if o.Sample {
			c = sampleCodes.Codes[0]
		}
		return c.ID, c.Name(lang)
	case "OBS_STATUS":
		c := codeOf(&ObsStatuses, o.Status)
		return c.ID, c.Name(lang)
	}
	return "", ""
}

// Filter selects observations: an SDMX series key and a period range.
type Filter struct {
	// Key holds, per series dimension (FREQ, INDICATOR, REF_AREA, BREAKDOWN,
	// BREAKDOWN_VALUE), the codes wanted; an empty entry means all.
	Key                    [][]string
	StartPeriod, EndPeriod string
}

// ParseKey reads an SDMX REST key: codes per dimension joined by ".", alternatives by
// "+", an empty position or the keyword "all" (or "*") meaning everything.
func ParseKey(key string) ([][]string, error) {
	if key == "" || key == "all" || key == "*" {
		return nil, nil
	}
	parts := strings.Split(key, ".")
	if len(parts) != len(seriesDims) {
		return nil, fmt.Errorf("the key has %d dimensions; %s has %d (%s)", len(parts), DSD.ID, len(seriesDims), keyTemplate())
	}
	out := make([][]string, len(parts))
	for i, p := range parts {
		if p == "" || p == "*" {
			continue
		}
		out[i] = strings.Split(p, "+")
	}
	return out, nil
}

func keyTemplate() string {
	ids := make([]string, len(seriesDims))
	for i, d := range seriesDims {
		ids[i] = d.ID
	}
	return strings.Join(ids, ".")
}

// matchSeries reports whether a series may hold observations the filter wants, by the
// dimensions fixed per series (FREQ, INDICATOR).
func (f *Filter) matchSeries(s *Series) bool {
	if f == nil || f.Key == nil {
		return true
	}
	ok := func(i int, v string) bool { return len(f.Key[i]) == 0 || slices.Contains(f.Key[i], v) }
	return ok(0, s.Frequency) && ok(1, s.indicatorID())
}

func (f *Filter) match(s *Series, o *Observation) bool {
	if f == nil {
		return true
	}
	if f.StartPeriod != "" && o.TimePeriod < f.StartPeriod {
		return false
	}
	if f.EndPeriod != "" {
		t := o.TimePeriod
		if len(t) > len(f.EndPeriod) {
			t = t[:len(f.EndPeriod)]
		}
		if t > f.EndPeriod {
			return false
		}
	}
	if f.Key == nil {
		return true
	}
	for i, d := range seriesDims {
		if len(f.Key[i]) == 0 {
			continue
		}
		code, _ := s.value(o, d.ID, "en")
		if !slices.Contains(f.Key[i], code) {
			return false
		}
	}
	return true
}

// Options tune the encoders.
type Options struct {
	// Lang is the language of names: "en" (default) or "th".
	Lang string
	// Labels is SDMX-CSV's labels option: "id" (default), "name" or "both".
	Labels string
	// CSVVersion is "2.0" (default) or "1.0" for SDMX-CSV.
	CSVVersion string
	// DimensionAtObservation is TIME_PERIOD (default: series) or AllDimensions (flat
	// observations) for SDMX-JSON.
	DimensionAtObservation string
	// BOM starts CSV output with U+FEFF so spreadsheet programs read it as UTF-8.
	BOM bool
	// Filter selects observations (nil: all).
	Filter *Filter
	// SiteURL is the absolute base of links (no trailing slash).
	SiteURL string
	// SenderID and SenderName identify the sender of SDMX messages.
	SenderID, SenderName string
	// Prepared is when the message was prepared (default now).
	Prepared time.Time
	// Title labels a whole export (JSON-stat label, template title).
	Title string
}

func (o *Options) lang() string {
	if o.Lang == "th" {
		return "th"
	}
	return "en"
}

func (o *Options) prepared() time.Time {
	if o.Prepared.IsZero() {
		return time.Now().UTC().Truncate(time.Second)
	}
	return o.Prepared.UTC()
}

func (o *Options) siteURL() string {
	if o.SiteURL == "" {
		return "http://localhost"
	}
	return strings.TrimRight(o.SiteURL, "/")
}

// flushEvery is how many rows the streaming encoders write between flushes, so an HTTP
// client sees data while a large export is still being read.
const flushEvery = 1000

// WriteSDMXCSV writes the observations of the series as SDMX-CSV 2.0 (or 1.0 when
// opts.CSVVersion is "1.0"), one row per observation, as they are read.
func WriteSDMXCSV(ctx context.Context, w io.Writer, series []*Series, opts Options) error {
	bw := bufio.NewWriterSize(w, 32<<10)
	if opts.BOM {
		bw.WriteString("\ufeff")
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	lang := opts.lang()
	v1 := opts.CSVVersion == "1.0"
	labels := opts.Labels
	if labels == "" {
		labels = "id"
	}
	if v1 && labels == "name" {
		labels = "both" // SDMX-CSV 1.0 knows id and both only
	}
	head := func(c component) string {
		if labels == "both" {
			return c.ID + ": " + c.name(lang)
		}
		return c.ID
	}
	var header []string
	if v1 {
		header = []string{"DATAFLOW"}
	} else {
		header = []string{"STRUCTURE", "STRUCTURE_ID"}
		if labels == "name" {
			header = append(header, "STRUCTURE_NAME")
		}
		header = append(header, "ACTION")
	}
	coded := append(append(append([]component{}, seriesDims...), timeDim), obsValue)
	coded = append(append(coded, seriesAttr...), obsAttr)
	for _, c := range coded {
		header = append(header, head(c))
		if labels == "name" && c.ID != "OBS_VALUE" {
			header = append(header, c.name(lang))
		}
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	row := make([]string, 0, len(header))
	n := 0
	for _, s := range series {
		if !opts.Filter.matchSeries(s) {
			continue
		}
		flow := s.Flow.String()
		if labels == "both" {
			flow += ": " + s.Name(lang)
		}
		err := s.Each(ctx, func(o Observation) error {
			if !opts.Filter.match(s, &o) {
				return nil
			}
			row = row[:0]
			if v1 {
				row = append(row, flow)
			} else {
				row = append(row, "dataflow", flow)
				if labels == "name" {
					row = append(row, s.Name(lang))
				}
				row = append(row, "I")
			}
			for _, c := range coded {
				if c.ID == "OBS_VALUE" {
					row = append(row, formatValue(o.Value))
					continue
				}
				code, name := s.value(&o, c.ID, lang)
				switch labels {
				case "both":
					row = append(row, code+": "+name)
				case "name":
					row = append(row, code, name)
				default:
					row = append(row, code)
				}
			}
			if err := cw.Write(row); err != nil {
				return err
			}
			if n++; n%flushEvery == 0 {
				cw.Flush()
				if err := cw.Error(); err != nil {
					return err
				}
				return bw.Flush()
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// SDMX-JSON 2.0 data message.

// SDMXJSONSchema is the schema URL SDMX-JSON 2.0 messages name in meta.schema.
const SDMXJSONSchema = "https://raw.githubusercontent.com/sdmx-twg/sdmx-json/master/data-message/tools/schemas/2.0.0/sdmx-json-data-schema.json"

// valueIndex assigns indices to the values of one component in order of appearance.
type valueIndex struct {
	comp  component
	idx   map[string]int
	codes []string
	names map[string][2]string // en, th
}

func newValueIndex(c component) *valueIndex {
	return &valueIndex{comp: c, idx: map[string]int{}, names: map[string][2]string{}}
}

func (v *valueIndex) get(s *Series, o *Observation) int {
	code, nameEN := s.value(o, v.comp.ID, "en")
	if i, ok := v.idx[code]; ok {
		return i
	}
	_, nameTH := s.value(o, v.comp.ID, "th")
	i := len(v.codes)
	v.idx[code] = i
	v.codes = append(v.codes, code)
	v.names[code] = [2]string{nameEN, nameTH}
	return i
}

type jsonValue struct {
	ID    string            `json:"id"`
	Name  string            `json:"name"`
	Names map[string]string `json:"names,omitempty"`
	Start string            `json:"start,omitempty"`
	End   string            `json:"end,omitempty"`
}

type jsonComponent struct {
	ID           string            `json:"id"`
	Name         string            `json:"name"`
	Names        map[string]string `json:"names,omitempty"`
	KeyPosition  *int              `json:"keyPosition,omitempty"`
	Roles        []string          `json:"roles,omitempty"`
	Relationship map[string]any    `json:"relationship,omitempty"`
	Values       []jsonValue       `json:"values,omitempty"`
}

func (v *valueIndex) json(keyPos *int, rel map[string]any, lang string) jsonComponent {
	c := jsonComponent{ID: v.comp.ID, Name: v.comp.name(lang), Names: map[string]string{"en": v.comp.NameEN, "th": v.comp.NameTH},
		KeyPosition: keyPos, Relationship: rel}
	if v.comp.Role != "" {
		c.Roles = []string{v.comp.Role}
	}
	c.Values = []jsonValue{}
	for _, code := range v.codes {
		n := v.names[code]
		jv := jsonValue{ID: code, Name: n[0], Names: map[string]string{"en": n[0], "th": n[1]}}
		if lang == "th" {
			jv.Name = n[1]
		}
		if v.comp.ID == "TIME_PERIOD" {
			jv.Start, jv.End = periodBounds(code)
		}
		c.Values = append(c.Values, jv)
	}
	return c
}

// periodBounds gives the start and end instants of an ISO 8601 period (year, quarter,
// half-year, month or day); empty when the period has another form.
func periodBounds(p string) (string, string) {
	var start time.Time
	var end time.Time
	y, err := strconv.Atoi(p[:min(4, len(p))])
	if err != nil || len(p) < 4 {
		return "", ""
	}
	switch {
	case len(p) == 4:
		start = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		end = start.AddDate(1, 0, 0)
	case len(p) == 7 && p[4:6] == "-Q":
		q, _ := strconv.Atoi(p[6:])
		if q < 1 || q > 4 {
			return "", ""
		}
		start = time.Date(y, time.Month(3*q-2), 1, 0, 0, 0, 0, time.UTC)
		end = start.AddDate(0, 3, 0)
	case len(p) == 7 && p[4:6] == "-S":
		h, _ := strconv.Atoi(p[6:])
		if h < 1 || h > 2 {
			return "", ""
		}
		start = time.Date(y, time.Month(6*h-5), 1, 0, 0, 0, 0, time.UTC)
		end = start.AddDate(0, 6, 0)
	case len(p) == 7 && p[4] == '-':
		m, err := strconv.Atoi(p[5:])
		if err != nil || m < 1 || m > 12 {
			return "", ""
		}
		start = time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
		end = start.AddDate(0, 1, 0)
	case len(p) == 10:
		t, err := time.Parse("2006-01-02", p)
		if err != nil {
			return "", ""
		}
		start, end = t, t.AddDate(0, 0, 1)
	default:
		return "", ""
	}
	return start.Format(time.RFC3339), end.Add(-time.Second).Format(time.RFC3339)
}

// WriteSDMXJSON writes an SDMX-JSON 2.0 data message. Observations are written series by
// series as each indicator is read; the structure, whose value lists index them, follows
// the data sets (JSON members are unordered). With DimensionAtObservation=AllDimensions
// the data set holds flat observations.
func WriteSDMXJSON(ctx context.Context, w io.Writer, series []*Series, opts Options) error {
	bw := bufio.NewWriterSize(w, 32<<10)
	lang := opts.lang()
	flat := strings.EqualFold(opts.DimensionAtObservation, "AllDimensions")
	site := opts.siteURL()
	prepared := opts.prepared()
	sender := opts.SenderID
	if sender == "" {
		sender = DefaultAgency
	}
	senderName := opts.SenderName
	if senderName == "" {
		senderName = "Khlang"
	}
	meta := map[string]any{
		"schema": SDMXJSONSchema, "id": "KHLANG-" + prepared.Format("20060102T150405"), "prepared": prepared.Format(time.RFC3339),
		"test": false, "contentLanguages": []string{lang, otherLang(lang)},
		"sender": map[string]any{"id": idUnsafe.ReplaceAllString(sender, "_"), "name": senderName},
	}
	links := []map[string]string{{"href": site + "/sdmx/datastructure/" + DSD.Agency + "/" + DSD.ID + "/" + DSD.Version,
		"rel": "structure", "urn": "urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=" + DSD.String()}}
	if len(series) == 1 {
		f := series[0].Flow
		links = append([]map[string]string{{"href": site + "/sdmx/dataflow/" + f.Agency + "/" + f.ID + "/" + f.Version,
			"rel": "dataflow", "urn": f.URN()}}, links...)
	}
	mb, _ := json.Marshal(meta)
	lb, _ := json.Marshal(links)
	bw.WriteString(`{"meta":`)
	bw.Write(mb)
	bw.WriteString(`,"data":{"dataSets":[{"structure":0,"action":"Information","links":`)
	bw.Write(lb)
	if flat {
		bw.WriteString(`,"observations":{`)
	} else {
		bw.WriteString(`,"series":{`)
	}

	dims := make([]*valueIndex, len(seriesDims))
	for i, d := range seriesDims {
		dims[i] = newValueIndex(d)
	}
	tdim := newValueIndex(timeDim)
	sattr := make([]*valueIndex, len(seriesAttr))
	for i, a := range seriesAttr {
		sattr[i] = newValueIndex(a)
	}
	oattr := newValueIndex(obsAttr)

	first := true
	sep := func() {
		if !first {
			bw.WriteByte(',')
		}
		first = false
	}
	type seriesBuf struct {
		key   string
		attrs []int
		obs   []string // "t":[...]
	}
	for _, s := range series {
		if !opts.Filter.matchSeries(s) {
			continue
		}
		var order []string
		bufs := map[string]*seriesBuf{}
		err := s.Each(ctx, func(o Observation) error {
			if !opts.Filter.match(s, &o) {
				return nil
			}
			idx := make([]string, len(dims))
			for i, d := range dims {
				idx[i] = strconv.Itoa(d.get(s, &o))
			}
			t := strconv.Itoa(tdim.get(s, &o))
			attrs := make([]int, len(sattr))
			for i, a := range sattr {
				attrs[i] = a.get(s, &o)
			}
			val := "null"
			if o.Value != nil {
				val = formatValue(o.Value)
			}
			st := strconv.Itoa(oattr.get(s, &o))
			if flat {
				sep()
				var b strings.Builder
				fmt.Fprintf(&b, `"%s:%s":[%s,%s`, strings.Join(idx, ":"), t, val, st)
				for _, a := range attrs {
					b.WriteString("," + strconv.Itoa(a))
				}
				b.WriteByte(']')
				_, err := bw.WriteString(b.String())
				return err
			}
			key := strings.Join(idx, ":")
			sb := bufs[key]
			if sb == nil {
				sb = &seriesBuf{key: key, attrs: attrs}
				bufs[key] = sb
				order = append(order, key)
			}
			sb.obs = append(sb.obs, `"`+t+`":[`+val+","+st+"]")
			return nil
		})
		if err != nil {
			return err
		}
		for _, key := range order {
			sb := bufs[key]
			sep()
			ab, _ := json.Marshal(sb.attrs)
			fmt.Fprintf(bw, `"%s":{"attributes":%s,"observations":{%s}}`, key, ab, strings.Join(sb.obs, ","))
		}
		if err := bw.Flush(); err != nil {
			return err
		}
	}
	bw.WriteString("}}]")

	// The structure.
	rel := func(kind string) map[string]any {
		switch kind {
		case "observation":
			return map[string]any{"observation": map[string]any{}}
		default:
			return map[string]any{"dimensions": []string{"INDICATOR"}}
		}
	}
	pos := func(i int) *int { return &i }
	var seriesJSON, obsJSON, sAttrJSON, oAttrJSON []jsonComponent
	for i, d := range dims {
		if flat {
			obsJSON = append(obsJSON, d.json(pos(i), nil, lang))
		} else {
			seriesJSON = append(seriesJSON, d.json(pos(i), nil, lang))
		}
	}
	obsJSON = append(obsJSON, tdim.json(pos(len(dims)), nil, lang))
	oAttrJSON = append(oAttrJSON, oattr.json(nil, rel("observation"), lang))
	for _, a := range sattr {
		if flat {
			oAttrJSON = append(oAttrJSON, a.json(nil, rel("series"), lang))
		} else {
			sAttrJSON = append(sAttrJSON, a.json(nil, rel("series"), lang))
		}
	}
	name := opts.Title
	if name == "" && len(series) == 1 {
		name = series[0].Name(lang)
	}
	if name == "" {
		name = "Indicators"
	}
	structure := map[string]any{
		"links": links, "name": name,
		"dimensions": map[string]any{"dataSet": []any{}, "series": nonNilComps(seriesJSON), "observation": nonNilComps(obsJSON)},
		"measures": map[string]any{"observation": []any{map[string]any{"id": obsValue.ID, "name": obsValue.name(lang),
			"names": map[string]string{"en": obsValue.NameEN, "th": obsValue.NameTH}, "roles": []string{obsValue.Role}}}},
		"attributes": map[string]any{"dataSet": []any{}, "dimensionGroup": []any{}, "series": nonNilComps(sAttrJSON),
			"observation": nonNilComps(oAttrJSON)},
		"dataSets": []int{0},
	}
	sb, err := json.Marshal(structure)
	if err != nil {
		return err
	}
	bw.WriteString(`,"structures":[`)
	bw.Write(sb)
	bw.WriteString("]}}\n")
	return bw.Flush()
}

func nonNilComps(c []jsonComponent) []jsonComponent {
	if c == nil {
		return []jsonComponent{}
	}
	return c
}

func otherLang(l string) string {
	if l == "th" {
		return "en"
	}
	return "th"
}
