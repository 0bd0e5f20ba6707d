package content

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"hash/fnv"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// label is a coded category with Thai and English labels.
type label struct {
	Code, TH, EN string
}

// seedBase is mixed into every generator so that changing it reshuffles the
// whole sample catalog at once.
const seedBase uint64 = 0x6b686c616e67 // "khlang"

// newRand returns a generator seeded from key alone, so each resource's
// values do not depend on which other resources were written before it.
func newRand(key string) *rand.Rand {
	h := fnv.New64a()
	_, _ = h.Write([]byte(key))
	return rand.New(rand.NewPCG(seedBase, h.Sum64()))
}

// csvOut wraps encoding/csv with a buffered writer and remembers the first
// error, so generators can write rows without checking each call.
type csvOut struct {
	bw  *bufio.Writer
	cw  *csv.Writer
	err error
}

func newCSV(w io.Writer, header ...string) *csvOut {
	bw := bufio.NewWriterSize(w, 64<<10)
	c := &csvOut{bw: bw, cw: csv.NewWriter(bw)}
	c.row(header...)
	return c
}

func (c *csvOut) row(fields ...string) {
	if c.err != nil {
		return
	}
	c.err = c.cw.Write(fields)
}

// close flushes everything and returns the first error met.
func (c *csvOut) close() error {
	if c.err != nil {
		return fmt.Errorf("write csv row: %w", c.err)
	}
	c.cw.Flush()
	if err := c.cw.Error(); err != nil {
		return fmt.Errorf("flush csv: %w", err)
	}
	if err := c.bw.Flush(); err != nil {
		return fmt.Errorf("flush csv: %w", err)
	}
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }

func ftoa(v float64, decimals int) string {
	return strconv.FormatFloat(v, 'f', decimals, 64)
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

// roundTo rounds v to the given number of decimals.
func roundTo(v float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(v*p) / p
}

// apportion splits total into integer parts proportional to weights, using
// the largest-remainder method so the parts add up to total exactly.
func apportion(total int, weights []float64) []int {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	out := make([]int, len(weights))
	if sum <= 0 || len(weights) == 0 {
		return out
	}
	type rem struct {
		i int
		r float64
	}
	rems := make([]rem, len(weights))
	given := 0
	for i, w := range weights {
		exact := float64(total) * w / sum
		out[i] = int(math.Floor(exact))
		given += out[i]
		rems[i] = rem{i, exact - float64(out[i])}
	}
	// Stable selection by remainder, ties broken by index, keeps this deterministic.
	for left := total - given; left > 0; left-- {
		best := -1
		for j := range rems {
			if rems[j].r < 0 {
				continue
			}
			if best < 0 || rems[j].r > rems[best].r {
				best = j
			}
		}
		if best < 0 {
			break
		}
		out[rems[best].i]++
		rems[best].r = -1
	}
	return out
}

// dayToDate turns a day offset from the CE date (y, m, d) into an ISO date.
func dayToDate(y, m, d, offset int) string {
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).AddDate(0, 0, offset).Format("2006-01-02")
}
