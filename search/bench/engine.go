package bench

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/search"
	"github.com/khlang/khlang/search/thai"
)

// Engine names, as Options.Engines takes them.
const (
	EngineKhlang   = "khlang"
	EnginePostgres = "postgres"
	EngineSQLite   = "sqlite"
)

// result is what every engine computes for a query: the number of matching datasets,
// the ids of the first page, and each facet's top values with their counts.
type result struct {
	count  int
	ids    []string
	facets [][]facetValue // by facetFields; nil when the query asks for none
}

type facetValue struct {
	name  string
	count int
}

// engine is one search engine under test.
type engine interface {
	// name is the engine's name in the table.
	name() string
	// describe says how the engine is configured, for the header of the output.
	describe() string
	// build loads the whole corpus and builds every index, then releases what it can
	// (closes files) so the next engine's peak memory is its own. It returns the time
	// spent in the engine, which excludes generating the corpus.
	build(ctx context.Context, c *corpus, progress catalog.Progress) (time.Duration, error)
	// open makes the built engine ready for queries.
	open(ctx context.Context) error
	// search runs one query.
	search(ctx context.Context, q *query) (*result, error)
	// size is the engine's index and data size on disk, in bytes.
	size(ctx context.Context) (int64, error)
	// close releases the engine; a server-side engine also drops its data (the run
	// removes the scratch folder of the others).
	close(ctx context.Context) error
}

// segmented is text as the SQL baselines index it: Thai runs cut into words by
// search/thai, every token joined by a space, so PostgreSQL's and SQLite's tokenizers
// see the words Khlang's analyzer sees.
func segmented(s string) string {
	return strings.Join(thai.Segment(s), " ")
}

// facetIDs are a dataset's facet values as small integers, for the SQL baselines' facet
// columns and tables.
type facetIDs struct {
	org, lic    int32
	tags, grps  []int32
	fmts        []int32
	title, body string
}

// sqlRow turns a generated dataset into the baselines' row: facet ordinals and the
// segmented title and catch-all text exactly as Khlang indexes them.
func (c *corpus) sqlRow(d *catalog.Dataset) facetIDs {
	title, text := search.DocumentText(d)
	f := facetIDs{title: segmented(title), body: segmented(text)}
	f.org = int32(c.orgIndex[d.Organization.Name])
	f.lic = int32(c.licIndex[d.LicenseID])
	for _, t := range d.Tags {
		f.tags = append(f.tags, int32(c.tagIndex[t.Name]))
	}
	for _, g := range d.Groups {
		f.grps = append(f.grps, int32(c.grpIndex[g.Name]))
	}
	for _, r := range d.Resources {
		f.fmts = append(f.fmts, int32(c.fmtIndex[r.Format]))
	}
	return f
}

// facetName returns the name of ordinal v of facet field i (in facetFields order).
func (c *corpus) facetName(i int, v int64) string {
	switch facetFields[i] {
	case "organization":
		return c.orgs[v].Name
	case "groups":
		return c.groups[v].Name
	case "tags":
		return c.tagNames[v]
	case "res_format":
		return formats[v]
	default:
		return c.licenses[v]
	}
}

// rowID is the integer key the SQL baselines use for a dataset id made by datasetID.
func rowID(id string) int64 {
	n, _ := strconv.ParseInt(id[len(id)-12:], 10, 64)
	return n
}

// scanResult reads the rows of a baseline's search statement, (kind, value, n, ids):
// kind 0 carries the count in n, kind 1 the first page in ids (decoded by pageIDs),
// kind 2+i one value of facet i with its count. Facet values come back in count order.
func scanResult(c *corpus, q *query, next func(dest ...any) (bool, error), pageIDs func(any) []string) (*result, error) {
	out := &result{}
	if q.class.facets {
		out.facets = make([][]facetValue, len(facetFields))
		for i := range out.facets {
			out.facets[i] = []facetValue{}
		}
	}
	for {
		var kind, v, n int64
		var ids any
		ok, err := next(&kind, &v, &n, &ids)
		if err != nil {
			return nil, fmt.Errorf("%s search %q: %w", q.class.name, q.q, err)
		}
		if !ok {
			break
		}
		switch {
		case kind == 0:
			out.count = int(n)
		case kind == 1:
			out.ids = pageIDs(ids)
		case kind >= 2 && int(kind-2) < len(out.facets):
			out.facets[kind-2] = append(out.facets[kind-2], facetValue{c.facetName(int(kind-2), v), int(n)})
		}
	}
	for _, f := range out.facets {
		slices.SortStableFunc(f, func(a, b facetValue) int { return b.count - a.count })
	}
	return out, nil
}
