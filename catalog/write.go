package catalog

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"strings"

	"github.com/google/uuid"
)

// The write core shared by every interface (the CKAN API and GraphQL): permission first,
// then the whole input read and validated with CKAN's field messages, so each interface
// only translates its own input into a Dict and the errors into its own shape.

// MergeInvalid joins the validation errors among errs into one, so the caller gets every
// field's messages at once, as CKAN reports them. Any other error wins and is returned
// as it is; nil when there is nothing to report.
func MergeInvalid(errs ...error) error {
	out := &ValidationError{}
	for _, err := range errs {
		if err == nil {
			continue
		}
		var ve *ValidationError
		if !errors.As(err, &ve) {
			return err
		}
		for k, msgs := range ve.Fields {
			for _, m := range msgs {
				out.Add(k, m)
			}
		}
		for k, list := range ve.Nested {
			if out.Nested == nil {
				out.Nested = map[string][]map[string][]string{}
			}
			out.Nested[k] = list
		}
	}
	return out.orNil()
}

// NotExpected is CKAN's answer to a field the caller may not set (empty_if_not_sysadmin).
func NotExpected(field string) error {
	return Invalid(field, fmt.Sprintf("The input field %s was not expected.", field))
}

// Patched is base with the top-level keys of in replaced, as CKAN's *_patch actions
// merge: lists are replaced wholesale.
func Patched(base, in Dict) Dict {
	out := maps.Clone(base)
	if out == nil {
		out = Dict{}
	}
	maps.Copy(out, in)
	return out
}

// DatasetInput checks that actor may write the dataset described by in (cur is the
// stored dataset for an update, nil for a create) and reads it, reporting every invalid
// field at once. Permission comes first, as in CKAN: a caller who may not write learns
// nothing from validation messages. in holds decoded JSON (a package dict).
func (s *Store) DatasetInput(ctx context.Context, actor *Actor, cur *Dataset, in Dict) (*Dataset, error) {
	if cur == nil {
		if err := actor.CanCreateDataset(""); err != nil {
			return nil, err
		}
	} else if err := actor.CanUpdateDataset(cur); err != nil {
		return nil, err
	}
	// The organization decides who may write, so it is resolved and checked before the
	// rest of the input is looked at.
	var org *Group
	orgRef, _ := in["owner_org"].(string)
	if orgRef == "" {
		if o, ok := in["organization"].(map[string]any); ok && in["owner_org"] == nil {
			orgRef, _ = o["name"].(string)
		}
	}
	var orgErr error
	if orgRef == "" {
		orgErr = Invalid("owner_org", "An organization must be provided")
	} else {
		g, err := s.Group(ctx, orgRef, true)
		switch {
		case errors.Is(err, ErrNotFound):
			orgErr = Invalid("owner_org", "Organization does not exist")
		case err != nil:
			return nil, err
		default:
			org = g
			if cur == nil || cur.OwnerOrg == nil || *cur.OwnerOrg != g.ID {
				if err := actor.CanCreateDataset(g.ID); err != nil {
					return nil, err
				}
			}
		}
	}
	d, readErr := DatasetFromDict(in)
	var validErr, idErr error
	if d != nil {
		if cur == nil && d.ID != "" && !actor.CanSetDatasetID() {
			idErr = NotExpected("id")
		}
		if d.State == StateDeleted && cur == nil {
			d.State = StateActive // a dataset is not born deleted
		}
		validErr = d.Validate()
	}
	if err := MergeInvalid(readErr, validErr, orgErr, idErr); err != nil {
		return nil, err
	}
	d.OwnerOrg = &org.ID
	if cur == nil {
		d.CreatorUserID = actor.UserID()
		return d, nil
	}
	d.ID = cur.ID
	d.CreatorUserID = cur.CreatorUserID
	// Keys CKAN keeps when an update leaves them out: the state and the visibility. (A
	// private dataset must never turn public because a client omitted "private".)
	if _, ok := in["state"]; !ok {
		d.State = cur.State
	}
	if _, ok := in["private"]; !ok {
		d.Private = cur.Private
	}
	if d.State == StateDeleted && cur.State != StateDeleted {
		if err := actor.CanDeleteDataset(cur); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// NewResourceID checks a resource id given by a client (a free UUID) or makes one.
func (s *Store) NewResourceID(ctx context.Context, id string) (string, error) {
	if id == "" {
		return uuid.NewString(), nil
	}
	if err := uuid.Validate(id); err != nil {
		return "", Invalid("id", "Invalid id: must be a UUID")
	}
	if _, err := s.Resource(ctx, id); err == nil {
		return "", Invalid("id", "Resource id already exists")
	} else if !errors.Is(err, ErrNotFound) {
		return "", err
	}
	return id, nil
}

// GroupFromDict reads an organization or group dict (name, titles, descriptions,
// image_url, extras, state) with CKAN's messages.
func GroupFromDict(in Dict, isOrg bool) (*Group, error) {
	v := &ValidationError{}
	g := &Group{IsOrganization: isOrg}
	for key, dst := range map[string]*string{"id": &g.ID, "name": &g.Name, "title": &g.Title, "title_en": &g.TitleEN,
		"description": &g.Description, "description_en": &g.DescriptionEN, "image_url": &g.ImageURL, "state": &g.State} {
		switch x := in[key].(type) {
		case nil:
		case string:
			*dst = x
		default:
			v.Add(key, "Must be a string")
		}
	}
	if g.ImageURL != "" {
		// Images are given by URL; only web URLs (or a path on this site) are accepted, so
		// a page cannot be made to load a javascript: or data: URL.
		u, err := url.Parse(g.ImageURL)
		if err != nil || !(u.Scheme == "http" || u.Scheme == "https" || (u.Scheme == "" && strings.HasPrefix(g.ImageURL, "/") && !strings.HasPrefix(g.ImageURL, "//"))) {
			v.Add("image_url", "Please provide a valid URL")
		}
	}
	switch g.State {
	case "", StateActive, StateDeleted:
	default:
		v.Add("state", "Invalid state")
	}
	switch extras := in["extras"].(type) {
	case nil:
	case []any:
		seen := map[string]bool{}
		for _, e := range extras {
			m, ok := e.(map[string]any)
			key, _ := m["key"].(string)
			if !ok || key == "" {
				v.Add("extras", "Missing value")
				continue
			}
			if seen[key] {
				v.Add("extras_validation", fmt.Sprintf("Duplicate key %q", key))
			}
			seen[key] = true
			val, ok := m["value"].(string)
			if !ok && m["value"] != nil {
				val = fmt.Sprint(m["value"])
			}
			g.Extras = append(g.Extras, Extra{Key: key, Value: val})
		}
	default:
		v.Add("extras", "Must be a list of key/value objects")
	}
	if g.Name == "" {
		v.Add("name", "Missing value")
	}
	for _, m := range ValidateName(g.Name) {
		if g.Name != "" {
			v.Add("name", m)
		}
	}
	if !v.Empty() {
		return nil, v
	}
	return g, nil
}

// GroupPatchBase is the dict a group patch starts from: the stored group's own keys.
func GroupPatchBase(g *Group) Dict {
	extras := make([]any, 0, len(g.Extras))
	for _, e := range g.Extras {
		extras = append(extras, map[string]any{"key": e.Key, "value": e.Value})
	}
	return Dict{"name": g.Name, "title": g.Title, "title_en": g.TitleEN, "description": g.Description,
		"description_en": g.DescriptionEN, "image_url": g.ImageURL, "extras": extras}
}

// NewGroupInput checks that actor may create an organization (isOrg) or group and reads
// in, whose id only a sysadmin may choose.
func NewGroupInput(actor *Actor, in Dict, isOrg bool) (*Group, error) {
	if err := actor.CanCreateGroup(isOrg); err != nil {
		return nil, err
	}
	g, err := GroupFromDict(in, isOrg)
	var idErr error
	if id, _ := in["id"].(string); id != "" && !actor.CanSetDatasetID() {
		idErr = NotExpected("id")
	} else if id != "" && uuid.Validate(id) != nil {
		idErr = Invalid("id", "Invalid id: must be a UUID")
	}
	if err := MergeInvalid(err, idErr); err != nil {
		return nil, err
	}
	g.State = StateActive
	return g, nil
}

// GroupUpdateInput checks that actor may update cur and reads its replacement from in
// (a missing name keeps cur's); deleting through an update needs the delete permission.
func GroupUpdateInput(actor *Actor, cur *Group, in Dict) (*Group, error) {
	if err := actor.CanUpdateGroup(cur); err != nil {
		return nil, err
	}
	in = maps.Clone(in)
	if in == nil {
		in = Dict{}
	}
	if _, ok := in["name"]; !ok {
		in["name"] = cur.Name // the id names it; CKAN's form always sends the name
	}
	in["id"] = cur.ID
	g, err := GroupFromDict(in, cur.IsOrganization)
	if err != nil {
		return nil, err
	}
	if g.State == StateDeleted {
		if err := actor.CanDeleteGroup(cur); err != nil {
			return nil, err
		}
	}
	return g, nil
}

// SetUserRole gives the user capacity in g, or removes them (remove), after the policy
// allowed actor to, and returns the user with the membership as stored (nil when
// removed).
func (s *Store) SetUserRole(ctx context.Context, actor *Actor, g *Group, userRef, capacity string, remove bool) (*User, *Member, error) {
	u, err := s.User(ctx, userRef)
	if err != nil {
		return nil, nil, err
	}
	if !remove && !ValidCapacity(capacity) {
		if err := actor.CanManageMembers(g); err != nil {
			return nil, nil, err
		}
		return nil, nil, Invalid("capacity", "Role does not exist")
	}
	if err := actor.CanSetRole(g, u.ID, capacity); err != nil {
		return nil, nil, err
	}
	if remove {
		return u, nil, s.RemoveMember(ctx, g.ID, u.ID)
	}
	if err := s.AddMember(ctx, g.ID, u.ID, capacity); err != nil {
		return nil, nil, err
	}
	members, _, err := s.Members(ctx, g.ID)
	if err != nil {
		return nil, nil, err
	}
	for i := range members {
		if members[i].UserID == u.ID {
			return u, &members[i], nil
		}
	}
	return u, &Member{GroupID: g.ID, UserID: u.ID, Capacity: capacity}, nil
}

// UsersByID loads active users by id in one statement (the GraphQL users loader); ids
// that name no active user are left out.
func (s *Store) UsersByID(ctx context.Context, ids []string) (map[string]*User, error) {
	var rows []*User
	if err := s.db.WithContext(ctx).Where("id IN ? AND state = ?", ids, StateActive).Find(&rows).Error; err != nil {
		return nil, s.wrap(err)
	}
	out := make(map[string]*User, len(rows))
	for _, u := range rows {
		out[u.ID] = u
	}
	return out, nil
}
