package datastore

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/khlang/khlang/catalog"
)

func setupSandbox(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	var recs []map[string]any
	for i := range 100 {
		recs = append(recs, map[string]any{"n": i, "name": "row" + itoa(i)})
	}
	for _, id := range []string{"pub", "secret"} {
		if _, err := s.Create(ctx, CreateRequest{ResourceID: id, Fields: []Field{{ID: "n", Type: "int"}, {ID: "name"}},
			Records: recs, Aliases: []string{id + "-alias"}}); err != nil {
			t.Fatal(err)
		}
	}
	s.SQLTimeout = 700 * time.Millisecond
}

func canReadPub(id string) bool { return id == "pub" }

// snapshot captures every table's rows and the table list, to prove attacks changed nothing.
func snapshot(t *testing.T, s *Store) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	tables, err := s.Tables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b.WriteString(mustJSON(t, tables))
	for _, id := range []string{"pub", "secret"} {
		res, err := s.Search(ctx, SearchRequest{ResourceID: id, Limit: ptr(1000), RecordsFormat: FormatLists})
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(mustJSON(t, res.Records))
	}
	return b.String()
}

func TestSQLAllowed(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		setupSandbox(t, s)
		s.SQLTimeout = time.Minute // the truncation query is slow under -race
		ctx := context.Background()
		cases := []struct {
			name, sql, want string
		}{
			{"filter order", `SELECT n, name FROM "pub" WHERE n < 3 ORDER BY n`, `[{"n":0,"name":"row0"},{"n":1,"name":"row1"},{"n":2,"name":"row2"}]`},
			{"count trailing comment", `SELECT count(*) AS c FROM "pub" -- ; DROP TABLE "pub"`, `[{"c":100}]`},
			{"trailing semicolon", "SELECT max(n) AS m FROM \"pub\";\n", `[{"m":99}]`},
			{"cte column list", `WITH t(a) AS (SELECT n FROM "pub") SELECT sum(a) AS s FROM t`, `[{"s":4950}]`},
			{"string with semicolon", `SELECT upper(name) AS u FROM "pub" WHERE name = 'row1' OR name = ';'`, `[{"u":"ROW1"}]`},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				res, err := s.SQL(ctx, c.sql, canReadPub)
				if err != nil {
					t.Fatal(err)
				}
				if got := mustJSON(t, res.Records); got != c.want {
					t.Fatalf("got %s want %s", got, c.want)
				}
			})
		}
		if s.pg {
			// PostgreSQL allows column names on a derived table's alias; it is not a call.
			res, err := s.SQL(ctx, `SELECT x.a FROM (SELECT n FROM "pub" WHERE n = 7) AS x(a)`, canReadPub)
			if err != nil || mustJSON(t, res.Records) != `[{"a":7}]` {
				t.Fatalf("alias column list: %v", err)
			}
		}
		res, err := s.SQL(ctx, `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 40000) SELECT x FROM c`, canReadPub)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Records) != RowsMax || !res.RecordsTruncated || res.Fields[0].ID != "x" {
			t.Fatalf("truncation: %d rows, truncated %v", len(res.Records), res.RecordsTruncated)
		}
	})
}

func TestSQLSandboxAttacks(t *testing.T) {
	type attack struct{ name, sql, want string }
	common := []attack{
		{"delete", `DELETE FROM "pub"`, "fail"},
		{"drop", `DROP TABLE "pub"`, "fail"},
		{"insert", `INSERT INTO "pub" (n) VALUES (99)`, "fail"},
		{"update", `UPDATE "pub" SET n = 0`, "fail"},
		{"stacked drop", `SELECT * FROM "pub"; DROP TABLE "pub"`, "single"},
		{"stacked select", `SELECT 1; SELECT 2`, "single"},
		{"comment hides semicolon", `SELECT 1 /* x */ ; DELETE FROM "pub"`, "single"},
		{"backslash quote", `SELECT 'a\' ; DROP TABLE "pub" --'`, "single"},
		{"other resource", `SELECT * FROM "secret"`, "table"},
		{"other resource count", `SELECT count(*) FROM "secret"`, "table"},
		{"other resource join", `SELECT p.n FROM "pub" p JOIN "secret" s ON s.n = p.n`, "table"},
		{"other resource subquery", `SELECT n FROM "pub" WHERE n IN (SELECT n FROM "secret")`, "table"},
		{"other resource cte", `WITH x AS (SELECT * FROM "secret") SELECT * FROM x`, "table"},
		{"other resource union", `SELECT n, name FROM "pub" UNION ALL SELECT n, name FROM "secret"`, "table"},
		{"alias of other resource", `SELECT * FROM "secret-alias"`, "fail"},
		{"metadata table", `SELECT * FROM "_ds_tables"`, "fail"},
		{"cte write", `WITH d AS (DELETE FROM "pub" RETURNING *) SELECT * FROM d`, "fail"},
		{"break out of wrapper", `SELECT * FROM "pub") AS x; DROP TABLE "pub"; SELECT * FROM ("pub"`, "fail"},
		{"runaway recursion", `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c`, "timeout"},
		{"runaway cross join", `SELECT count(*) FROM "pub" a, "pub" b, "pub" c, "pub" d, "pub" e, "pub" f`, "timeout"},
		{"empty", `-- nothing`, "fail"},
	}
	perBackend := map[string][]attack{
		catalog.BackendSQLite: {
			{"sqlite_master", `SELECT * FROM sqlite_master`, "system"},
			{"sqlite_schema in union", `SELECT n, name FROM "pub" UNION SELECT 1, sql FROM sqlite_schema`, "system"},
			{"temp master", `SELECT * FROM temp.sqlite_temp_master`, "system"},
			{"attach", `ATTACH DATABASE '/tmp/khlang-steal.db' AS x`, "fail"},
			{"load_extension", `SELECT load_extension('/tmp/evil.so')`, "function:load_extension"},
			{"pragma write", `PRAGMA query_only = 0`, "fail"},
			{"pragma function", `SELECT * FROM pragma_table_info('pub')`, "fail"},
			{"pragma count", `SELECT count(*) FROM pragma_table_info('secret')`, "fail"},
			{"metadata count", `SELECT count(*) FROM "_ds_aliases"`, "fail"},
			{"fts shadow", `SELECT * FROM "pub#fts_data"`, "fail"},
			{"fts table", `SELECT * FROM "pub#fts"`, "fail"},
			{"zeroblob", `SELECT zeroblob(1000000000)`, "function:zeroblob"},
			{"vacuum into", `VACUUM INTO '/tmp/khlang-steal.db'`, "fail"},
			{"create temp", `CREATE TEMP TABLE t(x)`, "fail"},
			{"sqlite_version", `SELECT sqlite_version()`, "function:sqlite_version"},
		},
		catalog.BackendPostgres: {
			{"pg_roles", `SELECT * FROM pg_roles`, "system"},
			{"pg_authid qualified", `SELECT rolpassword FROM pg_catalog.pg_authid`, "system"},
			{"information_schema", `SELECT * FROM information_schema.tables`, "system"},
			{"pg_read_file", `SELECT pg_read_file('/etc/hostname')`, "function:pg_read_file"},
			{"pg_read_file in values", `SELECT * FROM (VALUES (pg_read_file('/etc/hostname'))) v(a)`, "function:pg_read_file"},
			{"qualified pg_read_file", `SELECT pg_catalog.pg_read_file('/etc/hostname')`, "function:pg_read_file"},
			{"query_to_xml", `SELECT query_to_xml('SELECT * FROM datastore.secret', true, true, '')`, "function:query_to_xml"},
			{"quoted case", `SELECT "CoUnT"(*) FROM "pub"`, "function:CoUnT"},
			{"set_config", `SELECT set_config('default_transaction_read_only', 'off', false)`, "function:set_config"},
			{"pg_sleep", `SELECT pg_sleep(100)`, "function:pg_sleep"},
			{"lo_import", `SELECT lo_import('/etc/passwd')`, "function:lo_import"},
			{"copy to file", `COPY "pub" TO '/tmp/khlang-steal.csv'`, "fail"},
			{"stat activity", `SELECT * FROM pg_stat_activity`, "fail"},
			{"other schema table", `SELECT * FROM public.nothing`, "fail"},
			{"dollar quoted function", `SELECT $$x$$ || pg_ls_dir('.')::text`, "function:pg_ls_dir"},
			{"nextval", `SELECT nextval('datastore."pub__id_seq"')`, "function:nextval"},
		},
	}
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			s := openStore(t, b, nil)
			setupSandbox(t, s)
			before := snapshot(t, s)
			attacks := append(append([]attack{}, common...), perBackend[b.name]...)
			if len(attacks) < 20 {
				t.Fatalf("only %d attacks", len(attacks))
			}
			for _, a := range attacks {
				t.Run(a.name, func(t *testing.T) {
					res, err := s.SQL(context.Background(), a.sql, canReadPub)
					if err == nil {
						t.Fatalf("attack succeeded: %s", mustJSON(t, res))
					}
					if errors.Is(err, catalog.ErrStorage) || !(errors.Is(err, catalog.ErrInvalid) || errors.Is(err, catalog.ErrNotAuthorized)) {
						t.Fatalf("want a clean 409/403, got %v", err)
					}
					switch want := a.want; {
					case want == "single":
						wantFieldErr(t, err, "query", "Query is not a single statement.")
					case want == "timeout":
						wantFieldErr(t, err, "query", "Query took too long")
					case want == "system":
						wantAuthErr(t, err, "Not authorized to access system tables")
					case want == "table":
						wantAuthErr(t, err, "Not authorized to read resource secret")
					case strings.HasPrefix(want, "function:"):
						wantAuthErr(t, err, "Not authorized to call function "+strings.TrimPrefix(want, "function:"))
					}
				})
			}
			if after := snapshot(t, s); after != before {
				t.Fatal("an attack changed the data")
			}
		})
	}
}
