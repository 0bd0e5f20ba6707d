package catalog

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// DefaultMaxUpload is the default cap on one uploaded file.
const DefaultMaxUpload = 100 << 20

// fileTypes are the media types of the formats open data is published in. Go's built-in
// table lacks most of them (csv, xlsx...) and the system's mime.types differs between
// machines, so the common ones are fixed here.
var fileTypes = map[string]string{
	".csv": "text/csv; charset=utf-8", ".tsv": "text/tab-separated-values; charset=utf-8",
	".txt": "text/plain; charset=utf-8", ".json": "application/json", ".geojson": "application/geo+json",
	".xml": "application/xml", ".rdf": "application/rdf+xml", ".ttl": "text/turtle", ".jsonld": "application/ld+json",
	".pdf": "application/pdf", ".zip": "application/zip", ".gz": "application/gzip",
	".xls": "application/vnd.ms-excel", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".ods": "application/vnd.oasis.opendocument.spreadsheet", ".odt": "application/vnd.oasis.opendocument.text",
	".doc": "application/msword", ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".ppt": "application/vnd.ms-powerpoint", ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	".parquet": "application/vnd.apache.parquet", ".kml": "application/vnd.google-earth.kml+xml",
	".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".svg": "image/svg+xml",
}

// ContentTypeFor picks the media type of an uploaded file from its extension, then the
// resource's recorded mimetype, then a generic binary type.
func ContentTypeFor(name, recorded string) string {
	ext := strings.ToLower(filepath.Ext(name))
	if t, ok := fileTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	if recorded != "" {
		return recorded
	}
	return "application/octet-stream"
}

// Upload is a received file waiting in a temporary file inside the upload folder until
// the database write that refers to it commits; then Commit moves it into place, and if
// the write fails Abort removes it, so a failed write leaves no file behind.
type Upload struct {
	tmp  string // the temporary file
	dir  string // <upload folder>/<resource id>
	name string // the sanitised file name
}

// ReceiveUpload stores src (a file the client named filename) in a temporary file in
// dir and describes it on res, which must have its id: url_type "upload", the file name
// as url, size, SHA-256 hash, mimetype and, when empty, format. A file over limit bytes
// is refused with CKAN's message and leaves nothing behind.
func ReceiveUpload(dir string, limit int64, res *Resource, filename string, src io.Reader) (*Upload, error) {
	if dir == "" {
		return nil, Invalid("upload", "File uploads are not enabled on this server")
	}
	if limit <= 0 {
		limit = DefaultMaxUpload
	}
	name := SanitizeFileName(filename)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("catalog: create upload folder: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".upload-*")
	if err != nil {
		return nil, fmt.Errorf("catalog: create upload file: %w", err)
	}
	u := &Upload{tmp: tmp.Name(), dir: filepath.Join(dir, res.ID), name: name}
	fail := func(err error) (*Upload, error) {
		_ = tmp.Close()
		u.Abort()
		return nil, err
	}
	h := sha256.New()
	var head [512]byte
	n, err := io.ReadFull(src, head[:])
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return fail(fmt.Errorf("catalog: read upload: %w", err))
	}
	written, err := io.Copy(io.MultiWriter(tmp, h), io.MultiReader(bytes.NewReader(head[:n]), io.LimitReader(src, limit+1-int64(n))))
	if err != nil {
		return fail(fmt.Errorf("catalog: store upload: %w", err))
	}
	if written > limit {
		return fail(Invalid("upload", "File upload too large"))
	}
	if err := tmp.Sync(); err != nil {
		return fail(fmt.Errorf("catalog: store upload: %w", err))
	}
	if err := tmp.Close(); err != nil {
		u.Abort()
		return nil, fmt.Errorf("catalog: store upload: %w", err)
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
	t := ContentTypeFor(name, "")
	if t == "application/octet-stream" {
		t = http.DetectContentType(head)
	}
	if mt, _, err := mime.ParseMediaType(t); err == nil {
		return mt
	}
	return t
}

// Commit moves the file into <upload folder>/<resource id>/<name>, replacing the
// resource's earlier file, and returns its path. The rename is atomic: a reader sees the
// old file or the new one, never a part.
func (u *Upload) Commit() (string, error) {
	if err := os.MkdirAll(u.dir, 0o755); err != nil {
		return "", fmt.Errorf("catalog: create upload folder: %w", err)
	}
	dst := filepath.Join(u.dir, u.name)
	if err := os.Rename(u.tmp, dst); err != nil {
		return "", fmt.Errorf("catalog: move upload into place: %w", err)
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

// Abort removes the temporary file; it may be called on a nil Upload.
func (u *Upload) Abort() {
	if u != nil {
		_ = os.Remove(u.tmp)
	}
}

// RemoveUploads deletes the upload folders of resources that no longer exist, returning
// the first failure. It is best effort: a leftover folder is never served, since
// downloads go through the catalog.
func RemoveUploads(dir string, ids ...string) error {
	if dir == "" {
		return nil
	}
	var first error
	for _, id := range ids {
		if id == "" || id != filepath.Base(id) || strings.HasPrefix(id, ".") {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, id)); err != nil && first == nil {
			first = fmt.Errorf("catalog: remove upload folder of %s: %w", id, err)
		}
	}
	return first
}

// SanitizeFileName makes an uploaded file's name safe to store and to put in a URL, as
// CKAN's munge_filename does: the last path element only, lower-case ASCII letters,
// digits, ".", "-" and "_", spaces as "-", no leading dot, at most 100 characters.
func SanitizeFileName(name string) string {
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
	raw := b.String()
	out := strings.TrimLeft(raw, ".")
	// The stem is judged before leading dots go, so that "กองทุน.xlsx" (whose stem
	// vanishes, leaving ".xlsx") keeps its extension rather than becoming "xlsx".
	if ext := filepath.Ext(raw); strings.Trim(strings.TrimSuffix(raw, ext), ".") == "" || out == "" {
		// Nothing of the name survived (a Thai name, say): keep its extension, if any.
		kept := strings.ToLower(filepath.Ext(name))
		if !utf8.ValidString(kept) || sanitizeExt(kept) != kept {
			kept = ""
		}
		out = "upload" + kept
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
