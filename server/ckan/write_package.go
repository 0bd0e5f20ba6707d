package ckan

import (
	"context"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"github.com/khlang/khlang/catalog"
)

// packageCreate is package_create: a new dataset in an organization the caller may add
// datasets to. It answers with the package_show dict.
func (a *API) packageCreate(ctx context.Context, c *call) (any, error) {
	in, err := plainDict(c.params)
	if err != nil {
		return nil, err
	}
	d, err := a.datasetInput(ctx, c, nil, in)
	if err != nil {
		return nil, err
	}
	if err := a.Store.CreateDataset(ctx, d); err != nil {
		return nil, err
	}
	return d.PackageDict(a.siteURL()), nil
}

// datasetInput checks the caller may write the dataset described by in (cur is the stored
// dataset for an update, nil for a create) and reads it, reporting every invalid field at
// once. Permission comes first, as in CKAN: a caller who may not write learns nothing
// from validation messages.
func (a *API) datasetInput(ctx context.Context, c *call, cur *catalog.Dataset, in catalog.Dict) (*catalog.Dataset, error) {
	return a.Store.DatasetInput(ctx, c.actor, cur, in)
}

// datasetID reads the id (or name) of the dataset an action works on.
func datasetID(p params) (string, error) {
	id, err := p.str("id")
	if err != nil {
		return "", err
	}
	if id == "" {
		if id, err = p.str("name"); err != nil {
			return "", err
		}
	}
	if id == "" {
		return "", catalog.Invalid("id", "Missing value")
	}
	return id, nil
}

// packageUpdate is package_update: the dataset is replaced by the input, so resources,
// tags, extras and groups left out are removed (CKAN 2.11).
func (a *API) packageUpdate(ctx context.Context, c *call) (any, error) {
	id, err := datasetID(c.params)
	if err != nil {
		return nil, err
	}
	cur, err := a.Store.Dataset(ctx, id)
	if err != nil {
		return nil, err
	}
	in, err := plainDict(c.params)
	if err != nil {
		return nil, err
	}
	return a.replaceDataset(ctx, c, cur, in)
}

// packagePatch is package_patch: the stored dataset with the given top-level keys
// replaced.
func (a *API) packagePatch(ctx context.Context, c *call) (any, error) {
	id, err := datasetID(c.params)
	if err != nil {
		return nil, err
	}
	cur, err := a.Store.Dataset(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := c.actor.CanUpdateDataset(cur); err != nil {
		return nil, err
	}
	base, err := plainDict(cur.PackageDict(a.siteURL()))
	if err != nil {
		return nil, err
	}
	in, err := patched(base, c.params)
	if err != nil {
		return nil, err
	}
	in["id"] = cur.ID
	return a.replaceDataset(ctx, c, cur, in)
}

func (a *API) replaceDataset(ctx context.Context, c *call, cur *catalog.Dataset, in catalog.Dict) (any, error) {
	d, err := a.datasetInput(ctx, c, cur, in)
	if err != nil {
		return nil, err
	}
	if err := a.Store.UpdateDataset(ctx, d); err != nil {
		return nil, err
	}
	a.removeUploads(goneResources(cur, d)...)
	return d.PackageDict(a.siteURL()), nil
}

// goneResources are the ids of before's resources that after no longer has.
func goneResources(before, after *catalog.Dataset) []string {
	var out []string
	for _, r := range before.Resources {
		if !slices.ContainsFunc(after.Resources, func(x catalog.Resource) bool { return x.ID == r.ID }) {
			out = append(out, r.ID)
		}
	}
	return out
}

// packageDelete is package_delete: a soft delete; the name may be reused.
func (a *API) packageDelete(ctx context.Context, c *call) (any, error) {
	id, err := datasetID(c.params)
	if err != nil {
		return nil, err
	}
	d, err := a.Store.Dataset(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := c.actor.CanDeleteDataset(d); err != nil {
		return nil, err
	}
	return nil, a.Store.DeleteDataset(ctx, d.ID)
}

// datasetPurge is dataset_purge: the dataset and its uploaded files are removed for good.
func (a *API) datasetPurge(ctx context.Context, c *call) (any, error) {
	id, err := datasetID(c.params)
	if err != nil {
		return nil, err
	}
	d, err := a.Store.Dataset(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := c.actor.CanPurgeDataset(d); err != nil {
		return nil, err
	}
	if err := a.Store.PurgeDataset(ctx, d.ID); err != nil {
		return nil, err
	}
	a.removeUploads(goneResources(d, &catalog.Dataset{})...)
	return nil, nil
}

// packageOwnerOrgUpdate is package_owner_org_update: the dataset moves to another
// organization, which the caller must be allowed to add datasets to.
func (a *API) packageOwnerOrgUpdate(ctx context.Context, c *call) (any, error) {
	vals, err := c.params.requiredStr("id", "organization_id")
	if err != nil {
		return nil, err
	}
	d, err := a.Store.Dataset(ctx, vals[0])
	if err != nil {
		return nil, err
	}
	if err := c.actor.CanUpdateDataset(d); err != nil {
		return nil, err
	}
	org, err := a.Store.Group(ctx, vals[1], true)
	if err != nil {
		return nil, err
	}
	if err := c.actor.CanCreateDataset(org.ID); err != nil {
		return nil, err
	}
	d.OwnerOrg = &org.ID
	return nil, a.Store.UpdateDataset(ctx, d)
}

// Resources. Each resource write is a write of its dataset, as in CKAN: one transaction,
// one change-log row, one activity.

// resourceInput reads a resource dict from in, without the keys that are not the
// resource's own.
func resourceInput(in catalog.Dict) (*catalog.Resource, error) {
	delete(in, "upload")
	delete(in, "clear_upload")
	return catalog.ResourceFromDict(in)
}

// resourceCreate is resource_create, with an optional multipart "upload" file.
func (a *API) resourceCreate(ctx context.Context, c *call) (any, error) {
	vals, err := c.params.requiredStr("package_id")
	if err != nil {
		return nil, err
	}
	d, err := a.Store.Dataset(ctx, vals[0])
	if err != nil {
		return nil, err
	}
	if err := c.actor.CanCreateResource(d); err != nil {
		return nil, err
	}
	in, err := plainDict(c.params)
	if err != nil {
		return nil, err
	}
	res, err := resourceInput(in)
	if err != nil {
		return nil, err
	}
	if res.ID == "" {
		res.ID = uuid.NewString()
	} else if err := uuid.Validate(res.ID); err != nil {
		return nil, catalog.Invalid("id", "Invalid id: must be a UUID")
	} else if _, err := a.Store.Resource(ctx, res.ID); err == nil {
		return nil, catalog.Invalid("id", "Resource id already exists")
	}
	d.Resources = append(d.Resources, *res)
	return a.saveResource(ctx, c, d, len(d.Resources)-1)
}

// saveResource stores d after its resource at index i was added or changed, with the
// request's upload, and answers with the stored resource's dict.
func (a *API) saveResource(ctx context.Context, c *call, d *catalog.Dataset, i int) (any, error) {
	up, err := a.receiveUpload(c, &d.Resources[i])
	if err != nil {
		return nil, err
	}
	id := d.Resources[i].ID
	if err := a.Store.UpdateDataset(ctx, d); err != nil {
		up.Abort()
		return nil, err
	}
	for j := range d.Resources {
		if d.Resources[j].ID == id {
			if err := a.finishUpload(c, up, &d.Resources[j]); err != nil {
				return nil, err
			}
			return d.Resources[j].Dict(a.siteURL()), nil
		}
	}
	return nil, fmt.Errorf("ckan: resource %s missing after save", id)
}

// resourceToChange loads a resource, its dataset and its index there.
func (a *API) resourceToChange(ctx context.Context, c *call) (*catalog.Dataset, int, error) {
	vals, err := c.params.requiredStr("id")
	if err != nil {
		return nil, 0, err
	}
	r, err := a.Store.Resource(ctx, vals[0])
	if err != nil {
		return nil, 0, err
	}
	d, err := a.Store.Dataset(ctx, r.PackageID)
	if err != nil {
		return nil, 0, err
	}
	i := slices.IndexFunc(d.Resources, func(x catalog.Resource) bool { return x.ID == r.ID })
	if i < 0 {
		return nil, 0, catalog.NotFound(fmt.Sprintf("Resource %q was not found.", r.ID))
	}
	return d, i, nil
}

// resourceUpdate is resource_update: the resource is replaced by the input (its
// datastore_active flag is kept unless given).
func (a *API) resourceUpdate(ctx context.Context, c *call) (any, error) {
	return a.changeResource(ctx, c, false)
}

// resourcePatch is resource_patch: the stored resource with the given keys replaced.
func (a *API) resourcePatch(ctx context.Context, c *call) (any, error) {
	return a.changeResource(ctx, c, true)
}

func (a *API) changeResource(ctx context.Context, c *call, patch bool) (any, error) {
	d, i, err := a.resourceToChange(ctx, c)
	if err != nil {
		return nil, err
	}
	cur := d.Resources[i]
	if err := c.actor.CanUpdateResource(d, cur.ID); err != nil {
		return nil, err
	}
	var in catalog.Dict
	if patch {
		base, err := plainDict(cur.Dict(a.siteURL()))
		if err != nil {
			return nil, err
		}
		if cur.URLType == "upload" {
			base["url"] = cur.URL // the stored file name, not the download URL
		}
		if in, err = patched(base, c.params); err != nil {
			return nil, err
		}
	} else if in, err = plainDict(c.params); err != nil {
		return nil, err
	}
	res, err := resourceInput(in)
	if err != nil {
		return nil, err
	}
	res.ID, res.PackageID, res.Created = cur.ID, cur.PackageID, cur.Created
	if mf := c.r.MultipartForm; mf != nil && len(mf.File["upload"]) > 0 {
		// A new file is described afresh unless the caller says otherwise.
		if !c.params.has("mimetype") {
			res.MimeType = ""
		}
		if !c.params.has("format") {
			res.Format = ""
		}
	}
	if _, ok := in["datastore_active"]; !ok {
		res.DatastoreActive = cur.DatastoreActive
	}
	d.Resources[i] = *res
	return a.saveResource(ctx, c, d, i)
}

// resourceDelete is resource_delete: the resource leaves its dataset; its file is removed.
func (a *API) resourceDelete(ctx context.Context, c *call) (any, error) {
	d, i, err := a.resourceToChange(ctx, c)
	if err != nil {
		return nil, err
	}
	id := d.Resources[i].ID
	if err := c.actor.CanDeleteResource(d, id); err != nil {
		return nil, err
	}
	d.Resources = slices.Delete(d.Resources, i, i+1)
	if err := a.Store.UpdateDataset(ctx, d); err != nil {
		return nil, err
	}
	a.removeUploads(id)
	return nil, nil
}

// resourceReorder is package_resource_reorder: the resources named in order come first,
// in that order; the others follow as they were.
func (a *API) resourceReorder(ctx context.Context, c *call) (any, error) {
	id, err := datasetID(c.params)
	if err != nil {
		return nil, err
	}
	order, err := c.params.list("order", true, false)
	if err != nil {
		return nil, err
	}
	if len(order) == 0 {
		return nil, catalog.Invalid("order", "Missing value")
	}
	d, err := a.Store.Dataset(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := c.actor.CanUpdateDataset(d); err != nil {
		return nil, err
	}
	reordered := make([]catalog.Resource, 0, len(d.Resources))
	seen := map[string]bool{}
	for _, rid := range order {
		i := slices.IndexFunc(d.Resources, func(x catalog.Resource) bool { return x.ID == rid })
		if i < 0 || seen[rid] {
			return nil, catalog.Invalid("order", "Invalid resource ordering")
		}
		seen[rid] = true
		reordered = append(reordered, d.Resources[i])
	}
	for _, r := range d.Resources {
		if !seen[r.ID] {
			reordered = append(reordered, r)
		}
	}
	d.Resources = reordered
	if err := a.Store.UpdateDataset(ctx, d); err != nil {
		return nil, err
	}
	return map[string]any{"id": d.ID, "order": order}, nil
}
