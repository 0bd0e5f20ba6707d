package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Languages of the pages.
const (
	langTH = "th"
	langEN = "en"
)

// langCookie is the cookie that remembers the language a visitor chose with ?lang=.
const langCookie = "lang"

// messages is the message catalog: key → {English, Thai}.
var messages = map[string][2]string{
	"site.tagline":      {"Open data on Thailand's digital economy", "ข้อมูลเปิดด้านเศรษฐกิจดิจิทัลของประเทศไทย"},
	"nav.datasets":      {"Datasets", "ชุดข้อมูล"},
	"nav.organizations": {"Organizations", "หน่วยงาน"},
	"nav.groups":        {"Groups", "กลุ่ม"},
	"nav.about":         {"About", "เกี่ยวกับ"},
	"nav.api":           {"API", "API"},
	"nav.skip":          {"Skip to content", "ข้ามไปยังเนื้อหา"},
	"nav.main":          {"Main navigation", "เมนูหลัก"},
	"lang.switch":       {"ภาษาไทย", "English"},
	"lang.switch.label": {"อ่านหน้านี้เป็นภาษาไทย", "Read this page in English"},

	"home.title":       {"Home", "หน้าแรก"},
	"home.description": {"Search Thailand's digital-economy statistics: indicators, village funds, the census and government services.", "ค้นหาสถิติเศรษฐกิจดิจิทัลของประเทศไทย ทั้งตัวชี้วัด กองทุนหมู่บ้าน สำมะโนประชากร และบริการภาครัฐ"},
	"home.counts":      {"The catalog in numbers", "คลังข้อมูลในตัวเลข"},
	"home.frameworks":  {"Indicator frameworks", "กรอบตัวชี้วัด"},
	"home.latest":      {"Latest changes", "การเปลี่ยนแปลงล่าสุด"},
	"home.dashboards":  {"Dashboards", "แดชบอร์ด"},
	"home.nochanges":   {"No changes yet.", "ยังไม่มีการเปลี่ยนแปลง"},

	"search.label":       {"Search datasets", "ค้นหาชุดข้อมูล"},
	"search.placeholder": {"e.g. internet users, อินเทอร์เน็ต", "เช่น ผู้ใช้อินเทอร์เน็ต, internet"},
	"search.button":      {"Search", "ค้นหา"},
	"search.found":       {"%d datasets found", "พบ %d ชุดข้อมูล"},
	"search.foundfor":    {"%d datasets found for “%s”", "พบ %d ชุดข้อมูลสำหรับ “%s”"},
	"search.none":        {"No datasets match. Try fewer words or remove a filter.", "ไม่พบชุดข้อมูล ลองใช้คำน้อยลงหรือนำตัวกรองออก"},
	"search.error":       {"The search could not be understood: %s", "ไม่เข้าใจคำค้น: %s"},
	"search.sort":        {"Order by", "เรียงตาม"},
	"search.apply":       {"Apply", "ใช้"},
	"search.filters":     {"Filters", "ตัวกรอง"},
	"search.active":      {"Active filters", "ตัวกรองที่ใช้อยู่"},
	"search.remove":      {"Remove filter %s", "นำตัวกรอง %s ออก"},
	"search.clear":       {"Clear all filters", "ล้างตัวกรองทั้งหมด"},
	"search.more":        {"Show more", "แสดงเพิ่มเติม"},
	"sort.relevance":     {"Relevance", "ความเกี่ยวข้อง"},
	"sort.name_asc":      {"Name ascending", "ชื่อ ก–ฮ"},
	"sort.name_desc":     {"Name descending", "ชื่อ ฮ–ก"},
	"sort.modified":      {"Last modified", "ปรับปรุงล่าสุด"},
	"sort.created":       {"Newest", "สร้างล่าสุด"},
	"page.nav":           {"Pages", "หน้า"},
	"page.prev":          {"Previous", "ก่อนหน้า"},
	"page.next":          {"Next", "ถัดไป"},
	"page.of":            {"Page %d of %d", "หน้า %d จาก %d"},

	"facet.organization":  {"Organizations", "หน่วยงาน"},
	"facet.groups":        {"Groups", "กลุ่ม"},
	"facet.tags":          {"Tags", "คำสำคัญ"},
	"facet.res_format":    {"Formats", "รูปแบบไฟล์"},
	"facet.license_id":    {"Licenses", "สัญญาอนุญาต"},
	"facet.framework":     {"Frameworks", "กรอบตัวชี้วัด"},
	"facet.province":      {"Provinces", "จังหวัด"},
	"facet.data_category": {"Data categories", "หมวดหมู่ข้อมูล"},

	"count.datasets":      {"datasets", "ชุดข้อมูล"},
	"count.organizations": {"organizations", "หน่วยงาน"},
	"count.groups":        {"groups", "กลุ่ม"},
	"count.datasets.n":    {"%d datasets", "%d ชุดข้อมูล"},

	"dataset.private":     {"Private", "ส่วนบุคคล"},
	"dataset.draft":       {"Draft", "ฉบับร่าง"},
	"dataset.deleted":     {"Deleted", "ถูกลบ"},
	"dataset.metadata":    {"Metadata", "ข้อมูลเมทาดาตา"},
	"dataset.gdc":         {"Government Data Catalog fields", "ข้อมูลตามมาตรฐานบัญชีข้อมูลภาครัฐ"},
	"dataset.resources":   {"Data and resources", "ข้อมูลและทรัพยากร"},
	"dataset.noresources": {"This dataset has no resources.", "ชุดข้อมูลนี้ยังไม่มีทรัพยากร"},
	"dataset.download":    {"Download", "ดาวน์โหลด"},
	"dataset.open":        {"Open", "เปิด"},
	"dataset.details":     {"Details", "รายละเอียด"},
	"dataset.exports":     {"Exports", "ส่งออกข้อมูล"},
	"dataset.indicator":   {"Indicator data", "ข้อมูลตัวชี้วัด"},
	"dataset.dcat":        {"Catalog metadata (DCAT)", "เมทาดาตาแค็ตตาล็อก (DCAT)"},
	"dataset.api":         {"Use the API", "ใช้งานผ่าน API"},
	"dataset.api.ckan":    {"CKAN API: this dataset", "CKAN API: ชุดข้อมูลนี้"},
	"dataset.api.rows":    {"CKAN DataStore API: rows", "CKAN DataStore API: แถวข้อมูล"},
	"dataset.api.graphql": {"GraphQL", "GraphQL"},
	"dataset.dashboards":  {"Dashboards", "แดชบอร์ด"},
	"dataset.frameworks":  {"Frameworks", "กรอบตัวชี้วัด"},
	"dataset.none":        {"—", "—"},

	"preview.title":  {"Data preview", "ตัวอย่างข้อมูล"},
	"preview.rows":   {"Rows %d–%d of %d", "แถว %d–%d จาก %d"},
	"preview.empty":  {"No rows match.", "ไม่มีแถวที่ตรงกัน"},
	"preview.filter": {"Filter rows", "กรองแถว"},
	"preview.column": {"Column", "คอลัมน์"},
	"preview.value":  {"Value", "ค่า"},
	"preview.reset":  {"Reset", "ล้าง"},
	"preview.error":  {"The filter could not be applied: %s", "ใช้ตัวกรองไม่ได้: %s"},
	"preview.of":     {"Preview of %s", "ตัวอย่างของ %s"},

	"field.title":            {"Title", "ชื่อชุดข้อมูล"},
	"field.name":             {"URL name", "ชื่อ URL"},
	"field.organization":     {"Organization", "หน่วยงาน"},
	"field.license":          {"License", "สัญญาอนุญาต"},
	"field.tags":             {"Tags", "คำสำคัญ"},
	"field.groups":           {"Groups", "กลุ่ม"},
	"field.author":           {"Author", "ผู้จัดทำ"},
	"field.maintainer":       {"Contact", "ผู้ติดต่อ"},
	"field.maintainer_email": {"Contact e-mail", "อีเมลผู้ติดต่อ"},
	"field.version":          {"Version", "รุ่น"},
	"field.url":              {"Source page", "หน้าเว็บต้นทาง"},
	"field.created":          {"Created", "วันที่สร้าง"},
	"field.modified":         {"Last updated", "ปรับปรุงล่าสุด"},
	"field.state":            {"State", "สถานะ"},
	"field.indicator_code":   {"Indicator code", "รหัสตัวชี้วัด"},
	"field.reference_area":   {"Economies covered", "พื้นที่อ้างอิง"},
	"field.format":           {"Format", "รูปแบบ"},
	"field.size":             {"Size", "ขนาด"},
	"field.mimetype":         {"Media type", "ชนิดสื่อ"},
	"field.resource_url":     {"Address", "ที่อยู่"},
	"field.description":      {"Description", "คำอธิบาย"},
	"field.datastore":        {"In the DataStore", "อยู่ใน DataStore"},
	"field.dataset":          {"Dataset", "ชุดข้อมูล"},
	"extra.province":         {"Province", "จังหวัด"},
	"extra.source":           {"Source", "แหล่งที่มา"},

	"gdc.data_type":                 {"Dataset type", "ประเภทชุดข้อมูล"},
	"gdc.objective":                 {"Objective", "วัตถุประสงค์"},
	"gdc.update_frequency_unit":     {"Update frequency", "หน่วยความถี่ของการปรับปรุงข้อมูล"},
	"gdc.update_frequency_interval": {"Update interval", "ค่าความถี่ของการปรับปรุงข้อมูล"},
	"gdc.geo_coverage":              {"Geographic coverage", "ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่"},
	"gdc.data_source":               {"Source", "แหล่งที่มา"},
	"gdc.data_format":               {"Storage format", "รูปแบบการเก็บข้อมูล"},
	"gdc.data_category":             {"Data governance category", "หมวดหมู่ข้อมูลตามธรรมาภิบาลข้อมูลภาครัฐ"},
	"gdc.accessible_condition":      {"Access conditions", "เงื่อนไขในการเข้าถึงข้อมูล"},
	"gdc.data_language":             {"Language", "ภาษาที่ใช้"},
	"gdc.disaggregate":              {"Disaggregation", "การจำแนกข้อมูล"},
	"gdc.unit_of_measure":           {"Unit of measure", "หน่วยวัด"},
	"gdc.unit_of_multiplier":        {"Unit multiplier", "ตัวคูณหน่วยวัด"},
	"gdc.calculation_method":        {"Calculation method", "วิธีการคำนวณ"},
	"gdc.standard":                  {"Standard", "มาตรฐานข้อมูล"},
	"gdc.first_year_of_data":        {"First year of data", "ปีข้อมูลที่เริ่มต้นจัดทำ"},
	"gdc.last_year_of_data":         {"Latest year published", "ปีข้อมูลล่าสุดที่เผยแพร่"},
	"gdc.official_statistics":       {"Official statistics", "สถิติทางการ"},
	"gdc.high_value_dataset":        {"High-value dataset", "ชุดข้อมูลที่มีคุณค่าสูง"},
	"yes":                           {"Yes", "ใช่"},
	"no":                            {"No", "ไม่ใช่"},

	"org.title":      {"Organizations", "หน่วยงาน"},
	"org.desc":       {"The agencies that publish data in this catalog.", "หน่วยงานที่เผยแพร่ข้อมูลในคลังข้อมูลนี้"},
	"group.title":    {"Groups", "กลุ่ม"},
	"group.desc":     {"Datasets grouped by theme.", "ชุดข้อมูลจัดกลุ่มตามหัวข้อ"},
	"group.none":     {"None yet.", "ยังไม่มี"},
	"group.datasets": {"Datasets", "ชุดข้อมูล"},
	"group.searchin": {"Search and filter these datasets", "ค้นหาและกรองชุดข้อมูลเหล่านี้"},

	"activity.new package":     {"New dataset", "ชุดข้อมูลใหม่"},
	"activity.changed package": {"Updated", "ปรับปรุง"},
	"activity.deleted package": {"Deleted", "ลบ"},

	"about.title": {"About", "เกี่ยวกับ"},
	"about.body": {"This catalog publishes Thailand's digital-economy statistics as open data: the indicators of the Thailand Digital Development Center (TDDC), village funds, the 2025 census, the registry of digital government services and e-Office metadata. Every dataset can be searched in Thai or English, previewed, downloaded and reached over the CKAN-compatible API and GraphQL.",
		"คลังข้อมูลนี้เผยแพร่สถิติเศรษฐกิจดิจิทัลของประเทศไทยในรูปแบบข้อมูลเปิด ได้แก่ ตัวชี้วัดของศูนย์พัฒนาดิจิทัล (TDDC) กองทุนหมู่บ้าน สำมะโนประชากร 2568 ทะเบียนบริการภาครัฐดิจิทัล และเมทาดาตาระบบ e-Office ทุกชุดข้อมูลค้นหาได้ทั้งภาษาไทยและภาษาอังกฤษ ดูตัวอย่าง ดาวน์โหลด และเรียกใช้ผ่าน API ที่เข้ากันได้กับ CKAN และ GraphQL"},
	"about.api":  {"Developers: the CKAN Action API is at /api/3/action/ and GraphQL at /graphql.", "สำหรับนักพัฒนา: CKAN Action API อยู่ที่ /api/3/action/ และ GraphQL อยู่ที่ /graphql"},
	"about.lang": {"Pages are in Thai and English; dates on Thai pages use the Buddhist Era.", "หน้าเว็บมีทั้งภาษาไทยและภาษาอังกฤษ วันที่ในหน้าภาษาไทยแสดงเป็นพุทธศักราช"},

	"error.404.title": {"Page not found", "ไม่พบหน้าที่ต้องการ"},
	"error.404.body":  {"There is nothing at this address. The dataset may have been renamed or removed, or it is not public.", "ไม่พบข้อมูลที่ที่อยู่นี้ ชุดข้อมูลอาจถูกเปลี่ยนชื่อ ถูกลบ หรือไม่ได้เปิดเผยต่อสาธารณะ"},
	"error.403.title": {"Not allowed", "ไม่ได้รับอนุญาต"},
	"error.403.body":  {"You are not allowed to see this page.", "คุณไม่ได้รับอนุญาตให้ดูหน้านี้"},
	"error.400.title": {"Bad request", "คำขอไม่ถูกต้อง"},
	"error.400.body":  {"The address has a parameter the catalog cannot use.", "ที่อยู่มีพารามิเตอร์ที่ระบบใช้ไม่ได้"},
	"error.500.title": {"Something went wrong", "เกิดข้อผิดพลาด"},
	"error.500.body":  {"The catalog could not answer. Please try again in a moment.", "ระบบไม่สามารถตอบสนองได้ในขณะนี้ โปรดลองใหม่อีกครั้ง"},
	"error.home":      {"Go to the home page", "ไปหน้าแรก"},
}

// translate returns the message of key in lang, formatted with args when there are any;
// an unknown key is returned as is, so a missing message shows and is not a failure.
func translate(lang, key string, args ...any) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	s := m[0]
	if lang == langTH {
		s = m[1]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// negotiateLang picks the page language: ?lang= (which the caller remembers in a
// cookie), then the lang cookie, then the best of Thai and English in Accept-Language,
// then Thai.
func negotiateLang(r *http.Request) (lang string, chosen bool) {
	if l := r.URL.Query().Get("lang"); l == langTH || l == langEN {
		return l, true
	}
	if c, err := r.Cookie(langCookie); err == nil && (c.Value == langTH || c.Value == langEN) {
		return c.Value, false
	}
	return acceptLanguage(r.Header.Get("Accept-Language")), false
}

// acceptLanguage picks th or en from an Accept-Language header by quality, first listed
// winning ties; Thai when neither is listed.
func acceptLanguage(h string) string {
	best, bestQ := langTH, -1.0
	for part := range strings.SplitSeq(h, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		tag = strings.ToLower(strings.TrimSpace(tag))
		base, _, _ := strings.Cut(tag, "-")
		if base != langTH && base != langEN {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		if q > bestQ && q > 0 {
			best, bestQ = base, q
		}
	}
	return best
}

var (
	thaiMonths = [12]string{"ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."}
	// bangkok is Thailand's time (UTC+7, no daylight saving), fixed so pages do not
	// depend on the server's time-zone database.
	bangkok = time.FixedZone("ICT", 7*60*60)
)

// formatDate renders a date as a reader of lang expects: "6 มี.ค. 2568" (Buddhist Era)
// in Thai, "6 Mar 2025" in English; dates are Thailand's.
func formatDate(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(bangkok)
	if lang == langTH {
		return fmt.Sprintf("%d %s %d", t.Day(), thaiMonths[t.Month()-1], t.Year()+543)
	}
	return t.Format("2 Jan 2006")
}

// formatYear renders a year of the Common Era as the reader counts years.
func formatYear(lang string, year int) string {
	if lang == langTH {
		return strconv.Itoa(year + 543)
	}
	return strconv.Itoa(year)
}

// dateOf formats a time.Time or *time.Time (nil and zero give "").
func dateOf(lang string, v any) string {
	switch t := v.(type) {
	case time.Time:
		return formatDate(lang, t)
	case *time.Time:
		if t == nil {
			return ""
		}
		return formatDate(lang, *t)
	}
	return ""
}
