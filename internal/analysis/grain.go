package analysis

import (
	"fmt"

	"salesdeck/internal/support/civil"
)

// Grains of a time series: the buckets its figures are added up in.
// Quarters and years are fiscal ones, starting in site.yaml's
// fiscal_year_start; a fiscal year is named by the calendar year in
// which it ends (docs/plans.md, Periods and fiscal calendars).
const (
	GrainMonth   = "month"
	GrainQuarter = "quarter"
	GrainYear    = "year"
)

// Grains lists every grain; the first is the default.
var Grains = []string{GrainMonth, GrainQuarter, GrainYear}

// Buckets cuts p into the buckets of grain g, for fiscal years starting
// in month start (1-12): each bucket's name ("2026-07", "Q1 FY2027",
// "FY2027") and its days within p, in order. A bucket that p covers only
// in part holds those days only.
func Buckets(p civil.Range, g string, start int) (names []string, spans []civil.Range) {
	for _, m := range p.Months() {
		y, mo, _ := m.Start.YMD()
		name := m.Start.MonthKey()
		if g != GrainMonth {
			k := (int(mo) - start + 12) % 12 // months into the fiscal year
			fy := y
			if start != 1 && int(mo) >= start {
				fy++
			}
			name = fmt.Sprintf("FY%d", fy)
			if g == GrainQuarter {
				name = fmt.Sprintf("Q%d FY%d", k/3+1, fy)
			}
		}
		if n := len(names); n > 0 && names[n-1] == name {
			spans[n-1].End = m.End
			continue
		}
		names, spans = append(names, name), append(spans, m)
	}
	return names, spans
}
