package graph

import (
	"context"
	"errors"
	"net/http"
	"strings"

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

// requestToken reads an API token the way the CKAN API does: the Authorization header
// (with or without "Bearer "), else X-CKAN-API-Key.
func requestToken(r *http.Request) string {
	if v := strings.TrimSpace(r.Header.Get("Authorization")); v != "" {
		if len(v) > 7 && strings.EqualFold(v[:7], "bearer ") {
			return strings.TrimSpace(v[7:])
		}
		return v
	}
	return strings.TrimSpace(r.Header.Get("X-CKAN-API-Key"))
}

// authenticate finds the caller of a request. A missing or unknown token makes the
// caller anonymous, as in the CKAN API; only a failing database is an error.
func (r *Resolver) authenticate(ctx context.Context, req *http.Request) (*catalog.Actor, error) {
	token := requestToken(req)
	if token == "" {
		return catalog.Anonymous, nil
	}
	u, err := r.store.UserByToken(ctx, token)
	if errors.Is(err, catalog.ErrNotFound) {
		return catalog.Anonymous, nil
	}
	if err != nil {
		return nil, err
	}
	return r.store.Actor(ctx, u)
}
