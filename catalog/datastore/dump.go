package datastore

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/khlang/khlang/catalog"
)

// Dump formats.
const (
	DumpCSV  = "csv"
	DumpTSV  = "tsv"
	DumpJSON = "json"
	DumpXML  = "xml"
)

// DumpOptions are the parameters of /datastore/dump.
type DumpOptions struct {
	// Format is csv (default), tsv, json or xml.
	Format string
	// BOM prefixes U+FEFF.
	BOM      bool
	Limit    int // 0 means every row
	Offset   int
	Q        string
	QFields  map[string]string
	Plain    *bool
	Language string
	Distinct bool
	Filters  map[string]any
	Sort     []string
	Fields   []string
}

// DumpContentType returns the Content-Type CKAN sends for a dump format.
func DumpContentType(format string) string {
	switch format {
	case DumpTSV:
		return "text/tab-separated-values; charset=utf-8"
	case DumpJSON:
		return "application/json; charset=utf-8"
	case DumpXML:
		return "text/xml; charset=utf-8"
	}
	return "text/csv; charset=utf-8"
}

// Dump streams a table in CKAN's dump formats, row by row from the cursor so memory stays
// constant whatever the table size. Errors before the first byte is written are CKAN's
// (404 for an unknown table, 409 for bad parameters).
func (s *Store) Dump(ctx context.Context, w io.Writer, idOrAlias string, opts DumpOptions) error {
	format := opts.Format
	if format == "" {
		format = DumpCSV
	}
	switch format {
	case DumpCSV, DumpTSV, DumpJSON, DumpXML:
	default:
		return catalog.Invalid("format", fmt.Sprintf("format: %s is not supported", format))
	}
	if opts.Limit < 0 || opts.Offset < 0 {
		return catalog.Invalid("limit", "Must be a natural number")
	}
	id, err := s.Resolve(ctx, idOrAlias)
	if err != nil {
		return err
	}
	m, err := s.loadMeta(ctx, s.db, id)
	if err != nil {
		return err
	}
	q, err := s.build(m, SearchRequest{ResourceID: id, Filters: opts.Filters, Q: opts.Q, QFields: opts.QFields,
		Plain: opts.Plain, Language: opts.Language, Distinct: opts.Distinct, Fields: opts.Fields, Sort: opts.Sort})
	if err != nil {
		return err
	}
	limit := -1
	if opts.Limit > 0 {
		limit = opts.Limit
	}
	rows, err := s.db.QueryContext(ctx, q.sql(limit, opts.Offset), q.args.vals...)
	if err != nil {
		return s.queryErr(err)
	}
	defer rows.Close()
	bw := bufio.NewWriterSize(w, 64<<10)
	if opts.BOM {
		bw.WriteString("\ufeff")
	}
	fields := q.resultFields()
	var enc rowEncoder
	switch format {
	case DumpCSV:
		enc = &copyWriter{w: bw, sep: ','}
	case DumpTSV:
		enc = &copyWriter{w: bw, sep: '\t'}
	case DumpJSON:
		enc = &jsonDump{w: bw}
	case DumpXML:
		enc = &xmlDump{w: bw}
	}
	if err := enc.begin(fields); err != nil {
		return err
	}
	for rows.Next() {
		vals, err := s.scanTyped(rows, q.types)
		if err != nil {
			return err
		}
		if err := enc.row(vals); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return s.queryErr(err)
	}
	if err := enc.end(); err != nil {
		return err
	}
	return bw.Flush()
}

type rowEncoder interface {
	begin(fields []Field) error
	row(vals []any) error
	end() error
}

type stringWriter interface {
	io.Writer
	WriteString(string) (int, error)
	WriteByte(byte) error
}

// copyWriter writes CKAN's CSV/TSV: the header as Python's csv module writes it (CRLF,
// minimal quoting) and the rows as PostgreSQL COPY does (LF; empty strings quoted so they
// differ from NULL, which is written as nothing).
type copyWriter struct {
	w   stringWriter
	sep byte
}

func (c *copyWriter) begin(fields []Field) error {
	for i, f := range fields {
		if i > 0 {
			c.w.WriteByte(c.sep)
		}
		h := f.ID
		if strings.ContainsAny(h, string(c.sep)+"\"\r\n") {
			h = `"` + strings.ReplaceAll(h, `"`, `""`) + `"`
		}
		c.w.WriteString(h)
	}
	_, err := c.w.WriteString("\r\n")
	return err
}

func (c *copyWriter) row(vals []any) error {
	for i, v := range vals {
		if i > 0 {
			c.w.WriteByte(c.sep)
		}
		if v == nil {
			continue
		}
		t := textOf(v)
		if t == "" || t == `\.` || strings.ContainsAny(t, string(c.sep)+"\"\r\n") {
			t = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
		}
		c.w.WriteString(t)
	}
	_, err := c.w.WriteString("\n")
	return err
}

func (c *copyWriter) end() error { return nil }

// jsonDump writes {"fields":[...],"records":[[...],...]}.
type jsonDump struct {
	w     stringWriter
	first bool
}

func (j *jsonDump) begin(fields []Field) error {
	fb, err := json.Marshal(fields)
	if err != nil {
		return err
	}
	j.w.WriteString(`{"fields":`)
	j.w.Write(fb)
	_, err = j.w.WriteString(`,"records":[`)
	j.first = true
	return err
}

func (j *jsonDump) row(vals []any) error {
	b, err := json.Marshal(vals)
	if err != nil {
		return err
	}
	if !j.first {
		j.w.WriteByte(',')
	}
	j.first = false
	_, err = j.w.Write(b)
	return err
}

func (j *jsonDump) end() error {
	_, err := j.w.WriteString("]}\n")
	return err
}

// xmlDump writes <data><row _id="1"><field>value</field>...</row>...</data>; lists and
// objects become <value key="..."> children and NULL is xsi:nil.
type xmlDump struct {
	w      stringWriter
	fields []Field
}

func (x *xmlDump) begin(fields []Field) error {
	x.fields = fields
	_, err := x.w.WriteString("<data xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n")
	return err
}

func (x *xmlDump) row(vals []any) error {
	x.w.WriteString("<row")
	start := 0
	if len(x.fields) > 0 && x.fields[0].ID == "_id" {
		x.w.WriteString(` _id="` + xmlEscape(textOf(vals[0])) + `"`)
		start = 1
	}
	x.w.WriteString(">")
	for i := start; i < len(vals); i++ {
		x.element(x.fields[i].ID, "", vals[i])
	}
	_, err := x.w.WriteString("</row>\n")
	return err
}

func (x *xmlDump) element(name, key string, v any) {
	tag := name
	attr := ""
	if !validXMLName(name) {
		tag, attr = "value", ` key="`+xmlEscape(name)+`"`
	}
	if key != "" {
		attr = ` key="` + xmlEscape(key) + `"`
	}
	if v == nil {
		x.w.WriteString("<" + tag + attr + ` xsi:nil="true" />`)
		return
	}
	x.w.WriteString("<" + tag + attr + ">")
	switch c := v.(type) {
	case []any:
		for i, it := range c {
			x.element("value", fmt.Sprint(i), it)
		}
	case map[string]any:
		for _, k := range sortedKeys(c) {
			x.element("value", k, c[k])
		}
	default:
		x.w.WriteString(xmlEscape(textOf(v)))
	}
	x.w.WriteString("</" + tag + ">")
}

func (x *xmlDump) end() error {
	_, err := x.w.WriteString("</data>\n")
	return err
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func validXMLName(s string) bool {
	if s == "" || strings.HasPrefix(strings.ToLower(s), "xml") {
		return false
	}
	for i, r := range s {
		if r == utf8.RuneError {
			return false
		}
		if unicode.IsLetter(r) || r == '_' {
			continue
		}
		if i > 0 && (unicode.IsDigit(r) || r == '-' || r == '.' || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)) {
			continue
		}
		return false
	}
	return true
}

func xmlEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		case '\r':
			b.WriteString("&#13;")
		default:
			// Characters XML 1.0 cannot carry at all are dropped rather than breaking the file.
			if r < 0x20 && r != '\t' && r != '\n' || r == 0xFFFE || r == 0xFFFF {
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}
