package charts

import (
	"testing"

	"github.com/khlang/khlang/catalog"
)

// The small catalog the golden tests chart: the sample catalog's dataset names, file
// names and columns (seed/content), with a handful of rows each.

const fixtureVillageFunds = `fund_code,province_code,province_name_th,province_name_en,region_th,size_class,sml_allocation_thb,residents
100010001,10,กรุงเทพมหานคร,Bangkok,ภาคกลาง,L,400000,1200
100010002,10,กรุงเทพมหานคร,Bangkok,ภาคกลาง,M,300000,800
500010001,50,เชียงใหม่,Chiang Mai,ภาคเหนือ,S,200000,450
500010002,50,เชียงใหม่,Chiang Mai,ภาคเหนือ,M,300000,700
500010003,50,เชียงใหม่,Chiang Mai,ภาคเหนือ,M,300000,650
300010001,30,นครราชสีมา,Nakhon Ratchasima,ภาคตะวันออกเฉียงเหนือ,S,200000,300
300010002,30,นครราชสีมา,Nakhon Ratchasima,ภาคตะวันออกเฉียงเหนือ,S,200000,420
300010003,30,นครราชสีมา,Nakhon Ratchasima,ภาคตะวันออกเฉียงเหนือ,L,400000,1500
300010004,30,นครราชสีมา,Nakhon Ratchasima,ภาคตะวันออกเฉียงเหนือ,M,300000,900
`

const fixtureProducts = `product_code,category_code,category_th,category_en,price_thb
VFP-00001,FOOD,อาหาร,Food,120
VFP-00002,FOOD,อาหาร,Food,80
VFP-00003,TEXT,ผ้าและเครื่องแต่งกาย,Textiles and garments,900
VFP-00004,HERB,สมุนไพรที่ไม่ใช่อาหารและยา,Herbal products (non-food),150
`

const fixturePopulation = `province_code,province_name_th,province_name_en,sex,sex_th,age_group,population
10,กรุงเทพมหานคร,Bangkok,M,ชาย,0-4,100
10,กรุงเทพมหานคร,Bangkok,M,ชาย,5-9,120
10,กรุงเทพมหานคร,Bangkok,M,ชาย,100+,2
10,กรุงเทพมหานคร,Bangkok,F,หญิง,0-4,95
10,กรุงเทพมหานคร,Bangkok,F,หญิง,5-9,118
10,กรุงเทพมหานคร,Bangkok,F,หญิง,100+,7
50,เชียงใหม่,Chiang Mai,M,ชาย,0-4,40
50,เชียงใหม่,Chiang Mai,F,หญิง,0-4,38
`

const fixtureHouseholds = `province_code,province_name_th,province_name_en,region_th,population,households,avg_household_size
10,กรุงเทพมหานคร,Bangkok,ภาคกลาง,442,200,2.14
50,เชียงใหม่,Chiang Mai,ภาคเหนือ,78,30,2.5
57,เชียงราย,Chiang Rai,ภาคเหนือ,90,33,2.64
`

const fixtureChannels = `province_code,channel,channel_th,channel_en,households,percent
10,ONLINE,ตอบแบบสอบถามออนไลน์ด้วยตนเอง,Online self-response,90,45
10,TANGRAT,แอปพลิเคชันทางรัฐ,Tang Rat (ทางรัฐ) app,30,15
10,FIELD,เจ้าหน้าที่ลงพื้นที่ร่วมกับบริษัท ไปรษณีย์ไทย จำกัด,Field enumeration with Thailand Post staff,80,40
50,ONLINE,ตอบแบบสอบถามออนไลน์ด้วยตนเอง,Online self-response,10,33.3
50,FIELD,เจ้าหน้าที่ลงพื้นที่ร่วมกับบริษัท ไปรษณีย์ไทย จำกัด,Field enumeration with Thailand Post staff,20,66.7
`

const fixtureServices = `service_code,category,category_th,company_code,company_name_th,standard
DSR-S0001,Software,ซอฟต์แวร์,DSR-C001,บริษัท ก จำกัด,CMMI Level 3
DSR-S0002,Software,ซอฟต์แวร์,DSR-C001,บริษัท ก จำกัด,ISO/IEC 29110
DSR-S0003,Smart Devices,อุปกรณ์อัจฉริยะ,DSR-C002,บริษัท ข จำกัด,dSURE
DSR-S0004,Software as a Service,ซอฟต์แวร์ในรูปแบบบริการ (SaaS),DSR-C003,บริษัท ค จำกัด,ISO/IEC 27001
`

const fixtureCompanies = `company_code,company_name_th,company_name_en,services_registered
DSR-C001,บริษัท ก จำกัด,Kor Co. Ltd.,2
DSR-C002,บริษัท ข จำกัด,Khor Co. Ltd.,1
DSR-C003,บริษัท ค จำกัด,Khor Khwai Co. Ltd.,1
`

const fixtureAgencies = `agency_code,agency_name_th,agency_name_en,parent_th,system_code,linked
OPM-01,สำนักงานปลัดสำนักนายกรัฐมนตรี,"Office of the Permanent Secretary, Prime Minister's Office",สำนักนายกรัฐมนตรี,EOS-A,true
OPM-02,กรมประชาสัมพันธ์,Government Public Relations Department,สำนักนายกรัฐมนตรี,EOS-B,false
DE-02,สำนักงานสถิติแห่งชาติ,National Statistical Office,กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม,EOS-A,true
`

const fixtureDocuments = `agency_code,month,documents_sent,documents_received,exchanged_electronically,paperless_pct
OPM-01,2024-12,100,100,100,50
OPM-01,2025-01,100,100,150,75
DE-02,2024-12,50,50,90,90
DE-02,2025-01,50,50,95,95
`

const fixtureDigitalContent = `year_ce,year_be,segment,segment_th,segment_en,value_mthb,share_of_total_pct,status
2023,2566,TOTAL,มูลค่าอุตสาหกรรมดิจิทัลคอนเทนต์รวม,"Digital-content industry, total",44236,100,published
2023,2566,GAMES,เกม (มูลค่าการบริโภค),Games (consumption),34288,77.5,published
2023,2566,GAMES_DOMESTIC,เกมที่ผลิตในประเทศเพื่อบริโภคและส่งออก,Games produced domestically for consumption and export,886,2,published
2023,2566,ANIMATION,แอนิเมชัน,Animation,4000,9,sample
2023,2566,CHARACTER,คาแรคเตอร์,Character,2600,5.8,sample
2023,2566,EBOOK,หนังสืออิเล็กทรอนิกส์,E-books,3348,7.5,sample
`

const tddcHeader = "indicator_code,ref_area,time_period,breakdown,breakdown_value,breakdown_label_th,breakdown_label_en,obs_value,unit_measure,unit_mult,obs_status\n"

// wdcr is the WDCR framework placement of a fixture indicator.
func wdcr(factor, sub string) []catalog.FrameworkRef {
	return []catalog.FrameworkRef{{Framework: "WDCR", Factor: factor, SubFactor: sub}}
}

// indicatorFixtures are TDDC-like datasets: WDCR composites, an indicator, its breakdown,
// and an OECD indicator that the WDCR page must leave out.
var indicatorFixtures = []struct {
	name, code, title, titleEN, unitTH string
	refs                               []catalog.FrameworkRef
	breakdown                          string
	csv                                string
}{
	{"tddc-wdcr-00-01", "TDDC-WDCR-00-01", "อันดับขีดความสามารถในการแข่งขันด้านดิจิทัลโดยรวม", "Overall digital competitiveness rank", "อันดับ", wdcr("", ""), "_T",
		tddcHeader + "TDDC-WDCR-00-01,THA,2022,_T,_T,ยอดรวม,Total,40,RANK,0,A\nTDDC-WDCR-00-01,THA,2023,_T,_T,ยอดรวม,Total,35,RANK,0,A\nTDDC-WDCR-00-01,THA,2024,_T,_T,ยอดรวม,Total,37,RANK,0,P\n" +
			"TDDC-WDCR-00-01,SGP,2022,_T,_T,ยอดรวม,Total,4,RANK,0,A\nTDDC-WDCR-00-01,SGP,2023,_T,_T,ยอดรวม,Total,3,RANK,0,A\nTDDC-WDCR-00-01,SGP,2024,_T,_T,ยอดรวม,Total,1,RANK,0,P\n"},
	{"tddc-wdcr-00-02", "TDDC-WDCR-00-02", "คะแนนขีดความสามารถในการแข่งขันด้านดิจิทัลโดยรวม", "Overall digital competitiveness score", "คะแนน (0–100)", wdcr("", ""), "_T",
		tddcHeader + "TDDC-WDCR-00-02,THA,2022,_T,_T,ยอดรวม,Total,60.5,SCORE,0,A\nTDDC-WDCR-00-02,THA,2023,_T,_T,ยอดรวม,Total,61.25,SCORE,0,A\nTDDC-WDCR-00-02,THA,2024,_T,_T,ยอดรวม,Total,62,SCORE,0,P\n"},
	{"tddc-wdcr-k0-01", "TDDC-WDCR-K0-01", "อันดับปัจจัยความรู้", "Knowledge factor rank", "อันดับ", wdcr("Knowledge", ""), "_T",
		tddcHeader + "TDDC-WDCR-K0-01,THA,2022,_T,_T,ยอดรวม,Total,42,RANK,0,A\nTDDC-WDCR-K0-01,THA,2023,_T,_T,ยอดรวม,Total,41,RANK,0,A\nTDDC-WDCR-K0-01,THA,2024,_T,_T,ยอดรวม,Total,43,RANK,0,P\n"},
	{"tddc-wdcr-k1-01", "TDDC-WDCR-K1-01", "ผู้ใช้อินเทอร์เน็ต", "Internet users", "ร้อยละของบุคคล", wdcr("Knowledge", "Talent"), "_T",
		tddcHeader + "TDDC-WDCR-K1-01,THA,2022,_T,_T,ยอดรวม,Total,80.1,PT_IND,0,A\nTDDC-WDCR-K1-01,THA,2024,_T,_T,ยอดรวม,Total,88.4,PT_IND,0,P\n"},
	{"tddc-wdcr-k1-01-sex", "TDDC-WDCR-K1-01-SEX", "ผู้ใช้อินเทอร์เน็ต จำแนกตามเพศ", "Internet users by sex", "ร้อยละของบุคคล", wdcr("Knowledge", "Talent"), "SEX",
		tddcHeader + "TDDC-WDCR-K1-01-SEX,THA,2022,SEX,_T,ยอดรวม,Total,80.1,PT_IND,0,A\nTDDC-WDCR-K1-01-SEX,THA,2022,SEX,M,ชาย,Male,81,PT_IND,0,A\nTDDC-WDCR-K1-01-SEX,THA,2022,SEX,F,หญิง,Female,79.2,PT_IND,0,A\n" +
			"TDDC-WDCR-K1-01-SEX,THA,2024,SEX,_T,ยอดรวม,Total,88.4,PT_IND,0,P\nTDDC-WDCR-K1-01-SEX,THA,2024,SEX,M,ชาย,Male,89,PT_IND,0,P\nTDDC-WDCR-K1-01-SEX,THA,2024,SEX,F,หญิง,Female,87.8,PT_IND,0,P\n"},
	{"tddc-oecd-acc-001", "TDDC-OECD-ACC-001", "ครัวเรือนที่เข้าถึงอินเทอร์เน็ต", "Households with Internet access", "ร้อยละของครัวเรือน",
		[]catalog.FrameworkRef{{Framework: "OECD-GD", Dimension: "Access"}}, "_T",
		tddcHeader + "TDDC-OECD-ACC-001,THA,2023,_T,_T,ยอดรวม,Total,85,PT_HH,0,A\n"},
}

// loadFixtures builds the small catalog.
func loadFixtures(t testing.TB, e *env) map[string]*catalog.Dataset {
	t.Helper()
	e.group(t, "wdcr", "IMD World Digital Competitiveness Ranking (WDCR)", "IMD World Digital Competitiveness Ranking (WDCR)")
	e.group(t, "oecd-going-digital", "OECD Going Digital Toolkit", "OECD Going Digital Toolkit")
	out := map[string]*catalog.Dataset{}
	add := func(ds *catalog.Dataset, files ...[2]string) { out[ds.Name] = e.dataset(t, ds, files...) }
	add(&catalog.Dataset{Name: villageFundDataset, Title: "ทะเบียนกองทุนหมู่บ้าน", TitleEN: "Village fund registry"}, [2]string{villageFundFile, fixtureVillageFunds})
	add(&catalog.Dataset{Name: villageProductsSet, Title: "ผลิตภัณฑ์กองทุนหมู่บ้าน", TitleEN: "Village-fund products"}, [2]string{villageProductsFile, fixtureProducts})
	add(&catalog.Dataset{Name: censusPopulationSet, Title: "ประชากร", TitleEN: "Population"}, [2]string{censusPopulationFile, fixturePopulation})
	add(&catalog.Dataset{Name: censusHouseholdsSet, Title: "ครัวเรือน", TitleEN: "Households"}, [2]string{censusHouseholdsFile, fixtureHouseholds})
	add(&catalog.Dataset{Name: censusChannelsSet, Title: "ช่องทาง", TitleEN: "Channels"}, [2]string{censusChannelsFile, fixtureChannels})
	add(&catalog.Dataset{Name: registryDataset, Title: "บัญชีบริการดิจิทัล", TitleEN: "Digital Service Registry"},
		[2]string{registryServicesFile, fixtureServices}, [2]string{registryCompaniesFile, fixtureCompanies})
	add(&catalog.Dataset{Name: eOfficeDataset, Title: "e-Office", TitleEN: "e-Office"},
		[2]string{eOfficeAgenciesFile, fixtureAgencies}, [2]string{eOfficeDocumentsFile, fixtureDocuments})
	add(&catalog.Dataset{Name: digitalContentDataset, Title: "ดิจิทัลคอนเทนต์", TitleEN: "Digital content"}, [2]string{digitalContentFile, fixtureDigitalContent})
	for _, f := range indicatorFixtures {
		group := "wdcr"
		if f.refs[0].Framework == "OECD-GD" {
			group = "oecd-going-digital"
		}
		add(&catalog.Dataset{Name: f.name, Title: f.title, TitleEN: f.titleEN, GDC: catalog.GDC{UnitOfMeasure: f.unitTH},
			Indicator: catalog.Indicator{IndicatorCode: f.code, Frameworks: f.refs},
			Extras:    []catalog.Extra{{Key: "breakdown", Value: f.breakdown}},
			Groups:    []catalog.Group{{Name: group}}},
			[2]string{f.name + ".csv", f.csv})
	}
	return out
}
