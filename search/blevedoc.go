package search

import (
	"unsafe"

	"github.com/blevesearch/bleve/v2/analysis"
	bdoc "github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// Bleve turns a document map into fields by walking it with reflection, counts each
// field's terms with three allocations per distinct term, and sums every term's size for
// its statistics: together about a seventh of a build's CPU. docBuilder makes the same
// fields, with the mapping's analyzers and options, from the values document() produces,
// and analyses them with fewer allocations; what it does not know (an extra's key, the
// extras sub-document) still goes through the mapping. TestBleveDocumentMatchesMapping
// holds the two equal field by field.
type docBuilder struct {
	m      *mapping.IndexMappingImpl
	fields map[string]fieldSpec
}

// fieldSpec is how the mapping indexes one top-level field.
type fieldSpec struct {
	analyzer analysis.Analyzer
	opts     index.FieldIndexingOptions
}

func newDocBuilder(m *mapping.IndexMappingImpl) *docBuilder {
	b := &docBuilder{m: m, fields: map[string]fieldSpec{}}
	for name, dm := range m.DefaultMapping.Properties {
		if len(dm.Fields) != 1 || len(dm.Properties) > 0 || !dm.Enabled {
			continue
		}
		fm := dm.Fields[0]
		if fm.Type != "text" || fm.Name != "" && fm.Name != name || fm.IncludeInAll || fm.Store {
			continue
		}
		a := m.AnalyzerNamed(fm.Analyzer)
		if a == nil {
			continue
		}
		b.fields[name] = fieldSpec{analyzer: a, opts: fm.Options()}
	}
	return b
}

// document is MapDocument(id, data) for a map of document()'s value types.
func (b *docBuilder) document(id string, data map[string]any) (*bdoc.Document, error) {
	d := bdoc.NewDocument(id)
	var rest map[string]any
	for name, v := range data {
		spec, ok := b.fields[name]
		if !ok {
			if rest == nil {
				rest = map[string]any{}
			}
			rest[name] = v
			continue
		}
		switch v := v.(type) {
		case string:
			d.AddField(&analyzedField{name: name, value: []byte(v), spec: spec})
		case []string:
			for i, s := range v {
				d.AddField(&analyzedField{name: name, arrayPositions: []uint64{uint64(i)}, value: []byte(s), spec: spec})
			}
		default:
			if rest == nil {
				rest = map[string]any{}
			}
			rest[name] = v
		}
	}
	if rest != nil {
		if err := b.m.MapDocument(d, rest); err != nil {
			return nil, err
		}
	}
	d.SetIndexed()
	return d, nil
}

// analyzedField is Bleve's text field with a cheaper analysis and size.
type analyzedField struct {
	name           string
	arrayPositions []uint64
	value          []byte
	spec           fieldSpec
	length         int
	freqs          index.TokenFrequencies
	size           int
}

func (f *analyzedField) Name() string                                     { return f.name }
func (f *analyzedField) ArrayPositions() []uint64                         { return f.arrayPositions }
func (f *analyzedField) Options() index.FieldIndexingOptions              { return f.spec.opts }
func (f *analyzedField) Value() []byte                                    { return f.value }
func (f *analyzedField) NumPlainTextBytes() uint64                        { return uint64(len(f.value)) }
func (f *analyzedField) EncodedFieldType() byte                           { return 't' }
func (f *analyzedField) AnalyzedLength() int                              { return f.length }
func (f *analyzedField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }

// Size estimates the memory the field holds; scorch only reports it in its statistics.
func (f *analyzedField) Size() int { return f.size }

// Analyze counts the field's terms as analysis.TokenFrequency does (the same terms,
// frequencies and locations, in token order), with one allocation per field for the
// terms and two for the locations instead of several per distinct term.
func (f *analyzedField) Analyze() {
	toks := f.spec.analyzer.Analyze(f.value)
	f.length = len(toks)
	rv := make(index.TokenFrequencies, len(toks))
	tfs := make([]index.TokenFreq, 0, len(toks)) // never grows: pointers into it are kept
	vectors := f.spec.opts.IncludeTermVectors()
	var termOf []int32
	if vectors {
		termOf = make([]int32, len(toks))
	}
	const tfSize = unsafe.Sizeof(index.TokenFreq{})
	for i, t := range toks {
		// The key shares the term's bytes, as the TokenFreq does; nothing changes them
		// once analysed.
		key := unsafe.String(unsafe.SliceData(t.Term), len(t.Term))
		tf, ok := rv[key]
		if !ok {
			tfs = append(tfs, index.TokenFreq{Term: t.Term})
			tf = &tfs[len(tfs)-1]
			rv[key] = tf
		}
		if !f.spec.opts.SkipFreqNorm() {
			tf.SetFrequency(tf.Frequency() + 1)
		}
		if vectors {
			termOf[i] = int32((uintptr(unsafe.Pointer(tf)) - uintptr(unsafe.Pointer(&tfs[0]))) / tfSize)
		}
	}
	f.size = len(f.name) + len(f.value) + len(tfs)*int(tfSize)
	if vectors && len(toks) > 0 {
		// Each term's locations are a run of one shared slice, in token order, capped
		// so that a merge appending to one (zap's MergeAll) copies instead of
		// overwriting the next term's run.
		next := make([]int32, len(tfs)) // where each term's run goes on
		for _, k := range termOf {
			next[k]++
		}
		off := int32(0)
		for k, n := range next {
			next[k] = off
			off += n
		}
		locs := make([]index.TokenLocation, len(toks))
		ptrs := make([]*index.TokenLocation, len(toks))
		for i, t := range toks {
			locs[i] = index.TokenLocation{ArrayPositions: f.arrayPositions, Start: t.Start, End: t.End, Position: t.Position}
			k := termOf[i]
			ptrs[next[k]] = &locs[i]
			next[k]++
		}
		lo := int32(0)
		for k := range tfs {
			tfs[k].Locations = ptrs[lo:next[k]:next[k]]
			lo = next[k]
		}
		f.size += len(toks) * int(unsafe.Sizeof(index.TokenLocation{})+unsafe.Sizeof(&locs[0]))
	}
	f.freqs = rv
}
