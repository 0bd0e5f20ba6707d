package ckan

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/datastore"
)

// The DataStore API (ckanext-datastore 2.11): datastore_create, _upsert, _delete,
// _records_delete, _search, _search_sql, _info and GET /datastore/dump/{id}. The engine
// (catalog/datastore) does the work and already speaks CKAN's error texts; this file
// parses CKAN's parameters, applies the one permission policy to the resource's dataset,
// keeps the resource's datastore_active flag in step and shapes the answers.

// tableMetadata is the pseudo-table that lists every table and alias.
const tableMetadata = "_table_metadata"

// datastoreActions are the DataStore actions this API serves: none without a DataStore,
// and datastore_search_sql only when SQLSearchEnabled (otherwise it is an unknown action,
// as in CKAN with ckan.datastore.sqlsearch.enabled off).
func (a *API) datastoreActions() map[string]action {
	if a.DataStore == nil {
		return nil
	}
	out := map[string]action{
		"datastore_create":         {get: false, run: a.datastoreCreate},
		"datastore_upsert":         {get: false, run: a.datastoreUpsert},
		"datastore_delete":         {get: false, run: a.datastoreDelete},
		"datastore_records_delete": {get: false, run: a.datastoreRecordsDelete},
		"datastore_search":         {get: true, run: a.datastoreSearch},
		"datastore_info":           {get: true, run: a.datastoreInfo},
		"xloader_status":           {get: true, run: a.xloaderStatus},
	}
	if a.SQLSearchEnabled {
		out["datastore_search_sql"] = action{get: true, run: a.datastoreSearchSQL}
	}
	return out
}

// dsTarget is a DataStore table's resource and dataset.
type dsTarget struct {
	id string // the resource id (an alias resolved)
	d  *catalog.Dataset
	r  *catalog.Resource
}

// dsResolve finds the resource behind a resource id or a DataStore alias, and its
// dataset. An unknown id is CKAN's 404 `Resource "x" was not found.`.
func (a *API) dsResolve(ctx context.Context, idOrAlias string) (*dsTarget, error) {
	id := idOrAlias
	real, err := a.DataStore.Resolve(ctx, idOrAlias)
	switch {
	case err == nil:
		id = real
	case !errors.Is(err, catalog.ErrNotFound):
		return nil, err
	}
	r, err := a.Store.Resource(ctx, id)
	if err != nil {
		if errors.Is(err, catalog.ErrNotFound) {
			return nil, catalog.NotFound(fmt.Sprintf("Resource \"%s\" was not found.", idOrAlias))
		}
		return nil, err
	}
	d, err := a.Store.Dataset(ctx, r.PackageID)
	if err != nil {
		if errors.Is(err, catalog.ErrNotFound) {
			return nil, catalog.NotFound(fmt.Sprintf("Resource \"%s\" was not found.", idOrAlias))
		}
		return nil, err
	}
	return &dsTarget{id: r.ID, d: d, r: r}, nil
}

// dsReadable resolves a table for reading: the caller must be able to read the
// resource's dataset (403 otherwise, as CKAN's resource_show auth).
func (a *API) dsReadable(ctx context.Context, c *call, idOrAlias string) (*dsTarget, error) {
	t, err := a.dsResolve(ctx, idOrAlias)
	if err != nil {
		return nil, err
	}
	if err := c.actor.CanReadResource(t.d, t.id); err != nil {
		return nil, err
	}
	return t, nil
}

// dsWritable resolves a table for writing: the caller must be allowed to update the
// resource (editors and admins of the dataset's organization, sysadmins). Unless force
// is given, only resources made for editing (url_type "datastore") may be changed.
func (a *API) dsWritable(ctx context.Context, c *call, idOrAlias string, force bool) (*dsTarget, error) {
	t, err := a.dsResolve(ctx, idOrAlias)
	if err != nil {
		return nil, err
	}
	if err := c.actor.CanUpdateResource(t.d, t.id); err != nil {
		return nil, err
	}
	if !force && t.r.URLType != "datastore" {
		return nil, catalog.Invalid("read-only", "Cannot edit read-only resource because changes made may be lost. "+
			"Use a resource created for editing e.g. with datastore_create or use \"force=True\" to ignore this warning.")
	}
	return t, nil
}

// resourceIDParam reads resource_id, or id as CKAN's schema renames it.
func resourceIDParam(p params) (string, error) {
	id, err := p.str("resource_id")
	if err != nil {
		return "", err
	}
	if id == "" {
		if id, err = p.str("id"); err != nil {
			return "", err
		}
	}
	if id == "" {
		return "", catalog.Invalid("resource_id", "Missing value")
	}
	return id, nil
}

// jsonParam returns a parameter's value, decoding a string as JSON first: query strings
// and forms carry JSON-typed parameters (filters, records, fields) as JSON text. ok is
// false when the string is not JSON.
func jsonParam(p params, key string) (v any, ok bool) {
	v = p[key]
	s, isStr := v.(string)
	if !isStr {
		return v, true
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil || dec.More() {
		return v, false
	}
	return out, true
}

// listOrCommas reads CKAN's "list or comma-separated string" parameters. A given but
// empty value is an empty, non-nil list (it clears primary_key, aliases...).
func listOrCommas(p params, key string) ([]string, error) {
	if v, given := p[key]; !given || v == nil {
		return nil, nil
	}
	out, err := p.list(key, false, true)
	if err != nil {
		return nil, err
	}
	if out == nil {
		out = []string{}
	}
	return out, nil
}

// indexesParam reads datastore_create's indexes: a comma string names one-field indexes;
// in a list, each item is an index, a comma string or list naming its fields.
func indexesParam(p params) ([][]string, error) {
	v, given := p["indexes"]
	if !given || v == nil {
		return nil, nil
	}
	split := func(s string) []string {
		var out []string
		for _, f := range strings.Split(s, ",") {
			if f = strings.TrimSpace(f); f != "" {
				out = append(out, f)
			}
		}
		return out
	}
	out := [][]string{}
	switch x := v.(type) {
	case string:
		for _, f := range split(x) {
			out = append(out, []string{f})
		}
	case []any:
		for _, it := range x {
			switch y := it.(type) {
			case string:
				if f := split(y); len(f) > 0 {
					out = append(out, f)
				}
			case []any:
				var ix []string
				for _, z := range y {
					s, ok := z.(string)
					if !ok {
						return nil, catalog.Invalid("indexes", "Not a string")
					}
					ix = append(ix, s)
				}
				if len(ix) > 0 {
					out = append(out, ix)
				}
			default:
				return nil, catalog.Invalid("indexes", "Not a string")
			}
		}
	default:
		return nil, catalog.Invalid("indexes", "Not a list")
	}
	return out, nil
}

// fieldsParam reads datastore_create's fields: [{id, type, info}].
func fieldsParam(p params) ([]datastore.Field, error) {
	if v, given := p["fields"]; !given || v == nil {
		return nil, nil
	}
	v, _ := jsonParam(p, "fields")
	items, ok := v.([]any)
	if !ok {
		return nil, catalog.Invalid("fields", "Not a list")
	}
	out := make([]datastore.Field, 0, len(items))
	for _, it := range items {
		m, ok := it.(map[string]any)
		if !ok {
			return nil, catalog.Invalid("fields", "Not a dict")
		}
		id, ok := m["id"].(string)
		if !ok || id == "" {
			return nil, catalog.Invalid("fields", "Missing value")
		}
		f := datastore.Field{ID: id}
		if t, given := m["type"]; given && t != nil {
			if f.Type, ok = t.(string); !ok {
				return nil, catalog.Invalid("fields", fmt.Sprintf("\"%v\" is not a valid field type", t))
			}
		}
		if info, given := m["info"]; given && info != nil {
			if f.Info, ok = info.(map[string]any); !ok {
				return nil, catalog.Invalid("fields", "info must be a dict")
			}
		}
		out = append(out, f)
	}
	return out, nil
}

// recordsParam reads records: a list of objects.
func recordsParam(p params) ([]map[string]any, error) {
	if v, given := p["records"]; !given || v == nil {
		return nil, nil
	}
	v, _ := jsonParam(p, "records")
	items, ok := v.([]any)
	if !ok {
		return nil, catalog.Invalid("records", "Not a list")
	}
	out := make([]map[string]any, len(items))
	for i, it := range items {
		m, ok := it.(map[string]any)
		if !ok {
			return nil, catalog.Invalid("records", "The data was invalid (for example: a numeric value is out of range or was inserted into a text field).")
		}
		out[i] = m
	}
	return out, nil
}

// echo is the action's input as CKAN returns it: every key but those dropped.
func echo(p params, drop ...string) map[string]any {
	out := maps.Clone(map[string]any(p))
	for _, k := range drop {
		delete(out, k)
	}
	return out
}

// datastoreCreate is datastore_create: a table for an existing resource (resource_id) or
// for a new one (resource, created as resource_create does with url_type "datastore"),
// new fields, records, primary key, indexes and aliases. It sets datastore_active and
// answers with the input minus records.
func (a *API) datastoreCreate(ctx context.Context, c *call) (any, error) {
	p := c.params
	force := p.flag("force", false)
	if p.has("resource") && p.has("resource_id") {
		return nil, catalog.Invalid("resource", "resource cannot be used with resource_id")
	}
	if !p.has("resource") && !p.has("resource_id") {
		return nil, catalog.Invalid("resource_id", "resource_id or resource required")
	}
	req := datastore.CreateRequest{DeleteFields: p.flag("delete_fields", false)}
	var errs []error
	var err error
	req.Fields, err = fieldsParam(p)
	errs = append(errs, err)
	req.Records, err = recordsParam(p)
	errs = append(errs, err)
	req.PrimaryKey, err = listOrCommas(p, "primary_key")
	errs = append(errs, err)
	req.Aliases, err = listOrCommas(p, "aliases")
	errs = append(errs, err)
	req.Indexes, err = indexesParam(p)
	errs = append(errs, err)
	if err := mergeInvalid(errs...); err != nil {
		return nil, err
	}

	out := echo(p, "records", "force")
	var res *catalog.Resource
	var stored []datastore.Field
	if p.has("resource") {
		var created any
		res, created, stored, err = a.datastoreCreateResource(ctx, c, req)
		if err != nil {
			return nil, err
		}
		out["resource"] = created
	} else {
		vals, err := p.requiredStr("resource_id")
		if err != nil {
			return nil, err
		}
		t, err := a.dsWritable(ctx, c, vals[0], force)
		if err != nil {
			return nil, err
		}
		existed, err := a.DataStore.Exists(ctx, t.id)
		if err != nil {
			return nil, err
		}
		req.ResourceID = t.id
		result, err := a.DataStore.Create(ctx, req)
		if err != nil {
			return nil, err
		}
		if !t.r.DatastoreActive {
			if err := a.Store.SetDatastoreActive(ctx, t.id, true); err != nil {
				if !existed {
					a.dropTable(ctx, t.id)
				}
				return nil, err
			}
		}
		res, stored = t.r, result.Fields
	}
	out["fields"] = createdFields(req.Fields, stored, p.has("fields"))
	out["resource_id"] = res.ID
	out["method"] = datastore.MethodInsert
	return out, nil
}

// datastoreCreateResource creates the table and then, through resource_create, the
// resource it belongs to. The table is made first, under the id the resource will take,
// because its fields and records are what most often fail; if the resource then cannot
// be created the new table is dropped again, so a failed call leaves nothing behind.
func (a *API) datastoreCreateResource(ctx context.Context, c *call, req datastore.CreateRequest) (*catalog.Resource, any, []datastore.Field, error) {
	v, _ := jsonParam(c.params, "resource")
	in, ok := v.(map[string]any)
	if !ok {
		return nil, nil, nil, catalog.Invalid("resource", "Not a dict")
	}
	in = maps.Clone(in)
	pkg, _ := in["package_id"].(string)
	if pkg == "" {
		return nil, nil, nil, catalog.Invalid("package_id", "Missing value")
	}
	d, err := a.Store.Dataset(ctx, pkg)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := c.actor.CanCreateResource(d); err != nil {
		return nil, nil, nil, err
	}
	id, _ := in["id"].(string)
	if id == "" {
		id = uuid.NewString()
	} else if err := uuid.Validate(id); err != nil {
		return nil, nil, nil, catalog.Invalid("id", "Invalid id: must be a UUID")
	} else if _, err := a.Store.Resource(ctx, id); err == nil {
		return nil, nil, nil, catalog.Invalid("id", "Resource id already exists")
	}
	existed, err := a.DataStore.Exists(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	req.ResourceID = id
	result, err := a.DataStore.Create(ctx, req)
	if err != nil {
		return nil, nil, nil, err
	}
	in["id"] = id
	in["url_type"] = "datastore"
	in["datastore_active"] = true
	if u, _ := in["url"].(string); u == "" {
		// CKAN shows a DataStore-only resource's url as its dump link.
		in["url"] = a.siteURL() + "/datastore/dump/" + id
	}
	// The nested call must not pick up a file part of this request as its upload.
	r := c.r.Clone(ctx)
	r.MultipartForm = nil
	sub := &call{name: "resource_create", params: params(in), actor: c.actor, r: r}
	created, err := a.resourceCreate(ctx, sub)
	if err != nil {
		if !existed {
			a.dropTable(ctx, id)
		}
		return nil, nil, nil, err
	}
	res, err := a.Store.Resource(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	return res, created, result.Fields, nil
}

// dropTable undoes a table this call created, when a later step of the call failed.
func (a *API) dropTable(ctx context.Context, id string) {
	if err := a.DataStore.Delete(context.WithoutCancel(ctx), id, nil); err != nil {
		a.log().Error("datastore: drop table after a failed create", slog.String("resource", id), slog.Any("error", err))
	}
}

// createdFields are datastore_create's echoed fields: the input's, with the type the
// engine chose filled in where none was given; the table's fields when none were given.
func createdFields(in, stored []datastore.Field, given bool) any {
	if !given {
		return stored
	}
	out := make([]map[string]any, len(in))
	for i, f := range in {
		m := map[string]any{"id": f.ID, "type": f.Type}
		if f.Type == "" {
			if j := slices.IndexFunc(stored, func(s datastore.Field) bool { return s.ID == f.ID }); j >= 0 {
				m["type"] = stored[j].Type
			}
		}
		if f.Info != nil {
			m["info"] = f.Info
		}
		out[i] = m
	}
	return out
}

// datastoreUpsert is datastore_upsert: insert, update or upsert records by the primary
// key or _id; dry_run validates without keeping anything.
func (a *API) datastoreUpsert(ctx context.Context, c *call) (any, error) {
	p := c.params
	id, err := resourceIDParam(p)
	if err != nil {
		return nil, err
	}
	records, err := recordsParam(p)
	if err != nil {
		return nil, err
	}
	method, err := p.str("method")
	if err != nil {
		return nil, err
	}
	if method == "" {
		method = datastore.MethodUpsert
	}
	dry, err := p.strictFlag("dry_run", false)
	if err != nil {
		return nil, err
	}
	t, err := a.dsWritable(ctx, c, id, p.flag("force", false))
	if err != nil {
		return nil, err
	}
	if err := a.DataStore.Upsert(ctx, datastore.UpsertRequest{ResourceID: t.id, Records: records, Method: method, DryRun: dry}); err != nil {
		return nil, err
	}
	out := echo(p, "records", "force", "id")
	out["resource_id"] = t.id
	out["method"] = method
	return out, nil
}

// datastoreDelete is datastore_delete: with filters it deletes the matching rows;
// without, it drops the table and clears the resource's datastore_active.
func (a *API) datastoreDelete(ctx context.Context, c *call) (any, error) {
	return a.deleteRows(ctx, c, false)
}

// datastoreRecordsDelete is datastore_records_delete: filters are required ({} deletes
// every row) and the table always stays.
func (a *API) datastoreRecordsDelete(ctx context.Context, c *call) (any, error) {
	return a.deleteRows(ctx, c, true)
}

func (a *API) deleteRows(ctx context.Context, c *call, recordsOnly bool) (any, error) {
	p := c.params
	id, err := resourceIDParam(p)
	if err != nil {
		return nil, err
	}
	// Only a JSON object is a filter; CKAN does not decode strings here.
	var filters map[string]any
	if v := p["filters"]; v != nil {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, catalog.Invalid("filters", "filters must be either a dict or null.")
		}
		filters = m
	}
	if recordsOnly && filters == nil {
		return nil, catalog.Invalid("filters", "Missing value")
	}
	t, err := a.dsWritable(ctx, c, id, p.flag("force", false))
	if err != nil {
		return nil, err
	}
	if filters != nil {
		if err := a.DataStore.DeleteRecords(ctx, t.id, filters); err != nil {
			return nil, err
		}
	} else {
		if _, err := a.DataStore.Resolve(ctx, t.id); err != nil {
			return nil, err // 404 before the flag changes
		}
		// The flag goes first and comes back if the drop fails, so a failure changes nothing.
		if t.r.DatastoreActive {
			if err := a.Store.SetDatastoreActive(ctx, t.id, false); err != nil {
				return nil, err
			}
		}
		if err := a.DataStore.Delete(ctx, t.id, nil); err != nil {
			if t.r.DatastoreActive {
				if rerr := a.Store.SetDatastoreActive(context.WithoutCancel(ctx), t.id, true); rerr != nil {
					a.log().Error("datastore: restore datastore_active", slog.String("resource", t.id), slog.Any("error", rerr))
				}
			}
			return nil, err
		}
	}
	out := echo(p, "force", "id")
	out["resource_id"] = t.id
	return out, nil
}

// searchInput is what datastore_search and the dump share: the query parameters.
type searchInput struct {
	filters  map[string]any
	q        string
	qFields  map[string]string
	plain    *bool
	language string
	distinct bool
	fields   []string
	sort     []string
}

// readSearchInput parses filters, q (a string, or an object of per-field terms), plain,
// language, distinct, fields and sort. echoed receives the values as CKAN echoes them.
func readSearchInput(p params, echoed map[string]any) (*searchInput, error) {
	in := &searchInput{}
	var errs []error
	if v, given := p["filters"]; given && v != nil {
		dv, ok := jsonParam(p, "filters")
		m, isMap := dv.(map[string]any)
		switch {
		case !ok:
			errs = append(errs, catalog.Invalid("filters", "Could not parse as valid JSON"))
		case !isMap:
			errs = append(errs, catalog.Invalid("filters", "Not a dict"))
		default:
			in.filters = m
			echoed["filters"] = m
		}
	}
	if v, given := p["q"]; given && v != nil {
		// CKAN's unicode_or_json_validator: a JSON object is per-field search, anything
		// else the text itself.
		dv, _ := jsonParam(p, "q")
		if m, isMap := dv.(map[string]any); isMap {
			in.qFields = map[string]string{}
			for k, fv := range m {
				switch s := fv.(type) {
				case string:
					in.qFields[k] = s
				case json.Number:
					in.qFields[k] = s.String()
				default:
					errs = append(errs, catalog.Invalid("q", fmt.Sprintf("invalid value \"%s\"", k)))
				}
			}
			echoed["q"] = m
		} else {
			s, err := p.str("q")
			errs = append(errs, err)
			in.q = s
			echoed["q"] = s
		}
	}
	if p.has("full_text") {
		s, err := p.str("full_text")
		errs = append(errs, err)
		if s != "" {
			in.q = s
		}
		echoed["full_text"] = s
	}
	if p.has("plain") {
		b, err := p.strictFlag("plain", true)
		errs = append(errs, err)
		in.plain = &b
		echoed["plain"] = b
	}
	if p.has("language") {
		s, err := p.str("language")
		errs = append(errs, err)
		in.language = s
		echoed["language"] = s
	}
	if p.has("distinct") {
		b, err := p.strictFlag("distinct", false)
		errs = append(errs, err)
		in.distinct = b
		echoed["distinct"] = b
	}
	if p.has("fields") {
		f, err := p.list("fields", false, true)
		errs = append(errs, err)
		in.fields = f
		echoed["fields"] = p["fields"]
	}
	if p.has("sort") {
		s, err := p.list("sort", false, true)
		errs = append(errs, err)
		in.sort = s
		echoed["sort"] = p["sort"]
	}
	return in, mergeInvalid(errs...)
}

var recordsFormats = []string{datastore.FormatObjects, datastore.FormatLists, datastore.FormatCSV, datastore.FormatTSV}

// datastoreSearch is datastore_search: rows of a table (by resource id or alias, or the
// _table_metadata listing) with filters, full-text q, sort, paging, totals and _links.
func (a *API) datastoreSearch(ctx context.Context, c *call) (any, error) {
	p := c.params
	id, err := resourceIDParam(p)
	if err != nil {
		return nil, err
	}
	out := map[string]any{}
	in, inErr := readSearchInput(p, out)
	limit, limErr := p.natural("limit", datastore.RowsDefault)
	offset, offErr := p.natural("offset", 0)
	includeTotal, totErr := p.strictFlag("include_total", true)
	var threshold *int
	if v, given := p["total_estimation_threshold"]; given && v != nil && v != "" {
		n, err := p.integer("total_estimation_threshold", 0)
		if err != nil {
			return nil, err
		}
		threshold = &n
	}
	format, fmtErr := p.str("records_format")
	if format == "" {
		format = datastore.FormatObjects
	} else if fmtErr == nil && !slices.Contains(recordsFormats, format) {
		fmtErr = catalog.Invalid("records_format", "Value must be one of ['objects', 'lists', 'csv', 'tsv']")
	}
	if err := mergeInvalid(inErr, limErr, offErr, totErr, fmtErr); err != nil {
		return nil, err
	}
	limit = min(limit, datastore.RowsMax)

	var res *datastore.SearchResult
	if id == tableMetadata {
		res, err = a.searchTableMetadata(ctx, c, in, limit, offset, format, includeTotal)
	} else {
		var t *dsTarget
		if t, err = a.dsReadable(ctx, c, id); err != nil {
			return nil, err
		}
		res, err = a.DataStore.Search(ctx, datastore.SearchRequest{ResourceID: t.id, Filters: in.filters, Q: in.q,
			QFields: in.qFields, Plain: in.plain, Language: in.language, Distinct: in.distinct, Fields: in.fields,
			Sort: in.sort, Limit: &limit, Offset: offset, IncludeTotal: &includeTotal,
			TotalEstimationThreshold: threshold, RecordsFormat: format})
	}
	if err != nil {
		return nil, err
	}
	out["resource_id"] = res.ResourceID
	out["limit"] = limit
	out["include_total"] = includeTotal
	out["records_format"] = format
	if threshold != nil {
		out["total_estimation_threshold"] = *threshold
	} else {
		out["total_estimation_threshold"] = nil
	}
	if p.has("offset") {
		out["offset"] = offset
	}
	out["fields"] = res.Fields
	out["records"] = res.Records
	out["_links"] = searchLinks(c.r, offset, limit)
	if includeTotal && res.Total != nil {
		out["total"] = *res.Total
		out["total_was_estimated"] = res.TotalWasEstimated != nil && *res.TotalWasEstimated
	}
	return out, nil
}

// searchTableMetadata answers datastore_search on _table_metadata: one row per table
// and alias, as CKAN's view lists them (_id, name, alias_of), limited to the tables whose
// resources the caller may read.
func (a *API) searchTableMetadata(ctx context.Context, c *call, in *searchInput, limit, offset int, format string, includeTotal bool) (*datastore.SearchResult, error) {
	tables, err := a.DataStore.Tables(ctx)
	if err != nil {
		return nil, err
	}
	readable := map[string]bool{}
	canRead := func(id string) bool {
		ok, seen := readable[id]
		if !seen {
			t, err := a.dsResolve(ctx, id)
			ok = err == nil && c.actor.CanReadResource(t.d, t.id) == nil
			readable[id] = ok
		}
		return ok
	}
	var rows [][]any
	for _, e := range tables {
		owner := e.Name
		if e.AliasOf != "" {
			owner = e.AliasOf
		}
		if !canRead(owner) {
			continue
		}
		var alias any
		if e.AliasOf != "" {
			alias = e.AliasOf
		}
		row := []any{tableRowID(e.Name, e.AliasOf), e.Name, alias}
		if !matchesFilters(in.filters, map[string]any{"_id": row[0], "name": e.Name, "alias_of": alias}) {
			continue
		}
		rows = append(rows, row)
	}
	total := int64(len(rows))
	rows = rows[min(offset, len(rows)):]
	rows = rows[:min(limit, len(rows))]
	fields := []datastore.Field{{ID: "_id", Type: "text"}, {ID: "name", Type: "name"}, {ID: "alias_of", Type: "name"}}
	res := &datastore.SearchResult{ResourceID: tableMetadata, Fields: fields, Limit: limit, Offset: offset, RecordsFormat: format}
	switch format {
	case datastore.FormatObjects:
		recs := make([]datastore.Record, len(rows))
		for i, r := range rows {
			recs[i] = datastore.Record{Keys: []string{"_id", "name", "alias_of"}, Values: r}
		}
		res.Records = recs
	case datastore.FormatLists:
		if rows == nil {
			rows = [][]any{}
		}
		res.Records = rows
	default:
		sep := ","
		if format == datastore.FormatTSV {
			sep = "\t"
		}
		var b strings.Builder
		for _, r := range rows {
			alias, _ := r[2].(string)
			b.WriteString(r[0].(string) + sep + r[1].(string) + sep + alias + "\n")
		}
		res.Records = b.String()
	}
	if includeTotal {
		estimated := false
		res.Total, res.TotalWasEstimated = &total, &estimated
	}
	return res, nil
}

// tableRowID is the _id CKAN's _table_metadata view gives a row: a short stable hash.
func tableRowID(name, aliasOf string) string {
	return uuid.NewSHA1(uuid.NameSpaceOID, []byte(name+"\x00"+aliasOf)).String()[:16]
}

// matchesFilters applies datastore_search filters to a row of the _table_metadata listing.
func matchesFilters(filters, row map[string]any) bool {
	for k, want := range filters {
		got := fmt.Sprint(row[k])
		if row[k] == nil {
			got = ""
		}
		alts, isList := want.([]any)
		if !isList {
			alts = []any{want}
		}
		if !slices.ContainsFunc(alts, func(v any) bool { return fmt.Sprint(v) == got }) {
			return false
		}
	}
	return true
}

// searchLinks builds datastore_search's _links as CKAN's _insert_links does from the
// current URL (path and query, relative): start without offset, next at offset+limit, and
// prev at offset-limit when that is above zero. Like CKAN it unquotes the query, parses
// it as parse_qsl does (blank values dropped, the last of repeated keys kept) and encodes
// it again as urlencode does.
func searchLinks(r *http.Request, offset, limit int) map[string]string {
	type kv struct{ k, v string }
	var args []kv
	set := func(list []kv, k, v string) []kv {
		for i := range list {
			if list[i].k == k {
				list[i].v = v
				return list
			}
		}
		return append(list, kv{k, v})
	}
	for _, part := range strings.Split(pyUnquote(r.URL.RawQuery), "&") {
		k, v, ok := strings.Cut(part, "=")
		if !ok || v == "" {
			continue
		}
		k = pyUnquote(strings.ReplaceAll(k, "+", " "))
		v = pyUnquote(strings.ReplaceAll(v, "+", " "))
		args = set(args, k, v)
	}
	render := func(list []kv) string {
		path := r.URL.EscapedPath()
		if len(list) == 0 {
			return path
		}
		parts := make([]string, len(list))
		for i, a := range list {
			parts[i] = url.QueryEscape(a.k) + "=" + url.QueryEscape(a.v)
		}
		return path + "?" + strings.Join(parts, "&")
	}
	start := slices.DeleteFunc(slices.Clone(args), func(a kv) bool { return a.k == "offset" })
	next := set(slices.Clone(args), "offset", strconv.Itoa(offset+limit))
	links := map[string]string{"start": render(start), "next": render(next)}
	if offset-limit > 0 {
		links["prev"] = render(set(slices.Clone(args), "offset", strconv.Itoa(offset-limit)))
	}
	return links
}

// pyUnquote decodes %XX escapes as Python's urllib.parse.unquote does: an invalid escape
// is kept as it is rather than failing.
func pyUnquote(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			n, _ := strconv.ParseUint(s[i+1:i+3], 16, 8)
			b.WriteByte(byte(n))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// datastoreSearchSQL is datastore_search_sql: one read-only SELECT over the tables the
// caller may read, sandboxed by the engine.
func (a *API) datastoreSearchSQL(ctx context.Context, c *call) (any, error) {
	q, err := c.params.str("sql")
	if err != nil {
		return nil, err
	}
	canRead := func(resourceID string) bool {
		t, err := a.dsResolve(ctx, resourceID)
		return err == nil && c.actor.CanReadResource(t.d, t.id) == nil
	}
	res, err := a.DataStore.SQL(ctx, q, canRead)
	if err != nil {
		return nil, err
	}
	if res.Records == nil {
		res.Records = []datastore.Record{}
	}
	if res.Fields == nil {
		res.Fields = []datastore.Field{}
	}
	return res, nil
}

// datastoreInfo is datastore_info: a table's meta (aliases, count, sizes) and fields.
func (a *API) datastoreInfo(ctx context.Context, c *call) (any, error) {
	id, err := resourceIDParam(c.params)
	if err != nil {
		return nil, err
	}
	t, err := a.dsReadable(ctx, c, id)
	if err != nil {
		return nil, err
	}
	return a.DataStore.Info(ctx, t.id)
}

// dumpFormats are the dump's formats, which are also its files' extensions.
var dumpFormats = []string{datastore.DumpCSV, datastore.DumpTSV, datastore.DumpJSON, datastore.DumpXML}

// serveDump serves GET /datastore/dump/{id}: the whole table (or the part the query
// selects) as CSV, TSV, JSON or XML, streamed from the database cursor. An unknown table,
// or one the caller may not read, is a 404 as in CKAN.
func (a *API) serveDump(w http.ResponseWriter, r *http.Request) {
	if methodNotAllowed(w, r, "GET, HEAD, OPTIONS") {
		return
	}
	plain := func(status int, msg string) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, msg+"\n")
	}
	notFound := func() { plain(http.StatusNotFound, "404 Not Found: DataStore resource not found") }
	id := r.PathValue("id")
	ctx := r.Context()
	q := params(multiValues(r.URL.Query()))
	if strings.ContainsRune(id, 0) || checkNUL(q) != nil {
		notFound()
		return
	}
	actor, err := a.actorFor(r)
	if err != nil {
		a.log().Error("datastore dump: resolve token", slog.Any("error", err))
		actor = catalog.Anonymous
	}
	t, err := a.dsResolve(ctx, id)
	if err != nil || actor.CanReadResource(t.d, t.id) != nil {
		if err != nil && !errors.Is(err, catalog.ErrNotFound) {
			a.log().Error("datastore dump: resolve resource", slog.String("resource", id), slog.Any("error", err))
		}
		notFound()
		return
	}
	in, err := readSearchInput(q, map[string]any{})
	format, ferr := q.str("format")
	limit, lerr := q.natural("limit", 0)
	offset, oerr := q.natural("offset", 0)
	if format == "" {
		format = datastore.DumpCSV
	}
	format = strings.ToLower(format)
	if ferr == nil && !slices.Contains(dumpFormats, format) {
		ferr = catalog.Invalid("format", "must be one of "+strings.Join(dumpFormats, ", "))
	}
	if err := mergeInvalid(err, ferr, lerr, oerr); err != nil {
		plain(http.StatusBadRequest, "400 Bad Request: "+err.Error())
		return
	}
	opts := datastore.DumpOptions{Format: format, BOM: q.flag("bom", false), Limit: limit, Offset: offset,
		Q: in.q, QFields: in.qFields, Plain: in.plain, Language: in.language, Distinct: in.distinct,
		Filters: in.filters, Sort: in.sort, Fields: in.fields}
	dw := &dumpWriter{w: w, header: func(h http.Header) {
		h.Set("Content-Type", datastore.DumpContentType(format))
		// CKAN's exact header name; net/http sends map keys as they are.
		h["Content-disposition"] = []string{fmt.Sprintf("attachment; filename=\"%s.%s\"", id, format)}
	}}
	if r.Method == http.MethodHead {
		dw.header(w.Header())
		w.WriteHeader(http.StatusOK)
		return
	}
	err = a.DataStore.Dump(ctx, dw, t.id, opts)
	switch {
	case err == nil:
		if !dw.started {
			dw.start() // an empty body still gets the dump's headers
		}
	case dw.started:
		// The status is already sent, so the failure can only be logged.
		if !errors.Is(err, context.Canceled) {
			a.log().Error("datastore dump interrupted", slog.String("resource", t.id), slog.Any("error", err))
		}
	case errors.Is(err, catalog.ErrInvalid):
		plain(http.StatusBadRequest, "400 Bad Request: "+err.Error())
	case errors.Is(err, catalog.ErrNotFound):
		notFound()
	default:
		if !errors.Is(err, context.Canceled) {
			a.log().Error("datastore dump failed", slog.String("resource", t.id), slog.Any("error", err))
		}
		plain(http.StatusInternalServerError, "500 Internal Server Error")
	}
}

// dumpWriter sends the dump's headers and 200 on the first byte, so that errors found
// before any row (bad parameters) can still get their own status.
type dumpWriter struct {
	w       http.ResponseWriter
	header  func(h http.Header)
	started bool
}

func (d *dumpWriter) start() {
	d.started = true
	d.header(d.w.Header())
	d.w.WriteHeader(http.StatusOK)
}

func (d *dumpWriter) Write(b []byte) (int, error) {
	if !d.started {
		d.start()
	}
	return d.w.Write(b)
}

// xloaderStatus is CKAN xloader's xloader_status: the state of the last load of the
// resource's file (running, complete or error), when it was last updated, and the load's
// log, from the status the DataStore keeps, so it survives a restart. A resource whose
// file was never loaded is 404 "Not found", as xloader answers without a task. Khlang's
// loader report (rows loaded and rejected, the inferred fields) is task_info's "report".
func (a *API) xloaderStatus(ctx context.Context, c *call) (any, error) {
	id, err := resourceIDParam(c.params)
	if err != nil {
		return nil, err
	}
	t, err := a.dsReadable(ctx, c, id)
	if err != nil {
		return nil, err
	}
	st, err := a.DataStore.GetLoadStatus(ctx, t.id)
	if err != nil {
		return nil, err
	}
	ts := func(t time.Time) string { return t.UTC().Format(catalog.TimeLayout) }
	logs := make([]map[string]any, len(st.Logs))
	for i, l := range st.Logs {
		logs[i] = map[string]any{"timestamp": ts(l.Timestamp), "level": l.Level, "message": l.Message}
	}
	errObj := map[string]any{}
	var taskErr any
	if st.Error != "" {
		errObj["message"] = st.Error
		taskErr = map[string]any{"message": st.Error}
	}
	var finished any
	if st.Finished != nil {
		finished = ts(*st.Finished)
	}
	return map[string]any{
		"status":       st.Status,
		"job_id":       st.JobID,
		"job_url":      nil,
		"last_updated": ts(st.LastUpdated),
		"error":        errObj,
		"task_info": map[string]any{
			"job_id":              st.JobID,
			"job_type":            "xloader_to_datastore",
			"status":              st.Status,
			"error":               taskErr,
			"requested_timestamp": ts(st.Started),
			"finished_timestamp":  finished,
			"logs":                logs,
			"report":              st.Report,
		},
	}, nil
}

// dropGoneTables forgets the DataStore tables and load statuses of resources that have
// left the catalog (resource_delete, dataset_purge, a package_update without them), as
// CKAN drops a deleted resource's table. The catalog change has already committed: a
// failed drop is logged, the table is unreachable (reads start from the catalog's
// resource), and the server's start-up sweep (datastore.Store.DropOrphans) retries it.
// A soft-deleted dataset (package_delete) keeps its resources and so its tables, as in
// CKAN, where it can be restored.
func (a *API) dropGoneTables(ids ...string) {
	if a.DataStore == nil {
		return
	}
	for _, id := range ids {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		if err := a.DataStore.Forget(ctx, id); err != nil {
			a.log().Error("datastore: drop the table of a deleted resource (retried at the next start)",
				slog.String("resource", id), slog.Any("error", err))
		}
		cancel()
	}
}

// tabularFormat is the loader format of an uploaded file ("csv" also for TSV), or ""
// for a file that is not a table.
func tabularFormat(res *catalog.Resource, path string) string {
	switch strings.ToLower(strings.TrimSpace(res.Format)) {
	case "csv", "tsv", "text/csv", "text/tab-separated-values":
		return "csv"
	case "xlsx":
		return "xlsx"
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv", ".tsv":
		return "csv"
	case ".xlsx":
		return "xlsx"
	}
	return ""
}

// LoadUpload is the OnUpload hook that feeds the DataStore, as CKAN's xloader does: an
// uploaded CSV, TSV or XLSX file replaces the resource's table and the resource becomes
// datastore_active. It runs synchronously, after the upload has been stored. A failure is
// logged and recorded (xloader_status) but does not fail the upload; the old table, if any,
// stays as it was.
func (a *API) LoadUpload(ctx context.Context, res *catalog.Resource, path string) {
	format := tabularFormat(res, path)
	if a.DataStore == nil || format == "" {
		return
	}
	fail := func(err error) {
		a.log().Warn("datastore: load uploaded file", slog.String("resource", res.ID), slog.String("file", filepath.Base(path)),
			slog.Any("error", err))
	}
	f, err := os.Open(path)
	if err != nil {
		fail(err)
		return
	}
	defer f.Close()
	if _, err := a.DataStore.Load(ctx, res.ID, f, filepath.Base(path), datastore.LoadOptions{Format: format}); err != nil {
		fail(err)
		return
	}
	if err := a.Store.SetDatastoreActive(ctx, res.ID, true); err != nil {
		fail(err)
		return
	}
	res.DatastoreActive = true
}
