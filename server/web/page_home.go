package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/search"
)

// frameworks are the indicator frameworks the home page features, in order, with the
// code of their export URLs (/framework/{code}/indicators.{ext}).
var frameworks = []struct{ Name, Code string }{
	{"WDCR", "wdcr"}, {"ADIX", "adix"}, {"OECD-GD", "oecd"}, {"TH-PLAN", "th-plan"},
}

func init() {
	for k, v := range map[string][2]string{
		"framework.WDCR":    {"IMD World Digital Competitiveness Ranking", "การจัดอันดับความสามารถในการแข่งขันด้านดิจิทัลโลก (IMD)"},
		"framework.ADIX":    {"ASEAN Digital Integration Index", "ดัชนีการบูรณาการดิจิทัลอาเซียน (ADIX)"},
		"framework.OECD-GD": {"OECD Going Digital", "OECD Going Digital"},
		"framework.TH-PLAN": {"Thailand's digital development plans", "แผนพัฒนาดิจิทัลเพื่อเศรษฐกิจและสังคม"},
	} {
		messages[k] = v
	}
}

// frameworkCard is one featured framework on the home page.
type frameworkCard struct {
	Name, Code string
	Count      int
	SearchURL  string
}

// change is one line of the home page's latest changes.
type change struct {
	When  time.Time
	Type  string
	Name  string
	Title string
}

// homeData is the home page's content.
type homeData struct {
	Datasets, Organizations, Groups int
	Frameworks                      []frameworkCard
	Changes                         []change
	Dashboards                      []DashboardLink
}

// searchRequest is a search of what the actor may read: public datasets for everyone,
// private ones to their organizations' members (as CKAN's web UI includes them).
func searchRequest(a *catalog.Actor) search.Request {
	return search.Request{Labels: a.Labels(), IncludePrivate: a.LoggedIn()}
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a := h.actor(r)
	req := searchRequest(a)
	req.FacetFields = []string{"framework"}
	req.FacetLimit = -1
	res, err := h.Index.Search(ctx, req)
	if err != nil {
		h.fail(w, r, fmt.Errorf("web: home: %w", err))
		return
	}
	data := &homeData{Datasets: res.Count}
	counts := map[string]int{}
	for _, f := range res.Facets["framework"] {
		counts[f.Name] = f.Count
	}
	for _, f := range frameworks {
		if counts[f.Name] > 0 {
			data.Frameworks = append(data.Frameworks, frameworkCard{Name: f.Name, Code: f.Code, Count: counts[f.Name],
				SearchURL: withQuery("/dataset", url.Values{"framework": {f.Name}})})
		}
	}
	for _, isOrg := range []bool{true, false} {
		gs, err := h.Store.ListGroups(ctx, catalog.GroupListOptions{IsOrganization: isOrg})
		if err != nil {
			h.fail(w, r, fmt.Errorf("web: home: %w", err))
			return
		}
		if isOrg {
			data.Organizations = len(gs)
		} else {
			data.Groups = len(gs)
		}
	}
	if data.Changes, err = h.latestChanges(ctx, a, 8); err != nil {
		h.fail(w, r, err)
		return
	}
	if src := h.dashboardSource(); src != nil {
		if data.Dashboards, err = src.DashboardLinks(ctx, nil); err != nil {
			h.log().Warn("web: dashboard links", "error", err)
		}
	}
	p := h.newPage(w, r)
	p.Description = p.T("home.description")
	p.Data = data
	h.render(w, r, http.StatusOK, "home.html", p)
}

// latestChanges are the newest dataset activities the actor may read.
func (h *Handler) latestChanges(ctx context.Context, a *catalog.Actor, n int) ([]change, error) {
	acts, err := h.Store.Activities(ctx, catalog.ActivityQuery{PackagesOnly: true, Labels: a.Labels(), Limit: n})
	if err != nil {
		return nil, fmt.Errorf("web: latest changes: %w", err)
	}
	out := make([]change, 0, len(acts))
	for _, act := range acts {
		var data struct {
			Package struct {
				Name    string `json:"name"`
				Title   string `json:"title"`
				TitleEN string `json:"title_en"`
			} `json:"package"`
		}
		if err := json.Unmarshal([]byte(act.Data), &data); err != nil || data.Package.Name == "" {
			continue
		}
		c := change{When: act.Timestamp, Type: act.ActivityType, Name: data.Package.Name, Title: data.Package.Title}
		if act.ActivityType == catalog.ActivityDeletedPackage {
			c.Name = "" // no page to link to
		}
		if strings.TrimSpace(c.Title) == "" {
			c.Title = data.Package.Name
		}
		out = append(out, c)
	}
	return out, nil
}

func (h *Handler) about(w http.ResponseWriter, r *http.Request) {
	p := h.newPage(w, r)
	p.Title = p.T("about.title")
	p.Description = p.T("about.body")
	p.Nav = "about"
	h.render(w, r, http.StatusOK, "about.html", p)
}
