package query

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ErrSyntax is matched (via errors.Is) by every error caused by the text of
// a query: bad syntax, or a value that does not fit its field (an invalid
// date on a date field). CKAN reports these as "Search Error" (HTTP 409).
var ErrSyntax = errors.New("query syntax error")

// ErrLocalParams is matched (via errors.Is) when a query contains Solr local
// parameters ({!...}). CKAN rejects them with "Search Error" (HTTP 409)
// because they would let a client switch parsers or reach other cores.
var ErrLocalParams = errors.New("local parameters are not supported")

// SyntaxError reports where a query went wrong and how to fix it.
type SyntaxError struct {
	// Query is the text that failed to parse.
	Query string
	// Pos is the byte offset in Query where the problem was found.
	Pos int
	// Msg says what is wrong and what to do about it.
	Msg string
}

// Error reports the position as a 1-based character count, because users
// count characters (Thai text is three bytes per letter), not bytes.
func (e *SyntaxError) Error() string {
	if e.Query == "" {
		return "query syntax error: " + e.Msg
	}
	return fmt.Sprintf("query syntax error at character %d: %s", charPos(e.Query, e.Pos), e.Msg)
}

// Unwrap lets errors.Is(err, ErrSyntax) identify every SyntaxError.
func (e *SyntaxError) Unwrap() error { return ErrSyntax }

// LocalParamsError reports Solr local parameters ({!...}) in a query.
type LocalParamsError struct {
	// Query is the rejected text.
	Query string
	// Pos is the byte offset of the "{!".
	Pos int
}

// Error matches CKAN's wording so clients see the same message.
func (e *LocalParamsError) Error() string {
	return fmt.Sprintf("Local parameters are not supported (\"{!\" at character %d)", charPos(e.Query, e.Pos))
}

// Unwrap lets errors.Is(err, ErrLocalParams) identify the error.
func (e *LocalParamsError) Unwrap() error { return ErrLocalParams }

// checkLocalParams rejects "{!" anywhere, as CKAN does, even inside quotes:
// CKAN checks the raw parameter text before any parsing.
func checkLocalParams(q string) error {
	if i := strings.Index(q, "{!"); i >= 0 {
		return &LocalParamsError{Query: q, Pos: i}
	}
	return nil
}

func charPos(s string, pos int) int {
	if pos < 0 {
		pos = 0
	}
	if pos > len(s) {
		pos = len(s)
	}
	return utf8.RuneCountInString(s[:pos]) + 1
}
