package catalog

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// withDatasetAssociations preloads what a package dict needs, in one query per association
// for any number of datasets (never one per dataset).
func withDatasetAssociations(db *gorm.DB) *gorm.DB {
	return db.
		Preload("Resources", func(db *gorm.DB) *gorm.DB {
			return db.Where("state = ?", StateActive).Order("position")
		}).
		Preload("Tags", func(db *gorm.DB) *gorm.DB { return db.Order("tags.name") }).
		Preload("Groups", func(db *gorm.DB) *gorm.DB { return db.Order("groups.name") }).
		Preload("Organization")
}

// Dataset returns the dataset with that id or name, with resources, tags, groups and
// organization loaded. Deleted datasets are returned too; the caller decides who may see them.
func (s *Store) Dataset(ctx context.Context, idOrName string) (*Dataset, error) {
	var d Dataset
	err := withDatasetAssociations(s.db.WithContext(ctx)).
		Where("id = ? OR name = ?", idOrName, idOrName).First(&d).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, NotFound("Package was not found.")
	}
	return &d, s.wrap(err)
}

// DatasetsByID loads datasets with their associations, in the order of ids; ids that no
// longer exist are skipped.
func (s *Store) DatasetsByID(ctx context.Context, ids []string) ([]*Dataset, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var rows []*Dataset
	if err := withDatasetAssociations(s.db.WithContext(ctx)).Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, s.wrap(err)
	}
	byID := make(map[string]*Dataset, len(rows))
	for _, d := range rows {
		byID[d.ID] = d
	}
	out := make([]*Dataset, 0, len(ids))
	for _, id := range ids {
		if d, ok := byID[id]; ok {
			out = append(out, d)
		}
	}
	return out, nil
}

// EachDataset calls fn with batches of datasets (all states), loaded with their
// associations, in id order. It is how the search index is rebuilt.
func (s *Store) EachDataset(ctx context.Context, batch int, fn func([]*Dataset) error) error {
	last := ""
	for {
		var ids []string
		if err := s.db.WithContext(ctx).Model(&Dataset{}).Where("id > ?", last).Order("id").Limit(batch).Pluck("id", &ids).Error; err != nil {
			return s.wrap(err)
		}
		if len(ids) == 0 {
			return nil
		}
		ds, err := s.DatasetsByID(ctx, ids)
		if err != nil {
			return err
		}
		if err := fn(ds); err != nil {
			return err
		}
		last = ids[len(ids)-1]
	}
}

// CountDatasets counts datasets in any state.
func (s *Store) CountDatasets(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&Dataset{}).Count(&n).Error
	return n, s.wrap(err)
}

// DatasetNames lists the names of active public datasets by name, as package_list does.
func (s *Store) DatasetNames(ctx context.Context, limit, offset int) ([]string, error) {
	q := s.db.WithContext(ctx).Model(&Dataset{}).Where("state = ? AND private = ?", StateActive, false).Order("name").Offset(offset)
	if limit > 0 {
		q = q.Limit(limit)
	}
	var names []string
	err := q.Pluck("name", &names).Error
	return names, s.wrap(err)
}

// CreateDataset validates and stores a new dataset with its resources, tags and group
// memberships. Organization and groups may be given by id or name. On success d holds
// the stored values (ids, timestamps, resolved references).
func (s *Store) CreateDataset(ctx context.Context, d *Dataset) error {
	return s.saveDataset(ctx, d, false)
}

// UpdateDataset replaces a dataset, found by d.ID or d.Name, as package_update does:
// resources, tags, groups and extras not given are removed.
func (s *Store) UpdateDataset(ctx context.Context, d *Dataset) error {
	return s.saveDataset(ctx, d, true)
}

// UpsertDataset updates the dataset with d's id or name, or creates it; `khlang import`
// uses it so that loading the same dump twice changes nothing.
func (s *Store) UpsertDataset(ctx context.Context, d *Dataset) (created bool, err error) {
	var n int64
	q := s.db.WithContext(ctx).Model(&Dataset{})
	if d.ID != "" {
		q = q.Where("id = ? OR name = ?", d.ID, d.Name)
	} else {
		q = q.Where("name = ?", d.Name)
	}
	if err := q.Count(&n).Error; err != nil {
		return false, s.wrap(err)
	}
	if n == 0 {
		return true, s.CreateDataset(ctx, d)
	}
	return false, s.UpdateDataset(ctx, d)
}

func (s *Store) saveDataset(ctx context.Context, d *Dataset, update bool) error {
	if d.State == "" {
		d.State = StateActive
	}
	if d.Type == "" {
		d.Type = "dataset"
	}
	if err := d.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		now := s.now()
		var existing *Dataset
		if update {
			var cur Dataset
			q := tx.Clauses(clause.Locking{Strength: "UPDATE"})
			if d.ID != "" {
				q = q.Where("id = ?", d.ID)
			} else {
				q = q.Where("name = ?", d.Name)
			}
			if err := q.First(&cur).Error; err != nil {
				if errors.Is(err, gorm.ErrRecordNotFound) {
					// An import may carry a dump's id for a dataset we hold under that name.
					if err2 := tx.Where("name = ?", d.Name).First(&cur).Error; err2 != nil {
						return NotFound("Package was not found.")
					}
				} else {
					return err
				}
			}
			existing = &cur
			d.ID = cur.ID
			d.MetadataCreated = cur.MetadataCreated
			d.Type = cur.Type // CKAN keeps the type on update
			if d.CreatorUserID == nil {
				d.CreatorUserID = cur.CreatorUserID
			}
		} else {
			if d.ID == "" {
				d.ID = newID()
			} else if !isUUID(d.ID) {
				return Invalid("id", "Invalid id: must be a UUID")
			} else {
				var n int64
				if err := tx.Model(&Dataset{}).Where("id = ?", d.ID).Count(&n).Error; err != nil {
					return err
				}
				if n > 0 {
					return Invalid("id", "Dataset id already exists")
				}
			}
			if d.MetadataCreated.IsZero() {
				d.MetadataCreated = now
			}
		}
		if d.MetadataModified.IsZero() || update {
			d.MetadataModified = now
		}
		if err := s.claimName(tx, d.ID, d.Name); err != nil {
			return err
		}
		if err := s.resolveOrg(tx, d); err != nil {
			return err
		}
		groups, err := s.resolveGroups(tx, d.Groups)
		if err != nil {
			return err
		}
		tags, err := s.resolveTags(tx, d.Tags)
		if err != nil {
			return err
		}
		resources := d.Resources
		d.Organization, d.Groups, d.Tags, d.Resources = nil, nil, nil, nil
		if existing != nil {
			err = tx.Select("*").Omit(clause.Associations).Save(d).Error
		} else {
			err = tx.Omit(clause.Associations).Create(d).Error
		}
		if err != nil {
			return err
		}
		if err := s.saveResources(tx, d.ID, resources, now); err != nil {
			return err
		}
		if err := replaceJoin(tx, "package_tags", "tag_id", d.ID, tagIDs(tags)); err != nil {
			return err
		}
		if err := replaceJoin(tx, "package_groups", "group_id", d.ID, groupIDs(groups)); err != nil {
			return err
		}
		if err := s.logChange(tx, KindDataset, d.ID); err != nil {
			return err
		}
		// Give the caller what a reader will see.
		var stored Dataset
		if err := withDatasetAssociations(tx).Where("id = ?", d.ID).First(&stored).Error; err != nil {
			return err
		}
		typ := ActivityNewPackage
		switch {
		case existing != nil && stored.State == StateDeleted && existing.State != StateDeleted:
			typ = ActivityDeletedPackage
		case existing != nil:
			typ = ActivityChangedPackage
		}
		if err := s.recordDatasetActivity(ctx, tx, &stored, typ); err != nil {
			return err
		}
		*d = stored
		return nil
	})
}

// claimName makes the name free for dataset id: a deleted dataset holding it is renamed
// to its own id, as CKAN does; a live one is a validation error.
func (s *Store) claimName(tx *gorm.DB, id, name string) error {
	var other Dataset
	err := tx.Select("id", "state").Where("name = ? AND id <> ?", name, id).First(&other).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if other.State != StateDeleted {
		return Invalid("name", "That URL is already in use.")
	}
	return tx.Model(&Dataset{}).Where("id = ?", other.ID).Update("name", other.ID).Error
}

func (s *Store) resolveOrg(tx *gorm.DB, d *Dataset) error {
	if d.OwnerOrg == nil || *d.OwnerOrg == "" {
		d.OwnerOrg = nil
		if d.Private {
			return Invalid("private", "Datasets with no organization can't be private.")
		}
		return nil
	}
	var org Group
	err := tx.Where("(id = ? OR name = ?) AND is_organization = ? AND state = ?", *d.OwnerOrg, *d.OwnerOrg, true, StateActive).First(&org).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Invalid("owner_org", "Organization does not exist")
	}
	if err != nil {
		return err
	}
	d.OwnerOrg = &org.ID
	return nil
}

func (s *Store) resolveGroups(tx *gorm.DB, refs []Group) ([]Group, error) {
	out := make([]Group, 0, len(refs))
	seen := map[string]bool{}
	for _, ref := range refs {
		key := ref.ID
		if key == "" {
			key = ref.Name
		}
		var g Group
		err := tx.Where("(id = ? OR name = ?) AND is_organization = ? AND state = ?", key, key, false, StateActive).First(&g).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, Invalid("groups", fmt.Sprintf("Group %q was not found.", key))
		}
		if err != nil {
			return nil, err
		}
		if !seen[g.ID] {
			seen[g.ID] = true
			out = append(out, g)
		}
	}
	return out, nil
}

func (s *Store) resolveTags(tx *gorm.DB, refs []Tag) ([]Tag, error) {
	out := make([]Tag, 0, len(refs))
	seen := map[string]bool{}
	for _, ref := range refs {
		name := strings.TrimSpace(ref.Name)
		if seen[name] {
			continue
		}
		seen[name] = true
		var t Tag
		q := tx.Where("name = ?", name)
		if ref.VocabularyID == nil {
			q = q.Where("vocabulary_id IS NULL")
		} else {
			q = q.Where("vocabulary_id = ?", *ref.VocabularyID)
		}
		err := q.First(&t).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			t = Tag{ID: newID(), Name: name, VocabularyID: ref.VocabularyID}
			err = tx.Create(&t).Error
		}
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

func (s *Store) saveResources(tx *gorm.DB, packageID string, rs []Resource, now time.Time) error {
	keep := make([]string, 0, len(rs))
	for i := range rs {
		r := &rs[i]
		r.PackageID = packageID
		r.Position = i
		if r.State == "" || r.State == StateDeleted {
			r.State = StateActive
		}
		r.MetadataModified = now
		if r.ID == "" {
			r.ID = newID()
		}
		var cur Resource
		err := tx.Select("id", "package_id", "created", "datastore_active").Where("id = ?", r.ID).First(&cur).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			if r.Created.IsZero() {
				r.Created = now
			}
			err = tx.Create(r).Error
		case err != nil:
		case cur.PackageID != packageID:
			return Invalid("resources", fmt.Sprintf("Resource %s belongs to another dataset", r.ID))
		default:
			r.Created = cur.Created
			err = tx.Select("*").Save(r).Error
		}
		if err != nil {
			return err
		}
		keep = append(keep, r.ID)
	}
	q := tx.Where("package_id = ?", packageID)
	if len(keep) > 0 {
		q = q.Where("id NOT IN ?", keep)
	}
	return q.Delete(&Resource{}).Error
}

// replaceJoin makes the join table hold exactly ids for the package.
func replaceJoin(tx *gorm.DB, table, col, packageID string, ids []string) error {
	if err := tx.Table(table).Where("package_id = ?", packageID).Delete(nil).Error; err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil
	}
	rows := make([]map[string]any, 0, len(ids))
	for _, id := range ids {
		rows = append(rows, map[string]any{"package_id": packageID, col: id})
	}
	return tx.Table(table).Create(rows).Error
}

func tagIDs(ts []Tag) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.ID
	}
	return out
}

func groupIDs(gs []Group) []string {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = g.ID
	}
	return out
}

func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch i {
		case 8, 13, 18, 23:
			if r != '-' {
				return false
			}
		default:
			if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
				return false
			}
		}
	}
	return true
}

// DeleteDataset marks a dataset deleted (CKAN's soft delete): it leaves search and its
// groups, and its name may be taken by a new dataset.
func (s *Store) DeleteDataset(ctx context.Context, idOrName string) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		var d Dataset
		if err := tx.Select("id").Where("id = ? OR name = ?", idOrName, idOrName).First(&d).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return NotFound("Package was not found.")
			}
			return err
		}
		if err := tx.Model(&Dataset{}).Where("id = ?", d.ID).Updates(map[string]any{"state": StateDeleted, "metadata_modified": s.now()}).Error; err != nil {
			return err
		}
		if err := tx.Table("package_groups").Where("package_id = ?", d.ID).Delete(nil).Error; err != nil {
			return err
		}
		if err := s.logChange(tx, KindDataset, d.ID); err != nil {
			return err
		}
		var stored Dataset
		if err := withDatasetAssociations(tx).Where("id = ?", d.ID).First(&stored).Error; err != nil {
			return err
		}
		return s.recordDatasetActivity(ctx, tx, &stored, ActivityDeletedPackage)
	})
}

// PurgeDataset removes a dataset, its resources and its tag and group links for good
// (CKAN's dataset_purge). Its activities stay, still filtered by their labels.
func (s *Store) PurgeDataset(ctx context.Context, idOrName string) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		var d Dataset
		if err := tx.Select("id").Where("id = ? OR name = ?", idOrName, idOrName).First(&d).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return NotFound("Package was not found.")
			}
			return err
		}
		for _, table := range []string{"package_tags", "package_groups"} {
			if err := tx.Table(table).Where("package_id = ?", d.ID).Delete(nil).Error; err != nil {
				return err
			}
		}
		if err := tx.Where("package_id = ?", d.ID).Delete(&Resource{}).Error; err != nil {
			return err
		}
		if err := tx.Where("id = ?", d.ID).Delete(&Dataset{}).Error; err != nil {
			return err
		}
		return s.logChange(tx, KindDataset, d.ID)
	})
}
