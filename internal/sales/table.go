package sales

// table aggregates rows into cells keyed by day and combination of
// dimension values (a combo id, see registry). Cells live in the order
// they were made in flat blocks of a fixed size, so a cell costs its key,
// its row count and its sums, nothing per cell is a pointer the garbage
// collector must scan, and a growing table never copies what it holds (a
// slice grown by append leaves its old array behind as garbage, and the
// garbage collector lets the heap grow to twice what is live before it
// collects).
//
// Cells are found through one small hash table per day (open addressing
// on the combo id, linear probing). Exports list sales by date, so the
// rows of one day come together and that day's table, a few kilobytes,
// stays in the processor's cache; a single table for every cell would
// cost a cache miss per row. Rows in any order still land in the right
// cell, only more slowly.
type table struct {
	nb   int
	days map[int32]*dayCells
	// last is the table of day lastDay, the one rows most likely go to.
	lastDay int32
	last    *dayCells
	free    []*dayCells // tables of a reset, for reuse

	n    int        // cells
	keys [][]uint64 // blocks of blockSize cells: day << 32 | combo
	rows [][]int64
	sums [][]float64 // nb per cell
}

const (
	blockBits = 14
	blockSize = 1 << blockBits
	blockMask = blockSize - 1
)

// dayCells maps the combo ids of one day's cells to the cells. A slot
// holds combo << 32 | (cell + 1), so probing reads nothing else; 0 is
// an empty slot.
type dayCells struct {
	slots []uint64
	n     int
}

func newTable(nb int) *table {
	return &table{nb: nb, days: map[int32]*dayCells{}}
}

func cellKey(day int32, combo uint32) uint64 { return uint64(uint32(day))<<32 | uint64(combo) }

func (t *table) len() int { return t.n }

// key, rows and sums return cell i's key, row count and sums.
func (t *table) key(i int) uint64    { return t.keys[i>>blockBits][i&blockMask] }
func (t *table) rowsOf(i int) *int64 { return &t.rows[i>>blockBits][i&blockMask] }
func (t *table) sumsOf(i int) []float64 {
	j := (i & blockMask) * t.nb
	return t.sums[i>>blockBits][j : j+t.nb]
}

// day returns the table of day, making it for about cells cells when
// there is none.
func (t *table) day(day int32, cells int) *dayCells {
	if t.last != nil && t.lastDay == day {
		return t.last
	}
	dc := t.days[day]
	if dc == nil {
		if n := len(t.free); n > 0 {
			dc, t.free = t.free[n-1], t.free[:n-1]
		} else {
			size := 64
			for 3*size < 4*cells {
				size *= 2
			}
			dc = &dayCells{slots: make([]uint64, size)}
		}
		t.days[day] = dc
	}
	t.lastDay, t.last = day, dc
	return dc
}

// cell returns the index of the cell of day and combo, adding an empty
// one when there is none.
func (t *table) cell(day int32, combo uint32) int { return t.cellIn(t.day(day, 0), day, combo) }

func (t *table) cellIn(dc *dayCells, day int32, combo uint32) int {
	mask := uint32(len(dc.slots) - 1)
	h := (combo * 0x9e3779b1) & mask // combo ids are small and dense: scatter them
	for {
		s := dc.slots[h]
		if s == 0 {
			break
		}
		if uint32(s>>32) == combo {
			return int(uint32(s)) - 1
		}
		h = (h + 1) & mask
	}
	i := t.n
	dc.slots[h] = uint64(combo)<<32 | uint64(i+1)
	if dc.n++; 4*dc.n > 3*len(dc.slots) {
		dc.grow()
	}
	b := i >> blockBits
	if b == len(t.keys) {
		t.keys = append(t.keys, make([]uint64, blockSize))
		t.rows = append(t.rows, make([]int64, blockSize))
		t.sums = append(t.sums, make([]float64, blockSize*t.nb))
	}
	t.keys[b][i&blockMask] = cellKey(day, combo)
	t.n++
	return i
}

func (dc *dayCells) grow() {
	old := dc.slots
	dc.slots = make([]uint64, 2*len(old))
	mask := uint32(len(dc.slots) - 1)
	for _, s := range old {
		if s == 0 {
			continue
		}
		h := (uint32(s>>32) * 0x9e3779b1) & mask
		for dc.slots[h] != 0 {
			h = (h + 1) & mask
		}
		dc.slots[h] = s
	}
}

// add merges every cell of o into t.
func (t *table) add(o *table) {
	var dc *dayCells
	for i := range o.n {
		k := o.key(i)
		day := int32(k >> 32)
		if dc == nil || day != t.lastDay {
			// Size a new day's table for the cells the chunk has of it:
			// most days come whole in one chunk.
			dc = t.day(day, o.days[day].n)
		}
		c := t.cellIn(dc, day, uint32(k))
		*t.rowsOf(c) += *o.rowsOf(i)
		dst := t.sumsOf(c)
		for j, v := range o.sumsOf(i) {
			dst[j] += v
		}
	}
}

// reset empties t for reuse, keeping its memory.
func (t *table) reset() {
	for day, dc := range t.days {
		clear(dc.slots)
		dc.n = 0
		t.free = append(t.free, dc)
		delete(t.days, day)
	}
	t.last = nil
	for b := range (t.n + blockMask) >> blockBits {
		used := min(t.n-b<<blockBits, blockSize)
		clear(t.rows[b][:used])
		clear(t.sums[b][:used*t.nb])
	}
	t.n = 0
}

// dropIndex frees the per-day tables once no cell will be added.
func (t *table) dropIndex() {
	t.days, t.last, t.free = nil, nil, nil
}
