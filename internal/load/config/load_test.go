package config_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"salesdeck/internal/load/config"
	"salesdeck/internal/support/diag"
	"salesdeck/internal/support/metric"
)

func load(src string) (*config.Site, error) {
	return config.Load(fstest.MapFS{"site.yaml": {Data: []byte(src)}})
}

func TestDefaults(t *testing.T) {
	s, err := config.Load(fstest.MapFS{})
	if err != nil {
		t.Fatal(err)
	}
	sc := s.Sales
	if s.Title != "Sales plans" || s.Currency != "USD" || s.Locale != "en-US" || s.FiscalYearStart != 1 || s.AsOfSet ||
		s.Status != (config.Thresholds{OnTrack: 1, AtRisk: 0.9}) || s.Theme.Primary != "#1f5fd1" ||
		strings.Join(sc.Files, ",") != "data/*.csv" || sc.Encoding != "utf-8" || sc.Delimiter != ',' || sc.Decimal != '.' ||
		sc.DateColumn != "" || sc.DateFormat != "auto" || sc.Dimensions != nil || sc.Measures != nil || s.Metrics != nil || s.File != "" {
		t.Errorf("defaults: %+v", s)
	}
}

func TestEveryKey(t *testing.T) {
	s, err := load(`
title: Acme Sales Plans
currency: eur
locale: de-DE
fiscal_year_start: 7
as_of: 2026-06-30
status: {on_track: 1.05, at_risk: 0.8}
theme: {primary: "#123456", logo: static/logo.svg}
sales:
  files: ["data/2025/*.csv", data/2026.csv]
  encoding: Windows-1252
  delimiter: ";"
  decimal: ","
  date: Order Date
  date_format: "2.1.2006"
  dimensions: [region, country]
  measures: {revenue: Sales, units: Qty}
metrics:
  revenue: {sum: revenue, format: money}
  orders: {count: rows}
  per_unit: {ratio: [revenue, units_sold]}
  units_sold: {sum: units, format: number}
markdown: {unsafe: true, external_images: true}
handout: {paper: letter, orientation: landscape}
history: true
plan_of_record: fy2026-agreed
`)
	if err != nil {
		t.Fatal(err)
	}
	sc := s.Sales
	if s.Title != "Acme Sales Plans" || s.Currency != "EUR" || s.Locale != "de-DE" || s.FiscalYearStart != 7 ||
		!s.AsOfSet || s.AsOf.String() != "2026-06-30" || s.Status != (config.Thresholds{OnTrack: 1.05, AtRisk: 0.8}) ||
		s.Theme != (config.Theme{Primary: "#123456", Logo: "static/logo.svg", LogoPos: diag.Pos{File: "site.yaml", Line: 8, Col: 35}}) {
		t.Errorf("site: %+v", s)
	}
	if strings.Join(sc.Files, ",") != "data/2025/*.csv,data/2026.csv" || sc.Encoding != "windows-1252" || sc.Delimiter != ';' ||
		sc.Decimal != ',' || sc.DateColumn != "Order Date" || sc.DateFormat != "2.1.2006" || strings.Join(sc.Dimensions, ",") != "region,country" {
		t.Errorf("sales: %+v", sc)
	}
	if len(sc.Measures) != 2 || sc.Measures[0].Name != "revenue" || sc.Measures[0].Column != "Sales" || sc.Measures[1].Column != "Qty" {
		t.Errorf("measures: %+v", sc.Measures)
	}
	var got []string
	for _, m := range s.Metrics {
		got = append(got, m.Name+":"+m.Kind.String()+":"+m.Format)
	}
	// A ratio is a percentage unless it says otherwise.
	if want := "revenue:sum:money orders:count:number per_unit:ratio:percent units_sold:sum:number"; strings.Join(got, " ") != want {
		t.Errorf("metrics %q, want %q", strings.Join(got, " "), want)
	}
	if s.Metrics[2].Ratio != [2]string{"revenue", "units_sold"} {
		t.Errorf("ratio %v", s.Metrics[2].Ratio)
	}
	if s.Markdown != (config.Markdown{Unsafe: true, ExternalImages: true}) || s.Handout != (config.Handout{Paper: "Letter", Orientation: "landscape"}) {
		t.Errorf("markdown %+v, handout %+v", s.Markdown, s.Handout)
	}
	if s.History != (config.History{PlanOfRecord: "fy2026-agreed", PlanOfRecordPos: diag.Pos{File: "site.yaml", Line: 26, Col: 17}}) {
		t.Errorf("history %+v", s.History)
	}
}

func TestDelimitersAndEncodings(t *testing.T) {
	tests := []struct {
		yaml      string
		delimiter rune
		encoding  string
	}{
		{`delimiter: ","`, ',', "utf-8"},
		{`delimiter: ";"`, ';', "utf-8"},
		{`delimiter: "\t"`, '\t', "utf-8"},
		{`delimiter: '\t'`, '\t', "utf-8"}, // a backslash and t, as typed
		{`delimiter: tab`, '\t', "utf-8"},
		{`encoding: ISO-8859-15`, ',', "iso-8859-15"},
		{`encoding: ibm850`, ',', "ibm850"},
		// The names export dialogs and file(1) print.
		{`encoding: cp1252`, ',', "windows-1252"},
		{`encoding: latin1`, ',', "iso-8859-1"},
		{`encoding: CP850`, ',', "ibm850"},
		{`encoding: UTF8`, ',', "utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.yaml, func(t *testing.T) {
			s, err := load("sales:\n  " + tt.yaml + "\n")
			if err != nil {
				t.Fatal(err)
			}
			if s.Sales.Delimiter != tt.delimiter || s.Sales.Encoding != tt.encoding {
				t.Errorf("delimiter %q, encoding %s; want %q, %s", s.Sales.Delimiter, s.Sales.Encoding, tt.delimiter, tt.encoding)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"unknown key", "titel: x\n", `site.yaml:1:1: unknown key "titel" in site.yaml (did you mean "title"?)`},
		{"currency", "currency: dollars\n", `site.yaml:1:11: currency "dollars" is not an ISO 4217 code`},
		{"fiscal month", "fiscal_year_start: 13\n", `site.yaml:1:20: fiscal_year_start must be a month from 1 to 12, not 13`},
		{"as_of", "as_of: 30.06.2026\n", `site.yaml:1:8: as_of: "30.06.2026" is not a date of the form YYYY-MM-DD`},
		{"thresholds", "status: {on_track: 0.8}\n", `site.yaml:1:9: status.at_risk (0.9) must not be above status.on_track (0.8); set both`},
		{"delimiter", "sales: {delimiter: \"#\"}\n", `site.yaml:1:20: sales.delimiter must be ",", ";", "\t" or "|", not "#"`},
		{"date format", "sales: {date_format: \"DD.MM.YYY\"}\n", `site.yaml:1:22: sales.date_format: "DD.MM.YYY": "YYY" is no part of a date format`},
		{"decimal", "sales: {decimal: \"'\"}\n", `site.yaml:1:18: sales.decimal must be "." or ","`},
		{"encoding", "sales: {encoding: utf-16}\n", `site.yaml:1:19: sales.encoding must be one of utf-8, windows-1252, iso-8859-1, iso-8859-15, ibm850, not "utf-16"`},
		{"files outside", "sales: {files: [../data.csv]}\n", `site.yaml:1:17: sales.files: "../data.csv" must be a path inside the site`},
		{"two kinds", "metrics:\n  x: {sum: revenue, count: rows}\n", `site.yaml:2:3: metric "x" must have exactly one of sum, count, count_distinct or ratio`},
		{"count", "metrics:\n  x: {count: orders}\n", `site.yaml:2:14: metric "x": count must be "rows", not "orders"`},
		{"count a column", "metrics:\n  x: {count: Order ID}\n", `site.yaml:2:14: metric "x": count must be "rows", not "Order ID"; to count the distinct values of a column, write count_distinct: Order ID`},
		{"count_distinct empty", "metrics:\n  x: {count_distinct: \"\"}\n", `site.yaml:2:23: metric "x": count_distinct names the column whose distinct values are counted`},
		{"ratio parts", "metrics:\n  x: {ratio: [a, b, c]}\n", `site.yaml:2:14: metric "x": ratio must list two metrics`},
		{"format", "metrics:\n  x: {count: rows, format: euro}\n", `site.yaml:2:28: format must be one of money, number, percent, not "euro"`},
		{"history", "history: no\n", `site.yaml:1:10: history must be true or false`},
		{"empty plan of record", "plan_of_record: \"\"\n", `site.yaml:1:17: plan_of_record is empty: name a tag, branch or commit`},
		// labels
		{"misspelt key", "labels:\n  dimension: {TERRITORY: Territory}\n",
			`site.yaml:2:3: unknown key "dimension" in labels (did you mean "dimensions"?)`},
		{"misspelt labels", "label: {}\n", `site.yaml:1:1: unknown key "label" in site.yaml (did you mean "labels"?)`},
		{"not a mapping", "labels: [Territory]\n", `site.yaml:1:9: labels must be a mapping of keys to values, not a list`},
		{"values not by dimension", "labels:\n  values: {NA: North America}\n",
			`site.yaml:2:16: labels.values.NA must be a mapping of keys to values, not "North America"`},
		{"a list for a label", "labels:\n  dimensions: {TERRITORY: [a, b]}\n",
			`site.yaml:2:27: labels.dimensions.TERRITORY must be text, not a list`},
		{"empty label", "labels:\n  values:\n    TERRITORY: {NA: \"  \"}\n",
			`site.yaml:3:21: labels.values.TERRITORY.NA is empty; write the name to show, or remove the line to show "NA"`},
		{"null label", "labels:\n  dimensions:\n    TERRITORY:\n",
			`site.yaml:3:15: labels.dimensions.TERRITORY is empty`},
		{"line break", "labels:\n  dimensions:\n    TERRITORY: \"Terri\\ntory\"\n",
			`site.yaml:3:16: labels.dimensions.TERRITORY holds a line break; a label is one line of text`},
		{"two values, one label", "labels:\n  values:\n    country: {US: United States, USA: United States}\n",
			`site.yaml:3:39: labels.values.country.USA: "US" and "USA" would both show as "United States", two sets of figures under one name; labels rename, they do not merge`},
		{"two dimensions, one label", "labels:\n  dimensions: {region: Area, territory: Area}\n",
			`site.yaml:2:41: labels.dimensions.territory: "region" and "territory" would both show as "Area"`},
		{"a value twice", "labels:\n  values:\n    country: {US: USA, US: America}\n",
			`site.yaml:3:24: key "US" appears twice in labels.values.country`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(tt.src)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error:\n%v\nwant it to contain:\n%s", err, tt.want)
			}
		})
	}
}

// An expression error names the line and the column of the offending
// character in site.yaml, however the value is quoted.
func TestExpressionErrorPositions(t *testing.T) {
	tests := []struct {
		line, want string
	}{
		// col:  1234567890123456789012345678
		{`  gp: {sum: revenue - * cost}`, `site.yaml:3:23: metric "gp": expected a measure name, a number or ( but found "*"`},
		{`  gp: {sum: "revenue - * cost"}`, `site.yaml:3:24: metric "gp": expected a measure name`},
		{`  gp: {sum: 'revenue - * cost'}`, `site.yaml:3:24: metric "gp": expected a measure name`},
		{`  gp: {sum: "(revenue - cost"}`, `site.yaml:3:14: metric "gp": unclosed parenthesis`},
		{`  gp: {sum: "umsätze - - "}`, `site.yaml:3:26: metric "gp": expected a measure name, a number or ( but found end of expression`},
		{"  gp:\n    sum: revenue cost", `site.yaml:4:18: metric "gp": unexpected name "cost"`},
		// Escapes cannot be mapped back to columns: the value's start.
		{`  gp: {sum: "revenue \u002d * cost"}`, `site.yaml:3:13: metric "gp": expected a measure name`},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			_, err := load("title: x\nmetrics:\n" + tt.line + "\n")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error:\n%v\nwant it to contain:\n%s", err, tt.want)
			}
			if err != nil && !strings.Contains(err.Error(), `; write measure names joined by + - * / and parentheses`) {
				t.Errorf("error %v does not say what to write", err)
			}
		})
	}
}

func TestMetricKinds(t *testing.T) {
	s, err := load("metrics:\n  gp: {sum: \"(revenue − cost) × 2\"}\n")
	if err != nil {
		t.Fatal(err)
	}
	if d := s.Metrics[0]; d.Kind != metric.Sum || strings.Join(d.Expr.Names(), ",") != "revenue,cost" || d.Format != "number" {
		t.Errorf("metric %+v", d)
	}
}

// Each of these is one error, the whole message, at the value's position
// (issue 13, item 11): .nan or .inf as a threshold used to be reported
// again as a bogus comparison with the other threshold, and an empty
// sales.files pattern matched the site folder itself, which the load then
// failed to read as a file (a system error, without a position).
func TestThresholdAndFilesErrors(t *testing.T) {
	const number = "must be a number such as "
	tests := []struct {
		name, src, want string
	}{
		{"on_track .nan", "status: {on_track: .nan}\n", "site.yaml:1:20: status.on_track " + number + "1.0, not .nan"},
		{"on_track .inf", "status:\n  on_track: .inf\n  at_risk: 0.9\n", "site.yaml:2:13: status.on_track " + number + "1.0, not .inf"},
		{"on_track -.Inf", "status: {on_track: -.Inf}\n", "site.yaml:1:20: status.on_track " + number + "1.0, not -.Inf"},
		{"at_risk .NaN", "status: {at_risk: .NaN}\n", "site.yaml:1:19: status.at_risk " + number + "0.9, not .NaN"},
		{"not a number", "status: {on_track: high}\n", `site.yaml:1:20: status.on_track must be a number, not "high"`},
		{"both", "status: {on_track: .nan, at_risk: .inf}\n",
			"site.yaml:1:20: status.on_track " + number + "1.0, not .nan\nsite.yaml:1:35: status.at_risk " + number + "0.9, not .inf"},
		{"an empty pattern", "sales: {files: [\"\"]}\n", `site.yaml:1:17: sales.files: an empty pattern names no file; write a path or pattern such as data/*.csv`},
		{"an empty pattern among others", "sales:\n  files:\n    - data/*.csv\n    - ''\n", `site.yaml:4:7: sales.files: an empty pattern names no file; write a path or pattern such as data/*.csv`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(tt.src)
			if err == nil || err.Error() != tt.want {
				t.Errorf("got error:\n%v\nwant:\n%s", err, tt.want)
			}
		})
	}
}

// A database or command source is set with its own keys; a key that the
// chosen source would ignore is an error at that key, so that a
// half-edited sales section never reads from somewhere unexpected.
func TestSalesSources(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       config.Sales // the fields compared: Source, DSNEnv, Table, Query, Command, Dialect, Timeout, RankInSource
		err        string
	}{
		{name: "postgres", yaml: "sales:\n  source: postgres\n  dsn_env: SALES_DSN\n  table: analytics.sales\n  timeout: 60s\n",
			want: config.Sales{Source: "postgres", DSNEnv: "SALES_DSN", Table: "analytics.sales", Dialect: "postgres", Timeout: 60 * time.Second}},
		{name: "clickhouse query", yaml: "sales:\n  source: clickhouse\n  dsn_env: CH\n  query: \"SELECT * FROM sales WHERE country <> 'Test'\"\n",
			want: config.Sales{Source: "clickhouse", DSNEnv: "CH", Query: "SELECT * FROM sales WHERE country <> 'Test'", Dialect: "clickhouse", Timeout: config.DefaultTimeout}},
		{name: "command guesses its dialect", yaml: "sales:\n  source: command\n  command: [/usr/bin/psql, -X, --csv]\n  table: sales\n",
			want: config.Sales{Source: "command", Command: []string{"/usr/bin/psql", "-X", "--csv"}, Table: "sales", Dialect: "postgres", Timeout: config.DefaultTimeout}},
		{name: "command with a dialect", yaml: "sales:\n  source: command\n  command: [bq, query, --format=csv, --max_rows=1000000000]\n  dialect: bigquery\n  table: project.dataset.sales\n",
			want: config.Sales{Source: "command", Command: []string{"bq", "query", "--format=csv", "--max_rows=1000000000"}, Table: "project.dataset.sales", Dialect: "bigquery", Timeout: config.DefaultTimeout}},
		{name: "bq without max_rows", yaml: "sales:\n  source: command\n  command: [bq, query, --format=csv]\n  table: sales\n",
			err: "site.yaml:3:12: sales.command: bq prints only the first 100 rows of an answer unless told otherwise; add --max_rows=1000000000 so that every group arrives"},
		{name: "unknown program is ansi", yaml: "sales:\n  source: command\n  command: [trino, --output-format, CSV_HEADER]\n  table: sales\n",
			want: config.Sales{Source: "command", Command: []string{"trino", "--output-format", "CSV_HEADER"}, Table: "sales", Dialect: "ansi", Timeout: config.DefaultTimeout}},
		{name: "unknown source", yaml: "sales:\n  source: oracle\n",
			err: `site.yaml:2:11: sales.source must be one of csv, postgres, clickhouse, command, not "oracle"`},
		{name: "no dsn_env", yaml: "sales:\n  source: postgres\n  table: sales\n",
			err: "site.yaml:2:3: sales.source postgres needs sales.dsn_env: the name of the environment variable that holds the connection string, such as SALES_DSN"},
		{name: "connection string in dsn_env", yaml: "sales:\n  source: postgres\n  dsn_env: postgres://ann:pw@db/sales\n  table: sales\n",
			err: "site.yaml:3:12: sales.dsn_env is the name of an environment variable, such as SALES_DSN, not the connection string itself (keep passwords out of site.yaml)"},
		{name: "table and query", yaml: "sales:\n  source: postgres\n  dsn_env: X\n  table: a\n  query: SELECT 1\n",
			err: "site.yaml:2:3: sales.source postgres needs either sales.table (a table or view, such as analytics.sales) or sales.query (a SELECT whose rows stand for the table), not both"},
		{name: "neither table nor query", yaml: "sales:\n  source: clickhouse\n  dsn_env: X\n",
			err: "site.yaml:2:3: sales.source clickhouse needs either sales.table (a table or view, such as analytics.sales) or sales.query (a SELECT whose rows stand for the table), not both"},
		{name: "files with a database", yaml: "sales:\n  source: postgres\n  dsn_env: X\n  table: a\n  files: [data/*.csv]\n",
			err: "site.yaml:5:3: sales.files is read only when sales.source is csv, and this site's source is postgres; remove it"},
		{name: "dialect with a driver", yaml: "sales:\n  source: clickhouse\n  dsn_env: X\n  table: a\n  dialect: ansi\n",
			err: "site.yaml:5:3: sales.dialect is read only when sales.source is command, and this site's source is clickhouse; remove it"},
		{name: "table with csv", yaml: "sales:\n  table: sales\n",
			err: "site.yaml:2:3: sales.table is read only from a database or a command; set sales.source (postgres, clickhouse or command), or remove it"},
		{name: "command missing", yaml: "sales:\n  source: command\n  table: a\n",
			err: "site.yaml:2:3: sales.source command needs sales.command: the program and its arguments, such as [psql, -X, --csv, -v, ON_ERROR_STOP=1]"},
		{name: "bad timeout", yaml: "sales:\n  source: postgres\n  dsn_env: X\n  table: a\n  timeout: soon\n",
			err: "site.yaml:5:12: sales.timeout must be a duration such as 60s or 5m"},
		{name: "postgres ranks", yaml: "sales:\n  source: postgres\n  dsn_env: X\n  table: a\n  rank_in_source: [customer, rep]\n",
			want: config.Sales{Source: "postgres", DSNEnv: "X", Table: "a", Dialect: "postgres", Timeout: config.DefaultTimeout, RankInSource: []string{"customer", "rep"}}},
		{name: "duckdb ranks", yaml: "sales:\n  source: command\n  command: [duckdb, -csv, sales.db]\n  table: a\n  rank_in_source: [customer]\n",
			want: config.Sales{Source: "command", Command: []string{"duckdb", "-csv", "sales.db"}, Table: "a", Dialect: "duckdb", Timeout: config.DefaultTimeout, RankInSource: []string{"customer"}}},
		{name: "clickhouse does not rank", yaml: "sales:\n  source: clickhouse\n  dsn_env: X\n  table: a\n  rank_in_source: [customer]\n",
			err: "site.yaml:5:3: sales.rank_in_source needs an engine with window functions and VALUES lists (dialect postgres, duckdb, snowflake, ansi); clickhouse ranks no breakdowns for salesdeck: remove it"},
		{name: "rank_in_source with csv", yaml: "sales:\n  rank_in_source: [customer]\n",
			err: "site.yaml:2:3: sales.rank_in_source is read only from a database or a command; set sales.source (postgres, clickhouse or command), or remove it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := load(tt.yaml)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Errorf("got error %v\nwant %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := s.Sales
			if got.Source != tt.want.Source || got.DSNEnv != tt.want.DSNEnv || got.Table != tt.want.Table || got.Query != tt.want.Query ||
				strings.Join(got.Command, " ") != strings.Join(tt.want.Command, " ") || got.Dialect != tt.want.Dialect || got.Timeout != tt.want.Timeout ||
				!slices.Equal(got.RankInSource, tt.want.RankInSource) {
				t.Errorf("got %+v", got)
			}
		})
	}
}

// A settings file other than site.yaml (salesdeck's -config) is named by
// its path in the site, cleaned; one outside the site is refused.
func TestCheckName(t *testing.T) {
	tests := []struct {
		name, want, err string
	}{
		{"", "site.yaml", ""},
		{"site.yaml", "site.yaml", ""},
		{"examples/postgres/site.yaml", "examples/postgres/site.yaml", ""},
		{"./examples//postgres/site.yaml", "examples/postgres/site.yaml", ""},
		{"/etc/site.yaml", "", "an absolute path; the settings file must be in the site folder: give its path relative to that folder (-src), such as examples/postgres/site.yaml"},
		{"../other/site.yaml", "", `a path through ".."; the settings file must be in the site folder: give its path relative to that folder (-src), without ".."`},
		{"examples/../../site.yaml", "", `a path through ".."`},
		{"examples/../site.yaml", "", `a path through ".."`},
		{".", "", "the site folder itself; give the path of the settings file in it, such as site.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := config.CheckName(tt.name)
			if got != tt.want || (err == nil) != (tt.err == "") || err != nil && !strings.HasPrefix(err.Error(), tt.err) {
				t.Errorf("CheckName(%q) = %q, %v; want %q, %q", tt.name, got, err, tt.want, tt.err)
			}
		})
	}
}

// LoadFile reads the settings file it is given: its problems are placed
// in it, a missing site.yaml gives the defaults, and a missing file named
// otherwise is a read error (a system error: exit 2) naming it.
func TestLoadFile(t *testing.T) {
	fsys := fstest.MapFS{
		"examples/postgres/site.yaml": {Data: []byte("title: Nightly\nsales:\n  source: postgres\n  dsn_env: SALES_DSN\n  table: sales\n")},
		"examples/bad.yaml":           {Data: []byte("title: Bad\nsales:\n  source: postgres\n  dsn_env: postgres://u:secret@db/sales\n  table: sales\n  delimter: \";\"\n")},
	}
	tests := []struct {
		name, file string
		title      string // when it loads
		err        string // the whole error otherwise
		system     bool
	}{
		{name: "", file: "", title: "Sales plans"},
		{name: "examples/postgres/site.yaml", file: "examples/postgres/site.yaml", title: "Nightly"},
		{name: "./examples/postgres//site.yaml", file: "examples/postgres/site.yaml", title: "Nightly"},
		{name: "examples/bad.yaml", err: "examples/bad.yaml:4:12: sales.dsn_env is the name of an environment variable, such as SALES_DSN, not the connection string itself (keep passwords out of examples/bad.yaml)\n" +
			`examples/bad.yaml:6:3: unknown key "delimter" in sales (did you mean "delimiter"?)`},
		{name: "site.yaml", err: "site.yaml: settings file not found: -config is a path relative to the site folder (-src), not to the folder salesdeck runs in", system: true},
		{name: "examples/nope.yaml", err: "examples/nope.yaml: settings file not found: -config is a path relative to the site folder (-src), not to the folder salesdeck runs in", system: true},
		{name: "../site.yaml", err: `settings file ../site.yaml: a path through ".."; the settings file must be in the site folder: give its path relative to that folder (-src), without ".."`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := config.LoadFile(fsys, tt.name)
			if tt.err == "" {
				if err != nil || s.Title != tt.title || s.File != tt.file {
					t.Errorf("got %v, title %q, file %q; want title %q, file %q", err, s.Title, s.File, tt.title, tt.file)
				}
				return
			}
			var list *diag.ListError
			if err == nil || err.Error() != tt.err || errors.As(err, &list) && list.System() != tt.system {
				t.Errorf("got error:\n%v\nwant:\n%s (system error: %v)", err, tt.err, tt.system)
			}
		})
	}
}

func TestLabels(t *testing.T) {
	s, err := load(`
labels:
  dimensions: {TERRITORY: Territory, rep: Account executive}
  values:
    TERRITORY: {NA: North America, "": Unassigned}
    segment: {SMB: Small business}
`)
	if err != nil {
		t.Fatal(err)
	}
	l := s.Labels
	if l.Dimensions["TERRITORY"] != "Territory" || l.Dimensions["rep"] != "Account executive" ||
		l.Values["TERRITORY"]["NA"] != "North America" || l.Values["TERRITORY"][""] != "Unassigned" ||
		l.Values["segment"]["SMB"] != "Small business" {
		t.Errorf("labels %+v", l)
	}
	var named []string
	for _, r := range l.Named {
		named = append(named, r.Key+":"+r.Dimension+"@"+r.Pos.String())
	}
	want := "labels.dimensions:TERRITORY@site.yaml:3:16 labels.dimensions:rep@site.yaml:3:38 labels.values:TERRITORY@site.yaml:5:5 labels.values:segment@site.yaml:6:5"
	if strings.Join(named, " ") != want {
		t.Errorf("named %q, want %q", strings.Join(named, " "), want)
	}
}

// labels.text gives salesdeck's own words the site's wording, in the
// order written, each with the position of its key; one line of text
// each, like every label.
func TestLabelsText(t *testing.T) {
	s, err := load("labels:\n  text:\n    status.on_track: On course\n    kpi.forecast: Outlook\n")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range s.Labels.Text {
		got = append(got, l.Key+"="+l.Text+"@"+l.Pos.String())
	}
	if want := "status.on_track=On course@site.yaml:3:5 kpi.forecast=Outlook@site.yaml:4:5"; strings.Join(got, " ") != want {
		t.Errorf("text %q, want %q", strings.Join(got, " "), want)
	}
	for _, tt := range []struct{ yaml, err string }{
		{"labels:\n  text:\n    kpi.pace: \"\"\n", `site.yaml:3:15: labels.text.kpi.pace is empty; write the name to show, or remove the line to show "kpi.pace"`},
		{"labels:\n  text: [kpi.pace]\n", "site.yaml:2:9: labels.text must be a mapping of keys to values, not a list"},
	} {
		if _, err := load(tt.yaml); err == nil || err.Error() != tt.err {
			t.Errorf("%q: got error\n%v\nwant\n%s", tt.yaml, err, tt.err)
		}
	}
}

// A label for a dimension the sales data does not have is a warning at
// its line in site.yaml, with the dimension it probably meant.
func TestLabelsOfUnknownDimensions(t *testing.T) {
	s, err := load("labels:\n  dimensions: {TERITORY: Territory, region: Region}\n  values:\n    chanel: {Web: Online}\n")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range s.Labels.Unknown([]string{"TERRITORY", "region", "channel"}) {
		got = append(got, w.Error())
	}
	want := []string{
		`site.yaml:2:16: labels.dimensions: the sales data has no dimension "TERITORY" (did you mean "TERRITORY"?), so this label is not shown; its dimensions: TERRITORY, region, channel`,
		`site.yaml:4:5: labels.values: the sales data has no dimension "chanel" (did you mean "channel"?), so this label is not shown; its dimensions: TERRITORY, region, channel`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
