//go:build khlang_ab

package bench

import (
	"context"
	"testing"
	"time"

	"github.com/khlang/khlang/search"
)

// BenchmarkQueriesAB runs each query class with the postings path and with Bleve's
// searchers alternately, query by query, in one process, and reports the CPU time per
// query of each and their ratio (a comparison that load on a shared machine hits alike),
// and the wall time of each.
//
//	KHLANG_BENCH_QUERY_DIR=/tmp/idx KHLANG_BENCH_QUERY_DATASETS=200000 \
//	  go test -tags khlang_ab ./search/bench -run '^$' -bench QueriesAB -benchtime 40x
func BenchmarkQueriesAB(b *testing.B) {
	ctx := context.Background()
	e, c := queryEngine(ctx, b)
	defer e.close(ctx)
	defer search.SetPostingScores(true)
	queries := c.queries(20)
	for ci, cl := range classes {
		if cl.browse {
			continue // no text query
		}
		qs := queries[ci]
		b.Run(cl.name, func(b *testing.B) {
			for _, on := range []bool{false, true} { // warm-up
				search.SetPostingScores(on)
				for _, q := range qs {
					if _, err := e.search(ctx, q); err != nil {
						b.Fatal(err)
					}
				}
			}
			var spent, wall [2]time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for m, on := range []bool{false, true} {
					search.SetPostingScores(on)
					t, w := cpuTime(b), time.Now()
					if _, err := e.search(ctx, qs[i%len(qs)]); err != nil {
						b.Fatal(err)
					}
					spent[m] += cpuTime(b) - t
					wall[m] += time.Since(w)
				}
			}
			b.StopTimer()
			per := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(b.N) }
			b.ReportMetric(per(spent[0]), "bleve-cpu-ms/op")
			b.ReportMetric(per(spent[1]), "postings-cpu-ms/op")
			b.ReportMetric(float64(spent[1])/float64(spent[0]), "postings/bleve")
			b.ReportMetric(per(wall[0]), "bleve-ms/op")
			b.ReportMetric(per(wall[1]), "postings-ms/op")
		})
	}
}
