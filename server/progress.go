package server

import (
	"log/slog"
	"os"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/khlang/khlang/catalog"
)

// newProgress reports long CLI work: a progress bar per stage when stderr is a terminal,
// otherwise a log line at the start, at every tenth and at the end of each stage.
func newProgress(log *slog.Logger) catalog.Progress {
	if term.IsTerminal(int(os.Stderr.Fd())) {
		var (
			bar   *progressbar.ProgressBar
			stage string
		)
		return func(s string, done, total int) {
			if bar == nil || s != stage {
				if bar != nil {
					_ = bar.Finish()
				}
				stage = s
				bar = progressbar.NewOptions(total, progressbar.OptionSetDescription(s),
					progressbar.OptionSetWriter(os.Stderr), progressbar.OptionShowCount(),
					progressbar.OptionOnCompletion(func() { os.Stderr.WriteString("\n") }))
			}
			_ = bar.Set(done)
		}
	}
	lastTenth := map[string]int{}
	return func(s string, done, total int) {
		tenth := 10
		if total > 0 {
			tenth = done * 10 / total
		}
		if prev, seen := lastTenth[s]; seen && prev == tenth {
			return
		}
		lastTenth[s] = tenth
		log.Info(s, "done", done, "total", total)
	}
}
