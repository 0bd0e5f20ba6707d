package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/khlang/khlang/catalog/catalogtest"
	"github.com/khlang/khlang/graph"
	"github.com/khlang/khlang/search"
	"github.com/khlang/khlang/seed"
	"github.com/khlang/khlang/server/ckan"
)

// pageQuery is what a search page needs: 20 datasets with their resources, organization
// and tags, and the total.
const pageQuery = `{ datasets(search: {q: "*:*", sort: "name asc"}, first: 20) { totalCount
	nodes { id name title titleEN notes metadataModified
		organization { id name title titleEN imageURL }
		resources { id name format url size datastoreActive }
		tags { id name } } } }`

// BenchmarkPage20 measures the same page of 20 datasets (with resources, organization
// and tags) through GraphQL and through the CKAN API's package_search (whose dicts carry
// all of it), alternating the two call by call on the sample catalog, and reports each
// and their ratio (graphql/rest; the target is at most 2).
func BenchmarkPage20(b *testing.B) {
	ctx := context.Background()
	s := catalogtest.Open(b, catalogtest.Backends(b)[0])
	if _, err := seed.Build(ctx, s, b.TempDir(), nil); err != nil {
		b.Fatal(err)
	}
	ix, err := search.Open("", nil)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Sync(ctx, s); err != nil {
		b.Fatal(err)
	}
	mux := http.NewServeMux()
	(&ckan.API{Store: s, Search: ix, SiteURL: "http://bench"}).Register(mux)
	gql := graph.NewHandler(s, ix, graph.Options{SiteURL: "http://bench"})

	body, _ := json.Marshal(map[string]string{"query": pageQuery})
	runGraphQL := func() int {
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		gql.ServeHTTP(w, req)
		var out struct {
			Data struct {
				Datasets struct{ Nodes []json.RawMessage }
			}
			Errors []any
		}
		if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil || len(out.Errors) > 0 {
			b.Fatalf("graphql: %v %s", err, w.Body.String())
		}
		return len(out.Data.Datasets.Nodes)
	}
	runREST := func() int {
		req := httptest.NewRequest(http.MethodGet, "/api/3/action/package_search?q=*:*&sort=name+asc&rows=20", nil)
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, req)
		var out struct {
			Success bool
			Result  struct{ Results []json.RawMessage }
		}
		if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil || !out.Success {
			b.Fatalf("package_search: %v %s", err, w.Body.String())
		}
		return len(out.Result.Results)
	}
	// Warm both paths (query cache, index, SQLite pages) before timing.
	for range 5 {
		if g, r := runGraphQL(), runREST(); g != 20 || r != 20 {
			b.Fatalf("page sizes: graphql %d, rest %d", g, r)
		}
	}
	var gqlTime, restTime time.Duration
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		runGraphQL()
		t1 := time.Now()
		runREST()
		gqlTime += t1.Sub(t0)
		restTime += time.Since(t1)
	}
	n := float64(b.N)
	b.ReportMetric(float64(gqlTime.Microseconds())/n, "graphql-µs/page")
	b.ReportMetric(float64(restTime.Microseconds())/n, "rest-µs/page")
	b.ReportMetric(float64(gqlTime)/float64(restTime), "graphql/rest")
}
