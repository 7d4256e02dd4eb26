package analysis_test

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"salesdeck/internal/analysis"
	"salesdeck/internal/load/sales"
	"salesdeck/internal/support/civil"
	"salesdeck/internal/support/metric"
)

// changeSite is a January to date against the same days a year earlier,
// as of January 10, 2026 (10 days elapsed; the baseline window is
// January 1 to 10, 2025), by product:
//
//	product  last year (R0, Q0)  this year (R1, Q1)
//	A        100, 10 units       165, 15 units
//	B        200, 10 units       105, 5 units (Online)
//	C         50, no units (Online)
//	D                             60, 4 units (Online, new)
//	E                             30, no units (Partner)
//
// and in region NA twelve products whose changes are 1 to 10, 3 and −10.
// Rows just outside both windows must count in neither.
func changeSite() (siteYAML, csv string) {
	siteYAML = `as_of: 2026-01-10
sales:
  dimensions: [region, product, channel]
  measures: {revenue: revenue, units: units}
metrics:
  revenue: {sum: revenue, format: money}
  orders: {count: rows}
  qty: {sum: "units * 1"}
  price: {ratio: [revenue, qty], format: money}
analysis: {volume: units, mix_by: product}
`
	var b strings.Builder
	b.WriteString(`date,region,product,channel,revenue,units
2025-01-02,EMEA,A,Direct,100,10
2025-01-05,EMEA,B,Direct,200,10
2025-01-10,EMEA,C,Online,50,0
2025-01-11,EMEA,A,Direct,999,99
2026-01-03,EMEA,A,Direct,165,15
2026-01-04,EMEA,B,Online,105,5
2026-01-06,EMEA,D,Online,60,4
2026-01-07,EMEA,E,Partner,30,0
2026-01-11,EMEA,A,Direct,777,7
2025-01-03,NA,P12,Direct,10,1
`)
	for i := 1; i <= 11; i++ {
		rev := i
		if i == 11 {
			rev = 3
		}
		fmt.Fprintf(&b, "2026-01-05,NA,P%02d,Direct,%d,1\n", i, rev)
	}
	return siteYAML, b.String()
}

const changePlans = `title: P
period: {start: 2026-01-01, end: 2026-01-31}
strategies:
  - {id: emea, scope: {region: EMEA}, exclude: {channel: Partner}, bridge_by: product, targets: {revenue: 400, orders: 9, price: 20}}
  - {id: with-partner, scope: {region: EMEA}, bridge_by: product, targets: {revenue: 400}}
  - {id: online, scope: {region: EMEA, channel: Online}, targets: {revenue: 200}}
  - {id: many, scope: {region: NA}, targets: {revenue: 100}}
  - {id: ratio-first, scope: {region: EMEA}, targets: {price: 20, revenue: 400}}
  - {id: not-started, period: {start: 2026-02-01, end: 2026-02-28}, bridge_by: product, targets: {revenue: 100}}
`

// runBothWays analyses a site twice, its data grouped by every
// dimension and grouped as its plans need (analysis.Need), and requires
// the same bridges and price-volume-mix of both.
func runBothWays(t *testing.T, siteYAML, csv, plans string) *analysis.Site {
	t.Helper()
	fsys, cfg, ps := settings(t, siteYAML, csv, plans)
	var out []*analysis.Site
	for _, need := range []*sales.Need{nil, analysis.Need(cfg, ps, nil)} {
		data, err := sales.Load(fsys, cfg, sales.Options{Need: need})
		if err != nil {
			t.Fatal(err)
		}
		if need != nil && slices.Contains(data.Grouped, slices.Index(data.Dimensions, "product")) {
			t.Fatal("product is a key: the per-dimension groups are not taken")
		}
		res, _, err := analysis.Run(cfg, ps, data, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, res)
	}
	for i, s := range out[0].Strategies {
		o := out[1].Strategies[i]
		if a, b := fmt.Sprint(bridgeText(s.Bridge)), fmt.Sprint(bridgeText(o.Bridge)); a != b {
			t.Errorf("%s: bridge %s grouped by every dimension, %s as the plans need", s.Strategy.ID, a, b)
		}
		for k := range s.Targets {
			if a, b := pvmText(s.Targets[k].PriceVolumeMix), pvmText(o.Targets[k].PriceVolumeMix); a != b {
				t.Errorf("%s: price-volume-mix %s grouped by every dimension, %s as the plans need", s.Strategy.ID, a, b)
			}
		}
	}
	return out[1]
}

func bridgeText(b *analysis.Bridge) string {
	if b == nil {
		return "null"
	}
	var steps []string
	for _, s := range b.Steps {
		steps = append(steps, fmt.Sprintf("%s %.9g", s.Value, s.Delta))
	}
	return fmt.Sprintf("by %s %.9g → %.9g: %s", b.By, b.Start, b.End, strings.Join(steps, ", "))
}

func pvmText(p *analysis.PriceVolumeMix) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprintf("volume %.9g mix %.9g price %.9g other %.9g", p.Volume, p.Mix, p.Price, p.Other)
}

func TestBridge(t *testing.T) {
	siteYAML, csv := changeSite()
	res := runBothWays(t, siteYAML, csv, changePlans)
	tests := []struct {
		id   string
		want string
	}{
		// 350 last year, 330 this: A +65, B −95, C −50 (nothing this
		// year), D +60 (nothing last year); the largest change first.
		{"emea", "by product 350 → 330: B -95, A 65, D 60, C -50"},
		// E sold 30 this year only.
		{"with-partner", "by product 350 → 360: B -95, A 65, D 60, C -50, E 30"},
		// No bridge_by: the first breakdown, product (region and channel
		// are pinned). B sold Direct last year, Online this year.
		{"online", "by product 50 → 165: B 105, D 60, C -50"},
		// Eight listed, |change| ties by value (P10 before P12, P03
		// before P11), the rest over their rows together as Other: 3 +
		// 3 + 2 + 1.
		{"many", "by product 10 → 58: P10 10, P12 -10, P09 9, P08 8, P07 7, P06 6, P05 5, P04 4, Other 9"},
		{"ratio-first", "null"},
		{"not-started", "by product 0 → 0: "},
	}
	for _, tt := range tests {
		s := find(t, res, tt.id)
		if got := bridgeText(s.Bridge); got != tt.want {
			t.Errorf("%s: bridge %s, want %s", tt.id, got, tt.want)
		}
		if b := s.Bridge; b != nil {
			for k, st := range b.Steps {
				if st.Other != (st.Value == "Other" && k == len(b.Steps)-1) {
					t.Errorf("%s: step %d %+v: only the last, Other, is marked Other", tt.id, k, st)
				}
			}
			sum := 0.0
			for _, st := range b.Steps {
				sum += st.Delta
			}
			if math.Abs(sum-(b.End-b.Start)) > 1e-9*math.Max(1, math.Abs(b.End)) {
				t.Errorf("%s: steps add up to %g, not end − start = %g", tt.id, sum, b.End-b.Start)
			}
		}
	}
}

func TestPriceVolumeMix(t *testing.T) {
	siteYAML, csv := changeSite()
	res := runBothWays(t, siteYAML, csv, changePlans)
	// emea: Q0 = 20, Q1 = 24, R0 = 350, R1 = 330. Last year's prices: A
	// 10, B 20; D, new, at this year's 60 ÷ 4 = 15; C, with no volume in
	// either window, 0.
	//   volume = (24 − 20) × 350 ÷ 20                           =  70
	//   mix    = A (15/24 − 10/20) × 24 × 10 = 30
	//          + B ( 5/24 − 10/20) × 24 × 20 = −140
	//          + D ( 4/24 − 0)     × 24 × 15 = 60               = −50
	//   price  = A 165 − 15 × 10 + B 105 − 5 × 20 + D 60 − 4 × 15 =  20
	//   other  = (330 − 350) − 70 + 50 − 20                     = −60
	// Other is C's revenue without volume: −24 × 50 ÷ 20.
	tests := []struct {
		id, metric string
		want       *analysis.PriceVolumeMix
	}{
		{"emea", "revenue", &analysis.PriceVolumeMix{Volume: 70, Mix: -50, Price: 20, Other: -60}},
		// E, 30 of revenue with no volume in either window, is at a price
		// of 0 last year: all of it is price.
		{"with-partner", "revenue", &analysis.PriceVolumeMix{Volume: 70, Mix: -50, Price: 50, Other: -60}},
		// Counts and ratios have no price-volume-mix.
		{"emea", "orders", nil},
		{"emea", "price", nil},
		// Online sold no units last year (C): Q0 = 0.
		{"online", "revenue", nil},
		// Nothing to date: Q1 = 0.
		{"not-started", "revenue", nil},
		// NA, one unit each: Q0 = 1 (P12 at 10), Q1 = 11.
		//   volume = 10 × 10 = 100; mix: P12 (0 − 1) × 11 × 10 = −110,
		//   each new item (1/11) × 11 × its own price: 55 + 3 = 58;
		//   price 0 − 0; other = 48 − 100 + 52 = 0.
		{"many", "revenue", &analysis.PriceVolumeMix{Volume: 100, Mix: -52, Price: 0, Other: 0}},
	}
	for _, m := range res.Metrics {
		if m.Name == metric.Volume {
			t.Errorf("the volume column, no metric of site.yaml, is listed among the metrics")
		}
	}
	for _, tt := range tests {
		s := find(t, res, tt.id)
		x := target(t, s, tt.metric)
		got := x.PriceVolumeMix
		if pvmText(got) != pvmText(tt.want) {
			t.Errorf("%s %s: %s, want %s", tt.id, tt.metric, pvmText(got), pvmText(tt.want))
			continue
		}
		if got == nil {
			continue
		}
		change := x.Actual.V - x.BaselineToDate.V
		if sum := got.Volume + got.Mix + got.Price + got.Other; math.Abs(sum-change) > 1e-9 {
			t.Errorf("%s %s: the parts add up to %g, not R1 − R0 = %g", tt.id, tt.metric, sum, change)
		}
	}
}

// Without site.yaml's analysis, no target has a price-volume-mix.
func TestPriceVolumeMixNeedsAnalysis(t *testing.T) {
	siteYAML, csv := changeSite()
	siteYAML = strings.Replace(siteYAML, "analysis: {volume: units, mix_by: product}\n", "", 1)
	res := runBothWays(t, siteYAML, csv, changePlans)
	for _, s := range res.Strategies {
		for _, x := range s.Targets {
			if x.PriceVolumeMix != nil {
				t.Errorf("%s %s: price-volume-mix %s without analysis in site.yaml", s.Strategy.ID, x.Metric.Name, pvmText(x.PriceVolumeMix))
			}
		}
	}
	if got := bridgeText(find(t, res, "emea").Bridge); got != "by product 350 → 330: B -95, A 65, D 60, C -50" {
		t.Errorf("bridge %s", got)
	}
}

// Need cuts the baseline window of a strategy whose bridge or mix is by
// a dimension that is no key: at its first day and the day after its last
// when as_of is set, and at every day it may end on when the data's last
// day decides.
func TestNeedCutsBaselineWindows(t *testing.T) {
	d := civil.New
	const plans = `title: P
period: {start: 2026-01-01, end: 2026-01-05}
strategies:
  - {id: s, scope: {region: EMEA}, targets: {revenue: 1}}
`
	tests := []struct {
		name, site, plans string
		cuts              []civil.Date
		columns           []string
	}{
		{"as_of set", "as_of: 2026-01-03\n", plans,
			[]civil.Date{d(2025, 1, 1), d(2025, 1, 4), d(2026, 1, 1), d(2026, 1, 4)}, []string{"revenue"}},
		{"as_of from the data", "", plans,
			[]civil.Date{d(2025, 1, 1), d(2025, 1, 2), d(2025, 1, 3), d(2025, 1, 4), d(2025, 1, 5), d(2025, 1, 6), d(2026, 1, 1), d(2026, 1, 6)}, []string{"revenue"}},
		{"bridge by a key", "as_of: 2026-01-03\n", strings.Replace(plans, "targets:", "bridge_by: region, targets:", 1),
			[]civil.Date{d(2026, 1, 1), d(2026, 1, 4)}, []string{"revenue"}},
		{"price-volume-mix", "as_of: 2026-01-03\nanalysis: {volume: units, mix_by: region}\n", strings.Replace(plans, "targets:", "bridge_by: region, targets:", 1),
			[]civil.Date{d(2026, 1, 1), d(2026, 1, 4)}, []string{metric.Volume, "revenue"}},
		{"not started", "as_of: 2025-12-03\n", plans, nil, []string{"revenue"}},
	}
	for _, tt := range tests {
		_, cfg, ps := settings(t, tt.site, "", tt.plans)
		n := analysis.Need(cfg, ps, nil)
		if !slices.Equal(n.Segments, tt.cuts) || !slices.Equal(n.Columns, tt.columns) {
			t.Errorf("%s: cuts %v, columns %q; want %v, %q", tt.name, n.Segments, n.Columns, tt.cuts, tt.columns)
		}
	}
}
