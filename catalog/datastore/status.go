package datastore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/khlang/khlang/catalog"
)

// Load states, as CKAN's xloader reports them in xloader_status.
const (
	LoadRunning  = "running"
	LoadComplete = "complete"
	LoadError    = "error"
)

// LoadLogLine is one line of a load's log.
type LoadLogLine struct {
	Timestamp time.Time `json:"timestamp"`
	Level     string    `json:"level"`
	Message   string    `json:"message"`
}

// LoadStatus is the state of the last load of a resource's file, kept in the DataStore
// database so that it survives a restart (CKAN's xloader keeps it in its task table).
type LoadStatus struct {
	ResourceID  string        `json:"resource_id"`
	JobID       string        `json:"job_id"`
	Status      string        `json:"status"`
	Started     time.Time     `json:"started"`
	LastUpdated time.Time     `json:"last_updated"`
	Finished    *time.Time    `json:"finished,omitempty"`
	Error       string        `json:"error,omitempty"`
	Report      *LoadReport   `json:"report,omitempty"`
	Logs        []LoadLogLine `json:"logs"`
}

func newJobID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// statusDDL creates the load status table.
func (s *Store) statusDDL() string {
	return "CREATE TABLE IF NOT EXISTS " + s.metaTbl("_ds_loads") + ` (resource_id text PRIMARY KEY, status text NOT NULL,
		last_updated text NOT NULL, doc text NOT NULL)`
}

const statusUpsert = ` (resource_id, status, last_updated, doc) VALUES (%s, %s, %s, %s)
	ON CONFLICT (resource_id) DO UPDATE SET status = excluded.status, last_updated = excluded.last_updated, doc = excluded.doc`

// statusArgs is the upsert of st and its arguments.
func (s *Store) statusArgs(st *LoadStatus) (string, []any) {
	doc, _ := json.Marshal(st)
	q := "INSERT INTO " + s.metaTbl("_ds_loads") + fmt.Sprintf(statusUpsert, s.p(1), s.p(2), s.p(3), s.p(4))
	return q, []any{st.ResourceID, st.Status, st.LastUpdated.UTC().Format(time.RFC3339Nano), string(doc)}
}

// GetLoadStatus returns the last load status of a resource; NotFound when none was
// recorded (no file was ever loaded, or the resource is gone).
func (s *Store) GetLoadStatus(ctx context.Context, resourceID string) (*LoadStatus, error) {
	var doc string
	err := s.db.QueryRowContext(ctx, "SELECT doc FROM "+s.metaTbl("_ds_loads")+" WHERE resource_id = "+s.p(1), resourceID).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		// Bare, as xloader's task lookup fails: the API answers "Not found".
		return nil, fmt.Errorf("load status of %s: %w", resourceID, catalog.ErrNotFound)
	}
	if err != nil {
		return nil, storageErr("read load status", err)
	}
	st := &LoadStatus{}
	if err := json.Unmarshal([]byte(doc), st); err != nil {
		return nil, storageErr("decode load status", err)
	}
	return st, nil
}

// loadJob records a load's status as it goes. Recording is best effort: a load does not
// fail because its status could not be written (the failure is logged).
type loadJob struct {
	s    *Store
	st   LoadStatus
	exec func(ctx context.Context, q string, args ...any) error
}

func (s *Store) newLoadJob(resourceID string) *loadJob {
	now := time.Now().UTC()
	j := &loadJob{s: s, st: LoadStatus{ResourceID: resourceID, JobID: newJobID(), Status: LoadRunning, Started: now, LastUpdated: now}}
	j.exec = func(ctx context.Context, q string, args ...any) error {
		_, err := s.db.ExecContext(ctx, q, args...)
		return err
	}
	return j
}

func (j *loadJob) log(level, format string, args ...any) {
	j.st.Logs = append(j.st.Logs, LoadLogLine{Timestamp: time.Now().UTC(), Level: level, Message: fmt.Sprintf(format, args...)})
}

// save writes the status; ctx's cancellation does not stop it (a cancelled load must
// still be recorded as failed).
func (j *loadJob) save(ctx context.Context) {
	j.st.LastUpdated = time.Now().UTC()
	q, args := j.s.statusArgs(&j.st)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := j.exec(ctx, q, args...); err != nil {
		j.s.log.Warn("datastore: record load status", "resource_id", j.st.ResourceID, "status", j.st.Status, "err", err)
	}
}

// finish records the end of the load: complete with its report, or error.
func (j *loadJob) finish(ctx context.Context, rep *LoadReport, err error) {
	now := time.Now().UTC()
	j.st.Finished = &now
	if err != nil {
		j.st.Status = LoadError
		j.st.Error = err.Error()
		j.log("ERROR", "Load failed: %v", err)
	} else {
		j.st.Status = LoadComplete
		j.st.Report = rep
		for _, r := range rep.Rejections {
			j.log("WARNING", "Line %d rejected: %s", r.Line, r.Reason)
		}
		j.log("INFO", "Loaded %d rows (%d rejected) in %s", rep.RowsLoaded, rep.RowsRejected, now.Sub(j.st.Started).Round(time.Millisecond))
	}
	j.save(ctx)
}

// Forget removes everything the DataStore keeps for a resource that no longer exists: its
// table, aliases and load status. A resource without a table is not an error.
func (s *Store) Forget(ctx context.Context, resourceID string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.dropTable(ctx, tx, resourceID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+s.metaTbl("_ds_loads")+" WHERE resource_id = "+s.p(1), resourceID); err != nil {
			return storageErr("delete load status", err)
		}
		return nil
	})
}

// DropOrphans forgets every table and load status whose resource exists reports gone,
// and returns their ids. It is the retry of a drop that failed after its resource was
// deleted from the catalog (the two live in different databases, so they cannot change
// in one transaction): such a table is already unreachable, since every read goes
// through the catalog's resource first, and DropOrphans reclaims it. It must not run
// while a datastore_create with a new resource may be between creating its table and
// its resource (the server runs it before it serves).
func (s *Store) DropOrphans(ctx context.Context, exists func(ctx context.Context, resourceID string) (bool, error)) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id FROM "+s.metaTbl("_ds_tables")+
		" UNION SELECT resource_id FROM "+s.metaTbl("_ds_loads"))
	if err != nil {
		return nil, storageErr("list datastore tables", err)
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, storageErr("list datastore tables", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, storageErr("list datastore tables", err)
	}
	var gone []string
	for _, id := range ids {
		ok, err := exists(ctx, id)
		if err != nil {
			return gone, err
		}
		if ok {
			continue
		}
		if err := s.Forget(ctx, id); err != nil {
			return gone, err
		}
		gone = append(gone, id)
	}
	return gone, nil
}
