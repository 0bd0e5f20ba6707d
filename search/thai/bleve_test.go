package thai

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search/query"
)

// analyze runs a registered analyzer and renders its stream as
// "term@position" items, so positions of same-position twins are visible.
func analyze(t *testing.T, name, text string) []string {
	t.Helper()
	a, err := registry.NewCache().AnalyzerNamed(name)
	if err != nil {
		t.Fatalf("analyzer %q: %v", name, err)
	}
	var out []string
	for _, tok := range a.Analyze([]byte(text)) {
		out = append(out, fmt.Sprintf("%s@%d", tok.Term, tok.Position))
	}
	return out
}

func TestAnalyzerMixed(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"สำมะโนประชากรและเคหะ พ.ศ. 2568", "สำมะโน@1 ประชากร@2 และ@3 เคหะ@4 พ.ศ.@5 2568@6 2025@6"},
		{"สำมะโนประชากร พ.ศ. ๒๕๖๘", "สำมะโน@1 ประชากร@2 พ.ศ.@3 2568@4 2025@4"},
		{"Population Census 2020", "popul@1 censu@2 2020@3 2563@3"},
		{"Thailand's Digital Indicators", "thailand@1 digit@2 indic@3"},
		{"ตัวชี้วัดเศรษฐกิจดิจิตอล", "ตัวชี้วัด@1 เศรษฐกิจ@2 ดิจิทัล@3"},
		{"COVID-19 โควิด", "โควิด@1 19@2 โควิด@3"},
		{"ข้อมูล กทม. ปี 2567", "ข้อมูล@1 กรุงเทพมหานคร@2 ปี@3 2567@4 2024@4"},
		{"ค.ศ. 2500", "ค.ศ.@1 2500@2"},
		{"PM2.5 ราย 2,500 ชั่วโมง", "pm2.5@1 ราย@2 2,500@3 ชั่วโมง@4"},
	}
	for _, tt := range tests {
		got := strings.Join(analyze(t, AnalyzerMixed, tt.in), " ")
		if got != tt.want {
			t.Errorf("%s(%q)\n got %s\nwant %s", AnalyzerMixed, tt.in, got, tt.want)
		}
	}
}

func TestAnalyzerBigram(t *testing.T) {
	got := strings.Join(analyze(t, AnalyzerBigram, "กองทุน Fund ก"), " ")
	want := "กอ@1 อง@2 งท@3 ทุ@4 ุน@5 fund@6 ก@7"
	if got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

// Offsets must point at the original bytes even when normalisation changes
// lengths, or highlighting marks the wrong text.
func TestTokenOffsets(t *testing.T) {
	in := "ปี ๒๕๖๘ เเละ\u200bข้อมูล PM2.5"
	tokens := (&tokenizer{}).Tokenize([]byte(in))
	var got []string
	for _, tok := range tokens {
		got = append(got, in[tok.Start:tok.End])
	}
	want := []string{"ปี", "๒๕๖๘", "เเละ", "ข้อมูล", "PM2.5"}
	if !slices.Equal(got, want) {
		t.Errorf("source ranges %q, want %q", got, want)
	}
	if tokens[1].Type != analysis.Numeric || string(tokens[1].Term) != "2568" {
		t.Errorf("Thai-digit token = %q type %v, want numeric 2568", tokens[1].Term, tokens[1].Type)
	}
	if !tokens[0].KeyWord || tokens[4].KeyWord {
		t.Error("Thai tokens must be KeyWord (skip stemming) and Latin ones not")
	}
}

func TestRegisteredFilters(t *testing.T) {
	c := registry.NewCache()
	for _, name := range []string{FilterNormalize, FilterSynonym, FilterYear} {
		if _, err := c.TokenFilterNamed(name); err != nil {
			t.Errorf("token filter %q: %v", name, err)
		}
	}
	for _, name := range []string{TokenizerWords, TokenizerBigram} {
		if _, err := c.TokenizerNamed(name); err != nil {
			t.Errorf("tokenizer %q: %v", name, err)
		}
	}
	f, _ := c.TokenFilterNamed(FilterNormalize)
	ts := f.Filter(analysis.TokenStream{{Term: []byte("เเละ๒")}})
	if string(ts[0].Term) != "และ2" {
		t.Errorf("thai_normalize gave %q", ts[0].Term)
	}
}

func TestSearchEndToEnd(t *testing.T) {
	titles := map[string]string{
		"census":    "สำมะโนประชากรและเคหะ พ.ศ. 2568",
		"fund":      "ข้อมูลกองทุนหมู่บ้านและชุมชนเมือง",
		"fundprod":  "ผลิตภัณฑ์กองทุนหมู่บ้าน",
		"digital":   "ตัวชี้วัดเศรษฐกิจดิจิทัลของประเทศไทย",
		"digital2":  "บัญชีบริการดิจิตอลภาครัฐ",
		"meeting":   "รายงานการประชุม",
		"rubber":    "ราคายางพาราแผ่นดิบรายเดือน",
		"medicine":  "รายการยาในบัญชียาหลักแห่งชาติ",
		"table":     "ตารางสถิติการท่องเที่ยว",
		"budget":    "งบประมาณรายจ่ายประจำปีงบประมาณ ๒๕๖๗",
		"covid":     "ผู้ติดเชื้อโควิด-19 รายวัน",
		"bangkok":   "ประชากรกรุงเทพมหานครรายเขต",
		"air":       "ข้อมูลคุณภาพอากาศ PM2.5 รายชั่วโมง",
		"censusEN":  "Population and Housing Census 2020",
		"indicator": "Digital Economy Indicators of Thailand",
	}
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = AnalyzerMixed
	idx, err := bleve.NewMemOnly(m)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	b := idx.NewBatch()
	for id, title := range titles {
		if err := b.Index(id, map[string]any{"title": title}); err != nil {
			t.Fatal(err)
		}
	}
	if err := idx.Batch(b); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		query   string
		phrase  bool
		want    []string // exactly these documents
		comment string
	}{
		{query: "กองทุนหมู่บ้าน", phrase: true, want: []string{"fund", "fundprod"}},
		{query: "ประชากร", want: []string{"bangkok", "census"}, comment: "sub-word of สำมะโนประชากร"},
		{query: "ดิจิทัล", want: []string{"digital", "digital2"}, comment: "variant spelling"},
		{query: "ดิจิตัล", want: []string{"digital", "digital2"}},
		{query: "ยา", want: []string{"medicine"}, comment: "not ยางพารา"},
		{query: "ยางพารา", want: []string{"rubber"}},
		{query: "ยาง", want: []string{"rubber"}, comment: "ยางพารา is indexed as ยาง|พารา"},
		{query: "ตา", want: nil, comment: "not ตาราง"},
		{query: "ราย", want: []string{"air", "bangkok", "budget", "covid", "rubber"}, comment: "ราย|วัน etc., not รายงาน or รายการ"},
		{query: "รายงาน", want: []string{"meeting"}},
		{query: "การประชุม", phrase: true, want: []string{"meeting"}},
		{query: "พ.ศ. 2568", want: []string{"census"}},
		{query: "2025", want: []string{"census"}, comment: "CE finds BE"},
		{query: "2563", want: []string{"censusEN"}, comment: "BE finds CE"},
		{query: "๒๕๖๗", want: []string{"budget"}},
		{query: "งบประมาณ", want: []string{"budget"}},
		{query: "covid", want: []string{"covid"}},
		{query: "กทม.", want: []string{"bangkok"}},
		{query: "ไทย", want: []string{"digital"}},
		{query: "indicator", want: []string{"indicator"}, comment: "English stemming"},
		{query: "pm2.5", want: []string{"air"}},
		{query: "สำมะโนประชากร 2568", want: []string{"census"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			var q query.Query
			if tt.phrase {
				pq := bleve.NewMatchPhraseQuery(tt.query)
				pq.SetField("title")
				pq.Analyzer = AnalyzerMixed
				q = pq
			} else {
				mq := bleve.NewMatchQuery(tt.query)
				mq.SetField("title")
				mq.Analyzer = AnalyzerMixed
				mq.SetOperator(query.MatchQueryOperatorAnd)
				q = mq
			}
			req := bleve.NewSearchRequestOptions(q, 50, 0, false)
			res, err := idx.Search(req)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.ID)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("query %q (%s) found %v, want %v", tt.query, tt.comment, got, tt.want)
			}
		})
	}
}
