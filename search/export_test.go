package search

import (
	"context"
	"sync/atomic"

	"github.com/khlang/khlang/catalog"
)

// SnapshotFile is the column snapshot's file name inside the index folder.
const SnapshotFile = snapshotFile

// CountDatasetReads makes ix add to n the number of datasets it reads from the catalog.
func CountDatasetReads(ix *Index, n *atomic.Int64) {
	read := ix.datasetsByID
	ix.datasetsByID = func(ctx context.Context, s *catalog.Store, ids []string) ([]*catalog.Dataset, error) {
		n.Add(int64(len(ids)))
		return read(ctx, s, ids)
	}
}

// CloseNoSnapshot closes ix as a crash right after its last batch would: the batches on
// disk, the column snapshot left as it was.
func CloseNoSnapshot(ix *Index) error { return ix.closeNoSnapshot() }

// InterruptAfter makes ix's next sync stop as a killed one would: its catalog read for
// the batch after the first n calls cancels the sync and fails.
func InterruptAfter(ix *Index, n int, cancel context.CancelFunc) {
	read := ix.datasetsByID
	calls := 0
	ix.datasetsByID = func(ctx context.Context, s *catalog.Store, ids []string) ([]*catalog.Dataset, error) {
		if calls++; calls > n {
			cancel()
			return nil, context.Canceled
		}
		return read(ctx, s, ids)
	}
}

// OnBatchStart makes ix call fn with a batch's dataset ids as the batch starts into
// Bleve, on the batch's own goroutine (fn may hold it back).
func OnBatchStart(ix *Index, fn func(ids []string)) { ix.batchStarting = fn }
