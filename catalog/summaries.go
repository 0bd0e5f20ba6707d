package catalog

import (
	"context"
	"database/sql"
	"strings"
)

// DatasetSummary is what a list of datasets shows of each one: enough to link to it,
// title it, quote its notes, name its organization and badge its formats. Lists read
// it instead of the whole Dataset because tags, groups, extras and every resource's
// fields cost most of a search page's time and are not shown there.
type DatasetSummary struct {
	ID, Name       string
	Title, TitleEN string
	Notes, NotesEN string
	State          string
	Private        bool
	OwnerOrg       *string
	Organization   *Group
	Formats        []string // the active resources' formats, upper-cased, each once, in resource order
}

// DatasetSummaries loads the summaries of the datasets with these ids, in the order of
// ids; ids that match no dataset are left out. Like DatasetsByID it does not check
// permissions: the caller asks only for ids the reader may see (a search answer).
func (s *Store) DatasetSummaries(ctx context.Context, ids []string) ([]*DatasetSummary, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	// Scanned by hand: gorm's reflection over the rows cost as much as the query.
	cur, err := s.db.WithContext(ctx).Model(&Dataset{}).
		Select("id", "name", "title", "title_en", "notes", "notes_en", "state", "private", "owner_org").
		Where("id IN ?", ids).Rows()
	if err != nil {
		return nil, s.wrap(err)
	}
	defer cur.Close()
	rows := make([]*DatasetSummary, 0, len(ids))
	byID := make(map[string]*DatasetSummary, len(ids))
	var orgIDs []string
	for cur.Next() {
		d := &DatasetSummary{}
		var org sql.NullString
		if err := cur.Scan(&d.ID, &d.Name, &d.Title, &d.TitleEN, &d.Notes, &d.NotesEN, &d.State, &d.Private, &org); err != nil {
			return nil, s.wrap(err)
		}
		if org.Valid {
			d.OwnerOrg = &org.String
			orgIDs = append(orgIDs, org.String)
		}
		rows = append(rows, d)
		byID[d.ID] = d
	}
	if err := cur.Err(); err != nil {
		return nil, s.wrap(err)
	}

	var formats []struct{ PackageID, Format string }
	err = s.db.WithContext(ctx).Model(&Resource{}).Select("package_id", "format").
		Where("package_id IN ? AND state = ? AND format <> ''", ids, StateActive).
		Order("package_id").Order("position").Scan(&formats).Error
	if err != nil {
		return nil, s.wrap(err)
	}
	for _, f := range formats {
		d := byID[f.PackageID]
		if d == nil {
			continue
		}
		up := strings.ToUpper(f.Format)
		seen := false
		for _, x := range d.Formats {
			seen = seen || x == up
		}
		if !seen {
			d.Formats = append(d.Formats, up)
		}
	}

	if len(orgIDs) > 0 {
		var orgs []*Group
		if err := s.db.WithContext(ctx).Where("id IN ?", orgIDs).Find(&orgs).Error; err != nil {
			return nil, s.wrap(err)
		}
		byOrg := make(map[string]*Group, len(orgs))
		for _, g := range orgs {
			byOrg[g.ID] = g
		}
		for _, d := range rows {
			if d.OwnerOrg != nil {
				d.Organization = byOrg[*d.OwnerOrg]
			}
		}
	}

	out := make([]*DatasetSummary, 0, len(ids))
	for _, id := range ids {
		if d, ok := byID[id]; ok {
			out = append(out, d)
		}
	}
	return out, nil
}
