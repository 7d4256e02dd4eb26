package render

import (
	"encoding/csv"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"salesdeck/internal/analysis"
	"salesdeck/internal/civil"
	"salesdeck/internal/plan"
)

// keys returns the keys of the JSON object raw, in written order.
func keys(t *testing.T, raw json.RawMessage) []string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %.40s", raw)
	}
	var out []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// at walks raw by object keys and array indexes.
func at(t *testing.T, raw json.RawMessage, path ...any) json.RawMessage {
	t.Helper()
	for _, p := range path {
		switch p := p.(type) {
		case string:
			var m map[string]json.RawMessage
			if err := json.Unmarshal(raw, &m); err != nil {
				t.Fatal(err)
			}
			raw = m[p]
		case int:
			var a []json.RawMessage
			if err := json.Unmarshal(raw, &a); err != nil {
				t.Fatal(err)
			}
			raw = a[p]
		}
	}
	return raw
}

func TestStrategiesJSON(t *testing.T) {
	out := render(t)
	raw := string(out["data/strategies.json"])
	for _, bad := range []string{"NaN", "Inf"} {
		if strings.Contains(raw, bad) {
			t.Errorf("export contains %s", bad)
		}
	}
	var doc struct {
		AsOf       string `json:"as_of"`
		Currency   string
		RowsRead   int `json:"rows_read"`
		Plans      []map[string]any
		Strategies []map[string]any
	}
	if err := json.Unmarshal([]byte(raw), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.AsOf != "2026-06-30" || doc.Currency != "USD" || doc.RowsRead != 104233 || len(doc.Plans) != 2 || len(doc.Strategies) != 7 {
		t.Errorf("top level = %+v", doc)
	}
	top := json.RawMessage(raw)
	dach := at(t, top, "strategies", 0)
	tests := []struct {
		raw  json.RawMessage
		want []string
	}{
		{top, []string{"as_of", "currency", "rows_read", "plans", "strategies"}},
		{at(t, top, "plans", 0), []string{"id", "title", "strategies"}},
		{dach, []string{"id", "plan", "title", "owner", "status", "period", "baseline",
			"days_total", "days_elapsed", "elapsed", "rows_matched", "targets", "monthly", "breakdowns"}},
		{at(t, dach, "targets"), []string{"revenue", "units", "margin"}}, // plan order, not sorted
		{at(t, dach, "targets", "revenue"), []string{"target", "actual", "expected_to_date", "attainment", "pace", "forecast", "baseline_to_date", "lift"}},
		{at(t, dach, "period"), []string{"start", "end"}},
		{at(t, dach, "baseline"), []string{"start", "end"}},
		{at(t, dach, "monthly", 0), []string{"month", "metrics"}},
		{at(t, dach, "monthly", 0, "metrics"), []string{"revenue", "units", "margin"}},
		{at(t, dach, "monthly", 0, "metrics", "units"), []string{"actual", "target", "cumulative_actual", "cumulative_target"}},
		{at(t, dach, "breakdowns"), []string{"country", "product"}},
		{at(t, dach, "breakdowns", "country", 0), []string{"value", "actual"}},
	}
	for _, tt := range tests {
		if got := keys(t, tt.raw); !slices.Equal(got, tt.want) {
			t.Errorf("keys = %q, want %q", got, tt.want)
		}
	}
	if got := string(at(t, dach, "breakdowns", "country", 3, "value")); got != `"\"};alert(1)//"` {
		t.Errorf("hostile value = %s", got)
	}

	// A strategy that has not started: nothing expected yet, so pace,
	// forecast and lift are null; months after as_of have null actuals.
	var canada map[string]any
	for _, s := range doc.Strategies {
		if s["id"] == "canada-expansion" {
			canada = s
		}
	}
	rev := canada["targets"].(map[string]any)["revenue"].(map[string]any)
	for _, k := range []string{"pace", "forecast", "lift"} {
		if v, ok := rev[k]; !ok || v != nil {
			t.Errorf("canada %s = %v (present %v), want null", k, v, ok)
		}
	}
	m0 := canada["monthly"].([]any)[0].(map[string]any)["metrics"].(map[string]any)["revenue"].(map[string]any)
	if m0["actual"] != nil || m0["cumulative_target"] == nil {
		t.Errorf("canada first month = %v", m0)
	}
	if canada["elapsed"] != 0.0 || canada["days_elapsed"] != 0.0 {
		t.Errorf("canada elapsed = %v, %v", canada["elapsed"], canada["days_elapsed"])
	}
}

func TestJSONUnrounded(t *testing.T) {
	res := &analysis.Site{AsOf: civil.New(2026, 1, 1), Currency: "EUR"}
	p := &plan.Plan{ID: "p", Title: "P"}
	s := &analysis.Strategy{Strategy: &plan.Strategy{ID: "s", Title: "S"}, Plan: p, Elapsed: 1.0 / 3,
		Targets: []analysis.Target{{Metric: analysis.Metric{Name: "revenue"}, Target: 4500000, Actual: analysis.Some(2900000.125), Pace: analysis.Some(1.0 / 3)}}}
	res.Plans = []*analysis.Plan{{Plan: p, Strategies: []*analysis.Strategy{s}}}
	res.Strategies = []*analysis.Strategy{s}
	b, err := strategiesJSON(res, "EUR")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"elapsed": 0.3333333333333333`, `"target": 4500000,`, `"actual": 2900000.125`, `"pace": 0.3333333333333333`, `"attainment": null`, `"monthly": []`, `"breakdowns": {}`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("export lacks %s:\n%s", want, b)
		}
	}
}

func TestStrategiesCSV(t *testing.T) {
	p := &plan.Plan{ID: "p1", Title: "P"}
	rev := analysis.Metric{Name: "revenue", Format: "money"}
	mk := func(id, title, owner string, targets ...analysis.Target) *analysis.Strategy {
		return &analysis.Strategy{Strategy: &plan.Strategy{ID: id, Title: title, Owner: owner}, Plan: p, Status: analysis.Behind,
			Period: civil.Range{Start: civil.New(2026, 1, 1), End: civil.New(2026, 12, 31)}, DaysElapsed: 181, DaysTotal: 365, Targets: targets}
	}
	res := &analysis.Site{Strategies: []*analysis.Strategy{
		mk("a", `=HYPERLINK("http://x","y")`, "-5",
			analysis.Target{Metric: rev, Target: 1000, Actual: analysis.Some(-5), Lift: analysis.Some(-0.25)},
			analysis.Target{Metric: analysis.Metric{Name: "units"}, Target: 10}),
		mk("b", "+1 region", "@owner"),
		mk("c", "\tTabbed", hostileTitle, analysis.Target{Metric: rev, Target: 2.5}),
	}}
	b, err := strategiesCSV(res)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "\r\n") {
		t.Error("CSV lines do not end in CRLF")
	}
	rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], CSVHeader) {
		t.Errorf("header = %q", rows[0])
	}
	want := [][]string{
		{"p1", "a", `'=HYPERLINK("http://x","y")`, "'-5", "behind", "revenue", "1000", "-5", "", "", "", "", "", "-0.25", "2026-01-01", "2026-12-31", "181", "365"},
		{"p1", "a", `'=HYPERLINK("http://x","y")`, "'-5", "behind", "units", "10", "", "", "", "", "", "", "", "2026-01-01", "2026-12-31", "181", "365"},
		{"p1", "b", "'+1 region", "'@owner", "behind", "", "", "", "", "", "", "", "", "", "2026-01-01", "2026-12-31", "181", "365"},
		{"p1", "c", "'\tTabbed", hostileTitle, "behind", "revenue", "2.5", "", "", "", "", "", "", "", "2026-01-01", "2026-12-31", "181", "365"},
	}
	if len(rows)-1 != len(want) {
		t.Fatalf("got %d rows, want %d", len(rows)-1, len(want))
	}
	for i, w := range want {
		if !slices.Equal(rows[i+1], w) {
			t.Errorf("row %d:\n got %q\nwant %q", i+1, rows[i+1], w)
		}
	}
}

func TestCSVFromFixture(t *testing.T) {
	out := render(t)
	rows, err := csv.NewReader(strings.NewReader(string(out["data/strategies.csv"]))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// 3 + 1 + 2 + 1 + 1 + 1 + 1 targets, plus the header.
	if len(rows) != 11 {
		t.Errorf("got %d lines", len(rows))
	}
	num := regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$|^$`)
	for _, r := range rows[1:] {
		for _, c := range r[6:14] {
			if !num.MatchString(c) {
				t.Errorf("figure %q is not a plain number", c)
			}
		}
	}
}
