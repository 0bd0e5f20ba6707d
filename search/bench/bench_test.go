package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// testEngines are the engines the tests run: Khlang and SQLite always, PostgreSQL when
// KHLANG_TEST_POSTGRES names a server (CI must provide one).
func testEngines(t *testing.T) ([]string, string) {
	t.Helper()
	dsn := os.Getenv("KHLANG_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but KHLANG_TEST_POSTGRES is not: the PostgreSQL baseline must run in CI")
		}
		t.Log("KHLANG_TEST_POSTGRES not set: PostgreSQL left out")
		return []string{EngineKhlang, EngineSQLite}, ""
	}
	return []string{EngineKhlang, EngineSQLite, EnginePostgres}, dsn
}

// TestEnginesAgree runs the whole benchmark on a tiny catalog and checks that every
// engine computes the same answer to every query: the same count, the same facet
// counts, and for browse the same first page. Without that the ratios would compare
// different work.
func TestEnginesAgree(t *testing.T) {
	engines, dsn := testEngines(t)
	const n = 300
	rep, err := run(context.Background(), Options{Datasets: n, Seed: 7, Queries: 3, Dir: t.TempDir(),
		PostgresDSN: dsn, Engines: engines})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.engines) != len(engines) {
		t.Fatalf("ran %d engines, want %d", len(rep.engines), len(engines))
	}
	if d := rep.disagreements(); len(d) > 0 {
		t.Fatalf("engines disagree on %d queries:\n%s", len(d), strings.Join(d, "\n"))
	}
	for ci, cl := range classes {
		if len(rep.results[ci]) != 3 {
			t.Fatalf("%s ran %d queries, want 3", cl.name, len(rep.results[ci]))
		}
		for qi, row := range rep.results[ci] {
			for ei, res := range row {
				name := rep.engines[ei].name()
				switch {
				case cl.browse && res.count != n:
					t.Errorf("%s: browse counts %d datasets, want %d", name, res.count, n)
				case cl.browse && len(res.ids) != resultRows:
					t.Errorf("%s: browse returned %d ids, want %d", name, len(res.ids), resultRows)
				case cl.name == "common term" && res.count < n/10:
					// A common term that matches almost nothing would make the agreement vacuous.
					t.Errorf("%s: common term %q matches only %d datasets", name, rep.queries[ci][qi].q, res.count)
				}
				if cl.browse {
					// Every dataset has one of the 12 licenses, all within the facet limit.
					total := 0
					for _, v := range res.facets[4] {
						total += v.count
					}
					if total != n {
						t.Errorf("%s: browse license_id facet sums to %d, want %d", name, total, n)
					}
				}
			}
		}
	}
	// Phrases and filters must find something, or their agreement proves nothing.
	for ci, cl := range classes {
		if (cl.phrase || cl.org) && rep.hits[ci] == 0 {
			t.Errorf("%s matched nothing in any query", cl.name)
		}
	}

	out := rep.String()
	for _, cl := range classes {
		if !strings.Contains(out, "\n"+cl.name+" ") {
			t.Errorf("output has no row for %q:\n%s", cl.name, out)
		}
	}
	for _, e := range engines[1:] {
		if !strings.Contains(out, "khlang/"+e) {
			t.Errorf("output has no khlang/%s ratio column:\n%s", e, out)
		}
	}
	for _, want := range []string{"datasets/s", "size on disk", "VmHWM", "pre-segmented", "agreement: all"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	t.Log("\n" + out)
}

// TestRunWritesReport checks the exported entry point end to end on the engines that
// need no server.
func TestRunWritesReport(t *testing.T) {
	var buf bytes.Buffer
	var stages []string
	err := Run(context.Background(), Options{Datasets: 120, Seed: 1, Queries: 2, Dir: t.TempDir(),
		Engines: []string{EngineKhlang, EngineSQLite},
		Progress: func(stage string, done, total int) {
			if len(stages) == 0 || stages[len(stages)-1] != stage {
				stages = append(stages, stage)
			}
		}}, &buf)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "khlang/sqlite") || !strings.Contains(buf.String(), "browse +5 facets") {
		t.Fatalf("report lacks the ratio column or a class row:\n%s", buf.String())
	}
	want := []string{"build sqlite", "build khlang", "queries"}
	if !reflect.DeepEqual(stages, want) {
		t.Errorf("progress stages %v, want %v", stages, want)
	}
	entries, err := os.ReadDir(t.TempDir())
	if err == nil && len(entries) != 0 {
		t.Errorf("scratch folder not emptied: %v", entries)
	}
}

func TestOptionsValidation(t *testing.T) {
	for _, o := range []Options{
		{Engines: []string{EnginePostgres}}, // no DSN
		{Engines: []string{"elastic"}},      // unknown
		{Engines: []string{}},               // none
		{Engines: []string{"khlang", "khlang"}},
		{Datasets: -1},
	} {
		if _, err := o.withDefaults(); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
	o, err := Options{}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if o.Datasets != DefaultDatasets || o.Queries != DefaultQueries ||
		!reflect.DeepEqual(o.Engines, []string{EngineKhlang, EngineSQLite}) {
		t.Errorf("defaults %+v", o)
	}
	o, _ = Options{PostgresDSN: "postgres://x"}.withDefaults()
	if !reflect.DeepEqual(o.Engines, []string{EngineKhlang, EngineSQLite, EnginePostgres}) {
		t.Errorf("with a DSN the default engines are %v", o.Engines)
	}
}

// TestCorpusDeterministic: the same seed gives the same catalog however it is streamed,
// which is what lets each engine load its own copy.
func TestCorpusDeterministic(t *testing.T) {
	a, err := newCorpus(50, 3)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := newCorpus(50, 3)
	other, _ := newCorpus(50, 4)
	if !reflect.DeepEqual(a.dataset(17, nil), b.dataset(17, nil)) {
		t.Error("dataset 17 differs between two corpora of the same seed")
	}
	if reflect.DeepEqual(a.dataset(17, nil).NotesEN, other.dataset(17, nil).NotesEN) {
		t.Error("dataset 17 is the same under another seed")
	}
	d := a.dataset(3, nil)
	if d.Organization == nil || len(d.Tags) < 2 || len(d.Resources) < 1 || d.Title == "" || d.NotesEN == "" {
		t.Errorf("dataset lacks parts: %+v", d)
	}
}

// TestBenchmarkRun runs the real benchmark when KHLANG_BENCH_DATASETS is set, until the
// CLI verb is at hand:
//
//	KHLANG_BENCH_DATASETS=100000 KHLANG_BENCH_QUERIES=100 \
//	  go test ./search/bench -run TestBenchmarkRun -timeout 0 -v
//
// It uses KHLANG_TEST_POSTGRES for PostgreSQL and KHLANG_BENCH_DIR as scratch folder.
func TestBenchmarkRun(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("KHLANG_BENCH_DATASETS"))
	if n == 0 {
		t.Skip("KHLANG_BENCH_DATASETS not set")
	}
	q, _ := strconv.Atoi(os.Getenv("KHLANG_BENCH_QUERIES"))
	seed, _ := strconv.ParseUint(os.Getenv("KHLANG_BENCH_SEED"), 10, 64)
	last := time.Now()
	err := Run(context.Background(), Options{Datasets: n, Queries: q, Seed: seed, Dir: os.Getenv("KHLANG_BENCH_DIR"),
		PostgresDSN: os.Getenv("KHLANG_TEST_POSTGRES"),
		Progress: func(stage string, done, total int) {
			if time.Since(last) > 10*time.Second || done == total {
				last = time.Now()
				fmt.Fprintf(os.Stderr, "%s %s: %d/%d\n", time.Now().Format("15:04:05"), stage, done, total)
			}
		}}, os.Stdout)
	if err != nil {
		t.Fatal(err)
	}
}
