package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseCopies(t *testing.T) {
	c, err := parseCopies([]string{"react:umd/react.min.js=react.min.js", "react:LICENSE=REACT-LICENSE", "echarts:NOTICE=N"})
	if err != nil {
		t.Fatal(err)
	}
	if len(c) != 2 || c["react"]["umd/react.min.js"] != "react.min.js" || c["react"]["LICENSE"] != "REACT-LICENSE" || c["echarts"]["NOTICE"] != "N" {
		t.Fatalf("parsed %v", c)
	}
	for _, bad := range [][]string{nil, {"react"}, {"react:LICENSE"}, {":LICENSE=L"}, {"react:=L"}, {"react:LICENSE="}, {"react:LICENSE=../L"}} {
		if _, err := parseCopies(bad); err == nil {
			t.Errorf("parseCopies(%q) accepted", bad)
		}
	}
}

func TestLocked(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("package.json", `{"dependencies":{"a":"1.0.0","b":"2.0.0"}}`)
	write("package-lock.json", `{"packages":{"node_modules/a":{"version":"1.0.0","integrity":"sha-a"},"node_modules/b":{"version":"2.0.0","integrity":"sha-b"}}}`)
	c := copies{"b": {"x": "x"}, "a": {"y": "y"}}
	want, stamp, err := locked(dir, c)
	if err != nil {
		t.Fatal(err)
	}
	if want["a"] != "1.0.0" || want["b"] != "2.0.0" {
		t.Errorf("versions %v", want)
	}
	// The stamp is sorted, so it does not depend on map order, and changes with the lock.
	if got := string(stamp); got != "a 1.0.0 sha-a\nb 2.0.0 sha-b\n" {
		t.Errorf("stamp %q", got)
	}

	if _, _, err := locked(dir, copies{"c": {"x": "x"}}); err == nil || !strings.Contains(err.Error(), "does not depend on c") {
		t.Errorf("a package missing from package.json: %v", err)
	}
	write("package-lock.json", `{"packages":{"node_modules/a":{"version":"0.9.0"}}}`)
	if _, _, err := locked(dir, copies{"a": {"x": "x"}}); err == nil || !strings.Contains(err.Error(), "does not lock a 1.0.0") {
		t.Errorf("a lock of another version: %v", err)
	}
}

// A second run with the same lock and every file present does nothing, so it needs no npm.
func TestRunUpToDate(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"dependencies":{"a":"1.0.0"}}`), 0o644)
	os.WriteFile(filepath.Join(dir, "package-lock.json"), []byte(`{"packages":{"node_modules/a":{"version":"1.0.0","integrity":"sha-a"}}}`), 0o644)
	os.MkdirAll(filepath.Join(dir, "dist"), 0o755)
	os.WriteFile(filepath.Join(dir, "dist", "a.js"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(dir, "dist", "a.stamp"), []byte("a 1.0.0 sha-a\n"), 0o644)
	t.Setenv("PATH", t.TempDir()) // no npm: a fetch would fail
	if err := run(t.Context(), dir, "a.stamp", copies{"a": {"a.js": "a.js"}}); err != nil {
		t.Fatalf("up-to-date run: %v", err)
	}
	os.Remove(filepath.Join(dir, "dist", "a.js"))
	if err := run(t.Context(), dir, "a.stamp", copies{"a": {"a.js": "a.js"}}); err == nil || !strings.Contains(err.Error(), "npm is needed") {
		t.Fatalf("a missing file must be fetched again: %v", err)
	}
}
