package catalog

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"gorm.io/gorm"
)

// CreateGroup stores a new group or organization (g.IsOrganization).
func (s *Store) CreateGroup(ctx context.Context, g *Group) error {
	if err := g.Validate(); err != nil {
		return err
	}
	if g.ID == "" {
		g.ID = newID()
	}
	if g.State == "" {
		g.State = StateActive
	}
	if g.Type == "" {
		g.Type = "group"
		if g.IsOrganization {
			g.Type = "organization"
		}
	}
	if g.ApprovalStatus == "" {
		g.ApprovalStatus = "approved"
	}
	if g.Created.IsZero() {
		g.Created = s.now()
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&Group{}).Where("name = ? OR id = ?", g.Name, g.ID).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return Invalid("name", "Group name already exists in database")
		}
		if err := tx.Create(g).Error; err != nil {
			return err
		}
		// The creator becomes the first admin, in the same transaction, so an organization
		// never exists without someone who may manage it.
		if actor := ActorFrom(ctx); actor.LoggedIn() {
			if err := tx.Create(&Member{ID: newID(), GroupID: g.ID, UserID: actor.User.ID, Capacity: CapacityAdmin,
				State: StateActive, Created: s.now()}).Error; err != nil {
				return err
			}
		}
		if err := s.recordGroupActivity(ctx, tx, g, "new"); err != nil {
			return err
		}
		return s.logChange(tx, KindGroup, g.ID)
	})
}

// UpsertGroup creates the group, or updates its titles and descriptions when one of that
// name exists; imports use it.
func (s *Store) UpsertGroup(ctx context.Context, g *Group) error {
	var cur Group
	err := s.db.WithContext(ctx).Where("name = ?", g.Name).First(&cur).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return s.CreateGroup(ctx, g)
	}
	if err != nil {
		return s.wrap(err)
	}
	if cur.IsOrganization != g.IsOrganization {
		return Invalid("name", "Group name already exists in database")
	}
	g.ID, g.Created, g.State, g.Type, g.ApprovalStatus = cur.ID, cur.Created, cur.State, cur.Type, cur.ApprovalStatus
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Model(&Group{}).Where("id = ?", cur.ID).Updates(map[string]any{
			"title": g.Title, "title_en": g.TitleEN, "description": g.Description,
			"description_en": g.DescriptionEN, "image_url": g.ImageURL}).Error; err != nil {
			return err
		}
		if err := s.recordGroupActivity(ctx, tx, g, "changed"); err != nil {
			return err
		}
		return s.logChange(tx, KindGroup, cur.ID)
	})
}

// Group returns the active organization (isOrg) or group with that id or name.
func (s *Store) Group(ctx context.Context, idOrName string, isOrg bool) (*Group, error) {
	var g Group
	err := s.db.WithContext(ctx).Where("(id = ? OR name = ?) AND is_organization = ? AND state = ?", idOrName, idOrName, isOrg, StateActive).First(&g).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		if isOrg {
			return nil, NotFound("Organization was not found.")
		}
		return nil, NotFound("Group was not found.")
	}
	return &g, s.wrap(err)
}

// GroupsByID loads groups by id.
func (s *Store) GroupsByID(ctx context.Context, ids []string) (map[string]*Group, error) {
	var rows []*Group
	if err := s.db.WithContext(ctx).Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, s.wrap(err)
	}
	out := make(map[string]*Group, len(rows))
	for _, g := range rows {
		out[g.ID] = g
	}
	return out, nil
}

// GroupListOptions are the parameters of organization_list / group_list.
type GroupListOptions struct {
	IsOrganization bool
	Query          string   // substring of name, title or description
	Names          []string // only these names
	Sort           string   // "name", "title" or "package_count", with " asc"/" desc"
	Limit, Offset  int
}

// GroupWithCount is a group with the number of public active datasets in it.
type GroupWithCount struct {
	Group
	PackageCount int
}

// sortableGroupFields are what CKAN lets group_list sort by.
var sortableGroupFields = map[string]bool{"name": true, "title": true, "package_count": true}

// ListGroups lists active groups or organizations as group_list does.
func (s *Store) ListGroups(ctx context.Context, o GroupListOptions) ([]GroupWithCount, error) {
	field, dir := "title", "asc"
	if o.Sort != "" {
		parts := strings.Fields(o.Sort)
		field = parts[0]
		if len(parts) > 1 {
			dir = strings.ToLower(parts[1])
		}
		if !sortableGroupFields[field] || len(parts) > 2 || (dir != "asc" && dir != "desc") {
			return nil, Invalid("message", fmt.Sprintf("Cannot sort by field `%s`", o.Sort))
		}
	}
	db := s.db.WithContext(ctx)
	q := db.Model(&Group{}).Where("is_organization = ? AND state = ?", o.IsOrganization, StateActive)
	if o.Query != "" {
		like := "%" + strings.ToLower(o.Query) + "%"
		q = q.Where("LOWER(name) LIKE ? OR LOWER(title) LIKE ? OR LOWER(description) LIKE ? OR LOWER(title_en) LIKE ?", like, like, like, like)
	}
	if len(o.Names) > 0 {
		q = q.Where("name IN ?", o.Names)
	}
	var groups []Group
	if err := q.Find(&groups).Error; err != nil {
		return nil, s.wrap(err)
	}
	counts, err := s.groupPackageCounts(ctx, o.IsOrganization)
	if err != nil {
		return nil, err
	}
	out := make([]GroupWithCount, len(groups))
	for i, g := range groups {
		out[i] = GroupWithCount{Group: g, PackageCount: counts[g.ID]}
	}
	less := func(a, b GroupWithCount) int {
		switch field {
		case "name":
			return strings.Compare(a.Name, b.Name)
		case "package_count":
			return a.PackageCount - b.PackageCount
		}
		if c := strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	}
	slices.SortStableFunc(out, func(a, b GroupWithCount) int {
		if dir == "desc" {
			return less(b, a)
		}
		return less(a, b)
	})
	if o.Offset > 0 {
		if o.Offset >= len(out) {
			return nil, nil
		}
		out = out[o.Offset:]
	}
	if o.Limit > 0 && len(out) > o.Limit {
		out = out[:o.Limit]
	}
	return out, nil
}

// GroupPackageCount is the number of public active datasets in one group or organization.
func (s *Store) GroupPackageCount(ctx context.Context, g *Group) (int, error) {
	counts, err := s.groupPackageCounts(ctx, g.IsOrganization)
	return counts[g.ID], err
}

func (s *Store) groupPackageCounts(ctx context.Context, orgs bool) (map[string]int, error) {
	type row struct {
		ID string
		N  int
	}
	var rows []row
	db := s.db.WithContext(ctx)
	var err error
	if orgs {
		err = db.Model(&Dataset{}).Select("owner_org AS id, COUNT(*) AS n").
			Where("state = ? AND private = ? AND owner_org IS NOT NULL", StateActive, false).Group("owner_org").Scan(&rows).Error
	} else {
		err = db.Table("package_groups").Select("package_groups.group_id AS id, COUNT(*) AS n").
			Joins("JOIN packages ON packages.id = package_groups.package_id").
			Where("packages.state = ? AND packages.private = ?", StateActive, false).
			Group("package_groups.group_id").Scan(&rows).Error
	}
	if err != nil {
		return nil, s.wrap(err)
	}
	out := make(map[string]int, len(rows))
	for _, r := range rows {
		out[r.ID] = r.N
	}
	return out, nil
}

// Members lists the active user memberships of a group, with their users.
func (s *Store) Members(ctx context.Context, groupID string) ([]Member, map[string]*User, error) {
	var ms []Member
	if err := s.db.WithContext(ctx).Where("group_id = ? AND state = ?", groupID, StateActive).Order("created").Find(&ms).Error; err != nil {
		return nil, nil, s.wrap(err)
	}
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = m.UserID
	}
	users := map[string]*User{}
	if len(ids) > 0 {
		var us []*User
		if err := s.db.WithContext(ctx).Where("id IN ?", ids).Find(&us).Error; err != nil {
			return nil, nil, s.wrap(err)
		}
		for _, u := range us {
			users[u.ID] = u
		}
	}
	return ms, users, nil
}

// UpdateGroup replaces the editable fields of the organization or group with g.ID (name,
// titles, descriptions, image, extras), as organization_update does: fields not given
// are cleared. On success g holds the stored group.
func (s *Store) UpdateGroup(ctx context.Context, g *Group) error {
	if err := g.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		var cur Group
		if err := tx.Where("id = ? AND is_organization = ?", g.ID, g.IsOrganization).First(&cur).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return groupNotFound(g.IsOrganization)
			}
			return err
		}
		var n int64
		if err := tx.Model(&Group{}).Where("name = ? AND id <> ?", g.Name, g.ID).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return Invalid("name", "Group name already exists in database")
		}
		cur.Name, cur.Title, cur.TitleEN, cur.Description, cur.DescriptionEN = g.Name, g.Title, g.TitleEN, g.Description, g.DescriptionEN
		cur.ImageURL, cur.Extras = g.ImageURL, g.Extras
		if g.State == StateActive || g.State == StateDeleted {
			cur.State = g.State
		}
		if err := tx.Select("*").Save(&cur).Error; err != nil {
			return err
		}
		if err := s.recordGroupActivity(ctx, tx, &cur, "changed"); err != nil {
			return err
		}
		*g = cur
		return s.logChange(tx, KindGroup, cur.ID)
	})
}

func groupNotFound(isOrg bool) error {
	if isOrg {
		return NotFound("Organization was not found.")
	}
	return NotFound("Group was not found.")
}

// DeleteGroup marks an organization or group deleted. An organization that still owns
// datasets (other than deleted ones) cannot be deleted, as in CKAN; a group's dataset
// links are removed and those datasets reindexed.
func (s *Store) DeleteGroup(ctx context.Context, id string, isOrg bool) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		g, err := s.lockGroup(tx, id, isOrg)
		if err != nil {
			return err
		}
		if err := s.detachGroup(tx, g); err != nil {
			return err
		}
		g.State = StateDeleted
		if err := tx.Model(&Group{}).Where("id = ?", g.ID).Update("state", StateDeleted).Error; err != nil {
			return err
		}
		if err := s.recordGroupActivity(ctx, tx, g, "deleted"); err != nil {
			return err
		}
		return s.logChange(tx, KindGroup, g.ID)
	})
}

// PurgeGroup removes an organization or group, its memberships and its dataset links for
// good. Like DeleteGroup it refuses an organization that still owns live datasets;
// deleted datasets it owned are left without organization.
func (s *Store) PurgeGroup(ctx context.Context, id string, isOrg bool) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		var g Group
		err := tx.Where("(id = ? OR name = ?) AND is_organization = ?", id, id, isOrg).First(&g).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return groupNotFound(isOrg)
		}
		if err != nil {
			return err
		}
		if err := s.detachGroup(tx, &g); err != nil {
			return err
		}
		var owned []string
		if err := tx.Model(&Dataset{}).Where("owner_org = ?", g.ID).Pluck("id", &owned).Error; err != nil {
			return err
		}
		if len(owned) > 0 {
			if err := tx.Model(&Dataset{}).Where("owner_org = ?", g.ID).Update("owner_org", nil).Error; err != nil {
				return err
			}
			for _, pid := range owned {
				if err := s.logChange(tx, KindDataset, pid); err != nil {
					return err
				}
			}
		}
		if err := tx.Where("group_id = ?", g.ID).Delete(&Member{}).Error; err != nil {
			return err
		}
		if err := tx.Where("id = ?", g.ID).Delete(&Group{}).Error; err != nil {
			return err
		}
		return s.logChange(tx, KindGroup, g.ID)
	})
}

func (s *Store) lockGroup(tx *gorm.DB, id string, isOrg bool) (*Group, error) {
	var g Group
	err := tx.Where("(id = ? OR name = ?) AND is_organization = ? AND state = ?", id, id, isOrg, StateActive).First(&g).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, groupNotFound(isOrg)
	}
	return &g, err
}

// detachGroup checks an organization owns no live dataset, and removes a group's dataset
// links, logging a change for each dataset so the index drops the group from it.
func (s *Store) detachGroup(tx *gorm.DB, g *Group) error {
	if g.IsOrganization {
		var n int64
		if err := tx.Model(&Dataset{}).Where("owner_org = ? AND state <> ?", g.ID, StateDeleted).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return Invalid("message", "Organization cannot be deleted while it still has datasets")
		}
		return nil
	}
	var linked []string
	if err := tx.Table("package_groups").Where("group_id = ?", g.ID).Pluck("package_id", &linked).Error; err != nil {
		return err
	}
	if err := tx.Table("package_groups").Where("group_id = ?", g.ID).Delete(nil).Error; err != nil {
		return err
	}
	for _, pid := range linked {
		if err := s.logChange(tx, KindDataset, pid); err != nil {
			return err
		}
	}
	return nil
}

// RemoveMember ends the user's membership of the group; removing a membership that does
// not exist is not an error.
func (s *Store) RemoveMember(ctx context.Context, groupID, userID string) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		return tx.Where("group_id = ? AND user_id = ?", groupID, userID).Delete(&Member{}).Error
	})
}

// SetDatasetGroup adds the dataset to the group (add) or removes it, logging the change
// and a "changed package" activity in one transaction.
func (s *Store) SetDatasetGroup(ctx context.Context, datasetID, groupID string, add bool) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		q := tx.Table("package_groups").Where("package_id = ? AND group_id = ?", datasetID, groupID)
		var n int64
		if err := q.Count(&n).Error; err != nil {
			return err
		}
		switch {
		case add && n == 0:
			if err := tx.Table("package_groups").Create(map[string]any{"package_id": datasetID, "group_id": groupID}).Error; err != nil {
				return err
			}
		case !add && n > 0:
			if err := tx.Table("package_groups").Where("package_id = ? AND group_id = ?", datasetID, groupID).Delete(nil).Error; err != nil {
				return err
			}
		default:
			return nil
		}
		if err := tx.Model(&Dataset{}).Where("id = ?", datasetID).Update("metadata_modified", s.now()).Error; err != nil {
			return err
		}
		var stored Dataset
		if err := withDatasetAssociations(tx).Where("id = ?", datasetID).First(&stored).Error; err != nil {
			return err
		}
		if err := s.recordDatasetActivity(ctx, tx, &stored, ActivityChangedPackage); err != nil {
			return err
		}
		return s.logChange(tx, KindDataset, datasetID)
	})
}

// Membership is a user's role in an organization or group, with the group.
type Membership struct {
	Group    Group
	Capacity string
}

// MembershipsOf lists the active organizations (isOrg) or groups the user belongs to,
// by name, with the user's capacity in each.
func (s *Store) MembershipsOf(ctx context.Context, userID string, isOrg bool) ([]Membership, error) {
	var ms []Member
	if err := s.db.WithContext(ctx).Where("user_id = ? AND state = ?", userID, StateActive).Find(&ms).Error; err != nil {
		return nil, s.wrap(err)
	}
	caps := map[string]string{}
	ids := make([]string, 0, len(ms))
	for _, m := range ms {
		caps[m.GroupID] = m.Capacity
		ids = append(ids, m.GroupID)
	}
	return s.groupsWithCapacity(ctx, ids, isOrg, caps)
}

// AllGroups lists every active organization (isOrg) or group by name; sysadmins hold every
// permission in all of them.
func (s *Store) AllGroups(ctx context.Context, isOrg bool) ([]Group, error) {
	var gs []Group
	err := s.db.WithContext(ctx).Where("is_organization = ? AND state = ?", isOrg, StateActive).Order("name").Find(&gs).Error
	return gs, s.wrap(err)
}

func (s *Store) groupsWithCapacity(ctx context.Context, ids []string, isOrg bool, caps map[string]string) ([]Membership, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var gs []Group
	if err := s.db.WithContext(ctx).Where("id IN ? AND is_organization = ? AND state = ?", ids, isOrg, StateActive).Order("name").Find(&gs).Error; err != nil {
		return nil, s.wrap(err)
	}
	out := make([]Membership, len(gs))
	for i, g := range gs {
		out[i] = Membership{Group: g, Capacity: caps[g.ID]}
	}
	return out, nil
}
