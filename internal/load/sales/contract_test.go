package sales_test

import (
	"fmt"
	"strings"
	"testing"

	"salesdeck/internal/load/sales"
)

// byDay sums base metric m per day ("2006-01-02=v") over every cell.
func byDay(d *sales.Data, m string) string {
	c, nb := d.Metrics.Column(m), d.Metrics.Base()
	var out []string
	for i := range d.Day {
		s := fmt.Sprintf("%s=%g", d.Day[i], d.Sums[i*nb+c])
		if n := len(out); n > 0 && strings.HasPrefix(out[n-1], d.Day[i].String()) {
			var prev float64
			fmt.Sscanf(strings.SplitN(out[n-1], "=", 2)[1], "%g", &prev)
			s = fmt.Sprintf("%s=%g", d.Day[i], prev+d.Sums[i*nb+c])
			out = out[:n-1]
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

func TestFilesByGlobInSortedOrder(t *testing.T) {
	const header = "date,region,revenue\n"
	site := `sales:
  files: [data/2026/*.csv, data/*.csv, extra/q.csv, data/2025.csv]
  dimensions: [region]
  measures: {revenue: revenue}
`
	d, err := load(t, site, map[string]string{
		"data/2026/jan.csv": header + "2026-01-05,EMEA,1\n",
		"data/2026/feb.csv": header + "2026-02-05,EMEA,2\n",
		"data/2025.csv":     header + "2025-06-05,EMEA,4\n",
		"extra/q.csv":       header + "2025-07-05,EMEA,8\n",
		"data/notes.txt":    "not data",
	})
	if err != nil {
		t.Fatal(err)
	}
	// Every pattern's matches together, sorted, each file once.
	if got := strings.Join(d.Files, " "); got != "data/2025.csv data/2026/feb.csv data/2026/jan.csv extra/q.csv" {
		t.Errorf("files %s", got)
	}
	if d.RowsRead != 4 || total(d, "revenue") != 15 {
		t.Errorf("%d rows, revenue %v; want 4 rows, 15", d.RowsRead, total(d, "revenue"))
	}
	// The first file in sorted order sets the header the others must share.
	_, err = load(t, site, map[string]string{
		"data/2026/jan.csv": "date,revenue,region\n2026-01-05,1,EMEA\n",
		"data/2025.csv":     header + "2025-06-05,EMEA,4\n",
		"extra/q.csv":       header,
	})
	if want := `data/2026/jan.csv:1:6: column 2 is "revenue" here but "region" in data/2025.csv; every sales file must have the same columns in the same order`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want %s", err, want)
	}
}

func TestDelimitersAndDecimals(t *testing.T) {
	tests := []struct {
		name, settings, csv string
		want                float64
	}{
		{"semicolon, decimal comma", `delimiter: ";"` + "\n  decimal: \",\"",
			"date;region;revenue\n2026-01-02;EMEA;1.234,50\n2026-01-03;EMEA;-0,50\n2026-01-04;EMEA;\"2.000\"\n", 3234},
		{"tab", `delimiter: "\t"`,
			"date\tregion\trevenue\n2026-01-02\tEMEA\t1,234.50\n2026-01-03\tEMEA, North\t10\n", 1244.5},
		{"comma, decimal comma, quoted", `decimal: ","`,
			"date,region,revenue\n2026-01-02,EMEA,\"1.234,50 €\"\n2026-01-03,EMEA,7\n", 1241.5},
		{"comma", `delimiter: ","`,
			"date,region,revenue\n2026-01-02,\"EMEA, \"\"North\"\"\",\"$1,234.50\"\n", 1234.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := load(t, "sales:\n  "+tt.settings+"\n  dimensions: [region]\n  measures: {revenue: revenue}\n", map[string]string{"data/a.csv": tt.csv})
			if err != nil {
				t.Fatal(err)
			}
			if got := total(d, "revenue"); got != tt.want {
				t.Errorf("revenue %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMeasureCells(t *testing.T) {
	tests := []struct {
		cell string
		want float64
	}{
		{`1234.5`, 1234.5},
		{`"$1,234.50"`, 1234.5},
		{`(99.00)`, -99},
		{`"($1,000.00)"`, -1000},
		{`"$(1,000.00)"`, -1000},
		{`-99`, -99},
		{`USD 10`, 10},
		{`10 EUR`, 10},
		{`€ 12.5`, 12.5},
		{`" 7 "`, 7},
		{`1e3`, 1000},
	}
	for _, tt := range tests {
		t.Run(tt.cell, func(t *testing.T) {
			d, err := load(t, site, map[string]string{"data/a.csv": "date,region,revenue\n2026-01-01,EMEA," + tt.cell + "\n"})
			if err != nil {
				t.Fatal(err)
			}
			if got := total(d, "revenue"); got != tt.want {
				t.Errorf("%s read as %v, want %v", tt.cell, got, tt.want)
			}
		})
	}
}

func TestEmptyMeasureCellsAreCountedZeros(t *testing.T) {
	d, err := load(t, "sales:\n  dimensions: [region]\n  measures: {revenue: revenue, units: units}\n", map[string]string{
		"data/a.csv": "date,region,revenue,units\n2026-01-01,EMEA,10,1\n2026-01-02,EMEA,,\n2026-01-03,EMEA, ,2\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	if total(d, "revenue") != 10 || total(d, "units") != 3 || d.RowsRead != 3 {
		t.Errorf("revenue %v, units %v, %d rows; want 10, 3, 3", total(d, "revenue"), total(d, "units"), d.RowsRead)
	}
	// One warning for all of them, at the first.
	if len(d.Warnings) != 1 || d.Warnings[0].Error() != "data/a.csv:3:17: 3 empty measure cells were read as 0 (the first is here)" {
		t.Errorf("warnings %v", d.Warnings)
	}
}

func TestDimensionValuesAreText(t *testing.T) {
	d, err := load(t, "sales:\n  dimensions: [region]\n  measures: {revenue: revenue}\n", map[string]string{
		"data/a.csv": "date,region,revenue\n2026-01-01,NA,1\n2026-01-01,N/A,2\n2026-01-01,null,4\n2026-01-01,,8\n2026-01-01,  EMEA ,16\n2026-01-01,-,32\n2026-01-01,NULL,64\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	// Each is a value of its own, never "missing"; only padding is trimmed.
	if got := strings.Join(d.Values[0], "|"); got != "|-|EMEA|N/A|NA|NULL|null" {
		t.Errorf("values %q", got)
	}
	if d.Len() != 7 || total(d, "revenue") != 127 {
		t.Errorf("%d cells, revenue %v; want 7 cells, 127", d.Len(), total(d, "revenue"))
	}
}

func TestBlankRowsAreIgnored(t *testing.T) {
	// Spreadsheets keep rows they once formatted as lines of delimiters.
	d, err := load(t, site, map[string]string{"data/a.csv": "date,region,revenue\r\n2026-01-01,EMEA,1\r\n,,\r\n\r\n2026-01-02,EMEA,2\r\n, ,\r\n\r\n\r\n"})
	if err != nil {
		t.Fatal(err)
	}
	if d.RowsRead != 2 || len(d.Warnings) != 0 {
		t.Errorf("%d rows, warnings %v; want 2 rows and no warning", d.RowsRead, d.Warnings)
	}
}

func TestDateFormats(t *testing.T) {
	tests := []struct {
		name, format, cells, want string
	}{
		{"auto ISO", "auto", "2026-01-31|2026-02-01", "2026-01-31=1 2026-02-01=1"},
		{"auto ISO date-times; the zone is ignored", "auto", "2026-01-31T23:30:00-05:00|2026-01-31 10:00:00|2026-02-01T00:15:00Z", "2026-01-31=2 2026-02-01=1"},
		{"auto US", "auto", "1/31/2026|12/1/2026 0:00|02/03/2026 14:30", "2026-01-31=1 2026-02-03=1 2026-12-01=1"},
		{"auto year first", "auto", "2026/01/31|2026/2/1", "2026-01-31=1 2026-02-01=1"},
		{"day first", "2.1.2006", "31.1.2026|01.02.2026|1.2.2026 14:30", "2026-01-31=1 2026-02-01=2"},
		{"day first with slashes", "02/01/2006", "31/01/2026|01/02/2026", "2026-01-31=1 2026-02-01=1"},
		{"month names", "Jan 2, 2006", `"Jan 31, 2026"|"Feb 1, 2026"`, "2026-01-31=1 2026-02-01=1"},
		{"explicit date-time", "1/2/2006 15:04", "1/31/2026 23:59|2/1/2026 0:00", "2026-01-31=1 2026-02-01=1"},
		{"zone kept as written", "2006-01-02T15:04:05Z07:00", "2026-01-31T23:30:00-05:00|2026-02-01T00:30:00+14:00", "2026-01-31=1 2026-02-01=1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString("date,region,revenue\n")
			for _, c := range strings.Split(tt.cells, "|") {
				b.WriteString(c + ",EMEA,1\n")
			}
			d, err := load(t, fmt.Sprintf("sales:\n  date_format: %q\n  dimensions: [region]\n  measures: {revenue: revenue}\n", tt.format), map[string]string{"data/a.csv": b.String()})
			if err != nil {
				t.Fatal(err)
			}
			if got := byDay(d, "revenue"); got != tt.want {
				t.Errorf("days %s, want %s", got, tt.want)
			}
		})
	}
}

func TestDateColumnErrors(t *testing.T) {
	tests := []struct {
		name, format string
		files        map[string]string
		want         string
	}{
		{"mixed: ISO then US", "auto", map[string]string{"data/a.csv": "date,region,revenue\n2026-01-02,EMEA,1\n2026-01-03,EMEA,1\n1/4/2026,EMEA,1\n"},
			`data/a.csv:4:1: column "date": date "1/4/2026" is US month-first (1/31/2026) but data/a.csv:2 was ISO (2026-01-31); a column must use one format: fix the cells or set sales.date_format`},
		{"mixed across files", "auto", map[string]string{
			"data/a.csv": "date,region,revenue\n1/2/2026,EMEA,1\n",
			"data/b.csv": "date,region,revenue\n1/3/2026,EMEA,1\n2026-01-04,EMEA,1\n"},
			`data/b.csv:3:1: column "date": date "2026-01-04" is ISO (2026-01-31) but data/a.csv:2 was US month-first (1/31/2026)`},
		// 1/2 and 12/1 read month-first; 13/1 cannot be: the first line
		// that proves the column day-first is named.
		{"day first", "auto", map[string]string{"data/a.csv": "date,region,revenue\n1/2/2026,EMEA,1\n12/1/2026,EMEA,1\n13/1/2026,EMEA,1\n14/1/2026,EMEA,1\n"},
			`data/a.csv:4:1: column "date": "13/1/2026" looks day-first; set sales.date_format to "DD/MM/YYYY" (day, month, year); 1 more row like it`},
		{"day first with dots", "auto", map[string]string{"data/a.csv": "date,region,revenue\n31.01.2026,EMEA,1\n"},
			`data/a.csv:2:1: column "date": "31.01.2026" looks day-first; set sales.date_format to "DD.MM.YYYY" (day, month, year)`},
		{"two-digit year", "auto", map[string]string{"data/a.csv": "date,region,revenue\n1/31/26,EMEA,1\n"},
			`data/a.csv:2:1: column "date": "1/31/26" is not a valid date; date_format auto reads 2026-01-31 and 1/31/2026, set sales.date_format for other forms`},
		{"empty", "auto", map[string]string{"data/a.csv": "date,region,revenue\n2026-01-02,EMEA,1\n,EMEA,1\n"},
			`data/a.csv:3:1: column "date": the date is empty; every row needs the date of its sale`},
		{"layout mismatch", "2.1.2006", map[string]string{"data/a.csv": "date,region,revenue\n31.1.2026,EMEA,1\n2026-02-01,EMEA,1\n"},
			`data/a.csv:3:1: column "date": date "2026-02-01" does not match date_format "2.1.2006"; the cell reads as "YYYY-MM-DD": set sales.date_format to the one the file uses, or fix the cell`},
		// A spreadsheet spelling is named as written; every row it does
		// not read has one cause, listed once.
		{"spreadsheet spelling, wrong order", "MM/DD/YYYY", map[string]string{"data/a.csv": "date,region,revenue\n31/01/2026,EMEA,1\n28/02/2026,EMEA,1\n15/03/2026,EMEA,1\n"},
			`data/a.csv:2:1: column "date": date "31/01/2026" does not match date_format "MM/DD/YYYY"; the cell reads as "D/M/YYYY": set sales.date_format to the one the file uses, or fix the cell; 2 more rows like it` + "\n1 error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(t, fmt.Sprintf("sales:\n  date_format: %q\n  dimensions: [region]\n  measures: {revenue: revenue}\n", tt.format), tt.files)
			checkErr(t, err, tt.want)
		})
	}
}

func TestEncodings(t *testing.T) {
	tests := []struct {
		encoding string
		region   string // as bytes in the file
		want     string
	}{
		{"utf-8", "\ufeffZürich", "Zürich"}, // the byte-order mark is not part of the header
		{"windows-1252", "Z\xfcrich \x80", "Zürich €"},
		{"iso-8859-1", "Z\xfcrich", "Zürich"},
		{"iso-8859-15", "Z\xfcrich \xa4", "Zürich €"},
		{"ibm850", "Berguvsv\x84gen", "Berguvsvägen"},
	}
	for _, tt := range tests {
		t.Run(tt.encoding, func(t *testing.T) {
			csv := "date,region,revenue\n2026-01-01," + tt.region + ",1\n"
			if strings.HasPrefix(tt.region, "\ufeff") {
				csv = "\ufeffdate,region,revenue\n2026-01-01," + strings.TrimPrefix(tt.region, "\ufeff") + ",1\n"
			}
			d, err := load(t, "sales:\n  encoding: "+tt.encoding+"\n  dimensions: [region]\n  measures: {revenue: revenue}\n", map[string]string{"data/a.csv": csv})
			if err != nil {
				t.Fatal(err)
			}
			if got := d.Values[0][0]; got != tt.want {
				t.Errorf("region %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDefaultColumns(t *testing.T) {
	tests := []struct {
		header, row          string
		dimensions, measures string
		metrics              string
	}{
		// The first column named like a date is the date column.
		{"Region,Invoice_Date,Revenue,Unit Price,units", "EMEA,2026-01-02,10,2.5,4",
			"Region", "Revenue,unit_price,units", "Revenue unit_price units orders"},
		{"order date,Order Date,country,Sales ($)", "2026-01-02,2026-01-03,DE,5",
			"Order Date,country", "sales", "sales orders"},
		// A measure named orders replaces the row count of that name.
		{"date,orders,amount", "2026-01-02,3,10", "", "orders,amount", "orders amount"},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			d, err := load(t, "title: x\n", map[string]string{"data/a.csv": tt.header + "\n" + tt.row + "\n"})
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(d.Dimensions, ","); got != tt.dimensions {
				t.Errorf("dimensions %q, want %q", got, tt.dimensions)
			}
			if got := strings.Join(d.Measures, ","); got != tt.measures {
				t.Errorf("measures %q, want %q", got, tt.measures)
			}
			if got := strings.Join(d.Metrics.Names(), " "); got != tt.metrics {
				t.Errorf("metrics %q, want %q", got, tt.metrics)
			}
		})
	}
}

func TestColumnsMatchWhateverTheCase(t *testing.T) {
	// site.yaml's spelling is the one plans use; the header's case may differ.
	d, err := load(t, "sales:\n  date: order date\n  dimensions: [region]\n  measures: {revenue: SALES}\n", map[string]string{
		"data/a.csv": "Order Date,Region,Sales\n2026-01-02,EMEA,5\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(d.Dimensions, ",") != "region" || strings.Join(d.Measures, ",") != "revenue" || total(d, "revenue") != 5 {
		t.Errorf("dimensions %v, measures %v, revenue %v", d.Dimensions, d.Measures, total(d, "revenue"))
	}
}
