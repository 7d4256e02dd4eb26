package analysis

import (
	"slices"

	"salesdeck/internal/civil"
	"salesdeck/internal/sales"
)

// index groups the data's cells by combo (combination of dimension
// values, see sales.Data.Combos), each group in day order. A strategy's
// scope is then checked once per combo rather than once per cell, and of
// the combos in scope only the cells inside a period are visited, found
// by binary search: a strategy costs in proportion to the cells it
// counts, not to the data. The index is built once per Run and only read
// afterwards, by every strategy at once.
type index struct {
	nd, nb int
	combos []uint32 // nd value ids per combo
	start  []int    // combo c's cells are at positions start[c]:start[c+1]
	day    []civil.Date
	// cell is the data's cell at each position. Its figures stay in the
	// data (a copy in group order would be read faster, but at ten million
	// rows it would take 70 MB).
	cell []uint32
	rows []int64
	sums []float64
}

func newIndex(d *sales.Data) *index {
	nd, nb := len(d.Dimensions), d.Metrics.Base()
	combos, combo := d.Combos, d.Combo
	if combo == nil {
		combos, combo = sales.CombosOf(d)
	}
	nc := 1
	if nd > 0 {
		nc = len(combos) / nd
	} else if len(d.Day) == 0 {
		nc = 0
	}
	ix := &index{nd: nd, nb: nb, combos: combos, start: make([]int, nc+1)}
	for _, c := range combo {
		ix.start[c+1]++
	}
	for c := range nc {
		ix.start[c+1] += ix.start[c]
	}
	n := len(d.Day)
	ix.day = make([]civil.Date, n)
	ix.cell = make([]uint32, n)
	ix.rows, ix.sums = d.Rows, d.Sums
	next := slices.Clone(ix.start[:nc])
	// Cells come in day order, so each group is filled in day order.
	for i, c := range combo {
		k := next[c]
		next[c]++
		ix.day[k] = d.Day[i]
		ix.cell[k] = uint32(i)
	}
	return ix
}

// scratch is a worker's reusable memory: a strategy's tables are only
// needed while it is evaluated, and a thousand strategies would otherwise
// leave tens of megabytes of garbage behind.
type scratch struct {
	combos       []int
	period, base dayTable
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
	days []float64 // days × nb
	rows []int64   // days
}

func (t *dayTable) sum(r civil.Range) sums {
	r = r.Intersect(t.r)
	out := sums{v: make([]float64, t.nb)}
	for k := int(r.Start - t.r.Start); k <= int(r.End-t.r.Start); k++ {
		for j := range out.v {
			out.v[j] += t.days[k*t.nb+j]
		}
		out.rows += t.rows[k]
	}
	return out
}

// table sums the cells of combos dated inside r into t, per day. When
// byDim is set, it also adds each combo's total into per-dimension,
// per-value sums (breakdowns).
func (ix *index) table(t *dayTable, r civil.Range, combos []int, byDim [][]sums) *dayTable {
	nb := ix.nb
	days := max(r.Days(), 0)
	t.r, t.nb = r, nb
	t.days = append(t.days[:0], make([]float64, days*nb)...)
	t.rows = append(t.rows[:0], make([]int64, days)...)
	if days == 0 {
		return t
	}
	var tot sums
	if byDim != nil {
		tot.v = make([]float64, nb)
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
			i := int(ix.cell[k])
			cell := ix.sums[i*nb : (i+1)*nb]
			row := t.days[d*nb : (d+1)*nb]
			for j, v := range cell {
				row[j] += v
			}
			t.rows[d] += ix.rows[i]
			if byDim != nil {
				for j, v := range cell {
					tot.v[j] += v
				}
				tot.rows += ix.rows[i]
			}
		}
		if byDim == nil {
			continue
		}
		keys := ix.combos[c*ix.nd : (c+1)*ix.nd]
		for j, bd := range byDim {
			if bd == nil {
				continue
			}
			s := &bd[keys[j]]
			if s.v == nil {
				s.v = make([]float64, nb)
			}
			for m, v := range tot.v {
				s.v[m] += v
			}
			s.rows += tot.rows
		}
	}
	return t
}
