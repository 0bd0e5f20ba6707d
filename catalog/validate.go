package catalog

import (
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// NameMaxLength is CKAN's PACKAGE_NAME_MAX_LENGTH, shared by group, organization and user names.
const NameMaxLength = 100

var nameRe = regexp.MustCompile(`^[a-z0-9_\-]*$`)

// reservedNames cannot be used as dataset, group or organization names: they are URL verbs
// of the web pages.
var reservedNames = map[string]bool{"new": true, "edit": true, "search": true}

// ValidateName checks a dataset, group, organization or user name with CKAN's rules and
// returns CKAN's messages (empty when valid).
func ValidateName(name string) []string {
	var msgs []string
	if reservedNames[name] {
		msgs = append(msgs, "That name cannot be used")
	}
	if utf8.RuneCountInString(name) < 2 {
		msgs = append(msgs, "Must be at least 2 characters long")
	}
	if utf8.RuneCountInString(name) > NameMaxLength {
		msgs = append(msgs, fmt.Sprintf("Name must be a maximum of %d characters long", NameMaxLength))
	}
	if !nameRe.MatchString(name) {
		msgs = append(msgs, "Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_")
	}
	return msgs
}

// ValidateTag checks a tag name with CKAN's rules (2–100 characters of letters, digits,
// spaces, "-", "_" or "."; any script, so Thai tags are valid).
func ValidateTag(tag string) []string {
	var msgs []string
	n := utf8.RuneCountInString(tag)
	if n < 2 {
		msgs = append(msgs, fmt.Sprintf("Tag %q length is less than minimum 2", tag))
	}
	if n > NameMaxLength {
		msgs = append(msgs, fmt.Sprintf("Tag %q length is more than maximum %d", tag, NameMaxLength))
	}
	for _, r := range tag {
		// Python's \w also accepts combining marks, which Thai vowels and tone marks are.
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '_' || r == ' ' || r == '-' || r == '.' {
			continue
		}
		msgs = append(msgs, fmt.Sprintf(`Tag %q can only contain alphanumeric characters, spaces (" "), hyphens ("-"), underscores ("_") or dots (".")`, tag))
		break
	}
	return msgs
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}

func validURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// datasetRootFields are the keys of the package dict; an extra may not reuse one.
var datasetRootFields = map[string]bool{}

func init() {
	for _, k := range []string{"id", "name", "title", "title_en", "type", "notes", "notes_en", "url", "version",
		"author", "author_email", "maintainer", "maintainer_email", "license_id", "license_title", "license_url",
		"owner_org", "private", "state", "creator_user_id", "metadata_created", "metadata_modified",
		"extras", "resources", "tags", "groups", "organization", "num_resources", "num_tags", "isopen",
		"relationships_as_object", "relationships_as_subject", "tag_string"} {
		datasetRootFields[k] = true
	}
	for _, k := range gdcFieldNames {
		datasetRootFields[k] = true
	}
}

// IsDatasetField reports whether key is a key of the package dict, which an extra may not
// reuse; the harvester renames such remote extras.
func IsDatasetField(key string) bool { return datasetRootFields[key] }

// Validate checks a dataset with CKAN's rules and messages. It does not check uniqueness
// or references (the Store does, inside its transaction).
func (d *Dataset) Validate() error {
	v := &ValidationError{}
	if d.Name == "" {
		v.Add("name", "Missing value")
	} else {
		for _, m := range ValidateName(d.Name) {
			v.Add("name", m)
		}
	}
	if utf8.RuneCountInString(d.Version) > NameMaxLength {
		v.Add("version", fmt.Sprintf("Version must be a maximum of %d characters long", NameMaxLength))
	}
	for field, email := range map[string]string{"author_email": d.AuthorEmail, "maintainer_email": d.MaintainerEmail} {
		if email != "" && !validEmail(email) {
			v.Add(field, fmt.Sprintf("Email %s is not a valid format", email))
		}
	}
	if d.URL != "" && !validURL(d.URL) {
		v.Add("url", "Please provide a valid URL")
	}
	switch d.State {
	case "", StateActive, StateDraft, StateDeleted:
	default:
		v.Add("state", "Invalid state")
	}
	var tagMsgs []string
	for _, t := range d.Tags {
		tagMsgs = append(tagMsgs, ValidateTag(t.Name)...)
	}
	if len(tagMsgs) > 0 {
		v.Fields = ensure(v.Fields)
		v.Fields["tags"] = tagMsgs
	}
	seen := map[string]bool{}
	for _, e := range d.Extras {
		switch {
		case e.Key == "":
			v.Add("extras_validation", "Missing value")
		case datasetRootFields[e.Key]:
			v.Add("extras_validation", "There is a schema field with the same name")
		case seen[e.Key]:
			v.Add("extras_validation", fmt.Sprintf("Duplicate key %q", e.Key))
		}
		seen[e.Key] = true
	}
	var resErrs []map[string][]string
	bad := false
	for _, r := range d.Resources {
		re := map[string][]string{}
		if r.URLType != "upload" && r.URL != "" && strings.ContainsAny(r.URL, " \t\n") {
			re["url"] = []string{"Please provide a valid URL"}
			bad = true
		}
		resErrs = append(resErrs, re)
	}
	if bad {
		v.Nested = map[string][]map[string][]string{"resources": resErrs}
	}
	return v.orNil()
}

// Validate checks a group or organization with CKAN's rules.
func (g *Group) Validate() error {
	v := &ValidationError{}
	if g.Name == "" {
		v.Add("name", "Missing value")
	}
	for _, m := range ValidateName(g.Name) {
		if g.Name != "" {
			v.Add("name", m)
		}
	}
	return v.orNil()
}

func ensure(m map[string][]string) map[string][]string {
	if m == nil {
		return map[string][]string{}
	}
	return m
}
