package webtest

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestMain shares one app and one browser between the package's tests.
func TestMain(m *testing.M) { Main(m) }

func TestLocal(t *testing.T) {
	for _, c := range []struct {
		url  string
		want bool
	}{
		{"http://127.0.0.1:8080/dataset", true},
		{"http://localhost/x", true},
		{"http://[::1]:99/", true},
		{"http://127.0.0.2/", true},
		{"ws://127.0.0.1:1/socket", true},
		{"data:image/png;base64,AAAA", true},
		{"blob:http://127.0.0.1/uuid", true},
		{"about:blank", true},
		{"https://cdn.jsdelivr.net/npm/echarts", false},
		{"http://example.com/", false},
		{"http://10.0.0.1/", false},
		{"http://127.0.0.1.example.com/", false},
		{"ftp://127.0.0.1/", false},
		{"chrome-extension://abc/x.js", false},
		{"%zz", false},
	} {
		if got := Local(c.url); got != c.want {
			t.Errorf("Local(%q) = %v, want %v", c.url, got, c.want)
		}
	}
}

// TestNoWayOut checks the harness itself: a page that asks another host, by name or by
// address, gets nothing, and the requests are recorded so that the tab's test would fail.
func TestNoWayOut(t *testing.T) {
	tab := Shared(t).NewTab(t)
	tab.Go("/api/3/action/status_show")
	targets := []string{"http://example.com/", "https://cdn.jsdelivr.net/npm/echarts@5/dist/echarts.min.js", "http://192.0.2.1/x"}
	outcome := Eval[[]string](tab, `Promise.all(`+jsonList(targets)+`.map(u =>
		fetch(u, {mode: "no-cors"}).then(() => "reached " + u, () => "blocked")))`)
	for i, o := range outcome {
		if o != "blocked" {
			t.Errorf("fetch %s: %s", targets[i], o)
		}
	}
	if off := tab.ForeignRequests(); len(off) != len(targets) {
		t.Errorf("foreign requests recorded: %q, want %q", off, targets)
	}
	tab.forgetRequests()
	if off := tab.ForeignRequests(); len(off) != 0 {
		t.Errorf("forgetRequests kept %q", off)
	}
}

func jsonList(list []string) string {
	b, _ := json.Marshal(list)
	return string(b)
}

// TestThaiFonts checks that a Thai font is installed: without one Chromium draws Thai as
// boxes, and the screenshots and canvas checks would pass on tofu.
func TestThaiFonts(t *testing.T) {
	out, err := exec.Command("fc-list", ":lang=th", "family").Output()
	if err == nil && strings.TrimSpace(string(out)) != "" {
		return
	}
	msg := "no Thai font (apt-get install fonts-thai-tlwg)"
	if err != nil {
		msg += ": fc-list: " + err.Error()
	}
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}
