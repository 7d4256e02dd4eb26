package render

import (
	"errors"
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"salesdeck/internal/chart"
)

// The "chart" and "table" partials of base.html make most of a strategy
// page: a dozen charts, each with its figures as a table of a few hundred
// cells, and html/template calls an escaper through reflection for every
// cell (0.6 ms a page, most of the time a site of 1,000 strategies took
// to render); "kpi", "bar" and "status" come a few times on every page
// and line of a table. The handout's "print-chart" and "months" are the
// same for its page per strategy, and "strategies" and "handout-row"
// write a line per strategy in the overview, the plans and the handout,
// five lines a strategy in all. While the template file that defines them is the
// built-in one, these partials are written by the Go code below instead:
// the same bytes, which partials_test.go and sites_test.go check by
// rendering sites both ways. A page whose template or base.html is the
// site's own is rendered by html/template alone: an overridden page may
// redefine a partial the built-in ones call (templates.go).
var fastPartials = map[string]string{
	"base.html": `{{define "chart"}}{{chartHTML .}}{{end}}{{define "table"}}{{tableHTML .}}{{end}}` +
		`{{define "kpi"}}{{kpiHTML .}}{{end}}{{define "bar"}}{{barHTML .}}{{end}}{{define "status"}}{{statusHTML .}}{{end}}` +
		`{{define "strategies"}}{{strategiesHTML .}}{{end}}`,
	"handout.html": `{{define "print-chart"}}{{printChartHTML .}}{{end}}{{define "months"}}{{monthsHTML .}}{{end}}` +
		`{{define "handout-strategy"}}{{sheetHTML .}}{{end}}{{define "handout-row"}}{{handoutRowHTML .}}{{end}}`,
}

// The built-in "handout-strategy" partial stays in a fast set as
// "handout-sheet": the handout renders each strategy's sheet with it
// before the page, so that a sheet can be kept between renders (Memo),
// and the page's "handout-strategy" then writes out what it made
// (HandoutStrategy.sheet).
const sheetTemplate = "handout-sheet"

func partialFuncs() template.FuncMap {
	return template.FuncMap{
		"chartHTML":      htmlOf(writeChart),
		"tableHTML":      htmlOf(writeTable),
		"printChartHTML": htmlOf(writePrintChart),
		"monthsHTML":     htmlOf(writeMonths),
		"kpiHTML":        htmlOf(writeKPI),
		"barHTML":        htmlOf(writeBar),
		"statusHTML":     htmlOf(writeStatus),
		"sheetHTML":      sheetHTML,
		"strategiesHTML": htmlOf(writeStrategies),
		"handoutRowHTML": htmlOf(writeHandoutRow),
	}
}

func sheetHTML(hs HandoutStrategy) (template.HTML, error) {
	if hs.sheet == "" {
		return "", errors.New("handout: a strategy sheet was not rendered")
	}
	return hs.sheet, nil
}

func htmlOf[T any](write func(*strings.Builder, T) error) func(T) (template.HTML, error) {
	return func(v T) (template.HTML, error) {
		var b strings.Builder
		err := write(&b, v)
		return template.HTML(b.String()), err
	}
}

// errNoChart is what the chart partials say of a nil chart, where their
// templates would stop at a nil pointer.
var errNoChart = errors.New("no chart to draw")

// writeChart writes what the built-in "chart" partial writes.
func writeChart(b *strings.Builder, v *ChartView) error {
	if v == nil {
		return errNoChart
	}
	canvas(b, "chart", v, `style="height: `+strconv.Itoa(v.Height)+`px"`)
	b.WriteString("\n  <details class=\"chart-data\" open>\n    <summary>Figures</summary>\n    ")
	if err := writeTable(b, v.Table); err != nil {
		return err
	}
	b.WriteString("\n  </details>\n</figure>")
	return nil
}

// canvas writes the start of a chart's figure, as both chart partials
// do: its caption, the element ECharts draws in (with the attributes
// given, after its data-format) and the option.
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
	// The option is HTML-safe JSON already (newChartView), which
	// html/template leaves as it is in a script.
	b.WriteString(`">` + string(v.JSON) + "</script>")
}

// writeTable writes what the built-in "table" partial writes.
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

// writePrintChart writes what the built-in "print-chart" partial writes.
func writePrintChart(b *strings.Builder, c *PrintChart) error {
	if c == nil || c.ChartView == nil {
		return errNoChart
	}
	w, h := strconv.Itoa(c.Width), strconv.Itoa(c.Height)
	canvas(b, "pchart", c.ChartView, `data-width="`+w+`" data-height="`+h+`" style="width: `+w+`px; height: `+h+`px"`)
	b.WriteString("\n</figure>")
	return nil
}

// writeMonths writes what the built-in "months" partial writes.
func writeMonths(b *strings.Builder, s *HandoutStrategy) error {
	if s == nil {
		return errors.New("no strategy for a month table")
	}
	if s.Headline == nil {
		return fmt.Errorf("strategy %s: a month table without a headline target", s.Row.Title)
	}
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
			if i > 0 {
				b.WriteString(`<td class="num">`)
				escape(b, c)
				b.WriteString("</td>")
			} else {
				b.WriteString(`<th scope="row">`)
				escape(b, c)
				b.WriteString("</th>")
			}
		}
		b.WriteString("</tr>")
	}
	b.WriteString("\n        </tbody>\n      </table>")
	return nil
}

// writeKPI writes what the built-in "kpi" partial writes.
func writeKPI(b *strings.Builder, t TargetView) error {
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
		if show.Actual {
			b.WriteString("of ")
		}
		b.WriteString("<strong>")
		escape(b, t.Target)
		b.WriteString("</strong> target</p>")
	}
	if show.Attainment {
		b.WriteString("\n  <div class=\"kpi-bar\">")
		writeAttainment(b, t.Bar, t.Attainment)
		b.WriteString("</div>\n  <p class=\"kpi-att\">attained")
		if t.Bar.Mark >= 0 {
			b.WriteString(" · the tick marks what is expected by now")
		}
		b.WriteString("</p>")
	}
	if !(show.Expected || show.Pace || show.Forecast || show.Baseline || show.Lift) {
		b.WriteString("\n</article>")
		return nil
	}
	b.WriteString("\n  <dl class=\"kpi-grid\">")
	fact := func(term, value string, sign *int) {
		b.WriteString("\n    <div><dt>" + term + "</dt><dd")
		if sign != nil {
			b.WriteString(` class="` + direction(*sign) + `"`)
		}
		b.WriteByte('>')
		escape(b, value)
		b.WriteString("</dd></div>")
	}
	if show.Expected {
		fact("Expected to date", t.Expected, nil)
		fact("Vs expected", t.Gap, &t.GapSign)
	}
	if show.Pace {
		fact("Pace", t.Pace, nil)
	}
	if show.Forecast {
		fact("Forecast", t.Forecast, nil)
	}
	if show.Baseline {
		fact("Baseline to date", t.Baseline, nil)
	}
	if show.Lift {
		fact("Lift", t.Lift, &t.LiftSign)
	}
	b.WriteString("\n  </dl>\n</article>")
	return nil
}

// direction is the class the kpi partial gives a signed figure.
func direction(sign int) string {
	switch {
	case sign > 0:
		return "up"
	case sign < 0:
		return "down"
	}
	return ""
}

// writeBar writes what the built-in "bar" partial writes. html/template
// prints a float as fmt does, which is strconv's shortest 'g' form.
func writeBar(b *strings.Builder, v Bar) error {
	b.WriteString(`<span class="bar`)
	if v.Over {
		b.WriteString(" bar-over")
	}
	b.WriteString(`" aria-hidden="true"><span class="bar-fill" style="width: `)
	escape(b, strconv.FormatFloat(v.Fill, 'g', -1, 64))
	b.WriteString(`%"></span>`)
	if v.Mark >= 0 {
		b.WriteString(`<span class="bar-mark" style="left: `)
		escape(b, strconv.FormatFloat(v.Mark, 'g', -1, 64))
		b.WriteString(`%"></span>`)
	}
	b.WriteString("</span>")
	return nil
}

// writeStatus writes what the built-in "status" partial writes.
func writeStatus(b *strings.Builder, s StatusView) error {
	b.WriteString(`<span class="status status-`)
	escape(b, s.Key)
	b.WriteString(`"><span class="status-symbol" aria-hidden="true">`)
	escape(b, s.Symbol)
	b.WriteString("</span> ")
	escape(b, s.Label)
	b.WriteString("</span>")
	return nil
}

// writer is what the fast partials write to: a strings.Builder, or the
// bytes.Buffer of a page (frame.go).
type writer interface {
	WriteString(s string) (int, error)
	WriteByte(c byte) error
}

// escape writes s as html/template writes text in an element or a quoted
// attribute: NUL becomes U+FFFD and the five characters below, with '+',
// become references; every other byte, invalid UTF-8 included, is copied.
func escape(b writer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(repl)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// writeStrategies writes what the built-in "strategies" partial writes.
func writeStrategies(b *strings.Builder, rows []StrategyRow) error {
	b.WriteString(`<div class="table-scroll">
<table class="strategies">
  <thead>
    <tr>
      <th scope="col">Strategy</th>
      <th scope="col">Status</th>
      <th scope="col" class="col-att">Attainment</th>
      <th scope="col" class="num">Actual</th>
      <th scope="col" class="num">Target</th>
      <th scope="col" class="num">Pace</th>
      <th scope="col" class="num">Forecast</th>
    </tr>
  </thead>
  <tbody>`)
	for _, r := range rows {
		b.WriteString("\n    <tr class=\"row-")
		escape(b, r.Status.Key)
		b.WriteString("\">\n      <th scope=\"row\">\n        <a class=\"strategy-link\" href=\"")
		writeURL(b, r.URL)
		b.WriteString(`">`)
		escape(b, r.Title)
		b.WriteString("</a>\n        <span class=\"sub\">")
		if r.Owner != "" {
			escape(b, r.Owner)
			b.WriteString(" · ")
		}
		escape(b, r.Metric)
		b.WriteString("</span>\n      </th>\n      <td>")
		writeStatus(b, r.Status)
		b.WriteString("</td>\n      <td class=\"col-att\">")
		writeAttainment(b, r.Bar, r.Attainment)
		b.WriteString("</td>")
		numCells(b, "\n      ", r.Actual, r.Target, r.Pace, r.Forecast)
		b.WriteString("\n    </tr>")
	}
	b.WriteString("\n  </tbody>\n</table>\n</div>")
	return nil
}

// writeHandoutRow writes what the built-in "handout-row" partial writes.
func writeHandoutRow(b *strings.Builder, r StrategyRow) error {
	b.WriteString(`<tr class="row-`)
	escape(b, r.Status.Key)
	b.WriteString("\">\n  <th scope=\"row\"><a href=\"")
	writeURL(b, r.URL)
	b.WriteString(`">`)
	escape(b, r.Title)
	b.WriteString("</a>")
	if r.Owner != "" {
		b.WriteString(`<span class="sub">`)
		escape(b, r.Owner)
		b.WriteString("</span>")
	}
	b.WriteString("</th>\n  <td>")
	writeStatus(b, r.Status)
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

// writeAttainment writes an attainment bar and its figure, as the
// partials of a KPI and of a strategy's row do.
func writeAttainment(b *strings.Builder, bar Bar, att string) {
	writeBar(b, bar)
	b.WriteString(`<span class="att">`)
	escape(b, att)
	b.WriteString("</span>")
}

// numCells writes a cell of class "num" for each figure, each on a line
// of its own starting with indent.
func numCells(b *strings.Builder, indent string, figures ...string) {
	for _, f := range figures {
		b.WriteString(indent + `<td class="num">`)
		escape(b, f)
		b.WriteString("</td>")
	}
}

// writeURL writes u as html/template writes a URL that makes up a whole
// attribute value: a URL with a scheme other than http, https or mailto
// (javascript:, data:) becomes "#ZgotmplZ"; bytes a URL may not hold
// are percent-encoded (lower-case hex), valid escapes kept; then the
// result is escaped as any attribute.
func writeURL(b writer, u string) {
	if scheme, _, ok := strings.Cut(u, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		b.WriteString("#ZgotmplZ")
		return
	}
	var n strings.Builder
	last := 0
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			continue
		case strings.IndexByte("-._~!#$&*+,/:;=?@[]", c) >= 0:
			continue
		case c == '%' && i+2 < len(u) && isHex(u[i+1]) && isHex(u[i+2]):
			continue
		}
		n.WriteString(u[last:i])
		n.WriteString("%" + hex2(c))
		last = i + 1
	}
	n.WriteString(u[last:])
	escape(b, n.String())
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}
