package gen

import (
	"bytes"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"salesdeck/internal/support/civil"
)

// SiteOptions say what WriteSite generates: a whole site of any size for
// benchmarks, with sales data as Write makes it and plans made to match.
type SiteOptions struct {
	Data Options // the sales data (data/sales.csv)
	// Plans is the number of plan files; Strategies the number of
	// strategies, spread evenly over them. Each strategy has three
	// targets: revenue phased linearly, gross profit (units in the wide
	// shapes) phased like its baseline, and margin (a ratio).
	Plans, Strategies int
}

// WriteSite writes a complete site into dir, which must be empty or not
// exist (a mistyped folder must not lose anyone's plans): site.yaml,
// content/index.md, content/plans/plan-NN.yaml and data/sales.csv. Like
// Write it is a pure function of its options. Targets are drawn around
// what the data is expected to sell, so strategies end up in every status.
func WriteSite(dir string, o SiteOptions) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty; give a new folder for the generated site", dir)
	}
	files, err := SiteFiles(o)
	if err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(name)), files[name]); err != nil {
			return err
		}
	}
	f, err := create(filepath.Join(dir, "data", "sales.csv"))
	if err != nil {
		return err
	}
	_, err = Write(f, o.Data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// SiteFiles returns every file of the site WriteSite writes except the
// sales data, keyed by slash-separated path.
func SiteFiles(o SiteOptions) (map[string][]byte, error) {
	scale, err := o.Data.scale()
	if err != nil {
		return nil, err
	}
	if o.Plans < 1 || o.Strategies < o.Plans {
		return nil, fmt.Errorf("need at least one plan and one strategy per plan (got %d plans, %d strategies)", o.Plans, o.Strategies)
	}
	g := newSiteGen(o, scale)
	files := map[string][]byte{
		"site.yaml":        g.siteYAML(),
		"content/index.md": []byte("---\ntitle: Generated sales plans\n---\n\nA generated site for benchmarks: every figure is made up.\n"),
	}
	per, extra := o.Strategies/o.Plans, o.Strategies%o.Plans
	for p := range o.Plans {
		n := per
		if p < extra {
			n++
		}
		files[fmt.Sprintf("content/plans/plan-%02d.yaml", p+1)] = g.plan(p, n)
	}
	return files, nil
}

func create(path string) (*os.File, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	return os.Create(path)
}

func writeFile(path string, b []byte) error {
	f, err := create(path)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// siteGen draws plans. Expected sales come from the same rates Write
// draws orders with, summed over each day per unit of rate (see model).
type siteGen struct {
	o     SiteOptions
	r     *rand.Rand
	start civil.Date
	// cum[u][k] is the expected number of orders of unit u on the days
	// before start+k, at o's scale.
	cum    [][]float64
	fyLast int // the fiscal year holding the last day of data
	// ordersPerLine is about how many orders a line of the Orders shape
	// makes: a unit's lines of a day, λ on average, are cut into orders
	// of 3.5 lines on average, the last one shorter.
	ordersPerLine float64
}

func newSiteGen(o SiteOptions, scale float64) *siteGen {
	g := &siteGen{o: o, r: rand.New(rand.NewPCG(o.Data.Seed, 0x706c616e73)), start: o.Data.Start} // "plans"
	days := int(o.Data.End-o.Data.Start) + 1
	m := o.Data.model()
	g.cum = make([][]float64, m.units)
	for u := range g.cum {
		g.cum[u] = make([]float64, days+1)
	}
	for k := range days {
		day := newDay(o.Data.Start + civil.Date(k))
		for u := range g.cum {
			g.cum[u][k+1] = g.cum[u][k] + float64(scale*m.rate(u, day))
		}
	}
	total := 0.0
	for _, c := range g.cum {
		total += c[days]
	}
	if lambda := total / float64(days*len(g.cum)); lambda > 0 {
		g.ordersPerLine = min(1, (lambda/3.5+0.5*(1-math.Exp(-lambda)))/lambda)
	}
	y, month, _ := o.Data.End.YMD()
	g.fyLast = y
	if month >= fiscalStart {
		g.fyLast++
	}
	return g
}

// orders returns the expected number of orders of unit u from start to
// end.
func (g *siteGen) orders(u int, start, end civil.Date) float64 {
	c := g.cum[u]
	lo := min(max(int(start-g.start), 0), len(c)-1)
	hi := min(max(int(end-g.start)+1, 0), len(c)-1)
	return c[hi] - c[lo]
}

// fiscalStart is the first month of the generated site's fiscal year, as
// in the example site.
const fiscalStart = time.July

func (g *siteGen) siteYAML() []byte {
	cols := strings.Split(g.o.Data.Shape.Header(), ",")
	dims := cols[1 : len(cols)-3]
	orders := `{count: rows, format: number}`
	if g.o.Data.Shape == Orders {
		dims = dims[1:] // order_id is counted, not broken down by
		orders = "{count_distinct: order_id, format: number}\n  lines:        {count: rows, format: number}"
	}
	return []byte(`# Generated by tools/gendata for benchmarks; every figure is made up.
title: Generated sales plans
currency: USD
locale: en-US
fiscal_year_start: ` + strconv.Itoa(int(fiscalStart)) + `
as_of: ` + g.o.Data.End.String() + `
sales:
  files: ["data/*.csv"]
  date: date
  dimensions: [` + strings.Join(dims, ", ") + `]
  measures: {revenue: revenue, units: units, cost: cost}
metrics:
  revenue:      {sum: revenue, format: money}
  gross_profit: {sum: "revenue - cost", format: money}
  units:        {sum: units, format: number}
  orders:       ` + orders + `
  margin:       {ratio: [gross_profit, revenue], format: percent}
  avg_order:    {ratio: [revenue, orders], format: money}
`)
}

var regions = []string{"EMEA", "North America", "APAC", "LATAM"}

// scope is a strategy's reach, both as the sets expected sales are summed
// over and as the YAML that says it.
type scope struct {
	countries, segments, channels, products []bool
	rep                                     int // -1: every rep of the countries
	yaml, exclude                           []string
}

func allOf(n int) []bool {
	s := make([]bool, n)
	for i := range s {
		s[i] = true
	}
	return s
}

// figures are what a scope is expected to sell over a period, in dollars
// and counts.
type figures struct{ revenue, cost, units, orders float64 }

func (g *siteGen) plan(p, n int) []byte {
	if g.o.Data.Shape != Tidy {
		return g.widePlan(p, n)
	}
	region := -1
	if p%5 != 4 {
		region = p % 5 % len(regions)
	}
	fy := g.fyLast - p%2
	title, in := "Global product plan", ""
	if region >= 0 {
		title, in = regions[region]+" growth plan", regions[region]
	}
	var b bytes.Buffer
	planHead(&b, p, n, fy, title, in)
	for s := range n {
		start, end, period := g.period(fy)
		sc, x := drawScope(g, start, end, func() scope { return g.scope(region) }, g.expected)
		writeStrategy(&b, p, s, period, sc.yaml, sc.exclude, g.targets(x, "gross_profit", x.revenue-x.cost, 1000))
	}
	return b.Bytes()
}

// planHead writes the lines of plan p of n strategies before its first
// strategy; a plan scoped on a region names it.
func planHead(b *bytes.Buffer, p, n, fy int, title, region string) {
	fmt.Fprintf(b, "id: plan-%02d\ntitle: FY%d %s %d\nowner: Plan Owner %d\nperiod: {fiscal_year: %d}\n", p+1, fy, title, p+1, p+1, fy)
	fmt.Fprintf(b, "summary: |\n  Generated plan %d with %d strategies.\n", p+1, n)
	if region != "" {
		fmt.Fprintf(b, "scope: {region: %s}\n", q(region))
	}
	b.WriteString("strategies:\n")
}

// period draws the period of a strategy of fiscal year fy: the year, or
// one of its quarters.
func (g *siteGen) period(fy int) (start, end civil.Date, yaml string) {
	start, end, yaml = civil.New(fy-1, fiscalStart, 1), civil.New(fy, fiscalStart, 1)-1, fmt.Sprintf("{fiscal_year: %d}", fy)
	if k := g.r.IntN(3); k > 0 {
		qn := 1 + g.r.IntN(4)
		start = civil.New(fy-1, fiscalStart+time.Month(3*(qn-1)), 1)
		end = civil.New(fy-1, fiscalStart+time.Month(3*qn), 1) - 1
		yaml = fmt.Sprintf(`{fiscal_quarter: "%d-Q%d"}`, fy, qn)
	}
	return start, end, yaml
}

// drawScope draws scopes until one sells in the year before start..end
// and returns it with what it is expected to sell from start to end.
// A scope that sells next to nothing (a product the web shop does not
// carry, online) would leave the baseline empty; a plan would not hold
// such a strategy.
func drawScope[S any](g *siteGen, start, end civil.Date, draw func() S, expected func(S, civil.Date, civil.Date) figures) (S, figures) {
	var sc S
	var x figures
	for tries := 0; x.orders < 10 && tries < 100; tries++ {
		sc = draw()
		x = expected(sc, start.AddYears(-1), end.AddYears(-1))
	}
	if end <= g.o.Data.End {
		return sc, expected(sc, start, end)
	}
	// The data stops inside or before the period: plan on last year's
	// sales and some growth, as a sales team would.
	x.revenue, x.cost, x.units = x.revenue*1.1, x.cost*1.1, x.units*1.1
	return sc, x
}

// writeStrategy writes strategy s of plan p.
func writeStrategy(b *bytes.Buffer, p, s int, period string, scope, exclude []string, targets string) {
	fmt.Fprintf(b, "  - id: p%02d-s%05d\n    title: %s\n    owner: Owner %d\n    period: %s\n", p+1, s+1, q(fmt.Sprintf("Strategy %d of plan %d", s+1, p+1)), s%37+1, period)
	for _, part := range []struct {
		key   string
		lines []string
	}{{"scope", scope}, {"exclude", exclude}} {
		if len(part.lines) > 0 {
			b.WriteString("    " + part.key + ":\n")
			for _, l := range part.lines {
				b.WriteString("      " + l + "\n")
			}
		}
	}
	b.WriteString("    targets:\n" + targets)
	if s%4 == 0 {
		b.WriteString("    tactics:\n      - Weekly pipeline review\n      - Quarterly customer briefings\n")
	}
}

// targets draws a strategy's three targets around what it is expected to
// sell: revenue phased linearly, then metric (expected: v, at least least)
// phased like its baseline, then margin.
func (g *siteGen) targets(x figures, metric string, v float64, least int64) string {
	f := 0.8 + 0.45*g.r.Float64()
	margin := 0.0
	if x.revenue > 0 {
		margin = (x.revenue - x.cost) / x.revenue
	}
	return fmt.Sprintf("      revenue: %d\n      %s: {total: %d, phasing: baseline}\n      margin: {total: %.3f}\n",
		max(1000, int64(x.revenue*f)), metric, max(least, int64(v*f*(0.9+0.2*g.r.Float64()))), margin*(0.95+0.1*g.r.Float64()))
}

func q(s string) string { return strconv.Quote(s) }

// scope draws a strategy's scope inside a plan's region (-1: anywhere).
func (g *siteGen) scope(region int) scope {
	sc := scope{countries: make([]bool, len(countries)), segments: allOf(len(segments)),
		channels: allOf(len(channels)), products: allOf(len(products)), rep: -1}
	var inRegion []int
	for c, ct := range countries {
		if region < 0 || ct.region == regions[region] {
			inRegion = append(inRegion, c)
			sc.countries[c] = true
		}
	}
	one := func(set []bool, i int) {
		for k := range set {
			set[k] = k == i
		}
	}
	r := g.r
	country := inRegion[r.IntN(len(inRegion))]
	seg, ch := r.IntN(len(segments)), r.IntN(len(channels))
	switch r.IntN(6) {
	case 0: // a country's segment
		one(sc.countries, country)
		one(sc.segments, seg)
		sc.yaml = []string{"country: " + q(countries[country].name), "segment: " + q(segments[seg])}
	case 1: // a country's channel, hardware left out
		one(sc.countries, country)
		one(sc.channels, ch)
		sc.yaml = []string{"country: " + q(countries[country].name), "channel: " + q(channels[ch])}
		sc.exclude = []string{`category: "Hardware"`}
		for i, p := range products {
			sc.products[i] = p.category != "Hardware"
		}
	case 2: // one rep of the region
		var rs []int
		for ri, rp := range reps {
			if sc.countries[rp.country] {
				rs = append(rs, ri)
			}
		}
		sc.rep = rs[r.IntN(len(rs))]
		sc.yaml = []string{"rep: " + q(reps[sc.rep].name)}
	case 3: // a category in a segment
		cat := products[r.IntN(len(products))].category
		one(sc.segments, seg)
		for i, p := range products {
			sc.products[i] = p.category == cat
		}
		sc.yaml = []string{"category: " + q(cat), "segment: " + q(segments[seg])}
	case 4: // a product through a channel
		p := r.IntN(len(products))
		one(sc.products, p)
		one(sc.channels, ch)
		sc.yaml = []string{"product: " + q(products[p].name), "channel: " + q(channels[ch])}
	default: // a few countries, partners left out
		var names []string
		for _, c := range inRegion {
			if r.IntN(2) == 0 || c == country {
				names = append(names, q(countries[c].name))
			} else {
				sc.countries[c] = false
			}
		}
		sc.channels[partner] = false
		sc.yaml = []string{"country: [" + strings.Join(names, ", ") + "]"}
		sc.exclude = []string{`channel: "Partner"`}
	}
	return sc
}

// expected returns what Write is expected to sell in scope sc from start
// to end, ignoring the stories' changes to product mix and discounts.
func (g *siteGen) expected(sc scope, start, end civil.Date) figures {
	var x figures
	for ri, rp := range reps {
		if !sc.countries[rp.country] || sc.rep >= 0 && sc.rep != ri {
			continue
		}
		for seg := range segments {
			for ch := range channels {
				if !sc.segments[seg] || !sc.channels[ch] {
					continue
				}
				n := g.orders(combo(ri, seg, ch), start, end)
				rv, cs, share := orderValue(seg, ch, sc.products)
				x.revenue += n * rv
				x.cost += n * cs
				x.orders += n * share
			}
		}
	}
	return x
}

// orderValue is the expected revenue and cost, in dollars, of one order of
// a segment through a channel, counting only products in the set, and the
// share of orders that are for those products.
func orderValue(seg, ch int, in []bool) (revenue, cost, orders float64) {
	total := 0
	for _, p := range products {
		if ch != online || p.online {
			total += p.weight[seg]
		}
	}
	dlo, dhi := discount[ch][seg][0], discount[ch][seg][1]
	disc := float64(dlo+dhi) / 2 / 10000
	for i, p := range products {
		if !in[i] || ch == online && !p.online || total == 0 {
			continue
		}
		share := float64(p.weight[seg]) / float64(total)
		orders += share
		lo, hi := p.units[seg][0], p.units[seg][1]
		units := float64(lo) + float64(hi-lo+1)/3 // units are drawn as lo + (hi-lo+1)·u²
		revenue += share * units * float64(p.list) * (1 - disc) / 100
		cost += share * units * float64(p.cost) / 100
	}
	return revenue, cost, orders
}

// BenchSite returns the folder of a generated site with about rows sales
// rows and strategies strategies in ten plans (fewer when there are fewer
// strategies), written once with EnsureSite into $SALESDECK_BENCH_CACHE or
// the user's cache folder, "salesdeck-bench": every package's benchmarks
// share the same large inputs, which take seconds to write.
func BenchSite(rows, strategies int) (string, error) {
	return BenchSiteShape(rows, strategies, Tidy)
}

// BenchSiteShape is BenchSite with data of any shape, from the shape's
// Defaults.
func BenchSiteShape(rows, strategies int, shape Shape) (string, error) {
	root := os.Getenv("SALESDECK_BENCH_CACHE")
	if root == "" {
		c, err := os.UserCacheDir()
		if err != nil {
			return "", fmt.Errorf("no cache folder for generated sites: %w", err)
		}
		root = filepath.Join(c, "salesdeck-bench")
	}
	o := Defaults(shape)
	o.Rows = rows
	plans := min(10, strategies)
	name := fmt.Sprintf("rows%d-plans%d-strategies%d", rows, plans, strategies)
	if shape != Tidy {
		name = shape.String() + "-" + name
	}
	dir := filepath.Join(root, name)
	return dir, EnsureSite(dir, SiteOptions{Data: o, Plans: plans, Strategies: strategies})
}

// EnsureSite makes dir hold the site WriteSite writes for o, writing it
// only when dir does not already hold it (a stamp file records the options
// it was written with), so benchmarks can share large inputs between runs.
func EnsureSite(dir string, o SiteOptions) error {
	stamp := filepath.Join(dir, ".gendata")
	want := fmt.Sprintf("%+v\n", o)
	if o.Data.Shape == Tidy {
		// The stamp of a tidy site is the one written before there were
		// shapes, so that checkouts from before and after share the cache
		// instead of each rewriting the other's sites.
		want = strings.Replace(want, " Shape:tidy}", "}", 1)
	}
	if b, err := os.ReadFile(stamp); err == nil && string(b) == want {
		return nil
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := WriteSite(dir, o); err != nil {
		return err
	}
	return writeFile(stamp, []byte(want))
}
