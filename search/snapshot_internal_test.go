package search

import (
	"bytes"
	"errors"
	"testing"
)

// A snapshot that is cut short, damaged, empty, of another index or of another mapping
// is refused with errSnapshot, never half-read.
func TestDecodeColumnsRefuses(t *testing.T) {
	c := newColumns()
	for _, id := range []string{"a", "b", "c"} {
		c.upsert(c.ordinal(id), map[string]any{"id": id, "name": id, "tags": []string{"t", id}, "organization": "o"})
	}
	c.remove("b")
	var good bytes.Buffer
	if err := encodeColumns(&good, c, "ix1", 42); err != nil {
		t.Fatal(err)
	}
	got, seq, err := decodeColumns(good.Bytes(), "ix1")
	if err != nil || seq != 42 {
		t.Fatalf("good snapshot: seq %d, %v", seq, err)
	}
	if got.numIDs() != 2 || got.posting("tags", "t").GetCardinality() != 2 || got.posting("tags", "b").GetCardinality() != 0 {
		t.Fatalf("decoded columns differ: %d ids", got.numIDs())
	}
	if a, _ := c.lookup("a"); got.ordinal("d") != a+1 {
		t.Fatalf("freed ordinal not reused")
	}
	flip := bytes.Clone(good.Bytes())
	flip[len(flip)/2] ^= 1
	for name, data := range map[string][]byte{
		"truncated": good.Bytes()[:good.Len()/2],
		"damaged":   flip,
		"empty":     nil,
		"foreign":   []byte("not a snapshot at all"),
	} {
		if _, _, err := decodeColumns(data, "ix1"); !errors.Is(err, errSnapshot) {
			t.Errorf("%s: %v, want errSnapshot", name, err)
		}
	}
	if _, _, err := decodeColumns(good.Bytes(), "ix2"); !errors.Is(err, errSnapshot) {
		t.Errorf("another index's snapshot: %v", err)
	}
}
