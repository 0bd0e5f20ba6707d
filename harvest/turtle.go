package harvest

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// parseTurtle reads a Turtle document (RDF 1.1 Turtle: prefixes and base in both
// spellings, IRIs, prefixed names, blank nodes and [] property lists, collections,
// short and long strings with escapes, language tags, datatypes, numbers and booleans)
// into g. base resolves relative IRIs.
func parseTurtle(src, base string, g *graph) error {
	p := &turtleParser{src: src, base: base, prefixes: map[string]string{}, g: g}
	if err := p.document(); err != nil {
		line := 1 + strings.Count(src[:min(p.pos, len(src))], "\n")
		return fmt.Errorf("turtle: line %d: %w", line, err)
	}
	return nil
}

type turtleParser struct {
	src      string
	pos      int
	base     string
	prefixes map[string]string
	g        *graph
	blanks   int
}

func (p *turtleParser) newBlank() term {
	p.blanks++
	return blank(fmt.Sprintf("t%d", p.blanks))
}

// skip passes whitespace and comments.
func (p *turtleParser) skip() {
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			p.pos++
		case c == '#':
			for p.pos < len(p.src) && p.src[p.pos] != '\n' {
				p.pos++
			}
		default:
			return
		}
	}
}

func (p *turtleParser) peek() byte {
	p.skip()
	if p.pos >= len(p.src) {
		return 0
	}
	return p.src[p.pos]
}

func (p *turtleParser) expect(c byte) error {
	if p.peek() != c {
		return fmt.Errorf("expected %q, found %s", c, p.near())
	}
	p.pos++
	return nil
}

func (p *turtleParser) near() string {
	if p.pos >= len(p.src) {
		return "end of document"
	}
	end := min(p.pos+20, len(p.src))
	return strconv.Quote(p.src[p.pos:end])
}

// keyword consumes word (case-insensitively when fold) if it is next and not followed by
// a name character.
func (p *turtleParser) keyword(word string, fold bool) bool {
	p.skip()
	if p.pos+len(word) > len(p.src) {
		return false
	}
	got := p.src[p.pos : p.pos+len(word)]
	if got != word && !(fold && strings.EqualFold(got, word)) {
		return false
	}
	if next := p.pos + len(word); next < len(p.src) {
		r, _ := utf8.DecodeRuneInString(p.src[next:])
		if isPNChar(r) || r == ':' {
			return false
		}
	}
	p.pos += len(word)
	return true
}

func (p *turtleParser) document() error {
	for p.peek() != 0 {
		if err := p.statement(); err != nil {
			return err
		}
	}
	return nil
}

func (p *turtleParser) statement() error {
	switch {
	case p.keyword("@prefix", false):
		return p.prefixDecl(true)
	case p.keyword("@base", false):
		return p.baseDecl(true)
	case p.keyword("PREFIX", true):
		return p.prefixDecl(false)
	case p.keyword("BASE", true):
		return p.baseDecl(false)
	}
	var subj term
	if p.peek() == '[' {
		// A blank node property list may stand alone or be followed by predicates.
		p.pos++
		subj = p.newBlank()
		if p.peek() != ']' {
			if err := p.predicateObjectList(subj); err != nil {
				return err
			}
		}
		if err := p.expect(']'); err != nil {
			return err
		}
		if p.peek() == '.' {
			p.pos++
			return nil
		}
	} else {
		var err error
		if subj, err = p.subject(); err != nil {
			return err
		}
	}
	if err := p.predicateObjectList(subj); err != nil {
		return err
	}
	return p.expect('.')
}

func (p *turtleParser) prefixDecl(dotted bool) error {
	p.skip()
	start := p.pos
	for p.pos < len(p.src) && p.src[p.pos] != ':' {
		r, n := utf8.DecodeRuneInString(p.src[p.pos:])
		if !isPNChar(r) && r != '.' {
			return fmt.Errorf("bad prefix name near %s", p.near())
		}
		p.pos += n
	}
	if p.pos >= len(p.src) {
		return fmt.Errorf("unterminated prefix declaration")
	}
	name := p.src[start:p.pos]
	p.pos++
	ns, err := p.iriRef()
	if err != nil {
		return err
	}
	p.prefixes[name] = ns
	if dotted {
		return p.expect('.')
	}
	return nil
}

func (p *turtleParser) baseDecl(dotted bool) error {
	b, err := p.iriRef()
	if err != nil {
		return err
	}
	p.base = b
	if dotted {
		return p.expect('.')
	}
	return nil
}

func (p *turtleParser) subject() (term, error) {
	switch c := p.peek(); c {
	case '<':
		v, err := p.iriRef()
		return iri(v), err
	case '(':
		return p.collection()
	case '_':
		return p.blankLabel()
	default:
		v, err := p.prefixedName()
		return iri(v), err
	}
}

func (p *turtleParser) predicateObjectList(subj term) error {
	for {
		var pred string
		if p.keyword("a", false) {
			pred = rdfType
		} else if p.peek() == '<' {
			v, err := p.iriRef()
			if err != nil {
				return err
			}
			pred = v
		} else {
			v, err := p.prefixedName()
			if err != nil {
				return err
			}
			pred = v
		}
		for {
			obj, err := p.object()
			if err != nil {
				return err
			}
			p.g.add(subj, iri(pred), obj)
			if p.peek() != ',' {
				break
			}
			p.pos++
		}
		if p.peek() != ';' {
			return nil
		}
		for p.peek() == ';' {
			p.pos++
		}
		if c := p.peek(); c == '.' || c == ']' || c == 0 {
			return nil
		}
	}
}

func (p *turtleParser) object() (term, error) {
	switch c := p.peek(); {
	case c == '<':
		v, err := p.iriRef()
		return iri(v), err
	case c == '_':
		return p.blankLabel()
	case c == '[':
		p.pos++
		b := p.newBlank()
		if p.peek() != ']' {
			if err := p.predicateObjectList(b); err != nil {
				return term{}, err
			}
		}
		return b, p.expect(']')
	case c == '(':
		return p.collection()
	case c == '"' || c == '\'':
		return p.literal()
	case c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9'):
		return p.number()
	case p.keyword("true", false):
		return term{Kind: termLiteral, Value: "true", Datatype: nsXSD + "boolean"}, nil
	case p.keyword("false", false):
		return term{Kind: termLiteral, Value: "false", Datatype: nsXSD + "boolean"}, nil
	default:
		v, err := p.prefixedName()
		return iri(v), err
	}
}

func (p *turtleParser) collection() (term, error) {
	p.pos++ // (
	var items []term
	for p.peek() != ')' {
		if p.peek() == 0 {
			return term{}, fmt.Errorf("unterminated collection")
		}
		o, err := p.object()
		if err != nil {
			return term{}, err
		}
		items = append(items, o)
	}
	p.pos++
	head := iri(rdfNil)
	for i := len(items) - 1; i >= 0; i-- {
		node := p.newBlank()
		p.g.add(node, iri(rdfFirst), items[i])
		p.g.add(node, iri(rdfRest), head)
		head = node
	}
	return head, nil
}

func (p *turtleParser) iriRef() (string, error) {
	if p.peek() != '<' {
		return "", fmt.Errorf("expected an IRI, found %s", p.near())
	}
	p.pos++
	var b strings.Builder
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch c {
		case '>':
			p.pos++
			return resolveIRI(p.base, b.String()), nil
		case '\\':
			r, err := p.unicodeEscape()
			if err != nil {
				return "", err
			}
			b.WriteRune(r)
		case '\n', ' ', '"', '{', '}', '|', '^', '`':
			return "", fmt.Errorf("character %q not allowed in an IRI", c)
		default:
			b.WriteByte(c)
			p.pos++
		}
	}
	return "", fmt.Errorf("unterminated IRI")
}

// unicodeEscape reads \uXXXX or \UXXXXXXXX at pos.
func (p *turtleParser) unicodeEscape() (rune, error) {
	if p.pos+1 >= len(p.src) {
		return 0, fmt.Errorf("bad escape")
	}
	n := 0
	switch p.src[p.pos+1] {
	case 'u':
		n = 4
	case 'U':
		n = 8
	default:
		return 0, fmt.Errorf("bad escape \\%c", p.src[p.pos+1])
	}
	if p.pos+2+n > len(p.src) {
		return 0, fmt.Errorf("short unicode escape")
	}
	v, err := strconv.ParseUint(p.src[p.pos+2:p.pos+2+n], 16, 32)
	if err != nil {
		return 0, fmt.Errorf("bad unicode escape: %w", err)
	}
	p.pos += 2 + n
	return rune(v), nil
}

func (p *turtleParser) blankLabel() (term, error) {
	if !strings.HasPrefix(p.src[p.pos:], "_:") {
		return term{}, fmt.Errorf("expected a blank node, found %s", p.near())
	}
	p.pos += 2
	start := p.pos
	p.scanName()
	if p.pos == start {
		return term{}, fmt.Errorf("empty blank node label")
	}
	return blank("b-" + p.src[start:p.pos]), nil
}

// scanName passes a PN_LOCAL-like name (with "." allowed inside but not at the end).
func (p *turtleParser) scanName() {
	for p.pos < len(p.src) {
		r, n := utf8.DecodeRuneInString(p.src[p.pos:])
		switch {
		case isPNChar(r) || r == ':' || r == '%':
			p.pos += n
		case r == '\\' && p.pos+1 < len(p.src):
			p.pos += 2
		case r == '.':
			// A dot belongs to the name only when a name character follows.
			if next, _ := utf8.DecodeRuneInString(p.src[p.pos+1:]); p.pos+1 < len(p.src) && (isPNChar(next) || next == ':') {
				p.pos++
				continue
			}
			return
		default:
			return
		}
	}
}

func (p *turtleParser) prefixedName() (string, error) {
	p.skip()
	start := p.pos
	for p.pos < len(p.src) && p.src[p.pos] != ':' {
		r, n := utf8.DecodeRuneInString(p.src[p.pos:])
		if !isPNChar(r) && r != '.' {
			return "", fmt.Errorf("unexpected %s", p.near())
		}
		p.pos += n
	}
	if p.pos >= len(p.src) {
		return "", fmt.Errorf("unexpected end of document")
	}
	prefix := p.src[start:p.pos]
	ns, ok := p.prefixes[prefix]
	if !ok {
		return "", fmt.Errorf("undeclared prefix %q", prefix)
	}
	p.pos++
	lstart := p.pos
	p.scanName()
	local := p.src[lstart:p.pos]
	if strings.Contains(local, "\\") {
		var b strings.Builder
		for i := 0; i < len(local); i++ {
			if local[i] == '\\' && i+1 < len(local) {
				i++
			}
			b.WriteByte(local[i])
		}
		local = b.String()
	}
	return ns + local, nil
}

func (p *turtleParser) literal() (term, error) {
	q := p.src[p.pos]
	long := strings.HasPrefix(p.src[p.pos:], strings.Repeat(string(q), 3))
	if long {
		p.pos += 3
	} else {
		p.pos++
	}
	var b strings.Builder
	for {
		if p.pos >= len(p.src) {
			return term{}, fmt.Errorf("unterminated string")
		}
		c := p.src[p.pos]
		if c == q {
			if !long {
				p.pos++
				break
			}
			if strings.HasPrefix(p.src[p.pos:], strings.Repeat(string(q), 3)) {
				// Up to two extra quotes before the closing three belong to the string.
				for p.pos+3 < len(p.src) && p.src[p.pos+3] == q {
					b.WriteByte(q)
					p.pos++
				}
				p.pos += 3
				break
			}
		}
		if !long && (c == '\n' || c == '\r') {
			return term{}, fmt.Errorf("newline in a short string")
		}
		if c == '\\' {
			if p.pos+1 >= len(p.src) {
				return term{}, fmt.Errorf("bad escape")
			}
			esc := map[byte]string{'t': "\t", 'b': "\b", 'n': "\n", 'r': "\r", 'f': "\f", '"': "\"", '\'': "'", '\\': "\\"}
			if s, ok := esc[p.src[p.pos+1]]; ok {
				b.WriteString(s)
				p.pos += 2
				continue
			}
			r, err := p.unicodeEscape()
			if err != nil {
				return term{}, err
			}
			b.WriteRune(r)
			continue
		}
		b.WriteByte(c)
		p.pos++
	}
	t := literal(b.String())
	if p.pos < len(p.src) && p.src[p.pos] == '@' {
		p.pos++
		start := p.pos
		for p.pos < len(p.src) && (isASCIILetterOrDigit(p.src[p.pos]) || p.src[p.pos] == '-') {
			p.pos++
		}
		t.Lang = strings.ToLower(p.src[start:p.pos])
	} else if strings.HasPrefix(p.src[p.pos:], "^^") {
		p.pos += 2
		var err error
		if p.peek() == '<' {
			t.Datatype, err = p.iriRef()
		} else {
			t.Datatype, err = p.prefixedName()
		}
		if err != nil {
			return term{}, err
		}
	}
	return t, nil
}

func (p *turtleParser) number() (term, error) {
	start := p.pos
	if c := p.src[p.pos]; c == '+' || c == '-' {
		p.pos++
	}
	dt := nsXSD + "integer"
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c >= '0' && c <= '9':
		case c == '.' && p.pos+1 < len(p.src) && p.src[p.pos+1] >= '0' && p.src[p.pos+1] <= '9':
			if dt == nsXSD+"integer" {
				dt = nsXSD + "decimal"
			}
		case c == 'e' || c == 'E':
			dt = nsXSD + "double"
			if p.pos+1 < len(p.src) && (p.src[p.pos+1] == '+' || p.src[p.pos+1] == '-') {
				p.pos++
			}
		default:
			goto done
		}
		p.pos++
	}
done:
	if p.pos == start || p.src[start:p.pos] == "+" || p.src[start:p.pos] == "-" {
		return term{}, fmt.Errorf("bad number near %s", p.near())
	}
	return term{Kind: termLiteral, Value: p.src[start:p.pos], Datatype: dt}, nil
}

func isASCIILetterOrDigit(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

// isPNChar approximates Turtle's PN_CHARS: letters, digits, marks, "_" and "-".
func isPNChar(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '_' || r == '-' || r == '\u00B7'
}
