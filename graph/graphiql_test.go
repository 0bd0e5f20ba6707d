package graph

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
)

// testGraphiQL checks that a browser gets GraphiQL from the binary, with no other host
// in the page, while GraphQL requests are answered as before.
func testGraphiQL(t *testing.T, fx *fixture) {
	get := func(path, accept string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		w := httptest.NewRecorder()
		fx.h.ServeHTTP(w, req)
		return w
	}
	if !graphiqlAvailable() {
		if os.Getenv("CI") != "" {
			t.Fatal("GraphiQL is not embedded: CI must run `go generate ./graph/...` before the tests")
		}
		w := get("/graphql", "text/html")
		if w.Code != http.StatusServiceUnavailable || !strings.Contains(w.Body.String(), "go generate ./graph/...") {
			t.Fatalf("without GraphiQL: %d %s", w.Code, w.Body.String())
		}
		t.Skip("GraphiQL is not embedded; run go generate ./graph/...")
	}

	w := get("/graphql", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	page := w.Body.String()
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("page: %d %s", w.Code, w.Header().Get("Content-Type"))
	}
	csp := w.Header().Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "http") {
		t.Fatalf("CSP %q", csp)
	}
	if strings.Contains(page, "http://") || strings.Contains(page, "https://") || strings.Contains(page, "<script>") {
		t.Fatalf("the page names another host or has an inline script: %s", page)
	}
	srcs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(srcs) != 6 {
		t.Fatalf("page loads %d files: %s", len(srcs), page)
	}
	for _, m := range srcs {
		a := get(m[1], "")
		body, _ := io.ReadAll(a.Body)
		if a.Code != http.StatusOK || len(body) == 0 {
			t.Fatalf("%s: %d", m[1], a.Code)
		}
		if strings.HasSuffix(m[1], "graphiql.min.js") && !strings.Contains(string(body), "window.GraphiQL") {
			t.Fatalf("%s is not GraphiQL's browser bundle", m[1])
		}
		if strings.HasSuffix(m[1], "react-dom.production.min.js") && !strings.Contains(string(body), "createRoot") {
			t.Fatalf("%s is not React DOM 18", m[1])
		}
	}
	if a := get(AssetPrefix+"../handler.go", ""); a.Code != http.StatusNotFound {
		t.Fatalf("path outside the assets: %d", a.Code)
	}
	// A GET with a query, or without HTML in Accept, is still a GraphQL request.
	for _, c := range []struct{ path, accept string }{
		{"/graphql?query=%7B__typename%7D", "text/html"},
		{"/graphql?query=%7B__typename%7D", "application/json"},
	} {
		w := get(c.path, c.accept)
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"__typename":"Query"`) {
			t.Fatalf("%s with %s: %d %s", c.path, c.accept, w.Code, w.Body.String())
		}
	}
}
