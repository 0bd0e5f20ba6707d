package catalog

// License is one entry of the license register. Fields are those of CKAN's default
// licenses (ckan/model/license.py).
type License struct {
	ID             string
	Title          string
	URL            string
	Family         string
	Maintainer     string
	Status         string
	DomainContent  bool
	DomainData     bool
	DomainSoftware bool
	IsGeneric      bool
	ODConformance  string
	OSDConformance string
}

// IsOpen reports whether the license meets the Open Definition, which is how CKAN computes
// a dataset's "isopen".
func (l License) IsOpen() bool { return l.ODConformance == "approved" }

// Licenses is CKAN's default license list, in CKAN's order.
var Licenses = []License{
	{ID: "notspecified", Title: "License not specified", IsGeneric: true, DomainContent: false, Status: "active", ODConformance: "not reviewed", OSDConformance: "not reviewed"},
	{ID: "odc-pddl", Title: "Open Data Commons Public Domain Dedication and License (PDDL)", URL: "http://www.opendefinition.org/licenses/odc-pddl", DomainData: true, Status: "active", ODConformance: "approved", OSDConformance: "not reviewed"},
	{ID: "odc-odbl", Title: "Open Data Commons Open Database License (ODbL)", URL: "http://www.opendefinition.org/licenses/odc-odbl", DomainData: true, Status: "active", ODConformance: "approved", OSDConformance: "not reviewed"},
	{ID: "odc-by", Title: "Open Data Commons Attribution License", URL: "http://www.opendefinition.org/licenses/odc-by", DomainData: true, Status: "active", ODConformance: "approved", OSDConformance: "not reviewed"},
	{ID: "cc-zero", Title: "Creative Commons CCZero", URL: "http://www.opendefinition.org/licenses/cc-zero", DomainContent: true, DomainData: true, Status: "active", ODConformance: "approved", OSDConformance: "not reviewed"},
	{ID: "cc-by", Title: "Creative Commons Attribution", URL: "http://www.opendefinition.org/licenses/cc-by", DomainContent: true, Status: "active", ODConformance: "approved", OSDConformance: "not reviewed"},
	{ID: "cc-by-sa", Title: "Creative Commons Attribution Share-Alike", URL: "http://www.opendefinition.org/licenses/cc-by-sa", DomainContent: true, Status: "active", ODConformance: "approved", OSDConformance: "not reviewed"},
	{ID: "gfdl", Title: "GNU Free Documentation License", URL: "http://www.opendefinition.org/licenses/gfdl", DomainContent: true, Status: "active", ODConformance: "approved", OSDConformance: "not reviewed"},
	{ID: "other-open", Title: "Other (Open)", DomainContent: true, IsGeneric: true, Status: "active", ODConformance: "approved", OSDConformance: "not reviewed"},
	{ID: "other-pd", Title: "Other (Public Domain)", DomainContent: true, IsGeneric: true, Status: "active", ODConformance: "approved", OSDConformance: "not reviewed"},
	{ID: "other-at", Title: "Other (Attribution)", DomainContent: true, IsGeneric: true, Status: "active", ODConformance: "approved", OSDConformance: "not reviewed"},
	{ID: "uk-ogl", Title: "UK Open Government Licence (OGL)", URL: "http://reference.data.gov.uk/id/open-government-licence", DomainContent: true, Status: "active", ODConformance: "approved", OSDConformance: "not reviewed"},
	{ID: "cc-nc", Title: "Creative Commons Non-Commercial (Any)", URL: "http://creativecommons.org/licenses/by-nc/2.0/", Status: "active", ODConformance: "not reviewed", OSDConformance: "not reviewed"},
	{ID: "other-nc", Title: "Other (Non-Commercial)", IsGeneric: true, Status: "active", ODConformance: "not reviewed", OSDConformance: "not reviewed"},
	{ID: "other-closed", Title: "Other (Not Open)", IsGeneric: true, Status: "active", ODConformance: "not reviewed", OSDConformance: "not reviewed"},
}

// LicenseByID returns the license with that id.
func LicenseByID(id string) (License, bool) {
	for _, l := range Licenses {
		if l.ID == id {
			return l, true
		}
	}
	return License{}, false
}
