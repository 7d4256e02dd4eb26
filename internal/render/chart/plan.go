package chart

import (
	"fmt"
	"slices"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"salesdeck/internal/analysis"
	"salesdeck/internal/render/format"
)

// Attainment draws one horizontal bar per strategy of p: the attainment of
// its first target, coloured by status, with a line at 100% and a tick
// where the strategy is expected to be by now.
func (b Builder) Attainment(id string, p *analysis.Plan) (Chart, error) {
	ss := p.Strategies
	t := b.Text
	tab := Table{
		Caption: t.Get("chart.attainment_caption"),
		Header: []string{t.Get("table.strategy"), t.Get("table.metric"), t.Get("kpi.actual"), t.Get("kpi.target"),
			t.Get("kpi.attainment"), t.Get("chart.expected_by_now"), t.Get("table.status")},
		Numeric: []bool{false, false, true, true, true, true, false},
	}
	firstAttainment := func(s *analysis.Strategy) analysis.Num {
		if len(s.Targets) == 0 {
			return analysis.Num{}
		}
		return s.Targets[0].Attainment
	}
	axisEnd := ratioAxisEnd(ss, firstAttainment)
	labels := make([]string, len(ss))
	bars := make([]item, len(ss))
	ticks := make([]item, len(ss))
	texts := make([]columnItem, len(ss))
	for i, s := range ss {
		labels[i] = s.Strategy.Title
		look := b.Look(s.Status)
		if len(s.Targets) == 0 {
			bars[i] = item{}
			ticks[i] = item{Value: [2]any{nil, i}}
			texts[i] = column(i, axisEnd, format.Dash, look)
			tab.Rows = append(tab.Rows, []string{s.Strategy.Title, format.Dash, format.Dash, format.Dash, format.Dash, format.Dash, look.Symbol + " " + look.Label})
			continue
		}
		tg := s.Targets[0]
		kind := tg.Metric.Format
		att := b.Format.Opt(format.KindPercent, tg.Attainment.V, tg.Attainment.Valid)
		expected := expectedShare(tg)
		// [value, category index]: a scatter on a category axis needs both.
		ticks[i] = item{Value: [2]any{val(expected), i}}
		texts[i] = column(i, axisEnd, att, look)
		bars[i] = item{Value: val(tg.Attainment), ItemStyle: &opts.ItemStyle{Color: look.Colour}}
		tab.Rows = append(tab.Rows, []string{
			s.Strategy.Title, format.Humanize(tg.Metric.Name),
			b.Format.Opt(kind, tg.Actual.V, tg.Actual.Valid),
			b.Format.Value(kind, tg.Target),
			att,
			b.Format.Opt(format.KindPercent, expected.V, expected.Valid),
			look.Symbol + " " + look.Label,
		})
	}
	pr := b.kind(Attainment)
	c := pr.newCopy(id, labels)
	bar := &c.bar
	bar.SetGlobalOptions(charts.WithXAxisOpts(ratioAxis(axisEnd)))
	c.setData(0, bars)
	c.setData(1, ticks)
	c.setData(2, texts)
	ch := Chart{ID: id, Kind: Attainment, Title: t.Get("chart.attainment_title"), Format: format.KindPercent, Height: barHeight(len(ss)) + 16, Table: tab}
	return pr.finish(ch, c)
}

// expectedShare is how much of the target should be reached by now, as a
// ratio of the target: expected_to_date / target.
func expectedShare(t analysis.Target) analysis.Num {
	return analysis.Div(t.ExpectedToDate, analysis.Some(t.Target))
}

// ratioAxis is the value axis of a ratio chart, from 0 to axisEnd
// (ratioAxisEnd). ECharts fits an axis to the data, not to mark lines:
// without a maximum a plan whose strategies are all short of 100% would
// not show the 100% line.
func ratioAxis(axisEnd float64) opts.XAxis {
	return opts.XAxis{Type: "value", Min: 0, Max: axisEnd}
}

// hundredPercent is the marker line at 100% of a ratio axis.
func hundredPercent() *opts.MarkLines {
	return &opts.MarkLines{
		Data: []interface{}{map[string]any{"xAxis": 1, "name": "100%"}},
		MarkLineStyle: opts.MarkLineStyle{
			Symbol:    []string{"none", "none"},
			LineStyle: &opts.LineStyle{Color: markColour, Type: "dashed", Width: 1.5},
			// The axis already reads 100% there; a label would sit on top of it.
			Label: &opts.Label{Show: opts.Bool(false)},
		},
	}
}

// Pace ranks ss by pace of their first target, fastest first, coloured by
// status; strategies without a pace (not started, nothing expected yet)
// come last with no bar. Ties keep the order of ss.
func (b Builder) Pace(id string, ss []*analysis.Strategy) (Chart, error) {
	ranked := slices.Clone(ss)
	pace := func(s *analysis.Strategy) analysis.Num {
		if len(s.Targets) == 0 {
			return analysis.Num{}
		}
		return s.Targets[0].Pace
	}
	slices.SortStableFunc(ranked, func(a, c *analysis.Strategy) int {
		pa, pc := pace(a), pace(c)
		switch {
		case pa.Valid && !pc.Valid:
			return -1
		case !pa.Valid && pc.Valid:
			return 1
		case pa.Valid && pa.V > pc.V:
			return -1
		case pa.Valid && pa.V < pc.V:
			return 1
		}
		return 0
	})
	t := b.Text
	tab := Table{
		Caption: t.Get("chart.pace_caption"),
		Header:  []string{t.Get("chart.rank"), t.Get("table.strategy"), t.Get("table.plan"), t.Get("kpi.pace"), t.Get("table.status")},
		Numeric: []bool{true, false, false, true, false},
	}
	axisEnd := ratioAxisEnd(ranked, pace)
	labels := make([]string, len(ranked))
	bars := make([]item, len(ranked))
	texts := make([]columnItem, len(ranked))
	for i, s := range ranked {
		labels[i] = s.Strategy.Title
		look := b.Look(s.Status)
		p := pace(s)
		text := b.Format.Opt(format.KindPercent, p.V, p.Valid)
		bars[i] = item{Value: val(p), ItemStyle: &opts.ItemStyle{Color: look.Colour}}
		texts[i] = column(i, axisEnd, text, look)
		planTitle := ""
		if s.Plan != nil {
			planTitle = s.Plan.Title
		}
		tab.Rows = append(tab.Rows, []string{fmt.Sprint(i + 1), s.Strategy.Title, planTitle, text, look.Symbol + " " + look.Label})
	}
	pr := b.kind(Pace)
	c := pr.newCopy(id, labels)
	bar := &c.bar
	bar.SetGlobalOptions(charts.WithXAxisOpts(ratioAxis(axisEnd)))
	c.setData(0, bars)
	c.setData(1, texts)
	ch := Chart{ID: id, Kind: Pace, Title: t.Get("chart.pace_title"), Format: format.KindPercent, Height: barHeight(len(ranked)), Table: tab}
	return pr.finish(ch, c)
}
