// Package catalog holds Khlang's domain: datasets, resources, organizations, groups, tags,
// licenses, users and their memberships, the rules that validate them (CKAN's rules, with
// CKAN's messages), and the Store that keeps them in SQLite or PostgreSQL through GORM.
//
// catalog imports no other project package; outer packages (search, server, seed, graph)
// depend on it. Where the catalog must tell an outer package about a change (the search
// index), it appends to a change log in the same transaction and the outer package reads it.
package catalog

import "time"

// Dataset states, as CKAN names them.
const (
	StateActive  = "active"
	StateDraft   = "draft"
	StateDeleted = "deleted"
)

// Dataset is a CKAN package: metadata about one collection of data and its resources.
//
// Besides CKAN's core fields it carries the Thai Government Data Catalog (GD-Catalog,
// ckanext-thai_gdc) fields and indicator metadata as first-class columns; the CKAN
// package dict returns them at the top level, as ckanext-scheming does.
type Dataset struct {
	ID               string  `gorm:"primaryKey;size:36"`
	Name             string  `gorm:"size:100;not null;index"`
	Title            string  `gorm:"type:text"`
	TitleEN          string  `gorm:"type:text"`
	Type             string  `gorm:"size:100;not null;default:dataset"`
	Notes            string  `gorm:"type:text"`
	NotesEN          string  `gorm:"type:text"`
	URL              string  `gorm:"type:text"`
	Version          string  `gorm:"size:100"`
	Author           string  `gorm:"type:text"`
	AuthorEmail      string  `gorm:"type:text"`
	Maintainer       string  `gorm:"type:text"`
	MaintainerEmail  string  `gorm:"type:text"`
	LicenseID        string  `gorm:"size:100;index"`
	OwnerOrg         *string `gorm:"size:36;index"`
	Private          bool    `gorm:"not null;default:false"`
	State            string  `gorm:"size:20;not null;index"`
	CreatorUserID    *string `gorm:"size:36"`
	MetadataCreated  time.Time
	MetadataModified time.Time `gorm:"index"`
	Extras           []Extra   `gorm:"serializer:json;type:text"`

	GDC       GDC       `gorm:"embedded"`
	Indicator Indicator `gorm:"embedded"`

	Organization *Group     `gorm:"foreignKey:OwnerOrg"`
	Resources    []Resource `gorm:"foreignKey:PackageID"`
	Tags         []Tag      `gorm:"many2many:package_tags;joinForeignKey:PackageID;joinReferences:TagID"`
	Groups       []Group    `gorm:"many2many:package_groups;joinForeignKey:PackageID;joinReferences:GroupID"`
}

// TableName keeps CKAN's table name.
func (Dataset) TableName() string { return "packages" }

// Extra is one free-form key/value pair of a dataset (CKAN's extras).
type Extra struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// GDC holds the Thai Government Data Catalog metadata fields (ckanext-thai_gdc), named as
// that extension names them so harvesters and Thai agency catalogs map one to one.
type GDC struct {
	DataType                string   `gorm:"column:data_type;type:text"`
	Objective               []string `gorm:"column:objective;serializer:json;type:text"`
	UpdateFrequencyUnit     string   `gorm:"column:update_frequency_unit;type:text"`
	UpdateFrequencyInterval *int     `gorm:"column:update_frequency_interval"`
	GeoCoverage             string   `gorm:"column:geo_coverage;type:text"`
	DataSource              string   `gorm:"column:data_source;type:text"`
	DataFormat              []string `gorm:"column:data_format;serializer:json;type:text"`
	DataCategory            string   `gorm:"column:data_category;type:text"`
	AccessibleCondition     string   `gorm:"column:accessible_condition;type:text"`
	DataLanguage            []string `gorm:"column:data_language;serializer:json;type:text"`
	Disaggregate            []string `gorm:"column:disaggregate;serializer:json;type:text"`
	UnitOfMeasure           string   `gorm:"column:unit_of_measure;type:text"`
	UnitOfMultiplier        string   `gorm:"column:unit_of_multiplier;type:text"`
	CalculationMethod       string   `gorm:"column:calculation_method;type:text"`
	Standard                string   `gorm:"column:standard;type:text"`
	FirstYearOfData         *int     `gorm:"column:first_year_of_data"`
	LastYearOfData          *int     `gorm:"column:last_year_of_data"`
	OfficialStatistics      bool     `gorm:"column:official_statistics;not null;default:false"`
	HighValueDataset        bool     `gorm:"column:high_value_dataset;not null;default:false"`
}

// Indicator holds the indicator metadata of a statistical dataset: its code, the frameworks
// that place it, and the economies it covers.
type Indicator struct {
	IndicatorCode string         `gorm:"column:indicator_code;size:100;index"`
	Frameworks    []FrameworkRef `gorm:"column:frameworks;serializer:json;type:text"`
	ReferenceArea []string       `gorm:"column:reference_area;serializer:json;type:text"`
}

// FrameworkRef places an indicator in an indicator framework: IMD WDCR (factor, sub-factor),
// ADIX (pillar), OECD Going Digital (dimension) or a Thai national digital plan.
type FrameworkRef struct {
	Framework string `json:"framework"`
	Pillar    string `json:"pillar,omitempty"`
	Factor    string `json:"factor,omitempty"`
	SubFactor string `json:"sub_factor,omitempty"`
	Dimension string `json:"dimension,omitempty"`
	Plan      string `json:"plan,omitempty"`
	Strategy  string `json:"strategy,omitempty"`
	Code      string `json:"code,omitempty"`
}

// Resource is one file or link of a dataset.
type Resource struct {
	ID               string `gorm:"primaryKey;size:36"`
	PackageID        string `gorm:"size:36;not null;index"`
	URL              string `gorm:"type:text"`
	URLType          string `gorm:"size:50"`
	Name             string `gorm:"type:text"`
	Description      string `gorm:"type:text"`
	Format           string `gorm:"size:100;index"`
	MimeType         string `gorm:"column:mimetype;size:200"`
	MimeTypeInner    string `gorm:"column:mimetype_inner;size:200"`
	Hash             string `gorm:"size:200"`
	ResourceType     string `gorm:"size:100"`
	Size             *int64
	Position         int    `gorm:"not null;default:0"`
	State            string `gorm:"size:20;not null"`
	Created          time.Time
	LastModified     *time.Time
	MetadataModified time.Time
	CacheURL         string `gorm:"type:text"`
	CacheLastUpdated *time.Time
	DatastoreActive  bool           `gorm:"not null;default:false"`
	Extras           map[string]any `gorm:"serializer:json;type:text"`
}

// Group is a CKAN group or organization (IsOrganization), as CKAN stores both in one table.
type Group struct {
	ID             string `gorm:"primaryKey;size:36"`
	Name           string `gorm:"size:100;not null;uniqueIndex"`
	Title          string `gorm:"type:text"`
	TitleEN        string `gorm:"type:text"`
	Description    string `gorm:"type:text"`
	DescriptionEN  string `gorm:"type:text"`
	ImageURL       string `gorm:"type:text"`
	Type           string `gorm:"size:100;not null"`
	IsOrganization bool   `gorm:"not null;index"`
	ApprovalStatus string `gorm:"size:20"`
	State          string `gorm:"size:20;not null"`
	Created        time.Time
	Extras         []Extra `gorm:"serializer:json;type:text"`
}

// Tag is a free tag (VocabularyID nil) or a vocabulary tag.
type Tag struct {
	ID           string  `gorm:"primaryKey;size:36"`
	Name         string  `gorm:"size:100;not null;uniqueIndex:idx_tag_name_vocab"`
	VocabularyID *string `gorm:"size:36;uniqueIndex:idx_tag_name_vocab"`
}

// User is an account. Passwords are stored only as bcrypt hashes.
type User struct {
	ID           string `gorm:"primaryKey;size:36"`
	Name         string `gorm:"size:100;not null;uniqueIndex"`
	Fullname     string `gorm:"type:text"`
	Email        string `gorm:"type:text"`
	About        string `gorm:"type:text"`
	PasswordHash string `gorm:"type:text"`
	Sysadmin     bool   `gorm:"not null;default:false"`
	State        string `gorm:"size:20;not null"`
	Created      time.Time
}

// Member capacities of a user in an organization or group.
const (
	CapacityAdmin  = "admin"
	CapacityEditor = "editor"
	CapacityMember = "member"
)

// Member is a user's membership of an organization or group.
type Member struct {
	ID       string `gorm:"primaryKey;size:36"`
	GroupID  string `gorm:"size:36;not null;uniqueIndex:idx_member_group_user"`
	UserID   string `gorm:"size:36;not null;uniqueIndex:idx_member_group_user;index"`
	Capacity string `gorm:"size:20;not null"`
	State    string `gorm:"size:20;not null"`
	Created  time.Time
}

// APIToken is an API token of a user; only the SHA-256 of the token is stored.
type APIToken struct {
	ID         string `gorm:"primaryKey;size:36"`
	UserID     string `gorm:"size:36;not null;index"`
	Name       string `gorm:"type:text"`
	Hash       string `gorm:"size:64;not null;uniqueIndex"`
	Created    time.Time
	LastAccess *time.Time
	// ExpiresAt, when set, is when the token stops working; an expired token is anonymous.
	ExpiresAt *time.Time
}

// TableName keeps CKAN's table name.
func (APIToken) TableName() string { return "api_tokens" }

// Activity types, as CKAN's activity plugin names them.
const (
	ActivityNewPackage          = "new package"
	ActivityChangedPackage      = "changed package"
	ActivityDeletedPackage      = "deleted package"
	ActivityNewOrganization     = "new organization"
	ActivityChangedOrganization = "changed organization"
	ActivityDeletedOrganization = "deleted organization"
	ActivityNewGroup            = "new group"
	ActivityChangedGroup        = "changed group"
	ActivityDeletedGroup        = "deleted group"
)

// Activity is one entry of the activity stream: who changed which dataset, organization
// or group, and the object's dict after the change. It is written in the same transaction
// as the change. Labels are the permission labels of the object (see Dataset.Labels),
// stored space-separated with a space at each end so one LIKE finds a label; GroupIDs
// are the organization and groups a dataset belonged to, stored the same way, so that an
// organization's activity stream includes its datasets.
type Activity struct {
	ID           string    `gorm:"primaryKey;size:36"`
	Timestamp    time.Time `gorm:"index"`
	UserID       *string   `gorm:"size:36;index"`
	ObjectID     string    `gorm:"size:36;not null;index"`
	ActivityType string    `gorm:"size:50;not null"`
	Data         string    `gorm:"type:text"`
	Labels       string    `gorm:"column:permission_labels;type:text"`
	GroupIDs     string    `gorm:"type:text"`
}

// Change kinds recorded in the change log.
const (
	KindDataset = "dataset"
	KindGroup   = "group"
)

// Change is one row of the change log (the outbox): every write to a dataset, resource,
// organization or group appends one in the same transaction, so a reader that applies
// rows in Seq order (the search index) converges on the database.
type Change struct {
	Seq      int64  `gorm:"primaryKey;autoIncrement"`
	Kind     string `gorm:"size:20;not null"`
	EntityID string `gorm:"size:36;not null"`
	At       time.Time
}
