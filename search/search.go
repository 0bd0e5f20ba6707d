// Package search keeps the Bleve index of the catalog's datasets: the mapping and its
// Thai-aware analysis, the translation of CKAN's package_search parameters into Bleve
// requests, facets and sorting, and the syncer that applies the catalog's change log so
// the index never drifts from the database.
package search

import (
	"errors"
)

// Request is a package_search, already parsed from the API's parameters.
type Request struct {
	Q     string   // CKAN q; "" means all
	FQ    []string // fq and fq_list items, each in Lucene syntax
	Sort  string   // e.g. "score desc, metadata_modified desc" (the default when empty)
	Rows  int      // page size; the caller caps it
	Start int      // offset

	FacetFields   []string // facet.field
	FacetLimit    int      // facet.limit; -1 = unlimited; 0 = CKAN's default 50
	FacetMinCount int      // facet.mincount; 0 = CKAN's default 1

	// Labels are the permission labels the caller holds (catalog.Actor.Labels); nil means
	// a sysadmin, who is not filtered.
	Labels         []string
	IncludePrivate bool // when false only public datasets match (CKAN's +capacity:public)
	IncludeDrafts  bool
	IncludeDeleted bool
}

// FacetValue is one value of a facet with the number of matching datasets.
type FacetValue struct {
	Name  string
	Count int
}

// Result is a page of matching dataset ids with the total count and the facets asked for.
type Result struct {
	Count  int
	IDs    []string
	Facets map[string][]FacetValue // by facet field, in count order
	Sort   string                  // the sort that was used
}

// Errors a caller translates: ErrQuery is CKAN's "Search Query Error" (bad parameters,
// bad sort; HTTP 400), ErrSyntax is CKAN's "Search Error" (a query the parser rejects, or
// local parameters; HTTP 409). Both are wrapped with a message a user can act on.
var (
	ErrQuery  = errors.New("search query error")
	ErrSyntax = errors.New("search error")
)
