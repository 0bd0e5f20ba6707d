package server

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is every setting of the program. Each has a flag and a KHLANG_* environment
// variable; a flag given on the command line wins over the variable, and with neither
// the default applies. The defaults need no settings at all.
type Config struct {
	Addr         string        // --addr, KHLANG_ADDR
	Data         string        // --data, KHLANG_DATA: the data folder
	DB           string        // --db, KHLANG_DB: postgres:// DSN; empty = SQLite in the data folder
	SiteURL      string        // --site-url, KHLANG_SITE_URL: public base URL
	SiteTitle    string        // --site-title, KHLANG_SITE_TITLE
	NoSeed       bool          // --no-seed, KHLANG_NO_SEED: start an empty catalog
	CORSOrigins  string        // --cors-origins, KHLANG_CORS_ORIGINS: "*" or space-separated origins
	MaxBodyBytes int64         // --max-body-bytes, KHLANG_MAX_BODY_BYTES
	SyncInterval time.Duration // --sync-interval, KHLANG_SYNC_INTERVAL: search index polling
	// DataStoreSQL offers datastore_search_sql (--datastore-sql, KHLANG_DATASTORE_SQL). Off by
	// default, as CKAN's ckan.datastore.sqlsearch.enabled since 2.10: when off the action
	// does not exist.
	DataStoreSQL bool
	// HarvestCheck is how often the server looks for harvest sources whose schedule makes
	// them due (--harvest-check, KHLANG_HARVEST_CHECK); 0 turns scheduled harvests off.
	HarvestCheck time.Duration
}

// defaultConfig is what runs with no settings.
func defaultConfig() Config {
	return Config{Addr: "127.0.0.1:8080", Data: "./khlang-data", SiteTitle: "Khlang คลังข้อมูลสถิติดิจิทัล",
		MaxBodyBytes: 10 << 20, SyncInterval: time.Second, HarvestCheck: time.Minute}
}

// setting describes one Config field for flags, environment and the README's table.
type setting struct {
	flag, env, help string
	ptr             any
}

func (c *Config) settings() []setting {
	return []setting{
		{"addr", "KHLANG_ADDR", "address to listen on", &c.Addr},
		{"data", "KHLANG_DATA", "data folder (SQLite catalog, search index, uploads)", &c.Data},
		{"db", "KHLANG_DB", "PostgreSQL DSN (postgres://...); empty uses SQLite in the data folder", &c.DB},
		{"site-url", "KHLANG_SITE_URL", "public base URL used in links (default http://ADDR)", &c.SiteURL},
		{"site-title", "KHLANG_SITE_TITLE", "site title shown by status_show and the pages", &c.SiteTitle},
		{"no-seed", "KHLANG_NO_SEED", "start with an empty catalog instead of the sample catalog", &c.NoSeed},
		{"cors-origins", "KHLANG_CORS_ORIGINS", `origins allowed by CORS: "*" or a space-separated list`, &c.CORSOrigins},
		{"max-body-bytes", "KHLANG_MAX_BODY_BYTES", "largest request body accepted", &c.MaxBodyBytes},
		{"sync-interval", "KHLANG_SYNC_INTERVAL", "how often the search index polls the change log", &c.SyncInterval},
		{"datastore-sql", "KHLANG_DATASTORE_SQL", "offer datastore_search_sql (read-only SQL over DataStore tables), off as in CKAN", &c.DataStoreSQL},
		{"harvest-check", "KHLANG_HARVEST_CHECK", "how often scheduled harvest sources are checked and the due ones run; 0 turns them off", &c.HarvestCheck},
	}
}

// parseFlags fills c from args and then getenv, for the named settings only.
func (c *Config) parseFlags(fs *flag.FlagSet, args []string, getenv func(string) string, names ...string) error {
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	var used []setting
	for _, s := range c.settings() {
		if !want[s.flag] {
			continue
		}
		used = append(used, s)
		help := s.help + " (env " + s.env + ")"
		switch p := s.ptr.(type) {
		case *string:
			fs.StringVar(p, s.flag, *p, help)
		case *bool:
			fs.BoolVar(p, s.flag, *p, help)
		case *int64:
			fs.Int64Var(p, s.flag, *p, help)
		case *time.Duration:
			fs.DurationVar(p, s.flag, *p, help)
		}
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	for _, s := range used {
		v := getenv(s.env)
		if given[s.flag] || v == "" {
			continue
		}
		if err := setFromEnv(s.ptr, v); err != nil {
			return fmt.Errorf("%s=%q: %w", s.env, v, err)
		}
	}
	if c.SiteURL == "" {
		c.SiteURL = "http://" + c.Addr
	}
	c.SiteURL = strings.TrimRight(c.SiteURL, "/")
	return nil
}

func setFromEnv(ptr any, v string) error {
	switch p := ptr.(type) {
	case *string:
		*p = v
	case *bool:
		b, err := strconv.ParseBool(v)
		if err != nil {
			return err
		}
		*p = b
	case *int64:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return err
		}
		*p = n
	case *time.Duration:
		d, err := time.ParseDuration(v)
		if err != nil {
			return err
		}
		*p = d
	}
	return nil
}

// CatalogDSN is the catalog database: the PostgreSQL DSN, or the SQLite file in the data folder.
func (c *Config) CatalogDSN() string {
	if c.DB != "" {
		return c.DB
	}
	return filepath.Join(c.Data, "catalog.db")
}

// DataStoreDSN is the DataStore database: the PostgreSQL DSN (its "datastore" schema), or
// datastore.db in the data folder.
func (c *Config) DataStoreDSN() string {
	if c.DB != "" {
		return c.DB
	}
	return filepath.Join(c.Data, "datastore.db")
}

// IndexPath is the search index folder.
func (c *Config) IndexPath() string { return filepath.Join(c.Data, "index") }

// UploadDir is where resource files are kept.
func (c *Config) UploadDir() string { return filepath.Join(c.Data, "uploads") }

// WriteConfigTable prints the settings as a Markdown table (the README's config table).
func WriteConfigTable(w io.Writer) {
	c := defaultConfig()
	fmt.Fprintln(w, "| flag | environment | default | meaning |")
	fmt.Fprintln(w, "|---|---|---|---|")
	for _, s := range c.settings() {
		def := "`" + fmt.Sprint(deref(s.ptr)) + "`"
		if def == "``" || def == "`0`" || def == "`false`" {
			def = "—"
		}
		fmt.Fprintf(w, "| `--%s` | `%s` | %s | %s |\n", s.flag, s.env, def, s.help)
	}
}

func deref(p any) any {
	switch v := p.(type) {
	case *string:
		return *v
	case *bool:
		return *v
	case *int64:
		return *v
	case *time.Duration:
		return *v
	}
	return nil
}
