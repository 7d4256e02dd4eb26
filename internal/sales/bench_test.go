package sales_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"salesdeck/internal/config"
	"salesdeck/internal/gen"
	"salesdeck/internal/sales"
)

// benchData returns the folder of a generated site (internal/gen) with
// about rows sales rows, written once into $SALESDECK_BENCH_CACHE or the
// user's cache folder and reused (10M rows take seconds to write). The
// internal/build benchmarks share the same folders.
func benchData(b *testing.B, rows int) string {
	b.Helper()
	root := os.Getenv("SALESDECK_BENCH_CACHE")
	if root == "" {
		c, err := os.UserCacheDir()
		if err != nil {
			b.Skip("no cache folder for generated sites:", err)
		}
		root = filepath.Join(c, "salesdeck-bench")
	}
	o := gen.Default()
	o.Rows = rows
	dir := filepath.Join(root, fmt.Sprintf("rows%d-plans%d-strategies%d", rows, 10, 1000))
	if err := gen.EnsureSite(dir, gen.SiteOptions{Data: o, Plans: 10, Strategies: 1000}); err != nil {
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
// same load with DuckDB and with encoding/csv (scripts/groupby).
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
