// Package metric defines what targets and charts measure: a sum of an
// arithmetic expression of measures, a count of rows, a count of the
// distinct values of a column, or a ratio of two other metrics. It parses expressions and evaluates metrics over summed
// figures; it knows nothing of files, plans or where the figures come from.
package metric

import (
	"fmt"
	"slices"
	"strings"

	"salesdeck/internal/support/diag"
)

// Kind is how a metric is computed.
type Kind int

const (
	Sum      Kind = iota // sum over rows of an expression of measures
	Count                // number of rows
	Ratio                // metric A over metric B, recomputed, never summed
	Distinct             // number of distinct non-empty values of a column, counted, never summed
)

// Def is one metric of site.yaml.
type Def struct {
	Name   string
	Kind   Kind
	Expr   *Expr     // Sum
	Ratio  [2]string // Ratio: numerator and denominator metric names
	Column string    // Distinct: the column whose values are counted
	Format string    // money | number | percent
	Pos    diag.Pos
	// Hidden marks a column summed like a sum metric that no plan or
	// page names: the volume of site.yaml's analysis (Set.UseVolume).
	Hidden bool
}

// Volume is the name Column and Columns know the volume column by
// (Set.UseVolume); no metric of site.yaml can be looked up by it.
const Volume = "\x00volume"

// Set is a resolved list of metrics. Sum and Count metrics are "base"
// metrics: data is aggregated into one column per base metric, whose
// figures add up. Distinct metrics have a column each after the base
// ones, whose figures are counted over the rows of each figure and never
// added up. Every metric's value is computed from a vector of Width
// columns: the base columns' sums, then the distinct counts.
type Set struct {
	Defs  []Def
	index map[string]int // name -> position in Defs
	base  []int          // Defs index -> column, -1 for ratios
	nbase int
	ndist int
	// volume is the column that sums the volume measure (UseVolume), or
	// -1.
	volume int
}

// NewSet checks defs against the measures the data has and returns a Set.
// Problems are reported with each metric's position.
func NewSet(defs []Def, measures []string) (*Set, error) {
	var errs diag.List
	s := &Set{Defs: defs, index: map[string]int{}, base: make([]int, len(defs)), volume: -1}
	for i, d := range defs {
		if _, dup := s.index[d.Name]; dup {
			errs.Add(d.Pos, "metric %q is defined twice", d.Name)
		}
		s.index[d.Name] = i
		s.base[i] = -1
		switch d.Kind {
		case Sum:
			for _, name := range d.Expr.Names() {
				if !slices.Contains(measures, name) {
					errs.Add(d.Pos, "metric %q: unknown measure %q%s", d.Name, name, diag.Suggest(name, measures))
				}
			}
			s.base[i] = s.nbase
			s.nbase++
		case Count:
			s.base[i] = s.nbase
			s.nbase++
		case Distinct:
			s.ndist++
		}
	}
	k := 0
	for i, d := range defs {
		if d.Kind == Distinct {
			s.base[i] = s.nbase + k
			k++
		}
	}
	for _, d := range defs {
		if d.Kind != Ratio {
			continue
		}
		for _, part := range d.Ratio {
			if _, ok := s.index[part]; !ok {
				errs.Add(d.Pos, "metric %q: unknown metric %q in ratio%s", d.Name, part, diag.Suggest(part, s.Names()))
			}
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	for _, d := range defs {
		if d.Kind == Ratio && s.cyclic(d.Name, nil) {
			errs.Add(d.Pos, "metric %q is defined in terms of itself", d.Name)
		}
	}
	return s, errs.Err()
}

func (s *Set) cyclic(name string, seen []string) bool {
	if slices.Contains(seen, name) {
		return true
	}
	d := s.Defs[s.index[name]]
	if d.Kind != Ratio {
		return false
	}
	seen = append(seen, name)
	return s.cyclic(d.Ratio[0], seen) || s.cyclic(d.Ratio[1], seen)
}

// UseVolume makes Column(Volume) a column that sums measure alone, for
// the price-volume-mix figures: the column of a sum metric whose
// expression is the measure's name, or else a hidden one added for it.
// measure must be one of the measures the Set was made with.
func (s *Set) UseVolume(measure string) {
	for i, d := range s.Defs {
		if d.Kind == Sum && strings.TrimSpace(d.Expr.String()) == measure {
			s.volume = s.base[i]
			return
		}
	}
	// The measure by name, whatever its name: sales.measures may call
	// a measure what no expression could write ("2026", "unit-price").
	e := &Expr{src: measure, root: node{op: 'n', name: measure}}
	// Clipped: Defs may be site.yaml's own list, which must not change.
	s.Defs = append(slices.Clip(s.Defs), Def{Name: Volume, Kind: Sum, Expr: e, Format: "number", Hidden: true})
	s.base = append(s.base, s.nbase)
	s.volume = s.nbase
	s.nbase++
	// The distinct columns come after the base ones: one place on.
	for i, d := range s.Defs {
		if d.Kind == Distinct {
			s.base[i]++
		}
	}
}

// Names lists the metric names in order.
func (s *Set) Names() []string {
	out := make([]string, 0, len(s.Defs))
	for _, d := range s.Defs {
		if !d.Hidden {
			out = append(out, d.Name)
		}
	}
	return out
}

// Lookup returns the definition of name.
func (s *Set) Lookup(name string) (Def, bool) {
	i, ok := s.index[name]
	if !ok {
		return Def{}, false
	}
	return s.Defs[i], true
}

// Base is the number of aggregated columns whose figures add up (sum and
// count metrics): columns 0 to Base()-1.
func (s *Set) Base() int { return s.nbase }

// Distinct is the number of count_distinct metrics: columns Base() to
// Width()-1, in the order of DistinctDefs.
func (s *Set) Distinct() int { return s.ndist }

// Width is the number of columns of a vector Value reads.
func (s *Set) Width() int { return s.nbase + s.ndist }

// Additive reports whether column c's figures add up: a sum or count's do,
// a distinct count's do not (an order with lines in two months is one
// order of the two months together).
func (s *Set) Additive(c int) bool { return c < s.nbase }

// Column returns the column of a sum, count or count_distinct metric, or
// -1; Column(Volume) is the volume column (UseVolume), a base one.
func (s *Set) Column(name string) int {
	if name == Volume {
		return s.volume
	}
	i, ok := s.index[name]
	if !ok {
		return -1
	}
	return s.base[i]
}

// Columns marks in used (Width long) the columns metric name is computed
// from.
func (s *Set) Columns(name string, used []bool) {
	if c := s.Column(name); c >= 0 {
		used[c] = true
		return
	}
	if d, ok := s.Lookup(name); ok && d.Kind == Ratio {
		s.Columns(d.Ratio[0], used)
		s.Columns(d.Ratio[1], used)
	}
}

// BaseDefs returns the sum and count metrics in column order.
func (s *Set) BaseDefs() []Def {
	out := make([]Def, 0, s.nbase)
	for i, d := range s.Defs {
		if s.base[i] >= 0 && d.Kind != Distinct {
			out = append(out, d)
		}
	}
	return out
}

// DistinctDefs returns the count_distinct metrics in column order.
func (s *Set) DistinctDefs() []Def {
	out := make([]Def, 0, s.ndist)
	for _, d := range s.Defs {
		if d.Kind == Distinct {
			out = append(out, d)
		}
	}
	return out
}

// Value computes metric name from a vector of Width columns: the sums of
// the base columns and the distinct counts. ok is false when the value is
// undefined: a ratio whose denominator is 0.
func (s *Set) Value(name string, sums []float64) (v float64, ok bool) {
	i := s.index[name]
	if c := s.base[i]; c >= 0 {
		return sums[c], true
	}
	d := s.Defs[i]
	a, okA := s.Value(d.Ratio[0], sums)
	b, okB := s.Value(d.Ratio[1], sums)
	if !okA || !okB || b == 0 {
		return 0, false
	}
	return a / b, true
}

// Kind returns the kind of metric name; Ratio for a name it does not
// know, which has no column of its own.
func (s *Set) Kind(name string) Kind {
	if i, ok := s.index[name]; ok {
		return s.Defs[i].Kind
	}
	return Ratio
}

// IsRatio reports whether name is a ratio metric.
func (s *Set) IsRatio(name string) bool {
	i, ok := s.index[name]
	return ok && s.Defs[i].Kind == Ratio
}

func (k Kind) String() string {
	switch k {
	case Sum:
		return "sum"
	case Count:
		return "count"
	case Ratio:
		return "ratio"
	case Distinct:
		return "count_distinct"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}
