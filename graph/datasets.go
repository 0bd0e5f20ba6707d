package graph

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vikstrous/dataloadgen"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/graph/model"
	"github.com/khlang/khlang/search"
)

// filterFields are the fields SearchFilter and facets accept: the index's keyword
// fields that researchers filter and count by.
var filterFields = []string{"organization", "owner_org", "groups", "tags", "res_format", "license_id",
	"framework", "indicator_set", "pillar", "factor", "dimension", "plan", "indicator_code", "reference_area",
	"data_type", "data_category", "update_frequency", "geo_coverage", "official_statistics",
	"high_value_dataset", "province", "name", "id"}

// defaultFacetFields are counted when facets names no fields: CKAN's five and the
// indicator frameworks.
var defaultFacetFields = []string{"organization", "groups", "tags", "res_format", "license_id", "framework", "indicator_set"}

// indicatorFilter matches datasets with a non-empty indicator code.
const indicatorFilter = "indicator_code:?*"

func isFilterField(f string) bool {
	for _, x := range filterFields {
		if x == f {
			return true
		}
	}
	return false
}

// quote writes a value as a Lucene phrase.
func quote(v string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v) + `"`
}

// fieldIs is a Lucene clause matching any of the values in the field.
func fieldIs(field string, values ...string) string {
	parts := make([]string, len(values))
	for i, v := range values {
		parts[i] = field + ":" + quote(v)
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

// searchRequest turns a DatasetSearch into the index's request for the caller, with
// scope (filters the field itself adds, such as an organization's id) and a default sort.
func searchRequest(ctx context.Context, in *model.DatasetSearch, scope []string, defaultSort string) (search.Request, error) {
	actor := actorFrom(ctx)
	req := search.Request{Labels: actor.Labels(), IncludePrivate: true, Sort: defaultSort}
	if in != nil {
		if in.Q != nil {
			req.Q = *in.Q
		}
		req.FQ = append(req.FQ, in.Fq...)
		for i, f := range in.Filters {
			if !isFilterField(f.Field) {
				return req, badInput(fmt.Sprintf("search.filters[%d].field", i),
					"%q is not a filter field; use one of %s", f.Field, strings.Join(filterFields, ", "))
			}
			if len(f.Values) == 0 {
				return req, badInput(fmt.Sprintf("search.filters[%d].values", i), "a filter needs at least one value")
			}
			req.FQ = append(req.FQ, fieldIs(f.Field, f.Values...))
		}
		if in.Sort != nil && strings.TrimSpace(*in.Sort) != "" {
			req.Sort = *in.Sort
		}
		if in.IncludePrivate != nil {
			req.IncludePrivate = *in.IncludePrivate
		}
		if in.IncludeDrafts != nil {
			req.IncludeDrafts = *in.IncludeDrafts
		}
	}
	req.FQ = append(req.FQ, scope...)
	return req, nil
}

// searchDatasets runs a dataset search for one page of a connection.
func (r *Resolver) searchDatasets(ctx context.Context, in *model.DatasetSearch, scope []string, defaultSort string, first *int, after *string) (*model.DatasetConnection, error) {
	limit, offset, err := r.pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	req, err := searchRequest(ctx, in, scope, defaultSort)
	if err != nil {
		return nil, err
	}
	req.Rows, req.Start = limit, offset
	res, err := r.index.Search(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("graph: search datasets: %w", err)
	}
	return &model.DatasetConnection{IDs: res.IDs, Offset: offset, TotalCount: res.Count, Sort: res.Sort,
		Request: req, Info: pageInfo(offset, len(res.IDs), res.Count)}, nil
}

// datasetsByID loads datasets in the order of ids through the request's loader, leaving
// out those that are gone and those the caller may not read (the index can be a
// moment behind the catalog). The positions of the kept ones come back with them.
func (r *Resolver) datasetsByID(ctx context.Context, ids []string) ([]*catalog.Dataset, []int, error) {
	if len(ids) == 0 {
		return nil, nil, nil
	}
	ds, err := r.loadersFrom(ctx).datasets.LoadAll(ctx, ids)
	if err != nil && !onlyNotFound(err) {
		return nil, nil, err
	}
	actor := actorFrom(ctx)
	out := make([]*catalog.Dataset, 0, len(ds))
	pos := make([]int, 0, len(ds))
	for i, d := range ds {
		if d != nil && actor.CanRead(d) {
			out = append(out, d)
			pos = append(pos, i)
		}
	}
	return out, pos, nil
}

// onlyNotFound reports whether a loader error only says that some keys were missing.
func onlyNotFound(err error) bool {
	var es dataloadgen.ErrorSlice
	if !errors.As(err, &es) {
		return errors.Is(err, dataloadgen.ErrNotFound)
	}
	for _, e := range es {
		if e != nil && !errors.Is(e, dataloadgen.ErrNotFound) {
			return false
		}
	}
	return true
}

// connectionEdges loads a connection's datasets as edges.
func (r *Resolver) connectionEdges(ctx context.Context, c *model.DatasetConnection) ([]*model.DatasetEdge, error) {
	ds, pos, err := r.datasetsByID(ctx, c.IDs)
	if err != nil {
		return nil, err
	}
	if selects(ctx, "node", "creator") {
		if err := r.primeCreators(ctx, ds); err != nil {
			return nil, err
		}
	}
	out := make([]*model.DatasetEdge, len(ds))
	for i, d := range ds {
		out[i] = &model.DatasetEdge{Cursor: encodeCursor(c.Offset + pos[i]), Node: d}
	}
	return out, nil
}

// connectionNodes loads a connection's datasets.
func (r *Resolver) connectionNodes(ctx context.Context, c *model.DatasetConnection) ([]*catalog.Dataset, error) {
	ds, _, err := r.datasetsByID(ctx, c.IDs)
	if err == nil && selects(ctx, "creator") {
		err = r.primeCreators(ctx, ds)
	}
	return ds, err
}

// primeCreators loads the creators of a page's datasets in one batch before the page's
// creator fields ask for them one by one, so the batch does not depend on how quickly
// those fields are scheduled.
func (r *Resolver) primeCreators(ctx context.Context, ds []*catalog.Dataset) error {
	seen := map[string]bool{}
	var ids []string
	for _, d := range ds {
		if id := d.CreatorUserID; id != nil && *id != "" && !seen[*id] {
			seen[*id] = true
			ids = append(ids, *id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	if _, err := r.loadersFrom(ctx).users.LoadAll(ctx, ids); err != nil && !onlyNotFound(err) {
		return fmt.Errorf("graph: dataset creators: %w", err)
	}
	return nil
}

// selects reports whether the current field's selection set asks for the field at path
// (names of nested fields, fragments included).
func selects(ctx context.Context, path ...string) bool {
	if graphql.GetFieldContext(ctx) == nil {
		return false
	}
	opCtx := graphql.GetOperationContext(ctx)
	fields := graphql.CollectFieldsCtx(ctx, nil)
	for i, name := range path {
		var next []graphql.CollectedField
		for _, f := range fields {
			if f.Name != name {
				continue
			}
			if i == len(path)-1 {
				return true
			}
			next = append(next, graphql.CollectFields(opCtx, f.Selections, nil)...)
		}
		if len(next) == 0 {
			return false
		}
		fields = next
	}
	return false
}

// facets counts the connection's matching datasets by the values of each field.
func (r *Resolver) facets(ctx context.Context, c *model.DatasetConnection, fields []string, limit, minCount *int) ([]*model.Facet, error) {
	if len(fields) == 0 {
		fields = defaultFacetFields
	}
	for _, f := range fields {
		if !isFilterField(f) {
			return nil, badInput("fields", "%q is not a facet field; use one of %s", f, strings.Join(filterFields, ", "))
		}
	}
	req := c.Request
	req.Rows, req.Start = 0, 0
	req.FacetFields = fields
	if limit != nil {
		if *limit < -1 || *limit > 1000 {
			return nil, badInput("limit", "limit must be between -1 (all values) and 1000")
		}
		req.FacetLimit = *limit
		if *limit == 0 {
			req.FacetLimit = 50
		}
	}
	if minCount != nil {
		req.FacetMinCount = *minCount
	}
	res, err := r.index.Search(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("graph: facets: %w", err)
	}
	out := make([]*model.Facet, 0, len(fields))
	var groupNames []string
	for _, f := range fields {
		items := make([]*model.FacetItem, 0, len(res.Facets[f]))
		for _, v := range res.Facets[f] {
			items = append(items, &model.FacetItem{Field: f, Name: v.Name, Count: v.Count})
			if f == "organization" || f == "groups" {
				groupNames = append(groupNames, v.Name)
			}
		}
		out = append(out, &model.Facet{Field: f, Items: items})
	}
	if len(groupNames) > 0 {
		// One query for the titles of every organization and group value; the display
		// names then come from the loader's cache.
		sort.Strings(groupNames)
		_, _ = r.loadersFrom(ctx).groupsByName.LoadAll(ctx, groupNames)
	}
	return out, nil
}

// readable checks that the caller may read a dataset: a deleted one is not found
// (unless the caller may see deleted datasets); any other the caller may not read is
// an authorization error.
func readable(ctx context.Context, d *catalog.Dataset) error {
	actor := actorFrom(ctx)
	if actor.CanRead(d) {
		return nil
	}
	if d.State == catalog.StateDeleted {
		return catalog.NotFound("Package was not found.")
	}
	return &catalog.AuthError{Detail: fmt.Sprintf("not allowed to read dataset %s", d.Name)}
}

// displayTitle picks the title in lang, falling back to the other language, then to
// the name.
func displayTitle(lang *model.Language, th, en, name string) string {
	first, second := th, en
	if lang != nil && *lang == model.LanguageEn {
		first, second = en, th
	}
	for _, s := range []string{first, second, name} {
		if s != "" {
			return s
		}
	}
	return ""
}
