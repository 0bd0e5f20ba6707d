package content

import (
	"fmt"
	"io"
	"math"
	"sync"
)

// SML allocation per fund, in baht, by village size class.
const (
	AllocationS = 200000 // villages of up to 500 residents
	AllocationM = 300000 // 501–999 residents
	AllocationL = 400000 // 1,000 residents or more
)

// bangkokFunds is the number of urban community funds in Bangkok as reported
// in the press; the rest of the 79,610 are spread over the other provinces.
const bangkokFunds = 960

// SizeClass returns the SML size class and allocation for a village of n residents.
func SizeClass(residents int) (class string, allocation int) {
	switch {
	case residents <= 500:
		return "S", AllocationS
	case residents < 1000:
		return "M", AllocationM
	}
	return "L", AllocationL
}

// villageFund is one generated fund of the registry.
type villageFund struct {
	code      string
	prov      int // index into provinces
	district  int
	villageNo int
	nameTH    string
	nameEN    string
	urban     bool
	residents int
	members   int
}

var (
	vfOnce  sync.Once
	vfFunds []villageFund
)

// villageFunds builds the 79,610 sample funds once; the registry and the
// product base both read them.
func villageFunds() []villageFund {
	vfOnce.Do(func() { vfFunds = generateVillageFunds() })
	return vfFunds
}

// fundsPerProvince spreads the funds by a rural-weighted population.
func fundsPerProvince() []int {
	weights := make([]float64, len(provinces))
	for i, p := range provinces {
		if p.Code == "10" {
			continue
		}
		w := float64(p.popK)
		switch {
		case p.Code == "11" || p.Code == "12" || p.Code == "13" || p.Code == "20" || p.Code == "74" || p.Code == "83":
			w *= 0.55 // mostly urban: few villages per resident
		case p.Region == "northeast":
			w *= 1.25 // many small villages
		}
		weights[i] = w
	}
	out := apportion(VillageFundCount-bangkokFunds, weights)
	out[0] = bangkokFunds
	return out
}

var (
	villagePartA = []label{{"หนอง", "หนอง", "Nong"}, {"โนน", "โนน", "Non"}, {"ดอน", "ดอน", "Don"}, {"นา", "นา", "Na"}, {"ห้วย", "ห้วย", "Huai"},
		{"โคก", "โคก", "Khok"}, {"ป่า", "ป่า", "Pa"}, {"ทุ่ง", "ทุ่ง", "Thung"}, {"วัง", "วัง", "Wang"}, {"บึง", "บึง", "Bueng"},
		{"คลอง", "คลอง", "Khlong"}, {"สระ", "สระ", "Sa"}, {"หัว", "หัว", "Hua"}, {"ท่า", "ท่า", "Tha"}, {"บ่อ", "บ่อ", "Bo"}}
	villagePartB = []label{{"ใหญ่", "ใหญ่", "Yai"}, {"น้อย", "น้อย", "Noi"}, {"แดง", "แดง", "Daeng"}, {"บัว", "บัว", "Bua"}, {"ยาง", "ยาง", "Yang"},
		{"ทอง", "ทอง", "Thong"}, {"หว้า", "หว้า", "Wa"}, {"ไผ่", "ไผ่", "Phai"}, {"ใหม่", "ใหม่", "Mai"}, {"เหนือ", "เหนือ", "Nuea"},
		{"ใต้", "ใต้", "Tai"}, {"กลาง", "กลาง", "Klang"}, {"โพธิ์", "โพธิ์", "Pho"}, {"ตะเคียน", "ตะเคียน", "Takhian"}, {"หิน", "หิน", "Hin"},
		{"งาม", "งาม", "Ngam"}, {"เจริญ", "เจริญ", "Charoen"}, {"สามัคคี", "สามัคคี", "Samakkhi"}, {"พัฒนา", "พัฒนา", "Phatthana"}, {"มะม่วง", "มะม่วง", "Mamuang"}}
)

func generateVillageFunds() []villageFund {
	r := newRand("village-fund/registry")
	counts := fundsPerProvince()
	out := make([]villageFund, 0, VillageFundCount)
	for pi, p := range provinces {
		n := counts[pi]
		districts := 50 // Bangkok's 50 districts (khet)
		if p.Code != "10" {
			districts = int(math.Max(3, math.Min(32, math.Round(float64(n)/95))))
		}
		urbanP := 0.08
		switch p.Code {
		case "10":
			urbanP = 1
		case "11", "12", "13", "20", "74", "83":
			urbanP = 0.35
		}
		seq := make([]int, districts+1)
		for i := 0; i < n; i++ {
			d := 1 + i*districts/n
			seq[d]++
			urban := r.Float64() < urbanP
			median := 650.0
			if urban {
				median = 900
			}
			residents := int(math.Round(median * math.Exp(r.NormFloat64()*0.45)))
			residents = max(60, min(residents, 6000))
			members := int(math.Round(float64(residents) * (0.15 + 0.15*r.Float64())))
			a, b := villagePartA[r.IntN(len(villagePartA))], villagePartB[r.IntN(len(villagePartB))]
			nameTH, nameEN := "บ้าน"+a.TH+b.TH, "Ban "+a.EN+" "+b.EN
			if urban {
				nameTH, nameEN = "ชุมชน"+a.TH+b.TH, "Chumchon "+a.EN+" "+b.EN
			}
			out = append(out, villageFund{
				code:      fmt.Sprintf("%s%02d%04d", p.Code, d, seq[d]),
				prov:      pi,
				district:  d,
				villageNo: seq[d],
				nameTH:    nameTH,
				nameEN:    nameEN,
				urban:     urban,
				residents: residents,
				members:   members,
			})
		}
	}
	return out
}

func districtName(p Province, d int) string {
	if d == 1 {
		if p.Code == "10" {
			return "เขตพระนคร"
		}
		return "อำเภอเมือง" + p.NameTH
	}
	unitTH := "อำเภอ"
	if p.Code == "10" {
		unitTH = "เขต"
	}
	return fmt.Sprintf("%sลำดับที่ %02d (ตัวอย่าง)", unitTH, d)
}

var vfHeader = []string{"fund_code", "province_code", "province_name_th", "province_name_en", "region_th", "district_code",
	"district_name_th", "village_no", "village_name_th", "village_name_en", "area_type", "area_type_th",
	"residents", "members", "size_class", "sml_allocation_thb"}

func writeVillageFunds(w io.Writer) error {
	c := newCSV(w, vfHeader...)
	for _, f := range villageFunds() {
		p := provinces[f.prov]
		area, areaTH := "rural", "หมู่บ้าน"
		if f.urban {
			area, areaTH = "urban", "ชุมชนเมือง"
		}
		class, alloc := SizeClass(f.residents)
		c.row(f.code, p.Code, p.NameTH, p.NameEN, p.RegionTH(), fmt.Sprintf("%s%02d", p.Code, f.district),
			districtName(p, f.district), itoa(f.villageNo), f.nameTH, f.nameEN, area, areaTH,
			itoa(f.residents), itoa(f.members), class, itoa(alloc))
	}
	return c.close()
}

func writeVillageFundSummary(w io.Writer) error {
	type agg struct{ funds, s, m, l, members, alloc int }
	sums := make([]agg, len(provinces))
	for _, f := range villageFunds() {
		a := &sums[f.prov]
		a.funds++
		a.members += f.members
		class, alloc := SizeClass(f.residents)
		a.alloc += alloc
		switch class {
		case "S":
			a.s++
		case "M":
			a.m++
		default:
			a.l++
		}
	}
	c := newCSV(w, "province_code", "province_name_th", "province_name_en", "funds", "size_s", "size_m", "size_l", "members", "sml_allocation_thb")
	for i, p := range provinces {
		a := sums[i]
		c.row(p.Code, p.NameTH, p.NameEN, itoa(a.funds), itoa(a.s), itoa(a.m), itoa(a.l), itoa(a.members), itoa(a.alloc))
	}
	return c.close()
}

// Product categories of the village-fund product base (the five OTOP product groups).
var productCategories = []struct {
	label
	items []label // TH / EN product names; Code holds the sales unit
}{
	{label{"FOOD", "อาหาร", "Food"}, []label{
		{"กระปุก", "น้ำพริกเผา", "Roasted chilli paste"}, {"ถุง", "กล้วยตาก", "Sun-dried bananas"}, {"ถุง", "ข้าวกล้องหอมมะลิ", "Jasmine brown rice"},
		{"ถุง", "หมูแดดเดียว", "Sun-dried pork"}, {"กล่อง", "ทองม้วน", "Crispy rolled wafers"}, {"ขวด", "น้ำผึ้งดอกลำไย", "Longan-blossom honey"},
		{"ถุง", "กุ้งแห้ง", "Dried shrimp"}, {"กระปุก", "ปลาร้าบอง", "Spiced fermented fish dip"}}},
	{label{"BEV", "เครื่องดื่ม", "Beverages"}, []label{
		{"ขวด", "น้ำกระเจี๊ยบ", "Roselle drink"}, {"ถุง", "ชาใบหม่อน", "Mulberry-leaf tea"}, {"ถุง", "กาแฟคั่วบด", "Ground roasted coffee"},
		{"ขวด", "น้ำตะไคร้ใบเตย", "Lemongrass and pandan drink"}, {"ถุง", "ชาดอกอัญชัน", "Butterfly-pea tea"}}},
	{label{"TEXT", "ผ้าและเครื่องแต่งกาย", "Textiles and garments"}, []label{
		{"ผืน", "ผ้าไหมมัดหมี่", "Mudmee silk"}, {"ผืน", "ผ้าฝ้ายทอมือ", "Hand-woven cotton"}, {"ผืน", "ผ้าขาวม้า", "Pha khao ma cloth"},
		{"ตัว", "เสื้อย้อมคราม", "Indigo-dyed shirt"}, {"ใบ", "กระเป๋าผ้าทอ", "Woven fabric bag"}}},
	{label{"CRAFT", "ของใช้ ของตกแต่ง ของที่ระลึก", "Household goods, decorations and souvenirs"}, []label{
		{"ใบ", "ตะกร้าสานไม้ไผ่", "Woven bamboo basket"}, {"ด้าม", "ไม้กวาดดอกหญ้า", "Grass-flower broom"}, {"ชิ้น", "เครื่องปั้นดินเผา", "Earthenware"},
		{"ใบ", "กระเป๋าสานผักตบชวา", "Water-hyacinth bag"}, {"ชิ้น", "งานแกะสลักไม้", "Wood carving"}}},
	{label{"HERB", "สมุนไพรที่ไม่ใช่อาหารและยา", "Herbal products (non-food)"}, []label{
		{"ขวด", "ยาหม่องสมุนไพร", "Herbal balm"}, {"ก้อน", "สบู่สมุนไพร", "Herbal soap"}, {"ลูก", "ลูกประคบสมุนไพร", "Herbal compress ball"},
		{"ขวด", "น้ำมันนวดสมุนไพร", "Herbal massage oil"}}},
}

var certifications = []label{
	{"NONE", "ไม่มี", "None"}, {"MPC", "มผช. (มาตรฐานผลิตภัณฑ์ชุมชน)", "Thai Community Product Standard"},
	{"FDA", "อย.", "Thai FDA registration"}, {"OTOP", "OTOP", "OTOP product"}, {"GMP", "GMP", "GMP"}, {"HALAL", "ฮาลาล", "Halal"},
}

// productCount is the number of products in the sample product base.
const productCount = 4200

func writeVillageFundProducts(w io.Writer) error {
	r := newRand("village-fund/products")
	funds := villageFunds()
	c := newCSV(w, "product_code", "product_name_th", "product_name_en", "category_code", "category_th", "category_en",
		"fund_code", "province_code", "province_name_th", "province_name_en", "price_thb", "sales_unit", "certification", "certification_en")
	for i := 0; i < productCount; i++ {
		cat := productCategories[r.IntN(len(productCategories))]
		it := cat.items[r.IntN(len(cat.items))]
		f := funds[r.IntN(len(funds))]
		p := provinces[f.prov]
		price := math.Round(20+math.Exp(3.5+r.NormFloat64()*0.8)) * 1
		if cat.Code == "TEXT" {
			price *= 6
		}
		cert := certifications[r.IntN(len(certifications))]
		if cat.Code == "CRAFT" && (cert.Code == "FDA" || cert.Code == "GMP") {
			cert = certifications[1] // food-safety marks do not apply to crafts
		}
		c.row(fmt.Sprintf("VFP-%05d", i+1), it.TH+" "+f.nameTH, it.EN+" from "+f.nameEN, cat.Code, cat.TH, cat.EN,
			f.code, p.Code, p.NameTH, p.NameEN, ftoa(price, 0), it.Code, cert.TH, cert.EN)
	}
	return c.close()
}

func villageFundDatasets() []Dataset {
	nvcfo, bdi := publisher(OrgNVCFO), publisher(OrgBDI)
	regTH, regEN := sampleNotes(
		"ทะเบียนกองทุนหมู่บ้านและชุมชนเมืองจากระบบฐานข้อมูลขนาดใหญ่ (Big Data) กองทุนหมู่บ้าน ซึ่งสถาบันข้อมูลขนาดใหญ่ (องค์การมหาชน) หรือ BDI สนับสนุนการพัฒนาให้สำนักงานกองทุนหมู่บ้านและชุมชนเมืองแห่งชาติ (สทบ.) ระบบจัดเก็บและรวบรวมข้อมูลจาก**กองทุนหมู่บ้าน 79,610 แห่งทั่วประเทศ** เพื่อวิเคราะห์และบริหารจัดการในรูปแบบ dashboard ที่ใช้เทคโนโลยี AI สนับสนุนการวิเคราะห์ข้อมูล ผ่านการเชื่อมโยงแพลตฟอร์ม Big Data เช่น **City Data Platform (CDP)** ที่ใช้ในการบริหารจัดการและการพัฒนาท้องถิ่นของจังหวัดต่าง ๆ ทั่วประเทศ\n\n"+
			"ไฟล์ทะเบียนมี 1 แถวต่อกองทุน (79,610 แถว) ครอบคลุม 77 จังหวัด ขนาดกองทุนตามโครงการ SML: S = หมู่บ้านที่มีประชากรไม่เกิน 500 คน ได้รับ 200,000 บาท, M = 501–999 คน ได้รับ 300,000 บาท, L = 1,000 คนขึ้นไป ได้รับ 400,000 บาท\n\n"+
			"จำนวนกองทุน 79,610 แห่งเป็นตัวเลขที่เผยแพร่แล้ว (ข่าวทำเนียบรัฐบาล 6 มีนาคม 2568) ส่วนรายละเอียดรายกองทุน (รหัส ชื่อหมู่บ้าน จำนวนประชากร สมาชิก) สร้างขึ้นเป็นตัวอย่าง",
		"Registry of village and urban community funds from the village-fund Big Data system that the Big Data Institute (BDI) develops for the National Village and Urban Community Fund Office (NVCFO, สทบ.). The system collects data from **79,610 village funds nationwide** for analysis and management through dashboards with AI-assisted analysis, linked to Big Data platforms such as the **City Data Platform (CDP)** that provinces use for local management and development.\n\n"+
			"One row per fund (79,610 rows) over the 77 provinces. SML size classes: S = villages of up to 500 residents, 200,000 baht; M = 501–999 residents, 300,000 baht; L = 1,000 residents or more, 400,000 baht.\n\n"+
			"The count of 79,610 funds is a published figure (Royal Thai Government release, 6 March 2025); the per-fund details (codes, village names, residents, members) are generated.")
	prodTH, prodEN := sampleNotes(
		"ฐานข้อมูลผลิตภัณฑ์กองทุนหมู่บ้าน: รายการผลิตภัณฑ์ของกองทุนหมู่บ้าน จำแนกตามหมวดผลิตภัณฑ์ (อาหาร เครื่องดื่ม ผ้าและเครื่องแต่งกาย ของใช้ ของตกแต่ง ของที่ระลึก สมุนไพรที่ไม่ใช่อาหารและยา) พร้อมรหัสกองทุน จังหวัด ราคา และมาตรฐานที่ได้รับการรับรอง จัดทำเป็นส่วนหนึ่งของระบบ Big Data กองทุนหมู่บ้านที่ BDI พัฒนาให้ สทบ.",
		"The village-fund product base (ฐานข้อมูลผลิตภัณฑ์กองทุนหมู่บ้าน): products of village funds by category (food, beverages, textiles and garments, household goods and souvenirs, non-food herbal products), with fund code, province, price and certification; part of the village-fund Big Data system BDI develops for NVCFO.")
	base := Dataset{
		Org: OrgNVCFO, Groups: []string{GroupVillageFund}, LicenseID: "cc-by",
		Author: nvcfo.TitleTH, AuthorEmail: contactEmail(OrgNVCFO), Maintainer: bdi.TitleTH, MaintainerEmail: contactEmail(OrgBDI),
		URL: nvcfo.URL, Version: "1.0", Sample: true,
		DataType: "ข้อมูลระเบียน", UpdateFrequencyUnit: "เดือน", UpdateFrequencyInterval: 1,
		Objective:    []string{"นโยบายรัฐบาล/ข้อสั่งการนายกรัฐมนตรี", "พันธกิจหน่วยงาน"},
		DataFormat:   []string{"CSV", "Database"},
		DataLanguage: []string{"ไทย", "อังกฤษ"},
		GeoCoverage:  "หมู่บ้าน",
		DataSource:   "สำนักงานกองทุนหมู่บ้านและชุมชนเมืองแห่งชาติ (สทบ.) ร่วมกับสถาบันข้อมูลขนาดใหญ่ (องค์การมหาชน) (BDI)",
		DataCategory: "ข้อมูลสาธารณะ", AccessibleCondition: "เปิดเผยต่อสาธารณะ ใช้ได้โดยอ้างอิงแหล่งที่มา",
		FirstYearOfData: 2025, LastYearOfData: 2025, HighValueDataset: true,
	}
	reg := base
	reg.Name, reg.TitleTH, reg.TitleEN = "village-fund-registry", "ทะเบียนกองทุนหมู่บ้านและชุมชนเมือง (Big Data กองทุนหมู่บ้าน)", "Village and urban community fund registry (village-fund Big Data)"
	reg.NotesTH, reg.NotesEN = regTH, regEN
	reg.Tags = []string{"กองทุนหมู่บ้าน", "village fund", "Big Data", "City Data Platform", "CDP", "SML", "สทบ.", "BDI", "dashboard", "AI"}
	reg.Disaggregate = []string{"ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่"}
	reg.UnitOfMeasure, reg.UnitOfMultiplier = "กองทุน", "หน่วย"
	reg.Extras = map[string]string{"data_support": "หน่วยงานของรัฐ", "co_producer": OrgBDI, "data_collect": "หมู่บ้าน/ชุมชน",
		"linked_platform": "City Data Platform (CDP)", "fund_count": itoa(VillageFundCount), "dashboard": "AI-assisted dashboards"}
	reg.Resources = []Resource{
		{Name: "ทะเบียนกองทุนหมู่บ้าน 79,610 กองทุน", Description: "1 แถวต่อกองทุน: รหัสกองทุน จังหวัด อำเภอ หมู่บ้าน เขตเมือง/ชนบท สมาชิก ขนาด SML และเงินจัดสรร — " + SampleNote, Format: "CSV", FileName: "village-funds.csv", Write: writeVillageFunds},
		{Name: "สรุปกองทุนหมู่บ้านรายจังหวัด", Description: "จำนวนกองทุน ขนาด S/M/L สมาชิก และเงินจัดสรร SML รายจังหวัด — " + SampleNote, Format: "CSV", FileName: "village-funds-by-province.csv", Write: writeVillageFundSummary},
	}
	prod := base
	prod.Name, prod.TitleTH, prod.TitleEN = "village-fund-products", "ฐานข้อมูลผลิตภัณฑ์กองทุนหมู่บ้าน", "Village-fund product base"
	prod.NotesTH, prod.NotesEN = prodTH, prodEN
	prod.Tags = []string{"กองทุนหมู่บ้าน", "village fund", "ผลิตภัณฑ์ชุมชน", "community products", "OTOP", "BDI"}
	prod.Disaggregate = []string{"ผลิตภัณฑ์", "ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่"}
	prod.UnitOfMeasure, prod.UnitOfMultiplier = "บาท", "หน่วย"
	prod.HighValueDataset = false
	prod.Extras = map[string]string{"data_support": "หน่วยงานของรัฐ", "co_producer": OrgBDI, "data_collect": "อื่นๆ", "product_count": itoa(productCount)}
	prod.Resources = []Resource{{Name: "ผลิตภัณฑ์กองทุนหมู่บ้าน", Description: "รายการผลิตภัณฑ์ หมวด รหัสกองทุน จังหวัด ราคา มาตรฐาน — " + SampleNote, Format: "CSV", FileName: "village-fund-products.csv", Write: writeVillageFundProducts}}
	return []Dataset{reg, prod}
}
