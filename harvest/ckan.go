package harvest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/khlang/khlang/catalog"
)

// ckanPageSize is ckanext-harvest's rows parameter.
const ckanPageSize = 100

// ckanFilterTerms builds the fq terms of ckanext-harvest's CKANHarvester.gather_stage
// from the organisation and group filters (an include list wins over an exclude list).
func ckanFilterTerms(c Config) []string {
	var terms []string
	add := func(field string, include, exclude []string) {
		if len(include) > 0 {
			parts := make([]string, len(include))
			for i, name := range include {
				parts[i] = field + ":" + name
			}
			terms = append(terms, strings.Join(parts, " OR "))
			return
		}
		for _, name := range exclude {
			terms = append(terms, "-"+field+":"+name)
		}
	}
	add("organization", c.OrganizationsInclude, c.OrganizationsExclude)
	add("groups", c.GroupsInclude, c.GroupsExclude)
	return terms
}

// pythonISOFormat renders t as Python's naive datetime.isoformat() does: microseconds
// only when they are not zero.
func pythonISOFormat(t time.Time) string {
	t = t.UTC()
	if t.Nanosecond()/1000 == 0 {
		return t.Format("2006-01-02T15:04:05")
	}
	return t.Format("2006-01-02T15:04:05.000000")
}

// ckanSinceTerm is the incremental fq term: datasets modified since an hour before the
// start of the last run without errors, as ckanext-harvest writes it.
func ckanSinceTerm(lastStart time.Time) string {
	return "metadata_modified:[" + pythonISOFormat(lastStart.Add(-time.Hour)) + "Z TO *]"
}

// ckanSearchURL is the package_search URL of one page; parameters are in
// ckanext-harvest's order and encoded once (a space is "+", a literal "+" is "%2B").
func ckanSearchURL(base string, start int, fq []string) string {
	q := "rows=" + strconv.Itoa(ckanPageSize) + "&start=" + strconv.Itoa(start) + "&sort=" + url.QueryEscape("id asc")
	if len(fq) > 0 {
		q += "&fq=" + url.QueryEscape(strings.Join(fq, " "))
	}
	return strings.TrimRight(base, "/") + "/api/3/action/package_search?" + q
}

// gatherCKAN lists the remote datasets: those changed since the last run without errors
// when there is one (falling back to all when that search fails), or all.
func (r *runner) gatherCKAN(ctx context.Context) (*gatherResult, error) {
	terms := ckanFilterTerms(r.src.Config)
	if !r.opts.Full && !r.src.Config.ForceAll {
		last, err := r.lastErrorFreeRun(ctx)
		if err != nil {
			return nil, err
		}
		if last != nil {
			res, err := r.searchCKAN(ctx, append(terms[:len(terms):len(terms)], ckanSinceTerm(last.Started)))
			if err == nil {
				res.complete = false
				return res, nil
			}
			r.report.Errors = append(r.report.Errors, catalog.HarvestError{Message: "incremental search failed, reading all datasets: " + err.Error()})
		}
	}
	res, err := r.searchCKAN(ctx, terms)
	if err != nil {
		return nil, err
	}
	return res, nil
}

// lastErrorFreeRun is the newest run of the source that finished without any error.
func (r *runner) lastErrorFreeRun(ctx context.Context) (*catalog.HarvestRun, error) {
	runs, err := r.store.HarvestRuns(ctx, r.src.ID, 0)
	if err != nil {
		return nil, err
	}
	for i := range runs {
		if runs[i].Status == catalog.HarvestOK {
			return &runs[i], nil
		}
	}
	return nil, nil
}

// searchCKAN pages through package_search until a page brings no dataset not already
// seen. ckanext-harvest stops only on an empty page after removing duplicates; stopping
// on a page of nothing new as well ends the loop against a source that ignores start,
// which is then reported, and the gather is marked incomplete so nothing is withdrawn.
func (r *runner) searchCKAN(ctx context.Context, fq []string) (*gatherResult, error) {
	res := &gatherResult{complete: true}
	seen := map[string]bool{}
	for start, page := 0, 1; ; start, page = start+ckanPageSize, page+1 {
		u := ckanSearchURL(r.src.URL, start, fq)
		results, err := r.fetchSearchPage(ctx, u)
		if err != nil {
			return nil, err
		}
		r.opts.Progress.Report("harvest gather", page, 0)
		if len(results) == 0 {
			return res, nil
		}
		fresh := 0
		for _, p := range results {
			id, _ := p["id"].(string)
			if id == "" {
				res.warnings = append(res.warnings, catalog.HarvestError{Message: fmt.Sprintf("a dataset without id at %s", u)})
				continue
			}
			if seen[id] {
				continue
			}
			seen[id] = true
			fresh++
			res.records = append(res.records, ckanRecord(id, p))
		}
		if fresh == 0 {
			res.complete = false
			res.warnings = append(res.warnings, catalog.HarvestError{Message: fmt.Sprintf(
				"paging stopped: the page at start=%d held only datasets already seen (the source may ignore start); "+
					"datasets are not withdrawn after an incomplete listing", start)})
			return res, nil
		}
	}
}

// ckanRecord prepares a remote package dict: fields that change without the dataset
// changing (view counts) are dropped, and the embedded organisation and groups are kept
// aside for mapping.
func ckanRecord(id string, p catalog.Dict) record {
	rec := record{GUID: id, ID: id, Dict: p}
	delete(p, "tracking_summary")
	if org, ok := p["organization"].(map[string]any); ok {
		rec.Org = org
	}
	delete(p, "organization")
	delete(p, "owner_org")
	if groups, ok := p["groups"].([]any); ok {
		for _, g := range groups {
			if m, ok := g.(map[string]any); ok {
				rec.Groups = append(rec.Groups, m)
			}
		}
	}
	delete(p, "groups")
	return rec
}

// fetchSearchPage reads one package_search answer and returns result.results.
func (r *runner) fetchSearchPage(ctx context.Context, u string) ([]catalog.Dict, error) {
	body, _, err := r.get(ctx, u, "application/json")
	if err != nil {
		return nil, err
	}
	var env struct {
		Success *bool `json:"success"`
		Error   any   `json:"error"`
		Result  struct {
			Results []catalog.Dict `json:"results"`
		} `json:"result"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, fmt.Errorf("package_search at %s: not a CKAN answer: %w", u, err)
	}
	if env.Success != nil && !*env.Success {
		msg, _ := json.Marshal(env.Error)
		return nil, fmt.Errorf("package_search at %s failed: %s", u, msg)
	}
	return env.Result.Results, nil
}

// get fetches u with the source's headers; a status other than 2xx is an error.
func (r *runner) get(ctx context.Context, u, accept string) ([]byte, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, "", fmt.Errorf("bad URL %q: %w", u, err)
	}
	req.Header.Set("Accept", accept)
	if r.src.Config.APIKey != "" {
		req.Header.Set("Authorization", r.src.Config.APIKey)
	}
	if r.src.Config.UserAgent != "" {
		req.Header.Set("User-Agent", r.src.Config.UserAgent)
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, "", fmt.Errorf("fetch %s: %w", u, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxDocumentBytes+1))
	if err != nil {
		return nil, "", fmt.Errorf("read %s: %w", u, err)
	}
	if len(body) > maxDocumentBytes {
		return nil, "", fmt.Errorf("fetch %s: larger than %d bytes", u, maxDocumentBytes)
	}
	if resp.StatusCode/100 != 2 {
		snippet := string(body)
		if len(snippet) > 200 {
			snippet = snippet[:200] + "…"
		}
		return nil, "", fmt.Errorf("fetch %s: %s: %s", u, resp.Status, snippet)
	}
	return body, resp.Header.Get("Content-Type"), nil
}
