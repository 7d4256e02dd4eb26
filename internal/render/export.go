package render

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"math"
	"strconv"

	"salesdeck/internal/analysis"
	"salesdeck/internal/civil"
)

// object is a JSON object that keeps its keys in the order given, so the
// export reads like SPEC 6 and targets stay in plan order.
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

// jnum is a figure for JSON: null when undefined, never NaN or Inf.
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

func (r *renderer) exports() error {
	j, err := strategiesJSON(r.in.Result, cmp.Or(r.in.Result.Currency, r.site.Currency))
	if err != nil {
		return err
	}
	if err := r.add("data/strategies.json", j); err != nil {
		return err
	}
	c, err := strategiesCSV(r.in.Result)
	if err != nil {
		return err
	}
	return r.add("data/strategies.csv", c)
}

// strategiesJSON writes every figure of SPEC 4 in the shape of SPEC 6.
func strategiesJSON(res *analysis.Site, currency string) ([]byte, error) {
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
		strategies = append(strategies, strategyJSON(s))
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
		return nil, err
	}
	return append(b, '\n'), nil
}

func strategyJSON(s *analysis.Strategy) object {
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
		}})
	}
	monthly := []object{}
	for _, m := range s.Monthly {
		metrics := object{}
		for _, f := range m.Figures {
			metrics = append(metrics, member{f.Metric, object{
				{"actual", jnum(f.Actual)},
				{"target", jnum(f.Target)},
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
		{"elapsed", jfloat(s.Elapsed)},
		{"rows_matched", s.RowsMatched},
		{"targets", targets},
		{"monthly", monthly},
		{"breakdowns", breakdowns},
	}
}

// CSVHeader is the header of data/strategies.csv.
var CSVHeader = []string{"plan", "strategy", "title", "owner", "status", "metric",
	"target", "actual", "expected_to_date", "attainment", "pace", "forecast",
	"baseline_to_date", "lift", "period_start", "period_end", "days_elapsed", "days_total"}

// strategiesCSV writes one row per strategy and target (one row with an
// empty metric for a strategy without targets). Figures are unrounded,
// undefined ones empty.
func strategiesCSV(res *analysis.Site) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = true // RFC 4180, and what spreadsheets write themselves
	if err := w.Write(CSVHeader); err != nil {
		return nil, err
	}
	for _, s := range res.Strategies {
		planID := ""
		if s.Plan != nil {
			planID = s.Plan.ID
		}
		ts := s.Targets
		if len(ts) == 0 {
			ts = []analysis.Target{{}}
		}
		for _, t := range ts {
			target := ""
			if t.Metric.Name != "" {
				target = cfloat(t.Target)
			}
			row := []string{
				text(planID), text(s.Strategy.ID), text(s.Strategy.Title), text(s.Strategy.Owner),
				text(string(s.Status)), text(t.Metric.Name),
				target, cnum(t.Actual), cnum(t.ExpectedToDate), cnum(t.Attainment), cnum(t.Pace),
				cnum(t.Forecast), cnum(t.BaselineToDate), cnum(t.Lift),
				s.Period.Start.String(), s.Period.End.String(),
				strconv.Itoa(s.DaysElapsed), strconv.Itoa(s.DaysTotal),
			}
			if err := w.Write(row); err != nil {
				return nil, err
			}
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// text defuses a text cell that a spreadsheet would run as a formula
// (=, +, -, @, and tab or carriage return before them) by starting it
// with a quote. Only text cells: a figure such as -5 stays a number.
func text(s string) string {
	if s != "" && bytes.ContainsRune([]byte("=+-@\t\r"), rune(s[0])) {
		return "'" + s
	}
	return s
}

func cnum(n analysis.Num) string {
	if !n.Valid {
		return ""
	}
	return cfloat(n.V)
}

func cfloat(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
