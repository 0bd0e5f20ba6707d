// Package bench is `khlang bench search`: it generates a seeded synthetic catalog (Thai
// and English titles and notes, tags, organizations, groups, formats, licenses), loads
// it into Khlang's search index and into the two engines a user would otherwise pick —
// PostgreSQL full-text search (GIN tsvector) and SQLite FTS5, each tuned — and runs the
// same query classes on all three in one process, interleaved, so that machine noise hits
// them alike. It prints p50/p99 per class and engine, the Khlang/PostgreSQL and
// Khlang/SQLite ratios, and per engine the build rate, the size on disk and the peak
// memory of the build.
//
// Every engine computes the same thing for a query: the number of matches, the first 20
// (by relevance, or by metadata_modified for browse) and the top 50 values of CKAN's
// five facets (organization, groups, tags, res_format, license_id). The run checks that
// the engines agree on every count and facet count, which is what makes the ratios
// honest, and prints the outcome.
//
// PostgreSQL and SQLite do not segment Thai, so the text they index and search is
// pre-segmented by search/thai (words joined by spaces); Khlang's own analyzer does the
// same segmentation inside the index. The English vocabulary is made of pseudo-words the
// Porter stemmer leaves alone, so Khlang's stemming and the baselines' unstemmed
// `simple`/`unicode61` tokenizers match the same datasets.
package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/khlang/khlang/catalog"
)

// Options configure a benchmark run.
type Options struct {
	// Datasets is the size of the synthetic catalog; 0 means 100,000.
	Datasets int
	// Seed makes the catalog and the queries; the same seed gives the same run.
	Seed uint64
	// PostgresDSN is an administrative DSN of a PostgreSQL server (for example
	// postgres://postgres@127.0.0.1:5432/postgres). A fresh database is created for the
	// run and dropped at its end. Empty leaves PostgreSQL out.
	PostgresDSN string
	// Dir is the scratch folder for the Khlang index and the SQLite file (a subfolder is
	// created and removed); empty means the system's temporary folder.
	Dir string
	// Queries is how many timed executions each query class gets, each with its own term
	// drawn from the class's pool; 0 means 100. Every query also runs once, untimed, as
	// a warm-up.
	Queries int
	// Progress receives the stages of the run (building each engine, querying).
	Progress catalog.Progress
	// Engines selects engines by name (EngineKhlang, EnginePostgres, EngineSQLite). Nil
	// means all three, or Khlang and SQLite when PostgresDSN is empty.
	Engines []string
}

// Defaults of Options.
const (
	DefaultDatasets = 100_000
	DefaultQueries  = 100
)

// Run runs the benchmark and writes its report, an aligned text table, to w.
// It fails when an engine fails to build or answer; disagreement between the engines
// on a count is reported in the table, not as an error.
func Run(ctx context.Context, opts Options, w io.Writer) error {
	rep, err := run(ctx, opts)
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, rep.String())
	return err
}

// engineStats is what the run measured for one engine.
type engineStats struct {
	build       time.Duration
	size        int64
	mem         memory // after the build; peak is the build's
	backendPeak int64  // PostgreSQL: the loading backend's VmHWM
	samples     [][]time.Duration
}

// report is a finished run.
type report struct {
	opts      Options
	started   time.Time
	elapsed   time.Duration
	engines   []engine
	stats     []*engineStats
	queries   [][]*query    // by class
	results   [][][]*result // by class, query, engine
	queryPeak memory        // peak while querying (all engines open)
	hits      []float64     // mean count per class (first engine)
}

func (o Options) withDefaults() (Options, error) {
	if o.Datasets == 0 {
		o.Datasets = DefaultDatasets
	}
	if o.Queries == 0 {
		o.Queries = DefaultQueries
	}
	if o.Datasets < 0 || o.Queries < 0 {
		return o, errors.New("bench: datasets and queries must be positive")
	}
	if o.Engines == nil {
		o.Engines = []string{EngineKhlang, EngineSQLite}
		if o.PostgresDSN != "" {
			o.Engines = append(o.Engines, EnginePostgres)
		}
	}
	seen := map[string]bool{}
	for _, e := range o.Engines {
		switch e {
		case EngineKhlang, EngineSQLite:
		case EnginePostgres:
			if o.PostgresDSN == "" {
				return o, errors.New("bench: the postgres engine needs a PostgreSQL DSN")
			}
		default:
			return o, fmt.Errorf("bench: unknown engine %q (want %s, %s or %s)", e, EngineKhlang, EnginePostgres, EngineSQLite)
		}
		if seen[e] {
			return o, fmt.Errorf("bench: engine %q named twice", e)
		}
		seen[e] = true
	}
	if len(o.Engines) == 0 {
		return o, errors.New("bench: no engine selected")
	}
	return o, nil
}

// run builds every engine, runs the queries and returns what it measured.
func run(ctx context.Context, opts Options) (rep *report, err error) {
	opts, err = opts.withDefaults()
	if err != nil {
		return nil, err
	}
	rep = &report{opts: opts, started: time.Now()}
	base := opts.Dir
	if base == "" {
		base = os.TempDir()
	}
	dir, err := os.MkdirTemp(base, "khlang-bench-")
	if err != nil {
		return nil, fmt.Errorf("bench scratch folder: %w", err)
	}
	defer func() {
		for _, e := range rep.engines {
			if cerr := e.close(context.WithoutCancel(ctx)); cerr != nil && err == nil {
				err = cerr
			}
		}
		if rerr := os.RemoveAll(dir); rerr != nil && err == nil {
			err = fmt.Errorf("remove bench scratch folder: %w", rerr)
		}
	}()

	c, err := newCorpus(opts.Datasets, opts.Seed)
	if err != nil {
		return rep, err
	}
	// Khlang builds last: its index stays open (its columns live in memory), and building
	// it after the others keeps its memory out of their peaks.
	order := slices.Clone(opts.Engines)
	slices.SortStableFunc(order, func(a, b string) int {
		return boolInt(a == EngineKhlang) - boolInt(b == EngineKhlang)
	})
	for _, name := range order {
		var e engine
		switch name {
		case EngineKhlang:
			e = newKhlang(dir)
		case EngineSQLite:
			e = newSQLite(dir)
		case EnginePostgres:
			e = newPostgres(opts.PostgresDSN)
		}
		rep.engines = append(rep.engines, e)
		resetPeak()
		st := &engineStats{}
		if st.build, err = e.build(ctx, c, opts.Progress); err != nil {
			return rep, fmt.Errorf("build %s: %w", e.name(), err)
		}
		st.mem = readMemory()
		if pg, ok := e.(*postgresEngine); ok {
			st.backendPeak = pg.backendPeak
		}
		rep.stats = append(rep.stats, st)
	}
	// Report Khlang first, then the others in the order asked for.
	idx := make([]int, len(rep.engines))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		return boolInt(rep.engines[b].name() == EngineKhlang) - boolInt(rep.engines[a].name() == EngineKhlang)
	})
	engines, stats := rep.engines, rep.stats
	rep.engines, rep.stats = nil, nil
	for _, i := range idx {
		rep.engines, rep.stats = append(rep.engines, engines[i]), append(rep.stats, stats[i])
	}
	for i, e := range rep.engines {
		if err := e.open(ctx); err != nil {
			return rep, fmt.Errorf("open %s: %w", e.name(), err)
		}
		if rep.stats[i].size, err = e.size(ctx); err != nil {
			return rep, err
		}
	}

	rep.queries = c.queries(opts.Queries)
	total := 2 * len(classes) * opts.Queries
	done := 0
	resetPeak()
	// The warm-up pass: every query once on every engine, untimed.
	for _, qs := range rep.queries {
		for _, q := range qs {
			for _, e := range rep.engines {
				if _, err := e.search(ctx, q); err != nil {
					return rep, err
				}
			}
			done++
			opts.Progress.Report("queries", done, total)
		}
	}
	for _, st := range rep.stats {
		st.samples = make([][]time.Duration, len(classes))
	}
	rep.results = make([][][]*result, len(classes))
	// The timed pass, interleaved: each query runs on every engine before the next.
	for ci, qs := range rep.queries {
		for _, q := range qs {
			row := make([]*result, len(rep.engines))
			for ei, e := range rep.engines {
				t := time.Now()
				res, err := e.search(ctx, q)
				d := time.Since(t)
				if err != nil {
					return rep, err
				}
				rep.stats[ei].samples[ci] = append(rep.stats[ei].samples[ci], d)
				row[ei] = res
			}
			rep.results[ci] = append(rep.results[ci], row)
			done++
			opts.Progress.Report("queries", done, total)
		}
	}
	rep.queryPeak = readMemory()
	for ci := range classes {
		sum := 0
		for _, row := range rep.results[ci] {
			sum += row[0].count
		}
		rep.hits = append(rep.hits, float64(sum)/float64(max(len(rep.results[ci]), 1)))
	}
	for i, e := range rep.engines {
		if rep.stats[i].size, err = e.size(ctx); err != nil {
			return rep, err
		}
	}
	rep.elapsed = time.Since(rep.started)
	return rep, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// disagreements lists every query on which an engine's count, facet counts or (for
// browse, where the order is fully determined) first page differ from the first
// engine's.
func (r *report) disagreements() []string {
	var out []string
	for ci, cl := range classes {
		for qi, row := range r.results[ci] {
			ref := row[0]
			for ei := 1; ei < len(row); ei++ {
				got := row[ei]
				what := ""
				switch {
				case got.count != ref.count:
					what = fmt.Sprintf("count %d, %s %d", got.count, r.engines[0].name(), ref.count)
				case cl.browse && !slices.Equal(got.ids, ref.ids):
					what = "first page differs"
				case cl.facets:
					for fi, f := range facetFields {
						if a, b := facetCounts(got.facets[fi]), facetCounts(ref.facets[fi]); !slices.Equal(a, b) {
							what = fmt.Sprintf("facet %s counts %v, %s %v", f, head(a), r.engines[0].name(), head(b))
							break
						}
					}
				}
				if what != "" {
					out = append(out, fmt.Sprintf("%s #%d: q=%q fq=%v: %s %s", cl.name, qi, r.queries[ci][qi].q,
						r.queries[ci][qi].fq, r.engines[ei].name(), what))
				}
			}
		}
	}
	return out
}

func facetCounts(vs []facetValue) []int {
	out := make([]int, len(vs))
	for i, v := range vs {
		out[i] = v.count
	}
	return out
}

func head(s []int) []int { return s[:min(len(s), 8)] }

// String renders the report as the tables `khlang bench search` prints.
func (r *report) String() string {
	var b strings.Builder
	o := r.opts
	fmt.Fprintf(&b, "khlang bench search: %d datasets, seed %d, %d queries per class (timed, after one untimed warm-up pass), engines interleaved per query\n",
		o.Datasets, o.Seed, o.Queries)
	fmt.Fprintf(&b, "machine: %d CPUs, %s/%s, %s; run took %s\n", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH,
		runtime.Version(), r.elapsed.Round(time.Second))
	b.WriteString("corpus: Thai titles and notes, English titles and notes (30k-word Zipf vocabulary), 2-8 tags of 3,000, 1 of 1,000 organizations, 0-2 of 60 groups, 1-4 of 25 formats, 1 of 12 licenses\n")
	b.WriteString("every query: count + first 20 (relevance; browse: metadata_modified desc) + top 50 of organization, groups, tags, res_format, license_id where \"+5 facets\"\n")
	for _, e := range r.engines {
		fmt.Fprintf(&b, "  %s\n", e.describe())
	}
	b.WriteString("PostgreSQL and SQLite index and search Thai text pre-segmented by search/thai.Segment (words joined by spaces), so they see words; Khlang segments inside its analyzer.\n\n")

	// Latency table.
	ki := r.engineIndex(EngineKhlang)
	header := []string{"query class (ms, p50 / p99)", "hits"}
	for _, e := range r.engines {
		header = append(header, e.name())
	}
	var ratioTo []int
	if ki >= 0 {
		for ei, e := range r.engines {
			if ei != ki {
				ratioTo = append(ratioTo, ei)
				header = append(header, EngineKhlang+"/"+e.name())
			}
		}
	}
	rows := [][]string{header}
	for ci, cl := range classes {
		row := []string{cl.name, strconv.FormatFloat(r.hits[ci], 'f', 0, 64)}
		for ei := range r.engines {
			s := r.stats[ei].samples[ci]
			row = append(row, ms(percentile(s, 50))+" / "+ms(percentile(s, 99)))
		}
		for _, ei := range ratioTo {
			k, s := r.stats[ki].samples[ci], r.stats[ei].samples[ci]
			row = append(row, ratio(percentile(k, 50), percentile(s, 50))+" / "+ratio(percentile(k, 99), percentile(s, 99)))
		}
		rows = append(rows, row)
	}
	writeTable(&b, rows)
	b.WriteString("\n")

	// Build table.
	rows = [][]string{{"engine", "build", "datasets/s", "size on disk", "peak RSS of build (VmHWM)", "RSS after build (anon / file)"}}
	for ei, e := range r.engines {
		st := r.stats[ei]
		rate := float64(o.Datasets) / st.build.Seconds()
		peak := mb(st.mem.peak)
		if st.backendPeak > 0 {
			peak += " (+ server backend " + mb(st.backendPeak) + ")"
		}
		rows = append(rows, []string{e.name(), st.build.Round(100 * time.Millisecond).String(),
			strconv.FormatFloat(rate, 'f', 0, 64), mb(st.size), peak, mb(st.mem.anon) + " / " + mb(st.mem.file)})
	}
	writeTable(&b, rows)
	fmt.Fprintf(&b, "build time excludes generating the corpus; it includes segmenting text for the SQL engines, loading, building indexes, and flushing to disk.\n")
	fmt.Fprintf(&b, "peak RSS of this process while querying (all engines open): %s (anon %s, file %s)\n",
		mb(r.queryPeak.peak), mb(r.queryPeak.anon), mb(r.queryPeak.file))

	// Agreement.
	if len(r.engines) > 1 {
		dis := r.disagreements()
		n := 0
		for _, qs := range r.queries {
			n += len(qs)
		}
		queries := map[string]bool{}
		for _, d := range dis {
			queries[d[:strings.Index(d, ":")]] = true
		}
		if len(dis) == 0 {
			fmt.Fprintf(&b, "agreement: all %d engines return the same count and facet counts on all %d queries (and the same first page for browse)\n", len(r.engines), n)
		} else {
			fmt.Fprintf(&b, "agreement: %d of %d queries DISAGREE between engines; the ratios are not comparable for those:\n", len(queries), n)
			for _, d := range dis[:min(len(dis), 10)] {
				fmt.Fprintf(&b, "  %s\n", d)
			}
		}
	}
	if ki >= 0 {
		r.writeTargets(&b, ki)
	}
	return b.String()
}

func (r *report) engineIndex(name string) int {
	for i, e := range r.engines {
		if e.name() == name {
			return i
		}
	}
	return -1
}

// writeTargets prints the targets for this corpus size (reported, not enforced).
func (r *report) writeTargets(b *strings.Builder, ki int) {
	st := r.stats[ki]
	large := r.opts.Datasets >= 500_000
	var lines []string
	check := func(ok bool, format string, args ...any) {
		mark := "met   "
		if !ok {
			mark = "MISSED"
		}
		lines = append(lines, mark+" "+fmt.Sprintf(format, args...))
	}
	p := func(ci int, q float64) time.Duration { return percentile(st.samples[ci], q) }
	if !large {
		for ci, cl := range classes {
			if cl.facets {
				check(p(ci, 50) <= 15*time.Millisecond && p(ci, 99) <= 60*time.Millisecond,
					"%s: p50 %s ≤ 15 ms, p99 %s ≤ 60 ms", cl.name, ms(p(ci, 50)), ms(p(ci, 99)))
			}
		}
	} else {
		check(p(0, 99) <= 100*time.Millisecond, "browse p99 %s ≤ 100 ms", ms(p(0, 99)))
		check(p(1, 50) <= 40*time.Millisecond && p(1, 99) <= 250*time.Millisecond,
			"common term +5 facets: p50 %s ≤ 40 ms, p99 %s ≤ 250 ms", ms(p(1, 50)), ms(p(1, 99)))
	}
	for ei, e := range r.engines {
		limit := map[string]float64{EnginePostgres: 0.5, EngineSQLite: 1.0}[e.name()]
		if ei == ki || limit == 0 {
			continue
		}
		worst, worstClass := 0.0, ""
		for ci, cl := range classes {
			x := float64(p(ci, 50)) / float64(percentile(r.stats[ei].samples[ci], 50))
			if x > worst {
				worst, worstClass = x, cl.name
			}
		}
		check(worst <= limit, "p50 vs %s ≤ %.1f× in every class: worst %.2f× (%s)", e.name(), limit, worst, worstClass)
	}
	rate := float64(r.opts.Datasets) / st.build.Seconds()
	if !large {
		check(rate >= 3000, "index build %.0f datasets/s ≥ 3,000", rate)
	} else {
		check(rate >= 2000, "index build %.0f datasets/s ≥ 2,000", rate)
		check(st.mem.peak <= 600e6, "index build peak RSS %s ≤ 600 MB", mb(st.mem.peak))
	}
	size := "100k"
	if large {
		size = "1M"
	}
	fmt.Fprintf(b, "targets (%s, 2 cores; reported, not enforced):\n", size)
	for _, l := range lines {
		fmt.Fprintf(b, "  %s\n", l)
	}
}

// writeTable writes rows aligned: the first column left, the others right.
func writeTable(b *strings.Builder, rows [][]string) {
	var width []int
	for _, row := range rows {
		for i, cell := range row {
			n := len([]rune(cell))
			if i >= len(width) {
				width = append(width, n)
			} else {
				width[i] = max(width[i], n)
			}
		}
	}
	for _, row := range rows {
		for i, cell := range row {
			pad := strings.Repeat(" ", width[i]-len([]rune(cell)))
			switch {
			case i == 0:
				b.WriteString(cell + pad)
			default:
				b.WriteString("   " + pad + cell)
			}
		}
		b.WriteString("\n")
	}
}
