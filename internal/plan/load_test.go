package plan_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"salesdeck/internal/civil"
	"salesdeck/internal/plan"
)

func load(t *testing.T, src string, fiscalStart int) ([]*plan.Plan, error) {
	t.Helper()
	return plan.LoadAll(fstest.MapFS{"content/plans/emea.yaml": {Data: []byte(src)}}, fiscalStart)
}

func TestPeriods(t *testing.T) {
	tests := []struct {
		period      string
		fiscalStart int
		start, end  string
	}{
		{"{start: 2026-02-01, end: 2026-09-30}", 1, "2026-02-01", "2026-09-30"},
		{"{fiscal_year: 2026}", 1, "2026-01-01", "2026-12-31"},
		// A fiscal year is named by the year in which it ends.
		{"{fiscal_year: 2026}", 7, "2025-07-01", "2026-06-30"},
		{"{fiscal_year: 2026}", 4, "2025-04-01", "2026-03-31"},
		{`{fiscal_quarter: "2026-Q1"}`, 7, "2025-07-01", "2025-09-30"},
		{`{fiscal_quarter: "2026-Q3"}`, 7, "2026-01-01", "2026-03-31"},
		{`{fiscal_quarter: "2026-Q4"}`, 1, "2026-10-01", "2026-12-31"},
	}
	for _, tt := range tests {
		t.Run(tt.period, func(t *testing.T) {
			plans, err := load(t, "title: T\nperiod: "+tt.period+"\nstrategies:\n  - {id: s, targets: {revenue: 1}}\n", tt.fiscalStart)
			if err != nil {
				t.Fatal(err)
			}
			got := plans[0].Strategies[0].Period
			if got.Start.String() != tt.start || got.End.String() != tt.end {
				t.Errorf("got %s..%s, want %s..%s", got.Start, got.End, tt.start, tt.end)
			}
		})
	}
}

func TestStrategyDefaults(t *testing.T) {
	plans, err := load(t, `
title: EMEA
owner: Dana
period: {start: 2024-02-29, end: 2024-12-31}
scope: {region: EMEA, segment: [Enterprise, Mid-Market]}
strategies:
  - id: dach
    scope: {segment: Enterprise, country: [Germany, Austria]}
    targets:
      revenue: 100
      units: {total: 10, phasing: baseline}
`, 1)
	if err != nil {
		t.Fatal(err)
	}
	s := plans[0].Strategies[0]
	if s.Owner != "Dana" || s.Title != "dach" {
		t.Errorf("owner %q, title %q: want the plan's owner and the id as title", s.Owner, s.Title)
	}
	// The strategy's segment replaces the plan's; region is inherited.
	var scope []string
	for _, e := range s.Scope {
		scope = append(scope, e.Dimension+"="+strings.Join(e.Values, "|"))
	}
	if got, want := strings.Join(scope, " "), "region=EMEA segment=Enterprise country=Germany|Austria"; got != want {
		t.Errorf("scope %q, want %q", got, want)
	}
	// One year earlier keeps month and day; February 29 becomes the 28th.
	if want := (civil.Range{Start: civil.New(2023, 2, 28), End: civil.New(2023, 12, 31)}); s.Baseline != want {
		t.Errorf("baseline %v..%v, want 2023-02-28..2023-12-31", s.Baseline.Start, s.Baseline.End)
	}
	if s.Targets[0].Metric != "revenue" || s.Targets[1].Phasing != plan.Baseline {
		t.Errorf("targets %+v: want revenue first, then units phased like the baseline", s.Targets)
	}
}

func TestErrors(t *testing.T) {
	const head = "title: T\nperiod: {start: 2026-01-01, end: 2026-03-31}\nstrategies:\n"
	tests := []struct {
		name, src, want string
	}{
		{"unknown key", "title: T\nperiode: {fiscal_year: 2026}\n",
			`content/plans/emea.yaml:2:1: unknown key "periode" in the plan (did you mean "period"?)`},
		{"yaml syntax", "title: [T\n",
			`content/plans/emea.yaml:1: invalid YAML: did not find expected ',' or ']'`},
		{"bad id", head + "  - {id: DACH Enterprise, targets: {revenue: 1}}\n",
			`content/plans/emea.yaml:4:10: strategy id "DACH Enterprise" is not valid`},
		{"path id", head + "  - {id: ../x, targets: {revenue: 1}}\n",
			`content/plans/emea.yaml:4:10: strategy id "../x" is not valid`},
		{"end before start", "title: T\nperiod: {start: 2026-03-01, end: 2026-01-31}\n",
			`content/plans/emea.yaml:2:34: period ends (2026-01-31) before it starts (2026-03-01)`},
		{"wrong type", head + "  - {id: s, targets: {revenue: lots}}\n",
			`content/plans/emea.yaml:4:32: target revenue must be a number, not "lots"`},
		{"phasing outside period", head + "  - id: s\n    targets:\n      revenue: {total: 2, phasing: {2026-01: 1, 2026-04: 1}}\n",
			`content/plans/emea.yaml:6:49: phasing month 2026-04 is outside the period 2026-01-01 to 2026-03-31`},
		{"phasing sum", head + "  - id: s\n    targets:\n      revenue: {total: 3, phasing: {2026-01: 1, 2026-02: 1}}\n",
			`content/plans/emea.yaml:6:36: phasing months add up to 2 but the total is 3; they must agree (within 0.5)`},
		{"no title", "period: {fiscal_year: 2026}\nstrategies: [{id: s, targets: {revenue: 1}}]\n",
			`content/plans/emea.yaml:1:1: plan has no title`},
		{"duplicate strategy", head + "  - {id: s, targets: {revenue: 1}}\n  - {id: s, targets: {revenue: 1}}\n",
			`content/plans/emea.yaml:5:10: strategy id "s" is already used at content/plans/emea.yaml:4:10`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(t, tt.src, 1)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error:\n%v\nwant it to contain:\n%s", err, tt.want)
			}
		})
	}
}
