package sales_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"salesdeck/internal/load/config"
	"salesdeck/internal/load/sales"
	"salesdeck/internal/support/civil"
	"salesdeck/tools/gen"
)

// benchData returns the folder of a generated site with about rows sales
// rows (gen.BenchSite), shared with the other packages' benchmarks.
func benchData(b *testing.B, rows int) string {
	b.Helper()
	dir, err := gen.BenchSite(rows, 1000)
	if err != nil {
		b.Fatal(err)
	}
	return dir
}

var benchRows = []int{100_000, 1_000_000, 10_000_000}

func rowsName(n int) string {
	if n >= 1_000_000 {
		return fmt.Sprintf("rows=%dM", n/1_000_000)
	}
	return fmt.Sprintf("rows=%dk", n/1000)
}

// BenchmarkLoad reads and aggregates the sales data of a generated site
// (sales.Load: the whole ingestion stage). scripts/bench.sh compares the
// same load with DuckDB and with encoding/csv (tools/groupby).
func BenchmarkLoad(b *testing.B) {
	for _, rows := range benchRows {
		b.Run(rowsName(rows), func(b *testing.B) {
			dir := benchData(b, rows)
			fsys := os.DirFS(dir)
			cfg, err := config.Load(fsys)
			if err != nil {
				b.Fatal(err)
			}
			st, _ := os.Stat(filepath.Join(dir, "data", "sales.csv"))
			b.SetBytes(st.Size())
			for b.Loop() {
				if _, err := sales.Load(fsys, cfg, sales.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRegroup groups the rows a load of the customers site kept
// (Options.Keep) by a key more, as serve does when a scope names a
// dimension no scope named: product, each of one category scopes name,
// and rep, whose values cross every other key; by every value of the
// key, and by the one value a scope names (Need.Named), as serve does.
func BenchmarkRegroup(b *testing.B) {
	dir, err := gen.BenchSiteShape(1_000_000, 1000, gen.Customers)
	if err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	cfg, err := config.Load(fsys)
	if err != nil {
		b.Fatal(err)
	}
	var cuts []civil.Date
	for m := civil.New(2022, 1, 1); m <= civil.New(2025, 1, 1); m = m.MonthEnd() + 1 {
		cuts = append(cuts, m)
	}
	need := func(keys ...string) *sales.Need {
		return &sales.Need{Keys: append([]string{"region", "category", "channel"}, keys...), Segments: quarters(cuts),
			Columns: []string{"revenue"}, Cuts: func(civil.Date) []civil.Date { return cuts }}
	}
	d, err := sales.Load(fsys, cfg, sales.Options{Need: need(), Keep: 1 << 30})
	if err != nil {
		b.Fatal(err)
	}
	for _, key := range []string{"product", "rep"} {
		for _, named := range []bool{false, true} {
			n := need(key)
			name := "key=" + key
			if named {
				j := slices.Index(d.Dimensions, key)
				n.Named = map[string][]string{key: {d.Values[j][0]}}
				name += "/named=1"
			}
			b.Run(name, func(b *testing.B) {
				var out *sales.Data
				for b.Loop() {
					var ok bool
					if out, ok = d.Regroup(n); !ok {
						b.Fatal("no rows kept")
					}
				}
				b.ReportMetric(float64(len(out.Combos)/len(out.Grouped)), "combos")
				b.ReportMetric(float64(len(out.Day)), "cells")
			})
		}
	}
}

// quarters are every third of days.
func quarters(days []civil.Date) []civil.Date {
	var out []civil.Date
	for i := 0; i < len(days); i += 3 {
		out = append(out, days[i])
	}
	return out
}
