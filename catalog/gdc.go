package catalog

// Choice is one allowed value of a GD-Catalog field: the Thai value the standard stores,
// and its meaning in English for pages shown in English.
type Choice struct {
	Value string
	EN    string
}

// GDCChoices are the values the Thai government dataset metadata standard (DGA's
// GD-Catalog, as the ckanext-thai_gdc form offers them) allows for its coded fields,
// by package-dict key. Values are stored exactly as listed; the catalog accepts others
// too (harvested catalogs use their own), so forms offer these and keep a dataset's own.
var GDCChoices = map[string][]Choice{
	"data_type": {
		{"ข้อมูลระเบียน", "record data"}, {"ข้อมูลสถิติ", "statistical data"},
		{"ข้อมูลภูมิสารสนเทศเชิงพื้นที่", "geospatial data"}, {"ข้อมูลหลากหลายประเภท", "multiple types"},
		{"ข้อมูลประเภทอื่นๆ", "other"},
	},
	"objective": {
		{"ยุทธศาสตร์ชาติ", "National Strategy"},
		{"แผนพัฒนาเศรษฐกิจและสังคมแห่งชาติ", "National Economic and Social Development Plan"},
		{"แผนความมั่นคงแห่งชาติ", "National Security Plan"},
		{"แผนแม่บทภายใต้ยุทธศาสตร์ชาติ", "master plans under the National Strategy"},
		{"แผนปฏิรูปประเทศ", "National Reform Plan"},
		{"แผนระดับที่ 3 (มติครม. 4 ธ.ค. 2560)", "level-3 plans (Cabinet resolution of 4 Dec 2017)"},
		{"นโยบายรัฐบาล/ข้อสั่งการนายกรัฐมนตรี", "government policy / Prime Minister's order"},
		{"มติคณะรัฐมนตรี", "Cabinet resolution"},
		{"เพื่อการให้บริการประชาชน", "public service delivery"},
		{"กฎหมายที่เกี่ยวข้อง", "related law"},
		{"พันธกิจหน่วยงาน", "agency mission"},
		{"ดัชนี/ตัวชี้วัดระดับนานาชาติ", "international index / indicator"},
		{"ไม่ทราบ", "unknown"}, {"อื่นๆ", "other"},
	},
	"update_frequency_unit": {
		{"ไม่ทราบ", "unknown"}, {"ปี", "year"}, {"ครึ่งปี", "half-year"}, {"ไตรมาส", "quarter"},
		{"เดือน", "month"}, {"สัปดาห์", "week"}, {"วัน", "day"}, {"วันทำการ", "working day"},
		{"ชั่วโมง", "hour"}, {"นาที", "minute"}, {"ตามเวลาจริง", "real time"},
		{"ไม่มีการปรับปรุงหลังจากการจัดเก็บข้อมูล", "not updated after collection"}, {"อื่นๆ", "other"},
	},
	"geo_coverage": {
		{"ไม่มี", "none"}, {"โลก", "world"}, {"ทวีป/กลุ่มประเทศในทวีป", "continent / group of countries"},
		{"กลุ่มประเทศทางเศรษฐกิจ", "economic bloc"}, {"ประเทศ", "country"}, {"ภาค", "region"},
		{"จังหวัด", "province"}, {"อำเภอ", "district"}, {"ตำบล", "sub-district"}, {"หมู่บ้าน", "village"},
		{"เทศบาล/อบต.", "municipality / subdistrict administrative organization"}, {"พิกัด", "coordinates"},
		{"ไม่ทราบ", "unknown"}, {"อื่นๆ", "other"},
	},
	"data_format": {
		{"Database", ""}, {"CSV", ""}, {"XML", ""}, {"Image", ""}, {"Video", ""}, {"Audio", ""}, {"Text", ""},
		{"JSON", ""}, {"HTML", ""}, {"XLS", ""}, {"PDF", ""}, {"RDF", ""}, {"NoSQL", ""},
		{"Arc/Info Coverage", ""}, {"Shapefile", ""}, {"GeoTiff", ""}, {"GML", ""},
		{"ไม่ทราบ", "unknown"}, {"อื่นๆ", "other"},
	},
	"data_category": {
		{"ข้อมูลสาธารณะ", "public"}, {"ข้อมูลส่วนบุคคล", "personal"}, {"ข้อมูลความมั่นคง", "security"},
		{"ข้อมูลความลับทางราชการ", "official secret"},
	},
	"data_language": {
		{"ไทย", "Thai"}, {"อังกฤษ", "English"}, {"จีน", "Chinese"}, {"มลายู", "Malay"}, {"พม่า", "Burmese"},
		{"ลาว", "Lao"}, {"เขมร", "Khmer"}, {"ญี่ปุ่น", "Japanese"}, {"เกาหลี", "Korean"}, {"ฝรั่งเศส", "French"},
		{"เยอรมัน", "German"}, {"อารบิก", "Arabic"}, {"ไม่ทราบ", "unknown"}, {"อื่นๆ", "other"},
	},
	"disaggregate": {
		{"ไม่มี", "none"}, {"เพศ", "sex"}, {"อายุ/กลุ่มอายุ", "age / age group"}, {"สถานภาพสมรส", "marital status"},
		{"ศาสนา", "religion"}, {"ระดับการศึกษา", "education"}, {"อาชีพ", "occupation"},
		{"สถานภาพการทำงาน", "work status"}, {"อุตสาหกรรม/ประเภทกิจการ", "industry"}, {"รายได้", "income"},
		{"ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่", "geography"}, {"ผลิตภัณฑ์", "product"},
		{"ไม่ทราบ", "unknown"}, {"อื่นๆ", "other"},
	},
	"unit_of_multiplier": {
		{"หน่วย", "units (1)"}, {"สิบ", "tens"}, {"ร้อย", "hundreds"}, {"พัน", "thousands"},
		{"หมื่น", "ten thousands"}, {"แสน", "hundred thousands"}, {"ล้าน", "millions"},
		{"สิบล้าน", "ten millions"}, {"ร้อยล้าน", "hundred millions"}, {"พันล้าน", "billions"},
		{"หมื่นล้าน", "ten billions"}, {"แสนล้าน", "hundred billions"}, {"ล้านล้าน", "trillions"},
		{"ไม่ทราบ", "unknown"}, {"อื่นๆ", "other"},
	},
}
