// Command gendata writes the synthetic sales data of the example site (see
// package salesdeck/internal/gen).
//
// Usage:
//
//	go run ./cmd/gendata [-out FILE] [-seed N] [-from DATE] [-to DATE] [-scale X | -rows N]
//	go run ./cmd/gendata -site DIR [-plans N] [-strategies N] [data flags]
//
// With no flags it rewrites data/sales.csv of the example site exactly as
// committed. -out - writes to standard output. -scale multiplies the order
// rate; -rows asks for about N rows instead (for benchmarks, e.g.
// -rows 1000000 -out /tmp/big/data/sales.csv).
//
// -site writes a whole site for benchmarks into DIR instead: site.yaml,
// content/index.md, -plans plan files holding -strategies strategies in
// all (three targets each) and data/sales.csv, e.g.
// -site /tmp/big -rows 1000000 -plans 10 -strategies 1000.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"salesdeck/internal/civil"
	"salesdeck/internal/gen"
)

func main() {
	def := gen.Default()
	out := flag.String("out", "data/sales.csv", "output `file`; - for standard output")
	seed := flag.Uint64("seed", def.Seed, "random seed")
	from := flag.String("from", def.Start.String(), "first `date` (YYYY-MM-DD)")
	to := flag.String("to", def.End.String(), "last `date` (YYYY-MM-DD)")
	scale := flag.Float64("scale", 1, "order rate multiplier")
	rows := flag.Int("rows", 0, "about `N` rows (overrides -scale)")
	site := flag.String("site", "", "write a whole site into `DIR` (site.yaml, plans, data)")
	plans := flag.Int("plans", 10, "with -site: number of plan files")
	strategies := flag.Int("strategies", 1000, "with -site: number of strategies in all")
	flag.Parse()
	if flag.NArg() > 0 {
		usage("unexpected argument %q", flag.Arg(0))
	}
	o := gen.Options{Seed: *seed, Scale: *scale, Rows: *rows}
	var err error
	if o.Start, err = civil.Parse(*from); err != nil {
		usage("-from: %v", err)
	}
	if o.End, err = civil.Parse(*to); err != nil {
		usage("-to: %v", err)
	}
	if *site != "" {
		err := gen.WriteSite(*site, gen.SiteOptions{Data: o, Plans: *plans, Strategies: *strategies})
		if err != nil {
			fmt.Fprintf(os.Stderr, "gendata: %v\n", err)
			os.Exit(1)
		}
		fmt.Fprintf(os.Stderr, "gendata: site with %d plans, %d strategies written to %s\n", *plans, *strategies, *site)
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
