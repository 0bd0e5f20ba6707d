package server

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
)

// A resource deleted through either API loses its DataStore table, as CKAN drops it.
func TestDeletedResourceLosesItsTable(t *testing.T) {
	app, token := openTestApp(t)
	h := app.Handler()
	apiCall(t, h, token, "organization_create", `{"name":"org"}`)
	for _, via := range []string{"ckan", "graphql"} {
		t.Run(via, func(t *testing.T) {
			res := apiCall(t, h, token, "package_create", `{"name":"ds-`+via+`","owner_org":"org","resources":[{"name":"rows","url":"http://example.org/r.csv"}]}`)
			id := res["resources"].([]any)[0].(map[string]any)["id"].(string)
			apiCall(t, h, token, "datastore_create", `{"resource_id":"`+id+`","force":true,"records":[{"a":1}]}`)
			if via == "ckan" {
				apiCall(t, h, token, "resource_delete", `{"id":"`+id+`"}`)
			} else {
				req := httptest.NewRequest("POST", "/graphql", strings.NewReader(`{"query":"mutation { deleteResource(id: \"`+id+`\") }"}`))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", token)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != 200 || strings.Contains(rec.Body.String(), `"errors"`) {
					t.Fatalf("deleteResource: %d %s", rec.Code, rec.Body)
				}
			}
			if ok, err := app.DataStore.Exists(context.Background(), id); err != nil || ok {
				t.Fatalf("the table of resource %s outlived it (%v)", id, err)
			}
		})
	}
}
