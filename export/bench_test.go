package export

import (
	"context"
	"os"
	"path"
	"path/filepath"
	"testing"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/datastore"
	"github.com/khlang/khlang/seed"
)

// countingDiscard counts what an export writes.
type countingDiscard struct{ n int64 }

func (c *countingDiscard) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// BenchmarkExportTDDC exports every TDDC indicator of the sample catalog as one SDMX-CSV
// file, read from the DataStore. The catalog is built and the TDDC tables loaded once,
// outside the timed loop.
func BenchmarkExportTDDC(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	store, err := catalog.Open(ctx, filepath.Join(dir, "catalog.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	upload := filepath.Join(dir, "uploads")
	if _, err := seed.Build(ctx, store, upload, nil); err != nil {
		b.Fatal(err)
	}
	ds, err := datastore.Open(ctx, filepath.Join(dir, "datastore.db"), nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer ds.Close()
	var datasets []*catalog.Dataset
	err = store.EachDataset(ctx, 500, func(batch []*catalog.Dataset) error {
		for _, d := range batch {
			if d.Indicator.IndicatorCode == "" {
				continue
			}
			datasets = append(datasets, d)
			r := d.Resources[0]
			f, err := os.Open(filepath.Join(upload, r.ID, path.Base(r.URL)))
			if err != nil {
				return err
			}
			_, err = ds.Load(ctx, r.ID, f, path.Base(r.URL), datastore.LoadOptions{})
			f.Close()
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if len(datasets) != 237 {
		b.Fatalf("%d TDDC indicators, want 237", len(datasets))
	}
	src := &Source{DataStore: ds}
	var bytes int64
	b.ResetTimer()
	for b.Loop() {
		series := make([]*Series, 0, len(datasets))
		for _, d := range datasets {
			s, err := src.Series(ctx, d)
			if err != nil {
				b.Fatal(err)
			}
			series = append(series, s)
		}
		var w countingDiscard
		if err := WriteSDMXCSV(ctx, &w, series, Options{}); err != nil {
			b.Fatal(err)
		}
		bytes = w.n
	}
	b.ReportMetric(float64(bytes), "bytes/export")
}
