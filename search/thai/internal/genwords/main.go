// Command genwords regenerates search/thai/words_icu.txt, the Thai word list the
// segmenter embeds, from the ICU data that Debian ships.
//
// Source: Debian 12 package libicu72 (72.1-3+deb12u1), file
// /usr/lib/x86_64-linux-gnu/libicudata.so.72 (on other architectures the
// multiarch directory differs; pass -lib). ICU compiles all of its data into
// that shared library as one "common data" blob exported under the ELF symbol
// icudt72_dat. Inside the blob the item brkitr/thaidict.dict is ICU's Thai
// word-break dictionary (built from thaidict.txt in the ICU sources): a
// BytesTrie whose bytes are code points minus U+0E00.
//
// The program reads the library with debug/elf, walks the common-data table of
// contents to that item, checks its data header ("Dict" format), enumerates
// every word in the trie, and writes them sorted and de-duplicated, one per
// line. It also copies the package's licence notice
// (/usr/share/icu/72.1/LICENSE, the Unicode licence whose permission notice
// must travel with copies of the data) next to the word list.
//
// No ICU tool (icupkg, cgo) is needed, only the installed library file. To
// rerun after an ICU upgrade:
//
//	apt-get install libicu72        # already in the Go base image
//	go generate ./search/thai
//
// which runs, from search/thai:
//
//	go run ./internal/genwords -lib /usr/lib/x86_64-linux-gnu/libicudata.so.72 \
//	    -license /usr/share/icu/72.1/LICENSE -o words_icu.txt -license-out LICENSE-ICU.txt
//
// A different ICU major version exports a different symbol (icudtNN_dat); the
// program finds whichever icudt*_dat symbol the library has.
package main

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"unicode/utf8"
)

func main() {
	lib := flag.String("lib", "/usr/lib/x86_64-linux-gnu/libicudata.so.72", "ICU data shared library (Debian libicu72)")
	item := flag.String("item", "brkitr/thaidict.dict", "item inside the ICU common data, without the icudtNNl/ prefix")
	out := flag.String("o", "words_icu.txt", "output word list")
	license := flag.String("license", "/usr/share/icu/72.1/LICENSE", "ICU licence notice to copy; empty to skip")
	licenseOut := flag.String("license-out", "LICENSE-ICU.txt", "where to copy the licence notice")
	flag.Parse()

	if err := run(*lib, *item, *out, *license, *licenseOut); err != nil {
		fmt.Fprintln(os.Stderr, "genwords:", err)
		os.Exit(1)
	}
}

func run(lib, item, out, license, licenseOut string) error {
	blob, sym, err := commonData(lib)
	if err != nil {
		return err
	}
	raw, name, err := findItem(blob, item)
	if err != nil {
		return fmt.Errorf("%s in %s: %w", item, sym, err)
	}
	words, err := dictWords(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	var b strings.Builder
	for _, w := range words {
		b.WriteString(w)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("write word list: %w", err)
	}
	fmt.Fprintf(os.Stderr, "genwords: %d words from %s (%s, %s) -> %s\n", len(words), name, lib, sym, out)
	if license != "" {
		text, err := os.ReadFile(license)
		if err != nil {
			return fmt.Errorf("read licence: %w", err)
		}
		if err := os.WriteFile(licenseOut, text, 0o644); err != nil {
			return fmt.Errorf("write licence: %w", err)
		}
	}
	return nil
}

// commonData returns the bytes of the icudt*_dat symbol of an ICU data library.
func commonData(path string) ([]byte, string, error) {
	f, err := elf.Open(path)
	if err != nil {
		return nil, "", fmt.Errorf("open ICU data library: %w", err)
	}
	defer f.Close()
	syms, err := f.DynamicSymbols()
	if err != nil {
		return nil, "", fmt.Errorf("read dynamic symbols of %s: %w", path, err)
	}
	for _, s := range syms {
		if !strings.HasPrefix(s.Name, "icudt") || !strings.HasSuffix(s.Name, "_dat") {
			continue
		}
		if int(s.Section) >= len(f.Sections) {
			return nil, "", fmt.Errorf("symbol %s: bad section index", s.Name)
		}
		sec := f.Sections[s.Section]
		data, err := sec.Data()
		if err != nil {
			return nil, "", fmt.Errorf("read section %s: %w", sec.Name, err)
		}
		start := s.Value - sec.Addr
		if s.Value < sec.Addr || start > uint64(len(data)) {
			return nil, "", fmt.Errorf("symbol %s outside its section", s.Name)
		}
		end := uint64(len(data))
		// Debian's build reports a nominal size for the symbol, so the
		// table of contents, not the symbol size, bounds the items.
		if s.Size > 0x1000 && start+s.Size <= end {
			end = start + s.Size
		}
		return data[start:end], s.Name, nil
	}
	return nil, "", errors.New("no icudt*_dat symbol: not an ICU data library")
}

// dataHeader parses ICU's common DataHeader + UDataInfo and returns the data
// format tag and the payload that follows the header.
func dataHeader(b []byte) (format string, payload []byte, err error) {
	if len(b) < 24 || b[2] != 0xda || b[3] != 0x27 {
		return "", nil, errors.New("missing ICU data header magic")
	}
	// headerSize is stored in the platform's byte order; only little-endian
	// data ("l" in icudt72l) is expected here, and isBigEndian confirms it.
	if b[8] != 0 {
		return "", nil, errors.New("big-endian ICU data is not supported")
	}
	hs := int(binary.LittleEndian.Uint16(b[0:2]))
	if hs < 24 || hs > len(b) {
		return "", nil, fmt.Errorf("bad header size %d", hs)
	}
	return string(b[12:16]), b[hs:], nil
}

// findItem locates an item in a "CmnD" common data blob by its name suffix.
func findItem(blob []byte, item string) ([]byte, string, error) {
	format, toc, err := dataHeader(blob)
	if err != nil {
		return nil, "", err
	}
	if format != "CmnD" {
		return nil, "", fmt.Errorf("data format %q, want CmnD", format)
	}
	if len(toc) < 4 {
		return nil, "", errors.New("truncated table of contents")
	}
	n := int(binary.LittleEndian.Uint32(toc))
	if n <= 0 || 4+8*n > len(toc) {
		return nil, "", fmt.Errorf("bad item count %d", n)
	}
	entry := func(i int) (nameOff, dataOff int) {
		p := 4 + 8*i
		return int(binary.LittleEndian.Uint32(toc[p:])), int(binary.LittleEndian.Uint32(toc[p+4:]))
	}
	for i := 0; i < n; i++ {
		nameOff, dataOff := entry(i)
		if nameOff >= len(toc) || dataOff > len(toc) {
			return nil, "", fmt.Errorf("entry %d out of range", i)
		}
		nul := bytes.IndexByte(toc[nameOff:], 0)
		if nul < 0 {
			return nil, "", fmt.Errorf("entry %d: unterminated name", i)
		}
		name := string(toc[nameOff : nameOff+nul])
		if !strings.HasSuffix(name, "/"+item) {
			continue
		}
		// Items are stored back to back, so the next entry (or the end of
		// the blob) bounds this one.
		end := len(toc)
		if i+1 < n {
			_, next := entry(i + 1)
			if next >= dataOff && next <= len(toc) {
				end = next
			}
		}
		return toc[dataOff:end], name, nil
	}
	return nil, "", errors.New("item not found")
}

// Dictionary layout constants from ICU's dictionarydata.h.
const (
	ixStringTrieOffset = 0
	ixTotalSize        = 3
	ixTrieType         = 4
	ixTransform        = 5
	ixCount            = 8

	trieTypeBytes  = 0
	trieTypeUChars = 1
	trieTypeMask   = 7

	transformTypeOffset = 0x1000000
	transformTypeMask   = 0x7f000000
	transformOffsetMask = 0x1fffff
)

// dictWords decodes a "Dict" item and returns its words sorted.
func dictWords(raw []byte) ([]string, error) {
	format, p, err := dataHeader(raw)
	if err != nil {
		return nil, err
	}
	if format != "Dict" {
		return nil, fmt.Errorf("data format %q, want Dict", format)
	}
	if len(p) < 4*ixCount {
		return nil, errors.New("truncated dictionary indexes")
	}
	ix := make([]int, ixCount)
	for i := range ix {
		ix[i] = int(int32(binary.LittleEndian.Uint32(p[4*i:])))
	}
	start, total := ix[ixStringTrieOffset], ix[ixTotalSize]
	if start < 4*ixCount || total > len(p) || start > total {
		return nil, fmt.Errorf("bad trie bounds %d..%d", start, total)
	}
	if ix[ixTrieType]&trieTypeMask != trieTypeBytes {
		if ix[ixTrieType]&trieTypeMask == trieTypeUChars {
			return nil, errors.New("UCharsTrie dictionaries are not handled (Thai uses a BytesTrie)")
		}
		return nil, fmt.Errorf("unknown trie type %d", ix[ixTrieType])
	}
	if ix[ixTransform]&transformTypeMask != transformTypeOffset {
		return nil, fmt.Errorf("unsupported transform %#x", ix[ixTransform])
	}
	offset := rune(ix[ixTransform] & transformOffsetMask)

	w := &walker{trie: p[start:total]}
	if err := w.node(0, nil); err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(w.words))
	var words []string
	for _, k := range w.words {
		s, err := untransform(k, offset)
		if err != nil {
			return nil, err
		}
		if !seen[s] {
			seen[s] = true
			words = append(words, s)
		}
	}
	sort.Strings(words)
	return words, nil
}

// untransform reverses ICU's offset transform (DictionaryBuilder / BytesDictionaryMatcher::transform).
func untransform(k []byte, offset rune) (string, error) {
	var b strings.Builder
	for _, c := range k {
		var r rune
		switch c {
		case 0xff:
			r = 0x200d // ZWJ
		case 0xfe:
			r = 0x200c // ZWNJ
		default:
			r = offset + rune(c)
		}
		if !utf8.ValidRune(r) {
			return "", fmt.Errorf("invalid code point %U", r)
		}
		b.WriteRune(r)
	}
	return b.String(), nil
}

// BytesTrie encoding constants from ICU's bytestrie.h.
const (
	maxBranchLinearSubNodeLength = 5
	minLinearMatch               = 0x10
	minValueLead                 = 0x20
	minOneByteValueLead          = minValueLead / 2 // 0x10
	minTwoByteValueLead          = 0x51
	minThreeByteValueLead        = 0x6c
	fourByteValueLead            = 0x7e
	minTwoByteDeltaLead          = 0xc0
	minThreeByteDeltaLead        = 0xf0
	fourByteDeltaLead            = 0xfe
)

var errTruncated = errors.New("truncated BytesTrie")

// walker enumerates every string that has a value in an ICU BytesTrie.
type walker struct {
	trie  []byte
	words [][]byte
	depth int
}

func (w *walker) at(pos int) (int, error) {
	if pos < 0 || pos >= len(w.trie) {
		return 0, errTruncated
	}
	return int(w.trie[pos]), nil
}

func (w *walker) emit(prefix []byte) {
	w.words = append(w.words, append([]byte(nil), prefix...))
}

// node walks from a node start, following linear matches and value nodes.
func (w *walker) node(pos int, prefix []byte) error {
	w.depth++
	defer func() { w.depth-- }()
	if w.depth > 1000 {
		return errors.New("BytesTrie nesting too deep")
	}
	for {
		lead, err := w.at(pos)
		if err != nil {
			return err
		}
		pos++
		switch {
		case lead >= minValueLead:
			w.emit(prefix)
			if lead&1 != 0 { // final value: nothing follows
				return nil
			}
			pos = skipValue(pos, lead)
		case lead < minLinearMatch:
			length := lead
			if length == 0 {
				if length, err = w.at(pos); err != nil {
					return err
				}
				pos++
			}
			return w.branch(pos, length+1, prefix)
		default:
			n := lead - minLinearMatch + 1
			if pos+n > len(w.trie) {
				return errTruncated
			}
			prefix = append(prefix[:len(prefix):len(prefix)], w.trie[pos:pos+n]...)
			pos += n
		}
	}
}

// branch walks a branch node of the given length starting after its length bytes.
func (w *walker) branch(pos, length int, prefix []byte) error {
	for length > maxBranchLinearSubNodeLength {
		pos++ // the comparison byte
		target, next, err := w.delta(pos)
		if err != nil {
			return err
		}
		// Bytes less than the comparison byte live at the jump target.
		if err := w.branch(target, length>>1, prefix); err != nil {
			return err
		}
		length -= length >> 1
		pos = next
	}
	for ; length > 1; length-- {
		c, err := w.at(pos)
		if err != nil {
			return err
		}
		lead, err := w.at(pos + 1)
		if err != nil {
			return err
		}
		key := append(prefix[:len(prefix):len(prefix)], byte(c))
		v, next, err := w.value(pos+2, lead>>1)
		if err != nil {
			return err
		}
		if lead&1 != 0 {
			w.emit(key)
		} else if err := w.node(next+v, key); err != nil {
			return err
		}
		pos = next
	}
	c, err := w.at(pos)
	if err != nil {
		return err
	}
	return w.node(pos+1, append(prefix[:len(prefix):len(prefix)], byte(c)))
}

// value reads a compact value whose lead byte (already shifted right by one)
// precedes pos, returning the value and the position after it.
func (w *walker) value(pos, lead int) (int, int, error) {
	need := 0
	switch {
	case lead < minTwoByteValueLead:
		return lead - minOneByteValueLead, pos, nil
	case lead < minThreeByteValueLead:
		need = 1
	case lead < fourByteValueLead:
		need = 2
	case lead == fourByteValueLead:
		need = 3
	default:
		need = 4
	}
	if pos+need > len(w.trie) {
		return 0, 0, errTruncated
	}
	b := w.trie[pos : pos+need]
	var v int
	switch {
	case lead < minThreeByteValueLead:
		v = (lead-minTwoByteValueLead)<<8 | int(b[0])
	case lead < fourByteValueLead:
		v = (lead-minThreeByteValueLead)<<16 | int(b[0])<<8 | int(b[1])
	case lead == fourByteValueLead:
		v = int(b[0])<<16 | int(b[1])<<8 | int(b[2])
	default:
		v = int(b[0])<<24 | int(b[1])<<16 | int(b[2])<<8 | int(b[3])
	}
	return v, pos + need, nil
}

// delta reads a jump delta at pos and returns the jump target and the position after the delta.
func (w *walker) delta(pos int) (target, next int, err error) {
	d, err := w.at(pos)
	if err != nil {
		return 0, 0, err
	}
	pos++
	need := 0
	switch {
	case d < minTwoByteDeltaLead:
	case d < minThreeByteDeltaLead:
		need = 1
	case d < fourByteDeltaLead:
		need = 2
	case d == fourByteDeltaLead:
		need = 3
	default:
		need = 4
	}
	if pos+need > len(w.trie) {
		return 0, 0, errTruncated
	}
	b := w.trie[pos : pos+need]
	switch need {
	case 1:
		d = (d-minTwoByteDeltaLead)<<8 | int(b[0])
	case 2:
		d = (d-minThreeByteDeltaLead)<<16 | int(b[0])<<8 | int(b[1])
	case 3:
		d = int(b[0])<<16 | int(b[1])<<8 | int(b[2])
	case 4:
		d = int(b[0])<<24 | int(b[1])<<16 | int(b[2])<<8 | int(b[3])
	}
	next = pos + need
	return next + d, next, nil
}

// skipValue returns the position after a value whose (unshifted) lead byte preceded pos.
func skipValue(pos, lead int) int {
	switch {
	case lead < minTwoByteValueLead<<1:
		return pos
	case lead < minThreeByteValueLead<<1:
		return pos + 1
	case lead < fourByteValueLead<<1:
		return pos + 2
	default:
		return pos + 3 + (lead>>1)&1
	}
}
