package thai

import (
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
)

// The cached stemmer gives Bleve's Porter stems, on a miss and on a hit alike, and
// leaves keywords alone.
func TestStemFilterMatchesPorter(t *testing.T) {
	words := []string{"statistics", "population", "surveys", "running", "agreed", "relational", "a", "is", "", "ponies", "caresses", "digitally"}
	for round := range 2 {
		for _, w := range words {
			want := porter.NewPorterStemmer().Filter(analysis.TokenStream{{Term: []byte(w)}})[0].Term
			got := stemFilter{}.Filter(analysis.TokenStream{{Term: []byte(w)}})[0].Term
			if string(got) != string(want) {
				t.Errorf("round %d: %q stems to %q, want %q", round, w, got, want)
			}
		}
	}
	kw := stemFilter{}.Filter(analysis.TokenStream{{Term: []byte("surveys"), KeyWord: true}})[0].Term
	if string(kw) != "surveys" {
		t.Errorf("keyword stemmed to %q", kw)
	}
}
