package ckan

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/khlang/khlang/catalog"
)

// userDict renders an account as CKAN's user dict. The e-mail address is included only
// when the policy lets the caller see it; its MD5 (email_hash, for avatars) always is, as
// in CKAN.
func userDict(actor *catalog.Actor, u *catalog.User, created int) catalog.Dict {
	display := u.Fullname
	if display == "" {
		display = u.Name
	}
	sum := md5.Sum([]byte(strings.ToLower(strings.TrimSpace(u.Email))))
	nullable := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	d := catalog.Dict{"about": nullable(u.About), "activity_streams_email_notifications": false,
		"created": catalog.FormatTime(u.Created), "display_name": display,
		"email_hash": hex.EncodeToString(sum[:]), "fullname": nullable(u.Fullname), "id": u.ID,
		"image_display_url": "", "image_url": "", "last_active": nil, "name": u.Name,
		"number_created_packages": created, "state": u.State, "sysadmin": u.Sysadmin}
	if actor.CanSeeEmail(u) {
		d["email"] = u.Email
	}
	return d
}

// userOf loads the account an action names by id or name: active accounts for everyone,
// deleted ones too for sysadmins.
func (a *API) userOf(ctx context.Context, c *call, ref string) (*catalog.User, error) {
	var (
		u   *catalog.User
		err error
	)
	if c.actor.Sysadmin() {
		u, err = a.Store.UserAnyState(ctx, ref)
	} else {
		u, err = a.Store.User(ctx, ref)
	}
	if err != nil {
		return nil, err
	}
	return u, c.actor.CanReadUser(u)
}

func (a *API) renderUser(ctx context.Context, c *call, u *catalog.User) (catalog.Dict, error) {
	counts, err := a.Store.CreatedPackageCounts(ctx, []string{u.ID})
	if err != nil {
		return nil, fmt.Errorf("ckan: user dict: %w", err)
	}
	return userDict(c.actor, u, counts[u.ID]), nil
}

// userShow is user_show; without an id it shows the caller.
func (a *API) userShow(ctx context.Context, c *call) (any, error) {
	id, err := c.params.str("id")
	if err != nil {
		return nil, err
	}
	if id == "" && c.actor.LoggedIn() {
		id = c.actor.User.ID
	}
	if id == "" {
		return nil, catalog.NotFound("User not found")
	}
	u, err := a.userOf(ctx, c, id)
	if err != nil {
		return nil, err
	}
	return a.renderUser(ctx, c, u)
}

// userList is user_list: active accounts, by name (ckan.user_list_limit: 20 a page when
// a limit is asked for; all otherwise).
func (a *API) userList(ctx context.Context, c *call) (any, error) {
	o := catalog.UserListOptions{}
	var err error
	if o.Query, err = c.params.str("q"); err != nil {
		return nil, err
	}
	if o.OrderBy, err = c.params.str("order_by"); err != nil {
		return nil, err
	}
	if o.Limit, err = c.params.natural("limit", 0); err != nil {
		return nil, err
	}
	if o.Offset, err = c.params.natural("offset", 0); err != nil {
		return nil, err
	}
	allFields, err := c.params.strictFlag("all_fields", true)
	if err != nil {
		return nil, err
	}
	users, err := a.Store.ListUsers(ctx, o)
	if err != nil {
		return nil, err
	}
	if !allFields {
		names := make([]string, len(users))
		for i, u := range users {
			names[i] = u.Name
		}
		return names, nil
	}
	ids := make([]string, len(users))
	for i, u := range users {
		ids[i] = u.ID
	}
	counts, err := a.Store.CreatedPackageCounts(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("ckan: user_list: %w", err)
	}
	out := make([]catalog.Dict, len(users))
	for i := range users {
		out[i] = userDict(c.actor, &users[i], counts[users[i].ID])
	}
	return out, nil
}

// userAutocomplete is user_autocomplete: [{id, name, fullname}] of accounts whose name or
// full name contains q.
func (a *API) userAutocomplete(ctx context.Context, c *call) (any, error) {
	q, err := c.params.str("q")
	if err != nil {
		return nil, err
	}
	limit, err := c.params.natural("limit", 20)
	if err != nil {
		return nil, err
	}
	return a.userMatches(ctx, q, limit)
}

// userMatches is what user_autocomplete and /api/util/user/autocomplete answer.
func (a *API) userMatches(ctx context.Context, q string, limit int) ([]catalog.Dict, error) {
	out := []catalog.Dict{}
	if strings.TrimSpace(q) == "" || limit == 0 {
		return out, nil
	}
	users, err := a.Store.ListUsers(ctx, catalog.UserListOptions{Query: q, Limit: min(limit, 1000)})
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		out = append(out, catalog.Dict{"id": u.ID, "name": u.Name, "fullname": u.Fullname})
	}
	return out, nil
}

// userFields reads the editable fields of an account from in onto u.
func userFields(in catalog.Dict, u *catalog.User) (password string, sysadmin *bool, err error) {
	v := &catalog.ValidationError{}
	for key, dst := range map[string]*string{"name": &u.Name, "email": &u.Email, "fullname": &u.Fullname,
		"about": &u.About, "password": &password, "id": &u.ID} {
		switch x := in[key].(type) {
		case nil:
		case string:
			*dst = x
		default:
			v.Add(key, "Must be a string")
		}
	}
	if x, ok := in["sysadmin"]; ok && x != nil {
		b, isBool := x.(bool)
		if s, isStr := x.(string); isStr {
			b, isBool = strings.EqualFold(s, "true") || s == "1", true
		}
		if !isBool {
			v.Add("sysadmin", "Must be a boolean")
		}
		sysadmin = &b
	}
	if !v.Empty() {
		return "", nil, v
	}
	return password, sysadmin, nil
}

// userCreate is user_create (sysadmins, as ckan.auth.create_user_via_api defaults to
// false). with_apitoken adds a new API token to the answer.
func (a *API) userCreate(ctx context.Context, c *call) (any, error) {
	if err := c.actor.CanCreateUser(); err != nil {
		return nil, err
	}
	in, err := plainDict(c.params)
	if err != nil {
		return nil, err
	}
	u := &catalog.User{}
	password, sysadmin, err := userFields(in, u)
	if err != nil {
		return nil, err
	}
	if sysadmin != nil {
		u.Sysadmin = *sysadmin
	}
	if err := catalog.ValidateUser(u, password, true, true); err != nil {
		return nil, err
	}
	var token string
	if c.params.flag("with_apitoken", false) {
		token, err = a.Store.CreateUserWithToken(ctx, u, password, "api")
	} else {
		err = a.Store.CreateUser(ctx, u, password)
	}
	if err != nil {
		return nil, err
	}
	d, err := a.renderUser(ctx, c, u)
	if err != nil {
		return nil, err
	}
	if token != "" {
		d["token"] = token
	}
	return d, nil
}

// userUpdate is user_update (patch: user_patch), for the user themself and sysadmins.
// user_update replaces the account's fields, so name and email are required as in CKAN;
// the password changes only when given.
func (a *API) userUpdate(patch bool) func(ctx context.Context, c *call) (any, error) {
	return func(ctx context.Context, c *call) (any, error) {
		vals, err := c.params.requiredStr("id")
		if err != nil {
			return nil, err
		}
		cur, err := a.Store.User(ctx, vals[0])
		if err != nil {
			return nil, err
		}
		if err := c.actor.CanUpdateUser(cur); err != nil {
			return nil, err
		}
		in, err := plainDict(c.params)
		if err != nil {
			return nil, err
		}
		u := &catalog.User{ID: cur.ID, Sysadmin: cur.Sysadmin, State: cur.State, Created: cur.Created}
		if patch {
			u.Name, u.Email, u.Fullname, u.About = cur.Name, cur.Email, cur.Fullname, cur.About
		}
		password, sysadmin, err := userFields(in, u)
		if err != nil {
			return nil, err
		}
		u.ID = cur.ID
		if sysadmin != nil && *sysadmin != cur.Sysadmin {
			if err := c.actor.CanSetSysadmin(); err != nil {
				return nil, err
			}
			u.Sysadmin = *sysadmin
		}
		if err := catalog.ValidateUser(u, password, false, true); err != nil {
			return nil, err
		}
		if err := a.Store.UpdateUser(ctx, u, password); err != nil {
			return nil, err
		}
		return a.renderUser(ctx, c, u)
	}
}

// userDelete is user_delete (sysadmins): the account is marked deleted and loses its
// memberships and tokens.
func (a *API) userDelete(ctx context.Context, c *call) (any, error) {
	vals, err := c.params.requiredStr("id")
	if err != nil {
		return nil, err
	}
	u, err := a.Store.User(ctx, vals[0])
	if err != nil {
		return nil, err
	}
	if err := c.actor.CanDeleteUser(u); err != nil {
		return nil, err
	}
	return nil, a.Store.DeleteUser(ctx, u.ID)
}

// tokenUnits are the expiry units api_token_create accepts by name; a number is taken as
// seconds per unit, as ckanext-expire_api_token sends it.
var tokenUnits = map[string]time.Duration{"second": time.Second, "seconds": time.Second, "minute": time.Minute,
	"minutes": time.Minute, "hour": time.Hour, "hours": time.Hour, "day": 24 * time.Hour, "days": 24 * time.Hour}

// apiTokenCreate is api_token_create: {user, name, expires_in?, unit?} gives {"token"}.
// The token is shown this once; only its hash is stored.
func (a *API) apiTokenCreate(ctx context.Context, c *call) (any, error) {
	vals, err := c.params.requiredStr("user", "name")
	if err != nil {
		return nil, err
	}
	u, err := a.Store.User(ctx, vals[0])
	if err != nil {
		return nil, err
	}
	if err := c.actor.CanManageTokens(u); err != nil {
		return nil, err
	}
	var ttl time.Duration
	if c.params.has("expires_in") {
		n, err := c.params.natural("expires_in", 0)
		if err != nil {
			return nil, err
		}
		unit := 24 * time.Hour
		if s, err := c.params.str("unit"); err != nil {
			return nil, err
		} else if s != "" {
			if d, ok := tokenUnits[strings.ToLower(s)]; ok {
				unit = d
			} else if secs, err := strconv.Atoi(s); err == nil && secs > 0 {
				unit = time.Duration(secs) * time.Second
			} else {
				return nil, catalog.Invalid("unit", "Invalid unit")
			}
		}
		ttl = time.Duration(n) * unit
	}
	raw, _, err := a.Store.CreateTokenExpiring(ctx, u.ID, vals[1], ttl)
	if err != nil {
		return nil, err
	}
	return map[string]any{"token": raw}, nil
}

func tokenDict(t catalog.APIToken) catalog.Dict {
	return catalog.Dict{"id": t.ID, "name": t.Name, "user_id": t.UserID, "created_at": catalog.FormatTime(t.Created),
		"last_access": nullTime(t.LastAccess), "expires_at": nullTime(t.ExpiresAt)}
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return catalog.FormatTime(*t)
}

// apiTokenList is api_token_list: the user's tokens (default: the caller's), never their
// secrets.
func (a *API) apiTokenList(ctx context.Context, c *call) (any, error) {
	ref, err := c.params.str("user_id")
	if err != nil {
		return nil, err
	}
	if ref == "" {
		if ref, err = c.params.str("user"); err != nil {
			return nil, err
		}
	}
	if ref == "" && c.actor.LoggedIn() {
		ref = c.actor.User.ID
	}
	if ref == "" {
		return nil, catalog.Invalid("user_id", "Missing value")
	}
	u, err := a.Store.User(ctx, ref)
	if err != nil {
		return nil, err
	}
	if err := c.actor.CanManageTokens(u); err != nil {
		return nil, err
	}
	ts, err := a.Store.Tokens(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	out := make([]catalog.Dict, len(ts))
	for i, t := range ts {
		out[i] = tokenDict(t)
	}
	return out, nil
}

// apiTokenRevoke is api_token_revoke: by the token itself, or by its id (jti).
func (a *API) apiTokenRevoke(ctx context.Context, c *call) (any, error) {
	raw, err := c.params.str("token")
	if err != nil {
		return nil, err
	}
	jti, err := c.params.str("jti")
	if err != nil {
		return nil, err
	}
	if jti == "" {
		if jti, err = c.params.str("id"); err != nil {
			return nil, err
		}
	}
	var t *catalog.APIToken
	switch {
	case raw != "":
		t, err = a.Store.TokenBySecret(ctx, raw)
		if err != nil {
			return nil, catalog.NotFound("API token not found")
		}
	case jti != "":
		if t, err = a.Store.Token(ctx, jti); err != nil {
			return nil, err
		}
	default:
		return nil, catalog.Invalid("token", "Missing value")
	}
	owner, err := a.Store.UserAnyState(ctx, t.UserID)
	if err != nil {
		return nil, err
	}
	if err := c.actor.CanManageTokens(owner); err != nil {
		return nil, err
	}
	return nil, a.Store.RevokeToken(ctx, t.ID)
}
