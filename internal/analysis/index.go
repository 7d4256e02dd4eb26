package analysis

import (
	"slices"

	"salesdeck/internal/load/sales"
	"salesdeck/internal/support/civil"
)

// index groups the data's cells by combo (combination of dimension
// values, see sales.Data.Combos), each group in day order. A strategy's
// scope is then checked once per combo rather than once per cell, and of
// the combos in scope only the cells inside a period are visited, found
// by binary search: a strategy costs in proportion to the cells it
// counts, not to the data. The index is built once per Run and only read
// afterwards, by every strategy at once.
//
// It holds only what strategies read: the cells of span (from the
// earliest baseline or period start to the latest end) and, of their base
// metric sums, the columns cols that targets are computed from, copied in
// group order. A strategy reads each group's cells one after the other
// instead of gathering them from all over the data (two cache misses a
// cell). It takes 12 bytes a cell of the span and 8 more a column: 7 MB
// at 1M rows and 19 MB at 10M for the generated sites of the benchmarks,
// whose strategies read 15 of the data's 36 months and 2 of its 4 columns
// (an index of every cell's day and position took 5 and 13 MB).
type index struct {
	nd, nb int
	combos []uint32    // nd value ids per combo
	span   civil.Range // the days of the cells held
	cols   []int       // the base columns held, in order
	start  []int       // combo c's cells are at positions start[c]:start[c+1]
	day    []civil.Date
	sums   []float64 // len(cols) per position
	rows   []int64
}

func newIndex(d *sales.Data, span civil.Range, cols []int) *index {
	nd, nb, w := len(d.Grouped), d.Metrics.Base(), len(cols)
	combos, combo := d.Combos, d.Combo
	nc := 1
	if nd > 0 {
		nc = len(combos) / nd
	} else if len(d.Day) == 0 {
		nc = 0
	}
	ix := &index{nd: nd, nb: nb, combos: combos, span: span, cols: cols, start: make([]int, nc+1)}
	// Cells are sorted by day: those of span are lo:hi.
	lo, _ := slices.BinarySearch(d.Day, span.Start)
	hi, _ := slices.BinarySearch(d.Day, span.End+1)
	if span.Empty() {
		lo, hi = 0, 0
	}
	for _, c := range combo[lo:hi] {
		ix.start[c+1]++
	}
	for c := range nc {
		ix.start[c+1] += ix.start[c]
	}
	n := hi - lo
	ix.day = make([]civil.Date, n)
	ix.sums = make([]float64, n*w)
	ix.rows = make([]int64, n)
	next := slices.Clone(ix.start[:nc])
	// Each group is filled in day order.
	for i := lo; i < hi; i++ {
		c := combo[i]
		k := next[c]
		next[c]++
		ix.day[k] = d.Day[i]
		cell := d.Sums[i*nb : (i+1)*nb]
		for j, c := range cols {
			ix.sums[k*w+j] = cell[c]
		}
		ix.rows[k] = d.Rows[i]
	}
	return ix
}

// scratch is a worker's reusable memory: a strategy's tables are only
// needed while it is evaluated, and a thousand strategies would otherwise
// leave tens of megabytes of garbage behind.
type scratch struct {
	combos       []int
	period, base dayTable
	tallies      []tally  // per dimension
	win          [2]tally // per value of a bridge's or a mix's dimension
}

// match returns the combos that pass f.
func (ix *index) match(f *filter, sc *scratch) []int {
	out := sc.combos[:0]
	nd := ix.nd
	for c := range len(ix.start) - 1 {
		if f.match(ix.combos[c*nd : (c+1)*nd]) {
			out = append(out, c)
		}
	}
	sc.combos = out
	return out
}

// sums is a vector of base metric sums plus a row count.
type sums struct {
	v    []float64
	rows int64
}

// dayTable holds per-day sums over a range. A sub-range is summed day by
// day rather than as a difference of running totals: a month's figure must
// not inherit the rounding error of everything sold before it (a month of
// profit near zero after a year of sales would lose its digits). Each
// day's sum adds its cells in key order, as a scan of the data would, so
// two ranges holding the same figures sum to the same float64.
type dayTable struct {
	r    civil.Range
	nb   int
	cols []int     // the base columns summed (index.cols); the others stay 0
	days []float64 // days × len(cols)
	rows []int64   // days
}

func (t *dayTable) sum(r civil.Range) sums {
	r = r.Intersect(t.r)
	out := sums{v: make([]float64, t.nb)}
	w := len(t.cols)
	for k := int(r.Start - t.r.Start); k <= int(r.End-t.r.Start); k++ {
		for j, c := range t.cols {
			out.v[c] += t.days[k*w+j]
		}
		out.rows += t.rows[k]
	}
	return out
}

// table sums the cells of combos dated inside r into t, per day. When
// byDim is set, it also adds each combo's total to the tallies of the
// grouped dimensions (breakdowns), indexed like the combos' keys.
func (ix *index) table(t *dayTable, r civil.Range, combos []int, byDim []*tally) *dayTable {
	nb, w := ix.nb, len(ix.cols)
	days := max(r.Days(), 0)
	t.r, t.nb, t.cols = r, nb, ix.cols
	t.days = append(t.days[:0], make([]float64, days*w)...)
	t.rows = append(t.rows[:0], make([]int64, days)...)
	if days == 0 {
		return t
	}
	if r.Start < ix.span.Start || r.End > ix.span.End {
		panic("analysis: a table outside the index's span")
	}
	var tot sums
	if byDim != nil {
		tot.v = make([]float64, w)
	}
	for _, c := range combos {
		lo, hi := ix.start[c], ix.start[c+1]
		k, _ := slices.BinarySearch(ix.day[lo:hi], r.Start)
		k += lo
		if k == hi || ix.day[k] > r.End {
			continue
		}
		clear(tot.v)
		tot.rows = 0
		for ; k < hi && ix.day[k] <= r.End; k++ {
			d := int(ix.day[k] - r.Start)
			cell := ix.sums[k*w : (k+1)*w]
			row := t.days[d*w : (d+1)*w]
			for j, v := range cell {
				row[j] += v
			}
			t.rows[d] += ix.rows[k]
			if byDim != nil {
				for j, v := range cell {
					tot.v[j] += v
				}
				tot.rows += ix.rows[k]
			}
		}
		if byDim == nil {
			continue
		}
		keys := ix.combos[c*ix.nd : (c+1)*ix.nd]
		for j, t := range byDim {
			if t != nil {
				t.add(keys[j], tot.rows, tot.v)
			}
		}
	}
	return t
}

// tallyRange adds each combo of combos, summed over its cells dated
// inside r, to t at its value of the grouped dimension at position p;
// t's columns are ix.cols.
func (ix *index) tallyRange(t *tally, r civil.Range, combos []int, p int) {
	if r.Empty() {
		return
	}
	if r.Start < ix.span.Start || r.End > ix.span.End {
		panic("analysis: a window outside the index's span")
	}
	w := len(ix.cols)
	tot := make([]float64, w)
	for _, c := range combos {
		lo, hi := ix.start[c], ix.start[c+1]
		k, _ := slices.BinarySearch(ix.day[lo:hi], r.Start)
		clear(tot)
		var rows int64
		for k += lo; k < hi && ix.day[k] <= r.End; k++ {
			for j, v := range ix.sums[k*w : (k+1)*w] {
				tot[j] += v
			}
			rows += ix.rows[k]
		}
		t.add(ix.combos[c*ix.nd+p], rows, tot)
	}
}
