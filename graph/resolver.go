package graph

import (
	"log/slog"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/search"
)

// Resolver is the root resolver: the dependencies every field resolver shares. A
// Resolver holds no per-request state; that lives in the request context (the caller
// and the dataloaders).
type Resolver struct {
	store *catalog.Store
	index *search.Index
	opts  Options
	log   *slog.Logger
}
