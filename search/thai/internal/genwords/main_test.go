package main

import (
	"os"
	"strings"
	"testing"
)

const debianLib = "/usr/lib/x86_64-linux-gnu/libicudata.so.72"

// TestCommittedListMatchesICU regenerates the list from the installed
// Debian package, when there is one, and compares it with the committed file.
func TestCommittedListMatchesICU(t *testing.T) {
	if _, err := os.Stat(debianLib); err != nil {
		t.Skipf("Debian libicu72 not installed: %v", err)
	}
	blob, _, err := commonData(debianLib)
	if err != nil {
		t.Fatal(err)
	}
	raw, _, err := findItem(blob, "brkitr/thaidict.dict")
	if err != nil {
		t.Fatal(err)
	}
	words, err := dictWords(raw)
	if err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("../../words_icu.txt")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(words, "\n") + "\n"; got != string(committed) {
		t.Errorf("words_icu.txt is stale: regenerated %d words; run go generate ./search/thai", len(words))
	}
}

func TestDictWordsRejectsGarbage(t *testing.T) {
	for _, in := range [][]byte{nil, []byte("short"), make([]byte, 64)} {
		if _, err := dictWords(in); err == nil {
			t.Errorf("dictWords(%q) succeeded", in)
		}
	}
	if _, _, err := findItem(make([]byte, 64), "x"); err == nil {
		t.Error("findItem accepted a blob without a header")
	}
}

// A hand-built BytesTrie for {"a", "ab", "b"}: a two-entry branch whose
// first entry jumps over the second to a node holding an intermediate value
// and a one-byte linear match, and whose last entry leads to a final value.
func TestWalkerSmallTrie(t *testing.T) {
	trie := []byte{
		0x01,      // branch node, 2 entries
		'a', 0x24, // 'a': non-final value 0x24>>1 - 0x10 = jump delta 2
		'b', 0x21, // last entry 'b' and its node: final value 0
		0x20,      // node for "a": intermediate value 0, continue
		0x10, 'b', // linear match of one byte "b"
		0x21, // final value 0
	}
	w := &walker{trie: trie}
	if err := w.node(0, nil); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, k := range w.words {
		got = append(got, string(k))
	}
	if strings.Join(got, ",") != "ab,a,b" && strings.Join(got, ",") != "a,ab,b" {
		t.Errorf("words = %q, want a, ab, b", got)
	}
}
