package thai

import (
	"strings"
	"unicode/utf8"
)

// Thai code points the segmenter and normaliser care about.
const (
	saraE     = 'เ' // U+0E40
	saraAe    = 'แ' // U+0E41
	saraAa    = 'า' // U+0E32
	saraAm    = 'ำ' // U+0E33
	nikhahit  = 'ํ' // U+0E4D
	thaiZero  = '๐' // U+0E50
	thaiNine  = '๙' // U+0E59
	thaiBlock = 0x0E00
)

// isZeroWidth reports the invisible characters that editors and PDF
// converters leave inside Thai words; they would otherwise split a word.
func isZeroWidth(r rune) bool {
	switch r {
	case 0x200B, 0x200C, 0x200D, 0xFEFF, 0x2060:
		return true
	}
	return false
}

// isTone reports the tone marks MAI EK .. MAI CHATTAWA.
func isTone(r rune) bool { return r >= 0x0E48 && r <= 0x0E4B }

// isUpperLowerVowel reports vowels written above or below the consonant, which
// must precede a tone mark in the canonical typing order.
func isUpperLowerVowel(r rune) bool {
	return r == 0x0E31 || (r >= 0x0E34 && r <= 0x0E3A)
}

// normText is normalised text with, for every normalised rune, the byte range
// of the original input it came from, so tokens keep highlightable offsets
// even though normalisation changes lengths.
type normText struct {
	r     []rune
	start []int
	end   []int
}

// normalize fills t from input. It reuses t's slices.
func (t *normText) normalize(input []byte) {
	t.r, t.start, t.end = t.r[:0], t.start[:0], t.end[:0]
	for i := 0; i < len(input); {
		r, size := utf8.DecodeRune(input[i:])
		if r == utf8.RuneError && size <= 1 {
			// Invalid bytes are kept as U+FFFD so offsets stay monotonic
			// and the output is valid UTF-8.
			size = 1
		}
		s, e := i, i+size
		i = e
		switch {
		case isZeroWidth(r):
			continue
		case r >= thaiZero && r <= thaiNine:
			r = '0' + (r - thaiZero)
		case r == saraE && len(t.r) > 0 && t.r[len(t.r)-1] == saraE:
			// Two SARA E typed for SARA AE: merge into the previous rune.
			t.r[len(t.r)-1] = saraAe
			t.end[len(t.end)-1] = e
			continue
		case r == saraAa && len(t.r) > 0 && t.r[len(t.r)-1] == nikhahit:
			t.r[len(t.r)-1] = saraAm
			t.end[len(t.end)-1] = e
			continue
		case isUpperLowerVowel(r) && len(t.r) > 0 && isTone(t.r[len(t.r)-1]):
			// Tone typed before the vowel looks identical on screen but
			// spells a different string; put the vowel first.
			n := len(t.r) - 1
			t.r[n], r = r, t.r[n]
		}
		t.r = append(t.r, r)
		t.start = append(t.start, s)
		t.end = append(t.end, e)
	}
}

// Normalize returns s with the spelling normalisations the segmenter applies:
// Thai digits ๐–๙ become ASCII 0–9, a doubled SARA E (เเ) becomes SARA AE (แ),
// NIKHAHIT + SARA AA (ํา) becomes SARA AM (ำ), a tone mark typed before an
// upper or lower vowel is moved after it, and zero-width characters
// (U+200B, U+200C, U+200D, U+FEFF, U+2060) are removed. Invalid UTF-8 becomes
// U+FFFD. Unicode NFKC is deliberately not applied: it splits SARA AM.
func Normalize(s string) string {
	var t normText
	t.normalize([]byte(s))
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range t.r {
		b.WriteRune(r)
	}
	return b.String()
}
