// Package session keeps web logins: a signed and encrypted cookie (gorilla/sessions) that
// names the logged-in user, CSRF tokens for every form (gorilla/csrf), and the one place
// where a session cookie becomes the caller of a request, for the pages and for the CKAN
// API and GraphQL. As in CKAN, the API accepts the cookie only together with the CSRF
// token in a header; without it the cookie is ignored and the caller is anonymous.
package session

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/csrf"
	"github.com/gorilla/sessions"

	"github.com/khlang/khlang/catalog"
)

// Names of the cookies, the form field and the header.
const (
	// CookieName is the session cookie.
	CookieName = "khlang_session"
	// CSRFCookieName holds the CSRF secret the form tokens are checked against.
	CSRFCookieName = "khlang_csrf"
	// CSRFField is the form field that carries the token, CKAN's name.
	CSRFField = "_csrf_token"
	// CSRFHeader is the header an API call made with the session cookie carries the token in.
	CSRFHeader = "X-CSRF-Token"
)

// DefaultMaxAge is how long a login lasts without a new one.
const DefaultMaxAge = 7 * 24 * time.Hour

const (
	userIDKey   = "uid"
	passwordKey = "pw"
)

// passwordStamp stands for the password a session was opened with: a new password
// changes it, which ends every session opened before (the cookie is encrypted, and the
// stamp is a hash of the bcrypt hash, so it tells nothing about the password).
func passwordStamp(u *catalog.User) string {
	sum := sha256.Sum256([]byte(u.PasswordHash))
	return fmt.Sprintf("%x", sum[:8])
}

// Options configures a Manager.
type Options struct {
	// SiteURL is the public address; an https:// one means a TLS proxy is in front, so
	// cookies are Secure even on the plain-HTTP hop to this process, and its host is a
	// trusted origin for forms.
	SiteURL string
	// MaxAge is the lifetime of a login (default DefaultMaxAge).
	MaxAge time.Duration
	Log    *slog.Logger
}

// Manager issues and reads session cookies and CSRF tokens. It is safe for concurrent use.
type Manager struct {
	store      *sessions.CookieStore
	users      *catalog.Store
	csrfKey    []byte
	siteTLS    bool
	trusted    []string
	log        *slog.Logger
	plainProbe http.Handler
	tlsProbe   http.Handler
}

// New makes a Manager over the key pairs (the first one makes new cookies; the others
// still open older ones) and the users of store.
func New(store *catalog.Store, keys []KeyPair, o Options) (*Manager, error) {
	if len(keys) == 0 {
		return nil, errors.New("session: no key pair")
	}
	var pairs [][]byte
	for _, k := range keys {
		pairs = append(pairs, k.Hash, k.Block)
	}
	cs := sessions.NewCookieStore(pairs...)
	if o.MaxAge <= 0 {
		o.MaxAge = DefaultMaxAge
	}
	cs.MaxAge(int(o.MaxAge / time.Second))
	cs.Options.Path = "/"
	cs.Options.HttpOnly = true
	cs.Options.SameSite = http.SameSiteLaxMode
	m := &Manager{store: cs, users: store, log: o.Log}
	if m.log == nil {
		m.log = slog.New(slog.DiscardHandler)
	}
	// The CSRF secret cookie is signed with a key derived from the current pair, so a
	// rotation renews it too.
	mac := hmac.New(sha256.New, keys[0].Hash)
	mac.Write([]byte("khlang csrf"))
	m.csrfKey = mac.Sum(nil)
	if u, err := url.Parse(o.SiteURL); err == nil && u.Host != "" {
		m.siteTLS = u.Scheme == "https"
		m.trusted = []string{u.Host}
	}
	m.plainProbe = m.protect(false, http.HandlerFunc(probePassed), http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	m.tlsProbe = m.protect(true, http.HandlerFunc(probePassed), http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	return m, nil
}

// Open is New with the key pairs of the data folder (made there on first use).
func Open(dataDir string, store *catalog.Store, o Options) (*Manager, error) {
	keys, err := LoadKeys(dataDir)
	if err != nil {
		return nil, err
	}
	return New(store, keys, o)
}

// Secure reports whether the request reached the site over TLS, directly or through the
// proxy the site URL names; cookies are then sent with Secure.
func (m *Manager) Secure(r *http.Request) bool { return r.TLS != nil || m.siteTLS }

func (m *Manager) protect(secure bool, next, onFail http.Handler) http.Handler {
	return csrf.Protect(m.csrfKey,
		csrf.CookieName(CSRFCookieName), csrf.FieldName(CSRFField), csrf.RequestHeader(CSRFHeader),
		csrf.Path("/"), csrf.HttpOnly(true), csrf.SameSite(csrf.SameSiteLaxMode), csrf.Secure(secure),
		csrf.TrustedOrigins(m.trusted), csrf.ErrorHandler(onFail))(next)
}

// Protect puts CSRF protection in front of next: every POST (and other unsafe method)
// must carry the token of Token in the CSRFField form field or the CSRFHeader header, or
// onFail answers instead. Pages behind it can call Token.
func (m *Manager) Protect(next, onFail http.Handler) http.Handler {
	plain, tls := m.protect(false, next, onFail), m.protect(true, next, onFail)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if m.Secure(r) {
			tls.ServeHTTP(w, r)
			return
		}
		// gorilla/csrf assumes TLS unless told otherwise, and would then demand a
		// Referer on every POST.
		plain.ServeHTTP(w, csrf.PlaintextHTTPRequest(r))
	})
}

// Token is the CSRF token for forms and the API header of a request that went through
// Protect; empty otherwise.
func Token(r *http.Request) string { return csrf.Token(r) }

// FailureReason says why Protect refused a request, for the log.
func FailureReason(r *http.Request) error { return csrf.FailureReason(r) }

// Login starts a session for the user: the cookie names them from now on.
func (m *Manager) Login(w http.ResponseWriter, r *http.Request, u *catalog.User) error {
	s, _ := m.store.New(r, CookieName) // an undecodable old cookie is simply replaced
	s.Values = map[any]any{userIDKey: u.ID, passwordKey: passwordStamp(u)}
	s.Options.Secure = m.Secure(r)
	if err := m.store.Save(r, w, s); err != nil {
		return fmt.Errorf("session: save: %w", err)
	}
	return nil
}

// Logout ends the session: the browser drops the cookie.
func (m *Manager) Logout(w http.ResponseWriter, r *http.Request) {
	opts := *m.store.Options
	opts.MaxAge = -1
	opts.Secure = m.Secure(r)
	http.SetCookie(w, sessions.NewCookie(CookieName, "", &opts))
}

// HasCookie reports whether the request carries a session cookie at all.
func HasCookie(r *http.Request) bool {
	_, err := r.Cookie(CookieName)
	return err == nil
}

// session is the user the request's session cookie names and the stamp of the
// password it was opened with; empty without a valid cookie (missing, forged, expired,
// or made with a key no longer kept).
func (m *Manager) session(r *http.Request) (id, stamp string) {
	if !HasCookie(r) {
		return "", ""
	}
	s, err := m.store.New(r, CookieName)
	if err != nil || s.IsNew {
		return "", ""
	}
	id, _ = s.Values[userIDKey].(string)
	stamp, _ = s.Values[passwordKey].(string)
	return id, stamp
}

// Actor is the caller a page request's session cookie names: anonymous without a valid
// cookie, when the user no longer exists, and when their password changed since the
// login. Only a failing database is an error.
// Pages may use it directly: they are read by GET, and their forms go through Protect.
func (m *Manager) Actor(r *http.Request) (*catalog.Actor, error) {
	id, stamp := m.session(r)
	if id == "" {
		return catalog.Anonymous, nil
	}
	ctx := r.Context()
	u, err := m.users.User(ctx, id)
	if errors.Is(err, catalog.ErrNotFound) {
		return catalog.Anonymous, nil
	}
	if err != nil {
		return nil, fmt.Errorf("session: load user: %w", err)
	}
	if !hmac.Equal([]byte(stamp), []byte(passwordStamp(u))) {
		return catalog.Anonymous, nil
	}
	return m.users.Actor(ctx, u)
}

// PageActor is Actor for web.Handler's plug: a database failure is logged and the page
// is shown as to an anonymous visitor, so it never shows more than it may.
func (m *Manager) PageActor(r *http.Request) *catalog.Actor {
	a, err := m.Actor(r)
	if err != nil {
		m.log.Error("resolve session", "err", err)
		return catalog.Anonymous
	}
	return a
}

type probeKey struct{}

func probePassed(_ http.ResponseWriter, r *http.Request) {
	if ok, _ := r.Context().Value(probeKey{}).(*bool); ok != nil {
		*ok = true
	}
}

// csrfHeaderValid checks the CSRFHeader of an API request as Protect would check a
// form's POST, whatever the request's method: the token must match the request's CSRF
// cookie, and a browser's Origin must be this site.
func (m *Manager) csrfHeaderValid(r *http.Request) bool {
	if r.Header.Get(CSRFHeader) == "" {
		return false
	}
	passed := false
	probe := r.Clone(context.WithValue(r.Context(), probeKey{}, &passed))
	probe.Method = http.MethodPost
	probe.Body = http.NoBody
	probe.ContentLength = 0
	probe.Form, probe.PostForm, probe.MultipartForm = nil, nil, nil
	w := discard{h: http.Header{}}
	if m.Secure(r) {
		m.tlsProbe.ServeHTTP(w, probe)
	} else {
		m.plainProbe.ServeHTTP(w, csrf.PlaintextHTTPRequest(probe))
	}
	return passed
}

// discard is a ResponseWriter that keeps nothing: the probe's answer is not sent.
type discard struct{ h http.Header }

func (d discard) Header() http.Header         { return d.h }
func (d discard) Write(b []byte) (int, error) { return len(b), nil }
func (d discard) WriteHeader(int)             {}

// APIActor is the caller an API request's session cookie names, as CKAN decides it: only
// when the request carries no API token and does carry the page's CSRF token in the
// CSRFHeader header; otherwise (nil, nil) and the API's token rules apply.
func (m *Manager) APIActor(r *http.Request) (*catalog.Actor, error) {
	if catalog.TokenFromHeaders(r.Header.Get("Authorization"), r.Header.Get("X-CKAN-API-Key")) != "" || !HasCookie(r) {
		return nil, nil
	}
	if !m.csrfHeaderValid(r) {
		return nil, nil
	}
	return m.Actor(r)
}

// APIAuth puts the caller of a session-authenticated API or GraphQL request (see
// APIActor) in the request's context with catalog.WithActor, where the CKAN API and
// GraphQL look when a request has no API token. A file download (a resource's upload, a
// DataStore dump) is a link followed from a page, so there the cookie alone counts, as
// for the pages. Other paths pass untouched.
func (m *Manager) APIAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var a *catalog.Actor
		var err error
		switch {
		case isAPIPath(r.URL.Path):
			a, err = m.APIActor(r)
		case isDownload(r) && catalog.TokenFromHeaders(r.Header.Get("Authorization"), r.Header.Get("X-CKAN-API-Key")) == "" && HasCookie(r):
			a, err = m.Actor(r)
		}
		if a != nil || err != nil {
			if err != nil {
				m.log.Error("resolve session for the API", "err", err)
			} else if a.LoggedIn() {
				r = r.WithContext(catalog.WithActor(r.Context(), a))
			}
		}
		next.ServeHTTP(w, r)
	})
}

// isDownload reports a GET of a resource's file or of a DataStore dump.
func isDownload(r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	p := r.URL.Path
	if strings.HasPrefix(p, "/datastore/dump/") {
		return true
	}
	parts := strings.Split(p, "/") // "", "dataset", id, "resource", rid, "download", file
	return len(parts) == 7 && parts[1] == "dataset" && parts[3] == "resource" && parts[5] == "download"
}

func isAPIPath(p string) bool {
	return strings.HasPrefix(p, "/api/") || p == "/graphql" || strings.HasPrefix(p, "/graphql/")
}
