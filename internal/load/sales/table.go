package sales

// table aggregates the rows of a chunk into cells keyed by day and
// combination of dimension values (a combo id, see registry). Cells live
// in the order they were made in flat blocks of a fixed size, so a cell
// costs its key, its row count and its sums, nothing per cell is a pointer
// the garbage collector must scan, and a growing table never copies what
// it holds. Tables are reused from chunk to chunk (reset), so their memory
// is asked of the system once.
//
// Exports list sales by date. While a chunk's rows come in day order (no
// row's day before an earlier row's), all the rows of a day come together,
// so a combo's cell on the current day, if it has one, is the last cell
// made for the combo: latest finds it by the combo id alone, without a
// hash. At the first row of an earlier day, the table indexes its cells in
// one small hash table per day (open addressing on the combo id, linear
// probing), which stays in the processor's cache while the rows of the day
// are read, and finds every later cell of the chunk through them: rows in
// any order land in the right cell, only more slowly.
type table struct {
	nb int

	n    int        // cells
	keys [][]uint64 // blocks of blockSize cells: day << 32 | combo
	rows [][]int64
	sums [][]float64 // nb per cell

	// Per base metric column, the running total of the rows' figures
	// without their signs, which bounds every sum of them (see maxTotal).
	abs []float64

	// Per count_distinct column, cell << 32 | value id of the cells'
	// rows (see pairList).
	pairs []pairList

	// While rows come in day order: the latest cell of each combo, and
	// the day of the last row.
	latest  latestCells
	lastDay int32

	// Once a day came out of order (hashed): the cells of each day.
	hashed bool
	days   map[int32]*dayCells
	last   *dayCells   // the table of lastDay
	free   []*dayCells // tables of a reset, for reuse
}

const (
	// Blocks of 4,096 cells: a chunk of 1 MB has a few thousand.
	blockBits = 12
	blockSize = 1 << blockBits
	blockMask = blockSize - 1
)

// latestCells finds cells while they are made in day order, when a
// combo's cell on the current day, if it has one, is its latest: per
// combo id, day << 32 | (cell + 1) of its latest cell, 0 for none.
type latestCells []uint64

// find returns the cell of day and combo, or makes it cell next when there
// is none, which it says.
func (l *latestCells) find(day int32, combo uint32, next int) (cell int, made bool) {
	if int(combo) >= len(*l) {
		*l = append(*l, make([]uint64, int(combo)+1-len(*l))...)
	}
	e := &(*l)[combo]
	if *e>>32 == uint64(uint32(day)) && *e != 0 {
		return int(uint32(*e)) - 1, false
	}
	*e = uint64(uint32(day))<<32 | uint64(next+1)
	return next, true
}

// dayCells maps the combo ids of one day's cells to the cells. A slot
// holds combo << 32 | (cell + 1), so probing reads nothing else; 0 is
// an empty slot.
type dayCells struct {
	slots []uint64
	n     int
}

func newTable(nb, nd int) *table {
	return &table{nb: nb, days: map[int32]*dayCells{}, abs: make([]float64, nb), pairs: make([]pairList, nd)}
}

// Memory fresh from the system is not there until it is first touched:
// the first read of a page maps a shared page of zeros, and the first
// write then faults again to give the page a copy of its own, flushing
// the page from the TLB of every core the process runs on. Cells are added
// to (read, then written) and hash tables probed, so new blocks and
// per-day tables are cleared first: clearing writes, one page fault a page
// instead of two. At 1M rows that was a quarter of the load's page faults.

// zeroed returns a cleared slice of n elements, every page written.
func zeroed[T int64 | uint64 | float64](n int) []T {
	s := make([]T, n)
	clear(s)
	return s
}

func cellKey(day int32, combo uint32) uint64 { return uint64(uint32(day))<<32 | uint64(combo) }

// key, rows and sums return cell i's key, row count and sums.
func (t *table) key(i int) uint64    { return t.keys[i>>blockBits][i&blockMask] }
func (t *table) rowsOf(i int) *int64 { return &t.rows[i>>blockBits][i&blockMask] }
func (t *table) sumsOf(i int) []float64 {
	j := (i & blockMask) * t.nb
	return t.sums[i>>blockBits][j : j+t.nb]
}

// cell returns the index of the cell of day and combo, adding an empty
// one when there is none.
func (t *table) cell(day int32, combo uint32) int {
	if t.hashed || (day < t.lastDay && t.n > 0) {
		return t.cellHashed(day, combo)
	}
	t.lastDay = day
	i, made := t.latest.find(day, combo, t.n)
	if made {
		t.add(day, combo)
	}
	return i
}

// cellHashed is cell once the rows left day order.
func (t *table) cellHashed(day int32, combo uint32) int {
	if !t.hashed {
		// Index the cells so far: they were made in day order.
		t.hashed = true
		for i := range t.n {
			k := t.key(i)
			t.dayTable(int32(k>>32)).find(uint32(k), i)
		}
	}
	i, made := t.dayTable(day).find(combo, t.n)
	if made {
		t.add(day, combo)
	}
	return i
}

// dayTable returns the table of day's cells, making it when there is none.
func (t *table) dayTable(day int32) *dayCells {
	if t.last != nil && t.lastDay == day {
		return t.last
	}
	dc := t.days[day]
	if dc == nil {
		if n := len(t.free); n > 0 {
			dc, t.free = t.free[n-1], t.free[:n-1]
		} else {
			dc = newDayCells(0)
		}
		t.days[day] = dc
	}
	t.lastDay, t.last = day, dc
	return dc
}

// add makes cell t.n, of day and combo, and returns its index.
func (t *table) add(day int32, combo uint32) int {
	i := t.n
	b := i >> blockBits
	if b == len(t.keys) {
		t.keys = append(t.keys, zeroed[uint64](blockSize))
		t.rows = append(t.rows, zeroed[int64](blockSize))
		t.sums = append(t.sums, zeroed[float64](blockSize*t.nb))
	}
	t.keys[b][i&blockMask] = cellKey(day, combo)
	t.n++
	return i
}

// reset empties t for reuse, keeping its memory.
func (t *table) reset() {
	for b := range (t.n + blockMask) >> blockBits {
		used := min(t.n-b<<blockBits, blockSize)
		for _, k := range t.keys[b][:used] {
			if c := uint32(k); int(c) < len(t.latest) {
				t.latest[c] = 0
			}
		}
		clear(t.rows[b][:used])
		clear(t.sums[b][:used*t.nb])
	}
	for day, dc := range t.days {
		clear(dc.slots)
		dc.n = 0
		t.free = append(t.free, dc)
		delete(t.days, day)
	}
	clear(t.abs)
	for k := range t.pairs {
		t.pairs[k].reset()
	}
	t.n, t.hashed, t.last, t.lastDay = 0, false, nil, 0
}

// newDayCells returns a day's table for cells cells. Its size need not be
// a power of two (see home), so that it is no more than a third larger
// than the cells.
func newDayCells(cells int) *dayCells {
	return &dayCells{slots: zeroed[uint64](max(64, cells+cells/3+1))}
}

// home is the slot where combo's probe starts: combo ids are small and
// dense, so they are scattered by a multiplication, whose high bits then
// pick a slot among the table's however many (a multiply and shift
// rather than a division).
func (dc *dayCells) home(combo uint32) int {
	return int(uint64(combo*0x9e3779b1) * uint64(len(dc.slots)) >> 32)
}

// find returns the cell of combo, or makes it cell next when there is
// none, which it says.
func (dc *dayCells) find(combo uint32, next int) (cell int, made bool) {
	h := dc.home(combo)
	for {
		s := dc.slots[h]
		if s == 0 {
			break
		}
		if uint32(s>>32) == combo {
			return int(uint32(s)) - 1, false
		}
		if h++; h == len(dc.slots) {
			h = 0
		}
	}
	dc.slots[h] = uint64(combo)<<32 | uint64(next+1)
	if dc.n++; 4*dc.n > 3*len(dc.slots) {
		dc.grow()
	}
	return next, true
}

func (dc *dayCells) grow() {
	old := dc.slots
	dc.slots = zeroed[uint64](2 * len(old))
	for _, s := range old {
		if s == 0 {
			continue
		}
		h := dc.home(uint32(s >> 32))
		for dc.slots[h] != 0 {
			if h++; h == len(dc.slots) {
				h = 0
			}
		}
		dc.slots[h] = s
	}
}
