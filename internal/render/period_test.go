package render

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"salesdeck/internal/analysis"
	"salesdeck/internal/load/config"
	"salesdeck/internal/load/plan"
	"salesdeck/internal/support/civil"
	"salesdeck/internal/support/diag"
)

var firstHalf = civil.Range{Start: civil.New(2026, 1, 1), End: civil.New(2026, 6, 30)}

// askedFixture is the fixture with what the blocks below ask the
// analysis for, with figures made up by hand: dach-enterprise's
// breakdowns ranked by units, revenue by country by quarter (the second
// quarter after as_of in part only), and margin of every row by month.
func askedFixture() (*config.Site, *analysis.Site) {
	site, res := fixture()
	site.Labels = config.Labels{Dimensions: map[string]string{"country": "Land"}, Values: map[string]map[string]string{"country": {"Germany": "Deutschland"}}}
	res.Dimensions = []string{"region", "country", "product", "channel"}
	for _, s := range res.Strategies {
		if s.Strategy.ID == "dach-enterprise" {
			b := entries("product", []string{"Training", "Platform"}, []float64{900, 300}, 0)
			b.Metric = "units"
			s.Asked = []analysis.Breakdown{b}
		}
	}
	n := analysis.Some
	res.Charts = []*analysis.Chart{
		{Ask: analysis.ChartAsk{Metric: "revenue", By: "country", Period: firstHalf, Grain: "quarter"}, Metric: revenue,
			Buckets: []string{"Q1 FY2026", "Q2 FY2026"},
			Series: []analysis.ChartSeries{
				{Value: "Germany", Total: n(1300000), Figures: []analysis.Num{n(600000), n(700000)}},
				{Value: hostileValue, Total: n(30), Figures: []analysis.Num{n(10), n(20)}},
				{Value: "Other", Other: true, Total: n(5), Figures: []analysis.Num{n(5), n(0)}},
			}},
		{Ask: analysis.ChartAsk{Metric: "margin", Period: civil.Range{Start: civil.New(2026, 5, 1), End: civil.New(2026, 7, 31)}, Grain: "month"}, Metric: margin,
			Buckets: []string{"2026-05", "2026-06", "2026-07"},
			Series:  []analysis.ChartSeries{{Total: n(0.32), Figures: []analysis.Num{n(0.31), n(0.33), {}}}}},
	}
	return site, res
}

const (
	countryChart = "```chart\nmetric: revenue\nby: country\nperiod: {start: 2026-01-01, end: 2026-06-30}\ngrain: quarter\n```\n"
	marginChart  = "```chart\ntitle: Margin, every order\nmetric: margin\nperiod: {start: 2026-05-01, end: 2026-07-31}\n```\n"
	unitsChart   = "```chart\nstrategy: dach-enterprise\nkind: breakdown\ndimension: product\nmetric: units\n```\n"
)

// tableText is the text of the table of figures of the chart on page.
func tableText(page string) string {
	m := regexp.MustCompile(`(?s)<table.*?</table>`).FindString(page)
	return strings.Join(strings.Fields(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(m, " ")), " ")
}

func TestPeriodAndRankedBlocks(t *testing.T) {
	tests := []struct {
		name, block string
		want        []string // in the page
		table       string   // the chart's table of figures, as text
	}{
		{"by a dimension, by quarter", countryChart,
			[]string{`<figure class="chart chart-period">`, `<figcaption>Revenue by quarter and Land</figcaption>`, `"stack":"total"`, `"name":"Deutschland"`, `"color":"#a3acb9"`, `"orient":"vertical"`},
			`Revenue by quarter and Land Quarter Deutschland &#34;};alert(1)// Other Q1 FY2026 $600,000 $10 $5 Q2 FY2026 $700,000 $20 $0 Whole period $1,300,000 $30 $5`},
		{"every row, by month", marginChart,
			[]string{`<p class="figure-title">Margin, every order</p>`, `<figcaption>Margin by month</figcaption>`, `"legend":{"show":false`},
			`Margin by month Month Margin May 2026 31.0% Jun 2026 33.0% Jul 2026 — Whole period 32.0%`},
		{"breakdown ranked by another metric", unitsChart,
			[]string{`<figure class="chart chart-breakdown">`, `<figcaption>Units by Product</figcaption>`},
			`Units by Product Product Units Share Training 900 75.0% Platform 300 25.0%`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site, res := askedFixture()
			out, err := Render(Input{Site: site, Result: res, Pages: []Page{{Path: "x.html", File: "content/x.md", Body: tt.block, BodyLine: 1}}})
			if err != nil {
				t.Fatal(err)
			}
			page := string(out["x.html"])
			for _, w := range tt.want {
				if !strings.Contains(page, w) {
					t.Errorf("x.html lacks %s", w)
				}
			}
			if got := tableText(page); got != tt.table {
				t.Errorf("table:\n got %s\nwant %s", got, tt.table)
			}
			if strings.Contains(page, `alert(1)//"`) && !strings.Contains(page, `\"};alert(1)//`) {
				t.Error("a hostile value reached the chart's option unescaped")
			}
		})
	}
}

func TestPeriodBlockErrors(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"unknown metric of a breakdown", "```chart\nstrategy: dach-enterprise\nkind: breakdown\nmetric: unit\n```\n",
			`content/x.md:7:9: chart block: unknown metric "unit" (did you mean "units"?); metrics: revenue, units, margin (defined in site.yaml)`},
		{"unknown metric of a period", "```chart\nmetric: profit\nperiod: {fiscal_year: 2026}\n```\n",
			`content/x.md:5:9: chart block: unknown metric "profit"; metrics: revenue, units, margin (defined in site.yaml)`},
		{"unknown dimension", "```chart\nmetric: revenue\nby: contry\nperiod: {fiscal_year: 2026}\n```\n",
			`content/x.md:6:5: chart block: unknown dimension "contry" (did you mean "country"?); dimensions: region, country, product, channel`},
		{"unknown dimension in the scope", "```chart\nmetric: revenue\nperiod: {fiscal_year: 2026}\nscope: {channel: Direct, regoin: EMEA}\n```\n",
			`content/x.md:7:26: chart block: unknown dimension "regoin" (did you mean "region"?); dimensions: region, country, product, channel`},
		{"an empty scope value", "```chart\nmetric: revenue\nperiod: {fiscal_year: 2026}\nscope: {channel: []}\n```\n",
			`content/x.md:7:18: chart block: scope.channel lists no values: give a value or a list, or remove the line`},
		{"no period", "```chart\nmetric: revenue\nby: country\n```\n",
			`content/x.md:4:1: chart block: a chart of every row needs period:, as plans write it: {fiscal_year: 2026}, {fiscal_quarter: "2026-Q2"} or {start: 2026-01-01, end: 2026-06-30}`},
		{"no metric", "```chart\nperiod: {fiscal_year: 2026}\n```\n",
			`content/x.md:4:1: chart block: a chart of every row of a period needs metric: (the figure it shows)`},
		{"a period's kind", "```chart\nmetric: revenue\nkind: monthly\nperiod: {fiscal_year: 2026}\n```\n",
			`content/x.md:6:7: chart block: a chart of every row of a period takes metric:, by:, period:, grain:, scope: and title:; kind: and dimension: are for charts of a strategy`},
		{"a bad period", "```chart\nmetric: revenue\nperiod: {fiscal_quarter: 2026-Q5}\n```\n",
			`content/x.md:6:26: chart block: fiscal_quarter "2026-Q5" must look like "2026-Q2"`},
		{"a period's grain", "```chart\nmetric: revenue\nperiod: {fiscal_year: 2026}\ngrain: week\n```\n",
			`content/x.md:7:8: chart block: unknown grain "week"; one of: month, quarter, year`},
		{"a strategy's period", "```chart\nstrategy: dach-enterprise\nperiod: {fiscal_year: 2026}\n```\n",
			`content/x.md:6:9: chart block: by:, period: and scope: are for a chart of every row of a period; a chart of a strategy covers its period and scope, and a breakdown takes dimension:`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site, res := askedFixture()
			_, err := Render(Input{Site: site, Result: res, Pages: []Page{{Path: "x.html", File: "content/x.md", Body: tt.body, BodyLine: 4}}})
			if err == nil {
				t.Fatal("no error")
			}
			if err.Error() != tt.want {
				t.Errorf("error:\n got %s\nwant %s", err, tt.want)
			}
		})
	}
}

// Asks finds what the chart blocks of any Markdown ask for, wherever they
// sit (a list item), so that the analysis computes it; blocks with a
// mistake, other kinds and other languages ask for nothing.
func TestAsks(t *testing.T) {
	site := &config.Site{FiscalYearStart: 7}
	page := "Intro.\n\n- Look:\n\n  ```chart\n  metric: revenue\n  by: country\n  period: {fiscal_year: 2027}\n  grain: quarter\n  ```\n\n" +
		unitsChart + "\n" + "```chart\nmetric: revenue\nperiod: {fiscal_quarter: 2027-Q9}\n```\n\n" +
		"```chart\nstrategy: dach-enterprise\nkind: monthly\nmetric: units\n```\n\n" +
		"```yaml\nmetric: revenue\nperiod: {fiscal_year: 2027}\n```\n"
	notes := "```chart\nmetric: margin\nperiod: {start: 2026-05-01, end: 2026-07-31}\nscope: {channel: [Direct, Online]}\n```\n"
	got := Asks(site, []string{page, notes})
	fy2027 := civil.Range{Start: civil.New(2026, 7, 1), End: civil.New(2027, 6, 30)}
	wantCharts := []analysis.ChartAsk{
		{Metric: "revenue", By: "country", Period: fy2027, Grain: "quarter"},
		{Metric: "margin", Period: civil.Range{Start: civil.New(2026, 5, 1), End: civil.New(2026, 7, 31)}, Grain: "month",
			Scope: plan.Scope{{Dimension: "channel", Values: []string{"Direct", "Online"}}}},
	}
	if !slices.EqualFunc(got.Charts, wantCharts, analysis.ChartAsk.Same) {
		t.Errorf("charts %v, want %v", got.Charts, wantCharts)
	}
	if want := []analysis.BreakdownAsk{{Strategy: "dach-enterprise", Metric: "units"}}; !slices.Equal(got.Breakdowns, want) {
		t.Errorf("breakdowns %v, want %v", got.Breakdowns, want)
	}
}

// A block whose figures the analysis was not asked for (Markdown that
// Asks does not read: a template's) is a problem at the block.
func TestPeriodBlockNotAsked(t *testing.T) {
	site, res := askedFixture()
	res.Charts = nil
	for _, s := range res.Strategies {
		s.Asked = nil
	}
	for _, body := range []string{countryChart, unitsChart} {
		_, err := Render(Input{Site: site, Result: res, Pages: []Page{{Path: "x.html", File: "content/x.md", Body: body, BodyLine: 1}}})
		if err == nil || !strings.Contains(err.Error(), "content/x.md:") || !strings.Contains(err.Error(), "chart block: its figures were not computed") {
			t.Errorf("%q: error %v, want one at the block saying its figures were not computed", body, err)
		}
	}
}

// A value of a chart's scope that no row holds is a warning at its line
// and column, with a "did you mean", as a plan's is.
func TestPeriodBlockWarnsOfAValueNoRowHas(t *testing.T) {
	site, res := askedFixture()
	q := analysis.ChartAsk{Metric: "revenue", Period: firstHalf, Grain: "month", Scope: plan.Scope{{Dimension: "channel", Values: []string{"Direct", "Onlin"}}}}
	res.Charts = append(res.Charts, &analysis.Chart{Ask: q, Metric: revenue, Buckets: []string{"2026-01"}, Series: []analysis.ChartSeries{{Total: some(1), Figures: []analysis.Num{some(1)}}},
		Missing: []analysis.MissingValue{{Dimension: "channel", Value: "Onlin", Hint: ` (did you mean "Online"?)`}}})
	var warnings []string
	body := "Text.\n\n```chart\nmetric: revenue\nperiod: {start: 2026-01-01, end: 2026-06-30}\nscope: {channel: [Direct, Onlin]}\n```\n"
	if _, err := Render(Input{Site: site, Result: res, Pages: []Page{{Path: "x.html", File: "content/x.md", Body: body, BodyLine: 4}},
		Warn: func(w *diag.Error) { warnings = append(warnings, w.Error()) }}); err != nil {
		t.Fatal(err)
	}
	want := []string{`content/x.md:9:27: chart block: scope.channel: no row has "Onlin" (did you mean "Online"?)`}
	if !slices.Equal(warnings, want) {
		t.Errorf("warnings %q, want %q", warnings, want)
	}
}
