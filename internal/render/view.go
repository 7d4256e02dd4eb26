package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"math"
	"slices"

	"salesdeck/internal/analysis"
	"salesdeck/internal/load/plan"
	"salesdeck/internal/render/chart"
	"salesdeck/internal/render/format"
	"salesdeck/internal/render/label"
	"salesdeck/internal/support/civil"
	"salesdeck/internal/support/diag"
)

// The types below are what templates receive. Every figure is already
// formatted for the site's locale and currency ("—" when undefined) and
// every URL is already relative to the page being rendered, so a template
// (built in or a site's override) never computes either.

// Data is the root value of every template.
type Data struct {
	Site        SiteView
	Root        string // from this page to public/: "", "../", "../../"
	Path        string // this page, relative to public/
	Title       string
	Description string
	Nav         []NavItem
	// HasCharts is true when the page holds charts and so loads the
	// charting library and salesdeck.js.
	HasCharts bool
	// WholeMoney is true when the page writes money in whole units, an
	// amount on it being 1,000 or more (data-money="whole" tells
	// salesdeck.js to write tooltips alike).
	WholeMoney bool
	// Exactly one of these is set, by page kind.
	Overview *Overview
	Plan     *PlanView
	Strategy *StrategyView
	Page     *PageView
	Handout  *HandoutView
}

// SiteView describes the site.
type SiteView struct {
	Title    string
	Lang     string // the locale, e.g. "de-DE", for <html lang>
	Currency string
	// Primary is the theme colour, already checked by Colour; it is
	// template.CSS because html/template would refuse rgb(...) otherwise.
	Primary template.CSS
	Logo    string // URL relative to the page, "" when none
	Version string
	AsOf    string // formatted
	AsOfISO string // 2006-01-02
	Assets  string // URL of the assets folder relative to the page
	Data    string // URL of the data folder relative to the page
	Home    string // URL of index.html relative to the page
	// Styles are the site's own style sheets (static/*.css), relative to
	// the page, linked after salesdeck.css.
	Styles []string
}

// NavItem is one entry of the navigation menu.
type NavItem struct {
	Title   string
	URL     string
	Current bool
	Kind    string // "overview", "plan" or "page"
}

// StatusView is a status as shown: a word and a symbol, and Key for CSS
// classes (status-on_track, ...).
type StatusView struct {
	Key, Label, Symbol string
}

// StatusCount is how many strategies have a status.
type StatusCount struct {
	Status StatusView
	N      int
}

// Bar draws an attainment bar: Fill is attainment in percent of the
// target (capped to 0..100), Mark where the strategy is expected to be by
// now (-1 when unknown), Over whether attainment passed 100%.
type Bar struct {
	Fill float64
	Mark float64
	Over bool
}

// StrategyRow is a strategy as a line of a table, with its first target's
// figures.
type StrategyRow struct {
	ID, Title, URL, Owner string
	PlanID, PlanTitle     string
	PlanURL               string
	Status                StatusView
	Metric                string
	Actual, Target        string
	Attainment, Expected  string
	Pace, Forecast, Lift  string
	Elapsed               string // share of the period gone, e.g. "62.0%"
	Bar                   Bar
	// Reforecast is set when a target differs from the plan of record
	// (docs/plans-in-git.md); tables flag the strategy.
	Reforecast bool
}

// Overview is the data of index.html.
type Overview struct {
	Intro     template.HTML // index.md, rendered
	Counts    []StatusCount // every status, in analysis.Statuses order
	Total     int
	RowsRead  string // formatted
	SalesRows int    // sales rows read, to count them in words (tn)
	Plans     []PlanGroup
	Pace      *ChartView // nil when there is no strategy
}

// PlanGroup is a plan with its strategy rows, for the overview table.
type PlanGroup struct {
	ID, Title, URL, Owner, Period string
	Rows                          []StrategyRow
}

// PlanView is the data of plans/<id>.html.
type PlanView struct {
	ID, Title, Owner, Period string
	Summary                  template.HTML
	Counts                   []StatusCount // statuses present, in order
	Rows                     []StrategyRow
	Attainment               *ChartView
	// Changes are the revisions of every target of the plan's
	// strategies, oldest first, those of the working tree last.
	Changes []RevisionView
}

// RevisionView is a change of a target's total in the plans' history.
type RevisionView struct {
	Strategy, StrategyURL string // on a plan's page
	Metric                string // label, e.g. "Revenue"
	// Commit is the short commit ID, "" for the working tree's
	// uncommitted change, which has no Date or Author either.
	Commit, Date, DateISO string
	Author, Message       string
	From, To              string
}

// StrategyView is the data of strategies/<id>.html.
type StrategyView struct {
	Row         StrategyRow
	Period      string
	Baseline    string
	DaysElapsed int
	DaysTotal   int
	Elapsed     string  // e.g. "62.0%"
	ElapsedPct  float64 // 0..100, for the progress bar
	RowsMatched string
	Budget      string // "" when none
	Scope       []ScopeView
	Exclude     []ScopeView
	Targets     []TargetView
	Breakdowns  []*ChartView
	// Bridge is the first target's change from last year to date, split
	// by the values of a dimension, as a waterfall; nil when it has none.
	Bridge  *ChartView
	Tactics []string
	Notes   template.HTML
	// History holds every target's revisions, target by target, each
	// oldest first ("Target history").
	History []RevisionView
	// DaysRemaining is the days of the period after as_of.
	DaysRemaining int
}

// ScopeView is one dimension of a scope, values joined for display, both
// by their labels (site.yaml's labels).
type ScopeView struct {
	Dimension string
	Values    string
	Key       string // the dimension as the data names it
}

// TargetView is one target: its KPI card and its charts.
type TargetView struct {
	Metric         string // label, e.g. "Gross profit"
	Key            string // metric name, e.g. "gross_profit"
	Phasing        string
	Ratio          bool
	Actual, Target string
	// Original is the target in the plan of record when it differs
	// from Target; "" otherwise (docs/plans-in-git.md).
	Original   string
	Attainment string
	Expected   string
	Pace       string
	Forecast   string
	Baseline   string
	// Lift is relative ("+20.8%"), or in points for a percentage ratio
	// ("+2.7 pp").
	Lift     string
	LiftSign int // -1, 0, 1: for colouring the lift
	// RunRate is the average month so far ("so far per month") and Needed
	// the month the rest of the period needs ("needed per month"), "—"
	// for ratios, before the period's first day and after its last.
	// NeededHigh is set when Needed is above BestMonth, the best month of
	// the baseline (pages flag it).
	RunRate, Needed string
	NeededHigh      bool
	BestMonth       string
	// Gap is actual minus expected to date, signed ("+$167,356"); "—" for
	// ratio metrics, whose expected figure is the target itself.
	Gap        string
	GapSign    int
	Bar        Bar
	Cumulative *ChartView
	Monthly    *ChartView
	// PriceVolumeMix is the change from last year to date split into
	// volume, mix, price and other, as a waterfall; nil unless site.yaml
	// sets analysis and the target is a sum.
	PriceVolumeMix *ChartView
	// Show says which figures the KPI card shows: all on strategy pages,
	// those a Markdown kpi block lists.
	Show KPIShow
}

// PageView is the data of a content page.
type PageView struct {
	Body template.HTML
	File string
	// HasTitle is true when the Markdown starts with its own level-1
	// heading, so the template does not add the front matter title.
	HasTitle bool
}

// ChartView is a chart with its option ready for a JSON block.
type ChartView struct {
	chart.Chart
	// JSON is the option, HTML-escaped, for
	// <script type="application/json">.
	JSON template.JS
	// Heading is a chart block's title: (docs/pages.md), plain text shown
	// above the figure; "" for none.
	Heading string
}

// newChartView wraps c; json.HTMLEscape makes sure, whatever built the
// option, that no "</script>" or "<!--" can appear in it.
func newChartView(c chart.Chart) *ChartView {
	if !htmlUnsafe(c.Option) {
		// encoding/json escapes all of them already: the usual case,
		// which then needs no second copy.
		return &ChartView{Chart: c, JSON: template.JS(c.Option)}
	}
	var buf bytes.Buffer
	buf.Grow(len(c.Option))
	json.HTMLEscape(&buf, c.Option)
	return &ChartView{Chart: c, JSON: template.JS(buf.String())}
}

// htmlUnsafe reports whether b holds a byte json.HTMLEscape would
// escape: <, >, & or the first byte of U+2028 and U+2029 (and of other
// characters, which only costs the escape).
func htmlUnsafe(b []byte) bool {
	// Four vectorised scans beat one loop over the bytes.
	for _, c := range []byte{'<', '>', '&', 0xE2} {
		if bytes.IndexByte(b, c) >= 0 {
			return true
		}
	}
	return false
}

func (v views) status(s analysis.Status) StatusView {
	l := v.cb.Look(s)
	return StatusView{Key: string(s), Label: l.Label, Symbol: l.Symbol}
}

func (v views) counts(ss []*analysis.Strategy, all bool) []StatusCount {
	c := analysis.Counts(ss)
	var out []StatusCount
	for _, s := range analysis.Statuses {
		if all || c[s] > 0 {
			out = append(out, StatusCount{Status: v.status(s), N: c[s]})
		}
	}
	return out
}

// views builds the view values of one site with its formats, words and
// chart colours. URLs it builds start with root, the way from the page
// being rendered back to public/.
type views struct {
	f  format.Formatter
	cb chart.Builder
	t  label.Text
}

// money returns v for a page showing the figures of ss: money in whole
// units when any amount of ss is 1,000 or more, so that $0 does not stand
// as $0.00 beside $4,100,000 (docs/pages.md, Figures and layout).
func (v views) money(ss []*analysis.Strategy) views {
	v.f = v.f.Whole(slices.ContainsFunc(ss, bigMoney))
	v.cb.Format = v.f
	return v
}

// bigMoney reports whether an amount of money s shows is 1,000 or more:
// a target's figures, its budget, or a month of its charts' tables (last
// year's best month may be the only large one).
func bigMoney(s *analysis.Strategy) bool {
	big := func(n analysis.Num) bool { return n.Valid && math.Abs(n.V) >= 1000 && !bad(n.V) }
	if b := s.Strategy.Budget; b != nil && big(analysis.Some(*b)) {
		return true
	}
	for i, t := range s.Targets {
		if t.Metric.Format != format.KindMoney {
			continue
		}
		for _, n := range []analysis.Num{analysis.Some(t.Target), t.Actual, t.ExpectedToDate, t.Forecast, t.BaselineToDate, t.RunRate, t.RequiredRunRate, t.BestBaselineMonth} {
			if big(n) {
				return true
			}
		}
		for _, m := range s.Monthly {
			if i < len(m.Figures) && (big(m.Figures[i].Actual) || big(m.Figures[i].Target) || big(m.Figures[i].Baseline) || big(m.Figures[i].CumulativeBaseline)) {
				return true
			}
		}
	}
	return false
}

func (v views) period(r civil.Range) string {
	return v.f.Date(r.Start) + " – " + v.f.Date(r.End)
}

func (v views) row(s *analysis.Strategy, root string) StrategyRow {
	r := StrategyRow{
		ID: s.Strategy.ID, Title: s.Strategy.Title, Owner: s.Strategy.Owner,
		URL:        root + "strategies/" + s.Strategy.ID + ".html",
		Status:     v.status(s.Status),
		Elapsed:    v.f.Percent(s.Elapsed),
		Bar:        Bar{Mark: -1},
		Reforecast: s.Reforecast(),
	}
	if s.Plan != nil {
		r.PlanID, r.PlanTitle = s.Plan.ID, s.Plan.Title
		r.PlanURL = root + "plans/" + s.Plan.ID + ".html"
	}
	dash := format.Dash
	r.Metric, r.Actual, r.Target, r.Attainment, r.Expected, r.Pace, r.Forecast, r.Lift = dash, dash, dash, dash, dash, dash, dash, dash
	if len(s.Targets) > 0 {
		t := v.target(s.Targets[0])
		r.Metric, r.Actual, r.Target, r.Attainment = t.Metric, t.Actual, t.Target, t.Attainment
		r.Expected, r.Pace, r.Forecast, r.Lift, r.Bar = t.Expected, t.Pace, t.Forecast, t.Lift, t.Bar
	}
	return r
}

// target formats one target's figures (no charts).
func (v views) target(t analysis.Target) TargetView {
	k := t.Metric.Format
	opt := func(n analysis.Num) string { return v.f.Opt(k, n.V, n.Valid) }
	tv := TargetView{
		Metric: format.Humanize(t.Metric.Name), Key: t.Metric.Name,
		Ratio:  t.Metric.Ratio,
		Actual: opt(t.Actual), Target: v.f.Value(k, t.Target),
		Attainment: v.f.Opt(format.KindPercent, t.Attainment.V, t.Attainment.Valid),
		Expected:   opt(t.ExpectedToDate),
		Pace:       v.f.Opt(format.KindPercent, t.Pace.V, t.Pace.Valid),
		Forecast:   opt(t.Forecast),
		Baseline:   opt(t.BaselineToDate),
		Lift:       format.Dash,
		Bar:        bar(t),
		Show:       showAll,
	}
	tv.Phasing = v.t.Get("phasing." + t.Phasing.String())
	if t.Metric.Ratio {
		tv.Phasing = v.t.Get("phasing.ratio")
	}
	if t.Reforecast() {
		tv.Original = v.f.Value(k, t.Original.V)
	}
	tv.Gap = format.Dash
	if gap := (analysis.Num{V: t.Actual.V - t.ExpectedToDate.V, Valid: t.Actual.Valid && t.ExpectedToDate.Valid}); gap.Valid && !t.Metric.Ratio && !bad(gap.V) {
		tv.Gap, tv.GapSign = v.f.Value(k, gap.V), sgn(gap.V)
		if tv.GapSign > 0 {
			tv.Gap = "+" + tv.Gap
		}
	}
	if t.Lift.Valid && !bad(t.Lift.V) {
		tv.Lift, tv.LiftSign = v.f.Change(t.Lift.V), sgn(t.Lift.V)
		if t.PointsLift() {
			tv.Lift = v.f.Points(t.Lift.V)
		}
	}
	tv.RunRate, tv.Needed = opt(t.RunRate), opt(t.RequiredRunRate)
	tv.BestMonth, tv.NeededHigh = opt(t.BestBaselineMonth), neededHigh(t)
	return tv
}

// revisions returns the revisions of s's targets, target by target, each
// oldest first; root leads from the page to public/. named fills in the
// strategy, for a list of many strategies' changes.
func (v views) revisions(s *analysis.Strategy, root string, named bool) []RevisionView {
	var out []RevisionView
	for _, t := range s.Targets {
		for _, rev := range t.Revisions {
			rv := RevisionView{Metric: format.Humanize(t.Metric.Name), Commit: rev.Commit, Author: rev.Author, Message: rev.Message,
				From: v.f.Value(t.Metric.Format, rev.From), To: v.f.Value(t.Metric.Format, rev.To)}
			if named {
				rv.Strategy, rv.StrategyURL = s.Strategy.Title, root+"strategies/"+s.Strategy.ID+".html"
			}
			if d, err := civil.Parse(rev.Date); err == nil {
				rv.Date, rv.DateISO = v.f.Date(d), rev.Date
			}
			out = append(out, rv)
		}
	}
	return out
}

// neededHigh reports whether the month t needs is above the best month of
// its baseline: more than it ever sold in one, a rate to question. A
// baseline without a month of sales says nothing of that, so it flags
// nothing.
func neededHigh(t analysis.Target) bool {
	need, best := t.RequiredRunRate, t.BestBaselineMonth
	return need.Valid && best.Valid && best.V > 0 && need.V > best.V
}

func bar(t analysis.Target) Bar {
	b := Bar{Mark: -1}
	if a := t.Attainment; a.Valid && !bad(a.V) {
		b.Fill = clampPct(a.V)
		b.Over = a.V > 1
	}
	if e := analysis.Div(t.ExpectedToDate, analysis.Some(t.Target)); e.Valid && !bad(e.V) && !t.Metric.Ratio {
		b.Mark = clampPct(e.V)
	}
	return b
}

// clampPct turns a ratio into a bar length in percent, 0..100, rounded so
// the CSS stays short.
func clampPct(r float64) float64 {
	return math.Round(math.Max(0, math.Min(1, r))*1000) / 10
}

func sgn(v float64) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

func bad(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }

func (v views) scope(s plan.Scope) []ScopeView {
	var out []ScopeView
	for _, e := range s {
		out = append(out, ScopeView{Dimension: v.cb.Labels.Dimension(e.Dimension), Values: v.cb.Labels.Values(e.Dimension, e.Values), Key: e.Dimension})
	}
	return out
}

// chartErr names the page a chart was for.
func chartErr(page string, err error) error {
	var de *diag.Error
	if errors.As(err, &de) {
		return err // already names its file (a template's, say)
	}
	return fmt.Errorf("%s: %w", page, err)
}
