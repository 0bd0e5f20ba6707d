package web

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/khlang/khlang/catalog"
)

// groupKind tells the organisation pages from the group pages.
type groupKind struct {
	isOrg              bool
	path, field, title string // URL prefix, search facet, title key
	descKey            string
}

var (
	orgKind  = groupKind{isOrg: true, path: "/organization", field: "organization", title: "org.title", descKey: "org.desc"}
	groupKnd = groupKind{isOrg: false, path: "/group", field: "groups", title: "group.title", descKey: "group.desc"}
)

func (h *Handler) organizations(w http.ResponseWriter, r *http.Request) { h.groupList(w, r, orgKind) }
func (h *Handler) groups(w http.ResponseWriter, r *http.Request)        { h.groupList(w, r, groupKnd) }
func (h *Handler) organization(w http.ResponseWriter, r *http.Request)  { h.groupPage(w, r, orgKind) }
func (h *Handler) group(w http.ResponseWriter, r *http.Request)         { h.groupPage(w, r, groupKnd) }

// groupCard is one organisation or group of a list.
type groupCard struct {
	G     catalog.Group
	URL   string
	Count int
}

// groupList is /organization or /group: every active one with its number of public
// datasets, by title.
func (h *Handler) groupList(w http.ResponseWriter, r *http.Request, k groupKind) {
	gs, err := h.Store.ListGroups(r.Context(), catalog.GroupListOptions{IsOrganization: k.isOrg})
	if err != nil {
		h.fail(w, r, fmt.Errorf("web: %s list: %w", k.field, err))
		return
	}
	cards := make([]groupCard, len(gs))
	for i, g := range gs {
		cards[i] = groupCard{G: g.Group, URL: k.path + "/" + url.PathEscape(g.Name), Count: g.PackageCount}
	}
	p := h.newPage(w, r)
	p.Title, p.Description, p.Nav = p.T(k.title), p.T(k.descKey), k.path[1:]
	p.Data = map[string]any{"Cards": cards, "Heading": p.T(k.title), "Intro": p.T(k.descKey)}
	h.render(w, r, http.StatusOK, "groups.html", p)
}

// groupPage is /organization/{name} or /group/{name}: its description and a page of the
// datasets in it the visitor may read.
func (h *Handler) groupPage(w http.ResponseWriter, r *http.Request, k groupKind) {
	ctx := r.Context()
	g, err := h.Store.Group(ctx, r.PathValue("name"), k.isOrg)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	pg := pageNumber(q, "page")
	req := searchRequest(h.actor(r))
	req.FQ = []string{fqTerm(k.field, g.Name)}
	req.Sort = "title_string asc"
	req.Rows, req.Start = pageSize, (pg-1)*pageSize
	res, err := h.Index.Search(ctx, req)
	if err != nil {
		h.fail(w, r, fmt.Errorf("web: %s page: %w", k.field, err))
		return
	}
	ds, err := h.Store.DatasetSummaries(ctx, res.IDs)
	if err != nil {
		h.fail(w, r, fmt.Errorf("web: %s page: %w", k.field, err))
		return
	}
	p := h.newPage(w, r)
	p.Nav = k.path[1:]
	p.Title = p.GroupTitle(g)
	p.Description = excerpt(p.Pick(g.Description, g.DescriptionEN), 160)
	p.Canonical = k.path + "/" + url.PathEscape(g.Name)
	items := make([]resultItem, len(ds))
	for i, d := range ds {
		items[i] = resultItem{D: d, Title: highlight(p.summaryTitle(d), nil), Notes: highlight(notesExcerpt(p.Pick(d.Notes, d.NotesEN), 200), nil)}
	}
	p.Data = map[string]any{
		"G": g, "Title": p.Title, "Description": p.Pick(g.Description, g.DescriptionEN), "Count": res.Count,
		"Items": items, "ListURL": k.path, "ListTitle": p.T(k.title),
		"SearchURL": withQuery("/dataset", url.Values{k.field: {g.Name}}),
		"Pager":     p.Pager(makePager(url.Values{}, p.Canonical, "page", pg, res.Count, pageSize)),
	}
	h.render(w, r, http.StatusOK, "group.html", p)
}
