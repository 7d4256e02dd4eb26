// Package inspect is `salesdeck inspect` and serve's inspect page: what
// salesdeck makes of a site's sales data (the files or database read,
// the encoding and delimiter, each column's role, values and range, the
// dates), as a plain table for a terminal or as an HTML page. Both are
// laid out from one Summary; the reading is build.Inspect's. The package
// knows nothing of plans, figures or the site's pages.
package inspect

import (
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"salesdeck/internal/app/console"
	"salesdeck/internal/build"
	"salesdeck/internal/load/config"
	"salesdeck/internal/load/sales"
)

// Summary is an inspection as lines of text: the facts about the source,
// then one row per column.
type Summary struct {
	Facts   []Fact
	Columns []Row
}

// Fact is one line about the source, such as "encoding: windows-1252".
type Fact struct{ Name, Value string }

// Row is one column of the data, described.
type Row struct {
	Column   string // as the file names it, with the name plans use when another
	Role     string
	Distinct string
	Values   string // the most frequent values, the range of figures or dates
}

// Summarize describes in.
func Summarize(in *build.Inspection) Summary {
	sc, p := in.Config.Sales, in.Profile
	var s Summary
	add := func(name, value string) { s.Facts = append(s.Facts, Fact{name, value}) }
	if sc.Source == "csv" {
		add("files", strings.Join(in.Files, ", "))
		add("encoding", sc.Encoding)
		add("delimiter", config.DelimiterYAML(sc.Delimiter))
		add("decimal", strconv.Quote(string(sc.Decimal)))
		add("date format", sc.DateFormat)
	} else {
		what := sc.Table
		if what == "" {
			what = "query " + strconv.Quote(sc.Query)
		}
		add("source", sc.Source+", "+what)
	}
	dates := "none"
	if p.Rows > 0 {
		dates = fmt.Sprintf("%s to %s", p.First, p.Last)
	}
	add("rows", fmt.Sprintf("%d, dated %s", p.Rows, dates))
	for _, c := range p.Columns {
		s.Columns = append(s.Columns, describe(c, p))
	}
	return s
}

// describe is the row of column c.
func describe(c sales.Column, p *sales.Profile) Row {
	r := Row{Column: c.Header, Role: c.Role}
	if c.Name != "" {
		r.Column += " (as " + c.Name + ")"
	}
	var parts []string
	switch {
	case c.Role == sales.RoleDate:
		r.Distinct = "—"
		if p.Rows > 0 {
			parts = append(parts, fmt.Sprintf("%s to %s", p.First, p.Last))
		}
	case c.Role == sales.RoleMeasure:
		r.Distinct = "—"
		if c.Numbers > 0 {
			parts = append(parts, "min "+num(c.Min), "max "+num(c.Max))
		}
	case c.Role == sales.RoleIgnored && !p.Rowwise:
		r.Distinct = "—"
	default:
		r.Distinct = strconv.Itoa(c.Distinct)
		if c.More {
			r.Distinct = fmt.Sprintf("more than %d", sales.MaxDistinct)
		}
		var top []string
		for _, v := range c.Top {
			top = append(top, fmt.Sprintf("%s (%d)", v.Value, v.Rows))
		}
		if len(top) > 0 {
			if len(c.Top) < c.Distinct {
				top = append(top, "…")
			}
			parts = append(parts, strings.Join(top, ", "))
		}
	}
	if c.Empty > 0 {
		parts = append(parts, fmt.Sprintf("%d empty", c.Empty))
	}
	r.Values = strings.Join(parts, "; ")
	return r
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// Text writes s as a plain table, with head painting the table's heading
// (bold on a terminal that takes colour).
func Text(w io.Writer, s Summary, head func(string) string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, f := range s.Facts {
		fmt.Fprintf(tw, "%s:\t%s\n", f.Name, console.Cell(f.Value))
	}
	tw.Flush()
	fmt.Fprintln(w)
	// The heading is painted once tabwriter has measured the cells, so
	// that colour codes do not count as width.
	var b strings.Builder
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "COLUMN\tROLE\tDISTINCT\tVALUES")
	for _, r := range s.Columns {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", console.Cell(r.Column), r.Role, r.Distinct, console.Cell(r.Values))
	}
	tw.Flush()
	heading, rest, _ := strings.Cut(b.String(), "\n")
	_, err := io.WriteString(w, head(strings.TrimRight(heading, " "))+"\n"+rest)
	return err
}

// Page writes s as an HTML page: values from the data are text, never
// markup.
func Page(w io.Writer, s Summary) error {
	t, err := template.New("inspect").Parse(pageHTML)
	if err != nil {
		return err
	}
	return t.Execute(w, s)
}

const pageHTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sales data · salesdeck inspect</title>
<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1f2933; }
h1 { font-size: 1.4rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #d9e2ec; vertical-align: top; }
td.values { overflow-wrap: anywhere; }
</style>
</head>
<body>
<h1>What salesdeck reads in the sales data</h1>
<dl>{{range .Facts}}<dt>{{.Name}}</dt><dd>{{.Value}}</dd>{{end}}</dl>
<div class="scroll"><table>
<thead><tr><th>Column</th><th>Role</th><th>Distinct</th><th>Values</th></tr></thead>
<tbody>{{range .Columns}}
<tr><td>{{.Column}}</td><td>{{.Role}}</td><td>{{.Distinct}}</td><td class="values">{{.Values}}</td></tr>{{end}}
</tbody></table></div>
<p>The same as <code>salesdeck inspect</code> prints. Roles and values follow site.yaml's sales settings; docs/data-sources.md tells how to change them.</p>
</body>
</html>
`
