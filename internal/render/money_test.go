package render

import (
	"regexp"
	"testing"

	"salesdeck/internal/analysis"
	"salesdeck/internal/load/plan"
)

// A page where some amount is 1,000 or more writes every amount in
// whole units: the overview of the fixture shows its not-started
// strategy's $0, never $0.00, beside millions.
func TestWholeMoneyOnPages(t *testing.T) {
	out := render(t)
	cents := regexp.MustCompile(`\$[0-9,]+\.[0-9]{2}\b`)
	for _, name := range []string{"index.html", "plans/fy2026-americas.html", "strategies/canada-expansion.html", "handout.html"} {
		if m := cents.FindString(string(out[name])); m != "" {
			t.Errorf("%s shows %s among whole amounts", name, m)
		}
	}
	if want := `data-money="whole"`; !regexp.MustCompile(want).Match(out["index.html"]) {
		t.Errorf("index.html lacks %s for the charts' tooltips", want)
	}
}

func TestBigMoney(t *testing.T) {
	money := analysis.Metric{Name: "revenue", Format: "money"}
	small := analysis.Target{Metric: money, Target: 900, Actual: some(450), Forecast: some(899.99)}
	budget := 1500.0
	tests := []struct {
		name string
		s    *analysis.Strategy
		want bool
	}{
		{"amounts below 1,000", &analysis.Strategy{Strategy: &plan.Strategy{}, Targets: []analysis.Target{small}}, false},
		{"a target of 1,000", &analysis.Strategy{Strategy: &plan.Strategy{}, Targets: []analysis.Target{{Metric: money, Target: 1000}}}, true},
		{"a forecast beyond it", &analysis.Strategy{Strategy: &plan.Strategy{}, Targets: []analysis.Target{{Metric: money, Target: 900, Forecast: some(-1200)}}}, true},
		{"a budget", &analysis.Strategy{Strategy: &plan.Strategy{Budget: &budget}, Targets: []analysis.Target{small}}, true},
		// Units are no money: 5,000 orders leave an average order of $45.50 as it is.
		{"a count", &analysis.Strategy{Strategy: &plan.Strategy{}, Targets: []analysis.Target{{Metric: units, Target: 5000}, small}}, false},
	}
	for _, tt := range tests {
		if got := bigMoney(tt.s); got != tt.want {
			t.Errorf("%s: bigMoney = %v, want %v", tt.name, got, tt.want)
		}
		if got := enViews().money([]*analysis.Strategy{tt.s}).f.Money(0.5); (got == "$1") != tt.want {
			t.Errorf("%s: half a dollar is %s", tt.name, got)
		}
	}
}
