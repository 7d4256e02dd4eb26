package analysis

import (
	"slices"

	"salesdeck/internal/load/config"
	"salesdeck/internal/load/plan"
	"salesdeck/internal/load/sales"
	"salesdeck/internal/support/civil"
	"salesdeck/internal/support/metric"
)

// Need compiles the plans into the groups of sales data their figures are
// computed from (see sales.Need and docs/internals.md): the dimensions
// that scopes and excludes name, the days that cut time into the spans
// the figures sum, the segments that periods to date and baseline windows
// cut time into for breakdowns, and the metrics whose figures per value
// of a dimension breakdowns, bridges and price-volume-mix take; and what
// the Markdown blocks of asks read (Asks): their charts' scopes name keys
// too, their buckets cut spans, and a chart by a dimension that is no key
// cuts segments at its buckets. It reads nothing but plans, blocks and
// site.yaml, so it can be known before the data is read; the spans depend
// on as_of, which may be the data's last day, and are a function of it.
func Need(cfg *config.Site, plans []*plan.Plan, asks *Asks) *sales.Need {
	var charts []ChartAsk
	if asks != nil {
		charts = asks.Charts
	}
	n := &sales.Need{Cuts: func(last civil.Date) []civil.Date {
		asOf := last
		if cfg.AsOfSet {
			asOf = cfg.AsOf
		}
		var cuts []civil.Date
		for _, p := range plans {
			for _, s := range p.Strategies {
				cuts = append(cuts, spanCuts(s, asOf)...)
			}
		}
		for _, q := range charts {
			cuts = append(cuts, chartCuts(cfg, q)...)
		}
		slices.Sort(cuts)
		return slices.Compact(cuts)
	}}
	for _, p := range plans {
		for _, s := range p.Strategies {
			for _, sc := range []plan.Scope{s.Scope, s.Exclude} {
				for _, e := range sc {
					n.Keys = append(n.Keys, e.Dimension)
				}
			}
		}
	}
	if asks != nil {
		for _, q := range asks.Charts {
			for _, e := range q.Scope {
				n.Keys = append(n.Keys, e.Dimension)
			}
		}
	}
	slices.Sort(n.Keys)
	n.Keys = slices.Compact(n.Keys)
	n.Named = named(cfg, plans, charts)
	mix := cfg.Analysis.Set()
	var all, windowed []*plan.Strategy // those whose baseline windows cut segments too
	for _, p := range plans {
		for _, s := range p.Strategies {
			all = append(all, s)
			if len(s.Targets) > 0 {
				n.Columns = append(n.Columns, s.Targets[0].Metric)
			}
			// A bridge or a mix by a dimension that is no key is taken
			// from the per-dimension groups of the baseline window too.
			// Neither is taken of a ratio or a count_distinct metric,
			// whose parts do not add up.
			bridge := len(s.Targets) > 0 && !notAdditive(cfg, s.Targets[0].Metric) && !slices.Contains(n.Keys, s.BridgeBy)
			pvm := false
			if mix {
				for _, t := range s.Targets {
					if !notAdditive(cfg, t.Metric) {
						n.Columns = append(n.Columns, t.Metric)
						pvm = true
					}
				}
			}
			if bridge || pvm && !slices.Contains(n.Keys, cfg.Analysis.MixBy) {
				windowed = append(windowed, s)
			}
		}
	}
	if mix {
		n.Columns = append(n.Columns, metric.Volume)
	}
	if asks != nil {
		for _, b := range asks.Breakdowns {
			n.Columns = append(n.Columns, b.Metric)
		}
	}
	var chartSegs []civil.Date // the buckets of charts by a dimension that is no key
	for _, q := range charts {
		if q.By == "" || slices.Contains(n.Keys, q.By) {
			continue // the cells, cut at its buckets too, hold it
		}
		n.Columns = append(n.Columns, q.Metric)
		chartSegs = append(chartSegs, chartCuts(cfg, q)...)
	}
	slices.Sort(n.Columns)
	n.Columns = slices.Compact(n.Columns)
	if len(cfg.Sales.RankInSource) > 0 {
		n.Rank = ranker(cfg, plans, asks)
	}
	if cfg.AsOfSet {
		n.Segments = segmentCuts(cfg, all, windowed, chartSegs, func(s *plan.Strategy) []civil.Date { return baselineCuts(s, cfg.AsOf) })
		return n
	}
	// Without as_of, the baseline windows end on a day that depends on
	// the data's last day: a read that does not know it cuts every day
	// on which one may end, and merges those segments once it knows.
	n.Segments = segmentCuts(cfg, all, windowed, chartSegs, everyWindowDay)
	n.SegmentsFor = func(last civil.Date) []civil.Date {
		return segmentCuts(cfg, all, windowed, chartSegs, func(s *plan.Strategy) []civil.Date { return baselineCuts(s, last) })
	}
	return n
}

// named are, per dimension that scopes, excludes and charts' scopes
// name, the values they name (sales.Need.Named), but for the dimensions
// whose figures per value may be taken from the cells: a bridge's, the
// price-volume-mix's and charts' by a dimension.
func named(cfg *config.Site, plans []*plan.Plan, charts []ChartAsk) map[string][]string {
	out := map[string][]string{}
	add := func(sc plan.Scope) {
		for _, e := range sc {
			out[e.Dimension] = append(out[e.Dimension], e.Values...)
		}
	}
	whole := []string{cfg.Analysis.MixBy}
	for _, p := range plans {
		for _, s := range p.Strategies {
			add(s.Scope)
			add(s.Exclude)
			whole = append(whole, s.BridgeBy)
		}
	}
	for _, q := range charts {
		add(q.Scope)
		whole = append(whole, q.By)
	}
	for _, d := range whole {
		delete(out, d)
	}
	for d, vs := range out {
		slices.Sort(vs)
		out[d] = slices.Compact(vs)
	}
	return out
}

// segmentCuts are the days that cut time into the segments of the break
// groups: the first day of the period to date of every strategy of all
// and the day after it, and the cuts of the baseline windows of those of
// windowed, which window gives, and the charts' bucket cuts.
func segmentCuts(cfg *config.Site, all, windowed []*plan.Strategy, charts []civil.Date, window func(*plan.Strategy) []civil.Date) []civil.Date {
	cuts := slices.Clone(charts)
	for _, s := range all {
		if r := breakRange(cfg, s); !r.Empty() {
			cuts = append(cuts, r.Start, r.End+1)
		}
	}
	for _, s := range windowed {
		cuts = append(cuts, window(s)...)
	}
	slices.Sort(cuts)
	return slices.Compact(cuts)
}

// spanCuts are the days on which the spans of time start that the
// figures of s sum, as_of being asOf (docs/figures.md): its period, to
// date and month by month (quarters and fiscal years are runs of months);
// its baseline, whole, to date, and month by month as the months of the
// period fall in it (a monthly baseline, a baseline phasing). Each figure
// sums the days from one of them up to the day before another.
func spanCuts(s *plan.Strategy, asOf civil.Date) []civil.Date {
	p, b := s.Period, s.Baseline
	// The day of the baseline matching day d of the period, the window
	// ending at the baseline's end.
	shift := func(d civil.Date) civil.Date { return min(b.Start+(d-p.Start), b.End+1) }
	cuts := []civil.Date{p.Start, p.End + 1, b.Start, b.End + 1}
	if end := min(p.End, asOf); end >= p.Start {
		cuts = append(cuts, end+1, shift(end+1))
	}
	for _, m := range p.Months() {
		cuts = append(cuts, m.Start, shift(m.Start), m.End+1, shift(m.End+1))
	}
	return cuts
}

// notAdditive reports whether site.yaml defines metric name as a ratio
// or a count_distinct, whose figures do not add up over a dimension's
// values; the default metrics are sums and counts.
func notAdditive(cfg *config.Site, name string) bool {
	for _, d := range cfg.Metrics {
		if d.Name == name {
			return d.Kind == metric.Ratio || d.Kind == metric.Distinct
		}
	}
	return false
}

// breakRange is the span whose rows s's breakdowns count: its period to
// date (knownToDate).
func breakRange(cfg *config.Site, s *plan.Strategy) civil.Range {
	return knownToDate(cfg, s.Period)
}

// knownToDate is period r up to as_of, as far as it is known before the
// data is read: without as_of in site.yaml, as_of is the last day of the
// data, after which there are no rows, so r's end serves.
func knownToDate(cfg *config.Site, r civil.Range) civil.Range {
	if cfg.AsOfSet {
		r.End = min(r.End, cfg.AsOf)
	}
	return r
}

// baselineCuts are the days that cut the baseline window of s, its first
// days elapsed days (docs/figures.md, Baseline to date and lift), out of
// time as of asOf: its first day and the day after its last.
func baselineCuts(s *plan.Strategy, asOf civil.Date) []civil.Date {
	w := baselineWindow(s.Baseline, civil.Range{Start: s.Period.Start, End: min(s.Period.End, asOf)}.Days())
	if w.Empty() {
		return nil
	}
	return []civil.Date{w.Start, w.End + 1}
}

// everyWindowDay are the days that may cut the baseline window of s
// whatever as_of: every day on which it may end (docs/internals.md, The
// engine).
func everyWindowDay(s *plan.Strategy) []civil.Date {
	w := baselineWindow(s.Baseline, s.Period.Days())
	var cuts []civil.Date
	for d := w.Start; d <= w.End+1; d++ {
		cuts = append(cuts, d)
	}
	return cuts
}

// baselineWindow is the span of baseline b that matches elapsed days of
// the period: [B, B + elapsed − 1], cut at b's end; empty when elapsed is
// 0.
func baselineWindow(b civil.Range, elapsed int) civil.Range {
	return civil.Range{Start: b.Start, End: min(b.Start+civil.Date(elapsed)-1, b.End)}
}

// tally adds up a strategy's figures per value of one dimension, for its
// breakdown: dense over the dimension's values, so adding is an index,
// and reset through the list of values seen, so a dimension of fifty
// thousand customers costs a strategy only the customers it sold to.
//
// A count_distinct column is not added up: the tally keeps the groups
// (cells or break groups) of each value, and figures counts the values of
// the groups of the values asked for together, so that "Other" is the
// number of distinct values of its rows, not a sum of its values' counts.
type tally struct {
	cols []int     // the base columns held
	dec  []int     // per base column, the decimals its sums are rounded to (sales.Data.Decimals)
	sums []float64 // len(cols) per value
	rows []int64   // per value
	seen []uint32  // values with rows, as first seen

	dcols  []int           // the count_distinct columns held
	sets   []*sales.IDSets // per column of dcols, the sets groups are numbers of
	added  []uint64        // value << 32 | group, as added
	groups []uint32        // after finish, the groups of each value together
	// Per value, its number of groups while they are added, then where
	// they end in groups, and where they start.
	span, first []uint32
}

// reset readies t for a dimension of n values, holding base columns cols
// and count_distinct columns dcols, whose groups' sets are sets.
func (t *tally) reset(n int, cols, dcols []int, sets []*sales.IDSets) {
	w := len(t.cols)
	for _, v := range t.seen {
		clear(t.sums[int(v)*w : int(v+1)*w])
		t.rows[v] = 0
	}
	for _, g := range t.added {
		t.span[g>>32] = 0
	}
	t.seen = t.seen[:0]
	if len(t.rows) < n || w != len(cols) {
		t.sums = make([]float64, n*len(cols))
		t.rows = make([]int64, n)
	}
	if len(dcols) > 0 && len(t.span) < n {
		t.span = make([]uint32, n)
	}
	t.cols, t.dcols, t.sets = cols, dcols, sets
	t.added = t.added[:0]
}

// add adds rows rows with sums (of t's columns) to value v.
func (t *tally) add(v uint32, rows int64, sums []float64) {
	if rows == 0 {
		return
	}
	if t.rows[v] == 0 {
		t.seen = append(t.seen, v)
	}
	t.rows[v] += rows
	w := len(t.cols)
	to := t.sums[int(v)*w : int(v+1)*w]
	for k, x := range sums {
		to[k] += x
	}
}

// addGroup adds group g's values of the count_distinct columns to value
// v, which has rows (add).
func (t *tally) addGroup(v uint32, g uint32) {
	if t.rows[v] == 0 {
		return // no row, no value listed
	}
	t.added = append(t.added, uint64(v)<<32|uint64(g))
	t.span[v]++
}

// finish puts the groups of each value together, once every group is
// added: counted per value, then placed in the order of seen.
func (t *tally) finish() {
	if len(t.dcols) == 0 {
		return
	}
	if len(t.first) < len(t.span) {
		t.first = make([]uint32, len(t.span))
	}
	off := uint32(0)
	for _, v := range t.seen {
		t.first[v] = off
		off += t.span[v]
		t.span[v] = t.first[v]
	}
	t.groups = slices.Grow(t.groups[:0], len(t.added))[:len(t.added)]
	for _, a := range t.added {
		v := a >> 32
		t.groups[t.span[v]] = uint32(a)
		t.span[v]++
	}
}

// groupsOf returns the groups of value v, after finish.
func (t *tally) groupsOf(v uint32) []uint32 { return t.groups[t.first[v]:t.span[v]] }

// value returns v's figures as a vector of nb columns: the base columns
// only, for a tally that holds no count_distinct column (a bridge's or a
// mix's window).
func (t *tally) value(v uint32, nb int) sums {
	out := sums{v: make([]float64, nb), rows: t.rows[v]}
	w := len(t.cols)
	for k, c := range t.cols {
		out.v[c] = t.sums[int(v)*w+k]
	}
	roundFigures(out.v, t.cols, t.dec)
	return out
}

// roundFigures rounds v's base columns cols, each a sum of many groups'
// exact sums, back to the exact sum (dec, sales.Data.Decimals): a figure
// is then the same however the rows were grouped, read from a file or
// summed by a database (docs/internals.md, "Exact sums").
func roundFigures(v []float64, cols, dec []int) {
	for _, c := range cols {
		if c < len(dec) {
			v[c] = sales.RoundTo(v[c], dec[c])
		}
	}
}

// figures returns the figures of the values vals taken together, as a
// vector of nb columns: the base columns added up, the count_distinct
// ones counted over all their groups at once (bits).
func (t *tally) figures(vals []uint32, nb int, bits *bitset) sums {
	return t.figuresIn(make([]float64, nb), vals, bits)
}

// figuresIn is figures in v, a vector of nb columns, which it clears:
// ranking a breakdown by customer asks for the figures of each of
// thousands of values, each used once.
func (t *tally) figuresIn(v []float64, vals []uint32, bits *bitset) sums {
	clear(v)
	out := sums{v: v}
	w := len(t.cols)
	for _, v := range vals {
		out.rows += t.rows[v]
		for k, c := range t.cols {
			out.v[c] += t.sums[int(v)*w+k]
		}
	}
	roundFigures(out.v, t.cols, t.dec)
	for j, c := range t.dcols {
		s, n := t.sets[j], 0
		for pass := range 2 {
			for _, v := range vals {
				for _, g := range t.groupsOf(v) {
					ids := s.Of(int(g))
					if pass == 0 {
						n += bits.add(ids)
					} else {
						bits.clear(ids)
					}
				}
			}
		}
		out.v[c] = float64(n)
	}
	return out
}

// breaks adds the groups of the strategy's combos in the segments of r to
// the tallies of the data's break dimensions.
func (a *analyser) breaks(r civil.Range, combos []int, tallies []*tally) {
	for i := range a.data.Breaks {
		b := &a.data.Breaks[i]
		if t := tallies[b.Dim]; t != nil {
			a.breakSums(b, r, combos, t)
		}
	}
}

// breakSums adds the groups of b of combos in the segments of r to t,
// whose columns are b's. r must be a run of whole segments, or empty.
func (a *analyser) breakSums(b *sales.Break, r civil.Range, combos []int, t *tally) {
	if r.Empty() {
		return
	}
	segs := a.data.Segments
	lo, _ := slices.BinarySearchFunc(segs, r.Start, func(s civil.Range, d civil.Date) int { return int(s.Start - d) })
	hi := lo
	for hi < len(segs) && segs[hi].End <= r.End {
		hi++
	}
	if lo == hi || segs[lo].Start != r.Start || segs[hi-1].End != r.End {
		panic("analysis: the data's segments do not cover a period to date or a baseline window; it was loaded for other plans")
	}
	w := len(b.Cols)
	// The groups' sets, for a tally that counts distinct values (a
	// breakdown's; a bridge's or a mix's windows hold sums only).
	distinct := len(b.Dist) > 0 && len(t.dcols) > 0
	for _, seg := range b.Segs[lo:hi] {
		for _, c := range combos {
			for i := seg.Start[c]; i < seg.Start[c+1]; i++ {
				t.add(seg.Value[i], seg.Rows[i], seg.Sums[i*w:(i+1)*w])
				if distinct {
					t.addGroup(seg.Value[i], uint32(seg.First+i))
				}
			}
		}
	}
}
