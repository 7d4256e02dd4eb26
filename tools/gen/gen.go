// Package gen writes made-up sales data as CSV, one row per order line
// with the columns of its Shape's Header. By default it is the order book
// of Northwind, the fictional company of the example site.
//
// Northwind's data is made up but behaves like a real order book: about thirty
// account executives, each bound to one country in EMEA, North America,
// APAC or LATAM, sell eleven products in four categories (Software,
// Subscriptions, Services, Hardware) through three channels (Direct,
// Partner, Online) to three segments (Enterprise, Mid-Market, SMB).
// Orders follow the working week, quarter-end pushes, a year-end peak, a
// June push before Northwind's fiscal year closes, the European summer
// lull and Japan's March fiscal year-end, on top of regional growth. A few
// deliberate stories make the example plans succeed or fail: DACH
// enterprise takes off from February 2026, French resellers drift away,
// a North American web-shop push for small businesses lifts SMB online
// sales, US enterprise deals slip out of the first quarter of FY2027,
// LATAM growth stalls from July 2025 and Mexican partners churn.
//
// That is the Tidy shape, and whatever the number of rows its order lines
// hold about 2,000 combinations of dimension values. Real CRM exports do
// not: they carry products, reps, customers and postcodes, so nearly
// every row is a combination of its own, and an engine that is fast on
// the one can be slow on the other. The Wide shape (wide.go) is such an
// export, of a reseller of computers, software and services: a million
// order lines from 2022 to 2024 by default, in 8 regions, 40 countries
// (each in one region), 12 categories, 200 products (each in one
// category), 4 channels and 300 reps, with seasons and regional growth.
// Customers is Wide with a customer column of 50,000 values (each in one
// country) and otherwise the same rows.
//
// Output is a pure function of Options: rows come out in date order, then
// in the fixed order of the package's tables; randomness comes from PCG
// streams seeded by Options.Seed; money is computed in integer cents.
// Nothing reads the clock or iterates a map. The example site's
// data/sales.csv is Write(w, Default()), and a test keeps it so.
//
// WriteSite (site.go) writes a whole site of any size and shape for
// benchmarks: this data and plans of many strategies whose targets are
// drawn around what the data is expected to sell, and BenchSiteShape
// keeps such sites in a cache folder that every package's benchmarks
// share.
//
// The package depends on nothing but the standard library and
// salesdeck/internal/support/civil.
package gen

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"

	"salesdeck/internal/support/civil"
)

// Header is the CSV header line, without its line end.
const Header = "date,region,country,product,category,channel,segment,rep,revenue,units,cost"

// DefaultSeed is the seed of the example site's data. Order sizes vary a
// lot, so a quarter's figures for one country can hide a story; this seed
// was picked from the first few hundred as one where every story shows.
const DefaultSeed = 119

// baseRate is the number of orders an account executive of weight 1 books
// on an ordinary working day, before season and growth. It sets the
// example's size: about 32,000 rows over three years.
const baseRate = 1.15

// Options say what to generate.
type Options struct {
	Seed       uint64
	Start, End civil.Date // inclusive
	// Scale multiplies the order rate: 2 gives about twice the rows over
	// the same dates. 0 means 1.
	Scale float64
	// Rows, when above 0, overrides Scale with the scale that gives about
	// Rows rows (within a fraction of a percent for large Rows).
	Rows int
	// Shape is the kind of export; the zero value is Tidy, the example's.
	Shape Shape
}

// Shape is the kind of sales export Write makes.
type Shape uint8

const (
	// Tidy is Northwind's order book, the example site's data: about
	// 2,000 combinations of dimension values however many rows.
	Tidy Shape = iota
	// Wide is a CRM export (wide.go): eight regions, 40 countries, 12
	// categories, 4 channels, 200 products and 300 reps, so that nearly
	// every row is a combination of its own.
	Wide
	// Customers is Wide with a customer column of 50,000 values.
	Customers
	// Orders is Wide with an order id: the lines of a country's channel
	// on a day come in orders of one to six lines (three on average),
	// and the site counts orders as the distinct order ids
	// (count_distinct) and ranks its breakdowns by them.
	Orders
)

var shapeNames = [...]string{Tidy: "tidy", Wide: "wide", Customers: "customers", Orders: "orders"}

func (s Shape) String() string {
	if int(s) < len(shapeNames) {
		return shapeNames[s]
	}
	return "shape" + strconv.Itoa(int(s))
}

// ParseShape returns the shape of a name String returns.
func ParseShape(name string) (Shape, error) {
	for s, n := range shapeNames {
		if n == name {
			return Shape(s), nil
		}
	}
	return 0, fmt.Errorf("unknown shape %q: tidy, wide, customers or orders", name)
}

// Header returns the CSV header line of the shape, without its line end.
func (s Shape) Header() string {
	switch s {
	case Wide:
		return "date,region,country,category,product,channel,rep,revenue,units,cost"
	case Customers:
		return "date,region,country,customer,category,product,channel,rep,revenue,units,cost"
	case Orders:
		return "date,order_id,region,country,category,product,channel,rep,revenue,units,cost"
	}
	return Header
}

// Default returns the options of the example site's data/sales.csv: three
// years of orders, 2023-10-01 to 2026-09-30.
func Default() Options { return Defaults(Tidy) }

// Defaults returns the usual options of a shape: for Tidy those of the
// example site; for the wide shapes about a million order lines from
// 2022-01-01 to 2024-12-31.
func Defaults(s Shape) Options {
	if s != Tidy {
		return Options{Seed: 1, Start: civil.New(2022, 1, 1), End: civil.New(2024, 12, 31), Scale: 1, Shape: s}
	}
	return Options{
		Seed:  DefaultSeed,
		Start: civil.New(2023, 10, 1),
		End:   civil.New(2026, 9, 30),
		Scale: 1,
		Shape: s,
	}
}

// Write writes the header and every row for o to w and returns the number
// of rows written, header excluded.
func Write(w io.Writer, o Options) (int, error) {
	scale, err := o.scale()
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString(o.Shape.Header() + "\n")
	m := o.model()
	r := rand.New(rand.NewPCG(o.Seed, m.stream))
	var line []byte
	n := 0
	for d := o.Start; d <= o.End; d++ {
		day := newDay(d)
		for u := range m.units {
			k := count(r, float64(scale*m.rate(u, day)))
			for range k {
				line = m.row(line[:0], r, day, u)
				if _, err := bw.Write(line); err != nil {
					return n, err
				}
				n++
			}
		}
	}
	return n, bw.Flush()
}

// model is how the orders of a shape come about: they are counted per
// unit of rate, each with its expected orders a day, and drawn one by
// one. Units come in a fixed order, so the rows do too.
type model struct {
	units int
	rate  func(u int, day day) float64
	// row appends one order line of unit u, with its line end, to b.
	row    func(b []byte, r *rand.Rand, day day, u int) []byte
	stream uint64 // the PCG stream orders are drawn from
}

// model returns the model of o's shape. Tidy's units are a rep's segment
// through a channel, the wide shapes' a country's channel (wide.go).
func (o Options) model() model {
	if o.Shape != Tidy {
		return wideModel(o)
	}
	return model{
		units: len(reps) * len(segments) * len(channels),
		rate: func(u int, day day) float64 {
			ri, seg, ch := uncombo(u)
			return rate(ri, seg, ch, day)
		},
		row: func(b []byte, r *rand.Rand, day day, u int) []byte {
			ri, seg, ch := uncombo(u)
			return appendRow(b, r, day, ri, seg, ch)
		},
		stream: 0x6e6f72746877696e, // "northwin"
	}
}

// combo is the unit of rate of a rep's segment through a channel, and
// uncombo its inverse.
func combo(ri, seg, ch int) int { return (ri*len(segments)+seg)*len(channels) + ch }

func uncombo(u int) (ri, seg, ch int) {
	return u / (len(segments) * len(channels)), u / len(channels) % len(segments), u % len(channels)
}

// ExpectedRows returns the number of rows Write produces for o on average
// over seeds.
func ExpectedRows(o Options) (float64, error) {
	scale, err := o.scale()
	if err != nil {
		return 0, err
	}
	return scale * o.expected(), nil
}

func (o Options) scale() (float64, error) {
	switch {
	case o.End < o.Start:
		return 0, fmt.Errorf("end %s is before start %s", o.End, o.Start)
	case o.Scale < 0 || math.IsNaN(o.Scale) || math.IsInf(o.Scale, 0):
		return 0, fmt.Errorf("scale %v is not a positive number", o.Scale)
	case o.Shape > Orders:
		return 0, fmt.Errorf("unknown shape %v", o.Shape)
	case o.Rows < 0:
		return 0, errors.New("rows must not be negative")
	case o.Rows > 0:
		e := o.expected()
		if e == 0 {
			return 0, errors.New("no orders are possible between start and end")
		}
		return float64(o.Rows) / e, nil
	case o.Scale == 0:
		return 1, nil
	}
	return o.Scale, nil
}

// expected sums the order rate at scale 1 over the dates of o.
func (o Options) expected() float64 {
	m := o.model()
	sum := 0.0
	for d := o.Start; d <= o.End; d++ {
		day := newDay(d)
		for u := range m.units {
			sum += float64(m.rate(u, day)) // no fused multiply-add: same sum on every platform
		}
	}
	return sum
}

// day holds what the rate of a day depends on.
type day struct {
	d       civil.Date
	iso     string
	month   int
	weekday int  // 0 Sunday .. 6 Saturday
	qEnd    bool // one of the last six days of a calendar quarter
	holiday bool
}

func newDay(d civil.Date) day {
	_, m, dd := d.YMD()
	month := int(m)
	return day{
		d:       d,
		iso:     d.String(),
		month:   month,
		weekday: (int(d)%7 + 11) % 7, // 1970-01-01 was a Thursday
		qEnd:    month%3 == 0 && d > d.MonthEnd()-6,
		holiday: (month == 12 && dd >= 24 && dd <= 26) || (month == 1 && dd == 1),
	}
}

// rate is the expected number of orders of one rep, segment and channel on
// a day at scale 1.
func rate(ri, seg, ch int, day day) float64 {
	rp := reps[ri]
	c := countries[rp.country]
	share := segmentMix[rp.focus][seg] * channelMix[seg][ch]
	if ch == partner {
		share *= c.partner
	}
	v := baseRate * rp.weight * share
	v *= season[day.month] * regionalSeason(rp.country, day.month)
	v *= trend(c.region, day.d)
	v *= weekday(ch, day.weekday)
	if day.qEnd && ch != online && seg != smb {
		v *= 1.7
	}
	if day.holiday {
		v *= 0.15
	}
	return v * story(rp.country, seg, ch, day.d)
}

// weekday is the order rate of a day of the week: people buy online at the
// weekend, sales teams close deals on working days.
func weekday(ch, wd int) float64 {
	if ch == online {
		return [7]float64{0.5, 1, 1, 1, 1, 1, 0.55}[wd]
	}
	return [7]float64{0.03, 1, 1, 1, 1, 0.9, 0.06}[wd]
}

// count draws how many orders happen given their expected number: a
// binomial with small success probability, which is close to Poisson and
// needs nothing but comparisons, so every platform draws the same.
func count(r *rand.Rand, lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	n := 8
	if lambda > 2 {
		n = int(math.Ceil(4 * lambda))
	}
	p := lambda / float64(n)
	k := 0
	for range n {
		if r.Float64() < p {
			k++
		}
	}
	return k
}

// appendRow appends one order line, with its line end, to b.
func appendRow(b []byte, r *rand.Rand, day day, ri, seg, ch int) []byte {
	rp := reps[ri]
	c := countries[rp.country]
	p := products[pickProduct(r, rp.country, seg, ch, day.d)]

	units := drawUnits(r, p.units[seg][0], p.units[seg][1])
	if seg == enterprise && ch == direct && r.IntN(100) < 5 {
		units *= 2 // a strategic deal
	}
	dlo, dhi := discount[ch][seg][0], discount[ch][seg][1]
	disc := min(dlo+r.Int64N(dhi-dlo+1)+extraDiscount(rp.country, seg, ch, day.d), 6000)
	revenue, cost := price(r, units, p.list, p.cost, disc)
	return appendLine(b, day.iso, revenue, units, cost, c.region, c.name, p.name, p.category, channels[ch], segments[seg], rp.name)
}

// drawUnits draws the quantity of an order from lo to hi: most orders
// are small.
func drawUnits(r *rand.Rand, lo, hi int) int {
	u := r.Float64()
	return lo + int(float64(hi-lo+1)*u*u)
}

// price returns the revenue and cost, in cents, of units sold at list
// cents less disc basis points, when each costs about cost cents (±5%).
func price(r *rand.Rand, units int, list, cost, disc int64) (int64, int64) {
	return (int64(units)*list*(10000-disc) + 5000) / 10000, (int64(units)*cost*(95+r.Int64N(11)) + 50) / 100
}

// appendLine appends an order line of day iso, with its dimension values
// and figures and its line end, to b.
func appendLine(b []byte, iso string, revenue int64, units int, cost int64, dims ...string) []byte {
	b = append(b, iso...)
	for _, d := range dims {
		b = append(b, ',')
		b = append(b, d...)
	}
	b = append(b, ',')
	b = appendCents(b, revenue)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(units), 10)
	b = append(b, ',')
	b = appendCents(b, cost)
	return append(b, '\n')
}

// pickProduct chooses a product by the segment's weights; the web shop
// sells only some products.
func pickProduct(r *rand.Rand, c, seg, ch int, d civil.Date) int {
	boost := subscriptionBoost(c, d)
	var w [len(products)]int
	total := 0
	for i, p := range products {
		x := p.weight[seg] * 10
		if ch == online && !p.online {
			x = 0
		}
		if boost && p.category == "Subscriptions" {
			x = x * 13 / 10
		}
		w[i] = x
		total += x
	}
	k := r.IntN(total)
	for i, x := range w {
		if k < x {
			return i
		}
		k -= x
	}
	panic("unreachable")
}

// appendCents appends a non-negative amount of cents as dollars with two
// decimals.
func appendCents(b []byte, cents int64) []byte {
	b = strconv.AppendInt(b, cents/100, 10)
	b = append(b, '.')
	c := cents % 100
	return append(b, byte('0'+c/10), byte('0'+c%10))
}
