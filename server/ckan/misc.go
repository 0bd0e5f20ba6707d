package ckan

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/export"
)

// statusShow is status_show.
func (a *API) statusShow(ctx context.Context, c *call) (any, error) {
	ext := a.Extensions
	if ext == nil {
		ext = []string{"datastore", "khlang"}
	}
	return map[string]any{"site_title": a.SiteTitle, "site_description": a.SiteDescription,
		"site_url": a.siteURL(), "error_emails_to": nil, "locale_default": "th", "extensions": ext,
		"ckan_version": CKANVersion, "khlang_version": a.Version}, nil
}

// pyBool is how CKAN's license_list renders booleans: it copies every attribute through
// str(), so clients receive "True" and "False".
func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

// licenseList is license_list.
func (a *API) licenseList(ctx context.Context, c *call) (any, error) {
	out := make([]map[string]string, 0, len(catalog.Licenses))
	for _, l := range catalog.Licenses {
		out = append(out, map[string]string{"domain_content": pyBool(l.DomainContent), "domain_data": pyBool(l.DomainData),
			"domain_software": pyBool(l.DomainSoftware), "family": l.Family, "id": l.ID, "is_generic": pyBool(l.IsGeneric),
			"maintainer": l.Maintainer, "od_conformance": l.ODConformance, "osd_conformance": l.OSDConformance,
			"status": l.Status, "title": l.Title, "url": l.URL})
	}
	return out, nil
}

// tagList is tag_list: free tags of public datasets.
func (a *API) tagList(ctx context.Context, c *call) (any, error) {
	q, err := c.params.str("query")
	if err != nil {
		return nil, err
	}
	if q == "" {
		if q, err = c.params.str("q"); err != nil {
			return nil, err
		}
	}
	allFields, err := c.params.strictFlag("all_fields", false)
	if err != nil {
		return nil, err
	}
	if vocab, err := c.params.str("vocabulary_id"); err != nil {
		return nil, err
	} else if vocab != "" {
		// Only free tags are kept; CKAN answers an unknown vocabulary this way.
		return nil, catalog.NotFound(fmt.Sprintf("Could not find vocabulary %q", vocab))
	}
	tags, err := a.Store.Tags(ctx, q, 0, 0)
	if err != nil {
		return nil, fmt.Errorf("ckan: tag_list: %w", err)
	}
	if !allFields {
		out := make([]string, len(tags))
		for i, t := range tags {
			out[i] = t.Name
		}
		return out, nil
	}
	out := make([]catalog.Dict, len(tags))
	for i, t := range tags {
		out[i] = tagDict(t)
	}
	return out, nil
}

// tagDict is the tag dict of tag_list and tag_show, which (unlike the one inside a
// package dict) has no state.
func tagDict(t catalog.Tag) catalog.Dict {
	d := t.Dict()
	delete(d, "state")
	return d
}

// tagShow is tag_show. A tag that no public dataset carries is reported as not found:
// its name alone could reveal a private dataset.
func (a *API) tagShow(ctx context.Context, c *call) (any, error) {
	id, err := c.params.str("id")
	if err != nil {
		return nil, err
	}
	if id == "" {
		return nil, catalog.Invalid("id", "Missing value")
	}
	include, err := c.params.strictFlag("include_datasets", false)
	if err != nil {
		return nil, err
	}
	t, err := a.Store.Tag(ctx, id)
	if err != nil {
		return nil, err
	}
	limit := 1
	if include {
		limit = rowsMax
	}
	ids, err := a.Store.TagDatasetIDs(ctx, t.ID, limit)
	if err != nil {
		return nil, fmt.Errorf("ckan: tag_show: %w", err)
	}
	if len(ids) == 0 && !c.actor.Sysadmin() {
		return nil, catalog.NotFound(fmt.Sprintf("Could not find tag %q", id))
	}
	d := tagDict(*t)
	if include {
		datasets, err := a.Store.DatasetsByID(ctx, ids)
		if err != nil {
			return nil, fmt.Errorf("ckan: tag_show: %w", err)
		}
		pkgs := make([]catalog.Dict, 0, len(datasets))
		for _, ds := range datasets {
			if c.actor.CanRead(ds) {
				pkgs = append(pkgs, ds.PackageDict(a.siteURL()))
			}
		}
		d["packages"] = pkgs
	}
	return d, nil
}

// tagAutocomplete is tag_autocomplete: names of public tags containing q.
func (a *API) tagAutocomplete(ctx context.Context, c *call) (any, error) {
	q, err := c.params.str("q")
	if err != nil {
		return nil, err
	}
	limit, err := c.params.natural("limit", 10)
	if err != nil {
		return nil, err
	}
	return a.tagMatches(ctx, q, limit)
}

func (a *API) tagMatches(ctx context.Context, q string, limit int) ([]string, error) {
	out := []string{}
	if strings.TrimSpace(q) == "" || limit == 0 {
		return out, nil
	}
	tags, err := a.Store.Tags(ctx, q, limit, 0)
	if err != nil {
		return nil, fmt.Errorf("ckan: tag autocomplete: %w", err)
	}
	for _, t := range tags {
		out = append(out, t.Name)
	}
	return out, nil
}

// resourceShow is resource_show: the resource dict as package_show gives it, for callers
// who may read the dataset.
func (a *API) resourceShow(ctx context.Context, c *call) (any, error) {
	id, err := c.params.str("id")
	if err != nil {
		return nil, err
	}
	if id == "" {
		return nil, catalog.Invalid("id", "Missing value")
	}
	r, err := a.Store.Resource(ctx, id)
	if errors.Is(err, catalog.ErrNotFound) {
		if datasetID, _, ok := export.ParseDerivedID(id); ok {
			// An indicator's export, listed by package_show but not stored.
			d, derr := a.readableDataset(ctx, c, datasetID, "resource", id)
			switch {
			case derr == nil:
				if res, ok := export.DerivedResource(a.siteURL(), d, id); ok {
					return res, nil
				}
			case !errors.Is(derr, catalog.ErrNotFound):
				return nil, derr // a private dataset's export: 403 as for its stored resources
			}
		}
	}
	if err != nil {
		return nil, err
	}
	d, err := a.readableDataset(ctx, c, r.PackageID, "resource", r.ID)
	if err != nil {
		return nil, err
	}
	for i := range d.Resources {
		if d.Resources[i].ID == r.ID {
			return d.Resources[i].Dict(a.siteURL()), nil
		}
	}
	return r.Dict(a.siteURL()), nil
}

// resourceSearch is resource_search.
func (a *API) resourceSearch(ctx context.Context, c *call) (any, error) {
	terms, err := c.params.list("query", false, false)
	if err != nil {
		return nil, err
	}
	rq := catalog.ResourceQuery{Terms: map[string][]string{}}
	for _, t := range terms {
		field, value, ok := strings.Cut(t, ":")
		if !ok {
			return nil, catalog.Invalid("query", "Must be <field>:<value> pair(s)")
		}
		rq.Terms[field] = append(rq.Terms[field], value)
	}
	if rq.OrderBy, err = c.params.str("order_by"); err != nil {
		return nil, err
	}
	if rq.Offset, err = c.params.natural("offset", 0); err != nil {
		return nil, err
	}
	if rq.Limit, err = c.params.natural("limit", 0); err != nil {
		return nil, err
	}
	rs, n, err := a.Store.SearchResources(ctx, rq)
	if err != nil {
		return nil, err
	}
	results := make([]catalog.Dict, len(rs))
	for i := range rs {
		results[i] = rs[i].Dict(a.siteURL())
	}
	return map[string]any{"count": n, "results": results}, nil
}

// formatAutocomplete is format_autocomplete: lower-cased formats containing q, most used
// first.
func (a *API) formatAutocomplete(ctx context.Context, c *call) (any, error) {
	q, err := c.params.str("q")
	if err != nil {
		return nil, err
	}
	limit, err := c.params.natural("limit", 5)
	if err != nil {
		return nil, err
	}
	return a.formatMatches(ctx, q, limit)
}

func (a *API) formatMatches(ctx context.Context, q string, limit int) ([]string, error) {
	if strings.TrimSpace(q) == "" || limit == 0 {
		return []string{}, nil
	}
	f, err := a.Store.Formats(ctx, q, min(limit, rowsMax))
	if err != nil {
		return nil, fmt.Errorf("ckan: format_autocomplete: %w", err)
	}
	return f, nil
}

// helpShow is help_show: the action's documentation.
func (a *API) helpShow(ctx context.Context, c *call) (any, error) {
	name, err := c.params.str("name")
	if err != nil {
		return nil, err
	}
	if name == "" {
		return nil, catalog.Invalid("name", "Missing value")
	}
	if act, ok := a.action(name); ok {
		return act.doc, nil
	}
	if knownWriteActions[name] {
		return notImplemented(name).doc, nil
	}
	return nil, catalog.NotFound("Action function not found")
}
