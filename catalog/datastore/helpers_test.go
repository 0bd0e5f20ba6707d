package datastore

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
)

type backend struct {
	name string
	dsn  func(t testing.TB) string
}

// backends are SQLite always and PostgreSQL when KHLANG_TEST_POSTGRES is set (required in CI).
func backends(t testing.TB) []backend {
	out := []backend{{catalog.BackendSQLite, func(t testing.TB) string { return filepath.Join(t.TempDir(), "datastore.db") }}}
	admin := os.Getenv("KHLANG_TEST_POSTGRES")
	if admin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("KHLANG_TEST_POSTGRES is not set: CI must run the PostgreSQL tests (.ci/postgres.sh)")
		}
		return out
	}
	return append(out, backend{catalog.BackendPostgres, func(t testing.TB) string { return catalogtest.NewPostgresDB(t, admin) }})
}

func openStore(t testing.TB, b backend, seg Segmenter) *Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := Open(ctx, b.dsn(t), seg, nil)
	if err != nil {
		t.Fatalf("open %s datastore: %v", b.name, err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// each runs fn on a fresh store per backend.
func each(t *testing.T, fn func(t *testing.T, s *Store)) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) { fn(t, openStore(t, b, nil)) })
	}
}

const bookID = "b0f1a2c3-0000-4000-8000-000000000001"

// createBooks makes CKAN's test table: book (text) and author (text) with two rows.
func createBooks(t *testing.T, s *Store) {
	t.Helper()
	_, err := s.Create(context.Background(), CreateRequest{
		ResourceID: bookID,
		Fields:     []Field{{ID: "book", Type: "text"}, {ID: "author", Type: "text"}},
		Records: []map[string]any{
			{"book": "annakarenina", "author": "tolstoy"},
			{"book": "warandpeace", "author": "tolstoy"},
		},
	})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
}

// wantFieldErr asserts err is a ValidationError whose field has a message containing want.
func wantFieldErr(t *testing.T, err error, field, want string) {
	t.Helper()
	var ve *catalog.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want validation error on %s containing %q, got %v", field, want, err)
	}
	for _, m := range ve.Fields[field] {
		if strings.Contains(m, want) {
			return
		}
	}
	t.Fatalf("want %s error containing %q, got %v", field, want, ve.Fields)
}

func wantAuthErr(t *testing.T, err error, want string) {
	t.Helper()
	var ae *catalog.AuthError
	if !errors.As(err, &ae) || !strings.Contains(ae.Detail, want) {
		t.Fatalf("want authorization error %q, got %v", want, err)
	}
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func deepEqual(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s:\n got %#v\nwant %#v", what, got, want)
	}
}

func ptr[T any](v T) *T { return &v }
