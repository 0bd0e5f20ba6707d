package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/99designs/gqlgen/graphql"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/datastore"
	"github.com/khlang/khlang/graph/model"
)

// Mutations translate their typed input into the package, resource or group dict the
// CKAN API reads, and hand it to the same catalog functions (catalog.Store.DatasetInput,
// catalog.GroupFromDict, catalog.Store.SetUserRole, catalog.ReceiveUpload): one policy,
// one validator, the same field names and messages in errors.

// plain re-decodes v as JSON, so numbers and nested objects are what the catalog's dict
// readers expect whatever Go types gqlgen produced for a Map argument.
func plain(v any) (catalog.Dict, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, badInput("input", "the input cannot be encoded as JSON: %v", err)
	}
	out := catalog.Dict{}
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("graph: re-decode input: %w", err)
	}
	return out, nil
}

func setStr(m catalog.Dict, key string, v *string) {
	if v != nil {
		m[key] = *v
	}
}

func extrasList(in []*model.ExtraInput) []any {
	out := make([]any, 0, len(in))
	for _, e := range in {
		out = append(out, map[string]any{"key": e.Key, "value": e.Value})
	}
	return out
}

// datasetDict is the package dict of the keys the input gives.
func datasetDict(in model.DatasetInput) (catalog.Dict, error) {
	m := catalog.Dict{}
	for k, v := range in.Fields {
		m[k] = v
	}
	for key, v := range map[string]*string{"name": in.Name, "title": in.Title, "title_en": in.TitleEn, "notes": in.Notes,
		"notes_en": in.NotesEn, "url": in.URL, "version": in.Version, "author": in.Author, "author_email": in.AuthorEmail,
		"maintainer": in.Maintainer, "maintainer_email": in.MaintainerEmail, "license_id": in.LicenseID,
		"owner_org": in.Organization, "state": in.State} {
		setStr(m, key, v)
	}
	if in.Private != nil {
		m["private"] = *in.Private
	}
	if in.Tags != nil {
		tags := make([]any, 0, len(in.Tags))
		for _, t := range in.Tags {
			tags = append(tags, map[string]any{"name": t})
		}
		m["tags"] = tags
	}
	if in.Groups != nil {
		groups := make([]any, 0, len(in.Groups))
		for _, g := range in.Groups {
			groups = append(groups, map[string]any{"name": g})
		}
		m["groups"] = groups
	}
	if in.Extras != nil {
		m["extras"] = extrasList(in.Extras)
	}
	if in.Resources != nil {
		rs := make([]any, 0, len(in.Resources))
		for _, r := range in.Resources {
			rs = append(rs, resourceDict(r))
		}
		m["resources"] = rs
	}
	return plain(m)
}

// resourceDict is the resource dict of the keys the input gives; extras are top-level
// keys, as CKAN keeps them.
func resourceDict(in *model.ResourceInput) catalog.Dict {
	m := catalog.Dict{}
	if in == nil {
		return m
	}
	for _, e := range in.Extras {
		m[e.Key] = e.Value
	}
	for key, v := range map[string]*string{"id": in.ID, "name": in.Name, "description": in.Description, "url": in.URL,
		"format": in.Format, "mimetype": in.MimeType, "resource_type": in.ResourceType} {
		setStr(m, key, v)
	}
	return m
}

// groupDict is the organization dict of the keys the input gives.
func groupDict(in model.OrganizationInput) catalog.Dict {
	m := catalog.Dict{}
	for key, v := range map[string]*string{"name": in.Name, "title": in.Title, "title_en": in.TitleEn,
		"description": in.Description, "description_en": in.DescriptionEn, "image_url": in.ImageURL} {
		setStr(m, key, v)
	}
	if in.Extras != nil {
		m["extras"] = extrasList(in.Extras)
	}
	return m
}

// groupKind names an organization or a group in errors.
func groupKind(isOrg bool) string {
	if isOrg {
		return "organization"
	}
	return "group"
}

// createGroup stores a new organization or group; the caller becomes its admin.
func (r *Resolver) createGroup(ctx context.Context, input model.OrganizationInput, isOrg bool) (*catalog.Group, error) {
	g, err := catalog.NewGroupInput(actorFrom(ctx), groupDict(input), isOrg)
	if err != nil {
		return nil, err
	}
	if err := r.store.CreateGroup(ctx, g); err != nil {
		return nil, fmt.Errorf("graph: create %s: %w", groupKind(isOrg), err)
	}
	r.written(ctx)
	return g, nil
}

// updateGroup changes the keys the input gives of an organization or group.
func (r *Resolver) updateGroup(ctx context.Context, id string, input model.OrganizationInput, isOrg bool) (*catalog.Group, error) {
	cur, err := r.store.Group(ctx, id, isOrg)
	if err != nil {
		return nil, fmt.Errorf("graph: %s %q: %w", groupKind(isOrg), id, err)
	}
	if err := actorFrom(ctx).CanUpdateGroup(cur); err != nil {
		return nil, err
	}
	base, err := plain(catalog.GroupPatchBase(cur))
	if err != nil {
		return nil, err
	}
	g, err := catalog.GroupUpdateInput(actorFrom(ctx), cur, catalog.Patched(base, groupDict(input)))
	if err != nil {
		return nil, err
	}
	if err := r.store.UpdateGroup(ctx, g); err != nil {
		return nil, fmt.Errorf("graph: update %s: %w", groupKind(isOrg), err)
	}
	r.written(ctx)
	return r.store.Group(ctx, g.ID, isOrg)
}

// deleteGroup deletes an organization or group.
func (r *Resolver) deleteGroup(ctx context.Context, id string, isOrg bool) (bool, error) {
	g, err := r.store.Group(ctx, id, isOrg)
	if err != nil {
		return false, fmt.Errorf("graph: %s %q: %w", groupKind(isOrg), id, err)
	}
	if err := actorFrom(ctx).CanDeleteGroup(g); err != nil {
		return false, err
	}
	if err := r.store.DeleteGroup(ctx, g.ID, isOrg); err != nil {
		return false, fmt.Errorf("graph: delete %s: %w", groupKind(isOrg), err)
	}
	r.written(ctx)
	return true, nil
}

// written runs the server's after-write hook (search sync, dashboard invalidation) so
// that what a mutation wrote is searchable when its answer is sent.
func (r *Resolver) written(ctx context.Context) {
	if r.opts.AfterWrite != nil {
		r.opts.AfterWrite(ctx)
	}
}

// saveDataset stores a dataset read by DatasetInput (create when cur is nil).
func (r *Resolver) saveDataset(ctx context.Context, cur *catalog.Dataset, in catalog.Dict) (*catalog.Dataset, error) {
	actor := actorFrom(ctx)
	d, err := r.store.DatasetInput(ctx, actor, cur, in)
	if err != nil {
		return nil, fmt.Errorf("graph: dataset input: %w", err)
	}
	if cur == nil {
		err = r.store.CreateDataset(ctx, d)
	} else {
		err = r.store.UpdateDataset(ctx, d)
	}
	if err != nil {
		return nil, fmt.Errorf("graph: save dataset: %w", err)
	}
	if cur != nil {
		var gone []string
		for _, res := range cur.Resources {
			if !slices.ContainsFunc(d.Resources, func(x catalog.Resource) bool { return x.ID == res.ID }) {
				gone = append(gone, res.ID)
			}
		}
		r.removeUploads(gone...)
	}
	r.written(ctx)
	return d, nil
}

func (r *Resolver) removeUploads(ids ...string) {
	if r.opts.ResourcesGone != nil {
		r.opts.ResourcesGone(ids...)
		return
	}
	if err := catalog.RemoveUploads(r.opts.UploadDir, ids...); err != nil {
		r.log.Warn("graph: remove upload folder", "error", err)
	}
}

// datasetForWrite loads a dataset by id or name for a write; the policy check that
// follows decides whether the caller may change it.
func (r *Resolver) datasetForWrite(ctx context.Context, id string) (*catalog.Dataset, error) {
	d, err := r.store.Dataset(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("graph: dataset %q: %w", id, err)
	}
	return d, nil
}

// saveResource stores d after its resource at index i was added or changed, with the
// file if one was sent, and returns the stored resource. The file is moved into place
// only after the write committed and is loaded into the DataStore by OnUpload.
func (r *Resolver) saveResource(ctx context.Context, d *catalog.Dataset, i int, file *graphql.Upload) (*catalog.Resource, error) {
	var up *catalog.Upload
	if file != nil {
		var err error
		up, err = catalog.ReceiveUpload(r.opts.UploadDir, r.opts.MaxUploadBytes, &d.Resources[i], file.Filename, file.File)
		if err != nil {
			return nil, fmt.Errorf("graph: upload: %w", err)
		}
	}
	id := d.Resources[i].ID
	if err := r.store.UpdateDataset(ctx, d); err != nil {
		up.Abort()
		return nil, fmt.Errorf("graph: save resource: %w", err)
	}
	j := slices.IndexFunc(d.Resources, func(x catalog.Resource) bool { return x.ID == id })
	if j < 0 {
		return nil, fmt.Errorf("graph: resource %s missing after save", id)
	}
	res := d.Resources[j]
	if up != nil {
		path, err := up.Commit()
		if err != nil {
			return nil, fmt.Errorf("graph: store upload: %w", err)
		}
		if r.opts.OnUpload != nil {
			r.opts.OnUpload(ctx, &res, path)
		}
	}
	r.written(ctx)
	return &res, nil
}

// resourceForWrite loads a resource's dataset and the resource's index in it.
func (r *Resolver) resourceForWrite(ctx context.Context, id string) (*catalog.Dataset, int, error) {
	res, err := r.store.Resource(ctx, id)
	if err != nil {
		return nil, 0, fmt.Errorf("graph: resource %q: %w", id, err)
	}
	d, err := r.store.Dataset(ctx, res.PackageID)
	if err != nil {
		return nil, 0, fmt.Errorf("graph: dataset of resource %q: %w", id, err)
	}
	i := slices.IndexFunc(d.Resources, func(x catalog.Resource) bool { return x.ID == res.ID })
	if i < 0 {
		return nil, 0, catalog.NotFound(fmt.Sprintf("Resource %q was not found.", id))
	}
	return d, i, nil
}

// anyGroup finds an active organization or group by id or name.
func (r *Resolver) anyGroup(ctx context.Context, ref string) (*catalog.Group, error) {
	g, err := r.store.Group(ctx, ref, true)
	if errors.Is(err, catalog.ErrNotFound) {
		g, err = r.store.Group(ctx, ref, false)
		if errors.Is(err, catalog.ErrNotFound) {
			return nil, catalog.NotFound("Group was not found.")
		}
	}
	if err != nil {
		return nil, fmt.Errorf("graph: group %q: %w", ref, err)
	}
	return g, nil
}

// datastoreTarget resolves a DataStore table (resource id or alias) to its resource and
// dataset, as the CKAN API's DataStore actions do.
func (r *Resolver) datastoreTarget(ctx context.Context, idOrAlias string) (*catalog.Dataset, *catalog.Resource, error) {
	if r.opts.DataStore == nil {
		return nil, nil, catalog.NotFound("the DataStore is not enabled on this server")
	}
	notFound := catalog.NotFound(fmt.Sprintf("Resource \"%s\" was not found.", idOrAlias))
	id := idOrAlias
	real, err := r.opts.DataStore.Resolve(ctx, idOrAlias)
	switch {
	case err == nil:
		id = real
	case !errors.Is(err, catalog.ErrNotFound):
		return nil, nil, fmt.Errorf("graph: datastore table %q: %w", idOrAlias, err)
	}
	res, err := r.store.Resource(ctx, id)
	if errors.Is(err, catalog.ErrNotFound) {
		return nil, nil, notFound
	} else if err != nil {
		return nil, nil, fmt.Errorf("graph: resource %q: %w", id, err)
	}
	d, err := r.store.Dataset(ctx, res.PackageID)
	if errors.Is(err, catalog.ErrNotFound) {
		return nil, nil, notFound
	} else if err != nil {
		return nil, nil, fmt.Errorf("graph: dataset of %q: %w", id, err)
	}
	return d, res, nil
}

// upsertRecords is datastore_upsert.
func (r *Resolver) upsertRecords(ctx context.Context, resourceID string, records []map[string]any, method string, force, dry bool) (*model.UpsertResult, error) {
	d, res, err := r.datastoreTarget(ctx, resourceID)
	if err != nil {
		return nil, err
	}
	if err := actorFrom(ctx).CanUpdateResource(d, res.ID); err != nil {
		return nil, err
	}
	if !force && res.URLType != "datastore" {
		return nil, catalog.Invalid("read-only", "Cannot edit read-only resource because changes made may be lost. "+
			"Use a resource created for editing e.g. with datastore_create or use \"force=True\" to ignore this warning.")
	}
	if method == "" {
		method = datastore.MethodUpsert
	}
	// Records are re-decoded with json.Number, as the CKAN API reads them, so a large
	// integer keeps its digits.
	b, err := json.Marshal(records)
	if err != nil {
		return nil, badInput("records", "the records cannot be encoded as JSON: %v", err)
	}
	var recs []map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&recs); err != nil {
		return nil, fmt.Errorf("graph: re-decode records: %w", err)
	}
	if err := r.opts.DataStore.Upsert(ctx, datastore.UpsertRequest{ResourceID: res.ID, Records: recs, Method: method, DryRun: dry}); err != nil {
		return nil, fmt.Errorf("graph: datastore upsert: %w", err)
	}
	if !dry {
		r.written(ctx)
	}
	return &model.UpsertResult{ResourceID: res.ID, Method: method, Count: len(records), DryRun: dry}, nil
}
