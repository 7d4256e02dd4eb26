package analysis

import (
	"fmt"
	"slices"
	"strings"

	"salesdeck/internal/load/config"
	"salesdeck/internal/load/plan"
	"salesdeck/internal/load/sales"
	"salesdeck/internal/support/diag"
	"salesdeck/internal/support/metric"
)

// Breakdowns ranked in the source (docs/databases.md, "Ranking in the
// source"): for the dimensions sales.rank_in_source lists, a database
// sends each strategy's first values and their figures instead of the
// groups of every value, and the analysis takes its breakdowns from
// those. A dimension is ranked there only when nothing else needs its
// values one by one: no bridge or price-volume-mix splits by it, no chart
// draws a series per value, and every metric its breakdowns rank by adds
// up over rows (a sum without a division, or a count), so that "Other" is
// the strategy's figure less its first values'.

// rankable returns the dimensions of rank_in_source, among dims (the
// data's, in order), whose breakdowns a source may rank, and for each
// other one the reason it may not.
func rankable(cfg *config.Site, plans []*plan.Plan, asks *Asks, dims []string, set *metric.Set) (ok []string, why map[string]string) {
	why = map[string]string{}
	for _, d := range cfg.Sales.RankInSource {
		if !slices.Contains(dims, d) {
			continue // Run reports it
		}
		if r := unrankable(cfg, plans, asks, dims, set, d); r != "" {
			why[d] = r
			continue
		}
		ok = append(ok, d)
	}
	return ok, why
}

// unrankable says why the breakdowns by d cannot be ranked in the
// source, or "".
func unrankable(cfg *config.Site, plans []*plan.Plan, asks *Asks, dims []string, set *metric.Set, d string) string {
	if cfg.Analysis.Set() && cfg.Analysis.MixBy == d {
		return fmt.Sprintf("analysis.mix_by splits price, volume and mix by %s", d)
	}
	if asks != nil {
		for _, q := range asks.Charts {
			if q.By == d {
				return fmt.Sprintf("a chart draws %s by %s", q.Metric, d)
			}
		}
	}
	for _, p := range plans {
		for _, s := range p.Strategies {
			if len(s.Targets) == 0 {
				continue
			}
			for _, e := range s.Scope {
				if e.Dimension == d {
					return fmt.Sprintf("strategy %s is scoped on %s", s.ID, d)
				}
			}
			first := s.Targets[0].Metric
			if !notAdditive(cfg, first) && bridgeDim(s, dims) == d {
				return fmt.Sprintf("strategy %s bridges by %s", s.ID, d)
			}
			metrics := append([]string{first}, asks.MetricsFor(s.ID)...)
			for _, m := range metrics {
				if !summable(set, m) {
					return fmt.Sprintf("strategy %s ranks it by %s, which does not add up over rows as a sum without a division or a count", s.ID, m)
				}
			}
		}
	}
	return ""
}

// bridgeDim is the dimension s's bridge splits by: bridge_by, or else the
// first dimension its scope does not pin to one value (analyser.change).
func bridgeDim(s *plan.Strategy, dims []string) string {
	if s.BridgeBy != "" {
		return s.BridgeBy
	}
	for _, d := range dims {
		if !slices.ContainsFunc(s.Scope, func(e plan.ScopeEntry) bool { return e.Dimension == d && len(e.Values) == 1 }) {
			return d
		}
	}
	return ""
}

// summable reports whether metric name is a sum of an expression without
// a division, or a count: a figure whose exact value a database sums as
// a salesdeck build does.
func summable(set *metric.Set, name string) bool {
	d, ok := set.Lookup(name)
	switch {
	case !ok:
		return true // no figure at all: the plan fails with its position
	case d.Kind == metric.Count:
		return true
	case d.Kind == metric.Sum:
		return d.Expr.Decimals(func(string) int { return 0 }) >= 0
	}
	return false
}

// rankKey names strategy id's breakdown by dim ranked by metric m.
func rankKey(id, dim, m string) string { return id + "\x00" + dim + "\x00" + m }

// ranker is Need's Rank: the breakdowns a source ranks, given the
// combinations of keys the data has (d holds those only).
func ranker(cfg *config.Site, plans []*plan.Plan, asks *Asks) sales.Rank {
	return func(d *sales.Data) ([]string, []sales.Ranking) {
		dims, _ := rankable(cfg, plans, asks, d.Dimensions, d.Metrics)
		if len(dims) == 0 {
			return nil, nil
		}
		a := newAnalyser(cfg, d)
		ng := len(d.Grouped)
		var out []sales.Ranking
		for _, p := range plans {
			for _, s := range p.Strategies {
				var warns []*diag.Error
				f, ok := a.compile(s, &warns)
				r := breakRange(cfg, s)
				if !ok || r.Empty() {
					continue
				}
				var combos [][]string
				for c := 0; c+ng <= len(d.Combos); c += ng {
					keys := d.Combos[c : c+ng]
					if !f.match(keys) {
						continue
					}
					combo := make([]string, ng)
					for i, j := range d.Grouped {
						combo[i] = d.Values[j][keys[i]]
					}
					combos = append(combos, combo)
				}
				metrics := []string{s.Targets[0].Metric}
				for _, m := range asks.MetricsFor(s.ID) {
					if _, known := d.Metrics.Lookup(m); known && m != metrics[0] {
						metrics = append(metrics, m) // as Run asks
					}
				}
				for _, dim := range dims {
					for _, m := range metrics {
						out = append(out, sales.Ranking{Key: rankKey(s.ID, dim, m), Dim: dim, Metric: m, Range: r, Combos: combos})
					}
				}
			}
		}
		return dims, out
	}
}

// rankedBreakdown is s's breakdown by dimension j ranked by m, from the
// source's answer: its first values, and "Other", s's figure to date
// (actual) less theirs, rounded as every breakdown figure is
// (tally.figures).
func (a *analyser) rankedBreakdown(s *plan.Strategy, j int, m string, actual sums) Breakdown {
	b := Breakdown{Dimension: a.data.Dimensions[j], Metric: m, Entries: []BreakdownEntry{}}
	r := a.data.Ranked[rankKey(s.ID, b.Dimension, m)]
	c := a.set.Column(m)
	dec := -1
	if c < len(a.data.Decimals) {
		dec = a.data.Decimals[c]
	}
	rest := actual.v[c]
	for _, v := range r.Top {
		x := sales.RoundTo(v.Sum, dec)
		rest -= x
		b.Entries = append(b.Entries, BreakdownEntry{Value: v.Value, Actual: Some(x)})
	}
	if r.Values > len(r.Top) {
		b.Entries = append(b.Entries, BreakdownEntry{Value: "Other", Actual: Some(sales.RoundTo(rest, dec)), Other: true})
	}
	return b
}

// checkRanked reports a dimension of sales.rank_in_source the data does
// not have, and warns of each that salesdeck ranks itself, with why.
func (a *analyser) checkRanked(plans []*plan.Plan, asks *Asks) {
	sc := a.cfg.Sales
	if len(sc.RankInSource) == 0 {
		return
	}
	pos := sc.Pos["rank_in_source"]
	dims := a.data.Dimensions
	for _, d := range sc.RankInSource {
		if !slices.Contains(dims, d) {
			a.errs.Add(pos, "sales.rank_in_source: unknown dimension %q%s; dimensions: %s", d, diag.Suggest(d, dims), strings.Join(dims, ", "))
		}
	}
	_, why := rankable(a.cfg, plans, asks, dims, a.set)
	for _, d := range sc.RankInSource {
		if r, ok := why[d]; ok {
			a.warn(diag.Errorf(pos, "sales.rank_in_source: the breakdowns by %s are ranked by salesdeck from a group per value, as without the setting: %s", d, r))
		}
	}
}
