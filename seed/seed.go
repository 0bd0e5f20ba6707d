// Package seed builds Khlang's sample catalog: the publishers, groups and datasets of
// Thailand's digital-economy statistics described by the 6 March 2025 government release
// (package content), with their tabular resources written as CSV files. Published figures
// are carried exactly; every generated value is labelled as sample data.
package seed

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/google/uuid"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/seed/content"
)

// namespace makes the sample catalog's ids the same on every machine and every run.
var namespace = uuid.MustParse("6b686c61-6e67-4b68-8c61-6e672d736565")

// ID is the deterministic id of a sample-catalog object.
func ID(kind, name string) string { return uuid.NewSHA1(namespace, []byte(kind+":"+name)).String() }

// SampleMarkerDataset is a dataset only the sample catalog has; finding it tells that a
// catalog holds the sample.
const SampleMarkerDataset = "village-fund-registry"

// Stats counts what Build wrote.
type Stats struct {
	Organizations, Groups, Datasets, Resources int
	Bytes                                      int64
}

// Build writes the sample catalog into store and its files under uploadDir
// (<uploadDir>/<resource id>/<file name>). Running it again updates the same objects in
// place, so it is safe on a catalog that already holds them.
func Build(ctx context.Context, store *catalog.Store, uploadDir string, progress catalog.Progress) (Stats, error) {
	var st Stats
	for _, p := range content.Publishers() {
		g := &catalog.Group{ID: ID("organization", p.Name), Name: p.Name, Title: p.TitleTH, TitleEN: p.TitleEN,
			Description: p.DescriptionTH, DescriptionEN: p.DescriptionEN, IsOrganization: true,
			Extras: []catalog.Extra{{Key: "abbreviation", Value: p.Abbrev}, {Key: "url", Value: p.URL}}}
		if err := store.UpsertGroup(ctx, g); err != nil {
			return st, fmt.Errorf("organization %s: %w", p.Name, err)
		}
		st.Organizations++
	}
	for _, cg := range content.Groups() {
		g := &catalog.Group{ID: ID("group", cg.Name), Name: cg.Name, Title: cg.TitleTH, TitleEN: cg.TitleEN,
			Description: cg.DescriptionTH, DescriptionEN: cg.DescriptionEN}
		if err := store.UpsertGroup(ctx, g); err != nil {
			return st, fmt.Errorf("group %s: %w", cg.Name, err)
		}
		st.Groups++
	}
	datasets := content.Datasets()
	for i, cd := range datasets {
		if err := ctx.Err(); err != nil {
			return st, err
		}
		d := dataset(cd)
		for j, cr := range cd.Resources {
			r := &d.Resources[j]
			size, sum, err := writeFile(filepath.Join(uploadDir, r.ID), cr.FileName, cr.Write)
			if err != nil {
				return st, fmt.Errorf("dataset %s, resource %s: %w", cd.Name, cr.Name, err)
			}
			r.Size, r.Hash = &size, "sha256:"+sum
			st.Bytes += size
			st.Resources++
		}
		if _, err := store.UpsertDataset(ctx, d); err != nil {
			return st, fmt.Errorf("dataset %s: %w", cd.Name, err)
		}
		st.Datasets++
		progress.Report("seed datasets", i+1, len(datasets))
	}
	return st, nil
}

// dataset maps a content dataset onto the catalog's.
func dataset(cd content.Dataset) *catalog.Dataset {
	optInt := func(n int) *int {
		if n == 0 {
			return nil
		}
		return &n
	}
	org := cd.Org
	d := &catalog.Dataset{ID: ID("dataset", cd.Name), Name: cd.Name, Title: cd.TitleTH, TitleEN: cd.TitleEN,
		Notes: cd.NotesTH, NotesEN: cd.NotesEN, OwnerOrg: &org, LicenseID: cd.LicenseID, Author: cd.Author,
		AuthorEmail: cd.AuthorEmail, Maintainer: cd.Maintainer, MaintainerEmail: cd.MaintainerEmail,
		URL: cd.URL, Version: cd.Version, State: catalog.StateActive,
		GDC: catalog.GDC{DataType: cd.DataType, Objective: cd.Objective, UpdateFrequencyUnit: cd.UpdateFrequencyUnit,
			UpdateFrequencyInterval: optInt(cd.UpdateFrequencyInterval), GeoCoverage: cd.GeoCoverage,
			DataSource: cd.DataSource, DataFormat: cd.DataFormat, DataCategory: cd.DataCategory,
			AccessibleCondition: cd.AccessibleCondition, DataLanguage: cd.DataLanguage, Disaggregate: cd.Disaggregate,
			UnitOfMeasure: cd.UnitOfMeasure, UnitOfMultiplier: cd.UnitOfMultiplier, CalculationMethod: cd.CalculationMethod,
			Standard: cd.Standard, FirstYearOfData: optInt(cd.FirstYearOfData), LastYearOfData: optInt(cd.LastYearOfData),
			OfficialStatistics: cd.OfficialStatistics, HighValueDataset: cd.HighValueDataset},
		Indicator: catalog.Indicator{IndicatorCode: cd.IndicatorCode, ReferenceArea: cd.ReferenceArea},
	}
	for _, f := range cd.Frameworks {
		d.Indicator.Frameworks = append(d.Indicator.Frameworks, catalog.FrameworkRef{Framework: f.Framework,
			Pillar: f.Pillar, Factor: f.Factor, SubFactor: f.SubFactor, Dimension: f.Dimension, Plan: f.Plan,
			Strategy: f.Strategy, Code: f.Code})
	}
	for _, t := range cd.Tags {
		d.Tags = append(d.Tags, catalog.Tag{Name: t})
	}
	for _, g := range cd.Groups {
		d.Groups = append(d.Groups, catalog.Group{Name: g})
	}
	keys := make([]string, 0, len(cd.Extras))
	for k := range cd.Extras {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		d.Extras = append(d.Extras, catalog.Extra{Key: k, Value: cd.Extras[k]})
	}
	if _, ok := cd.Extras["sample_data"]; !ok {
		d.Extras = append(d.Extras, catalog.Extra{Key: "sample_data", Value: fmt.Sprint(cd.Sample)})
	}
	for _, cr := range cd.Resources {
		d.Resources = append(d.Resources, catalog.Resource{ID: ID("resource", cd.Name+"/"+cr.FileName),
			Name: cr.Name, Description: cr.Description, Format: cr.Format, URL: cr.FileName, URLType: "upload",
			MimeType: mimeType(cr.Format)})
	}
	return d
}

func mimeType(format string) string {
	switch format {
	case "CSV":
		return "text/csv"
	case "JSON":
		return "application/json"
	case "XLSX":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return ""
}

// writeFile writes a resource file atomically: into a temporary file in the same folder,
// synced, then renamed over the old one, so a crash never leaves a half-written file.
func writeFile(dir, name string, write func(io.Writer) error) (int64, string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, "", err
	}
	tmp, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		return 0, "", err
	}
	defer os.Remove(tmp.Name())
	h := sha256.New()
	cw := &countingWriter{w: io.MultiWriter(tmp, h)}
	bw := bufio.NewWriterSize(cw, 256<<10) // generators write many small rows
	if err := write(bw); err != nil {
		tmp.Close()
		return 0, "", err
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return 0, "", err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return 0, "", err
	}
	if err := tmp.Close(); err != nil {
		return 0, "", err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, filepath.Base(name))); err != nil {
		return 0, "", err
	}
	return cw.n, hexSum(h), nil
}

func hexSum(h hash.Hash) string { return hex.EncodeToString(h.Sum(nil)) }

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
