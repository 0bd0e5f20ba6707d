package server

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/khlang/khlang/catalog"
)

// A resource deleted through either API loses its DataStore table, as CKAN drops it.
func TestDeletedResourceLosesItsTable(t *testing.T) {
	ctx := context.Background()
	cfg := defaultConfig()
	cfg.Data, cfg.NoSeed = t.TempDir(), true
	app, err := OpenApp(ctx, cfg, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	token, err := app.Store.CreateUserWithToken(ctx, &catalog.User{Name: "admin", Email: "a@example.org", Sysadmin: true}, "admin-password", "t")
	if err != nil {
		t.Fatal(err)
	}
	h := app.Handler()
	post := func(path, body string) (int, []byte) {
		req := httptest.NewRequest("POST", path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code, rec.Body.Bytes()
	}
	action := func(name, body string) map[string]any {
		t.Helper()
		_, raw := post("/api/3/action/"+name, body)
		var env struct {
			Success bool           `json:"success"`
			Result  map[string]any `json:"result"`
		}
		if err := json.Unmarshal(raw, &env); err != nil || !env.Success {
			t.Fatalf("%s: %s", name, raw)
		}
		return env.Result
	}
	action("organization_create", `{"name":"org"}`)
	for _, via := range []string{"ckan", "graphql"} {
		t.Run(via, func(t *testing.T) {
			res := action("package_create", `{"name":"ds-`+via+`","owner_org":"org","resources":[{"name":"rows","url":"http://example.org/r.csv"}]}`)
			id := res["resources"].([]any)[0].(map[string]any)["id"].(string)
			action("datastore_create", `{"resource_id":"`+id+`","force":true,"records":[{"a":1}]}`)
			if via == "ckan" {
				action("resource_delete", `{"id":"`+id+`"}`)
			} else {
				code, raw := post("/graphql", `{"query":"mutation { deleteResource(id: \"`+id+`\") }"}`)
				if code != 200 || strings.Contains(string(raw), `"errors"`) {
					t.Fatalf("deleteResource: %d %s", code, raw)
				}
			}
			if ok, err := app.DataStore.Exists(ctx, id); err != nil || ok {
				t.Fatalf("the table of resource %s outlived it (%v)", id, err)
			}
		})
	}
}
