package server

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/harvest"
)

// TestServeRunsScheduledHarvests starts the server with a DAILY source that never ran:
// the scheduler harvests it in the background, the search index learns of the new
// dataset, and shutdown stops the scheduler. With --harvest-check 0 nothing runs.
func TestServeRunsScheduledHarvests(t *testing.T) {
	const doc = `{"dataset": [{"identifier": "scheduled-1", "title": "Scheduled dataset", "description": "Harvested on schedule.",
	  "keyword": ["schedule"], "accessLevel": "public"}]}`
	src := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(doc))
	}))
	t.Cleanup(src.Close)

	for _, tc := range []struct {
		name  string
		check string
		runs  bool
	}{
		{"every 10ms", "10ms", true},
		{"off", "0", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			cfg := defaultConfig()
			if err := cfg.parseFlags(flag.NewFlagSet("t", flag.ContinueOnError), []string{"--data", t.TempDir(), "--no-seed", "--harvest-check", tc.check},
				func(string) string { return "" }, "data", "no-seed", "harvest-check"); err != nil {
				t.Fatal(err)
			}
			app, err := OpenApp(ctx, cfg, slog.New(slog.DiscardHandler), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer app.Close()
			rec, err := (harvest.Source{Name: "peer", Type: harvest.TypeDataJSON, URL: src.URL + "/data.json", Frequency: harvest.FreqDaily}).Record()
			if err != nil {
				t.Fatal(err)
			}
			if err := app.Store.CreateHarvestSource(ctx, rec); err != nil {
				t.Fatal(err)
			}
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			sctx, stop := context.WithCancel(ctx)
			done := make(chan error, 1)
			go func() { done <- app.Serve(sctx, ln) }()

			var runs []catalog.HarvestRun
			deadline := time.Now().Add(20 * time.Second)
			for time.Now().Before(deadline) {
				if runs, err = app.Store.HarvestRuns(ctx, rec.ID, 0); err != nil {
					t.Fatal(err)
				}
				// A run is listed as running from its start; wait for its report.
				if len(runs) > 0 && runs[0].Status != catalog.HarvestRunning || !tc.runs && time.Now().After(deadline.Add(-19*time.Second)) {
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
			stop()
			if err := <-done; err != nil {
				t.Fatalf("serve: %v", err)
			}
			if !tc.runs {
				if len(runs) != 0 {
					t.Fatalf("scheduled harvests are off, yet %d ran", len(runs))
				}
				return
			}
			// The source is DAILY: however often the scheduler looked, it ran once.
			if len(runs) != 1 || runs[0].Status != catalog.HarvestOK || runs[0].Created != 1 {
				t.Fatalf("runs %+v, want one ok run that created the dataset", runs)
			}
			if err := app.Index.Sync(ctx, app.Store); err != nil {
				t.Fatal(err)
			}
			if n, err := app.Index.DocCount(); err != nil || n != 1 {
				t.Fatalf("index holds %d datasets (%v), want the harvested one", n, err)
			}
		})
	}
}

// TestHarvestJobCreate starts a run through the API: it answers at once with the running
// run, refuses a second while it runs, and the run then harvests the source, reports and
// leaves the dataset searchable. Close stops a run still under way.
func TestHarvestJobCreate(t *testing.T) {
	const doc = `{"dataset": [{"identifier": "api-run-1", "title": "Started through the API", "description": "Harvested on request.",
	  "keyword": ["api"], "accessLevel": "public"}]}`
	release := make(chan struct{})
	src := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release // the run waits here until the test has tried a second one
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(doc))
	}))
	t.Cleanup(src.Close)
	app, token := openTestApp(t)
	ctx := context.Background()
	rec, err := (harvest.Source{Name: "peer", Type: harvest.TypeDataJSON, URL: src.URL + "/data.json"}).Record()
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Store.CreateHarvestSource(ctx, rec); err != nil {
		t.Fatal(err)
	}
	h := app.Handler()
	post := func(body string) (int, map[string]any) {
		req := httptest.NewRequest("POST", "/api/3/action/harvest_job_create", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", token)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		var env map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &env); err != nil {
			t.Fatalf("harvest_job_create: %v: %s", err, w.Body)
		}
		return w.Code, env
	}

	code, env := post(`{"source_id": "peer"}`)
	job, _ := env["result"].(map[string]any)
	if code != http.StatusOK || job["status"] != "Running" || job["id"] == "" {
		t.Fatalf("harvest_job_create: %d %v", code, env)
	}
	code, env = post(`{"source_id": "peer"}`)
	if e, _ := env["error"].(map[string]any); code != http.StatusConflict || !strings.Contains(fmt.Sprint(e["message"]), "already in progress") {
		t.Fatalf("a second run while one runs: %d %v", code, env)
	}
	close(release)
	var run *catalog.HarvestRun
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if run, err = app.Store.HarvestRun(ctx, job["id"].(string)); err != nil {
			t.Fatal(err)
		}
		if run.Status != catalog.HarvestRunning {
			break
		}
	}
	if run.Status != catalog.HarvestOK || run.Created != 1 {
		t.Fatalf("the run ended %+v, want ok with one dataset created", run)
	}
	if _, err := app.Store.Dataset(ctx, "started-through-the-api"); err != nil {
		t.Fatalf("the harvested dataset: %v", err)
	}

	// A run still going when the app closes is stopped, and its report says it failed.
	hold := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-hold:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(hold); slow.Close() })
	rec2, err := (harvest.Source{Name: "slow", Type: harvest.TypeDataJSON, URL: slow.URL + "/data.json"}).Record()
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Store.CreateHarvestSource(ctx, rec2); err != nil {
		t.Fatal(err)
	}
	code, env = post(`{"source_id": "slow", "full": true}`)
	if job, _ = env["result"].(map[string]any); code != http.StatusOK || job["status"] != "Running" {
		t.Fatalf("harvest_job_create slow: %d %v", code, env)
	}
	app.stopHarvest()
	app.harvests.Wait()
	if run, err = app.Store.HarvestRun(ctx, job["id"].(string)); err != nil || run.Status != catalog.HarvestFailed {
		t.Fatalf("a run stopped by Close: %+v, %v", run, err)
	}
}
