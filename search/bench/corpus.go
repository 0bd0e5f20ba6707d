package bench

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/search/thai"
)

// Shape of the synthetic catalog (the one perf-anchors.md measured Bleve on, plus Thai).
const (
	vocabSize   = 30000 // English pseudo-words, Zipf-distributed in notes and titles
	latinTags   = 2850  // English tags (plus every Thai word as a tag)
	numOrgs     = 1000
	numGroups   = 60
	zipfS       = 1.0
	orgZipfS    = 1.07
	facetLimit  = 50 // CKAN's search.facets.limit
	resultRows  = 20 // CKAN's datasets_per_page
	genBatch    = 5000
	corpusEpoch = 1420070400 // 2015-01-01T00:00:00Z
	tenYears    = 10 * 365 * 24 * 3600
)

// facetFields are CKAN's default search.facets, in the order results keep them.
var facetFields = []string{"organization", "groups", "tags", "res_format", "license_id"}

// formats are the res_format values, most common first.
var formats = []string{"CSV", "XLSX", "PDF", "JSON", "XML", "API", "XLS", "ZIP", "SHP", "GeoJSON", "KML",
	"TXT", "ODS", "DOCX", "HTML", "WMS", "WFS", "GTFS", "RDF", "TSV", "Parquet", "NetCDF", "JPEG", "PNG", "SAV"}

// thaiSource is the Thai vocabulary of titles and notes: everyday words of statistics
// catalogs, most frequent first. Words the segmenter would not keep whole are dropped
// when the corpus is built.
var thaiSource = strings.Fields(`
ข้อมูล สถิติ จังหวัด ประชากร จำนวน รายงาน ประจำปี สำรวจ ครัวเรือน อำเภอ ตำบล หมู่บ้าน กองทุน ชุมชน
เศรษฐกิจ ดิจิทัล รายได้ รายจ่าย การศึกษา โรงเรียน นักเรียน สุขภาพ โรงพยาบาล ผู้ป่วย เกษตร ข้าว
ยางพารา ผลผลิต พื้นที่ ป่าไม้ น้ำ ฝน อากาศ คุณภาพ มลพิษ ขยะ พลังงาน ไฟฟ้า น้ำมัน ขนส่ง ถนน
รถยนต์ อุบัติเหตุ ท่องเที่ยว นักท่องเที่ยว โรงแรม แรงงาน ค่าจ้าง ธุรกิจ บริษัท การค้า ส่งออก นำเข้า
ภาษี งบประมาณ รัฐบาล กระทรวง สำนักงาน หน่วยงาน บริการ ประชาชน ผู้สูงอายุ เด็ก สตรี ที่อยู่อาศัย อาคาร
ที่ดิน ราคา ดัชนี อัตรา ร้อยละ รายเดือน ไตรมาส สำมะโน เคหะ การเงิน ธนาคาร สินเชื่อ หนี้สิน เงินฝาก
อินเทอร์เน็ต โทรศัพท์ เครือข่าย ความปลอดภัย อาชญากรรม ตำรวจ ศาล กฎหมาย วัฒนธรรม ศาสนา กีฬา
สิ่งแวดล้อม ทะเล ชายฝั่ง แม่น้ำ เขื่อน ชลประทาน ภัยพิบัติ น้ำท่วม ภัยแล้ง ผลิตภัณฑ์ สินค้า ตลาด
ผู้บริโภค อุตสาหกรรม โรงงาน การลงทุน นวัตกรรม วิจัย เทคโนโลยี มหาวิทยาลัย บัณฑิต ภูมิภาค เมือง
ชนบท ระดับ ประเทศ เพศ อายุ สวัสดิการ เยาวชน ทะเบียน ราษฎร ยากจน พิการ สมาชิก มัธยฐาน ตัวชี้วัด
การเกิด การตาย สมรส หย่า ประมง ปศุสัตว์ โคนม สุกร ไก่ ผลไม้ ทุเรียน มังกุด ลำไย อ้อย มันสำปะหลัง
ปาล์ม ยาเสพติด เรือนจำ ผู้ต้องขัง แพทย์ พยาบาล เตียง วัคซีน โรคติดต่อ มะเร็ง เบาหวาน ความดัน
`)

// latinOnsets, latinVowels and latinCodas make English-like pseudo-words.
var (
	latinOnsets = []string{"b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z",
		"br", "cr", "dr", "gr", "pr", "tr", "st", "sl", "pl", "ch", "sh", "th", "qu"}
	latinVowels = []string{"a", "e", "i", "o", "u", "a", "o", "ai", "ou", "ea"}
	latinCodas  = []string{"", "", "", "n", "r", "l", "m", "k", "t", "nd", "rt", "mp"}
)

// corpus is the seeded synthetic catalog. Dataset i is a pure function of the seed and
// i, so every engine can stream the same datasets without holding them all in memory.
type corpus struct {
	n    int
	seed uint64

	latin    []string // pseudo-words, most frequent first
	latinCDF []float64
	thai     []string
	thaiCDF  []float64

	orgs     []*catalog.Group
	orgWords [][]int32 // vocabulary indices in each organization's English title
	orgCDF   []float64
	groups   []catalog.Group
	grpWords [][]int32

	tagNames []string
	tagWord  []int32 // vocabulary index of each tag, or -1 for a Thai tag
	tagCDF   []float64
	fmtCDF   []float64
	licenses []string
	licCDF   []float64

	// Facet value ordinals by name, for the SQL baselines.
	orgIndex, grpIndex, tagIndex, fmtIndex, licIndex map[string]int

	// Filled by the first pass over the corpus (each).
	df       []int32 // datasets containing each vocabulary word
	orgCount []int32 // datasets of each organization
}

// newCorpus builds the vocabularies and the organizations, groups and tags of a catalog
// of n datasets.
func newCorpus(n int, seed uint64) (*corpus, error) {
	an := bleve.NewIndexMapping().AnalyzerNamed(thai.AnalyzerMixed)
	if an == nil {
		return nil, fmt.Errorf("analyzer %s is not registered", thai.AnalyzerMixed)
	}
	c := &corpus{n: n, seed: seed}
	// Words the engines would treat differently must not be query terms: a pseudo-word
	// the stemmer changes (Khlang stems English, the baselines' simple/unicode61 do not),
	// or one that occurs in a license title or format name.
	reserved := map[string]bool{}
	for _, l := range catalog.Licenses {
		for _, tok := range analyze(an, l.Title) {
			reserved[tok] = true
		}
		for _, tok := range thai.Segment(l.Title) {
			reserved[strings.ToLower(tok)] = true
		}
	}
	for _, f := range formats {
		reserved[strings.ToLower(f)] = true
	}
	r := rand.New(rand.NewPCG(seed, 0x766f636162)) // "vocab"
	seen := map[string]bool{}
	for len(c.latin) < vocabSize {
		var b strings.Builder
		for range 2 + r.IntN(2) {
			b.WriteString(latinOnsets[r.IntN(len(latinOnsets))])
			b.WriteString(latinVowels[r.IntN(len(latinVowels))])
		}
		b.WriteString(latinCodas[r.IntN(len(latinCodas))])
		w := b.String()
		if seen[w] || reserved[w] {
			continue
		}
		seen[w] = true
		if toks := analyze(an, w); len(toks) != 1 || toks[0] != w {
			continue
		}
		c.latin = append(c.latin, w)
	}
	for _, w := range thaiSource {
		if !thai.Known(w) || seen[w] {
			continue
		}
		if toks := analyze(an, w); len(toks) != 1 || toks[0] != w {
			continue
		}
		seen[w] = true
		c.thai = append(c.thai, w)
	}
	if len(c.thai) < 50 {
		return nil, fmt.Errorf("only %d Thai words are whole dictionary words", len(c.thai))
	}
	c.latinCDF = zipfCDF(len(c.latin), zipfS)
	c.thaiCDF = zipfCDF(len(c.thai), zipfS)
	c.orgCDF = zipfCDF(numOrgs, orgZipfS)
	c.fmtCDF = zipfCDF(len(formats), zipfS)
	for _, l := range catalog.Licenses[:12] {
		c.licenses = append(c.licenses, l.ID)
	}
	c.licCDF = zipfCDF(len(c.licenses), zipfS)

	created := time.Unix(corpusEpoch, 0).UTC()
	for i := range numOrgs {
		words := []int32{int32(r.IntN(2000)), int32(r.IntN(8000)), int32(r.IntN(vocabSize))}
		id := fmt.Sprintf("00000000-0000-4000-9000-%012d", i)
		c.orgs = append(c.orgs, &catalog.Group{ID: id, Name: fmt.Sprintf("org%04d", i),
			Title:   "สำนักงาน" + c.thai[r.IntN(len(c.thai))] + c.thai[r.IntN(len(c.thai))],
			TitleEN: c.words(words, true), Type: "organization", IsOrganization: true,
			State: catalog.StateActive, Created: created})
		c.orgWords = append(c.orgWords, words)
	}
	for i := range numGroups {
		words := []int32{int32(r.IntN(3000)), int32(r.IntN(3000))}
		c.groups = append(c.groups, catalog.Group{ID: fmt.Sprintf("00000000-0000-4000-a000-%012d", i),
			Name: fmt.Sprintf("grp%02d", i), Title: c.thai[r.IntN(len(c.thai))] + c.thai[r.IntN(len(c.thai))],
			TitleEN: c.words(words, true), Type: "group", State: catalog.StateActive, Created: created})
		c.grpWords = append(c.grpWords, words)
	}
	// Tags: English words from across the vocabulary (not just the commonest), then
	// every Thai word.
	perm := r.Perm(20000)
	for _, w := range perm[:latinTags] {
		c.tagNames = append(c.tagNames, c.latin[w])
		c.tagWord = append(c.tagWord, int32(w))
	}
	for _, w := range c.thai {
		c.tagNames = append(c.tagNames, w)
		c.tagWord = append(c.tagWord, -1)
	}
	c.tagCDF = zipfCDF(len(c.tagNames), zipfS)
	c.orgIndex, c.grpIndex, c.tagIndex = map[string]int{}, map[string]int{}, map[string]int{}
	c.fmtIndex, c.licIndex = map[string]int{}, map[string]int{}
	for i, o := range c.orgs {
		c.orgIndex[o.Name] = i
	}
	for i, g := range c.groups {
		c.grpIndex[g.Name] = i
	}
	for i, t := range c.tagNames {
		c.tagIndex[t] = i
	}
	for i, f := range formats {
		c.fmtIndex[f] = i
	}
	for i, l := range c.licenses {
		c.licIndex[l] = i
	}
	return c, nil
}

// analyze returns the terms the Khlang analyzer makes of s.
func analyze(an analysis.Analyzer, s string) []string {
	var out []string
	for _, t := range an.Analyze([]byte(s)) {
		out = append(out, string(t.Term))
	}
	return out
}

// zipfCDF is the cumulative distribution of ranks 0..n-1 with P(k) ∝ 1/(k+1)^s.
func zipfCDF(n int, s float64) []float64 {
	cdf := make([]float64, n)
	sum := 0.0
	for k := range n {
		sum += 1 / math.Pow(float64(k+1), s)
		cdf[k] = sum
	}
	for k := range cdf {
		cdf[k] /= sum
	}
	return cdf
}

// draw samples a rank from cdf.
func draw(r *rand.Rand, cdf []float64) int {
	i, _ := slices.BinarySearch(cdf, r.Float64())
	return min(i, len(cdf)-1)
}

// words joins vocabulary words, capitalising the first when title is set.
func (c *corpus) words(idx []int32, title bool) string {
	var b strings.Builder
	for i, w := range idx {
		if i > 0 {
			b.WriteByte(' ')
		}
		s := c.latin[w]
		if i == 0 && title {
			s = strings.ToUpper(s[:1]) + s[1:]
		}
		b.WriteString(s)
	}
	return b.String()
}

// datasetID is the id of dataset i, UUID-shaped and in the same order as i.
func datasetID(i int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", i) }

// genInfo collects what the first pass counts about a generated dataset.
type genInfo struct {
	vocab []int32 // vocabulary indices of every English word in its indexed text
	org   int     // its organization
}

// dataset generates dataset i, filling info when it is not nil.
func (c *corpus) dataset(i int, info *genInfo) *catalog.Dataset {
	var vocab *[]int32
	if info != nil {
		vocab = &info.vocab
	}
	r := rand.New(rand.NewPCG(c.seed, uint64(i)+1))
	latin := func(n int) []int32 {
		out := make([]int32, n)
		for k := range out {
			out[k] = int32(draw(r, c.latinCDF))
		}
		if vocab != nil {
			*vocab = append(*vocab, out...)
		}
		return out
	}
	thaiRun := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(c.thai[draw(r, c.thaiCDF)])
		}
		return b.String()
	}
	d := &catalog.Dataset{ID: datasetID(i), Name: fmt.Sprintf("ds%07d", i), Type: "dataset",
		State: catalog.StateActive}
	d.Title = thaiRun(3 + r.IntN(6))
	d.TitleEN = c.words(latin(4+r.IntN(7)), true)
	clauses := make([]string, 2+r.IntN(5))
	for k := range clauses {
		clauses[k] = thaiRun(2 + r.IntN(4))
	}
	d.Notes = strings.Join(clauses, " ")
	d.NotesEN = c.words(latin(30+r.IntN(171)), true) + "."
	modified := time.Unix(corpusEpoch+r.Int64N(tenYears), 0).UTC()
	d.MetadataModified = modified
	d.MetadataCreated = modified.Add(-time.Duration(r.Int64N(3*365*24)) * time.Hour)
	d.LicenseID = c.licenses[draw(r, c.licCDF)]

	o := draw(r, c.orgCDF)
	if info != nil {
		info.org = o
	}
	d.Organization = c.orgs[o]
	d.OwnerOrg = &c.orgs[o].ID
	if vocab != nil {
		*vocab = append(*vocab, c.orgWords[o]...)
	}
	for _, t := range distinct(r, 2+r.IntN(7), func() int { return draw(r, c.tagCDF) }) {
		d.Tags = append(d.Tags, catalog.Tag{ID: fmt.Sprintf("tag-%d", t), Name: c.tagNames[t]})
		if vocab != nil && c.tagWord[t] >= 0 {
			*vocab = append(*vocab, c.tagWord[t])
		}
	}
	for _, g := range distinct(r, r.IntN(3), func() int { return r.IntN(numGroups) }) {
		d.Groups = append(d.Groups, c.groups[g])
		if vocab != nil {
			*vocab = append(*vocab, c.grpWords[g]...)
		}
	}
	for k, f := range distinct(r, 1+r.IntN(4), func() int { return draw(r, c.fmtCDF) }) {
		d.Resources = append(d.Resources, catalog.Resource{ID: fmt.Sprintf("%s-r%d", d.ID, k), PackageID: d.ID,
			Format: formats[f], Position: k, State: catalog.StateActive, Created: d.MetadataCreated,
			MetadataModified: modified})
	}
	return d
}

// distinct draws n distinct values (fewer if the draws keep repeating).
func distinct(r *rand.Rand, n int, next func() int) []int {
	out := make([]int, 0, n)
	for tries := 0; len(out) < n && tries < 8*n; tries++ {
		v := next()
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// each generates the corpus in order, in batches of genBatch datasets, and hands each
// batch to fn (the slice is reused). It reports progress as stage.
func (c *corpus) each(ctx context.Context, stage string, progress catalog.Progress, fn func([]*catalog.Dataset) error) error {
	batch := make([]*catalog.Dataset, 0, genBatch)
	var info genInfo
	var seen []int32
	counting := c.df == nil
	if counting {
		c.df = make([]int32, len(c.latin))
		c.orgCount = make([]int32, numOrgs)
		seen = make([]int32, len(c.latin))
	}
	for start := 0; start < c.n; start += genBatch {
		if err := ctx.Err(); err != nil {
			return err
		}
		progress.Report(stage, start, c.n)
		batch = batch[:0]
		for i := start; i < min(start+genBatch, c.n); i++ {
			if !counting {
				batch = append(batch, c.dataset(i, nil))
				continue
			}
			info.vocab = info.vocab[:0]
			d := c.dataset(i, &info)
			for _, w := range info.vocab {
				if seen[w] != int32(i+1) {
					seen[w] = int32(i + 1)
					c.df[w]++
				}
			}
			c.orgCount[info.org]++
			batch = append(batch, d)
		}
		if err := fn(batch); err != nil {
			return err
		}
	}
	progress.Report(stage, c.n, c.n)
	return nil
}

// Query classes, in the order the table prints them.
type class struct {
	name   string
	facets bool
	browse bool
	org    bool // organization filter
	phrase bool // Thai phrase
	target float64
}

var classes = []*class{
	{name: "browse +5 facets", facets: true, browse: true},
	{name: "common term +5 facets", facets: true, target: 0.5},
	{name: "common term", target: 0.5},
	{name: "mid term +5 facets", facets: true, target: 0.04},
	{name: "mid term", target: 0.04},
	{name: "rare term +5 facets", facets: true, target: 0.0015},
	{name: "rare term", target: 0.0015},
	{name: "org filter + term +5 facets", facets: true, org: true, target: 0.04},
	{name: "Thai phrase +5 facets", facets: true, phrase: true},
}

// query is one execution of a class: Khlang's q and fq as the API sends them, and the
// words the SQL engines search (the same words Khlang's analyzer makes of q).
type query struct {
	class  *class
	q      string
	fq     []string
	org    int // organization index for the filter, or -1
	words  []string
	phrase bool
}

// queries draws n queries per class: terms from the vocabulary whose document
// frequency is nearest the class's target, organizations with the most datasets, and
// Thai phrases cut from real titles. A full pass of each must have run.
func (c *corpus) queries(n int) [][]*query {
	r := rand.New(rand.NewPCG(c.seed, 0x7175657279)) // "query"
	out := make([][]*query, len(classes))
	topOrgs := make([]int, numOrgs)
	for i := range topOrgs {
		topOrgs[i] = i
	}
	slices.SortStableFunc(topOrgs, func(a, b int) int { return int(c.orgCount[b] - c.orgCount[a]) })
	phrases := c.thaiPhrases(max(n, 20), r)
	for ci, cl := range classes {
		pool := c.termPool(cl.target, max(n, 20))
		r.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
		for i := range n {
			q := &query{class: cl, org: -1}
			switch {
			case cl.browse:
			case cl.phrase:
				p := phrases[i%len(phrases)]
				q.q = `"` + strings.Join(p, "") + `"`
				q.words, q.phrase = p, true
			default:
				w := pool[i%len(pool)]
				q.q, q.words = w, []string{w}
				if cl.org {
					q.org = topOrgs[i%min(20, len(topOrgs))]
					q.fq = []string{"organization:" + c.orgs[q.org].Name}
				}
			}
			out[ci] = append(out[ci], q)
		}
	}
	return out
}

// termPool returns the k vocabulary words (present in the corpus) whose document
// frequency is nearest target (a fraction of the datasets).
func (c *corpus) termPool(target float64, k int) []string {
	if target == 0 {
		return nil
	}
	type cand struct {
		w    string
		dist float64
	}
	var cs []cand
	for i, df := range c.df {
		if df == 0 {
			continue
		}
		cs = append(cs, cand{c.latin[i], math.Abs(math.Log(float64(df)/float64(c.n)) - math.Log(target))})
	}
	slices.SortStableFunc(cs, func(a, b cand) int {
		switch {
		case a.dist < b.dist:
			return -1
		case a.dist > b.dist:
			return 1
		}
		return 0
	})
	out := make([]string, 0, k)
	for _, x := range cs[:min(k, len(cs))] {
		out = append(out, x.w)
	}
	return out
}

// thaiPhrases cuts k phrases of two or three words from the Thai titles of datasets
// spread over the corpus, as a user copies part of a title. Every word is a dictionary
// word, so no engine needs a fallback for unknown words.
func (c *corpus) thaiPhrases(k int, r *rand.Rand) [][]string {
	var out [][]string
	for j := 0; len(out) < k && j < 50*k; j++ {
		i := int((uint64(j)*2654435761 + uint64(r.IntN(1000))) % uint64(c.n))
		words := thai.Segment(c.dataset(i, nil).Title)
		size := 2 + r.IntN(2)
		if len(words) < size {
			continue
		}
		at := r.IntN(len(words) - size + 1)
		p := words[at : at+size]
		// Khlang analyses the quoted phrase on its own; keep it only when that gives the
		// same words, all known.
		again := thai.Segment(strings.Join(p, ""))
		if !slices.Equal(again, p) {
			continue
		}
		ok := true
		for _, w := range p {
			if !thai.Known(w) || utf8.RuneCountInString(w) < 2 || thai.Canonical(w) != w {
				ok = false
			}
		}
		if ok {
			out = append(out, slices.Clone(p))
		}
	}
	if len(out) == 0 {
		out = append(out, []string{c.thai[0], c.thai[1]})
	}
	return out
}
