package ckan

import (
	"errors"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/khlang/khlang/catalog"
)

// contentTypeFor is catalog.ContentTypeFor.
func contentTypeFor(name, recorded string) string { return catalog.ContentTypeFor(name, recorded) }

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
