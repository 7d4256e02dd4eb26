package chart

import (
	"fmt"
	"slices"

	"github.com/go-echarts/go-echarts/v2/opts"

	"salesdeck/internal/analysis"
	"salesdeck/internal/render/format"
	"salesdeck/internal/support/civil"
)

// target returns target t of s, or an error naming the chart.
func target(id string, s *analysis.Strategy, t int) (analysis.Target, error) {
	if t < 0 || t >= len(s.Targets) {
		return analysis.Target{}, fmt.Errorf("chart %s: strategy %q has no target %d", id, s.Strategy.ID, t)
	}
	return s.Targets[t], nil
}

// months returns the axis labels of the buckets of ms (months, or
// quarters and years by name) and, for each, the figure of target t.
func (b Builder) months(ms []analysis.Month, t int) ([]string, []analysis.MonthFigure) {
	labels := make([]string, len(ms))
	figs := make([]analysis.MonthFigure, len(ms))
	for i, m := range ms {
		labels[i] = b.bucketLabel(m.Month)
		if t < len(m.Figures) {
			figs[i] = m.Figures[t]
		}
	}
	return labels, figs
}

// bucketLabel is how an axis names bucket n (analysis.Buckets): a month
// ("2026-07") in the site's locale, a quarter or a year by its name.
func (b Builder) bucketLabel(n string) string {
	if d, err := civil.Parse(n + "-01"); err == nil {
		return b.Format.Month(d)
	}
	return n
}

// grainSeries returns s's series by grain g (analysis.Grains), the word
// for one bucket ("Month") and how captions say the grain ("by month").
func (b Builder) grainSeries(s *analysis.Strategy, g string) ([]analysis.Month, string, string, error) {
	var rows []analysis.Month
	switch g {
	case analysis.GrainMonth, "":
		rows, g = s.Monthly, analysis.GrainMonth
	case analysis.GrainQuarter:
		rows = s.Quarterly
	case analysis.GrainYear:
		rows = s.Yearly
	default:
		return nil, "", "", fmt.Errorf("chart: unknown grain %q", g)
	}
	return rows, b.Text.Get("chart." + g), b.Text.Get("chart.by_" + g), nil
}

// series picks the figures of every bucket of target t that m names
// (actual, target and last year's) as chart data, one series each, and as
// the table shown under the chart, so both always hold the same numbers.
// A fourth series, the original target, follows when m has one and the
// target's original differs from it (analysis.MonthFigure.CumulativeOriginal).
func (b Builder) series(s *analysis.Strategy, t int, m monthly, rows []analysis.Month, unit string) (labels []string, data [][]any, tab Table) {
	labels, figs := b.months(rows, t)
	kind := s.Targets[t].Metric.Format
	n := 3
	tab = Table{Caption: m.caption, Header: []string{unit, m.actual, m.target, m.baseline},
		Numeric: []bool{false, true, true, true}}
	if m.original != "" && slices.ContainsFunc(figs, func(f analysis.MonthFigure) bool { return f.CumulativeOriginal.Valid }) {
		n = 4
		tab.Header, tab.Numeric = append(tab.Header, m.original), append(tab.Numeric, true)
	}
	data = make([][]any, n)
	for k := range data {
		data[k] = make([]any, len(figs))
	}
	for i, f := range figs {
		row := []string{labels[i]}
		fig := m.figures(f)
		for k, n := range append(fig[:], f.CumulativeOriginal)[:n] {
			data[k][i] = val(n)
			row = append(row, b.Format.Opt(kind, n.V, n.Valid))
		}
		tab.Rows = append(tab.Rows, row)
	}
	return labels, data, tab
}

func metricTitle(m analysis.Metric) string { return format.Humanize(m.Name) }

// Cumulative draws target t of s as running totals: actual against the
// phased target and last year, month by month. The actual line stops at
// as_of (null months); last year's runs on to the period's end. For a
// ratio metric the "cumulative" actual is the ratio to date, the target a
// flat line and last year's the ratio over the baseline's matching days.
func (b Builder) Cumulative(id string, s *analysis.Strategy, t int) (Chart, error) {
	return b.CumulativeBy(id, s, t, analysis.GrainMonth)
}

// CumulativeBy is Cumulative by the buckets of grain g (analysis.Grains):
// each point is the running total at the bucket's end, or at as_of in
// the bucket holding it.
func (b Builder) CumulativeBy(id string, s *analysis.Strategy, t int, g string) (Chart, error) {
	rows, unit, by, err := b.grainSeries(s, g)
	if err != nil {
		return Chart{}, err
	}
	tg, err := target(id, s, t)
	if err != nil {
		return Chart{}, err
	}
	x, metric := b.Text, metricTitle(tg.Metric)
	m := monthly{kind: Cumulative, height: 300,
		caption: x.Format("chart.cumulative_caption", "metric", metric),
		title:   x.Format("chart.cumulative_title", "metric", metric),
		actual:  x.Get("chart.actual_to_date"), target: x.Get("chart.target_to_date"), baseline: x.Get("chart.last_year_to_date"),
		original: x.Get("chart.original_target_to_date"),
		figures: func(f analysis.MonthFigure) [3]analysis.Num {
			return [3]analysis.Num{f.CumulativeActual, f.CumulativeTarget, f.CumulativeBaseline}
		}}
	if g != analysis.GrainMonth && g != "" {
		m.caption = x.Format("chart.cumulative_caption_by", "metric", metric, "by", by)
		m.title = x.Format("chart.cumulative_title_by", "metric", metric, "by", by)
	}
	return b.actualVsTarget(id, s, t, m, rows, unit)
}

// Monthly draws target t of s month by month: actual and phased target as
// side-by-side bars, last year's months as a quieter line over them.
func (b Builder) Monthly(id string, s *analysis.Strategy, t int) (Chart, error) {
	return b.MonthlyBy(id, s, t, analysis.GrainMonth)
}

// MonthlyBy is Monthly by the buckets of grain g (analysis.Grains): sums
// added up over each bucket, ratios recomputed over it.
func (b Builder) MonthlyBy(id string, s *analysis.Strategy, t int, g string) (Chart, error) {
	rows, unit, by, err := b.grainSeries(s, g)
	if err != nil {
		return Chart{}, err
	}
	tg, err := target(id, s, t)
	if err != nil {
		return Chart{}, err
	}
	x, metric := b.Text, metricTitle(tg.Metric)
	return b.actualVsTarget(id, s, t, monthly{kind: Monthly, height: 280,
		caption: x.Format("chart.monthly_caption", "metric", metric, "by", by),
		title:   x.Format("chart.monthly_title", "metric", metric, "by", by),
		actual:  x.Get("chart.actual"), target: x.Get("chart.target"), baseline: x.Get("chart.last_year"),
		figures: func(f analysis.MonthFigure) [3]analysis.Num {
			return [3]analysis.Num{f.Actual, f.Target, f.Baseline}
		}}, rows, unit)
}

// monthly is what tells the two month-by-month charts of a target apart.
type monthly struct {
	kind    string
	height  int
	caption string // the table's caption
	title   string // the chart's title
	// actual, target and baseline head the table's columns; figures picks
	// them from a month, in that order, which is the order of the series.
	actual, target, baseline string
	figures                  func(analysis.MonthFigure) [3]analysis.Num
	// original heads the column of the original target, drawn as a
	// fourth line when the target was re-forecast; "" for none.
	original string
}

func (b Builder) actualVsTarget(id string, s *analysis.Strategy, t int, m monthly, rows []analysis.Month, unit string) (Chart, error) {
	tg, err := target(id, s, t)
	if err != nil {
		return Chart{}, err
	}
	labels, data, tab := b.series(s, t, m, rows, unit)
	p := b.kind(m.kind)
	c := p.newCopy(id, labels)
	if len(data) > 3 {
		c.addLine("Original target", originalTarget)
	}
	for k, d := range data {
		c.setData(k, d)
	}
	ch := Chart{ID: id, Kind: m.kind, Title: m.title, Format: tg.Metric.Format, Height: m.height, Table: tab}
	return p.finish(ch, c)
}

// Breakdown draws breakdown d of s as horizontal bars, largest first, the
// figure written at the end of each bar. "Other" is grey.
func (b Builder) Breakdown(id string, s *analysis.Strategy, d int) (Chart, error) {
	if d < 0 || d >= len(s.Breakdowns) {
		return Chart{}, fmt.Errorf("chart %s: strategy %q has no breakdown %d", id, s.Strategy.ID, d)
	}
	if len(s.Targets) == 0 {
		return Chart{}, fmt.Errorf("chart %s: strategy %q has no target", id, s.Strategy.ID)
	}
	return b.BreakdownBy(id, s.Targets[0].Metric, s.Breakdowns[d])
}

// BreakdownBy draws breakdown bd, ranked by metric, as Breakdown does.
func (b Builder) BreakdownBy(id string, metric analysis.Metric, bd analysis.Breakdown) (Chart, error) {
	kind := metric.Format
	dim, title := b.Labels.Dimension(bd.Dimension), metricTitle(metric)

	// Shares only mean something for additive metrics with a positive
	// total: not for a ratio, nor a distinct count (an order of two
	// products is an order of each).
	total := 0.0
	for _, e := range bd.Entries {
		if e.Actual.Valid {
			total += e.Actual.V
		}
	}
	withShare := !metric.Ratio && !metric.Distinct && total > 0
	tab := Table{
		Caption: b.Text.Format("chart.breakdown_title", "metric", title, "dimension", dim),
		Header:  []string{dim, title},
		Numeric: []bool{false, true},
	}
	if withShare {
		tab.Header = append(tab.Header, b.Text.Get("chart.share"))
		tab.Numeric = append(tab.Numeric, true)
	}
	labels := make([]string, len(bd.Entries))
	data := make([]item, len(bd.Entries))
	for i, e := range bd.Entries {
		labels[i] = b.Text.Get("value.rest") // the rest taken together, no value of the data
		if !e.Other {
			labels[i] = b.Labels.Value(bd.Dimension, e.Value)
		}
		text := b.Format.Opt(kind, e.Actual.V, e.Actual.Valid)
		data[i] = item{Value: val(e.Actual), Label: plainLabel(text, "right")}
		if e.Other {
			data[i].ItemStyle = &opts.ItemStyle{Color: otherColour}
		}
		row := []string{labels[i], text}
		if withShare {
			row = append(row, b.Format.Opt(format.KindPercent, e.Actual.V/total, e.Actual.Valid))
		}
		tab.Rows = append(tab.Rows, row)
	}
	p := b.kind(Breakdown)
	c := p.newCopy(id, labels)
	bar := &c.bar
	bar.MultiSeries[0].Name = title
	c.setData(0, data)
	ch := Chart{ID: id, Kind: Breakdown, Title: tab.Caption, Format: kind, Height: barHeight(len(bd.Entries)), Table: tab}
	return p.finish(ch, c)
}

// barHeight gives horizontal bar charts room for n bars.
func barHeight(n int) int { return 56 + 32*max(n, 1) }
