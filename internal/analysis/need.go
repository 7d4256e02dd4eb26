package analysis

import (
	"slices"

	"salesdeck/internal/load/config"
	"salesdeck/internal/load/plan"
	"salesdeck/internal/load/sales"
	"salesdeck/internal/support/civil"
)

// Need compiles the plans into the groups of sales data their figures are
// computed from (see sales.Need and docs/internals.md): the dimensions
// that scopes and excludes name, the segments that periods to date cut
// time into, and the metrics that breakdowns rank by. It reads nothing
// but plans and site.yaml, so it can be known before the data is read.
func Need(cfg *config.Site, plans []*plan.Plan) *sales.Need {
	n := &sales.Need{}
	for _, p := range plans {
		for _, s := range p.Strategies {
			for _, sc := range []plan.Scope{s.Scope, s.Exclude} {
				for _, e := range sc {
					n.Keys = append(n.Keys, e.Dimension)
				}
			}
			if len(s.Targets) > 0 {
				n.Columns = append(n.Columns, s.Targets[0].Metric)
			}
			if r := breakRange(cfg, s); !r.Empty() {
				n.Segments = append(n.Segments, r.Start, r.End+1)
			}
		}
	}
	for _, l := range []*[]string{&n.Keys, &n.Columns} {
		slices.Sort(*l)
		*l = slices.Compact(*l)
	}
	slices.Sort(n.Segments)
	n.Segments = slices.Compact(n.Segments)
	return n
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
	segs := a.data.Segments
	lo, _ := slices.BinarySearchFunc(segs, r.Start, func(s civil.Range, d civil.Date) int { return int(s.Start - d) })
	hi := lo
	for hi < len(segs) && segs[hi].End <= r.End {
		hi++
	}
	if lo == hi || segs[lo].Start != r.Start || segs[hi-1].End != r.End {
		panic("analysis: the data's segments do not cover a period to date; it was loaded for other plans")
	}
	for _, b := range a.data.Breaks {
		t := tallies[b.Dim]
		if t == nil {
			continue
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
}
