package analysis

import "salesdeck/internal/support/civil"

// DaysPerMonth is the length of the average month of the Gregorian
// calendar, 365.25 ÷ 12 days: run rates are per month of this length, so
// that a rate does not depend on which months the period holds.
const DaysPerMonth = 30.4375

// runRates returns the average month of t so far and the month the rest
// of the period needs to reach the target (docs/figures.md, Run rates),
// for a sum or count target; elapsed and remaining are days of the
// period.
func runRates(t Target, elapsed, remaining int) (runRate, required Num) {
	if elapsed > 0 && t.Actual.Valid {
		runRate = Some(t.Actual.V / float64(elapsed) * DaysPerMonth)
	}
	if remaining > 0 && t.Actual.Valid {
		required = Some(max(0, (t.Target-t.Actual.V)/float64(remaining)*DaysPerMonth))
	}
	return runRate, required
}

// lift compares t's actual with its baseline to date (docs/figures.md,
// Baseline to date and lift): in points for a percentage ratio, else
// relative, undefined when the baseline to date is 0.
func lift(t Target) Num {
	if !t.Actual.Valid || !t.BaselineToDate.Valid {
		return Num{}
	}
	if t.PointsLift() {
		return Some(t.Actual.V - t.BaselineToDate.V)
	}
	if t.BaselineToDate.V == 0 {
		return Num{}
	}
	return Some(t.Actual.V/t.BaselineToDate.V - 1)
}

// baselineDays are the days of baseline b that match days m of period p
// (docs/figures.md, Monthly series): as many days after b's start as m's
// are after p's, cut at b's end. Empty when m lies wholly past the
// baseline's length.
func baselineDays(p, b, m civil.Range) civil.Range {
	return civil.Range{Start: b.Start + (m.Start - p.Start), End: min(b.Start+(m.End-p.Start), b.End)}
}
