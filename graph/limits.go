package graph

import (
	"context"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/khlang/khlang/graph/model"
)

// depthLimit refuses operations that nest fields more deeply than max. Introspection
// fields (__schema, __type) are not counted: tools nest them deeply by design and
// their cost is bounded by the schema.
type depthLimit struct{ max int }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = depthLimit{}

// ExtensionName names the extension in gqlgen's statistics.
func (depthLimit) ExtensionName() string { return "DepthLimit" }

// Validate accepts any schema.
func (depthLimit) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext measures the operation before it runs.
func (d depthLimit) MutateOperationContext(ctx context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	op := opCtx.Doc.Operations.ForName(opCtx.OperationName)
	if op == nil {
		return nil
	}
	depth := selectionDepth(op.SelectionSet, opCtx.Doc.Fragments, 0, d.max)
	if depth <= d.max {
		return nil
	}
	return &gqlerror.Error{
		Message:    fmt.Sprintf("operation has depth %d, which exceeds the limit of %d (maxDepth)", depth, d.max),
		Extensions: map[string]any{"code": codeDepthLimit, "limit": "maxDepth", "max": d.max},
	}
}

// selectionDepth is the depth of the deepest field under set. It stops counting past
// limit+1, which also ends recursion through fragments that (invalidly) spread themselves.
func selectionDepth(set ast.SelectionSet, frags ast.FragmentDefinitionList, depth, limit int) int {
	if depth > limit {
		return depth
	}
	deepest := depth
	for _, sel := range set {
		var d int
		switch s := sel.(type) {
		case *ast.Field:
			if strings.HasPrefix(s.Name, "__") {
				continue
			}
			d = selectionDepth(s.SelectionSet, frags, depth+1, limit)
		case *ast.InlineFragment:
			d = selectionDepth(s.SelectionSet, frags, depth, limit)
		case *ast.FragmentSpread:
			if f := frags.ForName(s.Name); f != nil {
				d = selectionDepth(f.SelectionSet, frags, depth, limit)
			}
		}
		deepest = max(deepest, d)
	}
	return deepest
}

// Estimated sizes of lists that take no page size, for complexity.
const (
	costSearch     = 10 // a search of the index
	listResources  = 10
	listTags       = 10
	listGroups     = 5
	listFrameworks = 4
	listDivisions  = 8
	listChildren   = 6
	listIndicators = 10
	listLicenses   = 15
)

// pageSize is the page size a connection field asks for, for complexity.
func pageSize(first *int) int {
	if first == nil {
		return defaultPageSize
	}
	return max(*first, 1)
}

// setComplexity gives fields their costs: a connection costs its page size times the
// cost of one item, plus the search; a list without a page size costs an estimate of
// its length times one item.
func setComplexity(c *ComplexityRoot) {
	page := func(child int, first *int) int { return costSearch + pageSize(first)*child }
	list := func(n int) func(int) int { return func(child int) int { return 1 + n*child } }

	c.Query.Datasets = func(child int, _ *model.DatasetSearch, first *int, _ *string) int { return page(child, first) }
	c.Query.Organizations = func(child int, _, _ *string, first *int, _ *string) int { return page(child, first) }
	c.Query.Groups = func(child int, _, _ *string, first *int, _ *string) int { return page(child, first) }
	c.Query.Tags = func(child int, _ *string, first *int, _ *string) int { return page(child, first) }
	c.Query.Indicators = func(child int, _, _, _ *string, first *int, _ *string) int { return page(child, first) }
	c.Query.Frameworks = func(child int) int { return costSearch + listFrameworks*child }
	c.Query.Licenses = list(listLicenses)
	c.Organization.Datasets = func(child int, _ *model.DatasetSearch, first *int, _ *string) int { return page(child, first) }
	c.Group.Datasets = func(child int, _ *model.DatasetSearch, first *int, _ *string) int { return page(child, first) }
	c.Tag.Datasets = func(child int, _ *model.DatasetSearch, first *int, _ *string) int { return page(child, first) }
	c.Framework.Indicators = func(child int, first *int, _ *string) int { return page(child, first) }
	c.DatasetConnection.Facets = func(child int, fields []string, limit, _ *int) int {
		n := len(fields)
		if n == 0 {
			n = len(defaultFacetFields)
		}
		per := 50
		if limit != nil && *limit > 0 {
			per = *limit
		} else if limit != nil && *limit < 0 {
			per = 1000
		}
		// Counting is the cost; each value is a few scalars.
		return costSearch + n*(1+per/10)*child
	}
	c.Dataset.Resources = list(listResources)
	c.Dataset.Tags = list(listTags)
	c.Dataset.Groups = list(listGroups)
	c.Framework.Divisions = list(listDivisions)
	c.FrameworkDivision.Children = list(listChildren)
	c.FrameworkDivision.Indicators = list(listIndicators)
	c.Viewer.Organizations = list(listGroups)
	c.Viewer.Groups = list(listGroups)
}
