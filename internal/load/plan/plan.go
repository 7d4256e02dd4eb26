// Package plan holds sales plans as their authors wrote them in
// content/plans/*.yaml: periods, scopes, targets, tactics and notes, with
// the position of every value so later stages can point at the line a
// problem comes from. It knows nothing of sales data or computed figures.
package plan

import (
	"salesdeck/internal/support/civil"
	"salesdeck/internal/support/diag"
)

// Plan is one plan file.
type Plan struct {
	ID         string
	Title      string
	Owner      string
	Period     civil.Range
	Summary    string // Markdown
	Scope      Scope
	Strategies []*Strategy
	File       string // path relative to the site, e.g. content/plans/emea.yaml
	Pos        diag.Pos
}

// Strategy is one strategy of a plan, with the plan's scope already merged
// into its own.
type Strategy struct {
	ID     string
	Title  string
	Owner  string
	Period civil.Range
	// PeriodPos is where the strategy sets its own period; zero when it
	// has the plan's.
	PeriodPos diag.Pos
	Scope     Scope // merged: the strategy's entry for a dimension replaces the plan's
	Exclude   Scope
	Targets   []Target // in the order written; the first decides the status
	Baseline  civil.Range
	// BaselineSet is true when the plan names the baseline; otherwise it is
	// the period shifted back one year.
	BaselineSet bool
	Budget      *float64
	// BridgeBy is the dimension the bridge from last year splits the
	// change by (docs/figures.md, Bridge from last year); "" for the
	// first of the strategy's breakdowns. The analysis checks that the
	// data has it, at BridgeByPos.
	BridgeBy    string
	BridgeByPos diag.Pos
	Tactics     []string
	Notes       string // Markdown
	Pos         diag.Pos
}

// Scope maps a dimension to the values a row must hold (or, in an exclude,
// must not hold). Dimensions keep the order in which they were written.
type Scope []ScopeEntry

// ScopeEntry is one dimension of a scope.
type ScopeEntry struct {
	Dimension string
	Values    []string
	Pos       diag.Pos // of the dimension's key
	// ValuePos holds the position of each value, for "no row has ..." warnings.
	ValuePos []diag.Pos
}

// Lookup returns the entry for dim.
func (s Scope) Lookup(dim string) (ScopeEntry, bool) {
	for _, e := range s {
		if e.Dimension == dim {
			return e, true
		}
	}
	return ScopeEntry{}, false
}

// Phasing says how a target is spread over its period.
type Phasing int

const (
	Linear   Phasing = iota // evenly by day
	Baseline                // like the baseline period's sales
	Months                  // explicit amount per month
)

func (p Phasing) String() string {
	return [...]string{"linear", "baseline", "months"}[p]
}

// Target is a goal for one metric over the strategy's whole period.
type Target struct {
	Metric  string
	Total   float64
	Phasing Phasing
	// Months maps "2006-01" to the amount planned for that month when
	// Phasing is Months.
	Months map[string]float64
	// PhasingSet is false when the author left phasing out (linear by default).
	PhasingSet bool
	Pos        diag.Pos // of the metric's key
	// Percent is true when the total was written as a percentage (15%
	// for 0.15), which only a metric of format percent takes: the
	// analysis, which knows the metrics, checks it at PercentPos.
	Percent    bool
	PercentPos diag.Pos
}
