package charts

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"time"
)

//go:generate go run github.com/khlang/khlang/internal/npmdist -stamp echarts.stamp echarts:dist/echarts.min.js=echarts.min.js echarts:LICENSE=ECHARTS-LICENSE echarts:NOTICE=ECHARTS-NOTICE

// EChartsVersion is the ECharts release go-echarts v2.6.7 targets (its README badge and
// docs say v5.4.3); charts/assets/package.json pins it and the lock fixes its integrity.
const EChartsVersion = "5.4.3"

// ScriptPath is where AssetHandler serves the ECharts script; pages load it once with
// <script src="/assets/echarts.min.js"> before the chart snippets.
const ScriptPath = "/assets/echarts.min.js"

// StylePath is where AssetHandler serves the charts' stylesheet.
const StylePath = "/assets/charts.css"

// assets holds the generated ECharts build, or only the committed README on a fresh clone:
// the pattern always matches, so the package builds before `go generate` has run.
//
//go:embed assets/dist/* assets/charts.css
var assets embed.FS

// ErrAssetMissing reports that the ECharts script was not fetched before the build.
var ErrAssetMissing = errors.New("charts: echarts.min.js is not embedded in this build; run `go generate ./charts/...` (it needs npm) and rebuild")

// Asset returns the embedded ECharts script, or ErrAssetMissing when the build was made
// without running `go generate ./charts/...` first.
func Asset() ([]byte, error) {
	b, err := fs.ReadFile(assets, "assets/dist/echarts.min.js")
	if errors.Is(err, fs.ErrNotExist) || (err == nil && len(b) == 0) {
		return nil, ErrAssetMissing
	}
	if err != nil {
		return nil, fmt.Errorf("charts: read embedded echarts.min.js: %w", err)
	}
	return b, nil
}

// Stylesheet returns the charts' own CSS (figure, data link, table alternative).
func Stylesheet() []byte {
	b, _ := fs.ReadFile(assets, "assets/charts.css") // embedded by the directive above
	return b
}

// staticFile is one served asset with its validator.
type staticFile struct {
	body        []byte
	etag        string
	contentType string
}

func newStaticFile(b []byte, contentType string) staticFile {
	sum := sha256.Sum256(b)
	return staticFile{body: b, etag: `"` + hex.EncodeToString(sum[:16]) + `"`, contentType: contentType}
}

// AssetHandler serves ScriptPath (the embedded ECharts script) and StylePath. Responses
// carry a strong ETag (a hash of the content) and Cache-Control, and conditional requests
// get 304. When the script was not embedded it answers 503 with a message saying to run
// `go generate ./charts/...`, so a server built from a fresh clone still starts and says
// what is missing instead of failing to build. Mount it at "/assets/".
func AssetHandler() http.Handler {
	files := map[string]staticFile{StylePath: newStaticFile(Stylesheet(), "text/css; charset=utf-8")}
	script, scriptErr := Asset()
	if scriptErr == nil {
		files[ScriptPath] = newStaticFile(script, "text/javascript; charset=utf-8")
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		f, ok := files[r.URL.Path]
		if !ok {
			if r.URL.Path == ScriptPath && scriptErr != nil {
				w.Header().Set("Cache-Control", "no-store")
				w.Header().Set("Retry-After", "3600")
				http.Error(w, scriptErr.Error(), http.StatusServiceUnavailable)
				return
			}
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", f.contentType)
		h.Set("ETag", f.etag)
		// The path carries no version, so browsers revalidate after a day; the ETag makes
		// that a 304 until the binary ships another build.
		h.Set("Cache-Control", "public, max-age=86400")
		h.Set("X-Content-Type-Options", "nosniff")
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.body))
	})
}
