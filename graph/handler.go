// Package graph serves Khlang's GraphQL API: the schema (graph/*.graphqls), the code
// gqlgen generates from it, the resolvers, per-request dataloaders, and the limits that
// keep one request from monopolising the server (depth, complexity, page size, body
// size, time).
//
// Datasets are found through the search index with the same syntax and permission
// filtering as the CKAN API's package_search, then loaded from the catalog in one batch
// per request level, with their resources, tags, groups and organization; the number of
// SQL statements a request costs therefore does not grow with its page size.
//
// Mutations read their input into the dicts the CKAN API reads and write through the
// same catalog functions, policy and validation (catalog/write.go, catalog/upload.go),
// then run the server's after-write hook, so a write is searchable when it returns. A
// browser's GET of /graphql gets GraphiQL, embedded from npm (graphiql.go).
//
// Regenerate the generated code with `go generate ./graph/...` after changing a schema
// file; gqlgen.yml at the module root configures it. The same command fetches GraphiQL.
package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/datastore"
	"github.com/khlang/khlang/search"
)

// Defaults of Options; a zero field takes its default.
const (
	DefaultMaxBodyBytes  = 1 << 20
	DefaultMaxDepth      = 12
	DefaultMaxComplexity = 50000
	DefaultMaxPageSize   = 100
	DefaultTimeout       = 15 * time.Second
)

// parserTokenLimit bounds the tokens of one query, so parsing stays cheap whatever the
// body size; real queries, introspection included, use a few hundred.
const parserTokenLimit = 20000

// Options configure the GraphQL handler. A zero value serves with the defaults.
type Options struct {
	// SiteURL is the public base URL of the server; download links of uploaded
	// resources start with it.
	SiteURL string
	// MaxBodyBytes caps the size of a request body (DefaultMaxBodyBytes).
	MaxBodyBytes int64
	// MaxDepth caps how deeply a query may nest fields (DefaultMaxDepth).
	MaxDepth int
	// MaxComplexity caps a query's complexity, where a list costs its page size times
	// the cost of one item (DefaultMaxComplexity).
	MaxComplexity int
	// MaxPageSize caps the `first` argument of every connection (DefaultMaxPageSize).
	MaxPageSize int
	// Timeout bounds the time one request may take (DefaultTimeout).
	Timeout time.Duration
	// DisableIntrospection turns off schema introspection.
	DisableIntrospection bool
	// Log receives internal errors, each logged once; nil discards them.
	Log *slog.Logger

	// DataStore serves the datastore query, indicator series and upsertRecords; nil
	// leaves them answering NOT_FOUND.
	DataStore *datastore.Store
	// UploadDir is where uploaded files are kept (<UploadDir>/<resource id>/<file>); ""
	// refuses uploads.
	UploadDir string
	// MaxUploadBytes caps one uploaded file (catalog.DefaultMaxUpload); a multipart
	// request may be this much larger than MaxBodyBytes.
	MaxUploadBytes int64
	// AfterWrite runs after every successful mutation, before its answer is sent; the
	// server syncs the search index there, so a write is searchable when it returns.
	AfterWrite func(ctx context.Context)
	// OnUpload runs after an uploaded file has been stored at path; the server loads
	// tabular files into the DataStore there.
	OnUpload func(ctx context.Context, res *catalog.Resource, path string)
	// ResourcesGone, when set, takes over from the upload-folder removal for resources a
	// mutation deleted: the server drops their DataStore tables too.
	ResourcesGone func(ids ...string)
}

func (o Options) withDefaults() Options {
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	if o.MaxComplexity <= 0 {
		o.MaxComplexity = DefaultMaxComplexity
	}
	if o.MaxPageSize <= 0 {
		o.MaxPageSize = DefaultMaxPageSize
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxUploadBytes <= 0 {
		o.MaxUploadBytes = catalog.DefaultMaxUpload
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return o
}

// NewHandler returns the GraphQL endpoint: it authenticates the request by the CKAN
// API's token headers, gives it its own dataloaders, and serves queries sent as POST
// JSON, GET parameters or multipart forms. The server mounts it at /graphql.
func NewHandler(store *catalog.Store, index *search.Index, opts Options) http.Handler {
	opts = opts.withDefaults()
	r := &Resolver{store: store, index: index, opts: opts, log: opts.Log}
	cfg := Config{Resolvers: r}
	setComplexity(&cfg.Complexity)

	srv := handler.New(NewExecutableSchema(cfg))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.AddTransport(transport.MultipartForm{MaxUploadSize: opts.MaxBodyBytes + opts.MaxUploadBytes, MaxMemory: opts.MaxBodyBytes})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.SetParserTokenLimit(parserTokenLimit)
	if !opts.DisableIntrospection {
		srv.Use(extension.Introspection{})
	}
	// Persisted queries are kept in memory, a bounded number of them: each can be as
	// large as a request body.
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](100)})
	srv.Use(depthLimit{max: opts.MaxDepth})
	srv.Use(extension.FixedComplexityLimit(opts.MaxComplexity))
	srv.SetErrorPresenter(r.presentError)
	srv.SetRecoverFunc(r.recoverPanic)

	return &endpoint{resolver: r, next: srv}
}

// endpoint applies the body cap, the timeout, authentication and the per-request
// loaders before gqlgen's server sees the request.
type endpoint struct {
	resolver *Resolver
	next     http.Handler
}

func (e *endpoint) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if strings.HasPrefix(req.URL.Path, AssetPrefix) {
		serveAsset(w, req)
		return
	}
	if wantsHTML(req) {
		serveGraphiQL(w, req)
		return
	}
	opts := e.resolver.opts
	limit := opts.MaxBodyBytes
	if isMultipart(req) {
		limit += opts.MaxUploadBytes
	}
	if req.ContentLength > limit {
		writeError(w, http.StatusRequestEntityTooLarge, bodyLimitError(opts.MaxBodyBytes))
		return
	}
	if req.Body != nil && !isMultipart(req) {
		// Read the whole body here, so an oversized one is refused with an error that
		// names the limit; multipart bodies are capped by the multipart transport.
		body, err := io.ReadAll(io.LimitReader(req.Body, opts.MaxBodyBytes+1))
		if err != nil {
			writeError(w, http.StatusBadRequest, &inputError{msg: "could not read the request body"})
			return
		}
		if int64(len(body)) > opts.MaxBodyBytes {
			writeError(w, http.StatusRequestEntityTooLarge, bodyLimitError(opts.MaxBodyBytes))
			return
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
	} else if req.Body != nil {
		req.Body = http.MaxBytesReader(w, req.Body, limit)
	}

	ctx, cancel := context.WithTimeout(req.Context(), opts.Timeout)
	defer cancel()
	timeout := &timeoutError{timeout: opts.Timeout.String()}
	actor, err := e.resolver.authenticate(ctx, req)
	if err != nil {
		if ctx.Err() != nil {
			writeError(w, http.StatusOK, timeout)
			return
		}
		e.resolver.log.Error("graphql authenticate", slog.Any("error", err))
		writeError(w, http.StatusInternalServerError, errInternal)
		return
	}
	ctx = withActor(ctx, actor)
	// The catalog records the caller of a write in its activity stream.
	ctx = catalog.WithActor(ctx, actor)
	ctx = withLoaders(ctx, newLoaders(e.resolver, actor))
	e.next.ServeHTTP(&deadlineWriter{ResponseWriter: w, ctx: ctx, err: timeout}, req.WithContext(ctx))
}

// deadlineWriter replaces the empty response gqlgen writes for a request whose context
// ended before execution with an error that names the timeout.
type deadlineWriter struct {
	http.ResponseWriter
	ctx   context.Context
	err   error
	wrote bool
}

func (w *deadlineWriter) Write(b []byte) (int, error) {
	if !w.wrote && string(b) == "null" && w.ctx.Err() != nil {
		w.wrote = true
		writeError(w.ResponseWriter, http.StatusOK, w.err)
		return len(b), nil
	}
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

func isMultipart(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == "multipart/form-data"
}

// writeError answers a request refused before execution (or timed out before it
// began) with a GraphQL error response, shaped as the error presenter shapes errors.
func writeError(w http.ResponseWriter, status int, err error) {
	e := presentKnown(err, false)
	if e == nil {
		e = presentKnown(errInternal, false)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	body, mErr := json.Marshal(map[string]any{"errors": []any{e}})
	if mErr != nil {
		body = []byte(`{"errors":[{"message":"internal server error"}]}`)
	}
	_, _ = w.Write(body)
}

// bodyLimitError is the error of a request body over MaxBodyBytes.
func bodyLimitError(max int64) error {
	return &limitError{code: codeBodyLimit, limit: "maxBodyBytes", max: int(max),
		msg: fmt.Sprintf("the request body exceeds the limit of %d bytes (maxBodyBytes)", max)}
}
