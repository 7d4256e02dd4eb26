package blocks

import (
	"reflect"
	"testing"

	"salesdeck/internal/load/plan"
	"salesdeck/internal/support/civil"
	"salesdeck/internal/support/diag"
)

func TestParseChart(t *testing.T) {
	src := Source{File: "content/x.md", Line: 10, Col: 3}
	c, err := ParseChart([]byte("strategy: emea\n"), src)
	if err != nil {
		t.Fatal(err)
	}
	// Positions are the file's: line 10, and the fence's indentation added.
	want := Chart{Strategy: Name{"emea", diag.Pos{File: "content/x.md", Line: 10, Col: 13}}, Kind: Name{Value: Cumulative}}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got %+v\nwant %+v", c, want)
	}
	tests := []struct{ body, want string }{
		{"strategy: a\nkind: pie\n", `content/x.md:11:9: unknown kind "pie"; one of: cumulative, monthly, breakdown, attainment, bridge`},
		{"strategy: a\ndimension: country\n", `content/x.md:11:14: dimension: is for kind: breakdown`},
		{"plan: p\n", "content/x.md:9:3: needs strategy: (or kind: attainment with plan:, or metric: and period: for a chart of every row)\ncontent/x.md:10:9: plan: is for kind: attainment; a cumulative chart takes strategy:"},
		{"- a\n", `content/x.md:10:3: the block must be a mapping of keys to values, not a list`},
		{"strategy: {a: 1}\n", `content/x.md:10:13: strategy must be text, not a mapping`},
	}
	for _, tt := range tests {
		if _, err := ParseChart([]byte(tt.body), src); err == nil || err.Error() != tt.want {
			t.Errorf("%q:\n got %v\nwant %s", tt.body, err, tt.want)
		}
	}
}

func TestParseKPIAndTable(t *testing.T) {
	src := Source{File: "content/x.md", Line: 2, Col: 1}
	k, err := ParseKPI([]byte("strategy: a\nshow: pace\n"), src)
	if err != nil || len(k.Show) != 1 || k.Show[0].Value != "pace" {
		t.Errorf("kpi: %+v, %v", k, err)
	}
	tb, err := ParseTable([]byte("plan: [a, b]\nstatus: behind\n"), src)
	if err != nil || len(tb.Plans) != 2 || tb.Statuses[0].Value != "behind" || tb.Plans[1].Pos.Col != 11 {
		t.Errorf("table: %+v, %v", tb, err)
	}
	if tb, err := ParseTable(nil, src); err != nil || tb.Plans != nil {
		t.Errorf("empty table block: %+v, %v", tb, err)
	}
	if _, err := ParseKPI([]byte("metric: revenue\n"), src); err == nil || err.Error() != "content/x.md:1:1: needs strategy:" {
		t.Errorf("kpi without strategy: %v", err)
	}
}

// A chart of every row of a period: its period read as plans read them,
// with the site's fiscal year, at the file's positions.
func TestParsePeriodChart(t *testing.T) {
	src := Source{File: "content/x.md", Line: 10, Col: 3, FiscalYearStart: 7}
	at := func(line, col int) diag.Pos { return diag.Pos{File: "content/x.md", Line: line, Col: col} }
	tests := []struct {
		body string
		want Chart
	}{
		{"metric: revenue\nby: region\nperiod: {fiscal_year: 2027}\ngrain: quarter\n", Chart{
			Metric: Name{"revenue", at(10, 11)}, By: Name{"region", at(11, 7)}, Grain: Name{"quarter", at(13, 10)},
			Period: Period{Range: civil.Range{Start: civil.New(2026, 7, 1), End: civil.New(2027, 6, 30)}, Pos: at(12, 11)}}},
		{"metric: orders\nperiod: {fiscal_quarter: \"2027-Q2\"}\n", Chart{
			Metric: Name{"orders", at(10, 11)},
			Period: Period{Range: civil.Range{Start: civil.New(2026, 10, 1), End: civil.New(2026, 12, 31)}, Pos: at(11, 11)}}},
		{"metric: margin\nperiod: {start: 2026-02-03, end: 2026-05-31}\ngrain: month\n", Chart{
			Metric: Name{"margin", at(10, 11)}, Grain: Name{"month", at(12, 10)},
			Period: Period{Range: civil.Range{Start: civil.New(2026, 2, 3), End: civil.New(2026, 5, 31)}, Pos: at(11, 11)}}},
		// A scope as plans write it, its positions the file's.
		{"metric: revenue\nperiod: {fiscal_year: 2027}\nscope: {region: [EMEA, APAC]}\n", Chart{
			Metric: Name{"revenue", at(10, 11)},
			Period: Period{Range: civil.Range{Start: civil.New(2026, 7, 1), End: civil.New(2027, 6, 30)}, Pos: at(11, 11)},
			Scope:  plan.Scope{{Dimension: "region", Values: []string{"EMEA", "APAC"}, Pos: at(12, 11), ValuePos: []diag.Pos{at(12, 20), at(12, 26)}}}}},
	}
	for _, tt := range tests {
		c, err := ParseChart([]byte(tt.body), src)
		if err != nil || !c.Free() || !reflect.DeepEqual(c, tt.want) {
			t.Errorf("%q:\n got %+v, %v\nwant %+v", tt.body, c, err, tt.want)
		}
	}
	errs := []struct{ body, want string }{
		{"metric: revenue\nperiod: {fiscal_year: 2027, start: 2026-01-01}\n", `content/x.md:11:11: period must be {start, end}, {fiscal_year: N} or {fiscal_quarter: "N-Qk"}, not a mix`},
		{"metric: revenue\nperiod: {start: 2026-05-01, end: 2026-01-01}\n", `content/x.md:11:36: period ends (2026-01-01) before it starts (2026-05-01)`},
		{"by: region\n", "content/x.md:9:3: a chart of every row of a period needs metric: (the figure it shows)\n" +
			`content/x.md:9:3: a chart of every row needs period:, as plans write it: {fiscal_year: 2026}, {fiscal_quarter: "2026-Q2"} or {start: 2026-01-01, end: 2026-06-30}`},
		{"metric: revenue\nperiod: {fiscal_year: 2027}\ndimension: region\n", `content/x.md:12:14: a chart of every row of a period takes metric:, by:, period:, grain:, scope: and title:; kind: and dimension: are for charts of a strategy`},
		{"strategy: a\nkind: breakdown\nby: region\n", `content/x.md:12:7: by:, period: and scope: are for a chart of every row of a period; a chart of a strategy covers its period and scope, and a breakdown takes dimension:`},
		{"kind: attainment\nplan: p\nperiod: {fiscal_year: 2027}\n", `content/x.md:12:11: by:, period: and scope: are for a chart of every row of a period; a chart of a strategy covers its period and scope, and a breakdown takes dimension:`},
	}
	for _, tt := range errs {
		if _, err := ParseChart([]byte(tt.body), src); err == nil || err.Error() != tt.want {
			t.Errorf("%q:\n got %v\nwant %s", tt.body, err, tt.want)
		}
	}
}
