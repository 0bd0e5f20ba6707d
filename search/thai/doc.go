// Package thai segments Thai text into words for search and plugs that
// segmentation into Bleve.
//
// Bleve's stock analyzers drop Thai entirely (UAX #29 gives Thai letters no
// word type), so Thai titles and descriptions would be unsearchable. This
// package supplies a pure-Go dictionary maximal-matching segmenter over a word
// list generated from ICU's Thai dictionary (words_icu.txt, Unicode licence in
// LICENSE-ICU.txt) plus a short hand-written domain list (words_domain.txt),
// and registers with Bleve's registry:
//
//   - tokenizer "thai": Thai runs segmented into words, other runs split by
//     Unicode word rules; Thai digits, doubled SARA E, split SARA AM and
//     zero-width characters are normalised, dotted abbreviations (พ.ศ.) kept whole;
//   - tokenizer "thai_bigram": overlapping Thai character bigrams, for a
//     low-boost recall field;
//   - token filters "thai_normalize", "thai_synonym" and "thai_year";
//   - analyzers AnalyzerMixed ("thai_mixed") and AnalyzerBigram ("thai_bigram").
//
// Importing the package is enough to register them; every binary that opens
// an index whose mapping names them must import it.
package thai

//go:generate go run ./internal/genwords -lib /usr/lib/x86_64-linux-gnu/libicudata.so.72 -license /usr/share/icu/72.1/LICENSE -o words_icu.txt -license-out LICENSE-ICU.txt
