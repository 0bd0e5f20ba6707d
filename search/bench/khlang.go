package bench

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/search"
)

// khlangEngine is Khlang's own search index, driven through search.Index exactly as the
// server drives it: built with the syncer's document mapping, queried with
// (*search.Index).Search and the parameters package_search sends for an anonymous user.
type khlangEngine struct {
	path string
	ix   *search.Index
}

func newKhlang(dir string) *khlangEngine {
	return &khlangEngine{path: filepath.Join(dir, "khlang-index")}
}

func (e *khlangEngine) name() string { return EngineKhlang }

func (e *khlangEngine) describe() string {
	return "Khlang: search.Index (Bleve scorch, Thai analyzer), loaded with IndexDatasets in batches of 1000, queried with Index.Search as package_search does (anonymous: public datasets only)"
}

func (e *khlangEngine) build(ctx context.Context, c *corpus, progress catalog.Progress) (time.Duration, error) {
	start := time.Now()
	ix, err := search.Open(e.path, nil)
	if err != nil {
		return 0, err
	}
	e.ix = ix
	spent := time.Since(start)
	err = c.each(ctx, "build "+e.name(), progress, func(ds []*catalog.Dataset) error {
		t := time.Now()
		err := ix.IndexDatasets(ctx, ds)
		spent += time.Since(t)
		return err
	})
	if err != nil {
		return 0, err
	}
	// The build ends when its batches are on disk.
	t := time.Now()
	if err := ix.Flush(); err != nil {
		return 0, err
	}
	return spent + time.Since(t), nil
}

// open has nothing to do: the index stays open from its build, with its facet and sort
// columns in memory.
func (e *khlangEngine) open(context.Context) error { return nil }

func (e *khlangEngine) search(ctx context.Context, q *query) (*result, error) {
	req := search.Request{Q: q.q, FQ: q.fq, Rows: resultRows, Labels: []string{"public"}}
	if q.class.facets {
		req.FacetFields = facetFields
		req.FacetLimit = facetLimit
	}
	res, err := e.ix.Search(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("khlang search %q: %w", q.q, err)
	}
	out := &result{count: res.Count, ids: res.IDs}
	if q.class.facets {
		for _, f := range facetFields {
			vals := make([]facetValue, 0, len(res.Facets[f]))
			for _, v := range res.Facets[f] {
				vals = append(vals, facetValue{v.Name, v.Count})
			}
			out.facets = append(out.facets, vals)
		}
	}
	return out, nil
}

func (e *khlangEngine) size(context.Context) (int64, error) { return dirSize(e.path) }

func (e *khlangEngine) close(context.Context) error {
	if e.ix == nil {
		return nil
	}
	err := e.ix.Close()
	e.ix = nil
	return err
}
