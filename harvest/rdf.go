package harvest

import (
	"net/url"
	"strings"
)

// Namespaces the DCAT harvester reads.
const (
	nsRDF    = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	nsXSD    = "http://www.w3.org/2001/XMLSchema#"
	nsDCAT   = "http://www.w3.org/ns/dcat#"
	nsDCT    = "http://purl.org/dc/terms/"
	nsFOAF   = "http://xmlns.com/foaf/0.1/"
	nsVCARD  = "http://www.w3.org/2006/vcard/ns#"
	nsHydra  = "http://www.w3.org/ns/hydra/core#"
	nsOWL    = "http://www.w3.org/2002/07/owl#"
	nsADMS   = "http://www.w3.org/ns/adms#"
	rdfType  = nsRDF + "type"
	rdfFirst = nsRDF + "first"
	rdfRest  = nsRDF + "rest"
	rdfNil   = nsRDF + "nil"
)

// termKind tells IRIs, blank nodes and literals apart.
type termKind uint8

const (
	termIRI termKind = iota
	termBlank
	termLiteral
)

// term is one RDF term. Value is the IRI, the blank node label or the literal's lexical
// form; Lang and Datatype qualify a literal.
type term struct {
	Kind     termKind
	Value    string
	Lang     string
	Datatype string
}

func iri(v string) term     { return term{Kind: termIRI, Value: v} }
func blank(v string) term   { return term{Kind: termBlank, Value: v} }
func literal(v string) term { return term{Kind: termLiteral, Value: v} }

// key identifies a subject in the graph's index.
func (t term) key() string {
	if t.Kind == termBlank {
		return "_:" + t.Value
	}
	return t.Value
}

// triple is one statement.
type triple struct{ S, P, O term }

// graph is a set of triples indexed by subject.
type graph struct {
	triples   []triple
	bySubject map[string][]int
}

func newGraph() *graph { return &graph{bySubject: map[string][]int{}} }

func (g *graph) add(s, p, o term) {
	g.bySubject[s.key()] = append(g.bySubject[s.key()], len(g.triples))
	g.triples = append(g.triples, triple{s, p, o})
}

// objects returns the objects of (s, p, ?).
func (g *graph) objects(s term, p string) []term {
	var out []term
	for _, i := range g.bySubject[s.key()] {
		if t := g.triples[i]; t.P.Value == p {
			out = append(out, t.O)
		}
	}
	return out
}

// object returns the first object of (s, p, ?).
func (g *graph) object(s term, p string) (term, bool) {
	for _, i := range g.bySubject[s.key()] {
		if t := g.triples[i]; t.P.Value == p {
			return t.O, true
		}
	}
	return term{}, false
}

// subjectsOfType returns the subjects typed class, in document order, each once.
func (g *graph) subjectsOfType(class string) []term {
	var out []term
	seen := map[string]bool{}
	for _, t := range g.triples {
		if t.P.Value == rdfType && t.O.Kind == termIRI && t.O.Value == class && !seen[t.S.key()] {
			seen[t.S.key()] = true
			out = append(out, t.S)
		}
	}
	return out
}

// text returns the literal (or IRI) value of (s, p, ?), preferring a literal in lang,
// then one without a language, then any.
func (g *graph) text(s term, p, lang string) string {
	var untagged, other string
	for _, o := range g.objects(s, p) {
		switch {
		case lang != "" && strings.EqualFold(o.Lang, lang):
			return strings.TrimSpace(o.Value)
		case o.Lang == "" && untagged == "":
			untagged = o.Value
		case other == "":
			other = o.Value
		}
	}
	if untagged != "" {
		return strings.TrimSpace(untagged)
	}
	return strings.TrimSpace(other)
}

// langText returns the literal of (s, p, ?) in exactly lang ("" when there is none).
func (g *graph) langText(s term, p, lang string) string {
	for _, o := range g.objects(s, p) {
		if o.Kind == termLiteral && strings.EqualFold(o.Lang, lang) {
			return strings.TrimSpace(o.Value)
		}
	}
	return ""
}

// resolveIRI resolves ref against base (returning ref when either does not parse).
func resolveIRI(base, ref string) string {
	r, err := url.Parse(ref)
	if err != nil || r.IsAbs() || base == "" {
		return ref // absolute IRIs are kept verbatim (url.URL drops an empty "#")
	}
	b, err := url.Parse(base)
	if err != nil {
		return ref
	}
	out := b.ResolveReference(r).String()
	if strings.HasSuffix(ref, "#") && !strings.HasSuffix(out, "#") {
		out += "#"
	}
	return out
}
