package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")

var nameRE = regexp.MustCompile(`^[a-z0-9_-]{2,100}$`)

// validTag applies CKAN's tag rule (2–100 characters of letters, digits,
// space, '-', '_' and '.'), counting Thai vowel and tone marks as part of
// the letters they sit on.
func validTag(t string) bool {
	n := utf8.RuneCountInString(t)
	if n < 2 || n > 100 {
		return false
	}
	for _, r := range t {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || strings.ContainsRune(" -_.", r)) {
			return false
		}
	}
	return true
}

// readCSV writes a resource and parses it back.
func readCSV(t *testing.T, r Resource) (header []string, rows [][]string) {
	t.Helper()
	var buf bytes.Buffer
	if err := r.Write(&buf); err != nil {
		t.Fatalf("%s: write: %v", r.FileName, err)
	}
	if bytes.HasPrefix(buf.Bytes(), []byte("\xef\xbb\xbf")) {
		t.Fatalf("%s: starts with a BOM", r.FileName)
	}
	if !utf8.Valid(buf.Bytes()) {
		t.Fatalf("%s: not UTF-8", r.FileName)
	}
	all, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("%s: parse: %v", r.FileName, err)
	}
	if len(all) == 0 {
		t.Fatalf("%s: empty", r.FileName)
	}
	return all[0], all[1:]
}

func datasetByName(t *testing.T, name string) Dataset {
	t.Helper()
	for _, d := range Datasets() {
		if d.Name == name {
			return d
		}
	}
	t.Fatalf("dataset %q not found", name)
	return Dataset{}
}

func resourceByFile(t *testing.T, d Dataset, file string) Resource {
	t.Helper()
	for _, r := range d.Resources {
		if r.FileName == file {
			return r
		}
	}
	t.Fatalf("%s: resource %q not found", d.Name, file)
	return Resource{}
}

func col(t *testing.T, header []string, name string) int {
	t.Helper()
	i := slices.Index(header, name)
	if i < 0 {
		t.Fatalf("column %q missing from %v", name, header)
	}
	return i
}

func TestTDDCDatasets(t *testing.T) {
	n := 0
	codes := map[string]bool{}
	for _, d := range Datasets() {
		if !d.InGroup(GroupTDDC) {
			if d.IndicatorCode != "" {
				t.Errorf("%s: indicator code outside tddc", d.Name)
			}
			continue
		}
		n++
		if len(d.Frameworks) == 0 {
			t.Errorf("%s: no framework", d.Name)
		}
		if d.IndicatorCode == "" || codes[d.IndicatorCode] {
			t.Errorf("%s: missing or duplicate indicator code %q", d.Name, d.IndicatorCode)
		}
		codes[d.IndicatorCode] = true
		if d.TitleTH == "" || d.TitleEN == "" || d.NotesTH == "" || d.NotesEN == "" {
			t.Errorf("%s: Thai and English title and notes are required", d.Name)
		}
		if d.UnitOfMeasure == "" || d.UpdateFrequencyUnit == "" || d.DataSource == "" {
			t.Errorf("%s: unit, frequency and source are required", d.Name)
		}
		if len(d.ReferenceArea) == 0 || d.ReferenceArea[0] != "THA" {
			t.Errorf("%s: reference areas %v must start with THA", d.Name, d.ReferenceArea)
		}
		if len(d.Resources) != 1 || d.Resources[0].Format != "CSV" {
			t.Errorf("%s: want one CSV resource", d.Name)
		}
		hasThai, hasLatin := false, false
		for _, tag := range d.Tags {
			for _, r := range tag {
				if unicode.Is(unicode.Thai, r) {
					hasThai = true
				} else if unicode.IsLetter(r) {
					hasLatin = true
				}
			}
		}
		if !hasThai || !hasLatin {
			t.Errorf("%s: want Thai and English tags, got %v", d.Name, d.Tags)
		}
		for _, r := range d.Frameworks {
			g := frameworkInfo[r.Framework].group
			if g == "" {
				t.Errorf("%s: unknown framework %q", d.Name, r.Framework)
			} else if !d.InGroup(g) {
				t.Errorf("%s: in framework %s but not in group %s", d.Name, r.Framework, g)
			}
			switch r.Framework {
			case FrameworkWDCR:
				if r.Factor == "" && r.SubFactor == "" && !strings.HasSuffix(d.IndicatorCode, "-00-01") && !strings.HasSuffix(d.IndicatorCode, "-00-02") {
					t.Errorf("%s: WDCR ref without factor", d.Name)
				}
				if r.SubFactor != "" && r.Factor == "" {
					t.Errorf("%s: WDCR sub-factor without factor", d.Name)
				}
			case FrameworkOECD:
				if r.Dimension == "" {
					t.Errorf("%s: OECD ref without dimension", d.Name)
				}
			case FrameworkPlan:
				if r.Plan == "" {
					t.Errorf("%s: plan ref without plan", d.Name)
				}
			case FrameworkADIX:
				if r.Pillar == "" && d.IndicatorCode != "TDDC-ADIX-00-01" {
					t.Errorf("%s: ADIX ref without pillar", d.Name)
				}
			}
		}
	}
	if n != TDDCCount {
		t.Fatalf("tddc datasets = %d, want %d", n, TDDCCount)
	}
}

func TestFrameworkCoverage(t *testing.T) {
	seen := map[string]map[string]bool{}
	for _, d := range Datasets() {
		for _, r := range d.Frameworks {
			if seen[r.Framework] == nil {
				seen[r.Framework] = map[string]bool{}
			}
			seen[r.Framework][r.Dimension+r.SubFactor+r.Pillar+r.Strategy] = true
		}
	}
	// Every OECD dimension, WDCR sub-factor, ADIX pillar and plan strategy holds indicators.
	for fw, want := range map[string]int{FrameworkOECD: len(oecdDims), FrameworkADIX: len(adixPillars), FrameworkPlan: len(planStrategies)} {
		got := 0
		for k := range seen[fw] {
			if k != "" {
				got++
			}
		}
		if got != want {
			t.Errorf("%s: %d distinct placements, want %d", fw, got, want)
		}
	}
	for _, s := range wdcrSubFactors {
		if !seen[FrameworkWDCR][s.Code] {
			t.Errorf("WDCR sub-factor %s has no indicator", s.Code)
		}
	}
}

func TestTDDCObservations(t *testing.T) {
	for _, d := range Datasets() {
		if !d.InGroup(GroupTDDC) {
			continue
		}
		header, rows := readCSV(t, d.Resources[0])
		if !slices.Equal(header, tddcHeader) {
			t.Fatalf("%s: header %v", d.Name, header)
		}
		areas := map[string]bool{}
		years := map[int]bool{}
		for _, row := range rows {
			if row[0] != d.IndicatorCode {
				t.Fatalf("%s: row code %q", d.Name, row[0])
			}
			areas[row[1]] = true
			y, err := strconv.Atoi(row[2])
			if err != nil || y < d.FirstYearOfData || y > d.LastYearOfData {
				t.Fatalf("%s: year %q outside %d–%d", d.Name, row[2], d.FirstYearOfData, d.LastYearOfData)
			}
			years[y] = true
			v, err := strconv.ParseFloat(row[7], 64)
			if err != nil {
				t.Fatalf("%s: value %q: %v", d.Name, row[7], err)
			}
			if strings.HasPrefix(row[8], "PT") && (v < 0 || v > 100) {
				t.Fatalf("%s: percentage %v out of range", d.Name, v)
			}
			if row[8] == "RANK" && (v < 1 || v > 64 || v != float64(int(v))) {
				t.Fatalf("%s: rank %v", d.Name, v)
			}
		}
		if len(areas) != len(d.ReferenceArea) {
			t.Errorf("%s: CSV areas %v, metadata %v", d.Name, areas, d.ReferenceArea)
		}
		if len(years) != d.LastYearOfData-d.FirstYearOfData+1 {
			t.Errorf("%s: %d years, want %d–%d", d.Name, len(years), d.FirstYearOfData, d.LastYearOfData)
		}
		if d.Frameworks[0].Framework == FrameworkADIX && len(areas) != 10 {
			t.Errorf("%s: ADIX compares all 10 ASEAN members, got %d", d.Name, len(areas))
		}
	}
}

func TestNamesTagsAndReferences(t *testing.T) {
	orgs := map[string]bool{}
	for _, p := range Publishers() {
		orgs[p.Name] = true
		if p.TitleTH == "" || p.TitleEN == "" || p.URL == "" {
			t.Errorf("publisher %s incomplete", p.Name)
		}
	}
	for _, want := range []string{"nso", "bdi", "nvcfo", "depa", "mdes", "opm", "onde", "thailand-post", "cgd"} {
		if !orgs[want] {
			t.Errorf("publisher %s missing", want)
		}
	}
	groupNames := map[string]bool{}
	for _, g := range Groups() {
		groupNames[g.Name] = true
	}
	licenses := map[string]bool{"notspecified": true, "odc-pddl": true, "odc-odbl": true, "odc-by": true, "cc-zero": true, "cc-by": true,
		"cc-by-sa": true, "gfdl": true, "other-open": true, "other-pd": true, "other-at": true, "uk-ogl": true, "cc-nc": true, "other-nc": true, "other-closed": true}
	names := map[string]bool{}
	files := map[string]bool{}
	for _, d := range Datasets() {
		if !nameRE.MatchString(d.Name) {
			t.Errorf("invalid name %q", d.Name)
		}
		if names[d.Name] {
			t.Errorf("duplicate name %q", d.Name)
		}
		names[d.Name] = true
		if !orgs[d.Org] {
			t.Errorf("%s: unknown org %q", d.Name, d.Org)
		}
		if !licenses[d.LicenseID] {
			t.Errorf("%s: license %q is not a CKAN default", d.Name, d.LicenseID)
		}
		if len(d.Tags) == 0 {
			t.Errorf("%s: no tags", d.Name)
		}
		for _, tag := range d.Tags {
			if !validTag(tag) {
				t.Errorf("%s: invalid tag %q", d.Name, tag)
			}
		}
		for _, g := range d.Groups {
			if !groupNames[g] {
				t.Errorf("%s: unknown group %q", d.Name, g)
			}
		}
		for _, r := range d.Resources {
			if r.Write == nil || r.Name == "" || r.FileName == "" {
				t.Errorf("%s: incomplete resource %+v", d.Name, r.Name)
			}
			if files[r.FileName] {
				t.Errorf("%s: duplicate file name %s", d.Name, r.FileName)
			}
			files[r.FileName] = true
		}
	}
}

// Allowed values of ckanext-thai_gdc's scheming fields.
var gdcAllowed = map[string][]string{
	"data_type":  {"ข้อมูลระเบียน", "ข้อมูลสถิติ", "ข้อมูลภูมิสารสนเทศเชิงพื้นที่", "ข้อมูลหลากหลายประเภท", "ข้อมูลประเภทอื่นๆ"},
	"frequency":  {"ไม่ทราบ", "ปี", "ครึ่งปี", "ไตรมาส", "เดือน", "สัปดาห์", "วัน", "วันทำการ", "ชั่วโมง", "นาที", "ตามเวลาจริง", "ไม่มีการปรับปรุงหลังจากการจัดเก็บข้อมูล", "อื่นๆ"},
	"geo":        {"ไม่มี", "โลก", "ทวีป/กลุ่มประเทศในทวีป", "กลุ่มประเทศทางเศรษฐกิจ", "ประเทศ", "ภาค", "จังหวัด", "อำเภอ", "ตำบล", "หมู่บ้าน", "เทศบาล/อบต.", "พิกัด", "ไม่ทราบ", "อื่นๆ"},
	"category":   {"ข้อมูลสาธารณะ", "ข้อมูลส่วนบุคคล", "ข้อมูลความมั่นคง", "ข้อมูลความลับทางราชการ"},
	"objective":  {"ยุทธศาสตร์ชาติ", "แผนพัฒนาเศรษฐกิจและสังคมแห่งชาติ", "แผนความมั่นคงแห่งชาติ", "แผนแม่บทภายใต้ยุทธศาสตร์ชาติ", "แผนปฏิรูปประเทศ", "แผนระดับที่ 3 (มติครม. 4 ธ.ค. 2560)", "นโยบายรัฐบาล/ข้อสั่งการนายกรัฐมนตรี", "มติคณะรัฐมนตรี", "เพื่อการให้บริการประชาชน", "กฎหมายที่เกี่ยวข้อง", "พันธกิจหน่วยงาน", "ดัชนี/ตัวชี้วัดระดับนานาชาติ", "ไม่ทราบ", "อื่นๆ"},
	"format":     {"Database", "CSV", "XML", "Image", "Video", "Audio", "Text", "JSON", "HTML", "XLS", "PDF", "RDF", "NoSQL", "Arc/Info Coverage", "Shapefile", "GeoTiff", "GML", "ไม่ทราบ", "อื่นๆ"},
	"language":   {"ไทย", "อังกฤษ", "จีน", "มลายู", "พม่า", "ลาว", "เขมร", "ญี่ปุ่น", "เกาหลี", "ฝรั่งเศส", "เยอรมัน", "อารบิก", "ไม่ทราบ", "อื่นๆ"},
	"disagg":     {"ไม่มี", "เพศ", "อายุ/กลุ่มอายุ", "สถานภาพสมรส", "ศาสนา", "ระดับการศึกษา", "อาชีพ", "สถานภาพการทำงาน", "อุตสาหกรรม/ประเภทกิจการ", "รายได้", "ขอบเขตเชิงภูมิศาสตร์หรือเชิงพื้นที่", "ผลิตภัณฑ์", "ไม่ทราบ", "อื่นๆ"},
	"multiplier": {"หน่วย", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน", "ล้าน", "สิบล้าน", "ร้อยล้าน", "พันล้าน", "หมื่นล้าน", "แสนล้าน", "ล้านล้าน", "ไม่ทราบ", "อื่นๆ"},
}

func TestGDCFields(t *testing.T) {
	check := func(d Dataset, field string, vals ...string) {
		for _, v := range vals {
			if !slices.Contains(gdcAllowed[field], v) {
				t.Errorf("%s: %s value %q not allowed", d.Name, field, v)
			}
		}
	}
	for _, d := range Datasets() {
		check(d, "data_type", d.DataType)
		check(d, "frequency", d.UpdateFrequencyUnit)
		check(d, "geo", d.GeoCoverage)
		check(d, "category", d.DataCategory)
		check(d, "objective", d.Objective...)
		check(d, "format", d.DataFormat...)
		check(d, "language", d.DataLanguage...)
		if len(d.Objective) == 0 || len(d.DataFormat) == 0 || d.Maintainer == "" || d.MaintainerEmail == "" {
			t.Errorf("%s: GD-Catalog required field missing", d.Name)
		}
		if d.DataType == "ข้อมูลสถิติ" {
			check(d, "disagg", d.Disaggregate...)
			check(d, "multiplier", d.UnitOfMultiplier)
			if d.FirstYearOfData == 0 || d.LastYearOfData < d.FirstYearOfData {
				t.Errorf("%s: data years %d–%d", d.Name, d.FirstYearOfData, d.LastYearOfData)
			}
		}
	}
}

func TestProvinces(t *testing.T) {
	ps := Provinces()
	if len(ps) != 77 {
		t.Fatalf("provinces = %d, want 77", len(ps))
	}
	codes, names := map[string]bool{}, map[string]bool{}
	regions, nso := map[string]int{}, map[string]int{}
	for _, p := range ps {
		c, err := strconv.Atoi(p.Code)
		if err != nil || c < 10 || c > 96 || len(p.Code) != 2 {
			t.Errorf("bad code %q", p.Code)
		}
		if codes[p.Code] || names[p.NameTH] || names[p.NameEN] {
			t.Errorf("duplicate province %v", p)
		}
		codes[p.Code], names[p.NameTH], names[p.NameEN] = true, true, true
		if p.RegionTH() == "" {
			t.Errorf("%s: unknown region %q", p.Code, p.Region)
		}
		regions[p.Region]++
		nso[p.NSORegion]++
	}
	for _, c := range []struct{ code, th, en string }{{"10", "กรุงเทพมหานคร", "Bangkok"}, {"38", "บึงกาฬ", "Bueng Kan"}, {"50", "เชียงใหม่", "Chiang Mai"}, {"96", "นราธิวาส", "Narathiwat"}, {"16", "ลพบุรี", "Lop Buri"}, {"11", "สมุทรปราการ", "Samut Prakan"}} {
		i := slices.IndexFunc(ps, func(p Province) bool { return p.Code == c.code })
		if i < 0 || ps[i].NameTH != c.th || ps[i].NameEN != c.en {
			t.Errorf("province %s: want %s / %s", c.code, c.th, c.en)
		}
	}
	if ps[0].ISO() != "TH-10" {
		t.Errorf("ISO code %q", ps[0].ISO())
	}
	wantRegions := map[string]int{"north": 9, "northeast": 20, "central": 22, "east": 7, "west": 5, "south": 14}
	wantNSO := map[string]int{"bangkok": 1, "central": 25, "north": 17, "northeast": 20, "south": 14}
	for k, v := range wantRegions {
		if regions[k] != v {
			t.Errorf("six-region %s: %d provinces, want %d", k, regions[k], v)
		}
	}
	for k, v := range wantNSO {
		if nso[k] != v {
			t.Errorf("NSO region %s: %d provinces, want %d", k, nso[k], v)
		}
	}
}

func TestVillageFundRegistry(t *testing.T) {
	d := datasetByName(t, "village-fund-registry")
	if d.Org != OrgNVCFO || !strings.Contains(d.DataSource, "BDI") || !d.InGroup(GroupVillageFund) {
		t.Errorf("publisher/source/group wrong: %s %s %v", d.Org, d.DataSource, d.Groups)
	}
	for _, s := range []string{"79,610", "City Data Platform (CDP)", "AI", "dashboard", "200,000", "300,000", "400,000"} {
		if !strings.Contains(d.NotesTH, s) || !strings.Contains(d.NotesEN, s) {
			t.Errorf("notes lack %q", s)
		}
	}
	header, rows := readCSV(t, resourceByFile(t, d, "village-funds.csv"))
	if len(rows) != VillageFundCount {
		t.Fatalf("fund rows = %d, want %d", len(rows), VillageFundCount)
	}
	ci, pi, ri, sc, al, ar := col(t, header, "fund_code"), col(t, header, "province_code"), col(t, header, "residents"),
		col(t, header, "size_class"), col(t, header, "sml_allocation_thb"), col(t, header, "area_type")
	codes := map[string]bool{}
	perProv := map[string]int{}
	classes := map[string]int{}
	areas := map[string]int{}
	for _, row := range rows {
		if codes[row[ci]] {
			t.Fatalf("duplicate fund code %s", row[ci])
		}
		codes[row[ci]] = true
		if !strings.HasPrefix(row[ci], row[pi]) {
			t.Fatalf("fund %s not coded under province %s", row[ci], row[pi])
		}
		perProv[row[pi]]++
		n, err := strconv.Atoi(row[ri])
		if err != nil || n <= 0 {
			t.Fatalf("residents %q", row[ri])
		}
		class, alloc := SizeClass(n)
		want := map[string]string{"S": "200000", "M": "300000", "L": "400000"}[row[sc]]
		if row[sc] != class || row[al] != itoa(alloc) || row[al] != want {
			t.Fatalf("fund %s: %d residents, class %s allocation %s", row[ci], n, row[sc], row[al])
		}
		classes[row[sc]]++
		areas[row[ar]]++
	}
	for _, p := range Provinces() {
		if perProv[p.Code] == 0 {
			t.Errorf("province %s has no fund", p.Code)
		}
	}
	if perProv["10"] != bangkokFunds {
		t.Errorf("Bangkok funds = %d, want %d", perProv["10"], bangkokFunds)
	}
	if len(classes) != 3 || len(areas) != 2 {
		t.Errorf("classes %v areas %v", classes, areas)
	}

	_, sum := readCSV(t, resourceByFile(t, d, "village-funds-by-province.csv"))
	total := 0
	for _, row := range sum {
		n, _ := strconv.Atoi(row[3])
		total += n
	}
	if len(sum) != 77 || total != VillageFundCount {
		t.Errorf("summary: %d provinces, %d funds", len(sum), total)
	}

	prod := datasetByName(t, "village-fund-products")
	ph, prows := readCSV(t, prod.Resources[0])
	fc := col(t, ph, "fund_code")
	if len(prows) != productCount {
		t.Errorf("products = %d", len(prows))
	}
	for _, row := range prows {
		if !codes[row[fc]] {
			t.Fatalf("product %s names unknown fund %s", row[0], row[fc])
		}
	}
}

func TestSizeClassBoundaries(t *testing.T) {
	for _, c := range []struct {
		n     int
		class string
		alloc int
	}{{1, "S", 200000}, {500, "S", 200000}, {501, "M", 300000}, {999, "M", 300000}, {1000, "L", 400000}, {5000, "L", 400000}} {
		class, alloc := SizeClass(c.n)
		if class != c.class || alloc != c.alloc {
			t.Errorf("SizeClass(%d) = %s %d, want %s %d", c.n, class, alloc, c.class, c.alloc)
		}
	}
}

func TestDigitalServiceRegistry(t *testing.T) {
	d := datasetByName(t, "digital-service-registry")
	if d.Org != OrgDEPA || d.Extras["procurement_by"] != OrgCGD {
		t.Errorf("org %s, procurement %s", d.Org, d.Extras["procurement_by"])
	}
	for _, s := range []string{"615", "91", "5,515", "CMMI", "ISO", "dSURE", "TECHHUNT"} {
		if !strings.Contains(d.NotesTH, s) || !strings.Contains(d.NotesEN, s) {
			t.Errorf("notes lack %q", s)
		}
	}
	header, rows := readCSV(t, resourceByFile(t, d, "digital-services.csv"))
	if len(rows) != ServiceCount {
		t.Fatalf("services = %d, want %d", len(rows), ServiceCount)
	}
	cat, comp, std := col(t, header, "category"), col(t, header, "company_code"), col(t, header, "standard")
	cats, comps := map[string]int{}, map[string]bool{}
	for _, row := range rows {
		cats[row[cat]]++
		comps[row[comp]] = true
		switch row[cat] {
		case "Smart Devices":
			if row[std] != "dSURE" {
				t.Errorf("smart device %s with standard %s", row[0], row[std])
			}
		case "Software", "Software as a Service":
			if !strings.HasPrefix(row[std], "CMMI") && !strings.HasPrefix(row[std], "ISO") {
				t.Errorf("software %s with standard %s", row[0], row[std])
			}
		}
		if p, err := strconv.ParseFloat(row[col(t, header, "price_thb")], 64); err != nil || p <= 0 {
			t.Errorf("%s: price %q", row[0], row[col(t, header, "price_thb")])
		}
	}
	if len(comps) != CompanyCount {
		t.Errorf("distinct companies = %d, want %d", len(comps), CompanyCount)
	}
	for _, c := range ServiceCategories {
		if cats[c] == 0 {
			t.Errorf("category %q empty", c)
		}
	}
	if len(cats) != 5 {
		t.Errorf("categories %v", cats)
	}
	_, crows := readCSV(t, resourceByFile(t, d, "digital-service-companies.csv"))
	if len(crows) != CompanyCount {
		t.Errorf("companies = %d", len(crows))
	}
	_, srows := readCSV(t, resourceByFile(t, d, "digital-service-summary.csv"))
	got := map[string]string{}
	for _, row := range srows {
		got[row[0]] = row[2] + "/" + row[5]
	}
	for k, v := range map[string]string{"products_and_services": "615/published", "companies": "91/published", "invited_agencies": "5515/published", "categories": "5/published"} {
		if got[k] != v {
			t.Errorf("summary %s = %q, want %q", k, got[k], v)
		}
	}
}

func TestCensus(t *testing.T) {
	for _, s := range []string{"1–20 เมษายน 2568", "21 เมษายน – 19 มิถุนายน 2568", "ทางรัฐ", "ไปรษณีย์ไทย"} {
		for _, d := range Datasets() {
			if d.InGroup(GroupCensus) && !strings.Contains(d.NotesTH, s) {
				t.Errorf("%s: notes lack %q", d.Name, s)
			}
		}
	}
	pop := datasetByName(t, "census-2025-population-by-province-sex-age")
	header, rows := readCSV(t, pop.Resources[0])
	if len(rows) != 77*2*21 {
		t.Fatalf("population rows = %d", len(rows))
	}
	ag := col(t, header, "age_group")
	total := 0
	ages := map[string]bool{}
	for _, row := range rows {
		n, err := strconv.Atoi(row[len(row)-1])
		if err != nil || n < 0 {
			t.Fatalf("population %q", row[len(row)-1])
		}
		total += n
		ages[row[ag]] = true
	}
	if total < 66_000_000 || total > 71_000_000 {
		t.Errorf("total population %d outside 66–71 million", total)
	}
	if !ages["0-4"] || !ages["95-99"] || !ages["100+"] || len(ages) != 21 {
		t.Errorf("age groups %v", ages)
	}
	_, hh := readCSV(t, datasetByName(t, "census-2025-households-by-province").Resources[0])
	if len(hh) != 77 {
		t.Errorf("household rows = %d", len(hh))
	}
	ch := datasetByName(t, "census-2025-response-channels")
	h, crows := readCSV(t, ch.Resources[0])
	windows := map[string]string{}
	for _, row := range crows {
		windows[row[col(t, h, "channel")]] = row[col(t, h, "collection_start")] + "/" + row[col(t, h, "collection_end")]
	}
	want := map[string]string{"ONLINE": "2025-04-01/2025-04-20", "TANGRAT": "2025-04-01/2025-04-20", "FIELD": "2025-04-21/2025-06-19"}
	for k, v := range want {
		if windows[k] != v {
			t.Errorf("channel %s window %q, want %q", k, windows[k], v)
		}
	}
	_, hrows := readCSV(t, datasetByName(t, "census-2025-housing-characteristics").Resources[0])
	if len(hrows) == 0 {
		t.Error("no housing rows")
	}
}

func TestDigitalContentFigures(t *testing.T) {
	d := datasetByName(t, "digital-content-industry-2023")
	for _, s := range []string{"44,236", "34,288", "77.5", "886"} {
		if !strings.Contains(d.NotesTH, s) || !strings.Contains(d.NotesEN, s) {
			t.Errorf("notes lack %q", s)
		}
	}
	header, rows := readCSV(t, d.Resources[0])
	seg, val, share, st := col(t, header, "segment"), col(t, header, "value_mthb"), col(t, header, "share_of_total_pct"), col(t, header, "status")
	got := map[string][]string{}
	sum := 0
	for _, row := range rows {
		got[row[seg]] = []string{row[val], row[share], row[st]}
		if row[seg] != "TOTAL" && row[seg] != "GAMES_DOMESTIC" {
			n, _ := strconv.Atoi(row[val])
			sum += n
		}
	}
	want := map[string][]string{
		"TOTAL":          {"44236", "100.0", "published"},
		"GAMES":          {"34288", "77.5", "published"},
		"GAMES_DOMESTIC": {"886", "2.0", "published"},
	}
	for k, v := range want {
		if !slices.Equal(got[k], v) {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	for _, k := range []string{"ANIMATION", "CHARACTER", "EBOOK"} {
		if len(got[k]) != 3 || got[k][2] != "sample" {
			t.Errorf("%s = %v, want a sample row", k, got[k])
		}
	}
	if sum != DigitalContentTotal2023 {
		t.Errorf("segments sum to %d, want %d", sum, DigitalContentTotal2023)
	}
}

func TestPublishedFiguresInGroupsAndConstants(t *testing.T) {
	var tddc Group
	for _, g := range Groups() {
		if g.Name == GroupTDDC {
			tddc = g
		}
	}
	for _, s := range []string{"237", "28 มกราคม 2568", "tddc.gdcatalog.go.th", "WDCR", "ADIX", "OECD"} {
		if !strings.Contains(tddc.DescriptionTH, s) {
			t.Errorf("tddc group description lacks %q", s)
		}
	}
	if !strings.Contains(tddc.DescriptionEN, "28 January 2025") || !strings.Contains(tddc.DescriptionEN, "237") {
		t.Error("tddc English description lacks the count and date")
	}
	if TDDCCount != 237 || VillageFundCount != 79610 || ServiceCount != 615 || CompanyCount != 91 || InvitedAgencies != 5515 ||
		DigitalContentTotal2023 != 44236 || GamesValue2023 != 34288 || GamesSharePct2023 != 77.5 || DomesticGameProduction2023 != 886 {
		t.Error("published constants changed")
	}
}

func TestEOffice(t *testing.T) {
	d := datasetByName(t, "e-office-metadata")
	if d.Org != OrgMDES || d.Extras["co_producer"] != OrgOPM || !strings.Contains(d.NotesTH, "สปน.") || !strings.Contains(d.NotesTH, "ไร้กระดาษ") {
		t.Errorf("e-Office publisher or notes wrong")
	}
	h, rows := readCSV(t, resourceByFile(t, d, "e-office-documents-monthly.csv"))
	pi := col(t, h, "paperless_pct")
	for _, row := range rows {
		v, err := strconv.ParseFloat(row[pi], 64)
		if err != nil || v < 0 || v > 100 {
			t.Fatalf("paperless share %q", row[pi])
		}
	}
}

func TestSampleMarked(t *testing.T) {
	for _, d := range Datasets() {
		// Every dataset here holds generated values alongside any published figure.
		if !d.Sample {
			t.Errorf("%s: Sample is false", d.Name)
		}
		if !strings.Contains(d.NotesTH, SampleNote) || !strings.Contains(d.NotesEN, SampleNote) {
			t.Errorf("%s: notes do not say %q", d.Name, SampleNote)
		}
	}
}

// hashAll returns a SHA-256 per resource file, in catalog order.
func hashAll(t testing.TB) []string {
	var out []string
	for _, d := range Datasets() {
		for _, r := range d.Resources {
			h := sha256.New()
			if err := r.Write(h); err != nil {
				t.Fatalf("%s: %v", r.FileName, err)
			}
			out = append(out, r.FileName+" "+hex.EncodeToString(h.Sum(nil)))
		}
	}
	return out
}

func TestDeterministic(t *testing.T) {
	a, b := hashAll(t), hashAll(t)
	if !slices.Equal(a, b) {
		t.Fatal("two writes of the catalog differ")
	}
	// Regenerating the cached tables from scratch gives the same data.
	if fmt.Sprint(generateVillageFunds()[:50]) != fmt.Sprint(villageFunds()[:50]) {
		t.Error("village funds differ between generations")
	}
	golden := filepath.Join("testdata", "resources.sha256")
	got := strings.Join(a, "\n") + "\n"
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read golden (run with -update to create): %v", err)
	}
	if string(want) != got {
		t.Error("resource hashes differ from testdata/resources.sha256 (a previous run); run with -update if the change is intended")
	}
}

func TestWriteErrorsPropagate(t *testing.T) {
	d := datasetByName(t, "village-fund-registry")
	if err := d.Resources[0].Write(failWriter{}); err == nil {
		t.Error("write to a failing writer returned nil")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }

func BenchmarkWriteAll(b *testing.B) {
	ds := Datasets()
	for b.Loop() {
		for _, d := range ds {
			for _, r := range d.Resources {
				if err := r.Write(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
}
