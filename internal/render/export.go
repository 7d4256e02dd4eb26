package render

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"salesdeck/internal/analysis"
	"salesdeck/internal/load/history"
	"salesdeck/internal/render/format"
	"salesdeck/internal/support/civil"
)

func (r *renderer) exports() error {
	r.drewBlock, r.warned = false, false
	j := piecesJSON(r.in.Result, cmp.Or(r.in.Result.Currency, r.site.Currency), r.jsonPiece)
	if err := r.add("data/strategies.json", j); err != nil {
		return err
	}
	c, err := strategiesCSV(r.in.Result, r.v.f.Digits())
	if err != nil {
		return err
	}
	return r.add("data/strategies.csv", c)
}

// strategiesJSON writes every figure of a strategy in the shape shown in
// docs/figures.md, Where the figures are written.
//
// The bytes are those encoding/json.MarshalIndent(v, "", "  ") gives for
// the same document (keys in the order written, HTML-safe strings, ES6
// numbers), which export_test.go checks against a reflective encoder. It
// is written by hand because reflection, a MarshalJSON per object and the
// re-indenting pass cost 12% of rendering a 1,000-strategy site.
func strategiesJSON(res *analysis.Site, currency string) []byte {
	return piecesJSON(res, currency, nil)
}

// jsonPiece returns the JSON of s that an earlier render wrote, or nil
// and a function that keeps this render's: a strategy's part of the
// export is a piece like its page (see Pieces), and a rebuild after one
// plan's edit writes only that plan's strategies.
func (r *renderer) jsonPiece(s *analysis.Strategy) ([]byte, func([]byte)) {
	kept, key := r.piece("json", s)
	if b, ok := kept.([]byte); ok {
		return b, nil
	}
	return nil, func(b []byte) { r.keep(key, bytes.Clone(b)) }
}

// piecesJSON is strategiesJSON taking each strategy's part from piece
// when it has one (nil: none has).
func piecesJSON(res *analysis.Site, currency string, piece func(*analysis.Strategy) ([]byte, func([]byte))) []byte {
	e := jsonWriter{b: make([]byte, 0, jsonSize(res))}
	e.open('{')
	e.key("as_of")
	e.date(res.AsOf)
	e.key("currency")
	e.str(currency)
	e.key("rows_read")
	e.int(res.RowsRead)
	e.key("plans")
	e.open('[')
	for _, p := range res.Plans {
		e.next()
		e.open('{')
		e.key("id")
		e.str(p.Plan.ID)
		e.key("title")
		e.str(p.Plan.Title)
		e.key("strategies")
		e.open('[')
		for _, s := range p.Strategies {
			e.next()
			e.str(s.Strategy.ID)
		}
		e.close(']')
		e.close('}')
	}
	e.close(']')
	e.key("strategies")
	e.open('[')
	for _, s := range res.Strategies {
		e.next()
		var keep func([]byte)
		if piece != nil {
			var kept []byte
			// A strategy is written at the same depth in every render,
			// so its bytes are the same wherever it stands.
			if kept, keep = piece(s); kept != nil {
				e.b = append(e.b, kept...)
				continue
			}
		}
		start := len(e.b)
		e.strategy(s)
		if keep != nil {
			keep(e.b[start:])
		}
	}
	e.close(']')
	e.close('}')
	return append(e.b, '\n')
}

// jsonSize estimates the length of strategies.json from its number of
// lines (29 bytes each on a generated site), a little high: grown by
// append alone, a quarter at a time once large, the buffer was copied and
// cleared about 20 times, which took longer than writing it.
func jsonSize(res *analysis.Site) int {
	lines := 8
	for _, p := range res.Plans {
		lines += 5 + len(p.Strategies)
	}
	for _, s := range res.Strategies {
		lines += 33 + 15*len(s.Targets)
		for _, t := range s.Targets {
			lines += 9 * len(t.Revisions)
		}
		if s.Bridge != nil {
			lines += 6 + 4*len(s.Bridge.Steps)
		}
		for _, m := range s.Monthly {
			lines += 5 + 7*len(m.Figures)
		}
		for _, b := range s.Breakdowns {
			lines += 2 + 4*len(b.Entries)
		}
	}
	return 30 * lines
}

func (e *jsonWriter) strategy(s *analysis.Strategy) {
	planID := ""
	if s.Plan != nil {
		planID = s.Plan.ID
	}
	e.open('{')
	e.key("id")
	e.str(s.Strategy.ID)
	e.key("plan")
	e.str(planID)
	e.key("title")
	e.str(s.Strategy.Title)
	e.key("owner")
	e.str(s.Strategy.Owner)
	e.key("status")
	e.str(string(s.Status))
	e.key("period")
	e.dateRange(s.Period)
	e.key("baseline")
	e.dateRange(s.Baseline)
	e.key("days_total")
	e.int(s.DaysTotal)
	e.key("days_elapsed")
	e.int(s.DaysElapsed)
	e.key("days_remaining")
	e.int(s.DaysRemaining)
	e.key("elapsed")
	e.float(s.Elapsed)
	e.key("rows_matched")
	e.int(s.RowsMatched)

	e.key("targets")
	e.targets(s.Targets)
	e.key("monthly")
	e.monthly(s.Monthly)
	e.key("breakdowns")
	e.breakdowns(s.Breakdowns)
	e.key("bridge")
	e.bridge(s.Bridge)
	e.close('}')
}

// bridge writes a strategy's bridge from last year: the dimension, the
// two totals and the change of each value, or null.
func (e *jsonWriter) bridge(b *analysis.Bridge) {
	if b == nil {
		e.null()
		return
	}
	e.open('{')
	e.key("by")
	e.str(b.By)
	e.key("start")
	e.float(b.Start)
	e.key("end")
	e.float(b.End)
	e.key("steps")
	e.open('[')
	for _, st := range b.Steps {
		e.next()
		e.open('{')
		e.key("value")
		e.str(st.Value)
		e.key("delta")
		e.float(st.Delta)
		e.close('}')
	}
	e.close(']')
	e.close('}')
}

// pvm writes a target's price-volume-mix, or null.
func (e *jsonWriter) pvm(p *analysis.PriceVolumeMix) {
	if p == nil {
		e.null()
		return
	}
	e.open('{')
	for _, f := range []struct {
		k string
		v float64
	}{{"volume", p.Volume}, {"mix", p.Mix}, {"price", p.Price}, {"other", p.Other}} {
		e.key(f.k)
		e.float(f.v)
	}
	e.close('}')
}

// targets writes a strategy's targets as an object keyed by metric, in
// plan order.
func (e *jsonWriter) targets(targets []analysis.Target) {
	e.open('{')
	for _, t := range targets {
		e.key(t.Metric.Name)
		e.open('{')
		e.key("target")
		e.float(t.Target)
		e.numKey("actual", t.Actual)
		e.numKey("expected_to_date", t.ExpectedToDate)
		e.numKey("attainment", t.Attainment)
		e.numKey("pace", t.Pace)
		e.numKey("forecast", t.Forecast)
		e.numKey("baseline_to_date", t.BaselineToDate)
		e.numKey("lift", t.Lift)
		e.numKey("run_rate", t.RunRate)
		e.numKey("required_run_rate", t.RequiredRunRate)
		e.key("price_volume_mix")
		e.pvm(t.PriceVolumeMix)
		e.numKey("target_original", t.Original)
		e.key("revisions")
		e.revisions(t.Revisions)
		e.close('}')
	}
	e.close('}')
}

// revisions writes a target's revisions, oldest first (docs/plans-in-git.md):
// the working tree's has a null commit, date and message, and no author.
func (e *jsonWriter) revisions(revs []history.Revision) {
	e.open('[')
	for _, r := range revs {
		e.next()
		e.open('{')
		for _, f := range [...][2]string{{"commit", r.Commit}, {"date", r.Date}, {"author", r.Author}, {"message", r.Message}} {
			switch {
			case !r.Uncommitted():
				e.key(f[0])
				e.str(f[1])
			case f[0] != "author":
				e.key(f[0])
				e.null()
			}
		}
		for _, f := range [...]struct {
			k string
			v float64
		}{{"from", r.From}, {"to", r.To}} {
			e.key(f.k)
			e.float(f.v)
		}
		e.close('}')
	}
	e.close(']')
}

// monthly writes a strategy's monthly series as an array of months, each
// with its figures keyed by metric.
func (e *jsonWriter) monthly(months []analysis.Month) {
	e.open('[')
	for _, m := range months {
		e.next()
		e.open('{')
		e.key("month")
		e.str(m.Month)
		e.key("metrics")
		e.open('{')
		for _, f := range m.Figures {
			e.key(f.Metric)
			e.open('{')
			e.numKey("actual", f.Actual)
			e.numKey("target", f.Target)
			e.numKey("baseline", f.Baseline)
			e.numKey("cumulative_actual", f.CumulativeActual)
			e.numKey("cumulative_target", f.CumulativeTarget)
			e.close('}')
		}
		e.close('}')
		e.close('}')
	}
	e.close(']')
}

// breakdowns writes a strategy's breakdowns as an object keyed by
// dimension, each an array of values with their actual figures.
func (e *jsonWriter) breakdowns(breakdowns []analysis.Breakdown) {
	e.open('{')
	for _, b := range breakdowns {
		e.key(b.Dimension)
		e.open('[')
		for _, x := range b.Entries {
			e.next()
			e.open('{')
			e.key("value")
			e.str(x.Value)
			e.numKey("actual", x.Actual)
			e.close('}')
		}
		e.close(']')
	}
	e.close('}')
}

// jsonWriter appends indented JSON to b. Like MarshalIndent with two
// spaces, every member and element starts a line of its own, and an empty
// object or array stays "{}" or "[]": the line break before an element is
// written by next, so a container that gets none has none.
type jsonWriter struct {
	b     []byte
	depth int
	empty bool // the innermost open object or array has nothing in it yet
}

func (e *jsonWriter) open(c byte) {
	e.b = append(e.b, c)
	e.depth++
	e.empty = true
}

// close ends the innermost container; its parent holds at least this one
// value, so it is no longer empty.
func (e *jsonWriter) close(c byte) {
	e.depth--
	if !e.empty {
		e.newline()
	}
	e.b = append(e.b, c)
	e.empty = false
}

// next starts an element or member: a comma after the previous one, then
// a new line at the current depth.
func (e *jsonWriter) next() {
	if !e.empty {
		e.b = append(e.b, ',')
	}
	e.empty = false
	e.newline()
}

// indent is a line break and the spaces of the deepest line (a monthly
// figure is at depth 7), cut to length: one append per line.
const indent = "\n" + "                    "

func (e *jsonWriter) newline() {
	e.b = append(e.b, indent[:1+2*e.depth]...)
}

func (e *jsonWriter) key(k string) {
	e.next()
	e.str(k)
	e.b = append(e.b, ':', ' ')
}

func (e *jsonWriter) numKey(k string, n analysis.Num) {
	e.key(k)
	if !n.Valid {
		e.null()
		return
	}
	e.float(n.V)
}

func (e *jsonWriter) null() { e.b = append(e.b, "null"...) }

func (e *jsonWriter) str(s string) { e.b = appendJSONString(e.b, s) }

func (e *jsonWriter) int(n int) { e.b = strconv.AppendInt(e.b, int64(n), 10) }

// date writes "2006-01-02": digits and dashes, nothing to escape.
func (e *jsonWriter) date(d civil.Date) {
	e.b = append(e.b, '"')
	e.b = d.Time().AppendFormat(e.b, time.DateOnly)
	e.b = append(e.b, '"')
}

func (e *jsonWriter) dateRange(r civil.Range) {
	e.open('{')
	e.key("start")
	e.date(r.Start)
	e.key("end")
	e.date(r.End)
	e.close('}')
}

// float writes v as encoding/json does (floatEncoder, 64 bits): the
// shortest decimal that reads back as v, in exponent form only below 1e-6
// or from 1e21 on, with the exponent unpadded (1e-7, not 1e-07). JSON has
// no NaN or Inf, so those are null, as undefined figures are.
func (e *jsonWriter) float(v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		e.b = append(e.b, "null"...)
		return
	}
	format := byte('f')
	if abs := math.Abs(v); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	e.b = strconv.AppendFloat(e.b, v, format, -1, 64)
	if n := len(e.b); format == 'e' && e.b[n-4] == 'e' && e.b[n-3] == '-' && e.b[n-2] == '0' {
		e.b[n-2] = e.b[n-1]
		e.b = e.b[:n-1]
	}
}

// htmlSafe holds the ASCII bytes encoding/json writes as they are in a
// string: all but control characters, ", \, <, > and &.
var htmlSafe = func() (safe [utf8.RuneSelf]bool) {
	for c := byte(' '); c < utf8.RuneSelf; c++ {
		safe[c] = !strings.ContainsRune(`"\<>&`, rune(c))
	}
	return safe
}()

// appendJSONString quotes s as encoding/json does by default: besides ",
// \ and control characters it escapes <, > and & (the export may be
// pasted into a <script>) and U+2028 and U+2029 (line ends to
// JavaScript), and writes each byte of invalid UTF-8 as \ufffd.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0 // s[start:i] is yet to be copied as it is
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if htmlSafe[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// CSVHeader is the header of data/strategies.csv.
var CSVHeader = []string{"plan", "strategy", "title", "owner", "status", "metric",
	"target", "actual", "expected_to_date", "attainment", "pace", "forecast",
	"baseline_to_date", "lift", "period_start", "period_end", "days_elapsed", "days_total",
	"days_remaining", "run_rate", "required_run_rate"}

// strategiesCSV writes one row per strategy and target (one row with an
// empty metric for a strategy without targets); undefined figures are
// empty. Figures are rounded for a spreadsheet (docs/figures.md, Where
// the figures are written): a money metric's to the currency's minor
// unit (money digits), every other figure and every ratio (attainment,
// pace, lift) to 6 decimals, so that no float noise such as
// 154218.78800000018 reaches a cell. The JSON keeps them unrounded.
func strategiesCSV(res *analysis.Site, money int) ([]byte, error) {
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
			unit := ratioDigits // of the metric's own figures
			if t.Metric.Format == format.KindMoney {
				unit = money
			}
			fig := func(n analysis.Num) string { return cnum(n, unit) }
			ratio := func(n analysis.Num) string { return cnum(n, ratioDigits) }
			target := ""
			if t.Metric.Name != "" {
				target = cfloat(t.Target, unit)
			}
			row := []string{
				text(planID), text(s.Strategy.ID), text(s.Strategy.Title), text(s.Strategy.Owner),
				text(string(s.Status)), text(t.Metric.Name),
				target, fig(t.Actual), fig(t.ExpectedToDate), ratio(t.Attainment), ratio(t.Pace),
				fig(t.Forecast), fig(t.BaselineToDate), ratio(t.Lift),
				s.Period.Start.String(), s.Period.End.String(),
				strconv.Itoa(s.DaysElapsed), strconv.Itoa(s.DaysTotal),
				strconv.Itoa(s.DaysRemaining), fig(t.RunRate), fig(t.RequiredRunRate),
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

// ratioDigits are the decimals of a ratio, and of a figure that is not
// money, in strategies.csv: a millionth of a percent point is finer than
// any page shows.
const ratioDigits = 6

// cnum writes n rounded to digits decimals, "" when undefined.
func cnum(n analysis.Num, digits int) string {
	if !n.Valid {
		return ""
	}
	return cfloat(n.V, digits)
}

// cfloat writes v rounded to digits decimals, halves away from zero, in
// its shortest form (1000, not 1000.00), "" when not a number.
func cfloat(v float64, digits int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	p := math.Pow10(digits)
	r := math.Round(v*p) / p
	if math.IsInf(r, 0) || math.IsNaN(r) {
		r = v // too large to scale: no decimals to round
	}
	if r == 0 {
		r = 0 // no "-0"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}
