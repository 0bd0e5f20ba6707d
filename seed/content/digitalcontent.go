package content

import (
	"io"
	"math"
)

// digitalContentRow is one value of the 2023 industry table.
type digitalContentRow struct {
	label
	value     float64
	published bool
	noteTH    string
}

// digitalContentRows returns the 2023 table: the release's figures, and a
// sample split of the rest of the total over animation, character and e-books.
func digitalContentRows() []digitalContentRow {
	r := newRand("digital-content/2023")
	rest := float64(DigitalContentTotal2023 - GamesValue2023)
	w := []float64{0.36 + r.Float64()*0.04, 0.24 + r.Float64()*0.04, 0.38 + r.Float64()*0.04}
	parts := apportion(int(rest), w)
	return []digitalContentRow{
		{label{"TOTAL", "มูลค่าอุตสาหกรรมดิจิทัลคอนเทนต์รวม", "Digital-content industry, total"}, DigitalContentTotal2023, true, "ตัวเลขที่เผยแพร่"},
		{label{"GAMES", "เกม (มูลค่าการบริโภค)", "Games (consumption)"}, GamesValue2023, true, "กว่าร้อยละ 77.5 ของมูลค่ารวม เกือบทั้งหมดเป็นการนำเข้า"},
		{label{"GAMES_DOMESTIC", "เกมที่ผลิตในประเทศเพื่อบริโภคและส่งออก", "Games produced domestically for consumption and export"}, DomesticGameProduction2023, true, "ตัวเลขที่เผยแพร่"},
		{label{"ANIMATION", "แอนิเมชัน", "Animation"}, float64(parts[0]), false, SampleNote},
		{label{"CHARACTER", "คาแรคเตอร์", "Character"}, float64(parts[1]), false, SampleNote},
		{label{"EBOOK", "หนังสืออิเล็กทรอนิกส์", "E-books"}, float64(parts[2]), false, SampleNote},
	}
}

func writeDigitalContent(w io.Writer) error {
	c := newCSV(w, "year_ce", "year_be", "segment", "segment_th", "segment_en", "value_mthb", "share_of_total_pct", "status", "note_th")
	for _, row := range digitalContentRows() {
		share := 100 * row.value / DigitalContentTotal2023
		shareS := ftoa(math.Floor(share*10)/10, 1) // "over 77.5%": truncate, never round up
		status := "sample"
		if row.published {
			status = "published"
		}
		c.row("2023", "2566", row.Code, row.TH, row.EN, ftoa(row.value, 0), shareS, status, row.noteTH)
	}
	return c.close()
}

func digitalContentDatasets() []Dataset {
	depa := publisher(OrgDEPA)
	th, en := sampleNotes(
		"มูลค่าอุตสาหกรรมดิจิทัลคอนเทนต์ของประเทศ ปี พ.ศ. 2566 จากการสำรวจที่สำนักงานส่งเสริมเศรษฐกิจดิจิทัล (ดีป้า) ส่งเสริม ครอบคลุมสาขาเกม แอนิเมชัน คาแรคเตอร์ และหนังสืออิเล็กทรอนิกส์\n\n"+
			"ตัวเลขที่เผยแพร่แล้ว (ข่าวทำเนียบรัฐบาล 6 มีนาคม 2568): มูลค่ารวม **44,236 ล้านบาท** เป็นมูลค่าการบริโภคในอุตสาหกรรมเกม **34,288 ล้านบาท** หรือคิดเป็นกว่า**ร้อยละ 77.5** ซึ่งเกือบทั้งหมดเป็นการนำเข้า สัดส่วนที่ผลิตในประเทศเพื่อบริโภคและส่งออกมีเพียง **886 ล้านบาท** ตลาดเกมไทยเป็นตลาดขนาดใหญ่ 1 ใน 3 ของอาเซียน และ (ร่าง) พ.ร.บ. ส่งเสริมอุตสาหกรรมเกม แยกจาก (ร่าง) พ.ร.บ. ภาพยนตร์และวีดิทัศน์ ฉบับใหม่\n\n"+
			"มูลค่าสาขาแอนิเมชัน คาแรคเตอร์ และหนังสืออิเล็กทรอนิกส์ในไฟล์นี้เป็นการแบ่งส่วนที่เหลือของมูลค่ารวมแบบตัวอย่าง (คอลัมน์ status = sample)",
		"Value of Thailand's digital-content industry in 2023 (BE 2566), from the survey depa promotes, covering games, animation, character and e-books.\n\n"+
			"Published figures (Royal Thai Government release, 6 March 2025): total **44,236 million THB**, of which game consumption **34,288 million THB**, over **77.5%**, almost all imported; domestic production for consumption and export only **886 million THB**. The Thai game market is one of the 3 largest in ASEAN; the draft Game Industry Promotion Act is separate from the new draft Film and Video Act.\n\n"+
			"Animation, character and e-book values here are a sample split of the rest of the total (column status = sample).")
	return []Dataset{{
		Name: "digital-content-industry-2023", TitleTH: "มูลค่าอุตสาหกรรมดิจิทัลคอนเทนต์ ปี 2566", TitleEN: "Digital-content industry value, 2023",
		NotesTH: th, NotesEN: en, Org: OrgDEPA, Groups: []string{GroupDigitalContent},
		Tags:      []string{"ดิจิทัลคอนเทนต์", "digital content", "เกม", "games", "แอนิเมชัน", "animation", "คาแรคเตอร์", "character", "หนังสืออิเล็กทรอนิกส์", "e-books", "depa"},
		LicenseID: "cc-by", Author: depa.TitleTH, AuthorEmail: contactEmail(OrgDEPA), Maintainer: depa.TitleTH, MaintainerEmail: contactEmail(OrgDEPA),
		URL: depa.URL, Version: "1.0", Sample: true,
		DataType: "ข้อมูลสถิติ", UpdateFrequencyUnit: "ปี", UpdateFrequencyInterval: 1,
		Objective:    []string{"พันธกิจหน่วยงาน", "กฎหมายที่เกี่ยวข้อง"},
		DataFormat:   []string{"CSV"},
		DataLanguage: []string{"ไทย", "อังกฤษ"},
		Disaggregate: []string{"อุตสาหกรรม/ประเภทกิจการ"},
		GeoCoverage:  "ประเทศ",
		DataSource:   "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล (ดีป้า): การสำรวจมูลค่าอุตสาหกรรมดิจิทัลคอนเทนต์",
		DataCategory: "ข้อมูลสาธารณะ", AccessibleCondition: "เปิดเผยต่อสาธารณะ ใช้ได้โดยอ้างอิงแหล่งที่มา",
		UnitOfMeasure: "ล้านบาท", UnitOfMultiplier: "ล้าน",
		CalculationMethod: "มูลค่าตลาด (การบริโภค) ของแต่ละสาขา รวมการนำเข้า; ส่วนแบ่ง = มูลค่าสาขา ÷ มูลค่ารวม × 100",
		FirstYearOfData:   2023, LastYearOfData: 2023,
		Extras: map[string]string{"total_mthb": "44236", "games_mthb": "34288", "games_share_pct": "77.5", "domestic_games_mthb": "886"},
		Resources: []Resource{{Name: "มูลค่าอุตสาหกรรมดิจิทัลคอนเทนต์ 2566 จำแนกตามสาขา", Description: "ล้านบาท; status บอกว่าตัวเลขใดเผยแพร่แล้วและตัวเลขใดเป็นตัวอย่าง — " + SampleNote,
			Format: "CSV", FileName: "digital-content-2023.csv", Write: writeDigitalContent}},
	}}
}
