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
	"unicode/utf8"

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
const mappingVersion = "2"

var (
	keySeq     = []byte("khlang_seq")
	keyMapping = []byte("khlang_mapping")
)

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
}

func buildMapping() *mapping.IndexMappingImpl {
	m := bleve.NewIndexMapping()
	doc := bleve.NewDocumentMapping()
	for _, f := range keywordFields {
		fm := bleve.NewKeywordFieldMapping()
		fm.Store = false
		fm.IncludeInAll = false
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
	bigram.Store, bigram.IncludeInAll, bigram.DocValues = false, false, false
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
	// Any other top-level key (extras) is indexed as an exact string, as CKAN's Solr
	// schema does with its "*" dynamic field.
	doc.Dynamic = true
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
		if strings.HasPrefix(name, "extras_") {
			return query.Field{Name: name, Kind: query.KindKeyword}, true
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
	ix := &Index{schema: buildSchema(), log: log, path: path}
	var err error
	if path == "" {
		// Scorch in memory, the same engine as on disk (NewMemOnly's older engine is far
		// slower and would make tests measure something else).
		ix.idx, err = bleve.NewUsing("", buildMapping(), scorch.Name, scorch.Name, nil)
	} else {
		ix.idx, err = bleve.Open(path)
		if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
			ix.idx, err = bleve.New(path, buildMapping())
		}
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
	case string(v) != mappingVersion:
		log.Info("search index mapping changed; the old index serves until the new one is built", "path", path, "from", string(v), "to", mappingVersion)
		ix.rebuild = true
	}
	if err != nil {
		return nil, fmt.Errorf("open search index: %w", err)
	}
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
	fresh, err := bleve.New(tmpPath, buildMapping())
	if err != nil {
		return fmt.Errorf("rebuild search index: %w", err)
	}
	if err := fresh.SetInternal(keyMapping, []byte(mappingVersion)); err != nil {
		fresh.Close()
		return fmt.Errorf("rebuild search index: %w", err)
	}
	tmp := &Index{idx: fresh, schema: ix.schema, log: ix.log}
	if err := tmp.syncLocked(ctx, s, progress); err != nil {
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
	if ix.idx, err = bleve.Open(ix.path); err != nil {
		return fmt.Errorf("open rebuilt search index: %w", err)
	}
	ix.rebuild = false
	ix.log.Info("search index rebuilt", "path", ix.path, "mapping", mappingVersion)
	return nil
}

// Close closes the index.
func (ix *Index) Close() error {
	ix.swap.Lock()
	defer ix.swap.Unlock()
	return ix.idx.Close()
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

// syncLocked applies the change log; syncMu is held, so ix.idx cannot be swapped under it.
func (ix *Index) syncLocked(ctx context.Context, s *catalog.Store, progress catalog.Progress) error {
	first := ix.seqLocked()
	var last int64
	if progress != nil {
		var err error
		if last, err = s.LastChange(ctx); err != nil {
			return err
		}
	}
	for {
		if progress != nil {
			progress.Report("index datasets", int(min(ix.seqLocked(), last)-first), int(last-first))
		}
		changes, err := s.Changes(ctx, ix.seqLocked(), syncBatch)
		if err != nil {
			return fmt.Errorf("read change log: %w", err)
		}
		if len(changes) == 0 {
			return nil
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
					return err
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
		if err := ix.apply(ctx, s, list, changes[len(changes)-1].Seq); err != nil {
			return err
		}
	}
}

// apply reindexes the datasets (deleting those gone from the catalog) and records seq.
func (ix *Index) apply(ctx context.Context, s *catalog.Store, ids []string, seq int64) error {
	b := ix.idx.NewBatch()
	found := map[string]bool{}
	for start := 0; start < len(ids); start += 200 {
		end := min(start+200, len(ids))
		ds, err := s.DatasetsByID(ctx, ids[start:end])
		if err != nil {
			return fmt.Errorf("load datasets to index: %w", err)
		}
		for _, d := range ds {
			found[d.ID] = true
			if err := b.Index(d.ID, document(d, thai.SortKey)); err != nil {
				return fmt.Errorf("index dataset %s: %w", d.ID, err)
			}
		}
	}
	for _, id := range ids {
		if !found[id] {
			b.Delete(id)
		}
	}
	b.SetInternal(keySeq, []byte(strconv.FormatInt(seq, 10)))
	if err := ix.idx.Batch(b); err != nil {
		return fmt.Errorf("write search index: %w", err)
	}
	return nil
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
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-notify:
		}
	}
}

// search runs one request on the current index.
func (ix *Index) search(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	ix.swap.RLock()
	defer ix.swap.RUnlock()
	return ix.idx.SearchInContext(ctx, req)
}

// deepPageFrom is the offset beyond which Search walks with search_after.
const deepPageFrom = 1000

// skip walks n hits of q in sort order, a chunk at a time, and returns the sort key of
// the n-th, for search_after. Every sort ends with "id", so keys are unique.
func (ix *Index) skip(ctx context.Context, q bquery.Query, sortBy []string, n int) ([]string, error) {
	var after []string
	for n > 0 {
		size := min(n, deepPageFrom)
		req := bleve.NewSearchRequestOptions(q, size, 0, false)
		req.SortBy(sortBy)
		if after != nil {
			req.SearchAfter = after
		}
		res, err := ix.search(ctx, req)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrSyntax, err)
		}
		if len(res.Hits) == 0 {
			break
		}
		after = res.Hits[len(res.Hits)-1].Sort
		n -= len(res.Hits)
		if len(res.Hits) < size {
			break
		}
	}
	return after, nil
}

// DefaultSort is CKAN's ckan.search.default_package_sort.
const DefaultSort = "score desc, metadata_modified desc"

// parseSort turns CKAN's sort ("field dir, field dir") into Bleve's sort order.
func parseSort(s string) ([]string, string, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "rank" {
		s = DefaultSort
	}
	var out []string
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
		case !sortFields[field]:
			return nil, "", fmt.Errorf("%w: can not sort on undefined field: %s", ErrSyntax, f[0])
		}
		if (f[1] == "desc") != (field == "_score") {
			// Bleve sorts _score descending by default and fields ascending.
			field = "-" + field
		}
		out = append(out, field)
	}
	out = append(out, "id") // a stable order for paging (the harvester pages by it)
	return out, s, nil
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
		if err == nil {
			bq = withBigramFallback(bq, q)
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

// withBigramFallback lets a query whose Thai words are missing from the dictionary (new
// coinages, names, misspellings) still match through the character-bigram field at low
// weight. Known words never take this path: their bigrams would match inside longer
// words, which is the false positive the word index exists to avoid.
func withBigramFallback(main bquery.Query, q string) bquery.Query {
	var unknown []bquery.Query
	for _, tok := range thai.Segment(q) {
		if utf8.RuneCountInString(tok) < 2 || !isThai(tok) || thai.Known(tok) {
			continue
		}
		p := bleve.NewMatchPhraseQuery(tok)
		p.SetField(bigramField)
		unknown = append(unknown, p)
	}
	if len(unknown) == 0 {
		return main
	}
	fallback := bleve.NewConjunctionQuery(unknown...)
	fallback.SetBoost(bigramBoost)
	return bleve.NewDisjunctionQuery(main, fallback)
}

func isThai(s string) bool {
	for _, r := range s {
		if r < 0x0E01 || r > 0x0E5B {
			return false
		}
	}
	return true
}

func termsQuery(field string, values ...string) bquery.Query {
	qs := make([]bquery.Query, len(values))
	for i, v := range values {
		t := bleve.NewTermQuery(v)
		t.SetField(field)
		qs[i] = t
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// Search runs a package_search.
func (ix *Index) Search(ctx context.Context, r Request) (*Result, error) {
	main, err := ix.translate(r.Q)
	if err != nil {
		return nil, err
	}
	must := []bquery.Query{main}
	userStateFilter := false
	for _, fq := range r.FQ {
		if strings.TrimSpace(fq) == "" {
			continue
		}
		if strings.Contains(fq, "+state") {
			userStateFilter = true
		}
		fqq, err := ix.schema.Lucene(fq)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrSyntax, err)
		}
		must = append(must, fqq)
	}
	// The filters CKAN adds itself.
	if !userStateFilter {
		states := []string{catalog.StateActive}
		if r.IncludeDrafts {
			states = append(states, catalog.StateDraft)
		}
		if r.IncludeDeleted {
			states = append(states, catalog.StateDeleted)
		}
		must = append(must, termsQuery("state", states...))
	}
	if !r.IncludePrivate {
		must = append(must, termsQuery("capacity", "public"))
	}
	if r.Labels != nil {
		must = append(must, termsQuery("permission_labels", r.Labels...))
	}
	sortBy, sortUsed, err := parseSort(r.Sort)
	if err != nil {
		return nil, err
	}
	q := bleve.NewConjunctionQuery(must...)
	rows, start := r.Rows, r.Start
	var after []string
	if start > deepPageFrom {
		// A plain From/Size search keeps start+rows hits in a heap; walking to the page with
		// search_after keeps at most one chunk, whatever the depth.
		if after, err = ix.skip(ctx, q, sortBy, start); err != nil {
			return nil, err
		}
		start = 0
	}
	req := bleve.NewSearchRequestOptions(q, rows, start, false)
	req.SortBy(sortBy)
	if after != nil {
		req.SearchAfter = after
	}
	limit := r.FacetLimit
	switch {
	case limit == 0:
		limit = 50
	case limit < 0:
		limit = 100000
	}
	for _, f := range r.FacetFields {
		req.AddFacet(f, bleve.NewFacetRequest(f, limit))
	}
	res, err := ix.search(ctx, req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("%w: %v", ErrSyntax, err)
	}
	out := &Result{Count: int(res.Total), IDs: make([]string, 0, len(res.Hits)), Facets: map[string][]FacetValue{}, Sort: sortUsed}
	for _, h := range res.Hits {
		out.IDs = append(out.IDs, h.ID)
	}
	minCount := max(r.FacetMinCount, 1)
	for _, f := range r.FacetFields {
		vals := []FacetValue{}
		if fr := res.Facets[f]; fr != nil && fr.Terms != nil {
			for _, t := range fr.Terms.Terms() {
				if t.Count >= minCount {
					vals = append(vals, FacetValue{Name: t.Term, Count: t.Count})
				}
			}
		}
		out.Facets[f] = vals
	}
	return out, nil
}
