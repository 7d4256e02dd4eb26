package sales_test

import (
	"cmp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"salesdeck/internal/load/config"
	"salesdeck/internal/load/sales"
	"salesdeck/internal/support/civil"
)

// Data grouped for one need serves a later need when a load for the later
// one would make the very same groups.
func TestDataServes(t *testing.T) {
	fsys := fstest.MapFS{
		"site.yaml":  {Data: []byte("sales:\n  dimensions: [region, channel, product]\n  measures: {revenue: revenue, units: units}\n")},
		"data/a.csv": {Data: []byte("date,region,channel,product,revenue,units\n2026-01-02,EMEA,Direct,A,1,1\n2026-05-02,NA,Online,B,2,1\n")},
	}
	cfg, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	d := civil.New
	kept := &sales.Need{Keys: []string{"channel", "region"}, Segments: []civil.Date{d(2026, 1, 1), d(2026, 4, 1), d(2026, 7, 1)}, Columns: []string{"revenue"}}
	data, err := sales.Load(fsys, cfg, sales.Options{Need: kept})
	if err != nil {
		t.Fatal(err)
	}
	all, err := sales.Load(fsys, cfg, sales.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		need *sales.Need
		want bool
	}{
		{"the same", kept, true},
		{"a ranking metric fewer", &sales.Need{Keys: kept.Keys, Segments: kept.Segments}, true},
		{"an unknown dimension or metric (a typo the analysis reports)", &sales.Need{Keys: []string{"channel", "regoin", "region"}, Segments: kept.Segments, Columns: []string{"revenu", "revenue"}}, true},
		// Sums of the same rows grouped otherwise differ in their last
		// digits, so finer groups do not serve either.
		{"fewer keys", &sales.Need{Keys: []string{"region"}, Segments: kept.Segments, Columns: kept.Columns}, false},
		{"a run of the segments", &sales.Need{Keys: kept.Keys, Segments: []civil.Date{d(2026, 1, 1), d(2026, 7, 1)}, Columns: kept.Columns}, false},
		{"a new key", &sales.Need{Keys: []string{"channel", "product", "region"}, Segments: kept.Segments, Columns: kept.Columns}, false},
		{"a new cut", &sales.Need{Keys: kept.Keys, Segments: []civil.Date{d(2026, 1, 1), d(2026, 4, 1), d(2026, 5, 1), d(2026, 7, 1)}, Columns: kept.Columns}, false},
		{"another ranking metric", &sales.Need{Keys: kept.Keys, Segments: kept.Segments, Columns: []string{"units"}}, false},
		{"every dimension", nil, false},
	} {
		if got := data.Serves(c.need); got != c.want {
			t.Errorf("%s: Serves = %v, want %v", c.name, got, c.want)
		}
	}
	// Data grouped by every dimension has no segments: any need that keys
	// every dimension is served, whatever its periods.
	every := &sales.Need{Keys: []string{"channel", "product", "region"}, Segments: []civil.Date{d(2025, 1, 1), d(2025, 2, 1)}}
	if !all.Serves(every) || !all.Serves(nil) || all.Serves(kept) {
		t.Errorf("data grouped by every dimension serves %v, nil %v, %v; want true, true, false", all.Serves(every), all.Serves(nil), all.Serves(kept))
	}
	if data.Grouping() == all.Grouping() {
		t.Errorf("two groupings described alike: %s", data.Grouping())
	}
}

// Breaks hold the sets of a count_distinct column only when a ranking
// metric counts it: data loaded without serves a need that ranks by it
// no more than one that ranks by another sum.
func TestDataServesDistinct(t *testing.T) {
	fsys := fstest.MapFS{
		"site.yaml": {Data: []byte("sales:\n  dimensions: [region, product]\n  measures: {revenue: revenue}\n" +
			"metrics:\n  revenue: {sum: revenue}\n  orders: {count_distinct: order}\n  per_order: {ratio: [revenue, orders]}\n")},
		"data/a.csv": {Data: []byte("date,region,product,order,revenue\n2026-01-02,EMEA,A,O1,1\n2026-05-02,NA,B,O2,2\n")},
	}
	cfg, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	d := civil.New
	need := func(columns ...string) *sales.Need {
		return &sales.Need{Keys: []string{"region"}, Segments: []civil.Date{d(2026, 1, 1), d(2026, 7, 1)}, Columns: columns}
	}
	byRevenue, err := sales.Load(fsys, cfg, sales.Options{Need: need("revenue")})
	if err != nil {
		t.Fatal(err)
	}
	byOrders, err := sales.Load(fsys, cfg, sales.Options{Need: need("orders")})
	if err != nil {
		t.Fatal(err)
	}
	if byRevenue.Serves(need("orders")) || byRevenue.Serves(need("per_order")) || !byOrders.Serves(need("orders")) || !byOrders.Serves(need()) {
		t.Error("the sets of a ranking count_distinct metric are not told apart")
	}
	if len(byRevenue.Breaks[0].Sets) != 0 || len(byOrders.Breaks[0].Sets) != 1 || len(byRevenue.Sets) != 1 {
		t.Errorf("sets: cells %d, breaks by revenue %d, by orders %d", len(byRevenue.Sets), len(byRevenue.Breaks[0].Sets), len(byOrders.Breaks[0].Sets))
	}
	if byRevenue.Grouping() == byOrders.Grouping() {
		t.Errorf("two groupings described alike: %s", byOrders.Grouping())
	}
}

// Cells sum the spans between the days Need.Cuts gives for the data's
// last day: a day before the first cut counts on its eve, every other on
// the cut that starts its span, and the sets of distinct values of a span
// are those of its days together.
func TestCellsSumSpans(t *testing.T) {
	fsys, cfg := ordersSite(t, "region", "date,region,order,revenue\n"+
		"2025-12-30,EMEA,O1,1.1\n"+
		"2026-01-02,EMEA,O2,2.2\n2026-01-05,NA,O3,0.1\n2026-01-20,EMEA,O2,0.2\n2026-01-31,EMEA,O4,0.3\n"+
		"2026-02-03,NA,O5,5\n")
	d := civil.New
	// Cut at the start of January and on the day after the last.
	var asked civil.Date
	need := &sales.Need{Keys: []string{"region"}, Cuts: func(last civil.Date) []civil.Date {
		asked = last
		return []civil.Date{d(2026, 1, 1), last + 1}
	}}
	data, err := sales.Load(fsys, cfg, sales.Options{Need: need})
	if err != nil {
		t.Fatal(err)
	}
	if asked != d(2026, 2, 3) || data.First != d(2025, 12, 30) || data.Last != d(2026, 2, 3) {
		t.Fatalf("cuts asked for the last day %s; data from %s to %s", asked, data.First, data.Last)
	}
	type cell struct {
		day     civil.Date
		region  string
		revenue float64
		rows    int64
		orders  int
	}
	want := []cell{
		{d(2025, 12, 31), "EMEA", 1.1, 1, 1},
		{d(2026, 1, 1), "EMEA", 2.7, 3, 2}, // 2.2 + 0.2 + 0.3, O2 once
		{d(2026, 1, 1), "NA", 5.1, 2, 2},
	}
	var got []cell
	for i := range data.Len() {
		got = append(got, cell{data.Day[i], data.Values[0][data.Keys[i]], data.Sums[i], data.Rows[i], len(data.Sets[0].Of(i))})
	}
	if !slices.Equal(got, want) {
		t.Errorf("cells:\n got %v\nwant %v", got, want)
	}
	if !data.Serves(need) {
		t.Error("the data does not serve the need it was loaded for")
	}
	if data.Serves(&sales.Need{Keys: need.Keys, Cuts: func(last civil.Date) []civil.Date { return []civil.Date{d(2026, 1, 1), last} }}) {
		t.Error("the data serves other spans")
	}
	if data.Serves(&sales.Need{Keys: need.Keys}) {
		t.Error("the data serves a need of a cell per day")
	}
}

// A read that cuts at every day a segment may start on, and learns the
// last day at its end, merges its break groups into the segments of that
// day: the very groups of a read cut at those segments from the start.
func TestSegmentsMergedForTheLastDay(t *testing.T) {
	fsys, cfg := ordersSite(t, "region, product", "date,region,product,order,revenue\n"+
		"2026-01-02,EMEA,A,O1,0.1\n2026-01-03,EMEA,A,O2,0.2\n2026-01-03,EMEA,B,O2,0.3\n2026-01-04,NA,A,O1,0.4\n"+
		"2026-02-01,EMEA,A,O3,0.5\n2026-02-02,EMEA,A,O3,0.6\n2026-03-01,NA,B,O4,0.7\n")
	d := civil.New
	var days []civil.Date
	for day := d(2026, 1, 1); day <= d(2026, 3, 2); day++ {
		days = append(days, day)
	}
	// Segments from the first of January to the last day, cut at the
	// first of February.
	coarse := func(last civil.Date) []civil.Date { return []civil.Date{d(2026, 1, 1), d(2026, 2, 1), last + 1} }
	merged, err := sales.Load(fsys, cfg, sales.Options{Need: &sales.Need{Keys: []string{"region"}, Segments: days, SegmentsFor: coarse, Columns: []string{"orders", "revenue"}}})
	if err != nil {
		t.Fatal(err)
	}
	read, err := sales.Load(fsys, cfg, sales.Options{Need: &sales.Need{Keys: []string{"region"}, Segments: coarse(d(2026, 3, 1)), Columns: []string{"orders", "revenue"}}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(merged.Segments, read.Segments) || len(merged.Segments) != 2 {
		t.Fatalf("segments %v, want %v", merged.Segments, read.Segments)
	}
	type group struct {
		seg, combo int
		product    string
		rows       int64
		revenue    float64
		orders     []uint32
	}
	groups := func(data *sales.Data) []group {
		var out []group
		b := data.Breaks[0]
		for k, s := range b.Segs {
			for c := range len(s.Start) - 1 {
				for i := s.Start[c]; i < s.Start[c+1]; i++ {
					out = append(out, group{k, c, data.Values[b.Dim][s.Value[i]], s.Rows[i], s.Sums[i*len(b.Cols)], b.Sets[0].Of(s.First + i)})
				}
			}
		}
		slices.SortFunc(out, func(x, y group) int {
			return cmp.Or(x.seg-y.seg, x.combo-y.combo, strings.Compare(x.product, y.product))
		})
		return out
	}
	got, want := groups(merged), groups(read)
	if !slices.EqualFunc(got, want, func(x, y group) bool {
		return x.seg == y.seg && x.combo == y.combo && x.product == y.product && x.rows == y.rows && x.revenue == y.revenue && slices.Equal(x.orders, y.orders)
	}) {
		t.Errorf("merged groups:\n got %v\nwant %v", got, want)
	}
	if len(want) != 5 {
		t.Errorf("%d groups, want 5: %v", len(want), want)
	}
}

// ordersSite is a site of the dimensions dims whose rows, csv, have a
// revenue and an order, counted by the metric orders.
func ordersSite(t *testing.T, dims, csv string) (fstest.MapFS, *config.Site) {
	fsys := fstest.MapFS{
		"site.yaml": {Data: []byte("sales:\n  dimensions: [" + dims + "]\n  measures: {revenue: revenue}\n" +
			"metrics:\n  revenue: {sum: revenue}\n  orders: {count_distinct: order}\n")},
		"data/a.csv": {Data: []byte(csv)},
	}
	cfg, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return fsys, cfg
}

// Data a source ranked breakdowns for serves a later need only when that
// need would ask the very same rankings: a scope or period edited changes
// what each strategy's first values are.
func TestDataServesRankings(t *testing.T) {
	fsys := fstest.MapFS{"site.yaml": {Data: []byte("sales:\n  dimensions: [region, customer]\n  measures: {revenue: revenue}\n")}}
	cfg, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	d := civil.New
	period := civil.Range{Start: d(2026, 1, 1), End: d(2026, 3, 31)}
	// rank asks one ranking per combination of region, over period.
	rank := func(period civil.Range) sales.Rank {
		return func(k *sales.Data) ([]string, []sales.Ranking) {
			var asks []sales.Ranking
			for _, region := range k.Values[k.Grouped[0]] {
				asks = append(asks, sales.Ranking{Key: region, Dim: "customer", Metric: "revenue", Range: period, Combos: [][]string{{region}}})
			}
			return []string{"customer"}, asks
		}
	}
	need := &sales.Need{Keys: []string{"region"}, Segments: []civil.Date{period.Start, period.End + 1}, Columns: []string{"revenue"}, Rank: rank(period)}
	a, err := sales.NewAssembler(cfg, need, sales.Table{Name: "sales", Header: []string{"date", "region", "customer", "revenue"}, Sample: [][]string{{"2026-01-02", "EMEA", "C1", "10.50"}}})
	if err != nil {
		t.Fatal(err)
	}
	a.Dated(d(2026, 2, 1))
	for _, c := range []struct {
		region string
		sum    string
	}{{"EMEA", "10.50"}, {"NA", "4.25"}} {
		if err := a.Cell(d(2026, 1, 2), []string{c.region}, 1, []string{c.sum}); err != nil {
			t.Fatal(err)
		}
	}
	dims, asks := need.Rank(a.Keyed([][]string{{"EMEA"}, {"NA"}}))
	a.RankedBy(dims, asks)
	if err := a.AddRanked(0, 1, "C1", 1, "10.50", 1); err != nil {
		t.Fatal(err)
	}
	data := a.Data(2, d(2026, 1, 2), d(2026, 2, 1), []string{"sales"})
	if len(data.Breaks) != 0 || data.Ranked["EMEA"].Top[0].Sum != 10.5 || data.Decimals[0] != 2 {
		t.Fatalf("ranked data: breaks %v, ranked %v, decimals %v", data.Breaks, data.Ranked, data.Decimals)
	}
	for _, c := range []struct {
		name string
		need *sales.Need
		want bool
	}{
		{"the same rankings", need, true},
		{"a period edited", &sales.Need{Keys: need.Keys, Segments: need.Segments, Columns: need.Columns, Rank: rank(civil.Range{Start: period.Start, End: d(2026, 2, 28)})}, false},
		{"rankings no longer asked", &sales.Need{Keys: need.Keys, Segments: need.Segments, Columns: need.Columns}, false},
	} {
		if got := data.Serves(c.need); got != c.want {
			t.Errorf("%s: Serves = %v, want %v", c.name, got, c.want)
		}
	}
}
