package thai

import "strconv"

// Buddhist Era years are Common Era years plus 543 (since 1941 the Thai year
// starts on 1 January, so the offset is exact for modern data).
const beOffset = 543

// Year ranges treated as years rather than plain numbers. They do not
// overlap, so a number is never ambiguous between the two eras.
const (
	minBE = 2400
	maxBE = 2700
	minCE = 1900
	maxCE = 2150
)

// Era prefixes as the tokenizer emits them.
const (
	eraBE = "พ.ศ."
	eraCE = "ค.ศ."
)

// OtherEraYear returns the same year in the other calendar era for a token
// that looks like a year, so that "พ.ศ. 2568" and "2025" can match each other.
// prev is the token before it ("" if none) and thaiText reports whether the
// surrounding text contains Thai.
//
// A four-digit number in 2400–2700 is a Buddhist-Era year when it follows
// พ.ศ. or stands in Thai text (and does not follow ค.ศ.); its twin is
// year−543. A number in 1900–2150 is a Common-Era year unless it follows
// พ.ศ.; its twin is year+543. Anything else returns ok == false.
func OtherEraYear(token, prev string, thaiText bool) (twin string, ok bool) {
	y, ok := otherEra([]byte(token), prev == eraBE, prev == eraCE, thaiText)
	if !ok {
		return "", false
	}
	return strconv.Itoa(y), true
}

// otherEra is OtherEraYear on bytes, without allocating for non-years.
func otherEra(token []byte, afterBE, afterCE, thaiText bool) (int, bool) {
	if len(token) != 4 {
		return 0, false
	}
	y := 0
	for _, c := range token {
		if c < '0' || c > '9' {
			return 0, false
		}
		y = y*10 + int(c-'0')
	}
	switch {
	case y >= minBE && y <= maxBE && !afterCE && (afterBE || thaiText):
		return y - beOffset, true
	case y >= minCE && y <= maxCE && !afterBE:
		return y + beOffset, true
	}
	return 0, false
}
