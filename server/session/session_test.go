package session_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
	"github.com/khlang/khlang/server/session"
)

func newStore(t *testing.T) (*catalog.Store, *catalog.User) {
	t.Helper()
	s, err := catalog.Open(context.Background(), filepath.Join(t.TempDir(), "catalog.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s, addUser(t, s)
}

func addUser(t *testing.T, s *catalog.Store) *catalog.User {
	t.Helper()
	u := &catalog.User{Name: "somsri"}
	if err := s.CreateUser(context.Background(), u, "password123"); err != nil {
		t.Fatal(err)
	}
	return u
}

func manager(t *testing.T, s *catalog.Store, dir string) *session.Manager {
	t.Helper()
	m, err := session.Open(dir, s, session.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// loginCookie logs u in with m and returns the session cookie it set.
func loginCookie(t *testing.T, m *session.Manager, u *catalog.User) *http.Cookie {
	t.Helper()
	w := httptest.NewRecorder()
	if err := m.Login(w, httptest.NewRequest(http.MethodPost, "/user/login", nil), u); err != nil {
		t.Fatal(err)
	}
	for _, c := range w.Result().Cookies() {
		if c.Name == session.CookieName {
			return c
		}
	}
	t.Fatal("no session cookie")
	return nil
}

// who is the user name m reads from the cookie, "" for anonymous.
func who(t *testing.T, m *session.Manager, c *http.Cookie) string {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.AddCookie(c)
	a, err := m.Actor(r)
	if err != nil {
		t.Fatal(err)
	}
	return a.Name()
}

func TestKeysFile(t *testing.T) {
	dir := t.TempDir()
	first, err := session.LoadKeys(dir)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, session.KeysFile))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("keys file mode %v, want 0600", fi.Mode().Perm())
	}
	again, err := session.LoadKeys(dir)
	if err != nil || len(again) != 1 || string(again[0].Hash) != string(first[0].Hash) {
		t.Fatalf("the keys changed between loads: %v", err)
	}
	// No temporary file is left behind.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("data folder holds %d files, want only %s", len(entries), session.KeysFile)
	}
	for name, body := range map[string]string{
		"empty":    "# only a comment\n",
		"one key":  strings.Repeat("ab", 64) + "\n",
		"not hex":  strings.Repeat("zz", 64) + " " + strings.Repeat("ab", 32) + "\n",
		"bad aes":  strings.Repeat("ab", 64) + " " + strings.Repeat("ab", 20) + "\n",
		"too weak": "abcd " + strings.Repeat("ab", 32) + "\n",
	} {
		t.Run(name, func(t *testing.T) {
			d := t.TempDir()
			if err := os.WriteFile(filepath.Join(d, session.KeysFile), []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := session.LoadKeys(d); err == nil || !strings.Contains(err.Error(), session.KeysFile) {
				t.Fatalf("malformed keys file accepted or unnamed in the error: %v", err)
			}
		})
	}
}

func TestKeyRotation(t *testing.T) {
	s, u := newStore(t)
	dir := t.TempDir()
	before := manager(t, s, dir)
	old := loginCookie(t, before, u)
	if got := who(t, before, old); got != "somsri" {
		t.Fatalf("cookie reads as %q", got)
	}

	// One rotation: new cookies use the new key; the old cookie still opens.
	if err := session.RotateKeys(dir); err != nil {
		t.Fatal(err)
	}
	keys, _ := session.LoadKeys(dir)
	if len(keys) != 2 {
		t.Fatalf("%d key pairs after a rotation, want 2", len(keys))
	}
	after := manager(t, s, dir)
	if got := who(t, after, old); got != "somsri" {
		t.Fatalf("after one rotation the old cookie reads as %q", got)
	}
	fresh := loginCookie(t, after, u)
	if got := who(t, before, fresh); got != "" {
		t.Fatalf("a cookie of the new key opens with the old key alone: %q", got)
	}

	// A second rotation drops the first key: its cookies end, the previous one's live on.
	if err := session.RotateKeys(dir); err != nil {
		t.Fatal(err)
	}
	later := manager(t, s, dir)
	if got := who(t, later, old); got != "" {
		t.Fatalf("after two rotations the oldest cookie still reads as %q", got)
	}
	if got := who(t, later, fresh); got != "somsri" {
		t.Fatalf("after two rotations the previous key's cookie reads as %q", got)
	}
}

// TestForgedAndStaleCookies runs on both backends: the session's user is loaded from the
// catalog on every request.
func TestForgedAndStaleCookies(t *testing.T) {
	catalogtest.Each(t, testForgedAndStaleCookies)
}

func testForgedAndStaleCookies(t *testing.T, s *catalog.Store) {
	u := addUser(t, s)
	m := manager(t, s, t.TempDir())
	c := loginCookie(t, m, u)
	other := manager(t, s, t.TempDir()) // another data folder's keys
	for name, cookie := range map[string]*http.Cookie{
		"tampered":       {Name: session.CookieName, Value: c.Value[:len(c.Value)-4] + "AAAA"},
		"garbage":        {Name: session.CookieName, Value: "not-a-cookie"},
		"another's keys": loginCookie(t, other, u),
	} {
		t.Run(name, func(t *testing.T) {
			if got := who(t, m, cookie); got != "" {
				t.Fatalf("reads as %q, want anonymous", got)
			}
		})
	}
	// A new password ends the sessions opened with the old one; a login after it works.
	if err := s.SetPassword(context.Background(), u.ID, "another-password-456"); err != nil {
		t.Fatal(err)
	}
	if got := who(t, m, c); got != "" {
		t.Fatalf("a session from before the password change reads as %q", got)
	}
	fresh, err := s.User(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	c = loginCookie(t, m, fresh)
	if got := who(t, m, c); got != u.Name {
		t.Fatalf("a login after the password change reads as %q, want %q", got, u.Name)
	}
	// A deleted account's session ends with it.
	if err := s.DeleteUser(context.Background(), u.ID); err != nil {
		t.Fatal(err)
	}
	if got := who(t, m, c); got != "" {
		t.Fatalf("a deleted user's cookie reads as %q", got)
	}
}

// TestAPIAuth: which requests the session cookie authenticates. The CKAN API and GraphQL
// need the CSRF token in a header besides the cookie; file downloads take the cookie
// alone, as the pages do; an API token always wins; other paths are left alone.
func TestAPIAuth(t *testing.T) {
	s, u := newStore(t)
	m := manager(t, s, t.TempDir())
	sess := loginCookie(t, m, u)

	// A page's CSRF token and the cookie it is checked against.
	var token string
	w := httptest.NewRecorder()
	m.Protect(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { token = session.Token(r) }), nil).
		ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
	var csrfCookie *http.Cookie
	for _, c := range w.Result().Cookies() {
		if c.Name == session.CSRFCookieName {
			csrfCookie = c
		}
	}
	if token == "" || csrfCookie == nil {
		t.Fatal("no CSRF token or cookie")
	}

	seen := ""
	h := m.APIAuth(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { seen = catalog.ActorFrom(r.Context()).Name() }))
	for _, tc := range []struct {
		name, method, path string
		cookies            []*http.Cookie
		header             map[string]string
		want               string
	}{
		{"API with cookie alone", "POST", "/api/3/action/package_patch", []*http.Cookie{sess, csrfCookie}, nil, ""},
		{"API with cookie and header", "POST", "/api/3/action/package_patch", []*http.Cookie{sess, csrfCookie}, map[string]string{"X-CSRF-Token": token}, "somsri"},
		{"API GET with cookie and header", "GET", "/api/action/package_show", []*http.Cookie{sess, csrfCookie}, map[string]string{"X-CSRF-Token": token}, "somsri"},
		{"GraphQL with cookie and header", "POST", "/graphql", []*http.Cookie{sess, csrfCookie}, map[string]string{"X-CSRF-Token": token}, "somsri"},
		{"header without its CSRF cookie", "POST", "/graphql", []*http.Cookie{sess}, map[string]string{"X-CSRF-Token": token}, ""},
		{"header and CSRF cookie, no session", "POST", "/graphql", []*http.Cookie{csrfCookie}, map[string]string{"X-CSRF-Token": token}, ""},
		{"another site's script", "POST", "/api/3/action/package_patch", []*http.Cookie{sess, csrfCookie}, map[string]string{"X-CSRF-Token": token, "Origin": "https://evil.example"}, ""},
		{"API token present", "POST", "/api/3/action/package_patch", []*http.Cookie{sess, csrfCookie}, map[string]string{"X-CSRF-Token": token, "Authorization": "some-token"}, ""},
		{"resource download", "GET", "/dataset/d/resource/r/download/f.csv", []*http.Cookie{sess}, nil, "somsri"},
		{"DataStore dump", "GET", "/datastore/dump/r", []*http.Cookie{sess}, nil, "somsri"},
		{"download by POST", "POST", "/dataset/d/resource/r/download/f.csv", []*http.Cookie{sess}, nil, ""},
		{"a page is left to the pages", "GET", "/dataset/d", []*http.Cookie{sess}, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(tc.method, tc.path, nil)
			for _, c := range tc.cookies {
				r.AddCookie(c)
			}
			for k, v := range tc.header {
				r.Header.Set(k, v)
			}
			seen = "unset"
			h.ServeHTTP(httptest.NewRecorder(), r)
			if seen != tc.want {
				t.Fatalf("caller %q, want %q", seen, tc.want)
			}
		})
	}
}
