package session

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// KeysFile is the name of the file in the data folder that holds the session keys.
//
// Its format: one key pair a line, "HASH BLOCK" in hex (a 64-byte HMAC-SHA-512 key and a
// 32-byte AES-256 key); '#' starts a comment. The first pair signs and encrypts new
// cookies; the later ones still open cookies made before a rotation. The file is written
// with mode 0600, atomically, so a crash never leaves a half-written key.
const KeysFile = "session-keys"

const (
	hashKeyLen  = 64
	blockKeyLen = 32
	// keepPairs is how many pairs a rotation keeps: the new one and the previous one, so
	// cookies made before the last rotation still work and older ones no longer do.
	keepPairs = 2
)

// KeyPair is one signing and encryption key pair.
type KeyPair struct{ Hash, Block []byte }

// LoadKeys reads the key pairs of the data folder, creating the file with a new pair
// when there is none.
func LoadKeys(dataDir string) ([]KeyPair, error) {
	path := filepath.Join(dataDir, KeysFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		pair, err := newPair()
		if err != nil {
			return nil, err
		}
		pairs := []KeyPair{pair}
		if err := writeKeys(dataDir, pairs); err != nil {
			return nil, err
		}
		return pairs, nil
	}
	if err != nil {
		return nil, fmt.Errorf("session keys: %w", err)
	}
	pairs, err := parseKeys(b)
	if err != nil {
		return nil, fmt.Errorf("session keys %s: %w", path, err)
	}
	return pairs, nil
}

// RotateKeys puts a new key pair first in the data folder's keys file and keeps the
// previous one, so sessions made before the rotation survive it and older ones end. A
// running server reads the file when it starts.
func RotateKeys(dataDir string) error {
	pairs, err := LoadKeys(dataDir)
	if err != nil {
		return err
	}
	pair, err := newPair()
	if err != nil {
		return err
	}
	pairs = append([]KeyPair{pair}, pairs...)
	if len(pairs) > keepPairs {
		pairs = pairs[:keepPairs]
	}
	return writeKeys(dataDir, pairs)
}

func newPair() (KeyPair, error) {
	p := KeyPair{Hash: make([]byte, hashKeyLen), Block: make([]byte, blockKeyLen)}
	if _, err := rand.Read(p.Hash); err != nil {
		return p, fmt.Errorf("session keys: %w", err)
	}
	if _, err := rand.Read(p.Block); err != nil {
		return p, fmt.Errorf("session keys: %w", err)
	}
	return p, nil
}

func parseKeys(b []byte) ([]KeyPair, error) {
	var out []KeyPair
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 2 {
			return nil, fmt.Errorf("line %d: want two hex keys, HASH BLOCK", n)
		}
		h, err1 := hex.DecodeString(f[0])
		k, err2 := hex.DecodeString(f[1])
		if err1 != nil || err2 != nil || len(h) < 32 || !validBlockKey(len(k)) {
			return nil, fmt.Errorf("line %d: want a hex hash key of at least 32 bytes and a hex AES key of 16, 24 or 32 bytes", n)
		}
		out = append(out, KeyPair{Hash: h, Block: k})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errors.New("no key pair; delete the file to have a new one made")
	}
	return out, nil
}

func validBlockKey(n int) bool { return n == 16 || n == 24 || n == 32 }

// writeKeys replaces the keys file atomically: a temporary file in the same folder,
// synced, then renamed over the old one.
func writeKeys(dataDir string, pairs []KeyPair) error {
	var b strings.Builder
	b.WriteString("# Khlang session keys: HASH BLOCK in hex, one pair a line. The first makes new\n")
	b.WriteString("# cookies, the others still open older ones. `khlang session rotate-key` adds a pair.\n")
	for _, p := range pairs {
		fmt.Fprintf(&b, "%s %s\n", hex.EncodeToString(p.Hash), hex.EncodeToString(p.Block))
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return fmt.Errorf("session keys: %w", err)
	}
	f, err := os.CreateTemp(dataDir, "."+KeysFile+"-*")
	if err != nil {
		return fmt.Errorf("session keys: %w", err)
	}
	tmp := f.Name()
	fail := func(err error) error {
		_ = f.Close()
		_ = os.Remove(tmp)
		return fmt.Errorf("session keys: %w", err)
	}
	if err := f.Chmod(0o600); err != nil {
		return fail(err)
	}
	if _, err := f.WriteString(b.String()); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("session keys: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dataDir, KeysFile)); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("session keys: %w", err)
	}
	return nil
}
