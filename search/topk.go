package search

import (
	"context"
	"math"
	"runtime"
	"slices"
	"sync/atomic"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bquery "github.com/blevesearch/bleve/v2/search/query"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// topScores turns on postingTop; the equivalence test turns it off to compare.
var topScores = true

// topFrom is the estimate of matches (the terms' postings together) from which
// postingTop answers: below it scoring every match costs less than the bitmaps. A
// variable so that tests take this path with few matches too.
var topFrom uint64 = 2000

// topWalks counts the searches postingTop answered, for the equivalence test.
var topWalks atomic.Int64

// boundSlack covers the rounding of a score's terms against their bound: sqrt(freq) *
// norm is at most 1 (a field holds a term at most as often as it has tokens, and norm is
// 1/sqrt(tokens), stored as a float32), and a score sums at most a few such terms.
const boundSlack = 1.000001

// A page sorted by score needs the scores of its candidates only. postingTop answers a
// disjunction of terms (a DisMax word with its per-field alternatives) in two parts: the
// matches as the union of the terms' postings bitmaps, for the count and the facets,
// and the best k by the page's order, by MaxScore: once k matches are held, a document
// whose alternatives' score bounds together (with the disjunction's coordination factor)
// stay below the k-th best score cannot enter the page, so the alternatives with the
// smallest bounds stop driving the walk (a common word's catch-all text, the largest
// list by far, once the titles' matches fill the page) and are only advanced to the
// documents the others bring. Every candidate is scored exactly as postingHits scores it.
//
// ok is false when the shape is not a union of terms, or the filter is small enough
// that advancing to its documents is cheaper (bleveHits does that).
func (ix *Index) postingTop(ctx context.Context, bq bquery.Query, filter *roaring.Bitmap, k int, less func(a, b hit) int) (*roaring.Bitmap, []hit, bool, error) {
	if !postingScores || !topScores || k <= 0 {
		return nil, nil, false, nil
	}
	bq = simplify(bq, ix.idx.Mapping())
	root := planOf(bq, ix.idx.Mapping())
	if root == nil || root.kind != pDisj || !root.union() {
		return nil, nil, false, nil
	}
	adv, err := ix.idx.Advanced()
	if err != nil {
		return nil, nil, false, err
	}
	reader, err := adv.Reader()
	if err != nil {
		return nil, nil, false, err
	}
	defer reader.Close()
	snap, isSnap := reader.(*scorch.IndexSnapshot)
	if !isSnap {
		return nil, nil, false, nil
	}
	docTotal, err := snap.DocCount()
	if err != nil {
		return nil, nil, false, err
	}
	segs := snap.Segments()
	if err := root.resolve(segs, docTotal, map[string][]segment.TermDictionary{}); err != nil {
		return nil, nil, false, err
	}
	if root.count < topFrom || filter != nil && filter.GetCardinality()*restrictFrom < root.count {
		return nil, nil, false, nil
	}
	root.setQueryNorm(1.0 / math.Sqrt(root.weight()))
	st, _, err := ix.ords.segmentTables(reader)
	if err != nil {
		return nil, nil, false, err
	}
	topWalks.Add(1)

	var inFilter []uint64
	if filter != nil {
		inFilter = filter.ToDense()
	}
	keep := func(o uint32) bool {
		return o != noOrd && (inFilter == nil || int(o/64) < len(inFilter) && inFilter[o/64]&(1<<(o%64)) != 0)
	}

	// The matches: per segment the union of the terms' postings, less its deleted
	// documents, as ordinals. It needs nothing from the walk below, so it runs beside it.
	var leaves []*pnode
	root.leaves(&leaves)
	type orInto interface{ OrInto(*roaring.Bitmap) }
	for _, l := range leaves {
		for _, pl := range l.pls {
			if _, ok := pl.(orInto); !ok {
				return nil, nil, false, nil
			}
		}
	}
	var matched *roaring.Bitmap
	union := make(chan struct{})
	go func() {
		defer close(union)
		words := make([]uint64, len(inFilter))
		for i, s := range segs {
			docs := roaring.New()
			for _, l := range leaves {
				l.pls[i].(orInto).OrInto(docs)
			}
			if del := s.Deleted(); del != nil {
				docs.AndNot(del)
			}
			table := st.tables[i]
			for it := docs.Iterator(); it.HasNext(); {
				d := it.Next()
				if int(d) < len(table) {
					if o := table[d]; keep(o) {
						if int(o/64) >= len(words) {
							words = append(words, make([]uint64, int(o/64)+1-len(words))...)
						}
						words[o/64] |= 1 << (o % 64)
					}
				}
			}
		}
		matched = roaring.FromDense(words, false)
	}()
	defer func() { <-union }() // never return while it reads the snapshot

	// The page's candidates, by MaxScore over the root's alternatives.
	bounds := make([]float64, len(root.kids))
	for i, kid := range root.kids {
		bounds[i] = kid.bound()
	}
	byBound := make([]int, len(root.kids)) // alternatives, smallest bound first
	for i := range byBound {
		byBound[i] = i
	}
	slices.SortStableFunc(byBound, func(a, b int) int {
		switch {
		case bounds[a] < bounds[b]:
			return -1
		case bounds[a] > bounds[b]:
			return 1
		}
		return 0
	})
	// skippable[j]: the bound of a document matching only the j smallest alternatives.
	skippable := make([]float64, len(byBound)+1)
	var sum float64
	for j, i := range byBound {
		sum += bounds[i]
		skippable[j+1] = sum * float64(j+1) / float64(len(root.kids)) * boundSlack
	}

	parallel := runtime.GOMAXPROCS(0) >= 2 && root.count >= parallelHitsFrom
	chunks := docRanges(segs, parallel)
	// walk finds the best k of a chunk into h, a heap shared by the worker's chunks.
	walk := func(ch docRange, h *hitHeap, errp *error) {
		c := newCursor(root, ch.seg, errp)
		for _, kid := range c.kids {
			kid.start(ch.from)
		}
		table := st.tables[ch.seg]
		passive := 0 // the alternatives byBound[:passive] only follow
		for i := 0; ; i++ {
			if i&1023 == 1023 && ctx.Err() != nil {
				*errp = ctx.Err()
				return
			}
			if len(h.h) == k {
				floor := h.h[0].score
				for passive < len(byBound)-1 && skippable[passive+1] < floor {
					passive++
				}
			}
			at := uint64(pend)
			for _, j := range byBound[passive:] {
				at = min(at, c.kids[j].doc)
			}
			if at >= ch.to {
				return
			}
			if at < uint64(len(table)) {
				if o := table[at]; keep(o) {
					for _, j := range byBound[:passive] {
						c.kids[j].advance(at)
					}
					c.doc = at
					h.offer(hit{ord: o, score: c.score()})
				}
			}
			for _, j := range byBound[passive:] {
				if kid := c.kids[j]; kid.doc == at {
					kid.next()
				}
			}
			if *errp != nil {
				return
			}
		}
	}
	heaps := [2]*hitHeap{{k: k, less: less}, {k: k, less: less}} // one per worker
	err = eachChunk(len(chunks), parallel, func(w, i int, errp *error) { walk(chunks[i], heaps[w], errp) })
	<-union // matched is complete from here on
	if err != nil {
		return nil, nil, true, err
	}
	var hits []hit
	for _, h := range heaps {
		hits = append(hits, h.h...)
	}
	return matched, hits, true, nil
}

// union reports whether the node matches exactly the union of its terms' postings.
func (n *pnode) union() bool {
	switch n.kind {
	case pTerm:
		return true
	case pDisj:
		if n.min > 1 {
			return false
		}
	case pConj:
		if len(n.kids) != 1 {
			return false
		}
	default:
		return false
	}
	for _, k := range n.kids {
		if !k.union() {
			return false
		}
	}
	return true
}

// leaves appends the node's terms.
func (n *pnode) leaves(out *[]*pnode) {
	if n.kind == pTerm {
		*out = append(*out, n)
		return
	}
	for _, k := range n.kids {
		k.leaves(out)
	}
}

// bound is at least the node's score on any document: a term's with sqrt(freq) * norm
// at its largest, 1; a disjunction's coordination factor is at most 1. A term without
// postings matches nothing and bounds nothing.
func (n *pnode) bound() float64 {
	if n.kind == pTerm {
		if n.count == 0 {
			return 0
		}
		return n.idf * n.qw
	}
	var b float64
	for _, k := range n.kids {
		b += k.bound()
	}
	return b
}

// hitHeap keeps the best k hits by less: a max-heap whose root is the worst kept.
type hitHeap struct {
	k    int
	less func(a, b hit) int
	h    []hit
}

func (q *hitHeap) offer(x hit) {
	h := q.h
	if len(h) < q.k {
		h = append(h, x)
		for i := len(h) - 1; i > 0; {
			p := (i - 1) / 2
			if q.less(h[i], h[p]) <= 0 {
				break
			}
			h[i], h[p] = h[p], h[i]
			i = p
		}
		q.h = h
		return
	}
	if q.less(x, h[0]) >= 0 {
		return
	}
	h[0] = x
	for i := 0; ; {
		l, r, big := 2*i+1, 2*i+2, i
		if l < len(h) && q.less(h[l], h[big]) > 0 {
			big = l
		}
		if r < len(h) && q.less(h[r], h[big]) > 0 {
			big = r
		}
		if big == i {
			return
		}
		h[i], h[big] = h[big], h[i]
		i = big
	}
}
