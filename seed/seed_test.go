package seed_test

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
	"github.com/khlang/khlang/catalog/datastore"
	"github.com/khlang/khlang/seed"
	"github.com/khlang/khlang/seed/content"
)

// readCSV returns the rows (header first) of a seeded resource file by file name.
func readCSV(t *testing.T, s *catalog.Store, uploads, file string) [][]string {
	t.Helper()
	var found *catalog.Resource
	err := s.EachDataset(context.Background(), 100, func(ds []*catalog.Dataset) error {
		for _, d := range ds {
			for i := range d.Resources {
				if d.Resources[i].URL == file {
					found = &d.Resources[i]
				}
			}
		}
		return nil
	})
	if err != nil || found == nil {
		t.Fatalf("resource %s not in the catalog (%v)", file, err)
	}
	f, err := os.Open(filepath.Join(uploads, found.ID, file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	if found.Size == nil || *found.Size == 0 || !strings.HasPrefix(found.Hash, "sha256:") {
		t.Fatalf("%s: size/hash not recorded: %+v", file, found)
	}
	return rows
}

func column(t *testing.T, rows [][]string, name string) []string {
	t.Helper()
	idx := -1
	for i, h := range rows[0] {
		if h == name {
			idx = i
		}
	}
	if idx < 0 {
		t.Fatalf("no column %q in %v", name, rows[0])
	}
	out := make([]string, 0, len(rows)-1)
	for _, r := range rows[1:] {
		out = append(out, r[idx])
	}
	return out
}

func TestBuild(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		ctx := context.Background()
		uploads := t.TempDir()
		st, err := seed.Build(ctx, s, uploads, nil)
		if err != nil {
			t.Fatal(err)
		}
		if st.Datasets != len(content.Datasets()) || st.Organizations != len(content.Publishers()) {
			t.Fatalf("stats = %+v", st)
		}
		tddc, err := s.Group(ctx, "tddc", false)
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := s.GroupPackageCount(ctx, tddc); n != 237 {
			t.Fatalf("tddc holds %d datasets, want 237", n)
		}
		for _, org := range []string{"nso", "bdi", "nvcfo", "depa", "mdes", "opm", "onde", "thailand-post", "cgd"} {
			g, err := s.Group(ctx, org, true)
			if err != nil || g.Title == "" || g.TitleEN == "" {
				t.Fatalf("organization %s: %+v %v", org, g, err)
			}
		}

		funds := readCSV(t, s, uploads, "village-funds.csv")
		if len(funds)-1 != 79610 {
			t.Fatalf("village funds = %d, want 79,610", len(funds)-1)
		}
		provinces := map[string]bool{}
		for _, p := range column(t, funds, "province_code") {
			provinces[p] = true
		}
		if len(provinces) != 77 {
			t.Fatalf("funds cover %d provinces, want 77", len(provinces))
		}
		services := readCSV(t, s, uploads, "digital-services.csv")
		companies := map[string]bool{}
		for _, c := range column(t, services, "company_code") {
			companies[c] = true
		}
		if len(services)-1 != 615 || len(companies) != 91 {
			t.Fatalf("registry: %d services from %d companies, want 615 from 91", len(services)-1, len(companies))
		}
		dc := readCSV(t, s, uploads, "digital-content-2023.csv")
		values := strings.Join(column(t, dc, "value_mthb"), " ")
		for _, fig := range []string{"44236", "34288", "886"} {
			if !strings.Contains(" "+values+" ", " "+fig+" ") {
				t.Fatalf("digital-content figures %q lack the published %s", values, fig)
			}
		}
		summary := readCSV(t, s, uploads, "digital-service-summary.csv")
		if !strings.Contains(strings.Join(column(t, summary, "value"), " "), "5515") {
			t.Fatal("the 5,515 invited agencies are missing")
		}

		// Every dataset is valid under CKAN's rules as the API returns it, and every
		// generated one says it is sample data.
		checked := 0
		err = s.EachDataset(ctx, 100, func(ds []*catalog.Dataset) error {
			for _, d := range ds {
				checked++
				back, err := catalog.DatasetFromDict(jsonRoundTrip(t, d.PackageDict("http://x")))
				if err != nil {
					t.Errorf("%s: package dict does not read back: %v", d.Name, err)
					continue
				}
				if err := back.Validate(); err != nil {
					t.Errorf("%s: invalid under CKAN's rules: %v", d.Name, err)
				}
				sample := false
				for _, e := range d.Extras {
					sample = sample || (e.Key == "sample_data" && e.Value == "true")
				}
				if sample && !strings.Contains(d.Notes, content.SampleNote) {
					t.Errorf("%s: sample dataset does not say so in its notes", d.Name)
				}
			}
			return nil
		})
		if err != nil || checked != st.Datasets {
			t.Fatalf("checked %d of %d: %v", checked, st.Datasets, err)
		}

		// Seeding again updates in place: same ids, same counts.
		before, _ := s.Dataset(ctx, "village-fund-registry")
		if _, err := seed.Build(ctx, s, uploads, nil); err != nil {
			t.Fatal(err)
		}
		after, _ := s.Dataset(ctx, "village-fund-registry")
		if n, _ := s.CountDatasets(ctx); int(n) != st.Datasets || before == nil || after.ID != before.ID {
			t.Fatalf("second seed: %d datasets; ids %v -> %v", n, before, after)
		}
	})
}

// Every CSV of the sample catalog loads into the DataStore without a rejected row, and the
// village-fund table holds all 79,610 funds.
func TestLoadDataStore(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		ctx := context.Background()
		uploads := t.TempDir()
		if _, err := seed.Build(ctx, s, uploads, nil); err != nil {
			t.Fatal(err)
		}
		dsn := filepath.Join(t.TempDir(), "datastore.db")
		if s.Backend() == catalog.BackendPostgres {
			dsn = catalogtest.NewPostgresDB(t, os.Getenv("KHLANG_TEST_POSTGRES"))
		}
		ds, err := datastore.Open(ctx, dsn, strings.Fields, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer ds.Close()
		rows, err := seed.LoadDataStore(ctx, s, ds, uploads, nil)
		if err != nil {
			t.Fatal(err)
		}
		if rows < 79610 {
			t.Fatalf("loaded %d rows", rows)
		}
		// A second run (a start after an interrupted load) skips the tables already loaded.
		again, err := seed.LoadDataStore(ctx, s, ds, uploads, nil)
		if err != nil || again != 0 {
			t.Fatalf("second load: %d rows, %v", again, err)
		}
		d, err := s.Dataset(ctx, "village-fund-registry")
		if err != nil {
			t.Fatal(err)
		}
		funds := d.Resources[0]
		if !funds.DatastoreActive {
			t.Fatal("datastore_active not set")
		}
		yes := true
		res, err := ds.Search(ctx, datastore.SearchRequest{ResourceID: funds.ID, IncludeTotal: &yes})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total == nil || *res.Total != 79610 {
			t.Fatalf("village-fund table total = %v, want 79,610", res.Total)
		}
	})
}
