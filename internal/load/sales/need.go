package sales

import (
	"fmt"
	"slices"

	"salesdeck/internal/support/civil"
)

// Need says which groups of the sales data a site's figures are computed
// from, so that a load keeps those and nothing else (docs/internals.md,
// "The engine"). It is the site compiled into two kinds of aggregate
// query, each a GROUP BY that a SQL engine could run as well:
//
//   - cells: per span of time between two of the days Cuts gives and
//     combination of the values of Keys, the sums of every sum metric
//     and the row count, and the distinct values of every count_distinct
//     metric's column. Every figure of a strategy but its breakdowns
//     comes from these, and so do the breakdowns by a dimension of Keys.
//   - one per other dimension D: per segment of time, combination of the
//     values of Keys and value of D, the sums of the metrics in Columns
//     (the distinct values, for a count_distinct one) and the row count.
//     A strategy's breakdown by D adds up the segments of its period to
//     date (counts their values together); its bridge and
//     price-volume-mix those of its baseline window too.
//
// Keys are the dimensions that scopes and excludes name, so a strategy's
// rows are a set of combinations of Keys; a site that filters on region
// and channel keeps a few hundred combinations however many customers,
// products and reps its rows name.
type Need struct {
	// Keys are the dimensions the cells are keyed by. Names
	// the data does not have are left out (the plans that name them
	// fail later, with their positions).
	Keys []string
	// Segments are the days on which segments start, ascending; a
	// segment ends the day before the next one starts, and the last
	// start only ends the one before it. Rows outside every segment
	// count in no breakdown.
	Segments []civil.Date
	// SegmentsFor, when set, gives the Segments of data whose last day
	// is last, among Segments: the baseline windows end on a day that
	// depends on as_of, which is the last day when site.yaml does not
	// set it. A read that learns the last day at its end (a CSV file)
	// cuts at every day Segments lists and merges the segments then; a
	// database is asked for the last day first.
	SegmentsFor func(last civil.Date) []civil.Date
	// Columns are the metrics whose figures per value of a dimension
	// the site shows (breakdowns, bridges, price-volume-mix), and
	// metric.Volume for the volume of site.yaml's analysis; their base
	// columns are the sums the per-dimension groups hold, their
	// count_distinct columns the sets of values.
	Columns []string
	// Cuts gives the days that cut time into the spans the cells sum:
	// every figure but a breakdown sums the days between two of them.
	// They depend on as_of, which is the data's last day when site.yaml
	// does not set it, so Cuts takes that day. Nil keeps a cell per day.
	Cuts func(last civil.Date) []civil.Date
	// Named are, per key, the values that scopes name, for the keys whose
	// figures per value nothing takes from the cells (no bridge, mix or
	// chart is by them). A regroup of kept rows (Data.Regroup) keys a
	// dimension the read did not key by these values only, its other
	// values as one (docs/internals.md, "What serve reuses"). A read
	// leaves it unused.
	Named map[string][]string
	// Rank, when set, is asked by a source that ranks breakdowns itself
	// (sales.rank_in_source) which dimensions it ranks and for which
	// strategies; those dimensions then have no Break. A CSV read leaves
	// it unused.
	Rank Rank
}

// Serves reports whether d's groups are the very groups a load for n
// would make, so that a process building a site again after an edit
// (serve) need not read the data again: the same dimensions are keys, the
// same days cut spans and segments (for d's last day), and the columns of
// n's ranking metrics are among those the groups sum. Sums of floating-point numbers depend on how rows
// are grouped, so groups that are merely finer would give other last
// digits than a fresh build; a column more or less changes no other
// column's sums. Names d does not know are left out: the plans that use
// them fail with their positions, and reading the data again would not
// help.
func (d *Data) Serves(n *Need) bool {
	var keys []int
	for j, name := range d.Dimensions {
		if n == nil || slices.Contains(n.Keys, name) {
			keys = append(keys, j)
		}
	}
	if !slices.Equal(keys, d.Grouped) || !sameNamed(d.Named, d.namedFor(n)) {
		return false
	}
	if !slices.Equal(n.cutsFor(d.Last), d.Cuts) {
		return false
	}
	if d.Rankings != nil || n != nil && n.Rank != nil {
		// Rankings follow the plans' scopes, periods and metrics.
		if n.Rank == nil || d.Rankings == nil {
			return false
		}
		if _, asks := n.Rank(d); !sameRankings(asks, d.Rankings) {
			return false
		}
	}
	if len(d.Grouped) == len(d.Dimensions) && !anyNamed(d.Named) {
		return true // nothing is broken down by segment (a classed key is)
	}
	if !slices.Equal(d.cuts(), n.segmentsFor(d.Last)) {
		return false
	}
	used := make([]bool, d.Metrics.Width())
	for _, m := range n.Columns {
		d.Metrics.Columns(m, used)
	}
	nb := d.Metrics.Base()
	for c, u := range used {
		for _, b := range d.Breaks {
			if u && (c < nb && !slices.Contains(b.Cols, c) || c >= nb && !slices.Contains(b.Dist, c-nb)) {
				return false
			}
		}
	}
	return true
}

// cutsFor are the days that cut the cells of data whose last day is last,
// none when n keeps a cell per day.
func (n *Need) cutsFor(last civil.Date) []civil.Date {
	if n == nil || n.Cuts == nil {
		return nil
	}
	return n.Cuts(last)
}

// segmentsFor are the Segments of data whose last day is last.
func (n *Need) segmentsFor(last civil.Date) []civil.Date {
	if n == nil {
		return nil
	}
	if n.SegmentsFor == nil {
		return n.Segments
	}
	return n.SegmentsFor(last)
}

// cuts are the days on which d's segments start, and the day after the
// last ends: the Segments of the Need d was loaded for.
func (d *Data) cuts() []civil.Date {
	var cuts []civil.Date
	for _, s := range d.Segments {
		cuts = append(cuts, s.Start)
	}
	if n := len(d.Segments); n > 0 {
		cuts = append(cuts, d.Segments[n-1].End+1)
	}
	return cuts
}

// Grouping describes how d's rows are grouped: two Data of the same rows
// and the same Grouping hold the same groups, to the last bit.
func (d *Data) Grouping() string {
	var cols [][]int
	for _, b := range d.Breaks {
		cols = append(cols, b.Cols, b.Dist)
	}
	return fmt.Sprint(d.Grouped, d.Named, d.Cuts, d.cuts(), cols)
}

// Bytes is about how much memory d's groups take.
func (d *Data) Bytes() int {
	n := 4*len(d.Day) + 4*len(d.Keys) + 8*len(d.Rows) + 8*len(d.Sums) + 4*len(d.Combo)
	for _, s := range d.Sets {
		n += s.bytes()
	}
	for _, b := range d.Breaks {
		for _, s := range b.Segs {
			n += 8*len(s.Start) + 4*len(s.Value) + 8*len(s.Rows) + 8*len(s.Sums)
		}
		for _, s := range b.Sets {
			n += s.bytes()
		}
	}
	return n
}

// Break holds the groups of one dimension that is not a key: per segment
// of Data.Segments, combo of Data.Combos and value of the dimension, the
// row count and the sums of the base columns Cols.
type Break struct {
	Dim  int            // index into Data.Dimensions
	Cols []int          // base metric columns held, ascending
	Segs []BreakSegment // per segment of Data.Segments
	// Dist are the count_distinct columns held (indices among
	// Metrics.DistinctDefs), ascending, and Sets, per column of Dist, the
	// distinct values of each group's rows. Groups are numbered across
	// segments: a segment's group i is group First+i of Sets.
	Dist []int
	Sets []IDSets
}

// BreakSegment holds a Break's groups of one segment, in combo order:
// combo c's are Start[c] up to Start[c+1].
type BreakSegment struct {
	Start []int
	Value []uint32 // value ids into Data.Values[Break.Dim]
	Rows  []int64
	Sums  []float64 // len(Break.Cols) per group
	First int       // the number in Break.Sets of the segment's first group
}

// segmenter finds the segment of a day.
type segmenter struct {
	first civil.Date
	seg   []int16 // per day from first, segment + 1; 0 for none
}

func newSegmenter(starts []civil.Date) (segmenter, []civil.Range) {
	var ranges []civil.Range
	for i := 0; i+1 < len(starts); i++ {
		if starts[i+1] > starts[i] {
			ranges = append(ranges, civil.Range{Start: starts[i], End: starts[i+1] - 1})
		}
	}
	if len(ranges) == 0 || len(ranges) > 1<<15-1 {
		return segmenter{}, nil
	}
	s := segmenter{first: ranges[0].Start, seg: make([]int16, int(ranges[len(ranges)-1].End-ranges[0].Start)+1)}
	for i, r := range ranges {
		for d := r.Start; d <= r.End; d++ {
			s.seg[d-s.first] = int16(i + 1)
		}
	}
	return s, ranges
}

// of returns the segment of day, or -1.
func (s *segmenter) of(day civil.Date) int {
	k := int(day - s.first)
	if k < 0 || k >= len(s.seg) {
		return -1
	}
	return int(s.seg[k]) - 1
}
