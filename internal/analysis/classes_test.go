package analysis_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"salesdeck/internal/analysis"
	"salesdeck/internal/load/plan"
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

// serveLike builds the sites of steps, plan files one after the other,
// as serve's cache does: the first read keeping its rows, each next
// one with the data of the last when it Serves the new plans, or with
// the rows grouped again. Every step's results, charts and error must
// be a fresh read's.
func serveLike(t *testing.T, site, csv string, steps []string, asks []*analysis.Asks) {
	t.Helper()
	var data *sales.Data
	for i, p := range steps {
		fsys, cfg, plans := settings(t, site, csv, p)
		var a *analysis.Asks
		if asks != nil {
			a = asks[i]
		}
		need := analysis.Need(cfg, plans, a)
		how := "read"
		switch {
		case data == nil:
			var err error
			if data, err = sales.Load(fsys, cfg, sales.Options{Need: need, Keep: 1 << 30}); err != nil {
				t.Fatal(err)
			}
		case data.Serves(need):
			how = "reused"
		default:
			d, ok := data.Regroup(need)
			if !ok {
				t.Fatal("no rows kept")
			}
			data, how = d, "grouped again"
		}
		step := fmt.Sprintf("step %d (data %s, Named %q)", i, how, data.Named)
		want, err := sales.Load(fsys, cfg, sales.Options{Need: need})
		if err != nil {
			t.Fatal(err)
		}
		wantRes, _, wantErr := analysis.Run(cfg, plans, want, a, nil)
		var got *analysis.Site
		var gotErr error
		func() {
			defer func() {
				if r := recover(); r != nil {
					gotErr = fmt.Errorf("panic: %v", r)
				}
			}()
			got, _, gotErr = analysis.Run(cfg, plans, data, a, nil)
		}()
		if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Errorf("%s: error %v, a fresh read's %v", step, gotErr, wantErr)
			continue
		}
		if wantErr != nil {
			continue
		}
		for k, w := range wantRes.Strategies {
			if g := got.Strategies[k]; !reflect.DeepEqual(g, w) {
				t.Errorf("%s: %s: the results differ from a fresh read's:\nbreakdowns %+v\nwant %+v\nbridge %+v\nwant %+v",
					step, w.Strategy.ID, g.Breakdowns, w.Breakdowns, g.Bridge, w.Bridge)
			}
		}
		if !reflect.DeepEqual(got.Charts, wantRes.Charts) {
			t.Errorf("%s: charts differ from a fresh read's", step)
		}
	}
}

// classesCSV is 2,000 rows of exact figures over region, channel and
// ten reps, in the columns dims.
func classesCSV(dims string) string {
	rng := rand.New(rand.NewPCG(3, 4))
	var csv strings.Builder
	csv.WriteString("date," + dims + ",revenue,units\n")
	for range 2000 {
		day := civil.New(2025, 1, 1) + civil.Date(rng.IntN(455))
		vals := map[string]string{
			"region":  []string{"EMEA", "NA", "APAC"}[rng.IntN(3)],
			"channel": []string{"Direct", "Online", "Partner"}[rng.IntN(3)],
			"rep":     fmt.Sprintf("R%02d", rng.IntN(10)),
		}
		var row []string
		for d := range strings.SplitSeq(dims, ",") {
			row = append(row, vals[d])
		}
		fmt.Fprintf(&csv, "%s,%s,%d.%02d,%d\n", day, strings.Join(row, ","), rng.IntN(900), rng.IntN(100), 1+rng.IntN(9))
	}
	return csv.String()
}

// Edits as serve meets them, each step giving a fresh read's figures
// whether the data was reused, grouped again with a rep classed, or
// not classed at all.
func TestServeStepsGiveTheFiguresOfARead(t *testing.T) {
	const head = "title: P\nperiod: {start: 2026-01-01, end: 2026-06-30}\nstrategies:\n"
	const emea = "  - {id: emea, scope: {region: EMEA}, targets: {revenue: 100000}}\n"
	const r07 = "  - {id: r07, scope: {rep: R07}, targets: {revenue: 9000}}\n"
	const twoDims = "as_of: 2026-03-31\nsales:\n  dimensions: [region, rep]\n  measures: {revenue: revenue, units: units}\n" +
		"metrics:\n  revenue: {sum: revenue}\n  units: {sum: units}\n"
	const windowed = "  - {id: emea, scope: {region: EMEA}, bridge_by: region, baseline: {start: 2025-02-01, end: 2025-07-31}, targets: {revenue: 100000}}\n"
	const distinct = "as_of: 2026-03-31\nsales:\n  dimensions: [rep, region, channel]\n  measures: {revenue: revenue, units: units}\n" +
		"metrics:\n  revenue: {sum: revenue}\n  units: {sum: units}\n  chans: {count_distinct: channel}\n  regions: {count_distinct: region}\n"
	base := head + emea + "  - {id: dchan, scope: {channel: Direct}, targets: {regions: 3, revenue: 5}}\n"
	more := base + "  - {id: two, scope: {rep: [R07, R02]}, targets: {chans: 3}}\n" +
		"  - {id: nr, exclude: {rep: R03, region: NA}, targets: {revenue: 3}}\n"
	chart := func(scope ...string) *analysis.Asks {
		sc := plan.Scope{{Dimension: "rep", Values: scope}}
		return &analysis.Asks{Charts: []analysis.ChartAsk{
			{Metric: "revenue", By: "channel", Period: civil.Range{Start: civil.New(2026, 1, 1), End: civil.New(2026, 6, 30)}, Grain: "month", Scope: sc},
			{Metric: "regions", By: "region", Period: civil.Range{Start: civil.New(2025, 1, 1), End: civil.New(2026, 6, 30)}, Grain: "quarter", Scope: sc},
		}}
	}
	mix := "analysis: {volume: units, mix_by: channel}\nsales:\n  dimensions: [rep, region, channel]\n  measures: {revenue: revenue, units: units}\n" +
		"metrics:\n  revenue: {sum: revenue}\n  units: {sum: units}\n  price: {ratio: [revenue, units]}\n  regions: {count_distinct: region}\n"
	mixBase := head + "  - {id: emea, scope: {region: EMEA}, targets: {revenue: 100000, units: 5}}\n" +
		"  - {id: dchan, scope: {channel: Direct}, targets: {regions: 3, revenue: 5}}\n"
	tests := []struct {
		name, site, dims string
		steps            []string
		asks             []*analysis.Asks
	}{
		{"the breakdowns' columns change once every dimension is a key", twoDims, "region,rep",
			[]string{head + emea, head + emea + r07, head + strings.Replace(emea, "revenue", "units", 1) + r07}, nil},
		{"the segments change once every dimension is a key", twoDims, "region,rep",
			[]string{head + windowed, head + windowed + r07, head + strings.Replace(windowed, "bridge_by: region, ", "", 1) + r07}, nil},
		{"no segment, so no rep class (as_of before every period)", strings.Replace(twoDims, "2026-03-31", "2025-12-15", 1), "region,rep",
			[]string{head + emea, head + emea + r07}, nil},
		{"an exclusion of a rep the data lacks puts every rep in one class", twoDims, "region,rep",
			[]string{head + emea, head + emea + "  - {id: gone, exclude: {rep: R99}, targets: {revenue: 9000}}\n",
				head + emea + "  - {id: gone, exclude: {rep: R99}, targets: {revenue: 9000}}\n" + "  - {id: r00, scope: {rep: R00}, targets: {revenue: 9000}}\n"}, nil},
		{"distinct counts, several reps, exclusions, the bridge by rep, charts on a rep", distinct, "rep,region,channel",
			[]string{base, more, more, more}, []*analysis.Asks{nil, nil, chart("R05"), chart("R05", "R07")}},
		{"price-volume-mix, as_of the last day, nine reps of ten named", mix, "rep,region,channel",
			[]string{mixBase, mixBase + "  - {id: r07, scope: {rep: R07}, targets: {price: 3, revenue: 4}}\n  - {id: nr, exclude: {rep: [R03, R04]}, targets: {revenue: 3}}\n",
				mixBase + "  - {id: nine, scope: {rep: [R00, R01, R02, R03, R04, R05, R06, R07, R08]}, targets: {revenue: 3}}\n", mixBase}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { serveLike(t, tt.site, classesCSV(tt.dims), tt.steps, tt.asks) })
	}
}
