package catalog_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/khlang/khlang/catalog"
)

// TestPolicy checks the rules role by role, without a database: each row is one question
// and who may, so that a changed rule fails exactly the rows it touches.
func TestPolicy(t *testing.T) {
	org, other := "org-1", "org-2"
	actor := func(name string, sysadmin bool, roles map[string]string) *catalog.Actor {
		a := &catalog.Actor{User: &catalog.User{ID: "id-" + name, Name: name, Sysadmin: sysadmin, State: catalog.StateActive},
			OrgIDs: map[string]bool{}, Roles: roles}
		for g := range roles {
			a.OrgIDs[g] = true
		}
		return a
	}
	actors := map[string]*catalog.Actor{
		"anonymous":  catalog.Anonymous,
		"outsider":   actor("outsider", false, map[string]string{}),
		"member":     actor("member", false, map[string]string{org: catalog.CapacityMember}),
		"editor":     actor("editor", false, map[string]string{org: catalog.CapacityEditor}),
		"otheradmin": actor("otheradmin", false, map[string]string{other: catalog.CapacityAdmin}),
		"admin":      actor("admin", false, map[string]string{org: catalog.CapacityAdmin}),
		"sysadmin":   actor("sysadmin", true, nil),
	}
	ds := func(state string, private bool) *catalog.Dataset {
		o := org
		return &catalog.Dataset{ID: "ds", State: state, Private: private, OwnerOrg: &o}
	}
	public, private, draft, deleted := ds(catalog.StateActive, false), ds(catalog.StateActive, true), ds(catalog.StateDraft, false), ds(catalog.StateDeleted, false)
	creator := "id-outsider"
	unowned := &catalog.Dataset{ID: "u", State: catalog.StateActive, CreatorUserID: &creator}
	g := &catalog.Group{ID: org, IsOrganization: true, State: catalog.StateActive}
	self := &catalog.User{ID: "id-editor", Name: "editor", State: catalog.StateActive}

	tests := []struct {
		name  string
		check func(a *catalog.Actor) error
		who   []string
	}{
		{"read public", func(a *catalog.Actor) error { return a.CanReadDataset(public) },
			[]string{"anonymous", "outsider", "member", "editor", "otheradmin", "admin", "sysadmin"}},
		{"read private", func(a *catalog.Actor) error { return a.CanReadDataset(private) }, []string{"member", "editor", "admin", "sysadmin"}},
		{"read draft", func(a *catalog.Actor) error { return a.CanReadDataset(draft) }, []string{"member", "editor", "admin", "sysadmin"}},
		{"read deleted", func(a *catalog.Actor) error { return a.CanReadDataset(deleted) }, []string{"sysadmin"}},
		{"create in org", func(a *catalog.Actor) error { return a.CanCreateDataset(org) }, []string{"editor", "admin", "sysadmin"}},
		{"create anywhere", func(a *catalog.Actor) error { return a.CanCreateDataset("") }, []string{"editor", "otheradmin", "admin", "sysadmin"}},
		{"update private", func(a *catalog.Actor) error { return a.CanUpdateDataset(private) }, []string{"editor", "admin", "sysadmin"}},
		{"update deleted", func(a *catalog.Actor) error { return a.CanUpdateDataset(deleted) }, []string{"sysadmin"}},
		{"update unowned", func(a *catalog.Actor) error { return a.CanUpdateDataset(unowned) }, []string{"outsider", "sysadmin"}},
		{"delete", func(a *catalog.Actor) error { return a.CanDeleteDataset(public) }, []string{"editor", "admin", "sysadmin"}},
		{"purge", func(a *catalog.Actor) error { return a.CanPurgeDataset(public) }, []string{"sysadmin"}},
		{"create organization", func(a *catalog.Actor) error { return a.CanCreateGroup(true) },
			[]string{"outsider", "member", "editor", "otheradmin", "admin", "sysadmin"}},
		{"edit organization", func(a *catalog.Actor) error { return a.CanUpdateGroup(g) }, []string{"admin", "sysadmin"}},
		{"manage members", func(a *catalog.Actor) error { return a.CanManageMembers(g) }, []string{"admin", "sysadmin"}},
		{"admin demotes self", func(a *catalog.Actor) error { return a.CanSetRole(g, "id-admin", catalog.CapacityEditor) }, []string{"sysadmin"}},
		{"create user", func(a *catalog.Actor) error { return a.CanCreateUser() }, []string{"sysadmin"}},
		{"edit user", func(a *catalog.Actor) error { return a.CanUpdateUser(self) }, []string{"editor", "sysadmin"}},
		{"tokens of user", func(a *catalog.Actor) error { return a.CanManageTokens(self) }, []string{"editor", "sysadmin"}},
		{"private activity", func(a *catalog.Actor) error {
			return a.CanReadActivity(&catalog.Activity{ID: "x", Labels: " member-" + org + " "})
		}, []string{"member", "editor", "admin", "sysadmin"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			allowed := map[string]bool{}
			for _, w := range tc.who {
				allowed[w] = true
			}
			for name, a := range actors {
				err := tc.check(a)
				if allowed[name] && err != nil {
					t.Errorf("%s denied: %v", name, err)
				}
				if !allowed[name] {
					if err == nil {
						t.Errorf("%s allowed", name)
					} else if !errors.Is(err, catalog.ErrNotAuthorized) {
						t.Errorf("%s: %v is not an authorization error", name, err)
					}
				}
			}
		})
	}
	// CKAN's messages, with its double space for anonymous callers.
	if err := catalog.Anonymous.CanReadDataset(private); err.Error() != "Access denied: User  not authorized to read package ds" {
		t.Errorf("message = %q", err)
	}
	if err := actors["member"].CanUpdateDataset(private); err.Error() != "Access denied: User member not authorized to edit package ds" {
		t.Errorf("message = %q", err)
	}
	if err := actors["admin"].CanSetRole(g, "id-admin", catalog.CapacityMember); err.Error() != "Access denied: Administrators cannot revoke their own admin status" {
		t.Errorf("message = %q", err)
	}
}

// A harvested dataset changes only at its source: nobody edits it locally, not even a
// sysadmin, while reads are unaffected.
func TestHarvestedDatasetsAreReadOnly(t *testing.T) {
	org := "org-1"
	d := &catalog.Dataset{ID: "d1", State: catalog.StateActive, OwnerOrg: &org,
		Extras: []catalog.Extra{{Key: catalog.ExtraHarvestSourceID, Value: "src"}, {Key: catalog.ExtraHarvestSourceURL, Value: "https://source.example"}}}
	admin := &catalog.Actor{User: &catalog.User{ID: "u", Name: "root", Sysadmin: true}}
	for name, err := range map[string]error{
		"update":          admin.CanUpdateDataset(d),
		"delete":          admin.CanDeleteDataset(d),
		"create resource": admin.CanCreateResource(d),
		"update resource": admin.CanUpdateResource(d, "r"),
		"delete resource": admin.CanDeleteResource(d, "r"),
	} {
		if !errors.Is(err, catalog.ErrNotAuthorized) || !strings.Contains(err.Error(), "harvested from https://source.example") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := admin.CanReadDataset(d); err != nil {
		t.Fatalf("read: %v", err)
	}
}
