package ckan

import (
	"context"
	"errors"

	"github.com/google/uuid"

	"github.com/khlang/khlang/catalog"
)

// groupFromDict reads an organization or group dict (name, titles, descriptions,
// image_url, extras, state) with CKAN's messages.
func groupFromDict(in catalog.Dict, isOrg bool) (*catalog.Group, error) {
	return catalog.GroupFromDict(in, isOrg)
}

// showGroup answers a group write with organization_show / group_show's dict.
func (a *API) showGroup(ctx context.Context, c *call, g *catalog.Group) (any, error) {
	return a.groupShow(g.IsOrganization)(ctx, &call{name: c.name, params: params{"id": g.ID}, actor: c.actor, r: c.r})
}

// groupCreate is organization_create / group_create; the creator becomes its admin.
func (a *API) groupCreate(isOrg bool) func(ctx context.Context, c *call) (any, error) {
	return func(ctx context.Context, c *call) (any, error) {
		if err := c.actor.CanCreateGroup(isOrg); err != nil {
			return nil, err
		}
		in, err := plainDict(c.params)
		if err != nil {
			return nil, err
		}
		g, err := catalog.NewGroupInput(c.actor, in, isOrg)
		if err != nil {
			return nil, err
		}
		if err := a.Store.CreateGroup(ctx, g); err != nil {
			return nil, err
		}
		return a.showGroup(ctx, c, g)
	}
}

// groupUpdate is organization_update / group_update (patch: *_patch), for the group's
// admins.
func (a *API) groupUpdate(isOrg, patch bool) func(ctx context.Context, c *call) (any, error) {
	return func(ctx context.Context, c *call) (any, error) {
		vals, err := c.params.requiredStr("id")
		if err != nil {
			return nil, err
		}
		cur, err := a.Store.Group(ctx, vals[0], isOrg)
		if err != nil {
			return nil, err
		}
		if err := c.actor.CanUpdateGroup(cur); err != nil {
			return nil, err
		}
		var in catalog.Dict
		if patch {
			base := catalog.Dict{"name": cur.Name, "title": cur.Title, "title_en": cur.TitleEN, "description": cur.Description,
				"description_en": cur.DescriptionEN, "image_url": cur.ImageURL, "extras": groupExtras(cur)}
			if base, err = plainDict(base); err != nil {
				return nil, err
			}
			in, err = patched(base, c.params)
		} else {
			in, err = plainDict(c.params)
		}
		if err != nil {
			return nil, err
		}
		g, err := catalog.GroupUpdateInput(c.actor, cur, in)
		if err != nil {
			return nil, err
		}
		if err := a.Store.UpdateGroup(ctx, g); err != nil {
			return nil, err
		}
		if g.State != catalog.StateActive {
			return g.GroupDict(0), nil
		}
		return a.showGroup(ctx, c, g)
	}
}

// groupDelete is organization_delete / group_delete (admins) and, with purge,
// organization_purge / group_purge (sysadmins).
func (a *API) groupDelete(isOrg, purge bool) func(ctx context.Context, c *call) (any, error) {
	return func(ctx context.Context, c *call) (any, error) {
		vals, err := c.params.requiredStr("id")
		if err != nil {
			return nil, err
		}
		if purge {
			// A purge may remove a deleted group, which Group does not return; only a
			// sysadmin may purge, so the check needs no more than the kind.
			if err := c.actor.CanPurgeGroup(&catalog.Group{ID: vals[0], IsOrganization: isOrg}); err != nil {
				return nil, err
			}
			return nil, a.Store.PurgeGroup(ctx, vals[0], isOrg)
		}
		g, err := a.Store.Group(ctx, vals[0], isOrg)
		if err != nil {
			return nil, err
		}
		if err := c.actor.CanDeleteGroup(g); err != nil {
			return nil, err
		}
		return nil, a.Store.DeleteGroup(ctx, g.ID, isOrg)
	}
}

// anyGroup finds an active group or organization by id or name.
func (a *API) anyGroup(ctx context.Context, id string) (*catalog.Group, error) {
	g, err := a.Store.Group(ctx, id, false)
	if errors.Is(err, catalog.ErrNotFound) {
		g, err = a.Store.Group(ctx, id, true)
		if errors.Is(err, catalog.ErrNotFound) {
			return nil, catalog.NotFound("Group was not found.")
		}
	}
	return g, err
}

// memberDict is CKAN's member dict.
func memberDict(id, table, tableID, capacity, groupID string) catalog.Dict {
	return catalog.Dict{"id": id, "table_name": table, "table_id": tableID, "capacity": capacity,
		"group_id": groupID, "state": catalog.StateActive}
}

// setUserRole gives the user the capacity in g (or removes them, capacity "") after the
// policy allowed it, and answers with the member dict.
func (a *API) setUserRole(ctx context.Context, c *call, g *catalog.Group, userRef, capacity string, remove bool) (any, error) {
	u, m, err := a.Store.SetUserRole(ctx, c.actor, g, userRef, capacity, remove)
	if err != nil || remove {
		return nil, err
	}
	return memberDict(m.ID, "user", u.ID, m.Capacity, g.ID), nil
}

// memberCreate is member_create: a user joins (or changes role in) an organization or
// group, or a dataset joins a group.
func (a *API) memberCreate(ctx context.Context, c *call) (any, error) {
	vals, err := c.params.requiredStr("id", "object", "object_type", "capacity")
	if err != nil {
		return nil, err
	}
	return a.memberChange(ctx, c, vals[0], vals[1], vals[2], vals[3], false)
}

// memberDelete is member_delete.
func (a *API) memberDelete(ctx context.Context, c *call) (any, error) {
	vals, err := c.params.requiredStr("id", "object", "object_type")
	if err != nil {
		return nil, err
	}
	return a.memberChange(ctx, c, vals[0], vals[1], vals[2], "", true)
}

func (a *API) memberChange(ctx context.Context, c *call, groupRef, object, objectType, capacity string, remove bool) (any, error) {
	g, err := a.anyGroup(ctx, groupRef)
	if err != nil {
		return nil, err
	}
	switch objectType {
	case "user":
		return a.setUserRole(ctx, c, g, object, capacity, remove)
	case "package":
		if g.IsOrganization {
			return nil, catalog.Invalid("object_type", "Datasets belong to an organization through owner_org; use package_owner_org_update")
		}
		d, err := a.Store.Dataset(ctx, object)
		if err != nil {
			return nil, err
		}
		if err := c.actor.CanAddDatasetToGroup(g, d); err != nil {
			return nil, err
		}
		if err := a.Store.SetDatasetGroup(ctx, d.ID, g.ID, !remove); err != nil {
			return nil, err
		}
		if remove {
			return nil, nil
		}
		return memberDict(uuid.NewString(), "package", d.ID, "public", g.ID), nil
	}
	return nil, catalog.Invalid("object_type", "Must be user or package")
}

// groupMemberCreate is organization_member_create / group_member_create: {id, username, role}.
func (a *API) groupMemberCreate(isOrg bool) func(ctx context.Context, c *call) (any, error) {
	return func(ctx context.Context, c *call) (any, error) {
		vals, err := c.params.requiredStr("id", "username", "role")
		if err != nil {
			return nil, err
		}
		g, err := a.Store.Group(ctx, vals[0], isOrg)
		if err != nil {
			return nil, err
		}
		return a.setUserRole(ctx, c, g, vals[1], vals[2], false)
	}
}

// groupMemberDelete is organization_member_delete / group_member_delete: {id, username
// or user_id}.
func (a *API) groupMemberDelete(isOrg bool) func(ctx context.Context, c *call) (any, error) {
	return func(ctx context.Context, c *call) (any, error) {
		user, err := c.params.str("username")
		if err != nil {
			return nil, err
		}
		if user == "" {
			if user, err = c.params.str("user_id"); err != nil {
				return nil, err
			}
		}
		vals, err := c.params.requiredStr("id")
		if err == nil && user == "" {
			err = catalog.Invalid("username", "Missing value")
		}
		if err != nil {
			return nil, err
		}
		g, err := a.Store.Group(ctx, vals[0], isOrg)
		if err != nil {
			return nil, err
		}
		return a.setUserRole(ctx, c, g, user, "", true)
	}
}

// groupListForUser is organization_list_for_user (and, for groups, group_list_authz):
// the organizations in which the user (default: the caller) holds the permission
// (default manage_group), each with the user's capacity.
func (a *API) groupListForUser(isOrg bool) func(ctx context.Context, c *call) (any, error) {
	return func(ctx context.Context, c *call) (any, error) {
		ref, err := c.params.str("id")
		if err != nil {
			return nil, err
		}
		perm, err := c.params.str("permission")
		if err != nil {
			return nil, err
		}
		if perm == "" {
			perm = catalog.PermManageGroup
		}
		actor := c.actor
		if ref != "" {
			u, err := a.Store.User(ctx, ref)
			if err != nil {
				return nil, err
			}
			if actor, err = a.Store.Actor(ctx, u); err != nil {
				return nil, err
			}
		}
		out := []catalog.Dict{}
		if !actor.LoggedIn() {
			return out, nil
		}
		var ms []catalog.Membership
		if actor.Sysadmin() {
			gs, err := a.Store.AllGroups(ctx, isOrg)
			if err != nil {
				return nil, err
			}
			for _, g := range gs {
				ms = append(ms, catalog.Membership{Group: g, Capacity: catalog.CapacityAdmin})
			}
		} else if ms, err = a.Store.MembershipsOf(ctx, actor.User.ID, isOrg); err != nil {
			return nil, err
		}
		var names []string
		capacity := map[string]string{}
		for _, m := range ms {
			if actor.HasPermission(m.Group.ID, perm) {
				names = append(names, m.Group.Name)
				capacity[m.Group.ID] = m.Capacity
			}
		}
		if len(names) == 0 {
			return out, nil
		}
		// One query for the groups with their dataset counts, however many there are.
		gs, err := a.Store.ListGroups(ctx, catalog.GroupListOptions{IsOrganization: isOrg, Names: names, Sort: "name"})
		if err != nil {
			return nil, err
		}
		for _, g := range gs {
			d := g.Group.GroupDict(g.PackageCount)
			d["capacity"] = capacity[g.ID]
			out = append(out, d)
		}
		return out, nil
	}
}

// memberList is member_list: [id, type, capacity] triples of the users and of the
// datasets the caller may read, of an organization or group.
func (a *API) memberList(ctx context.Context, c *call) (any, error) {
	vals, err := c.params.requiredStr("id")
	if err != nil {
		return nil, err
	}
	objectType, err := c.params.str("object_type")
	if err != nil {
		return nil, err
	}
	capacity, err := c.params.str("capacity")
	if err != nil {
		return nil, err
	}
	g, err := a.anyGroup(ctx, vals[0])
	if err != nil {
		return nil, err
	}
	out := [][]string{}
	if objectType == "" || objectType == "user" {
		members, users, err := a.Store.Members(ctx, g.ID)
		if err != nil {
			return nil, err
		}
		for _, m := range members {
			if u, ok := users[m.UserID]; ok && u.State == catalog.StateActive && (capacity == "" || capacity == m.Capacity) {
				out = append(out, []string{m.UserID, "user", m.Capacity})
			}
		}
	}
	if objectType == "" || objectType == "package" {
		cap := "public"
		if g.IsOrganization {
			cap = "organization"
		}
		if capacity == "" || capacity == cap {
			ids, err := a.Store.DatasetIDsOfGroup(ctx, g.ID)
			if err != nil {
				return nil, err
			}
			ds, err := a.Store.DatasetsByID(ctx, ids)
			if err != nil {
				return nil, err
			}
			for _, d := range ds {
				if d.State == catalog.StateActive && c.actor.CanRead(d) {
					out = append(out, []string{d.ID, "package", cap})
				}
			}
		}
	}
	return out, nil
}
