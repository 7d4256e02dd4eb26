package sales

import (
	"encoding/binary"
	"math"
	"runtime"
	"slices"
	"sync"

	"salesdeck/internal/support/civil"
)

// registry numbers, for every worker, the values of each dimension and the
// combinations of the key dimensions' values that rows have (combos), so
// that a cell's key is a day (a CSV read merges days into spans at its
// end) and one number, and a group of a Break a combo and a value id. Numbers are handed out in the order workers ask,
// so they differ from run to run; build renumbers them in sorted order.
type registry struct {
	mu     sync.Mutex
	ids    []map[string]uint32 // per dimension: value -> id
	values [][]string          // per dimension, by id
	combos map[string]uint32   // the key dimensions' values (see grouper.comboOf) -> combo
	keys   []uint32            // per combo, nk value ids
	// Per count_distinct column, value -> id. Only the number of values
	// is kept after the load: a figure counts them, it never names them.
	dist []map[string]uint32
}

func newRegistry(nd, ndist int) *registry {
	r := &registry{ids: make([]map[string]uint32, nd), values: make([][]string, nd), combos: map[string]uint32{},
		dist: make([]map[string]uint32, ndist)}
	for j := range r.ids {
		r.ids[j] = map[string]uint32{}
	}
	for k := range r.dist {
		r.dist[k] = map[string]uint32{}
	}
	return r
}

// distinct returns the id of value v of count_distinct column k.
func (r *registry) distinct(k int, v []byte) uint32 {
	r.mu.Lock()
	defer r.mu.Unlock()
	id, _, _ := intern(r.dist[k], v)
	return id
}

func (r *registry) value(dim int, v []byte) uint32 {
	r.mu.Lock()
	defer r.mu.Unlock()
	id, s, made := intern(r.ids[dim], v)
	if made {
		r.values[dim] = append(r.values[dim], s)
	}
	return id
}

// intern returns the id of v in m, the next one when m has none, which
// made says, with v as a string.
func intern(m map[string]uint32, v []byte) (id uint32, s string, made bool) {
	if id, ok := m[string(v)]; ok {
		return id, "", false
	}
	id, s = uint32(len(m)), string(v)
	m[s] = id
	return id, s, true
}

// combo returns the combo whose key dimensions have the values vals
// (indexed like the dimensions); key is their text (see grouper.comboOf).
func (r *registry) combo(key []byte, keys []int, vals [][]byte) uint32 {
	ids := make([]uint32, len(keys))
	for k, j := range keys {
		ids[k] = r.value(j, vals[j])
	}
	return r.addCombo(key, ids)
}

// addCombo returns the combo named key, whose key dimensions' value ids
// are ids, numbering it when it is new. A registry's combos are all
// named by their values' text, or all by their ids (comboOfIDs).
func (r *registry) addCombo(key []byte, ids []uint32) uint32 {
	r.mu.Lock()
	defer r.mu.Unlock()
	if id, ok := r.combos[string(key)]; ok {
		return id
	}
	r.keys = append(r.keys, ids...)
	id := uint32(len(r.combos))
	r.combos[string(key)] = id
	return id
}

// grouper turns rows into the keys of their groups: a worker's own
// caches in front of the registry, which they spare the lock and the
// string copies of values seen before.
type grouper struct {
	reg   *registry
	keys  []int // key dimensions, as indices into the dimensions
	brks  []int // the other dimensions
	local []map[string]uint32
	combo map[string]uint32
	key   []byte
	ids   []uint32 // comboOfIDs's scratch
	// Per count_distinct column, the last value asked for and its id:
	// an order's lines follow one another in exports, and a cache of
	// more values would cost a map's work for every new order.
	last   [][]byte
	lastID []uint32

	// Rows whose dimension cells are side by side repeat their text
	// when the data has few combinations: whole, it says which combo
	// and break values a row has, in one lookup. Wide data (customers,
	// SKUs) repeats almost nothing, so the cache is dropped once it
	// holds rawLimit rows of text.
	raw    map[string]int32 // -> offset into rawIDs
	rawIDs []uint32         // combo, then a value id per break dimension
}

// rawLimit bounds the raw cache; past it, lookups would mostly miss.
const rawLimit = 1 << 14

func newGrouper(reg *registry, nd int, keys, brks []int, rawCache bool) *grouper {
	g := &grouper{reg: reg, keys: keys, brks: brks, local: make([]map[string]uint32, nd), combo: map[string]uint32{},
		last: make([][]byte, len(reg.dist)), lastID: make([]uint32, len(reg.dist))}
	for j := range g.local {
		g.local[j] = map[string]uint32{}
	}
	if rawCache {
		g.raw = map[string]int32{}
	}
	return g
}

func (g *grouper) value(dim int, v []byte) uint32 {
	if id, ok := g.local[dim][string(v)]; ok {
		return id
	}
	id := g.reg.value(dim, v)
	g.local[dim][string(v)] = id
	return id
}

// distinct returns the id of value v of count_distinct column k.
func (g *grouper) distinct(k int, v []byte) uint32 {
	if g.last[k] != nil && string(g.last[k]) == string(v) {
		return g.lastID[k]
	}
	id := g.reg.distinct(k, v)
	g.last[k], g.lastID[k] = append(g.last[k][:0], v...), id
	return id
}

// comboOf returns the combo of the key dimensions' values among vals: their
// text, each after its length, names it in one lookup.
func (g *grouper) comboOf(vals [][]byte) uint32 {
	key := g.key[:0]
	for _, j := range g.keys {
		key = binary.AppendUvarint(key, uint64(len(vals[j])))
		key = append(key, vals[j]...)
	}
	g.key = key
	c, ok := g.combo[string(key)]
	if !ok {
		c = g.reg.combo(key, g.keys, vals)
		g.combo[string(key)] = c
	}
	return c
}

// comboOfIDs returns the combo of a kept row (rows.go) whose value ids
// of every dimension are all: the key dimensions' ids name it.
func (g *grouper) comboOfIDs(all []uint32) uint32 {
	key, ids := g.idKey(all)
	c, ok := g.combo[string(key)]
	if !ok {
		c = g.reg.addCombo(key, ids)
		g.combo[string(key)] = c
	}
	return c
}

// idKey returns the name of the combo of the key dimensions' ids among
// all (comboOfIDs), and those ids.
func (g *grouper) idKey(all []uint32) (key []byte, ids []uint32) {
	key, ids = g.key[:0], g.ids[:0]
	for _, j := range g.keys {
		key = binary.LittleEndian.AppendUint32(key, all[j])
		ids = append(ids, all[j])
	}
	g.key, g.ids = key, ids
	return key, ids
}

// group returns the combo of a row whose dimension cells are vals
// (trimmed), and writes the value ids of its break dimensions into brk.
// raw, when not nil, is the text of every dimension cell of the row, and
// at where the raw cache holds it (see sink.cached), or -1.
func (g *grouper) group(vals [][]byte, raw []byte, at int32, brk []uint32) uint32 {
	if at >= 0 {
		ids := g.rawIDs[at : int(at)+1+len(g.brks)]
		copy(brk, ids[1:])
		return ids[0]
	}
	c := g.comboOf(vals)
	for k, j := range g.brks {
		brk[k] = g.value(j, vals[j])
	}
	if raw != nil && g.raw != nil {
		if len(g.raw) >= rawLimit {
			g.raw, g.rawIDs = nil, nil
		} else {
			g.raw[string(raw)] = int32(len(g.rawIDs))
			g.rawIDs = append(append(g.rawIDs, c), brk...)
		}
	}
	return c
}

// groups sums rows by a key of 64 bits (combo << 32 | value id): an
// open-addressing hash table over flat arrays, so that a group costs its
// key, count and sums and the garbage collector has no pointer to follow.
// Groups stay in the order they were made, in blocks of blockSize (as a
// table's cells): a table of millions of groups (a customer column) grows
// without copying what it holds, which would leave four times its size
// behind as garbage.
type groups struct {
	w     int      // sums per group
	n     int      // groups
	slots []uint32 // group + 1; 0 is empty; a power of two long
	keys  [][]uint64
	rows  [][]int64
	sums  [][]float64 // w per group
	// Per count_distinct column held, group << 32 | value id of the
	// groups' rows (see pairList), and where merge puts another table's
	// groups.
	pairs []pairList
	at    []uint32
}

func newGroups(w, nd int) *groups {
	return &groups{w: w, slots: make([]uint32, 64), pairs: make([]pairList, nd)}
}

func (g *groups) len() int { return g.n }

func (g *groups) key(i int) uint64 { return g.keys[i>>blockBits][i&blockMask] }

func (g *groups) rowsOf(i int) *int64 { return &g.rows[i>>blockBits][i&blockMask] }

func (g *groups) sumsOf(i int) []float64 {
	j := (i & blockMask) * g.w
	return g.sums[i>>blockBits][j : j+g.w]
}

func hashKey(key uint64, mask uint64) uint64 { return (key * 0x9e3779b97f4a7c15) >> 32 & mask }

// find returns the group of key, making it when there is none.
func (g *groups) find(key uint64) int {
	mask := uint64(len(g.slots) - 1)
	h := hashKey(key, mask)
	for {
		s := g.slots[h]
		if s == 0 {
			break
		}
		if g.key(int(s-1)) == key {
			return int(s - 1)
		}
		h = (h + 1) & mask
	}
	i := g.n
	if b := i >> blockBits; b == len(g.keys) {
		g.keys = append(g.keys, zeroed[uint64](blockSize))
		g.rows = append(g.rows, zeroed[int64](blockSize))
		g.sums = append(g.sums, zeroed[float64](blockSize*g.w))
	}
	g.keys[i>>blockBits][i&blockMask] = key
	g.n++
	g.slots[h] = uint32(i + 1)
	if 4*g.n > 3*len(g.slots) {
		g.rehash(2 * len(g.slots))
	}
	return i
}

func (g *groups) rehash(n int) {
	g.slots = make([]uint32, n)
	mask := uint64(n - 1)
	for i := range g.n {
		h := hashKey(g.key(i), mask)
		for g.slots[h] != 0 {
			h = (h + 1) & mask
		}
		g.slots[h] = uint32(i + 1)
	}
}

// addRow adds a row whose base metric sums are sums to the group of key,
// summing the columns cols, and returns the group.
func (g *groups) addRow(key uint64, sums []float64, cols []int) int {
	i := g.find(key)
	*g.rowsOf(i)++
	to := g.sumsOf(i)
	for k, c := range cols {
		to[k] += sums[c]
	}
	return i
}

// merge adds o's groups to g's, in o's order.
func (g *groups) merge(o *groups) {
	if need := g.n + o.n; 4*need > 3*len(g.slots) {
		n := len(g.slots)
		for 4*need > 3*n {
			n *= 2
		}
		g.rehash(n)
	}
	pairs := slices.ContainsFunc(o.pairs, func(p pairList) bool { return p.n > 0 })
	if pairs {
		g.at = g.at[:0]
	}
	for i := range o.n {
		j := g.find(o.key(i))
		*g.rowsOf(j) += *o.rowsOf(i)
		to := g.sumsOf(j)
		for k, v := range o.sumsOf(i) {
			to[k] += v
		}
		if pairs {
			g.at = append(g.at, uint32(j))
		}
	}
	if pairs {
		for k := range o.pairs {
			g.pairs[k].merge(&o.pairs[k], g.at)
		}
	}
}

// reset empties g for reuse, keeping its memory.
func (g *groups) reset() {
	clear(g.slots)
	for b := range (g.n + blockMask) >> blockBits {
		clear(g.rows[b])
		clear(g.sums[b])
	}
	for k := range g.pairs {
		g.pairs[k].reset()
	}
	g.n = 0
}

// breaks are a chunk's or the whole load's groups of the break
// dimensions: per break dimension, per segment.
type breaks struct {
	w, nd int         // sums and count_distinct columns per group
	seg   [][]*groups // [break dimension][segment], made when first needed
	freed int         // groups build has let go of since it last collected them
	quick bool        // collections are not forced (loader.quick)
}

func newBreaks(nbrk, nseg, w, nd int) *breaks {
	b := &breaks{w: w, nd: nd, seg: make([][]*groups, nbrk)}
	for k := range b.seg {
		b.seg[k] = make([]*groups, nseg)
	}
	return b
}

func (b *breaks) table(k, s int) *groups {
	g := b.seg[k][s]
	if g == nil {
		g = newGroups(b.w, b.nd)
		b.seg[k][s] = g
	}
	return g
}

// merge adds o's groups into b's, each break dimension on a core of its
// own; the groups of one dimension are added in the same order whatever
// the number of cores, so every sum comes out the same to the last bit.
func (b *breaks) merge(o *breaks) {
	var wg sync.WaitGroup
	for k := range o.seg {
		wg.Go(func() {
			for s, g := range o.seg[k] {
				if g != nil && g.len() > 0 {
					b.table(k, s).merge(g)
				}
			}
		})
	}
	wg.Wait()
}

func (b *breaks) reset() {
	for _, segs := range b.seg {
		for _, g := range segs {
			if g != nil {
				g.reset()
			}
		}
	}
}

// build turns b's groups of break dimension k into a Break, with combos
// and values renumbered (rank, remap) and each segment's groups put in
// combo order. Within a combo, groups keep the order they were made in:
// each holds another value, so their order changes no sum. Each
// segment's table is let go once copied, so that the next segment's
// arrays can take its memory. dist are the count_distinct columns the
// groups hold values of.
func (b *breaks) build(k, dim int, cols, dist []int, nc int, rank, remap []uint32) Break {
	out := Break{Dim: dim, Cols: cols, Dist: dist, Segs: make([]BreakSegment, len(b.seg[k])), Sets: make([]IDSets, len(dist))}
	w := b.w
	if len(dist) > 0 {
		// Room for every segment's sets: no segment's copies them again.
		groups, pairs := 0, make([]int, len(dist))
		for _, g := range b.seg[k] {
			if g != nil {
				groups += g.n
				for j := range dist {
					pairs[j] += g.pairs[j].n
				}
			}
		}
		for j := range out.Sets {
			out.Sets[j] = IDSets{Start: make([]int, 1, groups+1), IDs: make([]uint32, 0, pairs[j])}
		}
	}
	var place []uint32
	first := 0
	for s, g := range b.seg[k] {
		seg := &out.Segs[s]
		seg.Start = make([]int, nc+1)
		seg.First = first
		if g == nil {
			continue
		}
		first += g.n
		// Count each combo's groups, then place them.
		for i := range g.n {
			seg.Start[rank[g.key(i)>>32]+1]++
		}
		for c := range nc {
			seg.Start[c+1] += seg.Start[c]
		}
		next := slices.Clone(seg.Start[:nc])
		seg.Value = make([]uint32, g.n)
		seg.Rows = make([]int64, g.n)
		seg.Sums = make([]float64, g.n*w)
		if len(dist) > 0 {
			place = slices.Grow(place[:0], g.n)[:g.n]
		}
		for i := range g.n {
			key := g.key(i)
			c := rank[key>>32]
			p := next[c]
			next[c]++
			seg.Value[p] = remap[uint32(key)]
			seg.Rows[p] = *g.rowsOf(i)
			copy(seg.Sums[p*w:(p+1)*w], g.sumsOf(i))
			if place != nil {
				place[i] = uint32(p)
			}
		}
		for j := range dist {
			appendSets(&out.Sets[j], &g.pairs[j], g.n, place)
		}
		b.seg[k][s] = nil
		// Tables let go of are collected every million groups or so,
		// so that the next segments' arrays take their memory rather
		// than more beside them: with a customer column the break
		// groups are most of the heap, and the collector, paced by the
		// heap before the copy, would let both be alive at once.
		if b.quick {
			continue // builds run at once; no collection is forced
		}
		if b.freed += g.n; b.freed >= 1<<20 {
			runtime.GC()
			b.freed = 0
		}
	}
	for j := range out.Sets {
		clipSets(&out.Sets[j])
	}
	return out
}

// sink adds rows to a daily table and to breaks: the one place where a
// row, parsed by either reader or kept from a read (rows.go), becomes
// groups.
type sink struct {
	g     *grouper
	seg   *segmenter
	exprs []func([]float64) (float64, bool)
	cols  []int     // the base columns breaks sum
	vals  [][]byte  // the row's dimension cells, trimmed, set by the reader
	ids   []uint32  // the row's values of the other dimensions than the keys (grouper.brks)
	sums  []float64 // the row's base metric values
	// The base columns that are no count, the values kept rows hold
	// (rows.go): a count's is 1.
	summed []int
	at     int32 // where the raw cache holds the row (cached), or -1
	// The row's cells of the count_distinct columns, trimmed, set by the
	// reader, and their ids (noValue for an empty cell); per such
	// column, its place among those breaks hold, or -1; and the row's
	// groups in the breaks.
	dvals [][]byte
	dids  []uint32
	held  []int
	brkAt []int
}

// noValue is the id of an empty count_distinct cell, which is no value.
const noValue = math.MaxUint32

func (l *loader) newSink(rawCache bool) *sink {
	s := &sink{g: newGrouper(l.reg, len(l.dimCols), l.keyDims, l.othDims, rawCache), seg: &l.seg, exprs: l.exprs, cols: l.brkCols,
		vals: make([][]byte, len(l.dimCols)), ids: make([]uint32, len(l.othDims)), sums: make([]float64, len(l.exprs)), at: -1,
		dvals: make([][]byte, len(l.distCols)), dids: make([]uint32, len(l.distCols)), held: make([]int, len(l.distCols)), brkAt: make([]int, len(l.othDims))}
	for k := range s.held {
		s.held[k] = slices.Index(l.brkDist, k)
	}
	for j, e := range l.exprs {
		if e != nil {
			s.summed = append(s.summed, j)
		} else {
			s.sums[j] = 1 // a count, which add and replay leave so
		}
	}
	return s
}

// cached reports whether raw, the text of a row's dimension cells, is
// known, so that the reader need not set vals, and remembers where for
// add, which then looks it up no more.
func (s *sink) cached(raw []byte) bool {
	s.at = -1
	if raw == nil || s.g.raw == nil {
		return false
	}
	at, ok := s.g.raw[string(raw)]
	if ok {
		s.at = at
	}
	return ok
}

// add adds a row of day with measures meas to t and b, and to keep
// unless it is nil; raw is as for grouper.group, and a reader that
// passes it asked cached first. It reports whether a metric expression
// divided by zero.
func (s *sink) add(t *table, b *breaks, day civil.Date, raw []byte, meas []float64, keep *rowBlock) (divZero bool) {
	combo := s.g.group(s.vals, raw, s.at, s.ids)
	s.at = -1
	for j, e := range s.exprs {
		if e == nil {
			s.sums[j] = 1 // a count
			continue
		}
		v, dz := e(meas)
		divZero = divZero || dz
		s.sums[j] = v
	}
	for k, v := range s.dvals {
		s.dids[k] = noValue
		if len(v) > 0 { // an empty cell is no value
			s.dids[k] = s.g.distinct(k, v)
		}
	}
	if keep != nil {
		keep.add(day, combo, s.ids, s.sums, s.summed, s.dids)
	}
	s.put(t, b, day, s.seg.of(day), combo)
	return divZero
}

// put adds a row of the key values' combo, whose other values are s.ids,
// base metric values s.sums and count_distinct values s.dids, to t's
// cell of day and to b's groups of segment seg (-1 for none).
func (s *sink) put(t *table, b *breaks, day civil.Date, seg int, combo uint32) {
	ci := t.cell(int32(day), combo)
	*t.rowsOf(ci)++
	cell := t.sumsOf(ci)
	for j, v := range s.sums {
		cell[j] += v
		t.abs[j] += math.Abs(v)
	}
	// Without segments there is no break (loader.group), and seg is -1.
	if seg >= 0 {
		for k, id := range s.ids {
			s.brkAt[k] = b.table(k, seg).addRow(uint64(combo)<<32|uint64(id), s.sums, s.cols)
		}
	}
	for k, id := range s.dids {
		if id == noValue {
			continue
		}
		t.pairs[k].add(uint64(ci)<<32 | uint64(id))
		if j := s.held[k]; j >= 0 && seg >= 0 {
			for kb, gi := range s.brkAt {
				b.table(kb, seg).pairs[j].add(uint64(gi)<<32 | uint64(id))
			}
		}
	}
}

// chunkTables are the tables a worker fills from one chunk.
type chunkTables struct {
	t   *table
	brk *breaks
}

func (l *loader) newChunkTables() *chunkTables {
	return &chunkTables{newTable(len(l.exprs), len(l.distCols)), l.newBreaks()}
}

func (l *loader) newBreaks() *breaks {
	return newBreaks(len(l.brkDims), len(l.data.Segments), len(l.brkCols), len(l.brkDist))
}

// cutAt cuts time into the spans and segments of data whose last day is
// last, for groups added after it knows that day (an Assembler's, a
// regroup's) rather than merged into them at the end of a read.
func (l *loader) cutAt(last civil.Date) {
	n := l.opt.Need
	l.dated = true
	l.data.Cuts = n.cutsFor(last)
	l.seg, l.data.Segments = newSegmenter(n.segmentsFor(last))
	if len(l.data.Segments) == 0 {
		l.brkDims = nil
	}
	l.brk = l.newBreaks()
}

// group settles what is grouped, once the dimensions and metrics are
// known: the key dimensions in the data's order, every other dimension
// broken down, and the base columns of the metrics breakdowns rank by.
func (l *loader) group() {
	n := l.opt.Need
	l.keyDims, l.othDims, l.brkCols, l.brkDist = nil, nil, nil, nil
	for j, name := range l.data.Dimensions {
		if n == nil || slices.Contains(n.Keys, name) {
			l.keyDims = append(l.keyDims, j)
			if l.classed != nil && l.classed[j] != nil {
				l.othDims = append(l.othDims, j)
			}
		} else {
			l.othDims = append(l.othDims, j)
		}
	}
	l.brkDims = slices.Clone(l.othDims)
	l.data.Grouped = l.keyDims
	if n != nil {
		l.seg, l.data.Segments = newSegmenter(n.Segments)
		used := make([]bool, l.data.Metrics.Width())
		for _, m := range n.Columns {
			l.data.Metrics.Columns(m, used)
		}
		for c, u := range used {
			switch {
			case !u:
			case c < len(l.exprs):
				l.brkCols = append(l.brkCols, c)
			default:
				l.brkDist = append(l.brkDist, c-len(l.exprs))
			}
		}
	}
	if len(l.data.Segments) == 0 {
		l.brkDims = nil
		if !l.keeps() {
			// No row is added to a break, so none needs its values.
			l.othDims = nil
		}
	}
	l.reg = newRegistry(len(l.dimCols), len(l.distCols))
	l.sink = l.newSink(false)
	l.t = newTable(len(l.exprs), len(l.distCols))
	l.brk = l.newBreaks()
}
