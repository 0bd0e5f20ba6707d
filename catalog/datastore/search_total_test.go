package datastore

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestRankedTotalInOnePass: a ranked q of several words reads its page and its total
// from one FTS5 query on SQLite; pages, totals and ranks equal those of the same search
// answered the general way (an explicit sort and a separate count), including pages past
// the end, limit 0, no match and include_total false.
func TestRankedTotalInOnePass(t *testing.T) {
	var data strings.Builder
	data.WriteString("region,note\n")
	for i := range 400 {
		note := "plain"
		switch {
		case i%7 == 0:
			note = "durian orchard " + strings.Repeat("long ", i%5)
		case i%3 == 0:
			note = "durian " + strings.Repeat("word ", i%9)
		case i%5 == 0:
			note = "orchard only"
		}
		fmt.Fprintf(&data, "r%d,%s row%d\n", i%4, note, i)
	}
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		if _, err := s.Load(ctx, "ranked2", strings.NewReader(data.String()), "t.csv", LoadOptions{}); err != nil {
			t.Fatal(err)
		}
		m, err := s.resolveMeta(ctx, "ranked2")
		if err != nil {
			t.Fatal(err)
		}
		q, err := s.build(m, SearchRequest{ResourceID: "ranked2", Q: "durian orchard"})
		if err != nil {
			t.Fatal(err)
		}
		q.countTop = true
		if got := strings.Count(q.sql(10, 0), "MATCH"); !s.pg && (q.terms != 2 || got != 1) {
			t.Fatalf("one pass: %d terms, %d MATCH in %s", q.terms, got, q.sql(10, 0))
		}
		for _, tc := range []struct {
			q             string
			limit, offset int
			noTotal       bool
			fields        []string
			format        string
			total         int64
		}{
			{q: "durian orchard", limit: 10, total: 58},
			{q: "durian orchard", limit: 25, offset: 30, total: 58},
			{q: "durian orchard", limit: 1000, total: 58},
			{q: "durian orchard", limit: 5, offset: 500, total: 58},
			{q: "durian orchard", limit: 0, total: 58},
			{q: "durian orchard", limit: 7, offset: 3, fields: []string{"note", "rank", "_id"}, total: 58},
			{q: "durian orchard", limit: 20, format: FormatLists, total: 58},
			{q: "durian orchard", limit: 20, fields: []string{"region"}, format: FormatCSV, total: 58},
			{q: "durian orchard", limit: 10, noTotal: true},
			{q: "orchard long long", limit: 10, total: 46},
			{q: "durian nowhere", limit: 10, total: 0},
			{q: "durian nowhere", limit: 10, offset: 20, total: 0},
		} {
			req := SearchRequest{ResourceID: "ranked2", Q: tc.q, Limit: ptr(tc.limit), Offset: tc.offset, Fields: tc.fields,
				RecordsFormat: tc.format}
			if tc.noTotal {
				req.IncludeTotal = ptr(false)
			}
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
			switch {
			case tc.noTotal && got.Total != nil:
				t.Fatalf("%+v: total %d without include_total", tc, *got.Total)
			case !tc.noTotal && (got.Total == nil || *got.Total != tc.total || *got.TotalWasEstimated):
				t.Fatalf("%+v: total %v, want %d", tc, mustJSON(t, got.Total), tc.total)
			}
		}
	})
}

// TestTotalEstimationThreshold: with total_estimation_threshold a filtered total is exact
// while at most that many rows match and, on PostgreSQL, the planner's estimate (flagged
// total_was_estimated) above it; SQLite has no per-value statistics and stays exact.
func TestTotalEstimationThreshold(t *testing.T) {
	var data strings.Builder
	data.WriteString("region,note\n")
	for i := range 400 {
		note := "plain"
		if i%2 == 0 {
			note = "durian"
		}
		fmt.Fprintf(&data, "r%d,%s\n", i%4, note)
	}
	each(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		if _, err := s.Load(ctx, "est", strings.NewReader(data.String()), "t.csv", LoadOptions{}); err != nil {
			t.Fatal(err)
		}
		if s.pg {
			// Loads analyse only large tables themselves.
			if _, err := s.db.ExecContext(ctx, `ANALYZE datastore."est"`); err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range []struct {
			filters   map[string]any
			q         string
			threshold *int
			exact     int64
			estimated bool // on PostgreSQL
		}{
			{filters: map[string]any{"region": "r1"}, exact: 100},
			{filters: map[string]any{"region": "r1"}, threshold: ptr(50), exact: 100, estimated: true},
			{filters: map[string]any{"region": "r1"}, threshold: ptr(0), exact: 100, estimated: true},
			{filters: map[string]any{"region": "r1"}, threshold: ptr(100), exact: 100},
			{filters: map[string]any{"region": "r1"}, threshold: ptr(5000), exact: 100},
			{filters: map[string]any{"region": "r1"}, threshold: ptr(math.MaxInt), exact: 100},
			{filters: map[string]any{"region": []any{"r1", "r2"}}, threshold: ptr(10), exact: 200, estimated: true},
			{filters: map[string]any{"region": "r9"}, threshold: ptr(0), exact: 0},
			{filters: map[string]any{"region": "r2"}, q: "durian", threshold: ptr(10), exact: 100, estimated: true},
			{filters: map[string]any{"region": "r1"}, q: "durian", threshold: ptr(10), exact: 0},
		} {
			res, err := s.Search(ctx, SearchRequest{ResourceID: "est", Filters: tc.filters, Q: tc.q, Limit: ptr(1),
				TotalEstimationThreshold: tc.threshold})
			if err != nil {
				t.Fatal(err)
			}
			got, est := *res.Total, *res.TotalWasEstimated
			switch {
			case est != (tc.estimated && s.pg):
				t.Fatalf("%+v: total_was_estimated %v (total %d)", tc, est, got)
			case !est && got != tc.exact:
				t.Fatalf("%+v: exact total %d, want %d", tc, got, tc.exact)
			case est && (got <= int64(*tc.threshold) || got < tc.exact/2 || got > tc.exact*2):
				// The statistics of a fully sampled table put the estimate near the count.
				t.Fatalf("%+v: estimate %d, count %d", tc, got, tc.exact)
			}
		}
	})
}
