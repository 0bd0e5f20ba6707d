package graph

import (
	"context"
	"net/http"

	"github.com/khlang/khlang/catalog"
)

type ctxKey int

const (
	actorKey ctxKey = iota
	loadersKey
)

// withActor stores the caller in the request context.
func withActor(ctx context.Context, a *catalog.Actor) context.Context {
	return context.WithValue(ctx, actorKey, a)
}

// actorFrom returns the caller of the request; anonymous when none was stored.
func actorFrom(ctx context.Context) *catalog.Actor {
	if a, ok := ctx.Value(actorKey).(*catalog.Actor); ok && a != nil {
		return a
	}
	return catalog.Anonymous
}

// authenticate finds the caller of a request from the same token headers as the CKAN
// API. A missing or unknown token makes the caller anonymous; only a failing database is
// an error. Without a token, the caller is the one the server put in the request's
// context (a web session whose request carried the CSRF header), as for the CKAN API.
func (r *Resolver) authenticate(ctx context.Context, req *http.Request) (*catalog.Actor, error) {
	token := catalog.TokenFromHeaders(req.Header.Get("Authorization"), req.Header.Get("X-CKAN-API-Key"))
	if token == "" {
		return catalog.ActorFrom(req.Context()), nil
	}
	return r.store.ActorForToken(ctx, token)
}
