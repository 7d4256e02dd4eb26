package analysis

import (
	"slices"

	"salesdeck/internal/load/sales"
	"salesdeck/internal/support/civil"
	"salesdeck/internal/support/diag"
)

// Charts of a period (docs/figures.md, Charts of a period): a metric over
// every row, per bucket of time, one series per value of a dimension. They
// are computed from the same groups as a strategy's figures: the daily
// cells for one series or a key dimension, the per-dimension groups of
// the segments that Need cut at the buckets' starts for any other.

// chartAsks returns the charts of asks that the site can draw (of a
// metric it defines, by a dimension the data has, of a known grain), each
// once.
func (a *analyser) chartAsks(asks *Asks) []ChartAsk {
	if asks == nil {
		return nil
	}
	var out []ChartAsk
	for _, q := range asks.Charts {
		_, known := a.set.Lookup(q.Metric)
		j := slices.Index(a.data.Dimensions, q.By)
		if !known || q.By != "" && (j < 0 || a.grouped[j] < 0 && a.brk[j] == nil) || !slices.Contains(Grains, q.grain()) ||
			slices.ContainsFunc(out, q.Same) || a.chartFilter(q) == nil {
			continue
		}
		out = append(out, q)
	}
	return out
}

// chartFilter is the filter of chart q's scope over the grouped
// dimensions, or nil when the data has no grouped dimension of that name
// (the block that asks is reported where it is rendered).
func (a *analyser) chartFilter(q ChartAsk) *filter {
	ng := len(a.data.Grouped)
	f := &filter{allow: make([][]bool, ng), exclude: make([][]bool, ng)}
	for _, e := range q.Scope {
		j := slices.Index(a.data.Dimensions, e.Dimension)
		if j < 0 || a.grouped[j] < 0 {
			return nil
		}
		allow := make([]bool, len(a.data.Values[j]))
		for _, v := range e.Values {
			if k, ok := slices.BinarySearch(a.data.Values[j], v); ok {
				if !a.data.TellsApart(j, v) {
					return nil // the cells count v with other values
				}
				allow[k] = true
			}
		}
		f.allow[a.grouped[j]] = allow
	}
	return f
}

// chartSpan is the days whose rows chart q counts: its period up to as_of.
func (a *analyser) chartSpan(q ChartAsk) civil.Range {
	return civil.Range{Start: q.Period.Start, End: min(q.Period.End, a.asOf)}
}

// charts computes the charts qs, one after the other: a site has a few.
func (a *analyser) charts(qs []ChartAsk) []*Chart {
	sc := &scratch{}
	for _, n := range a.data.DistinctValues {
		sc.bits.size(n)
	}
	var out []*Chart
	for _, q := range qs {
		out = append(out, a.chart(q, sc))
	}
	return out
}

func (a *analyser) chart(q ChartAsk, sc *scratch) *Chart {
	def, _ := a.set.Lookup(q.Metric)
	c := &Chart{Ask: q, Metric: metricOf(def)}
	c.Buckets, c.Spans = Buckets(q.Period, q.grain(), a.cfg.FiscalYearStart)
	for _, e := range q.Scope {
		vals := a.data.Values[slices.Index(a.data.Dimensions, e.Dimension)]
		for _, v := range e.Values {
			if _, ok := slices.BinarySearch(vals, v); !ok {
				c.Missing = append(c.Missing, MissingValue{Dimension: e.Dimension, Value: v, Hint: diag.Suggest(v, vals)})
			}
		}
	}
	combos := slices.Clone(a.ix.match(a.chartFilter(q), sc))
	span, m, count := a.chartSpan(q), q.Metric, a.counts[q.Metric]
	// Buckets that start after as_of have no figures, as a strategy's
	// months after it.
	started := func(k int) bool { return c.Spans[k].Start <= a.asOf }
	if q.By == "" {
		t := a.ix.table(&sc.period, span, combos, nil, sc)
		s := ChartSeries{Total: a.value(m, t.sum(span, count)), Figures: make([]Num, len(c.Spans))}
		for k, b := range c.Spans {
			if started(k) {
				s.Figures[k] = a.value(m, t.sum(b.Intersect(span), count))
			}
		}
		c.Series = []ChartSeries{s}
		return c
	}
	j := slices.Index(a.data.Dimensions, q.By)
	// A dimension that is no key is read from the groups of the segments,
	// which end at the period's end when as_of is the data's last day.
	within := span
	if a.cells[j] < 0 {
		within = chartRange(a.cfg, q)
	}
	var whole, part tally
	a.chartTally(&whole, j, within, combos, count, sc)
	top, rest := a.rank(&whole, j, m, &sc.bits)
	for _, e := range top {
		c.Series = append(c.Series, ChartSeries{Value: a.data.Values[j][e.id], Total: e.v})
	}
	if len(rest) > 0 {
		c.Series = append(c.Series, ChartSeries{Value: "Other", Other: true, Total: a.value(m, whole.figures(rest, a.nb, &sc.bits))})
	}
	for i := range c.Series {
		c.Series[i].Figures = make([]Num, len(c.Spans))
	}
	for k, b := range c.Spans {
		if !started(k) {
			continue
		}
		a.chartTally(&part, j, b.Intersect(within), combos, count, sc)
		for i, e := range top {
			c.Series[i].Figures[k] = a.value(m, part.figures(present(&part, []uint32{e.id}), a.nb, &sc.bits))
		}
		if len(rest) > 0 {
			c.Series[len(top)].Figures[k] = a.value(m, part.figures(present(&part, rest), a.nb, &sc.bits))
		}
	}
	return c
}

// chartTally tallies the rows of combos dated in r into t, per value of
// dimension j, holding the count_distinct columns of count: from the
// daily cells for a key dimension, from its Break for another.
func (a *analyser) chartTally(t *tally, j int, r civil.Range, combos []int, count []bool, sc *scratch) {
	n := len(a.data.Values[j])
	if p := a.cells[j]; p >= 0 {
		var dcols []int
		var sets []*sales.IDSets
		for k, c := range a.ix.dcols {
			if count != nil && count[k] {
				dcols, sets = append(dcols, c), append(sets, a.ix.sets[k])
			}
		}
		t.reset(n, a.ix.cols, dcols, sets)
		byGroup := make([]*tally, len(a.data.Grouped))
		byGroup[p] = t
		if !r.Empty() {
			a.ix.table(&sc.base, r, combos, byGroup, sc)
		}
	} else {
		b := a.brk[j]
		var dcols []int
		var sets []*sales.IDSets
		for k, c := range b.Dist {
			dcols, sets = append(dcols, a.set.Base()+c), append(sets, &b.Sets[k])
		}
		t.reset(n, b.Cols, dcols, sets)
		a.breakSums(b, r, combos, t)
	}
	// Figures are the exact sums of their rows, however they are
	// grouped (docs/internals.md, "Exact sums").
	t.dec = a.data.Decimals
	t.finish()
}

// present keeps the values of ids that t has rows of: a value without
// rows has no groups to count.
func present(t *tally, ids []uint32) []uint32 {
	var out []uint32
	for _, v := range ids {
		if t.rows[v] > 0 {
			out = append(out, v)
		}
	}
	return out
}
