package datastore

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/khlang/khlang/catalog"
)

// TestMetaCacheAcrossProcesses: a search reuses cached table metadata on SQLite, and
// every change another process makes (a second Store on the same file, with its own
// cache) is seen by the next search: fields added, rows written (the total), an alias
// moved, a table dropped and made again with other fields, a load replacing the table.
// Each step is checked on a page with rows and on one without (the version is then read
// on its own).
func TestMetaCacheAcrossProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "datastore.db")
	open := func() *Store {
		s, err := Open(context.Background(), path, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.Close() })
		return s
	}
	server, other := open(), open()
	ctx := context.Background()
	mustCreate := func(s *Store, req CreateRequest) {
		t.Helper()
		if _, err := s.Create(ctx, req); err != nil {
			t.Fatal(err)
		}
	}
	search := func(req SearchRequest) *SearchResult {
		t.Helper()
		res, err := server.Search(ctx, req)
		if err != nil {
			t.Fatalf("search %+v: %v", req, err)
		}
		return res
	}
	fieldIDs := func(res *SearchResult) (ids []string) {
		for _, f := range res.Fields {
			ids = append(ids, f.ID)
		}
		return ids
	}
	mustCreate(other, CreateRequest{ResourceID: "t1", Fields: []Field{{ID: "a", Type: "text"}},
		Records: []map[string]any{{"a": "x"}, {"a": "y"}}, Aliases: []string{"al"}})
	mustCreate(other, CreateRequest{ResourceID: "t2", Fields: []Field{{ID: "b", Type: "int"}}, Records: []map[string]any{{"b": 7}}})

	res := search(SearchRequest{ResourceID: "al"})
	deepEqual(t, "fields", fieldIDs(res), []string{"_id", "a"})
	if _, _, cached, err := server.searchMeta(ctx, "al", true); err != nil || !cached {
		t.Fatalf("second lookup not cached (%v)", err)
	}
	// Cached and unchanged: same answer.
	deepEqual(t, "cached fields", fieldIDs(search(SearchRequest{ResourceID: "al"})), []string{"_id", "a"})

	// A field added elsewhere: a filter on it is valid now.
	mustCreate(other, CreateRequest{ResourceID: "t1", Fields: []Field{{ID: "a", Type: "text"}, {ID: "c", Type: "int"}},
		Records: []map[string]any{{"a": "z", "c": 3}}})
	res = search(SearchRequest{ResourceID: "al", Filters: map[string]any{"c": 3}})
	deepEqual(t, "added field", fieldIDs(res), []string{"_id", "a", "c"})
	if *res.Total != 1 {
		t.Fatalf("total %d", *res.Total)
	}
	// Rows written elsewhere: an unfiltered total is not the cached row count.
	for _, n := range []int64{3, 4} {
		if n == 4 {
			if err := other.Upsert(ctx, UpsertRequest{ResourceID: "t1", Method: MethodInsert, Records: []map[string]any{{"a": "w"}}}); err != nil {
				t.Fatal(err)
			}
		}
		if res := search(SearchRequest{ResourceID: "al"}); *res.Total != n {
			t.Fatalf("total %d, want %d", *res.Total, n)
		}
	}
	// A page without rows still notices a change.
	if res := search(SearchRequest{ResourceID: "al", Filters: map[string]any{"a": "none"}}); *res.Total != 0 {
		t.Fatalf("empty page total %d", *res.Total)
	}
	mustCreate(other, CreateRequest{ResourceID: "t1", Aliases: []string{}})
	mustCreate(other, CreateRequest{ResourceID: "t2", Aliases: []string{"al"}})
	res = search(SearchRequest{ResourceID: "al", Filters: map[string]any{"b": 8}})
	if res.ResourceID != "t2" || *res.Total != 0 {
		t.Fatalf("moved alias, empty page: %s %d", res.ResourceID, *res.Total)
	}
	deepEqual(t, "moved alias", fieldIDs(search(SearchRequest{ResourceID: "al"})), []string{"_id", "b"})

	// Dropped elsewhere, then made again with other fields.
	search(SearchRequest{ResourceID: "t1"})
	if err := other.Delete(ctx, "t1", nil); err != nil {
		t.Fatal(err)
	}
	var nf *catalog.NotFoundError
	if _, err := server.Search(ctx, SearchRequest{ResourceID: "t1"}); !errors.As(err, &nf) {
		t.Fatalf("dropped table: %v", err)
	}
	search(SearchRequest{ResourceID: "t2"})
	if err := other.Delete(ctx, "t2", nil); err != nil {
		t.Fatal(err)
	}
	mustCreate(other, CreateRequest{ResourceID: "t2", Fields: []Field{{ID: "d", Type: "text"}}, Records: []map[string]any{{"d": "p"}}})
	res = search(SearchRequest{ResourceID: "t2", Q: "p"})
	deepEqual(t, "made again", fieldIDs(res), []string{"_id", "d", "rank"})

	// A load elsewhere replaces the table.
	search(SearchRequest{ResourceID: "t2"})
	if _, err := other.Load(ctx, "t2", strings.NewReader("e,f\n1,2\n3,4\n5,6\n"), "t.csv", LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	res = search(SearchRequest{ResourceID: "t2"})
	if got := fieldIDs(res); len(got) != 3 || got[1] != "e" || *res.Total != 3 {
		t.Fatalf("after load: %v total %d", got, *res.Total)
	}

	// Changes that would not make a search on stale metadata fail, only answer wrongly.
	// The same columns loaded again with more rows: the unfiltered total is the row count
	// the load recorded.
	if _, err := other.Load(ctx, "t2", strings.NewReader("e,f\n1,2\n3,4\n5,6\n7,8\n9,0\n"), "t.csv", LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	if res := search(SearchRequest{ResourceID: "t2"}); *res.Total != 5 {
		t.Fatalf("reloaded, total %d", *res.Total)
	}
	// A field's label changed.
	mustCreate(other, CreateRequest{ResourceID: "t2", Fields: []Field{{ID: "e", Type: "int", Info: map[string]any{"label": "อี"}},
		{ID: "f", Type: "int"}}})
	if res := search(SearchRequest{ResourceID: "t2"}); res.Fields[1].Info["label"] != "อี" {
		t.Fatalf("label: %v", res.Fields[1].Info)
	}
	// An alias moved between tables of the same columns, with and without rows.
	mustCreate(other, CreateRequest{ResourceID: "t3", Fields: []Field{{ID: "e", Type: "int"}, {ID: "f", Type: "int"}},
		Records: []map[string]any{{"e": 100, "f": 1}}, Aliases: []string{"same"}})
	mustCreate(other, CreateRequest{ResourceID: "t4", Fields: []Field{{ID: "e", Type: "int"}, {ID: "f", Type: "int"}},
		Records: []map[string]any{{"e": 200, "f": 2}}})
	for _, target := range []string{"t3", "t4", "t3"} {
		mustCreate(other, CreateRequest{ResourceID: map[string]string{"t3": "t4", "t4": "t3"}[target], Aliases: []string{}})
		mustCreate(other, CreateRequest{ResourceID: target, Aliases: []string{"same"}})
		res := search(SearchRequest{ResourceID: "same"})
		if res.ResourceID != target || len(res.Records.([]Record)) != 1 {
			t.Fatalf("alias to %s: %s %v", target, res.ResourceID, res.Records)
		}
		res = search(SearchRequest{ResourceID: "same", Filters: map[string]any{"f": 9}})
		if res.ResourceID != target {
			t.Fatalf("alias to %s, empty page: %s", target, res.ResourceID)
		}
	}
}
