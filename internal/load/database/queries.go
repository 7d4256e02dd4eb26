package database

import (
	"strconv"
	"strings"

	"salesdeck/internal/load/sales"
	"salesdeck/internal/support/civil"
	"salesdeck/internal/support/metric"
)

// sampleRows is how many rows the first query reads, to tell numeric
// columns from text ones as a CSV read does with its first rows.
const sampleRows = 100

// probe is the first query: the table's columns and a few of its rows.
func probe(d dialect, from string) string {
	return "SELECT * FROM " + from + " LIMIT " + strconv.Itoa(sampleRows)
}

// query is one aggregate query and how to read its answer: each row is
// its group's keys, then the row count, then one sum per column.
type query struct {
	sql   string
	brk   string // the breakdown dimension, or "" for the daily groups
	nkeys int    // key columns before the row count: day or segment, keys, value
}

// plan writes the aggregate queries of a's grouping (sales.Need): one for
// the daily groups and one per breakdown dimension, each a GROUP BY that
// only sends back the grouped answer.
func plan(d dialect, from string, a *sales.Assembler) []query {
	day := d.day(a.DateColumn())
	col := func(name string) string { return a.Column(name) }
	var keys []string
	for _, k := range a.Keys() {
		keys = append(keys, d.ident(a.Column(k)))
	}
	sums := func(defs []metric.Def) []string {
		var out []string
		for _, def := range defs {
			out = append(out, d.sum(d.expr(def.Expr, col)))
		}
		return out
	}
	daily := append([]string{day}, keys...)
	qs := []query{{
		sql:   selectGroups(from, daily, sums(a.Columns()), ""),
		nkeys: len(daily),
	}}
	segs := a.Segments()
	if len(segs) == 0 || len(a.Breaks()) == 0 {
		return qs
	}
	cuts := make([]civil.Date, 0, len(segs)+1)
	for _, s := range segs {
		cuts = append(cuts, s.Start)
	}
	cuts = append(cuts, segs[len(segs)-1].End+1)
	where := day + " >= " + d.date(cuts[0]) + " AND " + day + " < " + d.date(cuts[len(cuts)-1])
	for _, b := range a.Breaks() {
		group := append([]string{d.segment(day, cuts)}, keys...)
		group = append(group, d.ident(a.Column(b)))
		qs = append(qs, query{
			sql:   selectGroups(from, group, sums(a.BreakColumns()), where),
			brk:   b,
			nkeys: len(group),
		})
	}
	return qs
}

// selectGroups is SELECT group..., COUNT(*), sums... FROM from [WHERE
// where] GROUP BY group... . The grouping expressions are written out
// again rather than by position, which old ClickHouse servers lack.
func selectGroups(from string, group, sums []string, where string) string {
	var b strings.Builder
	b.WriteString("SELECT ")
	b.WriteString(strings.Join(append(append(group[:len(group):len(group)], "COUNT(*)"), sums...), ", "))
	b.WriteString(" FROM " + from)
	if where != "" {
		b.WriteString(" WHERE " + where)
	}
	b.WriteString(" GROUP BY " + strings.Join(group, ", "))
	return b.String()
}
