package content

// unit describes how an indicator is measured and how its sample values are
// generated: bounded units move additively within [lo, hi]; unbounded ones
// (counts, money) grow by a yearly rate.
type unit struct {
	code     string // SDMX-style UNIT_MEASURE code
	th, en   string
	multTH   string // GD-Catalog unit_of_multiplier
	multExp  int    // SDMX UNIT_MULT
	decimals int
	lo, hi   float64
	additive bool
}

var (
	uPctInd  = unit{"PT_IND", "ร้อยละของบุคคล", "% of individuals", "หน่วย", 0, 1, 0, 99.9, true}
	uPctHH   = unit{"PT_HH", "ร้อยละของครัวเรือน", "% of households", "หน่วย", 0, 1, 0, 99.9, true}
	uPctEnt  = unit{"PT_ENT", "ร้อยละของวิสาหกิจ", "% of enterprises", "หน่วย", 0, 1, 0, 99.9, true}
	uPctGDP  = unit{"PT_B1GQ", "ร้อยละของผลิตภัณฑ์มวลรวมในประเทศ", "% of GDP", "หน่วย", 0, 2, 0, 60, true}
	uPctEmp  = unit{"PT_EMP", "ร้อยละของผู้มีงานทำ", "% of employment", "หน่วย", 0, 1, 0, 99.9, true}
	uPctPop  = unit{"PT_POP", "ร้อยละของประชากร", "% of population", "หน่วย", 0, 1, 0, 99.9, true}
	uPct     = unit{"PT", "ร้อยละ", "percent", "หน่วย", 0, 1, 0.1, 99.9, true}
	uPer100  = unit{"PER_100_INHAB", "ต่อประชากร 100 คน", "per 100 inhabitants", "หน่วย", 0, 1, 0, 250, true}
	uPerK    = unit{"PER_1000_INHAB", "ต่อประชากร 1,000 คน", "per 1,000 inhabitants", "หน่วย", 0, 2, 0, 1000, true}
	uNetPerK = unit{"PER_1000_INHAB", "ต่อประชากร 1,000 คน (สุทธิ)", "net, per 1,000 inhabitants", "หน่วย", 0, 2, -50, 50, true}
	uRank    = unit{"RANK", "อันดับ", "rank", "หน่วย", 0, 0, 1, 64, true}
	uScore   = unit{"SCORE", "คะแนน (0–100)", "score (0–100)", "หน่วย", 0, 2, 0, 100, true}
	uSurvey  = unit{"SCORE_0_10", "คะแนนความเห็นผู้บริหาร (0–10)", "executive opinion score (0–10)", "หน่วย", 0, 2, 0, 10, true}
	uIndex1  = unit{"IDX_0_1", "ค่าดัชนี (0–1)", "index (0–1)", "หน่วย", 0, 3, 0, 1, true}
	uBinary  = unit{"BOOL", "มี (1) / ไม่มี (0)", "yes (1) / no (0)", "หน่วย", 0, 0, 0, 1, true}
	uScale5  = unit{"SCORE_1_5", "คะแนน (1–5)", "score (1–5)", "หน่วย", 0, 2, 1, 5, true}
	uScale7  = unit{"SCORE_1_7", "คะแนน (1–7)", "score (1–7)", "หน่วย", 0, 2, 1, 7, true}
	uPISA    = unit{"PISA_PTS", "คะแนน PISA", "PISA points", "หน่วย", 0, 0, 200, 700, true}
	uRatio   = unit{"RATIO", "อัตราส่วน", "ratio", "หน่วย", 0, 2, 0, 100, true}
	uDays    = unit{"DAYS", "วัน", "days", "หน่วย", 0, 0, 1, 2000, true}
	uYears   = unit{"YR", "ปี", "years", "หน่วย", 0, 1, 0, 16, true}
	uHours   = unit{"H_DAY", "ชั่วโมงต่อวัน", "hours per day", "หน่วย", 0, 1, 0, 16, true}
	uPP      = unit{"PP", "จุดร้อยละ", "percentage points", "หน่วย", 0, 1, -30, 30, true}
	uNum     = unit{"NUM", "จำนวน", "number", "หน่วย", 0, 0, 0, 0, false}
	uPersons = unit{"PS", "คน", "persons", "หน่วย", 0, 0, 0, 0, false}
	uTHBMn   = unit{"THB_MN", "ล้านบาท", "million THB", "ล้าน", 6, 1, 0, 0, false}
	uTHB     = unit{"THB", "บาท", "THB", "หน่วย", 0, 0, 0, 0, false}
	uTHBPs   = unit{"THB_PS", "บาทต่อคน", "THB per worker", "หน่วย", 0, 0, 0, 0, false}
	uPersMn  = unit{"PS_MN", "ล้านคน", "million persons", "ล้าน", 6, 2, 0, 0, false}
	uSubMn   = unit{"SUB_MN", "ล้านเลขหมาย", "million subscriptions", "ล้าน", 6, 2, 0, 0, false}
	uGB      = unit{"GB_SUB_M", "กิกะไบต์ต่อเลขหมายต่อเดือน", "GB per subscription per month", "หน่วย", 0, 1, 0, 0, false}
	uMbps    = unit{"MBPS", "เมกะบิตต่อวินาที", "Mbit/s", "หน่วย", 0, 1, 0, 0, false}
	uGbps    = unit{"GBPS", "กิกะบิตต่อวินาที", "Gbit/s", "หน่วย", 0, 0, 0, 0, false}
	uMW      = unit{"MW", "เมกะวัตต์", "megawatts", "หน่วย", 0, 1, 0, 0, false}
	uKg      = unit{"KG_PS", "กิโลกรัมต่อคน", "kg per capita", "หน่วย", 0, 1, 0, 0, false}
	uPerCap  = unit{"TRX_PS", "ครั้งต่อคนต่อปี", "transactions per person per year", "หน่วย", 0, 1, 0, 0, false}
	uPerMn   = unit{"PER_MN_INHAB", "ต่อประชากร 1 ล้านคน", "per million inhabitants", "หน่วย", 0, 0, 0, 0, false}
	uIDMn    = unit{"ID_MN", "ล้านหมายเลข", "million registered IDs", "ล้าน", 6, 1, 0, 0, false}
)

// calcMethod explains, in Thai, how values in the unit are computed.
func (u unit) calcMethod() string {
	switch u.code {
	case "PT_IND", "PT_HH", "PT_ENT", "PT_EMP", "PT_POP", "PT":
		return "ร้อยละ = (จำนวนหน่วยที่มีคุณลักษณะตามนิยาม ÷ จำนวนหน่วยทั้งหมดในกลุ่มเป้าหมาย) × 100"
	case "PT_B1GQ":
		return "ร้อยละของ GDP = (มูลค่าตามนิยาม ÷ ผลิตภัณฑ์มวลรวมในประเทศ ณ ราคาประจำปี) × 100"
	case "PER_100_INHAB", "PER_1000_INHAB", "PER_MN_INHAB":
		return "อัตรา = (จำนวนตามนิยาม ÷ จำนวนประชากรกลางปี) × ฐานประชากรของหน่วยวัด"
	case "RANK":
		return "อันดับของประเทศตามรายงานประจำปี (1 = ดีที่สุด) เทียบกับเขตเศรษฐกิจทั้งหมดที่จัดอันดับ"
	case "SCORE", "IDX_0_1", "SCORE_1_5", "SCORE_1_7":
		return "คะแนนดัชนีตามระเบียบวิธีของผู้จัดทำกรอบตัวชี้วัด (ปรับมาตรฐานและถ่วงน้ำหนักองค์ประกอบ)"
	case "SCORE_0_10":
		return "ค่าเฉลี่ยคะแนนจากแบบสำรวจความคิดเห็นผู้บริหาร (Executive Opinion Survey) มาตรวัด 0–10"
	case "PP":
		return "ผลต่างของร้อยละระหว่างกลุ่ม (จุดร้อยละ)"
	}
	return "ผลรวมหรือค่าเฉลี่ยของหน่วยที่นับได้ตามนิยามของตัวชี้วัด ในปีอ้างอิง"
}
