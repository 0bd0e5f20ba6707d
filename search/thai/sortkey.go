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

// CollationKey is SortKey's key unencoded: the same byte order in half the bytes, for
// keys kept in memory (the search index's sort column holds one per dataset).
func CollationKey(s string) string {
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
