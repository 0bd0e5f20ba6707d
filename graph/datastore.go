package graph

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/datastore"
	"github.com/khlang/khlang/export"
	"github.com/khlang/khlang/graph/model"
)

// datastorePage is datastore_search for the caller: the permission of resource_show on
// the table's dataset, then one page of rows with the total.
func (r *Resolver) datastorePage(ctx context.Context, resourceID string, filters map[string]any, q, sort string, first *int, after *string) (*model.DatastoreTable, error) {
	limit, offset, err := r.pageArgs(first, after)
	if err != nil {
		return nil, err
	}
	d, res, err := r.datastoreTarget(ctx, resourceID)
	if err != nil {
		return nil, err
	}
	if err := actorFrom(ctx).CanReadResource(d, res.ID); err != nil {
		return nil, err
	}
	var sorts []string
	for _, s := range strings.Split(sort, ",") {
		if s = strings.TrimSpace(s); s != "" {
			sorts = append(sorts, s)
		}
	}
	in, err := plain(filters)
	if err != nil {
		return nil, err
	}
	total := true
	out, err := r.opts.DataStore.Search(ctx, datastore.SearchRequest{ResourceID: res.ID, Filters: in, Q: q, Sort: sorts,
		Limit: &limit, Offset: offset, IncludeTotal: &total, RecordsFormat: datastore.FormatObjects})
	if err != nil {
		if errors.Is(err, catalog.ErrNotFound) {
			return nil, catalog.NotFound(fmt.Sprintf("Resource \"%s\" has no DataStore table.", resourceID))
		}
		return nil, fmt.Errorf("graph: datastore search: %w", err)
	}
	recs, _ := out.Records.([]datastore.Record)
	t := &model.DatastoreTable{ResourceID: out.ResourceID, Resource: res, Rows: make([]map[string]any, len(recs))}
	for _, f := range out.Fields {
		t.Fields = append(t.Fields, &model.DatastoreField{ID: f.ID, Type: f.Type})
	}
	for i, rec := range recs {
		t.Rows[i] = rec.Map()
	}
	if out.Total != nil {
		t.TotalCount = int(*out.Total)
	}
	pi := pageInfo(offset, len(recs), t.TotalCount)
	t.PageInfo = &pi
	return t, nil
}

// series reads an indicator's observations through export.Source, the reader every
// export uses, narrowed to an area and a span of years.
func (r *Resolver) series(ctx context.Context, d *catalog.Dataset, area *string, from, to *int) ([]*model.Observation, error) {
	src := &export.Source{DataStore: r.opts.DataStore, UploadDir: r.opts.UploadDir}
	s, err := src.Series(ctx, d)
	if errors.Is(err, export.ErrNotIndicator) {
		return []*model.Observation{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("graph: series of %s: %w", d.Name, err)
	}
	out := []*model.Observation{}
	err = s.Each(ctx, func(o export.Observation) error {
		if area != nil && !strings.EqualFold(o.RefArea, *area) {
			return nil
		}
		year := periodYear(o.TimePeriod)
		if (from != nil && year < *from) || (to != nil && year > *to) {
			return nil
		}
		out = append(out, &model.Observation{Area: o.RefArea, Period: o.TimePeriod, Year: year, Breakdown: o.Breakdown,
			BreakdownValue: o.BreakdownValue, Value: o.Value, Unit: o.Unit, UnitMultiplier: o.UnitMult, Status: o.Status,
			Sample: o.Sample})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("graph: series of %s: %w", d.Name, err)
	}
	return out, nil
}

// periodYear is the year an ISO 8601 period starts in (2024, 2024-Q1, 2024-03 → 2024).
func periodYear(p string) int {
	if len(p) >= 4 {
		if y, err := strconv.Atoi(p[:4]); err == nil {
			return y
		}
	}
	return 0
}

// frameworkCodes are the URL codes of the frameworks' exports (/framework/{code}/…).
var frameworkCodes = map[string]string{"WDCR": "wdcr", "ADIX": "adix", "OECD-GD": "oecd", "TH-PLAN": "th-plan"}

// exportLinks are the links to base + "." + ext in every indicator export format.
func (r *Resolver) exportLinks(base string) []*model.ExportLink {
	site := strings.TrimRight(r.opts.SiteURL, "/")
	out := make([]*model.ExportLink, 0, len(export.IndicatorFormats))
	for _, f := range export.IndicatorFormats {
		out = append(out, &model.ExportLink{Format: f.Ext, URL: site + base + "." + f.Ext, MediaType: f.MediaType})
	}
	return out
}

// datasetExports are an indicator dataset's export links; none for other datasets.
func (r *Resolver) datasetExports(d *catalog.Dataset) []*model.ExportLink {
	if d.Indicator.IndicatorCode == "" {
		return []*model.ExportLink{}
	}
	return r.exportLinks("/dataset/" + url.PathEscape(d.Name) + "/indicator")
}

// frameworkExports are a framework's export links.
func (r *Resolver) frameworkExports(f *model.Framework) []*model.ExportLink {
	code, ok := frameworkCodes[f.ID]
	if !ok {
		return []*model.ExportLink{}
	}
	return r.exportLinks("/framework/" + code + "/indicators")
}
