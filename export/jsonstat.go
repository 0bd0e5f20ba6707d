package export

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strconv"
	"time"
)

// MaxCubeCells bounds a JSON-stat cube: its dense value array has one cell per
// combination of categories, so a request over too many indicators is refused rather
// than allowed to exhaust memory.
const MaxCubeCells = 4 << 20

// ErrTooLarge is returned when an export would exceed MaxCubeCells.
var ErrTooLarge = errors.New("export: too many cells for one JSON-stat dataset; narrow the request")

// cubeObs is one observation placed in the cube.
type cubeObs struct {
	ind, area, bd  int
	period, status string
	value          *float64
}

// category collects the categories of a JSON-stat dimension in order of appearance.
type category struct {
	idx    map[string]int
	ids    []string
	labels map[string]string
}

func newCategory() *category {
	return &category{idx: map[string]int{}, labels: map[string]string{}}
}

func (c *category) add(id, label string) int {
	if i, ok := c.idx[id]; ok {
		return i
	}
	c.idx[id] = len(c.ids)
	c.ids = append(c.ids, id)
	c.labels[id] = label
	return len(c.ids) - 1
}

type jsDimension struct {
	Label    string     `json:"label"`
	Category jsCategory `json:"category"`
}

type jsCategory struct {
	Index []string          `json:"index"`
	Label map[string]string `json:"label,omitempty"`
	Unit  map[string]jsUnit `json:"unit,omitempty"`
}

type jsUnit struct {
	Label    string `json:"label"`
	Decimals int    `json:"decimals"`
	Position string `json:"position,omitempty"`
}

// WriteJSONStat writes the series as one JSON-stat 2.0 dataset with the dimensions
// INDICATOR (metric, with units), REF_AREA (geo), BREAKDOWN (the breakdown category:
// "_T" or "SEX.M") and TIME_PERIOD (time). JSON-stat is a dense cube in row-major order,
// so the observations are gathered before the cube is written; MaxCubeCells bounds it.
func WriteJSONStat(ctx context.Context, w io.Writer, series []*Series, opts Options) error {
	lang := opts.lang()
	inds, areas, bds := newCategory(), newCategory(), newCategory()
	periods := map[string]bool{}
	units := map[string]jsUnit{}
	var obs []cubeObs
	var updated time.Time
	sources := []string{}
	sample := false
	for _, s := range series {
		if !opts.Filter.matchSeries(s) {
			continue
		}
		ind := -1
		err := s.Each(ctx, func(o Observation) error {
			if !opts.Filter.match(s, &o) {
				return nil
			}
			if ind < 0 {
				ind = inds.add(s.indicatorID(), s.Name(lang))
				_, uname := s.value(&o, "UNIT_MEASURE", lang)
				units[s.indicatorID()] = jsUnit{Label: uname, Decimals: decimalsOf(o.Value), Position: "end"}
			}
			if d := decimalsOf(o.Value); d > units[s.indicatorID()].Decimals {
				u := units[s.indicatorID()]
				u.Decimals = d
				units[s.indicatorID()] = u
			}
			_, aname := s.value(&o, "REF_AREA", lang)
			a := areas.add(o.RefArea, aname)
			bid, blabel := Total, o.breakdownLabel(lang)
			if o.BreakdownValue != Total || o.Breakdown != Total {
				_, bdName := s.value(&o, "BREAKDOWN", lang)
				if o.BreakdownValue == Total {
					bid = o.Breakdown + "." + Total
					blabel = bdName + ": " + blabel
				} else {
					bid = o.Breakdown + "." + o.BreakdownValue
					blabel = bdName + ": " + blabel
				}
			}
			b := bds.add(bid, blabel)
			periods[o.TimePeriod] = true
			st := o.Status
			if o.Sample {
				st += "s"
			}
			obs = append(obs, cubeObs{ind: ind, area: a, bd: b, period: o.TimePeriod, value: o.Value, status: st})
			return nil
		})
		if err != nil {
			return err
		}
		if ind >= 0 {
			if s.Dataset.MetadataModified.After(updated) {
				updated = s.Dataset.MetadataModified
			}
			src := s.SourceEN
			if lang == "th" || src == "" {
				src = s.SourceTH
			}
			if src != "" && !slices.Contains(sources, src) {
				sources = append(sources, src)
			}
			sample = sample || s.Sample
		}
	}
	times := make([]string, 0, len(periods))
	for p := range periods {
		times = append(times, p)
	}
	sortPeriods(times)
	tidx := make(map[string]int, len(times))
	for i, p := range times {
		tidx[p] = i
	}
	size := []int{len(inds.ids), len(areas.ids), len(bds.ids), len(times)}
	cells := 1
	for _, n := range size {
		cells *= n
		if cells > MaxCubeCells {
			return ErrTooLarge
		}
	}
	values := make([]*float64, cells)
	status := map[string]string{}
	for _, o := range obs {
		i := ((o.ind*size[1]+o.area)*size[2]+o.bd)*size[3] + tidx[o.period]
		values[i] = o.value
		if o.status != "A" {
			status[strconv.Itoa(i)] = o.status
		}
	}

	label := opts.Title
	if label == "" && len(inds.ids) == 1 {
		label = inds.labels[inds.ids[0]]
	}
	doc := map[string]any{
		"version": "2.0", "class": "dataset",
		"id":   []string{"INDICATOR", "REF_AREA", "BREAKDOWN", "TIME_PERIOD"},
		"size": size,
		"role": map[string][]string{"metric": {"INDICATOR"}, "geo": {"REF_AREA"}, "time": {"TIME_PERIOD"}},
		"dimension": map[string]jsDimension{
			"INDICATOR":   {Label: seriesDims[1].name(lang), Category: jsCategory{Index: nonNilStrings(inds.ids), Label: inds.labels, Unit: units}},
			"REF_AREA":    {Label: seriesDims[2].name(lang), Category: jsCategory{Index: nonNilStrings(areas.ids), Label: areas.labels}},
			"BREAKDOWN":   {Label: seriesDims[3].name(lang), Category: jsCategory{Index: nonNilStrings(bds.ids), Label: bds.labels}},
			"TIME_PERIOD": {Label: timeDim.name(lang), Category: jsCategory{Index: times}},
		},
		"value": values,
	}
	if label != "" {
		doc["label"] = label
	}
	if len(sources) > 0 {
		doc["source"] = joinSources(sources)
	}
	if !updated.IsZero() {
		doc["updated"] = updated.UTC().Format(time.RFC3339)
	}
	if len(status) > 0 {
		doc["status"] = status
	}
	legend := map[string]string{}
	for _, c := range ObsStatuses.Codes {
		legend[c.ID] = c.Name(lang)
		legend[c.ID+"s"] = c.Name(lang) + "; " + sampleCodes.Codes[0].Name(lang)
	}
	ext := map[string]any{"status": legend}
	if sample {
		doc["note"] = []string{sampleCodes.Codes[0].Name(lang)}
		ext["sample_data"] = true
	}
	doc["extension"] = ext
	bw := bufio.NewWriterSize(w, 32<<10)
	enc := json.NewEncoder(bw)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	return bw.Flush()
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func joinSources(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += "; "
		}
		out += x
	}
	return out
}

// decimalsOf counts the decimals of a value's shortest form.
func decimalsOf(v *float64) int {
	if v == nil {
		return 0
	}
	t := formatValue(v)
	for i := range len(t) {
		if t[i] == '.' {
			return len(t) - i - 1
		}
	}
	return 0
}
