package query

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/whitespace"
	bquery "github.com/blevesearch/bleve/v2/search/query"
)

// testNow is NOW for every translation test.
var testNow = time.Date(2024, 6, 15, 12, 0, 0, 0, time.UTC)

type testDoc struct {
	id, name, title, notes, org, license, datasetType, theme string
	tags, formats                                            []string
	modified                                                 string // RFC 3339, or "" for none
	resources                                                int    // -1 for none
	private                                                  bool
}

var testDocs = []testDoc{
	{id: "d1", name: "population-census-2020", title: "Population Census 2020", notes: "Thailand population census results",
		tags: []string{"economy", "population"}, org: "nso", formats: []string{"CSV"}, license: "cc-by",
		modified: "2024-06-15T08:00:00Z", resources: 3, datasetType: "dataset"},
	{id: "d2", name: "gdp-quarterly", title: "GDP Quarterly Growth", notes: "National accounts economy",
		tags: []string{"economy"}, org: "nesdc", formats: []string{"XLSX", "PDF"}, license: "cc-by",
		modified: "2024-06-14T12:00:00Z", resources: 2, datasetType: "dataset"},
	{id: "d3", name: "covid-vaccination", title: "COVID Vaccination Coverage", notes: "vaccine doses by province",
		tags: []string{"health", "covid"}, org: "moph", formats: []string{"CSV"}, license: "odc-by",
		modified: "2024-05-01T10:20:30.123456Z", resources: 5, datasetType: "dataset", theme: "Public Health"},
	{id: "d4", name: "covid-cases", title: "COVID Cases Daily", notes: "",
		tags: []string{"health", "covid"}, org: "moph", formats: []string{"JSON"}, license: "cc-by",
		modified: "2024-05-01T10:20:30Z", resources: 1, datasetType: "dataset", theme: "health"},
	{id: "d5", name: "thai-census", title: "สำมะโนประชากร 2563", notes: "ข้อมูลประชากร by province",
		tags: []string{"ดิจิทัล", "population"}, org: "nso", formats: []string{"CSV"}, license: "cc-by",
		modified: "2024-01-10T00:00:00Z", resources: 4, datasetType: "dataset"},
	{id: "d6", name: "european-trade", title: "European Trade Statistics", notes: "exports to europe",
		tags: []string{"trade", "economy"}, org: "moc", formats: []string{"PDF"}, license: "other",
		modified: "2023-12-31T23:59:59Z", resources: 10, datasetType: "dataset"},
	{id: "d7", name: "school-enrolment", title: "School Enrolment",
		tags: []string{"education"}, org: "moe", formats: []string{"CSV"}, license: "cc-by",
		modified: "2024-06-15T00:00:00Z", resources: 0, datasetType: "showcase", private: true},
	{id: "d8", name: "population-projection", title: "Population Projection Thailand", notes: "projected population by age",
		tags: []string{"population"}, org: "nesdc", formats: []string{"XLSX"}, license: "cc-by",
		modified: "2022-03-01T00:00:00Z", resources: 6, datasetType: "dataset"},
	{id: "d9", name: "rice-prices", title: "Rice Prices Weekly", notes: "agriculture economy prices",
		tags: []string{"agriculture", "top*rated"}, org: "oae", formats: []string{"CSV"}, license: "odc-by",
		modified: "2024-06-10T00:00:00Z", resources: 2, datasetType: "dataset"},
	{id: "d10", name: "air-quality", title: "Air Quality Index Bangkok", org: "pcd",
		modified: "2021-01-01T00:00:00Z", resources: -1, datasetType: "dataset"},
}

var allIDs = []string{"d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9", "d10"}

// except returns allIDs without ids.
func except(ids ...string) []string {
	var out []string
	for _, id := range allIDs {
		if !slices.Contains(ids, id) {
			out = append(out, id)
		}
	}
	return out
}

func testSchema() *Schema {
	return &Schema{
		Fields: map[string]Field{
			"name":              {Kind: KindKeyword},
			"tags":              {Kind: KindKeyword},
			"groups":            {Kind: KindKeyword},
			"organization":      {Kind: KindKeyword},
			"res_format":        {Kind: KindKeyword},
			"license_id":        {Kind: KindKeyword},
			"title":             {Kind: KindText},
			"title_th":          {Kind: KindText, Analyzer: "ws_lower"},
			"notes":             {Kind: KindText},
			"text":              {Kind: KindText},
			"metadata_modified": {Kind: KindDate},
			"num_resources":     {Kind: KindNumber},
			"private":           {Kind: KindBool},
		},
		Default: "text",
		Dynamic: func(name string) (Field, bool) {
			switch {
			case strings.HasPrefix(name, "extras_"):
				return Field{Kind: KindText}, true
			case strings.HasSuffix(name, "_date"):
				return Field{Kind: KindDate}, true
			}
			return Field{}, false
		},
		Now: func() time.Time { return testNow },
	}
}

func buildIndex(t testing.TB) bleve.Index {
	t.Helper()
	var idx bleve.Index
	kw := bleve.NewKeywordFieldMapping()
	kw.Analyzer = keyword.Name
	txt := bleve.NewTextFieldMapping()
	txt.Analyzer = standard.Name
	doc := bleve.NewDocumentMapping()
	// dataset_type is indexed as a keyword but absent from the Schema, to
	// exercise the unknown-field default.
	for _, f := range []string{"name", "tags", "groups", "organization", "res_format", "license_id", "dataset_type", "_fields"} {
		doc.AddFieldMappingsAt(f, kw)
	}
	for _, f := range []string{"title", "notes", "text", "extras_theme"} {
		doc.AddFieldMappingsAt(f, txt)
	}
	doc.AddFieldMappingsAt("metadata_modified", bleve.NewDateTimeFieldMapping())
	doc.AddFieldMappingsAt("num_resources", bleve.NewNumericFieldMapping())
	doc.AddFieldMappingsAt("private", bleve.NewBooleanFieldMapping())
	m := bleve.NewIndexMapping()
	err := m.AddCustomAnalyzer("ws_lower", map[string]any{
		"type":          custom.Name,
		"tokenizer":     whitespace.Name,
		"token_filters": []string{lowercase.Name},
	})
	if err != nil {
		t.Fatal(err)
	}
	th := bleve.NewTextFieldMapping()
	th.Analyzer = "ws_lower"
	doc.AddFieldMappingsAt("title_th", th)
	m.DefaultMapping = doc
	m.DefaultAnalyzer = standard.Name

	idx, err = bleve.NewMemOnly(m)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	for _, d := range testDocs {
		fields := map[string]any{
			"name": d.name, "title": d.title, "title_th": d.title, "organization": d.org, "dataset_type": d.datasetType,
			"private": d.private,
			"text":    strings.Join(append([]string{d.name, d.title, d.notes, d.org}, d.tags...), " "),
		}
		if d.notes != "" {
			fields["notes"] = d.notes
		}
		if d.license != "" {
			fields["license_id"] = d.license
		}
		if len(d.tags) > 0 {
			fields["tags"] = d.tags
		}
		if len(d.formats) > 0 {
			fields["res_format"] = d.formats
		}
		if d.theme != "" {
			fields["extras_theme"] = d.theme
		}
		if d.modified != "" {
			ts, err := time.Parse(time.RFC3339Nano, d.modified)
			if err != nil {
				t.Fatal(err)
			}
			fields["metadata_modified"] = ts
		}
		if d.resources >= 0 {
			fields["num_resources"] = float64(d.resources)
		}
		var present []string
		for k := range fields {
			present = append(present, k)
		}
		fields["_fields"] = present
		if err := idx.Index(d.id, fields); err != nil {
			t.Fatal(err)
		}
	}
	return idx
}

func search(t testing.TB, idx bleve.Index, q bquery.Query) []string {
	t.Helper()
	req := bleve.NewSearchRequestOptions(q, 100, 0, false)
	res, err := idx.Search(req)
	if err != nil {
		t.Fatalf("search: %v", err)
	}
	ids := []string{}
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	slices.SortFunc(ids, func(a, b string) int {
		if len(a) != len(b) {
			return len(a) - len(b)
		}
		return strings.Compare(a, b)
	})
	return ids
}

func TestTranslateMatches(t *testing.T) {
	idx := buildIndex(t)
	s := testSchema()
	tests := []struct {
		name   string
		dismax bool
		q      string
		want   []string
	}{
		// Lucene: fields, negation, the harvester's and the web UI's forms.
		{"match all", false, "*:*", allIDs},
		{"empty fq", false, "", allIDs},
		{"keyword term", false, "organization:nso", []string{"d1", "d5"}},
		{"keyword is case-sensitive", false, "tags:Economy", []string{}},
		{"harvester include", false, "organization:moph OR organization:nso", []string{"d1", "d3", "d4", "d5"}},
		{"harvester exclude", false, "-organization:moph", except("d3", "d4")},
		{"harvester two excludes", false, "-organization:moph -organization:nso", except("d1", "d3", "d4", "d5")},
		{"harvester since (inclusive, microseconds)", false, "metadata_modified:[2024-05-01T10:20:30.123456Z TO *]", []string{"d1", "d2", "d3", "d7", "d9"}},
		{"harvester since exclusive", false, "metadata_modified:{2024-05-01T10:20:30.123456Z TO *]", []string{"d1", "d2", "d7", "d9"}},
		{"harvester include with since", false, "organization:nso OR organization:moph metadata_modified:[2024-05-01T10:20:30.123456Z TO *]", []string{"d1", "d3"}},
		{"web ui fq", false, ` tags:"economy" organization:"nesdc" +dataset_type:dataset`, []string{"d2"}},
		{"web ui fq excludes other types", false, ` tags:"education" +dataset_type:dataset`, []string{}},
		{"unknown field is keyword", false, "dataset_type:showcase", []string{"d7"}},
		{"thai keyword", false, "tags:ดิจิทัล", []string{"d5"}},
		// Bleve's standard analyzer drops Thai letters, so Thai text is
		// tested on a whitespace-analysed copy of the title.
		{"thai phrase", false, `title_th:"สำมะโนประชากร"`, []string{"d5"}},
		{"thai text term", false, `title_th:สำมะโนประชากร`, []string{"d5"}},
		{"thai text wildcard", false, `title_th:สำมะโน*`, []string{"d5"}},
		{"text is analysed", false, "title:POPULATION", []string{"d1", "d8"}},
		{"default field", false, "census AND organization:nso", []string{"d1", "d5"}},
		{"dynamic text field", false, "extras_theme:health", []string{"d3", "d4"}},
		{"bool field", false, "private:true", []string{"d7"}},
		{"bool false", false, "private:FALSE", except("d7")},
		{"group and not", false, "tags:(economy OR health) AND NOT res_format:PDF", []string{"d1", "d3", "d4"}},
		{"symbol operators", false, "res_format:CSV && !license_id:cc-by", []string{"d3", "d9"}},
		{"or with excluded clause", false, "organization:nso OR -tags:economy", []string{"d5"}},
		{"or with negated group", false, "organization:nso OR (-tags:economy)", except("d2", "d6")},

		// Dates and date math (NOW is 2024-06-15T12:00:00Z).
		{"date instant", false, "metadata_modified:2024-05-01T10:20:30Z", []string{"d4"}},
		{"date last day", false, "metadata_modified:[NOW-1DAY TO NOW]", []string{"d1", "d2", "d7"}},
		{"date since today", false, "metadata_modified:[NOW/DAY TO *]", []string{"d1", "d7"}},
		{"date before today", false, "metadata_modified:[* TO NOW/DAY}", except("d1", "d7")},
		{"date this year before this month", false, "metadata_modified:[NOW/YEAR TO NOW/MONTH}", []string{"d3", "d4", "d5"}},
		{"date months ago", false, "metadata_modified:[NOW-1YEAR TO NOW-5MONTHS]", []string{"d5", "d6"}},
		{"date-only bounds", false, "metadata_modified:[2024-01-01 TO 2024-05-01]", []string{"d5"}},
		{"date lower bound before bleve's range opens it", false, "metadata_modified:[1000-01-01 TO 2022-12-31]", []string{"d8", "d10"}},
		{"date range after bleve's range is empty", false, "metadata_modified:[3000-01-01 TO *]", []string{}},
		{"date exists", false, "metadata_modified:*", allIDs},

		// Numbers compare numerically: 10 is above 6.
		{"number range", false, "num_resources:[2 TO 5]", []string{"d1", "d2", "d3", "d5", "d9"}},
		{"number range exclusive", false, "num_resources:{2 TO 5}", []string{"d1", "d5"}},
		{"number open range", false, "num_resources:[6 TO *]", []string{"d6", "d8"}},
		{"number term", false, "num_resources:0", []string{"d7"}},
		{"number exists", false, "num_resources:*", except("d10")},

		// Keyword ranges compare bytes, like Solr strings.
		{"keyword range", false, "license_id:[cc TO cd]", []string{"d1", "d2", "d4", "d5", "d7", "d8"}},

		// Existence, wildcards, fuzzy, phrases.
		{"text exists", false, "notes:*", []string{"d1", "d2", "d3", "d5", "d6", "d8", "d9"}},
		{"text missing", false, "-notes:*", []string{"d4", "d7", "d10"}},
		{"keyword missing", false, "-tags:*", []string{"d10"}},
		{"text wildcard", false, "title:europ*", []string{"d6"}},
		{"text wildcard is lower-cased", false, "title:EUROP*", []string{"d6"}},
		{"keyword wildcard", false, "tags:eco*", []string{"d1", "d2", "d6"}},
		{"keyword question mark", false, "tags:covi?", []string{"d3", "d4"}},
		{"escaped star is literal", false, `tags:top\*r*`, []string{"d9"}},
		{"question mark matches star", false, "tags:top?rated", []string{"d9"}},
		{"fuzzy", false, "title:populaton~1", []string{"d1", "d8"}},
		{"phrase", false, `title:"population census"`, []string{"d1"}},
		{"phrase order matters", false, `title:"census population"`, []string{}},
		{"proximity falls back to all words", false, `title:"census population"~3`, []string{"d1"}},
		{"boost does not change matches", false, "title:census^4 OR tags:covid^0.5", []string{"d1", "d3", "d4"}},

		// DisMax across name^4 title^4 tags^2 groups^2 text.
		{"dismax empty", true, "", allIDs},
		{"dismax word", true, "population", []string{"d1", "d5", "d8"}},
		{"dismax two words both required", true, "population census", []string{"d1", "d5"}},
		{"dismax three words two required", true, "population census thailand", []string{"d1", "d5", "d8"}},
		{"dismax three words mm", true, "covid vaccination bangkok", []string{"d3"}},
		{"dismax six words four required", true, "rice prices weekly agriculture bangkok quality", []string{"d9"}},
		{"dismax six words three is not enough", true, "rice prices weekly bangkok quality index", []string{}},
		{"dismax must and must not", true, "+covid -vaccination", []string{"d4"}},
		{"dismax must counts outside mm", true, "+covid cases", []string{"d4"}},
		{"dismax phrase", true, `"population census"`, []string{"d1"}},
		{"dismax only negative", true, "-economy", []string{"d3", "d4", "d5", "d7", "d8", "d10"}},
		{"dismax thai tag", true, "ดิจิทัล", []string{"d5"}},
		{"dismax keyword exact name", true, "rice-prices", []string{"d9"}},
		{"dismax case folds in text", true, "ECONOMY", []string{"d1", "d2", "d6", "d9"}},
		{"dismax match all", true, "*:*", allIDs},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := matches(t, s, idx, tt.q, tt.dismax); !slices.Equal(got, tt.want) {
				t.Fatalf("%q matched %v, want %v", tt.q, got, tt.want)
			}
		})
	}
}

// matches translates q (as DisMax or as Lucene) and returns the ids it matches in idx.
func matches(t *testing.T, s *Schema, idx bleve.Index, q string, dismax bool) []string {
	t.Helper()
	translate := s.Lucene
	if dismax {
		translate = s.DisMax
	}
	bq, err := translate(q)
	if err != nil {
		t.Fatalf("translate %q: %v", q, err)
	}
	return search(t, idx, bq)
}

func TestQChoosesParser(t *testing.T) {
	idx := buildIndex(t)
	s := testSchema()
	tests := []struct {
		q    string
		want []string
	}{
		{"tags:economy", []string{"d1", "d2", "d6"}},
		// Without a colon the words go to DisMax, so both must match.
		{"covid cases", []string{"d4"}},
		// The same words as Lucene use the default field and operator.
		{"covid cases organization:moph", []string{"d4"}},
		{`"covid: cases"`, []string{"d4"}},
	}
	for _, tt := range tests {
		q, err := s.Q(tt.q)
		if err != nil {
			t.Fatalf("Q(%q): %v", tt.q, err)
		}
		if got := search(t, idx, q); !slices.Equal(got, tt.want) {
			t.Errorf("Q(%q) matched %v, want %v", tt.q, got, tt.want)
		}
	}
}

func TestTranslateErrors(t *testing.T) {
	s := testSchema()
	for _, q := range []string{
		"num_resources:abc",
		"num_resources:[1 TO many]",
		"num_resources:NaN",
		"metadata_modified:yesterday",
		"metadata_modified:[2024-13-01 TO *]",
		"metadata_modified:[NOW-1WEEK TO *]",
		"metadata_modified:2024*",
		"private:maybe",
		"private:[a TO b]",
		"release_date:soon",
	} {
		_, err := s.Lucene(q)
		var se *SyntaxError
		if !errors.As(err, &se) || !errors.Is(err, ErrSyntax) {
			t.Errorf("Lucene(%q) = %v, want a *SyntaxError", q, err)
			continue
		}
		if se.Query != q || !strings.Contains(err.Error(), "at character") {
			t.Errorf("Lucene(%q): error %q does not locate the problem", q, err)
		}
	}
	// DisMax never fails on words that cannot exist in a field.
	for _, q := range []string{"abc", `"x y"`, "(", "-", "a^2 b~ c*"} {
		if _, err := s.DisMax(q); err != nil {
			t.Errorf("DisMax(%q): %v", q, err)
		}
	}
}

func TestZeroSchema(t *testing.T) {
	var s Schema
	if f := s.FieldFor(""); f.Name != "text" || f.Kind != KindKeyword {
		t.Errorf("zero Schema default field = %+v", f)
	}
	var nilSchema *Schema
	if _, err := nilSchema.Lucene("a:b OR c"); err != nil {
		t.Errorf("nil Schema: %v", err)
	}
	q, err := s.DisMax("population")
	if err != nil {
		t.Fatal(err)
	}
	// The zero Schema searches CKAN's five qf fields.
	d, ok := q.(*bquery.DisjunctionQuery)
	if !ok || len(d.Disjuncts) != 5 {
		t.Fatalf("DisMax with default qf = %#v, want a 5-way disjunction", q)
	}
}

func TestExistsField(t *testing.T) {
	idx := buildIndex(t)
	scan, lookup := testSchema(), testSchema()
	lookup.ExistsField = "_fields"
	for _, q := range []string{"notes:*", "-tags:*", "num_resources:*", "metadata_modified:[* TO *]", "res_format:* AND -notes:*"} {
		a, err := scan.Lucene(q)
		if err != nil {
			t.Fatal(err)
		}
		b, err := lookup.Lucene(q)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := b.(*bquery.WildcardQuery); ok {
			t.Errorf("%q: ExistsField set but translation still scans terms", q)
		}
		if got, want := search(t, idx, b), search(t, idx, a); !slices.Equal(got, want) {
			t.Errorf("%q with ExistsField matched %v, by scanning %v", q, got, want)
		}
	}
}

// TestCatchAllParts checks a field spanning several index fields: every query form on
// it searches each part, a phrase must stand within one part, and DisMax scores a part
// that qf names itself once.
func TestCatchAllParts(t *testing.T) {
	txt := bleve.NewTextFieldMapping()
	txt.Analyzer = standard.Name
	doc := bleve.NewDocumentMapping()
	for _, f := range []string{"title", "notes", "rest"} {
		doc.AddFieldMappingsAt(f, txt)
	}
	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	idx, err := bleve.NewMemOnly(m)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	for id, fields := range map[string]map[string]any{
		"p1": {"title": "Rice prices", "notes": "weekly market report", "rest": "agriculture"},
		"p2": {"title": "Rubber", "notes": "prices of rubber sheets"},
		"p3": {"title": "Census one", "notes": "two tables", "rest": "economy population"},
	} {
		if err := idx.Index(id, fields); err != nil {
			t.Fatal(err)
		}
	}
	s := &Schema{
		Fields: map[string]Field{
			"title": {Kind: KindText},
			"notes": {Kind: KindText},
			"text":  {Name: "rest", Kind: KindText, Parts: []string{"title", "notes", "rest"}},
		},
		Default: "text",
		QF:      []Boosted{{"title", 4}, {"text", 1}},
	}
	for _, tt := range []struct {
		q      string
		dismax bool
		want   []string
	}{
		{"text:prices", false, []string{"p1", "p2"}},
		{"prices", false, []string{"p1", "p2"}},
		{"text:agriculture", false, []string{"p1"}},
		{`text:"market report"`, false, []string{"p1"}},
		{`text:"one two"`, false, []string{}}, // the end of a title and the start of the notes
		{`text:"economy population"`, false, []string{"p3"}},
		{"text:popul*", false, []string{"p3"}},
		{"text:ru~1", false, []string{}},
		{"text:rubbr~1", false, []string{"p2"}},
		{"text:[agriculture TO agriculture]", false, []string{"p1"}},
		{"-text:*", false, []string{}},
		{"prices", true, []string{"p1", "p2"}},
		{"weekly agriculture", true, []string{"p1"}},
		{`"one two"`, true, []string{}},
	} {
		if got := matches(t, s, idx, tt.q, tt.dismax); !slices.Equal(got, tt.want) {
			t.Errorf("%q (dismax %v) matched %v, want %v", tt.q, tt.dismax, got, tt.want)
		}
	}
	// A DisMax word: title^4 from qf, then the catch-all's other parts, notes and rest.
	q, err := s.DisMax("prices")
	if err != nil {
		t.Fatal(err)
	}
	d, ok := q.(*bquery.DisjunctionQuery)
	if !ok || len(d.Disjuncts) != 3 {
		t.Fatalf("DisMax word = %#v, want a 3-way disjunction", q)
	}
	var fields []string
	for _, x := range d.Disjuncts {
		switch x := x.(type) {
		case *bquery.DisjunctionQuery: // title: the adjacent phrase or every token
			fields = append(fields, x.Disjuncts[1].(*bquery.MatchQuery).FieldVal)
		case *bquery.MatchPhraseQuery:
			fields = append(fields, x.FieldVal)
		}
	}
	if !slices.Equal(fields, []string{"title", "notes", "rest"}) {
		t.Errorf("DisMax word searches %v, want [title notes rest]", fields)
	}
}
