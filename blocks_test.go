package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// blockSite is small enough to work every figure of its blocks by hand.
// Fiscal years start in July: FY2027 is 2026-07-01 .. 2027-06-30, its Q1
// July to September. Strategy emea runs FY2027, cal the calendar year
// 2026 (Q3 and Q4 of FY2026, Q1 and Q2 of FY2027). Margin is
// gross_profit ÷ revenue, recomputed per bucket.
//
//	day         region channel revenue cost
//	2025-08-01  EMEA   Direct       50   25   emea's last year, Q1
//	2026-03-15  EMEA   Direct       80   40   cal: Q3 FY2026; emea's last year, Q3
//	2026-07-10  EMEA   Direct      100   60   Q1 FY2027
//	2026-08-10  EMEA   Partner     200  100   Q1 FY2027
//	2026-10-05  EMEA   Direct      300  150   Q2 FY2027
//	2027-01-20  EMEA   Partner     400  100   Q3 FY2027
//	2027-05-01  EMEA   Online      100   90   Q4 FY2027
//	2027-05-02  APAC   Direct     1000  500   no strategy's
var blockSite = map[string]string{
	"site.yaml": "title: Blocks\nfiscal_year_start: 7\nas_of: 2027-06-30\n" +
		"sales:\n  dimensions: [region, channel]\n  measures: {revenue: revenue, cost: cost}\n" +
		"metrics:\n  revenue: {sum: revenue, format: money}\n  gross_profit: {sum: \"revenue - cost\", format: money}\n" +
		"  margin: {ratio: [gross_profit, revenue], format: percent}\n",
	"data/sales.csv": "date,region,channel,revenue,cost\n" +
		"2025-08-01,EMEA,Direct,50,25\n2026-03-15,EMEA,Direct,80,40\n" +
		"2026-07-10,EMEA,Direct,100,60\n2026-08-10,EMEA,Partner,200,100\n2026-10-05,EMEA,Direct,300,150\n" +
		"2027-01-20,EMEA,Partner,400,100\n2027-05-01,EMEA,Online,100,90\n2027-05-02,APAC,Direct,1000,500\n",
	"content/plans/plan.yaml": "title: Plan\nperiod: {fiscal_year: 2027}\nstrategies:\n" +
		"  - id: emea\n    title: EMEA\n    scope: {region: EMEA}\n    targets: {revenue: 1200, margin: {total: 0.5}}\n" +
		"  - id: cal\n    title: Calendar 2026\n    period: {start: 2026-01-01, end: 2026-12-31}\n    scope: {region: EMEA}\n    targets: {revenue: 1000}\n",
}

// chartOf is what a test reads of a chart: its categories and each
// series' data.
type chartOf struct {
	Labels []string
	Series map[string][]any
}

func chartsOn(t *testing.T, page []byte) []chartOf {
	t.Helper()
	var out []chartOf
	for _, m := range regexp.MustCompile(`<script type="application/json" data-chart="[^"]*">([^<]*)</script>`).FindAllSubmatch(page, -1) {
		var o struct {
			XAxis, YAxis []struct{ Data []string }
			Series       []struct {
				Name string
				Data []any
			}
		}
		if err := json.Unmarshal(m[1], &o); err != nil {
			t.Fatal(err)
		}
		c := chartOf{Series: map[string][]any{}}
		for _, a := range append(o.XAxis, o.YAxis...) {
			c.Labels = append(c.Labels, a.Data...)
		}
		for _, s := range o.Series {
			data := s.Data
			for i, d := range data {
				if m, ok := d.(map[string]any); ok {
					data[i] = m["value"]
				}
			}
			c.Series[s.Name] = data
		}
		out = append(out, c)
	}
	return out
}

// blockCase is a chart block and what its chart shows.
type blockCase struct {
	name, block string
	labels      string
	series      map[string]string // series name → its data, %v
}

// checkCharts checks the charts of page against cases, in order.
func checkCharts(t *testing.T, page []byte, cases []blockCase) []chartOf {
	t.Helper()
	charts := chartsOn(t, page)
	if len(charts) != len(cases) {
		t.Fatalf("%d charts, want %d", len(charts), len(cases))
	}
	for i, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			c := charts[i]
			if got := fmt.Sprint(c.Labels); got != tt.labels {
				t.Errorf("labels %s, want %s", got, tt.labels)
			}
			for name, want := range tt.series {
				if got := fmt.Sprint(c.Series[name]); got != want {
					t.Errorf("%s: %s, want %s", name, got, want)
				}
			}
		})
	}
	return charts
}

func TestGrainBlocks(t *testing.T) {
	tests := []blockCase{
		{"quarters add up sums", "strategy: emea\nkind: monthly\ngrain: quarter",
			"[Q1 FY2027 Q2 FY2027 Q3 FY2027 Q4 FY2027]",
			map[string]string{"Actual": "[300 300 400 100]", "Last year": "[50 0 80 0]"}},
		{"a ratio is recomputed per quarter, never summed", "strategy: emea\nmetric: margin\nkind: monthly\ngrain: quarter",
			"[Q1 FY2027 Q2 FY2027 Q3 FY2027 Q4 FY2027]",
			// 140/300, 150/300, 300/400, 10/100; last year 25/50, none, 40/80, none.
			map[string]string{"Actual": "[0.4666666666666667 0.5 0.75 0.1]", "Target": "[0.5 0.5 0.5 0.5]", "Last year": "[0.5 <nil> 0.5 <nil>]"}},
		{"a ratio over the fiscal year", "strategy: emea\nmetric: margin\nkind: monthly\ngrain: year",
			// 600/1100, not the mean of the quarters' margins.
			"[FY2027]", map[string]string{"Actual": "[0.5454545454545454]"}},
		{"cumulative by year", "strategy: emea\ngrain: year",
			"[FY2027]", map[string]string{"Actual": "[1100]", "Target": "[1200]", "Last year": "[130]"}},
		{"cumulative by quarter", "strategy: emea\nkind: cumulative\ngrain: quarter",
			"[Q1 FY2027 Q2 FY2027 Q3 FY2027 Q4 FY2027]", map[string]string{"Actual": "[300 600 1000 1100]"}},
		{"a calendar year is cut at the fiscal one", "strategy: cal\nkind: monthly\ngrain: year",
			"[FY2026 FY2027]", map[string]string{"Actual": "[80 600]"}},
		{"its quarters", "strategy: cal\nkind: monthly\ngrain: quarter",
			"[Q3 FY2026 Q4 FY2026 Q1 FY2027 Q2 FY2027]", map[string]string{"Actual": "[80 0 300 300]"}},
		{"month is the default", "strategy: cal\nkind: monthly\ngrain: month",
			"[Jan 2026 Feb 2026 Mar 2026 Apr 2026 May 2026 Jun 2026 Jul 2026 Aug 2026 Sep 2026 Oct 2026 Nov 2026 Dec 2026]",
			map[string]string{"Actual": "[0 0 80 0 0 0 100 200 0 300 0 0]"}},
	}
	var blocks []string
	for _, tt := range tests {
		blocks = append(blocks, tt.block)
	}
	files := withBlocks("grains", blocks)
	out := built(t, site(t, files))
	checkCharts(t, out["grains.html"], tests)
	// The same build twice: the same charts.
	if again := built(t, site(t, files)); string(again["grains.html"]) != string(out["grains.html"]) {
		t.Error("two builds of the same site differ")
	}
}

// periodBlocks are charts of every row of a period and a breakdown
// ranked by another metric than the first target, on blockSite: channel
// is named by no scope, so its figures come from groups cut at the
// buckets' starts.
var periodBlocks = []blockCase{
	// Every row, APAC's too: Direct 100, 300 and 1000 (APAC, Q4),
	// Partner 200 and 400, Online 100; ranked by their totals.
	{"a sum by a dimension, by quarter", "metric: revenue\nby: channel\nperiod: {fiscal_year: 2027}\ngrain: quarter",
		"[Q1 FY2027 Q2 FY2027 Q3 FY2027 Q4 FY2027]",
		map[string]string{"Direct": "[100 300 0 1000]", "Partner": "[200 0 400 0]", "Online": "[0 0 0 100]"}},
	// A ratio over each value's rows of the year: EMEA 600/1100, APAC
	// 500/1000.
	{"a ratio by region, by year", "metric: margin\nby: region\nperiod: {fiscal_year: 2027}\ngrain: year",
		"[FY2027]", map[string]string{"EMEA": "[0.5454545454545454]", "APAC": "[0.5]"}},
	// One series of every row, by month (the default).
	{"every row, by month", "metric: revenue\nperiod: {fiscal_quarter: 2027-Q1}",
		"[Jul 2026 Aug 2026 Sep 2026]", map[string]string{"Revenue": "[100 200 0]"}},
	// EMEA's rows only, by year: Partner 200 + 400, Direct 100 + 300,
	// Online 100; APAC's 1,000 is out of scope.
	{"a scope", "metric: revenue\nby: channel\nperiod: {fiscal_year: 2027}\ngrain: year\nscope: {region: EMEA}",
		"[FY2027]", map[string]string{"Partner": "[600]", "Direct": "[400]", "Online": "[100]"}},
	// emea's channels by margin: Partner 400/600, Direct 190/400,
	// Online 10/100.
	{"a breakdown ranked by a ratio", "strategy: emea\nkind: breakdown\ndimension: channel\nmetric: margin",
		"[Partner Direct Online]", map[string]string{"Margin": "[0.6666666666666666 0.475 0.1]"}},
}

// withBlocks is blockSite with a page content/<name>.md of a chart block
// for each of blocks.
func withBlocks(name string, blocks []string) map[string]string {
	files := withFiles(nil)
	for k, v := range blockSite {
		files[k] = v
	}
	var page strings.Builder
	page.WriteString("# Blocks\n")
	for _, b := range blocks {
		page.WriteString("\n```chart\n" + b + "\n```\n")
	}
	files["content/"+name+".md"] = page.String()
	delete(files, "content/index.md")
	return files
}

func periodSite(t *testing.T) string {
	var blocks []string
	for _, tt := range periodBlocks {
		blocks = append(blocks, tt.block)
	}
	return site(t, withBlocks("periods", blocks))
}

func TestPeriodBlocks(t *testing.T) {
	out := built(t, periodSite(t))
	for i, c := range checkCharts(t, out["periods.html"], periodBlocks) {
		if len(c.Series) != len(periodBlocks[i].series) {
			t.Errorf("%s: series %v, want %v", periodBlocks[i].name, c.Series, periodBlocks[i].series)
		}
	}
}

// The charts of a period draw in Chromium: bars and lines, their
// legends and buckets as SVG text, no console error.
func TestPeriodBlocksInChromium(t *testing.T) {
	ctx := chromium(t)
	dir := periodSite(t)
	built(t, dir)
	url := "file://" + filepath.Join(dir, "public", "periods.html")
	rep, err := visit(ctx, url)
	if err != nil {
		t.Fatalf("%v (errors: %v)", err, rep.errors)
	}
	for _, e := range rep.errors {
		t.Error(e)
	}
	if rep.charts != len(periodBlocks) || rep.rendered != rep.charts {
		t.Errorf("%d of %d charts drawn, want %d", rep.rendered, rep.charts, len(periodBlocks))
	}
	var texts []string
	_, err = inTab(ctx, func(tab context.Context) error {
		if err := chromedp.Do(tab, chromedp.Navigate(url), chromedp.WaitReady("body")); err != nil {
			return err
		}
		var err error
		texts, err = chromedp.Run(tab, chromedp.Poll[[]string](`(() => { const el = document.querySelector('.chart-period .chart-canvas');
				el.scrollIntoView();
				const t = [...el.querySelectorAll('svg text')].map(e => e.textContent);
				return t.length ? t : null; })()`, chromedp.WithPollingTimeout(10*time.Second)))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Direct", "Partner", "Online", "Q1 FY2027", "Q4 FY2027"} {
		if !slices.Contains(texts, want) {
			t.Errorf("the first chart's SVG text %q lacks %q", texts, want)
		}
	}
}
