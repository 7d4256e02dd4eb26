package chart

import (
	"cmp"
	"encoding/json"
	"fmt"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"salesdeck/internal/analysis"
)

// Period draws c, a metric over every row of a period per bucket of time
// (a Markdown block's chart not tied to a strategy): bars per bucket, one
// series per value, stacked for sums and counts, whose values add up to
// the bucket's total; a ratio or a distinct count by value does not add
// up, so each value is a line of its own. "Other" is grey. A chart has as
// many series as its data has values, up to eleven, so it is drawn
// whole rather than from a prototype.
func (b Builder) Period(id string, c *analysis.Chart) (Chart, error) {
	if !isIdentifier(id) {
		return Chart{}, fmt.Errorf("chart id %q is not a JavaScript identifier", id)
	}
	m, by := c.Metric, c.Ask.By
	lines := by != "" && (m.Ratio || m.Distinct)
	labels := make([]string, len(c.Buckets))
	for i, n := range c.Buckets {
		labels[i] = b.bucketLabel(n)
	}
	bar := charts.NewBar()
	bar.SetGlobalOptions(base(id)...)
	bar.SetGlobalOptions(
		charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value"}),
	)
	if by == "" {
		bar.SetGlobalOptions(charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}))
	}
	bar.SetXAxis(labels)
	// Ten colours tell apart the ten values a chart lists (ECharts' own
	// palette has nine); none is grey, Other's colour.
	colours := [...]string{"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#17becf"}
	for i, s := range c.Series {
		data := make([]item, len(s.Figures))
		for k, n := range s.Figures {
			data[k] = item{Value: val(n)}
		}
		bar.AddSeries(b.seriesName(c, s), nil, charts.WithSeriesOpts(func(ss *charts.SingleSeries) {
			ss.Data, ss.Color = data, colours[i%len(colours)]
			switch {
			case lines:
				ss.Type, ss.Symbol, ss.SymbolSize = "line", "circle", 6
			case by != "":
				ss.Stack, ss.BarMaxWidth = "total", "48"
			default:
				ss.Color, ss.BarMaxWidth = b.colour(), "48"
			}
			if s.Other {
				ss.Color = otherColour
			}
		}))
	}
	bar.Validate()
	tooltip, extra := axisTooltip("shadow"), map[string]any(nil)
	if lines {
		tooltip = axisTooltip("line")
	}
	if by != "" {
		// Up to eleven names would wrap over the plot in a legend on
		// top: they stand in a column on the right, each cut to its
		// width, scrolling if the chart is short.
		extra = map[string]any{
			"legend": map[string]any{"show": true, "type": "scroll", "orient": "vertical", "right": 0, "top": 8,
				"icon": "roundRect", "itemWidth": 14, "itemHeight": 8, "textStyle": map[string]any{"width": 140, "overflow": "truncate"}},
			"grid": map[string]any{"left": 8, "right": 180, "top": 12, "bottom": 8, "containLabel": true},
		}
	}
	raw, err := json.Marshal(edit(bar.JSON(), tooltip, extra))
	if err != nil {
		return Chart{}, fmt.Errorf("chart %s: %w", id, err)
	}
	tab := b.periodTable(c, labels)
	return Chart{ID: id, Kind: Period, Title: tab.Caption, Format: m.Format, Height: 320, Option: raw, Table: tab}, nil
}

// periodTable is the table of c's figures: a row per bucket (labelled
// labels) and one for the whole period, a column per series.
func (b Builder) periodTable(c *analysis.Chart, labels []string) Table {
	grain := cmp.Or(c.Ask.Grain, analysis.GrainMonth)
	metric, by := metricTitle(c.Metric), b.Text.Get("chart.by_"+grain)
	caption := b.Text.Format("chart.period_caption", "metric", metric, "by", by)
	if c.Ask.By != "" {
		caption = b.Text.Format("chart.period_caption_by", "metric", metric, "by", by, "dimension", b.Labels.Dimension(c.Ask.By))
	}
	tab := Table{Caption: caption, Header: []string{b.Text.Get("chart." + grain)}, Numeric: []bool{false}}
	for _, s := range c.Series {
		tab.Header, tab.Numeric = append(tab.Header, b.seriesName(c, s)), append(tab.Numeric, true)
	}
	row := func(first string, fig func(analysis.ChartSeries) analysis.Num) []string {
		out := []string{first}
		for _, s := range c.Series {
			n := fig(s)
			out = append(out, b.Format.Opt(c.Metric.Format, n.V, n.Valid))
		}
		return out
	}
	for k := range c.Buckets {
		tab.Rows = append(tab.Rows, row(labels[k], func(s analysis.ChartSeries) analysis.Num { return s.Figures[k] }))
	}
	tab.Rows = append(tab.Rows, row(b.Text.Get("chart.whole_period"), func(s analysis.ChartSeries) analysis.Num { return s.Total }))
	return tab
}

// seriesName names series s of c: its value's label, or its metric's
// title for the one series of every row.
func (b Builder) seriesName(c *analysis.Chart, s analysis.ChartSeries) string {
	switch {
	case c.Ask.By == "":
		return metricTitle(c.Metric)
	case s.Other:
		return b.Text.Get("value.rest") // the rest taken together, no value of the data
	}
	return b.Labels.Value(c.Ask.By, s.Value)
}
