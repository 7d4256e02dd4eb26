package sales

import (
	"fmt"
	"io/fs"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"salesdeck/internal/load/config"
	"salesdeck/internal/support/civil"
	"salesdeck/internal/support/diag"
	"salesdeck/internal/support/metric"
)

// The rule of docs/internals.md, "Exact sums": every group's sum of a
// column is the float64 nearest to the exact decimal sum of its rows'
// figures, as strconv.ParseFloat reads the sum a database prints, whichever
// reader reads the rows, in chunks of any size, grouped for any Need.
//
// Each case's rows are one customer's sales on two days, the second day's
// rows those of the first in reverse order: a daily cell per day, and a
// break group of the customer (with a Need) holding both. float64 adds
// every case's rows, in the order of the file, to something other than the
// nearest float64 to their exact sum, except where the sums are not
// rounded.
func TestGroupSumsAreExact(t *testing.T) {
	cents := make([]string, 999) // amounts of 0.00 to 499.99
	for i := range cents {
		cents[i] = fmt.Sprintf("%d.%02d", i*37%500, i*7919%100)
	}
	tests := []struct {
		name    string
		columns []string   // the measure columns
		rows    [][]string // their cells, one row each
		sum     string     // the expression the metric sums
		exact   func(m []*big.Rat) *big.Rat
		// The decimals the exact sum of a day's rows has: as many as
		// the rule rounds to (but for a sum of 0), so that rounding to
		// fewer would show.
		decimals int
		// The sums are not rounded: the expression divides, or a sum
		// has more than 15 digits.
		unrounded bool
	}{{
		name:     "tenths",
		columns:  []string{"revenue"},
		rows:     cells(31, func(i int) []string { return []string{[]string{"0.1", "0.2", "0.3"}[i%3]} }),
		sum:      "revenue",
		exact:    func(m []*big.Rat) *big.Rat { return m[0] },
		decimals: 1,
	}, {
		name:     "999 amounts in cents",
		columns:  []string{"revenue"},
		rows:     cells(999, func(i int) []string { return []string{cents[i]} }),
		sum:      "revenue",
		exact:    func(m []*big.Rat) *big.Rat { return m[0] },
		decimals: 2,
	}, {
		name:    "thousands separators, currency and accounting negatives",
		columns: []string{"revenue"},
		rows: cells(41, func(i int) []string {
			return []string{[]string{"$1,234.57", "(99.99)", "$0.10", "2,000.2"}[i%4]}
		}),
		sum:      "revenue",
		exact:    func(m []*big.Rat) *big.Rat { return m[0] },
		decimals: 2,
	}, {
		name:     "mixed decimals: 12, 3.5 and 0.125 make three",
		columns:  []string{"units"},
		rows:     cells(53, func(i int) []string { return []string{[]string{"12", "3.5", "0.125", "0.3", "7.01"}[i%5]} }),
		sum:      "units",
		exact:    func(m []*big.Rat) *big.Rat { return m[0] },
		decimals: 3,
	}, {
		name:    "revenue - cost: cents less tenths of cents",
		columns: []string{"revenue", "cost"},
		rows: cells(499, func(i int) []string {
			return []string{cents[i], fmt.Sprintf("%d.%03d", i*13%300, i*997%1000)}
		}),
		sum:      "revenue - cost",
		exact:    func(m []*big.Rat) *big.Rat { return new(big.Rat).Sub(m[0], m[1]) },
		decimals: 3,
	}, {
		name:    "units * price: tenths of a kilo times cents make three decimals",
		columns: []string{"units", "price"},
		rows: cells(499, func(i int) []string {
			return []string{fmt.Sprintf("%d.%d", i%7, i%10), cents[i]}
		}),
		sum:      "units * price",
		exact:    func(m []*big.Rat) *big.Rat { return new(big.Rat).Mul(m[0], m[1]) },
		decimals: 3,
	}, {
		name:     "a sum of nothing is 0, not -0",
		columns:  []string{"revenue"},
		rows:     [][]string{{"0.3"}, {"-0.1"}, {"-0.2"}},
		sum:      "revenue",
		exact:    func(m []*big.Rat) *big.Rat { return m[0] },
		decimals: 0, // rounded to 1
	}, {
		name:    "revenue / units is not rounded",
		columns: []string{"revenue", "units"},
		rows:    cells(30, func(i int) []string { return []string{cents[i], strconv.Itoa(i%3 + 3)} }),
		sum:     "revenue / units",
		exact:   func(m []*big.Rat) *big.Rat { return new(big.Rat).Quo(m[0], m[1]) },
		// The quotient of two figures need not end in any number of
		// decimals.
		unrounded: true,
	}, {
		name:    "past 15 digits a sum is left as float64 adds it",
		columns: []string{"revenue"},
		rows:    cells(30, func(i int) []string { return []string{fmt.Sprintf("12345678901%d.%03d", i%10, i*997%1000)} }),
		sum:     "revenue",
		exact:   func(m []*big.Rat) *big.Rat { return m[0] },
		// 3.7e12 in thousandths has 16 digits.
		unrounded: true,
	}}
	need := &Need{Keys: []string{"region"}, Segments: []civil.Date{civil.New(2026, 1, 1), civil.New(2026, 2, 1)}, Columns: []string{"m"}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := metric.ParseExpr(tt.sum)
			if err != nil {
				t.Fatal(err)
			}
			index := map[string]int{}
			for j, c := range tt.columns {
				index[c] = j
			}
			value := e.Compile(index)
			// The groups, by the reader's order of their rows: day 1,
			// day 2, and the customer's break group of both.
			var csv strings.Builder
			fmt.Fprintf(&csv, "date,region,customer,%s\n", strings.Join(tt.columns, ","))
			var groups [3]struct {
				exact *big.Rat
				float float64 // added up in float64 in the order of the file
			}
			for g := range groups {
				groups[g].exact = new(big.Rat)
			}
			backward := slices.Clone(tt.rows)
			slices.Reverse(backward)
			days := [][][]string{tt.rows, backward}
			for d, rows := range days {
				for _, row := range rows {
					fmt.Fprintf(&csv, "2026-01-0%d,EMEA,C1", d+5)
					exact := make([]*big.Rat, len(row))
					meas := make([]float64, len(row))
					for j, cell := range row {
						fmt.Fprintf(&csv, ",%q", cell)
						exact[j] = decimal(t, cell)
						meas[j], _ = ParseNumber(cell, '.')
					}
					csv.WriteString("\n")
					x := tt.exact(exact)
					v, _ := value(meas)
					for _, g := range []int{d, 2} {
						groups[g].exact.Add(groups[g].exact, x)
						groups[g].float += v
					}
				}
			}
			want := make([]float64, len(groups))
			differs := false
			for g, gr := range groups {
				want[g], _ = strconv.ParseFloat(gr.exact.FloatString(40), 64)
				if tt.unrounded {
					// Rounded to the figures' decimals, the sums would
					// differ.
					want[g] = gr.float
					p := math.Pow10(decimals(tt.rows))
					differs = differs || math.Round(gr.float*p)/p != gr.float
					continue
				}
				differs = differs || math.Float64bits(gr.float) != math.Float64bits(want[g])
			}
			if !differs {
				t.Fatalf("rounding would change no sum (%v): the case shows nothing", want)
			}
			if day := groups[0].exact; !tt.unrounded && (!has(day, tt.decimals) || tt.decimals > 0 && has(day, tt.decimals-1)) {
				t.Fatalf("the exact sum %s has not %d decimals: the case shows nothing", day.FloatString(20), tt.decimals)
			}
			fsys := fstest.MapFS{
				"site.yaml": {Data: []byte(fmt.Sprintf("sales:\n  dimensions: [region, customer]\n  measures: {%s}\nmetrics:\n  m: {sum: %s}\n",
					measures(tt.columns), tt.sum))},
				"data/sales.csv": {Data: []byte(csv.String())},
			}
			for _, n := range []*Need{nil, need} {
				for _, r := range []reader{{"in one chunk", 1 << 20}, {"in chunks of 64 bytes", 64}, {"row by row", 0}} {
					d := loadWith(t, fsys, n, r.chunk)
					if d.Len() != 2 || d.Metrics.Base() != 1 {
						t.Fatalf("%s: %d cells of %d sums, want 2 of 1", r.name, d.Len(), d.Metrics.Base())
					}
					got := []float64{d.Sums[0], d.Sums[1]}
					if n != nil {
						seg := d.Breaks[0].Segs[0]
						if len(seg.Rows) != 1 || seg.Rows[0] != 2*int64(len(tt.rows)) {
							t.Fatalf("%s: break groups %v, want one of every row", r.name, seg.Rows)
						}
						got = append(got, seg.Sums[0])
					}
					for g, v := range got {
						what := fmt.Sprintf("%s, need %v: %s", r.name, n != nil, []string{"day 1", "day 2", "the customer"}[g])
						if !tt.unrounded || r.chunk != 64 {
							if math.Float64bits(v) != math.Float64bits(want[g]) {
								t.Errorf("%s: sum %v, want %v (%s exactly)", what, v, want[g], groups[g].exact.FloatString(20))
							}
							continue
						}
						// Chunks add up in another order than the rows.
						exact, _ := groups[g].exact.Float64()
						if math.Abs(v-exact) > 1e-12*math.Abs(exact) {
							t.Errorf("%s: sum %v, want about %v", what, v, exact)
						}
					}
				}
			}
		})
	}
}

type reader struct {
	name  string
	chunk int // bytes of a chunk of the parallel load; 0: encoding/csv, row by row
}

// cells makes n rows of cells.
func cells(n int, row func(i int) []string) [][]string {
	out := make([][]string, n)
	for i := range out {
		out[i] = row(i)
	}
	return out
}

// measures writes site.yaml's measures, each column its own.
func measures(columns []string) string {
	var out []string
	for _, c := range columns {
		out = append(out, c+": "+c)
	}
	return strings.Join(out, ", ")
}

// has reports whether r has at most d decimals.
func has(r *big.Rat, d int) bool {
	x := new(big.Rat).Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d)), nil)))
	return x.IsInt()
}

// decimals is the most digits after the point of any cell.
func decimals(rows [][]string) int {
	n := 0
	for _, row := range rows {
		for _, cell := range row {
			if _, frac, ok := strings.Cut(cell, "."); ok {
				n = max(n, len(frac))
			}
		}
	}
	return n
}

// decimal reads a figure exactly, as a database stores it: thousands
// separators and a dollar sign are dropped, brackets make it negative.
func decimal(t *testing.T, cell string) *big.Rat {
	s := strings.NewReplacer("$", "", ",", "").Replace(cell)
	neg := strings.HasPrefix(s, "(")
	s = strings.Trim(s, "()")
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		t.Fatalf("%q is no decimal", cell)
	}
	if neg {
		r.Neg(r)
	}
	return r
}

// loadWith reads the site in fsys for need: in parallel, in chunks of
// chunk bytes, or, for 0, with encoding/csv one row after the other.
func loadWith(t *testing.T, fsys fs.FS, need *Need, chunk int) *Data {
	t.Helper()
	cfg, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var errs diag.List
	files := expand(fsys, cfg, &errs)
	if errs.Len() > 0 {
		t.Fatal(errs.Err())
	}
	opt := Options{Need: need}
	if chunk == 0 {
		d, err := loadSequential(newLoader(fsys, cfg, opt, files, 0))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	defer func(old int) { chunkSize = old }(chunkSize)
	chunkSize = chunk
	d, ok := loadParallel(fsys, newLoader(fsys, cfg, opt, files, 0), files)
	if !ok {
		t.Fatalf("chunks of %d bytes: the parallel load gave up on valid data", chunk)
	}
	return d
}
