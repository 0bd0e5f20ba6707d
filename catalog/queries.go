package catalog

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// publicActive restricts a packages query to what anonymous users may see.
func publicActive(db *gorm.DB) *gorm.DB {
	return db.Where("packages.state = ? AND packages.private = ?", StateActive, false)
}

// Tags lists the free tags of public active datasets, by name; query filters by substring.
func (s *Store) Tags(ctx context.Context, query string, limit, offset int) ([]Tag, error) {
	q := s.db.WithContext(ctx).Model(&Tag{}).Distinct("tags.id", "tags.name", "tags.vocabulary_id").
		Joins("JOIN package_tags ON package_tags.tag_id = tags.id").
		Joins("JOIN packages ON packages.id = package_tags.package_id").
		Scopes(publicActive).Where("tags.vocabulary_id IS NULL").Order("tags.name")
	if query != "" {
		q = q.Where("LOWER(tags.name) LIKE ?", "%"+strings.ToLower(query)+"%")
	}
	if limit > 0 {
		q = q.Limit(limit)
	}
	if offset > 0 {
		q = q.Offset(offset)
	}
	var out []Tag
	err := q.Find(&out).Error
	return out, s.wrap(err)
}

// Tag returns a free tag by id or name.
func (s *Store) Tag(ctx context.Context, idOrName string) (*Tag, error) {
	var t Tag
	err := s.db.WithContext(ctx).Where("(id = ? OR name = ?)", idOrName, idOrName).First(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, NotFound("Could not find tag \"" + idOrName + "\"")
	}
	return &t, s.wrap(err)
}

// TagDatasetIDs lists the ids of public active datasets carrying the tag, by name.
func (s *Store) TagDatasetIDs(ctx context.Context, tagID string, limit int) ([]string, error) {
	var ids []string
	err := s.db.WithContext(ctx).Table("packages").Select("packages.id").
		Joins("JOIN package_tags ON package_tags.package_id = packages.id").
		Where("package_tags.tag_id = ?", tagID).Scopes(publicActive).Order("packages.name").Limit(limit).
		Pluck("packages.id", &ids).Error
	return ids, s.wrap(err)
}

// Resource returns an active resource by id.
func (s *Store) Resource(ctx context.Context, id string) (*Resource, error) {
	var r Resource
	err := s.db.WithContext(ctx).Where("id = ? AND state = ?", id, StateActive).First(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, NotFound(fmt.Sprintf("Resource %q was not found.", id))
	}
	return &r, s.wrap(err)
}

// resourceSearchFields are the resource columns resource_search accepts.
var resourceSearchFields = map[string]string{"name": "name", "description": "description", "format": "format",
	"url": "url", "hash": "hash", "id": "id", "package_id": "package_id", "mimetype": "mimetype",
	"mimetype_inner": "mimetype_inner", "resource_type": "resource_type", "url_type": "url_type",
	"position": "position", "state": "state"}

// ResourceQuery is resource_search's input: field:value terms, AND-ed.
type ResourceQuery struct {
	Terms         map[string][]string
	OrderBy       string
	Limit, Offset int
}

// SearchResources finds active resources of public active datasets, as resource_search
// does: case-insensitive substring match, except hash which matches a prefix.
func (s *Store) SearchResources(ctx context.Context, rq ResourceQuery) ([]Resource, int64, error) {
	q := s.db.WithContext(ctx).Model(&Resource{}).
		Joins("JOIN packages ON packages.id = resources.package_id").Scopes(publicActive).
		Where("resources.state = ?", StateActive)
	for field, values := range rq.Terms {
		col, ok := resourceSearchFields[field]
		if !ok {
			return nil, 0, Invalid("query", fmt.Sprintf("Field %q not recognised in resource_search.", field))
		}
		for _, v := range values {
			switch col {
			case "hash":
				q = q.Where("LOWER(resources.hash) LIKE ?", strings.ToLower(escapeLike(v))+"%")
			case "position":
				q = q.Where("resources.position = ?", v)
			default:
				q = q.Where("LOWER(resources."+col+") LIKE ?", "%"+strings.ToLower(escapeLike(v))+"%")
			}
		}
	}
	var n int64
	if err := q.Count(&n).Error; err != nil {
		return nil, 0, s.wrap(err)
	}
	order := "resources.package_id, resources.position"
	if rq.OrderBy != "" {
		col, ok := resourceSearchFields[rq.OrderBy]
		if !ok {
			return nil, 0, Invalid("order_by", fmt.Sprintf("Field %q not recognised in resource_search.", rq.OrderBy))
		}
		order = "resources." + col + ", resources.id"
	}
	q = q.Order(order).Offset(rq.Offset)
	if rq.Limit > 0 {
		q = q.Limit(rq.Limit)
	}
	var out []Resource
	err := q.Find(&out).Error
	return out, n, s.wrap(err)
}

// escapeLike neutralises LIKE wildcards in user input; both backends treat backslash as
// the escape character by default only on PostgreSQL, so % and _ are simply removed.
func escapeLike(s string) string {
	return strings.NewReplacer("%", "", "_", "").Replace(s)
}

// Formats returns lower-cased resource formats containing q, most used first, as
// format_autocomplete does.
func (s *Store) Formats(ctx context.Context, q string, limit int) ([]string, error) {
	type row struct {
		F string
		N int
	}
	var rows []row
	err := s.db.WithContext(ctx).Model(&Resource{}).Select("LOWER(resources.format) AS f, COUNT(*) AS n").
		Joins("JOIN packages ON packages.id = resources.package_id").Scopes(publicActive).
		Where("resources.state = ? AND resources.format <> '' AND LOWER(resources.format) LIKE ?", StateActive, "%"+strings.ToLower(escapeLike(q))+"%").
		Group("LOWER(resources.format)").Order("n DESC, f").Limit(limit).Scan(&rows).Error
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.F
	}
	return out, s.wrap(err)
}

// DatasetIDsOfGroup lists the ids of datasets owned by an organization or in a group, in
// any state; the search syncer reindexes them when the group changes.
func (s *Store) DatasetIDsOfGroup(ctx context.Context, groupID string) ([]string, error) {
	var ids []string
	err := s.db.WithContext(ctx).Model(&Dataset{}).
		Where("owner_org = ? OR id IN (?)", groupID, s.db.Table("package_groups").Select("package_id").Where("group_id = ?", groupID)).
		Pluck("id", &ids).Error
	return ids, s.wrap(err)
}
