package sales_test

import (
	"fmt"
	"maps"
	"math"
	"math/big"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"salesdeck/internal/load/config"
	"salesdeck/internal/load/sales"
	"salesdeck/internal/support/civil"
	"salesdeck/internal/support/metric"
)

// The groups a database would return, fed to an Assembler (the daily ones
// in any order), make the very Data that reading the same rows from CSV
// makes, to the last bit: the database sums the figures exactly and
// prints the sums as decimal text, and the CSV load rounds its float64
// sums to the nearest float64 of those (docs/internals.md, "Exact sums").
// Most of the rows have cents and tenths that float64 adds up with an
// error.
func TestAssemblerMakesTheDataOfACSV(t *testing.T) {
	csv := "date,region,country,channel,customer,revenue,cost\n" +
		"2026-01-02,EMEA,Germany,Direct,C1,100.25,40\n" +
		"2026-01-02,EMEA,France,Online,C2,50,10.5\n" +
		"2026-01-02,EMEA,Germany,Direct,C3,7,1\n" +
		"2026-02-10,NA,USA,Direct,C1,300,100\n" +
		"2026-03-15,EMEA,Germany,Online,C2,-20,0\n" +
		"2026-04-01,NA,Canada,Partner,C4,80,60\n"
	for i := range 120 {
		csv += fmt.Sprintf("2026-%s,%s,C%d,%d.%02d,0.%d\n", []string{"01-02", "01-03", "03-15", "04-01"}[i%4],
			[]string{"EMEA,Germany,Direct", "EMEA,France,Online", "NA,USA,Direct"}[i%3], i%5+1, i%7, i*7919%100, i%9+1)
	}
	site := "sales:\n  dimensions: [region, country, channel, customer]\n  measures: {revenue: revenue, cost: cost}\n" +
		"metrics:\n  revenue: {sum: revenue}\n  gross_profit: {sum: revenue - cost}\n  orders: {count: rows}\n  margin: {ratio: [gross_profit, revenue]}\n"
	need := &sales.Need{Keys: []string{"channel", "region"},
		Segments: []civil.Date{civil.New(2026, 1, 1), civil.New(2026, 3, 1), civil.New(2026, 5, 1)}, Columns: []string{"margin"}}
	want, a, _ := assemblerFor(t, site, csv, need)
	if a.DateColumn() != "date" || a.Column("revenue") != "revenue" || a.Column("customer") != "customer" || a.Column("nope") != "" {
		t.Errorf("columns: date %q, revenue %q, customer %q", a.DateColumn(), a.Column("revenue"), a.Column("customer"))
	}
	if got := a.Keys(); !reflect.DeepEqual(got, []string{"region", "channel"}) {
		t.Errorf("keys %v, want the key dimensions in the data's order", got)
	}
	if got := a.Breaks(); !reflect.DeepEqual(got, []string{"country", "customer"}) {
		t.Errorf("breaks %v", got)
	}

	// What a database returns for the Need's queries: GROUP BY with
	// exact sums, printed as decimal text.
	exact := map[string]func(revenue, cost *big.Rat) *big.Rat{
		"revenue":      func(r, _ *big.Rat) *big.Rat { return r },
		"gross_profit": func(r, c *big.Rat) *big.Rat { return new(big.Rat).Sub(r, c) },
	}
	type group struct {
		day   civil.Date
		keys  []string
		dim   string // a break's dimension, and its segment and value
		seg   int
		value string
		rows  int64
		sums  []*big.Rat
		float []float64 // the sums float64 makes of the rows, in order
	}
	groups := map[string]*group{}
	add := func(key string, g group, cols []metric.Def, rec []string) {
		if groups[key] == nil {
			g.sums = make([]*big.Rat, len(cols))
			for k := range g.sums {
				g.sums[k] = new(big.Rat)
			}
			g.float = make([]float64, len(cols))
			groups[key] = &g
		}
		gr := groups[key]
		gr.rows++
		r, _ := new(big.Rat).SetString(rec[5])
		c, _ := new(big.Rat).SetString(rec[6])
		rf, _ := strconv.ParseFloat(rec[5], 64)
		cf, _ := strconv.ParseFloat(rec[6], 64)
		for k, col := range cols {
			gr.sums[k].Add(gr.sums[k], exact[col.Name](r, c))
			gr.float[k] += map[string]float64{"revenue": rf, "gross_profit": rf - cf}[col.Name]
		}
	}
	dims := []string{"region", "country", "channel", "customer"}
	for _, line := range strings.Split(strings.TrimSpace(csv), "\n")[1:] {
		rec := strings.Split(line, ",")
		day, err := civil.Parse(rec[0])
		if err != nil {
			t.Fatal(err)
		}
		keys := []string{rec[1], rec[3]} // region, channel
		add(fmt.Sprint("daily", day, keys), group{day: day, keys: keys}, a.Columns(), rec)
		for s, r := range a.Segments() {
			if !r.Contains(day) {
				continue
			}
			for _, dim := range a.Breaks() {
				v := rec[1+slices.Index(dims, dim)]
				add(fmt.Sprint(dim, s, keys, v), group{dim: dim, seg: s, keys: keys, value: v}, a.BreakColumns(), rec)
			}
		}
	}
	awkward := false
	feed := func(g *group) {
		var sums []string
		for k, s := range g.sums {
			text := s.FloatString(4) // as NUMERIC(18, 4) prints
			sums = append(sums, text)
			nearest, _ := strconv.ParseFloat(text, 64)
			awkward = awkward || nearest != g.float[k]
		}
		var err error
		if g.dim == "" {
			err = a.Cell(g.day, g.keys, g.rows, sums)
		} else {
			err = a.Break(g.dim, g.seg, g.keys, g.value, g.rows, sums)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	// The daily groups backwards, so that nothing depends on the order
	// they arrive in.
	fed := 0
	for _, key := range slices.Backward(slices.Sorted(maps.Keys(groups))) {
		if g := groups[key]; g.dim == "" {
			feed(g)
			fed++
		}
	}
	// The break groups in the order the CSV load made them: a Break keeps
	// a combo's groups in the order they came, which changes no sum.
	name := func(dim int, id uint32) string { return want.Values[dim][id] }
	keys := func(combo int) []string {
		var out []string
		for p, j := range want.Grouped {
			out = append(out, name(j, want.Combos[combo*len(want.Grouped)+p]))
		}
		return out
	}
	for _, b := range want.Breaks {
		dim := want.Dimensions[b.Dim]
		for s, seg := range b.Segs {
			for c := range len(seg.Start) - 1 {
				for i := seg.Start[c]; i < seg.Start[c+1]; i++ {
					g := groups[fmt.Sprint(dim, s, keys(c), name(b.Dim, seg.Value[i]))]
					if g == nil {
						t.Fatalf("the CSV load has a group of %s %s in segment %d that the rows have not", dim, name(b.Dim, seg.Value[i]), s)
					}
					feed(g)
					fed++
				}
			}
		}
	}
	if fed != len(groups) {
		t.Fatalf("the rows have %d groups, the CSV load %d", len(groups), fed)
	}
	if !awkward {
		t.Fatal("float64 adds every group's rows to the nearest float64 of its exact sum: the test shows nothing")
	}
	got := a.Data(want.RowsRead, want.First, want.Last, want.Files)
	got.Metrics, want.Metrics = nil, nil // compared by the figures they make
	if !reflect.DeepEqual(got, want) {
		t.Errorf("assembled:\n%+v\nread:\n%+v", got, want)
	}
	// reflect.DeepEqual compares floats with ==, which takes -0 for 0.
	sameBits(t, "cells", got.Sums, want.Sums)
	for i, b := range want.Breaks {
		for s, seg := range b.Segs {
			sameBits(t, fmt.Sprintf("%s, segment %d", want.Dimensions[b.Dim], s), got.Breaks[i].Segs[s].Sums, seg.Sums)
		}
	}
}

// assemblerFor reads csv for site.yaml site as need says, and readies an
// Assembler for the same rows as a table; lines are the CSV's lines.
func assemblerFor(t *testing.T, site, csv string, need *sales.Need) (want *sales.Data, a *sales.Assembler, lines []string) {
	t.Helper()
	fsys := fstest.MapFS{"site.yaml": {Data: []byte(site)}, "data/a.csv": {Data: []byte(csv)}}
	cfg, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	want, err = sales.Load(fsys, cfg, sales.Options{Need: need})
	if err != nil {
		t.Fatal(err)
	}
	lines = strings.Split(strings.TrimSpace(csv), "\n")
	table := sales.Table{Name: "table sales", Header: strings.Split(lines[0], ",")}
	for _, l := range lines[1:] {
		table.Sample = append(table.Sample, strings.Split(l, ","))
	}
	a, err = sales.NewAssembler(cfg, need, table)
	if err != nil {
		t.Fatal(err)
	}
	return want, a, lines
}

func sameBits(t *testing.T, what string, got, want []float64) {
	t.Helper()
	for i := range min(len(got), len(want)) {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
			t.Errorf("%s: sum %d is %v assembled, %v read", what, i, got[i], want[i])
		}
	}
}

// A table that lacks a column site.yaml names fails as a CSV header
// would: at the setting, naming the table, with the nearest column.
func TestAssemblerNamesWhatTheTableLacks(t *testing.T) {
	fsys := fstest.MapFS{"site.yaml": {Data: []byte("sales:\n  date: order_date\n  dimensions: [regoin]\n  measures: {revenue: revenue}\n")}}
	cfg, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	table := sales.Table{Name: "table analytics.sales", Header: []string{"order_date", "region", "revenue"}}
	_, err = sales.NewAssembler(cfg, nil, table)
	want := `site.yaml:3:15: sales.dimensions: table analytics.sales has no column "regoin" (did you mean "region"?)`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

// The distinct values a database sends (SELECT DISTINCT per group and
// value), in any order, make the sets of values a CSV load of the same
// rows makes, for the daily cells and the breaks.
func TestAssemblerTakesDistinctValues(t *testing.T) {
	csv := "date,region,product,order,revenue\n"
	for i := range 90 {
		order := fmt.Sprintf("SO-%d", i/3) // three lines an order ...
		if i%10 == 9 {
			order = "" // ... when it has an id
		}
		csv += fmt.Sprintf("2026-%02d-%02d,%s,P%d,%s,%d\n", 1+i/40, 1+i%28, []string{"EMEA", "NA"}[i%2], i%4, order, i)
	}
	site := "sales:\n  dimensions: [region, product]\n  measures: {revenue: revenue}\n" +
		"metrics:\n  revenue: {sum: revenue}\n  orders: {count_distinct: order}\n  per_order: {ratio: [revenue, orders]}\n"
	need := &sales.Need{Keys: []string{"region"}, Segments: []civil.Date{civil.New(2026, 1, 1), civil.New(2026, 2, 1), civil.New(2026, 4, 1)}, Columns: []string{"per_order"}}
	want, a, lines := assemblerFor(t, site, csv, need)
	if !reflect.DeepEqual(a.Distinct(), []string{"order"}) || !reflect.DeepEqual(a.BreakDistinct(), []int{0}) {
		t.Fatalf("distinct columns %v, held by breaks %v", a.Distinct(), a.BreakDistinct())
	}
	type daily struct {
		day    civil.Date
		region string
	}
	type brk struct {
		seg             int
		region, product string
	}
	sums, rows := map[daily]int{}, map[daily]int64{}
	bsums, brows := map[brk]int{}, map[brk]int64{}
	distinct, bdistinct := map[daily]map[string]bool{}, map[brk]map[string]bool{}
	for _, l := range lines[1:] {
		rec := strings.Split(l, ",")
		day, _ := civil.Parse(rec[0])
		rev, _ := strconv.Atoi(rec[4])
		d := daily{day, rec[1]}
		sums[d] += rev
		rows[d]++
		if distinct[d] == nil {
			distinct[d] = map[string]bool{}
		}
		distinct[d][rec[3]] = true // the empty value too: the Assembler drops it
		for s, r := range a.Segments() {
			if r.Contains(day) {
				b := brk{s, rec[1], rec[2]}
				bsums[b] += rev
				brows[b]++
				if bdistinct[b] == nil {
					bdistinct[b] = map[string]bool{}
				}
				bdistinct[b][rec[3]] = true
			}
		}
	}
	for d := range sums {
		if err := a.Cell(d.day, []string{d.region}, rows[d], []string{strconv.Itoa(sums[d])}); err != nil {
			t.Fatal(err)
		}
	}
	for d, vals := range distinct {
		for v := range vals {
			if err := a.DistinctCell(0, d.day, []string{d.region}, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	for b, vals := range bdistinct {
		for v := range vals {
			if err := a.DistinctBreak(0, "product", b.seg, []string{b.region}, b.product, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	for b := range bsums {
		if err := a.Break("product", b.seg, []string{b.region}, b.product, brows[b], []string{strconv.Itoa(bsums[b])}); err != nil {
			t.Fatal(err)
		}
	}
	got := a.Data(want.RowsRead, want.First, want.Last, want.Files)
	if diff := sales.CompareSets(got, want); diff != "" {
		t.Error(diff)
	}
	got.Metrics, want.Metrics = nil, nil
	for _, d := range []*sales.Data{got, want} {
		d.Sets = nil
		for i := range d.Breaks {
			d.Breaks[i].Sets = nil
			for s := range d.Breaks[i].Segs {
				// Groups of one combo keep the order they came in.
				d.Breaks[i].Segs[s] = sales.BreakSegment{Start: d.Breaks[i].Segs[s].Start, First: d.Breaks[i].Segs[s].First}
			}
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("assembled:\n%+v\nread:\n%+v", got, want)
	}
}
