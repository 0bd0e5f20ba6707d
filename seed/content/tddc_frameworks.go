package content

// OECD Going Digital dimensions, with the "Growth and well-being" dimension
// that ONDE's Thailand Digital Outlook adds to the Toolkit's seven.
var oecdDims = map[string]label{
	"ACC": {"Access", "การเข้าถึง", "Access"},
	"USE": {"Use", "การใช้งาน", "Use"},
	"INN": {"Innovation", "นวัตกรรม", "Innovation"},
	"JOB": {"Jobs", "การจ้างงาน", "Jobs"},
	"SOC": {"Society", "สังคม", "Society"},
	"TRU": {"Trust", "ความเชื่อมั่น", "Trust"},
	"MKT": {"Market openness", "การเปิดตลาด", "Market openness"},
	"GRW": {"Growth and well-being", "การเติบโตและความเป็นอยู่", "Growth and well-being"},
}

// WDCR factors and sub-factors (3 × 3). Keys are the sub-factor's position,
// e.g. "K1" = Knowledge / Talent.
var wdcrFactors = map[string]label{
	"K": {"Knowledge", "ความรู้", "Knowledge"},
	"T": {"Technology", "เทคโนโลยี", "Technology"},
	"F": {"Future readiness", "ความพร้อมสำหรับอนาคต", "Future readiness"},
}

var wdcrSubFactors = map[string]label{
	"K1": {"Talent", "บุคลากรที่มีความสามารถ", "Talent"},
	"K2": {"Training and education", "การฝึกอบรมและการศึกษา", "Training and education"},
	"K3": {"Scientific concentration", "การมุ่งเน้นด้านวิทยาศาสตร์", "Scientific concentration"},
	"T1": {"Regulatory framework", "กรอบการกำกับดูแล", "Regulatory framework"},
	"T2": {"Capital", "เงินทุน", "Capital"},
	"T3": {"Technological framework", "กรอบด้านเทคโนโลยี", "Technological framework"},
	"F1": {"Adaptive attitudes", "ทัศนคติในการปรับตัว", "Adaptive attitudes"},
	"F2": {"Business agility", "ความคล่องตัวทางธุรกิจ", "Business agility"},
	"F3": {"IT integration", "การบูรณาการด้านไอที", "IT integration"},
}

// The six pillars of the ASEAN Digital Integration Index.
var adixPillars = map[string]label{
	"P1": {"Digital Trade and Logistics", "การค้าดิจิทัลและโลจิสติกส์", "Digital Trade and Logistics"},
	"P2": {"Data Protection and Cybersecurity", "การคุ้มครองข้อมูลและความมั่นคงปลอดภัยไซเบอร์", "Data Protection and Cybersecurity"},
	"P3": {"Digital Payments and Identities", "การชำระเงินและการพิสูจน์ตัวตนดิจิทัล", "Digital Payments and Identities"},
	"P4": {"Digital Skills and Talent", "ทักษะและบุคลากรดิจิทัล", "Digital Skills and Talent"},
	"P5": {"Innovation and Entrepreneurship", "นวัตกรรมและการเป็นผู้ประกอบการ", "Innovation and Entrepreneurship"},
	"P6": {"Institutional and Infrastructural Readiness", "ความพร้อมด้านสถาบันและโครงสร้างพื้นฐาน", "Institutional and Infrastructural Readiness"},
}

// National digital plans and the six strategies of the Digital Development
// Plan for Economy and Society.
const (
	PlanDigitalThailand = "แผนพัฒนาดิจิทัลเพื่อเศรษฐกิจและสังคม"
	PlanDigitalGov      = "แผนพัฒนารัฐบาลดิจิทัลของประเทศไทย พ.ศ. 2566–2570"
)

var planEN = map[string]string{
	PlanDigitalThailand: "Digital Development Plan for Economy and Society (Digital Thailand)",
	PlanDigitalGov:      "Digital Government Development Plan of Thailand 2023–2027",
}

var planStrategies = map[int]label{
	1: {"S1", "พัฒนาโครงสร้างพื้นฐานดิจิทัลประสิทธิภาพสูงให้ครอบคลุมทั่วประเทศ", "High-performance digital infrastructure nationwide"},
	2: {"S2", "ขับเคลื่อนเศรษฐกิจด้วยเทคโนโลยีดิจิทัล", "Driving the economy with digital technology"},
	3: {"S3", "สร้างสังคมคุณภาพที่ทั่วถึงเท่าเทียมด้วยเทคโนโลยีดิจิทัล", "An inclusive, equal society through digital technology"},
	4: {"S4", "ปรับเปลี่ยนภาครัฐสู่การเป็นรัฐบาลดิจิทัล", "Transforming the public sector into digital government"},
	5: {"S5", "พัฒนากำลังคนให้พร้อมเข้าสู่ยุคเศรษฐกิจและสังคมดิจิทัล", "Workforce ready for the digital economy and society"},
	6: {"S6", "สร้างความเชื่อมั่นในการใช้เทคโนโลยีดิจิทัล", "Building trust in the use of digital technology"},
}

func oecdRef(dim string, code string) FrameworkRef {
	return FrameworkRef{Framework: FrameworkOECD, Dimension: oecdDims[dim].Code, Code: code}
}

func wdcrRef(sub, code string) FrameworkRef {
	return FrameworkRef{Framework: FrameworkWDCR, Factor: wdcrFactors[sub[:1]].Code, SubFactor: wdcrSubFactors[sub].Code, Code: code}
}

func adixRef(pillar string) FrameworkRef {
	return FrameworkRef{Framework: FrameworkADIX, Pillar: adixPillars[pillar].Code}
}

func planRef(strategy int) FrameworkRef {
	return FrameworkRef{Framework: FrameworkPlan, Plan: PlanDigitalThailand, Strategy: planStrategies[strategy].TH, Code: planStrategies[strategy].Code}
}

func dgPlanRef() FrameworkRef {
	return FrameworkRef{Framework: FrameworkPlan, Plan: PlanDigitalGov}
}

// describeRef renders a framework placement for notes, with its tags.
func describeRef(r FrameworkRef) (th, en string, tags []string) {
	switch r.Framework {
	case FrameworkOECD:
		d := findLabel(oecdDims, r.Dimension)
		th = "OECD Going Digital Toolkit มิติ" + d.TH
		en = "OECD Going Digital Toolkit, dimension " + d.EN
		if r.Code != "" {
			th += " (ตัวชี้วัดที่ " + r.Code + ")"
			en += " (indicator " + r.Code + ")"
		}
		return th, en, []string{d.TH, d.EN}
	case FrameworkWDCR:
		th, en = "IMD WDCR ภาพรวม", "IMD WDCR, overall"
		if r.Factor != "" {
			f := findLabel(wdcrFactors, r.Factor)
			th, en = "IMD WDCR ปัจจัย"+f.TH, "IMD WDCR, factor "+f.EN
			tags = append(tags, f.TH, f.EN)
		}
		if r.SubFactor != "" {
			s := findLabel(wdcrSubFactors, r.SubFactor)
			th += " › ปัจจัยย่อย" + s.TH
			en += " › sub-factor " + s.EN
			tags = append(tags, s.TH, s.EN)
		}
		if r.Code != "" {
			th += " (เกณฑ์ " + r.Code + ")"
			en += " (criterion " + r.Code + ")"
		}
		return th, en, tags
	case FrameworkADIX:
		p := findLabel(adixPillars, r.Pillar)
		return "ADIX เสาหลัก" + p.TH, "ADIX, pillar " + p.EN, []string{p.TH, p.EN}
	case FrameworkPlan:
		th, en = r.Plan, planEN[r.Plan]
		if r.Strategy != "" {
			for _, s := range planStrategies {
				if s.TH == r.Strategy {
					th += " ยุทธศาสตร์" + s.TH
					en += ", strategy: " + s.EN
				}
			}
		}
		return th, en, []string{"แผนพัฒนาดิจิทัล"}
	}
	return r.Framework, r.Framework, nil
}

// findLabel returns the label whose Code is code.
func findLabel(m map[string]label, code string) label {
	for _, l := range m {
		if l.Code == code {
			return l
		}
	}
	return label{code, code, code}
}
