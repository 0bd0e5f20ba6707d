package catalog

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
)

// Extras that mark a dataset as harvested, as ckanext-harvest names them. A harvested
// dataset belongs to its source: the harvester rewrites it on every change at the source,
// so local edits would be lost, and the write API must refuse them (see IsHarvested).
const (
	ExtraHarvestSourceID  = "harvest_source_id"
	ExtraHarvestObjectID  = "harvest_object_id"
	ExtraHarvestSourceURL = "harvest_source_url"
	ExtraHarvestGUID      = "guid"
)

// IsHarvested reports whether the dataset was harvested from another catalog (it carries
// a harvest_source_id extra). The write API must refuse to change such a dataset locally.
func IsHarvested(d *Dataset) bool {
	return d != nil && d.Extra(ExtraHarvestSourceID) != ""
}

// Extra returns the value of the dataset's extra with that key ("" when absent).
func (d *Dataset) Extra(key string) string {
	for _, e := range d.Extras {
		if e.Key == key {
			return e.Value
		}
	}
	return ""
}

// HarvestSource is a remote catalog that datasets are harvested from. Config holds the
// type-specific settings as JSON; the harvest package reads it.
type HarvestSource struct {
	ID      string `gorm:"primaryKey;size:36"`
	Name    string `gorm:"size:100;not null;uniqueIndex"`
	Type    string `gorm:"size:20;not null"`
	URL     string `gorm:"type:text;not null"`
	Org     string `gorm:"size:100"` // local organization (name or id) harvested datasets go to
	Config  string `gorm:"type:text"`
	Created time.Time
	// Frequency is how often the server's scheduler harvests the source: MANUAL (or
	// empty: only on demand), DAILY, WEEKLY, BIWEEKLY or MONTHLY, as ckanext-harvest
	// names them. The next run is due that long after the start of the last one.
	Frequency string `gorm:"size:20"`
}

// HarvestError is the failure of one harvested dataset: its id (or the remote identifier
// when it has none yet) and the message.
type HarvestError struct {
	ID      string `json:"id"`
	Message string `json:"message"`
}

// Harvest run statuses.
const (
	HarvestOK     = "ok"     // every dataset was harvested
	HarvestErrors = "errors" // the run finished, but some datasets failed
	HarvestFailed = "failed" // the source could not be read; Message says why
	// HarvestRunning marks a run under way; at most one per source, across processes.
	HarvestRunning = "running"
)

// HarvestRun is the report of one harvest of a source.
type HarvestRun struct {
	ID       string    `gorm:"primaryKey;size:36"`
	SourceID string    `gorm:"size:36;not null;index"`
	Started  time.Time `gorm:"index"`
	Finished time.Time
	// Full is set when the whole source was read (not only what changed since the last
	// run); only full runs withdraw datasets that disappeared at the source.
	Full      bool           `gorm:"not null;default:false"`
	Status    string         `gorm:"size:20;not null"`
	Created   int            `gorm:"not null;default:0"`
	Updated   int            `gorm:"not null;default:0"`
	Unchanged int            `gorm:"not null;default:0"`
	Deleted   int            `gorm:"not null;default:0"`
	Errors    []HarvestError `gorm:"serializer:json;type:text"`
	Message   string         `gorm:"type:text"`
	// LeaseUntil is when a running run is given up for dead unless its process renews it
	// (see StartHarvestRun).
	LeaseUntil time.Time
}

// harvestMigrated remembers the stores whose harvest tables exist.
var harvestMigrated sync.Map

// MigrateHarvest creates the harvest_sources and harvest_runs tables when missing. The
// harvest methods call it on first use; calling it again is cheap.
func (s *Store) MigrateHarvest(ctx context.Context) error {
	if _, ok := harvestMigrated.Load(s); ok {
		return nil
	}
	if err := s.db.WithContext(ctx).AutoMigrate(&HarvestSource{}, &HarvestRun{}); err != nil {
		return fmt.Errorf("migrate harvest tables: %w", s.wrap(err))
	}
	// One running run per source, whichever process (server or CLI) started it: the
	// database refuses the second, so two processes cannot both pass a check.
	if err := s.db.WithContext(ctx).Exec(`CREATE UNIQUE INDEX IF NOT EXISTS harvest_runs_one_running
		ON harvest_runs (source_id) WHERE status = 'running'`).Error; err != nil {
		return fmt.Errorf("migrate harvest tables: %w", s.wrap(err))
	}
	harvestMigrated.Store(s, true)
	return nil
}

// CreateHarvestSource stores a new source; its name must be a valid, unused name.
func (s *Store) CreateHarvestSource(ctx context.Context, src *HarvestSource) error {
	if err := s.MigrateHarvest(ctx); err != nil {
		return err
	}
	v := &ValidationError{}
	for _, m := range ValidateName(src.Name) {
		v.Add("name", m)
	}
	if src.Type == "" {
		v.Add("type", "Missing value")
	}
	if !validURL(src.URL) {
		v.Add("url", "Please provide a valid URL")
	}
	if err := v.orNil(); err != nil {
		return err
	}
	if src.ID == "" {
		src.ID = newID()
	}
	if src.Created.IsZero() {
		src.Created = s.now()
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&HarvestSource{}).Where("name = ? OR id = ?", src.Name, src.ID).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return Invalid("name", "Harvest source name already exists")
		}
		return tx.Create(src).Error
	})
}

// SetHarvestSourceFrequency changes how often the source with that id or name is
// harvested; the harvest package checks the value.
func (s *Store) SetHarvestSourceFrequency(ctx context.Context, idOrName, frequency string) error {
	src, err := s.HarvestSource(ctx, idOrName)
	if err != nil {
		return err
	}
	err = s.db.WithContext(ctx).Model(&HarvestSource{}).Where("id = ?", src.ID).Update("frequency", frequency).Error
	return s.wrap(err)
}

// HarvestSources lists the sources by name.
func (s *Store) HarvestSources(ctx context.Context) ([]HarvestSource, error) {
	if err := s.MigrateHarvest(ctx); err != nil {
		return nil, err
	}
	var out []HarvestSource
	err := s.db.WithContext(ctx).Order("name").Find(&out).Error
	return out, s.wrap(err)
}

// HarvestSource returns the source with that id or name.
func (s *Store) HarvestSource(ctx context.Context, idOrName string) (*HarvestSource, error) {
	if err := s.MigrateHarvest(ctx); err != nil {
		return nil, err
	}
	var src HarvestSource
	err := s.db.WithContext(ctx).Where("id = ? OR name = ?", idOrName, idOrName).First(&src).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, NotFound("Harvest source was not found.")
	}
	return &src, s.wrap(err)
}

// SaveHarvestRun stores the report of a run (inserting it, or replacing it by ID).
func (s *Store) SaveHarvestRun(ctx context.Context, r *HarvestRun) error {
	if err := s.MigrateHarvest(ctx); err != nil {
		return err
	}
	if r.ID == "" {
		r.ID = newID()
	}
	return s.wrap(s.db.WithContext(ctx).Save(r).Error)
}

// StartHarvestRun records r as the source's running run, held until r.LeaseUntil; the
// process keeps it with RenewHarvestRun and ends it by saving the finished report with
// SaveHarvestRun. A running run whose lease has passed (its process died) is marked
// failed first. While another run of the source holds its lease, it returns ErrBusy
// and records nothing.
func (s *Store) StartHarvestRun(ctx context.Context, r *HarvestRun) error {
	if err := s.MigrateHarvest(ctx); err != nil {
		return err
	}
	if r.ID == "" {
		r.ID = newID()
	}
	r.Status = HarvestRunning
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Model(&HarvestRun{}).
			Where("source_id = ? AND status = ? AND lease_until < ?", r.SourceID, HarvestRunning, r.Started).
			Updates(map[string]any{"status": HarvestFailed, "finished": r.Started,
				"message": "abandoned: the process running it stopped before it finished"}).Error; err != nil {
			return err
		}
		return tx.Create(r).Error
	})
	if err == nil {
		return nil
	}
	// The unique index (or SQLite's single writer) refused the insert: say who holds it.
	var other HarvestRun
	if ferr := s.db.WithContext(ctx).Where("source_id = ? AND status = ?", r.SourceID, HarvestRunning).
		First(&other).Error; ferr == nil {
		return fmt.Errorf("%w: a harvest of this source has been running since %s (run %s)",
			ErrBusy, FormatTime(other.Started), other.ID)
	}
	return s.wrap(err)
}

// RenewHarvestRun extends a running run's lease.
func (s *Store) RenewHarvestRun(ctx context.Context, id string, until time.Time) error {
	return s.wrap(s.db.WithContext(ctx).Model(&HarvestRun{}).
		Where("id = ? AND status = ?", id, HarvestRunning).Update("lease_until", until).Error)
}

// HarvestRuns lists the runs of a source, newest first; limit <= 0 means all.
func (s *Store) HarvestRuns(ctx context.Context, sourceID string, limit int) ([]HarvestRun, error) {
	if err := s.MigrateHarvest(ctx); err != nil {
		return nil, err
	}
	q := s.db.WithContext(ctx).Where("source_id = ?", sourceID).Order("started DESC, id")
	if limit > 0 {
		q = q.Limit(limit)
	}
	var out []HarvestRun
	err := q.Find(&out).Error
	return out, s.wrap(err)
}

// HarvestRunCount is how many runs of the source are recorded.
func (s *Store) HarvestRunCount(ctx context.Context, sourceID string) (int, error) {
	if err := s.MigrateHarvest(ctx); err != nil {
		return 0, err
	}
	var n int64
	err := s.db.WithContext(ctx).Model(&HarvestRun{}).Where("source_id = ?", sourceID).Count(&n).Error
	return int(n), s.wrap(err)
}

// HarvestRun returns the run (report) with that id.
func (s *Store) HarvestRun(ctx context.Context, id string) (*HarvestRun, error) {
	if err := s.MigrateHarvest(ctx); err != nil {
		return nil, err
	}
	var r HarvestRun
	err := s.db.WithContext(ctx).Where("id = ?", id).First(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, NotFound("Harvest job not found")
	}
	return &r, s.wrap(err)
}

// HarvestSourceOrg is the organization a source harvests into, or nil when it names none
// (or one since deleted).
func (s *Store) HarvestSourceOrg(ctx context.Context, src *HarvestSource) (*Group, error) {
	if src.Org == "" {
		return nil, nil
	}
	g, err := s.Group(ctx, src.Org, true)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	return g, err
}

// HarvestedDataset is what the harvester needs to know of a local dataset of a source.
type HarvestedDataset struct {
	ID, Name, State string
	GUID            string // the dataset's identifier at the source
	ObjectID        string // the harvest_object_id of the version last harvested
}

// HarvestedDatasets lists the local datasets (in any state) harvested from the source,
// reading only their ids, names, states and extras.
func (s *Store) HarvestedDatasets(ctx context.Context, sourceID string) ([]HarvestedDataset, error) {
	type row struct {
		ID, Name, State string
		Extras          []Extra `gorm:"serializer:json"`
	}
	// Extras are a JSON list of {"key","value"} objects in a text column; the LIKE narrows
	// the scan ("_" matching any character only widens it) and the exact test below decides.
	like := "%" + strings.ReplaceAll(fmt.Sprintf(`"key":%q,"value":%q`, ExtraHarvestSourceID, sourceID), "%", "") + "%"
	var rows []row
	err := s.db.WithContext(ctx).Model(&Dataset{}).Select("id", "name", "state", "extras").
		Where("extras LIKE ?", like).Order("id").Scan(&rows).Error
	if err != nil {
		return nil, s.wrap(err)
	}
	out := make([]HarvestedDataset, 0, len(rows))
	for _, r := range rows {
		d := Dataset{Extras: r.Extras}
		if d.Extra(ExtraHarvestSourceID) != sourceID {
			continue
		}
		out = append(out, HarvestedDataset{ID: r.ID, Name: r.Name, State: r.State,
			GUID: d.Extra(ExtraHarvestGUID), ObjectID: d.Extra(ExtraHarvestObjectID)})
	}
	return out, nil
}

// EnsureGroupFromDict returns the local organization (isOrg) or group named in a remote
// CKAN dict, creating it from the dict's name, title, description and image when there is
// none. An existing one is left as it is, so harvesting it again writes nothing.
func (s *Store) EnsureGroupFromDict(ctx context.Context, m Dict, isOrg bool) (*Group, error) {
	g, err := groupFromDict(m, isOrg)
	if err != nil {
		return nil, err
	}
	if g.ImageURL == "" {
		g.ImageURL, _ = m["image_display_url"].(string)
	}
	var cur Group
	err = s.db.WithContext(ctx).Where("name = ?", g.Name).First(&cur).Error
	switch {
	case err == nil:
		if cur.IsOrganization != isOrg {
			return nil, Invalid("name", "Group name already exists in database")
		}
		return &cur, nil
	case !errors.Is(err, gorm.ErrRecordNotFound):
		return nil, s.wrap(err)
	}
	if err := s.CreateGroup(ctx, g); err != nil {
		return nil, err
	}
	return g, nil
}
