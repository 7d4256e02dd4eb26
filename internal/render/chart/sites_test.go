package chart

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"hash"
	"io/fs"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"salesdeck/internal/analysis"
	"salesdeck/internal/load/config"
	"salesdeck/internal/load/plan"
	"salesdeck/internal/load/sales"
	"salesdeck/internal/render/format"
	"salesdeck/internal/render/label"
	"salesdeck/internal/support/civil"
	"salesdeck/tools/gen"
)

// drawn is one call of a Builder: its name, the chart, the error.
type drawn struct {
	Call  string
	Chart Chart
	Err   string
}

// everyChart draws every chart render draws of res (every target's
// cumulative and monthly chart, every breakdown, every plan's attainment,
// the handout's attainment of all strategies, the overview's pace), some
// it never asks for (every plan's pace, out-of-range targets and
// breakdowns, empty plans) and, for each kind, ids that are not
// JavaScript identifiers.
func everyChart(m Builder, res *analysis.Site) []drawn {
	var out []drawn
	add := func(call string, c Chart, err error) {
		d := drawn{Call: call, Chart: c}
		if err != nil {
			d.Err = err.Error()
		}
		out = append(out, d)
	}
	for _, s := range res.Strategies {
		for t := -1; t <= len(s.Targets); t++ {
			id := fmt.Sprintf("c_cumulative_%d", max(t, 0))
			c, err := m.Cumulative(id, s, t)
			add(fmt.Sprintf("Cumulative(%s, %d)", s.Strategy.ID, t), c, err)
			id = fmt.Sprintf("c_monthly_%d", max(t, 0))
			c, err = m.Monthly(id, s, t)
			add(fmt.Sprintf("Monthly(%s, %d)", s.Strategy.ID, t), c, err)
		}
		for d := -1; d <= len(s.Breakdowns); d++ {
			c, err := m.Breakdown(fmt.Sprintf("c_breakdown_%d", max(d, 0)), s, d)
			add(fmt.Sprintf("Breakdown(%s, %d)", s.Strategy.ID, d), c, err)
		}
		c, err := m.Bridge("c_bridge", s)
		add(fmt.Sprintf("Bridge(%s)", s.Strategy.ID), c, err)
		for t := -1; t <= len(s.Targets); t++ {
			c, err := m.PriceVolumeMix(fmt.Sprintf("c_pvm_%d", max(t, 0)), s, t)
			add(fmt.Sprintf("PriceVolumeMix(%s, %d)", s.Strategy.ID, t), c, err)
		}
	}
	for _, p := range res.Plans {
		c, err := m.Attainment("c_attainment", p)
		add("Attainment("+p.Plan.ID+")", c, err)
		c, err = m.Pace("c_pace", p.Strategies)
		add("Pace("+p.Plan.ID+")", c, err)
	}
	c, err := m.Attainment("h_attainment", &analysis.Plan{Strategies: res.Strategies})
	add("Attainment(all)", c, err)
	c, err = m.Pace("c_pace", res.Strategies)
	add("Pace(all)", c, err)
	c, err = m.Attainment("c_attainment", &analysis.Plan{})
	add("Attainment(empty)", c, err)
	c, err = m.Pace("c_pace", nil)
	add("Pace(empty)", c, err)
	if len(res.Strategies) > 0 {
		s := res.Strategies[0]
		p := &analysis.Plan{Strategies: res.Strategies[:1]}
		for _, id := range []string{"", "c-1", "1c", "c 1", "</script>", "é", "c_é", "_", "Z9_z"} {
			c, err := m.Cumulative(id, s, 0)
			add("Cumulative id "+id, c, err)
			c, err = m.Monthly(id, s, 0)
			add("Monthly id "+id, c, err)
			c, err = m.Breakdown(id, s, 0)
			add("Breakdown id "+id, c, err)
			c, err = m.Attainment(id, p)
			add("Attainment id "+id, c, err)
			c, err = m.Pace(id, p.Strategies)
			add("Pace id "+id, c, err)
		}
	}
	return out
}

// testSite is a computed site and the formats to draw it with.
type testSite struct {
	name string
	res  *analysis.Site
	f    format.Formatter
}

// text is the wording of the site's locale.
func (s testSite) text() label.Text { return label.NewText(s.f.Locale(), nil) }

// runSite loads and analyses the site in fsys as a build does.
func runSite(t testing.TB, name string, fsys fs.FS) testSite {
	t.Helper()
	cfg, err := config.Load(fsys)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	ps, err := plan.LoadAll(fsys, cfg.FiscalYearStart)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	data, err := sales.Load(fsys, cfg, sales.Options{})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	res, _, err := analysis.Run(cfg, ps, data, nil, nil)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return testSite{name: name, res: res, f: format.New(cfg.Locale, cfg.Currency)}
}

// generatedSite is a site of tools/gen held in memory.
func generatedSite(t testing.TB, name string, o gen.SiteOptions) testSite {
	t.Helper()
	files, err := gen.SiteFiles(o)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for p, b := range files {
		fsys[p] = &fstest.MapFile{Data: b}
	}
	var csv bytes.Buffer
	if _, err := gen.Write(&csv, o.Data); err != nil {
		t.Fatal(err)
	}
	fsys["data/sales.csv"] = &fstest.MapFile{Data: csv.Bytes()}
	return runSite(t, name, fsys)
}

// testSites are the example site (the repository's root), three
// generated ones, each once more in another locale and currency, and the
// odd figures of oddSite: those named, or all.
func testSites(t testing.TB, names ...string) []testSite {
	t.Helper()
	wanted := func(name string) bool { return len(names) == 0 || slices.Contains(names, name) }
	var out []testSite
	add := func(s testSite) {
		if wanted(s.name) {
			out = append(out, s)
		}
		if de := s.name + "/de-DE"; wanted(de) {
			s.name, s.f = de, format.New("de-DE", "EUR")
			out = append(out, s)
		}
	}
	if wanted("example") || wanted("example/de-DE") {
		add(runSite(t, "example", os.DirFS("../../..")))
	}
	for _, g := range []struct {
		name                    string
		seed                    uint64
		rows, plans, strategies int
		start, end              civil.Date
	}{
		{"gen-3x40", gen.DefaultSeed, 30_000, 3, 40, civil.Date(0), civil.Date(0)},
		{"gen-1x7", 7, 5_000, 1, 7, civil.New(2025, 1, 1), civil.New(2026, 6, 30)},
		{"gen-10x120", 42, 60_000, 10, 120, civil.Date(0), civil.Date(0)},
	} {
		if !wanted(g.name) && !wanted(g.name+"/de-DE") {
			continue
		}
		o := gen.Default()
		o.Seed, o.Rows = g.seed, g.rows
		if g.start != 0 {
			o.Start, o.End = g.start, g.end
		}
		add(generatedSite(t, g.name, gen.SiteOptions{Data: o, Plans: g.plans, Strategies: g.strategies}))
	}
	if wanted("odd") {
		out = append(out, oddSite())
	}
	if len(out) == 0 || len(names) > 0 && len(out) != len(names) {
		t.Fatalf("test sites %q: found %d", names, len(out))
	}
	return out
}

// oddSite holds the fixture of chart_test.go and figures no generated site
// has: NaN and infinite values marked valid, braces, invalid UTF-8,
// function markers and HTML in text, statuses without a look, ratio
// metrics, strategies without targets or plans, negative figures.
func oddSite() testSite {
	p := fixture()
	inf, nan := math.Inf(1), math.NaN()
	ratio := analysis.Metric{Name: "margin{a}", Format: "percent", Ratio: true}
	odd := &analysis.Strategy{
		Strategy: &plan.Strategy{ID: "odd", Title: "bad \xff utf-8 {b} & <i>" + marker},
		Status:   "odd",
		Targets: []analysis.Target{
			{Metric: ratio, Target: 0.3, Actual: n(nan), ExpectedToDate: n(0.3), Attainment: n(inf), Pace: n(-inf)},
			{Metric: analysis.Metric{Name: "\xfe", Format: "number"}, Target: -5, Actual: n(-2), ExpectedToDate: n(-1), Attainment: n(0.4), Pace: n(2)},
		},
		Monthly: []analysis.Month{
			{Month: "2026-01", Figures: []analysis.MonthFigure{
				{Actual: n(nan), Target: n(inf), CumulativeActual: n(-inf), CumulativeTarget: n(0.3)},
				{Actual: n(-1), Target: n(2), CumulativeActual: n(-1), CumulativeTarget: n(2)},
			}},
			{Month: "bogus", Figures: []analysis.MonthFigure{{Actual: n(1e21), Target: n(1e-7)}}},
			{Month: "2026-03"},
		},
		Breakdowns: []analysis.Breakdown{
			{Dimension: "rep\xff", Entries: []analysis.BreakdownEntry{
				{Value: "", Actual: n(-3)}, {Value: " \t", Actual: n(nan)}, {Value: "{{x}}\xff", Actual: none},
				{Value: "a}b{", Actual: n(5)}, {Value: marker, Actual: n(inf)}, {Value: "Other", Actual: n(1), Other: true},
			}},
			{Dimension: "empty"},
		},
	}
	// A bridge across zero with hostile values, an undefined step and a
	// total that is no number; a price-volume-mix with no number in it.
	odd.Bridge = &analysis.Bridge{By: "rep\xff", Start: -5, End: 3, Steps: []analysis.BridgeStep{
		{Value: "{b}", Delta: 10}, {Value: marker, Delta: -2}, {Value: "", Delta: nan}, {Value: "Other", Delta: 0, Other: true}}}
	odd.Targets[1].PriceVolumeMix = &analysis.PriceVolumeMix{Volume: inf, Mix: -1, Price: 2, Other: nan}
	none1 := &analysis.Strategy{Strategy: &plan.Strategy{ID: "none", Title: ""}, Status: analysis.Missed}
	big := &analysis.Strategy{
		Strategy: &plan.Strategy{ID: "big", Title: "Big"}, Plan: p.Plan, Status: analysis.Achieved,
		Targets: []analysis.Target{{Metric: analysis.Metric{Name: "revenue", Format: "money"}, Target: 10,
			Actual: n(30), ExpectedToDate: n(20), Attainment: n(3), Pace: n(1.5)}},
	}
	p.Strategies = append(p.Strategies, odd, none1, big)
	all := slices.Clone(p.Strategies)
	return testSite{name: "odd", f: format.New("fr-FR", "JPY"), res: &analysis.Site{
		Plans:      []*analysis.Plan{p, {Plan: &plan.Plan{ID: "small"}, Strategies: all[:2]}},
		Strategies: all,
	}}
}

// TestGolden holds every chart of three test sites against
// testdata/charts.sha256: per site, colour and kind of chart, a SHA-256 of
// the charts' calls, options, tables, titles, heights and errors, first
// written by the code before prototypes. TestSameAsUncached checks the
// prototypes against building every chart from scratch; this checks that
// the charts themselves did not change. After a change meant to alter
// them (or the figures and formats they show, or a new go-echarts), look
// at the charts, then rewrite the file with
//
//	go test ./internal/render/chart -run TestGolden -update
func TestGolden(t *testing.T) {
	const path = "testdata/charts.sha256"
	var lines []string
	for _, site := range testSites(t, "example", "gen-1x7", "odd") {
		for _, primary := range []string{"", "rgb(1, 2, 3)"} {
			sums, counts := map[string]hash.Hash{}, map[string]int{}
			var kinds []string
			for _, d := range everyChart(NewBuilder(site.f, site.text(), primary), site.res) {
				kind := d.Call[:strings.IndexAny(d.Call, "( ")]
				if sums[kind] == nil {
					sums[kind] = sha256.New()
					kinds = append(kinds, kind)
				}
				sums[kind].Write(d.Chart.Option)
				d.Chart.Option = nil
				fmt.Fprintf(sums[kind], "\n%#v\n", d)
				counts[kind]++
			}
			for _, kind := range kinds {
				lines = append(lines, fmt.Sprintf("%x %4d %s %q %s", sums[kind].Sum(nil), counts[kind], site.name, primary, kind))
			}
		}
	}
	got := strings.Join(lines, "\n") + "\n"
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	wantLines := strings.Split(strings.TrimSuffix(string(want), "\n"), "\n")
	for _, l := range lines {
		if !slices.Contains(wantLines, l) {
			t.Errorf("charts changed: %s", l)
		}
	}
	if len(lines) != len(wantLines) {
		t.Errorf("%d lines, %s has %d", len(lines), path, len(wantLines))
	}
}

var update = flag.Bool("update", false, "rewrite testdata/charts.sha256 with the charts drawn now")
