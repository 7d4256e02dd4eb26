package sales

import (
	"math"
	"strings"
	"testing"
	"testing/fstest"

	"salesdeck/internal/load/config"
)

// chunkSite is a site whose site.yaml is siteYAML and whose one data
// file is data/a.csv, read with chunks of size bytes until undo is called.
func chunkSite(t *testing.T, siteYAML, csv string, size int) (fsys fstest.MapFS, cfg *config.Site, undo func()) {
	t.Helper()
	fsys = fstest.MapFS{"site.yaml": {Data: []byte(siteYAML)}, "data/a.csv": {Data: []byte(csv)}}
	cfg, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	old := chunkSize
	chunkSize = size
	return fsys, cfg, func() { chunkSize = old }
}

// loadChunks reads chunkSite's site with Load.
func loadChunks(t *testing.T, siteYAML, csv string, size int) (*Data, error) {
	t.Helper()
	fsys, cfg, undo := chunkSite(t, siteYAML, csv, size)
	defer undo()
	return Load(fsys, cfg, Options{})
}

// parallelReads reports whether the parallel load keeps the data of
// chunkSite's site rather than leave it to the row-by-row read.
func parallelReads(t *testing.T, siteYAML, csv string, size int) bool {
	t.Helper()
	fsys, cfg, undo := chunkSite(t, siteYAML, csv, size)
	defer undo()
	files := []string{"data/a.csv"}
	_, ok := loadParallel(fsys, newLoader(fsys, cfg, Options{}, files, int64(len(csv))), files)
	return ok
}

// Figures that add up past what a float64 holds are errors at the row
// where they do, whichever reader reads them and wherever chunks are cut;
// before, the sums became +Inf or NaN, which pages showed as "—" with the
// status on track. Groups are no guide: one can overflow while the grand
// total does not, and the grand total while no group does (the strategy
// adding those groups up would). So the check is on the running total of
// every row's absolute figure, per metric column, which bounds every sum
// of any of its rows (see maxTotal).
func TestOverflowIsAnError(t *testing.T) {
	const site = "sales:\n  dimensions: [region]\n  measures: {revenue: revenue, units: units, cost: cost}\n" +
		"metrics:\n  revenue: {sum: revenue}\n  units: {sum: units}\n  gp: {sum: revenue * units - cost * units}\n"
	// gp is 0 in rows of 0 units.
	const head = "date,region,revenue,units,cost\n"
	const tooLarge = `metric "%s" too large to add up (its figures so far, without their signs, add up past 1.8e308)`
	tests := []struct {
		name, csv string
		want      string // "" for no error
	}{
		{"twice 1.7e308 in one cell", head + "2026-01-01,EMEA,1.7e308,0,0\n2026-01-01,EMEA,1.7e308,0,0\n",
			`data/a.csv:3:17: column "revenue": "1.7e308" makes ` + strings.Replace(tooLarge, "%s", "revenue", 1)},
		{"twice 1.7e308 on two days: no cell overflows, their sum does", head + "2026-01-01,EMEA,1.7e308,0,0\n2026-01-02,EMEA,1.7e308,0,0\n",
			`data/a.csv:3:17: column "revenue": "1.7e308" makes ` + strings.Replace(tooLarge, "%s", "revenue", 1)},
		{"a group overflows, the grand total does not", head +
			"2026-01-01,EMEA,1.7e308,0,0\n2026-01-01,NA,-1.7e308,0,0\n2026-01-01,EMEA,1.7e308,0,0\n2026-01-01,NA,-1.7e308,0,0\n",
			`data/a.csv:3:15: column "revenue": "-1.7e308" makes ` + strings.Replace(tooLarge, "%s", "revenue", 1)},
		{"negative figures", head + "2026-01-01,EMEA,-1e308,0,0\n2026-01-01,EMEA,-1e308,0,0\n",
			`data/a.csv:3:17: column "revenue": "-1e308" makes ` + strings.Replace(tooLarge, "%s", "revenue", 1)},
		{"an expression gives +Inf in one row", head + "2026-01-01,EMEA,1,1,0\n2026-01-02,EMEA,1e200,1e200,0\n",
			`data/a.csv:3:17: column "revenue": "1e200" makes ` + strings.Replace(tooLarge, "%s", "gp", 1)},
		{"an expression gives NaN (Inf - Inf)", head + "2026-01-01,EMEA,1e300,1e300,1e300\n",
			`data/a.csv:2:17: column "revenue": "1e300" makes ` + strings.Replace(tooLarge, "%s", "gp", 1)},
		{"every row after the first overflow is not listed again", head + strings.Repeat("2026-01-01,EMEA,1e308,0,0\n", 30),
			`data/a.csv:3:17: column "revenue": "1e308" makes ` + strings.Replace(tooLarge, "%s", "revenue", 1) + "; fix the figure, or check that this column holds amounts"},
		{"large but in bounds: 40 figures of 4e306", head + strings.Repeat("2026-01-01,EMEA,4e306,1,0\n2026-01-02,NA,-4e306,1,0\n", 20), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, size := range []int{7, 64, 1 << 20} {
				// The parallel load's check is on the totals of its
				// chunks, added up.
				if ok := parallelReads(t, site, tt.csv, size); ok != (tt.want == "") {
					t.Errorf("chunks of %d: the parallel load kept the data: %v", size, ok)
				}
				d, err := loadChunks(t, site, tt.csv, size)
				if tt.want == "" {
					if err != nil {
						t.Fatalf("chunks of %d: %v", size, err)
					}
					for _, v := range d.Sums {
						if math.IsInf(v, 0) || math.IsNaN(v) {
							t.Fatalf("chunks of %d: a sum is %v", size, v)
						}
					}
					continue
				}
				if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
					t.Fatalf("chunks of %d: got\n%v\nwant it to start with\n%s", size, err, tt.want)
				}
				if n := strings.Count(err.Error(), "too large to add up"); n != 1 {
					t.Errorf("chunks of %d: %d messages about the sum, want 1:\n%v", size, n, err)
				}
			}
		})
	}
}

// A cell that strconv.ParseFloat would read as infinite or as not a
// number is not a figure.
func TestNonFiniteCells(t *testing.T) {
	const site = "sales:\n  dimensions: [region]\n  measures: {revenue: revenue}\n"
	for _, cell := range []string{"1e999", "-1e999", "1e309", "inf", "-Inf", "+inf", "Infinity", "nan", "NaN", "0x1p1024",
		strings.Repeat("9", 400), "1" + strings.Repeat(",000", 103)} {
		for _, decimal := range []string{".", ","} {
			csv := "date,region,revenue\n2026-01-01,EMEA,1\n2026-01-02,EMEA,\"" + cell + "\"\n"
			_, err := loadChunks(t, site+"  decimal: \""+decimal+"\"\n", csv, 1<<20)
			want := `data/a.csv:3:17: column "revenue": "` + cell + `" is not a number`
			if err == nil || !strings.HasPrefix(err.Error(), want) {
				t.Errorf("decimal %q: got\n%v\nwant it to start with\n%s", decimal, err, want)
			}
		}
	}
}

// A record of maxRecord bytes, its line end included, is read by both
// readers; one byte more is refused by both, with the position of the
// record or of the quoted cell it is in. The parallel load must not keep a
// record the row-by-row read refuses, in chunks of any size.
func TestRecordLimit(t *testing.T) {
	const site = "sales:\n  dimensions: [region]\n  measures: {revenue: revenue}\n"
	const head = "date,region,revenue,notes\n2026-01-01,EMEA,1,x\n"
	// row returns a row of n bytes, its note quoted or not.
	row := func(n int, quoted bool) string {
		start, end := "2026-01-02,EMEA,2,", "\n"
		if quoted {
			start, end = start+`"a""`, `"`+end
		}
		return start + strings.Repeat("y", n-len(start)-len(end)) + end
	}
	tests := []struct {
		name string
		row  string
		want string // "" when the row is read
	}{
		{"1 MB", row(maxRecord, false), ""},
		{"1 MB, quoted", row(maxRecord, true), ""},
		{"1 MB and a byte", row(maxRecord+1, false),
			"data/a.csv:3:1: this row is longer than 1 MB, the most a row may hold"},
		{"1 MB and a byte, quoted: the line end is too many", row(maxRecord+1, true),
			"data/a.csv:3:1: this row is longer than 1 MB, the most a row may hold"},
		{"1 MB and two bytes, quoted: the closing quote is too many", row(maxRecord+2, true),
			`data/a.csv:3:19: a quoted cell starts here and runs on past 1 MB, the most a row may hold: is its closing " missing?`},
		{"1 MB with \\r\\n", row(maxRecord-1, false)[:maxRecord-2] + "\r\n", ""},
		{"1 MB and a byte with \\r\\n", row(maxRecord, false)[:maxRecord-1] + "\r\n",
			"data/a.csv:3:1: this row is longer than 1 MB"},
		{"1 MB at the end of the file", row(maxRecord+1, false)[:maxRecord], ""},
		{"1 MB and a byte at the end of the file", row(maxRecord+2, false)[:maxRecord+1],
			"data/a.csv:3:1: this row is longer than 1 MB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			csv := head + tt.row
			for _, size := range []int{64 << 10, 1 << 20} {
				if ok := parallelReads(t, site, csv, size); ok != (tt.want == "") {
					t.Errorf("chunks of %d: the parallel load kept the data: %v", size, ok)
				}
			}
			_, err := loadChunks(t, site, csv, 1<<20)
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.want)) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

// The sample that settles which columns are numeric ends after 1,000 rows
// or 4 MB of cells, in both readers alike: here column c is empty up to
// row 41, past 4 MB, and holds numbers from row 42 on, so that both must
// take it for a dimension.
func TestSampleBytes(t *testing.T) {
	var b strings.Builder
	b.WriteString("date,region,revenue,c,notes\n")
	notes := strings.Repeat("x", 100<<10)
	for i := range 50 {
		c := ""
		if i >= 41 {
			c = "7"
		}
		b.WriteString("2026-01-01,EMEA,1," + c + "," + notes + "\n")
	}
	fsys := fstest.MapFS{"site.yaml": {Data: []byte("title: x\n")}, "data/a.csv": {Data: []byte(b.String())}}
	par, seq := loadBoth(t, fsys, 1<<20)
	if diff := compareData(par, seq); diff != "" {
		t.Fatal(diff)
	}
	if got := strings.Join(seq.Dimensions, ","); got != "region,c,notes" {
		t.Errorf("dimensions %s, want region,c,notes", got)
	}
}

// encoding/csv reports an unclosed quote where the file ends, past the
// end of the last line, and a quoted cell never closed and text after a
// closing quote as the same error (at the closing quote). The message
// names the quote that opens the cell never closed, and tells the two
// apart.
func TestQuoteMessages(t *testing.T) {
	const site = "sales:\n  dimensions: [region]\n  measures: {revenue: revenue}\n"
	const head = "date,region,revenue\n2026-01-01,EMEA,1\n"
	const never = `a quoted cell starting here is never closed`
	const fix = `; close the quote, or double every " inside the cell`
	tests := []struct {
		name, csv, want string
	}{
		{"in the last row", head + "2026-01-02,\"EMEA,1\n", "data/a.csv:3:12: " + never + fix},
		{"in the last row, no line end", head + "2026-01-02,\"EMEA,1", "data/a.csv:3:12: " + never + fix},
		{"in the last row, \\r\\n", head + "2026-01-02,\"EMEA,1\r\n", "data/a.csv:3:12: " + never + fix},
		{"in the last cell", head + "2026-01-02,EMEA,\"1\n", "data/a.csv:3:17: " + never + fix},
		{"a doubled quote inside", head + "2026-01-02,\"EM\"\"EA,1\n", "data/a.csv:3:12: " + never + fix},
		{"after a quoted cell", head + "2026-01-02,\"EMEA\",\"1\n", "data/a.csv:3:19: " + never + fix},
		{"rows below", head + "2026-01-02,\"EMEA,1\n2026-01-03,EMEA,1\n\n2026-01-04,EMEA,1\n",
			"data/a.csv:3:12: " + never + ", so everything up to line 6 was read as one cell" + fix},
		{"in the header", "date,\"region,revenue\n", "data/a.csv:1:6: " + never + fix},
		{"text after the closing quote, last row", head + "2026-01-02,\"EMEA\"x,1\n",
			`data/a.csv:3:17: a quoted cell has text after its closing "; double every " inside a quoted cell`},
		{"text after the closing quote, then a quote to the end", head + "2026-01-02,\"EMEA\"x\"y,1\n",
			`data/a.csv:3:17: a quoted cell has text after its closing "; double every " inside a quoted cell`},
		{"text after the closing quote on a cell's second line", head + "2026-01-02,\"EM\nEA\"x,1\n2026-01-03,EMEA,1\n",
			`data/a.csv:4:3: a quoted cell has text after its closing "; double every " inside a quoted cell`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadChunks(t, site, tt.csv, 1<<20)
			if err == nil || err.Error() != tt.want {
				t.Errorf("got\n%v\nwant\n%s", err, tt.want)
			}
		})
	}
}

// A UTF-16 file (Excel's "Unicode Text") is named as such, with what to
// do, rather than reported as rows with the wrong number of fields.
func TestUTF16(t *testing.T) {
	const text = "date,region,revenue\n2026-01-01,EMEA,1\n2026-01-02,Zürich,2\n"
	utf16 := func(bigEndian, bom bool) string {
		var b []byte
		if bom {
			b = append(b, 0xFF, 0xFE)
			if bigEndian {
				b[0], b[1] = 0xFE, 0xFF
			}
		}
		for _, r := range text {
			lo, hi := byte(r), byte(r>>8)
			if bigEndian {
				lo, hi = hi, lo
			}
			b = append(b, lo, hi)
		}
		return string(b)
	}
	const want = `data/a.csv:1: the file is UTF-16 text (as Excel saves "Unicode Text"), which salesdeck does not read: save it as UTF-8, in Excel as "CSV UTF-8 (Comma delimited)"`
	for _, tt := range []struct {
		name, csv, site string
	}{
		{"little-endian", utf16(false, true), ""},
		{"big-endian", utf16(true, true), ""},
		{"little-endian, no byte-order mark", utf16(false, false), ""},
		{"big-endian, no byte-order mark", utf16(true, false), ""},
		{"set as windows-1252", utf16(false, true), "  encoding: windows-1252\n"},
		{"set as windows-1252, no byte-order mark", utf16(false, false), "  encoding: windows-1252\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			site := "sales:\n  dimensions: [region]\n  measures: {revenue: revenue}\n" + tt.site
			if parallelReads(t, site, tt.csv, 1<<20) {
				t.Error("the parallel load read UTF-16")
			}
			_, err := loadChunks(t, site, tt.csv, 1<<20)
			if err == nil || err.Error() != want {
				t.Errorf("got\n%v\nwant\n%s", err, want)
			}
		})
	}
}
