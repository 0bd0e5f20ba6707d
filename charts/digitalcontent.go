package charts

import (
	"context"
	"fmt"
	"math"
)

// Sample-catalog names of the digital-content table (seed/content/digitalcontent.go).
const (
	digitalContentDataset = "digital-content-industry-2023"
	digitalContentFile    = "digital-content-2023.csv"
)

// Segment codes of the digital-content table: TOTAL is the industry, GAMES_DOMESTIC the
// part of games produced in Thailand; the other segments add up to TOTAL.
const (
	segmentTotal          = "TOTAL"
	segmentGames          = "GAMES"
	segmentGamesDomestic  = "GAMES_DOMESTIC"
	digitalContentDecimal = 0
)

// DigitalContent is the digital-content industry dashboard: value by segment for every
// year the table holds, and game consumption against domestic game production.
func (d *Dashboards) DigitalContent(ctx context.Context, lang string) (*Page, error) {
	lang = normLang(lang)
	return cached(ctx, d, "digital-content/"+lang, func(ctx context.Context) (*Page, error) {
		return d.digitalContent(ctx, lang)
	})
}

func (d *Dashboards) digitalContent(ctx context.Context, lang string) (*Page, error) {
	t, err := d.resourceTable(ctx, digitalContentDataset, digitalContentFile)
	if err != nil {
		return nil, err
	}
	segments := newGrid() // segment × year
	years := newTally()
	err = d.scan(ctx, t, []string{"year_ce", "year_be", "segment", "segment_th", "segment_en", "value_mthb"}, func(r row) error {
		year := r.str("year_ce")
		label := year
		if lang == LangTH && r.str("year_be") != "" {
			label = r.str("year_be")
		}
		years.add(year, label, 0)
		segments.add(r.str("segment"), pick(lang, r.str("segment_th"), r.str("segment_en")), year, label, r.num("value_mthb"))
		return nil
	})
	if err != nil {
		return nil, err
	}
	yearKeys := years.byKey()
	if len(yearKeys) == 0 {
		return nil, fmt.Errorf("%w: the digital-content table is empty", ErrNoData)
	}
	unit := tr(lang, "ล้านบาท", "million THB")
	yearSeries := func(segs []string) []series {
		var out []series
		for _, y := range yearKeys {
			vals := make([]float64, len(segs))
			for i, s := range segs {
				v, ok := segments.cells[[2]string{s, y}]
				if !ok {
					v = math.NaN()
				}
				vals[i] = v
			}
			out = append(out, series{years.labels[y], vals})
		}
		return out
	}
	var parts []string
	for _, k := range segments.rows.keys {
		if k != segmentTotal && k != segmentGamesDomestic {
			parts = append(parts, k)
		}
	}
	partLabels, _ := segments.rows.series(parts, 1)
	latest := yearKeys[len(yearKeys)-1]
	total, hasTotal := segments.cells[[2]string{segmentTotal, latest}]
	var note string
	var extra [][]string
	if hasTotal {
		note = fmt.Sprintf(tr(lang, "มูลค่ารวมปี %s: %s ล้านบาท", "Total %s: %s million THB"), years.labels[latest], formatNumber(total, 0))
		row := []string{segments.rows.labels[segmentTotal]}
		for _, y := range yearKeys {
			v, ok := segments.cells[[2]string{segmentTotal, y}]
			if !ok {
				v = math.NaN()
			}
			row = append(row, formatNumber(v, digitalContentDecimal))
		}
		extra = append(extra, row)
	}
	specs := []*spec{{
		id: "digital_content_by_segment", title: tr(lang, "มูลค่าอุตสาหกรรมดิจิทัลคอนเทนต์ตามสาขา", "Digital-content industry value by segment"),
		note: note, kind: kindBar, categories: partLabels, series: yearSeries(parts), extraRows: extra,
		catHeader: tr(lang, "สาขา", "Segment"), unit: unit, dataURL: t.searchURL(),
	}}
	games, gamesOK := segments.cells[[2]string{segmentGames, latest}]
	if _, ok := segments.rows.sums[segmentGamesDomestic]; ok && gamesOK {
		gl, _ := segments.rows.series([]string{segmentGames, segmentGamesDomestic}, 1)
		gNote := ""
		if hasTotal && total > 0 {
			// "over 77.5%": truncate the share, never round it up.
			gNote = fmt.Sprintf(tr(lang, "เกมคิดเป็นกว่าร้อยละ %s ของมูลค่ารวมปี %s", "Games are over %s%% of the %s total"),
				formatNumber(math.Floor(1000*games/total)/10, 1), years.labels[latest])
		}
		specs = append(specs, &spec{
			id: "digital_content_games", title: tr(lang, "การบริโภคเกมเทียบกับเกมที่ผลิตในประเทศ", "Game consumption against domestic game production"),
			note: gNote, kind: kindBar, categories: gl, series: yearSeries([]string{segmentGames, segmentGamesDomestic}),
			catHeader: tr(lang, "รายการ", "Item"), unit: unit, dataURL: t.searchURL(),
		})
	}
	page := &Page{Title: tr(lang, "อุตสาหกรรมดิจิทัลคอนเทนต์", "Digital-content industry"), Lang: lang}
	return renderPage(page, specs, lang)
}
