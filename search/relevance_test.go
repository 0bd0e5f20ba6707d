package search_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
	"github.com/khlang/khlang/search"
)

// This file is a relevance test set for Thai search: fifty catalog-like datasets of the
// kinds Thai government catalogs publish, and queries that each state the exact set of
// datasets a searcher should get back through the real index (CKAN's DisMax q, mm rule
// and all). Titles and queries are written for this test.
//
// The publishers' titles are part of every dataset's catch-all text field, as in CKAN,
// so a query for a word of a publisher's title (สถิติ, งบประมาณ, กรุงเทพมหานคร) finds
// all of that publisher's datasets; the expected sets say so explicitly.

// relOrg is a publisher of the relevance corpus.
type relOrg struct {
	name, title, titleEN string
}

// relDataset is a dataset of the relevance corpus.
type relDataset struct {
	name, org, title, titleEN, notes string
	tags                             []string
}

var relOrgs = []relOrg{
	{"nso", "สำนักงานสถิติแห่งชาติ", "National Statistical Office"},
	{"moph", "กระทรวงสาธารณสุข", "Ministry of Public Health"},
	{"oae", "สำนักงานเศรษฐกิจการเกษตร", "Office of Agricultural Economics"},
	{"bb", "สำนักงบประมาณ", "Bureau of the Budget"},
	{"bma", "กรุงเทพมหานคร", "Bangkok Metropolitan Administration"},
	{"dopa", "กรมการปกครอง", "Department of Provincial Administration"},
	{"mdes", "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม", "Ministry of Digital Economy and Society"},
	{"nvcfo", "สำนักงานกองทุนหมู่บ้านและชุมชนเมืองแห่งชาติ", "National Village and Urban Community Fund Office"},
	{"tat", "การท่องเที่ยวแห่งประเทศไทย", "Tourism Authority of Thailand"},
	{"eppo", "สำนักงานนโยบายและแผนพลังงาน", "Energy Policy and Planning Office"},
	{"lab", "ห้องปฏิบัติการนวัตกรรม", "Innovation Lab"},
}

var relDatasets = []relDataset{
	// National Statistical Office
	{name: "labour-force-q1-2568", org: "nso", title: "การสำรวจภาวะการทำงานของประชากร ไตรมาส 1 พ.ศ. 2568",
		titleEN: "Labour force survey, first quarter 2025", tags: []string{"แรงงาน"}},
	{name: "household-income-2566", org: "nso", title: "รายได้และรายจ่ายของครัวเรือน จำแนกตามภาค ปี 2566",
		titleEN: "Household income and expenditure by region, 2023"},
	{name: "census-2568-province", org: "nso", title: "สำมะโนประชากรและเคหะ พ.ศ. 2568 จำแนกตามจังหวัด",
		titleEN: "2025 population and housing census by province", tags: []string{"census", "สำมะโนประชากร"}},
	{name: "ict-household-2567", org: "nso", title: "การสำรวจการมีการใช้เทคโนโลยีสารสนเทศและการสื่อสารในครัวเรือน พ.ศ. 2567",
		titleEN: "Household ICT use survey, 2024"},
	{name: "chiangmai-statistics-2567", org: "nso", title: "สมุดรายงานสถิติจังหวัดเชียงใหม่ ๒๕๖๗",
		titleEN: "Chiang Mai provincial statistical report 2024"},
	{name: "gdp-quarterly", org: "nso", title: "Gross Domestic Product (GDP) quarterly statistics"},
	{name: "statistics-conference-2568", org: "nso", title: "การประชุมวิชาการสถิติประจำปี 2568",
		titleEN: "Annual statistics conference 2025",
		notes:   "บทคัดย่อและสไลด์ที่นำเสนอในงาน ดาวน์โหลดรายงานฉบับเต็มได้จากหน้าเว็บไซต์"},
	{name: "digital-skills-labour-2567", org: "nso", title: "ทักษะดิจิตอลของกำลังแรงงาน พ.ศ. 2567",
		titleEN: "Digital skills of the labour force, 2024"},

	// Ministry of Public Health
	{name: "drug-registry", org: "moph", title: "ทะเบียนตำรับยาแผนปัจจุบัน", titleEN: "Registered modern medicine formulas",
		notes: "รายการยาที่ได้รับอนุญาตให้จำหน่ายในประเทศ", tags: []string{"ยา"}},
	{name: "narcotics-treatment", org: "moph", title: "สถิติผู้เข้ารับการบำบัดยาเสพติด",
		titleEN: "Drug addiction treatment statistics"},
	{name: "hospital-beds", org: "moph", title: "จำนวนเตียงโรงพยาบาลจำแนกตามจังหวัด", titleEN: "Hospital beds by province",
		notes: "จำนวนเตียงที่เปิดให้บริการ รวบรวมจากระบบรายงานของโรงพยาบาลทุกแห่ง"},
	{name: "covid-vaccination", org: "moph", title: "การฉีดวัคซีนโควิด-19 รายจังหวัด",
		titleEN: "COVID-19 vaccinations by province", tags: []string{"วัคซีน"}},
	{name: "diabetes-new-patients", org: "moph", title: "ผู้ป่วยรายใหม่ที่ได้รับการรักษาโรคเบาหวาน",
		titleEN: "New diabetes patients receiving treatment"},
	{name: "cataract-elderly", org: "moph", title: "ผู้ป่วยโรคตาต้อกระจกในผู้สูงอายุ",
		titleEN: "Cataract patients among older persons"},
	{name: "covid-dashboard-ubon", org: "moph", title: "แดชบอร์ด COVID-19 จังหวัดอุบลราชธานี"},

	// Office of Agricultural Economics
	{name: "rubber-sheet-prices", org: "oae", title: "ราคายางพาราแผ่นดิบรายเดือน", titleEN: "Monthly raw rubber sheet prices",
		tags: []string{"ยางพารา"}},
	{name: "rice-production", org: "oae", title: "ผลผลิตข้าวนาปีรายจังหวัด ปีเพาะปลูก 2567/68",
		titleEN: "Main-season rice production by province, crop year 2024/25"},
	{name: "durian-exports", org: "oae", title: "ปริมาณการส่งออกทุเรียนสด", titleEN: "Fresh durian exports"},
	{name: "cassava-farmers-korat", org: "oae", title: "ทะเบียนเกษตรกรผู้ปลูกมันสำปะหลัง จังหวัดนครราชสีมา",
		titleEN: "Registered cassava farmers, Nakhon Ratchasima"},
	{name: "fertiliser-prices", org: "oae", title: "ราคาปุ๋ยเคมีที่เกษตรกรซื้อ", titleEN: "Chemical fertiliser prices paid by farmers"},
	{name: "rubber-plantation-songkhla", org: "oae", title: "พื้นที่ปลูกยางพาราจังหวัดสงขลา",
		titleEN: "Rubber plantation area in Songkhla"},

	// Bureau of the Budget
	{name: "budget-fy2568", org: "bb", title: "งบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2568",
		titleEN: "Annual expenditure budget, fiscal year 2025"},
	{name: "budget-by-ministry-2567", org: "bb", title: "งบประมาณจำแนกตามกระทรวง ปี ๒๕๖๗", titleEN: "Budget by ministry, 2024"},
	{name: "budget-khonkaen", org: "bb", title: "งบประมาณลงพื้นที่จังหวัดขอนแก่น", titleEN: "Budget spent in Khon Kaen province"},
	{name: "procurement", org: "bb", title: "ข้อมูลการจัดซื้อจัดจ้างภาครัฐ", titleEN: "Government procurement records"},

	// Bangkok Metropolitan Administration
	{name: "bma-council-minutes", org: "bma", title: "รายงานการประชุมสภากรุงเทพมหานคร สมัยสามัญ",
		titleEN: "Minutes of the Bangkok Metropolitan Council ordinary sessions"},
	{name: "bma-air-quality", org: "bma", title: "คุณภาพอากาศและฝุ่น PM2.5 รายวัน", titleEN: "Daily air quality and PM2.5",
		notes: "ค่าเฉลี่ย 24 ชั่วโมงจากสถานีตรวจวัดของ กทม. ทุกเขต"},
	{name: "bma-bus-timetable", org: "bma", title: "ตารางเดินรถโดยสารประจำทาง", titleEN: "Public bus timetables"},
	{name: "bma-schools", org: "bma", title: "รายชื่อโรงเรียนสังกัดกรุงเทพมหานคร", titleEN: "Schools run by the city"},
	{name: "bma-free-wifi", org: "bma", title: "จุดให้บริการอินเตอร์เน็ตไร้สายฟรี", titleEN: "Free public Wi-Fi hotspots"},

	// Department of Provincial Administration
	{name: "village-headmen", org: "dopa", title: "รายชื่อกำนันผู้ใหญ่บ้านทั่วประเทศ",
		titleEN: "Subdistrict and village headmen nationwide"},
	{name: "district-offices", org: "dopa", title: "ที่ตั้งที่ว่าการอำเภอ 878 แห่ง", titleEN: "Locations of the 878 district offices"},
	{name: "births-deaths-2567", org: "dopa", title: "สถิติการเกิดและการตายจากทะเบียนราษฎร พ.ศ. 2567",
		titleEN: "Births and deaths from civil registration, 2024"},
	{name: "governors-meeting", org: "dopa", title: "รายงานผลการประชุมผู้ว่าราชการจังหวัด",
		titleEN: "Outcomes of provincial governors' meetings"},
	{name: "population-registry-age", org: "dopa", title: "จำนวนประชากรจากการทะเบียนราษฎร จำแนกตามอายุ",
		titleEN: "Registered population by single year of age"},

	// Ministry of Digital Economy and Society
	{name: "digital-economy-index", org: "mdes", title: "ดัชนีเศรษฐกิจดิจิทัลของประเทศไทย", titleEN: "Thailand digital economy index"},
	{name: "internet-users-2568", org: "mdes", title: "ผู้ใช้อินเทอร์เน็ตจำแนกตามจังหวัด พ.ศ. 2568",
		titleEN: "Internet users by province, 2025"},
	{name: "cyber-threats", org: "mdes", title: "สถิติภัยคุกคามทางไซเบอร์", titleEN: "Cyber threat statistics"},
	{name: "egov-standards", org: "mdes", title: "มาตรฐานรัฐบาลดิจิตอล", titleEN: "Digital government standards"},
	{name: "ddes-committee-minutes", org: "mdes",
		title:   "รายงานการประชุมคณะกรรมการดิจิทัลเพื่อเศรษฐกิจและสังคมแห่งชาติ ครั้งที่ 1/2568",
		titleEN: "Minutes of the national digital economy and society committee, meeting 1/2025"},
	{name: "ecommerce-value-2024", org: "mdes", title: "มูลค่าพาณิชย์อิเล็กทรอนิกส์ ค.ศ. 2024", titleEN: "E-commerce value 2024"},

	// National Village and Urban Community Fund Office
	{name: "village-fund-registry", org: "nvcfo", title: "ทะเบียนกองทุนหมู่บ้านและชุมชนเมือง",
		titleEN: "Village and urban community fund registry", tags: []string{"กองทุนหมู่บ้าน"}},
	{name: "village-fund-loans", org: "nvcfo", title: "ยอดเงินกู้ยืมของสมาชิกกองทุนหมู่บ้าน รายตำบล",
		titleEN: "Village fund member loans by subdistrict"},
	{name: "community-products", org: "nvcfo", title: "ผลิตภัณฑ์ชุมชนและสินค้าโอทอป", titleEN: "Community products and OTOP"},

	// Tourism Authority of Thailand
	{name: "phuket-tourists", org: "tat", title: "จำนวนนักท่องเที่ยวต่างชาติจังหวัดภูเก็ต", titleEN: "Foreign tourist arrivals in Phuket"},
	{name: "hotel-occupancy", org: "tat", title: "อัตราการเข้าพักโรงแรม รายเดือน", titleEN: "Monthly hotel occupancy rates"},
	{name: "songkhla-open-data", org: "tat", title: "ข้อมูล Open Data ด้านการท่องเที่ยวจังหวัดสงขลา",
		titleEN: "Songkhla tourism open data"},

	// Energy Policy and Planning Office
	{name: "electricity-by-sector", org: "eppo", title: "Electricity consumption by economic sector 2019–2024"},
	{name: "fuel-prices", org: "eppo", title: "ราคาขายปลีกน้ำมันเชื้อเพลิงรายวัน", titleEN: "Daily retail fuel prices"},
	{name: "solar-rooftop", org: "eppo", title: "กำลังผลิตไฟฟ้าจากโซลาร์รูฟท็อป", titleEN: "Solar rooftop generating capacity"},

	// Innovation Lab: coinages the dictionary lacks, placed where the bigram field must
	// still hold them (mid-run beside dictionary words, inside a longer unknown run, at
	// a string's start and end, in a tag).
	{name: "podcast-listeners", org: "lab", title: "ผู้ฟังพอดแคสต์ไทย", titleEN: "Podcast listeners"},
	{name: "quantum-fintech", org: "lab", title: "ควอนตัมฟินเทค", titleEN: "Quantum fintech pilots"},
	{name: "workshop-attendance", org: "lab", title: "ผู้เข้าร่วมเวิร์กช็อป", titleEN: "Workshop attendance"},
	{name: "startup-survey", org: "lab", title: "กิจการรุ่นใหม่", titleEN: "New ventures", tags: []string{"สตาร์ทอัพ"}},
	{name: "deepfake-notes", org: "lab", title: "Synthetic media detection", notes: "ตัวอย่าง ดีพเฟค ที่ตรวจพบ"},
}

// Datasets of each publisher, for queries whose word is in a publisher's title.
var (
	relNSO = []string{"labour-force-q1-2568", "household-income-2566", "census-2568-province", "ict-household-2567",
		"chiangmai-statistics-2567", "gdp-quarterly", "statistics-conference-2568", "digital-skills-labour-2567"}
	relMOPH = []string{"drug-registry", "narcotics-treatment", "hospital-beds", "covid-vaccination",
		"diabetes-new-patients", "cataract-elderly", "covid-dashboard-ubon"}
	relOAE = []string{"rubber-sheet-prices", "rice-production", "durian-exports", "cassava-farmers-korat",
		"fertiliser-prices", "rubber-plantation-songkhla"}
	relBB    = []string{"budget-fy2568", "budget-by-ministry-2567", "budget-khonkaen", "procurement"}
	relBMA   = []string{"bma-council-minutes", "bma-air-quality", "bma-bus-timetable", "bma-schools", "bma-free-wifi"}
	relMDES  = []string{"digital-economy-index", "internet-users-2568", "cyber-threats", "egov-standards", "ddes-committee-minutes", "ecommerce-value-2024"}
	relNVCFO = []string{"village-fund-registry", "village-fund-loans", "community-products"}
	relTAT   = []string{"phuket-tourists", "hotel-occupancy", "songkhla-open-data"}

	// Datasets about the year 2568 BE = 2025 CE, however it is written.
	rel2568 = []string{"labour-force-q1-2568", "census-2568-province", "budget-fy2568", "internet-users-2568",
		"ddes-committee-minutes", "statistics-conference-2568"}
	// Datasets about the year 2567 BE = 2024 CE, however it is written.
	rel2567 = []string{"ict-household-2567", "chiangmai-statistics-2567", "rice-production", "budget-by-ministry-2567",
		"births-deaths-2567", "ecommerce-value-2024", "electricity-by-sector", "digital-skills-labour-2567"}
	// Titles written with พ.ศ.
	relBE = []string{"labour-force-q1-2568", "census-2568-province", "ict-household-2567", "budget-fy2568",
		"births-deaths-2567", "internet-users-2568", "digital-skills-labour-2567"}
	// Titles using ราย as a word of its own (รายเดือน "monthly", รายจังหวัด "by province", รายชื่อ "list",
	// and รายจ่าย, which the segmenter splits on purpose); รายงาน and รายได้ are words of their own.
	relRai = []string{"household-income-2566", "budget-fy2568", "covid-vaccination", "diabetes-new-patients", "rubber-sheet-prices", "rice-production",
		"bma-air-quality", "bma-schools", "village-headmen", "village-fund-loans", "hotel-occupancy", "fuel-prices"}
	// Anything about digital, in either spelling or language.
	relDigital = append([]string{"digital-skills-labour-2567"}, relMDES...)
)

// union joins name lists.
func union(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// relQuery is one query of the test set and the exact datasets it must return. A query
// with a gap documents a known shortfall: its miss is logged, not failed, so the
// set keeps the target in view while the code catches up.
type relQuery struct {
	kind string // what the query exercises
	q    string
	want []string
	gap  string // why the current index misses it, when it does
}

var relQueries = []relQuery{
	// Must-not-match traps: a short word that is the start of a longer one.
	{"trap", "ยา", []string{"drug-registry", "narcotics-treatment"}, ""}, // not ยางพารา
	{"trap", "ตา", []string{"cataract-elderly"}, ""},                     // not ตาราง
	{"trap", "มา", nil, ""},                                              // not มาตรฐาน
	{"trap", "ราย", relRai, ""},                                          // not รายงาน
	{"trap", "ไฟ", nil, ""},                                              // not ไฟฟ้า
	{"trap", "ข้า", nil, ""},                                             // not ข้าว
	{"trap", "ประชา", nil, ""},                                           // not ประชากร
	{"trap", "รายได้", []string{"household-income-2566"}, ""},            // not ผู้ป่วยรายใหม่ที่ได้รับ…

	// Thai words and compounds.
	{"thai", "ยางพารา", []string{"rubber-sheet-prices", "rubber-plantation-songkhla"}, ""},
	{"thai", "ยาง", []string{"rubber-sheet-prices", "rubber-plantation-songkhla"}, ""},
	{"thai", "ตาราง", []string{"bma-bus-timetable"}, ""},
	{"thai", "มาตรฐาน", []string{"egov-standards"}, ""},
	{"thai", "รายงาน", []string{"bma-council-minutes", "chiangmai-statistics-2567", "ddes-committee-minutes",
		"governors-meeting", "hospital-beds", "statistics-conference-2568"}, ""},
	// The query a CKAN user could not get answered: meeting minutes, not a conference whose
	// notes mention a report somewhere.
	{"thai", "รายงานการประชุม", []string{"bma-council-minutes", "ddes-committee-minutes", "governors-meeting"}, ""},
	{"phrase", `"รายงานการประชุม"`, []string{"bma-council-minutes", "ddes-committee-minutes"}, ""},
	{"thai", "ประชุม", []string{"bma-council-minutes", "ddes-committee-minutes", "governors-meeting", "statistics-conference-2568"}, ""},
	{"thai", "สำมะโนประชากร", []string{"census-2568-province"}, ""},
	{"thai", "ประชากร", []string{"labour-force-q1-2568", "census-2568-province", "population-registry-age"}, ""},
	{"thai", "กองทุนหมู่บ้าน", relNVCFO, ""},
	{"thai", "ผลิตภัณฑ์ชุมชน", []string{"community-products"}, ""},
	{"thai", "โอทอป", []string{"community-products"}, ""},
	{"thai", "ทะเบียนราษฎร", []string{"births-deaths-2567", "population-registry-age"}, ""},
	{"thai", "งบประมาณ", relBB, ""},
	{"thai", "ปีงบประมาณ", []string{"budget-fy2568", "budget-by-ministry-2567"}, ""},
	{"thai", "รายจ่าย", []string{"household-income-2566", "budget-fy2568"}, ""},
	{"thai", "เกษตร", relOAE, ""}, // in the publisher's title, สำนักงานเศรษฐกิจการเกษตร
	{"thai", "เกษตรกร", []string{"cassava-farmers-korat", "fertiliser-prices"}, ""},
	{"thai", "โรงพยาบาล", []string{"hospital-beds"}, ""},
	{"thai", "สาธารณสุข", relMOPH, ""},
	{"thai", "ท่องเที่ยว", relTAT, ""},
	{"thai", "ไฟฟ้า", []string{"solar-rooftop"}, ""},
	{"thai", "ราคาน้ำมัน", []string{"fuel-prices"}, ""},
	{"thai", "ทุเรียน", []string{"durian-exports"}, ""},

	// User-typed spaces inside Thai phrases.
	{"spaces", "สำมะโน ประชากร", []string{"census-2568-province"}, ""},
	{"spaces", "กองทุน หมู่บ้าน", relNVCFO, ""},
	{"spaces", "ราคา ยางพารา", []string{"rubber-sheet-prices"}, ""},
	{"spaces", "รายงาน การประชุม", []string{"bma-council-minutes", "ddes-committee-minutes", "governors-meeting",
		"statistics-conference-2568"}, ""}, // two words the user separated: both anywhere is right
	{"spaces", "ท่องเที่ยว ภูเก็ต", []string{"phuket-tourists"}, ""},

	// Years: Thai digits, Buddhist and Common Era.
	{"year", "๒๕๖๘", rel2568, ""},
	{"year", "2568", rel2568, ""},
	{"year", "2025", rel2568, ""},
	{"year", "พ.ศ. 2568", []string{"labour-force-q1-2568", "census-2568-province", "budget-fy2568", "internet-users-2568"}, ""},
	{"year", "พ.ศ.2568", []string{"labour-force-q1-2568", "census-2568-province", "budget-fy2568", "internet-users-2568"}, ""},
	{"year", "2567", rel2567, ""},
	{"year", "2024", rel2567, ""},
	{"year", "๒๕๖๗", rel2567, ""},
	{"year", "2562", []string{"electricity-by-sector"}, ""}, // BE year finds a title written 2019–2024
	{"year", "2566", []string{"household-income-2566"}, ""},
	{"year", "2023", []string{"household-income-2566"}, ""},
	{"year", "ค.ศ. 2024", []string{"ecommerce-value-2024"}, ""},
	{"year", "พศ 2568", []string{"labour-force-q1-2568", "census-2568-province", "budget-fy2568", "internet-users-2568"}, ""},
	{"year", "คศ 2024", []string{"ecommerce-value-2024"}, ""},
	{"year", "ปีงบประมาณ 2568", []string{"budget-fy2568"}, ""},
	{"year", "สำมะโนประชากร ๒๕๖๘", []string{"census-2568-province"}, ""},

	// Abbreviations and provinces.
	{"abbrev", "พ.ศ.", relBE, ""},
	{"abbrev", "กทม.", relBMA, ""},
	{"abbrev", "กทม", relBMA, ""},
	{"abbrev", "กรุงเทพฯ", relBMA, ""},
	{"abbrev", "Bangkok", relBMA, ""},
	{"province", "เชียงใหม่", []string{"chiangmai-statistics-2567"}, ""},
	{"province", "Chiang Mai", []string{"chiangmai-statistics-2567"}, ""},
	{"province", "นครราชสีมา", []string{"cassava-farmers-korat"}, ""},
	{"province", "ขอนแก่น", []string{"budget-khonkaen"}, ""},
	{"province", "Khon Kaen", []string{"budget-khonkaen"}, ""},
	{"province", "สงขลา", []string{"rubber-plantation-songkhla", "songkhla-open-data"}, ""},
	{"province", "ภูเก็ต", []string{"phuket-tourists"}, ""},
	{"province", "จังหวัดภูเก็ต", []string{"phuket-tourists"}, ""},
	{"province", "อุบลราชธานี", []string{"covid-dashboard-ubon"}, ""},
	{"province", "โคราช", []string{"cassava-farmers-korat"}, ""},

	// Spelling variants.
	{"variant", "ดิจิตอล", relDigital, ""},
	{"variant", "ดิจิทัล", relDigital, ""},
	{"variant", "ดิจิตัล", relDigital, ""},
	{"variant", "title:ดิจิทัล", []string{"digital-economy-index", "egov-standards", "ddes-committee-minutes",
		"digital-skills-labour-2567"}, ""},
	{"variant", "อินเตอร์เน็ต", []string{"internet-users-2568", "bma-free-wifi"}, ""},
	{"variant", "อินเทอร์เน็ต", []string{"internet-users-2568", "bma-free-wifi"}, ""},
	{"variant", "โควิด", []string{"covid-vaccination", "covid-dashboard-ubon"}, ""},
	{"variant", "COVID-19", []string{"covid-vaccination", "covid-dashboard-ubon"}, ""},

	// English, stemmed.
	{"english", "statistics", union(relNSO, []string{"narcotics-treatment", "cyber-threats"}), ""},
	{"english", "statistic", union(relNSO, []string{"narcotics-treatment", "cyber-threats"}), ""},
	{"english", "hospitals", []string{"hospital-beds"}, ""},
	{"english", "farmers", []string{"cassava-farmers-korat", "fertiliser-prices"}, ""},
	{"english", "prices", []string{"rubber-sheet-prices", "fertiliser-prices", "fuel-prices"}, ""},
	{"english", "GDP", []string{"gdp-quarterly"}, ""},
	{"english", "internet", []string{"internet-users-2568"}, ""},
	{"english", "digital", relDigital, ""},
	{"english", "electricity", []string{"electricity-by-sector"}, ""},
	{"english", "timetable", []string{"bma-bus-timetable"}, ""},

	// Mixed Thai and English.
	{"mixed", "ฝุ่น PM2.5", []string{"bma-air-quality"}, ""},
	{"mixed", "Open Data สงขลา", []string{"songkhla-open-data"}, ""},
	{"mixed", "แดชบอร์ด COVID-19", []string{"covid-dashboard-ubon"}, ""},
	{"mixed", "census 2568", []string{"census-2568-province"}, ""},
	{"mixed", "internet จังหวัด", []string{"internet-users-2568"}, ""},
	{"mixed", "OTOP ผลิตภัณฑ์", []string{"community-products"}, ""},

	// Several words under CKAN's mm (3–5 words: all but one; more: 80%), + and -.
	{"mm", "ราคา ยางพารา สงขลา", []string{"rubber-sheet-prices", "rubber-plantation-songkhla"}, ""},
	{"mm", "ผู้ใช้ อินเทอร์เน็ต จังหวัด", []string{"internet-users-2568"}, ""},
	{"mm", "budget expenditure fiscal year 2025 Khon Kaen", []string{"budget-fy2568"}, ""},
	{"mm", "+สถิติ +ยาเสพติด", []string{"narcotics-treatment"}, ""},
	{"mm", "สถิติ -ประชากร", []string{"household-income-2566", "ict-household-2567", "chiangmai-statistics-2567",
		"gdp-quarterly", "statistics-conference-2568", "digital-skills-labour-2567", "narcotics-treatment",
		"births-deaths-2567", "cyber-threats"}, ""},

	// Words the dictionary lacks reach titles through the bigram field.
	{"bigram", "โซลาร์รูฟท็อป", []string{"solar-rooftop"}, ""},
	{"bigram", "โซล่าร์รูฟท็อป", []string{"solar-rooftop"}, ""}, // misspelt with a tone mark
	// โซลาร์ segments as known โซลา + unknown ร์: the whole word's bigrams are searched,
	// not the piece ร์ alone, which would match อินเทอร์เน็ต, ไซเบอร์, แดชบอร์ด.
	{"bigram", "โซลาร์", []string{"solar-rooftop"}, ""},
	// A word the dictionary lacks is found through the bigram field wherever it sits in a
	// title's run of Thai: beside dictionary words, inside a longer unknown run, first, last.
	{"bigram", "พอดแคสต์", []string{"podcast-listeners"}, ""},
	{"bigram", "ผู้ฟังพอดแคสต์", []string{"podcast-listeners"}, ""},
	{"bigram", "ฟินเทค", []string{"quantum-fintech"}, ""},
	{"bigram", "ควอนตัม", []string{"quantum-fintech"}, ""},
	{"bigram", "เวิร์กช็อป", []string{"workshop-attendance"}, ""},
	{"bigram", "สตาร์ทอัพ", []string{"startup-survey"}, ""},
	// Spelt otherwise, these reach the datasets through bigrams only.
	{"bigram", "พอดแคส", []string{"podcast-listeners"}, ""},
	{"bigram", "สตาร์ตอัพ", []string{"startup-survey"}, ""},
	// Notes have no bigrams; an unknown word standing alone there is found by its pieces.
	{"bigram", "ดีพเฟค", []string{"deepfake-notes"}, ""},
	// The fallback keeps the query's +words and -words.
	{"bigram", "+ราคา โซลาร์รูฟท็อป", nil, ""},
	{"bigram", "โซลาร์รูฟท็อป -ไฟฟ้า", nil, ""},
}

// relevanceIndex builds the corpus in a SQLite catalog and indexes it.
func relevanceIndex(t *testing.T) (*catalog.Store, *search.Index) {
	t.Helper()
	ctx := context.Background()
	s := catalogtest.Open(t, catalogtest.Backends(t)[0])
	for _, o := range relOrgs {
		if err := s.CreateGroup(ctx, &catalog.Group{Name: o.name, Title: o.title, TitleEN: o.titleEN, IsOrganization: true}); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range relDatasets {
		ds := &catalog.Dataset{Name: d.name, Title: d.title, TitleEN: d.titleEN, Notes: d.notes, OwnerOrg: ptr(d.org),
			LicenseID: "cc-by"}
		for _, tag := range d.tags {
			ds.Tags = append(ds.Tags, catalog.Tag{Name: tag})
		}
		if err := s.CreateDataset(ctx, ds); err != nil {
			t.Fatalf("%s: %v", d.name, err)
		}
	}
	ix, err := search.Open("", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Sync(ctx, s); err != nil {
		t.Fatal(err)
	}
	return s, ix
}

// TestRelevanceCorpus checks the test set itself: every expected name is a dataset of
// the corpus, and there are enough queries of each kind the set promises.
func TestRelevanceCorpus(t *testing.T) {
	known := map[string]bool{}
	for _, d := range relDatasets {
		if known[d.name] {
			t.Errorf("dataset %s listed twice", d.name)
		}
		known[d.name] = true
	}
	kinds := map[string]int{}
	for _, q := range relQueries {
		kinds[q.kind]++
		for _, n := range q.want {
			if !known[n] {
				t.Errorf("query %q expects unknown dataset %s", q.q, n)
			}
		}
		if len(slices.Compact(slices.Sorted(slices.Values(q.want)))) != len(q.want) {
			t.Errorf("query %q lists a dataset twice", q.q)
		}
	}
	if len(relDatasets) < 50 || len(relQueries) < 60 {
		t.Errorf("%d datasets and %d queries; the set promises 50 and 60", len(relDatasets), len(relQueries))
	}
	for _, k := range []string{"trap", "thai", "phrase", "spaces", "year", "abbrev", "province", "variant", "english", "mixed", "mm", "bigram"} {
		if kinds[k] == 0 {
			t.Errorf("no %s query", k)
		}
	}
}

// TestRelevance runs every query through the real index and compares the exact sets.
func TestRelevance(t *testing.T) {
	ctx := context.Background()
	s, ix := relevanceIndex(t)
	pass, gaps, fixed := 0, 0, 0
	for _, rq := range relQueries {
		res, err := ix.Search(ctx, search.Request{Q: rq.q, Rows: 100})
		if err != nil {
			t.Errorf("%s %q: %v", rq.kind, rq.q, err)
			continue
		}
		got := names(t, s, res.IDs)
		want := slices.Sorted(slices.Values(rq.want))
		ok := slices.Equal(got, want) && res.Count == len(want)
		switch {
		case ok && rq.gap == "":
			pass++
		case ok:
			pass++
			fixed++
			t.Logf("%s %q now passes; remove its gap note (%s)", rq.kind, rq.q, rq.gap)
		case rq.gap != "":
			gaps++
			t.Logf("known gap: %s %q: %s\n\tmissing %v\n\textra   %v", rq.kind, rq.q, rq.gap, minus(want, got), minus(got, want))
		default:
			t.Errorf("%s %q: missing %v, extra %v (count %d)", rq.kind, rq.q, minus(want, got), minus(got, want), res.Count)
		}
	}
	t.Logf("relevance: %d/%d queries pass (%d known gaps; %d gap notes out of date)", pass, len(relQueries), gaps, fixed)
}

// minus returns the names of a that are not in b.
func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// TestRelevanceFilters checks that fq narrows a Thai query by publisher exactly.
func TestRelevanceFilters(t *testing.T) {
	ctx := context.Background()
	s, ix := relevanceIndex(t)
	tests := []struct {
		q, fq string
		want  []string
	}{
		{"สถิติ", "organization:mdes", []string{"cyber-threats"}},
		{"สถิติ", "-organization:nso", []string{"narcotics-treatment", "births-deaths-2567", "cyber-threats"}},
		{"จังหวัด", "organization:bb", []string{"budget-khonkaen"}},
		{"2567", "organization:dopa", []string{"births-deaths-2567"}},
		{"กทม", "organization:bma", relBMA},
		{"ยา", "organization:oae", nil}, // the rubber datasets
	}
	for _, tt := range tests {
		res, err := ix.Search(ctx, search.Request{Q: tt.q, FQ: []string{tt.fq}, Rows: 100})
		if err != nil {
			t.Fatal(err)
		}
		got := names(t, s, res.IDs)
		if want := slices.Sorted(slices.Values(tt.want)); !slices.Equal(got, want) {
			t.Errorf("q=%s fq=%s: got %v, want %v", tt.q, tt.fq, got, want)
		}
	}
}

// TestRelevanceRanking checks the default order: datasets with the query word in their
// own title come before those that match only through their publisher's title.
func TestRelevanceRanking(t *testing.T) {
	ctx := context.Background()
	s, ix := relevanceIndex(t)
	for _, tt := range []struct {
		q       string
		inTitle func(relDataset) bool
	}{
		{"สถิติ", func(d relDataset) bool { return strings.Contains(d.title, "สถิติ") }},
		{"digital", func(d relDataset) bool { return strings.Contains(strings.ToLower(d.titleEN), "digital") }},
		{"กรุงเทพมหานคร", func(d relDataset) bool { return strings.Contains(d.title, "กรุงเทพมหานคร") }},
	} {
		res, err := ix.Search(ctx, search.Request{Q: tt.q, Rows: 100})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]bool{}
		for _, d := range relDatasets {
			if tt.inTitle(d) {
				want[d.name] = true
			}
		}
		if len(want) == 0 || res.Count <= len(want) {
			t.Fatalf("%s: %d title matches of %d hits; the check needs publisher-only matches too", tt.q, len(want), res.Count)
		}
		var wrong []string
		for _, n := range names(t, s, res.IDs[:len(want)]) {
			if !want[n] {
				wrong = append(wrong, n)
			}
		}
		if len(wrong) > 0 {
			t.Errorf("%s: publisher-only matches %v rank among the first %d", tt.q, wrong, len(want))
		}
	}
}
