package ckan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/khlang/khlang/catalog"
)

// params are an action's input as CKAN's _get_request_data builds it: strings (or lists of
// strings for repeated keys) from forms and query strings, any JSON value from a JSON body.
// Numbers from JSON are kept as json.Number so integers stay exact.
type params map[string]any

// readParams parses the request in CKAN's order: a form body (including the legacy
// single-key JSON-in-form), then the query string when the action may be called by GET
// (even for POST), then a JSON body, then nothing.
func readParams(r *http.Request, getable bool) (params, error) {
	if r.Method == http.MethodPost {
		mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		switch mediaType {
		case "application/x-www-form-urlencoded":
			body, err := io.ReadAll(r.Body)
			if err != nil {
				return nil, bodyError(err)
			}
			form, err := url.ParseQuery(string(body))
			if err != nil {
				return nil, badRequest("JSON Error: Error decoding form data: " + err.Error())
			}
			if len(form) > 0 {
				return formParams(form)
			}
			// An empty form body falls through, as Flask's empty request.form does.
		case "multipart/form-data":
			if err := r.ParseMultipartForm(32 << 20); err != nil {
				return nil, bodyError(err)
			}
			if r.MultipartForm != nil && (len(r.MultipartForm.Value) > 0 || len(r.MultipartForm.File) > 0) {
				p := multiValues(r.MultipartForm.Value)
				for k, files := range r.MultipartForm.File {
					if len(files) > 0 {
						p[k] = files[0].Filename
					}
				}
				return p, nil
			}
		}
	}
	if getable && r.URL.RawQuery != "" {
		q, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			return nil, badRequest("JSON Error: Error decoding query string: " + err.Error())
		}
		if len(q) > 0 {
			return multiValues(q), nil
		}
	}
	if r.Method != http.MethodPost {
		return params{}, nil
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, bodyError(err)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return params{}, nil
	}
	return decodeJSONObject(body)
}

// checkNUL rejects NUL characters anywhere in the input: PostgreSQL cannot store or
// compare them, so they would otherwise surface as a database failure (a 500), and no
// name, id or query legitimately contains one.
func checkNUL(p params) error {
	var walk func(v any) bool
	walk = func(v any) bool {
		switch x := v.(type) {
		case string:
			return strings.ContainsRune(x, 0)
		case []any:
			for _, e := range x {
				if walk(e) {
					return true
				}
			}
		case map[string]any:
			for k, e := range x {
				if strings.ContainsRune(k, 0) || walk(e) {
					return true
				}
			}
		}
		return false
	}
	for k, v := range p {
		if strings.ContainsRune(k, 0) || walk(v) {
			return catalog.Invalid(strings.ReplaceAll(k, "\x00", ""), "Must not contain NUL characters")
		}
	}
	return nil
}

// formParams turns a form into params, recognising the legacy `curl -d '{"a":1}'` body:
// one key whose value is empty or "1" is itself the JSON request.
func formParams(form url.Values) (params, error) {
	if len(form) == 1 {
		for k, v := range form {
			if len(v) == 1 && (v[0] == "" || v[0] == "1") {
				trimmed := strings.TrimSpace(k)
				if strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "[") {
					return decodeJSONObject([]byte(k))
				}
			}
		}
	}
	return multiValues(form), nil
}

// multiValues maps a key given once to a string and a repeated key to a list of strings.
func multiValues(v map[string][]string) params {
	p := make(params, len(v))
	for k, vals := range v {
		if len(vals) == 1 {
			p[k] = vals[0]
			continue
		}
		list := make([]any, len(vals))
		for i, s := range vals {
			list[i] = s
		}
		p[k] = list
	}
	return p
}

func decodeJSONObject(body []byte) (params, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	if err == nil && dec.More() {
		err = errors.New("extra data after the JSON value")
	}
	if err != nil {
		return nil, badRequest(fmt.Sprintf("JSON Error: Error decoding JSON data. Error: %s JSON data extracted from the request: %s",
			err.Error(), pyRepr(truncate(string(body), 200))))
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, badRequest(fmt.Sprintf("JSON Error: Request data JSON decoded to %s but it needs to be a dictionary.",
			truncate(strings.TrimSpace(string(body)), 200)))
	}
	return params(obj), nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// bodyError turns a failure to read the body into the answer for an oversized body
// (http.MaxBytesReader) or a broken upload; neither is a server fault.
func bodyError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &bareError{status: http.StatusRequestEntityTooLarge,
			msg: fmt.Sprintf("Request Entity Too Large - the request body is larger than %d bytes", tooBig.Limit)}
	}
	return badRequest("JSON Error: Error reading the request body: " + err.Error())
}

// has reports whether key was given.
func (p params) has(key string) bool {
	_, ok := p[key]
	return ok
}

// str reads a string parameter; numbers and booleans are accepted as their text, as
// CKAN's unicode_safe does.
func (p params) str(key string) (string, error) {
	switch v := p[key].(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case json.Number:
		return v.String(), nil
	case bool:
		if v {
			return "True", nil
		}
		return "False", nil
	}
	return "", catalog.Invalid(key, "Must be a string")
}

// integer reads an int parameter as CKAN's int_validator does; def when absent or empty.
func (p params) integer(key string, def int) (int, error) {
	v, ok := p[key]
	if !ok || v == nil || v == "" {
		return def, nil
	}
	var s string
	switch x := v.(type) {
	case string:
		s = strings.TrimSpace(x)
	case json.Number:
		s = x.String()
	case bool:
		return 0, catalog.Invalid(key, "Invalid integer")
	default:
		return 0, catalog.Invalid(key, "Invalid integer")
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil || f != math.Trunc(f) || math.Abs(f) > math.MaxInt32 {
			return 0, catalog.Invalid(key, "Invalid integer")
		}
		n = int(f)
	}
	return n, nil
}

// natural reads a natural number (0, 1, 2...) as natural_number_validator does.
func (p params) natural(key string, def int) (int, error) {
	n, err := p.integer(key, def)
	if err != nil {
		return 0, err
	}
	if n < 0 {
		return 0, catalog.Invalid(key, "Must be a natural number")
	}
	return n, nil
}

// flag reads a boolean as CKAN's boolean_validator does: true/yes/t/y/1 (and JSON true)
// are true, anything else is false.
func (p params) flag(key string, def bool) bool {
	v, ok := p[key]
	if !ok || v == nil {
		return def
	}
	switch x := v.(type) {
	case bool:
		return x
	case json.Number:
		return x.String() != "0"
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "true", "yes", "t", "y", "1", "on":
			return true
		}
	}
	return false
}

// strictFlag reads a boolean as CKAN's asbool does in action code: only the usual words
// are accepted. CKAN answers anything else with a 500; we answer with a validation error.
func (p params) strictFlag(key string, def bool) (bool, error) {
	v, ok := p[key]
	if !ok || v == nil {
		return def, nil
	}
	switch x := v.(type) {
	case bool:
		return x, nil
	case json.Number:
		switch x.String() {
		case "1":
			return true, nil
		case "0":
			return false, nil
		}
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "true", "yes", "on", "y", "t", "1":
			return true, nil
		case "false", "no", "off", "n", "f", "0", "":
			return false, nil
		}
	}
	return false, catalog.Invalid(key, "Must be a boolean value")
}

// list reads a list of strings. A list (JSON, or repeated keys) is taken as it is; a single
// string is decoded as JSON when jsonString is set (CKAN's convert_to_json_if_string, for
// facet.field and fq_list) and otherwise split on commas when commas is set.
func (p params) list(key string, jsonString, commas bool) ([]string, error) {
	v, ok := p[key]
	if !ok || v == nil {
		return nil, nil
	}
	if s, isStr := v.(string); isStr {
		switch {
		case jsonString:
			dec := json.NewDecoder(strings.NewReader(s))
			dec.UseNumber()
			var decoded any
			if err := dec.Decode(&decoded); err != nil || dec.More() {
				return nil, catalog.Invalid(key, "Could not parse as valid JSON")
			}
			v = decoded
		case commas:
			var out []string
			for _, part := range strings.Split(s, ",") {
				if part = strings.TrimSpace(part); part != "" {
					out = append(out, part)
				}
			}
			return out, nil
		default:
			return []string{s}, nil
		}
	}
	items, isList := v.([]any)
	if !isList {
		return nil, catalog.Invalid(key, "Not a list")
	}
	out := make([]string, 0, len(items))
	for _, it := range items {
		s, isStr := it.(string)
		if !isStr {
			return nil, catalog.Invalid(key, "Not a string")
		}
		out = append(out, s)
	}
	return out, nil
}
