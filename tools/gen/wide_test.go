package gen

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestShapeNames(t *testing.T) {
	for _, s := range []Shape{Tidy, Wide, Customers, Orders} {
		if got, err := ParseShape(s.String()); err != nil || got != s {
			t.Errorf("ParseShape(%q) = %v, %v", s.String(), got, err)
		}
	}
	if _, err := ParseShape("tall"); err == nil {
		t.Error("ParseShape(tall) succeeded")
	}
	if _, err := Write(io.Discard, Options{Start: 1, End: 2, Shape: Orders + 1}); err == nil {
		t.Error("Write of an unknown shape succeeded")
	}
}

// shaped returns the default options of shape s with about rows rows.
func shaped(s Shape, rows int) Options {
	o := Defaults(s)
	o.Rows = rows
	return o
}

// The data of every shape is a pure function of its options.
func TestShapesDeterministic(t *testing.T) {
	for _, s := range []Shape{Tidy, Wide, Customers, Orders} {
		t.Run(s.String(), func(t *testing.T) {
			o := shaped(s, 20_000)
			a, b := generate(t, o), generate(t, o)
			if !bytes.Equal(a, b) {
				t.Fatal("two runs with the same options differ")
			}
			if !bytes.HasPrefix(a, []byte(s.Header()+"\n")) {
				t.Errorf("data starts %q, want the header %q", a[:min(len(a), 100)], s.Header())
			}
			o.Seed++
			if bytes.Equal(a, generate(t, o)) {
				t.Fatal("another seed gives the same data")
			}
		})
	}
}

// columns reads generated CSV and returns the values of each column by
// header name, with the rows' dimension values joined by commas.
func columns(t *testing.T, data []byte) (cols map[string][]string, combos []string) {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	head, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	cols = map[string][]string{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return cols, combos
		}
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range rec {
			cols[head[i]] = append(cols[head[i]], v)
		}
		combos = append(combos, strings.Join(rec[1:len(rec)-3], ","))
	}
}

func distinct(vs []string) int {
	seen := map[string]bool{}
	for _, v := range vs {
		seen[v] = true
	}
	return len(seen)
}

// The wide shapes have the stated number of values in every dimension,
// each country in one region and each product in one category, and at
// 100k rows nearly every row is a combination of dimension values of its
// own; the tidy data is the opposite.
func TestShapeCardinality(t *testing.T) {
	for _, c := range []struct {
		shape Shape
		rows  int
		// values per column; customers are checked apart, since a small
		// run does not reach every one of them
		want map[string]int
		// the least and most share of rows that are a combination of
		// their own
		distinct [2]float64
	}{
		{Tidy, 100_000, map[string]int{"region": 4, "country": 20, "category": 4, "product": 11, "channel": 3, "segment": 3, "rep": 30}, [2]float64{0, 0.05}},
		{Wide, 100_000, map[string]int{"region": 8, "country": 40, "category": 12, "product": 200, "channel": 4, "rep": 300}, [2]float64{0.9, 1}},
		{Customers, 100_000, map[string]int{"region": 8, "country": 40, "category": 12, "product": 200, "channel": 4, "rep": 300}, [2]float64{0.99, 1}},
	} {
		t.Run(c.shape.String(), func(t *testing.T) {
			data := generate(t, shaped(c.shape, c.rows))
			cols, combos := columns(t, data)
			if n := len(combos); math.Abs(float64(n-c.rows)) > 0.02*float64(c.rows) {
				t.Errorf("%d rows, want about %d", n, c.rows)
			}
			for col, want := range c.want {
				if got := distinct(cols[col]); got != want {
					t.Errorf("%d values of %s, want %d", got, col, want)
				}
			}
			within := func(inner, outer string) {
				of := map[string]string{}
				for i, v := range cols[inner] {
					if o, ok := of[v]; ok && o != cols[outer][i] {
						t.Errorf("%s %q in %s %q and %q", inner, v, outer, o, cols[outer][i])
						return
					}
					of[v] = cols[outer][i]
				}
			}
			within("country", "region")
			within("product", "category")
			within("customer", "country")
			share := float64(distinct(combos)) / float64(len(combos))
			if share < c.distinct[0] || share > c.distinct[1] {
				t.Errorf("%.3f of rows are a combination of their own, want %.2f to %.2f", share, c.distinct[0], c.distinct[1])
			}
		})
	}
}

// Customers is Wide with a customer column: the same orders, so that the
// two measure what one more dimension costs.
func TestCustomersIsWideWithCustomers(t *testing.T) {
	wide := generate(t, shaped(Wide, 20_000))
	cust := generate(t, shaped(Customers, 20_000))
	wl, cl := strings.Split(string(wide), "\n"), strings.Split(string(cust), "\n")
	if len(wl) != len(cl) {
		t.Fatalf("%d lines of wide, %d of customers", len(wl), len(cl))
	}
	for i := range wl {
		f := strings.Split(cl[i], ",")
		if len(f) > 3 {
			f = slices.Delete(f, 3, 4)
		}
		if got := strings.Join(f, ","); got != wl[i] {
			t.Fatalf("line %d: customers without its customer is %q, wide %q", i+1, got, wl[i])
		}
	}
}

// The customer table has 50,000 names, and at a million rows every
// customer has bought something.
func TestEveryCustomer(t *testing.T) {
	ct := customers()
	if n := distinct(ct.names); n != customerCount || len(ct.names) != customerCount {
		t.Fatalf("%d names, %d distinct, want %d", len(ct.names), n, customerCount)
	}
	if testing.Short() {
		t.Skip("writes a million rows")
	}
	pr, pw := io.Pipe()
	go func() { _, err := Write(pw, shaped(Customers, 1_000_000)); pw.CloseWithError(err) }()
	sc := bufio.NewScanner(pr)
	seen := map[string]bool{}
	sc.Scan() // the header
	for sc.Scan() {
		f := bytes.SplitN(sc.Bytes(), []byte(","), 5)
		if !seen[string(f[3])] {
			seen[string(f[3])] = true
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(seen) != customerCount {
		t.Errorf("%d customers bought something, want all %d", len(seen), customerCount)
	}
}

// A wide site's site.yaml lists the export's dimensions and measures, and
// every strategy is scoped on a region, by its plan or by itself.
func TestWideSiteFiles(t *testing.T) {
	for _, s := range []Shape{Wide, Customers} {
		t.Run(s.String(), func(t *testing.T) {
			files, err := SiteFiles(SiteOptions{Data: shaped(s, 20_000), Plans: 10, Strategies: 200})
			if err != nil {
				t.Fatal(err)
			}
			dims := "region, country, category, product, channel, rep"
			if s == Customers {
				dims = "region, country, customer, category, product, channel, rep"
			}
			site := string(files["site.yaml"])
			for _, want := range []string{"  dimensions: [" + dims + "]\n", "  measures: {revenue: revenue, units: units, cost: cost}\n",
				`  gross_profit: {sum: "revenue - cost", format: money}`, "  margin:       {ratio: [gross_profit, revenue], format: percent}"} {
				if !strings.Contains(site, want) {
					t.Errorf("site.yaml lacks %q:\n%s", want, site)
				}
			}
			years := map[string]int{}
			for p := range 10 {
				plan := string(files[fmt.Sprintf("content/plans/plan-%02d.yaml", p+1)])
				head, body, _ := strings.Cut(plan, "strategies:\n")
				years[strings.Split(head, "\n")[3]]++
				for _, st := range strings.Split(body, "  - id: ")[1:] {
					if !strings.Contains(head, "\nscope: {region: ") && !strings.Contains(st, "\n      region: ") {
						t.Errorf("plan %d: strategy %s is not scoped on a region", p+1, st)
					}
					if !strings.Contains(st, "      units: {total: ") || !strings.Contains(st, ", phasing: baseline}") || !strings.Contains(st, "      margin: {total: ") {
						t.Errorf("plan %d: strategy %s lacks a target", p+1, st)
					}
				}
			}
			want := map[string]int{"period: {fiscal_year: 2023}": 2, "period: {fiscal_year: 2024}": 6, "period: {fiscal_year: 2025}": 2}
			if !maps.Equal(years, want) {
				t.Errorf("plan periods %v, want %v", years, want)
			}
		})
	}
}

// BenchSite's tidy sites keep the stamp they had before there were
// shapes, so caches written by older checkouts stay good.
func TestEnsureSiteStamp(t *testing.T) {
	for _, c := range []struct {
		o    Options
		want string
	}{
		{Default(), "{Data:{Seed:119 Start:2023-10-01 End:2026-09-30 Scale:1 Rows:1000} Plans:2 Strategies:4}\n"},
		{Defaults(Wide), "{Data:{Seed:1 Start:2022-01-01 End:2024-12-31 Scale:1 Rows:1000 Shape:wide} Plans:2 Strategies:4}\n"},
	} {
		dir := t.TempDir()
		c.o.Rows = 1000
		if err := EnsureSite(dir, SiteOptions{Data: c.o, Plans: 2, Strategies: 4}); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, ".gendata"))
		if err != nil || string(got) != c.want {
			t.Errorf("stamp %q, want %q", got, c.want)
		}
	}
}

func TestWideRows(t *testing.T) {
	o := shaped(Wide, 50_000)
	if e, err := ExpectedRows(o); err != nil || math.Abs(e-50_000) > 1e-6 {
		t.Errorf("ExpectedRows = %v, %v; want 50000", e, err)
	}
	if e, _ := ExpectedRows(Defaults(Wide)); math.Abs(e-1e6) > 0.01e6 {
		t.Errorf("the wide shape's defaults give %.0f rows, want about a million", e)
	}
}

// Orders is Wide with an order id after the date: the same lines, whose
// ids group a unit's lines of a day into orders of one to six lines.
func TestOrdersShape(t *testing.T) {
	var wide, orders bytes.Buffer
	if _, err := Write(&wide, shaped(Wide, 20_000)); err != nil {
		t.Fatal(err)
	}
	o := Defaults(Orders) // at scale 1 a unit has lines enough a day for orders of several
	o.End = o.Start + 13
	if _, err := Write(&orders, shaped(Orders, 20_000)); err != nil {
		t.Fatal(err)
	}
	w, l := strings.Split(wide.String(), "\n"), strings.Split(orders.String(), "\n")
	if len(w) != len(l) || l[0] != Orders.Header() {
		t.Fatalf("%d lines and %d", len(w), len(l))
	}
	for i := 1; i < len(w)-1; i++ {
		f := strings.Split(l[i], ",")
		if f[0]+","+strings.Join(f[2:], ",") != w[i] || !strings.HasPrefix(f[1], "SO-") {
			t.Fatalf("line %d: %s, Wide's %s", i+1, l[i], w[i])
		}
	}
	var many bytes.Buffer
	if _, err := Write(&many, o); err != nil {
		t.Fatal(err)
	}
	lines := map[string]int{}
	rows := strings.Split(strings.TrimSpace(many.String()), "\n")[1:]
	for _, r := range rows {
		lines[strings.Split(r, ",")[1]]++
	}
	if most := slices.Max(slices.Collect(maps.Values(lines))); most > 6 || float64(len(rows))/float64(len(lines)) < 2 {
		t.Errorf("%d lines in %d orders, at most %d lines an order: want orders of one to six lines, several on average", len(rows), len(lines), most)
	}
}
