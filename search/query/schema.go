package query

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	bquery "github.com/blevesearch/bleve/v2/search/query"
)

// Kind is how a field is indexed, which decides the Bleve query for it.
type Kind int

const (
	// KindKeyword is an exact, case-sensitive string (a Solr string field):
	// name, tags, organization, res_format and any unknown field.
	KindKeyword Kind = iota
	// KindText is analysed text: title, notes, text.
	KindText
	// KindDate is a date-time indexed by Bleve as a number.
	KindDate
	// KindNumber is a numeric field.
	KindNumber
	// KindBool is a Bleve boolean field.
	KindBool
)

// String names the kind for error messages.
func (k Kind) String() string {
	switch k {
	case KindKeyword:
		return "keyword"
	case KindText:
		return "text"
	case KindDate:
		return "date"
	case KindNumber:
		return "number"
	case KindBool:
		return "boolean"
	default:
		return "kind(" + strconv.Itoa(int(k)) + ")"
	}
}

// Field is the index side of a CKAN field name.
type Field struct {
	// Name is the Bleve field path; empty means the CKAN name itself.
	Name string
	Kind Kind
	// Analyzer overrides the field's index analyzer for KindText queries;
	// empty uses the analyzer the index mapping gives the field.
	Analyzer string
	// Parts, for a KindText field, are the index fields it spans: a catch-all
	// such as CKAN's text is then searched in each of them and matches where
	// any does, so the index need not hold the titles and notes twice. A
	// phrase or a multi-word value must stand within one part.
	Parts []string
}

// parts returns f itself, or one field per index field it spans.
func (f Field) parts() []Field {
	if f.Kind != KindText || len(f.Parts) == 0 {
		return []Field{f}
	}
	out := make([]Field, len(f.Parts))
	for i, p := range f.Parts {
		out[i] = Field{Name: p, Kind: KindText, Analyzer: f.Analyzer}
	}
	return out
}

// eachPart builds q for every index field f spans; several become a disjunction.
func eachPart(f Field, q func(Field) bquery.Query) bquery.Query {
	ps := f.parts()
	if len(ps) == 1 {
		return q(ps[0])
	}
	qs := make([]bquery.Query, len(ps))
	for i, p := range ps {
		qs[i] = q(p)
	}
	return bquery.NewDisjunctionQuery(qs)
}

// Boosted is one DisMax query field with its weight (Solr's qf entry).
type Boosted struct {
	Field string
	Boost float64
}

// DefaultQF returns CKAN's qf, "name^4 title^4 tags^2 groups^2 text".
func DefaultQF() []Boosted {
	return []Boosted{{"name", 4}, {"title", 4}, {"tags", 2}, {"groups", 2}, {"text", 1}}
}

// DefaultField is CKAN's df, used when a Schema leaves Default empty.
const DefaultField = "text"

// Schema maps CKAN field names to the index and translates parsed queries
// into Bleve queries. The zero value works: every field is a keyword, the
// default field is "text", QF is [DefaultQF] and NOW is the wall clock.
// A Schema is read-only during translation and safe for concurrent use.
type Schema struct {
	// Fields maps CKAN field names to index fields.
	Fields map[string]Field
	// Default is the CKAN field searched by an unfielded Lucene term (df).
	Default string
	// QF lists the DisMax fields and weights; nil means DefaultQF().
	QF []Boosted
	// Dynamic resolves names missing from Fields, such as extras_* or
	// *_date; returning false falls through to the keyword default.
	Dynamic func(name string) (Field, bool)
	// Now is the time NOW refers to; nil means time.Now. Tests inject it.
	Now func() time.Time
	// ExistsField optionally names a keyword field in which the index
	// lists the (Bleve) names of each document's non-empty fields. When
	// set, field:* is a single term lookup there; otherwise it enumerates
	// every term of the field, which is slow on large keyword fields.
	ExistsField string
}

// FieldFor resolves a CKAN field name ("" means the default field). A name
// that neither Fields nor Dynamic knows is a keyword field of the same name,
// because CKAN indexes every other top-level key as an exact string.
func (s *Schema) FieldFor(name string) Field {
	if s == nil {
		s = &Schema{}
	}
	if name == "" {
		name = s.Default
		if name == "" {
			name = DefaultField
		}
	}
	f, ok := s.Fields[name]
	if !ok && s.Dynamic != nil {
		f, ok = s.Dynamic(name)
	}
	if !ok {
		return Field{Name: name, Kind: KindKeyword}
	}
	if f.Name == "" {
		f.Name = name
	}
	return f
}

// Lucene parses q (or an fq) as Lucene syntax and translates it.
func (s *Schema) Lucene(q string) (bquery.Query, error) {
	n, err := ParseLucene(q)
	if err != nil {
		return nil, err
	}
	bq, err := s.Translate(n)
	return bq, attachQuery(err, q)
}

// DisMax parses q as DisMax and translates it.
func (s *Schema) DisMax(q string) (bquery.Query, error) {
	n, err := ParseDisMax(q)
	if err != nil {
		return nil, err
	}
	bq, err := s.Translate(n)
	return bq, attachQuery(err, q)
}

// attachQuery gives a translation error the query text so that its
// message can point at a character.
func attachQuery(err error, text string) error {
	if se, ok := err.(*SyntaxError); ok && se.Query == "" {
		se.Query = text
	}
	return err
}

// Q translates CKAN's q, choosing the parser with [IsFielded].
func (s *Schema) Q(q string) (bquery.Query, error) {
	if IsFielded(q) {
		return s.Lucene(q)
	}
	return s.DisMax(q)
}

// Translate turns a parsed query into a Bleve query. Values that do not fit
// their field (a malformed date on a date field, a word on a number field)
// give a *SyntaxError, so they surface as CKAN's "Search Error" like a
// Solr parse failure would. NOW is read once, so every NOW in one query
// means the same instant.
func (s *Schema) Translate(n Node) (bquery.Query, error) {
	if s == nil {
		s = &Schema{}
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	t := &translator{s: s, now: now()}
	return t.node(n)
}

type translator struct {
	s   *Schema
	now time.Time
}

func (t *translator) valueError(pos int, field string, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	return &SyntaxError{Pos: pos, Msg: fmt.Sprintf("field %s: %s", field, msg)}
}

func (t *translator) node(n Node) (bquery.Query, error) {
	switch n := n.(type) {
	case *MatchAll:
		return bquery.NewMatchAllQuery(), nil
	case *Term:
		return t.term(n)
	case *Phrase:
		return t.phrase(n)
	case *Wildcard:
		return t.wildcard(n)
	case *Range:
		return t.rangeQuery(n)
	case *Exists:
		return t.exists(t.s.FieldFor(n.Field)), nil
	case *Bool:
		return t.boolean(n)
	case *Boost:
		q, err := t.node(n.Query)
		if err != nil {
			return nil, err
		}
		if bq, ok := q.(bquery.BoostableQuery); ok {
			bq.SetBoost(n.Factor)
		}
		return q, nil
	case *DisMax:
		return t.dismax(n)
	default:
		return nil, &SyntaxError{Msg: fmt.Sprintf("cannot translate query node %T", n)}
	}
}

func (t *translator) term(n *Term) (bquery.Query, error) {
	f := t.s.FieldFor(n.Field)
	switch f.Kind {
	case KindText:
		return eachPart(f, func(p Field) bquery.Query { return matchQuery(p, n.Value, n.Fuzziness) }), nil
	case KindKeyword:
		if n.Fuzziness > 0 {
			q := bquery.NewFuzzyQuery(n.Value)
			q.SetField(f.Name)
			q.SetFuzziness(n.Fuzziness)
			return q, nil
		}
		return termQuery(f.Name, n.Value), nil
	default:
		return t.scalar(f, n.Value, n.Pos)
	}
}

func (t *translator) phrase(n *Phrase) (bquery.Query, error) {
	f := t.s.FieldFor(n.Field)
	switch f.Kind {
	case KindText:
		return eachPart(f, func(p Field) bquery.Query { return phraseQuery(p, n.Text, n.Slop) }), nil
	case KindKeyword:
		// A quoted value on a string field is the whole value, as the web
		// UI's facet filters (tags:"economy") rely on.
		return termQuery(f.Name, n.Text), nil
	default:
		return t.scalar(f, n.Text, n.Pos)
	}
}

// scalar matches one date, number or boolean value exactly.
func (t *translator) scalar(f Field, v string, pos int) (bquery.Query, error) {
	switch f.Kind {
	case KindDate:
		d, err := ParseDateMath(v, t.now)
		if err != nil {
			return nil, t.valueError(pos, f.Name, "%v", err)
		}
		return dateRange(f.Name, &d, &d, true, true), nil
	case KindNumber:
		x, err := parseNumber(v)
		if err != nil {
			return nil, t.valueError(pos, f.Name, "%v", err)
		}
		return numericRange(f.Name, &x, &x, true, true), nil
	case KindBool:
		b, err := parseBool(v)
		if err != nil {
			return nil, t.valueError(pos, f.Name, "%v", err)
		}
		q := bquery.NewBoolFieldQuery(b)
		q.SetField(f.Name)
		return q, nil
	default:
		return termQuery(f.Name, v), nil
	}
}

func (t *translator) wildcard(n *Wildcard) (bquery.Query, error) {
	f := t.s.FieldFor(n.Field)
	switch f.Kind {
	case KindKeyword:
		return wildcardQuery(f.Name, n.Pattern), nil
	case KindText:
		// Indexed text is lower-cased by the analyzer, but wildcards are
		// not analysed, so lower-case the pattern to meet the terms.
		return eachPart(f, func(p Field) bquery.Query { return wildcardQuery(p.Name, strings.ToLower(n.Pattern)) }), nil
	default:
		return nil, t.valueError(n.Pos, f.Name, "wildcards only work on text and keyword fields, not on a %s field; use a range such as [a TO b]", f.Kind)
	}
}

func (t *translator) rangeQuery(n *Range) (bquery.Query, error) {
	f := t.s.FieldFor(n.Field)
	if n.Lower == "" && n.Upper == "" {
		return t.exists(f), nil
	}
	switch f.Kind {
	case KindKeyword, KindText:
		lo, hi := n.Lower, n.Upper
		if f.Kind == KindText {
			lo, hi = strings.ToLower(lo), strings.ToLower(hi)
		}
		// Keyword ranges compare bytes, as Solr string fields do, so
		// num_resources:[2 TO 10] on a keyword field is lexicographic.
		return eachPart(f, func(p Field) bquery.Query {
			q := bquery.NewTermRangeInclusiveQuery(lo, hi, &n.IncludeLower, &n.IncludeUpper)
			q.SetField(p.Name)
			return q
		}), nil
	case KindDate:
		var lo, hi *time.Time
		for _, b := range []struct {
			v   string
			dst **time.Time
		}{{n.Lower, &lo}, {n.Upper, &hi}} {
			if b.v == "" {
				continue
			}
			d, err := ParseDateMath(b.v, t.now)
			if err != nil {
				return nil, t.valueError(n.Pos, f.Name, "%v", err)
			}
			*b.dst = &d
		}
		return dateRange(f.Name, lo, hi, n.IncludeLower, n.IncludeUpper), nil
	case KindNumber:
		var lo, hi *float64
		for _, b := range []struct {
			v   string
			dst **float64
		}{{n.Lower, &lo}, {n.Upper, &hi}} {
			if b.v == "" {
				continue
			}
			x, err := parseNumber(b.v)
			if err != nil {
				return nil, t.valueError(n.Pos, f.Name, "%v", err)
			}
			*b.dst = &x
		}
		return numericRange(f.Name, lo, hi, n.IncludeLower, n.IncludeUpper), nil
	default:
		return nil, t.valueError(n.Pos, f.Name, "ranges do not apply to a boolean field; use %s:true or %s:false", f.Name, f.Name)
	}
}

// boolean follows Lucene: Must clauses are required, Should clauses are
// alternatives when nothing is required and score boosts otherwise, and a
// group with only MustNot clauses starts from every document.
func (t *translator) boolean(b *Bool) (bquery.Query, error) {
	var must, should, mustNot []bquery.Query
	for _, c := range b.Clauses {
		q, err := t.node(c.Query)
		if err != nil {
			return nil, err
		}
		switch c.Occur {
		case Must:
			must = append(must, q)
		case MustNot:
			mustNot = append(mustNot, q)
		default:
			should = append(should, q)
		}
	}
	return combineBleve(must, should, mustNot, 1, false), nil
}

// combineBleve builds the Bleve query for clause lists. Without force,
// Should clauses are only required (minShould of them) when there is no
// Must clause, as in Lucene; DisMax forces its mm count regardless, as
// Solr's mm counts only the optional clauses and always applies.
func combineBleve(must, should, mustNot []bquery.Query, minShould int, force bool) bquery.Query {
	if len(should) > 0 && (len(must) == 0 || force) {
		if len(should) == 1 {
			must = append(must, should[0])
		} else {
			d := bquery.NewDisjunctionQuery(should)
			d.SetMin(float64(max(minShould, 1)))
			must = append(must, d)
		}
		should = nil
	}
	if len(must) == 0 {
		if len(mustNot) == 0 {
			return bquery.NewMatchNoneQuery()
		}
		must = []bquery.Query{bquery.NewMatchAllQuery()}
	}
	if len(must) == 1 && len(should) == 0 && len(mustNot) == 0 {
		return must[0]
	}
	return bquery.NewBooleanQuery(must, should, mustNot)
}

func (t *translator) dismax(n *DisMax) (bquery.Query, error) {
	qf := t.s.QF
	if qf == nil {
		qf = DefaultQF()
	}
	// The alternatives of a word: one per qf field, and one per part of a field that
	// spans several, except the parts qf names itself (the titles), which are scored
	// once, with their own weight.
	type alt struct {
		f        Field
		boost    float64
		catchAll bool
	}
	catchAll := t.s.FieldFor("").Name
	inQF := map[string]bool{}
	for _, b := range qf {
		inQF[t.s.FieldFor(b.Field).Name] = true
	}
	var fields []alt
	for _, b := range qf {
		f := t.s.FieldFor(b.Field)
		for _, p := range f.parts() {
			if p.Name == f.Name || !inQF[p.Name] {
				fields = append(fields, alt{p, b.Boost, f.Name == catchAll})
			}
		}
	}
	var must, should, mustNot []bquery.Query
	for _, c := range n.Clauses {
		var alts []bquery.Query
		for _, a := range fields {
			q := t.dismaxField(a.f, c.Query, a.catchAll)
			if q == nil {
				continue
			}
			if a.boost > 0 && a.boost != 1 {
				if bq, ok := q.(bquery.BoostableQuery); ok {
					bq.SetBoost(a.boost)
				}
			}
			alts = append(alts, q)
		}
		var q bquery.Query
		switch len(alts) {
		case 0:
			q = bquery.NewMatchNoneQuery()
		case 1:
			q = alts[0]
		default:
			q = bquery.NewDisjunctionQuery(alts)
		}
		switch c.Occur {
		case Must:
			must = append(must, q)
		case MustNot:
			mustNot = append(mustNot, q)
		default:
			should = append(should, q)
		}
	}
	if len(must) == 0 && len(should) == 0 && len(mustNot) == 0 {
		return bquery.NewMatchAllQuery(), nil
	}
	return combineBleve(must, should, mustNot, MinShouldMatch(len(should)), true), nil
}

// dismaxField searches one DisMax word or phrase in one field, or returns
// nil when the value cannot exist there (a word in a date field): DisMax
// never reports errors. catchAll marks the default field, which holds all of
// a dataset's text.
func (t *translator) dismaxField(f Field, n Node, catchAll bool) bquery.Query {
	var v string
	phrase := false
	switch n := n.(type) {
	case *Term:
		v = n.Value
	case *Phrase:
		v, phrase = n.Text, true
	default:
		return nil
	}
	switch f.Kind {
	case KindKeyword:
		return termQuery(f.Name, v)
	case KindText:
		// A DisMax word is what the user typed without spaces; when it analyses into
		// several tokens (an unspaced Thai compound, "e-Office") they must stand
		// together in the catch-all field: across a dataset's whole text, รายงาน in
		// one sentence and การประชุม in another are not meeting minutes. Within one
		// short field every token is enough, so ราคาน้ำมัน still finds the title
		// ราคาขายปลีกน้ำมัน; Bleve has no sloppy phrase to sit between the two.
		if phrase || catchAll {
			return phraseQuery(f, v, 0)
		}
		adjacent := phraseQuery(f, v, 0).(*bquery.MatchPhraseQuery)
		adjacent.SetBoost(2)
		return bquery.NewDisjunctionQuery([]bquery.Query{adjacent, matchQuery(f, v, 0)})
	default:
		q, err := t.scalar(f, v, 0)
		if err != nil {
			return nil
		}
		return q
	}
}

func termQuery(field, v string) bquery.Query {
	q := bquery.NewTermQuery(v)
	q.SetField(field)
	return q
}

// matchQuery analyses v and requires every resulting token: a single
// unspaced Thai word segments into several tokens, and matching any one of
// them would return unrelated datasets.
func matchQuery(f Field, v string, fuzziness int) bquery.Query {
	q := bquery.NewMatchQuery(v)
	q.SetField(f.Name)
	q.Analyzer = f.Analyzer
	q.SetOperator(bquery.MatchQueryOperatorAnd)
	if fuzziness > 0 {
		q.SetFuzziness(fuzziness)
	}
	return q
}

// phraseQuery searches a phrase. Bleve has no sloppy phrase search, so a
// proximity query falls back to requiring all words anywhere.
func phraseQuery(f Field, v string, slop int) bquery.Query {
	if slop > 0 {
		return matchQuery(f, v, 0)
	}
	q := bquery.NewMatchPhraseQuery(v)
	q.SetField(f.Name)
	q.Analyzer = f.Analyzer
	return q
}

// wildcardQuery uses Bleve's WildcardQuery, which cannot express a literal
// '*' or '?', so patterns with escapes become an equivalent RegexpQuery.
func wildcardQuery(field, pattern string) bquery.Query {
	if !strings.Contains(pattern, `\`) {
		q := bquery.NewWildcardQuery(pattern)
		q.SetField(field)
		return q
	}
	var b strings.Builder
	rs := []rune(pattern)
	for i := 0; i < len(rs); i++ {
		switch r := rs[i]; {
		case r == '\\' && i+1 < len(rs):
			i++
			b.WriteString(regexp.QuoteMeta(string(rs[i])))
		case r == '*':
			b.WriteString(".*")
		case r == '?':
			b.WriteByte('.')
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	q := bquery.NewRegexpQuery(b.String())
	q.SetField(field)
	return q
}

// exists matches documents with any value in f.
func (t *translator) exists(f Field) bquery.Query {
	if len(f.parts()) > 1 {
		return eachPart(f, t.exists)
	}
	if t.s.ExistsField != "" {
		return termQuery(t.s.ExistsField, f.Name)
	}
	switch f.Kind {
	case KindDate, KindNumber:
		return numericRange(f.Name, nil, nil, true, true)
	case KindBool:
		t, fl := bquery.NewBoolFieldQuery(true), bquery.NewBoolFieldQuery(false)
		t.SetField(f.Name)
		fl.SetField(f.Name)
		return bquery.NewDisjunctionQuery([]bquery.Query{t, fl})
	default:
		q := bquery.NewWildcardQuery("*")
		q.SetField(f.Name)
		return q
	}
}

// numericRange treats nil ends as open. Infinite bounds (rather than nil)
// keep Bleve's validation happy when both ends are open.
func numericRange(field string, lo, hi *float64, incLo, incHi bool) bquery.Query {
	inf, negInf := math.Inf(1), math.Inf(-1)
	if lo == nil {
		lo, incLo = &negInf, true
	}
	if hi == nil {
		hi, incHi = &inf, true
	}
	q := bquery.NewNumericRangeInclusiveQuery(lo, hi, &incLo, &incHi)
	q.SetField(field)
	return q
}

// dateRange treats nil ends as open. Bleve stores dates as int64
// nanoseconds and rejects bounds outside 1677-2262 at search time, so
// bounds beyond that window are opened (nothing indexed lies beyond them)
// and ranges entirely outside it match nothing.
func dateRange(field string, lo, hi *time.Time, incLo, incHi bool) bquery.Query {
	minT, maxT := bquery.MinRFC3339CompatibleTime, bquery.MaxRFC3339CompatibleTime
	if (lo != nil && lo.After(maxT)) || (hi != nil && hi.Before(minT)) {
		return bquery.NewMatchNoneQuery()
	}
	if lo != nil && lo.Before(minT) {
		lo = nil
	}
	if hi != nil && hi.After(maxT) {
		hi = nil
	}
	if lo == nil && hi == nil {
		return numericRange(field, nil, nil, true, true)
	}
	var start, end time.Time
	if lo != nil {
		start = *lo
	}
	if hi != nil {
		end = *hi
	}
	q := bquery.NewDateRangeInclusiveQuery(start, end, &incLo, &incHi)
	q.SetField(field)
	return q
}

func parseNumber(v string) (float64, error) {
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, fmt.Errorf("%q is not a number", v)
	}
	return x, nil
}

func parseBool(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, fmt.Errorf("%q is not a boolean; use true or false", v)
}
