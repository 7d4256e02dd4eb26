// Package civil holds calendar dates without time or zone, the only kind of
// time salesdeck reasons about. A Date is a day number, so ranges, day
// counts and month walks are integer arithmetic and never depend on the
// machine's clock or time zone.
package civil

import (
	"errors"
	"fmt"
	"time"
)

// Date is a calendar day, counted from 1970-01-01 (day 0).
type Date int32

// New returns the date of year, month, day; out-of-range days normalise the
// way time.Date does (April 31 is May 1).
func New(year int, month time.Month, day int) Date {
	t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	return Date(t.Unix() / 86400)
}

// Parse reads an ISO date (2006-01-02).
func Parse(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	var pe *time.ParseError
	if errors.As(err, &pe) && pe.Message != "" {
		// The form is right but there is no such day: say which part is
		// wrong ("day out of range") rather than repeat the form.
		return 0, fmt.Errorf("%q is not a date%s", s, pe.Message)
	}
	if err != nil {
		return 0, fmt.Errorf("%q is not a date of the form YYYY-MM-DD", s)
	}
	return FromTime(t), nil
}

// FromTime keeps the calendar day of t as written, ignoring its zone.
func FromTime(t time.Time) Date {
	y, m, d := t.Date()
	return New(y, m, d)
}

// Time returns midnight UTC of d.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// YMD returns the year, month and day of d.
func (d Date) YMD() (int, time.Month, int) { return d.Time().Date() }

func (d Date) String() string { return d.Time().Format(time.DateOnly) }

// Month returns the first day of d's month.
func (d Date) Month() Date {
	y, m, _ := d.YMD()
	return New(y, m, 1)
}

// MonthEnd returns the last day of d's month.
func (d Date) MonthEnd() Date {
	y, m, _ := d.YMD()
	return New(y, m+1, 1) - 1
}

// MonthKey is "2006-01", the form months take in plans and exports.
func (d Date) MonthKey() string { return d.Time().Format("2006-01") }

// AddYears moves d by n years keeping month and day; a February 29 that
// does not exist in the target year becomes February 28, as sales teams
// compare "the same day last year".
func (d Date) AddYears(n int) Date {
	y, m, day := d.YMD()
	if m == time.February && day == 29 && !isLeap(y+n) {
		day = 28
	}
	return New(y+n, m, day)
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// Range is an inclusive span of days. A range whose End is before its Start
// is empty.
type Range struct{ Start, End Date }

// Days counts the days in r, 0 when it is empty.
func (r Range) Days() int {
	if r.End < r.Start {
		return 0
	}
	return int(r.End-r.Start) + 1
}

// Empty reports whether r holds no day.
func (r Range) Empty() bool { return r.End < r.Start }

// Contains reports whether d is inside r.
func (r Range) Contains(d Date) bool { return d >= r.Start && d <= r.End }

// Intersect returns the days r and o share, possibly an empty range.
func (r Range) Intersect(o Range) Range {
	return Range{Start: max(r.Start, o.Start), End: min(r.End, o.End)}
}

// Months returns the calendar months that overlap r, each clipped to r.
func (r Range) Months() []Range {
	var out []Range
	for m := r.Start.Month(); !r.Empty() && m <= r.End; m = m.MonthEnd() + 1 {
		out = append(out, Range{m, m.MonthEnd()}.Intersect(r))
	}
	return out
}
