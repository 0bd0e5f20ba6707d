package webtest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/khlang/khlang/catalog"
)

// editorOf makes a user who is an editor of the organization of the dataset and returns
// their name and password.
func editorOf(t *testing.T, e *Env, dataset string) (string, string) {
	t.Helper()
	ctx := context.Background()
	d, err := e.App.Store.Dataset(ctx, dataset)
	if err != nil || d.OwnerOrg == nil {
		t.Fatalf("dataset %s: %v", dataset, err)
	}
	const name, password = "browser-editor", "browser-password-1"
	u := &catalog.User{Name: name, Fullname: "ผู้แก้ไขทดสอบ", Email: "editor@example.org"}
	if err := e.App.Store.CreateUser(ctx, u, password); err != nil {
		t.Fatal(err)
	}
	if err := e.App.Store.AddMember(ctx, *d.OwnerOrg, u.ID, catalog.CapacityEditor); err != nil {
		t.Fatal(err)
	}
	return name, password
}

func tagNames(d *catalog.Dataset) []string {
	var out []string
	for _, t := range d.Tags {
		out = append(out, t.Name)
	}
	return out
}

// TestLoginEditAndCSRF logs in through the login form, edits a dataset through the edit
// form and sees the change on its page; the same form with its CSRF token removed is
// refused and changes nothing, and the session cookie works on the CKAN API only with
// the page's CSRF token in a header.
func TestLoginEditAndCSRF(t *testing.T) {
	e := Shared(t)
	ctx := context.Background()
	const dataset = "e-office-metadata"
	const tag = "ทดสอบเบราว์เซอร์"
	name, password := editorOf(t, e, dataset)
	tab := e.NewTab(t)

	// A visitor sees no Edit link; the edit page sends them to log in, and back after.
	if st := tab.Go("/dataset/" + dataset); st != 200 {
		t.Fatalf("dataset page: %d", st)
	}
	if tab.Count("#edit-dataset") != 0 {
		t.Fatal("a visitor sees the Edit link")
	}
	if st := tab.Go("/dataset/edit/" + dataset); st != 200 || !strings.HasPrefix(tab.Path(), "/user/login?came_from=") {
		t.Fatalf("edit page for a visitor: %d at %s", st, tab.Path())
	}
	tab.Fill("#field-login", name)
	tab.Fill("#field-password", password)
	if st := tab.Submit("#field-password"); st != 200 {
		t.Fatalf("login: %d", st)
	}
	if p := tab.Path(); p != "/dataset/edit/"+dataset {
		t.Fatalf("after login at %s, want the edit page", p)
	}
	if who := tab.Text("header .account .who"); !strings.Contains(who, "ผู้แก้ไขทดสอบ") {
		t.Errorf("the header shows %q, not the user", who)
	}

	// Edit: a new tag and English title, through the form.
	tags := tab.Attr("#field-tags", "value")
	tab.Fill("#field-tags", tags+", "+tag)
	tab.Fill("#field-title_en", "Government paperless e-Office metadata (edited)")
	if st := tab.Submit("#field-tags"); st != 200 {
		t.Fatalf("save: %d", st)
	}
	if p := tab.Path(); p != "/dataset/"+dataset {
		t.Fatalf("after saving at %s, want the dataset page", p)
	}
	if n := Eval[int](tab, fmt.Sprintf(`Array.from(document.querySelectorAll('a.badge')).filter(a => a.textContent.trim() === %q).length`, tag)); n != 1 {
		t.Fatalf("the page shows the new tag %d times, want once", n)
	}
	if tab.Count("#edit-dataset") != 1 {
		t.Error("the editor sees no Edit link")
	}
	d, err := e.App.Store.Dataset(ctx, dataset)
	if err != nil || !slices.Contains(tagNames(d), tag) || d.TitleEN != "Government paperless e-Office metadata (edited)" {
		t.Fatalf("stored: %v %q, %v", tagNames(d), d.TitleEN, err)
	}
	modified := d.MetadataModified

	// The same form without its CSRF token: the friendly 403 page, nothing changed.
	tab.Go("/dataset/edit/" + dataset)
	if !Eval[bool](tab, `(() => { const f = document.querySelector('#dataset-edit input[name=_csrf_token]'); if (!f) return false; f.remove(); return true })()`) {
		t.Fatal("the edit form has no CSRF token field")
	}
	tab.Fill("#field-title_en", "Changed without a token")
	if st := tab.Submit("#field-title_en"); st != 403 {
		t.Fatalf("a form without its CSRF token: %d, want 403", st)
	}
	if h := tab.Text("h1"); h != "แบบฟอร์มหมดอายุ" && h != "The form has expired" {
		t.Errorf("the refusal page's heading is %q", h)
	}
	if d, _ := e.App.Store.Dataset(ctx, dataset); d.TitleEN == "Changed without a token" || !d.MetadataModified.Equal(modified) {
		t.Fatal("the refused form changed the dataset")
	}

	// The API from the page's script: the session cookie counts only with the page's token.
	tab.Go("/dataset/" + dataset)
	call := func(withToken bool) int {
		return Eval[int](tab, fmt.Sprintf(`(async () => {
  const h = {'Content-Type': 'application/json'};
  if (%v) h['X-CSRF-Token'] = document.querySelector('meta[name=csrf-token]').content;
  const r = await fetch('/api/3/action/package_patch', {method: 'POST', headers: h, body: JSON.stringify({id: %q, version: '2'})});
  return r.status; })()`, withToken, dataset))
	}
	if st := call(false); st != 403 {
		t.Errorf("package_patch with the cookie alone: %d, want 403", st)
	}
	if st := call(true); st != 200 {
		t.Errorf("package_patch with the cookie and the CSRF header: %d, want 200", st)
	}
	if d, _ := e.App.Store.Dataset(ctx, dataset); d.Version != "2" {
		t.Errorf("version %q after the API call", d.Version)
	}

	// Logging out ends it: the edit page asks to log in again.
	tab.Click("header form.logout button")
	if st := tab.Go("/dataset/edit/" + dataset); st != 200 || !strings.HasPrefix(tab.Path(), "/user/login") {
		t.Fatalf("after logout the edit page answers %d at %s", st, tab.Path())
	}
}
