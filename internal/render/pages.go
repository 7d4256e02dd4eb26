package render

import (
	"cmp"
	"fmt"
	"html/template"
	"path"
	"slices"
	"strings"

	"salesdeck/internal/analysis"
	"salesdeck/internal/render/format"
)

func (r *renderer) overview() error {
	res := r.in.Result
	// The heading is index.md's title, else the site's.
	d := &Data{Path: "index.html", Title: r.sview.Title, WholeMoney: r.v.f.WholeMoney()}
	ov := &Overview{Counts: r.v.counts(res.Strategies, true), Total: len(res.Strategies), RowsRead: r.v.f.Number(float64(res.RowsRead)), SalesRows: res.RowsRead}
	for _, p := range r.in.Pages {
		if p.Path != "index.html" {
			continue
		}
		d.Title, d.Description = cmp.Or(p.Title, d.Title), p.Description
		intro, err := r.markdownFrom(mdSource{page: d.Path, file: p.File, line: max(p.BodyLine, 1)}, p.Body)
		if err != nil {
			return err
		}
		ov.Intro = intro
	}
	for _, p := range res.Plans {
		g := PlanGroup{ID: p.Plan.ID, Title: p.Plan.Title, Owner: p.Plan.Owner,
			URL: "plans/" + p.Plan.ID + ".html", Period: r.v.period(p.Plan.Period)}
		for _, s := range p.Strategies {
			g.Rows = append(g.Rows, r.v.row(s, ""))
		}
		ov.Plans = append(ov.Plans, g)
	}
	if len(res.Strategies) > 0 {
		c, err := r.v.cb.Pace("c_pace", res.Strategies)
		if err != nil {
			return chartErr(d.Path, err)
		}
		ov.Pace = newChartView(c)
		d.HasCharts = true
	}
	d.Overview = ov
	return r.page("overview.html", d)
}

func (r *renderer) plans() error {
	for _, p := range r.in.Result.Plans {
		v := r.v.money(p.Strategies)
		d := &Data{Path: "plans/" + p.Plan.ID + ".html", Title: p.Plan.Title, WholeMoney: v.f.WholeMoney()}
		summary, err := r.markdownFrom(mdSource{page: d.Path, file: p.Plan.File, at: p.Plan.Pos, what: "summary"}, p.Plan.Summary)
		if err != nil {
			return err
		}
		pv := &PlanView{ID: p.Plan.ID, Title: p.Plan.Title, Owner: p.Plan.Owner,
			Period: v.period(p.Plan.Period), Summary: summary, Counts: v.counts(p.Strategies, false)}
		var uncommitted []RevisionView
		for _, s := range p.Strategies {
			pv.Rows = append(pv.Rows, v.row(s, "../"))
			for _, rv := range v.revisions(s, "../", true) {
				if rv.Commit == "" {
					uncommitted = append(uncommitted, rv)
				} else {
					pv.Changes = append(pv.Changes, rv)
				}
			}
		}
		// By date, strategies in plan order on a day, as a log reads;
		// the working tree's changes have no date and come last.
		slices.SortStableFunc(pv.Changes, func(a, b RevisionView) int { return strings.Compare(a.DateISO, b.DateISO) })
		pv.Changes = append(pv.Changes, uncommitted...)
		if len(p.Strategies) > 0 {
			c, err := v.cb.Attainment("c_attainment", p)
			if err != nil {
				return chartErr(d.Path, err)
			}
			pv.Attainment = newChartView(c)
			d.HasCharts = true
		}
		d.Plan = pv
		if err := r.page("plan.html", d); err != nil {
			return err
		}
	}
	return nil
}

// strategyPages renders the pages of ss, a run of the site's strategies
// (render.go renders runs in parallel).
func (r *renderer) strategyPages(ss []*analysis.Strategy) error {
	for _, s := range ss {
		d := &Data{Path: "strategies/" + s.Strategy.ID + ".html", Title: s.Strategy.Title}
		kept, key := r.piece("page", s, r.keys.navDigest())
		if b, ok := kept.([]byte); ok {
			r.piece("view", s) // kept too, for the page of a new menu
			if err := r.add(d.Path, b); err != nil {
				return err
			}
			continue
		}
		r.drewBlock, r.warned = false, false
		sv, err := r.strategyView(d.Path, s)
		if err != nil {
			return chartErr(d.Path, err)
		}
		d.Strategy = sv
		d.HasCharts = len(sv.Targets) > 0 || len(sv.Breakdowns) > 0
		d.WholeMoney = bigMoney(s)
		if err := r.page("strategy.html", d); err != nil {
			return err
		}
		r.keep(key, r.out[d.Path])
	}
	return nil
}

// strategyView returns the view of s's page: its figures formatted and
// its charts built, the costly part of the page, which a plan's new title
// (in every page's menu) leaves as it was.
func (r *renderer) strategyView(page string, s *analysis.Strategy) (*StrategyView, error) {
	kept, key := r.piece("view", s)
	if sv, ok := kept.(*StrategyView); ok {
		return sv, nil
	}
	sv, err := r.strategy(page, s)
	if err == nil {
		r.keep(key, sv)
	}
	return sv, err
}

func (r *renderer) strategy(page string, s *analysis.Strategy) (*StrategyView, error) {
	v := r.v.money([]*analysis.Strategy{s})
	f := v.f
	ps := s.Strategy
	sv := &StrategyView{
		Row:    v.row(s, "../"),
		Period: v.period(s.Period), Baseline: v.period(s.Baseline),
		DaysElapsed: s.DaysElapsed, DaysTotal: s.DaysTotal, DaysRemaining: s.DaysRemaining,
		Elapsed: f.Percent(s.Elapsed), ElapsedPct: clampPct(s.Elapsed),
		RowsMatched: f.Number(float64(s.RowsMatched)),
		Scope:       v.scope(ps.Scope), Exclude: v.scope(ps.Exclude),
		Tactics: ps.Tactics,
	}
	if bad(s.Elapsed) {
		sv.Elapsed, sv.ElapsedPct = format.Dash, 0
	}
	if ps.Budget != nil {
		sv.Budget = f.Money(*ps.Budget)
	}
	notes, err := r.notes(page, s)
	if err != nil {
		return nil, err
	}
	sv.Notes = notes
	sv.History = v.revisions(s, "../", false)
	for i, t := range s.Targets {
		tv := v.target(t)
		cum, err := v.cb.Cumulative(fmt.Sprintf("c_cumulative_%d", i), s, i)
		if err != nil {
			return nil, err
		}
		mon, err := v.cb.Monthly(fmt.Sprintf("c_monthly_%d", i), s, i)
		if err != nil {
			return nil, err
		}
		tv.Cumulative, tv.Monthly = newChartView(cum), newChartView(mon)
		if t.PriceVolumeMix != nil {
			pvm, err := v.cb.PriceVolumeMix(fmt.Sprintf("c_pvm_%d", i), s, i)
			if err != nil {
				return nil, err
			}
			tv.PriceVolumeMix = newChartView(pvm)
		}
		sv.Targets = append(sv.Targets, tv)
	}
	if s.Bridge != nil && len(s.Bridge.Steps) > 0 {
		c, err := v.cb.Bridge("c_bridge", s)
		if err != nil {
			return nil, err
		}
		sv.Bridge = newChartView(c)
	}
	for i, b := range s.Breakdowns {
		if len(b.Entries) == 0 || len(s.Targets) == 0 {
			continue
		}
		c, err := v.cb.Breakdown(fmt.Sprintf("c_breakdown_%d", i), s, i)
		if err != nil {
			return nil, err
		}
		sv.Breakdowns = append(sv.Breakdowns, newChartView(c))
	}
	return sv, nil
}

// notes renders the notes of strategy s for page, where a problem in them
// is reported at the strategy in its plan file.
func (r *renderer) notes(page string, s *analysis.Strategy) (template.HTML, error) {
	file := ""
	if s.Plan != nil {
		file = s.Plan.File
	}
	return r.markdownFrom(mdSource{page: page, file: file, at: s.Strategy.Pos, what: "notes"}, s.Strategy.Notes)
}

func (r *renderer) pages() error {
	for _, p := range r.in.Pages {
		if p.Path == "index.html" {
			continue
		}
		if !validPagePath(p.Path) {
			return fmt.Errorf("%s: output path %q is not a relative .html path inside the site", p.File, p.Path)
		}
		body, err := r.markdownFrom(mdSource{page: p.Path, file: p.File, line: max(p.BodyLine, 1)}, p.Body)
		if err != nil {
			return err
		}
		d := &Data{Path: p.Path, Title: pageTitle(p), Description: p.Description, WholeMoney: r.v.f.WholeMoney(), Page: &PageView{Body: body, File: p.File,
			HasTitle: strings.HasPrefix(strings.TrimSpace(string(body)), "<h1")}}
		if err := r.page("page.html", d); err != nil {
			return err
		}
	}
	return nil
}

// validPagePath reports whether p is a clean relative path ending in .html
// that stays inside public/.
func validPagePath(p string) bool {
	return strings.HasSuffix(p, ".html") && len(p) > len(".html") &&
		path.Clean(p) == p && !strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "../") &&
		!strings.ContainsAny(p, "\\\x00")
}
