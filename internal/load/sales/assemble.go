package sales

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"salesdeck/internal/load/config"
	"salesdeck/internal/support/civil"
	"salesdeck/internal/support/diag"
	"salesdeck/internal/support/metric"
)

// Assembler builds Data from groups that another engine computed (a
// database given the aggregate queries of a Need), so that they end up
// in the very structures a CSV read fills, in the same canonical order:
// the rest of salesdeck cannot tell where the groups came from.
//
// Feed it the answer of each query (Cell, Break, and for count_distinct
// metrics DistinctCell and DistinctBreak) in any order, then call Data.
// Sums are given as decimal text, as a database prints them, one per
// column of Columns.
type Assembler struct {
	l    *loader
	vals [][]byte
	sums []float64 // per base column, of the group being added
	// dec is, per base column, the most decimal places of its sums so
	// far; -1 once a sum was written with an exponent, and for counts.
	dec []int

	asks   []Ranking
	ranked map[string]Ranked
}

// Table is what another engine tells of the rows it holds before any
// group is asked of it: the names of its columns and a few rows as text.
// The Assembler maps site.yaml's sales settings onto them exactly as a CSV
// read maps them onto a header, defaults and "did you mean" included.
type Table struct {
	Name   string     // how messages name it, such as "table analytics.sales"
	Header []string   // its columns, in order
	Sample [][]string // its first rows, to tell numeric columns from text ones
}

// NewAssembler readies an Assembler for the rows of t, grouped as need
// says. An error names site.yaml's settings that t cannot satisfy.
func NewAssembler(cfg *config.Site, need *Need, t Table) (*Assembler, error) {
	l := &loader{cfg: cfg, errs: &diag.List{}, opt: Options{Need: need}}
	l.header, l.hfile = slices.Clone(t.Header), t.Name
	if err := l.setup(t.Sample); err != nil {
		return nil, err
	}
	a := &Assembler{l: l, vals: make([][]byte, len(l.dimCols)), sums: make([]float64, len(l.exprs)), dec: make([]int, len(l.exprs))}
	for c, d := range l.data.Metrics.BaseDefs() {
		if d.Kind == metric.Count {
			a.dec[c] = -1
		}
	}
	return a, nil
}

// Dated tells a the latest date of the rows, before any group is
// added: the spans of the cells (Cuts) and the segments of the break
// groups (Segments) may depend on it.
func (a *Assembler) Dated(last civil.Date) { a.l.cutAt(last) }

// Cuts are the days that cut time into the spans of the cells Cell
// takes, ascending, once Dated; none when it takes a cell per day. A
// cell's day is the first of its span, or the eve of the first cut
// (Data.Cuts).
func (a *Assembler) Cuts() []civil.Date { return a.l.data.Cuts }

// Column is the column of the table that the dimension or measure name
// (as site.yaml and the plans call it) is read from; "" when it has none.
func (a *Assembler) Column(name string) string {
	l := a.l
	if j := slices.Index(l.data.Dimensions, name); j >= 0 {
		return l.header[l.dimCols[j]]
	}
	if j := slices.Index(l.data.Measures, name); j >= 0 {
		return l.header[l.meaCols[j]]
	}
	return ""
}

// DateColumn is the column of the table that holds the date of a sale.
func (a *Assembler) DateColumn() string { return a.l.header[a.l.dateCol] }

// DatePos is where site.yaml names the date column, for errors about it.
func (a *Assembler) DatePos() diag.Pos { return a.l.settingPos("date") }

// Dimensions are the site's dimensions, in the data's order.
func (a *Assembler) Dimensions() []string { return a.l.data.Dimensions }

// Columns are the sum metrics whose sums Cell takes, in order, with the
// SQL-like expression of measures each sums; count metrics are the row
// count and are not listed.
func (a *Assembler) Columns() []metric.Def {
	var out []metric.Def
	for _, d := range a.l.data.Metrics.BaseDefs() {
		if d.Kind != metric.Count {
			out = append(out, d)
		}
	}
	return out
}

// Metric looks up a metric site.yaml (or the defaults) defines.
func (a *Assembler) Metric(name string) (metric.Def, bool) { return a.l.data.Metrics.Lookup(name) }

// Keys are the dimensions Cell and Break groups are keyed by, in order.
func (a *Assembler) Keys() []string { return a.names(a.l.keyDims) }

// Breaks are the dimensions Break takes groups of, in order.
func (a *Assembler) Breaks() []string { return a.names(a.l.brkDims) }

// BreakColumns are the sum metrics whose sums Break takes, in order;
// count metrics among them are the row count and are not listed.
func (a *Assembler) BreakColumns() []metric.Def {
	base := a.l.data.Metrics.BaseDefs()
	var out []metric.Def
	for _, c := range a.l.brkCols {
		if base[c].Kind != metric.Count {
			out = append(out, base[c])
		}
	}
	return out
}

// Distinct are the columns of the table whose distinct values
// count_distinct metrics count, in order: DistinctCell takes the values
// of each.
func (a *Assembler) Distinct() []string {
	out := make([]string, len(a.l.distCols))
	for k, c := range a.l.distCols {
		out[k] = a.l.header[c]
	}
	return out
}

// BreakDistinct are those of Distinct (by index) whose values
// DistinctBreak takes: the columns of the metrics breakdowns rank by.
func (a *Assembler) BreakDistinct() []int { return a.l.brkDist }

// Segments are the spans of time Break groups are counted in, by index.
func (a *Assembler) Segments() []civil.Range { return a.l.data.Segments }

func (a *Assembler) names(dims []int) []string {
	out := make([]string, len(dims))
	for i, j := range dims {
		out[i] = a.l.data.Dimensions[j]
	}
	return out
}

// parse reads sums (decimal text, one per sum metric of cols) into a.sums,
// with the row count for count metrics.
func (a *Assembler) parse(cols []int, rows int64, sums []string) error {
	base := a.l.data.Metrics.BaseDefs()
	k := 0
	for _, c := range cols {
		if base[c].Kind == metric.Count {
			a.sums[c] = float64(rows)
			continue
		}
		if k == len(sums) {
			return fmt.Errorf("%d sums for %d sum metrics", len(sums), k+1)
		}
		text := strings.TrimSpace(sums[k])
		a.decimals(c, text)
		v, err := ParseNumber(text, '.')
		if err == errEmpty {
			v, err = 0, nil // SUM over no value is NULL
		}
		if err != nil {
			return fmt.Errorf("sum of %s: %q: %v", base[c].Name, sums[k], err)
		}
		a.sums[c] = v
		k++
	}
	if k != len(sums) {
		return fmt.Errorf("%d sums for %d sum metrics", len(sums), k)
	}
	return nil
}

// decimals notes the decimal places of sum text of base column c: a
// database prints an exact sum, so the most among them is the most any
// figure added up of them has.
func (a *Assembler) decimals(c int, text string) {
	if a.dec[c] < 0 {
		return
	}
	if strings.ContainsAny(text, "eE") {
		a.dec[c] = -1
		return
	}
	if i := strings.IndexByte(text, '.'); i >= 0 {
		// A column's scale pads sums with zeros: 140.8500 has two
		// decimals, as a CSV figure 140.85 would say.
		a.dec[c] = max(a.dec[c], len(strings.TrimRight(text, "0"))-i-1)
	}
}

func (a *Assembler) setKeys(keys []string) {
	for i, j := range a.l.keyDims {
		a.vals[j] = []byte(strings.TrimSpace(keys[i]))
	}
}

// Cell adds the group of day (the first day of a span of Cuts) and the
// values keys of Keys: rows rows, whose sums of Columns are sums.
func (a *Assembler) Cell(day civil.Date, keys []string, rows int64, sums []string) error {
	if len(keys) != len(a.l.keyDims) {
		return fmt.Errorf("cell with %d keys, want %d", len(keys), len(a.l.keyDims))
	}
	all := make([]int, len(a.sums))
	for c := range all {
		all[c] = c
	}
	if err := a.parse(all, rows, sums); err != nil {
		return err
	}
	a.setKeys(keys)
	combo := a.l.sink.g.comboOf(a.vals)
	t := a.l.t
	ci := t.cell(int32(day), combo)
	*t.rowsOf(ci) += rows
	cell := t.sumsOf(ci)
	for c, v := range a.sums {
		cell[c] += v
	}
	return nil
}

// Break adds the group of segment seg, the values keys of Keys and the
// value of break dimension dim: rows rows, whose sums of BreakColumns
// are sums.
func (a *Assembler) Break(dim string, seg int, keys []string, value string, rows int64, sums []string) error {
	k := slices.Index(a.Breaks(), dim)
	if k < 0 || seg < 0 || seg >= len(a.l.data.Segments) || len(keys) != len(a.l.keyDims) {
		return fmt.Errorf("break group %s/%d with %d keys does not fit the need", dim, seg, len(keys))
	}
	if err := a.parse(a.l.brkCols, rows, sums); err != nil {
		return err
	}
	a.setKeys(keys)
	g := a.l.sink.g
	key := uint64(g.comboOf(a.vals))<<32 | uint64(g.value(a.l.brkDims[k], []byte(strings.TrimSpace(value))))
	t := a.l.brk.table(k, seg)
	i := t.find(key)
	*t.rowsOf(i) += rows
	to := t.sumsOf(i)
	for n, c := range a.l.brkCols {
		to[n] += a.sums[c]
	}
	return nil
}

// DistinctCell adds value, one of the distinct values that column k of
// Distinct has among the rows of day and the values keys of Keys. Rows
// that lack it (NULL, or text of spaces) count no value. A database that
// sends each group's values once, SELECT DISTINCT, sends all a figure
// needs: the figures count the values of many groups together.
func (a *Assembler) DistinctCell(k int, day civil.Date, keys []string, value string) error {
	if k < 0 || k >= len(a.l.distCols) || len(keys) != len(a.l.keyDims) {
		return fmt.Errorf("distinct value %d with %d keys does not fit the need", k, len(keys))
	}
	v := strings.TrimSpace(value)
	if v == "" {
		return nil
	}
	a.setKeys(keys)
	g := a.l.sink.g
	ci := a.l.t.cell(int32(day), g.comboOf(a.vals))
	a.l.t.pairs[k].add(uint64(ci)<<32 | uint64(g.distinct(k, []byte(v))))
	return nil
}

// DistinctBreak adds value, one of the distinct values that column k of
// Distinct has among the rows of segment seg, the values keys of Keys and
// the value dimValue of break dimension dim; k must be among
// BreakDistinct.
func (a *Assembler) DistinctBreak(k int, dim string, seg int, keys []string, dimValue, value string) error {
	kb := slices.Index(a.Breaks(), dim)
	j := slices.Index(a.l.brkDist, k)
	if kb < 0 || j < 0 || seg < 0 || seg >= len(a.l.data.Segments) || len(keys) != len(a.l.keyDims) {
		return fmt.Errorf("distinct value %d of break group %s/%d with %d keys does not fit the need", k, dim, seg, len(keys))
	}
	v := strings.TrimSpace(value)
	if v == "" {
		return nil
	}
	a.setKeys(keys)
	g := a.l.sink.g
	key := uint64(g.comboOf(a.vals))<<32 | uint64(g.value(a.l.brkDims[kb], []byte(strings.TrimSpace(dimValue))))
	t := a.l.brk.table(kb, seg)
	t.pairs[j].add(uint64(t.find(key))<<32 | uint64(g.distinct(k, []byte(v))))
	return nil
}

// Keyed returns Data that holds only the combinations combos of the
// values of Keys (each in Keys' order), for a Need's Rank.
func (a *Assembler) Keyed(combos [][]string) *Data {
	l := a.l
	d := &Data{Dimensions: l.data.Dimensions, Measures: l.data.Measures, Metrics: l.data.Metrics, Grouped: l.keyDims}
	d.Values = make([][]string, len(d.Dimensions))
	for i, j := range l.keyDims {
		for _, c := range combos {
			d.Values[j] = append(d.Values[j], c[i])
		}
		slices.Sort(d.Values[j])
		d.Values[j] = slices.Compact(d.Values[j])
	}
	for _, c := range combos {
		for i, j := range l.keyDims {
			k, _ := slices.BinarySearch(d.Values[j], c[i])
			d.Combos = append(d.Combos, uint32(k))
		}
	}
	return d
}

// RankedBy tells a, before any Break, that the source ranks the
// breakdowns by dims itself, as asks ask (Need.Rank): those dimensions
// get no Break groups, and AddRanked takes the answers.
func (a *Assembler) RankedBy(dims []string, asks []Ranking) {
	l := a.l
	l.brkDims = slices.DeleteFunc(l.brkDims, func(j int) bool { return slices.Contains(dims, l.data.Dimensions[j]) })
	l.brk = l.newBreaks()
	a.asks = asks
	a.ranked = make(map[string]Ranked, len(asks))
}

// AddRanked adds to the answer of ask i (of RankedBy's asks) the value
// in place place (from 1, best first, up to TopN): its rows, its sum as
// decimal text, and how many values the ask's rows have in all.
func (a *Assembler) AddRanked(i, place int, value string, rows int64, sum string, values int) error {
	if i < 0 || i >= len(a.asks) || place < 1 || place > TopN {
		return fmt.Errorf("ranked value %d of ask %d does not fit the asks", place, i)
	}
	text := strings.TrimSpace(sum)
	v, err := ParseNumber(text, '.')
	if err == errEmpty {
		v, err = 0, nil
	}
	if err != nil {
		return fmt.Errorf("ranked sum %q: %v", sum, err)
	}
	key := a.asks[i].Key
	r := a.ranked[key]
	if len(r.Top) < place {
		r.Top = append(r.Top, make([]RankedValue, place-len(r.Top))...)
	}
	r.Top[place-1] = RankedValue{Value: strings.TrimSpace(value), Rows: rows, Sum: v}
	r.Values = values
	a.ranked[key] = r
	return nil
}

// Data returns the assembled data: rowsRead rows in all (of any date),
// the first and last dates among them, and the sources read (for the
// pages' footers).
func (a *Assembler) Data(rowsRead int, first, last civil.Date, sources []string) *Data {
	l := a.l
	l.data.Files = sources
	m := l.newMerged(len(l.exprs))
	m.rows = rowsRead
	m.s.add(l.t, 0)
	m.brk.merge(l.brk)
	d := l.build(m)
	l.warnings()
	d.First, d.Last = first, last
	d.Decimals = a.dec
	d.Exact = l.exact(d.Decimals, groupTotals(d))
	if a.ranked != nil {
		d.Rankings, d.Ranked = a.asks, a.ranked
		if d.Rankings == nil {
			d.Rankings = []Ranking{}
		}
	}
	return d
}

// groupTotals returns, per base column, the most that any of d's tables
// of groups (the cells, each Break) adds up to without signs: no figure
// added up from one table's groups is larger, nor is the float64 error
// of its sum (Data.Exact).
func groupTotals(d *Data) []float64 {
	nb := len(d.Decimals)
	out := make([]float64, nb)
	tot := make([]float64, nb)
	for i, v := range d.Sums {
		tot[i%nb] += math.Abs(v)
	}
	for c := range out {
		out[c] = max(out[c], tot[c])
	}
	for _, b := range d.Breaks {
		clear(tot)
		for _, s := range b.Segs {
			for i, v := range s.Sums {
				tot[b.Cols[i%len(b.Cols)]] += math.Abs(v)
			}
		}
		for c := range out {
			out[c] = max(out[c], tot[c])
		}
	}
	return out
}
