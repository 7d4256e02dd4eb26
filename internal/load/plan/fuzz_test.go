package plan_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"salesdeck/internal/load/plan"
	"salesdeck/internal/support/diag"
)

// FuzzParse checks that no plan file panics, that a file is either a plan
// or rejected, and that every rejection names the file and a line. Its
// seeds are the example site's plans and files that once went wrong; they
// run with every go test.
func FuzzParse(f *testing.F) {
	examples, _ := filepath.Glob("../../../content/plans/*.yaml")
	for _, name := range examples {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		"",
		"~",
		"- a\n- b\n",
		"title: [T\n",
		"title: T\n\tperiod: {fiscal_year: 2026}\n",
		"title: &a [x, *a]\n",
		"title: *nope\n",
		"a: &a [x, x]\nb: &b [*a, *a]\ntitle: *b\n",
		"title: T\nperiod: {start: 2026-01-01}\nstrategies: [~, [], emea, {id: ../x}]\n",
		"title: T\nperiod: {fiscal_quarter: 2026-Q5}\nstrategies:\n  - id: s\n    targets: {revenue: {total: .nan, phasing: {2026-13: 1}}}\n",
		"title: T\nperiod: {fiscal_year: 99999999999999999999}\nstrategies:\n  - {id: s, targets: {revenue: 1e400}}\n",
		"title: T\nperiod: {start: 2026-01-01, end: 2026-03-31}\nstrategies:\n  - id: s\n    scope: {region: null, country: [~]}\n    exclude: *x\n    targets: {revenue: {total: 3, phasing: {2026-01: 1, 2026-02: 1, 2026-03: 1}}}\n    baseline: {fiscal_year: x}\n    budget: [1]\n",
		"title: 0\nperiod:\nstrategies:\n  - id: 0\n    targets:", // a period and targets left empty passed once
		"<<: {title: T}\n",
		"? [a, b]\n: c\n",
		"!!binary title: x\n",
	} {
		f.Add([]byte(s))
	}
	validID := regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)
	f.Fuzz(func(t *testing.T, src []byte) {
		const file = "content/plans/p.yaml"
		var errs diag.List
		p := plan.Parse(file, src, 1, &errs)
		if (p == nil) != (errs.Len() > 0) {
			t.Fatalf("plan %v with %d errors: %v", p != nil, errs.Len(), errs.Err())
		}
		for _, e := range errs.Items {
			if e.Pos.File != file || e.Pos.Line < 1 || e.Pos.Col < 0 || strings.TrimSpace(e.Msg) == "" {
				t.Errorf("error without a position: %q at %+v", e.Msg, e.Pos)
			}
		}
		if p == nil {
			return
		}
		if !validID.MatchString(p.ID) || len(p.Strategies) == 0 {
			t.Errorf("accepted plan %q with %d strategies", p.ID, len(p.Strategies))
		}
		for _, s := range p.Strategies {
			if !validID.MatchString(s.ID) || len(s.Targets) == 0 || s.Period.End < s.Period.Start {
				t.Errorf("accepted strategy %q: %d targets, period %v", s.ID, len(s.Targets), s.Period)
			}
		}
	})
}
