package ckan

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/khlang/khlang/catalog"
)

// defaultMaxUpload is the default cap on one uploaded file.
const defaultMaxUpload = 100 << 20

func (a *API) maxUpload() int64 {
	if a.MaxUploadBytes > 0 {
		return a.MaxUploadBytes
	}
	return defaultMaxUpload
}

// upload is a received file waiting in a temporary file inside UploadDir until the
// database write that refers to it commits; then commit moves it into place, and if the
// write fails abort removes it, so a failed write leaves no file behind.
type upload struct {
	tmp  string // the temporary file
	dir  string // UploadDir/<resource id>
	name string // the sanitised file name
}

// receiveUpload stores the request's "upload" file part, if there is one, in a temporary
// file and describes it on res (which must have its id): url_type "upload", the file
// name as url, size, SHA-256 hash, mimetype and, when empty, format. It returns nil when
// the request carries no file.
func (a *API) receiveUpload(c *call, res *catalog.Resource) (*upload, error) {
	mf := c.r.MultipartForm
	if mf == nil || len(mf.File["upload"]) == 0 {
		return nil, nil
	}
	fh := mf.File["upload"][0]
	if a.UploadDir == "" {
		return nil, catalog.Invalid("upload", "File uploads are not enabled on this server")
	}
	limit := a.maxUpload()
	if fh.Size > limit {
		return nil, catalog.Invalid("upload", "File upload too large")
	}
	name := sanitizeFileName(fh.Filename)
	src, err := fh.Open()
	if err != nil {
		return nil, fmt.Errorf("ckan: open uploaded file: %w", err)
	}
	defer src.Close()
	if err := os.MkdirAll(a.UploadDir, 0o755); err != nil {
		return nil, fmt.Errorf("ckan: create upload folder: %w", err)
	}
	tmp, err := os.CreateTemp(a.UploadDir, ".upload-*")
	if err != nil {
		return nil, fmt.Errorf("ckan: create upload file: %w", err)
	}
	u := &upload{tmp: tmp.Name(), dir: filepath.Join(a.UploadDir, res.ID), name: name}
	fail := func(err error) (*upload, error) {
		_ = tmp.Close()
		u.abort()
		return nil, err
	}
	h := sha256.New()
	var head [512]byte
	n, err := io.ReadFull(src, head[:])
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return fail(fmt.Errorf("ckan: read upload: %w", err))
	}
	written, err := io.Copy(io.MultiWriter(tmp, h), io.MultiReader(bytes.NewReader(head[:n]), io.LimitReader(src, limit+1-int64(n))))
	if err != nil {
		return fail(fmt.Errorf("ckan: store upload: %w", err))
	}
	if written > limit {
		return fail(catalog.Invalid("upload", "File upload too large"))
	}
	if err := tmp.Sync(); err != nil {
		return fail(fmt.Errorf("ckan: store upload: %w", err))
	}
	if err := tmp.Close(); err != nil {
		u.abort()
		return nil, fmt.Errorf("ckan: store upload: %w", err)
	}
	res.URL, res.URLType = name, "upload"
	res.Size = &written
	res.Hash = hex.EncodeToString(h.Sum(nil))
	if res.MimeType == "" {
		res.MimeType = sniffType(name, head[:n])
	}
	if res.Format == "" {
		res.Format = strings.ToUpper(strings.TrimPrefix(filepath.Ext(name), "."))
	}
	return u, nil
}

// sniffType is an upload's media type: by its extension when we know it (a CSV looks like
// plain text to content sniffing), otherwise from its first bytes.
func sniffType(name string, head []byte) string {
	t := contentTypeFor(name, "")
	if t == "application/octet-stream" {
		t = http.DetectContentType(head)
	}
	if mt, _, err := mime.ParseMediaType(t); err == nil {
		return mt
	}
	return t
}

// commit moves the file into UploadDir/<resource id>/<name>, replacing the resource's
// earlier file, and returns its path. The rename is atomic: a reader sees the old file
// or the new one, never a part.
func (u *upload) commit() (string, error) {
	if err := os.MkdirAll(u.dir, 0o755); err != nil {
		return "", fmt.Errorf("ckan: create upload folder: %w", err)
	}
	dst := filepath.Join(u.dir, u.name)
	if err := os.Rename(u.tmp, dst); err != nil {
		return "", fmt.Errorf("ckan: move upload into place: %w", err)
	}
	if entries, err := os.ReadDir(u.dir); err == nil {
		for _, e := range entries {
			if e.Name() != u.name {
				_ = os.RemoveAll(filepath.Join(u.dir, e.Name()))
			}
		}
	}
	if d, err := os.Open(u.dir); err == nil {
		_ = d.Sync() // make the rename durable
		_ = d.Close()
	}
	return dst, nil
}

// abort removes the temporary file.
func (u *upload) abort() {
	if u != nil {
		_ = os.Remove(u.tmp)
	}
}

// finishUpload commits a received upload after its write succeeded and runs OnUpload.
func (a *API) finishUpload(c *call, u *upload, res *catalog.Resource) error {
	if u == nil {
		return nil
	}
	path, err := u.commit()
	if err != nil {
		return err
	}
	if a.OnUpload != nil {
		a.OnUpload(c.r.Context(), res, path)
	}
	return nil
}

// removeUploads deletes the upload folders of resources that no longer exist. It is best
// effort: a leftover folder is never served, since downloads go through the catalog.
func (a *API) removeUploads(ids ...string) {
	if a.UploadDir == "" {
		return
	}
	for _, id := range ids {
		if id == "" || id != filepath.Base(id) || strings.HasPrefix(id, ".") {
			continue
		}
		if err := os.RemoveAll(filepath.Join(a.UploadDir, id)); err != nil {
			a.log().Warn("ckan: remove upload folder", slog.String("resource", id), slog.Any("error", err))
		}
	}
}

// sanitizeFileName makes an uploaded file's name safe to store and to put in a URL, as
// CKAN's munge_filename does: the last path element only, lower-case ASCII letters,
// digits, ".", "-" and "_", spaces as "-", no leading dot, at most 100 characters.
func sanitizeFileName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(name)) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteRune('-')
		}
	}
	out := strings.TrimLeft(b.String(), ".")
	ext := filepath.Ext(out)
	if strings.TrimSuffix(out, ext) == "" || out == "" {
		// Nothing of the name survived (a Thai name, say): keep its extension, if any.
		ext = strings.ToLower(filepath.Ext(name))
		if !utf8.ValidString(ext) || sanitizeExt(ext) != ext {
			ext = ""
		}
		out = "upload" + ext
	}
	if len(out) > 100 {
		ext := filepath.Ext(out)
		if len(ext) > 20 {
			ext = ""
		}
		out = out[:100-len(ext)] + ext
	}
	return out
}

func sanitizeExt(ext string) string {
	var b strings.Builder
	for i, r := range ext {
		if (i == 0 && r == '.') || (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}
