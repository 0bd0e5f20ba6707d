package ckan_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
)

// TestCompatCKANAPIClient drives the API with the ckanapi npm client (version pinned in
// testdata/compat/package-lock.json) through testdata/compat/compat.mjs. Outside CI it
// is skipped when Node or npm is missing; in CI (CI set) it must run.
func TestCompatCKANAPIClient(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Node")
	}
	node, nodeErr := exec.LookPath("node")
	npm, npmErr := exec.LookPath("npm")
	if nodeErr != nil || npmErr != nil {
		if os.Getenv("CI") == "" {
			t.Skip("node and npm are needed for the ckanapi compatibility test")
		}
		t.Fatalf("CI must run the ckanapi compatibility test: node: %v, npm: %v", nodeErr, npmErr)
	}
	dir, err := filepath.Abs(filepath.Join("testdata", "compat"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	install := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund", "--prefer-offline")
	install.Dir = dir
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("npm ci: %v\n%s", err, out)
	}

	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		e, _ := newDataStoreEnv(t, s, false)
		srv := httptest.NewUnstartedServer(e.mux)
		defer srv.Close()
		// The envelope's links must point at the server the client talks to.
		e.api.SiteURL = "http://" + srv.Listener.Addr().String()
		srv.Start()

		cmd := exec.CommandContext(ctx, node, "compat.mjs", srv.URL, e.tokens["nso-editor"])
		cmd.Dir = dir
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("compat.mjs: %v\n%s", err, stderr.Bytes())
		}
		var got struct {
			StatusShow    map[string]any `json:"status_show"`
			PackageList   []string       `json:"package_list"`
			PackageShow   map[string]any `json:"package_show"`
			PackageSearch struct {
				Count        int                       `json:"count"`
				Results      []map[string]any          `json:"results"`
				SearchFacets map[string]map[string]any `json:"search_facets"`
			} `json:"package_search"`
			OrganizationShow map[string]any `json:"organization_show"`
			NotFound         map[string]any `json:"not_found"`
			PrivateAnonymous map[string]any `json:"private_anonymous"`
			PrivateWithToken map[string]any `json:"private_with_token"`
			Documentation    string         `json:"documentation"`
			WriteFlow        struct {
				Created         map[string]any      `json:"created"`
				Uploaded        map[string]any      `json:"uploaded"`
				Downloaded      string              `json:"downloaded"`
				Patched         map[string]any      `json:"patched"`
				Found           struct{ Count int } `json:"found"`
				Deleted         any                 `json:"deleted"`
				AfterDelete     struct{ Count int } `json:"after_delete"`
				AnonymousCreate map[string]any      `json:"anonymous_create"`
				Invalid         map[string]any      `json:"invalid"`
			} `json:"write_flow"`
			DataStore struct {
				Created struct {
					ResourceID string           `json:"resource_id"`
					Method     string           `json:"method"`
					Fields     []map[string]any `json:"fields"`
					Records    any              `json:"records"`
				} `json:"created"`
				Filtered struct {
					Total   int              `json:"total"`
					Records []map[string]any `json:"records"`
					Links   map[string]any   `json:"_links"`
				} `json:"filtered"`
				Thai struct {
					Total   int              `json:"total"`
					Records []map[string]any `json:"records"`
				} `json:"thai"`
				AnonymousCreate map[string]any `json:"anonymous_create"`
				NotFound        map[string]any `json:"not_found"`
			} `json:"datastore"`
		}
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("output is not JSON: %v\n%s", err, out)
		}
		if got.StatusShow["ckan_version"] != "2.11.5" || got.StatusShow["site_url"] != srv.URL {
			t.Errorf("status_show = %v", got.StatusShow)
		}
		if !slices.Equal(got.PackageList, publicNames) {
			t.Errorf("package_list = %v", got.PackageList)
		}
		if got.PackageShow["name"] != "internet-users" || got.PackageShow["id"] != e.ids["internet-users"] {
			t.Errorf("package_show = %v", got.PackageShow)
		}
		if got.PackageSearch.Count != 5 || len(got.PackageSearch.Results) != 2 {
			t.Errorf("package_search count %d, %d results", got.PackageSearch.Count, len(got.PackageSearch.Results))
		}
		if items, _ := got.PackageSearch.SearchFacets["organization"]["items"].([]any); len(items) != 1 {
			t.Errorf("organization facet = %v", got.PackageSearch.SearchFacets["organization"])
		} else if item, _ := items[0].(map[string]any); item["display_name"] != "สำนักงานสถิติแห่งชาติ" || item["count"] != float64(5) {
			t.Errorf("organization facet item = %v", item)
		}
		if _, ok := got.PackageSearch.SearchFacets["license_id"]; !ok {
			t.Errorf("license_id facet missing: %v", got.PackageSearch.SearchFacets)
		}
		if pkgs, _ := got.OrganizationShow["packages"].([]any); got.OrganizationShow["name"] != "nso" || len(pkgs) != 5 {
			t.Errorf("organization_show = %v", got.OrganizationShow)
		}
		if got.NotFound["__type"] != "Not Found Error" {
			t.Errorf("not-found error = %v", got.NotFound)
		}
		if got.PrivateAnonymous["__type"] != "Authorization Error" {
			t.Errorf("private dataset error = %v", got.PrivateAnonymous)
		}
		if got.PrivateWithToken["name"] != "secret-survey" {
			t.Errorf("private dataset with token = %v", got.PrivateWithToken)
		}
		w := got.WriteFlow
		if w.Created["name"] != "compat-written" || w.Created["owner_org"] == nil {
			t.Errorf("package_create = %v", w.Created)
		}
		if w.Uploaded["url_type"] != "upload" || w.Uploaded["size"] != float64(len("year,value\n2568,1\n")) || w.Uploaded["mimetype"] != "text/csv" {
			t.Errorf("resource_create upload = %v", w.Uploaded)
		}
		if w.Downloaded != "year,value\n2568,1\n" {
			t.Errorf("downloaded %q", w.Downloaded)
		}
		if w.Patched["notes"] != "patched by ckanapi" || w.Patched["num_resources"] != float64(1) {
			t.Errorf("package_patch = %v", w.Patched)
		}
		if w.Found.Count != 1 || w.AfterDelete.Count != 0 || w.Deleted != nil {
			t.Errorf("search after create %d, after delete %d, delete result %v", w.Found.Count, w.AfterDelete.Count, w.Deleted)
		}
		if w.AnonymousCreate["__type"] != "Authorization Error" {
			t.Errorf("anonymous create = %v", w.AnonymousCreate)
		}
		if w.Invalid["__type"] != "Validation Error" || fmt.Sprint(w.Invalid["owner_org"]) != "[An organization must be provided]" {
			t.Errorf("invalid create = %v", w.Invalid)
		}
		ds := got.DataStore
		if ds.Created.ResourceID == "" || ds.Created.Method != "insert" || len(ds.Created.Fields) != 2 || ds.Created.Records != nil {
			t.Errorf("datastore_create = %+v", ds.Created)
		}
		if ds.Filtered.Total != 1 || len(ds.Filtered.Records) != 1 || ds.Filtered.Records[0]["funds"] != float64(2339) ||
			ds.Filtered.Links["next"] != "/api/3/action/datastore_search?offset=100" {
			t.Errorf("datastore_search by filter = %+v", ds.Filtered)
		}
		if ds.Thai.Total != 1 || ds.Thai.Records[0]["province"] != "เชียงใหม่" {
			t.Errorf("datastore_search by a Thai word = %+v", ds.Thai)
		}
		if ds.AnonymousCreate["__type"] != "Authorization Error" {
			t.Errorf("anonymous datastore_create = %v", ds.AnonymousCreate)
		}
		if ds.NotFound["__type"] != "Not Found Error" || ds.NotFound["message"] != `Not found: Resource "no-such-table" was not found.` {
			t.Errorf("datastore_search of an unknown table = %v", ds.NotFound)
		}
		if len(got.Documentation) < 100 {
			t.Errorf("documentation = %q", got.Documentation)
		}
	})
}
