package datastore

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/khlang/khlang/catalog"
)

// The sandbox talks to SQLite through the C API (as transpiled by modernc) because the
// database/sql driver exposes neither an authorizer nor a progress handler. Each call
// opens its own read-only connection, so the authorizer's per-call state (which tables
// the caller may read) never leaks between callers.

// sandboxState is what the C callbacks see of one call; they find it by the id passed as
// their user-data argument.
type sandboxState struct {
	acl      *tableACL
	ctx      context.Context
	denied   error
	timedOut atomic.Bool
}

var (
	sandboxes  sync.Map // uintptr -> *sandboxState
	sandboxSeq atomic.Uintptr
)

// The callbacks are package-level func values: SQLite receives the address of the func
// value, which the transpiled code calls back through.
var (
	authorizerFn = sandboxAuthorizer
	progressFn   = sandboxProgress
)

func sandboxAuthorizer(tls *libc.TLS, pArg uintptr, code int32, z1, z2, z3, z4 uintptr) int32 {
	v, ok := sandboxes.Load(pArg)
	if !ok {
		return sqlite3.SQLITE_DENY
	}
	st := v.(*sandboxState)
	deny := func(err error) int32 {
		if st.denied == nil {
			st.denied = err
		}
		return sqlite3.SQLITE_DENY
	}
	switch code {
	case sqlite3.SQLITE_SELECT, sqlite3.SQLITE_RECURSIVE:
		return sqlite3.SQLITE_OK
	case sqlite3.SQLITE_READ:
		// A statement that reads no column (count(*)) reports no database name; nothing
		// but main can exist anyway (no ATTACH, no temp objects on a read-only connection).
		if db := libc.GoString(z3); db != "main" && db != "" {
			return deny(systemTables())
		}
		table, column := libc.GoString(z1), libc.GoString(z2)
		if column == "" && !st.acl.known[table] && !strings.HasPrefix(strings.ToLower(table), "sqlite_") && !strings.HasPrefix(strings.ToLower(table), "pragma_") &&
			!strings.HasPrefix(table, "_ds_") && !strings.Contains(table, "#") {
			// count(*) over a CTE reports the CTE's name with no column: not a stored table.
			return sqlite3.SQLITE_OK
		}
		if err := st.acl.check(table); err != nil {
			return deny(err)
		}
		return sqlite3.SQLITE_OK
	case sqlite3.SQLITE_FUNCTION:
		name := strings.ToLower(libc.GoString(z2))
		if !sqliteFunctions[name] {
			return deny(notAuthorizedFunction(name))
		}
		return sqlite3.SQLITE_OK
	case sqlite3.SQLITE_PRAGMA:
		return deny(systemTables())
	case sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH:
		return deny(&catalog.AuthError{Detail: "Not authorized to attach databases"})
	}
	return deny(&catalog.AuthError{Detail: "Not authorized: the query must be a read-only SELECT"})
}

func sandboxProgress(tls *libc.TLS, pArg uintptr) int32 {
	v, ok := sandboxes.Load(pArg)
	if !ok {
		return 1
	}
	st := v.(*sandboxState)
	if st.ctx.Err() != nil {
		st.timedOut.Store(true)
		return 1
	}
	return 0
}

// cmem reads a pointer-sized value SQLite wrote into C memory.
func cmem(p uintptr) uintptr { return *(*uintptr)(unsafe.Add(unsafe.Pointer(nil), p)) }

type rawConn struct {
	tls *libc.TLS
	db  uintptr
	id  uintptr
}

func (c *rawConn) errmsg() string { return libc.GoString(sqlite3.Xsqlite3_errmsg(c.tls, c.db)) }

func (c *rawConn) close() {
	if c.db != 0 {
		sqlite3.Xsqlite3_close_v2(c.tls, c.db)
	}
	sandboxes.Delete(c.id)
	c.tls.Close()
}

// exec runs a setup statement (before the authorizer is installed).
func (c *rawConn) exec(q string) error {
	stmt, _, err := c.prepare(q)
	if err != nil {
		return err
	}
	defer sqlite3.Xsqlite3_finalize(c.tls, stmt)
	if rc := sqlite3.Xsqlite3_step(c.tls, stmt); rc != sqlite3.SQLITE_DONE && rc != sqlite3.SQLITE_ROW {
		return fmt.Errorf("%s: %s", q, c.errmsg())
	}
	return nil
}

// prepare compiles the first statement of q and returns it with the byte offset where
// the rest of q starts; stmt is 0 when q holds only whitespace and comments.
func (c *rawConn) prepare(q string) (stmt uintptr, tail int, err error) {
	z, err := libc.CString(q)
	if err != nil {
		return 0, 0, err
	}
	defer libc.Xfree(c.tls, z)
	out := libc.Xmalloc(c.tls, 16)
	if out == 0 {
		return 0, 0, fmt.Errorf("sqlite: out of memory")
	}
	defer libc.Xfree(c.tls, out)
	rc := sqlite3.Xsqlite3_prepare_v2(c.tls, c.db, z, -1, out, out+8)
	if rc != sqlite3.SQLITE_OK {
		return 0, 0, &sqliteErr{rc: rc, msg: c.errmsg()}
	}
	stmt = cmem(out)
	tail = int(cmem(out+8) - z)
	return stmt, tail, nil
}

type sqliteErr struct {
	rc  int32
	msg string
}

func (e *sqliteErr) Error() string { return e.msg }

func openSandbox(ctx context.Context, path string, acl *tableACL) (*rawConn, *sandboxState, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, nil, err
	}
	c := &rawConn{tls: libc.NewTLS(), id: sandboxSeq.Add(1)}
	st := &sandboxState{acl: acl, ctx: ctx}
	sandboxes.Store(c.id, st)
	uri := (&url.URL{Scheme: "file", Path: abs, RawQuery: "mode=ro"}).String()
	z, err := libc.CString(uri)
	if err != nil {
		c.close()
		return nil, nil, err
	}
	defer libc.Xfree(c.tls, z)
	out := libc.Xmalloc(c.tls, 8)
	defer libc.Xfree(c.tls, out)
	rc := sqlite3.Xsqlite3_open_v2(c.tls, z, out, sqlite3.SQLITE_OPEN_READONLY|sqlite3.SQLITE_OPEN_URI|sqlite3.SQLITE_OPEN_FULLMUTEX, 0)
	c.db = cmem(out)
	if rc != sqlite3.SQLITE_OK {
		msg := "open failed"
		if c.db != 0 {
			msg = c.errmsg()
		}
		c.close()
		return nil, nil, fmt.Errorf("open sandbox: %s", msg)
	}
	// No attached databases, bounded values and statement text.
	sqlite3.Xsqlite3_limit(c.tls, c.db, sqlite3.SQLITE_LIMIT_ATTACHED, 0)
	sqlite3.Xsqlite3_limit(c.tls, c.db, sqlite3.SQLITE_LIMIT_LENGTH, 16<<20)
	sqlite3.Xsqlite3_limit(c.tls, c.db, sqlite3.SQLITE_LIMIT_SQL_LENGTH, 1<<20)
	sqlite3.Xsqlite3_busy_timeout(c.tls, c.db, 5000)
	for _, q := range []string{"PRAGMA query_only = 1", "PRAGMA trusted_schema = 0"} {
		if err := c.exec(q); err != nil {
			c.close()
			return nil, nil, err
		}
	}
	sqlite3.Xsqlite3_set_authorizer(c.tls, c.db, *(*uintptr)(unsafe.Pointer(&authorizerFn)), c.id)
	sqlite3.Xsqlite3_progress_handler(c.tls, c.db, 1000, *(*uintptr)(unsafe.Pointer(&progressFn)), c.id)
	return c, st, nil
}

func (s *Store) sqlSQLite(ctx context.Context, query string, acl *tableACL) (*SQLResult, error) {
	c, st, err := openSandbox(ctx, s.path, acl)
	if err != nil {
		return nil, storageErr("sql", err)
	}
	defer c.close()
	fail := func(err error) error {
		switch {
		case st.denied != nil:
			return st.denied
		case st.timedOut.Load():
			return tooLong()
		}
		var se *sqliteErr
		if asSQLiteErr(err, &se) && se.rc == sqlite3.SQLITE_INTERRUPT {
			return tooLong()
		}
		return catalog.Invalid("query", err.Error())
	}
	// One statement: compile the first and require that the rest compiles to nothing.
	stmt, tail, err := c.prepare(query)
	if err != nil {
		return nil, fail(err)
	}
	if stmt == 0 {
		return nil, notSingle()
	}
	sqlite3.Xsqlite3_finalize(c.tls, stmt)
	first := query[:tail]
	for rest := query[tail:]; strings.TrimSpace(rest) != ""; {
		st2, t2, err := c.prepare(rest)
		if err != nil || st2 != 0 {
			if st2 != 0 {
				sqlite3.Xsqlite3_finalize(c.tls, st2)
			}
			return nil, notSingle()
		}
		if t2 == 0 {
			break
		}
		rest = rest[t2:]
	}
	first = strings.TrimRight(strings.TrimSpace(first), ";")
	wrapped := "SELECT * FROM (\n" + first + "\n) AS blah LIMIT " + fmt.Sprint(RowsMax+1)
	stmt, _, err = c.prepare(wrapped)
	if err != nil {
		return nil, fail(err)
	}
	if stmt == 0 {
		return nil, notSingle()
	}
	defer sqlite3.Xsqlite3_finalize(c.tls, stmt)
	if sqlite3.Xsqlite3_stmt_readonly(c.tls, stmt) == 0 {
		return nil, &catalog.AuthError{Detail: "Not authorized: the query must be a read-only SELECT"}
	}
	n := int(sqlite3.Xsqlite3_column_count(c.tls, stmt))
	cols := make([]string, n)
	types := make([]string, n)
	for i := range n {
		cols[i] = libc.GoString(sqlite3.Xsqlite3_column_name(c.tls, stmt, int32(i)))
	}
	res := &SQLResult{Records: []Record{}}
	for {
		rc := sqlite3.Xsqlite3_step(c.tls, stmt)
		if rc == sqlite3.SQLITE_DONE {
			break
		}
		if rc != sqlite3.SQLITE_ROW {
			return nil, fail(&sqliteErr{rc: rc, msg: c.errmsg()})
		}
		if len(res.Records) == RowsMax {
			res.RecordsTruncated = true
			break
		}
		vals := make([]any, n)
		for i := range n {
			switch sqlite3.Xsqlite3_column_type(c.tls, stmt, int32(i)) {
			case sqlite3.SQLITE_INTEGER:
				vals[i] = sqlite3.Xsqlite3_column_int64(c.tls, stmt, int32(i))
				setType(types, i, "int8")
			case sqlite3.SQLITE_FLOAT:
				vals[i] = sqlite3.Xsqlite3_column_double(c.tls, stmt, int32(i))
				setType(types, i, "float8")
			case sqlite3.SQLITE_TEXT, sqlite3.SQLITE_BLOB:
				p := sqlite3.Xsqlite3_column_text(c.tls, stmt, int32(i))
				l := int(sqlite3.Xsqlite3_column_bytes(c.tls, stmt, int32(i)))
				vals[i] = string(libc.GoBytes(p, l))
				setType(types, i, TypeText)
			}
		}
		res.Records = append(res.Records, Record{Keys: cols, Values: vals})
	}
	for i := range n {
		if types[i] == "" {
			types[i] = TypeText
		}
		res.Fields = append(res.Fields, Field{ID: cols[i], Type: types[i]})
	}
	return res, nil
}

func setType(types []string, i int, t string) {
	if types[i] == "" {
		types[i] = t
	}
}

func asSQLiteErr(err error, target **sqliteErr) bool {
	se, ok := err.(*sqliteErr)
	if ok {
		*target = se
	}
	return ok
}

// The sandbox returns as soon as the deadline passes: the progress handler checks the
// context every 1000 virtual-machine steps.
var _ = time.Second
