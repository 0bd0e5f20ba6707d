package web

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"

	"github.com/khlang/khlang/catalog"
)

// sitemapMax is the most URLs one sitemap file may list.
const sitemapMax = 50000

// sitemap lists the public pages: the fixed pages, every organisation and group, and
// every public active dataset. It is anonymous whoever asks, so private datasets never
// appear.
func (h *Handler) sitemap(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := h.site(r)
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	n := 0
	add := func(path string) {
		if n >= sitemapMax {
			return
		}
		n++
		buf.WriteString("<url><loc>")
		_ = xml.EscapeText(&buf, []byte(site+path))
		buf.WriteString("</loc></url>\n")
	}
	for _, p := range []string{"/", "/dataset", "/organization", "/group", "/about"} {
		add(p)
	}
	for _, k := range []groupKind{orgKind, groupKnd} {
		gs, err := h.Store.ListGroups(ctx, catalog.GroupListOptions{IsOrganization: k.isOrg, Sort: "name asc"})
		if err != nil {
			h.fail(w, r, fmt.Errorf("web: sitemap: %w", err))
			return
		}
		for _, g := range gs {
			add(k.path + "/" + url.PathEscape(g.Name))
		}
	}
	const batch = 5000
	for off := 0; n < sitemapMax; off += batch {
		names, err := h.Store.DatasetNames(ctx, batch, off)
		if err != nil {
			h.fail(w, r, fmt.Errorf("web: sitemap: %w", err))
			return
		}
		for _, name := range names {
			add(datasetPath(name))
		}
		if len(names) < batch {
			break
		}
	}
	buf.WriteString("</urlset>\n")
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, _ = w.Write(buf.Bytes())
}

// robots allows crawling of the pages, keeps crawlers off the APIs and names the sitemap.
func (h *Handler) robots(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	fmt.Fprintf(w, "User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /graphql\nDisallow: /dataset/*/resource/*/go\n\nSitemap: %s/sitemap.xml\n", h.site(r))
}
