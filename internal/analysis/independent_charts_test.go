package analysis_test

// The independent check of what Markdown blocks ask for (docs/figures.md,
// Charts of a period; docs/pages.md, Live figures): on the random sites
// of independent_test.go, charts of random metrics by random dimensions
// over random periods and grains, and each strategy's breakdowns ranked
// by a random metric, recomputed from the generated rows with the
// checker's own calendar, metrics and ranking.

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"salesdeck/internal/analysis"
	"salesdeck/internal/load/plan"
	"salesdeck/internal/load/sales"
	"salesdeck/internal/support/civil"
)

// ckCivil and ckTime convert between the checker's dates and the asks'.
func ckCivil(t time.Time) civil.Date { return civil.New(t.Year(), t.Month(), t.Day()) }
func ckTime(d civil.Date) time.Time {
	y, m, dd := d.YMD()
	return ckDay(y, m, dd)
}

// ckAsks makes random asks for site: charts over a fiscal year, a fiscal
// quarter or any span, and a breakdown ranking per strategy.
func ckAsks(r *rand.Rand, site *ckSite, fyStart int) *analysis.Asks {
	metrics := append(slices.Clone(ckSums), ckRatios...)
	asks := &analysis.Asks{}
	for range 4 {
		var s, e time.Time
		switch r.IntN(3) {
		case 0:
			s, e = ckFiscalYear(2023+r.IntN(4), fyStart)
		case 1:
			fs, _ := ckFiscalYear(2023+r.IntN(4), fyStart)
			s = fs.AddDate(0, 3*r.IntN(4), 0)
			e = s.AddDate(0, 3, -1)
		default:
			s = ckAdd(ckDay(2022, 10, 1), r.IntN(5*365))
			e = ckAdd(s, r.IntN(800))
		}
		q := analysis.ChartAsk{Metric: ckPick(r, metrics), By: ckPick(r, append([]string{""}, ckDims...)),
			Period: civil.Range{Start: ckCivil(s), End: ckCivil(e)}, Grain: ckPick(r, analysis.Grains)}
		// Now and then a scope, of the dimensions plans' scopes name.
		if r.IntN(3) == 0 {
			dim := ckPick(r, ckDims[:3])
			q.Scope = plan.Scope{{Dimension: dim, Values: ckValues(r, dim)}}
		}
		asks.Charts = append(asks.Charts, q)
	}
	for _, s := range site.strategies {
		asks.Breakdowns = append(asks.Breakdowns, analysis.BreakdownAsk{Strategy: s.id, Metric: ckPick(r, metrics)})
	}
	return asks
}

// ckBucket is a bucket of a chart: its name and days within the period.
type ckBucket struct {
	name       string
	start, end time.Time
}

// ckBuckets cuts [s, e] into months, fiscal quarters or fiscal years
// (named "2026-07", "Q1 FY2027", "FY2027").
func ckBuckets(s, e time.Time, grain string, fyStart int) []ckBucket {
	var out []ckBucket
	for m := ckDay(s.Year(), s.Month(), 1); !m.After(e); m = m.AddDate(0, 1, 0) {
		fy := m.Year()
		if fyStart > 1 && int(m.Month()) >= fyStart {
			fy++
		}
		name := m.Format("2006-01")
		switch grain {
		case analysis.GrainQuarter:
			name = fmt.Sprintf("Q%d FY%d", (int(m.Month())-fyStart+12)%12/3+1, fy)
		case analysis.GrainYear:
			name = fmt.Sprintf("FY%d", fy)
		}
		b := ckBucket{name, ckMax(m, s), ckMin(m.AddDate(0, 1, -1), e)}
		if n := len(out); n > 0 && out[n-1].name == name {
			out[n-1].end = b.end
			continue
		}
		out = append(out, b)
	}
	return out
}

// ckChart computes chart q from the rows, by docs/figures.md.
func ckChart(site *ckSite, q analysis.ChartAsk, fyStart int) ([]string, []analysis.ChartSeries) {
	s, e := ckTime(q.Period.Start), ckTime(q.Period.End)
	buckets := ckBuckets(s, e, q.Grain, fyStart)
	inScope := func(r ckRow) bool {
		for _, e := range q.Scope {
			if !slices.Contains(e.Values, r.dims[slices.Index(ckDims, e.Dimension)]) {
				return false
			}
		}
		return true
	}
	in := func(a, b time.Time, keep func(ckRow) bool) []ckRow {
		var out []ckRow
		for _, r := range site.rows {
			if !r.day.Before(a) && !r.day.After(ckMin(b, site.asOf)) && inScope(r) && keep(r) {
				out = append(out, r)
			}
		}
		return out
	}
	series := func(value string, other bool, keep func(ckRow) bool) analysis.ChartSeries {
		cs := analysis.ChartSeries{Value: value, Other: other, Total: ckNum(ckMetric(q.Metric, in(s, e, keep)))}
		for _, b := range buckets {
			var n analysis.Num
			if !b.start.After(site.asOf) {
				n = ckNum(ckMetric(q.Metric, in(b.start, b.end, keep)))
			}
			cs.Figures = append(cs.Figures, n)
		}
		return cs
	}
	var names []string
	for _, b := range buckets {
		names = append(names, b.name)
	}
	if q.By == "" {
		return names, []analysis.ChartSeries{series("", false, func(ckRow) bool { return true })}
	}
	j := slices.Index(ckDims, q.By)
	es, rest := ckRanked(in(s, e, func(ckRow) bool { return true }), j, q.Metric)
	var out []analysis.ChartSeries
	for _, x := range es {
		if x.Other {
			out = append(out, series("Other", true, func(r ckRow) bool { return slices.Contains(rest, r.dims[j]) }))
		} else {
			out = append(out, series(x.Value, false, func(r ckRow) bool { return r.dims[j] == x.Value }))
		}
	}
	return names, out
}

func TestIndependentAsks(t *testing.T) {
	cases := map[string]int{}
	for seed := range uint64(40) {
		for _, wide := range []bool{false, true} {
			site := ckGenerate(seed, wide)
			t.Run(fmt.Sprint("seed", seed, "/wide=", wide), func(t *testing.T) {
				cfg, plans := ckLoad(t, site)
				asks := ckAsks(rand.New(rand.NewPCG(seed, 0x6368617274)), site, cfg.FiscalYearStart) // "chart"
				for _, need := range []*sales.Need{nil, analysis.Need(cfg, plans, asks)} {
					data, err := sales.Load(site.files, cfg, sales.Options{Need: need})
					if err != nil {
						t.Fatal(err)
					}
					res, _, err := analysis.Run(cfg, plans, data, asks, nil)
					if err != nil {
						t.Fatal(err)
					}
					for _, q := range asks.Charts {
						names, want := ckChart(site, q, cfg.FiscalYearStart)
						if need == nil {
							ckChartCases(cases, site, q, want)
						}
						ckCompareChart(t, q, res.Chart(q), names, want)
					}
					for i, s := range site.strategies {
						ckCompareAsked(t, site, s, res.Strategies[i], asks.Breakdowns[i].Metric)
					}
				}
			})
		}
	}
	for _, c := range []string{"a chart with Other", "a distinct count with Other", "a ratio by value", "a bucket after as_of",
		"a chart by customer", "a chart of every row", "a quarter cut by the period", "a year", "a scope"} {
		if cases[c] == 0 {
			t.Errorf("no generated chart has %s", c)
		}
	}
}

// ckChartCases counts the edges chart q reaches.
func ckChartCases(cases map[string]int, site *ckSite, q analysis.ChartAsk, want []analysis.ChartSeries) {
	add := func(ok bool, c string) {
		if ok {
			cases[c]++
		}
	}
	other := slices.ContainsFunc(want, func(s analysis.ChartSeries) bool { return s.Other })
	add(other, "a chart with Other")
	add(other && ckIsDistinct(q.Metric), "a distinct count with Other")
	add(q.By != "" && ckIsRatio(q.Metric), "a ratio by value")
	add(q.Period.End > ckCivil(site.asOf) && len(want) > 0 && !want[0].Figures[len(want[0].Figures)-1].Valid, "a bucket after as_of")
	add(q.By == "customer", "a chart by customer")
	add(q.By == "", "a chart of every row")
	add(q.Grain == analysis.GrainQuarter && ckTime(q.Period.Start).Day() != 1, "a quarter cut by the period")
	add(q.Grain == analysis.GrainYear, "a year")
	add(q.Scope != nil && len(want) > 0 && want[0].Total.Valid && want[0].Total.V != 0, "a scope")
}

func ckCompareChart(t *testing.T, q analysis.ChartAsk, got *analysis.Chart, names []string, want []analysis.ChartSeries) {
	t.Helper()
	if got == nil {
		t.Fatalf("%s: no chart", q)
	}
	if !slices.Equal(got.Buckets, names) {
		t.Errorf("%s: buckets %v, want %v", q, got.Buckets, names)
	}
	if len(got.Series) != len(want) {
		t.Fatalf("%s: %d series, want %d", q, len(got.Series), len(want))
	}
	for i, w := range want {
		g := got.Series[i]
		same := g.Value == w.Value && g.Other == w.Other && ckSame(g.Total, w.Total) && len(g.Figures) == len(w.Figures)
		for k := 0; same && k < len(w.Figures); k++ {
			same = ckSame(g.Figures[k], w.Figures[k])
		}
		if !same {
			t.Errorf("%s: series %d\n got %s %s %v\nwant %s %s %v", q, i, g.Value, ckFmt(g.Total), ckFmts(g.Figures), w.Value, ckFmt(w.Total), ckFmts(w.Figures))
		}
	}
}

func ckFmts(ns []analysis.Num) []string {
	var out []string
	for _, n := range ns {
		out = append(out, ckFmt(n))
	}
	return out
}

// ckCompareAsked checks strategy s's breakdowns ranked by metric m, a
// block's ask: those of its first target when m is that.
func ckCompareAsked(t *testing.T, site *ckSite, s *ckStrategy, got *analysis.Strategy, m string) {
	t.Helper()
	var toDate []ckRow
	for _, r := range site.rows {
		if ckInScope(s, r) && !r.day.Before(s.start) && !r.day.After(ckMin(s.end, site.asOf)) {
			toDate = append(toDate, r)
		}
	}
	bs := got.Asked
	if m == s.targets[0].metric {
		bs = got.Breakdowns
	}
	var dims []string
	for _, b := range bs {
		if b.Metric != m {
			t.Errorf("%s: a breakdown ranked by %s among those by %s", s.id, b.Metric, m)
		}
		dims = append(dims, b.Dimension)
		es, _ := ckRanked(toDate, slices.Index(ckDims, b.Dimension), m)
		ckCompareBreakdown(t, s.id+" by "+m, b, analysis.Breakdown{Dimension: b.Dimension, Metric: m, Entries: es})
	}
	var want []string
	for _, b := range got.Breakdowns {
		want = append(want, b.Dimension)
	}
	if !slices.Equal(dims, want) {
		t.Errorf("%s: breakdowns by %s over %v, want %v", s.id, m, dims, want)
	}
}
