package datastore

import (
	"context"
	"strings"

	"github.com/khlang/khlang/catalog"
)

// SQLResult is datastore_search_sql's result.
type SQLResult struct {
	Fields           []Field  `json:"fields"`
	Records          []Record `json:"records"`
	RecordsTruncated bool     `json:"records_truncated,omitempty"`
}

// SQL runs one read-only SELECT for datastore_search_sql. Safety is enforced by the
// engine, not by looking at the text:
//
//   - SQLite: a separate connection opened read-only (mode=ro, PRAGMA query_only) with an
//     authorizer installed before the statement is prepared; the authorizer lets the
//     statement read only DataStore tables that canRead allows and call only allow-listed
//     functions, and denies everything else (writes, PRAGMA, ATTACH, sqlite_* tables, FTS
//     shadow tables). A progress handler interrupts it at the timeout, and string/blob
//     sizes are capped. Preparing the text and checking the tail proves it is one statement.
//   - PostgreSQL: a READ ONLY transaction with statement_timeout and a restricted
//     search_path; the extended protocol refuses more than one statement; EXPLAIN
//     (VERBOSE, FORMAT JSON) lists every relation and function the plan touches, which
//     must be readable DataStore tables and allow-listed functions.
//
// Like CKAN 2.11.5, text containing \' is refused. The statement is wrapped as
// SELECT * FROM (sql) AS blah LIMIT RowsMax+1 and RecordsTruncated set when it hits the cap.
func (s *Store) SQL(ctx context.Context, query string, canRead func(resourceID string) bool) (*SQLResult, error) {
	if strings.TrimSpace(query) == "" {
		return nil, catalog.Invalid("sql", "Missing value")
	}
	if strings.Contains(query, `\'`) || strings.ContainsRune(query, 0) {
		return nil, notSingle()
	}
	if canRead == nil {
		canRead = func(string) bool { return false }
	}
	tables, err := s.Tables(ctx)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, t := range tables {
		if t.AliasOf == "" {
			known[t.Name] = true
		}
	}
	acl := &tableACL{known: known, canRead: canRead, cache: map[string]bool{}}
	timeout := s.SQLTimeout
	if timeout <= 0 {
		timeout = DefaultSQLTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if s.pg {
		return s.sqlPostgres(ctx, query, acl, timeout)
	}
	return s.sqlSQLite(ctx, query, acl)
}

func notSingle() error { return catalog.Invalid("query", "Query is not a single statement.") }

func tooLong() error { return catalog.Invalid("query", "Query took too long") }

func systemTables() error {
	return &catalog.AuthError{Detail: "Not authorized to access system tables"}
}

func notAuthorizedTable(name string) error {
	return &catalog.AuthError{Detail: "Not authorized to read resource " + name}
}

func notAuthorizedFunction(name string) error {
	return &catalog.AuthError{Detail: "Not authorized to call function " + name}
}

// tableACL answers, once per table and call, whether the statement may read it.
type tableACL struct {
	known   map[string]bool
	canRead func(string) bool
	cache   map[string]bool
}

// check returns nil when name is a DataStore table the caller may read.
func (a *tableACL) check(name string) error {
	lower := strings.ToLower(name)
	if strings.HasPrefix(lower, "sqlite_") || strings.HasPrefix(lower, "pg_") {
		return systemTables()
	}
	if !a.known[name] {
		return notAuthorizedTable(name)
	}
	ok, seen := a.cache[name]
	if !seen {
		ok = a.canRead(name)
		a.cache[name] = ok
	}
	if !ok {
		return notAuthorizedTable(name)
	}
	return nil
}

// sqliteFunctions may be called from datastore_search_sql on SQLite: pure computations on
// values. Anything reading files, the schema, other databases or producing huge values
// (zeroblob, randomblob, load_extension, sqlite_*, fts5 helpers) is left out.
var sqliteFunctions = setOf(`abs avg count max min sum total group_concat string_agg
	lower upper length octet_length substr substring trim ltrim rtrim replace instr round coalesce ifnull nullif iif
	typeof char unicode hex quote printf format like glob random
	date time datetime julianday strftime unixepoch
	json json_extract json_array json_object json_array_length json_type json_valid json_quote json_group_array json_group_object
	row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value
	acos asin atan atan2 ceil ceiling cos degrees exp floor ln log log10 log2 mod pi pow power radians sign sin sqrt tan trunc`)

// postgresFunctions is the allow-list on PostgreSQL: aggregates, string, numeric, date,
// JSON, array, window and text-search functions that only compute on their arguments.
var postgresFunctions = setOf(`count sum avg min max array_agg string_agg json_agg jsonb_agg json_object_agg jsonb_object_agg
	bool_and bool_or every stddev stddev_pop stddev_samp variance var_pop var_samp corr covar_pop covar_samp
	regr_slope regr_intercept regr_r2 regr_count percentile_cont percentile_disc mode
	lower upper length char_length character_length octet_length substr substring trim btrim ltrim rtrim replace
	concat concat_ws left right lpad rpad position strpos split_part initcap reverse repeat translate
	regexp_replace regexp_match regexp_matches regexp_split_to_array regexp_split_to_table starts_with md5
	to_char to_number to_date to_timestamp format
	abs round ceil ceiling floor trunc sqrt cbrt power pow exp ln log log10 mod sign div width_bucket pi random
	degrees radians sin cos tan asin acos atan atan2 greatest least
	now date_trunc date_part extract age make_date make_time make_timestamp make_interval justify_days justify_hours
	justify_interval isfinite timezone clock_timestamp statement_timestamp transaction_timestamp
	to_json to_jsonb json_build_object jsonb_build_object json_build_array jsonb_build_array row_to_json array_to_json
	json_array_length jsonb_array_length json_extract_path json_extract_path_text jsonb_extract_path jsonb_extract_path_text
	json_typeof jsonb_typeof json_object_keys jsonb_object_keys json_array_elements jsonb_array_elements
	json_array_elements_text jsonb_array_elements_text json_each jsonb_each json_each_text jsonb_each_text jsonb_pretty
	array_length array_lower array_upper cardinality unnest array_to_string string_to_array array_position
	array_positions array_remove array_append array_prepend array_cat generate_series
	row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value
	to_tsvector to_tsquery plainto_tsquery phraseto_tsquery websearch_to_tsquery ts_rank ts_rank_cd ts_headline
	numnode querytree setweight strip tsvector_to_array array_to_tsvector
	coalesce nullif int4 int8 float8 numeric text bool date`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
