package chart

import (
	"fmt"
	"testing"

	"salesdeck/internal/analysis"
	"salesdeck/tools/gen"
)

// renderCharts draws the charts a build of res draws: every target's
// cumulative and monthly chart and every non-empty breakdown of every
// strategy, every plan's attainment, the handout's attainment of all
// strategies and the overview's pace. It returns the bytes of options.
func renderCharts(b *testing.B, m Builder, res *analysis.Site) int {
	n := 0
	check := func(c Chart, err error) {
		if err != nil {
			b.Fatal(err)
		}
		n += len(c.Option)
	}
	for _, s := range res.Strategies {
		for t := range s.Targets {
			check(m.Cumulative(fmt.Sprintf("c_cumulative_%d", t), s, t))
			check(m.Monthly(fmt.Sprintf("c_monthly_%d", t), s, t))
		}
		for d, bd := range s.Breakdowns {
			if len(bd.Entries) > 0 && len(s.Targets) > 0 {
				check(m.Breakdown(fmt.Sprintf("c_breakdown_%d", d), s, d))
			}
		}
	}
	for _, p := range res.Plans {
		check(m.Attainment("c_attainment", p))
	}
	check(m.Attainment("h_attainment", &analysis.Plan{Strategies: res.Strategies}))
	check(m.Pace("c_pace", res.Strategies))
	return n
}

// BenchmarkCharts draws every chart of a build of a generated site with
// 1,000 strategies in ten plans, with a Builder made by NewBuilder and
// with one that builds every chart from scratch, one after the other so
// that both see the same load on a shared machine. The charts depend on
// the strategies, hardly on the rows: internal/build's BenchmarkRender
// draws as many on 1M rows, and renders the pages.
func BenchmarkCharts(b *testing.B) {
	o := gen.Default()
	o.Rows = 100_000
	site := generatedSite(b, "bench", gen.SiteOptions{Data: o, Plans: 10, Strategies: 1000})
	for _, m := range []struct {
		name string
		m    Builder
	}{
		{"builder", NewBuilder(site.f, site.text(), "")},
		{"uncached", Builder{Format: site.f, Text: site.text()}},
	} {
		b.Run("strategies=1000/"+m.name, func(b *testing.B) {
			for b.Loop() {
				b.SetBytes(int64(renderCharts(b, m.m, site.res)))
			}
		})
	}
}
