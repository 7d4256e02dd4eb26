package revisions_test

import (
	"strings"
	"testing"

	"salesdeck/internal/app/revisions"
	"salesdeck/internal/build"
	"salesdeck/internal/support/testgit"
)

func plan(revenue string) string {
	return "title: EMEA\nperiod: {fiscal_year: 2026}\nstrategies:\n" +
		"  - id: dach\n    title: DACH\n    targets: {revenue: " + revenue + ", units: 100}\n" +
		"  - id: nordics\n    title: Nordics\n    targets: {revenue: 500}\n"
}

func TestWrite(t *testing.T) {
	r := testgit.New(t, t.TempDir())
	r.Write("site.yaml", "plan_of_record: agreed\n")
	r.Write("content/plans/emea.yaml", plan("4500000"))
	r.Commit("c1", "Dana Whitfield", "Plans as agreed")
	r.Tag("agreed")
	r.Write("content/plans/emea.yaml", plan("4200000"))
	r.Commit("c2", "Jonas Keller", "Re-forecast\x1b[31m after Q1")
	r.Write("content/plans/emea.yaml", plan("4300000"))
	tests := []struct {
		strategy, want string
	}{
		{"", `Plan of record: agreed (commit C1, 2026-01-06)

STRATEGY  TARGET   DATE        COMMIT       AUTHOR        FROM       TO         MESSAGE
dach      revenue  2026-01-07  C2           Jonas Keller  4,500,000  4,200,000  Re-forecast [31m after Q1
dach      revenue  -           uncommitted                4,200,000  4,300,000  
`},
		{"nordics", "Plan of record: agreed (commit C1, 2026-01-06)\n\nNo target has changed since it was first committed.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.strategy, func(t *testing.T) {
			cfg, plans, h, err := build.History(build.Options{Src: r.Dir})
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			if err := revisions.Write(&b, cfg, plans, h, tt.strategy); err != nil {
				t.Fatal(err)
			}
			want := strings.NewReplacer("C1", r.ID("c1"), "C2     ", r.ID("c2")).Replace(tt.want)
			if b.String() != want {
				t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
			}
		})
	}
	cfg, plans, h, _ := build.History(build.Options{Src: r.Dir})
	err := revisions.Write(&strings.Builder{}, cfg, plans, h, "dack")
	if want := `no strategy "dack" in the plans (did you mean "dach"?); strategies: dach, nordics`; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}
