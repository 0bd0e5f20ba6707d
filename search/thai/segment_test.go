package thai

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSegment(t *testing.T) {
	tests := []struct {
		in   string
		want string // tokens joined by |
	}{
		{"สำมะโนประชากรและเคหะ พ.ศ. 2568", "สำมะโน|ประชากร|และ|เคหะ|พ.ศ.|2568"},
		{"ข้อมูลกองทุนหมู่บ้านและชุมชนเมือง", "ข้อมูล|กองทุน|หมู่บ้าน|และ|ชุมชน|เมือง"},
		{"ตัวชี้วัดเศรษฐกิจดิจิทัลของประเทศไทย", "ตัวชี้วัด|เศรษฐกิจ|ดิจิทัล|ของ|ประเทศ|ไทย"},
		{"รายงานการประชุม", "รายงาน|การ|ประชุม"},
		{"บัญชีบริการดิจิทัล", "บัญชี|บริการ|ดิจิทัล"},
		{"ผลิตภัณฑ์กองทุนหมู่บ้าน", "ผลิตภัณฑ์|กองทุน|หมู่บ้าน"},
		{"สำนักงานสถิติแห่งชาติ", "สำนักงาน|สถิติ|แห่ง|ชาติ"},
		{"จำนวนครัวเรือนรายจังหวัด อำเภอ ตำบล", "จำนวน|ครัวเรือน|ราย|จังหวัด|อำเภอ|ตำบล"},
		// The compound ปีงบประมาณ is removed from ICU's list so that a
		// query for งบประมาณ finds it; ประจำ|ปี needs the longer-first tie-break.
		{"งบประมาณรายจ่ายประจำปีงบประมาณ", "งบประมาณ|ราย|จ่าย|ประจำ|ปี|งบประมาณ"},
		{"ข้อมูลคุณภาพอากาศ PM2.5 รายชั่วโมง", "ข้อมูล|คุณภาพ|อากาศ|PM2.5|ราย|ชั่วโมง"},
		{"เงินอุดหนุน 2,500 บาท ผ่าน 5G", "เงิน|อุดหนุน|2,500|บาท|ผ่าน|5G"},
		{"Thailand's Digital Economy Indicators", "Thailand's|Digital|Economy|Indicators"},
		// The domain list splits ยางพารา so that ยาง (rubber) finds it; ยา still does not.
		{"ราคายางพาราและยารักษาโรค", "ราคา|ยาง|พารา|และ|ยา|รักษา|โรค"},
		{"ตารางมาตรฐาน", "ตาราง|มาตรฐาน"},
		{"กรุงเทพฯ ต่างๆ", "กรุงเทพ|ต่าง"}, // ฯ and ๆ are punctuation
		{"", ""},
		{"   ,.;  ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := strings.Join(Segment(tt.in), "|")
			if got != tt.want {
				t.Errorf("Segment(%q)\n got %s\nwant %s", tt.in, got, tt.want)
			}
		})
	}
}

// TestSegmentPrecisionTraps checks the false positives substring search
// produces: a short word inside a longer dictionary word must not become a
// token of its own.
func TestSegmentPrecisionTraps(t *testing.T) {
	tests := []struct {
		text, mustNot string
	}{
		{"ราคายางพาราแผ่นดิบ", "ยา"},
		{"ตารางสถิติ", "ตา"},
		{"มาตรฐานข้อมูล", "มา"},
		{"รายงานประจำปี", "ราย"},
		{"ข่าวประชาสัมพันธ์", "ข้าว"},
		{"นักท่องเที่ยว", "นักท่องเที่ยว"}, // kept as นัก|ท่องเที่ยว so ท่องเที่ยว queries find it
	}
	for _, tt := range tests {
		for _, tok := range Segment(tt.text) {
			if tok == tt.mustNot {
				t.Errorf("Segment(%q) = %q contains %q", tt.text, Segment(tt.text), tt.mustNot)
			}
		}
	}
}

func TestSegmentAbbreviations(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"พ.ศ. 2568", "พ.ศ.|2568"},
		{"ค.ศ.2025", "ค.ศ.|2025"},
		{"ปีพ.ศ.2568", "ปี|พ.ศ.|2568"},
		{"ข้อมูล รพ.สต. ทั่วประเทศ", "ข้อมูล|รพ.สต.|ทั่ว|ประเทศ"},
		{"1 ก.พ. - 31 มี.ค.", "1|ก.พ.|31|มี.ค."},
		{"เม.ย. มิ.ย.", "เม.ย.|มิ.ย."},
		{"สสช. และ กทม.", "สสช.|และ|กทม."},
		{"พ.ศ", "พ.ศ."}, // final dot restored so both spellings match
		{"ข้อมูล. ต่อไป", "ข้อมูล|ต่อ|ไป"},
	}
	for _, tt := range tests {
		if got := strings.Join(Segment(tt.in), "|"); got != tt.want {
			t.Errorf("Segment(%q)\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

func TestSegmentUnknownClusters(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		// Unknown stretches become one token and never split a vowel or
		// tone mark from its consonant.
		{"ขฃฅฆ", "ขฃฅฆ"},
		{"ข้อมูลฃฺฅฺ", "ข้อมูล|ฃฺฅฺ"},
		{"เฆ่ฆ่", "เฆ่ฆ่"},
	}
	for _, tt := range tests {
		if got := strings.Join(Segment(tt.in), "|"); got != tt.want {
			t.Errorf("Segment(%q)\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
	// Property over real text: no token starts with a mark or following
	// vowel, and none ends with a leading vowel.
	text := "การสำรวจภาวะการทำงานของประชากรไตรมาสที่สามเกษตรกรแปลงใหญ่โครงการไฟฟ้าเเสงอาทิตย์ฆฺฒ์"
	for _, tok := range Segment(text) {
		first, _ := utf8.DecodeRuneInString(tok)
		last, _ := utf8.DecodeLastRuneInString(tok)
		if isNonStarter(first) || isLeadingVowel(last) {
			t.Errorf("token %q splits a character cluster", tok)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"thai digits", "พ.ศ. ๒๕๖๘", "พ.ศ. 2568"},
		{"all digits", "๐๑๒๓๔๕๖๗๘๙", "0123456789"},
		{"double sara e", "เเละ", "และ"},
		{"nikhahit sara aa", "ทํางาน", "ทำงาน"},
		{"zero width", "ข้\u200bอ\u200cมู\u200dล\ufeff\u2060", "ข้อมูล"},
		{"tone before vowel", "ก่ิง", "กิ่ง"},
		{"no nfkc", "ทำงาน", "ทำงาน"},
		{"latin untouched", "PM2.5 Ｆｕｌｌ", "PM2.5 Ｆｕｌｌ"},
		{"invalid utf8", "ก\xffข", "ก\uFFFDข"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSegmentNormalises(t *testing.T) {
	got := strings.Join(Segment("สำมะโนประชากรเเละเคหะ ๒๕๖๘ ทํางาน"), "|")
	want := "สำมะโน|ประชากร|และ|เคหะ|2568|ทำงาน"
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestDictionary(t *testing.T) {
	d := dictionary()
	if dictSize <= 20000 {
		t.Fatalf("dictionary has %d words, want > 20000", dictSize)
	}
	if n := strings.Count(icuWords, "\n"); n <= 20000 {
		t.Errorf("embedded ICU list has %d lines, want > 20000", n)
	}
	for _, w := range []string{"ข้อมูล", "ยาง", "พารา", "ตัวชี้วัด", "สำมะโน", "ครัวเรือน", "ดิจิตัล", "อินเตอร์เนต"} {
		if !d.contains(w) {
			t.Errorf("dictionary lacks %q", w)
		}
	}
	for _, w := range []string{"ปีงบประมาณ", "ประเทศไทย", "xyz", ""} {
		if d.contains(w) {
			t.Errorf("dictionary has %q", w)
		}
	}
	if d.contains("ข้อมู") {
		t.Error("a word prefix is reported as a word")
	}
}

// FuzzSegment checks invariants that hold for every input: valid UTF-8
// terms, in-range monotonic offsets, and Thai tokens that together spell
// out exactly the normalised Thai letters of the input.
func FuzzSegment(f *testing.F) {
	for _, s := range []string{
		"สำมะโนประชากรและเคหะ พ.ศ. 2568", "ข้อมูลกองทุนหมู่บ้าน", "PM2.5 รายชั่วโมง",
		"เเละ ทํา ๒๕๖๘", "ก.", "..ก..ข.", "่ิ", "เ", "\xff\xfe", "a\u200bข", "รพ.สต", "ก่ิ",
	} {
		f.Add(s)
	}
	tok := &tokenizer{}
	big := &tokenizer{bigrams: true}
	f.Fuzz(func(t *testing.T, in string) {
		var thaiLetters strings.Builder
		for _, r := range Normalize(in) {
			if isThaiLetter(r) {
				thaiLetters.WriteRune(r)
			}
		}
		var joined strings.Builder
		s := scannerPool.Get().(*scanner)
		defer scannerPool.Put(s)
		lastEnd := 0
		s.scan([]byte(in), false, func(p piece) {
			if !utf8.Valid(p.term) || len(p.term) == 0 {
				t.Fatalf("bad term %q", p.term)
			}
			if p.start < lastEnd || p.end <= p.start || p.end > len(in) {
				t.Fatalf("bad offsets [%d,%d) after %d for %q", p.start, p.end, lastEnd, p.term)
			}
			lastEnd = p.end
			if p.kind == pieceThai || p.kind == pieceAbbrev {
				term := strings.ReplaceAll(string(p.term), ".", "")
				joined.WriteString(term)
				if src := strings.ReplaceAll(Normalize(in[p.start:p.end]), ".", ""); src != term {
					t.Fatalf("term %q but source range holds %q", term, src)
				}
			}
		})
		if joined.String() != thaiLetters.String() {
			t.Fatalf("Thai tokens %q do not spell the input's Thai %q", joined.String(), thaiLetters.String())
		}
		for _, tk := range big.Tokenize([]byte(in)) {
			if !utf8.Valid(tk.Term) || tk.Start < 0 || tk.End > len(in) || tk.Start > tk.End {
				t.Fatalf("bad bigram token %+v", tk)
			}
		}
		for i, tk := range tok.Tokenize([]byte(in)) {
			if tk.Position != i+1 {
				t.Fatalf("position %d at index %d", tk.Position, i)
			}
		}
	})
}

func BenchmarkSegment(b *testing.B) {
	text := []byte(strings.Repeat("สำมะโนประชากรและเคหะ พ.ศ. 2568 ข้อมูลกองทุนหมู่บ้านและชุมชนเมือง "+
		"ตัวชี้วัดเศรษฐกิจดิจิทัลของประเทศไทย Digital Economy Indicators รายงานการประชุมคณะกรรมการ "+
		"งบประมาณรายจ่ายประจำปีงบประมาณ ข้อมูลคุณภาพอากาศ PM2.5 รายชั่วโมง ", 20))
	tok := &tokenizer{}
	tok.Tokenize(text) // build the dictionary outside the timing
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		tok.Tokenize(text)
	}
}

func BenchmarkDictionaryBuild(b *testing.B) {
	for b.Loop() {
		buildTrie(dictionaryWords())
	}
}

func TestTokenizerSingleWord(t *testing.T) {
	if got := (&tokenizer{}).Tokenize([]byte("ข้อมูล")); len(got) != 1 || !bytes.Equal(got[0].Term, []byte("ข้อมูล")) {
		t.Fatalf("Tokenize(ข้อมูล) = %v", got)
	}
}

func TestKnown(t *testing.T) {
	for word, want := range map[string]bool{"ยา": true, "ยางพารา": false, "ยาง": true, "ข้อมูล": true, "ฟหกดเ": false, "": false} {
		if got := Known(word); got != want {
			t.Errorf("Known(%q) = %v, want %v", word, got, want)
		}
	}
}
