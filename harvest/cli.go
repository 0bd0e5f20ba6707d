package harvest

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/khlang/khlang/catalog"
)

// Usage is the synopsis of the harvest verbs.
const Usage = `khlang harvest source add NAME --type ckan|dcat|datajson --url URL [--org ORG] [--config JSON] [--frequency F]
khlang harvest source set NAME --frequency MANUAL|DAILY|WEEKLY|BIWEEKLY|MONTHLY
khlang harvest source list
khlang harvest run SOURCE [--full]
khlang harvest runs SOURCE [--limit N] [--details]`

// CLI runs a `khlang harvest` verb (args without the word "harvest") on the store,
// writing what it did to stdout. `run` returns an error when the source could not be
// read or some datasets failed (the report is printed and saved either way). After a run
// the caller syncs the search index from the change log, as after an import.
func CLI(ctx context.Context, store *catalog.Store, args []string, stdout io.Writer, progress catalog.Progress) error {
	if len(args) == 0 {
		return fmt.Errorf("usage:\n%s", Usage)
	}
	switch args[0] {
	case "source":
		if len(args) < 2 {
			return fmt.Errorf("usage:\n%s", Usage)
		}
		switch args[1] {
		case "add":
			return cliSourceAdd(ctx, store, args[2:], stdout)
		case "set":
			return cliSourceSet(ctx, store, args[2:], stdout)
		case "list":
			return cliSourceList(ctx, store, stdout)
		}
		return fmt.Errorf("unknown verb %q of harvest source (add, set, list)", args[1])
	case "run":
		return cliRun(ctx, store, args[1:], stdout, progress)
	case "runs":
		return cliRuns(ctx, store, args[1:], stdout)
	}
	return fmt.Errorf("unknown harvest verb %q\nusage:\n%s", args[0], Usage)
}

// parseArgs parses flags and positional arguments in any order.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func cliSourceAdd(ctx context.Context, store *catalog.Store, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("harvest source add", flag.ContinueOnError)
	typ := fs.String("type", "", "ckan, dcat or datajson")
	u := fs.String("url", "", "the CKAN site, or the DCAT / data.json document")
	org := fs.String("org", "", "local organisation for the harvested datasets")
	cfgJSON := fs.String("config", "", "source settings as JSON (ckanext-harvest keys)")
	freq := fs.String("frequency", FreqManual, "how often the server harvests it: MANUAL, DAILY, WEEKLY, BIWEEKLY or MONTHLY")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return fmt.Errorf("harvest source add: %w", err)
	}
	if len(pos) != 1 {
		return errors.New("harvest source add needs one NAME")
	}
	f, err := ParseFrequency(*freq)
	if err != nil {
		return fmt.Errorf("harvest source add: %w", err)
	}
	src := Source{Name: pos[0], Type: *typ, URL: strings.TrimSpace(*u), Org: *org, Frequency: f}
	if *cfgJSON != "" {
		dec := json.NewDecoder(strings.NewReader(*cfgJSON))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&src.Config); err != nil {
			return fmt.Errorf("harvest source add: --config: %w", err)
		}
	}
	if err := src.Validate(); err != nil {
		return fmt.Errorf("harvest source add: %w", err)
	}
	if src.Org != "" {
		if _, err := store.Group(ctx, src.Org, true); err != nil {
			return fmt.Errorf("harvest source add: organization %q: %w", src.Org, err)
		}
	}
	rec, err := src.Record()
	if err != nil {
		return err
	}
	if err := store.CreateHarvestSource(ctx, rec); err != nil {
		return fmt.Errorf("harvest source add: %w", err)
	}
	fmt.Fprintf(stdout, "added harvest source %s (%s %s), id %s, frequency %s\n", rec.Name, rec.Type, rec.URL, rec.ID, rec.Frequency)
	return nil
}

func cliSourceSet(ctx context.Context, store *catalog.Store, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("harvest source set", flag.ContinueOnError)
	freq := fs.String("frequency", "", "MANUAL, DAILY, WEEKLY, BIWEEKLY or MONTHLY")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return fmt.Errorf("harvest source set: %w", err)
	}
	if len(pos) != 1 || *freq == "" {
		return errors.New("harvest source set needs one NAME and --frequency")
	}
	f, err := ParseFrequency(*freq)
	if err != nil {
		return fmt.Errorf("harvest source set: %w", err)
	}
	if err := store.SetHarvestSourceFrequency(ctx, pos[0], f); err != nil {
		return fmt.Errorf("harvest source set: %w", err)
	}
	fmt.Fprintf(stdout, "harvest source %s: frequency %s\n", pos[0], f)
	return nil
}

func cliSourceList(ctx context.Context, store *catalog.Store, stdout io.Writer) error {
	srcs, err := store.HarvestSources(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tTYPE\tURL\tORG\tFREQUENCY\tLAST RUN\tNEXT RUN\tID")
	for _, s := range srcs {
		last, err := LastRun(ctx, store, s.ID)
		if err != nil {
			return err
		}
		freq, lastRun, nextRun := orManual(s.Frequency), "-", "-"
		if !last.IsZero() {
			lastRun = catalog.FormatTime(last)
		}
		if next, ok := NextRun(freq, last); ok {
			nextRun = "due"
			if !next.IsZero() {
				nextRun = catalog.FormatTime(next)
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.Name, s.Type, s.URL, s.Org, freq, lastRun, nextRun, s.ID)
	}
	return tw.Flush()
}

func orManual(freq string) string {
	if freq == "" {
		return FreqManual
	}
	return freq
}

func cliRun(ctx context.Context, store *catalog.Store, args []string, stdout io.Writer, progress catalog.Progress) error {
	fs := flag.NewFlagSet("harvest run", flag.ContinueOnError)
	full := fs.Bool("full", false, "read the whole source, and withdraw datasets it no longer lists")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return fmt.Errorf("harvest run: %w", err)
	}
	if len(pos) != 1 {
		return errors.New("harvest run needs one SOURCE")
	}
	rec, err := store.HarvestSource(ctx, pos[0])
	if err != nil {
		return err
	}
	src, err := SourceFromRecord(rec)
	if err != nil {
		return err
	}
	rep, err := Run(ctx, store, src, Options{Progress: progress, Full: *full})
	if rep != nil {
		printReport(stdout, rep)
	}
	if err != nil {
		return err
	}
	if len(rep.Errors) > 0 {
		return fmt.Errorf("harvest %s: %d errors", src.Name, len(rep.Errors))
	}
	return nil
}

func printReport(w io.Writer, r *Report) {
	kind := "incremental"
	if r.Full {
		kind = "full"
	}
	fmt.Fprintf(w, "harvest run %s (%s, %s): %d created, %d updated, %d unchanged, %d withdrawn, %d errors\n",
		r.ID, kind, r.Status, r.Created, r.Updated, r.Unchanged, r.Deleted, len(r.Errors))
	if r.Message != "" {
		fmt.Fprintf(w, "  %s\n", r.Message)
	}
	for _, e := range r.Errors {
		if e.ID != "" {
			fmt.Fprintf(w, "  %s: %s\n", e.ID, e.Message)
		} else {
			fmt.Fprintf(w, "  %s\n", e.Message)
		}
	}
}

func cliRuns(ctx context.Context, store *catalog.Store, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("harvest runs", flag.ContinueOnError)
	limit := fs.Int("limit", 20, "newest runs to list (0: all)")
	details := fs.Bool("details", false, "print each run's whole report, with the error of every dataset that failed")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return fmt.Errorf("harvest runs: %w", err)
	}
	if len(pos) != 1 {
		return errors.New("harvest runs needs one SOURCE")
	}
	rec, err := store.HarvestSource(ctx, pos[0])
	if err != nil {
		return err
	}
	runs, err := store.HarvestRuns(ctx, rec.ID, *limit)
	if err != nil {
		return err
	}
	if *details {
		for i := range runs {
			fmt.Fprintf(stdout, "%s – %s ", catalog.FormatTime(runs[i].Started), catalog.FormatTime(runs[i].Finished))
			printReport(stdout, &runs[i])
		}
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STARTED\tSTATUS\tFULL\tCREATED\tUPDATED\tUNCHANGED\tWITHDRAWN\tERRORS\tID")
	for _, r := range runs {
		fmt.Fprintf(tw, "%s\t%s\t%t\t%d\t%d\t%d\t%d\t%d\t%s\n", catalog.FormatTime(r.Started), r.Status, r.Full,
			r.Created, r.Updated, r.Unchanged, r.Deleted, len(r.Errors), r.ID)
	}
	return tw.Flush()
}
