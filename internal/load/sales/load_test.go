package sales_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"salesdeck/internal/load/config"
	"salesdeck/internal/load/sales"
)

func load(t *testing.T, siteYAML string, files map[string]string) (*sales.Data, error) {
	t.Helper()
	fsys := fstest.MapFS{"site.yaml": {Data: []byte(siteYAML)}}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	cfg, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	return sales.Load(fsys, cfg, sales.Options{})
}

// total sums base metric m over every cell.
func total(d *sales.Data, m string) float64 {
	c := d.Metrics.Column(m)
	nb := d.Metrics.Base()
	var s float64
	for i := range d.Day {
		s += d.Sums[i*nb+c]
	}
	return s
}

func TestLoadDefaults(t *testing.T) {
	// No sales or metrics section: the date column is found by name,
	// numeric columns are measures, the rest dimensions.
	d, err := load(t, "title: x\n", map[string]string{
		"data/a.csv": "\ufeffOrder Date,Region,Sales,Units\r\n2026-01-02,EMEA,\"1,000.50\",2\r\n2026-01-02,EMEA,99.50,1\r\n2026-01-03,NA,5,\r\n\r\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(d.Dimensions, ","); got != "Region" {
		t.Errorf("dimensions %q, want Region", got)
	}
	// Headers that can be written in an expression keep their spelling.
	if got := strings.Join(d.Measures, ","); got != "Sales,Units" {
		t.Errorf("measures %q, want Sales,Units", got)
	}
	if d.RowsRead != 3 || d.Len() != 2 {
		t.Errorf("rows %d in %d cells, want 3 rows in 2 cells (same day and region aggregate)", d.RowsRead, d.Len())
	}
	if got := total(d, "Sales"); got != 1105 {
		t.Errorf("sales total %v, want 1105", got)
	}
	if got := total(d, "orders"); got != 3 {
		t.Errorf("orders %v, want 3", got)
	}
	if len(d.Warnings) != 1 || !strings.Contains(d.Warnings[0].Error(), "data/a.csv:4:17: 1 empty measure cell was read as 0") {
		t.Errorf("warnings %v, want one about the empty units cell at line 4", d.Warnings)
	}
	// NA is a value like any other, not "missing".
	if got := strings.Join(d.Values[0], ","); got != "EMEA,NA" {
		t.Errorf("regions %q", got)
	}
}

const site = `
sales:
  dimensions: [region]
  measures: {revenue: revenue}
`

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name  string
		site  string
		files map[string]string
		want  string
	}{
		{"ragged row", site, map[string]string{"data/a.csv": "date,region,revenue\n2026-01-01,EMEA,1\n2026-01-02,EMEA\n"},
			"data/a.csv:3:1: wrong number of fields: every row must have as many cells as the header"},
		{"bare quote", site, map[string]string{"data/a.csv": "date,region,revenue\n2026-01-01,24\" screen,1\n"},
			`data/a.csv:2:14: a " inside a cell that is not quoted; quote the cell and double the "`},
		{"text after a closing quote", site, map[string]string{"data/a.csv": "date,region,revenue\n2026-01-01,\"EMEA\"x,1\n"},
			`data/a.csv:2:17: a quoted cell has text after its closing "; double every " inside a quoted cell`},
		{"bad number", site, map[string]string{"data/a.csv": "date,region,revenue\n2026-01-01,EMEA,12x\n"},
			`data/a.csv:2:17: column "revenue": "12x" is not a number`},
		{"bad date", site, map[string]string{"data/a.csv": "date,region,revenue\n31/01/2026,EMEA,1\n"},
			`data/a.csv:2:1: column "date": "31/01/2026" looks day-first; set sales.date_format`},
		{"no date column", site, map[string]string{"data/a.csv": "day,region,revenue\n2026-01-01,EMEA,1\n"},
			"data/a.csv:1: no date column"},
		{"missing measure column", "sales:\n  measures:\n    revenue: Revenue_EUR\n", map[string]string{"data/a.csv": "date,region,revenue_eur\n2026-01-01,EMEA,1\n"},
			""},
		{"missing dimension", "sales:\n  dimensions: [regoin]\n", map[string]string{"data/a.csv": "date,region,revenue\n2026-01-01,EMEA,1\n"},
			`site.yaml:2:15: sales.dimensions: data/a.csv has no column "regoin" (did you mean "region"?)`},
		{"headers differ", site, map[string]string{"data/a.csv": "date,region,revenue\n2026-01-01,EMEA,1\n", "data/b.csv": "date,revenue,region\n"},
			`data/b.csv:1:6: column 2 is "revenue" here but "region" in data/a.csv`},
		{"no files", site, nil,
			`site.yaml: sales.files: no file matches "data/*.csv"`},
		{"no rows", site, map[string]string{"data/a.csv": "date,region,revenue\n"},
			"data/a.csv: no data rows"},
		// A file that is not UTF-8 is one problem, named once with the
		// code page its bytes look like and a word as it reads there.
		{"windows-1252 read as utf-8", site, map[string]string{"data/a.csv": "date,region,revenue\n2026-01-01,Z\xfcrich,1\n2026-01-02,D\xfcsseldorf,1\n"},
			"data/a.csv:2:12: not valid UTF-8: the bytes look like windows-1252 (as Excel and most Windows programs save), in which the file has \"Zürich\"; set sales.encoding: windows-1252 in site.yaml\n1 error"},
		{"code page 850 read as utf-8", site, map[string]string{"data/a.csv": "date,region,revenue\n2026-01-01,Mart\xa1n,1\n2026-01-02,Catalu\xa4a,1\n2026-01-03,Berguvsv\x84gen,1\n"},
			"data/a.csv:2:12: not valid UTF-8: the bytes look like ibm850 (DOS code page 850, as old DOS and AS/400 systems export), in which the file has \"Martín\"; set sales.encoding: ibm850 in site.yaml\n1 error"},
		// A header read as one column names the separator it holds,
		// once, rather than every column site.yaml names as missing.
		{"semicolons", site, map[string]string{"data/a.csv": "date;region;revenue\n2026-01-01;EMEA;1\n"},
			`data/a.csv:1:1: the header reads as one column, "date;region;revenue", since sales.delimiter is "," but the file is separated by ";"; set sales.delimiter: ";" in site.yaml` + "\n1 error"},
		{"tabs", site, map[string]string{"data/a.csv": "date\tregion\trevenue\n2026-01-01\tEMEA\t1\n"},
			`data/a.csv:1:1: the header reads as one column, "date\tregion\trevenue", since sales.delimiter is "," but the file is separated by "\t"; set sales.delimiter: "\t" in site.yaml`},
		{"pipes", site, map[string]string{"data/a.csv": "date|region|revenue\n2026-01-01|EMEA|1\n"},
			`the file is separated by "|"; set sales.delimiter: "|" in site.yaml`},
		{"count_distinct of a column the file lacks", site + "metrics:\n  orders: {count_distinct: Order IDs}\n", map[string]string{"data/a.csv": "date,Order ID,region,revenue\n2026-01-01,A,EMEA,1\n"},
			`site.yaml:6:3: metric "orders": count_distinct: data/a.csv has no column "Order IDs" (did you mean "Order ID"?)`},
		{"count_distinct in any case", site + "metrics:\n  orders: {count_distinct: order id}\n", map[string]string{"data/a.csv": "date,Order ID,region,revenue\n2026-01-01,A,EMEA,1\n"},
			""},
		{"unknown measure in metric", site + "metrics:\n  gp: {sum: revenue - cost}\n", map[string]string{"data/a.csv": "date,region,revenue\n2026-01-01,EMEA,1\n"},
			`site.yaml:6:3: metric "gp": unknown measure "cost"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(t, tt.site, tt.files)
			if tt.want == "" {
				// Column names match case-insensitively when no exact match exists.
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			checkErr(t, err, tt.want)
		})
	}
}

// checkErr checks that err contains want; a want ending in "\n1 error"
// must be the whole of err, its one problem.
func checkErr(t *testing.T, err error, want string) {
	t.Helper()
	if only, ok := strings.CutSuffix(want, "\n1 error"); ok {
		if err == nil || err.Error() != only {
			t.Errorf("got error:\n%v\nwant only:\n%s", err, only)
		}
		return
	}
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got error:\n%v\nwant it to contain:\n%s", err, want)
	}
}

func TestCellsAreCanonical(t *testing.T) {
	// The same rows in another order give the same cells.
	a, err := load(t, site, map[string]string{"data/a.csv": "date,region,revenue\n2026-01-02,NA,1\n2026-01-01,EMEA,2\n2026-01-01,APAC,3\n"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := load(t, site, map[string]string{"data/a.csv": "date,region,revenue\n2026-01-01,APAC,3\n2026-01-02,NA,1\n2026-01-01,EMEA,2\n"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(a.Values[0], ",") != "APAC,EMEA,NA" {
		t.Errorf("values %v, want sorted", a.Values[0])
	}
	for i := range a.Day {
		if a.Day[i] != b.Day[i] || a.Keys[i] != b.Keys[i] || a.Sums[i*2] != b.Sums[i*2] {
			t.Fatalf("cell %d differs", i)
		}
	}
}
