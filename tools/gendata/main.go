// Command gendata writes synthetic sales data: the example site's, or
// larger exports of other shapes for benchmarks (see package
// salesdeck/tools/gen).
//
// Usage:
//
//	go run ./tools/gendata [-shape tidy|wide|customers] [-out FILE] [-seed N] [-from DATE] [-to DATE] [-scale X | -rows N]
//	go run ./tools/gendata -site DIR [-plans N] [-strategies N] [data flags]
//
// With no flags it rewrites data/sales.csv of the example site exactly as
// committed. -out - writes to standard output. -scale multiplies the order
// rate; -rows asks for about N rows instead (for benchmarks, e.g.
// -rows 1000000 -out /tmp/big/data/sales.csv).
//
// -shape says what kind of export to make. tidy, the default, is the
// example site's order book, about 2,000 combinations of dimension values
// however many rows. wide is a CRM export where nearly every row is a
// combination of its own (region, country, category, product, channel,
// rep: 8, 40, 12, 200, 4 and 300 values), about a million rows from
// 2022-01-01 to 2024-12-31 by default; customers adds a customer column
// of 50,000 values. The wide shapes have seed, dates and size of their
// own unless -seed, -from, -to, -scale or -rows say otherwise, and want
// -out or -site, so that the example's data stays as it is.
//
// -site writes a whole site for benchmarks into DIR instead: site.yaml,
// content/index.md, -plans plan files holding -strategies strategies in
// all (three targets each) and data/sales.csv, e.g.
//
//	-site /tmp/big -rows 1000000 -plans 10 -strategies 1000
//	-site /tmp/wide -shape wide -rows 1000000 -plans 10 -strategies 1000
//	-site /tmp/customers -shape customers -rows 10000000 -plans 10 -strategies 1000
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"salesdeck/internal/support/civil"
	"salesdeck/tools/gen"
)

func main() {
	def := gen.Default()
	out := flag.String("out", "data/sales.csv", "output `file`; - for standard output")
	seed := flag.Uint64("seed", def.Seed, "random seed (default of the wide shapes: 1)")
	from := flag.String("from", def.Start.String(), "first `date` (YYYY-MM-DD; default of the wide shapes: 2022-01-01)")
	to := flag.String("to", def.End.String(), "last `date` (YYYY-MM-DD; default of the wide shapes: 2024-12-31)")
	scale := flag.Float64("scale", 1, "order rate multiplier")
	rows := flag.Int("rows", 0, "about `N` rows (overrides -scale)")
	shape := flag.String("shape", "tidy", "the kind of export: tidy, wide, customers or orders")
	site := flag.String("site", "", "write a whole site into `DIR` (site.yaml, plans, data)")
	plans := flag.Int("plans", 10, "with -site: number of plan files")
	strategies := flag.Int("strategies", 1000, "with -site: number of strategies in all")
	flag.Parse()
	if flag.NArg() > 0 {
		usage("unexpected argument %q", flag.Arg(0))
	}
	sh, err := gen.ParseShape(*shape)
	if err != nil {
		usage("-shape: %v", err)
	}
	set := map[string]bool{}
	flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if sh != gen.Tidy && !set["out"] && *site == "" {
		usage("-shape %s needs -out FILE or -site DIR: %s is the example site's data", sh, *out)
	}
	o := gen.Defaults(sh)
	o.Scale, o.Rows = *scale, *rows
	if set["seed"] {
		o.Seed = *seed
	}
	if set["from"] {
		if o.Start, err = civil.Parse(*from); err != nil {
			usage("-from: %v", err)
		}
	}
	if set["to"] {
		if o.End, err = civil.Parse(*to); err != nil {
			usage("-to: %v", err)
		}
	}
	if *site != "" {
		err := gen.WriteSite(*site, gen.SiteOptions{Data: o, Plans: *plans, Strategies: *strategies})
		if err != nil {
			fmt.Fprintf(os.Stderr, "gendata: %v\n", err)
			os.Exit(1)
		}
		fmt.Fprintf(os.Stderr, "gendata: %s site with %d plans, %d strategies written to %s\n", sh, *plans, *strategies, *site)
		return
	}
	n, err := write(*out, o)
	if err != nil {
		fmt.Fprintf(os.Stderr, "gendata: %v\n", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "gendata: %d rows written to %s\n", n, *out)
}

// write generates into path, replacing it only once the whole file is
// written.
func write(path string, o gen.Options) (int, error) {
	if path == "-" {
		return gen.Write(os.Stdout, o)
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".gendata-*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(f.Name())
	n, err := gen.Write(f, o)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	return n, err
}

func usage(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "gendata: "+format+"\n", args...)
	flag.Usage()
	os.Exit(2)
}
