package thai

// spellingVariants lists groups of spellings of one word, and the everyday
// names of provinces people type instead of the official one; the first entry
// is the canonical form (the Royal Society's transliteration or the official
// name)
// that the thai_synonym filter rewrites the others to. Keys are matched after
// lower-casing, so Latin entries are lower case. Every Thai entry must be a
// single word for the segmenter, which dictionaryWords guarantees by adding
// them all to the dictionary.
var spellingVariants = [][]string{
	{"ดิจิทัล", "ดิจิตอล", "ดิจิตัล"},
	{"อินเทอร์เน็ต", "อินเตอร์เน็ต", "อินเตอร์เนต", "อินเทอร์เนต", "อินเตอร์เน็ท"},
	{"คอมพิวเตอร์", "คอมพิวเตอร", "คอมพิ้วเตอร์"},
	{"เว็บไซต์", "เว็บไซท์", "เว็บไซด์", "เวบไซต์", "เว็ปไซต์", "เว็ปไซท์"},
	{"เว็บ", "เว็ป", "เวบ"},
	{"อีเมล", "อีเมล์", "อีเมลล์"},
	{"ซอฟต์แวร์", "ซอฟท์แวร์", "ซอฟแวร์", "ซอฟต์แวร"},
	{"ฮาร์ดแวร์", "ฮาร์ดแวร", "ฮาร์ทแวร์"},
	{"แอปพลิเคชัน", "แอพพลิเคชั่น", "แอปพลิเคชั่น", "แอพพลิเคชัน", "แอพลิเคชั่น", "แอปพลิเคชั้น"},
	{"แอป", "แอพ", "แอ๊ป", "แอ๊พ"},
	{"ไฟล์", "ไฟล"},
	{"ดาวน์โหลด", "ดาวโหลด", "ดาวน์โหลท"},
	{"อัปโหลด", "อัพโหลด"},
	{"อัปเดต", "อัพเดท", "อัพเดต", "อัปเดท"},
	{"ออนไลน์", "ออนไลน"},
	{"เทคโนโลยี", "เทคโนโลยีย์", "เทคโนโลยิ"},
	{"อิเล็กทรอนิกส์", "อิเล็คทรอนิกส์", "อีเล็กทรอนิกส์", "อิเลคทรอนิกส์", "อิเล็กทรอนิค", "อิเล็กทรอนิก"},
	{"กราฟิก", "กราฟฟิก", "กราฟฟิค", "กราฟิค"},
	{"เซิร์ฟเวอร์", "เซิฟเวอร์", "เซิร์ฟเวอร"},
	{"แพลตฟอร์ม", "แพลทฟอร์ม", "แพล็ตฟอร์ม"},
	{"แดชบอร์ด", "แดชบอร์ท", "แดชบอด"},
	{"สมาร์ตโฟน", "สมาร์ทโฟน"},
	{"บล็อกเชน", "บล็อคเชน", "บล๊อกเชน"},
	{"อีคอมเมิร์ซ", "อีคอมเมิร์ช", "อีคอมเมิซ"},
	{"คลาวด์", "คลาวด"},
	{"โควิด", "โควิท", "covid"},
	{"กรุงเทพมหานคร", "กรุงเทพ", "กทม.", "กทม"},
	{"นครราชสีมา", "โคราช"},
	{"พระนครศรีอยุธยา", "อยุธยา"},
	{"พ.ศ.", "พศ"},
	{"ค.ศ.", "คศ"},
}

var variantIndex = func() map[string]string {
	m := make(map[string]string)
	for _, g := range spellingVariants {
		for _, v := range g[1:] {
			m[v] = g[0]
		}
	}
	return m
}()

// Canonical returns the canonical spelling of a word that has spelling
// variants (ดิจิตอล → ดิจิทัล, อีเมล์ → อีเมล), or word unchanged. It expects a
// single normalised, lower-cased token as the analyzer produces it.
func Canonical(word string) string {
	if c, ok := variantIndex[word]; ok {
		return c
	}
	return word
}

// SpellingVariants returns a copy of the variant table: each group lists the
// canonical spelling first, then the variants that Canonical maps to it.
func SpellingVariants() [][]string {
	out := make([][]string, len(spellingVariants))
	for i, g := range spellingVariants {
		out[i] = append([]string(nil), g...)
	}
	return out
}
