package catalog

import (
	"errors"
	"sort"
	"strings"
)

// Sentinel errors. Outer layers translate them to HTTP or GraphQL errors in one place each;
// storage errors are never passed through, only wrapped into one of these.
var (
	// ErrNotFound: the object does not exist (or is deleted, where that hides it).
	ErrNotFound = errors.New("not found")
	// ErrNotAuthorized: the caller may not see or change the object.
	ErrNotAuthorized = errors.New("not authorized")
	// ErrInvalid: the input failed validation; errors.As gives a *ValidationError.
	ErrInvalid = errors.New("validation error")
	// ErrStorage: the database failed; the detail is logged, not shown to users.
	ErrStorage = errors.New("storage error")
	// ErrBusy: the same work is already under way elsewhere (a harvest of the source in
	// another process, say); try again once it has finished.
	ErrBusy = errors.New("already in progress")
)

// NotFoundError is ErrNotFound with the detail CKAN appends to "Not found: ".
type NotFoundError struct{ Detail string }

func (e *NotFoundError) Error() string {
	if e.Detail == "" {
		return "Not found"
	}
	return "Not found: " + e.Detail
}

// Is makes errors.Is(err, ErrNotFound) true.
func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }

// NotFound returns a NotFoundError with CKAN's detail text.
func NotFound(detail string) error { return &NotFoundError{Detail: detail} }

// AuthError is ErrNotAuthorized with the detail CKAN appends to "Access denied: ".
type AuthError struct{ Detail string }

func (e *AuthError) Error() string {
	if e.Detail == "" {
		return "Access denied"
	}
	return "Access denied: " + e.Detail
}

// Is makes errors.Is(err, ErrNotAuthorized) true.
func (e *AuthError) Is(target error) bool { return target == ErrNotAuthorized }

// ValidationError maps field names to CKAN's messages. Nested errors (resources) are kept
// in Nested so the API can render CKAN's {"resources":[{},{"url":[...]}]} shape.
type ValidationError struct {
	Fields map[string][]string
	Nested map[string][]map[string][]string
}

func (e *ValidationError) Error() string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(k + ": " + strings.Join(e.Fields[k], ", "))
	}
	for k := range e.Nested {
		if b.Len() > 0 {
			b.WriteString("; ")
		}
		b.WriteString(k + ": invalid")
	}
	return b.String()
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// Add records a message for a field.
func (e *ValidationError) Add(field, msg string) {
	if e.Fields == nil {
		e.Fields = map[string][]string{}
	}
	e.Fields[field] = append(e.Fields[field], msg)
}

// Empty reports whether nothing was recorded.
func (e *ValidationError) Empty() bool { return len(e.Fields) == 0 && len(e.Nested) == 0 }

// orNil returns e as an error, or nil when it is empty.
func (e *ValidationError) orNil() error {
	if e.Empty() {
		return nil
	}
	return e
}

// Invalid returns a one-field validation error.
func Invalid(field, msg string) error {
	v := &ValidationError{}
	v.Add(field, msg)
	return v
}
