// Package chart builds the Apache ECharts options for salesdeck's charts
// from computed results: cumulative and monthly actual against target for a
// strategy's target, a strategy's breakdown by dimension, its bridge from
// last year and a target's price, volume and mix as waterfalls, attainment
// per strategy of a plan, strategies ranked by pace, and a metric over
// every row of a period by bucket of time and value of a dimension. Each chart comes
// with the same figures as a small table, for readers without JavaScript
// and for print.
//
// It uses go-echarts only to assemble options, which it marshals with
// encoding/json: the output escapes <, > and & (so it can sit inside a
// <script type="application/json"> block), contains no JavaScript
// functions and no NaN (undefined figures are JSON null, which ECharts
// draws as a gap). It never uses go-echarts' HTML rendering, which is
// unsafe for text from data files.
//
// Data text (strategy titles, dimension values and their labels) stays inert in the
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
	"math"
	"strings"
	"unicode/utf8"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"salesdeck/internal/analysis"
	"salesdeck/internal/render/format"
	"salesdeck/internal/render/label"
)

// Chart is one chart, ready to embed.
type Chart struct {
	// ID is a JavaScript identifier, unique on its page, chosen by the
	// caller (e.g. "c_cumulative_0"); pages use it as the element id.
	ID    string
	Kind  string // Cumulative, Monthly, Breakdown, Attainment, Pace, Bridge, PriceVolumeMix or Period
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
	// Bridge and PriceVolumeMix are waterfalls (waterfall.go).
	Bridge         = "bridge"
	PriceVolumeMix = "price_volume_mix"
	waterfallProto = "waterfall" // the prototype both are drawn from
	// Period is a metric over every row of a period (period.go).
	Period = "period"
)

// Table is a chart's figures as formatted text.
type Table struct {
	Caption string
	Header  []string
	Numeric []bool // per column: right-aligned figures
	Rows    [][]string
}

// Builder builds charts with one site's number formats and colours. Make
// one with NewBuilder: its copies share its prototypes (proto.go) and may
// draw charts from several goroutines at once.
type Builder struct {
	Format format.Formatter
	// Labels name dimensions and their values on charts and in their
	// tables (site.yaml's labels); the zero value shows the data's own.
	Labels label.Names
	// Text is the wording of titles, legends, axes and tables, in the
	// site's language.
	Text label.Text
	// primary is the colour of actual figures, a CSS colour the caller has
	// validated; "" means the default blue.
	primary string
	// protos are the prototypes of b's charts, by kind, read only but for
	// their pools and counters. Without them (a Builder not made by
	// NewBuilder) every chart is built from scratch, much slower: tests
	// hold the prototypes against that.
	protos map[string]*proto
}

// NewBuilder returns a Builder writing figures with f and words with t,
// drawing actual figures in primary, a CSS colour the caller has
// validated ("" means the default blue).
func NewBuilder(f format.Formatter, t label.Text, primary string) Builder {
	b := Builder{Format: f, Text: t, primary: primary, protos: map[string]*proto{}}
	for _, kind := range []string{Cumulative, Monthly, Breakdown, Attainment, Pace, waterfallProto} {
		b.protos[kind] = newProto(kind, b.colour(), t)
	}
	return b
}

// Colours shared by every chart. Status colours are mid-tones that read on
// light and dark backgrounds alike; pages never rely on them alone.
const (
	defaultPrimary = "#1f5fd1"
	targetColour   = "#8a94a6"
	targetFill     = "#c9d0db"
	otherColour    = "#a3acb9"
	markColour     = "#4b5563"
	baselineColour = "#9c7a4a" // last year: a muted ochre, apart from the blue and greys
	originalColour = "#4b5563" // a re-forecast target's original: the target's line, darker
)

func (b Builder) colour() string {
	if b.primary == "" {
		return defaultPrimary
	}
	return b.primary
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

// edit adds to an option map from go-echarts the few settings go-echarts
// has no field for, and removes what it always emits but charts here do
// not use. extra is merged at the top level.
func edit(obj map[string]any, tooltip map[string]any, extra map[string]any) map[string]any {
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
	return obj
}

// isIdentifier reports whether id is a JavaScript identifier made of
// ASCII letters, digits and underscores: ^[A-Za-z_][A-Za-z0-9_]*$.
func isIdentifier(id string) bool {
	if id == "" || ('0' <= id[0] && id[0] <= '9') {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
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

// plainLabel is a data label showing text computed here; a formatter
// string without {} placeholders is drawn as it is.
func plainLabel(text, position string) *opts.Label {
	return &opts.Label{Show: opts.Bool(true), Formatter: braceFree(text), Position: position}
}

// The figure and status of each bar of a ratio chart (attainment, pace)
// are written in a column right of the bars, at the axis's end, on the
// bar's line: a label at a bar's end ran through the expected-by-now
// tick or the 100% line whenever one was near it. The column is a
// scatter series (id columnID) of one point per bar at the axis's end,
// its label to the right, in the room the grid leaves (columnRoom).
// salesdeck.js narrows the column, wrapping its text, on a narrow chart,
// and keeps the series out of tooltips.
const (
	columnID   = "labels"
	columnRoom = 170
)

// columnItem is a point of the column: its label is the bar's text.
type columnItem struct {
	Value [2]any       `json:"value"`
	Label *columnLabel `json:"label"`
}

// columnLabel is a label of the column. go-echarts' Label has no width
// nor overflow, which wrapping needs.
type columnLabel struct {
	Show       bool   `json:"show"`
	Position   string `json:"position"`
	Formatter  string `json:"formatter"`
	Color      string `json:"color,omitempty"`
	FontWeight string `json:"fontWeight"`
	Width      int    `json:"width"`
	Overflow   string `json:"overflow"`
	LineHeight int    `json:"lineHeight"`
}

// column returns the column's point for the bar at index i of an axis
// ending at axisEnd, showing figure and the status look two spaces
// apart; salesdeck.js puts the status on a line of its own in a narrow
// column.
func column(i int, axisEnd float64, figure string, look StatusLook) columnItem {
	return columnItem{Value: [2]any{axisEnd, i}, Label: &columnLabel{
		Show: true, Position: "right", Formatter: braceFree(figure + "  " + look.Symbol + " " + look.Label), Color: look.Colour, FontWeight: "600",
		Width: columnRoom - 12, Overflow: "truncate", LineHeight: 14,
	}}
}

// ratioAxisEnd is where a ratio axis ends: at 100% unless a figure is
// beyond it, then at the next tenth above the largest; set, not left to
// ECharts, so that the column knows where it starts.
func ratioAxisEnd(ss []*analysis.Strategy, fig func(*analysis.Strategy) analysis.Num) float64 {
	m := 1.0
	for _, s := range ss {
		if n := fig(s); n.Valid && n.V > m && !math.IsInf(n.V, 0) {
			m = n.V
		}
	}
	return math.Ceil(m*10-1e-9) / 10
}

// braceFree keeps ECharts from reading "{b}" in data text as a template
// variable.
func braceFree(s string) string {
	if !strings.ContainsAny(s, "{}") && utf8.ValidString(s) {
		return s // what the loop below gives back
	}
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
