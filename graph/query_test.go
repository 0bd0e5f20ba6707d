package graph

import (
	"context"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/search"
)

const internetUsers = "tddc-oecd-use-001" // ผู้ใช้อินเทอร์เน็ตอายุ 16–74 ปี, OECD-GD and TH-PLAN

func testQueries(t *testing.T, fx *fixture) {
	ctx := context.Background()
	c := fx.clientFor("")
	want, err := fx.store.Dataset(ctx, internetUsers)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("dataset by name and by id", func(t *testing.T) {
		type dataset struct {
			ID           string `json:"id"`
			Name         string `json:"name"`
			Title        string `json:"title"`
			TitleEN      string `json:"titleEN"`
			DisplayTitle string `json:"displayTitle"`
			NumResources int    `json:"numResources"`
			License      struct {
				Title  string `json:"title"`
				IsOpen bool   `json:"isOpen"`
			} `json:"license"`
			Organization struct {
				Name    string `json:"name"`
				TitleEN string `json:"titleEN"`
			} `json:"organization"`
			Resources []struct {
				ID     string `json:"id"`
				URL    string `json:"url"`
				Format string `json:"format"`
			} `json:"resources"`
			Tags      []struct{ Name string }   `json:"tags"`
			Groups    []struct{ Name string }   `json:"groups"`
			Gdc       struct{ DataType string } `json:"gdc"`
			Indicator struct {
				Code       string `json:"code"`
				Frameworks []struct {
					Framework string `json:"framework"`
					Dimension string `json:"dimension"`
				} `json:"frameworks"`
			} `json:"indicator"`
		}
		const fields = `id name title titleEN displayTitle(lang: EN) numResources license { title isOpen }
			organization { name titleEN } resources { id url format } tags { name } groups { name }
			gdc { dataType } indicator { code frameworks { framework dimension } }`
		for _, tc := range []struct{ name, query string }{
			{"by name", `query($k: String) { dataset(name: $k) { ` + fields + ` } }`},
			{"by id", `query($k: ID) { dataset(id: $k) { ` + fields + ` } }`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				key := want.Name
				if tc.name == "by id" {
					key = want.ID
				}
				var resp struct{ Dataset dataset }
				c.MustPost(tc.query, &resp, client.Var("k", key))
				d := resp.Dataset
				if d.ID != want.ID || d.Title != want.Title || d.TitleEN != want.TitleEN || d.DisplayTitle != want.TitleEN {
					t.Fatalf("got %+v, want %s %q %q", d, want.ID, want.Title, want.TitleEN)
				}
				if d.Organization.Name != nsoName || d.Organization.TitleEN != "National Statistical Office" {
					t.Fatalf("organization %+v", d.Organization)
				}
				if len(d.Resources) != len(want.Resources) || d.NumResources != len(want.Resources) || len(d.Resources) == 0 {
					t.Fatalf("resources %+v", d.Resources)
				}
				r := want.Resources[0]
				if wantURL := siteURL + "/dataset/" + want.ID + "/resource/" + r.ID + "/download/" + r.URL; d.Resources[0].URL != wantURL {
					t.Fatalf("upload url %q, want %q", d.Resources[0].URL, wantURL)
				}
				if len(d.Tags) != len(want.Tags) || len(d.Groups) != len(want.Groups) || d.Gdc.DataType != want.GDC.DataType {
					t.Fatalf("tags/groups/gdc %+v", d)
				}
				if d.Indicator.Code != "TDDC-OECD-USE-001" || len(d.Indicator.Frameworks) == 0 ||
					d.Indicator.Frameworks[0].Framework != "OECD-GD" || d.Indicator.Frameworks[0].Dimension != "Use" {
					t.Fatalf("indicator %+v", d.Indicator)
				}
				if l, _ := catalog.LicenseByID(want.LicenseID); d.License.Title != l.Title || d.License.IsOpen != l.IsOpen() {
					t.Fatalf("license %+v", d.License)
				}
			})
		}
	})

	t.Run("organization with counts", func(t *testing.T) {
		var resp struct {
			Organization struct {
				Title        string `json:"title"`
				PackageCount int    `json:"packageCount"`
				Extras       []struct{ Key, Value string }
				Datasets     struct{ TotalCount int } `json:"datasets"`
			}
		}
		c.MustPost(`{ organization(name: "nso") { title packageCount extras { key value } datasets(first: 1) { totalCount } } }`, &resp)
		o := resp.Organization
		if o.Title != "สำนักงานสถิติแห่งชาติ" || o.PackageCount == 0 || o.PackageCount != o.Datasets.TotalCount {
			t.Fatalf("organization %+v", o)
		}
		if !slices.ContainsFunc(o.Extras, func(e struct{ Key, Value string }) bool { return e.Key == "abbreviation" }) {
			t.Fatalf("extras %+v", o.Extras)
		}
	})

	t.Run("organizations and groups lists", func(t *testing.T) {
		all, err := fx.store.ListGroups(ctx, catalog.GroupListOptions{IsOrganization: true, Sort: "name asc"})
		if err != nil {
			t.Fatal(err)
		}
		var resp struct {
			Organizations struct {
				TotalCount int                     `json:"totalCount"`
				Nodes      []struct{ Name string } `json:"nodes"`
			}
			Groups struct {
				Nodes []struct {
					Name         string `json:"name"`
					PackageCount int    `json:"packageCount"`
				} `json:"nodes"`
			}
		}
		c.MustPost(`{ organizations(sort: "name asc", first: 100) { totalCount nodes { name } }
			groups(q: "wdcr") { nodes { name packageCount } } }`, &resp)
		if resp.Organizations.TotalCount != len(all) || len(resp.Organizations.Nodes) != len(all) {
			t.Fatalf("organizations %+v, want %d", resp.Organizations, len(all))
		}
		for i, g := range all {
			if resp.Organizations.Nodes[i].Name != g.Name {
				t.Fatalf("organization %d is %s, want %s", i, resp.Organizations.Nodes[i].Name, g.Name)
			}
		}
		if len(resp.Groups.Nodes) == 0 || !slices.ContainsFunc(resp.Groups.Nodes, func(g struct {
			Name         string `json:"name"`
			PackageCount int    `json:"packageCount"`
		}) bool {
			return g.Name == "wdcr" && g.PackageCount > 0
		}) {
			t.Fatalf("groups %+v", resp.Groups)
		}
	})

	t.Run("group tag resource license", func(t *testing.T) {
		var resp struct {
			Group struct {
				TitleEN  string                   `json:"titleEN"`
				Datasets struct{ TotalCount int } `json:"datasets"`
			}
			Tag struct {
				Name         string                   `json:"name"`
				DatasetCount int                      `json:"datasetCount"`
				Datasets     struct{ TotalCount int } `json:"datasets"`
			}
			Tags struct {
				Nodes []struct{ Name string } `json:"nodes"`
			}
			Resource struct {
				Format  string                `json:"format"`
				Dataset struct{ Name string } `json:"dataset"`
			}
			License struct {
				Title  string `json:"title"`
				IsOpen bool   `json:"isOpen"`
			}
			Licenses []struct{ ID string } `json:"licenses"`
		}
		c.MustPost(`query($rid: ID!) {
			group(name: "wdcr") { titleEN datasets { totalCount } }
			tag(name: "OECD") { name datasetCount datasets { totalCount } }
			tags(q: "อินเทอร์") { nodes { name } }
			resource(id: $rid) { format dataset { name } }
			license(id: "cc-by") { title isOpen }
			licenses { id }
		}`, &resp, client.Var("rid", want.Resources[0].ID))
		if resp.Group.TitleEN == "" || resp.Group.Datasets.TotalCount == 0 {
			t.Fatalf("group %+v", resp.Group)
		}
		if resp.Tag.Name != "OECD" || resp.Tag.DatasetCount == 0 || resp.Tag.DatasetCount != resp.Tag.Datasets.TotalCount {
			t.Fatalf("tag %+v", resp.Tag)
		}
		if len(resp.Tags.Nodes) == 0 {
			t.Fatal("no tag matches อินเทอร์")
		}
		for _, n := range resp.Tags.Nodes {
			if !strings.Contains(n.Name, "อินเทอร์") {
				t.Fatalf("tag %q does not match the query", n.Name)
			}
		}
		if resp.Resource.Dataset.Name != internetUsers || resp.Resource.Format != want.Resources[0].Format {
			t.Fatalf("resource %+v", resp.Resource)
		}
		if resp.License.Title != "Creative Commons Attribution" || !resp.License.IsOpen || len(resp.Licenses) != len(catalog.Licenses) {
			t.Fatalf("license %+v, %d licenses", resp.License, len(resp.Licenses))
		}
	})

	t.Run("viewer", func(t *testing.T) {
		var anon struct {
			Viewer *struct{ User struct{ Name string } }
		}
		c.MustPost(`{ viewer { user { name } } }`, &anon)
		if anon.Viewer != nil {
			t.Fatalf("anonymous viewer %+v", anon.Viewer)
		}
		var resp struct {
			Viewer struct {
				Sysadmin bool `json:"sysadmin"`
				User     struct {
					Name     string `json:"name"`
					Fullname string `json:"fullname"`
				} `json:"user"`
				Organizations []struct {
					Role         string                `json:"role"`
					Organization struct{ Name string } `json:"organization"`
				} `json:"organizations"`
			}
		}
		fx.clientFor(fx.memberToken).MustPost(`{ viewer { sysadmin user { name fullname } organizations { role organization { name } } } }`, &resp)
		v := resp.Viewer
		if v.User.Name != "member" || v.User.Fullname != "สมหญิง ใจดี" || v.Sysadmin || len(v.Organizations) != 1 ||
			v.Organizations[0].Organization.Name != nsoName || v.Organizations[0].Role != catalog.CapacityEditor {
			t.Fatalf("viewer %+v", v)
		}
	})
}

func testSearch(t *testing.T, fx *fixture) {
	ctx := context.Background()
	c := fx.clientFor("")
	type page struct {
		Datasets struct {
			TotalCount int `json:"totalCount"`
			Sort       string
			Nodes      []struct {
				Name      string `json:"name"`
				Title     string `json:"title"`
				Indicator *struct {
					Frameworks []struct{ Framework string } `json:"frameworks"`
				} `json:"indicator"`
			} `json:"nodes"`
		}
	}
	const query = `query($s: DatasetSearch, $n: Int) { datasets(search: $s, first: $n) {
		totalCount sort nodes { name title indicator { frameworks { framework } } } } }`
	// Each case must match what package_search finds for the same parameters.
	for _, tc := range []struct {
		name  string
		in    map[string]any
		req   search.Request
		check func(t *testing.T, p page)
	}{
		{name: "Thai query", in: map[string]any{"q": "ผู้ใช้อินเทอร์เน็ต"}, req: search.Request{Q: "ผู้ใช้อินเทอร์เน็ต"},
			check: func(t *testing.T, p page) {
				if !slices.ContainsFunc(p.Datasets.Nodes, func(n struct {
					Name      string `json:"name"`
					Title     string `json:"title"`
					Indicator *struct {
						Frameworks []struct{ Framework string } `json:"frameworks"`
					} `json:"indicator"`
				}) bool {
					return n.Name == internetUsers
				}) {
					t.Fatalf("%s not found by its Thai title", internetUsers)
				}
			}},
		{name: "English query", in: map[string]any{"q": "census"}, req: search.Request{Q: "census"}},
		{name: "fq", in: map[string]any{"fq": []string{"organization:nso", "tags:OECD"}}, req: search.Request{FQ: []string{"organization:nso", "tags:OECD"}}},
		{name: "filters", in: map[string]any{"filters": []map[string]any{{"field": "framework", "values": []string{"WDCR", "ADIX"}}}},
			req: search.Request{FQ: []string{"framework:WDCR OR framework:ADIX"}},
			check: func(t *testing.T, p page) {
				for _, n := range p.Datasets.Nodes {
					ok := n.Indicator != nil && slices.ContainsFunc(n.Indicator.Frameworks, func(f struct{ Framework string }) bool {
						return f.Framework == "WDCR" || f.Framework == "ADIX"
					})
					if !ok {
						t.Fatalf("%s is in neither framework", n.Name)
					}
				}
			}},
		{name: "sort by name", in: map[string]any{"sort": "name asc"}, req: search.Request{Sort: "name asc"},
			check: func(t *testing.T, p page) {
				if p.Datasets.Sort != "name asc" || !sort.SliceIsSorted(p.Datasets.Nodes, func(i, j int) bool {
					return p.Datasets.Nodes[i].Name < p.Datasets.Nodes[j].Name
				}) {
					t.Fatalf("not sorted by name: %+v", p.Datasets)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p page
			c.MustPost(query, &p, client.Var("s", tc.in), client.Var("n", 50))
			tc.req.Rows, tc.req.Labels = 50, catalog.Anonymous.Labels()
			res, err := fx.index.Search(ctx, tc.req)
			if err != nil {
				t.Fatal(err)
			}
			if p.Datasets.TotalCount != res.Count || res.Count == 0 || len(p.Datasets.Nodes) != len(res.IDs) {
				t.Fatalf("totalCount %d with %d nodes, package_search finds %d with %d", p.Datasets.TotalCount, len(p.Datasets.Nodes), res.Count, len(res.IDs))
			}
			if tc.check != nil {
				tc.check(t, p)
			}
		})
	}

	t.Run("facets", func(t *testing.T) {
		var resp struct {
			Datasets struct {
				TotalCount int `json:"totalCount"`
				Facets     []struct {
					Field string `json:"field"`
					Items []struct {
						Name string `json:"name"`
						TH   string `json:"th"`
						EN   string `json:"en"`
						N    int    `json:"count"`
					} `json:"items"`
				} `json:"facets"`
			}
		}
		c.MustPost(`{ datasets(search: {fq: ["organization:nso"]}, first: 0) { totalCount
			facets(fields: ["organization", "framework", "license_id"]) { field items { name count th: displayName en: displayName(lang: EN) } } } }`, &resp)
		fs := resp.Datasets.Facets
		if len(fs) != 3 || fs[0].Field != "organization" || len(fs[0].Items) != 1 {
			t.Fatalf("facets %+v", fs)
		}
		org := fs[0].Items[0]
		if org.Name != nsoName || org.N != resp.Datasets.TotalCount || org.TH != "สำนักงานสถิติแห่งชาติ" || org.EN != "National Statistical Office" {
			t.Fatalf("organization facet %+v, total %d", org, resp.Datasets.TotalCount)
		}
		sum := 0
		for _, it := range fs[1].Items {
			sum += it.N
		}
		if sum < resp.Datasets.TotalCount-9 || len(fs[1].Items) != 4 {
			t.Fatalf("framework facet %+v", fs[1])
		}
		for _, it := range fs[2].Items {
			if l, ok := catalog.LicenseByID(it.Name); ok && it.TH != l.Title {
				t.Fatalf("license facet %+v shows no title", it)
			}
		}
	})
}

func testPagination(t *testing.T, fx *fixture) {
	c := fx.clientFor("")
	type pageResp struct {
		Datasets struct {
			TotalCount int `json:"totalCount"`
			PageInfo   struct {
				HasNextPage     bool    `json:"hasNextPage"`
				HasPreviousPage bool    `json:"hasPreviousPage"`
				EndCursor       *string `json:"endCursor"`
			} `json:"pageInfo"`
			Edges []struct {
				Cursor string                `json:"cursor"`
				Node   struct{ Name string } `json:"node"`
			} `json:"edges"`
		}
	}
	const q = `query($n: Int, $after: String) { datasets(search: {sort: "name asc", fq: ["tags:WDCR"]}, first: $n, after: $after) {
		totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { name } } } }`
	var whole pageResp
	c.MustPost(q, &whole, client.Var("n", 100))
	total := whole.Datasets.TotalCount
	if total < 12 || len(whole.Datasets.Edges) != total || whole.Datasets.PageInfo.HasNextPage {
		t.Fatalf("one page of everything: %d edges of %d", len(whole.Datasets.Edges), total)
	}
	var names []string
	var after *string
	for pages := 0; ; pages++ {
		if pages > total {
			t.Fatal("paging does not end")
		}
		var p pageResp
		c.MustPost(q, &p, client.Var("n", 5), client.Var("after", after))
		if p.Datasets.PageInfo.HasPreviousPage != (after != nil) {
			t.Fatalf("page %d: hasPreviousPage %v", pages, p.Datasets.PageInfo.HasPreviousPage)
		}
		for _, e := range p.Datasets.Edges {
			names = append(names, e.Node.Name)
		}
		if last := p.Datasets.Edges[len(p.Datasets.Edges)-1].Cursor; p.Datasets.PageInfo.EndCursor == nil || *p.Datasets.PageInfo.EndCursor != last {
			t.Fatalf("endCursor %v, last edge's cursor %s", p.Datasets.PageInfo.EndCursor, last)
		}
		if !p.Datasets.PageInfo.HasNextPage {
			break
		}
		after = p.Datasets.PageInfo.EndCursor
	}
	for i, e := range whole.Datasets.Edges {
		if i >= len(names) || names[i] != e.Node.Name {
			t.Fatalf("paged names differ from the single page at %d: %v", i, names)
		}
	}
	if len(names) != total {
		t.Fatalf("paged %d datasets, want %d", len(names), total)
	}

	t.Run("organizations", func(t *testing.T) {
		var p1, p2 struct {
			Organizations struct {
				PageInfo struct {
					HasNextPage bool   `json:"hasNextPage"`
					EndCursor   string `json:"endCursor"`
				} `json:"pageInfo"`
				Nodes []struct{ Name string } `json:"nodes"`
			}
		}
		const q = `query($after: String) { organizations(sort: "name asc", first: 4, after: $after) { pageInfo { hasNextPage endCursor } nodes { name } } }`
		c.MustPost(q, &p1)
		c.MustPost(q, &p2, client.Var("after", p1.Organizations.PageInfo.EndCursor))
		if !p1.Organizations.PageInfo.HasNextPage || len(p1.Organizations.Nodes) != 4 || len(p2.Organizations.Nodes) == 0 ||
			p2.Organizations.Nodes[0].Name <= p1.Organizations.Nodes[3].Name {
			t.Fatalf("pages %+v then %+v", p1, p2)
		}
	})
}

func testIndicators(t *testing.T, fx *fixture) {
	c := fx.clientFor("")
	t.Run("indicator by code", func(t *testing.T) {
		var resp struct {
			Indicator struct {
				Code       string `json:"code"`
				TitleEN    string `json:"titleEN"`
				Frameworks []struct {
					Framework string `json:"framework"`
					Factor    string `json:"factor"`
					SubFactor string `json:"subFactor"`
				} `json:"frameworks"`
				Dataset struct{ Name string } `json:"dataset"`
			}
		}
		c.MustPost(`{ indicator(code: "TDDC-WDCR-K1-01") { code titleEN frameworks { framework factor subFactor } dataset { name } } }`, &resp)
		in := resp.Indicator
		if in.Code != "TDDC-WDCR-K1-01" || in.Dataset.Name != "tddc-wdcr-k1-01" || len(in.Frameworks) != 1 ||
			in.Frameworks[0].Factor != "Knowledge" || in.Frameworks[0].SubFactor != "Talent" {
			t.Fatalf("indicator %+v", in)
		}
	})

	type division struct {
		Name           string     `json:"name"`
		Kind           string     `json:"kind"`
		IndicatorCount int        `json:"indicatorCount"`
		Children       []division `json:"children"`
		Indicators     []struct {
			Code       string `json:"code"`
			Frameworks []struct {
				Framework, Factor, SubFactor, Pillar, Dimension, Plan string
			} `json:"frameworks"`
		} `json:"indicators"`
	}
	var fw struct {
		Frameworks []struct {
			ID             string     `json:"id"`
			TitleEN        string     `json:"titleEN"`
			DivisionKind   string     `json:"divisionKind"`
			IndicatorCount int        `json:"indicatorCount"`
			Divisions      []division `json:"divisions"`
			Indicators     struct {
				TotalCount int `json:"totalCount"`
			} `json:"indicators"`
		}
	}
	const divFields = `name kind indicatorCount indicators { code frameworks { framework factor subFactor pillar dimension plan } }`
	c.MustPost(`{ frameworks { id titleEN divisionKind indicatorCount indicators(first: 1) { totalCount }
		divisions { `+divFields+` children { `+divFields+` children { name } } } } }`, &fw)
	var ids []string
	for _, f := range fw.Frameworks {
		ids = append(ids, f.ID)
	}
	if !slices.Equal(ids, []string{"WDCR", "ADIX", "OECD-GD", "TH-PLAN"}) {
		t.Fatalf("frameworks %v", ids)
	}
	kinds := map[string]string{"WDCR": "factor", "ADIX": "pillar", "OECD-GD": "dimension", "TH-PLAN": "plan"}
	for _, f := range fw.Frameworks {
		if f.DivisionKind != kinds[f.ID] || f.IndicatorCount == 0 || f.IndicatorCount != f.Indicators.TotalCount {
			t.Fatalf("framework %s: kind %q, %d indicators, search finds %d", f.ID, f.DivisionKind, f.IndicatorCount, f.Indicators.TotalCount)
		}
		// Every indicator placed in a division really is placed there, and the counts add up.
		for _, d := range f.Divisions {
			n := len(d.Indicators)
			for _, sub := range d.Children {
				n += sub.IndicatorCount
				if sub.IndicatorCount != len(sub.Indicators) {
					t.Fatalf("%s/%s/%s counts %d, lists %d", f.ID, d.Name, sub.Name, sub.IndicatorCount, len(sub.Indicators))
				}
				for _, in := range sub.Indicators {
					if !slices.ContainsFunc(in.Frameworks, func(r struct {
						Framework, Factor, SubFactor, Pillar, Dimension, Plan string
					}) bool {
						return r.Framework == f.ID && r.SubFactor == sub.Name || r.Framework == f.ID && sub.Kind == "strategy"
					}) {
						t.Fatalf("%s is not in %s/%s", in.Code, d.Name, sub.Name)
					}
				}
			}
			if n != d.IndicatorCount {
				t.Fatalf("%s/%s counts %d, its parts hold %d", f.ID, d.Name, d.IndicatorCount, n)
			}
		}
	}
	wdcr := fw.Frameworks[0]
	var factors []string
	for _, d := range wdcr.Divisions {
		factors = append(factors, d.Name)
	}
	slices.Sort(factors)
	if !slices.Equal(factors, []string{"Future readiness", "Knowledge", "Technology"}) {
		t.Fatalf("WDCR factors %v", factors)
	}

	t.Run("indicators are the datasets with a code", func(t *testing.T) {
		n := 0
		err := fx.store.EachDataset(context.Background(), 500, func(ds []*catalog.Dataset) error {
			for _, d := range ds {
				if d.Indicator.IndicatorCode != "" && catalog.Anonymous.CanRead(d) {
					n++
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var resp struct{ Indicators struct{ TotalCount int } }
		c.MustPost(`{ indicators(first: 0) { totalCount } }`, &resp)
		if resp.Indicators.TotalCount != n || n == 0 {
			t.Fatalf("%d indicators, the catalog has %d datasets with a code", resp.Indicators.TotalCount, n)
		}
	})

	t.Run("indicators by framework and pillar", func(t *testing.T) {
		var knowledge division
		for _, d := range wdcr.Divisions {
			if d.Name == "Knowledge" {
				knowledge = d
			}
		}
		var resp struct {
			Indicators struct {
				TotalCount int `json:"totalCount"`
				Nodes      []struct {
					Code       string `json:"code"`
					Frameworks []struct{ Framework, Factor string }
				} `json:"nodes"`
			}
		}
		c.MustPost(`{ indicators(framework: "WDCR", pillar: "Knowledge", first: 100) { totalCount nodes { code frameworks { framework factor } } } }`, &resp)
		if resp.Indicators.TotalCount != knowledge.IndicatorCount || len(resp.Indicators.Nodes) != knowledge.IndicatorCount {
			t.Fatalf("%d indicators, the framework tree has %d", resp.Indicators.TotalCount, knowledge.IndicatorCount)
		}
		for i, n := range resp.Indicators.Nodes {
			if i > 0 && n.Code < resp.Indicators.Nodes[i-1].Code {
				t.Fatalf("not by code: %s after %s", n.Code, resp.Indicators.Nodes[i-1].Code)
			}
			if !slices.Contains(n.Frameworks, struct{ Framework, Factor string }{"WDCR", "Knowledge"}) {
				t.Fatalf("%s is not a WDCR Knowledge indicator: %+v", n.Code, n.Frameworks)
			}
		}
	})
}
