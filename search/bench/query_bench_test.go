package bench

import (
	"context"
	"os"
	"runtime/pprof"
	"strconv"
	"testing"

	"github.com/khlang/khlang/catalog"
)

// BenchmarkQueries runs each query class of `khlang bench search` on Khlang's index of a
// seeded synthetic catalog of 30,000 datasets (KHLANG_BENCH_QUERY_DATASETS to change
// it), built once for all classes, and reports the CPU time per query beside the wall
// time (CPU time tells a change apart on a machine others load). Every class runs under
// a profiler label, so one profile of all of them can be split:
//
//	go test ./search/bench -run '^$' -bench Queries -cpuprofile cpu.out
//	go tool pprof -top -tagfocus 'class=common term' search/bench.test cpu.out
func BenchmarkQueries(b *testing.B) {
	n := 30000
	if v := os.Getenv("KHLANG_BENCH_QUERY_DATASETS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			b.Fatalf("KHLANG_BENCH_QUERY_DATASETS=%q: want a positive number", v)
		}
	}
	ctx := context.Background()
	c, err := newCorpus(n, 1)
	if err != nil {
		b.Fatal(err)
	}
	e := newKhlang(b.TempDir())
	if _, err := e.build(ctx, c, catalog.Progress(nil)); err != nil {
		b.Fatal(err)
	}
	defer e.close(ctx)
	queries := c.queries(20)
	for ci, cl := range classes {
		qs := queries[ci]
		b.Run(cl.name, func(b *testing.B) {
			for _, q := range qs { // warm-up: per-segment tables, sorted orders
				if _, err := e.search(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
			cpu0 := cpuTime(b)
			b.ResetTimer()
			// The label tells the classes apart in one profile: pprof -tagfocus 'class=...'.
			pprof.Do(ctx, pprof.Labels("class", cl.name), func(ctx context.Context) {
				for i := 0; i < b.N; i++ {
					if _, err := e.search(ctx, qs[i%len(qs)]); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.StopTimer()
			b.ReportMetric(float64((cpuTime(b)-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
}
