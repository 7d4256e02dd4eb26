package chart

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/render"

	"salesdeck/internal/render/label"
)

// Prototypes.
//
// A site draws about twelve charts a strategy, and every chart of a kind
// has the same options but for its data. Building each one from scratch
// cost most of the time: go-echarts' NewBar and NewLine walk every option
// struct by reflection to fill in defaults (about 17 µs a chart, and again
// for every line series), and encoding/json walked the same constant
// options again for every chart.
//
// So go-echarts builds each kind of chart once per Builder (NewBuilder),
// with every option but those of one chart (a proto), and each chart is a
// copy of it given its own id, labels, data and, for some kinds, series
// name and value axis. The copy then goes through go-echarts as before
// (Validate, JSON). Only the top-level entries of the option that no chart
// changes are marshalled once, with the proto; the series and the axes are
// marshalled for every chart. The result is byte for byte what building
// every chart from scratch gives: a Builder not made by NewBuilder still
// does that (a proto for every chart, its option marshalled whole), and
// TestSameAsUncached compares the two on every chart of the example site,
// of generated sites and of odd figures; TestGolden holds the charts as
// they were before prototypes.
//
// What a chart may change in its copy: xAxisData (SetXAxis), ChartID, the
// data and names of its series and whole axes (XAxisList[0], YAxisList[0])
// - the slices holding series and axes are copied for it. Everything else,
// pointers included, is shared with the proto and every other copy, and
// must stay read-only; a new per-chart option that is not an axis or a
// series belongs in variable.

// variable are the top-level keys of an option that charts of one kind
// may give different values: they are marshalled for every chart.
var variable = []string{"series", "xAxis", "yAxis"}

// part is one top-level entry of a kind's option.
type part struct {
	name  string
	head  []byte // `"name":`, as encoding/json writes the key
	fixed []byte // the marshalled value, when no chart changes it
}

// proto is one kind of chart as go-echarts builds it, and what finish adds
// to its option.
type proto struct {
	line *charts.Line // cumulative charts
	bar  *charts.Bar  // the others
	// tooltip and extra are set at the top level of the option.
	tooltip, extra map[string]any
	parts          []part // every top-level entry, sorted by key as encoding/json sorts a map
	// keys are the top-level keys go-echarts gives the prototype's option.
	keys map[string]bool
	// copies holds copies of line or bar (chartCopy) for reuse.
	copies sync.Pool
	// whole says to marshal every option whole: the proto is drawn for
	// one chart only (Builder.kind).
	whole bool
	// slow counts options marshalled whole because go-echarts gave a key
	// the proto did not have (tests want 0).
	slow atomic.Int64
}

// kind returns the prototype of b's charts of a kind: b's own, or for a
// Builder not made by NewBuilder, one for this chart only.
func (b Builder) kind(kind string) *proto {
	if p := b.protos[kind]; p != nil {
		return p
	}
	p := newProto(kind, b.colour(), b.Text)
	p.whole = true
	return p
}

// newProto builds the prototype of a kind, with the options the methods
// of Builder used to set on every new chart, in the same order; t names
// its series.
func newProto(kind, primary string, t label.Text) *proto {
	actual, target, lastYear := t.Get("chart.actual"), t.Get("chart.target"), t.Get("chart.last_year")
	switch kind {
	case Cumulative:
		line := charts.NewLine()
		line.SetGlobalOptions(base("proto")...)
		line.SetGlobalOptions(
			charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisTick: &opts.AxisTick{AlignWithLabel: opts.Bool(true)}}),
			charts.WithYAxisOpts(opts.YAxis{Type: "value"}),
		)
		line.AddSeries(actual, nil, charts.WithSeriesOpts(func(s *charts.SingleSeries) {
			s.Color, s.Symbol, s.SymbolSize, s.ShowSymbol = primary, "circle", 7, opts.Bool(true)
			s.LineStyle = &opts.LineStyle{Width: 3}
			s.AreaStyle = &opts.AreaStyle{Opacity: opts.Float(0.08)}
		}))
		line.AddSeries(target, nil, charts.WithSeriesOpts(func(s *charts.SingleSeries) {
			s.Color, s.Symbol = targetColour, "none"
			s.LineStyle = &opts.LineStyle{Width: 2, Type: "dashed"}
		}))
		line.AddSeries(lastYear, nil, charts.WithSeriesOpts(lastYearStyle))
		return settle(line, nil, axisTooltip("line"), nil)
	case Monthly:
		bar := charts.NewBar()
		bar.SetGlobalOptions(base("proto")...)
		bar.SetGlobalOptions(
			charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
			charts.WithYAxisOpts(opts.YAxis{Type: "value"}),
		)
		bar.AddSeries(actual, nil, charts.WithSeriesOpts(func(s *charts.SingleSeries) {
			s.Color, s.BarMaxWidth, s.BarGap = primary, "28", "10%"
		}))
		bar.AddSeries(target, nil, charts.WithSeriesOpts(func(s *charts.SingleSeries) {
			s.Color, s.BarMaxWidth = targetFill, "28"
		}))
		// Last year is a line over the bars, a third pair of bars would
		// crowd them.
		bar.AddSeries(lastYear, nil, charts.WithSeriesOpts(func(s *charts.SingleSeries) {
			s.Type = "line"
			lastYearStyle(s)
		}))
		return settle(nil, bar, axisTooltip("shadow"), nil)
	case Breakdown:
		// Each chart names its series after its metric.
		bar := horizontalBar(opts.XAxis{Type: "value"}, 160, charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}))
		bar.AddSeries("", nil, charts.WithSeriesOpts(func(s *charts.SingleSeries) {
			s.Color, s.BarMaxWidth = primary, "22"
		}))
		return settle(nil, bar, axisTooltip("shadow"),
			map[string]any{"grid": map[string]any{"left": 8, "right": 96, "top": 8, "bottom": 8, "containLabel": true}})
	case Attainment:
		// Each chart sets its value axis (ratioAxis), as a pace chart does.
		bar := horizontalBar(ratioAxis(1), 260)
		bar.AddSeries(t.Get("kpi.attainment"), nil, charts.WithSeriesOpts(func(s *charts.SingleSeries) {
			s.BarMaxWidth, s.Color = "22", markColour
			s.MarkLines = hundredPercent()
		}))
		// The tick is a thin dark bar across the attainment bar, drawn by a
		// scatter series on the same axes.
		bar.AddSeries(t.Get("chart.expected_by_now"), nil, charts.WithSeriesOpts(func(s *charts.SingleSeries) {
			s.Type, s.Symbol, s.SymbolSize, s.Color = "scatter", "rect", []int{3, 26}, markColour
		}))
		bar.AddSeries(t.Get("kpi.status"), nil, charts.WithSeriesOpts(labelColumn))
		return settle(nil, bar, axisTooltip("shadow"), map[string]any{
			"grid":   map[string]any{"left": 8, "right": columnRoom, "top": 36, "bottom": 8, "containLabel": true},
			"legend": map[string]any{"show": true, "top": 0, "left": 0, "data": []string{t.Get("chart.expected_by_now")}},
		})
	case waterfallProto:
		return newWaterfall(t)
	case Pace:
		bar := horizontalBar(ratioAxis(1), 260, charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}))
		bar.AddSeries(t.Get("kpi.pace"), nil, charts.WithSeriesOpts(func(s *charts.SingleSeries) {
			s.BarMaxWidth, s.Color = "22", markColour
			s.MarkLines = hundredPercent()
		}))
		bar.AddSeries(t.Get("kpi.status"), nil, charts.WithSeriesOpts(labelColumn))
		return settle(nil, bar, axisTooltip("shadow"),
			map[string]any{"grid": map[string]any{"left": 8, "right": columnRoom, "top": 12, "bottom": 8, "containLabel": true}})
	}
	panic("chart: no kind " + kind)
}

// labelColumn makes a series the column of a ratio chart's figures
// (chart.go, columnID): points that show only their labels.
func labelColumn(s *charts.SingleSeries) {
	// ECharts draws no label for a point without a symbol: the symbol
	// is a transparent dot.
	s.Type, s.Id, s.Symbol, s.SymbolSize, s.Color = "scatter", columnID, "circle", 1, "transparent"
}

// lastYearStyle styles the baseline's series of the cumulative and monthly
// charts: quieter than actual and target, a thin dotted line with small
// hollow points, so it reads without colour too.
func lastYearStyle(s *charts.SingleSeries) {
	s.Color, s.Symbol, s.SymbolSize, s.ShowSymbol = baselineColour, "emptyCircle", 5, opts.Bool(true)
	s.LineStyle = &opts.LineStyle{Width: 1.5, Type: "dotted"}
}

// originalTarget is the look of a re-forecast target's original on the
// cumulative chart: dashed like the target, thinner and darker, with
// square points, so that it differs from the target in black and white.
func originalTarget(s *charts.SingleSeries) {
	s.Color, s.Symbol, s.SymbolSize, s.ShowSymbol = originalColour, "rect", 4, opts.Bool(true)
	s.LineStyle = &opts.LineStyle{Width: 1.5, Type: "dashed"}
}

// horizontalBar starts the prototype of a chart of horizontal bars, first
// category on top, its labels cut at labelWidth pixels, with the options
// legend (if any) before the axes as charts without prototypes set them.
func horizontalBar(x opts.XAxis, labelWidth int, legend ...charts.GlobalOpts) *charts.Bar {
	bar := charts.NewBar()
	bar.SetGlobalOptions(base("proto")...)
	bar.SetGlobalOptions(append(legend,
		charts.WithXAxisOpts(x),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true),
			AxisLabel: &opts.AxisLabel{Width: labelWidth, Overflow: "truncate"}}),
	)...)
	bar.XYReversal()
	return bar
}

// settle settles a prototype (line or bar) and marshals the entries of
// its option that no chart changes.
func settle(line *charts.Line, bar *charts.Bar, tooltip, extra map[string]any) *proto {
	p := &proto{line: line, bar: bar, tooltip: tooltip, extra: extra, keys: map[string]bool{}}
	var c encoder = bar
	if line != nil {
		c = line
	}
	// Validate prefixes go-echarts' asset list with the assets host, in
	// place; done here once, it leaves copies nothing to write there.
	c.Validate()
	obj := c.JSON()
	for k := range obj {
		p.keys[k] = true
	}
	obj = edit(obj, tooltip, extra)
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		head, err := json.Marshal(k)
		if err != nil {
			panic(err)
		}
		pt := part{name: k, head: append(head, ':')}
		if !slices.Contains(variable, k) {
			if pt.fixed, err = json.Marshal(obj[k]); err != nil {
				panic(fmt.Sprintf("chart: marshalling the prototype's %s: %v", k, err))
			}
		}
		p.parts = append(p.parts, pt)
	}
	for _, k := range variable {
		if !p.keys[k] {
			panic("chart: the prototype has no " + k)
		}
	}
	return p
}

// A copy of a prototype is a few kB (the chart, its series and axes);
// copies are reused from chart to chart rather than left to the garbage
// collector.

// chartCopy is a copy of a prototype for one chart, line or bar as the
// prototype, with slices of series and axes of its own.
type chartCopy struct {
	line charts.Line
	bar  charts.Bar
	xs   []opts.XAxis
	ys   []opts.YAxis
	ms   charts.MultiSeries
	r    render.Renderer
}

// newCopy returns a copy of p's prototype for one chart, with its id and
// category labels: a copy that finish gave back, or a new one.
func (p *proto) newCopy(id string, labels []string) *chartCopy {
	c, _ := p.copies.Get().(*chartCopy)
	fresh := c == nil
	if fresh {
		c = &chartCopy{}
	}
	var rc *charts.RectChart
	if p.line != nil {
		c.line = *p.line
		c.line.SetXAxis(labels)
		rc = &c.line.RectChart
		if fresh {
			c.r = render.NewChartRender(&c.line, c.line.Validate)
		}
	} else {
		c.bar = *p.bar
		c.bar.SetXAxis(labels)
		rc = &c.bar.RectChart
		if fresh {
			c.r = render.NewChartRender(&c.bar, c.bar.Validate)
		}
	}
	c.xs = append(c.xs[:0], rc.XAxisList...)
	c.ys = append(c.ys[:0], rc.YAxisList...)
	c.ms = append(c.ms[:0], rc.MultiSeries...)
	rc.XAxisList, rc.YAxisList, rc.MultiSeries, rc.Renderer = c.xs, c.ys, c.ms, c.r
	rc.ChartID = id
	return c
}

// addLine adds a series to a copy of a line chart's prototype, after its
// own: a series only some charts of a kind have.
func (c *chartCopy) addLine(name string, look func(*charts.SingleSeries)) {
	c.line.AddSeries(name, nil, charts.WithSeriesOpts(look))
	c.ms = c.line.MultiSeries
}

// setData replaces the data of series i, so values can be null.
func (c *chartCopy) setData(i int, data any) { c.ms[i].Data = data }

// finish checks the chart's id and marshals the option of cc, a copy of
// p's prototype: the entries no chart changes as the prototype's bytes,
// the others as go-echarts gives them for cc. An option whose keys differ
// from the prototype's, or of a proto for one chart, is marshalled whole,
// as finish always did before prototypes. cc is reused afterwards.
func (p *proto) finish(ch Chart, cc *chartCopy) (Chart, error) {
	defer p.copies.Put(cc)
	var c encoder = &cc.bar
	if p.line != nil {
		c = &cc.line
	}
	id := ch.ID
	if !isIdentifier(id) {
		return Chart{}, fmt.Errorf("chart id %q is not a JavaScript identifier", id)
	}
	c.Validate()
	obj := c.JSON()
	whole := p.whole
	if !whole && !p.fits(obj) {
		p.slow.Add(1)
		whole = true
	}
	if whole {
		raw, err := json.Marshal(edit(obj, p.tooltip, p.extra))
		if err != nil {
			return Chart{}, fmt.Errorf("chart %s: %w", id, err)
		}
		ch.Option = raw
		return ch, nil
	}
	var buf bytes.Buffer
	buf.Grow(1024)
	enc := json.NewEncoder(&buf)
	buf.WriteByte('{')
	for i, pt := range p.parts {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(pt.head)
		if pt.fixed != nil {
			buf.Write(pt.fixed)
			continue
		}
		// Encode writes what Marshal returns, and a newline.
		if err := enc.Encode(obj[pt.name]); err != nil {
			return Chart{}, fmt.Errorf("chart %s: %w", id, err)
		}
		buf.Truncate(buf.Len() - 1)
	}
	buf.WriteByte('}')
	ch.Option = buf.Bytes()
	return ch, nil
}

// fits reports whether go-echarts gave obj the top-level keys it gave the
// prototype.
func (p *proto) fits(obj map[string]any) bool {
	if len(obj) != len(p.keys) {
		return false
	}
	for k := range obj {
		if !p.keys[k] {
			return false
		}
	}
	return true
}
