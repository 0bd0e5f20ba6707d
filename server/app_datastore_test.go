package server

import (
	"context"
	"encoding/json"
	"flag"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

// datastore_search_sql exists only when the setting turns it on, as CKAN's
// ckan.datastore.sqlsearch.enabled: off by default it is an unknown action.
func TestDataStoreSQLSetting(t *testing.T) {
	for _, tc := range []struct {
		name     string
		args     []string
		env      map[string]string
		wantCode int
	}{
		{name: "default off", wantCode: http.StatusBadRequest},
		{name: "flag", args: []string{"--datastore-sql"}, wantCode: http.StatusOK},
		{name: "env", env: map[string]string{"KHLANG_DATASTORE_SQL": "true"}, wantCode: http.StatusOK},
		{name: "flag false wins over env", args: []string{"--datastore-sql=false"}, env: map[string]string{"KHLANG_DATASTORE_SQL": "1"},
			wantCode: http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := defaultConfig()
			args := append([]string{"--data", t.TempDir(), "--no-seed"}, tc.args...)
			if err := cfg.parseFlags(flag.NewFlagSet("t", flag.ContinueOnError), args, func(k string) string { return tc.env[k] },
				"data", "no-seed", "datastore-sql"); err != nil {
				t.Fatal(err)
			}
			app, err := OpenApp(context.Background(), cfg, slog.New(slog.DiscardHandler), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer app.Close()
			h := app.Handler()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/3/action/datastore_search_sql?sql="+url.QueryEscape("SELECT 1 AS one"), nil))
			if rec.Code != tc.wantCode {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.wantCode, rec.Body)
			}
			if tc.wantCode == http.StatusBadRequest {
				var msg string
				if err := json.Unmarshal(rec.Body.Bytes(), &msg); err != nil || msg != "Bad request - Action name not known: datastore_search_sql" {
					t.Fatalf("body %s, want CKAN's bare unknown-action string", rec.Body)
				}
				return
			}
			var env struct {
				Success bool `json:"success"`
				Result  struct {
					Records []map[string]any `json:"records"`
				} `json:"result"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &env); err != nil || !env.Success || len(env.Result.Records) != 1 ||
				env.Result.Records[0]["one"] != float64(1) {
				t.Fatalf("body %s", rec.Body)
			}
		})
	}
}
