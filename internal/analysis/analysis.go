// Package analysis computes every figure of a strategy (docs/figures.md):
// actual, target, attainment, expected to date under each phasing, pace,
// forecast, baseline and lift, run rates, status, the monthly series with
// last year's months, the breakdowns, the bridge from last year and the
// price-volume-mix (bridge.go); and what Markdown blocks ask for beyond
// the plans (asks.go): breakdowns ranked by other metrics, and charts of
// a metric over every row of a period (charts.go). It works on the
// aggregated cells of package sales and the plans of package plan, and
// returns plain values; it knows nothing of files, HTML or how charts are
// drawn. A strategy visits only the cells of its own scope and periods
// (index.go), never every row or every cell.
package analysis

import (
	"cmp"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"

	"salesdeck/internal/load/config"
	"salesdeck/internal/load/history"
	"salesdeck/internal/load/plan"
	"salesdeck/internal/load/sales"
	"salesdeck/internal/support/civil"
	"salesdeck/internal/support/diag"
	"salesdeck/internal/support/metric"
)

// Run computes the results of every strategy of plans against data. Plans
// that name unknown metrics or dimensions are input errors; scope values
// that match no row are warnings (a typo must not pass silently as a
// strategy with no sales).
//
// Strategies are evaluated in parallel, one per core at a time, over the
// data's cells, which they only read; results and warnings come out in
// plan order whatever the number of cores. What asks asks for of a
// metric or dimension the site does not have is left out: the Markdown
// blocks that ask are reported where they are rendered. With the plans'
// history (hist; nil: none) each target gets its original total and its
// revisions, and each month its original target, phased as the plan of
// record phased it (docs/plans-in-git.md).
func Run(cfg *config.Site, plans []*plan.Plan, data *sales.Data, asks *Asks, hist *history.History) (*Site, []*diag.Error, error) {
	a := newAnalyser(cfg, data)
	site := &Site{AsOf: a.asOf, Currency: cfg.Currency, RowsRead: data.RowsRead, Files: data.Files, Source: data.Received.Source,
		Dimensions: data.Dimensions}
	for _, d := range a.set.Defs {
		if d.Hidden {
			continue
		}
		site.Metrics = append(site.Metrics, metricOf(d))
	}
	var jobs []*job
	for _, p := range plans {
		for _, s := range p.Strategies {
			j := &job{p: p, s: s, h: hist.Strategy(s.ID)}
			j.f, j.ok = a.compile(s, &j.warns)
			if j.ok {
				for _, m := range asks.MetricsFor(s.ID) {
					if _, known := a.set.Lookup(m); known && m != s.Targets[0].Metric {
						j.more = append(j.more, m)
					}
				}
			}
			jobs = append(jobs, j)
		}
	}
	a.checkRanked(plans, asks)
	charts := a.chartAsks(asks)
	a.ix = a.indexFor(jobs, charts)
	a.counts = map[string][]bool{}
	for _, d := range a.set.Defs {
		used := make([]bool, a.nb)
		a.set.Columns(d.Name, used)
		if count := make([]bool, len(a.ix.dcols)); slices.ContainsFunc(a.ix.dcols, func(c int) bool { return used[c] }) {
			for j, c := range a.ix.dcols {
				count[j] = used[c]
			}
			a.counts[d.Name] = count
		}
	}
	a.evaluate(jobs)
	site.Charts = a.charts(charts)
	// An as_of in the month of the last sale is usual (the month's end,
	// or a day without sales); a later month means data that is missing.
	if cfg.AsOfSet && data.Len() > 0 && cfg.AsOf > data.Last.MonthEnd() {
		a.warn(diag.Errorf(cfg.AsOfPos, "as_of %s is after the last date of the sales data, %s, so figures to date miss any sales since; leave as_of out to use %s, or add the newer data", cfg.AsOf, data.Last, data.Last))
	}
	k := 0
	for _, p := range plans {
		pr := &Plan{Plan: p}
		before := len(a.warnings)
		for range p.Strategies {
			j := jobs[k]
			k++
			if j.ok {
				j.warns = append(j.warns, a.sanity(j)...)
			}
			for _, w := range j.warns {
				a.warn(w)
			}
			if j.ok {
				j.r.Warnings = j.warns
				pr.Strategies = append(pr.Strategies, j.r)
				site.Strategies = append(site.Strategies, j.r)
			}
		}
		pr.Warnings = slices.Clip(a.warnings[before:])
		site.Plans = append(site.Plans, pr)
	}
	if err := a.errs.Err(); err != nil {
		return nil, a.warnings, err
	}
	return site, a.warnings, nil
}

// newAnalyser prepares the analysis of data: where each dimension's
// figures are, among the cells or in a Break, and the as-of date.
func newAnalyser(cfg *config.Site, data *sales.Data) *analyser {
	a := &analyser{cfg: cfg, data: data, set: data.Metrics, nd: len(data.Dimensions), nb: data.Metrics.Width()}
	a.grouped = make([]int, a.nd)
	a.brk = make([]*sales.Break, a.nd)
	a.cells = make([]int, a.nd)
	for j := range a.grouped {
		a.grouped[j] = slices.Index(data.Grouped, j)
		a.cells[j] = a.grouped[j]
		if data.Classed(j) {
			a.cells[j] = -1
		}
	}
	for i := range data.Breaks {
		a.brk[data.Breaks[i].Dim] = &data.Breaks[i]
	}
	a.ranked = make([]bool, a.nd)
	for _, r := range data.Rankings {
		a.ranked[slices.Index(data.Dimensions, r.Dim)] = true
	}
	a.asOf = data.Last
	if cfg.AsOfSet {
		a.asOf = cfg.AsOf
	}
	return a
}

// indexFor makes the index of the cells that the valid strategies of jobs
// and charts read: the days of their periods to date, baselines and
// charts' periods, and the columns of their metrics.
func (a *analyser) indexFor(jobs []*job, charts []ChartAsk) *index {
	span := civil.Range{Start: 1, End: 0}
	used := make([]bool, a.nb)
	cover := func(r civil.Range) {
		switch {
		case r.Empty():
		case span.Empty():
			span = r
		default:
			span = civil.Range{Start: min(span.Start, r.Start), End: max(span.End, r.End)}
		}
	}
	for _, j := range jobs {
		if !j.ok {
			continue
		}
		for _, t := range j.s.Targets {
			a.set.Columns(t.Metric, used)
		}
		for _, m := range j.more {
			a.set.Columns(m, used)
		}
		if c := a.set.Column(metric.Volume); c >= 0 && a.cfg.Analysis.Set() {
			used[c] = true
		}
		cover(a.toDate(j.s))
		cover(j.s.Baseline)
	}
	for _, q := range charts {
		a.set.Columns(q.Metric, used)
		cover(a.chartSpan(q))
	}
	return newIndex(a.data, span, columns(used))
}

// metricOf describes metric d for display.
func metricOf(d metric.Def) Metric {
	return Metric{Name: d.Name, Format: d.Format, Ratio: d.Kind == metric.Ratio, Distinct: d.Kind == metric.Distinct}
}

// job is one strategy: its filter, its warnings in the order the
// sequential evaluation would give them, and its result.
type job struct {
	p     *plan.Plan
	s     *plan.Strategy
	h     *history.Strategy // nil without history
	f     *filter
	ok    bool
	more  []string // the metrics, besides the first target's, its breakdowns are asked ranked by (Asks)
	warns []*diag.Error
	r     *Strategy
}

// evaluate computes the result of every job that compiled, on every core.
func (a *analyser) evaluate(jobs []*job) {
	next := make(chan *job)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(len(jobs), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sc := &scratch{}
			for _, n := range a.data.DistinctValues {
				sc.bits.size(n)
			}
			for j := range next {
				j.r = a.strategy(j, sc)
			}
		}()
	}
	for _, j := range jobs {
		if j.ok {
			next <- j
		}
	}
	close(next)
	wg.Wait()
}

type analyser struct {
	cfg     *config.Site
	data    *sales.Data
	ix      *index
	set     *metric.Set
	asOf    civil.Date
	nd, nb  int   // dimensions; columns of a metric vector (metric.Set.Width)
	grouped []int // per dimension, its position among the data's Grouped ones, or -1
	// cells is grouped, but -1 for a dimension the cells key by some of
	// its values only (sales.Data.Named): its figures per value come from
	// its Break.
	cells []int
	// counts are, per metric computed from count_distinct columns, those
	// of the index's dcols: the distinct counts its figures need.
	counts   map[string][]bool
	brk      []*sales.Break // per dimension, its groups when it is not grouped
	ranked   []bool         // per dimension, whether the source ranked its breakdowns
	errs     diag.List
	warnings []*diag.Error
}

// AddWarning appends w to ws unless an equal warning is there: a typo in
// a plan's scope is inherited by every strategy of the plan but is one
// mistake at one place.
func AddWarning(ws []*diag.Error, w *diag.Error) []*diag.Error {
	if slices.ContainsFunc(ws, func(o *diag.Error) bool { return *o == *w }) {
		return ws
	}
	return append(ws, w)
}

// warn records a warning once (see AddWarning).
func (a *analyser) warn(w *diag.Error) { a.warnings = AddWarning(a.warnings, w) }

func warnf(to *[]*diag.Error, pos diag.Pos, format string, args ...any) {
	*to = append(*to, diag.Errorf(pos, format, args...))
}

// filter is a strategy's scope and exclusions as lookup tables per
// grouped dimension (sales.Data.Grouped), indexed by value id; nil means
// "any value".
type filter struct {
	allow   [][]bool
	exclude [][]bool
	pinned  []bool // per dimension of the data: scope names exactly one value
	// missing is set when a scope value is found in no row, which is
	// warned of already.
	missing bool
}

func (f *filter) match(keys []uint32) bool {
	for j, k := range keys {
		if f.allow[j] != nil && !f.allow[j][k] {
			return false
		}
		if f.exclude[j] != nil && f.exclude[j][k] {
			return false
		}
	}
	return true
}

// compile checks a strategy against the data's dimensions and metrics and
// builds its filter.
func (a *analyser) compile(s *plan.Strategy, warns *[]*diag.Error) (*filter, bool) {
	before := a.errs.Len()
	ng := len(a.data.Grouped)
	f := &filter{allow: make([][]bool, ng), exclude: make([][]bool, ng), pinned: make([]bool, a.nd)}
	build := func(sc plan.Scope, what string, into [][]bool) {
		for _, e := range sc {
			j := slices.Index(a.data.Dimensions, e.Dimension)
			if j < 0 {
				a.errs.Add(e.Pos, "%s: unknown dimension %q%s", what, e.Dimension, diag.Suggest(e.Dimension, a.data.Dimensions))
				continue
			}
			vals := a.data.Values[j]
			set := make([]bool, len(vals))
			for i, v := range e.Values {
				k, ok := slices.BinarySearch(vals, v)
				if ok {
					set[k] = true
					continue
				}
				pos := e.Pos
				if i < len(e.ValuePos) {
					pos = e.ValuePos[i]
				}
				if near := sameSpelling(v, vals); near != "" && a.cfg.ScopeSpelling != "warning" {
					a.errs.Add(pos, "%s.%s: no row has %q, but the data has %q; values match exactly, case and spaces included: write %q, or set scope_spelling: warning in %s to let %q match no row", what, e.Dimension, v, near, near, a.cfg.Name(), v)
					continue
				}
				f.missing = f.missing || what == "scope"
				warnf(warns, pos, "%s.%s: no row has %q%s", what, e.Dimension, v, diag.Suggest(v, vals))
			}
			if a.grouped[j] < 0 {
				// Need puts every dimension a scope names among the
				// grouped ones; data loaded for other plans lacks it.
				a.errs.Add(e.Pos, "%s: the sales data was not grouped by %q; build again", what, e.Dimension)
				continue
			}
			for i, v := range e.Values {
				// A scope on a value the cells count with others needs
				// the data grouped for it.
				if _, found := slices.BinarySearch(a.data.Values[j], v); found && !a.data.TellsApart(j, v) {
					pos := e.Pos
					if i < len(e.ValuePos) {
						pos = e.ValuePos[i]
					}
					a.errs.Add(pos, "%s: the sales data was not grouped by %q's value %q; build again", what, e.Dimension, v)
				}
			}
			into[a.grouped[j]] = set
			if what == "scope" {
				f.pinned[j] = len(e.Values) == 1
			}
		}
	}
	build(s.Scope, "scope", f.allow)
	build(s.Exclude, "exclude", f.exclude)
	for _, t := range s.Targets {
		d, ok := a.set.Lookup(t.Metric)
		if !ok {
			if slices.Contains(a.data.Dimensions, t.Metric) {
				// Without sales.measures, a column with one cell that is not
				// a number is taken for text; the target is then the only
				// sign of it.
				a.errs.Add(t.Pos, "target: unknown metric %q: the column %q was read as text, not figures; list it under sales.measures in %s to have each cell that is not a number reported", t.Metric, t.Metric, a.cfg.Name())
				continue
			}
			a.errs.Add(t.Pos, "target: unknown metric %q%s; %s", t.Metric, diag.Suggest(t.Metric, a.set.Names()), MetricsDefined(a.cfg, a.set.Names()))
			continue
		}
		if d.Kind == metric.Ratio && t.PhasingSet && t.Phasing != plan.Linear {
			a.errs.Add(t.Pos, "target %s: %q is a ratio metric, compared as a whole; remove its phasing", t.Metric, t.Metric)
		}
		if t.Percent && d.Format != "percent" {
			a.errs.Add(t.PercentPos, "target %s: a percentage is a total only for a metric of format percent, and %q is formatted as %s; write the total as a plain number", t.Metric, t.Metric, d.Format)
		}
	}
	if len(s.Targets) == 0 {
		a.errs.Add(s.Pos, "strategy %q has no targets", s.ID)
	}
	if s.BridgeBy != "" {
		if !slices.Contains(a.data.Dimensions, s.BridgeBy) {
			a.errs.Add(s.BridgeByPos, "bridge_by: unknown dimension %q%s; dimensions: %s", s.BridgeBy, diag.Suggest(s.BridgeBy, a.data.Dimensions), strings.Join(a.data.Dimensions, ", "))
		} else if len(s.Targets) > 0 && a.set.IsRatio(s.Targets[0].Metric) {
			warnf(warns, s.BridgeByPos, "bridge_by: the first target, %s, is a ratio, whose parts do not add up: there is no bridge to split; put a sum or count target first, or remove bridge_by", s.Targets[0].Metric)
		}
	}
	return f, a.errs.Len() == before
}

// sameSpelling returns the value of vals that v differs from only in
// case or surrounding spaces, or "".
func sameSpelling(v string, vals []string) string {
	t := strings.TrimSpace(v)
	for _, x := range vals {
		if strings.EqualFold(t, strings.TrimSpace(x)) {
			return x
		}
	}
	return ""
}

// MetricsDefined says which metrics there are, for a message about one
// there is not: names, as site.yaml's metrics define them or, without
// them, one per numeric column.
func MetricsDefined(cfg *config.Site, names []string) string {
	if cfg.Metrics == nil {
		return fmt.Sprintf("%s defines no metrics, so there is one per numeric column and orders: %s; define others under metrics in %s", cfg.Name(), strings.Join(names, ", "), cfg.Name())
	}
	return fmt.Sprintf("the metrics %s defines are %s", cfg.Name(), strings.Join(names, ", "))
}

// sanity returns the warnings about a strategy whose figures are all
// likely wrong though nothing in it is invalid: a period that shares no
// day with its plan's (a wrong year, most often), or a scope that no row
// matches while the period has begun. A period that only starts before
// its plan or runs on past it is no warning: a strategy launched in one
// fiscal year and carried into the next is written so on purpose.
func (a *analyser) sanity(j *job) []*diag.Error {
	var out []*diag.Error
	s, p := j.s, j.p
	if s.PeriodPos.File != "" && !p.Period.Empty() && !s.Period.Empty() && (s.Period.End < p.Period.Start || s.Period.Start > p.Period.End) {
		out = append(out, diag.Errorf(s.PeriodPos, "strategy %q runs from %s to %s, outside its plan's period (%s to %s); check the dates", s.ID, s.Period.Start, s.Period.End, p.Period.Start, p.Period.End))
	}
	// No row in a period outside the plan's is that period's doing.
	if len(out) == 0 && j.r.DaysElapsed > 0 && j.r.RowsMatched == 0 && !j.f.missing {
		to := a.toDate(s)
		out = append(out, diag.Errorf(s.Pos, "strategy %q: no row of the sales data is in its scope from %s to %s, so its figures are 0; check its scope and period against the data (salesdeck inspect lists its values and dates)", s.ID, to.Start, to.End))
	}
	return out
}

// value computes metric name over s; sum and count metrics of no rows are
// 0, ratios of no rows undefined.
func (a *analyser) value(name string, s sums) Num {
	v, ok := a.set.Value(name, s.v)
	if !ok {
		return Num{}
	}
	return Some(v)
}

// countsOf are the distinct counts that the figures of targets need
// (see analyser.counts), nil when none.
func (a *analyser) countsOf(targets []plan.Target) []bool {
	names := make([]string, len(targets))
	for i, t := range targets {
		names[i] = t.Metric
	}
	return a.countsOfMetrics(names)
}

// countsOfMetrics are the distinct counts that the figures of metrics
// need, nil when none.
func (a *analyser) countsOfMetrics(metrics []string) []bool {
	var out []bool
	for _, m := range metrics {
		if c := a.counts[m]; c != nil {
			if out == nil {
				out = make([]bool, len(c))
			}
			for j, x := range c {
				out[j] = out[j] || x
			}
		}
	}
	return out
}

// toDate is the part of s's period up to as_of (docs/figures.md, Days and
// the period to date).
func (a *analyser) toDate(s *plan.Strategy) civil.Range {
	return civil.Range{Start: s.Period.Start, End: min(s.Period.End, a.asOf)}
}

func (a *analyser) strategy(j *job, sc *scratch) *Strategy {
	p, s, f := j.p, j.s, j.f
	r := &Strategy{Strategy: s, Plan: p, Period: s.Period, Baseline: s.Baseline}
	r.DaysTotal = s.Period.Days()
	toDate := a.toDate(s)
	r.DaysElapsed = toDate.Days()
	if r.DaysTotal > 0 {
		r.Elapsed = float64(r.DaysElapsed) / float64(r.DaysTotal)
	}
	r.DaysRemaining = r.DaysTotal - r.DaysElapsed

	tallies, byGroup := a.tallies(f, sc, append([]string{s.Targets[0].Metric}, j.more...))
	combos := a.ix.match(f, sc)
	period := a.ix.table(&sc.period, toDate, combos, byGroup, sc)
	if br := breakRange(a.cfg, s); len(a.data.Breaks) > 0 && !br.Empty() {
		a.breaks(br, combos, tallies)
	}
	base := a.ix.table(&sc.base, s.Baseline, combos, nil, sc)
	all := a.countsOf(s.Targets)
	actual := period.sum(toDate, all)
	r.RowsMatched = int(actual.rows)
	baseToDate := baselineWindow(s.Baseline, r.DaysElapsed)

	phasers := make([]func(from, to int) float64, len(s.Targets))
	originals := make([]*plan.Target, len(s.Targets))
	for i, t := range s.Targets {
		def, _ := a.set.Lookup(t.Metric)
		tr := Target{Metric: metricOf(def), Phasing: t.Phasing, Target: t.Total}
		if ht := j.h.Target(t.Metric); ht != nil {
			tr.Revisions = ht.Revisions()
			if o := ht.Original; o != nil {
				tr.Original = Some(o.Total)
				if o.Total != t.Total || o.Phasing != t.Phasing || !maps.Equal(o.Months, t.Months) {
					originals[i] = o
				}
			}
		}
		tr.Actual = a.value(t.Metric, actual)
		tr.Attainment = Div(tr.Actual, Some(t.Total))
		tr.BaselineToDate = a.value(t.Metric, base.sum(baseToDate, a.counts[t.Metric]))
		if tr.Metric.Ratio {
			tr.ExpectedToDate = Some(t.Total)
			tr.Pace = Div(tr.Actual, Some(t.Total))
			tr.Forecast = tr.Actual
		} else {
			phasers[i] = a.phaser(s, t, base, &j.warns)
			tr.ExpectedToDate = Some(phasers[i](0, r.DaysElapsed))
			tr.Pace = Div(tr.Actual, tr.ExpectedToDate)
			if tr.Pace.Valid {
				tr.Forecast = Some(tr.Pace.V * t.Total)
			}
		}
		tr.Lift = lift(tr)
		if !tr.Metric.Ratio {
			tr.RunRate, tr.RequiredRunRate = runRates(tr, r.DaysElapsed, r.DaysRemaining)
		}
		r.Targets = append(r.Targets, tr)
	}
	r.Status = a.status(r)
	orig := a.originals(s, originals, base)
	r.Monthly = a.monthly(r, period, base, phasers, orig)
	r.Quarterly = a.series(r, period, base, phasers, orig, GrainQuarter)
	r.Yearly = a.series(r, period, base, phasers, orig, GrainYear)
	for _, t := range tallies {
		if t != nil {
			t.finish()
		}
	}
	r.Breakdowns = a.breakdowns(j, tallies, s.Targets[0].Metric, &sc.bits, actual)
	for _, m := range j.more {
		r.Asked = append(r.Asked, a.breakdowns(j, tallies, m, &sc.bits, actual)...)
	}
	a.change(r, tallies, combos, baseToDate, toDate, sc)
	return r
}

// change computes r's bridge from last year and its targets'
// price-volume-mix, from its figures per value in the baseline window
// and to date.
func (a *analyser) change(r *Strategy, tallies []*tally, combos []int, base, toDate civil.Range, sc *scratch) {
	s := r.Strategy
	brk := breakRange(a.cfg, s)
	var w windows
	ok := false
	// No bridge of a ratio or a count_distinct: their parts do not add
	// up.
	if first := r.Targets[0]; !first.Metric.Ratio && !first.Metric.Distinct {
		j := slices.Index(a.data.Dimensions, s.BridgeBy)
		if s.BridgeBy == "" {
			j = slices.IndexFunc(tallies, func(t *tally) bool { return t != nil })
		}
		if j >= 0 {
			used := make([]bool, a.nb)
			a.set.Columns(first.Metric.Name, used)
			if w, ok = a.perValue(j, base, toDate, brk, combos, columns(used), sc); ok {
				r.Bridge = a.bridge(r, w)
			}
		}
	}
	an := a.cfg.Analysis
	vol := a.set.Column(metric.Volume)
	sum := slices.ContainsFunc(r.Targets, func(t Target) bool { return a.set.Kind(t.Metric.Name) == metric.Sum })
	if !an.Set() || vol < 0 || !sum {
		return
	}
	j := slices.Index(a.data.Dimensions, an.MixBy)
	if j < 0 {
		return
	}
	if !ok || w.dim != j {
		used := make([]bool, a.nb)
		used[vol] = true
		for _, t := range r.Targets {
			if !t.Metric.Ratio && !t.Metric.Distinct {
				a.set.Columns(t.Metric.Name, used)
			}
		}
		if w, ok = a.perValue(j, base, toDate, brk, combos, columns(used), sc); !ok {
			return
		}
	}
	a.priceVolumeMix(r, w, vol)
}

// columns lists the columns used marks.
func columns(used []bool) []int {
	var out []int
	for c, u := range used {
		if u {
			out = append(out, c)
		}
	}
	return out
}

// tallies returns a tally, from sc, per dimension a strategy with filter
// f breaks down by, nil for the others, and the same tallies by position
// among the grouped dimensions: each grouped one is tallied from the
// cells, each other from its Break. A dimension the strategy's scope pins
// to one value is not broken down. The tallies hold what the metrics
// ranking breakdowns need.
func (a *analyser) tallies(f *filter, sc *scratch, ranking []string) (tallies, byGroup []*tally) {
	// The cells' distinct counts that the ranking metrics need.
	var dcols []int
	var sets []*sales.IDSets
	count := a.countsOfMetrics(ranking)
	for j, c := range a.ix.dcols {
		if count != nil && count[j] {
			dcols, sets = append(dcols, c), append(sets, a.ix.sets[j])
		}
	}
	tallies = make([]*tally, a.nd)
	byGroup = make([]*tally, len(a.data.Grouped))
	if len(sc.tallies) != a.nd {
		sc.tallies = make([]tally, a.nd)
	}
	for j := range tallies {
		if f.pinned[j] {
			continue
		}
		tallies[j] = &sc.tallies[j]
		if p := a.cells[j]; p >= 0 {
			tallies[j].reset(len(a.data.Values[j]), a.ix.cols, dcols, sets)
			byGroup[p] = tallies[j]
		} else if b := a.brk[j]; b != nil {
			var dcols []int
			var sets []*sales.IDSets
			for k, c := range b.Dist {
				dcols = append(dcols, a.set.Base()+c)
				sets = append(sets, &b.Sets[k])
			}
			tallies[j].reset(len(a.data.Values[j]), b.Cols, dcols, sets)
		} else {
			tallies[j] = nil
		}
		if tallies[j] != nil {
			tallies[j].dec = a.data.Decimals
		}
	}
	return tallies, byGroup
}

// phaser returns how much of target t is planned for the days [from, to)
// of the period, counted from its start (docs/figures.md, Expected to
// date): the expected-to-date figure is phase(0, days elapsed), a month's
// phased target (docs/figures.md, Monthly series) is
// phase over the month's days. A month is phased directly rather than as a
// difference of two expected figures, whose rounding errors would not
// cancel out.
func (a *analyser) phaser(s *plan.Strategy, t plan.Target, base *dayTable, warns *[]*diag.Error) func(from, to int) float64 {
	total := float64(s.Period.Days())
	linear := func(from, to int) float64 {
		return t.Total * (float64(to-from) / total) // target × elapsed, as docs/figures.md writes it
	}
	switch t.Phasing {
	case plan.Baseline:
		bt := a.value(t.Metric, base.sum(s.Baseline, a.counts[t.Metric]))
		if !bt.Valid || bt.V == 0 {
			warnf(warns, t.Pos, "target %s: the baseline %s to %s has no %s, so the target is phased linearly; set a baseline with sales or phasing: linear", t.Metric, s.Baseline.Start, s.Baseline.End, t.Metric)
			return linear
		}
		if def, _ := a.set.Lookup(t.Metric); def.Kind == metric.Distinct {
			// What is expected grows with the values the baseline has
			// met by then: a value met again adds nothing.
			upTo := func(n int) float64 {
				if n == 0 {
					return 0
				}
				return a.value(t.Metric, base.sum(civil.Range{Start: s.Baseline.Start, End: s.Baseline.Start + civil.Date(n) - 1}, a.counts[t.Metric])).V
			}
			return func(from, to int) float64 {
				return t.Total * (upTo(to) - upTo(from)) / bt.V
			}
		}
		return func(from, to int) float64 {
			days := civil.Range{Start: s.Baseline.Start + civil.Date(from), End: s.Baseline.Start + civil.Date(to) - 1}
			return t.Total * a.value(t.Metric, base.sum(days, nil)).V / bt.V
		}
	case plan.Months:
		months := s.Period.Months()
		return func(from, to int) float64 {
			days := civil.Range{Start: s.Period.Start + civil.Date(from), End: s.Period.Start + civil.Date(to) - 1}
			var e float64
			for _, m := range months {
				in := m.Intersect(days).Days()
				switch {
				case in == m.Days():
					e += t.Months[m.Start.MonthKey()]
				case in > 0:
					e += t.Months[m.Start.MonthKey()] * float64(in) / float64(m.Days())
				}
			}
			return e
		}
	}
	return linear
}

func (a *analyser) status(r *Strategy) Status {
	first := r.Targets[0]
	switch {
	case a.asOf < r.Period.Start:
		return NotStarted
	case a.asOf >= r.Period.End:
		if first.Attainment.Valid && first.Attainment.V >= 1 {
			return Achieved
		}
		return Missed
	case !first.Pace.Valid:
		// Nothing was expected yet (an explicit phasing that starts later):
		// the strategy cannot be behind a target of zero.
		if first.ExpectedToDate.Valid && first.ExpectedToDate.V == 0 {
			return OnTrack
		}
		return Behind
	case first.Pace.V >= a.cfg.Status.OnTrack:
		return OnTrack
	case first.Pace.V >= a.cfg.Status.AtRisk:
		return AtRisk
	}
	return Behind
}

// originals returns, for each target of s that has an original other
// than itself (targets[i]), how its original target is phased over s's
// period; nil for the others. The original is phased over the period as
// it is now, and a phasing that fails warns about the current plan only.
func (a *analyser) originals(s *plan.Strategy, targets []*plan.Target, base *dayTable) []func(from, to int) float64 {
	out := make([]func(from, to int) float64, len(targets))
	for i, o := range targets {
		if o == nil {
			continue
		}
		if a.set.IsRatio(o.Metric) {
			total := o.Total
			out[i] = func(int, int) float64 { return total }
			continue
		}
		var ignored []*diag.Error
		out[i] = a.phaser(s, *o, base, &ignored)
	}
	return out
}

// monthly builds the series of docs/figures.md, Monthly series, and sets
// each sum or count target's best baseline month; phase holds each sum
// or count target's phaser (nil for ratios), orig each target's original
// (see originals).
func (a *analyser) monthly(r *Strategy, period, base *dayTable, phase, orig []func(from, to int) float64) []Month {
	return a.series(r, period, base, phase, orig, GrainMonth)
}

// series builds the series of r by the buckets of grain g: sums and
// counts added up over each bucket's days, ratios recomputed from them,
// never summed. Only the monthly series sets the best baseline month.
func (a *analyser) series(r *Strategy, period, base *dayTable, phase, orig []func(from, to int) float64, g string) []Month {
	s := r.Strategy
	names, spans := Buckets(s.Period, g, a.cfg.FiscalYearStart)
	var out []Month
	cumTarget := make([]float64, len(s.Targets))
	cumActual := make([]float64, len(s.Targets))
	cumBase := make([]float64, len(s.Targets))
	cumOrig := make([]float64, len(s.Targets))
	// Ratios are computed to each bucket's end, not added up from the
	// buckets; so are distinct counts, counted as they run on. A bucket's
	// own distinct count is counted over its days' groups (dayTable.sum),
	// never added up from its months.
	ratios := slices.ContainsFunc(r.Targets, func(t Target) bool { return t.Metric.Ratio })
	all := a.countsOf(s.Targets)
	ofRatios := a.countsOf(slices.DeleteFunc(slices.Clone(s.Targets), func(t plan.Target) bool { return !a.set.IsRatio(t.Metric) }))
	for k, m := range spans {
		mo := Month{Month: names[k]}
		started := m.Start <= a.asOf
		inToDate := civil.Range{Start: m.Start, End: min(m.End, a.asOf)}
		// Last year's days matching the month's, and for ratios all of
		// last year's to their end, summed once for every target.
		inBase := baselineDays(s.Period, s.Baseline, m)
		baseMonth, baseToMonth := base.sum(inBase, all), sums{}
		if ratios {
			baseToMonth = base.sum(civil.Range{Start: s.Baseline.Start, End: inBase.End}, ofRatios)
		}
		toMonth := civil.Range{Start: s.Period.Start, End: inToDate.End}
		for i, t := range r.Targets {
			fig := MonthFigure{Metric: t.Metric.Name}
			fig.Baseline = a.value(t.Metric.Name, baseMonth)
			if o := orig[i]; o != nil {
				from, to := int(m.Start-s.Period.Start), int(m.End-s.Period.Start)+1
				if t.Metric.Ratio {
					fig.CumulativeOriginal = Some(o(from, to))
				} else {
					cumOrig[i] += o(from, to)
					fig.CumulativeOriginal = Some(cumOrig[i])
				}
			}
			if t.Metric.Ratio {
				fig.Target, fig.CumulativeTarget = Some(t.Target), Some(t.Target)
				fig.CumulativeBaseline = a.value(t.Metric.Name, baseToMonth)
				if started {
					fig.Actual = a.value(t.Metric.Name, period.sum(inToDate, a.counts[t.Metric.Name]))
					fig.CumulativeActual = a.value(t.Metric.Name, period.sum(toMonth, a.counts[t.Metric.Name]))
				}
			} else {
				cumBase[i] += fig.Baseline.V
				fig.CumulativeBaseline = Some(cumBase[i])
				if t.Metric.Distinct {
					// Counted over its own rows: values met in
					// earlier buckets count once.
					fig.CumulativeBaseline = a.value(t.Metric.Name, base.running(inBase.End, a.counts[t.Metric.Name]))
				}
				if best := &r.Targets[i].BestBaselineMonth; g == GrainMonth && (!best.Valid || fig.Baseline.V > best.V) {
					*best = fig.Baseline
				}
				from, to := int(m.Start-s.Period.Start), int(m.End-s.Period.Start)+1
				mt := phase[i](from, to)
				cumTarget[i] += mt
				fig.Target, fig.CumulativeTarget = Some(mt), Some(cumTarget[i])
				if started {
					v := a.value(t.Metric.Name, period.sum(inToDate, a.counts[t.Metric.Name]))
					cumActual[i] += v.V
					fig.Actual, fig.CumulativeActual = v, Some(cumActual[i])
					if t.Metric.Distinct {
						fig.CumulativeActual = a.value(t.Metric.Name, period.running(toMonth.End, a.counts[t.Metric.Name]))
					}
				}
			}
			mo.Figures = append(mo.Figures, fig)
		}
		out = append(out, mo)
	}
	return out
}

// breakdowns ranks the values of each dimension of tallies (finished) by
// metric m (docs/figures.md, Breakdowns), and takes those the source
// ranked from its answers; actual are job j's figures to date.
func (a *analyser) breakdowns(jb *job, tallies []*tally, m string, bits *bitset, actual sums) []Breakdown {
	var out []Breakdown
	for j, t := range tallies {
		if t == nil {
			if a.ranked[j] && !jb.f.pinned[j] {
				out = append(out, a.rankedBreakdown(jb.s, j, m, actual))
			}
			continue
		}
		b := Breakdown{Dimension: a.data.Dimensions[j], Metric: m, Entries: []BreakdownEntry{}}
		top, rest := a.rank(t, j, m, bits)
		for _, e := range top {
			b.Entries = append(b.Entries, BreakdownEntry{Value: a.data.Values[j][e.id], Actual: e.v})
		}
		if len(rest) > 0 {
			// Other is computed over the rest's rows together: their
			// sums added up, their distinct values counted once.
			b.Entries = append(b.Entries, BreakdownEntry{Value: "Other", Actual: a.value(m, t.figures(rest, a.nb, bits)), Other: true})
		}
		out = append(out, b)
	}
	return out
}

// ranked is a value of a dimension and its figure.
type ranked struct {
	id uint32
	v  Num
}

// topN is how many values a breakdown lists before "Other".
const topN = 10

// rank ranks the values of dimension j that tally t (finished) has rows
// of by metric m: descending, undefined figures last, ties by value. It
// returns the first topN, in order, and the ids of the rest, which
// "Other" holds, in the order t met them. The first are picked as the
// values go by, not sorted out of all of them: a breakdown by customer
// ranks thousands of values a strategy to list ten.
func (a *analyser) rank(t *tally, j int, m string, bits *bitset) (top []ranked, rest []uint32) {
	names := a.data.Values[j]
	before := func(x, y ranked) int {
		if x.v.Valid != y.v.Valid {
			if x.v.Valid {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(y.v.V, x.v.V); c != 0 {
			return c
		}
		return cmp.Compare(names[x.id], names[y.id])
	}
	top = make([]ranked, 0, topN+1)
	v := make([]float64, a.nb)
	for k, id := range t.seen {
		e := ranked{id, a.value(m, t.figuresIn(v, t.seen[k:k+1], bits))}
		if len(top) == topN && before(e, top[topN-1]) >= 0 {
			continue
		}
		at, _ := slices.BinarySearchFunc(top, e, before)
		top = slices.Insert(top, at, e)
		top = top[:min(len(top), topN)]
	}
	if len(t.seen) <= topN {
		return top, nil
	}
	rest = make([]uint32, 0, len(t.seen)-topN)
	for _, id := range t.seen {
		if !slices.ContainsFunc(top, func(e ranked) bool { return e.id == id }) {
			rest = append(rest, id)
		}
	}
	return top, rest
}
