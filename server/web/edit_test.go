package web_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/search"
)

func TestSessionCookieSecure(t *testing.T) {
	for _, tc := range []struct {
		name       string
		o          authOptions
		wantSecure bool
	}{
		{"plain HTTP", authOptions{}, false},
		{"TLS", authOptions{tls: true}, true},
		{"behind a TLS proxy", authOptions{siteURL: "https://data.example.org"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newAuthEnv(t, tc.o)
			b := e.browser(t)
			form := url.Values{"login": {"nso-editor"}, "password": {testPassword}, "_csrf_token": {b.token("/user/login")}}
			header := http.Header{"Referer": {e.srv.URL + "/user/login"}}
			if tc.o.siteURL != "" {
				// The browser talks to the proxy's https address, which the proxy passes on.
				header = http.Header{"Origin": {tc.o.siteURL}}
			}
			res := b.do(http.MethodPost, "/user/login", strings.NewReader(form.Encode()), header)
			c := sessionCookie(res.Response)
			if res.StatusCode != http.StatusSeeOther || c == nil {
				t.Fatalf("login: status %d\n%s", res.StatusCode, res.body)
			}
			if c.Secure != tc.wantSecure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
				t.Errorf("Secure=%v (want %v) HttpOnly=%v SameSite=%v", c.Secure, tc.wantSecure, c.HttpOnly, c.SameSite)
			}
			for _, c := range res.Cookies() {
				if c.Name != "lang" && c.Secure != tc.wantSecure {
					t.Errorf("cookie %s: Secure=%v, want %v", c.Name, c.Secure, tc.wantSecure)
				}
			}
		})
	}
}

// apiCall calls a CKAN action with the browser's cookies and the given headers.
func (b *browser) apiCall(action string, body any, header http.Header) (int, map[string]any) {
	b.t.Helper()
	if header == nil {
		header = http.Header{}
	}
	header.Set("Content-Type", "application/json")
	raw, _ := json.Marshal(body)
	res := b.do(http.MethodPost, "/api/3/action/"+action, strings.NewReader(string(raw)), header)
	var out map[string]any
	if err := json.Unmarshal([]byte(res.body), &out); err != nil {
		b.t.Fatalf("%s: %v\n%s", action, err, res.body)
	}
	return res.StatusCode, out
}

// pageToken is the CSRF token a logged-in page exposes for API calls.
func (b *browser) pageToken() string {
	b.t.Helper()
	m := metaTokenRE.FindStringSubmatch(b.get("/").body)
	if m == nil {
		b.t.Fatal("no csrf-token meta tag")
	}
	return html.UnescapeString(m[1])
}

func TestAPISessionNeedsCSRFHeader(t *testing.T) {
	e := newAuthEnv(t, authOptions{})
	b := e.browser(t)
	b.login("nso-editor")
	token := b.pageToken()
	show := map[string]any{"id": "secret-survey"}

	for _, tc := range []struct {
		name   string
		header http.Header
		want   int
	}{
		{"cookie alone is anonymous", nil, http.StatusForbidden},
		{"wrong header", http.Header{"X-Csrf-Token": {"AAAA" + token[4:]}}, http.StatusForbidden},
		{"cookie and CSRF header", http.Header{"X-Csrf-Token": {token}}, http.StatusOK},
		{"another site's page", http.Header{"X-Csrf-Token": {token}, "Origin": {"https://evil.example"}}, http.StatusForbidden},
		{"an API token wins", http.Header{"X-Csrf-Token": {token}, "Authorization": {"not-a-token"}}, http.StatusForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, out := b.apiCall("package_show", show, tc.header)
			if st != tc.want {
				t.Fatalf("package_show: status %d, want %d: %v", st, tc.want, out["error"])
			}
		})
	}

	// A write: without the header the cookie does not count (403 for anonymous), with it
	// the editor's patch is saved and recorded as theirs.
	patch := map[string]any{"id": "internet-users", "title": "ผู้ใช้อินเทอร์เน็ต (แก้ไข)"}
	if st, out := b.apiCall("package_patch", patch, nil); st != http.StatusForbidden {
		t.Fatalf("package_patch with the cookie alone: %d %v", st, out)
	}
	if d, _ := e.store.Dataset(context.Background(), "internet-users"); d.Title != "ผู้ใช้อินเทอร์เน็ต" {
		t.Fatalf("a refused patch changed the title to %q", d.Title)
	}
	if st, out := b.apiCall("package_patch", patch, http.Header{"X-Csrf-Token": {token}}); st != http.StatusOK {
		t.Fatalf("package_patch with the CSRF header: %d %v", st, out)
	}
	if d, _ := e.store.Dataset(context.Background(), "internet-users"); d.Title != "ผู้ใช้อินเทอร์เน็ต (แก้ไข)" {
		t.Fatalf("title %q after the patch", d.Title)
	}

	// GraphQL: the same rule.
	viewer := func(header http.Header) string {
		header.Set("Content-Type", "application/json")
		res := b.do(http.MethodPost, "/graphql", strings.NewReader(`{"query":"{ viewer { user { name } } }"}`), header)
		return res.body
	}
	if got := viewer(http.Header{}); !strings.Contains(got, `"viewer":null`) {
		t.Errorf("GraphQL with the cookie alone: %s", got)
	}
	if got := viewer(http.Header{"X-Csrf-Token": {token}}); !strings.Contains(got, `"name":"nso-editor"`) {
		t.Errorf("GraphQL with the cookie and the CSRF header: %s", got)
	}

	// The same header with no session cookie is nobody.
	anon := e.browser(t)
	if st, _ := anon.apiCall("package_show", show, http.Header{"X-Csrf-Token": {token}}); st != http.StatusForbidden {
		t.Fatalf("header without the cookie: %d", st)
	}
}

func TestEditForm(t *testing.T) {
	e := newAuthEnv(t, authOptions{})
	ctx := context.Background()
	const path = "/dataset/edit/internet-users"

	t.Run("anonymous goes to login", func(t *testing.T) {
		b := e.browser(t)
		res := b.get(path)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/user/login?came_from=%2Fdataset%2Fedit%2Finternet-users" {
			t.Fatalf("status %d, Location %q", res.StatusCode, res.Header.Get("Location"))
		}
		if page := b.get("/dataset/internet-users"); strings.Contains(page.body, `id="edit-dataset"`) {
			t.Error("anonymous visitors see the Edit link")
		}
	})
	for _, user := range []string{"depa-editor", "nso-member"} {
		t.Run(user+" may not edit", func(t *testing.T) {
			b := e.browser(t)
			b.login(user)
			if res := b.get(path); res.StatusCode != http.StatusForbidden {
				t.Fatalf("GET: status %d, want 403", res.StatusCode)
			}
			tok := b.token("/dataset/internet-users") // the logout form's token
			res := b.post(path, url.Values{"_csrf_token": {tok}, "title": {"hijacked"}})
			if res.StatusCode != http.StatusForbidden {
				t.Fatalf("POST: status %d, want 403", res.StatusCode)
			}
			if page := b.get("/dataset/internet-users"); strings.Contains(page.body, `id="edit-dataset"`) {
				t.Error("the Edit link is shown to someone who may not edit")
			}
		})
	}
	t.Run("another organization's private dataset is not found", func(t *testing.T) {
		b := e.browser(t)
		b.login("depa-editor")
		if res := b.get("/dataset/edit/secret-survey"); res.StatusCode != http.StatusNotFound {
			t.Fatalf("status %d, want 404", res.StatusCode)
		}
	})

	b := e.browser(t)
	b.login("nso-editor")
	page := b.get("/dataset/internet-users")
	if !strings.Contains(page.body, `href="/dataset/edit/internet-users"`) {
		t.Fatal("no Edit link for the editor")
	}
	form := b.get(path)
	for _, want := range []string{`value="ผู้ใช้อินเทอร์เน็ต"`, `value="Internet users"`, `value="internet, ดิจิทัล"`, "ร้อยละของประชากรที่ใช้อินเทอร์เน็ต",
		`<option value="cc-by" selected>`, `<option value="odc-by">`, `name="author_email"`, `name="maintainer"`,
		`name="extras__0__key" value="province"`, `name="extras__0__value" value="กรุงเทพมหานคร"`, `name="extras__0__deleted"`,
		`name="extras__2__key" value=""`, `<option value="ข้อมูลสถิติ" selected>`, `name="objective" value="ยุทธศาสตร์ชาติ" checked>`,
		`name="objective" value="มติคณะรัฐมนตรี">`, `name="data_format" value="CSV" checked>`, `name="first_year_of_data" value="2018"`,
		`name="official_statistics" value="True" checked>`, `<option value="ข้อมูลสาธารณะ" selected>`} {
		if !strings.Contains(form.body, want) {
			t.Errorf("the form lacks %s", want)
		}
	}
	before, _ := e.store.Dataset(ctx, "internet-users")

	t.Run("invalid input changes nothing", func(t *testing.T) {
		res := b.submit(path, path, url.Values{"title": {"ชื่อใหม่ที่ไม่ควรถูกบันทึก"}, "tag_string": {"internet, x"},
			"url": {"not a url"}, "license_id": {"odc-by"}, "maintainer_email": {"stats at nso"}, "private": {"False"},
			"extras__0__key": {"province"}, "extras__0__value": {"เชียงใหม่"}, "extras__1__key": {"title"}, "extras__1__value": {"x"},
			"gdc_fields": {"1"}, "data_type": {"ข้อมูลระเบียน"}, "update_frequency_unit": {"ปี"}})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		for _, want := range []string{`Tag &#34;x&#34; length is less than minimum 2`, `id="field-url-error"`, `value="ชื่อใหม่ที่ไม่ควรถูกบันทึก"`,
			`id="field-maintainer_email-error"`, "อีเมล stats at nso มีรูปแบบไม่ถูกต้อง", `<option value="odc-by" selected>`,
			`id="field-extras-error"`, "There is a schema field with the same name", `name="extras__0__value" value="เชียงใหม่"`,
			`<option value="ข้อมูลระเบียน" selected>`} {
			if !strings.Contains(res.body, want) {
				t.Errorf("the form again lacks %s", want)
			}
		}
		after, _ := e.store.Dataset(ctx, "internet-users")
		if after.Title != before.Title || after.LicenseID != before.LicenseID || !slices.Equal(after.Extras, before.Extras) ||
			!sameGDC(after.GDC, before.GDC) || !after.MetadataModified.Equal(before.MetadataModified) {
			t.Fatalf("an invalid form changed the dataset: %q %q %v", after.Title, after.LicenseID, after.Extras)
		}
	})
	t.Run("without the CSRF token nothing changes", func(t *testing.T) {
		res := b.post(path, url.Values{"title": {"ไม่มีโทเคน"}, "private": {"False"}})
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d, want 403", res.StatusCode)
		}
		if after, _ := e.store.Dataset(ctx, "internet-users"); after.Title != before.Title {
			t.Fatal("the dataset changed")
		}
	})
	t.Run("the editor saves", func(t *testing.T) {
		res := b.submit(path, path, url.Values{"title": {"ผู้ใช้อินเทอร์เน็ตรายจังหวัด"}, "title_en": {"Internet users by province"},
			"notes": {"ข้อมูลใหม่"}, "tag_string": {"internet, จังหวัด"}, "license_id": {"odc-by"}, "author": {"กองสถิติสังคม"},
			"maintainer": {"ฝ่ายบริการข้อมูล"}, "maintainer_email": {"services@nso.example"}, "private": {"True"}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/dataset/internet-users" {
			t.Fatalf("status %d, Location %q\n%s", res.StatusCode, res.Header.Get("Location"), res.body)
		}
		d, err := e.store.Dataset(ctx, "internet-users")
		if err != nil {
			t.Fatal(err)
		}
		var tags []string
		for _, tg := range d.Tags {
			tags = append(tags, tg.Name)
		}
		if d.Title != "ผู้ใช้อินเทอร์เน็ตรายจังหวัด" || d.TitleEN != "Internet users by province" || !d.Private ||
			strings.Join(tags, ",") != "internet,จังหวัด" || len(d.Resources) != 2 || d.LicenseID != "odc-by" {
			t.Fatalf("saved %q %q private=%v tags=%v resources=%d license=%q", d.Title, d.TitleEN, d.Private, tags, len(d.Resources), d.LicenseID)
		}
		if d.Author != "กองสถิติสังคม" || d.Maintainer != "ฝ่ายบริการข้อมูล" || d.MaintainerEmail != "services@nso.example" || d.AuthorEmail != "" {
			t.Fatalf("saved author %q <%s>, maintainer %q <%s>", d.Author, d.AuthorEmail, d.Maintainer, d.MaintainerEmail)
		}
		// A post without custom-field rows and the GD-Catalog section (not from the page)
		// leaves them alone.
		if !slices.Equal(d.Extras, before.Extras) || !sameGDC(d.GDC, before.GDC) {
			t.Fatalf("extras %v and GD-Catalog %+v, want them kept", d.Extras, d.GDC)
		}
		// The API's after-write hook ran: the index has the new title...
		r, err := e.ix.Search(ctx, search.Request{Q: "รายจังหวัด", IncludePrivate: true, Rows: 10})
		if err != nil || r.Count != 1 {
			t.Fatalf("search for the new title: %v, %v", r, err)
		}
		// ...and the activity stream names the editor.
		acts, err := e.store.Activities(ctx, catalog.ActivityQuery{ObjectID: d.ID, Limit: 1})
		editor, _ := e.store.User(ctx, "nso-editor")
		if err != nil || len(acts) != 1 || acts[0].UserID == nil || *acts[0].UserID != editor.ID {
			t.Fatalf("activity: %+v, %v", acts, err)
		}
		if page := b.get("/dataset/internet-users"); !strings.Contains(page.body, "ผู้ใช้อินเทอร์เน็ตรายจังหวัด") {
			t.Error("the page does not show the new title")
		}
	})
}

// TestEditFormExtras covers the custom-field rows: changed, added, removed and left blank.
func TestEditFormExtras(t *testing.T) {
	e := newAuthEnv(t, authOptions{})
	const path = "/dataset/edit/internet-users"
	b := e.browser(t)
	b.login("nso-editor")
	for _, tc := range []struct {
		name string
		rows url.Values
		want []catalog.Extra
	}{
		{"changed and added", url.Values{"extras__0__key": {"province"}, "extras__0__value": {"เชียงใหม่"},
			"extras__1__key": {" source_note "}, "extras__1__value": {"ข้อมูลตัวอย่าง"}, "extras__2__key": {""}, "extras__2__value": {""}},
			[]catalog.Extra{{Key: "province", Value: "เชียงใหม่"}, {Key: "source_note", Value: "ข้อมูลตัวอย่าง"}}},
		{"one removed", url.Values{"extras__0__key": {"province"}, "extras__0__value": {"เชียงใหม่"}, "extras__0__deleted": {"on"},
			"extras__1__key": {"source_note"}, "extras__1__value": {"ข้อมูลตัวอย่าง"}, "extras__2__key": {""}, "extras__2__value": {""}},
			[]catalog.Extra{{Key: "source_note", Value: "ข้อมูลตัวอย่าง"}}},
		{"all blank", url.Values{"extras__0__key": {""}, "extras__0__value": {""}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			form := url.Values{"title": {"ผู้ใช้อินเทอร์เน็ต"}, "license_id": {"cc-by"}, "private": {"False"}}
			for k, v := range tc.rows {
				form[k] = v
			}
			if res := b.submit(path, path, form); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("status %d\n%s", res.StatusCode, res.body)
			}
			d, err := e.store.Dataset(context.Background(), "internet-users")
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(d.Extras, tc.want) {
				t.Fatalf("extras %v, want %v", d.Extras, tc.want)
			}
		})
	}
}

// TestEditFormGDC saves the GD-Catalog section: lists, numbers, flags, and a value the
// standard does not list, which the form then keeps.
func TestEditFormGDC(t *testing.T) {
	e := newAuthEnv(t, authOptions{})
	const path = "/dataset/edit/internet-users"
	b := e.browser(t)
	b.login("nso-editor")
	form := url.Values{"title": {"ผู้ใช้อินเทอร์เน็ต"}, "license_id": {"cc-by"}, "private": {"False"}, "gdc_fields": {"1"},
		"data_type": {"ข้อมูลระเบียน"}, "objective": {"มติคณะรัฐมนตรี", "ดัชนี/ตัวชี้วัดระดับนานาชาติ"},
		"data_format": {"CSV", "JSON"}, "data_category": {"ข้อมูลเปิดเฉพาะหน่วยงาน"}, "unit_of_multiplier": {"พัน"},
		"first_year_of_data": {"2015"}, "last_year_of_data": {""}, "update_frequency_interval": {"4"},
		"high_value_dataset": {"True"}}
	ctx := context.Background()
	before, _ := e.store.Dataset(ctx, "internet-users")
	bad := url.Values{"first_year_of_data": {"สองพัน"}}
	for k, v := range form {
		if bad[k] == nil {
			bad[k] = v
		}
	}
	res := b.submit(path, path, bad)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.body, `id="field-first_year_of_data-error"`) ||
		!strings.Contains(res.body, `value="สองพัน"`) || !strings.Contains(res.body, `<option value="ข้อมูลระเบียน" selected>`) {
		t.Fatalf("a year in words: status %d\n%s", res.StatusCode, res.body)
	}
	if after, _ := e.store.Dataset(ctx, "internet-users"); !sameGDC(after.GDC, before.GDC) {
		t.Fatalf("an invalid form changed the GD-Catalog fields: %+v", after.GDC)
	}

	if res := b.submit(path, path, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d\n%s", res.StatusCode, res.body)
	}
	d, err := e.store.Dataset(ctx, "internet-users")
	if err != nil {
		t.Fatal(err)
	}
	g := d.GDC
	if g.DataType != "ข้อมูลระเบียน" || !slices.Equal(g.Objective, []string{"มติคณะรัฐมนตรี", "ดัชนี/ตัวชี้วัดระดับนานาชาติ"}) ||
		!slices.Equal(g.DataFormat, []string{"CSV", "JSON"}) || g.DataCategory != "ข้อมูลเปิดเฉพาะหน่วยงาน" ||
		g.UnitOfMultiplier != "พัน" || g.FirstYearOfData == nil || *g.FirstYearOfData != 2015 || g.LastYearOfData != nil ||
		g.UpdateFrequencyInterval == nil || *g.UpdateFrequencyInterval != 4 || g.OfficialStatistics || !g.HighValueDataset ||
		g.GeoCoverage != "" || len(g.DataLanguage) != 0 {
		t.Fatalf("saved %+v", g)
	}
	page := b.get(path + "?lang=en")
	for _, want := range []string{`<option value="ข้อมูลเปิดเฉพาะหน่วยงาน" selected>`, `<option value="พัน" selected>พัน (thousands)</option>`,
		`name="high_value_dataset" value="True" checked>`, `name="official_statistics" value="True">`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the form lacks %s", want)
		}
	}
}

// sameGDC compares GD-Catalog fields, an empty list equal to none.
func sameGDC(a, b catalog.GDC) bool {
	for _, g := range []*catalog.GDC{&a, &b} {
		for _, l := range []*[]string{&g.Objective, &g.DataFormat, &g.DataLanguage, &g.Disaggregate} {
			if len(*l) == 0 {
				*l = nil
			}
		}
	}
	return reflect.DeepEqual(a, b)
}

var metaTokenRE = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)"`)

func TestNewDatasetForm(t *testing.T) {
	e := newAuthEnv(t, authOptions{})
	ctx := context.Background()

	if res := e.browser(t).get("/dataset/new"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/user/login?") {
		t.Fatalf("anonymous: status %d, Location %q", res.StatusCode, res.Header.Get("Location"))
	}
	member := e.browser(t)
	member.login("nso-member")
	if res := member.get("/dataset/new"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a member who may not create datasets: status %d, want 403", res.StatusCode)
	}
	if strings.Contains(member.get("/").body, `href="/dataset/new"`) {
		t.Error("the Add dataset link is shown to a member who may not create datasets")
	}

	b := e.browser(t)
	b.login("nso-editor")
	b.get("/?lang=en") // CKAN's English messages
	if !strings.Contains(b.get("/").body, `href="/dataset/new"`) {
		t.Error("no Add dataset link for an editor")
	}
	form := b.get("/dataset/new")
	if !strings.Contains(form.body, `<option value="nso" selected>`) || strings.Contains(form.body, `value="depa"`) {
		t.Fatalf("the organization choice should be nso only:\n%s", form.body)
	}
	fields := func(name, org string) url.Values {
		return url.Values{"name": {name}, "owner_org": {org}, "title": {"การใช้คลาวด์ภาครัฐ"}, "tag_string": {"cloud"}, "private": {"True"}}
	}
	for _, tc := range []struct {
		name, dataset, org string
		status             int
		want               string
	}{
		{"name taken", "internet-users", "nso", http.StatusOK, "That URL is already in use."},
		{"bad name", "Cloud Use", "nso", http.StatusOK, "Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_"},
		{"another organization", "cloud-use", "depa", http.StatusForbidden, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := b.submit("/dataset/new", "/dataset/new", fields(tc.dataset, tc.org))
			if res.StatusCode != tc.status || !strings.Contains(res.body, html.EscapeString(tc.want)) {
				t.Fatalf("status %d, want %d with %q\n%s", res.StatusCode, tc.status, tc.want, res.body)
			}
			if _, err := e.store.Dataset(ctx, "cloud-use"); err == nil {
				t.Fatal("a dataset was created")
			}
		})
	}
	res := b.submit("/dataset/new", "/dataset/new", fields("cloud-use", "nso"))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/dataset/cloud-use" {
		t.Fatalf("create: status %d, Location %q\n%s", res.StatusCode, res.Header.Get("Location"), res.body)
	}
	d, err := e.store.Dataset(ctx, "cloud-use")
	if err != nil || d.Organization == nil || d.Organization.Name != "nso" || !d.Private || d.Title != "การใช้คลาวด์ภาครัฐ" {
		t.Fatalf("created %+v, %v", d, err)
	}
	if page := b.get("/dataset/cloud-use"); page.StatusCode != http.StatusOK || !strings.Contains(page.body, "การใช้คลาวด์ภาครัฐ") {
		t.Fatalf("the new dataset's page: %d", page.StatusCode)
	}
	if r, err := e.ix.Search(ctx, search.Request{Q: "name:cloud-use", IncludePrivate: true, Rows: 1}); err != nil || r.Count != 1 {
		t.Fatalf("the new dataset is not in the index: %v %v", r, err)
	}
}
