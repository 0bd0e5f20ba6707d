package search

import (
	"encoding/binary"
	"hash/maphash"
	"unsafe"
)

// The per-dataset records hold no pointer. At a million datasets a string or slice per
// record is a heap object each (about a kilobyte per dataset with the id map) that every
// garbage collection walks; here a record is a fixed-size struct in one slice, its strings
// (id, name, title collation key, indicator code) one length-prefixed blob in a byte arena
// and its value ids a run in a uint32 arena, both allocated in chunks that are never moved
// or grown in place, and the id→ordinal map an open-addressing table of ordinals that
// compares ids in the arena.

// Record string positions within a blob.
const (
	strID = iota
	strName
	strTitle
	strIndicator
	numStrs
)

// arenaChunk is the size of an arena chunk: large enough that chunks are few, small
// enough that a new one is a small step in RSS.
const arenaChunk = 1 << 20

// arena is append-only storage addressed by chunk<<32 | offset. Bytes once written never
// change, so strings pointing into a chunk stay valid however the arena grows; compaction
// starts new chunks and leaves old ones to the garbage collector.
type arena[T byte | uint32] struct {
	chunks  [][]T
	used    int // elements written
	garbage int // elements no record points to any more
}

// alloc reserves n elements and returns their position and the slice to fill.
func (a *arena[T]) alloc(n int) (uint64, []T) {
	last := len(a.chunks) - 1
	if last < 0 || cap(a.chunks[last])-len(a.chunks[last]) < n {
		a.chunks = append(a.chunks, make([]T, 0, max(arenaChunk/int(unsafe.Sizeof(T(0))), n)))
		last++
	}
	c := a.chunks[last]
	off := len(c)
	a.chunks[last] = c[:off+n]
	a.used += n
	return uint64(last)<<32 | uint64(off), a.chunks[last][off : off+n : off+n]
}

// at is the arena from position p to the end of its chunk.
func (a *arena[T]) at(p uint64) []T {
	return a.chunks[p>>32][uint32(p):]
}

// putStrs stores a record's strings as one blob, returning its position (never 0).
func (c *columns) putStrs(s [numStrs]string) uint64 {
	n := 0
	for _, x := range s {
		n += uvarintLen(len(x)) + len(x)
	}
	p, b := c.strs.alloc(n)
	at := 0
	for _, x := range s {
		at += binary.PutUvarint(b[at:], uint64(len(x)))
		at += copy(b[at:], x)
	}
	return p + 1 // 0 means no strings
}

// str is string k of the record at ordinal o ("" when it has none). It points into the
// arena, so it costs no allocation and stays valid.
func (c *columns) str(o uint32, k int) string {
	p := c.docs[o].str
	if p == 0 {
		if k == strID {
			// An ordinal handed out for a batch still on its way into Bleve.
			return c.pending[o]
		}
		return ""
	}
	b := c.strs.at(p - 1)
	for i := 0; ; i++ {
		n, w := binary.Uvarint(b)
		b = b[w:]
		if i == k {
			return unsafe.String(unsafe.SliceData(b), n)
		}
		b = b[n:]
	}
}

// strsLen is the size of the blob at p.
func (c *columns) strsLen(p uint64) int {
	if p == 0 {
		return 0
	}
	b := c.strs.at(p - 1)
	at := 0
	for range numStrs {
		n, w := binary.Uvarint(b[at:])
		at += w + int(n)
	}
	return at
}

// idOf is the dataset id at ordinal o.
func (c *columns) idOf(o uint32) string { return c.str(o, strID) }

// vals are the value ids of the record at ordinal o; the slice must not be changed.
func (c *columns) vals(o uint32) []uint32 {
	d := &c.docs[o]
	if d.nvals == 0 {
		return nil
	}
	return c.valArena.at(d.val)[:d.nvals:d.nvals]
}

// setVals stores the value ids of the record at ordinal o.
func (c *columns) setVals(o uint32, ids []uint32) {
	d := &c.docs[o]
	c.valArena.garbage += int(d.nvals)
	d.val, d.nvals = 0, 0
	if len(ids) == 0 {
		return
	}
	p, dst := c.valArena.alloc(len(ids))
	copy(dst, ids)
	d.val, d.nvals = p, uint32(len(ids))
}

// setStrs replaces the strings of the record at ordinal o.
func (c *columns) setStrs(o uint32, s [numStrs]string) {
	d := &c.docs[o]
	c.strs.garbage += c.strsLen(d.str)
	d.str = c.putStrs(s)
}

// compact copies the live blobs and value runs into fresh arenas once most of the arenas
// is garbage (datasets rewritten or deleted), so a long-running server's columns do not
// grow with the number of changes.
func (c *columns) compact() {
	if c.strs.garbage < compactFrom && c.valArena.garbage < compactFrom/4 ||
		c.strs.garbage*2 < c.strs.used && c.valArena.garbage*2 < c.valArena.used {
		return
	}
	old := *c
	c.strs, c.valArena = arena[byte]{}, arena[uint32]{}
	for o := range c.docs {
		d := &c.docs[o]
		if d.str != 0 {
			var s [numStrs]string
			for k := range s {
				s[k] = old.str(uint32(o), k)
			}
			d.str = 0
			c.setStrs(uint32(o), s)
		}
		if d.nvals != 0 {
			v := old.vals(uint32(o))
			d.nvals = 0
			c.setVals(uint32(o), v)
		}
	}
}

// compactFrom is the garbage (in bytes of strings) below which arenas are not compacted.
var compactFrom = 1 << 22

func uvarintLen(n int) int {
	l := 1
	for ; n >= 0x80; n >>= 7 {
		l++
	}
	return l
}

// idSeed hashes ids for the ordinal table; ids are not kept anywhere the hash would
// have to agree with, so one seed per process does.
var idSeed = maphash.MakeSeed()

// ordTable maps dataset ids to ordinals: slots hold ordinal+1 (0 is empty), probed
// linearly from the id's hash; the id itself is read from the ordinal's record.
type ordTable struct {
	slots []uint32
	n     int
}

// lookup is the ordinal of id.
func (c *columns) lookup(id string) (uint32, bool) {
	t := &c.ords
	if len(t.slots) == 0 {
		return 0, false
	}
	mask := uint64(len(t.slots) - 1)
	for i := maphash.String(idSeed, id) & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return 0, false
		}
		if c.idOf(s-1) == id {
			return s - 1, true
		}
	}
}

// insertOrd maps the id of the record at ordinal o (which must not be mapped yet) to o.
func (c *columns) insertOrd(o uint32) {
	t := &c.ords
	if (t.n+1)*2 > len(t.slots) {
		old := t.slots
		t.slots = make([]uint32, max(64, 2*len(old)))
		for _, s := range old {
			if s != 0 {
				c.placeOrd(s - 1)
			}
		}
	}
	c.placeOrd(o)
	t.n++
}

func (c *columns) placeOrd(o uint32) {
	t := &c.ords
	mask := uint64(len(t.slots) - 1)
	i := maphash.String(idSeed, c.idOf(o)) & mask
	for t.slots[i] != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = o + 1
}

// deleteOrd unmaps the id of the record at ordinal o, which must still hold its id.
func (c *columns) deleteOrd(o uint32) {
	t := &c.ords
	if len(t.slots) == 0 {
		return
	}
	mask := uint64(len(t.slots) - 1)
	i := maphash.String(idSeed, c.idOf(o)) & mask
	for t.slots[i] != o+1 {
		if t.slots[i] == 0 {
			return
		}
		i = (i + 1) & mask
	}
	// Backward-shift deletion: move up every later entry of the run whose home slot is
	// not between the hole and itself, so lookups never stop early at the hole.
	for j := (i + 1) & mask; t.slots[j] != 0; j = (j + 1) & mask {
		home := maphash.String(idSeed, c.idOf(t.slots[j]-1)) & mask
		if (j-home)&mask >= (j-i)&mask {
			t.slots[i] = t.slots[j]
			i = j
		}
	}
	t.slots[i] = 0
	t.n--
}

// numIDs is how many ids have an ordinal.
func (c *columns) numIDs() int { return c.ords.n }
