package query

import (
	"strconv"
	"strings"
	"unicode"
)

// Node is a parsed query. The concrete types are [*Term], [*Phrase],
// [*Wildcard], [*Range], [*Exists], [*MatchAll], [*Bool], [*Boost] and
// [*DisMax]. String prints a canonical form; for everything but DisMax the
// canonical form parses back to the same tree.
type Node interface {
	String() string
	node()
}

// Occur says how a clause of a [Bool] or [DisMax] takes part in matching.
type Occur int

const (
	// Should clauses are alternatives: at least one must match when the
	// group has no Must clause, otherwise they only raise the score.
	Should Occur = iota
	// Must clauses have to match.
	Must
	// MustNot clauses exclude the documents they match.
	MustNot
)

// String returns the Lucene prefix for the occurrence ("", "+" or "-").
func (o Occur) String() string {
	switch o {
	case Must:
		return "+"
	case MustNot:
		return "-"
	default:
		return ""
	}
}

// Clause is one member of a [Bool] or [DisMax].
type Clause struct {
	Occur Occur
	Query Node
}

// Term is a single value, e.g. tags:economy or title:populaton~1.
// An empty Field means the schema's default field.
type Term struct {
	Field string
	Value string
	// Fuzziness is the allowed edit distance (0-2); 0 means exact.
	Fuzziness int
	// Pos is the byte offset of the clause in the query text.
	Pos int
}

// Phrase is a quoted value, e.g. title:"population census"~2.
type Phrase struct {
	Field string
	Text  string
	// Slop is the proximity from "..."~N. Bleve has no sloppy phrases, so a
	// non-zero slop is searched as "all words present".
	Slop int
	Pos  int
}

// Wildcard is a term containing unescaped * or ?, e.g. title:europ*.
// Pattern keeps those wildcards bare and escapes a literal '*', '?' or '\'
// with a backslash.
type Wildcard struct {
	Field   string
	Pattern string
	Pos     int
}

// Range is [a TO b], {a TO b} or a mix of the brackets. An empty Lower or
// Upper is an open end (written *).
type Range struct {
	Field        string
	Lower, Upper string
	IncludeLower bool
	IncludeUpper bool
	Pos          int
}

// Exists is field:*, matching documents with any value in the field.
type Exists struct {
	Field string
	Pos   int
}

// MatchAll is *:* (and the empty query).
type MatchAll struct{}

// Bool combines clauses, Lucene style. A Bool with no Must or Should clause
// matches every document not excluded by its MustNot clauses.
type Bool struct {
	Clauses []Clause
}

// Boost is query^N. Ranking may use it; matching ignores it.
type Boost struct {
	Query  Node
	Factor float64
}

// DisMax is a parsed DisMax q: each Term or Phrase clause (with an empty
// Field) is searched across the schema's weighted fields, and the Should
// clauses obey [MinShouldMatch].
type DisMax struct {
	Clauses []Clause
}

func (*Term) node()     {}
func (*Phrase) node()   {}
func (*Wildcard) node() {}
func (*Range) node()    {}
func (*Exists) node()   {}
func (*MatchAll) node() {}
func (*Bool) node()     {}
func (*Boost) node()    {}
func (*DisMax) node()   {}

// String prints field:value with special characters escaped and ~N for fuzzy terms.
func (n *Term) String() string {
	var b strings.Builder
	writeField(&b, n.Field)
	writeTermText(&b, n.Value, n.Field != "")
	if n.Fuzziness > 0 {
		b.WriteByte('~')
		b.WriteString(strconv.Itoa(n.Fuzziness))
	}
	return b.String()
}

// String prints field:"text" with ~N for a proximity search.
func (n *Phrase) String() string {
	var b strings.Builder
	writeField(&b, n.Field)
	writeQuoted(&b, n.Text)
	if n.Slop > 0 {
		b.WriteByte('~')
		b.WriteString(strconv.Itoa(n.Slop))
	}
	return b.String()
}

// String prints field:pattern with literal wildcard characters escaped.
func (n *Wildcard) String() string {
	var b strings.Builder
	writeField(&b, n.Field)
	rs := []rune(n.Pattern)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '\\' && i+1 < len(rs):
			i++
			b.WriteByte('\\')
			b.WriteRune(rs[i])
		case r == '*' || r == '?':
			b.WriteRune(r)
		default:
			writeTermRune(&b, r, i == 0, n.Field != "")
		}
	}
	return b.String()
}

// String prints field:[lower TO upper], with * for open ends.
func (n *Range) String() string {
	var b strings.Builder
	writeField(&b, n.Field)
	if n.IncludeLower {
		b.WriteByte('[')
	} else {
		b.WriteByte('{')
	}
	writeBound(&b, n.Lower)
	b.WriteString(" TO ")
	writeBound(&b, n.Upper)
	if n.IncludeUpper {
		b.WriteByte(']')
	} else {
		b.WriteByte('}')
	}
	return b.String()
}

// String prints field:*.
func (n *Exists) String() string {
	var b strings.Builder
	writeField(&b, n.Field)
	b.WriteByte('*')
	return b.String()
}

// String prints *:*.
func (*MatchAll) String() string { return "*:*" }

// String prints (+a -b c) Lucene style, but joins the clauses with OR when
// any is Should, so that the output re-parses to the same tree: without OR
// the default operator would make them required.
func (n *Bool) String() string {
	sep := " "
	for _, c := range n.Clauses {
		if c.Occur == Should {
			sep = " OR "
			break
		}
	}
	var b strings.Builder
	b.WriteByte('(')
	for i, c := range n.Clauses {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(c.Occur.String())
		b.WriteString(nodeString(c.Query))
	}
	b.WriteByte(')')
	return b.String()
}

// String prints query^N, parenthesising a nested boost.
func (n *Boost) String() string {
	inner := nodeString(n.Query)
	if _, nested := n.Query.(*Boost); nested {
		inner = "(" + inner + ")"
	}
	return inner + "^" + formatNumber(n.Factor)
}

// String prints DisMax words and phrases as typed, since DisMax has no
// escapes: dismax(+covid -vaccine "population census").
func (n *DisMax) String() string {
	var b strings.Builder
	b.WriteString("dismax(")
	for i, c := range n.Clauses {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(c.Occur.String())
		switch q := c.Query.(type) {
		case *Term:
			b.WriteString(q.Value)
		case *Phrase:
			b.WriteString(`"` + q.Text + `"`)
		default:
			b.WriteString(nodeString(q))
		}
	}
	b.WriteByte(')')
	return b.String()
}

// nodeString guards against nil children in trees built by hand.
func nodeString(n Node) string {
	if n == nil {
		return "<nil>"
	}
	return n.String()
}

func formatNumber(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func writeField(b *strings.Builder, field string) {
	if field == "" {
		return
	}
	rs := []rune(field)
	for i, r := range rs {
		writeTermRune(b, r, i == 0, false)
	}
	b.WriteByte(':')
}

// writeTermText escapes a term so the lexer reads it back as one plain term:
// special characters anywhere, operator characters at the start, and whole
// words that would otherwise be keywords.
func writeTermText(b *strings.Builder, v string, fielded bool) {
	if isKeyword(v) {
		b.WriteByte('\\')
	}
	for i, r := range []rune(v) {
		if r == '*' || r == '?' {
			b.WriteByte('\\')
			b.WriteRune(r)
			continue
		}
		writeTermRune(b, r, i == 0, fielded)
	}
}

func writeTermRune(b *strings.Builder, r rune, first, fielded bool) {
	if needsEscape(r, first, fielded) {
		b.WriteByte('\\')
	}
	b.WriteRune(r)
}

// needsEscape also escapes every '!' so that printed text can never contain
// "{!", which ParseLucene rejects as local parameters.
func needsEscape(r rune, first, fielded bool) bool {
	if unicode.IsSpace(r) || isSpecial(r) || r == '\\' || r == '*' || r == '?' || r == '!' {
		return !(fielded && r == ':' && !first)
	}
	if first && (r == '+' || r == '-' || r == '&' || r == '|') {
		return true
	}
	return false
}

func writeQuoted(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		if r == '"' || r == '\\' || r == '!' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
}

func writeBound(b *strings.Builder, v string) {
	if v == "" {
		b.WriteByte('*')
		return
	}
	for i, r := range v {
		if unicode.IsSpace(r) || r == ']' || r == '}' || r == '"' || r == '\\' || r == '!' || (i == 0 && r == '*' && v == "*") {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
}

func isKeyword(s string) bool {
	switch s {
	case "AND", "OR", "NOT", "&&", "||":
		return true
	}
	return false
}
