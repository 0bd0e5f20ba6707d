package bench

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
)

// The generated table looks like a village-fund register: one row per village project
// with its code, province, district, a Thai description naming the village, the group
// and its product, money, members, a fiscal year and an approval date. Words are
// separated by spaces so that any segmenter (or none) finds the same words.

var provinces = strings.Fields(`กรุงเทพมหานคร เชียงใหม่ เชียงราย ลำปาง ลำพูน แพร่ น่าน พะเยา แม่ฮ่องสอน
	ตาก สุโขทัย พิษณุโลก พิจิตร เพชรบูรณ์ นครสวรรค์ อุทัยธานี กำแพงเพชร ขอนแก่น อุดรธานี เลย
	หนองคาย หนองบัวลำภู สกลนคร นครพนม มุกดาหาร กาฬสินธุ์ มหาสารคาม ร้อยเอ็ด ยโสธร อำนาจเจริญ
	อุบลราชธานี ศรีสะเกษ สุรินทร์ บุรีรัมย์ นครราชสีมา ชัยภูมิ ชลบุรี ระยอง จันทบุรี ตราด
	ฉะเชิงเทรา ปราจีนบุรี สระแก้ว นครนายก สระบุรี ลพบุรี สิงห์บุรี อ่างทอง ชัยนาท สุพรรณบุรี
	กาญจนบุรี ราชบุรี นครปฐม สมุทรสาคร สมุทรสงคราม เพชรบุรี ประจวบคีรีขันธ์ นนทบุรี ปทุมธานี
	สมุทรปราการ ชุมพร ระนอง สุราษฎร์ธานี พังงา ภูเก็ต กระบี่ นครศรีธรรมราช ตรัง พัทลุง สตูล
	สงขลา ปัตตานี ยะลา นราธิวาส`)

var districtWords = strings.Fields(`เมือง บ้านโป่ง สันทราย หางดง แม่ริม บางพลี ปากเกร็ด โพธาราม
	กระทุ่มแบน บ้านแพ้ว ท่าม่วง ศรีราชา สัตหีบ บางละมุง พนัสนิคม หนองใหญ่ ด่านขุนทด ปักธงชัย
	สีคิ้ว โนนสูง พิมาย ชุมพวง วารินชำราบ เดชอุดม กันทรลักษ์ ขุขันธ์ ปราสาท ท่าตูม`)

var villageWords = strings.Fields(`หนองบัว โนนสะอาด ดอนแดง ห้วยทราย ป่าตึง สันติสุข ทุ่งทอง
	หนองแวง โคกกลาง นาคำ วังน้ำเย็น บ่อทอง ท่าช้าง หัวนา ดงเย็น คำใหญ่ หนองหิน โพนทอง ศรีสุข
	หนองปลาไหล บางกระเจ้า ห้วยยาง ดอนตาล ท่าข้าม`)

var groupWords = strings.Fields(`กลุ่มแม่บ้าน กลุ่มเกษตรกร วิสาหกิจชุมชน กลุ่มออมทรัพย์
	กลุ่มเยาวชน สหกรณ์ กลุ่มผู้สูงอายุ`)

// products: the first ones are common, the last ones rare (Zipf-like), so a query for a
// late product is selective.
var products = strings.Fields(`ข้าวหอมมะลิ ยางพารา มันสำปะหลัง อ้อย ข้าวโพด ผ้าไหม ผ้าฝ้าย
	จักสาน ปุ๋ยอินทรีย์ เลี้ยงโค เลี้ยงสุกร เลี้ยงไก่ ประมง ปาล์มน้ำมัน กาแฟ ชา ลำไย มะม่วง
	ทุเรียน มังคุด เงาะ สับปะรด กล้วยตาก น้ำพริก ขนมไทย สมุนไพร เครื่องปั้นดินเผา โฮมสเตย์`)

var activities = strings.Fields(`ขยายการผลิต แปรรูป ซื้อวัตถุดิบ ปรับปรุงโรงเรือน จัดซื้อเครื่องจักร
	พัฒนาบรรจุภัณฑ์ ตลาดออนไลน์ ฝึกอบรม ท่องเที่ยวชุมชน ระบบน้ำ`)

// SelectiveWord is the product the full-text class searches for: about 1-2% of rows
// mention it.
const SelectiveWord = "ทุเรียน"

// generator writes the seeded table as CSV.
type generator struct {
	rng    *rand.Rand
	zipf   *rand.Zipf
	distOf [][]string // districts per province
}

func newGenerator(seed uint64) *generator {
	rng := rand.New(rand.NewPCG(seed, seed^0x6b686c616e67))
	g := &generator{rng: rng, zipf: rand.NewZipf(rng, 1.07, 2, uint64(len(products)-1))}
	for range provinces {
		n := 5 + rng.IntN(12)
		var ds []string
		for k := range n {
			ds = append(ds, districtWords[(k*7+rng.IntN(len(districtWords)))%len(districtWords)])
		}
		g.distOf = append(g.distOf, ds)
	}
	return g
}

// header is the CSV header of the generated table.
const header = "code,province,district,description,budget,members,fiscal_year,approved\n"

// write streams rows CSV rows (with a header) to w.
func (g *generator) write(w io.Writer, rows int) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	if _, err := bw.WriteString(header); err != nil {
		return err
	}
	r := g.rng
	for i := range rows {
		p := r.IntN(len(provinces))
		ds := g.distOf[p]
		d := ds[r.IntN(len(ds))]
		prod := products[g.zipf.Uint64()]
		desc := "บ้าน" + villageWords[r.IntN(len(villageWords))] + " หมู่ " + fmt.Sprint(1+r.IntN(20)) + " " +
			groupWords[r.IntN(len(groupWords))] + " " + prod + " " + activities[r.IntN(len(activities))]
		if r.IntN(4) == 0 {
			desc += " " + products[g.zipf.Uint64()]
		}
		budget := float64(50000+r.IntN(1950000)) + float64(r.IntN(100))/100
		_, err := fmt.Fprintf(bw, "VF%08d,%s,%s,%s,%.2f,%d,%d,%04d-%02d-%02d\n", i+1, provinces[p], d, desc,
			budget, 10+r.IntN(290), 2560+r.IntN(9), 2017+r.IntN(9), 1+r.IntN(12), 1+r.IntN(28))
		if err != nil {
			return err
		}
	}
	return bw.Flush()
}
