package build

import (
	"encoding/csv"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"salesdeck/internal/analysis"
	"salesdeck/internal/load/sales"
	"salesdeck/internal/output"
	"salesdeck/internal/render"
	"salesdeck/tools/gen"
)

// The benchmarks build generated sites (tools/gen) of growing size.
// Sites are written once into a cache folder, $SALESDECK_BENCH_CACHE or
// the user's cache folder, and reused: a 10M-row site takes seconds to
// write. BENCHMARKS.md has the results and how to reproduce them.

// benchSite returns the folder of a generated site with about rows sales
// rows and strategies strategies in ten plans.
func benchSite(b *testing.B, rows, strategies int) string {
	return benchShape(b, rows, strategies, gen.Tidy)
}

// benchShape is benchSite with data of any shape: gen.Wide is a CRM
// export of nearly one combination of dimension values a row,
// gen.Customers the same with 50,000 customers.
func benchShape(b *testing.B, rows, strategies int, shape gen.Shape) string {
	b.Helper()
	dir, err := gen.BenchSiteShape(rows, strategies, shape)
	if err != nil {
		b.Fatal(err)
	}
	return dir
}

func name(rows, strategies int) string {
	return fmt.Sprintf("rows=%s/strategies=%d", short(rows), strategies)
}

func short(n int) string {
	switch {
	case n >= 1_000_000 && n%1_000_000 == 0:
		return fmt.Sprintf("%dM", n/1_000_000)
	case n >= 1000 && n%1000 == 0:
		return fmt.Sprintf("%dk", n/1000)
	}
	return fmt.Sprint(n)
}

var sizes = []struct{ rows, strategies int }{
	{100_000, 1000}, {1_000_000, 10}, {1_000_000, 1000}, {1_000_000, 10_000},
}

// BenchmarkBuild is the whole of `salesdeck build`: load, analyse, render
// and write the site.
func BenchmarkBuild(b *testing.B) {
	for _, sz := range sizes {
		b.Run(name(sz.rows, sz.strategies), func(b *testing.B) {
			src := benchSite(b, sz.rows, sz.strategies)
			out := filepath.Join(b.TempDir(), "public")
			for b.Loop() {
				if _, err := Build(Options{Src: src, Out: out}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRebuild is `salesdeck serve` rebuilding after a one-line edit
// of a plan: the files are served from memory (Files), not written, and
// the Cache keeps the sales data and what the edit did not touch. Raising
// a target changes one plan's strategies; renaming a plan changes the
// menu of every page, so every page is rendered again. A scope that
// names other values of a dimension scopes already name keeps the sales
// groups; one that names a new dimension needs other groups
// (analysis.Need), so the rows the Cache keeps are grouped again
// (sales.Data.Regroup); the other plans' strategies keep their results,
// since their figures are the exact sums however the rows are grouped.
func BenchmarkRebuild(b *testing.B) {
	// A scope on a new dimension names a value the data has (that of
	// the first row), as a user would: the regroup then tells it apart
	// from the others (sales.Need.Named).
	var first map[string]string
	edits := []struct {
		name     string
		regroups bool
		edit     func(plan string, i int) string
	}{
		{"target", false, func(plan string, i int) string {
			return strings.Replace(plan, "\n      revenue: ", fmt.Sprintf("\n      revenue: 1%d", i), 1)
		}},
		{"title", false, func(plan string, i int) string {
			return strings.Replace(plan, "\ntitle: ", fmt.Sprintf("\ntitle: Edit %d of ", i), 1)
		}},
		{"scope", false, func(plan string, i int) string {
			return planScope(plan, func(region string) string { return fmt.Sprintf("{region: [%s, X%d]}", region, i) })
		}},
		{"scope-new-dimension", true, func(plan string, i int) string {
			// product, then rep, then product: neither set of keys
			// covers the other, so every edit groups the rows again.
			dim := []string{"product", "rep"}[i%2]
			return planScope(plan, func(region string) string { return fmt.Sprintf("{region: %s, %s: [%q]}", region, dim, first[dim]) })
		}},
		{"strategy-scope-new-dimension", true, func(plan string, i int) string {
			// The edit: one strategy's scope names a dimension
			// no scope named, the plan's last with a scope, so that no
			// other strategy moves down the file.
			dim := []string{"product", "rep"}[i%2]
			at := strings.LastIndex(plan, "\n    scope:\n") + len("\n    scope:\n")
			return plan[:at] + fmt.Sprintf("      %s: [%q]\n", dim, first[dim]) + plan[at:]
		}},
	}
	sites := []struct {
		rows, strategies int
		shape            gen.Shape
	}{
		{1_000_000, 10, gen.Tidy}, {1_000_000, 1000, gen.Tidy}, {1_000_000, 1000, gen.Wide}, {1_000_000, 1000, gen.Customers},
	}
	for _, sz := range sites {
		for _, e := range edits {
			if e.regroups && sz.shape == gen.Tidy {
				continue // the tidy sites' scopes name every dimension already
			}
			b.Run(fmt.Sprintf("shape=%s/%s/edit=%s", sz.shape, name(sz.rows, sz.strategies), e.name), func(b *testing.B) {
				src := editableCopy(b, benchShape(b, sz.rows, sz.strategies, sz.shape))
				first = firstRow(b, src)
				opt := Options{Src: src, Cache: &Cache{}}
				if _, _, err := Files(opt); err != nil {
					b.Fatal(err)
				}
				planFile := filepath.Join(src, "content", "plans", "plan-01.yaml")
				orig, err := os.ReadFile(planFile)
				if err != nil {
					b.Fatal(err)
				}
				i := 0
				for b.Loop() {
					i++
					edited := e.edit(string(orig), i)
					if edited == string(orig) {
						b.Fatal("the edit changed nothing")
					}
					if err := os.WriteFile(planFile, []byte(edited), 0o644); err != nil {
						b.Fatal(err)
					}
					if _, _, err := Files(opt); err != nil {
						b.Fatal(err)
					}
				}
				if n := opt.Cache.Reads(); n != 1 {
					b.Fatalf("the sales data was read %d times", n)
				}
				if n := opt.Cache.Regroups(); !e.regroups && n != 0 || e.regroups && n != i {
					b.Fatalf("the rows were grouped again %d times in %d edits", n, i)
				}
			})
		}
	}
}

// firstRow is the first row of a generated site's data, by column.
func firstRow(b *testing.B, src string) map[string]string {
	files, err := filepath.Glob(filepath.Join(src, "data", "*.csv"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no data in %s: %v", src, err)
	}
	f, err := os.Open(files[0])
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	rd := csv.NewReader(f)
	head, err := rd.Read()
	if err != nil {
		b.Fatal(err)
	}
	row, err := rd.Read()
	if err != nil {
		b.Fatal(err)
	}
	out := map[string]string{}
	for i, h := range head {
		out[h] = row[i]
	}
	return out
}

// planScope rewrites the plan-level scope line of a generated plan,
// "scope: {region: VALUE}", as with(VALUE).
func planScope(plan string, with func(region string) string) string {
	const prefix = "\nscope: {region: "
	i := strings.Index(plan, prefix)
	if i < 0 {
		return plan
	}
	j := i + strings.Index(plan[i:], "}\n")
	return plan[:i] + "\nscope: " + with(plan[i+len(prefix):j]) + plan[j+1:]
}

// editableCopy returns a copy of the site in src whose plans and settings
// can be edited; the sales data is linked, not copied, where it can be.
func editableCopy(b *testing.B, src string) string {
	dst := b.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		switch {
		case rel == "public":
			return filepath.SkipDir
		case d.IsDir():
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		case filepath.Dir(rel) == "data":
			// A hard link, not a symbolic one: a site reads no link that
			// leads outside it (internal/load/sitefs).
			if err := os.Link(p, filepath.Join(dst, rel)); err == nil {
				return nil
			}
		}
		body, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), body, 0o644)
	})
	if err != nil {
		b.Fatal(err)
	}
	return dst
}

// BenchmarkRender renders the pages and exports of analysed results.
func BenchmarkRender(b *testing.B) {
	for _, sz := range sizes[1:] {
		b.Run(name(sz.rows, sz.strategies), func(b *testing.B) {
			src := benchSite(b, sz.rows, sz.strategies)
			l, err := Load(os.DirFS(src), Options{})
			if err != nil {
				b.Fatal(err)
			}
			res, _, err := analysis.Run(l.Config, l.Plans, l.Data, l.Asks, nil)
			if err != nil {
				b.Fatal(err)
			}
			in := render.Input{Site: l.Config, Result: res}
			for b.Loop() {
				if _, err := render.Render(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkWrite writes a rendered site to disk (the output stage).
func BenchmarkWrite(b *testing.B) {
	for _, sz := range sizes[1:3] {
		b.Run(name(sz.rows, sz.strategies), func(b *testing.B) {
			src := benchSite(b, sz.rows, sz.strategies)
			files, _, err := Files(Options{Src: src})
			if err != nil {
				b.Fatal(err)
			}
			out := filepath.Join(b.TempDir(), "public")
			for b.Loop() {
				if err := output.Write(out, files); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDistinct measures count_distinct on 1M order lines of the
// Orders shape, 1,000 strategies ranking their breakdowns by orders: with
// orders counted as distinct order ids, and the same site with orders
// counted as rows (count: rows), whose load never looks at the order ids.
// load is sales.Load as the plans need (its groups' size reported as
// groups-MB), run the analysis alone, build the whole of Files.
func BenchmarkDistinct(b *testing.B) {
	src := benchShape(b, 1_000_000, 1000, gen.Orders)
	rows := editableCopy(b, src)
	site, err := os.ReadFile(filepath.Join(src, "site.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	counted := strings.Replace(string(site), "{count_distinct: order_id, format: number}", "{count: rows, format: number}", 1)
	if counted == string(site) {
		b.Fatal("the generated site has no count_distinct metric")
	}
	if err := os.WriteFile(filepath.Join(rows, "site.yaml"), []byte(counted), 0o644); err != nil {
		b.Fatal(err)
	}
	for _, s := range []struct{ name, dir string }{{"count_distinct", src}, {"count_rows", rows}} {
		l, err := Load(os.DirFS(s.dir), Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(s.name+"/load", func(b *testing.B) {
			need := analysis.Need(l.Config, l.Plans, l.Asks)
			for b.Loop() {
				d, err := sales.Load(os.DirFS(s.dir), l.Config, sales.Options{Need: need})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(d.Bytes())/1e6, "groups-MB")
			}
		})
		b.Run(s.name+"/analysis", func(b *testing.B) {
			for b.Loop() {
				if _, _, err := analysis.Run(l.Config, l.Plans, l.Data, l.Asks, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(s.name+"/build", func(b *testing.B) {
			for b.Loop() {
				if _, _, err := Files(Options{Src: s.dir}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
