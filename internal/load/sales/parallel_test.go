package sales

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/text/encoding/charmap"

	"salesdeck/internal/load/config"
	"salesdeck/internal/support/diag"
)

// loadBoth reads the site in fsys in parallel, with chunks of size bytes,
// and with encoding/csv, one row after the other.
func loadBoth(t *testing.T, fsys fs.FS, size int) (par, seq *Data) {
	t.Helper()
	cfg, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var errs diag.List
	files := expand(fsys, cfg, &errs)
	if errs.Len() > 0 {
		t.Fatal(errs.Err())
	}
	var total int64 // as Load gives it, for the site table's estimate of its cells
	for _, f := range files {
		if st, err := fs.Stat(fsys, f); err == nil {
			total += st.Size()
		}
	}
	defer func(old int) { chunkSize = old }(chunkSize)
	chunkSize = size
	par, ok := loadParallel(fsys, newLoader(fsys, cfg, Options{}, files, total), files)
	if !ok {
		t.Fatalf("chunks of %d bytes: the parallel load gave up on valid data", size)
	}
	seq, err = loadSequential(newLoader(fsys, cfg, Options{}, files, 0))
	if err != nil {
		t.Fatal(err)
	}
	return par, seq
}

// TestParallelSameCells reads tricky CSV in chunks of every size from a
// few bytes up, so that chunk boundaries fall everywhere: inside quoted
// cells holding line ends and doubled quotes, between \r and \n, inside a
// byte-order mark and a multi-byte character. Every chunking must give the
// cells, values, row count and warnings of encoding/csv. Figures are
// integers and halves, whose float64 sums are exact in any order.
func TestParallelSameCells(t *testing.T) {
	const site = "sales:\n  dimensions: [region, product]\n  measures: {revenue: revenue, units: units}\n"
	sites := map[string]fstest.MapFS{
		"quotes and line ends": {
			"site.yaml": {Data: []byte(site)},
			"data/a.csv": {Data: []byte("\ufeffdate,region,product,revenue,units\r\n" +
				"2026-01-02,EMEA,\"Widget\r\nXL\",10.5,1\r\n" +
				"2026-01-02,\"EMEA\",\"Say \"\"hi\"\"\",\"2\",3\r\n" +
				"\r\n" +
				"2026-01-03, APAC ,\"multi\nline\n\nvalue\",1,\r\n" +
				",,,,\r\n" +
				"2026-01-03,\"\",Widget,-4,2\r\n" +
				"2026-01-02,EMEA,\"Widget\r\nXL\",0.5,\"\"\r\n" +
				"2026-01-04,Zürich,\"\"\"\",\"1\",1\r"),
			},
		},
		"files, LF, no final line end": {
			"site.yaml":  {Data: []byte(site)},
			"data/a.csv": {Data: []byte("date,region,product,revenue,units\n2026-02-01,NA,\"a,b\",1,1\n\n\n2026-02-01,NA,\"a,b\",2,2\n2026-02-02,NA,c,3,3")},
			"data/b.csv": {Data: []byte("date,region,product,revenue,units\n2026-02-01,LATAM,c,1.5,1\n2026-02-01,NA,c,,1\n")},
			"data/c.csv": {Data: []byte("date,region,product,revenue,units\n")},
		},
		"windows-1252, semicolons, decimal comma": {
			"site.yaml": {Data: []byte("sales:\n  encoding: windows-1252\n  delimiter: \";\"\n  decimal: \",\"\n  date_format: \"1/2/2006\"\n  dimensions: [region, product]\n  measures: {revenue: revenue, units: units}\n")},
			"data/a.csv": {Data: win1252(t, "date;region;product;revenue;units\r\n"+
				"1/31/2026;Zürich;\"Käse;\r\nfein\";\"1.234,50\";1\r\n"+
				"1/31/2026;Zürich;Brot;-0,5;2\r\n"+
				"2/1/2026;\"Zürich\";Brot;;2\r\n")},
		},
		"defaults: measures by sample": {
			"site.yaml":  {Data: []byte("title: x\n")},
			"data/a.csv": {Data: []byte("Order Date,Region,Sales,Units\n" + strings.Repeat("1/2/2026,EMEA,\"1,000.50\",2\n1/3/2026,\"N\nA\",7,1\n", 600))},
		},
	}
	for name, fsys := range sites {
		t.Run(name, func(t *testing.T) {
			var want *Data
			for _, size := range []int{1, 2, 3, 5, 7, 11, 16, 23, 64, 100, 1 << 20} {
				par, seq := loadBoth(t, fsys, size)
				if want == nil {
					want = seq
					if seq.RowsRead == 0 {
						t.Fatal("no rows read")
					}
				}
				if diff := compareData(par, want); diff != "" {
					t.Fatalf("chunks of %d bytes: %s", size, diff)
				}
			}
		})
	}
}

// TestParallelDayOrder reads rows in date order, in reverse and shuffled,
// with hundreds of cells a day, in chunks of many sizes: the tables find
// cells by their combo alone while the days come in order and switch to
// hash tables per day when a day comes back, within a chunk and across
// chunks; every way must give the cells of encoding/csv.
func TestParallelDayOrder(t *testing.T) {
	const site = "sales:\n  dimensions: [region, product, channel]\n  measures: {revenue: revenue, units: units}\n"
	var rows []string
	for day := 1; day <= 12; day++ {
		for i := range 700 {
			// Many combos a day, some more than once, the figures integers
			// and halves so that any order of addition gives the same sums.
			k := (i*7919 + day) % 400
			rows = append(rows, fmt.Sprintf("2026-03-%02d,R%d, P%d ,C%d,%d.5,%d", day, k%9, k/9%20, k/180, i%50-20, i%7))
		}
	}
	reversed := slices.Clone(rows)
	slices.Reverse(reversed)
	shuffled := slices.Clone(rows)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	mostly := slices.Clone(rows) // in order but for a few rows of earlier days
	for i := 1000; i < len(mostly); i += 1500 {
		mostly[i], mostly[i-900] = mostly[i-900], mostly[i]
	}
	for name, rows := range map[string][]string{"in order": rows, "reversed": reversed, "shuffled": shuffled, "mostly in order": mostly} {
		t.Run(name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"site.yaml":  {Data: []byte(site)},
				"data/a.csv": {Data: []byte("date,region,product,channel,revenue,units\n" + strings.Join(rows[:len(rows)/2], "\n") + "\n")},
				"data/b.csv": {Data: []byte("date,region,product,channel,revenue,units\n" + strings.Join(rows[len(rows)/2:], "\n") + "\n")},
			}
			var want *Data
			for _, size := range []int{64, 1000, 4096, 30000, 1 << 20} {
				par, seq := loadBoth(t, fsys, size)
				if want == nil {
					want = seq
				}
				if diff := compareData(par, want); diff != "" {
					t.Fatalf("chunks of %d bytes: %s", size, diff)
				}
				// The cells put in order by three goroutines.
				func() {
					defer func(old, procs int) { parallelSort = old; runtime.GOMAXPROCS(procs) }(parallelSort, runtime.GOMAXPROCS(3))
					parallelSort = 0
					par, _ = loadBoth(t, fsys, size)
				}()
				if diff := compareData(par, want); diff != "" {
					t.Fatalf("chunks of %d bytes, sorted on three cores: %s", size, diff)
				}
			}
		})
	}
}

func compareData(got, want *Data) string {
	for _, f := range []struct {
		name      string
		got, want any
	}{
		{"dimensions", got.Dimensions, want.Dimensions},
		{"measures", got.Measures, want.Measures},
		{"values", got.Values, want.Values},
		{"files", got.Files, want.Files},
		{"rows read", got.RowsRead, want.RowsRead},
		{"first", got.First, want.First},
		{"last", got.Last, want.Last},
		{"days", got.Day, want.Day},
		{"keys", got.Keys, want.Keys},
		{"rows", got.Rows, want.Rows},
		{"sums", got.Sums, want.Sums},
		{"combos", got.Combos, want.Combos},
		{"combo", got.Combo, want.Combo},
		{"warnings", fmt.Sprint(got.Warnings), fmt.Sprint(want.Warnings)},
	} {
		if !reflect.DeepEqual(f.got, f.want) {
			return fmt.Sprintf("%s differ:\n got %v\nwant %v", f.name, f.got, f.want)
		}
	}
	return ""
}

func win1252(t *testing.T, s string) []byte {
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestParallelGivesUp checks that the parallel load leaves every problem to
// encoding/csv, whatever the chunk size, including a stray quote that makes
// every later chunk boundary fall inside what looks like a quoted cell.
func TestParallelGivesUp(t *testing.T) {
	const site = "sales:\n  dimensions: [region]\n  measures: {revenue: revenue}\n"
	bad := []string{
		"date,region,revenue\n2026-01-01,24\" screen,1\n2026-01-02,EMEA,1\n2026-01-03,EMEA,1\n",
		"date,region,revenue\n2026-01-01,\"EMEA\"x,1\n2026-01-02,EMEA,1\n",
		"date,region,revenue\n2026-01-01,\"EMEA,1\n2026-01-02,EMEA,1\n",
		"date,region,revenue\n2026-01-01,EMEA\n2026-01-02,EMEA,1\n",
		"date,region,revenue\n2026-01-01,EMEA,1,2\n",
		"date,region,revenue\n2026-01-01,EMEA,12x\n",
		"date,region,revenue\n2026-01-01,EMEA,1\n1/2/2026,EMEA,1\n",
		"date,region,revenue\n2026-01-01,Z\xfcrich,1\n",
		"date,region,revenue\n",
		"",
	}
	for _, csv := range bad {
		fsys := fstest.MapFS{"site.yaml": {Data: []byte(site)}, "data/a.csv": {Data: []byte(csv)}}
		cfg, err := config.Load(fsys)
		if err != nil {
			t.Fatal(err)
		}
		for _, size := range []int{1, 4, 9, 1 << 20} {
			func() {
				defer func(old int) { chunkSize = old }(chunkSize)
				chunkSize = size
				files := []string{"data/a.csv"}
				if _, ok := loadParallel(fsys, newLoader(fsys, cfg, Options{}, files, 0), files); ok {
					t.Errorf("chunks of %d bytes: parallel load accepted %q", size, csv)
				}
			}()
		}
	}
}

// FuzzParallelLoad makes valid CSV from arbitrary bytes (days in any
// order, quoted cells with line ends and doubled quotes, padded values,
// blank lines, several files) and reads it in chunks of any size: the
// parallel load must give the cells of encoding/csv. Figures are integers
// and halves, whose sums are exact in any order.
func FuzzParallelLoad(f *testing.F) {
	f.Add([]byte("\x01\x02\x03\x04\x05\x06\xff\x07\x08"), uint16(40))
	f.Add([]byte("\x1c\x00\x80\x01\x00\x81\x1c\x04\x82\x02\x09\x83\xfb\x00\x00\x01\x0e\x10"), uint16(0))
	f.Add([]byte(strings.Repeat("\x10\x21\x32\x0f\x43\x54\x0e\x65\x76", 40)), uint16(977))
	regions := []string{"EMEA", " APAC ", `"Say ""hi"""`, "\"multi\nline\r\nvalue\"", `""`, "Zürich"}
	f.Fuzz(func(t *testing.T, data []byte, size uint16) {
		files := []strings.Builder{{}, {}}
		for i := range files {
			files[i].WriteString("date,region,product,revenue,units\n")
		}
		rows := 0
		for i := 0; i+2 < len(data); i += 3 {
			b0, b1, b2 := data[i], data[i+1], data[i+2]
			w := &files[int(b1>>7)]
			if b0 >= 250 {
				w.WriteString("\n")
				continue
			}
			rows++
			half := ""
			if b2&1 == 1 {
				half = ".5"
			}
			fmt.Fprintf(w, "2026-03-%02d,%s,P%d,%d%s,%d\n", b0%28+1, regions[int(b1)%len(regions)], b1/6%7, int(b2)-128, half, b2%5)
		}
		if rows == 0 {
			return // no data rows is an error, which the row-by-row read reports
		}
		fsys := fstest.MapFS{
			"site.yaml":  {Data: []byte("sales:\n  dimensions: [region, product]\n  measures: {revenue: revenue, units: units}\n")},
			"data/a.csv": {Data: []byte(files[0].String())},
			"data/b.csv": {Data: []byte(files[1].String())},
		}
		par, seq := loadBoth(t, fsys, 16+int(size)%5000)
		if diff := compareData(par, seq); diff != "" {
			t.Fatal(diff)
		}
	})
}
