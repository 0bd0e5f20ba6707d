package bench

import (
	"bufio"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"
)

// readStatus reads the kB fields of a /proc/<pid>/status file, in bytes.
func readStatus(path string) (map[string]int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]int64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		if num, ok := strings.CutSuffix(v, " kB"); ok {
			if n, err := strconv.ParseInt(num, 10, 64); err == nil {
				out[k] = n * 1024
			}
		}
	}
	return out, sc.Err()
}

// memory is this process's resident memory: the peak since the last resetPeak, and the
// current anonymous and file-backed parts (Bleve's index is mmapped, so file pages count).
type memory struct {
	peak, anon, file int64
}

func readMemory() memory {
	st, err := readStatus("/proc/self/status")
	if err != nil {
		return memory{}
	}
	return memory{peak: st["VmHWM"], anon: st["RssAnon"], file: st["RssFile"]}
}

// resetPeak returns freed heap to the OS and restarts the process's VmHWM from the
// current RSS (Linux ≥ 4.0), so the next peak belongs to the next engine alone.
func resetPeak() {
	runtime.GC()
	debug.FreeOSMemory()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// dirSize is the total size of the regular files under dir.
func dirSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			n += info.Size()
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("size of %s: %w", dir, err)
	}
	return n, nil
}

// percentile is the nearest-rank p-th percentile (0 < p ≤ 100) of samples.
func percentile(samples []time.Duration, p float64) time.Duration {
	if len(samples) == 0 {
		return 0
	}
	s := slices.Clone(samples)
	slices.Sort(s)
	rank := int(math.Ceil(p / 100 * float64(len(s))))
	return s[min(max(rank, 1), len(s))-1]
}

// ms formats a duration in milliseconds with precision that suits its size.
func ms(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	switch {
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	default:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
}

// ratio formats a/b as "0.42×".
func ratio(a, b time.Duration) string {
	if b <= 0 {
		return "-"
	}
	return strconv.FormatFloat(float64(a)/float64(b), 'f', 2, 64) + "×"
}

// mb formats bytes as MB (10^6).
func mb(n int64) string {
	if n <= 0 {
		return "-"
	}
	return strconv.FormatFloat(float64(n)/1e6, 'f', 0, 64) + " MB"
}
