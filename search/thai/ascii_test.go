package thai

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/blevesearch/segment"
)

// segmentWords is the general path's split of b: each word with its kind.
func segmentWords(b []byte) []string {
	var out []string
	seg := segment.NewWordSegmenterDirect(b)
	for seg.Segment() {
		switch seg.Type() {
		case segment.None:
		case segment.Number:
			out = append(out, "N:"+string(seg.Bytes()))
		default:
			out = append(out, "W:"+string(seg.Bytes()))
		}
	}
	return out
}

func asciiWords(b []byte) []string {
	var out []string
	splitASCII(b, func(a, e int, number bool) {
		if number {
			out = append(out, "N:"+string(b[a:e]))
		} else {
			out = append(out, "W:"+string(b[a:e]))
		}
	})
	return out
}

// The ASCII fast path must split exactly as the Unicode word segmenter does.
func TestSplitASCIIMatchesSegmenter(t *testing.T) {
	cases := []string{"", "PM2.5 and 2,500 THB", "e-Office 5G it's a.b a:b 1:2 1;2 a;b 3.14.15 x.", "..a..b..",
		"'a' 'b c' 9'9 a'9 9.a a.9 (2568) 1,000,000.50", "http://x.org/a?b=c&d=1 user@example.com", "A1b2 7th 1st-2nd\n\tv2.0.1"}
	r := rand.New(rand.NewPCG(1, 2))
	const alphabet = "aZk09 .,:;'\n-/()@#\"!?"
	for range 20000 {
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		cases = append(cases, string(b))
	}
	for _, c := range cases {
		want, got := fmt.Sprint(segmentWords([]byte(c))), fmt.Sprint(asciiWords([]byte(c)))
		if got != want {
			t.Fatalf("%q: fast path %s, segmenter %s", c, got, want)
		}
	}
}

// Text with an underscore or a non-ASCII character takes the general path.
func TestASCIIOnly(t *testing.T) {
	for s, want := range map[string]bool{"plain text, 2.5": true, "snake_case": false, "café": false, "ข": false} {
		if got := asciiOnly([]rune(s)); got != want {
			t.Errorf("asciiOnly(%q) = %v, want %v", s, got, want)
		}
	}
}
