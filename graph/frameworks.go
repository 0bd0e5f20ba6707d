package graph

import (
	"context"
	"fmt"
	"slices"

	"github.com/khlang/khlang/catalog"
	"github.com/khlang/khlang/graph/model"
	"github.com/khlang/khlang/search"
)

// frameworkInfo names the indicator frameworks the catalog's indicators refer to, in
// the order they are listed. A framework id not named here is listed after them with
// its id as its title.
var frameworkInfo = []struct {
	id, title, titleEN string
}{
	{"WDCR", "การจัดอันดับขีดความสามารถในการแข่งขันด้านดิจิทัลโลกของ IMD (WDCR)", "IMD World Digital Competitiveness Ranking (WDCR)"},
	{"ADIX", "ดัชนีการบูรณาการดิจิทัลอาเซียน (ADIX)", "ASEAN Digital Integration Index (ADIX)"},
	{"OECD-GD", "ชุดเครื่องมือ OECD Going Digital", "OECD Going Digital Toolkit"},
	{"TH-PLAN", "แผนด้านดิจิทัลของประเทศ", "National digital plans"},
}

// maxIndicators bounds how many indicators one framework listing reads.
const maxIndicators = 10000

// frameworkTree is a framework with the structure its indicators give it.
type frameworkTree struct {
	model *model.Framework
	// ids are the framework's indicators (dataset ids) by code, each once.
	ids []string
}

// level is one step of an indicator's place in a framework.
type level struct{ name, kind string }

// levels is the path of a framework reference from the top division down. The
// divisions each framework has: WDCR factor → sub-factor, ADIX pillar, OECD dimension,
// national plan → strategy.
func levels(ref catalog.FrameworkRef) []level {
	var out []level
	for _, l := range []level{{ref.Factor, "factor"}, {ref.Pillar, "pillar"}, {ref.Dimension, "dimension"}, {ref.Plan, "plan"}} {
		if l.name != "" {
			out = append(out, l)
			break
		}
	}
	if len(out) == 0 {
		return nil
	}
	for _, l := range []level{{ref.SubFactor, "subFactor"}, {ref.Strategy, "strategy"}} {
		if l.name != "" {
			return append(out, l)
		}
	}
	return out
}

// frameworks builds, once per request, the frameworks from the indicators the caller
// may see: each framework's divisions in the order of their first indicator's code.
func (r *Resolver) frameworks(ctx context.Context) ([]*frameworkTree, error) {
	l := r.loadersFrom(ctx)
	l.frameworksOnce.Do(func() {
		l.frameworks, l.frameworksErr = r.buildFrameworks(ctx)
	})
	return l.frameworks, l.frameworksErr
}

func (r *Resolver) buildFrameworks(ctx context.Context) ([]*frameworkTree, error) {
	actor := actorFrom(ctx)
	res, err := r.index.Search(ctx, search.Request{FQ: []string{indicatorFilter}, Sort: "indicator_code asc",
		Rows: maxIndicators, Labels: actor.Labels(), IncludePrivate: true})
	if err != nil {
		return nil, fmt.Errorf("graph: list indicators: %w", err)
	}
	ds, _, err := r.datasetsByID(ctx, res.IDs)
	if err != nil {
		return nil, err
	}
	type node struct {
		div  *model.FrameworkDivision
		seen map[string]bool // indicators counted here or below
		sub  map[string]*node
	}
	byID := map[string]*frameworkTree{}
	roots := map[string]*node{}
	var order []string
	for _, d := range ds {
		for _, ref := range d.Indicator.Frameworks {
			if ref.Framework == "" {
				continue
			}
			fw, ok := byID[ref.Framework]
			if !ok {
				fw = &frameworkTree{model: newFramework(ref.Framework)}
				byID[ref.Framework] = fw
				roots[ref.Framework] = &node{div: &model.FrameworkDivision{}, seen: map[string]bool{}, sub: map[string]*node{}}
				order = append(order, ref.Framework)
			}
			root := roots[ref.Framework]
			if !root.seen[d.ID] {
				root.seen[d.ID] = true
				fw.ids = append(fw.ids, d.ID)
			}
			path := levels(ref)
			if fw.model.DivisionKind == "" && len(path) > 0 {
				fw.model.DivisionKind = path[0].kind
			}
			cur := root
			for _, lv := range path {
				next, ok := cur.sub[lv.name]
				if !ok {
					next = &node{div: &model.FrameworkDivision{Name: lv.name, Kind: lv.kind}, seen: map[string]bool{}, sub: map[string]*node{}}
					cur.sub[lv.name] = next
					cur.div.Children = append(cur.div.Children, next.div)
				}
				if !next.seen[d.ID] {
					next.seen[d.ID] = true
					next.div.IndicatorCount++
				}
				cur = next
			}
			if cur != root && !slices.Contains(cur.div.IndicatorIDs, d.ID) {
				cur.div.IndicatorIDs = append(cur.div.IndicatorIDs, d.ID)
			}
		}
	}
	out := make([]*frameworkTree, 0, len(order))
	for _, info := range frameworkInfo {
		if fw, ok := byID[info.id]; ok {
			out = append(out, fw)
		}
	}
	var others []string
	for _, id := range order {
		if frameworkRank(id) < 0 {
			others = append(others, id)
		}
	}
	slices.Sort(others)
	for _, id := range others {
		out = append(out, byID[id])
	}
	for _, fw := range out {
		fw.model.Divisions = roots[fw.model.ID].div.Children
		fw.model.IndicatorCount = len(fw.ids)
	}
	return out, nil
}

func frameworkRank(id string) int {
	for i, info := range frameworkInfo {
		if info.id == id {
			return i
		}
	}
	return -1
}

func newFramework(id string) *model.Framework {
	if i := frameworkRank(id); i >= 0 {
		return &model.Framework{ID: id, Title: frameworkInfo[i].title, TitleEN: frameworkInfo[i].titleEN}
	}
	return &model.Framework{ID: id, Title: id, TitleEN: id}
}
