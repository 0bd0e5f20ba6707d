package content

// Province is one of Thailand's 77 provinces (changwat, including Bangkok).
type Province struct {
	Code      string // DOPA code, "10".."96"; ISO 3166-2 is "TH-" + Code
	NameTH    string
	NameEN    string
	Region    string // six-region geographic scheme: "north", "northeast", "central", "east", "west", "south"
	NSORegion string // NSO's reporting regions: "bangkok", "central", "north", "northeast", "south"
	// popK is an approximate resident population in thousands; it only
	// weights generated sample values and is not published.
	popK int
}

// ISO returns the ISO 3166-2:TH code of the province, e.g. "TH-50".
func (p Province) ISO() string { return "TH-" + p.Code }

// RegionTH returns the Thai name of the province's six-region region.
func (p Province) RegionTH() string { return regionTH[p.Region] }

var regionTH = map[string]string{
	"north":     "ภาคเหนือ",
	"northeast": "ภาคตะวันออกเฉียงเหนือ",
	"central":   "ภาคกลาง",
	"east":      "ภาคตะวันออก",
	"west":      "ภาคตะวันตก",
	"south":     "ภาคใต้",
}

// nsoRegions lists NSO's five reporting regions in their usual order.
var nsoRegions = []label{
	{"BKK", "กรุงเทพมหานคร", "Bangkok"},
	{"CEN", "ภาคกลาง", "Central"},
	{"NTH", "ภาคเหนือ", "North"},
	{"NE", "ภาคตะวันออกเฉียงเหนือ", "Northeast"},
	{"STH", "ภาคใต้", "South"},
}

// provinces is ordered by DOPA code. Regions follow the 1977 six-region
// geographic scheme; NSORegion follows NSO's survey reports, which put the
// lower northern provinces and Tak in the North and the East and West in the
// Central region.
var provinces = []Province{
	{"10", "กรุงเทพมหานคร", "Bangkok", "central", "bangkok", 5470},
	{"11", "สมุทรปราการ", "Samut Prakan", "central", "central", 1370},
	{"12", "นนทบุรี", "Nonthaburi", "central", "central", 1290},
	{"13", "ปทุมธานี", "Pathum Thani", "central", "central", 1200},
	{"14", "พระนครศรีอยุธยา", "Phra Nakhon Si Ayutthaya", "central", "central", 820},
	{"15", "อ่างทอง", "Ang Thong", "central", "central", 275},
	{"16", "ลพบุรี", "Lop Buri", "central", "central", 755},
	{"17", "สิงห์บุรี", "Sing Buri", "central", "central", 205},
	{"18", "ชัยนาท", "Chai Nat", "central", "central", 325},
	{"19", "สระบุรี", "Saraburi", "central", "central", 645},
	{"20", "ชลบุรี", "Chon Buri", "east", "central", 1600},
	{"21", "ระยอง", "Rayong", "east", "central", 760},
	{"22", "จันทบุรี", "Chanthaburi", "east", "central", 540},
	{"23", "ตราด", "Trat", "east", "central", 230},
	{"24", "ฉะเชิงเทรา", "Chachoengsao", "east", "central", 725},
	{"25", "ปราจีนบุรี", "Prachin Buri", "east", "central", 500},
	{"26", "นครนายก", "Nakhon Nayok", "central", "central", 260},
	{"27", "สระแก้ว", "Sa Kaeo", "east", "central", 570},
	{"30", "นครราชสีมา", "Nakhon Ratchasima", "northeast", "northeast", 2630},
	{"31", "บุรีรัมย์", "Buri Ram", "northeast", "northeast", 1580},
	{"32", "สุรินทร์", "Surin", "northeast", "northeast", 1390},
	{"33", "ศรีสะเกษ", "Si Sa Ket", "northeast", "northeast", 1470},
	{"34", "อุบลราชธานี", "Ubon Ratchathani", "northeast", "northeast", 1870},
	{"35", "ยโสธร", "Yasothon", "northeast", "northeast", 535},
	{"36", "ชัยภูมิ", "Chaiyaphum", "northeast", "northeast", 1120},
	{"37", "อำนาจเจริญ", "Amnat Charoen", "northeast", "northeast", 375},
	{"38", "บึงกาฬ", "Bueng Kan", "northeast", "northeast", 420},
	{"39", "หนองบัวลำภู", "Nong Bua Lam Phu", "northeast", "northeast", 510},
	{"40", "ขอนแก่น", "Khon Kaen", "northeast", "northeast", 1800},
	{"41", "อุดรธานี", "Udon Thani", "northeast", "northeast", 1580},
	{"42", "เลย", "Loei", "northeast", "northeast", 640},
	{"43", "หนองคาย", "Nong Khai", "northeast", "northeast", 520},
	{"44", "มหาสารคาม", "Maha Sarakham", "northeast", "northeast", 960},
	{"45", "ร้อยเอ็ด", "Roi Et", "northeast", "northeast", 1300},
	{"46", "กาฬสินธุ์", "Kalasin", "northeast", "northeast", 980},
	{"47", "สกลนคร", "Sakon Nakhon", "northeast", "northeast", 1150},
	{"48", "นครพนม", "Nakhon Phanom", "northeast", "northeast", 720},
	{"49", "มุกดาหาร", "Mukdahan", "northeast", "northeast", 355},
	{"50", "เชียงใหม่", "Chiang Mai", "north", "north", 1790},
	{"51", "ลำพูน", "Lamphun", "north", "north", 400},
	{"52", "ลำปาง", "Lampang", "north", "north", 720},
	{"53", "อุตรดิตถ์", "Uttaradit", "north", "north", 450},
	{"54", "แพร่", "Phrae", "north", "north", 440},
	{"55", "น่าน", "Nan", "north", "north", 475},
	{"56", "พะเยา", "Phayao", "north", "north", 470},
	{"57", "เชียงราย", "Chiang Rai", "north", "north", 1300},
	{"58", "แม่ฮ่องสอน", "Mae Hong Son", "north", "north", 285},
	{"60", "นครสวรรค์", "Nakhon Sawan", "central", "north", 1050},
	{"61", "อุทัยธานี", "Uthai Thani", "central", "north", 330},
	{"62", "กำแพงเพชร", "Kamphaeng Phet", "central", "north", 725},
	{"63", "ตาก", "Tak", "west", "north", 670},
	{"64", "สุโขทัย", "Sukhothai", "central", "north", 590},
	{"65", "พิษณุโลก", "Phitsanulok", "central", "north", 850},
	{"66", "พิจิตร", "Phichit", "central", "north", 530},
	{"67", "เพชรบูรณ์", "Phetchabun", "central", "north", 990},
	{"70", "ราชบุรี", "Ratchaburi", "west", "central", 870},
	{"71", "กาญจนบุรี", "Kanchanaburi", "west", "central", 900},
	{"72", "สุพรรณบุรี", "Suphan Buri", "central", "central", 845},
	{"73", "นครปฐม", "Nakhon Pathom", "central", "central", 920},
	{"74", "สมุทรสาคร", "Samut Sakhon", "central", "central", 590},
	{"75", "สมุทรสงคราม", "Samut Songkhram", "central", "central", 190},
	{"76", "เพชรบุรี", "Phetchaburi", "west", "central", 485},
	{"77", "ประจวบคีรีขันธ์", "Prachuap Khiri Khan", "west", "central", 555},
	{"80", "นครศรีธรรมราช", "Nakhon Si Thammarat", "south", "south", 1550},
	{"81", "กระบี่", "Krabi", "south", "south", 480},
	{"82", "พังงา", "Phangnga", "south", "south", 270},
	{"83", "ภูเก็ต", "Phuket", "south", "south", 420},
	{"84", "สุราษฎร์ธานี", "Surat Thani", "south", "south", 1070},
	{"85", "ระนอง", "Ranong", "south", "south", 195},
	{"86", "ชุมพร", "Chumphon", "south", "south", 510},
	{"90", "สงขลา", "Songkhla", "south", "south", 1440},
	{"91", "สตูล", "Satun", "south", "south", 325},
	{"92", "ตรัง", "Trang", "south", "south", 645},
	{"93", "พัทลุง", "Phatthalung", "south", "south", 525},
	{"94", "ปัตตานี", "Pattani", "south", "south", 730},
	{"95", "ยะลา", "Yala", "south", "south", 540},
	{"96", "นราธิวาส", "Narathiwat", "south", "south", 810},
}

// Provinces returns Thailand's 77 provinces ordered by DOPA code.
func Provinces() []Province {
	out := make([]Province, len(provinces))
	copy(out, provinces)
	return out
}
