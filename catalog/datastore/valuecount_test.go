package datastore

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestValueCountTotals: the total of a search filtered by an indexed text column equals
// a count of the rows after every kind of write (insert, update of the column, upsert of
// a NULL, deletes by filter, a failed write, a dry run, a field added, a reload), on both
// backends; on SQLite it is read from the kept counts, not counted, wherever the column
// is counted, and tables without counts (an int column, a table indexed by an older
// version) are still counted exactly.
func TestValueCountTotals(t *testing.T) {
	const id = "vc-regions"
	var data strings.Builder
	data.WriteString("region,n\n")
	for i := range 300 {
		region := fmt.Sprintf("r%d", i%4)
		if i%10 == 0 {
			region = "" // NULL
		}
		fmt.Fprintf(&data, "%s,%d\n", region, i%7)
	}
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		if _, err := s.Load(ctx, id, strings.NewReader(data.String()), "t.csv", LoadOptions{}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Create(ctx, CreateRequest{ResourceID: id, Indexes: [][]string{{"region"}, {"n"}}}); err != nil {
			t.Fatal(err)
		}
		// check compares every filter's total with a count of the table; read says whether
		// SQLite must answer the region filters from the counts.
		check := func(step string, read bool) {
			t.Helper()
			for _, f := range []map[string]any{
				{"region": "r0"}, {"region": "r1"}, {"region": "r3"}, {"region": "missing"},
				{"region": []any{"r0", "r2", "r0"}}, {"region": nil}, {"n": 3},
			} {
				// limit 0 reads the total alone; a page carries it with its rows.
				res, err := s.Search(ctx, SearchRequest{ResourceID: id, Filters: f, Limit: ptr(0)})
				if err != nil {
					t.Fatalf("%s: %v: %v", step, f, err)
				}
				page, err := s.Search(ctx, SearchRequest{ResourceID: id, Filters: f, Limit: ptr(5), RecordsFormat: FormatLists})
				if err != nil {
					t.Fatalf("%s: %v: %v", step, f, err)
				}
				a := s.newArgs()
				where, err := s.filterClause(&tableMeta{ID: id, Fields: res.Fields[1:]}, f, a, "")
				if err != nil {
					t.Fatal(err)
				}
				var want int64
				if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM "+s.tbl(id)+" WHERE "+where, a.vals...).Scan(&want); err != nil {
					t.Fatal(err)
				}
				if *res.Total != want || *page.Total != want {
					t.Errorf("%s: filters %v: totals %d and %d, %d rows match", step, f, *res.Total, *page.Total, want)
				}
				recs := page.Records.([][]any)
				if int64(len(recs)) != min(want, 5) {
					t.Errorf("%s: filters %v: %d rows in a page of 5, %d match", step, f, len(recs), want)
				}
				for _, r := range recs {
					if len(r) != len(page.Fields) {
						t.Fatalf("%s: filters %v: row %v for fields %v", step, f, r, page.Fields)
					}
				}
				m, err := s.resolveMeta(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				q, err := s.build(m, SearchRequest{ResourceID: id, Filters: f})
				if err != nil {
					t.Fatal(err)
				}
				_, used, err := s.countedTotal(ctx, q, SearchRequest{ResourceID: id, Filters: f})
				if err != nil {
					t.Fatal(err)
				}
				_, isRegion := f["region"]
				if wantUsed := read && !s.pg && isRegion && f["region"] != nil; used != wantUsed {
					t.Errorf("%s: filters %v: counts read %v, want %v", step, f, used, wantUsed)
				}
			}
		}
		check("indexed", true)
		steps := []struct {
			name string
			req  UpsertRequest
			fail bool
		}{
			{"insert", UpsertRequest{ResourceID: id, Method: MethodInsert, Records: []map[string]any{
				{"region": "r0", "n": 1}, {"region": "r9", "n": 2}, {"region": nil, "n": 3}}}, false},
			{"update column", UpsertRequest{ResourceID: id, Method: MethodUpdate, Records: []map[string]any{
				{"_id": 2, "region": "r0"}, {"_id": 3, "region": nil}, {"_id": 11, "region": "r3"}}}, false},
			{"update other column", UpsertRequest{ResourceID: id, Method: MethodUpdate, Records: []map[string]any{
				{"_id": 4, "n": 6}}}, false},
			{"failed write", UpsertRequest{ResourceID: id, Method: MethodInsert, Records: []map[string]any{
				{"region": "r1", "n": 1}, {"region": "r1", "n": "not a number"}}}, true},
			{"dry run", UpsertRequest{ResourceID: id, Method: MethodInsert, DryRun: true, Records: []map[string]any{
				{"region": "r1", "n": 1}}}, false},
		}
		for _, st := range steps {
			err := s.Upsert(ctx, st.req)
			if (err != nil) != st.fail {
				t.Fatalf("%s: %v", st.name, err)
			}
			check(st.name, true)
		}
		if err := s.DeleteRecords(ctx, id, map[string]any{"region": "r1"}); err != nil {
			t.Fatal(err)
		}
		check("delete by the column", true)
		if err := s.DeleteRecords(ctx, id, map[string]any{"n": []any{2, 5}}); err != nil {
			t.Fatal(err)
		}
		check("delete by another column", true)
		if _, err := s.Create(ctx, CreateRequest{ResourceID: id, Fields: []Field{{ID: "region", Type: TypeText},
			{ID: "n", Type: TypeInt}, {ID: "extra", Type: TypeText}}}); err != nil {
			t.Fatal(err)
		}
		check("field added", true)
		if !s.pg {
			// A table indexed by an older version has an index but no counts: counted.
			if _, err := s.db.ExecContext(ctx, `DELETE FROM "_ds_counted" WHERE tbl = ?`, id); err != nil {
				t.Fatal(err)
			}
			check("no counts", false)
			if _, err := s.Create(ctx, CreateRequest{ResourceID: id, Indexes: [][]string{{"region"}}}); err != nil {
				t.Fatal(err)
			}
			check("indexed again", true)
		}
		if _, err := s.Load(ctx, id, strings.NewReader(data.String()), "t.csv", LoadOptions{}); err != nil {
			t.Fatal(err)
		}
		check("reloaded", false)
		if !s.pg {
			var n int
			if err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM "_ds_value_counts" WHERE tbl = ?) + `+
				`(SELECT count(*) FROM "_ds_counted" WHERE tbl = ?)`, id, id).Scan(&n); err != nil || n != 0 {
				t.Fatalf("after a reload %d count rows remain (%v)", n, err)
			}
			if _, err := s.Create(ctx, CreateRequest{ResourceID: id, Indexes: [][]string{{"region"}}}); err != nil {
				t.Fatal(err)
			}
			check("reloaded and indexed", true)
			if err := s.Delete(ctx, id, nil); err != nil {
				t.Fatal(err)
			}
			if err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM "_ds_value_counts" WHERE tbl = ?) + `+
				`(SELECT count(*) FROM "_ds_counted" WHERE tbl = ?)`, id, id).Scan(&n); err != nil || n != 0 {
				t.Fatalf("after a drop %d count rows remain (%v)", n, err)
			}
		}
	})
}
