package thai

import (
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
)

// benchText is catalog-like: a Thai title and English notes of pseudo-words.
var benchText = []byte("สำมะโนประชากรและเคหะ พ.ศ. 2568 จังหวัดเชียงใหม่ " + strings.Repeat(
	"Quudrelaimp putround futohar drabraprairt diparoun, peanoquund valo bedrait greazer promat 2,500 PM2.5 statistics. ", 10))

// BenchmarkAnalyzeMixed compares, in one run, the analyzer's Latin paths with what they
// replace: the Unicode word segmenter for ASCII text and Bleve's uncached Porter stemmer.
//
//	go test ./search/thai -run '^$' -bench AnalyzeMixed -benchmem
func BenchmarkAnalyzeMixed(b *testing.B) {
	an := newMixedAnalyzer().(*analysis.DefaultAnalyzer)
	b.Run("analyzer", func(b *testing.B) {
		for range b.N {
			an.Analyze(benchText)
		}
	})
	latin := benchText[strings.Index(string(benchText), "Q"):]
	b.Run("split/segmenter", func(b *testing.B) {
		for range b.N {
			segmentWords(latin)
		}
	})
	b.Run("split/ascii", func(b *testing.B) {
		for range b.N {
			asciiWords(latin)
		}
	})
	stream := func() analysis.TokenStream {
		return analysis.TokenStream{{Term: []byte("quudrelaimp")}, {Term: []byte("statistics")}, {Term: []byte("putround")}, {Term: []byte("valo")}}
	}
	b.Run("stem/porter", func(b *testing.B) {
		p := porter.NewPorterStemmer()
		for range b.N {
			p.Filter(stream())
		}
	})
	b.Run("stem/cached", func(b *testing.B) {
		for range b.N {
			stemFilter{}.Filter(stream())
		}
	})
}
