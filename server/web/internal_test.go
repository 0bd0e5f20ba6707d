package web

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/khlang/khlang/catalog"
)

func TestErrorPages(t *testing.T) {
	h := &Handler{}
	cases := []struct {
		status int
		lang   string
		want   string
	}{
		{http.StatusNotFound, "th", "ไม่พบหน้าที่ต้องการ"},
		{http.StatusNotFound, "en", "Page not found"},
		{http.StatusForbidden, "th", "ไม่ได้รับอนุญาต"},
		{http.StatusForbidden, "en", "Not allowed"},
		{http.StatusInternalServerError, "th", "เกิดข้อผิดพลาด"},
		{http.StatusInternalServerError, "en", "Something went wrong"},
	}
	for _, tc := range cases {
		r := httptest.NewRequest("GET", "/x", nil)
		r.Header.Set("Accept-Language", tc.lang)
		w := httptest.NewRecorder()
		h.errorPage(w, r, tc.status)
		if w.Code != tc.status || !strings.Contains(w.Body.String(), tc.want) || !strings.Contains(w.Body.String(), `lang="`+tc.lang+`"`) {
			t.Errorf("%d %s: status %d, body lacks %q", tc.status, tc.lang, w.Code, tc.want)
		}
	}
}

func TestFormatDate(t *testing.T) {
	cases := []struct {
		t          time.Time
		lang, want string
	}{
		{time.Date(2025, 3, 6, 3, 0, 0, 0, time.UTC), "th", "6 มี.ค. 2568"},
		{time.Date(2025, 3, 6, 3, 0, 0, 0, time.UTC), "en", "6 Mar 2025"},
		// 20:00 UTC is the next day in Thailand.
		{time.Date(2024, 12, 31, 20, 0, 0, 0, time.UTC), "th", "1 ม.ค. 2568"},
		{time.Time{}, "th", ""},
	}
	for _, tc := range cases {
		if got := formatDate(tc.lang, tc.t); got != tc.want {
			t.Errorf("formatDate(%s, %v) = %q, want %q", tc.lang, tc.t, got, tc.want)
		}
	}
}

func TestAcceptLanguage(t *testing.T) {
	for h, want := range map[string]string{
		"": "th", "en": "en", "en-GB,en;q=0.8": "en", "th-TH,th;q=0.9,en;q=0.8": "th", "fr,en;q=0.1": "en",
		"en;q=0, th;q=0.1": "th", "de": "th", "EN-us": "en",
	} {
		if got := acceptLanguage(h); got != want {
			t.Errorf("acceptLanguage(%q) = %s, want %s", h, got, want)
		}
	}
}

func TestHighlight(t *testing.T) {
	cases := []struct {
		text  string
		terms []string
		want  string
	}{
		{"Internet users", []string{"internet"}, "<mark>Internet</mark> users"},
		{"ผู้ใช้อินเทอร์เน็ต", []string{"อินเทอร์เน็ต"}, "ผู้ใช้<mark>อินเทอร์เน็ต</mark>"},
		{"<b>x</b> & y", []string{"x"}, "&lt;b&gt;<mark>x</mark>&lt;/b&gt; &amp; y"},
		{"<b>bb</b>", []string{"bb"}, "&lt;b&gt;<mark>bb</mark>&lt;/b&gt;"},
		{"no match", nil, "no match"},
	}
	for _, tc := range cases {
		if got := string(highlight(tc.text, tc.terms)); got != tc.want {
			t.Errorf("highlight(%q, %v) = %q, want %q", tc.text, tc.terms, got, tc.want)
		}
	}
	if got := queryTerms(`title:"internet users" AND tags:ดิจิทัล -x`); strings.Join(got, "|") != "internet|users|ดิจิทัล" {
		t.Errorf("queryTerms = %v", got)
	}
}

// Dataset notes are markdown, as in CKAN; raw HTML and script links in them stay inert.
func TestMarkdownNotes(t *testing.T) {
	for _, tt := range []struct{ in, want, absent string }{
		{"**ข้อมูลตัวอย่าง (sample data)**: values", "<strong>ข้อมูลตัวอย่าง (sample data)</strong>", "**"},
		{"- a\n- b", "<li>a</li>", ""},
		{"<script>alert(1)</script>", "", "<script>"},
		{"[x](javascript:alert(1))", "", "javascript:"},
	} {
		got := string(markdown(tt.in))
		if (tt.want != "" && !strings.Contains(got, tt.want)) || (tt.absent != "" && strings.Contains(got, tt.absent)) {
			t.Errorf("markdown(%q) = %q", tt.in, got)
		}
	}
}

func TestLicenseOptionsKeepOwnLicense(t *testing.T) {
	for _, tc := range []struct {
		license string
		want    int // options offered
	}{
		{"", len(catalog.Licenses)},
		{"cc-by", len(catalog.Licenses)},
		{"thai-gov-open", len(catalog.Licenses) + 1},
	} {
		f := &formData{Values: map[string]string{"license_id": tc.license}}
		opts := f.LicenseOptions()
		if len(opts) != tc.want || tc.license != "" && !slices.ContainsFunc(opts, func(l catalog.License) bool { return l.ID == tc.license }) {
			t.Errorf("license %q: %d options, want %d including it", tc.license, len(opts), tc.want)
		}
	}
}
