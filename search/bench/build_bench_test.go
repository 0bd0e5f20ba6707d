package bench

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/search"
)

// BenchmarkIndexBuild builds Khlang's index from a seeded synthetic catalog of 10,000
// datasets (KHLANG_BENCH_BUILD_DATASETS to change it) per iteration, through
// IndexDatasets and a final Flush as the bench does, and reports the build rate, the CPU
// time and the peak RSS (which includes the corpus, held in memory so that generating it
// stays out of the timing). Profile it with -cpuprofile / -memprofile:
//
//	go test ./search/bench -run '^$' -bench IndexBuild -benchtime 1x -cpuprofile cpu.out
func BenchmarkIndexBuild(b *testing.B) {
	n := benchSize(b, "KHLANG_BENCH_BUILD_DATASETS", 10000)
	ctx := context.Background()
	c, err := newCorpus(n, 1)
	if err != nil {
		b.Fatal(err)
	}
	var ds []*catalog.Dataset
	if err := c.each(ctx, "generate", nil, func(batch []*catalog.Dataset) error {
		ds = append(ds, batch...)
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	alloc0 := ms.TotalAlloc
	cpu0 := cpuTime(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix, err := search.Open(filepath.Join(b.TempDir(), "ix"), nil)
		if err != nil {
			b.Fatal(err)
		}
		if err := ix.IndexDatasets(ctx, ds); err != nil {
			b.Fatal(err)
		}
		if err := ix.Flush(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if got, err := ix.DocCount(); err != nil || got != uint64(n) {
			b.Fatalf("doc count %d, %v; want %d", got, err, n)
		}
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "datasets/s")
	// CPU seconds tell a change apart on a machine others load; wall time does not.
	b.ReportMetric((cpuTime(b)-cpu0).Seconds()/float64(b.N), "cpu-s/op")
	// Bytes allocated per dataset hardly depend on the machine's load, and the garbage
	// collector's share of a build follows them.
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.TotalAlloc-alloc0)/float64(n*b.N)/1024, "alloc-KiB/dataset")
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MiB")
	}
}

// cpuTime is the process's user and system CPU time so far (the build's analysis, the
// merger and the persister run on goroutines of their own).
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchSize is the number of datasets the environment variable env asks for, or def.
func benchSize(b *testing.B, env string, def int) int {
	v := os.Getenv(env)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		b.Fatalf("%s=%q: want a positive number", env, v)
	}
	return n
}
