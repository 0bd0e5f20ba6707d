package catalog

import (
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"
)

// TimeLayout is how CKAN writes timestamps: naive UTC ISO-8601 with microseconds, no zone.
const TimeLayout = "2006-01-02T15:04:05.000000"

// FormatTime renders t as CKAN does.
func FormatTime(t time.Time) string { return t.UTC().Format(TimeLayout) }

// ParseTime reads the timestamps CKAN and its clients write: with or without fraction,
// with or without a zone (naive means UTC), or a bare date.
func ParseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("invalid timestamp %q", s)
}

// gdcFieldNames are the package-dict keys of the GD-Catalog and indicator fields.
var gdcFieldNames = []string{"data_type", "objective", "update_frequency_unit", "update_frequency_interval",
	"geo_coverage", "data_source", "data_format", "data_category", "accessible_condition", "data_language",
	"disaggregate", "unit_of_measure", "unit_of_multiplier", "calculation_method", "standard",
	"first_year_of_data", "last_year_of_data", "official_statistics", "high_value_dataset",
	"indicator_code", "frameworks", "reference_area"}

// Dict is a CKAN dict (package, resource, organization...), ready to encode as JSON.
type Dict = map[string]any

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullableTime(t *time.Time) any {
	if t == nil || t.IsZero() {
		return nil
	}
	return FormatTime(*t)
}

func nullableInt(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func strList(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

// PackageDict renders the dataset as CKAN's package_show dict (default schema, plus the
// GD-Catalog and indicator fields at the top level as ckanext-scheming returns them).
// Resources, tags, groups and the organization must be loaded. siteURL is used for the
// download URLs of uploaded files.
func (d *Dataset) PackageDict(siteURL string) Dict {
	extras := make([]Dict, 0, len(d.Extras))
	for _, e := range d.Extras {
		extras = append(extras, Dict{"key": e.Key, "value": e.Value})
	}
	tags := make([]Dict, 0, len(d.Tags))
	for _, t := range d.Tags {
		tags = append(tags, t.Dict())
	}
	groups := make([]Dict, 0, len(d.Groups))
	for _, g := range d.Groups {
		groups = append(groups, Dict{"description": g.Description, "display_name": g.DisplayName(),
			"id": g.ID, "image_display_url": g.ImageURL, "name": g.Name, "title": g.Title})
	}
	resources := make([]Dict, 0, len(d.Resources))
	for i := range d.Resources {
		resources = append(resources, d.Resources[i].Dict(siteURL))
	}
	var org any
	if d.Organization != nil {
		org = d.Organization.ShortDict()
	}
	var owner any
	if d.OwnerOrg != nil {
		owner = *d.OwnerOrg
	}
	var creator any
	if d.CreatorUserID != nil {
		creator = *d.CreatorUserID
	}
	frameworks := d.Indicator.Frameworks
	if frameworks == nil {
		frameworks = []FrameworkRef{}
	}
	title := d.Title
	if title == "" {
		title = d.Name
	}
	p := Dict{
		"author": nullable(d.Author), "author_email": nullable(d.AuthorEmail),
		"creator_user_id": creator, "extras": extras, "groups": groups, "id": d.ID,
		"isopen": false, "license_id": nullable(d.LicenseID), "license_title": nil,
		"maintainer": nullable(d.Maintainer), "maintainer_email": nullable(d.MaintainerEmail),
		"metadata_created": FormatTime(d.MetadataCreated), "metadata_modified": FormatTime(d.MetadataModified),
		"name": d.Name, "notes": nullable(d.Notes), "num_resources": len(d.Resources), "num_tags": len(d.Tags),
		"organization": org, "owner_org": owner, "private": d.Private,
		"relationships_as_object": []any{}, "relationships_as_subject": []any{},
		"resources": resources, "state": d.State, "tags": tags, "title": title, "type": d.Type,
		"url": nullable(d.URL), "version": nullable(d.Version),
		"title_en": nullable(d.TitleEN), "notes_en": nullable(d.NotesEN),

		"data_type": nullable(d.GDC.DataType), "objective": strList(d.GDC.Objective),
		"update_frequency_unit":     nullable(d.GDC.UpdateFrequencyUnit),
		"update_frequency_interval": nullableInt(d.GDC.UpdateFrequencyInterval),
		"geo_coverage":              nullable(d.GDC.GeoCoverage), "data_source": nullable(d.GDC.DataSource),
		"data_format": strList(d.GDC.DataFormat), "data_category": nullable(d.GDC.DataCategory),
		"accessible_condition": nullable(d.GDC.AccessibleCondition), "data_language": strList(d.GDC.DataLanguage),
		"disaggregate": strList(d.GDC.Disaggregate), "unit_of_measure": nullable(d.GDC.UnitOfMeasure),
		"unit_of_multiplier": nullable(d.GDC.UnitOfMultiplier), "calculation_method": nullable(d.GDC.CalculationMethod),
		"standard": nullable(d.GDC.Standard), "first_year_of_data": nullableInt(d.GDC.FirstYearOfData),
		"last_year_of_data": nullableInt(d.GDC.LastYearOfData), "official_statistics": d.GDC.OfficialStatistics,
		"high_value_dataset": d.GDC.HighValueDataset,
		"indicator_code":     nullable(d.Indicator.IndicatorCode), "frameworks": frameworks,
		"reference_area": strList(d.Indicator.ReferenceArea),
	}
	if d.LicenseID != "" {
		if l, ok := LicenseByID(d.LicenseID); ok {
			p["license_title"] = l.Title
			p["isopen"] = l.IsOpen()
			if l.URL != "" {
				p["license_url"] = l.URL
			}
		} else {
			p["license_title"] = d.LicenseID
		}
	}
	return p
}

// DownloadURL is where an uploaded file of the resource is served.
func (r *Resource) DownloadURL(siteURL string) string {
	return strings.TrimRight(siteURL, "/") + "/dataset/" + r.PackageID + "/resource/" + r.ID + "/download/" + path.Base(r.URL)
}

// Dict renders the resource as CKAN's resource dict; extra keys given at creation are
// flattened to the top level as CKAN does.
func (r *Resource) Dict(siteURL string) Dict {
	u := r.URL
	if r.URLType == "upload" {
		u = r.DownloadURL(siteURL)
	} else if u != "" && !strings.Contains(u, "://") {
		u = "http://" + u
	}
	var size any
	if r.Size != nil {
		size = *r.Size
	}
	out := Dict{}
	for k, v := range r.Extras {
		out[k] = v
	}
	core := Dict{
		"cache_last_updated": nullableTime(r.CacheLastUpdated), "cache_url": nullable(r.CacheURL),
		"created": FormatTime(r.Created), "datastore_active": r.DatastoreActive, "description": r.Description,
		"format": r.Format, "hash": r.Hash, "id": r.ID, "last_modified": nullableTime(r.LastModified),
		"metadata_modified": FormatTime(r.MetadataModified), "mimetype": nullable(r.MimeType),
		"mimetype_inner": nullable(r.MimeTypeInner), "name": r.Name, "package_id": r.PackageID,
		"position": r.Position, "resource_type": nullable(r.ResourceType), "size": size, "state": r.State,
		"url": u, "url_type": nullable(r.URLType),
	}
	for k, v := range core {
		out[k] = v
	}
	return out
}

// Dict renders the tag as CKAN's tag dict.
func (t Tag) Dict() Dict {
	var vocab any
	if t.VocabularyID != nil {
		vocab = *t.VocabularyID
	}
	return Dict{"display_name": t.Name, "id": t.ID, "name": t.Name, "state": StateActive, "vocabulary_id": vocab}
}

// DisplayName is the title, or the name when the title is empty (CKAN's rule).
func (g *Group) DisplayName() string {
	if g.Title != "" {
		return g.Title
	}
	return g.Name
}

// ShortDict is the organization dict CKAN embeds in a package dict.
func (g *Group) ShortDict() Dict {
	return Dict{"approval_status": g.ApprovalStatus, "created": FormatTime(g.Created), "description": g.Description,
		"id": g.ID, "image_url": g.ImageURL, "is_organization": g.IsOrganization, "name": g.Name,
		"state": g.State, "title": g.Title, "type": g.Type}
}

// GroupDict is the dict of organization_show / group_show without the optional lists;
// the caller adds users, packages, extras, tags and groups as asked.
func (g *Group) GroupDict(packageCount int) Dict {
	d := g.ShortDict()
	d["display_name"] = g.DisplayName()
	d["image_display_url"] = g.ImageURL
	d["num_followers"] = 0
	d["package_count"] = packageCount
	d["title_en"] = nullable(g.TitleEN)
	d["description_en"] = nullable(g.DescriptionEN)
	return d
}

// asString converts a dict value CKAN would accept as a string.
func asString(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", true
	case string:
		return x, true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}

// asBool reads booleans as CKAN's boolean_validator does: true/yes/t/y/1 are true.
func asBool(v any) (bool, bool) {
	switch x := v.(type) {
	case nil:
		return false, true
	case bool:
		return x, true
	case float64:
		return x != 0, true
	case string:
		switch strings.ToLower(x) {
		case "true", "yes", "t", "y", "1", "on":
			return true, true
		}
		return false, true
	}
	return false, false
}

func asInt(v any) (*int, bool) {
	switch x := v.(type) {
	case nil:
		return nil, true
	case float64:
		if x != float64(int(x)) {
			return nil, false
		}
		n := int(x)
		return &n, true
	case string:
		if x == "" {
			return nil, true
		}
		n, err := strconv.Atoi(x)
		if err != nil {
			return nil, false
		}
		return &n, true
	}
	return nil, false
}

func asStrings(v any) ([]string, bool) {
	switch x := v.(type) {
	case nil:
		return nil, true
	case string:
		if x == "" {
			return nil, true
		}
		return []string{x}, true
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}

// DatasetFromDict reads a CKAN package dict (as package_create takes it, or as
// package_show / `ckanapi dump` writes it) into a Dataset. References (organization,
// groups, tags) are kept by name or id; the Store resolves them. Wrong types give
// CKAN-style validation messages.
func DatasetFromDict(p Dict) (*Dataset, error) {
	v := &ValidationError{}
	d := &Dataset{}
	str := func(key string, dst *string) {
		if s, ok := asString(p[key]); ok {
			*dst = s
		} else {
			v.Add(key, "Must be a string")
		}
	}
	for key, dst := range map[string]*string{"id": &d.ID, "name": &d.Name, "title": &d.Title, "title_en": &d.TitleEN,
		"type": &d.Type, "notes": &d.Notes, "notes_en": &d.NotesEN, "url": &d.URL, "version": &d.Version,
		"author": &d.Author, "author_email": &d.AuthorEmail, "maintainer": &d.Maintainer,
		"maintainer_email": &d.MaintainerEmail, "license_id": &d.LicenseID, "state": &d.State,
		"data_type": &d.GDC.DataType, "update_frequency_unit": &d.GDC.UpdateFrequencyUnit,
		"geo_coverage": &d.GDC.GeoCoverage, "data_source": &d.GDC.DataSource, "data_category": &d.GDC.DataCategory,
		"accessible_condition": &d.GDC.AccessibleCondition, "unit_of_measure": &d.GDC.UnitOfMeasure,
		"unit_of_multiplier": &d.GDC.UnitOfMultiplier, "calculation_method": &d.GDC.CalculationMethod,
		"standard": &d.GDC.Standard, "indicator_code": &d.Indicator.IndicatorCode} {
		str(key, dst)
	}
	if _, ok := p["name"].(string); !ok && p["name"] != nil {
		// asString accepted a number; CKAN's name validator does not.
		v.Fields = ensure(v.Fields)
		v.Fields["name"] = []string{"Names must be strings"}
	}
	for key, dst := range map[string]*[]string{"objective": &d.GDC.Objective, "data_format": &d.GDC.DataFormat,
		"data_language": &d.GDC.DataLanguage, "disaggregate": &d.GDC.Disaggregate, "reference_area": &d.Indicator.ReferenceArea} {
		if l, ok := asStrings(p[key]); ok {
			*dst = l
		} else {
			v.Add(key, "Must be a list of strings")
		}
	}
	for key, dst := range map[string]**int{"update_frequency_interval": &d.GDC.UpdateFrequencyInterval,
		"first_year_of_data": &d.GDC.FirstYearOfData, "last_year_of_data": &d.GDC.LastYearOfData} {
		if n, ok := asInt(p[key]); ok {
			*dst = n
		} else {
			v.Add(key, "Invalid integer")
		}
	}
	for key, dst := range map[string]*bool{"private": &d.Private, "official_statistics": &d.GDC.OfficialStatistics,
		"high_value_dataset": &d.GDC.HighValueDataset} {
		if b, ok := asBool(p[key]); ok {
			*dst = b
		} else {
			v.Add(key, "Must be a boolean")
		}
	}
	if s, ok := p["owner_org"].(string); ok && s != "" {
		d.OwnerOrg = &s
	} else if org, ok := p["organization"].(map[string]any); ok && p["owner_org"] == nil {
		if s, ok := org["name"].(string); ok && s != "" {
			d.OwnerOrg = &s
		}
	} else if p["owner_org"] != nil && p["owner_org"] != "" {
		v.Add("owner_org", "Must be a string")
	}
	if s, ok := p["creator_user_id"].(string); ok && s != "" {
		d.CreatorUserID = &s
	}
	for _, key := range []string{"metadata_created", "metadata_modified"} {
		if s, ok := p[key].(string); ok && s != "" {
			t, err := ParseTime(s)
			if err != nil {
				v.Add(key, "Date format incorrect")
				continue
			}
			if key == "metadata_created" {
				d.MetadataCreated = t
			} else {
				d.MetadataModified = t
			}
		}
	}
	if fw, ok := p["frameworks"].([]any); ok {
		for _, e := range fw {
			m, ok := e.(map[string]any)
			if !ok {
				v.Add("frameworks", "Must be a list of objects")
				break
			}
			get := func(k string) string { s, _ := m[k].(string); return s }
			d.Indicator.Frameworks = append(d.Indicator.Frameworks, FrameworkRef{Framework: get("framework"),
				Pillar: get("pillar"), Factor: get("factor"), SubFactor: get("sub_factor"),
				Dimension: get("dimension"), Plan: get("plan"), Strategy: get("strategy"), Code: get("code")})
		}
	} else if p["frameworks"] != nil {
		v.Add("frameworks", "Must be a list of objects")
	}
	// Tags: a list of {name} dicts or of strings, or CKAN's comma-separated tag_string.
	switch tags := p["tags"].(type) {
	case nil:
		if s, ok := p["tag_string"].(string); ok {
			for _, t := range strings.Split(s, ",") {
				if t = strings.TrimSpace(t); t != "" {
					d.Tags = append(d.Tags, Tag{Name: t})
				}
			}
		}
	case []any:
		for _, e := range tags {
			switch t := e.(type) {
			case string:
				d.Tags = append(d.Tags, Tag{Name: t})
			case map[string]any:
				name, _ := t["name"].(string)
				if name == "" {
					v.Add("tags", "Missing value")
					continue
				}
				tag := Tag{Name: name}
				if vid, ok := t["vocabulary_id"].(string); ok && vid != "" {
					tag.VocabularyID = &vid
				}
				d.Tags = append(d.Tags, tag)
			default:
				v.Add("tags", "Must be a list of tag objects")
			}
		}
	default:
		v.Add("tags", "Must be a list of tag objects")
	}
	switch groups := p["groups"].(type) {
	case nil:
	case []any:
		for _, e := range groups {
			m, ok := e.(map[string]any)
			if !ok {
				v.Add("groups", "Must be a list of group objects")
				continue
			}
			ref, _ := m["name"].(string)
			if ref == "" {
				ref, _ = m["id"].(string)
			}
			if ref == "" {
				v.Add("groups", "Missing value")
				continue
			}
			d.Groups = append(d.Groups, Group{Name: ref})
		}
	default:
		v.Add("groups", "Must be a list of group objects")
	}
	switch extras := p["extras"].(type) {
	case nil:
	case []any:
		for _, e := range extras {
			m, ok := e.(map[string]any)
			if !ok {
				v.Add("extras", "Must be a list of key/value objects")
				continue
			}
			key, _ := m["key"].(string)
			val, ok := asString(m["value"])
			if !ok {
				val = fmt.Sprint(m["value"])
			}
			d.Extras = append(d.Extras, Extra{Key: key, Value: val})
		}
	default:
		v.Add("extras", "Must be a list of key/value objects")
	}
	switch res := p["resources"].(type) {
	case nil:
	case []any:
		for i, e := range res {
			m, ok := e.(map[string]any)
			if !ok {
				v.Add("resources", "Must be a list of resource objects")
				continue
			}
			if m["resource_type"] == ResourceTypeDerived {
				// A computed resource of the API's answer sent back (package_update after
				// package_show): it is not stored, so it is dropped.
				continue
			}
			r, err := ResourceFromDict(m)
			if err != nil {
				v.Add("resources", fmt.Sprintf("resource %d: %v", i, err))
				continue
			}
			r.Position = len(d.Resources)
			d.Resources = append(d.Resources, *r)
		}
	default:
		v.Add("resources", "Must be a list of resource objects")
	}
	if err := v.orNil(); err != nil {
		return nil, err
	}
	return d, nil
}

// resourceCoreKeys are the resource-dict keys stored in columns; any other key is kept in
// Extras and returned at the top level.
var resourceCoreKeys = map[string]bool{"id": true, "package_id": true, "url": true, "url_type": true, "name": true,
	"description": true, "format": true, "mimetype": true, "mimetype_inner": true, "hash": true,
	"resource_type": true, "size": true, "position": true, "state": true, "created": true,
	"last_modified": true, "metadata_modified": true, "cache_url": true, "cache_last_updated": true,
	"datastore_active": true}

// ResourceTypeDerived is the resource_type of the resources the API computes for a
// dataset (an indicator's exports): they are not stored, DatasetFromDict drops them, and
// a stored resource may not take the type.
const ResourceTypeDerived = "derived"

// ResourceFromDict reads a CKAN resource dict.
func ResourceFromDict(m Dict) (*Resource, error) {
	v := &ValidationError{}
	if m["resource_type"] == ResourceTypeDerived {
		v.Add("resource_type", "The resource type derived is reserved for the exports the catalog computes")
	}
	r := &Resource{}
	for key, dst := range map[string]*string{"id": &r.ID, "package_id": &r.PackageID, "url": &r.URL,
		"url_type": &r.URLType, "name": &r.Name, "description": &r.Description, "format": &r.Format,
		"mimetype": &r.MimeType, "mimetype_inner": &r.MimeTypeInner, "hash": &r.Hash,
		"resource_type": &r.ResourceType, "state": &r.State, "cache_url": &r.CacheURL} {
		if s, ok := asString(m[key]); ok {
			*dst = s
		} else {
			v.Add(key, "Must be a string")
		}
	}
	if n, ok := asInt(m["size"]); ok {
		if n != nil {
			s := int64(*n)
			r.Size = &s
		}
	} else {
		v.Add("size", "Invalid integer")
	}
	for key, dst := range map[string]**time.Time{"last_modified": &r.LastModified, "cache_last_updated": &r.CacheLastUpdated} {
		if s, ok := m[key].(string); ok && s != "" {
			t, err := ParseTime(s)
			if err != nil {
				v.Add(key, "Date format incorrect")
				continue
			}
			*dst = &t
		}
	}
	if s, ok := m["created"].(string); ok && s != "" {
		if t, err := ParseTime(s); err == nil {
			r.Created = t
		}
	}
	if b, ok := asBool(m["datastore_active"]); ok {
		r.DatastoreActive = b
	}
	for k, val := range m {
		if !resourceCoreKeys[k] {
			if r.Extras == nil {
				r.Extras = map[string]any{}
			}
			r.Extras[k] = val
		}
	}
	if err := v.orNil(); err != nil {
		return nil, err
	}
	return r, nil
}
