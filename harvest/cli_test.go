package harvest_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
	"github.com/khlang/khlang/harvest"
)

func TestCLI(t *testing.T) {
	srv := httptest.NewServer(http.FileServer(http.Dir(filepath.Join("testdata", "dcat"))))
	t.Cleanup(srv.Close)
	s := catalogtest.Open(t, catalogtest.Backends(t)[0])
	createOrg(t, s, "local-org")
	ctx := context.Background()
	var stages []string
	progress := func(stage string, done, total int) { stages = append(stages, stage) }
	steps := []struct {
		args    []string
		wantOut []string
		wantErr string
	}{
		{args: []string{"source", "add", "dj", "--type", "datajson", "--url", srv.URL + "/data.json", "--org", "local-org"},
			wantOut: []string{"added harvest source dj (datajson " + srv.URL + "/data.json)"}},
		{args: []string{"source", "add", "--type=dcat", "--url", srv.URL + "/catalog.ttl", "ttl", "--config", `{"remote_orgs":"create"}`},
			wantOut: []string{"added harvest source ttl"}},
		{args: []string{"source", "add", "dj", "--type", "datajson", "--url", srv.URL + "/data.json"}, wantErr: "already exists"},
		{args: []string{"source", "add", "x", "--type", "ftp", "--url", srv.URL}, wantErr: "Unknown harvest source type"},
		{args: []string{"source", "add", "y", "--type", "ckan", "--url", srv.URL, "--org", "nowhere"}, wantErr: "organization \"nowhere\""},
		{args: []string{"source", "add", "z", "--type", "ckan", "--url", srv.URL, "--config", `{"remote_org":"create"}`}, wantErr: "unknown field"},
		{args: []string{"source", "add", "w", "--type", "ckan", "--url", srv.URL, "--frequency", "hourly"}, wantErr: "unknown frequency"},
		{args: []string{"source", "list"}, wantOut: []string{"NAME", "dj", "datajson", "local-org", "ttl", "dcat", "FREQUENCY", "MANUAL"}},
		{args: []string{"run", "dj"}, wantOut: []string{"(full, ok): 2 created, 0 updated, 0 unchanged, 0 withdrawn, 0 errors"}},
		{args: []string{"run", "--full", "dj"}, wantOut: []string{"0 created, 0 updated, 2 unchanged"}},
		{args: []string{"runs", "dj"}, wantOut: []string{"STARTED", "ok", "2"}},
		{args: []string{"runs", "dj", "--details", "--limit", "1"}, wantOut: []string{"(full, ok): 0 created, 0 updated, 2 unchanged"}},
		{args: []string{"source", "set", "dj", "--frequency", "weekly"}, wantOut: []string{"frequency WEEKLY"}},
		{args: []string{"source", "set", "dj", "--frequency", "sometimes"}, wantErr: "unknown frequency"},
		{args: []string{"source", "set", "nope", "--frequency", "daily"}, wantErr: "not found"},
		{args: []string{"source", "add", "daily-one", "--type", "datajson", "--url", srv.URL + "/data.json", "--frequency", "DAILY"},
			wantOut: []string{"frequency DAILY"}},
		{args: []string{"source", "list"}, wantOut: []string{"WEEKLY", "DAILY", "due"}},
		{args: []string{"run", "missing"}, wantErr: "Harvest source was not found"},
		{args: []string{"launch"}, wantErr: "unknown harvest verb"},
		{args: []string{"run"}, wantErr: "needs one SOURCE"},
	}
	for _, st := range steps {
		var out bytes.Buffer
		err := harvest.CLI(ctx, s, st.args, &out, progress)
		if st.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), st.wantErr) {
				t.Errorf("%q: error %v, want %q", st.args, err, st.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", st.args, err)
			continue
		}
		for _, w := range st.wantOut {
			if !strings.Contains(out.String(), w) {
				t.Errorf("%q printed %q, want it to contain %q", st.args, out.String(), w)
			}
		}
	}
	src, err := s.HarvestSource(ctx, "ttl")
	if err != nil || !strings.Contains(src.Config, `"remote_orgs":"create"`) {
		t.Errorf("stored source ttl = %+v, %v", src, err)
	}
	runs, err := s.HarvestRuns(ctx, mustSourceID(t, s, "dj"), 0)
	if err != nil || len(runs) != 2 {
		t.Errorf("runs of dj = %d, %v; want 2", len(runs), err)
	}
	if !strings.Contains(strings.Join(stages, " "), "harvest import") {
		t.Errorf("progress stages %v, want harvest import reports", stages)
	}
	if _, err := s.HarvestSource(ctx, "x"); !errors.Is(err, catalog.ErrNotFound) {
		t.Errorf("invalid source x was stored: %v", err)
	}
}

func mustSourceID(t *testing.T, s *catalog.Store, name string) string {
	t.Helper()
	src, err := s.HarvestSource(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return src.ID
}
