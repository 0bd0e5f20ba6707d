package content

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
)

// ServiceCategories are the five categories of the Digital Service Registry.
var ServiceCategories = []string{"Software", "Software as a Service", "Digital Content Service", "Smart Devices", "Hardware and Firmware"}

// serviceCategoryCounts splits the 615 registered items over the categories (sample split).
var serviceCategoryCounts = []int{240, 185, 60, 85, 45}

var serviceCategoryTH = map[string]string{
	"Software":                "ซอฟต์แวร์",
	"Software as a Service":   "ซอฟต์แวร์ในรูปแบบบริการ (SaaS)",
	"Digital Content Service": "บริการดิจิทัลคอนเทนต์",
	"Smart Devices":           "อุปกรณ์อัจฉริยะ",
	"Hardware and Firmware":   "ฮาร์ดแวร์และเฟิร์มแวร์",
}

// Standards by category, as the registry requires: CMMI and ISO for
// software, dSURE for smart devices.
var serviceStandards = map[string][]string{
	"Software":                {"CMMI Level 3", "CMMI Level 5", "ISO/IEC 29110", "ISO/IEC 27001", "ISO 9001"},
	"Software as a Service":   {"ISO/IEC 27001", "ISO/IEC 27017", "CMMI Level 3", "ISO/IEC 29110"},
	"Digital Content Service": {"ISO 9001", "ไม่กำหนด"},
	"Smart Devices":           {"dSURE"},
	"Hardware and Firmware":   {"dSURE", "ISO 9001"},
}

var servicePriceUnit = map[string]string{
	"Software":                "บาทต่อสิทธิ์การใช้งาน",
	"Software as a Service":   "บาทต่อผู้ใช้ต่อเดือน",
	"Digital Content Service": "บาทต่องาน",
	"Smart Devices":           "บาทต่อเครื่อง",
	"Hardware and Firmware":   "บาทต่อชุด",
}

// servicePrice returns a log-normal price around the category's median.
var serviceMedianPrice = map[string]float64{
	"Software": 650000, "Software as a Service": 900, "Digital Content Service": 280000, "Smart Devices": 35000, "Hardware and Firmware": 18000,
}

var serviceProducts = map[string][]label{
	"Software": {{"", "ระบบบริหารงานบุคคล", "Human resource management system"}, {"", "ระบบบัญชีและการเงินภาครัฐ", "Government accounting and finance system"},
		{"", "ระบบบริหารจัดการพัสดุและครุภัณฑ์", "Supplies and asset management system"}, {"", "ระบบสารบรรณอิเล็กทรอนิกส์", "Electronic correspondence system"},
		{"", "ระบบบริหารจัดการโครงการ", "Project management system"}, {"", "ระบบภูมิสารสนเทศเพื่อการวางแผน", "GIS planning system"},
		{"", "ระบบบริหารจัดการเรื่องร้องเรียน", "Complaint management system"}},
	"Software as a Service": {{"", "ระบบประชุมออนไลน์", "Online meeting service"}, {"", "แชตบอตบริการประชาชน", "Citizen-service chatbot"},
		{"", "ระบบลงเวลาปฏิบัติงานออนไลน์", "Online time-attendance service"}, {"", "ระบบแบบสอบถามออนไลน์", "Online survey service"},
		{"", "ระบบจัดเก็บเอกสารบนคลาวด์", "Cloud document storage"}, {"", "ระบบลงลายมือชื่อดิจิทัล", "Digital signature service"}},
	"Digital Content Service": {{"", "สื่อการเรียนรู้ออนไลน์", "Online learning content"}, {"", "แอนิเมชันประชาสัมพันธ์", "Public-relations animation"},
		{"", "หนังสืออิเล็กทรอนิกส์", "E-book production"}, {"", "ทัวร์เสมือนจริง 360 องศา", "360-degree virtual tour"}, {"", "เกมเพื่อการเรียนรู้", "Educational game"}},
	"Smart Devices": {{"", "กล้องวงจรปิดอัจฉริยะ", "Smart CCTV camera"}, {"", "เครื่องวัดฝุ่น PM2.5", "PM2.5 sensor"},
		{"", "ตู้บริการอัจฉริยะ", "Smart service kiosk"}, {"", "มิเตอร์น้ำอัจฉริยะ", "Smart water meter"}, {"", "เครื่องวัดระดับน้ำอัตโนมัติ", "Automatic water-level gauge"}},
	"Hardware and Firmware": {{"", "อุปกรณ์เกตเวย์ IoT", "IoT gateway"}, {"", "เครื่องอ่านบัตรประชาชนอเนกประสงค์", "Multi-purpose ID card reader"},
		{"", "ชุดควบคุมไฟถนนอัจฉริยะ", "Smart street-light controller"}, {"", "ชุดควบคุมระบบสูบน้ำ", "Pump control unit"}},
}

var (
	companyPrefixes = []label{{"", "สยาม", "Siam"}, {"", "ไทย", "Thai"}, {"", "ลานนา", "Lanna"}, {"", "อันดามัน", "Andaman"}, {"", "อีสาน", "Isan"},
		{"", "เจ้าพระยา", "Chao Phraya"}, {"", "ทวารวดี", "Dvaravati"}, {"", "สุวรรณภูมิ", "Suvarnabhumi"}, {"", "รัตนโกสินทร์", "Rattanakosin"},
		{"", "ภูพาน", "Phuphan"}, {"", "แม่โขง", "Maekhong"}, {"", "ศรีวิชัย", "Srivijaya"}, {"", "นาคา", "Naga"}, {"", "สุโขทัย", "Sukhothai"}}
	companyCores = []label{{"", "ดิจิทัล", "Digital"}, {"", "ซอฟต์แวร์", "Software"}, {"", "คลาวด์", "Cloud"}, {"", "ดาต้า", "Data"},
		{"", "สมาร์ท", "Smart"}, {"", "เทค", "Tech"}, {"", "ไอโอที", "IoT"}}
	companyProvinces = []string{"10", "10", "10", "10", "10", "10", "12", "13", "50", "40", "20", "90", "83"}
)

type company struct {
	code, nameTH, nameEN string
	province             string
	startup              bool
	capital              int
	category             string
}

type service struct {
	code     string
	category string
	company  int
	nameTH   string
	nameEN   string
	standard string
	price    float64
	date     string
}

var (
	registryOnce sync.Once
	companies    []company
	services     []service
)

func registry() ([]company, []service) {
	registryOnce.Do(generateRegistry)
	return companies, services
}

func generateRegistry() {
	r := newRand("digital-service-registry")
	// Fictional company names: every prefix × core pair, shuffled, first 91.
	var names [][2]string
	for _, p := range companyPrefixes {
		for _, c := range companyCores {
			names = append(names, [2]string{"บริษัท " + p.TH + c.TH + " จำกัด", p.EN + " " + c.EN + " Co., Ltd."})
		}
	}
	r.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })

	var cats []string
	for i, c := range ServiceCategories {
		for range serviceCategoryCounts[i] {
			cats = append(cats, c)
		}
	}
	r.Shuffle(len(cats), func(i, j int) { cats[i], cats[j] = cats[j], cats[i] })

	// Registration dates from mid-2021 to the end of February 2025, in order.
	days := make([]int, len(cats))
	for i := range days {
		days[i] = r.IntN(1369) // 2021-06-01 + 1368 days = 2025-02-28
	}
	slices.Sort(days)

	cs := make([]company, CompanyCount)
	byCat := map[string][]int{}
	for i := range cs {
		cs[i] = company{
			code:     fmt.Sprintf("DSR-C%03d", i+1),
			nameTH:   names[i][0],
			nameEN:   names[i][1],
			province: companyProvinces[r.IntN(len(companyProvinces))],
			startup:  r.Float64() < 0.45,
			capital:  (1 + r.IntN(50)) * 1_000_000,
			category: cats[i],
		}
		byCat[cats[i]] = append(byCat[cats[i]], i)
	}
	ss := make([]service, len(cats))
	for i, cat := range cats {
		ci := i // the first 91 items give every company at least one
		if i >= CompanyCount {
			if cand := byCat[cat]; len(cand) > 0 && r.Float64() < 0.8 {
				ci = cand[r.IntN(len(cand))]
			} else {
				ci = r.IntN(CompanyCount)
			}
		}
		prod := serviceProducts[cat][r.IntN(len(serviceProducts[cat]))]
		brand := companyPrefixes[r.IntN(len(companyPrefixes))].EN
		std := serviceStandards[cat][r.IntN(len(serviceStandards[cat]))]
		price := serviceMedianPrice[cat] * math.Exp(r.NormFloat64()*0.6)
		if price >= 1000 {
			price = math.Round(price/100) * 100
		} else {
			price = math.Round(price)
		}
		version := 1 + r.IntN(5)
		ss[i] = service{
			code:     fmt.Sprintf("DSR-S%04d", i+1),
			category: cat,
			company:  ci,
			nameTH:   fmt.Sprintf("%s %s รุ่น %d", prod.TH, brand, version),
			nameEN:   fmt.Sprintf("%s %s v%d", brand, prod.EN, version),
			standard: std,
			price:    price,
			date:     dayToDate(2021, 6, 1, days[i]),
		}
	}
	companies, services = cs, ss
}

func writeServices(w io.Writer) error {
	cs, ss := registry()
	c := newCSV(w, "service_code", "service_name_th", "service_name_en", "category", "category_th", "company_code", "company_name_th",
		"standard", "price_thb", "price_unit", "registration_date", "data_location", "techhunt_listed")
	for _, s := range ss {
		co := cs[s.company]
		c.row(s.code, s.nameTH, s.nameEN, s.category, serviceCategoryTH[s.category], co.code, co.nameTH,
			s.standard, ftoa(s.price, 0), servicePriceUnit[s.category], s.date, "ประเทศไทย", "true")
	}
	return c.close()
}

func writeCompanies(w io.Writer) error {
	cs, ss := registry()
	count := make([]int, len(cs))
	first := make([]string, len(cs))
	for _, s := range ss {
		count[s.company]++
		if first[s.company] == "" || s.date < first[s.company] {
			first[s.company] = s.date
		}
	}
	c := newCSV(w, "company_code", "company_name_th", "company_name_en", "province_code", "province_name_th", "main_category",
		"digital_startup", "registered_capital_thb", "services_registered", "first_registration_date")
	for i, co := range cs {
		pn := ""
		for _, p := range provinces {
			if p.Code == co.province {
				pn = p.NameTH
			}
		}
		c.row(co.code, co.nameTH, co.nameEN, co.province, pn, co.category, fmt.Sprint(co.startup), itoa(co.capital), itoa(count[i]), first[i])
	}
	return c.close()
}

func writeRegistrySummary(w io.Writer) error {
	c := newCSV(w, "metric", "metric_th", "value", "unit", "as_of", "status")
	pub := func(m, th string, v int, unit string) { c.row(m, th, itoa(v), unit, MeetingDate, "published") }
	pub("products_and_services", "สินค้าและบริการที่ขึ้นทะเบียน", ServiceCount, "รายการ")
	pub("companies", "บริษัทที่ขึ้นทะเบียน", CompanyCount, "บริษัท")
	pub("invited_agencies", "หน่วยงานภาครัฐและเอกชนที่ได้รับเชิญให้ใช้บริการผ่านบัญชีบริการดิจิทัล", InvitedAgencies, "หน่วยงาน")
	pub("categories", "หมวดสินค้าและบริการ", len(ServiceCategories), "หมวด")
	for i, cat := range ServiceCategories {
		c.row("services_"+strings.ReplaceAll(strings.ToLower(cat), " ", "_"), "สินค้าและบริการหมวด"+serviceCategoryTH[cat], itoa(serviceCategoryCounts[i]), "รายการ", MeetingDate, "sample")
	}
	return c.close()
}

func registryDatasets() []Dataset {
	depa := publisher(OrgDEPA)
	th, en := sampleNotes(
		"บัญชีบริการดิจิทัลของสำนักงานส่งเสริมเศรษฐกิจดิจิทัล (ดีป้า) ดีป้าตรวจสอบคุณสมบัติของผู้ประกอบการดิจิทัล (วิสาหกิจดิจิทัลเริ่มต้น หรือ Digital Startup) และสินค้าและบริการดิจิทัลที่ขอขึ้นทะเบียน กรมบัญชีกลาง กระทรวงการคลัง ผลักดันบัญชีนี้เข้าสู่กระบวนการจัดซื้อจัดจ้างภาครัฐ เป็นหนึ่งในหมวดพัสดุที่รัฐต้องการส่งเสริมหรือสนับสนุน\n\n"+
			"- หมวดสินค้าและบริการ: Software, Software as a Service, Digital Content Service, Smart Devices และ Hardware and Firmware\n"+
			"- มาตรฐาน: CMMI, ISO สำหรับ Software และ dSURE สำหรับ Smart Devices ข้อมูลถูกจัดเก็บในประเทศไทย และต้องระบุราคาที่ชัดเจนตามข้อกำหนดของกรมบัญชีกลาง\n"+
			"- แพลตฟอร์ม TECHHUNT รวบรวมสินค้าและบริการดิจิทัลจากผู้ประกอบการไทย\n\n"+
			"ตัวเลขที่เผยแพร่แล้ว (ข่าวทำเนียบรัฐบาล 6 มีนาคม 2568): ขึ้นทะเบียนแล้ว **615 สินค้าและบริการ จาก 91 บริษัท** และอยู่ระหว่างเชิญชวนหน่วยงานทั้งภาครัฐและภาคเอกชนให้ใช้บริการผ่านบัญชีบริการดิจิทัลแล้ว **5,515 หน่วยงาน** รายการสินค้า ชื่อบริษัท (ชื่อสมมติ) ราคา และวันที่ขึ้นทะเบียนสร้างขึ้นเป็นตัวอย่าง",
		"depa's Digital Service Registry (บัญชีบริการดิจิทัล). depa checks the qualifications of digital operators (digital startups) and of the digital products and services that apply to register; the Comptroller General's Department, Ministry of Finance, brought the registry into government procurement as a category of supplies the state promotes.\n\n"+
			"- Categories: Software, Software as a Service, Digital Content Service, Smart Devices, and Hardware and Firmware\n"+
			"- Standards: CMMI and ISO for software, dSURE for smart devices; data kept in Thailand; clear prices as the Comptroller General's Department requires\n"+
			"- The TECHHUNT platform gathers Thai operators' digital products and services\n\n"+
			"Published figures (Royal Thai Government release, 6 March 2025): **615 products and services from 91 companies** registered, and **5,515 agencies** (public and private) invited to buy through the registry. Items, company names (fictional), prices and registration dates are generated.")
	return []Dataset{{
		Name: "digital-service-registry", TitleTH: "บัญชีบริการดิจิทัล", TitleEN: "Digital Service Registry",
		NotesTH: th, NotesEN: en, Org: OrgDEPA, Groups: []string{GroupDigitalService},
		Tags:      []string{"บัญชีบริการดิจิทัล", "digital service registry", "TECHHUNT", "จัดซื้อจัดจ้างภาครัฐ", "public procurement", "CMMI", "ISO", "dSURE", "Digital Startup", "depa"},
		LicenseID: "cc-by", Author: depa.TitleTH, AuthorEmail: contactEmail(OrgDEPA), Maintainer: depa.TitleTH, MaintainerEmail: contactEmail(OrgDEPA),
		URL: depa.URL, Version: "1.0", Sample: true,
		DataType: "ข้อมูลระเบียน", UpdateFrequencyUnit: "เดือน", UpdateFrequencyInterval: 1,
		Objective:    []string{"เพื่อการให้บริการประชาชน", "มติคณะรัฐมนตรี", "พันธกิจหน่วยงาน"},
		DataFormat:   []string{"CSV"},
		DataLanguage: []string{"ไทย", "อังกฤษ"},
		Disaggregate: []string{"ผลิตภัณฑ์"},
		GeoCoverage:  "ประเทศ",
		DataSource:   "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล (ดีป้า); การจัดซื้อจัดจ้างโดยกรมบัญชีกลาง",
		DataCategory: "ข้อมูลสาธารณะ", AccessibleCondition: "เปิดเผยต่อสาธารณะ ใช้ได้โดยอ้างอิงแหล่งที่มา",
		UnitOfMeasure: "รายการ", UnitOfMultiplier: "หน่วย",
		FirstYearOfData: 2021, LastYearOfData: 2025, HighValueDataset: true,
		Extras: map[string]string{"procurement_by": OrgCGD, "platform": "TECHHUNT", "as_of": MeetingDate, "data_collect": "บริษัท/ห้างร้าน/สถานประกอบการ",
			"services": itoa(ServiceCount), "companies": itoa(CompanyCount), "invited_agencies": itoa(InvitedAgencies)},
		Resources: []Resource{
			{Name: "สินค้าและบริการดิจิทัลที่ขึ้นทะเบียน", Description: "615 รายการ: หมวด บริษัท มาตรฐาน ราคา วันที่ขึ้นทะเบียน — " + SampleNote, Format: "CSV", FileName: "digital-services.csv", Write: writeServices},
			{Name: "บริษัทที่ขึ้นทะเบียน", Description: "91 บริษัท (ชื่อสมมติ) — " + SampleNote, Format: "CSV", FileName: "digital-service-companies.csv", Write: writeCompanies},
			{Name: "สรุปบัญชีบริการดิจิทัล", Description: "ตัวเลขที่เผยแพร่: 615 สินค้าและบริการ 91 บริษัท 5,515 หน่วยงานที่ได้รับเชิญ", Format: "CSV", FileName: "digital-service-summary.csv", Write: writeRegistrySummary},
		},
	}}
}
