package harvest

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

const nsXML = "http://www.w3.org/XML/1998/namespace"

// parseRDFXML reads an RDF/XML document into g: node elements (rdf:Description or typed),
// rdf:about, rdf:ID, rdf:nodeID, property attributes, property elements with
// rdf:resource, rdf:nodeID, rdf:datatype, xml:lang, nested node elements, and
// rdf:parseType Resource, Literal and Collection. xml:base is honoured.
func parseRDFXML(r io.Reader, base string, g *graph) error {
	p := &rdfxmlParser{dec: xml.NewDecoder(r), g: g}
	for {
		tok, err := p.dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("rdf/xml: %w", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			ctx := p.scope(rdfxmlCtx{base: base}, se)
			if se.Name.Space == nsRDF && se.Name.Local == "RDF" {
				if err := p.nodeElementList(ctx); err != nil {
					return fmt.Errorf("rdf/xml: %w", err)
				}
				continue
			}
			// A document may hold a single node element without rdf:RDF around it.
			if _, err := p.nodeElement(ctx, se); err != nil {
				return fmt.Errorf("rdf/xml: %w", err)
			}
		}
	}
}

type rdfxmlParser struct {
	dec    *xml.Decoder
	g      *graph
	blanks int
}

// rdfxmlCtx is what an element inherits: the base IRI and the language.
type rdfxmlCtx struct{ base, lang string }

func (p *rdfxmlParser) scope(ctx rdfxmlCtx, se xml.StartElement) rdfxmlCtx {
	for _, a := range se.Attr {
		if a.Name.Space == nsXML || a.Name.Space == "xml" {
			switch a.Name.Local {
			case "base":
				ctx.base = resolveIRI(ctx.base, a.Value)
			case "lang":
				ctx.lang = strings.ToLower(a.Value)
			}
		}
	}
	return ctx
}

func (p *rdfxmlParser) newBlank() term {
	p.blanks++
	return blank(fmt.Sprintf("x%d", p.blanks))
}

// nodeElementList reads node elements until the enclosing end element.
func (p *rdfxmlParser) nodeElementList(ctx rdfxmlCtx) error {
	for {
		tok, err := p.dec.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if _, err := p.nodeElement(p.scope(ctx, t), t); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

func attr(se xml.StartElement, space, local string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Space == space && a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

// isSyntaxAttr reports attributes that are not property attributes.
func isSyntaxAttr(a xml.Attr) bool {
	if a.Name.Space == nsXML || a.Name.Space == "xml" || a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
		return true
	}
	if a.Name.Space == "" {
		return true // unqualified attributes carry no RDF meaning
	}
	if a.Name.Space == nsRDF {
		switch a.Name.Local {
		case "about", "ID", "nodeID", "resource", "datatype", "parseType", "bagID", "aboutEach", "aboutEachPrefix":
			return true
		}
	}
	return false
}

// subjectOf names the node of a node element.
func (p *rdfxmlParser) subjectOf(ctx rdfxmlCtx, se xml.StartElement) term {
	if v, ok := attr(se, nsRDF, "about"); ok {
		return iri(resolveIRI(ctx.base, v))
	}
	if v, ok := attr(se, nsRDF, "ID"); ok {
		return iri(resolveIRI(ctx.base, "#"+v))
	}
	if v, ok := attr(se, nsRDF, "nodeID"); ok {
		return blank("n-" + v)
	}
	return p.newBlank()
}

// nodeElement reads one node element (its start already read) and returns its subject.
func (p *rdfxmlParser) nodeElement(ctx rdfxmlCtx, se xml.StartElement) (term, error) {
	subj := p.subjectOf(ctx, se)
	if !(se.Name.Space == nsRDF && se.Name.Local == "Description") {
		p.g.add(subj, iri(rdfType), iri(se.Name.Space+se.Name.Local))
	}
	p.propertyAttrs(ctx, se, subj)
	return subj, p.propertyElements(ctx, subj)
}

// propertyAttrs adds the literal properties written as attributes.
func (p *rdfxmlParser) propertyAttrs(ctx rdfxmlCtx, se xml.StartElement, subj term) {
	for _, a := range se.Attr {
		if isSyntaxAttr(a) {
			continue
		}
		if a.Name.Space == nsRDF && a.Name.Local == "type" {
			p.g.add(subj, iri(rdfType), iri(resolveIRI(ctx.base, a.Value)))
			continue
		}
		p.g.add(subj, iri(a.Name.Space+a.Name.Local), term{Kind: termLiteral, Value: a.Value, Lang: ctx.lang})
	}
}

// propertyElements reads the property elements of subj until its end element.
func (p *rdfxmlParser) propertyElements(ctx rdfxmlCtx, subj term) error {
	li := 0
	for {
		tok, err := p.dec.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.StartElement:
			pred := t.Name.Space + t.Name.Local
			if t.Name.Space == nsRDF && t.Name.Local == "li" {
				li++
				pred = fmt.Sprintf("%s_%d", nsRDF, li)
			}
			if err := p.propertyElement(p.scope(ctx, t), t, subj, iri(pred)); err != nil {
				return err
			}
		}
	}
}

func (p *rdfxmlParser) propertyElement(ctx rdfxmlCtx, se xml.StartElement, subj, pred term) error {
	if v, ok := attr(se, nsRDF, "resource"); ok {
		obj := iri(resolveIRI(ctx.base, v))
		p.g.add(subj, pred, obj)
		p.propertyAttrs(ctx, se, obj)
		return p.dec.Skip()
	}
	if v, ok := attr(se, nsRDF, "nodeID"); ok {
		obj := blank("n-" + v)
		p.g.add(subj, pred, obj)
		p.propertyAttrs(ctx, se, obj)
		return p.dec.Skip()
	}
	switch pt, _ := attr(se, nsRDF, "parseType"); pt {
	case "Resource":
		obj := p.newBlank()
		p.g.add(subj, pred, obj)
		return p.propertyElements(ctx, obj)
	case "Literal":
		var inner struct {
			XML string `xml:",innerxml"`
		}
		if err := p.dec.DecodeElement(&inner, &se); err != nil {
			return err
		}
		p.g.add(subj, pred, term{Kind: termLiteral, Value: inner.XML, Datatype: nsRDF + "XMLLiteral"})
		return nil
	case "Collection":
		var items []term
		for {
			tok, err := p.dec.Token()
			if err != nil {
				return err
			}
			if t, ok := tok.(xml.StartElement); ok {
				node, err := p.nodeElement(p.scope(ctx, t), t)
				if err != nil {
					return err
				}
				items = append(items, node)
				continue
			}
			if _, ok := tok.(xml.EndElement); ok {
				break
			}
		}
		head := iri(rdfNil)
		for i := len(items) - 1; i >= 0; i-- {
			node := p.newBlank()
			p.g.add(node, iri(rdfFirst), items[i])
			p.g.add(node, iri(rdfRest), head)
			head = node
		}
		p.g.add(subj, pred, head)
		return nil
	}
	// Text, a nested node element, or (with property attributes only) an empty node.
	var text strings.Builder
	for {
		tok, err := p.dec.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.CharData:
			text.Write(t)
		case xml.StartElement:
			node, err := p.nodeElement(p.scope(ctx, t), t)
			if err != nil {
				return err
			}
			p.g.add(subj, pred, node)
			// Only whitespace may follow the nested node.
			if err := p.dec.Skip(); err != nil {
				return err
			}
			return nil
		case xml.EndElement:
			hasProps := false
			for _, a := range se.Attr {
				if !isSyntaxAttr(a) {
					hasProps = true
				}
			}
			if hasProps && strings.TrimSpace(text.String()) == "" {
				obj := p.newBlank()
				p.g.add(subj, pred, obj)
				p.propertyAttrs(ctx, se, obj)
				return nil
			}
			lit := term{Kind: termLiteral, Value: text.String(), Lang: ctx.lang}
			if dt, ok := attr(se, nsRDF, "datatype"); ok {
				lit.Datatype, lit.Lang = resolveIRI(ctx.base, dt), ""
			}
			p.g.add(subj, pred, lit)
			return nil
		}
	}
}
