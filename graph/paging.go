package graph

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/khlang/khlang/graph/model"
)

// cursorPrefix versions the cursor format, so a later keyset cursor can tell old
// cursors apart.
const cursorPrefix = "khl1:"

// encodeCursor is the cursor of the item at position pos (from 0) of a list. The lists
// are ordered stably (every search sort ends with the dataset id), so a position
// names the same item for as long as the list does not change.
func encodeCursor(pos int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + strconv.Itoa(pos)))
}

// maxPosition bounds the positions cursors may name, far above any real list, so that
// offsets never overflow.
const maxPosition = 1 << 30

// decodeCursor returns the position a cursor names.
func decodeCursor(c string) (int, bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, false
	}
	s, ok := strings.CutPrefix(string(b), cursorPrefix)
	if !ok {
		return 0, false
	}
	pos, err := strconv.Atoi(s)
	if err != nil || pos < 0 || pos >= maxPosition {
		return 0, false
	}
	return pos, true
}

// defaultPageSize is the page size when a query gives no `first`.
const defaultPageSize = 20

// pageArgs checks a connection's first/after and returns the page's size and offset.
func (r *Resolver) pageArgs(first *int, after *string) (limit, offset int, err error) {
	limit = defaultPageSize
	if first != nil {
		limit = *first
	}
	if limit < 0 {
		return 0, 0, badInput("first", "first must not be negative")
	}
	if limit > r.opts.MaxPageSize {
		return 0, 0, &limitError{code: codePageSizeLimit, limit: "maxPageSize", max: r.opts.MaxPageSize,
			msg: "first: " + strconv.Itoa(limit) + " exceeds the maximum page size of " + strconv.Itoa(r.opts.MaxPageSize) + " (maxPageSize)"}
	}
	if after != nil && *after != "" {
		pos, ok := decodeCursor(*after)
		if !ok {
			return 0, 0, badInput("after", "after is not a cursor of this list")
		}
		offset = pos + 1
	}
	return limit, offset, nil
}

// pageInfo describes a page of n items at offset in a list of total items.
func pageInfo(offset, n, total int) model.PageInfo {
	pi := model.PageInfo{HasPreviousPage: offset > 0, HasNextPage: offset+n < total}
	if n > 0 {
		start, end := encodeCursor(offset), encodeCursor(offset+n-1)
		pi.StartCursor, pi.EndCursor = &start, &end
	}
	return pi
}

// window returns the part of a list of total items that a page covers, as indexes.
func window(total, limit, offset int) (from, to int) {
	from = min(offset, total)
	to = min(from+limit, total)
	return from, to
}
