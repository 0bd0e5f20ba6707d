package ckan

import (
	"context"

	"github.com/khlang/khlang/catalog"
)

// harvestReads are ckanext-harvest's read actions over the sources `khlang harvest`
// manages and the reports of their runs (its "jobs").
func (a *API) harvestReads() map[string]func(ctx context.Context, c *call) (any, error) {
	return map[string]func(ctx context.Context, c *call) (any, error){
		"harvest_source_list": a.harvestSourceList,
		"harvest_source_show": a.harvestSourceShow,
		"harvest_job_list":    a.harvestJobList,
		"harvest_job_show":    a.harvestJobShow,
	}
}

// harvestSourceList is harvest_source_list: every source, as ckanext-harvest lets anyone
// list them.
func (a *API) harvestSourceList(ctx context.Context, c *call) (any, error) {
	srcs, err := a.Store.HarvestSources(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]map[string]any, 0, len(srcs))
	for i := range srcs {
		d, err := a.harvestSourceDict(ctx, c.actor, &srcs[i])
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// harvestSourceShow is harvest_source_show.
func (a *API) harvestSourceShow(ctx context.Context, c *call) (any, error) {
	id, err := c.params.requiredStr("id")
	if err != nil {
		return nil, err
	}
	src, err := a.Store.HarvestSource(ctx, id[0])
	if err != nil {
		return nil, err
	}
	return a.harvestSourceDict(ctx, c.actor, src)
}

// harvestJobList is harvest_job_list: a source's runs, newest first, optionally of one
// status (ckanext-harvest's New, Running or Finished).
func (a *API) harvestJobList(ctx context.Context, c *call) (any, error) {
	id, err := c.params.requiredStr("source_id")
	if err != nil {
		return nil, err
	}
	status, err := c.params.str("status")
	if err != nil {
		return nil, err
	}
	switch status {
	case "", "New", "Running", "Finished":
	default:
		return nil, catalog.Invalid("status", "Must be New, Running or Finished")
	}
	src, err := a.harvestJobsSource(ctx, c.actor, id[0])
	if err != nil {
		return nil, err
	}
	runs, err := a.Store.HarvestRuns(ctx, src.ID, 0)
	if err != nil {
		return nil, err
	}
	out := []map[string]any{}
	for i := range runs {
		if d := harvestJobDict(&runs[i]); status == "" || d["status"] == status {
			out = append(out, d)
		}
	}
	return out, nil
}

// harvestJobShow is harvest_job_show: one run's report, with the error of each dataset
// that failed.
func (a *API) harvestJobShow(ctx context.Context, c *call) (any, error) {
	id, err := c.params.requiredStr("id")
	if err != nil {
		return nil, err
	}
	run, err := a.Store.HarvestRun(ctx, id[0])
	if err != nil {
		return nil, err
	}
	if _, err := a.harvestJobsSource(ctx, c.actor, run.SourceID); err != nil {
		return nil, err
	}
	d := harvestJobDict(run)
	errs := make([]map[string]any, len(run.Errors))
	for i, e := range run.Errors {
		errs[i] = map[string]any{"id": e.ID, "message": e.Message}
	}
	d["errors"] = errs
	return d, nil
}

// harvestJobCreate is harvest_job_create: a run of the source, started at once in the
// background (ckanext-harvest's run=true); full reads the whole source and withdraws the
// datasets it no longer lists, as `khlang harvest run --full` does.
func (a *API) harvestJobCreate(ctx context.Context, c *call) (any, error) {
	id, err := c.params.requiredStr("source_id")
	if err != nil {
		return nil, err
	}
	run, err := c.params.strictFlag("run", true)
	if err != nil {
		return nil, err
	}
	if !run {
		return nil, catalog.Invalid("run", "Jobs start at once here; leave run out or set it to true")
	}
	full, err := c.params.strictFlag("full", false)
	if err != nil {
		return nil, err
	}
	src, err := a.harvestJobsSource(ctx, c.actor, id[0])
	if err != nil {
		return nil, err
	}
	r, err := a.HarvestNow(ctx, src, full)
	if err != nil {
		return nil, err
	}
	return harvestJobDict(r), nil
}

// harvestJobsSource is the source whose runs the actor asks for, once they may read them.
func (a *API) harvestJobsSource(ctx context.Context, actor *catalog.Actor, idOrName string) (*catalog.HarvestSource, error) {
	src, err := a.Store.HarvestSource(ctx, idOrName)
	if err != nil {
		return nil, err
	}
	org, err := a.Store.HarvestSourceOrg(ctx, src)
	if err != nil {
		return nil, err
	}
	return src, actor.CanUpdateHarvestSource(src, org)
}

// harvestSourceDict is a source as ckanext-harvest's harvest_source_show gives it, with
// the status of its runs. Its config, which may hold the remote catalog's API key, is
// shown to sysadmins only.
func (a *API) harvestSourceDict(ctx context.Context, actor *catalog.Actor, src *catalog.HarvestSource) (map[string]any, error) {
	freq := src.Frequency
	if freq == "" {
		freq = "MANUAL"
	}
	d := map[string]any{"id": src.ID, "name": src.Name, "title": src.Name, "url": src.URL, "type": src.Type,
		"source_type": src.Type, "frequency": freq, "active": true, "created": catalog.FormatTime(src.Created),
		"publisher_id": nil, "publisher_title": ""}
	if actor.Sysadmin() {
		d["config"] = src.Config
	}
	org, err := a.Store.HarvestSourceOrg(ctx, src)
	if err != nil {
		return nil, err
	}
	if org != nil {
		d["publisher_id"], d["publisher_title"] = org.ID, org.Title
	}
	count, err := a.Store.HarvestRunCount(ctx, src.ID)
	if err != nil {
		return nil, err
	}
	// At most one run of a source is running, so the last finished one is among the
	// newest two.
	runs, err := a.Store.HarvestRuns(ctx, src.ID, 2)
	if err != nil {
		return nil, err
	}
	status := map[string]any{"job_count": count, "last_harvest_request": "Not yet harvested"}
	if count == 0 {
		status["msg"] = "No jobs yet"
	}
	for i := range runs {
		if runs[i].Status != catalog.HarvestRunning {
			status["last_harvest_request"] = catalog.FormatTime(runs[i].Finished)
			break
		}
	}
	d["status"] = status
	return d, nil
}

// harvestJobDict is a run as ckanext-harvest's harvest_job_show gives a job: its times,
// status, counts by outcome and error summary. Khlang's own outcome (ok, errors, failed,
// running) and whether the run read the whole source are added.
func harvestJobDict(r *catalog.HarvestRun) map[string]any {
	status, finished := "Finished", any(catalog.FormatTime(r.Finished))
	if r.Status == catalog.HarvestRunning {
		status, finished = "Running", nil
	}
	summary := map[string]int{}
	var order []string
	for _, e := range r.Errors {
		if summary[e.Message] == 0 {
			order = append(order, e.Message)
		}
		summary[e.Message]++
	}
	objectErrors := make([][]any, 0, len(order))
	for _, m := range order {
		objectErrors = append(objectErrors, []any{m, summary[m]})
	}
	gatherErrors := [][]any{}
	errored := len(r.Errors)
	if r.Status == catalog.HarvestFailed && r.Message != "" {
		// The source could not be read: ckanext-harvest's gather error.
		gatherErrors = append(gatherErrors, []any{r.Message, 1})
		errored++
	}
	return map[string]any{"id": r.ID, "source_id": r.SourceID, "created": catalog.FormatTime(r.Started),
		"gather_started": catalog.FormatTime(r.Started), "gather_finished": finished, "finished": finished,
		"status": status, "khlang_status": r.Status, "full": r.Full,
		"stats": map[string]int{"added": r.Created, "updated": r.Updated, "not modified": r.Unchanged,
			"errored": errored, "deleted": r.Deleted},
		"object_error_summary": objectErrors, "gather_error_summary": gatherErrors}
}

func init() {
	for name, doc := range map[string]string{
		"harvest_source_list": `Return the harvest sources: remote CKAN portals, DCAT catalogs and data.json files
whose datasets this catalog copies (khlang harvest source add). Each has its id, name, url,
type, frequency, the organization it harvests into (publisher_id) and the status of its
runs; the config only for sysadmins.

:rtype: list of dictionaries`,
		"harvest_source_show": `Return one harvest source, as harvest_source_list gives them.

:param id: the id or name of the source
:type id: string
:rtype: dictionary`,
		"harvest_job_list": `Return the runs ("jobs") of a harvest source, newest first, each with its counts
(stats: added, updated, not modified, errored, deleted) and error summary. Editors and admins
of the organization the source harvests into, and sysadmins, may list them.

:param source_id: the id or name of the source
:type source_id: string
:param status: only runs of this status: New, Running or Finished (optional)
:type status: string
:rtype: list of dictionaries`,
		"harvest_job_create": `Start a run of a harvest source now, in the background, and return it (status
"Running"); follow it with harvest_job_show. Editors and admins of the organization the source
harvests into, and sysadmins, may start one. While a run of the source is under way another
is refused (409).

:param source_id: the id or name of the source
:type source_id: string
:param full: read the whole source and withdraw the datasets it no longer lists (optional,
    default false: a CKAN source is read from what changed since its last run)
:type full: bool
:rtype: dictionary`,
		"harvest_job_show": `Return one run of a harvest source, as harvest_job_list gives them, with the error of
each dataset that failed (errors: id and message). Same permission as harvest_job_list.

:param id: the run's id
:type id: string
:rtype: dictionary`,
	} {
		docs[name] = doc
	}
}
