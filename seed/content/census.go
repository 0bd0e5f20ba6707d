package content

import (
	"fmt"
	"io"
	"math"
	"sync"
)

// Census age groups: five-year groups 0–4 … 95–99 and 100+.
var censusAgeGroups = func() []string {
	var g []string
	for a := 0; a < 100; a += 5 {
		g = append(g, fmt.Sprintf("%d-%d", a, a+4))
	}
	return append(g, "100+")
}()

// ageShares is an ageing Thai population pyramid (share of total per group);
// it only shapes sample values.
var ageShares = []float64{4.3, 5.0, 5.6, 6.0, 6.3, 6.8, 7.0, 7.3, 7.5, 7.6, 7.5, 7.0, 6.2, 5.0, 3.6, 2.4, 1.5, 0.8, 0.3, 0.08, 0.02}

// maleShare is the male share of each age group: women outlive men.
func maleShare(ageIdx int) float64 {
	if ageIdx < 10 {
		return 0.512 - 0.002*float64(ageIdx)
	}
	return math.Max(0.30, 0.49-0.018*float64(ageIdx-10))
}

// censusProvince holds generated census totals for one province.
type censusProvince struct {
	pop        [2][]int // [male, female][age group]
	total      int
	households int
	urbanity   float64 // 0 rural … 1 Bangkok
}

var (
	censusOnce sync.Once
	censusData []censusProvince
)

func censusTables() []censusProvince {
	censusOnce.Do(func() { censusData = generateCensus() })
	return censusData
}

func urbanity(code string) float64 {
	switch code {
	case "10":
		return 1
	case "11", "12", "13", "20", "83", "74":
		return 0.6
	case "21", "73", "14", "50", "90", "40":
		return 0.35
	}
	return 0.15
}

func generateCensus() []censusProvince {
	r := newRand("census-2025/population")
	// The census counts people where they actually live, so Bangkok and the
	// industrial provinces hold more than their registered populations.
	weights := make([]float64, len(provinces))
	var sumW float64
	for i, p := range provinces {
		w := float64(p.popK) * (1 + 0.4*urbanity(p.Code)) * (1 + r.NormFloat64()*0.02)
		weights[i] = w
		sumW += w
	}
	const target = 69_600_000
	out := make([]censusProvince, len(provinces))
	for i, p := range provinces {
		u := urbanity(p.Code)
		total := float64(target) * weights[i] / sumW
		cp := censusProvince{urbanity: u}
		cp.pop[0] = make([]int, len(censusAgeGroups))
		cp.pop[1] = make([]int, len(censusAgeGroups))
		// Cities have fewer children and more working-age adults.
		shares := make([]float64, len(ageShares))
		var s float64
		for a, sh := range ageShares {
			adj := 1.0
			switch {
			case a < 4:
				adj = 1 - 0.25*u
			case a < 12:
				adj = 1 + 0.12*u
			}
			shares[a] = sh * adj * (1 + r.NormFloat64()*0.03)
			s += shares[a]
		}
		for a := range shares {
			n := total * shares[a] / s
			m := int(math.Round(n * maleShare(a)))
			f := int(math.Round(n)) - m
			cp.pop[0][a], cp.pop[1][a] = m, f
			cp.total += m + f
		}
		hhSize := 2.8 - 0.55*u + r.NormFloat64()*0.08
		if p.Region == "northeast" {
			hhSize += 0.15
		}
		cp.households = int(math.Round(float64(cp.total) * 0.97 / hhSize))
		out[i] = cp
	}
	return out
}

var sexLabels = []label{{"M", "ชาย", "Male"}, {"F", "หญิง", "Female"}}

func writeCensusPopulation(w io.Writer) error {
	c := newCSV(w, "province_code", "province_name_th", "province_name_en", "sex", "sex_th", "age_group", "population")
	for i, p := range provinces {
		cp := censusTables()[i]
		for s, sl := range sexLabels {
			for a, g := range censusAgeGroups {
				c.row(p.Code, p.NameTH, p.NameEN, sl.Code, sl.TH, g, itoa(cp.pop[s][a]))
			}
		}
	}
	return c.close()
}

func writeCensusHouseholds(w io.Writer) error {
	c := newCSV(w, "province_code", "province_name_th", "province_name_en", "region_th", "population", "households", "avg_household_size", "private_household_population")
	for i, p := range provinces {
		cp := censusTables()[i]
		private := int(math.Round(float64(cp.total) * 0.97))
		c.row(p.Code, p.NameTH, p.NameEN, p.RegionTH(), itoa(cp.total), itoa(cp.households),
			ftoa(float64(private)/float64(cp.households), 2), itoa(private))
	}
	return c.close()
}

// housingChar is one housing characteristic; share gives each category's
// share of households at urbanity u.
type housingChar struct {
	code, th string
	cats     []label
	share    func(u float64) []float64
}

var housingChars = []housingChar{
	{"building_type", "ลักษณะที่อยู่อาศัย", []label{{"DETACHED", "บ้านเดี่ยว", "Detached house"}, {"ROW", "ทาวน์เฮาส์ บ้านแฝด ห้องแถว", "Townhouse, twin or row house"}, {"FLAT", "อาคารชุด แฟลต คอนโดมิเนียม", "Flat or condominium"}, {"OTHER", "อื่น ๆ", "Other"}},
		func(u float64) []float64 { return []float64{0.85 - 0.55*u, 0.10 + 0.25*u, 0.02 + 0.28*u, 0.03} }},
	{"tenure", "การครอบครองที่อยู่อาศัย", []label{{"OWN", "เป็นเจ้าของ", "Owned"}, {"RENT", "เช่า", "Rented"}, {"FREE", "อยู่โดยไม่เสียค่าเช่า", "Occupied rent-free"}, {"OTHER", "อื่น ๆ", "Other"}},
		func(u float64) []float64 { return []float64{0.82 - 0.40*u, 0.08 + 0.38*u, 0.08, 0.02} }},
	{"material", "วัสดุก่อสร้างหลัก", []label{{"CONCRETE", "คอนกรีต อิฐ หิน", "Concrete, brick or stone"}, {"WOOD", "ไม้", "Wood"}, {"MIXED", "ครึ่งไม้ครึ่งปูน", "Wood and concrete"}, {"OTHER", "วัสดุอื่น", "Other materials"}},
		func(u float64) []float64 { return []float64{0.55 + 0.40*u, 0.15 - 0.12*u, 0.27 - 0.25*u, 0.03} }},
	{"drinking_water", "แหล่งน้ำดื่มหลัก", []label{{"BOTTLED", "น้ำดื่มบรรจุขวดหรือตู้หยอดเหรียญ", "Bottled or vending-machine water"}, {"PIPED", "น้ำประปา", "Piped water"}, {"RAIN", "น้ำฝน", "Rainwater"}, {"OTHER", "แหล่งอื่น", "Other sources"}},
		func(u float64) []float64 {
			return []float64{0.70 + 0.20*u, 0.12 - 0.05*u, 0.12 - 0.12*u, 0.06 - 0.03*u}
		}},
	{"internet", "การเข้าถึงอินเทอร์เน็ตในที่อยู่อาศัย", []label{{"YES", "มีอินเทอร์เน็ต", "With Internet access"}, {"NO", "ไม่มีอินเทอร์เน็ต", "Without Internet access"}},
		func(u float64) []float64 { return []float64{0.84 + 0.12*u, 0.16 - 0.12*u} }},
}

func writeCensusHousing(w io.Writer) error {
	r := newRand("census-2025/housing")
	c := newCSV(w, "province_code", "province_name_th", "province_name_en", "characteristic", "characteristic_th", "category", "category_th", "category_en", "households", "percent")
	for i, p := range provinces {
		cp := censusTables()[i]
		for _, hc := range housingChars {
			sh := hc.share(cp.urbanity)
			for k := range sh {
				sh[k] = math.Max(0.001, sh[k]*(1+r.NormFloat64()*0.05))
			}
			parts := apportion(cp.households, sh)
			for k, cat := range hc.cats {
				c.row(p.Code, p.NameTH, p.NameEN, hc.code, hc.th, cat.Code, cat.TH, cat.EN, itoa(parts[k]),
					ftoa(100*float64(parts[k])/float64(cp.households), 1))
			}
		}
	}
	return c.close()
}

// Census response channels with their collection windows.
var censusChannels = []struct {
	label
	start, end string
}{
	{label{"ONLINE", "ตอบแบบสอบถามออนไลน์ด้วยตนเอง", "Online self-response"}, CensusOnlineStart, CensusOnlineEnd},
	{label{"TANGRAT", "แอปพลิเคชันทางรัฐ", "Tang Rat (ทางรัฐ) app"}, CensusOnlineStart, CensusOnlineEnd},
	{label{"FIELD", "เจ้าหน้าที่ลงพื้นที่ร่วมกับบริษัท ไปรษณีย์ไทย จำกัด", "Field enumeration with Thailand Post staff"}, CensusFieldStart, CensusFieldEnd},
}

func writeCensusChannels(w io.Writer) error {
	r := newRand("census-2025/channels")
	c := newCSV(w, "province_code", "province_name_th", "province_name_en", "channel", "channel_th", "channel_en", "collection_start", "collection_end", "households", "percent")
	for i, p := range provinces {
		cp := censusTables()[i]
		online := 0.25 + 0.2*cp.urbanity + r.NormFloat64()*0.03
		app := 0.12 + 0.05*cp.urbanity + r.NormFloat64()*0.02
		parts := apportion(cp.households, []float64{online, app, math.Max(0.1, 1-online-app)})
		for k, ch := range censusChannels {
			c.row(p.Code, p.NameTH, p.NameEN, ch.Code, ch.TH, ch.EN, ch.start, ch.end, itoa(parts[k]),
				ftoa(100*float64(parts[k])/float64(cp.households), 1))
		}
	}
	return c.close()
}

const censusIntroTH = "สำมะโนประชากรและเคหะ พ.ศ. 2568 ของสำนักงานสถิติแห่งชาติ (สสช.) เก็บรวบรวมข้อมูลเกี่ยวกับประชากรทุกคนที่อาศัยอยู่ในประเทศ ตามที่อยู่จริง เพื่อให้ทราบจำนวนประชากร โครงสร้างอายุและเพศ การกระจายตัว ลักษณะทางเศรษฐกิจและสังคมที่สำคัญ และลักษณะของที่อยู่อาศัย\n\n" +
	"จัดทำในรูปแบบ Digital Census: ประชาชนตอบแบบสอบถามทางออนไลน์ร่วมกับแอปพลิเคชัน “ทางรัฐ” ระหว่างวันที่ 1–20 เมษายน 2568 (2025-04-01 ถึง 2025-04-20) และเจ้าหน้าที่ของบริษัท ไปรษณีย์ไทย จำกัด ลงพื้นที่เก็บข้อมูลระหว่างวันที่ 21 เมษายน – 19 มิถุนายน 2568 (2025-04-21 ถึง 2025-06-19)\n"

const censusIntroEN = "NSO's 2025 Population and Housing Census covers every person living in the country, by actual residence: population count, age and sex structure, distribution, key economic and social characteristics, and housing characteristics.\n\n" +
	"It is a Digital Census: online self-response and the Tang Rat (ทางรัฐ) app from 1 to 20 April 2025, then field collection with Thailand Post staff from 21 April to 19 June 2025.\n"

func censusDatasets() []Dataset {
	nso := publisher(OrgNSO)
	base := Dataset{
		Org: OrgNSO, Groups: []string{GroupCensus}, LicenseID: "cc-by",
		Author: nso.TitleTH, AuthorEmail: contactEmail(OrgNSO), Maintainer: "กองสถิติประชากรและเคหะ สำนักงานสถิติแห่งชาติ", MaintainerEmail: contactEmail("census"),
		URL: nso.URL, Version: "1.0", Sample: true,
		DataType: "ข้อมูลสถิติ", UpdateFrequencyUnit: "ปี", UpdateFrequencyInterval: 10,
		Objective:    []string{"พันธกิจหน่วยงาน", "แผนพัฒนาเศรษฐกิจและสังคมแห่งชาติ"},
		DataFormat:   []string{"CSV"},
		DataLanguage: []string{"ไทย", "อังกฤษ"},
		GeoCoverage:  "จังหวัด",
		DataSource:   "สำนักงานสถิติแห่งชาติ: สำมะโนประชากรและเคหะ พ.ศ. 2568",
		DataCategory: "ข้อมูลสาธารณะ", AccessibleCondition: "เปิดเผยต่อสาธารณะ ใช้ได้โดยอ้างอิงแหล่งที่มา",
		UnitOfMultiplier: "หน่วย", Standard: "UN Principles and Recommendations for Population and Housing Censuses, Revision 3",
		FirstYearOfData: 2025, LastYearOfData: 2025, OfficialStatistics: true, HighValueDataset: true,
		CalculationMethod: "นับจำนวนประชากรตามที่อยู่จริง ณ วันสำมะโน (de facto / usual residence) รวมทั้งคนไทยและคนต่างชาติ",
	}
	mk := func(name, th, en, noteTH, noteEN, unitTH string, disagg []string, tags []string, res Resource) Dataset {
		d := base
		d.Name, d.TitleTH, d.TitleEN = name, th, en
		d.NotesTH, d.NotesEN = sampleNotes(censusIntroTH+"\n"+noteTH, censusIntroEN+"\n"+noteEN)
		d.UnitOfMeasure, d.Disaggregate = unitTH, disagg
		d.Tags = append([]string{"สำมะโนประชากร", "census", "2568", "2025", "Digital Census"}, tags...)
		d.Extras = map[string]string{"census_online_start": CensusOnlineStart, "census_online_end": CensusOnlineEnd,
			"census_field_start": CensusFieldStart, "census_field_end": CensusFieldEnd, "reference_date": CensusOnlineStart}
		d.Resources = []Resource{res}
		return d
	}
	return []Dataset{
		mk("census-2025-population-by-province-sex-age", "ประชากรจำแนกตามจังหวัด เพศ และกลุ่มอายุ สำมะโนประชากรและเคหะ พ.ศ. 2568", "Population by province, sex and five-year age group, 2025 census",
			"ตารางประชากรจำแนกตาม 77 จังหวัด เพศ และกลุ่มอายุ 5 ปี (0-4 ถึง 95-99 และ 100 ปีขึ้นไป)", "Population by the 77 provinces, sex and five-year age group (0-4 to 95-99, and 100+).",
			"คน", []string{"เพศ", "อายุ/กลุ่มอายุ", "ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่"}, []string{"ประชากร", "population", "โครงสร้างอายุ", "age structure"},
			Resource{Name: "ประชากรรายจังหวัด เพศ กลุ่มอายุ", Description: "77 จังหวัด × 2 เพศ × 21 กลุ่มอายุ — " + SampleNote, Format: "CSV", FileName: "census-2025-population.csv", Write: writeCensusPopulation}),
		mk("census-2025-households-by-province", "ครัวเรือนจำแนกตามจังหวัด สำมะโนประชากรและเคหะ พ.ศ. 2568", "Households by province, 2025 census",
			"จำนวนประชากร ครัวเรือน และขนาดครัวเรือนเฉลี่ย รายจังหวัด", "Population, households and average household size by province.",
			"ครัวเรือน", []string{"ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่"}, []string{"ครัวเรือน", "households"},
			Resource{Name: "ครัวเรือนรายจังหวัด", Description: "ประชากร ครัวเรือน ขนาดครัวเรือนเฉลี่ย — " + SampleNote, Format: "CSV", FileName: "census-2025-households.csv", Write: writeCensusHouseholds}),
		mk("census-2025-housing-characteristics", "ลักษณะที่อยู่อาศัยจำแนกตามจังหวัด สำมะโนประชากรและเคหะ พ.ศ. 2568", "Housing characteristics by province, 2025 census",
			"ครัวเรือนจำแนกตามลักษณะที่อยู่อาศัย การครอบครอง วัสดุก่อสร้าง แหล่งน้ำดื่ม และการเข้าถึงอินเทอร์เน็ต รายจังหวัด", "Households by type of living quarters, tenure, construction material, drinking-water source and Internet access, by province.",
			"ครัวเรือน", []string{"ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่", "อื่นๆ"}, []string{"ที่อยู่อาศัย", "housing", "เคหะ"},
			Resource{Name: "ลักษณะที่อยู่อาศัยรายจังหวัด", Description: "ครัวเรือนตามลักษณะที่อยู่อาศัย — " + SampleNote, Format: "CSV", FileName: "census-2025-housing.csv", Write: writeCensusHousing}),
		mk("census-2025-response-channels", "ช่องทางการให้ข้อมูลสำมะโนประชากรและเคหะ พ.ศ. 2568", "Response channels of the 2025 census",
			"ครัวเรือนจำแนกตามช่องทางการให้ข้อมูล: ออนไลน์ แอปพลิเคชันทางรัฐ (1–20 เมษายน 2568) และเจ้าหน้าที่ลงพื้นที่ร่วมกับไปรษณีย์ไทย (21 เมษายน – 19 มิถุนายน 2568) พร้อมวันเริ่มต้นและสิ้นสุดการเก็บข้อมูลของแต่ละช่องทาง",
			"Households by response channel: online, the Tang Rat app (1–20 April 2025) and field enumeration with Thailand Post staff (21 April – 19 June 2025), with each channel's collection start and end dates.",
			"ครัวเรือน", []string{"ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่", "อื่นๆ"}, []string{"ทางรัฐ", "Tang Rat", "ไปรษณีย์ไทย", "Thailand Post", "ตอบออนไลน์", "online response"},
			Resource{Name: "ช่องทางการให้ข้อมูลรายจังหวัด", Description: "ครัวเรือนตามช่องทางและช่วงวันที่เก็บข้อมูล — " + SampleNote, Format: "CSV", FileName: "census-2025-response-channels.csv", Write: writeCensusChannels}),
	}
}
