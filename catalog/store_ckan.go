package catalog

import (
	"context"
	"strings"

	"gorm.io/gorm/clause"
)

// GroupsByName loads organizations and groups by name in one query; the CKAN API uses it
// to give facet values (which are names) their display titles without one lookup per value.
func (s *Store) GroupsByName(ctx context.Context, names []string) (map[string]*Group, error) {
	out := map[string]*Group{}
	if len(names) == 0 {
		return out, nil
	}
	var rows []*Group
	if err := s.db.WithContext(ctx).Where("name IN ?", names).Find(&rows).Error; err != nil {
		return nil, s.wrap(err)
	}
	for _, g := range rows {
		out[g.Name] = g
	}
	return out, nil
}

// DatasetRef is a dataset's name and titles, all that autocompletion shows.
type DatasetRef struct {
	ID      string
	Name    string
	Title   string
	TitleEN string
}

// AutocompleteDatasets finds public active datasets whose name or title (Thai or English)
// contains q, case-insensitively: those matching by name first, then by title, each by
// name. Only public datasets are searched because autocompletion runs for anyone.
func (s *Store) AutocompleteDatasets(ctx context.Context, q string, limit int) ([]DatasetRef, error) {
	q = strings.TrimSpace(escapeLike(q))
	if q == "" {
		return nil, nil // a query of only wildcards would otherwise list every dataset
	}
	like := "%" + strings.ToLower(q) + "%"
	var rows []DatasetRef
	err := s.db.WithContext(ctx).Model(&Dataset{}).Select("id", "name", "title", "title_en").Scopes(publicActive).
		Where("LOWER(name) LIKE ? OR LOWER(title) LIKE ? OR LOWER(title_en) LIKE ?", like, like, like).
		Order(clause.OrderBy{Expression: clause.Expr{SQL: "CASE WHEN LOWER(name) LIKE ? THEN 0 ELSE 1 END, name", Vars: []any{like}}}).
		Limit(limit).Scan(&rows).Error
	return rows, s.wrap(err)
}

// CreatedPackageCounts counts the public active datasets each user created, in one query,
// for the users of organization_show.
func (s *Store) CreatedPackageCounts(ctx context.Context, userIDs []string) (map[string]int, error) {
	out := map[string]int{}
	if len(userIDs) == 0 {
		return out, nil
	}
	type row struct {
		ID string
		N  int
	}
	var rows []row
	err := s.db.WithContext(ctx).Model(&Dataset{}).Select("creator_user_id AS id, COUNT(*) AS n").Scopes(publicActive).
		Where("creator_user_id IN ?", userIDs).Group("creator_user_id").Scan(&rows).Error
	if err != nil {
		return nil, s.wrap(err)
	}
	for _, r := range rows {
		out[r.ID] = r.N
	}
	return out, nil
}
