package analysis_test

import (
	"fmt"
	"os"
	"testing"

	"salesdeck/internal/analysis"
	"salesdeck/internal/load/config"
	"salesdeck/internal/load/plan"
	"salesdeck/internal/load/sales"
	"salesdeck/tools/gen"
)

// BenchmarkRun evaluates 10, 1,000 and 10,000 strategies against the same
// 1M rows of a generated site (tools/gen), written once into
// $SALESDECK_BENCH_CACHE or the user's cache folder and shared with the
// other packages' benchmarks. Loading is not timed.
func BenchmarkRun(b *testing.B) {
	const rows = 1_000_000
	var data *sales.Data
	for _, n := range []int{10, 1000, 10_000} {
		b.Run(fmt.Sprintf("rows=1M/strategies=%d", n), func(b *testing.B) {
			dir, err := gen.BenchSite(rows, n)
			if err != nil {
				b.Fatal(err)
			}
			fsys := os.DirFS(dir)
			cfg, err := config.Load(fsys)
			if err != nil {
				b.Fatal(err)
			}
			ps, err := plan.LoadAll(fsys, cfg.FiscalYearStart)
			if err != nil {
				b.Fatal(err)
			}
			if data == nil {
				// Every size has the same data: load it once.
				if data, err = sales.Load(fsys, cfg, sales.Options{}); err != nil {
					b.Fatal(err)
				}
			}
			for b.Loop() {
				if _, _, err := analysis.Run(cfg, ps, data, nil, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
