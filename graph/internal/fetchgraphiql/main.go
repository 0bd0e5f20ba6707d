// Command fetchgraphiql fetches the GraphiQL build that package graph embeds. `go
// generate ./graph/...` runs it in graph/: it installs graph/assets/package-lock.json
// with `npm ci` in a temporary folder (so no node_modules lands in the module), checks
// the installed versions against package.json, and copies GraphiQL's standalone browser
// bundle and the React UMD builds, with their licences, into graph/assets/dist, which is
// git-ignored. A stamp file makes a second run with an unchanged lock do nothing, and
// nothing committed is modified.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
)

// files maps each package to the files copied from it: path in the package → name in dist.
var files = map[string]map[string]string{
	"graphiql": {"graphiql.min.js": "graphiql.min.js", "graphiql.min.css": "graphiql.min.css",
		"LICENSE": "GRAPHIQL-LICENSE"},
	"react":     {"umd/react.production.min.js": "react.production.min.js", "LICENSE": "REACT-LICENSE"},
	"react-dom": {"umd/react-dom.production.min.js": "react-dom.production.min.js", "LICENSE": "REACT-DOM-LICENSE"},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, "assets"); err != nil {
		fmt.Fprintln(os.Stderr, "fetchgraphiql:", err)
		os.Exit(1)
	}
}

// run installs the locked packages and copies their builds into <dir>/dist.
func run(ctx context.Context, dir string) error {
	want, stampText, err := locked(dir)
	if err != nil {
		return err
	}
	dist := filepath.Join(dir, "dist")
	stamp := filepath.Join(dist, "graphiql.stamp")
	if old, err := os.ReadFile(stamp); err == nil && bytes.Equal(old, stampText) && allPresent(dist) {
		return nil // already fetched from this lock
	}
	if _, err := exec.LookPath("npm"); err != nil {
		return fmt.Errorf("npm is needed to fetch GraphiQL %s from the npm registry: %w", want["graphiql"], err)
	}
	tmp, err := os.MkdirTemp("", "khlang-graphiql-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	for _, f := range []string{"package.json", "package-lock.json"} {
		if err := copyFile(filepath.Join(dir, f), filepath.Join(tmp, f)); err != nil {
			return err
		}
	}
	cmd := exec.CommandContext(ctx, "npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Dir = tmp
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("npm ci: %w", err)
	}
	if err := os.MkdirAll(dist, 0o755); err != nil {
		return err
	}
	for name, copies := range files {
		pkg := filepath.Join(tmp, "node_modules", name)
		got, err := packageVersion(filepath.Join(pkg, "package.json"))
		if err != nil {
			return err
		}
		if got != want[name] {
			return fmt.Errorf("npm installed %s %s, package.json asks for %s", name, got, want[name])
		}
		for src, dst := range copies {
			if err := copyFile(filepath.Join(pkg, src), filepath.Join(dist, dst)); err != nil {
				return err
			}
		}
	}
	return writeAtomic(stamp, stampText)
}

func allPresent(dist string) bool {
	for _, copies := range files {
		for _, dst := range copies {
			if _, err := os.Stat(filepath.Join(dist, dst)); err != nil {
				return false
			}
		}
	}
	return true
}

// locked returns the versions package.json pins and a stamp of the lock's integrities.
func locked(dir string) (map[string]string, []byte, error) {
	var pkg struct {
		Dependencies map[string]string `json:"dependencies"`
	}
	if err := readJSON(filepath.Join(dir, "package.json"), &pkg); err != nil {
		return nil, nil, err
	}
	var lock struct {
		Packages map[string]struct {
			Version   string `json:"version"`
			Integrity string `json:"integrity"`
		} `json:"packages"`
	}
	if err := readJSON(filepath.Join(dir, "package-lock.json"), &lock); err != nil {
		return nil, nil, err
	}
	want := map[string]string{}
	var lines []string
	for name := range files {
		v := pkg.Dependencies[name]
		if v == "" {
			return nil, nil, fmt.Errorf("package.json does not depend on %s", name)
		}
		e, ok := lock.Packages["node_modules/"+name]
		if !ok || e.Version != v {
			return nil, nil, fmt.Errorf("package-lock.json does not lock %s %s; run npm install --package-lock-only in %s", name, v, dir)
		}
		want[name] = v
		lines = append(lines, name+" "+v+" "+e.Integrity)
	}
	slices.Sort(lines)
	return want, []byte(strings.Join(lines, "\n") + "\n"), nil
}

func packageVersion(path string) (string, error) {
	var p struct {
		Version string `json:"version"`
	}
	err := readJSON(path, &p)
	return p.Version, err
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return writeAtomic(dst, b)
}

// writeAtomic writes through a temporary file and a rename, so an interrupted run never
// leaves a truncated script to embed.
func writeAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
