package search

import (
	"cmp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
)

// columns keeps, beside the Bleve index, what filtering, facet counting and sorting need,
// in a form whose cost does not grow per hit the way Bleve's doc-value facets do: every
// dataset has a dense ordinal, every (field, value) pair a bitmap of ordinals, and every
// sort key a value per ordinal. Filters become bitmap operations, a facet count is the
// cardinality of an intersection, and only the text part of a query goes to Bleve.
//
// The syncer changes it under Index.colMu together with the Bleve batch, so a search sees
// the two in step.
type columns struct {
	ords     ordTable      // dataset id -> ordinal
	docs     []docRec      // by ordinal
	strs     arena[byte]   // the records' strings (see records.go)
	valArena arena[uint32] // the records' value ids
	free     []uint32
	live     *roaring.Bitmap

	dict     map[string]uint32 // field "\x00" value -> value id
	postings []*roaring.Bitmap // by value id
	valField []string          // by value id
	valName  []string          // by value id
	valPos   []uint32          // by value id: its index in byField[its field]
	valNo    []uint16          // by value id: its field's number in fieldNo
	fieldNo  map[string]uint16
	byField  map[string][]uint32

	orders map[string][]uint32 // sort field -> live ordinals in ascending order; nil when stale

	scratch []uint32          // upsert's value ids before they go to the arena
	pending map[uint32]string // ids of ordinals handed out but not yet upserted
}

// docRec is what a dataset keeps for sorting and for unindexing its values. It holds no
// pointer (see records.go): its strings are read with columns.str, its value ids with
// columns.vals.
type docRec struct {
	modified, created     int64
	numResources, numTags int32
	nvals                 uint32
	str                   uint64 // position+1 of its strings in columns.strs; 0 when none
	val                   uint64 // position of its value ids in columns.valArena
}

// columnFields are the keyword fields kept as bitmaps: everything a filter or a facet
// may name, except the fields with a value of their own per dataset (a bitmap per value
// would cost more memory than the rest of the columns together): id, name and
// title_string are answered by scanning the records (id by its table), and url and res_url
// by Bleve.
var columnFields = slices.DeleteFunc(slices.Clone(keywordFields), func(f string) bool {
	_, scanned := scanFields[f]
	return scanned || f == "url" || f == "res_url"
})

// scanFields are the per-dataset keyword fields read from the records, by their string
// in a record.
var scanFields = map[string]int{"id": strID, "name": strName, "title_string": strTitle}

// scan is the set of live records whose string k keep accepts.
func (c *columns) scan(k int, keep func(string) bool) *roaring.Bitmap {
	out := roaring.New()
	for it := c.live.Iterator(); it.HasNext(); {
		o := it.Next()
		if v := c.str(o, k); v != "" && keep(v) {
			out.Add(o)
		}
	}
	return out
}

func newColumns() *columns {
	return &columns{live: roaring.New(), pending: map[uint32]string{}, dict: map[string]uint32{},
		byField: map[string][]uint32{}, fieldNo: map[string]uint16{}, orders: map[string][]uint32{}}
}

func (c *columns) valueID(field, value string, create bool) (uint32, bool) {
	key := field + "\x00" + value
	if id, ok := c.dict[key]; ok {
		return id, true
	}
	if !create {
		return 0, false
	}
	id := uint32(len(c.postings))
	c.dict[key] = id
	c.postings = append(c.postings, roaring.New())
	c.valField = append(c.valField, field)
	c.valName = append(c.valName, value)
	c.valPos = append(c.valPos, uint32(len(c.byField[field])))
	no, ok := c.fieldNo[field]
	if !ok {
		no = uint16(len(c.fieldNo))
		c.fieldNo[field] = no
	}
	c.valNo = append(c.valNo, no)
	c.byField[field] = append(c.byField[field], id)
	return id, true
}

// posting is the bitmap of a (field, value), or nil; it must not be changed.
func (c *columns) posting(field, value string) *roaring.Bitmap {
	if k, ok := scanFields[field]; ok {
		if field == "id" {
			if o, ok := c.lookup(value); ok && c.live.Contains(o) {
				return roaring.BitmapOf(o)
			}
			return nil
		}
		return c.scan(k, func(v string) bool { return v == value })
	}
	if id, ok := c.valueID(field, value, false); ok {
		return c.postings[id]
	}
	return nil
}

func docStrings(v any) []string {
	switch x := v.(type) {
	case string:
		if x == "" {
			return nil
		}
		return []string{x}
	case []string:
		return x
	}
	return nil
}

func unixMicro(v any) int64 {
	if t, ok := v.(time.Time); ok {
		return t.UnixMicro()
	}
	return 0
}

// ordinal returns the ordinal of id, allocating one when it is new; the id table finds
// it from here on, before upsert writes its record.
func (c *columns) ordinal(id string) uint32 {
	if o, ok := c.lookup(id); ok {
		return o
	}
	var o uint32
	if n := len(c.free); n > 0 {
		o, c.free = c.free[n-1], c.free[:n-1]
	} else {
		o = uint32(len(c.docs))
		c.docs = append(c.docs, docRec{})
	}
	// The id waits in pending until upsert writes the record's strings: written to the
	// arena now, it would be garbage a batch later.
	c.docs[o].str = 0
	c.pending[o] = id
	c.insertOrd(o)
	return o
}

// place gives id the ordinal o, which must be unused (loading columns whose ordinals
// the index already holds); it reports false when id has an ordinal already.
func (c *columns) place(id string, o uint32) bool {
	if _, dup := c.lookup(id); dup {
		return false
	}
	if n := int(o) + 1; n > len(c.docs) {
		c.docs = append(c.docs, make([]docRec, n-len(c.docs))...)
	}
	c.pending[o] = id
	c.insertOrd(o)
	return true
}

// upsert records the document of a dataset (as document() builds it) under its ordinal.
func (c *columns) upsert(o uint32, doc map[string]any) {
	c.unindex(o)
	var strs [numStrs]string
	strs[strID] = doc["id"].(string)
	strs[strName], _ = doc["name"].(string)
	strs[strTitle], _ = doc["title_string"].(string)
	strs[strIndicator], _ = doc["indicator_code"].(string)
	rec := &c.docs[o]
	rec.modified, rec.created = unixMicro(doc["metadata_modified"]), unixMicro(doc["metadata_created"])
	if f, ok := doc["num_resources"].(float64); ok {
		rec.numResources = int32(f)
	}
	if f, ok := doc["num_tags"].(float64); ok {
		rec.numTags = int32(f)
	}
	vals := c.scratch[:0]
	for _, f := range columnFields {
		for _, v := range docStrings(doc[f]) {
			id, _ := c.valueID(f, v, true)
			// A dataset counts once per value, however many resources share a format.
			if c.postings[id].CheckedAdd(o) {
				vals = append(vals, id)
			}
		}
	}
	c.scratch = vals
	c.setVals(o, vals)
	if c.idOf(o) != strs[strID] {
		// The id table finds o by the id it holds.
		c.deleteOrd(o)
		delete(c.pending, o)
		c.setStrs(o, strs)
		c.insertOrd(o)
	} else {
		delete(c.pending, o)
		c.setStrs(o, strs)
	}
	c.live.Add(o)
	clear(c.orders)
	c.compact()
}

// unindex removes an ordinal's values, keeping the ordinal.
func (c *columns) unindex(o uint32) {
	for _, id := range c.vals(o) {
		c.postings[id].Remove(o)
	}
	c.setVals(o, nil)
	d := &c.docs[o]
	// The strings stay: the id table finds the ordinal by its id.
	d.modified, d.created, d.numResources, d.numTags = 0, 0, 0, 0
	c.live.Remove(o)
	clear(c.orders)
}

// remove forgets a dataset and frees its ordinal.
func (c *columns) remove(id string) {
	o, ok := c.lookup(id)
	if !ok {
		return
	}
	c.unindex(o)
	c.deleteOrd(o)
	c.strs.garbage += c.strsLen(c.docs[o].str)
	c.docs[o].str = 0
	delete(c.pending, o)
	c.free = append(c.free, o)
}

// anyOf is the union of the field's postings for values.
func (c *columns) anyOf(field string, values []string) *roaring.Bitmap {
	bms := make([]*roaring.Bitmap, 0, len(values))
	for _, v := range values {
		if bm := c.posting(field, v); bm != nil {
			bms = append(bms, bm)
		}
	}
	return roaring.FastOr(bms...)
}

// exists is the union of all values of a field (field:* on a column).
func (c *columns) exists(field string) *roaring.Bitmap {
	if k, ok := scanFields[field]; ok {
		return c.scan(k, func(string) bool { return true })
	}
	bms := make([]*roaring.Bitmap, 0, len(c.byField[field]))
	for _, id := range c.byField[field] {
		bms = append(bms, c.postings[id])
	}
	return roaring.FastOr(bms...)
}

// matchValues is the union of the field's values accepted by keep.
func (c *columns) matchValues(field string, keep func(string) bool) *roaring.Bitmap {
	if k, ok := scanFields[field]; ok {
		return c.scan(k, keep)
	}
	var bms []*roaring.Bitmap
	for _, id := range c.byField[field] {
		if keep(c.valName[id]) {
			bms = append(bms, c.postings[id])
		}
	}
	return roaring.FastOr(bms...)
}

// facets counts the values of each field over the matching set m, most frequent first
// (then by value), keeping counts ≥ minCount and at most limit values (limit < 0: all).
// Small match sets are counted in one pass over their documents' values; large ones by
// intersecting each value's bitmap, whose cost does not grow with the matches.
func (c *columns) facets(fields []string, m *roaring.Bitmap, minCount, limit int) map[string][]FacetValue {
	card := int(m.GetCardinality())
	// counts are per asked field, by position in byField: a search allocates for the values
	// it counts, not for every value of every column (ids, names and URLs are columns too).
	counts := make(map[string][]int32, len(fields))
	scan := make([][]int32, len(c.fieldNo)) // by field number: fields counted by scanning the matches' values
	scanning := false
	intersect := c.intersectFacets(fields, m, card)
	var tasks []facetRange
	for _, f := range fields {
		ids := c.byField[f]
		if _, dup := counts[f]; dup {
			continue
		}
		n := make([]int32, len(ids))
		counts[f] = n
		if no, ok := c.fieldNo[f]; ok && !intersect {
			scan[no], scanning = n, true
			continue
		}
		for at := 0; at < len(ids); at += facetTask {
			tasks = append(tasks, facetRange{n: n[at:min(at+facetTask, len(ids))], ids: ids[at:min(at+facetTask, len(ids))]})
		}
	}
	c.intersectAll(m, tasks)
	if scanning {
		it := m.Iterator()
		for it.HasNext() {
			for _, id := range c.vals(it.Next()) {
				if n := scan[c.valNo[id]]; n != nil {
					n[c.valPos[id]]++
				}
			}
		}
	}
	out := make(map[string][]FacetValue, len(fields))
	for _, f := range fields {
		out[f] = c.topValues(c.byField[f], counts[f], minCount, limit)
	}
	return out
}

// topValues returns the values of a field (ids, with their counts n) counted at least
// minCount times, most frequent first, then by value, at most limit of them (limit < 0:
// all). A bounded heap keeps the best limit positions, so a field of thousands of values
// (tags) is not sorted whole for a page of 50.
func (c *columns) topValues(ids []uint32, n []int32, minCount, limit int) []FacetValue {
	// order ranks positions: most counted first, then by value.
	order := func(a, b int32) int {
		if n[a] != n[b] {
			return cmp.Compare(n[b], n[a])
		}
		return strings.Compare(c.valName[ids[a]], c.valName[ids[b]])
	}
	floor := int32(max(minCount, 1))
	var keep []int32
	if limit < 0 {
		for i, x := range n {
			if x >= floor {
				keep = append(keep, int32(i))
			}
		}
		slices.SortFunc(keep, order)
	} else if limit > 0 {
		i := -1
		keep = topK(func() (int32, bool) {
			for i++; i < len(n); i++ {
				if n[i] >= floor {
					return int32(i), true
				}
			}
			return 0, false
		}, min(limit, len(n)), order)
	}
	vals := make([]FacetValue, len(keep))
	for k, i := range keep {
		vals[k] = FacetValue{Name: c.valName[ids[i]], Count: int(n[i])}
	}
	return vals
}

// facetRange is a run of a field's values to count by intersection, and their counts.
type facetRange struct {
	n   []int32
	ids []uint32
}

// facetTask is the most values a facetRange holds, so that a field of thousands of
// values (tags) is shared between cores.
const facetTask = 512

// intersectAll counts the ranges' values over m, on up to two cores when there are
// enough of them: every count is its own intersection, and the counts of a range are
// written by one goroutine only.
func (c *columns) intersectAll(m *roaring.Bitmap, tasks []facetRange) {
	count := func(t facetRange) {
		for i, id := range t.ids {
			t.n[i] = int32(m.AndCardinality(c.postings[id]))
		}
	}
	if len(tasks) < 2 || runtime.GOMAXPROCS(0) < 2 {
		for _, t := range tasks {
			count(t)
		}
		return
	}
	var next atomic.Int32
	work := func() {
		for i := int(next.Add(1)) - 1; i < len(tasks); i = int(next.Add(1)) - 1 {
			count(tasks[i])
		}
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		work()
	}()
	work()
	wg.Wait()
}

// facetMode forces a way of counting facets (tests and benchmarks compare them): 0
// lets intersectFacets choose, 1 scans, 2 intersects.
var facetMode = 0

// intersectFacets chooses how facets over the match set m are counted. Scanning visits
// every match's values (all its columns, not only the ones counted), so it costs in
// proportion to the matches; intersecting a dense match set costs in proportion to the
// postings of the counted fields' values (an array posting is tested against m's bitmap
// containers element by element; measured at about half a scanned value each), plus a
// call per value. A large match set (a common word, browsing) is cheaper to intersect, a
// small one to scan (BenchmarkFacets).
func (c *columns) intersectFacets(fields []string, m *roaring.Bitmap, card int) bool {
	switch {
	case facetMode != 0:
		return facetMode == 2
	case card < 4096 || card*8 < int(c.live.GetCardinality()):
		// A sparse match set is held in array containers, and intersecting two arrays
		// walks both: every value would cost about the whole match set.
		return false
	}
	// The values per match, from the first matches.
	sampled, vals := 0, 0
	for it := m.Iterator(); it.HasNext() && sampled < 64; sampled++ {
		vals += int(c.docs[it.Next()].nvals)
	}
	scanCost := card * vals / max(sampled, 1)
	cost := 0
	for _, f := range fields {
		for _, id := range c.byField[f] {
			cost += min(int(c.postings[id].GetCardinality()), card)/2 + facetCallCost
			if cost >= scanCost {
				return false
			}
		}
	}
	return true
}

// facetCallCost is the cost of one AndCardinality call in values scanned.
const facetCallCost = 32

// sortKey is one key of a sort: a column, or the relevance score.
type sortKey struct {
	field string // "_score" or a column
	desc  bool
}

// compare orders two ordinals by one column.
func (c *columns) compare(field string, a, b uint32) int {
	da, db := &c.docs[a], &c.docs[b]
	switch field {
	case "metadata_modified":
		return cmp.Compare(da.modified, db.modified)
	case "metadata_created":
		return cmp.Compare(da.created, db.created)
	case "name":
		return strings.Compare(c.str(a, strName), c.str(b, strName))
	case "title_string":
		return strings.Compare(c.str(a, strTitle), c.str(b, strTitle))
	case "indicator_code":
		return strings.Compare(c.str(a, strIndicator), c.str(b, strIndicator))
	case "num_resources":
		return cmp.Compare(da.numResources, db.numResources)
	case "num_tags":
		return cmp.Compare(da.numTags, db.numTags)
	}
	return strings.Compare(c.idOf(a), c.idOf(b))
}

// hit is a matching ordinal with its relevance score.
type hit struct {
	ord   uint32
	score float64
}

// less orders hits by the sort keys; the dataset id breaks every tie, so pages are stable.
func (c *columns) less(keys []sortKey) func(a, b hit) int {
	return func(a, b hit) int {
		for _, k := range keys {
			var r int
			if k.field == "_score" {
				r = cmp.Compare(a.score, b.score)
			} else {
				r = c.compare(k.field, a.ord, b.ord)
			}
			if k.desc {
				r = -r
			}
			if r != 0 {
				return r
			}
		}
		return strings.Compare(c.idOf(a.ord), c.idOf(b.ord))
	}
}

// order returns the live ordinals sorted by the keys (no score), built once and kept
// until the next change, so deep pages walk it instead of holding start+rows hits.
func (c *columns) order(keys []sortKey) []uint32 {
	var name strings.Builder
	for _, k := range keys {
		name.WriteString(k.field + strconv.FormatBool(k.desc) + ",")
	}
	if o, ok := c.orders[name.String()]; ok {
		return o
	}
	o := c.live.ToArray()
	less := c.less(keys)
	slices.SortFunc(o, func(a, b uint32) int { return less(hit{ord: a}, hit{ord: b}) })
	c.orders[name.String()] = o
	return o
}
