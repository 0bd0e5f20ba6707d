package ckan_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
)

// TestDerivedResources checks an indicator's exports in the CKAN resource list: listed
// after the stored resources by package_show and package_search, shown by resource_show,
// refused as writes, and dropped when a package_update sends them back.
func TestDerivedResources(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		e := newWriteEnv(t, s)
		e.api.MaxBodyBytes = 1 << 20 // a whole package dict goes back in package_update
		ctx := context.Background()
		mk := func(name string, private bool) *catalog.Dataset {
			d := &catalog.Dataset{Name: name, Title: "ตัวชี้วัด " + name, OwnerOrg: ptr("nso"), LicenseID: "cc-by", Private: private,
				Indicator: catalog.Indicator{IndicatorCode: strings.ToUpper(name)},
				Resources: []catalog.Resource{{Name: "observations", Format: "CSV", URL: name + ".csv", URLType: "upload"}}}
			if err := s.CreateDataset(ctx, d); err != nil {
				t.Fatal(err)
			}
			return d
		}
		ind, secret := mk("tddc-derived-001", false), mk("tddc-derived-secret", true)
		e.sync(t)

		show := func(as, name string) map[string]any {
			t.Helper()
			return obj(t, e.do(t, nil, request{path: "/api/3/action/package_show?id=" + name, as: as}).result(t))
		}
		derivedOf := func(p map[string]any) []map[string]any {
			var out []map[string]any
			for _, r := range list(t, p["resources"]) {
				if m := obj(t, r); m["resource_type"] == "derived" {
					out = append(out, m)
				}
			}
			return out
		}
		p := show("", ind.Name)
		res := list(t, p["resources"])
		derived := derivedOf(p)
		if len(res) != 6 || len(derived) != 5 || obj(t, res[0])["id"] != ind.Resources[0].ID || num(t, p["num_resources"]) != 1 {
			t.Fatalf("resources %v (num_resources %v), want the stored one then 5 derived", res, p["num_resources"])
		}
		wantFormats := []string{"SDMX-CSV", "SDMX-JSON", "JSON-stat", "CSV", "XLSX"}
		wantExts := []string{"sdmx.csv", "sdmx.json", "jsonstat.json", "csv", "xlsx"}
		for i, d := range derived {
			if d["format"] != wantFormats[i] || d["url"] != siteURL+"/dataset/"+ind.Name+"/indicator."+wantExts[i] ||
				d["package_id"] != ind.ID || d["url_type"] != nil || d["datastore_active"] != false {
				t.Errorf("derived resource %d = %v", i, d)
			}
		}

		// package_search and current_package_list_with_resources list them too.
		sr := obj(t, e.do(t, nil, request{path: "/api/3/action/package_search?fq=name:" + ind.Name}).result(t))
		if got := derivedOf(obj(t, list(t, sr["results"])[0])); len(got) != 5 {
			t.Errorf("package_search lists %d derived resources, want 5", len(got))
		}
		// A dataset without an indicator code gets none.
		if got := derivedOf(show("", "internet-users")); len(got) != 0 {
			t.Errorf("internet-users has derived resources %v", got)
		}

		// resource_show works for a derived id, follows the dataset's permissions, and an
		// unknown one is still not found.
		id := derived[0]["id"].(string)
		rs := obj(t, e.do(t, nil, request{path: "/api/3/action/resource_show?id=" + id}).result(t))
		if rs["url"] != derived[0]["url"] || rs["resource_type"] != "derived" {
			t.Errorf("resource_show(%s) = %v", id, rs)
		}
		secretID := derivedOf(show("admin", secret.Name))[1]["id"].(string)
		if r := e.do(t, nil, request{path: "/api/3/action/resource_show?id=" + secretID}); r.status != http.StatusForbidden {
			t.Errorf("anonymous resource_show of a private indicator's export: %d %s", r.status, r.raw)
		}
		if r := e.do(t, nil, request{path: "/api/3/action/resource_show?id=" + secretID, as: "nso-member"}); r.status != http.StatusOK {
			t.Errorf("member resource_show of a private indicator's export: %d %s", r.status, r.raw)
		}
		for _, bad := range []string{"nope-export-sdmx-csv", ind.ID + "-export-pdf", e.ids["internet-users"] + "-export-csv"} {
			if r := e.do(t, nil, request{path: "/api/3/action/resource_show?id=" + bad}); r.status != http.StatusNotFound {
				t.Errorf("resource_show(%s): %d %s", bad, r.status, r.raw)
			}
		}

		// Writes: a derived resource is not stored, and no stored one may claim the type.
		if r := e.post(t, "admin", "resource_update", map[string]any{"id": id, "url": "https://example.org/x"}); r.status != http.StatusNotFound {
			t.Errorf("resource_update of a derived resource: %d %s", r.status, r.raw)
		}
		if r := e.post(t, "admin", "resource_create", map[string]any{"package_id": ind.Name, "url": "https://example.org/x",
			"resource_type": "derived"}); r.status != http.StatusConflict || !strings.Contains(string(r.raw), "reserved") {
			t.Errorf("resource_create with resource_type derived: %d %s", r.status, r.raw)
		}
		// The package_show dict sent back whole changes nothing stored.
		p["notes"] = "updated through a round trip"
		if r := e.post(t, "admin", "package_update", p); r.status != http.StatusOK {
			t.Fatalf("package_update with the derived resources sent back: %d %s", r.status, r.raw)
		}
		stored, err := s.Dataset(ctx, ind.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(stored.Resources) != 1 || stored.Notes != "updated through a round trip" {
			t.Fatalf("stored after the round trip: %d resources, notes %q", len(stored.Resources), stored.Notes)
		}
		if after := show("", ind.Name); len(list(t, after["resources"])) != 6 {
			t.Errorf("package_show after the round trip lists %d resources, want 6", len(list(t, after["resources"])))
		}
	})
}
