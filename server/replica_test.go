package server

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
)

// Two replicas on one PostgreSQL, each with its own data folder and search index (DESIGN:
// "any number of stateless replicas, each with its own index fed by the change log"): a
// dataset created, changed and deleted through one replica's API is found, changed and gone
// in the other's search, with no call between the two.
func TestReplicasConvergeThroughTheChangeLog(t *testing.T) {
	admin := os.Getenv("KHLANG_TEST_POSTGRES")
	if admin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("KHLANG_TEST_POSTGRES is not set; CI must run the PostgreSQL tests")
		}
		t.Skip("KHLANG_TEST_POSTGRES not set")
	}
	dsn := catalogtest.NewPostgresDB(t, admin)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	start := func() (string, *App) {
		cfg := defaultConfig()
		cfg.Data, cfg.DB, cfg.NoSeed, cfg.SyncInterval = t.TempDir(), dsn, true, 20*time.Millisecond
		app, err := OpenApp(ctx, cfg, slog.New(slog.DiscardHandler), nil)
		if err != nil {
			t.Fatal(err)
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- app.Serve(ctx, ln) }()
		t.Cleanup(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v", err)
			}
			app.Close()
		})
		return "http://" + ln.Addr().String(), app
	}
	urlA, appA := start()
	urlB, _ := start()

	u := &catalog.User{Name: "replica-admin", Email: "admin@example.org", Sysadmin: true}
	token, err := appA.Store.CreateUserWithToken(ctx, u, "replica-password", "test")
	if err != nil {
		t.Fatal(err)
	}
	call := func(base, action string, body map[string]any) map[string]any {
		t.Helper()
		b, _ := json.Marshal(body)
		req, _ := http.NewRequestWithContext(ctx, "POST", base+"/api/3/action/"+action, strings.NewReader(string(b)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		raw, _ := io.ReadAll(res.Body)
		var env struct {
			Success bool           `json:"success"`
			Result  map[string]any `json:"result"`
		}
		if err := json.Unmarshal(raw, &env); err != nil || !env.Success {
			t.Fatalf("%s on %s: %s", action, base, raw)
		}
		return env.Result
	}
	// search asks replica B until its answer is want or two seconds pass (it polls the
	// log every 20 ms; the wait only bounds a failure, nothing here is timed).
	search := func(q string, want int) {
		t.Helper()
		var got int
		for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			res, err := http.Get(urlB + "/api/3/action/package_search?q=" + url.QueryEscape(q))
			if err != nil {
				t.Fatal(err)
			}
			var env struct {
				Result struct {
					Count int `json:"count"`
				} `json:"result"`
			}
			err = json.NewDecoder(res.Body).Decode(&env)
			res.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			if got = env.Result.Count; got == want {
				return
			}
		}
		t.Fatalf("replica B: q=%s found %d datasets, want %d", q, got, want)
	}

	call(urlA, "organization_create", map[string]any{"name": "replica-org", "title": "Replica org"})
	search("ทะเบียนกองทุนหมู่บ้าน", 0)
	call(urlA, "package_create", map[string]any{"name": "replica-ds", "owner_org": "replica-org",
		"title": "ทะเบียนกองทุนหมู่บ้าน (replica test)"})
	search("ทะเบียนกองทุนหมู่บ้าน", 1)
	call(urlA, "package_patch", map[string]any{"id": "replica-ds", "title": "Village funds moved"})
	search("ทะเบียนกองทุนหมู่บ้าน", 0)
	search("moved", 1)
	call(urlA, "package_delete", map[string]any{"id": "replica-ds"})
	search("moved", 0)
}
