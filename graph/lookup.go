package graph

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/vikstrous/dataloadgen"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/graph/model"
)

// idOrName returns the one key a single-object query was given.
func idOrName(id, name *string) (string, error) {
	i, n := deref(id), deref(name)
	switch {
	case i != "" && n != "":
		return "", badInput("id", "give either id or name, not both")
	case i != "":
		return i, nil
	case n != "":
		return n, nil
	}
	return "", badInput("id", "give id or name")
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// notFoundAs turns a loader's "not found" into the catalog's, with detail.
func notFoundAs(err error, detail string) error {
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return catalog.NotFound(detail)
	}
	return err
}

// group returns one organization (orgs) or group by id or name.
func (r *Resolver) group(ctx context.Context, id, name *string, orgs bool) (*catalog.Group, error) {
	key, err := idOrName(id, name)
	if err != nil {
		return nil, err
	}
	g, err := r.store.Group(ctx, key, orgs)
	if err != nil {
		return nil, fmt.Errorf("graph: group %q: %w", key, err)
	}
	return g, nil
}

// listGroups pages through organizations (orgs) or groups as organization_list does.
func (r *Resolver) listGroups(ctx context.Context, orgs bool, q, sort *string, first *int, after *string) (*model.GroupConnection, error) {
	limit, offset, err := r.pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	// The catalog sorts and counts every group in memory anyway; paging the sorted list
	// here keeps cursors stable for a given q and sort.
	all, err := r.store.ListGroups(ctx, catalog.GroupListOptions{IsOrganization: orgs, Query: deref(q), Sort: deref(sort)})
	if err != nil {
		var v *catalog.ValidationError
		if errors.As(err, &v) {
			return nil, badInput("sort", "%s", strings.Join(v.Fields["message"], "; "))
		}
		return nil, fmt.Errorf("graph: list groups: %w", err)
	}
	from, to := window(len(all), limit, offset)
	c := &model.GroupConnection{TotalCount: len(all), Nodes: make([]*catalog.Group, 0, to-from), Edges: make([]*model.GroupEdge, 0, to-from)}
	for i := from; i < to; i++ {
		g := &all[i].Group
		c.Nodes = append(c.Nodes, g)
		c.Edges = append(c.Edges, &model.GroupEdge{Cursor: encodeCursor(i), Node: g})
	}
	pi := pageInfo(from, to-from, len(all))
	c.PageInfo = &pi
	return c, nil
}

// members lists the active users of an organization or group with their roles.
func (r *Resolver) members(ctx context.Context, g *catalog.Group) ([]*model.Member, error) {
	ms, users, err := r.store.Members(ctx, g.ID)
	if err != nil {
		return nil, fmt.Errorf("graph: members of %s: %w", g.Name, err)
	}
	out := make([]*model.Member, 0, len(ms))
	for _, m := range ms {
		if u, ok := users[m.UserID]; ok && u.State == catalog.StateActive {
			out = append(out, &model.Member{Group: g, User: u, Role: m.Capacity})
		}
	}
	return out, nil
}
