package server

import (
	"context"
	"flag"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
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
