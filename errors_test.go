package main

import (
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"

	"salesdeck/internal/app/console"
	"salesdeck/internal/build"
)

// deleted, as the content of a file in a test site, removes the file.
const deleted = "\x00deleted"

// smallWith returns the small site with files replaced, added or deleted.
func smallWith(files map[string]string) map[string]string {
	m := maps.Clone(small)
	for name, body := range files {
		if body == deleted {
			delete(m, name)
		} else {
			m[name] = body
		}
	}
	return m
}

// Pieces of the small site's files, to write broken variants from: its
// plan down to "strategies:" and its one strategy, the CSV's header and
// first row, and site.yaml naming the revenue column as a measure.
const (
	planHead     = "title: Plan\nperiod: {start: 2026-01-01, end: 2026-03-31}\nstrategies:\n"
	planStrategy = "  - id: emea\n    title: EMEA\n    scope: {region: EMEA}\n    targets: {revenue: 300}\n"
	csvHead      = "date,region,revenue\n2026-01-10,EMEA,100\n"
	measures     = "title: Small\nas_of: 2026-02-15\nsales:\n  measures: {revenue: revenue}\n"
)

// Every kind of bad input is reported with its exact message and
// position, every problem of the run at once, then a count; invalid input
// exits 1, a file the system will not let salesdeck read exits 2 (a
// system error: docs/commands.md, Exit status), still named like an input
// problem.
func TestErrorMessages(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		setup func(t *testing.T, dir string) // for what files cannot express
		code  int
		want  string // the whole of stderr
		count int    // problems counted, when more than are listed
	}{
		// YAML syntax.
		{name: "yaml syntax in site.yaml", files: map[string]string{"site.yaml": "title: [Small\n"}, code: 1,
			want: `site.yaml:1: invalid YAML: did not find expected ',' or ']'; a [list] is not closed, or an item holding ", " or ": " needs quotes`},
		{name: "yaml tab", files: map[string]string{"content/plans/plan.yaml": "title: Plan\n\tperiod: {fiscal_year: 2026}\n"}, code: 1,
			want: `content/plans/plan.yaml:2: invalid YAML: found a tab character that violates indentation; indent with spaces, not tabs`},
		{name: "yaml colon in text", files: map[string]string{"content/plans/plan.yaml": "title: EMEA: growth\n"}, code: 1,
			want: `content/plans/plan.yaml:1: invalid YAML: mapping values are not allowed in this context; put text holding ": " in quotes (title: "EMEA: growth plan"), or check the indentation`},
		{name: "yaml indentation", files: map[string]string{"content/plans/plan.yaml": planHead + "  - id: emea\n    title: EMEA\n   targets: {revenue: 300}\n"}, code: 1,
			want: `content/plans/plan.yaml:4: invalid YAML: did not find expected '-' indicator; check the indentation of the list that starts here: its items start with "- " in one column and the keys of an item line up`},
		{name: "yaml unclosed quote", files: map[string]string{"content/plans/plan.yaml": "title: Plan\nowner: \"Dana\nperiod: {fiscal_year: 2026}\n"}, code: 1,
			want: `content/plans/plan.yaml:2: invalid YAML: found unexpected end of stream; a quote is opened here but never closed`},
		{name: "yaml unknown alias", files: map[string]string{"content/plans/plan.yaml": planHead + "  - id: emea\n    scope: *emea\n"}, code: 1,
			want: `content/plans/plan.yaml:5:12: invalid YAML: unknown anchor 'emea' referenced; define the anchor (&name) before the alias (*name) that repeats it`},

		// One document a file: a second one was silently ignored.
		{name: "second document in a plan", files: map[string]string{"content/plans/plan.yaml": planHead + planStrategy + "---\ntitle: [unclosed\n"}, code: 1,
			want: `content/plans/plan.yaml:8:1: a plan file holds one YAML document; remove the "---" at line 8 or split the file`},
		{name: "second document in site.yaml", files: map[string]string{"site.yaml": "title: Small\nas_of: 2026-02-15\n---\ntitle: Other\n"}, code: 1,
			want: `site.yaml:3:1: site.yaml holds one YAML document; remove the "---" at line 3`},
		{name: "second document in front matter", files: map[string]string{"content/about.md": "---\ntitle: About\n...\ndraft: true\n---\nHello.\n"}, code: 1,
			want: `content/about.md:3:1: front matter holds one YAML document; remove the "..." at line 3`},

		// Keys and types.
		{name: "site.yaml not in UTF-8", files: map[string]string{"site.yaml": "title: Small\nlocale: fr-FR # Fran\xe7ais\n"}, code: 1,
			want: `site.yaml:2:21: not valid UTF-8; save the file as UTF-8`},
		{name: "missing logo", files: map[string]string{"site.yaml": "theme: {logo: static/nope.svg}\n"}, code: 1,
			want: `site.yaml:1:15: theme.logo: static/nope.svg does not exist; put the logo there or correct the path`},
		{name: "unknown key in site.yaml", files: map[string]string{"site.yaml": "titel: Small\n"}, code: 1,
			want: `site.yaml:1:1: unknown key "titel" in site.yaml (did you mean "title"?)`},
		{name: "unknown key in a strategy", files: map[string]string{"content/plans/plan.yaml": planHead + "  - id: emea\n    taregts: {revenue: 300}\n"}, code: 1,
			want: `content/plans/plan.yaml:5:5: unknown key "taregts" in a strategy (did you mean "targets"?)`},
		{name: "unknown key in front matter", files: map[string]string{"content/about.md": "---\ntilte: About\n---\nHello.\n"}, code: 1,
			want: `content/about.md:2:1: unknown key "tilte" in front matter (did you mean "title"?)`},
		{name: "wrong type in site.yaml", files: map[string]string{"site.yaml": "fiscal_year_start: July\n"}, code: 1,
			want: `site.yaml:1:20: fiscal_year_start must be a whole number, not "July"`},
		{name: "wrong type in a plan", files: map[string]string{"content/plans/plan.yaml": planHead + "  - id: emea\n    targets: {revenue: lots}\n    tactics: {call: everyone}\n"}, code: 1,
			want: "content/plans/plan.yaml:5:24: target revenue must be a number, not \"lots\"\n" +
				"content/plans/plan.yaml:6:14: tactics must be a list, not a mapping"},
		{name: "thousands comma in a target", files: map[string]string{"content/plans/plan.yaml": planHead + "  - id: emea\n    targets: {revenue: \"4,500,000\"}\n"}, code: 1,
			want: `content/plans/plan.yaml:5:24: target revenue must be a number, not "4,500,000"`},
		{name: "wrong type in front matter", files: map[string]string{"content/about.md": "---\nweight: first\ndraft: yes please\n---\n"}, code: 1,
			want: "content/about.md:2:9: weight must be a whole number, not \"first\"\n" +
				`content/about.md:3:8: draft must be true or false, not "yes please"`},
		{name: "a strategy that is not a mapping", files: map[string]string{"content/plans/plan.yaml": planHead + "  - emea\n"}, code: 1,
			want: `content/plans/plan.yaml:4:5: a strategy must be a mapping of keys to values, not "emea"`},

		// Required fields.
		{name: "plan without title and period", files: map[string]string{"content/plans/plan.yaml": "strategies:\n" + planStrategy}, code: 1,
			want: "content/plans/plan.yaml:1:1: plan has no title: add a line such as \"title: FY2026 EMEA growth plan\"\n" +
				`content/plans/plan.yaml:1:1: plan has no period: add {start: YYYY-MM-DD, end: YYYY-MM-DD}, {fiscal_year: N} or {fiscal_quarter: "N-Qk"}`},
		{name: "plan without strategies", files: map[string]string{"content/plans/plan.yaml": "title: Plan\nperiod: {fiscal_year: 2026}\n"}, code: 1,
			want: `content/plans/plan.yaml:1:1: plan "plan" has no strategies: add a list under "strategies:"`},
		{name: "strategy without id", files: map[string]string{"content/plans/plan.yaml": planHead + "  - title: EMEA\n    targets: {revenue: 300}\n"}, code: 1,
			want: `content/plans/plan.yaml:4:5: strategy has no id: add a line such as "id: dach-enterprise"`},
		{name: "target without total", files: map[string]string{"content/plans/plan.yaml": planHead + "  - id: emea\n    targets: {revenue: {phasing: linear}}\n"}, code: 1,
			want: `content/plans/plan.yaml:5:24: target revenue has no total: add "total: N"`},
		{name: "period and targets left empty", files: map[string]string{"content/plans/plan.yaml": "title: Plan\nperiod:\nstrategies:\n  - id: emea\n    targets: {}\n    baseline:\n"}, code: 1,
			want: "content/plans/plan.yaml:2:8: period is empty: give {start, end}, {fiscal_year: N} or {fiscal_quarter: \"N-Qk\"}\n" +
				"content/plans/plan.yaml:4:9: strategy \"emea\" has no targets: add e.g. \"targets: {revenue: 1000000}\"\n" +
				`content/plans/plan.yaml:6:14: baseline is empty: give {start, end}, {fiscal_year: N} or {fiscal_quarter: "N-Qk"}`},
		{name: "fiscal year out of range", files: map[string]string{"content/plans/plan.yaml": "title: Plan\nperiod: {fiscal_year: 20266}\nstrategies:\n" + planStrategy}, code: 1,
			want: `content/plans/plan.yaml:2:23: fiscal_year must be a year such as 2026, not 20266`},
		{name: "period of ten thousand years", files: map[string]string{"content/plans/plan.yaml": "title: Plan\nperiod: {start: 0001-01-01, end: 9999-12-31}\nstrategies:\n" + planStrategy}, code: 1,
			want: `content/plans/plan.yaml:2:34: period runs from 0001-01-01 to 9999-12-31, more than 20 years; salesdeck computes figures day by day, so a period may span 20 years at most: shorten it`},
		{name: "period half given", files: map[string]string{"content/plans/plan.yaml": "title: Plan\nperiod: {start: 2026-01-01}\nstrategies:\n" + planStrategy}, code: 1,
			want: `content/plans/plan.yaml:2:9: period needs both start and end`},

		// IDs: they become file names.
		{name: "invalid strategy ids", files: map[string]string{"content/plans/plan.yaml": planHead +
			"  - {id: ../x, targets: {revenue: 1}}\n  - {id: a/b, targets: {revenue: 1}}\n  - {id: EMEA, targets: {revenue: 1}}\n  - {id: emea growth, targets: {revenue: 1}}\n  - {id: \"\", targets: {revenue: 1}}\n"}, code: 1,
			want: "content/plans/plan.yaml:4:10: strategy id \"../x\" is not valid: use 1-64 lower-case letters, digits and hyphens, starting with a letter or digit (it becomes a file name)\n" +
				"content/plans/plan.yaml:5:10: strategy id \"a/b\" is not valid: use 1-64 lower-case letters, digits and hyphens, starting with a letter or digit (it becomes a file name)\n" +
				"content/plans/plan.yaml:6:10: strategy id \"EMEA\" is not valid: use 1-64 lower-case letters, digits and hyphens, starting with a letter or digit (it becomes a file name)\n" +
				"content/plans/plan.yaml:7:10: strategy id \"emea growth\" is not valid: use 1-64 lower-case letters, digits and hyphens, starting with a letter or digit (it becomes a file name)\n" +
				`content/plans/plan.yaml:8:10: strategy id "" is not valid: use 1-64 lower-case letters, digits and hyphens, starting with a letter or digit (it becomes a file name)`},
		{name: "invalid plan id", files: map[string]string{"content/plans/plan.yaml": "id: ../../etc\n" + planHead + planStrategy}, code: 1,
			want: `content/plans/plan.yaml:1:5: plan id "../../etc" is not valid: use 1-64 lower-case letters, digits and hyphens, starting with a letter or digit (it becomes a file name)`},
		{name: "plan file name that is no id", files: map[string]string{"content/plans/plan.yaml": deleted, "content/plans/EMEA plan.yaml": planHead + planStrategy}, code: 1,
			want: `content/plans/EMEA plan.yaml:1:1: plan id "EMEA plan" is not valid: use 1-64 lower-case letters, digits and hyphens, starting with a letter or digit (it becomes a file name)`},
		{name: "duplicate strategy id across plans", files: map[string]string{"content/plans/second.yaml": "title: Second\nperiod: {fiscal_year: 2026}\nstrategies:\n" + planStrategy}, code: 1,
			want: `content/plans/second.yaml:4:9: strategy id "emea" is already used at content/plans/plan.yaml:4:9; strategy ids must be unique across the site`},
		{name: "duplicate plan id", files: map[string]string{"content/plans/second.yaml": "id: plan\ntitle: Second\nperiod: {fiscal_year: 2026}\nstrategies:\n  - {id: other, targets: {revenue: 1}}\n"}, code: 1,
			want: `content/plans/second.yaml:1:5: plan id "plan" is already used by content/plans/plan.yaml:1:1`},

		// Periods and phasing.
		{name: "end before start", files: map[string]string{"content/plans/plan.yaml": "title: Plan\nperiod: {start: 2026-03-31, end: 2026-01-01}\nstrategies:\n" + planStrategy}, code: 1,
			want: `content/plans/plan.yaml:2:34: period ends (2026-01-01) before it starts (2026-03-31)`},
		{name: "not a date", files: map[string]string{"content/plans/plan.yaml": "title: Plan\nperiod: {start: 2026-02-30, end: 2026-03-31}\nstrategies:\n" + planStrategy}, code: 1,
			want: `content/plans/plan.yaml:2:17: start: "2026-02-30" is not a date: day out of range`},
		{name: "phasing month outside the period", files: map[string]string{"content/plans/plan.yaml": planHead + "  - id: emea\n    targets:\n      revenue: {total: 300, phasing: {2026-01: 100, 2026-02: 100, 2026-04: 100}}\n"}, code: 1,
			want: `content/plans/plan.yaml:6:67: phasing month 2026-04 is outside the period 2026-01-01 to 2026-03-31; remove it or change the period`},
		{name: "percentage target on a metric that is not a percentage", files: map[string]string{"content/plans/plan.yaml": planHead + "  - id: emea\n    targets: {revenue: 15%}\n"}, code: 1,
			want: `content/plans/plan.yaml:5:24: target revenue: a percentage is a total only for a metric of format percent, and "revenue" is formatted as money; write the total as a plain number`},
		{name: "phasing months not summing to the total", files: map[string]string{"content/plans/plan.yaml": planHead + "  - id: emea\n    targets:\n      revenue: {total: 300, phasing: {2026-01: 100, 2026-02: 100}}\n"}, code: 1,
			want: `content/plans/plan.yaml:6:38: phasing months add up to 200 but the total is 300; they must agree (within 0.5)`},

		// Names the data does not have.
		{name: "bridge_by unknown", files: map[string]string{"content/plans/plan.yaml": planHead + planStrategy + "    bridge_by: regoin\n"}, code: 1,
			want: `content/plans/plan.yaml:8:16: bridge_by: unknown dimension "regoin" (did you mean "region"?); dimensions: region`},
		{name: "analysis names what the data lacks", files: map[string]string{"site.yaml": measures + "analysis: {volume: unit, mix_by: regoin}\n"}, code: 1,
			want: "site.yaml:5:20: analysis.volume: unknown measure \"unit\"; measures: revenue\n" +
				"site.yaml:5:34: analysis.mix_by: unknown dimension \"regoin\" (did you mean \"region\"?); dimensions: region"},
		{name: "analysis without mix_by", files: map[string]string{"site.yaml": measures + "analysis: {volume: revenue}\n"}, code: 1,
			want: `site.yaml:5:11: analysis needs mix_by: the dimension the mix is taken by, as in analysis: {volume: units, mix_by: product}`},
		{name: "unknown metric, dimension and value", files: map[string]string{"content/plans/plan.yaml": planHead + "  - id: emea\n    scope: {regoin: EMEA}\n    exclude: {chanel: Partner}\n    targets: {revenu: 300}\n"}, code: 1,
			want: "content/plans/plan.yaml:5:13: scope: unknown dimension \"regoin\" (did you mean \"region\"?)\n" +
				"content/plans/plan.yaml:6:15: exclude: unknown dimension \"chanel\"\n" +
				`content/plans/plan.yaml:7:15: target: unknown metric "revenu" (did you mean "revenue"?); site.yaml defines no metrics, so there is one per numeric column and orders: revenue, orders; define others under metrics in site.yaml`},
		{name: "unknown measure and metric in site.yaml", files: map[string]string{"site.yaml": "as_of: 2026-02-15\nmetrics:\n  revenue: {sum: revenu}\n  margin: {ratio: [profit, revenue]}\n"}, code: 1,
			want: "site.yaml:3:3: metric \"revenue\": unknown measure \"revenu\" (did you mean \"revenue\"?)\n" +
				`site.yaml:4:3: metric "margin": unknown metric "profit" in ratio`},
		{name: "metric expression syntax", files: map[string]string{"site.yaml": "metrics:\n  net: {sum: \"revenue - * cost\"}\n"}, code: 1,
			want: `site.yaml:2:25: metric "net": expected a measure name, a number or ( but found "*"; write measure names joined by + - * / and parentheses, e.g. "revenue - cost"`},
		{name: "measure read as text", files: map[string]string{"data/sales.csv": csvHead + "2026-02-11,EMEA,n/a\n"}, code: 1,
			want: `content/plans/plan.yaml:7:15: target: unknown metric "revenue": the column "revenue" was read as text, not figures; list it under sales.measures in site.yaml to have each cell that is not a number reported`},

		// The CSV and its settings.
		{name: "no date column", files: map[string]string{"data/sales.csv": "day,region,revenue\n2026-01-10,EMEA,100\n"}, code: 1,
			want: `data/sales.csv:1: no date column: name it date, order_date or invoice_date, or set sales.date in site.yaml`},
		{name: "configured columns missing", files: map[string]string{"site.yaml": "sales:\n  date: Datum\n  dimensions: [regoin]\n  measures: {revenue: Umsatz}\n"}, code: 1,
			want: "site.yaml:2:9: sales.date: data/sales.csv has no column \"Datum\" (did you mean \"date\"?)\n" +
				"site.yaml:3:15: sales.dimensions: data/sales.csv has no column \"regoin\" (did you mean \"region\"?)\n" +
				`site.yaml:4:14: sales.measures.revenue: data/sales.csv has no column "Umsatz"`},
		{name: "no file matches", files: map[string]string{"site.yaml": "sales: {files: [exports/*.csv]}\n"}, code: 1,
			want: `site.yaml:1:16: sales.files: no file matches "exports/*.csv"; put the sales CSV files there or set sales.files in site.yaml`},
		{name: "ragged row", files: map[string]string{"data/sales.csv": csvHead + "2026-01-11,EMEA\n"}, code: 1,
			want: `data/sales.csv:3:1: wrong number of fields: every row must have as many cells as the header`},
		{name: "bare quote", files: map[string]string{"data/sales.csv": "date,region,product,revenue\n2026-01-10,EMEA,24\" screen,100\n"}, code: 1,
			want: `data/sales.csv:2:19: a " inside a cell that is not quoted; quote the cell and double the " (24" screen becomes "24"" screen"), or check sales.delimiter`},
		{name: "unparseable numbers", files: map[string]string{"site.yaml": measures,
			"data/sales.csv": csvHead + "2026-01-11,EMEA,1x0\n2026-01-12,EMEA,\"1,5\"\n2026-01-13,EMEA,$\n"}, code: 1,
			want: "data/sales.csv:3:17: column \"revenue\": \"1x0\" is not a number; fix the cell (figures look like 1234.50, \"$1,234.50\" or (99.00))\n" +
				"data/sales.csv:4:17: column \"revenue\": \"1,5\" is not a number: has a decimal comma, but the file is set to \".\" decimals (set sales.decimal: \",\")\n" +
				`data/sales.csv:5:17: column "revenue": "$" is not a number; fix the cell (figures look like 1234.50, "$1,234.50" or (99.00))`},
		{name: "unparseable dates", files: map[string]string{"data/sales.csv": csvHead + "2026-13-01,EMEA,1\n,EMEA,1\n"}, code: 1,
			want: "data/sales.csv:3:1: column \"date\": \"2026-13-01\" is not a valid date\n" +
				`data/sales.csv:4:1: column "date": the date is empty; every row needs the date of its sale`},
		{name: "mixed date formats", files: map[string]string{"data/sales.csv": csvHead + "1/11/2026,EMEA,1\n"}, code: 1,
			want: `data/sales.csv:3:1: column "date": date "1/11/2026" is US month-first (1/31/2026) but data/sales.csv:2 was ISO (2026-01-31); a column must use one format: fix the cells or set sales.date_format`},
		{name: "day-first dates", files: map[string]string{"data/sales.csv": "date,region,revenue\n31.01.2026,EMEA,1\n"}, code: 1,
			want: `data/sales.csv:2:1: column "date": "31.01.2026" looks day-first; set sales.date_format to "DD.MM.YYYY" (day, month, year)`},
		{name: "dates against a layout", files: map[string]string{"site.yaml": "sales: {date_format: \"DD.MM.YYYY\"}\n", "data/sales.csv": "date,region,revenue\n2026-01-31,EMEA,1\n"}, code: 1,
			want: `data/sales.csv:2:1: column "date": date "2026-01-31" does not match date_format "DD.MM.YYYY"; the cell reads as "YYYY-MM-DD": set sales.date_format to the one the file uses, or fix the cell`},
		{name: "not valid UTF-8", files: map[string]string{"data/sales.csv": "date,region,revenue\n2026-01-10,M\xfcnchen,100\n"}, code: 1,
			want: `data/sales.csv:2:12: not valid UTF-8: the bytes look like windows-1252 (as Excel and most Windows programs save), in which the file has "München"; set sales.encoding: windows-1252 in site.yaml`},
		{name: "not valid windows-1252", files: map[string]string{"site.yaml": "sales: {encoding: windows-1252}\n", "data/sales.csv": "date,region,revenue\n2026-01-10,EM\x81A,100\n"}, code: 1,
			want: `data/sales.csv:2:12: not valid windows-1252 (a byte 0x81, 0x8D, 0x8F, 0x90 or 0x9D); the file is in another encoding: set sales.encoding to the one it was saved in (utf-8, ibm850, ...)`},
		{name: "unknown encoding", files: map[string]string{"site.yaml": "sales: {encoding: utf-16}\n"}, code: 1,
			want: `site.yaml:1:19: sales.encoding must be one of utf-8, windows-1252, iso-8859-1, iso-8859-15, ibm850, not "utf-16"`},
		{name: "header only", files: map[string]string{"data/sales.csv": "date,region,revenue\n"}, code: 1,
			want: `data/sales.csv: no data rows: the sales files hold a header but no sales`},
		{name: "empty file", files: map[string]string{"data/sales.csv": ""}, code: 1,
			want: `data/sales.csv:1: file is empty: expected a header line naming the columns`},
		{name: "headers differ", files: map[string]string{"data/2.csv": "date,revenue,region\n2026-01-10,1,EMEA\n"}, code: 1,
			want: `data/sales.csv:1:6: column 2 is "region" here but "revenue" in data/2.csv; every sales file must have the same columns in the same order`},

		{name: "problems of loading and of analysis in one run", files: map[string]string{
			"content/plans/plan.yaml":  planHead + planStrategy + "  - id: emea\n    targets: {revenue: 1}\n",
			"content/plans/other.yaml": planHead + "  - id: west\n    scope: {regoin: EMEA}\n    targets: {revenu: 1}\n"}, code: 1,
			want: "content/plans/other.yaml:5:13: scope: unknown dimension \"regoin\" (did you mean \"region\"?)\n" +
				"content/plans/other.yaml:6:15: target: unknown metric \"revenu\" (did you mean \"revenue\"?); site.yaml defines no metrics, so there is one per numeric column and orders: revenue, orders; define others under metrics in site.yaml\n" +
				"content/plans/plan.yaml:8:9: strategy id \"emea\" is already used at content/plans/plan.yaml:4:9; strategy ids must be unique across the site"},
		{name: "more problems than are listed", files: map[string]string{"site.yaml": measures, "data/sales.csv": badCells(25)}, code: 1,
			want: badCellsWant(20) + "\n... and 5 more problems like these", count: 25},
		{name: "unclosed quote", files: map[string]string{"data/sales.csv": "date,region,revenue\n2026-01-10,\"EMEA,100\n2026-01-11,EMEA,100\n2026-01-12,EMEA,100\n"}, code: 1,
			want: `data/sales.csv:2:12: a quoted cell starting here is never closed, so everything up to line 4 was read as one cell; close the quote, or double every " inside the cell`},

		// Pages.
		{name: "unclosed front matter", files: map[string]string{"content/about.md": "---\ntitle: About\nHello.\n"}, code: 1,
			want: `content/about.md:1:1: front matter starts here but has no closing "---" line`},
		{name: "page name", files: map[string]string{"content/Q1 review.md": "Hello.\n"}, code: 1,
			want: `content/Q1 review.md: file name "Q1 review.md" cannot become a web address: use only letters a-z and A-Z, digits, ".", "_" and "-" (rename it "Q1-review.md")`},

		// Resource bounds.
		{name: "yaml bomb", files: map[string]string{"content/plans/plan.yaml": bomb("title: Plan\nperiod: {fiscal_year: 2026}\nstrategies:\n  - id: emea\n    targets: {revenue: 1}\n    tactics: ")}, code: 1,
			want: `content/plans/plan.yaml:12:47: aliases make this file more than 16 MB once expanded (*a5 repeats a large part of it); salesdeck refuses such files, which can exhaust memory: repeat less with anchors (&) and aliases (*)`},
		{name: "yaml alias inside its anchor", files: map[string]string{"site.yaml": "title: &t [Small, *t]\n"}, code: 1,
			want: `site.yaml:1:19: alias *t repeats the anchor it is inside, so it never ends; remove it`},
		{name: "100 MB plan", setup: func(t *testing.T, dir string) {
			// A sparse file: the size is refused before anything is read.
			if err := os.Truncate(filepath.Join(dir, "content/plans/plan.yaml"), 100<<20); err != nil {
				t.Fatal(err)
			}
		}, code: 1,
			want: `content/plans/plan.yaml: file is 100.0 MB; YAML files over 4 MB are refused, as plans and site.yaml are written by hand: check that this is the right file, or split the plan into several files`},

		// Every problem of a run, across files, in file order.
		{name: "problems of several files", files: map[string]string{
			"content/plans/plan.yaml": planHead + "  - id: emea\n    targets: {revenue: 300}\n    budgett: 1\n",
			"content/about.md":        "---\ndraft: maybe\n---\n",
			"data/sales.csv":          csvHead + "2026-01-11,EMEA\n",
		}, code: 1,
			want: "content/about.md:2:8: draft must be true or false, not \"maybe\"\n" +
				"content/plans/plan.yaml:6:5: unknown key \"budgett\" in a strategy (did you mean \"budget\"?)\n" +
				"data/sales.csv:3:1: wrong number of fields: every row must have as many cells as the header"},

		// Files the system will not read: exit 2, named as input problems.
		{name: "site.yaml is a folder", files: map[string]string{"site.yaml": deleted, "site.yaml/x": ""}, code: 2,
			want: `site.yaml: cannot read: is a directory`},
		{name: "sales file is a folder", files: map[string]string{"data/sales.csv": deleted, "data/sales.csv/x": ""}, code: 2,
			want: `data/sales.csv: cannot read: is a directory`},
		{name: "unreadable folders and files", setup: func(t *testing.T, dir string) {
			// Links that point at themselves fail to open for any user,
			// root included, unlike chmod 000.
			for _, name := range []string{"content/plans/loop.yaml", "content/loop.md"} {
				if err := os.Symlink(filepath.Base(name), filepath.Join(dir, name)); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.RemoveAll(filepath.Join(dir, "data")); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink("data", filepath.Join(dir, "data")); err != nil {
				t.Fatal(err)
			}
		}, code: 2,
			want: "content/loop.md: cannot read: too many levels of symbolic links\n" +
				"content/plans/loop.yaml: cannot read: too many levels of symbolic links\n" +
				"data: cannot read folder: too many levels of symbolic links"},
		{name: "unreadable plans folder beside bad input", files: map[string]string{"content/about.md": "---\ndraft: maybe\n---\n"}, setup: func(t *testing.T, dir string) {
			plans := filepath.Join(dir, "content/plans")
			if err := os.RemoveAll(plans); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink("plans", plans); err != nil {
				t.Fatal(err)
			}
		}, code: 2,
			want: "content/about.md:2:8: draft must be true or false, not \"maybe\"\n" +
				"content/plans: cannot read folder: too many levels of symbolic links"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := site(t, smallWith(tt.files))
			if tt.setup != nil {
				tt.setup(t, dir)
			}
			code, stdout, stderr := salesdeck(t, "check", "-src", dir)
			n := strings.Count(tt.want, "\n") + 1
			if tt.count > 0 {
				n = tt.count
			}
			count := "1 error"
			if n > 1 {
				count = strconv.Itoa(n) + " errors"
			}
			want := tt.want + "\n" + count + "; nothing was written\n"
			if code != tt.code || stderr != want || stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant exit %d, stderr:\n%s", code, stdout, stderr, tt.code, want)
			}
		})
	}
}

// badCells is a CSV whose n rows each hold a revenue that is not a number.
func badCells(n int) string {
	s := "date,region,revenue\n"
	for i := range n {
		s += "2026-01-10,EMEA,x" + strconv.Itoa(i) + "\n"
	}
	return s
}

// badCellsWant is the message about each of the first n rows of badCells.
func badCellsWant(n int) string {
	var lines []string
	for i := range n {
		lines = append(lines, "data/sales.csv:"+strconv.Itoa(i+2)+`:17: column "revenue": "x`+strconv.Itoa(i)+`" is not a number; fix the cell (figures look like 1234.50, "$1,234.50" or (99.00))`)
	}
	return strings.Join(lines, "\n")
}

// bomb returns prefix followed by a few lines whose anchors and aliases
// blow up to 9^9 strings: the "billion laughs".
func bomb(prefix string) string {
	var b strings.Builder
	b.WriteString(prefix + "&a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	b.WriteString("    notes: [")
	for i := 1; i < 9; i++ {
		if i > 1 {
			b.WriteString("\n      ")
		}
		b.WriteString("&a" + strconv.Itoa(i) + " [")
		for j := 0; j < 9; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + strconv.Itoa(i-1))
		}
		b.WriteString("],")
	}
	b.WriteString("]\n")
	return b.String()
}

// Permission errors, which tests running as root (as in CI) cannot cause
// with chmod, come from a file system that refuses chosen paths: every
// loader names the path and the run is a system error, listed with the
// input problems found elsewhere.
func TestPermissionErrors(t *testing.T) {
	site := fstest.MapFS{}
	for name, body := range smallWith(map[string]string{
		"content/guide.md": "Guide.\n",
		"content/about.md": "---\ndraft: maybe\n---\n",
		"content/sub/x.md": "X.\n",
	}) {
		site[name] = &fstest.MapFile{Data: []byte(body)}
	}
	refuse := map[string]bool{"content/guide.md": true, "content/sub": true, "content/plans/plan.yaml": true, "data/sales.csv": true}
	fsys := refusing{site, refuse}
	_, err := build.Load(fsys, build.Options{})
	var errOut bytes.Buffer
	code := console.New(&bytes.Buffer{}, &errOut).Failure(err)
	const tail = "; give the user running salesdeck permission to read it\n"
	want := "content/about.md:2:8: draft must be true or false, not \"maybe\"\n" +
		"content/guide.md: cannot read: permission denied" + tail +
		"content/plans/plan.yaml: cannot read: permission denied" + tail +
		"content/sub: cannot read folder: permission denied" + tail +
		"data/sales.csv: cannot read: permission denied" + tail +
		"5 errors; nothing was written\n"
	if code != 2 || errOut.String() != want {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 2, stderr:\n%s", code, errOut.String(), want)
	}
	if !errors.Is(err, fs.ErrPermission) {
		t.Errorf("%v does not wrap fs.ErrPermission", err)
	}
}

// refusing is a file system whose refuse paths cannot be opened.
type refusing struct {
	fs.FS
	refuse map[string]bool
}

func (r refusing) Open(name string) (fs.File, error) {
	if r.refuse[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: syscall.EACCES}
	}
	return r.FS.Open(name)
}

// On a machine where permissions hold (not as root), an unreadable file
// and folder give the same messages as above.
func TestChmodUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root, which reads files whatever their permissions; TestPermissionErrors covers the messages")
	}
	dir := site(t, small)
	for _, name := range []string{"content/plans/plan.yaml", "data"} {
		p := filepath.Join(dir, name)
		if err := os.Chmod(p, 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(p, 0o755) })
	}
	code, _, stderr := salesdeck(t, "check", "-src", dir)
	const tail = "; give the user running salesdeck permission to read it\n"
	want := "content/plans/plan.yaml: cannot read: permission denied" + tail +
		"data: cannot read folder: permission denied" + tail +
		"2 errors; nothing was written\n"
	if code != 2 || stderr != want {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 2, stderr:\n%s", code, stderr, want)
	}
}

// A few hundred bytes of plan cannot make salesdeck compute ten thousand
// years of days: the period is refused before anything is computed, in
// little memory (it took 7 s and 673 MB a strategy, and 20 strategies ran
// out of memory).
func TestLongPeriodRefusedInBoundedMemory(t *testing.T) {
	dir := site(t, smallWith(map[string]string{"content/plans/plan.yaml": planHead +
		"  - id: forever\n    period: {start: 0001-01-01, end: 9999-12-31}\n    targets: {revenue: 1}\n"}))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	code, _, stderr := salesdeck(t, "check", "-src", dir)
	runtime.ReadMemStats(&after)
	want := "content/plans/plan.yaml:5:38: period runs from 0001-01-01 to 9999-12-31, more than 20 years; salesdeck computes figures day by day, so a period may span 20 years at most: shorten it\n1 error; nothing was written\n"
	if code != 1 || stderr != want {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 1, stderr:\n%s", code, stderr, want)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
		t.Errorf("checking the site allocated %d MB; want under 32 MB", alloc>>20)
	}
}
