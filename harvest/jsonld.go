package harvest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/piprate/json-gold/ld"
)

// parseJSONLD reads a JSON-LD document into g (every named graph merged into one), through
// json-gold's expansion and RDF conversion. Remote contexts are fetched with load, at most
// maxRemoteContexts of them.
func parseJSONLD(data []byte, base string, g *graph, load func(u string) ([]byte, error)) error {
	doc, err := ld.DocumentFromReader(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("json-ld: %w", err)
	}
	opts := ld.NewJsonLdOptions(base)
	opts.DocumentLoader = &contextLoader{load: load}
	out, err := ld.NewJsonLdProcessor().ToRDF(doc, opts)
	if err != nil {
		return fmt.Errorf("json-ld: %w", err)
	}
	ds, ok := out.(*ld.RDFDataset)
	if !ok {
		return fmt.Errorf("json-ld: unexpected result %T", out)
	}
	for _, quads := range ds.Graphs {
		for _, q := range quads {
			g.add(fromLD(q.Subject), fromLD(q.Predicate), fromLD(q.Object))
		}
	}
	return nil
}

func fromLD(n ld.Node) term {
	switch x := n.(type) {
	case ld.IRI:
		return iri(x.Value)
	case *ld.IRI:
		return iri(x.Value)
	case ld.BlankNode:
		return blank("j-" + strings.TrimPrefix(x.Attribute, "_:"))
	case *ld.BlankNode:
		return blank("j-" + strings.TrimPrefix(x.Attribute, "_:"))
	case ld.Literal:
		return term{Kind: termLiteral, Value: x.Value, Lang: strings.ToLower(x.Language), Datatype: x.Datatype}
	case *ld.Literal:
		return term{Kind: termLiteral, Value: x.Value, Lang: strings.ToLower(x.Language), Datatype: x.Datatype}
	}
	return literal(n.GetValue())
}

// maxRemoteContexts bounds the remote @context documents one JSON-LD document may load.
const maxRemoteContexts = 8

// contextLoader loads remote JSON-LD contexts through the harvester's client.
type contextLoader struct {
	load  func(u string) ([]byte, error)
	count int
	cache map[string]any
}

// LoadDocument implements ld.DocumentLoader.
func (c *contextLoader) LoadDocument(u string) (*ld.RemoteDocument, error) {
	if doc, ok := c.cache[u]; ok {
		return &ld.RemoteDocument{DocumentURL: u, Document: doc}, nil
	}
	c.count++
	if c.count > maxRemoteContexts {
		return nil, ld.NewJsonLdError(ld.LoadingDocumentFailed, fmt.Sprintf("more than %d remote contexts", maxRemoteContexts))
	}
	body, err := c.load(u)
	if err != nil {
		return nil, ld.NewJsonLdError(ld.LoadingDocumentFailed, err.Error())
	}
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, ld.NewJsonLdError(ld.LoadingDocumentFailed, fmt.Sprintf("context %s: %v", u, err))
	}
	if c.cache == nil {
		c.cache = map[string]any{}
	}
	c.cache[u] = doc
	return &ld.RemoteDocument{DocumentURL: u, Document: doc}, nil
}

// contextFetcher fetches remote contexts with the run's context and client.
func (r *runner) contextFetcher(ctx context.Context) func(string) ([]byte, error) {
	return func(u string) ([]byte, error) {
		body, _, err := r.get(ctx, u, "application/ld+json, application/json;q=0.9")
		return body, err
	}
}
