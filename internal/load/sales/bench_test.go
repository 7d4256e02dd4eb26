package sales_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"salesdeck/internal/load/config"
	"salesdeck/internal/load/sales"
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
