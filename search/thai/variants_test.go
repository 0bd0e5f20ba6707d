package thai

import (
	"strings"
	"testing"
)

func TestCanonical(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ดิจิตอล", "ดิจิทัล"},
		{"ดิจิตัล", "ดิจิทัล"},
		{"ดิจิทัล", "ดิจิทัล"},
		{"อินเตอร์เน็ต", "อินเทอร์เน็ต"},
		{"อินเตอร์เนต", "อินเทอร์เน็ต"},
		{"เว็บไซท์", "เว็บไซต์"},
		{"อีเมล์", "อีเมล"},
		{"ซอฟท์แวร์", "ซอฟต์แวร์"},
		{"แอพพลิเคชั่น", "แอปพลิเคชัน"},
		{"covid", "โควิด"},
		{"กทม.", "กรุงเทพมหานคร"},
		{"โคราช", "นครราชสีมา"},
		{"อยุธยา", "พระนครศรีอยุธยา"},
		{"ข้อมูล", "ข้อมูล"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Canonical(tt.in); got != tt.want {
			t.Errorf("Canonical(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Every Thai spelling must come out of the segmenter as one token, otherwise
// the synonym filter never sees it.
func TestVariantsAreSingleTokens(t *testing.T) {
	for _, g := range SpellingVariants() {
		for _, w := range g {
			got := Segment(w)
			if len(got) != 1 || strings.ToLower(got[0]) != w {
				t.Errorf("Segment(%q) = %q, want the word whole", w, got)
			}
			if v := Canonical(w); v != g[0] {
				t.Errorf("Canonical(%q) = %q, want %q", w, v, g[0])
			}
		}
	}
}

func TestVariantsInContext(t *testing.T) {
	got := strings.Join(Segment("บริการอินเตอร์เนตและเว็บไซท์ของรัฐ"), "|")
	if want := "บริการ|อินเตอร์เนต|และ|เว็บไซท์|ของ|รัฐ"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestSpellingVariantsIsACopy(t *testing.T) {
	v := SpellingVariants()
	v[0][0] = "changed"
	if SpellingVariants()[0][0] == "changed" {
		t.Fatal("SpellingVariants exposes the package's table")
	}
}
