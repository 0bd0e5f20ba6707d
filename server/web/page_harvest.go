package web

import (
	"fmt"
	"net/http"
	"time"

	"github.com/khlang/khlang/catalog"
)

// harvestSource is a source as the harvest pages show it: where it harvests into, its
// newest run, and whether the visitor may read its run reports.
type harvestSource struct {
	S        *catalog.HarvestSource
	Org      *catalog.Group
	Last     *catalog.HarvestRun // nil before its first run
	Runs     []catalog.HarvestRun
	MayRead  bool // the visitor may read the run reports
	NumRuns  int
	Schedule string
}

// harvestSourceView loads what the pages show of src for actor a: with runs set, every run
// for those who may read them, else the newest only.
func (h *Handler) harvestSourceView(r *http.Request, a *catalog.Actor, src *catalog.HarvestSource, runs bool) (*harvestSource, error) {
	ctx := r.Context()
	org, err := h.Store.HarvestSourceOrg(ctx, src)
	if err != nil {
		return nil, err
	}
	v := &harvestSource{S: src, Org: org, Schedule: src.Frequency, MayRead: a.CanUpdateHarvestSource(src, org) == nil}
	if v.Schedule == "" {
		v.Schedule = "MANUAL"
	}
	if v.NumRuns, err = h.Store.HarvestRunCount(ctx, src.ID); err != nil {
		return nil, err
	}
	limit := 1
	if runs && v.MayRead {
		limit = 0
	}
	list, err := h.Store.HarvestRuns(ctx, src.ID, limit)
	if err != nil {
		return nil, err
	}
	if len(list) > 0 {
		v.Last = &list[0]
	}
	if limit == 0 {
		v.Runs = list
	}
	return v, nil
}

// harvestList is /harvest, ckanext-harvest's list of sources: open to everyone, as its
// harvest_source_list is, with each source's newest run in figures.
func (h *Handler) harvestList(w http.ResponseWriter, r *http.Request) {
	srcs, err := h.Store.HarvestSources(r.Context())
	if err != nil {
		h.fail(w, r, fmt.Errorf("web: harvest sources: %w", err))
		return
	}
	a := h.actor(r)
	views := make([]*harvestSource, 0, len(srcs))
	for i := range srcs {
		v, err := h.harvestSourceView(r, a, &srcs[i], false)
		if err != nil {
			h.fail(w, r, fmt.Errorf("web: harvest sources: %w", err))
			return
		}
		views = append(views, v)
	}
	p := h.newPage(w, r)
	p.Title, p.Description = p.T("harvest.title"), p.T("harvest.desc")
	p.Data = map[string]any{"Sources": views}
	h.render(w, r, http.StatusOK, "harvest.html", p)
}

// harvestSourcePage is /harvest/{name}: the source, and its runs for those who may read
// them (the organization's editors and admins, sysadmins).
func (h *Handler) harvestSourcePage(w http.ResponseWriter, r *http.Request) {
	src, err := h.Store.HarvestSource(r.Context(), r.PathValue("name"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v, err := h.harvestSourceView(r, h.actor(r), src, true)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := h.newPage(w, r)
	p.Title = src.Name
	p.Data = v
	h.render(w, r, http.StatusOK, "harvest_source.html", p)
}

// harvestJobPage is /harvest/{name}/job/{id}: one run's report with the error of each
// dataset that failed. Visitors not logged in are sent to log in; others who may not
// read it get 403.
func (h *Handler) harvestJobPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	src, err := h.Store.HarvestSource(ctx, r.PathValue("name"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	run, err := h.Store.HarvestRun(ctx, r.PathValue("id"))
	if err == nil && run.SourceID != src.ID {
		err = catalog.NotFound("Harvest job not found")
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	a := h.actor(r)
	org, err := h.Store.HarvestSourceOrg(ctx, src)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if a.CanUpdateHarvestSource(src, org) != nil {
		if !a.LoggedIn() {
			http.Redirect(w, r, loginURL(r), http.StatusSeeOther)
			return
		}
		h.errorPage(w, r, http.StatusForbidden)
		return
	}
	p := h.newPage(w, r)
	p.Title = p.T("harvest.job.title", src.Name)
	p.NoIndex = true
	p.Data = map[string]any{"S": src, "Run": run}
	h.render(w, r, http.StatusOK, "harvest_job.html", p)
}

// DateTime is t's date in the page's language and its time of day in UTC.
func (p *page) DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return formatDate(p.Lang, t) + " " + t.UTC().Format("15:04") + " UTC"
}
