package datastore

import (
	"strings"
	"testing"

	"github.com/khlang/khlang/search/thai"
)

// TestSegCacheMatchesWholeText: segmenting a cell piece by piece between its spaces, with
// the cache, gives exactly the words of segmenting it whole, with the Thai segmenter the
// server uses, so rows loaded this way match the same queries.
func TestSegCacheMatchesWholeText(t *testing.T) {
	seg := func(text string) []string { return thai.Segment(strings.ToLower(text)) }
	s := &Store{seg: seg}
	texts := []string{
		"บ้านหนองบัว หมู่ 7 กลุ่มแม่บ้าน ทุเรียน แปรรูป ข้าวหอมมะลิ",
		"กองทุนหมู่บ้านและชุมชนเมืองแห่งชาติ (สทบ.) จังหวัดเชียงใหม่   อำเภอสันทราย",
		"สำมะโนประชากรและเคหะ พ.ศ. 2568 ประชากรทั้งหมด 66,052,615 คน, ร้อยละ 12.5%",
		"Digital Economy Promotion Agency (depa) — e-Office / ระบบสารบรรณอิเล็กทรอนิกส์",
		"ราคา ๑,๒๐๐ บาท\tต่อ\u00a0กิโลกรัม\nผ้าไหมมัดหมี่ “ลายโบราณ” ฯลฯ ๆ",
		"ASCII only, with punctuation: don't split e-mail@example.org; 3.14 and 2,066",
		strings.Repeat("ดิจิทัล ", 40) + "ดิจิตอล",
		"",
	}
	c := &segCache{s: s}
	for range 2 { // the second round answers from the cache
		for _, text := range texts {
			want := strings.Join(s.tokens(text), " ")
			if got := c.text(text); got != want {
				t.Fatalf("%q:\n got %q\nwant %q", text, got, want)
			}
		}
	}
}
