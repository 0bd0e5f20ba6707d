package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/search"
)

// facetFields are the facets of the search page, in display order. Each is also the
// query parameter that filters by it, as in CKAN's web UI (?tags=internet).
var facetFields = []string{"organization", "groups", "tags", "res_format", "license_id", "framework", "province", "data_category"}

// sortOptions are the orders the search page offers, by their parameter value.
var sortOptions = []struct{ Value, Key string }{
	{"score desc, metadata_modified desc", "sort.relevance"},
	{"title_string asc", "sort.name_asc"},
	{"title_string desc", "sort.name_desc"},
	{"metadata_modified desc", "sort.modified"},
	{"metadata_created desc", "sort.created"},
}

const (
	pageSize = 20
	// maxPage keeps a crawler from asking for offsets deep in the index.
	maxPage       = 500
	facetShown    = 10
	facetFetched  = 50
	maxQueryRunes = 500
)

// facetItem is one value of a facet with its count and the link that toggles it.
type facetItem struct {
	Name, Label string
	Count       int
	Active      bool
	URL         string
}

// facetBlock is one facet of the page.
type facetBlock struct {
	Field string
	Items []facetItem // the first facetShown
	More  []facetItem
}

// activeFilter is a filter in force, with the link that removes it.
type activeFilter struct {
	Field, Label, RemoveURL string
}

// hiddenField is a query parameter a form carries along.
type hiddenField struct{ Name, Value string }

// resultItem is one dataset of the results.
type resultItem struct {
	D       *catalog.DatasetSummary
	Title   template.HTML // highlighted
	Notes   template.HTML // highlighted excerpt
	Formats []string
}

// pager is the page links of a list.
type pager struct {
	Page, Pages       int
	PrevURL, NextURL  string
	First, Last, Rows int
}

type searchData struct {
	Q        string
	Count    int
	Error    string
	Results  []resultItem
	Facets   []facetBlock
	Active   []activeFilter
	Sort     string
	Sorts    []struct{ Value, Key string }
	Pager    pager
	Hidden   []hiddenField // the filters, for the sort form to keep
	ClearURL string
}

// fqTerm is a Lucene term query on field for value, quoted.
func fqTerm(field, value string) string {
	v := strings.ReplaceAll(value, `\`, `\\`)
	v = strings.ReplaceAll(v, `"`, `\"`)
	return field + `:"` + v + `"`
}

// pageNumber reads ?page= (or another parameter): 1 when absent or not a positive number.
func pageNumber(q url.Values, key string) int {
	n, err := strconv.Atoi(q.Get(key))
	if err != nil || n < 1 {
		return 1
	}
	return min(n, maxPage)
}

func (h *Handler) search(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	q.Del("lang")
	text := strings.TrimSpace(q.Get("q"))
	if len([]rune(text)) > maxQueryRunes {
		text = string([]rune(text)[:maxQueryRunes])
	}
	sort := q.Get("sort")
	valid := false
	for _, o := range sortOptions {
		valid = valid || o.Value == sort
	}
	if !valid {
		sort = ""
	}
	pg := pageNumber(q, "page")

	req := searchRequest(h.actor(r))
	req.Q, req.Sort, req.Rows, req.Start = text, sort, pageSize, (pg-1)*pageSize
	req.FacetFields, req.FacetLimit = facetFields, facetFetched
	for _, f := range facetFields {
		for _, v := range q[f] {
			if v != "" {
				req.FQ = append(req.FQ, fqTerm(f, v))
			}
		}
	}
	p := h.newPage(w, r)
	p.Title = p.T("nav.datasets")
	p.Nav, p.Query = "dataset", text
	data := &searchData{Q: text, Sort: sort, Sorts: sortOptions}
	p.Data = data
	status := http.StatusOK

	res, err := h.Index.Search(ctx, req)
	switch {
	case errors.Is(err, search.ErrQuery), errors.Is(err, search.ErrSyntax):
		data.Error = p.T("search.error", err.Error())
		status = http.StatusBadRequest
		res = &search.Result{}
	case err != nil:
		h.fail(w, r, fmt.Errorf("web: search: %w", err))
		return
	}
	data.Count = res.Count
	// Summaries, not whole datasets: loading every dataset's tags, groups and resources
	// was most of the page's time.
	datasets, err := h.Store.DatasetSummaries(ctx, res.IDs)
	if err != nil {
		h.fail(w, r, fmt.Errorf("web: search: %w", err))
		return
	}
	terms := queryTerms(text)
	for _, d := range datasets {
		data.Results = append(data.Results, resultItem{D: d, Title: highlight(p.summaryTitle(d), terms),
			Notes: highlight(notesExcerpt(p.Pick(d.Notes, d.NotesEN), 240), terms), Formats: d.Formats})
	}
	labels, err := h.facetLabels(r, p, res.Facets, q)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	base := cloneValues(q)
	base.Del("page")
	for _, f := range facetFields {
		block := facetBlock{Field: f}
		for _, v := range res.Facets[f] {
			active := contains(q[f], v.Name)
			u := cloneValues(base)
			if active {
				u[f] = without(u[f], v.Name)
			} else {
				u.Add(f, v.Name)
			}
			it := facetItem{Name: v.Name, Label: labels[f+"\x00"+v.Name], Count: v.Count, Active: active, URL: withQuery("/dataset", u)}
			if len(block.Items) < facetShown {
				block.Items = append(block.Items, it)
			} else {
				block.More = append(block.More, it)
			}
		}
		if len(block.Items) > 0 {
			data.Facets = append(data.Facets, block)
		}
		for _, v := range q[f] {
			if v == "" {
				continue
			}
			u := cloneValues(base)
			u[f] = without(u[f], v)
			label := labels[f+"\x00"+v]
			data.Active = append(data.Active, activeFilter{Field: f, Label: label, RemoveURL: withQuery("/dataset", u)})
			data.Hidden = append(data.Hidden, hiddenField{Name: f, Value: v})
		}
	}
	if len(data.Active) > 0 {
		data.ClearURL = withQuery("/dataset", url.Values{"q": {text}, "sort": {sort}})
	}
	data.Pager = makePager(base, "/dataset", "page", pg, res.Count, pageSize)
	if text != "" {
		p.Title = fmt.Sprintf("%s: %s", p.T("nav.datasets"), text)
	}
	if pg > 1 || len(data.Active) > 0 || text != "" {
		p.NoIndex = true // one indexable listing; the rest are reachable from it
	}
	h.render(w, r, status, "search.html", p)
}

// summaryTitle is a listed dataset's title in the page's language.
func (p *page) summaryTitle(d *catalog.DatasetSummary) string {
	if t := p.Pick(d.Title, d.TitleEN); t != "" {
		return t
	}
	return d.Name
}

// facetLabels gives facet values their display titles: organisation and group titles in
// the page's language, license titles; others show as they are. The key is field, NUL, value.
func (h *Handler) facetLabels(r *http.Request, p *page, facets map[string][]search.FacetValue, q url.Values) (map[string]string, error) {
	out := map[string]string{}
	var names []string
	for _, f := range facetFields {
		vals := append([]string(nil), q[f]...)
		for _, v := range facets[f] {
			vals = append(vals, v.Name)
		}
		for _, v := range vals {
			out[f+"\x00"+v] = v
			if f == "organization" || f == "groups" {
				names = append(names, v)
			}
			if f == "license_id" {
				if l, ok := catalog.LicenseByID(v); ok {
					out[f+"\x00"+v] = l.Title
				}
			}
		}
	}
	if len(names) == 0 {
		return out, nil
	}
	groups, err := h.Store.GroupsByName(r.Context(), names)
	if err != nil {
		return nil, fmt.Errorf("web: facet titles: %w", err)
	}
	for _, f := range []string{"organization", "groups"} {
		for k := range out {
			name, ok := strings.CutPrefix(k, f+"\x00")
			if !ok {
				continue
			}
			if g := groups[name]; g != nil && g.IsOrganization == (f == "organization") {
				out[k] = p.GroupTitle(g)
			}
		}
	}
	return out, nil
}

// makePager computes the page links of a list of count items.
func makePager(q url.Values, path, key string, pg, count, size int) pager {
	pages := max(1, (count+size-1)/size)
	pages = min(pages, maxPage)
	p := pager{Page: pg, Pages: pages, Rows: count}
	if count > 0 {
		p.First = (pg-1)*size + 1
		p.Last = min(pg*size, count)
	}
	link := func(n int) string {
		u := cloneValues(q)
		u.Del(key)
		if n > 1 {
			u.Set(key, strconv.Itoa(n))
		}
		return withQuery(path, u)
	}
	if pg > 1 {
		p.PrevURL = link(min(pg-1, pages))
	}
	if pg < pages {
		p.NextURL = link(pg + 1)
	}
	return p
}

// queryTerms are the words of a search to mark in results: Lucene syntax and field
// prefixes are dropped, and words shorter than two letters are ignored.
func queryTerms(q string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(q, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`"()[]{}+-!^~*?\/&|`, r)
	}) {
		if i := strings.LastIndexByte(w, ':'); i >= 0 {
			w = w[i+1:]
		}
		switch w {
		case "AND", "OR", "NOT", "TO":
			continue
		}
		if len([]rune(w)) >= 2 {
			out = append(out, strings.ToLower(w))
		}
	}
	return out
}

// highlight escapes text and wraps each occurrence of a term (case-insensitively, Thai
// included, since Thai words are not separated by spaces) in <mark>.
func highlight(text string, terms []string) template.HTML {
	if len(terms) == 0 || text == "" {
		return template.HTML(template.HTMLEscapeString(text))
	}
	rs := []rune(text)
	lower := make([]rune, len(rs))
	for i, c := range rs {
		lower[i] = unicode.ToLower(c)
	}
	marked := make([]bool, len(rs))
	for _, t := range terms {
		tr := []rune(t)
		for i := 0; i+len(tr) <= len(lower); i++ {
			if string(lower[i:i+len(tr)]) == t {
				for j := i; j < i+len(tr); j++ {
					marked[j] = true
				}
				i += len(tr) - 1
			}
		}
	}
	var b strings.Builder
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && marked[j] == marked[i] {
			j++
		}
		seg := template.HTMLEscapeString(string(rs[i:j]))
		if marked[i] {
			b.WriteString("<mark>" + seg + "</mark>")
		} else {
			b.WriteString(seg)
		}
		i = j
	}
	return template.HTML(b.String()) // every piece of text was escaped above
}

// Markdown that a quoted excerpt shows as plain text: links, headings, emphasis and code.
var (
	mdLink    = regexp.MustCompile(`\[([^\]]*)\]\([^)\s]*\)`)
	mdHeading = regexp.MustCompile(`(^| )#{1,6} `)
	mdMarks   = strings.NewReplacer("**", "", "__", "", "`", "")
)

// notesExcerpt is a dataset's markdown notes as a result list quotes them: about n runes
// of plain text, so that a reader does not see ** and backticks.
func notesExcerpt(md string, n int) string {
	s := excerpt(md, n)
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdHeading.ReplaceAllString(s, "$1")
	return mdMarks.Replace(s)
}

// excerpt cuts text to about n runes at a space, with an ellipsis.
func excerpt(text string, n int) string {
	// Long notes are cut before their spaces are collapsed, which otherwise costs more
	// than the rest of a result; when the cut part collapses to too little, the whole
	// text is used after all.
	if limit := 16 * (n + 1); len(text) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		if head := strings.Join(strings.Fields(text[:cut]), " "); utf8.RuneCountInString(head) > n {
			text = head
		}
	}
	text = strings.Join(strings.Fields(text), " ")
	rs := []rune(text)
	if len(rs) <= n {
		return text
	}
	cut := n
	for i := n; i > n/2; i-- {
		if rs[i] == ' ' {
			cut = i
			break
		}
	}
	return string(rs[:cut]) + "…"
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func without(list []string, v string) []string {
	out := make([]string, 0, len(list))
	for _, x := range list {
		if x != v {
			out = append(out, x)
		}
	}
	return out
}

func cloneValues(q url.Values) url.Values {
	out := make(url.Values, len(q))
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}
