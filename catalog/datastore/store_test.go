package datastore

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/khlang/khlang/catalog"
)

func TestCreateSearchBasic(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		createBooks(t, s)
		res, err := s.Search(ctx, SearchRequest{ResourceID: bookID})
		if err != nil {
			t.Fatal(err)
		}
		if got := mustJSON(t, res.Fields); got != `[{"id":"_id","type":"int"},{"id":"book","type":"text"},{"id":"author","type":"text"}]` {
			t.Fatalf("fields %s", got)
		}
		if got := mustJSON(t, res.Records); got != `[{"_id":1,"book":"annakarenina","author":"tolstoy"},{"_id":2,"book":"warandpeace","author":"tolstoy"}]` {
			t.Fatalf("records %s", got)
		}
		if res.Total == nil || *res.Total != 2 || res.Limit != 100 {
			t.Fatalf("total %v limit %d", res.Total, res.Limit)
		}
	})
}

func TestTypesRoundTrip(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		_, err := s.Create(ctx, CreateRequest{ResourceID: "types", Fields: []Field{
			{ID: "i", Type: "int"}, {ID: "big", Type: "bigint"}, {ID: "n", Type: "numeric"}, {ID: "f", Type: "float"},
			{ID: "b", Type: "boolean"}, {ID: "d", Type: "date"}, {ID: "ts", Type: "timestamp"}, {ID: "j", Type: "nested"},
			{ID: "tags", Type: "text[]"}, {ID: "t", Type: "text", Info: map[string]any{"label": "ชื่อ"}},
		}, Records: []map[string]any{
			{"i": 7, "big": "9000000000", "n": "1.5", "f": 2.25, "b": true, "d": "2025-03-01", "ts": "2005-03-01 10:11:12",
				"j": map[string]any{"a": []any{1.0, "x"}}, "tags": []any{"ก", "b,\"c"}, "t": "สวัสดี"},
			{"i": "", "t": ""},
		}})
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.Search(ctx, SearchRequest{ResourceID: "types", RecordsFormat: FormatLists})
		if err != nil {
			t.Fatal(err)
		}
		want := `[[1,7,9000000000,1.5,2.25,true,"2025-03-01","2005-03-01T10:11:12",{"a":[1,"x"]},["ก","b,\"c"],"สวัสดี"],` +
			`[2,null,null,null,null,null,null,null,null,null,""]]`
		if got := mustJSON(t, res.Records); got != want {
			t.Fatalf("records\n got %s\nwant %s", got, want)
		}
		if got := mustJSON(t, res.Fields); !strings.Contains(got, `{"id":"big","type":"int8"}`) ||
			!strings.Contains(got, `{"id":"tags","type":"_text"}`) || !strings.Contains(got, `{"id":"j","type":"json"}`) ||
			!strings.Contains(got, `{"id":"t","type":"text","info":{"label":"ชื่อ"}}`) {
			t.Fatalf("fields %s", got)
		}
		// Filters on typed columns, lists, and csv records without header.
		res, err = s.Search(ctx, SearchRequest{ResourceID: "types", Filters: map[string]any{"i": []any{"7", 8}, "b": "true"},
			Fields: []string{"_id", "t", "tags"}, RecordsFormat: FormatCSV})
		if err != nil {
			t.Fatal(err)
		}
		if res.Records != "1,สวัสดี,\"[\"\"ก\"\",\"\"b,\\\"\"c\"\"]\"\n" {
			t.Fatalf("csv records %q", res.Records)
		}
	})
}

func TestCreateGuessesTypesAndValidates(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		_, err := s.Create(ctx, CreateRequest{ResourceID: "guess", Records: []map[string]any{
			{"a": "12", "b": "1.5", "c": "2020-01-02", "d": "hello", "e": map[string]any{"x": 1.0}, "f": 3.0},
		}})
		if err != nil {
			t.Fatal(err)
		}
		info, err := s.Info(ctx, "guess")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, f := range info.Fields {
			got[f.ID] = f.Type
		}
		deepEqual(t, "guessed types", got, map[string]string{"a": "int4", "b": "numeric", "c": "timestamp", "d": "text", "e": "json", "f": "int4"})

		cases := []struct {
			name        string
			req         CreateRequest
			field, text string
		}{
			{"leading underscore", CreateRequest{ResourceID: "v1", Fields: []Field{{ID: "_x"}}}, "fields", `"_x" is not a valid field name`},
			{"quote", CreateRequest{ResourceID: "v1", Fields: []Field{{ID: `a"b`}}}, "fields", `is not a valid field name`},
			{"whitespace", CreateRequest{ResourceID: "v1", Fields: []Field{{ID: " a"}}}, "fields", `is not a valid field name`},
			{"too long", CreateRequest{ResourceID: "v1", Fields: []Field{{ID: strings.Repeat("x", 64)}}}, "fields", `is not a valid field name`},
			{"bad type", CreateRequest{ResourceID: "v1", Fields: []Field{{ID: "a", Type: "blob"}}}, "fields", `"blob" is not a valid field type`},
			{"bad index", CreateRequest{ResourceID: "v1", Fields: []Field{{ID: "a"}}, Indexes: [][]string{{"zz"}}}, "index", `The field "zz" is not a valid column name.`},
			{"bad record", CreateRequest{ResourceID: "v1", Fields: []Field{{ID: "a", Type: "int"}}, Records: []map[string]any{{"a": "x"}}}, "records", `invalid input syntax for type integer`},
			{"bad id", CreateRequest{ResourceID: `x"; DROP TABLE y`, Fields: []Field{{ID: "a"}}}, "resource_id", "Not a valid resource id"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				_, err := s.Create(ctx, c.req)
				wantFieldErr(t, err, c.field, c.text)
				if ok, _ := s.Exists(ctx, "v1"); ok {
					t.Fatal("a failed create left a table")
				}
			})
		}
	})
}

func TestUpsertErrors(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		_, err := s.Create(ctx, CreateRequest{ResourceID: "up", Fields: []Field{{ID: "id", Type: "text"}, {ID: "n", Type: "int"}},
			PrimaryKey: []string{"id"}, Records: []map[string]any{{"id": "a", "n": 1}}})
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name        string
			req         UpsertRequest
			field, text string
		}{
			{"missing key", UpsertRequest{ResourceID: "up", Records: []map[string]any{{"n": 2}}}, "key", `fields "id" are missing`},
			{"unknown field", UpsertRequest{ResourceID: "up", Records: []map[string]any{{"id": "a", "dummy": 2}}}, "fields", `fields "dummy" do not exist`},
			{"duplicate insert", UpsertRequest{ResourceID: "up", Method: MethodInsert, Records: []map[string]any{{"id": "a", "n": 9}}}, "records", "duplicate key value violates unique constraint"},
			{"update unknown key", UpsertRequest{ResourceID: "up", Method: MethodUpdate, Records: []map[string]any{{"id": "zzz", "n": 9}}}, "key", `key "zzz" not found`},
			{"bad method", UpsertRequest{ResourceID: "up", Method: "merge"}, "method", "not a valid method"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) { wantFieldErr(t, s.Upsert(ctx, c.req), c.field, c.text) })
		}
		if err := s.Upsert(ctx, UpsertRequest{ResourceID: "nope", Records: []map[string]any{{"id": "a"}}}); !errors.Is(err, catalog.ErrNotFound) ||
			err.Error() != `Not found: Resource "nope" was not found.` {
			t.Fatalf("unknown resource: %v", err)
		}
		// upsert updates a, inserts b; update by _id; dry run changes nothing.
		if err := s.Upsert(ctx, UpsertRequest{ResourceID: "up", Records: []map[string]any{{"id": "a", "n": 5}, {"id": "b", "n": 6}}}); err != nil {
			t.Fatal(err)
		}
		// PostgreSQL's serial skips the id the failed duplicate insert drew, as in CKAN.
		found, err := s.Search(ctx, SearchRequest{ResourceID: "up", Filters: map[string]any{"id": "b"}})
		if err != nil {
			t.Fatal(err)
		}
		bID := found.Records.([]Record)[0].Get("_id")
		if err := s.Upsert(ctx, UpsertRequest{ResourceID: "up", Method: MethodUpdate, Records: []map[string]any{{"_id": bID, "n": 60}}}); err != nil {
			t.Fatal(err)
		}
		if err := s.Upsert(ctx, UpsertRequest{ResourceID: "up", DryRun: true, Records: []map[string]any{{"id": "c", "n": 7}}}); err != nil {
			t.Fatal(err)
		}
		res, err := s.Search(ctx, SearchRequest{ResourceID: "up", RecordsFormat: FormatLists, Fields: []string{"id", "n"}})
		if err != nil {
			t.Fatal(err)
		}
		if got := mustJSON(t, res.Records); got != `[["a",5],["b",60]]` {
			t.Fatalf("after upserts %s", got)
		}
	})
}

func TestSearchParameters(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		var recs []map[string]any
		for i := range 250 {
			recs = append(recs, map[string]any{"n": i, "g": []string{"x", "y", "z"}[i%3], "w": "word" + string(rune('a'+i%5))})
		}
		_, err := s.Create(ctx, CreateRequest{ResourceID: "many", Fields: []Field{{ID: "n", Type: "int"}, {ID: "g"}, {ID: "w"}},
			Records: recs, Aliases: []string{"many-alias"}})
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.Search(ctx, SearchRequest{ResourceID: "many-alias", Limit: ptr(50000), IncludeTotal: ptr(false)})
		if err != nil {
			t.Fatal(err)
		}
		if res.Limit != RowsMax || res.Total != nil || len(res.Records.([]Record)) != 250 {
			t.Fatalf("limit %d total %v n %d", res.Limit, res.Total, len(res.Records.([]Record)))
		}
		res, err = s.Search(ctx, SearchRequest{ResourceID: "many", Filters: map[string]any{"g": "y"}, Sort: []string{"n desc"},
			Limit: ptr(2), Offset: 1, Fields: []string{"n"}})
		if err != nil {
			t.Fatal(err)
		}
		if got := mustJSON(t, res.Records); got != `[{"n":244},{"n":241}]` || *res.Total != 83 {
			t.Fatalf("filtered %s total %d", got, *res.Total)
		}
		res, err = s.Search(ctx, SearchRequest{ResourceID: "many", Distinct: true, Fields: []string{"g"}, Sort: []string{`"g" desc nulls last`}})
		if err != nil {
			t.Fatal(err)
		}
		if got := mustJSON(t, res.Records); got != `[{"g":"z"},{"g":"y"},{"g":"x"}]` || *res.Total != 3 {
			t.Fatalf("distinct %s total %d", got, *res.Total)
		}
		res, err = s.Search(ctx, SearchRequest{ResourceID: "many", Q: "wordc", Limit: ptr(1)})
		if err != nil {
			t.Fatal(err)
		}
		if *res.Total != 50 || res.Fields[len(res.Fields)-1].ID != "rank" || res.Records.([]Record)[0].Get("w") != "wordc" {
			t.Fatalf("q: total %d fields %v recs %v", *res.Total, res.Fields, res.Records)
		}
		res, err = s.Search(ctx, SearchRequest{ResourceID: "many", QFields: map[string]string{"g": "z"}, Filters: map[string]any{"w": "worda"}})
		if err != nil {
			t.Fatal(err)
		}
		if *res.Total != 17 || res.Fields[len(res.Fields)-1].ID != "rank g" {
			t.Fatalf("q per field: total %d fields %v", *res.Total, res.Fields)
		}
		res, err = s.Search(ctx, SearchRequest{ResourceID: "many", Q: "worda | wordb", Plain: ptr(false), IncludeTotal: ptr(true)})
		if err != nil {
			t.Fatal(err)
		}
		if *res.Total != 100 {
			t.Fatalf("to_tsquery OR: %d", *res.Total)
		}
		errCases := []struct {
			name        string
			req         SearchRequest
			field, text string
		}{
			{"bad sort", SearchRequest{ResourceID: "many", Sort: []string{"füü asc"}}, "sort", `invalid value "füü asc"`},
			{"bad field", SearchRequest{ResourceID: "many", Fields: []string{"nope"}}, "fields", `invalid value "nope"`},
			{"bad filter", SearchRequest{ResourceID: "many", Filters: map[string]any{"nope": 1}}, "filters", `invalid value "nope"`},
			{"bad filter value", SearchRequest{ResourceID: "many", Filters: map[string]any{"n": "abc"}}, "filters", `invalid value "abc"`},
			{"bad q field", SearchRequest{ResourceID: "many", QFields: map[string]string{"nope": "x"}}, "q", `invalid value "nope"`},
			{"bad limit", SearchRequest{ResourceID: "many", Limit: ptr(-1)}, "limit", "natural number"},
		}
		for _, c := range errCases {
			t.Run(c.name, func(t *testing.T) {
				_, err := s.Search(ctx, c.req)
				wantFieldErr(t, err, c.field, c.text)
			})
		}
		if _, err := s.Search(ctx, SearchRequest{ResourceID: "missing"}); err == nil || err.Error() != `Not found: Resource "missing" was not found.` {
			t.Fatalf("missing: %v", err)
		}
	})
}

func TestThaiFullTextUsesSegmenter(t *testing.T) {
	// A fake segmenter that knows two Thai words; the stored text is what it returns, so
	// ยา (medicine) must not match inside ยาง (rubber).
	seg := func(text string) []string {
		var out []string
		for _, f := range strings.Fields(text) {
			for len(f) > 0 {
				switch {
				case strings.HasPrefix(f, "ยาง"):
					out, f = append(out, "ยาง"), f[len("ยาง"):]
				case strings.HasPrefix(f, "ยา"):
					out, f = append(out, "ยา"), f[len("ยา"):]
				case strings.HasPrefix(f, "ราคา"):
					out, f = append(out, "ราคา"), f[len("ราคา"):]
				default:
					out, f = append(out, f), ""
				}
			}
		}
		return out
	}
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			s := openStore(t, b, seg)
			ctx := context.Background()
			_, err := s.Create(ctx, CreateRequest{ResourceID: "thai", Fields: []Field{{ID: "name"}}, Records: []map[string]any{
				{"name": "ราคายาง"}, {"name": "ยาราคา"}, {"name": "ราคา"},
			}})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				q    string
				want string
			}{{"ยา", `[[2,"ยาราคา"]]`}, {"ยาง", `[[1,"ราคายาง"]]`}, {"ราคายา", `[[2,"ยาราคา"]]`}} {
				res, err := s.Search(ctx, SearchRequest{ResourceID: "thai", Q: c.q, RecordsFormat: FormatLists, Fields: []string{"_id", "name"}})
				if err != nil {
					t.Fatal(err)
				}
				if got := mustJSON(t, res.Records); got != c.want {
					t.Errorf("q=%s: got %s want %s", c.q, got, c.want)
				}
			}
			res, err := s.Search(ctx, SearchRequest{ResourceID: "thai", QFields: map[string]string{"name": "ยาง"}, RecordsFormat: FormatLists, Fields: []string{"_id"}})
			if err != nil {
				t.Fatal(err)
			}
			if got := mustJSON(t, res.Records); got != `[[1]]` {
				t.Errorf("per-field: %s", got)
			}
		})
	}
}

func TestDeleteAndInfo(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		createBooks(t, s)
		if _, err := s.Create(ctx, CreateRequest{ResourceID: bookID, Aliases: []string{"books"}, PrimaryKey: []string{"book"},
			Indexes: [][]string{{"author"}}}); err != nil {
			t.Fatal(err)
		}
		info, err := s.Info(ctx, "books")
		if err != nil {
			t.Fatal(err)
		}
		if info.Meta.Count != 2 || info.Meta.ID != bookID || mustJSON(t, info.Meta.Aliases) != `["books"]` ||
			info.Meta.TableType != "BASE TABLE" || len(info.Fields) != 2 || !info.Fields[0].Schema.UniqueKey || !info.Fields[1].Schema.IsIndex {
			t.Fatalf("info %s", mustJSON(t, info))
		}
		if info.Meta.DBSize <= 0 {
			t.Fatalf("db_size %d", info.Meta.DBSize)
		}
		tables, err := s.Tables(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := mustJSON(t, tables); got != `[{"name":"`+bookID+`"},{"name":"books","alias_of":"`+bookID+`"}]` {
			t.Fatalf("tables %s", got)
		}
		// A second resource cannot take the alias.
		_, err = s.Create(ctx, CreateRequest{ResourceID: "other", Fields: []Field{{ID: "a"}}, Aliases: []string{"books"}})
		wantFieldErr(t, err, "alias", `The alias "books" already exists.`)

		if err := s.DeleteRecords(ctx, bookID, nil); err == nil {
			t.Fatal("records_delete without filters must fail")
		}
		if err := s.Delete(ctx, "books", map[string]any{"book": "annakarenina"}); err != nil {
			t.Fatal(err)
		}
		res, err := s.Search(ctx, SearchRequest{ResourceID: bookID, Q: "annakarenina"})
		if err != nil {
			t.Fatal(err)
		}
		if *res.Total != 0 {
			t.Fatal("deleted row still found by full text")
		}
		if err := s.DeleteRecords(ctx, bookID, map[string]any{}); err != nil {
			t.Fatal(err)
		}
		if info, _ := s.Info(ctx, bookID); info == nil || info.Meta.Count != 0 {
			t.Fatal("records_delete {} must empty the table and keep it")
		}
		if err := s.Delete(ctx, bookID, nil); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{bookID, "books"} {
			if ok, err := s.Exists(ctx, id); ok || err != nil {
				t.Fatalf("%s exists after drop: %v %v", id, ok, err)
			}
		}
	})
}

func TestCreateAltersTable(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		createBooks(t, s)
		if _, err := s.Create(ctx, CreateRequest{ResourceID: bookID, Fields: []Field{{ID: "book"}, {ID: "year", Type: "int"}},
			DeleteFields: true, Records: []map[string]any{{"book": "resurrection", "year": 1899}}}); err != nil {
			t.Fatal(err)
		}
		res, err := s.Search(ctx, SearchRequest{ResourceID: bookID, RecordsFormat: FormatLists})
		if err != nil {
			t.Fatal(err)
		}
		if got := mustJSON(t, res.Records); got != `[[1,"annakarenina",null],[2,"warandpeace",null],[3,"resurrection",1899]]` {
			t.Fatalf("after alter %s", got)
		}
		// Full text covers the new column and forgets the dropped one.
		for q, want := range map[string]int64{"1899": 1, "tolstoy": 0, "warandpeace": 1} {
			r, err := s.Search(ctx, SearchRequest{ResourceID: bookID, Q: q})
			if err != nil {
				t.Fatal(err)
			}
			if *r.Total != want {
				t.Errorf("q=%s total %d want %d", q, *r.Total, want)
			}
		}
		_, err = s.Create(ctx, CreateRequest{ResourceID: bookID, Fields: []Field{{ID: "year", Type: "text"}}})
		wantFieldErr(t, err, "fields", "type cannot be changed")
	})
}

func TestDumpFormats(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		createBooks(t, s)
		dump := func(o DumpOptions) string {
			t.Helper()
			var b bytes.Buffer
			if err := s.Dump(ctx, &b, bookID, o); err != nil {
				t.Fatal(err)
			}
			return b.String()
		}
		cases := []struct {
			name string
			opts DumpOptions
			want string
		}{
			{"csv", DumpOptions{Fields: []string{"_id", "book"}}, "_id,book\r\n1,annakarenina\n2,warandpeace\n"},
			{"bom", DumpOptions{Fields: []string{"_id", "book"}, BOM: true}, "\ufeff_id,book\r\n1,annakarenina\n2,warandpeace\n"},
			{"tsv", DumpOptions{Format: DumpTSV, Limit: 1}, "_id\tbook\tauthor\r\n1\tannakarenina\ttolstoy\n"},
			{"json", DumpOptions{Format: DumpJSON, Offset: 1},
				`{"fields":[{"id":"_id","type":"int"},{"id":"book","type":"text"},{"id":"author","type":"text"}],"records":[[2,"warandpeace","tolstoy"]]}` + "\n"},
			{"xml", DumpOptions{Format: DumpXML, Filters: map[string]any{"book": "warandpeace"}},
				"<data xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n<row _id=\"2\"><book>warandpeace</book><author>tolstoy</author></row>\n</data>\n"},
			{"sort q", DumpOptions{Q: "tolstoy", Sort: []string{"book desc"}, Fields: []string{"book"}}, "book\r\nwarandpeace\nannakarenina\n"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				if got := dump(c.opts); got != c.want {
					t.Fatalf("got %q\nwant %q", got, c.want)
				}
			})
		}
		// Quoting: NULL is empty, "" is quoted, separators and quotes are escaped; XML nil and nesting.
		_, err := s.Create(ctx, CreateRequest{ResourceID: "q", Fields: []Field{{ID: "a"}, {ID: "b b"}, {ID: "j", Type: "json"}},
			Records: []map[string]any{{"a": "", "b b": "x,\"y\"", "j": map[string]any{"k": []any{"v"}}}, {"a": nil, "b b": "<&>"}}})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := s.Dump(ctx, &b, "q", DumpOptions{}); err != nil {
			t.Fatal(err)
		}
		if want := "_id,a,b b,j\r\n1,\"\",\"x,\"\"y\"\"\",\"{\"\"k\"\":[\"\"v\"\"]}\"\n2,,<&>,\n"; b.String() != want {
			t.Fatalf("csv quoting %q", b.String())
		}
		b.Reset()
		if err := s.Dump(ctx, &b, "q", DumpOptions{Format: DumpXML}); err != nil {
			t.Fatal(err)
		}
		want := "<data xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n" +
			"<row _id=\"1\"><a></a><value key=\"b b\">x,&quot;y&quot;</value><j><value key=\"k\"><value key=\"0\">v</value></value></j></row>\n" +
			"<row _id=\"2\"><a xsi:nil=\"true\" /><value key=\"b b\">&lt;&amp;&gt;</value><j xsi:nil=\"true\" /></row>\n</data>\n"
		if b.String() != want {
			t.Fatalf("xml\n got %q\nwant %q", b.String(), want)
		}
		if err := s.Dump(ctx, &b, "nope", DumpOptions{}); !errors.Is(err, catalog.ErrNotFound) {
			t.Fatalf("dump unknown: %v", err)
		}
	})
}
