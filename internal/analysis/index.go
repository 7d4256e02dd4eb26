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
//
// The count_distinct columns held (dcols, as columns of the metrics'
// vectors) are not copied: each position keeps the number of its cell
// (cell), whose sets of values (sets, the data's) are counted where a
// figure needs them.
type index struct {
	nd, nb int         // grouped dimensions; columns of a metric vector (metric.Set.Width)
	combos []uint32    // nd value ids per combo
	span   civil.Range // the days of the cells held
	cols   []int       // the base columns held, in order
	start  []int       // combo c's cells are at positions start[c]:start[c+1]
	day    []civil.Date
	sums   []float64 // len(cols) per position
	rows   []int64
	dcols  []int           // the count_distinct columns held, in order
	sets   []*sales.IDSets // per column of dcols, the data's sets of the cells
	cell   []int32         // per position, its cell in the data, when dcols are held
	dec    []int           // per base column, the decimals its figures are rounded to (sales.Data.Decimals)
}

// newIndex makes the index of d's cells of span, holding the columns cols
// of the metric vectors: the base ones copied, the count_distinct ones
// by reference.
func newIndex(d *sales.Data, span civil.Range, used []int) *index {
	nd, nbase := len(d.Grouped), d.Metrics.Base()
	var cols, dcols []int
	for _, c := range used {
		if d.Metrics.Additive(c) {
			cols = append(cols, c)
		} else {
			dcols = append(dcols, c)
		}
	}
	w := len(cols)
	combos, combo := d.Combos, d.Combo
	nc := 1
	if nd > 0 {
		nc = len(combos) / nd
	} else if len(d.Day) == 0 {
		nc = 0
	}
	ix := &index{nd: nd, nb: d.Metrics.Width(), combos: combos, span: span, cols: cols, dcols: dcols, start: make([]int, nc+1), dec: d.Decimals}
	for _, c := range dcols {
		ix.sets = append(ix.sets, &d.Sets[c-nbase])
	}
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
	if len(dcols) > 0 {
		ix.cell = make([]int32, n)
	}
	next := slices.Clone(ix.start[:nc])
	// Each group is filled in day order.
	for i := lo; i < hi; i++ {
		c := combo[i]
		k := next[c]
		next[c]++
		ix.day[k] = d.Day[i]
		if ix.cell != nil {
			ix.cell[k] = int32(i)
		}
		cell := d.Sums[i*nbase : (i+1)*nbase]
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
	bits         bitset   // counts distinct values (see bitset)
	pend         []uint64
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

// sums is a vector of the metrics' columns over some rows, plus their
// count: the base columns' sums and the count_distinct columns' counts.
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
//
// A count_distinct column cannot be summed by day: its figure over a
// range is the number of distinct values among the range's cells, so the
// table keeps each day's cells (cells[at[d]:at[d+1]]) and counts their
// sets of values (bitset).
type dayTable struct {
	r    civil.Range
	nb   int
	cols []int     // the base columns summed (index.cols); the others stay 0
	dec  []int     // per base column, the decimals its figures are rounded to (index.dec)
	days []float64 // days × len(cols)
	rows []int64   // days

	dcols []int           // the count_distinct columns counted (index.dcols)
	sets  []*sales.IDSets // their sets, per column of dcols
	at    []int32         // per day, where its cells start in cells; one more at the end
	cells []int32
	bits  *bitset
	// The running counts of running: per column of dcols, the distinct
	// values of the first ran[j] days, in a bitset of its own, so that
	// counts to each month's end cost the days once, not once a month.
	ran     []int
	ranN    []int
	ranBits []bitset
}

// running returns the distinct counts (of the columns of count) of the
// days from the table's first to end, inclusive; the base columns stay 0.
// Calls with ends in order cost each day once.
func (t *dayTable) running(end civil.Date, count []bool) sums {
	out := sums{v: make([]float64, t.nb)}
	days := max(min(int(end-t.r.Start)+1, len(t.at)-1), 0)
	if len(t.ranBits) < len(t.dcols) {
		t.ranBits = make([]bitset, len(t.dcols))
		t.ranN, t.ran = make([]int, len(t.dcols)), make([]int, len(t.dcols))
	}
	for j, c := range t.dcols {
		if count == nil || !count[j] {
			continue
		}
		if days < t.ran[j] {
			t.stopRunning(j)
		}
		b := &t.ranBits[j]
		b.size(len(t.bits.w) * 64)
		for _, g := range t.cells[t.at[t.ran[j]]:t.at[max(days, t.ran[j])]] {
			t.ranN[j] += b.add(t.sets[j].Of(int(g)))
		}
		t.ran[j] = max(t.ran[j], days)
		out.v[c] = float64(t.ranN[j])
	}
	return out
}

// stopRunning clears column j's running count, through the sets it
// counted.
func (t *dayTable) stopRunning(j int) {
	for _, g := range t.cells[t.at[0]:t.at[t.ran[j]]] {
		t.ranBits[j].clear(t.sets[j].Of(int(g)))
	}
	t.ranN[j], t.ran[j] = 0, 0
}

// sum returns the figures of the days of r: every base column's sum, and
// the count of the count_distinct columns of count (indexed like dcols;
// nil counts none), since counting costs what summing a day does not.
func (t *dayTable) sum(r civil.Range, count []bool) sums {
	r = r.Intersect(t.r)
	out := sums{v: make([]float64, t.nb)}
	w := len(t.cols)
	for k := int(r.Start - t.r.Start); k <= int(r.End-t.r.Start); k++ {
		for j, c := range t.cols {
			out.v[c] += t.days[k*w+j]
		}
		out.rows += t.rows[k]
	}
	roundFigures(out.v, t.cols, t.dec)
	if len(t.dcols) > 0 && !r.Empty() {
		cells := t.cells[t.at[r.Start-t.r.Start]:t.at[r.End-t.r.Start+1]]
		for j, c := range t.dcols {
			if count != nil && count[j] {
				out.v[c] = float64(t.bits.count(t.sets[j], cells))
			}
		}
	}
	return out
}

// table sums the cells of combos dated inside r into t, per day. When
// byDim is set, it also adds each combo's total to the tallies of the
// grouped dimensions (breakdowns), indexed like the combos' keys, and for
// count_distinct columns the combo's cells.
func (ix *index) table(t *dayTable, r civil.Range, combos []int, byDim []*tally, sc *scratch) *dayTable {
	nb, w := ix.nb, len(ix.cols)
	days := max(r.Days(), 0)
	t.r, t.nb, t.cols, t.dec = r, nb, ix.cols, ix.dec
	t.days = append(t.days[:0], make([]float64, days*w)...)
	t.rows = append(t.rows[:0], make([]int64, days)...)
	for j := range t.ran {
		t.stopRunning(j) // with the cells it ran over
	}
	t.dcols, t.sets, t.bits = ix.dcols, ix.sets, &sc.bits
	distinct := len(ix.dcols) > 0
	if distinct {
		t.at = append(t.at[:0], make([]int32, days+1)...)
		t.cells = t.cells[:0]
		sc.pend = sc.pend[:0]
	}
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
		first := k
		for ; k < hi && ix.day[k] <= r.End; k++ {
			d := int(ix.day[k] - r.Start)
			cell := ix.sums[k*w : (k+1)*w]
			row := t.days[d*w : (d+1)*w]
			for j, v := range cell {
				row[j] += v
			}
			t.rows[d] += ix.rows[k]
			if distinct {
				t.at[d+1]++
				sc.pend = append(sc.pend, uint64(d)<<32|uint64(ix.cell[k]))
			}
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
				if len(t.dcols) > 0 {
					for _, cell := range ix.cell[first:k] {
						t.addGroup(keys[j], uint32(cell))
					}
				}
			}
		}
	}
	if distinct {
		// Each day's cells together, in the order of the combos.
		for d := range days {
			t.at[d+1] += t.at[d]
		}
		t.cells = append(t.cells, make([]int32, len(sc.pend))...)
		next := t.at[:days]
		for _, p := range sc.pend {
			d := p >> 32
			t.cells[next[d]] = int32(uint32(p))
			next[d]++
		}
		// next moved each day's start to the next day's: put them back.
		copy(t.at[1:], t.at[:days])
		t.at[0] = 0
	}
	return t
}

// bitset counts the distinct values of a set of groups: the size of the
// union of their sets of value ids. It is a bit per value of the column,
// set while counting and cleared after through the same sets, so a count
// costs the sizes of the groups' sets, never the column's number of
// values.
type bitset struct{ w []uint64 }

// size readies b for ids below n.
func (b *bitset) size(n int) {
	if words := (n + 63) / 64; len(b.w) < words {
		b.w = make([]uint64, words)
	}
}

// count returns the number of distinct ids in the sets of groups of s.
func (b *bitset) count(s *sales.IDSets, groups []int32) int {
	n := 0
	for _, g := range groups {
		n += b.add(s.Of(int(g)))
	}
	for _, g := range groups {
		b.clear(s.Of(int(g)))
	}
	return n
}

// add sets the bits of ids and returns how many were not set.
func (b *bitset) add(ids []uint32) int {
	n := 0
	for _, id := range ids {
		w, m := &b.w[id>>6], uint64(1)<<(id&63)
		if *w&m == 0 {
			*w |= m
			n++
		}
	}
	return n
}

// clear clears the bits of ids, and any other of their words.
func (b *bitset) clear(ids []uint32) {
	for _, id := range ids {
		b.w[id>>6] = 0
	}
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
