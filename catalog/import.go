package catalog

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// LineError is an import failure of one dataset, by its line (JSON lines) or its
// position in the array (1-based).
type LineError struct {
	Line int
	Err  error
}

// ImportResult counts what an import did.
type ImportResult struct {
	Created, Updated int
	Errors           []LineError
}

// maxImportLine bounds one JSON line; CKAN package dicts with many resources stay far below.
const maxImportLine = 64 << 20

// Import loads CKAN package dicts, one JSON object per line (what `ckanapi dump datasets`
// writes) or a single JSON array, creating missing organizations and groups. Datasets are
// matched by id and then name, so importing the same file twice changes nothing new. A bad
// dataset is reported with its line and the rest still load; each dataset is its own
// transaction.
func Import(ctx context.Context, s *Store, r io.Reader, progress Progress) (*ImportResult, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	first, err := peekNonSpace(br)
	if err != nil {
		if errors.Is(err, io.EOF) {
			return &ImportResult{}, nil
		}
		return nil, err
	}
	res := &ImportResult{}
	one := func(line int, raw []byte) {
		if ctx.Err() != nil {
			return
		}
		created, err := importOne(ctx, s, raw)
		switch {
		case err != nil:
			res.Errors = append(res.Errors, LineError{Line: line, Err: err})
		case created:
			res.Created++
		default:
			res.Updated++
		}
		progress.Report("import datasets", res.Created+res.Updated+len(res.Errors), 0)
	}
	if first == '[' {
		dec := json.NewDecoder(br)
		if _, err := dec.Token(); err != nil {
			return nil, fmt.Errorf("read JSON array: %w", err)
		}
		for i := 1; dec.More(); i++ {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return res, fmt.Errorf("item %d: %w", i, err)
			}
			one(i, raw)
		}
	} else {
		sc := bufio.NewScanner(br)
		sc.Buffer(make([]byte, 1<<20), maxImportLine)
		for line := 1; sc.Scan(); line++ {
			if b := bytes.TrimSpace(sc.Bytes()); len(b) > 0 {
				one(line, b)
			}
		}
		if err := sc.Err(); err != nil {
			return res, fmt.Errorf("read input: %w", err)
		}
	}
	return res, ctx.Err()
}

func peekNonSpace(br *bufio.Reader) (byte, error) {
	for {
		b, err := br.ReadByte()
		if err != nil {
			return 0, err
		}
		// Skip a UTF-8 byte-order mark and whitespace.
		if b == 0xEF {
			if next, _ := br.Peek(2); len(next) == 2 && next[0] == 0xBB && next[1] == 0xBF {
				_, _ = br.Discard(2)
				continue
			}
		}
		if b != ' ' && b != '\t' && b != '\r' && b != '\n' {
			return b, br.UnreadByte()
		}
	}
}

func importOne(ctx context.Context, s *Store, raw []byte) (bool, error) {
	var p Dict
	if err := json.Unmarshal(raw, &p); err != nil {
		return false, fmt.Errorf("not a JSON object: %w", err)
	}
	// A dump names the organization by its remote id in owner_org; the embedded dict
	// carries the name, which is what matches here.
	if org, ok := p["organization"].(map[string]any); ok {
		g, err := groupFromDict(org, true)
		if err != nil {
			return false, err
		}
		if err := s.UpsertGroup(ctx, g); err != nil {
			return false, fmt.Errorf("organization %q: %w", g.Name, err)
		}
		p["owner_org"] = g.Name
	}
	if groups, ok := p["groups"].([]any); ok {
		for _, e := range groups {
			m, ok := e.(map[string]any)
			if !ok {
				continue
			}
			if name, _ := m["name"].(string); name != "" {
				g, err := groupFromDict(m, false)
				if err != nil {
					return false, err
				}
				if err := s.UpsertGroup(ctx, g); err != nil {
					return false, fmt.Errorf("group %q: %w", g.Name, err)
				}
			}
		}
	}
	d, err := DatasetFromDict(p)
	if err != nil {
		return false, err
	}
	// The creator is a user of the source catalog, not of this one.
	d.CreatorUserID = nil
	return s.UpsertDataset(ctx, d)
}

func groupFromDict(m map[string]any, isOrg bool) (*Group, error) {
	str := func(k string) string { s, _ := m[k].(string); return s }
	g := &Group{Name: str("name"), Title: str("title"), Description: str("description"), ImageURL: str("image_url"), IsOrganization: isOrg}
	if err := g.Validate(); err != nil {
		return nil, fmt.Errorf("organization or group: %w", err)
	}
	return g, nil
}
