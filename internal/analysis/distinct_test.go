package analysis_test

import (
	"fmt"
	"strings"
	"testing"

	"salesdeck/internal/analysis"
	"salesdeck/internal/load/sales"
)

// count_distinct, worked by hand (docs/figures.md, Distinct counts): an
// order with lines in two months is one order of each month and one of
// both together; an empty cell is no order; Other counts the orders of
// its values once.
const distinctSite = `
as_of: 2026-03-15
sales:
  dimensions: [region, product]
  measures: {revenue: revenue}
metrics:
  revenue: {sum: revenue, format: money}
  lines: {count: rows}
  orders: {count_distinct: Order ID}
  avg_order: {ratio: [revenue, orders], format: money}
`

// EMEA: order A spans January and February 2025, B is February 2025; in
// 2026, O1 has two lines on one day, O2 spans January and February, O3 is
// February, a line without an order id follows it, and O5 comes after
// the as-of date. APAC: X1 has a line on each of twelve products, X2 on
// two of them.
var distinctCSV = `date,Order ID,region,product,revenue
2025-01-20,A,EMEA,P1,10
2025-02-03,A,EMEA,P2,10
2025-02-10,B,EMEA,P1,10
2026-01-10,O1,EMEA,P1,100
2026-01-10,O1,EMEA,P2,50
2026-01-31,O2,EMEA,P1,70
2026-02-01,O2,EMEA,P3,30
2026-02-15,O3,EMEA,P4,20
2026-02-16, ,EMEA,P5,5
2026-03-01,O4,NA,P1,40
2026-03-20,O5,EMEA,P1,1
` + apacLines()

func apacLines() string {
	var b strings.Builder
	for _, p := range "ABCDEFGHIJKL" {
		fmt.Fprintf(&b, "2026-02-10,X1,APAC,%c,1\n", p)
	}
	b.WriteString("2026-02-11,X2,APAC,A,1\n2026-02-11,X2,APAC,L,1\n")
	return b.String()
}

const distinctPlan = `
title: Orders
period: {start: 2026-01-01, end: 2026-03-31}
strategies:
  - id: emea
    scope: {region: EMEA}
    targets:
      orders: 6
      avg_order: {total: 100}
  - id: emea-baseline
    scope: {region: EMEA}
    targets:
      orders: {total: 6, phasing: baseline}
  - id: apac
    scope: {region: APAC}
    targets: {orders: 4, revenue: 20}
`

// distinctRun builds the example both ways the independent checker does:
// grouped by every dimension, and grouped as the plans and asks need
// (product is then a Break, counted from its own sets).
func distinctRun(t *testing.T, asks *analysis.Asks) map[string]*analysis.Site {
	t.Helper()
	fsys, cfg, plans := settings(t, distinctSite, distinctCSV, distinctPlan)
	out := map[string]*analysis.Site{}
	for name, need := range map[string]*sales.Need{"every dimension": nil, "need": analysis.Need(cfg, plans, asks)} {
		data, err := sales.Load(fsys, cfg, sales.Options{Need: need})
		if err != nil {
			t.Fatal(err)
		}
		if need != nil && len(data.Breaks) != 1 {
			t.Fatalf("%d breaks, want product's", len(data.Breaks))
		}
		res, _, err := analysis.Run(cfg, plans, data, asks, nil)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = res
	}
	return out
}

func TestDistinctFigures(t *testing.T) {
	// emea: 90 days, 74 elapsed by March 15, 16 remaining.
	tests := []struct {
		strategy, metric, figure string
		got                      func(analysis.Target) analysis.Num
		want                     analysis.Num
	}{
		// O1, O2, O3: the line without an order id counts no order, O5
		// is after as_of and O4 in NA.
		{"emea", "orders", "actual", func(x analysis.Target) analysis.Num { return x.Actual }, n(3)},
		{"emea", "orders", "expected_to_date", func(x analysis.Target) analysis.Num { return x.ExpectedToDate }, n(6.0 * 74 / 90)},
		{"emea", "orders", "pace", func(x analysis.Target) analysis.Num { return x.Pace }, n(3 / (6.0 * 74 / 90))},
		{"emea", "orders", "forecast", func(x analysis.Target) analysis.Num { return x.Forecast }, n(3 / (6.0 * 74 / 90) * 6)},
		// Baseline to date, January 1 to March 15, 2025: A and B.
		{"emea", "orders", "baseline_to_date", func(x analysis.Target) analysis.Num { return x.BaselineToDate }, n(2)},
		{"emea", "orders", "lift", func(x analysis.Target) analysis.Num { return x.Lift }, n(0.5)},
		{"emea", "orders", "run_rate", func(x analysis.Target) analysis.Num { return x.RunRate }, n(3.0 / 74 * 30.4375)},
		{"emea", "orders", "required_run_rate", func(x analysis.Target) analysis.Num { return x.RequiredRunRate }, n(3.0 / 16 * 30.4375)},
		// 275 of revenue in 3 orders.
		{"emea", "avg_order", "actual", func(x analysis.Target) analysis.Num { return x.Actual }, n(275.0 / 3)},
		{"emea", "avg_order", "baseline_to_date", func(x analysis.Target) analysis.Num { return x.BaselineToDate }, n(30.0 / 2)},
		// Phased like the baseline: the whole baseline has 2 orders, both
		// by March 15, 2025.
		{"emea-baseline", "orders", "expected_to_date", func(x analysis.Target) analysis.Num { return x.ExpectedToDate }, n(6)},
		{"emea-baseline", "orders", "pace", func(x analysis.Target) analysis.Num { return x.Pace }, n(0.5)},
		// X1 and X2.
		{"apac", "orders", "actual", func(x analysis.Target) analysis.Num { return x.Actual }, n(2)},
	}
	for name, res := range distinctRun(t, nil) {
		for _, tt := range tests {
			got := tt.got(target(t, find(t, res, tt.strategy), tt.metric))
			if !same(got, tt.want) {
				t.Errorf("%s: %s %s %s = %v, want %v", name, tt.strategy, tt.metric, tt.figure, got, tt.want)
			}
		}
	}
}

func TestDistinctMonthly(t *testing.T) {
	type fig struct{ actual, target, cumActual, cumTarget, baseline, cumBaseline analysis.Num }
	tests := []struct {
		strategy string
		want     []fig
	}{
		// O2 is an order of January and of February, and one order of
		// the two together; so is A last year.
		{"emea", []fig{
			{n(2), n(6.0 * 31 / 90), n(2), n(6.0 * 31 / 90), n(1), n(1)},
			{n(2), n(6.0 * 28 / 90), n(3), n(6.0 * 59 / 90), n(2), n(2)},
			{n(0), n(6.0 * 31 / 90), n(3), n(6), n(0), n(2)},
		}},
		// A month's target is how much the expected figure grows: last
		// year's orders to January's end (A), then to February's (A, B).
		{"emea-baseline", []fig{
			{n(2), n(3), n(2), n(3), n(1), n(1)},
			{n(2), n(3), n(3), n(6), n(2), n(2)},
			{n(0), n(0), n(3), n(6), n(0), n(2)},
		}},
	}
	for name, res := range distinctRun(t, nil) {
		for _, tt := range tests {
			s := find(t, res, tt.strategy)
			for i, w := range tt.want {
				f := s.Monthly[i].Figures[0]
				got := fig{f.Actual, f.Target, f.CumulativeActual, f.CumulativeTarget, f.Baseline, f.CumulativeBaseline}
				for _, c := range []struct {
					what      string
					got, want analysis.Num
				}{
					{"actual", got.actual, w.actual}, {"target", got.target, w.target},
					{"cumulative_actual", got.cumActual, w.cumActual}, {"cumulative_target", got.cumTarget, w.cumTarget},
					{"baseline", got.baseline, w.baseline}, {"cumulative baseline", got.cumBaseline, w.cumBaseline},
				} {
					if !same(c.got, c.want) {
						t.Errorf("%s: %s %s %s = %v, want %v", name, tt.strategy, s.Monthly[i].Month, c.what, c.got, c.want)
					}
				}
			}
		}
	}
}

func TestDistinctBreakdowns(t *testing.T) {
	tests := []struct {
		strategy, dim, want string
	}{
		// 5 orders of products against 3 orders: an order with lines of
		// two products is an order of each. P5's line has no order id.
		{"emea", "product", "P1=2 P2=1 P3=1 P4=1 P5=0"},
		// X1 and X2 are orders of A and L; J and K are X1's alone, so
		// Other is 1 order, not 2.
		{"apac", "product", "A=2 L=2 B=1 C=1 D=1 E=1 F=1 G=1 H=1 I=1 Other=1"},
	}
	for name, res := range distinctRun(t, nil) {
		for _, tt := range tests {
			var got []string
			for _, b := range find(t, res, tt.strategy).Breakdowns {
				if b.Dimension != tt.dim {
					continue
				}
				for _, e := range b.Entries {
					got = append(got, fmt.Sprintf("%s=%v", e.Value, e.Actual.V))
				}
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("%s: %s by %s: %s, want %s", name, tt.strategy, tt.dim, g, tt.want)
			}
		}
	}
	// An order of the table is not an order of its products' shares.
	res := distinctRun(t, nil)["need"]
	if m := target(t, find(t, res, "emea"), "orders").Metric; !m.Distinct || m.Ratio {
		t.Errorf("orders is described as %+v, want a distinct count", m)
	}
}

// A quarter or a fiscal year of a distinct count is counted over its own
// rows, like a month, never added up from its months; and a distinct
// first target has no bridge, its parts not adding up.
func TestDistinctGrainAndBridge(t *testing.T) {
	for name, res := range distinctRun(t, nil) {
		s := find(t, res, "emea")
		for grain, series := range map[string][]analysis.Month{"quarter": s.Quarterly, "year": s.Yearly} {
			if len(series) != 1 {
				t.Fatalf("%s: %d %s buckets, want 1", name, len(series), grain)
			}
			for _, f := range series[0].Figures {
				if f.Metric != "orders" {
					continue
				}
				// O1, O2, O3 (not 2 + 2 from the months); last year A and
				// B (not 1 + 2).
				for _, c := range []struct {
					figure    string
					got, want analysis.Num
				}{
					{"actual", f.Actual, n(3)},
					{"cumulative actual", f.CumulativeActual, n(3)},
					{"baseline", f.Baseline, n(2)},
					{"cumulative baseline", f.CumulativeBaseline, n(2)},
				} {
					if !same(c.got, c.want) {
						t.Errorf("%s: %s %s %s = %v, want %v", name, s.Strategy.ID, grain, c.figure, c.got, c.want)
					}
				}
			}
		}
		for _, id := range []string{"emea", "apac"} {
			if b := find(t, res, id).Bridge; b != nil {
				t.Errorf("%s: %s has a bridge of a count_distinct target: %+v", name, id, b)
			}
		}
	}
}
