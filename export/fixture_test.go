package export

import (
	"context"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/datastore"
	"github.com/khlang/khlang/search"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fixedTime is the clock of the test catalog, so outputs are reproducible.
var fixedTime = time.Date(2025, 3, 6, 9, 0, 0, 0, time.UTC)

// The test catalog: two indicators with known values and a private one.
const (
	indA = "tddc-test-001" // WDCR + OECD, in the DataStore
	indB = "tddc-test-002" // ADIX, only as a stored CSV file (no DataStore table)
	indP = "tddc-secret"   // private, WDCR, in the DataStore
)

const csvHeaderLine = "indicator_code,ref_area,time_period,breakdown,breakdown_value,breakdown_label_th,breakdown_label_en,obs_value,unit_measure,unit_mult,obs_status\n"

var fixtureCSV = map[string]string{
	indA: csvHeaderLine +
		"TDDC-TEST-001,THA,2023,SEX,_T,ยอดรวม,Total,89.5,PT_IND,0,A\n" +
		"TDDC-TEST-001,THA,2023,SEX,F,หญิง,Female,88.9,PT_IND,0,A\n" +
		"TDDC-TEST-001,THA,2024,SEX,_T,ยอดรวม,Total,90.7,PT_IND,0,P\n" +
		"TDDC-TEST-001,THA,2024,SEX,F,หญิง,Female,91.25,PT_IND,0,P\n" +
		"TDDC-TEST-001,SGP,2024,SEX,_T,ยอดรวม,Total,,PT_IND,0,M\n",
	indB: csvHeaderLine +
		"TDDC-TEST-002,THA,2023,_T,_T,ยอดรวม,Total,44236,THB_MN,6,A\n" +
		"TDDC-TEST-002,VNM,2023,_T,_T,ยอดรวม,Total,51000.5,THB_MN,6,E\n",
	indP: csvHeaderLine +
		"TDDC-SECRET,THA,2024,_T,_T,ยอดรวม,Total,12.5,PT,0,A\n",
}

type env struct {
	store  *catalog.Store
	ds     *datastore.Store
	index  *search.Index
	upload string
	h      *Handler
	srv    *httptest.Server
	actor  *catalog.Actor // the actor requests run as (nil: anonymous)
}

func intp(n int) *int { return &n }

// newEnv builds the test catalog, loads indA and indP into the DataStore (indB stays a
// file only) and serves the handler. withIndex adds the search index.
func newEnv(t testing.TB, withIndex bool) *env {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	store, err := catalog.Open(ctx, filepath.Join(dir, "catalog.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	store.SetClock(func() time.Time { return fixedTime })
	ds, err := datastore.Open(ctx, filepath.Join(dir, "datastore.db"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ds.Close() })
	e := &env{store: store, ds: ds, upload: filepath.Join(dir, "uploads")}

	org := &catalog.Group{Name: "nso", Title: "สำนักงานสถิติแห่งชาติ", TitleEN: "National Statistical Office", IsOrganization: true}
	if err := store.CreateGroup(ctx, org); err != nil {
		t.Fatal(err)
	}
	grp := &catalog.Group{Name: "tddc", Title: "ศูนย์ข้อมูล TDDC", TitleEN: "TDDC"}
	if err := store.CreateGroup(ctx, grp); err != nil {
		t.Fatal(err)
	}
	mk := func(name, code, titleTH, titleEN, unit, mult string, private bool, refs []catalog.FrameworkRef, areas []string) *catalog.Dataset {
		flow := "TDDC:DF_" + strings.ReplaceAll(strings.TrimPrefix(code, "TDDC-"), "-", "_") + "(1.0.0)"
		d := &catalog.Dataset{Name: name, Title: titleTH, TitleEN: titleEN, Notes: "คำอธิบาย " + titleTH, NotesEN: "About " + titleEN,
			OwnerOrg: &org.ID, Private: private, LicenseID: "cc-by", Maintainer: "TDDC", MaintainerEmail: "tddc@nso.go.th",
			URL: "https://tddc.gdcatalog.go.th", Version: "1.0", State: catalog.StateActive,
			Tags:   []catalog.Tag{{Name: "TDDC"}, {Name: "ดิจิทัล"}},
			Groups: []catalog.Group{{Name: "tddc"}},
			GDC: catalog.GDC{DataType: "ข้อมูลสถิติ", UpdateFrequencyUnit: "ปี", UpdateFrequencyInterval: intp(1),
				GeoCoverage: "ประเทศ", DataSource: "สำนักงานสถิติแห่งชาติ", DataCategory: "ข้อมูลสาธารณะ",
				DataLanguage: []string{"ไทย", "อังกฤษ"}, UnitOfMeasure: "ร้อยละ", UnitOfMultiplier: mult,
				AccessibleCondition: "เปิดเผยต่อสาธารณะ", FirstYearOfData: intp(2023), LastYearOfData: intp(2024)},
			Indicator: catalog.Indicator{IndicatorCode: code, Frameworks: refs, ReferenceArea: areas},
			Extras: []catalog.Extra{{Key: "sample_data", Value: "true"}, {Key: "sdmx_dataflow", Value: flow},
				{Key: "source_agency_en", Value: "National Statistical Office"}, {Key: "unit_measure_code", Value: unit}},
			Resources: []catalog.Resource{{Name: "observations", Format: "CSV", URL: name + ".csv", URLType: "upload", MimeType: "text/csv"}},
		}
		if err := store.CreateDataset(ctx, d); err != nil {
			t.Fatal(err)
		}
		r := d.Resources[0]
		if err := os.MkdirAll(filepath.Join(e.upload, r.ID), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(e.upload, r.ID, name+".csv"), []byte(fixtureCSV[name]), 0o644); err != nil {
			t.Fatal(err)
		}
		return d
	}
	a := mk(indA, "TDDC-TEST-001", "ผู้ใช้อินเทอร์เน็ต", "Internet users", "PT_IND", "หน่วย", false,
		[]catalog.FrameworkRef{{Framework: "WDCR", Factor: "Technology", SubFactor: "Technological framework", Code: "2.3.4"},
			{Framework: "OECD-GD", Dimension: "Use"}}, []string{"THA", "SGP"})
	mk(indB, "TDDC-TEST-002", "มูลค่าดิจิทัลคอนเทนต์", "Digital content value", "THB_MN", "ล้าน", false,
		[]catalog.FrameworkRef{{Framework: "ADIX", Pillar: "Digital Trade and Logistics"}}, []string{"THA", "VNM"})
	p := mk(indP, "TDDC-SECRET", "ตัวชี้วัดลับ", "Secret indicator", "PT", "หน่วย", true,
		[]catalog.FrameworkRef{{Framework: "WDCR", Factor: "Knowledge"}}, []string{"THA"})
	for _, d := range []*catalog.Dataset{a, p} {
		r := d.Resources[0]
		if _, err := ds.Load(ctx, r.ID, strings.NewReader(fixtureCSV[d.Name]), d.Name+".csv", datastore.LoadOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if withIndex {
		ix, err := search.Open(filepath.Join(dir, "index"), nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = ix.Close() })
		if err := ix.Sync(ctx, store); err != nil {
			t.Fatal(err)
		}
		e.index = ix
	}
	e.h = &Handler{Store: store, DataStore: ds, SiteURL: "http://khlang.test", UploadDir: e.upload, SiteTitle: "Khlang test",
		Actor: func(*http.Request) *catalog.Actor { return e.actor }}
	if e.index != nil {
		e.h.Search = e.index
	}
	mux := http.NewServeMux()
	e.h.Register(mux)
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)
	return e
}

// get fetches path with optional Accept header and returns status, content type, body.
func (e *env) get(t testing.TB, path, accept string) (int, string, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, res.Header.Get("Content-Type"), b
}

// series opens the series of one test dataset.
func (e *env) series(t testing.TB, name string) *Series {
	t.Helper()
	d, err := e.store.Dataset(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	s, err := e.h.source().Series(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// golden compares got with testdata/<name>, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != string(got) {
		t.Errorf("%s differs from the golden file (run go test -update after checking):\n--- got ---\n%s", name, got)
	}
}
