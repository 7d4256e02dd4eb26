package analysis_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"salesdeck/internal/analysis"
	"salesdeck/internal/load/sales"
	"salesdeck/internal/support/civil"
)

// When serve groups its kept rows again for a scope on a dimension no
// scope named (a rep of 40), the cells tell apart only the reps scopes
// name, the others sharing one rep's cells (sales.Data.Named). Every
// figure is still the one a fresh read gives: actuals, baselines,
// breakdowns by rep (from the rep's groups per value), bridges and
// price-volume-mix; and a scope on a rep the cells do not tell apart
// asks for a build again rather than counting the wrong rows.
func TestClassedKeysGiveTheFiguresOfARead(t *testing.T) {
	const site = "as_of: 2026-03-31\nanalysis: {volume: units, mix_by: channel}\n" +
		"sales:\n  dimensions: [region, channel, rep]\n  measures: {revenue: revenue, units: units}\n" +
		"metrics:\n  revenue: {sum: revenue}\n  units: {sum: units}\n  price: {ratio: [revenue, units]}\n"
	rng := rand.New(rand.NewPCG(1, 2))
	var csv strings.Builder
	csv.WriteString("date,region,channel,rep,revenue,units\n")
	for range 4000 {
		day := civil.New(2025, 1, 1) + civil.Date(rng.IntN(455))
		fmt.Fprintf(&csv, "%s,%s,%s,R%02d,%d.%02d,%d\n", day, []string{"EMEA", "NA", "APAC"}[rng.IntN(3)],
			[]string{"Direct", "Online", "Partner"}[rng.IntN(3)], rng.IntN(40), rng.IntN(900), rng.IntN(100), 1+rng.IntN(9))
	}
	const head = "title: P\nperiod: {start: 2026-01-01, end: 2026-06-30}\nstrategies:\n"
	const base = head + "  - {id: emea, scope: {region: EMEA}, targets: {revenue: 100000, units: 900}}\n" +
		"  - {id: direct, scope: {channel: Direct}, exclude: {region: NA}, targets: {revenue: 90000, price: 9}}\n"
	const reps = base +
		"  - {id: r07, scope: {rep: R07}, targets: {revenue: 9000, units: 90}}\n" +
		"  - {id: two, scope: {region: NA, rep: [R03, R31]}, targets: {revenue: 9000}}\n" +
		"  - {id: not-r07, exclude: {rep: R07}, targets: {revenue: 90000}}\n"
	fsys, cfg, basePlans := settings(t, site, csv.String(), base)
	kept, err := sales.Load(fsys, cfg, sales.Options{Need: analysis.Need(cfg, basePlans, nil), Keep: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	_, _, repPlans := settings(t, site, csv.String(), reps)
	need := analysis.Need(cfg, repPlans, nil)
	got, ok := kept.Regroup(need)
	if !ok {
		t.Fatal("no rows kept")
	}
	rep := len(got.Dimensions) - 1
	if got.Named == nil || !reflect.DeepEqual(got.Named[rep], []string{"R03", "R07", "R31"}) {
		t.Fatalf("Named = %q, want the reps scopes name", got.Named)
	}
	if combos := len(got.Combos) / len(got.Grouped); combos > 3*3*4 {
		t.Errorf("%d combinations of region, channel and rep class, want at most %d", combos, 3*3*4)
	}
	if !got.Serves(need) || kept.Serves(need) {
		t.Error("the regrouped data should serve the plans it was grouped for, and the read's should not")
	}
	want, err := sales.Load(fsys, cfg, sales.Options{Need: need})
	if err != nil {
		t.Fatal(err)
	}
	if !want.Exact {
		t.Fatal("the data should be exact, or figures would depend on their grouping")
	}
	results := func(d *sales.Data) *analysis.Site {
		res, _, err := analysis.Run(cfg, repPlans, d, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	gotRes, wantRes := results(got), results(want)
	for i, w := range wantRes.Strategies {
		g := gotRes.Strategies[i]
		if len(g.Breakdowns) == 0 || g.Bridge == nil {
			t.Errorf("%s: no breakdowns or bridge to compare", w.Strategy.ID)
		}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s: the results differ from a read's", w.Strategy.ID)
		}
	}

	// A scope on another rep needs the rows grouped for it.
	_, _, other := settings(t, site, csv.String(), base+"  - {id: r12, scope: {rep: R12}, targets: {revenue: 1}}\n")
	if _, _, err := analysis.Run(cfg, other, got, nil, nil); err == nil || !strings.Contains(err.Error(), `not grouped by "rep"'s value "R12"; build again`) {
		t.Errorf("a scope on a rep the cells do not tell apart: error %v", err)
	}
}
