package bench

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/khlang/khlang/catalog"
)

// postgresEngine is PostgreSQL full-text search as a user would tune it for a catalog:
// a stored generated tsvector column (title weighted A, the catch-all text D, `simple`
// configuration over text pre-segmented by search/thai) with a GIN index, facet values
// as integer columns and arrays with B-tree and GIN indexes, rows kept narrow by moving
// the text out of line (toast_tuple_target), and every search one statement: the matches
// materialised once, then counted, ranked by ts_rank and grouped per facet.
type postgresEngine struct {
	admin    string // DSN of the server's maintenance database
	dbName   string
	conn     *pgx.Conn
	corpus   *corpus
	version  string
	settings string

	backendPeak int64 // VmHWM of the backend that loaded the data, when readable
}

func newPostgres(dsn string) *postgresEngine {
	return &postgresEngine{admin: dsn,
		dbName: fmt.Sprintf("khlang_bench_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9)}
}

func (e *postgresEngine) name() string { return EnginePostgres }

func (e *postgresEngine) describe() string {
	return "PostgreSQL " + e.version + " FTS: tsvector GENERATED (setweight(title,'A') || text, 'simple') + GIN, ts_rank, facets as int columns/arrays (B-tree, GIN), one statement per search; " + e.settings
}

// pgSession is applied to every connection of the benchmark database: no JIT (it costs
// more than it saves on queries this short), room for the sorts and hash aggregates.
var pgSession = []string{"SET jit = off", "SET work_mem = '64MB'"}

func (e *postgresEngine) connect(ctx context.Context, db string) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(e.admin)
	if err != nil {
		return nil, fmt.Errorf("postgres dsn: %w", err)
	}
	if db != "" {
		cfg.Database = db
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to postgres: %w", err)
	}
	return conn, nil
}

func (e *postgresEngine) build(ctx context.Context, c *corpus, progress catalog.Progress) (time.Duration, error) {
	e.corpus = c
	admin, err := e.connect(ctx, "")
	if err != nil {
		return 0, err
	}
	defer admin.Close(ctx)
	if err := admin.QueryRow(ctx, "SHOW server_version").Scan(&e.version); err != nil {
		return 0, fmt.Errorf("postgres version: %w", err)
	}
	if f := strings.Fields(e.version); len(f) > 0 {
		e.version = f[0]
	}
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+e.dbName+" TEMPLATE template0 ENCODING 'UTF8'"); err != nil {
		return 0, fmt.Errorf("create benchmark database: %w", err)
	}
	start := time.Now()
	conn, err := e.connect(ctx, e.dbName)
	if err != nil {
		return 0, err
	}
	defer conn.Close(ctx)
	var settings []string
	for _, s := range []string{"shared_buffers", "max_parallel_workers_per_gather"} {
		var v string
		if err := conn.QueryRow(ctx, "SHOW "+s).Scan(&v); err != nil {
			return 0, fmt.Errorf("postgres %s: %w", s, err)
		}
		settings = append(settings, s+"="+v)
	}
	e.settings = strings.Join(append(settings, "jit=off", "work_mem=64MB"), ", ")
	for _, s := range append(pgSession, "SET synchronous_commit = off", "SET maintenance_work_mem = '512MB'",
		`CREATE TABLE pkg(
			id integer PRIMARY KEY,
			name text NOT NULL,
			org integer NOT NULL,
			lic smallint NOT NULL,
			modified timestamptz NOT NULL,
			tags integer[] NOT NULL,
			grps integer[] NOT NULL,
			fmts integer[] NOT NULL,
			title text NOT NULL,
			body text NOT NULL,
			tsv tsvector GENERATED ALWAYS AS (setweight(to_tsvector('simple', title), 'A') || to_tsvector('simple', body)) STORED
		) WITH (toast_tuple_target = 128)`,
		// The facet arrays stay inline, uncompressed: only the text and the tsvector go out
		// of line, so scans and unnest over the facet columns read narrow rows.
		"ALTER TABLE pkg ALTER COLUMN tags SET STORAGE PLAIN, ALTER COLUMN grps SET STORAGE PLAIN, ALTER COLUMN fmts SET STORAGE PLAIN, ALTER COLUMN name SET STORAGE PLAIN") {
		if _, err := conn.Exec(ctx, s); err != nil {
			return 0, fmt.Errorf("postgres schema: %w", err)
		}
	}
	spent := time.Since(start)
	cols := []string{"id", "name", "org", "lic", "modified", "tags", "grps", "fmts", "title", "body"}
	err = c.each(ctx, "build "+e.name(), progress, func(ds []*catalog.Dataset) error {
		t := time.Now()
		rows := make([][]any, 0, len(ds))
		for _, d := range ds {
			r := c.sqlRow(d)
			rows = append(rows, []any{int32(rowID(d.ID)), d.Name, r.org, int16(r.lic), d.MetadataModified,
				r.tags, nonNil(r.grps), r.fmts, r.title, r.body})
		}
		_, err := conn.CopyFrom(ctx, pgx.Identifier{"pkg"}, cols, pgx.CopyFromRows(rows))
		spent += time.Since(t)
		if err != nil {
			return fmt.Errorf("postgres copy: %w", err)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	t := time.Now()
	for _, s := range []string{
		"CREATE INDEX pkg_tsv ON pkg USING gin (tsv)",
		"CREATE INDEX pkg_org ON pkg (org)",
		"CREATE INDEX pkg_lic ON pkg (lic)",
		"CREATE INDEX pkg_modified ON pkg (modified DESC, id)",
		"CREATE INDEX pkg_tags ON pkg USING gin (tags)",
		"CREATE INDEX pkg_grps ON pkg USING gin (grps)",
		"CREATE INDEX pkg_fmts ON pkg USING gin (fmts)",
		"VACUUM (ANALYZE) pkg",
	} {
		if _, err := conn.Exec(ctx, s); err != nil {
			return 0, fmt.Errorf("postgres %s: %w", s, err)
		}
	}
	spent += time.Since(t)
	var pid int
	if err := conn.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&pid); err == nil {
		e.backendPeak = procPeak(pid)
	}
	return spent, nil
}

// nonNil makes an empty array of a nil slice (the column is NOT NULL).
func nonNil(v []int32) []int32 {
	if v == nil {
		return []int32{}
	}
	return v
}

func (e *postgresEngine) open(ctx context.Context) error {
	conn, err := e.connect(ctx, e.dbName)
	if err != nil {
		return err
	}
	for _, s := range pgSession {
		if _, err := conn.Exec(ctx, s); err != nil {
			conn.Close(ctx)
			return fmt.Errorf("postgres %s: %w", s, err)
		}
	}
	e.conn = conn
	return nil
}

// pgFacets are the facet branches, over the matches m or the whole table.
var pgFacets = []string{
	"SELECT org, count(*) FROM %s GROUP BY org",
	"SELECT v, count(*) FROM %s, unnest(grps) v GROUP BY v",
	"SELECT v, count(*) FROM %s, unnest(tags) v GROUP BY v",
	"SELECT v, count(*) FROM %s, unnest(fmts) v GROUP BY v",
	"SELECT lic::integer, count(*) FROM %s GROUP BY lic",
}

// pgSQL builds the one statement of a query class. Its rows are (kind, value, n, ids)
// as scanResult reads them.
func pgSQL(cl *class) string {
	var b strings.Builder
	from := "m"
	if cl.browse {
		from = "pkg"
		b.WriteString(`SELECT 0, 0, (SELECT count(*) FROM pkg), NULL::integer[]
UNION ALL SELECT 1, 0, 0, (SELECT array_agg(id ORDER BY modified DESC, id) FROM (SELECT id, modified FROM pkg ORDER BY modified DESC, id LIMIT 20) s)`)
	} else {
		b.WriteString(`WITH m AS MATERIALIZED (SELECT id, org, lic, tags, grps, fmts, modified, ts_rank(tsv, $1::tsquery) AS r
  FROM pkg WHERE tsv @@ $1::tsquery`)
		if cl.org {
			b.WriteString(` AND org = $2`)
		}
		b.WriteString(`)
SELECT 0, 0, (SELECT count(*) FROM m), NULL::integer[]
UNION ALL SELECT 1, 0, 0, (SELECT array_agg(id ORDER BY r DESC, modified DESC, id) FROM (SELECT id, r, modified FROM m ORDER BY r DESC, modified DESC, id LIMIT 20) s)`)
	}
	if cl.facets {
		for i, f := range pgFacets {
			fmt.Fprintf(&b, "\nUNION ALL SELECT %d, * , NULL FROM (%s ORDER BY 2 DESC, 1 LIMIT %d) f%d", 2+i, fmt.Sprintf(f, from), facetLimit, i)
		}
	}
	return b.String()
}

// tsQuery is the tsquery for q's words, lexemes quoted as the simple configuration
// stores them (lower-cased): one word, or the words of a phrase joined by <->.
func tsQuery(q *query) string {
	parts := make([]string, len(q.words))
	for i, w := range q.words {
		parts[i] = "'" + strings.ReplaceAll(strings.ToLower(w), "'", "''") + "'"
	}
	return strings.Join(parts, " <-> ")
}

func (e *postgresEngine) search(ctx context.Context, q *query) (*result, error) {
	var args []any
	if !q.class.browse {
		args = append(args, tsQuery(q))
		if q.class.org {
			args = append(args, int32(q.org))
		}
	}
	rows, err := e.conn.Query(ctx, pgSQL(q.class), args...)
	if err != nil {
		return nil, fmt.Errorf("postgres search %q: %w", q.q, err)
	}
	defer rows.Close()
	return scanResult(e.corpus, q, func(dest ...any) (bool, error) {
		if !rows.Next() {
			return false, rows.Err()
		}
		var kind, v int32
		var n int64
		var ids []int32
		if err := rows.Scan(&kind, &v, &n, &ids); err != nil {
			return false, err
		}
		*dest[0].(*int64), *dest[1].(*int64), *dest[2].(*int64) = int64(kind), int64(v), n
		*dest[3].(*any) = ids
		return true, nil
	}, func(ids any) []string {
		list, _ := ids.([]int32)
		out := make([]string, 0, len(list))
		for _, id := range list {
			out = append(out, datasetID(int(id)))
		}
		return out
	})
}

func (e *postgresEngine) size(ctx context.Context) (int64, error) {
	var n int64
	if err := e.conn.QueryRow(ctx, "SELECT pg_total_relation_size('pkg')").Scan(&n); err != nil {
		return 0, fmt.Errorf("postgres size: %w", err)
	}
	return n, nil
}

func (e *postgresEngine) close(ctx context.Context) error {
	if e.conn != nil {
		_ = e.conn.Close(ctx)
		e.conn = nil
	}
	admin, err := e.connect(ctx, "")
	if err != nil {
		return err
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+e.dbName+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("drop benchmark database: %w", err)
	}
	return nil
}

// procPeak is the VmHWM of process pid in bytes, or 0 when it cannot be read.
func procPeak(pid int) int64 {
	st, err := readStatus("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	return st["VmHWM"]
}
