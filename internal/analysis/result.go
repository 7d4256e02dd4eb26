package analysis

import (
	"slices"

	"salesdeck/internal/load/history"
	"salesdeck/internal/load/plan"
	"salesdeck/internal/support/civil"
	"salesdeck/internal/support/diag"
)

// Num is a figure that may be undefined (a division by zero, an empty
// ratio). Undefined figures are null in JSON and "—" on pages, never NaN.
type Num struct {
	V     float64
	Valid bool
}

// Some returns a defined figure.
func Some(v float64) Num { return Num{V: v, Valid: true} }

// Div returns a/b, undefined when either is undefined or b is 0.
func Div(a, b Num) Num {
	if !a.Valid || !b.Valid || b.V == 0 {
		return Num{}
	}
	return Some(a.V / b.V)
}

// Status is where a strategy stands (docs/figures.md, Status).
type Status string

const (
	NotStarted Status = "not_started"
	OnTrack    Status = "on_track"
	AtRisk     Status = "at_risk"
	Behind     Status = "behind"
	Achieved   Status = "achieved"
	Missed     Status = "missed"
)

// Statuses lists every status in the order pages show them.
var Statuses = []Status{OnTrack, AtRisk, Behind, Achieved, Missed, NotStarted}

// Site is everything computed for a site.
type Site struct {
	AsOf       civil.Date
	Currency   string
	RowsRead   int
	Files      []string
	Source     string // the database or command the rows came from; "" for files
	Plans      []*Plan
	Strategies []*Strategy // every strategy, plans in file order, strategies as written
	Metrics    []Metric    // every metric of site.yaml, in order
	Dimensions []string    // the data's dimensions, in order
	// Charts are the charts of a period that Markdown blocks ask for
	// (Asks), in the order asked, leaving out those of a metric or a
	// dimension the site does not have.
	Charts []*Chart
}

// Chart finds the chart that q asks for, or nil.
func (s *Site) Chart(q ChartAsk) *Chart {
	for _, c := range s.Charts {
		if c.Ask.Same(q) {
			return c
		}
	}
	return nil
}

// Chart is a metric over every row of a period, per bucket of time, as a
// Markdown block asks (ChartAsk; docs/figures.md, Charts of a period).
type Chart struct {
	Ask    ChartAsk
	Metric Metric
	// Buckets name the buckets of the period (Buckets), Spans hold their
	// days within it.
	Buckets []string
	Spans   []civil.Range
	// Series are one per value of Ask.By, ranked by their Total as
	// breakdowns are, the first ten and "Other" holding the rest; a
	// single series of every row when By is "".
	Series []ChartSeries
	// Missing are the values of Ask.Scope that no row of the data holds,
	// for a warning at the block, as a plan's scope warns: a typo must
	// not pass silently as a chart of nothing.
	Missing []MissingValue
}

// MissingValue is a value of a scope that no row holds.
type MissingValue struct {
	Dimension, Value string
	Hint             string // a "did you mean" among the dimension's values, or ""
}

// ChartSeries is one series of a Chart.
type ChartSeries struct {
	Value string // the dimension's value; "Other" for the rest, "" for every row
	Other bool
	Total Num // over the whole period to as_of
	// Figures are per bucket; undefined for a bucket that starts after
	// as_of, and for a ratio of no rows.
	Figures []Num
}

// Metric describes a metric for display.
type Metric struct {
	Name   string
	Format string // money | number | percent
	Ratio  bool
	// Distinct is set for a count_distinct metric: its figures are
	// counted over their own rows and do not add up (a breakdown's values
	// are no shares of the total, and no bridge splits it).
	Distinct bool
}

// Plan is a plan with its strategies' results.
type Plan struct {
	Plan       *plan.Plan
	Strategies []*Strategy
	Warnings   []*diag.Error // those of its strategies, in order
}

// Counts returns how many strategies of ss have each status.
func Counts(ss []*Strategy) map[Status]int {
	c := map[Status]int{}
	for _, s := range ss {
		c[s.Status]++
	}
	return c
}

// Strategy holds every figure of docs/figures.md for one strategy.
type Strategy struct {
	Strategy    *plan.Strategy
	Plan        *plan.Plan
	Status      Status
	Period      civil.Range
	Baseline    civil.Range
	DaysTotal   int
	DaysElapsed int
	Elapsed     float64
	RowsMatched int
	Targets     []Target // in plan order; Targets[0] decides the status
	Monthly     []Month
	// Quarterly and Yearly are the same series by fiscal quarter and
	// fiscal year (Buckets), for charts that ask for them; their Month
	// is the bucket's name ("Q1 FY2027", "FY2027"). Not in the exports.
	Quarterly  []Month
	Yearly     []Month
	Breakdowns []Breakdown // in site.yaml dimension order
	// Asked are the breakdowns ranked by the other metrics Markdown
	// blocks ask for (Asks), by metric name, then as Breakdowns. Not in
	// the exports.
	Asked []Breakdown
	// DaysRemaining is DaysTotal − DaysElapsed: the days still to sell.
	DaysRemaining int
	// Bridge splits the first target's change from last year by the
	// values of one dimension; nil when that target is a ratio or a
	// count_distinct, or the strategy has no dimension to split by
	// (docs/figures.md, Bridge from last year).
	Bridge *Bridge
	// Warnings are this strategy's own, before a run drops those another
	// strategy of it gave already (Plan.Warnings).
	Warnings []*diag.Error
}

// Target holds the figures of one target metric.
type Target struct {
	Metric         Metric
	Phasing        plan.Phasing
	Target         float64
	Actual         Num
	ExpectedToDate Num
	Attainment     Num
	Pace           Num
	Forecast       Num
	BaselineToDate Num
	// Lift is relative (actual ÷ baseline to date − 1), except for a
	// ratio of format percent, where it is the difference in points
	// (actual − baseline to date): see PointsLift.
	Lift Num
	// RunRate is the average month so far and RequiredRunRate the month
	// the rest of the period needs (docs/figures.md, Run rates); both are
	// undefined for ratio metrics.
	RunRate         Num
	RequiredRunRate Num
	// BestBaselineMonth is the largest monthly Baseline figure of a sum
	// or count target: pages flag a required run rate above it. Undefined
	// for ratios. It is not written to the exports.
	BestBaselineMonth Num
	// PriceVolumeMix splits the change from the baseline window to date
	// into volume, mix, price and other (docs/figures.md, Price, volume
	// and mix); nil unless site.yaml sets analysis and t is a sum metric
	// with volume in both windows.
	PriceVolumeMix *PriceVolumeMix
	// Original is the total in the plan of record, undefined when it
	// has no such target (docs/plans-in-git.md); Revisions are the
	// changes of the total in the plans' history, oldest first.
	Original  Num
	Revisions []history.Revision
}

// Reforecast reports whether the target differs from its original.
func (t Target) Reforecast() bool { return t.Original.Valid && t.Original.V != t.Target }

// Reforecast reports whether any of s's targets differs from its
// original.
func (s *Strategy) Reforecast() bool {
	return slices.ContainsFunc(s.Targets, Target.Reforecast)
}

// Bridge is how the change from last year to date (Start, the first
// target's baseline to date) to this year (End, its actual) splits across
// the values of dimension By: the steps add up to End − Start.
type Bridge struct {
	By         string
	Start, End float64
	Steps      []BridgeStep // the largest changes first; "Other" last
}

// BridgeStep is one value's change, or "Other": the rest taken together.
type BridgeStep struct {
	Value string
	Delta float64
	Other bool
}

// PriceVolumeMix is the change of a sum metric from the baseline window
// to date, R1 − R0, as the sum of its four parts.
type PriceVolumeMix struct {
	Volume, Mix, Price, Other float64
}

// PointsLift reports whether a target's lift is a difference in points:
// for a ratio metric shown as a percentage (margin 34.5% against 31.8% is
// +2.7 pp), not a growth rate of a percentage.
func (t Target) PointsLift() bool { return t.Metric.Ratio && t.Metric.Format == "percent" }

// Month is one calendar month overlapping a strategy's period, or one
// bucket of another grain (Strategy.Quarterly, Strategy.Yearly).
type Month struct {
	Month   string        // "2006-01"; a quarter's or year's name (Buckets)
	Figures []MonthFigure // one per target, in target order
}

// MonthFigure is one target metric in one month (docs/figures.md,
// Monthly series).
type MonthFigure struct {
	Metric           string
	Actual           Num
	Target           Num
	CumulativeActual Num
	CumulativeTarget Num
	// Baseline is the metric over the baseline's days that match the
	// month's days in the period, for every month, before or after as_of
	// (docs/figures.md, Monthly series).
	Baseline Num
	// CumulativeBaseline is the baseline to the month's end: the running
	// sum of Baseline, or for a ratio the ratio from the baseline's start.
	// It is drawn on the cumulative chart, not written to the exports.
	CumulativeBaseline Num
	// CumulativeOriginal is the original target (Target.Original),
	// phased as the plan of record phased it, to the month's end;
	// undefined unless it differs from the target. It is drawn on the
	// cumulative chart, not written to the exports.
	CumulativeOriginal Num
}

// Breakdown ranks the values of one dimension by a metric: the first
// target's, or one a Markdown block asks for (Strategy.Asked).
type Breakdown struct {
	Dimension string
	Metric    string
	Entries   []BreakdownEntry
}

// BreakdownEntry is one value (or "Other": the rest taken together).
type BreakdownEntry struct {
	Value  string
	Actual Num
	Other  bool
}
