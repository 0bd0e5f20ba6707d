package thai

// The non-Thai text of a catalog is mostly plain ASCII (English titles and notes,
// codes, numbers). Running it through the full Unicode word segmenter costs a build
// about a tenth of its CPU, so an ASCII stretch is split here by the same rules
// (UAX #29 restricted to ASCII) and only other text takes the general path. The
// differential test in ascii_test.go holds the two to the same output.

// asciiClass is a byte's UAX #29 word-break class, for the ASCII bytes the fast path
// takes.
type asciiClass uint8

const (
	asciiOther     asciiClass = iota // spaces, punctuation: break on both sides, dropped
	asciiLetter                      // ALetter: A–Z, a–z
	asciiDigit                       // Numeric: 0–9
	asciiMidLetter                   // MidLetter: ':'
	asciiMidNum                      // MidNum: ',' ';'
	asciiMidNumLet                   // MidNumLet and Single_Quote: '.' '\''
	asciiSlow                        // '_' (ExtendNumLet) and non-ASCII: the general segmenter's
)

var asciiClasses = func() (t [256]asciiClass) {
	for c := 0; c < 256; c++ {
		switch {
		case c >= 0x80 || c == '_':
			t[c] = asciiSlow
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			t[c] = asciiLetter
		case c >= '0' && c <= '9':
			t[c] = asciiDigit
		case c == ':':
			t[c] = asciiMidLetter
		case c == ',' || c == ';':
			t[c] = asciiMidNum
		case c == '.' || c == '\'':
			t[c] = asciiMidNumLet
		}
	}
	return t
}()

// asciiOnly reports whether the fast path can split rs.
func asciiOnly(rs []rune) bool {
	for _, r := range rs {
		if r >= 0x80 || asciiClasses[r] == asciiSlow {
			return false
		}
	}
	return true
}

// joins reports whether a word continues across the middle character mid, between
// a (the word's last character) and b (the one after mid): WB6/WB7 for letters,
// WB11/WB12 for digits.
func joins(a, mid, b asciiClass) bool {
	switch {
	case a == asciiLetter && b == asciiLetter:
		return mid == asciiMidLetter || mid == asciiMidNumLet
	case a == asciiDigit && b == asciiDigit:
		return mid == asciiMidNum || mid == asciiMidNumLet
	}
	return false
}

// splitASCII calls word for each word of the ASCII text b (as byte offsets), with
// number set when the word has no letter.
func splitASCII(b []byte, word func(start, end int, number bool)) {
	n := len(b)
	for i := 0; i < n; {
		c := asciiClasses[b[i]]
		if c != asciiLetter && c != asciiDigit {
			i++
			continue
		}
		start, number := i, true
		for {
			if c == asciiLetter {
				number = false
			}
			if i+1 < n {
				next := asciiClasses[b[i+1]]
				if next == asciiLetter || next == asciiDigit {
					i++
					c = next
					continue
				}
				if i+2 < n && joins(c, next, asciiClasses[b[i+2]]) {
					i += 2
					c = asciiClasses[b[i]]
					continue
				}
			}
			break
		}
		i++
		word(start, i, number)
	}
}
