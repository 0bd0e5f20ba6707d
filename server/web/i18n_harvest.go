package web

// The texts of the harvest pages, merged into messages.
var harvestMessages = map[string][2]string{
	"harvest.title":          {"Harvest sources", "แหล่งเก็บเกี่ยวข้อมูล"},
	"harvest.desc":           {"Remote catalogs whose datasets this catalog copies and keeps up to date.", "คลังข้อมูลภายนอกที่ระบบนี้ดึงชุดข้อมูลมาและปรับปรุงให้เป็นปัจจุบัน"},
	"harvest.none":           {"No harvest sources yet.", "ยังไม่มีแหล่งเก็บเกี่ยวข้อมูล"},
	"harvest.source":         {"Source", "แหล่งข้อมูล"},
	"harvest.url":            {"Address", "ที่อยู่"},
	"harvest.type":           {"Type", "ประเภท"},
	"harvest.org":            {"Harvested into", "หน่วยงานปลายทาง"},
	"harvest.frequency":      {"Schedule", "ความถี่"},
	"harvest.lastrun":        {"Last run", "การดึงข้อมูลครั้งล่าสุด"},
	"harvest.never":          {"Not harvested yet", "ยังไม่เคยดึงข้อมูล"},
	"harvest.runs":           {"Runs", "ประวัติการดึงข้อมูล"},
	"harvest.noruns":         {"No runs yet.", "ยังไม่มีการดึงข้อมูล"},
	"harvest.runs.hidden":    {"Run reports are shown to the editors and admins of the organization the source harvests into.", "รายงานการดึงข้อมูลแสดงเฉพาะบรรณาธิการและผู้ดูแลของหน่วยงานปลายทาง"},
	"harvest.started":        {"Started", "เริ่ม"},
	"harvest.finished":       {"Finished", "เสร็จ"},
	"harvest.scope":          {"Read", "ขอบเขต"},
	"harvest.full":           {"the whole source", "ทั้งแหล่งข้อมูล"},
	"harvest.incremental":    {"changes since the last run", "เฉพาะที่เปลี่ยนตั้งแต่ครั้งก่อน"},
	"harvest.result":         {"Result", "ผลลัพธ์"},
	"harvest.message":        {"Message", "ข้อความ"},
	"harvest.dataset":        {"Dataset", "ชุดข้อมูล"},
	"harvest.errors":         {"Datasets that failed", "ชุดข้อมูลที่ดึงไม่สำเร็จ"},
	"harvest.noerrors":       {"No dataset failed.", "ไม่มีชุดข้อมูลที่ดึงไม่สำเร็จ"},
	"harvest.job.title":      {"Harvest report: %s", "รายงานการดึงข้อมูล: %s"},
	"harvest.counts":         {"%d added, %d updated, %d unchanged, %d withdrawn, %d failed", "เพิ่ม %d แก้ไข %d ไม่เปลี่ยน %d ถอนออก %d ไม่สำเร็จ %d"},
	"harvest.status.ok":      {"Finished", "เสร็จสมบูรณ์"},
	"harvest.status.errors":  {"Finished with errors", "เสร็จ มีข้อผิดพลาด"},
	"harvest.status.failed":  {"Failed", "ล้มเหลว"},
	"harvest.status.running": {"Running", "กำลังดึงข้อมูล"},
	"harvest.freq.MANUAL":    {"On demand", "เมื่อสั่งเท่านั้น"},
	"harvest.freq.DAILY":     {"Daily", "รายวัน"},
	"harvest.freq.WEEKLY":    {"Weekly", "รายสัปดาห์"},
	"harvest.freq.BIWEEKLY":  {"Every two weeks", "ทุกสองสัปดาห์"},
	"harvest.freq.MONTHLY":   {"Monthly", "รายเดือน"},
	"field.harvest_source":   {"Harvested from", "ดึงข้อมูลมาจาก"},
}

func init() {
	for k, v := range harvestMessages {
		messages[k] = v
	}
}
