package thai

import (
	"bytes"
	"fmt"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/registry"
	porterstemmer "github.com/blevesearch/go-porterstemmer"
)

// Names under which this package registers its pieces with Bleve's registry.
const (
	// AnalyzerMixed analyses mixed Thai/English text for the main search
	// fields: thai tokenizer → to_lower → thai_synonym → thai_year →
	// English possessive → Porter stemmer (Latin tokens only).
	AnalyzerMixed = "thai_mixed"
	// AnalyzerBigram analyses text into Thai character bigrams (and
	// lower-cased Latin words) for a low-boost recall field that catches
	// words the dictionary lacks.
	AnalyzerBigram = "thai_bigram"

	// TokenizerWords segments Thai runs into dictionary words.
	TokenizerWords = "thai"
	// TokenizerBigram emits overlapping Thai character bigrams.
	TokenizerBigram = "thai_bigram"

	// FilterNormalize applies Normalize to each term, for pipelines whose
	// tokenizer is not TokenizerWords (which already normalises).
	FilterNormalize = "thai_normalize"
	// FilterSynonym rewrites spelling variants to their canonical form
	// (see Canonical); use it at index and query time alike.
	FilterSynonym = "thai_synonym"
	// FilterYear adds the other-era year at the same position as a year
	// token (see OtherEraYear).
	FilterYear = "thai_year"
)

func init() {
	// Bleve's registry rejects duplicate names; a clash means two packages
	// claim the same name, a build-time mistake that must not pass silently.
	for _, err := range []error{
		registry.RegisterTokenizer(TokenizerWords, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
			return &tokenizer{}, nil
		}),
		registry.RegisterTokenizer(TokenizerBigram, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
			return &tokenizer{bigrams: true}, nil
		}),
		registry.RegisterTokenFilter(FilterNormalize, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return normalizeFilter{}, nil
		}),
		registry.RegisterTokenFilter(FilterSynonym, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return synonymFilter{}, nil
		}),
		registry.RegisterTokenFilter(FilterYear, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return yearFilter{}, nil
		}),
		registry.RegisterAnalyzer(AnalyzerMixed, func(map[string]interface{}, *registry.Cache) (analysis.Analyzer, error) {
			return newMixedAnalyzer(), nil
		}),
		registry.RegisterAnalyzer(AnalyzerBigram, func(map[string]interface{}, *registry.Cache) (analysis.Analyzer, error) {
			return newBigramAnalyzer(), nil
		}),
	} {
		if err != nil {
			panic(fmt.Sprintf("search/thai: registering with bleve: %v", err))
		}
	}
}

func newMixedAnalyzer() analysis.Analyzer {
	return &analysis.DefaultAnalyzer{
		Tokenizer: &tokenizer{},
		TokenFilters: []analysis.TokenFilter{
			lowercase.NewLowerCaseFilter(),
			synonymFilter{},
			yearFilter{},
			en.NewPossessiveFilter(),
			// Porter skips KeyWord tokens, and the tokenizer marks every
			// Thai token as one, so only Latin words are stemmed.
			stemFilter{},
		},
	}
}

func newBigramAnalyzer() analysis.Analyzer {
	return &analysis.DefaultAnalyzer{
		Tokenizer:    &tokenizer{bigrams: true},
		TokenFilters: []analysis.TokenFilter{lowercase.NewLowerCaseFilter()},
	}
}

// tokenizer is the Bleve face of scanner.
type tokenizer struct {
	bigrams bool
}

// Tokenize implements analysis.Tokenizer. Start and End are byte offsets in
// input; Term holds normalised text.
func (t *tokenizer) Tokenize(input []byte) analysis.TokenStream {
	s := scannerPool.Get().(*scanner)
	defer scannerPool.Put(s)

	// One arena for all terms; each term is capped so a filter that grows
	// a term in place cannot overwrite its neighbour.
	arenaCap := len(input) + 16
	if t.bigrams {
		arenaCap *= 2
	}
	arena := make([]byte, 0, arenaCap)
	toks := make([]analysis.Token, 0, len(input)/6+1)
	s.scan(input, t.bigrams, func(p piece) {
		a := len(arena)
		arena = append(arena, p.term...)
		tok := analysis.Token{
			Term:     arena[a:len(arena):len(arena)],
			Start:    p.start,
			End:      p.end,
			Position: len(toks) + 1,
			Type:     analysis.AlphaNumeric,
		}
		switch p.kind {
		case pieceThai, pieceAbbrev:
			tok.KeyWord = true
		case pieceNumber:
			tok.Type = analysis.Numeric
		case pieceIdeo:
			tok.Type = analysis.Ideographic
		}
		toks = append(toks, tok)
	})
	out := make(analysis.TokenStream, len(toks))
	for i := range toks {
		out[i] = &toks[i]
	}
	return out
}

// normalizeFilter applies Normalize to terms.
type normalizeFilter struct{}

// Filter implements analysis.TokenFilter.
func (normalizeFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		if n := Normalize(string(t.Term)); n != string(t.Term) {
			t.Term = []byte(n)
		}
	}
	return in
}

// synonymFilter rewrites spelling variants to their canonical form.
type synonymFilter struct{}

// Filter implements analysis.TokenFilter.
func (synonymFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		c, ok := variantIndex[string(t.Term)]
		if !ok {
			continue
		}
		t.Term = []byte(c)
		if r, _ := utf8.DecodeRuneInString(c); isThaiLetter(r) {
			// A Latin variant (covid) mapped to Thai must escape the stemmer.
			t.KeyWord = true
		}
	}
	return in
}

// yearFilter adds the other-era twin of year tokens at the same position.
type yearFilter struct{}

var (
	eraBEBytes = []byte(eraBE)
	eraCEBytes = []byte(eraCE)
)

// Filter implements analysis.TokenFilter.
func (yearFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	thaiText := false
	for _, t := range in {
		if r, _ := utf8.DecodeRune(t.Term); isThaiLetter(r) {
			thaiText = true
			break
		}
	}
	var out analysis.TokenStream
	var prev []byte
	for i, t := range in {
		y, ok := otherEra(t.Term, bytes.Equal(prev, eraBEBytes), bytes.Equal(prev, eraCEBytes), thaiText)
		prev = t.Term
		if !ok {
			if out != nil {
				out = append(out, t)
			}
			continue
		}
		if out == nil {
			out = make(analysis.TokenStream, i, len(in)+4)
			copy(out, in[:i])
		}
		out = append(out, t, &analysis.Token{
			Term:     strconv.AppendInt(nil, int64(y), 10),
			Start:    t.Start,
			End:      t.End,
			Position: t.Position,
			Type:     analysis.Numeric,
			KeyWord:  true,
		})
	}
	if out == nil {
		return in
	}
	return out
}

// stemFilter is Bleve's Porter stemmer with a cache: a catalog's English repeats a
// small vocabulary, and stemming converts every word to runes and back, two allocations
// per token. The cache is bounded (words past maxStems are stemmed each time), and its
// entries are never changed once stored, so tokens may share them.
type stemFilter struct{}

const maxStems = 1 << 17

var stems = struct {
	sync.RWMutex
	m map[string][]byte
}{m: make(map[string][]byte)}

// Filter implements analysis.TokenFilter.
func (stemFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		if t.KeyWord {
			continue
		}
		stems.RLock()
		stem, ok := stems.m[string(t.Term)]
		stems.RUnlock()
		if !ok {
			stem = stemWord(t.Term)
			stems.Lock()
			if len(stems.m) < maxStems {
				stems.m[string(t.Term)] = stem
			}
			stems.Unlock()
		}
		t.Term = stem
	}
	return in
}

// stemWord is what Bleve's porter filter makes of a term; the result is capped, so a
// later filter appending to one token cannot write into a shared stem.
func stemWord(term []byte) []byte {
	stem := analysis.BuildTermFromRunes(porterstemmer.StemWithoutLowerCasing(bytes.Runes(term)))
	return stem[:len(stem):len(stem)]
}
