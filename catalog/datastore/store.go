// Package datastore keeps the tabular data of resources (CKAN's DataStore): one real SQL
// table per resource with typed columns, a full-text column fed by an injected Thai-aware
// segmenter, CKAN-shaped create/upsert/delete/search/info operations, streaming dumps, a
// sandboxed read-only SQL endpoint and a streaming CSV/XLSX loader.
//
// It runs on a SQLite file (pure Go, WAL) or on a PostgreSQL database (a "datastore"
// schema). The package imports no project package other than catalog.
package datastore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode"

	_ "github.com/glebarez/go-sqlite"  // registers the pure-Go "sqlite" driver
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"github.com/khlang/khlang/catalog"
)

// Segmenter splits text into words. The caller hands in the Thai-aware analyser; the
// words are stored space-separated so SQLite FTS5 and PostgreSQL tsvector match them.
type Segmenter func(text string) []string

// Limits of datastore_search and datastore_search_sql, as CKAN configures them by default.
const (
	// RowsDefault is the limit when a search gives none.
	RowsDefault = 100
	// RowsMax silently caps a search limit and the rows of an SQL query.
	RowsMax = 32000
	// DefaultSQLTimeout bounds one datastore_search_sql statement (CKAN's _TIMEOUT).
	DefaultSQLTimeout = 60 * time.Second
)

// Store is the DataStore. It is safe for concurrent use.
type Store struct {
	db   *sql.DB
	pg   bool
	path string // SQLite file, opened again read-only by the SQL sandbox
	seg  Segmenter
	log  *slog.Logger

	// wmu guards writer, the SQLite connection that loads use (see loadSQLite).
	wmu    sync.Mutex
	writer *rawConn

	// metas caches searches' table metadata on SQLite (metacache.go).
	metas metaCache

	// SQLTimeout bounds SQL; tests shorten it.
	SQLTimeout time.Duration
}

// Open opens (creating when needed) the DataStore named by dsn: the path of a SQLite file
// or a postgres:// URL. seg may be nil, in which case text is split on whitespace.
func Open(ctx context.Context, dsn string, seg Segmenter, log *slog.Logger) (*Store, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if seg == nil {
		seg = strings.Fields
	}
	s := &Store{seg: seg, log: log, SQLTimeout: DefaultSQLTimeout}
	var err error
	if catalog.IsPostgresDSN(dsn) {
		s.pg = true
		s.db, err = sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("open datastore: %w", err)
		}
		s.db.SetMaxOpenConns(16)
	} else {
		if dir := filepath.Dir(dsn); dir != "" {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, fmt.Errorf("create datastore folder: %w", err)
			}
		}
		s.path = dsn
		// Immediate transactions take the write lock up front, so two writers queue on the
		// busy timeout instead of failing when a read lock would have to be upgraded.
		// Reads go through a memory map of the file (up to SQLite's 2 GiB cap): with only
		// the default 2 MiB page cache, every page of a search on a large table cost a
		// read system call (a count over 1M rows took 17 ms; mapped, 0.7 ms). Mapped pages
		// are the kernel's page cache, shared and reclaimable, not the process's heap.
		// Every connection gets khlang_rank, the rank of a full-text q (rank_sqlite.go).
		s.db, err = OpenSQLite(dsn + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
			"&_pragma=synchronous(NORMAL)&_pragma=mmap_size(2147418112)&_txlock=immediate")
		if err != nil {
			return nil, fmt.Errorf("open datastore: %w", err)
		}
		s.db.SetMaxOpenConns(8)
	}
	if err := s.migrate(ctx); err != nil {
		_ = s.db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error {
	s.wmu.Lock()
	if s.writer != nil {
		s.writer.close()
		s.writer = nil
	}
	s.wmu.Unlock()
	return s.db.Close()
}

// Backend reports catalog.BackendSQLite or catalog.BackendPostgres.
func (s *Store) Backend() string {
	if s.pg {
		return catalog.BackendPostgres
	}
	return catalog.BackendSQLite
}

func (s *Store) migrate(ctx context.Context) error {
	var stmts []string
	if s.pg {
		stmts = []string{
			`CREATE SCHEMA IF NOT EXISTS datastore`,
			`CREATE TABLE IF NOT EXISTS datastore._ds_tables (id text PRIMARY KEY, fields text NOT NULL,
				primary_key text NOT NULL DEFAULT '[]', indexes text NOT NULL DEFAULT '[]')`,
			`CREATE TABLE IF NOT EXISTS datastore._ds_aliases (name text PRIMARY KEY, resource_id text NOT NULL)`,
			s.statusDDL(),
		}
	} else {
		stmts = []string{
			`CREATE TABLE IF NOT EXISTS "_ds_tables" (id TEXT PRIMARY KEY, fields TEXT NOT NULL,
				primary_key TEXT NOT NULL DEFAULT '[]', indexes TEXT NOT NULL DEFAULT '[]')`,
			`CREATE TABLE IF NOT EXISTS "_ds_aliases" (name TEXT PRIMARY KEY, resource_id TEXT NOT NULL)`,
			s.statusDDL(),
		}
	}
	// row_count is the exact row count a load leaves; any other write clears it (see
	// tableMeta.RowCount). Files made before it existed gain it here.
	if s.pg {
		stmts = append(stmts, `ALTER TABLE datastore._ds_tables ADD COLUMN IF NOT EXISTS row_count bigint`)
	} else {
		stmts = append(stmts, valueCountsDDL...)
		stmts = append(stmts, versionDDL...)
		stmts = append(stmts, `ALTER TABLE "_ds_tables" ADD COLUMN row_count INTEGER`)
	}
	for _, q := range stmts {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			// Two servers starting together may race on CREATE SCHEMA; the loser finds it made.
			if s.pg && (strings.Contains(err.Error(), "duplicate key") || strings.Contains(err.Error(), "already exists")) {
				continue
			}
			if !s.pg && strings.Contains(err.Error(), "duplicate column name") {
				continue
			}
			return fmt.Errorf("migrate datastore: %w", err)
		}
	}
	return nil
}

// quoteIdent quotes a SQL identifier for both engines.
func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(strings.ReplaceAll(s, "\x00", ""), `"`, `""`) + `"`
}

// tbl is the quoted, schema-qualified name of a resource's table (or a suffixed helper).
func (s *Store) tbl(name string) string {
	if s.pg {
		return "datastore." + quoteIdent(name)
	}
	return quoteIdent(name)
}

// metaTbl names a lookup table of the DataStore itself.
func (s *Store) metaTbl(name string) string {
	if s.pg {
		return "datastore." + name
	}
	return quoteIdent(name)
}

// Helper tables share the resource id with a suffix containing '#', which no resource id
// or alias may contain, so they never collide with a user's table.
func ftsName(id string) string  { return id + "#fts" }
func loadName(id string) string { return id + "#load" }

var resourceIDRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$`)

// validResourceID keeps table names safe: CKAN resource ids are UUIDs, but any id made of
// letters, digits, '-' and '_' (not leading) is accepted.
func validResourceID(id string) bool { return resourceIDRe.MatchString(id) }

// validFieldName applies CKAN's rules: no leading '_', no '"', no surrounding whitespace,
// at most 63 characters (PostgreSQL's identifier limit).
func validFieldName(name string) bool {
	if name == "" || strings.HasPrefix(name, "_") || strings.Contains(name, `"`) || strings.ContainsRune(name, 0) {
		return false
	}
	if strings.TrimSpace(name) != name || len(name) > 63 {
		return false
	}
	return true
}

// validAlias applies CKAN's table-name rule to aliases.
func validAlias(name string) bool {
	if name == "" || len(name) > 63 || strings.HasPrefix(name, "_") || strings.ContainsAny(name, "\"%#") {
		return false
	}
	for _, r := range name {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// notFound is CKAN's 404 for an unknown resource.
func notFound(id string) error {
	return catalog.NotFound(fmt.Sprintf("Resource \"%s\" was not found.", id))
}

// storageErr wraps a database failure so the API layer shows a 500 without its detail.
func storageErr(op string, err error) error {
	return fmt.Errorf("%s: %w: %w", op, catalog.ErrStorage, err)
}

// tableMeta is what the DataStore records about a resource table.
type tableMeta struct {
	ID         string
	Fields     []Field
	PrimaryKey []string
	Indexes    [][]string
	// RowCount is the table's exact number of rows when known: a load sets it in the
	// transaction that fills the table, and every other write that may change the rows
	// clears it in its own transaction (rowsChanged); changes of fields, keys, indexes or
	// aliases keep it. An unfiltered search's
	// total is then read here instead of counted (a count over 10M rows takes
	// hundreds of milliseconds); without it the rows are counted.
	RowCount *int64
}

// rowsChanged clears a table's known row count; the caller's transaction changes rows.
func (s *Store) rowsChanged(ctx context.Context, q querier, id string) error {
	if _, err := q.ExecContext(ctx, "UPDATE "+s.metaTbl("_ds_tables")+" SET row_count = NULL WHERE id = "+s.p(1), id); err != nil {
		return storageErr("save datastore table", err)
	}
	return nil
}

func (m *tableMeta) field(id string) (Field, bool) {
	for _, f := range m.Fields {
		if f.ID == id {
			return f, true
		}
	}
	return Field{}, false
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// p is the n-th (1-based) bind placeholder.
func (s *Store) p(n int) string {
	if s.pg {
		return fmt.Sprintf("$%d", n)
	}
	return "?"
}

// loadMeta reads a table's metadata by resource id (not alias); ErrNotFound when absent.
func (s *Store) loadMeta(ctx context.Context, q querier, id string) (*tableMeta, error) {
	var fields, pk, idx string
	var count sql.NullInt64
	err := q.QueryRowContext(ctx, "SELECT fields, primary_key, indexes, row_count FROM "+s.metaTbl("_ds_tables")+
		" WHERE id = "+s.p(1), id).Scan(&fields, &pk, &idx, &count)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(id)
	}
	if err != nil {
		return nil, storageErr("read datastore table", err)
	}
	return decodeMeta(id, fields, pk, idx, count)
}

// decodeMeta builds a table's metadata from its _ds_tables row.
func decodeMeta(id, fields, pk, idx string, count sql.NullInt64) (*tableMeta, error) {
	m := &tableMeta{ID: id}
	if count.Valid {
		m.RowCount = &count.Int64
	}
	if err := json.Unmarshal([]byte(fields), &m.Fields); err != nil {
		return nil, storageErr("decode datastore fields", err)
	}
	_ = json.Unmarshal([]byte(pk), &m.PrimaryKey)
	_ = json.Unmarshal([]byte(idx), &m.Indexes)
	return m, nil
}

// resolveMeta reads the metadata of the table behind a resource id or an alias in one
// query (a search's only metadata round trip); NotFound with CKAN's text when absent.
func (s *Store) resolveMeta(ctx context.Context, idOrAlias string) (*tableMeta, error) {
	var id, fields, pk, idx string
	var count sql.NullInt64
	args := []any{idOrAlias} // PostgreSQL reuses $1; SQLite's ? binds in order
	if !s.pg {
		args = []any{idOrAlias, idOrAlias, idOrAlias}
	}
	err := s.db.QueryRowContext(ctx, "SELECT id, fields, primary_key, indexes, row_count FROM "+s.metaTbl("_ds_tables")+
		" WHERE id = "+s.p(1)+" OR id = (SELECT resource_id FROM "+s.metaTbl("_ds_aliases")+" WHERE name = "+s.p(1)+
		") ORDER BY id = "+s.p(1)+" DESC LIMIT 1", args...).Scan(&id, &fields, &pk, &idx, &count)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(idOrAlias)
	}
	if err != nil {
		return nil, storageErr("read datastore table", err)
	}
	return decodeMeta(id, fields, pk, idx, count)
}

func (s *Store) saveMeta(ctx context.Context, q querier, m *tableMeta) error {
	fields, _ := json.Marshal(m.Fields)
	pk, _ := json.Marshal(nonNil(m.PrimaryKey))
	idx, _ := json.Marshal(m.Indexes)
	if m.Indexes == nil {
		idx = []byte("[]")
	}
	_, err := q.ExecContext(ctx, "INSERT INTO "+s.metaTbl("_ds_tables")+" (id, fields, primary_key, indexes) VALUES ("+
		s.p(1)+", "+s.p(2)+", "+s.p(3)+", "+s.p(4)+") ON CONFLICT (id) DO UPDATE SET fields = excluded.fields, "+
		"primary_key = excluded.primary_key, indexes = excluded.indexes", m.ID, string(fields), string(pk), string(idx))
	if err != nil {
		return storageErr("save datastore table", err)
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Resolve returns the resource id behind a resource id or an alias, or a NotFound error
// with CKAN's text.
func (s *Store) Resolve(ctx context.Context, idOrAlias string) (string, error) {
	return s.resolve(ctx, s.db, idOrAlias)
}

func (s *Store) resolve(ctx context.Context, q querier, idOrAlias string) (string, error) {
	var id string
	err := q.QueryRowContext(ctx, "SELECT id FROM "+s.metaTbl("_ds_tables")+" WHERE id = "+s.p(1), idOrAlias).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", storageErr("resolve datastore table", err)
	}
	err = q.QueryRowContext(ctx, "SELECT resource_id FROM "+s.metaTbl("_ds_aliases")+" WHERE name = "+s.p(1), idOrAlias).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", notFound(idOrAlias)
	}
	if err != nil {
		return "", storageErr("resolve datastore alias", err)
	}
	return id, nil
}

// Exists reports whether a table exists for the resource id or alias.
func (s *Store) Exists(ctx context.Context, idOrAlias string) (bool, error) {
	_, err := s.Resolve(ctx, idOrAlias)
	if errors.Is(err, catalog.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// TableEntry is one row of CKAN's _table_metadata: a table, or an alias of one.
type TableEntry struct {
	Name    string `json:"name"`
	AliasOf string `json:"alias_of,omitempty"`
}

// Tables lists every table and alias, tables first, each group by name.
func (s *Store) Tables(ctx context.Context) ([]TableEntry, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, '' FROM "+s.metaTbl("_ds_tables")+
		" UNION ALL SELECT name, resource_id FROM "+s.metaTbl("_ds_aliases")+" ORDER BY 2, 1")
	if err != nil {
		return nil, storageErr("list datastore tables", err)
	}
	defer rows.Close()
	var out []TableEntry
	for rows.Next() {
		var e TableEntry
		if err := rows.Scan(&e.Name, &e.AliasOf); err != nil {
			return nil, storageErr("list datastore tables", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, storageErr("list datastore tables", err)
	}
	return out, nil
}

func (s *Store) aliasesOf(ctx context.Context, q querier, id string) ([]string, error) {
	rows, err := q.QueryContext(ctx, "SELECT name FROM "+s.metaTbl("_ds_aliases")+" WHERE resource_id = "+s.p(1)+" ORDER BY name", id)
	if err != nil {
		return nil, storageErr("read aliases", err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, storageErr("read aliases", err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// inTx runs fn in one write transaction.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return storageErr("begin", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return storageErr("commit", err)
	}
	return nil
}
