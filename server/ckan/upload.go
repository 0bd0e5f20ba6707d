package ckan

import (
	"fmt"
	"log/slog"

	"github.com/khlang/khlang/catalog"
)

func (a *API) maxUpload() int64 {
	if a.MaxUploadBytes > 0 {
		return a.MaxUploadBytes
	}
	return catalog.DefaultMaxUpload
}

// upload is a received file waiting for its database write (catalog.Upload, shared with
// GraphQL's uploads).
type upload = catalog.Upload

// receiveUpload stores the request's "upload" file part, if there is one, in a temporary
// file and describes it on res (which must have its id); see catalog.ReceiveUpload. It
// returns nil when the request carries no file.
func (a *API) receiveUpload(c *call, res *catalog.Resource) (*upload, error) {
	mf := c.r.MultipartForm
	if mf == nil || len(mf.File["upload"]) == 0 {
		return nil, nil
	}
	fh := mf.File["upload"][0]
	if a.UploadDir == "" {
		return nil, catalog.Invalid("upload", "File uploads are not enabled on this server")
	}
	if fh.Size > a.maxUpload() {
		return nil, catalog.Invalid("upload", "File upload too large")
	}
	src, err := fh.Open()
	if err != nil {
		return nil, fmt.Errorf("ckan: open uploaded file: %w", err)
	}
	defer src.Close()
	return catalog.ReceiveUpload(a.UploadDir, a.maxUpload(), res, fh.Filename, src)
}

// finishUpload commits a received upload after its write succeeded and runs OnUpload.
func (a *API) finishUpload(c *call, u *upload, res *catalog.Resource) error {
	if u == nil {
		return nil
	}
	path, err := u.Commit()
	if err != nil {
		return err
	}
	if a.OnUpload != nil {
		a.OnUpload(c.r.Context(), res, path)
	}
	return nil
}

// removeUploads deletes the upload folders of resources that no longer exist (best
// effort; a failure is logged).
func (a *API) removeUploads(ids ...string) {
	a.dropGoneTables(ids...)
	if err := catalog.RemoveUploads(a.UploadDir, ids...); err != nil {
		a.log().Warn("ckan: remove upload folder", slog.Any("error", err))
	}
}

// ResourcesGone is removeUploads for the other interfaces that delete resources (GraphQL),
// so a deleted resource loses its table and files whichever way it went.
func (a *API) ResourcesGone(ids ...string) { a.removeUploads(ids...) }

// sanitizeFileName is catalog.SanitizeFileName.
func sanitizeFileName(name string) string { return catalog.SanitizeFileName(name) }
