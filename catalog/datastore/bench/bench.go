// Package bench measures the DataStore engine on a seeded village-fund-like table: load
// throughput and peak memory, then datastore_search query classes run through the
// engine's Search and, in the same run and interleaved, as the same SQL sent directly to
// the same database, so the ratio engine/direct isolates the engine's own overhead. It
// backs the `khlang bench datastore` command.
package bench

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/datastore"
)

// Options configure Run.
type Options struct {
	// Rows is the size of the generated table (default 100000).
	Rows int
	// Seed makes the table reproducible.
	Seed uint64
	// Dir holds the SQLite database; empty means a temporary folder removed afterwards.
	Dir string
	// PostgresDSN, when set, runs the same load and queries on PostgreSQL as well.
	PostgresDSN string
	// Queries is the number of timed calls per query class (default 200).
	Queries int
	// Progress receives ("load", rows, 0) and ("queries", done, total).
	Progress catalog.Progress
	// Segment is the text analysis of the full-text column (the Thai segmenter in the
	// CLI); nil splits on spaces.
	Segment func(string) []string
}

// resourceID names the generated table.
const resourceID = "bench-village-fund"

// warmup calls per class run before timing.
const warmup = 5

// loadResult is what loading the table measured.
type loadResult struct {
	backend string
	rows    int64
	elapsed time.Duration
	cpu     time.Duration // CPU time of the process during the load (user + system)
	index   time.Duration
	peakRSS int64 // VmHWM during the load, bytes
	// RssAnon after the load, and RssAnon and RssFile (mapped database pages) after the
	// queries, bytes.
	anonAfter, anonQueries, fileQueries int64
	dbSize                              int64 // SQLite file (with WAL) or PostgreSQL table size, bytes
	location                            string
}

// classResult is one query class measured through the engine and directly.
type classResult struct {
	name, target         string
	engine, direct       []time.Duration
	engineRows, dirRows  int // rows returned by the last call
	engineTotal, dirTotl int64
}

// Run generates the table, loads it, runs the query classes and prints the report to w.
func Run(ctx context.Context, opts Options, w io.Writer) error {
	if opts.Rows <= 0 {
		opts.Rows = 100000
	}
	if opts.Queries <= 0 {
		opts.Queries = 200
	}
	dir := opts.Dir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "khlang-bench-datastore-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	fmt.Fprintf(w, "khlang bench datastore: %d rows, seed %d, %d timed calls per class after %d warm-up calls\n",
		opts.Rows, opts.Seed, opts.Queries, warmup)
	fmt.Fprintln(w, "Measured: the engine call datastore.Store.Search in process (metadata lookup, SQL build,")
	fmt.Fprintln(w, "scan into records, total) against the same SELECT and count(*) sent directly through")
	fmt.Fprintln(w, "database/sql to the same database, interleaved call by call. The HTTP handler layer")
	fmt.Fprintln(w, "(server/ckan) is not part of this measurement. Totals are exact counts, as a request")
	fmt.Fprintln(w, "without total_estimation_threshold asks (on PostgreSQL that threshold switches an")
	fmt.Fprintln(w, "unfiltered total to the reltuples estimate).")
	targets := []struct{ dsn, label string }{{filepath.Join(dir, "datastore.db"), catalog.BackendSQLite}}
	if opts.PostgresDSN != "" {
		targets = append(targets, struct{ dsn, label string }{opts.PostgresDSN, catalog.BackendPostgres})
	}
	for _, t := range targets {
		lr, classes, err := runBackend(ctx, opts, t.dsn)
		if err != nil {
			return fmt.Errorf("%s: %w", t.label, err)
		}
		report(w, lr, classes)
	}
	return nil
}

// runBackend loads the table into the DataStore at dsn and measures the query classes.
func runBackend(ctx context.Context, opts Options, dsn string) (*loadResult, []*classResult, error) {
	var seg datastore.Segmenter
	if opts.Segment != nil {
		seg = opts.Segment
	}
	store, err := datastore.Open(ctx, dsn, seg, nil)
	if err != nil {
		return nil, nil, err
	}
	defer store.Close()
	lr := &loadResult{backend: store.Backend(), location: dsn}
	if lr.backend == catalog.BackendPostgres {
		lr.location = "PostgreSQL"
	}
	// The CSV is generated while it is loaded: nothing is kept in memory or on disk.
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(newGenerator(opts.Seed).write(pw, opts.Rows))
	}()
	resetPeak()
	start, cpu0 := time.Now(), cpuTime()
	rep, err := store.Load(ctx, resourceID, pr, "village-fund.csv", datastore.LoadOptions{Progress: opts.Progress})
	_ = pr.Close()
	if err != nil {
		return nil, nil, fmt.Errorf("load: %w", err)
	}
	lr.elapsed, lr.cpu, lr.rows = time.Since(start), cpuTime()-cpu0, rep.RowsLoaded
	st := procStatus()
	lr.peakRSS, lr.anonAfter = st["VmHWM"], st["RssAnon"]
	start = time.Now()
	if _, err := store.Create(ctx, datastore.CreateRequest{ResourceID: resourceID, Indexes: [][]string{{"province"}}}); err != nil {
		return nil, nil, fmt.Errorf("index: %w", err)
	}
	lr.index = time.Since(start)
	direct, err := openDirect(dsn, lr.backend)
	if err != nil {
		return nil, nil, err
	}
	defer direct.Close()
	lr.dbSize = dbSize(ctx, direct, lr.backend, dsn)
	classes, err := runQueries(ctx, opts, store, direct, lr.backend == catalog.BackendPostgres)
	st = procStatus()
	lr.anonQueries, lr.fileQueries = st["RssAnon"], st["RssFile"]
	return lr, classes, err
}

func openDirect(dsn, backend string) (*sql.DB, error) {
	if backend == catalog.BackendPostgres {
		return sql.Open("pgx", dsn)
	}
	// The engine's connection settings (WAL, memory-mapped reads), so that the ratio
	// measures the engine's work and not a configuration difference.
	// OpenSQLite registers the engine's rank function, which the full-text classes call.
	return datastore.OpenSQLite(dsn + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=mmap_size(2147418112)")
}

func dbSize(ctx context.Context, db *sql.DB, backend, dsn string) int64 {
	if backend == catalog.BackendPostgres {
		var n int64
		_ = db.QueryRowContext(ctx, `SELECT pg_total_relation_size('datastore."`+resourceID+`"')`).Scan(&n)
		return n
	}
	var n int64
	for _, suffix := range []string{"", "-wal"} {
		if st, err := os.Stat(dsn + suffix); err == nil {
			n += st.Size()
		}
	}
	return n
}

// call is one request of a class, as an engine request and as direct SQL.
type call struct {
	req      datastore.SearchRequest
	rowsSQL  string
	countSQL string
	args     []any
}

// classDef builds the i-th call of a query class.
type classDef struct {
	name, target string
	make         func(i int) call
}

// words segments a query word as the engine does (lower case, words with a letter or digit).
func words(seg func(string) []string, text string) []string {
	if seg == nil {
		seg = strings.Fields
	}
	var out []string
	for _, w := range seg(text) {
		w = strings.ToLower(strings.TrimSpace(w))
		if strings.ContainsFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) {
			out = append(out, w)
		}
	}
	return out
}

func classes(pg bool, seg func(string) []string) []classDef {
	cols := `"_id", "code", "province", "district", "description", "budget", "members", "fiscal_year", "approved"`
	table, fts := `"`+resourceID+`"`, `"`+resourceID+`#fts"`
	ph := "?"
	if pg {
		table, ph = `datastore."`+resourceID+`"`, "$1"
	}
	limit := 100
	// The rarest products: each query names one, so successive calls differ.
	rare := products[len(products)-8:]
	return []classDef{
		{"equality filter, indexed column, limit 100 + total", "p50 ≤ 2 ms, p99 ≤ 10 ms", func(i int) call {
			p := provinces[(i*7)%len(provinces)]
			c := call{
				req:      datastore.SearchRequest{ResourceID: resourceID, Filters: map[string]any{"province": p}, Limit: &limit},
				rowsSQL:  "SELECT " + cols + " FROM " + table + ` WHERE "province" = ` + ph + ` ORDER BY "_id" LIMIT 100`,
				countSQL: "SELECT count(*) FROM " + table + ` WHERE "province" = ` + ph,
				args:     []any{p},
			}
			if !pg {
				// The engine reads the total from the counts its triggers keep for an
				// indexed text column; so does the baseline.
				c.countSQL = `SELECT coalesce((SELECT n FROM "_ds_value_counts" WHERE tbl = '` + resourceID +
					`' AND col = 'province' AND val = ?), 0)`
			}
			return c
		}},
		// A researcher's query: a product in a province (about 0.02% of rows match; the
		// total column shows the last call's).
		{"selective Thai full-text q, limit 100 + total", "p50 ≤ 10 ms", func(i int) call {
			text := rare[i%len(rare)] + " " + provinces[(i*11)%len(provinces)]
			return thaiCall(pg, seg, table, fts, cols, text)
		}},
		// One common word (1.4-1.9% of rows): every match is ranked before the first 100.
		{"common Thai full-text q (one word), limit 100 + total", "none", func(i int) call {
			word := SelectiveWord
			if i%2 == 1 {
				word = rare[(i/2)%len(rare)]
			}
			return thaiCall(pg, seg, table, fts, cols, word)
		}},
		{"page without filters, limit 100 + total", "p50 ≤ 5 ms", func(i int) call {
			off := (i % 10) * 100
			return call{
				req:      datastore.SearchRequest{ResourceID: resourceID, Limit: &limit, Offset: off},
				rowsSQL:  "SELECT " + cols + " FROM " + table + ` ORDER BY "_id" LIMIT 100 OFFSET ` + strconv.Itoa(off),
				countSQL: "SELECT count(*) FROM " + table,
			}
		}},
	}
}

// thaiCall is a full-text q ranked by relevance, as the engine runs it: on PostgreSQL
// ts_rank over the tsvector column; on SQLite the matches ranked and paged on the FTS
// table alone, then the page's rows read from the table, with the total counted in the
// same pass when the query has several words.
func thaiCall(pg bool, seg func(string) []string, table, fts, cols, text string) call {
	limit := 100
	c := call{req: datastore.SearchRequest{ResourceID: resourceID, Q: text, Limit: &limit}}
	if pg {
		var q []string
		for _, w := range words(seg, text) {
			q = append(q, "'"+strings.ReplaceAll(w, "'", "''")+"'")
		}
		tsq := strings.Join(q, " & ")
		c.rowsSQL = "SELECT " + cols + ", ts_rank(_full_text, $1::tsquery, 32) AS rank FROM " + table +
			" WHERE _full_text @@ $1::tsquery ORDER BY rank DESC, _id LIMIT 100"
		c.countSQL = "SELECT count(*) FROM " + table + " WHERE _full_text @@ $1::tsquery"
		c.args = []any{tsq}
		return c
	}
	var q []string
	for _, w := range words(seg, text) {
		q = append(q, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
	}
	match := strings.Join(q, " AND ")
	if len(q) > 1 {
		match = "(" + match + ")"
	}
	match = "(" + match + ")"
	c.rowsSQL = "SELECT t." + strings.ReplaceAll(cols, `, "`, `, t."`) + ", f.rank FROM (SELECT rowid AS id, " + datastore.RankFunction + "(" + fts +
		") AS rank FROM " + fts + " WHERE " + fts + " MATCH ? ORDER BY rank DESC, id LIMIT 100) AS f JOIN " + table +
		` AS t ON t."_id" = f.id ORDER BY f.rank DESC, f.id`
	// The engine counts a plain q on the FTS table alone; so does the baseline.
	c.countSQL = "SELECT count(*) FROM " + fts + " WHERE " + fts + " MATCH ?"
	if len(q) > 1 {
		// Several words: the engine counts the matches in the ranking pass itself.
		c.rowsSQL = "SELECT t." + strings.ReplaceAll(cols, `, "`, `, t."`) + ", f.rank, f.n FROM (SELECT *, count(*) OVER () AS n FROM " +
			"(SELECT rowid AS id, " + datastore.RankFunction + "(" + fts + ") AS rank FROM " + fts + " WHERE " + fts + " MATCH ?) ORDER BY rank DESC, id LIMIT 100) AS f JOIN " +
			table + ` AS t ON t."_id" = f.id ORDER BY f.rank DESC, f.id`
		c.countSQL = ""
	}
	c.args = []any{match}
	return c
}

func runQueries(ctx context.Context, opts Options, store *datastore.Store, db *sql.DB, pg bool) ([]*classResult, error) {
	defs := classes(pg, opts.Segment)
	total := len(defs) * (opts.Queries + warmup)
	done := 0
	var out []*classResult
	for _, d := range defs {
		cr := &classResult{name: d.name, target: d.target}
		for i := range opts.Queries + warmup {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			c := d.make(i)
			var te, td time.Duration
			var err error
			// Alternate which side goes first so drift and caches favour neither.
			if i%2 == 0 {
				te, err = cr.runEngine(ctx, store, c)
				if err == nil {
					td, err = cr.runDirect(ctx, db, c)
				}
			} else {
				td, err = cr.runDirect(ctx, db, c)
				if err == nil {
					te, err = cr.runEngine(ctx, store, c)
				}
			}
			if err != nil {
				return nil, fmt.Errorf("%s: %w", d.name, err)
			}
			if cr.engineRows != cr.dirRows || cr.engineTotal != cr.dirTotl {
				return nil, fmt.Errorf("%s: engine returned %d rows of %d, direct SQL %d of %d",
					d.name, cr.engineRows, cr.engineTotal, cr.dirRows, cr.dirTotl)
			}
			if i >= warmup {
				cr.engine = append(cr.engine, te)
				cr.direct = append(cr.direct, td)
			}
			done++
			opts.Progress.Report("queries", done, total)
		}
		out = append(out, cr)
	}
	return out, nil
}

func (cr *classResult) runEngine(ctx context.Context, store *datastore.Store, c call) (time.Duration, error) {
	start := time.Now()
	res, err := store.Search(ctx, c.req)
	el := time.Since(start)
	if err != nil {
		return 0, err
	}
	recs, _ := res.Records.([]datastore.Record)
	cr.engineRows = len(recs)
	cr.engineTotal = -1
	if res.Total != nil {
		cr.engineTotal = *res.Total
	}
	return el, nil
}

func (cr *classResult) runDirect(ctx context.Context, db *sql.DB, c call) (time.Duration, error) {
	start := time.Now()
	rows, err := db.QueryContext(ctx, c.rowsSQL, c.args...)
	if err != nil {
		return 0, err
	}
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			rows.Close()
			return 0, err
		}
		n++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	var total int64
	if c.countSQL == "" {
		// The page carries the total in its last column (count(*) OVER ()).
		if n > 0 {
			total, _ = vals[len(vals)-1].(int64)
		}
	} else if err := db.QueryRowContext(ctx, c.countSQL, c.args...).Scan(&total); err != nil {
		return 0, err
	}
	el := time.Since(start)
	cr.dirRows, cr.dirTotl = n, total
	return el, nil
}

// percentile returns the p-th percentile (0-100) of ds, nearest rank.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(float64(len(s))*p/100+0.5) - 1
	return s[min(max(i, 0), len(s)-1)]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d.Microseconds())/1000) }

func report(w io.Writer, lr *loadResult, classes []*classResult) {
	rate := float64(lr.rows) / lr.elapsed.Seconds()
	fmt.Fprintf(w, "\n== %s (%s)\n", lr.backend, lr.location)
	target := ""
	if lr.backend == catalog.BackendSQLite {
		target = " (target ≥ 150000)"
	}
	fmt.Fprintf(w, "load: %d rows in %.2f s = %.0f rows/s%s; index on province %.2f s\n",
		lr.rows, lr.elapsed.Seconds(), rate, target, lr.index.Seconds())
	fmt.Fprintf(w, "load CPU: %.2f s of this process (generator included) = %.0f rows per CPU-second; load average %s\n",
		lr.cpu.Seconds(), float64(lr.rows)/lr.cpu.Seconds(), loadAvg())
	fmt.Fprintf(w, "memory: peak RSS during the load (VmHWM) %.0f MiB, RssAnon after it %.0f MiB;\n", mib(lr.peakRSS), mib(lr.anonAfter))
	fmt.Fprintf(w, "        after the queries RssAnon %.0f MiB, RssFile %.0f MiB (mapped database pages); table on disk %.0f MiB\n",
		mib(lr.anonQueries), mib(lr.fileQueries), mib(lr.dbSize))
	fmt.Fprintf(w, "%-54s %9s %9s %9s %9s %7s %7s %6s %8s  %s\n", "class (ms)", "engine50", "engine99", "direct50", "direct99",
		"ratio50", "ratio99", "rows", "total", "target")
	for _, c := range classes {
		e50, e99 := percentile(c.engine, 50), percentile(c.engine, 99)
		d50, d99 := percentile(c.direct, 50), percentile(c.direct, 99)
		fmt.Fprintf(w, "%-54s %9s %9s %9s %9s %6.2fx %6.2fx %6d %8d  %s; overhead ≤ 1.5x\n", c.name, ms(e50), ms(e99), ms(d50), ms(d99),
			ratio(e50, d50), ratio(e99, d99), c.engineRows, c.engineTotal, c.target)
	}
}

func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

// resetPeak frees what the heap no longer uses and restarts the process's VmHWM from its
// current RSS (Linux: writing 5 to /proc/self/clear_refs), so each backend's load reports
// its own peak.
func resetPeak() {
	runtime.GC()
	debug.FreeOSMemory()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// procStatus reads the memory lines of /proc/self/status in bytes; empty when unreadable.
func procStatus() map[string]int64 {
	out := map[string]int64{}
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return out
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		fields := strings.Fields(v)
		if len(fields) == 2 && fields[1] == "kB" {
			if n, err := strconv.ParseInt(fields[0], 10, 64); err == nil {
				out[k] = n << 10
			}
		}
	}
	return out
}

// cpuTime is the user plus system CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loadAvg is the machine's 1-minute load average, which says how far wall-clock numbers
// of a shared machine can be trusted; "?" when unknown.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	if f := strings.Fields(string(b)); len(f) > 0 {
		return f[0]
	}
	return "?"
}
