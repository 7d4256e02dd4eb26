package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
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

func TestGrainBlocks(t *testing.T) {
	tests := []struct {
		name, block string
		labels      string
		series      map[string]string // series name → its data, %v
	}{
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
	files := withFiles(nil)
	for k, v := range blockSite {
		files[k] = v
	}
	var page strings.Builder
	page.WriteString("# Grains\n")
	for _, tt := range tests {
		page.WriteString("\n```chart\n" + tt.block + "\n```\n")
	}
	files["content/grains.md"] = page.String()
	delete(files, "content/index.md")
	out := built(t, site(t, files))
	charts := chartsOn(t, out["grains.html"])
	if len(charts) != len(tests) {
		t.Fatalf("%d charts, want %d", len(charts), len(tests))
	}
	for i, tt := range tests {
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
	// The same build twice: the same charts.
	if again := built(t, site(t, files)); string(again["grains.html"]) != string(out["grains.html"]) {
		t.Error("two builds of the same site differ")
	}
}
