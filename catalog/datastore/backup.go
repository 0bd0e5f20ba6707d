package datastore

import (
	"context"
	"fmt"
	"os"

	"github.com/khlang/khlang/catalog"
)

// BackupTo writes a consistent copy of the SQLite DataStore to path while it stays in
// use (VACUUM INTO reads one snapshot). path must not exist yet.
func (s *Store) BackupTo(ctx context.Context, path string) error {
	if s.pg {
		return catalog.ErrBackupUnsupported
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s already exists", path)
	}
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("backup DataStore: %w", err)
	}
	return nil
}
