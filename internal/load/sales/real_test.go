package sales_test

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"salesdeck/internal/load/config"
	"salesdeck/internal/load/sales"
)

// realData is the folder of real public exports kept beside the
// repository (../shared/data/real from its root).
var realData = filepath.Join("..", "..", "..", "..", "shared", "data", "real")

// The published totals of two real exports, read with site.yaml
// settings alone, in their original encodings.
func TestRealExports(t *testing.T) {
	if _, err := os.Stat(realData); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the real exports are missing under CI: %v", err)
		}
		t.Skipf("no real exports here: %v", err)
	}
	tests := []struct {
		name, site string
		measure    string
		want       float64
		by         string
		byWant     map[string]float64
		others     map[string]float64 // totals of other measures
		byYear     map[int]float64    // measure by calendar year of the date
	}{
		{
			name: "superstore (Windows-1252, CRLF, M/D/YYYY)",
			site: `sales:
  files: [sample_superstore.csv]
  encoding: windows-1252
  date: Order Date
  dimensions: [Region, Category, Segment]
  measures: {sales: Sales, profit: Profit, quantity: Quantity}
`,
			measure: "sales", want: 2297200.8603,
			by: "Region", byWant: map[string]float64{"West": 725457.82, "East": 678781.24, "Central": 501239.89, "South": 391721.91},
			others: map[string]float64{"profit": 286397.0217, "quantity": 37873},
			byYear: map[int]float64{2014: 484247.50, 2015: 470532.51, 2016: 609205.60, 2017: 733215.26},
		},
		{
			name: "sales_data_sample (code page 850, M/D/YYYY H:MM)",
			site: `sales:
  files: [sales_data_sample.csv]
  encoding: ibm850
  date: ORDERDATE
  dimensions: [TERRITORY, COUNTRY, CITY]
  measures: {sales: SALES}
`,
			measure: "sales", want: 10032628.85,
			by: "TERRITORY", byWant: map[string]float64{"EMEA": 4979272.41, "NA": 3852061.39, "APAC": 746121.83, "Japan": 455173.22},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "site.yaml"), []byte(tt.site), 0o644); err != nil {
				t.Fatal(err)
			}
			fsys := overlay{site: os.DirFS(dir), data: os.DirFS(realData)}
			cfg, err := config.Load(fsys)
			if err != nil {
				t.Fatal(err)
			}
			d, err := sales.Load(fsys, cfg, sales.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := total(d, tt.measure); math.Abs(got-tt.want) > 0.005 {
				t.Errorf("total %s = %.4f, want %.4f", tt.measure, got, tt.want)
			}
			j := -1
			for i, dim := range d.Dimensions {
				if dim == tt.by {
					j = i
				}
			}
			c, nb, nd := d.Metrics.Column(tt.measure), d.Metrics.Base(), len(d.Dimensions)
			got := map[string]float64{}
			for i := range d.Day {
				got[d.Values[j][d.Keys[i*nd+j]]] += d.Sums[i*nb+c]
			}
			for v, want := range tt.byWant {
				if math.Abs(got[v]-want) > 0.01 {
					t.Errorf("%s %s = %.2f, want %.2f", tt.by, v, got[v], want)
				}
			}
			for m, want := range tt.others {
				if got := total(d, m); math.Abs(got-want) > 0.00005 {
					t.Errorf("total %s = %.4f, want %.4f", m, got, want)
				}
			}
			years := map[int]float64{}
			for i, day := range d.Day {
				y, _, _ := day.YMD()
				years[y] += d.Sums[i*nb+c]
			}
			for y, want := range tt.byYear {
				if math.Abs(years[y]-want) > 0.01 {
					t.Errorf("%s in %d = %.2f, want %.2f", tt.measure, y, years[y], want)
				}
			}
		})
	}
}

// The Superstore export's orders, as the distinct values of its Order ID
// column over its order lines: 5,009 over all years, however the daily
// cells are grouped, and counted once however many cells an order's lines
// fall in.
func TestRealExportDistinctOrders(t *testing.T) {
	if _, err := os.Stat(realData); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the real exports are missing under CI: %v", err)
		}
		t.Skipf("no real exports here: %v", err)
	}
	dir := t.TempDir()
	site := `sales:
  files: [sample_superstore.csv]
  encoding: windows-1252
  date: Order Date
  dimensions: [Region, Category, Segment, Customer ID]
  measures: {sales: Sales}
metrics:
  sales: {sum: sales, format: money}
  lines: {count: rows}
  orders: {count_distinct: Order ID}
`
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), []byte(site), 0o644); err != nil {
		t.Fatal(err)
	}
	fsys := overlay{site: os.DirFS(dir), data: os.DirFS(realData)}
	cfg, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	for _, need := range []*sales.Need{nil, {Keys: []string{"Region"}}} {
		d, err := sales.Load(fsys, cfg, sales.Options{Need: need})
		if err != nil {
			t.Fatal(err)
		}
		orders := map[uint32]bool{}
		inCells := 0
		for g := range d.Sets[0].Len() {
			for _, id := range d.Sets[0].Of(g) {
				orders[id] = true
				inCells++
			}
		}
		if len(orders) != 5009 || d.DistinctValues[0] != 5009 {
			t.Errorf("grouped by %v: %d orders (%d distinct values), want 5,009", d.Grouped, len(orders), d.DistinctValues[0])
		}
		if total(d, "lines") != 9994 {
			t.Errorf("grouped by %v: %v lines, want 9,994", d.Grouped, total(d, "lines"))
		}
		// By Region alone an order's lines are in one cell (one day,
		// one region); by Category too, many are in several.
		if need == nil && inCells <= 5009 {
			t.Errorf("grouped by every dimension, the orders are in %d cells: an order's lines should fall in several", inCells)
		}
	}
}
