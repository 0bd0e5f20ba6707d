package content

import (
	"fmt"
	"io"
	"math"
)

// eOfficeAgency is an agency whose e-Office system is linked; parent is the
// ministry-level body.
type eOfficeAgency struct {
	label
	parent string
}

var eOfficeAgencies = []eOfficeAgency{
	{label{"OPM-01", "สำนักงานปลัดสำนักนายกรัฐมนตรี", "Office of the Permanent Secretary, Prime Minister's Office"}, "สำนักนายกรัฐมนตรี"},
	{label{"OPM-02", "กรมประชาสัมพันธ์", "Government Public Relations Department"}, "สำนักนายกรัฐมนตรี"},
	{label{"OPM-03", "สำนักงานคณะกรรมการคุ้มครองผู้บริโภค", "Office of the Consumer Protection Board"}, "สำนักนายกรัฐมนตรี"},
	{label{"OPM-04", "สำนักเลขาธิการนายกรัฐมนตรี", "Secretariat of the Prime Minister"}, "สำนักนายกรัฐมนตรี"},
	{label{"OPM-05", "สำนักเลขาธิการคณะรัฐมนตรี", "Secretariat of the Cabinet"}, "สำนักนายกรัฐมนตรี"},
	{label{"OPM-06", "สำนักงบประมาณ", "Bureau of the Budget"}, "สำนักนายกรัฐมนตรี"},
	{label{"OPM-07", "สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ", "Office of the National Economic and Social Development Council"}, "สำนักนายกรัฐมนตรี"},
	{label{"OPM-08", "สำนักงานคณะกรรมการข้าราชการพลเรือน", "Office of the Civil Service Commission"}, "สำนักนายกรัฐมนตรี"},
	{label{"OPM-09", "สำนักงานคณะกรรมการพัฒนาระบบราชการ", "Office of the Public Sector Development Commission"}, "สำนักนายกรัฐมนตรี"},
	{label{"OPM-10", "สำนักงานคณะกรรมการกฤษฎีกา", "Office of the Council of State"}, "สำนักนายกรัฐมนตรี"},
	{label{"OPM-11", "สำนักงานสภาความมั่นคงแห่งชาติ", "Office of the National Security Council"}, "สำนักนายกรัฐมนตรี"},
	{label{"OPM-12", "สำนักข่าวกรองแห่งชาติ", "National Intelligence Agency"}, "สำนักนายกรัฐมนตรี"},
	{label{"DE-01", "สำนักงานปลัดกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม", "Office of the Permanent Secretary, Ministry of Digital Economy and Society"}, "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"},
	{label{"DE-02", "สำนักงานสถิติแห่งชาติ", "National Statistical Office"}, "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"},
	{label{"DE-03", "กรมอุตุนิยมวิทยา", "Thai Meteorological Department"}, "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"},
	{label{"DE-04", "สำนักงานคณะกรรมการดิจิทัลเพื่อเศรษฐกิจและสังคมแห่งชาติ", "Office of the National Digital Economy and Society Commission"}, "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"},
	{label{"DE-05", "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล", "Digital Economy Promotion Agency"}, "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"},
	{label{"DE-06", "สำนักงานพัฒนาธุรกรรมทางอิเล็กทรอนิกส์", "Electronic Transactions Development Agency"}, "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"},
	{label{"DE-07", "สำนักงานคณะกรรมการการรักษาความมั่นคงปลอดภัยไซเบอร์แห่งชาติ", "National Cyber Security Agency"}, "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"},
	{label{"DE-08", "สำนักงานคณะกรรมการคุ้มครองข้อมูลส่วนบุคคล", "Office of the Personal Data Protection Committee"}, "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"},
	{label{"DE-09", "สถาบันข้อมูลขนาดใหญ่ (องค์การมหาชน)", "Big Data Institute (Public Organization)"}, "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"},
}

// eOfficeSystems are generic system profiles (sample), not products.
var eOfficeSystems = []struct {
	code, nameTH, nameEN, hosting string
	signature                     bool
}{
	{"EOS-A", "ระบบ e-Office กลางภาครัฐ (คลาวด์)", "Shared government e-Office (cloud)", "คลาวด์กลางภาครัฐ (GDCC)", true},
	{"EOS-B", "ระบบสารบรรณอิเล็กทรอนิกส์ที่หน่วยงานพัฒนาเอง", "In-house electronic correspondence system", "ศูนย์ข้อมูลของหน่วยงาน", true},
	{"EOS-C", "ระบบ e-Office แบบซอฟต์แวร์สำเร็จรูป", "Packaged e-Office software", "ศูนย์ข้อมูลของหน่วยงาน", false},
	{"EOS-D", "ระบบ e-Office แบบบริการ (SaaS)", "e-Office as a service (SaaS)", "ผู้ให้บริการคลาวด์ในประเทศ", true},
}

func writeEOfficeAgencies(w io.Writer) error {
	r := newRand("e-office/agencies")
	c := newCSV(w, "agency_code", "agency_name_th", "agency_name_en", "parent_th", "system_code", "linked", "linked_since", "exchange_protocol")
	for _, a := range eOfficeAgencies {
		sys := eOfficeSystems[r.IntN(len(eOfficeSystems))]
		linked := r.Float64() < 0.75
		since := ""
		if linked {
			since = dayToDate(2023, 1, 1, r.IntN(780))
		}
		c.row(a.Code, a.TH, a.EN, a.parent, sys.code, fmt.Sprint(linked), since, "e-Document exchange (XML)")
	}
	return c.close()
}

func writeEOfficeSystems(w io.Writer) error {
	c := newCSV(w, "system_code", "system_name_th", "system_name_en", "hosting", "digital_signature", "paperless_workflow")
	for _, s := range eOfficeSystems {
		c.row(s.code, s.nameTH, s.nameEN, s.hosting, fmt.Sprint(s.signature), "true")
	}
	return c.close()
}

func writeEOfficeDocuments(w io.Writer) error {
	r := newRand("e-office/documents")
	c := newCSV(w, "agency_code", "month", "documents_sent", "documents_received", "exchanged_electronically", "paperless_pct")
	for _, a := range eOfficeAgencies {
		size := 400 + r.Float64()*3000
		start := 0.35 + r.Float64()*0.3
		for m := 0; m < 14; m++ { // January 2024 – February 2025
			y, mo := 2024+m/12, 1+m%12
			sent := int(size * (1 + r.NormFloat64()*0.1))
			recv := int(size * 1.3 * (1 + r.NormFloat64()*0.1))
			share := math.Min(0.99, start+0.03*float64(m)+r.NormFloat64()*0.02)
			elec := int(math.Round(float64(sent+recv) * share))
			c.row(a.Code, fmt.Sprintf("%04d-%02d", y, mo), itoa(sent), itoa(recv), itoa(elec), ftoa(100*float64(elec)/float64(sent+recv), 1))
		}
	}
	return c.close()
}

func eOfficeDatasets() []Dataset {
	mdes := publisher(OrgMDES)
	th, en := sampleNotes(
		"เมทาดาตาของระบบ e-Office ภาครัฐ กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม (ดีอี) ขับเคลื่อนการใช้งานระบบ e-Office ในหน่วยงานภาครัฐตามข้อสั่งการของนายกรัฐมนตรี และร่วมกับสำนักงานปลัดสำนักนายกรัฐมนตรี (สปน.) เชื่อมโยงการใช้ระบบ e-Office เพื่อบูรณาการการใช้งานเทคโนโลยีดิจิทัลแบบไร้กระดาษ (Paperless) สนับสนุนการทำงานภายในองค์กรและการให้บริการประชาชน\n\n"+
			"ชุดข้อมูลประกอบด้วย รายชื่อหน่วยงานและสถานะการเชื่อมโยง ลักษณะของระบบ และจำนวนหนังสือรับ-ส่งรายเดือนพร้อมสัดส่วนที่แลกเปลี่ยนทางอิเล็กทรอนิกส์ (ร้อยละไร้กระดาษ)",
		"Metadata of government e-Office systems. The Ministry of Digital Economy and Society (MDES) drives e-Office use in government agencies on the Prime Minister's instruction and, with the Office of the Permanent Secretary, Prime Minister's Office (สปน.), links e-Office systems for integrated paperless work, internally and for public service.\n\n"+
			"Resources: agencies and their link status, system profiles, and monthly documents sent and received with the share exchanged electronically (paperless share).")
	return []Dataset{{
		Name: "e-office-metadata", TitleTH: "เมทาดาตาระบบ e-Office ภาครัฐแบบไร้กระดาษ", TitleEN: "Government paperless e-Office metadata",
		NotesTH: th, NotesEN: en, Org: OrgMDES, Groups: []string{GroupEOffice},
		Tags:      []string{"e-Office", "ไร้กระดาษ", "paperless", "สารบรรณอิเล็กทรอนิกส์", "e-Document", "รัฐบาลดิจิทัล", "digital government", "สปน."},
		LicenseID: "cc-by", Author: mdes.TitleTH, AuthorEmail: contactEmail(OrgMDES), Maintainer: publisher(OrgOPM).TitleTH, MaintainerEmail: contactEmail(OrgOPM),
		URL: mdes.URL, Version: "1.0", Sample: true,
		DataType: "ข้อมูลหลากหลายประเภท", UpdateFrequencyUnit: "เดือน", UpdateFrequencyInterval: 1,
		Objective:    []string{"นโยบายรัฐบาล/ข้อสั่งการนายกรัฐมนตรี", "เพื่อการให้บริการประชาชน"},
		DataFormat:   []string{"CSV"},
		DataLanguage: []string{"ไทย", "อังกฤษ"},
		GeoCoverage:  "ประเทศ",
		DataSource:   "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม ร่วมกับสำนักงานปลัดสำนักนายกรัฐมนตรี (สปน.)",
		DataCategory: "ข้อมูลสาธารณะ", AccessibleCondition: "เปิดเผยต่อสาธารณะ ใช้ได้โดยอ้างอิงแหล่งที่มา",
		UnitOfMeasure: "ฉบับ", UnitOfMultiplier: "หน่วย",
		FirstYearOfData: 2024, LastYearOfData: 2025,
		Extras: map[string]string{"co_producer": OrgOPM, "data_support": "หน่วยงานของรัฐ", "data_collect": "อื่นๆ"},
		Resources: []Resource{
			{Name: "หน่วยงานที่ใช้ระบบ e-Office", Description: "หน่วยงาน ระบบ และสถานะการเชื่อมโยง — " + SampleNote, Format: "CSV", FileName: "e-office-agencies.csv", Write: writeEOfficeAgencies},
			{Name: "ลักษณะระบบ e-Office", Description: "รูปแบบระบบ การติดตั้ง และลายมือชื่อดิจิทัล — " + SampleNote, Format: "CSV", FileName: "e-office-systems.csv", Write: writeEOfficeSystems},
			{Name: "หนังสือรับ-ส่งรายเดือนและสัดส่วนไร้กระดาษ", Description: "มกราคม 2567 – กุมภาพันธ์ 2568 — " + SampleNote, Format: "CSV", FileName: "e-office-documents-monthly.csv", Write: writeEOfficeDocuments},
		},
	}}
}
