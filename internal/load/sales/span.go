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
// cells stay sorted by day and then by combo.
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
			at := len(sums)
			sums = append(sums, d.Sums[cells[0]*nb:(cells[0]+1)*nb]...)
			for _, k := range cells {
				r += d.Rows[k]
				if k == cells[0] {
					continue
				}
				for x, v := range d.Sums[k*nb : (k+1)*nb] {
					sums[at+x] += v
				}
			}
			rows = append(rows, r)
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

// mergeSegments merges the segments of d's breaks into the runs of them
// that cuts make, as a read that learns the last day of the data at its
// end must (Need.SegmentsFor): per new segment, combo and value, the
// groups of its old segments added up in segment order, their sets of
// distinct values put together. Old segments outside every new one are
// dropped: no figure counts their rows. cuts must be among the old
// segments' bounds.
func mergeSegments(d *Data, cuts []civil.Date) {
	_, ranges := newSegmenter(cuts)
	if slices.Equal(ranges, d.Segments) {
		return
	}
	for i := range d.Breaks {
		d.Breaks[i] = mergeBreak(&d.Breaks[i], d.Segments, ranges, len(d.Values[d.Breaks[i].Dim]))
	}
	d.Segments = ranges
}

// mergeBreak is b, whose segments are old, with the segments ranges;
// its dimension has nv values.
func mergeBreak(b *Break, old, ranges []civil.Range, nv int) Break {
	out := Break{Dim: b.Dim, Cols: b.Cols, Dist: b.Dist, Sets: make([]IDSets, len(b.Dist))}
	for j := range out.Sets {
		out.Sets[j].Start = []int{0}
	}
	w, nc := len(b.Cols), 0
	if len(b.Segs) > 0 {
		nc = len(b.Segs[0].Start) - 1
	}
	slot := make([]int32, nv) // per value, its group in the combo being merged, + 1
	var (
		from [][]int // per group of the combo, the old groups merged into it
		vals []uint32
	)
	groups := 0
	for _, r := range ranges {
		var run []*BreakSegment // the old segments inside r
		for k, o := range old {
			if o.Start >= r.Start && o.End <= r.End {
				run = append(run, &b.Segs[k])
			}
		}
		seg := BreakSegment{Start: make([]int, nc+1), First: groups}
		for c := range nc {
			from, vals = from[:0], vals[:0]
			for _, s := range run {
				for i := s.Start[c]; i < s.Start[c+1]; i++ {
					v := s.Value[i]
					if slot[v] == 0 {
						from, vals = append(from, nil), append(vals, v)
						slot[v] = int32(len(from))
					}
					g := slot[v] - 1
					from[g] = append(from[g], s.First+i)
					if len(from[g]) == 1 {
						seg.Rows, seg.Sums = append(seg.Rows, 0), append(seg.Sums, make([]float64, w)...)
					}
					at := len(seg.Value) + int(g)
					seg.Rows[at] += s.Rows[i]
					for x, v := range s.Sums[i*w : (i+1)*w] {
						seg.Sums[at*w+x] += v
					}
				}
			}
			for g, v := range vals {
				slot[v] = 0
				for j := range out.Sets {
					out.Sets[j] = unionOf(out.Sets[j], &b.Sets[j], from[g])
				}
			}
			seg.Value = append(seg.Value, vals...)
			seg.Start[c+1] = len(seg.Value)
		}
		groups += len(seg.Value)
		out.Segs = append(out.Segs, seg)
	}
	return out
}
