package export

import (
	"testing"

	"github.com/khlang/khlang/catalog"
)

func TestDerivedResources(t *testing.T) {
	upload := []catalog.Resource{{ID: "r1", Format: "CSV", URLType: "upload", URL: "obs.csv"}}
	for _, tc := range []struct {
		name string
		d    *catalog.Dataset
		want int
	}{
		{"indicator with an uploaded CSV", &catalog.Dataset{ID: "d1", Name: "tddc-x", Indicator: catalog.Indicator{IndicatorCode: "X"}, Resources: upload}, 5},
		{"indicator with a DataStore table", &catalog.Dataset{ID: "d1", Name: "tddc-x", Indicator: catalog.Indicator{IndicatorCode: "X"},
			Resources: []catalog.Resource{{ID: "r1", Format: "XLSX", DatastoreActive: true}}}, 5},
		{"indicator with links only", &catalog.Dataset{ID: "d1", Name: "tddc-x", Indicator: catalog.Indicator{IndicatorCode: "X"},
			Resources: []catalog.Resource{{ID: "r1", Format: "CSV", URL: "https://example.org/x.csv"}}}, 0},
		{"not an indicator", &catalog.Dataset{ID: "d1", Name: "plain", Resources: upload}, 0},
		{"harvested indicator", &catalog.Dataset{ID: "d1", Name: "tddc-x", Indicator: catalog.Indicator{IndicatorCode: "X"}, Resources: upload,
			Extras: []catalog.Extra{{Key: catalog.ExtraHarvestSourceID, Value: "src"}}}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := DerivedResources("http://khlang.test/", tc.d)
			if len(got) != tc.want {
				t.Fatalf("%d derived resources, want %d", len(got), tc.want)
			}
			for i, r := range got {
				id, _ := r["id"].(string)
				ds, ext, ok := ParseDerivedID(id)
				if !ok || ds != tc.d.ID || ext != IndicatorFormats[i].Ext || r["url"] != "http://khlang.test/dataset/tddc-x/indicator."+ext ||
					r["resource_type"] != catalog.ResourceTypeDerived || r["position"] != 1+i {
					t.Errorf("derived %d = %v (parsed %q %q %v)", i, r, ds, ext, ok)
				}
				if back, ok := DerivedResource("http://khlang.test", tc.d, id); !ok || back["url"] != r["url"] {
					t.Errorf("DerivedResource(%s) = %v, %v", id, back, ok)
				}
			}
		})
	}
	for _, bad := range []string{"", "-export-csv", "d1-export-pdf", "d1-export-", "6f1c7a52-2f0e-4a8e-9d0b-5a3c4e1b7d21"} {
		if _, _, ok := ParseDerivedID(bad); ok {
			t.Errorf("ParseDerivedID(%q) accepted", bad)
		}
	}
}
