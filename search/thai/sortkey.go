package thai

import (
	"encoding/hex"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// maxSortRunes bounds the text a sort key is computed from; titles that
// agree on this many characters are ordered arbitrarily, which keeps keys
// (and the index field holding them) small.
const maxSortRunes = 128

type collator struct {
	c   *collate.Collator
	buf collate.Buffer
}

// A collate.Collator is not safe for concurrent use, so each goroutine takes
// its own from the pool.
var collatorPool = sync.Pool{New: func() any {
	return &collator{c: collate.New(language.Thai, collate.IgnoreCase)}
}}

// SortKey returns a key whose byte order is Thai dictionary order of s
// (pre-posed vowels เ แ โ ใ ไ sort under the following consonant, unlike in
// UTF-8 byte order). The key is hex-encoded so that it can be stored in a
// Bleve keyword field and sorted there byte-wise. s is normalised first and
// only its first 128 characters count.
func SortKey(s string) string {
	return hex.EncodeToString([]byte(CollationKey(s)))
}

// CollationKey is SortKey's key unencoded and shortened with the same byte order, for
// keys kept in memory (the search index's sort column holds one per dataset).
//
// The collator's key is the primary weights, 0x0000, then a secondary weight per
// character: two bytes each, the common weight 0x0020 for nearly every Thai or Latin
// character and a higher one for a tone mark or an accent. CollationKey writes each
// run of k common weights and the higher weight after it as the byte 0xFF-k and that
// weight, and leaves a final run out. Where two keys first differ in their secondary
// weights, one has a common weight and the other a higher one (its run is shorter, so
// its byte is higher: it sorts after, as it did), or both have higher weights (same
// bytes up to them, then the weights themselves), or one has ended (the shorter key, as
// before). A key is about half as long.
func CollationKey(s string) string {
	k := fullCollationKey(s)
	sep := 0
	for sep+1 < len(k) && (k[sep] != 0 || k[sep+1] != 0) {
		sep += 2
	}
	if sep+1 >= len(k) || len(k)%2 != 0 {
		return k
	}
	out := make([]byte, 0, len(k))
	out = append(out, k[:sep+2]...)
	run := 0
	for i := sep + 2; i+1 < len(k); i += 2 {
		switch {
		case k[i] == 0 && k[i+1] == commonSecondary:
			run++
		case k[i] == 0 && k[i+1] < commonSecondary, run > 250:
			// Another level, a weight below the common one or a run too long for its
			// byte, which the encoding cannot order: keep the collator's key (still
			// ordered by its primary weights against every other key).
			return k
		default:
			out = append(out, byte(0xFF-run), k[i], k[i+1])
			run = 0
		}
	}
	return string(out)
}

// commonSecondary is the low byte of the collator's common secondary weight 0x0020.
const commonSecondary = 0x20

// fullCollationKey is the collator's key of s, normalised and bounded.
func fullCollationKey(s string) string {
	s = Normalize(s)
	n := 0
	for i := range s {
		if n == maxSortRunes {
			s = s[:i]
			break
		}
		n++
	}
	c := collatorPool.Get().(*collator)
	defer collatorPool.Put(c)
	c.buf.Reset()
	return string(c.c.KeyFromString(&c.buf, s))
}
