package database

import (
	"strconv"
	"strings"

	"salesdeck/internal/support/civil"
	"salesdeck/internal/support/metric"
)

// dialect is the SQL one engine speaks: how it quotes names, writes a
// date, turns a timestamp into a date and sums exactly. Everything salesdeck
// writes into a query goes through it; the only text a site contributes is
// column and table names, always quoted here, and sales.query, which is the
// site's own SQL.
type dialect string

// ident quotes a column name.
func (d dialect) ident(name string) string {
	switch d {
	case "clickhouse", "bigquery":
		return "`" + strings.NewReplacer(`\`, `\\`, "`", "\\`").Replace(name) + "`"
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// table quotes a possibly qualified table name (analytics.sales) part by
// part. BigQuery quotes the whole path at once (`project.dataset.table`).
func (d dialect) table(name string) string {
	if d == "bigquery" {
		return d.ident(name)
	}
	parts := strings.Split(name, ".")
	for i, p := range parts {
		parts[i] = d.ident(p)
	}
	return strings.Join(parts, ".")
}

// from is the FROM clause of every query: the table, or the site's query
// as a sub-query.
func (d dialect) from(table, query string) string {
	if table != "" {
		return d.table(table)
	}
	q := strings.TrimRight(strings.TrimSpace(query), "; \t\n")
	return "(" + q + ") AS salesdeck_rows"
}

// date is a date literal.
func (d dialect) date(day civil.Date) string {
	if d == "clickhouse" {
		return "toDate('" + day.String() + "')"
	}
	return "DATE '" + day.String() + "'"
}

// day is the date of column col, which may hold a DATE or a TIMESTAMP.
func (d dialect) day(col string) string {
	switch d {
	case "clickhouse":
		return "toDate(" + d.ident(col) + ")"
	case "bigquery":
		return "DATE(" + d.ident(col) + ")"
	}
	return "CAST(" + d.ident(col) + " AS DATE)"
}

// float is the engine's double-precision type, for divisions: a CSV read
// divides in floating point, so integer columns must not divide as
// integers.
func (d dialect) float() string {
	switch d {
	case "clickhouse":
		return "Float64"
	case "bigquery":
		return "FLOAT64"
	case "duckdb", "snowflake":
		return "DOUBLE"
	}
	return "DOUBLE PRECISION"
}

// sum is the sum of expr over a group. PostgreSQL sums NUMERIC exactly,
// and a float8 becomes the NUMERIC of its shortest decimal, so money kept
// in double precision still sums to the cent (docs/databases.md, "Exact
// figures"); other engines sum their columns' own types.
func (d dialect) sum(expr string) string {
	if d == "postgres" {
		return "SUM(CAST(" + expr + " AS NUMERIC))"
	}
	return "SUM(" + expr + ")"
}

// expr writes a sum metric's expression of measures in SQL, with col
// giving each measure's column. A missing value counts as 0, and a row
// that divides by zero counts 0 to the sum, as in a CSV read
// (docs/figures.md).
func (d dialect) expr(e *metric.Expr, col func(measure string) string) string {
	var dens []string
	sql := e.Format(func(name string) string {
		return "COALESCE(" + d.ident(col(name)) + ", 0)"
	}, func(num, den string) string {
		dens = append(dens, den)
		return "(CAST(" + num + " AS " + d.float() + ") / " + den + ")"
	})
	if len(dens) == 0 {
		return sql
	}
	var b strings.Builder
	b.WriteString("CASE WHEN ")
	for i, den := range dens {
		if i > 0 {
			b.WriteString(" OR ")
		}
		b.WriteString(den + " = 0")
	}
	b.WriteString(" THEN 0 ELSE " + sql + " END")
	return b.String()
}

// segment numbers the segments of time a breakdown is counted in: 0 for
// the days from cuts[0] up to the day before cuts[1], and so on. Rows
// outside [cuts[0], cuts[len-1]) are left out by the caller's WHERE.
// PostgreSQL finds the segment by binary search (width_bucket); other
// engines test the cuts in turn, which costs little for the few periods
// a site's plans have.
func (d dialect) segment(day string, cuts []civil.Date) string {
	if d == "postgres" {
		lits := make([]string, len(cuts)-1)
		for i, c := range cuts[:len(cuts)-1] {
			lits[i] = d.date(c)
		}
		return "(width_bucket(" + day + ", ARRAY[" + strings.Join(lits, ", ") + "]) - 1)"
	}
	if len(cuts) == 2 {
		return "0"
	}
	var b strings.Builder
	b.WriteString("CASE")
	for i, c := range cuts[1 : len(cuts)-1] {
		b.WriteString(" WHEN " + day + " < " + d.date(c) + " THEN " + strconv.Itoa(i))
	}
	b.WriteString(" ELSE " + strconv.Itoa(len(cuts)-2) + " END")
	return b.String()
}

// tables is a query of the schema, name and whether in the connection's
// own schema (1 or true) of every table and view; "" when the dialect has
// no catalogue salesdeck knows.
func (d dialect) tables() string {
	switch d {
	case "postgres":
		return "SELECT table_schema, table_name, CAST(table_schema = current_schema() AS INTEGER) FROM information_schema.tables " +
			"WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
	case "clickhouse":
		return "SELECT database, name, database = currentDatabase() FROM system.tables WHERE database != 'system'"
	}
	return ""
}
