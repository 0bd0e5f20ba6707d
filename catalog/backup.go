package catalog

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// ErrBackupUnsupported is returned by BackupTo on PostgreSQL, whose own tools (pg_dump,
// base backups) are the way to copy it.
var ErrBackupUnsupported = errors.New("online backup copies SQLite files; back up PostgreSQL with pg_dump")

// BackupTo writes a consistent copy of the SQLite catalog to path while the catalog stays
// in use: VACUUM INTO reads one snapshot of the database, so writes that land meanwhile
// are either wholly in the copy or wholly not. path must not exist yet.
func (s *Store) BackupTo(ctx context.Context, path string) error {
	if s.backend != BackendSQLite {
		return ErrBackupUnsupported
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s already exists", path)
	}
	if err := s.db.WithContext(ctx).Exec("VACUUM INTO ?", path).Error; err != nil {
		return fmt.Errorf("backup catalog: %w", err)
	}
	return nil
}
