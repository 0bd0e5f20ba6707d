package datastore

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"

	"github.com/khlang/khlang/catalog"
)

// LoadOptions tune Load.
type LoadOptions struct {
	// Fields override the inferred type (and set info) of the columns they name.
	Fields []Field
	// Progress receives ("load", rows loaded, 0) as batches are written.
	Progress catalog.Progress
	// Format is "csv" or "xlsx"; empty detects it from the name and the first bytes.
	Format string
	// Sheet of an XLSX file; empty means the first.
	Sheet string
	// SampleRows are read to infer types and detect the header (default 1000).
	SampleRows int
	// MaxReported caps the rejected rows listed in the report (default 20).
	MaxReported int
}

// Rejection is a row Load skipped.
type Rejection struct {
	Line   int64  `json:"line"`
	Reason string `json:"reason"`
}

// LoadReport says what Load did.
type LoadReport struct {
	ResourceID   string      `json:"resource_id"`
	Format       string      `json:"format"`
	Encoding     string      `json:"encoding,omitempty"`
	Delimiter    string      `json:"delimiter,omitempty"`
	Header       bool        `json:"header"`
	Fields       []Field     `json:"fields"`
	RowsLoaded   int64       `json:"rows_loaded"`
	RowsRejected int64       `json:"rows_rejected"`
	Rejections   []Rejection `json:"rejections,omitempty"`
}

// rowSource yields the cells of one row with its 1-based line number; io.EOF ends it.
type rowSource interface {
	next() (line int64, cells []string, err error)
	close()
}

// Load replaces the resource's table with the rows of a CSV or XLSX file, as CKAN's
// xloader does: the file is streamed into a new table in one transaction that also drops
// the old one, so a failed load leaves the old table as it was and readers see the old
// table until the commit. On SQLite the rows go through prepared multi-row INSERTs on the
// Store's writer connection while another goroutine parses and segments the next rows
// (see loadSQLite); on PostgreSQL they are streamed with COPY (see loadPostgres). Memory
// stays bounded whatever the file's size. Types are inferred from a sample; rows that do
// not fit are counted and reported, not fatal. Aliases and field info survive; keys and
// indexes do not (the new table has none until datastore_create sets them).
//
// Its status (running, then complete with the report or error with the reason, and a
// log) is kept per resource for GetLoadStatus, as CKAN's xloader keeps its task status.
func (s *Store) Load(ctx context.Context, resourceID string, r io.Reader, name string, opts LoadOptions) (*LoadReport, error) {
	if !validResourceID(resourceID) {
		return nil, catalog.Invalid("resource_id", "Not a valid resource id")
	}
	job := s.newLoadJob(resourceID)
	job.log("INFO", "Loading %s", name)
	if s.pg {
		// On SQLite the running status is written once the load holds the writer (see
		// loadSQLite), so a load waiting for another does not wait twice.
		job.save(ctx)
	}
	finished := false
	finish := func(rep *LoadReport, err error) {
		if !finished {
			finished = true
			job.finish(ctx, rep, err)
		}
	}
	rep, err := s.load(ctx, job, finish, resourceID, r, name, opts)
	finish(rep, err)
	return rep, err
}

// load is Load; finish records the outcome (loadSQLite calls it while it still holds the
// writer, later calls do nothing).
func (s *Store) load(ctx context.Context, job *loadJob, finish func(*LoadReport, error), resourceID string, r io.Reader, name string,
	opts LoadOptions) (*LoadReport, error) {
	if opts.SampleRows <= 0 {
		opts.SampleRows = 1000
	}
	if opts.MaxReported <= 0 {
		opts.MaxReported = 20
	}
	rep := &LoadReport{ResourceID: resourceID}
	br := bufio.NewReaderSize(r, 256<<10)
	head, _ := br.Peek(64 << 10)
	format := strings.ToLower(opts.Format)
	if format == "" {
		ext := strings.ToLower(filepath.Ext(name))
		switch {
		case ext == ".xlsx" || ext == ".xlsm" || bytes.HasPrefix(head, []byte("PK\x03\x04")):
			format = "xlsx"
		case ext == ".xls" || bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
			return nil, catalog.Invalid("format", "Legacy .xls files are not supported; save the sheet as XLSX or CSV")
		default:
			format = "csv"
		}
	}
	rep.Format = format
	var src rowSource
	var err error
	switch format {
	case "csv", "tsv", "txt":
		rep.Format = "csv"
		src, err = newCSVSource(br, head, rep)
	case "xlsx":
		src, err = newXLSXSource(br, opts.Sheet)
		rep.Encoding = "utf-8"
	default:
		return nil, catalog.Invalid("format", fmt.Sprintf("format %s is not supported", format))
	}
	if err != nil {
		return nil, err
	}
	defer src.close()
	reject := func(line int64, reason string) {
		rep.RowsRejected++
		if len(rep.Rejections) < opts.MaxReported {
			rep.Rejections = append(rep.Rejections, Rejection{Line: line, Reason: reason})
		}
	}
	// Sample: the first rows decide the header and the types.
	type srow struct {
		line  int64
		cells []string
	}
	var sample []srow
	for len(sample) < opts.SampleRows+1 {
		line, cells, err := src.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *rowError
			if errors.As(err, &pe) {
				reject(pe.line, pe.reason)
				continue
			}
			return nil, catalog.Invalid("upload", fmt.Sprintf("cannot read %s: %v", rep.Format, err))
		}
		if allEmpty(cells) {
			continue
		}
		sample = append(sample, srow{line, cells})
	}
	if len(sample) == 0 {
		return nil, catalog.Invalid("upload", "the file has no rows")
	}
	width := len(sample[0].cells)
	rows := make([][]string, 0, len(sample))
	for _, r := range sample[1:] {
		rows = append(rows, r.cells)
	}
	rep.Header = looksLikeHeader(sample[0].cells, rows)
	var names []string
	if rep.Header {
		names = fieldNames(sample[0].cells)
		sample = sample[1:]
	} else {
		names = fieldNames(make([]string, width))
		rows = append([][]string{sample[0].cells}, rows...)
	}
	fields := make([]Field, width)
	for i := range fields {
		fields[i] = Field{ID: names[i], Type: inferType(rows, i)}
		for _, o := range opts.Fields {
			if o.ID == names[i] {
				if o.Type != "" {
					c, ok := CanonicalType(o.Type)
					if !ok {
						return nil, catalog.Invalid("fields", fmt.Sprintf("\"%s\" is not a valid field type", o.Type))
					}
					fields[i].Type = c
				}
				fields[i].Info = o.Info
			}
		}
	}
	rep.Fields = fields
	job.log("INFO", "Format %s, encoding %s, header %t, %d columns", rep.Format, cmp.Or(rep.Encoding, "-"), rep.Header, len(fields))
	convert := func(line int64, cells []string) ([]any, bool) {
		if len(cells) > width && allEmpty(cells[width:]) {
			cells = cells[:width]
		}
		if len(cells) != width {
			reject(line, fmt.Sprintf("expected %d fields, found %d", width, len(cells)))
			return nil, false
		}
		row := make([]any, width)
		for i, c := range cells {
			v, err := normalize(fields[i].Type, strings.TrimSpace(c))
			if fields[i].Type == TypeText {
				v, err = c, nil
			}
			if err != nil {
				reject(line, fmt.Sprintf("column \"%s\": %v", fields[i].ID, err))
				return nil, false
			}
			row[i] = v
		}
		return row, true
	}
	// next yields the converted rows: the sample first, then the rest of the file.
	next := func() ([]any, error) {
		for {
			var line int64
			var cells []string
			if len(sample) > 0 {
				line, cells = sample[0].line, sample[0].cells
				sample = sample[1:]
			} else {
				l, c, err := src.next()
				if errors.Is(err, io.EOF) {
					return nil, io.EOF
				}
				if err != nil {
					var pe *rowError
					if errors.As(err, &pe) {
						reject(pe.line, pe.reason)
						continue
					}
					return nil, catalog.Invalid("upload", fmt.Sprintf("cannot read %s: %v", rep.Format, err))
				}
				if allEmpty(c) {
					continue
				}
				line, cells = l, c
			}
			row, ok := convert(line, cells)
			if !ok {
				continue
			}
			rep.RowsLoaded++
			if rep.RowsLoaded%10000 == 0 {
				opts.Progress.Report("load", int(rep.RowsLoaded), 0)
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
			return row, nil
		}
	}
	if s.pg {
		err = s.loadPostgres(ctx, resourceID, fields, next)
		if err != nil && ctx.Err() != nil {
			// The driver reports a cancelled COPY as a broken connection.
			err = ctx.Err()
		}
	} else {
		err = s.loadSQLite(ctx, job, resourceID, fields, next, func(err error) {
			if err != nil {
				finish(nil, err)
			} else {
				finish(rep, nil)
			}
		})
	}
	if err != nil {
		return nil, err
	}
	opts.Progress.Report("load", int(rep.RowsLoaded), int(rep.RowsLoaded))
	return rep, nil
}

func (s *Store) dropTables(ctx context.Context, tx *sql.Tx, name string) error {
	stmts := []string{"DROP TABLE IF EXISTS " + s.tbl(name)}
	if !s.pg {
		stmts = append(stmts, "DROP TABLE IF EXISTS "+quoteIdent(ftsName(name)))
	}
	for _, st := range stmts {
		if _, err := tx.ExecContext(ctx, st); err != nil {
			return storageErr("drop table", err)
		}
	}
	return nil
}

func (s *Store) renameTables(ctx context.Context, tx *sql.Tx, from, to string) error {
	stmts := []string{"ALTER TABLE " + s.tbl(from) + " RENAME TO " + quoteIdent(to)}
	if s.pg {
		stmts = append(stmts, "ALTER INDEX "+s.tbl(from+"#ft")+" RENAME TO "+quoteIdent(to+"#ft"))
	} else {
		stmts = append(stmts, "ALTER TABLE "+quoteIdent(ftsName(from))+" RENAME TO "+quoteIdent(ftsName(to)))
	}
	for _, st := range stmts {
		if _, err := tx.ExecContext(ctx, st); err != nil {
			return storageErr("swap tables", err)
		}
	}
	return nil
}

// rowError is a malformed row: counted and reported, then skipped.
type rowError struct {
	line   int64
	reason string
}

func (e *rowError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.reason) }

type csvSource struct {
	r *csv.Reader
}

func (c *csvSource) next() (int64, []string, error) {
	rec, err := c.r.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return int64(pe.StartLine), nil, &rowError{line: int64(pe.StartLine), reason: pe.Err.Error()}
		}
		return 0, nil, err
	}
	line, _ := c.r.FieldPos(0)
	return int64(line), rec, nil
}

func (c *csvSource) close() {}

// newCSVSource detects the encoding (UTF-8 with or without BOM, else TIS-620 /
// Windows-874 when Thai bytes dominate, else Windows-1252) and the delimiter.
func newCSVSource(br *bufio.Reader, head []byte, rep *LoadReport) (rowSource, error) {
	var r io.Reader = br
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		_, _ = br.Discard(3)
		head = head[3:]
		rep.Encoding = "utf-8-sig"
	case utf8.Valid(trimPartialRune(head)):
		rep.Encoding = "utf-8"
	case looksThai(head):
		rep.Encoding = "tis-620"
		r = transform.NewReader(br, charmap.Windows874.NewDecoder())
		head, _ = charmap.Windows874.NewDecoder().Bytes(head)
	default:
		rep.Encoding = "windows-1252"
		r = transform.NewReader(br, charmap.Windows1252.NewDecoder())
		head, _ = charmap.Windows1252.NewDecoder().Bytes(head)
	}
	delim := sniffDelimiter(string(head))
	rep.Delimiter = string(delim)
	cr := csv.NewReader(r)
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	return &csvSource{r: cr}, nil
}

func trimPartialRune(b []byte) []byte {
	for i := 0; i < 3 && len(b) > 0; i++ {
		r, size := utf8.DecodeLastRune(b)
		if r != utf8.RuneError || size != 1 {
			break
		}
		b = b[:len(b)-1]
	}
	return b
}

// looksThai: in TIS-620 Thai letters and marks are 0xA1-0xFB; most high bytes of a Thai
// file fall there.
func looksThai(b []byte) bool {
	high, thai := 0, 0
	for _, c := range b {
		if c >= 0x80 {
			high++
			if c >= 0xA1 && c <= 0xFB {
				thai++
			}
		}
	}
	return high > 0 && thai*10 >= high*8
}

// sniffDelimiter picks among , ; tab | the one that splits the sample's lines into the
// same number of fields most consistently (outside quotes).
func sniffDelimiter(sample string) rune {
	lines := strings.Split(strings.ReplaceAll(sample, "\r\n", "\n"), "\n")
	if len(lines) > 1 {
		lines = lines[:len(lines)-1] // the last line may be cut off
	}
	if len(lines) > 50 {
		lines = lines[:50]
	}
	best, bestScore := ',', -1
	for _, d := range []rune{',', ';', '\t', '|'} {
		counts := map[int]int{}
		for _, l := range lines {
			if strings.TrimSpace(l) == "" {
				continue
			}
			n, inQ := 0, false
			for _, r := range l {
				switch {
				case r == '"':
					inQ = !inQ
				case r == d && !inQ:
					n++
				}
			}
			counts[n]++
		}
		mode, freq := 0, 0
		for n, f := range counts {
			if n > 0 && (f > freq || f == freq && n > mode) {
				mode, freq = n, f
			}
		}
		if mode == 0 {
			continue
		}
		if score := freq*1000 + mode; score > bestScore {
			best, bestScore = d, score
		}
	}
	return best
}

type xlsxSource struct {
	f    *excelize.File
	rows *excelize.Rows
	line int64
}

func newXLSXSource(r io.Reader, sheet string) (rowSource, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, catalog.Invalid("upload", fmt.Sprintf("cannot read xlsx: %v", err))
	}
	if sheet == "" {
		list := f.GetSheetList()
		if len(list) == 0 {
			_ = f.Close()
			return nil, catalog.Invalid("upload", "the workbook has no sheets")
		}
		sheet = list[0]
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		_ = f.Close()
		return nil, catalog.Invalid("upload", fmt.Sprintf("cannot read sheet %q: %v", sheet, err))
	}
	return &xlsxSource{f: f, rows: rows}, nil
}

func (x *xlsxSource) next() (int64, []string, error) {
	if !x.rows.Next() {
		if err := x.rows.Error(); err != nil {
			return 0, nil, err
		}
		return 0, nil, io.EOF
	}
	x.line++
	cols, err := x.rows.Columns()
	if err != nil {
		return x.line, nil, &rowError{line: x.line, reason: err.Error()}
	}
	return x.line, cols, nil
}

func (x *xlsxSource) close() {
	_ = x.rows.Close()
	_ = x.f.Close()
}

func allEmpty(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// fieldNames makes CKAN-valid, unique column names from header cells.
func fieldNames(header []string) []string {
	out := make([]string, len(header))
	seen := map[string]bool{}
	for i, h := range header {
		n := strings.TrimSpace(strings.ReplaceAll(h, `"`, ""))
		n = strings.TrimSpace(strings.TrimLeft(n, "_"))
		for len(n) > 63 {
			_, size := utf8.DecodeLastRuneInString(n)
			n = strings.TrimSpace(n[:len(n)-size])
		}
		if n == "" {
			n = fmt.Sprintf("field%d", i+1)
		}
		base := n
		for k := 2; seen[n]; k++ {
			suffix := fmt.Sprintf("_%d", k)
			b := base
			for len(b)+len(suffix) > 63 {
				_, size := utf8.DecodeLastRuneInString(b)
				b = b[:len(b)-size]
			}
			n = b + suffix
		}
		seen[n] = true
		out[i] = n
	}
	return out
}

// cellType classifies one non-empty cell.
func cellType(c string) string {
	c = strings.TrimSpace(c)
	if i, err := strconv.ParseInt(c, 10, 64); err == nil {
		if i > math.MaxInt32 || i < math.MinInt32 {
			return TypeBigInt
		}
		return TypeInt
	}
	if _, err := strconv.ParseFloat(c, 64); err == nil {
		return TypeNumeric
	}
	switch strings.ToLower(c) {
	case "true", "false", "yes", "no":
		return TypeBool
	}
	if t, err := parseTime(c); err == nil {
		if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && !strings.ContainsAny(c, ":") {
			return TypeDate
		}
		return TypeTimestamp
	}
	return TypeText
}

// inferType finds the narrowest type that fits every sampled cell of column i.
func inferType(rows [][]string, i int) string {
	typ := ""
	for _, r := range rows {
		if i >= len(r) || strings.TrimSpace(r[i]) == "" {
			continue
		}
		typ = widen(typ, cellType(r[i]))
		if typ == TypeText {
			return typ
		}
	}
	if typ == "" {
		return TypeText
	}
	return typ
}

func widen(a, b string) string {
	if a == "" || a == b {
		return b
	}
	num := map[string]int{TypeInt: 1, TypeBigInt: 2, TypeNumeric: 3}
	if num[a] > 0 && num[b] > 0 {
		if num[a] > num[b] {
			return a
		}
		return b
	}
	if (a == TypeDate && b == TypeTimestamp) || (a == TypeTimestamp && b == TypeDate) {
		return TypeTimestamp
	}
	return TypeText
}

// looksLikeHeader: the first row is a header unless it fits the types the other rows
// have; with no typed column, it is one when its cells are non-empty and distinct.
func looksLikeHeader(first []string, rows [][]string) bool {
	typed := false
	for i, c := range first {
		t := inferType(rows, i)
		if t == TypeText {
			continue
		}
		typed = true
		if strings.TrimSpace(c) != "" && widen(t, cellType(c)) != t {
			return true
		}
	}
	if typed {
		return false
	}
	seen := map[string]bool{}
	for _, c := range first {
		c = strings.TrimSpace(c)
		if c == "" || seen[c] {
			return len(rows) == 0
		}
		seen[c] = true
	}
	return true
}
