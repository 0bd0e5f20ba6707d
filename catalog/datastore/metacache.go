package datastore

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// On SQLite a search reuses the metadata it read before instead of reading it again per
// call: the metadata query was about a sixth of an equality search's CPU, as much as the
// rest of the engine's own work. The cache stays right across processes (a
// `khlang datastore load` or a datastore_create in another process beside the server):
// triggers on _ds_tables and _ds_aliases bump the one row of _ds_version in the writing
// transaction, whoever writes, and a search that used cached metadata reads that version
// in its own page query (one more column, computed once per statement). When it differs
// from the version the metadata was read with, the page is discarded and the search runs
// again on fresh metadata; so does a search that failed on cached metadata (a field added
// elsewhere, a dropped table). Every write that changes rows also clears the table's
// known row count (tableMeta.RowCount), so it bumps the version too: a table written to
// all the time reads its metadata per search, as before.

// versionDDL creates the version row and its triggers (SQLite).
var versionDDL = func() []string {
	stmts := []string{
		`CREATE TABLE IF NOT EXISTS "_ds_version" (v INTEGER NOT NULL)`,
		`INSERT INTO "_ds_version" (v) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM "_ds_version")`,
	}
	for _, t := range []string{"_ds_tables", "_ds_aliases"} {
		for _, op := range []string{"INSERT", "UPDATE", "DELETE"} {
			stmts = append(stmts, `CREATE TRIGGER IF NOT EXISTS "`+t+`#v_`+op+`" AFTER `+op+` ON "`+t+
				`" BEGIN UPDATE "_ds_version" SET v = v + 1; END`)
		}
	}
	return stmts
}()

// versionExpr reads the metadata version inside another statement.
const versionExpr = `(SELECT v FROM "_ds_version")`

// maxCachedMetas bounds the cache; past it the cache starts over.
const maxCachedMetas = 4096

type cachedMeta struct {
	m       *tableMeta
	version int64
}

// metaCache maps a resource id or alias to its table's metadata and the version it was
// read at. Cached tableMeta values are never modified.
type metaCache struct {
	mu sync.Mutex
	m  map[string]cachedMeta
}

func (c *metaCache) get(key string) (cachedMeta, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	return e, ok
}

func (c *metaCache) put(key string, e cachedMeta) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxCachedMetas {
		c.m = map[string]cachedMeta{}
	}
	c.m[key] = e
}

func (c *metaCache) drop(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, key)
}

// searchMeta is the metadata of a search's table: from the cache when allowed and
// present (cached is then true and the caller must check version against its page),
// otherwise read with its version and cached.
func (s *Store) searchMeta(ctx context.Context, idOrAlias string, useCache bool) (m *tableMeta, version int64, cached bool, err error) {
	if s.pg {
		m, err = s.resolveMeta(ctx, idOrAlias)
		return m, 0, false, err
	}
	if useCache {
		if e, ok := s.metas.get(idOrAlias); ok {
			return e.m, e.version, true, nil
		}
	}
	var id, fields, pk, idx string
	var count sql.NullInt64
	err = s.db.QueryRowContext(ctx, `SELECT id, fields, primary_key, indexes, row_count, `+versionExpr+` FROM "_ds_tables"`+
		` WHERE id = ? OR id = (SELECT resource_id FROM "_ds_aliases" WHERE name = ?) ORDER BY id = ? DESC LIMIT 1`,
		idOrAlias, idOrAlias, idOrAlias).Scan(&id, &fields, &pk, &idx, &count, &version)
	if errors.Is(err, sql.ErrNoRows) {
		s.metas.drop(idOrAlias)
		return nil, 0, false, notFound(idOrAlias)
	}
	if err != nil {
		return nil, 0, false, storageErr("read datastore table", err)
	}
	if m, err = decodeMeta(id, fields, pk, idx, count); err != nil {
		return nil, 0, false, err
	}
	s.metas.put(idOrAlias, cachedMeta{m: m, version: version})
	return m, version, false, nil
}

// metaVersion reads the current metadata version (SQLite).
func (s *Store) metaVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := s.db.QueryRowContext(ctx, "SELECT "+versionExpr).Scan(&v); err != nil {
		return 0, storageErr("read datastore version", err)
	}
	return v, nil
}

// errStaleMeta makes Search run again on fresh metadata.
var errStaleMeta = errors.New("datastore: metadata changed during the search")
