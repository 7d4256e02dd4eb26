package sales

import (
	"slices"

	"salesdeck/internal/support/civil"
)

// spanStart is the day that keys the cells of day when time is cut at
// cuts (ascending): the last cut on or before it, or the eve of the first
// cut for days before it (see Data.Cuts).
func spanStart(cuts []civil.Date, day civil.Date) civil.Date {
	k, found := slices.BinarySearch(cuts, day)
	switch {
	case found:
		return day
	case k == 0:
		return cuts[0] - 1
	}
	return cuts[k-1]
}

// toSpans merges d's cells, which may hold single days, into the cells
// of the spans d.Cuts cut time into: per span, the cells of each combo
// added up in day order, their sets of distinct values put together. The
// cells stay sorted by day and then by combo. Cells that hold a span
// already (a database's answer) are kept as they are.
func toSpans(d *Data) {
	n, nb := len(d.Day), d.Metrics.Base()
	if len(d.Cuts) == 0 || n == 0 {
		return
	}
	nc := max(len(d.Combos)/max(len(d.Grouped), 1), 1)
	slot := make([]int32, nc) // per combo, its cell in the span being merged, + 1
	var (
		day   []civil.Date
		combo []uint32
		rows  []int64
		sums  []float64
		sets  = make([]IDSets, len(d.Sets))
		from  [][]int // per cell of the span, the cells merged into it
	)
	for k := range sets {
		sets[k].Start = []int{0}
	}
	for i := 0; i < n; {
		s := spanStart(d.Cuts, d.Day[i])
		j := i
		for j < n && spanStart(d.Cuts, d.Day[j]) == s {
			j++
		}
		// The span's cells: one per combo, in the order of the combos.
		from = from[:0]
		for k := i; k < j; k++ {
			c := d.Combo[k]
			if slot[c] == 0 {
				from = append(from, nil)
				slot[c] = int32(len(from))
			}
			from[slot[c]-1] = append(from[slot[c]-1], k)
		}
		slices.SortFunc(from, func(a, b []int) int { return int(d.Combo[a[0]]) - int(d.Combo[b[0]]) })
		for _, cells := range from {
			c := d.Combo[cells[0]]
			slot[c] = 0
			day, combo = append(day, s), append(combo, c)
			var r int64
			sum := make([]float64, nb)
			for _, k := range cells {
				r += d.Rows[k]
				for x, v := range d.Sums[k*nb : (k+1)*nb] {
					sum[x] += v
				}
			}
			rows, sums = append(rows, r), append(sums, sum...)
			for x := range sets {
				sets[x] = unionOf(sets[x], &d.Sets[x], cells)
			}
		}
		i = j
	}
	d.Day, d.Combo, d.Rows, d.Sums, d.Sets = day, combo, rows, sums, sets
}

// unionOf appends to to the set of the union of the sets of cells of
// from, each id once and in order.
func unionOf(to IDSets, from *IDSets, cells []int) IDSets {
	at := len(to.IDs)
	for _, k := range cells {
		to.IDs = append(to.IDs, from.Of(k)...)
	}
	if len(cells) > 1 {
		ids := to.IDs[at:]
		slices.Sort(ids)
		to.IDs = to.IDs[:at+len(slices.Compact(ids))]
	}
	to.Start = append(to.Start, len(to.IDs))
	return to
}
