package seed

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/datastore"
	"github.com/khlang/khlang/seed/content"
)

// LoadDataStore loads every tabular resource of the sample catalog (its CSV files under
// uploadDir) into the DataStore and marks the resources datastore_active, as CKAN's
// xloader does after an upload. It returns the number of rows loaded.
func LoadDataStore(ctx context.Context, store *catalog.Store, ds *datastore.Store, uploadDir string, progress catalog.Progress) (int, error) {
	type job struct{ dataset, id, file string }
	var jobs []job
	for _, cd := range content.Datasets() {
		for _, cr := range cd.Resources {
			if cr.Format == "CSV" {
				jobs = append(jobs, job{cd.Name, ID("resource", cd.Name+"/"+cr.FileName), cr.FileName})
			}
		}
	}
	rows := 0
	for i, j := range jobs {
		if err := ctx.Err(); err != nil {
			return rows, err
		}
		// A load interrupted earlier resumes: tables already marked loaded stay.
		if r, err := store.Resource(ctx, j.id); err == nil && r.DatastoreActive {
			if ok, _ := ds.Exists(ctx, j.id); ok {
				continue
			}
		}
		f, err := os.Open(filepath.Join(uploadDir, j.id, j.file))
		if err != nil {
			return rows, fmt.Errorf("dataset %s: %w", j.dataset, err)
		}
		rep, err := ds.Load(ctx, j.id, f, j.file, datastore.LoadOptions{})
		f.Close()
		if err != nil {
			return rows, fmt.Errorf("load %s of %s into the DataStore: %w", j.file, j.dataset, err)
		}
		if rep.RowsRejected > 0 {
			return rows, fmt.Errorf("load %s of %s: %d rows rejected (first: %+v)", j.file, j.dataset, rep.RowsRejected, rep.Rejections)
		}
		rows += int(rep.RowsLoaded)
		if err := store.SetDatastoreActive(ctx, j.id, true); err != nil {
			return rows, err
		}
		progress.Report("load DataStore tables", i+1, len(jobs))
	}
	return rows, nil
}
