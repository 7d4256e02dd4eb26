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
// its group's keys, then the row count, then one sum per column; or, for
// a query of a count_distinct column's values, the group's keys, then
// one of its distinct values.
type query struct {
	sql    string
	brk    string // the breakdown dimension, or "" for the cells
	nkeys  int    // key columns before the row count: day or segment, keys, value
	width  int    // columns of each answer row: keys, row count, sums
	values bool   // a query of distinct values: col's, of Assembler.Distinct
	col    int
	rank   bool // a ranking query (rankQueries)
}

// bounds is the query of the first and last dates of the rows, their
// number and the number of those with a date: the spans of the cells may
// depend on the last day (sales.Need.Cuts), and a row without a date is
// an error.
func bounds(d dialect, from, date string) string {
	day := d.day(date)
	return "SELECT MIN(" + day + "), MAX(" + day + "), COUNT(*), COUNT(" + day + ") FROM " + from
}

// cellQueries writes the aggregate queries of the cells of a's grouping
// (sales.Need): per span of time (numbered as dialect.bucket numbers
// them) and combination of keys, a GROUP BY that only sends back the
// grouped answer; and per count_distinct column the distinct values of
// each of those groups (SELECT DISTINCT), which the figures then count
// over many groups together: no engine can add up distinct counts, so
// the values themselves are sent, once a group.
func cellQueries(d dialect, from string, a *sales.Assembler) []query {
	day := d.day(a.DateColumn())
	keys := keyIdents(d, a)
	span := day
	if cuts := a.Cuts(); len(cuts) > 0 {
		span = d.bucket(day, cuts)
	}
	cells := append([]string{span}, keys...)
	cellSums := sums(d, a, a.Columns())
	qs := []query{{
		sql:   selectGroups(from, cells, cellSums, ""),
		nkeys: len(cells),
		width: len(cells) + 1 + len(cellSums),
	}}
	for k, c := range a.Distinct() {
		qs = append(qs, query{sql: selectValues(from, cells, d.ident(c), ""), nkeys: len(cells), values: true, col: k})
	}
	return qs
}

// keyIdents are the quoted columns of a's Keys.
func keyIdents(d dialect, a *sales.Assembler) []string {
	var keys []string
	for _, k := range a.Keys() {
		keys = append(keys, d.ident(a.Column(k)))
	}
	return keys
}

// sums are the SQL sums of the metrics defs, whose measures are a's
// columns.
func sums(d dialect, a *sales.Assembler, defs []metric.Def) []string {
	var out []string
	for _, def := range defs {
		out = append(out, d.sum(d.expr(def.Expr, a.Column)))
	}
	return out
}

// segmentCuts are the days that cut a's Segments: the first day of each,
// and the day after the last; nil without segments.
func segmentCuts(a *sales.Assembler) []civil.Date {
	segs := a.Segments()
	if len(segs) == 0 {
		return nil
	}
	cuts := make([]civil.Date, 0, len(segs)+1)
	for _, s := range segs {
		cuts = append(cuts, s.Start)
	}
	return append(cuts, segs[len(segs)-1].End+1)
}

// inSegments is the WHERE condition of rows within the segments cuts cut.
func inSegments(d dialect, day string, cuts []civil.Date) string {
	return day + " >= " + d.date(cuts[0]) + " AND " + day + " < " + d.date(cuts[len(cuts)-1])
}

// breakQueries writes the aggregate queries of the break groups of a's
// grouping (sales.Need): one per breakdown dimension, per segment,
// combination of keys and value, and for count_distinct columns the
// distinct values of each.
func breakQueries(d dialect, from string, a *sales.Assembler) []query {
	cuts := segmentCuts(a)
	if cuts == nil || len(a.Breaks()) == 0 {
		return nil
	}
	day := d.day(a.DateColumn())
	keys := keyIdents(d, a)
	where := inSegments(d, day, cuts)
	var qs []query
	for _, b := range a.Breaks() {
		group := append([]string{d.segment(day, cuts)}, keys...)
		group = append(group, d.ident(a.Column(b)))
		brkSums := sums(d, a, a.BreakColumns())
		qs = append(qs, query{
			sql:   selectGroups(from, group, brkSums, where),
			brk:   b,
			nkeys: len(group),
			width: len(group) + 1 + len(brkSums),
		})
		for _, k := range a.BreakDistinct() {
			qs = append(qs, query{sql: selectValues(from, group, d.ident(a.Distinct()[k]), where), brk: b, nkeys: len(group), values: true, col: k})
		}
	}
	return qs
}

// selectValues is SELECT DISTINCT group..., col FROM from WHERE [where
// AND] col IS NOT NULL: each group's distinct values of col, once each.
func selectValues(from string, group []string, col, where string) string {
	if where != "" {
		where += " AND "
	}
	return "SELECT DISTINCT " + strings.Join(group, ", ") + ", " + col + " FROM " + from + " WHERE " + where + col + " IS NOT NULL"
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
