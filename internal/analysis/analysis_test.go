package analysis_test

import (
	"math"
	"strings"
	"testing"

	"salesdeck/internal/analysis"
)

// The site of these examples: EMEA sold 600 in Q1 2025 and 800 in
// 2026 up to the as_of date, March 15.
const siteYAML = `
as_of: 2026-03-15
sales:
  dimensions: [region, country, channel]
  measures: {revenue: revenue, cost: cost}
metrics:
  revenue: {sum: revenue, format: money}
  gross_profit: {sum: revenue - cost, format: money}
  orders: {count: rows}
  margin: {ratio: [gross_profit, revenue]}
`

const salesCSV = `date,region,country,channel,revenue,cost
2025-01-10,EMEA,Germany,Direct,100,60
2025-02-10,EMEA,Germany,Direct,200,120
2025-03-10,EMEA,France,Partner,300,150
2025-12-31,NA,USA,Direct,999,0
2026-01-10,EMEA,Germany,Direct,150,90
2026-02-10,EMEA,Germany,Direct,250,100
2026-03-10,EMEA,France,Partner,400,200
2026-03-20,EMEA,Germany,Direct,1000,0
`

const planYAML = `
title: Example plan
period: {start: 2026-01-01, end: 2026-06-30}
scope: {region: EMEA}
strategies:
  - id: emea
    title: EMEA as a whole
    targets:
      revenue: 2000
      orders: {total: 6, phasing: baseline}
      margin: {total: 0.4}
  - id: de-direct
    title: German direct sales
    period: {start: 2026-01-01, end: 2026-03-31}
    scope: {country: Germany}
    exclude: {channel: Partner}
    targets:
      revenue: {total: 900, phasing: {2026-01: 300, 2026-02: 300, 2026-03: 300}}
  - id: later
    title: Starts in April
    period: {start: 2026-04-01, end: 2026-06-30}
    targets: {revenue: 500}
  - id: q1-2025-hit
    title: Q1 2025, reached
    period: {start: 2025-01-01, end: 2025-03-31}
    targets: {revenue: 600}
  - id: q1-2025-miss
    title: Q1 2025, missed
    period: {start: 2025-01-01, end: 2025-03-31}
    targets: {revenue: 601}
`

func run(t *testing.T, site string) *analysis.Site {
	t.Helper()
	res, _ := build(t, site, salesCSV, planYAML)
	return res
}

func find(t *testing.T, res *analysis.Site, id string) *analysis.Strategy {
	t.Helper()
	for _, s := range res.Strategies {
		if s.Strategy.ID == id {
			return s
		}
	}
	t.Fatalf("no strategy %q", id)
	return nil
}

func target(t *testing.T, s *analysis.Strategy, metric string) analysis.Target {
	t.Helper()
	for _, x := range s.Targets {
		if x.Metric.Name == metric {
			return x
		}
	}
	t.Fatalf("strategy %s has no target %s", s.Strategy.ID, metric)
	return analysis.Target{}
}

var null = analysis.Num{}

func n(v float64) analysis.Num { return analysis.Some(v) }

func same(a, b analysis.Num) bool {
	if a.Valid != b.Valid {
		return false
	}
	return !a.Valid || math.Abs(a.V-b.V) <= 1e-9*math.Max(1, math.Abs(b.V))
}

func TestTargetFigures(t *testing.T) {
	res := run(t, siteYAML)
	// emea runs 181 days from January 1; by March 15, 74 have passed.
	tests := []struct {
		strategy, metric, figure string
		got                      func(analysis.Target) analysis.Num
		want                     analysis.Num
	}{
		// Linear: 2000 × 74/181 expected; 150+250+400 sold.
		{"emea", "revenue", "actual", func(x analysis.Target) analysis.Num { return x.Actual }, n(800)},
		{"emea", "revenue", "attainment", func(x analysis.Target) analysis.Num { return x.Attainment }, n(0.4)},
		{"emea", "revenue", "expected_to_date", func(x analysis.Target) analysis.Num { return x.ExpectedToDate }, n(2000.0 * 74 / 181)},
		{"emea", "revenue", "pace", func(x analysis.Target) analysis.Num { return x.Pace }, n(800 / (2000.0 * 74 / 181))},
		{"emea", "revenue", "forecast", func(x analysis.Target) analysis.Num { return x.Forecast }, n(800 / (2000.0 * 74 / 181) * 2000)},
		// Baseline: January 1 to March 15, 2025.
		{"emea", "revenue", "baseline_to_date", func(x analysis.Target) analysis.Num { return x.BaselineToDate }, n(600)},
		{"emea", "revenue", "lift", func(x analysis.Target) analysis.Num { return x.Lift }, n(800.0/600 - 1)},
		// Baseline phasing: all 3 baseline orders fell before March 15, so
		// the whole target of 6 is expected already.
		{"emea", "orders", "actual", func(x analysis.Target) analysis.Num { return x.Actual }, n(3)},
		{"emea", "orders", "expected_to_date", func(x analysis.Target) analysis.Num { return x.ExpectedToDate }, n(6)},
		{"emea", "orders", "pace", func(x analysis.Target) analysis.Num { return x.Pace }, n(0.5)},
		{"emea", "orders", "forecast", func(x analysis.Target) analysis.Num { return x.Forecast }, n(3)},
		{"emea", "orders", "lift", func(x analysis.Target) analysis.Num { return x.Lift }, n(0)},
		// Ratio: gross profit 60+150+200 over revenue 800, recomputed.
		{"emea", "margin", "actual", func(x analysis.Target) analysis.Num { return x.Actual }, n(410.0 / 800)},
		{"emea", "margin", "expected_to_date", func(x analysis.Target) analysis.Num { return x.ExpectedToDate }, n(0.4)},
		{"emea", "margin", "pace", func(x analysis.Target) analysis.Num { return x.Pace }, n(410.0 / 800 / 0.4)},
		{"emea", "margin", "forecast", func(x analysis.Target) analysis.Num { return x.Forecast }, n(410.0 / 800)},
		{"emea", "margin", "baseline_to_date", func(x analysis.Target) analysis.Num { return x.BaselineToDate }, n(270.0 / 600)},
		// A ratio shown as a percentage (the default) lifts in points:
		// 51.25% against 45% is +6.25 pp, not +13.9%.
		{"emea", "margin", "lift", func(x analysis.Target) analysis.Num { return x.Lift }, n(0.5125 - 0.45)},
		// Run rates: 800 in 74 days is 800/74 × 30.4375 = 329.05 a month;
		// the 1,200 still to sell over 107 days needs 341.36 a month.
		{"emea", "revenue", "run_rate", func(x analysis.Target) analysis.Num { return x.RunRate }, n(800.0 / 74 * 30.4375)},
		{"emea", "revenue", "required_run_rate", func(x analysis.Target) analysis.Num { return x.RequiredRunRate }, n(1200.0 / 107 * 30.4375)},
		{"emea", "orders", "run_rate", func(x analysis.Target) analysis.Num { return x.RunRate }, n(3.0 / 74 * 30.4375)},
		{"emea", "orders", "required_run_rate", func(x analysis.Target) analysis.Num { return x.RequiredRunRate }, n(3.0 / 107 * 30.4375)},
		// A ratio has no run rate.
		{"emea", "margin", "run_rate", func(x analysis.Target) analysis.Num { return x.RunRate }, null},
		{"emea", "margin", "required_run_rate", func(x analysis.Target) analysis.Num { return x.RequiredRunRate }, null},
		// Explicit months: January and February whole, 15 of March's 31 days.
		{"de-direct", "revenue", "expected_to_date", func(x analysis.Target) analysis.Num { return x.ExpectedToDate }, n(300 + 300 + 300*15.0/31)},
		{"de-direct", "revenue", "actual", func(x analysis.Target) analysis.Num { return x.Actual }, n(400)},
		// Not started: nothing expected, so no pace and no forecast.
		{"later", "revenue", "actual", func(x analysis.Target) analysis.Num { return x.Actual }, n(0)},
		{"later", "revenue", "expected_to_date", func(x analysis.Target) analysis.Num { return x.ExpectedToDate }, n(0)},
		{"later", "revenue", "pace", func(x analysis.Target) analysis.Num { return x.Pace }, null},
		{"later", "revenue", "forecast", func(x analysis.Target) analysis.Num { return x.Forecast }, null},
		{"later", "revenue", "lift", func(x analysis.Target) analysis.Num { return x.Lift }, null},
		// No day has passed: no run rate; the whole 500 over 91 days.
		{"later", "revenue", "run_rate", func(x analysis.Target) analysis.Num { return x.RunRate }, null},
		{"later", "revenue", "required_run_rate", func(x analysis.Target) analysis.Num { return x.RequiredRunRate }, n(500.0 / 91 * 30.4375)},
		// A finished period: the whole target is expected.
		{"q1-2025-hit", "revenue", "attainment", func(x analysis.Target) analysis.Num { return x.Attainment }, n(1)},
		{"q1-2025-hit", "revenue", "expected_to_date", func(x analysis.Target) analysis.Num { return x.ExpectedToDate }, n(600)},
		// Its baseline, Q1 2024, has no sales: lift is undefined.
		{"q1-2025-hit", "revenue", "baseline_to_date", func(x analysis.Target) analysis.Num { return x.BaselineToDate }, n(0)},
		{"q1-2025-hit", "revenue", "lift", func(x analysis.Target) analysis.Num { return x.Lift }, null},
		// Over: 600 in 90 days; no day remains, so nothing is needed.
		{"q1-2025-hit", "revenue", "run_rate", func(x analysis.Target) analysis.Num { return x.RunRate }, n(600.0 / 90 * 30.4375)},
		{"q1-2025-hit", "revenue", "required_run_rate", func(x analysis.Target) analysis.Num { return x.RequiredRunRate }, null},
	}
	for _, tt := range tests {
		t.Run(tt.strategy+"/"+tt.metric+"/"+tt.figure, func(t *testing.T) {
			got := tt.got(target(t, find(t, res, tt.strategy), tt.metric))
			if !same(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestStrategyFigures(t *testing.T) {
	res := run(t, siteYAML)
	tests := []struct {
		id                  string
		status              analysis.Status
		daysTotal, daysElap int
		daysRemaining       int
		rowsMatched         int
	}{
		{"emea", analysis.AtRisk, 181, 74, 107, 3},    // pace 0.978: between 0.9 and 1
		{"de-direct", analysis.Behind, 90, 74, 16, 2}, // pace 400/745.16 = 0.54
		{"later", analysis.NotStarted, 91, 0, 91, 0},  // as_of before April 1
		{"q1-2025-hit", analysis.Achieved, 90, 90, 0, 3},
		{"q1-2025-miss", analysis.Missed, 90, 90, 0, 3},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			s := find(t, res, tt.id)
			if s.Status != tt.status || s.DaysTotal != tt.daysTotal || s.DaysElapsed != tt.daysElap || s.RowsMatched != tt.rowsMatched ||
				s.DaysRemaining != tt.daysRemaining {
				t.Errorf("got status %s, days %d of %d (%d remaining), rows %d; want %s, %d of %d (%d), %d",
					s.Status, s.DaysElapsed, s.DaysTotal, s.DaysRemaining, s.RowsMatched, tt.status, tt.daysElap, tt.daysTotal, tt.daysRemaining, tt.rowsMatched)
			}
			if want := float64(tt.daysElap) / float64(tt.daysTotal); s.Elapsed != want {
				t.Errorf("elapsed = %v, want %v", s.Elapsed, want)
			}
		})
	}
}

func TestMonthly(t *testing.T) {
	res := run(t, siteYAML)
	s := find(t, res, "emea")
	if len(s.Monthly) != 6 {
		t.Fatalf("got %d months, want 6 (January to June)", len(s.Monthly))
	}
	day := 2000.0 / 181 // linear phasing: the target per day
	tests := []struct {
		month                     string
		actual, target, cum, cumT analysis.Num
	}{
		{"2026-01", n(150), n(31 * day), n(150), n(31 * day)},
		{"2026-02", n(250), n(28 * day), n(400), n(59 * day)},
		// March counts up to as_of: the sale of March 20 is not in.
		{"2026-03", n(400), n(31 * day), n(800), n(90 * day)},
		// April starts after as_of: the actual line stops.
		{"2026-04", null, n(30 * day), null, n(120 * day)},
		{"2026-06", null, n(30 * day), null, n(2000)},
	}
	for _, tt := range tests {
		t.Run(tt.month, func(t *testing.T) {
			for _, m := range s.Monthly {
				if m.Month != tt.month {
					continue
				}
				f := m.Figures[0]
				if !same(f.Actual, tt.actual) || !same(f.Target, tt.target) || !same(f.CumulativeActual, tt.cum) || !same(f.CumulativeTarget, tt.cumT) {
					t.Errorf("got %+v", f)
				}
				return
			}
			t.Fatal("month missing")
		})
	}
	// A ratio's month is its own ratio; its cumulative figure is
	// recomputed from the start of the period.
	ratio := s.Monthly[1].Figures[2]
	if want := n(150.0 / 250); !same(ratio.Actual, want) {
		t.Errorf("February margin = %+v, want %+v", ratio.Actual, want)
	}
	if want := n(210.0 / 400); !same(ratio.CumulativeActual, want) {
		t.Errorf("cumulative margin to February = %+v, want %+v", ratio.CumulativeActual, want)
	}
	if want := n(0.4); !same(ratio.Target, want) || !same(ratio.CumulativeTarget, want) {
		t.Errorf("margin target = %+v / %+v, want 0.4", ratio.Target, ratio.CumulativeTarget)
	}
	// Explicit months: each month's phased target is its planned amount.
	de := find(t, res, "de-direct")
	if got := de.Monthly[2].Figures[0].Target; !same(got, n(300)) {
		t.Errorf("de-direct March target = %+v, want 300", got)
	}
}

func TestBreakdowns(t *testing.T) {
	res := run(t, siteYAML)
	s := find(t, res, "emea")
	var got []string
	for _, b := range s.Breakdowns {
		var vals []string
		for _, e := range b.Entries {
			vals = append(vals, e.Value)
		}
		got = append(got, b.Dimension+": "+strings.Join(vals, ", "))
	}
	// region is pinned to EMEA by the scope, so it has no breakdown;
	// France and Germany tie at 400 and are ordered by name.
	want := []string{"country: France, Germany", "channel: Direct, Partner"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("breakdowns:\n got %q\nwant %q", got, want)
	}
}

func TestAsOfDefaultsToLatestSale(t *testing.T) {
	res := run(t, strings.Replace(siteYAML, "as_of: 2026-03-15", "", 1))
	if got := res.AsOf.String(); got != "2026-03-20" {
		t.Errorf("as_of = %s, want 2026-03-20, the latest date in the data", got)
	}
	if got := target(t, find(t, res, "emea"), "revenue").Actual; !same(got, n(1800)) {
		t.Errorf("actual = %+v, want 1800 with the March 20 sale", got)
	}
}
