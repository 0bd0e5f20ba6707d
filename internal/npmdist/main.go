// Command npmdist fetches front-end builds that a package embeds, by name and version
// through the npm registry. `go generate` runs it in the embedding package's folder:
//
//	go run github.com/khlang/khlang/internal/npmdist -stamp echarts.stamp echarts:dist/echarts.min.js=echarts.min.js ...
//
// Each argument copies one file, package:path-in-package=name-in-dist. It installs
// assets/package-lock.json with `npm ci` in a temporary folder (so no node_modules lands
// in the module), checks every installed version against assets/package.json, and copies
// the files into assets/dist, which is git-ignored. A stamp of the lock's integrities makes
// a second run with an unchanged lock do nothing, and nothing committed is modified.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
)

func main() {
	dir := flag.String("dir", "assets", "folder holding package.json and package-lock.json; files go to its dist/")
	stampName := flag.String("stamp", "npm.stamp", "name of the stamp file in dist/")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	copies, err := parseCopies(flag.Args())
	if err == nil {
		err = run(ctx, *dir, *stampName, copies)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "npmdist:", err)
		os.Exit(1)
	}
}

// copies maps each npm package to the files taken from it: path in the package → name in dist.
type copies map[string]map[string]string

func parseCopies(args []string) (copies, error) {
	if len(args) == 0 {
		return nil, errors.New("no files to copy; give package:path=name arguments")
	}
	c := copies{}
	for _, a := range args {
		pkg, rest, ok1 := strings.Cut(a, ":")
		src, dst, ok2 := strings.Cut(rest, "=")
		if !ok1 || !ok2 || pkg == "" || src == "" || dst == "" || strings.ContainsAny(dst, `/\`) {
			return nil, fmt.Errorf("%q: want package:path-in-package=name-in-dist", a)
		}
		if c[pkg] == nil {
			c[pkg] = map[string]string{}
		}
		c[pkg][src] = dst
	}
	return c, nil
}

// run installs the locked packages and copies their files into <dir>/dist.
func run(ctx context.Context, dir, stampName string, c copies) error {
	want, stampText, err := locked(dir, c)
	if err != nil {
		return err
	}
	dist := filepath.Join(dir, "dist")
	stamp := filepath.Join(dist, stampName)
	if old, err := os.ReadFile(stamp); err == nil && bytes.Equal(old, stampText) && allPresent(dist, c) {
		return nil // already fetched from this lock
	}
	if _, err := exec.LookPath("npm"); err != nil {
		return fmt.Errorf("npm is needed to fetch %s from the npm registry: %w", strings.TrimSpace(string(stampText)), err)
	}
	tmp, err := os.MkdirTemp("", "khlang-npmdist-*")
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
	for name, files := range c {
		pkg := filepath.Join(tmp, "node_modules", name)
		var p struct {
			Version string `json:"version"`
		}
		if err := readJSON(filepath.Join(pkg, "package.json"), &p); err != nil {
			return err
		}
		if p.Version != want[name] {
			return fmt.Errorf("npm installed %s %s, package.json asks for %s", name, p.Version, want[name])
		}
		for src, dst := range files {
			if err := copyFile(filepath.Join(pkg, src), filepath.Join(dist, dst)); err != nil {
				return err
			}
		}
	}
	return writeAtomic(stamp, stampText)
}

func allPresent(dist string, c copies) bool {
	for _, files := range c {
		for _, dst := range files {
			if _, err := os.Stat(filepath.Join(dist, dst)); err != nil {
				return false
			}
		}
	}
	return true
}

// locked returns the versions package.json pins for the packages in c, and a stamp of the
// lock's integrities for them.
func locked(dir string, c copies) (map[string]string, []byte, error) {
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
	for name := range c {
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
