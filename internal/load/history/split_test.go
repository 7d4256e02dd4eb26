package history

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"salesdeck/internal/load/plan"
	"salesdeck/internal/support/diag"
	"salesdeck/tools/gen"
)

// targets is what the history keeps of a plan: its strategies' IDs and
// targets.
func targets(p *plan.Plan) string {
	if p == nil {
		return "nil"
	}
	s := p.ID
	for _, st := range p.Strategies {
		s += "\n" + st.ID
		for _, t := range st.Targets {
			s += fmt.Sprintf(" %s=%g/%v/%v", t.Metric, t.Total, t.Phasing, t.Months)
		}
	}
	return s
}

// A plan cut into its strategies parses to the strategies and targets of
// the whole file, or is not cut.
func TestSplit(t *testing.T) {
	files := map[string]string{
		"comments and text": `title: T
period: {fiscal_year: 2026}
scope: {region: EMEA}
strategies:
  # the first
  - id: a
    title: A
    targets: {revenue: 10}
    notes: |
      - not an item
      strategies:

  - id: b
    title: B
    targets:
      revenue: {total: 20, phasing: {2026-01: 5, 2026-02: 15}}
owner: After the list
`,
		"items at the list's own indentation": "title: T\nperiod: {fiscal_year: 2026}\nstrategies:\n- id: a\n  title: A\n  targets: {revenue: 1}\n- id: b\n  title: B\n  targets: {units: 2}\n",
		"windows line ends":                   "title: T\r\nperiod: {fiscal_year: 2026}\r\nstrategies:\r\n  - id: a\r\n    title: A\r\n    targets: {revenue: 1}\r\n",
		"anchors, not cut":                    "title: T\nperiod: {fiscal_year: 2026}\nstrategies:\n  - id: a\n    title: A\n    targets: &t {revenue: 1}\n  - id: b\n    title: B\n    targets: *t\n",
		"a flow list, not cut":                "title: T\nperiod: {fiscal_year: 2026}\nstrategies: [{id: a, title: A, targets: {revenue: 1}}]\n",
		"a broken strategy":                   "title: T\nperiod: {fiscal_year: 2026}\nstrategies:\n  - id: a\n    title: A\n    targets: {revenue: 1}\n  - id: B!\n    title: B\n    targets: {revenue: 2}\n",
	}
	gens, err := gen.SiteFiles(gen.SiteOptions{Data: gen.Default(), Plans: 3, Strategies: 30})
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range gens {
		if filepath.Dir(name) == plan.Dir {
			files["generated "+name] = string(b)
		}
	}
	for _, dir := range []string{"../../../content/plans", "../../app/starter/site/content/plans"} {
		names, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil {
				t.Fatal(err)
			}
			files["example "+n] = string(b)
		}
	}
	if len(files) < 12 {
		t.Fatalf("only %d files to compare", len(files))
	}
	for name, src := range files {
		t.Run(name, func(t *testing.T) {
			var errs diag.List
			whole := plan.Parse("content/plans/p.yaml", []byte(src), 7, &errs)
			parts, ok := split(src)
			if notCut := strings.HasSuffix(name, "not cut"); ok == notCut {
				t.Errorf("cut: %v, want %v", ok, !notCut)
			}
			if !ok {
				parts = []string{src}
			}
			parsed := map[fileKey]*plan.Plan{}
			for _, p := range parts {
				var errs diag.List
				parsed[fileKey{name: "p.yaml", text: p}] = plan.Parse("content/plans/p.yaml", []byte(p), 7, &errs)
			}
			got := assemble(parsed, "p.yaml", parts)
			if whole != nil && targets(got) != targets(whole) {
				t.Errorf("cut into %d parts (%v), parsed to\n%s\nwhole:\n%s", len(parts), ok, targets(got), targets(whole))
			}
			if whole == nil && name == "a broken strategy" && !reflect.DeepEqual(targets(got), "p\na revenue=1/linear/map[]") {
				t.Errorf("a file with a broken strategy gave %s; want its other strategy", targets(got))
			}
		})
	}
}
