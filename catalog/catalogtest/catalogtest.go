// Package catalogtest opens catalogs for tests on every backend: a SQLite file in a
// temporary folder always, and a fresh PostgreSQL database when KHLANG_TEST_POSTGRES
// names a server (CI sets it; without it, and outside CI, the PostgreSQL runs are skipped).
package catalogtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/khlang/khlang/catalog"
)

// Backend names a way to open a test catalog.
type Backend struct {
	Name string
	// DSN returns a DSN for a new, empty catalog that is dropped when the test ends.
	DSN func(t testing.TB) string
}

// Backends are SQLite and, when configured, PostgreSQL.
func Backends(t testing.TB) []Backend {
	out := []Backend{{Name: catalog.BackendSQLite, DSN: func(t testing.TB) string {
		return filepath.Join(t.TempDir(), "catalog.db")
	}}}
	admin := os.Getenv("KHLANG_TEST_POSTGRES")
	if admin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("KHLANG_TEST_POSTGRES is not set: CI must run the PostgreSQL tests (.ci/postgres.sh)")
		}
		return out
	}
	return append(out, Backend{Name: catalog.BackendPostgres, DSN: func(t testing.TB) string { return NewPostgresDB(t, admin) }})
}

var dbSeq atomic.Int64

// NewPostgresDB creates a database on the server of adminDSN for one test and returns its
// DSN; the database is dropped when the test ends.
func NewPostgresDB(t testing.TB, adminDSN string) string {
	t.Helper()
	admin, err := gorm.Open(postgres.Open(adminDSN), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatalf("connect to PostgreSQL: %v", err)
	}
	name := fmt.Sprintf("khlang_test_%d_%d", os.Getpid(), dbSeq.Add(1))
	if err := admin.Exec("DROP DATABASE IF EXISTS " + name).Error; err != nil {
		t.Fatal(err)
	}
	if err := admin.Exec("CREATE DATABASE " + name).Error; err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		_ = admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)").Error
		if db, err := admin.DB(); err == nil {
			_ = db.Close()
		}
	})
	u, err := url.Parse(adminDSN)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// Open opens an empty catalog on the backend, closed when the test ends.
func Open(t testing.TB, b Backend) *catalog.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := catalog.Open(ctx, b.DSN(t), nil)
	if err != nil {
		t.Fatalf("open %s catalog: %v", b.Name, err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// Each runs fn once per backend, as a subtest named after it, with an empty catalog.
func Each(t *testing.T, fn func(t *testing.T, s *catalog.Store)) {
	for _, b := range Backends(t) {
		t.Run(b.Name, func(t *testing.T) { fn(t, Open(t, b)) })
	}
}
