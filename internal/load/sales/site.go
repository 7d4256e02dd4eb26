package sales

import (
	"maps"
	"runtime"
	"slices"
	"sync"
)

// site is the table every chunk's table is added to, in chunk order. Its
// cells' row counts and sums lie in two plain arrays, in the order the
// cells were made, which are put in order where they lie (sort) and handed
// over as the data's Rows and Sums: the cells are in memory once rather
// than once in a table and again in the data (at 1M rows a table of 25 MB,
// a fifth of the load's page faults; at 10M rows 66 MB).
//
// Cells are found like a chunk table's: while the chunks' cells come in
// day order, a combo's cell on the current day is its latest; each day's
// cells then lie together, from the first cell of the day's span. At the
// first cell of an earlier day the site indexes every cell in one hash
// table per day, through which it finds cells from then on.
//
// Arrays grown by append would leave copies behind them; these are made
// for the cells the whole load will have, worked out from the rate at
// which chunks have made new cells so far (see grow), so that a sorted
// export makes them twice, the second time at their size.
type site struct {
	nb     int
	rows   []int64   // per cell, in the order cells were made
	sums   []float64 // nb per cell
	combos []uint32  // per cell, its combo
	abs    []float64 // per column, the tables' totals without signs (see maxTotal)

	// Per count_distinct column, cell << 32 | value id (see pairList);
	// where add puts a table's cells; and, once sort is done, where each
	// cell went.
	pairs []pairList
	at    []uint32
	final []uint32

	// In day order: the latest cell of each combo, and the days, each
	// with the first of its cells.
	latest latestCells
	spans  []span
	// Out of day order: the cells of each day.
	days map[int32]*dayCells

	quick bool  // collections are not forced (loader.quick)
	total int64 // bytes in every file, 0 when unknown
	read  int64 // bytes of the chunks added so far
	// After the first chunk: the cells and bytes so far. The first chunk
	// is left out of the rate, since it makes every cell of data that
	// repeats the same cells.
	firstCells int
	firstRead  int64
}

// span is a day of the site's cells while they come in day order: cells
// first up to the next span's first.
type span struct {
	day   int32
	first int
}

// spanEnd is where the cells of span k end: at the next span's first.
func (s *site) spanEnd(k int) int {
	if k+1 < len(s.spans) {
		return s.spans[k+1].first
	}
	return len(s.rows)
}

func newSite(nb, nd int, total int64) *site {
	return &site{nb: nb, total: total, abs: make([]float64, nb), pairs: make([]pairList, nd)}
}

func (s *site) len() int { return len(s.rows) }

// add adds the cells of a chunk's table, which held size bytes of the
// files, to the site's.
func (s *site) add(o *table, size int) {
	if need := len(s.rows) + o.n; need > cap(s.rows) {
		s.grow(need)
	}
	pairs := slices.ContainsFunc(o.pairs, func(p pairList) bool { return p.n > 0 })
	if pairs {
		s.at = s.at[:0]
	}
	for i := range o.n {
		k := o.key(i)
		day, combo := int32(k>>32), uint32(k)
		c, made := s.find(day, combo)
		if pairs {
			s.at = append(s.at, uint32(c))
		}
		from := o.sumsOf(i)
		if made {
			// A new cell is written, not added to, so its memory is
			// written first (see zeroed); 0 + v is what adding to an
			// empty cell gives, -0 included.
			s.rows = append(s.rows, *o.rowsOf(i))
			for _, v := range from {
				s.sums = append(s.sums, 0+v)
			}
			s.combos = append(s.combos, combo)
			continue
		}
		s.rows[c] += *o.rowsOf(i)
		dst := s.sums[c*s.nb : (c+1)*s.nb]
		for j, v := range from {
			dst[j] += v
		}
	}
	for j, v := range o.abs {
		s.abs[j] += v
	}
	if pairs {
		for k := range o.pairs {
			s.pairs[k].merge(&o.pairs[k], s.at)
		}
	}
	s.read += int64(size)
	if s.firstRead == 0 {
		s.firstCells, s.firstRead = len(s.rows), s.read
	}
}

// find returns the cell of day and combo, or says it is to be made as
// cell len(s.rows).
func (s *site) find(day int32, combo uint32) (cell int, made bool) {
	next := len(s.rows)
	if s.days == nil {
		if n := len(s.spans); n == 0 || s.spans[n-1].day < day {
			s.spans = append(s.spans, span{day, next})
		} else if s.spans[n-1].day > day {
			s.index()
			return s.dayTable(day).find(combo, next)
		}
		return s.latest.find(day, combo, next)
	}
	return s.dayTable(day).find(combo, next)
}

// index puts every cell so far in a hash table of its day: the cells stop
// coming in day order.
func (s *site) index() {
	s.days = make(map[int32]*dayCells, len(s.spans))
	for k, sp := range s.spans {
		end := s.spanEnd(k)
		dc := newDayCells(end - sp.first)
		for c := sp.first; c < end; c++ {
			dc.find(s.combos[c], c)
		}
		s.days[sp.day] = dc
	}
	s.spans, s.latest = nil, nil
}

// dayTable returns the table of day's cells, making it when there is none
// for a fourth more than the average day's cells so far: a table that
// grows leaves the smaller one behind.
func (s *site) dayTable(day int32) *dayCells {
	dc := s.days[day]
	if dc == nil {
		dc = newDayCells(len(s.rows) * 5 / 4 / max(len(s.days), 1))
		s.days[day] = dc
	}
	return dc
}

// sort puts the cells in order and returns their row counts and sums:
// by day, and within a day in the order that a function got from newPart
// gives the day's cells (as rank << 32 | cell, from dayCells slots: combo
// << 32 | cell + 1, or 0 for none). That function is also told where the
// day's cells start among the sorted ones. The days are shared out among
// parts goroutines, each with a function of its own: at the end of a
// load nothing else is left to run on the other cores.
//
// While the cells came in day order each day's lie together where the
// sorted day's will, and are sorted there through a buffer; otherwise the
// cells are moved where they belong once every day is done (permute).
func (s *site) sort(parts int, newPart func() func(day int32, cells *dayCells, at int) []uint64) (rows []int64, sums []float64) {
	days, pos := s.sortDays()
	if len(s.pairs) > 0 {
		s.final = make([]uint32, len(s.rows))
	}
	var wg sync.WaitGroup
	for p, start := 0, 0; p < parts; p++ {
		// Days up to about a part's share of the cells.
		end := start
		for end < len(days) && (p == parts-1 || days[end].first < (p+1)*len(s.rows)/parts) {
			end++
		}
		part, sorted := days[start:end], newPart()
		start = end
		wg.Go(func() { s.sortPart(part, sorted, pos) })
	}
	wg.Wait()
	if pos != nil {
		permute(s.rows, s.sums, s.nb, pos)
	}
	return s.done()
}

// sortDay is a day whose cells sort puts in order.
type sortDay struct {
	day      int32
	first, n int       // where its cells start in the sorted cells, and how many
	dc       *dayCells // its cells out of day order, else nil
}

// sortDays lists the days of the cells in order. When the cells came out
// of day order it also returns pos, to hold where each cell goes.
func (s *site) sortDays() (days []sortDay, pos []uint32) {
	if s.days == nil {
		for k, sp := range s.spans {
			days = append(days, sortDay{sp.day, sp.first, s.spanEnd(k) - sp.first, nil})
		}
		return days, nil
	}
	first := 0
	for _, d := range slices.Sorted(maps.Keys(s.days)) {
		dc := s.days[d]
		days = append(days, sortDay{d, first, dc.n, dc})
		first += dc.n
	}
	return days, make([]uint32, len(s.rows))
}

// sortPart puts the cells of days in the order sorted gives them: where
// each goes into pos when the cells are out of day order, else the cells
// themselves, each day's through a buffer.
func (s *site) sortPart(days []sortDay, sorted func(day int32, cells *dayCells, at int) []uint64, pos []uint32) {
	nb := s.nb
	var dc dayCells
	var bufRows []int64
	var bufSums []float64
	for _, d := range days {
		cells := d.dc
		if cells == nil {
			dc.slots, dc.n = dc.slots[:0], d.n
			for c := d.first; c < d.first+d.n; c++ {
				dc.slots = append(dc.slots, uint64(s.combos[c])<<32|uint64(c+1))
			}
			cells = &dc
		}
		order := sorted(d.day, cells, d.first)
		if s.final != nil {
			for j, rc := range order {
				s.final[uint32(rc)] = uint32(d.first + j)
			}
		}
		if pos != nil {
			for j, rc := range order {
				pos[uint32(rc)] = uint32(d.first + j)
			}
			continue
		}
		bufRows, bufSums = bufRows[:0], bufSums[:0]
		for _, rc := range order {
			c := int(uint32(rc))
			bufRows = append(bufRows, s.rows[c])
			bufSums = append(bufSums, s.sums[c*nb:(c+1)*nb]...)
		}
		copy(s.rows[d.first:], bufRows)
		copy(s.sums[d.first*nb:], bufSums)
	}
}

// grow makes room for need cells or more: for the cells so far, and as
// many more as the rest of the files will make at the rate the chunks
// after the first made them, plus a tenth; or, without a rate yet, for
// twice need.
func (s *site) grow(need int) {
	size := 2 * need
	if rest := s.total - s.read; s.read > s.firstRead && rest > 0 {
		rate := float64(len(s.rows)-s.firstCells) / float64(s.read-s.firstRead)
		size = need + int(1.1*rate*float64(rest))
	}
	size = max(size, need+need/4, 1024)
	s.rows = append(make([]int64, 0, size), s.rows...)
	s.sums = append(make([]float64, 0, size*s.nb), s.sums...)
	s.combos = append(make([]uint32, 0, size), s.combos...)
}

// done returns the row counts and sums and lets go of the rest. The
// arrays are given up to a fourth more room than the cells take; more than
// that (the rate overshoots when data breaks new ground early, unsorted
// data say) is cut off by a copy, which the garbage collector is then made
// to notice: its pace is set by the memory in use at its last cycle, and
// it would let the rest of a build grow as much again before the next.
func (s *site) done() (rows []int64, sums []float64) {
	rows, sums = s.rows, s.sums
	pairs, final, quick := s.pairs, s.final, s.quick
	*s = site{pairs: pairs, final: final} // for the count_distinct sets (see sets)
	if n := len(rows); cap(rows) > n+n/4+1024 {
		rows, sums = slices.Clip(slices.Clone(rows)), slices.Clip(slices.Clone(sums))
		if !quick {
			runtime.GC() // which also frees the old arrays for what build makes next
		}
	}
	return rows, sums
}

// permute moves the cells of rows and sums (nb sums a cell) so that cell
// i is at pos[i], in place: each swap puts one cell where it belongs. pos
// is used up.
func permute(rows []int64, sums []float64, nb int, pos []uint32) {
	for i := range pos {
		for p := int(pos[i]); p != i; p = int(pos[i]) {
			rows[i], rows[p] = rows[p], rows[i]
			a, b := sums[i*nb:(i+1)*nb], sums[p*nb:(p+1)*nb]
			for j := range a {
				a[j], b[j] = b[j], a[j]
			}
			pos[i], pos[p] = pos[p], uint32(p)
		}
	}
}

// sets sorts the count_distinct pairs into the sets of the cells, in the
// order sort put the cells in, and lets go of the pairs.
func (s *site) sets() []IDSets {
	out := make([]IDSets, len(s.pairs))
	for k := range s.pairs {
		appendSets(&out[k], &s.pairs[k], len(s.final), s.final)
		clipSets(&out[k])
		s.pairs[k] = pairList{}
	}
	s.final = nil
	return out
}
