package datastore

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Field is a column as CKAN describes it: id, type and the free-form info dict
// (label, notes, type_override, ...). Types are PostgreSQL type names as CKAN reports
// them: text, int4, int8, numeric, float8, bool, date, time, timestamp, json, and the
// arrays _text, _int4, _int8, _numeric, _float8.
type Field struct {
	ID   string         `json:"id"`
	Type string         `json:"type"`
	Info map[string]any `json:"info,omitempty"`
}

// Canonical type names.
const (
	TypeText      = "text"
	TypeInt       = "int4"
	TypeBigInt    = "int8"
	TypeNumeric   = "numeric"
	TypeFloat     = "float8"
	TypeBool      = "bool"
	TypeDate      = "date"
	TypeTime      = "time"
	TypeTimestamp = "timestamp"
	TypeJSON      = "json"
)

var typeAliases = map[string]string{
	"text": TypeText, "varchar": TypeText, "character varying": TypeText, "string": TypeText,
	"int": TypeInt, "int4": TypeInt, "integer": TypeInt, "int2": TypeInt, "smallint": TypeInt, "serial": TypeInt,
	"int8": TypeBigInt, "bigint": TypeBigInt,
	"numeric": TypeNumeric, "decimal": TypeNumeric, "number": TypeNumeric,
	"float": TypeFloat, "float8": TypeFloat, "float4": TypeFloat, "real": TypeFloat, "double precision": TypeFloat, "double": TypeFloat,
	"bool": TypeBool, "boolean": TypeBool,
	"date": TypeDate, "time": TypeTime, "time without time zone": TypeTime,
	"timestamp": TypeTimestamp, "timestamp without time zone": TypeTimestamp, "timestamptz": TypeTimestamp, "datetime": TypeTimestamp,
	"json": TypeJSON, "jsonb": TypeJSON, "nested": TypeJSON,
}

// CanonicalType maps a CKAN/PostgreSQL type name ("integer", "text[]", "nested", ...) to
// the name the DataStore stores and reports; ok is false for unsupported types.
func CanonicalType(t string) (string, bool) {
	t = strings.ToLower(strings.TrimSpace(t))
	if t == "" {
		return TypeText, true
	}
	if base, ok := strings.CutSuffix(t, "[]"); ok {
		c, ok := typeAliases[strings.TrimSpace(base)]
		if !ok || c == TypeJSON || c == TypeDate || c == TypeTime || c == TypeTimestamp || c == TypeBool {
			return "", false
		}
		return "_" + c, true
	}
	if base, ok := strings.CutPrefix(t, "_"); ok {
		c, ok := typeAliases[base]
		if !ok || c != base || c == TypeJSON || c == TypeDate || c == TypeTime || c == TypeTimestamp || c == TypeBool {
			return "", false
		}
		return t, true
	}
	c, ok := typeAliases[t]
	return c, ok
}

func isArray(t string) bool { return strings.HasPrefix(t, "_") }

func sqliteDecl(t string) string {
	switch t {
	case TypeInt, TypeBigInt, TypeBool:
		return "INTEGER"
	case TypeNumeric, TypeFloat:
		return "REAL"
	}
	// Dates and timestamps are ISO text: the driver would otherwise turn DATE columns
	// into time.Time values and lose CKAN's naive rendering.
	return "TEXT"
}

func pgDecl(t string) string {
	switch t {
	case TypeJSON:
		return "jsonb" // json has no equality operator, which filters and distinct need
	}
	if isArray(t) {
		return t[1:] + "[]"
	}
	return t
}

// valueError is a record value that does not fit its column.
type valueError struct {
	typ, val string
}

func (e *valueError) Error() string {
	return fmt.Sprintf("invalid input syntax for type %s: \"%s\"", e.typ, e.val)
}

// storeValue converts a JSON-decoded input value to what the backend stores.
func (s *Store) storeValue(t string, v any) (any, error) {
	n, err := normalize(t, v)
	if err != nil {
		return nil, err
	}
	return s.storeNorm(t, n), nil
}

// storeNorm converts a normalized value to its stored form: for SQLite int64, float64 or
// string (json and arrays as JSON text); for PostgreSQL always text, cast in SQL.
func (s *Store) storeNorm(t string, n any) any {
	if n == nil {
		return nil
	}
	if t == TypeJSON || isArray(t) {
		if s.pg && isArray(t) {
			l, _ := n.([]any)
			return pgArrayLiteral(l)
		}
		b, _ := json.Marshal(n)
		return string(b)
	}
	if s.pg {
		return textOf(n)
	}
	if b, ok := n.(bool); ok {
		if b {
			return int64(1)
		}
		return int64(0)
	}
	return n
}

func asList(v any) ([]any, error) {
	switch x := v.(type) {
	case []any:
		return x, nil
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out, nil
	case string:
		var l []any
		if err := json.Unmarshal([]byte(x), &l); err == nil {
			return l, nil
		}
		return []any{x}, nil
	}
	return nil, fmt.Errorf("not a list")
}

// normalize converts an input value to the Go value of the column type: string, int64,
// float64, bool, []any for arrays, or the decoded value itself for json.
func normalize(t string, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	if str, ok := v.(string); ok && str == "" && t != TypeText {
		return nil, nil // CKAN stores "" as NULL in non-text columns
	}
	if isArray(t) {
		items, err := asList(v)
		if err != nil {
			return nil, &valueError{t[1:] + "[]", fmt.Sprint(v)}
		}
		conv := make([]any, len(items))
		for i, it := range items {
			c, err := normalize(t[1:], it)
			if err != nil {
				return nil, err
			}
			conv[i] = c
		}
		return conv, nil
	}
	switch t {
	case TypeText:
		switch x := v.(type) {
		case string:
			return x, nil
		case map[string]any, []any:
			b, _ := json.Marshal(x)
			return string(b), nil
		}
		return textOf(v), nil
	case TypeInt, TypeBigInt:
		var n int64
		switch x := v.(type) {
		case int:
			n = int64(x)
		case int64:
			n = x
		case int32:
			n = int64(x)
		case float64:
			if x != math.Trunc(x) || math.IsInf(x, 0) || math.IsNaN(x) || math.Abs(x) > 9.2e18 {
				return nil, &valueError{"integer", textOf(x)}
			}
			n = int64(x)
		case json.Number:
			i, err := strconv.ParseInt(string(x), 10, 64)
			if err != nil {
				return nil, &valueError{"integer", string(x)}
			}
			n = i
		case string:
			i, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
			if err != nil {
				return nil, &valueError{"integer", x}
			}
			n = i
		case bool:
			return nil, &valueError{"integer", textOf(x)}
		default:
			return nil, &valueError{"integer", fmt.Sprint(v)}
		}
		if t == TypeInt && (n > math.MaxInt32 || n < math.MinInt32) {
			return nil, fmt.Errorf("value \"%d\" is out of range for type integer", n)
		}
		return n, nil
	case TypeNumeric, TypeFloat:
		switch x := v.(type) {
		case float64:
			return x, nil
		case int:
			return float64(x), nil
		case int64:
			return float64(x), nil
		case json.Number:
			f, err := x.Float64()
			if err != nil {
				return nil, &valueError{t, string(x)}
			}
			return f, nil
		case string:
			f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
			if err != nil {
				return nil, &valueError{t, x}
			}
			return f, nil
		}
		return nil, &valueError{t, fmt.Sprint(v)}
	case TypeBool:
		switch x := v.(type) {
		case bool:
			return x, nil
		case float64:
			return x != 0, nil
		case int64:
			return x != 0, nil
		case int:
			return x != 0, nil
		case string:
			if b, ok := parseBool(x); ok {
				return b, nil
			}
			return nil, &valueError{"boolean", x}
		}
		return nil, &valueError{"boolean", fmt.Sprint(v)}
	case TypeDate:
		tm, err := parseTimeValue(v)
		if err != nil {
			return nil, &valueError{"date", fmt.Sprint(v)}
		}
		return tm.Format("2006-01-02"), nil
	case TypeTimestamp:
		tm, err := parseTimeValue(v)
		if err != nil {
			return nil, &valueError{"timestamp", fmt.Sprint(v)}
		}
		return formatTimestamp(tm), nil
	case TypeTime:
		str, ok := v.(string)
		if !ok {
			return nil, &valueError{"time", fmt.Sprint(v)}
		}
		for _, layout := range []string{"15:04:05.999999", "15:04:05", "15:04"} {
			if tm, err := time.Parse(layout, strings.TrimSpace(str)); err == nil {
				return tm.Format("15:04:05.999999"), nil
			}
		}
		return nil, &valueError{"time", str}
	case TypeJSON:
		if _, err := json.Marshal(v); err != nil {
			return nil, &valueError{"json", fmt.Sprint(v)}
		}
		return v, nil
	}
	return nil, fmt.Errorf("unsupported type %q", t)
}

func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "t", "yes", "y", "1", "on":
		return true, true
	case "false", "f", "no", "n", "0", "off":
		return false, true
	}
	return false, false
}

// timeLayouts are CKAN's _DATE_FORMATS plus RFC 3339 and fractional seconds.
var timeLayouts = []string{
	"2006-01-02", "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02T15:04:05Z",
	"2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999", time.RFC3339Nano,
	"2006-01-02T15:04:05Z07:00", "2006-01-02 15:04:05Z07:00", "2006-01-02T15:04",
	"02/01/2006", "01/02/2006", "02-01-2006", "01-02-2006",
}

func parseTimeValue(v any) (time.Time, error) {
	switch x := v.(type) {
	case time.Time:
		return x.UTC(), nil
	case string:
		return parseTime(x)
	}
	return time.Time{}, fmt.Errorf("not a time")
}

func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range timeLayouts {
		if tm, err := time.Parse(l, s); err == nil {
			return tm.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("not a time: %q", s)
}

// formatTimestamp renders CKAN's naive ISO form, with microseconds only when set.
func formatTimestamp(t time.Time) string {
	if t.Nanosecond()/1000 == 0 {
		return t.Format("2006-01-02T15:04:05")
	}
	return t.Format("2006-01-02T15:04:05.000000")
}

// textOf renders a normalized value as text (CSV cells, PostgreSQL parameters).
func textOf(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		if x {
			return "true"
		}
		return "false"
	case json.Number:
		return string(x)
	case []any, map[string]any:
		b, _ := json.Marshal(x)
		return string(b)
	}
	return fmt.Sprint(v)
}

func pgArrayLiteral(items []any) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, it := range items {
		if i > 0 {
			b.WriteByte(',')
		}
		if it == nil {
			b.WriteString("NULL")
			continue
		}
		b.WriteByte('"')
		t := textOf(it)
		t = strings.ReplaceAll(t, `\`, `\\`)
		t = strings.ReplaceAll(t, `"`, `\"`)
		b.WriteString(t)
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String()
}

// readValue turns what the database returned into the Go value of the column type:
// nil, string, int64, float64, bool, or decoded JSON (json and arrays). On PostgreSQL every
// non-text column is selected as to_json(col)::text, so raw is JSON text there.
func (s *Store) readValue(t string, raw any) any {
	if raw == nil {
		return nil
	}
	if b, ok := raw.([]byte); ok {
		raw = string(b)
	}
	if s.pg && t != TypeText {
		str, _ := raw.(string)
		dec := json.NewDecoder(strings.NewReader(str))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return str
		}
		return fromJSONValue(t, v)
	}
	switch t {
	case TypeText, TypeDate, TypeTime, TypeTimestamp:
		return textOf(raw)
	case TypeInt, TypeBigInt:
		switch x := raw.(type) {
		case int64:
			return x
		case float64:
			return int64(x)
		}
	case TypeNumeric, TypeFloat:
		switch x := raw.(type) {
		case float64:
			return x
		case int64:
			return float64(x)
		}
	case TypeBool:
		if x, ok := raw.(int64); ok {
			return x != 0
		}
	}
	if str, ok := raw.(string); ok && (t == TypeJSON || isArray(t)) {
		var v any
		if err := json.Unmarshal([]byte(str), &v); err == nil {
			return v
		}
	}
	return raw
}

func fromJSONValue(t string, v any) any {
	switch x := v.(type) {
	case json.Number:
		switch t {
		case TypeInt, TypeBigInt:
			if i, err := x.Int64(); err == nil {
				return i
			}
		}
		f, _ := x.Float64()
		return f
	case []any:
		for i := range x {
			x[i] = fromJSONValue(strings.TrimPrefix(t, "_"), x[i])
		}
		return x
	case map[string]any:
		for k := range x {
			x[k] = fromJSONValue(TypeJSON, x[k])
		}
		return x
	}
	return v
}

// guessType is CKAN's _guess_type for a JSON-decoded value of the first record.
func guessType(v any) string {
	switch x := v.(type) {
	case map[string]any, []any:
		return TypeJSON
	case bool:
		return TypeBool
	case int, int64:
		return TypeInt
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 2e9 {
			return TypeInt
		}
		return TypeFloat
	case json.Number:
		if _, err := x.Int64(); err == nil {
			return TypeInt
		}
		return TypeFloat
	case string:
		if _, err := strconv.ParseInt(strings.TrimSpace(x), 10, 32); err == nil {
			return TypeInt
		}
		if _, err := strconv.ParseFloat(strings.TrimSpace(x), 64); err == nil {
			return TypeNumeric
		}
		if _, err := parseTime(x); err == nil {
			return TypeTimestamp
		}
	}
	return TypeText
}
