package chart

import (
	"fmt"
	"math"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"salesdeck/internal/analysis"
	"salesdeck/internal/render/format"
	"salesdeck/internal/render/label"
)

// Waterfalls: a total last year, the steps that lead from it, the total
// this year, read left to right. ECharts has no floating bar, so each
// bar is a stack: an invisible base up to the bar's lower end, then the
// bar. A bar that crosses zero is two visible parts, one each side, since
// ECharts stacks positive and negative values apart.

// Colours of a waterfall's steps; the sign is written on every bar too.
const (
	upColour   = "#1f9d55"
	downColour = "#d64545"
)

// step is a bar of a waterfall: a total (drawn from 0) or a change.
type step struct {
	label string
	value float64
	total bool
	other bool
	// undefined marks a figure that is not a number, drawn as nothing.
	undefined bool
}

// Bridge draws s's bridge from last year: last year to date, the change
// of each value of the bridge's dimension, this year to date.
func (b Builder) Bridge(id string, s *analysis.Strategy) (Chart, error) {
	br := s.Bridge
	if br == nil || len(s.Targets) == 0 {
		return Chart{}, fmt.Errorf("chart %s: strategy %q has no bridge from last year", id, s.Strategy.ID)
	}
	m := s.Targets[0].Metric
	steps := []step{{label: b.Text.Get("chart.last_year_to_date"), value: br.Start, total: true}}
	for _, st := range br.Steps {
		label := b.Text.Get("value.rest") // the rest taken together, no value of the data
		if !st.Other {
			label = b.Labels.Value(br.By, st.Value)
		}
		steps = append(steps, step{label: label, value: st.Delta, other: st.Other})
	}
	steps = append(steps, step{label: b.Text.Get("chart.this_year_to_date"), value: br.End, total: true})
	dim := b.Labels.Dimension(br.By)
	title := b.Text.Format("chart.bridge_title", "metric", metricTitle(m), "dimension", dim)
	return b.waterfall(id, Bridge, title, dim, m.Format, steps)
}

// PriceVolumeMix draws target t of s's change from the baseline window
// to date in four steps: volume, mix, price and other.
func (b Builder) PriceVolumeMix(id string, s *analysis.Strategy, t int) (Chart, error) {
	tg, err := target(id, s, t)
	if err != nil {
		return Chart{}, err
	}
	p := tg.PriceVolumeMix
	if p == nil {
		return Chart{}, fmt.Errorf("chart %s: target %s of strategy %q has no price, volume and mix", id, tg.Metric.Name, s.Strategy.ID)
	}
	x := b.Text
	steps := []step{
		{label: x.Get("chart.last_year_to_date"), value: tg.BaselineToDate.V, total: true},
		{label: x.Get("chart.volume"), value: p.Volume}, {label: x.Get("chart.mix"), value: p.Mix},
		{label: x.Get("chart.price"), value: p.Price}, {label: x.Get("value.rest"), value: p.Other, other: true},
		{label: x.Get("chart.this_year_to_date"), value: tg.Actual.V, total: true},
	}
	title := x.Format("chart.pvm_title", "metric", metricTitle(tg.Metric))
	return b.waterfall(id, PriceVolumeMix, title, x.Get("chart.step"), tg.Metric.Format, steps)
}

func (b Builder) waterfall(id, kind, title, first, valueKind string, steps []step) (Chart, error) {
	tab := Table{Caption: title, Header: []string{first, b.Text.Get("chart.change"), b.Text.Get("chart.running_total")}, Numeric: []bool{false, true, true}}
	labels := make([]string, len(steps))
	// Where each bar runs, from and to, and the span of the changes.
	from, to := make([]float64, len(steps)), make([]float64, len(steps))
	low, high, run := math.Inf(1), math.Inf(-1), 0.0
	for i := range steps {
		st := &steps[i]
		labels[i] = st.label
		if math.IsNaN(st.value) || math.IsInf(st.value, 0) {
			// No figure (analysis gives none such): a bar of nothing,
			// written as undefined.
			st.value, st.undefined = 0, true
		}
		from[i], to[i] = run, run+st.value
		if st.total {
			from[i], to[i] = 0, st.value
			low, high = min(low, to[i]), max(high, to[i])
		} else {
			low, high = min(low, from[i], to[i]), max(high, from[i], to[i])
		}
		run = to[i]
	}
	floor, ok := axisFloor(low, high)
	var data [3][]any // base, bar, the part of a bar below zero
	for k := range data {
		data[k] = make([]any, len(steps))
	}
	for i, st := range steps {
		colour, text := upColour, b.signed(valueKind, st.value)
		if st.undefined {
			text = format.Dash
		}
		switch {
		case st.total:
			colour, text = b.colour(), b.Format.Value(valueKind, st.value)
			if i == 0 {
				colour = baselineColour
			}
			if ok {
				// Drawn from where the axis starts.
				from[i] = floor
			}
		case st.value < 0:
			colour = downColour
		}
		lo, hi := min(from[i], to[i]), max(from[i], to[i])
		bar := item{ItemStyle: &opts.ItemStyle{Color: colour}, Label: plainLabel(text, "top")}
		switch {
		case lo >= 0: // above zero: from lo up to hi
			data[0][i], bar.Value = lo, hi-lo
		case hi <= 0: // below zero: from hi down to lo
			data[0][i], bar.Value = hi, lo-hi
			bar.Label.Position = "bottom"
		default: // across zero
			bar.Value = hi
			data[2][i] = item{Value: lo, ItemStyle: &opts.ItemStyle{Color: colour}}
		}
		data[1][i] = bar
		change, total := text, b.Format.Value(valueKind, to[i])
		if st.total {
			change = format.Dash
			if st.undefined {
				total = format.Dash
			}
		}
		tab.Rows = append(tab.Rows, []string{st.label, change, total})
	}
	p := b.kind(waterfallProto)
	c := p.newCopy(id, labels)
	for k, d := range data {
		c.setData(k, d)
	}
	if ok {
		// The axis does not start at 0: its first label says where.
		c.bar.SetGlobalOptions(charts.WithYAxisOpts(opts.YAxis{Type: "value", Min: floor, AxisLabel: &opts.AxisLabel{ShowMinLabel: opts.Bool(true), HideOverlap: opts.Bool(true)}}))
	}
	ch := Chart{ID: id, Kind: kind, Title: title, Format: valueKind, Height: 320, Table: tab}
	return p.finish(ch, c)
}

// axisFloor is where the value axis of a waterfall whose bars lie
// between low and high starts when not at 0: the changes are what it
// shows, and they are small beside the totals, so the axis starts half
// their span below the lowest, at a round figure. ok is false when that
// is at or below 0: the axis then starts at 0 as usual.
func axisFloor(low, high float64) (float64, bool) {
	span := high - low
	if low <= 0 || span <= 0 || math.IsInf(span, 0) {
		return 0, false
	}
	unit := math.Pow(10, math.Floor(math.Log10(span)))
	m := math.Floor((low-span/2)/unit) * unit
	return m, m > 0
}

// signed writes a change with its sign, so that a bar's direction reads
// without its colour; a change that rounds to nothing has none.
func (b Builder) signed(kind string, v float64) string {
	s := b.Format.Value(kind, v)
	if v > 0 && s != b.Format.Value(kind, 0) {
		return "+" + s
	}
	return s
}

// newWaterfall is the prototype of the waterfalls: the stack of base and
// bars, and neither legend nor tooltip: each bar is labelled with its
// figure and sign, where a tooltip could only show a bar's length.
func newWaterfall(t label.Text) *proto {
	bar := charts.NewBar()
	bar.SetGlobalOptions(base("proto")...)
	bar.SetGlobalOptions(
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", AxisLabel: &opts.AxisLabel{Interval: "0", Rotate: 30, Width: 110, Overflow: "truncate"}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value"}),
	)
	bar.AddSeries("Base", nil, charts.WithSeriesOpts(func(s *charts.SingleSeries) {
		s.Stack = "w"
		s.ItemStyle = &opts.ItemStyle{Color: "transparent", BorderColor: "transparent"}
		s.Emphasis = &opts.Emphasis{ItemStyle: &opts.ItemStyle{Color: "transparent", BorderColor: "transparent"}}
	}))
	for _, name := range []string{t.Get("chart.change"), t.Get("chart.change_below_zero")} {
		bar.AddSeries(name, nil, charts.WithSeriesOpts(func(s *charts.SingleSeries) {
			s.Stack, s.BarMaxWidth = "w", "40"
		}))
	}
	return settle(nil, bar, map[string]any{"show": false},
		map[string]any{"grid": map[string]any{"left": 8, "right": 24, "top": 28, "bottom": 8, "containLabel": true}})
}
