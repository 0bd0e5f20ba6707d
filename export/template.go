package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// The reporting template is the layout statistics staff send to OECD, ADIX and WDCR
// questionnaires: one row per indicator, reference area and breakdown category; one
// column per period; then units, source and status flags, with Thai and English labels.

// templateFixed are the columns before the periods.
var templateFixed = []string{
	"รหัสตัวชี้วัด / Indicator code", "ตัวชี้วัด (ไทย)", "Indicator (English)",
	"รหัสพื้นที่ / Area code", "พื้นที่ (ไทย)", "Area (English)",
	"การจำแนก / Breakdown", "กลุ่มย่อย (ไทย)", "Breakdown category (English)",
	"หน่วยวัด (ไทย)", "Unit (English)", "ตัวคูณ / Unit multiplier",
}

// templateTrailing are the columns after the periods.
var templateTrailing = []string{
	"สถานะ / Status flags", "ข้อมูลตัวอย่าง / Sample data", "แหล่งที่มา (ไทย)", "Source (English)",
}

// templateRow is one row of the template: its labels and a value per period.
type templateRow struct {
	fixed  []string
	values map[string]*float64
	flags  []string // "2024: P"
	sample bool
	src    [2]string
}

// periodsOf reads the distinct periods of the series, in order.
func periodsOf(ctx context.Context, series []*Series, f *Filter) ([]string, error) {
	seen := map[string]bool{}
	for _, s := range series {
		if !f.matchSeries(s) {
			continue
		}
		err := s.Each(ctx, func(o Observation) error {
			if f.match(s, &o) {
				seen[o.TimePeriod] = true
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sortPeriods(out)
	return out, nil
}

// eachTemplateRow reads the series one at a time and calls fn with its rows, in the
// order their first observation appears.
func eachTemplateRow(ctx context.Context, series []*Series, f *Filter, fn func(*templateRow) error) error {
	for _, s := range series {
		if !f.matchSeries(s) {
			continue
		}
		var order []string
		rows := map[string]*templateRow{}
		err := s.Each(ctx, func(o Observation) error {
			if !f.match(s, &o) {
				return nil
			}
			key := o.RefArea + "\x00" + o.Breakdown + "\x00" + o.BreakdownValue
			r := rows[key]
			if r == nil {
				area := codeOf(&Areas, o.RefArea)
				bdLabel := o.BreakdownValue
				if o.Breakdown != Total {
					bdLabel = o.Breakdown + "." + o.BreakdownValue
				}
				_, unitTH := s.value(&o, "UNIT_MEASURE", "th")
				_, unitEN := s.value(&o, "UNIT_MEASURE", "en")
				r = &templateRow{fixed: []string{s.Code, s.Name("th"), s.Name("en"),
					area.ID, area.Name("th"), area.Name("en"),
					bdLabel, o.breakdownLabel("th"), o.breakdownLabel("en"),
					unitTH, unitEN, fmt.Sprint(o.UnitMult)},
					values: map[string]*float64{}, sample: o.Sample, src: [2]string{s.SourceTH, s.SourceEN}}
				rows[key] = r
				order = append(order, key)
			}
			r.values[o.TimePeriod] = o.Value
			r.sample = r.sample || o.Sample
			if o.Status != "" && o.Status != "A" {
				r.flags = append(r.flags, o.TimePeriod+": "+o.Status)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range order {
			if err := fn(rows[k]); err != nil {
				return err
			}
		}
	}
	return nil
}

func (r *templateRow) trailing() []string {
	sample := "ไม่ใช่ / no"
	if r.sample {
		sample = "ใช่ / yes"
	}
	return []string{strings.Join(r.flags, "; "), sample, r.src[0], r.src[1]}
}

// statusLegend explains the status flags, Thai and English.
func statusLegend() string {
	var parts []string
	for _, c := range ObsStatuses.Codes {
		parts = append(parts, c.ID+" = "+c.NameTH+" / "+c.NameEN)
	}
	return strings.Join(parts, "; ")
}

// WriteTemplateCSV writes the reporting template as UTF-8 CSV (with a BOM when
// opts.BOM, so Excel reads Thai correctly): a header row, then one row per indicator,
// area and breakdown category with a column per period. Rows are written as each
// indicator is read.
func WriteTemplateCSV(ctx context.Context, w io.Writer, series []*Series, opts Options) error {
	periods, err := periodsOf(ctx, series, opts.Filter)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 32<<10)
	if opts.BOM {
		bw.WriteString("\ufeff")
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	header := append(append(append([]string{}, templateFixed...), periods...), templateTrailing...)
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, 0, len(header))
	err = eachTemplateRow(ctx, series, opts.Filter, func(r *templateRow) error {
		rec = append(rec[:0], r.fixed...)
		for _, p := range periods {
			rec = append(rec, formatValue(r.values[p]))
		}
		rec = append(rec, r.trailing()...)
		if err := cw.Write(rec); err != nil {
			return err
		}
		cw.Flush()
		return cw.Error()
	})
	if err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// Sheet names of the XLSX template.
const (
	SheetData  = "Data"
	SheetNotes = "Notes"
)

// WriteTemplateXLSX writes the reporting template as an XLSX workbook: sheet "Data" with
// the template (rows streamed through excelize's stream writer, values as numbers, the
// header frozen) and sheet "Notes" with the title, the status legend and the sample-data
// note.
func WriteTemplateXLSX(ctx context.Context, w io.Writer, series []*Series, opts Options) error {
	periods, err := periodsOf(ctx, series, opts.Filter)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetData); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(SheetData)
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"DDEBF7"}, Pattern: 1},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	ncols := len(templateFixed) + len(periods) + len(templateTrailing)
	if err := sw.SetColWidth(1, 1, 22); err != nil {
		return err
	}
	if err := sw.SetColWidth(2, 3, 40); err != nil {
		return err
	}
	header := make([]any, 0, ncols)
	for _, h := range templateFixed {
		header = append(header, excelize.Cell{StyleID: bold, Value: h})
	}
	for _, p := range periods {
		header = append(header, excelize.Cell{StyleID: bold, Value: p})
	}
	for _, h := range templateTrailing {
		header = append(header, excelize.Cell{StyleID: bold, Value: h})
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	rowN := 1
	rec := make([]any, 0, ncols)
	sample := false
	err = eachTemplateRow(ctx, series, opts.Filter, func(r *templateRow) error {
		rowN++
		rec = rec[:0]
		for _, v := range r.fixed {
			rec = append(rec, v)
		}
		for _, p := range periods {
			if v := r.values[p]; v != nil {
				rec = append(rec, *v)
			} else {
				rec = append(rec, nil)
			}
		}
		for _, v := range r.trailing() {
			rec = append(rec, v)
		}
		sample = sample || r.sample
		cell, err := excelize.CoordinatesToCellName(1, rowN)
		if err != nil {
			return err
		}
		return sw.SetRow(cell, rec)
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if _, err := f.NewSheet(SheetNotes); err != nil {
		return err
	}
	title := opts.Title
	if title == "" && len(series) == 1 {
		title = series[0].NameTH + " / " + series[0].NameEN
	}
	notes := [][2]string{
		{"ชื่อ / Title", title},
		{"สถานะ / Status flags", statusLegend()},
		{"ตัวคูณ / Unit multiplier", "ค่า × 10^ตัวคูณ / value × 10^multiplier"},
	}
	if sample {
		notes = append(notes, [2]string{"ข้อมูลตัวอย่าง / Sample data", sampleCodes.Codes[0].NameTH + " / " + sampleCodes.Codes[0].NameEN})
	}
	for i, n := range notes {
		if err := f.SetSheetRow(SheetNotes, fmt.Sprintf("A%d", i+1), &[]any{n[0], n[1]}); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}
