package analysis

import (
	"cmp"
	"fmt"
	"slices"

	"salesdeck/internal/load/config"
	"salesdeck/internal/load/plan"
	"salesdeck/internal/support/civil"
)

// Asks are the figures that Markdown blocks ask for beyond those of the
// plans (docs/pages.md, Live figures): breakdowns of a strategy ranked by
// another metric than its first target, and charts of a metric over every
// row of a period, tied to no strategy. Need adds the groups they read to
// those a load keeps; Run computes them. A nil *Asks asks for nothing.
type Asks struct {
	Breakdowns []BreakdownAsk
	Charts     []ChartAsk
}

// BreakdownAsk asks for strategy Strategy's breakdowns (by every
// dimension it breaks down by) ranked by Metric.
type BreakdownAsk struct {
	Strategy string
	Metric   string
}

// ChartAsk asks for Metric over every row dated in Period (up to as_of),
// per bucket of Grain (Grains; "" is a month), one series per value of
// dimension By ("" for one series of every row), of the rows in Scope
// (nil for every row; its positions are not read). docs/figures.md,
// Charts of a period, says what each figure is.
type ChartAsk struct {
	Metric string
	By     string
	Period civil.Range
	Grain  string
	Scope  plan.Scope
}

func (q ChartAsk) String() string {
	s := fmt.Sprintf("%s by %q over %s..%s by %s", q.Metric, q.By, q.Period.Start, q.Period.End, q.grain())
	for _, e := range q.Scope {
		s += fmt.Sprintf(" %s in %q", e.Dimension, e.Values)
	}
	return s
}

// Same reports whether q and o ask for the same chart.
func (q ChartAsk) Same(o ChartAsk) bool {
	return q.Metric == o.Metric && q.By == o.By && q.Period == o.Period && q.grain() == o.grain() &&
		slices.EqualFunc(q.Scope, o.Scope, func(a, b plan.ScopeEntry) bool {
			return a.Dimension == b.Dimension && slices.Equal(a.Values, b.Values)
		})
}

func (q ChartAsk) grain() string { return cmp.Or(q.Grain, GrainMonth) }

// MetricsFor returns the metrics that a asks strategy id's breakdowns
// ranked by, sorted and each once: what its results hold beyond the
// plan's own figures, for a cache to file them under.
func (a *Asks) MetricsFor(id string) []string {
	if a == nil {
		return nil
	}
	var out []string
	for _, b := range a.Breakdowns {
		if b.Strategy == id {
			out = append(out, b.Metric)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// chartRange is the span whose rows chart q counts: its period to date
// (knownToDate).
func chartRange(cfg *config.Site, q ChartAsk) civil.Range {
	return knownToDate(cfg, q.Period)
}

// chartCuts are the days that cut chart q's buckets out of time when its
// series are by a dimension that is no key: the first day of each bucket
// with rows to count, and the day after the last.
func chartCuts(cfg *config.Site, q ChartAsk) []civil.Date {
	r := chartRange(cfg, q)
	if r.Empty() {
		return nil
	}
	var cuts []civil.Date
	_, spans := Buckets(q.Period, q.grain(), cfg.FiscalYearStart)
	for _, s := range spans {
		if s.Start <= r.End {
			cuts = append(cuts, s.Start)
		}
	}
	return append(cuts, r.End+1)
}
