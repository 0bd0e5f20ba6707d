package harvest

import (
	"bytes"
	"context"
	"fmt"
	"mime"
	"net/mail"
	"path"
	"strconv"
	"strings"

	"github.com/khlang/khlang/catalog"
)

// RDF formats of a DCAT source.
const (
	formatTurtle = "turtle"
	formatJSONLD = "jsonld"
	formatRDFXML = "rdfxml"
)

// maxDCATPages bounds the pages of one DCAT catalog.
const maxDCATPages = 10000

// gatherDCAT reads the catalog document and the pages its Hydra links lead to, then maps
// every dcat:Dataset to a record.
func (r *runner) gatherDCAT(ctx context.Context) (*gatherResult, error) {
	res := &gatherResult{complete: true}
	seenGUID := map[string]bool{}
	visited := map[string]bool{}
	next := r.src.URL
	for page := 1; next != ""; page++ {
		if visited[next] {
			res.warnings = append(res.warnings, catalog.HarvestError{Message: fmt.Sprintf("paging stopped: %s was already read", next)})
			break
		}
		if page > maxDCATPages {
			res.complete = false
			res.warnings = append(res.warnings, catalog.HarvestError{Message: fmt.Sprintf("paging stopped after %d pages", maxDCATPages)})
			break
		}
		visited[next] = true
		body, ctype, err := r.get(ctx, next, "text/turtle, application/ld+json;q=0.9, application/rdf+xml;q=0.8, */*;q=0.1")
		if err != nil {
			if page == 1 {
				return nil, err
			}
			// A later page failing leaves the listing incomplete, not the run failed.
			res.complete = false
			res.warnings = append(res.warnings, catalog.HarvestError{Message: err.Error()})
			break
		}
		g := newGraph()
		format := r.src.Config.Format
		if format == "" {
			format = sniffRDFFormat(ctype, next, body)
		}
		if err := parseRDF(format, body, next, g, r.contextFetcher(ctx)); err != nil {
			err = fmt.Errorf("%s: %w", next, err)
			if page == 1 {
				return nil, err
			}
			res.complete = false
			res.warnings = append(res.warnings, catalog.HarvestError{Message: err.Error()})
			break
		}
		r.opts.Progress.Report("harvest gather", page, 0)
		for _, ds := range g.subjectsOfType(nsDCAT + "Dataset") {
			rec, err := r.dcatRecord(g, ds)
			if err != nil {
				res.warnings = append(res.warnings, catalog.HarvestError{ID: ds.Value, Message: err.Error()})
				continue
			}
			if seenGUID[rec.GUID] {
				continue
			}
			seenGUID[rec.GUID] = true
			res.records = append(res.records, rec)
		}
		next = hydraNext(g, next)
	}
	return res, nil
}

// parseRDF parses body in format into g.
func parseRDF(format string, body []byte, base string, g *graph, load func(string) ([]byte, error)) error {
	switch format {
	case formatTurtle:
		return parseTurtle(string(body), base, g)
	case formatJSONLD:
		return parseJSONLD(body, base, g, load)
	case formatRDFXML:
		return parseRDFXML(bytes.NewReader(body), base, g)
	}
	return fmt.Errorf("unknown RDF format %q", format)
}

// sniffRDFFormat guesses the format from the Content-Type, then the URL's extension,
// then the first character of the document.
func sniffRDFFormat(ctype, u string, body []byte) string {
	mt, _, _ := mime.ParseMediaType(ctype)
	switch mt {
	case "text/turtle", "application/x-turtle", "text/n3", "application/n-triples":
		return formatTurtle
	case "application/ld+json":
		return formatJSONLD
	case "application/rdf+xml":
		return formatRDFXML
	}
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	switch strings.ToLower(path.Ext(u)) {
	case ".ttl", ".n3", ".nt":
		return formatTurtle
	case ".jsonld", ".json":
		return formatJSONLD
	case ".rdf", ".xml", ".owl":
		return formatRDFXML
	}
	switch t := bytes.TrimSpace(body); {
	case len(t) > 0 && (t[0] == '{' || t[0] == '['):
		return formatJSONLD
	case len(t) > 0 && t[0] == '<' && !bytes.HasPrefix(t, []byte("<http")):
		return formatRDFXML
	}
	return formatTurtle
}

// hydraNext returns the next page named by a Hydra collection of the page (hydra:next or
// the older hydra:nextPage that ckanext-dcat writes), resolved against the page's URL.
func hydraNext(g *graph, pageURL string) string {
	for _, t := range g.triples {
		if t.P.Value == nsHydra+"next" || t.P.Value == nsHydra+"nextPage" {
			if v := strings.TrimSpace(t.O.Value); v != "" {
				return resolveIRI(pageURL, v)
			}
		}
	}
	return ""
}

// dcatRecord maps one dcat:Dataset node (DCAT-AP's properties) to a package dict.
func (r *runner) dcatRecord(g *graph, ds term) (record, error) {
	guid := g.text(ds, nsDCT+"identifier", "")
	if guid == "" && ds.Kind == termIRI {
		guid = ds.Value
	}
	if guid == "" {
		return record{}, fmt.Errorf("a dcat:Dataset with neither dct:identifier nor URI")
	}
	id := deriveID(r.src.ID, guid)
	title := g.text(ds, nsDCT+"title", "th")
	titleEN := g.langText(ds, nsDCT+"title", "en")
	if titleEN == title {
		titleEN = ""
	}
	notes := g.text(ds, nsDCT+"description", "th")
	notesEN := g.langText(ds, nsDCT+"description", "en")
	if notesEN == notes {
		notesEN = ""
	}
	fallbackName := "dataset-" + strings.ReplaceAll(id, "-", "")[:12]
	name := mungeName(titleEN, "")
	if name == "" {
		name = mungeName(title, fallbackName)
	}
	p := catalog.Dict{"name": name, "title": title}
	set := func(key, v string) {
		if v != "" {
			p[key] = v
		}
	}
	set("title_en", titleEN)
	set("notes", notes)
	set("notes_en", notesEN)
	set("version", firstNonEmpty(g.text(ds, nsDCAT+"version", ""), g.text(ds, nsOWL+"versionInfo", "")))
	if lp, ok := g.object(ds, nsDCAT+"landingPage"); ok && lp.Kind == termIRI && validHTTP(lp.Value) {
		set("url", lp.Value)
	}
	if cp, ok := g.object(ds, nsDCAT+"contactPoint"); ok {
		set("maintainer", firstNonEmpty(g.text(cp, nsVCARD+"fn", ""), g.text(cp, nsVCARD+"organization-name", "")))
		set("maintainer_email", cleanEmail(g.text(cp, nsVCARD+"hasEmail", "")))
	}
	var tags []any
	for _, kw := range g.objects(ds, nsDCAT+"keyword") {
		if t := mungeTag(kw.Value); t != "" {
			tags = append(tags, t)
		}
	}
	p["tags"] = tags
	var extras []any
	extra := func(key, v string) {
		if v != "" {
			extras = append(extras, map[string]any{"key": key, "value": v})
		}
	}
	extra("uri", iriValue(ds))
	extra("issued", g.text(ds, nsDCT+"issued", ""))
	extra("modified", g.text(ds, nsDCT+"modified", ""))
	var rec record
	if pub, ok := g.object(ds, nsDCT+"publisher"); ok {
		pubName := g.text(pub, nsFOAF+"name", "th")
		extra("publisher_name", pubName)
		extra("publisher_uri", iriValue(pub))
		rec.Org = orgDict(pubName, pub.Value)
	}
	var themes []string
	for _, th := range g.objects(ds, nsDCAT+"theme") {
		themes = append(themes, th.Value)
	}
	extra("theme", strings.Join(themes, " "))
	if lic, ok := g.object(ds, nsDCT+"license"); ok {
		if id := licenseID(lic.Value); id != "" {
			p["license_id"] = id
		} else {
			extra("license", lic.Value)
		}
	}
	p["extras"] = extras
	var resources []any
	for i, dist := range g.objects(ds, nsDCAT+"distribution") {
		res := dcatResource(g, dist)
		// A stable id keeps the resource's id across runs.
		res["id"] = deriveID(id, "resource\x00"+firstNonEmpty(iriValue(dist), strconv.Itoa(i)))
		resources = append(resources, res)
	}
	p["resources"] = resources
	rec.GUID, rec.ID, rec.Dict = guid, id, p
	return rec, nil
}

// dcatResource maps a dcat:Distribution to a resource dict.
func dcatResource(g *graph, dist term) catalog.Dict {
	u := ""
	if o, ok := g.object(dist, nsDCAT+"downloadURL"); ok {
		u = o.Value
	} else if o, ok := g.object(dist, nsDCAT+"accessURL"); ok {
		u = o.Value
	}
	name := firstNonEmpty(g.text(dist, nsDCT+"title", "th"), path.Base(strings.TrimRight(u, "/")))
	res := catalog.Dict{"name": name, "url": u, "description": g.text(dist, nsDCT+"description", "th")}
	format := ""
	if f, ok := g.object(dist, nsDCT+"format"); ok {
		format = formatLabel(g, f)
	}
	mediaType := ""
	if m, ok := g.object(dist, nsDCAT+"mediaType"); ok {
		mediaType = mediaTypeLabel(m.Value)
	}
	if format == "" && mediaType != "" {
		format = formatFromMediaType(mediaType)
	}
	res["format"] = format
	if mediaType != "" {
		res["mimetype"] = mediaType
	}
	if s := g.text(dist, nsDCAT+"byteSize", ""); s != "" {
		if n, err := strconv.ParseFloat(s, 64); err == nil && n >= 0 {
			res["size"] = n
		}
	}
	if dist.Kind == termIRI {
		res["uri"] = dist.Value
	}
	return res
}

// formatLabel reads dct:format: a literal, an IRI of a file-type vocabulary (…/CSV) or
// a node with a label.
func formatLabel(g *graph, f term) string {
	switch f.Kind {
	case termLiteral:
		return strings.TrimSpace(f.Value)
	case termBlank:
		return firstNonEmpty(g.text(f, nsRDF+"value", ""), g.text(f, "http://www.w3.org/2000/01/rdf-schema#label", ""))
	}
	v := strings.TrimRight(f.Value, "/")
	if i := strings.LastIndexAny(v, "/#"); i >= 0 {
		v = v[i+1:]
	}
	return v
}

// mediaTypeLabel turns an IANA media-type IRI into the media type.
func mediaTypeLabel(v string) string {
	const iana = "://www.iana.org/assignments/media-types/"
	if i := strings.Index(v, iana); i >= 0 {
		return v[i+len(iana):]
	}
	return strings.TrimSpace(v)
}

// formatFromMediaType gives a CKAN-style format name for a media type.
func formatFromMediaType(mt string) string {
	switch strings.ToLower(mt) {
	case "text/csv":
		return "CSV"
	case "application/json":
		return "JSON"
	case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
		return "XLSX"
	case "application/vnd.ms-excel":
		return "XLS"
	case "application/pdf":
		return "PDF"
	case "application/xml", "text/xml":
		return "XML"
	case "text/html":
		return "HTML"
	}
	if i := strings.LastIndexAny(mt, "/+"); i >= 0 {
		return strings.ToUpper(mt[i+1:])
	}
	return strings.ToUpper(mt)
}

// licenseID maps a license URL (or id) to a license of the register ("" when unknown).
func licenseID(v string) string {
	norm := func(s string) string {
		s = strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(s), "https://"), "http://")
		return strings.TrimRight(s, "/")
	}
	for _, l := range catalog.Licenses {
		if l.ID == v || (l.URL != "" && norm(l.URL) == norm(v)) {
			return l.ID
		}
	}
	return ""
}

// orgDict is the organisation dict of a publisher, for RemoteOrgs.
func orgDict(name, uri string) catalog.Dict {
	if name == "" {
		return nil
	}
	fallback := "org-" + strings.ReplaceAll(deriveID("publisher", firstNonEmpty(uri, name)), "-", "")[:12]
	return catalog.Dict{"name": mungeName(name, fallback), "title": name}
}

func iriValue(t term) string {
	if t.Kind == termIRI {
		return t.Value
	}
	return ""
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// cleanEmail strips a mailto: and drops what is not a plain address, which CKAN's
// validation would refuse and so lose the whole dataset.
func cleanEmail(s string) string {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "mailto:"))
	if a, err := mail.ParseAddress(s); err != nil || a.Address != s {
		return ""
	}
	return s
}
