// Command groupby aggregates a generated sales file (tools/gen) the way
// salesdeck's cells do, with one of two engines, and prints how long the
// aggregation took in milliseconds (process start-up and the Go runtime's
// not included), for scripts/bench.sh:
//
//	go run ./tools/groupby -engine salesdeck -src SITE   sales.Load of the site (parallel)
//	go run ./tools/groupby -engine csv -file FILE        encoding/csv and a Go map, one core
//
// The csv engine groups by day and the seven dimensions and sums revenue,
// revenue - cost, units and rows: the cells of the generated site.
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"salesdeck/internal/load/config"
	"salesdeck/internal/load/sales"
)

func main() {
	engine := flag.String("engine", "salesdeck", "salesdeck or csv")
	src := flag.String("src", ".", "the site (engine salesdeck)")
	file := flag.String("file", "", "the CSV file (engine csv)")
	flag.Parse()
	start := time.Now()
	var groups int
	var err error
	switch *engine {
	case "salesdeck":
		groups, err = loadSite(*src)
	case "csv":
		groups, err = aggregateCSV(*file)
	default:
		err = fmt.Errorf("unknown engine %q", *engine)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "groupby:", err)
		os.Exit(1)
	}
	fmt.Printf("%.1f ms, %d groups\n", float64(time.Since(start).Microseconds())/1000, groups)
}

func loadSite(dir string) (int, error) {
	fsys := os.DirFS(dir)
	cfg, err := config.Load(fsys)
	if err != nil {
		return 0, err
	}
	d, err := sales.Load(fsys, cfg, sales.Options{})
	if err != nil {
		return 0, err
	}
	return d.Len(), nil
}

func aggregateCSV(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = true
	if _, err := r.Read(); err != nil {
		return 0, err
	}
	type key struct{ date, region, country, product, category, channel, segment, rep string }
	type sums struct{ revenue, profit, units, rows float64 }
	groups := map[key]*sums{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return len(groups), nil
		}
		if err != nil {
			return 0, err
		}
		k := key{rec[0], rec[1], rec[2], rec[3], rec[4], rec[5], rec[6], rec[7]}
		s := groups[k]
		if s == nil {
			s = &sums{}
			groups[k] = s
		}
		rev, err1 := strconv.ParseFloat(rec[8], 64)
		units, err2 := strconv.ParseFloat(rec[9], 64)
		cost, err3 := strconv.ParseFloat(rec[10], 64)
		if err1 != nil || err2 != nil || err3 != nil {
			line, _ := r.FieldPos(0)
			return 0, fmt.Errorf("%s:%d: a figure is not a number", path, line)
		}
		s.revenue += rev
		s.profit += rev - cost
		s.units += units
		s.rows++
	}
}
