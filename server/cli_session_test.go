package server

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/khlang/khlang/server/session"
)

// TestSessionRotateKeyVerb: each rotation puts a new pair first and keeps one previous
// pair; the file stays private to its owner.
func TestSessionRotateKeyVerb(t *testing.T) {
	dir := t.TempDir()
	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := Main(context.Background(), args, func(string) string { return "" }, &out, slog.New(slog.DiscardHandler))
		return out.String(), err
	}
	var firsts []string
	for i := range 3 {
		out, err := run("session", "rotate-key", "--data", dir)
		if err != nil || !strings.Contains(out, session.KeysFile) {
			t.Fatalf("rotation %d: %q, %v", i+1, out, err)
		}
		keys, err := session.LoadKeys(dir)
		if err != nil {
			t.Fatal(err)
		}
		want := min(i+2, 2) // the first rotation of an absent file makes one pair, then adds one
		if len(keys) != want {
			t.Fatalf("rotation %d: %d pairs, want %d", i+1, len(keys), want)
		}
		if i > 0 && string(keys[1].Hash) != firsts[i-1] {
			t.Fatalf("rotation %d did not keep the previous pair second", i+1)
		}
		firsts = append(firsts, string(keys[0].Hash))
	}
	fi, err := os.Stat(filepath.Join(dir, session.KeysFile))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("keys file: %v %v", fi.Mode(), err)
	}
	if _, err := run("session", "bogus"); err == nil {
		t.Fatal("an unknown session verb succeeded")
	}
}
