package content

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// Framework identifiers used in FrameworkRef.Framework.
const (
	FrameworkWDCR = "WDCR"
	FrameworkADIX = "ADIX"
	FrameworkOECD = "OECD-GD"
	FrameworkPlan = "TH-PLAN"
)

// ASEAN member states, ISO 3166-1 alpha-3.
var (
	aseanAreas = []string{"THA", "BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "VNM"}
	// wdcrAreas are the ASEAN economies IMD ranks; the others are not in the WDCR.
	wdcrAreas = []string{"THA", "IDN", "MYS", "PHL", "SGP"}
)

// areaFactor scales a Thai level to a peer's; it only shapes sample values.
var areaFactor = map[string]float64{
	"THA": 1, "SGP": 1.3, "BRN": 1.12, "MYS": 1.12, "VNM": 0.93,
	"IDN": 0.88, "PHL": 0.86, "KHM": 0.68, "LAO": 0.62, "MMR": 0.55,
}

// rankShift moves Thailand's rank to a peer's in generated WDCR ranks.
var rankShift = map[string]float64{"THA": 0, "SGP": -33, "MYS": -9, "IDN": 13, "PHL": 18}

// source is the agency that owns an indicator's data.
type source struct {
	org      string // publisher in this catalog
	th, en   string
	official bool // NSO official statistics
	standard string
}

var sources = map[string]source{
	"nso-ict-hh":  {OrgNSO, "สำนักงานสถิติแห่งชาติ: การสำรวจการมีการใช้เทคโนโลยีสารสนเทศและการสื่อสารในครัวเรือน", "NSO, Household Survey on the Use of ICT", true, "ITU Manual for Measuring ICT Access and Use by Households and Individuals"},
	"nso-ict-ent": {OrgNSO, "สำนักงานสถิติแห่งชาติ: การสำรวจการใช้เทคโนโลยีสารสนเทศและการสื่อสารในสถานประกอบการ", "NSO, Survey of ICT Use in Establishments", true, "OECD Model Survey on ICT Usage in Businesses"},
	"nso-lfs":     {OrgNSO, "สำนักงานสถิติแห่งชาติ: การสำรวจภาวะการทำงานของประชากร", "NSO, Labour Force Survey", true, "ILO resolutions on statistics of work"},
	"nbtc":        {OrgNSO, "สำนักงานคณะกรรมการกิจการกระจายเสียง กิจการโทรทัศน์ และกิจการโทรคมนาคมแห่งชาติ (สำนักงาน กสทช.)", "Office of the NBTC", false, "ITU World Telecommunication/ICT Indicators"},
	"onde":        {OrgONDE, "สำนักงานคณะกรรมการดิจิทัลเพื่อเศรษฐกิจและสังคมแห่งชาติ (สดช.)", "Office of the National Digital Economy and Society Commission (ONDE)", false, "OECD Going Digital Toolkit; OECD Measuring the Digital Transformation"},
	"nesdc":       {OrgNSO, "สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ (สศช.)", "Office of the National Economic and Social Development Council (NESDC)", false, "System of National Accounts 2008"},
	"imd":         {OrgNSO, "IMD World Competitiveness Center (รวบรวมโดยสำนักงานสถิติแห่งชาติ)", "IMD World Competitiveness Center (compiled by NSO)", false, "IMD World Digital Competitiveness Ranking methodology"},
	"asean":       {OrgNSO, "สำนักเลขาธิการอาเซียน (รวบรวมโดยสำนักงานสถิติแห่งชาติ)", "ASEAN Secretariat (compiled by NSO)", false, "ASEAN Digital Integration Index methodology"},
	"depa":        {OrgDEPA, "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล (ดีป้า)", "Digital Economy Promotion Agency (depa)", false, "depa digital industry survey"},
	"dga":         {OrgNSO, "สำนักงานพัฒนารัฐบาลดิจิทัล (องค์การมหาชน) (สพร.)", "Digital Government Development Agency (DGA)", false, "DGA digital government assessment"},
	"etda":        {OrgNSO, "สำนักงานพัฒนาธุรกรรมทางอิเล็กทรอนิกส์ (สพธอ.)", "Electronic Transactions Development Agency (ETDA)", false, "ETDA e-commerce value survey"},
	"bot":         {OrgNSO, "ธนาคารแห่งประเทศไทย", "Bank of Thailand", false, "BIS CPMI payment statistics"},
	"ncsa":        {OrgNSO, "สำนักงานคณะกรรมการการรักษาความมั่นคงปลอดภัยไซเบอร์แห่งชาติ (สกมช.)", "National Cyber Security Agency (NCSA)", false, "NCSA incident taxonomy"},
	"mhesi":       {OrgNSO, "กระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม (อว.)", "Ministry of Higher Education, Science, Research and Innovation (MHESI)", false, "ISCED-F 2013"},
	"oecd":        {OrgNSO, "องค์การเพื่อความร่วมมือทางเศรษฐกิจและการพัฒนา (OECD)", "Organisation for Economic Co-operation and Development (OECD)", false, "OECD indicator methodology"},
	"pcd":         {OrgNSO, "กรมควบคุมมลพิษ", "Pollution Control Department", false, "Global E-waste Statistics Partnership guidelines"},
	"dopa":        {OrgNSO, "กรมการปกครอง", "Department of Provincial Administration (DOPA)", false, "DOPA administrative records"},
	"moph":        {OrgNSO, "สำนักงานปลัดกระทรวงสาธารณสุข", "Office of the Permanent Secretary, Ministry of Public Health", false, "MOPH administrative records"},
	"moe":         {OrgNSO, "กระทรวงศึกษาธิการ", "Ministry of Education", false, "MOE administrative records"},
	"boi":         {OrgNSO, "สำนักงานคณะกรรมการส่งเสริมการลงทุน (BOI)", "Office of the Board of Investment (BOI)", false, "BOI investment promotion statistics"},
	"rd":          {OrgNSO, "กรมสรรพากร", "The Revenue Department", false, "Revenue Department administrative records"},
	"pdpc":        {OrgNSO, "สำนักงานคณะกรรมการคุ้มครองข้อมูลส่วนบุคคล (สคส.)", "Office of the Personal Data Protection Committee (PDPC)", false, "PDPC compliance survey"},
	"mdes":        {OrgMDES, "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม", "Ministry of Digital Economy and Society (MDES)", false, "MDES administrative records"},
	"post":        {OrgThailandPost, "บริษัท ไปรษณีย์ไทย จำกัด", "Thailand Post Company Limited", false, "Thailand Post administrative records"},
}

// breakdown is a disaggregation that turns an indicator into one more dataset.
type breakdown struct {
	key     string // suffix of the indicator code and CSV breakdown column value
	th, en  string // "by ..." phrase
	gdc     string // GD-Catalog disaggregate value
	tagTH   string
	tagEN   string
	values  []bdValue
	sdmxDim string
}

// bdValue is one category of a breakdown. factor scales a rate; share splits a count.
type bdValue struct {
	label
	factor, share float64
}

var breakdowns = map[string]breakdown{
	"sex": {key: "SEX", th: "จำแนกตามเพศ", en: "by sex", gdc: "เพศ", tagTH: "เพศ", tagEN: "sex", sdmxDim: "SEX", values: []bdValue{
		{label{"M", "ชาย", "Male"}, 1.015, 0.49}, {label{"F", "หญิง", "Female"}, 0.985, 0.51}}},
	"age": {key: "AGE", th: "จำแนกตามกลุ่มอายุ", en: "by age group", gdc: "อายุ/กลุ่มอายุ", tagTH: "กลุ่มอายุ", tagEN: "age group", sdmxDim: "AGE", values: []bdValue{
		{label{"Y16T24", "16–24 ปี", "16–24 years"}, 1.10, 0.15}, {label{"Y25T34", "25–34 ปี", "25–34 years"}, 1.08, 0.18},
		{label{"Y35T44", "35–44 ปี", "35–44 years"}, 1.04, 0.19}, {label{"Y45T54", "45–54 ปี", "45–54 years"}, 0.96, 0.19},
		{label{"Y55T64", "55–64 ปี", "55–64 years"}, 0.82, 0.17}, {label{"Y65T74", "65–74 ปี", "65–74 years"}, 0.64, 0.12}}},
	"region": {key: "REG", th: "จำแนกตามภาค", en: "by region", gdc: "ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่", tagTH: "ภาค", tagEN: "region", sdmxDim: "REGION", values: []bdValue{
		{nsoRegions[0], 1.08, 0.14}, {nsoRegions[1], 1.03, 0.31}, {nsoRegions[2], 0.95, 0.17},
		{nsoRegions[3], 0.93, 0.29}, {nsoRegions[4], 0.97, 0.09}}},
	"urban": {key: "URB", th: "จำแนกตามเขตการปกครอง", en: "by urban and rural area", gdc: "ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่", tagTH: "เขตเมืองและชนบท", tagEN: "urban rural", sdmxDim: "URBANISATION", values: []bdValue{
		{label{"U", "ในเขตเทศบาล", "Urban (municipal area)"}, 1.05, 0.45}, {label{"R", "นอกเขตเทศบาล", "Rural (non-municipal area)"}, 0.95, 0.55}}},
	"size": {key: "SIZE", th: "จำแนกตามขนาดสถานประกอบการ", en: "by enterprise size", gdc: "อื่นๆ", tagTH: "ขนาดธุรกิจ", tagEN: "enterprise size", sdmxDim: "SIZE_CLASS", values: []bdValue{
		{label{"S10T49", "ขนาดเล็ก (10–49 คน)", "Small (10–49 persons employed)"}, 0.86, 0.80}, {label{"S50T249", "ขนาดกลาง (50–249 คน)", "Medium (50–249 persons employed)"}, 1.12, 0.16},
		{label{"SGE250", "ขนาดใหญ่ (250 คนขึ้นไป)", "Large (250+ persons employed)"}, 1.35, 0.04}}},
	"dind": {key: "SEG", th: "จำแนกตามสาขาอุตสาหกรรมดิจิทัล", en: "by digital industry segment", gdc: "อุตสาหกรรม/ประเภทกิจการ", tagTH: "อุตสาหกรรมดิจิทัล", tagEN: "digital industry", sdmxDim: "ACTIVITY", values: []bdValue{
		{label{"SW", "ซอฟต์แวร์และบริการซอฟต์แวร์", "Software and software services"}, 1, 0.12}, {label{"HW", "ฮาร์ดแวร์และอุปกรณ์อัจฉริยะ", "Hardware and smart devices"}, 1, 0.46},
		{label{"DS", "บริการดิจิทัล", "Digital services"}, 1, 0.17}, {label{"DC", "ดิจิทัลคอนเทนต์", "Digital content"}, 1, 0.07},
		{label{"TC", "โทรคมนาคม", "Telecommunications"}, 1, 0.18}}},
	"ecom": {key: "TYPE", th: "จำแนกตามประเภทผู้ซื้อ", en: "by type of buyer", gdc: "อื่นๆ", tagTH: "ประเภทอีคอมเมิร์ซ", tagEN: "e-commerce type", sdmxDim: "COUNTERPART", values: []bdValue{
		{label{"B2B", "ธุรกิจกับธุรกิจ (B2B)", "Business to business (B2B)"}, 1, 0.55}, {label{"B2C", "ธุรกิจกับผู้บริโภค (B2C)", "Business to consumer (B2C)"}, 1, 0.31},
		{label{"B2G", "ธุรกิจกับภาครัฐ (B2G)", "Business to government (B2G)"}, 1, 0.14}}},
}

// indicator is one concept of an indicator framework. Each indicator gives
// one dataset, plus one per breakdown.
type indicator struct {
	code   string
	th, en string
	u      unit
	base   float64 // Thailand's level in the first year
	trend  float64 // per year: added for additive units, a growth rate otherwise
	src    string
	bds    []string
	tags   []string // extra tags, Thai and English
	refs   []FrameworkRef
	inv    bool   // lower is better: peers' levels divide by the area factor
	from   int    // first year when later than the framework's default
	fwCode string // number of the indicator within its primary framework, when known
}

// yearsFor returns the default first and last year of data per framework.
func yearsFor(fw string) (int, int) {
	switch fw {
	case FrameworkWDCR:
		return 2017, 2024
	case FrameworkADIX:
		return 2021, 2024
	}
	return 2018, 2024
}

// areasFor returns the reference areas compared by the indicator's framework.
func areasFor(fw string) []string {
	switch fw {
	case FrameworkWDCR:
		return wdcrAreas
	case FrameworkADIX:
		return aseanAreas
	}
	return []string{"THA"}
}

var frameworkInfo = map[string]struct {
	group, th, en, objective, license string
	tags                              []string
}{
	FrameworkWDCR: {GroupWDCR, "IMD World Digital Competitiveness Ranking (WDCR)", "IMD World Digital Competitiveness Ranking (WDCR)", "ดัชนี/ตัวชี้วัดระดับนานาชาติ", "other-at", []string{"WDCR", "IMD", "ขีดความสามารถในการแข่งขัน", "competitiveness"}},
	FrameworkADIX: {GroupADIX, "ดัชนีการบูรณาการดิจิทัลอาเซียน (ADIX/ADII)", "ASEAN Digital Integration Index (ADIX/ADII)", "ดัชนี/ตัวชี้วัดระดับนานาชาติ", "other-at", []string{"ADIX", "ASEAN", "อาเซียน"}},
	FrameworkOECD: {GroupOECD, "OECD Going Digital Toolkit", "OECD Going Digital Toolkit", "ดัชนี/ตัวชี้วัดระดับนานาชาติ", "cc-by", []string{"OECD", "Going Digital"}},
	FrameworkPlan: {GroupPlan, "ตัวชี้วัดตามแผนด้านดิจิทัลของประเทศ", "National digital plan indicators", "แผนระดับที่ 3 (มติครม. 4 ธ.ค. 2560)", "cc-by", []string{"แผนดิจิทัล", "Digital Thailand"}},
}

// tddcDatasets expands the indicator tables into the TDDC datasets.
func tddcDatasets() []Dataset {
	var out []Dataset
	for _, ind := range allIndicators() {
		out = append(out, ind.dataset(""))
		for _, b := range ind.bds {
			out = append(out, ind.dataset(b))
		}
	}
	return out
}

func (ind indicator) primary() string { return ind.refs[0].Framework }

func slug(code string) string {
	return strings.ToLower(strings.NewReplacer(".", "-", "_", "-").Replace(code))
}

func (ind indicator) dataset(bdKey string) Dataset {
	fw := ind.primary()
	first, last := yearsFor(fw)
	if ind.from > first {
		first = ind.from
	}
	src := sources[ind.src]
	code := ind.code
	titleTH, titleEN := ind.th, ind.en
	disagg := []string{"ไม่มี"}
	var bd breakdown
	if bdKey != "" {
		bd = breakdowns[bdKey]
		code += "-" + bd.key
		titleTH += " " + bd.th
		titleEN += " " + bd.en
		disagg = []string{bd.gdc}
	}
	areas := areasFor(fw)
	if bdKey != "" {
		areas = []string{"THA"} // breakdowns are Thai survey tables
	}

	groupsSeen := map[string]bool{GroupTDDC: true}
	grps := []string{GroupTDDC}
	objectives := []string{}
	objSeen := map[string]bool{}
	tags := newTagSet("TDDC", "ตัวชี้วัด", "indicator", "ดิจิทัล", "digital")
	var placesTH, placesEN []string
	for _, r := range ind.refs {
		fi := frameworkInfo[r.Framework]
		if !groupsSeen[fi.group] {
			groupsSeen[fi.group] = true
			grps = append(grps, fi.group)
		}
		if !objSeen[fi.objective] {
			objSeen[fi.objective] = true
			objectives = append(objectives, fi.objective)
		}
		tags.add(fi.tags...)
		th, en, t := describeRef(r)
		placesTH = append(placesTH, th)
		placesEN = append(placesEN, en)
		tags.add(t...)
	}
	tags.add(ind.tags...)
	if bdKey != "" {
		tags.add(bd.tagTH, bd.tagEN)
	}

	geo := "ประเทศ"
	if len(areas) > 1 {
		geo = "ทวีป/กลุ่มประเทศในทวีป"
	}
	if bdKey == "region" {
		geo = "ภาค"
	}

	var nTH, nEN strings.Builder
	fmt.Fprintf(&nTH, "**%s** (รหัสตัวชี้วัด `%s`)\n\n", titleTH, code)
	fmt.Fprintf(&nTH, "ชุดข้อมูลในบัญชีรายการข้อมูลของศูนย์กลางข้อมูลสถิติด้านดิจิทัลของประเทศไทย (Thailand Digital Data Center, TDDC) ซึ่งสำนักงานสถิติแห่งชาติจัดทำภายใต้คณะทำงานจัดทำข้อมูลสถิติด้านดิจิทัลของประเทศไทย เผยแพร่ที่ tddc.gdcatalog.go.th\n\n")
	fmt.Fprintf(&nTH, "- กรอบตัวชี้วัด: %s\n- หน่วยวัด: %s\n- แหล่งข้อมูล: %s\n- ปีข้อมูล: %d–%d (ค.ศ.)\n- พื้นที่อ้างอิง: %s\n",
		strings.Join(placesTH, "; "), ind.u.th, src.th, first, last, areaListTH(areas))
	fmt.Fprintf(&nEN, "**%s** (indicator code `%s`)\n\n", titleEN, code)
	fmt.Fprintf(&nEN, "A dataset of the Thailand Digital Data Center (TDDC) catalog, compiled by the National Statistical Office under the working group on Thailand's digital statistics and published at tddc.gdcatalog.go.th.\n\n")
	fmt.Fprintf(&nEN, "- Framework: %s\n- Unit: %s\n- Source: %s\n- Years: %d–%d\n- Reference areas: %s\n",
		strings.Join(placesEN, "; "), ind.u.en, src.en, first, last, strings.Join(areas, ", "))
	if bdKey != "" {
		var vs, ve []string
		for _, v := range bd.values {
			vs = append(vs, v.TH)
			ve = append(ve, v.EN)
		}
		fmt.Fprintf(&nTH, "- การจำแนก: %s (%s) พร้อมยอดรวม\n", strings.Join(vs, ", "), bd.th)
		fmt.Fprintf(&nEN, "- Breakdown: %s (%s), with the total\n", strings.Join(ve, ", "), bd.en)
	}
	if fw == FrameworkWDCR {
		nTH.WriteString("\nIMD จัดอันดับเฉพาะเขตเศรษฐกิจที่อยู่ในรายงาน ประเทศอาเซียนที่ใช้เปรียบเทียบจึงมีเฉพาะอินโดนีเซีย มาเลเซีย ฟิลิปปินส์ และสิงคโปร์\n")
		nEN.WriteString("\nIMD ranks only the economies in its report, so the ASEAN peers compared are Indonesia, Malaysia, the Philippines and Singapore.\n")
	}
	nTH.WriteString("\nไฟล์ CSV: `" + strings.Join(tddcHeader, ",") + "` (ค่า breakdown `_T` คือยอดรวม)\n")
	nEN.WriteString("\nCSV columns: `" + strings.Join(tddcHeader, ",") + "` (breakdown `_T` is the total).\n")
	notesTH, notesEN := sampleNotes(nTH.String(), nEN.String())

	ser := series{ind: ind, code: code, first: first, last: last, areas: areas, bdKey: bdKey}
	name := slug(code)
	pub := publisher(src.org)
	return Dataset{
		Name:                    name,
		TitleTH:                 titleTH,
		TitleEN:                 titleEN,
		NotesTH:                 notesTH,
		NotesEN:                 notesEN,
		Org:                     src.org,
		Groups:                  grps,
		Tags:                    tags.list(),
		LicenseID:               frameworkInfo[fw].license,
		Author:                  pub.TitleTH,
		AuthorEmail:             contactEmail(src.org),
		Maintainer:              "ศูนย์กลางข้อมูลสถิติด้านดิจิทัลของประเทศไทย (TDDC) สำนักงานสถิติแห่งชาติ",
		MaintainerEmail:         contactEmail("tddc"),
		URL:                     "https://tddc.gdcatalog.go.th",
		Version:                 "1.0",
		Sample:                  true,
		DataType:                "ข้อมูลสถิติ",
		UpdateFrequencyUnit:     "ปี",
		UpdateFrequencyInterval: 1,
		Objective:               objectives,
		DataFormat:              []string{"CSV"},
		DataLanguage:            []string{"ไทย", "อังกฤษ"},
		Disaggregate:            disagg,
		GeoCoverage:             geo,
		DataSource:              src.th,
		DataCategory:            "ข้อมูลสาธารณะ",
		AccessibleCondition:     "เปิดเผยต่อสาธารณะ ใช้ได้โดยอ้างอิงแหล่งที่มา",
		UnitOfMeasure:           ind.u.th,
		UnitOfMultiplier:        ind.u.multTH,
		CalculationMethod:       ind.u.calcMethod(),
		Standard:                src.standard,
		FirstYearOfData:         first,
		LastYearOfData:          last,
		OfficialStatistics:      src.official,
		IndicatorCode:           code,
		Frameworks:              append([]FrameworkRef(nil), ind.refs...),
		ReferenceArea:           append([]string(nil), areas...),
		Extras: map[string]string{
			"indicator_set":     fw,
			"unit_measure_code": ind.u.code,
			"breakdown":         breakdownCode(bdKey),
			"source_agency_en":  src.en,
			"sdmx_dataflow":     "TDDC:DF_" + strings.ReplaceAll(strings.TrimPrefix(code, "TDDC-"), "-", "_") + "(1.0.0)",
		},
		Resources: []Resource{{
			Name:        "ข้อมูลตัวชี้วัด " + code,
			Description: "ค่าสังเกตรายปีของตัวชี้วัด (" + ind.u.en + ") — " + SampleNote,
			Format:      "CSV",
			FileName:    name + ".csv",
			Write:       ser.write,
		}},
	}
}

func breakdownCode(key string) string {
	if key == "" {
		return "_T"
	}
	return breakdowns[key].sdmxDim
}

var areaTH = map[string]string{
	"THA": "ไทย", "BRN": "บรูไนดารุสซาลาม", "KHM": "กัมพูชา", "IDN": "อินโดนีเซีย", "LAO": "สปป.ลาว",
	"MYS": "มาเลเซีย", "MMR": "เมียนมา", "PHL": "ฟิลิปปินส์", "SGP": "สิงคโปร์", "VNM": "เวียดนาม",
}

func areaListTH(areas []string) string {
	var s []string
	for _, a := range areas {
		s = append(s, areaTH[a]+" ("+a+")")
	}
	return strings.Join(s, ", ")
}

// tagSet keeps tags unique and in insertion order.
type tagSet struct {
	seen map[string]bool
	tags []string
}

func newTagSet(t ...string) *tagSet {
	s := &tagSet{seen: map[string]bool{}}
	s.add(t...)
	return s
}

func (s *tagSet) add(t ...string) {
	for _, x := range t {
		k := strings.ToLower(x)
		if x == "" || s.seen[k] {
			continue
		}
		s.seen[k] = true
		s.tags = append(s.tags, x)
	}
}

func (s *tagSet) list() []string { return append([]string(nil), s.tags...) }

// tddcHeader is the column layout of every TDDC observation file.
var tddcHeader = []string{"indicator_code", "ref_area", "time_period", "breakdown", "breakdown_value",
	"breakdown_label_th", "breakdown_label_en", "obs_value", "unit_measure", "unit_mult", "obs_status"}

// series generates the observations of one TDDC dataset.
type series struct {
	ind         indicator
	code        string
	first, last int
	areas       []string
	bdKey       string
}

func (s series) write(w io.Writer) error {
	r := newRand("tddc/" + s.code)
	c := newCSV(w, tddcHeader...)
	u := s.ind.u
	mult := itoa(u.multExp)
	status := func(y int) string {
		if y == s.last {
			return "P" // latest year provisional, as NSO releases it
		}
		return "A"
	}
	fmtv := func(v float64) string {
		if !u.additive {
			v = math.Max(v, 0)
		} else {
			v = clamp(saturate(u, v), u.lo, u.hi)
		}
		return ftoa(roundTo(v, u.decimals), u.decimals)
	}
	for _, area := range s.areas {
		total := s.path(r, area)
		if s.bdKey == "" {
			for i, y := 0, s.first; y <= s.last; i, y = i+1, y+1 {
				c.row(s.code, area, itoa(y), "_T", "_T", "ยอดรวม", "Total", fmtv(total[i]), u.code, mult, status(y))
			}
			continue
		}
		bd := breakdowns[s.bdKey]
		parts := make([][]float64, len(bd.values))
		for j, v := range bd.values {
			parts[j] = make([]float64, len(total))
			for i := range total {
				noise := 1 + r.NormFloat64()*0.015
				if u.additive {
					parts[j][i] = total[i] * v.factor * noise
				} else {
					parts[j][i] = total[i] * v.share * noise
				}
			}
		}
		// Totals agree with their parts: counts add up, and a rate is the
		// population-weighted mean of the groups' rates.
		for i := range total {
			total[i] = 0
			for j, v := range bd.values {
				if u.additive {
					total[i] += v.share * clamp(saturate(u, parts[j][i]), u.lo, u.hi)
				} else {
					total[i] += roundTo(math.Max(parts[j][i], 0), u.decimals)
				}
			}
		}
		for i, y := 0, s.first; y <= s.last; i, y = i+1, y+1 {
			c.row(s.code, area, itoa(y), bd.sdmxDim, "_T", "ยอดรวม", "Total", fmtv(total[i]), u.code, mult, status(y))
			for j, v := range bd.values {
				c.row(s.code, area, itoa(y), bd.sdmxDim, v.Code, v.TH, v.EN, fmtv(parts[j][i]), u.code, mult, status(y))
			}
		}
	}
	return c.close()
}

// saturate bends values that approach a bounded unit's ceiling so that
// leading countries level off below it instead of piling up at the bound.
func saturate(u unit, v float64) float64 {
	if !u.additive || u.code == "RANK" || u.code == "BOOL" || u.lo < 0 {
		return v
	}
	knee := u.lo + 0.9*(u.hi-u.lo)
	span := u.hi - knee
	if v <= knee || span <= 0 {
		return v
	}
	return knee + span*(1-math.Exp(-(v-knee)/span))
}

// path returns one area's yearly values.
func (s series) path(r interface{ NormFloat64() float64 }, area string) []float64 {
	n := s.last - s.first + 1
	out := make([]float64, n)
	u, ind := s.ind.u, s.ind
	if u.code == "RANK" {
		for i := range out {
			v := ind.base + rankShift[area] + ind.trend*float64(i) + r.NormFloat64()*1.2
			out[i] = math.Round(clamp(v, 1, 64))
		}
		return out
	}
	f := areaFactor[area]
	if ind.inv {
		f = 1 / f
	}
	level := ind.base * f
	for i := range out {
		if u.additive {
			sd := math.Max(math.Abs(ind.trend)*0.25, math.Abs(ind.base)*0.008)
			out[i] = level + ind.trend*f*float64(i) + r.NormFloat64()*sd
		} else {
			out[i] = level * math.Pow(1+ind.trend, float64(i)) * (1 + r.NormFloat64()*0.02)
		}
	}
	return out
}
