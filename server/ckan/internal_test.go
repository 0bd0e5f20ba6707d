package ckan

import (
	"encoding/json"
	"errors"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/khlang/khlang/catalog"
)

func TestPyRepr(t *testing.T) {
	tests := []struct{ in, want string }{
		{"abc", "'abc'"},
		{`Invalid "sort" parameter`, `'Invalid "sort" parameter'`},
		{"Invalid search parameters: ['x']", `"Invalid search parameters: ['x']"`},
		{`both ' and "`, `'both \' and "'`},
		{"a\nb\\", `'a\nb\\'`},
		{"ไทย", "'ไทย'"},
	}
	for _, tt := range tests {
		if got := pyRepr(tt.in); got != tt.want {
			t.Errorf("pyRepr(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestContentTypeFor(t *testing.T) {
	tests := []struct{ name, recorded, want string }{
		{"data.csv", "", "text/csv; charset=utf-8"},
		{"DATA.XLSX", "", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"map.geojson", "", "application/geo+json"},
		{"report.pdf", "text/plain", "application/pdf"},
		{"blob.khlangunknown", "application/x-thing", "application/x-thing"},
		{"noext", "", "application/octet-stream"},
	}
	for _, tt := range tests {
		if got := contentTypeFor(tt.name, tt.recorded); got != tt.want {
			t.Errorf("contentTypeFor(%q, %q) = %q, want %q", tt.name, tt.recorded, got, tt.want)
		}
	}
}

func TestReadParams(t *testing.T) {
	tests := []struct {
		name        string
		method, url string
		ctype, body string
		getable     bool
		want        params
		wantErr     string
	}{
		{name: "query string", method: "GET", url: "/x?a=1&b=2&b=3", getable: true,
			want: params{"a": "1", "b": []any{"2", "3"}}},
		{name: "query ignored for write actions", method: "POST", url: "/x?a=1", ctype: "application/json", body: `{"b":2}`,
			want: params{"b": json.Number("2")}},
		{name: "query wins for GET-able POST", method: "POST", url: "/x?a=1", ctype: "application/json", body: `{"b":2}`, getable: true,
			want: params{"a": "1"}},
		{name: "form", method: "POST", url: "/x", ctype: "application/x-www-form-urlencoded", body: "a=1&a=2&b=",
			want: params{"a": []any{"1", "2"}, "b": ""}},
		{name: "legacy JSON form", method: "POST", url: "/x", ctype: "application/x-www-form-urlencoded", body: `{"a":[1]}`,
			want: params{"a": []any{json.Number("1")}}},
		{name: "single plain form key", method: "POST", url: "/x", ctype: "application/x-www-form-urlencoded", body: "include_datasets=1",
			want: params{"include_datasets": "1"}},
		{name: "JSON without content type", method: "POST", url: "/x", body: `{"a":"b"}`, want: params{"a": "b"}},
		{name: "empty", method: "POST", url: "/x", want: params{}},
		{name: "GET without query", method: "GET", url: "/x", getable: true, want: params{}},
		{name: "bad JSON", method: "POST", url: "/x", ctype: "application/json", body: `{`, wantErr: "Error decoding JSON data"},
		{name: "not an object", method: "POST", url: "/x", ctype: "application/json", body: `[1]`, wantErr: "needs to be a dictionary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, tt.url, strings.NewReader(tt.body))
			if tt.ctype != "" {
				r.Header.Set("Content-Type", tt.ctype)
			}
			got, err := readParams(r, tt.getable)
			if tt.wantErr != "" {
				var bare *bareError
				if !errors.As(err, &bare) || !strings.Contains(bare.msg, tt.wantErr) || bare.status != 400 {
					t.Fatalf("err = %v, want a 400 containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %#v, %v; want %#v", got, err, tt.want)
			}
		})
	}
}

func TestParamAccessors(t *testing.T) {
	p := params{"n": json.Number("7"), "s": "12", "f": "2.0", "neg": "-3", "bad": "x", "list": []any{"a", "b"},
		"jsonlist": `["a","b"]`, "badjson": "a", "csv": "a, b,,c", "yes": "Yes", "no": "nonsense", "num": json.Number("1.5"),
		"mixed": []any{"a", json.Number("1")}}
	if n, err := p.integer("n", 0); n != 7 || err != nil {
		t.Errorf("n = %d, %v", n, err)
	}
	if n, err := p.integer("s", 0); n != 12 || err != nil {
		t.Errorf("s = %d, %v", n, err)
	}
	if n, err := p.integer("f", 0); n != 2 || err != nil {
		t.Errorf("f = %d, %v", n, err)
	}
	if n, err := p.integer("missing", 5); n != 5 || err != nil {
		t.Errorf("missing = %d, %v", n, err)
	}
	for key, msg := range map[string]string{"neg": "Must be a natural number", "bad": "Invalid integer", "num": "Invalid integer", "list": "Invalid integer"} {
		_, err := p.natural(key, 0)
		var ve *catalog.ValidationError
		if !errors.As(err, &ve) || ve.Fields[key][0] != msg {
			t.Errorf("natural(%s) = %v, want %q", key, err, msg)
		}
	}
	if l, err := p.list("list", true, false); !reflect.DeepEqual(l, []string{"a", "b"}) || err != nil {
		t.Errorf("list = %v, %v", l, err)
	}
	if l, err := p.list("jsonlist", true, false); !reflect.DeepEqual(l, []string{"a", "b"}) || err != nil {
		t.Errorf("jsonlist = %v, %v", l, err)
	}
	if _, err := p.list("badjson", true, false); err == nil {
		t.Error("badjson accepted")
	}
	if _, err := p.list("mixed", false, false); err == nil {
		t.Error("list with a number accepted")
	}
	if l, _ := p.list("csv", false, true); !reflect.DeepEqual(l, []string{"a", "b", "c"}) {
		t.Errorf("csv = %v", l)
	}
	if !p.flag("yes", false) || p.flag("no", true) || !p.flag("missing", true) {
		t.Error("flag misread")
	}
	if _, err := p.strictFlag("no", false); err == nil {
		t.Error("strictFlag accepted nonsense")
	}
	if b, err := p.strictFlag("yes", false); !b || err != nil {
		t.Errorf("strictFlag(yes) = %v, %v", b, err)
	}
	if _, err := p.str("list"); err == nil {
		t.Error("str accepted a list")
	}
}
