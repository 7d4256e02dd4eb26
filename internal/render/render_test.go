package render

import (
	"bytes"
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"salesdeck/internal/analysis"
)

func render(t *testing.T) map[string][]byte {
	t.Helper()
	site, res := fixture()
	out, err := Render(Input{Site: site, Result: res, Pages: fixturePages(), Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func htmlFiles(out map[string][]byte) []string {
	var names []string
	for name := range out {
		if strings.HasSuffix(name, ".html") {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

func TestOutputs(t *testing.T) {
	out := render(t)
	var got []string
	for name := range out {
		got = append(got, name)
	}
	slices.Sort(got)
	want := []string{
		"about.html", "assets/handout.css", "assets/salesdeck.css", "assets/salesdeck.js",
		"data/strategies.csv", "data/strategies.json", "guides/glossary.html", "handout.html", "index.html",
		"plans/fy2026-americas.html", "plans/fy2026-emea.html",
		"strategies/canada-expansion.html", "strategies/dach-enterprise.html", "strategies/france-partners.html",
		"strategies/latam-q1-push.html", "strategies/nordics-midmarket.html", "strategies/uk-renewals.html",
		"strategies/us-midmarket.html",
	}
	if !slices.Equal(got, want) {
		t.Errorf("outputs:\n got %q\nwant %q", got, want)
	}
}

func TestDeterministic(t *testing.T) {
	a, b := render(t), render(t)
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs between two renders", name)
		}
	}
}

var (
	linkAttr  = regexp.MustCompile(`(?:href|src)="([^"]*)"`)
	scriptTag = regexp.MustCompile(`(?s)<script([^>]*)>(.*?)</script>`)
)

// TestLinks checks every link and source of every page points at a file
// of the site, relative to the page.
func TestLinks(t *testing.T) {
	out := render(t)
	for _, name := range htmlFiles(out) {
		for _, m := range linkAttr.FindAllStringSubmatch(string(out[name]), -1) {
			ref := m[1]
			switch {
			case ref == "", strings.HasPrefix(ref, "#"), strings.Contains(ref, "://"):
				continue // empty is a neutralised javascript: link
			case strings.HasPrefix(ref, "/"):
				t.Errorf("%s: absolute link %q", name, ref)
				continue
			}
			target := path.Join(path.Dir(name), strings.SplitN(ref, "#", 2)[0])
			if target == "assets/echarts.min.js" {
				continue // added by the build
			}
			if _, ok := out[target]; !ok {
				t.Errorf("%s: link %q points at %q, which is not an output", name, ref, target)
			}
		}
	}
}

// TestScripts checks the only scripts are the two shared files, loaded
// only by pages with charts, and JSON blocks that parse.
func TestScripts(t *testing.T) {
	out := render(t)
	for _, name := range htmlFiles(out) {
		page := string(out[name])
		root := rootOf(name)
		hasChart := strings.Contains(page, `class="chart-canvas"`)
		for _, m := range scriptTag.FindAllStringSubmatch(page, -1) {
			attrs, body := m[1], m[2]
			switch {
			case strings.Contains(attrs, `type="application/json"`):
				var v any
				if err := json.Unmarshal([]byte(body), &v); err != nil {
					t.Errorf("%s: JSON block does not parse: %v", name, err)
				}
				if strings.ContainsAny(body, "<>") {
					t.Errorf("%s: JSON block holds < or >", name)
				}
			case attrs == ` src="`+root+`assets/echarts.min.js"`, attrs == ` src="`+root+`assets/salesdeck.js"`:
				if !hasChart {
					t.Errorf("%s: loads scripts without charts", name)
				}
				if body != "" {
					t.Errorf("%s: script with src has a body", name)
				}
			default:
				t.Errorf("%s: unexpected script %q", name, m[0])
			}
		}
		loads := strings.Contains(page, "salesdeck.js")
		if hasChart != loads {
			t.Errorf("%s: has charts %v, loads salesdeck.js %v", name, hasChart, loads)
		}
	}
	if strings.Contains(string(out["about.html"]), "echarts") {
		t.Error("about.html has no chart and must not load ECharts")
	}
}

func TestHostileText(t *testing.T) {
	out := render(t)
	for _, name := range htmlFiles(out) {
		page := string(out[name])
		for _, bad := range []string{"<img src=x", "<script>alert", `href="javascript:`} {
			if strings.Contains(page, bad) {
				t.Errorf("%s contains %q", name, bad)
			}
		}
	}
	s := string(out["strategies/us-midmarket.html"])
	for _, want := range []string{
		"&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;", // the title, as text
		`&#34;};alert(1)//`, // the dimension value in the figures table
		`Sam &#34;Quotes&#34; O&#39;Neil`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("strategy page lacks %q", want)
		}
	}
	if !strings.Contains(string(out["index.html"]), `\u003c/script\u003e\u003cimg src=x onerror=alert(1)\u003e`) {
		t.Error("overview chart JSON does not carry the escaped title")
	}
}

// fileWant is what one output file must hold, and must not.
type fileWant struct {
	file          string
	want, notWant []string
}

// checkFiles checks every file of tests in out.
func checkFiles(t *testing.T, out map[string][]byte, tests []fileWant) {
	t.Helper()
	for _, tt := range tests {
		page := string(out[tt.file])
		if page == "" {
			t.Errorf("no %s", tt.file)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(page, w) {
				t.Errorf("%s lacks %q", tt.file, w)
			}
		}
		for _, w := range tt.notWant {
			if strings.Contains(page, w) {
				t.Errorf("%s has %q", tt.file, w)
			}
		}
	}
}

func TestPages(t *testing.T) {
	out := render(t)
	checkFiles(t, out, []fileWant{
		{"index.html", []string{
			`<title>FY2026 sales plans · Acme Sales Plans</title>`,
			`<html lang="en-US" data-currency="USD" data-thousands="K" data-money="whole">`,
			"This site tracks every <strong>FY2026</strong>",
			`<time datetime="2026-06-30">Jun 30, 2026</time>`,
			`<a href="plans/fy2026-emea.html">FY2026 EMEA growth plan</a>`,
			`<a class="strategy-link" href="strategies/dach-enterprise.html">`,
			`<span class="status-symbol" aria-hidden="true">●</span> On track`,
			`id="c_pace"`,
			`<link rel="stylesheet" href="assets/salesdeck.css">`,
			`--primary: #1f5fd1;`,
		}, nil},
		{"plans/fy2026-emea.html", []string{
			`<a href="../index.html">Overview</a>`,
			`<a class="strategy-link" href="../strategies/dach-enterprise.html">`,
			"Grow EMEA enterprise revenue by <strong>18%</strong>",
			`id="c_attainment"`,
			`src="../assets/echarts.min.js"`,
		}, nil},
		{"strategies/dach-enterprise.html", []string{
			`<a href="../plans/fy2026-emea.html">FY2026 EMEA growth plan</a>`,
			"Feb 1, 2026 – Sep 30, 2026",
			"Day 150 of 242",
			`<h2>Revenue</h2>`, `<h2>Units</h2>`, `<h2>Margin</h2>`,
			`id="c_cumulative_0"`, `id="c_monthly_2"`, `id="c_breakdown_1"`,
			"Hire three enterprise account executives in Munich",
			"<dt>Budget</dt><dd>$250,000</dd>",
			"<dt>Excluding Channel</dt><dd>Partner</dd>",
			"Partner deals are excluded",
			"<dt>Lift</dt><dd class=\"up\">+21.8%</dd>",
		}, nil},
		{"strategies/canada-expansion.html", []string{"○</span> Not started", "Day 0 of 184"}, nil},
		{"about.html", []string{
			`<h1 id="about-these-figures">About these figures</h1>`,
			"<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
			`<a href="">bad</a>`,
			`<a href="guides/glossary.html">Glossary</a>`,
		}, []string{"<script>alert", `<h1>About these figures</h1>`}},
		{"guides/glossary.html", []string{
			`<a href="../index.html">Overview</a>`,
			`<a href="../about.html">About these figures</a>`,
			`<h1>Glossary</h1>`,
			`<link rel="stylesheet" href="../assets/salesdeck.css">`,
		}, nil},
	})
}

// TestOverviewPlurals checks the counts in the overview's header read
// as English for one, many and none.
func TestOverviewPlurals(t *testing.T) {
	site, res := fixture()
	one := *res
	one.Plans = []*analysis.Plan{{Plan: res.Plans[0].Plan, Strategies: res.Plans[0].Strategies[:1]}}
	one.Strategies = one.Plans[0].Strategies
	one.RowsRead = 1
	tests := []struct {
		name string
		in   Input
		want string
	}{
		{"many", Input{Site: site, Result: res}, "7 strategies in 2 plans · "},
		{"many rows", Input{Site: site, Result: res}, "· 104,233 sales rows read</p>"},
		{"one", Input{Site: site, Result: &one}, "1 strategy in 1 plan · "},
		{"one row", Input{Site: site, Result: &one}, "· 1 sales row read</p>"},
		{"none", Input{Result: &analysis.Site{Currency: "USD"}}, "0 strategies in 0 plans · "},
		{"no rows", Input{Result: &analysis.Site{Currency: "USD"}}, "· 0 sales rows read</p>"},
	}
	for _, tt := range tests {
		out, err := Render(tt.in)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if page := string(out["index.html"]); !strings.Contains(page, tt.want) {
			t.Errorf("%s: index.html lacks %q", tt.name, tt.want)
		}
	}
}

func TestNav(t *testing.T) {
	out := render(t)
	re := regexp.MustCompile(`<li class="menu-\w+"><a href="([^"]*)"[^>]*>([^<]*)</a>`)
	var got []string
	for _, m := range re.FindAllStringSubmatch(string(out["plans/fy2026-emea.html"]), -1) {
		got = append(got, m[2]+"="+m[1])
	}
	want := []string{
		"Overview=../index.html",
		"FY2026 EMEA growth plan=../plans/fy2026-emea.html",
		"FY2026 Americas plan=../plans/fy2026-americas.html",
		"Glossary=../guides/glossary.html",  // weight 1
		"About these figures=../about.html", // weight 2
	}
	if !slices.Equal(got, want) {
		t.Errorf("nav:\n got %q\nwant %q", got, want)
	}
	if !strings.Contains(string(out["plans/fy2026-emea.html"]), `href="../plans/fy2026-emea.html" aria-current="page"`) {
		t.Error("current page not marked in the menu")
	}
}

func TestLocale(t *testing.T) {
	site, res := fixture()
	site.Locale, site.Currency = "de-DE", "EUR"
	out, err := Render(Input{Site: site, Result: res})
	if err != nil {
		t.Fatal(err)
	}
	page := string(out["strategies/dach-enterprise.html"])
	for _, want := range []string{`<html lang="de-DE" data-currency="EUR" data-thousands="Tsd." data-money="whole">`, "01.02.2026 – 30.09.2026", "4.500.000\u00a0€", "<dt>Budget</dt><dd>250.000\u00a0€</dd>"} {
		if !strings.Contains(page, want) {
			t.Errorf("de-DE page lacks %q", want)
		}
	}
}

func TestColour(t *testing.T) {
	tests := map[string]string{
		"#1f5fd1":                  "#1f5fd1",
		"#abc":                     "#abc",
		"teal":                     "teal",
		"rgb(10, 20, 30)":          "rgb(10, 20, 30)",
		"":                         DefaultPrimary,
		"red;}</style><script>":    DefaultPrimary,
		"url(javascript:alert(1))": DefaultPrimary,
		"expression(alert(1))":     DefaultPrimary,
	}
	for in, want := range tests {
		if got := Colour(in); got != want {
			t.Errorf("Colour(%q) = %q, want %q", in, got, want)
		}
	}
	site, res := fixture()
	site.Theme.Primary = "rgb(10, 20, 30)"
	out, err := Render(Input{Site: site, Result: res})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out["index.html"]), "--primary: rgb(10, 20, 30);") {
		t.Error("an rgb() theme colour did not reach the style sheet")
	}
	site.Theme.Primary = "red;}</style><script>alert(1)</script>"
	out, err = Render(Input{Site: site, Result: res})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out["index.html"]), "--primary: #1f5fd1;") {
		t.Error("a hostile theme colour must fall back to the default")
	}
}

func TestOverride(t *testing.T) {
	site, res := fixture()
	fsys := fstest.MapFS{"page.html": {Data: []byte(`{{define "main"}}<p class="custom">{{.Title}}</p>{{end}}`)}}
	out, err := Render(Input{Site: site, Result: res, Pages: fixturePages(), Templates: fsys})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out["about.html"]), `<p class="custom">About these figures</p>`) {
		t.Error("override of page.html not used")
	}
	if !strings.Contains(string(out["index.html"]), `id="c_pace"`) {
		t.Error("built-in overview.html not used beside the override")
	}
	bad := fstest.MapFS{"plan.html": {Data: []byte(`{{define "main"}}{{.Nope}}{{end}}`)}}
	if _, err := Render(Input{Site: site, Result: res, Templates: bad}); err == nil || !strings.Contains(err.Error(), "plan.html") {
		t.Errorf("err = %v, want a template error naming plan.html", err)
	}
}

func TestErrors(t *testing.T) {
	site, res := fixture()
	pages := append(fixturePages(), Page{Path: "plans/fy2026-emea.html", File: "content/plans/fy2026-emea.md"})
	if _, err := Render(Input{Site: site, Result: res, Pages: pages}); err == nil {
		t.Error("a page over a plan page: no error")
	}
	for _, p := range []string{"../x.html", "/abs.html", "x.md", "a//b.html", ""} {
		if _, err := Render(Input{Site: site, Result: res, Pages: []Page{{Path: p, File: "content/x.md"}}}); err == nil {
			t.Errorf("page path %q: no error", p)
		}
	}
	if _, err := Render(Input{Site: site}); err == nil {
		t.Error("no results: no error")
	}
}

func TestEmptySite(t *testing.T) {
	out, err := Render(Input{Result: &analysis.Site{Currency: "USD"}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out["index.html"]), "salesdeck.js") {
		t.Error("an empty overview has no chart")
	}
	if got := string(out["data/strategies.json"]); !strings.Contains(got, `"plans": []`) || !strings.Contains(got, `"strategies": []`) {
		t.Errorf("empty export = %s", got)
	}
}

// TestWriteSample writes the fixture site to $SALESDECK_SAMPLE for a look
// in a browser; it does nothing otherwise.
func TestWriteSample(t *testing.T) {
	dir := os.Getenv("SALESDECK_SAMPLE")
	if dir == "" {
		t.Skip("set SALESDECK_SAMPLE=dir to write the sample site")
	}
	for name, b := range render(t) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
