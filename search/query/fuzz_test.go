package query

import (
	"errors"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
)

var fuzzSeeds = []string{
	"", "*:*", "*", "tags:economy", `title:"population census"~2^3`, "organization:a OR organization:b",
	"-organization:x", "metadata_modified:[2024-05-01T10:20:30.123456Z TO *]",
	` tags:"economy" organization:"nso" +dataset_type:dataset`, "tags:ดิจิทัล", `title:"สำมะโนประชากร"`,
	"a AND (b OR NOT c) && !d || e", "title:europ*", `a\*b?`, "name:te?t~1", "num_resources:{1 TO 5]",
	"metadata_modified:[NOW-1DAY TO NOW/DAY+1MONTH}", "metadata_modified:NOW/DAY", "private:true",
	"tags:(a OR b)^2", "((a))", "(", ")", `"abc`, "a AND", "OR", "{!lucene}x", `x:\`, "[a TO", "a^",
	"--a", "-(a b)", "notes:*", "url:http://x.org/a?b=c", "num_resources:-1", `a\ b:c\:d`,
	"population census thailand", "+covid -vaccine", `"open data" -"closed"`, "a - b +", `"odd quote`,
	"rice prices weekly agriculture bangkok quality",
}

// checkParseError fails unless err is one of the package's exported errors.
func checkParseError(t *testing.T, q string, err error) {
	t.Helper()
	var se *SyntaxError
	var lp *LocalParamsError
	switch {
	case errors.As(err, &se):
		if !errors.Is(err, ErrSyntax) || se.Pos < 0 || se.Pos > len(q) || se.Msg == "" {
			t.Fatalf("%q: malformed SyntaxError %#v", q, se)
		}
	case errors.As(err, &lp):
		if !errors.Is(err, ErrLocalParams) || !strings.HasPrefix(q[lp.Pos:], "{!") {
			t.Fatalf("%q: malformed LocalParamsError %#v", q, lp)
		}
	default:
		t.Fatalf("%q: error %v has unexported type %T", q, err, err)
	}
}

func FuzzParseLucene(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	idx := buildIndex(f)
	s := testSchema()
	f.Fuzz(func(t *testing.T, q string) {
		n, err := ParseLucene(q)
		if err != nil {
			checkParseError(t, q, err)
			return
		}
		// The canonical form must parse back to itself.
		canon := n.String()
		again, err := ParseLucene(canon)
		if err != nil {
			t.Fatalf("%q: canonical form %q does not parse: %v", q, canon, err)
		}
		if got := again.String(); got != canon {
			t.Fatalf("%q: canonical form %q re-parses as %q", q, canon, got)
		}
		bq, err := s.Translate(n)
		if err != nil {
			if !errors.Is(err, ErrSyntax) {
				t.Fatalf("%q: translation error %v is not ErrSyntax", q, err)
			}
			return
		}
		// Whatever the translation built must run; a failure here is a
		// query Bleve cannot execute, which the caller would see as a 500.
		if _, err := idx.Search(bleve.NewSearchRequest(bq)); err != nil {
			t.Fatalf("%q: search failed: %v", q, err)
		}
	})
}

func FuzzParseDisMax(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	idx := buildIndex(f)
	s := testSchema()
	f.Fuzz(func(t *testing.T, q string) {
		n, err := ParseDisMax(q)
		if err != nil {
			if !errors.Is(err, ErrLocalParams) {
				t.Fatalf("%q: DisMax may only fail on local params, got %v", q, err)
			}
			checkParseError(t, q, err)
			return
		}
		bq, err := s.Translate(n)
		if err != nil {
			t.Fatalf("%q: DisMax translation failed: %v", q, err)
		}
		if _, err := idx.Search(bleve.NewSearchRequest(bq)); err != nil {
			t.Fatalf("%q: search failed: %v", q, err)
		}
	})
}
