package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
	"github.com/khlang/khlang/catalog/datastore"
	"github.com/khlang/khlang/search"
	"github.com/khlang/khlang/seed"
)

const siteURL = "https://data.example.go.th"

// fixture is the real sample catalog plus a private dataset of the NSO and the users
// that may or may not see it.
type fixture struct {
	store *catalog.Store
	index *search.Index
	// ds is the DataStore; uploadDir holds the sample CSV files and uploads.
	ds        *datastore.Store
	uploadDir string
	loadErr   error
	h         http.Handler
	// statements counts every SQL statement the store runs.
	statements atomic.Int64

	// Tokens of a sysadmin, a member (editor) of the NSO, and a user of no organization.
	adminToken, memberToken, outsiderToken string
	memberID                               string
	private                                *catalog.Dataset
}

const (
	privateName = "nso-private-microdata"
	privateTag  = "ข้อมูลลับเฉพาะ"
	nsoName     = "nso"
)

func newFixture(t *testing.T, s *catalog.Store) *fixture {
	t.Helper()
	ctx := context.Background()
	fx := &fixture{store: s}
	if err := s.OnStatement(func() { fx.statements.Add(1) }); err != nil {
		t.Fatal(err)
	}
	fx.uploadDir = t.TempDir()
	if _, err := seed.Build(ctx, s, fx.uploadDir, nil); err != nil {
		t.Fatalf("seed: %v", err)
	}
	nso, err := s.Group(ctx, nsoName, true)
	if err != nil {
		t.Fatal(err)
	}
	users := map[string]*catalog.User{}
	for _, u := range []*catalog.User{
		{Name: "admin", Sysadmin: true},
		{Name: "member", Fullname: "สมหญิง ใจดี", Email: "member@example.go.th"},
		{Name: "outsider"},
	} {
		if err := s.CreateUser(ctx, u, "correct horse battery"); err != nil {
			t.Fatalf("create user %s: %v", u.Name, err)
		}
		users[u.Name] = u
	}
	if err := s.AddMember(ctx, nso.ID, users["member"].ID, catalog.CapacityEditor); err != nil {
		t.Fatal(err)
	}
	fx.memberID = users["member"].ID
	for name, tok := range map[string]*string{"admin": &fx.adminToken, "member": &fx.memberToken, "outsider": &fx.outsiderToken} {
		if *tok, err = s.CreateToken(ctx, name, "test"); err != nil {
			t.Fatal(err)
		}
	}
	org := nso.ID
	fx.private = &catalog.Dataset{Name: privateName, Title: "ข้อมูลรายบุคคลสำมะโนประชากร (ลับ)", TitleEN: "Census microdata (restricted)",
		OwnerOrg: &org, Private: true, LicenseID: "other-closed", State: catalog.StateActive,
		Tags:      []catalog.Tag{{Name: privateTag}, {Name: "TDDC"}},
		Resources: []catalog.Resource{{Name: "microdata.csv", URL: "https://files.example.go.th/microdata.csv", Format: "CSV"}}}
	if err := s.CreateDataset(ctx, fx.private); err != nil {
		t.Fatalf("create private dataset: %v", err)
	}
	if fx.index, err = search.Open("", nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = fx.index.Close() })
	if err := fx.index.Sync(ctx, s); err != nil {
		t.Fatalf("index: %v", err)
	}
	if fx.ds, err = datastore.Open(ctx, filepath.Join(t.TempDir(), "datastore.db"), strings.Fields, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = fx.ds.Close() })
	fx.h = NewHandler(s, fx.index, Options{SiteURL: siteURL, DataStore: fx.ds, UploadDir: fx.uploadDir,
		AfterWrite: func(ctx context.Context) {
			if err := fx.index.Sync(ctx, s); err != nil {
				t.Errorf("sync after write: %v", err)
			}
		},
		OnUpload: fx.loadUpload})
	return fx
}

// loadUpload loads an uploaded CSV into the DataStore, as the server's OnUpload does;
// a failure is kept in loadErr for the test to report.
func (fx *fixture) loadUpload(ctx context.Context, res *catalog.Resource, path string) {
	f, err := os.Open(path)
	if err != nil {
		fx.loadErr = err
		return
	}
	defer f.Close()
	if _, err := fx.ds.Load(ctx, res.ID, f, filepath.Base(path), datastore.LoadOptions{Format: "csv"}); err != nil {
		fx.loadErr = err
		return
	}
	if err := fx.store.SetDatastoreActive(ctx, res.ID, true); err != nil {
		fx.loadErr = err
		return
	}
	res.DatastoreActive = true
}

// TestGraph runs every scenario on the sample catalog, once per backend.
func TestGraph(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		fx := newFixture(t, s)
		t.Run("queries", func(t *testing.T) { testQueries(t, fx) })
		t.Run("search", func(t *testing.T) { testSearch(t, fx) })
		t.Run("pagination", func(t *testing.T) { testPagination(t, fx) })
		t.Run("indicators", func(t *testing.T) { testIndicators(t, fx) })
		t.Run("permissions", func(t *testing.T) { testPermissions(t, fx) })
		t.Run("auth headers", func(t *testing.T) { testAuthHeaders(t, fx) })
		t.Run("errors", func(t *testing.T) { testErrors(t, fx) })
		t.Run("limits", func(t *testing.T) { testLimits(t, fx) })
		t.Run("transports", func(t *testing.T) { testTransports(t, fx) })
		t.Run("statements", func(t *testing.T) { testStatementCount(t, fx) })
		t.Run("datastore", func(t *testing.T) { testDatastore(t, fx) })
		t.Run("series and exports", func(t *testing.T) { testSeriesAndExports(t, fx) })
		t.Run("mutations", func(t *testing.T) { testMutations(t, fx) })
		t.Run("graphiql", func(t *testing.T) { testGraphiQL(t, fx) })
		t.Run("js client", func(t *testing.T) { testJSClient(t, fx) })
	})
}

// clientFor is gqlgen's test client on the handler, as the caller with the token.
func (fx *fixture) clientFor(token string) *client.Client {
	if token == "" {
		return client.New(fx.h)
	}
	return client.New(fx.h, client.AddHeader("Authorization", token))
}

// gqlError is one error of a GraphQL response.
type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// gqlResponse is a raw GraphQL response.
type gqlResponse struct {
	status int
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
}

func (r gqlResponse) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// post sends a query as POST JSON with headers (name, value pairs) and returns the raw
// response whatever its status.
func post(t *testing.T, h http.Handler, query string, vars map[string]any, headers ...string) gqlResponse {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return serve(t, h, req)
}

func serve(t *testing.T, h http.Handler, req *http.Request) gqlResponse {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	var out gqlResponse
	if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
		t.Fatalf("response is not JSON (%d): %s", w.Code, w.Body.String())
	}
	out.status = w.Code
	return out
}

// mustData fails the test on GraphQL errors and decodes data into v.
func mustData(t *testing.T, r gqlResponse, v any) {
	t.Helper()
	if len(r.Errors) > 0 {
		t.Fatalf("errors: %+v", r.Errors)
	}
	if err := json.Unmarshal(r.Data, v); err != nil {
		t.Fatalf("decode %s: %v", r.Data, err)
	}
}

// wantError checks the first error's code and that its message mentions want.
func wantError(t *testing.T, r gqlResponse, code, want string) {
	t.Helper()
	if len(r.Errors) == 0 {
		t.Fatalf("no error, want %s; data %s", code, r.Data)
	}
	if got := r.code(); got != code {
		t.Fatalf("code %q, want %q (%+v)", got, code, r.Errors)
	}
	if !strings.Contains(r.Errors[0].Message, want) {
		t.Fatalf("message %q does not mention %q", r.Errors[0].Message, want)
	}
}
