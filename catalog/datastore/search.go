package datastore

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/khlang/khlang/catalog"
)

// Record formats of datastore_search.
const (
	FormatObjects = "objects"
	FormatLists   = "lists"
	FormatCSV     = "csv"
	FormatTSV     = "tsv"
)

// SearchRequest is datastore_search.
type SearchRequest struct {
	// ResourceID is a resource id or an alias.
	ResourceID string
	// Filters maps a field to a value or a list of values (any of them).
	Filters map[string]any
	// Q searches the full text of every field; QFields searches per field.
	Q        string
	QFields  map[string]string
	FullText string
	// Plain (the default, nil) treats Q as words; false accepts to_tsquery syntax
	// (& | ! parentheses and :* prefixes).
	Plain *bool
	// Language is accepted for compatibility; text is segmented by the Segmenter and
	// matched with PostgreSQL's "simple" configuration.
	Language string
	Distinct bool
	Fields   []string
	// Sort clauses: "field [asc|desc] [nulls first|last]", field optionally double-quoted.
	Sort []string
	// Limit defaults to RowsDefault and is silently capped at RowsMax.
	Limit  *int
	Offset int
	// IncludeTotal defaults to true.
	IncludeTotal             *bool
	TotalEstimationThreshold *int
	// RecordsFormat is objects (default), lists, csv or tsv.
	RecordsFormat string
}

// Record is one row as a JSON object whose keys keep the field order.
type Record struct {
	Keys   []string
	Values []any
}

// Get returns the value of key, or nil.
func (r Record) Get(key string) any {
	for i, k := range r.Keys {
		if k == key {
			return r.Values[i]
		}
	}
	return nil
}

// Map returns the record as a map.
func (r Record) Map() map[string]any {
	m := make(map[string]any, len(r.Keys))
	for i, k := range r.Keys {
		m[k] = r.Values[i]
	}
	return m
}

// MarshalJSON writes the object with keys in field order, as CKAN does.
func (r Record) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range r.Keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		vb, err := json.Marshal(r.Values[i])
		if err != nil {
			return nil, err
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// SearchResult is what datastore_search adds to the echoed request.
type SearchResult struct {
	ResourceID string  `json:"resource_id"`
	Fields     []Field `json:"fields"`
	// Records is []Record (objects), [][]any (lists) or a string (csv, tsv: no header).
	Records           any    `json:"records"`
	Limit             int    `json:"limit"`
	Offset            int    `json:"offset,omitempty"`
	RecordsFormat     string `json:"records_format"`
	Total             *int64 `json:"total,omitempty"`
	TotalWasEstimated *bool  `json:"total_was_estimated,omitempty"`
}

// query is a built SELECT over one resource table.
type query struct {
	m        *tableMeta
	cols     []string // output column ids
	types    []string // their types ("int" for _id, "float" for ranks)
	sel      []string
	from     string
	where    []string
	order    []string
	distinct bool
	args     *args
	empty    bool // a full-text query without words: matches nothing
	// fts is the SQLite FTS5 table a full-text query joins; when its MATCH is the only
	// condition the total is counted on it alone (every row has exactly one FTS row),
	// which spares a lookup of the main table per match.
	fts string
	// top, when set, is a ranked full-text query over the FTS table alone (see topRanked);
	// sql puts the page's LIMIT and OFFSET inside it.
	top, topWhere string
	// terms is the number of words of a ranked query's MATCH (top).
	terms int
	// countTop makes sql add the number of matches to every row of a ranked page (top), so
	// one FTS5 pass answers both the page and the total (see Search).
	countTop bool
}

func (q *query) sql(limit, offset int) string {
	var b strings.Builder
	if q.top != "" {
		top, sel := q.top, q.sel
		if q.countTop {
			// Ranking already reads every match, so the window counts them in the same pass
			// instead of a second MATCH intersecting the word lists again. (An auxiliary
			// function cannot sit beside a window function in one SELECT, hence the nesting.)
			top = "SELECT *, count(*) OVER () AS n FROM (" + top + ")"
			sel = append(slices0(sel), "f.n")
		}
		inner := &query{sel: []string{"*"}, from: "(" + top + ") AS r", order: []string{"r.rank DESC", "r.id"}, args: q.args}
		b.WriteString("SELECT " + strings.Join(sel, ", ") + " FROM (" + inner.sql(limit, offset) + ") AS f JOIN " + q.from +
			` ON t."_id" = f.id ORDER BY f.rank DESC, f.id`)
		return b.String()
	}
	b.WriteString("SELECT ")
	if q.distinct {
		b.WriteString("DISTINCT ")
	}
	b.WriteString(strings.Join(q.sel, ", "))
	b.WriteString(" FROM " + q.from)
	if w := q.whereSQL(); w != "" {
		b.WriteString(" WHERE " + w)
	}
	if len(q.order) > 0 {
		b.WriteString(" ORDER BY " + strings.Join(q.order, ", "))
	}
	if limit >= 0 {
		fmt.Fprintf(&b, " LIMIT %d", limit)
	} else if offset > 0 && !q.args.pg {
		b.WriteString(" LIMIT -1")
	}
	if offset > 0 {
		fmt.Fprintf(&b, " OFFSET %d", offset)
	}
	return b.String()
}

func (q *query) whereSQL() string {
	w := q.where
	if q.empty {
		w = append(slices0(w), "1=0")
	}
	return strings.Join(w, " AND ")
}

func slices0(s []string) []string { return append([]string(nil), s...) }

func (q *query) countSQL() string {
	if q.distinct {
		return "SELECT count(*) FROM (" + q.sql(-1, 0) + ") AS x"
	}
	if q.fts != "" && len(q.where) == 1 && !q.empty {
		return "SELECT count(*) FROM " + q.fts + " WHERE " + q.where[0]
	}
	if q.top != "" {
		return "SELECT count(*) FROM " + q.fts + " WHERE " + q.topWhere
	}
	c := "SELECT count(*) FROM " + q.from
	if w := q.whereSQL(); w != "" {
		c += " WHERE " + w
	}
	return c
}

var sortClauseRe = regexp.MustCompile(`(?i)^(.+?)( +(asc|desc))?( +nulls +(first|last) *)?$`)

// build turns a search request into a query; errors carry CKAN's 409 messages.
func (s *Store) build(m *tableMeta, req SearchRequest) (*query, error) {
	q := &query{m: m, args: s.newArgs(), distinct: req.Distinct}
	types := map[string]string{"_id": "int"}
	colExpr := map[string]string{"_id": `t."_id"`}
	for _, f := range m.Fields {
		types[f.ID] = f.Type
		colExpr[f.ID] = `t.` + quoteIdent(f.ID)
	}
	fieldIndex := func(id string) int {
		for i, f := range m.Fields {
			if f.ID == id {
				return i
			}
		}
		return -1
	}
	// Full text.
	plain := req.Plain == nil || *req.Plain
	text := req.Q
	if req.FullText != "" {
		text = req.FullText
	}
	qfields := make([]string, 0, len(req.QFields))
	for k := range req.QFields {
		if fieldIndex(k) < 0 {
			return nil, catalog.Invalid("q", fmt.Sprintf("invalid value \"%s\"", k))
		}
		qfields = append(qfields, k)
	}
	sort.Strings(qfields)
	rankExpr := map[string]string{}
	var rankCols []string
	if text != "" || len(qfields) > 0 {
		if s.pg {
			if text != "" {
				tsq, ok := s.tsQuery(text, plain)
				if !ok {
					q.empty = true
				} else {
					// Rank reuses the placeholder so count queries (without the select list)
					// bind exactly the parameters they reference.
					ph := q.args.add(tsq)
					q.where = append(q.where, "t._full_text @@ "+ph+"::tsquery")
					rankExpr["rank"] = "ts_rank(t._full_text, " + ph + "::tsquery, 32)"
					rankCols = append(rankCols, "rank")
				}
			}
			for _, k := range qfields {
				tsq, ok := s.tsQuery(req.QFields[k], plain)
				if !ok {
					q.empty = true
					continue
				}
				// The tsvector covers the whole row; the column must also contain each word.
				ph := q.args.add(tsq)
				cond := "t._full_text @@ " + ph + "::tsquery"
				if plain {
					for _, tok := range s.tokens(req.QFields[k]) {
						cond += " AND strpos(lower(t." + quoteIdent(k) + "::text), " + q.args.add(tok) + ") > 0"
					}
				}
				q.where = append(q.where, "("+cond+")")
				name := "rank " + k
				rankExpr[name] = "ts_rank(t._full_text, " + ph + "::tsquery, 32)"
				rankCols = append(rankCols, name)
			}
		} else {
			fts := quoteIdent(ftsName(m.ID))
			var parts []string
			if text != "" {
				e, ok := s.ftsQuery(text, plain)
				if !ok {
					q.empty = true
				}
				parts = append(parts, "("+e+")")
				rankExpr["rank"] = RankFunction + "(" + fts + ")"
				rankCols = append(rankCols, "rank")
			}
			for _, k := range qfields {
				e, ok := s.ftsQuery(req.QFields[k], plain)
				if !ok {
					q.empty = true
				}
				i := fieldIndex(k)
				parts = append(parts, fmt.Sprintf("c%d : (%s)", i, e))
				name := "rank " + k
				rankExpr[name] = fmt.Sprintf("%s(%s, %d)", RankFunction, fts, i)
				rankCols = append(rankCols, name)
			}
			if q.empty {
				q.from = quoteIdent(m.ID) + " AS t"
			} else {
				// FTS5 auxiliary functions need the table's own name, not an alias.
				q.from = quoteIdent(m.ID) + " AS t JOIN " + fts + " ON " + fts + ".rowid = t.\"_id\""
				q.where = append(q.where, fts+" MATCH "+q.args.add(strings.Join(parts, " AND ")))
				q.fts = fts
			}
		}
	}
	if q.from == "" {
		q.from = s.tbl(m.ID) + " AS t"
	}
	if q.empty {
		rankExpr, rankCols = map[string]string{}, nil
		if text != "" {
			rankCols = append(rankCols, "rank")
		}
		for _, k := range qfields {
			rankCols = append(rankCols, "rank "+k)
		}
		for _, r := range rankCols {
			rankExpr[r] = "0.0"
		}
	}
	for _, r := range rankCols {
		types[r] = "float"
		colExpr[r] = rankExpr[r]
	}
	// Filters.
	where, err := s.filterClause(m, req.Filters, q.args, "t.")
	if err != nil {
		return nil, err
	}
	if where != "" {
		q.where = append(q.where, where)
	}
	// Fields.
	cols := req.Fields
	if len(cols) == 0 {
		cols = []string{"_id"}
		for _, f := range m.Fields {
			cols = append(cols, f.ID)
		}
		cols = append(cols, rankCols...)
	}
	for _, c := range cols {
		t, ok := types[c]
		if !ok {
			return nil, catalog.Invalid("fields", fmt.Sprintf("invalid value \"%s\"", c))
		}
		q.cols = append(q.cols, c)
		q.types = append(q.types, t)
		e := colExpr[c]
		if s.pg && t != TypeText && t != "int" && t != "float" {
			e = "to_json(" + e + ")::text"
		}
		q.sel = append(q.sel, e)
	}
	// Sort.
	for _, clause := range req.Sort {
		clause = strings.TrimSpace(clause)
		if clause == "" {
			continue
		}
		mt := sortClauseRe.FindStringSubmatch(clause)
		if mt == nil {
			return nil, catalog.Invalid("sort", fmt.Sprintf("invalid value \"%s\"", clause))
		}
		field := mt[1]
		if len(field) >= 2 && field[0] == '"' && field[len(field)-1] == '"' {
			field = strings.ReplaceAll(field[1:len(field)-1], `""`, `"`)
		}
		e, ok := colExpr[field]
		if !ok {
			return nil, catalog.Invalid("sort", fmt.Sprintf("invalid value \"%s\"", clause))
		}
		dir := "ASC"
		if strings.EqualFold(mt[3], "desc") {
			dir = "DESC"
		}
		if mt[5] != "" {
			dir += " NULLS " + strings.ToUpper(mt[5])
		}
		q.order = append(q.order, e+" "+dir)
	}
	if len(q.order) == 0 {
		switch {
		case len(rankCols) > 0 && !q.empty:
			q.order = append(q.order, colExpr[rankCols[0]]+" DESC", `t."_id"`)
			if !s.pg && len(q.where) == 1 && text != "" && len(qfields) == 0 && !q.distinct {
				q.topRanked(rankExpr["rank"])
				for _, it := range s.parseFTS(text, plain) {
					q.terms += len(it.words)
				}
			}
		case !q.distinct:
			q.order = append(q.order, `t."_id"`)
		}
	}
	return q, nil
}

// topRanked turns a SQLite query whose only condition is a full-text MATCH, ordered by
// rank, into one that ranks and pages the matches on the FTS table alone and reads only
// the page's rows from the table: joining first looked up every match in the table before
// sorting (19k lookups for a word in 2% of 1M rows), which cost about a third of the
// query. The order (rank, then _id) and the results are the same.
func (q *query) topRanked(rank string) {
	q.topWhere = q.where[0]
	q.top = "SELECT rowid AS id, " + rank + " AS rank FROM " + q.fts + " WHERE " + q.topWhere
	for i, e := range q.sel {
		if e == rank {
			q.sel[i] = "f.rank"
		}
	}
	q.from = strings.TrimSuffix(q.from, " JOIN "+q.fts+" ON "+q.fts+`.rowid = t."_id"`)
	q.where, q.order = nil, nil
}

// filterClause renders filters as SQL conditions; unknown fields and values that do not
// fit their column give CKAN's `invalid value` messages.
func (s *Store) filterClause(m *tableMeta, filters map[string]any, a *args, prefix string) (string, error) {
	keys := make([]string, 0, len(filters))
	for k := range filters {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var conds []string
	for _, k := range keys {
		t := TypeBigInt
		if k != "_id" {
			f, ok := m.field(k)
			if !ok {
				return "", catalog.Invalid("filters", fmt.Sprintf("invalid value \"%s\"", k))
			}
			t = f.Type
		}
		col := prefix + quoteIdent(k)
		v := filters[k]
		list, isList := v.([]any)
		if ls, ok := v.([]string); ok {
			list, isList = make([]any, len(ls)), true
			for i, x := range ls {
				list[i] = x
			}
		}
		if isArray(t) || t == TypeJSON {
			// A list is the array value itself; compare stored forms.
			isList = false
		}
		if !isList {
			list = []any{v}
		}
		var phs []string
		hasNull := false
		for _, item := range list {
			if item == nil {
				hasNull = true
				continue
			}
			sv, err := s.storeValue(t, item)
			if err != nil {
				return "", catalog.Invalid("filters", fmt.Sprintf("invalid value \"%s\"", textOf(item)))
			}
			if sv == nil {
				hasNull = true
				continue
			}
			phs = append(phs, a.typed(t, sv))
		}
		var alts []string
		switch len(phs) {
		case 0:
		case 1:
			alts = append(alts, col+" = "+phs[0])
		default:
			alts = append(alts, col+" IN ("+strings.Join(phs, ", ")+")")
		}
		if hasNull {
			alts = append(alts, col+" IS NULL")
		}
		switch len(alts) {
		case 0:
			conds = append(conds, "1=0")
		case 1:
			conds = append(conds, alts[0])
		default:
			conds = append(conds, "("+strings.Join(alts, " OR ")+")")
		}
	}
	return strings.Join(conds, " AND "), nil
}

// ftsOperand is one word group of a full-text query, or an operator.
type ftsItem struct {
	op     string // "&", "|", "!", "(", ")" or "" for words
	words  []string
	prefix bool
}

// parseFTS splits a query into words (plain) or into to_tsquery-style items.
func (s *Store) parseFTS(text string, plain bool) []ftsItem {
	if plain {
		w := s.tokens(text)
		if len(w) == 0 {
			return nil
		}
		return []ftsItem{{words: w}}
	}
	var items []ftsItem
	var cur strings.Builder
	flush := func() {
		if cur.Len() == 0 {
			return
		}
		word := cur.String()
		cur.Reset()
		prefix := false
		if w, ok := strings.CutSuffix(word, ":*"); ok {
			word, prefix = w, true
		}
		if toks := s.tokens(word); len(toks) > 0 {
			items = append(items, ftsItem{words: toks, prefix: prefix})
		}
	}
	for _, r := range text {
		switch r {
		case '&', '|', '!', '(', ')':
			flush()
			items = append(items, ftsItem{op: string(r)})
		case ' ', '\t', '\n', '\r':
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	hasWord := false
	for _, it := range items {
		if it.op == "" {
			hasWord = true
		}
	}
	if !hasWord {
		return nil
	}
	return items
}

// ftsQuery renders an FTS5 MATCH expression; ok is false when the query has no words.
func (s *Store) ftsQuery(text string, plain bool) (string, bool) {
	items := s.parseFTS(text, plain)
	if len(items) == 0 {
		return `""`, false
	}
	quote := func(it ftsItem) string {
		parts := make([]string, len(it.words))
		for i, w := range it.words {
			parts[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
			if it.prefix && i == len(it.words)-1 {
				parts[i] += "*"
			}
		}
		if len(parts) == 1 {
			return parts[0]
		}
		return "(" + strings.Join(parts, " AND ") + ")"
	}
	var out []string
	for i, it := range items {
		switch it.op {
		case "":
			if i > 0 && items[i-1].op == "" {
				out = append(out, "AND")
			}
			out = append(out, quote(it))
		case "&":
			if i+1 < len(items) && items[i+1].op == "!" {
				continue
			}
			out = append(out, "AND")
		case "|":
			out = append(out, "OR")
		case "!":
			out = append(out, "NOT")
		default:
			out = append(out, it.op)
		}
	}
	return strings.Join(out, " "), true
}

// tsQuery renders a tsquery literal built from segmented words (no parser involved, so
// Thai words stay whole); ok is false when the query has no words.
func (s *Store) tsQuery(text string, plain bool) (string, bool) {
	items := s.parseFTS(text, plain)
	if len(items) == 0 {
		return "", false
	}
	quote := func(it ftsItem) string {
		parts := make([]string, len(it.words))
		for i, w := range it.words {
			w = strings.ReplaceAll(w, `\`, `\\`)
			parts[i] = "'" + strings.ReplaceAll(w, "'", "''") + "'"
			if it.prefix && i == len(it.words)-1 {
				parts[i] += ":*"
			}
		}
		if len(parts) == 1 {
			return parts[0]
		}
		return "(" + strings.Join(parts, " & ") + ")"
	}
	var out []string
	for i, it := range items {
		if it.op == "" {
			if i > 0 && (items[i-1].op == "" || items[i-1].op == ")") {
				out = append(out, "&")
			}
			out = append(out, quote(it))
			continue
		}
		out = append(out, it.op)
	}
	return strings.Join(out, " "), true
}

func (s *Store) selectList(fields []Field, prefix string) string {
	cols := []string{prefix + `"_id"`}
	for _, f := range fields {
		e := prefix + quoteIdent(f.ID)
		if s.pg && f.Type != TypeText {
			e = "to_json(" + e + ")::text"
		}
		cols = append(cols, e)
	}
	return strings.Join(cols, ", ")
}

// scanRow reads _id and the fields of selectList.
func (s *Store) scanRow(rows *sql.Rows, fields []Field) ([]any, error) {
	types := make([]string, 0, len(fields)+1)
	types = append(types, "int")
	for _, f := range fields {
		types = append(types, f.Type)
	}
	return s.scanTyped(rows, types)
}

func (s *Store) scanTyped(rows *sql.Rows, types []string) ([]any, error) {
	raw := make([]any, len(types))
	ptrs := make([]any, len(types))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, storageErr("read row", err)
	}
	out := make([]any, len(types))
	for i, t := range types {
		switch t {
		case "int":
			out[i] = toInt64(raw[i])
		case "float":
			out[i] = toFloat(raw[i])
		default:
			out[i] = s.readValue(t, raw[i])
		}
	}
	return out, nil
}

func toInt64(v any) any {
	switch x := v.(type) {
	case int64:
		return x
	case int32:
		return int64(x)
	case float64:
		return int64(x)
	}
	return v
}

func toFloat(v any) any {
	switch x := v.(type) {
	case float64:
		return x
	case float32:
		return float64(x)
	case int64:
		return float64(x)
	}
	return v
}

func (q *query) resultFields() []Field {
	out := make([]Field, len(q.cols))
	for i, c := range q.cols {
		out[i] = Field{ID: c, Type: q.types[i]}
		if f, ok := q.m.field(c); ok {
			out[i].Info = f.Info
		}
	}
	return out
}

// Search is datastore_search.
func (s *Store) Search(ctx context.Context, req SearchRequest) (*SearchResult, error) {
	res, err := s.search(ctx, req, true)
	if errors.Is(err, errStaleMeta) {
		// Cached metadata was out of date (see metacache.go): once more on fresh metadata,
		// which is what every search did before the cache.
		res, err = s.search(ctx, req, false)
	}
	return res, err
}

func (s *Store) search(ctx context.Context, req SearchRequest, useCache bool) (*SearchResult, error) {
	limit := RowsDefault
	if req.Limit != nil {
		if *req.Limit < 0 {
			return nil, catalog.Invalid("limit", "Must be a natural number")
		}
		limit = min(*req.Limit, RowsMax)
	}
	if req.Offset < 0 {
		return nil, catalog.Invalid("offset", "Must be a natural number")
	}
	format := req.RecordsFormat
	if format == "" {
		format = FormatObjects
	}
	switch format {
	case FormatObjects, FormatLists, FormatCSV, FormatTSV:
	default:
		return nil, catalog.Invalid("records_format", fmt.Sprintf("invalid value \"%s\"", format))
	}
	m, version, cached, err := s.searchMeta(ctx, req.ResourceID, useCache)
	if err != nil {
		return nil, err
	}
	// stale turns a changed metadata version (nil) or an error met on cached metadata into
	// errStaleMeta, so that Search tries again on fresh metadata: the request may be valid
	// for the table as it is now. A search that ran out of time is not tried again.
	stale := func(err error) error {
		if cached && (err == nil || ctx.Err() == nil) {
			s.metas.drop(req.ResourceID)
			return errStaleMeta
		}
		return err
	}
	id := m.ID
	q, err := s.build(m, req)
	if err != nil {
		return nil, stale(err)
	}
	res := &SearchResult{ResourceID: id, Fields: q.resultFields(), Limit: limit, Offset: req.Offset, RecordsFormat: format}
	wantTotal := req.IncludeTotal == nil || *req.IncludeTotal
	// One pass only pays off when counting means intersecting word lists: the window
	// buffers every match (about 2 µs each in this SQLite), while counting one word reads
	// the length of its list (1.5 ms for 19k matches at 1M rows, against 45 ms more for
	// the window). Measured in catalog/datastore/bench (README).
	q.countTop = wantTotal && q.top != "" && q.terms > 1
	// pq is the page's query: with cached metadata it also reads the metadata version,
	// after the output columns (and before a total that comes with the rows).
	pq := q
	if cached {
		qv := *q
		qv.sel = append(slices0(q.sel), versionExpr)
		pq = &qv
	}
	query, vals := pq.sql(limit, req.Offset), q.args.vals
	// A total kept in the value counts comes with the page's rows too (NULL when the
	// column is not counted), which spares the search a second round trip.
	inlineCount := false
	if wantTotal && !q.countTop {
		if expr, cargs, ok := s.countedTotalSQL(q, req); ok {
			qc := *pq
			qc.sel = append(slices0(pq.sel), "(SELECT "+expr+")")
			// The select list's placeholders come before the conditions'.
			query, vals, inlineCount = qc.sql(limit, req.Offset), append(cargs, q.args.vals...), true
		}
	}
	types := q.types
	if cached {
		types = append(slices0(types), "int")
	}
	if q.countTop || inlineCount {
		types = append(slices0(types), "int")
	}
	// counted is the total read from the page's rows (countTop, inlineCount), -1 when not
	// read; pageVersion the metadata version read with them, -1 when not read.
	counted, pageVersion := int64(-1), int64(-1)
	rows, err := s.db.QueryContext(ctx, query, vals...)
	if err != nil {
		return nil, stale(s.queryErr(err))
	}
	var objects []Record
	var lists [][]any
	var text bytes.Buffer
	var cw *copyWriter
	if format == FormatCSV || format == FormatTSV {
		sep := byte(',')
		if format == FormatTSV {
			sep = '\t'
		}
		cw = &copyWriter{w: &text, sep: sep}
	}
	for rows.Next() {
		vals, err := s.scanTyped(rows, types)
		if err != nil {
			rows.Close()
			return nil, err
		}
		if q.countTop {
			n, _ := vals[len(vals)-1].(int64)
			counted, vals = n, vals[:len(vals)-1]
		} else if inlineCount {
			if n, ok := vals[len(vals)-1].(int64); ok {
				counted = n
			}
			vals = vals[:len(vals)-1]
		}
		if cached {
			pageVersion, _ = vals[len(vals)-1].(int64)
			vals = vals[:len(vals)-1]
			if pageVersion != version {
				rows.Close()
				return nil, stale(nil)
			}
		}
		switch format {
		case FormatObjects:
			objects = append(objects, Record{Keys: q.cols, Values: vals})
		case FormatLists:
			lists = append(lists, vals)
		default:
			if err := cw.row(vals); err != nil {
				rows.Close()
				return nil, err
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, stale(s.queryErr(err))
	}
	if cached && pageVersion < 0 {
		// No rows, so no version read with them: check it on its own.
		v, err := s.metaVersion(ctx)
		if err != nil {
			return nil, err
		}
		if v != version {
			return nil, stale(nil)
		}
	}
	switch format {
	case FormatObjects:
		if objects == nil {
			objects = []Record{}
		}
		res.Records = objects
	case FormatLists:
		if lists == nil {
			lists = [][]any{}
		}
		res.Records = lists
	default:
		res.Records = text.String()
	}
	if wantTotal {
		total, estimated := counted, false
		switch {
		case counted >= 0:
		case q.countTop && limit > 0 && req.Offset == 0:
			// A ranked first page without rows: nothing matched.
			total = 0
		default:
			// No page rows carried the count (no match, a page past the end, or limit 0).
			if total, estimated, err = s.total(ctx, q, req); err != nil {
				return nil, err
			}
		}
		res.Total, res.TotalWasEstimated = &total, &estimated
	}
	return res, nil
}

// total counts the matching rows, or estimates them from PostgreSQL's statistics when
// the caller allows it (CKAN's total_estimation_threshold): from reltuples when the
// query is unfiltered, as CKAN does, and through estimate otherwise.
func (s *Store) total(ctx context.Context, q *query, req SearchRequest) (int64, bool, error) {
	unfiltered := len(req.Filters) == 0 && req.Q == "" && len(req.QFields) == 0 && req.FullText == "" && !req.Distinct
	if s.pg && req.TotalEstimationThreshold != nil && unfiltered {
		var est float64
		err := s.db.QueryRowContext(ctx, "SELECT reltuples FROM pg_class WHERE oid = to_regclass($1)",
			"datastore."+quoteIdent(q.m.ID)).Scan(&est)
		if err == nil && est >= float64(*req.TotalEstimationThreshold) && est > 0 {
			return int64(est), true, nil
		}
	}
	if unfiltered && q.m.RowCount != nil {
		return *q.m.RowCount, false, nil
	}
	if n, ok, err := s.countedTotal(ctx, q, req); ok || err != nil {
		return n, false, err
	}
	if s.pg && req.TotalEstimationThreshold != nil && !req.Distinct && !q.empty {
		// Clamped so threshold+1 cannot overflow; counting 2^40 rows is exact anyway.
		return s.estimate(ctx, q, min(max(*req.TotalEstimationThreshold, 0), 1<<40))
	}
	var n int64
	if err := s.db.QueryRowContext(ctx, q.countSQL(), q.args.vals...).Scan(&n); err != nil {
		return 0, false, s.queryErr(err)
	}
	return n, false, nil
}

// estimate is the total of a filtered PostgreSQL search under total_estimation_threshold:
// exact while at most threshold rows match (counting stops after threshold+1 of them, so
// its cost is bounded by the threshold, not by the matches), otherwise the planner's
// estimate from the table's statistics (most common values, histograms), which a load
// gathers with ANALYZE. CKAN itself estimates only unfiltered totals; its documented
// contract (an estimate when the matching count is above the threshold, flagged by
// total_was_estimated) is kept, and the total of 135k matching rows at 10M no longer
// costs a count of all of them.
func (s *Store) estimate(ctx context.Context, q *query, threshold int) (int64, bool, error) {
	from := " FROM " + q.from
	if w := q.whereSQL(); w != "" {
		from += " WHERE " + w
	}
	var n int64
	err := s.db.QueryRowContext(ctx, fmt.Sprintf("SELECT count(*) FROM (SELECT 1%s LIMIT %d) AS x", from, threshold+1),
		q.args.vals...).Scan(&n)
	if err != nil {
		return 0, false, s.queryErr(err)
	}
	if n <= int64(threshold) {
		return n, false, nil
	}
	var plan string
	if err := s.db.QueryRowContext(ctx, "EXPLAIN (FORMAT JSON) SELECT 1"+from, q.args.vals...).Scan(&plan); err != nil {
		return 0, false, s.queryErr(err)
	}
	var p []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		}
	}
	if err := json.Unmarshal([]byte(plan), &p); err != nil {
		return 0, false, storageErr("estimate total", err)
	}
	if len(p) == 0 {
		return 0, false, storageErr("estimate total", fmt.Errorf("no plan in %q", plan))
	}
	// The count above proved more than threshold rows match, whatever the planner thinks.
	return max(int64(p[0].Plan.Rows), int64(threshold)+1), true, nil
}

// queryErr maps engine errors of a search to CKAN's messages.
func (s *Store) queryErr(err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "fts5: syntax error") || strings.Contains(msg, "syntax error in tsquery") ||
		strings.Contains(msg, "malformed MATCH") || strings.Contains(msg, "no such column"):
		return catalog.Invalid("query", "Invalid query")
	case strings.Contains(msg, "interrupted") || strings.Contains(msg, "canceling statement due to statement timeout"):
		return catalog.Invalid("query", "Search took too long")
	}
	return storageErr("search", err)
}
