package database

import (
	"testing"

	"salesdeck/internal/support/civil"
	"salesdeck/internal/support/metric"
)

// Names from site.yaml reach SQL only quoted, whatever they hold.
func TestDialectQuotesNames(t *testing.T) {
	for _, tt := range []struct {
		d           dialect
		name, ident string
		table       string
	}{
		{"postgres", `region`, `"region"`, `"analytics"."sales"`},
		{"postgres", `a"; DROP TABLE sales; --`, `"a""; DROP TABLE sales; --"`, `"analytics"."sales"`},
		{"clickhouse", "a`b", "`a\\`b`", "`analytics`.`sales`"},
		{"clickhouse", `back\slash`, "`back\\\\slash`", "`analytics`.`sales`"},
		{"bigquery", "region", "`region`", "`analytics.sales`"},
		{"snowflake", "Order Date", `"Order Date"`, `"analytics"."sales"`},
	} {
		if got := tt.d.ident(tt.name); got != tt.ident {
			t.Errorf("%s ident(%q) = %s, want %s", tt.d, tt.name, got, tt.ident)
		}
		if got := tt.d.table("analytics.sales"); got != tt.table {
			t.Errorf("%s table = %s, want %s", tt.d, got, tt.table)
		}
	}
}

// The site's own query is a sub-query, its trailing semicolon dropped.
func TestDialectFromQuery(t *testing.T) {
	got := dialect("postgres").from("", "SELECT * FROM sales WHERE country <> 'Test';\n")
	want := "(SELECT * FROM sales WHERE country <> 'Test') AS salesdeck_rows"
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// Expressions sum as a CSV read evaluates them: a missing value is 0, a
// division is in floating point, and a row dividing by zero adds 0.
func TestDialectExpr(t *testing.T) {
	col := func(m string) string {
		return map[string]string{"revenue": "Revenue", "cost": "Cost", "units": "Qty"}[m]
	}
	for _, tt := range []struct {
		d          dialect
		expr, want string
	}{
		{"postgres", "revenue", `COALESCE("Revenue", 0)`},
		{"postgres", "revenue - cost", `(COALESCE("Revenue", 0) - COALESCE("Cost", 0))`},
		{"clickhouse", "revenue / units", "CASE WHEN COALESCE(`Qty`, 0) = 0 THEN 0 ELSE (CAST(COALESCE(`Revenue`, 0) AS Float64) / COALESCE(`Qty`, 0)) END"},
		{"duckdb", "2 * revenue", `(2 * COALESCE("Revenue", 0))`},
	} {
		e, err := metric.ParseExpr(tt.expr)
		if err != nil {
			t.Fatal(err)
		}
		if got := tt.d.expr(e, col); got != tt.want {
			t.Errorf("%s %s:\n got %s\nwant %s", tt.d, tt.expr, got, tt.want)
		}
	}
}

// Spans number the days before the first cut 0 and those from cut i−1
// on i (bucket); a breakdown's segments, whose rows lie between the first
// and last cuts, number the days from the first cut 0 (segment).
func TestDialectSpans(t *testing.T) {
	d := civil.New
	cuts := []civil.Date{d(2025, 1, 1), d(2025, 7, 1), d(2026, 1, 1)}
	for _, tt := range []struct {
		d       dialect
		segment bool
		cuts    []civil.Date
		want    string
	}{
		{"postgres", false, cuts[:2], "width_bucket(d, ARRAY[DATE '2025-01-01', DATE '2025-07-01'])"},
		{"clickhouse", false, cuts[:2], "((d >= toDate('2025-01-01')) + (d >= toDate('2025-07-01')))"},
		{"duckdb", false, cuts[:2], "CASE WHEN d < DATE '2025-07-01' THEN CASE WHEN d < DATE '2025-01-01' THEN 0 ELSE 1 END ELSE 2 END"},
		{"postgres", true, cuts, "width_bucket(d, ARRAY[DATE '2025-07-01'])"},
		{"clickhouse", true, cuts, "(d >= toDate('2025-07-01'))"},
		{"ansi", true, cuts, "CASE WHEN d < DATE '2025-07-01' THEN 0 ELSE 1 END"},
		// One segment: a constant, which GROUP BY must not take for a
		// column's position.
		{"ansi", true, cuts[:2], "CAST(0 AS INTEGER)"},
		{"clickhouse", true, cuts[:2], "toUInt8(0)"},
	} {
		got := tt.d.bucket("d", tt.cuts)
		if tt.segment {
			got = tt.d.segment("d", tt.cuts)
		}
		if got != tt.want {
			t.Errorf("%s, segment %v, %d cuts:\n got %s\nwant %s", tt.d, tt.segment, len(tt.cuts), got, tt.want)
		}
	}
}

func TestPasswordIsFound(t *testing.T) {
	for dsn, want := range map[string]string{
		"postgres://ann:s3cr%40t@db:5432/sales":          "s3cr@t",
		"clickhouse://default:pw@127.0.0.1:9000/sales":   "pw",
		"host=db user=ann password=hunter2 dbname=sales": "hunter2",
		`host=db password='it\'s' dbname=sales`:          "it's",
		"postgres://ann@db/sales":                        "",
	} {
		if got := password(dsn); got != want {
			t.Errorf("password(%q) = %q, want %q", dsn, got, want)
		}
	}
}

// Values the database sent come back to it, in a ranking query, only as
// string literals, whatever they hold.
func TestDialectQuotesText(t *testing.T) {
	for _, tt := range []struct {
		d          dialect
		text, want string
	}{
		{"postgres", "Müller's GmbH", `'Müller''s GmbH'`},
		{"postgres", `a\'; DROP TABLE sales; --`, `'a\''; DROP TABLE sales; --'`},
		{"duckdb", "</script>", `'</script>'`},
		{"snowflake", `back\slash 'n'`, `'back\\slash ''n'''`},
		{"ansi", "", `''`},
	} {
		if got := tt.d.text(tt.text); got != tt.want {
			t.Errorf("%s text(%q) = %s, want %s", tt.d, tt.text, got, tt.want)
		}
	}
}
