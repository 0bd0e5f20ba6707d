package ckan

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/export"
	"github.com/khlang/khlang/search"
)

// Search limits, as CKAN's defaults: ckan.search.rows_max and package_search's rows.
const (
	rowsMax     = 1000
	rowsDefault = 10
)

// packageList is package_list: names of public active datasets, by name.
func (a *API) packageList(ctx context.Context, c *call) (any, error) {
	limit, err := c.params.natural("limit", 0)
	if err != nil {
		return nil, err
	}
	offset, err := c.params.natural("offset", 0)
	if err != nil {
		return nil, err
	}
	names, err := a.Store.DatasetNames(ctx, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("ckan: package_list: %w", err)
	}
	if names == nil {
		names = []string{}
	}
	return names, nil
}

// readableDataset loads a dataset by id or name and checks the caller may read it: CKAN
// answers 404 when it does not exist and 403 when it exists but may not be read.
func (a *API) readableDataset(ctx context.Context, c *call, idOrName, what, shownID string) (*catalog.Dataset, error) {
	d, err := a.Store.Dataset(ctx, idOrName)
	if err != nil {
		return nil, err
	}
	if what == "resource" {
		err = c.actor.CanReadResource(d, shownID)
	} else {
		err = c.actor.CanReadDataset(d)
	}
	if err != nil {
		return nil, err
	}
	return d, nil
}

// packageShow is package_show.
func (a *API) packageShow(ctx context.Context, c *call) (any, error) {
	id, err := c.params.str("id")
	if err != nil {
		return nil, err
	}
	if id == "" {
		if id, err = c.params.str("name_or_id"); err != nil {
			return nil, err
		}
	}
	if id == "" {
		return nil, catalog.Invalid("name_or_id", "Missing value")
	}
	d, err := a.readableDataset(ctx, c, id, "package", "")
	if err != nil {
		return nil, err
	}
	return a.packageDict(d), nil
}

// packageDict is the package dict the read actions answer: the stored dataset and, for
// an indicator, its exports after its resources as computed resources of resource_type
// "derived" (export.DerivedResources). num_resources counts the stored ones only; a
// package_update that sends the derived ones back drops them (catalog.DatasetFromDict).
func (a *API) packageDict(d *catalog.Dataset) catalog.Dict {
	p := d.PackageDict(a.siteURL())
	if derived := export.DerivedResources(a.siteURL(), d); len(derived) > 0 {
		res, _ := p["resources"].([]catalog.Dict)
		p["resources"] = append(res, derived...)
	}
	return p
}

// searchParams are the keys package_search accepts; any other key is a Search Query Error,
// as in CKAN. The Solr tuning keys are accepted and ignored: our ranking is our own.
var searchParams = map[string]bool{
	"q": true, "fq": true, "fq_list": true, "sort": true, "rows": true, "start": true,
	"facet": true, "facet.field": true, "facet.limit": true, "facet.mincount": true,
	"include_private": true, "include_drafts": true, "include_deleted": true, "use_default_schema": true,
	"fl": true, "qf": true, "wt": true, "bf": true, "boost": true, "tie": true, "defType": true, "mm": true,
	"df": true, "extras": true, "include_plugin_data": true,
}

// searchOpts are the parts of a package_search that are not the Bleve request.
type searchOpts struct {
	facet bool
	fl    []string
}

// parseSearch reads package_search's parameters into a search request.
func parseSearch(c *call) (search.Request, searchOpts, error) {
	var (
		req  search.Request
		opts searchOpts
	)
	var unknown []string
	for k := range c.params {
		if !searchParams[k] && !strings.HasPrefix(k, "ext_") {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		quoted := make([]string, len(unknown))
		for i, k := range unknown {
			quoted[i] = pyRepr(k)
		}
		return req, opts, fmt.Errorf("%w: Invalid search parameters: [%s]", search.ErrQuery, strings.Join(quoted, ", "))
	}
	p := c.params
	var err error
	if req.Q, err = p.str("q"); err != nil {
		return req, opts, err
	}
	switch strings.TrimSpace(req.Q) {
	case `""`, `''`, "*:*":
		req.Q = ""
	}
	// A repeated fq (?fq=a&fq=b) is taken as several filters rather than rejected.
	fq, err := p.list("fq", false, false)
	if err != nil {
		return req, opts, err
	}
	fqList, err := p.list("fq_list", true, false)
	if err != nil {
		return req, opts, err
	}
	for _, f := range append(fq, fqList...) {
		if strings.TrimSpace(f) != "" {
			req.FQ = append(req.FQ, f)
		}
	}
	if req.Sort, err = p.str("sort"); err != nil {
		return req, opts, err
	}
	if strings.TrimSpace(req.Sort) == "rank" {
		req.Sort = ""
	}
	if req.Rows, err = p.natural("rows", rowsDefault); err != nil {
		return req, opts, err
	}
	req.Rows = min(req.Rows, rowsMax) // CKAN caps silently
	if req.Start, err = p.natural("start", 0); err != nil {
		return req, opts, err
	}
	opts.facet = p.flag("facet", true)
	if opts.facet {
		if req.FacetFields, err = p.list("facet.field", true, false); err != nil {
			return req, opts, err
		}
		if req.FacetLimit, err = p.integer("facet.limit", 50); err != nil {
			return req, opts, err
		}
		if req.FacetLimit < 0 {
			req.FacetLimit = -1
		}
		if req.FacetMinCount, err = p.integer("facet.mincount", 1); err != nil {
			return req, opts, err
		}
	}
	req.IncludePrivate = p.flag("include_private", false)
	req.IncludeDrafts = p.flag("include_drafts", false)
	req.IncludeDeleted = p.flag("include_deleted", false)
	req.Labels = c.actor.Labels()
	if opts.fl, err = p.list("fl", false, false); err != nil {
		return req, opts, err
	}
	if len(opts.fl) == 1 {
		opts.fl = strings.FieldsFunc(opts.fl[0], func(r rune) bool { return r == ',' || r == ' ' })
	}
	return req, opts, nil
}

// packageSearch is package_search.
func (a *API) packageSearch(ctx context.Context, c *call) (any, error) {
	req, opts, err := parseSearch(c)
	if err != nil {
		return nil, err
	}
	return a.runSearch(ctx, c, req, opts)
}

// runSearch queries the index and renders CKAN's result dict. The page's datasets are
// loaded with one DatasetsByID call and the facet titles with one GroupsByName call,
// whatever the page size.
func (a *API) runSearch(ctx context.Context, c *call, req search.Request, opts searchOpts) (map[string]any, error) {
	res, err := a.Search.Search(ctx, req)
	if err != nil {
		if errors.Is(err, search.ErrQuery) || errors.Is(err, search.ErrSyntax) {
			return nil, err
		}
		return nil, fmt.Errorf("ckan: package_search: %w", err)
	}
	datasets, err := a.Store.DatasetsByID(ctx, res.IDs)
	if err != nil {
		return nil, fmt.Errorf("ckan: package_search: %w", err)
	}
	results := make([]any, 0, len(datasets))
	for _, d := range datasets {
		// The index filters by permission labels already; checking again costs nothing and
		// keeps a stale index entry from ever showing a dataset that just became private.
		if !c.actor.CanRead(d) {
			continue
		}
		dict := a.packageDict(d)
		if len(opts.fl) > 0 {
			picked := catalog.Dict{}
			for _, k := range opts.fl {
				if v, ok := dict[k]; ok {
					picked[k] = v
				}
			}
			dict = picked
		}
		results = append(results, dict)
	}
	facets, searchFacets, err := a.renderFacets(ctx, req.FacetFields, res.Facets)
	if err != nil {
		return nil, err
	}
	sortUsed := res.Sort
	if sortUsed == "" {
		sortUsed = req.Sort
	}
	if sortUsed == "" {
		sortUsed = "score desc, metadata_modified desc"
	}
	return map[string]any{"count": res.Count, "results": results, "facets": facets,
		"search_facets": searchFacets, "sort": sortUsed}, nil
}

// renderFacets builds CKAN's deprecated "facets" and its "search_facets" with display
// names: organization and group titles (falling back to the name), license titles.
func (a *API) renderFacets(ctx context.Context, fields []string, got map[string][]search.FacetValue) (map[string]any, map[string]any, error) {
	facets := map[string]any{}
	searchFacets := map[string]any{}
	var groupNames []string
	for _, f := range fields {
		if f == "organization" || f == "groups" {
			for _, v := range got[f] {
				groupNames = append(groupNames, v.Name)
			}
		}
	}
	groups, err := a.Store.GroupsByName(ctx, groupNames)
	if err != nil {
		return nil, nil, fmt.Errorf("ckan: facet titles: %w", err)
	}
	for _, f := range fields {
		counts := map[string]int{}
		items := make([]map[string]any, 0, len(got[f]))
		for _, v := range got[f] {
			counts[v.Name] = v.Count
			display := v.Name
			switch f {
			case "organization", "groups":
				if g, ok := groups[v.Name]; ok && strings.TrimSpace(g.Title) != "" {
					display = g.Title
				}
			case "license_id":
				if l, ok := catalog.LicenseByID(v.Name); ok {
					display = l.Title
				}
			}
			items = append(items, map[string]any{"name": v.Name, "display_name": display, "count": v.Count})
		}
		// CKAN sorts the items by display_name, descending, after its plugins run; the count
		// order of Solr is not kept. Clients that show facets rely on getting that order.
		slices.SortStableFunc(items, func(x, y map[string]any) int {
			return strings.Compare(y["display_name"].(string), x["display_name"].(string))
		})
		facets[f] = counts
		searchFacets[f] = map[string]any{"title": f, "items": items}
	}
	return facets, searchFacets, nil
}

// currentPackageList is current_package_list_with_resources: a package_search with no
// query (so 10 by default, as CKAN), including private datasets only for sysadmins.
func (a *API) currentPackageList(ctx context.Context, c *call) (any, error) {
	limit, err := c.params.natural("limit", rowsDefault)
	if err != nil {
		return nil, err
	}
	if !c.params.has("limit") || limit == 0 {
		limit = rowsDefault
	}
	offset, err := c.params.natural("offset", 0)
	if err != nil {
		return nil, err
	}
	if !c.params.has("offset") && c.params.has("page") {
		page, err := c.params.integer("page", 1)
		if err != nil {
			return nil, err
		}
		if page < 1 {
			return nil, catalog.Invalid("page", "Must be a positive integer")
		}
		offset = (page - 1) * limit
	}
	req := search.Request{Rows: min(limit, rowsMax), Start: offset, Labels: c.actor.Labels(),
		IncludePrivate: c.actor.Sysadmin()}
	res, err := a.runSearch(ctx, c, req, searchOpts{})
	if err != nil {
		return nil, err
	}
	return res["results"], nil
}

// packageAutocomplete is package_autocomplete: public datasets whose name or title
// contains q.
func (a *API) packageAutocomplete(ctx context.Context, c *call) (any, error) {
	q, err := c.params.str("q")
	if err != nil {
		return nil, err
	}
	limit, err := c.params.natural("limit", 10)
	if err != nil {
		return nil, err
	}
	return a.datasetMatches(ctx, q, limit)
}

// datasetMatches is the shared body of package_autocomplete and the util endpoint.
func (a *API) datasetMatches(ctx context.Context, q string, limit int) ([]map[string]any, error) {
	out := []map[string]any{}
	if strings.TrimSpace(q) == "" || limit == 0 {
		return out, nil
	}
	refs, err := a.Store.AutocompleteDatasets(ctx, q, min(limit, rowsMax))
	if err != nil {
		return nil, fmt.Errorf("ckan: package_autocomplete: %w", err)
	}
	lq := strings.ToLower(q)
	for _, d := range refs {
		title := d.Title
		if title == "" {
			title = d.Name
		}
		m := map[string]any{"name": d.Name, "title": title}
		if strings.Contains(strings.ToLower(d.Name), lq) {
			m["match_field"], m["match_displayed"] = "name", d.Name
		} else {
			m["match_field"], m["match_displayed"] = "title", title+" ("+d.Name+")"
		}
		out = append(out, m)
	}
	return out, nil
}
