package analysis

import (
	"cmp"
	"math"
	"slices"

	"salesdeck/internal/support/civil"
	"salesdeck/internal/support/metric"
)

// bridgeSteps is how many values a bridge lists before "Other".
const bridgeSteps = 8

// windows holds a strategy's figures per value of one dimension in the
// baseline window (0) and to date (1), for its bridge and its
// price-volume-mix.
type windows struct {
	dim int // index into the data's dimensions
	t   [2]*tally
	ids []uint32 // the values with rows in either window, ascending
}

// perValue adds up, per value of dimension j, the rows of combos in the
// baseline window base and to date (toDate, or for a dimension taken from
// its Break the span its segments cut, breakRange), into sc's tallies.
// need lists the base columns the figures need: the windows hold sums
// only, since neither a bridge nor a price-volume-mix is taken of a
// count_distinct metric, whose figures do not add up. ok is false when the data
// holds no figures of j, which only a strategy with no day to date can
// meet.
func (a *analyser) perValue(j int, base, toDate, brk civil.Range, combos []int, need []int, sc *scratch) (w windows, ok bool) {
	w.dim = j
	n := len(a.data.Values[j])
	for k, r := range []civil.Range{base, toDate} {
		t := &sc.win[k]
		w.t[k] = t
		switch p, b := a.cells[j], a.brk[j]; {
		case p >= 0:
			t.reset(n, a.ix.cols, nil, nil)
			a.ix.tallyRange(t, r, combos, p)
		case b != nil:
			t.reset(n, b.Cols, nil, nil)
			if k == 1 {
				r = brk
			}
			a.breakSums(b, r, combos, t)
		default:
			t.reset(n, nil, nil, nil)
			if !base.Empty() || !toDate.Empty() {
				panic("analysis: the data holds no groups of a bridge's dimension; it was loaded for other plans")
			}
			return w, false
		}
		t.dec = a.data.Decimals
		for _, c := range need {
			if !slices.Contains(t.cols, c) {
				panic("analysis: the data's groups lack a column a bridge needs; it was loaded for other plans")
			}
		}
	}
	w.ids = append(slices.Clone(w.t[0].seen), w.t[1].seen...)
	slices.Sort(w.ids)
	w.ids = slices.Compact(w.ids)
	return w, true
}

// bridge splits the change of r's first target from its baseline to date
// to its actual by the values of w's dimension (docs/figures.md, Bridge
// from last year): each value's change, the largest first (equal ones by
// value), the first bridgeSteps listed and the rest together as "Other".
func (a *analyser) bridge(r *Strategy, w windows) *Bridge {
	first := r.Targets[0]
	name := first.Metric.Name
	names := a.data.Values[w.dim]
	b := &Bridge{By: a.data.Dimensions[w.dim], Start: first.BaselineToDate.V, End: first.Actual.V, Steps: []BridgeStep{}}
	type change struct {
		id    uint32
		delta float64
	}
	cs := make([]change, len(w.ids))
	for k, id := range w.ids {
		cs[k] = change{id, a.value(name, w.t[1].value(id, a.nb)).V - a.value(name, w.t[0].value(id, a.nb)).V}
	}
	slices.SortFunc(cs, func(x, y change) int {
		return cmp.Or(cmp.Compare(math.Abs(y.delta), math.Abs(x.delta)), cmp.Compare(names[x.id], names[y.id]))
	})
	for k, c := range cs {
		if k == bridgeSteps && len(cs) > bridgeSteps {
			// The rest over all their rows together, as a breakdown's
			// Other.
			var rest [2]sums
			for i := range rest {
				rest[i] = sums{v: make([]float64, a.nb)}
				for _, o := range cs[k:] {
					v := w.t[i].value(o.id, a.nb)
					for m, x := range v.v {
						rest[i].v[m] += x
					}
					rest[i].rows += v.rows
				}
			}
			b.Steps = append(b.Steps, BridgeStep{Value: "Other", Delta: a.value(name, rest[1]).V - a.value(name, rest[0]).V, Other: true})
			break
		}
		b.Steps = append(b.Steps, BridgeStep{Value: names[c.id], Delta: c.delta})
	}
	return b
}

// priceVolumeMix splits the change of each sum target of r from the
// baseline window to date into volume, mix, price and other
// (docs/figures.md, Price, volume and mix), w holding the figures per
// item of site.yaml's mix_by and vol the volume column.
func (a *analyser) priceVolumeMix(r *Strategy, w windows, vol int) {
	for i := range r.Targets {
		t := &r.Targets[i]
		if a.set.Kind(t.Metric.Name) != metric.Sum {
			continue
		}
		t.PriceVolumeMix = a.pvm(t, w, vol)
	}
}

// pvm is the price-volume-mix of target t, or nil when either window
// sold no volume. Items are taken in value order, so the sums come out
// the same on any machine.
func (a *analyser) pvm(t *Target, w windows, vol int) *PriceVolumeMix {
	type item struct{ q, r [2]float64 }
	items := make([]item, len(w.ids))
	var q [2]float64
	for k, id := range w.ids {
		for p := range 2 {
			v := w.t[p].value(id, a.nb)
			items[k].q[p] = v.v[vol]
			items[k].r[p] = a.value(t.Metric.Name, v).V
			q[p] += items[k].q[p]
		}
	}
	if q[0] == 0 || q[1] == 0 {
		return nil
	}
	r0, r1 := t.BaselineToDate.V, t.Actual.V
	out := &PriceVolumeMix{Volume: (q[1] - q[0]) * r0 / q[0]}
	for _, it := range items {
		// Last year's price of the item; this year's for an item
		// without last year's volume, whose price then did not change.
		var p0 float64
		switch {
		case it.q[0] != 0:
			p0 = it.r[0] / it.q[0]
		case it.q[1] != 0:
			p0 = it.r[1] / it.q[1]
		}
		out.Mix += (it.q[1]/q[1] - it.q[0]/q[0]) * q[1] * p0
		out.Price += it.r[1] - it.q[1]*p0
	}
	out.Other = (r1 - r0) - out.Volume - out.Mix - out.Price
	return out
}
