package harvest

import (
	"context"
	"encoding/json"
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/khlang/khlang/catalog"
)

// dataJSONCatalog is a DCAT-US (Project Open Data v1.1) catalog.
type dataJSONCatalog struct {
	ConformsTo string            `json:"conformsTo"`
	Dataset    []json.RawMessage `json:"dataset"`
}

// dataJSONDataset holds the fields of a data.json dataset the harvester maps.
type dataJSONDataset struct {
	Identifier  string   `json:"identifier"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Keyword     []string `json:"keyword"`
	Modified    string   `json:"modified"`
	Issued      string   `json:"issued"`
	AccessLevel string   `json:"accessLevel"`
	License     string   `json:"license"`
	Rights      string   `json:"rights"`
	LandingPage string   `json:"landingPage"`
	Spatial     any      `json:"spatial"`
	Temporal    string   `json:"temporal"`
	Theme       []string `json:"theme"`
	Accrual     string   `json:"accrualPeriodicity"`
	Publisher   struct {
		Name string `json:"name"`
	} `json:"publisher"`
	ContactPoint struct {
		FN       string `json:"fn"`
		HasEmail string `json:"hasEmail"`
	} `json:"contactPoint"`
	Distribution []struct {
		Title       string `json:"title"`
		Description string `json:"description"`
		DownloadURL string `json:"downloadURL"`
		AccessURL   string `json:"accessURL"`
		MediaType   string `json:"mediaType"`
		Format      string `json:"format"`
	} `json:"distribution"`
}

// gatherDataJSON reads a data.json file: one document, no paging.
func (r *runner) gatherDataJSON(ctx context.Context) (*gatherResult, error) {
	body, _, err := r.get(ctx, r.src.URL, "application/json")
	if err != nil {
		return nil, err
	}
	var cat dataJSONCatalog
	if err := json.Unmarshal(body, &cat); err != nil {
		// Version 1.0 files are a bare array of datasets.
		if err2 := json.Unmarshal(body, &cat.Dataset); err2 != nil {
			return nil, fmt.Errorf("%s: not a data.json catalog: %w", r.src.URL, err)
		}
	}
	r.opts.Progress.Report("harvest gather", 1, 1)
	res := &gatherResult{complete: true}
	seen := map[string]bool{}
	for i, raw := range cat.Dataset {
		var d dataJSONDataset
		if err := json.Unmarshal(raw, &d); err != nil {
			res.warnings = append(res.warnings, catalog.HarvestError{ID: "dataset " + strconv.Itoa(i+1), Message: err.Error()})
			continue
		}
		guid := strings.TrimSpace(d.Identifier)
		if guid == "" {
			res.warnings = append(res.warnings, catalog.HarvestError{ID: "dataset " + strconv.Itoa(i+1), Message: "no identifier"})
			continue
		}
		if seen[guid] {
			continue
		}
		seen[guid] = true
		res.records = append(res.records, r.dataJSONRecord(guid, d))
	}
	return res, nil
}

// dataJSONRecord maps a data.json dataset to a package dict.
func (r *runner) dataJSONRecord(guid string, d dataJSONDataset) record {
	id := deriveID(r.src.ID, guid)
	p := catalog.Dict{"name": mungeName(d.Title, "dataset-"+strings.ReplaceAll(id, "-", "")[:12]), "title": strings.TrimSpace(d.Title)}
	set := func(key, v string) {
		if v = strings.TrimSpace(v); v != "" {
			p[key] = v
		}
	}
	set("notes", d.Description)
	if validHTTP(d.LandingPage) {
		set("url", d.LandingPage)
	}
	set("maintainer", d.ContactPoint.FN)
	set("maintainer_email", cleanEmail(d.ContactPoint.HasEmail))
	var tags []any
	for _, kw := range d.Keyword {
		if t := mungeTag(kw); t != "" {
			tags = append(tags, t)
		}
	}
	p["tags"] = tags
	var extras []any
	extra := func(key, v string) {
		if v = strings.TrimSpace(v); v != "" {
			extras = append(extras, map[string]any{"key": key, "value": v})
		}
	}
	extra("identifier", guid)
	extra("modified", d.Modified)
	extra("issued", d.Issued)
	extra("access_level", d.AccessLevel)
	extra("rights", d.Rights)
	extra("temporal", d.Temporal)
	extra("accrual_periodicity", d.Accrual)
	extra("theme", strings.Join(d.Theme, ", "))
	extra("publisher_name", d.Publisher.Name)
	if s, ok := d.Spatial.(string); ok {
		extra("spatial", s)
	}
	if lid := licenseID(d.License); lid != "" {
		p["license_id"] = lid
	} else {
		extra("license", d.License)
	}
	p["extras"] = extras
	var resources []any
	for i, dist := range d.Distribution {
		u := firstNonEmpty(dist.DownloadURL, dist.AccessURL)
		format := strings.TrimSpace(dist.Format)
		if format == "" && dist.MediaType != "" {
			format = formatFromMediaType(dist.MediaType)
		}
		res := catalog.Dict{"id": deriveID(id, "resource\x00"+strconv.Itoa(i)), "name": firstNonEmpty(dist.Title, path.Base(strings.TrimRight(u, "/")), format),
			"url": u, "description": dist.Description, "format": format}
		if dist.MediaType != "" {
			res["mimetype"] = dist.MediaType
		}
		resources = append(resources, res)
	}
	p["resources"] = resources
	return record{GUID: guid, ID: id, Dict: p, Org: orgDict(d.Publisher.Name, "")}
}

func validHTTP(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}
