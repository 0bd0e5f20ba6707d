package query

import (
	"errors"
	"strings"
	"testing"
)

func TestParseLucene(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// Basic forms.
		{"empty is match all", "", "*:*"},
		{"blank is match all", "  \t ", "*:*"},
		{"match all", "*:*", "*:*"},
		{"bare term", "census", "census"},
		{"field term", "tags:economy", "tags:economy"},
		{"space after colon", "tags: economy", "tags:economy"},
		{"field phrase", `title:"population census"`, `title:"population census"`},
		{"phrase with escaped quote", `title:"a \"q\" b"`, `title:"a \"q\" b"`},
		{"unfielded phrase", `"open data"`, `"open data"`},
		{"exists", "notes:*", "notes:*"},
		{"bare star", "*", "*"},
		{"value keeps colons", "url:http://example.org/x", "url:http://example.org/x"},
		{"negative number value", "num_resources:-1", `num_resources:\-1`},

		// Harvester and web UI forms, exactly as sent.
		{"harvester include", "organization:a OR organization:b", "(organization:a OR organization:b)"},
		{"harvester exclude", "-organization:x", "(-organization:x)"},
		{"harvester groups exclude", "-groups:g1 -groups:g2", "(-groups:g1 -groups:g2)"},
		{"harvester since", "metadata_modified:[2024-05-01T10:20:30.123456Z TO *]", "metadata_modified:[2024-05-01T10:20:30.123456Z TO *]"},
		{"harvester combined",
			"organization:a OR organization:b groups:g metadata_modified:[2024-05-01T10:20:30.123456Z TO *]",
			"(+(organization:a OR organization:b) +groups:g +metadata_modified:[2024-05-01T10:20:30.123456Z TO *])"},
		{"web ui fq", ` tags:"economy" organization:"nso" +dataset_type:dataset`,
			`(+tags:"economy" +organization:"nso" +dataset_type:dataset)`},
		{"ckan state filter", "+state:(active OR draft)", "(state:active OR state:draft)"},
		{"thai keyword", "tags:ดิจิทัล", "tags:ดิจิทัล"},
		{"thai phrase", `title:"สำมะโนประชากร"`, `title:"สำมะโนประชากร"`},
		{"thai bare", "สำมะโนประชากร", "สำมะโนประชากร"},

		// Operators and precedence.
		{"default operator is AND", "a b", "(+a +b)"},
		{"AND", "a AND b", "(+a +b)"},
		{"&&", "a && b", "(+a +b)"},
		{"OR", "a OR b", "(a OR b)"},
		{"||", "a || b", "(a OR b)"},
		{"NOT", "a NOT b", "(+a -b)"},
		{"AND NOT", "a AND NOT b", "(+a -b)"},
		{"bang", "!a", "(-a)"},
		{"plus alone collapses", "+a", "a"},
		{"minus", "a -b", "(+a -b)"},
		{"AND binds tighter than OR", "a AND b OR c", "((+a +b) OR c)"},
		{"OR binds tighter than space", "a OR b c", "(+(a OR b) +c)"},
		{"modifier in OR keeps Lucene meaning", "a OR -b", "(a OR -b)"},
		{"required in OR", "+a OR b", "(+a OR b)"},
		{"double negation", "--a", "(-(-a))"},
		{"negated group", "-(a b)", "(-(+a +b))"},
		{"group", "(a OR b) AND c", "(+(a OR b) +c)"},
		{"nested groups", "((a))", "a"},
		{"field group", "tags:(a OR b)", "(tags:a OR tags:b)"},
		{"field group inner field wins", "tags:(a title:b)", "(+tags:a +title:b)"},
		{"lowercase and is a term", "a and b", "(+a +and +b)"},
		{"keyword prefix is a term", "ANDROID ORACLE", "(+ANDROID +ORACLE)"},
		{"escaped keyword", `\AND`, `\AND`},
		{"ampersand inside term", "a&&b", "a&&b"},

		// Ranges.
		{"inclusive range", "name:[a TO b]", "name:[a TO b]"},
		{"exclusive range", "name:{a TO b}", "name:{a TO b}"},
		{"mixed brackets", "num_resources:[1 TO 5}", "num_resources:[1 TO 5}"},
		{"mixed brackets other way", "num_resources:{1 TO 5]", "num_resources:{1 TO 5]"},
		{"open lower", "num_resources:[* TO 5]", "num_resources:[* TO 5]"},
		{"open both", "metadata_modified:[* TO *]", "metadata_modified:[* TO *]"},
		{"quoted bounds", `title:["a b" TO "c d"]`, `title:[a\ b TO c\ d]`},
		{"escaped star bound", `name:[\* TO z]`, `name:[\* TO z]`},
		{"date math range", "metadata_modified:[NOW-1DAY TO NOW/DAY+1MONTH}", "metadata_modified:[NOW-1DAY TO NOW/DAY+1MONTH}"},
		{"unfielded range", "[a TO b]", "[a TO b]"},
		{"range boost", "name:[a TO b]^2", "name:[a TO b]^2"},

		// Wildcards, fuzzy, proximity, boosts, escapes.
		{"trailing wildcard", "title:europ*", "title:europ*"},
		{"question mark", "name:te?t", "name:te?t"},
		{"leading wildcard", "tags:*omy", "tags:*omy"},
		{"escaped star is literal", `a\*b*`, `a\*b*`},
		{"escaped star alone is a term", `name:\*`, `name:\*`},
		{"fuzzy default", "title:populaton~", "title:populaton~2"},
		{"fuzzy N", "title:populaton~1", "title:populaton~1"},
		{"fuzzy clamped", "title:populaton~5", "title:populaton~2"},
		{"fuzzy zero is exact", "title:population~0", "title:population"},
		{"fuzzy similarity", "title:abcd~0.5", "title:abcd~2"},
		{"proximity", `title:"a b"~3`, `title:"a b"~3`},
		{"boost", "title:census^4", "title:census^4"},
		{"fractional boost", "title:census^0.5", "title:census^0.5"},
		{"boost then fuzzy", "a^2~1", "a~1^2"},
		{"phrase slop and boost", `"a b"~3^2`, `"a b"~3^2`},
		{"group boost", "(a b)^2", "(+a +b)^2"},
		{"nested boost", "((a)^2)^3", "(a^2)^3"},
		{"match all boost", "*:*^2", "*:*^2"},
		{"escaped colon", `a\:b`, `a\:b`},
		{"escaped parens", `title:\(x\)`, `title:\(x\)`},
		{"escaped space", `name:a\ b`, `name:a\ b`},
		{"escaped leading minus", `\-a`, `\-a`},
		{"escaped field", `my\ field:x`, `my\ field:x`},

		// Dates as values.
		{"iso micro value", "metadata_modified:2024-05-01T10:20:30.123456Z", "metadata_modified:2024-05-01T10:20:30.123456Z"},
		{"date math value", "metadata_modified:NOW/DAY", "metadata_modified:NOW/DAY"},
		{"date math plus", "metadata_created:NOW+1MONTH", "metadata_created:NOW+1MONTH"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := ParseLucene(tt.in)
			if err != nil {
				t.Fatalf("ParseLucene(%q): %v", tt.in, err)
			}
			if got := n.String(); got != tt.want {
				t.Fatalf("ParseLucene(%q) = %s, want %s", tt.in, got, tt.want)
			}
			// The canonical form is itself a query that means the same.
			again, err := ParseLucene(tt.want)
			if err != nil {
				t.Fatalf("re-parse %q: %v", tt.want, err)
			}
			if got := again.String(); got != tt.want {
				t.Fatalf("re-parse %q = %s", tt.want, got)
			}
		})
	}
}

func TestParseLuceneNodes(t *testing.T) {
	n, err := ParseLucene(`-organization:x title:"a b"~2 num_resources:{1 TO *] tags:eco* notes:* name:nme~1`)
	if err != nil {
		t.Fatal(err)
	}
	b, ok := n.(*Bool)
	if !ok || len(b.Clauses) != 6 {
		t.Fatalf("got %#v, want a Bool with 6 clauses", n)
	}
	neg := b.Clauses[0]
	if term, ok := neg.Query.(*Term); neg.Occur != MustNot || !ok || term.Field != "organization" || term.Value != "x" || term.Pos != 1 {
		t.Errorf("clause 0 = %+v %#v", neg, neg.Query)
	}
	if ph, ok := b.Clauses[1].Query.(*Phrase); !ok || ph.Text != "a b" || ph.Slop != 2 || ph.Field != "title" {
		t.Errorf("clause 1 = %#v", b.Clauses[1].Query)
	}
	if r, ok := b.Clauses[2].Query.(*Range); !ok || r.Lower != "1" || r.Upper != "" || r.IncludeLower || !r.IncludeUpper {
		t.Errorf("clause 2 = %#v", b.Clauses[2].Query)
	}
	if w, ok := b.Clauses[3].Query.(*Wildcard); !ok || w.Pattern != "eco*" {
		t.Errorf("clause 3 = %#v", b.Clauses[3].Query)
	}
	if e, ok := b.Clauses[4].Query.(*Exists); !ok || e.Field != "notes" {
		t.Errorf("clause 4 = %#v", b.Clauses[4].Query)
	}
	if term, ok := b.Clauses[5].Query.(*Term); !ok || term.Fuzziness != 1 {
		t.Errorf("clause 5 = %#v", b.Clauses[5].Query)
	}
}

func TestParseLuceneErrors(t *testing.T) {
	tests := []struct {
		name, in string
		pos      int    // byte offset the error must point at
		msg      string // fragment the message must contain
	}{
		{"unclosed paren", "(a OR b", 0, "'(' is never closed"},
		{"unclosed nested paren", "a (b (c)", 2, "'(' is never closed"},
		{"stray close paren", "a)", 1, "')' has no matching '('"},
		{"unclosed quote", `title:"abc`, 6, "quote"},
		{"dangling AND", "a AND", 2, `"AND" needs a clause after it`},
		{"dangling OR", "a OR ", 2, `"OR" needs a clause after it`},
		{"dangling OR in group", "(a OR) b", 3, `"OR" needs a clause after it`},
		{"leading OR", "OR a", 0, "needs a clause on each side"},
		{"double OR", "a OR OR b", 5, "needs a clause on each side"},
		{"dangling NOT", "a NOT", 2, `"NOT" needs a clause after it`},
		{"dangling minus", "a -", 2, `"-" needs a clause after it`},
		{"missing value", "tags:", 0, `missing value after "tags:"`},
		{"missing value before paren", "(tags:)", 1, "missing value"},
		{"missing field", ":x", 0, "missing field name"},
		{"empty parens", "()", 0, "empty parentheses"},
		{"range without TO", "name:[a b]", 8, "expected TO"},
		{"unclosed range", "name:[a TO b", 5, "unclosed range"},
		{"range missing upper", "name:[a TO ]", 11, "missing upper bound"},
		{"bad range end", "name:[a TO b c]", 13, "expected ']' or '}'"},
		{"boost without number", "a^", 1, "expected a number after '^'"},
		{"trailing backslash", `a\`, 1, "backslash"},
		{"stray bracket", "a ]", 2, `unexpected ']'`},
		{"star field", "*:foo", 0, "only allowed in *:*"},
		{"wildcard field", "ta*:x", 0, "wildcards are not allowed in field names"},
		{"minus after colon", "tags:-x", 5, "cannot start with '-'"},
		{"huge number", "a^" + strings.Repeat("9", 400), 2, "too large"},
		{"too deep", strings.Repeat("(", 200) + "a" + strings.Repeat(")", 200), 100, "nested more than"},
		{"too many negations", strings.Repeat("-", 200) + "a", 100, "nested more than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := ParseLucene(tt.in)
			if err == nil {
				t.Fatalf("ParseLucene(%q) = %v, want an error", tt.in, n)
			}
			var se *SyntaxError
			if !errors.As(err, &se) || !errors.Is(err, ErrSyntax) {
				t.Fatalf("error %v (%T) is not a *SyntaxError matching ErrSyntax", err, err)
			}
			if errors.Is(err, ErrLocalParams) {
				t.Fatalf("syntax error %v also matches ErrLocalParams", err)
			}
			if se.Pos != tt.pos {
				t.Errorf("Pos = %d, want %d (%v)", se.Pos, tt.pos, err)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not mention %q", err, tt.msg)
			}
		})
	}
}

func TestSyntaxErrorCountsCharacters(t *testing.T) {
	// Thai letters are three bytes each; the message counts characters.
	_, err := ParseLucene(`ดิจิทัล)`)
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("got %v, want a SyntaxError", err)
	}
	if se.Pos != len("ดิจิทัล") {
		t.Errorf("Pos = %d, want byte offset %d", se.Pos, len("ดิจิทัล"))
	}
	if !strings.Contains(err.Error(), "at character 8:") {
		t.Errorf("message %q should point at character 8", err)
	}
}

func TestLocalParams(t *testing.T) {
	for _, in := range []string{"{!lucene}title:x", "title:x {!dismax qf=name}", `title:"{!x}"`, "{!frange l=1}x"} {
		for name, parse := range map[string]func(string) (Node, error){"lucene": ParseLucene, "dismax": ParseDisMax} {
			_, err := parse(in)
			if !errors.Is(err, ErrLocalParams) {
				t.Errorf("%s(%q) = %v, want ErrLocalParams", name, in, err)
			}
			if errors.Is(err, ErrSyntax) {
				t.Errorf("%s(%q): local params error must be distinct from ErrSyntax", name, in)
			}
			var lp *LocalParamsError
			if !errors.As(err, &lp) || !strings.HasPrefix(in[lp.Pos:], "{!") {
				t.Errorf("%s(%q): error %v does not locate the {!", name, in, err)
			}
		}
	}
}

func TestParseDisMax(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", "*:*"},
		{"empty quotes", `""`, "*:*"},
		{"match all", " *:* ", "*:*"},
		{"words", "population census", "dismax(population census)"},
		{"must and must not", "+covid -vaccine", "dismax(+covid -vaccine)"},
		{"phrase", `"population census" 2563`, `dismax("population census" 2563)`},
		{"required phrase", `+"open data"`, `dismax(+"open data")`},
		{"excluded phrase", `-"open data" x`, `dismax(-"open data" x)`},
		{"odd quotes are dropped", `"population census`, "dismax(population census)"},
		{"lone operators ignored", "a - b + c", "dismax(a b c)"},
		{"trailing operator ignored", "a -", "dismax(a)"},
		{"hyphen inside word", "covid-19", "dismax(covid-19)"},
		{"stray characters are literal", `(weird) [x] a^2 b~ c* \d`, `dismax((weird) [x] a^2 b~ c* \d)`},
		{"boolean words are literal", "health AND education", "dismax(health AND education)"},
		{"thai words", "สำมะโนประชากร ดิจิทัล", "dismax(สำมะโนประชากร ดิจิทัล)"},
		{"phrase glued to word", `a"b c"`, `dismax(a "b c")`},
		{"only negative", "-economy", "dismax(-economy)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := ParseDisMax(tt.in)
			if err != nil {
				t.Fatalf("ParseDisMax(%q): %v", tt.in, err)
			}
			if got := n.String(); got != tt.want {
				t.Fatalf("ParseDisMax(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestMinShouldMatch(t *testing.T) {
	// mm="2<-1 5<80%"
	want := map[int]int{0: 0, 1: 1, 2: 2, 3: 2, 4: 3, 5: 4, 6: 4, 7: 5, 8: 6, 9: 7, 10: 8, 11: 8}
	for n, w := range want {
		if got := MinShouldMatch(n); got != w {
			t.Errorf("MinShouldMatch(%d) = %d, want %d", n, got, w)
		}
	}
}

func TestIsFielded(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"population census", false},
		{"tags:economy", true},
		{"*:*", true},
		{`"covid: the year"`, false},
		{`"covid: the year" tags:x`, true},
		{`a\:b`, true},
		{`"unclosed: quote`, true},
		{`"a \" b:c"`, false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsFielded(tt.in); got != tt.want {
			t.Errorf("IsFielded(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
