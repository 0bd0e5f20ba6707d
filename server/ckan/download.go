package ckan

import (
	"errors"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/khlang/khlang/catalog"
)

// downloadTypes are the media types of the formats open data is published in. Go's
// built-in table lacks most of them (csv, xlsx...) and the system's mime.types differs
// between machines, so the common ones are fixed here.
var downloadTypes = map[string]string{
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

// contentTypeFor picks the media type of an uploaded file from its extension, then the
// resource's recorded mimetype, then a generic binary type.
func contentTypeFor(name, recorded string) string {
	ext := strings.ToLower(filepath.Ext(name))
	if t, ok := downloadTypes[ext]; ok {
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

// serveDownload serves /dataset/{id}/resource/{rid}/download/{file}: the uploaded file of
// a resource, to callers who may read its dataset. Anything else is a 404, so that a
// private dataset's files cannot even be confirmed to exist.
func (a *API) serveDownload(w http.ResponseWriter, r *http.Request) {
	if methodNotAllowed(w, r, "GET, HEAD, OPTIONS") {
		return
	}
	notFound := func() {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte("404 Not Found: Resource not found\n"))
	}
	if strings.ContainsRune(r.URL.Path, 0) {
		notFound() // PostgreSQL cannot even compare such a name
		return
	}
	ctx := r.Context()
	actor, err := a.actorFor(r)
	if err != nil {
		a.log().Error("ckan download: resolve token", "error", err)
		actor = catalog.Anonymous
	}
	d, err := a.Store.Dataset(ctx, r.PathValue("id"))
	if err != nil {
		if !errors.Is(err, catalog.ErrNotFound) {
			a.log().Error("ckan download: load dataset", "error", err)
		}
		notFound()
		return
	}
	if !actor.CanRead(d) || a.UploadDir == "" {
		notFound()
		return
	}
	var res *catalog.Resource
	for i := range d.Resources {
		if d.Resources[i].ID == r.PathValue("rid") {
			res = &d.Resources[i]
		}
	}
	if res == nil || res.URLType != "upload" {
		notFound()
		return
	}
	// The stored name decides which file is served; the name in the URL is cosmetic, as in
	// CKAN. Base() keeps both the id and the name inside the upload folder.
	name := path.Base(res.URL)
	if name == "." || name == "/" || name == ".." || res.ID != filepath.Base(res.ID) {
		notFound()
		return
	}
	f, err := os.Open(filepath.Join(a.UploadDir, res.ID, name))
	if err != nil {
		notFound()
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.IsDir() {
		notFound()
		return
	}
	h := w.Header()
	h.Set("Content-Type", contentTypeFor(name, res.MimeType))
	// Uploaded files come from users: a sandbox keeps an uploaded HTML or SVG file from
	// running script with this site's origin.
	h.Set("Content-Security-Policy", "sandbox")
	http.ServeContent(w, r, name, st.ModTime(), f)
}
