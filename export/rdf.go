package export

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// A small RDF model and three streaming serialisers (Turtle, RDF/XML, JSON-LD), enough
// for DCAT: subjects are written one description at a time as the catalog is read.

// Namespaces used by the metadata exports.
var namespaces = []struct{ prefix, iri string }{
	{"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
	{"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
	{"xsd", "http://www.w3.org/2001/XMLSchema#"},
	{"dcat", "http://www.w3.org/ns/dcat#"},
	{"dct", "http://purl.org/dc/terms/"},
	{"foaf", "http://xmlns.com/foaf/0.1/"},
	{"vcard", "http://www.w3.org/2006/vcard/ns#"},
	{"skos", "http://www.w3.org/2004/02/skos/core#"},
	{"prov", "http://www.w3.org/ns/prov#"},
	{"adms", "http://www.w3.org/ns/adms#"},
	{"dcatap", "http://data.europa.eu/r5r/"},
	{"stat", "http://data.europa.eu/s1n/"},
	{"qb", "http://purl.org/linked-data/cube#"},
	{"hydra", "http://www.w3.org/ns/hydra/core#"},
}

// expand turns "dct:title" into its full IRI.
func expand(qname string) string {
	p, local, ok := strings.Cut(qname, ":")
	if !ok {
		return qname
	}
	for _, ns := range namespaces {
		if ns.prefix == p {
			return ns.iri + local
		}
	}
	return qname
}

// term is an IRI, a blank node or a literal.
type term struct {
	iri, bnode string
	lit        string
	lang, dt   string // literal language or datatype (qname)
	isLit      bool
}

func iri(s string) term        { return term{iri: s} }
func bnode(id string) term     { return term{bnode: id} }
func lit(s string) term        { return term{lit: s, isLit: true} }
func langLit(s, l string) term { return term{lit: s, lang: l, isLit: true} }
func typed(s, dt string) term  { return term{lit: s, dt: dt, isLit: true} }

// prop is one predicate-object pair of a description.
type prop struct {
	pred string // qname
	obj  term
}

// description is a subject with its types and properties.
type description struct {
	subject term
	types   []string // qnames
	props   []prop
}

func (d *description) add(pred string, objs ...term) {
	for _, o := range objs {
		if o.isLit && o.lit == "" || !o.isLit && o.iri == "" && o.bnode == "" {
			continue
		}
		d.props = append(d.props, prop{pred, o})
	}
}

// rdfWriter streams descriptions in one syntax.
type rdfWriter interface {
	begin() error
	write(d *description) error
	end() error
}

// Turtle.

type turtleWriter struct{ w *bufio.Writer }

func (t *turtleWriter) begin() error {
	for _, ns := range namespaces {
		fmt.Fprintf(t.w, "@prefix %s: <%s> .\n", ns.prefix, ns.iri)
	}
	_, err := t.w.WriteString("\n")
	return err
}

func turtleTerm(o term) string {
	switch {
	case o.isLit:
		s := `"` + turtleEscape(o.lit) + `"`
		if o.lang != "" {
			return s + "@" + o.lang
		}
		if o.dt != "" {
			return s + "^^" + o.dt
		}
		return s
	case o.bnode != "":
		return "_:" + o.bnode
	}
	return "<" + iriEscape(o.iri) + ">"
}

func turtleEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`)
	return r.Replace(s)
}

// iriEscape percent-encodes the characters an IRI reference may not hold.
func iriEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r <= 0x20 || strings.ContainsRune(`<>"{}|^`+"`\\", r) {
			fmt.Fprintf(&b, "%%%02X", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (t *turtleWriter) write(d *description) error {
	t.w.WriteString(turtleTerm(d.subject))
	first := true
	if len(d.types) > 0 {
		t.w.WriteString(" a " + strings.Join(d.types, ", "))
		first = false
	}
	for _, p := range d.props {
		if !first {
			t.w.WriteString(" ;\n   ")
		} else {
			t.w.WriteString(" ")
		}
		first = false
		t.w.WriteString(p.pred + " " + turtleTerm(p.obj))
	}
	_, err := t.w.WriteString(" .\n\n")
	return err
}

func (t *turtleWriter) end() error { return t.w.Flush() }

// RDF/XML.

type rdfXMLWriter struct{ w *bufio.Writer }

func (x *rdfXMLWriter) begin() error {
	x.w.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n<rdf:RDF")
	for _, ns := range namespaces {
		fmt.Fprintf(x.w, "\n    xmlns:%s=\"%s\"", ns.prefix, ns.iri)
	}
	_, err := x.w.WriteString(">\n")
	return err
}

func xmlEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r != 0xFFFE && r != 0xFFFF:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func (x *rdfXMLWriter) write(d *description) error {
	if d.subject.bnode != "" {
		fmt.Fprintf(x.w, "  <rdf:Description rdf:nodeID=\"%s\">\n", d.subject.bnode)
	} else {
		fmt.Fprintf(x.w, "  <rdf:Description rdf:about=\"%s\">\n", xmlEscape(d.subject.iri))
	}
	for _, t := range d.types {
		fmt.Fprintf(x.w, "    <rdf:type rdf:resource=\"%s\"/>\n", xmlEscape(expand(t)))
	}
	for _, p := range d.props {
		o := p.obj
		switch {
		case o.isLit && o.lang != "":
			fmt.Fprintf(x.w, "    <%s xml:lang=\"%s\">%s</%s>\n", p.pred, o.lang, xmlEscape(o.lit), p.pred)
		case o.isLit && o.dt != "":
			fmt.Fprintf(x.w, "    <%s rdf:datatype=\"%s\">%s</%s>\n", p.pred, xmlEscape(expand(o.dt)), xmlEscape(o.lit), p.pred)
		case o.isLit:
			fmt.Fprintf(x.w, "    <%s>%s</%s>\n", p.pred, xmlEscape(o.lit), p.pred)
		case o.bnode != "":
			fmt.Fprintf(x.w, "    <%s rdf:nodeID=\"%s\"/>\n", p.pred, o.bnode)
		default:
			fmt.Fprintf(x.w, "    <%s rdf:resource=\"%s\"/>\n", p.pred, xmlEscape(o.iri))
		}
	}
	_, err := x.w.WriteString("  </rdf:Description>\n")
	return err
}

func (x *rdfXMLWriter) end() error {
	x.w.WriteString("</rdf:RDF>\n")
	return x.w.Flush()
}

// JSON-LD (flattened: one node object per description in @graph, with an inline
// @context so no remote document is ever fetched).

type jsonLDWriter struct {
	w     *bufio.Writer
	first bool
}

func (j *jsonLDWriter) begin() error {
	ctx := map[string]string{}
	for _, ns := range namespaces {
		ctx[ns.prefix] = ns.iri
	}
	b, err := json.Marshal(ctx)
	if err != nil {
		return err
	}
	j.first = true
	j.w.WriteString(`{"@context":`)
	j.w.Write(b)
	_, err = j.w.WriteString(`,"@graph":[`)
	return err
}

func jsonLDTerm(o term) map[string]string {
	switch {
	case o.isLit && o.lang != "":
		return map[string]string{"@value": o.lit, "@language": o.lang}
	case o.isLit && o.dt != "":
		return map[string]string{"@value": o.lit, "@type": o.dt}
	case o.isLit:
		return map[string]string{"@value": o.lit}
	case o.bnode != "":
		return map[string]string{"@id": "_:" + o.bnode}
	}
	return map[string]string{"@id": o.iri}
}

func (j *jsonLDWriter) write(d *description) error {
	node := map[string]any{}
	if d.subject.bnode != "" {
		node["@id"] = "_:" + d.subject.bnode
	} else {
		node["@id"] = d.subject.iri
	}
	if len(d.types) > 0 {
		node["@type"] = d.types
	}
	for _, p := range d.props {
		l, _ := node[p.pred].([]map[string]string)
		node[p.pred] = append(l, jsonLDTerm(p.obj))
	}
	b, err := json.Marshal(node)
	if err != nil {
		return err
	}
	if !j.first {
		j.w.WriteByte(',')
	}
	j.first = false
	j.w.WriteString("\n")
	_, err = j.w.Write(b)
	return err
}

func (j *jsonLDWriter) end() error {
	j.w.WriteString("\n]}\n")
	return j.w.Flush()
}

// MetadataFormats maps the file extensions of the metadata exports to their media types.
var MetadataFormats = map[string]string{
	"ttl":    "text/turtle; charset=utf-8",
	"rdf":    "application/rdf+xml; charset=utf-8",
	"jsonld": "application/ld+json; charset=utf-8",
}

func newRDFWriter(w io.Writer, ext string) (rdfWriter, bool) {
	bw := bufio.NewWriterSize(w, 32<<10)
	switch ext {
	case "ttl":
		return &turtleWriter{w: bw}, true
	case "rdf":
		return &rdfXMLWriter{w: bw}, true
	case "jsonld":
		return &jsonLDWriter{w: bw}, true
	}
	return nil, false
}
