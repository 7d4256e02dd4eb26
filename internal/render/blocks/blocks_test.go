package blocks

import (
	"testing"

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
	if c != want {
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
