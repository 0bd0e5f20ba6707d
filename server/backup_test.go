package server

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
)

// A backup taken while the app has the data folder open carries the catalog, the
// DataStore rows and the uploaded files; a server started on it answers as the original
// did, its search index rebuilt from the change log.
func TestBackupWhileServing(t *testing.T) {
	ctx := context.Background()
	app, token := openTestApp(t)
	src := app.Config.Data
	h := app.Handler()
	apiCall(t, h, token, "organization_create", `{"name":"nso","title":"NSO"}`)
	res := apiCall(t, h, token, "package_create", `{"name":"backup-me","title":"สำมะโนประชากร backup","owner_org":"nso",
		"resources":[{"name":"rows","url":"http://example.org/rows.csv"}]}`)
	resID := res["resources"].([]any)[0].(map[string]any)["id"].(string)
	apiCall(t, h, token, "datastore_create", `{"resource_id":"`+resID+`","force":true,
		"records":[{"province":"ขอนแก่น","funds":1},{"province":"เชียงใหม่","funds":2}]}`)
	upload := filepath.Join(src, "uploads", "x", "file.csv")
	if err := os.MkdirAll(filepath.Dir(upload), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(upload, []byte("a,b\n1,2\n"), 0o640); err != nil {
		t.Fatal(err)
	}

	dst := filepath.Join(t.TempDir(), "copy")
	var out bytes.Buffer
	if err := Main(ctx, []string{"backup", "--data", src, "--to", dst}, func(string) string { return "" }, &out, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	if err := Main(ctx, []string{"backup", "--data", src, "--to", dst}, func(string) string { return "" }, &out, slog.New(slog.DiscardHandler)); err == nil {
		t.Fatal("a second backup over an existing folder succeeded")
	}
	if _, err := os.Stat(dst + ".partial"); !os.IsNotExist(err) {
		t.Fatalf("a partial folder was left: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dst, "index")); !os.IsNotExist(err) {
		t.Fatalf("the index was copied: %v", err)
	}
	got, err := os.ReadFile(filepath.Join(dst, "uploads", "x", "file.csv"))
	if err != nil || string(got) != "a,b\n1,2\n" {
		t.Fatalf("upload in the copy: %q, %v", got, err)
	}
	if st, err := os.Stat(filepath.Join(dst, "uploads", "x", "file.csv")); err != nil || st.Mode().Perm() != 0o640 {
		t.Fatalf("upload mode in the copy: %v, %v", st.Mode(), err)
	}

	cfg2 := defaultConfig()
	cfg2.Data, cfg2.NoSeed = dst, true
	restored, err := OpenApp(ctx, cfg2, slog.New(slog.DiscardHandler), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	hc := restored.Handler()
	if r := apiCall(t, hc, token, "package_search", `{"q":"ประชากร"}`); r["count"].(float64) != 1 {
		t.Fatalf("search on the copy: %v", r)
	}
	r := apiCall(t, hc, token, "datastore_search", `{"resource_id":"`+resID+`","q":"เชียงใหม่"}`)
	if recs := r["records"].([]any); len(recs) != 1 || recs[0].(map[string]any)["funds"].(float64) != 2 {
		t.Fatalf("DataStore on the copy: %v", r)
	}
}
