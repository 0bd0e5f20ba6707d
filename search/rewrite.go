package search

import (
	"context"
	"github.com/blevesearch/bleve/v2/analysis"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bquery "github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// simplifyQueries turns on simplify; the equivalence test turns it off to compare.
var simplifyQueries = true

// simplify rewrites the phrases of a translated query into fastPhrase, which has the same
// matches and the same scores but does less per match, in place (a translated query is
// built per search). DisMax searches every word as a phrase in the catch-all field (and
// in the titles), so that a word analysed into several tokens must find them together;
// most words stay one token (a Latin word, a Thai dictionary word, a year with its
// other-era twin), and Bleve answers even those with its phrase searcher: term vectors
// read and phrase paths built for every match, most of a common word's query time.
func simplify(q bquery.Query, m mapping.IndexMapping) bquery.Query {
	if !simplifyQueries {
		return q
	}
	switch x := q.(type) {
	case *bquery.DisjunctionQuery:
		for i, d := range x.Disjuncts {
			x.Disjuncts[i] = simplify(d, m)
		}
	case *bquery.ConjunctionQuery:
		for i, c := range x.Conjuncts {
			x.Conjuncts[i] = simplify(c, m)
		}
	case *bquery.BooleanQuery:
		for _, p := range []*bquery.Query{&x.Must, &x.Should, &x.MustNot, &x.Filter} {
			if *p != nil {
				*p = simplify(*p, m)
			}
		}
	case *bquery.MatchPhraseQuery:
		if fast := fastPhraseOf(x, m); fast != nil {
			return fast
		}
	}
	return q
}

// fastPhraseOf returns the rewrite of a phrase query, or nil when it must stay as it is.
// Only the text fields qualify: they keep term vectors, so every posting of a term has
// its positions (a dynamic extras field might not, and there Bleve's phrase matches
// nothing).
func fastPhraseOf(q *bquery.MatchPhraseQuery, m mapping.IndexMapping) bquery.Query {
	if q.Fuzziness != 0 || !textFieldSet[q.FieldVal] {
		return nil
	}
	toks := analyzeFor(m, q.FieldVal, q.Analyzer, q.MatchPhrase)
	if len(toks) == 0 {
		return nil
	}
	// The positions as Bleve's phrase query lays them out (tokenStreamToPhrase); a gap
	// (a position without a token) keeps Bleve's own searcher.
	first, last := toks[0].Position, toks[0].Position
	for _, t := range toks {
		first, last = min(first, t.Position), max(last, t.Position)
	}
	terms := make([][]string, last-first+1)
	for _, t := range toks {
		if len(t.Term) == 0 {
			return nil
		}
		terms[t.Position-first] = append(terms[t.Position-first], string(t.Term))
	}
	for _, at := range terms {
		if len(at) == 0 {
			return nil
		}
	}
	return &fastPhrase{field: q.FieldVal, terms: terms, boost: q.BoostVal.Value()}
}

var textFieldSet = setOf(textFields)

// fastPhrase is Bleve's phrase search with the same matches and scores, made cheaper.
// Bleve's phrase searcher is a conjunction of one searcher per position (a term
// searcher, or a disjunction of the terms at that position) reading term vectors; it
// turns each match's term locations into maps, looks for a path of adjacent positions,
// and returns the match with the conjunction's score. fastPhrase builds the same
// conjunction and checks adjacency on the locations as they come, without the maps.
// With one position every match passes, and a conjunction of one searcher scores as that
// searcher (0 + score) with its weight, so that case builds the one searcher alone,
// without term vectors. Either way the searcher is normalised as Bleve's phrase searcher
// normalises its own (which matters only when it is the whole query: a parent sets the
// norm again).
type fastPhrase struct {
	field string
	terms [][]string // by position: the terms that may stand there
	boost float64
}

// Searcher implements bleve's query.Query.
func (q *fastPhrase) Searcher(ctx context.Context, r index.IndexReader, _ mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	if len(q.terms) > 1 {
		options.IncludeTermVectors = true
	}
	var parts []search.Searcher
	for _, at := range q.terms {
		var ts []search.Searcher
		for _, t := range at {
			s, err := searcher.NewTermSearcher(ctx, r, t, q.field, q.boost, options)
			if err != nil {
				closeSearchers(ts, parts)
				return nil, err
			}
			ts = append(ts, s)
		}
		if len(ts) == 1 {
			parts = append(parts, ts[0])
			continue
		}
		d, err := searcher.NewDisjunctionSearcher(ctx, r, ts, 1, options)
		if err != nil {
			closeSearchers(ts, parts)
			return nil, err
		}
		parts = append(parts, d)
	}
	var s search.Searcher
	if len(parts) == 1 {
		s = parts[0]
	} else {
		conj, err := searcher.NewConjunctionSearcher(ctx, r, parts, options)
		if err != nil {
			closeSearchers(parts)
			return nil, err
		}
		s = &adjacentSearcher{Searcher: conj, terms: q.terms}
	}
	s.SetQueryNorm(1 / math.Sqrt(s.Weight()))
	return s, nil
}

// adjacentSearcher passes on the matches of a conjunction whose terms stand at adjacent
// positions, in the phrase's order, within one array element: what Bleve's phrase
// searcher accepts with no slop.
type adjacentSearcher struct {
	search.Searcher
	terms [][]string
}

// Next implements search.Searcher.
func (s *adjacentSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for {
		dm, err := s.Searcher.Next(ctx)
		if err != nil || dm == nil {
			return dm, err
		}
		if s.accept(dm) {
			return dm, nil
		}
		ctx.DocumentMatchPool.Put(dm)
	}
}

// Advance implements search.Searcher.
func (s *adjacentSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	if err != nil || dm == nil {
		return dm, err
	}
	if s.accept(dm) {
		return dm, nil
	}
	ctx.DocumentMatchPool.Put(dm)
	return s.Next(ctx)
}

// accept reports whether dm's term locations hold the phrase, and drops them: nothing
// above reads them.
func (s *adjacentSearcher) accept(dm *search.DocumentMatch) bool {
	locs := dm.FieldTermLocations
	dm.FieldTermLocations = locs[:0]
	for _, a := range locs {
		if !slices.Contains(s.terms[0], a.Term) {
			continue
		}
		ok := true
		for i := 1; i < len(s.terms) && ok; i++ {
			ok = false
			for _, b := range locs {
				if b.Location.Pos == a.Location.Pos+uint64(i) && slices.Contains(s.terms[i], b.Term) &&
					b.Location.ArrayPositions.Equals(a.Location.ArrayPositions) {
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

// closeSearchers closes searchers built before an error.
func closeSearchers(groups ...[]search.Searcher) {
	for _, ss := range groups {
		for _, s := range ss {
			_ = s.Close()
		}
	}
}

// analyzeFor analyses text as a match query on field does: with the query's analyzer if
// it names one, else the field's. Nil when the analyzer is unknown or yields no token.
func analyzeFor(m mapping.IndexMapping, field, analyzer, text string) analysis.TokenStream {
	if analyzer == "" {
		analyzer = m.AnalyzerNameForPath(field)
	}
	a := m.AnalyzerNamed(analyzer)
	if a == nil {
		return nil
	}
	return a.Analyze([]byte(text))
}
