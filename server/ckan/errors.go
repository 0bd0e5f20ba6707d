package ckan

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/search"
)

// bareError is a request-level failure that CKAN answers with a bare JSON string instead
// of an envelope (unknown action, GET on a write action, undecodable body).
type bareError struct {
	status int
	msg    string
}

func (e *bareError) Error() string { return e.msg }

// badRequest is CKAN's "Bad request - ..." bare-string answer.
func badRequest(msg string) error {
	return &bareError{status: http.StatusBadRequest, msg: "Bad request - " + msg}
}

// CKAN's __type strings; clients map them to exceptions, so they are the contract.
const (
	typeValidation  = "Validation Error"
	typeNotFound    = "Not Found Error"
	typeAuth        = "Authorization Error"
	typeSearchQuery = "Search Query Error"
	typeSearch      = "Search Error"
	typeInternal    = "Internal Server Error"
)

// errorBody decides the HTTP status and the envelope's "error" value for err. It is the
// one place where errors become HTTP; internal failures are logged here and shown to the
// caller only as CKAN's generic message.
func (a *API) errorBody(r *http.Request, action string, err error) (int, any) {
	var (
		bare *bareError
		ve   *catalog.ValidationError
	)
	switch {
	case errors.As(err, &bare):
		return bare.status, bare.msg
	case errors.As(err, &ve):
		out := map[string]any{"__type": typeValidation}
		for k, msgs := range ve.Fields {
			// CKAN raises non-field errors as {"message": "..."}: a string, not a list.
			if k == "message" && len(msgs) > 0 {
				out[k] = msgs[0]
				continue
			}
			out[k] = msgs
		}
		for k, list := range ve.Nested {
			out[k] = list
		}
		return http.StatusConflict, out
	case errors.Is(err, catalog.ErrBusy):
		// The same work is under way (a harvest of the source): the caller can wait and
		// ask again.
		return http.StatusConflict, map[string]any{"__type": typeValidation, "message": err.Error()}
	case errors.Is(err, catalog.ErrNotAuthorized):
		msg := "Access denied"
		var ae *catalog.AuthError
		if errors.As(err, &ae) {
			msg = ae.Error()
		}
		return http.StatusForbidden, map[string]any{"__type": typeAuth, "message": msg}
	case errors.Is(err, catalog.ErrNotFound):
		msg := "Not found"
		var nf *catalog.NotFoundError
		if errors.As(err, &nf) {
			msg = nf.Error()
		}
		return http.StatusNotFound, map[string]any{"__type": typeNotFound, "message": msg}
	case errors.Is(err, search.ErrQuery):
		return http.StatusBadRequest, map[string]any{"__type": typeSearchQuery,
			"message": "Search Query is invalid: (" + pyRepr(detail(err, search.ErrQuery)) + ",)"}
	case errors.Is(err, search.ErrSyntax):
		return http.StatusConflict, map[string]any{"__type": typeSearch,
			"message": "Search error: (" + pyRepr(detail(err, search.ErrSyntax)) + ",)"}
	}
	level := slog.LevelError
	if errors.Is(err, context.Canceled) {
		level = slog.LevelDebug // the client went away; nothing to fix
	}
	a.log().Log(r.Context(), level, "ckan action failed", slog.String("action", action),
		slog.String("method", r.Method), slog.String("uri", r.URL.RequestURI()), slog.Any("error", err))
	return http.StatusInternalServerError, map[string]any{"__type": typeInternal, "message": "Internal Server Error"}
}

// detail strips the sentinel's own text from a wrapped search error, leaving the part a
// user can act on.
func detail(err, sentinel error) string {
	msg := err.Error()
	prefix := sentinel.Error()
	if msg == prefix {
		return msg
	}
	if i := strings.Index(msg, prefix+": "); i >= 0 {
		return msg[:i] + msg[i+len(prefix)+2:]
	}
	return msg
}

// pyRepr quotes s as Python's repr() does for a str, because CKAN puts exception args
// into its search messages that way and clients have been seen to parse them.
func pyRepr(s string) string {
	quote := byte('\'')
	if strings.Contains(s, "'") && !strings.Contains(s, `"`) {
		quote = '"'
	}
	var b strings.Builder
	b.WriteByte(quote)
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == rune(quote):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(quote)
	return b.String()
}

// writeJSON writes v with CKAN's content type.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		body = []byte(`{"success": false, "error": {"__type": "Internal Server Error", "message": "Internal Server Error"}}`)
	}
	w.Header().Set("Content-Type", contentTypeJSON)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

const (
	contentTypeJSON  = "application/json;charset=utf-8"
	contentTypeJSONP = "application/javascript;charset=utf-8"
)
