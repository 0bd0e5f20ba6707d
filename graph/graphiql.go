package graph

import (
	"bytes"
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

// GraphiQL, the in-browser IDE, is served from the binary: its script comes from the npm
// registry by version (graph/assets/package.json and its lock), fetched by `go
// generate ./graph/...` into the git-ignored assets/dist and embedded, so the page loads
// nothing from another host and works with no internet.

//go:embed assets/dist/*
var graphiqlFS embed.FS

// AssetPrefix is the path under which GraphiQL's files are served; the server routes
// it to the GraphQL handler.
const AssetPrefix = "/graphql/assets/"

// graphiqlScripts are the embedded files the page loads, in order.
var graphiqlScripts = []string{"react.production.min.js", "react-dom.production.min.js", "graphiql.min.js"}

// graphiqlCSP lets the page load scripts and styles from this server only. Styles may
// be inline because GraphiQL's editor positions its panes with style attributes.
const graphiqlCSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
	"font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// graphiqlBoot starts GraphiQL against this endpoint. It is a file of its own because
// the page's policy allows no inline script.
const graphiqlBoot = `(function () {
  var url = location.pathname.replace(/\/+$/, "") || "/graphql";
  var fetcher = GraphiQL.createFetcher({ url: url });
  var query = "# Khlang's GraphQL API. Put an API token in the headers below to see private data\n" +
    "# and to run mutations: {\"Authorization\": \"<token>\"}\n" +
    "{\n  datasets(search: {q: \"อินเทอร์เน็ต\"}, first: 5) {\n    totalCount\n" +
    "    nodes { name title titleEN organization { title } resources { format url } }\n" +
    "    facets(fields: [\"organization\", \"framework\"], limit: 5) { field items { name count } }\n  }\n}\n";
  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(GraphiQL, { fetcher: fetcher, defaultQuery: query, defaultEditorToolsVisibility: true }));
})();
`

// graphiqlStyle makes the IDE fill the window.
const graphiqlStyle = "html, body, #graphiql { height: 100%; margin: 0; }\n"

// graphiqlAvailable reports whether `go generate` embedded GraphiQL in this build.
func graphiqlAvailable() bool {
	for _, f := range graphiqlScripts {
		if _, err := fs.Stat(graphiqlFS, "assets/dist/"+f); err != nil {
			return false
		}
	}
	return true
}

// wantsHTML reports whether a request is a browser's page load (a GET that accepts
// HTML and sends no query), which gets GraphiQL instead of a GraphQL answer.
func wantsHTML(r *http.Request) bool {
	if r.Method != http.MethodGet || r.URL.Query().Has("query") || r.URL.Query().Has("extensions") {
		return false
	}
	return strings.Contains(r.Header.Get("Accept"), "text/html")
}

// serveGraphiQL answers the IDE's page, or, when the build lacks GraphiQL, a page that
// says how to add it.
func serveGraphiQL(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", graphiqlCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Vary", "Accept")
	if !graphiqlAvailable() {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>GraphiQL is not in this build</title></head>` +
			`<body><h1>GraphiQL is not in this build</h1><p>The GraphQL API answers at this URL (POST JSON or GET <code>?query=</code>), ` +
			`but the in-browser IDE was not embedded: run <code>go generate ./graph/...</code> (it needs npm) and rebuild.</p></body></html>`))
		return
	}
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
		`<title>Khlang GraphQL · GraphiQL</title>`)
	for _, css := range []string{"graphiql.min.css", "khlang-graphiql.css"} {
		b.WriteString(`<link rel="stylesheet" href="` + AssetPrefix + css + `">`)
	}
	b.WriteString(`</head><body><div id="graphiql">Loading GraphiQL…</div>`)
	for _, js := range append(graphiqlScripts, "khlang-graphiql.js") {
		b.WriteString(`<script src="` + AssetPrefix + js + `"></script>`)
	}
	b.WriteString(`</body></html>`)
	_, _ = w.Write([]byte(b.String()))
}

// assetStart is the modification time of the embedded files (embed keeps none).
var assetStart = time.Now()

// serveAsset serves one of GraphiQL's files under AssetPrefix; a file missing from the
// build answers 503 saying what to run.
func serveAsset(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := path.Base(strings.TrimPrefix(r.URL.Path, AssetPrefix))
	var body []byte
	switch name {
	case "khlang-graphiql.js":
		body = []byte(graphiqlBoot)
	case "khlang-graphiql.css":
		body = []byte(graphiqlStyle)
	default:
		if !strings.HasSuffix(name, ".js") && !strings.HasSuffix(name, ".css") {
			http.NotFound(w, r)
			return
		}
		b, err := fs.ReadFile(graphiqlFS, "assets/dist/"+name)
		if err != nil {
			if strings.HasPrefix(name, "graphiql") || strings.HasPrefix(name, "react") {
				http.Error(w, "GraphiQL is not embedded in this build: run `go generate ./graph/...` (it needs npm) and rebuild",
					http.StatusServiceUnavailable)
				return
			}
			http.NotFound(w, r)
			return
		}
		body = b
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.ServeContent(w, r, name, assetStart, bytes.NewReader(body))
}
