package harvest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/khlang/khlang/catalog"
)

// Harvest frequencies, as ckanext-harvest names them.
const (
	FreqManual   = "MANUAL" // only on demand (khlang harvest run)
	FreqDaily    = "DAILY"
	FreqWeekly   = "WEEKLY"
	FreqBiweekly = "BIWEEKLY"
	FreqMonthly  = "MONTHLY"
)

// Frequencies lists the frequencies a source may have.
var Frequencies = []string{FreqManual, FreqDaily, FreqWeekly, FreqBiweekly, FreqMonthly}

// ParseFrequency reads a frequency in any case; "" is FreqManual.
func ParseFrequency(s string) (string, error) {
	f := strings.ToUpper(strings.TrimSpace(s))
	if f == "" {
		return FreqManual, nil
	}
	for _, known := range Frequencies {
		if f == known {
			return f, nil
		}
	}
	return "", fmt.Errorf("%w: unknown frequency %q (want one of %s)", catalog.ErrInvalid, s, strings.Join(Frequencies, ", "))
}

// Interval is the time between scheduled runs of a frequency; ok is false for
// FreqManual (and unknown frequencies), which the scheduler never runs.
func Interval(freq string) (d time.Duration, ok bool) {
	switch freq {
	case FreqDaily:
		return 24 * time.Hour, true
	case FreqWeekly:
		return 7 * 24 * time.Hour, true
	case FreqBiweekly:
		return 14 * 24 * time.Hour, true
	case FreqMonthly:
		return 30 * 24 * time.Hour, true // only NextRun's calendar month is used
	}
	return 0, false
}

// NextRun is when a source of that frequency whose last run started at last is due
// again: a month later for FreqMonthly, Interval later otherwise. A source never run
// (last is zero) is due at once. ok is false for sources the scheduler does not run.
func NextRun(freq string, last time.Time) (next time.Time, ok bool) {
	d, ok := Interval(freq)
	switch {
	case !ok:
		return time.Time{}, false
	case last.IsZero():
		return time.Time{}, true
	case freq == FreqMonthly:
		return last.AddDate(0, 1, 0), true
	}
	return last.Add(d), true
}

// Scheduler harvests the sources whose frequency makes them due, one run at a time.
// The last run of each source is read back from its stored reports, so a restarted
// server keeps the schedule.
type Scheduler struct {
	Store *catalog.Store
	Log   *slog.Logger
	// Every is how often due sources are looked for (default one minute).
	Every time.Duration
	// Now is the clock (default time.Now); runs are stamped with it too.
	Now func() time.Time
	// After waits like time.After (the default); tests pass a fake clock's.
	After func(time.Duration) <-chan time.Time
	// Client fetches the sources (default: Run's).
	Client *http.Client
	// AfterRun, when set, is called after each run that was started (the server syncs
	// its search index).
	AfterRun func(ctx context.Context, src Source, rep *Report)
}

func (s *Scheduler) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

func (s *Scheduler) log() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}

// Run looks for due sources at once and then every s.Every, until ctx ends. A run in
// progress when ctx ends is stopped and reported as failed.
func (s *Scheduler) Run(ctx context.Context) {
	every := s.Every
	if every <= 0 {
		every = time.Minute
	}
	after := s.After
	if after == nil {
		after = time.After
	}
	for {
		if _, err := s.RunDue(ctx); err != nil && ctx.Err() == nil {
			s.log().Error("scheduled harvests", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-after(every):
		}
	}
}

// RunDue harvests, one after the other, every scheduled source whose next run is due,
// and returns their reports. A source that fails is logged and does not stop the others.
func (s *Scheduler) RunDue(ctx context.Context) ([]*Report, error) {
	recs, err := s.Store.HarvestSources(ctx)
	if err != nil {
		return nil, err
	}
	var reports []*Report
	for _, rec := range recs {
		if err := ctx.Err(); err != nil {
			return reports, err
		}
		due, err := s.due(ctx, &rec)
		if err != nil {
			s.log().Error("scheduled harvest", "source", rec.Name, "err", err)
			continue
		}
		if !due {
			continue
		}
		src, err := SourceFromRecord(&rec)
		if err != nil {
			s.log().Error("scheduled harvest", "source", rec.Name, "err", err)
			continue
		}
		s.log().Info("scheduled harvest starts", "source", src.Name, "frequency", src.Frequency)
		rep, err := Run(ctx, s.Store, src, Options{Now: s.now, Client: s.Client, Log: s.Log})
		if rep != nil {
			reports = append(reports, rep)
			s.log().Info("scheduled harvest done", "source", src.Name, "run", rep.ID, "status", rep.Status,
				"created", rep.Created, "updated", rep.Updated, "unchanged", rep.Unchanged, "withdrawn", rep.Deleted,
				"errors", len(rep.Errors))
			if s.AfterRun != nil {
				s.AfterRun(ctx, src, rep)
			}
		}
		if errors.Is(err, catalog.ErrBusy) {
			s.log().Info("scheduled harvest skipped", "source", src.Name, "reason", err)
			continue
		}
		if err != nil && !errors.Is(err, context.Canceled) {
			s.log().Warn("scheduled harvest failed", "source", src.Name, "err", err)
		}
	}
	return reports, nil
}

// due reports whether the source's next scheduled run has come.
func (s *Scheduler) due(ctx context.Context, rec *catalog.HarvestSource) (bool, error) {
	if _, ok := Interval(rec.Frequency); !ok {
		return false, nil
	}
	last, err := LastRun(ctx, s.Store, rec.ID)
	if err != nil {
		return false, err
	}
	next, _ := NextRun(rec.Frequency, last)
	return !s.now().Before(next), nil
}

// LastRun is the start of the source's newest run (zero when it never ran).
func LastRun(ctx context.Context, store *catalog.Store, sourceID string) (time.Time, error) {
	runs, err := store.HarvestRuns(ctx, sourceID, 1)
	if err != nil || len(runs) == 0 {
		return time.Time{}, err
	}
	return runs[0].Started, nil
}
