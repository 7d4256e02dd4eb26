package analysis_test

import (
	"testing"

	"salesdeck/internal/analysis"
)

func TestRunRates(t *testing.T) {
	// As of January 10, 2026, channel A has sold 10 a day for 10 days:
	// 100 in 10 rows, 304.375 a month (100 ÷ 10 × 30.4375).
	const plans = `title: P
period: {start: 2026-01-01, end: 2026-01-20}
strategies:
  - {id: half-way, scope: {channel: A}, targets: {revenue: 200, orders: 40, margin: 0.5}}
  - {id: reached, scope: {channel: A}, targets: {revenue: 50}}
  - {id: not-started, period: {start: 2026-01-11, end: 2026-01-31}, scope: {channel: A}, targets: {revenue: 210}}
  - {id: over, period: {start: 2026-01-01, end: 2026-01-10}, scope: {channel: A}, targets: {revenue: 100}}
`
	res, _ := build(t, "as_of: 2026-01-10\n"+contractMetrics, dailyCSV(), plans)
	tests := []struct {
		id, metric        string
		remaining         int
		runRate, required analysis.Num
	}{
		// 100 more over the 10 days left: 304.375 a month again.
		{"half-way", "revenue", 10, n(304.375), n(304.375)},
		// 10 orders so far (30.4375 a month); 30 more in 10 days.
		{"half-way", "orders", 10, n(30.4375), n(91.3125)},
		{"half-way", "margin", 10, null, null},
		// Past the target: nothing more is needed, never a negative rate.
		{"reached", "revenue", 10, n(304.375), n(0)},
		// No day gone, so no rate yet; 210 over its 21 days.
		{"not-started", "revenue", 21, null, n(304.375)},
		// Over: no day remains, so no rate can be needed.
		{"over", "revenue", 0, n(304.375), null},
	}
	for _, tt := range tests {
		t.Run(tt.id+"/"+tt.metric, func(t *testing.T) {
			s := find(t, res, tt.id)
			x := target(t, s, tt.metric)
			if s.DaysRemaining != tt.remaining || !same(x.RunRate, tt.runRate) || !same(x.RequiredRunRate, tt.required) {
				t.Errorf("%d days remaining, run rate %+v, required %+v; want %d, %+v, %+v",
					s.DaysRemaining, x.RunRate, x.RequiredRunRate, tt.remaining, tt.runRate, tt.required)
			}
		})
	}
}

func TestLift(t *testing.T) {
	// A year earlier the same 10 days sold 80 at a cost of 60; now 100 at
	// a cost of 50. Margin went from 25% to 50%.
	csv := `date,region,country,channel,revenue,cost
2025-01-05,EMEA,Germany,A,80,60
2026-01-05,EMEA,Germany,A,100,50
`
	// contractMetrics ends with its metrics: two more.
	metrics := contractMetrics + "  cost: {sum: cost}\n  markup: {ratio: [gross_profit, cost], format: number}\n"
	res, _ := build(t, "as_of: 2026-01-10\n"+metrics, csv, `title: P
period: {start: 2026-01-01, end: 2026-01-31}
strategies:
  - {id: s, targets: {revenue: 300, margin: 40%, markup: 1}}
`)
	tests := []struct {
		metric string
		lift   analysis.Num
	}{
		{"revenue", n(100.0/80 - 1)}, // +25%
		{"margin", n(0.5 - 0.25)},    // +25 pp, a percentage: points
		{"markup", n(1.0/(20.0/60) - 1)},
	}
	s := find(t, res, "s")
	for _, tt := range tests {
		if x := target(t, s, tt.metric); !same(x.Lift, tt.lift) || x.PointsLift() != (tt.metric == "margin") {
			t.Errorf("%s: lift %+v (points %v), want %+v", tt.metric, x.Lift, x.PointsLift(), tt.lift)
		}
	}
	// 40% is 0.4: the margin of 50% is 125% of it.
	if x := target(t, s, "margin"); x.Target != 0.4 || !same(x.Attainment, n(1.25)) {
		t.Errorf("margin target %v, attainment %+v; want 0.4, 1.25", x.Target, x.Attainment)
	}
}

func TestMonthlyBaseline(t *testing.T) {
	// Rows of 2023 and 2024 (a leap year), revenue and cost.
	csv := `date,region,country,channel,revenue,cost
2023-02-01,EMEA,Germany,A,5,1
2023-03-01,EMEA,Germany,A,7,2
2023-03-02,EMEA,Germany,A,11,3
2023-03-31,EMEA,Germany,A,13,4
2023-04-01,EMEA,Germany,A,1000,0
2024-02-10,EMEA,Germany,A,100,50
2024-02-29,EMEA,Germany,A,50,10
2024-03-30,EMEA,Germany,A,20,5
2024-03-31,EMEA,Germany,A,1000,0
`
	const plans = `title: P
period: {start: 2024-02-01, end: 2024-03-31}
strategies:
  - {id: leap-period, targets: {revenue: 100, margin: 0.5}}
  - {id: short-baseline, baseline: {start: 2023-02-01, end: 2023-02-10}, targets: {revenue: 100, margin: 0.5}}
  - {id: leap-baseline, period: {start: 2025-02-01, end: 2025-03-31}, targets: {revenue: 100, margin: 0.5}}
`
	res, _ := build(t, "as_of: 2025-02-15\n"+contractMetrics, csv, plans)
	type month struct{ revenue, cumRevenue, margin, cumMargin analysis.Num }
	tests := []struct {
		id     string
		months [2]month
		best   analysis.Num
	}{
		// 60 days from February 1, 2024; the baseline, February 1 to
		// March 31, 2023, has 59. February's 29 days match the baseline's
		// first 29, February 1 to March 1, 2023 (5 + 7; profit 4 + 5);
		// March's 31 the next 31, from March 2, cut at March 31 (11 + 13;
		// profit 8 + 9). April 1 is past the baseline's end.
		{"leap-period", [2]month{
			{n(12), n(12), n(9.0 / 12), n(9.0 / 12)},
			{n(24), n(36), n(17.0 / 24), n(26.0 / 36)},
		}, n(24)},
		// A 10-day baseline: February's days match its 10; March's none
		// (0, and no margin), the running figures stay where they were.
		{"short-baseline", [2]month{
			{n(5), n(5), n(4.0 / 5), n(4.0 / 5)},
			{n(0), n(5), null, n(4.0 / 5)},
		}, n(5)},
		// From February 1, 2025 (59 days), after as_of in March, against
		// February 1 to March 31, 2024 (60 days, with February 29):
		// February's 28 days match February 1-28, 2024 (100; profit 50),
		// March's 31 February 29 to March 30 (50 + 20; profit 40 + 15).
		// March 31, 2024, the baseline's 60th day, matches no day.
		{"leap-baseline", [2]month{
			{n(100), n(100), n(0.5), n(0.5)},
			{n(70), n(170), n(55.0 / 70), n(105.0 / 170)},
		}, n(100)},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			s := find(t, res, tt.id)
			for i, want := range tt.months {
				r, m := s.Monthly[i].Figures[0], s.Monthly[i].Figures[1]
				if !same(r.Baseline, want.revenue) || !same(r.CumulativeBaseline, want.cumRevenue) ||
					!same(m.Baseline, want.margin) || !same(m.CumulativeBaseline, want.cumMargin) {
					t.Errorf("%s: revenue %+v (cumulative %+v), margin %+v (%+v); want %+v", s.Monthly[i].Month,
						r.Baseline, r.CumulativeBaseline, m.Baseline, m.CumulativeBaseline, want)
				}
			}
			if x := s.Targets[0]; !same(x.BestBaselineMonth, tt.best) {
				t.Errorf("best baseline month %+v, want %+v", x.BestBaselineMonth, tt.best)
			}
			if x := s.Targets[1]; x.BestBaselineMonth.Valid {
				t.Errorf("a ratio's best baseline month is %+v, want none", x.BestBaselineMonth)
			}
		})
	}
}

func TestPercentTargetOnlyForPercentMetrics(t *testing.T) {
	// 15% is 0.15 for margin, a percentage; for revenue, a plain number,
	// it is an error at the 15%.
	_, _, err := analyse(t, "as_of: 2026-01-10\n"+contractMetrics, dailyCSV(),
		"title: P\nperiod: {start: 2026-01-01, end: 2026-01-20}\nstrategies:\n  - id: s\n    targets:\n      revenue: {total: 15%}\n      margin: 15%\n")
	want := `content/plans/plan.yaml:6:24: target revenue: a percentage is a total only for a metric of format percent, and "revenue" is formatted as number; write the total as a plain number`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}
