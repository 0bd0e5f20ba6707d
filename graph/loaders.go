package graph

import (
	"context"
	"sync"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/search"
)

// loaderWait is how long a loader gathers keys before it fetches them. Fields of one
// list are resolved concurrently, so a short wait is enough to batch them.
const loaderWait = 2 * time.Millisecond

// loaders batch and cache what one request reads, so a page of any size costs the same
// number of SQL statements. A loaders value lives for one request only: its cache
// never outlives the caller's permissions.
type loaders struct {
	// datasets loads datasets by id with their resources, tags, groups and
	// organization, one batch at a time.
	datasets *dataloadgen.Loader[string, *catalog.Dataset]
	// groups loads organizations and groups by id.
	groups *dataloadgen.Loader[string, *catalog.Group]
	// groupsByName loads organizations and groups by name (facet values are names).
	groupsByName *dataloadgen.Loader[string, *catalog.Group]
	// users loads active users by id (dataset creators, members).
	users *dataloadgen.Loader[string, *catalog.User]
	// counts loads, per facet field, the number of datasets the caller may see for
	// each value; one search answers every field asked for in a batch.
	counts *dataloadgen.Loader[string, map[string]int]

	frameworksOnce sync.Once
	frameworks     []*frameworkTree
	frameworksErr  error
}

func newLoaders(r *Resolver, actor *catalog.Actor) *loaders {
	opts := []dataloadgen.Option{dataloadgen.WithWait(loaderWait)}
	return &loaders{
		datasets: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string]*catalog.Dataset, error) {
			ds, err := r.store.DatasetsByID(ctx, ids)
			if err != nil {
				return nil, err
			}
			out := make(map[string]*catalog.Dataset, len(ds))
			for _, d := range ds {
				out[d.ID] = d
			}
			return out, nil
		}, opts...),
		groups: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string]*catalog.Group, error) {
			return r.store.GroupsByID(ctx, ids)
		}, opts...),
		groupsByName: dataloadgen.NewMappedLoader(func(ctx context.Context, names []string) (map[string]*catalog.Group, error) {
			return r.store.GroupsByName(ctx, names)
		}, opts...),
		users: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string]*catalog.User, error) {
			return r.store.UsersByID(ctx, ids)
		}, opts...),
		counts: dataloadgen.NewMappedLoader(func(ctx context.Context, fields []string) (map[string]map[string]int, error) {
			res, err := r.index.Search(ctx, search.Request{Rows: 0, FacetFields: fields, FacetLimit: -1,
				Labels: actor.Labels(), IncludePrivate: true})
			if err != nil {
				return nil, err
			}
			out := make(map[string]map[string]int, len(fields))
			for _, f := range fields {
				m := map[string]int{}
				for _, v := range res.Facets[f] {
					m[v.Name] = v.Count
				}
				out[f] = m
			}
			return out, nil
		}, opts...),
	}
}

// withLoaders stores a request's loaders in its context.
func withLoaders(ctx context.Context, l *loaders) context.Context {
	return context.WithValue(ctx, loadersKey, l)
}

// loadersFrom returns the request's loaders. A context without them (a resolver called
// outside NewHandler's endpoint) gets fresh ones that batch nothing across calls.
func (r *Resolver) loadersFrom(ctx context.Context) *loaders {
	if l, ok := ctx.Value(loadersKey).(*loaders); ok {
		return l
	}
	return newLoaders(r, actorFrom(ctx))
}

// count returns how many datasets the caller may see with value in the facet field.
func (r *Resolver) count(ctx context.Context, field, value string) (int, error) {
	m, err := r.loadersFrom(ctx).counts.Load(ctx, field)
	if err != nil {
		return 0, err
	}
	return m[value], nil
}
