package web_test

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/graph"
	"github.com/khlang/khlang/search"
	"github.com/khlang/khlang/server/ckan"
	"github.com/khlang/khlang/server/session"
	"github.com/khlang/khlang/server/web"
)

// authEnv is the small catalog of newEnv served with logins, the edit form and the CKAN
// API, as server.App wires them, on a loopback HTTP server.
type authEnv struct {
	*env
	srv     *httptest.Server
	handler http.Handler
	mgr     *session.Manager
	ix      *search.Index
}

const testPassword = "password123"

type authOptions struct {
	tls     bool
	siteURL string
	limits  web.LoginLimits
}

func newAuthEnv(t testing.TB, o authOptions) *authEnv {
	t.Helper()
	ctx := context.Background()
	e := newEnv(t)
	// An editor of nso and an editor of depa besides newEnv's member of nso.
	for _, m := range []struct{ user, org string }{{"nso-editor", "nso"}, {"depa-editor", "depa"}} {
		u := &catalog.User{Name: m.user, Fullname: "ผู้แก้ไข " + m.org, Email: m.user + "@example.org"}
		if err := e.store.CreateUser(ctx, u, testPassword); err != nil {
			t.Fatal(err)
		}
		g, err := e.store.Group(ctx, m.org, true)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.store.AddMember(ctx, g.ID, u.ID, catalog.CapacityEditor); err != nil {
			t.Fatal(err)
		}
	}
	keys, err := session.LoadKeys(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	site := o.siteURL
	if site == "" {
		site = "http://127.0.0.1"
	}
	mgr, err := session.New(e.store, keys, session.Options{SiteURL: site})
	if err != nil {
		t.Fatal(err)
	}
	ix := e.h.Index
	api := &ckan.API{Store: e.store, Search: ix, AfterWrite: func(ctx context.Context) {
		if err := ix.Sync(ctx, e.store); err != nil {
			t.Errorf("sync: %v", err)
		}
	}}
	h := &web.Handler{Store: e.store, Index: ix, SiteTitle: "คลังข้อมูล", Actor: mgr.PageActor,
		Sessions: mgr, Datasets: api, Login: o.limits}
	mux := http.NewServeMux()
	api.Register(mux)
	mux.Handle("/graphql", graph.NewHandler(e.store, ix, graph.Options{}))
	h.Register(mux)
	a := &authEnv{env: e, mgr: mgr, ix: ix, handler: mgr.APIAuth(mux)}
	if o.tls {
		a.srv = httptest.NewTLSServer(a.handler)
	} else {
		a.srv = httptest.NewServer(a.handler)
	}
	t.Cleanup(a.srv.Close)
	return a
}

// browser is an HTTP client with cookies that does not follow redirects.
type browser struct {
	t   *testing.T
	e   *authEnv
	c   *http.Client
	jar *cookiejar.Jar
}

func (e *authEnv) browser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	c := *e.srv.Client() // a copy: each browser has its own cookies
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &browser{t: t, e: e, c: &c, jar: jar}
}

type response struct {
	*http.Response
	body string
}

func (b *browser) do(method, path string, body io.Reader, header http.Header) response {
	b.t.Helper()
	req, err := http.NewRequest(method, b.e.srv.URL+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if body != nil && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return response{res, string(out)}
}

func (b *browser) get(path string) response { return b.do(http.MethodGet, path, nil, nil) }

// post sends a form as a browser does: with the site as Referer.
func (b *browser) post(path string, form url.Values) response {
	return b.do(http.MethodPost, path, strings.NewReader(form.Encode()), http.Header{"Referer": {b.e.srv.URL + path}})
}

var tokenRE = regexp.MustCompile(`name="_csrf_token" value="([^"]+)"`)

// token is the CSRF token of the form on the page at path.
func (b *browser) token(path string) string {
	b.t.Helper()
	res := b.get(path)
	m := tokenRE.FindStringSubmatch(res.body)
	if m == nil {
		b.t.Fatalf("GET %s: no CSRF token in the page (status %d)", path, res.StatusCode)
	}
	return html.UnescapeString(m[1])
}

// submit fills the form of the page at path with its CSRF token and sends it.
func (b *browser) submit(page, action string, form url.Values) response {
	b.t.Helper()
	form.Set("_csrf_token", b.token(page))
	return b.post(action, form)
}

func (b *browser) login(name string) {
	b.t.Helper()
	res := b.submit("/user/login", "/user/login", url.Values{"login": {name}, "password": {testPassword}})
	if res.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("login %s: status %d\n%s", name, res.StatusCode, res.body)
	}
}

func sessionCookie(res *http.Response) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == session.CookieName {
			return c
		}
	}
	return nil
}

func TestLogin(t *testing.T) {
	e := newAuthEnv(t, authOptions{})
	b := e.browser(t)

	if res := b.get("/dataset/secret-survey"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("anonymous sees the private dataset: %d", res.StatusCode)
	}
	home := b.get("/")
	if !strings.Contains(home.body, `href="/user/login"`) || !strings.Contains(home.body, `href="/user/register"`) {
		t.Error("the layout has no login and register links for a visitor")
	}

	// A wrong password: the form again with CKAN's message, and no session.
	res := b.submit("/user/login", "/user/login", url.Values{"login": {"nso-editor"}, "password": {"wrong-password"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(res.body, "Login failed. Bad username or password.") &&
		!strings.Contains(res.body, "เข้าสู่ระบบไม่สำเร็จ") {
		t.Fatalf("wrong password: status %d\n%s", res.StatusCode, res.body)
	}
	if sessionCookie(res.Response) != nil {
		t.Fatal("a failed login set a session cookie")
	}
	res = b.submit("/user/login", "/user/login", url.Values{"login": {"nobody"}, "password": {testPassword}})
	if res.StatusCode != http.StatusOK || sessionCookie(res.Response) != nil {
		t.Fatalf("unknown user: status %d", res.StatusCode)
	}

	// The right password: a session cookie with HttpOnly and SameSite=Lax, not Secure over
	// plain HTTP, and back to the page the visitor came from.
	res = b.submit("/user/login?came_from=/dataset/secret-survey", "/user/login",
		url.Values{"login": {"nso-editor"}, "password": {testPassword}, "came_from": {"/dataset/secret-survey"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/dataset/secret-survey" {
		t.Fatalf("login: status %d, Location %q", res.StatusCode, res.Header.Get("Location"))
	}
	c := sessionCookie(res.Response)
	if c == nil {
		t.Fatal("no session cookie")
	}
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure || c.Path != "/" {
		t.Errorf("cookie flags: HttpOnly=%v SameSite=%v Secure=%v Path=%q", c.HttpOnly, c.SameSite, c.Secure, c.Path)
	}
	page := b.get("/dataset/secret-survey")
	if page.StatusCode != http.StatusOK || !strings.Contains(page.body, "แบบสำรวจลับ") {
		t.Fatalf("the editor does not see their organization's private dataset: %d", page.StatusCode)
	}
	for _, want := range []string{"ผู้แก้ไข nso", `action="/user/_logout"`, `<meta name="csrf-token"`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the layout of a logged-in page lacks %s", want)
		}
	}
	if strings.Contains(page.body, `href="/user/login"`) {
		t.Error("a logged-in page still offers to log in")
	}
	if cc := page.Header.Get("Cache-Control"); !strings.Contains(cc, "private") {
		t.Errorf("a logged-in page may be kept by shared caches: Cache-Control %q", cc)
	}

	// Logging in never sends the visitor to another site.
	res = b.submit("/user/login", "/user/login", url.Values{"login": {"nso-editor"}, "password": {testPassword}, "came_from": {"//evil.example/x"}})
	if loc := res.Header.Get("Location"); loc != "/" {
		t.Errorf("came_from another host: redirected to %q", loc)
	}

	// Logout ends the session.
	res = b.submit("/user/_logout", "/user/_logout", url.Values{})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: status %d\n%s", res.StatusCode, res.body)
	}
	if c := sessionCookie(res.Response); c == nil || c.MaxAge >= 0 {
		t.Fatalf("logout did not delete the cookie: %+v", c)
	}
	if res := b.get("/dataset/secret-survey"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("after logout the private dataset answers %d", res.StatusCode)
	}
}

func TestCSRFRefusal(t *testing.T) {
	e := newAuthEnv(t, authOptions{})
	b := e.browser(t)
	b.get("/user/login") // the CSRF cookie
	for name, form := range map[string]url.Values{
		"no token":      {"login": {"nso-editor"}, "password": {testPassword}},
		"forged token":  {"login": {"nso-editor"}, "password": {testPassword}, "_csrf_token": {"AAAA" + strings.Repeat("B", 84)}},
		"garbage token": {"login": {"nso-editor"}, "password": {testPassword}, "_csrf_token": {"not base64!"}},
	} {
		t.Run(name, func(t *testing.T) {
			res := b.post("/user/login", form)
			if res.StatusCode != http.StatusForbidden {
				t.Fatalf("status %d, want 403", res.StatusCode)
			}
			if !strings.Contains(res.body, "แบบฟอร์มหมดอายุ") && !strings.Contains(res.body, "The form has expired") {
				t.Errorf("not the friendly CSRF page:\n%s", res.body)
			}
			if sessionCookie(res.Response) != nil {
				t.Error("a refused login set a session cookie")
			}
		})
	}
	// A token from another browser (another CSRF cookie) does not work either.
	other := e.browser(t)
	res := b.post("/user/login", url.Values{"login": {"nso-editor"}, "password": {testPassword}, "_csrf_token": {other.token("/user/login")}})
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("another browser's token: status %d, want 403", res.StatusCode)
	}
}

func TestLoginRateLimit(t *testing.T) {
	e := newAuthEnv(t, authOptions{limits: web.LoginLimits{PerAddress: 4, PerUser: 2, Every: time.Hour}})
	b := e.browser(t)
	wrong := func(name string) response {
		return b.submit("/user/login", "/user/login", url.Values{"login": {name}, "password": {"wrong-password"}})
	}
	// Per user name: the third try for the same name is refused, even with the right password.
	for i := range 2 {
		if res := wrong("nso-editor"); res.StatusCode != http.StatusOK {
			t.Fatalf("attempt %d: status %d", i+1, res.StatusCode)
		}
	}
	res := b.submit("/user/login", "/user/login", url.Values{"login": {"NSO-editor"}, "password": {testPassword}})
	if res.StatusCode != http.StatusTooManyRequests || sessionCookie(res.Response) != nil {
		t.Fatalf("third attempt: status %d, want 429 and no session", res.StatusCode)
	}
	if !strings.Contains(res.body, "Too many attempts") && !strings.Contains(res.body, "ลองหลายครั้งเกินไป") {
		t.Errorf("429 without the message:\n%s", res.body)
	}
	if res.Header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	// Per address: after four attempts from this address the next is refused whatever the name.
	if res := wrong("nso-member"); res.StatusCode != http.StatusOK {
		t.Fatalf("fourth attempt from one address: status %d, want 200", res.StatusCode)
	}
	if res := wrong("depa-editor"); res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("fifth attempt from one address: status %d, want 429", res.StatusCode)
	}
}

func TestRegister(t *testing.T) {
	e := newAuthEnv(t, authOptions{limits: web.LoginLimits{PerAddress: 100, PerUser: 100, Every: time.Hour}})
	ok := url.Values{"name": {"somchai"}, "fullname": {"สมชาย ใจดี"}, "email": {"somchai@example.org"},
		"password1": {"long-enough"}, "password2": {"long-enough"}}
	with := func(kv ...string) url.Values {
		f := url.Values{}
		for k, v := range ok {
			f[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			f.Set(kv[i], kv[i+1])
		}
		return f
	}
	for _, tc := range []struct {
		name string
		form url.Values
		want string
	}{
		{"short password", with("password1", "short", "password2", "short"), "Your password must be 8 characters or longer"},
		{"passwords differ", with("password2", "different-one"), "The passwords you entered do not match"},
		{"bad name", with("name", "Som Chai"), "Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_"},
		{"name taken", with("name", "nso-member"), "That login name is not available."},
		{"no email", with("email", ""), "Missing value"},
		{"bad email", with("email", "somchai@"), "Email somchai@ is not a valid format"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := e.browser(t)
			b.get("/?lang=en")
			res := b.submit("/user/register", "/user/register", tc.form)
			if res.StatusCode != http.StatusOK || !strings.Contains(res.body, html.EscapeString(tc.want)) {
				t.Fatalf("status %d, want 200 with %q\n%s", res.StatusCode, tc.want, res.body)
			}
			if sessionCookie(res.Response) != nil {
				t.Error("a refused registration logged in")
			}
			if _, err := e.store.User(context.Background(), "somchai"); err == nil {
				t.Fatal("the account was created")
			}
		})
	}
	t.Run("thai messages", func(t *testing.T) {
		b := e.browser(t)
		b.get("/?lang=th")
		res := b.submit("/user/register", "/user/register", with("password2", "different-one"))
		if !strings.Contains(res.body, "รหัสผ่านทั้งสองช่องไม่ตรงกัน") {
			t.Fatalf("no Thai message:\n%s", res.body)
		}
	})
	t.Run("success", func(t *testing.T) {
		b := e.browser(t)
		res := b.submit("/user/register", "/user/register", ok)
		if res.StatusCode != http.StatusSeeOther || sessionCookie(res.Response) == nil {
			t.Fatalf("status %d, want 303 with a session\n%s", res.StatusCode, res.body)
		}
		u, err := e.store.User(context.Background(), "somchai")
		if err != nil || u.Sysadmin || u.Fullname != "สมชาย ใจดี" {
			t.Fatalf("stored user %+v, %v", u, err)
		}
		if _, err := e.store.CheckPassword(context.Background(), "somchai", "long-enough"); err != nil {
			t.Fatalf("the password does not work: %v", err)
		}
		if home := b.get("/"); !strings.Contains(home.body, "สมชาย ใจดี") {
			t.Error("the new user is not logged in")
		}
		// A logged-in user is not offered another account.
		if res := b.get("/user/register"); res.StatusCode != http.StatusForbidden {
			t.Errorf("register while logged in: status %d, want 403", res.StatusCode)
		}
	})
}

// BenchmarkSessionPages measures what a login costs a page: the dataset page for a
// visitor and for a logged-in editor (cookie decrypted, user and memberships loaded, CSRF
// token masked), and one login (a bcrypt comparison).
func BenchmarkSessionPages(b *testing.B) {
	e := newAuthEnv(b, authOptions{limits: web.LoginLimits{PerAddress: 1 << 30, PerUser: 1 << 30, Every: time.Nanosecond}})
	u, err := e.store.User(context.Background(), "nso-editor")
	if err != nil {
		b.Fatal(err)
	}
	w := httptest.NewRecorder()
	if err := e.mgr.Login(w, httptest.NewRequest(http.MethodPost, "/", nil), u); err != nil {
		b.Fatal(err)
	}
	cookie := sessionCookie(w.Result())
	page := func(b *testing.B, withCookie bool) {
		for b.Loop() {
			r := httptest.NewRequest(http.MethodGet, "/dataset/internet-users", nil)
			if withCookie {
				r.AddCookie(cookie)
			}
			w := httptest.NewRecorder()
			e.handler.ServeHTTP(w, r)
			if w.Code != http.StatusOK {
				b.Fatalf("status %d", w.Code)
			}
		}
	}
	b.Run("dataset page anonymous", func(b *testing.B) { page(b, false) })
	b.Run("dataset page logged in", func(b *testing.B) { page(b, true) })
	b.Run("login", func(b *testing.B) {
		// The CSRF cookie and token of one login form, reused.
		r := httptest.NewRequest(http.MethodGet, "/user/login", nil)
		w := httptest.NewRecorder()
		e.handler.ServeHTTP(w, r)
		m := tokenRE.FindStringSubmatch(w.Body.String())
		if m == nil {
			b.Fatal("no token")
		}
		form := url.Values{"login": {"nso-editor"}, "password": {testPassword}, "_csrf_token": {html.UnescapeString(m[1])}}.Encode()
		csrfCookies := w.Result().Cookies()
		for b.Loop() {
			r := httptest.NewRequest(http.MethodPost, "/user/login", strings.NewReader(form))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for _, c := range csrfCookies {
				r.AddCookie(c)
			}
			w := httptest.NewRecorder()
			e.handler.ServeHTTP(w, r)
			if w.Code != http.StatusSeeOther {
				b.Fatalf("status %d", w.Code)
			}
		}
	})
}
