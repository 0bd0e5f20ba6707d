package catalog

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReceiveUpload(t *testing.T) {
	tests := []struct {
		name, file, body string
		limit            int64
		wantErr          string
		wantName, format string
	}{
		{name: "csv", file: "Village Funds 2568.CSV", body: "a,b\n1,2\n", limit: 100, wantName: "village-funds-2568.csv", format: "CSV"},
		{name: "thai name keeps its extension", file: "กองทุนหมู่บ้าน.xlsx", body: "PK\x03\x04", limit: 100, wantName: "upload.xlsx", format: "XLSX"},
		{name: "over the limit", file: "big.csv", body: strings.Repeat("x", 101), limit: 100, wantErr: "File upload too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			res := &Resource{ID: "11111111-2222-3333-4444-555555555555"}
			u, err := ReceiveUpload(dir, tt.limit, res, tt.file, strings.NewReader(tt.body))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want %q", err, tt.wantErr)
				}
				if entries, _ := os.ReadDir(dir); len(entries) != 0 {
					t.Fatalf("a refused upload left %d files", len(entries))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.URL != tt.wantName || res.URLType != "upload" || res.Format != tt.format || *res.Size != int64(len(tt.body)) || len(res.Hash) != 64 {
				t.Fatalf("resource %+v", res)
			}
			path, err := u.Commit()
			if err != nil {
				t.Fatal(err)
			}
			if b, err := os.ReadFile(path); err != nil || string(b) != tt.body || path != filepath.Join(dir, res.ID, tt.wantName) {
				t.Fatalf("committed %s: %q %v", path, b, err)
			}
			if err := RemoveUploads(dir, res.ID, "../escape", ""); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(filepath.Join(dir, res.ID)); !os.IsNotExist(err) {
				t.Fatalf("folder not removed: %v", err)
			}
		})
	}
}

func TestPatchedAndMergeInvalid(t *testing.T) {
	got := Patched(Dict{"name": "a", "tags": []any{"x"}}, Dict{"tags": []any{}})
	if got["name"] != "a" || len(got["tags"].([]any)) != 0 {
		t.Fatalf("patched %v", got)
	}
	err := MergeInvalid(nil, Invalid("name", "Missing value"), NotExpected("id"))
	var v *ValidationError
	if !asValidation(err, &v) || v.Fields["name"][0] != "Missing value" || v.Fields["id"][0] != "The input field id was not expected." {
		t.Fatalf("merged %v", err)
	}
	if MergeInvalid(nil, nil) != nil {
		t.Fatal("nothing to report is nil")
	}
}

func asValidation(err error, v **ValidationError) bool {
	ve, ok := err.(*ValidationError)
	*v = ve
	return ok
}
