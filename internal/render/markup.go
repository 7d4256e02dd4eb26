package render

// The pieces of markup that pages repeat most: a chart with its figures
// table (a dozen on every strategy page), a KPI card, a status badge, an
// attainment bar, a table of strategy rows, the handout's printed charts,
// month tables and rows, and the items of the menu on every page. html/template calls an escaper through
// reflection for every value it prints, which made these pieces most of
// the time a site of a thousand strategies took to render; they are
// written here, in Go, once, and templates reach them as functions
// (funcs.go: {{chart .}}, {{kpi .}}, {{badge .Status}}, ...).
//
// They are not template files, so a site cannot override one by name: a
// site that wants other markup overrides the template that calls the
// function and writes its own from the same fields (docs/templates.md
// lists them).
//
// Text is escaped with html/template's own HTMLEscapeString, for an
// element or a quoted attribute. The URLs written here are made by
// salesdeck from strategy IDs, which hold only a-z, 0-9 and '-'.

import (
	"errors"
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"salesdeck/internal/render/chart"
	"salesdeck/internal/render/label"
)

// markup writes the pieces with the words of one site's language.
type markup struct{ t label.Text }

// funcs are the template functions that write the pieces.
func (m markup) funcs() template.FuncMap {
	return template.FuncMap{
		"chart":        htmlOf(m.writeChart),
		"printChart":   htmlOf(writePrintChart),
		"printFigures": htmlOf(writePrintFigures),
		"months":       htmlOf(writeMonths),
		"kpi":          htmlOf(m.writeKPI),
		"needed":       htmlOf(m.writeNeeded),
		"badge":        htmlOf(writeBadge),
		"bar":          htmlOf(writeBar),
		"strategies":   htmlOf(m.writeStrategies),
		"handoutRow":   htmlOf(m.writeHandoutRow),
		"menu":         htmlOf(writeMenu),
	}
}

// htmlOf makes a template function of a writer.
func htmlOf[T any](write func(*strings.Builder, T) error) func(T) (template.HTML, error) {
	return func(v T) (template.HTML, error) {
		var b strings.Builder
		err := write(&b, v)
		return template.HTML(b.String()), err
	}
}

// escape writes s escaped, as template.HTMLEscapeString does, without
// a string of its own for the escaped text: pages escape hundreds of
// thousands of short cells, nearly all of them with nothing to escape.
func escape(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var e string
		switch s[i] {
		case '"':
			e = "&#34;"
		case '\'':
			e = "&#39;"
		case '&':
			e = "&amp;"
		case '<':
			e = "&lt;"
		case '>':
			e = "&gt;"
		case 0:
			e = "\uFFFD"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(e)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// errNoChart is what the chart functions say of a nil chart.
var errNoChart = errors.New("no chart to draw")

// writeChart writes a chart and, folded under it, its figures as a table,
// which show without JavaScript and in print.
func (m markup) writeChart(b *strings.Builder, v *ChartView) error {
	if v == nil {
		return errNoChart
	}
	b.Grow(len(v.JSON) + tableSize(v.Table))
	canvas(b, "chart", v, `style="height: `+strconv.Itoa(v.Height)+`px"`)
	b.WriteString("\n  <details class=\"chart-data\" open>\n    <summary>")
	escape(b, m.t.Get("table.figures"))
	b.WriteString("</summary>\n    ")
	if err := writeTable(b, v.Table); err != nil {
		return err
	}
	b.WriteString("\n  </details>\n</figure>")
	return nil
}

// canvas writes the start of a chart's figure: its caption, the element
// ECharts draws in (with the attributes given, after its data-format) and
// the option as JSON, which salesdeck.js reads.
func canvas(b *strings.Builder, class string, v *ChartView, attrs string) {
	b.WriteString(`<figure class="` + class + " " + class + "-")
	escape(b, v.Kind)
	b.WriteString("\">\n  <figcaption>")
	escape(b, v.Title)
	b.WriteString("</figcaption>\n  <div class=\"chart-canvas\" id=\"")
	escape(b, v.ID)
	b.WriteString(`" data-format="`)
	escape(b, v.Format)
	b.WriteString(`" ` + attrs + ` role="img" aria-label="`)
	escape(b, v.Title)
	b.WriteString("\"></div>\n  <script type=\"application/json\" data-chart=\"")
	escape(b, v.ID)
	// The option is HTML-safe JSON already (newChartView).
	b.WriteString(`">` + string(v.JSON) + "</script>")
}

// tableSize is about the length of t written as a table, a little more.
func tableSize(t chart.Table) int { return 512 + 32*(len(t.Rows)+1)*(len(t.Header)+1) }

// writeTable writes a chart's figures as a table.
func writeTable(b *strings.Builder, t chart.Table) error {
	numeric := func(i int) (string, error) {
		if i >= len(t.Numeric) {
			return "", fmt.Errorf("table %q: column %d has no Numeric entry", t.Caption, i)
		}
		if t.Numeric[i] {
			return ` class="num"`, nil
		}
		return "", nil
	}
	b.WriteString(`<table class="data">`)
	if t.Caption != "" {
		b.WriteString("\n  <caption>")
		escape(b, t.Caption)
		b.WriteString("</caption>")
	}
	b.WriteString("\n  <thead><tr>")
	for i, h := range t.Header {
		class, err := numeric(i)
		if err != nil {
			return err
		}
		b.WriteString(`<th scope="col"`)
		b.WriteString(class)
		b.WriteByte('>')
		escape(b, h)
		b.WriteString("</th>")
	}
	b.WriteString("</tr></thead>\n  <tbody>")
	for _, row := range t.Rows {
		b.WriteString("\n    <tr>")
		for i, c := range row {
			class, err := numeric(i)
			if err != nil {
				return err
			}
			b.WriteString("<td")
			b.WriteString(class)
			b.WriteByte('>')
			escape(b, c)
			b.WriteString("</td>")
		}
		b.WriteString("</tr>")
	}
	b.WriteString("\n  </tbody>\n</table>")
	return nil
}

// writePrintChart writes a chart of the handout, drawn by salesdeck.js at
// exactly Width × Height CSS pixels.
func writePrintChart(b *strings.Builder, c *PrintChart) error {
	if c == nil || c.ChartView == nil {
		return errNoChart
	}
	b.Grow(len(c.JSON) + 512)
	w, h := strconv.Itoa(c.Width), strconv.Itoa(c.Height)
	canvas(b, "pchart", c.ChartView, `data-width="`+w+`" data-height="`+h+`" style="width: `+w+`px; height: `+h+`px"`)
	b.WriteString("\n</figure>")
	return nil
}

// writePrintFigures writes a chart of the handout with its figures as a
// table under it, for the charts whose figures no other table of the
// page holds.
func writePrintFigures(b *strings.Builder, c *PrintChart) error {
	if c == nil || c.ChartView == nil {
		return errNoChart
	}
	b.WriteString(`<div class="print-figures">`)
	if err := writePrintChart(b, c); err != nil {
		return err
	}
	b.WriteString("\n")
	if err := writeTable(b, c.Table); err != nil {
		return err
	}
	b.WriteString("</div>")
	return nil
}

// writeMonths writes a handout strategy's headline target month by month.
func writeMonths(b *strings.Builder, s *HandoutStrategy) error {
	if s == nil {
		return errors.New("no strategy for a month table")
	}
	if s.Headline == nil {
		return fmt.Errorf("strategy %s: a month table without a headline target", s.Row.Title)
	}
	b.Grow(tableSize(chart.Table{Header: s.Months.Header, Rows: s.Months.Rows}))
	b.WriteString("<table class=\"months\">\n        <caption>")
	escape(b, s.Months.Caption)
	b.WriteString(` <span class="sub">`)
	escape(b, s.Headline.Phasing)
	b.WriteString("</span></caption>\n        <thead><tr>")
	for i, h := range s.Months.Header {
		b.WriteString(`<th scope="col"`)
		if i > 0 {
			b.WriteString(` class="num"`)
		}
		b.WriteByte('>')
		escape(b, h)
		b.WriteString("</th>")
	}
	b.WriteString("</tr></thead>\n        <tbody>")
	for _, row := range s.Months.Rows {
		b.WriteString("\n          <tr>")
		for i, c := range row {
			if i == 0 {
				b.WriteString(`<th scope="row">`)
				escape(b, c)
				b.WriteString("</th>")
				continue
			}
			b.WriteString(`<td class="num">`)
			escape(b, c)
			b.WriteString("</td>")
		}
		b.WriteString("</tr>")
	}
	b.WriteString("\n        </tbody>\n      </table>")
	return nil
}

// writeKPI writes a target as a KPI card; t.Show says which figures.
func (m markup) writeKPI(b *strings.Builder, t TargetView) error {
	x := m.t
	b.Grow(1 << 10)
	b.WriteString("<article class=\"kpi\">\n  <header class=\"kpi-head\">\n    <h2>")
	escape(b, t.Metric)
	b.WriteString("</h2>\n    <span class=\"kpi-phasing\">")
	escape(b, t.Phasing)
	b.WriteString("</span>\n  </header>")
	show := t.Show
	if show.Actual {
		b.WriteString("\n  <p class=\"kpi-value\">")
		escape(b, t.Actual)
		b.WriteString("</p>")
	}
	if show.Target {
		b.WriteString("\n  <p class=\"kpi-of\">")
		key := "kpi.target_only"
		if show.Actual {
			key = "kpi.of_target"
		}
		before, after := x.Around(key, "target")
		escape(b, before)
		b.WriteString("<strong>")
		escape(b, t.Target)
		b.WriteString("</strong>")
		escape(b, after)
		if t.Original != "" {
			b.WriteString(` <span class="kpi-original">`)
			escape(b, x.Format("kpi.original", "target", t.Original))
			b.WriteString("</span>")
		}
		b.WriteString("</p>")
	}
	if show.Attainment {
		b.WriteString("\n  <div class=\"kpi-bar\">")
		writeAttainment(b, t.Bar, t.Attainment)
		b.WriteString("</div>\n  <p class=\"kpi-att\">")
		escape(b, x.Get("kpi.attained"))
		if t.Bar.Mark >= 0 {
			b.WriteString(" · ")
			escape(b, x.Get("kpi.tick_note"))
		}
		b.WriteString("</p>")
	}
	if !(show.Expected || show.Pace || show.Forecast || show.RunRate || show.Baseline || show.Lift) {
		b.WriteString("\n</article>")
		return nil
	}
	b.WriteString("\n  <dl class=\"kpi-grid\">")
	if show.Expected {
		writeFact(b, x.Get("kpi.expected"), t.Expected, nil)
		writeFact(b, x.Get("kpi.vs_expected"), t.Gap, &t.GapSign)
	}
	if show.Pace {
		writeFact(b, x.Get("kpi.pace"), t.Pace, nil)
	}
	if show.Forecast {
		writeFact(b, x.Get("kpi.forecast"), t.Forecast, nil)
	}
	if show.RunRate && !t.Ratio { // a ratio has no rate per month
		writeFact(b, x.Get("kpi.run_rate"), t.RunRate, nil)
		b.WriteString("\n    <div><dt>")
		escape(b, x.Get("kpi.needed"))
		b.WriteString("</dt><dd>")
		m.writeNeeded(b, t)
		b.WriteString("</dd></div>")
	}
	if show.Baseline {
		writeFact(b, x.Get("kpi.baseline"), t.Baseline, nil)
	}
	if show.Lift {
		writeFact(b, x.Get("kpi.lift"), t.Lift, &t.LiftSign)
	}
	b.WriteString("\n  </dl>\n</article>")
	return nil
}

// writeNeeded writes the month a target needs for the rest of its period
// and, when that is above the best month of the baseline, says so in
// words beside it (class needed-high colours both; never colour alone).
func (m markup) writeNeeded(b *strings.Builder, t TargetView) error {
	if !t.NeededHigh {
		escape(b, t.Needed)
		return nil
	}
	b.WriteString(`<span class="needed-high">`)
	escape(b, t.Needed)
	b.WriteString(` <span class="cue">▲ `)
	escape(b, m.t.Format("kpi.needed_high", "best", t.BestMonth))
	b.WriteString("</span></span>")
	return nil
}

// writeFact writes one figure of a KPI card's grid; a figure with a sign
// gets the class of its direction.
func writeFact(b *strings.Builder, term, value string, sign *int) {
	b.WriteString("\n    <div><dt>")
	escape(b, term)
	b.WriteString("</dt><dd")
	if sign != nil {
		b.WriteString(` class="`)
		b.WriteString(direction(*sign))
		b.WriteByte('"')
	}
	b.WriteByte('>')
	escape(b, value)
	b.WriteString("</dd></div>")
}

// direction is the class of a signed figure in a KPI card.
func direction(sign int) string {
	switch {
	case sign > 0:
		return "up"
	case sign < 0:
		return "down"
	}
	return ""
}

// writeBar writes an attainment bar; its tick marks where the strategy
// should be by now.
func writeBar(b *strings.Builder, v Bar) error {
	b.WriteString(`<span class="bar`)
	if v.Over {
		b.WriteString(" bar-over")
	}
	b.WriteString(`" aria-hidden="true"><span class="bar-fill" style="width: `)
	writeFloat(b, v.Fill)
	b.WriteString(`%"></span>`)
	if v.Mark >= 0 {
		b.WriteString(`<span class="bar-mark" style="left: `)
		writeFloat(b, v.Mark)
		b.WriteString(`%"></span>`)
	}
	b.WriteString("</span>")
	return nil
}

// writeFloat writes f as templates print a float64: fmt's shortest form.
func writeFloat(b *strings.Builder, f float64) {
	var buf [24]byte
	b.Write(strconv.AppendFloat(buf[:0], f, 'g', -1, 64))
}

// writeAttainment writes an attainment bar and its figure.
func writeAttainment(b *strings.Builder, bar Bar, att string) {
	writeBar(b, bar)
	b.WriteString(`<span class="att">`)
	escape(b, att)
	b.WriteString("</span>")
}

// writeBadge writes a status as a word and a symbol, never colour alone.
func writeBadge(b *strings.Builder, s StatusView) error {
	b.WriteString(`<span class="status status-`)
	escape(b, s.Key)
	b.WriteString(`"><span class="status-symbol" aria-hidden="true">`)
	escape(b, s.Symbol)
	b.WriteString("</span> ")
	escape(b, s.Label)
	b.WriteString("</span>")
	return nil
}

// writeStrategies writes strategy rows as a table.
func (m markup) writeStrategies(b *strings.Builder, rows []StrategyRow) error {
	b.Grow(512 + 768*len(rows))
	b.WriteString("<div class=\"table-scroll\">\n<table class=\"strategies\">\n  <thead>\n    <tr>")
	for _, h := range []struct{ key, class string }{
		{"table.strategy", ""}, {"table.status", ""}, {"kpi.attainment", "col-att"},
		{"kpi.actual", "num"}, {"kpi.target", "num"}, {"kpi.pace", "num"}, {"kpi.forecast", "num"},
	} {
		b.WriteString("\n      <th scope=\"col\"")
		if h.class != "" {
			b.WriteString(` class="` + h.class + `"`)
		}
		b.WriteByte('>')
		escape(b, m.t.Get(h.key))
		b.WriteString("</th>")
	}
	b.WriteString("\n    </tr>\n  </thead>\n  <tbody>")
	for _, r := range rows {
		b.WriteString("\n    <tr class=\"row-")
		escape(b, r.Status.Key)
		b.WriteString("\">\n      <th scope=\"row\">\n        <a class=\"strategy-link\" href=\"")
		escape(b, r.URL)
		b.WriteString(`">`)
		escape(b, r.Title)
		b.WriteString("</a>")
		m.writeReforecast(b, r)
		b.WriteString("\n        <span class=\"sub\">")
		if r.Owner != "" {
			escape(b, r.Owner)
			b.WriteString(" · ")
		}
		escape(b, r.Metric)
		b.WriteString("</span>\n      </th>\n      <td>")
		writeBadge(b, r.Status)
		b.WriteString("</td>\n      <td class=\"col-att\">")
		writeAttainment(b, r.Bar, r.Attainment)
		b.WriteString("</td>")
		numCells(b, "\n      ", r.Actual, r.Target, r.Pace, r.Forecast)
		b.WriteString("\n    </tr>")
	}
	b.WriteString("\n  </tbody>\n</table>\n</div>")
	return nil
}

// writeReforecast flags a strategy whose targets differ from the plan of
// record, in words (docs/plans-in-git.md).
func (m markup) writeReforecast(b *strings.Builder, r StrategyRow) {
	if r.Reforecast {
		b.WriteString(` <span class="flag-reforecast" title="`)
		escape(b, m.t.Get("history.reforecast_note"))
		b.WriteString(`">`)
		escape(b, m.t.Get("history.reforecast"))
		b.WriteString("</span>")
	}
}

// writeHandoutRow writes a strategy row of the handout's tables, whose
// head is handout.html's "handout-head".
func (m markup) writeHandoutRow(b *strings.Builder, r StrategyRow) error {
	b.WriteString(`<tr class="row-`)
	escape(b, r.Status.Key)
	b.WriteString("\">\n  <th scope=\"row\"><a href=\"")
	escape(b, r.URL)
	b.WriteString(`">`)
	escape(b, r.Title)
	b.WriteString("</a>")
	m.writeReforecast(b, r)
	if r.Owner != "" {
		b.WriteString(`<span class="sub">`)
		escape(b, r.Owner)
		b.WriteString("</span>")
	}
	b.WriteString("</th>\n  <td>")
	writeBadge(b, r.Status)
	b.WriteString("</td>\n  <td class=\"num\">")
	escape(b, r.Target)
	b.WriteString(`<span class="sub">`)
	escape(b, r.Metric)
	b.WriteString("</span></td>")
	numCells(b, "\n  ", r.Actual)
	b.WriteString("\n  <td class=\"att-cell\">")
	writeAttainment(b, r.Bar, r.Attainment)
	b.WriteString("</td>")
	numCells(b, "\n  ", r.Pace, r.Forecast)
	b.WriteString("\n</tr>")
	return nil
}

// numCells writes a cell of class "num" for each figure, each on a line
// of its own starting with indent.
func numCells(b *strings.Builder, indent string, figures ...string) {
	for _, f := range figures {
		b.WriteString(indent)
		b.WriteString(`<td class="num">`)
		escape(b, f)
		b.WriteString("</td>")
	}
}

// writeMenu writes the items of the menu, each on a line of its own.
func writeMenu(b *strings.Builder, nav []NavItem) error {
	for _, n := range nav {
		b.WriteString("\n        <li class=\"menu-")
		escape(b, n.Kind)
		b.WriteString(`"><a href="`)
		escape(b, n.URL)
		b.WriteByte('"')
		if n.Current {
			b.WriteString(` aria-current="page"`)
		}
		b.WriteByte('>')
		escape(b, n.Title)
		b.WriteString("</a></li>")
	}
	return nil
}
