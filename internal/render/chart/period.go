package chart

import (
	"cmp"
	"encoding/json"
	"fmt"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"salesdeck/internal/analysis"
	"salesdeck/internal/support/civil"
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
	title := metricTitle(m)
	unit := map[string]string{analysis.GrainMonth: "Month", analysis.GrainQuarter: "Quarter", analysis.GrainYear: "Year"}[cmp.Or(c.Ask.Grain, analysis.GrainMonth)]
	caption := title + " by " + map[string]string{"Month": "month", "Quarter": "quarter", "Year": "year"}[unit]
	if by != "" {
		caption += " and " + b.Labels.Dimension(by)
	}
	labels := make([]string, len(c.Buckets))
	for i, n := range c.Buckets {
		labels[i] = n
		if d, err := civil.Parse(n + "-01"); err == nil {
			labels[i] = b.Format.Month(d)
		}
	}
	lines := by != "" && (m.Ratio || m.Distinct)
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
	tab := Table{Caption: caption, Header: []string{unit}, Numeric: []bool{false}}
	for _, s := range c.Series {
		name := b.seriesName(by, s, title)
		tab.Header, tab.Numeric = append(tab.Header, name), append(tab.Numeric, true)
		data := make([]item, len(s.Figures))
		for k, n := range s.Figures {
			data[k] = item{Value: val(n)}
		}
		bar.AddSeries(name, nil, charts.WithSeriesOpts(func(ss *charts.SingleSeries) {
			ss.Data = data
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
	for k := range c.Buckets {
		row := []string{labels[k]}
		for _, s := range c.Series {
			row = append(row, b.Format.Opt(m.Format, s.Figures[k].V, s.Figures[k].Valid))
		}
		tab.Rows = append(tab.Rows, row)
	}
	total := []string{"Whole period"}
	for _, s := range c.Series {
		total = append(total, b.Format.Opt(m.Format, s.Total.V, s.Total.Valid))
	}
	tab.Rows = append(tab.Rows, total)
	bar.Validate()
	tooltip := axisTooltip("shadow")
	if lines {
		tooltip = axisTooltip("line")
	}
	raw, err := json.Marshal(edit(bar.JSON(), tooltip, nil))
	if err != nil {
		return Chart{}, fmt.Errorf("chart %s: %w", id, err)
	}
	return Chart{ID: id, Kind: Period, Title: caption, Format: m.Format, Height: 320, Option: raw, Table: tab}, nil
}

// seriesName names series s of a chart by dimension by (the value's
// label), or by its metric's title for the one series of every row.
func (b Builder) seriesName(by string, s analysis.ChartSeries, title string) string {
	switch {
	case by == "":
		return title
	case s.Other:
		return s.Value // the rest taken together, no value of the data
	}
	return b.Labels.Value(by, s.Value)
}
