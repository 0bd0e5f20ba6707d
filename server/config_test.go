package server

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"
	"time"
)

func TestConfigPrecedence(t *testing.T) {
	env := map[string]string{"KHLANG_ADDR": "0.0.0.0:9000", "KHLANG_DATA": "/env/data", "KHLANG_SYNC_INTERVAL": "3s"}
	c := defaultConfig()
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	if err := c.parseFlags(fs, []string{"--data", "/flag/data"}, func(k string) string { return env[k] }, "addr", "data", "sync-interval", "site-url"); err != nil {
		t.Fatal(err)
	}
	if c.Addr != "0.0.0.0:9000" || c.Data != "/flag/data" || c.SyncInterval != 3*time.Second || c.SiteURL != "http://0.0.0.0:9000" {
		t.Fatalf("config = %+v", c)
	}
	d := defaultConfig()
	if err := d.parseFlags(flag.NewFlagSet("t", flag.ContinueOnError), nil, func(string) string { return "" }, "addr", "data", "site-url"); err != nil {
		t.Fatal(err)
	}
	if d.Addr != "127.0.0.1:8080" || d.Data != "./khlang-data" || d.CatalogDSN() != "khlang-data/catalog.db" {
		t.Fatalf("defaults = %+v %s", d, d.CatalogDSN())
	}
}

// The README's configuration table is generated from Config; this keeps them equal.
func TestREADMEConfigTable(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	WriteConfigTable(&b)
	if !strings.Contains(string(readme), b.String()) {
		t.Fatalf("README.md's configuration table is out of date; it should contain:\n%s", b.String())
	}
}
