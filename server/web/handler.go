// Package web serves the catalog's HTML pages: home, dataset search with facets, dataset
// and resource pages with a DataStore preview, organisations, groups, about, the sitemap
// and robots.txt. Pages are Go templates embedded in the binary, in Thai and English, and
// work without JavaScript; the stylesheet is served from the binary too, so no page loads
// anything from another host.
package web

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/datastore"
	"github.com/khlang/khlang/charts"
	"github.com/khlang/khlang/search"
	"github.com/khlang/khlang/server/session"
)

// Exporter answers a dataset's catalog metadata documents; export.Handler is one. The
// dataset page hands /dataset/{name}.ttl, .rdf and .jsonld to it, as CKAN's URLs are.
type Exporter interface {
	DatasetMetadata(w http.ResponseWriter, r *http.Request, name, ext string)
}

// DashboardLink is a dashboard page a dataset feeds.
type DashboardLink struct {
	URL     string // a path on this site
	Title   string // Thai title
	TitleEN string
}

// DashboardSource lists the dashboards that show a dataset, or every dashboard when d
// is nil (the home page).
type DashboardSource interface {
	DashboardLinks(ctx context.Context, d *catalog.Dataset) ([]DashboardLink, error)
}

// Handler serves the pages. Store and Index are required; DataStore, Export, Dashboards
// and Charts are optional (nil: no preview, no metadata documents, no dashboard links, no
// dashboards). With Charts set and Dashboards nil, the links go to the dashboards that
// Charts draws at /dashboard.
type Handler struct {
	Store     *catalog.Store
	Index     *search.Index
	DataStore *datastore.Store
	Export    Exporter
	// SiteURL is the public address of the site (canonical links, sitemap, JSON-LD);
	// empty: taken from the request.
	SiteURL   string
	SiteTitle string
	Log       *slog.Logger
	// Actor returns who makes the request; nil, or a nil result, is anonymous.
	Actor      func(*http.Request) *catalog.Actor
	Dashboards DashboardSource
	// Charts draws the dashboards at /dashboard and the indicator chart of TDDC dataset
	// pages; nil: /dashboard answers 404 and dataset pages have no chart.
	Charts *charts.Dashboards
	// Sessions, when set, offers login, logout and registration and puts a CSRF token on
	// every form; nil: the pages are read-only and show no account links.
	Sessions *session.Manager
	// Datasets, when set with Sessions, saves the dataset forms at /dataset/new and
	// /dataset/edit/{name}.
	Datasets DatasetWriter
	// Login limits login and registration attempts (zero value: DefaultLoginLimits).
	Login LoginLimits

	limits *attemptLimits // made by Register
}

// Register mounts the pages on mux. The catch-all "/" answers the friendly 404 page.
func (h *Handler) Register(mux *http.ServeMux) {
	wrapped := &wrapMux{mux: mux, h: h}
	h.registerPages(wrapped)
	if h.Sessions != nil {
		h.limits = newAttemptLimits(h.Login)
		h.registerAccounts(wrapped)
	}
	mux.HandleFunc("GET /static/{file}", h.static)
	notFound := func(w http.ResponseWriter, r *http.Request) { h.errorPage(w, r, http.StatusNotFound) }
	wrappedNotFound := h.wrap(notFound)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		// A POST to no page is a 404, not a CSRF refusal: nothing would change anyway.
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			wrappedNotFound.ServeHTTP(w, r)
			return
		}
		notFound(w, r)
	})
}

func (h *Handler) registerPages(mux *wrapMux) {
	mux.HandleFunc("GET /{$}", h.home)
	mux.HandleFunc("GET /dataset", h.search)
	mux.HandleFunc("GET /dataset/{name}", h.dataset)
	mux.HandleFunc("GET /dataset/{name}/resource/{rid}", h.resource)
	mux.HandleFunc("GET /dataset/{name}/resource/{rid}/go", h.resourceGo)
	mux.HandleFunc("GET /organization", h.organizations)
	mux.HandleFunc("GET /organization/{name}", h.organization)
	mux.HandleFunc("GET /group", h.groups)
	mux.HandleFunc("GET /group/{name}", h.group)
	mux.HandleFunc("GET /about", h.about)
	mux.HandleFunc("GET /dashboard", h.dashboards)
	mux.HandleFunc("GET /dashboard/{name}", h.sourceDashboardPage)
	mux.HandleFunc("GET /dashboard/framework/{code}", h.frameworkDashboardPage)
	mux.HandleFunc("GET /harvest", h.harvestList)
	mux.HandleFunc("GET /harvest/{name}", h.harvestSourcePage)
	mux.HandleFunc("GET /harvest/{name}/job/{id}", h.harvestJobPage)
	mux.HandleFunc("GET /sitemap.xml", h.sitemap)
	mux.HandleFunc("GET /robots.txt", h.robots)
}

func (h *Handler) log() *slog.Logger {
	if h.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return h.Log
}

func (h *Handler) actor(r *http.Request) *catalog.Actor {
	if m, ok := r.Context().Value(actorMemoKey{}).(*actorMemo); ok {
		m.once.Do(func() { m.a = h.resolveActor(r) })
		return m.a
	}
	return h.resolveActor(r)
}

func (h *Handler) resolveActor(r *http.Request) *catalog.Actor {
	if h.Actor != nil {
		if a := h.Actor(r); a != nil {
			return a
		}
	}
	return catalog.Anonymous
}

// site is the site's address without a trailing slash.
func (h *Handler) site(r *http.Request) string {
	if h.SiteURL != "" {
		return strings.TrimRight(h.SiteURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (h *Handler) siteTitle() string {
	if h.SiteTitle != "" {
		return h.SiteTitle
	}
	return "Khlang"
}

// page is what every template receives: the layout's fields and the page's own Data.
type page struct {
	Lang        string
	SiteTitle   string
	SiteURL     string
	Title       string // the page's own title, before " · SiteTitle"
	Description string
	Canonical   string // path of the page without lang
	SwitchURL   string // this page in the other language
	NoIndex     bool
	Nav         string // the active section
	Query       string // the search box's value
	CSS         string // versioned stylesheet path
	// Dashboards shows the dashboards in the navigation.
	Dashboards bool
	// Charts loads the charts' script and stylesheet (see addChart); ScriptHashes and
	// StyleHashes are the CSP hashes of the charts' inline script and style attributes.
	Charts                    bool
	ScriptHashes, StyleHashes []string
	// Accounts shows the login and register links; User is the logged-in visitor (nil:
	// anonymous), shown with a logout button; CSRF is the token for forms and API calls.
	Accounts bool
	User     *catalog.User
	CSRF     string
	// CanCreate offers the new-dataset form.
	CanCreate bool
	Data      any
}

// T translates key into the page's language.
func (p *page) T(key string, args ...any) string { return translate(p.Lang, key, args...) }

// Date formats t for the page's language (Buddhist Era on Thai pages).
func (p *page) Date(t any) string { return dateOf(p.Lang, t) }

// Year formats a year of the Common Era for the page's language.
func (p *page) Year(y *int) string {
	if y == nil {
		return ""
	}
	return formatYear(p.Lang, *y)
}

// Pick returns th on Thai pages and en on English pages, each falling back to the other.
func (p *page) Pick(th, en string) string {
	if p.Lang == langEN && en != "" || th == "" {
		return en
	}
	return th
}

// GroupTitle is the group's title in the page's language.
func (p *page) GroupTitle(g *catalog.Group) string {
	if g == nil {
		return ""
	}
	if t := p.Pick(g.Title, g.TitleEN); t != "" {
		return t
	}
	return g.Name
}

// DatasetTitle is the dataset's title in the page's language.
func (p *page) DatasetTitle(d *catalog.Dataset) string {
	if t := p.Pick(d.Title, d.TitleEN); t != "" {
		return t
	}
	return d.Name
}

// pagerView is a pager with its texts in the page's language.
type pagerView struct {
	pager
	Label, PrevText, NextText, PageText string
}

// Pager prepares a pager for the "pager" partial.
func (p *page) Pager(pg pager) pagerView {
	return pagerView{pager: pg, Label: p.T("page.nav"), PrevText: p.T("page.prev"), NextText: p.T("page.next"),
		PageText: p.T("page.of", pg.Page, pg.Pages)}
}

// newPage starts the page of a request: it settles the language (remembering a ?lang=
// choice in a cookie) and fills the layout's fields.
func (h *Handler) newPage(w http.ResponseWriter, r *http.Request) *page {
	lang, chosen := negotiateLang(r)
	if chosen {
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
	}
	other := langEN
	if lang == langEN {
		other = langTH
	}
	q := r.URL.Query()
	q.Del("lang")
	path := r.URL.Path
	if !strings.HasPrefix(path, "/") || strings.HasPrefix(path, "//") {
		path = "/" // never a link to another host, whatever the request line held
	}
	canonical := path
	if enc := q.Encode(); enc != "" {
		canonical += "?" + enc
	}
	q.Set("lang", other)
	p := &page{Lang: lang, SiteTitle: h.siteTitle(), SiteURL: h.site(r),
		Canonical: canonical, SwitchURL: path + "?" + q.Encode(), CSS: cssPath, Dashboards: h.Charts != nil}
	if h.Sessions != nil {
		p.Accounts = true
		a := h.actor(r)
		p.User = a.User
		p.CSRF = session.Token(r)
		p.CanCreate = h.Datasets != nil && a.CanCreateDataset("") == nil
	}
	return p
}

// render executes the named page template into a buffer and sends it; a template
// failure becomes the 500 page instead of half a page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	t, ok := pages[name]
	if !ok {
		h.fail(w, r, errors.New("web: no template "+name))
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		if status >= 500 {
			// Already rendering an error page: fall back to plain text.
			http.Error(w, http.StatusText(status), status)
			return
		}
		h.fail(w, r, err)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Content-Language", p.Lang)
	hd.Set("Vary", "Accept-Language, Cookie")
	hd.Set("Cache-Control", "no-cache")
	if p.User != nil || p.CSRF != "" {
		// A page for one visitor (their name, their token) is not for a shared cache.
		hd.Set("Cache-Control", "private, no-cache")
	}
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	hd.Set("Content-Security-Policy", p.csp())
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(buf.Bytes())
	}
}

// errorPage answers the friendly error page of status in the visitor's language.
func (h *Handler) errorPage(w http.ResponseWriter, r *http.Request, status int) {
	key := "error.404"
	switch status {
	case http.StatusForbidden:
		key = "error.403"
	case http.StatusBadRequest:
		key = "error.400"
	case http.StatusTooManyRequests:
		key = "error.429"
	case http.StatusInternalServerError:
		key = "error.500"
	}
	h.errorPageKey(w, r, status, key)
}

// errorPageKey answers the error page of status with the texts key+".title" and key+".body".
func (h *Handler) errorPageKey(w http.ResponseWriter, r *http.Request, status int, key string) {
	p := h.newPage(w, r)
	p.Title = p.T(key + ".title")
	p.NoIndex = true
	p.Data = map[string]any{"Status": status, "Key": key}
	h.render(w, r, status, "error.html", p)
}

// fail logs an unexpected error once and answers the 500 page; a missing record is the
// 404 page and a cancelled request gets nothing.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, catalog.ErrNotFound):
		h.errorPage(w, r, http.StatusNotFound)
	case errors.Is(err, context.Canceled):
	default:
		h.log().Error("web page", slog.Any("error", err), slog.String("method", r.Method), slog.String("uri", r.URL.RequestURI()))
		h.errorPage(w, r, http.StatusInternalServerError)
	}
}

// readableDataset loads a dataset the actor may read; anything else is catalog.ErrNotFound,
// so a private dataset's existence is not revealed.
func (h *Handler) readableDataset(ctx context.Context, a *catalog.Actor, name string) (*catalog.Dataset, error) {
	d, err := h.Store.Dataset(ctx, name)
	if err != nil {
		return nil, err
	}
	if !a.CanRead(d) {
		return nil, catalog.NotFound("Package was not found.")
	}
	return d, nil
}

// withQuery returns path with the query values (omitting empty ones).
func withQuery(path string, q url.Values) string {
	for k, vs := range q {
		kept := vs[:0:0]
		for _, v := range vs {
			if v != "" {
				kept = append(kept, v)
			}
		}
		if len(kept) == 0 {
			delete(q, k)
		} else {
			q[k] = kept
		}
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// datasetPath is the page path of a dataset.
func datasetPath(name string) string { return "/dataset/" + url.PathEscape(name) }
