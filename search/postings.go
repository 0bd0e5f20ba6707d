package search

import (
	"context"
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bquery "github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/scorer"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// postingScores turns on postingHits; the equivalence test turns it off to compare.
var postingScores = true

// postingWalks counts the searches postingHits answered, so the equivalence test can
// tell that it compared this path and not a fallback.
var postingWalks atomic.Int64

// The common DisMax shapes (a word or a few words, each a disjunction of per-field term
// searchers with boosts, twins and spelling variants at one position) spend most of their
// time in Bleve's searcher machinery, not in the postings: a DocumentMatch from a pool,
// an internal id of 8 bytes, a sorted merge of matches per disjunction level, about
// 0.4 µs per match. postingHits walks the same postings itself and scores each match with
// Bleve's own arithmetic, in Bleve's order, so every score is the same float to the last
// bit:
//
//   - term: idf = 1 + ln(docCount / (docFreq + 1)); score = sqrt(freq) * norm * idf, times
//     queryWeight = boost * idf * queryNorm unless that is 1 (a bare top-level term
//     query has no query norm and a weight of 1);
//   - disjunction: the sum of the matching children's scores, in the order Bleve sorts
//     its children (sort.Sort by their estimated counts), times matching / children;
//     only documents with at least min matching children;
//   - conjunction: the sum of its children's scores in that order, on documents all hold;
//   - phrase (fastPhrase of several positions): a conjunction of the positions' terms
//     (or disjunctions of them) whose terms stand at adjacent positions, as
//     adjacentSearcher accepts them;
//   - queryNorm = 1 / sqrt(weight of the root), a weight being (boost * idf)^2 for a term
//     and the sum of the children's weights, in that order, for the others: Bleve's
//     outermost searcher sets it on every term beneath it last.
//
// Any other shape (Bleve's boolean searcher, fuzzy terms, more than ten disjuncts) makes
// planOf return nil and takes Bleve's searchers.
type pnode struct {
	kind pkind
	kids []*pnode // sorted as Bleve sorts its searchers, once counted
	min  int      // disjunction: matching children a document needs

	// phrase
	terms [][]string        // by position: the terms that may stand there
	cands []*roaring.Bitmap // by segment: the documents holding a term of every position

	// term
	field string
	term  []byte
	name  string // term as a string
	boost float64
	locs  bool                   // read positions: the term is part of a phrase
	pls   []segment.PostingsList // by segment of the snapshot
	idf   float64
	qw    float64 // queryWeight

	count uint64 // Bleve's Count(): the estimate its parents sort by
}

type pkind uint8

const (
	pTerm pkind = iota
	pDisj
	pConj
	pPhrase // a conjunction whose terms must stand at adjacent positions
)

// planOf is the scoring plan of a simplified Bleve query, or nil when the shape is not
// one postingHits scores exactly as Bleve does.
func planOf(q bquery.Query, m mapping.IndexMapping) *pnode {
	switch x := q.(type) {
	case *bquery.TermQuery:
		if x.FieldVal == "" {
			return nil
		}
		return &pnode{kind: pTerm, field: x.FieldVal, term: []byte(x.Term), boost: x.BoostVal.Value()}
	case *fastPhrase:
		// fastPhrase.Searcher: a term searcher or a disjunction per position, and a
		// conjunction of them when there are several.
		locs := len(x.terms) > 1
		var parts []*pnode
		for _, at := range x.terms {
			if len(at) == 1 {
				parts = append(parts, &pnode{kind: pTerm, field: x.field, term: []byte(at[0]), boost: x.boost, locs: locs})
				continue
			}
			d := &pnode{kind: pDisj, min: 1}
			for _, t := range at {
				d.kids = append(d.kids, &pnode{kind: pTerm, field: x.field, term: []byte(t), boost: x.boost, locs: locs})
			}
			parts = append(parts, d)
		}
		if len(parts) == 1 {
			return parts[0]
		}
		return &pnode{kind: pPhrase, kids: parts, terms: x.terms}
	case *bquery.MatchQuery:
		// The translator never sets auto-fuzziness, which this cannot see.
		if x.Fuzziness != 0 || x.FieldVal == "" {
			return nil
		}
		toks := analyzeFor(m, x.FieldVal, x.Analyzer, x.Match)
		if len(toks) == 0 {
			return nil
		}
		n := &pnode{kind: pConj}
		switch x.Operator {
		case bquery.MatchQueryOperatorAnd:
		case bquery.MatchQueryOperatorOr:
			n.kind, n.min = pDisj, 1
		default:
			return nil
		}
		for _, t := range toks {
			n.kids = append(n.kids, &pnode{kind: pTerm, field: x.FieldVal, term: []byte(string(t.Term)), boost: x.BoostVal.Value()})
		}
		if n.kind == pDisj && len(n.kids) > searcher.DisjunctionHeapTakeover {
			return nil
		}
		return n
	case *bquery.DisjunctionQuery:
		if len(x.Disjuncts) == 0 || len(x.Disjuncts) > searcher.DisjunctionHeapTakeover {
			return nil
		}
		return plansOf(&pnode{kind: pDisj, min: int(x.Min)}, x.Disjuncts, m)
	case *bquery.ConjunctionQuery:
		if len(x.Conjuncts) == 0 {
			return nil
		}
		return plansOf(&pnode{kind: pConj}, x.Conjuncts, m)
	}
	return nil
}

// plansOf gives n the plans of qs as its children, or returns nil if one has none.
func plansOf(n *pnode, qs []bquery.Query, m mapping.IndexMapping) *pnode {
	for _, q := range qs {
		k := planOf(q, m)
		if k == nil {
			return nil
		}
		n.kids = append(n.kids, k)
	}
	return n
}

// byCount is Bleve's OrderedSearcherList: sort.Sort with the same Less over the same
// counts makes the same permutation, and so the same order of every score's sum.
type byCount []*pnode

func (l byCount) Len() int           { return len(l) }
func (l byCount) Less(i, j int) bool { return l[i].count < l[j].count }
func (l byCount) Swap(i, j int)      { l[i], l[j] = l[j], l[i] }

// resolve reads the postings lists of the plan's terms in every segment and computes
// the counts, idf and the children's order, bottom-up as Bleve builds its searchers.
func (n *pnode) resolve(segs []*scorch.SegmentSnapshot, docTotal uint64, dicts map[string][]segment.TermDictionary) error {
	if n.kind != pTerm {
		n.count = 0
		for _, k := range n.kids {
			if err := k.resolve(segs, docTotal, dicts); err != nil {
				return err
			}
			n.count += k.count
		}
		sort.Sort(byCount(n.kids))
		if n.kind == pPhrase {
			n.phraseCandidates(segs)
		}
		return nil
	}
	ds, ok := dicts[n.field]
	if !ok {
		ds = make([]segment.TermDictionary, len(segs))
		for i, s := range segs {
			d, err := s.Segment().Dictionary(n.field)
			if err != nil {
				return err
			}
			ds[i] = d
		}
		dicts[n.field] = ds
	}
	n.name = string(n.term)
	n.pls = make([]segment.PostingsList, len(segs))
	n.count = 0
	for i, s := range segs {
		pl, err := ds[i].PostingsList(n.term, s.Deleted(), nil)
		if err != nil {
			return err
		}
		n.pls[i] = pl
		n.count += pl.Count()
	}
	// tfIDFScoreMetrics and NewTermQueryScorer.
	n.idf = 1.0 + math.Log(float64(docTotal)/float64(n.count+1.0))
	n.qw = 1.0
	return nil
}

// weight is Bleve's Weight() of the node's searcher.
func (n *pnode) weight() float64 {
	if n.kind == pTerm {
		w := n.boost * n.idf
		return w * w
	}
	var w float64
	for _, k := range n.kids {
		w += k.weight()
	}
	return w
}

// setQueryNorm is Bleve's SetQueryNorm, applied to every term below.
func (n *pnode) setQueryNorm(norm float64) {
	if n.kind == pTerm {
		n.qw = n.boost * n.idf * norm
		return
	}
	for _, k := range n.kids {
		k.setQueryNorm(norm)
	}
}

// pend is the document number of an exhausted cursor.
const pend = math.MaxUint64

// pcur walks one node over one segment's postings, from one document number up to
// another. A cursor is used by one goroutine.
type pcur struct {
	n    *pnode
	kids []*pcur
	it   segment.PostingsIterator
	post segment.Posting // the current posting of a term read with positions
	doc  uint64          // the current match, or pend
	freq uint64
	norm float64
	err  *error    // the walk's first error
	locs []termLoc // a phrase's buffer for adjacent
	cand roaring.IntPeekable
}

func newCursor(n *pnode, seg int, err *error) *pcur {
	c := &pcur{n: n, err: err}
	if n.kind == pTerm {
		c.it = n.pls[seg].Iterator(true, true, n.locs, nil)
		return c
	}
	c.kids = make([]*pcur, len(n.kids))
	for i, k := range n.kids {
		c.kids[i] = newCursor(k, seg, err)
	}
	if n.cands != nil {
		c.cand = n.cands[seg].Iterator()
	}
	return c
}

func (c *pcur) set(p segment.Posting, err error) {
	if err != nil {
		if *c.err == nil {
			*c.err = err
		}
		c.doc = pend
		return
	}
	if p == nil {
		c.doc = pend
		return
	}
	c.doc, c.freq, c.norm = p.Number(), p.Frequency(), p.Norm()
	if c.n.locs {
		c.post = p
	}
}

// start places the cursor on its first match at or after doc.
func (c *pcur) start(doc uint64) {
	if c.n.kind == pTerm {
		if doc == 0 {
			c.set(c.it.Next())
		} else {
			c.set(c.it.Advance(doc))
		}
		return
	}
	for _, k := range c.kids {
		k.start(doc)
	}
	if c.cand != nil {
		c.cand.AdvanceIfNeeded(uint32(doc))
		c.nextCandidate()
		return
	}
	c.settle()
}

// next moves the cursor past its current match.
func (c *pcur) next() {
	switch c.n.kind {
	case pTerm:
		c.set(c.it.Next())
	case pDisj:
		at := c.doc
		for _, k := range c.kids {
			if k.doc == at {
				k.next()
			}
		}
		c.settle()
	default:
		if c.cand != nil {
			c.nextCandidate()
			return
		}
		c.kids[0].next()
		c.settle()
	}
}

// advance moves the cursor to its first match at or after doc.
func (c *pcur) advance(doc uint64) {
	if c.doc >= doc {
		return
	}
	if c.n.kind == pTerm {
		c.set(c.it.Advance(doc))
		return
	}
	if c.cand != nil {
		c.cand.AdvanceIfNeeded(uint32(doc))
		c.nextCandidate()
		return
	}
	for _, k := range c.kids {
		if k.doc < doc {
			k.advance(doc)
		}
	}
	c.settle()
}

// phraseCandidates computes, per segment, the documents that hold a term of every
// position of the phrase (bitmap intersections, word by word), so the walk decodes
// positions only there: walking the conjunction itself would decode the positions of
// every posting of its rarest part. It leaves cands nil when a segment's postings are not
// zap's.
func (n *pnode) phraseCandidates(segs []*scorch.SegmentSnapshot) {
	type orInto interface{ OrInto(*roaring.Bitmap) }
	cands := make([]*roaring.Bitmap, len(segs))
	var leaves []*pnode
	for i, s := range segs {
		var parts []*roaring.Bitmap
		for _, k := range n.kids {
			u := roaring.New()
			leaves = leaves[:0]
			k.leaves(&leaves)
			for _, l := range leaves {
				pl, ok := l.pls[i].(orInto)
				if !ok {
					return
				}
				pl.OrInto(u)
			}
			parts = append(parts, u)
		}
		cands[i] = roaring.FastAnd(parts...)
		if del := s.Deleted(); del != nil {
			cands[i].AndNot(del)
		}
	}
	n.cands = cands
}

// nextCandidate moves a phrase to its next candidate document whose terms stand
// together; every part holds a candidate, so each advances onto it.
func (c *pcur) nextCandidate() {
	for c.cand.HasNext() {
		d := uint64(c.cand.Next())
		on := true
		for _, k := range c.kids {
			k.advance(d)
			on = on && k.doc == d
		}
		if on && *c.err == nil && c.adjacent() {
			c.doc = d
			return
		}
		if *c.err != nil {
			break
		}
	}
	c.doc = pend
}

// settle moves a disjunction or conjunction from its children's positions to its own
// next match.
func (c *pcur) settle() {
	if c.n.kind == pDisj {
		for {
			at := uint64(pend)
			for _, k := range c.kids {
				at = min(at, k.doc)
			}
			c.doc = at
			if at == pend {
				return
			}
			n := 0
			for _, k := range c.kids {
				if k.doc == at {
					n++
				}
			}
			if n >= c.n.min {
				return
			}
			for _, k := range c.kids {
				if k.doc == at {
					k.next()
				}
			}
		}
	}
	for {
		at := uint64(0)
		for _, k := range c.kids {
			at = max(at, k.doc)
		}
		if at == pend {
			c.doc = pend
			return
		}
		same := true
		for _, k := range c.kids {
			if k.doc < at {
				k.advance(at)
				same = false
			}
		}
		if !same {
			continue
		}
		c.doc = at
		if c.n.kind != pPhrase || c.adjacent() {
			return
		}
		c.kids[0].next()
	}
}

// adjacent reports whether the phrase's terms stand at adjacent positions, in order,
// within one array element, in the current document: adjacentSearcher.accept on the
// locations of the matching terms.
func (c *pcur) adjacent() bool {
	locs := c.locs[:0]
	for _, k := range c.kids {
		locs = k.locations(locs)
	}
	c.locs = locs
	for _, a := range locs {
		if !slices.Contains(c.n.terms[0], a.term) {
			continue
		}
		ok := true
		for i := 1; i < len(c.n.terms) && ok; i++ {
			ok = false
			for _, b := range locs {
				if b.loc.Pos() == a.loc.Pos()+uint64(i) && slices.Contains(c.n.terms[i], b.term) &&
					slices.Equal(b.loc.ArrayPositions(), a.loc.ArrayPositions()) {
					ok = true
					break
				}
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// termLoc is one position of a query term in the current document.
type termLoc struct {
	term string
	loc  segment.Location
}

// locations appends the positions of the terms below c that match its current document.
func (c *pcur) locations(out []termLoc) []termLoc {
	if c.n.kind == pTerm {
		for _, l := range c.post.Locations() {
			out = append(out, termLoc{c.n.name, l})
		}
		return out
	}
	for _, k := range c.kids {
		if k.doc == c.doc {
			out = k.locations(out)
		}
	}
	return out
}

// score is Bleve's score of the current match; the float64 conversions keep the
// compiler from fusing a product into a sum, which Bleve's separate calls never do.
func (c *pcur) score() float64 {
	switch c.n.kind {
	case pTerm:
		var tf float64
		if c.freq < scorer.MaxSqrtCache {
			tf = scorer.SqrtCache[int(c.freq)]
		} else {
			tf = math.Sqrt(float64(c.freq))
		}
		s := float64(tf*c.norm) * c.n.idf
		if c.n.qw != 1.0 {
			s = float64(s * c.n.qw)
		}
		return s
	case pDisj:
		var sum float64
		n := 0
		for _, k := range c.kids {
			if k.doc == c.doc {
				sum += float64(k.score())
				n++
			}
		}
		return float64(sum * (float64(n) / float64(len(c.kids))))
	}
	var sum float64
	for _, k := range c.kids {
		sum += float64(k.score())
	}
	return sum
}

// postingChunks is how many pieces a large walk is cut into for the two cores: more
// than two, so a core that finishes early takes another. A variable so that tests cut
// small indexes too.
var postingChunks = 8

// postingHits answers bleveHits for the shapes planOf knows, walking the postings of
// the reader's segments directly. ok is false when it cannot (another shape, not a
// scorch snapshot, or a filter so small that advancing Bleve's searcher to it is
// cheaper).
func (ix *Index) postingHits(ctx context.Context, bq bquery.Query, reader index.IndexReader, filter *roaring.Bitmap) ([]hit, bool, error) {
	if !postingScores {
		return nil, false, nil
	}
	snap, isSnap := reader.(*scorch.IndexSnapshot)
	if !isSnap {
		return nil, false, nil
	}
	root := planOf(bq, ix.idx.Mapping())
	if root == nil {
		return nil, false, nil
	}
	docTotal, err := snap.DocCount()
	if err != nil {
		return nil, false, err
	}
	segs := snap.Segments()
	if err := root.resolve(segs, docTotal, map[string][]segment.TermDictionary{}); err != nil {
		return nil, false, err
	}
	if _, bare := bq.(*bquery.TermQuery); !bare {
		root.setQueryNorm(1.0 / math.Sqrt(root.weight()))
	}
	st, _, err := ix.ords.segmentTables(reader)
	if err != nil {
		return nil, false, err
	}
	postingWalks.Add(1)
	if filter != nil && filter.GetCardinality()*restrictFrom < root.count {
		hits, err := postingRestricted(ctx, root, st, ix.ords.docsOf(st, filter), filter)
		return hits, true, err
	}

	// A bit array answers the filter faster per hit, once there are hits enough to pay
	// for making it.
	var inFilter []uint64
	sparse := filter != nil && root.count < 4096
	if filter != nil && !sparse {
		inFilter = filter.ToDense()
	}
	parallel := runtime.GOMAXPROCS(0) >= 2 && root.count >= parallelHitsFrom
	type chunk struct {
		docRange
		hits []hit
	}
	var chunks []*chunk
	for _, r := range docRanges(segs, parallel) {
		chunks = append(chunks, &chunk{docRange: r})
	}
	walk := func(ch *chunk, errp *error) {
		c := newCursor(root, ch.seg, errp)
		c.start(ch.from)
		table := st.tables[ch.seg]
		for i := 0; c.doc < ch.to; i++ {
			if i&1023 == 1023 && ctx.Err() != nil {
				*errp = ctx.Err()
				return
			}
			if c.doc < uint64(len(table)) {
				o := table[c.doc]
				if o != noOrd && (sparse && filter.Contains(o) || !sparse && (inFilter == nil || int(o/64) < len(inFilter) && inFilter[o/64]&(1<<(o%64)) != 0)) {
					ch.hits = append(ch.hits, hit{ord: o, score: c.score()})
				}
			}
			c.next()
		}
	}
	if err := eachChunk(len(chunks), parallel, func(_, i int, errp *error) { walk(chunks[i], errp) }); err != nil {
		return nil, true, err
	}
	n := 0
	for _, ch := range chunks {
		n += len(ch.hits)
	}
	hits := make([]hit, 0, n)
	for _, ch := range chunks {
		hits = append(hits, ch.hits...)
	}
	return hits, true, nil
}

// postingRestricted collects the matches of root among docs (ascending document numbers
// of the snapshot, see ordCache.docsOf) by advancing a cursor per segment to each in
// turn, as hitWalker.restricted does with Bleve's searcher: a match the cursor lands on
// beyond a listed document is kept only if its ordinal is in the filter.
func postingRestricted(ctx context.Context, root *pnode, st *snapshotTables, docs []uint64, filter *roaring.Bitmap) ([]hit, error) {
	var (
		hits    []hit
		walkErr error
		c       *pcur
	)
	seg := -1
	for i, d := range docs {
		if i&255 == 255 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		s := sort.Search(len(st.offsets), func(x int) bool { return st.offsets[x] > d }) - 1
		if s < 0 {
			continue
		}
		local := d - st.offsets[s]
		if s != seg {
			seg = s
			c = newCursor(root, s, &walkErr)
			c.start(local)
		} else {
			c.advance(local)
		}
		if walkErr != nil {
			return nil, walkErr
		}
		if c.doc != local {
			continue // the landing match, if any, is reached by its own listed document or is not wanted
		}
		table := st.tables[s]
		if local < uint64(len(table)) {
			if o := table[local]; o != noOrd && filter.Contains(o) {
				hits = append(hits, hit{ord: o, score: c.score()})
			}
		}
	}
	return hits, nil
}

// eachChunk calls walk for the chunks 0..n-1, on two cores when parallel: each worker w
// (0 or 1) takes the next chunk until none is left or its walk has set *errp. It returns
// the first error.
func eachChunk(n int, parallel bool, walk func(w, i int, errp *error)) error {
	if !parallel || n < 2 {
		var err error
		for i := 0; i < n && err == nil; i++ {
			walk(0, i, &err)
		}
		return err
	}
	var (
		next atomic.Int64
		wg   sync.WaitGroup
		errs [2]error
	)
	for w := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for errs[w] == nil {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				walk(w, i, &errs[w])
			}
		}()
	}
	wg.Wait()
	if errs[0] != nil {
		return errs[0]
	}
	return errs[1]
}

// docRange is a range of document numbers of one segment of a snapshot.
type docRange struct {
	seg      int
	from, to uint64
}

// docRanges cuts the segments' documents into postingChunks ranges of about equal size
// for two workers to share, or into one range per segment when the walk is not parallel.
func docRanges(segs []*scorch.SegmentSnapshot, parallel bool) []docRange {
	var total uint64
	for _, s := range segs {
		total += s.Segment().Count()
	}
	size := total
	if parallel {
		size = max(total/uint64(postingChunks), 1)
	}
	var out []docRange
	for i, s := range segs {
		n := s.Segment().Count()
		for from := uint64(0); from < n; from += size {
			out = append(out, docRange{seg: i, from: from, to: min(from+size, n)})
		}
	}
	return out
}
