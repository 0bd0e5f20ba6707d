package charts

import (
	"cmp"
	"math"
	"slices"
)

// tally sums values by key, remembering each key's label and first-seen order.
type tally struct {
	keys   []string
	labels map[string]string
	sums   map[string]float64
}

func newTally() *tally {
	return &tally{labels: map[string]string{}, sums: map[string]float64{}}
}

// add adds v (NaN counts as nothing) to key, labelled label.
func (t *tally) add(key, label string, v float64) {
	if _, ok := t.sums[key]; !ok {
		t.keys = append(t.keys, key)
		t.labels[key] = label
	}
	if !math.IsNaN(v) {
		t.sums[key] += v
	}
}

// total is the sum over all keys.
func (t *tally) total() float64 {
	var s float64
	for _, k := range t.keys {
		s += t.sums[k]
	}
	return s
}

// byValue orders keys by descending sum, then by label.
func (t *tally) byValue() []string {
	keys := slices.Clone(t.keys)
	slices.SortStableFunc(keys, func(a, b string) int {
		if c := cmp.Compare(t.sums[b], t.sums[a]); c != 0 {
			return c
		}
		return cmp.Compare(t.labels[a], t.labels[b])
	})
	return keys
}

// byKey orders keys by the key itself.
func (t *tally) byKey() []string {
	keys := slices.Clone(t.keys)
	slices.Sort(keys)
	return keys
}

// inOrder puts the keys listed in order first, in that order, then the others by key.
func (t *tally) inOrder(order []string) []string {
	rank := map[string]int{}
	for i, k := range order {
		rank[k] = i
	}
	keys := slices.Clone(t.keys)
	slices.SortStableFunc(keys, func(a, b string) int {
		ra, oka := rank[a]
		rb, okb := rank[b]
		switch {
		case oka && okb:
			return cmp.Compare(ra, rb)
		case oka:
			return -1
		case okb:
			return 1
		}
		return cmp.Compare(a, b)
	})
	return keys
}

// series returns the labels and sums of keys, in that order, each sum scaled by scale.
func (t *tally) series(keys []string, scale float64) (labels []string, values []float64) {
	for _, k := range keys {
		labels = append(labels, t.labels[k])
		values = append(values, t.sums[k]*scale)
	}
	return labels, values
}

// grid sums values by a row key and a column key (region × size class, for instance).
type grid struct {
	rows, cols *tally
	cells      map[[2]string]float64
}

func newGrid() *grid {
	return &grid{rows: newTally(), cols: newTally(), cells: map[[2]string]float64{}}
}

func (g *grid) add(rowKey, rowLabel, colKey, colLabel string, v float64) {
	g.rows.add(rowKey, rowLabel, v)
	g.cols.add(colKey, colLabel, v)
	if !math.IsNaN(v) {
		g.cells[[2]string{rowKey, colKey}] += v
	}
}

// column returns one column's values over rowKeys, scaled.
func (g *grid) column(colKey string, rowKeys []string, scale float64) []float64 {
	out := make([]float64, len(rowKeys))
	for i, r := range rowKeys {
		out[i] = g.cells[[2]string{r, colKey}] * scale
	}
	return out
}
