package analysis_test

// An independent check of every figure of docs/figures.md. Each run makes a
// random small site (rows, fiscal calendar, plans whose strategies have
// random periods, scopes, exclusions, baselines, phasings, ratio metrics
// and a count_distinct metric of order ids that lines share across days,
// months and dimensions), writes it as files, builds it through config, plan, sales and
// analysis, and recomputes every figure from the generated rows with naive
// loops written from docs/figures.md alone: its own dates (package time), its
// own fiscal calendar, its own metric evaluation and ranking. Nothing of
// package analysis is shared but the result types.

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"salesdeck/internal/analysis"
	"salesdeck/internal/load/config"
	"salesdeck/internal/load/plan"
	"salesdeck/internal/load/sales"
)

var (
	// Scopes name the first three; customer, nearly one value a row on
	// wide sites, is only broken down by, as in a CRM export.
	ckDims      = []string{"region", "country", "channel", "customer"}
	ckRegions   = []string{"EMEA", "NA", "APAC", "N/A"}
	ckCountries = []string{"Germany", "France", "Austria", "Switzerland", "Italy", "Spain", "null",
		"Poland", "Sweden", "Norway", "Denmark", "Finland", "Ireland", "Portugal"}
	ckChannels = []string{"Direct", "Partner", "Online"}
	ckSums     = []string{"revenue", "gross_profit", "units", "orders", "weighted", "deals"}
	ckRatios   = []string{"margin", "avg_price", "per_deal"}
)

const ckMetrics = `metrics:
  revenue: {sum: revenue, format: money}
  gross_profit: {sum: "revenue - cost", format: money}
  units: {sum: units}
  orders: {count: rows}
  weighted: {sum: "(revenue − cost) * 2 - units / 4 + -cost"}
  margin: {ratio: [gross_profit, revenue], format: percent}
  avg_price: {ratio: [revenue, units], format: money}
  deals: {count_distinct: Order ID}
  per_deal: {ratio: [revenue, deals], format: money}
`

type ckRow struct {
	day              time.Time
	dims             [4]string
	rev, cost, units float64
	order            string // as written: maybe padded with spaces, maybe empty
}

// ckIsDistinct: deals counts distinct values, which do not add up.
func ckIsDistinct(m string) bool { return m == "deals" }

// ckMetric evaluates a metric over rows as docs/site-yaml.md defines it; ok is false
// for a ratio whose denominator is 0.
func ckMetric(name string, rows []ckRow) (float64, bool) {
	switch name {
	case "margin":
		return ckRatio("gross_profit", "revenue", rows)
	case "avg_price":
		return ckRatio("revenue", "units", rows)
	case "per_deal":
		return ckRatio("revenue", "deals", rows)
	case "deals":
		seen := map[string]bool{}
		for _, r := range rows {
			if o := strings.TrimSpace(r.order); o != "" {
				seen[o] = true
			}
		}
		return float64(len(seen)), true
	}
	var v float64
	for _, r := range rows {
		switch name {
		case "revenue":
			v += r.rev
		case "gross_profit":
			v += r.rev - r.cost
		case "units":
			v += r.units
		case "orders":
			v++
		case "weighted":
			v += (r.rev-r.cost)*2 - r.units/4 + -r.cost
		}
	}
	return v, true
}

func ckRatio(a, b string, rows []ckRow) (float64, bool) {
	x, _ := ckMetric(a, rows)
	y, _ := ckMetric(b, rows)
	if y == 0 {
		return 0, false
	}
	return x / y, true
}

func ckIsRatio(m string) bool { return slices.Contains(ckRatios, m) }

// ckIsPercent: margin is the one ratio of format percent (ckMetrics).
func ckIsPercent(m string) bool { return m == "margin" }

// ckPerMonth is the average month, 365.25 ÷ 12 days.
const ckPerMonth = 365.25 / 12

// ckDay is midnight UTC of a date; ckDays counts the days of [a, b].
func ckDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
func ckDays(a, b time.Time) int {
	if b.Before(a) {
		return 0
	}
	return int(b.Sub(a).Hours()/24) + 1
}
func ckAdd(t time.Time, n int) time.Time { return t.AddDate(0, 0, n) }
func ckMin(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
func ckMax(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
func ckISO(t time.Time) string { return t.Format("2006-01-02") }

// ckYearEarlier keeps month and day; February 29 becomes February 28.
func ckYearEarlier(t time.Time) time.Time {
	if t.Month() == time.February && t.Day() == 29 {
		return ckDay(t.Year()-1, time.February, 28)
	}
	return ckDay(t.Year()-1, t.Month(), t.Day())
}

// ckFiscalYear: a fiscal year is named by the calendar year in which it ends.
func ckFiscalYear(n, start int) (time.Time, time.Time) {
	first := ckDay(n, time.Month(start), 1)
	if start > 1 {
		first = ckDay(n-1, time.Month(start), 1)
	}
	return first, first.AddDate(1, 0, -1)
}

type ckScope struct {
	dim  string
	vals []string
}

type ckTarget struct {
	metric  string
	total   float64
	phasing string             // linear | baseline | months
	months  map[string]float64 // "2006-01" -> amount
	yaml    string
	percent bool // written as a percentage, 15%
}

type ckStrategy struct {
	id               string
	start, end       time.Time
	scope, exclude   []ckScope // merged scope, exclude
	baseStart, baseE time.Time
	targets          []ckTarget
	bridgeBy         string // "" for the first breakdown
}

type ckSite struct {
	rows       []ckRow
	asOf       time.Time
	asOfSet    bool
	onTrack    float64
	atRisk     float64
	strategies []*ckStrategy
	files      fstest.MapFS
	mixBy      string // site.yaml's analysis: {volume: units, mix_by: mixBy}; "" when not set
}

func ckPick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// ckGenerate makes a random site and its files; a wide one has a
// customer column of nearly one value a row.
func ckGenerate(seed uint64, wide bool) *ckSite {
	r := rand.New(rand.NewPCG(seed, seed*7+1))
	// The bridge and price-volume-mix settings come from a stream of
	// their own, so the sites of the other figures stay as they were.
	r2 := rand.New(rand.NewPCG(seed, seed*13+5))
	site := &ckSite{}
	fyStart := 1 + r.IntN(12)
	coarse := r.IntN(2) == 0 // few distinct amounts: ties in breakdowns
	first := ckDay(2023, 1, 1)
	n := 150 + r.IntN(500)
	// Order ids from a stream of their own: a pool of a third as many
	// orders as lines, so that orders have lines on other days, months,
	// regions and customers; some lines have none.
	ro := rand.New(rand.NewPCG(seed, 0x6f72646572)) // "order"
	orders := max(n/3, 1)
	if coarse {
		orders = 20 // ties in breakdowns by deals
	}
	for range n {
		row := ckRow{day: ckAdd(first, r.IntN(4*365))}
		row.dims = [4]string{ckPick(r, ckRegions), ckPick(r, ckCountries[:6+r.IntN(len(ckCountries)-5)]), ckPick(r, ckChannels), fmt.Sprintf("C%03d", r.IntN(12))}
		if wide {
			row.dims[3] = fmt.Sprintf("C%05d", r.IntN(50000))
		}
		if coarse {
			row.rev = float64(50 * (1 + r.IntN(3)))
			row.cost = float64(25 * r.IntN(3))
		} else {
			row.rev = float64(r.IntN(200000)-10000) / 100 // some returns
			row.cost = float64(r.IntN(120000)) / 100
		}
		row.units = float64(r.IntN(6))
		switch k := ro.IntN(20); {
		case k == 0:
			row.order = ckPick(ro, []string{"", " "})
		case k == 1:
			row.order = fmt.Sprintf(" SO-%d ", ro.IntN(orders))
		default:
			row.order = fmt.Sprintf("SO-%d", ro.IntN(orders))
		}
		site.rows = append(site.rows, row)
	}
	// A leap day, so that baselines shifted back from it are exercised.
	site.rows[0].day = ckDay(2024, 2, 29)
	last := site.rows[0].day
	for _, row := range site.rows {
		last = ckMax(last, row.day)
	}
	site.asOf, site.asOfSet = last, r.IntN(4) > 0
	if site.asOfSet {
		site.asOf = ckAdd(ckDay(2024, 6, 1), r.IntN(800))
	}
	site.onTrack, site.atRisk = ckPick(r, []float64{1, 0.95}), ckPick(r, []float64{0.9, 0.8})

	var plans []string
	for p := range 2 + r.IntN(2) {
		var b strings.Builder
		fmt.Fprintf(&b, "title: Plan %d\n", p)
		ps, pe, period := ckPeriod(r, site.asOf, fyStart)
		fmt.Fprintf(&b, "period: %s\n", period)
		var planScope []ckScope
		if r.IntN(2) == 0 {
			planScope = []ckScope{{"region", ckValues(r, "region")}}
			fmt.Fprintf(&b, "scope: {region: %s}\n", ckYAMLList(planScope[0].vals))
		}
		b.WriteString("strategies:\n")
		for k := range 2 + r.IntN(3) {
			s := &ckStrategy{id: fmt.Sprintf("s%d-%d", p, k), start: ps, end: pe}
			fmt.Fprintf(&b, "  - id: %s\n", s.id)
			if r2.IntN(2) == 0 {
				s.bridgeBy = ckPick(r2, ckDims)
				fmt.Fprintf(&b, "    bridge_by: %s\n", s.bridgeBy)
			}
			if r.IntN(3) > 0 {
				var period string
				s.start, s.end, period = ckPeriod(r, site.asOf, fyStart)
				fmt.Fprintf(&b, "    period: %s\n", period)
			}
			s.scope = slices.Clone(planScope)
			var own []ckScope
			for _, dim := range ckDims[:3] {
				if r.IntN(3) == 0 {
					own = append(own, ckScope{dim, ckValues(r, dim)})
				}
			}
			if len(own) > 0 {
				var parts []string
				for _, e := range own {
					parts = append(parts, e.dim+": "+ckYAMLList(e.vals))
					if i := slices.IndexFunc(s.scope, func(x ckScope) bool { return x.dim == e.dim }); i >= 0 {
						s.scope[i] = e
					} else {
						s.scope = append(s.scope, e)
					}
				}
				fmt.Fprintf(&b, "    scope: {%s}\n", strings.Join(parts, ", "))
			}
			if r.IntN(3) == 0 {
				dim := ckPick(r, []string{"channel", "country"})
				s.exclude = []ckScope{{dim, ckValues(r, dim)}}
				fmt.Fprintf(&b, "    exclude: {%s: %s}\n", dim, ckYAMLList(s.exclude[0].vals))
			}
			s.baseStart, s.baseE = ckYearEarlier(s.start), ckYearEarlier(s.end)
			if r.IntN(4) == 0 {
				s.baseStart = ckAdd(ckDay(2023, 1, 1), r.IntN(700))
				s.baseE = ckAdd(s.baseStart, r.IntN(500))
				fmt.Fprintf(&b, "    baseline: {start: %s, end: %s}\n", ckISO(s.baseStart), ckISO(s.baseE))
			}
			b.WriteString("    targets:\n")
			metrics := slices.Concat(ckSums, ckRatios)
			r.Shuffle(len(metrics), func(i, j int) { metrics[i], metrics[j] = metrics[j], metrics[i] })
			for _, m := range metrics[:1+r.IntN(3)] {
				t := ckMakeTarget(r, m, s.start, s.end)
				s.targets = append(s.targets, t)
				fmt.Fprintf(&b, "      %s: %s\n", m, t.yaml)
			}
			site.strategies = append(site.strategies, s)
		}
		plans = append(plans, b.String())
	}

	var y strings.Builder
	fmt.Fprintf(&y, "fiscal_year_start: %d\n", fyStart)
	if site.asOfSet {
		fmt.Fprintf(&y, "as_of: %s\n", ckISO(site.asOf))
	}
	fmt.Fprintf(&y, "status: {on_track: %g, at_risk: %g}\n", site.onTrack, site.atRisk)
	y.WriteString("sales:\n  dimensions: [region, country, channel, customer]\n  measures: {revenue: Revenue, cost: Cost, units: Units}\n")
	metrics := ckMetrics
	if r2.IntN(2) == 0 {
		site.mixBy = ckPick(r2, ckDims)
		fmt.Fprintf(&y, "analysis: {volume: units, mix_by: %s}\n", site.mixBy)
		if r2.IntN(2) == 0 {
			// No metric sums the volume alone: it gets a column of its own.
			metrics = strings.Replace(metrics, "units: {sum: units}", `units: {sum: "units + 0"}`, 1)
		}
	}
	y.WriteString(metrics)

	site.files = fstest.MapFS{"site.yaml": {Data: []byte(y.String())}}
	for i, p := range plans {
		site.files[fmt.Sprintf("content/plans/p%d.yaml", i)] = &fstest.MapFile{Data: []byte(p)}
	}
	// The rows go to two files read in name order, written the way
	// spreadsheets export them.
	us := r.IntN(2) == 0
	var csv [2]strings.Builder
	for i := range csv {
		csv[i].WriteString("date,region,country,channel,customer,Revenue,Cost,Units,Order ID\r\n")
	}
	for i, row := range site.rows {
		day := ckISO(row.day)
		if us {
			day = row.day.Format("1/2/2006 15:04")
		}
		rev := fmt.Sprintf("%.2f", row.rev)
		if i%3 == 0 {
			rev = ckAccounting(row.rev)
		}
		units := fmt.Sprint(row.units)
		if row.units == 0 && i%2 == 0 {
			units = "" // an empty measure cell is 0
		}
		fmt.Fprintf(&csv[i*2/len(site.rows)], "%s,%s,%s,%s,%s,%s,%.2f,%s,%s\r\n", day, row.dims[0], row.dims[1], row.dims[2], row.dims[3], rev, row.cost, units, row.order)
	}
	site.files["data/2023-2024.csv"] = &fstest.MapFile{Data: []byte(csv[0].String())}
	site.files["data/2025-2026.csv"] = &fstest.MapFile{Data: []byte("\ufeff" + csv[1].String() + "\r\n")}
	return site
}

// ckAccounting writes v as "$1,234.50", or "($1,234.50)" when negative.
func ckAccounting(v float64) string {
	s := fmt.Sprintf("%.2f", math.Abs(v))
	whole, frac, _ := strings.Cut(s, ".")
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	s = `"$` + whole + "." + frac + `"`
	if v < 0 {
		s = `"($` + whole + "." + frac + `)"`
	}
	return s
}

// ckPeriod returns a random period near asOf, sometimes starting or ending
// on it, and how a plan writes it.
func ckPeriod(r *rand.Rand, asOf time.Time, fyStart int) (time.Time, time.Time, string) {
	switch r.IntN(6) {
	case 0:
		fy := asOf.Year() + r.IntN(3) - 1
		s, e := ckFiscalYear(fy, fyStart)
		return s, e, fmt.Sprintf("{fiscal_year: %d}", fy)
	case 1:
		fy, q := asOf.Year()+r.IntN(2), 1+r.IntN(4)
		s, _ := ckFiscalYear(fy, fyStart)
		s = s.AddDate(0, 3*(q-1), 0)
		e := s.AddDate(0, 3, -1)
		return s, e, fmt.Sprintf("{fiscal_quarter: \"%d-Q%d\"}", fy, q)
	}
	var s, e time.Time
	switch r.IntN(5) {
	case 0:
		s = asOf
		e = ckAdd(s, r.IntN(200))
	case 1:
		e = asOf
		s = ckAdd(e, -r.IntN(200))
	case 2:
		s = ckDay(2024, 2, 29)
		e = ckAdd(s, r.IntN(400))
	default:
		s = ckAdd(asOf, r.IntN(500)-350)
		e = ckAdd(s, r.IntN(400))
	}
	return s, e, fmt.Sprintf("{start: %s, end: %s}", ckISO(s), ckISO(e))
}

// ckValues picks scope values of dim, now and then one no row has.
func ckValues(r *rand.Rand, dim string) []string {
	pool := map[string][]string{"region": ckRegions, "country": ckCountries, "channel": ckChannels}[dim]
	vals := []string{ckPick(r, pool)}
	for r.IntN(2) == 0 {
		if v := ckPick(r, pool); !slices.Contains(vals, v) {
			vals = append(vals, v)
		}
	}
	if r.IntN(8) == 0 {
		vals = append(vals, "Atlantis")
	}
	return vals
}

// ckYAMLList writes values plain, as analysts do: N/A and null included.
func ckYAMLList(vals []string) string {
	if len(vals) == 1 {
		return vals[0]
	}
	return "[" + strings.Join(vals, ", ") + "]"
}

func ckMakeTarget(r *rand.Rand, m string, s, e time.Time) ckTarget {
	t := ckTarget{metric: m, phasing: "linear", total: float64(r.IntN(100000)) / 4}
	if r.IntN(12) == 0 {
		t.total = 0
	}
	if ckIsRatio(m) {
		pct := 1 + r.IntN(100)
		t.total = float64(pct) / 100
		t.yaml = fmt.Sprintf("{total: %g}", t.total)
		if ckIsPercent(m) && r.IntN(2) == 0 {
			// A percent metric's target may be written as a percentage.
			t.yaml = ckPick(r, []string{"%d%%", "{total: %d%%}", "\"%d %%\""})
			t.yaml, t.percent = fmt.Sprintf(t.yaml, pct), true
		}
		return t
	}
	switch r.IntN(4) {
	case 0:
		t.yaml = fmt.Sprintf("%g", t.total)
	case 1:
		t.phasing = "baseline"
		t.yaml = fmt.Sprintf("{total: %g, phasing: baseline}", t.total)
	case 2:
		t.phasing = "months"
		t.months = map[string]float64{}
		var parts []string
		var sum float64
		for m := ckDay(s.Year(), s.Month(), 1); !m.After(e); m = m.AddDate(0, 1, 0) {
			if r.IntN(4) == 0 {
				continue // a month missing from the map counts 0
			}
			v := float64(r.IntN(40000)) / 4
			t.months[m.Format("2006-01")] = v
			sum += v
			parts = append(parts, fmt.Sprintf("%s: %g", m.Format("2006-01"), v))
		}
		t.total = sum + float64(r.IntN(7)-3)/10 // within the 0.5 allowed
		t.yaml = fmt.Sprintf("{total: %g, phasing: {%s}}", t.total, strings.Join(parts, ", "))
	default:
		t.yaml = fmt.Sprintf("{total: %g, phasing: linear}", t.total)
	}
	return t
}

// ckWant holds the figures docs/figures.md defines for one strategy.
type ckWant struct {
	daysTotal, daysElapsed, rowsMatched int
	daysRemaining                       int
	elapsed                             float64
	status                              analysis.Status
	targets                             []analysis.Target
	monthly                             []analysis.Month
	breakdowns                          []analysis.Breakdown
	bridge                              *ckBridge
	pvm                                 []*ckPVM // per target; nil where it does not apply
}

func ckNum(v float64, ok bool) analysis.Num {
	if !ok {
		return analysis.Num{}
	}
	return analysis.Some(v)
}

func ckDiv(a, b analysis.Num) analysis.Num {
	if !a.Valid || !b.Valid || b.V == 0 {
		return analysis.Num{}
	}
	return analysis.Some(a.V / b.V)
}

// ckCompute recomputes a strategy's figures from the rows, by
// docs/figures.md.
func ckCompute(site *ckSite, s *ckStrategy) ckWant {
	S, E, asOf := s.start, s.end, site.asOf
	toEnd := ckMin(E, asOf) // to_date = [S, toEnd], empty when asOf < S
	var w ckWant
	w.daysTotal = ckDays(S, E)
	w.daysElapsed = ckDays(S, toEnd)
	w.elapsed = float64(w.daysElapsed) / float64(w.daysTotal)
	w.daysRemaining = w.daysTotal - w.daysElapsed

	between := func(a, b time.Time) []ckRow {
		var out []ckRow
		for _, r := range site.rows {
			if ckInScope(s, r) && !r.day.Before(a) && !r.day.After(b) {
				out = append(out, r)
			}
		}
		return out
	}
	toDate := between(S, toEnd)
	w.rowsMatched = len(toDate)
	baseToDateEnd := ckMin(ckAdd(s.baseStart, w.daysElapsed-1), s.baseE)

	for _, t := range s.targets {
		x := analysis.Target{Target: t.total}
		x.Actual = ckNum(ckMetric(t.metric, toDate))
		x.Attainment = ckDiv(x.Actual, analysis.Some(t.total))
		x.BaselineToDate = ckNum(ckMetric(t.metric, between(s.baseStart, baseToDateEnd)))
		if ckIsRatio(t.metric) {
			x.ExpectedToDate = analysis.Some(t.total)
			x.Pace = ckDiv(x.Actual, analysis.Some(t.total))
			x.Forecast = x.Actual
		} else {
			var exp float64
			switch ckPhasing(site, s, t) {
			case "linear":
				exp = t.total * w.elapsed
			case "baseline":
				bt, _ := ckMetric(t.metric, between(s.baseStart, s.baseE))
				btd, _ := ckMetric(t.metric, between(s.baseStart, baseToDateEnd))
				exp = t.total * btd / bt
			case "months":
				for m := ckDay(S.Year(), S.Month(), 1); !m.After(E); m = m.AddDate(0, 1, 0) {
					mEnd := m.AddDate(0, 1, -1)
					inPeriod := ckDays(ckMax(m, S), ckMin(mEnd, E))
					inToDate := ckDays(ckMax(m, S), ckMin(mEnd, toEnd))
					exp += t.months[m.Format("2006-01")] * float64(inToDate) / float64(inPeriod)
				}
			}
			x.ExpectedToDate = analysis.Some(exp)
			x.Pace = ckDiv(x.Actual, x.ExpectedToDate)
			if exp != 0 {
				x.Forecast = analysis.Some(x.Actual.V / exp * t.total)
			}
		}
		switch {
		case ckIsPercent(t.metric):
			// A percentage's lift is in points.
			if x.BaselineToDate.Valid && x.Actual.Valid {
				x.Lift = analysis.Some(x.Actual.V - x.BaselineToDate.V)
			}
		case x.BaselineToDate.Valid && x.BaselineToDate.V != 0 && x.Actual.Valid:
			x.Lift = analysis.Some(x.Actual.V/x.BaselineToDate.V - 1)
		}
		if !ckIsRatio(t.metric) {
			if w.daysElapsed > 0 {
				x.RunRate = analysis.Some(x.Actual.V / float64(w.daysElapsed) * ckPerMonth)
			}
			if w.daysRemaining > 0 {
				x.RequiredRunRate = analysis.Some(math.Max(0, (t.total-x.Actual.V)/float64(w.daysRemaining)*ckPerMonth))
			}
		}
		w.targets = append(w.targets, x)
	}

	first := w.targets[0]
	switch {
	case asOf.Before(S):
		w.status = analysis.NotStarted
	case !asOf.Before(E):
		w.status = analysis.Missed
		if first.Attainment.Valid && first.Attainment.V >= 1 {
			w.status = analysis.Achieved
		}
	case !first.Pace.Valid:
		// The README's choice: nothing expected yet is on track.
		w.status = analysis.Behind
		if first.ExpectedToDate.Valid && first.ExpectedToDate.V == 0 {
			w.status = analysis.OnTrack
		}
	case first.Pace.V >= site.onTrack:
		w.status = analysis.OnTrack
	case first.Pace.V >= site.atRisk:
		w.status = analysis.AtRisk
	default:
		w.status = analysis.Behind
	}

	cumA := make([]float64, len(s.targets))
	cumT := make([]float64, len(s.targets))
	cumB := make([]float64, len(s.targets))
	for m := ckDay(S.Year(), S.Month(), 1); !m.After(E); m = m.AddDate(0, 1, 0) {
		ms, me := ckMax(m, S), ckMin(m.AddDate(0, 1, -1), E)
		mo := analysis.Month{Month: m.Format("2006-01")}
		started := !ms.After(asOf)
		// Last year's days: as far from the baseline's start as the
		// month's days are from the period's, cut at the baseline's end.
		bs := ckAdd(s.baseStart, ckDays(S, ms)-1)
		be := ckMin(ckAdd(s.baseStart, ckDays(S, me)-1), s.baseE)
		for i, t := range s.targets {
			f := analysis.MonthFigure{Metric: t.metric}
			f.Baseline = ckNum(ckMetric(t.metric, between(bs, be)))
			if ckIsRatio(t.metric) || ckIsDistinct(t.metric) {
				// Counted over the baseline's rows to the month's end,
				// not added up from the months.
				f.CumulativeBaseline = ckNum(ckMetric(t.metric, between(s.baseStart, be)))
			}
			if !ckIsRatio(t.metric) {
				if !ckIsDistinct(t.metric) {
					cumB[i] += f.Baseline.V
					f.CumulativeBaseline = analysis.Some(cumB[i])
				}
				if best := &w.targets[i].BestBaselineMonth; !best.Valid || f.Baseline.V > best.V {
					*best = f.Baseline
				}
			}
			if ckIsRatio(t.metric) {
				f.Target, f.CumulativeTarget = analysis.Some(t.total), analysis.Some(t.total)
				if started {
					f.Actual = ckNum(ckMetric(t.metric, between(ms, ckMin(me, asOf))))
					f.CumulativeActual = ckNum(ckMetric(t.metric, between(S, ckMin(me, asOf))))
				}
			} else {
				var mt float64
				days := ckDays(ms, me)
				switch ckPhasing(site, s, t) {
				case "linear":
					mt = t.total * float64(days) / float64(w.daysTotal)
				case "months":
					mt = t.months[mo.Month]
				case "baseline":
					// The growth of expected-to-date across the month's
					// days: the baseline's matching days.
					bt, _ := ckMetric(t.metric, between(s.baseStart, s.baseE))
					from := ckDays(S, ms) - 1
					part, _ := ckMetric(t.metric, between(ckAdd(s.baseStart, from), ckMin(ckAdd(s.baseStart, from+days-1), s.baseE)))
					if ckIsDistinct(t.metric) {
						// Orders met before the month grow nothing.
						upTo, _ := ckMetric(t.metric, between(s.baseStart, ckMin(ckAdd(s.baseStart, from+days-1), s.baseE)))
						before, _ := ckMetric(t.metric, between(s.baseStart, ckMin(ckAdd(s.baseStart, from-1), s.baseE)))
						part = upTo - before
					}
					mt = t.total * part / bt
				}
				cumT[i] += mt
				f.Target, f.CumulativeTarget = analysis.Some(mt), analysis.Some(cumT[i])
				if started {
					v, _ := ckMetric(t.metric, between(ms, ckMin(me, asOf)))
					cumA[i] += v
					f.Actual, f.CumulativeActual = analysis.Some(v), analysis.Some(cumA[i])
					if ckIsDistinct(t.metric) {
						f.CumulativeActual = ckNum(ckMetric(t.metric, between(S, ckMin(me, asOf))))
					}
				}
			}
			mo.Figures = append(mo.Figures, f)
		}
		w.monthly = append(w.monthly, mo)
	}

	for j, dim := range ckDims {
		if i := slices.IndexFunc(s.scope, func(x ckScope) bool { return x.dim == dim }); i >= 0 && len(s.scope[i].vals) == 1 {
			continue // pinned
		}
		es, _ := ckRanked(toDate, j, s.targets[0].metric)
		w.breakdowns = append(w.breakdowns, analysis.Breakdown{Dimension: dim, Entries: es})
	}
	base := between(s.baseStart, baseToDateEnd)
	w.bridge = ckBridgeOf(s, w, [2][]ckRow{base, toDate})
	for _, t := range s.targets {
		var p *ckPVM
		if site.mixBy != "" {
			p = ckPVMOf(t.metric, slices.Index(ckDims, site.mixBy), [2][]ckRow{base, toDate})
		}
		w.pvm = append(w.pvm, p)
	}
	return w
}

// ckRanked ranks the values of dimension j among rows by metric m
// (docs/figures.md, Breakdowns): descending, undefined last, ties by
// value; the first ten, then Other over the rows of the rest together.
// rest are the values Other holds.
func ckRanked(rows []ckRow, j int, m string) (es []analysis.BreakdownEntry, rest []string) {
	byValue := map[string][]ckRow{}
	for _, r := range rows {
		byValue[r.dims[j]] = append(byValue[r.dims[j]], r)
	}
	for v, rows := range byValue {
		es = append(es, analysis.BreakdownEntry{Value: v, Actual: ckNum(ckMetric(m, rows))})
	}
	slices.SortFunc(es, func(a, b analysis.BreakdownEntry) int {
		if a.Actual.Valid != b.Actual.Valid {
			if a.Actual.Valid {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(b.Actual.V, a.Actual.V), strings.Compare(a.Value, b.Value))
	})
	if len(es) > 10 {
		var restRows []ckRow
		for _, e := range es[10:] {
			rest = append(rest, e.Value)
			restRows = append(restRows, byValue[e.Value]...)
		}
		es = append(es[:10], analysis.BreakdownEntry{Value: "Other", Other: true, Actual: ckNum(ckMetric(m, restRows))})
	}
	return es, rest
}

// ckBridge is a bridge from last year: the change of each value of dim
// between the baseline window (0) and to date (1), with what a tolerant
// comparison needs: every value's change and the size of its parts.
type ckBridge struct {
	dim        string
	start, end float64
	steps      []analysis.BridgeStep
	delta      map[string]float64
	scale      map[string]float64
	rows       [2]map[string][]ckRow
	metric     string
}

// ckBridgeOf splits the first target's change by bridge_by, or the first
// dimension broken down (docs/figures.md, Bridge from last year).
func ckBridgeOf(s *ckStrategy, w ckWant, win [2][]ckRow) *ckBridge {
	m := s.targets[0].metric
	if ckIsRatio(m) || ckIsDistinct(m) {
		return nil
	}
	dim := s.bridgeBy
	if dim == "" {
		if len(w.breakdowns) == 0 {
			return nil
		}
		dim = w.breakdowns[0].Dimension
	}
	j := slices.Index(ckDims, dim)
	b := &ckBridge{dim: dim, metric: m, delta: map[string]float64{}, scale: map[string]float64{}}
	b.start, _ = ckMetric(m, win[0])
	b.end, _ = ckMetric(m, win[1])
	for p := range win {
		b.rows[p] = map[string][]ckRow{}
		for _, r := range win[p] {
			b.rows[p][r.dims[j]] = append(b.rows[p][r.dims[j]], r)
		}
	}
	var vals []string
	for p := range win {
		for v := range b.rows[p] {
			if _, ok := b.delta[v]; !ok {
				x0, _ := ckMetric(m, b.rows[0][v])
				x1, _ := ckMetric(m, b.rows[1][v])
				b.delta[v], b.scale[v] = x1-x0, math.Abs(x0)+math.Abs(x1)
				vals = append(vals, v)
			}
		}
	}
	slices.SortFunc(vals, func(x, y string) int {
		return cmp.Or(cmp.Compare(math.Abs(b.delta[y]), math.Abs(b.delta[x])), strings.Compare(x, y))
	})
	for k, v := range vals {
		if k == 8 {
			b.steps = append(b.steps, analysis.BridgeStep{Value: "Other", Delta: b.rest(vals[:8]), Other: true})
			break
		}
		b.steps = append(b.steps, analysis.BridgeStep{Value: v, Delta: b.delta[v]})
	}
	return b
}

// rest is the change of the values not listed, over their rows together.
func (b *ckBridge) rest(listed []string) float64 {
	var x [2]float64
	for p := range b.rows {
		var rows []ckRow
		for v, rs := range b.rows[p] {
			if !slices.Contains(listed, v) {
				rows = append(rows, rs...)
			}
		}
		x[p], _ = ckMetric(b.metric, rows)
	}
	return x[1] - x[0]
}

// ckPVM is a target's price-volume-mix and the size of the terms it adds
// up, for a tolerant comparison.
type ckPVM struct {
	volume, mix, price, other, scale float64
	fresh, noVolume                  bool // an item priced at this year's price, an item with no volume in either window
}

// ckPVMOf computes the price-volume-mix of metric m by dimension j
// (docs/figures.md, Price, volume and mix), nil for a metric that is not
// a sum or windows without volume.
func ckPVMOf(m string, j int, win [2][]ckRow) *ckPVM {
	if ckIsRatio(m) || ckIsDistinct(m) || m == "orders" {
		return nil
	}
	items := map[string]*[2][]ckRow{}
	var names []string
	var q, r [2]float64
	for p := range win {
		for _, row := range win[p] {
			v := row.dims[j]
			if items[v] == nil {
				items[v] = &[2][]ckRow{}
				names = append(names, v)
			}
			items[v][p] = append(items[v][p], row)
			q[p] += row.units
		}
		r[p], _ = ckMetric(m, win[p])
	}
	if q[0] == 0 || q[1] == 0 {
		return nil
	}
	out := &ckPVM{volume: (q[1] - q[0]) * r[0] / q[0]}
	out.scale = math.Abs(r[0])*(1+math.Abs(q[1]/q[0])) + math.Abs(r[1])
	for _, v := range names {
		var qi, ri [2]float64
		for p := range 2 {
			for _, row := range items[v][p] {
				qi[p] += row.units
			}
			ri[p], _ = ckMetric(m, items[v][p])
		}
		p0 := 0.0
		switch {
		case qi[0] != 0:
			p0 = ri[0] / qi[0]
		case qi[1] != 0:
			p0, out.fresh = ri[1]/qi[1], true
		default:
			out.noVolume = true
		}
		out.mix += (qi[1]/q[1] - qi[0]/q[0]) * q[1] * p0
		out.price += ri[1] - qi[1]*p0
		out.scale += math.Abs(ri[0]) + math.Abs(ri[1]) + math.Abs(qi[1]*p0) + math.Abs(qi[0]*p0*q[1]/q[0])
	}
	out.other = (r[1] - r[0]) - out.volume - out.mix - out.price
	return out
}

// ckNear compares a figure whose terms add up to about scale.
func ckNear(a, b, scale float64) bool { return math.Abs(a-b) <= 1e-9*scale }

// ckCompareBridge checks a bridge tolerantly: each value listed has its
// change, the changes come largest first, a value left out changes no
// more than the last listed, and Other is the change of exactly the
// values left out. Sums added in another order differ in their last
// digits, so values whose changes are that close may trade places.
func ckCompareBridge(t *testing.T, id string, got *analysis.Bridge, want *ckBridge) {
	t.Helper()
	if (got == nil) != (want == nil) {
		t.Errorf("%s: bridge %v, want %v", id, got != nil, want != nil)
		return
	}
	if got == nil {
		return
	}
	if got.By != want.dim || !ckClose(got.Start, want.start) || !ckClose(got.End, want.end) || len(got.Steps) != len(want.steps) {
		t.Errorf("%s: bridge by %s %g → %g, %d steps; want by %s %g → %g, %d steps", id, got.By, got.Start, got.End, len(got.Steps), want.dim, want.start, want.end, len(want.steps))
		return
	}
	var listed []string
	last := math.Inf(1)
	for k, st := range got.Steps {
		if st.Other {
			if k != len(got.Steps)-1 || st.Value != "Other" {
				t.Errorf("%s: step %d is Other", id, k)
			}
			if r := want.rest(listed); !ckNear(st.Delta, r, math.Abs(want.start)+math.Abs(want.end)+math.Abs(r)) {
				t.Errorf("%s: Other %g, want %g", id, st.Delta, r)
			}
			for v, d := range want.delta {
				if !slices.Contains(listed, v) && math.Abs(d) > last+1e-9*want.scale[v] {
					t.Errorf("%s: %s (%g) left out, but changed more than the last listed (%g)", id, v, d, last)
				}
			}
			continue
		}
		d, ok := want.delta[st.Value]
		if !ok || !ckNear(st.Delta, d, want.scale[st.Value]) {
			t.Errorf("%s: step %s %g, want %g (listed %v)", id, st.Value, st.Delta, d, ok)
		}
		if math.Abs(st.Delta) > last+1e-9*want.scale[st.Value] {
			t.Errorf("%s: step %s (%g) after a smaller change (%g)", id, st.Value, st.Delta, last)
		}
		if k > 0 && math.Abs(st.Delta) == last && math.Abs(d) == math.Abs(want.delta[listed[k-1]]) && st.Value < listed[k-1] {
			t.Errorf("%s: equal changes not in value order: %s after %s", id, st.Value, listed[k-1])
		}
		last = math.Abs(st.Delta)
		listed = append(listed, st.Value)
	}
}

func ckComparePVM(t *testing.T, id, metric string, got *analysis.PriceVolumeMix, want *ckPVM) {
	t.Helper()
	if (got == nil) != (want == nil) {
		t.Errorf("%s %s: price-volume-mix %v, want %v", id, metric, got != nil, want != nil)
		return
	}
	if got == nil {
		return
	}
	if !ckNear(got.Volume, want.volume, want.scale) || !ckNear(got.Mix, want.mix, want.scale) ||
		!ckNear(got.Price, want.price, want.scale) || !ckNear(got.Other, want.other, want.scale) {
		t.Errorf("%s %s: price-volume-mix %+v, want volume %g mix %g price %g other %g", id, metric, *got, want.volume, want.mix, want.price, want.other)
	}
}

// ckInScope: for every dimension of the scope the row's value is listed,
// and for no dimension of the exclusions.
func ckInScope(s *ckStrategy, r ckRow) bool {
	for _, sc := range s.scope {
		if !slices.Contains(sc.vals, r.dims[slices.Index(ckDims, sc.dim)]) {
			return false
		}
	}
	for _, sc := range s.exclude {
		if slices.Contains(sc.vals, r.dims[slices.Index(ckDims, sc.dim)]) {
			return false
		}
	}
	return true
}

// ckPhasing is the phasing in force: baseline falls back to linear when
// the baseline total is 0.
func ckPhasing(site *ckSite, s *ckStrategy, t ckTarget) string {
	if t.phasing != "baseline" {
		return t.phasing
	}
	var rows []ckRow
	for _, r := range site.rows {
		if ckInScope(s, r) && !r.day.Before(s.baseStart) && !r.day.After(s.baseE) {
			rows = append(rows, r)
		}
	}
	if bt, _ := ckMetric(t.metric, rows); bt == 0 {
		return "linear"
	}
	return "baseline"
}

// ckClose compares to 1e-9 relative, with no absolute floor: a month's
// figure near zero must keep its digits (the sums run in another order
// here, so exact equality is too much to ask).
func ckClose(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*max(math.Abs(a), math.Abs(b))
}

func ckSame(a, b analysis.Num) bool {
	return a.Valid == b.Valid && (!a.Valid || ckClose(a.V, b.V))
}

func ckFmt(n analysis.Num) string {
	if !n.Valid {
		return "null"
	}
	return fmt.Sprint(n.V)
}

// ckLoad reads site's settings and plans.
func ckLoad(t *testing.T, site *ckSite) (*config.Site, []*plan.Plan) {
	t.Helper()
	cfg, err := config.Load(site.files)
	if err != nil {
		t.Fatal(err)
	}
	plans, err := plan.LoadAll(site.files, cfg.FiscalYearStart)
	if err != nil {
		t.Fatalf("%v\n%s", err, site.files["content/plans/p0.yaml"].Data)
	}
	return cfg, plans
}

// Each site is checked at low and high cardinality, and read both ways:
// grouped by every dimension, and grouped as its plans need
// (analysis.Need), which builds do.
func TestIndependentChecker(t *testing.T) {
	statuses := map[analysis.Status]int{}
	phasings := map[string]int{}
	cases := map[string]int{}
	for seed := range uint64(60) {
		for _, wide := range []bool{false, true} {
			site := ckGenerate(seed, wide)
			t.Run(fmt.Sprint("seed", seed, "/wide=", wide), func(t *testing.T) {
				cfg, plans := ckLoad(t, site)
				for _, need := range []*sales.Need{nil, analysis.Need(cfg, plans, nil)} {
					data, err := sales.Load(site.files, cfg, sales.Options{Need: need})
					if err != nil {
						t.Fatal(err)
					}
					if need != nil && len(need.Segments) > 0 && (slices.Contains(data.Grouped, 3) || len(data.Breaks) == 0) {
						t.Fatalf("customer grouped %v, breaks %d: the need path is not taken", data.Grouped, len(data.Breaks))
					}
					res, _, err := analysis.Run(cfg, plans, data, nil, nil)
					if err != nil {
						t.Fatal(err)
					}
					if got := res.AsOf.String(); got != ckISO(site.asOf) {
						t.Errorf("as_of %s, want %s", got, ckISO(site.asOf))
					}
					if res.RowsRead != len(site.rows) {
						t.Errorf("rows_read %d, want %d", res.RowsRead, len(site.rows))
					}
					if len(res.Strategies) != len(site.strategies) {
						t.Fatalf("%d strategies, want %d", len(res.Strategies), len(site.strategies))
					}
					for i, s := range site.strategies {
						got := res.Strategies[i]
						want := ckCompute(site, s)
						if need == nil {
							statuses[want.status]++
							for _, tg := range s.targets {
								phasings[ckPhasing(site, s, tg)]++
							}
							for _, c := range ckCases(s, want) {
								if c == ckAllCases[15] && site.mixBy == "" {
									continue
								}
								cases[c]++
							}
						}
						ckCompare(t, s, got, want)
					}
				}
			})
		}
	}
	// The random sites must reach every status and phasing, or the check
	// proves less than it seems.
	for _, st := range analysis.Statuses {
		if statuses[st] == 0 {
			t.Errorf("no generated strategy is %s", st)
		}
	}
	for _, p := range []string{"linear", "baseline", "months"} {
		if phasings[p] == 0 {
			t.Errorf("no generated target is phased %s", p)
		}
	}
	for _, c := range ckAllCases {
		if cases[c] == 0 {
			t.Errorf("no generated strategy has %s", c)
		}
	}
}

// ckAllCases are the edges of the figures for the decision that the
// random sites must reach.
var ckAllCases = []string{
	"a period holding February 29", "a baseline holding February 29",
	"a month past the baseline's end", "a target written as a percentage",
	"a lift in points", "no run rate yet", "no days remaining",
	"nothing more needed", "a needed rate above the best baseline month",
	"a bridge with Other", "a bridge by customer", "no bridge for a ratio",
	"a price-volume-mix", "an item new to the mix", "an item with no volume in the mix",
	"a sum target without price-volume-mix for want of volume",
	"a breakdown by a count_distinct metric with Other", "no bridge for a count_distinct",
}

// ckCases names the edges strategy s with figures w reaches.
func ckCases(s *ckStrategy, w ckWant) []string {
	var out []string
	add := func(ok bool, c string) {
		if ok {
			out = append(out, c)
		}
	}
	add(ckHoldsLeapDay(s.start, s.end), ckAllCases[0])
	add(ckHoldsLeapDay(s.baseStart, s.baseE), ckAllCases[1])
	add(ckDays(s.start, s.end) > ckDays(s.baseStart, s.baseE)+31, ckAllCases[2])
	for i, t := range s.targets {
		x := w.targets[i]
		add(t.percent, ckAllCases[3])
		add(ckIsPercent(t.metric) && x.Lift.Valid, ckAllCases[4])
		add(!ckIsRatio(t.metric) && !x.RunRate.Valid, ckAllCases[5])
		add(!ckIsRatio(t.metric) && !x.RequiredRunRate.Valid, ckAllCases[6])
		add(x.RequiredRunRate.Valid && x.RequiredRunRate.V == 0, ckAllCases[7])
		add(x.RequiredRunRate.Valid && x.BestBaselineMonth.Valid && x.RequiredRunRate.V > x.BestBaselineMonth.V, ckAllCases[8])
		if p := w.pvm[i]; p != nil {
			add(true, ckAllCases[12])
			add(p.fresh, ckAllCases[13])
			add(p.noVolume, ckAllCases[14])
		}
		add(w.pvm[i] == nil && t.metric == "revenue", ckAllCases[15])
	}
	b := w.bridge
	add(b != nil && len(b.steps) > 8, ckAllCases[9])
	add(b != nil && b.dim == "customer", ckAllCases[10])
	add(b == nil && ckIsRatio(s.targets[0].metric), ckAllCases[11])
	for _, b := range w.breakdowns {
		add(ckIsDistinct(s.targets[0].metric) && slices.ContainsFunc(b.Entries, func(e analysis.BreakdownEntry) bool { return e.Other }), ckAllCases[16])
	}
	add(b == nil && ckIsDistinct(s.targets[0].metric), ckAllCases[17])
	return out
}

// ckHoldsLeapDay reports whether [a, b] holds a February 29.
func ckHoldsLeapDay(a, b time.Time) bool {
	for y := a.Year(); y <= b.Year(); y++ {
		d := ckDay(y, time.February, 29)
		if d.Month() == time.February && !d.Before(a) && !d.After(b) {
			return true
		}
	}
	return false
}

func ckCompare(t *testing.T, s *ckStrategy, got *analysis.Strategy, want ckWant) {
	t.Helper()
	id := s.id
	if got.Strategy.ID != id {
		t.Fatalf("strategy %s, want %s", got.Strategy.ID, id)
	}
	if got.Period.Start.String() != ckISO(s.start) || got.Period.End.String() != ckISO(s.end) {
		t.Errorf("%s: period %s..%s, want %s..%s", id, got.Period.Start, got.Period.End, ckISO(s.start), ckISO(s.end))
	}
	if got.Baseline.Start.String() != ckISO(s.baseStart) || got.Baseline.End.String() != ckISO(s.baseE) {
		t.Errorf("%s: baseline %s..%s, want %s..%s", id, got.Baseline.Start, got.Baseline.End, ckISO(s.baseStart), ckISO(s.baseE))
	}
	if got.DaysTotal != want.daysTotal || got.DaysElapsed != want.daysElapsed || got.Elapsed != want.elapsed || got.RowsMatched != want.rowsMatched ||
		got.DaysRemaining != want.daysRemaining {
		t.Errorf("%s: days %d/%d (%d remaining) elapsed %v rows %d, want %d/%d (%d) %v %d", id, got.DaysElapsed, got.DaysTotal, got.DaysRemaining, got.Elapsed, got.RowsMatched,
			want.daysElapsed, want.daysTotal, want.daysRemaining, want.elapsed, want.rowsMatched)
	}
	if got.Status != want.status {
		t.Errorf("%s: status %s, want %s", id, got.Status, want.status)
	}
	for i, w := range want.targets {
		g := got.Targets[i]
		m := s.targets[i].metric
		if g.Metric.Name != m || g.Target != w.Target {
			t.Errorf("%s: target %d is %s %v, want %s %v", id, i, g.Metric.Name, g.Target, m, w.Target)
		}
		for _, f := range []struct {
			name       string
			got, wantN analysis.Num
		}{
			{"actual", g.Actual, w.Actual},
			{"expected_to_date", g.ExpectedToDate, w.ExpectedToDate},
			{"attainment", g.Attainment, w.Attainment},
			{"pace", g.Pace, w.Pace},
			{"forecast", g.Forecast, w.Forecast},
			{"baseline_to_date", g.BaselineToDate, w.BaselineToDate},
			{"lift", g.Lift, w.Lift},
			{"run_rate", g.RunRate, w.RunRate},
			{"required_run_rate", g.RequiredRunRate, w.RequiredRunRate},
			{"best baseline month", g.BestBaselineMonth, w.BestBaselineMonth},
		} {
			if !ckSame(f.got, f.wantN) {
				t.Errorf("%s %s (%s): %s = %s, want %s", id, m, s.targets[i].phasing, f.name, ckFmt(f.got), ckFmt(f.wantN))
			}
		}
	}
	if len(got.Monthly) != len(want.monthly) {
		t.Fatalf("%s: %d months, want %d", id, len(got.Monthly), len(want.monthly))
	}
	for k, wm := range want.monthly {
		gm := got.Monthly[k]
		if gm.Month != wm.Month {
			t.Fatalf("%s: month %d is %s, want %s", id, k, gm.Month, wm.Month)
		}
		for i, wf := range wm.Figures {
			gf := gm.Figures[i]
			if !ckSame(gf.Actual, wf.Actual) || !ckSame(gf.Target, wf.Target) ||
				!ckSame(gf.CumulativeActual, wf.CumulativeActual) || !ckSame(gf.CumulativeTarget, wf.CumulativeTarget) {
				t.Errorf("%s %s %s: got actual %s target %s cum %s cum target %s; want %s %s %s %s", id, wm.Month, wf.Metric,
					ckFmt(gf.Actual), ckFmt(gf.Target), ckFmt(gf.CumulativeActual), ckFmt(gf.CumulativeTarget),
					ckFmt(wf.Actual), ckFmt(wf.Target), ckFmt(wf.CumulativeActual), ckFmt(wf.CumulativeTarget))
			}
			if !ckSame(gf.Baseline, wf.Baseline) || !ckSame(gf.CumulativeBaseline, wf.CumulativeBaseline) {
				t.Errorf("%s %s %s: got baseline %s, cumulative %s; want %s, %s", id, wm.Month, wf.Metric,
					ckFmt(gf.Baseline), ckFmt(gf.CumulativeBaseline), ckFmt(wf.Baseline), ckFmt(wf.CumulativeBaseline))
			}
		}
	}
	ckCompareBridge(t, id, got.Bridge, want.bridge)
	for i := range want.targets {
		ckComparePVM(t, id, s.targets[i].metric, got.Targets[i].PriceVolumeMix, want.pvm[i])
	}
	if len(got.Breakdowns) != len(want.breakdowns) {
		t.Fatalf("%s: %d breakdowns, want %d", id, len(got.Breakdowns), len(want.breakdowns))
	}
	for k, wb := range want.breakdowns {
		ckCompareBreakdown(t, id, got.Breakdowns[k], wb)
	}
}

// ckCompareBreakdown checks breakdown gb of strategy id against wb.
func ckCompareBreakdown(t *testing.T, id string, gb, wb analysis.Breakdown) {
	t.Helper()
	var g, w []string
	for _, e := range gb.Entries {
		g = append(g, e.Value+"="+ckFmt(e.Actual))
	}
	for _, e := range wb.Entries {
		w = append(w, e.Value+"="+ckFmt(e.Actual))
	}
	same := gb.Dimension == wb.Dimension && len(gb.Entries) == len(wb.Entries)
	for j := 0; same && j < len(gb.Entries); j++ {
		same = gb.Entries[j].Value == wb.Entries[j].Value && gb.Entries[j].Other == wb.Entries[j].Other &&
			ckSame(gb.Entries[j].Actual, wb.Entries[j].Actual)
	}
	if !same {
		t.Errorf("%s: breakdown by %s\n got %s\nwant %s: %s", id, gb.Dimension, strings.Join(g, ", "), wb.Dimension, strings.Join(w, ", "))
	}
}
