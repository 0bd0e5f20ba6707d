package datastore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/jackc/pgx/v5/stdlib"

	"github.com/khlang/khlang/catalog"
)

// loadPostgres replaces the resource's table with the rows next yields. One transaction
// on one connection builds the new table under a temporary name, fills it with COPY (text
// format, so every value goes through the column type's input function exactly as the
// ::text::type casts of the INSERT path do), builds the full-text GIN index once the rows
// are in (faster than maintaining it row by row) and swaps it in; a large table is then
// vacuumed and analysed. A failed load rolls back and leaves the old table.
func (s *Store) loadPostgres(ctx context.Context, resourceID string, fields []Field, next func() ([]any, error)) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return storageErr("load", err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return storageErr("begin", err)
	}
	defer func() { _ = tx.Rollback() }()
	old, err := s.loadMeta(ctx, tx, resourceID)
	if err != nil && !errors.Is(err, catalog.ErrNotFound) {
		return err
	}
	if old != nil {
		for i := range fields {
			if f, ok := old.field(fields[i].ID); ok && fields[i].Info == nil {
				fields[i].Info = f.Info
			}
		}
	}
	tmp := loadName(resourceID)
	if err := s.dropTables(ctx, tx, tmp); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "CREATE TABLE "+s.tbl(tmp)+" ("+s.columnDefs(fields)+")"); err != nil {
		return storageErr("create datastore table", err)
	}
	cols := []string{`"_full_text"`}
	for _, f := range fields {
		cols = append(cols, quoteIdent(f.ID))
	}
	src := &copySource{s: s, fields: fields, next: next}
	var copied int64
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		tag, err := c.Conn().PgConn().CopyFrom(ctx, src, "COPY "+s.tbl(tmp)+" ("+strings.Join(cols, ", ")+") FROM STDIN")
		copied = tag.RowsAffected()
		return err
	})
	if src.err != nil {
		return src.err
	}
	if err != nil {
		return storageErr("copy records", err)
	}
	if _, err := tx.ExecContext(ctx, "CREATE INDEX "+quoteIdent(tmp+"#ft")+" ON "+s.tbl(tmp)+" USING gin (_full_text)"); err != nil {
		return storageErr("create full-text index", err)
	}
	if err := s.dropTables(ctx, tx, resourceID); err != nil {
		return err
	}
	if err := s.renameTables(ctx, tx, tmp, resourceID); err != nil {
		return err
	}
	if err := s.saveMeta(ctx, tx, &tableMeta{ID: resourceID, Fields: fields}); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE "+s.metaTbl("_ds_tables")+" SET row_count = $1 WHERE id = $2", copied, resourceID); err != nil {
		return storageErr("save datastore table", err)
	}
	if err := tx.Commit(); err != nil {
		return storageErr("commit", err)
	}
	// A large new table is vacuumed and analysed at once rather than when autovacuum gets
	// to it: the statistics steer the planner and the reltuples total estimate, and the
	// visibility map lets counts (a filtered total) use index-only scans (at 1M rows a
	// filtered count took 55 ms before). Small tables are left to autovacuum, which keeps
	// the sample catalog's hundreds of small loads cheap. The load has committed: a
	// failure here is only logged.
	if copied >= analyzeMinRows {
		if _, err := s.db.ExecContext(ctx, "VACUUM (ANALYZE) "+s.tbl(resourceID)); err != nil {
			s.log.Warn("vacuum after load", "resource_id", resourceID, "err", err)
		}
	}
	return nil
}

// analyzeMinRows is the size from which a load vacuums and analyses the new table itself.
const analyzeMinRows = 10000

// copySource renders rows in COPY's text format as the server reads them, so memory
// stays bounded by one buffer whatever the file's size.
type copySource struct {
	s      *Store
	fields []Field
	next   func() ([]any, error)
	buf    bytes.Buffer
	done   bool
	err    error // the error of next, which aborts the COPY
	cache  *segCache
}

// words segments a cell's text through the load's segCache (see prepareRows).
func (c *copySource) words(t string) func(func(string) bool) {
	if c.cache == nil {
		c.cache = &segCache{s: c.s}
	}
	return strings.FieldsSeq(c.cache.text(t))
}

func (c *copySource) Read(p []byte) (int, error) {
	for c.buf.Len() < len(p) && !c.done {
		row, err := c.next()
		if errors.Is(err, io.EOF) {
			c.done = true
			break
		}
		if err != nil {
			c.err = err
			return 0, err
		}
		c.writeRow(row)
	}
	if c.buf.Len() == 0 && c.done {
		return 0, io.EOF
	}
	return c.buf.Read(p)
}

func (c *copySource) writeRow(row []any) {
	// The row's distinct words, as rowTokens gives them to array_to_tsvector.
	var tsv strings.Builder
	seen := map[string]bool{}
	for _, v := range row {
		if v == nil {
			continue
		}
		for w := range c.words(textOf(v)) {
			if len(w) > 2000 || seen[w] {
				continue
			}
			seen[w] = true
			if tsv.Len() > 0 {
				tsv.WriteByte(' ')
			}
			tsv.WriteByte('\'')
			w = strings.ReplaceAll(w, `\`, `\\`)
			tsv.WriteString(strings.ReplaceAll(w, "'", "''"))
			tsv.WriteByte('\'')
		}
	}
	copyText(&c.buf, tsv.String())
	for j, f := range c.fields {
		c.buf.WriteByte('\t')
		v := c.s.storeNorm(f.Type, row[j])
		if v == nil {
			c.buf.WriteString(`\N`)
			continue
		}
		copyText(&c.buf, textOf(v))
	}
	c.buf.WriteByte('\n')
}

// copyText writes a value escaped for COPY's text format.
func copyText(b *bytes.Buffer, s string) {
	if !strings.ContainsAny(s, "\\\t\n\r") {
		b.WriteString(s)
		return
	}
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; ch {
		case '\\':
			b.WriteString(`\\`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		default:
			b.WriteByte(ch)
		}
	}
}
