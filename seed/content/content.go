// Package content holds the content of Khlang's deterministic sample catalog:
// publishers, groups, datasets and the generators of their resource files.
//
// The package imports no project package. seed/ turns these plain values into
// catalog objects, so the content can be reviewed and tested on its own.
//
// Figures published in the 6 March 2025 government release (see the constants
// below) are carried exactly; every other value is generated from a fixed
// seed and the datasets holding them are marked Sample and say so in their
// notes.
package content

import (
	"io"
	"strings"
)

// Published figures of the 6 March 2025 release. They must appear exactly in
// the sample catalog.
const (
	// TDDCCount is the number of TDDC datasets on tddc.gdcatalog.go.th as of 28 January 2025.
	TDDCCount = 237
	// VillageFundCount is the number of village funds whose data the village-fund Big Data system holds.
	VillageFundCount = 79610
	// ServiceCount is the number of products and services in the Digital Service Registry.
	ServiceCount = 615
	// CompanyCount is the number of companies those products and services come from.
	CompanyCount = 91
	// InvitedAgencies is the number of agencies invited to buy through the registry.
	InvitedAgencies = 5515

	// DigitalContentTotal2023 is the 2023 digital-content industry value, million THB.
	DigitalContentTotal2023 = 44236
	// GamesValue2023 is the 2023 game consumption value, million THB.
	GamesValue2023 = 34288
	// GamesSharePct2023 is the games' share of the 2023 total as the release words it ("over 77.5%").
	GamesSharePct2023 = 77.5
	// DomesticGameProduction2023 is the 2023 domestic game production for consumption and export, million THB.
	DomesticGameProduction2023 = 886
)

// Dates of the release and of the 2025 census, ISO 8601 (CE).
const (
	// TDDCAsOf is the date the TDDC count refers to (28 มกราคม 2568).
	TDDCAsOf = "2025-01-28"
	// ReleaseDate is the date of the government news release the catalog is built from.
	ReleaseDate = "2025-03-06"
	// MeetingDate is the date of the MDES top-executive meeting the release reports.
	MeetingDate = "2025-03-05"
	// CensusOnlineStart and CensusOnlineEnd bound self-response online and through the ทางรัฐ app.
	CensusOnlineStart = "2025-04-01"
	CensusOnlineEnd   = "2025-04-20"
	// CensusFieldStart and CensusFieldEnd bound field collection with Thailand Post staff.
	CensusFieldStart = "2025-04-21"
	CensusFieldEnd   = "2025-06-19"
)

// SampleNote is the marker every dataset with generated values carries in its notes.
const SampleNote = "ข้อมูลตัวอย่าง (sample data)"

// Publisher is an organization of the sample catalog.
type Publisher struct {
	Name          string // CKAN slug, e.g. "nso"
	TitleTH       string
	TitleEN       string
	Abbrev        string
	DescriptionTH string
	DescriptionEN string
	URL           string
}

// Group is a CKAN group.
type Group struct {
	Name          string
	TitleTH       string
	TitleEN       string
	DescriptionTH string
	DescriptionEN string
}

// FrameworkRef places an indicator in an indicator framework.
type FrameworkRef struct {
	Framework string // "WDCR" | "ADIX" | "OECD-GD" | "TH-PLAN"
	Pillar    string // ADIX pillar
	Factor    string // WDCR factor
	SubFactor string // WDCR sub-factor
	Dimension string // OECD Going Digital dimension
	Plan      string // national digital plan name (TH-PLAN)
	Strategy  string // strategy of the national plan (TH-PLAN), Thai
	Code      string // criterion/indicator number within the framework, when known
}

// Dataset is one dataset of the sample catalog.
type Dataset struct {
	Name             string // CKAN slug, unique
	TitleTH, TitleEN string
	NotesTH, NotesEN string // markdown
	Org              string // Publisher.Name
	Groups           []string
	Tags             []string
	LicenseID        string
	Author           string
	AuthorEmail      string
	Maintainer       string
	MaintainerEmail  string
	URL              string
	Version          string
	Sample           bool // true when any value is generated

	// Thai GD-Catalog fields (ckanext-thai_gdc names, Thai values).
	DataType                string
	UpdateFrequencyUnit     string
	UpdateFrequencyInterval int
	Objective               []string
	DataFormat              []string
	DataLanguage            []string
	Disaggregate            []string
	GeoCoverage             string
	DataSource              string
	DataCategory            string
	AccessibleCondition     string
	UnitOfMeasure           string
	UnitOfMultiplier        string
	CalculationMethod       string
	Standard                string
	FirstYearOfData         int
	LastYearOfData          int
	OfficialStatistics      bool
	HighValueDataset        bool

	// Indicator metadata (TDDC datasets).
	IndicatorCode string
	Frameworks    []FrameworkRef
	ReferenceArea []string // ISO 3166-1 alpha-3
	Extras        map[string]string
	Resources     []Resource
}

// Resource is a file of a dataset; Write streams its content (CSV UTF-8 with
// a header row, no BOM). Write may be called any number of times, from any
// goroutine, and always writes the same bytes.
type Resource struct {
	Name        string
	Description string
	Format      string
	FileName    string
	Write       func(w io.Writer) error
}

// Datasets returns every dataset of the sample catalog, TDDC datasets first.
// The result is the same on every call and every run.
func Datasets() []Dataset {
	var out []Dataset
	out = append(out, tddcDatasets()...)
	out = append(out, villageFundDatasets()...)
	out = append(out, censusDatasets()...)
	out = append(out, registryDatasets()...)
	out = append(out, eOfficeDatasets()...)
	out = append(out, digitalContentDatasets()...)
	return out
}

// InGroup reports whether d belongs to the group named g.
func (d Dataset) InGroup(g string) bool {
	for _, x := range d.Groups {
		if x == g {
			return true
		}
	}
	return false
}

// sampleNotes appends the sample marker to Thai and English notes, so the
// wording is identical everywhere.
func sampleNotes(th, en string) (string, string) {
	th = strings.TrimRight(th, "\n") + "\n\n**" + SampleNote + "**: ค่าตัวเลขในชุดข้อมูลนี้สร้างขึ้นเพื่อสาธิตระบบ ไม่ใช่ค่าสถิติทางการ เว้นแต่ที่ระบุว่าเป็นตัวเลขที่เผยแพร่แล้ว\n"
	en = strings.TrimRight(en, "\n") + "\n\n**" + SampleNote + "**: the values in this dataset are generated for demonstration and are not official statistics, except where marked as published figures.\n"
	return th, en
}
