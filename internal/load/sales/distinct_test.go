package sales

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// SetShape describes the sets of s whatever the numbers their values got
// (the load numbers them in the order it meets them, which differs from
// run to run): per value, the groups that have it, and those lists
// sorted. Two IDSets of the same shape hold the same sets of values.
// name, when not nil, names group g; else groups are named by number.
func SetShape(s IDSets, name func(g int) string) string {
	groups := map[uint32][]string{}
	for g := range s.Len() {
		for _, id := range s.Of(g) {
			n := fmt.Sprint(g)
			if name != nil {
				n = name(g)
			}
			groups[id] = append(groups[id], n)
		}
	}
	var out []string
	for _, gs := range groups {
		slices.Sort(gs)
		out = append(out, fmt.Sprint(gs))
	}
	slices.Sort(out)
	return fmt.Sprintf("%d groups: %s", s.Len(), strings.Join(out, " "))
}

// CompareSets compares the sets of values of got and want by shape.
func CompareSets(got, want *Data) string {
	if len(got.Sets) != len(want.Sets) || len(got.Breaks) != len(want.Breaks) || !slices.Equal(got.DistinctValues, want.DistinctValues) {
		return fmt.Sprintf("sets of %d columns (%v values), want %d (%v)", len(got.Sets), got.DistinctValues, len(want.Sets), want.DistinctValues)
	}
	for k := range got.Sets {
		if g, w := SetShape(got.Sets[k], nil), SetShape(want.Sets[k], nil); g != w {
			return fmt.Sprintf("cells' sets of column %d differ:\n got %s\nwant %s", k, g, w)
		}
	}
	for i, b := range got.Breaks {
		wb := want.Breaks[i]
		if !slices.Equal(b.Dist, wb.Dist) || len(b.Sets) != len(wb.Sets) {
			return fmt.Sprintf("break %d holds %v, want %v", i, b.Dist, wb.Dist)
		}
		// A combo's groups are in the order they came in: they are named
		// by segment, combo and value.
		name := func(b Break) func(int) string {
			names := map[int]string{}
			for s, seg := range b.Segs {
				for c := range len(seg.Start) - 1 {
					for i := seg.Start[c]; i < seg.Start[c+1]; i++ {
						names[seg.First+i] = fmt.Sprint(s, "/", c, "/", seg.Value[i])
					}
				}
			}
			return func(g int) string { return names[g] }
		}
		for k := range b.Sets {
			if g, w := SetShape(b.Sets[k], name(b)), SetShape(wb.Sets[k], name(wb)); g != w {
				return fmt.Sprintf("break %d's sets of column %d differ:\n got %s\nwant %s", i, k, g, w)
			}
		}
	}
	return ""
}

// Order ids of order lines, read in chunks of every size and row by row:
// quoted, padded with spaces, empty, in any order of days; every cell's
// set of distinct values is the same, and an empty cell is no value.
func TestDistinctValuesOfCells(t *testing.T) {
	var b strings.Builder
	b.WriteString("date,region,order,revenue\n")
	for i := range 300 {
		order := fmt.Sprintf("SO-%d", i*7%90)
		switch i % 11 {
		case 3:
			order = `"` + order + `"`
		case 5:
			order = " " + order + " "
		case 7:
			order = ""
		case 9:
			order = `" "`
		}
		fmt.Fprintf(&b, "2026-01-%02d,%s,%s,%d\n", 1+i*13%28, []string{"EMEA", "NA"}[i%2], order, i)
	}
	fsys := fstest.MapFS{
		"site.yaml":  {Data: []byte("sales:\n  dimensions: [region]\n  measures: {revenue: revenue}\nmetrics:\n  revenue: {sum: revenue}\n  orders: {count_distinct: Order}\n")},
		"data/a.csv": {Data: []byte(b.String())},
	}
	var want *Data
	for _, size := range []int{7, 64, 333, 1 << 20} {
		par, seq := loadBoth(t, fsys, size)
		if want == nil {
			want = seq
		}
		if diff := compareData(par, want) + CompareSets(par, want); diff != "" {
			t.Fatalf("chunks of %d bytes: %s", size, diff)
		}
	}
	// The values of every cell, counted from the rows.
	seen := map[string]bool{}
	cells := map[string]map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n")[1:] {
		rec := strings.Split(line, ",")
		o := strings.TrimSpace(strings.Trim(rec[2], `"`))
		key := rec[0] + rec[1]
		if cells[key] == nil {
			cells[key] = map[string]bool{}
		}
		if o != "" {
			cells[key][o], seen[o] = true, true
		}
	}
	if want.DistinctValues[0] != len(seen) {
		t.Errorf("%d distinct values, want %d", want.DistinctValues[0], len(seen))
	}
	for i, day := range want.Day {
		key := day.String() + want.Values[0][want.Keys[i]]
		if got := len(want.Sets[0].Of(i)); got != len(cells[key]) {
			t.Errorf("cell %s has %d values, want %d", key, got, len(cells[key]))
		}
	}
}
