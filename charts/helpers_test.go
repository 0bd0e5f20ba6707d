package charts

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
	"github.com/khlang/khlang/catalog/datastore"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// env is a catalog and a DataStore in a temporary folder.
type env struct {
	store *catalog.Store
	ds    *datastore.Store
	d     *Dashboards
}

func newEnv(t testing.TB) *env {
	t.Helper()
	ctx := context.Background()
	s := catalogtest.Open(t, catalogtest.Backends(t)[0])
	s.SetClock(func() time.Time { return time.Date(2025, 3, 6, 0, 0, 0, 0, time.UTC) })
	dstore, err := datastore.Open(ctx, filepath.Join(t.TempDir(), "datastore.db"), strings.Fields, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = dstore.Close() })
	return &env{store: s, ds: dstore, d: &Dashboards{Store: s, DataStore: dstore}}
}

// group creates a group (not an organization).
func (e *env) group(t testing.TB, name, title, titleEN string) {
	t.Helper()
	if err := e.store.CreateGroup(context.Background(), &catalog.Group{ID: fixtureID("g", name), Name: name, Title: title, TitleEN: titleEN}); err != nil {
		t.Fatal(err)
	}
}

// fixtureID makes a fixed, valid UUID from a name, so data links in golden files are stable.
func fixtureID(kind, name string) string {
	var h uint64 = 14695981039346656037
	for _, c := range []byte(kind + ":" + name) {
		h = (h ^ uint64(c)) * 1099511628211
	}
	return fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", uint32(h>>32), uint16(h>>16), uint16(h)&0xfff, uint16(h>>4)&0xfff, h&0xffffffffffff)
}

// dataset creates ds with one resource per file and loads each CSV into the DataStore.
func (e *env) dataset(t testing.TB, ds *catalog.Dataset, files ...[2]string) *catalog.Dataset {
	t.Helper()
	ctx := context.Background()
	ds.ID = fixtureID("d", ds.Name)
	for _, f := range files {
		ds.Resources = append(ds.Resources, catalog.Resource{ID: fixtureID("r", ds.Name+"/"+f[0]), Name: f[0], URL: f[0], URLType: "upload", Format: "CSV"})
	}
	if err := e.store.CreateDataset(ctx, ds); err != nil {
		t.Fatalf("create %s: %v", ds.Name, err)
	}
	for i, f := range files {
		id := ds.Resources[i].ID
		rep, err := e.ds.Load(ctx, id, strings.NewReader(f[1]), f[0], datastore.LoadOptions{})
		if err != nil {
			t.Fatalf("load %s: %v", f[0], err)
		}
		if rep.RowsRejected > 0 {
			t.Fatalf("load %s: %d rows rejected: %+v", f[0], rep.RowsRejected, rep.Rejections)
		}
		if err := e.store.SetDatastoreActive(ctx, id, true); err != nil {
			t.Fatal(err)
		}
	}
	got, err := e.store.Dataset(ctx, ds.Name)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// dump writes a page as text: each chart's fields, its table and its option JSON.
func dump(p *Page) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s (%s)\n", p.Title, p.Lang)
	for _, c := range p.Charts {
		b.WriteString(dumpChart(c))
	}
	return b.String()
}

func dumpChart(c *Chart) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n## %s\ntitle: %s\nnote: %s\ndata: %s (%s)\ntable: %s\n", c.ID, c.Title, c.Note, c.DataURL, c.DataLabel, c.TableLabel)
	fmt.Fprintf(&b, "  %s\n", strings.Join(c.Table.Headers, " | "))
	for _, r := range c.Table.Rows {
		fmt.Fprintf(&b, "  %s\n", strings.Join(r, " | "))
	}
	var opt bytes.Buffer
	if err := json.Indent(&opt, []byte(strings.TrimSuffix(strings.TrimSpace(c.Option), ";")), "", "  "); err != nil {
		fmt.Fprintf(&b, "option (not JSON: %v):\n%s\n", err, c.Option)
	} else {
		fmt.Fprintf(&b, "option:\n%s\n", opt.String())
	}
	return b.String()
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./charts -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (run with -update after checking the change):\n%s", name, diffLines(string(want), got))
	}
}

// diffLines shows the first lines that differ.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 10; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want %q\n   got %q\n", i+1, wl, gl)
			shown++
		}
	}
	return b.String()
}

// pageTemplate is the tiny page renderHTML puts charts into, as the web layer would.
var pageTemplate = template.Must(template.Must(template.New("page").Parse(FigureTemplate)).Parse(
	`<!DOCTYPE html><html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Title}}</title>` +
		`<link rel="stylesheet" href="/assets/charts.css"><script src="/assets/echarts.min.js"></script></head>` +
		`<body><h1>{{.Title}}</h1>{{range .Charts}}{{template "khlang-chart" .}}{{end}}</body></html>`))

// renderHTML renders charts into a small HTML page through html/template.
func renderHTML(t testing.TB, p *Page) string {
	t.Helper()
	var b bytes.Buffer
	if err := pageTemplate.Execute(&b, p); err != nil {
		t.Fatalf("render page: %v", err)
	}
	return b.String()
}

// element is one parsed element: its tag, attributes and text content.
type element struct {
	tag   string
	attrs map[string]string
	text  string
}

// parseHTML tokenizes page and checks that every element it opens is closed in order
// (void elements aside); it returns the elements, with the text of scripts and cells.
func parseHTML(t testing.TB, page string) []element {
	t.Helper()
	void := map[string]bool{"meta": true, "link": true, "br": true, "img": true, "input": true, "hr": true}
	z := html.NewTokenizer(strings.NewReader(page))
	var stack []int
	var out []element
	for {
		switch z.Next() {
		case html.ErrorToken:
			if len(stack) != 0 {
				t.Fatalf("unclosed elements: %v", stack)
			}
			return out
		case html.StartTagToken:
			tok := z.Token()
			el := element{tag: tok.Data, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				el.attrs[a.Key] = a.Val
			}
			out = append(out, el)
			if !void[tok.Data] {
				stack = append(stack, len(out)-1)
			}
		case html.EndTagToken:
			tok := z.Token()
			if len(stack) == 0 || out[stack[len(stack)-1]].tag != tok.Data {
				t.Fatalf("</%s> closes nothing open (open: %d elements)", tok.Data, len(stack))
			}
			stack = stack[:len(stack)-1]
		case html.TextToken:
			if len(stack) > 0 {
				out[stack[len(stack)-1]].text += string(z.Text())
			}
		}
	}
}
