// Package blocks decodes the live figures a Markdown page asks for
// (docs/pages.md, Live figures): the YAML inside fenced ```chart, ```kpi
// and ```table blocks.
//
//	```chart                     ```kpi                       ```table
//	strategy: dach-enterprise    strategy: dach-enterprise    plan: fy2026-emea
//	metric: revenue              metric: revenue              status: [behind, at_risk]
//	kind: cumulative             show: [actual, pace]         ```
//	dimension: country           ```
//	```
//
// A chart block that names neither a strategy nor a plan but a period:
// is a chart of a metric over every row of that period (Chart.Free):
//
//	```chart
//	metric: revenue
//	by: region                  # optional: one series per value
//	period: {fiscal_year: 2026} # as plans write periods
//	grain: quarter
//	scope: {channel: Direct}    # optional: as plans write scopes
//	```
//
// Decoding checks what a block can check on its own: YAML syntax, known
// keys (with a "did you mean"), the chart kinds and KPI figures, periods,
// and which keys go together (kind: attainment takes plan:, a chart of a
// period takes metric: and no kind:, every other kind takes strategy:). Every name is returned with the file position it was written
// at, so the caller can check it against the site and point at it.
// Problems are diag errors at the file's line and column; their messages
// leave out which kind of block it is, for the caller to say.
//
// The package knows nothing of HTML, charts, results or which strategies,
// plans, metrics and dimensions a site has; periods and scopes are read
// as package plan reads them.
package blocks

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"salesdeck/internal/load/plan"
	"salesdeck/internal/support/civil"
	"salesdeck/internal/support/diag"
	"salesdeck/internal/support/yamldoc"
)

// Languages are the info strings of fenced blocks that become figures.
var Languages = []string{"chart", "kpi", "table"}

// Chart kinds.
const (
	Cumulative = "cumulative"
	Monthly    = "monthly"
	Breakdown  = "breakdown"
	Attainment = "attainment"
	Bridge     = "bridge"
)

// Kinds lists every chart kind; the first is the default.
var Kinds = []string{Cumulative, Monthly, Breakdown, Attainment, Bridge}

// Grains lists the grains of time charts; the first is the default.
// Quarters and years are fiscal ones.
var Grains = []string{"month", "quarter", "year"}

// Figures lists what a kpi block may show, in the order KPI cards show
// them; all of them when show is left out.
var Figures = []string{"actual", "target", "attainment", "expected", "pace", "forecast", "run_rate", "baseline", "lift"}

// Name is a value written in a block and where it was written.
type Name struct {
	Value string
	Pos   diag.Pos
}

// Set reports whether the block gave the value.
func (n Name) Set() bool { return n.Pos.Line > 0 }

// Chart is a ```chart block.
type Chart struct {
	Title     Name // optional: a heading shown with the figure, as text
	Strategy  Name // every kind but attainment
	Plan      Name // kind: attainment
	Metric    Name // optional: the strategy's first target
	Kind      Name // Value defaults to Cumulative
	Dimension Name // kind: breakdown, optional: the first breakdown
	Grain     Name // cumulative and monthly kinds and free charts, optional: month (default), quarter or year
	// A free chart (Free) is of Metric over Period, by By (optional), of
	// the rows in Scope (optional).
	By     Name
	Period Period
	Scope  plan.Scope
	// A bridge (kind: bridge) is by the strategy's bridge_by or first
	// breakdown; it takes no dimension.
}

// Period is a period written in a block, read as plans read them.
type Period struct {
	Range civil.Range
	Pos   diag.Pos // of the period's value; Line 0 when not given
}

// Set reports whether the block gave the period.
func (p Period) Set() bool { return p.Pos.Line > 0 }

// Free reports whether c is a chart not tied to a strategy or a plan: a
// metric over every row of a period.
func (c Chart) Free() bool {
	return !c.Strategy.Set() && !c.Plan.Set() && (c.Period.Set() || c.By.Set() || c.Scope != nil)
}

// KPI is a ```kpi block.
type KPI struct {
	Title    Name // optional: a heading shown with the figure, as text
	Strategy Name
	Metric   Name   // optional: the strategy's first target
	Show     []Name // each one of Figures; nil means all
}

// Table is a ```table block: strategies filtered by plan and status.
type Table struct {
	Title    Name // optional: a heading shown with the figure, as text
	Plans    []Name
	Statuses []Name
}

// Source says where a block's YAML sits in its file, so positions name the
// file's own lines and columns.
type Source struct {
	File string
	Line int // file line of the block's first YAML line (the line after the fence)
	Col  int // file column where the block's lines start (the fence's column)
	// FiscalYearStart (1-12) resolves fiscal periods.
	FiscalYearStart int
}

// doc parses body at src, recording problems in errs. The YAML is shifted
// down with blank lines so the decoder reports file lines as they are.
func doc(body []byte, src Source, errs *diag.List) (yamldoc.Doc, *yaml.Node) {
	d := yamldoc.Doc{File: src.File, Errs: errs, What: "the block"}
	shifted := append([]byte(strings.Repeat("\n", max(src.Line-1, 0))), body...)
	return d, d.Parse(shifted)
}

// shiftCols moves the columns of the problems recorded since n by the
// fence's indentation, which goldmark strips from the block's lines.
func shiftCols(errs *diag.List, n int, src Source) {
	for _, e := range errs.Items[n:] {
		if e.Pos.Col > 0 && src.Col > 1 {
			e.Pos.Col += src.Col - 1
		}
	}
}

func (s Source) pos(n *yaml.Node) diag.Pos {
	p := diag.Pos{File: s.File, Line: n.Line, Col: n.Column}
	if s.Col > 1 {
		p.Col += s.Col - 1
	}
	return p
}

// shiftScope moves the positions of sc, read from the block's lines, by
// the fence's indentation, as pos does.
func (s Source) shiftScope(sc plan.Scope) plan.Scope {
	if s.Col <= 1 {
		return sc
	}
	for i := range sc {
		sc[i].Pos.Col += s.Col - 1
		for k := range sc[i].ValuePos {
			sc[i].ValuePos[k].Col += s.Col - 1
		}
	}
	return sc
}

// fencePos is the opening fence's line, for problems of the block as a
// whole (a missing key).
func (s Source) fencePos() diag.Pos {
	return diag.Pos{File: s.File, Line: s.Line - 1, Col: max(s.Col, 1)}
}

func name(d yamldoc.Doc, src Source, f map[string]yamldoc.Field, key string) Name {
	v, ok := f[key]
	if !ok || yamldoc.IsNull(v.Value) {
		return Name{}
	}
	s := d.String(v.Value, key)
	if s == "" {
		return Name{}
	}
	return Name{Value: s, Pos: src.pos(v.Value)}
}

func names(d yamldoc.Doc, src Source, f map[string]yamldoc.Field, key string) []Name {
	v, ok := f[key]
	if !ok {
		return nil
	}
	vals, nodes := d.Strings(v.Value, key)
	out := make([]Name, len(vals))
	for i := range vals {
		out[i] = Name{Value: vals[i], Pos: src.pos(nodes[i])}
	}
	return out
}

// oneOf records a problem when n is set and not among choices.
func oneOf(errs *diag.List, n Name, key string, choices []string) bool {
	if !n.Set() || slices.Contains(choices, n.Value) {
		return true
	}
	errs.Add(n.Pos, "unknown %s %q%s; one of: %s", key, n.Value, diag.Suggest(n.Value, choices), strings.Join(choices, ", "))
	return false
}

// ParseChart decodes a chart block.
func ParseChart(body []byte, src Source) (Chart, error) {
	var errs diag.List
	d, root := doc(body, src, &errs)
	var c Chart
	if root != nil {
		f, _ := d.Map(root, "the block", "title", "strategy", "plan", "metric", "kind", "dimension", "grain", "by", "period", "scope")
		c = Chart{Grain: name(d, src, f, "grain"), Title: name(d, src, f, "title"), Strategy: name(d, src, f, "strategy"), Plan: name(d, src, f, "plan"),
			Metric: name(d, src, f, "metric"), Kind: name(d, src, f, "kind"), Dimension: name(d, src, f, "dimension"), By: name(d, src, f, "by")}
		if v, ok := f["period"]; ok && !yamldoc.IsNull(v.Value) {
			c.Period = Period{Range: plan.Period(d, v.Value, "period", src.FiscalYearStart), Pos: src.pos(v.Value)}
		}
		if v, ok := f["scope"]; ok && !yamldoc.IsNull(v.Value) {
			c.Scope = src.shiftScope(plan.ParseScope(d, v.Value, "scope"))
		}
	}
	shiftCols(&errs, 0, src)
	if errs.Len() > 0 {
		return c, errs.Err()
	}
	if c.Free() {
		return c, free(c, src)
	}
	if !c.Kind.Set() {
		c.Kind = Name{Value: Cumulative}
	}
	if !oneOf(&errs, c.Kind, "kind", Kinds) || !oneOf(&errs, c.Grain, "grain", Grains) {
		return c, errs.Err()
	}
	if c.Grain.Set() && c.Kind.Value != Cumulative && c.Kind.Value != Monthly {
		errs.Add(c.Grain.Pos, "grain: is for kind: cumulative or monthly, not %s", c.Kind.Value)
	}
	scope := Name{}
	if len(c.Scope) > 0 {
		scope.Pos = c.Scope[0].Pos
	}
	for _, n := range []Name{c.By, {Pos: c.Period.Pos}, scope} {
		if n.Set() {
			errs.Add(n.Pos, "by:, period: and scope: are for a chart of every row of a period; a chart of a strategy covers its period and scope, and a breakdown takes dimension:")
			break
		}
	}
	switch {
	case c.Kind.Value == Attainment:
		if !c.Plan.Set() {
			errs.Add(src.fencePos(), "kind attainment needs plan: (the plan whose strategies it compares)")
		}
		for _, n := range []Name{c.Strategy, c.Metric, c.Dimension, c.Grain} {
			if n.Set() {
				errs.Add(n.Pos, "kind attainment draws every strategy of a plan by its first target; it takes plan: only")
				break
			}
		}
	default:
		if !c.Strategy.Set() {
			errs.Add(src.fencePos(), "needs strategy: (or kind: attainment with plan:, or metric: and period: for a chart of every row)")
		}
		if c.Plan.Set() {
			errs.Add(c.Plan.Pos, "plan: is for kind: attainment; a %s chart takes strategy:", c.Kind.Value)
		}
		if c.Dimension.Set() && c.Kind.Value != Breakdown {
			errs.Add(c.Dimension.Pos, "dimension: is for kind: breakdown")
		}
	}
	return c, errs.Err()
}

// free checks a chart of every row of a period (Chart.Free), and sets its
// default grain.
func free(c Chart, src Source) error {
	var errs diag.List
	if !c.Metric.Set() {
		errs.Add(src.fencePos(), "a chart of every row of a period needs metric: (the figure it shows)")
	}
	if !c.Period.Set() {
		errs.Add(src.fencePos(), "a chart of every row needs period:, as plans write it: {fiscal_year: 2026}, {fiscal_quarter: \"2026-Q2\"} or {start: 2026-01-01, end: 2026-06-30}")
	}
	oneOf(&errs, c.Grain, "grain", Grains)
	for _, n := range []Name{c.Kind, c.Dimension} {
		if n.Set() {
			errs.Add(n.Pos, "a chart of every row of a period takes metric:, by:, period:, grain:, scope: and title:; kind: and dimension: are for charts of a strategy")
			break
		}
	}
	return errs.Err()
}

// ParseKPI decodes a kpi block.
func ParseKPI(body []byte, src Source) (KPI, error) {
	var errs diag.List
	d, root := doc(body, src, &errs)
	var k KPI
	if root != nil {
		f, _ := d.Map(root, "the block", "title", "strategy", "metric", "show")
		k = KPI{Title: name(d, src, f, "title"), Strategy: name(d, src, f, "strategy"), Metric: name(d, src, f, "metric"), Show: names(d, src, f, "show")}
	}
	shiftCols(&errs, 0, src)
	if errs.Len() > 0 {
		return k, errs.Err()
	}
	if !k.Strategy.Set() {
		errs.Add(src.fencePos(), "needs strategy:")
	}
	for _, s := range k.Show {
		oneOf(&errs, s, "figure", Figures)
	}
	return k, errs.Err()
}

// ParseTable decodes a table block.
func ParseTable(body []byte, src Source) (Table, error) {
	var errs diag.List
	d, root := doc(body, src, &errs)
	var t Table
	if root != nil {
		f, _ := d.Map(root, "the block", "title", "plan", "status")
		t = Table{Title: name(d, src, f, "title"), Plans: names(d, src, f, "plan"), Statuses: names(d, src, f, "status")}
	}
	shiftCols(&errs, 0, src)
	return t, errs.Err()
}
