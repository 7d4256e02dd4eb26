package sales

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"salesdeck/internal/load/config"
	"salesdeck/internal/support/civil"
	"salesdeck/internal/support/diag"
)

// keptSite is random order lines: a customer a row away from the next,
// figures with cents, an order column counted distinct, an empty cell
// and, unless exact, a metric dividing by zero, whose warnings a regroup
// must give again and whose figures are not exact sums (Data.Exact).
func keptSite(rows int, exact bool) fstest.MapFS {
	rng := rand.New(rand.NewPCG(3, 5))
	var b strings.Builder
	b.WriteString("date,region,channel,product,customer,order,revenue,units\n")
	for i := range rows {
		day := civil.New(2025, 1, 1) + civil.Date(rng.IntN(540))
		units := fmt.Sprint(1 + rng.IntN(9))
		if i == 7 {
			units = "" // read as 0, with a warning
		}
		fmt.Fprintf(&b, "%s,%s,%s,P%d,C%d,O%d,%d.%02d,%s\n", day, []string{"EMEA", "NA", "APAC"}[rng.IntN(3)],
			[]string{"Direct", "Online"}[rng.IntN(2)], rng.IntN(12), rng.IntN(rows), i/3, rng.IntN(5000)-500, rng.IntN(100), units)
	}
	price := "  price: {sum: revenue / units}\n"
	if exact {
		price = "  price: {sum: revenue - units}\n"
	}
	return fstest.MapFS{
		"site.yaml": {Data: []byte("sales:\n  dimensions: [region, channel, product, customer]\n  measures: {revenue: revenue, units: units}\n" +
			"metrics:\n  revenue: {sum: revenue}\n  units: {sum: units}\n" + price + "  orders: {count_distinct: order}\n  lines: {count: rows}\n")},
		"data/a.csv": {Data: []byte(b.String())},
	}
}

// A load that keeps its rows groups them for other plans as a load of the
// files for those plans would: the very same Data, to the last bit, from
// either reader, one regroup after another.
func TestRegroupIsALoad(t *testing.T) {
	d := civil.New
	months := func(last civil.Date) []civil.Date {
		var cuts []civil.Date
		for m := d(2025, 1, 1); m <= last; m = m.MonthEnd() + 1 {
			cuts = append(cuts, m)
		}
		return cuts
	}
	needs := []struct {
		name string
		need *Need
	}{
		{"region", &Need{Keys: []string{"region"}, Segments: []civil.Date{d(2025, 1, 1), d(2025, 7, 1)}, Columns: []string{"revenue"}, Cuts: months}},
		{"a new key, channel", &Need{Keys: []string{"channel", "region"}, Segments: []civil.Date{d(2025, 1, 1), d(2025, 7, 1)}, Columns: []string{"revenue"}, Cuts: months}},
		{"the customer a key", &Need{Keys: []string{"customer"}, Segments: []civil.Date{d(2025, 3, 1)}, Columns: []string{"orders", "units"}}},
		{"other segments and columns", &Need{Keys: []string{"region"}, Segments: []civil.Date{d(2025, 2, 1), d(2025, 5, 1), d(2026, 1, 1)}, Columns: []string{"orders", "price"}, Cuts: months}},
		{"no segment", &Need{Keys: []string{"product"}}},
		{"no key", &Need{Segments: []civil.Date{d(2025, 1, 1)}, Columns: []string{"revenue"}}},
		{"every dimension", nil},
	}
	for _, exact := range []bool{false, true} {
		fsys := keptSite(1200, exact)
		cfg, err := config.Load(fsys)
		if err != nil {
			t.Fatal(err)
		}
		var errs diag.List
		files := expand(fsys, cfg, &errs)
		defer func(old int) { chunkSize = old }(chunkSize)
		chunkSize = 4 << 10 // many blocks
		readers := map[string]func(opt Options) (*Data, error){
			"in parallel": func(opt Options) (*Data, error) {
				d, ok := loadParallel(fsys, newLoader(fsys, cfg, opt, files, 0), files)
				if !ok {
					t.Fatal("the parallel load gave up on valid data")
				}
				return d, nil
			},
			"row by row": func(opt Options) (*Data, error) { return loadSequential(newLoader(fsys, cfg, opt, files, 0)) },
		}
		warnings := 2
		if exact {
			warnings = 1 // nothing divides
		}
		for name, read := range readers {
			name := fmt.Sprintf("%s (exact %v)", name, exact)
			for _, from := range needs {
				kept, err := read(Options{Need: from.need, Keep: 1 << 30})
				if err != nil {
					t.Fatal(err)
				}
				if len(kept.Warnings) != warnings || kept.Exact != exact {
					t.Fatalf("%s: warnings %v, exact %v", name, kept.Warnings, kept.Exact)
				}
				for _, to := range needs {
					got, ok := kept.Regroup(to.need)
					if !ok {
						t.Fatalf("%s, %s: no rows kept", name, from.name)
					}
					want, err := read(Options{Need: to.need})
					if err != nil {
						t.Fatal(err)
					}
					if got.kept == nil {
						t.Errorf("%s, %s then %s: the regrouped data lost the rows", name, from.name, to.name)
					}
					got.kept = nil
					if diff := dataDiff(got, want); diff != "" {
						t.Errorf("%s, %s then %s: %s", name, from.name, to.name, diff)
					}
				}
			}
		}
	}
}

// Rows that take more than the bytes Options.Keep allows are not kept,
// and the load is as without it.
func TestKeepWithinItsBytes(t *testing.T) {
	fsys := keptSite(2000, false)
	cfg, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	need := &Need{Keys: []string{"region"}, Segments: []civil.Date{civil.New(2025, 1, 1)}, Columns: []string{"revenue"}}
	plain, err := Load(fsys, cfg, Options{Need: need})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		keep int64
		kept bool
	}{{0, false}, {1000, false}, {1 << 30, true}} {
		d, err := Load(fsys, cfg, Options{Need: need, Keep: c.keep})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := d.Regroup(need); ok != c.kept {
			t.Errorf("Keep %d: rows kept %v, want %v", c.keep, ok, c.kept)
		}
		if c.kept && d.kept.bytes < 2000*40 {
			t.Errorf("Keep %d: %d bytes kept for 2,000 rows of 4 dimensions and 5 columns", c.keep, d.kept.bytes)
		}
		d.kept = nil
		if diff := dataDiff(d, plain); diff != "" {
			t.Errorf("Keep %d: the data differs from a load that keeps nothing: %s", c.keep, diff)
		}
	}
}

// dataDiff names the first field in which got differs from want. The ids
// of count_distinct values are numbered as the load met them, which no
// figure depends on, so sets are compared whatever their numbers.
func dataDiff(got, want *Data) string {
	got, gotSets := withoutSets(got)
	want, wantSets := withoutSets(want)
	if gotSets != wantSets {
		return "the count_distinct sets differ"
	}
	g, w := reflect.ValueOf(got).Elem(), reflect.ValueOf(want).Elem()
	for i := range g.NumField() {
		if f := g.Type().Field(i); f.IsExported() && !reflect.DeepEqual(g.Field(i).Interface(), w.Field(i).Interface()) {
			return fmt.Sprintf("%s is\n%.2000v\nwant\n%.2000v", f.Name, g.Field(i).Interface(), w.Field(i).Interface())
		}
	}
	return ""
}

// withoutSets returns d without its count_distinct sets, and them in a
// form that does not depend on how their values are numbered: each value
// is named by the groups that hold it, and each group lists its values'
// names in order.
func withoutSets(d *Data) (*Data, string) {
	out := *d
	var fams [][]IDSets // per column, its sets: the cells', then the breaks'
	for _, s := range d.Sets {
		fams = append(fams, []IDSets{s})
	}
	out.Breaks = nil
	for _, b := range d.Breaks {
		for j, s := range b.Sets {
			fams[b.Dist[j]] = append(fams[b.Dist[j]], s)
		}
		b.Sets = nil
		out.Breaks = append(out.Breaks, b)
	}
	out.Sets = nil
	var key strings.Builder
	for _, fam := range fams {
		holders := map[uint32][]string{}
		for f, s := range fam {
			for g := range s.Len() {
				for _, id := range s.Of(g) {
					holders[id] = append(holders[id], fmt.Sprint(f, ".", g))
				}
			}
		}
		for f, s := range fam {
			for g := range s.Len() {
				var names []string
				for _, id := range s.Of(g) {
					names = append(names, strings.Join(holders[id], " "))
				}
				slices.Sort(names)
				fmt.Fprintf(&key, "%d.%d: %q\n", f, g, names)
			}
		}
	}
	return &out, key.String()
}

var _ fs.FS = fstest.MapFS{}
