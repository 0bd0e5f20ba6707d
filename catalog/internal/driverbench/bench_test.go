//go:build driverbench

package driverbench

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/glebarez/go-sqlite"        // modernc.org/sqlite, the driver the catalog uses
	_ "github.com/ncruces/go-sqlite3/driver" // SQLite compiled to Go from Wasm
)

// drivers are opened with the settings catalog.Open uses: WAL, synchronous=FULL, foreign
// keys, a busy timeout.
var drivers = []struct{ name, driver, dsn string }{
	{"modernc", "sqlite", "file:%s?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)"},
	{"ncruces", "sqlite3", "file:%s?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)"},
}

const rows = 2000

// notes is dataset-sized text: a catalog row carries a few kilobytes of metadata.
var notes = strings.Repeat("สำมะโนประชากรและเคหะ census of population and housing ", 30)

func open(b *testing.B, driver, dsn string) *sql.DB {
	b.Helper()
	db, err := sql.Open(driver, fmt.Sprintf(dsn, filepath.Join(b.TempDir(), "bench.db")))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE datasets (id TEXT PRIMARY KEY, name TEXT UNIQUE, org TEXT, modified TEXT, notes TEXT);
		CREATE INDEX datasets_org ON datasets (org, modified)`); err != nil {
		b.Fatal(err)
	}
	return db
}

func fill(b *testing.B, db *sql.DB) {
	b.Helper()
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	st, err := tx.Prepare(`INSERT INTO datasets VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		b.Fatal(err)
	}
	for i := range rows {
		if _, err := st.Exec(fmt.Sprintf("id-%06d", i), fmt.Sprintf("name-%06d", i), fmt.Sprintf("org-%02d", i%50),
			fmt.Sprintf("2025-01-%02dT00:00:00", 1+i%28), notes); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkDrivers runs each workload on both drivers; compare ns/op across a pair.
func BenchmarkDrivers(b *testing.B) {
	for _, d := range drivers {
		b.Run("write-tx-1-row/"+d.name, func(b *testing.B) {
			// One dataset written per durable transaction, as package_create does.
			db := open(b, d.driver, d.dsn)
			for i := 0; b.Loop(); i++ {
				if _, err := db.Exec(`INSERT INTO datasets VALUES (?, ?, 'org', '2025-01-01', ?)`,
					fmt.Sprint("w", i), fmt.Sprint("w", i), notes); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("bulk-2000-rows/"+d.name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				db := open(b, d.driver, d.dsn)
				b.StartTimer()
				fill(b, db)
			}
		})
		b.Run("point-read/"+d.name, func(b *testing.B) {
			db := open(b, d.driver, d.dsn)
			fill(b, db)
			var n string
			for i := 0; b.Loop(); i++ {
				if err := db.QueryRow(`SELECT notes FROM datasets WHERE id = ?`, fmt.Sprintf("id-%06d", i%rows)).Scan(&n); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("page-of-100/"+d.name, func(b *testing.B) {
			db := open(b, d.driver, d.dsn)
			fill(b, db)
			for i := 0; b.Loop(); i++ {
				rs, err := db.Query(`SELECT id, name, notes FROM datasets WHERE org = ? ORDER BY modified DESC LIMIT 100`, fmt.Sprintf("org-%02d", i%50))
				if err != nil {
					b.Fatal(err)
				}
				var id, name, nt string
				for rs.Next() {
					if err := rs.Scan(&id, &name, &nt); err != nil {
						b.Fatal(err)
					}
				}
				if err := rs.Err(); err != nil {
					b.Fatal(err)
				}
				rs.Close()
			}
		})
	}
}
