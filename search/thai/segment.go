package thai

import (
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/segment"
)

// isThaiLetter reports the code points that make up a Thai word run:
// consonants, vowels, tone and other combining marks. PAIYANNOI (ฯ), MAI YAMOK
// (ๆ), digits and the other signs of the block act as punctuation.
func isThaiLetter(r rune) bool {
	switch {
	case r >= 0x0E01 && r <= 0x0E2E:
		return true
	case r >= 0x0E30 && r <= 0x0E3A:
		return true
	case r >= 0x0E40 && r <= 0x0E45:
		return true
	case r >= 0x0E47 && r <= 0x0E4E:
		return true
	}
	return false
}

// isConsonant reports ก..ฮ.
func isConsonant(r rune) bool { return r >= 0x0E01 && r <= 0x0E2E }

// isLeadingVowel reports เ แ โ ใ ไ, written before the consonant they follow
// in speech; a word never ends on one.
func isLeadingVowel(r rune) bool { return r >= 0x0E40 && r <= 0x0E44 }

// isNonStarter reports the vowels and marks that attach to the preceding
// consonant; a word never starts on one.
func isNonStarter(r rune) bool {
	return (r >= 0x0E30 && r <= 0x0E3A) || r == 0x0E45 || (r >= 0x0E47 && r <= 0x0E4E)
}

// pieceKind classifies a token before it becomes a Bleve token.
type pieceKind uint8

const (
	pieceThai   pieceKind = iota // dictionary word, unknown Thai cluster or bigram
	pieceAbbrev                  // dotted Thai abbreviation such as พ.ศ.
	pieceWord                    // non-Thai letters/digits (UAX #29 word)
	pieceNumber                  // UAX #29 number
	pieceIdeo                    // ideograph or kana
)

// piece is one token found by the scanner: its normalised text and the byte
// range of the original input it covers.
type piece struct {
	term       []byte
	start, end int
	kind       pieceKind
}

// scanner holds the scratch memory of one segmentation; scanners are pooled.
type scanner struct {
	text   normText
	bnd    []bool
	cost   []int64
	next   []int32
	known  []bool
	cuts   []int
	buf    []byte
	bufRun []int32
	term   []byte
}

var scannerPool = sync.Pool{New: func() any { return new(scanner) }}

// Maximal abbreviation group lengths (in runes): พ.ศ. has groups of one,
// รพ.สต. of two; a single dotted group like สสช. is consonants only.
const (
	maxAbbrevGroup = 4
	maxAbbrevFirst = 3
	maxAbbrevSolo  = 5
)

// unknownShift places the unknown-rune count above the word count in a
// path cost, so one unknown rune outweighs any number of extra words.
const unknownShift = 32

// scan tokenises input, calling emit for each piece in order. With bigrams
// set, Thai runs yield overlapping character bigrams instead of words.
// emit must copy p.term if it keeps it.
func (s *scanner) scan(input []byte, bigrams bool, emit func(p piece)) {
	s.text.normalize(input)
	r := s.text.r
	n := len(r)
	for i := 0; i < n; {
		if !isThaiLetter(r[i]) {
			j := i + 1
			for j < n && !isThaiLetter(r[j]) {
				j++
			}
			s.scanOther(i, j, emit)
			i = j
			continue
		}
		j := i + 1
		for j < n && isThaiLetter(r[j]) {
			j++
		}
		if bigrams {
			s.emitBigrams(i, j, emit)
			i = j
			continue
		}
		i = s.scanThai(i, j, emit)
	}
}

// scanThai segments the Thai run r[i:j] and any dotted abbreviation that
// starts at its end, returning where scanning continues.
func (s *scanner) scanThai(i, j int, emit func(p piece)) int {
	r := s.text.r
	n := len(r)
	cuts := s.segmentRun(r[i:j])
	words := len(cuts) - 1

	if j < n && r[j] == '.' {
		// Chain of dotted groups: พ.ศ., รพ.สต., ม.ค.
		groups, end := 1, j
		for end < n && r[end] == '.' && end+1 < n && isThaiLetter(r[end+1]) {
			g := end + 1
			for g < n && isThaiLetter(r[g]) {
				g++
			}
			if g-(end+1) > maxAbbrevGroup {
				break
			}
			groups++
			end = g
		}
		last := i + cuts[words-1]
		switch {
		case groups >= 2 && j-last <= maxAbbrevFirst:
			s.emitWords(i, cuts[:words], emit)
			dotted := end < n && r[end] == '.'
			if dotted {
				end++
			}
			s.emitAbbrev(last, end, !dotted, emit)
			return end
		case groups == 1 && (j+1 == n || !isThaiLetter(r[j+1])) && j-i <= maxAbbrevSolo && allConsonants(r[i:j]):
			s.emitAbbrev(i, j+1, false, emit)
			return j + 1
		}
	}
	s.emitWords(i, cuts, emit)
	return j
}

func allConsonants(rs []rune) bool {
	for _, r := range rs {
		if !isConsonant(r) {
			return false
		}
	}
	return true
}

// emitWords emits the words of a run starting at rune i, given cut points
// relative to i.
func (s *scanner) emitWords(i int, cuts []int, emit func(p piece)) {
	for k := 0; k+1 < len(cuts); k++ {
		a, b := i+cuts[k], i+cuts[k+1]
		emit(piece{term: s.runes(a, b, false), start: s.text.start[a], end: s.text.end[b-1], kind: pieceThai})
	}
}

// emitAbbrev emits r[a:b] as one abbreviation token; addDot completes an
// abbreviation typed without its final dot so both spellings index alike.
func (s *scanner) emitAbbrev(a, b int, addDot bool, emit func(p piece)) {
	emit(piece{term: s.runes(a, b, addDot), start: s.text.start[a], end: s.text.end[b-1], kind: pieceAbbrev})
}

// emitBigrams emits overlapping rune bigrams of the Thai run r[i:j].
func (s *scanner) emitBigrams(i, j int, emit func(p piece)) {
	if j-i == 1 {
		emit(piece{term: s.runes(i, j, false), start: s.text.start[i], end: s.text.end[i], kind: pieceThai})
		return
	}
	for k := i; k+1 < j; k++ {
		emit(piece{term: s.runes(k, k+2, false), start: s.text.start[k], end: s.text.end[k+1], kind: pieceThai})
	}
}

// runes encodes r[a:b] into the shared term buffer.
func (s *scanner) runes(a, b int, addDot bool) []byte {
	s.term = s.term[:0]
	for _, r := range s.text.r[a:b] {
		s.term = utf8.AppendRune(s.term, r)
	}
	if addDot {
		s.term = append(s.term, '.')
	}
	return s.term
}

// scanOther splits the non-Thai stretch r[i:j] with Unicode word rules
// (UAX #29), keeping tokens such as PM2.5, 2,500 and 5G whole and dropping
// spaces and punctuation.
func (s *scanner) scanOther(i, j int, emit func(p piece)) {
	if asciiOnly(s.text.r[i:j]) {
		s.buf = s.buf[:0]
		for _, r := range s.text.r[i:j] {
			s.buf = append(s.buf, byte(r))
		}
		splitASCII(s.buf, func(a, e int, number bool) {
			kind := pieceWord
			if number {
				kind = pieceNumber
			}
			emit(piece{term: s.buf[a:e], start: s.text.start[i+a], end: s.text.end[i+e-1], kind: kind})
		})
		return
	}
	s.buf, s.bufRun = s.buf[:0], s.bufRun[:0]
	for k := i; k < j; k++ {
		before := len(s.buf)
		s.buf = utf8.AppendRune(s.buf, s.text.r[k])
		for range len(s.buf) - before {
			s.bufRun = append(s.bufRun, int32(k))
		}
	}
	seg := segment.NewWordSegmenterDirect(s.buf)
	pos := 0
	for seg.Segment() {
		b := seg.Bytes()
		a, e := pos, pos+len(b)
		pos = e
		var kind pieceKind
		switch seg.Type() {
		case segment.None:
			continue
		case segment.Number:
			kind = pieceNumber
		case segment.Ideo, segment.Kana:
			kind = pieceIdeo
		default:
			kind = pieceWord
		}
		first, last := s.bufRun[a], s.bufRun[e-1]
		emit(piece{term: b, start: s.text.start[first], end: s.text.end[last], kind: kind})
	}
}

// segmentRun returns the cut points (0 first, len(run) last) of a Thai run.
//
// It is dictionary maximal matching: a shortest path over positions where a
// word may start, whose edges are dictionary words plus one unknown-cluster
// edge per position. Paths are ranked by fewest unknown runes, then fewest
// words; remaining ties prefer the longer first word (ประจำ|ปี over
// ประ|จำปี), which is why the path is computed backwards. Consecutive
// unknown clusters are merged into one piece.
func (s *scanner) segmentRun(run []rune) []int {
	d := dictionary()
	n := len(run)
	s.bnd = grow(s.bnd, n+1)
	s.cost = grow(s.cost, n+1)
	s.next = grow(s.next, n+1)
	s.known = grow(s.known, n+1)
	bnd, cost, next, known := s.bnd, s.cost, s.next, s.known

	bnd[0], bnd[n] = true, true
	for p := 1; p < n; p++ {
		bnd[p] = !isNonStarter(run[p]) && !isLeadingVowel(run[p-1])
	}
	cost[n] = 0
	for i := n - 1; i >= 0; i-- {
		if !bnd[i] {
			continue
		}
		e := i + 1
		for !bnd[e] {
			e++
		}
		best := cost[e] + int64(e-i)<<unknownShift + 1
		bestEnd, bestKnown := e, false
		node := int32(0)
		for j := i; j < n; j++ {
			if node = d.next(node, run[j]); node < 0 {
				break
			}
			if d.word[node] && bnd[j+1] {
				if c := cost[j+1] + 1; c <= best {
					best, bestEnd, bestKnown = c, j+1, true
				}
			}
		}
		cost[i], next[i], known[i] = best, int32(bestEnd), bestKnown
	}

	s.cuts = append(s.cuts[:0], 0)
	for i := 0; i < n; {
		e := int(next[i])
		if !known[i] {
			for e < n && !known[e] {
				e = int(next[e])
			}
		}
		s.cuts = append(s.cuts, e)
		i = e
	}
	return s.cuts
}

// grow returns s resized to n elements, reallocating only when too small.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/4)
	}
	return s[:n]
}

// Segment splits text into normalised tokens the way the "thai" tokenizer
// does: Thai runs into dictionary words (unknown stretches kept as whole
// clusters), dotted abbreviations whole (พ.ศ.), other letters and digits as
// Unicode words (PM2.5, 2,500); spaces and punctuation are dropped. Tokens are
// not lower-cased and carry no synonyms or year twins; use the Bleve analyzer
// AnalyzerMixed for those.
func Segment(text string) []string {
	s := scannerPool.Get().(*scanner)
	defer scannerPool.Put(s)
	var out []string
	s.scan([]byte(text), false, func(p piece) { out = append(out, string(p.term)) })
	return out
}
