package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/khlang/khlang/catalog"
)

// TestHarvestPages shows the harvest sources to everyone and their run reports to the
// editors and admins of the organization they harvest into.
func TestHarvestPages(t *testing.T) {
	e := newAuthEnv(t, authOptions{})
	ctx := context.Background()
	src := &catalog.HarvestSource{Name: "peer", Type: "ckan", URL: "https://peer.example.go.th/", Org: "nso", Frequency: "WEEKLY"}
	other := &catalog.HarvestSource{Name: "other", Type: "dcat", URL: "https://other.example.org/catalog.ttl"}
	for _, s := range []*catalog.HarvestSource{src, other} {
		if err := e.store.CreateHarvestSource(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)
	run := &catalog.HarvestRun{SourceID: src.ID, Started: start, Finished: start.Add(time.Minute), Full: true,
		Status: catalog.HarvestErrors, Created: 5, Updated: 2, Unchanged: 40, Deleted: 1,
		Errors: []catalog.HarvestError{{ID: "remote-42", Message: "Missing value: title"}}}
	otherRun := &catalog.HarvestRun{SourceID: other.ID, Started: start, Finished: start, Status: catalog.HarvestFailed,
		Message: "connection refused"}
	for _, r := range []*catalog.HarvestRun{run, otherRun} {
		if err := e.store.SaveHarvestRun(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	jobPath := "/harvest/peer/job/" + run.ID

	anon := e.browser(t)
	list := anon.get("/harvest")
	for _, want := range []string{`href="/harvest/peer"`, "สำนักงานสถิติแห่งชาติ", "รายสัปดาห์", "เพิ่ม 5 แก้ไข 2 ไม่เปลี่ยน 40 ถอนออก 1 ไม่สำเร็จ 1",
		`href="/harvest/other"`, "ล้มเหลว"} {
		if list.StatusCode != http.StatusOK || !strings.Contains(list.body, want) {
			t.Errorf("/harvest (%d) lacks %s", list.StatusCode, want)
		}
	}
	if strings.Contains(list.body, "/job/") {
		t.Error("/harvest links to a run report")
	}
	if page := anon.get("/harvest/peer"); page.StatusCode != http.StatusOK || strings.Contains(page.body, jobPath) ||
		!strings.Contains(page.body, "รายงานการดึงข้อมูลแสดงเฉพาะ") {
		t.Errorf("/harvest/peer for a visitor (%d) should hide the runs:\n%s", page.StatusCode, page.body)
	}
	if res := anon.get(jobPath); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/user/login?") {
		t.Errorf("a visitor opening a report: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	for _, user := range []string{"nso-member", "depa-editor"} {
		b := e.browser(t)
		b.login(user)
		if res := b.get(jobPath); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s opening a report: %d, want 403", user, res.StatusCode)
		}
	}

	editor := e.browser(t)
	editor.login("nso-editor")
	if page := editor.get("/harvest/peer"); !strings.Contains(page.body, `href="`+jobPath+`"`) {
		t.Errorf("the editor's /harvest/peer has no link to the report:\n%s", page.body)
	}
	report := editor.get(jobPath + "?lang=en")
	for _, want := range []string{"remote-42", "Missing value: title", "Finished with errors", "the whole source",
		"5 added, 2 updated, 40 unchanged, 1 withdrawn, 1 failed"} {
		if report.StatusCode != http.StatusOK || !strings.Contains(report.body, want) {
			t.Errorf("the report (%d) lacks %s", report.StatusCode, want)
		}
	}
	// The other source harvests into no organization: its reports are the sysadmins'.
	if res := editor.get("/harvest/other/job/" + otherRun.ID); res.StatusCode != http.StatusForbidden {
		t.Errorf("the editor opening another source's report: %d, want 403", res.StatusCode)
	}
	// A harvested dataset's page names its source.
	d := &catalog.Dataset{Name: "peer-broadband", Title: "บรอดแบนด์ (จากแหล่งภายนอก)", OwnerOrg: ptr("nso"),
		Extras: []catalog.Extra{{Key: catalog.ExtraHarvestSourceID, Value: src.ID}, {Key: catalog.ExtraHarvestGUID, Value: "remote-7"}}}
	if err := e.store.CreateDataset(ctx, d); err != nil {
		t.Fatal(err)
	}
	if page := anon.get("/dataset/peer-broadband"); !strings.Contains(page.body, `href="/harvest/peer"`) ||
		!strings.Contains(page.body, "ดึงข้อมูลมาจาก") {
		t.Errorf("the harvested dataset's page (%d) does not name its source", page.StatusCode)
	}
	for _, path := range []string{"/harvest/peer/job/" + otherRun.ID, "/harvest/nope", "/harvest/peer/job/nope"} {
		if res := editor.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, res.StatusCode)
		}
	}
}
