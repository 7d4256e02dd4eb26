package sales

import (
	"slices"
	"sync/atomic"

	"salesdeck/internal/support/civil"
	"salesdeck/internal/support/diag"
)

// Kept rows. A process that builds a site again after every edit
// (salesdeck serve) may ask a load to keep its rows (Options.Keep), so
// that plans needing other groups (a scope on a dimension no scope
// named) are served by grouping the rows again (Data.Regroup) instead of
// reading and parsing the files again. A row is kept as the reader left
// it once parsed: its day, its values as the load's numbers (its combo of
// key values, and each other dimension's value), its base metric values
// but counts (a count's is 1) and its count_distinct values' ids, about
// 4 bytes a dimension and 8 a summed metric. The rows go into the groups through the same sink as a read's
// (sink.put), block by block in the order they were read, and a regroup
// gives the very Data a fresh read of the files for the same plans
// gives: every sum added in the same order, or, for exact data
// (Data.Exact), added straight into the spans of the plans and rounded
// to the same exact sums.

// rowBlock holds rows of one chunk (one block for the row-by-row read).
type rowBlock struct {
	day  []civil.Date
	ids  []uint32  // per row, its combo and its value of each other dimension (loader.othDims)
	sums []float64 // per row, its base metric values but counts (sink.summed)
	dist []uint32  // per row, its count_distinct values' ids (noValue for none)
}

// add adds a row: its columns summed of sums (a count's value is 1,
// kept nowhere).
func (b *rowBlock) add(day civil.Date, combo uint32, ids []uint32, sums []float64, summed []int, dist []uint32) {
	b.day = append(b.day, day)
	b.ids = append(append(b.ids, combo), ids...)
	for _, j := range summed {
		b.sums = append(b.sums, sums[j])
	}
	b.dist = append(b.dist, dist...)
}

// clip returns b in slices of its length, since appends leave up to
// half their capacity unused.
func (b *rowBlock) clip() *rowBlock {
	return &rowBlock{day: clipped(b.day), ids: clipped(b.ids), sums: clipped(b.sums), dist: clipped(b.dist)}
}

func clipped[T any](s []T) []T { return append([]T(nil), s...) }

func (b *rowBlock) bytes() int64 {
	return int64(4*len(b.day) + 4*len(b.ids) + 8*len(b.sums) + 4*len(b.dist))
}

// keeps reports whether the load keeps its rows.
func (l *loader) keeps() bool { return l.opt.Keep > 0 }

// keptRows are a load's rows, and what else a regroup needs of the load.
type keptRows struct {
	blocks []*rowBlock // in the order they were read
	bytes  int64
	over   bool // the rows took more than Options.Keep, and none is kept

	// The load, without its groups: its settings and columns, which
	// dimensions were keys, and its registry's values, combos and their
	// keys' values, which the kept rows' numbers index.
	l *loader
	// What the load counted as it read, which no grouping changes.
	rows, empty, divZero int
	emptyAt              diag.Pos
	dec                  []int
	warnings             []*diag.Error
	distinct             []int // Data.DistinctValues
	first, last          civil.Date
	exact                bool // Data.Exact
	order                valueOrder
}

// keep adds a block read, in order, unless the rows are over the budget.
func (k *keptRows) keep(b *rowBlock, budget int64) {
	if b == nil || k.over {
		return
	}
	k.bytes += b.bytes()
	if k.bytes > budget {
		k.blocks, k.over = nil, true
		return
	}
	k.blocks = append(k.blocks, b)
}

// finish completes k once l has built d from m, and hands it to d.
func (k *keptRows) finish(l *loader, m *merged, d *Data) {
	if k.over || len(k.blocks) == 0 {
		return
	}
	base := *l
	base.t, base.brk, base.sink, base.kept, base.errs = nil, nil, nil, nil, nil
	base.data = Data{Dimensions: d.Dimensions, Measures: d.Measures, Metrics: d.Metrics, Files: d.Files}
	base.opt = Options{}
	// The registry's maps from text to numbers are not needed any more:
	// only its values (by number), its combos' key values and the number
	// of each count_distinct column's values are.
	base.reg = &registry{values: l.reg.values, keys: l.reg.keys}
	k.l = &base
	k.rows, k.empty, k.emptyAt, k.divZero, k.dec = m.rows, m.empty, m.emptyAt, m.divZero, m.dec
	k.warnings, k.distinct = d.Warnings, d.DistinctValues
	k.first, k.last, k.exact = d.First, d.Last, d.Exact
	k.order = valueOrder{sorted: make([][]string, len(l.dimCols)), remap: make([][]uint32, len(l.dimCols))}
	kept := *k // not the merged tables k lies in
	d.kept = &kept
}

// Regroup returns the Data a load of the same files for n would return,
// grouped from the rows d kept (Options.Keep) without reading the files
// again; ok is false when d kept no rows. The Data it returns keeps the
// same rows. Regroups of the rows of one load take turns (they share
// the values' order, valueOrder).
func (d *Data) Regroup(n *Need) (_ *Data, ok bool) {
	k := d.kept
	if k == nil {
		return nil, false
	}
	l := *k.l
	l.opt = Options{Need: n}
	l.errs = &diag.List{}
	l.quick = true
	l.order = &k.order
	// The site's table works out its size from how many cells the
	// chunks so far made (site.grow), by their bytes in a read and by
	// their rows here.
	l.total = int64(k.rows)
	l.data = Data{Dimensions: k.l.data.Dimensions, Measures: k.l.data.Measures, Metrics: k.l.data.Metrics, Files: k.l.data.Files}
	named := k.named(n)
	l.classed = k.classes(named)
	l.group()
	l.reg.values = k.l.reg.values
	if k.exact {
		// The last day is known, so rows go into the spans and segments
		// of n at once, as a database's groups do (Assembler.Dated),
		// rather than into days merged into spans at the end, which
		// costs as much again. The sums are added in another order than
		// a read adds them, which their rounding to the exact sums
		// leaves no trace of (Data.Exact).
		l.cutAt(k.last)
	}
	cal := l.calendar(k.first, k.last)

	var next atomic.Int64
	var failed atomic.Bool
	rc := newRecombo(k, l.keyDims, l.classed)
	m := l.fanIn(&failed, func(tables chan *chunkTables, results chan<- *result) {
		s := l.newSink(false)
		all := make([]uint32, len(l.dimCols))
		for {
			i := int(next.Add(1) - 1)
			if i >= len(k.blocks) {
				return
			}
			t := <-tables
			s.replay(k.blocks[i], k, cal, rc, t.t, t.brk, all)
			results <- &result{seq: i, ok: true, t: t.t, brk: t.brk, size: len(k.blocks[i].day)}
		}
	})
	m.rows, m.empty, m.emptyAt, m.divZero, m.dec = k.rows, k.empty, k.emptyAt, k.divZero, k.dec
	out := l.build(m)
	out.First, out.Last, out.Named = k.first, k.last, named
	out.Warnings, out.DistinctValues, out.kept = k.warnings, k.distinct, k
	return out, true
}

// calendar is, per day of the data, the day its cells are keyed by and
// its segment, so that a regroup finds them by an index per row.
type calendar struct {
	first civil.Date
	day   []civil.Date
	seg   []int32
}

func (l *loader) calendar(first, last civil.Date) calendar {
	c := calendar{first: first}
	for day := first; day <= last; day++ {
		key := day
		if l.dated && len(l.data.Cuts) > 0 {
			key = spanStart(l.data.Cuts, day)
		}
		c.day = append(c.day, key)
		c.seg = append(c.seg, int32(l.seg.of(day)))
	}
	return c
}

// recombo finds a kept row's combo among the combos of the keys now from
// its combo when it was read and its values of the dimensions that are
// keys now and were not then (added): in a table of them all, filled as
// rows meet them, when that table is small, else by the values' ids
// (grouper.comboOfIDs). The workers share it, so that each entry costs
// a lookup of the registry once.
type recombo struct {
	added  []int      // dimensions
	cls    [][]uint32 // loader.classed
	stride []int      // per added dimension, what a value adds to the index
	n      int        // entries per combo of the load
	table  []atomic.Uint32
}

// maxRecombo bounds a recombo's table: 8 MB.
const maxRecombo = 1 << 21

func newRecombo(k *keptRows, keys []int, cls [][]uint32) *recombo {
	rc := &recombo{n: 1, cls: cls}
	for _, j := range keys {
		if !slices.Contains(k.l.keyDims, j) {
			rc.added = append(rc.added, j)
			rc.stride = append(rc.stride, rc.n)
			rc.n *= max(len(k.l.reg.values[j]), 1)
			if rc.n > maxRecombo {
				return rc
			}
		}
	}
	combos := 1
	if nk := len(k.l.keyDims); nk > 0 {
		combos = len(k.l.reg.keys) / nk
	}
	if combos*rc.n <= maxRecombo {
		rc.table = make([]atomic.Uint32, combos*rc.n)
	}
	return rc
}

// find returns the combo of a row of the load's combo whose values are
// all, as g numbers combos. The values of classed keys in all become
// their classes'.
func (rc *recombo) find(g *grouper, combo int, all []uint32) uint32 {
	if rc.cls != nil {
		for _, j := range rc.added {
			if c := rc.cls[j]; c != nil {
				all[j] = c[all[j]]
			}
		}
	}
	if rc.table == nil {
		return g.comboOfIDs(all)
	}
	at := combo * rc.n
	for x, j := range rc.added {
		at += int(all[j]) * rc.stride[x]
	}
	if c := rc.table[at].Load(); c != 0 {
		return c - 1
	}
	// Two workers may meet a new entry at once: the registry gives
	// both the same combo.
	c := g.reg.addCombo(g.idKey(all))
	rc.table[at].Store(c + 1)
	return c
}

// replay adds the rows of b, kept by the load k describes, to t and brk
// as s groups them; all is scratch for a row's value of every dimension.
func (s *sink) replay(b *rowBlock, k *keptRows, cal calendar, rc *recombo, t *table, brk *breaks, all []uint32) {
	keys, others := k.l.keyDims, k.l.othDims
	nk, w := len(keys), 1+len(others)
	nb, nd := len(s.summed), len(s.dids)
	for i, day := range b.day {
		ids := b.ids[i*w : (i+1)*w]
		combo := int(ids[0])
		for x, j := range keys {
			all[j] = k.l.reg.keys[combo*nk+x]
		}
		for x, j := range others {
			all[j] = ids[1+x]
		}
		for x, j := range s.g.brks {
			s.ids[x] = all[j]
		}
		for x, j := range s.summed {
			s.sums[j] = b.sums[i*nb+x]
		}
		copy(s.dids, b.dist[i*nd:(i+1)*nd])
		d := day - cal.first
		s.put(t, brk, cal.day[d], int(cal.seg[d]), rc.find(s.g, combo, all))
	}
}

// named decides which keys of n a regroup of k's rows tells apart by
// the values scopes name only (Need.Named): those the read did not key
// by, whose values are more than the named ones and one other, when the
// data is exact, so that figures do not depend on the grouping
// (Data.Exact). A strategy's rows are those of the values its scope
// names, or of all values but those its exclusions name: every other
// value can share one value's cells, and a scope on a rep or a customer
// then adds a few combinations instead of multiplying them by the
// dimension's values. It returns Data.Named: nil when no key is classed,
// and no key is when the plans cut no segment, since a classed key's
// figures per value come from its Break; else per dimension nil, or the
// named values the data has, sorted, perhaps none.
func (k *keptRows) named(n *Need) [][]string {
	if n == nil || !k.exact {
		return nil
	}
	if _, segs := newSegmenter(n.segmentsFor(k.last)); len(segs) == 0 {
		return nil
	}
	var named [][]string
	dims := k.l.data.Dimensions
	for j, name := range dims {
		want, ok := n.Named[name]
		if !ok || slices.Contains(k.l.keyDims, j) || !slices.Contains(n.Keys, name) {
			continue
		}
		vals := k.l.reg.values[j]
		// Never nil, even when the data has none of the values named
		// (an exclusion of a rep who left): all its values are then
		// one class, which nil would say they are not.
		isNamed := set(want)
		has := []string{}
		for _, v := range vals {
			if isNamed[v] {
				has = append(has, v)
			}
		}
		if len(vals) <= len(has)+1 {
			continue // every value is a class of its own anyway
		}
		if named == nil {
			named = make([][]string, len(dims))
		}
		slices.Sort(has)
		named[j] = has
	}
	return named
}

// classes are, per dimension, nil or, for a key named tells apart by
// some values only (keptRows.named), the class of each value id in the
// load's numbering: its own for a named value, the least other value's
// for the rest.
func (k *keptRows) classes(named [][]string) [][]uint32 {
	if named == nil {
		return nil
	}
	cls := make([][]uint32, len(named))
	for j, has := range named {
		if has == nil {
			continue
		}
		vals, isNamed := k.l.reg.values[j], set(has)
		c := make([]uint32, len(vals))
		rest := -1
		for id, v := range vals {
			if !isNamed[v] && (rest < 0 || v < vals[rest]) {
				rest = id
			}
		}
		for id, v := range vals {
			c[id] = uint32(rest)
			if isNamed[v] {
				c[id] = uint32(id)
			}
		}
		cls[j] = c
	}
	return cls
}

func set(vals []string) map[string]bool {
	m := make(map[string]bool, len(vals))
	for _, v := range vals {
		m[v] = true
	}
	return m
}

// namedFor is the Named of d's rows grouped again for n: what a read
// gives, nil, for data that kept no rows.
func (d *Data) namedFor(n *Need) [][]string {
	if d.kept == nil {
		return nil
	}
	return d.kept.named(n)
}

// sameNamed reports whether two Named say the same, nil being no
// dimension named.
func sameNamed(a, b [][]string) bool {
	if !anyNamed(a) || !anyNamed(b) {
		return anyNamed(a) == anyNamed(b)
	}
	return slices.EqualFunc(a, b, slices.Equal)
}

// anyNamed reports whether Named names some dimension's values.
func anyNamed(named [][]string) bool {
	return slices.ContainsFunc(named, func(v []string) bool { return v != nil })
}

// TellsApart reports whether the cells keep the rows of value v of
// dimension j apart from those of its other values: always, but for the
// values scopes did not name of a key a regroup classed (Named).
func (d *Data) TellsApart(j int, v string) bool {
	return !d.Classed(j) || slices.Contains(d.Named[j], v)
}

// Classed reports whether the cells key dimension j by some of its
// values only (Named), so that its figures per value are its Break's.
func (d *Data) Classed(j int) bool { return d.Named != nil && d.Named[j] != nil }
