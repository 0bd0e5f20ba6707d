package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/khlang/khlang/charts"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// funcs are the helpers every template may call; language-dependent ones are methods
// of page instead.
var funcs = template.FuncMap{
	"add":         func(a, b int) int { return a + b },
	"datasetPath": datasetPath,
	"join":        strings.Join,
	"dict":        dict,
	"chartScript": func() string { return charts.ScriptPath },
	"chartStyle":  func() string { return charts.StylePath },
}

// dict builds a map from key, value pairs, to hand a partial template more than one value.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// pages are the page templates, each parsed with the layout and the shared partials.
var pages = mustParsePages()

func mustParsePages() map[string]*template.Template {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err) // a malformed glob is a programming error caught by every test
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		base := strings.TrimPrefix(n, "templates/")
		if base == "layout.html" || strings.HasPrefix(base, "_") {
			continue
		}
		t := template.Must(template.New(base).Funcs(funcs).ParseFS(templateFS,
			"templates/layout.html", "templates/_*.html", n))
		template.Must(t.Parse(charts.FigureTemplate))
		out[base] = t
	}
	return out
}

// asset is one embedded static file with its validator.
type asset struct {
	body  []byte
	etag  string
	ctype string
}

var assets, cssPath = loadAssets()

func loadAssets() (map[string]asset, string) {
	out := map[string]asset{}
	entries, err := fs.ReadDir(staticFS, "static")
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		b, err := staticFS.ReadFile("static/" + e.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(b)
		ctype := "application/octet-stream"
		switch {
		case strings.HasSuffix(e.Name(), ".css"):
			ctype = "text/css; charset=utf-8"
		case strings.HasSuffix(e.Name(), ".svg"):
			ctype = "image/svg+xml"
		}
		out[e.Name()] = asset{body: b, etag: `"` + hex.EncodeToString(sum[:8]) + `"`, ctype: ctype}
	}
	css := out["style.css"]
	return out, fmt.Sprintf("/static/style.css?v=%s", strings.Trim(css.etag, `"`))
}

// static serves an embedded asset with a strong ETag; a request that names the current
// version (?v=) may be cached for a year, others are revalidated.
func (h *Handler) static(w http.ResponseWriter, r *http.Request) {
	a, ok := assets[r.PathValue("file")]
	if !ok {
		h.errorPage(w, r, http.StatusNotFound)
		return
	}
	hd := w.Header()
	hd.Set("ETag", a.etag)
	hd.Set("Content-Type", a.ctype)
	hd.Set("X-Content-Type-Options", "nosniff")
	if v := r.URL.Query().Get("v"); v != "" && `"`+v+`"` == a.etag {
		hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		hd.Set("Cache-Control", "public, max-age=3600, must-revalidate")
	}
	http.ServeContent(w, r, "", time.Time{}, strings.NewReader(string(a.body)))
}
