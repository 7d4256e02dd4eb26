package sales_test

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"salesdeck/internal/load/config"
	"salesdeck/internal/load/sales"
	"salesdeck/internal/support/civil"
	"salesdeck/internal/support/metric"
)

// The groups a database would return, fed to an Assembler in any order,
// make the very Data that reading the same rows from CSV makes.
func TestAssemblerMakesTheDataOfACSV(t *testing.T) {
	fsys := fstest.MapFS{
		"site.yaml": {Data: []byte("sales:\n  dimensions: [region, country, channel, customer]\n  measures: {revenue: revenue, cost: cost}\n" +
			"metrics:\n  revenue: {sum: revenue}\n  gross_profit: {sum: revenue - cost}\n  orders: {count: rows}\n  margin: {ratio: [gross_profit, revenue]}\n")},
		"data/a.csv": {Data: []byte("date,region,country,channel,customer,revenue,cost\n" +
			"2026-01-02,EMEA,Germany,Direct,C1,100.25,40\n" +
			"2026-01-02,EMEA,France,Online,C2,50,10.5\n" +
			"2026-01-02,EMEA,Germany,Direct,C3,7,1\n" +
			"2026-02-10,NA,USA,Direct,C1,300,100\n" +
			"2026-03-15,EMEA,Germany,Online,C2,-20,0\n" +
			"2026-04-01,NA,Canada,Partner,C4,80,60\n")},
	}
	cfg, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	need := &sales.Need{Keys: []string{"channel", "region"},
		Segments: []civil.Date{civil.New(2026, 1, 1), civil.New(2026, 3, 1), civil.New(2026, 5, 1)}, Columns: []string{"margin"}}
	want, err := sales.Load(fsys, cfg, sales.Options{Need: need})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(fsys["data/a.csv"].Data)), "\n")
	table := sales.Table{Name: "table sales", Header: strings.Split(lines[0], ",")}
	for _, l := range lines[1:] {
		table.Sample = append(table.Sample, strings.Split(l, ","))
	}
	a, err := sales.NewAssembler(cfg, need, table)
	if err != nil {
		t.Fatal(err)
	}
	if a.DateColumn() != "date" || a.Column("revenue") != "revenue" || a.Column("customer") != "customer" || a.Column("nope") != "" {
		t.Errorf("columns: date %q, revenue %q, customer %q", a.DateColumn(), a.Column("revenue"), a.Column("customer"))
	}
	if got := a.Keys(); !reflect.DeepEqual(got, []string{"region", "channel"}) {
		t.Errorf("keys %v, want the key dimensions in the data's order", got)
	}
	if got := a.Breaks(); !reflect.DeepEqual(got, []string{"country", "customer"}) {
		t.Errorf("breaks %v", got)
	}
	text := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	name := func(dim int, id uint32) string { return want.Values[dim][id] }
	keys := func(combo uint32) []string {
		var out []string
		for p, j := range want.Grouped {
			out = append(out, name(j, want.Combos[int(combo)*len(want.Grouped)+p]))
		}
		return out
	}
	base := want.Metrics.BaseDefs()
	nb := want.Metrics.Base()
	// Backwards, so that nothing depends on the order groups arrive in.
	for i := want.Len() - 1; i >= 0; i-- {
		var sums []string
		for c, d := range base {
			if d.Kind != metric.Count {
				sums = append(sums, text(want.Sums[i*nb+c]))
			}
		}
		if err := a.Daily(want.Day[i], keys(want.Combo[i]), want.Rows[i], sums); err != nil {
			t.Fatal(err)
		}
	}
	for _, b := range want.Breaks {
		for s, seg := range b.Segs {
			for c := range len(seg.Start) - 1 {
				for i := seg.Start[c]; i < seg.Start[c+1]; i++ {
					var sums []string
					for k, col := range b.Cols {
						if base[col].Kind != metric.Count {
							sums = append(sums, text(seg.Sums[i*len(b.Cols)+k]))
						}
					}
					if err := a.Break(want.Dimensions[b.Dim], s, keys(uint32(c)), name(b.Dim, seg.Value[i]), seg.Rows[i], sums); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
	got := a.Data(want.RowsRead, want.First, want.Last, want.Files)
	got.Metrics, want.Metrics = nil, nil // compared by the figures they make
	if !reflect.DeepEqual(got, want) {
		t.Errorf("assembled:\n%+v\nread:\n%+v", got, want)
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
