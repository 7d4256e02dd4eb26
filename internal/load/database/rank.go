package database

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"salesdeck/internal/load/sales"
	"salesdeck/internal/support/civil"
	"salesdeck/internal/support/metric"
)

// rawCombos remembers, for each combination of the keys' values as
// salesdeck reads them (spaces trimmed), the texts the source sent for
// it: a ranking query joins the source's own values, so it lists each of
// them.
type rawCombos struct {
	order []string              // the combinations as read, in the order met
	raw   map[string][][]string // per combination, its texts as sent
	text  map[string][]string   // per combination, its values as read
}

func newRawCombos() *rawCombos {
	return &rawCombos{raw: map[string][][]string{}, text: map[string][]string{}}
}

// add notes the keys of one answer row of the cells.
func (rc *rawCombos) add(keys []string) {
	vals := make([]string, len(keys))
	for i, k := range keys {
		vals[i] = strings.TrimSpace(k)
	}
	c := strings.Join(vals, "\x00")
	if _, ok := rc.text[c]; !ok {
		rc.order = append(rc.order, c)
		rc.text[c] = vals
	}
	if !slices.ContainsFunc(rc.raw[c], func(r []string) bool { return slices.Equal(r, keys) }) {
		rc.raw[c] = append(rc.raw[c], slices.Clone(keys))
	}
}

// combos lists the combinations as read, sorted.
func (rc *rawCombos) combos() [][]string {
	keys := slices.Clone(rc.order)
	slices.Sort(keys)
	out := make([][]string, len(keys))
	for i, c := range keys {
		out[i] = rc.text[c]
	}
	return out
}

// rankQueries writes the queries that rank the breakdowns asks asks for
// (docs/databases.md, "Ranking in the source"), one per dimension and
// metric: the groups of the dimension's values per segment and
// combination of keys, as for a breakdown's break groups, joined to a
// VALUES list of which segments and combinations each ask counts, added
// up per ask and value, ranked as salesdeck ranks (by the metric,
// descending, ties by value in byte order), and the first sales.TopN of
// each ask sent with the number of values it has. The list is selected
// from, rather than a bare VALUES, which Snowflake takes only in FROM.
func rankQueries(d dialect, from string, a *sales.Assembler, asks []sales.Ranking, rc *rawCombos) ([]query, error) {
	cuts := segmentCuts(a)
	if cuts == nil {
		return nil, nil
	}
	segs := a.Segments()
	type dimMetric struct{ dim, metric string }
	var order []dimMetric
	byDM := map[dimMetric][]int{}
	for i, ask := range asks {
		k := dimMetric{ask.Dim, ask.Metric}
		if _, ok := byDM[k]; !ok {
			order = append(order, k)
		}
		byDM[k] = append(byDM[k], i)
	}
	day := d.day(a.DateColumn())
	keys := a.Keys()
	var qs []query
	for _, dm := range order {
		def, ok := a.Metric(dm.metric)
		if !ok || (def.Kind != metric.Sum && def.Kind != metric.Count) {
			return nil, fmt.Errorf("a breakdown by %s ranked in the source needs a sum or a count, not %s", dm.dim, dm.metric)
		}
		x := "COUNT(*)"
		if def.Kind == metric.Sum {
			x = "COALESCE(" + d.sum(d.expr(def.Expr, a.Column)) + ", 0)"
		}
		var rows []string
		for _, i := range byDM[dm] {
			ask := asks[i]
			lo := slices.IndexFunc(segs, func(s civil.Range) bool { return s.Start == ask.Range.Start })
			hi := slices.IndexFunc(segs, func(s civil.Range) bool { return s.End == ask.Range.End })
			if ask.Range.Empty() || lo < 0 || hi < lo {
				continue // no day counted: no value
			}
			for _, combo := range ask.Combos {
				for _, raw := range rc.raw[strings.Join(combo, "\x00")] {
					row := []string{strconv.Itoa(i), strconv.Itoa(lo), strconv.Itoa(hi)}
					for _, v := range raw {
						row = append(row, d.text(v))
					}
					rows = append(rows, "("+strings.Join(row, ", ")+")")
				}
			}
		}
		if len(rows) == 0 {
			continue
		}
		cols := []string{"a", "s0", "s1"}
		var group, on []string
		seg := d.segment(day, cuts)
		group = append(group, seg)
		sel := []string{seg + " AS s"}
		for k, name := range keys {
			c := "k" + strconv.Itoa(k)
			cols = append(cols, c)
			e := "COALESCE(CAST(" + d.ident(a.Column(name)) + " AS VARCHAR), '')"
			group = append(group, e)
			sel = append(sel, e+" AS "+c)
			on = append(on, "g."+c+" = q."+c)
		}
		v := "COALESCE(TRIM(CAST(" + d.ident(a.Column(dm.dim)) + " AS VARCHAR)), '')"
		group = append(group, v)
		sel = append(sel, v+" AS v", "COUNT(*) AS n", x+" AS x")
		on = append(on, "g.s BETWEEN q.s0 AND q.s1")
		sql := "WITH salesdeck_asks (" + strings.Join(cols, ", ") + ") AS (SELECT * FROM (VALUES " + strings.Join(rows, ", ") + ") AS salesdeck_values) " +
			"SELECT a, v, n, x, nv, k FROM (" +
			"SELECT a, v, n, x, COUNT(*) OVER (PARTITION BY a) AS nv, ROW_NUMBER() OVER (PARTITION BY a ORDER BY x DESC, " + d.bytewise("v") + ") AS k FROM (" +
			"SELECT q.a, g.v, SUM(g.n) AS n, SUM(g.x) AS x FROM (" +
			"SELECT " + strings.Join(sel, ", ") + " FROM " + from + " WHERE " + inSegments(d, day, cuts) + " GROUP BY " + strings.Join(group, ", ") +
			") AS g JOIN salesdeck_asks AS q ON " + strings.Join(on, " AND ") + " GROUP BY q.a, g.v" +
			") AS t) AS o WHERE k <= " + strconv.Itoa(sales.TopN)
		qs = append(qs, query{sql: sql, rank: true, width: 6})
	}
	return qs, nil
}

// addRanked adds row r of a ranking query to a: the ask's number, the
// value, its rows and sum, the ask's number of values and the value's
// place.
func addRanked(a *sales.Assembler, r []string) error {
	if len(r) != 6 {
		return fmt.Errorf("answer has %d columns, want 6", len(r))
	}
	var n [5]int64
	for k, i := range []int{0, 2, 4, 5} {
		v, err := strconv.ParseInt(strings.TrimSpace(r[i]), 10, 64)
		if err != nil {
			return fmt.Errorf("ranking: %q is not a whole number", r[i])
		}
		n[k] = v
	}
	return a.AddRanked(int(n[0]), int(n[3]), r[1], n[1], r[3], int(n[2]))
}
