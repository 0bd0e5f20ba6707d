package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/khlang/khlang/catalog"
)

// gdcFields are the GD-Catalog fields of the dataset forms with one value each, and
// gdcLists those with several (checkboxes); gdcFlags are their yes/no fields.
var (
	gdcFields = []string{"data_type", "update_frequency_unit", "update_frequency_interval", "geo_coverage",
		"data_source", "data_category", "accessible_condition", "unit_of_measure", "unit_of_multiplier",
		"calculation_method", "standard", "first_year_of_data", "last_year_of_data"}
	gdcLists = []string{"objective", "data_format", "data_language", "disaggregate"}
	gdcFlags = []string{"official_statistics", "high_value_dataset"}
)

// gdcValues are a dataset's GD-Catalog fields as the form shows them.
func gdcValues(d *catalog.Dataset, values map[string]string) map[string][]string {
	g := d.GDC
	num := func(n *int) string {
		if n == nil {
			return ""
		}
		return strconv.Itoa(*n)
	}
	for k, v := range map[string]string{"data_type": g.DataType, "update_frequency_unit": g.UpdateFrequencyUnit,
		"update_frequency_interval": num(g.UpdateFrequencyInterval), "geo_coverage": g.GeoCoverage,
		"data_source": g.DataSource, "data_category": g.DataCategory, "accessible_condition": g.AccessibleCondition,
		"unit_of_measure": g.UnitOfMeasure, "unit_of_multiplier": g.UnitOfMultiplier,
		"calculation_method": g.CalculationMethod, "standard": g.Standard,
		"first_year_of_data": num(g.FirstYearOfData), "last_year_of_data": num(g.LastYearOfData),
		"official_statistics": formFlag(g.OfficialStatistics), "high_value_dataset": formFlag(g.HighValueDataset)} {
		values[k] = v
	}
	return map[string][]string{"objective": g.Objective, "data_format": g.DataFormat,
		"data_language": g.DataLanguage, "disaggregate": g.Disaggregate}
}

// formFlag is a yes/no field's value in a form: "True" (as CKAN's forms send it) or empty.
func formFlag(b bool) string {
	if b {
		return "True"
	}
	return ""
}

// LicenseOptions are the licenses the form offers: CKAN's list, and the dataset's own
// license when it is not on it, so saving the form keeps it.
func (f *formData) LicenseOptions() []catalog.License {
	cur := f.Values["license_id"]
	if _, ok := catalog.LicenseByID(cur); ok || cur == "" {
		return catalog.Licenses
	}
	return append(slices.Clip(catalog.Licenses), catalog.License{ID: cur, Title: cur})
}

// option is one choice of a form's list or checkboxes.
type option struct {
	Value, EN string // EN: its meaning in English, when the value is Thai
	Selected  bool
}

// Choices are the options of GD-Catalog field k: the values the standard allows, and the
// dataset's own when they are not among them, so saving the form keeps them.
func (f *formData) Choices(k string) []option {
	cur := f.Lists[k]
	if !slices.Contains(gdcLists, k) {
		cur = nil
		if v := f.Values[k]; v != "" {
			cur = []string{v}
		}
	}
	choices := catalog.GDCChoices[k]
	out := make([]option, 0, len(choices)+len(cur))
	for _, c := range choices {
		out = append(out, option{Value: c.Value, EN: c.EN, Selected: slices.Contains(cur, c.Value)})
	}
	for _, v := range cur {
		if !slices.ContainsFunc(choices, func(c catalog.Choice) bool { return c.Value == v }) {
			out = append(out, option{Value: v, Selected: true})
		}
	}
	return out
}

func init() {
	// Validation messages about GD-Catalog fields name them as the dataset page does.
	for _, k := range slices.Concat(gdcFields, gdcLists, gdcFlags) {
		fieldLabels[k] = "gdc." + k
	}
}

// editFields are the dataset fields the edit form changes, by their package dict keys:
// CKAN's form less the custom fields and resources, which the API edits.
var editFields = []string{"title", "title_en", "notes", "notes_en", "license_id", "url", "version",
	"author", "author_email", "maintainer", "maintainer_email"}

// editableDataset finds the dataset of an edit request and checks the caller may change
// it; ok is false when the answer has been sent: the login page for anonymous callers,
// 404 for a dataset they may not see, 403 for one they may see but not change.
func (h *Handler) editableDataset(w http.ResponseWriter, r *http.Request) (*catalog.Actor, *catalog.Dataset, bool) {
	a := h.actor(r)
	if !a.LoggedIn() {
		http.Redirect(w, r, loginURL(r), http.StatusSeeOther)
		return nil, nil, false
	}
	d, err := h.readableDataset(r.Context(), a, r.PathValue("name"))
	if err != nil {
		h.fail(w, r, err)
		return nil, nil, false
	}
	if err := a.CanUpdateDataset(d); err != nil {
		h.errorPage(w, r, http.StatusForbidden)
		return nil, nil, false
	}
	return a, d, true
}

// editForm is /dataset/edit/{name}, CKAN's edit page, with the dataset's current values.
func (h *Handler) editForm(w http.ResponseWriter, r *http.Request) {
	_, d, ok := h.editableDataset(w, r)
	if !ok {
		return
	}
	tags := make([]string, len(d.Tags))
	for i, t := range d.Tags {
		tags[i] = t.Name
	}
	f := &formData{D: d, Private: d.Private, Values: map[string]string{"title": d.Title, "title_en": d.TitleEN,
		"notes": d.Notes, "notes_en": d.NotesEN, "license_id": d.LicenseID, "url": d.URL, "version": d.Version,
		"author": d.Author, "author_email": d.AuthorEmail, "maintainer": d.Maintainer, "maintainer_email": d.MaintainerEmail,
		"tag_string": strings.Join(tags, ", ")}, Extras: withBlankExtras(d.Extras)}
	f.Lists = gdcValues(d, f.Values)
	h.renderForm(w, r, http.StatusOK, "edit.html", "edit.title", f)
}

// editPost saves the form through package_patch's write path: on invalid input the form
// comes back with each field's message and nothing is changed.
func (h *Handler) editPost(w http.ResponseWriter, r *http.Request) {
	a, d, ok := h.editableDataset(w, r)
	if !ok {
		return
	}
	f := &formData{D: d}
	changes := readDatasetForm(r, f, editFields)
	name, err := h.Datasets.PatchDataset(r.Context(), a, d.ID, changes)
	if name == "" {
		name = d.Name
	}
	h.afterSave(w, r, f, "edit.title", name, err)
}

// readDatasetForm reads the fields of a dataset form into f (to show again) and into a
// package dict.
func readDatasetForm(r *http.Request, f *formData, fields []string) map[string]any {
	f.Values = map[string]string{}
	f.Private = r.PostFormValue("private") == "True"
	out := map[string]any{"private": f.Private}
	for _, k := range fields {
		v := strings.TrimSpace(r.PostFormValue(k))
		f.Values[k] = v
		out[k] = v
	}
	tagString := r.PostFormValue("tag_string")
	f.Values["tag_string"] = tagString
	tags := []any{}
	for _, t := range strings.Split(tagString, ",") {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
		}
	}
	out["tags"] = tags
	if extras, sent := readExtras(r); sent {
		f.Extras = extras
		list := make([]any, len(extras))
		for i, e := range extras {
			list[i] = map[string]any{"key": e.Key, "value": e.Value}
		}
		out["extras"] = list
	} else if f.D != nil {
		// Without custom-field rows the form did not come from the page: they stay as
		// they are.
		f.Extras = f.D.Extras
	}
	f.Extras = withBlankExtras(f.Extras)
	if r.PostFormValue("gdc_fields") == "" {
		// Without the GD-Catalog section the form did not come from the page: those
		// fields stay as they are.
		if f.D != nil {
			f.Lists = gdcValues(f.D, f.Values)
		}
		return out
	}
	for _, k := range gdcFields {
		v := strings.TrimSpace(r.PostFormValue(k))
		f.Values[k] = v
		out[k] = v
	}
	f.Lists = map[string][]string{}
	for _, k := range gdcLists {
		list := []any{}
		for _, v := range r.PostForm[k] {
			if v = strings.TrimSpace(v); v != "" {
				list = append(list, v)
				f.Lists[k] = append(f.Lists[k], v)
			}
		}
		out[k] = list
	}
	for _, k := range gdcFlags {
		on := r.PostFormValue(k) == "True"
		f.Values[k], out[k] = formFlag(on), on
	}
	return out
}

// readExtras reads the custom-field rows of a dataset form (CKAN's extras__N__key,
// __value and __deleted); sent is false when the form had none.
func readExtras(r *http.Request) (extras []catalog.Extra, sent bool) {
	for i := 0; ; i++ {
		k, v := fmt.Sprintf("extras__%d__key", i), fmt.Sprintf("extras__%d__value", i)
		_, hasKey := r.PostForm[k]
		_, hasValue := r.PostForm[v]
		if !hasKey && !hasValue {
			return extras, i > 0
		}
		e := catalog.Extra{Key: strings.TrimSpace(r.PostFormValue(k)), Value: r.PostFormValue(v)}
		// A row left blank, or ticked for removal, is no custom field.
		if e.Key == "" && strings.TrimSpace(e.Value) == "" || r.PostFormValue(fmt.Sprintf("extras__%d__deleted", i)) != "" {
			continue
		}
		extras = append(extras, e)
	}
}

// withBlankExtras is the custom-field rows a form shows: the given ones and blank rows
// after them, three rows in all and at least one blank, as CKAN's form has them.
func withBlankExtras(extras []catalog.Extra) []catalog.Extra {
	return append(slices.Clone(extras), make([]catalog.Extra, max(1, 3-len(extras)))...)
}

// afterSave answers a dataset form's save: the dataset's page, or the form again with
// each field's message when the input was invalid.
func (h *Handler) afterSave(w http.ResponseWriter, r *http.Request, f *formData, titleKey, name string, err error) {
	var ve *catalog.ValidationError
	switch {
	case errors.As(err, &ve):
		f.Errors = ve.Fields
		if len(f.Errors) == 0 {
			f.Message = "edit.invalid" // a nested error (resources) the form does not show
		}
		h.renderForm(w, r, http.StatusOK, "edit.html", titleKey, f)
	case errors.Is(err, catalog.ErrNotAuthorized):
		h.errorPage(w, r, http.StatusForbidden)
	case err != nil:
		h.fail(w, r, err)
	default:
		http.Redirect(w, r, datasetPath(name), http.StatusSeeOther)
	}
}

// creator checks that the caller may create datasets and lists the organizations they
// may create them in; ok is false when the answer has been sent (the login page for
// anonymous callers, 403 for those who may create none).
func (h *Handler) creator(w http.ResponseWriter, r *http.Request) (*catalog.Actor, []*catalog.Group, bool) {
	a := h.actor(r)
	if !a.LoggedIn() {
		http.Redirect(w, r, loginURL(r), http.StatusSeeOther)
		return nil, nil, false
	}
	if err := a.CanCreateDataset(""); err != nil {
		h.errorPage(w, r, http.StatusForbidden)
		return nil, nil, false
	}
	var orgs []*catalog.Group
	if a.Sysadmin() {
		all, err := h.Store.ListGroups(r.Context(), catalog.GroupListOptions{IsOrganization: true, Sort: "title asc"})
		if err != nil {
			h.fail(w, r, err)
			return nil, nil, false
		}
		for i := range all {
			orgs = append(orgs, &all[i].Group)
		}
	} else {
		var ids []string
		for id := range a.Roles {
			if a.CanCreateDataset(id) == nil {
				ids = append(ids, id)
			}
		}
		byID, err := h.Store.GroupsByID(r.Context(), ids)
		if err != nil {
			h.fail(w, r, err)
			return nil, nil, false
		}
		for _, g := range byID {
			if g.IsOrganization && g.State == catalog.StateActive {
				orgs = append(orgs, g)
			}
		}
		slices.SortFunc(orgs, func(x, y *catalog.Group) int { return strings.Compare(x.Name, y.Name) })
	}
	return a, orgs, true
}

// newFields are the fields of the new-dataset form besides those of the edit form.
var newFields = append([]string{"name", "owner_org"}, editFields...)

// newForm is /dataset/new, CKAN's form for a new dataset.
func (h *Handler) newForm(w http.ResponseWriter, r *http.Request) {
	_, orgs, ok := h.creator(w, r)
	if !ok {
		return
	}
	f := &formData{Orgs: orgs, Values: map[string]string{}, Extras: withBlankExtras(nil)}
	if len(orgs) > 0 {
		f.Values["owner_org"] = orgs[0].Name
	}
	h.renderForm(w, r, http.StatusOK, "edit.html", "new.title", f)
}

// newPost creates the dataset through package_create's write path.
func (h *Handler) newPost(w http.ResponseWriter, r *http.Request) {
	a, orgs, ok := h.creator(w, r)
	if !ok {
		return
	}
	f := &formData{Orgs: orgs}
	fields := readDatasetForm(r, f, newFields)
	name, err := h.Datasets.CreateDataset(r.Context(), a, fields)
	h.afterSave(w, r, f, "new.title", name, err)
}
