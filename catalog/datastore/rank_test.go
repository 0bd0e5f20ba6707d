package datastore

import (
	"context"
	"database/sql/driver"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// TestRankLikeTsRank: a full-text q ranks rows by how often the query's words occur in
// them, with ts_rank's formula and no IDF, on both backends. On SQLite khlang_rank counts
// the occurrences; the PostgreSQL backend's tsvector keeps each word once, so there every
// matching row ranks like a row holding each word once. Per-field q counts only that
// column's words.
func TestRankLikeTsRank(t *testing.T) {
	once := tsRank([]int32{1}, 1) // one word, once: 0.1/ζ(2), then r/(r+1)
	if math.Abs(once-0.0573087) > 1e-6 {
		t.Fatalf("tsRank of one occurrence = %v, want ts_rank's 0.0573087", once)
	}
	rows := []struct{ a, b string }{
		{"mango", "farm"},                        // 1: mango once
		{"mango mango mango", "farm"},            // 2: mango three times
		{"mango mango", "farm mango"},            // 3: mango three times over two columns
		{"banana", "mango farm"},                 // 4: mango once, in b
		{"banana", "farm"},                       // 5: no mango
		{"mango durian", "durian durian"},        // 6: mango once, durian three times
		{"durian durian", "mango mango mango x"}, // 7: mango three times in b, durian twice
		{"mango", "mango mango mango mango"},     // 8: mango five times
	}
	var recs []map[string]any
	for _, r := range rows {
		recs = append(recs, map[string]any{"a": r.a, "b": r.b})
	}
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		if _, err := s.Create(ctx, CreateRequest{ResourceID: "rank", Fields: []Field{{ID: "a", Type: "text"}, {ID: "b", Type: "text"}},
			Records: recs}); err != nil {
			t.Fatal(err)
		}
		search := func(req SearchRequest) ([]int64, []float64) {
			t.Helper()
			req.ResourceID = "rank"
			res, err := s.Search(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			var ranks []float64
			for _, r := range res.Records.([]Record) {
				ids = append(ids, r.Get("_id").(int64))
				for _, k := range r.Keys {
					if strings.HasPrefix(k, "rank") {
						ranks = append(ranks, r.Get(k).(float64))
					}
				}
			}
			return ids, ranks
		}
		ids, ranks := search(SearchRequest{Q: "mango"})
		if s.pg {
			// No frequencies in the tsvector: equal ranks, _id order.
			deepEqual(t, "pg ids", ids, []int64{1, 2, 3, 4, 6, 7, 8})
			for _, r := range ranks {
				if math.Abs(r-once) > 1e-6 {
					t.Fatalf("pg rank %v, want %v", r, once)
				}
			}
		} else {
			deepEqual(t, "ids", ids, []int64{8, 2, 3, 7, 1, 4, 6})
			want := []float64{tsRank([]int32{5}, 1), tsRank([]int32{3}, 1), tsRank([]int32{3}, 1), tsRank([]int32{3}, 1), once, once, once}
			for i := range want {
				if math.Abs(ranks[i]-want[i]) > 1e-12 {
					t.Fatalf("rank %d = %v, want %v (all %v)", i, ranks[i], want[i], ranks)
				}
			}
		}
		// Two words: each word's occurrences count, averaged over the words.
		ids, ranks = search(SearchRequest{Q: "durian mango"})
		if s.pg {
			deepEqual(t, "pg two words", ids, []int64{6, 7})
		} else {
			deepEqual(t, "two words", ids, []int64{7, 6})
			if !(ranks[0] > ranks[1]) || math.Abs(ranks[1]-tsRank([]int32{1, 3}, 2)) > 1e-12 {
				t.Fatalf("two-word ranks %v", ranks)
			}
		}
		// Per field: only b's occurrences count.
		ids, ranks = search(SearchRequest{QFields: map[string]string{"b": "mango"}})
		if s.pg {
			deepEqual(t, "pg per field", ids, []int64{3, 4, 7, 8})
		} else {
			deepEqual(t, "per field", ids, []int64{8, 7, 3, 4})
			want := []float64{tsRank([]int32{4}, 1), tsRank([]int32{3}, 1), once, once}
			for i := range want {
				if math.Abs(ranks[i]-want[i]) > 1e-12 {
					t.Fatalf("per-field rank %d = %v, want %v", i, ranks[i], want[i])
				}
			}
		}
		for _, r := range ranks {
			if r <= 0 || r >= 1 {
				t.Fatalf("rank %v outside (0, 1)", r)
			}
		}
	})
}

// TestRankOnEveryConnection: every pooled connection ranks (the function is registered
// when a connection opens, not once), also while the collector runs and under -race.
func TestRankOnEveryConnection(t *testing.T) {
	s := openStore(t, backend{name: "sqlite", dsn: func(t testing.TB) string { return t.TempDir() + "/ds.db" }}, nil)
	ctx := context.Background()
	var recs []map[string]any
	for i := range 300 {
		recs = append(recs, map[string]any{"w": fmt.Sprintf("alpha beta%d %s", i%7, strings.Repeat("alpha ", i%4))})
	}
	if _, err := s.Create(ctx, CreateRequest{ResourceID: "conns", Fields: []Field{{ID: "w", Type: "text"}}, Records: recs}); err != nil {
		t.Fatal(err)
	}
	// Hold connections open so the pool must make several.
	var held []interface{ Close() error }
	for range 4 {
		c, err := s.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
	}
	for _, c := range held {
		_ = c.Close()
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 30 {
				if i%10 == 0 {
					runtime.GC()
				}
				res, err := s.Search(ctx, SearchRequest{ResourceID: "conns", Q: fmt.Sprintf("alpha beta%d", (g+i)%7), Limit: ptr(5)})
				if err != nil {
					errs <- err
					return
				}
				recs := res.Records.([]Record)
				if len(recs) == 0 || *res.Total == 0 {
					errs <- fmt.Errorf("no match")
					return
				}
				for j := 1; j < len(recs); j++ {
					if recs[j-1].Get("rank").(float64) < recs[j].Get("rank").(float64) {
						errs <- fmt.Errorf("ranks out of order: %v", recs)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n := s.db.Stats().OpenConnections; n < 2 {
		t.Fatalf("only %d connections opened", n)
	}
}

type notSQLiteConn struct{ driver.Conn }

func (notSQLiteConn) Close() error { return nil }

// TestRankRegistrationFailsClearly: a connection whose handle cannot be found is refused
// with an error naming the function, not used without it.
func TestRankRegistrationFailsClearly(t *testing.T) {
	for _, c := range []driver.Conn{notSQLiteConn{}, &notSQLiteConn{}, nil} {
		if err := registerRank(c); err == nil {
			t.Fatalf("%T: registered without a SQLite handle", c)
		}
	}
	_, err := rankConnector{drv: failingDriver{}, dsn: "x"}.Connect(context.Background())
	if err == nil || !strings.Contains(err.Error(), RankFunction) {
		t.Fatalf("connect: %v", err)
	}
}

type failingDriver struct{}

func (failingDriver) Open(string) (driver.Conn, error) { return &notSQLiteConn{}, nil }
