//go:build khlang_ab

package search

// SetPostingScores turns the postings path (postingHits) on or off, so a benchmark built
// with -tags khlang_ab compares it with Bleve's searchers in one process. Not in
// ordinary builds: the two paths give the same results, and only a measurement needs to
// choose.
func SetPostingScores(on bool) { postingScores = on }
