// Package webtest drives the whole application in a headless Chromium for the browser
// tests: one app on a temporary data folder with the sample catalog, served on a loopback
// port, and one browser that may reach nothing but that port.
//
// A test package shares one Env between its tests (starting the app and the browser
// costs seconds, a test milliseconds):
//
//	func TestMain(m *testing.M) { webtest.Main(m) }
//
//	func TestSearch(t *testing.T) {
//		tab := webtest.Shared(t).NewTab(t) // a fresh tab with its own cookies
//		tab.Go("/dataset?q=ประชากร")
//		if n := tab.Count(".result"); n == 0 { t.Fatal("no results") }
//	}
//
// Every tab records the URL of every request the page made and every JavaScript dialog
// it opened; when the test ends, a request that left localhost or a dialog fails it.
//
// Chromium is Debian's chromium (or KHLANG_CHROMIUM). Without it the tests skip, except
// under CI, where they fail: CI installs it (.ci/run).
package webtest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/khlang/khlang/server"
)

// Viewport is the size of every tab's window, and so of every screenshot.
const (
	ViewportWidth  = 1280
	ViewportHeight = 900
)

// actionTimeout bounds one step of a test (a navigation, a click, a query), so a broken
// page fails the test instead of hanging it. Generous: the machine may be loaded.
const actionTimeout = 30 * time.Second

// Env is a running app with the sample catalog and a headless Chromium.
type Env struct {
	// App is the application: tests may write through App.Store (users, tokens,
	// datasets) and then sync App.Index.
	App *server.App
	// URL is where the app answers, http://127.0.0.1:PORT without a trailing slash.
	URL string
	// Data is the app's data folder; LogFile holds the app's log.
	Data, LogFile string

	stopServe  context.CancelFunc
	served     chan error
	stopAlloc  context.CancelFunc
	stopBrowse context.CancelFunc
	browser    context.Context
	logf       *os.File
	tmp        string
}

// ChromiumPath finds the browser: $KHLANG_CHROMIUM, else chromium, chromium-browser,
// google-chrome on PATH. Empty when there is none.
func ChromiumPath() string {
	if p := os.Getenv("KHLANG_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// ErrNoChromium is returned by Start when no Chromium is installed.
var ErrNoChromium = errors.New("webtest: no chromium found (apt-get install chromium fonts-thai-tlwg, or set KHLANG_CHROMIUM)")

// Start builds the sample catalog in a new temporary data folder, serves the app on a
// loopback port, waits until the sample tables are in the DataStore (the previews and
// dashboards read them), and starts Chromium. Close undoes it all.
func Start(ctx context.Context) (_ *Env, err error) {
	chromium := ChromiumPath()
	if chromium == "" {
		return nil, ErrNoChromium
	}
	tmp, err := os.MkdirTemp("", "khlang-webtest-")
	if err != nil {
		return nil, err
	}
	e := &Env{tmp: tmp, Data: filepath.Join(tmp, "data"), LogFile: filepath.Join(tmp, "khlang.log")}
	defer func() {
		if err != nil {
			e.Close()
		}
	}()
	if e.logf, err = os.Create(e.LogFile); err != nil {
		return nil, err
	}
	log := slog.New(slog.NewTextHandler(e.logf, &slog.HandlerOptions{Level: slog.LevelInfo}))

	// The port is known before the app opens, so that the links it writes are right.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	e.URL = "http://" + ln.Addr().String()
	cfg := server.Config{Addr: ln.Addr().String(), Data: e.Data, SiteURL: e.URL,
		SiteTitle: "Khlang คลังข้อมูลสถิติดิจิทัล", MaxBodyBytes: 10 << 20, SyncInterval: 100 * time.Millisecond}
	if e.App, err = server.OpenApp(ctx, cfg, log, nil); err != nil {
		_ = ln.Close()
		return nil, fmt.Errorf("webtest: open the app: %w", err)
	}
	serveCtx, stop := context.WithCancel(context.Background())
	e.stopServe, e.served = stop, make(chan error, 1)
	go func() { e.served <- e.App.Serve(serveCtx, ln) }()
	// The browser starts while the tables load.
	if err := e.startBrowser(chromium); err != nil {
		return nil, err
	}
	if err := e.waitSampleTables(ctx); err != nil {
		return nil, err
	}
	return e, nil
}

// waitSampleTables waits for the marker the app writes once the sample catalog's
// tables are loaded into the DataStore.
func (e *Env) waitSampleTables(ctx context.Context) error {
	marker := filepath.Join(e.Data, "sample-datastore-loaded")
	deadline := time.Now().Add(5 * time.Minute)
	for {
		if _, err := os.Stat(marker); err == nil {
			return nil
		}
		select {
		case err := <-e.served:
			return fmt.Errorf("webtest: the app stopped: %v (log: %s)", err, e.LogFile)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("webtest: the sample tables were not loaded into the DataStore in 5 minutes (log: %s)", e.LogFile)
		}
	}
}

// startBrowser starts headless Chromium with no way out of the machine: every host name
// but localhost resolves to nothing and every connection not to loopback goes to a proxy
// that does not exist. Requests are still recorded by the tabs, so one that was tried
// fails the test even though it could not have left.
func (e *Env) startBrowser(chromium string) error {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.UserDataDir(filepath.Join(e.tmp, "chromium")),
		chromedp.WindowSize(ViewportWidth, ViewportHeight),
		chromedp.DisableGPU,
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1"),
		chromedp.ProxyServer("http://127.0.0.1:9"),
		chromedp.Flag("proxy-bypass-list", "127.0.0.1;localhost;[::1]"),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("dns-prefetch-disable", true),
		// A Thai visitor by default; ?lang=en switches, as for a person.
		chromedp.Flag("lang", "th-TH"),
		chromedp.Flag("accept-lang", "th-TH,th"),
		chromedp.Env("TZ=Asia/Bangkok"),
	)
	if os.Getuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium refuses to run as root with its sandbox
	}
	alloc, stopAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	e.stopAlloc = stopAlloc
	e.browser, e.stopBrowse = chromedp.NewContext(alloc)
	// The first run starts the browser; it must have no timeout, which would end it.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(e.browser) }()
	select {
	case err := <-started:
		if err != nil {
			return fmt.Errorf("webtest: start %s: %w", chromium, err)
		}
	case <-time.After(time.Minute):
		return fmt.Errorf("webtest: %s did not start in a minute", chromium)
	}
	return nil
}

// Close stops the browser and the app and removes the data folder.
func (e *Env) Close() {
	if e.stopBrowse != nil {
		e.stopBrowse()
	}
	if e.stopAlloc != nil {
		e.stopAlloc()
	}
	if e.stopServe != nil {
		e.stopServe()
		select {
		case <-e.served:
		case <-time.After(20 * time.Second):
		}
	}
	if e.App != nil {
		e.App.Close()
	}
	if e.logf != nil {
		_ = e.logf.Close()
	}
	if e.tmp != "" {
		// Chromium's helpers can write for a moment after it stops.
		for range 50 {
			if os.RemoveAll(e.tmp) == nil {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}

var shared struct {
	once sync.Once
	env  *Env
	err  error
}

// Shared is the package's Env, started by the first test that asks and closed by Main.
// Without Chromium the test is skipped, or failed under CI; a failure to start fails it.
func Shared(t testing.TB) *Env {
	t.Helper()
	shared.once.Do(func() {
		if ChromiumPath() == "" {
			shared.err = ErrNoChromium
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
		defer cancel()
		shared.env, shared.err = Start(ctx)
	})
	switch {
	case errors.Is(shared.err, ErrNoChromium) && os.Getenv("CI") == "":
		t.Skip(shared.err.Error())
	case shared.err != nil:
		t.Fatal(shared.err)
	}
	return shared.env
}

// Main runs the package's tests and then closes the shared Env; call it from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	if shared.env != nil {
		shared.env.Close()
	}
	os.Exit(code)
}

// Tab is one browser tab in its own browser context: cookies and storage start empty
// and are not shared with other tabs. Its methods fail the test on any error.
type Tab struct {
	t   testing.TB
	env *Env
	ctx context.Context
	rec *record
}

// record is what a tab's pages did, shared by the Tab values of one tab.
type record struct {
	mu   sync.Mutex
	reqs []string
	dlgs []string
}

// For is the same tab failing t instead: for subtests that share their parent's tab.
func (p *Tab) For(t testing.TB) *Tab {
	return &Tab{t: t, env: p.env, ctx: p.ctx, rec: p.rec}
}

// NewTab opens a tab, closed when the test ends. At the end, a request to any host but
// the app's loopback address, or a JavaScript dialog (alert, confirm, prompt), fails
// the test.
func (e *Env) NewTab(t testing.TB) *Tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(e.browser, chromedp.WithNewBrowserContext())
	tab := &Tab{t: t, env: e, ctx: ctx, rec: &record{}}
	t.Cleanup(func() {
		cancel()
		if off := tab.ForeignRequests(); len(off) > 0 {
			t.Errorf("the page asked for %d URL(s) off localhost: %s", len(off), strings.Join(off, " "))
		}
		if d := tab.Dialogs(); len(d) > 0 {
			t.Errorf("the page opened JavaScript dialog(s): %q", d)
		}
	})
	// Opens the target; the tab's first run must not have a deadline.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			tab.rec.mu.Lock()
			tab.rec.reqs = append(tab.rec.reqs, ev.Request.URL)
			tab.rec.mu.Unlock()
		case *page.EventJavascriptDialogOpening:
			tab.rec.mu.Lock()
			tab.rec.dlgs = append(tab.rec.dlgs, string(ev.Type)+": "+ev.Message)
			tab.rec.mu.Unlock()
			// The page is stuck until the dialog is closed; Listen's callback must not
			// send commands itself.
			go func() {
				_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
			}()
		}
	})
	if err != nil {
		t.Fatalf("listen to the tab: %v", err)
	}
	tab.do(chromedp.EmulateViewport(ViewportWidth, ViewportHeight))
	return tab
}

// do runs actions with a timeout, failing the test on error.
func (p *Tab) do(actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.t.Fatalf("browser: %v (page %s)", err, p.location())
	}
}

// run runs one action with a result.
func run[T any](p *Tab, a chromedp.Action[T]) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		p.t.Fatalf("browser: %v (page %s)", err, p.location())
	}
	return v
}

func (p *Tab) location() string {
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "?"
	}
	return loc
}

// Go opens path (a path on the app, such as "/dataset?q=x", or a full URL) and waits
// for the page to load; it returns the HTTP status of the document.
func (p *Tab) Go(path string) int {
	p.t.Helper()
	u := path
	if strings.HasPrefix(path, "/") {
		u = p.env.URL + path
	}
	resp := run(p, chromedp.NavigateResponse(u))
	if resp == nil {
		return 0
	}
	return int(resp.Status)
}

// Click clicks the first element matching the CSS selector and, when that starts a
// navigation, waits for the new page to load; it returns the new page's HTTP status, or
// 0 when the click did not navigate.
func (p *Tab) Click(selector string) int {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(selector), chromedp.NodeVisible))
	if err != nil {
		p.t.Fatalf("click %s: %v (page %s)", selector, err, p.location())
	}
	if resp == nil {
		return 0
	}
	return int(resp.Status)
}

// Fill replaces the value of the input matching the CSS selector by typing value.
func (p *Tab) Fill(selector, value string) {
	p.t.Helper()
	p.do(chromedp.Clear(chromedp.CSS(selector)), chromedp.SendKeys(chromedp.CSS(selector), value))
}

// Submit submits the form of the element matching the CSS selector (the form itself
// or a field in it) and waits for the answer's page; it returns its HTTP status.
func (p *Tab) Submit(selector string) int {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Submit(chromedp.CSS(selector)))
	if err != nil {
		p.t.Fatalf("submit %s: %v (page %s)", selector, err, p.location())
	}
	if resp == nil {
		return 0
	}
	return int(resp.Status)
}

// URL is the address of the page shown.
func (p *Tab) URL() string {
	p.t.Helper()
	return run(p, chromedp.Location())
}

// Path is the path and query of the page shown, without the app's address.
func (p *Tab) Path() string {
	p.t.Helper()
	u, err := url.Parse(p.URL())
	if err != nil {
		p.t.Fatal(err)
	}
	return u.RequestURI()
}

// Title is the document's title.
func (p *Tab) Title() string {
	p.t.Helper()
	return run(p, chromedp.Title())
}

// Text is the visible text of the first element matching the CSS selector (its
// innerText), waiting for it to appear.
func (p *Tab) Text(selector string) string {
	p.t.Helper()
	return run(p, chromedp.Text(chromedp.CSS(selector), chromedp.NodeReady))
}

// Count is the number of elements matching the CSS selector now, without waiting.
func (p *Tab) Count(selector string) int {
	p.t.Helper()
	return Eval[int](p, fmt.Sprintf("document.querySelectorAll(%s).length", jsString(selector)))
}

// Attr is an attribute of the first element matching the CSS selector ("" without it).
func (p *Tab) Attr(selector, name string) string {
	p.t.Helper()
	return Eval[string](p, fmt.Sprintf("(document.querySelector(%s)?.getAttribute(%s)) ?? ''", jsString(selector), jsString(name)))
}

// Eval evaluates a JavaScript expression in the page and returns its JSON value as T.
func Eval[T any](p *Tab, expr string) T {
	p.t.Helper()
	return run(p, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// canvasInkJS counts, for each canvas on the page, the pixels that are neither
// transparent nor near-white: what a chart has drawn.
const canvasInkJS = `Array.from(document.querySelectorAll('canvas')).map(c => {
  if (!c.width || !c.height) return 0;
  const g = c.getContext('2d');
  if (!g) return -1;
  const d = g.getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i+3] > 16 && (d[i] < 235 || d[i+1] < 235 || d[i+2] < 235)) n++;
  }
  return n;
})`

// CanvasInk returns, for every canvas on the page, how many pixels are drawn (neither
// transparent nor near-white); -1 for a canvas without a 2D context. It waits (up to
// the action timeout) until there is at least one canvas and every canvas has at least
// minInk pixels, then returns what it saw, so a blank chart shows as a small count.
func (p *Tab) CanvasInk(minInk int) []int {
	p.t.Helper()
	deadline := time.Now().Add(actionTimeout)
	var ink []int
	for {
		ink = Eval[[]int](p, canvasInkJS)
		done := len(ink) > 0
		for _, n := range ink {
			done = done && n >= minInk
		}
		if done || time.Now().After(deadline) {
			return ink
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// Screenshot is a PNG of the tab's viewport (ViewportWidth × ViewportHeight).
func (p *Tab) Screenshot() []byte {
	p.t.Helper()
	return run(p, chromedp.CaptureScreenshot())
}

// Requests are the URLs of every request the tab's pages made, in order.
func (p *Tab) Requests() []string {
	p.rec.mu.Lock()
	defer p.rec.mu.Unlock()
	return append([]string(nil), p.rec.reqs...)
}

// ForeignRequests are the requests that were not for the app's loopback address (data:
// and blob: URLs, which never touch the network, are not counted).
func (p *Tab) ForeignRequests() []string {
	var out []string
	for _, r := range p.Requests() {
		if !Local(r) {
			out = append(out, r)
		}
	}
	return out
}

// Local reports whether a request URL stays on this machine: loopback hosts, or a URL
// scheme that makes no request (data:, blob:, about:).
func Local(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "data", "blob", "about":
		return true
	case "http", "https", "ws", "wss":
	default:
		return false
	}
	switch h := u.Hostname(); h {
	case "localhost", "127.0.0.1", "::1":
		return true
	default:
		ip := net.ParseIP(h)
		return ip != nil && ip.IsLoopback()
	}
}

// forgetRequests drops the requests recorded so far: for the tests of the harness,
// which make foreign requests on purpose.
func (p *Tab) forgetRequests() {
	p.rec.mu.Lock()
	defer p.rec.mu.Unlock()
	p.rec.reqs = nil
}

// Dialogs are the JavaScript dialogs the tab's pages opened, as "type: message"; each
// was dismissed.
func (p *Tab) Dialogs() []string {
	p.rec.mu.Lock()
	defer p.rec.mu.Unlock()
	return append([]string(nil), p.rec.dlgs...)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x2028 || r == 0x2029:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
