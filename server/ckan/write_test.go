package ckan_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/catalog/catalogtest"
	"github.com/khlang/khlang/search"
)

// newWriteEnv is the read fixture plus the roles the write tests need: a member and an
// admin of nso, and an admin of another organization (depa). Writes are made searchable
// by AfterWrite, wired to the index as the server wires it.
func newWriteEnv(t *testing.T, s *catalog.Store) *env {
	t.Helper()
	e := buildFixture(t, s)
	ix := e.api.Search.(*search.Index)
	e.api.AfterWrite = func(ctx context.Context) {
		if err := ix.Sync(ctx, s); err != nil {
			t.Errorf("sync after write: %v", err)
		}
	}
	ctx := context.Background()
	for name, role := range map[string][2]string{"nso-member": {"nso", catalog.CapacityMember},
		"nso-admin": {"nso", catalog.CapacityAdmin}, "depa-admin": {"depa", catalog.CapacityAdmin}} {
		u := &catalog.User{Name: name, Email: name + "@example.org"}
		if err := s.CreateUser(ctx, u, "password123"); err != nil {
			t.Fatal(err)
		}
		org, err := s.Group(ctx, role[0], true)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AddMember(ctx, org.ID, u.ID, role[1]); err != nil {
			t.Fatal(err)
		}
		if e.tokens[name], err = s.CreateToken(ctx, name, "test"); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

// sync brings the index up to date after writes made through the store directly.
func (e *env) sync(t *testing.T) {
	t.Helper()
	if err := e.api.Search.(*search.Index).Sync(context.Background(), e.store); err != nil {
		t.Fatal(err)
	}
}

// post calls a write action with a JSON body as the user (anonymous when as is "").
func (e *env) post(t *testing.T, as, name string, body any) response {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	return e.do(t, nil, request{method: http.MethodPost, path: "/api/3/action/" + name, body: string(b), as: as})
}

// upload calls an action with a multipart form carrying file as "upload".
func (e *env) upload(t *testing.T, as, name string, fields map[string]string, fileName string, file []byte) response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	fw, err := mw.CreateFormFile("upload", fileName)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(file)
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/api/3/action/"+name, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if as != "" {
		req.Header.Set("Authorization", e.tokens[as])
	}
	rec := httptest.NewRecorder()
	e.mux.ServeHTTP(rec, req)
	out := response{status: rec.Code, header: rec.Header(), raw: rec.Body.Bytes()}
	dec := json.NewDecoder(bytes.NewReader(out.raw))
	dec.UseNumber()
	if err := dec.Decode(&out.body); err != nil {
		t.Fatalf("response is not JSON: %v: %s", err, out.raw)
	}
	return out
}

// target creates a dataset of the kind (public, private, draft or deleted) in nso, with
// one resource, through the store.
func (e *env) target(t *testing.T, name, kind string) (id, resID string) {
	t.Helper()
	ctx := context.Background()
	d := &catalog.Dataset{Name: name, Title: "Target " + name, OwnerOrg: ptr("nso"), LicenseID: "cc-by",
		Private: kind == "private", Resources: []catalog.Resource{{Name: "r", URL: "https://example.org/r.csv", Format: "CSV"}}}
	if kind == "draft" {
		d.State = catalog.StateDraft
	}
	if err := e.store.CreateDataset(ctx, d); err != nil {
		t.Fatal(err)
	}
	if kind == "deleted" {
		if err := e.store.DeleteDataset(ctx, d.ID); err != nil {
			t.Fatal(err)
		}
	}
	return d.ID, d.Resources[0].ID
}

var (
	matrixRoles = []string{"", "nso-member", "nso-editor", "depa-admin", "nso-admin", "admin"}
	matrixKinds = []string{"public", "private", "draft", "deleted"}
)

func roleName(r string) string {
	if r == "" {
		return "anonymous"
	}
	return r
}

// canReadKind is the expected read permission: members of nso read its private and draft
// datasets, sysadmins everything, everyone public ones.
func canReadKind(role, kind string) bool {
	switch {
	case role == "admin":
		return true
	case kind == "public":
		return true
	case kind == "deleted":
		return false
	}
	return role == "nso-member" || role == "nso-editor" || role == "nso-admin"
}

// canWriteKind is the expected write permission on nso's datasets: editors and admins of
// nso, and sysadmins; deleted datasets only sysadmins.
func canWriteKind(role, kind string) bool {
	if role == "admin" {
		return true
	}
	return kind != "deleted" && (role == "nso-editor" || role == "nso-admin")
}

// expectCell checks one cell of the matrix: the status, the __type of a failure, and that
// data came back exactly when the call was allowed.
func expectCell(t *testing.T, r response, allowed bool, check func(result any) bool) {
	t.Helper()
	if !allowed {
		if r.status != http.StatusForbidden {
			t.Fatalf("status = %d, want 403; body: %s", r.status, r.raw)
		}
		e := r.errorOf(t)
		if e["__type"] != "Authorization Error" {
			t.Fatalf("__type = %v; body: %s", e["__type"], r.raw)
		}
		if _, has := obj(t, r.body)["result"]; has {
			t.Fatalf("a denied call returned a result: %s", r.raw)
		}
		return
	}
	if r.status != http.StatusOK {
		t.Fatalf("status = %d, want 200; body: %s", r.status, r.raw)
	}
	if res := r.result(t); check != nil && !check(res) {
		t.Fatalf("unexpected result: %s", r.raw)
	}
}

// TestPermissionMatrix runs every write action and the main reads as anonymous, member,
// editor, admin of another organization, admin and sysadmin, on public, private, draft
// and deleted datasets.
func TestPermissionMatrix(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		e := newWriteEnv(t, s)

		type readTarget struct{ id, res, name string }
		reads := map[string]readTarget{}
		for _, kind := range matrixKinds {
			name := "read-" + kind
			id, res := e.target(t, name, kind)
			reads[kind] = readTarget{id, res, name}
		}
		type writeCase struct {
			action string
			body   func(id, res, name string) map[string]any
			check  func(t *testing.T, id string, result any) bool
			allow  func(role, kind string) bool
		}
		nonNil := func(_ *testing.T, _ string, r any) bool { return r != nil }
		isNil := func(_ *testing.T, _ string, r any) bool { return r == nil }
		writes := []writeCase{
			{"package_patch", func(id, _, _ string) map[string]any { return map[string]any{"id": id, "notes": "patched"} },
				func(_ *testing.T, _ string, r any) bool { m, _ := r.(map[string]any); return m["notes"] == "patched" }, canWriteKind},
			{"package_update", func(id, _, name string) map[string]any {
				return map[string]any{"id": id, "name": name, "owner_org": "nso", "title": "Replaced"}
			}, func(_ *testing.T, _ string, r any) bool { m, _ := r.(map[string]any); return m["title"] == "Replaced" }, canWriteKind},
			{"resource_create", func(id, _, _ string) map[string]any {
				return map[string]any{"package_id": id, "url": "https://example.org/new.csv", "name": "new"}
			}, nonNil, canWriteKind},
			{"resource_update", func(_, res, _ string) map[string]any {
				return map[string]any{"id": res, "url": "https://example.org/u.csv", "name": "updated"}
			}, func(_ *testing.T, _ string, r any) bool { m, _ := r.(map[string]any); return m["name"] == "updated" }, canWriteKind},
			{"resource_patch", func(_, res, _ string) map[string]any { return map[string]any{"id": res, "name": "patched"} },
				func(_ *testing.T, _ string, r any) bool { m, _ := r.(map[string]any); return m["name"] == "patched" }, canWriteKind},
			{"resource_delete", func(_, res, _ string) map[string]any { return map[string]any{"id": res} }, isNil, canWriteKind},
			{"package_resource_reorder", func(id, res, _ string) map[string]any { return map[string]any{"id": id, "order": []string{res}} },
				nonNil, canWriteKind},
			{"package_owner_org_update", func(id, _, _ string) map[string]any { return map[string]any{"id": id, "organization_id": "nso"} },
				isNil, canWriteKind},
			{"package_delete", func(id, _, _ string) map[string]any { return map[string]any{"id": id} }, isNil, canWriteKind},
			{"dataset_purge", func(id, _, _ string) map[string]any { return map[string]any{"id": id} }, isNil,
				func(role, _ string) bool { return role == "admin" }},
		}
		type writeTarget struct{ id, res, name string }
		targets := map[string]writeTarget{}
		for _, w := range writes {
			for _, kind := range matrixKinds {
				for i, role := range matrixRoles {
					name := fmt.Sprintf("w-%d-%s-%d", slices.IndexFunc(writes, func(x writeCase) bool { return x.action == w.action }), kind, i)
					id, res := e.target(t, name, kind)
					targets[w.action+"/"+kind+"/"+role] = writeTarget{id, res, name}
				}
			}
		}
		e.sync(t)

		for _, kind := range matrixKinds {
			for _, role := range matrixRoles {
				t.Run(kind+"/"+roleName(role), func(t *testing.T) {
					rt := reads[kind]
					readable := canReadKind(role, kind)
					t.Run("package_show", func(t *testing.T) {
						expectCell(t, e.post(t, role, "package_show", map[string]any{"id": rt.id}), readable,
							func(r any) bool { m, _ := r.(map[string]any); return m["name"] == rt.name })
					})
					t.Run("resource_show", func(t *testing.T) {
						expectCell(t, e.post(t, role, "resource_show", map[string]any{"id": rt.res}), readable,
							func(r any) bool { m, _ := r.(map[string]any); return m["id"] == rt.res })
					})
					t.Run("package_activity_list", func(t *testing.T) {
						expectCell(t, e.post(t, role, "package_activity_list", map[string]any{"id": rt.id}), readable,
							func(r any) bool { l, _ := r.([]any); return len(l) > 0 })
					})
					t.Run("package_search", func(t *testing.T) {
						r := e.post(t, role, "package_search", map[string]any{"q": "name:" + rt.name,
							"include_private": true, "include_drafts": true})
						want := 0
						if readable && kind != "deleted" {
							want = 1
						}
						if got := num(t, obj(t, r.result(t))["count"]); got != want {
							t.Fatalf("count = %d, want %d", got, want)
						}
					})
					for _, w := range writes {
						t.Run(w.action, func(t *testing.T) {
							wt := targets[w.action+"/"+kind+"/"+role]
							r := e.post(t, role, w.action, w.body(wt.id, wt.res, wt.name))
							expectCell(t, r, w.allow(role, kind), func(res any) bool { return w.check(t, wt.id, res) })
						})
					}
				})
			}
		}

		// Actions that do not depend on a dataset's kind, once per role.
		for i, role := range matrixRoles {
			t.Run("other/"+roleName(role), func(t *testing.T) {
				isAdmin := role == "nso-admin" || role == "admin"
				self := role
				if self == "" {
					self = "outsider"
				}
				cases := []struct {
					action string
					body   map[string]any
					allow  bool
				}{
					{"package_create", map[string]any{"name": fmt.Sprintf("created-%d", i), "owner_org": "nso", "private": true},
						role == "nso-editor" || isAdmin},
					{"organization_create", map[string]any{"name": fmt.Sprintf("org-%d", i)}, role != ""},
					{"group_create", map[string]any{"name": fmt.Sprintf("group-%d", i)}, role != ""},
					{"organization_patch", map[string]any{"id": "nso", "description": "patched"}, isAdmin},
					{"organization_member_create", map[string]any{"id": "nso", "username": "outsider", "role": "member"}, isAdmin},
					{"member_create", map[string]any{"id": "nso", "object": "outsider", "object_type": "user", "capacity": "editor"}, isAdmin},
					{"organization_member_delete", map[string]any{"id": "nso", "username": "outsider"}, isAdmin},
					{"user_create", map[string]any{"name": fmt.Sprintf("new-user-%d", i), "email": "n@example.org", "password": "longenough"},
						role == "admin"},
					{"user_update", map[string]any{"id": "outsider", "name": "outsider", "email": "o2@example.org"}, role == "admin"},
					{"api_token_create", map[string]any{"user": self, "name": "t"}, role != ""},
				}
				for _, tc := range cases {
					t.Run(tc.action, func(t *testing.T) {
						expectCell(t, e.post(t, role, tc.action, tc.body), tc.allow,
							func(r any) bool { return (r == nil) == (tc.action == "organization_member_delete") })
					})
				}
			})
		}
	})
}

// TestPrivateLeak creates private datasets carrying a marker word and shows the word (and
// the datasets' ids) appear on no public path, for anonymous callers and for a logged-in
// user outside the organization.
func TestPrivateLeak(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		e := newWriteEnv(t, s)
		const marker = "zanzibarmarker"
		// Counts the public sees must not move either.
		publicCounts := func() string {
			var out []string
			for _, p := range []string{action("organization_show", "id", "nso"), action("group_show", "id", "society"),
				action("package_search", "rows", "0"), action("organization_list", "all_fields", "true")} {
				r := e.do(t, nil, request{path: p, as: "outsider"})
				out = append(out, string(r.raw))
			}
			return strings.Join(out, "\n")
		}
		countsBefore := publicCounts()
		var ids, resIDs []string
		for i, state := range []string{"active", "draft"} {
			r := e.post(t, "nso-editor", "package_create", map[string]any{
				"name": fmt.Sprintf("%s-%d", marker, i), "title": "Title " + marker, "notes": "Notes " + marker,
				"owner_org": "nso", "private": true, "state": state, "tags": []map[string]string{{"name": marker}},
				"groups": []map[string]string{{"name": "society"}}, "extras": []map[string]string{{"key": "k", "value": marker}},
				"resources": []map[string]string{{"name": "res " + marker, "url": "https://example.org/" + marker + ".csv",
					"format": strings.ToUpper(marker)}}})
			if r.status != 200 {
				t.Fatalf("create: %s", r.raw)
			}
			res := obj(t, r.result(t))
			ids = append(ids, res["id"].(string))
			id := ids[len(ids)-1]
			up := e.upload(t, "nso-editor", "resource_create", map[string]string{"package_id": id, "name": marker}, marker+".csv", []byte("a,b\n1,2\n"))
			if up.status != 200 {
				t.Fatalf("upload: %s", up.raw)
			}
			resIDs = append(resIDs, obj(t, up.result(t))["id"].(string))
			if r := e.post(t, "nso-editor", "package_patch", map[string]any{"id": id, "notes": "again " + marker}); r.status != 200 {
				t.Fatalf("patch: %s", r.raw)
			}
		}
		paths := []string{
			action("package_search", "q", marker), action("package_search", "q", "*:*", "rows", "1000",
				"facet.field", `["tags","res_format","organization","groups","license_id"]`, "facet.limit", "-1"),
			action("package_search", "q", marker, "include_private", "true", "include_drafts", "true"),
			action("package_list"), action("current_package_list_with_resources", "limit", "1000"),
			action("package_autocomplete", "q", marker), "/api/util/dataset/autocomplete?incomplete=" + marker,
			action("tag_list"), action("tag_autocomplete", "q", marker), "/api/util/tag/autocomplete?incomplete=" + marker,
			action("tag_show", "id", marker, "include_datasets", "true"), action("format_autocomplete", "q", marker),
			action("resource_search", "query", "name:"+marker), action("resource_search", "query", "url:"+marker),
			action("recently_changed_packages_activity_list", "limit", "100"),
			action("organization_activity_list", "id", "nso", "limit", "100"),
			action("group_activity_list", "id", "society", "limit", "100"),
			action("user_activity_list", "id", "nso-editor", "limit", "100"),
			action("organization_show", "id", "nso", "include_datasets", "true"),
			action("group_show", "id", "society", "include_datasets", "true"),
			action("organization_list", "all_fields", "true"), action("group_list", "all_fields", "true"),
			action("member_list", "id", "society"), action("member_list", "id", "nso"),
		}
		for i, id := range ids {
			paths = append(paths, action("package_show", "id", id), action("package_activity_list", "id", id),
				action("resource_show", "id", resIDs[i]),
				"/dataset/"+id+"/resource/"+resIDs[i]+"/download/"+marker+".csv")
		}
		for _, as := range []string{"", "outsider", "depa-admin"} {
			for _, p := range paths {
				t.Run(roleName(as)+" "+p, func(t *testing.T) {
					r := e.do(t, nil, request{path: p, as: as})
					if r.status >= 500 {
						t.Fatalf("status %d: %s", r.status, r.raw)
					}
					body := string(r.raw)
					namesID := slices.ContainsFunc(append(slices.Clone(ids), resIDs...), func(id string) bool { return strings.Contains(p, id) })
					switch {
					case namesID:
						if r.status != 403 && r.status != 404 {
							t.Fatalf("status %d for a private object: %s", r.status, body)
						}
						if strings.Contains(strings.ToLower(body), marker) {
							t.Fatalf("marker leaked: %s", body)
						}
					case strings.Contains(p, marker):
						// Asking for the marker must answer exactly as asking for a word
						// no dataset has (an error may echo the word asked for).
						const never = "qqqneverusedword"
						r2 := e.do(t, nil, request{path: strings.ReplaceAll(p, marker, never), as: as})
						if r.status != r2.status || body != strings.ReplaceAll(string(r2.raw), never, marker) {
							t.Fatalf("answer differs from a word nobody used:\n%s\n%s", body, r2.raw)
						}
					case strings.Contains(strings.ToLower(body), marker):
						t.Fatalf("marker leaked: %s", body)
					}
					for _, id := range append(slices.Clone(ids), resIDs...) {
						// A 403 names the id the caller asked for; nothing else may.
						if strings.Contains(body, id) && !(r.status == 403 && strings.Contains(p, id)) {
							t.Fatalf("private id %s leaked: %s", id, body)
						}
					}
				})
			}
		}
		if after := publicCounts(); after != countsBefore {
			t.Fatalf("public counts changed:\n%s\n%s", countsBefore, after)
		}
		// The members do see them, so the paths above were not empty by accident.
		r := e.do(t, nil, request{path: action("package_search", "q", marker, "include_private", "true", "include_drafts", "true"), as: "nso-member"})
		if n := num(t, obj(t, r.result(t))["count"]); n != 2 {
			t.Fatalf("member sees %d, want 2: %s", n, r.raw)
		}
		r = e.do(t, nil, request{path: action("organization_activity_list", "id", "nso"), as: "nso-member"})
		if !strings.Contains(string(r.raw), marker) {
			t.Fatalf("member does not see the activity: %s", r.raw)
		}
	})
}

// TestCreateIsSearchable shows a created dataset is found by package_search in the very
// next request: AfterWrite synced the index.
func TestCreateIsSearchable(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		e := newWriteEnv(t, s)
		r := e.post(t, "nso-editor", "package_create", map[string]any{"name": "fresh-indicator", "title": "ดัชนีใหม่เอี่ยม",
			"owner_org": "nso", "tags": []string{"fresh"}})
		if r.status != 200 {
			t.Fatalf("create: %s", r.raw)
		}
		got := obj(t, r.result(t))
		if got["creator_user_id"] == nil || got["organization"] == nil || got["state"] != "active" {
			t.Fatalf("package_show dict = %s", r.raw)
		}
		r = e.do(t, nil, request{path: action("package_search", "q", "fresh-indicator")})
		wantNames("fresh-indicator")(t, e, r)
		// and a delete takes it out at once, while the name becomes free again.
		if r := e.post(t, "nso-editor", "package_delete", map[string]any{"id": "fresh-indicator"}); r.status != 200 {
			t.Fatalf("delete: %s", r.raw)
		}
		wantNames()(t, e, e.do(t, nil, request{path: action("package_search", "q", "fresh-indicator")}))
		if r := e.post(t, "nso-editor", "package_create", map[string]any{"name": "fresh-indicator", "owner_org": "nso"}); r.status != 200 {
			t.Fatalf("reuse of a deleted dataset's name: %s", r.raw)
		}
	})
}

// counts is what a failed write must leave unchanged.
func tableCounts(t *testing.T, s *catalog.Store) [3]int64 {
	t.Helper()
	ctx := context.Background()
	seq, err := s.LastChange(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.CountDatasets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	acts, err := s.Activities(ctx, catalog.ActivityQuery{Limit: catalog.ActivityLimitMax})
	if err != nil {
		t.Fatal(err)
	}
	return [3]int64{seq, n, int64(len(acts))}
}

// TestWriteValidation checks validation errors come back field by field with CKAN's
// messages, and that a failed write changes nothing.
func TestWriteValidation(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		e := newWriteEnv(t, s)
		tests := []struct {
			name   string
			as     string
			action string
			body   any
			want   map[string]any
		}{
			{"package fields", "nso-editor", "package_create", map[string]any{"name": "AB", "owner_org": "nso",
				"author_email": "not-an-email", "tags": []map[string]string{{"name": "x"}}},
				map[string]any{"name": []any{"Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_"},
					"author_email": []any{"Email not-an-email is not a valid format"},
					"tags":         []any{`Tag "x" length is less than minimum 2`}}},
			{"owner_org required", "nso-editor", "package_create", map[string]any{"name": "no-org"},
				map[string]any{"owner_org": []any{"An organization must be provided"}}},
			{"id for sysadmins only", "nso-editor", "package_create", map[string]any{"name": "with-id", "owner_org": "nso",
				"id": "5a0e2b46-6d4f-4e8a-9b8e-0a5f3c1d2e3f"}, map[string]any{"id": []any{"The input field id was not expected."}}},
			{"name in use", "nso-editor", "package_create", map[string]any{"name": "internet-users", "owner_org": "nso"},
				map[string]any{"name": []any{"That URL is already in use."}}},
			{"update needs an id", "nso-editor", "package_update", map[string]any{"title": "x"},
				map[string]any{"id": []any{"Missing value"}}},
			{"user fields", "admin", "user_create", map[string]any{},
				map[string]any{"email": []any{"Missing value"}, "name": []any{"Missing value"}, "password": []any{"Missing value"}}},
			{"short password", "admin", "user_create", map[string]any{"name": "shorty", "email": "s@example.org", "password": "short"},
				map[string]any{"password": []any{"Your password must be 8 characters or longer"}}},
			{"user name rules", "admin", "user_create", map[string]any{"name": "Bad Name", "email": "b@example.org", "password": "longenough"},
				map[string]any{"name": []any{"Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_"}}},
			{"organization name taken", "outsider", "organization_create", map[string]any{"name": "nso"},
				map[string]any{"name": []any{"Group name already exists in database"}}},
			{"organization with datasets", "admin", "organization_delete", map[string]any{"id": "nso"},
				map[string]any{"message": "Organization cannot be deleted while it still has datasets"}},
			{"resource without dataset", "nso-editor", "resource_create", map[string]any{"url": "https://x.org"},
				map[string]any{"package_id": []any{"Missing value"}}},
			{"member needs fields", "nso-admin", "member_create", map[string]any{"id": "nso"},
				map[string]any{"object": []any{"Missing value"}, "object_type": []any{"Missing value"}, "capacity": []any{"Missing value"}}},
			{"token needs fields", "nso-editor", "api_token_create", map[string]any{},
				map[string]any{"user": []any{"Missing value"}, "name": []any{"Missing value"}}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				before := tableCounts(t, s)
				r := e.post(t, tc.as, tc.action, tc.body)
				if r.status != http.StatusConflict {
					t.Fatalf("status = %d, want 409: %s", r.status, r.raw)
				}
				got := r.errorOf(t)
				want := map[string]any{"__type": "Validation Error"}
				for k, v := range tc.want {
					want[k] = v
				}
				gotJSON, _ := json.Marshal(got)
				wantJSON, _ := json.Marshal(want)
				if string(gotJSON) != string(wantJSON) {
					t.Fatalf("error = %s\nwant    %s", gotJSON, wantJSON)
				}
				if after := tableCounts(t, s); after != before {
					t.Fatalf("a failed write changed the catalog: %v -> %v", before, after)
				}
			})
		}
	})
}

// TestUpload covers resource_create with a multipart file: storage, hash, size, mimetype,
// the download URL, name sanitising, the size limit and that a failure leaves no file.
func TestUpload(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		e := newWriteEnv(t, s)
		e.api.MaxUploadBytes = 64
		content := []byte("year,value\n2567,1\n")
		r := e.upload(t, "nso-editor", "resource_create", map[string]string{"package_id": "internet-users", "name": "fresh"},
			"../../etc/My Data.CSV", content)
		if r.status != 200 {
			t.Fatalf("upload: %s", r.raw)
		}
		res := obj(t, r.result(t))
		sum := sha256.Sum256(content)
		want := map[string]any{"url_type": "upload", "hash": hex.EncodeToString(sum[:]), "mimetype": "text/csv", "format": "CSV",
			"url": siteURL + "/dataset/" + e.ids["internet-users"] + "/resource/" + res["id"].(string) + "/download/my-data.csv"}
		for k, v := range want {
			if res[k] != v {
				t.Errorf("%s = %v, want %v", k, res[k], v)
			}
		}
		if num(t, res["size"]) != len(content) {
			t.Errorf("size = %v", res["size"])
		}
		stored, err := os.ReadFile(filepath.Join(e.api.UploadDir, res["id"].(string), "my-data.csv"))
		if err != nil || !bytes.Equal(stored, content) {
			t.Fatalf("stored file: %v %q", err, stored)
		}
		dl := e.do(t, nil, request{path: strings.TrimPrefix(res["url"].(string), siteURL)})
		if dl.status != 200 || !bytes.Equal(dl.raw, content) {
			t.Fatalf("download: %d %q", dl.status, dl.raw)
		}
		// Patch with a new file replaces the old one.
		r = e.upload(t, "nso-editor", "resource_patch", map[string]string{"id": res["id"].(string)}, "next.json", []byte(`{"a":1}`))
		if r.status != 200 || obj(t, r.result(t))["mimetype"] != "application/json" || obj(t, r.result(t))["name"] != "fresh" {
			t.Fatalf("patch upload: %s", r.raw)
		}
		entries, _ := os.ReadDir(filepath.Join(e.api.UploadDir, res["id"].(string)))
		if len(entries) != 1 || entries[0].Name() != "next.json" {
			t.Fatalf("upload folder holds %v", entries)
		}

		before := tableCounts(t, s)
		r = e.upload(t, "nso-editor", "resource_create", map[string]string{"package_id": "internet-users"}, "big.csv", bytes.Repeat([]byte("x"), 65))
		if r.status != http.StatusConflict || fmt.Sprint(r.errorOf(t)["upload"]) != "[File upload too large]" {
			t.Fatalf("oversized upload: %d %s", r.status, r.raw)
		}
		// Refused writes leave no file behind.
		r = e.upload(t, "outsider", "resource_create", map[string]string{"package_id": "internet-users"}, "x.csv", content)
		if r.status != http.StatusForbidden {
			t.Fatalf("outsider upload: %d %s", r.status, r.raw)
		}
		r = e.upload(t, "nso-editor", "resource_create", map[string]string{"package_id": "internet-users", "size": "many"}, "x.csv", content)
		if r.status != http.StatusConflict {
			t.Fatalf("invalid resource: %d %s", r.status, r.raw)
		}
		if after := tableCounts(t, s); after != before {
			t.Fatalf("failed uploads changed the catalog: %v -> %v", before, after)
		}
		left, _ := filepath.Glob(filepath.Join(e.api.UploadDir, ".upload-*"))
		if len(left) != 0 {
			t.Fatalf("temporary files left: %v", left)
		}
	})
}

// TestActivityStream follows a dataset through create, patch and delete.
func TestActivityStream(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		e := newWriteEnv(t, s)
		for _, step := range []struct {
			action string
			body   map[string]any
		}{
			{"package_create", map[string]any{"name": "tracked", "title": "Tracked", "owner_org": "nso"}},
			{"package_patch", map[string]any{"id": "tracked", "title": "Tracked again"}},
			{"package_delete", map[string]any{"id": "tracked"}},
		} {
			if r := e.post(t, "nso-editor", step.action, step.body); r.status != 200 {
				t.Fatalf("%s: %s", step.action, r.raw)
			}
		}
		r := e.post(t, "admin", "package_activity_list", map[string]any{"id": "tracked"})
		acts := list(t, r.result(t))
		var types []string
		for _, a := range acts {
			types = append(types, obj(t, a)["activity_type"].(string))
			if obj(t, a)["user_id"] == nil {
				t.Errorf("activity without user: %v", a)
			}
		}
		if !slices.Equal(types, []string{"deleted package", "changed package", "new package"}) {
			t.Fatalf("types = %v", types)
		}
		changed := obj(t, acts[1])["id"].(string)
		d := obj(t, e.post(t, "admin", "activity_diff", map[string]any{"id": changed}).result(t))
		diff, _ := d["diff"].(string)
		if !strings.Contains(diff, `-  "title": "Tracked",`) || !strings.Contains(diff, `+  "title": "Tracked again",`) {
			t.Fatalf("diff = %s", diff)
		}
		show := obj(t, e.post(t, "admin", "activity_show", map[string]any{"id": changed}).result(t))
		if pkg := obj(t, obj(t, show["data"])["package"]); pkg["title"] != "Tracked again" {
			t.Fatalf("activity data = %v", show)
		}
		// A deleted dataset's history keeps CKAN's labels: the organization's members see
		// it, the public does not.
		for _, as := range []string{"", "outsider", "depa-admin"} {
			if r := e.post(t, as, "activity_show", map[string]any{"id": changed}); r.status != 403 {
				t.Fatalf("activity of a deleted dataset shown to %q: %d %s", as, r.status, r.raw)
			}
		}
		if r := e.post(t, "nso-member", "activity_show", map[string]any{"id": changed}); r.status != 200 {
			t.Fatalf("member: %d %s", r.status, r.raw)
		}
		ul := list(t, e.post(t, "admin", "user_activity_list", map[string]any{"id": "nso-editor", "limit": 2}).result(t))
		if len(ul) != 2 {
			t.Fatalf("user_activity_list limit 2 gave %d", len(ul))
		}
		if r := e.post(t, "admin", "recently_changed_packages_activity_list", map[string]any{"limit": 1000}); len(list(t, r.result(t))) > catalog.ActivityLimitMax {
			t.Fatalf("limit not capped")
		}
	})
}

// TestTokensAndUsers covers token creation, listing, use, revocation and e-mail privacy.
func TestTokensAndUsers(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		e := newWriteEnv(t, s)
		r := e.post(t, "admin", "user_create", map[string]any{"name": "newbie", "email": "newbie@example.org",
			"password": "longenough", "with_apitoken": true})
		u := obj(t, r.result(t))
		tok, _ := u["token"].(string)
		if tok == "" || u["email"] != "newbie@example.org" {
			t.Fatalf("user_create = %s", r.raw)
		}
		if _, has := u["password"]; has {
			t.Fatal("password returned")
		}
		e.tokens["newbie"] = tok
		// The user sees their e-mail; others do not.
		if got := obj(t, e.post(t, "newbie", "user_show", map[string]any{"id": "newbie"}).result(t)); got["email"] != "newbie@example.org" {
			t.Fatalf("own user_show = %v", got)
		}
		for _, as := range []string{"", "outsider"} {
			if got := obj(t, e.post(t, as, "user_show", map[string]any{"id": "newbie"}).result(t)); got["email"] != nil {
				t.Fatalf("e-mail shown to %q: %v", as, got)
			}
			for _, u := range list(t, e.post(t, as, "user_list", map[string]any{}).result(t)) {
				if _, has := obj(t, u)["email"]; has && obj(t, u)["name"] != as {
					t.Fatalf("user_list shows e-mail to %q: %v", as, u)
				}
			}
		}
		second := obj(t, e.post(t, "newbie", "api_token_create", map[string]any{"user": "newbie", "name": "second", "expires_in": 1}).result(t))
		list1 := list(t, e.post(t, "newbie", "api_token_list", map[string]any{}).result(t))
		if len(list1) != 2 || strings.Contains(fmt.Sprint(list1), second["token"].(string)) {
			t.Fatalf("api_token_list = %v", list1)
		}
		if obj(t, list1[1])["expires_at"] == nil {
			t.Fatalf("no expiry recorded: %v", list1[1])
		}
		if r := e.post(t, "outsider", "api_token_list", map[string]any{"user_id": "newbie"}); r.status != 403 {
			t.Fatalf("someone else's tokens: %d", r.status)
		}
		if r := e.post(t, "newbie", "api_token_revoke", map[string]any{"token": tok}); r.status != 200 {
			t.Fatalf("revoke: %s", r.raw)
		}
		// The revoked token is anonymous now: it may not list tokens of newbie.
		if r := e.post(t, "newbie", "api_token_list", map[string]any{"user_id": "newbie"}); r.status != 403 {
			t.Fatalf("revoked token still works: %d %s", r.status, r.raw)
		}
		if r := e.post(t, "admin", "user_delete", map[string]any{"id": "newbie"}); r.status != 200 {
			t.Fatalf("user_delete: %s", r.raw)
		}
		if r := e.post(t, "", "user_show", map[string]any{"id": "newbie"}); r.status != 404 {
			t.Fatalf("deleted user shown: %d", r.status)
		}
	})
}

// TestGroupWrites covers organization and membership writes beyond the matrix.
func TestGroupWrites(t *testing.T) {
	catalogtest.Each(t, func(t *testing.T, s *catalog.Store) {
		e := newWriteEnv(t, s)
		r := e.post(t, "outsider", "organization_create", map[string]any{"name": "newco", "title": "New Co",
			"image_url": "https://example.org/logo.png"})
		org := obj(t, r.result(t))
		users := list(t, org["users"])
		if len(users) != 1 || obj(t, users[0])["name"] != "outsider" || obj(t, users[0])["capacity"] != "admin" {
			t.Fatalf("creator is not admin: %s", r.raw)
		}
		if r := e.post(t, "outsider", "organization_create", map[string]any{"name": "evil", "image_url": "javascript:alert(1)"}); r.status != 409 {
			t.Fatalf("javascript image URL accepted: %s", r.raw)
		}
		r = e.post(t, "outsider", "organization_member_create", map[string]any{"id": "newco", "username": "outsider", "role": "editor"})
		if r.status != 403 || r.errorOf(t)["message"] != "Access denied: Administrators cannot revoke their own admin status" {
			t.Fatalf("self-demotion: %s", r.raw)
		}
		if r := e.post(t, "outsider", "organization_member_create", map[string]any{"id": "newco", "username": "nso-member", "role": "owner"}); r.status != 409 {
			t.Fatalf("bad role: %s", r.raw)
		}
		if r := e.post(t, "outsider", "organization_member_create", map[string]any{"id": "newco", "username": "nso-member", "role": "editor"}); r.status != 200 {
			t.Fatalf("add editor: %s", r.raw)
		}
		l := list(t, e.post(t, "nso-member", "organization_list_for_user", map[string]any{"permission": "create_dataset"}).result(t))
		if len(l) != 1 || obj(t, l[0])["name"] != "newco" || obj(t, l[0])["capacity"] != "editor" {
			t.Fatalf("organization_list_for_user = %v", l)
		}
		if r := e.post(t, "nso-member", "package_create", map[string]any{"name": "newco-data", "owner_org": "newco"}); r.status != 200 {
			t.Fatalf("editor create: %s", r.raw)
		}
		if r := e.post(t, "outsider", "organization_delete", map[string]any{"id": "newco"}); r.status != 409 {
			t.Fatalf("delete with datasets: %s", r.raw)
		}
		if r := e.post(t, "outsider", "package_delete", map[string]any{"id": "newco-data"}); r.status != 200 {
			t.Fatalf("admin deletes dataset: %s", r.raw)
		}
		if r := e.post(t, "nso-member", "organization_delete", map[string]any{"id": "newco"}); r.status != 403 {
			t.Fatalf("editor deletes organization: %s", r.raw)
		}
		if r := e.post(t, "outsider", "organization_delete", map[string]any{"id": "newco"}); r.status != 200 {
			t.Fatalf("delete: %s", r.raw)
		}
		if r := e.post(t, "", "organization_show", map[string]any{"id": "newco"}); r.status != 404 {
			t.Fatalf("deleted organization shown: %d", r.status)
		}
		// Datasets join groups through member_create; the group lists only what may be read.
		if r := e.post(t, "nso-editor", "group_create", map[string]any{"name": "picks"}); r.status != 200 {
			t.Fatal(string(r.raw))
		}
		if r := e.post(t, "nso-editor", "member_create", map[string]any{"id": "picks", "object": "census-2025", "object_type": "package", "capacity": "public"}); r.status != 200 {
			t.Fatalf("add dataset to group: %s", r.raw)
		}
		g := obj(t, e.post(t, "", "group_show", map[string]any{"id": "picks", "include_datasets": true}).result(t))
		if fmt.Sprint(namesOf(t, g["packages"])) != "[census-2025]" {
			t.Fatalf("group packages = %v", g["packages"])
		}
		if r := e.post(t, "admin", "group_purge", map[string]any{"id": "picks"}); r.status != 200 {
			t.Fatalf("purge: %s", r.raw)
		}
		p := obj(t, e.post(t, "", "package_show", map[string]any{"id": "census-2025"}).result(t))
		if len(list(t, p["groups"])) != 0 {
			t.Fatalf("purged group still listed: %v", p["groups"])
		}
	})
}
