package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func runOK(t *testing.T, ctx context.Context, getenv func(string) string, args ...string) string {
	t.Helper()
	var out bytes.Buffer
	if err := run(ctx, args, getenv, &out); err != nil {
		t.Fatalf("khlang %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	return out.String()
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestCLI drives the program as a user would: users, tokens, import, then serve until
// a signal (the context) stops it gracefully.
func TestCLI(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	getenv := env(map[string]string{"KHLANG_DATA": data, "KHLANG_NO_SEED": "true"})

	if out := runOK(t, ctx, getenv, "version"); !strings.HasPrefix(out, "khlang ") {
		t.Fatalf("version printed %q", out)
	}
	for _, verb := range [][]string{{"serve", "--help"}, {"seed", "--help"}, {"import", "--help"}, {"user", "add", "--help"}, {"token", "create", "--help"}} {
		if out := runOK(t, ctx, getenv, verb...); !strings.Contains(out, "Usage: khlang") {
			t.Fatalf("%v --help printed %q", verb, out)
		}
	}
	if err := run(ctx, []string{"frobnicate"}, getenv, &bytes.Buffer{}); err == nil {
		t.Fatal("unknown verb accepted")
	}
	out := runOK(t, ctx, getenv, "user", "add", "admin", "--sysadmin")
	if !strings.Contains(out, "sysadmin true") || !strings.Contains(out, "password: ") {
		t.Fatalf("user add printed %q", out)
	}
	runOK(t, ctx, getenv, "harvest", "source", "add", "peer", "--type", "ckan", "--url", "http://127.0.0.1:1/")
	if out := runOK(t, ctx, getenv, "harvest", "source", "list"); !strings.Contains(out, "peer") {
		t.Fatalf("harvest source list printed %q", out)
	}
	token := strings.TrimSpace(runOK(t, ctx, getenv, "token", "create", "admin"))
	if len(token) < 32 {
		t.Fatalf("token create printed %q", token)
	}

	dump := filepath.Join(t.TempDir(), "dump.jsonl")
	lines := `{"name":"imported-one","title":"ชุดข้อมูลนำเข้า","private":true,"organization":{"name":"imported-org","title":"หน่วยงาน"},"tags":[{"name":"นำเข้า"}],"resources":[{"url":"https://example.org/a.csv","format":"CSV"}]}
this is not json
{"name":"imported-two","title":"Two","owner_org":"imported-org"}
`
	if err := os.WriteFile(dump, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	var imp bytes.Buffer
	err := run(ctx, []string{"import", dump}, getenv, &imp)
	if err == nil || !strings.Contains(imp.String(), "line 2:") || !strings.Contains(imp.String(), "2 created") {
		t.Fatalf("import: err=%v output=%q", err, imp.String())
	}

	addr := freeAddr(t)
	sctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- run(sctx, []string{"serve", "--addr", addr}, getenv, &bytes.Buffer{}) }()
	base := "http://" + addr
	var resp *http.Response
	for i := 0; i < 100; i++ {
		if resp, err = http.Get(base + "/readyz"); err == nil && resp.StatusCode == 200 {
			resp.Body.Close()
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("server not ready: %v", err)
	}
	// The private imported dataset is visible to the sysadmin's token only.
	get := func(tok string) map[string]any {
		req, _ := http.NewRequest("GET", base+"/api/3/action/package_show?id=imported-one", nil)
		if tok != "" {
			req.Header.Set("Authorization", tok)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
			t.Fatal(err)
		}
		return body
	}
	if body := get(""); body["success"] != false {
		t.Fatalf("anonymous read a private dataset: %v", body)
	}
	if body := get(token); body["success"] != true {
		t.Fatalf("sysadmin token refused: %v", body)
	}
	// GraphQL is served beside the CKAN API, with the same tokens.
	gq, err := http.Post(base+"/graphql", "application/json", strings.NewReader(`{"query":"{ datasets { totalCount } }"}`))
	if err != nil {
		t.Fatal(err)
	}
	var gbody struct {
		Data struct{ Datasets struct{ TotalCount int } }
	}
	if err := json.NewDecoder(gq.Body).Decode(&gbody); err != nil || gq.StatusCode != 200 {
		t.Fatalf("graphql: %v %d", err, gq.StatusCode)
	}
	gq.Body.Close()
	if gbody.Data.Datasets.TotalCount != 1 {
		t.Fatalf("graphql totalCount = %d, want 1 public imported dataset", gbody.Data.Datasets.TotalCount)
	}
	// Catalog metadata lists public datasets only.
	dj, err := http.Get(base + "/data.json")
	if err != nil {
		t.Fatal(err)
	}
	djBody, _ := io.ReadAll(dj.Body)
	dj.Body.Close()
	if dj.StatusCode != 200 || !strings.Contains(string(djBody), "imported-two") || strings.Contains(string(djBody), "imported-one") {
		t.Fatalf("data.json: %d %s", dj.StatusCode, djBody)
	}
	// Exports follow the API token: the private imported dataset's DCAT is the sysadmin's.
	for tok, want := range map[string]int{"": 404, token: 200} {
		req, _ := http.NewRequest("GET", base+"/dataset/imported-one/dcat.ttl", nil)
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Fatalf("dcat.ttl with a token: %v: %d, want %d", tok != "", resp.StatusCode, want)
		}
	}
	stop()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve after shutdown: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not shut down")
	}
}

func TestConfigFromEnvAndFlags(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// A bad value in the environment is reported with its variable name.
	var out bytes.Buffer
	err := run(ctx, []string{"serve"}, env(map[string]string{"KHLANG_MAX_BODY_BYTES": "lots"}), &out)
	if err == nil || !strings.Contains(err.Error(), "KHLANG_MAX_BODY_BYTES") {
		t.Fatalf("err = %v", err)
	}
}
