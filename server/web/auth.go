package web

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/bcrypt"
	"golang.org/x/time/rate"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/server/session"
)

// DatasetWriter creates and changes datasets for a caller with package_create's and
// package_patch's rules and after-write hook; *ckan.API is one.
type DatasetWriter interface {
	CreateDataset(ctx context.Context, a *catalog.Actor, fields map[string]any) (name string, err error)
	PatchDataset(ctx context.Context, a *catalog.Actor, id string, changes map[string]any) (name string, err error)
}

// LoginLimits bounds login and registration attempts: each client address and each user
// name may try Burst times at once, then once per Every.
type LoginLimits struct {
	PerAddress, PerUser int
	Every               time.Duration
}

// DefaultLoginLimits lets a person mistype a few times and stops guessing: 5 tries per
// user name and 20 per address, then one a minute.
var DefaultLoginLimits = LoginLimits{PerAddress: 20, PerUser: 5, Every: time.Minute}

// attemptLimits are the rate limiters of login attempts, by address and by user name.
type attemptLimits struct{ addr, user *keyedLimiter }

func newAttemptLimits(l LoginLimits) *attemptLimits {
	d := DefaultLoginLimits
	if l.PerAddress <= 0 {
		l.PerAddress = d.PerAddress
	}
	if l.PerUser <= 0 {
		l.PerUser = d.PerUser
	}
	if l.Every <= 0 {
		l.Every = d.Every
	}
	return &attemptLimits{addr: newKeyedLimiter(rate.Every(l.Every), l.PerAddress),
		user: newKeyedLimiter(rate.Every(l.Every), l.PerUser)}
}

// allow takes one attempt from the address's allowance and, when name is given, the
// name's; false when either is spent.
func (l *attemptLimits) allow(addr, name string) bool {
	ok := l.addr.allow(addr)
	if name != "" {
		ok = l.user.allow(strings.ToLower(name)) && ok
	}
	return ok
}

// keyedLimiter is one token bucket per key. Buckets that have refilled are dropped when
// the map grows, so a flood of addresses cannot grow it without bound.
type keyedLimiter struct {
	mu    sync.Mutex
	m     map[string]*rate.Limiter
	every rate.Limit
	burst int
}

const maxLimiterKeys = 10000

func newKeyedLimiter(every rate.Limit, burst int) *keyedLimiter {
	return &keyedLimiter{m: map[string]*rate.Limiter{}, every: every, burst: burst}
}

func (k *keyedLimiter) allow(key string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	l, ok := k.m[key]
	if !ok {
		if len(k.m) >= maxLimiterKeys {
			now := time.Now()
			for key, l := range k.m {
				if l.TokensAt(now) >= float64(k.burst) {
					delete(k.m, key)
				}
			}
		}
		l = rate.NewLimiter(k.every, k.burst)
		k.m[key] = l
	}
	return l.Allow()
}

// noUserHash is a bcrypt hash, at the catalog's cost, of a throwaway password no account has.
var noUserHash = []byte("$2a$10$/yOp1xmtH5mTK1wayJ8UyOOvcQ425ZT1dgkMc1Mvq3HM3di.YuZ0S")

// clientAddress is the address limits count by: the connection's peer (a proxy's
// forwarding headers are not trusted, as anyone can send them).
func clientAddress(r *http.Request) string {
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}

// wrapMux registers pages with wrap around them.
type wrapMux struct {
	mux *http.ServeMux
	h   *Handler
}

func (m *wrapMux) HandleFunc(pattern string, f http.HandlerFunc) { m.mux.Handle(pattern, m.h.wrap(f)) }

type actorMemoKey struct{}

// actorMemo keeps the caller of one request, so the page and its layout look them up once.
type actorMemo struct {
	once sync.Once
	a    *catalog.Actor
}

// wrap gives a page what every page shares: the caller looked up at most once and, with
// Sessions, CSRF protection of its forms (a POST without the token gets the friendly 403).
func (h *Handler) wrap(f http.HandlerFunc) http.Handler {
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f(w, r.WithContext(context.WithValue(r.Context(), actorMemoKey{}, &actorMemo{})))
	})
	if h.Sessions == nil {
		return next
	}
	return h.Sessions.Protect(next, http.HandlerFunc(h.csrfFailed))
}

// csrfFailed answers a form sent without a valid CSRF token.
func (h *Handler) csrfFailed(w http.ResponseWriter, r *http.Request) {
	h.log().Info("form refused: CSRF check failed", "reason", session.FailureReason(r), "uri", r.URL.RequestURI())
	h.errorPageKey(w, r, http.StatusForbidden, "error.csrf")
}

func (h *Handler) registerAccounts(mux *wrapMux) {
	mux.HandleFunc("GET /user/login", h.loginForm)
	mux.HandleFunc("POST /user/login", h.loginPost)
	mux.HandleFunc("GET /user/_logout", h.logoutForm)
	mux.HandleFunc("POST /user/_logout", h.logoutPost)
	mux.HandleFunc("GET /user/register", h.registerForm)
	mux.HandleFunc("POST /user/register", h.registerPost)
	if h.Datasets != nil {
		mux.HandleFunc("GET /dataset/new", h.newForm)
		mux.HandleFunc("POST /dataset/new", h.newPost)
		mux.HandleFunc("GET /dataset/edit/{name}", h.editForm)
		mux.HandleFunc("POST /dataset/edit/{name}", h.editPost)
	}
}

// localPath is target when it is a path on this site, else "/": a login must not send
// the visitor to another host.
func localPath(target string) string {
	if !strings.HasPrefix(target, "/") || strings.HasPrefix(target, "//") || strings.HasPrefix(target, "/\\") {
		return "/"
	}
	u, err := url.Parse(target)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	return target
}

// loginURL is the login page that comes back to the request's page afterwards.
func loginURL(r *http.Request) string {
	return "/user/login?" + url.Values{"came_from": {r.URL.RequestURI()}}.Encode()
}

// formData is what the account and edit forms show: the values sent, each field's
// messages, and a message for the whole form.
type formData struct {
	Values   map[string]string
	Errors   map[string][]string
	Message  string // a key of the message catalog
	CameFrom string
	D        *catalog.Dataset // the dataset edited; nil on the new-dataset form
	Private  bool
	Orgs     []*catalog.Group    // the organizations a new dataset may go to
	Extras   []catalog.Extra     // the dataset forms' custom fields, blank rows included
	Lists    map[string][]string // the dataset forms' multi-choice GD-Catalog fields
}

func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, status int, tmpl, titleKey string, f *formData) {
	p := h.newPage(w, r)
	p.Title = p.T(titleKey)
	p.NoIndex = true
	if f.Values == nil {
		f.Values = map[string]string{}
	}
	p.Data = f
	h.render(w, r, status, tmpl, p)
}

func (h *Handler) loginForm(w http.ResponseWriter, r *http.Request) {
	h.renderForm(w, r, http.StatusOK, "login.html", "login.title",
		&formData{CameFrom: localPath(r.URL.Query().Get("came_from"))})
}

func (h *Handler) loginPost(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimSpace(r.PostFormValue("login"))
	password := r.PostFormValue("password")
	f := &formData{Values: map[string]string{"login": name}, CameFrom: localPath(r.PostFormValue("came_from"))}
	if !h.limits.allow(clientAddress(r), name) {
		h.log().Warn("login refused: too many attempts", "user", name, "address", clientAddress(r))
		f.Message = "login.toomany"
		w.Header().Set("Retry-After", "60")
		h.renderForm(w, r, http.StatusTooManyRequests, "login.html", "login.title", f)
		return
	}
	if name == "" || password == "" {
		f.Message = "login.failed"
		h.renderForm(w, r, http.StatusOK, "login.html", "login.title", f)
		return
	}
	u, err := h.Store.CheckPassword(r.Context(), name, password)
	if errors.Is(err, catalog.ErrNotFound) {
		// As slow as a wrong password, so the answer's time does not tell which names exist.
		_ = bcrypt.CompareHashAndPassword(noUserHash, []byte(password))
	}
	switch {
	case errors.Is(err, catalog.ErrNotFound) || errors.Is(err, catalog.ErrNotAuthorized):
		h.log().Info("login failed", "user", name, "address", clientAddress(r))
		f.Message = "login.failed"
		h.renderForm(w, r, http.StatusOK, "login.html", "login.title", f)
		return
	case err != nil:
		h.fail(w, r, err)
		return
	}
	if err := h.Sessions.Login(w, r, u); err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, f.CameFrom, http.StatusSeeOther)
}

func (h *Handler) logoutForm(w http.ResponseWriter, r *http.Request) {
	if !h.actor(r).LoggedIn() {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	h.renderForm(w, r, http.StatusOK, "logout.html", "logout.title", &formData{})
}

func (h *Handler) logoutPost(w http.ResponseWriter, r *http.Request) {
	h.Sessions.Logout(w, r)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (h *Handler) registerForm(w http.ResponseWriter, r *http.Request) {
	if err := h.actor(r).CanRegister(); err != nil {
		h.errorPageKey(w, r, http.StatusForbidden, "error.registered")
		return
	}
	h.renderForm(w, r, http.StatusOK, "register.html", "register.title", &formData{})
}

// registerPost creates the account with user_create's rules and messages and logs the
// new user in (a sysadmin making an account for someone stays themself).
func (h *Handler) registerPost(w http.ResponseWriter, r *http.Request) {
	a := h.actor(r)
	if err := a.CanRegister(); err != nil {
		h.errorPageKey(w, r, http.StatusForbidden, "error.registered")
		return
	}
	u := &catalog.User{Name: strings.TrimSpace(r.PostFormValue("name")), Fullname: strings.TrimSpace(r.PostFormValue("fullname")),
		Email: strings.TrimSpace(r.PostFormValue("email"))}
	pw1, pw2 := r.PostFormValue("password1"), r.PostFormValue("password2")
	f := &formData{Values: map[string]string{"name": u.Name, "fullname": u.Fullname, "email": u.Email}}
	if !h.limits.allow(clientAddress(r), "") {
		f.Message = "login.toomany"
		w.Header().Set("Retry-After", "60")
		h.renderForm(w, r, http.StatusTooManyRequests, "register.html", "register.title", f)
		return
	}
	err := catalog.ValidateUser(u, pw1, true, true)
	if pw1 != pw2 {
		ve := &catalog.ValidationError{}
		errors.As(err, &ve) // ValidateUser answers nil or a ValidationError
		ve.Add("password", "The passwords you entered do not match")
		err = ve
	}
	if err == nil {
		err = h.Store.CreateUser(r.Context(), u, pw1)
	}
	var ve *catalog.ValidationError
	switch {
	case errors.As(err, &ve):
		f.Errors = ve.Fields
		h.renderForm(w, r, http.StatusOK, "register.html", "register.title", f)
		return
	case err != nil:
		h.fail(w, r, err)
		return
	}
	h.log().Info("user registered", "user", u.Name)
	if !a.LoggedIn() {
		if err := h.Sessions.Login(w, r, u); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
