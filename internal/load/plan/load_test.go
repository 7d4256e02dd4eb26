package plan_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"salesdeck/internal/load/plan"
	"salesdeck/internal/support/civil"
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
		// The longest period there may be: 20 years.
		{"{start: 2020-03-01, end: 2040-02-29}", 1, "2020-03-01", "2040-02-29"},
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
		{"not a percentage", head + "  - {id: s, targets: {margin: 1.2.3%}}\n",
			`content/plans/emea.yaml:4:31: target margin must be a number or a percentage such as 15%, not "1.2.3%"`},
		{"total not a percentage", head + "  - {id: s, targets: {margin: {total: \"%\"}}}\n",
			`content/plans/emea.yaml:4:39: total must be a number or a percentage such as 15%, not "%"`},
		{"phasing outside period", head + "  - id: s\n    targets:\n      revenue: {total: 2, phasing: {2026-01: 1, 2026-04: 1}}\n",
			`content/plans/emea.yaml:6:49: phasing month 2026-04 is outside the period 2026-01-01 to 2026-03-31`},
		{"phasing sum", head + "  - id: s\n    targets:\n      revenue: {total: 3, phasing: {2026-01: 1, 2026-02: 1}}\n",
			`content/plans/emea.yaml:6:36: phasing months add up to 2 but the total is 3; they must agree (within 0.5)`},
		{"no title", "period: {fiscal_year: 2026}\nstrategies: [{id: s, targets: {revenue: 1}}]\n",
			`content/plans/emea.yaml:1:1: plan has no title`},
		{"duplicate strategy", head + "  - {id: s, targets: {revenue: 1}}\n  - {id: s, targets: {revenue: 1}}\n",
			`content/plans/emea.yaml:5:10: strategy id "s" is already used at content/plans/emea.yaml:4:10`},
		// Figures are kept day by day and month by month: a few bytes of
		// plan must not stand for ten thousand years of them.
		{"plan period over 20 years", "title: T\nperiod: {start: 0001-01-01, end: 9999-12-31}\nstrategies:\n  - {id: s, targets: {revenue: 1}}\n",
			`content/plans/emea.yaml:2:34: period runs from 0001-01-01 to 9999-12-31, more than 20 years; salesdeck computes figures day by day, so a period may span 20 years at most: shorten it`},
		{"strategy period a day over 20 years", head + "  - {id: s, period: {start: 2020-03-01, end: 2040-03-01}, targets: {revenue: 1}}\n",
			`content/plans/emea.yaml:4:46: period runs from 2020-03-01 to 2040-03-01, more than 20 years`},
		{"baseline over 20 years", head + "  - {id: s, baseline: {start: 1900-01-01, end: 2025-12-31}, targets: {revenue: 1}}\n",
			`content/plans/emea.yaml:4:48: baseline runs from 1900-01-01 to 2025-12-31, more than 20 years`},
		// A date that is no day is one message: the period it would
		// have bounded is not checked against anything (a "want" ending
		// in a line break must be the whole of the error).
		{"impossible end", "title: T\nperiod: {start: 2017-01-01, end: 2017-09-31}\nstrategies:\n  - id: s\n    targets:\n      revenue: {total: 2, phasing: {2017-01: 1, 2017-09: 1}}\n",
			"content/plans/emea.yaml:2:34: end: \"2017-09-31\" is not a date: day out of range\n"},
		{"impossible start of a strategy", head + "  - {id: s, period: {start: 2026-02-30, end: 2026-03-31}, targets: {revenue: {total: 1, phasing: {2026-03: 1}}}}\n",
			"content/plans/emea.yaml:4:29: start: \"2026-02-30\" is not a date: day out of range\n"},
		{"wrong fiscal quarter", "title: T\nperiod: {fiscal_quarter: \"2026-Q5\"}\nstrategies:\n  - {id: s, targets: {revenue: {total: 1, phasing: {2026-01: 1}}}}\n",
			"content/plans/emea.yaml:2:26: fiscal_quarter \"2026-Q5\" must look like \"2026-Q2\"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(t, tt.src, 1)
			if whole, ok := strings.CutSuffix(tt.want, "\n"); ok {
				if err == nil || err.Error() != whole {
					t.Errorf("got error:\n%v\nwant only:\n%s", err, whole)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error:\n%v\nwant it to contain:\n%s", err, tt.want)
			}
		})
	}
}

func TestFiscalCalendars(t *testing.T) {
	tests := []struct {
		period      string
		fiscalStart int
		start, end  string
	}{
		// FY2026 ends in 2026 whatever month it starts in.
		{"{fiscal_year: 2026}", 10, "2025-10-01", "2026-09-30"},
		{"{fiscal_year: 2026}", 12, "2025-12-01", "2026-11-30"},
		// A year ending in February ends on its last day, the 29th in a leap year.
		{"{fiscal_year: 2024}", 3, "2023-03-01", "2024-02-29"},
		{"{fiscal_year: 2025}", 3, "2024-03-01", "2025-02-28"},
		{`{fiscal_quarter: "2026-Q1"}`, 10, "2025-10-01", "2025-12-31"},
		{`{fiscal_quarter: "2026-Q2"}`, 10, "2026-01-01", "2026-03-31"},
		{`{fiscal_quarter: "2026Q4"}`, 10, "2026-07-01", "2026-09-30"},
		{`{fiscal_quarter: "2024-Q4"}`, 3, "2023-12-01", "2024-02-29"},
		{`{fiscal_quarter: "2026-Q2"}`, 1, "2026-04-01", "2026-06-30"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.period, " from month ", tt.fiscalStart), func(t *testing.T) {
			plans, err := load(t, "title: T\nperiod: "+tt.period+"\nstrategies:\n  - {id: s, targets: {revenue: 1}}\n", tt.fiscalStart)
			if err != nil {
				t.Fatal(err)
			}
			got := plans[0].Period
			if got.Start.String() != tt.start || got.End.String() != tt.end {
				t.Errorf("got %s..%s, want %s..%s", got.Start, got.End, tt.start, tt.end)
			}
		})
	}
}

func TestBaselines(t *testing.T) {
	tests := []struct {
		strategy   string
		start, end string
	}{
		// One year earlier, keeping month and day.
		{"period: {start: 2026-02-01, end: 2026-09-30}", "2025-02-01", "2025-09-30"},
		// February 29 has no match a year earlier: February 28.
		{"period: {start: 2024-02-29, end: 2024-02-29}", "2023-02-28", "2023-02-28"},
		{"period: {start: 2024-01-01, end: 2024-02-29}", "2023-01-01", "2023-02-28"},
		// A February 28 stays the 28th even when the year before had a 29th.
		{"period: {start: 2025-02-01, end: 2025-02-28}", "2024-02-01", "2024-02-28"},
		// The plan's period when the strategy has none (here FY2026 from July).
		{"", "2024-07-01", "2025-06-30"},
		// Explicit, in any period form.
		{"baseline: {start: 2025-01-15, end: 2025-03-31}", "2025-01-15", "2025-03-31"},
		{"baseline: {fiscal_year: 2024}", "2023-07-01", "2024-06-30"},
	}
	for _, tt := range tests {
		t.Run(tt.strategy, func(t *testing.T) {
			src := "title: T\nperiod: {fiscal_year: 2026}\nstrategies:\n  - id: s\n    targets: {revenue: 1}\n"
			if tt.strategy != "" {
				src += "    " + tt.strategy + "\n"
			}
			plans, err := load(t, src, 7)
			if err != nil {
				t.Fatal(err)
			}
			got := plans[0].Strategies[0].Baseline
			if got.Start.String() != tt.start || got.End.String() != tt.end {
				t.Errorf("baseline %s..%s, want %s..%s", got.Start, got.End, tt.start, tt.end)
			}
		})
	}
}

func TestTargets(t *testing.T) {
	plans, err := load(t, `title: T
period: {start: 2026-01-15, end: 2026-03-31}
strategies:
  - id: s
    targets:
      revenue: 4500000
      units: {total: 1200, phasing: baseline}
      margin: {total: 0.32}
      win_rate: 15%
      share: {total: " 2.5 %"}
      gross_profit: {total: 100, phasing: linear}
      orders:
        total: 900.4
        phasing: {2026-01: 100, 2026-03: 800}
`, 1)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range plans[0].Strategies[0].Targets {
		got = append(got, fmt.Sprintf("%s %g %s %v %v", x.Metric, x.Total, x.Phasing, x.PhasingSet, x.Months))
		if x.Percent {
			got[len(got)-1] += fmt.Sprintf(" percent at %d:%d", x.PercentPos.Line, x.PercentPos.Col)
		}
	}
	// Targets keep their order (the first decides the status); a month
	// left out of the map (February) plans nothing; the months may differ
	// from the total by up to 0.5. A percentage is a hundredth.
	want := []string{
		"revenue 4.5e+06 linear false map[]",
		"units 1200 baseline true map[]",
		"margin 0.32 linear false map[]",
		"win_rate 0.15 linear false map[] percent at 9:17",
		"share 0.025 linear false map[] percent at 10:22",
		"gross_profit 100 linear true map[]",
		"orders 900.4 months true map[2026-01:100 2026-03:800]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("targets:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestPhasingErrors(t *testing.T) {
	const head = "title: T\nperiod: {start: 2026-01-15, end: 2026-03-31}\nstrategies:\n  - id: s\n    targets:\n"
	tests := []struct {
		name, target, want string
	}{
		{"month key", "      revenue: {total: 1, phasing: {2026-1: 1}}",
			`content/plans/emea.yaml:6:37: phasing month "2026-1" must look like 2026-01`},
		// December 2025 is before the period; its January overlaps it.
		{"before the period", "      revenue: {total: 2, phasing: {2025-12: 1, 2026-01: 1}}",
			`content/plans/emea.yaml:6:37: phasing month 2025-12 is outside the period 2026-01-15 to 2026-03-31`},
		{"after the period", "      revenue: {total: 2, phasing: {2026-03: 1, 2026-04: 1}}",
			`content/plans/emea.yaml:6:49: phasing month 2026-04 is outside the period 2026-01-15 to 2026-03-31`},
		{"sum off by more than 0.5", "      revenue: {total: 2.51, phasing: {2026-01: 1, 2026-02: 1}}",
			`content/plans/emea.yaml:6:39: phasing months add up to 2 but the total is 2.51; they must agree (within 0.5)`},
		{"amount", "      revenue: {total: 1, phasing: {2026-01: one}}",
			`content/plans/emea.yaml:6:46: phasing 2026-01 must be a number, not "one"`},
		{"unknown kind", "      revenue: {total: 1, phasing: baseline_}",
			`content/plans/emea.yaml:6:36: phasing must be linear, baseline or a mapping of months (2026-01: amount), not "baseline_" (did you mean "baseline"?)`},
		{"no total", "      revenue: {phasing: linear}",
			`content/plans/emea.yaml:6:16: target revenue has no total: add "total: N"`},
		{"thousands separator", "      revenue: 4,500,000",
			`content/plans/emea.yaml:6:16: target revenue must be a number, not "4,500,000"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(t, head+tt.target+"\n", 1)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error:\n%v\nwant it to contain:\n%s", err, tt.want)
			}
		})
	}
	// Within 0.5 is accepted.
	if _, err := load(t, head+"      revenue: {total: 2.5, phasing: {2026-01: 1, 2026-02: 1}}\n", 1); err != nil {
		t.Errorf("a total 0.5 from its months: %v", err)
	}
}

func TestScopeValues(t *testing.T) {
	plans, err := load(t, `title: T
period: {fiscal_year: 2026}
scope: {region: NA}
strategies:
  - id: s
    scope: {country: N/A, owner: null, rep: [null, "007", 42, true]}
    exclude: {channel: [Partner, Reseller]}
    targets: {revenue: 1}
`, 1)
	if err != nil {
		t.Fatal(err)
	}
	s := plans[0].Strategies[0]
	var got []string
	for _, e := range s.Scope {
		got = append(got, e.Dimension+"="+strings.Join(e.Values, "|"))
	}
	// NA, N/A and null are values as written, never "missing"; numbers and
	// booleans are taken as the text they are written as.
	if want := "region=NA country=N/A owner=null rep=null|007|42|true"; strings.Join(got, " ") != want {
		t.Errorf("scope %q, want %q", strings.Join(got, " "), want)
	}
	if e := s.Exclude[0]; e.Dimension != "channel" || strings.Join(e.Values, "|") != "Partner|Reseller" {
		t.Errorf("exclude %+v", s.Exclude)
	}
	if _, err := load(t, "title: T\nperiod: {fiscal_year: 2026}\nstrategies:\n  - {id: s, scope: {country: }, targets: {revenue: 1}}\n", 1); err == nil ||
		!strings.Contains(err.Error(), "scope.country lists no values: give a value or a list, or remove the line") {
		t.Errorf("an empty scope entry: got %v", err)
	}
}
