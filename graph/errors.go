package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/search"
)

// Error codes in extensions.code.
const (
	codeNotFound        = "NOT_FOUND"
	codeForbidden       = "FORBIDDEN"
	codeUnauthenticated = "UNAUTHENTICATED"
	codeBadUserInput    = "BAD_USER_INPUT"
	codeInternal        = "INTERNAL_SERVER_ERROR"
	codeTimeout         = "TIMEOUT"
	codePageSizeLimit   = "PAGE_SIZE_LIMIT_EXCEEDED"
	codeDepthLimit      = "DEPTH_LIMIT_EXCEEDED"
	codeComplexityLimit = "COMPLEXITY_LIMIT_EXCEEDED" // gqlgen's own code
	codeBodyLimit       = "REQUEST_TOO_LARGE"
)

// errInternal stands for an internal error that has already been logged.
var errInternal = errors.New("internal server error")

// limitError is a request over one of the handler's limits; its message names the
// limit, and extensions carry the limit's name and value.
type limitError struct {
	code  string
	limit string
	max   int
	msg   string
}

func (e *limitError) Error() string { return e.msg }

// inputError is a bad argument that is not a catalog validation error.
type inputError struct {
	field string
	msg   string
}

func (e *inputError) Error() string { return e.msg }

// badInput returns a BAD_USER_INPUT error about one argument.
func badInput(field, format string, args ...any) error {
	return &inputError{field: field, msg: fmt.Sprintf(format, args...)}
}

// timeoutError is a request that ran out of time.
type timeoutError struct{ timeout string }

func (e *timeoutError) Error() string {
	return "the request took longer than the timeout of " + e.timeout + " (timeout)"
}

// presentError is the one place where errors become GraphQL errors: catalog and
// search errors get their extensions.code, limits name themselves, and anything else
// is logged once and shown as a generic message.
func (r *Resolver) presentError(ctx context.Context, err error) *gqlerror.Error {
	out := graphql.DefaultErrorPresenter(ctx, err)
	if errors.Is(err, context.DeadlineExceeded) {
		err = &timeoutError{timeout: r.opts.Timeout.String()}
	}
	anonymous := actorFrom(ctx).User == nil
	if known := presentKnown(err, anonymous); known != nil {
		out.Message = known.Message
		out.Extensions = known.Extensions
		return out
	}
	if code, _ := out.Extensions["code"].(string); code == codeComplexityLimit {
		out.Message += " (maxComplexity)"
		out.Extensions["limit"] = "maxComplexity"
		out.Extensions["max"] = r.opts.MaxComplexity
		return out
	}
	var gqlErr *gqlerror.Error
	if errors.As(err, &gqlErr) && gqlErr.Err == nil {
		// gqlgen's and the parser's own errors (syntax, validation, limits) are
		// meant for the client as they are.
		return out
	}
	if errors.Is(err, context.Canceled) {
		out.Message = "the request was cancelled"
		out.Extensions = map[string]any{"code": codeTimeout}
		return out
	}
	if !errors.Is(err, errInternal) {
		r.log.Error("graphql internal error", slog.Any("error", err), slog.String("path", graphql.GetPath(ctx).String()))
	}
	out.Message = errInternal.Error()
	out.Extensions = map[string]any{"code": codeInternal}
	return out
}

// presentKnown maps the errors this package knows to a message and extensions, or
// returns nil. anonymous decides between UNAUTHENTICATED and FORBIDDEN.
func presentKnown(err error, anonymous bool) *gqlerror.Error {
	var (
		lim   *limitError
		in    *inputError
		val   *catalog.ValidationError
		tmout *timeoutError
	)
	switch {
	case errors.As(err, &lim):
		return &gqlerror.Error{Message: lim.msg, Extensions: map[string]any{"code": lim.code, "limit": lim.limit, "max": lim.max}}
	case errors.As(err, &tmout):
		return &gqlerror.Error{Message: tmout.Error(), Extensions: map[string]any{"code": codeTimeout, "limit": "timeout"}}
	case errors.As(err, &in):
		ext := map[string]any{"code": codeBadUserInput}
		if in.field != "" {
			ext["fields"] = map[string][]string{in.field: {in.msg}}
		}
		return &gqlerror.Error{Message: in.msg, Extensions: ext}
	case errors.As(err, &val):
		return &gqlerror.Error{Message: "Validation Error: " + val.Error(), Extensions: map[string]any{"code": codeBadUserInput, "fields": val.Fields}}
	case errors.Is(err, search.ErrQuery), errors.Is(err, search.ErrSyntax):
		return &gqlerror.Error{Message: err.Error(), Extensions: map[string]any{"code": codeBadUserInput, "fields": map[string][]string{"search": {err.Error()}}}}
	case errors.Is(err, catalog.ErrNotFound):
		return &gqlerror.Error{Message: err.Error(), Extensions: map[string]any{"code": codeNotFound}}
	case errors.Is(err, catalog.ErrNotAuthorized):
		if anonymous {
			return &gqlerror.Error{Message: err.Error() + " (send an API token)", Extensions: map[string]any{"code": codeUnauthenticated}}
		}
		return &gqlerror.Error{Message: err.Error(), Extensions: map[string]any{"code": codeForbidden}}
	case errors.Is(err, errInternal):
		return &gqlerror.Error{Message: errInternal.Error(), Extensions: map[string]any{"code": codeInternal}}
	}
	return nil
}

// recoverPanic logs a panic in a resolver with its stack, once, and turns it into an
// internal error.
func (r *Resolver) recoverPanic(ctx context.Context, p any) error {
	r.log.Error("graphql panic", slog.Any("panic", p), slog.String("path", graphql.GetPath(ctx).String()),
		slog.String("stack", string(debug.Stack())))
	return errInternal
}
