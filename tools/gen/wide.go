package gen

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"

	"salesdeck/internal/support/civil"
)

// This file is the world of the wide shapes: the CRM export of a reseller
// of computers, software and services, whose order lines carry the
// product (200, each in one of 12 categories), the rep (300) and, in
// Customers, the customer (50,000, each in one country). Real exports look
// like this, and nearly every row is a combination of dimension values of
// its own, which is what the tidy data never exercises.
//
// Rates follow the same calendar as Northwind's (season, weekday,
// quarter-end pushes, holidays, with regional summers), on top of growth
// that differs by region and web channels that grow faster than the rest.
// Which product, rep and customer an order has is drawn independently of
// its day, so what a scope is expected to sell (for the plans) factors
// into orders per country and channel times an order's expected value.

type wideRegion struct {
	name   string
	growth float64 // a year, on 2022-01-01's rate
	season *[13]float64
}

var wideRegions = [...]wideRegion{
	{"North America", 0.08, &noSeason},
	{"South America", 0.15, &southernSummer},
	{"Northern Europe", 0.04, &europeanSummer},
	{"Western Europe", 0.06, &europeanSummer},
	{"Southern Europe", -0.03, &europeanSummer},
	{"Central Europe", 0.12, &europeanSummer},
	{"Middle East & Africa", 0.20, &noSeason},
	{"Asia Pacific", 0.14, &noSeason},
}

type wideCountry struct {
	name   string
	region int
	weight float64 // the country's share of orders, relative to the others
}

var wideCountries = [...]wideCountry{
	{"United States", 0, 14}, {"Canada", 0, 6}, {"Mexico", 0, 5}, {"Costa Rica", 0, 2}, {"Panama", 0, 2},
	{"Brazil", 1, 7}, {"Argentina", 1, 4}, {"Chile", 1, 3}, {"Colombia", 1, 4}, {"Peru", 1, 3},
	{"United Kingdom", 2, 10}, {"Ireland", 2, 3}, {"Sweden", 2, 4}, {"Norway", 2, 3}, {"Denmark", 2, 3},
	{"Germany", 3, 11}, {"France", 3, 9}, {"Netherlands", 3, 5}, {"Belgium", 3, 4}, {"Switzerland", 3, 4},
	{"Italy", 4, 7}, {"Spain", 4, 6}, {"Portugal", 4, 3}, {"Greece", 4, 3}, {"Croatia", 4, 2},
	{"Poland", 5, 5}, {"Austria", 5, 4}, {"Czechia", 5, 3}, {"Hungary", 5, 3}, {"Romania", 5, 3},
	{"United Arab Emirates", 6, 4}, {"Saudi Arabia", 6, 4}, {"Israel", 6, 3}, {"South Africa", 6, 4}, {"Egypt", 6, 3},
	{"Japan", 7, 9}, {"Australia", 7, 6}, {"India", 7, 7}, {"Singapore", 7, 4}, {"South Korea", 7, 5},
}

// wideChannel is a sales channel: its share of orders on 2022-01-01 and
// its discounts in basis points.
type wideChannel struct {
	name     string
	share    float64
	web      bool // sells at weekends and grows faster
	discount [2]int64
}

var wideChannels = [...]wideChannel{
	{"Direct", 0.36, false, [2]int64{500, 2000}},
	{"Partner", 0.28, false, [2]int64{1500, 3000}},
	{"Online", 0.22, true, [2]int64{0, 500}},
	{"Marketplace", 0.14, true, [2]int64{800, 1500}},
}

// wideCategory is a product category; its products are drawn from it.
type wideCategory struct {
	name, noun string
	products   int
	weight     int      // share of orders, relative to the others
	price      [2]int64 // list prices from, to, in dollars
	costPct    int64    // cost as a share of the list price, in percent
	units      [2]int   // quantities of an order from, to
}

var wideCategories = [...]wideCategory{
	{"Laptops", "Laptop", 24, 12, [2]int64{700, 2600}, 84, [2]int{1, 30}},
	{"Desktops", "Desktop", 14, 8, [2]int64{500, 1900}, 82, [2]int{1, 25}},
	{"Monitors", "Monitor", 18, 10, [2]int64{140, 1100}, 78, [2]int{1, 40}},
	{"Printers", "Printer", 12, 5, [2]int64{110, 2400}, 72, [2]int{1, 8}},
	{"Networking", "Switch", 20, 8, [2]int64{70, 5800}, 62, [2]int{1, 20}},
	{"Storage", "Drive", 16, 7, [2]int64{60, 8500}, 70, [2]int{1, 24}},
	{"Servers", "Server", 10, 4, [2]int64{2400, 24000}, 76, [2]int{1, 4}},
	{"Phones", "Phone", 14, 8, [2]int64{250, 1300}, 83, [2]int{1, 40}},
	{"Accessories", "Kit", 30, 12, [2]int64{9, 190}, 52, [2]int{1, 150}},
	{"Software", "Suite", 18, 10, [2]int64{40, 1900}, 18, [2]int{1, 200}},
	{"Cloud", "Cloud Plan", 12, 8, [2]int64{8, 320}, 32, [2]int{5, 400}},
	{"Services", "Service Pack", 12, 6, [2]int64{900, 18000}, 58, [2]int{1, 6}},
}

type wideProduct struct {
	name       string
	category   int
	list, cost int64 // per unit, in cents
}

// wideWorld holds the tables made from the lists above.
type wideWorld struct {
	products []wideProduct
	// productCum[i] is the summed weight of products 0..i: a product is
	// the first whose productCum exceeds a draw below the total.
	productCum []int
	reps       []string
	regionReps [len(wideRegions)][]int // reps by home region
	// perOrder[cat][ch] is what an order through channel ch is expected
	// to sell of category cat, times the share of orders in cat.
	perOrder [len(wideCategories)][len(wideChannels)]figures
}

// wideOrigin is the day growth counts from, so that the rates of a day do
// not depend on the dates asked for.
var wideOrigin = civil.New(2022, 1, 1)

// wideBase is the number of orders of a country of weight 1 through a
// channel of share 1 on an ordinary working day at wideOrigin: about a
// million rows from 2022 to 2024 at scale 1.
const wideBase = 4.74

var world = sync.OnceValue(newWideWorld)

// newWideWorld draws prices from a stream of its own, so the world is the
// same whatever the seed of the orders.
func newWideWorld() *wideWorld {
	r := rand.New(rand.NewPCG(0x776f726c64, 0)) // "world"
	series := [...]string{"Nova", "Atlas", "Vertex", "Orbit", "Zen", "Apex", "Pulse", "Core", "Flux", "Terra"}
	w := &wideWorld{}
	total := 0
	for ci, c := range wideCategories {
		// Within a category a few products sell most.
		ws := make([]int, c.products)
		sum := 0
		for i := range ws {
			ws[i] = 80 + 160/(i+1)
			sum += ws[i]
		}
		for i := range c.products {
			list := (c.price[0]+r.Int64N(c.price[1]-c.price[0]+1))*100 - 1
			w.products = append(w.products, wideProduct{
				name:     fmt.Sprintf("%s %s %d", series[i%len(series)], c.noun, 100*(i/len(series)+1)),
				category: ci,
				list:     list,
				cost:     list * (c.costPct*10 - 50 + r.Int64N(101)) / 1000,
			})
			total += c.weight * 1000 * ws[i] / sum
			w.productCum = append(w.productCum, total)
		}
	}
	first := [...]string{"Alex", "Maria", "Jonas", "Priya", "Chen", "Fatima", "Lucas", "Emma", "Kenji", "Sofia",
		"Omar", "Hannah", "Diego", "Aisha", "Noah", "Ingrid", "Rahul", "Chloe", "Mateo", "Yuki",
		"Samuel", "Leila", "Erik", "Ana", "Tom"}
	last := [...]string{"Anders", "Novak", "Silva", "Kowalski", "Tanaka", "Okafor", "Martin", "Rossi", "Schmidt", "Haddad", "Kim", "Byrne"}
	for i := range len(first) * len(last) {
		a, b := i%len(first), i/len(first)
		// (a, a+b) runs through every pair once, and neighbours differ in
		// both names.
		w.reps = append(w.reps, first[a]+" "+last[(a+b)%len(last)])
		home := i % len(wideRegions)
		w.regionReps[home] = append(w.regionReps[home], i)
	}
	prev := 0
	for i, p := range w.products {
		share := float64(w.productCum[i]-prev) / float64(total)
		prev = w.productCum[i]
		cat := wideCategories[p.category]
		units := meanUnits(cat.units[0], cat.units[1])
		for ch, chn := range wideChannels {
			disc := float64(chn.discount[0]+chn.discount[1]) / 2 / 10000
			x := &w.perOrder[p.category][ch]
			x.orders += share
			x.units += float64(share * units)
			x.revenue += float64(share * units * float64(p.list) * (1 - disc) / 100)
			x.cost += float64(share * units * float64(p.cost) / 100)
		}
	}
	return w
}

// meanUnits is the expected quantity of an order drawn as
// lo + ⌊n·u²⌋ with n = hi-lo+1 and u uniform in [0, 1): the floor is at
// least k with probability 1-√(k/n). Big-ticket categories sell few units
// an order, where n/3 would promise 15% too many.
func meanUnits(lo, hi int) float64 {
	n := hi - lo + 1
	m := float64(lo)
	for k := 1; k < n; k++ {
		m += 1 - math.Sqrt(float64(k)/float64(n))
	}
	return m
}

func (w *wideWorld) pickProduct(r *rand.Rand) int {
	i, _ := slices.BinarySearch(w.productCum, r.IntN(w.productCum[len(w.productCum)-1])+1)
	return i
}

// pickRep draws the rep of an order in region: often one based there,
// more often one from anywhere, since key accounts and inside sales cross
// borders (and an export where reps kept to their regions would have far
// fewer combinations of dimension values than rows).
func (w *wideWorld) pickRep(r *rand.Rand, region int) int {
	if r.IntN(4) == 0 {
		rs := w.regionReps[region]
		return rs[r.IntN(len(rs))]
	}
	return r.IntN(len(w.reps))
}

// wideRate is the expected number of orders of a country through a
// channel on a day at scale 1.
func wideRate(c, ch int, day day) float64 {
	ct := wideCountries[c]
	rg := wideRegions[ct.region]
	chn := wideChannels[ch]
	years := float64(day.d-wideOrigin) / 365.25
	v := wideBase * ct.weight * chn.share
	v *= season[day.month] * rg.season[day.month]
	v *= 1 + float64(rg.growth*years) // no fused multiply-add: the same on every platform
	wd := direct
	if chn.web {
		v *= 1 + float64(0.25*years)
		wd = online
	}
	v *= weekday(wd, day.weekday)
	if day.qEnd && !chn.web {
		v *= 1.5
	}
	if day.holiday {
		v *= 0.15
	}
	return v
}

// wideModel is the model of the wide shapes: orders are counted per
// country and channel. Customers are drawn from a stream of their own, so
// that Customers is Wide with one more column.
func wideModel(o Options) model {
	w := world()
	var cs *customerTable
	var cr *rand.Rand
	if o.Shape == Customers {
		cs = customers()
		cr = rand.New(rand.NewPCG(o.Seed, 0x637573746f6d6572)) // "customer"
	}
	row := func(b []byte, r *rand.Rand, day day, u int) []byte {
		return w.appendRow(b, r, day, u/len(wideChannels), u%len(wideChannels), cs, cr)
	}
	if o.Shape == Orders {
		row = orderLines(o.Seed, row)
	}
	return model{
		units: len(wideCountries) * len(wideChannels),
		rate: func(u int, day day) float64 {
			return wideRate(u/len(wideChannels), u%len(wideChannels), day)
		},
		row:    row,
		stream: 0x776964656f726473, // "wideords"
	}
}

// orderLines gives the lines row makes an order id, after the date: the
// lines of a unit on a day are cut into orders of one to six lines,
// drawn from a stream of their own, so that the other columns are
// Wide's. Ids count up from SO-00000001.
func orderLines(seed uint64, row func(b []byte, r *rand.Rand, day day, u int) []byte) func(b []byte, r *rand.Rand, day day, u int) []byte {
	or := rand.New(rand.NewPCG(seed, 0x6f726465726964)) // "orderid"
	var at day
	unit, order, left := -1, 0, 0
	return func(b []byte, r *rand.Rand, d day, u int) []byte {
		if left == 0 || u != unit || d.d != at.d {
			order++
			left = 1 + or.IntN(6)
			unit, at = u, d
		}
		left--
		start := len(b)
		b = row(b, r, d, u)
		line := slices.Clone(b[start:])
		date, rest, _ := bytes.Cut(line, []byte{','})
		b = append(b[:start], date...)
		b = fmt.Appendf(b, ",SO-%08d,", order)
		return append(b, rest...)
	}
}

// appendRow appends one order line of country c through channel ch, with
// its line end, to b; cs, when not nil, draws its customer from cr.
func (w *wideWorld) appendRow(b []byte, r *rand.Rand, day day, c, ch int, cs *customerTable, cr *rand.Rand) []byte {
	ct := wideCountries[c]
	p := w.products[w.pickProduct(r)]
	cat := wideCategories[p.category]
	rep := w.pickRep(r, ct.region)
	units := drawUnits(r, cat.units[0], cat.units[1])
	dlo, dhi := wideChannels[ch].discount[0], wideChannels[ch].discount[1]
	revenue, cost := price(r, units, p.list, p.cost, dlo+r.Int64N(dhi-dlo+1))
	region, channel := wideRegions[ct.region].name, wideChannels[ch].name
	if cs != nil {
		customer := cs.names[cs.pick(cr, c)]
		return appendLine(b, day.iso, revenue, units, cost, region, ct.name, customer, cat.name, p.name, channel, w.reps[rep])
	}
	return appendLine(b, day.iso, revenue, units, cost, region, ct.name, cat.name, p.name, channel, w.reps[rep])
}

// customerCount is the number of customers of the Customers shape.
const customerCount = 50_000

// customerTable holds the customers, each in one country: country c's
// are first[c] up to first[c+1], and cum holds their summed weights.
type customerTable struct {
	names []string
	first [len(wideCountries) + 1]int
	cum   []int
}

var customers = sync.OnceValue(newCustomerTable)

func newCustomerTable() *customerTable {
	a := [...]string{"Blue", "Red", "Green", "Silver", "Golden", "North", "South", "East", "West", "Alpine",
		"Harbor", "River", "Summit", "Cedar", "Oak", "Pine", "Maple", "Stone", "Iron", "Bright",
		"Clear", "Swift", "Prime", "Grand", "Royal", "Urban", "Coastal", "Metro", "Pioneer", "Vista",
		"Orion", "Polar", "Sunrise", "Eagle", "Falcon", "Lion", "Crown", "Star", "Delta", "Nordic",
		"Pacific", "Atlantic", "Central", "United", "Global", "First", "Modern", "Civic", "Liberty", "Keystone"}
	b := [...]string{"Logistics", "Foods", "Health", "Motors", "Energy", "Textiles", "Pharma", "Media", "Bank", "Insurance",
		"Retail", "Construction", "Telecom", "Airlines", "Hotels", "Chemicals", "Steel", "Paper", "Software", "Consulting",
		"Engineering", "Farms", "Dairy", "Brewing", "Shipping", "Rail", "Labs", "Clinics", "Schools", "Studios",
		"Printing", "Plastics", "Glass", "Tools", "Electric", "Water", "Mining", "Capital", "Travel", "Furniture"}
	c := [...]string{"Ltd", "Inc", "GmbH", "AG", "SA", "SAS", "BV", "NV", "AB", "AS",
		"Oy", "SpA", "Srl", "SL", "Lda", "Kft", "LLC", "Pty Ltd", "KK", "Pte Ltd",
		"Group", "Holdings", "& Co", "Partners", "Corp"}
	t := &customerTable{names: make([]string, customerCount), cum: make([]int, customerCount)}
	for i := range customerCount {
		// 7919 is prime to 50,000: i -> k is a permutation, so each name
		// is used once and neighbours in a country differ in every word.
		k := i * 7919 % customerCount
		t.names[i] = a[k%len(a)] + " " + b[k/len(a)%len(b)] + " " + c[k/(len(a)*len(b))]
	}
	// Countries get customers in proportion to their weight.
	total := 0.0
	for _, ct := range wideCountries {
		total += ct.weight
	}
	acc := 0.0
	for ci, ct := range wideCountries {
		acc += ct.weight
		t.first[ci+1] = int(float64(customerCount)*acc/total + 0.5)
		sum := 0
		for rank := range t.first[ci+1] - t.first[ci] {
			// A few large accounts, a long tail of small ones.
			sum += 2 + 200/(rank+5)
			t.cum[t.first[ci]+rank] = sum
		}
	}
	return t
}

// pick draws a customer of country c.
func (t *customerTable) pick(r *rand.Rand, c int) int {
	cum := t.cum[t.first[c]:t.first[c+1]]
	i, _ := slices.BinarySearch(cum, r.IntN(cum[len(cum)-1])+1)
	return t.first[c] + i
}

// The plans of the wide shapes: 1,000 strategies in ten plans, say, each
// scoped on a region, by its plan or by itself, and sometimes on one to
// three categories or a channel. Most plans are of the fiscal year
// before the one the data ends in, some of the year before that, and
// some of the year the data ends in, so that with the default dates
// (FY2024, FY2023 and FY2025) strategies are done, under way or not
// begun.

// wideScope is a strategy's reach, as the sets expected sales are summed
// over and as the YAML that says it.
type wideScope struct {
	countries, channels, categories []bool
	yaml, exclude                   []string
}

func (g *siteGen) widePlan(p, n int) []byte {
	fy := g.fyLast - 1
	switch p % 5 {
	case 3:
		fy--
	case 4:
		fy++
	}
	region, title, in := -1, "Global category plan", ""
	if p%2 == 0 {
		region = p / 2 % len(wideRegions)
		title, in = wideRegions[region].name+" plan", wideRegions[region].name
	}
	var b bytes.Buffer
	planHead(&b, p, n, fy, title, in)
	for s := range n {
		start, end, period := g.period(fy)
		for tries := 0; end.AddYears(-1) < g.o.Data.Start && tries < 10; tries++ {
			// A quarter whose baseline came before the data would have its
			// units phased on nothing.
			start, end, period = g.period(fy)
		}
		sc, x := drawScope(g, start, end, func() wideScope { return g.wideScope(region) }, g.wideExpected)
		targets := g.targets(x, "units", x.units, 10)
		if g.o.Data.Shape == Orders {
			// Orders first, so that breakdowns rank by them: orders of
			// two lines and more make fewer orders than lines.
			targets = fmt.Sprintf("      orders: %d\n", max(10, int64(x.orders*g.ordersPerLine*(0.8+0.45*g.r.Float64())))) + targets
		}
		writeStrategy(&b, p, s, period, sc.yaml, sc.exclude, targets)
	}
	return b.Bytes()
}

// wideScope draws a strategy's scope in region, or in a region it names
// itself when region is -1.
func (g *siteGen) wideScope(region int) wideScope {
	r := g.r
	sc := wideScope{countries: make([]bool, len(wideCountries)), channels: allOf(len(wideChannels)), categories: allOf(len(wideCategories))}
	if region < 0 {
		region = r.IntN(len(wideRegions))
		sc.yaml = append(sc.yaml, "region: "+q(wideRegions[region].name))
	}
	for c, ct := range wideCountries {
		sc.countries[c] = ct.region == region
	}
	categories := func() {
		picked := r.Perm(len(wideCategories))[:1+r.IntN(3)]
		slices.Sort(picked)
		var names []string
		for i := range sc.categories {
			sc.categories[i] = slices.Contains(picked, i)
			if sc.categories[i] {
				names = append(names, q(wideCategories[i].name))
			}
		}
		if len(names) == 1 {
			sc.yaml = append(sc.yaml, "category: "+names[0])
		} else {
			sc.yaml = append(sc.yaml, "category: ["+strings.Join(names, ", ")+"]")
		}
	}
	switch r.IntN(6) {
	case 2, 3:
		categories()
	case 4:
		ch := r.IntN(len(wideChannels))
		for i := range sc.channels {
			sc.channels[i] = i == ch
		}
		sc.yaml = append(sc.yaml, "channel: "+q(wideChannels[ch].name))
	case 5: // categories, a channel left out
		categories()
		ch := r.IntN(len(wideChannels))
		sc.channels[ch] = false
		sc.exclude = []string{"channel: " + q(wideChannels[ch].name)}
	}
	return sc
}

// wideExpected returns what Write is expected to sell in scope sc from
// start to end.
func (g *siteGen) wideExpected(sc wideScope, start, end civil.Date) figures {
	w := world()
	var x figures
	for c := range wideCountries {
		for ch := range wideChannels {
			if !sc.countries[c] || !sc.channels[ch] {
				continue
			}
			n := g.orders(c*len(wideChannels)+ch, start, end) // the unit of wideModel
			for cat, in := range sc.categories {
				if in {
					v := w.perOrder[cat][ch]
					x.revenue += float64(n * v.revenue)
					x.cost += float64(n * v.cost)
					x.units += float64(n * v.units)
					x.orders += float64(n * v.orders)
				}
			}
		}
	}
	return x
}
