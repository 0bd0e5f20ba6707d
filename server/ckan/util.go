package ckan

import (
	"context"
	"net/http"
	"strconv"

	"github.com/khlang/khlang/catalog"
)

// utilFunc answers one legacy /api/util endpoint from its query string.
type utilFunc func(ctx context.Context, q map[string]string) (any, error)

// utilHandler serves a legacy util endpoint: query-string input, a bare JSON answer (no
// envelope), errors through the same translation as actions.
func (a *API) utilHandler(fn utilFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if methodNotAllowed(w, r, "GET, HEAD, OPTIONS, POST") {
			return
		}
		q := map[string]string{}
		raw := params{}
		for k, v := range r.URL.Query() {
			if len(v) > 0 {
				q[k], raw[k] = v[0], v[0]
			}
		}
		err := checkNUL(raw)
		var res any
		if err == nil {
			res, err = fn(r.Context(), q)
		}
		if err != nil {
			status, body := a.errorBody(r, r.URL.Path, err)
			writeJSON(w, status, body)
			return
		}
		writeJSON(w, http.StatusOK, res)
	})
}

// limitParam reads the optional limit of a util endpoint.
func limitParam(q map[string]string, def int) (int, error) {
	s, ok := q["limit"]
	if !ok || s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, catalog.Invalid("limit", "Invalid integer")
	}
	return n, nil
}

func resultSet(items any) map[string]any {
	return map[string]any{"ResultSet": map[string]any{"Result": items}}
}

// utilDataset is /api/util/dataset/autocomplete?incomplete=.
func (a *API) utilDataset(ctx context.Context, q map[string]string) (any, error) {
	limit, err := limitParam(q, 10)
	if err != nil {
		return nil, err
	}
	m, err := a.datasetMatches(ctx, q["incomplete"], limit)
	if err != nil {
		return nil, err
	}
	return resultSet(m), nil
}

// utilTag is /api/util/tag/autocomplete?incomplete=.
func (a *API) utilTag(ctx context.Context, q map[string]string) (any, error) {
	limit, err := limitParam(q, 10)
	if err != nil {
		return nil, err
	}
	names, err := a.tagMatches(ctx, q["incomplete"], limit)
	if err != nil {
		return nil, err
	}
	out := make([]map[string]string, len(names))
	for i, n := range names {
		out[i] = map[string]string{"Name": n}
	}
	return resultSet(out), nil
}

// utilFormat is /api/util/resource/format_autocomplete?incomplete=.
func (a *API) utilFormat(ctx context.Context, q map[string]string) (any, error) {
	limit, err := limitParam(q, 5)
	if err != nil {
		return nil, err
	}
	formats, err := a.formatMatches(ctx, q["incomplete"], limit)
	if err != nil {
		return nil, err
	}
	out := make([]map[string]string, len(formats))
	for i, f := range formats {
		out[i] = map[string]string{"Format": f}
	}
	return resultSet(out), nil
}

// utilGroups is /api/util/{organization,group}/autocomplete?q=: a plain list.
func (a *API) utilGroups(isOrg bool) utilFunc {
	return func(ctx context.Context, q map[string]string) (any, error) {
		limit, err := limitParam(q, 20)
		if err != nil {
			return nil, err
		}
		return a.groupMatches(ctx, isOrg, q["q"], limit)
	}
}

// utilUsers is /api/util/user/autocomplete?q=: a plain list.
func (a *API) utilUsers(ctx context.Context, q map[string]string) (any, error) {
	limit, err := limitParam(q, 20)
	if err != nil {
		return nil, err
	}
	return a.userMatches(ctx, q["q"], limit)
}
