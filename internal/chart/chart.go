// Package chart builds the Apache ECharts options for salesdeck's charts
// from computed results: cumulative and monthly actual against target for a
// strategy's target, a strategy's breakdown by dimension, attainment per
// strategy of a plan, and strategies ranked by pace. Each chart comes with
// the same figures as a small table, for readers without JavaScript and for
// print.
//
// It uses go-echarts only to assemble options, which it marshals with
// encoding/json: the output escapes <, > and & (so it can sit inside a
// <script type="application/json"> block), contains no JavaScript
// functions and no NaN (undefined figures are JSON null, which ECharts
// draws as a gap). It never uses go-echarts' HTML rendering, which is
// unsafe for text from data files.
//
// Data text (strategy titles, dimension values) stays inert in the
// browser: ECharts draws axis labels, legends and data labels as SVG text
// nodes, and its default tooltip HTML-encodes the category name, series
// names and formatted values (encodeHTML in tooltipMarkup.js, checked
// against ECharts 5.6.0). So no option built here carries a tooltip
// formatter template; number formatting in tooltips and on axes is left to
// the page's static script, which reads Chart.Format.
//
// The package knows nothing of pages, paths, templates or files.
package chart

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"salesdeck/internal/analysis"
	"salesdeck/internal/format"
)

// Chart is one chart, ready to embed.
type Chart struct {
	// ID is a JavaScript identifier, unique on its page, chosen by the
	// caller (e.g. "c_cumulative_0"); pages use it as the element id.
	ID    string
	Kind  string // Cumulative, Monthly, Breakdown, Attainment or Pace
	Title string // plain text
	// Format says how the browser writes values on the value axis and in
	// tooltips: format.KindMoney, KindNumber or KindPercent.
	Format string
	Height int // CSS pixels the chart needs
	// Option is the ECharts option as HTML-safe JSON.
	Option json.RawMessage
	Table  Table
}

// Kinds of chart.
const (
	Cumulative = "cumulative"
	Monthly    = "monthly"
	Breakdown  = "breakdown"
	Attainment = "attainment"
	Pace       = "pace"
)

// Table is a chart's figures as formatted text.
type Table struct {
	Caption string
	Header  []string
	Numeric []bool // per column: right-aligned figures
	Rows    [][]string
}

// Builder builds charts with one site's number formats and colours.
type Builder struct {
	Format format.Formatter
	// Primary is the colour of actual figures, a CSS colour the caller has
	// validated; "" means the default blue.
	Primary string
}

// Colours shared by every chart. Status colours are mid-tones that read on
// light and dark backgrounds alike; pages never rely on them alone.
const (
	defaultPrimary = "#1f5fd1"
	targetColour   = "#8a94a6"
	targetFill     = "#c9d0db"
	otherColour    = "#a3acb9"
	markColour     = "#4b5563"
)

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func (b Builder) primary() string {
	if b.Primary == "" {
		return defaultPrimary
	}
	return b.Primary
}

// base applies what every chart shares: the caller's ID, SVG rendering for
// crisp print, no animation (print must not catch a half-drawn frame), a
// transparent background for dark pages.
func base(id string) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{ChartID: id, Renderer: "svg", BackgroundColor: "transparent"}),
		charts.WithAnimation(false),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "0", Left: "0", Icon: "roundRect", ItemWidth: 14, ItemHeight: 8}),
	}
}

// encoder is a chart that go-echarts can turn into an option map.
type encoder interface {
	Validate()
	JSON() map[string]interface{}
}

// finish marshals c's option, adding the few settings go-echarts has no
// field for. extra is merged at the top level.
func finish(ch Chart, c encoder, tooltip map[string]any, extra map[string]any) (Chart, error) {
	if !identifier.MatchString(ch.ID) {
		return Chart{}, fmt.Errorf("chart id %q is not a JavaScript identifier", ch.ID)
	}
	c.Validate()
	obj := c.JSON()
	// Empty components that go-echarts always emits; an empty title box
	// still takes room at the top.
	delete(obj, "title")
	delete(obj, "toolbox")
	delete(obj, "color")
	obj["grid"] = map[string]any{"left": 8, "right": 24, "top": 36, "bottom": 8, "containLabel": true}
	obj["tooltip"] = tooltip
	obj["aria"] = map[string]any{"enabled": true}
	// No textStyle.fontFamily: ECharts measures labels with it on a canvas
	// but the SVG text falls back differently, so long axis labels get cut
	// at the chart's edge. Its default sans-serif measures true.
	for k, v := range extra {
		obj[k] = v
	}
	raw, err := json.Marshal(obj)
	if err != nil {
		return Chart{}, fmt.Errorf("chart %s: %w", ch.ID, err)
	}
	ch.Option = raw
	return ch, nil
}

func axisTooltip(pointer string) map[string]any {
	return map[string]any{"trigger": "axis", "confine": true, "axisPointer": map[string]any{"type": pointer}}
}

// val is a figure for a series: nil (JSON null, a gap) when undefined.
func val(n analysis.Num) any {
	if !n.Valid || math.IsNaN(n.V) || math.IsInf(n.V, 0) {
		return nil
	}
	return n.V
}

// item is a series data item whose undefined value stays null: go-echarts'
// own data types drop a nil value entirely (omitempty).
type item struct {
	Value     any             `json:"value"`
	ItemStyle *opts.ItemStyle `json:"itemStyle,omitempty"`
	Label     *opts.Label     `json:"label,omitempty"`
}

// setData replaces the data of series i, so values can be null.
func setData(c *charts.RectChart, i int, data any) { c.MultiSeries[i].Data = data }

// plainLabel is a data label showing text computed here; a formatter
// string without {} placeholders is drawn as it is.
func plainLabel(text, position string) *opts.Label {
	return &opts.Label{Show: opts.Bool(true), Formatter: braceFree(text), Position: position}
}

// statusLabel writes a bar's figure and status inside the bar when the
// bar is long enough (white on the status colour), else after it: a label
// after every bar would collide with the expected-by-now tick.
func statusLabel(text string, v analysis.Num, axisMax float64) *opts.Label {
	if v.Valid && axisMax > 0 && v.V >= 0.3*axisMax {
		l := plainLabel(text, "insideLeft")
		l.Color, l.FontWeight = "#ffffff", "600"
		return l
	}
	return plainLabel(text, "right")
}

// ratioAxisMax estimates the end of a ratio axis: ECharts extends it to
// at least the largest value, and the 100% line is always in view.
func ratioAxisMax(ss []*analysis.Strategy, fig func(*analysis.Strategy) analysis.Num) float64 {
	m := 1.0
	for _, s := range ss {
		if n := fig(s); n.Valid && n.V > m {
			m = n.V
		}
	}
	return m
}

// braceFree keeps ECharts from reading "{b}" in data text as a template
// variable.
func braceFree(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		switch r {
		case '{':
			r = '('
		case '}':
			r = ')'
		}
		out = append(out, r)
	}
	return string(out)
}
