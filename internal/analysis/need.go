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
// that scopes and excludes name, the segments that periods to date and
// baseline windows cut time into, and the metrics whose figures per value
// of a dimension breakdowns, bridges and price-volume-mix take. It reads
// nothing but plans and site.yaml, so it can be known before the data is
// read.
func Need(cfg *config.Site, plans []*plan.Plan) *sales.Need {
	n := &sales.Need{}
	for _, p := range plans {
		for _, s := range p.Strategies {
			for _, sc := range []plan.Scope{s.Scope, s.Exclude} {
				for _, e := range sc {
					n.Keys = append(n.Keys, e.Dimension)
				}
			}
		}
	}
	slices.Sort(n.Keys)
	n.Keys = slices.Compact(n.Keys)
	mix := cfg.Analysis.Set()
	for _, p := range plans {
		for _, s := range p.Strategies {
			if len(s.Targets) > 0 {
				n.Columns = append(n.Columns, s.Targets[0].Metric)
			}
			if r := breakRange(cfg, s); !r.Empty() {
				n.Segments = append(n.Segments, r.Start, r.End+1)
			}
			// A bridge or a mix by a dimension that is no key is taken
			// from the per-dimension groups of the baseline window too.
			bridge := len(s.Targets) > 0 && !isRatio(cfg, s.Targets[0].Metric) && !slices.Contains(n.Keys, s.BridgeBy)
			pvm := false
			if mix {
				for _, t := range s.Targets {
					if !isRatio(cfg, t.Metric) {
						n.Columns = append(n.Columns, t.Metric)
						pvm = true
					}
				}
			}
			if bridge || pvm && !slices.Contains(n.Keys, cfg.Analysis.MixBy) {
				n.Segments = append(n.Segments, baselineCuts(cfg, s)...)
			}
		}
	}
	if mix {
		n.Columns = append(n.Columns, metric.Volume)
	}
	slices.Sort(n.Columns)
	n.Columns = slices.Compact(n.Columns)
	slices.Sort(n.Segments)
	n.Segments = slices.Compact(n.Segments)
	return n
}

// isRatio reports whether site.yaml defines metric name as a ratio; the
// default metrics are sums and counts.
func isRatio(cfg *config.Site, name string) bool {
	for _, d := range cfg.Metrics {
		if d.Name == name {
			return d.Kind == metric.Ratio
		}
	}
	return false
}

// breakRange is the span whose rows s's breakdowns count: its period to
// date. Without as_of in site.yaml, as_of is the last day of the data,
// after which there are no rows, so the period's end serves, known before
// the data is read.
func breakRange(cfg *config.Site, s *plan.Strategy) civil.Range {
	r := s.Period
	if cfg.AsOfSet {
		r.End = min(r.End, cfg.AsOf)
	}
	return r
}

// baselineCuts are the days that cut the baseline window of s, its first
// days elapsed days (docs/figures.md, Baseline to date and lift), out of
// time: its first day and the day after its last. Without as_of in
// site.yaml the days elapsed depend on the data's last day, so every day
// on which the window may end is cut (docs/internals.md, The engine).
func baselineCuts(cfg *config.Site, s *plan.Strategy) []civil.Date {
	b := s.Baseline
	if cfg.AsOfSet {
		w := baselineWindow(b, civil.Range{Start: s.Period.Start, End: min(s.Period.End, cfg.AsOf)}.Days())
		if w.Empty() {
			return nil
		}
		return []civil.Date{w.Start, w.End + 1}
	}
	w := baselineWindow(b, s.Period.Days())
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
type tally struct {
	cols []int     // the base columns held
	sums []float64 // len(cols) per value
	rows []int64   // per value
	seen []uint32  // values with rows, as first seen
}

// reset readies t for a dimension of n values, holding columns cols.
func (t *tally) reset(n int, cols []int) {
	w := len(cols)
	for _, v := range t.seen {
		clear(t.sums[int(v)*len(t.cols) : int(v+1)*len(t.cols)])
		t.rows[v] = 0
	}
	t.seen = t.seen[:0]
	if len(t.rows) < n || len(t.cols) != w {
		t.sums = make([]float64, n*w)
		t.rows = make([]int64, n)
	}
	t.cols = cols
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

// value returns v's figures as a vector of every base column.
func (t *tally) value(v uint32, nb int) sums {
	out := sums{v: make([]float64, nb), rows: t.rows[v]}
	w := len(t.cols)
	for k, c := range t.cols {
		out.v[c] = t.sums[int(v)*w+k]
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
	for _, seg := range b.Segs[lo:hi] {
		for _, c := range combos {
			for i := seg.Start[c]; i < seg.Start[c+1]; i++ {
				t.add(seg.Value[i], seg.Rows[i], seg.Sums[i*w:(i+1)*w])
			}
		}
	}
}
