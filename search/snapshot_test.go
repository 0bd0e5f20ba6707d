package search_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
	"github.com/khlang/khlang/search"
)

// snapshotRequests are the searches on which an index restored from a snapshot must
// answer exactly as an index built from scratch.
var snapshotRequests = []search.Request{
	{Rows: 100, Sort: "name asc", FacetFields: []string{"organization", "tags", "res_format", "groups", "license_id"}},
	{Rows: 100, Sort: "metadata_modified desc", IncludePrivate: true, IncludeDrafts: true, IncludeDeleted: true},
	{Rows: 100, Sort: "title_string asc", FQ: []string{"organization:depa"}, FacetFields: []string{"tags"}},
	{Rows: 100, Sort: "name asc", Q: "ดิจิทัล", IncludePrivate: true, FacetFields: []string{"organization"}},
	{Rows: 100, Sort: "name asc", Q: "tags:extra-tag OR name:census-2025"},
	{Rows: 100, Sort: "num_resources desc, name asc", FQ: []string{"metadata_modified:[* TO NOW]"}},
}

// sameAnswers fails unless got answers every snapshotRequest as want does.
func sameAnswers(t *testing.T, got, want *search.Index) {
	t.Helper()
	ctx := context.Background()
	for i, r := range snapshotRequests {
		a, err := got.Search(ctx, r)
		if err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
		b, err := want.Search(ctx, r)
		if err != nil {
			t.Fatalf("request %d on the reference: %v", i, err)
		}
		if a.Count != b.Count || !reflect.DeepEqual(a.IDs, b.IDs) || !reflect.DeepEqual(a.Facets, b.Facets) {
			t.Fatalf("request %d (%+v):\n got %d %v %v\nwant %d %v %v", i, r, a.Count, a.IDs, a.Facets, b.Count, b.IDs, b.Facets)
		}
	}
}

// reference is an index built from scratch, in memory, from the whole change log.
func reference(t *testing.T, s *catalog.Store) *search.Index {
	t.Helper()
	ix, err := search.Open("", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	if err := ix.Sync(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	return ix
}

// reopen opens the index at path counting the datasets it reads from the catalog, and
// syncs it.
func reopen(t *testing.T, path string, s *catalog.Store) (*search.Index, *atomic.Int64) {
	t.Helper()
	ix, err := search.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	reads := new(atomic.Int64)
	search.CountDatasetReads(ix, reads)
	if err := ix.Sync(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	return ix, reads
}

// The columns come back from their snapshot: a start reads no dataset from the catalog,
// a start after a crash between an index batch and the next snapshot reads only what
// changed since the snapshot, and a damaged snapshot is rebuilt from the catalog; every
// time the index answers as one built from scratch.
func TestColumnSnapshot(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		ctx := context.Background()
		fixture(t, s)
		for i := range 40 {
			d := &catalog.Dataset{Name: fmt.Sprintf("extra-%02d", i), Title: fmt.Sprintf("ชุดข้อมูลเพิ่ม %d", i),
				OwnerOrg: ptr([]string{"nso", "depa"}[i%2]), Tags: []catalog.Tag{{Name: "extra-tag"}},
				Resources: make([]catalog.Resource, i%3)}
			if err := s.CreateDataset(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(t.TempDir(), "index")
		ix, err := search.Open(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := ix.Sync(ctx, s); err != nil {
			t.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
		snap := filepath.Join(path, search.SnapshotFile)
		if _, err := os.Stat(snap); err != nil {
			t.Fatalf("no snapshot after Close: %v", err)
		}

		// A clean start: nothing read back from the catalog.
		ix, reads := reopen(t, path, s)
		if n := reads.Load(); n != 0 {
			t.Fatalf("a start from the snapshot read %d datasets from the catalog", n)
		}
		sameAnswers(t, ix, reference(t, s))

		// Changes applied to the index, then a crash before the next snapshot: a purge
		// (whose ordinal a new dataset takes), an update, a soft delete, two new datasets.
		if err := s.PurgeDataset(ctx, "extra-03"); err != nil {
			t.Fatal(err)
		}
		for _, n := range []string{"after-crash-1", "after-crash-2"} {
			if err := s.CreateDataset(ctx, &catalog.Dataset{Name: n, Title: "ใหม่ ดิจิทัล", OwnerOrg: ptr("depa"),
				Tags: []catalog.Tag{{Name: "extra-tag"}, {Name: "new-tag"}}}); err != nil {
				t.Fatal(err)
			}
		}
		d, err := s.Dataset(ctx, "extra-04")
		if err != nil {
			t.Fatal(err)
		}
		d.Tags = []catalog.Tag{{Name: "retagged"}}
		d.OwnerOrg = ptr("nso")
		if err := s.UpdateDataset(ctx, d); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteDataset(ctx, "extra-05"); err != nil {
			t.Fatal(err)
		}
		if err := ix.Sync(ctx, s); err != nil {
			t.Fatal(err)
		}
		if err := search.CloseNoSnapshot(ix); err != nil {
			t.Fatal(err)
		}
		ix, reads = reopen(t, path, s)
		if n := reads.Load(); n == 0 || n > 5 {
			t.Fatalf("after a crash the start read %d datasets, want the 5 changed since the snapshot", n)
		}
		sameAnswers(t, ix, reference(t, s))
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}

		// A damaged snapshot: the columns are rebuilt from the catalog, and the next
		// snapshot is good again.
		raw, err := os.ReadFile(snap)
		if err != nil {
			t.Fatal(err)
		}
		raw[len(raw)/2] ^= 0x55
		if err := os.WriteFile(snap, raw, 0o644); err != nil {
			t.Fatal(err)
		}
		ix, reads = reopen(t, path, s)
		if n := reads.Load(); n < 40 {
			t.Fatalf("a damaged snapshot was used: only %d datasets read", n)
		}
		sameAnswers(t, ix, reference(t, s))
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
		ix, reads = reopen(t, path, s)
		defer ix.Close()
		if n := reads.Load(); n != 0 {
			t.Fatalf("the snapshot written after a rebuild was not used: %d datasets read", n)
		}
		sameAnswers(t, ix, reference(t, s))

	})
}
