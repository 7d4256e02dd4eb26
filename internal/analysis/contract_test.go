package analysis_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"salesdeck/internal/analysis"
	"salesdeck/internal/load/config"
	"salesdeck/internal/load/plan"
	"salesdeck/internal/load/sales"
	"salesdeck/internal/support/diag"
)

// build runs a whole site given as site.yaml, one CSV file and one plan.
func build(t *testing.T, site, csv, planYAML string) (*analysis.Site, []*diag.Error) {
	t.Helper()
	res, warnings, err := analyse(t, site, csv, planYAML)
	if err != nil {
		t.Fatal(err)
	}
	return res, warnings
}

// analyse is build returning the analysis' error: the site's files must
// load.
func analyse(t *testing.T, site, csv, planYAML string) (*analysis.Site, []*diag.Error, error) {
	t.Helper()
	fsys, cfg, plans := settings(t, site, csv, planYAML)
	data, err := sales.Load(fsys, cfg, sales.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return analysis.Run(cfg, plans, data, nil, nil)
}

// settings writes a site of site.yaml, one CSV file and one plan file,
// and reads its settings and plans; they must load.
func settings(t *testing.T, site, csv, planYAML string) (fstest.MapFS, *config.Site, []*plan.Plan) {
	t.Helper()
	fsys := fstest.MapFS{
		"site.yaml":               {Data: []byte(site)},
		"data/sales.csv":          {Data: []byte(csv)},
		"content/plans/plan.yaml": {Data: []byte(planYAML)},
	}
	cfg, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	plans, err := plan.LoadAll(fsys, cfg.FiscalYearStart)
	if err != nil {
		t.Fatal(err)
	}
	return fsys, cfg, plans
}

const contractMetrics = `
sales:
  dimensions: [region, country, channel]
  measures: {revenue: revenue, cost: cost}
metrics:
  revenue: {sum: revenue}
  gross_profit: {sum: revenue - cost}
  orders: {count: rows}
  margin: {ratio: [gross_profit, revenue]}
`

// dailyCSV sells, every day from January 1 to 10, 2026, 10 through
// channel A, 9 through B and 8.9 through C.
func dailyCSV() string {
	var b strings.Builder
	b.WriteString("date,region,country,channel,revenue,cost\n")
	for d := 1; d <= 10; d++ {
		for _, c := range []struct{ ch, rev string }{{"A", "10"}, {"B", "9"}, {"C", "8.9"}} {
			fmt.Fprintf(&b, "2026-01-%02d,EMEA,Germany,%s,%s,0\n", d, c.ch, c.rev)
		}
	}
	return b.String()
}

func TestStatusEdges(t *testing.T) {
	// As of January 10, a strategy over January 1-20 is half way: with a
	// target of 200, channel A (100 sold) runs at pace 1, B at 0.9 and C
	// at 0.89, exactly.
	const strategies = `title: P
period: {start: 2026-01-01, end: 2026-01-20}
strategies:
  - {id: a-200, scope: {channel: A}, targets: {revenue: 200}}
  - {id: b-200, scope: {channel: B}, targets: {revenue: 200}}
  - {id: c-200, scope: {channel: C}, targets: {revenue: 200}}
  - {id: starts-on-as-of, period: {start: 2026-01-10, end: 2026-01-13}, scope: {channel: A}, targets: {revenue: 40}}
  - {id: ends-on-as-of-hit, period: {start: 2026-01-01, end: 2026-01-10}, scope: {channel: A}, targets: {revenue: 100}}
  - {id: ends-on-as-of-miss, period: {start: 2026-01-01, end: 2026-01-10}, scope: {channel: A}, targets: {revenue: 100.01}}
  - {id: one-day, period: {start: 2026-01-10, end: 2026-01-10}, scope: {channel: A}, targets: {revenue: 10}}
  - {id: next-day, period: {start: 2026-01-11, end: 2026-01-31}, targets: {revenue: 10}}
  - {id: nothing-expected-yet, targets: {revenue: {total: 10, phasing: {2026-02: 10}}}, period: {start: 2026-01-01, end: 2026-02-28}}
`
	tests := []struct {
		thresholds string
		id         string
		elapsed    int
		pace       analysis.Num
		want       analysis.Status
	}{
		{"", "a-200", 10, n(1), analysis.OnTrack},  // pace == on_track
		{"", "b-200", 10, n(0.9), analysis.AtRisk}, // pace == at_risk
		{"", "c-200", 10, n(0.89), analysis.Behind},
		{"status: {on_track: 1.1, at_risk: 1.0}", "a-200", 10, n(1), analysis.AtRisk},
		{"status: {on_track: 1.1, at_risk: 1.0}", "b-200", 10, n(0.9), analysis.Behind},
		{"status: {on_track: 0.85, at_risk: 0.5}", "c-200", 10, n(0.89), analysis.OnTrack},
		// as_of == S: the first day is under way (10 sold of 40 × 1/4 expected).
		{"", "starts-on-as-of", 1, n(1), analysis.OnTrack},
		// as_of == E: the period is over; attainment decides.
		{"", "ends-on-as-of-hit", 10, n(1), analysis.Achieved},
		{"", "ends-on-as-of-miss", 10, n(100 / 100.01), analysis.Missed},
		{"", "one-day", 1, n(1), analysis.Achieved},
		{"", "next-day", 0, null, analysis.NotStarted},
		// Phased wholly in February: nothing is expected by January 10, so
		// there is no pace, and a strategy cannot be behind nothing.
		{"", "nothing-expected-yet", 10, null, analysis.OnTrack},
	}
	for _, tt := range tests {
		t.Run(tt.id+" "+tt.thresholds, func(t *testing.T) {
			res, _ := build(t, "as_of: 2026-01-10\n"+tt.thresholds+contractMetrics, dailyCSV(), strategies)
			s := find(t, res, tt.id)
			if s.Status != tt.want || s.DaysElapsed != tt.elapsed || !same(s.Targets[0].Pace, tt.pace) {
				t.Errorf("status %s, %d days elapsed, pace %+v; want %s, %d, %+v", s.Status, s.DaysElapsed, s.Targets[0].Pace, tt.want, tt.elapsed, tt.pace)
			}
		})
	}
}

// phasingCSV: the baseline year sold 100 on 2025-01-10, 300 on
// 2025-02-10 and 1000 on 2025-02-20; the period sold 50 on 2026-01-10
// (before it starts) and 150 on 2026-02-10.
const phasingCSV = `date,region,country,channel,revenue,cost
2025-01-10,EMEA,Germany,Direct,100,0
2025-02-10,EMEA,Germany,Direct,300,0
2025-02-20,EMEA,Germany,Direct,1000,0
2026-01-10,EMEA,Germany,Direct,50,0
2026-02-10,EMEA,Germany,Direct,150,0
`

func TestPhasing(t *testing.T) {
	// The period runs 75 days, January 16 to March 31, 2026 (16 + 28 +
	// 31); as of February 14, 30 have passed (16 + 14) and 150 was sold.
	const plans = `title: P
period: {start: 2026-01-16, end: 2026-03-31}
strategies:
  - id: linear
    targets: {revenue: 750}
  - id: months
    targets: {revenue: {total: 750, phasing: {2026-01: 160, 2026-03: 590}}}
  - id: months-partial
    targets: {revenue: {total: 750, phasing: {2026-02: 280, 2026-03: 470}}}
  - id: months-later
    targets: {revenue: {total: 750, phasing: {2026-03: 750}}}
  - id: baseline
    targets: {revenue: {total: 650, phasing: baseline}}
  - id: baseline-capped
    baseline: {start: 2025-02-01, end: 2025-02-10}
    targets: {revenue: {total: 650, phasing: baseline}}
  - id: baseline-empty
    baseline: {start: 2024-01-01, end: 2024-12-31}
    targets: {orders: {total: 75, phasing: baseline}}
`
	res, warnings := build(t, "as_of: 2026-02-14\n"+contractMetrics, phasingCSV, plans)
	tests := []struct {
		id                                  string
		expected, pace, forecast, btd, lift analysis.Num
		monthTargets                        [3]float64
	}{
		// 750 × 30/75.
		{"linear", n(300), n(0.5), n(375), n(300), n(-0.5), [3]float64{750 * 16 / 75.0, 750 * 28 / 75.0, 750 * 31 / 75.0}},
		// January whole, February missing (0), March not begun.
		{"months", n(160), n(150.0 / 160), n(150.0 / 160 * 750), n(300), n(-0.5), [3]float64{160, 0, 590}},
		// Half of February's 28 days.
		{"months-partial", n(140), n(150.0 / 140), n(150.0 / 140 * 750), n(300), n(-0.5), [3]float64{0, 280, 470}},
		// Nothing expected yet: no pace and no forecast.
		{"months-later", n(0), null, null, n(300), n(-0.5), [3]float64{0, 0, 750}},
		// Baseline January 16 to March 31, 2025 sold 1300, of which 300
		// by February 14: 650 × 300/1300 = 150 expected.
		{"baseline", n(150), n(1), n(650), n(300), n(-0.5), [3]float64{0, 650, 0}},
		// A 10-day baseline caps baseline_to_date at its end: 300, not
		// the 1300 of the 30 days from February 1; all of it expected.
		// Its February 10 falls in the period's first 16 days, January.
		{"baseline-capped", n(650), n(150.0 / 650), n(150), n(300), n(-0.5), [3]float64{650, 0, 0}},
		// No sales in the baseline: linear, 75 × 30/75; lift undefined.
		{"baseline-empty", n(30), n(1.0 / 30), n(2.5), n(0), null, [3]float64{16, 28, 31}},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			x := find(t, res, tt.id).Targets[0]
			if !same(x.ExpectedToDate, tt.expected) || !same(x.Pace, tt.pace) || !same(x.Forecast, tt.forecast) ||
				!same(x.BaselineToDate, tt.btd) || !same(x.Lift, tt.lift) {
				t.Errorf("expected %+v pace %+v forecast %+v baseline %+v lift %+v\nwant     %+v      %+v          %+v          %+v      %+v",
					x.ExpectedToDate, x.Pace, x.Forecast, x.BaselineToDate, x.Lift, tt.expected, tt.pace, tt.forecast, tt.btd, tt.lift)
			}
			var cum float64
			for i, m := range find(t, res, tt.id).Monthly {
				cum += tt.monthTargets[i]
				if f := m.Figures[0]; !same(f.Target, n(tt.monthTargets[i])) || !same(f.CumulativeTarget, n(cum)) {
					t.Errorf("%s: target %+v, cumulative %+v; want %v, %v", m.Month, f.Target, f.CumulativeTarget, tt.monthTargets[i], cum)
				}
			}
		})
	}
	var found bool
	for _, w := range warnings {
		found = found || strings.Contains(w.Error(), "content/plans/plan.yaml:19:15: target orders: the baseline 2024-01-01 to 2024-12-31 has no orders, so the target is phased linearly")
	}
	if !found {
		t.Errorf("no warning about the empty baseline at its target; got %v", warnings)
	}
}

func TestMonthlyPartialAndAfterAsOf(t *testing.T) {
	// January 16 to March 31 as of February 14: January counts its last
	// 16 days, February up to the 14th, March has not begun.
	res, _ := build(t, "as_of: 2026-02-14\n"+contractMetrics, phasingCSV, `title: P
period: {start: 2026-01-16, end: 2026-03-31}
strategies:
  - {id: s, targets: {revenue: 750, margin: 0.5}}
`)
	s := find(t, res, "s")
	var got []string
	for _, m := range s.Monthly {
		for _, f := range m.Figures {
			got = append(got, fmt.Sprintf("%s %s %s/%s/%s/%s", m.Month, f.Metric, show(f.Actual), show(f.Target), show(f.CumulativeActual), show(f.CumulativeTarget)))
		}
	}
	want := []string{
		// The sale of January 10 is before the period.
		"2026-01 revenue 0/160/0/160",
		"2026-01 margin —/0.5/—/0.5", // no sales yet: the ratio is undefined
		"2026-02 revenue 150/280/150/440",
		"2026-02 margin 1/0.5/1/0.5",
		"2026-03 revenue —/310/—/750",
		"2026-03 margin —/0.5/—/0.5",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("monthly:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func show(x analysis.Num) string {
	if !x.Valid {
		return "—"
	}
	return fmt.Sprintf("%.6g", x.V)
}

func TestRatioRecomputed(t *testing.T) {
	// January's margin is 0.1 (10 of 100), February's 1.0 (900 of 900):
	// the period's margin is 910/1000 = 0.91, not the mean 0.55 and not
	// their sum.
	csv := `date,region,country,channel,revenue,cost
2025-01-05,EMEA,Germany,Direct,200,100
2026-01-05,EMEA,Germany,Direct,100,90
2026-02-05,EMEA,Germany,Direct,900,0
`
	res, _ := build(t, "as_of: 2026-02-28\n"+contractMetrics, csv, `title: P
period: {start: 2026-01-01, end: 2026-03-31}
strategies:
  - {id: margin, targets: {margin: 0.8, revenue: 1000}}
  - {id: empty, scope: {country: France}, targets: {margin: 0.8}}
  - {id: later, period: {start: 2026-03-01, end: 2026-03-31}, targets: {margin: 0.8}}
`)
	tests := []struct {
		id                                          string
		actual, expected, pace, forecast, btd, lift analysis.Num
		status                                      analysis.Status
	}{
		// Compared as a whole: expected is the target, forecast the actual;
		// a percentage's lift is in points, 91% − 50%.
		{"margin", n(0.91), n(0.8), n(0.91 / 0.8), n(0.91), n(0.5), n(0.91 - 0.5), analysis.OnTrack},
		// No rows: every ratio figure is undefined and the strategy is behind.
		{"empty", null, n(0.8), null, null, null, null, analysis.Behind},
		// Not started: baseline to date covers no day, a ratio of nothing.
		{"later", null, n(0.8), null, null, null, null, analysis.NotStarted},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			s := find(t, res, tt.id)
			x := s.Targets[0]
			if !same(x.Actual, tt.actual) || !same(x.ExpectedToDate, tt.expected) || !same(x.Pace, tt.pace) ||
				!same(x.Forecast, tt.forecast) || !same(x.BaselineToDate, tt.btd) || !same(x.Lift, tt.lift) || s.Status != tt.status {
				t.Errorf("got %+v, status %s", x, s.Status)
			}
		})
	}
	m := find(t, res, "margin").Monthly
	for i, want := range []struct{ actual, cum analysis.Num }{
		{n(0.1), n(0.1)}, {n(1), n(0.91)}, {null, null},
	} {
		if f := m[i].Figures[0]; !same(f.Actual, want.actual) || !same(f.CumulativeActual, want.cum) {
			t.Errorf("%s: margin %+v, cumulative %+v; want %+v, %+v", m[i].Month, f.Actual, f.CumulativeActual, want.actual, want.cum)
		}
	}
}

func TestBreakdownTopTenAndOther(t *testing.T) {
	// Thirteen countries. Ranked by margin: C01-C08 at 1.0 (ties, by
	// name), then C09 at 0.5 and C10 at 0.4. The rest are taken together:
	// C11 (30 of 100), C12 (0 of 300) and C13, which sold nothing (its
	// margin undefined, so it ranks last): 30/400 = 0.075, neither a sum
	// nor a mean of their margins.
	var b strings.Builder
	b.WriteString("date,region,country,channel,revenue,cost\n")
	for i := 1; i <= 8; i++ {
		fmt.Fprintf(&b, "2026-01-%02d,EMEA,C%02d,Direct,%d,0\n", i, 9-i, 10*i)
	}
	b.WriteString("2026-01-09,EMEA,C09,Partner,100,50\n2026-01-10,EMEA,C10,Partner,100,60\n")
	b.WriteString("2026-01-11,EMEA,C11,Online,100,70\n2026-01-12,EMEA,C12,Online,300,300\n2026-01-13,EMEA,C13,Online,0,0\n")
	b.WriteString("2026-01-13,APAC,C01,Direct,1000,0\n")
	res, _ := build(t, "as_of: 2026-01-31\n"+contractMetrics, b.String(), `title: P
period: {start: 2026-01-01, end: 2026-01-31}
strategies:
  - {id: s, scope: {region: EMEA, channel: [Direct, Partner, Online]}, targets: {margin: 0.5}}
`)
	s := find(t, res, "s")
	var got []string
	for _, bd := range s.Breakdowns {
		var es []string
		for _, e := range bd.Entries {
			es = append(es, e.Value+" "+show(e.Actual))
		}
		got = append(got, bd.Dimension+": "+strings.Join(es, ", "))
	}
	want := []string{
		// region is pinned to EMEA; channel lists three values, so it is not.
		"country: C01 1, C02 1, C03 1, C04 1, C05 1, C06 1, C07 1, C08 1, C09 0.5, C10 0.4, Other 0.075",
		// Direct 360/360; Partner 90/200; Online 30/400.
		"channel: Direct 1, Partner 0.45, Online 0.075",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("breakdowns:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestAsOfIsTheLatestSaleNotTheClock(t *testing.T) {
	// Data from 2019, a sale outside every scope last: as_of is that
	// sale's day, whatever today is.
	csv := `date,region,country,channel,revenue,cost
2019-03-01,EMEA,Germany,Direct,10,0
2019-06-30,APAC,Japan,Direct,10,0
`
	res, _ := build(t, contractMetrics, csv, `title: P
period: {start: 2019-01-01, end: 2019-12-31}
strategies:
  - {id: s, scope: {region: EMEA}, targets: {revenue: 365}}
`)
	s := find(t, res, "s")
	if res.AsOf.String() != "2019-06-30" || s.DaysElapsed != 181 || s.Status != analysis.Behind {
		t.Errorf("as_of %s, %d days elapsed, %s; want 2019-06-30, 181, behind", res.AsOf, s.DaysElapsed, s.Status)
	}
}
