// Package model holds the GraphQL-only types of Khlang's GraphQL API: pages
// (connections and edges), facets, indicator frameworks and the caller. Domain types
// are not here: the schema binds them to package catalog.
package model

import (
	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/search"
)

// PageInfo tells where a page stands in the whole list.
type PageInfo struct {
	HasNextPage     bool
	HasPreviousPage bool
	StartCursor     *string
	EndCursor       *string
}

// DatasetConnection is a page of a dataset search. Its datasets are loaded only when
// the query asks for them, through the request's dataset loader.
type DatasetConnection struct {
	// IDs are the ids of the page's datasets, in result order.
	IDs []string
	// Offset is the position of the first id in the whole result.
	Offset int
	// TotalCount is how many datasets match over all pages.
	TotalCount int
	// Sort is the sort that was applied.
	Sort string
	// Request is the search that produced the page; facets rerun it without rows.
	Request search.Request
	// Info is the page's PageInfo.
	Info PageInfo
}

// PageInfo returns where the page stands.
func (c *DatasetConnection) PageInfo() *PageInfo { return &c.Info }

// DatasetEdge is a dataset (or an indicator, which is a dataset) with its cursor.
type DatasetEdge struct {
	Cursor string
	Node   *catalog.Dataset
}

// Facet is the counts of one facet field.
type Facet struct {
	Field string
	Items []*FacetItem
}

// FacetItem is one facet value with its count.
type FacetItem struct {
	Field string
	Name  string
	Count int
}

// GroupConnection is a page of organizations or groups.
type GroupConnection struct {
	Edges      []*GroupEdge
	Nodes      []*catalog.Group
	PageInfo   *PageInfo
	TotalCount int
}

// GroupEdge is an organization or group with its cursor.
type GroupEdge struct {
	Cursor string
	Node   *catalog.Group
}

// TagConnection is a page of tags. Its total is counted only when asked for.
type TagConnection struct {
	Edges    []*TagEdge
	Nodes    []*catalog.Tag
	PageInfo *PageInfo
	// Query is the substring the tags were filtered by, kept to count the total.
	Query string
}

// TagEdge is a tag with its cursor.
type TagEdge struct {
	Cursor string
	Node   *catalog.Tag
}

// Framework is an indicator framework with the structure its indicators give it.
type Framework struct {
	ID           string
	Title        string
	TitleEN      string
	DivisionKind string
	Divisions    []*FrameworkDivision
	// IndicatorCount is the number of indicators placed in the framework.
	IndicatorCount int
}

// FrameworkDivision is one part of a framework.
type FrameworkDivision struct {
	Name     string
	Kind     string
	Children []*FrameworkDivision
	// IndicatorCount counts the indicators here and in the sub-divisions.
	IndicatorCount int
	// IndicatorIDs are the ids of the datasets placed directly here, by code.
	IndicatorIDs []string
}

// Viewer is the authenticated caller.
type Viewer struct {
	User  *catalog.User
	Actor *catalog.Actor
}

// Sysadmin reports whether the caller may do anything.
func (v *Viewer) Sysadmin() bool { return v.Actor.Sysadmin() }

// Membership is the caller's role in an organization.
type Membership struct {
	Organization *catalog.Group
	Role         string
}

// GroupMembership is the caller's role in a group.
type GroupMembership struct {
	Group *catalog.Group
	Role  string
}

// DatastoreTable is a page of a DataStore table.
type DatastoreTable struct {
	ResourceID string
	Resource   *catalog.Resource
	Fields     []*DatastoreField
	Rows       []map[string]any
	TotalCount int
	PageInfo   *PageInfo
}

// Member is a user's role in an organization or group.
type Member struct {
	Group *catalog.Group
	User  *catalog.User
	Role  string
}
