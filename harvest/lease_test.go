package harvest_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
	"github.com/khlang/khlang/harvest"
)

// TestOneRunPerSource: while a run of a source is under way (in this process or another:
// the guard is in the database), a second run of it is refused with ErrBusy and records
// nothing, other sources still run, and a run whose process died is given up once its
// lease has passed.
func TestOneRunPerSource(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		ctx := context.Background()
		entered, release := make(chan struct{}, 1), make(chan struct{})
		_, slow := newMock(t, func(q url.Values) (string, int) {
			if q.Get("start") == "0" {
				select { // only the first run waits to be released
				case entered <- struct{}{}:
				default:
				}
				<-release
			}
			return "empty.json", http.StatusOK
		})
		_, quick := newMock(t, func(url.Values) (string, int) { return "empty.json", http.StatusOK })
		src := addSource(t, s, harvest.Source{Name: "slow", Type: harvest.TypeCKAN, URL: slow.URL})
		other := addSource(t, s, harvest.Source{Name: "quick", Type: harvest.TypeCKAN, URL: quick.URL})

		first := make(chan error, 1)
		go func() {
			_, err := harvest.Run(ctx, s, src, harvest.Options{})
			first <- err
		}()
		<-entered
		rep, err := harvest.Run(ctx, s, src, harvest.Options{})
		if !errors.Is(err, catalog.ErrBusy) || rep != nil {
			t.Fatalf("second run while the first runs: %+v, %v; want ErrBusy and no report", rep, err)
		}
		if _, err := harvest.Run(ctx, s, other, harvest.Options{}); err != nil {
			t.Fatalf("another source is not held up: %v", err)
		}
		runs, err := s.HarvestRuns(ctx, src.ID, 0)
		if err != nil || len(runs) != 1 || runs[0].Status != catalog.HarvestRunning {
			t.Fatalf("runs while the first runs: %+v, %v; want one running", runs, err)
		}
		close(release)
		if err := <-first; err != nil {
			t.Fatal(err)
		}
		if _, err := harvest.Run(ctx, s, src, harvest.Options{}); err != nil {
			t.Fatalf("a run after the first finished: %v", err)
		}

		// A process that died mid-run leaves its run "running" with a lease that passes.
		dead := &catalog.HarvestRun{SourceID: src.ID, Started: time.Now().UTC().Add(-time.Hour),
			LeaseUntil: time.Now().UTC().Add(-58 * time.Minute)}
		if err := s.StartHarvestRun(ctx, dead); err != nil {
			t.Fatal(err)
		}
		if _, err := harvest.Run(ctx, s, src, harvest.Options{}); err != nil {
			t.Fatalf("a run after a dead one's lease passed: %v", err)
		}
		runs, err = s.HarvestRuns(ctx, src.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range runs {
			if r.ID == dead.ID && (r.Status != catalog.HarvestFailed || r.Message == "") {
				t.Errorf("the dead run is %q (%q), want failed with a reason", r.Status, r.Message)
			}
			if r.Status == catalog.HarvestRunning {
				t.Errorf("run %s still running", r.ID)
			}
		}
	})
}
