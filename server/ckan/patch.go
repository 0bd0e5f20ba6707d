package ckan

import (
	"context"
	"maps"

	"github.com/khlang/khlang/catalog"
)

// PatchDataset is package_patch for a caller outside the API (the web edit form): the
// same permission check, validation with CKAN's messages and store write, then AfterWrite,
// so the change is searchable and in the activity stream as an API write would be. It
// returns the dataset's name after the change.
func (a *API) PatchDataset(ctx context.Context, actor *catalog.Actor, id string, changes map[string]any) (string, error) {
	p := params{}
	maps.Copy(p, changes)
	p["id"] = id
	return a.runWrite(ctx, actor, "package_patch", p, a.packagePatch)
}

// CreateDataset is package_create for a caller outside the API (the web's new-dataset
// form), with the same checks, write and AfterWrite as the action. It returns the new
// dataset's name.
func (a *API) CreateDataset(ctx context.Context, actor *catalog.Actor, fields map[string]any) (string, error) {
	p := params{}
	maps.Copy(p, fields)
	return a.runWrite(ctx, actor, "package_create", p, a.packageCreate)
}

// runWrite runs a dataset action for actor as the API would, then AfterWrite, and returns
// the name of the dataset it answered.
func (a *API) runWrite(ctx context.Context, actor *catalog.Actor, action string, p params,
	fn func(context.Context, *call) (any, error)) (string, error) {
	ctx = catalog.WithActor(ctx, actor)
	res, err := fn(ctx, &call{name: action, params: p, actor: actor})
	if err != nil {
		return "", err
	}
	if a.AfterWrite != nil {
		a.AfterWrite(ctx)
	}
	var name string
	if d, ok := res.(catalog.Dict); ok {
		name, _ = d["name"].(string)
	}
	return name, nil
}
