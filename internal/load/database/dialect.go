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

// text is a string literal of s. Snowflake reads a backslash in one as
// an escape; the others take it as it is.
func (d dialect) text(s string) string {
	if d == "snowflake" {
		s = strings.ReplaceAll(s, `\`, `\\`)
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// bytewise orders text column col by its bytes, as salesdeck orders
// values: PostgreSQL would follow the database's locale.
func (d dialect) bytewise(col string) string {
	if d == "postgres" {
		return col + ` COLLATE "C"`
	}
	return col
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

// bucket numbers the spans of time that cuts (ascending) cut: 0 for the
// days before cuts[0], i for those from cuts[i−1] up to the day before
// cuts[i], and len(cuts) for those from the last cut on: the number of
// cuts on or before the day. PostgreSQL finds it by binary search
// (width_bucket). ClickHouse evaluates every branch of a CASE for every
// row, slowly with many branches, so it adds up the comparisons instead,
// in a balanced tree (it refuses deep expressions). Other engines take a
// CASE that halves the cuts at each step, so a row is compared with few.
func (d dialect) bucket(day string, cuts []civil.Date) string {
	switch {
	case len(cuts) == 0:
		// Not a bare 0, which GROUP BY would take for a column's
		// position.
		if d == "clickhouse" {
			return "toUInt8(0)"
		}
		return "CAST(0 AS INTEGER)"
	case d == "postgres":
		lits := make([]string, len(cuts))
		for i, c := range cuts {
			lits[i] = d.date(c)
		}
		return "width_bucket(" + day + ", ARRAY[" + strings.Join(lits, ", ") + "])"
	case d == "clickhouse":
		var count func(cuts []civil.Date) string
		count = func(cuts []civil.Date) string {
			if len(cuts) == 1 {
				return "(" + day + " >= " + d.date(cuts[0]) + ")"
			}
			return "(" + count(cuts[:len(cuts)/2]) + " + " + count(cuts[len(cuts)/2:]) + ")"
		}
		return count(cuts)
	}
	var search func(lo, hi int) string // the number, known to be in [lo, hi]
	search = func(lo, hi int) string {
		if lo == hi {
			return strconv.Itoa(lo)
		}
		mid := (lo + hi) / 2
		return "CASE WHEN " + day + " < " + d.date(cuts[mid]) + " THEN " + search(lo, mid) + " ELSE " + search(mid+1, hi) + " END"
	}
	return search(0, len(cuts))
}

// segment numbers the segments of time a breakdown is counted in: 0 for
// the days from cuts[0] up to the day before cuts[1], and so on. Rows
// outside [cuts[0], cuts[len-1]) are left out by the caller's WHERE, so
// only the cuts between are tested.
func (d dialect) segment(day string, cuts []civil.Date) string {
	return d.bucket(day, cuts[1:len(cuts)-1])
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
