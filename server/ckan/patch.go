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
	ctx = catalog.WithActor(ctx, actor)
	res, err := a.packagePatch(ctx, &call{name: "package_patch", params: p, actor: actor})
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

// CreateDataset is package_create for a caller outside the API (the web's new-dataset
// form), with the same checks, write and AfterWrite as the action. It returns the new
// dataset's name.
func (a *API) CreateDataset(ctx context.Context, actor *catalog.Actor, fields map[string]any) (string, error) {
	p := params{}
	maps.Copy(p, fields)
	ctx = catalog.WithActor(ctx, actor)
	res, err := a.packageCreate(ctx, &call{name: "package_create", params: p, actor: actor})
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
