package charts

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestAssetHandler(t *testing.T) {
	h := AssetHandler()
	script, scriptErr := Asset()
	get := func(path string, header ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	if scriptErr != nil {
		// A build from a fresh clone: the script is missing and the handler says how to fix it.
		if !errors.Is(scriptErr, ErrAssetMissing) {
			t.Fatalf("Asset: %v", scriptErr)
		}
		rec := get(ScriptPath)
		if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "go generate ./charts/...") {
			t.Errorf("missing script: %d %q, want 503 naming go generate", rec.Code, rec.Body.String())
		}
		t.Log("echarts.min.js not generated: only the 503 path was tested")
	} else {
		if !strings.Contains(string(script[:min(len(script), 4096)]), "echarts") || len(script) < 500_000 {
			t.Errorf("embedded script (%d bytes) does not look like echarts.min.js", len(script))
		}
		rec := get(ScriptPath)
		etag := rec.Header().Get("ETag")
		if rec.Code != http.StatusOK || rec.Body.Len() != len(script) || etag == "" ||
			!strings.Contains(rec.Header().Get("Cache-Control"), "max-age=") ||
			!strings.HasPrefix(rec.Header().Get("Content-Type"), "text/javascript") {
			t.Fatalf("script: %d, %d bytes, headers %v", rec.Code, rec.Body.Len(), rec.Header())
		}
		if rec := get(ScriptPath, "If-None-Match", etag); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
			t.Errorf("revalidation: %d with %d bytes, want 304", rec.Code, rec.Body.Len())
		}
	}
	css := get(StylePath)
	if css.Code != http.StatusOK || !strings.Contains(css.Body.String(), ".khlang-chart") || css.Header().Get("ETag") == "" {
		t.Errorf("stylesheet: %d %v", css.Code, css.Header())
	}
	if rec := get("/assets/other.js"); rec.Code != http.StatusNotFound {
		t.Errorf("unknown asset: %d, want 404", rec.Code)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, ScriptPath, nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d, want 405", rec.Code)
	}
}
