// Command fetchecharts fetches the ECharts build that package charts embeds. `go generate
// ./charts/...` runs it in charts/: it installs charts/assets/package-lock.json with `npm ci`
// in a temporary folder (so no node_modules lands in the module), checks the installed
// version against package.json, and copies node_modules/echarts/dist/echarts.min.js with
// ECharts' LICENSE and NOTICE into charts/assets/dist, which is git-ignored. A stamp file
// makes a second run with an unchanged lock do nothing, and nothing committed is modified.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, "assets"); err != nil {
		fmt.Fprintln(os.Stderr, "fetchecharts:", err)
		os.Exit(1)
	}
}

// run installs the locked ECharts package and copies its build into <dir>/dist.
func run(ctx context.Context, dir string) error {
	want, integrity, err := locked(dir)
	if err != nil {
		return err
	}
	dist := filepath.Join(dir, "dist")
	stamp := filepath.Join(dist, "echarts.stamp")
	stampText := []byte(want + " " + integrity + "\n")
	if old, err := os.ReadFile(stamp); err == nil && bytes.Equal(old, stampText) {
		if _, err := os.Stat(filepath.Join(dist, "echarts.min.js")); err == nil {
			return nil // already fetched from this lock
		}
	}
	if _, err := exec.LookPath("npm"); err != nil {
		return fmt.Errorf("npm is needed to fetch ECharts %s from the npm registry: %w", want, err)
	}
	tmp, err := os.MkdirTemp("", "khlang-echarts-*")
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
	pkg := filepath.Join(tmp, "node_modules", "echarts")
	got, err := packageVersion(filepath.Join(pkg, "package.json"))
	if err != nil {
		return err
	}
	if got != want {
		return fmt.Errorf("npm installed echarts %s, package.json asks for %s", got, want)
	}
	if err := os.MkdirAll(dist, 0o755); err != nil {
		return err
	}
	for src, dst := range map[string]string{
		filepath.Join(pkg, "dist", "echarts.min.js"): "echarts.min.js",
		filepath.Join(pkg, "LICENSE"):                "ECHARTS-LICENSE",
		filepath.Join(pkg, "NOTICE"):                 "ECHARTS-NOTICE",
	} {
		if err := copyFile(src, filepath.Join(dist, dst)); err != nil {
			return err
		}
	}
	return writeAtomic(stamp, stampText)
}

// locked returns the echarts version package.json pins and the integrity the lock records.
func locked(dir string) (version, integrity string, err error) {
	var pkg struct {
		Dependencies map[string]string `json:"dependencies"`
	}
	if err := readJSON(filepath.Join(dir, "package.json"), &pkg); err != nil {
		return "", "", err
	}
	version = pkg.Dependencies["echarts"]
	if version == "" {
		return "", "", errors.New("package.json does not depend on echarts")
	}
	var lock struct {
		Packages map[string]struct {
			Version   string `json:"version"`
			Integrity string `json:"integrity"`
		} `json:"packages"`
	}
	if err := readJSON(filepath.Join(dir, "package-lock.json"), &lock); err != nil {
		return "", "", err
	}
	e, ok := lock.Packages["node_modules/echarts"]
	if !ok || e.Version != version {
		return "", "", fmt.Errorf("package-lock.json does not lock echarts %s; run npm install --package-lock-only in %s", version, dir)
	}
	return version, e.Integrity, nil
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
