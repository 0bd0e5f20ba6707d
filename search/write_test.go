package search_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/search"
)

// Batches go into Bleve two at a time; a dataset indexed in two batches in a row must
// end up as the later one says, in the text index and the columns alike.
func TestIndexDatasetsLaterBatchWins(t *testing.T) {
	ctx := context.Background()
	ds := randomCatalog(rand.New(rand.NewPCG(7, 7)), 2600)
	// Batches of 1000: the first dataset comes back in the second and the third batch.
	const bulk = 1000
	for _, at := range []int{1500, 2500} {
		again := *ds[0]
		again.Title = "ฉบับแก้ไข " + map[int]string{1500: "hydrology", 2500: "zoology"}[at]
		again.LicenseID = map[int]string{1500: "odc-by", 2500: "cc-zero"}[at]
		again.Private, again.State = false, catalog.StateActive
		ds[at] = &again
	}
	ix, err := search.Open("", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	// Hold the second batch (hydrology) back while the third (zoology) starts and reaches
	// Bleve (or a while has passed): a writer that let the third run beside the second
	// would so land it first, and the earlier version would win every time.
	third := make(chan struct{})
	search.OnBatchStart(ix, func(ids []string) {
		switch ids[0] {
		case ds[2*bulk].ID:
			close(third)
		case ds[bulk].ID:
			select {
			case <-third:
				// The first batch's 1,000 and the third's 599 new datasets.
				for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
					if n, err := ix.DocCount(); err != nil || n >= bulk+599 {
						return
					}
				}
			case <-time.After(300 * time.Millisecond):
			}
		}
	})
	if err := ix.IndexDatasets(ctx, ds); err != nil {
		t.Fatal(err)
	}
	if n, err := ix.DocCount(); err != nil || n != 2598 {
		t.Fatalf("doc count %d, %v; want 2598", n, err)
	}
	for q, want := range map[string]int{"zoology": 1, "hydrology": 0} {
		res, err := ix.Search(ctx, search.Request{Q: q, FQ: []string{"license_id:cc-zero"}, Rows: 5})
		if err != nil {
			t.Fatal(err)
		}
		if res.Count != want || (want == 1 && res.IDs[0] != ds[0].ID) {
			t.Errorf("q=%s license_id:cc-zero: %d %v, want %d of %s", q, res.Count, res.IDs, want, ds[0].ID)
		}
	}
}
