package search

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bquery "github.com/blevesearch/bleve/v2/search/query"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/search/query"
	"github.com/khlang/khlang/search/thai"
)

// mappingVersion changes whenever the mapping or the document shape changes; an index
// built with another version is rebuilt from the catalog.
const mappingVersion = "7"

// extrasField is the sub-document holding a dataset's extras as analysed text.
const extrasField = "extras"

var (
	keySeq     = []byte("khlang_seq")
	keyMapping = []byte("khlang_mapping")
)

// textDocument is the part of a document Bleve indexes: the text fields, the keyword
// fields DisMax scores (name, tags, groups, indicator_code), the URLs, extras, and the
// ordinal.
// Filters, facets, sorts, dates and numbers are answered from the columns, so indexing
// them in Bleve too would only slow every batch down.
func textDocument(doc map[string]any, ord uint32) map[string]any {
	out := make(map[string]any, len(textFields)+8)
	for k, v := range doc {
		if !columnOnly[k] {
			out[k] = v
		}
	}
	out[ordField] = encodeOrd(ord)
	return out
}

// columnOnly are the document fields kept only in the columns.
var columnOnly = func() map[string]bool {
	m := map[string]bool{}
	for _, f := range slices.Concat(keywordFields, dateFields, numericFields) {
		m[f] = true
	}
	for _, f := range bleveKeywordFields {
		delete(m, f)
	}
	return m
}()

// bleveKeywordFields are the keyword fields Bleve indexes: DisMax's query fields, which
// contribute to the score, and the URLs, which the columns leave out.
var bleveKeywordFields = []string{"name", "tags", "groups", "indicator_code", "url", "res_url"}

// Field kinds of the index, by CKAN field name.
var (
	keywordFields = []string{"id", "name", "tags", "groups", "organization", "owner_org", "res_format", "res_url",
		"license_id", "state", "capacity", "permission_labels", "dataset_type", "entity_type", "url", "version",
		"creator_user_id", "private", "indicator_code", "reference_area", "data_type", "data_category",
		"update_frequency", "geo_coverage", "objective", "data_format", "official_statistics",
		"high_value_dataset", "framework", "pillar", "factor", "dimension", "plan", "indicator_set", "title_string",
		"province"}
	textFields = []string{"title", "title_en", "notes", "notes_en", "text", "res_name", "res_description",
		"author", "maintainer", "author_email", "maintainer_email", "data_source", "unit_of_measure"}
	dateFields    = []string{"metadata_created", "metadata_modified"}
	numericFields = []string{"num_resources", "num_tags"}
)

// catchAllParts are the text fields that CKAN's catch-all text spans besides the index's
// own "text" field, which holds everything else a query without a field searches.
var catchAllParts = []string{"title", "title_en", "notes", "notes_en"}

// sortFields are the fields package_search may sort by (besides score).
var sortFields = map[string]bool{"metadata_modified": true, "metadata_created": true, "name": true,
	"title_string": true, "id": true, "num_resources": true, "num_tags": true, "indicator_code": true}

// Index is the search index of the catalog's datasets.
type Index struct {
	idx    bleve.Index
	schema *query.Schema
	log    *slog.Logger

	syncMu sync.Mutex // one Sync at a time: the change log must be applied in order

	// swap guards idx against the swap that ends a rebuild; searches hold it for reading.
	swap    sync.RWMutex
	path    string
	rebuild bool // idx was built with another mapping version

	colMu      sync.RWMutex // guards cols and keeps it in step with idx
	cols       *columns
	colsLoaded bool // cols reflect idx (an index opened from disk loads them on first Sync)
	orderMu    sync.Mutex

	// Guarded by syncMu:
	id      string // the index's random id, which its column snapshots carry
	cursor  int64  // the change-log position the columns (and so the next Sync) start from
	snapSeq int64  // the position of the last snapshot written or read; -1 when none
	snapAt  time.Time

	ords ordCache // Bleve document numbers to ordinals, per segment

	// datasetsByID reads datasets from the catalog; tests count the reads through it.
	datasetsByID func(ctx context.Context, s *catalog.Store, ids []string) ([]*catalog.Dataset, error)
	// batchStarting, when a test sets it, is called with a batch's dataset ids as the
	// batch starts on its way into Bleve, on the batch's goroutine.
	batchStarting func(ids []string)
}

func storeDatasetsByID(ctx context.Context, s *catalog.Store, ids []string) ([]*catalog.Dataset, error) {
	return s.DatasetsByID(ctx, ids)
}

func buildMapping() *mapping.IndexMappingImpl {
	m := bleve.NewIndexMapping()
	doc := bleve.NewDocumentMapping()
	// Facets and sorts come from the columns, so keyword fields need no doc values here;
	// the ordinal is the one doc value a text query reads per hit.
	// A keyword field holds one token per value and a quoted value on it is a term query
	// (see query.Schema), so it needs no term vectors: positions would only slow a build.
	for _, f := range append(slices.Clone(keywordFields), ordField) {
		fm := bleve.NewKeywordFieldMapping()
		fm.Store = false
		fm.IncludeInAll = false
		fm.IncludeTermVectors = false
		fm.DocValues = f == ordField
		doc.AddFieldMappingsAt(f, fm)
	}
	for _, f := range textFields {
		fm := bleve.NewTextFieldMapping()
		fm.Analyzer = thai.AnalyzerMixed
		fm.Store = false
		fm.IncludeInAll = false
		fm.DocValues = false
		doc.AddFieldMappingsAt(f, fm)
	}
	// The bigram field catches Thai words the dictionary lacks (see translate).
	bigram := bleve.NewTextFieldMapping()
	bigram.Analyzer = thai.AnalyzerBigram
	// Only term queries read it (bigramQuery), so it needs no term vectors.
	bigram.Store, bigram.IncludeInAll, bigram.DocValues, bigram.IncludeTermVectors = false, false, false, false
	doc.AddFieldMappingsAt(bigramField, bigram)
	for _, f := range dateFields {
		fm := bleve.NewDateTimeFieldMapping()
		fm.Store = false
		fm.IncludeInAll = false
		doc.AddFieldMappingsAt(f, fm)
	}
	for _, f := range numericFields {
		fm := bleve.NewNumericFieldMapping()
		fm.Store = false
		fm.IncludeInAll = false
		doc.AddFieldMappingsAt(f, fm)
	}
	// Extras are text under "extras.KEY", searched as extras_KEY, as CKAN's Solr schema
	// types its extras_* dynamic field: extras_theme:health finds "public health".
	extras := bleve.NewDocumentMapping()
	extras.Dynamic = true
	extras.DefaultAnalyzer = thai.AnalyzerMixed
	doc.AddSubDocumentMapping(extrasField, extras)
	// Any other top-level key (an extra's bare key) is indexed as an exact string, as CKAN's
	// Solr schema does with its "*" dynamic field.
	doc.Dynamic = true
	// Nothing searches Bleve's _all field (a query without a field searches "text"), and
	// composing it costs every batch a merge of each dynamic field's tokens.
	all := bleve.NewDocumentDisabledMapping()
	doc.AddSubDocumentMapping("_all", all)
	m.DefaultMapping = doc
	m.DefaultAnalyzer = keyword.Name
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	m.IndexDynamic = true
	return m
}

func buildSchema() *query.Schema {
	s := &query.Schema{Fields: map[string]query.Field{}, Default: "text", Now: time.Now}
	for _, f := range keywordFields {
		s.Fields[f] = query.Field{Name: f, Kind: query.KindKeyword}
	}
	for _, f := range textFields {
		s.Fields[f] = query.Field{Name: f, Kind: query.KindText, Analyzer: thai.AnalyzerMixed}
	}
	// CKAN's catch-all text holds the titles and notes too; the index keeps them once,
	// in their own fields, and a query on text searches those as well.
	s.Fields["text"] = query.Field{Name: "text", Kind: query.KindText, Analyzer: thai.AnalyzerMixed,
		Parts: append(slices.Clone(catchAllParts), "text")}
	for _, f := range dateFields {
		s.Fields[f] = query.Field{Name: f, Kind: query.KindDate}
	}
	for _, f := range numericFields {
		s.Fields[f] = query.Field{Name: f, Kind: query.KindNumber}
	}
	// CKAN's DisMax fields: name^4 title^4 tags^2 groups^2 text; the English title and the
	// organization weigh in too, because Thai researchers search in both languages.
	s.QF = []query.Boosted{{Field: "name", Boost: 4}, {Field: "title", Boost: 4}, {Field: "title_en", Boost: 4},
		{Field: "tags", Boost: 2}, {Field: "groups", Boost: 2}, {Field: "indicator_code", Boost: 2}, {Field: "text", Boost: 1}}
	s.Dynamic = func(name string) (query.Field, bool) {
		if key, ok := strings.CutPrefix(name, "extras_"); ok && key != "" {
			return query.Field{Name: extrasField + "." + key, Kind: query.KindText, Analyzer: thai.AnalyzerMixed}, true
		}
		return query.Field{}, false
	}
	return s
}

// Reset empties the index at path, so the next Sync rebuilds it from the whole change
// log; `khlang reindex` uses it while no server has the index open.
func Reset(path string) error {
	if err := os.RemoveAll(path); err != nil {
		return fmt.Errorf("remove search index: %w", err)
	}
	return nil
}

// Open opens the index at path, creating it when missing. An index built with another
// mapping version keeps serving (stale) until the next Sync has built its replacement
// beside it from the whole change log and swapped it in. An empty path gives an
// in-memory index.
func Open(path string, log *slog.Logger) (*Index, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ix := &Index{schema: buildSchema(), log: log, path: path, cols: newColumns(), snapSeq: -1,
		datasetsByID: storeDatasetsByID}
	var err error
	if path == "" {
		// Scorch in memory, the same engine as on disk (NewMemOnly's older engine is far
		// slower and would make tests measure something else).
		ix.idx, err = bleve.NewUsing("", buildMapping(), scorch.Name, scorch.Name, nil)
	} else {
		ix.idx, err = openBleve(path)
	}
	if err != nil {
		return nil, fmt.Errorf("open search index: %w", err)
	}
	v, err := ix.idx.GetInternal(keyMapping)
	switch {
	case err != nil:
		return nil, fmt.Errorf("open search index: %w", err)
	case v == nil:
		err = ix.idx.SetInternal(keyMapping, []byte(mappingVersion))
		ix.colsLoaded = true
	case string(v) != mappingVersion:
		log.Info("search index mapping changed; the old index serves until the new one is built", "path", path, "from", string(v), "to", mappingVersion)
		ix.rebuild = true
	}
	if err != nil {
		return nil, fmt.Errorf("open search index: %w", err)
	}
	id, err := ix.idx.GetInternal(keyIndexID)
	if err == nil && len(id) == 0 {
		id = newIndexID()
		if err = ix.idx.SetInternal(keyIndexID, id); err == nil {
			// On disk before any snapshot names it, or a snapshot could outlive its id.
			err = ix.flush()
		}
	}
	if err != nil {
		return nil, fmt.Errorf("open search index: %w", err)
	}
	ix.id = string(id)
	ix.cursor = ix.seqLocked()
	return ix, nil
}

// RebuildPending reports that the index was built with another mapping and the next
// Sync will rebuild it.
func (ix *Index) RebuildPending() bool {
	ix.swap.RLock()
	defer ix.swap.RUnlock()
	return ix.rebuild
}

// rebuildLocked builds a new index beside the old one from the whole change log, then
// swaps it in; searches keep using the old one until the swap. syncMu is held.
func (ix *Index) rebuildLocked(ctx context.Context, s *catalog.Store, progress catalog.Progress) error {
	tmpPath := ix.path + ".rebuild"
	if err := os.RemoveAll(tmpPath); err != nil {
		return fmt.Errorf("rebuild search index: %w", err)
	}
	fresh, err := openBleve(tmpPath)
	if err != nil {
		return fmt.Errorf("rebuild search index: %w", err)
	}
	if err := fresh.SetInternal(keyMapping, []byte(mappingVersion)); err != nil {
		fresh.Close()
		return fmt.Errorf("rebuild search index: %w", err)
	}
	freshID := newIndexID()
	if err := fresh.SetInternal(keyIndexID, freshID); err != nil {
		fresh.Close()
		return fmt.Errorf("rebuild search index: %w", err)
	}
	tmp := &Index{idx: fresh, schema: ix.schema, log: ix.log, path: tmpPath, cols: newColumns(), colsLoaded: true,
		id: string(freshID), datasetsByID: ix.datasetsByID}
	if err := tmp.syncLocked(ctx, s, progress); err != nil {
		fresh.Close()
		return err
	}
	if err := tmp.flush(); err != nil {
		fresh.Close()
		return err
	}
	if err := fresh.Close(); err != nil {
		return fmt.Errorf("rebuild search index: %w", err)
	}
	ix.swap.Lock()
	defer ix.swap.Unlock()
	if err := ix.idx.Close(); err != nil {
		return fmt.Errorf("close old search index: %w", err)
	}
	if err := os.RemoveAll(ix.path); err != nil {
		return fmt.Errorf("remove old search index: %w", err)
	}
	if err := os.Rename(tmpPath, ix.path); err != nil {
		return fmt.Errorf("swap in rebuilt search index: %w", err)
	}
	if ix.idx, err = openBleve(ix.path); err != nil {
		return fmt.Errorf("open rebuilt search index: %w", err)
	}
	ix.rebuild = false
	ix.colMu.Lock()
	ix.cols, ix.colsLoaded = tmp.cols, true
	ix.colMu.Unlock()
	ix.id, ix.cursor, ix.snapSeq = tmp.id, tmp.cursor, -1
	ix.log.Info("search index rebuilt", "path", ix.path, "mapping", mappingVersion)
	return ix.snapshotLocked(true)
}

// restoreColumns gives an index opened from disk its columns: from the snapshot when it
// is usable, which leaves the change log after the snapshot's position to apply; else
// rebuilt from the catalog. syncMu is held.
func (ix *Index) restoreColumns(ctx context.Context, s *catalog.Store) error {
	if ix.path != "" {
		cols, seq, err := readSnapshot(ix.path, ix.id)
		if err == nil {
			ix.colMu.Lock()
			ix.cols, ix.colsLoaded = cols, true
			ix.colMu.Unlock()
			// The index may be behind the snapshot (batches not yet on disk at a crash) or
			// ahead of it (batches after the last snapshot): replaying the log from the
			// earlier of the two rewrites every dataset either one may hold differently.
			ix.cursor = min(seq, ix.seqLocked())
			ix.snapSeq, ix.snapAt = seq, time.Now()
			return nil
		}
		ix.log.Warn("search columns are rebuilt from the catalog", "reason", err)
	}
	if err := ix.loadColumns(ctx, s); err != nil {
		return err
	}
	ix.cursor = ix.seqLocked()
	return nil
}

// snapshotEvery is how often Run writes the column snapshot while the catalog changes;
// Close writes it too, so a clean stop replays nothing.
const snapshotEvery = time.Minute

// snapshotLocked writes the column snapshot if it is behind the columns (and, unless
// force, the last one is older than snapshotEvery). syncMu is held, so no write runs.
func (ix *Index) snapshotLocked(force bool) error {
	if ix.path == "" || !ix.colsLoaded || ix.snapSeq == ix.cursor || (!force && time.Since(ix.snapAt) < snapshotEvery) {
		return nil
	}
	ix.colMu.RLock()
	err := writeSnapshot(ix.path, ix.cols, ix.id, ix.cursor)
	ix.colMu.RUnlock()
	if err != nil {
		return err
	}
	ix.snapSeq, ix.snapAt = ix.cursor, time.Now()
	return nil
}

// loadColumns rebuilds the columns of an index opened from disk: the ordinals as the
// index holds them, and each dataset's values from the catalog. Nothing is reindexed.
func (ix *Index) loadColumns(ctx context.Context, s *catalog.Store) error {
	ords, err := ix.indexedOrdinals()
	if err != nil {
		return fmt.Errorf("load search columns: %w", err)
	}
	cols := newColumns()
	ids := make([]string, 0, len(ords))
	for id, o := range ords {
		cols.place(id, o)
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for start := 0; start < len(ids); start += 500 {
		ds, err := ix.datasetsByID(ctx, s, ids[start:min(start+500, len(ids))])
		if err != nil {
			return fmt.Errorf("load search columns: %w", err)
		}
		for _, d := range ds {
			cols.upsert(ords[d.ID], document(d, thai.CollationKey))
		}
	}
	used := roaring.New()
	for _, o := range ords {
		used.Add(o)
	}
	for o := uint32(0); o < uint32(len(cols.docs)); o++ {
		if !used.Contains(o) {
			cols.free = append(cols.free, o)
		}
	}
	ix.colMu.Lock()
	ix.cols, ix.colsLoaded = cols, true
	ix.colMu.Unlock()
	return nil
}

// indexedOrdinals reads every document's ordinal from the index.
func (ix *Index) indexedOrdinals() (map[string]uint32, error) {
	adv, err := ix.idx.Advanced()
	if err != nil {
		return nil, err
	}
	reader, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer reader.Close()
	all, err := reader.DocIDReaderAll()
	if err != nil {
		return nil, err
	}
	defer all.Close()
	dvr, err := reader.DocValueReader([]string{ordField})
	if err != nil {
		return nil, err
	}
	out := map[string]uint32{}
	for {
		iid, err := all.Next()
		if err != nil {
			return nil, err
		}
		if iid == nil {
			return out, nil
		}
		id, err := reader.ExternalID(iid)
		if err != nil {
			return nil, err
		}
		if err := dvr.VisitDocValues(iid, func(_ string, term []byte) {
			if o, ok := decodeOrd(term); ok {
				out[id] = o
			}
		}); err != nil {
			return nil, err
		}
	}
}

// openBleve opens (or creates) the on-disk index with unsafe_batch: a batch returns once
// it is searchable, without waiting for its segment to reach the disk, which is what made
// every batch of a build wait for an fsync. Nothing is lost by it: the change-log position
// is stored inside each batch and batches are persisted in order, so after a crash the
// index resumes from the last batch that did reach the disk. flush waits when it matters.
func openBleve(path string) (bleve.Index, error) {
	cfg := map[string]any{"unsafe_batch": true}
	idx, err := bleve.OpenUsing(path, cfg)
	if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		// Created with the default config, which is what the folder records, then reopened
		// with the runtime option: any other tool opening the folder stays safe.
		if idx, err = bleve.New(path, buildMapping()); err != nil {
			return nil, err
		}
		if err := idx.Close(); err != nil {
			return nil, err
		}
		idx, err = bleve.OpenUsing(path, cfg)
	}
	return idx, err
}

// flush waits until every batch applied so far is on disk: an empty batch with a persisted
// callback, which fires once the persister has written a root that includes it (and so
// every earlier one). An index in memory has no persister and nothing to wait for.
func (ix *Index) flush() error {
	if ix.path == "" {
		return nil
	}
	done := make(chan error, 1)
	b := ix.idx.NewBatch()
	b.SetInternal(keyMapping, []byte(mappingVersion))
	b.SetPersistedCallback(func(err error) { done <- err })
	if err := ix.idx.Batch(b); err != nil {
		return fmt.Errorf("flush search index: %w", err)
	}
	if err := <-done; err != nil {
		return fmt.Errorf("flush search index: %w", err)
	}
	return nil
}

// Close writes what is not yet on disk (the last batches and the column snapshot) and
// closes the index.
func (ix *Index) Close() error {
	ix.syncMu.Lock()
	defer ix.syncMu.Unlock()
	snapErr := ix.snapshotLocked(true)
	ix.swap.Lock()
	defer ix.swap.Unlock()
	return errors.Join(snapErr, ix.flush(), ix.idx.Close())
}

// closeNoSnapshot closes the index as a crash after its last batch would leave it:
// batches on disk, the column snapshot as it was.
func (ix *Index) closeNoSnapshot() error {
	ix.syncMu.Lock()
	defer ix.syncMu.Unlock()
	ix.swap.Lock()
	defer ix.swap.Unlock()
	return errors.Join(ix.flush(), ix.idx.Close())
}

// Seq is the last change-log sequence number applied to the index.
func (ix *Index) Seq() int64 {
	ix.swap.RLock()
	defer ix.swap.RUnlock()
	return ix.seqLocked()
}

func (ix *Index) seqLocked() int64 {
	v, err := ix.idx.GetInternal(keySeq)
	if err != nil || len(v) == 0 {
		return 0
	}
	n, _ := strconv.ParseInt(string(v), 10, 64)
	return n
}

// DocCount is the number of indexed datasets.
func (ix *Index) DocCount() (uint64, error) {
	ix.swap.RLock()
	defer ix.swap.RUnlock()
	return ix.idx.DocCount()
}

// syncBatch is how many change-log rows one index batch applies.
const syncBatch = 500

// Sync applies the catalog's change log to the index, from the last applied row to the
// newest. Each batch stores its last sequence number inside the same index batch, so a
// crash at any point resumes exactly where the index stopped.
func (ix *Index) Sync(ctx context.Context, s *catalog.Store) error {
	return ix.SyncProgress(ctx, s, nil)
}

// SyncProgress is Sync reporting change-log rows applied of those pending.
func (ix *Index) SyncProgress(ctx context.Context, s *catalog.Store, progress catalog.Progress) error {
	ix.syncMu.Lock()
	defer ix.syncMu.Unlock()
	if ix.RebuildPending() {
		return ix.rebuildLocked(ctx, s, progress)
	}
	return ix.syncLocked(ctx, s, progress)
}

// Prepare makes an index opened from disk ready to serve without applying the change
// log: it loads the columns, which are kept in memory. Sync does it too; a server calls
// Prepare when a rebuild is pending, so the old index serves while Sync rebuilds.
func (ix *Index) Prepare(ctx context.Context, s *catalog.Store) error {
	ix.syncMu.Lock()
	defer ix.syncMu.Unlock()
	if ix.colsLoaded {
		return nil
	}
	return ix.restoreColumns(ctx, s)
}

// syncLocked applies the change log; syncMu is held, so ix.idx cannot be swapped under it.
func (ix *Index) syncLocked(ctx context.Context, s *catalog.Store, progress catalog.Progress) error {
	if !ix.colsLoaded {
		if err := ix.restoreColumns(ctx, s); err != nil {
			return err
		}
	}
	first := ix.cursor
	var last int64
	if progress != nil {
		var err error
		if last, err = s.LastChange(ctx); err != nil {
			return err
		}
	}
	w := ix.newWriter()
	// next is where the change log is read from: past the batches in flight, which
	// ix.cursor (what the columns reflect) only passes once they are in.
	next := ix.cursor
	for {
		if progress != nil {
			progress.Report("index datasets", int(min(ix.cursor, last)-first), int(last-first))
		}
		changes, err := s.Changes(ctx, next, syncBatch)
		if err != nil {
			return ix.endSync(w, fmt.Errorf("read change log: %w", err))
		}
		if len(changes) == 0 {
			return ix.endSync(w, nil)
		}
		ids := map[string]bool{}
		for _, c := range changes {
			switch c.Kind {
			case catalog.KindDataset:
				ids[c.EntityID] = true
			case catalog.KindGroup:
				// A renamed or retitled group changes the documents of its datasets.
				members, err := s.DatasetIDsOfGroup(ctx, c.EntityID)
				if err != nil {
					return ix.endSync(w, err)
				}
				for _, id := range members {
					ids[id] = true
				}
			}
		}
		list := make([]string, 0, len(ids))
		for id := range ids {
			list = append(list, id)
		}
		slices.Sort(list)
		next = changes[len(changes)-1].Seq
		ds, gone, err := ix.load(ctx, s, list)
		if err != nil {
			return ix.endSync(w, err)
		}
		if err := w.add(ds, gone, next); err != nil {
			return ix.endSync(w, err)
		}
		if w.done > 0 {
			ix.cursor = w.done
		}
	}
}

// endSync waits for the writer's last batch and moves the cursor to what it completed.
func (ix *Index) endSync(w *writer, err error) error {
	if err != nil {
		err = w.abort(err)
	} else {
		err = w.close()
	}
	if w.done > 0 {
		ix.cursor = w.done
	}
	return err
}

// load reads the datasets to reindex; those gone from the catalog are to be deleted.
func (ix *Index) load(ctx context.Context, s *catalog.Store, ids []string) (ds []*catalog.Dataset, gone []string, err error) {
	for start := 0; start < len(ids); start += 200 {
		batch, err := ix.datasetsByID(ctx, s, ids[start:min(start+200, len(ids))])
		if err != nil {
			return nil, nil, fmt.Errorf("load datasets to index: %w", err)
		}
		ds = append(ds, batch...)
	}
	found := make(map[string]bool, len(ds))
	for _, d := range ds {
		found[d.ID] = true
	}
	for _, id := range ids {
		if !found[id] {
			gone = append(gone, id)
		}
	}
	return ds, gone, nil
}

// Run keeps the index in step with the catalog until ctx ends: it syncs every interval,
// and at once after Notify.
func (ix *Index) Run(ctx context.Context, s *catalog.Store, interval time.Duration, notify <-chan struct{}) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := ix.Sync(ctx, s); err != nil && ctx.Err() == nil {
			ix.log.Error("search index sync", "err", err)
		}
		ix.syncMu.Lock()
		err := ix.snapshotLocked(false)
		ix.syncMu.Unlock()
		if err != nil {
			ix.log.Error("search column snapshot", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-notify:
		}
	}
}

// translate turns CKAN's q into a Bleve query.
func (ix *Index) translate(q string) (bquery.Query, error) {
	q = strings.TrimSpace(q)
	var (
		bq  bquery.Query
		err error
	)
	switch {
	case q == "" || q == `""` || q == "''" || q == "*:*":
		return bleve.NewMatchAllQuery(), nil
	case query.IsFielded(q):
		bq, err = ix.schema.Lucene(q)
	default:
		bq, err = ix.schema.DisMax(q)
		if fb := ix.bigramFallback(q); err == nil && fb != nil {
			bq = bleve.NewDisjunctionQuery(bq, fb)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSyntax, err)
	}
	return bq, nil
}

// bigramField holds Thai character bigrams of titles, tags and publisher names.
const bigramField = "bigram"

// bigramBoost keeps bigram matches below any word match.
const bigramBoost = 0.2

// bigramFallback lets a query whose Thai words are missing from the dictionary (new
// coinages, names, misspellings) still match through the character-bigram field, at low
// weight: most of such a word's bigrams must be there, its +words and -words still
// apply, and the query's known optional words are not required. Known words never take
// this path: their bigrams would match inside longer words, which is the false positive
// the word index exists to avoid. It returns nil when q has no unknown Thai word.
func (ix *Index) bigramFallback(q string) bquery.Query {
	n, err := query.ParseDisMax(q)
	dm, ok := n.(*query.DisMax)
	if err != nil || !ok {
		return nil
	}
	var must, mustNot, grams []bquery.Query
	for _, c := range dm.Clauses {
		var text string
		switch t := c.Query.(type) {
		case *query.Term:
			text = t.Value
		case *query.Phrase:
			text = t.Text
		}
		if c.Occur != query.MustNot && hasUnknownThai(text) {
			if g := ix.bigramQuery(text); g != nil {
				grams = append(grams, g)
				continue
			}
		}
		if c.Occur == query.Should {
			continue
		}
		one, err := ix.schema.Translate(&query.DisMax{Clauses: []query.Clause{{Occur: query.Must, Query: c.Query}}})
		if err != nil {
			return nil
		}
		if c.Occur == query.Must {
			must = append(must, one)
		} else {
			mustNot = append(mustNot, one)
		}
	}
	if len(grams) == 0 {
		return nil
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(append(must, grams...)...)
	if len(mustNot) > 0 {
		b.AddMustNot(mustNot...)
	}
	b.SetBoost(bigramBoost)
	return b
}

// bigramQuery asks for most (70%) of a word's Thai character bigrams, so a misspelling
// that changes one character still matches.
func (ix *Index) bigramQuery(word string) bquery.Query {
	a := ix.idx.Mapping().AnalyzerNamed(thai.AnalyzerBigram)
	if a == nil {
		return nil
	}
	var terms []bquery.Query
	seen := map[string]bool{}
	for _, tok := range a.Analyze([]byte(word)) {
		t := string(tok.Term)
		if seen[t] || !isThai(t) {
			continue
		}
		seen[t] = true
		q := bleve.NewTermQuery(t)
		q.SetField(bigramField)
		terms = append(terms, q)
	}
	if len(terms) == 0 {
		return nil
	}
	d := bleve.NewDisjunctionQuery(terms...)
	d.SetMin(float64((len(terms)*7 + 9) / 10))
	return d
}

// hasUnknownThai reports whether a word segments into a Thai piece the dictionary lacks.
func hasUnknownThai(word string) bool {
	for _, tok := range thai.Segment(word) {
		if isThai(tok) && !thai.Known(tok) {
			return true
		}
	}
	return false
}

func isThai(s string) bool {
	for _, r := range s {
		if r < 0x0E01 || r > 0x0E5B {
			return false
		}
	}
	return true
}

// DefaultSort is CKAN's ckan.search.default_package_sort.
const DefaultSort = "score desc, metadata_modified desc"

// parseSort reads CKAN's sort ("field dir, field dir").
func parseSort(s string) ([]sortKey, string, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "rank" {
		s = DefaultSort
	}
	var out []sortKey
	for _, part := range strings.Split(s, ",") {
		f := strings.Fields(part)
		if len(f) != 2 || (f[1] != "asc" && f[1] != "desc") {
			return nil, "", fmt.Errorf(`%w: Invalid "sort" parameter`, ErrQuery)
		}
		field := f[0]
		switch {
		case field == "score":
			field = "_score"
		case field == "title":
			field = "title_string"
		case field == "id":
		case !sortFields[field]:
			return nil, "", fmt.Errorf("%w: can not sort on undefined field: %s", ErrSyntax, f[0])
		}
		out = append(out, sortKey{field: field, desc: f[1] == "desc"})
	}
	return out, s, nil
}

// mixed reports whether a query that needs the text index has parts answered on the
// columns (see hybrid); a query without any is handed to Bleve whole.
func (ix *Index) mixed(n query.Node) bool {
	switch x := n.(type) {
	case *query.Boost:
		return ix.mixed(x.Query)
	case *query.Bool:
		for _, cl := range x.Clauses {
			if _, ok, err := ix.eval(cl.Query); ok || err != nil || ix.mixed(cl.Query) {
				return true
			}
		}
	}
	return false
}

// queryKind says how q is answered.
func queryKind(q string) string {
	switch q = strings.TrimSpace(q); {
	case q == "" || q == `""` || q == "''" || q == "*:*":
		return "all"
	case query.IsFielded(q):
		return "lucene"
	}
	return "dismax"
}

// Search runs a package_search: filters and the fielded parts of queries on the columns,
// the text of q on Bleve, then facets and the page from the columns.
func (ix *Index) Search(ctx context.Context, r Request) (*Result, error) {
	keys, sortUsed, err := parseSort(r.Sort)
	if err != nil {
		return nil, err
	}
	ix.swap.RLock()
	defer ix.swap.RUnlock()
	ix.colMu.RLock()
	defer ix.colMu.RUnlock()
	c := ix.cols

	// The filters CKAN adds itself, then the caller's fq.
	filter := c.live.Clone()
	userState := false
	for _, fq := range r.FQ {
		userState = userState || strings.Contains(fq, "+state")
	}
	if !userState {
		states := []string{catalog.StateActive}
		if r.IncludeDrafts {
			states = append(states, catalog.StateDraft)
		}
		if r.IncludeDeleted {
			states = append(states, catalog.StateDeleted)
		}
		filter.And(c.anyOf("state", states))
	}
	if !r.IncludePrivate {
		filter.And(c.anyOf("capacity", []string{"public"}))
	}
	if r.Labels != nil {
		filter.And(c.anyOf("permission_labels", r.Labels))
	}
	for _, fq := range r.FQ {
		if strings.TrimSpace(fq) == "" {
			continue
		}
		bm, err := ix.filterBitmap(ctx, fq)
		if err != nil {
			return nil, ix.queryError(ctx, err)
		}
		filter.And(bm)
	}

	// The query: on the columns when it names only column fields, else on Bleve.
	var (
		hits    []hit
		matched *roaring.Bitmap
		scored  bool
	)
	switch queryKind(r.Q) {
	case "all":
		matched = filter
	case "lucene":
		n, err := query.ParseLucene(strings.TrimSpace(r.Q))
		if err != nil {
			return nil, ix.queryError(ctx, err)
		}
		bm, ok, err := ix.eval(n)
		if err != nil {
			return nil, ix.queryError(ctx, err)
		}
		if ok {
			matched = roaring.And(filter, bm)
			break
		}
		if !ix.mixed(n) {
			bq, err := ix.schema.Translate(n)
			if err != nil {
				return nil, ix.queryError(ctx, err)
			}
			if hits, err = ix.bleveHits(ctx, bq, filter); err != nil {
				return nil, ix.queryError(ctx, err)
			}
			scored = true
			break
		}
		bm, scores, err := ix.hybrid(ctx, n)
		if err != nil {
			return nil, ix.queryError(ctx, err)
		}
		bm.And(filter)
		hits = make([]hit, 0, bm.GetCardinality())
		for it := bm.Iterator(); it.HasNext(); {
			o := it.Next()
			hits = append(hits, hit{ord: o, score: scores[o]})
		}
		scored = true
	default:
		bq, err := ix.translate(r.Q)
		if err != nil {
			return nil, err
		}
		scored = true
		// A page by score from a shallow depth needs only its candidates' scores.
		if k := r.Start + r.Rows; k <= deepPageFrom && len(keys) > 0 && keys[0].field == "_score" && keys[0].desc {
			var ok bool
			if matched, hits, ok, err = ix.postingTop(ctx, bq, filter, k, c.less(keys)); err != nil {
				return nil, ix.queryError(ctx, err)
			} else if ok {
				break
			}
		}
		if hits, err = ix.bleveHits(ctx, bq, filter); err != nil {
			return nil, ix.queryError(ctx, err)
		}
	}
	if scored && matched == nil {
		matched = hitsBitmap(hits)
	}

	out := &Result{Count: int(matched.GetCardinality()), Facets: map[string][]FacetValue{}, Sort: sortUsed}
	limit := r.FacetLimit
	if limit == 0 {
		limit = 50
	}
	if len(r.FacetFields) > 0 {
		out.Facets = c.facets(r.FacetFields, matched, max(r.FacetMinCount, 1), limit)
	}
	if !scored {
		// Every document scores the same: the score keys decide nothing.
		keys = slices.DeleteFunc(slices.Clone(keys), func(k sortKey) bool { return k.field == "_score" })
	}
	out.IDs = ix.page(hits, matched, scored, keys, r.Start, r.Rows)
	return out, nil
}

// queryError wraps a parse or search failure as CKAN's Search Error.
func (ix *Index) queryError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return fmt.Errorf("%w: %w", ErrSyntax, err)
}

// page returns the ids of hits start..start+rows in sort order.
func (ix *Index) page(hits []hit, matched *roaring.Bitmap, scored bool, keys []sortKey, start, rows int) []string {
	c := ix.cols
	ids := make([]string, 0, max(rows, 0))
	if rows <= 0 || start >= int(matched.GetCardinality()) {
		return ids
	}
	less := c.less(keys)
	// Without scores, a match set that is a large part of the catalog (browsing, a broad
	// filter) is paged by walking the cached sorted order: the page is found after a few
	// times rows steps, where a heap would compare every match.
	walk := !scored && matched.GetCardinality()*8 >= c.live.GetCardinality()
	switch {
	case scored && start+rows > deepPageFrom:
		slices.SortFunc(hits, less)
		for _, h := range hits[start:min(start+rows, len(hits))] {
			ids = append(ids, c.idOf(h.ord))
		}
	case scored || (start+rows <= deepPageFrom && !walk):
		// The top start+rows by a bounded heap over the matches.
		var next func() (hit, bool)
		if scored {
			i := 0
			next = func() (hit, bool) {
				if i == len(hits) {
					return hit{}, false
				}
				i++
				return hits[i-1], true
			}
		} else {
			it := matched.Iterator()
			next = func() (hit, bool) {
				if !it.HasNext() {
					return hit{}, false
				}
				return hit{ord: it.Next()}, true
			}
		}
		top := topK(next, start+rows, less)
		for _, h := range top[min(start, len(top)):] {
			ids = append(ids, c.idOf(h.ord))
		}
	default:
		// Deep pages walk the sorted order, holding only the page.
		skipped := 0
		for _, o := range ix.order(keys) {
			if !matched.Contains(o) {
				continue
			}
			if skipped < start {
				skipped++
				continue
			}
			ids = append(ids, c.idOf(o))
			if len(ids) == rows {
				break
			}
		}
	}
	return ids
}

// deepPageFrom is the depth beyond which pages walk a sorted order instead of a heap.
const deepPageFrom = 1000

// order is columns.order behind its own lock: concurrent searches share the cache.
func (ix *Index) order(keys []sortKey) []uint32 {
	ix.orderMu.Lock()
	defer ix.orderMu.Unlock()
	return ix.cols.order(keys)
}

// topK returns the k smallest matches by less, sorted, keeping at most k in memory.
func topK[T any](next func() (T, bool), k int, less func(a, b T) int) []T {
	h := make([]T, 0, k)
	// h is a max-heap on less: its root is the worst kept hit.
	up := func(i int) {
		for i > 0 {
			p := (i - 1) / 2
			if less(h[i], h[p]) <= 0 {
				return
			}
			h[i], h[p] = h[p], h[i]
			i = p
		}
	}
	down := func(i int) {
		for {
			l, r, big := 2*i+1, 2*i+2, i
			if l < len(h) && less(h[l], h[big]) > 0 {
				big = l
			}
			if r < len(h) && less(h[r], h[big]) > 0 {
				big = r
			}
			if big == i {
				return
			}
			h[i], h[big] = h[big], h[i]
			i = big
		}
	}
	for x, ok := next(); ok; x, ok = next() {
		if len(h) < k {
			h = append(h, x)
			up(len(h) - 1)
		} else if less(x, h[0]) < 0 {
			h[0] = x
			down(0)
		}
	}
	slices.SortFunc(h, less)
	return h
}
