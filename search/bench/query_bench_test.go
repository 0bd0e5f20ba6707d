package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"testing"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/search"
)

// BenchmarkQueries runs each query class of `khlang bench search` on Khlang's index of a
// seeded synthetic catalog of 30,000 datasets (KHLANG_BENCH_QUERY_DATASETS to change
// it), built once for all classes, and reports the CPU time per query beside the wall
// time (CPU time tells a change apart on a machine others load). Every class runs under
// a profiler label, so one profile of all of them can be split:
//
//	go test ./search/bench -run '^$' -bench Queries -cpuprofile cpu.out
//	go tool pprof -top -tagfocus 'class=common term' search/bench.test cpu.out
//
// With KHLANG_BENCH_QUERY_DIR the index is kept in that directory (one per size) and
// reused by later runs: a 1M build takes a quarter of an hour.
func BenchmarkQueries(b *testing.B) {
	ctx := context.Background()
	e, c := queryEngine(ctx, b)
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

// queryEngine builds Khlang's index of the query benchmarks' corpus (30,000 datasets,
// KHLANG_BENCH_QUERY_DATASETS to change it) in a temporary directory, or, with
// KHLANG_BENCH_QUERY_DIR, reopens the one an earlier run built there (its columns from
// the snapshot Close wrote), building it when absent. A marker written after a complete
// build and close tells a finished index from an interrupted one.
func queryEngine(ctx context.Context, b *testing.B) (*khlangEngine, *corpus) {
	c, err := newCorpus(benchSize(b, "KHLANG_BENCH_QUERY_DATASETS", 30000), 1)
	if err != nil {
		b.Fatal(err)
	}
	e, err := openQueryEngine(ctx, b, c)
	if err != nil {
		b.Fatal(err)
	}
	return e, c
}

func openQueryEngine(ctx context.Context, b *testing.B, c *corpus) (*khlangEngine, error) {
	dir := os.Getenv("KHLANG_BENCH_QUERY_DIR")
	if dir == "" {
		e := newKhlang(b.TempDir())
		_, err := e.build(ctx, c, catalog.Progress(nil))
		return e, err
	}
	dir = filepath.Join(dir, fmt.Sprintf("n%d-seed%d", c.n, c.seed))
	marker := filepath.Join(dir, "complete")
	e := newKhlang(dir)
	if _, err := os.Stat(marker); err == nil {
		ix, err := search.Open(e.path, nil)
		if err != nil {
			return nil, err
		}
		// Columns come from the snapshot; a store is needed only when it is missing,
		// which the marker rules out.
		if err := ix.Prepare(ctx, nil); err != nil {
			_ = ix.Close()
			return nil, err
		}
		e.ix = ix
		// The queries are drawn from the corpus's statistics, gathered by a full pass.
		if err := c.each(ctx, "count", catalog.Progress(nil), func([]*catalog.Dataset) error { return nil }); err != nil {
			_ = ix.Close()
			return nil, err
		}
		return e, nil
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if _, err := e.build(ctx, c, catalog.Progress(nil)); err != nil {
		return nil, err
	}
	if err := e.close(ctx); err != nil {
		return nil, err
	}
	if err := os.WriteFile(marker, nil, 0o644); err != nil {
		return nil, err
	}
	return openQueryEngine(ctx, b, c)
}
