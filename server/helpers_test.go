package server

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/khlang/khlang/catalog"
)

// openTestApp opens an empty app on a temporary data folder, closed when the test ends,
// with a sysadmin and that sysadmin's API token.
func openTestApp(t *testing.T) (*App, string) {
	t.Helper()
	ctx := context.Background()
	cfg := defaultConfig()
	cfg.Data, cfg.NoSeed = t.TempDir(), true
	app, err := OpenApp(ctx, cfg, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app.Close)
	token, err := app.Store.CreateUserWithToken(ctx, &catalog.User{Name: "admin", Email: "admin@example.org", Sysadmin: true}, "admin-password", "t")
	if err != nil {
		t.Fatal(err)
	}
	return app, token
}

// apiCall posts a JSON body to a CKAN action on h with token and returns its result; an
// error envelope fails the test.
func apiCall(t *testing.T, h http.Handler, token, action, body string) map[string]any {
	t.Helper()
	req := httptest.NewRequest("POST", "/api/3/action/"+action, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", token)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var env struct {
		Success bool           `json:"success"`
		Result  map[string]any `json:"result"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &env); err != nil || !env.Success {
		t.Fatalf("%s: %s", action, rec.Body)
	}
	return env.Result
}
