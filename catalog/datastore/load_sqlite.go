package datastore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"unsafe"

	"modernc.org/libc"
	"modernc.org/libc/sys/types"
	sqlite3 "modernc.org/sqlite/lib"
)

// Loading on SQLite goes through SQLite's C API (as transpiled by modernc) on one
// long-lived read-write connection of the Store, for three reasons measured on the sample
// catalog and a 100k-row file:
//
//   - The database/sql driver prepares a statement again on every Exec and binds
//     parameters by name in time quadratic in their number; here each statement is
//     prepared once per load and values are bound by position from one C buffer.
//   - FTS5 flushes its pending terms as a new segment at the end of every statement in a
//     transaction, so rows go into the FTS table in large multi-row statements.
//   - ALTER TABLE ... RENAME makes SQLite re-parse the whole schema (five times for an
//     FTS5 table and its shadow tables): with hundreds of tables that cost ~250 ms per
//     load. The new table is therefore built under its final name in the same
//     transaction that drops the old one; a failed load rolls back and the old table is
//     untouched, and readers (WAL) see the old table until the commit.
//
// Durability: the DataStore runs in WAL mode with synchronous=NORMAL, so a commit appends
// to the WAL without an fsync; the WAL is synced at each checkpoint. A committed load can
// be lost only by a power failure or an OS crash before the next checkpoint, never by a
// crash of the process, and the database is never corrupted by one (SQLite's documented
// guarantee for WAL+NORMAL). A lost load is redone by loading the file again.
//
// Why not journal_mode=OFF / synchronous=OFF for the load: the new table is built in the
// same file as every other table, in the transaction that drops the old one, so without a
// journal a crash (or a failed load's rollback) in the middle would leave that whole file
// corrupt, not just the new table. Building it in a file of its own and copying it in
// afterwards would write every page twice, which is what the WAL already costs. For the
// same reason the FTS index cannot be built by an FTS5 'rebuild' after the rows: its
// text is the segmented words, not the table's own columns. Instead its merging is
// turned off while rows go in, in statements of up to 4,000 rows (one FTS5 segment each),
// and the segments are merged once at the end ('optimize').

// sqliteStatic tells sqlite3_bind_text that the caller keeps the bytes alive until the
// statement has run.
const sqliteStatic = 0

// loadStmtParams caps the parameters of one multi-row INSERT.
const loadStmtParams = 32000

// loadBatchRows is how many rows one INSERT statement carries at most.
const loadBatchRows = 4000

// writerConn returns the Store's read-write connection for loads, opening it on first
// use; the caller holds s.wmu.
func (s *Store) writerConn() (*rawConn, error) {
	if s.writer != nil {
		return s.writer, nil
	}
	c := &rawConn{tls: libc.NewTLS()}
	z, err := libc.CString(s.path)
	if err != nil {
		c.tls.Close()
		return nil, err
	}
	defer libc.Xfree(c.tls, z)
	out := libc.Xmalloc(c.tls, 8)
	defer libc.Xfree(c.tls, out)
	rc := sqlite3.Xsqlite3_open_v2(c.tls, z, out, sqlite3.SQLITE_OPEN_READWRITE|sqlite3.SQLITE_OPEN_CREATE|sqlite3.SQLITE_OPEN_FULLMUTEX, 0)
	c.db = cmem(out)
	if rc != sqlite3.SQLITE_OK {
		msg := "open failed"
		if c.db != 0 {
			msg = c.errmsg()
		}
		c.close()
		return nil, fmt.Errorf("open datastore writer: %s", msg)
	}
	sqlite3.Xsqlite3_busy_timeout(c.tls, c.db, 10000)
	// A 32 MiB page cache keeps the B-tree and FTS pages of a large load in memory
	// without letting the connection grow beyond that.
	for _, q := range []string{"PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA cache_size = -32768"} {
		if err := c.exec(q); err != nil {
			c.close()
			return nil, err
		}
	}
	s.writer = c
	return c, nil
}

// cArena is C memory holding the text values bound to the statements of one batch.
type cArena struct {
	tls  *libc.TLS
	base uintptr
	size int
	used int
}

// reserve makes room for n bytes; it must be called before any pointer of the batch is
// handed out, as growing moves the memory.
func (a *cArena) reserve(n int) error {
	a.used = 0
	if n <= a.size && a.base != 0 {
		return nil
	}
	size := max(n, 64<<10, a.size*2)
	if a.base != 0 {
		libc.Xfree(a.tls, a.base)
	}
	a.base = libc.Xmalloc(a.tls, types.Size_t(size))
	if a.base == 0 {
		a.size = 0
		return errors.New("sqlite: out of memory")
	}
	a.size = size
	return nil
}

// put copies s into the arena and returns its address.
func (a *cArena) put(s string) uintptr {
	p := a.base + uintptr(a.used)
	copy(unsafe.Slice((*byte)(unsafe.Add(unsafe.Pointer(nil), p)), len(s)), s)
	a.used += len(s)
	return p
}

func (a *cArena) free() {
	if a.base != 0 {
		libc.Xfree(a.tls, a.base)
		a.base, a.size = 0, 0
	}
}

// bindValue binds a stored value (nil, int64, float64, string) at 1-based position i;
// strings are bound from the arena, which must have room for them.
func (c *rawConn) bindValue(stmt uintptr, i int32, v any, a *cArena) int32 {
	switch x := v.(type) {
	case nil:
		return sqlite3.Xsqlite3_bind_null(c.tls, stmt, i)
	case int64:
		return sqlite3.Xsqlite3_bind_int64(c.tls, stmt, i, x)
	case float64:
		return sqlite3.Xsqlite3_bind_double(c.tls, stmt, i, x)
	case string:
		if len(x) > math.MaxInt32 {
			return sqlite3.SQLITE_TOOBIG
		}
		return sqlite3.Xsqlite3_bind_text(c.tls, stmt, i, a.put(x), int32(len(x)), sqliteStatic)
	}
	return sqlite3.Xsqlite3_bind_text(c.tls, stmt, i, a.put(textOf(v)), int32(len(textOf(v))), sqliteStatic)
}

// textSize is the arena room a stored value needs.
func textSize(v any) int {
	switch x := v.(type) {
	case nil, int64, float64:
		return 0
	case string:
		return len(x)
	}
	return len(textOf(v))
}

// execArgs runs one statement with arguments and no result rows.
func (c *rawConn) execArgs(q string, args ...any) error {
	_, _, err := c.queryArgs(q, args...)
	return err
}

// queryArgs runs one statement and returns the first column of its first row as text
// (found is false when it returned no row).
func (c *rawConn) queryArgs(q string, args ...any) (val string, found bool, err error) {
	stmt, _, err := c.prepare(q)
	if err != nil {
		return "", false, err
	}
	if stmt == 0 {
		return "", false, nil
	}
	defer sqlite3.Xsqlite3_finalize(c.tls, stmt)
	a := &cArena{tls: c.tls}
	defer a.free()
	n := 1
	for _, v := range args {
		n += textSize(v)
	}
	if err := a.reserve(n); err != nil {
		return "", false, err
	}
	for i, v := range args {
		if rc := c.bindValue(stmt, int32(i+1), v, a); rc != sqlite3.SQLITE_OK {
			return "", false, &sqliteErr{rc: rc, msg: c.errmsg()}
		}
	}
	switch rc := sqlite3.Xsqlite3_step(c.tls, stmt); rc {
	case sqlite3.SQLITE_ROW:
		p := sqlite3.Xsqlite3_column_text(c.tls, stmt, 0)
		l := int(sqlite3.Xsqlite3_column_bytes(c.tls, stmt, 0))
		val, found = string(libc.GoBytes(p, l)), true
		for sqlite3.Xsqlite3_step(c.tls, stmt) == sqlite3.SQLITE_ROW {
		}
	case sqlite3.SQLITE_DONE:
	default:
		return "", false, &sqliteErr{rc: rc, msg: c.errmsg()}
	}
	return val, found, nil
}

// batchInsert writes rows into one table through a prepared multi-row INSERT.
type batchInsert struct {
	c       *rawConn
	head    string // INSERT INTO t (cols) VALUES
	width   int    // values per row
	perStmt int    // rows per full statement
	full    uintptr
	rows    [][]any
	arena   cArena
	n       int64 // rows added
}

func newBatchInsert(c *rawConn, table string, cols []string) *batchInsert {
	width := len(cols)
	return &batchInsert{
		c:       c,
		head:    "INSERT INTO " + quoteIdent(table) + " (" + strings.Join(cols, ", ") + ") VALUES ",
		width:   width,
		perStmt: max(1, min(loadBatchRows, loadStmtParams/width)),
		arena:   cArena{tls: c.tls},
	}
}

func (b *batchInsert) sql(n int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", b.width), ",") + ")"
	return b.head + strings.TrimSuffix(strings.Repeat(row+",", n), ",")
}

// add queues a row (its values are kept until the batch is written).
func (b *batchInsert) add(row []any) error {
	b.n++
	b.rows = append(b.rows, row)
	if len(b.rows) >= b.perStmt {
		return b.flush()
	}
	return nil
}

// flush writes the queued rows.
func (b *batchInsert) flush() error {
	if len(b.rows) == 0 {
		return nil
	}
	c := b.c
	stmt := b.full
	if len(b.rows) != b.perStmt || stmt == 0 {
		st, _, err := c.prepare(b.sql(len(b.rows)))
		if err != nil {
			return err
		}
		if len(b.rows) == b.perStmt {
			b.full = st
		} else {
			defer sqlite3.Xsqlite3_finalize(c.tls, st)
		}
		stmt = st
	}
	n := 1
	for _, r := range b.rows {
		for _, v := range r {
			n += textSize(v)
		}
	}
	if err := b.arena.reserve(n); err != nil {
		return err
	}
	i := int32(1)
	for _, r := range b.rows {
		for _, v := range r {
			if rc := c.bindValue(stmt, i, v, &b.arena); rc != sqlite3.SQLITE_OK {
				return &sqliteErr{rc: rc, msg: c.errmsg()}
			}
			i++
		}
	}
	rc := sqlite3.Xsqlite3_step(c.tls, stmt)
	sqlite3.Xsqlite3_reset(c.tls, stmt)
	if rc != sqlite3.SQLITE_DONE {
		return &sqliteErr{rc: rc, msg: c.errmsg()}
	}
	clear(b.rows)
	b.rows = b.rows[:0]
	return nil
}

func (b *batchInsert) close() {
	if b.full != 0 {
		sqlite3.Xsqlite3_finalize(b.c.tls, b.full)
		b.full = 0
	}
	b.arena.free()
}

// loadChunk is a run of rows ready to insert: stored values with _id first, and the
// segmented full text with the rowid first; or the error that ended the input.
type loadChunk struct {
	vals, fts [][]any
	err       error
}

// The segmented text of pieces of cell text up to ftsCacheMaxLen bytes is cached, for at
// most ftsCacheEntries distinct pieces at a time.
const (
	ftsCacheMaxLen  = 64
	ftsCacheEntries = 8192
)

// segCache segments the cell text of a load for the full-text column. Words never span
// whitespace (a Segmenter splits at it, as Unicode's word boundaries do), so a long text
// is segmented piece by piece between its spaces, and the words of short pieces are
// remembered: province, district, village and product names, codes and years repeat
// across rows, so most pieces of a long description are segmented once per load instead
// of once per row (segmenting was half of a wide Thai table's load).
type segCache struct {
	s *Store
	m map[string]string // piece -> its words joined by spaces ("" for none)
}

// text is the words of t joined by spaces, as strings.Join(s.tokens(t), " ").
func (c *segCache) text(t string) string {
	if len(t) <= ftsCacheMaxLen {
		return c.piece(t)
	}
	var b strings.Builder
	for p := range strings.FieldsSeq(t) {
		w := c.piece(p)
		if w == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}

func (c *segCache) piece(p string) string {
	if len(p) > ftsCacheMaxLen {
		return strings.Join(c.s.tokens(p), " ")
	}
	if w, ok := c.m[p]; ok {
		return w
	}
	if c.m == nil || len(c.m) >= ftsCacheEntries {
		c.m = make(map[string]string, ftsCacheEntries)
	}
	w := strings.Join(c.s.tokens(p), " ")
	c.m[strings.Clone(p)] = w // p may be a slice of a long text, which the key must not keep
	return w
}

// loadChunkRows is the number of rows per chunk.
const loadChunkRows = 256

// prepareRows turns the rows next yields into chunks, numbering them from 1, until the
// input ends, fails, or ctx is cancelled.
func (s *Store) prepareRows(ctx context.Context, fields []Field, next func() ([]any, error), out chan<- loadChunk) {
	var id int64
	var ch loadChunk
	cache := &segCache{s: s}
	ftsText := func(v any) string {
		if v == nil {
			return ""
		}
		return cache.text(textOf(v))
	}
	send := func(c loadChunk) bool {
		select {
		case out <- c:
			return true
		case <-ctx.Done():
			return false
		}
	}
	for {
		row, err := next()
		if errors.Is(err, io.EOF) {
			if len(ch.vals) > 0 {
				send(ch)
			}
			return
		}
		if err != nil {
			send(loadChunk{err: err})
			return
		}
		id++
		vals := make([]any, 1, len(row)+1)
		vals[0] = id
		ftsVals := make([]any, 1, len(row)+1)
		ftsVals[0] = id
		for j, f := range fields {
			vals = append(vals, s.storeNorm(f.Type, row[j]))
			ftsVals = append(ftsVals, ftsText(row[j]))
		}
		if len(fields) == 0 {
			ftsVals = append(ftsVals, "")
		}
		ch.vals = append(ch.vals, vals)
		ch.fts = append(ch.fts, ftsVals)
		if len(ch.vals) == loadChunkRows {
			if !send(ch) {
				return
			}
			ch = loadChunk{}
		}
	}
}

// loadSQLite replaces the resource's table with the rows next yields, in one transaction
// on the writer connection. fields may gain the info of the old table's fields.
//
// The job's status is written through the writer connection while the load holds it:
// running before the transaction, and its outcome (done) right after it ends, so a
// status write never waits behind another load's transaction.
func (s *Store) loadSQLite(ctx context.Context, job *loadJob, resourceID string, fields []Field, next func() ([]any, error),
	done func(error)) (err error) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	c, err := s.writerConn()
	if err != nil {
		return storageErr("load", err)
	}
	exec := job.exec
	job.exec = func(_ context.Context, q string, args ...any) error { return c.execArgs(q, args...) }
	defer func() {
		done(err)
		job.exec = exec
	}()
	job.save(ctx)
	if err := c.exec("BEGIN IMMEDIATE"); err != nil {
		return storageErr("load", err)
	}
	if err := s.loadSQLiteTx(ctx, c, resourceID, fields, next); err != nil {
		if sqlite3.Xsqlite3_get_autocommit(c.tls, c.db) == 0 {
			_ = c.exec("ROLLBACK")
		}
		return err
	}
	if err := c.exec("COMMIT"); err != nil {
		if sqlite3.Xsqlite3_get_autocommit(c.tls, c.db) == 0 {
			_ = c.exec("ROLLBACK")
		}
		return storageErr("commit", err)
	}
	return nil
}

func (s *Store) loadSQLiteTx(ctx context.Context, c *rawConn, resourceID string, fields []Field, next func() ([]any, error)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	old, found, err := c.queryArgs(`SELECT fields FROM "_ds_tables" WHERE id = ?`, resourceID)
	if err != nil {
		return storageErr("read datastore table", err)
	}
	if found {
		var oldFields []Field
		if err := json.Unmarshal([]byte(old), &oldFields); err != nil {
			return storageErr("decode datastore fields", err)
		}
		m := &tableMeta{Fields: oldFields}
		for i := range fields {
			if f, ok := m.field(fields[i].ID); ok && fields[i].Info == nil {
				fields[i].Info = f.Info
			}
		}
	}
	fts := ftsName(resourceID)
	for _, q := range []string{
		"DROP TABLE IF EXISTS " + quoteIdent(resourceID),
		"DROP TABLE IF EXISTS " + quoteIdent(fts),
		"CREATE TABLE " + quoteIdent(resourceID) + " (" + s.columnDefs(fields) + ")",
		ftsDDL(fts, fields),
		// Merging segments while loading costs more than one merge at the end.
		"INSERT INTO " + quoteIdent(fts) + "(" + quoteIdent(fts) + ", rank) VALUES ('automerge', 0)",
	} {
		if err := c.exec(q); err != nil {
			return storageErr("create datastore table", err)
		}
	}
	// The old table's count triggers went with it; so do its counts.
	for _, q := range dropValueCountsSQL {
		if err := c.execArgs(q, resourceID); err != nil {
			return storageErr("create datastore table", err)
		}
	}
	cols := []string{`"_id"`}
	ftsCols := []string{"rowid"}
	for i, f := range fields {
		cols = append(cols, quoteIdent(f.ID))
		ftsCols = append(ftsCols, fmt.Sprintf("c%d", i))
	}
	if len(fields) == 0 {
		ftsCols = append(ftsCols, "c0")
	}
	mainW := newBatchInsert(c, resourceID, cols)
	defer mainW.close()
	ftsW := newBatchInsert(c, fts, ftsCols)
	defer ftsW.close()
	// Reading, converting and segmenting the rows runs beside the inserts (two cores
	// halve the wall time when segmenting Thai text costs as much as SQLite's work); a
	// few chunks in flight bound the memory.
	pctx, cancel := context.WithCancel(ctx)
	chunks := make(chan loadChunk, 4)
	done := make(chan struct{})
	defer func() {
		cancel()
		<-done
	}()
	go func() {
		defer close(done)
		defer close(chunks)
		s.prepareRows(pctx, fields, next, chunks)
	}()
	for ch := range chunks {
		if ch.err != nil {
			return ch.err
		}
		for i := range ch.vals {
			if err := mainW.add(ch.vals[i]); err != nil {
				return storageErr("insert records", err)
			}
			if err := ftsW.add(ch.fts[i]); err != nil {
				return storageErr("insert full text", err)
			}
		}
	}
	// A cancelled load ends its input without an error chunk: stop before merging the
	// full-text index of rows that will be rolled back.
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := mainW.flush(); err != nil {
		return storageErr("insert records", err)
	}
	if err := ftsW.flush(); err != nil {
		return storageErr("insert full text", err)
	}
	ft := quoteIdent(fts)
	for _, q := range []string{
		"INSERT INTO " + ft + "(" + ft + ", rank) VALUES ('automerge', 4)",
		"INSERT INTO " + ft + "(" + ft + ") VALUES ('optimize')",
	} {
		if err := c.exec(q); err != nil {
			return storageErr("load", err)
		}
	}
	meta, _ := json.Marshal(fields)
	if err := c.execArgs(`INSERT INTO "_ds_tables" (id, fields, primary_key, indexes, row_count) VALUES (?, ?, '[]', '[]', ?) `+
		`ON CONFLICT (id) DO UPDATE SET fields = excluded.fields, primary_key = excluded.primary_key, indexes = excluded.indexes, `+
		`row_count = excluded.row_count`, resourceID, string(meta), mainW.n); err != nil {
		return storageErr("save datastore table", err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return nil
}
