// Package ckan serves CKAN's Action API (version 3) over the catalog and the search
// index: the envelope, status codes, __type strings, parameter parsing, token header,
// JSONP and CORS behave as CKAN 2.11 does, so CKAN's clients, harvesters and scripts work
// unchanged. It also serves the legacy util autocomplete endpoints, the API version probes
// and uploaded resource files.
package ckan

import (
	"context"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/datastore"
	"github.com/khlang/khlang/search"
)

// Searcher runs package searches; *search.Index implements it.
type Searcher interface {
	Search(ctx context.Context, r search.Request) (*search.Result, error)
}

// API serves the CKAN Action API. The zero values of the optional fields are usable
// defaults; Store and Search are required.
type API struct {
	Store  *catalog.Store
	Search Searcher
	// SiteURL is the public base URL (no trailing slash needed), used for the envelope's
	// help link and for download URLs of uploaded files.
	SiteURL string
	// CORSOrigins are the origins allowed to call the API from a browser; "*" allows all.
	// Empty means no CORS headers, as in CKAN by default.
	CORSOrigins []string
	// MaxBodyBytes caps request bodies (default 8 MiB).
	MaxBodyBytes int64
	// Log receives internal failures, once each, where they are turned into a 500.
	Log *slog.Logger
	// SiteTitle, SiteDescription and Version are reported by status_show.
	SiteTitle, SiteDescription, Version string
	// Extensions are the plugin names status_show lists (default: datastore, khlang).
	Extensions []string
	// UploadDir holds uploaded resource files as <UploadDir>/<resource id>/<filename>.
	UploadDir string
	// MaxUploadBytes caps one uploaded file (default 100 MiB); a multipart request may be
	// that much larger than MaxBodyBytes.
	MaxUploadBytes int64
	// AfterWrite, when set, runs after every successful write action, before the answer
	// is sent; the server wires it to the search index's Sync so that a write is
	// searchable as soon as the client has its answer.
	AfterWrite func(ctx context.Context)
	// HarvestNow, when set, starts a run of a harvest source in the background for
	// harvest_job_create and returns it once it is recorded as running (catalog.ErrBusy
	// when another run of the source is under way); without it that action is unknown.
	HarvestNow func(ctx context.Context, src *catalog.HarvestSource, full bool) (*catalog.HarvestRun, error)
	// OnUpload, when set, runs after a resource's uploaded file has been stored at path
	// (the DataStore loader plugs in here).
	OnUpload func(ctx context.Context, res *catalog.Resource, path string)
	// DataStore, when set, serves the DataStore API (datastore_* actions and
	// /datastore/dump/{id}); without it the DataStore's read actions are unknown and its
	// write actions answer as not available. LoadUpload is the OnUpload hook that fills it
	// from uploads.
	DataStore *datastore.Store
	// SQLSearchEnabled offers datastore_search_sql (CKAN's ckan.datastore.sqlsearch.enabled,
	// off by default).
	SQLSearchEnabled bool
}

// CKANVersion is the CKAN release whose API this package reproduces; status_show reports it
// as ckan_version because clients compare it to decide which features to use.
const CKANVersion = "2.11.5"

const defaultMaxBody = 8 << 20

func (a *API) log() *slog.Logger {
	if a.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return a.Log
}

func (a *API) siteURL() string { return strings.TrimRight(a.SiteURL, "/") }

// Register mounts the API's routes on mux.
func (a *API) Register(mux *http.ServeMux) {
	mux.Handle("/api/3/action/{name}", a.wrap(http.HandlerFunc(a.serveAction)))
	mux.Handle("/api/action/{name}", a.wrap(http.HandlerFunc(a.serveAction)))
	mux.Handle("/api", a.wrap(http.HandlerFunc(a.serveVersion)))
	mux.Handle("/api/{ver}", a.wrap(http.HandlerFunc(a.serveVersion)))
	for _, prefix := range []string{"/api/util/", "/api/2/util/"} {
		mux.Handle(prefix+"dataset/autocomplete", a.wrap(a.utilHandler(a.utilDataset)))
		mux.Handle(prefix+"tag/autocomplete", a.wrap(a.utilHandler(a.utilTag)))
		mux.Handle(prefix+"resource/format_autocomplete", a.wrap(a.utilHandler(a.utilFormat)))
		mux.Handle(prefix+"organization/autocomplete", a.wrap(a.utilHandler(a.utilGroups(true))))
		mux.Handle(prefix+"group/autocomplete", a.wrap(a.utilHandler(a.utilGroups(false))))
		mux.Handle(prefix+"user/autocomplete", a.wrap(a.utilHandler(a.utilUsers)))
	}
	mux.Handle("/dataset/{id}/resource/{rid}/download/{file}", a.wrap(http.HandlerFunc(a.serveDownload)))
	if a.DataStore != nil {
		mux.Handle("/datastore/dump/{id}", a.wrap(http.HandlerFunc(a.serveDump)))
	}
}

// wrap adds what every route shares: CORS, the body cap, and a recover that turns a panic
// into CKAN's 500 envelope instead of a dropped connection.
func (a *API) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				a.log().Error("ckan handler panic", slog.String("uri", r.URL.RequestURI()), slog.Any("panic", v))
				writeJSON(w, http.StatusInternalServerError, map[string]any{"help": a.helpURL("help_show"),
					"success": false, "error": map[string]any{"__type": typeInternal, "message": "Internal Server Error"}})
			}
		}()
		w.Header().Set("X-Content-Type-Options", "nosniff")
		a.setCORS(w, r)
		limit := a.MaxBodyBytes
		if limit <= 0 {
			limit = defaultMaxBody
		}
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
			// Room for one file of MaxUploadBytes and the form fields around it; the file's
			// own size is checked where it is stored, with CKAN's message.
			limit = max(limit, a.maxUpload()+1<<20)
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		h.ServeHTTP(w, r)
	})
}

// setCORS adds CKAN's CORS headers when the request has an Origin the configuration allows.
func (a *API) setCORS(w http.ResponseWriter, r *http.Request) {
	origin := r.Header.Get("Origin")
	if origin == "" || len(a.CORSOrigins) == 0 {
		return
	}
	h := w.Header()
	switch {
	case slices.Contains(a.CORSOrigins, "*"):
		h.Set("Access-Control-Allow-Origin", "*")
	case slices.Contains(a.CORSOrigins, origin):
		h.Set("Access-Control-Allow-Origin", origin)
		h.Add("Vary", "Origin")
	default:
		return
	}
	h.Set("Access-Control-Allow-Methods", "POST, PUT, GET, DELETE, OPTIONS")
	// CKAN lists only its token header and Content-Type; X-CKAN-API-Key is added because
	// we accept it too and a browser could not send it otherwise.
	h.Set("Access-Control-Allow-Headers", "Authorization, X-CKAN-API-Key, Content-Type")
}

// helpURL is the envelope's "help" value: an absolute link to help_show for the action.
func (a *API) helpURL(action string) string {
	return a.siteURL() + "/api/3/action/help_show?name=" + action
}

// methodNotAllowed answers as Flask does for a method the route does not take; OPTIONS is
// answered with the allowed methods (and the CORS headers wrap already set).
func methodNotAllowed(w http.ResponseWriter, r *http.Request, allow string) bool {
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		return false
	case http.MethodPost:
		if strings.Contains(allow, "POST") {
			return false
		}
	case http.MethodOptions:
		w.Header().Set("Allow", allow)
		w.WriteHeader(http.StatusOK)
		return true
	}
	w.Header().Set("Allow", allow)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusMethodNotAllowed)
	_, _ = w.Write([]byte("405 Method Not Allowed: The method is not allowed for the requested URL.\n"))
	return true
}

// serveVersion answers the version probes: /api gives 1, /api/1../api/3 give their number.
func (a *API) serveVersion(w http.ResponseWriter, r *http.Request) {
	if methodNotAllowed(w, r, "GET, HEAD, OPTIONS") {
		return
	}
	ver := r.PathValue("ver")
	n := 1
	switch ver {
	case "":
	case "1", "2", "3":
		n = int(ver[0] - '0')
	default:
		http.NotFound(w, r)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"version": n})
}

// call is one action invocation.
type call struct {
	name   string
	params params
	actor  *catalog.Actor
	r      *http.Request
}

var callbackRE = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$.]*$`)

// serveAction runs /api/3/action/{name}.
func (a *API) serveAction(w http.ResponseWriter, r *http.Request) {
	if methodNotAllowed(w, r, "GET, HEAD, OPTIONS, POST") {
		return
	}
	name := r.PathValue("name")
	act, known := a.action(name)
	if !known {
		if !knownWriteActions[name] {
			writeJSON(w, http.StatusBadRequest, "Bad request - Action name not known: "+name)
			return
		}
		act = notImplemented(name)
	}
	status, body, jsonp := a.runAction(r, name, act)
	if jsonp != "" && status == http.StatusOK && r.Method == http.MethodGet {
		w.Header().Set("Content-Type", contentTypeJSONP)
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, "%s(%s);", jsonp, body)
		return
	}
	w.Header().Set("Content-Type", contentTypeJSON)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// runAction parses, authenticates and runs one action and renders its answer.
func (a *API) runAction(r *http.Request, name string, act action) (status int, body []byte, jsonp string) {
	render := func(status int, v any) (int, []byte) {
		b, err := marshal(v)
		if err != nil {
			a.log().Error("ckan encode response", slog.String("action", name), slog.Any("error", err))
			b, _ = marshal(a.envelope(name, false, map[string]any{"__type": typeInternal, "message": "Internal Server Error"}))
			return http.StatusInternalServerError, b
		}
		return status, b
	}
	fail := func(err error) (int, []byte, string) {
		st, e := a.errorBody(r, name, err)
		if s, bare := e.(string); bare {
			st, b := render(st, s)
			return st, b, ""
		}
		st, b := render(st, a.envelope(name, false, e))
		return st, b, ""
	}
	if r.Method != http.MethodPost && !act.get {
		return fail(badRequest("JSON Error: Invalid request. Please use POST method for your request"))
	}
	p, err := readParams(r, act.get)
	if err == nil {
		err = checkNUL(p)
	}
	if err != nil {
		return fail(err)
	}
	c := &call{name: name, params: p, r: r}
	// A JSONP request runs as anonymous, as in CKAN: a page on another site must not be able
	// to read what the visitor's credentials would show.
	if cb, ok := p["callback"]; ok {
		delete(p, "callback")
		delete(p, "_") // jQuery's cache buster
		s, _ := cb.(string)
		if !callbackRE.MatchString(s) {
			return fail(badRequest("Invalid JSONP callback name"))
		}
		jsonp = s
		c.actor = catalog.Anonymous
	} else {
		c.actor, err = a.actorFor(r)
		if err != nil {
			return fail(err)
		}
	}
	// The Store records the actor of a write in the activity stream.
	ctx := catalog.WithActor(r.Context(), c.actor)
	res, err := act.run(ctx, c)
	if err != nil {
		return fail(err)
	}
	if !act.get && a.AfterWrite != nil {
		a.AfterWrite(ctx)
	}
	status, body = render(http.StatusOK, a.envelope(name, true, res))
	return status, body, jsonp
}

// envelope is CKAN's response wrapper.
func (a *API) envelope(name string, ok bool, v any) map[string]any {
	e := map[string]any{"help": a.helpURL(name), "success": ok}
	if ok {
		e["result"] = v
	} else {
		e["error"] = v
	}
	return e
}

// actorFor resolves the caller from the token headers CKAN clients send. A token that
// matches no user is anonymous, not an error, as in CKAN. Without a token, the caller is
// the one the server put in the request's context (a web session whose request carried
// the CSRF header, see server/session), else anonymous.
func (a *API) actorFor(r *http.Request) (*catalog.Actor, error) {
	token := catalog.TokenFromHeaders(r.Header.Get("Authorization"), r.Header.Get("X-CKAN-API-Key"))
	if token == "" {
		return catalog.ActorFrom(r.Context()), nil
	}
	act, err := a.Store.ActorForToken(r.Context(), token)
	if err != nil {
		return nil, fmt.Errorf("ckan: resolve token: %w", err)
	}
	return act, nil
}
