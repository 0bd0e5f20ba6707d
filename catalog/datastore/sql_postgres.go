package datastore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/khlang/khlang/catalog"
)

func (s *Store) sqlPostgres(ctx context.Context, query string, acl *tableACL, timeout time.Duration) (*SQLResult, error) {
	// Functions are checked in the text as well as in the plan: EXPLAIN does not print the
	// expressions of a VALUES list, and planning may already evaluate constant calls.
	for _, fn := range functionCalls(query, false) {
		if err := checkPGFunction(fn); err != nil {
			return nil, err
		}
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, storageErr("sql", err)
	}
	defer func() { _ = tx.Rollback() }()
	for _, q := range []string{
		fmt.Sprintf("SET LOCAL statement_timeout = %d", max(1, timeout.Milliseconds())),
		"SET LOCAL lock_timeout = 5000",
		"SET LOCAL search_path = datastore",
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return nil, storageErr("sql", err)
		}
	}
	var planText string
	if err := tx.QueryRowContext(ctx, "EXPLAIN (VERBOSE, FORMAT JSON) "+query).Scan(&planText); err != nil {
		return nil, pgSQLErr(ctx, err)
	}
	var plan any
	if err := json.Unmarshal([]byte(planText), &plan); err != nil {
		return nil, storageErr("sql plan", err)
	}
	// Relations first, so a system view reports system tables rather than the functions
	// its definition happens to call.
	if err := checkPlan(plan, acl, false); err != nil {
		return nil, err
	}
	if err := checkPlan(plan, acl, true); err != nil {
		return nil, err
	}
	wrapped := "SELECT * FROM (\n" + strings.TrimRight(strings.TrimSpace(query), ";") + "\n) AS blah LIMIT " + strconv.Itoa(RowsMax+1)
	rows, err := tx.QueryContext(ctx, wrapped)
	if err != nil {
		return nil, pgSQLErr(ctx, err)
	}
	defer rows.Close()
	cts, err := rows.ColumnTypes()
	if err != nil {
		return nil, storageErr("sql", err)
	}
	res := &SQLResult{Records: []Record{}}
	cols := make([]string, len(cts))
	types := make([]string, len(cts))
	for i, ct := range cts {
		cols[i] = ct.Name()
		types[i] = strings.ToLower(ct.DatabaseTypeName())
		res.Fields = append(res.Fields, Field{ID: cols[i], Type: types[i]})
	}
	for rows.Next() {
		if len(res.Records) == RowsMax {
			res.RecordsTruncated = true
			break
		}
		raw := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range raw {
			ptrs[i] = &raw[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, pgSQLErr(ctx, err)
		}
		for i := range raw {
			raw[i] = pgResultValue(types[i], raw[i])
		}
		res.Records = append(res.Records, Record{Keys: cols, Values: raw})
	}
	if err := rows.Err(); err != nil {
		return nil, pgSQLErr(ctx, err)
	}
	return res, nil
}

// pgResultValue turns a driver value into what JSON clients expect.
func pgResultValue(typ string, v any) any {
	if vl, ok := v.(driver.Valuer); ok {
		if dv, err := vl.Value(); err == nil {
			v = dv
		}
	}
	switch x := v.(type) {
	case []byte:
		v = string(x)
	case time.Time:
		if typ == "date" {
			return x.Format("2006-01-02")
		}
		return formatTimestamp(x)
	}
	str, ok := v.(string)
	if !ok {
		return v
	}
	switch typ {
	case "json", "jsonb":
		var out any
		if json.Unmarshal([]byte(str), &out) == nil {
			return out
		}
	case "numeric":
		if f, err := strconv.ParseFloat(str, 64); err == nil {
			return f
		}
	}
	return str
}

func pgSQLErr(ctx context.Context, err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "57014":
			return tooLong()
		case pe.Code == "42601" && strings.Contains(pe.Message, "multiple commands"):
			return notSingle()
		case pe.Code == "42501":
			return &catalog.AuthError{Detail: "Not authorized: " + pe.Message}
		case pe.Code == "25006":
			return &catalog.AuthError{Detail: "Not authorized: the query must be a read-only SELECT"}
		}
		return catalog.Invalid("query", pe.Message)
	}
	if ctx.Err() != nil {
		return tooLong()
	}
	if strings.Contains(err.Error(), "multiple commands") {
		return notSingle()
	}
	return storageErr("sql", err)
}

// planIdentityKeys name things, not expressions; their values are not scanned for calls.
var planIdentityKeys = setOf(`Node_Type Relation_Name Schema Alias CTE_Name Index_Name Subplan_Name Parent_Relationship
	Strategy Join_Type Command Scan_Direction Partial_Mode Function_Name Operation Sort_Method Sort_Space_Type`)

// checkPlan walks EXPLAIN's JSON: every relation must be a readable DataStore table,
// every function allow-listed, and no node may modify data.
func checkPlan(node any, acl *tableACL, funcs bool) error {
	switch n := node.(type) {
	case []any:
		for _, c := range n {
			if err := checkPlan(c, acl, funcs); err != nil {
				return err
			}
		}
	case map[string]any:
		if nt, _ := n["Node Type"].(string); nt == "ModifyTable" || nt == "LockRows" {
			return &catalog.AuthError{Detail: "Not authorized: the query must be a read-only SELECT"}
		}
		if rel, ok := n["Relation Name"].(string); ok && !funcs {
			schema, _ := n["Schema"].(string)
			if schema != "datastore" {
				if schema == "pg_catalog" || schema == "information_schema" || strings.HasPrefix(rel, "pg_") || schema == "pg_toast" {
					return systemTables()
				}
				return notAuthorizedTable(rel)
			}
			if err := acl.check(rel); err != nil {
				return err
			}
		}
		if fn, ok := n["Function Name"].(string); ok && funcs {
			schema, _ := n["Schema"].(string)
			if err := checkPGFunction(funcCall{schema: schema, name: fn, quoted: true}); err != nil {
				return err
			}
		}
		for k, v := range n {
			if planIdentityKeys[strings.ReplaceAll(k, " ", "_")] {
				continue
			}
			switch x := v.(type) {
			case string:
				if !funcs {
					continue
				}
				for _, fn := range functionCalls(x, true) {
					if err := checkPGFunction(fn); err != nil {
						return err
					}
				}
			case []any, map[string]any:
				if err := checkPlan(x, acl, funcs); err != nil {
					return err
				}
			}
		}
	case string:
		if !funcs {
			return nil
		}
		for _, fn := range functionCalls(n, true) {
			if err := checkPGFunction(fn); err != nil {
				return err
			}
		}
	}
	return nil
}

type funcCall struct {
	schema, name string
	quoted       bool
}

func checkPGFunction(fn funcCall) error {
	name := fn.name
	if !fn.quoted {
		name = strings.ToLower(name)
	}
	if fn.schema != "" && fn.schema != "pg_catalog" {
		return notAuthorizedFunction(fn.schema + "." + name)
	}
	// Quoted names are case-sensitive, as in CKAN: "CoUnT" is not count.
	if !postgresFunctions[name] {
		return notAuthorizedFunction(name)
	}
	return nil
}

// sqlKeywords may precede "(" without being a function call.
var sqlKeywords = setOf(`in exists any all some values as from join on using over filter within group by where and or not
	select when then else case lateral array row cast nullif coalesce greatest least extract position overlay substring
	trim interval distinct with recursive materialized union intersect except into set returning is like ilike similar
	between having limit offset fetch window partition order table only tablesample rows range groups cube rollup grouping
	sets collate at zone numeric decimal varchar char character varying timestamp time bit float double precision
	int integer smallint bigint real hashed subplan initplan xmlelement xmlforest xmlparse xmlpi xmlroot xmlserialize
	xmlattributes xmlconcat xmlexists normalize treat return default asc desc nulls first last left right full inner
	outer cross natural`)

// functionCalls finds name( sequences outside strings, comments and quoted text. In
// deparsed plan text (plan=true) names are already resolved; in user SQL an identifier
// directly after another identifier or ")" is an alias with a column list, not a call.
func functionCalls(text string, plan bool) []funcCall {
	var toks []sqlTok
	i := 0
	for i < len(text) {
		c := text[i]
		switch {
		case c == '-' && i+1 < len(text) && text[i+1] == '-':
			for i < len(text) && text[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(text) && text[i+1] == '*':
			depth := 0
			for i < len(text) {
				if strings.HasPrefix(text[i:], "/*") {
					depth++
					i += 2
				} else if strings.HasPrefix(text[i:], "*/") {
					depth--
					i += 2
					if depth == 0 {
						break
					}
				} else {
					i++
				}
			}
		case c == '\'':
			i++
			for i < len(text) {
				if text[i] == '\'' {
					if i+1 < len(text) && text[i+1] == '\'' {
						i += 2
						continue
					}
					break
				}
				i++
			}
			i++
			toks = append(toks, sqlTok{kind: 'o', text: "'"})
		case c == '"':
			j := i + 1
			var b strings.Builder
			for j < len(text) {
				if text[j] == '"' {
					if j+1 < len(text) && text[j+1] == '"' {
						b.WriteByte('"')
						j += 2
						continue
					}
					break
				}
				b.WriteByte(text[j])
				j++
			}
			toks = append(toks, sqlTok{kind: 'q', text: b.String(), quoted: true})
			i = j + 1
		case c == '$':
			// Dollar quoting: $tag$ ... $tag$.
			j := i + 1
			for j < len(text) && (isIdentByte(text[j]) && !(text[j] >= '0' && text[j] <= '9' && j == i+1)) {
				j++
			}
			if j < len(text) && text[j] == '$' {
				tag := text[i : j+1]
				end := strings.Index(text[j+1:], tag)
				if end < 0 {
					i = len(text)
				} else {
					i = j + 1 + end + len(tag)
				}
				toks = append(toks, sqlTok{kind: 'o', text: "'"})
			} else {
				i = j
				toks = append(toks, sqlTok{kind: 'o', text: "$"})
			}
		case isIdentByte(c) && !(c >= '0' && c <= '9'):
			j := i
			for j < len(text) && (isIdentByte(text[j]) || text[j] == '$') {
				j++
			}
			toks = append(toks, sqlTok{kind: 'i', text: text[i:j]})
			i = j
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == ':' && i+1 < len(text) && text[i+1] == ':':
			toks = append(toks, sqlTok{kind: 'p', text: "::"})
			i += 2
		case c >= '0' && c <= '9':
			for i < len(text) && (isIdentByte(text[i]) || text[i] == '.') {
				i++
			}
			toks = append(toks, sqlTok{kind: 'o', text: "0"})
		default:
			toks = append(toks, sqlTok{kind: 'p', text: string(c)})
			i++
		}
	}
	var out []funcCall
	for k := 0; k+1 < len(toks); k++ {
		t := toks[k]
		if t.kind != 'i' && t.kind != 'q' || toks[k+1].text != "(" || toks[k+1].kind != 'p' {
			continue
		}
		if t.kind == 'i' && sqlKeywords[strings.ToLower(t.text)] {
			continue
		}
		call := funcCall{name: t.text, quoted: t.quoted}
		start := k
		if k >= 2 && toks[k-1].text == "." && (toks[k-2].kind == 'i' || toks[k-2].kind == 'q') {
			call.schema = toks[k-2].text
			if toks[k-2].kind == 'i' {
				call.schema = strings.ToLower(call.schema)
			}
			start = k - 2
		}
		if start > 0 {
			prev := toks[start-1]
			if prev.text == "::" {
				continue // a type modifier such as numeric(10,2)
			}
			if !plan && (prev.kind == 'q' || prev.kind == 'i' && !sqlKeywords[strings.ToLower(prev.text)] || prev.text == ")") {
				continue // an alias with column names: FROM t AS x(a, b) / FROM t x(a)
			}
			if !plan && prev.kind == 'i' && (strings.EqualFold(prev.text, "as") || strings.EqualFold(prev.text, "with") ||
				strings.EqualFold(prev.text, "recursive")) {
				continue
			}
		}
		if !plan && isCTEName(toks, k+1) {
			continue
		}
		out = append(out, call)
	}
	return out
}

// sqlTok is a token of functionCalls: 'i' identifier, 'q' quoted identifier,
// 'p' punctuation, 'o' anything else (literals).
type sqlTok struct {
	kind   byte
	text   string
	quoted bool
}

// isCTEName reports whether the parenthesised list opening at toks[open] is followed by
// AS, as in WITH t(a, b) AS (...).
func isCTEName(toks []sqlTok, open int) bool {
	depth := 0
	for j := open; j < len(toks); j++ {
		t := toks[j]
		if t.kind == 'p' && t.text == "(" {
			depth++
		} else if t.kind == 'p' && t.text == ")" {
			depth--
			if depth == 0 {
				return j+1 < len(toks) && toks[j+1].kind == 'i' && strings.EqualFold(toks[j+1].text, "as")
			}
		}
	}
	return false
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}
