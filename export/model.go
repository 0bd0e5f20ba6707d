package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/datastore"
)

// ErrNotIndicator is returned for a dataset without an observation table (a resource
// whose columns include time_period and obs_value).
var ErrNotIndicator = errors.New("dataset has no indicator observations")

// DefaultAgency is the SDMX agency of dataflows whose dataset names none.
const DefaultAgency = "TDDC"

// DSD is the one data structure every indicator dataflow uses.
var DSD = Flow{Agency: DefaultAgency, ID: "DSD_INDICATOR", Version: CodelistVersion}

// Flow identifies an SDMX artefact: AGENCY:ID(VERSION).
type Flow struct {
	Agency, ID, Version string
}

// String renders the flow as SDMX-CSV's STRUCTURE_ID does: AGENCY:ID(VERSION).
func (f Flow) String() string { return f.Agency + ":" + f.ID + "(" + f.Version + ")" }

// URN is the SDMX registry URN of the dataflow.
func (f Flow) URN() string {
	return "urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=" + f.String()
}

var flowRe = regexp.MustCompile(`^([A-Za-z0-9_.@$-]+):([A-Za-z0-9_@$-]+)\(([0-9A-Za-z.+~-]+)\)$`)

// ParseFlow reads AGENCY:ID(VERSION).
func ParseFlow(s string) (Flow, bool) {
	m := flowRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return Flow{}, false
	}
	return Flow{m[1], m[2], m[3]}, true
}

var nonID = regexp.MustCompile(`[^A-Za-z0-9_]+`)

// FlowOf is the dataflow of an indicator dataset: its "sdmx_dataflow" extra when set,
// otherwise DF_ followed by its indicator code (or name) in upper case.
func FlowOf(d *catalog.Dataset) Flow {
	if f, ok := ParseFlow(extra(d, "sdmx_dataflow")); ok {
		return f
	}
	code := d.Indicator.IndicatorCode
	if code == "" {
		code = d.Name
	}
	return Flow{Agency: DefaultAgency, ID: "DF_" + strings.ToUpper(strings.Trim(nonID.ReplaceAllString(code, "_"), "_")), Version: CodelistVersion}
}

// extra returns a dataset extra's value.
func extra(d *catalog.Dataset, key string) string {
	for _, e := range d.Extras {
		if e.Key == key {
			return e.Value
		}
	}
	return ""
}

// Observation is one value of an indicator.
type Observation struct {
	RefArea    string // ISO 3166-1 alpha-3
	TimePeriod string // ISO 8601 period: 2024, 2024-Q1, 2024-03
	// Breakdown is the dimension the value is broken down by (SEX, AGE…; _T for none) and
	// BreakdownValue its category (_T for the total), with Thai and English labels.
	Breakdown, BreakdownValue          string
	BreakdownLabelTH, BreakdownLabelEN string
	Value                              *float64 // nil when missing
	Unit                               string   // UNIT_MEASURE code
	UnitMult                           int      // power of ten
	Status                             string   // OBS_STATUS code
	// Sample marks a value generated for demonstration, not a published statistic.
	Sample bool
}

// Series is one indicator dataset: its metadata and a way to read its observations.
// Every export reads indicators through it.
type Series struct {
	Dataset    *catalog.Dataset
	Code       string // indicator code
	NameTH     string
	NameEN     string
	Flow       Flow
	Frequency  string // CL_FREQ code
	Unit       Code   // the dataset's unit of measure
	UnitMult   int
	SourceTH   string
	SourceEN   string
	Sample     bool
	Frameworks []catalog.FrameworkRef

	read func(ctx context.Context, fn func(Observation) error) error
}

// Each calls fn with every observation, in the order of the table, as it is read.
func (s *Series) Each(ctx context.Context, fn func(Observation) error) error {
	return s.read(ctx, fn)
}

// Observations reads every observation.
func (s *Series) Observations(ctx context.Context) ([]Observation, error) {
	var out []Observation
	err := s.Each(ctx, func(o Observation) error {
		out = append(out, o)
		return nil
	})
	return out, err
}

// Name is the indicator's name in lang ("th" or "en").
func (s *Series) Name(lang string) string {
	return Code{ID: s.Code, NameTH: s.NameTH, NameEN: s.NameEN}.Name(lang)
}

// Source reads indicator series from the DataStore, or from the stored CSV files when a
// table is missing.
type Source struct {
	DataStore *datastore.Store // may be nil: files only
	UploadDir string           // <UploadDir>/<resource id>/<file name>; "" disables files
}

// Series opens the indicator series of a dataset. It returns ErrNotIndicator when the
// dataset has no observation table. The caller has already checked that the actor may
// read the dataset.
func (src *Source) Series(ctx context.Context, d *catalog.Dataset) (*Series, error) {
	s := newSeries(d)
	for i := range d.Resources {
		r := &d.Resources[i]
		if src.DataStore != nil {
			ok, err := src.DataStore.Exists(ctx, r.ID)
			if err != nil {
				return nil, fmt.Errorf("dataset %s: %w", d.Name, err)
			}
			if ok {
				res, err := src.DataStore.Search(ctx, datastore.SearchRequest{ResourceID: r.ID, Limit: ptr(0)})
				if err != nil {
					return nil, fmt.Errorf("dataset %s: %w", d.Name, err)
				}
				names := make([]string, len(res.Fields))
				for i, f := range res.Fields {
					names[i] = f.ID
				}
				if isObservationHeader(names) {
					id := r.ID
					s.read = func(ctx context.Context, fn func(Observation) error) error {
						return s.readTable(ctx, src.DataStore, id, fn)
					}
					return s, nil
				}
				continue
			}
		}
		if file := src.file(r); file != "" {
			header, err := csvHeader(file)
			if err != nil || !isObservationHeader(header) {
				continue
			}
			s.read = func(ctx context.Context, fn func(Observation) error) error {
				f, err := os.Open(file)
				if err != nil {
					return fmt.Errorf("open observations of %s: %w", d.Name, err)
				}
				defer f.Close()
				return s.readCSV(ctx, bufio.NewReaderSize(f, 64<<10), fn)
			}
			return s, nil
		}
	}
	return nil, fmt.Errorf("%s: %w", d.Name, ErrNotIndicator)
}

// file is the stored CSV file of an uploaded resource, or "".
func (src *Source) file(r *catalog.Resource) string {
	if src.UploadDir == "" || r.URLType != "upload" || !strings.EqualFold(r.Format, "CSV") {
		return ""
	}
	name := path.Base(r.URL)
	if name == "." || name == "/" || strings.Contains(r.ID, "..") || strings.ContainsAny(r.ID, `/\`) {
		return ""
	}
	return filepath.Join(src.UploadDir, r.ID, name)
}

func ptr[T any](v T) *T { return &v }

func csvHeader(file string) ([]string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	h, err := r.Read()
	if len(h) > 0 {
		h[0] = strings.TrimPrefix(h[0], "\ufeff")
	}
	return h, err
}

func isObservationHeader(h []string) bool {
	has := map[string]bool{}
	for _, c := range h {
		has[strings.ToLower(strings.TrimSpace(c))] = true
	}
	return has["time_period"] && has["obs_value"]
}

func newSeries(d *catalog.Dataset) *Series {
	s := &Series{Dataset: d, Code: d.Indicator.IndicatorCode, NameTH: d.Title, NameEN: d.TitleEN,
		Flow: FlowOf(d), SourceTH: d.GDC.DataSource, SourceEN: extra(d, "source_agency_en"),
		Sample: extra(d, "sample_data") == "true", Frameworks: d.Indicator.Frameworks}
	if s.Code == "" {
		s.Code = d.Name
	}
	if s.NameTH == "" {
		s.NameTH = d.Name
	}
	s.Frequency = frequencyOf(d.GDC.UpdateFrequencyUnit, "")
	unit := extra(d, "unit_measure_code")
	if unit != "" {
		s.Unit = codeOf(&Units, unit)
	} else if d.GDC.UnitOfMeasure != "" {
		s.Unit = Code{ID: "", NameTH: d.GDC.UnitOfMeasure, NameEN: d.GDC.UnitOfMeasure}
	}
	if m, ok := multiplierOf(d.GDC.UnitOfMultiplier); ok {
		s.UnitMult = m
	}
	return s
}

// readTable streams a DataStore table through its CSV dump.
func (s *Series) readTable(ctx context.Context, ds *datastore.Store, id string, fn func(Observation) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		pw.CloseWithError(ds.Dump(ctx, pw, id, datastore.DumpOptions{Format: datastore.DumpCSV, Sort: []string{"_id"}}))
	}()
	err := s.readCSV(ctx, pr, fn)
	pr.CloseWithError(errStop)
	cancel()
	<-done
	if err != nil {
		return fmt.Errorf("read observations of %s: %w", s.Dataset.Name, err)
	}
	return nil
}

var errStop = errors.New("export: reader stopped")

// readCSV parses an observation table (header row first) and calls fn per row.
func (s *Series) readCSV(ctx context.Context, r io.Reader, fn func(Observation) error) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("read header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	defArea := "THA"
	if len(s.Dataset.Indicator.ReferenceArea) > 0 {
		defArea = s.Dataset.Indicator.ReferenceArea[0]
	}
	for n := 0; ; n++ {
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		o := Observation{RefArea: get(rec, "ref_area"), TimePeriod: get(rec, "time_period"),
			Breakdown: get(rec, "breakdown"), BreakdownValue: get(rec, "breakdown_value"),
			BreakdownLabelTH: get(rec, "breakdown_label_th"), BreakdownLabelEN: get(rec, "breakdown_label_en"),
			Unit: get(rec, "unit_measure"), Status: get(rec, "obs_status"), Sample: s.Sample, UnitMult: s.UnitMult}
		if o.TimePeriod == "" {
			continue
		}
		if o.RefArea == "" {
			o.RefArea = defArea
		}
		if o.Breakdown == "" {
			o.Breakdown = Total
		}
		if o.BreakdownValue == "" {
			o.BreakdownValue = Total
		}
		if o.Unit == "" {
			o.Unit = s.Unit.ID
		}
		if strings.EqualFold(o.Status, "sample") {
			o.Status, o.Sample = "", true
		}
		if o.Status == "" {
			o.Status = "A"
		}
		if m := get(rec, "unit_mult"); m != "" {
			if v, err := strconv.Atoi(m); err == nil {
				o.UnitMult = v
			}
		}
		if v := get(rec, "obs_value"); v != "" {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return fmt.Errorf("row %d: obs_value %q is not a number", n+2, v)
			}
			o.Value = &f
		}
		if err := fn(o); err != nil {
			return err
		}
	}
}

// breakdownLabel is the label of an observation's breakdown category.
func (o *Observation) breakdownLabel(lang string) string {
	if o.BreakdownValue == Total && o.BreakdownLabelEN == "" {
		return Code{NameTH: "ยอดรวม", NameEN: "Total"}.Name(lang)
	}
	return Code{ID: o.BreakdownValue, NameTH: o.BreakdownLabelTH, NameEN: o.BreakdownLabelEN}.Name(lang)
}

// formatValue renders a value as the shortest decimal that reads back the same.
func formatValue(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}
