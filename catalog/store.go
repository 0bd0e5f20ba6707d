package catalog

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/google/uuid"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Backend names.
const (
	BackendSQLite   = "sqlite"
	BackendPostgres = "postgres"
)

// Store keeps the catalog in SQLite (the embedded default) or PostgreSQL, through GORM.
// Every write runs in one transaction that also appends to the change log.
type Store struct {
	db      *gorm.DB
	backend string
	now     func() time.Time
	log     *slog.Logger
}

// IsPostgresDSN reports whether dsn names a PostgreSQL database rather than a SQLite file.
func IsPostgresDSN(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens (creating and migrating when needed) the catalog named by dsn: a
// postgres:// URL, or the path of a SQLite file.
func Open(ctx context.Context, dsn string, log *slog.Logger) (*Store, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg := &gorm.Config{Logger: logger.Discard, TranslateError: true, SkipDefaultTransaction: true,
		NowFunc: func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }}
	var (
		db      *gorm.DB
		err     error
		backend string
	)
	if IsPostgresDSN(dsn) {
		backend = BackendPostgres
		db, err = gorm.Open(postgres.Open(dsn), cfg)
	} else {
		backend = BackendSQLite
		if dir := filepath.Dir(dsn); dir != "" {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, fmt.Errorf("create data folder: %w", err)
			}
		}
		// WAL lets readers run beside the single writer; synchronous=FULL makes an
		// acknowledged commit survive power loss; immediate transactions take the write
		// lock up front so two writers queue on busy_timeout instead of deadlocking.
		q := url.Values{}
		for _, p := range []string{"journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(1)", "busy_timeout(10000)"} {
			q.Add("_pragma", p)
		}
		q.Set("_txlock", "immediate")
		db, err = gorm.Open(sqlite.Open("file:"+dsn+"?"+q.Encode()), cfg)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s catalog: %w", backend, err)
	}
	s := &Store{db: db, backend: backend, now: cfg.NowFunc, log: log}
	if err := s.migrate(ctx); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) migrate(ctx context.Context) error {
	db := s.db.WithContext(ctx)
	if err := db.AutoMigrate(&Group{}, &Dataset{}, &Resource{}, &Tag{}, &User{}, &Member{}, &APIToken{}, &Change{}, &Activity{}); err != nil {
		return fmt.Errorf("migrate catalog: %w", err)
	}
	// Names are unique across all rows: CKAN renames a deleted dataset to its id when a
	// new one takes its name, so a plain unique index holds.
	for _, stmt := range []string{
		`CREATE UNIQUE INDEX IF NOT EXISTS idx_packages_name_unique ON packages (name)`,
		`CREATE INDEX IF NOT EXISTS idx_resources_package_position ON resources (package_id, position)`,
	} {
		if err := db.Exec(stmt).Error; err != nil {
			return fmt.Errorf("migrate catalog: %w", err)
		}
	}
	return nil
}

// Close releases the database.
func (s *Store) Close() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Backend is "sqlite" or "postgres".
func (s *Store) Backend() string { return s.backend }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return s.wrap(err)
	}
	return s.wrap(sqlDB.PingContext(ctx))
}

// SetClock replaces the clock (tests).
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// wrap turns a database error into a catalog error; GORM's errors never leave the package.
func (s *Store) wrap(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound):
		return ErrNotFound
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.Is(err, ErrNotFound), errors.Is(err, ErrInvalid), errors.Is(err, ErrNotAuthorized), errors.Is(err, ErrBusy):
		return err
	}
	s.log.Error("catalog storage", "err", err)
	return fmt.Errorf("%w: %v", ErrStorage, err)
}

// tx runs fn in a transaction; an error rolls everything back.
func (s *Store) tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.wrap(s.db.WithContext(ctx).Transaction(fn))
}

func newID() string { return uuid.NewString() }

// logChange appends to the change log inside the caller's transaction.
func (s *Store) logChange(tx *gorm.DB, kind, id string) error {
	return tx.Create(&Change{Kind: kind, EntityID: id, At: s.now()}).Error
}

// Changes returns change-log rows after seq, oldest first.
func (s *Store) Changes(ctx context.Context, after int64, limit int) ([]Change, error) {
	var out []Change
	err := s.db.WithContext(ctx).Where("seq > ?", after).Order("seq").Limit(limit).Find(&out).Error
	return out, s.wrap(err)
}

// LastChange is the newest change-log sequence number (0 when empty).
func (s *Store) LastChange(ctx context.Context) (int64, error) {
	var seq *int64
	err := s.db.WithContext(ctx).Model(&Change{}).Select("MAX(seq)").Scan(&seq).Error
	if seq == nil {
		return 0, s.wrap(err)
	}
	return *seq, s.wrap(err)
}
