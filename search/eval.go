package search

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"maps"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	bquery "github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/khlang/khlang/search/query"
)

// ordField is the keyword field holding a document's ordinal, the only doc value a text
// query reads per hit.
const ordField = "ord"

// encodeOrd writes an ordinal as 8 hex digits: Bleve's doc values separate a field's terms
// with 0xFF, so raw bytes would split ordinals such as 255 in two.
func encodeOrd(o uint32) string {
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], o)
	return hex.EncodeToString(b[:])
}

func decodeOrd(term []byte) (uint32, bool) {
	var b [4]byte
	if len(term) != 8 {
		return 0, false
	}
	if _, err := hex.Decode(b[:], term); err != nil {
		return 0, false
	}
	return binary.BigEndian.Uint32(b[:]), true
}

var (
	columnSet = setOf(slices.Concat(columnFields, slices.Collect(maps.Keys(scanFields))))
	dateSet   = setOf(dateFields)
	numberSet = setOf(numericFields)
)

func setOf(l []string) map[string]bool {
	m := make(map[string]bool, len(l))
	for _, f := range l {
		m[f] = true
	}
	return m
}

// eval computes a parsed filter on the columns alone; ok is false when some part needs
// the text index (analysed fields, fuzzy terms, DisMax).
func (ix *Index) eval(n query.Node) (*roaring.Bitmap, bool, error) {
	c := ix.cols
	switch x := n.(type) {
	case *query.MatchAll:
		return c.live.Clone(), true, nil
	case *query.Boost:
		return ix.eval(x.Query)
	case *query.Term:
		if columnSet[x.Field] && x.Fuzziness > 0 {
			want, dist := []rune(x.Value), x.Fuzziness
			return c.matchValues(x.Field, func(v string) bool { return levenshtein(want, []rune(v), dist) <= dist }), true, nil
		}
		if !columnSet[x.Field] {
			return ix.evalScalar(x.Field, x.Value, x.Value, true, true)
		}
		return cloneOrEmpty(c.posting(x.Field, x.Value)), true, nil
	case *query.Phrase:
		if !columnSet[x.Field] {
			return nil, false, nil
		}
		return cloneOrEmpty(c.posting(x.Field, x.Text)), true, nil
	case *query.Wildcard:
		if !columnSet[x.Field] {
			return nil, false, nil
		}
		pattern := x.Pattern
		return c.matchValues(x.Field, func(v string) bool { ok, _ := path.Match(pattern, v); return ok }), true, nil
	case *query.Exists:
		switch {
		case columnSet[x.Field]:
			return c.exists(x.Field), true, nil
		case dateSet[x.Field], numberSet[x.Field]:
			return c.live.Clone(), true, nil
		}
		return nil, false, nil
	case *query.Range:
		if columnSet[x.Field] {
			return c.matchValues(x.Field, func(v string) bool {
				return inRange(strings.Compare(v, x.Lower), strings.Compare(v, x.Upper), x)
			}), true, nil
		}
		return ix.evalScalar(x.Field, x.Lower, x.Upper, x.IncludeLower, x.IncludeUpper)
	case *query.Bool:
		var must, should []*roaring.Bitmap
		var mustNot []*roaring.Bitmap
		for _, cl := range x.Clauses {
			bm, ok, err := ix.eval(cl.Query)
			if err != nil || !ok {
				return nil, ok, err
			}
			switch cl.Occur {
			case query.Must:
				must = append(must, bm)
			case query.MustNot:
				mustNot = append(mustNot, bm)
			default:
				should = append(should, bm)
			}
		}
		var out *roaring.Bitmap
		switch {
		case len(must) > 0:
			out = roaring.FastAnd(must...)
		case len(should) > 0:
			out = roaring.FastOr(should...)
		default:
			out = c.live.Clone()
		}
		if len(mustNot) > 0 {
			out.AndNot(roaring.FastOr(mustNot...))
		}
		return out, true, nil
	}
	return nil, false, nil
}

func inRange(lo, hi int, r *query.Range) bool {
	if r.Lower != "" && (lo < 0 || lo == 0 && !r.IncludeLower) {
		return false
	}
	if r.Upper != "" && (hi > 0 || hi == 0 && !r.IncludeUpper) {
		return false
	}
	return true
}

// evalScalar filters on a date or number column by scanning it; ok is false for any
// other field.
func (ix *Index) evalScalar(field, lower, upper string, incLower, incUpper bool) (*roaring.Bitmap, bool, error) {
	c := ix.cols
	var get func(d *docRec) float64
	var parse func(string) (float64, error)
	switch {
	case dateSet[field]:
		now := ix.schema.Now()
		parse = func(s string) (float64, error) {
			t, err := query.ParseDateMath(s, now)
			if err != nil {
				return 0, &query.SyntaxError{Query: s, Msg: fmt.Sprintf("invalid date %q for field %s", s, field)}
			}
			return float64(t.UnixMicro()), nil
		}
		if field == "metadata_created" {
			get = func(d *docRec) float64 { return float64(d.created) }
		} else {
			get = func(d *docRec) float64 { return float64(d.modified) }
		}
	case numberSet[field]:
		parse = func(s string) (float64, error) {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return 0, &query.SyntaxError{Query: s, Msg: fmt.Sprintf("invalid number %q for field %s", s, field)}
			}
			return f, nil
		}
		if field == "num_tags" {
			get = func(d *docRec) float64 { return float64(d.numTags) }
		} else {
			get = func(d *docRec) float64 { return float64(d.numResources) }
		}
	default:
		return nil, false, nil
	}
	lo, hi := -1e300, 1e300
	var err error
	if lower != "" && lower != "*" {
		if lo, err = parse(lower); err != nil {
			return nil, false, err
		}
	}
	if upper != "" && upper != "*" {
		if hi, err = parse(upper); err != nil {
			return nil, false, err
		}
	}
	out := roaring.New()
	it := c.live.Iterator()
	for it.HasNext() {
		o := it.Next()
		v := get(&c.docs[o])
		if (v > lo || incLower && v == lo) && (v < hi || incUpper && v == hi) {
			out.Add(o)
		}
	}
	return out, true, nil
}

func cloneOrEmpty(b *roaring.Bitmap) *roaring.Bitmap {
	if b == nil {
		return roaring.New()
	}
	return b.Clone()
}

// bleveHits runs a query on the text index and returns the matching ordinals that are in
// filter (all when nil), with their scores. It walks the searcher itself, reading one doc
// value per hit, so nothing per hit is decoded for sorting or facets. A query expected
// to match many documents is walked in two halves of the document numbers at once, each
// by a searcher of its own over the same snapshot: a searcher scores a document the same
// whether it reaches it by Next or by Advance, so the hits are the same, in the same
// order, as one walk's.
func (ix *Index) bleveHits(ctx context.Context, bq bquery.Query, filter *roaring.Bitmap) ([]hit, error) {
	adv, err := ix.idx.Advanced()
	if err != nil {
		return nil, err
	}
	reader, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer reader.Close()
	bq = simplify(bq, ix.idx.Mapping())
	if hits, ok, err := ix.postingHits(ctx, bq, reader, filter); ok || err != nil {
		return hits, err
	}
	first, err := bq.Searcher(ctx, reader, ix.idx.Mapping(), search.SearcherOptions{})
	if err != nil {
		return nil, err
	}
	defer first.Close()
	st, cached, err := ix.ords.segmentTables(reader)
	if err != nil {
		return nil, err
	}
	w := hitWalker{filter: filter, reader: reader}
	if cached {
		w.ordOf = st.ordOf
	} else {
		// Not a scorch snapshot: the ordinal doc value per hit, in one walk.
		dvr, err := reader.DocValueReader([]string{ordField})
		if err != nil {
			return nil, err
		}
		var dvErr error
		w.ordOf = func(id index.IndexInternalID) uint32 {
			o := noOrd
			if err := dvr.VisitDocValues(id, func(_ string, term []byte) {
				if v, ok := decodeOrd(term); ok {
					o = v
				}
			}); err != nil && dvErr == nil {
				dvErr = err
			}
			return o
		}
		hits, err := w.walk(ctx, first, nil, nil)
		if err == nil {
			err = dvErr
		}
		return hits, err
	}
	if filter != nil && filter.GetCardinality()*restrictFrom < first.Count() && splittable(bq) {
		return w.restricted(ctx, first, ix.ords.docsOf(st, filter))
	}
	docs := docNumbers(reader)
	if runtime.GOMAXPROCS(0) < 2 || first.Count() < parallelHitsFrom || docs < 2 || !splittable(bq) {
		return w.walk(ctx, first, nil, nil)
	}
	second, err := bq.Searcher(ctx, reader, ix.idx.Mapping(), search.SearcherOptions{})
	if err != nil {
		return nil, err
	}
	defer second.Close()
	split := index.NewIndexInternalID(nil, docs/2)
	var (
		high    []hit
		highErr error
		done    = make(chan struct{})
	)
	go func() {
		defer close(done)
		high, highErr = w.walk(ctx, second, split, nil)
	}()
	low, err := w.walk(ctx, first, nil, split)
	<-done
	if err != nil {
		return nil, err
	}
	if highErr != nil {
		return nil, highErr
	}
	return append(low, high...), nil
}

// parallelHitsFrom is the searcher's estimate of its matches (a disjunction's is the sum
// of its parts') from which bleveHits walks two halves at once: below it a goroutine
// costs more than it saves. A variable so that tests split small queries too.
var parallelHitsFrom uint64 = 20000

// splittable reports whether Bleve scores every document of q the same when its
// searcher reaches it by Advance as by Next, to the last bit: a score is a sum, and the
// order of its terms must not depend on the path. Disjunctions of up to ten parts
// (Bleve's slice searcher; more take a heap, whose order does), conjunctions, terms and
// phrases qualify; Bleve's boolean searcher does not (its Advance orders a score's
// terms otherwise).
func splittable(q bquery.Query) bool {
	switch x := q.(type) {
	case *bquery.TermQuery, *fastPhrase:
		return true
	case *bquery.MatchQuery:
		return x.Fuzziness == 0 // a fuzzy term is a disjunction of its expansions
	case *bquery.ConjunctionQuery:
		for _, c := range x.Conjuncts {
			if !splittable(c) {
				return false
			}
		}
		return true
	case *bquery.DisjunctionQuery:
		if len(x.Disjuncts) > searcher.DisjunctionHeapTakeover || x.Min > 1 {
			return false
		}
		for _, d := range x.Disjuncts {
			if !splittable(d) {
				return false
			}
		}
		return true
	}
	return false
}

// docNumbers is the number of Bleve document numbers of a scorch snapshot (deleted ones
// included), or 0 for another reader.
func docNumbers(reader index.IndexReader) uint64 {
	snap, ok := reader.(*scorch.IndexSnapshot)
	if !ok {
		return 0
	}
	var n uint64
	for _, s := range snap.Segments() {
		n += s.Segment().Count()
	}
	return n
}

// restrictFrom is how many times the searcher's estimate of its matches must exceed the
// filter's size for bleveHits to advance the searcher to the filter's documents instead
// of walking every match: an organization's few hundred datasets against a word in
// thousands. An advance costs a few steps of a walk. A variable so that tests restrict
// small queries too.
var restrictFrom uint64 = 4

// hitWalker collects a searcher's hits as ordinals.
type hitWalker struct {
	ordOf  func(index.IndexInternalID) uint32
	filter *roaring.Bitmap
	reader index.IndexReader
}

// restricted collects the hits of s among docs (ascending document numbers, see
// ordCache.docsOf) by advancing s to each in turn. Advance returns the first match at or
// after a document, so every matching document of the list is reached, and a match
// outside the list is kept only if its ordinal is in the filter.
func (w hitWalker) restricted(ctx context.Context, s search.Searcher, docs []uint64) ([]hit, error) {
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0), IndexReader: w.reader}
	var (
		hits []hit
		at   index.IndexInternalID
		last uint64
		seen bool
	)
	for i, d := range docs {
		if seen && d <= last {
			continue // the last match is at or beyond d
		}
		if i&255 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		at = index.NewIndexInternalID(at, d)
		dm, err := s.Advance(sctx, at)
		if err != nil {
			return nil, err
		}
		if dm == nil {
			break
		}
		last, seen = dm.IndexInternalID.Value(), true
		if o := w.ordOf(dm.IndexInternalID); o != noOrd && w.filter.Contains(o) {
			hits = append(hits, hit{ord: o, score: dm.Score})
		}
		sctx.DocumentMatchPool.Put(dm)
	}
	return hits, nil
}

// walk collects the hits of s from document number from (nil: the first) up to before
// (nil: the end).
func (w hitWalker) walk(ctx context.Context, s search.Searcher, from, before index.IndexInternalID) ([]hit, error) {
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0), IndexReader: w.reader}
	var hits []hit
	var (
		dm  *search.DocumentMatch
		err error
	)
	if from != nil {
		dm, err = s.Advance(sctx, from)
	} else {
		dm, err = s.Next(sctx)
	}
	for i := 1; ; i++ {
		if err != nil {
			return nil, err
		}
		if dm == nil || (before != nil && dm.IndexInternalID.Compare(before) >= 0) {
			return hits, nil
		}
		if o := w.ordOf(dm.IndexInternalID); o != noOrd && (w.filter == nil || w.filter.Contains(o)) {
			hits = append(hits, hit{ord: o, score: dm.Score})
		}
		sctx.DocumentMatchPool.Put(dm)
		if i&1023 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		dm, err = s.Next(sctx)
	}
}

// levenshtein is the edit distance of a and b, or max+1 once it exceeds max.
func levenshtein(a, b []rune, max int) int {
	if d := len(a) - len(b); d > max || -d > max {
		return max + 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > max {
			return max + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// filterBitmap evaluates one fq: on the columns when it can, else through the text index.
func (ix *Index) filterBitmap(ctx context.Context, fq string) (*roaring.Bitmap, error) {
	n, err := query.ParseLucene(fq)
	if err != nil {
		return nil, err
	}
	bm, ok, err := ix.eval(n)
	if err != nil || ok {
		return bm, err
	}
	bm, _, err = ix.hybrid(ctx, n)
	return bm, err
}

// hybrid evaluates a parsed query that needs the text index: the parts that name only
// column fields on the columns, the rest on Bleve, combined as Lucene's boolean query
// does (with a must clause, should clauses only add to the score; without one, at least
// one should clause matches). Column parts add nothing to the score. The text index holds
// only the text fields and the DisMax keyword fields, so a column part must never reach
// it. scores is nil when nothing is scored.
func (ix *Index) hybrid(ctx context.Context, n query.Node) (*roaring.Bitmap, map[uint32]float64, error) {
	bm, ok, err := ix.eval(n)
	if err != nil || ok {
		return bm, nil, err
	}
	switch x := n.(type) {
	case *query.Boost:
		bm, scores, err := ix.hybrid(ctx, x.Query)
		for o := range scores {
			scores[o] *= x.Factor
		}
		return bm, scores, err
	case *query.Bool:
		onColumns := false
		for _, cl := range x.Clauses {
			if _, ok, err := ix.eval(cl.Query); err != nil {
				return nil, nil, err
			} else if ok {
				onColumns = true
			}
		}
		if !onColumns {
			break // all text: Bleve scores it as a whole
		}
		var must, should, mustNot []*roaring.Bitmap
		var scored []map[uint32]float64
		for _, cl := range x.Clauses {
			bm, scores, err := ix.hybrid(ctx, cl.Query)
			if err != nil {
				return nil, nil, err
			}
			switch cl.Occur {
			case query.Must:
				must = append(must, bm)
			case query.MustNot:
				mustNot = append(mustNot, bm)
				continue
			default:
				should = append(should, bm)
			}
			if scores != nil {
				scored = append(scored, scores)
			}
		}
		var out *roaring.Bitmap
		switch {
		case len(must) > 0:
			out = roaring.FastAnd(must...)
		case len(should) > 0:
			out = roaring.FastOr(should...)
		default:
			out = ix.cols.live.Clone()
		}
		if len(mustNot) > 0 {
			out.AndNot(roaring.FastOr(mustNot...))
		}
		if len(scored) == 0 {
			return out, nil, nil
		}
		scores := make(map[uint32]float64, out.GetCardinality())
		for _, sc := range scored {
			for o, v := range sc {
				if out.Contains(o) {
					scores[o] += v
				}
			}
		}
		return out, scores, nil
	}
	bq, err := ix.schema.Translate(n)
	if err != nil {
		return nil, nil, err
	}
	hits, err := ix.bleveHits(ctx, bq, nil)
	if err != nil {
		return nil, nil, err
	}
	scores := make(map[uint32]float64, len(hits))
	for _, h := range hits {
		scores[h.ord] = h.score
	}
	return hitsBitmap(hits), scores, nil
}

// hitsBitmap is the set of the hits' ordinals. Many hits are set in a plain bit array
// first: adding them one by one to a bitmap costs a container search each.
func hitsBitmap(hits []hit) *roaring.Bitmap {
	if len(hits) < 4096 {
		bm := roaring.New()
		for _, h := range hits {
			bm.Add(h.ord)
		}
		return bm
	}
	var top uint32
	for _, h := range hits {
		top = max(top, h.ord)
	}
	words := make([]uint64, top/64+1)
	for _, h := range hits {
		words[h.ord/64] |= 1 << (h.ord % 64)
	}
	return roaring.FromDense(words, false)
}
