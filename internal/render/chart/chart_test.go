package chart

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"salesdeck/internal/analysis"
	"salesdeck/internal/load/plan"
	"salesdeck/internal/render/format"
	"salesdeck/internal/render/label"
	"salesdeck/internal/support/civil"
)

const hostile = `</script><img src=x onerror=alert(1)>`

var none = analysis.Num{}

func n(v float64) analysis.Num { return analysis.Some(v) }

// fixture is a plan with two strategies: one under way with a hostile
// title, one not started.
func fixture() *analysis.Plan {
	p := &plan.Plan{ID: "fy26", Title: "FY26 plan"}
	revenue := analysis.Metric{Name: "revenue", Format: "money"}
	s1 := &analysis.Strategy{
		Strategy: &plan.Strategy{ID: "dach", Title: hostile},
		Plan:     p,
		Status:   analysis.OnTrack,
		Period:   civil.Range{Start: civil.New(2026, 1, 1), End: civil.New(2026, 3, 31)},
		Targets: []analysis.Target{{
			Metric: revenue, Target: 900, Actual: n(400), ExpectedToDate: n(300),
			Attainment: n(400.0 / 900), Pace: n(4.0 / 3), Forecast: n(1200),
		}},
		Monthly: []analysis.Month{
			{Month: "2026-01", Figures: []analysis.MonthFigure{{Metric: "revenue", Actual: n(250), Target: n(300), Baseline: n(200),
				CumulativeActual: n(250), CumulativeTarget: n(300), CumulativeBaseline: n(200)}}},
			{Month: "2026-02", Figures: []analysis.MonthFigure{{Metric: "revenue", Actual: n(150), Target: n(300), Baseline: n(220),
				CumulativeActual: n(400), CumulativeTarget: n(600), CumulativeBaseline: n(420)}}},
			{Month: "2026-03", Figures: []analysis.MonthFigure{{Metric: "revenue", Actual: none, Target: n(300), Baseline: n(260),
				CumulativeActual: none, CumulativeTarget: n(900), CumulativeBaseline: n(680)}}},
		},
		Breakdowns: []analysis.Breakdown{{Dimension: "country", Entries: []analysis.BreakdownEntry{
			{Value: `"};alert(1)//`, Actual: n(300)},
			{Value: "{b} Germany", Actual: n(60)},
			{Value: "Other", Actual: n(40), Other: true},
		}}},
	}
	s2 := &analysis.Strategy{
		Strategy: &plan.Strategy{ID: "later", Title: "Later"},
		Plan:     p,
		Status:   analysis.NotStarted,
		Targets:  []analysis.Target{{Metric: revenue, Target: 100}},
	}
	s3 := &analysis.Strategy{
		Strategy: &plan.Strategy{ID: "slow", Title: "Slow"},
		Plan:     p,
		Status:   analysis.Behind,
		Targets:  []analysis.Target{{Metric: revenue, Target: 100, Actual: n(10), ExpectedToDate: n(50), Attainment: n(0.1), Pace: n(0.2)}},
	}
	return &analysis.Plan{Plan: p, Strategies: []*analysis.Strategy{s2, s1, s3}}
}

func builder() Builder {
	return NewBuilder(format.New("en-US", "USD"), label.NewText("en-US", nil), "")
}

// decode parses an option and checks what every option must be.
func decode(t *testing.T, c Chart) map[string]any {
	t.Helper()
	for _, bad := range []string{"<", ">", "&", "NaN", "Infinity", "__f__"} {
		if bytes.Contains(c.Option, []byte(bad)) {
			t.Errorf("%s: option contains %q: %s", c.ID, bad, c.Option)
		}
	}
	var m map[string]any
	if err := json.Unmarshal(c.Option, &m); err != nil {
		t.Fatalf("%s: option is not JSON: %v", c.ID, err)
	}
	if m["animation"] != false {
		t.Errorf("%s: animation = %v, want false", c.ID, m["animation"])
	}
	if _, ok := m["title"]; ok {
		t.Errorf("%s: empty title left in", c.ID)
	}
	if tt, _ := m["tooltip"].(map[string]any); tt["formatter"] != nil {
		t.Errorf("%s: tooltip formatter set: data text could become HTML", c.ID)
	}
	return m
}

func seriesName(m map[string]any, i int) any {
	return m["series"].([]any)[i].(map[string]any)["name"]
}

func series(m map[string]any, i int) []any {
	return m["series"].([]any)[i].(map[string]any)["data"].([]any)
}

func TestStrategyCharts(t *testing.T) {
	p := fixture()
	s := p.Strategies[1]
	b := builder()
	tests := []struct {
		name      string
		build     func() (Chart, error)
		kind      string
		wantRows  [][]string
		checkData func(t *testing.T, m map[string]any)
	}{
		{
			name:  "cumulative",
			build: func() (Chart, error) { return b.Cumulative("c_cum", s, 0) },
			kind:  Cumulative,
			wantRows: [][]string{
				{"Jan 2026", "$250.00", "$300.00", "$200.00"},
				{"Feb 2026", "$400.00", "$600.00", "$420.00"},
				{"Mar 2026", "—", "$900.00", "$680.00"},
			},
			checkData: func(t *testing.T, m map[string]any) {
				if got := series(m, 0); got[2] != nil || got[1] != 400.0 {
					t.Errorf("actual = %v, want the line to stop at as_of", got)
				}
				if got := series(m, 1); got[2] != 900.0 {
					t.Errorf("target = %v", got)
				}
				// Last year's line runs on past as_of.
				if got := series(m, 2); got[2] != 680.0 || seriesName(m, 2) != "Last year" {
					t.Errorf("%s = %v", seriesName(m, 2), got)
				}
			},
		},
		{
			name:  "monthly",
			build: func() (Chart, error) { return b.Monthly("c_mon", s, 0) },
			kind:  Monthly,
			wantRows: [][]string{
				{"Jan 2026", "$250.00", "$300.00", "$200.00"},
				{"Feb 2026", "$150.00", "$300.00", "$220.00"},
				{"Mar 2026", "—", "$300.00", "$260.00"},
			},
			checkData: func(t *testing.T, m map[string]any) {
				if got := series(m, 0); got[2] != nil {
					t.Errorf("actual = %v, want null after as_of", got)
				}
				// Last year is a line over the bars, to the period's end.
				third := m["series"].([]any)[2].(map[string]any)
				if got := series(m, 2); got[2] != 260.0 || third["type"] != "line" {
					t.Errorf("last year = %v, a %v series", got, third["type"])
				}
			},
		},
		{
			name:  "breakdown",
			build: func() (Chart, error) { return b.Breakdown("c_bd", s, 0) },
			kind:  Breakdown,
			wantRows: [][]string{
				{`"};alert(1)//`, "$300.00", "75.0%"},
				{"{b} Germany", "$60.00", "15.0%"},
				{"Other", "$40.00", "10.0%"},
			},
			checkData: func(t *testing.T, m map[string]any) {
				y := m["yAxis"].([]any)[0].(map[string]any)
				if got := y["data"].([]any)[0]; got != `"};alert(1)//` {
					t.Errorf("category = %q", got)
				}
				label := series(m, 0)[1].(map[string]any)["label"].(map[string]any)["formatter"]
				if strings.ContainsAny(label.(string), "{}") {
					t.Errorf("label formatter %q has template braces", label)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tt.build()
			if err != nil {
				t.Fatal(err)
			}
			if c.Kind != tt.kind || c.Format != "money" || c.Height <= 0 {
				t.Errorf("chart = %+v", c)
			}
			m := decode(t, c)
			if len(c.Table.Header) != len(c.Table.Numeric) {
				t.Errorf("header %v and numeric %v differ in length", c.Table.Header, c.Table.Numeric)
			}
			if got, want := c.Table.Rows, tt.wantRows; !equalRows(got, want) {
				t.Errorf("rows = %q, want %q", got, want)
			}
			tt.checkData(t, m)
			again, _ := tt.build()
			if !bytes.Equal(c.Option, again.Option) {
				t.Error("option differs between two builds")
			}
		})
	}
}

func TestAttainment(t *testing.T) {
	c, err := builder().Attainment("c_att", fixture())
	if err != nil {
		t.Fatal(err)
	}
	m := decode(t, c)
	bars := series(m, 0)
	if v := bars[0].(map[string]any)["value"]; v != nil {
		t.Errorf("not started attainment = %v, want null", v)
	}
	if !bytes.Contains(c.Option, []byte(`"markLine"`)) || !bytes.Contains(c.Option, []byte(`"xAxis":1`)) {
		t.Errorf("no marker line at 100%%: %s", c.Option)
	}
	want := []string{hostile, "Revenue", "$400.00", "$900.00", "44.4%", "33.3%", "● On track"}
	if got := c.Table.Rows[1]; !equalRows([][]string{got}, [][]string{want}) {
		t.Errorf("row = %q, want %q", got, want)
	}
}

// A ratio chart writes each bar's figure and status in a column at the
// axis's end, one point a bar on the bar's line, never on the bars or
// the ticks, whose labels are gone; the axis ends at 100% or at the next
// tenth past the largest figure, where the column starts.
func TestRatioColumn(t *testing.T) {
	p := fixture()
	over := *p.Strategies[1]
	over.Targets = slices.Clone(over.Targets)
	over.Targets[0].Attainment, over.Targets[0].Pace = n(1.234), n(1.234)
	for _, tt := range []struct {
		name   string
		chart  func(Builder) (Chart, error)
		column int
		end    float64
		want   []string
	}{
		{"attainment", func(b Builder) (Chart, error) { return b.Attainment("c", p) }, 2, 1, []string{"—  ○ Not started", "44.4%  ● On track", "10.0%  ▼ Behind"}},
		{"pace", func(b Builder) (Chart, error) { return b.Pace("c", p.Strategies) }, 1, 1.4, []string{"133.3%  ● On track", "20.0%  ▼ Behind", "—  ○ Not started"}},
		{"attainment past 100%", func(b Builder) (Chart, error) {
			return b.Attainment("c", &analysis.Plan{Strategies: []*analysis.Strategy{&over}})
		}, 2, 1.3, []string{"123.4%  ● On track"}},
	} {
		c, err := tt.chart(builder())
		if err != nil {
			t.Fatal(err)
		}
		m := decode(t, c)
		if got := m["xAxis"].([]any)[0].(map[string]any)["max"]; got != tt.end {
			t.Errorf("%s: axis ends at %v, want %v", tt.name, got, tt.end)
		}
		all := m["series"].([]any)
		col := all[tt.column].(map[string]any)
		if col["id"] != "labels" || col["type"] != "scatter" {
			t.Fatalf("%s: series %d is %v, not the column", tt.name, tt.column, col)
		}
		var got []string
		for i, d := range col["data"].([]any) {
			item := d.(map[string]any)
			if v := item["value"].([]any); v[0] != tt.end || v[1] != float64(i) {
				t.Errorf("%s: point %d at %v, want [%v %d]", tt.name, i, v, tt.end, i)
			}
			got = append(got, item["label"].(map[string]any)["formatter"].(string))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: column %q, want %q", tt.name, got, tt.want)
		}
		for k, s := range all {
			if k == tt.column {
				continue
			}
			for _, d := range s.(map[string]any)["data"].([]any) {
				if item, ok := d.(map[string]any); ok && item["label"] != nil {
					t.Errorf("%s: series %d still labels a bar or tick: %v", tt.name, k, item["label"])
				}
			}
		}
	}
}

func TestPace(t *testing.T) {
	p := fixture()
	c, err := builder().Pace("c_pace", p.Strategies)
	if err != nil {
		t.Fatal(err)
	}
	m := decode(t, c)
	var order []string
	for _, r := range c.Table.Rows {
		order = append(order, r[1])
	}
	if want := []string{hostile, "Slow", "Later"}; strings.Join(order, "|") != strings.Join(want, "|") {
		t.Errorf("order = %q, want %q", order, want)
	}
	colour := series(m, 0)[1].(map[string]any)["itemStyle"].(map[string]any)["color"]
	if colour != builder().Look(analysis.Behind).Colour {
		t.Errorf("behind bar colour = %v", colour)
	}
	if got := c.Table.Rows[2][3]; got != format.Dash {
		t.Errorf("not started pace = %q, want a dash", got)
	}
}

func TestErrors(t *testing.T) {
	p := fixture()
	b := builder()
	tests := []struct {
		name string
		err  func() error
	}{
		{"bad id", func() error { _, err := b.Cumulative("c-1", p.Strategies[1], 0); return err }},
		{"bad id html", func() error { _, err := b.Pace("</script>", p.Strategies); return err }},
		{"no target", func() error { _, err := b.Monthly("c", p.Strategies[1], 3); return err }},
		{"no breakdown", func() error { _, err := b.Breakdown("c", p.Strategies[0], 0); return err }},
	}
	for _, tt := range tests {
		if tt.err() == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
}

func TestLook(t *testing.T) {
	de := NewBuilder(format.New("de-DE", "EUR"), label.NewText("de-DE", nil), "")
	for _, s := range analysis.Statuses {
		l := builder().Look(s)
		if l.Label == "" || l.Symbol == "" || l.Symbol == "?" || l.Colour == "" || strings.Contains(l.Label, ".") {
			t.Errorf("Look(%s) = %+v", s, l)
		}
		if g := de.Look(s); g.Label == l.Label || g.Symbol != l.Symbol || g.Colour != l.Colour {
			t.Errorf("German Look(%s) = %+v, English %+v: another word, the same symbol and colour", s, g, l)
		}
	}
	if l := builder().Look("odd"); l.Label != "odd" {
		t.Errorf("Look(odd) = %+v", l)
	}
}

func equalRows(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.Join(a[i], "\x00") != strings.Join(b[i], "\x00") {
			return false
		}
	}
	return true
}

// A waterfall reads left to right: last year to date, each change on the
// running total, this year to date; a bar across zero is drawn in two
// parts, and the table holds every figure with its running total.
func TestWaterfall(t *testing.T) {
	s := fixture().Strategies[1]
	s.Targets[0].BaselineToDate = n(300)
	s.Bridge = &analysis.Bridge{By: "country", Start: 300, End: 400, Steps: []analysis.BridgeStep{
		{Value: "Germany", Delta: 150}, {Value: "{b} Austria", Delta: -350}, {Value: "Other", Delta: 300, Other: true}}}
	c, err := builder().Bridge("c_bridge", s)
	if err != nil {
		t.Fatal(err)
	}
	m := decode(t, c)
	want := [][]string{
		{"Last year to date", "—", "$300.00"},
		{"Germany", "+$150.00", "$450.00"},
		{"{b} Austria", "-$350.00", "$100.00"},
		{"Other", "+$300.00", "$400.00"},
		{"This year to date", "—", "$400.00"},
	}
	if c.Kind != Bridge || !equalRows(c.Table.Rows, want) {
		t.Errorf("%s: rows %q, want %q", c.Kind, c.Table.Rows, want)
	}
	// The base under each bar, the bar, and nothing below zero; the axis
	// starts at 0 (the changes span 100 to 450: half of it below 100 is
	// under 0).
	base, bars := series(m, 0), series(m, 1)
	wantBase := []any{0.0, 300.0, 100.0, 100.0, 0.0}
	wantBars := []float64{300, 150, 350, 300, 400}
	for i := range wantBars {
		if base[i] != wantBase[i] {
			t.Errorf("bar %d: base %v, want %v", i, base[i], wantBase[i])
		}
		if v := bars[i].(map[string]any)["value"]; v != wantBars[i] {
			t.Errorf("bar %d: %v, want %v", i, v, wantBars[i])
		}
	}
	if y := m["yAxis"].([]any)[0].(map[string]any); y["min"] != nil {
		t.Errorf("axis starts at %v, want 0", y["min"])
	}
	// Across zero: from 450 down to −100 is a part above zero and a part
	// below.
	s.Bridge.Steps[1].Delta, s.Bridge.Steps[2].Delta = -550, 500
	c, _ = builder().Bridge("c_bridge", s)
	m = decode(t, c)
	up, down := series(m, 1)[2].(map[string]any)["value"], series(m, 2)[2].(map[string]any)["value"]
	if up != 450.0 || down != -100.0 || series(m, 0)[2] != nil {
		t.Errorf("a bar across zero: %v above, %v below, base %v; want 450, -100, none", up, down, series(m, 0)[2])
	}
	// Far from zero, the axis starts below the lowest change, at a round
	// figure: changes from 10,000 to 10,600 start it half their span
	// lower, at 9,700.
	if f, ok := axisFloor(10000, 10600); !ok || f != 9700 {
		t.Errorf("axis floor %v %v, want 9700", f, ok)
	}
	if _, ok := axisFloor(100, 450); ok {
		t.Error("an axis floor below 0")
	}
}
