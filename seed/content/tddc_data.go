package content

import "fmt"

func bd(keys ...string) []string            { return keys }
func tg(tags ...string) []string            { return tags }
func refs(r ...FrameworkRef) []FrameworkRef { return r }

// section numbers a framework's indicators and puts the primary framework
// placement first.
func section(prefix string, primary func(fwCode string) FrameworkRef, items []indicator) []indicator {
	out := make([]indicator, len(items))
	for i, it := range items {
		it.code = fmt.Sprintf("%s-%02d", prefix, i+1)
		it.refs = append([]FrameworkRef{primary(it.fwCode)}, it.refs...)
		out[i] = it
	}
	return out
}

func oecdSection(dim string, items ...indicator) []indicator {
	out := section("TDDC-OECD-"+dim, func(c string) FrameworkRef { return oecdRef(dim, c) }, items)
	for i := range out {
		out[i].code = fmt.Sprintf("TDDC-OECD-%s-%03d", dim, i+1)
		if out[i].src == "" {
			out[i].src = "onde"
		}
	}
	return out
}

func wdcrSection(sub string, items ...indicator) []indicator {
	out := section("TDDC-WDCR-"+sub, func(c string) FrameworkRef { return wdcrRef(sub, c) }, items)
	for i := range out {
		out[i].src = "imd"
	}
	return out
}

func adixSection(p string, items ...indicator) []indicator {
	out := section("TDDC-ADIX-"+p, func(string) FrameworkRef { return adixRef(p) }, items)
	for i := range out {
		out[i].src = "asean"
	}
	return out
}

// allIndicators lists the TDDC indicator concepts. Levels and trends only
// shape generated sample values.
func allIndicators() []indicator {
	var all []indicator
	add := func(xs []indicator) { all = append(all, xs...) }

	// OECD Going Digital Toolkit, as organised by ONDE's Thailand Digital Outlook.
	add(oecdSection("ACC",
		indicator{th: "ครัวเรือนที่เข้าถึงอินเทอร์เน็ต", en: "Households with Internet access", u: uPctHH, base: 68, trend: 3.3, src: "nso-ict-hh", bds: bd("region", "urban"), tags: tg("อินเทอร์เน็ต", "internet", "ครัวเรือน", "households"), refs: refs(planRef(1))},
		indicator{th: "ครัวเรือนที่ใช้อินเทอร์เน็ตบรอดแบนด์ความเร็วสูงแบบประจำที่", en: "Households with fixed broadband", u: uPctHH, base: 45, trend: 3, src: "nso-ict-hh", tags: tg("บรอดแบนด์", "broadband")},
		indicator{th: "ผู้ใช้บริการบรอดแบนด์เคลื่อนที่ต่อประชากร 100 คน", en: "Mobile broadband subscriptions per 100 inhabitants", u: uPer100, base: 95, trend: 4, src: "nbtc", tags: tg("บรอดแบนด์เคลื่อนที่", "mobile broadband")},
		indicator{th: "ผู้ใช้บริการบรอดแบนด์ประจำที่ต่อประชากร 100 คน", en: "Fixed broadband subscriptions per 100 inhabitants", u: uPer100, base: 13, trend: 1, src: "nbtc", tags: tg("บรอดแบนด์", "broadband")},
		indicator{th: "สัดส่วนการเชื่อมต่อใยแก้วนำแสงในบรอดแบนด์ประจำที่", en: "Share of fibre connections in fixed broadband", u: uPct, base: 55, trend: 5.5, src: "nbtc", tags: tg("ใยแก้วนำแสง", "fibre")},
		indicator{th: "ซิมการ์ดสำหรับอุปกรณ์ M2M ต่อประชากร 100 คน", en: "M2M SIM cards per 100 inhabitants", u: uPer100, base: 4, trend: 1.2, src: "nbtc", tags: tg("อินเทอร์เน็ตของสรรพสิ่ง", "IoT")},
		indicator{th: "สถานประกอบการที่ใช้บรอดแบนด์ความเร็ว 100 Mbit/s ขึ้นไป", en: "Businesses with broadband of 100 Mbit/s or more", u: uPctEnt, base: 25, trend: 5, src: "nso-ict-ent", bds: bd("size"), tags: tg("สถานประกอบการ", "businesses", "บรอดแบนด์", "broadband")},
		indicator{th: "ปริมาณการใช้ข้อมูลบรอดแบนด์เคลื่อนที่ต่อเลขหมาย", en: "Mobile data usage per mobile broadband subscription", u: uGB, base: 7, trend: 0.25, src: "nbtc", tags: tg("ข้อมูลเคลื่อนที่", "mobile data")},
		indicator{th: "ประชากรที่อยู่ในพื้นที่ให้บริการ 5G", en: "Population covered by 5G networks", u: uPctPop, base: 12, trend: 17, src: "nbtc", from: 2020, tags: tg("5G")},
		indicator{th: "ครัวเรือนที่มีคอมพิวเตอร์", en: "Households with a computer", u: uPctHH, base: 26, trend: -0.6, src: "nso-ict-hh", tags: tg("คอมพิวเตอร์", "computer", "ครัวเรือน", "households")},
	))
	add(oecdSection("USE",
		indicator{th: "ผู้ใช้อินเทอร์เน็ตอายุ 16–74 ปี", en: "Internet users aged 16–74", u: uPctInd, base: 62, trend: 4.5, src: "nso-ict-hh", bds: bd("sex", "age", "region", "urban"), tags: tg("อินเทอร์เน็ต", "internet", "ผู้ใช้อินเทอร์เน็ต", "internet users"), refs: refs(planRef(3))},
		indicator{th: "ผู้ใช้อินเทอร์เน็ตทุกวัน", en: "Daily Internet users", u: uPctInd, base: 55, trend: 4.5, src: "nso-ict-hh", tags: tg("อินเทอร์เน็ต", "internet")},
		indicator{th: "ผู้ใช้โทรศัพท์มือถืออายุ 6 ปีขึ้นไป", en: "Mobile phone users aged 6 and over", u: uPctInd, base: 88, trend: 1.2, src: "nso-ict-hh", bds: bd("sex", "region"), tags: tg("โทรศัพท์มือถือ", "mobile phone")},
		indicator{th: "บุคคลที่ซื้อสินค้าหรือบริการออนไลน์ในรอบ 12 เดือน", en: "Individuals who purchased online in the last 12 months", u: uPctInd, base: 18, trend: 4.5, src: "nso-ict-hh", bds: bd("sex", "age"), tags: tg("พาณิชย์อิเล็กทรอนิกส์", "e-commerce")},
		indicator{th: "บุคคลที่ติดต่อหน่วยงานภาครัฐทางออนไลน์", en: "Individuals interacting with public authorities online", u: uPctInd, base: 20, trend: 5.5, src: "nso-ict-hh", bds: bd("age", "region"), tags: tg("รัฐบาลดิจิทัล", "e-government")},
		indicator{th: "บุคคลที่ใช้บริการธนาคารทางมือถือหรือการชำระเงินอิเล็กทรอนิกส์", en: "Individuals using mobile banking or e-payment", u: uPctInd, base: 35, trend: 6, src: "nso-ict-hh", tags: tg("การชำระเงินอิเล็กทรอนิกส์", "e-payment")},
		indicator{th: "สถานประกอบการที่ขายสินค้าหรือบริการทางอีคอมเมิร์ซ", en: "Businesses making e-commerce sales", u: uPctEnt, base: 12, trend: 2.2, src: "nso-ict-ent", bds: bd("size"), tags: tg("พาณิชย์อิเล็กทรอนิกส์", "e-commerce", "สถานประกอบการ", "businesses")},
		indicator{th: "สถานประกอบการที่ซื้อบริการคลาวด์คอมพิวติง", en: "Businesses purchasing cloud computing services", u: uPctEnt, base: 8, trend: 2.4, src: "nso-ict-ent", bds: bd("size"), tags: tg("คลาวด์", "cloud computing")},
		indicator{th: "สถานประกอบการที่ใช้ปัญญาประดิษฐ์", en: "Businesses using artificial intelligence", u: uPctEnt, base: 1.5, trend: 0.9, src: "nso-ict-ent", bds: bd("size"), tags: tg("ปัญญาประดิษฐ์", "AI")},
		indicator{th: "สถานประกอบการที่วิเคราะห์ข้อมูลขนาดใหญ่", en: "Businesses performing big data analysis", u: uPctEnt, base: 4, trend: 1.1, src: "nso-ict-ent", tags: tg("ข้อมูลขนาดใหญ่", "big data")},
		indicator{th: "สถานประกอบการที่มีเว็บไซต์", en: "Businesses with a website", u: uPctEnt, base: 24, trend: 1.5, src: "nso-ict-ent", bds: bd("size"), tags: tg("เว็บไซต์", "website")},
		indicator{th: "สถานประกอบการที่ใช้สื่อสังคมออนไลน์", en: "Businesses using social media", u: uPctEnt, base: 30, trend: 4, src: "nso-ict-ent", tags: tg("สื่อสังคมออนไลน์", "social media")},
		indicator{th: "บุคคลที่ใช้เครือข่ายสังคมออนไลน์", en: "Individuals using social networks", u: uPctInd, base: 50, trend: 5, src: "nso-ict-hh", tags: tg("สื่อสังคมออนไลน์", "social media")},
		indicator{th: "ระยะเวลาการใช้อินเทอร์เน็ตเฉลี่ยต่อวัน", en: "Average time spent online per day", u: uHours, base: 7.5, trend: 0.3, src: "onde", bds: bd("age"), tags: tg("พฤติกรรมการใช้อินเทอร์เน็ต", "internet behaviour")},
		indicator{th: "บุคคลที่มีทักษะดิจิทัลขั้นพื้นฐานขึ้นไป", en: "Individuals with basic or above basic digital skills", u: uPctInd, base: 35, trend: 3, src: "nso-ict-hh", bds: bd("sex"), tags: tg("ทักษะดิจิทัล", "digital skills")},
	))
	add(oecdSection("INN",
		indicator{th: "การลงทุนด้านเทคโนโลยีสารสนเทศและการสื่อสารต่อ GDP", en: "ICT investment as a share of GDP", u: uPctGDP, base: 2.8, trend: 0.05, src: "nesdc", tags: tg("การลงทุน", "investment", "ICT")},
		indicator{th: "ค่าใช้จ่ายวิจัยและพัฒนาของภาคธุรกิจในอุตสาหกรรมสารสนเทศต่อ GDP", en: "Business R-D expenditure in information industries as a share of GDP", u: uPctGDP, base: 0.05, trend: 0.008, src: "nesdc", tags: tg("วิจัยและพัฒนา", "research and development")},
		indicator{th: "เงินร่วมลงทุนในธุรกิจ ICT ต่อ GDP", en: "Venture capital investment in ICT as a share of GDP", u: uPctGDP, base: 0.01, trend: 0.003, src: "depa", tags: tg("เงินร่วมลงทุน", "venture capital")},
		indicator{th: "จำนวนคำขอสิทธิบัตรด้าน ICT ภายใต้ PCT", en: "ICT-related PCT patent applications", u: uNum, base: 60, trend: 0.06, src: "oecd", tags: tg("สิทธิบัตร", "patents")},
		indicator{th: "สัดส่วนธุรกิจ ICT อายุไม่เกิน 5 ปี", en: "Young firms (up to 5 years) in the ICT sector", u: uPct, base: 18, trend: 0.5, src: "depa", tags: tg("สตาร์ทอัพ", "startups")},
		indicator{th: "สถานประกอบการที่มีนวัตกรรมผลิตภัณฑ์หรือกระบวนการ", en: "Businesses with product or process innovation", u: uPctEnt, base: 15, trend: 0.8, src: "nso-ict-ent", bds: bd("size"), tags: tg("นวัตกรรม", "innovation")},
		indicator{th: "การลงทุนในอุตสาหกรรมดิจิทัลต่อ GDP", en: "Investment in the digital industry as a share of GDP", u: uPctGDP, base: 0.7, trend: 0.04, src: "depa", tags: tg("อุตสาหกรรมดิจิทัล", "digital industry")},
		indicator{th: "ค่าใช้จ่ายด้านการวิจัยและพัฒนาของประเทศต่อ GDP", en: "Gross domestic expenditure on R-D as a share of GDP", u: uPctGDP, base: 1.0, trend: 0.03, src: "mhesi", tags: tg("วิจัยและพัฒนา", "research and development")},
	))
	add(oecdSection("JOB",
		indicator{th: "ผู้เชี่ยวชาญด้าน ICT ต่อผู้มีงานทำทั้งหมด", en: "ICT specialists as a share of total employment", u: uPctEmp, base: 1.4, trend: 0.08, src: "nso-lfs", bds: bd("sex"), tags: tg("ผู้เชี่ยวชาญด้าน ICT", "ICT specialists")},
		indicator{th: "งานที่ใช้ ICT อย่างเข้มข้นต่อผู้มีงานทำทั้งหมด", en: "ICT task-intensive jobs as a share of total employment", u: uPctEmp, base: 10, trend: 0.5, src: "nso-lfs", tags: tg("การจ้างงาน", "employment")},
		indicator{th: "การจ้างงานในสาขาที่ใช้ดิจิทัลอย่างเข้มข้น", en: "Employment in digital-intensive sectors", u: uPctEmp, base: 18, trend: 0.5, src: "nso-lfs", tags: tg("การจ้างงาน", "employment")},
		indicator{th: "จำนวนบุคลากรด้านดิจิทัล", en: "Number of digital specialists", u: uPersons, base: 200000, trend: 0.05, src: "onde", tags: tg("กำลังคนดิจิทัล", "digital workforce"), refs: refs(planRef(5))},
		indicator{th: "สัดส่วนผู้สำเร็จการศึกษาใหม่ด้าน STEM", en: "STEM share of new tertiary graduates", u: uPct, base: 22, trend: 1.5, src: "mhesi", bds: bd("sex"), tags: tg("STEM", "ผู้สำเร็จการศึกษา", "graduates")},
		indicator{th: "ผู้ทำงานที่ได้รับการฝึกอบรมจากนายจ้าง", en: "Workers receiving employer-based training", u: uPctEmp, base: 15, trend: 0.6, src: "nso-lfs", tags: tg("การฝึกอบรม", "training")},
		indicator{th: "สัดส่วนแรงงานด้านดิจิทัลในภาคธุรกิจ", en: "Digital-sector share of the business workforce", u: uPct, base: 32, trend: 0.6, src: "onde", tags: tg("แรงงานดิจิทัล", "digital workforce")},
		indicator{th: "จำนวนผู้สำเร็จการศึกษาระดับอุดมศึกษาสาขา ICT", en: "New tertiary graduates in ICT", u: uPersons, base: 22000, trend: 0.03, src: "mhesi", tags: tg("ผู้สำเร็จการศึกษา", "graduates", "ICT")},
		indicator{th: "รายจ่ายภาครัฐด้านนโยบายตลาดแรงงานเชิงรุกต่อ GDP", en: "Public spending on active labour market policies as a share of GDP", u: uPctGDP, base: 0.08, trend: 0.003, src: "nesdc", tags: tg("ตลาดแรงงาน", "labour market")},
	))
	add(oecdSection("SOC",
		indicator{th: "ผู้ใช้อินเทอร์เน็ตในครัวเรือนกลุ่มรายได้ต่ำสุด (ควอไทล์ที่ 1)", en: "Internet users in the bottom income quartile", u: uPctInd, base: 45, trend: 5, src: "nso-ict-hh", tags: tg("ความเหลื่อมล้ำทางดิจิทัล", "digital divide")},
		indicator{th: "ผู้ใช้อินเทอร์เน็ตอายุ 55–74 ปี", en: "Internet users aged 55–74", u: uPctInd, base: 35, trend: 6, src: "nso-ict-hh", bds: bd("sex"), tags: tg("ผู้สูงอายุ", "older people")},
		indicator{th: "ช่องว่างระหว่างเพศในการใช้อินเทอร์เน็ต", en: "Gender gap in Internet use", u: uPP, base: 2.5, trend: -0.3, src: "nso-ict-hh", tags: tg("ความเท่าเทียมทางเพศ", "gender gap")},
		indicator{th: "เยาวชนอายุ 16–24 ปีที่เคยเขียนโปรแกรม", en: "Young people aged 16–24 who have programmed", u: uPctInd, base: 8, trend: 1.2, src: "nso-ict-hh", fwCode: "54", bds: bd("sex"), tags: tg("การเขียนโปรแกรม", "programming", "เยาวชน", "youth")},
		indicator{th: "ปริมาณขยะอิเล็กทรอนิกส์ต่อประชากร", en: "E-waste generated per capita", u: uKg, base: 6, trend: 0.03, src: "pcd", tags: tg("ขยะอิเล็กทรอนิกส์", "e-waste")},
		indicator{th: "บุคคลที่ใช้บริการสุขภาพออนไลน์", en: "Individuals using online health services", u: uPctInd, base: 10, trend: 3.5, src: "nso-ict-hh", bds: bd("age"), tags: tg("สุขภาพดิจิทัล", "digital health")},
		indicator{th: "คนพิการที่ใช้อินเทอร์เน็ต", en: "Persons with disabilities using the Internet", u: uPctInd, base: 30, trend: 4.5, src: "nso-ict-hh", tags: tg("คนพิการ", "disability")},
		indicator{th: "ผู้มีงานทำที่ทำงานจากที่บ้านหรือทางไกล", en: "Employed persons who teleworked", u: uPctEmp, base: 3, trend: 1, src: "nso-lfs", tags: tg("การทำงานทางไกล", "telework")},
	))
	add(oecdSection("TRU",
		indicator{th: "ผู้ใช้อินเทอร์เน็ตที่ประสบปัญหาการละเมิดข้อมูลส่วนบุคคลหรือความเป็นส่วนตัว", en: "Internet users experiencing abuse of personal information or privacy violations", u: uPctInd, base: 9, trend: 1, src: "onde", tags: tg("ข้อมูลส่วนบุคคล", "privacy"), refs: refs(planRef(6))},
		indicator{th: "บุคคลที่ไม่ซื้อสินค้าออนไลน์เพราะกังวลความปลอดภัยในการชำระเงิน", en: "Individuals not buying online because of payment security concerns", u: uPctInd, base: 20, trend: -0.8, src: "nso-ict-hh", tags: tg("ความปลอดภัยในการชำระเงิน", "payment security")},
		indicator{th: "สถานประกอบการที่มีนโยบายความมั่นคงปลอดภัยด้าน ICT", en: "Businesses with an ICT security policy", u: uPctEnt, base: 20, trend: 2.5, src: "nso-ict-ent", bds: bd("size"), tags: tg("ความมั่นคงปลอดภัยไซเบอร์", "cybersecurity")},
		indicator{th: "บุคคลที่จัดการการเข้าถึงข้อมูลส่วนบุคคลของตนทางออนไลน์", en: "Individuals who managed access to their personal data online", u: uPctInd, base: 25, trend: 3, src: "nso-ict-hh", tags: tg("ข้อมูลส่วนบุคคล", "personal data")},
		indicator{th: "ผู้ใช้อินเทอร์เน็ตที่ถูกหลอกลวงทางออนไลน์", en: "Internet users who experienced online fraud", u: uPctInd, base: 6, trend: 1.2, src: "nso-ict-hh", bds: bd("age"), tags: tg("ภัยออนไลน์", "online fraud")},
		indicator{th: "จำนวนเหตุการณ์ภัยคุกคามทางไซเบอร์ที่ได้รับแจ้ง", en: "Reported cyber threat incidents", u: uNum, base: 2500, trend: 0.12, src: "ncsa", tags: tg("ภัยคุกคามไซเบอร์", "cyber threats")},
	))
	add(oecdSection("MKT",
		indicator{th: "ดัชนีข้อจำกัดทางการค้าบริการดิจิทัล (DSTRI)", en: "Digital Services Trade Restrictiveness Index (DSTRI)", u: uIndex1, base: 0.35, trend: 0, src: "oecd", inv: true, tags: tg("การค้าบริการดิจิทัล", "digital trade")},
		indicator{th: "การส่งออกบริการที่ส่งมอบทางดิจิทัลได้ต่อการส่งออกบริการเชิงพาณิชย์", en: "Digitally deliverable services exports as a share of commercial services exports", u: uPct, base: 25, trend: 1.2, src: "oecd", tags: tg("การส่งออก", "exports")},
		indicator{th: "การส่งออกสินค้า ICT ต่อการส่งออกสินค้าทั้งหมด", en: "ICT goods exports as a share of total goods exports", u: uPct, base: 28, trend: 0.3, src: "oecd", tags: tg("การส่งออก", "exports", "ICT")},
		indicator{th: "การส่งออกบริการ ICT ต่อการส่งออกบริการทั้งหมด", en: "ICT services exports as a share of total services exports", u: uPct, base: 4, trend: 0.4, src: "oecd", tags: tg("การส่งออก", "exports", "ICT")},
		indicator{th: "สถานประกอบการที่ขายสินค้าออนไลน์ข้ามพรมแดน", en: "Businesses selling online across borders", u: uPctEnt, base: 4, trend: 0.8, src: "nso-ict-ent", bds: bd("size"), tags: tg("อีคอมเมิร์ซข้ามพรมแดน", "cross-border e-commerce")},
		indicator{th: "ดัชนีข้อจำกัดการลงทุนโดยตรงจากต่างประเทศ (FDI Regulatory Restrictiveness Index)", en: "FDI Regulatory Restrictiveness Index", u: uIndex1, base: 0.27, trend: -0.002, src: "oecd", inv: true, tags: tg("การลงทุนจากต่างประเทศ", "FDI")},
		indicator{th: "การนำเข้าสินค้า ICT ต่อการนำเข้าสินค้าทั้งหมด", en: "ICT goods imports as a share of total goods imports", u: uPct, base: 22, trend: 0.3, src: "oecd", tags: tg("การนำเข้า", "imports", "ICT")},
	))
	add(oecdSection("GRW",
		indicator{th: "สัดส่วนมูลค่าเพิ่มเศรษฐกิจดิจิทัลต่อ GDP", en: "Digital economy value added as a share of GDP", u: uPctGDP, base: 11.5, trend: 0.25, src: "onde", tags: tg("เศรษฐกิจดิจิทัล", "digital economy"), refs: refs(planRef(2))},
		indicator{th: "มูลค่าเพิ่มของภาค ICT ต่อ GDP", en: "ICT sector value added as a share of GDP", u: uPctGDP, base: 5.8, trend: 0.1, src: "nesdc", tags: tg("มูลค่าเพิ่ม", "value added", "ICT")},
		indicator{th: "ผลิตภาพแรงงานในสาขาข้อมูลข่าวสารและการสื่อสาร", en: "Labour productivity in information and communication", u: uTHBPs, base: 1200000, trend: 0.03, src: "nesdc", tags: tg("ผลิตภาพแรงงาน", "labour productivity")},
		indicator{th: "ค่าใช้จ่ายเฉลี่ยต่อการซื้อสินค้าออนไลน์หนึ่งครั้ง", en: "Average spending per online purchase", u: uTHB, base: 330, trend: 0.04, src: "onde", tags: tg("ช้อปปิ้งออนไลน์", "online shopping")},
		indicator{th: "สัดส่วนค่าใช้จ่ายครัวเรือนด้านสินค้าและบริการ ICT", en: "Household spending on ICT goods and services as a share of consumption", u: uPct, base: 4.5, trend: 0.1, src: "nesdc", tags: tg("ค่าใช้จ่ายครัวเรือน", "household spending")},
	))

	// IMD World Digital Competitiveness Ranking: overall, factor and sub-factor ranks.
	wdcrAgg := []indicator{
		{code: "TDDC-WDCR-00-01", th: "อันดับขีดความสามารถในการแข่งขันด้านดิจิทัลโดยรวม", en: "Overall digital competitiveness rank", u: uRank, base: 41, trend: -0.5, refs: refs(FrameworkRef{Framework: FrameworkWDCR})},
		{code: "TDDC-WDCR-00-02", th: "คะแนนขีดความสามารถในการแข่งขันด้านดิจิทัลโดยรวม", en: "Overall digital competitiveness score", u: uScore, base: 60, trend: 0.8, refs: refs(FrameworkRef{Framework: FrameworkWDCR})},
	}
	for i, f := range []string{"K", "T", "F"} {
		base := []float64{42, 22, 45}[i]
		wdcrAgg = append(wdcrAgg, indicator{code: "TDDC-WDCR-" + f + "0-01", th: "อันดับปัจจัย" + wdcrFactors[f].TH, en: wdcrFactors[f].EN + " factor rank", u: uRank, base: base, trend: -0.3,
			refs: refs(FrameworkRef{Framework: FrameworkWDCR, Factor: wdcrFactors[f].Code})})
	}
	for i, sf := range []string{"K1", "K2", "K3", "T1", "T2", "T3", "F1", "F2", "F3"} {
		base := []float64{40, 50, 40, 35, 20, 20, 50, 30, 45}[i]
		wdcrAgg = append(wdcrAgg, indicator{code: "TDDC-WDCR-" + sf + "-00", th: "อันดับปัจจัยย่อย" + wdcrSubFactors[sf].TH, en: wdcrSubFactors[sf].EN + " sub-factor rank", u: uRank, base: base, trend: -0.3,
			refs: refs(wdcrRef(sf, ""))})
	}
	for i := range wdcrAgg {
		wdcrAgg[i].src = "imd"
		wdcrAgg[i].tags = tg("อันดับ", "ranking")
	}
	add(wdcrAgg)
	add(wdcrSection("K1",
		indicator{th: "ผลการประเมิน PISA วิชาคณิตศาสตร์", en: "Educational assessment PISA – mathematics", u: uPISA, base: 415, trend: -1, tags: tg("PISA", "การศึกษา", "education")},
		indicator{th: "ประสบการณ์ระหว่างประเทศของผู้บริหาร", en: "International experience", u: uSurvey, base: 4.5, trend: 0.05},
		indicator{th: "บุคลากรทักษะสูงจากต่างประเทศ", en: "Foreign highly-skilled personnel", u: uSurvey, base: 5.5, trend: 0.05},
		indicator{th: "การบริหารจัดการเมือง", en: "Management of cities", u: uSurvey, base: 4.8, trend: 0.05, tags: tg("เมืองอัจฉริยะ", "smart city")},
		indicator{th: "ทักษะดิจิทัลและเทคโนโลยี", en: "Digital/technological skills", u: uSurvey, base: 5, trend: 0.08, tags: tg("ทักษะดิจิทัล", "digital skills")},
		indicator{th: "การไหลเข้าสุทธิของนักศึกษาต่างชาติ", en: "Net flow of international students", u: uNetPerK, base: 0.2, trend: 0.01, tags: tg("นักศึกษาต่างชาติ", "international students")},
	))
	add(wdcrSection("K2",
		indicator{th: "การฝึกอบรมพนักงาน", en: "Employee training", u: uSurvey, base: 5.2, trend: 0.03, tags: tg("การฝึกอบรม", "training")},
		indicator{th: "รายจ่ายภาครัฐด้านการศึกษาต่อ GDP", en: "Total public expenditure on education", u: uPctGDP, base: 4, trend: -0.03, tags: tg("การศึกษา", "education")},
		indicator{th: "ประชากรอายุ 25–34 ปีที่สำเร็จการศึกษาระดับอุดมศึกษา", en: "Higher education achievement", u: uPct, base: 37, trend: 0.6, tags: tg("อุดมศึกษา", "higher education")},
		indicator{th: "อัตราส่วนนักศึกษาต่ออาจารย์ระดับอุดมศึกษา", en: "Pupil-teacher ratio (tertiary education)", u: uRatio, base: 18, trend: 0.1, inv: true, tags: tg("อุดมศึกษา", "higher education")},
		indicator{th: "ผู้สำเร็จการศึกษาสาขาวิทยาศาสตร์", en: "Graduates in sciences", u: uPct, base: 20, trend: 0.5, tags: tg("ผู้สำเร็จการศึกษา", "graduates")},
		indicator{th: "สตรีที่สำเร็จการศึกษาระดับปริญญา", en: "Women with degrees", u: uPct, base: 18, trend: 0.5, tags: tg("สตรี", "women")},
	))
	add(wdcrSection("K3",
		indicator{th: "ค่าใช้จ่ายด้านการวิจัยและพัฒนาทั้งหมดต่อ GDP", en: "Total expenditure on R-D", u: uPctGDP, base: 0.78, trend: 0.06, tags: tg("วิจัยและพัฒนา", "research and development")},
		indicator{th: "บุคลากรด้านการวิจัยและพัฒนาต่อประชากร", en: "Total R-D personnel per capita", u: uPerK, base: 2, trend: 0.12, tags: tg("นักวิจัย", "researchers")},
		indicator{th: "นักวิจัยหญิง", en: "Female researchers", u: uPct, base: 52, trend: 0.2, tags: tg("นักวิจัย", "researchers", "สตรี", "women")},
		indicator{th: "ผลิตภาพการวิจัยและพัฒนาจากผลงานตีพิมพ์", en: "R-D productivity by publication", u: uRatio, base: 0.5, trend: 0.01, tags: tg("ผลงานตีพิมพ์", "publications")},
		indicator{th: "การจ้างงานด้านวิทยาศาสตร์และเทคนิค", en: "Scientific and technical employment", u: uPctEmp, base: 12, trend: 0.2},
		indicator{th: "สิทธิบัตรเทคโนโลยีขั้นสูงที่ได้รับ", en: "High-tech patent grants", u: uPct, base: 12, trend: 0.3, tags: tg("สิทธิบัตร", "patents")},
		indicator{th: "หุ่นยนต์ในการศึกษาและการวิจัยและพัฒนา", en: "Robots in education and R-D", u: uNum, base: 120, trend: 0.08, tags: tg("หุ่นยนต์", "robots")},
	))
	add(wdcrSection("T1",
		indicator{th: "ระยะเวลาการเริ่มต้นธุรกิจ", en: "Starting a business", u: uDays, base: 25, trend: -1.5, inv: true, tags: tg("การเริ่มต้นธุรกิจ", "starting a business")},
		indicator{th: "ระยะเวลาการบังคับคดีตามสัญญา", en: "Enforcing contracts", u: uDays, base: 420, trend: -3, inv: true},
		indicator{th: "กฎหมายคนเข้าเมือง", en: "Immigration laws", u: uSurvey, base: 5.5, trend: 0.03},
		indicator{th: "การพัฒนาและประยุกต์ใช้เทคโนโลยี", en: "Development and application of technology", u: uSurvey, base: 5.8, trend: 0.03},
		indicator{th: "กฎหมายด้านการวิจัยทางวิทยาศาสตร์", en: "Scientific research legislation", u: uSurvey, base: 5.3, trend: 0.03},
		indicator{th: "สิทธิในทรัพย์สินทางปัญญา", en: "Intellectual property rights", u: uSurvey, base: 5, trend: 0.05, tags: tg("ทรัพย์สินทางปัญญา", "intellectual property")},
	))
	add(wdcrSection("T2",
		indicator{th: "มูลค่าตลาดหลักทรัพย์ของธุรกิจไอทีและสื่อต่อ GDP", en: "IT and media stock market capitalization", u: uPctGDP, base: 8, trend: 0.4},
		indicator{th: "เงินทุนเพื่อการพัฒนาเทคโนโลยี", en: "Funding for technological development", u: uSurvey, base: 5.3, trend: 0.05},
		indicator{th: "บริการธนาคารและการเงิน", en: "Banking and financial services", u: uSurvey, base: 6.5, trend: 0.03},
		indicator{th: "อันดับความน่าเชื่อถือของประเทศ", en: "Country credit rating", u: uScore, base: 66, trend: 0.1},
		indicator{th: "เงินร่วมลงทุน", en: "Venture capital", u: uSurvey, base: 4.4, trend: 0.06, tags: tg("เงินร่วมลงทุน", "venture capital")},
		indicator{th: "การลงทุนด้านโทรคมนาคมต่อ GDP", en: "Investment in telecommunications", u: uPctGDP, base: 0.9, trend: 0.01, tags: tg("โทรคมนาคม", "telecommunications")},
	))
	add(wdcrSection("T3",
		indicator{th: "เทคโนโลยีการสื่อสาร", en: "Communications technology", u: uSurvey, base: 7, trend: 0.05},
		indicator{th: "ผู้ใช้บรอดแบนด์เคลื่อนที่ต่อตลาดโทรศัพท์มือถือ", en: "Mobile broadband subscribers", u: uPct, base: 78, trend: 2, tags: tg("บรอดแบนด์เคลื่อนที่", "mobile broadband")},
		indicator{th: "บรอดแบนด์ไร้สายต่อประชากร 100 คน", en: "Wireless broadband", u: uPer100, base: 95, trend: 4, fwCode: "2.3.3", tags: tg("บรอดแบนด์", "broadband")},
		indicator{th: "ผู้ใช้อินเทอร์เน็ตต่อประชากร 1,000 คน", en: "Internet users", u: uPerK, base: 560, trend: 40, fwCode: "2.3.4", tags: tg("ผู้ใช้อินเทอร์เน็ต", "internet users")},
		indicator{th: "ความเร็วอินเทอร์เน็ต", en: "Internet bandwidth speed", u: uMbps, base: 25, trend: 0.25, fwCode: "2.3.5", tags: tg("ความเร็วอินเทอร์เน็ต", "internet speed")},
		indicator{th: "การส่งออกสินค้าเทคโนโลยีขั้นสูงต่อการส่งออกสินค้าอุตสาหกรรม", en: "High-tech exports", u: uPct, base: 23, trend: 0.3, fwCode: "2.3.6", tags: tg("การส่งออก", "exports")},
	))
	add(wdcrSection("F1",
		indicator{th: "การมีส่วนร่วมทางอิเล็กทรอนิกส์ (E-Participation Index)", en: "E-participation", u: uIndex1, base: 0.6, trend: 0.02, tags: tg("การมีส่วนร่วม", "e-participation")},
		indicator{th: "การค้าปลีกทางอินเทอร์เน็ต", en: "Internet retailing", u: uPct, base: 2.5, trend: 0.6, tags: tg("พาณิชย์อิเล็กทรอนิกส์", "e-commerce")},
		indicator{th: "การครอบครองแท็บเล็ต", en: "Tablet possession", u: uPctHH, base: 20, trend: 0.8},
		indicator{th: "การครอบครองสมาร์ตโฟน", en: "Smartphone possession", u: uPctInd, base: 70, trend: 3, tags: tg("สมาร์ตโฟน", "smartphone")},
		indicator{th: "ทัศนคติต่อโลกาภิวัตน์", en: "Attitudes toward globalization", u: uSurvey, base: 6.5, trend: 0.02},
	))
	add(wdcrSection("F2",
		indicator{th: "การรับมือโอกาสและภัยคุกคาม", en: "Opportunities and threats", u: uSurvey, base: 5.5, trend: 0.04},
		indicator{th: "สัดส่วนหุ่นยนต์อุตสาหกรรมของโลก", en: "World robots distribution", u: uPct, base: 1.3, trend: 0.02, fwCode: "3.2.2", tags: tg("หุ่นยนต์", "robots")},
		indicator{th: "ความคล่องตัวของบริษัท", en: "Agility of companies", u: uSurvey, base: 6, trend: 0.03},
		indicator{th: "การใช้ข้อมูลขนาดใหญ่และการวิเคราะห์", en: "Use of big data and analytics", u: uSurvey, base: 5.5, trend: 0.06, tags: tg("ข้อมูลขนาดใหญ่", "big data")},
		indicator{th: "การถ่ายทอดความรู้", en: "Knowledge transfer", u: uSurvey, base: 5.1, trend: 0.03},
		indicator{th: "ความกลัวความล้มเหลวในการเป็นผู้ประกอบการ", en: "Entrepreneurial fear of failure", u: uPct, base: 45, trend: -0.3, fwCode: "3.2.6", inv: true, tags: tg("ผู้ประกอบการ", "entrepreneurship")},
	))
	add(wdcrSection("F3",
		indicator{th: "รัฐบาลอิเล็กทรอนิกส์ (E-Government Development Index)", en: "E-Government", u: uIndex1, base: 0.65, trend: 0.02, fwCode: "3.3.1", tags: tg("รัฐบาลดิจิทัล", "e-government")},
		indicator{th: "ความร่วมมือระหว่างภาครัฐและเอกชน", en: "Public-private partnerships", u: uSurvey, base: 5.6, trend: 0.03},
		indicator{th: "ความมั่นคงปลอดภัยไซเบอร์", en: "Cyber security", u: uSurvey, base: 5.5, trend: 0.05, tags: tg("ความมั่นคงปลอดภัยไซเบอร์", "cybersecurity")},
		indicator{th: "การละเมิดลิขสิทธิ์ซอฟต์แวร์", en: "Software piracy", u: uPct, base: 66, trend: -1, fwCode: "3.3.4", inv: true, tags: tg("ลิขสิทธิ์", "copyright")},
		indicator{th: "ขีดความสามารถด้านความมั่นคงปลอดภัยไซเบอร์ของภาครัฐ", en: "Government cybersecurity capacity", u: uScore, base: 75, trend: 1.5, from: 2022, tags: tg("ความมั่นคงปลอดภัยไซเบอร์", "cybersecurity")},
		indicator{th: "การคุ้มครองความเป็นส่วนตัวตามกฎหมาย", en: "Privacy protection by law exists", u: uBinary, base: 1, trend: 0, from: 2022, tags: tg("ข้อมูลส่วนบุคคล", "privacy")},
	))

	// ASEAN Digital Integration Index: overall, six pillar scores, indicators.
	adixAgg := []indicator{{code: "TDDC-ADIX-00-01", th: "คะแนนดัชนีการบูรณาการดิจิทัลอาเซียนโดยรวม", en: "ASEAN Digital Integration Index overall score", u: uScore, base: 58, trend: 1.2, src: "asean", refs: refs(FrameworkRef{Framework: FrameworkADIX})}}
	for i, p := range []string{"P1", "P2", "P3", "P4", "P5", "P6"} {
		// ASEAN-wide ADII 2021 pillar scores set the level.
		base := []float64{55.27, 62.81, 58.84, 48.21, 49.32, 62.85}[i]
		adixAgg = append(adixAgg, indicator{code: "TDDC-ADIX-" + p + "-00", th: "คะแนนเสาหลัก" + adixPillars[p].TH, en: adixPillars[p].EN + " pillar score", u: uScore, base: base * 1.06, trend: 1, src: "asean", refs: refs(adixRef(p))})
	}
	add(adixAgg)
	add(adixSection("P1",
		indicator{th: "ดัชนีพาณิชย์อิเล็กทรอนิกส์ B2C (UNCTAD)", en: "UNCTAD B2C E-commerce Index", u: uScore, base: 70, trend: 0.5, tags: tg("พาณิชย์อิเล็กทรอนิกส์", "e-commerce")},
		indicator{th: "ดัชนีประสิทธิภาพด้านโลจิสติกส์ (LPI)", en: "Logistics Performance Index", u: uScale5, base: 3.3, trend: 0.02, tags: tg("โลจิสติกส์", "logistics")},
		indicator{th: "การดำเนินการค้าไร้กระดาษ", en: "Paperless trade implementation", u: uPct, base: 70, trend: 2, tags: tg("การค้าไร้กระดาษ", "paperless trade")},
		indicator{th: "ดัชนีความน่าเชื่อถือของบริการไปรษณีย์", en: "Postal reliability index", u: uScore, base: 75, trend: 0.5, tags: tg("ไปรษณีย์", "postal")},
	))
	add(adixSection("P2",
		indicator{th: "คะแนนดัชนีความมั่นคงปลอดภัยไซเบอร์โลก (GCI)", en: "Global Cybersecurity Index score", u: uScore, base: 86, trend: 1, tags: tg("ความมั่นคงปลอดภัยไซเบอร์", "cybersecurity")},
		indicator{th: "เซิร์ฟเวอร์อินเทอร์เน็ตที่ปลอดภัยต่อประชากร 1 ล้านคน", en: "Secure Internet servers per million people", u: uPerMn, base: 1500, trend: 0.3, tags: tg("เซิร์ฟเวอร์", "servers")},
		indicator{th: "คะแนนกฎหมายคุ้มครองข้อมูลและความเป็นส่วนตัว", en: "Data protection and privacy legislation score", u: uScore, base: 70, trend: 2, tags: tg("ข้อมูลส่วนบุคคล", "data protection")},
	))
	add(adixSection("P3",
		indicator{th: "ผู้มีบัญชีสถาบันการเงินหรือบัญชีเงินอิเล็กทรอนิกส์ (อายุ 15 ปีขึ้นไป)", en: "Account ownership at a financial institution or mobile-money provider (age 15+)", u: uPctInd, base: 82, trend: 1, tags: tg("บัญชีเงินฝาก", "account ownership")},
		indicator{th: "ผู้ที่ชำระหรือรับเงินทางดิจิทัล (อายุ 15 ปีขึ้นไป)", en: "Made or received a digital payment (age 15+)", u: uPctInd, base: 65, trend: 3, tags: tg("การชำระเงินดิจิทัล", "digital payments")},
		indicator{th: "ธุรกรรมการชำระเงินแบบเรียลไทม์ต่อประชากร", en: "Real-time payment transactions per capita", u: uPerCap, base: 40, trend: 0.3, tags: tg("พร้อมเพย์", "real-time payments")},
		indicator{th: "ผู้ใหญ่ที่มีตัวตนดิจิทัล", en: "Adults with a digital identity", u: uPctInd, base: 30, trend: 8, tags: tg("ตัวตนดิจิทัล", "digital ID")},
	))
	add(adixSection("P4",
		indicator{th: "อัตราการเข้าเรียนระดับอุดมศึกษา", en: "Tertiary gross enrolment ratio", u: uPct, base: 49, trend: 0.3, tags: tg("อุดมศึกษา", "higher education")},
		indicator{th: "ผู้สำเร็จการศึกษาสาขา ICT ต่อผู้สำเร็จการศึกษาระดับอุดมศึกษา", en: "ICT graduates as a share of tertiary graduates", u: uPct, base: 5, trend: 0.2, tags: tg("ผู้สำเร็จการศึกษา", "graduates")},
		indicator{th: "ทักษะดิจิทัลของประชากรวัยแรงงาน", en: "Digital skills among the active population", u: uScale7, base: 4.1, trend: 0.03, tags: tg("ทักษะดิจิทัล", "digital skills")},
		indicator{th: "จำนวนปีการศึกษาเฉลี่ย", en: "Mean years of schooling", u: uYears, base: 8, trend: 0.1, tags: tg("การศึกษา", "education")},
	))
	add(adixSection("P5",
		indicator{th: "ค่าใช้จ่ายด้านการวิจัยและพัฒนาต่อ GDP", en: "Gross expenditure on R-D", u: uPctGDP, base: 1, trend: 0.03, tags: tg("วิจัยและพัฒนา", "research and development")},
		indicator{th: "อัตราการจดทะเบียนธุรกิจใหม่ต่อประชากรวัยแรงงาน 1,000 คน", en: "New business density", u: uPerK, base: 1, trend: 0.03, tags: tg("ธุรกิจใหม่", "new businesses")},
		indicator{th: "มูลค่าเพิ่มอุตสาหกรรมเทคโนโลยีระดับกลางและสูงต่อมูลค่าเพิ่มภาคการผลิต", en: "Medium and high-tech manufacturing value added", u: uPct, base: 42, trend: 0.3, tags: tg("อุตสาหกรรมการผลิต", "manufacturing")},
		indicator{th: "จำนวนดีลเงินร่วมลงทุนต่อ GDP พันล้านดอลลาร์สหรัฐ", en: "Venture capital deals per billion USD of GDP", u: uRatio, base: 0.05, trend: 0.005, tags: tg("เงินร่วมลงทุน", "venture capital")},
	))
	add(adixSection("P6",
		indicator{th: "ราคาบรอดแบนด์เคลื่อนที่ต่อรายได้ประชาชาติต่อหัว", en: "Mobile broadband price as a share of GNI per capita", u: uPct, base: 1.2, trend: -0.1, inv: true, tags: tg("ค่าบริการ", "affordability")},
		indicator{th: "ความเร็วดาวน์โหลดบรอดแบนด์ประจำที่", en: "Fixed broadband download speed", u: uMbps, base: 150, trend: 0.12, tags: tg("ความเร็วอินเทอร์เน็ต", "internet speed")},
		indicator{th: "ประชากรที่อยู่ในพื้นที่ให้บริการ 4G", en: "Population covered by 4G", u: uPctPop, base: 95, trend: 0.8, tags: tg("4G")},
		indicator{th: "ประสิทธิผลของภาครัฐ (เปอร์เซ็นไทล์)", en: "Government effectiveness (percentile rank)", u: uPct, base: 65, trend: 0.3},
		indicator{th: "ดัชนีการพัฒนารัฐบาลอิเล็กทรอนิกส์ (EGDI)", en: "E-Government Development Index", u: uIndex1, base: 0.76, trend: 0.01, tags: tg("รัฐบาลดิจิทัล", "e-government")},
	))

	add(planIndicators())
	return all
}

// planIndicators are the indicators of the national digital plans.
func planIndicators() []indicator {
	p := func(s int) []FrameworkRef { return refs(planRef(s)) }
	pg := func() []FrameworkRef { return refs(planRef(4), dgPlanRef()) }
	items := []indicator{
		{th: "มูลค่าอุตสาหกรรมดิจิทัล", en: "Digital industry value", u: uTHBMn, base: 600000, trend: 0.07, src: "depa", bds: bd("dind"), tags: tg("อุตสาหกรรมดิจิทัล", "digital industry"), refs: p(2)},
		{th: "จำนวนวิสาหกิจดิจิทัลเริ่มต้น (Digital Startup) ที่ได้รับการรับรอง", en: "Certified digital startups", u: uNum, base: 800, trend: 0.15, src: "depa", tags: tg("สตาร์ทอัพ", "startups"), refs: p(2)},
		{th: "หมู่บ้านที่เข้าถึงอินเทอร์เน็ตความเร็วสูง (เน็ตประชารัฐ)", en: "Villages with high-speed Internet (Net Pracharat)", u: uPct, base: 60, trend: 5, src: "mdes", bds: bd("region"), tags: tg("เน็ตประชารัฐ", "Net Pracharat", "หมู่บ้าน", "villages"), refs: p(1)},
		{th: "จำนวนศูนย์ดิจิทัลชุมชน", en: "Community digital centres", u: uNum, base: 2500, trend: 0.05, src: "onde", bds: bd("region"), tags: tg("ศูนย์ดิจิทัลชุมชน", "community digital centres"), refs: p(3)},
		{th: "ศูนย์ดิจิทัลชุมชนเพื่อการพาณิชย์อิเล็กทรอนิกส์ในที่ทำการไปรษณีย์", en: "Community digital centres for e-commerce in post offices", u: uNum, base: 80, trend: 0.3, src: "post", from: 2021, tags: tg("ศูนย์ดิจิทัลชุมชน", "community digital centres", "ไปรษณีย์", "post office"), refs: p(2)},
		{th: "หน่วยงานภาครัฐที่ให้บริการประชาชนทางออนไลน์", en: "Government agencies offering online services", u: uPct, base: 55, trend: 4, src: "dga", tags: tg("บริการภาครัฐออนไลน์", "online public services"), refs: pg()},
		{th: "ประชาชนที่รับบริการภาครัฐทางออนไลน์", en: "People who received public services online", u: uPctInd, base: 40, trend: 4.5, src: "dga", tags: tg("บริการภาครัฐออนไลน์", "online public services"), refs: pg()},
		{th: "หน่วยงานภาครัฐที่ใช้ระบบ e-Office และสารบรรณอิเล็กทรอนิกส์", en: "Government agencies using e-Office and electronic correspondence", u: uPct, base: 40, trend: 7, src: "mdes", tags: tg("e-Office", "ไร้กระดาษ", "paperless"), refs: pg()},
		{th: "จำนวนบริการบนแอปพลิเคชันทางรัฐ", en: "Services on the Tang Rat app", u: uNum, base: 60, trend: 0.35, src: "dga", from: 2022, tags: tg("ทางรัฐ", "Tang Rat"), refs: pg()},
		{th: "จำนวนผู้ใช้แอปพลิเคชันทางรัฐ", en: "Users of the Tang Rat app", u: uPersMn, base: 5, trend: 0.4, src: "dga", from: 2022, tags: tg("ทางรัฐ", "Tang Rat"), refs: pg()},
		{th: "จำนวนผู้ใช้ระบบพิสูจน์และยืนยันตัวตนทางดิจิทัล ThaID", en: "ThaID digital identity users", u: uPersMn, base: 4, trend: 0.6, src: "dopa", from: 2022, tags: tg("ThaID", "ตัวตนดิจิทัล", "digital ID"), refs: refs(planRef(6), dgPlanRef())},
		{th: "จำนวนการลงทะเบียนพร้อมเพย์", en: "PromptPay registrations", u: uIDMn, base: 45, trend: 0.06, src: "bot", tags: tg("พร้อมเพย์", "PromptPay"), refs: p(2)},
		{th: "ธุรกรรมการชำระเงินอิเล็กทรอนิกส์ต่อประชากร", en: "E-payment transactions per capita", u: uPerCap, base: 90, trend: 0.3, src: "bot", tags: tg("การชำระเงินอิเล็กทรอนิกส์", "e-payment"), refs: p(2)},
		{th: "มูลค่าพาณิชย์อิเล็กทรอนิกส์", en: "E-commerce value", u: uTHBMn, base: 3150000, trend: 0.06, src: "etda", bds: bd("ecom"), tags: tg("พาณิชย์อิเล็กทรอนิกส์", "e-commerce"), refs: p(2)},
		{th: "กำลังคนดิจิทัลที่ได้รับการพัฒนาทักษะตามแผน", en: "Digital workforce upskilled under the plan", u: uPersons, base: 30000, trend: 0.1, src: "onde", tags: tg("กำลังคนดิจิทัล", "digital workforce"), refs: p(5)},
		{th: "ประชาชนที่ได้รับการอบรมความรู้ดิจิทัล", en: "Citizens trained in digital literacy", u: uPersons, base: 300000, trend: 0.08, src: "onde", bds: bd("region"), tags: tg("การรู้ดิจิทัล", "digital literacy"), refs: p(5)},
		{th: "จำนวนชุดข้อมูลเปิดภาครัฐบน data.go.th", en: "Open government datasets on data.go.th", u: uNum, base: 2000, trend: 0.25, src: "dga", tags: tg("ข้อมูลเปิด", "open data"), refs: pg()},
		{th: "หน่วยงานที่มีกรอบธรรมาภิบาลข้อมูลภาครัฐ", en: "Agencies with a government data governance framework", u: uPct, base: 30, trend: 8, src: "dga", tags: tg("ธรรมาภิบาลข้อมูล", "data governance"), refs: pg()},
		{th: "คะแนนระดับความพร้อมรัฐบาลดิจิทัล", en: "Digital government maturity score", u: uScore, base: 55, trend: 2.5, src: "dga", tags: tg("รัฐบาลดิจิทัล", "digital government"), refs: pg()},
		{th: "เหตุการณ์ภัยคุกคามไซเบอร์ต่อโครงสร้างพื้นฐานสำคัญทางสารสนเทศ", en: "Cyber incidents on critical information infrastructure", u: uNum, base: 150, trend: 0.1, src: "ncsa", tags: tg("โครงสร้างพื้นฐานสำคัญทางสารสนเทศ", "critical information infrastructure"), refs: p(6)},
		{th: "องค์กรที่แต่งตั้งเจ้าหน้าที่คุ้มครองข้อมูลส่วนบุคคล (DPO)", en: "Organisations with a data protection officer", u: uPct, base: 30, trend: 8, src: "pdpc", from: 2022, tags: tg("PDPA", "ข้อมูลส่วนบุคคล", "data protection"), refs: p(6)},
		{th: "จำนวนเมืองที่ได้รับตราสัญลักษณ์เมืองอัจฉริยะ", en: "Cities certified as smart cities", u: uNum, base: 5, trend: 0.35, src: "depa", from: 2019, tags: tg("เมืองอัจฉริยะ", "smart city"), refs: p(3)},
		{th: "ครัวเรือนที่มีอุปกรณ์บ้านอัจฉริยะ", en: "Households with smart home devices", u: uPctHH, base: 8, trend: 1.5, src: "nso-ict-hh", tags: tg("อุปกรณ์อัจฉริยะ", "smart devices"), refs: p(3)},
		{th: "วิสาหกิจขนาดกลางและขนาดย่อมที่ใช้เครื่องมือดิจิทัลในธุรกิจ", en: "SMEs using digital tools in business", u: uPctEnt, base: 35, trend: 3, src: "nso-ict-ent", bds: bd("size"), tags: tg("SME", "เครื่องมือดิจิทัล", "digital tools"), refs: p(2)},
		{th: "ครัวเรือนเกษตรที่ใช้เทคโนโลยีดิจิทัล", en: "Farm households using digital technology", u: uPctHH, base: 20, trend: 3, src: "nso-ict-hh", tags: tg("เกษตรดิจิทัล", "digital agriculture"), refs: p(3)},
		{th: "มูลค่าการลงทุนอุตสาหกรรมดิจิทัลที่ได้รับการส่งเสริมการลงทุน", en: "BOI-promoted investment in the digital industry", u: uTHBMn, base: 40000, trend: 0.15, src: "boi", tags: tg("การลงทุน", "investment"), refs: p(2)},
		{th: "ขีดความสามารถของศูนย์ข้อมูล (Data Center)", en: "Data centre capacity", u: uMW, base: 100, trend: 0.15, src: "depa", tags: tg("ศูนย์ข้อมูล", "data centre"), refs: p(1)},
		{th: "แบนด์วิดท์อินเทอร์เน็ตระหว่างประเทศ", en: "International Internet bandwidth", u: uGbps, base: 5000, trend: 0.2, src: "nbtc", tags: tg("แบนด์วิดท์", "bandwidth"), refs: p(1)},
		{th: "จำนวนเลขหมายโทรศัพท์เคลื่อนที่", en: "Mobile subscriptions", u: uSubMn, base: 120, trend: 0.01, src: "nbtc", tags: tg("โทรศัพท์มือถือ", "mobile phone"), refs: p(1)},
		{th: "นักเรียนนักศึกษาที่ใช้อินเทอร์เน็ตเพื่อการเรียนรู้", en: "Students using the Internet for learning", u: uPctInd, base: 75, trend: 2.5, src: "nso-ict-hh", tags: tg("การเรียนรู้ออนไลน์", "online learning"), refs: p(5)},
		{th: "โรงเรียนที่เชื่อมต่ออินเทอร์เน็ต", en: "Schools connected to the Internet", u: uPct, base: 80, trend: 2.5, src: "moe", bds: bd("region"), tags: tg("โรงเรียน", "schools"), refs: p(3)},
		{th: "จำนวนการให้บริการการแพทย์ทางไกล", en: "Telemedicine consultations", u: uNum, base: 200000, trend: 0.35, src: "moph", tags: tg("การแพทย์ทางไกล", "telemedicine"), refs: p(3)},
		{th: "จำนวนผู้ประกอบการที่ใช้ระบบ e-Tax Invoice", en: "Businesses issuing e-Tax invoices", u: uNum, base: 5000, trend: 0.35, src: "rd", from: 2019, tags: tg("ภาษีอิเล็กทรอนิกส์", "e-tax"), refs: p(4)},
		{th: "จำนวนจุดให้บริการ Wi-Fi สาธารณะ", en: "Public Wi-Fi hotspots", u: uNum, base: 100000, trend: 0.05, src: "mdes", tags: tg("Wi-Fi"), refs: p(1)},
		{th: "หน่วยงานที่ใช้บริการคลาวด์กลางภาครัฐ (GDCC)", en: "Agencies served by the Government Data Center and Cloud (GDCC)", u: uNum, base: 150, trend: 0.25, src: "mdes", from: 2020, tags: tg("คลาวด์ภาครัฐ", "government cloud"), refs: pg()},
	}
	for i := range items {
		items[i].code = fmt.Sprintf("TDDC-PLAN-%03d", i+1)
	}
	return items
}
