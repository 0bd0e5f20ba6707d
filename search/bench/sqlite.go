package bench

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "github.com/glebarez/go-sqlite" // the pure-Go SQLite (modernc.org/sqlite) Khlang ships with

	"github.com/khlang/khlang/catalog"
)

// sqliteEngine is SQLite FTS5 as a user would tune it for a catalog: a contentless FTS5
// table over the segmented title and text (unicode61, with combining marks kept in
// words so Thai vowels and tone marks do not split them), BM25 with the title weighted,
// facet values in clustered side tables, and every search one statement: the matches
// materialised once, then counted, ranked and grouped with nested loops forced by CROSS
// JOIN (a plain JOIN lets the planner scan whole facet tables).
type sqliteEngine struct {
	path    string
	db      *sql.DB
	corpus  *corpus
	version string
}

func newSQLite(dir string) *sqliteEngine {
	return &sqliteEngine{path: filepath.Join(dir, "sqlite", "catalog.db")}
}

func (e *sqliteEngine) name() string { return EngineSQLite }

func (e *sqliteEngine) describe() string {
	return "SQLite " + e.version + " FTS5 (modernc.org/sqlite, pure Go): contentless fts5(title, text) tokenize=unicode61 with categories 'L* N* Co M*', bm25(4,1), side tables pkg_tag/pkg_grp/pkg_fmt clustered by dataset and indexed by value, WAL, cache 256 MB, mmap 1 GB"
}

// sqlitePragmas tune every connection.
var sqlitePragmas = []string{
	"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA cache_size=-262144",
	"PRAGMA mmap_size=1073741824", "PRAGMA temp_store=MEMORY",
}

func (e *sqliteEngine) connect(ctx context.Context) error {
	db, err := sql.Open("sqlite", e.path)
	if err != nil {
		return fmt.Errorf("open sqlite: %w", err)
	}
	db.SetMaxOpenConns(1)
	for _, p := range sqlitePragmas {
		if _, err := db.ExecContext(ctx, p); err != nil {
			_ = db.Close()
			return fmt.Errorf("sqlite %s: %w", p, err)
		}
	}
	if err := db.QueryRowContext(ctx, "SELECT sqlite_version()").Scan(&e.version); err != nil {
		_ = db.Close()
		return fmt.Errorf("sqlite version: %w", err)
	}
	e.db = db
	return nil
}

var sqliteSchema = []string{
	`CREATE TABLE pkg(id INTEGER PRIMARY KEY, name TEXT NOT NULL, org INTEGER NOT NULL, lic INTEGER NOT NULL, modified INTEGER NOT NULL)`,
	`CREATE TABLE pkg_tag(pkg INTEGER NOT NULL, v INTEGER NOT NULL, PRIMARY KEY(pkg, v)) WITHOUT ROWID`,
	`CREATE TABLE pkg_grp(pkg INTEGER NOT NULL, v INTEGER NOT NULL, PRIMARY KEY(pkg, v)) WITHOUT ROWID`,
	`CREATE TABLE pkg_fmt(pkg INTEGER NOT NULL, v INTEGER NOT NULL, PRIMARY KEY(pkg, v)) WITHOUT ROWID`,
	`CREATE VIRTUAL TABLE fts USING fts5(title, body, content='', tokenize="unicode61 remove_diacritics 0 categories 'L* N* Co M*'")`,
	`INSERT INTO fts(fts, rank) VALUES('rank', 'bm25(4.0, 1.0)')`,
}

// sqliteIndexes are built after loading, as a bulk load should.
var sqliteIndexes = []string{
	`CREATE INDEX pkg_org ON pkg(org)`,
	`CREATE INDEX pkg_lic ON pkg(lic)`,
	`CREATE INDEX pkg_modified ON pkg(modified DESC, id)`,
	`CREATE INDEX pkg_tag_v ON pkg_tag(v, pkg)`,
	`CREATE INDEX pkg_grp_v ON pkg_grp(v, pkg)`,
	`CREATE INDEX pkg_fmt_v ON pkg_fmt(v, pkg)`,
	`INSERT INTO fts(fts) VALUES('optimize')`,
	`ANALYZE`,
	`PRAGMA wal_checkpoint(TRUNCATE)`,
}

func (e *sqliteEngine) build(ctx context.Context, c *corpus, progress catalog.Progress) (time.Duration, error) {
	e.corpus = c
	if err := os.MkdirAll(filepath.Dir(e.path), 0o755); err != nil {
		return 0, fmt.Errorf("sqlite folder: %w", err)
	}
	start := time.Now()
	if err := e.connect(ctx); err != nil {
		return 0, err
	}
	for _, s := range sqliteSchema {
		if _, err := e.db.ExecContext(ctx, s); err != nil {
			return 0, fmt.Errorf("sqlite schema: %w", err)
		}
	}
	spent := time.Since(start)
	err := c.each(ctx, "build "+e.name(), progress, func(ds []*catalog.Dataset) error {
		t := time.Now()
		err := e.load(ctx, ds)
		spent += time.Since(t)
		return err
	})
	if err != nil {
		return 0, err
	}
	t := time.Now()
	for _, s := range sqliteIndexes {
		if _, err := e.db.ExecContext(ctx, s); err != nil {
			return 0, fmt.Errorf("sqlite %s: %w", s, err)
		}
	}
	if err := e.db.Close(); err != nil {
		return 0, fmt.Errorf("close sqlite: %w", err)
	}
	e.db = nil
	return spent + time.Since(t), nil
}

// load inserts one batch of datasets in one transaction.
func (e *sqliteEngine) load(ctx context.Context, ds []*catalog.Dataset) error {
	tx, err := e.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite begin: %w", err)
	}
	defer tx.Rollback()
	stmts := map[string]*sql.Stmt{}
	for k, s := range map[string]string{
		"pkg": `INSERT INTO pkg(id, name, org, lic, modified) VALUES(?, ?, ?, ?, ?)`,
		"tag": `INSERT INTO pkg_tag(pkg, v) VALUES(?, ?)`,
		"grp": `INSERT INTO pkg_grp(pkg, v) VALUES(?, ?)`,
		"fmt": `INSERT INTO pkg_fmt(pkg, v) VALUES(?, ?)`,
		"fts": `INSERT INTO fts(rowid, title, body) VALUES(?, ?, ?)`,
	} {
		st, err := tx.PrepareContext(ctx, s)
		if err != nil {
			return fmt.Errorf("sqlite prepare: %w", err)
		}
		defer st.Close()
		stmts[k] = st
	}
	for _, d := range ds {
		id := rowID(d.ID)
		row := e.corpus.sqlRow(d)
		if _, err := stmts["pkg"].ExecContext(ctx, id, d.Name, row.org, row.lic, d.MetadataModified.Unix()); err != nil {
			return fmt.Errorf("sqlite insert: %w", err)
		}
		for _, side := range []struct {
			stmt string
			vals []int32
		}{{"tag", row.tags}, {"grp", row.grps}, {"fmt", row.fmts}} {
			for _, v := range side.vals {
				if _, err := stmts[side.stmt].ExecContext(ctx, id, v); err != nil {
					return fmt.Errorf("sqlite insert %s: %w", side.stmt, err)
				}
			}
		}
		if _, err := stmts["fts"].ExecContext(ctx, id, row.title, row.body); err != nil {
			return fmt.Errorf("sqlite insert fts: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite commit: %w", err)
	}
	return nil
}

func (e *sqliteEngine) open(ctx context.Context) error { return e.connect(ctx) }

// sqliteFacets are the facet branches of a search: the value column and where it comes
// from, joined to the matches m (or read whole for browse).
var sqliteFacets = []struct{ match, all string }{
	{`SELECT org, count(*) FROM m GROUP BY org`, `SELECT org, count(*) FROM pkg GROUP BY org`},
	{`SELECT t.v, count(*) FROM m CROSS JOIN pkg_grp t ON t.pkg = m.id GROUP BY t.v`, `SELECT v, count(*) FROM pkg_grp GROUP BY v`},
	{`SELECT t.v, count(*) FROM m CROSS JOIN pkg_tag t ON t.pkg = m.id GROUP BY t.v`, `SELECT v, count(*) FROM pkg_tag GROUP BY v`},
	{`SELECT t.v, count(*) FROM m CROSS JOIN pkg_fmt t ON t.pkg = m.id GROUP BY t.v`, `SELECT v, count(*) FROM pkg_fmt GROUP BY v`},
	{`SELECT lic, count(*) FROM m GROUP BY lic`, `SELECT lic, count(*) FROM pkg GROUP BY lic`},
}

// sqliteSQL builds the one statement of a query class. Its rows are (kind, value, n,
// ids): kind 0 is the count, 1 the first page (ids, comma-separated), 2+i facet i.
func sqliteSQL(cl *class) string {
	var b strings.Builder
	if cl.browse {
		b.WriteString(`SELECT 0, 0, (SELECT count(*) FROM pkg), NULL
UNION ALL SELECT 1, 0, 0, (SELECT group_concat(id) FROM (SELECT id FROM pkg ORDER BY modified DESC, id LIMIT 20))`)
	} else {
		b.WriteString(`WITH m AS MATERIALIZED (SELECT f.rowid AS id, f.rank AS r, p.org, p.lic, p.modified
  FROM fts f CROSS JOIN pkg p ON p.id = f.rowid WHERE fts MATCH ?1`)
		if cl.org {
			b.WriteString(` AND p.org = ?2`)
		}
		b.WriteString(`)
SELECT 0, 0, (SELECT count(*) FROM m), NULL
UNION ALL SELECT 1, 0, 0, (SELECT group_concat(id) FROM (SELECT id FROM m ORDER BY r, modified DESC, id LIMIT 20))`)
	}
	if cl.facets {
		for i, f := range sqliteFacets {
			s := f.match
			if cl.browse {
				s = f.all
			}
			fmt.Fprintf(&b, "\nUNION ALL SELECT %d, *, NULL FROM (%s ORDER BY 2 DESC, 1 LIMIT %d)", 2+i, s, facetLimit)
		}
	}
	return b.String()
}

// ftsQuery is the FTS5 query for q's words: a quoted phrase, or the quoted word.
func ftsQuery(q *query) string {
	return `"` + strings.ReplaceAll(strings.ToLower(strings.Join(q.words, " ")), `"`, `""`) + `"`
}

func (e *sqliteEngine) search(ctx context.Context, q *query) (*result, error) {
	var args []any
	if !q.class.browse {
		args = append(args, ftsQuery(q))
		if q.class.org {
			args = append(args, q.org)
		}
	}
	rows, err := e.db.QueryContext(ctx, sqliteSQL(q.class), args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite search %q: %w", q.q, err)
	}
	defer rows.Close()
	return scanResult(e.corpus, q, func(dest ...any) (bool, error) {
		if !rows.Next() {
			return false, rows.Err()
		}
		return true, rows.Scan(dest...)
	}, func(ids any) []string {
		s, _ := ids.(string)
		if s == "" {
			return nil
		}
		var out []string
		for _, p := range strings.Split(s, ",") {
			n, _ := strconv.Atoi(p)
			out = append(out, datasetID(n))
		}
		return out
	})
}

func (e *sqliteEngine) size(ctx context.Context) (int64, error) {
	if e.db != nil {
		if _, err := e.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			return 0, fmt.Errorf("sqlite checkpoint: %w", err)
		}
	}
	return dirSize(filepath.Dir(e.path))
}

func (e *sqliteEngine) close(context.Context) error {
	if e.db == nil {
		return nil
	}
	err := e.db.Close()
	e.db = nil
	return err
}
