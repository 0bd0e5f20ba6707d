package graph

import (
	"testing"
)

// visibility is what one caller sees of the private dataset, everywhere it can show.
type visibility struct {
	Dataset  *struct{ Name string } `json:"dataset"`
	Datasets struct {
		TotalCount int `json:"totalCount"`
		Nodes      []struct {
			Name string `json:"name"`
		} `json:"nodes"`
		Facets []struct {
			Field string `json:"field"`
			Items []struct {
				Name  string `json:"name"`
				Count int    `json:"count"`
			} `json:"items"`
		} `json:"facets"`
	} `json:"datasets"`
	Organization struct {
		PackageCount int `json:"packageCount"`
		Datasets     struct {
			TotalCount int `json:"totalCount"`
		} `json:"datasets"`
	} `json:"organization"`
	Tag struct {
		DatasetCount int `json:"datasetCount"`
		Datasets     struct {
			Nodes []struct {
				Name string `json:"name"`
			} `json:"nodes"`
		} `json:"datasets"`
	} `json:"tag"`
}

const visibilityQuery = `query($name: String, $tag: String!) {
	dataset(name: $name) { name }
	datasets(search: {q: "สำมะโนประชากร"}, first: 100) { totalCount nodes { name } facets(fields: ["tags"], limit: -1) { field items { name count } } }
	organization(name: "nso") { packageCount datasets { totalCount } }
	tag(name: $tag) { datasetCount datasets { nodes { name } } }
}`

func testPermissions(t *testing.T, fx *fixture) {
	vars := map[string]any{"name": privateName, "tag": privateTag}
	var public visibility
	// The anonymous caller is the baseline: it sees no trace of the private dataset.
	anon := post(t, fx.h, visibilityQuery, vars)
	wantError(t, anon, codeUnauthenticated, "Access denied")
	if len(anon.Errors) != 1 || len(anon.Errors[0].Path) != 1 || anon.Errors[0].Path[0] != "dataset" {
		t.Fatalf("errors %+v", anon.Errors)
	}
	anon.Errors = nil
	mustData(t, anon, &public)
	if public.Dataset != nil {
		t.Fatalf("anonymous caller got the private dataset")
	}
	if seesPrivate(public) {
		t.Fatalf("anonymous caller sees the private dataset: %+v", public)
	}

	for _, tc := range []struct {
		name, token string
		sees        bool
		code        string
	}{
		{"outsider", fx.outsiderToken, false, codeForbidden},
		{"organization member", fx.memberToken, true, ""},
		{"sysadmin", fx.adminToken, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := post(t, fx.h, visibilityQuery, vars, "Authorization", tc.token)
			if tc.code != "" {
				wantError(t, r, tc.code, "Access denied")
				r.Errors = nil
			}
			var v visibility
			mustData(t, r, &v)
			if got := seesPrivate(v); got != tc.sees {
				t.Fatalf("sees the private dataset: %v, want %v (%+v)", got, tc.sees, v)
			}
			extra := 0
			if tc.sees {
				extra = 1
				if v.Dataset == nil || v.Dataset.Name != privateName {
					t.Fatalf("dataset %+v", v.Dataset)
				}
			}
			// Every count is the public one, plus the private dataset for those who may read it.
			if v.Datasets.TotalCount != public.Datasets.TotalCount+extra ||
				v.Organization.PackageCount != public.Organization.PackageCount+extra ||
				v.Organization.Datasets.TotalCount != public.Organization.Datasets.TotalCount+extra ||
				v.Tag.DatasetCount != extra {
				t.Fatalf("counts %+v, public %+v", v, public)
			}
		})
	}

	t.Run("private resource", func(t *testing.T) {
		rid := fx.private.Resources[0].ID
		q := `query($id: ID!) { resource(id: $id) { name dataset { name } } }`
		wantError(t, post(t, fx.h, q, map[string]any{"id": rid}), codeUnauthenticated, "Access denied")
		wantError(t, post(t, fx.h, q, map[string]any{"id": rid}, "Authorization", fx.outsiderToken), codeForbidden, "Access denied")
		var v struct {
			Resource struct {
				Name    string
				Dataset struct{ Name string }
			}
		}
		mustData(t, post(t, fx.h, q, map[string]any{"id": rid}, "Authorization", fx.memberToken), &v)
		if v.Resource.Dataset.Name != privateName || v.Resource.Name != "microdata.csv" {
			t.Fatalf("resource %+v", v)
		}
	})
}

// seesPrivate reports whether any part of the response shows the private dataset.
func seesPrivate(v visibility) bool {
	if v.Dataset != nil || v.Tag.DatasetCount > 0 || len(v.Tag.Datasets.Nodes) > 0 {
		return true
	}
	for _, n := range v.Datasets.Nodes {
		if n.Name == privateName {
			return true
		}
	}
	for _, f := range v.Datasets.Facets {
		for _, it := range f.Items {
			if it.Name == privateTag {
				return true
			}
		}
	}
	return false
}

func testAuthHeaders(t *testing.T, fx *fixture) {
	const q = `{ viewer { user { name } } }`
	for _, tc := range []struct {
		name    string
		headers []string
		want    string // "" for anonymous
	}{
		{"Authorization token", []string{"Authorization", fx.memberToken}, "member"},
		{"Authorization Bearer", []string{"Authorization", "Bearer " + fx.memberToken}, "member"},
		{"X-CKAN-API-Key", []string{"X-CKAN-API-Key", fx.adminToken}, "admin"},
		{"no token", nil, ""},
		{"unknown token is anonymous", []string{"Authorization", "khl_not-a-token"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v struct {
				Viewer *struct{ User struct{ Name string } }
			}
			mustData(t, post(t, fx.h, q, nil, tc.headers...), &v)
			got := ""
			if v.Viewer != nil {
				got = v.Viewer.User.Name
			}
			if got != tc.want {
				t.Fatalf("viewer %q, want %q", got, tc.want)
			}
		})
	}
}
