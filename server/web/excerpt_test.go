package web

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestExcerptOfLongText checks that cutting long notes early gives the same excerpt as
// collapsing the whole text.
func TestExcerptOfLongText(t *testing.T) {
	slow := func(text string, n int) string {
		rs := []rune(strings.Join(strings.Fields(text), " "))
		if len(rs) <= n {
			return string(rs)
		}
		cut := n
		for i := n; i > n/2; i-- {
			if rs[i] == ' ' {
				cut = i
				break
			}
		}
		return string(rs[:cut]) + "…"
	}
	thai := strings.Repeat("ข้อมูลตัวอย่าง สถิติดิจิทัล ", 400)
	for _, tt := range []struct {
		name string
		text string
	}{
		{"short", "ผู้ใช้อินเทอร์เน็ต  internet"},
		{"long Thai", thai},
		{"long English", strings.Repeat("digital economy statistics\n\n", 300)},
		{"one long word", strings.Repeat("ก", 5000)},
		{"whitespace first", strings.Repeat(" \n\t", 3000) + thai},
		{"cut inside a word", strings.Repeat("x", 16*241-2) + "ข้อมูล ตัวอย่าง"},
		{"exactly the limit", strings.Repeat("a ", 8*241)},
	} {
		for _, n := range []int{10, 200, 240} {
			got, want := excerpt(tt.text, n), slow(tt.text, n)
			if got != want {
				t.Errorf("%s, %d: got %d runes %q…, want %d runes %q…", tt.name, n,
					utf8.RuneCountInString(got), first(got), utf8.RuneCountInString(want), first(want))
			}
		}
	}
}

func first(s string) string {
	if rs := []rune(s); len(rs) > 20 {
		return string(rs[:20])
	}
	return s
}

func TestNotesExcerptIsPlainText(t *testing.T) {
	for _, tt := range []struct{ md, want string }{
		{"**ผู้ใช้อินเทอร์เน็ต** (รหัสตัวชี้วัด `TDDC-OECD-USE-001`) ชุดข้อมูล", "ผู้ใช้อินเทอร์เน็ต (รหัสตัวชี้วัด TDDC-OECD-USE-001) ชุดข้อมูล"},
		{"## ที่มา\n\nดู [TDDC](https://tddc.gdcatalog.go.th) และ __NSO__", "ที่มา ดู TDDC และ NSO"},
		{"ราคา #1 ของ C# a_b", "ราคา #1 ของ C# a_b"},
		{"<b>x</b> &amp;", "<b>x</b> &amp;"}, // escaped later, by highlight
	} {
		if got := notesExcerpt(tt.md, 240); got != tt.want {
			t.Errorf("notesExcerpt(%q) = %q, want %q", tt.md, got, tt.want)
		}
	}
}
