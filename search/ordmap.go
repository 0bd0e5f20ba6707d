package search

import (
	"cmp"
	"slices"
	"sort"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// noOrd marks a document number whose ordinal is unknown.
const noOrd = ^uint32(0)

// ordCache maps Bleve's document numbers to ordinals per segment. Reading the ordinal doc
// value per hit decompresses a doc-value chunk for nearly every hit of a rare term, the
// fixed cost of a text query; segments never change once written, so each segment's
// table is read once, sequentially, and shared by every search until a merge retires it.
type ordCache struct {
	mu      sync.Mutex
	tables  map[segment.Segment][]uint32
	inverse map[segment.Segment][]ordDoc // by ordinal, for restricting a search to a few ordinals
}

// ordOf is the ordinal of a document of the snapshot, or noOrd.
func (st *snapshotTables) ordOf(id index.IndexInternalID) uint32 {
	n := id.Value()
	i := sort.Search(len(st.offsets), func(x int) bool { return st.offsets[x] > n }) - 1
	if i < 0 || n-st.offsets[i] >= uint64(len(st.tables[i])) {
		return noOrd
	}
	return st.tables[i][n-st.offsets[i]]
}

// snapshotTables are the ordinal tables of a snapshot's segments.
type snapshotTables struct {
	segs    []segment.Segment
	offsets []uint64   // by segment: its first document number
	tables  [][]uint32 // by segment: local document number -> ordinal
}

// segmentTables returns the tables of the reader's segments, reading those not yet cached;
// their ordOf maps a hit's internal id to its ordinal. ok is false when the reader is not
// a scorch snapshot, so the caller reads the doc value per hit instead.
func (c *ordCache) segmentTables(reader index.IndexReader) (*snapshotTables, bool, error) {
	snap, ok := reader.(*scorch.IndexSnapshot)
	if !ok {
		return nil, false, nil
	}
	segs := snap.Segments()
	st := &snapshotTables{segs: make([]segment.Segment, len(segs)), offsets: make([]uint64, len(segs)),
		tables: make([][]uint32, len(segs))}
	offsets, tables := st.offsets, st.tables
	var running uint64
	c.mu.Lock()
	if c.tables == nil {
		c.tables = map[segment.Segment][]uint32{}
	}
	var missing []int
	for i, s := range segs {
		st.segs[i] = s.Segment()
		offsets[i] = running
		running += s.Segment().Count()
		if t, ok := c.tables[s.Segment()]; ok {
			tables[i] = t
		} else {
			missing = append(missing, i)
		}
	}
	c.mu.Unlock()
	if len(missing) > 0 {
		dvr, err := reader.DocValueReader([]string{ordField})
		if err != nil {
			return nil, false, err
		}
		var buf []byte
		for _, i := range missing {
			t := make([]uint32, segs[i].Segment().Count())
			for local := range t {
				t[local] = noOrd
				buf = index.NewIndexInternalID(buf, offsets[i]+uint64(local))
				if err := dvr.VisitDocValues(buf, func(_ string, term []byte) {
					if o, ok := decodeOrd(term); ok {
						t[local] = o
					}
				}); err != nil {
					return nil, false, err
				}
			}
			tables[i] = t
		}
		c.mu.Lock()
		for _, i := range missing {
			c.tables[segs[i].Segment()] = tables[i]
		}
		// Forget segments merged away once they outnumber the live ones.
		if len(c.tables) > 2*len(segs)+8 {
			live := make(map[segment.Segment]bool, len(segs))
			for _, s := range segs {
				live[s.Segment()] = true
			}
			for s := range c.tables {
				if !live[s] {
					delete(c.tables, s)
					delete(c.inverse, s)
				}
			}
		}
		c.mu.Unlock()
	}
	return st, true, nil
}

// ordDoc is one entry of a segment's inverse table.
type ordDoc struct{ ord, local uint32 }

// docsOf returns the document numbers that hold the ordinals of ords in the snapshot's
// segments, ascending. A document deleted from the snapshot may be among them (its
// replacement has the same ordinal), so a caller treats them as places to advance a
// searcher to, not as matches. The inverse table of a segment is built on first use.
func (c *ordCache) docsOf(st *snapshotTables, ords *roaring.Bitmap) []uint64 {
	want := ords.ToArray()
	var out []uint64
	for i, s := range st.segs {
		c.mu.Lock()
		inv, ok := c.inverse[s]
		c.mu.Unlock()
		if !ok {
			t := st.tables[i]
			inv = make([]ordDoc, 0, len(t))
			for local, o := range t {
				if o != noOrd {
					inv = append(inv, ordDoc{o, uint32(local)})
				}
			}
			slices.SortFunc(inv, func(a, b ordDoc) int { return cmp.Or(cmp.Compare(a.ord, b.ord), cmp.Compare(a.local, b.local)) })
			c.mu.Lock()
			if c.inverse == nil {
				c.inverse = map[segment.Segment][]ordDoc{}
			}
			c.inverse[s] = inv
			c.mu.Unlock()
		}
		// Both lists are sorted: walk them together, jumping by binary search in the
		// longer one.
		j := 0
		for _, o := range want {
			j += sort.Search(len(inv)-j, func(x int) bool { return inv[j+x].ord >= o })
			for ; j < len(inv) && inv[j].ord == o; j++ {
				out = append(out, st.offsets[i]+uint64(inv[j].local))
			}
			if j == len(inv) {
				break
			}
		}
	}
	slices.Sort(out)
	return out
}
