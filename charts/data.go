package charts

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/datastore"
)

// table is a DataStore table behind a public dataset's resource.
type table struct {
	dataset  *catalog.Dataset
	resource *catalog.Resource
}

// searchURL links to the table through CKAN's datastore_search.
func (t table) searchURL() string {
	return "/api/3/action/datastore_search?resource_id=" + url.QueryEscape(t.resource.ID)
}

// dumpURL links to the whole table as CSV (for tables too large to page through).
func (t table) dumpURL() string { return "/datastore/dump/" + url.PathEscape(t.resource.ID) }

// publicDataset loads an active public dataset; anything else is ErrNoData, as dashboards
// are public.
func (d *Dashboards) publicDataset(ctx context.Context, name string) (*catalog.Dataset, error) {
	ds, err := d.Store.Dataset(ctx, name)
	if errors.Is(err, catalog.ErrNotFound) {
		return nil, fmt.Errorf("%w: dataset %s not found", ErrNoData, name)
	}
	if err != nil {
		return nil, fmt.Errorf("charts: load dataset %s: %w", name, err)
	}
	if ds.State != catalog.StateActive || ds.Private {
		return nil, fmt.Errorf("%w: dataset %s is not public", ErrNoData, name)
	}
	return ds, nil
}

// tableOf finds the DataStore table of the dataset's resource stored as file (the base
// name of its URL); with file empty, the first resource whose rows are in the DataStore.
func tableOf(ds *catalog.Dataset, file string) (table, error) {
	for i := range ds.Resources {
		r := &ds.Resources[i]
		if r.State != "" && r.State != catalog.StateActive {
			continue
		}
		if file == "" && r.DatastoreActive || file != "" && (path.Base(r.URL) == file || r.Name == file) {
			return table{dataset: ds, resource: r}, nil
		}
	}
	if file == "" {
		return table{}, fmt.Errorf("%w: dataset %s has no DataStore table", ErrNoData, ds.Name)
	}
	return table{}, fmt.Errorf("%w: dataset %s has no resource %s", ErrNoData, ds.Name, file)
}

// resourceTable is publicDataset followed by tableOf.
func (d *Dashboards) resourceTable(ctx context.Context, dataset, file string) (table, error) {
	ds, err := d.publicDataset(ctx, dataset)
	if err != nil {
		return table{}, err
	}
	return tableOf(ds, file)
}

// row is one DataStore row as text, read by column name.
type row struct {
	idx    map[string]int
	values []string
}

// str returns the text of the column ("" when absent or NULL).
func (r row) str(col string) string {
	if i, ok := r.idx[col]; ok && i < len(r.values) {
		return r.values[i]
	}
	return ""
}

// num returns the column as a number, NaN when absent or not a number.
func (r row) num(col string) float64 {
	s := strings.TrimSpace(r.str(col))
	if s == "" {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return math.NaN()
	}
	return v
}

// scan streams the named columns of a table to fn, one row at a time, from a single
// DataStore dump: memory stays flat whatever the table size, and there is no paging.
func (d *Dashboards) scan(ctx context.Context, t table, fields []string, fn func(row) error) error {
	// Ask only for the columns the table has: a table loaded from a file without an
	// optional column still charts, and the row reads its absence as "".
	zero, noTotal := 0, false
	res, err := d.DataStore.Search(ctx, datastore.SearchRequest{ResourceID: t.resource.ID, Limit: &zero, IncludeTotal: &noTotal})
	if errors.Is(err, catalog.ErrNotFound) {
		return fmt.Errorf("%w: %s of dataset %s is not in the DataStore", ErrNoData, t.resource.ID, t.dataset.Name)
	}
	if err != nil {
		return fmt.Errorf("charts: read table %s of %s: %w", t.resource.ID, t.dataset.Name, err)
	}
	have := make(map[string]bool, len(res.Fields))
	for _, f := range res.Fields {
		have[f.ID] = true
	}
	var cols []string
	for _, f := range fields {
		if have[f] {
			cols = append(cols, f)
		}
	}
	if len(cols) == 0 {
		return fmt.Errorf("%w: %s of dataset %s has none of the columns %v", ErrNoData, t.resource.ID, t.dataset.Name, fields)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := d.DataStore.Dump(ctx, pw, t.resource.ID, datastore.DumpOptions{Fields: cols, Sort: []string{"_id"}})
		pw.CloseWithError(err)
		done <- err
	}()
	err = readRows(pr, fn)
	if err != nil {
		cancel()
		pr.CloseWithError(err) // unblock the dump if it is still writing
	}
	dumpErr := <-done
	if errors.Is(dumpErr, catalog.ErrNotFound) {
		return fmt.Errorf("%w: %s of dataset %s is not in the DataStore", ErrNoData, t.resource.ID, t.dataset.Name)
	}
	if err == nil && dumpErr != nil {
		err = dumpErr
	}
	if err != nil {
		return fmt.Errorf("charts: read table %s of %s: %w", t.resource.ID, t.dataset.Name, err)
	}
	return nil
}

// readRows parses the dump's CSV: a header, then rows.
func readRows(r io.Reader, fn func(row) error) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil
	}
	if err != nil {
		return err
	}
	idx := make(map[string]int, len(header))
	for i, h := range header {
		idx[strings.TrimPrefix(h, "\ufeff")] = i
	}
	cr.ReuseRecord = true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(row{idx: idx, values: rec}); err != nil {
			return err
		}
	}
}
