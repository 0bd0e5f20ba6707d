package content

// Publisher slugs used by the datasets.
const (
	OrgNSO          = "nso"
	OrgBDI          = "bdi"
	OrgNVCFO        = "nvcfo"
	OrgDEPA         = "depa"
	OrgMDES         = "mdes"
	OrgOPM          = "opm"
	OrgONDE         = "onde"
	OrgThailandPost = "thailand-post"
	OrgCGD          = "cgd"
)

var publishers = []Publisher{
	{
		Name: OrgNSO, TitleTH: "สำนักงานสถิติแห่งชาติ", TitleEN: "National Statistical Office", Abbrev: "สสช. (NSO)",
		DescriptionTH: "หน่วยงานสถิติหลักของประเทศ สังกัดกระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม จัดทำศูนย์กลางข้อมูลสถิติด้านดิจิทัลของประเทศไทย (TDDC) และสำมะโนประชากรและเคหะ พ.ศ. 2568",
		DescriptionEN: "Thailand's central statistical agency under the Ministry of Digital Economy and Society; it runs the Thailand Digital Data Center (TDDC) and the 2025 Population and Housing Census.",
		URL:           "https://www.nso.go.th",
	},
	{
		Name: OrgBDI, TitleTH: "สถาบันข้อมูลขนาดใหญ่ (องค์การมหาชน)", TitleEN: "Big Data Institute (Public Organization)", Abbrev: "BDI",
		DescriptionTH: "สนับสนุนการพัฒนาระบบฐานข้อมูลขนาดใหญ่ (Big Data) ของกองทุนหมู่บ้าน และแพลตฟอร์ม City Data Platform (CDP) ที่จังหวัดต่าง ๆ ใช้บริหารจัดการและพัฒนาท้องถิ่น",
		DescriptionEN: "Supports the village-fund Big Data system and Big Data platforms such as the City Data Platform (CDP) used by provinces for local management and development.",
		URL:           "https://bdi.or.th",
	},
	{
		Name: OrgNVCFO, TitleTH: "สำนักงานกองทุนหมู่บ้านและชุมชนเมืองแห่งชาติ", TitleEN: "National Village and Urban Community Fund Office", Abbrev: "สทบ. (NVCFO)",
		DescriptionTH: "บริหารจัดการกองทุนหมู่บ้านและชุมชนเมือง 79,610 แห่งทั่วประเทศ",
		DescriptionEN: "Manages the 79,610 village and urban community funds nationwide.",
		URL:           "https://www.villagefund.or.th",
	},
	{
		Name: OrgDEPA, TitleTH: "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล", TitleEN: "Digital Economy Promotion Agency", Abbrev: "สศด. (depa)",
		DescriptionTH: "ส่งเสริมอุตสาหกรรมดิจิทัลและดิจิทัลคอนเทนต์ จัดทำบัญชีบริการดิจิทัลและแพลตฟอร์ม TECHHUNT และตรวจสอบคุณสมบัติผู้ประกอบการดิจิทัลที่ขอขึ้นทะเบียน",
		DescriptionEN: "Promotes the digital and digital-content industries; runs the Digital Service Registry and the TECHHUNT platform and checks the digital operators who apply to register.",
		URL:           "https://www.depa.or.th",
	},
	{
		Name: OrgMDES, TitleTH: "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม", TitleEN: "Ministry of Digital Economy and Society", Abbrev: "ดีอี (MDES)",
		DescriptionTH: "กำกับนโยบายรัฐบาลดิจิทัล และขับเคลื่อนการใช้ระบบ e-Office แบบไร้กระดาษในหน่วยงานภาครัฐ",
		DescriptionEN: "Steers digital-government policy and drives paperless e-Office use across government agencies.",
		URL:           "https://www.mdes.go.th",
	},
	{
		Name: OrgOPM, TitleTH: "สำนักงานปลัดสำนักนายกรัฐมนตรี", TitleEN: "Office of the Permanent Secretary, Prime Minister's Office", Abbrev: "สปน. (OPS-PMO)",
		DescriptionTH: "ร่วมกับกระทรวงดีอีเชื่อมโยงการใช้ระบบ e-Office เพื่อบูรณาการการทำงานแบบไร้กระดาษ (Paperless)",
		DescriptionEN: "Works with MDES to link e-Office systems for integrated paperless work.",
		URL:           "https://www.opm.go.th",
	},
	{
		Name: OrgONDE, TitleTH: "สำนักงานคณะกรรมการดิจิทัลเพื่อเศรษฐกิจและสังคมแห่งชาติ", TitleEN: "Office of the National Digital Economy and Society Commission", Abbrev: "สดช. (ONDE)",
		DescriptionTH: "จัดทำแผนพัฒนาดิจิทัลเพื่อเศรษฐกิจและสังคม ติดตามตัวชี้วัดตามแผน และร่วมกับ ปณท. ขยายศูนย์ดิจิทัลชุมชนเพื่อการพาณิชย์อิเล็กทรอนิกส์",
		DescriptionEN: "Prepares the national digital economy and society plans, tracks their indicators, and works with Thailand Post on community digital centres for e-commerce.",
		URL:           "https://www.onde.go.th",
	},
	{
		Name: OrgThailandPost, TitleTH: "บริษัท ไปรษณีย์ไทย จำกัด", TitleEN: "Thailand Post Company Limited", Abbrev: "ปณท.",
		DescriptionTH: "ส่งเจ้าหน้าที่ลงพื้นที่เก็บข้อมูลสำมะโนประชากรและเคหะ พ.ศ. 2568 และให้บริการศูนย์ดิจิทัลชุมชนในที่ทำการไปรษณีย์",
		DescriptionEN: "Sends staff to collect 2025 census data in the field and hosts community digital centres in post offices.",
		URL:           "https://www.thailandpost.co.th",
	},
	{
		Name: OrgCGD, TitleTH: "กรมบัญชีกลาง", TitleEN: "The Comptroller General's Department", Abbrev: "CGD",
		DescriptionTH: "กระทรวงการคลัง ผลักดันบัญชีบริการดิจิทัลเข้าสู่กระบวนการจัดซื้อจัดจ้างภาครัฐ เป็นหมวดพัสดุที่รัฐต้องการส่งเสริมหรือสนับสนุน",
		DescriptionEN: "Ministry of Finance department that brought the Digital Service Registry into government procurement as a category of supplies the state promotes.",
		URL:           "https://www.cgd.go.th",
	},
}

// Publishers returns the organizations of the sample catalog.
func Publishers() []Publisher {
	out := make([]Publisher, len(publishers))
	copy(out, publishers)
	return out
}

// publisher returns the publisher named name, or a zero value.
func publisher(name string) Publisher {
	for _, p := range publishers {
		if p.Name == name {
			return p
		}
	}
	return Publisher{}
}

// Group slugs.
const (
	GroupTDDC           = "tddc"
	GroupWDCR           = "wdcr"
	GroupADIX           = "adix"
	GroupOECD           = "oecd-going-digital"
	GroupPlan           = "thai-digital-plan"
	GroupVillageFund    = "village-fund"
	GroupCensus         = "census-2025"
	GroupDigitalService = "digital-services"
	GroupEOffice        = "e-office"
	GroupDigitalContent = "digital-content"
)

var groups = []Group{
	{
		Name: GroupTDDC, TitleTH: "ศูนย์กลางข้อมูลสถิติด้านดิจิทัลของประเทศไทย (TDDC)", TitleEN: "Thailand Digital Data Center (TDDC)",
		DescriptionTH: "บัญชีรายการข้อมูลและดัชนี/ตัวชี้วัดด้านดิจิทัลตามชุดตัวชี้วัดสากล (WDCR, ADIX, OECD Toolkits) และตามแผนระดับต่าง ๆ ด้านดิจิทัลเพื่อเศรษฐกิจและสังคม จัดทำโดยสำนักงานสถิติแห่งชาติ เผยแพร่ที่ tddc.gdcatalog.go.th มีชุดข้อมูลทั้งหมด 237 ชุดข้อมูล ณ วันที่ 28 มกราคม 2568",
		DescriptionEN: "Catalog of digital data items and indices/indicators organised by international indicator sets (WDCR, ADIX, OECD Toolkits) and by the national digital economy and society plans, run by the National Statistical Office and published at tddc.gdcatalog.go.th: 237 datasets as of 28 January 2025.",
	},
	{
		Name: GroupWDCR, TitleTH: "IMD World Digital Competitiveness Ranking (WDCR)", TitleEN: "IMD World Digital Competitiveness Ranking (WDCR)",
		DescriptionTH: "การจัดอันดับขีดความสามารถในการแข่งขันด้านดิจิทัลของ IMD: 3 ปัจจัย (ความรู้ เทคโนโลยี ความพร้อมสำหรับอนาคต) 9 ปัจจัยย่อย",
		DescriptionEN: "IMD's digital competitiveness ranking: 3 factors (Knowledge, Technology, Future readiness) and 9 sub-factors.",
	},
	{
		Name: GroupADIX, TitleTH: "ดัชนีการบูรณาการดิจิทัลอาเซียน (ADIX/ADII)", TitleEN: "ASEAN Digital Integration Index (ADIX/ADII)",
		DescriptionTH: "ดัชนีวัดการบูรณาการดิจิทัลของประเทศสมาชิกอาเซียน 6 เสาหลัก ตามกรอบการบูรณาการดิจิทัลอาเซียน (DIF)",
		DescriptionEN: "Index of the digital integration of ASEAN member states in the 6 pillars of the ASEAN Digital Integration Framework.",
	},
	{
		Name: GroupOECD, TitleTH: "OECD Going Digital Toolkit", TitleEN: "OECD Going Digital Toolkit",
		DescriptionTH: "ตัวชี้วัดตามมิติของ OECD Going Digital Toolkit: การเข้าถึง การใช้งาน นวัตกรรม การจ้างงาน สังคม ความเชื่อมั่น การเปิดตลาด และการเติบโตและความเป็นอยู่",
		DescriptionEN: "Indicators by the dimensions of the OECD Going Digital Toolkit: access, use, innovation, jobs, society, trust, market openness, and growth and well-being.",
	},
	{
		Name: GroupPlan, TitleTH: "ตัวชี้วัดตามแผนด้านดิจิทัลของประเทศ", TitleEN: "National digital plan indicators",
		DescriptionTH: "ตัวชี้วัดตามแผนพัฒนาดิจิทัลเพื่อเศรษฐกิจและสังคม และแผนระดับต่าง ๆ ด้านดิจิทัลของประเทศ",
		DescriptionEN: "Indicators of the Digital Development Plan for Economy and Society (Digital Thailand) and other national digital plans.",
	},
	{
		Name: GroupVillageFund, TitleTH: "กองทุนหมู่บ้านและชุมชนเมือง", TitleEN: "Village and urban community funds",
		DescriptionTH: "ข้อมูลขนาดใหญ่ (Big Data) กองทุนหมู่บ้าน 79,610 แห่งทั่วประเทศ และฐานข้อมูลผลิตภัณฑ์กองทุนหมู่บ้าน",
		DescriptionEN: "Big Data of the 79,610 village funds nationwide and the village-fund product base.",
	},
	{
		Name: GroupCensus, TitleTH: "สำมะโนประชากรและเคหะ พ.ศ. 2568", TitleEN: "2025 Population and Housing Census",
		DescriptionTH: "ตารางจากสำมะโนประชากรและเคหะ พ.ศ. 2568 (Digital Census) ของสำนักงานสถิติแห่งชาติ",
		DescriptionEN: "Tables of NSO's 2025 Population and Housing Census (Digital Census).",
	},
	{
		Name: GroupDigitalService, TitleTH: "บัญชีบริการดิจิทัล", TitleEN: "Digital services",
		DescriptionTH: "บัญชีบริการดิจิทัลของ ดีป้า และการจัดซื้อจัดจ้างภาครัฐผ่านกรมบัญชีกลาง",
		DescriptionEN: "depa's Digital Service Registry and government procurement through the Comptroller General's Department.",
	},
	{
		Name: GroupEOffice, TitleTH: "e-Office ภาครัฐ", TitleEN: "Government e-Office",
		DescriptionTH: "เมทาดาตาของระบบ e-Office แบบไร้กระดาษที่เชื่อมโยงระหว่างหน่วยงานภาครัฐ",
		DescriptionEN: "Metadata of paperless e-Office systems linked across government agencies.",
	},
	{
		Name: GroupDigitalContent, TitleTH: "อุตสาหกรรมดิจิทัลคอนเทนต์", TitleEN: "Digital-content industry",
		DescriptionTH: "มูลค่าอุตสาหกรรมดิจิทัลคอนเทนต์: เกม แอนิเมชัน คาแรคเตอร์ และหนังสืออิเล็กทรอนิกส์",
		DescriptionEN: "Value of the digital-content industry: games, animation, character and e-books.",
	},
}

// Groups returns the groups of the sample catalog.
func Groups() []Group {
	out := make([]Group, len(groups))
	copy(out, groups)
	return out
}

// contactEmail is a placeholder address: the sample catalog must not point
// users at real inboxes.
func contactEmail(org string) string { return "opendata-" + org + "@example.org" }
