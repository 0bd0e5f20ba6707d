package datastore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/khlang/khlang/catalog"
)

// Upsert methods.
const (
	MethodUpsert = "upsert"
	MethodInsert = "insert"
	MethodUpdate = "update"
)

// CreateRequest is datastore_create. Nil PrimaryKey, Indexes and Aliases leave the
// current values; a non-nil empty list clears them (CKAN: each replaces the previous value).
type CreateRequest struct {
	ResourceID string
	Fields     []Field
	Records    []map[string]any
	PrimaryKey []string
	// Indexes lists indexes, each one or more field ids.
	Indexes      [][]string
	Aliases      []string
	DeleteFields bool
}

// CreateResult is what datastore_create reports besides echoing its input.
type CreateResult struct {
	ResourceID string  `json:"resource_id"`
	Fields     []Field `json:"fields"`
	Method     string  `json:"method"`
}

// args collects bind values and renders their placeholders.
type args struct {
	pg   bool
	vals []any
}

func (a *args) add(v any) string {
	a.vals = append(a.vals, v)
	if a.pg {
		return fmt.Sprintf("$%d", len(a.vals))
	}
	return "?"
}

// typed adds a stored value; PostgreSQL receives text and casts it, which keeps one code
// path for every column type.
func (a *args) typed(t string, v any) string {
	ph := a.add(v)
	if a.pg {
		return ph + "::text::" + pgDecl(t)
	}
	return ph
}

func (s *Store) newArgs() *args { return &args{pg: s.pg} }

// Create creates the table or changes it (new fields, info, keys, indexes, aliases) and
// inserts the records, in one transaction.
func (s *Store) Create(ctx context.Context, req CreateRequest) (*CreateResult, error) {
	if !validResourceID(req.ResourceID) {
		return nil, catalog.Invalid("resource_id", "Not a valid resource id")
	}
	var out *CreateResult
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		m, err := s.loadMeta(ctx, tx, req.ResourceID)
		exists := err == nil
		if err != nil && !errors.Is(err, catalog.ErrNotFound) {
			return err
		}
		if !exists {
			m = &tableMeta{ID: req.ResourceID}
		}
		old := slices.Clone(m.Fields)
		if err := s.applyFields(m, req); err != nil {
			return err
		}
		if !exists {
			if err := s.createTable(ctx, tx, req.ResourceID, m.Fields); err != nil {
				return err
			}
		} else if err := s.alterTable(ctx, tx, m, old); err != nil {
			return err
		}
		if req.PrimaryKey != nil {
			if err := checkFieldList(m, "primary_key", req.PrimaryKey); err != nil {
				return err
			}
			m.PrimaryKey = slices.Clone(req.PrimaryKey)
		}
		if req.Indexes != nil {
			for _, ix := range req.Indexes {
				if err := checkFieldList(m, "index", ix); err != nil {
					return err
				}
			}
			m.Indexes = req.Indexes
		}
		if err := s.createIndexes(ctx, tx, m); err != nil {
			return err
		}
		if req.Aliases != nil {
			if err := s.setAliases(ctx, tx, m.ID, req.Aliases); err != nil {
				return err
			}
		}
		if err := s.saveMeta(ctx, tx, m); err != nil {
			return err
		}
		if len(req.Records) > 0 {
			if err := s.insertRecords(ctx, tx, m, req.Records, true); err != nil {
				return err
			}
		}
		out = &CreateResult{ResourceID: m.ID, Fields: m.Fields, Method: MethodInsert}
		return nil
	})
	return out, err
}

// applyFields merges the request's fields (and fields guessed from the first record)
// into m, validating names and types with CKAN's messages.
func (s *Store) applyFields(m *tableMeta, req CreateRequest) error {
	seen := map[string]bool{}
	var given []Field
	for _, f := range req.Fields {
		if !validFieldName(f.ID) {
			return catalog.Invalid("fields", fmt.Sprintf("\"%s\" is not a valid field name", f.ID))
		}
		if seen[f.ID] {
			return catalog.Invalid("fields", fmt.Sprintf("field \"%s\" duplicated", f.ID))
		}
		seen[f.ID] = true
		typ := f.Type
		if cur, ok := m.field(f.ID); ok && typ == "" {
			typ = cur.Type
		}
		c, ok := CanonicalType(typ)
		if !ok {
			return catalog.Invalid("fields", fmt.Sprintf("\"%s\" is not a valid field type", f.Type))
		}
		given = append(given, Field{ID: f.ID, Type: c, Info: f.Info})
	}
	// CKAN guesses the type of every key of the first record that no field names.
	if len(req.Records) > 0 {
		first := req.Records[0]
		keys := make([]string, 0, len(first))
		for k := range first {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if seen[k] {
				continue
			}
			if _, ok := m.field(k); ok {
				continue
			}
			if !validFieldName(k) {
				return catalog.Invalid("fields", fmt.Sprintf("\"%s\" is not a valid field name", k))
			}
			seen[k] = true
			given = append(given, Field{ID: k, Type: guessType(first[k])})
		}
	}
	merged := make([]Field, 0, len(m.Fields)+len(given))
	for _, cur := range m.Fields {
		i := slices.IndexFunc(given, func(f Field) bool { return f.ID == cur.ID })
		if i < 0 {
			if req.DeleteFields && len(req.Fields) > 0 {
				continue
			}
			merged = append(merged, cur)
			continue
		}
		g := given[i]
		if g.Type != cur.Type {
			return catalog.Invalid("fields", fmt.Sprintf("field \"%s\" type cannot be changed from %s to %s", g.ID, cur.Type, g.Type))
		}
		if g.Info == nil {
			g.Info = cur.Info
		}
		merged = append(merged, g)
	}
	for _, g := range given {
		if _, ok := m.field(g.ID); !ok {
			merged = append(merged, g)
		}
	}
	if len(merged) > 1500 {
		return catalog.Invalid("fields", "too many fields")
	}
	m.Fields = merged
	return nil
}

func checkFieldList(m *tableMeta, key string, ids []string) error {
	for _, id := range ids {
		if _, ok := m.field(id); !ok {
			return catalog.Invalid(key, fmt.Sprintf("The field \"%s\" is not a valid column name.", id))
		}
	}
	return nil
}

func (s *Store) columnDefs(fields []Field) string {
	var b strings.Builder
	if s.pg {
		b.WriteString(`"_id" serial PRIMARY KEY, "_full_text" tsvector`)
	} else {
		b.WriteString(`"_id" INTEGER PRIMARY KEY`)
	}
	for _, f := range fields {
		b.WriteString(", ")
		b.WriteString(quoteIdent(f.ID))
		b.WriteByte(' ')
		if s.pg {
			b.WriteString(pgDecl(f.Type))
		} else {
			b.WriteString(sqliteDecl(f.Type))
		}
	}
	return b.String()
}

// ftsDDL creates the SQLite FTS5 table of a resource: one column per field (c0, c1, ...)
// so per-field queries use column filters. The text is already segmented into lower-case
// words joined by spaces (Store.tokens, for rows and queries alike), so FTS5's tokenizer
// only has to split on the spaces: the ascii tokenizer does that and keeps every
// non-ASCII character (Thai letters, vowels and tone marks) inside its word. unicode61,
// used before, looked up the Unicode category of every character again, a seventh of a
// wide Thai table's load. Tables made with it keep it; queries are tokenized by each
// table's own tokenizer, so both kinds answer alike.
func ftsDDL(name string, fields []Field) string {
	cols := make([]string, 0, len(fields)+1)
	for i := range fields {
		cols = append(cols, fmt.Sprintf("c%d", i))
	}
	if len(cols) == 0 {
		cols = append(cols, "c0")
	}
	return "CREATE VIRTUAL TABLE " + quoteIdent(name) + " USING fts5(" + strings.Join(cols, ", ") +
		", tokenize = 'ascii')"
}

func (s *Store) createTable(ctx context.Context, q querier, name string, fields []Field) error {
	stmts := []string{"CREATE TABLE " + s.tbl(name) + " (" + s.columnDefs(fields) + ")"}
	if s.pg {
		stmts = append(stmts, "CREATE INDEX "+quoteIdent(name+"#ft")+" ON "+s.tbl(name)+" USING gin (_full_text)")
	} else {
		stmts = append(stmts, ftsDDL(ftsName(name), fields))
	}
	for _, st := range stmts {
		if _, err := q.ExecContext(ctx, st); err != nil {
			return storageErr("create datastore table", err)
		}
	}
	return nil
}

// alterTable adds new columns, drops deleted ones and, when the column set changed,
// rebuilds the full-text data so it covers exactly the current fields.
func (s *Store) alterTable(ctx context.Context, tx *sql.Tx, m *tableMeta, old []Field) error {
	changed := false
	for _, f := range old {
		if _, ok := m.field(f.ID); !ok {
			// Indexes on the column go first: SQLite refuses to drop an indexed column.
			if err := s.dropIndexes(ctx, tx, m.ID, old); err != nil {
				return err
			}
			m.PrimaryKey = slices.DeleteFunc(m.PrimaryKey, func(k string) bool { return k == f.ID })
			m.Indexes = slices.DeleteFunc(m.Indexes, func(ix []string) bool { return slices.Contains(ix, f.ID) })
			if _, err := tx.ExecContext(ctx, "ALTER TABLE "+s.tbl(m.ID)+" DROP COLUMN "+quoteIdent(f.ID)); err != nil {
				return storageErr("drop datastore column", err)
			}
			changed = true
		}
	}
	for _, f := range m.Fields {
		if slices.IndexFunc(old, func(o Field) bool { return o.ID == f.ID }) >= 0 {
			continue
		}
		decl := sqliteDecl(f.Type)
		if s.pg {
			decl = pgDecl(f.Type)
		}
		if _, err := tx.ExecContext(ctx, "ALTER TABLE "+s.tbl(m.ID)+" ADD COLUMN "+quoteIdent(f.ID)+" "+decl); err != nil {
			return storageErr("add datastore column", err)
		}
		changed = true
	}
	if changed {
		return s.reindexFullText(ctx, tx, m)
	}
	return nil
}

// reindexFullText recomputes the full-text data of every row (after a field change).
func (s *Store) reindexFullText(ctx context.Context, tx *sql.Tx, m *tableMeta) error {
	if !s.pg {
		if _, err := tx.ExecContext(ctx, "DROP TABLE IF EXISTS "+quoteIdent(ftsName(m.ID))); err != nil {
			return storageErr("rebuild full text", err)
		}
		if _, err := tx.ExecContext(ctx, ftsDDL(ftsName(m.ID), m.Fields)); err != nil {
			return storageErr("rebuild full text", err)
		}
	}
	rows, err := tx.QueryContext(ctx, "SELECT "+s.selectList(m.Fields, "")+" FROM "+s.tbl(m.ID))
	if err != nil {
		return storageErr("rebuild full text", err)
	}
	type pending struct {
		id  int64
		row []any
	}
	var batch []pending
	flush := func() error {
		for _, p := range batch {
			if err := s.writeFullText(ctx, tx, m, p.id, p.row, false); err != nil {
				return err
			}
		}
		batch = batch[:0]
		return nil
	}
	// Rows are read fully before writing: a connection cannot interleave a read cursor
	// with writes to the same table inside one transaction on every driver.
	var all []pending
	for rows.Next() {
		vals, err := s.scanRow(rows, m.Fields)
		if err != nil {
			rows.Close()
			return err
		}
		all = append(all, pending{id: vals[0].(int64), row: vals[1:]})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return storageErr("rebuild full text", err)
	}
	batch = all
	return flush()
}

// writeFullText stores the segmented text of one row (values in field order).
func (s *Store) writeFullText(ctx context.Context, q querier, m *tableMeta, id int64, row []any, replace bool) error {
	if s.pg {
		a := s.newArgs()
		q1 := "UPDATE " + s.tbl(m.ID) + " SET _full_text = array_to_tsvector(" + a.add(pgArrayLiteral(s.rowTokens(row))) +
			"::text[]) WHERE _id = " + a.add(id)
		if _, err := q.ExecContext(ctx, q1, a.vals...); err != nil {
			return storageErr("write full text", err)
		}
		return nil
	}
	if replace {
		if _, err := q.ExecContext(ctx, "DELETE FROM "+quoteIdent(ftsName(m.ID))+" WHERE rowid = ?", id); err != nil {
			return storageErr("write full text", err)
		}
	}
	a := s.newArgs()
	vals := []string{a.add(id)}
	cols := []string{"rowid"}
	for i, v := range row {
		cols = append(cols, fmt.Sprintf("c%d", i))
		vals = append(vals, a.add(s.ftsText(v)))
	}
	_, err := q.ExecContext(ctx, "INSERT INTO "+quoteIdent(ftsName(m.ID))+" ("+strings.Join(cols, ", ")+") VALUES ("+
		strings.Join(vals, ", ")+")", a.vals...)
	if err != nil {
		return storageErr("write full text", err)
	}
	return nil
}

// tokens segments text into lower-case words, dropping pure punctuation.
func (s *Store) tokens(text string) []string {
	if text == "" {
		return nil
	}
	var out []string
	for _, w := range s.seg(text) {
		w = strings.ToLower(strings.TrimSpace(w))
		if w == "" || !strings.ContainsFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) {
			continue
		}
		out = append(out, w)
	}
	return out
}

func (s *Store) ftsText(v any) string {
	if v == nil {
		return ""
	}
	return strings.Join(s.tokens(textOf(v)), " ")
}

func (s *Store) rowTokens(row []any) []any {
	var out []any
	seen := map[string]bool{}
	for _, v := range row {
		if v == nil {
			continue
		}
		for _, t := range s.tokens(textOf(v)) {
			// tsvector lexemes are limited to 2 KB; longer words cannot be searched anyway.
			if len(t) > 2000 || seen[t] {
				continue
			}
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

func (s *Store) dropIndexes(ctx context.Context, q querier, id string, fields []Field) error {
	var names []string
	if s.pg {
		rows, err := q.QueryContext(ctx, `SELECT indexname FROM pg_indexes WHERE schemaname = 'datastore' AND tablename = $1`, id)
		if err != nil {
			return storageErr("list indexes", err)
		}
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err == nil {
				names = append(names, n)
			}
		}
		rows.Close()
	} else {
		rows, err := q.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`, id)
		if err != nil {
			return storageErr("list indexes", err)
		}
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err == nil {
				names = append(names, n)
			}
		}
		rows.Close()
	}
	for _, n := range names {
		if !strings.HasPrefix(n, id+"#pk") && !strings.HasPrefix(n, id+"#ix") {
			continue
		}
		if _, err := q.ExecContext(ctx, "DROP INDEX IF EXISTS "+s.tbl(n)); err != nil {
			return storageErr("drop index", err)
		}
	}
	if !s.pg {
		return s.dropCountTriggers(ctx, q, id)
	}
	return nil
}

// createIndexes (re)creates the unique key and the plain indexes recorded in m.
func (s *Store) createIndexes(ctx context.Context, q querier, m *tableMeta) error {
	if err := s.dropIndexes(ctx, q, m.ID, m.Fields); err != nil {
		return err
	}
	quoteAll := func(ids []string) string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = quoteIdent(id)
		}
		return strings.Join(out, ", ")
	}
	on := func(n string) string {
		if s.pg {
			return quoteIdent(n) + " ON " + s.tbl(m.ID)
		}
		return quoteIdent(n) + " ON " + quoteIdent(m.ID)
	}
	if len(m.PrimaryKey) > 0 {
		// CKAN's primary key is a unique index, not a real primary key (_id is that).
		if _, err := q.ExecContext(ctx, "CREATE UNIQUE INDEX "+on(m.ID+"#pk")+" ("+quoteAll(m.PrimaryKey)+")"); err != nil {
			if isUniqueViolation(err) {
				return catalog.Invalid("primary_key", "duplicate key value violates unique constraint")
			}
			return storageErr("create unique key", err)
		}
	}
	for i, ix := range m.Indexes {
		if len(ix) == 0 {
			continue
		}
		if _, err := q.ExecContext(ctx, "CREATE INDEX "+on(fmt.Sprintf("%s#ix%d", m.ID, i))+" ("+quoteAll(ix)+")"); err != nil {
			return storageErr("create index", err)
		}
	}
	if !s.pg {
		return s.createValueCounts(ctx, q, m)
	}
	return nil
}

func (s *Store) setAliases(ctx context.Context, tx *sql.Tx, id string, aliases []string) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM "+s.metaTbl("_ds_aliases")+" WHERE resource_id = "+s.p(1), id); err != nil {
		return storageErr("set aliases", err)
	}
	for _, a := range aliases {
		a = strings.TrimSpace(a)
		if a == "" {
			continue
		}
		if !validAlias(a) {
			return catalog.Invalid("aliases", fmt.Sprintf("\"%s\" is not a valid alias name", a))
		}
		other, err := s.resolve(ctx, tx, a)
		if err == nil && other != id || err == nil && a == id {
			return catalog.Invalid("alias", fmt.Sprintf("The alias \"%s\" already exists.", a))
		}
		if err != nil && !errors.Is(err, catalog.ErrNotFound) {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO "+s.metaTbl("_ds_aliases")+" (name, resource_id) VALUES ("+s.p(1)+", "+s.p(2)+")", a, id); err != nil {
			if isUniqueViolation(err) {
				return catalog.Invalid("alias", fmt.Sprintf("The alias \"%s\" already exists.", a))
			}
			return storageErr("set aliases", err)
		}
	}
	return nil
}

func isUniqueViolation(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505") ||
		strings.Contains(msg, "duplicate key value")
}

func duplicateKey(m *tableMeta, row int) error {
	v := &catalog.ValidationError{}
	v.Add("records", fmt.Sprintf("duplicate key value violates unique constraint \"%s#pk\"", m.ID))
	v.Add("records_row", fmt.Sprint(row))
	return v
}

// insertRecords inserts rows in multi-row statements, assigning _id itself on SQLite
// (the transaction holds the write lock) so the FTS rows can share it.
func (s *Store) insertRecords(ctx context.Context, tx *sql.Tx, m *tableMeta, records []map[string]any, strict bool) error {
	for i, r := range records {
		var extra []string
		for k := range r {
			if _, ok := m.field(k); !ok {
				extra = append(extra, k)
			}
		}
		if len(extra) > 0 {
			sort.Strings(extra)
			return catalog.Invalid("records", fmt.Sprintf("row \"%d\" has extra keys \"%s\"", i+1, strings.Join(extra, ", ")))
		}
	}
	rows := make([][]any, len(records))
	for i, r := range records {
		row := make([]any, len(m.Fields))
		for j, f := range m.Fields {
			v, err := normalize(f.Type, r[f.ID])
			if err != nil {
				ve := &catalog.ValidationError{}
				ve.Add("records", err.Error())
				ve.Add("records_row", fmt.Sprint(i))
				return ve
			}
			row[j] = v
		}
		rows[i] = row
	}
	if err := s.rowsChanged(ctx, tx, m.ID); err != nil {
		return err
	}
	w, err := s.newRowWriter(ctx, tx, m.ID, m.Fields)
	if err != nil {
		return err
	}
	for i, row := range rows {
		if err := w.add(ctx, row); err != nil {
			if isUniqueViolation(err) {
				return duplicateKey(m, i)
			}
			return err
		}
	}
	if err := w.flush(ctx); err != nil {
		if isUniqueViolation(err) {
			return duplicateKey(m, len(rows)-1)
		}
		return err
	}
	return nil
}

// rowWriter batches normalized rows into multi-row INSERTs of the main table and, on
// SQLite, of its FTS table. Full batches reuse one prepared statement. SQLite batches stay
// small because the driver binds parameters in time quadratic in their number.
type rowWriter struct {
	s       *Store
	tx      *sql.Tx
	table   string
	fts     string
	fields  []Field
	nextID  int64
	batch   [][]any
	maxRows int
	full    [2]*sql.Stmt // prepared for maxRows rows: main, fts
}

func (s *Store) newRowWriter(ctx context.Context, tx *sql.Tx, table string, fields []Field) (*rowWriter, error) {
	w := &rowWriter{s: s, tx: tx, table: table, fields: fields}
	params := len(fields) + 1
	if s.pg {
		w.maxRows = min(1000, max(1, 60000/params))
	} else {
		w.maxRows = min(100, max(1, 300/params))
		w.fts = ftsName(table)
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(_id), 0) FROM "+quoteIdent(table)).Scan(&w.nextID); err != nil {
			return nil, storageErr("insert records", err)
		}
	}
	return w, nil
}

func (w *rowWriter) add(ctx context.Context, row []any) error {
	w.batch = append(w.batch, row)
	if len(w.batch) >= w.maxRows {
		return w.flush(ctx)
	}
	return nil
}

// insertSQL renders the INSERT statements for n rows.
func (w *rowWriter) insertSQL(n int) (main, fts string) {
	s := w.s
	var b, fb strings.Builder
	b.WriteString("INSERT INTO " + s.tbl(w.table) + " (")
	if s.pg {
		b.WriteString(`"_full_text"`)
	} else {
		b.WriteString(`"_id"`)
		fb.WriteString("INSERT INTO " + quoteIdent(w.fts) + " (rowid")
		for i := range w.fields {
			fmt.Fprintf(&fb, ", c%d", i)
		}
		fb.WriteString(") VALUES ")
	}
	for _, f := range w.fields {
		b.WriteString(", " + quoteIdent(f.ID))
	}
	b.WriteString(") VALUES ")
	a, fa := s.newArgs(), s.newArgs()
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
			if !s.pg {
				fb.WriteString(", ")
			}
		}
		if s.pg {
			b.WriteString("(array_to_tsvector(" + a.add(nil) + "::text[])")
		} else {
			b.WriteString("(" + a.add(nil))
			fb.WriteString("(" + fa.add(nil))
			for range w.fields {
				fb.WriteString(", " + fa.add(nil))
			}
			fb.WriteByte(')')
		}
		for _, f := range w.fields {
			b.WriteString(", " + a.typed(f.Type, nil))
		}
		b.WriteByte(')')
	}
	return b.String(), fb.String()
}

func (w *rowWriter) flush(ctx context.Context) error {
	if len(w.batch) == 0 {
		return nil
	}
	s := w.s
	var vals, fvals []any
	for _, row := range w.batch {
		if s.pg {
			vals = append(vals, pgArrayLiteral(s.rowTokens(row)))
		} else {
			w.nextID++
			vals = append(vals, w.nextID)
			fvals = append(fvals, w.nextID)
		}
		for j, f := range w.fields {
			vals = append(vals, s.storeNorm(f.Type, row[j]))
			if !s.pg {
				fvals = append(fvals, s.ftsText(row[j]))
			}
		}
	}
	exec := func(i int, q string, args []any) error {
		var err error
		if len(w.batch) == w.maxRows {
			if w.full[i] == nil {
				if w.full[i], err = w.tx.PrepareContext(ctx, q); err != nil {
					return err
				}
			}
			_, err = w.full[i].ExecContext(ctx, args...)
			return err
		}
		_, err = w.tx.ExecContext(ctx, q, args...)
		return err
	}
	var mainSQL, ftsSQL string
	if len(w.batch) != w.maxRows || w.full[0] == nil {
		mainSQL, ftsSQL = w.insertSQL(len(w.batch))
	}
	if err := exec(0, mainSQL, vals); err != nil {
		if isUniqueViolation(err) {
			return err
		}
		return storageErr("insert records", err)
	}
	if !s.pg {
		if err := exec(1, ftsSQL, fvals); err != nil {
			return storageErr("insert full text", err)
		}
	}
	w.batch = w.batch[:0]
	return nil
}

// UpsertRequest is datastore_upsert.
type UpsertRequest struct {
	ResourceID string
	Records    []map[string]any
	// Method is upsert (the default), insert or update.
	Method string
	// DryRun validates and writes, then rolls back.
	DryRun bool
}

var errDryRun = errors.New("dry run")

// Upsert inserts or updates records by the table's primary key or by _id, with CKAN's
// error texts.
func (s *Store) Upsert(ctx context.Context, req UpsertRequest) error {
	method := req.Method
	if method == "" {
		method = MethodUpsert
	}
	if method != MethodUpsert && method != MethodInsert && method != MethodUpdate {
		return catalog.Invalid("method", fmt.Sprintf("\"%s\" is not a valid method", method))
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		id, err := s.resolve(ctx, tx, req.ResourceID)
		if err != nil {
			return err
		}
		m, err := s.loadMeta(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.rowsChanged(ctx, tx, id); err != nil {
			return err
		}
		if method == MethodInsert {
			err = s.insertRecords(ctx, tx, m, req.Records, true)
		} else {
			for i, r := range req.Records {
				if err = s.upsertOne(ctx, tx, m, method, i, r); err != nil {
					break
				}
			}
		}
		if err == nil && req.DryRun {
			return errDryRun
		}
		return err
	})
	if errors.Is(err, errDryRun) {
		return nil
	}
	return err
}

func (s *Store) upsertOne(ctx context.Context, tx *sql.Tx, m *tableMeta, method string, num int, r map[string]any) error {
	_, hasID := r["_id"]
	if len(m.PrimaryKey) == 0 && !hasID {
		return catalog.Invalid("table", "unique key must be passed for update/upsert")
	}
	if !hasID {
		var missing []string
		for _, k := range m.PrimaryKey {
			if _, ok := r[k]; !ok {
				missing = append(missing, k)
			}
		}
		if len(missing) > 0 {
			return catalog.Invalid("key", fmt.Sprintf("fields \"%s\" are missing but needed as key", strings.Join(missing, ", ")))
		}
	}
	var unknown []string
	for k := range r {
		if _, ok := m.field(k); !ok && k != "_id" {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return catalog.Invalid("fields", fmt.Sprintf("fields \"%s\" do not exist", strings.Join(unknown, ", ")))
	}
	rowErr := func(err error) error {
		ve := &catalog.ValidationError{}
		ve.Add("records", err.Error())
		ve.Add("records_row", fmt.Sprint(num))
		return ve
	}
	// The key condition: _id when given, else the primary key columns.
	a := s.newArgs()
	var sets []string
	for _, f := range m.Fields {
		v, ok := r[f.ID]
		if !ok {
			continue
		}
		sv, err := s.storeValue(f.Type, v)
		if err != nil {
			return rowErr(err)
		}
		sets = append(sets, quoteIdent(f.ID)+" = "+a.typed(f.Type, sv))
	}
	var conds []string
	var keyDesc []string
	if hasID {
		idv, err := normalize(TypeBigInt, r["_id"])
		if err != nil || idv == nil {
			return rowErr(fmt.Errorf("invalid _id %v", r["_id"]))
		}
		conds = append(conds, `"_id" = `+a.typed(TypeBigInt, s.storeNorm(TypeBigInt, idv)))
		keyDesc = append(keyDesc, textOf(idv))
	} else {
		for _, k := range m.PrimaryKey {
			f, _ := m.field(k)
			sv, err := s.storeValue(f.Type, r[k])
			if err != nil {
				return rowErr(err)
			}
			if sv == nil {
				conds = append(conds, quoteIdent(k)+" IS NULL")
			} else {
				conds = append(conds, quoteIdent(k)+" = "+a.typed(f.Type, sv))
			}
			keyDesc = append(keyDesc, textOf(r[k]))
		}
	}
	var rowID int64
	found := false
	if len(sets) > 0 {
		q := "UPDATE " + s.tbl(m.ID) + " SET " + strings.Join(sets, ", ") + " WHERE " + strings.Join(conds, " AND ") + " RETURNING _id"
		err := tx.QueryRowContext(ctx, q, a.vals...).Scan(&rowID)
		if err == nil {
			found = true
		} else if !errors.Is(err, sql.ErrNoRows) {
			if isUniqueViolation(err) {
				return duplicateKey(m, num)
			}
			return rowErr(err)
		}
	} else {
		q := "SELECT _id FROM " + s.tbl(m.ID) + " WHERE " + strings.Join(conds, " AND ")
		err := tx.QueryRowContext(ctx, q, a.vals...).Scan(&rowID)
		found = err == nil
	}
	if !found {
		if method == MethodUpdate || hasID {
			return catalog.Invalid("key", fmt.Sprintf("key \"%s\" not found", strings.Join(keyDesc, ", ")))
		}
		return s.insertRecords(ctx, tx, m, []map[string]any{r}, true)
	}
	// Refresh the row's full text from what is now stored.
	rows, err := tx.QueryContext(ctx, "SELECT "+s.selectList(m.Fields, "")+" FROM "+s.tbl(m.ID)+" WHERE _id = "+s.p(1), rowID)
	if err != nil {
		return storageErr("upsert", err)
	}
	var vals []any
	if rows.Next() {
		vals, err = s.scanRow(rows, m.Fields)
	}
	rows.Close()
	if err != nil || vals == nil {
		return storageErr("upsert", fmt.Errorf("row %d vanished: %v", rowID, err))
	}
	return s.writeFullText(ctx, tx, m, rowID, vals[1:], true)
}

// Delete is datastore_delete: without filters (nil) it drops the table, its full-text
// data and aliases; with filters (even empty) it deletes the matching rows.
func (s *Store) Delete(ctx context.Context, idOrAlias string, filters map[string]any) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		id, err := s.resolve(ctx, tx, idOrAlias)
		if err != nil {
			return err
		}
		if filters == nil {
			return s.dropTable(ctx, tx, id)
		}
		m, err := s.loadMeta(ctx, tx, id)
		if err != nil {
			return err
		}
		return s.deleteRows(ctx, tx, m, filters)
	})
}

// DeleteRecords is datastore_records_delete: filters are required ({} deletes every row)
// and the table is never dropped.
func (s *Store) DeleteRecords(ctx context.Context, idOrAlias string, filters map[string]any) error {
	if filters == nil {
		return catalog.Invalid("filters", "Missing value")
	}
	return s.Delete(ctx, idOrAlias, filters)
}

func (s *Store) deleteRows(ctx context.Context, tx *sql.Tx, m *tableMeta, filters map[string]any) error {
	a := s.newArgs()
	where, err := s.filterClause(m, filters, a, "")
	if err != nil {
		return err
	}
	if err := s.rowsChanged(ctx, tx, m.ID); err != nil {
		return err
	}
	if where == "" {
		where = "1=1"
	}
	if !s.pg {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+quoteIdent(ftsName(m.ID))+" WHERE rowid IN (SELECT _id FROM "+
			quoteIdent(m.ID)+" WHERE "+where+")", a.vals...); err != nil {
			return storageErr("delete records", err)
		}
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM "+s.tbl(m.ID)+" WHERE "+where, a.vals...); err != nil {
		return storageErr("delete records", err)
	}
	return nil
}

func (s *Store) dropTable(ctx context.Context, tx *sql.Tx, id string) error {
	ddl := []string{"DROP TABLE IF EXISTS " + s.tbl(id)}
	if !s.pg {
		ddl = append(ddl, "DROP TABLE IF EXISTS "+quoteIdent(ftsName(id)))
	}
	// Each of these binds the table id once.
	byID := []string{
		"DELETE FROM " + s.metaTbl("_ds_aliases") + " WHERE resource_id = " + s.p(1),
		"DELETE FROM " + s.metaTbl("_ds_tables") + " WHERE id = " + s.p(1),
	}
	if !s.pg {
		byID = append(byID, dropValueCountsSQL...)
	}
	for _, st := range ddl {
		if _, err := tx.ExecContext(ctx, st); err != nil {
			return storageErr("drop datastore table", err)
		}
	}
	for _, st := range byID {
		if _, err := tx.ExecContext(ctx, st, id); err != nil {
			return storageErr("drop datastore table", err)
		}
	}
	return nil
}
