package ckan

import (
	"context"
	"fmt"
	"strings"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/search"
)

// CKAN's list limits: ckan.group_and_organization_list_max and ..._all_fields_max.
const (
	groupListMax          = 1000
	groupListAllFieldsMax = 25
)

func groupKind(isOrg bool) (typ, listKey string) {
	if isOrg {
		return "organization", "organizations"
	}
	return "group", "groups"
}

// groupList is organization_list / group_list.
func (a *API) groupList(isOrg bool) func(ctx context.Context, c *call) (any, error) {
	return func(ctx context.Context, c *call) (any, error) {
		p := c.params
		allFields, err := p.strictFlag("all_fields", false)
		if err != nil {
			return nil, err
		}
		maxLimit := groupListMax
		if allFields {
			maxLimit = groupListAllFieldsMax
		}
		limit, err := p.natural("limit", maxLimit)
		if err != nil {
			return nil, err
		}
		if !p.has("limit") || limit > maxLimit {
			limit = maxLimit
		}
		offset, err := p.natural("offset", 0)
		if err != nil {
			return nil, err
		}
		sortBy, err := p.str("sort")
		if err != nil {
			return nil, err
		}
		q, err := p.str("q")
		if err != nil {
			return nil, err
		}
		typ, listKey := groupKind(isOrg)
		names, err := p.list(listKey, false, true)
		if err != nil {
			return nil, err
		}
		if t, err := p.str("type"); err != nil {
			return nil, err
		} else if t != "" && t != typ {
			return []any{}, nil // we hold no groups of other types
		}
		includeCount, err := p.strictFlag("include_dataset_count", true)
		if err != nil {
			return nil, err
		}
		includeExtras, err := p.strictFlag("include_extras", false)
		if err != nil {
			return nil, err
		}
		includeUsers, err := p.strictFlag("include_users", false)
		if err != nil {
			return nil, err
		}
		includeTags, err := p.strictFlag("include_tags", false)
		if err != nil {
			return nil, err
		}
		includeGroups, err := p.strictFlag("include_groups", false)
		if err != nil {
			return nil, err
		}
		if limit == 0 {
			return []any{}, nil
		}
		groups, err := a.Store.ListGroups(ctx, catalog.GroupListOptions{IsOrganization: isOrg, Query: q, Names: names,
			Sort: sortBy, Limit: limit, Offset: offset})
		if err != nil {
			return nil, err
		}
		if !allFields {
			out := make([]string, len(groups))
			for i, g := range groups {
				out[i] = g.Name
			}
			return out, nil
		}
		out := make([]catalog.Dict, 0, len(groups))
		for i := range groups {
			g := &groups[i].Group
			d := g.GroupDict(groups[i].PackageCount)
			if !includeCount {
				delete(d, "package_count")
			}
			if includeExtras {
				d["extras"] = groupExtras(g)
			}
			if includeTags {
				d["tags"] = []any{}
			}
			if includeGroups {
				d["groups"] = []any{}
			}
			if includeUsers {
				// At most groupListAllFieldsMax groups, so one query each is bounded.
				users, err := a.groupUsers(ctx, c.actor, g.ID)
				if err != nil {
					return nil, err
				}
				d["users"] = users
			}
			out = append(out, d)
		}
		return out, nil
	}
}

func groupExtras(g *catalog.Group) []catalog.Dict {
	out := make([]catalog.Dict, 0, len(g.Extras))
	for _, e := range g.Extras {
		out = append(out, catalog.Dict{"key": e.Key, "value": e.Value, "state": catalog.StateActive})
	}
	return out
}

// groupUsers renders the members of a group as CKAN's user dicts with their capacity.
func (a *API) groupUsers(ctx context.Context, actor *catalog.Actor, groupID string) ([]catalog.Dict, error) {
	members, users, err := a.Store.Members(ctx, groupID)
	if err != nil {
		return nil, fmt.Errorf("ckan: group members: %w", err)
	}
	ids := make([]string, 0, len(members))
	for _, m := range members {
		ids = append(ids, m.UserID)
	}
	created, err := a.Store.CreatedPackageCounts(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("ckan: group members: %w", err)
	}
	out := make([]catalog.Dict, 0, len(members))
	for _, m := range members {
		u, ok := users[m.UserID]
		if !ok || u.State != catalog.StateActive {
			continue
		}
		d := userDict(actor, u, created[u.ID])
		d["capacity"] = m.Capacity
		out = append(out, d)
	}
	return out, nil
}

// groupShow is organization_show / group_show.
func (a *API) groupShow(isOrg bool) func(ctx context.Context, c *call) (any, error) {
	return func(ctx context.Context, c *call) (any, error) {
		p := c.params
		id, err := p.str("id")
		if err != nil {
			return nil, err
		}
		if id == "" {
			return nil, catalog.Invalid("id", "Missing value")
		}
		flags := map[string]bool{"include_datasets": false, "include_dataset_count": true, "include_extras": true,
			"include_users": true, "include_groups": true, "include_tags": true, "include_followers": true,
			"include_member_count": false}
		for k, def := range flags {
			if flags[k], err = p.strictFlag(k, def); err != nil {
				return nil, err
			}
		}
		g, err := a.Store.Group(ctx, id, isOrg)
		if err != nil {
			return nil, err
		}
		d := g.GroupDict(0)
		if flags["include_datasets"] || flags["include_dataset_count"] {
			// CKAN counts and lists a group's datasets through package_search, so the caller
			// sees exactly the datasets search would show them (private ones only to
			// members), and include_datasets gives only the first page of 10 (ckan#5775).
			fq := `groups:"` + g.Name + `"`
			if isOrg {
				fq = `organization:"` + g.Name + `"`
			}
			req := search.Request{FQ: []string{fq}, Labels: c.actor.Labels(),
				IncludePrivate: isOrg && c.actor.HasPermission(g.ID, catalog.PermRead)}
			if flags["include_datasets"] {
				req.Rows = rowsDefault
			}
			res, err := a.runSearch(ctx, c, req, searchOpts{})
			if err != nil {
				return nil, err
			}
			d["package_count"] = res["count"]
			if flags["include_datasets"] {
				d["packages"] = res["results"]
			}
		} else {
			delete(d, "package_count")
		}
		if flags["include_extras"] {
			d["extras"] = groupExtras(g)
		}
		if flags["include_tags"] {
			d["tags"] = []any{}
		}
		if flags["include_groups"] {
			d["groups"] = []any{}
		}
		if flags["include_users"] || flags["include_member_count"] {
			users, err := a.groupUsers(ctx, c.actor, g.ID)
			if err != nil {
				return nil, err
			}
			if flags["include_users"] {
				d["users"] = users
			}
			if flags["include_member_count"] {
				d["member_count"] = len(users)
			}
		}
		return d, nil
	}
}

// groupAutocomplete is organization_autocomplete / group_autocomplete.
func (a *API) groupAutocomplete(isOrg bool) func(ctx context.Context, c *call) (any, error) {
	return func(ctx context.Context, c *call) (any, error) {
		q, err := c.params.str("q")
		if err != nil {
			return nil, err
		}
		limit, err := c.params.natural("limit", 20)
		if err != nil {
			return nil, err
		}
		return a.groupMatches(ctx, isOrg, q, limit)
	}
}

func (a *API) groupMatches(ctx context.Context, isOrg bool, q string, limit int) ([]catalog.Dict, error) {
	out := []catalog.Dict{}
	if strings.TrimSpace(q) == "" || limit == 0 {
		return out, nil
	}
	groups, err := a.Store.ListGroups(ctx, catalog.GroupListOptions{IsOrganization: isOrg, Query: q, Limit: min(limit, groupListMax)})
	if err != nil {
		return nil, fmt.Errorf("ckan: group autocomplete: %w", err)
	}
	for _, g := range groups {
		out = append(out, catalog.Dict{"id": g.ID, "name": g.Name, "title": g.Title})
	}
	return out, nil
}
