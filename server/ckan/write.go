package ckan

import (
	"encoding/json"
	"fmt"
	"maps"

	"github.com/khlang/khlang/catalog"
)

// plainDict turns action input (params, whose JSON numbers are json.Number) or a rendered
// dict (whose values may be Go structs) into plain decoded JSON, which is what the
// catalog's dict readers take.
func plainDict(v any) (catalog.Dict, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("ckan: re-encode input: %w", err)
	}
	var out catalog.Dict
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("ckan: re-decode input: %w", err)
	}
	if out == nil {
		out = catalog.Dict{}
	}
	return out, nil
}

// patched is base with the top-level keys of the input replaced, as CKAN's *_patch
// actions merge: lists are replaced wholesale.
func patched(base catalog.Dict, p params) (catalog.Dict, error) {
	in, err := plainDict(p)
	if err != nil {
		return nil, err
	}
	out := maps.Clone(base)
	maps.Copy(out, in)
	return out, nil
}

// mergeInvalid joins the validation errors among errs into one, so the caller gets every
// field's messages at once, as CKAN reports them. Any other error wins and is returned
// as it is; nil when there is nothing to report.
func mergeInvalid(errs ...error) error { return catalog.MergeInvalid(errs...) }

// requiredStr reads string parameters that must be given, reporting every missing one
// with CKAN's "Missing value".
func (p params) requiredStr(keys ...string) ([]string, error) {
	out := make([]string, len(keys))
	var errs []error
	for i, k := range keys {
		s, err := p.str(k)
		if err == nil && s == "" {
			err = catalog.Invalid(k, "Missing value")
		}
		errs = append(errs, err)
		out[i] = s
	}
	return out, mergeInvalid(errs...)
}

// notExpected is CKAN's answer to a field the caller may not set (empty_if_not_sysadmin).
func notExpected(field string) error { return catalog.NotExpected(field) }
