package catalog

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// This file is the one permission policy of Khlang: every transport (the CKAN API, GraphQL,
// the web pages, the CLI when it acts for a user) asks it, and none keeps rules of its own.
// The rules are CKAN 2.11's defaults: sysadmins may do anything; organization admins manage
// their organization, its members and its datasets; editors create, edit and delete the
// organization's datasets; members read its private datasets; any logged-in user may
// create organizations and groups; anonymous callers read public active datasets only.
// A denial is an *AuthError carrying CKAN's message.

// Permissions a role grants inside an organization or group (CKAN's authz.ROLE_PERMISSIONS).
const (
	PermRead          = "read"
	PermCreateDataset = "create_dataset"
	PermUpdateDataset = "update_dataset"
	PermDeleteDataset = "delete_dataset"
	PermManageGroup   = "manage_group"
	PermUpdate        = "update" // edit the organization or group itself
	PermDelete        = "delete"
	PermMembership    = "membership" // add, change and remove members
)

// rolePermissions maps a capacity to what it allows; an admin is allowed everything.
var rolePermissions = map[string][]string{
	CapacityEditor: {PermRead, PermDeleteDataset, PermCreateDataset, PermUpdateDataset, PermManageGroup},
	CapacityMember: {PermRead, PermManageGroup},
}

// RoleAllows reports whether the capacity grants the permission.
func RoleAllows(capacity, perm string) bool {
	if capacity == CapacityAdmin {
		return true
	}
	return slices.Contains(rolePermissions[capacity], perm)
}

// ValidCapacity reports whether c is a user capacity (admin, editor or member).
func ValidCapacity(c string) bool {
	return c == CapacityAdmin || c == CapacityEditor || c == CapacityMember
}

// Actor is who is asking: nil User means anonymous. OrgIDs are the organizations and
// groups the user belongs to in any role (so may read their private and draft
// datasets); Roles gives the capacity in each.
type Actor struct {
	User   *User
	OrgIDs map[string]bool
	Roles  map[string]string
}

// Anonymous is the actor of requests without credentials.
var Anonymous = &Actor{}

// LoggedIn reports whether the actor is a user.
func (a *Actor) LoggedIn() bool { return a != nil && a.User != nil }

// Sysadmin reports whether the actor may do anything.
func (a *Actor) Sysadmin() bool { return a.LoggedIn() && a.User.Sysadmin }

// Name is how CKAN names the caller in its messages: empty for anonymous, which gives
// its "User  not authorized" double space.
func (a *Actor) Name() string {
	if !a.LoggedIn() {
		return ""
	}
	return a.User.Name
}

// UserID is the user's id, or nil for anonymous.
func (a *Actor) UserID() *string {
	if !a.LoggedIn() {
		return nil
	}
	id := a.User.ID
	return &id
}

// Role is the actor's capacity in the group ("" when not a member).
func (a *Actor) Role(groupID string) string {
	if !a.LoggedIn() {
		return ""
	}
	if r, ok := a.Roles[groupID]; ok {
		return r
	}
	if a.OrgIDs[groupID] {
		return CapacityMember
	}
	return ""
}

// HasPermission reports whether the actor holds perm in the organization or group.
func (a *Actor) HasPermission(groupID, perm string) bool {
	if a.Sysadmin() {
		return true
	}
	return groupID != "" && RoleAllows(a.Role(groupID), perm)
}

func (a *Actor) deny(format string, args ...any) error {
	return &AuthError{Detail: fmt.Sprintf("User %s "+format, append([]any{a.Name()}, args...)...)}
}

// Actor loads the memberships that decide what the user may read and do.
func (s *Store) Actor(ctx context.Context, u *User) (*Actor, error) {
	if u == nil {
		return Anonymous, nil
	}
	var ms []Member
	err := s.db.WithContext(ctx).Model(&Member{}).Select("members.group_id", "members.capacity").
		Joins("JOIN groups ON groups.id = members.group_id").
		Where("members.user_id = ? AND members.state = ? AND groups.state = ?", u.ID, StateActive, StateActive).
		Find(&ms).Error
	if err != nil {
		return nil, s.wrap(err)
	}
	a := &Actor{User: u, OrgIDs: map[string]bool{}, Roles: map[string]string{}}
	for _, m := range ms {
		a.OrgIDs[m.GroupID] = true
		a.Roles[m.GroupID] = m.Capacity
	}
	return a, nil
}

// Datasets.

// CanReadDataset decides whether the actor may see a dataset, as CKAN's package_show auth
// and permission labels do: public active datasets to everyone; private and draft ones to
// members of the owning organization (and drafts and unowned datasets to their creator);
// deleted ones to sysadmins.
func (a *Actor) CanReadDataset(d *Dataset) error {
	if a.canRead(d) {
		return nil
	}
	return a.deny("not authorized to read package %s", d.ID)
}

// CanReadResource is CanReadDataset for a resource of the dataset, with CKAN's
// resource_show message.
func (a *Actor) CanReadResource(d *Dataset, resourceID string) error {
	if a.canRead(d) {
		return nil
	}
	return a.deny("not authorized to read resource %s", resourceID)
}

// CanRead is CanReadDataset as a boolean, for filtering lists.
func (a *Actor) CanRead(d *Dataset) bool { return a.canRead(d) }

func (a *Actor) canRead(d *Dataset) bool {
	if a.Sysadmin() {
		return true
	}
	if d.State == StateDeleted {
		return false
	}
	if d.State == StateActive && !d.Private {
		return true
	}
	if !a.LoggedIn() {
		return false
	}
	if d.OwnerOrg != nil && a.HasPermission(*d.OwnerOrg, PermRead) {
		return true
	}
	return d.CreatorUserID != nil && *d.CreatorUserID == a.User.ID && (d.State == StateDraft || d.OwnerOrg == nil)
}

// canEdit is the rule shared by dataset and resource writes: sysadmins; editors and admins
// of the owning organization; the creator of a dataset without organization. Deleted
// datasets are sysadmin-only, since nobody else can even read them.
func (a *Actor) canEdit(d *Dataset, perm string) bool {
	if IsHarvested(d) {
		// A harvested dataset changes at its source; the next harvest would undo a local
		// edit.
		return false
	}
	if a.Sysadmin() {
		return true
	}
	if !a.LoggedIn() || d.State == StateDeleted {
		return false
	}
	if d.OwnerOrg != nil {
		return a.HasPermission(*d.OwnerOrg, perm)
	}
	return d.CreatorUserID != nil && *d.CreatorUserID == a.User.ID
}

// CanUpdateHarvestSource decides whether the actor may manage a harvest source, which
// ckanext-harvest also asks before it lists or starts the source's runs (jobs): whoever may
// update datasets in org, the organization the source harvests into (its editors and
// admins), and sysadmins. A source without one (org nil) is the sysadmins' alone.
func (a *Actor) CanUpdateHarvestSource(src *HarvestSource, org *Group) error {
	if a.Sysadmin() || org != nil && a.HasPermission(org.ID, PermUpdateDataset) {
		return nil
	}
	return a.deny("not authorized to manage harvest source %s", src.ID)
}

// harvestedError refuses a local change to a harvested dataset.
func harvestedError(d *Dataset) error {
	return &AuthError{Detail: fmt.Sprintf("package %s is harvested from %s and can only change at its source", d.ID, d.Extra(ExtraHarvestSourceURL))}
}

// CanCreateDataset decides whether the actor may create a dataset in the organization
// (orgID is the organization's id; "" asks whether the actor may create datasets at all).
func (a *Actor) CanCreateDataset(orgID string) error {
	if a.Sysadmin() {
		return nil
	}
	if !a.LoggedIn() {
		return a.deny("not authorized to create packages")
	}
	if orgID == "" {
		for id := range a.Roles {
			if a.HasPermission(id, PermCreateDataset) {
				return nil
			}
		}
		return a.deny("not authorized to create packages")
	}
	if !a.HasPermission(orgID, PermCreateDataset) {
		return a.deny("not authorized to add dataset to this organization")
	}
	return nil
}

// CanSetDatasetID reports whether the actor may choose the id of a new dataset,
// organization or user (CKAN: sysadmins only).
func (a *Actor) CanSetDatasetID() bool { return a.Sysadmin() }

// CanUpdateDataset decides whether the actor may change the dataset.
func (a *Actor) CanUpdateDataset(d *Dataset) error {
	if a.canEdit(d, PermUpdateDataset) {
		return nil
	}
	if IsHarvested(d) {
		return harvestedError(d)
	}
	return a.deny("not authorized to edit package %s", d.ID)
}

// CanDeleteDataset decides whether the actor may delete the dataset.
func (a *Actor) CanDeleteDataset(d *Dataset) error {
	if a.canEdit(d, PermDeleteDataset) {
		return nil
	}
	if IsHarvested(d) {
		return harvestedError(d)
	}
	return a.deny("not authorized to delete package %s", d.ID)
}

// CanPurgeDataset decides whether the actor may remove the dataset for good (sysadmins).
func (a *Actor) CanPurgeDataset(d *Dataset) error {
	if a.Sysadmin() {
		return nil
	}
	return a.deny("not authorized to purge package %s", d.ID)
}

// CanCreateResource decides whether the actor may add a resource to the dataset.
func (a *Actor) CanCreateResource(d *Dataset) error {
	if a.canEdit(d, PermUpdateDataset) {
		return nil
	}
	if IsHarvested(d) {
		return harvestedError(d)
	}
	return a.deny("not authorized to create resources on dataset %s", d.ID)
}

// CanUpdateResource decides whether the actor may change a resource of the dataset.
func (a *Actor) CanUpdateResource(d *Dataset, resourceID string) error {
	if a.canEdit(d, PermUpdateDataset) {
		return nil
	}
	if IsHarvested(d) {
		return harvestedError(d)
	}
	return a.deny("not authorized to edit resource %s", resourceID)
}

// CanDeleteResource decides whether the actor may delete a resource of the dataset.
func (a *Actor) CanDeleteResource(d *Dataset, resourceID string) error {
	if a.canEdit(d, PermUpdateDataset) {
		return nil
	}
	if IsHarvested(d) {
		return harvestedError(d)
	}
	return a.deny("not authorized to delete resource %s", resourceID)
}

// Organizations and groups.

func groupNoun(g *Group) string {
	if g.IsOrganization {
		return "organization"
	}
	return "group"
}

// CanReadGroup decides whether the actor may see an organization or group: active ones
// are public (their private datasets are filtered separately); deleted ones are for
// sysadmins.
func (a *Actor) CanReadGroup(g *Group) error {
	if g.State == StateActive || a.Sysadmin() {
		return nil
	}
	return a.deny("not authorized to read %s %s", groupNoun(g), g.ID)
}

// CanCreateGroup decides whether the actor may create an organization (isOrg) or group:
// any logged-in user, as CKAN's ckan.auth.user_create_organizations default allows.
func (a *Actor) CanCreateGroup(isOrg bool) error {
	if a.LoggedIn() {
		return nil
	}
	if isOrg {
		return a.deny("not authorized to create organizations")
	}
	return a.deny("not authorized to create groups")
}

// CanUpdateGroup decides whether the actor may edit the organization or group (admins).
func (a *Actor) CanUpdateGroup(g *Group) error {
	if a.HasPermission(g.ID, PermUpdate) {
		return nil
	}
	return a.deny("not authorized to edit %s %s", groupNoun(g), g.ID)
}

// CanDeleteGroup decides whether the actor may delete the organization or group (admins).
func (a *Actor) CanDeleteGroup(g *Group) error {
	if a.HasPermission(g.ID, PermDelete) {
		return nil
	}
	return a.deny("not authorized to delete %s %s", groupNoun(g), g.ID)
}

// CanPurgeGroup decides whether the actor may remove the organization or group for good
// (sysadmins).
func (a *Actor) CanPurgeGroup(g *Group) error {
	if a.Sysadmin() {
		return nil
	}
	return a.deny("not authorized to purge %s %s", groupNoun(g), g.ID)
}

// CanManageMembers decides whether the actor may add, change or remove the users of the
// organization or group (admins).
func (a *Actor) CanManageMembers(g *Group) error {
	if a.HasPermission(g.ID, PermMembership) {
		return nil
	}
	return a.deny("not authorized to edit %s %s", groupNoun(g), g.ID)
}

// CanSetRole decides whether the actor may give userID the capacity in the group ("" for
// removing the membership): CanManageMembers, and an admin may not demote or remove
// themself, so an organization cannot be left without the admin who acts.
func (a *Actor) CanSetRole(g *Group, userID, capacity string) error {
	if err := a.CanManageMembers(g); err != nil {
		return err
	}
	if a.LoggedIn() && !a.Sysadmin() && userID == a.User.ID && a.Role(g.ID) == CapacityAdmin && capacity != CapacityAdmin {
		return &AuthError{Detail: "Administrators cannot revoke their own admin status"}
	}
	return nil
}

// CanAddDatasetToGroup decides whether the actor may add a dataset to, or remove one from,
// the group: any member of a group may (CKAN's manage_group), and the actor must be able
// to read the dataset.
func (a *Actor) CanAddDatasetToGroup(g *Group, d *Dataset) error {
	if !a.HasPermission(g.ID, PermManageGroup) || (g.IsOrganization && !a.HasPermission(g.ID, PermUpdate)) {
		return a.deny("not authorized to edit %s %s", groupNoun(g), g.ID)
	}
	return a.CanReadDataset(d)
}

// Users and tokens.

// CanCreateUser decides whether the actor may create accounts through the API (sysadmins,
// as ckan.auth.create_user_via_api defaults to false).
func (a *Actor) CanCreateUser() error {
	if a.Sysadmin() {
		return nil
	}
	return a.deny("not authorized to create users")
}

// CanRegister decides whether the actor may sign up for an account on the web pages:
// visitors who are not logged in, and sysadmins (ckan.auth.create_user_via_web defaults
// to true; a logged-in user is already someone).
func (a *Actor) CanRegister() error {
	if !a.LoggedIn() || a.Sysadmin() {
		return nil
	}
	return a.deny("%s is already logged in", a.Name())
}

// CanReadUser decides whether the actor may see a user's public details: everyone, for
// active users (ckan.auth.public_user_details); deleted accounts only sysadmins.
func (a *Actor) CanReadUser(u *User) error {
	if u.State == StateActive || a.Sysadmin() {
		return nil
	}
	return a.deny("not authorized to read user %s", u.ID)
}

// CanSeeEmail reports whether the actor may see the user's e-mail address: the user
// themself and sysadmins.
func (a *Actor) CanSeeEmail(u *User) bool {
	return a.Sysadmin() || (a.LoggedIn() && a.User.ID == u.ID)
}

// CanUpdateUser decides whether the actor may edit the account: the user themself and
// sysadmins.
func (a *Actor) CanUpdateUser(u *User) error {
	if a.CanSeeEmail(u) {
		return nil
	}
	return a.deny("not authorized to edit user %s", u.ID)
}

// CanSetSysadmin decides whether the actor may grant or revoke sysadmin rights.
func (a *Actor) CanSetSysadmin() error {
	if a.Sysadmin() {
		return nil
	}
	return a.deny("not authorized to change sysadmin status")
}

// CanDeleteUser decides whether the actor may delete the account (sysadmins).
func (a *Actor) CanDeleteUser(u *User) error {
	if a.Sysadmin() {
		return nil
	}
	return a.deny("not authorized to delete user %s", u.ID)
}

// CanManageTokens decides whether the actor may create, list and revoke the user's API
// tokens: the user themself and sysadmins.
func (a *Actor) CanManageTokens(u *User) error {
	if a.CanSeeEmail(u) {
		return nil
	}
	return a.deny("not authorized to manage API tokens of user %s", u.Name)
}

// Permission labels.

// Labels are the permission labels of a dataset, as CKAN's DefaultPermissionLabels gives
// them; the search index and the activity stream store them so that reads filter by what
// the caller may see.
func (d *Dataset) Labels() []string {
	if d.State == StateActive && !d.Private {
		return []string{"public"}
	}
	if d.OwnerOrg != nil {
		return []string{"member-" + *d.OwnerOrg}
	}
	if d.CreatorUserID != nil {
		return []string{"creator-" + *d.CreatorUserID}
	}
	return nil
}

// Labels are the permission labels the actor holds (nil for a sysadmin: no filter).
func (a *Actor) Labels() []string {
	if a.Sysadmin() {
		return nil
	}
	out := []string{"public"}
	if !a.LoggedIn() {
		return out
	}
	out = append(out, "creator-"+a.User.ID)
	for id := range a.OrgIDs {
		if a.HasPermission(id, PermRead) {
			out = append(out, "member-"+id)
		}
	}
	slices.Sort(out[2:])
	return out
}

// CanReadLabels reports whether an object with these permission labels is visible to the
// actor: sysadmins see everything, others need one label in common.
func (a *Actor) CanReadLabels(labels []string) bool {
	if a.Sysadmin() {
		return true
	}
	held := a.Labels()
	for _, l := range labels {
		if slices.Contains(held, l) {
			return true
		}
	}
	return false
}

// CanReadActivity decides whether the actor may see an activity: it carries the
// permission labels of its object, so a private dataset's history is shown only to those
// who may read the dataset.
func (a *Actor) CanReadActivity(act *Activity) error {
	if a.CanReadLabels(act.PermissionLabels()) {
		return nil
	}
	return a.deny("not authorized to read activity %s", act.ID)
}

// joinLabels stores labels or ids space-separated with a space at each end, so that a
// LIKE '% label %' finds one exactly.
func joinLabels(l []string) string {
	if len(l) == 0 {
		return ""
	}
	return " " + strings.Join(l, " ") + " "
}

func splitLabels(s string) []string { return strings.Fields(s) }
