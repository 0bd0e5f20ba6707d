package datastore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"reflect"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// RankFunction is the FTS5 auxiliary function that ranks a full-text q on SQLite. FTS5's
// own bm25 first counts every row that holds each word of the query (its IDF) by walking
// the word's whole list; for a province name at 10M rows that is 130k rows per word
// before the first match is ranked, three quarters of a selective query's time. CKAN
// ranks with PostgreSQL's ts_rank, which has no IDF: a row's rank follows only how often
// the query's words occur in it. khlang_rank computes ts_rank's formula for words
// (calc_rank_or, every position at the default weight 0.1) from the match's positions,
// which FTS5 has already decoded, and normalises it as the PostgreSQL backend's
// ts_rank(..., 32) does, rank/(rank+1). So both backends rank in (0, 1), a row holding a
// one-word q once ranks 0.0573 on both, and a row repeating the words ranks higher.
// ts_rank's word-distance factor for AND queries is not reproduced: in FTS5 a position
// counts within one column, and the PostgreSQL backend's tsvector keeps no positions
// (there every row matching several words ranks alike).
//
// An optional second argument restricts the count to one column (per-field q). Databases
// opened with OpenSQLite have it.
const RankFunction = "khlang_rank"

// tsRankWeight is ts_rank's default weight of an unlabelled position (D); tsRankZeta is
// the sum of 1/i² that ts_rank divides by.
const (
	tsRankWeight = 0.1
	tsRankZeta   = 1.64493406685
)

// maxRankPhrases bounds the per-phrase counts kept on the stack; a query with more
// phrases counts the rest together with the last (its rank is still sensible, and such
// queries are rare: one phrase per word of q).
const maxRankPhrases = 64

// rankFn is a package-level func value: FTS5 receives the address of the func value,
// which the transpiled code calls back through, so it never moves and is never freed.
var rankFn = ftsRank

// Function pointers of the FTS5 extension API, called the way the transpiled code calls
// them: a uintptr holding the address of a func value.
type (
	fts5InstCountFn = func(*libc.TLS, uintptr, uintptr) int32
	fts5InstFn      = func(*libc.TLS, uintptr, int32, uintptr, uintptr, uintptr) int32
	fts5PhraseCntFn = func(*libc.TLS, uintptr) int32
	fts5CreateAuxFn = func(*libc.TLS, uintptr, uintptr, uintptr, uintptr, uintptr) int32
)

func cfunc[F any](p uintptr) F { return *(*F)(unsafe.Pointer(&p)) }

// ftsRank is khlang_rank: (fts table [, column]).
func ftsRank(tls *libc.TLS, pAPI, pFts, pCtx uintptr, nVal int32, apVal uintptr) {
	api := (*sqlite3.Fts5ExtensionApi)(unsafe.Add(unsafe.Pointer(nil), pAPI))
	col := int32(-1)
	if nVal > 0 {
		col = sqlite3.Xsqlite3_value_int(tls, cmem(apVal))
	}
	nPhrase := cfunc[fts5PhraseCntFn](api.FxPhraseCount)(tls, pFts)
	if nPhrase <= 0 {
		sqlite3.Xsqlite3_result_double(tls, pCtx, 0)
		return
	}
	// Out parameters live in C memory (the TLS stack), never in Go memory, which may move.
	out := tls.Alloc(16)
	defer tls.Free(16)
	if rc := cfunc[fts5InstCountFn](api.FxInstCount)(tls, pFts, out); rc != sqlite3.SQLITE_OK {
		sqlite3.Xsqlite3_result_error_code(tls, pCtx, rc)
		return
	}
	nInst := *(*int32)(unsafe.Add(unsafe.Pointer(nil), out))
	var tf [maxRankPhrases]int32
	inst := cfunc[fts5InstFn](api.FxInst)
	for i := range nInst {
		if rc := inst(tls, pFts, i, out, out+4, out+8); rc != sqlite3.SQLITE_OK {
			sqlite3.Xsqlite3_result_error_code(tls, pCtx, rc)
			return
		}
		phrase := *(*int32)(unsafe.Add(unsafe.Pointer(nil), out))
		c := *(*int32)(unsafe.Add(unsafe.Pointer(nil), out+4))
		if col >= 0 && c != col {
			continue
		}
		tf[min(max(phrase, 0), maxRankPhrases-1)]++
	}
	sqlite3.Xsqlite3_result_double(tls, pCtx, tsRank(tf[:min(nPhrase, maxRankPhrases)], nPhrase))
}

// tsRank is ts_rank(..., 32) of a row whose query words occur tf[i] times (every
// position at weight D): each word adds the sum of w/j² over its occurrences divided by
// ζ(2), the sum is averaged over the query's words and normalised to rank/(rank+1).
func tsRank(tf []int32, nWords int32) float64 {
	var res float64
	for _, n := range tf {
		var r float64
		for j := 1; j <= int(n); j++ {
			r += tsRankWeight / float64(j*j)
		}
		res += r / tsRankZeta
	}
	res /= float64(nWords)
	return res / (res + 1)
}

// OpenSQLite opens a pool of connections to the SQLite database dsn (a path with the
// driver's query parameters) through the pure-Go driver, each with khlang_rank
// registered. Full-text searches of the DataStore rank with it, so any SQL that repeats
// them (the bench's direct baseline) opens the database this way.
func OpenSQLite(dsn string) (*sql.DB, error) {
	// sql.Open connects lazily; it only hands over the registered driver.
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	drv := db.Driver()
	_ = db.Close()
	return sql.OpenDB(rankConnector{drv: drv, dsn: dsn}), nil
}

// rankConnector opens connections of the pure-Go driver and registers khlang_rank on
// each before database/sql hands it out: a connection without it would fail every q.
type rankConnector struct {
	drv driver.Driver
	dsn string
}

func (c rankConnector) Driver() driver.Driver { return c.drv }

func (c rankConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	if err := registerRank(conn); err != nil {
		_ = conn.Close()
		return nil, fmt.Errorf("datastore: register the FTS5 function %s: %w", RankFunction, err)
	}
	return conn, nil
}

// sqliteHandle is the sqlite3* of a connection of the pure-Go driver. The driver keeps
// it in an unexported field and offers no connection hook; reading it by reflection
// fails with an error, never a crash, if a new driver version changes the type.
func sqliteHandle(conn driver.Conn) (uintptr, error) {
	v := reflect.ValueOf(conn)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return 0, fmt.Errorf("unexpected connection type %T", conn)
	}
	f := v.Elem().FieldByName("db")
	if !f.IsValid() || f.Kind() != reflect.Uintptr || f.Uint() == 0 {
		return 0, fmt.Errorf("connection type %T has no SQLite handle", conn)
	}
	return uintptr(f.Uint()), nil
}

// registerRank adds khlang_rank to FTS5 on the connection: FTS5 hands out its API
// through `SELECT fts5(?1)` with a pointer bound under the type "fts5_api_ptr".
func registerRank(conn driver.Conn) error {
	db, err := sqliteHandle(conn)
	if err != nil {
		return err
	}
	c := &rawConn{tls: libc.NewTLS(), db: db}
	defer c.tls.Close()
	// Freed after the statement is finalized (deferred calls run last in, first out):
	// SQLite keeps the type string's address while the statement lives.
	mem := libc.Xmalloc(c.tls, 8)
	if mem == 0 {
		return fmt.Errorf("out of memory")
	}
	defer libc.Xfree(c.tls, mem)
	*(*uintptr)(unsafe.Add(unsafe.Pointer(nil), mem)) = 0
	ptype, err := libc.CString("fts5_api_ptr")
	if err != nil {
		return err
	}
	defer libc.Xfree(c.tls, ptype)
	stmt, _, err := c.prepare("SELECT fts5(?1)")
	if err != nil {
		return err
	}
	defer sqlite3.Xsqlite3_finalize(c.tls, stmt)
	if rc := sqlite3.Xsqlite3_bind_pointer(c.tls, stmt, 1, mem, ptype, 0); rc != sqlite3.SQLITE_OK {
		return fmt.Errorf("bind fts5_api_ptr: %s", c.errmsg())
	}
	if rc := sqlite3.Xsqlite3_step(c.tls, stmt); rc != sqlite3.SQLITE_ROW {
		return fmt.Errorf("SELECT fts5(?1): %s", c.errmsg())
	}
	api := cmem(mem)
	if api == 0 {
		return fmt.Errorf("FTS5 returned no API")
	}
	fapi := (*sqlite3.Fts5_api)(unsafe.Add(unsafe.Pointer(nil), api))
	if fapi.FiVersion < 2 {
		return fmt.Errorf("fts5_api version %d", fapi.FiVersion)
	}
	name, err := libc.CString(RankFunction)
	if err != nil {
		return err
	}
	// FTS5 copies the name.
	defer libc.Xfree(c.tls, name)
	create := cfunc[fts5CreateAuxFn](fapi.FxCreateFunction)
	if rc := create(c.tls, api, name, 0, *(*uintptr)(unsafe.Pointer(&rankFn)), 0); rc != sqlite3.SQLITE_OK {
		return fmt.Errorf("xCreateFunction: error code %d", rc)
	}
	return nil
}
