package search

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/search/thai"
)

// writer applies batches to the index with up to two of them inside Bleve at once.
// Most of a batch's time is Bleve analysing its documents and converting them into a
// segment on the calling goroutine; run one at a time, a build keeps only one of two cores
// busy while a batch converts. Here the next batch is analysed and converted while the
// previous one is, and the columns are updated batch by batch, in order, once Bleve holds
// a batch: a search (which reads the columns under colMu) never waits for a conversion.
//
// A search may so see, for the moment between a batch's Bleve introduction and its
// column update, a dataset's new text with its old columns; new datasets only count once
// their columns are in (every match is filtered by the live columns), and an ordinal is
// freed only after Bleve has dropped its document, so it never names two datasets.
//
// The change-log position stored in the index must never claim a batch Bleve does not
// hold, or a crash would skip it. Two batches in flight may reach Bleve in either order,
// so a batch started while another is in flight stores the position of the last batch
// known complete (never its own), and close stores the final position once every batch
// is in.
type writer struct {
	ix      *Index
	flying  *flight // the batch in Bleve, or nil
	done    int64   // change-log position every completed batch reaches
	stored  int64   // the position the last started batch stores
	failed  error   // the first batch that failed: nothing is stored after it
	pending bool    // done is ahead of what any batch stored
}

// flight is one batch on its way into Bleve.
type flight struct {
	ds   []*catalog.Dataset
	gone []string
	ords []uint32
	docs []map[string]any
	seq  int64 // the change-log position after this batch; 0 when it has none
	ids  map[string]bool
	err  chan error
}

func (ix *Index) newWriter() *writer {
	return &writer{ix: ix, done: -1, stored: -1}
}

// add starts indexing ds and deleting gone, then waits for the batch before it (so at
// most two are in Bleve). seq > 0 is the change-log position reached after this batch.
func (w *writer) add(ds []*catalog.Dataset, gone []string, seq int64) error {
	if w.failed != nil {
		return w.failed
	}
	f := &flight{ds: ds, gone: gone, seq: seq, ids: make(map[string]bool, len(ds)+len(gone)), err: make(chan error, 1)}
	for _, d := range ds {
		f.ids[d.ID] = true
	}
	for _, id := range gone {
		f.ids[id] = true
	}
	if w.flying != nil && overlaps(w.flying.ids, f.ids) {
		// Two batches touching one dataset must reach Bleve in order.
		if err := w.land(); err != nil {
			return err
		}
	}
	store := ""
	if seq > 0 {
		switch {
		case w.flying == nil:
			store = strconv.FormatInt(seq, 10)
			w.stored = seq
		case w.done > w.stored:
			store = strconv.FormatInt(w.done, 10)
			w.stored = w.done
		}
		w.pending = w.stored != seq
	}
	w.ix.colMu.Lock()
	f.ords = make([]uint32, len(ds))
	for i, d := range ds {
		f.ords[i] = w.ix.cols.ordinal(d.ID)
	}
	w.ix.colMu.Unlock()
	go func() { f.err <- w.ix.index(f, store) }()
	if w.flying == nil {
		w.flying = f
		return nil
	}
	prev := w.flying
	w.flying = f
	return w.finish(prev)
}

// land waits for the batch in flight.
func (w *writer) land() error {
	f := w.flying
	if f == nil {
		return nil
	}
	w.flying = nil
	return w.finish(f)
}

// finish waits for f and brings the columns in step with it.
func (w *writer) finish(f *flight) error {
	err := <-f.err
	if err != nil {
		if w.failed == nil {
			w.failed = err
		}
		// The batch did not apply; ordinals handed out stay allocated but unused.
		return err
	}
	ix := w.ix
	ix.colMu.Lock()
	for i := range f.ds {
		ix.cols.upsert(f.ords[i], f.docs[i])
	}
	for _, id := range f.gone {
		ix.cols.remove(id)
	}
	ix.colMu.Unlock()
	if w.failed == nil && f.seq > 0 {
		w.done = f.seq
	}
	return w.failed
}

// close waits for the batch in flight and stores the change-log position every batch
// reached, if no batch stored it already. It returns the first error of any batch.
func (w *writer) close() error {
	err := w.land()
	if w.failed != nil {
		return w.failed
	}
	if err == nil && w.pending && w.done > 0 {
		b := w.ix.idx.NewBatch()
		b.SetInternal(keySeq, []byte(strconv.FormatInt(w.done, 10)))
		if err = w.ix.idx.Batch(b); err != nil {
			err = fmt.Errorf("write search index: %w", err)
		}
		w.pending = false
	}
	return err
}

// abort ends the writer after err (a batch's, or the caller's while preparing the next
// batch): it waits for the batch in flight, keeping the columns in step with what Bleve
// holds and the stored position with what completed, and returns err joined with any
// other error on the way.
func (w *writer) abort(err error) error {
	if e := w.close(); e != nil && !errors.Is(err, e) {
		err = errors.Join(err, e)
	}
	return err
}

func overlaps(a, b map[string]bool) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	for id := range a {
		if b[id] {
			return true
		}
	}
	return false
}

// index builds f's documents and applies them to Bleve in one batch, without colMu: the
// ordinals were handed out by add. A non-empty seq is stored in the same batch.
func (ix *Index) index(f *flight, seq string) error {
	if ix.batchStarting != nil {
		ids := make([]string, len(f.ds))
		for i, d := range f.ds {
			ids[i] = d.ID
		}
		ix.batchStarting(ids)
	}
	b := ix.idx.NewBatch()
	m, ok := ix.idx.Mapping().(*mapping.IndexMappingImpl)
	if !ok {
		return fmt.Errorf("search index mapping is a %T", ix.idx.Mapping())
	}
	docs := newDocBuilder(m)
	f.docs = make([]map[string]any, len(f.ds))
	for i, d := range f.ds {
		f.docs[i] = document(d, thai.CollationKey)
		bd, err := docs.document(d.ID, textDocument(f.docs[i], f.ords[i]))
		if err == nil {
			err = b.IndexAdvanced(bd)
		}
		if err != nil {
			return fmt.Errorf("index dataset %s: %w", d.ID, err)
		}
	}
	for _, id := range f.gone {
		b.Delete(id)
	}
	if seq != "" {
		b.SetInternal(keySeq, []byte(seq))
	}
	if err := ix.idx.Batch(b); err != nil {
		return fmt.Errorf("write search index: %w", err)
	}
	return nil
}
