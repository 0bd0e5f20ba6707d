package catalog

// Progress receives reports of long work (seed, import, reindex): done of total units of
// the named stage. The CLI draws a progress bar on a terminal and logs plain lines
// otherwise; a nil Progress reports nothing.
type Progress func(stage string, done, total int)

// Report calls p when it is set.
func (p Progress) Report(stage string, done, total int) {
	if p != nil {
		p(stage, done, total)
	}
}
