package analysis_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"salesdeck/internal/analysis"
	"salesdeck/internal/load/plan"
	"salesdeck/internal/support/civil"
)

// What Markdown blocks ask of the distinct example (distinct_test.go,
// as_of 2026-03-15), worked by hand in the tests below; distinctRun
// groups the data by every dimension and as the plans and these asks
// need (product is then a Break, cut into the months of the chart by
// product): both must give every figure.
var (
	q1       = civil.Range{Start: civil.New(2026, 1, 1), End: civil.New(2026, 3, 31)}
	h1       = civil.Range{Start: civil.New(2026, 1, 1), End: civil.New(2026, 6, 30)}
	askedFor = &analysis.Asks{
		Breakdowns: []analysis.BreakdownAsk{{Strategy: "emea", Metric: "revenue"}, {Strategy: "emea", Metric: "avg_order"}, {Strategy: "apac", Metric: "lines"}},
		Charts: []analysis.ChartAsk{
			{Metric: "orders", By: "product", Period: q1, Grain: "month"},
			{Metric: "revenue", Period: q1, Grain: "month"},
			{Metric: "revenue", By: "region", Period: h1, Grain: "quarter"},
			{Metric: "avg_order", By: "region", Period: q1, Grain: "month"},
			{Metric: "orders", By: "product", Period: q1, Grain: "month", Scope: plan.Scope{{Dimension: "region", Values: []string{"EMEA"}}}},
			// Nothing the site has: left out.
			{Metric: "profit", Period: q1},
			{Metric: "revenue", By: "country", Period: q1},
		},
	}
)

func TestNeedOfAsks(t *testing.T) {
	_, cfg, plans := settings(t, distinctSite, distinctCSV, distinctPlan)
	without, with := analysis.Need(cfg, plans, nil), analysis.Need(cfg, plans, askedFor)
	if !slices.Equal(with.Keys, without.Keys) {
		t.Errorf("keys %v, want the plans' %v: asks add no key", with.Keys, without.Keys)
	}
	// The chart by product (no key) cuts at its months and the day after
	// as_of; the one by region (a key) and the one of every row need no
	// cut.
	for _, d := range []civil.Date{civil.New(2026, 2, 1), civil.New(2026, 3, 1), civil.New(2026, 3, 16)} {
		if !slices.Contains(with.Segments, d) {
			t.Errorf("segments %v lack %s", with.Segments, d)
		}
	}
	for _, m := range []string{"revenue", "avg_order", "lines", "orders"} {
		if !slices.Contains(with.Columns, m) {
			t.Errorf("columns %v lack %s", with.Columns, m)
		}
	}
	// A chart's scope names keys, as a plan's does.
	scoped := &analysis.Asks{Charts: []analysis.ChartAsk{{Metric: "revenue", Period: q1, Scope: plan.Scope{{Dimension: "product", Values: []string{"P1"}}}}}}
	if keys := analysis.Need(cfg, plans, scoped).Keys; !slices.Contains(keys, "product") {
		t.Errorf("keys %v lack the chart's scope's product", keys)
	}
}

func TestAskedBreakdowns(t *testing.T) {
	tests := []struct {
		strategy, metric string
		want             string // value: figure, in order
	}{
		// EMEA to March 15 by product, by revenue.
		{"emea", "revenue", "P1: 170, P2: 50, P3: 30, P4: 20, P5: 5"},
		// Revenue per distinct order: P1 170 over O1 and O2; P5's line has
		// no order, so its ratio is undefined and ranks last.
		{"emea", "avg_order", "P1: 85, P2: 50, P3: 30, P4: 20, P5: —"},
		// APAC by order lines: A and L have two, the other ten one each;
		// the first ten are listed, J and K are Other.
		{"apac", "lines", "A: 2, L: 2, B: 1, C: 1, D: 1, E: 1, F: 1, G: 1, H: 1, I: 1, Other: 2"},
	}
	for name, res := range distinctRun(t, askedFor) {
		for _, tt := range tests {
			t.Run(name+"/"+tt.strategy+"/"+tt.metric, func(t *testing.T) {
				s := find(t, res, tt.strategy)
				var got []string
				for _, b := range s.Asked {
					if b.Metric == tt.metric && b.Dimension == "product" {
						for _, e := range b.Entries {
							got = append(got, e.Value+": "+show(e.Actual))
						}
					}
				}
				if g := strings.Join(got, ", "); g != tt.want {
					t.Errorf("got %s\nwant %s", g, tt.want)
				}
				// The first target's breakdowns stay as they were.
				if s.Breakdowns[0].Metric != s.Targets[0].Metric.Name {
					t.Errorf("breakdowns ranked by %s, want the first target's %s", s.Breakdowns[0].Metric, s.Targets[0].Metric.Name)
				}
			})
		}
	}
}

func TestPeriodCharts(t *testing.T) {
	tests := []struct {
		ask     analysis.ChartAsk
		buckets string
		want    []string // per series: value, total | figures per bucket
	}{
		{
			// Every row's revenue, the line of March 20 after as_of left
			// out: January 100+50+70, February 30+20+5 in EMEA and 14 in
			// APAC, March 40.
			ask:     analysis.ChartAsk{Metric: "revenue", Period: q1, Grain: "month"},
			buckets: "2026-01 2026-02 2026-03",
			want:    []string{": 329 | 220 69 40"},
		},
		{
			// Orders by product: P1 has O1 and O2 in January and O4 in
			// March; Other holds I, J, K (X1), P2 (O1), P3 (O2), P4 (O3)
			// and P5 (no order): 4 orders in all, not the 6 of its values
			// added up, 1 in January and X1, O2, O3 in February.
			ask:     analysis.ChartAsk{Metric: "orders", By: "product", Period: q1, Grain: "month"},
			buckets: "2026-01 2026-02 2026-03",
			want: []string{"P1: 3 | 2 0 1", "A: 2 | 0 2 0", "L: 2 | 0 2 0", "B: 1 | 0 1 0", "C: 1 | 0 1 0", "D: 1 | 0 1 0",
				"E: 1 | 0 1 0", "F: 1 | 0 1 0", "G: 1 | 0 1 0", "H: 1 | 0 1 0", "Other: 4 | 1 3 0"},
		},
		{
			// By calendar quarter (fiscal_year_start 1); the second starts
			// after as_of: no figure.
			ask:     analysis.ChartAsk{Metric: "revenue", By: "region", Period: h1, Grain: "quarter"},
			buckets: "Q1 FY2026 Q2 FY2026",
			want:    []string{"EMEA: 275 | 275 —", "NA: 40 | 40 —", "APAC: 14 | 14 —"},
		},
		{
			// A ratio over each bucket's own rows: EMEA's January 220 over
			// O1 and O2, February 55 over O2 and O3, no March row; 275 over
			// three orders in all.
			ask:     analysis.ChartAsk{Metric: "avg_order", By: "region", Period: q1, Grain: "month"},
			buckets: "2026-01 2026-02 2026-03",
			want:    []string{"EMEA: 91.6667 | 110 27.5 —", "NA: 40 | — — 40", "APAC: 7 | — 7 —"},
		},
		{
			// EMEA's rows only: P1 has O1 and O2 in January; P5's line
			// has no order.
			ask:     analysis.ChartAsk{Metric: "orders", By: "product", Period: q1, Grain: "month", Scope: plan.Scope{{Dimension: "region", Values: []string{"EMEA"}}}},
			buckets: "2026-01 2026-02 2026-03",
			want:    []string{"P1: 2 | 2 0 0", "P2: 1 | 1 0 0", "P3: 1 | 0 1 0", "P4: 1 | 0 1 0", "P5: 0 | 0 0 0"},
		},
	}
	for name, res := range distinctRun(t, askedFor) {
		if len(res.Charts) != len(tests) {
			t.Errorf("%s: %d charts, want %d: those of an unknown metric or dimension are left out", name, len(res.Charts), len(tests))
		}
		for _, tt := range tests {
			t.Run(name+"/"+tt.ask.String(), func(t *testing.T) {
				c := res.Chart(tt.ask)
				if c == nil {
					t.Fatal("no chart")
				}
				if got := strings.Join(c.Buckets, " "); got != tt.buckets {
					t.Errorf("buckets %s, want %s", got, tt.buckets)
				}
				var got []string
				for _, s := range c.Series {
					var figs []string
					for _, f := range s.Figures {
						figs = append(figs, show(f))
					}
					got = append(got, fmt.Sprintf("%s: %s | %s", s.Value, show(s.Total), strings.Join(figs, " ")))
				}
				if !slices.Equal(got, tt.want) {
					t.Errorf("got  %q\nwant %q", got, tt.want)
				}
			})
		}
	}
}

// A scope's value that no row holds is named, for the block to warn of
// it as plans warn of theirs; the chart counts the values that exist.
func TestPeriodChartMissingValues(t *testing.T) {
	q := analysis.ChartAsk{Metric: "revenue", Period: q1, Grain: "quarter", Scope: plan.Scope{{Dimension: "region", Values: []string{"EMEA", "EMAE", "NA"}}}}
	for name, res := range distinctRun(t, &analysis.Asks{Charts: []analysis.ChartAsk{q}}) {
		c := res.Chart(q)
		if c == nil {
			t.Fatalf("%s: no chart", name)
		}
		want := []analysis.MissingValue{{Dimension: "region", Value: "EMAE", Hint: ` (did you mean "EMEA"?)`}}
		if !slices.Equal(c.Missing, want) {
			t.Errorf("%s: missing %v, want %v", name, c.Missing, want)
		}
		// EMEA's 275 and NA's 40 to March 15.
		if got := show(c.Series[0].Figures[0]); got != "315" {
			t.Errorf("%s: Q1 %s, want 315", name, got)
		}
	}
}
