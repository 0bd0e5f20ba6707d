package datastore

import (
	"context"
	"slices"
)

// InfoMeta is the meta part of datastore_info.
type InfoMeta struct {
	Aliases   []string `json:"aliases"`
	Count     int64    `json:"count"`
	DBSize    int64    `json:"db_size"`
	ID        string   `json:"id"`
	IdxSize   int64    `json:"idx_size"`
	Size      int64    `json:"size"`
	TableType string   `json:"table_type"`
}

// FieldSchema describes a column's storage in datastore_info.
type FieldSchema struct {
	NativeType string `json:"native_type"`
	IndexName  string `json:"index_name,omitempty"`
	IsIndex    bool   `json:"is_index"`
	NotNull    bool   `json:"notnull"`
	UniqueKey  bool   `json:"uniquekey"`
}

// InfoField is a field of datastore_info (without _id, as CKAN).
type InfoField struct {
	ID     string         `json:"id"`
	Type   string         `json:"type"`
	Info   map[string]any `json:"info,omitempty"`
	Schema FieldSchema    `json:"schema"`
}

// Info is datastore_info.
type Info struct {
	Meta   InfoMeta    `json:"meta"`
	Fields []InfoField `json:"fields"`
}

// Info describes a table: its aliases, row count, sizes and fields.
func (s *Store) Info(ctx context.Context, idOrAlias string) (*Info, error) {
	id, err := s.Resolve(ctx, idOrAlias)
	if err != nil {
		return nil, err
	}
	m, err := s.loadMeta(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	out := &Info{Meta: InfoMeta{ID: id, TableType: "BASE TABLE"}, Fields: []InfoField{}}
	if out.Meta.Aliases, err = s.aliasesOf(ctx, s.db, id); err != nil {
		return nil, err
	}
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM "+s.tbl(id)).Scan(&out.Meta.Count); err != nil {
		return nil, storageErr("count rows", err)
	}
	if s.pg {
		err = s.db.QueryRowContext(ctx, `SELECT pg_database_size(current_database()), pg_relation_size(to_regclass($1)),
			pg_indexes_size(to_regclass($1))`, "datastore."+quoteIdent(id)).
			Scan(&out.Meta.DBSize, &out.Meta.Size, &out.Meta.IdxSize)
	} else {
		err = s.db.QueryRowContext(ctx, "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()").Scan(&out.Meta.DBSize)
		if err == nil {
			out.Meta.Size, out.Meta.IdxSize = s.sqliteSizes(ctx, id)
		}
	}
	if err != nil {
		return nil, storageErr("table size", err)
	}
	for _, f := range m.Fields {
		sc := FieldSchema{NativeType: pgDecl(f.Type)}
		if !s.pg {
			sc.NativeType = sqliteDecl(f.Type)
		}
		if slices.Contains(m.PrimaryKey, f.ID) {
			sc.IsIndex, sc.UniqueKey, sc.IndexName = true, true, id+"#pk"
		}
		for i, ix := range m.Indexes {
			if len(ix) > 0 && ix[0] == f.ID && !sc.IsIndex {
				sc.IsIndex, sc.IndexName = true, id+"#ix"+itoa(i)
			}
		}
		out.Fields = append(out.Fields, InfoField{ID: f.ID, Type: f.Type, Info: f.Info, Schema: sc})
	}
	return out, nil
}

func itoa(i int) string { return textOf(int64(i)) }

// sqliteSizes sums the pages of the table (and its FTS shadow tables) and of its indexes
// when the dbstat table is compiled in; otherwise it reports zeros rather than failing.
func (s *Store) sqliteSizes(ctx context.Context, id string) (size, idx int64) {
	row := s.db.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN name = ?1 OR name LIKE ?2 THEN pgsize END), 0),
		COALESCE(SUM(CASE WHEN name = ?3 OR name LIKE ?4 THEN pgsize END), 0)
		FROM dbstat`, id, ftsName(id)+"%", id+"#pk", id+"#ix%")
	if err := row.Scan(&size, &idx); err != nil {
		return 0, 0
	}
	return size, idx
}
