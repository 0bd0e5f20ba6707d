package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// jsInstall installs testdata/jsclient's locked packages once per test binary.
var jsInstall struct {
	once sync.Once
	err  error
	out  []byte
}

// testJSClient drives the API with the graphql-request npm client (version pinned in
// testdata/jsclient/package-lock.json) through testdata/jsclient/client.mjs: a search
// with facets, a nested query, a mutation with a token, and two error cases. Outside CI
// it is skipped when Node or npm is missing; in CI (CI set) it fails instead.
func testJSClient(t *testing.T, fx *fixture) {
	node, nodeErr := exec.LookPath("node")
	npm, npmErr := exec.LookPath("npm")
	if nodeErr != nil || npmErr != nil {
		if os.Getenv("CI") == "" {
			t.Skip("node and npm are needed for the JavaScript client test")
		}
		t.Fatalf("CI must run the JavaScript client test: node: %v, npm: %v", nodeErr, npmErr)
	}
	dir, err := filepath.Abs(filepath.Join("testdata", "jsclient"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	jsInstall.once.Do(func() {
		cmd := exec.CommandContext(ctx, npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline")
		cmd.Dir = dir
		jsInstall.out, jsInstall.err = cmd.CombinedOutput()
	})
	if jsInstall.err != nil {
		t.Fatalf("npm ci: %v\n%s", jsInstall.err, jsInstall.out)
	}
	srv := httptest.NewServer(fx.h)
	defer srv.Close()

	cmd := exec.CommandContext(ctx, node, "client.mjs", srv.URL, fx.memberToken)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("client.mjs: %v\n%s", err, stderr.Bytes())
	}
	var got struct {
		Search struct {
			Datasets struct {
				TotalCount int
				Nodes      []struct{ Name string }
				Facets     []struct {
					Field string
					Items []struct {
						Name  string
						Count int
					}
				}
			}
		}
		Nested struct {
			Framework struct {
				ID        string
				Divisions []struct {
					Name       string
					Indicators []struct {
						Code    string
						Dataset struct {
							Name         string
							Organization struct{ Name string }
							Resources    []struct{ Format string }
						}
					}
				}
			}
		}
		Mutation struct {
			CreateDataset struct {
				Name         string
				Organization struct{ Name string }
				Tags         []struct{ Name string }
				Creator      struct{ Name string }
			}
		}
		Error, NotFound gqlError
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("client output %s: %v", out, err)
	}

	s := got.Search.Datasets
	if s.TotalCount == 0 || len(s.Nodes) == 0 || len(s.Facets) != 2 || s.Facets[0].Field != "framework" || len(s.Facets[0].Items) == 0 {
		t.Errorf("search: %+v", s)
	}
	for _, n := range s.Nodes {
		if n.Name == privateName {
			t.Errorf("anonymous search shows the private dataset")
		}
	}
	fw := got.Nested.Framework
	indicators := 0
	for _, d := range fw.Divisions {
		for _, in := range d.Indicators {
			indicators++
			if in.Dataset.Name == "" || in.Dataset.Organization.Name == "" || len(in.Dataset.Resources) == 0 {
				t.Errorf("nested indicator %+v", in)
			}
		}
	}
	if fw.ID != "ADIX" || len(fw.Divisions) == 0 || indicators == 0 {
		t.Errorf("nested: %+v", fw)
	}
	m := got.Mutation.CreateDataset
	if m.Name != "js-client-dataset" || m.Organization.Name != nsoName || len(m.Tags) != 1 || m.Creator.Name != "member" {
		t.Errorf("mutation: %+v", m)
	}
	if got.Error.Extensions["code"] != codeUnauthenticated {
		t.Errorf("anonymous delete: %+v", got.Error)
	}
	if got.NotFound.Extensions["code"] != codeNotFound {
		t.Errorf("not found: %+v", got.NotFound)
	}
	// The mutation went through the catalog: the dataset is there, and searchable.
	var found struct{ Datasets struct{ TotalCount int } }
	fx.clientFor("").MustPost(`{ datasets(search: {q: "name:js-client-dataset"}) { totalCount } }`, &found)
	if found.Datasets.TotalCount != 1 {
		t.Errorf("dataset created by the JavaScript client not found")
	}
}
