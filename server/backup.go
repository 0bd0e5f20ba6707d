package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/datastore"
)

// backup copies a data folder while a server may be using it: the two SQLite databases
// through VACUUM INTO (each one consistent snapshot), then uploads, the session keys and
// every other file. The search index is left out: a server started on the copy rebuilds it
// from the catalog's change log. The copy is assembled beside the target and renamed
// into place, so a backup that fails part way leaves nothing that looks finished.
func (c *cli) backup(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fset := c.flags("backup", "backup --to DIR [flags]")
	to := fset.String("to", "", "folder to create with the copy (must not exist)")
	if help, err := c.parse(fset, &cfg, args, storeFlags...); help || err != nil {
		return err
	}
	if *to == "" {
		return errors.New("backup: --to DIR is required")
	}
	if cfg.DB != "" {
		return catalog.ErrBackupUnsupported
	}
	if _, err := os.Stat(filepath.Join(cfg.Data, "catalog.db")); err != nil {
		return fmt.Errorf("backup: no catalog in %s: %w", cfg.Data, err)
	}
	if _, err := os.Stat(*to); err == nil {
		return fmt.Errorf("backup: %s already exists", *to)
	}
	tmp := strings.TrimRight(*to, string(filepath.Separator)) + ".partial"
	if err := os.RemoveAll(tmp); err != nil {
		return err
	}
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return err
	}
	err := c.backupInto(ctx, cfg, tmp)
	if err == nil {
		err = os.Rename(tmp, *to)
	}
	if err != nil {
		_ = os.RemoveAll(tmp)
		return err
	}
	fmt.Fprintf(c.stdout, "backed up %s to %s (the search index is rebuilt when a server starts on it)\n", cfg.Data, *to)
	return nil
}

func (c *cli) backupInto(ctx context.Context, cfg Config, dst string) error {
	progress := newProgress(c.log)
	store, err := catalog.Open(ctx, cfg.CatalogDSN(), c.log)
	if err != nil {
		return err
	}
	defer store.Close()
	progress("databases", 0, 2)
	if err := store.BackupTo(ctx, filepath.Join(dst, "catalog.db")); err != nil {
		return err
	}
	if _, err := os.Stat(cfg.DataStoreDSN()); err == nil {
		ds, err := datastore.Open(ctx, cfg.DataStoreDSN(), Segment, c.log)
		if err != nil {
			return err
		}
		defer ds.Close()
		if err := ds.BackupTo(ctx, filepath.Join(dst, "datastore.db")); err != nil {
			return err
		}
	}
	progress("databases", 2, 2)

	var files []string
	err = filepath.WalkDir(cfg.Data, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(cfg.Data, path)
		switch {
		case rel == ".":
			return nil
		case d.IsDir() && rel == "index":
			return fs.SkipDir
		case d.IsDir():
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		case strings.HasPrefix(rel, "catalog.db") || strings.HasPrefix(rel, "datastore.db"):
			return nil // copied above, with their -wal and -shm files folded in
		case d.Type().IsRegular():
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i, rel := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := copyFile(filepath.Join(cfg.Data, rel), filepath.Join(dst, rel)); err != nil {
			return err
		}
		progress("files", i+1, len(files))
	}
	return nil
}

// copyFile copies one file with its permission bits (the session key stays 0600).
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	info, err := in.Stat()
	if err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, info.Mode().Perm())
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy %s: %w", src, err)
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
