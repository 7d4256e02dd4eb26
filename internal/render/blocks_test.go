package render

import (
	"errors"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"salesdeck/internal/analysis"
	"salesdeck/internal/render/blocks"
	"salesdeck/internal/support/diag"
)

// figuresPage is content/figures.md after its three lines of front
// matter: its body starts on file line 4.
const figuresPage = "# Figures\n\n" +
	"```chart\nstrategy: dach-enterprise\n```\n\n" +
	"```chart\nstrategy: dach-enterprise\nmetric: units\nkind: monthly\n```\n\n" +
	"```chart\nstrategy: dach-enterprise\nkind: breakdown\ndimension: product\n```\n\n" +
	"```chart\nkind: attainment\nplan: fy2026-emea\n```\n\n" +
	"```kpi\nstrategy: dach-enterprise\nmetric: margin\nshow: [actual, pace]\n```\n\n" +
	"```table\nplan: fy2026-emea\nstatus: [behind, at_risk]\n```\n\n" +
	"```go\nx := 1\n```\n"

func renderPages(t *testing.T, pages ...Page) (map[string][]byte, error) {
	t.Helper()
	site, res := fixture()
	return Render(Input{Site: site, Result: res, Pages: pages})
}

// chartJSON returns the option of chart id on page.
func chartJSON(t *testing.T, page []byte, id string) string {
	t.Helper()
	m := regexp.MustCompile(`<script type="application/json" data-chart="` + id + `">([^<]*)</script>`).FindSubmatch(page)
	if m == nil {
		t.Fatalf("no chart %s", id)
	}
	return string(m[1])
}

func TestFigureBlocks(t *testing.T) {
	out, err := renderPages(t,
		Page{Path: "figures.html", File: "content/figures.md", Body: figuresPage, BodyLine: 4},
		Page{Path: "guides/deep/table.html", File: "content/guides/deep/table.md", Body: "```table\nstatus: not_started\n```\n\n```table\nplan: fy2026-emea\nstatus: not_started\n```\n", BodyLine: 1},
		Page{Path: "index.html", File: "content/index.md", Body: "Intro.\n\n```kpi\nstrategy: uk-renewals\n```\n", BodyLine: 1},
	)
	if err != nil {
		t.Fatal(err)
	}
	page := string(out["figures.html"])
	for _, want := range []string{
		`src="assets/echarts.min.js"`, `src="assets/salesdeck.js"`,
		`<div class="card figure figure-chart"><figure class="chart chart-cumulative">`,
		`id="c_md_1"`, `id="c_md_2"`, `id="c_md_3"`, `id="c_md_4"`,
		`<figure class="chart chart-monthly">`, `<figcaption>Units: actual vs target by month</figcaption>`,
		`<figcaption>Revenue by Product</figcaption>`,
		`<figure class="chart chart-attainment">`,
		// kpi: the strategy page's card, with the figures asked for only.
		`<a href="strategies/dach-enterprise.html">Win enterprise accounts in DACH</a>`,
		`<h2>Margin</h2>`, `<dt>Pace</dt>`, `<p class="kpi-value">`,
		// table: the plan's behind and at-risk strategies.
		`href="strategies/nordics-midmarket.html"`, `href="strategies/france-partners.html"`,
		`<pre><code class="language-go">x := 1`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("figures.html lacks %q", want)
		}
	}
	for _, notWant := range []string{`<dt>Forecast</dt>`, `of <strong>`, `class="language-chart"`, `class="language-kpi"`, `class="language-table"`,
		`href="strategies/uk-renewals.html"`, `href="strategies/latam-q1-push.html"`} {
		if strings.Contains(page, notWant) {
			t.Errorf("figures.html has %q", notWant)
		}
	}

	// One chart builder: the Markdown chart is the strategy page's chart.
	strategy := out["strategies/dach-enterprise.html"]
	if got, want := chartJSON(t, out["figures.html"], "c_md_1"), chartJSON(t, strategy, "c_cumulative_0"); got != want {
		t.Errorf("Markdown chart differs from the strategy page's:\n got %s\nwant %s", got, want)
	}
	if got, want := chartJSON(t, out["figures.html"], "c_md_2"), chartJSON(t, strategy, "c_monthly_1"); got != want {
		t.Errorf("monthly chart differs from the strategy page's")
	}
	if got, want := chartJSON(t, out["figures.html"], "c_md_4"), chartJSON(t, out["plans/fy2026-emea.html"], "c_attainment"); got != want {
		t.Errorf("attainment chart differs from the plan page's")
	}

	// Links from a sub-folder climb back to the site's root.
	deep := string(out["guides/deep/table.html"])
	for _, want := range []string{`href="../../strategies/canada-expansion.html"`, `<p class="empty">No strategy with the status Not started.</p>`, `href="../../assets/salesdeck.css"`} {
		if !strings.Contains(deep, want) {
			t.Errorf("guides/deep/table.html lacks %q", want)
		}
	}
	if strings.Contains(deep, "echarts.min.js") {
		t.Error("a page without charts loads the chart library")
	}
	if !strings.Contains(string(out["index.html"]), `<a href="strategies/uk-renewals.html">Lift UK renewal rate</a>`) {
		t.Error("kpi block in the overview's introduction not drawn")
	}
}

func TestFigureBlockErrors(t *testing.T) {
	tests := []struct {
		name, body string
		want       string // the whole error, one problem a line
	}{
		{"unknown strategy", "```chart\nstrategy: dach-enterprice\n```\n",
			`content/x.md:5:11: chart block: unknown strategy "dach-enterprice" (did you mean "dach-enterprise"?)`},
		{"unknown metric", "```chart\nstrategy: dach-enterprise\nmetric: revenu\n```\n",
			`content/x.md:6:9: chart block: unknown metric "revenu" (did you mean "revenue"?); site.yaml defines no metrics, so there is one per numeric column and orders: revenue, units, margin; define others under metrics in site.yaml`},
		{"metric without target", "```kpi\nstrategy: nordics-midmarket\nmetric: units\n```\n",
			`content/x.md:6:9: kpi block: strategy "nordics-midmarket" has no target for metric "units"; its targets: revenue`},
		{"unknown kind", "Text.\n\n```chart\nstrategy: dach-enterprise\nkind: cumulativ\n```\n",
			`content/x.md:8:7: chart block: unknown kind "cumulativ" (did you mean "cumulative"?); one of: cumulative, monthly, breakdown, attainment, bridge`},
		{"unknown key", "```chart\nstrategy: dach-enterprise\nkinds: monthly\n```\n",
			`content/x.md:6:1: chart block: unknown key "kinds" in the block (did you mean "kind"?)`},
		{"unknown plan", "```chart\nkind: attainment\nplan: fy2026-emae\n```\n",
			`content/x.md:6:7: chart block: unknown plan "fy2026-emae" (did you mean "fy2026-emea"?)`},
		{"unknown dimension", "```chart\nstrategy: dach-enterprise\nkind: breakdown\ndimension: contry\n```\n",
			`content/x.md:7:12: chart block: unknown dimension "contry" (did you mean "country"?)`},
		{"pinned dimension", "```chart\nstrategy: dach-enterprise\nkind: breakdown\ndimension: region\n```\n",
			`content/x.md:7:12: chart block: strategy "dach-enterprise" has no breakdown by region: its scope pins it to one value; breakdowns: country, product`},
		{"bridge of another metric", "```chart\nstrategy: dach-enterprise\nkind: bridge\nmetric: units\n```\n",
			`content/x.md:7:9: chart block: a bridge splits the strategy's first target (revenue); leave metric: out`},
		{"bridge by a dimension", "```chart\nstrategy: dach-enterprise\nkind: bridge\ndimension: country\n```\n",
			`content/x.md:7:12: chart block: dimension: is for kind: breakdown`},
		{"no bridge", "```chart\nstrategy: uk-renewals\nkind: bridge\n```\n",
			`content/x.md:6:7: chart block: strategy "uk-renewals" has no bridge from last year: its scope pins every dimension to one value; name one to split by with bridge_by`},
		{"missing strategy", "```chart\nkind: monthly\n```\n",
			`content/x.md:4:1: chart block: needs strategy: (or kind: attainment with plan:, or metric: and period: for a chart of every row)`},
		{"attainment takes a plan", "```chart\nkind: attainment\nstrategy: dach-enterprise\n```\n",
			"content/x.md:4:1: chart block: kind attainment needs plan: (the plan whose strategies it compares)\n" +
				"content/x.md:6:11: chart block: kind attainment draws every strategy of a plan by its first target; it takes plan: only"},
		{"bad yaml", "```kpi\nstrategy: dach\n  metric: revenue\n```\n",
			`content/x.md:6: kpi block: invalid YAML: mapping values are not allowed in this context; put text holding ": " in quotes (title: "EMEA: growth plan"), or check the indentation`},
		{"kpi figure", "```kpi\nstrategy: dach-enterprise\nshow: [actual, pase]\n```\n",
			`content/x.md:6:16: kpi block: unknown figure "pase" (did you mean "pace"?); one of: actual, target, attainment, expected, pace, forecast, run_rate, baseline, lift`},
		{"table status", "```table\nstatus: [behnd]\n```\n",
			`content/x.md:5:10: table block: unknown status "behnd" (did you mean "behind"?); one of: on_track, at_risk, behind, achieved, missed, not_started`},
		{"indented in a list", "- Look:\n\n  ```chart\n  strategy: nope\n  ```\n",
			`content/x.md:7:13: chart block: unknown strategy "nope"`},
		{"unknown grain", "```chart\nstrategy: dach-enterprise\nkind: monthly\ngrain: quater\n```\n",
			`content/x.md:7:8: chart block: unknown grain "quater" (did you mean "quarter"?); one of: month, quarter, year`},
		{"grain of a breakdown", "```chart\nstrategy: dach-enterprise\nkind: breakdown\ngrain: year\n```\n",
			`content/x.md:7:8: chart block: grain: is for kind: cumulative or monthly, not breakdown`},
		{"every problem", "```chart\nstrategy: a\n```\n\n```table\nplan: b\n```\n",
			"content/x.md:5:11: chart block: unknown strategy \"a\"\ncontent/x.md:9:7: table block: unknown plan \"b\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := renderPages(t, Page{Path: "x.html", File: "content/x.md", Body: tt.body, BodyLine: 4})
			if err == nil {
				t.Fatal("no error")
			}
			if _, ok := err.(*diag.ListError); !ok {
				t.Errorf("error is a %T, want an input problem (*diag.ListError)", err)
			}
			if err.Error() != tt.want {
				t.Errorf("error:\n got %s\nwant %s", err, tt.want)
			}
		})
	}
}

// A bridge block draws the strategy page's waterfall: last year to date,
// the change of each value, this year to date.
func TestBridgeBlock(t *testing.T) {
	out, err := renderPages(t, Page{Path: "bridge.html", File: "content/bridge.md", Body: "```chart\nstrategy: dach-enterprise\nkind: bridge\n```\n", BodyLine: 1})
	if err != nil {
		t.Fatal(err)
	}
	page, strategy := out["bridge.html"], out["strategies/dach-enterprise.html"]
	if got, want := chartJSON(t, page, "c_md_1"), chartJSON(t, strategy, "c_bridge"); got != want {
		t.Errorf("the bridge block differs from the strategy page's bridge:\n got %s\nwant %s", got, want)
	}
	for _, want := range []string{`<figure class="chart chart-bridge">`, `<figcaption>Revenue: last year to this, by Country</figcaption>`,
		"<td>Last year to date</td>", "<td>This year to date</td>"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("bridge.html lacks %q", want)
		}
	}
	for _, want := range []string{`<h2 id="h-bridge" class="section-title">Change from last year</h2>`,
		`<figure class="chart chart-price_volume_mix">`, `id="c_pvm_0"`} {
		if !strings.Contains(string(strategy), want) {
			t.Errorf("the strategy page lacks %q", want)
		}
	}
	// Units and margin have no price-volume-mix; a strategy without a
	// bridge has no such section.
	if strings.Contains(string(strategy), `id="c_pvm_1"`) || strings.Contains(string(out["strategies/uk-renewals.html"]), "h-bridge") {
		t.Error("a waterfall drawn where its figures are undefined")
	}
}

// A block in a YAML value (a strategy's notes) cannot name the file's line;
// it names the strategy and the line within the notes.
func TestFigureBlockInNotes(t *testing.T) {
	site, res := fixture()
	s := res.Strategies[0]
	s.Strategy.Notes = "Watch this:\n\n```kpi\nstrategy: dach\n```\n"
	s.Strategy.Pos = diag.Pos{File: "content/plans/emea.yaml", Line: 9, Col: 5}
	_, err := Render(Input{Site: site, Result: res})
	want := `content/plans/emea.yaml:9:5: notes, line 4: kpi block: unknown strategy "dach"`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error = %v, want %s", err, want)
	}
}

var builtinCounts = func() string {
	b, err := fs.ReadFile(Templates(), "partials/counts.html")
	if err != nil {
		panic(err)
	}
	return string(b)
}()

// lineOf returns the line of s on which sub first appears.
func lineOf(s, sub string) int { return strings.Count(s[:strings.Index(s, sub)], "\n") + 1 }

func TestTemplateErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"execution", map[string]string{"plan.html": "{{define \"main\"}}\n<p>{{.Nope}}</p>{{end}}"},
			`templates/plan.html:2:6: executing "main" at <.Nope>: can't evaluate field Nope in type *render.Data (rendering plans/fy2026-emea.html)`},
		{"parse", map[string]string{"page.html": "{{define \"main\"}}\n\n{{if}}{{end}}{{end}}"},
			`templates/page.html:3: missing value for if`},
		{"a partial that is a function now", map[string]string{"page.html": "{{define \"main\"}}{{template \"kpi\" .}}{{end}}"},
			`templates/page.html:1:29: no such template "kpi"; "kpi" is a function now: write {{kpi .}}`},
		{"partial", map[string]string{"partials/counts.html": strings.Replace(builtinCounts, `<ul class="counts">`, `<ul class="counts">{{.Nope}}`, 1)},
			`templates/partials/counts.html:` + strconv.Itoa(lineOf(builtinCounts, `<ul class="counts">`)) + `:`},
		{"partial without its template", map[string]string{"partials/counts.html": "<ul></ul>"},
			`templates/partials/counts.html:1: defines no "counts" template`},
		{"misspelt partial", map[string]string{"partials/count.html": "x"},
			`templates/partials/count.html: not a template salesdeck uses (did you mean "counts.html"?)`},
		{"helper", map[string]string{"overview.html": "{{define \"main\"}}{{money \"lots\"}}{{end}}"},
			`templates/overview.html:1:20: executing "main" at <money "lots">: error calling money: want a number, not string lots`},
		{"no main", map[string]string{"page.html": "<p>{{.Title}}</p>"},
			`templates/page.html:1: defines no "main" template`},
		{"misspelt name", map[string]string{"overveiw.html": "x", "notes.txt": "ignored"},
			`templates/overveiw.html: not a template salesdeck uses (did you mean "overview.html"?)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site, res := fixture()
			fsys := fstest.MapFS{}
			for name, body := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(body)}
			}
			res.Strategies[0].Strategy.Notes = "```kpi\nstrategy: dach-enterprise\n```\n"
			_, err := Render(Input{Site: site, Result: res, Pages: fixturePages(), Templates: fsys})
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("error:\n got %s\nwant %s...", err, tt.want)
			}
			var de *diag.Error
			var dl *diag.ListError
			if !errors.As(err, &de) && !errors.As(err, &dl) {
				t.Errorf("a template of the site's is an input problem, got %T", err)
			}
		})
	}
}

// An override may use the helpers the README lists.
func TestTemplateHelpers(t *testing.T) {
	site, res := fixture()
	site.Locale, site.Currency = "de-DE", "EUR"
	fsys := fstest.MapFS{"page.html": {Data: []byte(`{{define "main"}}<p>{{money 1234.5}} · {{number 1234567}} · {{percent 0.256}} · {{date "2026-06-30"}} · {{date .Site.AsOfISO}} · {{statusLabel "at_risk"}} · {{(status "behind").Symbol}} · {{humanize "gross_profit"}} · {{t "kpi.pace"}} · {{tn "count.strategies" 1200}} · {{tf "strategy.day_of" "day" 5 "total" 92}}</p>{{markdown "**bold**"}}{{end}}`)}}
	out, err := Render(Input{Site: site, Result: res, Pages: fixturePages(), Templates: fsys})
	if err != nil {
		t.Fatal(err)
	}
	want := "<p>1.235\u00a0€ · 1.234.567 · 25,6\u00a0% · 30.06.2026 · 30.06.2026 · Gefährdet · ▼ · Gross profit · Tempo · 1.200 Strategien · Tag 5 von 92</p><p><strong>bold</strong></p>"
	if got := string(out["about.html"]); !strings.Contains(got, want) {
		t.Errorf("about.html lacks %q:\n%s", want, got)
	}
}

// title: heads every kind of block, as text: markup in it is shown, never
// run.
func TestFigureBlockTitles(t *testing.T) {
	tests := []struct{ name, block, want string }{
		{"chart", "```chart\nstrategy: dach-enterprise\ntitle: Revenue so far\n```\n",
			`<div class="card figure figure-chart"><p class="figure-title">Revenue so far</p><figure class="chart chart-cumulative">`},
		{"kpi", "```kpi\ntitle: \"Margin & mix\"\nstrategy: dach-enterprise\n```\n",
			`<div class="figure figure-kpi"><p class="figure-title">Margin &amp; mix</p>`},
		{"table", "```table\ntitle: Behind\nstatus: behind\n```\n",
			`<div class="figure figure-table"><p class="figure-title">Behind</p>`},
		{"hostile", "```chart\nstrategy: dach-enterprise\ntitle: \"</p><script>alert(1)</script>{{.}}\"\n```\n",
			`<p class="figure-title">&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;{{.}}</p>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := renderPages(t, Page{Path: "x.html", File: "content/x.md", Body: tt.block, BodyLine: 1})
			if err != nil {
				t.Fatal(err)
			}
			page := string(out["x.html"])
			if !strings.Contains(page, tt.want) {
				t.Errorf("x.html lacks %s", tt.want)
			}
			if strings.Contains(page, "<script>alert") {
				t.Error("a title's markup reached the page")
			}
		})
	}
	// Without title: no heading.
	out, err := renderPages(t, Page{Path: "x.html", File: "content/x.md", Body: "```chart\nstrategy: dach-enterprise\n```\n", BodyLine: 1})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out["x.html"]), "figure-title") {
		t.Error("a block without title: has a heading")
	}
}

// The grains a block may name are those the analysis computes series by.
func TestBlockGrains(t *testing.T) {
	if !slices.Equal(blocks.Grains, analysis.Grains) {
		t.Errorf("blocks.Grains %v, analysis.Grains %v", blocks.Grains, analysis.Grains)
	}
}
