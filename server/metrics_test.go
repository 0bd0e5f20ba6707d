package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/khlang/khlang/catalog"
)

func TestMetrics(t *testing.T) {
	ctx := context.Background()
	app, admin := openTestApp(t)
	user, err := app.Store.CreateUserWithToken(ctx, &catalog.User{Name: "reader", Email: "reader@example.org"}, "reader-password", "t")
	if err != nil {
		t.Fatal(err)
	}
	h := app.Handler()
	get := func(path, token string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	get("/healthz", "")
	get("/dataset/no-such-dataset", "")
	get("/api/3/action/package_show?id=no-such-dataset", "")

	for _, tc := range []struct{ name, token string }{{"anonymous", ""}, {"not a sysadmin", user}, {"unknown token", "nope"}} {
		if rec := get("/metrics", tc.token); rec.Code != http.StatusUnauthorized {
			t.Errorf("%s: /metrics answered %d, want 401", tc.name, rec.Code)
		}
	}
	rec := get("/metrics", admin)
	if rec.Code != http.StatusOK {
		t.Fatalf("sysadmin: /metrics answered %d: %s", rec.Code, rec.Body)
	}
	body := rec.Body.String()
	for _, want := range []string{
		`khlang_http_requests_total{code="200",method="GET",route="GET /healthz"} 1`,
		// Requests are labelled by their route pattern, not their path, so the label set
		// stays small.
		`khlang_http_requests_total{code="404",method="GET",route="GET /dataset/{name}"} 1`,
		`route="/api/3/action/{name}"`,
		`khlang_http_request_duration_seconds_bucket{route="GET /healthz",le="+Inf"} 1`,
		"khlang_search_index_seq ",
		"khlang_change_log_seq ",
		"go_goroutines ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(body, "no-such-dataset") {
		t.Error("a requested path reached a label")
	}
}
