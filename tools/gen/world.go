package gen

import "salesdeck/internal/support/civil"

// This file is Northwind's world: where it sells, who sells, what it sells
// and the stories the example plans are about. Every table is a slice, so
// the order rows come out in never depends on map iteration.

// Segments and channels, in output order.
var (
	segments = [...]string{"Enterprise", "Mid-Market", "SMB"}
	channels = [...]string{"Direct", "Partner", "Online"}
)

const (
	enterprise = iota
	midMarket
	smb
	balanced // a rep's focus: no single segment
)

const (
	direct = iota
	partner
	online
)

// country is a sales country and the region it reports into.
type country struct {
	name, region string
	// partner scales the share of partner-led orders (France, Japan and
	// Latin America buy through resellers more than the US does).
	partner float64
}

var countries = []country{
	{"Germany", "EMEA", 1}, // 0
	{"Austria", "EMEA", 1},
	{"Switzerland", "EMEA", 1},
	{"France", "EMEA", 1.5},
	{"United Kingdom", "EMEA", 1},
	{"Netherlands", "EMEA", 1}, // 5
	{"Spain", "EMEA", 1.2},
	{"Italy", "EMEA", 1.3},
	{"Sweden", "EMEA", 1},
	{"Norway", "EMEA", 1},
	{"Denmark", "EMEA", 1}, // 10
	{"United States", "North America", 0.9},
	{"Canada", "North America", 1},
	{"Japan", "APAC", 1.6},
	{"Australia", "APAC", 1},
	{"Singapore", "APAC", 1.1}, // 15
	{"India", "APAC", 1.3},
	{"Brazil", "LATAM", 1.3},
	{"Mexico", "LATAM", 1.4},
	{"Chile", "LATAM", 1.2},
}

// Indexes into countries used by the stories below.
const (
	germany      = 0
	austria      = 1
	switzerland  = 2
	france       = 3
	unitedStates = 11
	canada       = 12
	japan        = 13
	mexico       = 18
)

// rep is an account executive, bound to one country. Online orders from a
// rep's territory are credited to that rep.
type rep struct {
	name    string
	country int
	// weight is the rep's order rate on an ordinary working day, relative
	// to the other reps.
	weight float64
	focus  int // enterprise, midMarket, smb or balanced
}

var reps = []rep{
	{"Jonas Keller", germany, 1.3, enterprise},
	{"Lena Hoffmann", germany, 1.2, midMarket},
	{"Felix Brandt", germany, 1.1, smb},
	{"Miriam Gruber", austria, 0.6, balanced},
	{"Lukas Meier", switzerland, 0.7, enterprise},
	{"Camille Laurent", france, 1.2, enterprise},
	{"Hugo Moreau", france, 1.2, smb},
	{"Oliver Hughes", 4, 1.2, enterprise},
	{"Charlotte Evans", 4, 1.2, midMarket},
	{"Sanne de Vries", 5, 0.8, balanced},
	{"Lucía Romero", 6, 0.7, balanced},
	{"Marco Bianchi", 7, 0.7, balanced},
	{"Erik Lindqvist", 8, 0.5, balanced},
	{"Ingrid Solberg", 9, 0.4, balanced},
	{"Mads Christensen", 10, 0.4, balanced},
	{"Olivia Bennett", unitedStates, 1.4, enterprise},
	{"Ethan Brooks", unitedStates, 1.3, enterprise},
	{"Madison Clark", unitedStates, 1.4, midMarket},
	{"Tyler Jenkins", unitedStates, 1.3, midMarket},
	{"Ashley Ramirez", unitedStates, 1.6, smb},
	{"Liam Tremblay", canada, 0.9, balanced},
	{"Haruto Sato", japan, 0.9, enterprise},
	{"Yui Tanaka", japan, 0.8, midMarket},
	{"Chloe Mitchell", 14, 0.8, balanced},
	{"Wei Ling Tan", 15, 0.6, balanced},
	{"Arjun Mehta", 16, 0.7, balanced},
	{"Rafael Souza", 17, 0.9, balanced},
	{"Beatriz Lima", 17, 0.8, smb},
	{"Diego Hernández", mexico, 0.8, balanced},
	{"Valentina Rojas", 19, 0.5, balanced},
}

// segmentMix is the share of a rep's orders in each segment, by focus.
var segmentMix = [4][3]float64{
	enterprise: {0.60, 0.30, 0.10},
	midMarket:  {0.15, 0.60, 0.25},
	smb:        {0.05, 0.25, 0.70},
	balanced:   {0.25, 0.40, 0.35},
}

// channelMix is the share of orders by channel within a segment.
var channelMix = [3][3]float64{
	enterprise: {0.74, 0.24, 0.02},
	midMarket:  {0.46, 0.40, 0.14},
	smb:        {0.12, 0.33, 0.55},
}

// product is a price-list item. Prices and costs are per unit in cents.
type product struct {
	name, category string
	list, cost     int64
	// units holds the lowest and highest quantity of an ordinary order,
	// by segment.
	units [3][2]int
	// weight is how often the product is ordered, by segment.
	weight [3]int
	online bool // sold in the web shop
}

var products = [...]product{
	{"Insight Desktop", "Software", 450_00, 40_00, [3][2]int{{40, 250}, {10, 80}, {1, 15}}, [3]int{14, 14, 16}, true},
	{"Insight Server", "Software", 9500_00, 1100_00, [3][2]int{{1, 8}, {1, 3}, {1, 1}}, [3]int{8, 5, 1}, false},
	{"DataBridge Connectors", "Software", 1800_00, 160_00, [3][2]int{{5, 40}, {2, 12}, {1, 4}}, [3]int{8, 6, 3}, false},
	{"Cloud Starter", "Subscriptions", 240_00, 60_00, [3][2]int{{20, 200}, {10, 60}, {1, 25}}, [3]int{0, 8, 22}, true},
	{"Cloud Business", "Subscriptions", 600_00, 140_00, [3][2]int{{50, 300}, {10, 120}, {3, 30}}, [3]int{10, 18, 16}, true},
	{"Cloud Enterprise", "Subscriptions", 1100_00, 280_00, [3][2]int{{100, 350}, {25, 150}, {10, 40}}, [3]int{14, 6, 0}, false},
	{"Implementation Services", "Services", 1400_00, 820_00, [3][2]int{{10, 60}, {3, 20}, {1, 5}}, [3]int{14, 10, 4}, false},
	{"Training", "Services", 900_00, 480_00, [3][2]int{{2, 15}, {1, 6}, {1, 2}}, [3]int{8, 8, 6}, true},
	{"Premium Support", "Services", 4800_00, 1900_00, [3][2]int{{1, 10}, {1, 3}, {1, 1}}, [3]int{8, 6, 2}, false},
	{"Edge Gateway", "Hardware", 2600_00, 1750_00, [3][2]int{{5, 40}, {1, 15}, {1, 4}}, [3]int{6, 4, 2}, false},
	{"Sensor Kit", "Hardware", 380_00, 270_00, [3][2]int{{20, 200}, {5, 60}, {1, 20}}, [3]int{6, 5, 3}, true},
}

// discount is the lowest and highest discount in basis points, by channel
// and segment. Partner orders carry the reseller's margin.
var discount = [3][3][2]int64{
	direct:  {{800, 2800}, {500, 1800}, {0, 1000}},
	partner: {{1800, 3200}, {1500, 3000}, {1200, 2500}},
	online:  {{0, 500}, {0, 500}, {0, 500}},
}

// season is the global order rate by calendar month (index 1-12): a
// quiet January, a push before the fiscal year closes on June 30, a
// summer lull and a year-end peak.
var season = [13]float64{0, 0.80, 0.88, 1.05, 0.92, 0.97, 1.15, 0.85, 0.85, 1.02, 1.02, 1.12, 1.30}

// Regional multipliers of season, by calendar month (index 1-12).
var (
	noSeason       = [13]float64{0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}
	europeanSummer = [13]float64{0, 1, 1, 1, 1, 1, 1, 0.85, 0.60, 1, 1, 1, 0.95}             // summer holidays
	southernSummer = [13]float64{0, 0.80, 0.82, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}                // southern summer and carnival
	japaneseYear   = [13]float64{0, 0.95, 1.10, 1.85, 0.80, 0.95, 1, 1, 0.85, 1, 1, 1, 0.85} // the fiscal year closes on March 31
)

// regionalSeason multiplies season for one country or region.
func regionalSeason(c int, month int) float64 {
	switch {
	case c == japan:
		return japaneseYear[month]
	case countries[c].region == "EMEA":
		return europeanSummer[month]
	case countries[c].region == "LATAM":
		return southernSummer[month]
	}
	return 1
}

// Dates the stories turn on.
var (
	origin          = civil.New(2023, 10, 1)
	dachPush        = civil.New(2026, 2, 1)  // DACH enterprise team doubled
	franceChurn     = civil.New(2025, 4, 1)  // two French resellers leave
	onlineSMBPush   = civil.New(2026, 6, 15) // North America web-shop campaign
	usSlipStart     = civil.New(2026, 7, 1)  // US enterprise deals slip a quarter
	usSlipEnd       = civil.New(2026, 9, 30)
	latamStall      = civil.New(2025, 7, 1) // LATAM growth stalls
	mexicoChurn     = civil.New(2025, 10, 1)
	fy2027          = civil.New(2026, 7, 1) // EMEA renewals drive, NA discounting
	renewalBoostEnd = civil.New(2026, 9, 30)
)

// trend is the underlying growth of a region on day d.
func trend(region string, d civil.Date) float64 {
	years := float64(d-origin) / 365.25
	switch region {
	case "EMEA":
		return 1 + float64(0.06*years)
	case "North America":
		return 1 + float64(0.09*years)
	case "APAC":
		return 1 + float64(0.13*years)
	}
	// LATAM grows fast until the stall, then slips back.
	if d < latamStall {
		return 1 + float64(0.20*years)
	}
	peak := 1 + float64(0.20*float64(latamStall-origin)/365.25)
	return peak - float64(0.06*float64(d-latamStall)/365.25)
}

// story returns the rate multiplier of the deliberate effects the example
// plans are about, for one country, segment and channel on day d.
func story(c, seg, ch int, d civil.Date) float64 {
	m := 1.0
	switch {
	case (c == germany || c == austria || c == switzerland) && seg == enterprise && ch != partner && d >= dachPush:
		// New enterprise team ramps up over four months.
		m *= 1 + float64(0.75*min(1, float64(d-dachPush)/120))
	case c == france && ch == partner && d >= franceChurn:
		m *= max(0.5, 1-float64(0.32*float64(d-franceChurn)/365))
	case (c == unitedStates || c == canada) && seg == smb && ch == online && d >= onlineSMBPush:
		m *= 1 + float64(0.5*min(1, float64(d-onlineSMBPush)/45))
	case c == unitedStates && seg == enterprise && d >= usSlipStart && d <= usSlipEnd:
		m *= 0.75
	case c == mexico && ch == partner && d >= mexicoChurn:
		m *= 0.68
	}
	return m
}

// extraDiscount is the story's change to discounts, in basis points.
func extraDiscount(c, seg, ch int, d civil.Date) int64 {
	switch {
	case (c == unitedStates || c == canada) && seg == midMarket && d >= fy2027:
		return 700 // price pressure in the mid-market
	case (c == unitedStates || c == canada) && seg == smb && ch == online && d >= onlineSMBPush:
		return 500 // launch promotion
	}
	return 0
}

// subscriptionBoost reports whether subscriptions sell more than usual:
// the EMEA renewals drive of the first quarter of FY2027.
func subscriptionBoost(c int, d civil.Date) bool {
	return countries[c].region == "EMEA" && d >= fy2027 && d <= renewalBoostEnd
}
