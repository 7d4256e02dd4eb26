package render

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"

	"salesdeck/internal/analysis"
	"salesdeck/internal/load/history"
	"salesdeck/internal/load/plan"
	"salesdeck/internal/render/format"
	"salesdeck/internal/support/civil"
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
			"days_total", "days_elapsed", "days_remaining", "elapsed", "rows_matched", "targets", "monthly", "breakdowns", "bridge"}},
		{at(t, dach, "targets"), []string{"revenue", "units", "margin"}}, // plan order, not sorted
		{at(t, dach, "targets", "revenue"), []string{"target", "actual", "expected_to_date", "attainment", "pace", "forecast", "baseline_to_date", "lift",
			"run_rate", "required_run_rate", "price_volume_mix", "target_original", "revisions"}},
		{at(t, dach, "period"), []string{"start", "end"}},
		{at(t, dach, "baseline"), []string{"start", "end"}},
		{at(t, dach, "monthly", 0), []string{"month", "metrics"}},
		{at(t, dach, "monthly", 0, "metrics"), []string{"revenue", "units", "margin"}},
		{at(t, dach, "monthly", 0, "metrics", "units"), []string{"actual", "target", "baseline", "cumulative_actual", "cumulative_target"}},
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
	b := strategiesJSON(res, "EUR")
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
			Period: civil.Range{Start: civil.New(2026, 1, 1), End: civil.New(2026, 12, 31)}, DaysElapsed: 181, DaysTotal: 365, DaysRemaining: 184, Targets: targets}
	}
	res := &analysis.Site{Strategies: []*analysis.Strategy{
		mk("a", `=HYPERLINK("http://x","y")`, "-5",
			analysis.Target{Metric: rev, Target: 1000, Actual: analysis.Some(-5), Lift: analysis.Some(-0.25), RunRate: analysis.Some(-0.8), RequiredRunRate: analysis.Some(166.25)},
			analysis.Target{Metric: analysis.Metric{Name: "units"}, Target: 10}),
		mk("b", "+1 region", "@owner"),
		mk("c", "\tTabbed", hostileTitle, analysis.Target{Metric: rev, Target: 2.5}),
		// Float noise stays out of the cells: money to the cent, other
		// figures and ratios to 6 decimals.
		mk("d", "Noise", "",
			analysis.Target{Metric: rev, Target: 154218.78800000018, Actual: analysis.Some(0.1 + 0.2), Attainment: analysis.Some(2.0 / 3), Pace: analysis.Some(-1e-9), Lift: analysis.Some(0.06666666666666665)},
			analysis.Target{Metric: analysis.Metric{Name: "units", Format: "number"}, Target: 10, Actual: analysis.Some(12.3456789), Forecast: analysis.Some(99.9999996)}),
	}}
	b, err := strategiesCSV(res, 2)
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
		{"p1", "a", `'=HYPERLINK("http://x","y")`, "'-5", "behind", "revenue", "1000", "-5", "", "", "", "", "", "-0.25", "2026-01-01", "2026-12-31", "181", "365", "184", "-0.8", "166.25"},
		{"p1", "a", `'=HYPERLINK("http://x","y")`, "'-5", "behind", "units", "10", "", "", "", "", "", "", "", "2026-01-01", "2026-12-31", "181", "365", "184", "", ""},
		{"p1", "b", "'+1 region", "'@owner", "behind", "", "", "", "", "", "", "", "", "", "2026-01-01", "2026-12-31", "181", "365", "184", "", ""},
		{"p1", "c", "'\tTabbed", hostileTitle, "behind", "revenue", "2.5", "", "", "", "", "", "", "", "2026-01-01", "2026-12-31", "181", "365", "184", "", ""},
		{"p1", "d", "Noise", "", "behind", "revenue", "154218.79", "0.3", "", "0.666667", "0", "", "", "0.066667", "2026-01-01", "2026-12-31", "181", "365", "184", "", ""},
		{"p1", "d", "Noise", "", "behind", "units", "10", "12.345679", "", "", "", "100", "", "", "2026-01-01", "2026-12-31", "181", "365", "184", "", ""},
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

// Money is rounded to the currency's own minor unit: yen have none.
func TestCSVInYen(t *testing.T) {
	yen := &analysis.Site{Strategies: []*analysis.Strategy{{Strategy: &plan.Strategy{ID: "y"}, Status: analysis.OnTrack,
		Targets: []analysis.Target{{Metric: analysis.Metric{Name: "revenue", Format: "money"}, Target: 1500000.4, Actual: analysis.Some(1234.5)}}}}}
	b, err := strategiesCSV(yen, format.New("ja-JP", "JPY").Digits())
	if err != nil {
		t.Fatal(err)
	}
	if want := ",revenue,1500000,1235,"; !strings.Contains(string(b), want) {
		t.Errorf("strategies.csv lacks %q:\n%s", want, b)
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

// The reference: strategies.json as it was first written, by reflection,
// an ordered object type and MarshalIndent. strategiesJSON must give
// exactly its bytes for any results.

// object is a JSON object that keeps its keys in the order given.
type object []member

type member struct {
	key string
	val any
}

func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(m.key)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(m.val)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func jnum(n analysis.Num) any {
	if !n.Valid {
		return nil
	}
	return jfloat(n.V)
}

func jfloat(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return v
}

func jrange(r civil.Range) object {
	return object{{"start", r.Start.String()}, {"end", r.End.String()}}
}

func refStrategiesJSON(res *analysis.Site, currency string) []byte {
	plans := []object{}
	for _, p := range res.Plans {
		ids := []string{}
		for _, s := range p.Strategies {
			ids = append(ids, s.Strategy.ID)
		}
		plans = append(plans, object{{"id", p.Plan.ID}, {"title", p.Plan.Title}, {"strategies", ids}})
	}
	strategies := []object{}
	for _, s := range res.Strategies {
		strategies = append(strategies, refStrategyJSON(s))
	}
	top := object{
		{"as_of", res.AsOf.String()},
		{"currency", currency},
		{"rows_read", res.RowsRead},
		{"plans", plans},
		{"strategies", strategies},
	}
	b, err := json.MarshalIndent(top, "", "  ")
	if err != nil {
		panic(err) // NaN and Inf are nil above; nothing else can fail
	}
	return append(b, '\n')
}

func refStrategyJSON(s *analysis.Strategy) object {
	planID := ""
	if s.Plan != nil {
		planID = s.Plan.ID
	}
	targets := object{}
	for _, t := range s.Targets {
		targets = append(targets, member{t.Metric.Name, object{
			{"target", jfloat(t.Target)},
			{"actual", jnum(t.Actual)},
			{"expected_to_date", jnum(t.ExpectedToDate)},
			{"attainment", jnum(t.Attainment)},
			{"pace", jnum(t.Pace)},
			{"forecast", jnum(t.Forecast)},
			{"baseline_to_date", jnum(t.BaselineToDate)},
			{"lift", jnum(t.Lift)},
			{"run_rate", jnum(t.RunRate)},
			{"required_run_rate", jnum(t.RequiredRunRate)},
			{"price_volume_mix", refPVM(t.PriceVolumeMix)},
			{"target_original", jnum(t.Original)},
			{"revisions", refRevisions(t.Revisions)},
		}})
	}
	monthly := []object{}
	for _, m := range s.Monthly {
		metrics := object{}
		for _, f := range m.Figures {
			metrics = append(metrics, member{f.Metric, object{
				{"actual", jnum(f.Actual)},
				{"target", jnum(f.Target)},
				{"baseline", jnum(f.Baseline)},
				{"cumulative_actual", jnum(f.CumulativeActual)},
				{"cumulative_target", jnum(f.CumulativeTarget)},
			}})
		}
		monthly = append(monthly, object{{"month", m.Month}, {"metrics", metrics}})
	}
	breakdowns := object{}
	for _, b := range s.Breakdowns {
		entries := []object{}
		for _, e := range b.Entries {
			entries = append(entries, object{{"value", e.Value}, {"actual", jnum(e.Actual)}})
		}
		breakdowns = append(breakdowns, member{b.Dimension, entries})
	}
	return object{
		{"id", s.Strategy.ID},
		{"plan", planID},
		{"title", s.Strategy.Title},
		{"owner", s.Strategy.Owner},
		{"status", string(s.Status)},
		{"period", jrange(s.Period)},
		{"baseline", jrange(s.Baseline)},
		{"days_total", s.DaysTotal},
		{"days_elapsed", s.DaysElapsed},
		{"days_remaining", s.DaysRemaining},
		{"elapsed", jfloat(s.Elapsed)},
		{"rows_matched", s.RowsMatched},
		{"targets", targets},
		{"monthly", monthly},
		{"breakdowns", breakdowns},
		{"bridge", refBridge(s.Bridge)},
	}
}

func refBridge(b *analysis.Bridge) any {
	if b == nil {
		return nil
	}
	steps := []object{}
	for _, st := range b.Steps {
		steps = append(steps, object{{"value", st.Value}, {"delta", jfloat(st.Delta)}})
	}
	return object{{"by", b.By}, {"start", jfloat(b.Start)}, {"end", jfloat(b.End)}, {"steps", steps}}
}

func refRevisions(revs []history.Revision) []object {
	out := []object{}
	for _, r := range revs {
		if r.Uncommitted() {
			out = append(out, object{{"commit", nil}, {"date", nil}, {"message", nil}, {"from", jfloat(r.From)}, {"to", jfloat(r.To)}})
			continue
		}
		out = append(out, object{{"commit", r.Commit}, {"date", r.Date}, {"author", r.Author}, {"message", r.Message}, {"from", jfloat(r.From)}, {"to", jfloat(r.To)}})
	}
	return out
}

func refPVM(p *analysis.PriceVolumeMix) any {
	if p == nil {
		return nil
	}
	return object{{"volume", jfloat(p.Volume)}, {"mix", jfloat(p.Mix)}, {"price", jfloat(p.Price)}, {"other", jfloat(p.Other)}}
}

// For the tests of package render_test, which build real sites.
var (
	StrategiesJSON    = strategiesJSON
	RefStrategiesJSON = refStrategiesJSON
)

// sameAsReference fails t unless strategiesJSON gives the reference's
// bytes for res, showing where they first differ.
func sameAsReference(t *testing.T, res *analysis.Site, currency string) {
	t.Helper()
	got, want := strategiesJSON(res, currency), refStrategiesJSON(res, currency)
	if !bytes.Equal(got, want) {
		t.Errorf("strategiesJSON differs from the reference (%d bytes, reference %d) %s", len(got), len(want), diffAt(got, want))
	}
}

// diffAt says where got first differs from want, showing both around it.
func diffAt(got, want []byte) string {
	i := 0
	for i < min(len(got), len(want)) && got[i] == want[i] {
		i++
	}
	lo := max(0, i-80)
	return fmt.Sprintf("at byte %d:\n got …%q\nwant …%q", i, got[lo:min(len(got), i+80)], want[lo:min(len(want), i+80)])
}

// hostileStrings are texts the escaping must get right: HTML, script
// ends, quotes and backslashes, every control character, the JavaScript
// line ends, DEL, multi-byte runes and invalid or truncated UTF-8.
var hostileStrings = func() []string {
	out := []string{"", hostileTitle, hostileValue, `a "quoted" \ back\slash`, "<b>&amp;</b>", "</script><!--",
		"line\u2028sep\u2029para", "\u2027\u202a", "\x7f del", "café ☕ 𝄞 日本",
		"bad \xff byte", "\xc3", "trunc \xe2\x80", "\xe2\x80\xa8", "\xed\xa0\x80 surrogate", "\xf4\x90\x80\x80 too big",
		"\xc0\xaf overlong", "nul\x00end", "=1+1", "-5", "@x", "\t\r\n\b\f"}
	var ctl strings.Builder
	for c := range 0x20 {
		ctl.WriteByte(byte(c))
	}
	return append(out, ctl.String())
}()

// hostileFloats cross every branch of encoding/json's float formatting:
// both exponent cut-offs and their neighbours, negative zero, subnormals,
// integers exact and not, sums that do not round-trip in short form, and
// the values JSON cannot hold.
var hostileFloats = []float64{0, math.Copysign(0, -1), 1, -1, pointThree, 0.3, 1.0 / 3, -2.0 / 3, 2900000.125, 4500000,
	1e-6, math.Nextafter(1e-6, 0), 1e-7, -1e-7, 1.5e-9, 1e-10, 1e-100, 123456789e-15,
	1e20, math.Nextafter(1e21, 0), 1e21, -1e21, 1.2345e22, 1e100, 1e300,
	math.MaxFloat64, -math.MaxFloat64, math.SmallestNonzeroFloat64, 2.2250738585072014e-308, 4.9e-324, 1e-320,
	1 << 53, 1<<53 + 1, 9007199254740993, -123456789012345678, 0.000001234, 100, 1e6, 1e15, 1e16,
	math.NaN(), math.Inf(1), math.Inf(-1)}

// pointThree is 0.1 + 0.2 in float64 (a constant expression would be
// exactly 0.3).
var pointThree = func() float64 { a, b := 0.1, 0.2; return a + b }()

// siteOf returns results holding one plan and the given strategies.
func siteOf(ss ...*analysis.Strategy) *analysis.Site {
	p := &plan.Plan{ID: "p", Title: "P"}
	res := &analysis.Site{AsOf: civil.New(2026, 6, 30), Currency: "USD", RowsRead: 7}
	ap := &analysis.Plan{Plan: p}
	for _, s := range ss {
		if s.Plan == nil {
			s.Plan = p
		}
		ap.Strategies = append(ap.Strategies, s)
	}
	res.Plans = []*analysis.Plan{ap}
	res.Strategies = ss
	return res
}

// textSite puts text everywhere the export writes text: names, keys,
// months and values.
func textSite(text string) *analysis.Site {
	s := &analysis.Strategy{Strategy: &plan.Strategy{ID: text, Title: text, Owner: text}, Status: analysis.Status(text),
		Targets:    []analysis.Target{{Metric: analysis.Metric{Name: text}, Target: 1, Actual: some(2)}},
		Monthly:    []analysis.Month{{Month: text, Figures: []analysis.MonthFigure{{Metric: text, Actual: some(1)}}}},
		Breakdowns: []analysis.Breakdown{{Dimension: text, Entries: []analysis.BreakdownEntry{{Value: text, Actual: some(3)}}}}}
	res := siteOf(s)
	res.Plans[0].Plan = &plan.Plan{ID: text, Title: text}
	return res
}

// floatSite puts v in every figure.
func floatSite(v float64) *analysis.Site {
	n := some(v)
	t := analysis.Target{Metric: revenue, Target: v, Actual: n, ExpectedToDate: n, Attainment: n, Pace: n, Forecast: n, BaselineToDate: n, Lift: n}
	s := &analysis.Strategy{Strategy: &plan.Strategy{ID: "s"}, Elapsed: v, Targets: []analysis.Target{t},
		Monthly:    []analysis.Month{{Month: "2026-01", Figures: []analysis.MonthFigure{{Metric: "revenue", Actual: n, Target: n, CumulativeActual: n, CumulativeTarget: n}}}},
		Breakdowns: []analysis.Breakdown{{Dimension: "country", Entries: []analysis.BreakdownEntry{{Value: "x", Actual: n}}}}}
	return siteOf(s)
}

func TestJSONMatchesReference(t *testing.T) {
	_, fix := fixture()
	noPlan := &analysis.Strategy{Strategy: &plan.Strategy{ID: "orphan"}}
	tests := map[string]*analysis.Site{
		"fixture":   fix,
		"nothing":   {},
		"no plans":  {AsOf: civil.New(2026, 1, 1), Strategies: []*analysis.Strategy{noPlan}},
		"undefined": siteOf(&analysis.Strategy{Strategy: &plan.Strategy{ID: "u"}, Elapsed: math.NaN(), Targets: []analysis.Target{{Metric: revenue, Target: math.Inf(1)}}, Monthly: []analysis.Month{{Month: "2026-01", Figures: []analysis.MonthFigure{{Metric: "revenue"}}}}, Breakdowns: []analysis.Breakdown{{Dimension: "country", Entries: []analysis.BreakdownEntry{{Value: "Other", Other: true}}}}}),
		"empty containers": siteOf(&analysis.Strategy{Strategy: &plan.Strategy{ID: "e"},
			Monthly: []analysis.Month{{Month: "2026-01"}}, Breakdowns: []analysis.Breakdown{{Dimension: "country"}}}),
		"plan without strategies": {Plans: []*analysis.Plan{{Plan: &plan.Plan{ID: "empty"}}}},
		"far dates": {AsOf: civil.Date(math.MinInt32), Strategies: []*analysis.Strategy{{Strategy: &plan.Strategy{ID: "d"},
			Period:   civil.Range{Start: civil.New(-1, 1, 1), End: civil.New(12345, 12, 31)},
			Baseline: civil.Range{Start: civil.Date(math.MaxInt32), End: 0}}}},
	}
	for i, s := range hostileStrings {
		tests[fmt.Sprintf("text %d %q", i, s)] = textSite(s)
	}
	for _, v := range hostileFloats {
		tests[fmt.Sprintf("float %v (%x)", v, math.Float64bits(v))] = floatSite(v)
	}
	for name, res := range tests {
		t.Run(name, func(t *testing.T) {
			sameAsReference(t, res, "EUR")
			sameAsReference(t, res, "<&>\u2028")
		})
	}
	// The comparison has teeth: these are the reference's exact bytes.
	want := `"title": "\u003c/script\u003e\u003cimg src=x onerror=alert(1)\u003e"`
	if got := strategiesJSON(textSite(hostileTitle), "USD"); !bytes.Contains(got, []byte(want)) {
		t.Errorf("export lacks %s:\n%s", want, got)
	}
	want = `"title": "line\u2028sep\u2029para \ufffd\u0000\u001f\t\""`
	if got := strategiesJSON(textSite("line\u2028sep\u2029para \xff\x00\x1f\t\""), "USD"); !bytes.Contains(got, []byte(want)) {
		t.Errorf("export lacks %s:\n%s", want, got)
	}
	for v, want := range map[float64]string{1e-7: "1e-7", 1e21: "1e+21", math.Copysign(0, -1): "-0", pointThree: "0.30000000000000004",
		5e-324: "5e-324", 1e20: "100000000000000000000", 0.000001: "0.000001", 4500000: "4500000", math.NaN(): "null"} {
		if got := strategiesJSON(floatSite(v), "USD"); !bytes.Contains(got, []byte(`"elapsed": `+want+",")) {
			t.Errorf("elapsed %v is not written %s:\n%s", v, want, got)
		}
	}
}

// randomSite draws results of any shape: any number of plans, strategies,
// targets, months and breakdown entries (zero included), hostile or random
// text, any float64 bit pattern, undefined figures, any date.
func randomSite(r *rand.Rand) *analysis.Site {
	str := func() string {
		switch r.IntN(4) {
		case 0:
			return hostileStrings[r.IntN(len(hostileStrings))]
		case 1: // random bytes: mostly invalid UTF-8
			b := make([]byte, r.IntN(12))
			for i := range b {
				b[i] = byte(r.Uint32())
			}
			return string(b)
		case 2: // random runes, the JavaScript line ends among them
			var b strings.Builder
			for range r.IntN(8) {
				b.WriteRune([]rune{rune(r.IntN(0x80)), rune(r.IntN(0x800)), rune(0x2020 + r.IntN(16)), rune(r.IntN(0x110000))}[r.IntN(4)])
			}
			return b.String()
		}
		return fmt.Sprintf("id-%d", r.IntN(1000))
	}
	float := func() float64 {
		switch r.IntN(5) {
		case 0:
			return hostileFloats[r.IntN(len(hostileFloats))]
		case 1:
			return math.Float64frombits(r.Uint64()) // NaNs, Infs, subnormals, any exponent
		case 2:
			return float64(r.IntN(2_000_001) - 1_000_000)
		case 3:
			return r.NormFloat64() * math.Pow(10, float64(r.IntN(60)-30))
		}
		return r.Float64()
	}
	num := func() analysis.Num {
		if r.IntN(4) == 0 {
			return analysis.Num{V: float(), Valid: false}
		}
		return some(float())
	}
	date := func() civil.Date { return civil.Date(r.Int32() >> r.IntN(32)) }
	res := &analysis.Site{AsOf: date(), Currency: str(), RowsRead: r.IntN(1 << 30)}
	for range r.IntN(4) {
		ap := &analysis.Plan{Plan: &plan.Plan{ID: str(), Title: str()}}
		for range r.IntN(4) {
			s := &analysis.Strategy{Strategy: &plan.Strategy{ID: str(), Title: str(), Owner: str()}, Status: analysis.Status(str()),
				Period: civil.Range{Start: date(), End: date()}, Baseline: civil.Range{Start: date(), End: date()},
				DaysTotal: r.IntN(400) - 10, DaysElapsed: r.IntN(400), DaysRemaining: r.IntN(400) - 10, Elapsed: float(), RowsMatched: r.IntN(1 << 20)}
			if r.IntN(5) > 0 {
				s.Plan = ap.Plan
			}
			for range r.IntN(4) {
				s.Targets = append(s.Targets, analysis.Target{Metric: analysis.Metric{Name: str()}, Target: float(),
					Actual: num(), ExpectedToDate: num(), Attainment: num(), Pace: num(), Forecast: num(), BaselineToDate: num(), Lift: num(),
					RunRate: num(), RequiredRunRate: num()})
				if r.IntN(2) == 0 {
					s.Targets[len(s.Targets)-1].PriceVolumeMix = &analysis.PriceVolumeMix{Volume: float(), Mix: float(), Price: float(), Other: float()}
				}
				s.Targets[len(s.Targets)-1].Original = num()
				for range r.IntN(3) {
					rev := history.Revision{From: float(), To: float()}
					if r.IntN(3) > 0 {
						rev.Version = history.Version{Commit: str(), Date: str(), Author: str(), Message: str()}
					}
					s.Targets[len(s.Targets)-1].Revisions = append(s.Targets[len(s.Targets)-1].Revisions, rev)
				}
			}
			if r.IntN(2) == 0 {
				s.Bridge = &analysis.Bridge{By: str(), Start: float(), End: float(), Steps: []analysis.BridgeStep{}}
				for range r.IntN(10) {
					s.Bridge.Steps = append(s.Bridge.Steps, analysis.BridgeStep{Value: str(), Delta: float(), Other: r.IntN(5) == 0})
				}
			}
			for range r.IntN(4) {
				m := analysis.Month{Month: str()}
				for range r.IntN(4) {
					m.Figures = append(m.Figures, analysis.MonthFigure{Metric: str(), Actual: num(), Target: num(), Baseline: num(), CumulativeActual: num(), CumulativeTarget: num()})
				}
				s.Monthly = append(s.Monthly, m)
			}
			for range r.IntN(3) {
				b := analysis.Breakdown{Dimension: str()}
				for range r.IntN(4) {
					b.Entries = append(b.Entries, analysis.BreakdownEntry{Value: str(), Actual: num(), Other: r.IntN(2) == 0})
				}
				s.Breakdowns = append(s.Breakdowns, b)
			}
			ap.Strategies = append(ap.Strategies, s)
			res.Strategies = append(res.Strategies, s)
		}
		res.Plans = append(res.Plans, ap)
	}
	return res
}

func TestJSONMatchesReferenceRandom(t *testing.T) {
	for seed := range uint64(2000) {
		res := randomSite(rand.New(rand.NewPCG(seed, 7)))
		sameAsReference(t, res, res.Currency)
		if t.Failed() {
			t.Fatalf("seed %d", seed)
		}
	}
}

// FuzzJSON checks any text and any figure against the reference; the
// seeds run with every go test.
func FuzzJSON(f *testing.F) {
	for i, s := range hostileStrings {
		f.Add(s, hostileFloats[i%len(hostileFloats)])
	}
	for _, v := range hostileFloats {
		f.Add("x", v)
	}
	f.Fuzz(func(t *testing.T, s string, v float64) {
		res := textSite(s)
		st := res.Strategies[0]
		st.Elapsed = v
		st.Targets[0].Target, st.Targets[0].Pace = v, some(v)
		sameAsReference(t, res, s)
	})
}

// BenchmarkExports writes both exports of 1,000 strategies shaped like
// the fixture's (targets, a year of months, breakdowns), with the
// reference encoder beside for comparison.
func BenchmarkExports(b *testing.B) {
	_, fix := fixture()
	res := &analysis.Site{AsOf: fix.AsOf, Currency: "USD", RowsRead: fix.RowsRead}
	for i := range 1000 / len(fix.Strategies) * len(fix.Strategies) {
		s := *fix.Strategies[i%len(fix.Strategies)]
		s.Strategy = &plan.Strategy{ID: fmt.Sprintf("s%04d", i), Title: s.Strategy.Title, Owner: s.Strategy.Owner}
		res.Strategies = append(res.Strategies, &s)
	}
	res.Plans = []*analysis.Plan{{Plan: fix.Plans[0].Plan, Strategies: res.Strategies}}
	for _, bm := range []struct {
		name string
		run  func() ([]byte, error)
	}{
		{"json", func() ([]byte, error) { return strategiesJSON(res, "USD"), nil }},
		{"json-reference", func() ([]byte, error) { return refStrategiesJSON(res, "USD"), nil }},
		{"csv", func() ([]byte, error) { return strategiesCSV(res, 2) }},
	} {
		b.Run(bm.name, func(b *testing.B) {
			for b.Loop() {
				out, err := bm.run()
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(len(out)))
			}
		})
	}
}

// The size estimate holds the fixture's export in one allocation without
// being far above it (7% above on a generated 1,000-strategy site).
func TestJSONSize(t *testing.T) {
	_, res := fixture()
	if n, est := len(strategiesJSON(res, "USD")), jsonSize(res); est < n || est > n*3/2 {
		t.Errorf("estimate %d bytes for %d", est, n)
	}
}
