package search

import (
	"context"
	"strings"

	"github.com/khlang/khlang/catalog"
)

// bulkBatch is how many datasets one index batch of IndexDatasets holds: batches of
// about a thousand documents index fastest on two cores without the memory blow-up of
// larger ones.
const bulkBatch = 1000

// IndexDatasets adds (or replaces, by id) the given datasets in the index, in batches,
// through the same write path as the change-log syncer: the same document mapping and
// analyzers, and the in-memory columns kept in step with each batch. Each
// dataset must carry its Organization, Tags, Groups and Resources, as
// catalog.Store.DatasetsByID returns them.
//
// It does not move the index's change-log position, so it suits building an index from
// datasets held in memory (the search benchmark, bulk tools); a server keeps its index
// current with Sync. The columns live in memory and reach the disk in the column
// snapshot that Close writes. Batches return once searchable, before they reach the
// disk: call Flush at the end of a build.
func (ix *Index) IndexDatasets(ctx context.Context, ds []*catalog.Dataset) error {
	ix.syncMu.Lock()
	defer ix.syncMu.Unlock()
	w := ix.newWriter()
	for start := 0; start < len(ds); start += bulkBatch {
		if err := ctx.Err(); err != nil {
			return w.abort(err)
		}
		if err := w.add(ds[start:min(start+bulkBatch, len(ds))], nil, 0); err != nil {
			return w.abort(err)
		}
	}
	return w.close()
}

// Flush waits until everything indexed so far is on disk.
func (ix *Index) Flush() error {
	ix.syncMu.Lock()
	defer ix.syncMu.Unlock()
	ix.swap.RLock()
	defer ix.swap.RUnlock()
	return ix.flush()
}

// DocumentText returns the title and the rest of CKAN's catch-all text (what a query
// without a field searches: the English title, the notes and the index's own "text"
// field, one after the other) exactly as the index receives them for d, before
// analysis. Tools that load the same datasets into another engine (the search
// benchmark's PostgreSQL and SQLite baselines, which search both) index these strings,
// so every engine sees the same words.
func DocumentText(d *catalog.Dataset) (title, text string) {
	doc := document(d, func(s string) string { return s })
	title, _ = doc["title"].(string)
	var parts []string
	for _, f := range []string{"title_en", "notes", "notes_en", "text"} {
		if s, _ := doc[f].(string); s != "" {
			parts = append(parts, s)
		}
	}
	return title, strings.Join(parts, "\n")
}
