package graph

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/graph/model"
)

// memberships lists the caller's active organizations (orgs) or groups by name, with
// the caller's role in each.
func (r *Resolver) memberships(ctx context.Context, v *model.Viewer, orgs bool) ([]*catalog.Group, []string, error) {
	ids := make([]string, 0, len(v.Actor.OrgIDs))
	for id := range v.Actor.OrgIDs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	loaded, err := r.loadersFrom(ctx).groups.LoadAll(ctx, ids)
	if err != nil && !onlyNotFound(err) {
		return nil, nil, fmt.Errorf("graph: viewer memberships: %w", err)
	}
	var gs []*catalog.Group
	for _, g := range loaded {
		if g != nil && g.IsOrganization == orgs && g.State == catalog.StateActive {
			gs = append(gs, g)
		}
	}
	slices.SortFunc(gs, func(a, b *catalog.Group) int { return strings.Compare(a.Name, b.Name) })
	roles := make([]string, len(gs))
	for i, g := range gs {
		// One statement per membership: a caller belongs to few organizations, and
		// the catalog has no batch read of one user's memberships yet.
		ms, _, err := r.store.Members(ctx, g.ID)
		if err != nil {
			return nil, nil, fmt.Errorf("graph: members of %s: %w", g.Name, err)
		}
		for _, m := range ms {
			if m.UserID == v.User.ID {
				roles[i] = m.Capacity
			}
		}
	}
	return gs, roles, nil
}
