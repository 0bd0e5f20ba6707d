// Package harvest pulls datasets from other catalogs into Khlang: a remote CKAN (through
// its Action API, querying it as ckanext-harvest's CKANHarvester does), a DCAT catalog
// (Turtle, JSON-LD or RDF/XML, paged by Hydra links) and a DCAT-US data.json file.
//
// A harvest Source is stored in the catalog (harvest_sources) and every Run is reported
// there too (harvest_runs). A run creates and updates datasets through the catalog Store
// and, when it has read the whole source, withdraws (soft-deletes) the local datasets of
// the source that the source no longer lists. Runs are idempotent: a dataset whose remote
// record has not changed is not written again, so a second run with nothing new at the
// source adds nothing to the change log.
//
// Harvested datasets carry the extras harvest_source_id, harvest_object_id,
// harvest_source_url and guid; catalog.IsHarvested tells the write API to refuse local
// edits of them.
package harvest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/khlang/khlang/catalog"
)

// Source types.
const (
	TypeCKAN     = "ckan"
	TypeDCAT     = "dcat"
	TypeDataJSON = "datajson"
)

// Types lists the source types Run understands.
var Types = []string{TypeCKAN, TypeDCAT, TypeDataJSON}

// Organisation and group mapping modes of Config.RemoteOrgs and Config.RemoteGroups,
// as ckanext-harvest names them. The empty mode puts every dataset in the source's
// organisation (Source.Org) and drops remote groups.
const (
	RemoteOnlyLocal = "only_local" // keep the remote org or group when one of that name exists here
	RemoteCreate    = "create"     // and create it here from the remote dict when it does not
)

// Config holds the settings of a source; JSON keys are ckanext-harvest's.
type Config struct {
	// APIKey is sent as the Authorization header to a CKAN source.
	APIKey string `json:"api_key,omitempty"`
	// UserAgent, when set, replaces Go's default User-Agent.
	UserAgent string `json:"user_agent,omitempty"`
	// RemoteOrgs and RemoteGroups are "", RemoteOnlyLocal or RemoteCreate.
	RemoteOrgs   string `json:"remote_orgs,omitempty"`
	RemoteGroups string `json:"remote_groups,omitempty"`
	// Organisation and group filters of a CKAN source; an include list wins over an
	// exclude list, as in ckanext-harvest.
	OrganizationsInclude []string `json:"organizations_filter_include,omitempty"`
	OrganizationsExclude []string `json:"organizations_filter_exclude,omitempty"`
	GroupsInclude        []string `json:"groups_filter_include,omitempty"`
	GroupsExclude        []string `json:"groups_filter_exclude,omitempty"`
	// ForceAll makes every run of a CKAN source a full run.
	ForceAll bool `json:"force_all,omitempty"`
	// Format of a DCAT source: "turtle", "jsonld" or "rdfxml"; empty means guess from the
	// response's Content-Type, then from the document itself.
	Format string `json:"rdf_format,omitempty"`
}

// Source is a remote catalog to harvest.
type Source struct {
	ID   string
	Name string
	Type string // TypeCKAN, TypeDCAT or TypeDataJSON
	URL  string // CKAN: the site's base URL; DCAT and data.json: the document's URL
	// Org is the local organisation (name or id) the datasets go to, unless RemoteOrgs
	// maps them to their remote organisations.
	Org    string
	Config Config
	// Frequency is how often the server harvests the source on its own (see Frequencies);
	// empty is FreqManual.
	Frequency string
}

// SourceFromRecord reads a stored source.
func SourceFromRecord(r *catalog.HarvestSource) (Source, error) {
	src := Source{ID: r.ID, Name: r.Name, Type: r.Type, URL: r.URL, Org: r.Org, Frequency: r.Frequency}
	if strings.TrimSpace(r.Config) != "" {
		if err := json.Unmarshal([]byte(r.Config), &src.Config); err != nil {
			return src, fmt.Errorf("harvest source %s: config: %w", r.Name, err)
		}
	}
	return src, nil
}

// Record turns the source into its stored form.
func (s Source) Record() (*catalog.HarvestSource, error) {
	cfg, err := json.Marshal(s.Config)
	if err != nil {
		return nil, fmt.Errorf("encode harvest config: %w", err)
	}
	return &catalog.HarvestSource{ID: s.ID, Name: s.Name, Type: s.Type, URL: s.URL, Org: s.Org, Config: string(cfg),
		Frequency: s.Frequency}, nil
}

// Validate checks the type, URL, frequency and config modes of a source.
func (s Source) Validate() error {
	v := &catalog.ValidationError{}
	switch s.Type {
	case TypeCKAN, TypeDCAT, TypeDataJSON:
	default:
		v.Add("type", fmt.Sprintf("Unknown harvest source type %q (want one of %s)", s.Type, strings.Join(Types, ", ")))
	}
	for key, mode := range map[string]string{"remote_orgs": s.Config.RemoteOrgs, "remote_groups": s.Config.RemoteGroups} {
		switch mode {
		case "", RemoteOnlyLocal, RemoteCreate:
		default:
			v.Add(key, fmt.Sprintf("Unknown mode %q (want %s or %s)", mode, RemoteOnlyLocal, RemoteCreate))
		}
	}
	if _, ok := Interval(s.Frequency); !ok && s.Frequency != "" && s.Frequency != FreqManual {
		v.Add("frequency", fmt.Sprintf("Unknown frequency %q (want one of %s)", s.Frequency, strings.Join(Frequencies, ", ")))
	}
	switch s.Config.Format {
	case "", formatTurtle, formatJSONLD, formatRDFXML:
	default:
		v.Add("rdf_format", fmt.Sprintf("Unknown RDF format %q", s.Config.Format))
	}
	if v.Empty() {
		return nil
	}
	return v
}

// Options tune a run. The zero value is usable.
type Options struct {
	// Progress receives "harvest gather" (pages read) and "harvest import" (datasets done
	// of found) reports.
	Progress catalog.Progress
	// Client fetches the source (default: a client with a 2-minute timeout).
	Client *http.Client
	// Now is the clock that stamps the run (default time.Now).
	Now func() time.Time
	// Full reads the whole source even when an incremental run is possible.
	Full bool
	// Log receives what goes wrong outside the report (default: discarded).
	Log *slog.Logger
	// Started, when set, is called once the run is recorded as running, before the source
	// is read; the report goes on changing afterwards, so it must be copied to be kept.
	Started func(*Report)
}

func (o Options) log() *slog.Logger {
	if o.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return o.Log
}

// Report is the outcome of one run, as stored in harvest_runs.
type Report = catalog.HarvestRun

// maxDocumentBytes bounds one fetched page or document.
const maxDocumentBytes = 256 << 20

// record is one dataset found at the source, in CKAN package-dict form, before it is
// mapped onto the local catalog.
type record struct {
	// GUID identifies the dataset at the source (a CKAN id, a DCAT dct:identifier or URI,
	// a data.json identifier).
	GUID string
	// ID is the local dataset id: the remote id for CKAN, derived from the GUID otherwise.
	ID string
	// Dict is the package dict to store; its content decides whether the dataset changed.
	Dict catalog.Dict
	// Org is the remote organisation's dict (name, title...) when the source names one.
	Org catalog.Dict
	// Groups are the remote groups' dicts.
	Groups []catalog.Dict
}

// gatherResult is what a source type found.
type gatherResult struct {
	records []record
	// complete is set when the whole source was read, so that datasets it no longer lists
	// may be withdrawn.
	complete bool
	// warnings are problems that did not stop the gather (reported as errors of the run).
	warnings []catalog.HarvestError
}

// runner holds one run's state.
type runner struct {
	store  *catalog.Store
	src    Source
	opts   Options
	client *http.Client
	report *Report
}

// Run harvests the source once and saves the report (also when the source could not be
// read: the report then has status failed and the error is returned too). A CKAN source
// is read incrementally (what changed since an hour before the start of the last run
// without errors) unless opts.Full, Config.ForceAll or there is no such run; DCAT and
// data.json sources are always read whole.
func Run(ctx context.Context, store *catalog.Store, src Source, opts Options) (*Report, error) {
	if err := src.Validate(); err != nil {
		return nil, err
	}
	if src.ID == "" {
		return nil, fmt.Errorf("harvest source %q has no id: store it first", src.Name)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	client := opts.Client
	if client == nil {
		client = &http.Client{Timeout: 2 * time.Minute}
	}
	r := &runner{store: store, src: src, opts: opts, client: client,
		report: &Report{SourceID: src.ID, Started: opts.Now().UTC().Truncate(time.Microsecond)}}
	r.report.LeaseUntil = r.report.Started.Add(runLease)
	if err := store.StartHarvestRun(ctx, r.report); err != nil {
		return nil, fmt.Errorf("harvest %s: %w", src.Name, err)
	}
	if opts.Started != nil {
		opts.Started(r.report)
	}
	stopRenewing := r.keepLease(ctx)
	err := r.run(ctx)
	stopRenewing()
	r.report.Finished = opts.Now().UTC().Truncate(time.Microsecond)
	switch {
	case err != nil:
		r.report.Status, r.report.Message = catalog.HarvestFailed, err.Error()
	case len(r.report.Errors) > 0:
		r.report.Status = catalog.HarvestErrors
	default:
		r.report.Status = catalog.HarvestOK
	}
	// The report is saved even when ctx was cancelled, so the failure is on record.
	if serr := store.SaveHarvestRun(context.WithoutCancel(ctx), r.report); serr != nil {
		return r.report, errors.Join(err, fmt.Errorf("save harvest report: %w", serr))
	}
	if err != nil {
		return r.report, fmt.Errorf("harvest %s: %w", src.Name, err)
	}
	return r.report, nil
}

// runLease is how long a run is taken for alive without news from its process; it is
// renewed every runLease/4, so only a process that stopped lets it pass.
const runLease = 2 * time.Minute

// keepLease renews the run's lease until the returned function is called.
func (r *runner) keepLease(ctx context.Context) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(runLease / 4)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				if err := r.store.RenewHarvestRun(ctx, r.report.ID, r.opts.Now().UTC().Add(runLease)); err != nil && ctx.Err() == nil {
					r.opts.log().Warn("harvest: renew the run's lease", "source", r.src.Name, "err", err)
				}
			}
		}
	}()
	return func() { close(done); <-finished }
}

func (r *runner) run(ctx context.Context) error {
	if err := r.store.MigrateHarvest(ctx); err != nil {
		return err
	}
	var (
		res *gatherResult
		err error
	)
	switch r.src.Type {
	case TypeCKAN:
		res, err = r.gatherCKAN(ctx)
	case TypeDCAT:
		res, err = r.gatherDCAT(ctx)
	case TypeDataJSON:
		res, err = r.gatherDataJSON(ctx)
	}
	if err != nil {
		return err
	}
	r.report.Full = res.complete
	r.report.Errors = append(r.report.Errors, res.warnings...)
	return r.apply(ctx, res)
}

// apply writes the gathered records and withdraws what disappeared.
func (r *runner) apply(ctx context.Context, res *gatherResult) error {
	local, err := r.store.HarvestedDatasets(ctx, r.src.ID)
	if err != nil {
		return err
	}
	byID := make(map[string]catalog.HarvestedDataset, len(local))
	for _, d := range local {
		byID[d.ID] = d
	}
	var localOrg *string
	if r.src.Org != "" {
		org, err := r.store.Group(ctx, r.src.Org, true)
		if err != nil {
			return fmt.Errorf("organization %q of the source: %w", r.src.Org, err)
		}
		localOrg = &org.ID
	}
	seen := make(map[string]bool, len(res.records))
	for i, rec := range res.records {
		if err := ctx.Err(); err != nil {
			return err
		}
		seen[rec.ID] = true
		if err := r.applyOne(ctx, rec, byID, localOrg); err != nil {
			id := rec.ID
			if id == "" {
				id = rec.GUID
			}
			r.report.Errors = append(r.report.Errors, catalog.HarvestError{ID: id, Message: err.Error()})
		}
		r.opts.Progress.Report("harvest import", i+1, len(res.records))
	}
	if !res.complete {
		return nil
	}
	for _, d := range local {
		if seen[d.ID] || d.State == catalog.StateDeleted {
			continue
		}
		if err := r.store.DeleteDataset(ctx, d.ID); err != nil {
			r.report.Errors = append(r.report.Errors, catalog.HarvestError{ID: d.ID, Message: "withdraw: " + err.Error()})
			continue
		}
		r.report.Deleted++
	}
	return nil
}

// objectNamespace derives harvest object ids.
var objectNamespace = uuid.MustParse("6f1c7a52-2f0e-4a8e-9d0b-5a3c4e1b7d21")

// objectID identifies one version of a remote record as mapped by this source's settings:
// it changes exactly when the record, or how the source maps it, changes.
func (r *runner) objectID(rec record) (string, error) {
	content, err := json.Marshal([]any{rec.Dict, rec.Org, rec.Groups, r.src.URL, r.src.Org, r.src.Config.RemoteOrgs, r.src.Config.RemoteGroups})
	if err != nil {
		return "", fmt.Errorf("encode record: %w", err)
	}
	sum := sha256.Sum256(content)
	return uuid.NewSHA1(objectNamespace, []byte(r.src.ID+"\x00"+rec.GUID+"\x00"+hex.EncodeToString(sum[:]))).String(), nil
}

// applyOne creates, updates or leaves alone one dataset.
func (r *runner) applyOne(ctx context.Context, rec record, byID map[string]catalog.HarvestedDataset, localOrg *string) error {
	objectID, err := r.objectID(rec)
	if err != nil {
		return err
	}
	cur, exists := byID[rec.ID]
	if exists && cur.ObjectID == objectID && cur.State == catalog.StateActive {
		r.report.Unchanged++
		return nil
	}
	d, err := catalog.DatasetFromDict(rec.Dict)
	if err != nil {
		return err
	}
	d.ID = rec.ID
	d.State = catalog.StateActive
	d.CreatorUserID = nil // a user of the source catalog, not of this one
	d.OwnerOrg, err = r.mapOrg(ctx, rec, localOrg)
	if err != nil {
		return err
	}
	if d.OwnerOrg == nil {
		d.Private = false // only organisations hold private datasets
	}
	d.Groups, err = r.mapGroups(ctx, rec)
	if err != nil {
		return err
	}
	d.Extras = append(remoteExtras(d.Extras),
		catalog.Extra{Key: catalog.ExtraHarvestSourceID, Value: r.src.ID},
		catalog.Extra{Key: catalog.ExtraHarvestObjectID, Value: objectID},
		catalog.Extra{Key: catalog.ExtraHarvestSourceURL, Value: r.src.URL},
		catalog.Extra{Key: catalog.ExtraHarvestGUID, Value: rec.GUID})
	for i := range d.Resources {
		res := &d.Resources[i]
		// Remote uploads and DataStore tables stay at the source: the resource is a link.
		res.URLType, res.DatastoreActive = "", false
	}
	if exists {
		d.Name = r.keepName(ctx, d.Name, cur)
		if err := r.store.UpdateDataset(ctx, d); err != nil {
			return err
		}
		r.report.Updated++
		return nil
	}
	// A dataset of this id that this source did not harvest is not ours to overwrite.
	if other, err := r.store.Dataset(ctx, d.ID); err == nil {
		return fmt.Errorf("a local dataset %q already has this id and was not harvested from this source", other.Name)
	} else if !errors.Is(err, catalog.ErrNotFound) {
		return err
	}
	if r.src.Type != TypeCKAN {
		d.Name, err = r.freeName(ctx, d.Name, d.ID)
		if err != nil {
			return err
		}
	}
	if err := r.store.CreateDataset(ctx, d); err != nil {
		return err
	}
	r.report.Created++
	return nil
}

// RenamedExtraPrefix starts the key of a remote extra named like a field of the package
// dict ("title", "notes"…): CKAN refuses such an extra, while other catalogs (and older
// CKANs) let one through, so the harvester keeps it as harvest_title and the like instead
// of failing the dataset.
const RenamedExtraPrefix = "harvest_"

// remoteExtras drops the harvest bookkeeping extras a source sends (this catalog sets its
// own) and renames those that reuse a field name, with RenamedExtraPrefix and, should
// that key be taken too, a number.
func remoteExtras(in []catalog.Extra) []catalog.Extra {
	taken := make(map[string]bool, len(in))
	for _, e := range in {
		taken[e.Key] = true
	}
	out := make([]catalog.Extra, 0, len(in))
	for _, e := range in {
		switch e.Key {
		case catalog.ExtraHarvestSourceID, catalog.ExtraHarvestObjectID, catalog.ExtraHarvestSourceURL, catalog.ExtraHarvestGUID:
			continue
		}
		if catalog.IsDatasetField(e.Key) {
			key := RenamedExtraPrefix + e.Key
			for n := 2; taken[key] || catalog.IsDatasetField(key); n++ {
				key = fmt.Sprintf("%s%s_%d", RenamedExtraPrefix, e.Key, n)
			}
			taken[key] = true
			e.Key = key
		}
		out = append(out, e)
	}
	return out
}

// keepName keeps the local name of an updated dataset of a source whose names are made
// up here (DCAT, data.json); a CKAN dataset follows its remote name.
func (r *runner) keepName(_ context.Context, name string, cur catalog.HarvestedDataset) string {
	if r.src.Type == TypeCKAN {
		return name
	}
	return cur.Name
}

// freeName returns name, or name with a suffix from the id when a dataset already has it.
func (r *runner) freeName(ctx context.Context, name, id string) (string, error) {
	_, err := r.store.Dataset(ctx, name)
	switch {
	case errors.Is(err, catalog.ErrNotFound):
		return name, nil
	case err != nil:
		return "", err
	}
	suffix := "-" + strings.ReplaceAll(id, "-", "")[:8]
	if len(name)+len(suffix) > catalog.NameMaxLength {
		name = name[:catalog.NameMaxLength-len(suffix)]
	}
	return name + suffix, nil
}

// mapOrg decides the local organisation of a dataset, as ckanext-harvest does: the
// source's organisation, unless RemoteOrgs keeps (or creates) the remote one.
func (r *runner) mapOrg(ctx context.Context, rec record, localOrg *string) (*string, error) {
	mode := r.src.Config.RemoteOrgs
	name, _ := rec.Org["name"].(string)
	if mode == "" || name == "" {
		return localOrg, nil
	}
	if g, err := r.store.Group(ctx, name, true); err == nil {
		return &g.ID, nil
	} else if !errors.Is(err, catalog.ErrNotFound) {
		return nil, err
	}
	if mode != RemoteCreate {
		return localOrg, nil
	}
	g, err := r.store.EnsureGroupFromDict(ctx, rec.Org, true)
	if err != nil {
		return nil, fmt.Errorf("organization %q: %w", name, err)
	}
	return &g.ID, nil
}

// mapGroups decides the local groups of a dataset: none by default; with RemoteGroups,
// those that exist here (and, with RemoteCreate, the others created from their dicts).
func (r *runner) mapGroups(ctx context.Context, rec record) ([]catalog.Group, error) {
	mode := r.src.Config.RemoteGroups
	if mode == "" {
		return nil, nil
	}
	var out []catalog.Group
	for _, m := range rec.Groups {
		name, _ := m["name"].(string)
		if name == "" {
			continue
		}
		g, err := r.store.Group(ctx, name, false)
		switch {
		case err == nil:
		case !errors.Is(err, catalog.ErrNotFound):
			return nil, err
		case mode == RemoteCreate:
			if g, err = r.store.EnsureGroupFromDict(ctx, m, false); err != nil {
				return nil, fmt.Errorf("group %q: %w", name, err)
			}
		default:
			continue
		}
		out = append(out, catalog.Group{ID: g.ID, Name: g.Name})
	}
	return out, nil
}

// deriveID makes a stable local id for a record of a source that has no CKAN ids.
func deriveID(sourceID, guid string) string {
	return uuid.NewSHA1(objectNamespace, []byte("dataset\x00"+sourceID+"\x00"+guid)).String()
}

var (
	nameInvalid = regexp.MustCompile(`[^a-z0-9_-]+`)
	dashes      = regexp.MustCompile(`-{2,}`)
)

// mungeName makes a CKAN name from a title, or from the fallback when the title has no
// ASCII letters or digits (a Thai title).
func mungeName(title, fallback string) string {
	n := nameInvalid.ReplaceAllString(strings.ToLower(title), "-")
	n = strings.Trim(dashes.ReplaceAllString(n, "-"), "-_")
	if len(n) > 90 {
		n = strings.Trim(n[:90], "-_")
	}
	if len(n) < 2 {
		n = fallback
	}
	return n
}

// mungeTag makes a valid CKAN tag from a keyword: characters CKAN refuses become spaces,
// and a tag shorter than 2 characters is dropped ("").
func mungeTag(kw string) string {
	var b strings.Builder
	for _, c := range strings.TrimSpace(kw) {
		if catalog.ValidateTag(string(c)+string(c)) == nil {
			b.WriteRune(c)
		} else {
			b.WriteRune(' ')
		}
	}
	t := strings.Join(strings.Fields(b.String()), " ")
	if r := []rune(t); len(r) > catalog.NameMaxLength {
		t = strings.TrimSpace(string(r[:catalog.NameMaxLength]))
	}
	if len([]rune(t)) < 2 {
		return ""
	}
	return t
}
