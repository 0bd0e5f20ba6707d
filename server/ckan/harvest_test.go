package ckan_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
)

// TestHarvestActions reads sources and run reports through ckanext-harvest's actions: the
// source list to anyone (its config, which holds the remote API key, to sysadmins only),
// the runs to the source organization's editors and admins and to sysadmins.
func TestHarvestActions(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		e := newWriteEnv(t, s)
		ctx := context.Background()
		src := &catalog.HarvestSource{Name: "peer", Type: "ckan", URL: "https://peer.example.go.th/", Org: "nso",
			Config: `{"api_key":"remote-secret"}`, Frequency: "WEEKLY"}
		if err := s.CreateHarvestSource(ctx, src); err != nil {
			t.Fatal(err)
		}
		start := time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)
		done := &catalog.HarvestRun{SourceID: src.ID, Started: start, Finished: start.Add(time.Minute), Full: true,
			Status: catalog.HarvestErrors, Created: 5, Updated: 2, Unchanged: 40, Deleted: 1,
			Errors: []catalog.HarvestError{{ID: "a", Message: "Missing value: name"}, {ID: "b", Message: "Missing value: name"},
				{ID: "c", Message: "URL not valid"}}}
		failed := &catalog.HarvestRun{SourceID: src.ID, Started: start.Add(time.Hour), Finished: start.Add(time.Hour),
			Status: catalog.HarvestFailed, Message: "read https://peer.example.go.th/: connection refused"}
		for _, r := range []*catalog.HarvestRun{done, failed} {
			if err := s.SaveHarvestRun(ctx, r); err != nil {
				t.Fatal(err)
			}
		}

		get := func(as, name string, q ...string) response {
			return e.do(t, nil, request{path: action(name, q...), as: as})
		}
		// Anyone may list the sources; only a sysadmin sees the config.
		for _, as := range []string{"", "outsider", "admin"} {
			r := get(as, "harvest_source_list")
			list, ok := r.result(t).([]any)
			if !ok || len(list) != 1 {
				t.Fatalf("%q: harvest_source_list = %s", as, r.raw)
			}
			d := list[0].(map[string]any)
			_, hasConfig := d["config"]
			if d["name"] != "peer" || d["frequency"] != "WEEKLY" || d["publisher_title"] != "สำนักงานสถิติแห่งชาติ" ||
				hasConfig != (as == "admin") {
				t.Errorf("%q: source %v", as, d)
			}
			status := d["status"].(map[string]any)
			if status["job_count"] != json.Number("2") || status["last_harvest_request"] != catalog.FormatTime(failed.Finished) {
				t.Errorf("%q: status %v", as, status)
			}
		}
		if r := get("", "harvest_source_show", "id", "peer"); r.result(t).(map[string]any)["id"] != src.ID {
			t.Errorf("harvest_source_show by name: %s", r.raw)
		}
		if r := get("", "harvest_source_show", "id", "nope"); r.status != http.StatusNotFound {
			t.Errorf("unknown source: %d %s", r.status, r.raw)
		}

		// Runs: editors and admins of nso and sysadmins; nobody else.
		for _, tc := range []struct {
			as     string
			status int
		}{
			{"", http.StatusForbidden}, {"outsider", http.StatusForbidden}, {"nso-member", http.StatusForbidden},
			{"depa-admin", http.StatusForbidden}, {"nso-editor", http.StatusOK}, {"nso-admin", http.StatusOK}, {"admin", http.StatusOK},
		} {
			if r := get(tc.as, "harvest_job_list", "source_id", "peer"); r.status != tc.status {
				t.Errorf("%q: harvest_job_list %d, want %d: %s", tc.as, r.status, tc.status, r.raw)
			}
			if r := get(tc.as, "harvest_job_show", "id", done.ID); r.status != tc.status {
				t.Errorf("%q: harvest_job_show %d, want %d: %s", tc.as, r.status, tc.status, r.raw)
			}
		}
		jobs := get("nso-editor", "harvest_job_list", "source_id", src.ID).result(t).([]any)
		if len(jobs) != 2 || jobs[0].(map[string]any)["id"] != failed.ID {
			t.Fatalf("jobs %v, want the failed run first", jobs)
		}
		gather := jobs[0].(map[string]any)["gather_error_summary"].([]any)
		if len(gather) != 1 || gather[0].([]any)[0] != failed.Message {
			t.Errorf("gather errors %v", gather)
		}
		if r := get("nso-editor", "harvest_job_list", "source_id", "peer", "status", "Running"); len(r.result(t).([]any)) != 0 {
			t.Errorf("Running jobs: %s", r.raw)
		}
		if r := get("nso-editor", "harvest_job_list", "source_id", "peer", "status", "Done"); r.status != http.StatusConflict {
			t.Errorf("a status ckanext-harvest does not have: %d %s", r.status, r.raw)
		}

		job := get("nso-admin", "harvest_job_show", "id", done.ID).result(t).(map[string]any)
		stats := job["stats"].(map[string]any)
		want := map[string]json.Number{"added": "5", "updated": "2", "not modified": "40", "errored": "3", "deleted": "1"}
		for k, v := range want {
			if stats[k] != v {
				t.Errorf("stats[%q] = %v, want %s", k, stats[k], v)
			}
		}
		summary := job["object_error_summary"].([]any)
		if len(summary) != 2 || summary[0].([]any)[0] != "Missing value: name" || summary[0].([]any)[1] != json.Number("2") {
			t.Errorf("error summary %v", summary)
		}
		if errs := job["errors"].([]any); len(errs) != 3 || errs[2].(map[string]any)["message"] != "URL not valid" {
			t.Errorf("errors %v", errs)
		}
		if job["status"] != "Finished" || job["khlang_status"] != catalog.HarvestErrors || job["full"] != true {
			t.Errorf("job %v", job)
		}
		if r := get("admin", "harvest_job_show", "id", "nope"); r.status != http.StatusNotFound {
			t.Errorf("unknown job: %d %s", r.status, r.raw)
		}

		// harvest_job_create exists only with a harvester wired in, and asks the same
		// permission as the job list; the run itself is the harvester's (tested in server).
		if r := e.post(t, "admin", "harvest_job_create", map[string]any{"source_id": "peer"}); r.status != http.StatusBadRequest {
			t.Errorf("harvest_job_create without a harvester: %d %s", r.status, r.raw)
		}
		var asked []bool
		busy := false
		e.api.HarvestNow = func(_ context.Context, got *catalog.HarvestSource, full bool) (*catalog.HarvestRun, error) {
			if busy {
				return nil, fmt.Errorf("harvest %s: %w: since earlier", got.Name, catalog.ErrBusy)
			}
			asked = append(asked, full)
			return &catalog.HarvestRun{ID: "new-run", SourceID: got.ID, Started: start, Status: catalog.HarvestRunning}, nil
		}
		for _, tc := range []struct {
			as     string
			status int
		}{
			{"outsider", http.StatusForbidden}, {"nso-member", http.StatusForbidden}, {"depa-admin", http.StatusForbidden},
			{"nso-editor", http.StatusOK}, {"admin", http.StatusOK},
		} {
			if r := e.post(t, tc.as, "harvest_job_create", map[string]any{"source_id": "peer", "full": tc.as == "admin"}); r.status != tc.status {
				t.Errorf("%q: harvest_job_create %d, want %d: %s", tc.as, r.status, tc.status, r.raw)
			} else if tc.status == http.StatusOK && r.result(t).(map[string]any)["status"] != "Running" {
				t.Errorf("%q: harvest_job_create answered %s", tc.as, r.raw)
			}
		}
		if len(asked) != 2 || asked[0] || !asked[1] {
			t.Errorf("runs started with full=%v, want [false true]", asked)
		}
		if r := e.post(t, "admin", "harvest_job_create", map[string]any{"source_id": "peer", "run": false}); r.status != http.StatusConflict {
			t.Errorf("run=false: %d %s", r.status, r.raw)
		}
		busy = true
		r := e.post(t, "admin", "harvest_job_create", map[string]any{"source_id": "peer"})
		if r.status != http.StatusConflict || r.errorOf(t)["message"] != "harvest peer: already in progress: since earlier" {
			t.Errorf("a source already harvesting: %d %s", r.status, r.raw)
		}
	})
}
