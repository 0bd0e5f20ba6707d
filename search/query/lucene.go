package query

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxDepth bounds nesting of parentheses and prefix operators. Recursion
// depth follows the input, and a hostile query of a million '(' must get an
// error rather than exhaust the stack.
const maxDepth = 100

// maxFuzziness is the largest edit distance Bleve's fuzzy searcher accepts.
const maxFuzziness = 2

// maxSlop caps "..."~N so the conversion to int cannot overflow.
const maxSlop = 1 << 20

// ParseLucene parses Lucene standard-parser syntax, as CKAN sends in fq and
// in a q that contains ':'. The empty query (only whitespace) is *:*.
//
// Unfielded terms get an empty Field, except inside field:( ... ) where they
// take that field; the [Schema] resolves empty fields to its default. After
// "field:" a value may contain ':' unescaped, so
// metadata_modified:2024-05-01T10:20:30Z needs no quoting.
func ParseLucene(s string) (Node, error) {
	if err := checkLocalParams(s); err != nil {
		return nil, err
	}
	p := &parser{src: s}
	c, err := p.parseSeq(false)
	if err != nil {
		return nil, err
	}
	if c == nil {
		return &MatchAll{}, nil
	}
	return finalize(*c), nil
}

type parser struct {
	src   string
	pos   int
	depth int
	// field is the default field inside field:( ... ).
	field string
}

// clause is an operand on its way up the precedence levels. mod records an
// explicit prefix (+, -, !, NOT): only then does occ mean anything, which is
// how an OR group tells "a OR +b" (b required) from "a OR b".
type clause struct {
	occ Occur
	mod bool
	n   Node
}

// combine builds one precedence level. Unmodified operands take the level's
// default occurrence: Must for AND and whitespace, Should for OR.
func combine(cs []clause, def Occur) clause {
	if len(cs) == 1 {
		return cs[0]
	}
	b := &Bool{Clauses: make([]Clause, len(cs))}
	for i, c := range cs {
		occ := def
		if c.mod {
			occ = c.occ
		}
		b.Clauses[i] = Clause{Occur: occ, Query: c.n}
	}
	return clause{n: b}
}

// finalize turns a lone clause into a node. A lone prohibited clause keeps
// its Bool so that "-x" still means "everything except x".
func finalize(c clause) Node {
	if c.mod && c.occ == MustNot {
		return &Bool{Clauses: []Clause{{Occur: MustNot, Query: c.n}}}
	}
	return c.n
}

func (p *parser) errorf(pos int, format string, args ...any) error {
	return &SyntaxError{Query: p.src, Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) eof() bool { return p.pos >= len(p.src) }

func (p *parser) peek() rune {
	if p.eof() {
		return utf8.RuneError
	}
	r, _ := utf8.DecodeRuneInString(p.src[p.pos:])
	return r
}

func (p *parser) skipSpace() {
	for !p.eof() {
		r, size := utf8.DecodeRuneInString(p.src[p.pos:])
		if !unicode.IsSpace(r) {
			return
		}
		p.pos += size
	}
}

// isSpecial reports characters that always end a term unless escaped.
func isSpecial(r rune) bool {
	switch r {
	case '(', ')', '[', ']', '{', '}', '"', '^', '~', ':':
		return true
	}
	return false
}

// termBoundary reports whether a term ends at byte offset i. Keywords are
// only keywords when they stand alone: "ANDROID" and "OR-2" are terms.
func (p *parser) termBoundary(i int) bool {
	if i >= len(p.src) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(p.src[i:])
	return unicode.IsSpace(r) || isSpecial(r)
}

// atOp reports which of ops starts at the current position as a standalone
// word, or "" if none does.
func (p *parser) atOp(ops ...string) string {
	for _, op := range ops {
		if strings.HasPrefix(p.src[p.pos:], op) && p.termBoundary(p.pos+len(op)) {
			return op
		}
	}
	return ""
}

// parseSeq parses clauses joined by whitespace, the default operator AND.
// It returns nil when there is nothing before the end (or the closing
// parenthesis of a group).
func (p *parser) parseSeq(inGroup bool) (*clause, error) {
	var cs []clause
	for {
		p.skipSpace()
		if p.eof() {
			break
		}
		if p.peek() == ')' {
			if inGroup {
				break
			}
			return nil, p.errorf(p.pos, "unbalanced parenthesis: ')' has no matching '('; remove it or escape it as \\)")
		}
		c, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		cs = append(cs, c)
	}
	if len(cs) == 0 {
		return nil, nil
	}
	c := combine(cs, Must)
	return &c, nil
}

func (p *parser) parseOr() (clause, error) {
	first, err := p.parseAnd()
	if err != nil {
		return clause{}, err
	}
	cs := []clause{first}
	for {
		save := p.pos
		p.skipSpace()
		op := p.atOp("OR", "||")
		if op == "" {
			p.pos = save
			break
		}
		opPos := p.pos
		p.pos += len(op)
		if err := p.expectOperand(opPos, op); err != nil {
			return clause{}, err
		}
		c, err := p.parseAnd()
		if err != nil {
			return clause{}, err
		}
		cs = append(cs, c)
	}
	return combine(cs, Should), nil
}

func (p *parser) parseAnd() (clause, error) {
	first, err := p.parseUnary()
	if err != nil {
		return clause{}, err
	}
	cs := []clause{first}
	for {
		save := p.pos
		p.skipSpace()
		op := p.atOp("AND", "&&")
		if op == "" {
			p.pos = save
			break
		}
		opPos := p.pos
		p.pos += len(op)
		if err := p.expectOperand(opPos, op); err != nil {
			return clause{}, err
		}
		c, err := p.parseUnary()
		if err != nil {
			return clause{}, err
		}
		cs = append(cs, c)
	}
	return combine(cs, Must), nil
}

// expectOperand reports an operator with nothing after it.
func (p *parser) expectOperand(opPos int, op string) error {
	p.skipSpace()
	if p.eof() || p.peek() == ')' {
		return p.errorf(opPos, "%q needs a clause after it; remove it or add a search term", op)
	}
	return nil
}

func (p *parser) parseUnary() (clause, error) {
	p.skipSpace()
	start := p.pos
	var occ Occur
	switch {
	case p.atOp("NOT") != "":
		occ = MustNot
		p.pos += len("NOT")
	case p.peek() == '!':
		occ = MustNot
		p.pos++
	case p.peek() == '-':
		occ = MustNot
		p.pos++
	case p.peek() == '+':
		occ = Must
		p.pos++
	default:
		n, err := p.parsePrimary()
		if err != nil {
			return clause{}, err
		}
		return clause{n: n}, nil
	}
	op := p.src[start:p.pos]
	if err := p.expectOperand(start, op); err != nil {
		return clause{}, err
	}
	p.depth++
	if p.depth > maxDepth {
		return clause{}, p.errorf(start, "query is nested more than %d levels deep; simplify it", maxDepth)
	}
	inner, err := p.parseUnary()
	p.depth--
	if err != nil {
		return clause{}, err
	}
	n := inner.n
	if inner.mod && inner.occ == MustNot {
		n = &Bool{Clauses: []Clause{{Occur: MustNot, Query: inner.n}}}
	}
	return clause{occ: occ, mod: true, n: n}, nil
}

func (p *parser) parsePrimary() (Node, error) {
	p.skipSpace()
	start := p.pos
	if p.eof() {
		return nil, p.errorf(start, "expected a search term at the end of the query")
	}
	if op := p.atOp("AND", "OR", "&&", "||"); op != "" {
		return nil, p.errorf(start, "%q needs a clause on each side; remove it, or escape it (\\%s) to search for the word", op, op)
	}
	switch r := p.peek(); r {
	case '(':
		return p.parseGroup(p.field)
	case '"':
		return p.parsePhrase(p.field)
	case '[', '{':
		return p.parseRange(p.field)
	case ')':
		return nil, p.errorf(start, "unbalanced parenthesis: ')' has no matching '('; remove it or escape it as \\)")
	case ':':
		return nil, p.errorf(start, "missing field name before ':'; write field:value, or escape it as \\:")
	case ']', '}', '^', '~':
		return nil, p.errorf(start, "unexpected %q; escape it as \\%c to search for it", r, r)
	}
	t, err := p.lexTerm(false)
	if err != nil {
		return nil, err
	}
	if !p.eof() && p.src[p.pos] == ':' {
		if t.wild && t.value != "*" {
			return nil, p.errorf(start, "wildcards are not allowed in field names (%q)", t.value)
		}
		p.pos++
		p.skipSpace()
		return p.parseFieldValue(t.value, t.wild, start)
	}
	return p.termSuffixes(t, p.field, start)
}

// parseFieldValue parses what follows "field:". star is set for an
// unescaped "*" field, which is only valid as *:*.
func (p *parser) parseFieldValue(field string, star bool, start int) (Node, error) {
	if p.eof() {
		return nil, p.errorf(start, "missing value after %q; use %s:* to match any value", field+":", field)
	}
	r := p.peek()
	if star && r != '*' {
		return nil, p.errorf(start, "the field name * is only allowed in *:* (match all)")
	}
	switch r {
	case '(':
		return p.parseGroup(field)
	case '"':
		return p.parsePhrase(field)
	case '[', '{':
		return p.parseRange(field)
	case ')', ']', '}', '^', '~', ':':
		return nil, p.errorf(start, "missing value after %q; use %s:* to match any value", field+":", field)
	}
	t, err := p.lexTerm(true)
	if err != nil {
		return nil, err
	}
	if star {
		if t.value != "*" || !t.wild {
			return nil, p.errorf(start, "the field name * is only allowed in *:* (match all)")
		}
		return p.boostSuffix(&MatchAll{})
	}
	return p.termSuffixes(t, field, start)
}

// lexedTerm is a term as read: value with escapes removed, pattern with
// literal wildcard characters escaped, and whether it has bare wildcards.
type lexedTerm struct {
	value   string
	pattern string
	wild    bool
}

// lexTerm reads one term. In value position (after "field:") a ':' is part
// of the term, and a leading sign is allowed before a digit so that
// num_resources:-1 and NOW-1DAY-style values need no escaping.
func (p *parser) lexTerm(valueMode bool) (lexedTerm, error) {
	start := p.pos
	var val, pat strings.Builder
	wild := false
	for !p.eof() {
		r, size := utf8.DecodeRuneInString(p.src[p.pos:])
		first := p.pos == start
		if r == '\\' {
			if p.pos+1 >= len(p.src) {
				return lexedTerm{}, p.errorf(p.pos, "the query ends with a backslash; escape it as \\\\ to search for it")
			}
			r2, size2 := utf8.DecodeRuneInString(p.src[p.pos+1:])
			val.WriteRune(r2)
			if r2 == '*' || r2 == '?' || r2 == '\\' {
				pat.WriteByte('\\')
			}
			pat.WriteRune(r2)
			p.pos += 1 + size2
			continue
		}
		if unicode.IsSpace(r) {
			break
		}
		if r == ':' {
			if !valueMode || first {
				break
			}
		} else if isSpecial(r) {
			break
		}
		if first && (r == '+' || r == '-' || r == '!') {
			if !valueMode || r == '!' || !p.digitAt(p.pos+1) {
				return lexedTerm{}, p.errorf(p.pos, "a value cannot start with %q; put it before the field name (%cfield:value) or escape it as \\%c", r, r, r)
			}
		}
		if r == '*' || r == '?' {
			wild = true
		}
		val.WriteRune(r)
		pat.WriteRune(r)
		p.pos += size
	}
	if p.pos == start {
		return lexedTerm{}, p.errorf(start, "expected a search term")
	}
	return lexedTerm{value: val.String(), pattern: pat.String(), wild: wild}, nil
}

func (p *parser) digitAt(i int) bool {
	return i < len(p.src) && p.src[i] >= '0' && p.src[i] <= '9'
}

// termSuffixes reads ~N and ^N after a term (in either order) and builds
// the term's node.
func (p *parser) termSuffixes(t lexedTerm, field string, start int) (Node, error) {
	fuzzy, haveFuzzy := 0, false
	boost, haveBoost := 0.0, false
	for !p.eof() {
		switch {
		case p.src[p.pos] == '~' && !haveFuzzy:
			p.pos++
			haveFuzzy = true
			fuzzy = maxFuzziness
			if f, ok, err := p.lexNumber(); err != nil {
				return nil, err
			} else if ok {
				fuzzy = editsFor(f, utf8.RuneCountInString(t.value))
			}
			continue
		case p.src[p.pos] == '^' && !haveBoost:
			b, err := p.requireBoost()
			if err != nil {
				return nil, err
			}
			boost, haveBoost = b, true
			continue
		}
		break
	}
	var n Node
	switch {
	case t.wild && t.pattern == "*":
		n = &Exists{Field: field, Pos: start}
	case t.wild:
		n = &Wildcard{Field: field, Pattern: t.pattern, Pos: start}
	default:
		n = &Term{Field: field, Value: t.value, Fuzziness: fuzzy, Pos: start}
	}
	if haveBoost {
		n = &Boost{Query: n, Factor: boost}
	}
	return n, nil
}

// editsFor converts Lucene's ~N to an edit distance: N >= 1 is the distance
// itself, and the legacy 0 < N < 1 is a minimum similarity, which Lucene
// turns into edits as (1-N) times the term length.
func editsFor(f float64, termLen int) int {
	var edits float64
	switch {
	case f >= 1:
		edits = f
	case f > 0:
		edits = (1 - f) * float64(termLen)
	}
	return int(math.Min(edits, maxFuzziness))
}

// lexNumber reads digits with an optional fraction. ok is false when no
// number starts here.
func (p *parser) lexNumber() (float64, bool, error) {
	start := p.pos
	i := p.pos
	for i < len(p.src) && p.src[i] >= '0' && p.src[i] <= '9' {
		i++
	}
	if i == start {
		return 0, false, nil
	}
	if i+1 < len(p.src) && p.src[i] == '.' && p.src[i+1] >= '0' && p.src[i+1] <= '9' {
		i++
		for i < len(p.src) && p.src[i] >= '0' && p.src[i] <= '9' {
			i++
		}
	}
	f, err := strconv.ParseFloat(p.src[start:i], 64)
	if err != nil {
		return 0, false, p.errorf(start, "number %q is too large", p.src[start:i])
	}
	p.pos = i
	return f, true, nil
}

// requireBoost reads "^N"; the caret must be at the current position.
func (p *parser) requireBoost() (float64, error) {
	caret := p.pos
	p.pos++
	f, ok, err := p.lexNumber()
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, p.errorf(caret, "expected a number after '^' (a boost such as title:census^2); escape it as \\^ to search for it")
	}
	return f, nil
}

// boostSuffix wraps n in a Boost when "^N" follows.
func (p *parser) boostSuffix(n Node) (Node, error) {
	if p.eof() || p.src[p.pos] != '^' {
		return n, nil
	}
	b, err := p.requireBoost()
	if err != nil {
		return nil, err
	}
	return &Boost{Query: n, Factor: b}, nil
}

func (p *parser) parseGroup(field string) (Node, error) {
	open := p.pos
	p.pos++
	p.depth++
	if p.depth > maxDepth {
		return nil, p.errorf(open, "query is nested more than %d levels deep; simplify it", maxDepth)
	}
	saved := p.field
	p.field = field
	c, err := p.parseSeq(true)
	p.field = saved
	p.depth--
	if err != nil {
		return nil, err
	}
	if p.eof() {
		return nil, p.errorf(open, "unbalanced parenthesis: '(' is never closed; add ')' or escape it as \\(")
	}
	p.pos++ // ')'
	if c == nil {
		return nil, p.errorf(open, "empty parentheses; put a search term inside or remove them")
	}
	return p.boostSuffix(finalize(*c))
}

// lexQuoted reads a double-quoted string starting at the current position,
// removing backslash escapes.
func (p *parser) lexQuoted() (string, error) {
	open := p.pos
	p.pos++
	var b strings.Builder
	for !p.eof() {
		r, size := utf8.DecodeRuneInString(p.src[p.pos:])
		switch r {
		case '"':
			p.pos++
			return b.String(), nil
		case '\\':
			if p.pos+1 >= len(p.src) {
				p.pos = len(p.src)
				continue
			}
			r2, size2 := utf8.DecodeRuneInString(p.src[p.pos+1:])
			b.WriteRune(r2)
			p.pos += 1 + size2
			continue
		}
		b.WriteRune(r)
		p.pos += size
	}
	return "", p.errorf(open, "unbalanced quote: the '\"' is never closed; add a closing '\"' or escape it as \\\"")
}

func (p *parser) parsePhrase(field string) (Node, error) {
	start := p.pos
	text, err := p.lexQuoted()
	if err != nil {
		return nil, err
	}
	slop := 0
	haveSlop, haveBoost := false, false
	boost := 0.0
	for !p.eof() {
		switch {
		case p.src[p.pos] == '~' && !haveSlop:
			p.pos++
			haveSlop = true
			if f, ok, err := p.lexNumber(); err != nil {
				return nil, err
			} else if ok {
				slop = int(math.Min(f, maxSlop))
			}
			continue
		case p.src[p.pos] == '^' && !haveBoost:
			b, err := p.requireBoost()
			if err != nil {
				return nil, err
			}
			boost, haveBoost = b, true
			continue
		}
		break
	}
	var n Node = &Phrase{Field: field, Text: text, Slop: slop, Pos: start}
	if haveBoost {
		n = &Boost{Query: n, Factor: boost}
	}
	return n, nil
}

func (p *parser) parseRange(field string) (Node, error) {
	start := p.pos
	incLower := p.src[p.pos] == '['
	p.pos++
	p.skipSpace()
	lower, err := p.lexBound(start, "lower")
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if !strings.HasPrefix(p.src[p.pos:], "TO") || !p.termBoundary(p.pos+2) {
		return nil, p.errorf(p.pos, "expected TO in range; write ranges as [a TO b], {a TO b} or with * for an open end")
	}
	p.pos += 2
	p.skipSpace()
	upper, err := p.lexBound(start, "upper")
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.eof() {
		return nil, p.errorf(start, "unclosed range; end it with ']' (inclusive) or '}' (exclusive)")
	}
	var incUpper bool
	switch p.src[p.pos] {
	case ']':
		incUpper = true
	case '}':
	default:
		return nil, p.errorf(p.pos, "expected ']' or '}' to end the range; quote bounds that contain spaces")
	}
	p.pos++
	return p.boostSuffix(&Range{
		Field: field, Lower: lower, Upper: upper,
		IncludeLower: incLower, IncludeUpper: incUpper, Pos: start,
	})
}

// lexBound reads one range bound: a quoted string, or any run of characters
// up to whitespace or a closing bracket. A bare * is an open end, returned
// as "".
func (p *parser) lexBound(rangeStart int, which string) (string, error) {
	if p.eof() {
		return "", p.errorf(rangeStart, "unclosed range; end it with ']' (inclusive) or '}' (exclusive)")
	}
	if p.src[p.pos] == '"' {
		return p.lexQuoted()
	}
	start := p.pos
	var b strings.Builder
	escaped := false
	for !p.eof() {
		r, size := utf8.DecodeRuneInString(p.src[p.pos:])
		if r == '\\' && p.pos+1 < len(p.src) {
			r2, size2 := utf8.DecodeRuneInString(p.src[p.pos+1:])
			b.WriteRune(r2)
			escaped = true
			p.pos += 1 + size2
			continue
		}
		if unicode.IsSpace(r) || r == ']' || r == '}' {
			break
		}
		b.WriteRune(r)
		p.pos += size
	}
	if p.pos == start {
		return "", p.errorf(p.pos, "missing %s bound in range; use * for an open end", which)
	}
	v := b.String()
	if v == "*" && !escaped {
		return "", nil
	}
	return v, nil
}
