package export

import (
	"slices"
	"strconv"
	"strings"
)

// Code is one entry of a codelist, with its Thai and English names.
type Code struct {
	ID     string
	NameTH string
	NameEN string
}

// Name returns the name in lang ("th" or "en"), falling back to the other language and
// then to the id.
func (c Code) Name(lang string) string {
	a, b := c.NameEN, c.NameTH
	if lang == "th" {
		a, b = b, a
	}
	switch {
	case a != "":
		return a
	case b != "":
		return b
	}
	return c.ID
}

// Codelist is an SDMX codelist (CL_AREA, CL_FREQ, …) as the exports and the /sdmx
// structure endpoints show it.
type Codelist struct {
	ID     string // e.g. CL_AREA
	NameTH string
	NameEN string
	Codes  []Code
}

// Lookup returns the code with that id.
func (cl *Codelist) Lookup(id string) (Code, bool) {
	for _, c := range cl.Codes {
		if c.ID == id {
			return c, true
		}
	}
	return Code{}, false
}

// CodelistVersion is the version of every codelist and dataflow this package publishes.
const CodelistVersion = "1.0.0"

// Areas are ISO 3166-1 alpha-3 codes with Thai and English names: Thailand and the other
// ASEAN member states, plus the aggregates an indicator may be reported for.
var Areas = Codelist{ID: "CL_AREA", NameTH: "พื้นที่อ้างอิง", NameEN: "Reference area", Codes: []Code{
	{"THA", "ไทย", "Thailand"},
	{"BRN", "บรูไนดารุสซาลาม", "Brunei Darussalam"},
	{"KHM", "กัมพูชา", "Cambodia"},
	{"IDN", "อินโดนีเซีย", "Indonesia"},
	{"LAO", "สปป.ลาว", "Lao People's Democratic Republic"},
	{"MYS", "มาเลเซีย", "Malaysia"},
	{"MMR", "เมียนมา", "Myanmar"},
	{"PHL", "ฟิลิปปินส์", "Philippines"},
	{"SGP", "สิงคโปร์", "Singapore"},
	{"VNM", "เวียดนาม", "Viet Nam"},
	{"TLS", "ติมอร์-เลสเต", "Timor-Leste"},
	{"ASEAN", "อาเซียน", "ASEAN"},
	{"W", "โลก", "World"},
}}

// Frequencies are SDMX's CL_FREQ codes.
var Frequencies = Codelist{ID: "CL_FREQ", NameTH: "ความถี่", NameEN: "Frequency", Codes: []Code{
	{"A", "รายปี", "Annual"},
	{"S", "รายครึ่งปี", "Half-yearly"},
	{"Q", "รายไตรมาส", "Quarterly"},
	{"M", "รายเดือน", "Monthly"},
	{"W", "รายสัปดาห์", "Weekly"},
	{"D", "รายวัน", "Daily"},
}}

// Units are the UNIT_MEASURE codes of the indicator tables.
var Units = Codelist{ID: "CL_UNIT_MEASURE", NameTH: "หน่วยวัด", NameEN: "Unit of measure", Codes: []Code{
	{"PT_IND", "ร้อยละของบุคคล", "% of individuals"},
	{"PT_HH", "ร้อยละของครัวเรือน", "% of households"},
	{"PT_ENT", "ร้อยละของวิสาหกิจ", "% of enterprises"},
	{"PT_B1GQ", "ร้อยละของผลิตภัณฑ์มวลรวมในประเทศ", "% of GDP"},
	{"PT_EMP", "ร้อยละของผู้มีงานทำ", "% of employment"},
	{"PT_POP", "ร้อยละของประชากร", "% of population"},
	{"PT", "ร้อยละ", "percent"},
	{"PER_100_INHAB", "ต่อประชากร 100 คน", "per 100 inhabitants"},
	{"PER_1000_INHAB", "ต่อประชากร 1,000 คน", "per 1,000 inhabitants"},
	{"PER_MN_INHAB", "ต่อประชากร 1 ล้านคน", "per million inhabitants"},
	{"RANK", "อันดับ", "rank"},
	{"SCORE", "คะแนน (0–100)", "score (0–100)"},
	{"SCORE_0_10", "คะแนนความเห็นผู้บริหาร (0–10)", "executive opinion score (0–10)"},
	{"SCORE_1_5", "คะแนน (1–5)", "score (1–5)"},
	{"SCORE_1_7", "คะแนน (1–7)", "score (1–7)"},
	{"IDX_0_1", "ค่าดัชนี (0–1)", "index (0–1)"},
	{"BOOL", "มี (1) / ไม่มี (0)", "yes (1) / no (0)"},
	{"PISA_PTS", "คะแนน PISA", "PISA points"},
	{"RATIO", "อัตราส่วน", "ratio"},
	{"DAYS", "วัน", "days"},
	{"YR", "ปี", "years"},
	{"H_DAY", "ชั่วโมงต่อวัน", "hours per day"},
	{"PP", "จุดร้อยละ", "percentage points"},
	{"NUM", "จำนวน", "number"},
	{"PS", "คน", "persons"},
	{"PS_MN", "ล้านคน", "million persons"},
	{"THB", "บาท", "Thai baht"},
	{"THB_MN", "ล้านบาท", "million Thai baht"},
	{"THB_PS", "บาทต่อคน", "Thai baht per person"},
	{"SUB_MN", "ล้านเลขหมาย", "million subscriptions"},
	{"GB_SUB_M", "กิกะไบต์ต่อเลขหมายต่อเดือน", "GB per subscription per month"},
	{"MBPS", "เมกะบิตต่อวินาที", "Mbit/s"},
	{"GBPS", "กิกะบิตต่อวินาที", "Gbit/s"},
	{"MW", "เมกะวัตต์", "megawatts"},
	{"KG_PS", "กิโลกรัมต่อคน", "kg per capita"},
	{"TRX_PS", "ครั้งต่อคนต่อปี", "transactions per person per year"},
	{"ID_MN", "ล้านหมายเลข", "million registered IDs"},
}}

// ObsStatuses are SDMX's CL_OBS_STATUS codes used here.
var ObsStatuses = Codelist{ID: "CL_OBS_STATUS", NameTH: "สถานะค่าสังเกต", NameEN: "Observation status", Codes: []Code{
	{"A", "ค่าปกติ", "Normal value"},
	{"P", "ค่าเบื้องต้น", "Provisional value"},
	{"E", "ค่าประมาณ", "Estimated value"},
	{"F", "ค่าพยากรณ์", "Forecast value"},
	{"B", "ข้อมูลไม่ต่อเนื่อง", "Time series break"},
	{"M", "ไม่มีข้อมูล", "Missing value"},
}}

// UnitMultipliers are SDMX's CL_UNIT_MULT powers of ten, named as the GD-Catalog's
// unit_of_multiplier field names them.
var UnitMultipliers = Codelist{ID: "CL_UNIT_MULT", NameTH: "หน่วยตัวคูณ", NameEN: "Unit multiplier", Codes: []Code{
	{"0", "หน่วย", "Units"}, {"1", "สิบ", "Tens"}, {"2", "ร้อย", "Hundreds"}, {"3", "พัน", "Thousands"},
	{"4", "หมื่น", "Tens of thousands"}, {"5", "แสน", "Hundreds of thousands"}, {"6", "ล้าน", "Millions"},
	{"7", "สิบล้าน", "Tens of millions"}, {"8", "ร้อยล้าน", "Hundreds of millions"}, {"9", "พันล้าน", "Billions"},
	{"10", "หมื่นล้าน", "Tens of billions"}, {"11", "แสนล้าน", "Hundreds of billions"}, {"12", "ล้านล้าน", "Trillions"},
}}

// Total is the breakdown value of a total (SDMX's _T).
const Total = "_T"

// Breakdowns name the breakdown dimensions an indicator table may carry; their values'
// labels come from the table itself (breakdown_label_th / _en).
var Breakdowns = Codelist{ID: "CL_BREAKDOWN", NameTH: "การจำแนก", NameEN: "Breakdown", Codes: []Code{
	{Total, "ไม่จำแนก", "No breakdown"},
	{"SEX", "เพศ", "Sex"},
	{"AGE", "กลุ่มอายุ", "Age group"},
	{"REGION", "ภาค", "Region"},
	{"URBANISATION", "เขตเมืองและชนบท", "Urban and rural area"},
	{"SIZE_CLASS", "ขนาดสถานประกอบการ", "Enterprise size"},
	{"ACTIVITY", "สาขาอุตสาหกรรม", "Economic activity"},
	{"COUNTERPART", "ประเภทคู่ค้า", "Counterpart"},
}}

// codelists are the codelists the /sdmx/codelist endpoint serves, by id.
var codelists = []*Codelist{&Areas, &Frequencies, &Units, &ObsStatuses, &UnitMultipliers, &Breakdowns}

// CodelistByID returns a published codelist.
func CodelistByID(id string) (*Codelist, bool) {
	for _, cl := range codelists {
		if strings.EqualFold(cl.ID, id) {
			return cl, true
		}
	}
	return nil, false
}

// codeOf returns the code from cl, or a code named by its id when cl lacks it.
func codeOf(cl *Codelist, id string) Code {
	if c, ok := cl.Lookup(id); ok {
		return c
	}
	return Code{ID: id, NameTH: id, NameEN: id}
}

// frequencyOf maps the GD-Catalog's update_frequency_unit to an SDMX frequency, and
// guesses from a time period when the unit says nothing.
func frequencyOf(unit, period string) string {
	switch unit {
	case "ปี":
		return "A"
	case "ครึ่งปี":
		return "S"
	case "ไตรมาส":
		return "Q"
	case "เดือน":
		return "M"
	case "สัปดาห์":
		return "W"
	case "วัน", "วันทำการ":
		return "D"
	}
	switch {
	case strings.Contains(period, "-Q"):
		return "Q"
	case strings.Contains(period, "-S"):
		return "S"
	case strings.Contains(period, "-W"):
		return "W"
	case len(period) == 7 && period[4] == '-':
		return "M"
	case len(period) == 10:
		return "D"
	}
	return "A"
}

// multiplierOf reads the GD-Catalog's unit_of_multiplier (Thai word) as a power of ten.
func multiplierOf(thai string) (int, bool) {
	for _, c := range UnitMultipliers.Codes {
		if c.NameTH == thai {
			n, _ := strconv.Atoi(c.ID)
			return n, true
		}
	}
	return 0, false
}

// sortPeriods orders time periods as SDMX does: by their text, which for ISO 8601
// periods (2023, 2023-Q1, 2023-01) is chronological.
func sortPeriods(p []string) { slices.Sort(p) }
