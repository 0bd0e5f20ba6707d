package graph

import (
	"encoding/base64"
	"testing"
)

func TestCursor(t *testing.T) {
	for _, tc := range []struct {
		name   string
		cursor string
		pos    int
		ok     bool
	}{
		{"first item", encodeCursor(0), 0, true},
		{"later item", encodeCursor(4321), 4321, true},
		{"not base64", "%%%", 0, false},
		{"another format", base64.RawURLEncoding.EncodeToString([]byte("offset:3")), 0, false},
		{"negative", base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + "-1")), 0, false},
		{"beyond any list", base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + "9223372036854775807")), 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pos, ok := decodeCursor(tc.cursor)
			if ok != tc.ok || pos != tc.pos {
				t.Fatalf("decodeCursor(%q) = %d, %v; want %d, %v", tc.cursor, pos, ok, tc.pos, tc.ok)
			}
		})
	}
}

func TestPageInfo(t *testing.T) {
	for _, tc := range []struct {
		name                 string
		offset, n, total     int
		next, prev, cursored bool
	}{
		{"first of several", 0, 5, 12, true, false, true},
		{"middle", 5, 5, 12, true, true, true},
		{"last", 10, 2, 12, false, true, true},
		{"empty", 0, 0, 0, false, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pi := pageInfo(tc.offset, tc.n, tc.total)
			if pi.HasNextPage != tc.next || pi.HasPreviousPage != tc.prev || (pi.EndCursor != nil) != tc.cursored {
				t.Fatalf("%+v", pi)
			}
			if tc.cursored {
				if end, _ := decodeCursor(*pi.EndCursor); end != tc.offset+tc.n-1 {
					t.Fatalf("end cursor names %d", end)
				}
			}
		})
	}
}
