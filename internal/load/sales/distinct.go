package sales

import (
	"slices"
)

// count_distinct metrics (docs/internals.md, "Distinct values"). A distinct
// count cannot be added up from parts: an order whose lines fall in two
// months is one order of the two months together. So the load keeps, for
// every cell and every group of a Break, the distinct values its
// rows have, as ids of a dictionary of the column, and later stages count
// a figure over a set of groups as the size of the union of theirs.
//
// While rows are read a group's values are pairs group << 32 | id in a
// pairList; at the end of the load they are sorted into one IDSets per
// column: every group's ids, ascending and each once, side by side in one
// array. Memory follows the distinct pairs of a group and a value, at most
// the rows, and no group has a slice of its own.

// IDSets holds a sorted set of value ids per group, all in one arena:
// group g's are IDs[Start[g]:Start[g+1]].
type IDSets struct {
	Start []int
	IDs   []uint32
}

// Of returns the ids of group g.
func (s *IDSets) Of(g int) []uint32 { return s.IDs[s.Start[g]:s.Start[g+1]] }

// Len is the number of groups.
func (s *IDSets) Len() int { return max(len(s.Start)-1, 0) }

func (s *IDSets) bytes() int { return 8*len(s.Start) + 4*len(s.IDs) }

// pairList is a list of group << 32 | id pairs that grows in blocks, so
// that growing never copies what it holds (a load of millions of pairs
// would leave the copies behind as garbage), and starts small, since a
// chunk has many tables of few pairs. A pair equal to the last one added
// is dropped: an order's lines follow one another in most exports.
type pairList struct {
	blocks [][]uint64
	cur    int // the block being filled
	n      int
	last   uint64
}

const (
	pairFirst = 64
	pairMax   = 1 << 14
)

func (p *pairList) add(x uint64) {
	if p.n > 0 && x == p.last {
		return
	}
	p.last = x
	p.n++
	if p.cur < len(p.blocks) {
		if b := &p.blocks[p.cur]; len(*b) < cap(*b) {
			*b = append(*b, x)
			return
		}
		p.cur++
		if p.cur < len(p.blocks) {
			p.blocks[p.cur] = append(p.blocks[p.cur], x)
			return
		}
	}
	size := pairFirst
	if k := len(p.blocks); k > 0 {
		size = min(2*cap(p.blocks[k-1]), pairMax)
	}
	p.blocks = append(p.blocks, append(make([]uint64, 0, size), x))
	p.cur = len(p.blocks) - 1
}

// each calls f with every pair, in the order added.
func (p *pairList) each(f func(uint64)) {
	for _, b := range p.blocks {
		for _, x := range b {
			f(x)
		}
	}
}

// reset empties p, keeping its blocks for reuse.
func (p *pairList) reset() {
	for i := range p.blocks {
		p.blocks[i] = p.blocks[i][:0]
	}
	p.cur, p.n, p.last = 0, 0, 0
}

// merge adds o's pairs to p, with o's group numbers translated by at.
func (p *pairList) merge(o *pairList, at []uint32) {
	o.each(func(x uint64) { p.add(uint64(at[x>>32])<<32 | x&0xffffffff) })
}

// appendSets sorts pairs into groups' sets and appends them to s: group g
// of the pairs (after place, when not nil, moves it) becomes group
// first+g of s, for n groups. The pairs' groups are counted, the ids put
// in place, and each group's sorted and its repeats dropped.
func appendSets(s *IDSets, pairs *pairList, n int, place []uint32) {
	if len(s.Start) == 0 {
		s.Start = append(s.Start, 0)
	}
	base := len(s.IDs)
	first := len(s.Start) - 1
	s.Start = append(s.Start, make([]int, n)...)
	start := s.Start[first:]
	group := func(x uint64) int {
		g := int(x >> 32)
		if place != nil {
			g = int(place[g])
		}
		return g
	}
	pairs.each(func(x uint64) { start[group(x)+1]++ })
	start[0] = base
	for g := range n {
		start[g+1] += start[g]
	}
	s.IDs = append(s.IDs, make([]uint32, start[n]-base)...)
	next := slices.Clone(start[:n])
	pairs.each(func(x uint64) {
		g := group(x)
		s.IDs[next[g]] = uint32(x)
		next[g]++
	})
	w := base
	for g := range n {
		ids := s.IDs[start[g]:start[g+1]]
		slices.Sort(ids)
		start[g] = w
		for i, id := range ids {
			if i == 0 || id != ids[i-1] {
				s.IDs[w] = id
				w++
			}
		}
	}
	start[n] = w
	s.IDs = s.IDs[:w]
}

// clipSets lets go of the room repeats left at the end of s's ids, when
// it is a fourth or more.
func clipSets(s *IDSets) {
	if n := len(s.IDs); cap(s.IDs) > n+n/4+1024 {
		s.IDs = slices.Clip(slices.Clone(s.IDs))
	}
}
