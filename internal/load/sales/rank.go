package sales

import (
	"slices"

	"salesdeck/internal/support/civil"
)

// Ranking asks a source that ranks breakdowns itself (sales.rank_in_source,
// docs/databases.md "Ranking in the source") for one strategy's breakdown
// by one dimension: the values of Dim that rows of its combinations of
// the Keys' values have in the days of Range, ranked by Metric, a sum or
// a count, the first TopN of them with their figures, and how many there
// are. It is the third kind of aggregate query of a Need, which a CSV
// read does not run: salesdeck ranks the per-value groups of its rows
// itself, to the same figures.
type Ranking struct {
	// Key names the breakdown for the analysis that asked for it.
	Key    string
	Dim    string
	Metric string
	// Range is a run of whole Segments: a strategy's period to date.
	Range civil.Range
	// Combos are the combinations of the values of the Keys the
	// strategy's rows have, as text, each in the Keys' order.
	Combos [][]string
}

// TopN is how many values a breakdown lists before "Other".
const TopN = 10

// Ranked is a source's answer to a Ranking: its first values, best
// first, and how many values have rows in all.
type Ranked struct {
	Top    []RankedValue
	Values int
}

// RankedValue is one value of a Ranked answer: its row count and its
// figure of the ranking metric, the float64 nearest the exact sum.
type RankedValue struct {
	Value string
	Rows  int64
	Sum   float64
}

// Rank is what a Need asks of a source that ranks breakdowns itself,
// once the source has told which combinations of the Keys' values it
// holds: given Data that holds only those (its Dimensions, Metrics,
// Grouped, the Values of the Grouped dimensions and Combos), the
// dimensions it ranks, which then have no Break, and the Rankings.
type Rank func(keyed *Data) (ranked []string, asks []Ranking)

// sameRankings reports whether two lists of Rankings ask the same.
func sameRankings(a, b []Ranking) bool {
	return slices.EqualFunc(a, b, func(x, y Ranking) bool {
		return x.Key == y.Key && x.Dim == y.Dim && x.Metric == y.Metric && x.Range == y.Range &&
			slices.EqualFunc(x.Combos, y.Combos, func(p, q []string) bool { return slices.Equal(p, q) })
	})
}
