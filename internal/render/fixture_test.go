package render

import (
	"math"

	"salesdeck/internal/analysis"
	"salesdeck/internal/load/config"
	"salesdeck/internal/load/plan"
	"salesdeck/internal/render/format"
	"salesdeck/internal/render/label"
	"salesdeck/internal/support/civil"
)

const (
	hostileTitle = `</script><img src=x onerror=alert(1)>`
	hostileValue = `"};alert(1)//`
)

var (
	revenue = analysis.Metric{Name: "revenue", Format: "money"}
	units   = analysis.Metric{Name: "units", Format: "number"}
	margin  = analysis.Metric{Name: "margin", Format: "percent", Ratio: true}
)

// spec describes a strategy for fixture: its monthly actuals run at pace
// times the linear target until as_of.
type spec struct {
	id, title, owner string
	start, end       civil.Date
	pace             float64
	metrics          []analysis.Metric
	totals           []float64
	breakdowns       []analysis.Breakdown
	tactics          []string
	notes            string
	budget           *float64
}

func some(v float64) analysis.Num { return analysis.Some(v) }

// build computes a strategy as docs/figures.md does, for linear phasing, from
// a constant pace: good enough to draw believable pages.
func build(p *plan.Plan, sp spec, asOf civil.Date) *analysis.Strategy {
	period := civil.Range{Start: sp.start, End: sp.end}
	toDate := civil.Range{Start: sp.start, End: min(sp.end, asOf)}
	s := &analysis.Strategy{
		Strategy: &plan.Strategy{ID: sp.id, Title: sp.title, Owner: sp.owner, Period: period,
			Scope:   plan.Scope{{Dimension: "region", Values: []string{"EMEA"}}, {Dimension: "segment", Values: []string{"Enterprise", "Mid-market"}}},
			Exclude: plan.Scope{{Dimension: "channel", Values: []string{"Partner"}}},
			Tactics: sp.tactics, Notes: sp.notes, Budget: sp.budget},
		Plan:        p,
		Period:      period,
		Baseline:    civil.Range{Start: sp.start.AddYears(-1), End: sp.end.AddYears(-1)},
		DaysTotal:   period.Days(),
		DaysElapsed: toDate.Days(),
		RowsMatched: 1200 + len(sp.id)*37,
		Breakdowns:  sp.breakdowns,
	}
	s.Elapsed = float64(s.DaysElapsed) / float64(s.DaysTotal)
	s.DaysRemaining = s.DaysTotal - s.DaysElapsed
	for i, m := range sp.metrics {
		total := sp.totals[i]
		t := analysis.Target{Metric: m, Target: total}
		if m.Ratio {
			t.Actual = some(total * sp.pace)
			t.ExpectedToDate = some(total)
			t.Attainment, t.Pace, t.Forecast = some(sp.pace), some(sp.pace), t.Actual
			t.BaselineToDate = some(total * 0.95)
			t.Lift = some(t.Actual.V - t.BaselineToDate.V) // a percentage: points
		} else {
			exp := total * s.Elapsed
			t.ExpectedToDate = some(exp)
			t.Actual = some(math.Round(exp * sp.pace))
			t.Attainment = analysis.Div(t.Actual, some(total))
			t.Pace = analysis.Div(t.Actual, t.ExpectedToDate)
			if t.Pace.Valid {
				t.Forecast = some(t.Pace.V * total)
			}
			t.BaselineToDate = some(math.Round(exp * 0.87))
			if s.DaysElapsed == 0 {
				t.Actual, t.BaselineToDate = some(0), some(0)
			}
			t.Lift = analysis.Div(t.Actual, t.BaselineToDate)
			if t.Lift.Valid {
				t.Lift.V--
			}
			if s.DaysElapsed > 0 {
				t.RunRate = some(t.Actual.V / float64(s.DaysElapsed) * analysis.DaysPerMonth)
			}
			if s.DaysRemaining > 0 {
				t.RequiredRunRate = some(max(0, (total-t.Actual.V)/float64(s.DaysRemaining)*analysis.DaysPerMonth))
			}
		}
		s.Targets = append(s.Targets, t)
	}
	var cumA, cumT = make([]float64, len(sp.metrics)), make([]float64, len(sp.metrics))
	cumB := make([]float64, len(sp.metrics))
	for mi, mr := range period.Months() {
		m := analysis.Month{Month: mr.Start.MonthKey()}
		inTo := mr.Intersect(toDate)
		for i, met := range sp.metrics {
			total := sp.totals[i]
			f := analysis.MonthFigure{Metric: met.Name}
			if met.Ratio {
				f.Target, f.CumulativeTarget = some(total), some(total)
				f.Baseline, f.CumulativeBaseline = some(total*0.95*(1-0.03*math.Cos(float64(mi)))), some(total*0.95)
				if !inTo.Empty() {
					wobble := 1 + 0.04*math.Sin(float64(mi))
					f.Actual, f.CumulativeActual = some(total*sp.pace*wobble), some(total*sp.pace)
				}
			} else {
				planned := total * float64(mr.Days()) / float64(s.DaysTotal)
				cumT[i] += planned
				f.Target, f.CumulativeTarget = some(planned), some(cumT[i])
				// Last year sold 87% of the plan, unevenly.
				b := math.Round(planned * 0.87 * (1 + 0.25*math.Cos(float64(mi)*1.3)))
				cumB[i] += b
				f.Baseline, f.CumulativeBaseline = some(b), some(cumB[i])
				if best := &s.Targets[i].BestBaselineMonth; !best.Valid || b > best.V {
					*best = some(b)
				}
				if !inTo.Empty() {
					wobble := 1 + 0.12*math.Sin(float64(mi)*1.7)
					a := math.Round(total * float64(inTo.Days()) / float64(s.DaysTotal) * sp.pace * wobble)
					cumA[i] += a
					f.Actual, f.CumulativeActual = some(a), some(cumA[i])
				}
			}
			m.Figures = append(m.Figures, f)
		}
		s.Monthly = append(s.Monthly, m)
	}
	s.Status = status(s, asOf)
	s.Bridge = bridge(s)
	return s
}

// bridge splits the first target's change from last year across its
// first breakdown's values, and gives its revenue targets a
// price-volume-mix, when it has sold anything.
func bridge(s *analysis.Strategy) *analysis.Bridge {
	first := &s.Targets[0]
	if first.Metric.Ratio || s.DaysElapsed == 0 || len(s.Breakdowns) == 0 {
		return nil
	}
	for i := range s.Targets {
		if t := &s.Targets[i]; t.Metric == revenue {
			c := t.Actual.V - t.BaselineToDate.V
			t.PriceVolumeMix = &analysis.PriceVolumeMix{Volume: 0.5*c + 1000, Mix: -1000, Price: 0.3 * c, Other: 0.2 * c}
		}
	}
	b := &analysis.Bridge{By: s.Breakdowns[0].Dimension, Start: first.BaselineToDate.V, End: first.Actual.V}
	left := b.End - b.Start
	for k, e := range s.Breakdowns[0].Entries {
		d := math.Round(e.Actual.V * 0.13 * float64(1-2*(k%2)))
		if k == len(s.Breakdowns[0].Entries)-1 {
			d = left
		}
		left -= d
		b.Steps = append(b.Steps, analysis.BridgeStep{Value: e.Value, Delta: d, Other: e.Other})
	}
	return b
}

func status(s *analysis.Strategy, asOf civil.Date) analysis.Status {
	t := s.Targets[0]
	switch {
	case asOf < s.Period.Start:
		return analysis.NotStarted
	case asOf >= s.Period.End:
		if t.Attainment.Valid && t.Attainment.V >= 1 {
			return analysis.Achieved
		}
		return analysis.Missed
	case t.Pace.Valid && t.Pace.V >= 1:
		return analysis.OnTrack
	case t.Pace.Valid && t.Pace.V >= 0.9:
		return analysis.AtRisk
	}
	return analysis.Behind
}

func entries(dim string, vals []string, amounts []float64, other float64) analysis.Breakdown {
	b := analysis.Breakdown{Dimension: dim}
	for i, v := range vals {
		b.Entries = append(b.Entries, analysis.BreakdownEntry{Value: v, Actual: some(amounts[i])})
	}
	if other > 0 {
		b.Entries = append(b.Entries, analysis.BreakdownEntry{Value: "Other", Actual: some(other), Other: true})
	}
	return b
}

// fixture returns a site with two plans, every status, a hostile strategy
// title and a hostile dimension value.
func fixture() (*config.Site, *analysis.Site) {
	asOf := civil.New(2026, 6, 30)
	d := civil.New
	budget := 250000.0
	emea := &plan.Plan{ID: "fy2026-emea", Title: "FY2026 EMEA growth plan", Owner: "Dana Whitfield, VP Sales EMEA",
		Period: civil.Range{Start: d(2026, 1, 1), End: d(2026, 12, 31)}, File: "content/plans/emea.yaml",
		Summary: "Grow EMEA enterprise revenue by **18%** while holding margin above 30%.\n\n- Land three lighthouse accounts in DACH\n- Rebuild the Nordic pipeline"}
	amer := &plan.Plan{ID: "fy2026-americas", Title: "FY2026 Americas plan", Owner: "Luis Ortega",
		Period: civil.Range{Start: d(2026, 1, 1), End: d(2026, 12, 31)}, File: "content/plans/americas.yaml",
		Summary: "Defend the installed base and expand mid-market."}
	country := entries("country", []string{"Germany", "Switzerland", "Austria", hostileValue}, []float64{1480000, 720000, 410000, 95000}, 0)
	product := entries("product", []string{"Platform", "Analytics add-on", "Services", "Training"}, []float64{1320000, 690000, 480000, 140000}, 75000)
	specsEMEA := []spec{
		{id: "dach-enterprise", title: "Win enterprise accounts in DACH", owner: "Jonas Keller", start: d(2026, 2, 1), end: d(2026, 9, 30), pace: 1.06,
			metrics: []analysis.Metric{revenue, units, margin}, totals: []float64{4500000, 1200, 0.32},
			breakdowns: []analysis.Breakdown{country, product}, budget: &budget,
			tactics: []string{"Hire three enterprise account executives in Munich", "Run a CFO round-table in Zurich each quarter", "Co-sell with the two largest SI partners"},
			notes:   "Partner deals are excluded: they are owned by the channel plan.\n\n> Risk: two late-stage deals depend on a **budget release in Q3**."},
		{id: "nordics-midmarket", title: "Rebuild the Nordic mid-market pipeline", owner: "Astrid Lund", start: d(2026, 1, 1), end: d(2026, 12, 31), pace: 0.93,
			metrics: []analysis.Metric{revenue}, totals: []float64{2600000},
			breakdowns: []analysis.Breakdown{entries("country", []string{"Sweden", "Norway", "Denmark", "Finland"}, []float64{520000, 310000, 260000, 110000}, 0)}},
		{id: "france-partners", title: "Grow partner-sourced revenue in France", owner: "Claire Martin", start: d(2026, 1, 1), end: d(2026, 12, 31), pace: 0.71,
			metrics: []analysis.Metric{revenue, units}, totals: []float64{1800000, 900}},
		{id: "uk-renewals", title: "Lift UK renewal rate", owner: "Priya Shah", start: d(2026, 1, 1), end: d(2026, 3, 31), pace: 1.12,
			metrics: []analysis.Metric{revenue}, totals: []float64{950000}},
	}
	specsAmer := []spec{
		{id: "us-midmarket", title: hostileTitle, owner: `Sam "Quotes" O'Neil`, start: d(2026, 1, 1), end: d(2026, 12, 31), pace: 1.01,
			metrics: []analysis.Metric{revenue}, totals: []float64{3100000},
			breakdowns: []analysis.Breakdown{entries("channel", []string{"Direct", "Online", hostileValue}, []float64{900000, 520000, 150000}, 0)}},
		{id: "canada-expansion", title: "Open the Canadian market", owner: "Marie Tremblay", start: d(2026, 7, 1), end: d(2026, 12, 31), pace: 1,
			metrics: []analysis.Metric{revenue}, totals: []float64{700000}},
		{id: "latam-q1-push", title: "Q1 push in Latin America", owner: "Diego Ramos", start: d(2026, 1, 1), end: d(2026, 3, 31), pace: 0.84,
			metrics: []analysis.Metric{revenue}, totals: []float64{500000}},
	}
	res := &analysis.Site{AsOf: asOf, Currency: "USD", RowsRead: 104233, Metrics: []analysis.Metric{revenue, units, margin}}
	for _, g := range []struct {
		p     *plan.Plan
		specs []spec
	}{{emea, specsEMEA}, {amer, specsAmer}} {
		ap := &analysis.Plan{Plan: g.p}
		for _, sp := range g.specs {
			s := build(g.p, sp, asOf)
			g.p.Strategies = append(g.p.Strategies, s.Strategy)
			ap.Strategies = append(ap.Strategies, s)
			res.Strategies = append(res.Strategies, s)
		}
		res.Plans = append(res.Plans, ap)
	}
	site := &config.Site{Title: "Acme Sales Plans", Currency: "USD", Locale: "en-US", Theme: config.Theme{Primary: "#1f5fd1"}}
	return site, res
}

func fixturePages() []Page {
	return []Page{
		{Path: "index.html", Title: "FY2026 sales plans", Body: "This site tracks every **FY2026** strategy against its targets.\nFigures refresh with each CRM export.", File: "content/index.md"},
		{Path: "about.html", Title: "About these figures", Weight: 2, Body: "# About these figures\n\nPace is *actual ÷ expected to date*.[^1]\n\n[^1]: Expected to date follows each target's phasing.\n\n<script>alert(1)</script>\n\n[bad](javascript:alert(1))", File: "content/about.md"},
		{Path: "guides/glossary.html", Title: "Glossary", Weight: 1, Body: "| Term | Meaning |\n|---|---|\n| Pace | actual ÷ expected |\n", File: "content/guides/glossary.md"},
	}
}

// en writes markup with English words.
func en() markup { return markup{t: label.NewText("en-US", nil)} }

// enViews builds views in English and dollars.
func enViews() views { return views{f: format.New("en-US", "USD"), t: en().t} }
