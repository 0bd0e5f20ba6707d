package harvest

import (
	"strings"
	"testing"
	"time"
)

func TestPythonISOFormat(t *testing.T) {
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2024, 5, 1, 10, 20, 30, 123456789, time.UTC), "2024-05-01T10:20:30.123456"},
		{time.Date(2024, 5, 1, 10, 20, 30, 1000, time.UTC), "2024-05-01T10:20:30.000001"},
		{time.Date(2024, 5, 1, 10, 20, 30, 0, time.UTC), "2024-05-01T10:20:30"},
		{time.Date(2024, 5, 1, 17, 20, 30, 500, time.FixedZone("ICT", 7*3600)), "2024-05-01T10:20:30"},
	}
	for _, tc := range tests {
		if got := pythonISOFormat(tc.in); got != tc.want {
			t.Errorf("pythonISOFormat(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got, want := ckanSinceTerm(time.Date(2024, 5, 1, 11, 0, 0, 42000, time.UTC)), "metadata_modified:[2024-05-01T10:00:00.000042Z TO *]"; got != want {
		t.Errorf("ckanSinceTerm = %q, want %q", got, want)
	}
}

func TestCKANSearchURL(t *testing.T) {
	tests := []struct {
		base  string
		start int
		fq    []string
		want  string
	}{
		{"https://ckan.example.org", 0, nil, "https://ckan.example.org/api/3/action/package_search?rows=100&start=0&sort=id+asc"},
		{"https://ckan.example.org/", 200, []string{"-organization:a+b"},
			"https://ckan.example.org/api/3/action/package_search?rows=100&start=200&sort=id+asc&fq=-organization%3Aa%2Bb"},
		{"https://ckan.example.org/sub/", 100, []string{"organization:x OR organization:y", "metadata_modified:[2024-05-01T10:00:00Z TO *]"},
			"https://ckan.example.org/sub/api/3/action/package_search?rows=100&start=100&sort=id+asc&fq=organization%3Ax+OR+organization%3Ay+metadata_modified%3A%5B2024-05-01T10%3A00%3A00Z+TO+%2A%5D"},
	}
	for _, tc := range tests {
		if got := ckanSearchURL(tc.base, tc.start, tc.fq); got != tc.want {
			t.Errorf("ckanSearchURL(%q, %d, %q) =\n%s\nwant\n%s", tc.base, tc.start, tc.fq, got, tc.want)
		}
	}
}

func TestMunge(t *testing.T) {
	names := []struct{ title, fallback, want string }{
		{"Internet Users (2024)", "x", "internet-users-2024"},
		{"ผู้ใช้อินเทอร์เน็ต", "dataset-abc", "dataset-abc"},
		{"GDP — ร้อยละ", "f", "gdp"},
		{strings.Repeat("a", 120), "f", strings.Repeat("a", 90)},
	}
	for _, tc := range names {
		if got := mungeName(tc.title, tc.fallback); got != tc.want {
			t.Errorf("mungeName(%q) = %q, want %q", tc.title, got, tc.want)
		}
	}
	tags := []struct{ in, want string }{
		{"e-commerce/online", "e-commerce online"},
		{"  ดิจิทัล ", "ดิจิทัล"},
		{"a", ""},
		{"C++ & Go", "C Go"},
		{"v1.2_beta", "v1.2_beta"},
	}
	for _, tc := range tags {
		if got := mungeTag(tc.in); got != tc.want {
			t.Errorf("mungeTag(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestTurtleSyntax covers the Turtle forms DCAT documents use, one statement each.
func TestTurtleSyntax(t *testing.T) {
	const pre = "@prefix ex: <http://ex.org/ns#> .\n"
	tests := []struct {
		name, doc string
		want      []string // "s p o" with literals as "value"@lang or "value"^^type
	}{
		{"iri and a", pre + `ex:s a ex:C .`, []string{"http://ex.org/ns#s " + rdfType + " http://ex.org/ns#C"}},
		{"sparql prefix and base", "PREFIX ex: <http://ex.org/ns#>\nBASE <http://base.org/dir/>\n<s> ex:p <../o> .",
			[]string{"http://base.org/dir/s http://ex.org/ns#p http://base.org/o"}},
		{"lists of objects and predicates", pre + `ex:s ex:p "a", "b" ; ex:q "c" ; .`,
			[]string{`http://ex.org/ns#s http://ex.org/ns#p "a"`, `http://ex.org/ns#s http://ex.org/ns#p "b"`, `http://ex.org/ns#s http://ex.org/ns#q "c"`}},
		{"language and datatype", pre + `ex:s ex:p "ไทย"@th-TH, "1"^^<http://www.w3.org/2001/XMLSchema#int> .`,
			[]string{`http://ex.org/ns#s http://ex.org/ns#p "ไทย"@th-th`, `http://ex.org/ns#s http://ex.org/ns#p "1"^^http://www.w3.org/2001/XMLSchema#int`}},
		{"escapes", pre + `ex:s ex:p "tab\there \"q\" \u0E01 \U0001F600" .`,
			[]string{"http://ex.org/ns#s http://ex.org/ns#p \"tab\there \"q\" ก 😀\""}},
		{"long strings", pre + "ex:s ex:p '''it's\n\"two\" lines''' .",
			[]string{"http://ex.org/ns#s http://ex.org/ns#p \"it's\n\"two\" lines\""}},
		{"numbers and booleans", pre + `ex:s ex:p 42, -1.5, 1e3, true .`,
			[]string{`http://ex.org/ns#s http://ex.org/ns#p "42"^^` + nsXSD + "integer", `http://ex.org/ns#s http://ex.org/ns#p "-1.5"^^` + nsXSD + "decimal",
				`http://ex.org/ns#s http://ex.org/ns#p "1e3"^^` + nsXSD + "double", `http://ex.org/ns#s http://ex.org/ns#p "true"^^` + nsXSD + "boolean"}},
		{"local name with dot and escape", pre + `ex:a.b ex:p ex:c\,d .`, []string{"http://ex.org/ns#a.b http://ex.org/ns#p http://ex.org/ns#c,d"}},
		{"comments", pre + "# a comment\nex:s ex:p ex:o . # trailing", []string{"http://ex.org/ns#s http://ex.org/ns#p http://ex.org/ns#o"}},
		{"blank node property list as subject", pre + `[ ex:p "x" ] .`, []string{`_:t1 http://ex.org/ns#p "x"`}},
		{"labelled blank nodes", pre + `_:a ex:p _:b .`, []string{"_:b-a http://ex.org/ns#p _:b-b"}},
		{"collection", pre + `ex:s ex:p ( "a" ) .`,
			[]string{`_:t1 ` + rdfFirst + ` "a"`, "_:t1 " + rdfRest + " " + rdfNil, "http://ex.org/ns#s http://ex.org/ns#p _:t1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := newGraph()
			if err := parseTurtle(tc.doc, "", g); err != nil {
				t.Fatal(err)
			}
			got := dumpTriples(g)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("triples:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
	for _, bad := range []string{`ex:s ex:p "x" .`, pre + `ex:s ex:p "open .`, pre + `ex:s ex:p ex:o`, pre + `ex:s ex:p <a b> .`} {
		if err := parseTurtle(bad, "", newGraph()); err == nil {
			t.Errorf("parseTurtle(%q) succeeded", bad)
		}
	}
}

func dumpTriples(g *graph) []string {
	show := func(t term) string {
		switch t.Kind {
		case termBlank:
			return "_:" + t.Value
		case termLiteral:
			s := `"` + t.Value + `"`
			if t.Lang != "" {
				return s + "@" + t.Lang
			}
			if t.Datatype != "" {
				return s + "^^" + t.Datatype
			}
			return s
		}
		return t.Value
	}
	var out []string
	for _, tr := range g.triples {
		out = append(out, show(tr.S)+" "+show(tr.P)+" "+show(tr.O))
	}
	return out
}

func TestRDFXMLSyntax(t *testing.T) {
	doc := `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://ex.org/ns#" xml:base="http://base.org/">
  <ex:Thing rdf:ID="one" ex:attr="v" xml:lang="th">
    <ex:lit>ข้อความ</ex:lit>
    <ex:typed rdf:datatype="http://www.w3.org/2001/XMLSchema#int">3</ex:typed>
    <ex:ref rdf:resource="two"/>
    <ex:nested><rdf:Description rdf:about="three"><ex:q>x</ex:q></rdf:Description></ex:nested>
    <ex:res rdf:parseType="Resource"><ex:r>y</ex:r></ex:res>
  </ex:Thing>
</rdf:RDF>`
	g := newGraph()
	if err := parseRDFXML(strings.NewReader(doc), "http://doc.org/", g); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"http://base.org/#one " + rdfType + " http://ex.org/ns#Thing",
		`http://base.org/#one http://ex.org/ns#attr "v"@th`,
		`http://base.org/#one http://ex.org/ns#lit "ข้อความ"@th`,
		`http://base.org/#one http://ex.org/ns#typed "3"^^http://www.w3.org/2001/XMLSchema#int`,
		"http://base.org/#one http://ex.org/ns#ref http://base.org/two",
		`http://base.org/three http://ex.org/ns#q "x"@th`,
		"http://base.org/#one http://ex.org/ns#nested http://base.org/three",
		"http://base.org/#one http://ex.org/ns#res _:x1",
		`_:x1 http://ex.org/ns#r "y"@th`,
	}
	if got := dumpTriples(g); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("triples:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if err := parseRDFXML(strings.NewReader(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><unclosed>`), "", newGraph()); err == nil {
		t.Error("broken XML parsed")
	}
}

func TestSniffRDFFormat(t *testing.T) {
	tests := []struct{ ctype, url, body, want string }{
		{"text/turtle; charset=utf-8", "http://x/c", "", formatTurtle},
		{"application/ld+json", "http://x/c", "", formatJSONLD},
		{"application/rdf+xml", "http://x/c.ttl", "", formatRDFXML},
		{"text/plain", "http://x/catalog.jsonld?page=2", "", formatJSONLD},
		{"", "http://x/catalog", `  {"@context": {}}`, formatJSONLD},
		{"", "http://x/catalog", `<?xml version="1.0"?><rdf:RDF/>`, formatRDFXML},
		{"", "http://x/catalog", `<http://a> <http://b> <http://c> .`, formatTurtle},
	}
	for _, tc := range tests {
		if got := sniffRDFFormat(tc.ctype, tc.url, []byte(tc.body)); got != tc.want {
			t.Errorf("sniffRDFFormat(%q, %q, %q) = %q, want %q", tc.ctype, tc.url, tc.body, got, tc.want)
		}
	}
}
