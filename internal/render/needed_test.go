package render

import (
	"strings"
	"testing"

	"salesdeck/internal/analysis"
	"salesdeck/internal/render/chart"
	"salesdeck/internal/render/format"
)

// The figures for the decision as pages show them: run rates, the flag
// on a month needed above the best baseline month, the lift of a
// percentage in points.
func TestTargetViewRunRates(t *testing.T) {
	v := views{f: format.New("en-US", "USD")}
	null := analysis.Num{}
	tests := []struct {
		name                  string
		t                     analysis.Target
		runRate, needed, lift string
		high                  bool
	}{
		{"needed above the best month", analysis.Target{Metric: revenue, RunRate: some(329054.05), RequiredRunRate: some(341355.14), BestBaselineMonth: some(300000)},
			"$329,054", "$341,355", "—", true},
		{"needed equal to the best month", analysis.Target{Metric: revenue, RunRate: some(10), RequiredRunRate: some(300), BestBaselineMonth: some(300)},
			"$10.00", "$300.00", "—", false},
		{"no sales in the baseline", analysis.Target{Metric: revenue, RequiredRunRate: some(300), BestBaselineMonth: some(0)},
			"—", "$300.00", "—", false},
		{"the period is over", analysis.Target{Metric: units, RunRate: some(12.5), RequiredRunRate: null, BestBaselineMonth: some(3)},
			"12.5", "—", "—", false},
		{"relative lift", analysis.Target{Metric: revenue, Lift: some(0.2083)}, "—", "—", "+20.8%", false},
		{"a percentage lifts in points", analysis.Target{Metric: margin, Actual: some(0.345), BaselineToDate: some(0.318), Lift: some(0.345 - 0.318)},
			"—", "—", "+2.7 pp", false},
		{"a ratio in money lifts relatively", analysis.Target{Metric: analysis.Metric{Name: "avg_order", Format: "money", Ratio: true}, Lift: some(-0.031)},
			"—", "—", "-3.1%", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tv := v.target(tt.t)
			if tv.RunRate != tt.runRate || tv.Needed != tt.needed || tv.Lift != tt.lift || tv.NeededHigh != tt.high {
				t.Errorf("so far %q, needed %q, lift %q, high %v; want %q, %q, %q, %v",
					tv.RunRate, tv.Needed, tv.Lift, tv.NeededHigh, tt.runRate, tt.needed, tt.lift, tt.high)
			}
		})
	}
}

// "Needed per month" sits beside "so far per month" on a KPI card; above
// the best month of the baseline it is marked by class and in words.
func TestKPINeeded(t *testing.T) {
	tv := TargetView{RunRate: "$329,054", Needed: "$341,355", BestMonth: "$300,000", Show: KPIShow{RunRate: true}}
	var b strings.Builder
	if err := en().writeKPI(&b, tv); err != nil {
		t.Fatal(err)
	}
	want := "<div><dt>So far per month</dt><dd>$329,054</dd></div>\n    <div><dt>Needed per month</dt><dd>$341,355</dd></div>"
	if !strings.Contains(b.String(), want) {
		t.Errorf("card:\n%s\nlacks\n%s", b.String(), want)
	}
	tv.NeededHigh = true
	b.Reset()
	en().writeKPI(&b, tv)
	want = `<dd><span class="needed-high">$341,355 <span class="cue">▲ above last year&#39;s best month, $300,000</span></span></dd>`
	if !strings.Contains(b.String(), want) {
		t.Errorf("card:\n%s\nlacks\n%s", b.String(), want)
	}
	for _, tv := range []TargetView{
		{Needed: "$1", NeededHigh: true, Show: KPIShow{Pace: true}},
		{Ratio: true, Needed: "—", Show: showAll},
	} {
		b.Reset()
		en().writeKPI(&b, tv)
		if strings.Contains(b.String(), "per month") {
			t.Errorf("a card not asked for run rates, or of a ratio, shows them:\n%s", b.String())
		}
	}
}

// The handout's month table: the month's actual, target and last year,
// then actual and target to date.
func TestMonthTable(t *testing.T) {
	mon := chart.Table{Rows: [][]string{{"Jan", "1", "2", "3"}, {"Feb", "—", "5", "6"}}}
	cum := chart.Table{Rows: [][]string{{"Jan", "1", "2", "3"}, {"Feb", "—", "7", "9"}}}
	got := enViews().monthTable("Revenue", cum, mon)
	want := [][]string{{"Jan", "1", "2", "3", "1", "2"}, {"Feb", "—", "5", "6", "—", "7"}}
	if len(got.Header) != 6 || got.Header[3] != "Last year" || len(got.Rows) != 2 {
		t.Fatalf("table %+v", got)
	}
	for i, w := range want {
		if strings.Join(got.Rows[i], ",") != strings.Join(w, ",") {
			t.Errorf("row %d = %q, want %q", i, got.Rows[i], w)
		}
	}
	if len(mon.Rows[0]) != 4 || len(cum.Rows[0]) != 4 {
		t.Errorf("the charts' tables were changed: %q, %q", mon.Rows[0], cum.Rows[0])
	}
}
