package search

import (
	"sort"
	"sync"

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
	mu     sync.Mutex
	tables map[segment.Segment][]uint32
}

// ordsOf returns, for a reader of the index, a function from a hit's internal id to its
// ordinal. ok is false when the reader is not a scorch snapshot, so the caller reads the
// doc value per hit instead.
func (c *ordCache) ordsOf(reader index.IndexReader) (func(index.IndexInternalID) uint32, bool, error) {
	snap, ok := reader.(*scorch.IndexSnapshot)
	if !ok {
		return nil, false, nil
	}
	segs := snap.Segments()
	offsets := make([]uint64, len(segs))
	tables := make([][]uint32, len(segs))
	var running uint64
	c.mu.Lock()
	if c.tables == nil {
		c.tables = map[segment.Segment][]uint32{}
	}
	var missing []int
	for i, s := range segs {
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
				}
			}
		}
		c.mu.Unlock()
	}
	return func(id index.IndexInternalID) uint32 {
		n := id.Value()
		i := sort.Search(len(offsets), func(x int) bool { return offsets[x] > n }) - 1
		if i < 0 || n-offsets[i] >= uint64(len(tables[i])) {
			return noOrd
		}
		return tables[i][n-offsets[i]]
	}, true, nil
}
