package datastore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/khlang/khlang/catalog"
)

// TestLoadStatusPersists: each load leaves its status (complete with the report, or
// error with the reason) in the database, where a store opened again finds it.
func TestLoadStatusPersists(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			dsn := b.dsn(t)
			s, err := Open(ctx, dsn, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			const good, bad = "res-good", "res-bad"
			if _, err := s.GetLoadStatus(ctx, good); !errors.Is(err, catalog.ErrNotFound) {
				t.Fatalf("status before any load: %v", err)
			}
			if _, err := s.Load(ctx, good, strings.NewReader("a,b\n1,x\n2,y\n3\n"), "t.csv", LoadOptions{}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Load(ctx, bad, strings.NewReader(""), "empty.csv", LoadOptions{}); err == nil {
				t.Fatal("an empty file loaded")
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			s, err = Open(ctx, dsn, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			st, err := s.GetLoadStatus(ctx, good)
			if err != nil {
				t.Fatal(err)
			}
			if st.Status != LoadComplete || st.Report == nil || st.Report.RowsLoaded != 2 || st.Report.RowsRejected != 1 ||
				st.Finished == nil || st.JobID == "" || st.LastUpdated.Before(st.Started) {
				t.Fatalf("good status = %+v", st)
			}
			if !slices.ContainsFunc(st.Logs, func(l LoadLogLine) bool {
				return l.Level == "WARNING" && strings.Contains(l.Message, "Line 4 rejected: expected 2 fields, found 1")
			}) {
				t.Fatalf("good status logs = %+v", st.Logs)
			}
			st, err = s.GetLoadStatus(ctx, bad)
			if err != nil {
				t.Fatal(err)
			}
			if st.Status != LoadError || !strings.Contains(st.Error, "the file has no rows") || st.Report != nil {
				t.Fatalf("bad status = %+v", st)
			}
			// A reload replaces the status.
			if _, err := s.Load(ctx, bad, strings.NewReader("a\n1\n"), "t.csv", LoadOptions{}); err != nil {
				t.Fatal(err)
			}
			if st, err = s.GetLoadStatus(ctx, bad); err != nil || st.Status != LoadComplete || st.Error != "" {
				t.Fatalf("status after reload = %+v, %v", st, err)
			}
		})
	}
}

// TestDropOrphans: Forget removes a resource's table, aliases and load status; DropOrphans
// does it for every table whose resource is gone and keeps the others.
func TestDropOrphans(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		createBooks(t, s)
		if _, err := s.Create(ctx, CreateRequest{ResourceID: bookID, Aliases: []string{"books"}}); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"keep-1", "gone-1", "gone-2"} {
			if _, err := s.Load(ctx, id, strings.NewReader("a\n1\n"), "t.csv", LoadOptions{}); err != nil {
				t.Fatal(err)
			}
		}
		// gone-3 only has a status: its load failed before a table existed.
		if _, err := s.Load(ctx, "gone-3", strings.NewReader(""), "t.csv", LoadOptions{}); err == nil {
			t.Fatal("an empty file loaded")
		}
		live := map[string]bool{"keep-1": true}
		fail := errors.New("catalog down")
		if _, err := s.DropOrphans(ctx, func(context.Context, string) (bool, error) { return false, fail }); !errors.Is(err, fail) {
			t.Fatalf("a failing lookup must stop the sweep: %v", err)
		}
		gone, err := s.DropOrphans(ctx, func(_ context.Context, id string) (bool, error) { return live[id], nil })
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(gone)
		if want := []string{bookID, "gone-1", "gone-2", "gone-3"}; !slices.Equal(gone, want) {
			t.Fatalf("dropped %v, want %v", gone, want)
		}
		for _, id := range gone {
			if ok, err := s.Exists(ctx, id); ok || err != nil {
				t.Fatalf("%s still exists (%v)", id, err)
			}
			if _, err := s.GetLoadStatus(ctx, id); !errors.Is(err, catalog.ErrNotFound) {
				t.Fatalf("%s status remains: %v", id, err)
			}
		}
		if ok, _ := s.Exists(ctx, "books"); ok {
			t.Fatal("the alias of a dropped table remains")
		}
		if _, err := s.Search(ctx, SearchRequest{ResourceID: "keep-1"}); err != nil {
			t.Fatalf("a live table was dropped: %v", err)
		}
		// Forgetting what is not there is not an error.
		if err := s.Forget(ctx, "never-was"); err != nil {
			t.Fatal(err)
		}
	})
}

// TestRankedQueryPages: a q-only search (ranked and paged on the full-text table before
// the rows are read) returns what the same search sorted explicitly by rank then _id
// returns, page by page, with the same total, in every records format and field list.
func TestRankedQueryPages(t *testing.T) {
	var data strings.Builder
	data.WriteString("region,note\n")
	for i := range 400 {
		note := "plain"
		switch {
		case i%7 == 0:
			note = "durian durian orchard " + strings.Repeat("long ", i%5)
		case i%3 == 0:
			note = "durian " + strings.Repeat("word ", i%9)
		}
		fmt.Fprintf(&data, "r%d,%s row%d\n", i%4, note, i)
	}
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		if _, err := s.Load(ctx, "ranked", strings.NewReader(data.String()), "t.csv", LoadOptions{}); err != nil {
			t.Fatal(err)
		}
		m, err := s.resolveMeta(ctx, "ranked")
		if err != nil {
			t.Fatal(err)
		}
		if q, err := s.build(m, SearchRequest{ResourceID: "ranked", Q: "durian"}); err != nil || (q.top != "") != !s.pg {
			t.Fatalf("ranked page on the full-text table: %q (%v)", q.top, err)
		}
		for _, tc := range []struct {
			limit, offset int
			fields        []string
			format        string
		}{
			{limit: 10}, {limit: 25, offset: 30}, {limit: 1000}, {limit: 5, offset: 500},
			{limit: 7, offset: 3, fields: []string{"note", "rank", "_id"}}, {limit: 20, format: FormatLists},
			{limit: 20, fields: []string{"region"}, format: FormatCSV},
		} {
			req := SearchRequest{ResourceID: "ranked", Q: "durian", Limit: ptr(tc.limit), Offset: tc.offset, Fields: tc.fields,
				RecordsFormat: tc.format}
			got, err := s.Search(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			req.Sort = []string{"rank desc", "_id"}
			want, err := s.Search(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := mustJSON(t, got), mustJSON(t, want); g != w {
				t.Fatalf("%+v:\n got %s\nwant %s", tc, g, w)
			}
			if *got.Total != 172 {
				t.Fatalf("total %d", *got.Total)
			}
		}
	})
}

// TestKeptRowCount: a load records its table's row count, which an unfiltered search
// reports as its total; any write that may change the rows clears it in its own
// transaction, and the total is then counted again, so it is always exact.
func TestKeptRowCount(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		const id = "counted"
		if _, err := s.Load(ctx, id, strings.NewReader("province,funds\nเชียงใหม่,2066\nลำปาง,900\nน่าน,12\n"), "t.csv", LoadOptions{}); err != nil {
			t.Fatal(err)
		}
		kept := func() *int64 {
			t.Helper()
			m, err := s.loadMeta(ctx, s.db, id)
			if err != nil {
				t.Fatal(err)
			}
			return m.RowCount
		}
		total := func(req SearchRequest) int64 {
			t.Helper()
			req.ResourceID = id
			res, err := s.Search(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			return *res.Total
		}
		if n := kept(); n == nil || *n != 3 {
			t.Fatalf("kept count after load = %v", n)
		}
		if n := total(SearchRequest{}); n != 3 {
			t.Fatalf("total %d", n)
		}
		// The kept count answers only unfiltered searches.
		if n := total(SearchRequest{Filters: map[string]any{"province": "น่าน"}}); n != 1 {
			t.Fatalf("filtered total %d", n)
		}
		// Keys, indexes and aliases leave the rows, and the count, as they are.
		if _, err := s.Create(ctx, CreateRequest{ResourceID: id, Indexes: [][]string{{"province"}}, Aliases: []string{"counted-alias"}}); err != nil {
			t.Fatal(err)
		}
		if n := kept(); n == nil || *n != 3 {
			t.Fatalf("kept count after indexing = %v", n)
		}
		steps := []struct {
			name  string
			write func() error
			want  int64
		}{
			{"insert", func() error {
				return s.Upsert(ctx, UpsertRequest{ResourceID: id, Method: MethodInsert, Records: []map[string]any{{"province": "แพร่", "funds": 5}}})
			}, 4},
			{"dry run", func() error {
				return s.Upsert(ctx, UpsertRequest{ResourceID: id, Method: MethodInsert, DryRun: true,
					Records: []map[string]any{{"province": "ตาก", "funds": 1}}})
			}, 4},
			{"delete rows", func() error {
				return s.DeleteRecords(ctx, id, map[string]any{"province": []any{"ลำปาง", "น่าน"}})
			}, 2},
			{"create with records", func() error {
				_, err := s.Create(ctx, CreateRequest{ResourceID: id, Records: []map[string]any{{"province": "ยะลา", "funds": 7}}})
				return err
			}, 3},
			{"delete all rows", func() error { return s.DeleteRecords(ctx, id, map[string]any{}) }, 0},
		}
		for _, st := range steps {
			if err := st.write(); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			if n := kept(); n != nil {
				t.Fatalf("%s left the kept count %d", st.name, *n)
			}
			if n := total(SearchRequest{}); n != st.want {
				t.Fatalf("after %s: total %d, want %d", st.name, n, st.want)
			}
		}
		// A new load counts again.
		if _, err := s.Load(ctx, id, strings.NewReader("a\n1\n2\n"), "t.csv", LoadOptions{}); err != nil {
			t.Fatal(err)
		}
		if n := kept(); n == nil || *n != 2 || total(SearchRequest{}) != 2 {
			t.Fatalf("kept count after reload = %v", n)
		}
	})
}

// TestOpenOlderFile: a DataStore file made before row counts and load statuses existed
// opens, gains them, and keeps its tables.
func TestOpenOlderFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "datastore.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TABLE "_ds_tables" (id TEXT PRIMARY KEY, fields TEXT NOT NULL, primary_key TEXT NOT NULL DEFAULT '[]', indexes TEXT NOT NULL DEFAULT '[]')`,
		`CREATE TABLE "_ds_aliases" (name TEXT PRIMARY KEY, resource_id TEXT NOT NULL)`,
		`CREATE TABLE "old" ("_id" INTEGER PRIMARY KEY, "a" TEXT)`,
		`CREATE VIRTUAL TABLE "old#fts" USING fts5(c0, tokenize = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'")`,
		`INSERT INTO "old" VALUES (1, 'ข้าว'), (2, 'ยาง')`,
		`INSERT INTO "old#fts" (rowid, c0) VALUES (1, 'ข้าว'), (2, 'ยาง')`,
		`INSERT INTO "_ds_tables" (id, fields) VALUES ('old', '[{"id":"a","type":"text"}]')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	for range 2 { // the second open finds everything made
		s, err := Open(ctx, path, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.Search(ctx, SearchRequest{ResourceID: "old", Q: "ยาง", Fields: []string{"a"}, RecordsFormat: FormatLists})
		if err != nil {
			t.Fatal(err)
		}
		if got := mustJSON(t, res.Records); got != `[["ยาง"]]` || *res.Total != 1 {
			t.Fatalf("old table: %s", got)
		}
		if res, err = s.Search(ctx, SearchRequest{ResourceID: "old"}); err != nil || *res.Total != 2 {
			t.Fatalf("old table total: %v %v", res, err)
		}
		if _, err := s.GetLoadStatus(ctx, "old"); !errors.Is(err, catalog.ErrNotFound) {
			t.Fatal(err)
		}
		s.Close()
	}
}

// cancellingReader cancels the load's context once its data has been read.
type cancellingReader struct {
	r      io.Reader
	cancel context.CancelFunc
}

func (c *cancellingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if errors.Is(err, io.EOF) {
		c.cancel()
	}
	return n, err
}

// TestCancelledLoad: a load whose context ends keeps the old table and records the error.
func TestCancelledLoad(t *testing.T) {
	each(t, func(t *testing.T, s *Store) {
		createBooks(t, s)
		var big strings.Builder
		big.WriteString("x,y\n")
		for i := range 50000 {
			fmt.Fprintf(&big, "%d,แถว %d\n", i, i)
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		_, err := s.Load(ctx, bookID, &cancellingReader{strings.NewReader(big.String()), cancel}, "x.csv", LoadOptions{})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("want a cancelled load, got %v", err)
		}
		bg := context.Background()
		res, err := s.Search(bg, SearchRequest{ResourceID: bookID, Fields: []string{"book"}, RecordsFormat: FormatLists})
		if err != nil {
			t.Fatal(err)
		}
		if got := mustJSON(t, res.Records); got != `[["annakarenina"],["warandpeace"]]` {
			t.Fatalf("old table changed: %s", got)
		}
		if st, err := s.GetLoadStatus(bg, bookID); err != nil || st.Status != LoadError || !strings.Contains(st.Error, "canceled") {
			t.Fatalf("status %+v, %v", st, err)
		}
	})
}
