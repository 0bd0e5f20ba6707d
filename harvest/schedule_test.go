package harvest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
	"github.com/khlang/khlang/harvest"
)

func TestNextRun(t *testing.T) {
	last := time.Date(2025, 1, 31, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		freq string
		last time.Time
		want time.Time
		ok   bool
	}{
		{harvest.FreqManual, last, time.Time{}, false},
		{"", last, time.Time{}, false},
		{harvest.FreqDaily, time.Time{}, time.Time{}, true}, // never run: due at once
		{harvest.FreqDaily, last, last.Add(24 * time.Hour), true},
		{harvest.FreqWeekly, last, last.Add(7 * 24 * time.Hour), true},
		{harvest.FreqBiweekly, last, last.Add(14 * 24 * time.Hour), true},
		{harvest.FreqMonthly, last, time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC), true}, // Go's calendar month
	} {
		got, ok := harvest.NextRun(tc.freq, tc.last)
		if !got.Equal(tc.want) || ok != tc.ok {
			t.Errorf("NextRun(%q, %v) = %v, %v; want %v, %v", tc.freq, tc.last, got, ok, tc.want, tc.ok)
		}
	}
	for in, want := range map[string]string{"daily": "DAILY", " Weekly ": "WEEKLY", "": "MANUAL", "MONTHLY": "MONTHLY"} {
		if got, err := harvest.ParseFrequency(in); err != nil || got != want {
			t.Errorf("ParseFrequency(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := harvest.ParseFrequency("hourly"); err == nil {
		t.Error("ParseFrequency(hourly) accepted")
	}
}

// fakeClock is a settable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Set(t time.Time)     { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (c *fakeClock) Add(d time.Duration) { c.Set(c.Now().Add(d)) }

// TestScheduler runs scheduled sources on a fake clock: due sources run one at a time,
// manual ones never, a restarted scheduler keeps the schedule from the stored runs, and
// the loop stops with its context.
func TestScheduler(t *testing.T) {
	var inFlight, maxInFlight, requests atomic.Int32
	files := http.FileServer(http.Dir(filepath.Join("testdata", "dcat")))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for m := maxInFlight.Load(); n > m && !maxInFlight.CompareAndSwap(m, n); m = maxInFlight.Load() {
		}
		requests.Add(1)
		time.Sleep(5 * time.Millisecond) // widen the window an overlapping run would need
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)

	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		ctx := context.Background()
		t0 := time.Date(2025, 3, 6, 9, 0, 0, 0, time.UTC)
		clock := &fakeClock{t: t0}
		add := func(name, freq string) harvest.Source {
			return addSource(t, s, harvest.Source{Name: name, Type: harvest.TypeDataJSON, URL: srv.URL + "/data.json", Frequency: freq})
		}
		daily, weekly, manual := add("daily", harvest.FreqDaily), add("weekly", harvest.FreqWeekly), add("manual", harvest.FreqManual)
		runsOf := func(src harvest.Source) []catalog.HarvestRun {
			t.Helper()
			runs, err := s.HarvestRuns(ctx, src.ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			return runs
		}
		check := func(step string, want map[*harvest.Source]int) {
			t.Helper()
			for src, n := range want {
				if got := len(runsOf(*src)); got != n {
					t.Errorf("%s: %s has %d runs, want %d", step, src.Name, got, n)
				}
			}
		}
		sched := &harvest.Scheduler{Store: s, Now: clock.Now}
		runDue := func(step string, wantRan int) {
			t.Helper()
			reps, err := sched.RunDue(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(reps) != wantRan {
				t.Errorf("%s: %d runs, want %d", step, len(reps), wantRan)
			}
		}

		runDue("first look", 2)
		check("first look", map[*harvest.Source]int{&daily: 1, &weekly: 1, &manual: 0})
		if r := runsOf(daily)[0]; !r.Started.Equal(t0) || r.Status != catalog.HarvestOK || r.Created != 2 {
			t.Errorf("daily run %+v, want started on the fake clock, ok, 2 created", r)
		}
		clock.Add(23 * time.Hour)
		runDue("after 23 hours", 0)
		clock.Add(time.Hour)
		runDue("after a day", 1)
		check("after a day", map[*harvest.Source]int{&daily: 2, &weekly: 1, &manual: 0})
		if r := runsOf(daily)[0]; r.Created != 0 || r.Unchanged != 2 {
			t.Errorf("second daily run %+v, want nothing new", r)
		}

		// A new scheduler (a restarted server) reads the last runs back from the catalog.
		clock.Set(t0.Add(7*24*time.Hour - time.Minute))
		sched = &harvest.Scheduler{Store: s, Now: clock.Now}
		runDue("restart, a minute short of a week", 1) // daily only
		clock.Set(t0.Add(7 * 24 * time.Hour))
		runDue("restart, a week on", 1) // weekly; daily ran a minute ago
		check("a week on", map[*harvest.Source]int{&daily: 3, &weekly: 2, &manual: 0})

		// A source switched to MANUAL stops; the loop runs on its own clock and stops
		// with its context.
		if err := s.SetHarvestSourceFrequency(ctx, "weekly", harvest.FreqManual); err != nil {
			t.Fatal(err)
		}
		waits := make(chan time.Duration)
		tick := make(chan time.Time)
		loopCtx, stop := context.WithCancel(ctx)
		var afterRuns atomic.Int32
		loop := &harvest.Scheduler{Store: s, Now: clock.Now, Every: 5 * time.Minute,
			After:    func(d time.Duration) <-chan time.Time { waits <- d; return tick },
			AfterRun: func(context.Context, harvest.Source, *harvest.Report) { afterRuns.Add(1) }}
		done := make(chan struct{})
		go func() { loop.Run(loopCtx); close(done) }()
		if d := <-waits; d != 5*time.Minute {
			t.Errorf("the loop waits %v, want Every", d)
		}
		clock.Add(24 * time.Hour)
		tick <- clock.Now()
		<-waits
		check("loop", map[*harvest.Source]int{&daily: 4, &weekly: 2, &manual: 0})
		if afterRuns.Load() != 1 {
			t.Errorf("AfterRun called %d times, want 1", afterRuns.Load())
		}
		stop()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("the scheduler did not stop with its context")
		}
	})
	if maxInFlight.Load() != 1 || requests.Load() == 0 {
		t.Errorf("%d requests, at most %d at once; want runs one at a time", requests.Load(), maxInFlight.Load())
	}
}

// TestRunStarted: Options.Started sees the run once it is recorded as running, before the
// source is read, and the same run then carries the report.
func TestRunStarted(t *testing.T) {
	files := http.FileServer(http.Dir(filepath.Join("testdata", "dcat")))
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		release := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			<-release // the source answers only once Started has been checked
			files.ServeHTTP(w, r)
		}))
		defer srv.Close()
		ctx := context.Background()
		src := addSource(t, s, harvest.Source{Name: "started", Type: harvest.TypeDataJSON, URL: srv.URL + "/data.json"})
		var started catalog.HarvestRun
		opts := harvest.Options{Started: func(r *harvest.Report) {
			started = *r
			stored, err := s.HarvestRun(ctx, r.ID)
			if err != nil || stored.Status != catalog.HarvestRunning {
				t.Errorf("at Started the stored run is %+v, %v; want it running", stored, err)
			}
			close(release)
		}}
		rep, err := harvest.Run(ctx, s, src, opts)
		if err != nil {
			t.Fatal(err)
		}
		if started.ID == "" || started.ID != rep.ID || rep.Status != catalog.HarvestOK || rep.Created != 2 {
			t.Fatalf("started %+v, report %+v", started, rep)
		}
	})
}
