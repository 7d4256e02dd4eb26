package analysis

import (
	"testing"

	"salesdeck/internal/load/config"
	"salesdeck/internal/load/plan"
	"salesdeck/internal/load/sales"
	"salesdeck/internal/support/diag"
	"salesdeck/internal/support/metric"
)

// A dimension of sales.rank_in_source is ranked by the source only when
// nothing needs its values one by one and its breakdowns rank by a
// figure that adds up row by row; otherwise salesdeck ranks it, and says
// why.
func TestRankable(t *testing.T) {
	mustExpr := func(s string) *metric.Expr {
		e, err := metric.ParseExpr(s)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	defs := []metric.Def{
		{Name: "revenue", Kind: metric.Sum, Expr: mustExpr("revenue")},
		{Name: "profit", Kind: metric.Sum, Expr: mustExpr("revenue - cost")},
		{Name: "price", Kind: metric.Sum, Expr: mustExpr("revenue / units")},
		{Name: "orders", Kind: metric.Count},
		{Name: "margin", Kind: metric.Ratio, Ratio: [2]string{"profit", "revenue"}},
		{Name: "buyers", Kind: metric.Distinct, Column: "customer"},
	}
	set, err := metric.NewSet(defs, []string{"revenue", "cost", "units"})
	if err != nil {
		t.Fatal(err)
	}
	dims := []string{"region", "country", "customer"}
	// A strategy of one region, whose bridge by default splits by
	// country, the first dimension its scope leaves open.
	strategy := func(first string, change func(*plan.Strategy)) []*plan.Plan {
		s := &plan.Strategy{ID: "s1", Scope: plan.Scope{{Dimension: "region", Values: []string{"EMEA"}}}, Targets: []plan.Target{{Metric: first}}}
		if change != nil {
			change(s)
		}
		return []*plan.Plan{{Strategies: []*plan.Strategy{s}}}
	}
	for _, tt := range []struct {
		name  string
		plans []*plan.Plan
		cfg   func(*config.Site)
		asks  *Asks
		why   string // "" when customer is ranked by the source
	}{
		{name: "a sum", plans: strategy("revenue", nil)},
		{name: "a difference of measures", plans: strategy("profit", nil)},
		{name: "a count", plans: strategy("orders", nil)},
		{name: "a ratio first target", plans: strategy("margin", nil),
			why: "strategy s1 ranks it by margin, which does not add up over rows as a sum without a division or a count"},
		{name: "a distinct count", plans: strategy("buyers", nil),
			why: "strategy s1 ranks it by buyers, which does not add up over rows as a sum without a division or a count"},
		{name: "a sum that divides", plans: strategy("price", nil),
			why: "strategy s1 ranks it by price, which does not add up over rows as a sum without a division or a count"},
		{name: "a block ranks by a ratio", plans: strategy("revenue", nil), asks: &Asks{Breakdowns: []BreakdownAsk{{Strategy: "s1", Metric: "margin"}}},
			why: "strategy s1 ranks it by margin, which does not add up over rows as a sum without a division or a count"},
		{name: "bridge_by", plans: strategy("revenue", func(s *plan.Strategy) { s.BridgeBy = "customer" }),
			why: "strategy s1 bridges by customer"},
		{name: "the default bridge", plans: strategy("revenue", func(s *plan.Strategy) {
			s.Scope = append(s.Scope, plan.ScopeEntry{Dimension: "country", Values: []string{"France"}})
		}),
			why: "strategy s1 bridges by customer"},
		{name: "a bridge by another dimension", plans: strategy("margin", func(s *plan.Strategy) {
			s.Targets = append([]plan.Target{{Metric: "revenue"}}, s.Targets...)
			s.BridgeBy = "country"
		})},
		{name: "scoped", plans: strategy("revenue", func(s *plan.Strategy) {
			s.Scope = append(s.Scope, plan.ScopeEntry{Dimension: "customer", Values: []string{"C1", "C2"}})
		}),
			why: "strategy s1 is scoped on customer"},
		{name: "mix_by", plans: strategy("revenue", nil), cfg: func(c *config.Site) { c.Analysis = config.Analysis{Volume: "units", MixBy: "customer"} },
			why: "analysis.mix_by splits price, volume and mix by customer"},
		{name: "a chart by it", plans: strategy("revenue", nil), asks: &Asks{Charts: []ChartAsk{{Metric: "revenue", By: "customer"}}},
			why: "a chart draws revenue by customer"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := &config.Site{Sales: config.Sales{RankInSource: []string{"customer", "segment"}}}
			if tt.cfg != nil {
				tt.cfg(cfg)
			}
			ok, why := rankable(cfg, tt.plans, tt.asks, dims, set)
			if tt.why == "" && (len(ok) != 1 || ok[0] != "customer") {
				t.Errorf("ranked %v (why: %v), want [customer]", ok, why)
			}
			if tt.why != "" && (len(ok) != 0 || why["customer"] != tt.why) {
				t.Errorf("ranked %v, why %q\nwant none, because %q", ok, why["customer"], tt.why)
			}
			if _, listed := why["segment"]; listed {
				t.Errorf("segment, no dimension of the data, has a reason: %q", why["segment"])
			}
		})
	}
}

// A name in sales.rank_in_source that is no dimension is an error at the
// setting, with the dimensions there are.
func TestRankInSourceNamesDimensions(t *testing.T) {
	set, err := metric.NewSet([]metric.Def{{Name: "orders", Kind: metric.Count}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg := &config.Site{Sales: config.Sales{RankInSource: []string{"custmer"}, Pos: map[string]diag.Pos{"rank_in_source": {File: "site.yaml", Line: 7, Col: 19}}}}
	a := newAnalyser(cfg, &sales.Data{Dimensions: []string{"region", "customer"}, Metrics: set})
	a.checkRanked(nil, nil)
	want := `site.yaml:7:19: sales.rank_in_source: unknown dimension "custmer" (did you mean "customer"?); dimensions: region, customer`
	if err := a.errs.Err(); err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}
