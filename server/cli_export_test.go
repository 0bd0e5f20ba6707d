package server

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/khlang/khlang/catalog"
)

const exportCSVHeader = "indicator_code,ref_area,time_period,breakdown,breakdown_value,breakdown_label_th,breakdown_label_en,obs_value,unit_measure,unit_mult,obs_status\n"

// exportFixture writes a data folder with three indicator datasets whose observations are
// stored CSV files: two public (ADIX, WDCR) and a private one (WDCR).
func exportFixture(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	data := t.TempDir()
	cfg := defaultConfig()
	cfg.Data = data
	store, err := catalog.Open(ctx, cfg.CatalogDSN(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	org := &catalog.Group{Name: "nso", Title: "สำนักงานสถิติแห่งชาติ", IsOrganization: true}
	if err := store.CreateGroup(ctx, org); err != nil {
		t.Fatal(err)
	}
	for _, ix := range []struct {
		name, code, title, fw string
		private               bool
		rows                  string
	}{
		{"tddc-cli-001", "TDDC-CLI-001", "Internet users", "ADIX", false,
			"TDDC-CLI-001,THA,2023,_T,_T,ยอดรวม,Total,89.5,PT_IND,0,A\nTDDC-CLI-001,THA,2024,_T,_T,ยอดรวม,Total,90.25,PT_IND,0,P\n"},
		{"tddc-cli-002", "TDDC-CLI-002", "Digital content value", "ADIX", false,
			"TDDC-CLI-002,THA,2023,_T,_T,ยอดรวม,Total,44236,THB_MN,6,A\nTDDC-CLI-002,VNM,2023,_T,_T,ยอดรวม,Total,,THB_MN,6,M\n"},
		{"tddc-cli-secret", "TDDC-CLI-SECRET", "Secret indicator", "WDCR", true,
			"TDDC-CLI-SECRET,THA,2024,_T,_T,ยอดรวม,Total,12.5,PT,0,A\n"},
	} {
		d := &catalog.Dataset{Name: ix.name, Title: "ตัวชี้วัด " + ix.title, TitleEN: ix.title, OwnerOrg: &org.ID,
			Private: ix.private, State: catalog.StateActive, LicenseID: "cc-by",
			GDC:       catalog.GDC{UpdateFrequencyUnit: "ปี", UnitOfMeasure: "ร้อยละ", DataSource: "สำนักงานสถิติแห่งชาติ"},
			Indicator: catalog.Indicator{IndicatorCode: ix.code, Frameworks: []catalog.FrameworkRef{{Framework: ix.fw, Pillar: "Digital Trade"}}},
			Extras:    []catalog.Extra{{Key: "sample_data", Value: "true"}},
			Resources: []catalog.Resource{{Name: "observations", Format: "CSV", URL: ix.name + ".csv", URLType: "upload"}}}
		if err := store.CreateDataset(ctx, d); err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join(cfg.UploadDir(), d.Resources[0].ID)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, ix.name+".csv"), []byte(exportCSVHeader+ix.rows), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return data
}

// TestExportCLI runs `khlang export` through the command line's entry point and checks
// that each format and selection gives what the HTTP export of the same data gives.
func TestExportCLI(t *testing.T) {
	ctx := context.Background()
	data := exportFixture(t)
	const site = "http://khlang.test"
	log := slog.New(slog.DiscardHandler)
	cli := func(args ...string) ([]byte, error) {
		var out bytes.Buffer
		args = append(args, "--data", data)
		if args[0] == "export" {
			args = append(args, "--site-url", site)
		}
		err := Main(ctx, args, func(string) string { return "" }, &out, log)
		return out.Bytes(), err
	}
	if _, err := cli("user", "add", "admin", "--sysadmin", "--password", "a-long-password-1"); err != nil {
		t.Fatal(err)
	}

	cfg := defaultConfig()
	if err := cfg.parseFlags(flag.NewFlagSet("t", flag.ContinueOnError), []string{"--data", data, "--no-seed", "--site-url", site},
		func(string) string { return "" }, "data", "no-seed", "site-url"); err != nil {
		t.Fatal(err)
	}
	app, err := OpenApp(ctx, cfg, log, nil)
	if err != nil {
		t.Fatal(err)
	}
	h := app.Handler()
	get := func(path string) []byte {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != 200 {
			t.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body)
		}
		return rec.Body.Bytes()
	}

	for _, tc := range []struct {
		name string
		args []string
		path string
		want string // a string the output must contain, so an empty export cannot pass
	}{
		{"framework sdmx-csv", []string{"--framework", "ADIX", "--format", "sdmx-csv"}, "/framework/adix/indicators.sdmx.csv", "TDDC-CLI-002"},
		{"framework code, sdmx-csv 1.0 with labels", []string{"--framework", "adix", "--format", "sdmx-csv1", "--labels", "both"},
			"/framework/adix/indicators.sdmx.csv?version=1.0&labels=both", "44236"},
		{"dataset jsonstat", []string{"--dataset", "tddc-cli-001", "--format", "jsonstat"}, "/dataset/tddc-cli-001/indicator.jsonstat.json", "90.25"},
		{"dataset csv template in Thai with BOM", []string{"--dataset", "tddc-cli-002", "--format", "csv", "--lang", "th", "--bom"},
			"/dataset/tddc-cli-002/indicator.csv?lang=th&bom=true", "\ufeff"},
		{"search", []string{"--q", "digital content", "--format", "sdmx-csv"}, "/search/indicators.sdmx.csv?q=digital+content", "TDDC-CLI-002"},
		{"search with fq and periods", []string{"--fq", `framework:"ADIX"`, "--format", "sdmx-csv", "--start-period", "2024"},
			"/search/indicators.sdmx.csv?fq=framework:%22ADIX%22&startPeriod=2024", "90.25"},
		{"sdmx-json", []string{"--framework", "adix", "--format", "sdmx-json"}, "/framework/adix/indicators.sdmx.json", "TDDC-CLI-002"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := cli(append([]string{"export"}, tc.args...)...)
			if err != nil {
				t.Fatal(err)
			}
			want := get(tc.path)
			if strings.Contains(tc.path, ".sdmx.json") {
				got, want = withoutPrepared(t, got), withoutPrepared(t, want)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("khlang export %v differs from GET %s:\n--- cli ---\n%s\n--- http ---\n%s", tc.args, tc.path, got, want)
			}
			if !bytes.Contains(got, []byte(tc.want)) {
				t.Fatalf("export lacks %q:\n%s", tc.want, got)
			}
		})
	}

	t.Run("xlsx to a file", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "adix.xlsx")
		if out, err := cli("export", "--framework", "ADIX", "--format", "xlsx", "--output", file); err != nil || len(out) != 0 {
			t.Fatalf("err %v, stdout %q", err, out)
		}
		httpFile := filepath.Join(t.TempDir(), "http.xlsx")
		if err := os.WriteFile(httpFile, get("/framework/adix/indicators.xlsx"), 0o644); err != nil {
			t.Fatal(err)
		}
		gotRows, wantRows := xlsxRows(t, file), xlsxRows(t, httpFile)
		if !reflect.DeepEqual(gotRows, wantRows) {
			t.Fatalf("xlsx cells differ:\n%v\n%v", gotRows, wantRows)
		}
		if !strings.Contains(strings.Join(gotRows, "\n"), "TDDC-CLI-002") {
			t.Fatalf("xlsx lacks the indicator: %v", gotRows)
		}
	})

	t.Run("private datasets need --user", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "secret.csv")
		_, err := cli("export", "--dataset", "tddc-cli-secret", "--output", file)
		if err == nil || !strings.Contains(err.Error(), "not found") {
			t.Fatalf("anonymous export of a private dataset: %v", err)
		}
		if _, serr := os.Stat(file); !os.IsNotExist(serr) {
			t.Fatalf("a failed export left %s (%v)", file, serr)
		}
		out, err := cli("export", "--framework", "wdcr", "--user", "admin")
		if err != nil || !strings.Contains(string(out), "TDDC-CLI-SECRET") {
			t.Fatalf("sysadmin export: %v\n%s", err, out)
		}
		if out, err := cli("export", "--framework", "wdcr"); err == nil {
			t.Fatalf("anonymous WDCR export found the private indicator:\n%s", out)
		}
	})

	for _, bad := range [][]string{
		{"export", "--framework", "adix", "--format", "pdf"},
		{"export", "--framework", "nope"},
		{"export", "--framework", "adix", "--dataset", "tddc-cli-001"},
		{"export"},
		{"export", "--dataset", "tddc-cli-001", "--labels", "all"},
	} {
		if out, err := cli(bad...); err == nil {
			t.Errorf("khlang %v succeeded:\n%s", bad, out)
		}
	}
	app.Close()
}

// withoutPrepared blanks the message id and preparation time of an SDMX-JSON message,
// the only parts that depend on when it was written.
func withoutPrepared(t *testing.T, b []byte) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%v:\n%s", err, b)
	}
	meta, _ := m["meta"].(map[string]any)
	if meta == nil {
		t.Fatalf("no meta:\n%s", b)
	}
	delete(meta, "id")
	delete(meta, "prepared")
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// xlsxRows lists every sheet's cells, a row a line.
func xlsxRows(t *testing.T, file string) []string {
	t.Helper()
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			out = append(out, sheet+": "+strings.Join(r, "\t"))
		}
	}
	return out
}
