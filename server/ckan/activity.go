package ckan

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/khlang/khlang/catalog"
)

// activityQuery reads the paging and filter parameters the activity lists share: limit
// (default 31, at most 100), offset, after and before (Unix seconds, as CKAN's activity
// plugin takes them, or ISO timestamps), activity_types or exclude_activity_types.
func activityQuery(c *call) (catalog.ActivityQuery, bool, error) {
	q := catalog.ActivityQuery{Labels: c.actor.Labels()}
	var err error
	if q.Limit, err = c.params.natural("limit", catalog.ActivityLimitDefault); err != nil {
		return q, false, err
	}
	if q.Limit == 0 {
		q.Limit = catalog.ActivityLimitDefault
	}
	q.Limit = min(q.Limit, catalog.ActivityLimitMax)
	if q.Offset, err = c.params.natural("offset", 0); err != nil {
		return q, false, err
	}
	for key, dst := range map[string]**time.Time{"after": &q.After, "before": &q.Before} {
		s, err := c.params.str(key)
		if err != nil {
			return q, false, err
		}
		if s == "" {
			continue
		}
		t, err := parseActivityTime(s)
		if err != nil {
			return q, false, catalog.Invalid(key, "Date format incorrect")
		}
		*dst = &t
	}
	if q.Types, err = c.params.list("activity_types", false, true); err != nil {
		return q, false, err
	}
	if q.ExcludeTypes, err = c.params.list("exclude_activity_types", false, true); err != nil {
		return q, false, err
	}
	if len(q.Types) > 0 && len(q.ExcludeTypes) > 0 {
		return q, false, catalog.Invalid("activity_types", "Cannot be used together with exclude_activity_types")
	}
	includeData, err := c.params.strictFlag("include_data", true)
	return q, includeData, err
}

func parseActivityTime(s string) (time.Time, error) {
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		sec := int64(f)
		return time.Unix(sec, int64((f-float64(sec))*1e9)).UTC(), nil
	}
	return catalog.ParseTime(s)
}

func (a *API) listActivities(ctx context.Context, c *call, q catalog.ActivityQuery, includeData bool) (any, error) {
	acts, err := a.Store.Activities(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make([]catalog.Dict, 0, len(acts))
	for i := range acts {
		// The query filtered by labels already; asking the policy again keeps the rule
		// in one place should the two ever disagree.
		if c.actor.CanReadActivity(&acts[i]) == nil {
			out = append(out, acts[i].Dict(includeData))
		}
	}
	return out, nil
}

// packageActivityList is package_activity_list, for callers who may read the dataset.
func (a *API) packageActivityList(ctx context.Context, c *call) (any, error) {
	vals, err := c.params.requiredStr("id")
	if err != nil {
		return nil, err
	}
	d, err := a.readableDataset(ctx, c, vals[0], "package", "")
	if err != nil {
		return nil, err
	}
	q, data, err := activityQuery(c)
	if err != nil {
		return nil, err
	}
	q.ObjectID = d.ID
	return a.listActivities(ctx, c, q, data)
}

// groupActivityList is organization_activity_list / group_activity_list: the group's
// own activities and those of its datasets the caller may read.
func (a *API) groupActivityList(isOrg bool) func(ctx context.Context, c *call) (any, error) {
	return func(ctx context.Context, c *call) (any, error) {
		vals, err := c.params.requiredStr("id")
		if err != nil {
			return nil, err
		}
		g, err := a.Store.Group(ctx, vals[0], isOrg)
		if err != nil {
			return nil, err
		}
		q, data, err := activityQuery(c)
		if err != nil {
			return nil, err
		}
		q.GroupID = g.ID
		return a.listActivities(ctx, c, q, data)
	}
}

// userActivityList is user_activity_list: what the user did, as far as the caller may see.
func (a *API) userActivityList(ctx context.Context, c *call) (any, error) {
	vals, err := c.params.requiredStr("id")
	if err != nil {
		return nil, err
	}
	u, err := a.userOf(ctx, c, vals[0])
	if err != nil {
		return nil, err
	}
	q, data, err := activityQuery(c)
	if err != nil {
		return nil, err
	}
	q.UserID = u.ID
	return a.listActivities(ctx, c, q, data)
}

// recentlyChangedPackages is recently_changed_packages_activity_list.
func (a *API) recentlyChangedPackages(ctx context.Context, c *call) (any, error) {
	q, data, err := activityQuery(c)
	if err != nil {
		return nil, err
	}
	q.PackagesOnly = true
	return a.listActivities(ctx, c, q, data)
}

// readableActivity loads an activity the caller may read.
func (a *API) readableActivity(ctx context.Context, c *call, id string) (*catalog.Activity, error) {
	act, err := a.Store.ActivityByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := c.actor.CanReadActivity(act); err != nil {
		return nil, err
	}
	return act, nil
}

// activityShow is activity_show.
func (a *API) activityShow(ctx context.Context, c *call) (any, error) {
	vals, err := c.params.requiredStr("id")
	if err != nil {
		return nil, err
	}
	includeData, err := c.params.strictFlag("include_data", true)
	if err != nil {
		return nil, err
	}
	act, err := a.readableActivity(ctx, c, vals[0])
	if err != nil {
		return nil, err
	}
	return act.Dict(includeData), nil
}

// activityDiff is activity_diff: the activity, the one before it on the same object, and
// a unified diff of the object's dict between them.
func (a *API) activityDiff(ctx context.Context, c *call) (any, error) {
	vals, err := c.params.requiredStr("id")
	if err != nil {
		return nil, err
	}
	objectType, err := c.params.str("object_type")
	if err != nil {
		return nil, err
	}
	if objectType == "" {
		objectType = "package"
	}
	diffType, err := c.params.str("diff_type")
	if err != nil {
		return nil, err
	}
	if diffType != "" && diffType != "unified" {
		return nil, catalog.Invalid("diff_type", "Only unified diffs are available")
	}
	act, err := a.readableActivity(ctx, c, vals[0])
	if err != nil {
		return nil, err
	}
	prev, err := a.Store.PreviousActivity(ctx, act)
	if err != nil {
		return nil, err
	}
	if err := c.actor.CanReadActivity(prev); err != nil {
		return nil, err
	}
	before, after := prev.Dict(true), act.Dict(true)
	return map[string]any{"activities": []catalog.Dict{before, after},
		"diff": unifiedDiff(objectLines(before, objectType), objectLines(after, objectType), prev.ID, act.ID)}, nil
}

// objectLines is the object's dict inside an activity as indented JSON lines, keys
// sorted, so that a diff shows one field per line.
func objectLines(act catalog.Dict, objectType string) []string {
	data, _ := act["data"].(map[string]any)
	b, err := json.MarshalIndent(data[objectType], "", "  ")
	if err != nil {
		return nil
	}
	return strings.Split(string(b), "\n")
}

// unifiedDiff renders the difference between two line lists as a unified diff with three
// lines of context, as Python's difflib.unified_diff (which CKAN uses) does.
func unifiedDiff(a, b []string, fromName, toName string) string {
	// Longest common subsequence table; activity dicts are a few hundred lines at most.
	n, m := len(a), len(b)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type op struct {
		kind byte // ' ', '-', '+'
		text string
		ai   int
		bi   int
	}
	var ops []op
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			ops = append(ops, op{' ', a[i], i, j})
			i, j = i+1, j+1
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			ops = append(ops, op{'+', b[j], i, j})
			j++
		default:
			ops = append(ops, op{'-', a[i], i, j})
			i++
		}
	}
	const ctxLines = 3
	var out strings.Builder
	for k := 0; k < len(ops); {
		if ops[k].kind == ' ' {
			k++
			continue
		}
		start := max(0, k-ctxLines)
		end := k
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run == len(ops) || run-end > 2*ctxLines {
				end = min(end+ctxLines, run)
				break
			}
			end = run
		}
		if out.Len() == 0 {
			fmt.Fprintf(&out, "--- %s\n+++ %s\n", fromName, toName)
		}
		aStart, bStart, aLen, bLen := ops[start].ai, ops[start].bi, 0, 0
		for _, o := range ops[start:end] {
			if o.kind != '+' {
				aLen++
			}
			if o.kind != '-' {
				bLen++
			}
		}
		fmt.Fprintf(&out, "@@ -%d,%d +%d,%d @@\n", aStart+1, aLen, bStart+1, bLen)
		for _, o := range ops[start:end] {
			out.WriteByte(o.kind)
			out.WriteString(o.text)
			out.WriteByte('\n')
		}
		k = end
	}
	return out.String()
}
