package render

import (
	"bytes"
	"html/template"
	"io/fs"
	"math"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"salesdeck/internal/chart"
)

// RenderWithTemplates renders every partial through html/template, for
// the tests of package render_test that compare whole sites.
var RenderWithTemplates = func(in Input) (map[string][]byte, error) { return renderSite(in, false) }

// sameFiles reports every file that differs between the fast and the
// template rendering of the same input.
func sameFiles(t *testing.T, fast, slow map[string][]byte) {
	t.Helper()
	if len(fast) != len(slow) {
		t.Errorf("%d files with the fast partials, %d without", len(fast), len(slow))
	}
	for name, want := range slow {
		got := fast[name]
		if bytes.Equal(got, want) {
			continue
		}
		i := 0
		for i < min(len(got), len(want)) && got[i] == want[i] {
			i++
		}
		lo := max(0, i-80)
		t.Errorf("%s differs at byte %d:\nfast:      %q\ntemplates: %q", name, i,
			got[lo:min(len(got), i+80)], want[lo:min(len(want), i+80)])
	}
}

// The fixture (every status, hostile titles and dimension values, figure
// blocks in Markdown) renders to the same bytes either way.
func TestFastPartialsFixture(t *testing.T) {
	site, res := fixture()
	pages := append(fixturePages(), Page{Path: "figures.html", Title: "Figures", Body: figuresPage, File: "content/figures.md", BodyLine: 4})
	fast, slow := bothWays(t, Input{Site: site, Result: res, Pages: pages, Version: "test"})
	sameFiles(t, fast, slow)
}

// bothWays renders in with the fast partials and without.
func bothWays(t *testing.T, in Input) (fast, slow map[string][]byte) {
	t.Helper()
	fast, err := renderSite(in, true)
	if err != nil {
		t.Fatal(err)
	}
	slow, err = renderSite(in, false)
	if err != nil {
		t.Fatal(err)
	}
	return fast, slow
}

// Every character html/template treats specially, in every place the
// partials write text, comes out as the template writes it.
func TestFastPartialsText(t *testing.T) {
	tricky := []string{
		"", "plain", `"quotes" & 'apostrophes'`, "a+b", "<b>bold</b>", "</script><script>alert(1)</script>",
		"nul\x00byte", "bad \xff\xfe UTF-8", "line\u2028separator", "tab\tand\nnewline", "{b} {{.}}",
		"émigré ✓ 日本", "\ufdd0\uffff non-characters", "`backtick` =equals", "&amp; already",
	}
	tmpl, err := builtinTemplates()
	if err != nil {
		t.Fatal(err)
	}
	base, handout := tmpl["base.html"], tmpl["handout.html"]
	marks := []float64{-1, 0, 0.5, 64.44, 100, 1e-7, 1e21, 33.333333333333336, math.Copysign(0, -1), 250}
	urls := []string{"strategies/a-b.html", "../strategies/x.html", "#strategy-x", "javascript:alert(1)", "JavaScript:x",
		"https://example.com/?a=1&b=2", "mailto:a@b", "data:text/html,x", "a b/ü?q=1%41%zz%4", "/x:y", "it's (1)", "%", "a\"b<c>'+", ""}
	for i, s := range tricky {
		c := chart.Chart{ID: "c_t" + strings.Repeat("x", i), Kind: s, Title: s, Format: s, Height: 100 + i,
			Table: chart.Table{Caption: s, Header: []string{s, "Figure"}, Numeric: []bool{false, true},
				Rows: [][]string{{s, s}, {"Total", "1,234"}}}}
		c.Option = []byte(`{"title":` + strings.Repeat("1", i+1) + `}`)
		v := newChartView(c)
		var want bytes.Buffer
		if err := base.ExecuteTemplate(&want, "chart", v); err != nil {
			t.Fatal(err)
		}
		var got strings.Builder
		if err := writeChart(&got, v); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("text %q:\nfast:      %q\ntemplates: %q", s, got.String(), want.String())
		}

		tv := TargetView{Metric: s, Phasing: s, Actual: s, Target: s, Attainment: s, Expected: s, Pace: s, Forecast: s, Baseline: s, Lift: s, Gap: s,
			GapSign: i%3 - 1, LiftSign: (i+1)%3 - 1, Bar: Bar{Fill: marks[i%len(marks)], Mark: marks[(i+3)%len(marks)], Over: i%2 == 0}}
		tv.Show = KPIShow{i%2 == 0, i%3 == 0, i%4 != 1, i%5 != 2, i%2 == 1, i%3 != 1, i%4 == 2, i%5 != 0}
		if i == 0 {
			tv.Show = KPIShow{}
		}
		sv := StatusView{Key: s, Label: s, Symbol: s}
		pc := &PrintChart{ChartView: v, Width: 300 + i}
		hs := &HandoutStrategy{Headline: &TargetView{Phasing: s}, Months: MonthTable{Caption: s, Header: []string{s, s}, Rows: [][]string{{s, s, s}}}}
		row := StrategyRow{ID: s, Title: s, URL: urls[i%len(urls)], Owner: s, PlanID: s, PlanTitle: s, PlanURL: s, Status: sv,
			Metric: s, Actual: s + "1", Target: s + "2", Attainment: s + "3", Expected: s, Pace: s + "4", Forecast: s + "5", Lift: s, Elapsed: s, Bar: tv.Bar}
		rows := []StrategyRow{row, {Title: s, URL: urls[(i+5)%len(urls)], Status: sv}}
		for _, c := range []struct {
			partial string
			data    any
			write   func(*strings.Builder) error
		}{
			{"print-chart", pc, func(b *strings.Builder) error { return writePrintChart(b, pc) }},
			{"months", hs, func(b *strings.Builder) error { return writeMonths(b, hs) }},
			{"kpi", tv, func(b *strings.Builder) error { return writeKPI(b, tv) }},
			{"bar", tv.Bar, func(b *strings.Builder) error { return writeBar(b, tv.Bar) }},
			{"status", sv, func(b *strings.Builder) error { return writeStatus(b, sv) }},
			{"strategies", rows, func(b *strings.Builder) error { return writeStrategies(b, rows) }},
			{"strategies", rows[:0], func(b *strings.Builder) error { return writeStrategies(b, nil) }},
			{"handout-row", row, func(b *strings.Builder) error { return writeHandoutRow(b, row) }},
			{"handout-row", rows[1], func(b *strings.Builder) error { return writeHandoutRow(b, rows[1]) }},
		} {
			var want bytes.Buffer
			if err := handout.ExecuteTemplate(&want, c.partial, c.data); err != nil {
				t.Fatal(err)
			}
			var got strings.Builder
			if err := c.write(&got); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("%s, text %q:\nfast:      %q\ntemplates: %q", c.partial, s, got.String(), want.String())
			}
		}
	}
}

// A table without a caption, without rows, or whose columns are all
// figures, is written as the template writes it.
func TestFastPartialsTables(t *testing.T) {
	tmpl, err := builtinTemplates()
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range []chart.Table{
		{},
		{Header: []string{"Month"}, Numeric: []bool{false}},
		{Caption: "Revenue", Header: []string{"A", "B", "C"}, Numeric: []bool{true, true, true}, Rows: [][]string{{"1", "2", "3"}}},
		{Caption: "Short row", Header: []string{"A", "B"}, Numeric: []bool{false, true}, Rows: [][]string{{"x"}, {}}},
	} {
		var want bytes.Buffer
		if err := tmpl["base.html"].ExecuteTemplate(&want, "table", tb); err != nil {
			t.Fatal(err)
		}
		var got strings.Builder
		if err := writeTable(&got, tb); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("table %+v:\nfast:      %q\ntemplates: %q", tb, got.String(), want.String())
		}
	}
	// More cells than the header says stops both, rather than guessing.
	tb := chart.Table{Header: []string{"A"}, Numeric: []bool{false}, Rows: [][]string{{"1", "2"}}}
	var sink bytes.Buffer
	if tmpl["base.html"].ExecuteTemplate(&sink, "table", tb) == nil {
		t.Error("the template accepted a row longer than its header")
	}
	if writeTable(&strings.Builder{}, tb) == nil {
		t.Error("writeTable accepted a row longer than its header")
	}
}

// A page template that redefines a partial the built-in ones call ("chart"
// calls "table", "kpi" calls "bar" and "status") has it used, as the
// templates alone would: the site renders as it does without the fast
// partials.
func TestFastPartialsRedefinedByAPage(t *testing.T) {
	site, res := fixture()
	for _, c := range []struct{ file, defines string }{
		{"strategy.html", `{{define "table"}}<p>our table</p>{{end}}{{define "bar"}}<i>our bar</i>{{end}}`},
		{"overview.html", `{{define "status"}}<b>{{.Label}}</b>{{end}}{{define "chart"}}<p>our chart</p>{{end}}`},
		{"handout.html", `{{define "status"}}<b>{{.Label}}</b>{{end}}{{define "bar"}}<i>our bar</i>{{end}}`},
	} {
		src, err := fs.ReadFile(Templates(), c.file)
		if err != nil {
			t.Fatal(err)
		}
		in := Input{Site: site, Result: res, Pages: fixturePages(),
			Templates: fstest.MapFS{c.file: {Data: append(src, c.defines...)}}}
		fast, slow := bothWays(t, in)
		t.Run(c.file, func(t *testing.T) { sameFiles(t, fast, slow) })
		var used bool
		for _, page := range []string{"index.html", "strategies/dach-enterprise.html", "handout.html"} {
			used = used || strings.Contains(string(fast[page]), "our ") || strings.Contains(string(fast[page]), "<b>")
		}
		if !used {
			t.Errorf("%s: the redefined partials were not used", c.file)
		}
	}
}

// A site that overrides base.html gets its own partials, not the fast ones.
func TestFastPartialsOverridden(t *testing.T) {
	site, res := fixture()
	b, err := fs.ReadFile(Templates(), "base.html")
	if err != nil {
		t.Fatal(err)
	}
	src := strings.Replace(string(b), `<summary>Figures</summary>`, `<summary>Our figures</summary>`, 1)
	out, err := Render(Input{Site: site, Result: res, Templates: fstest.MapFS{"base.html": {Data: []byte(src)}}})
	if err != nil {
		t.Fatal(err)
	}
	page := string(out["strategies/dach-enterprise.html"])
	if n := strings.Count(page, "<summary>Our figures</summary>"); n == 0 || strings.Contains(page, "<summary>Figures</summary>") {
		t.Errorf("the overridden chart partial drew %d charts and the built-in one some", n)
	}
	if !slices.Contains(htmlFiles(out), "strategies/dach-enterprise.html") {
		t.Fatal("no strategy page")
	}
}

// The frame of a page, with awkward text and URLs in every place it
// shows one, is written as base.html writes it.
func TestFastFrame(t *testing.T) {
	tmpl, err := builtinTemplates()
	if err != nil {
		t.Fatal(err)
	}
	tricky := []string{"", "Sales plans", `"quotes" & 'apostrophes' <b>`, "</title><script>alert(1)</script>", "bad \xff UTF-8 nul\x00", "émigré ✓"}
	urls := []string{"", "../", "../../assets/", "javascript:alert(1)//", "a b/ü?x=1&y=%41", "https://cdn.example/x.css", "static/our style.css"}
	for i, s := range tricky {
		for j, u := range urls {
			d := &Data{
				Site: SiteView{Title: tricky[(i+1)%len(tricky)], Lang: s, Currency: s, Primary: "#1f5fd1", Logo: urls[(j+1)%len(urls)], Version: s,
					AsOf: s, AsOfISO: s, Assets: u, Data: urls[(j+2)%len(urls)], Home: urls[(j+3)%len(urls)], Styles: []string{u, s}[:j%3%2+j%2]},
				Root: u, Path: "p.html", Title: s, Description: tricky[(i+j)%len(tricky)], HasCharts: (i+j)%2 == 0,
				Nav:  []NavItem{{Title: s, URL: u, Kind: s, Current: j%2 == 0}, {Title: "Overview", URL: "index.html", Kind: "overview", Current: j%2 == 1}},
				Page: &PageView{Body: "<p>body</p>", HasTitle: i%2 == 0},
			}
			if i == 1 {
				d.Title = d.Site.Title
			}
			var want, main bytes.Buffer
			if err := tmpl["page.html"].ExecuteTemplate(&want, "base", d); err != nil {
				t.Fatal(err)
			}
			if err := tmpl["page.html"].ExecuteTemplate(&main, "main", d); err != nil {
				t.Fatal(err)
			}
			var got strings.Builder
			writeFrameHead(&got, d)
			got.Write(main.Bytes())
			writeFrameTail(&got, d)
			if got.String() != want.String() {
				t.Errorf("text %q, URL %q:\nfast:      %q\ntemplates: %q", s, u, got.String(), want.String())
			}
		}
	}
}

// builtinTemplates parses the built-in templates as a render without the
// fast partials does.
func builtinTemplates() (map[string]*template.Template, error) {
	srcs, err := readTemplates(nil)
	if err != nil {
		return nil, err
	}
	return loadTemplates(srcs, (&renderer{}).funcs(), false)
}
