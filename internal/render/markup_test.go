package render

import (
	"bytes"
	"html/template"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"salesdeck/internal/render/chart"
)

// sameFiles reports every file that differs between got and want.
func sameFiles(t *testing.T, got, want map[string][]byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d files, want %d", len(got), len(want))
	}
	for name, w := range want {
		if !bytes.Equal(got[name], w) {
			t.Errorf("%s differs %s", name, diffAt(got[name], w))
		}
	}
}

// Text in every place a piece written by Go shows one comes out escaped:
// the piece holds it only as html/template's HTMLEscapeString writes it.
func TestMarkupEscapesText(t *testing.T) {
	tricky := []string{
		`"quotes" & 'apostrophes'`, "<b>bold</b>", "</script><script>alert(1)</script>", "nul\x00byte",
		`<img src=x onerror="alert(1)">`, "a\"><script>alert(1)</script>",
	}
	for _, s := range tricky {
		c := chart.Chart{ID: s, Kind: s, Title: s, Format: s, Height: 100,
			Table: chart.Table{Caption: s, Header: []string{s, "Figure"}, Numeric: []bool{false, true}, Rows: [][]string{{s, s}}}}
		c.Option = []byte(`{"title":1}`)
		v := newChartView(c)
		tv := TargetView{Metric: s, Phasing: s, Actual: s, Target: s, Attainment: s, Expected: s, Pace: s, Forecast: s,
			Baseline: s, Lift: s, Gap: s, RunRate: s, Needed: s, NeededHigh: true, BestMonth: s, Show: showAll}
		sv := StatusView{Key: s, Label: s, Symbol: s}
		row := StrategyRow{Title: s, URL: s, Owner: s, Status: sv, Metric: s, Actual: s, Target: s, Attainment: s, Pace: s, Forecast: s}
		hs := &HandoutStrategy{Headline: &tv, Months: MonthTable{Caption: s, Header: []string{s, s}, Rows: [][]string{{s, s}}}}
		for name, write := range map[string]func(*strings.Builder) error{
			"chart":        func(b *strings.Builder) error { return en().writeChart(b, v) },
			"printChart":   func(b *strings.Builder) error { return writePrintChart(b, &PrintChart{ChartView: v, Width: 300}) },
			"printFigures": func(b *strings.Builder) error { return writePrintFigures(b, &PrintChart{ChartView: v, Width: 300}) },
			"months":       func(b *strings.Builder) error { return writeMonths(b, hs) },
			"kpi":          func(b *strings.Builder) error { return en().writeKPI(b, tv) },
			"needed":       func(b *strings.Builder) error { return en().writeNeeded(b, tv) },
			"badge":        func(b *strings.Builder) error { return writeBadge(b, sv) },
			"strategies":   func(b *strings.Builder) error { return en().writeStrategies(b, []StrategyRow{row}) },
			"handoutRow":   func(b *strings.Builder) error { return en().writeHandoutRow(b, row) },
		} {
			var b strings.Builder
			if err := write(&b); err != nil {
				t.Fatal(err)
			}
			got := b.String()
			if strings.Contains(got, s) {
				t.Errorf("%s writes %q as it is:\n%s", name, s, got)
			}
			if !strings.Contains(got, template.HTMLEscapeString(s)) {
				t.Errorf("%s does not show %q:\n%s", name, s, got)
			}
		}
	}
}

// A table whose rows are longer than its header is refused, rather than
// guessed at.
func TestMarkupTableTooLong(t *testing.T) {
	tb := chart.Table{Header: []string{"A"}, Numeric: []bool{false}, Rows: [][]string{{"1", "2"}}}
	if writeTable(&strings.Builder{}, tb) == nil {
		t.Error("writeTable accepted a row longer than its header")
	}
	if en().writeChart(&strings.Builder{}, nil) == nil {
		t.Error("writeChart drew a nil chart")
	}
}

// A site's partial, in templates/partials/, replaces the built-in one;
// so does a partial that a page template defines again.
func TestPartialOverride(t *testing.T) {
	site, res := fixture()
	page, err := fs.ReadFile(Templates(), "overview.html")
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		files fstest.MapFS
		page  string
		want  string
	}{
		"partial file": {fstest.MapFS{"partials/counts.html": {Data: []byte(`{{define "counts"}}<p>our counts</p>{{end}}`)}},
			"plans/fy2026-emea.html", "<p>our counts</p>"},
		"page template": {fstest.MapFS{"overview.html": {Data: append(page, `{{define "counts"}}<p>page counts</p>{{end}}`...)}},
			"index.html", "<p>page counts</p>"},
	} {
		out, err := Render(Input{Site: site, Result: res, Templates: c.files})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !strings.Contains(string(out[c.page]), c.want) {
			t.Errorf("%s: %s lacks %q", name, c.page, c.want)
		}
	}
}

// An option goes into the page as it is when encoding/json made it, and
// is escaped when anything else put markup in it.
func TestChartViewEscapesWhatJSONLeft(t *testing.T) {
	tests := []struct{ option, want string }{
		{`{"title":"a \u003c/script\u003e b"}`, `{"title":"a \u003c/script\u003e b"}`},
		{`{"title":"</script><!--"}`, `{"title":"\u003c/script\u003e\u003c!--"}`},
		{`{"a":"x & y"}`, `{"a":"x \u0026 y"}`},
		{"{\"a\":\"line\u2028break\"}", `{"a":"line\u2028break"}`},
		{`{"a":"Zürich €"}`, `{"a":"Zürich €"}`},
	}
	for _, tt := range tests {
		if got := string(newChartView(chart.Chart{Option: []byte(tt.option)}).JSON); got != tt.want {
			t.Errorf("newChartView(%s).JSON = %s, want %s", tt.option, got, tt.want)
		}
	}
}

// escape writes what template.HTMLEscapeString returns.
func TestEscapeIsHTMLEscapeString(t *testing.T) {
	for _, s := range []string{"", "plain", `"quotes" & 'apostrophes'`, "<b>bold</b>", "</script><!--", "nul\x00byte", "Zürich €\u2028", "&&"} {
		var b strings.Builder
		escape(&b, s)
		if want := template.HTMLEscapeString(s); b.String() != want {
			t.Errorf("escape(%q) = %q, want %q", s, b.String(), want)
		}
	}
}
