package bench

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/khlang/khlang/catalog/catalogtest"
)

// TestRunSmall runs the whole benchmark on a tiny table: every class is reported with its
// ratio, and Run itself fails when the engine and the direct SQL disagree on rows or totals.
func TestRunSmall(t *testing.T) {
	var out bytes.Buffer
	opts := Options{Rows: 3000, Seed: 7, Dir: t.TempDir(), Queries: 6}
	if admin := os.Getenv("KHLANG_TEST_POSTGRES"); admin != "" {
		opts.PostgresDSN = catalogtest.NewPostgresDB(t, admin) // a fresh database of its own
	}
	if err := Run(context.Background(), opts, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	text := out.String()
	for _, want := range []string{"load: 3000 rows", "VmHWM", "equality filter", "full-text q", "page without filters", "ratio50", "HTTP"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	ratioRe := regexp.MustCompile(`\d+\.\d\dx +\d+\.\d\dx`)
	for _, class := range []string{"equality filter", "full-text q", "page without filters"} {
		for _, line := range strings.Split(text, "\n") {
			if strings.HasPrefix(line, class) || strings.Contains(line, " "+class) {
				if !ratioRe.MatchString(line) {
					t.Errorf("no engine/direct ratio on %q", line)
				}
			}
		}
	}
	t.Log("\n" + text)
}

// TestEngineMatchesDirect checks, call by call, that the engine and the direct SQL return
// the same rows and totals for every class, and that the classes return rows at all.
func TestEngineMatchesDirect(t *testing.T) {
	opts := Options{Rows: 2000, Seed: 3, Dir: t.TempDir(), Queries: 4}
	lr, res, err := runBackend(context.Background(), opts, opts.Dir+"/datastore.db")
	if err != nil {
		t.Fatal(err)
	}
	if lr.rows != 2000 {
		t.Fatalf("loaded %d rows", lr.rows)
	}
	if len(res) != 4 {
		t.Fatalf("want 4 classes, got %d", len(res))
	}
	for _, c := range res {
		if c.engineRows != c.dirRows || c.engineTotal != c.dirTotl {
			t.Fatalf("%s: engine %d/%d direct %d/%d", c.name, c.engineRows, c.engineTotal, c.dirRows, c.dirTotl)
		}
		if strings.HasPrefix(c.name, "selective") {
			// A product in one province: at 2,000 rows it may match nothing; it must
			// never match more than a common word does.
			if c.engineTotal > 20 {
				t.Fatalf("%s is not selective: %d of 2000 rows", c.name, c.engineTotal)
			}
			continue
		}
		if c.engineRows == 0 || c.engineTotal <= 0 {
			t.Fatalf("%s returned nothing (%d rows, total %d)", c.name, c.engineRows, c.engineTotal)
		}
		if len(c.engine) != 4 || len(c.direct) != 4 {
			t.Fatalf("%s: %d/%d timings", c.name, len(c.engine), len(c.direct))
		}
	}
}

// TestGeneratorSeeded: the same seed gives the same table, and the selective word is rare
// but present.
func TestGeneratorSeeded(t *testing.T) {
	var a, b bytes.Buffer
	if err := newGenerator(9).write(&a, 5000); err != nil {
		t.Fatal(err)
	}
	if err := newGenerator(9).write(&b, 5000); err != nil {
		t.Fatal(err)
	}
	if a.String() != b.String() {
		t.Fatal("same seed, different tables")
	}
	recs, err := csv.NewReader(bytes.NewReader(a.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 5001 || len(recs[0]) != 8 {
		t.Fatalf("got %d rows of %d columns", len(recs), len(recs[0]))
	}
	hits := 0
	for _, r := range recs[1:] {
		if strings.Contains(r[3], SelectiveWord) {
			hits++
		}
	}
	if hits == 0 || hits > 5000/20 {
		t.Fatalf("selective word in %d of 5000 rows", hits)
	}
}
