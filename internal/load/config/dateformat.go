package config

import (
	"fmt"
	"strings"
	"time"
)

// DateLayout returns the Go layout that reads dates written as format,
// sales.date_format: a spreadsheet spelling such as "MM/DD/YYYY",
// "DD.MM.YYYY" or "M/D/YYYY H:mm" (docs/data-sources.md, Dates), or a Go
// layout such as "1/2/2006", told apart by its digits, which a
// spreadsheet spelling never has. "auto" gives "". The layout must
// name the year, the month and the day.
func DateLayout(format string) (string, error) {
	if format == "auto" {
		return "", nil
	}
	layout := format
	if !strings.ContainsAny(format, "0123456789") {
		var err error
		if layout, err = spreadsheetLayout(format); err != nil {
			return "", err
		}
	}
	ref := time.Date(2026, 11, 23, 14, 5, 9, 0, time.UTC)
	got, err := time.Parse(layout, ref.Format(layout))
	var lacks []string
	if err != nil || got.Year() != ref.Year() {
		lacks = append(lacks, "the year (YYYY)")
	}
	if err != nil || got.Month() != ref.Month() {
		lacks = append(lacks, "the month (MM)")
	}
	if err != nil || got.Day() != ref.Day() {
		lacks = append(lacks, "the day (DD)")
	}
	if len(lacks) > 0 {
		return "", fmt.Errorf("%q does not name %s; write the order of the cells' parts, such as \"MM/DD/YYYY\", \"DD.MM.YYYY\" or \"YYYY-MM-DD\", or auto", format, strings.Join(lacks, ", "))
	}
	return layout, nil
}

// spreadsheetLayout turns a spreadsheet's date format into a Go layout.
// Letters are read in any case; as in spreadsheets, m is the month
// unless it follows the hours or comes before the seconds, when it is the
// minutes. Days and months read with or without a leading zero whether
// written D or DD, since only reading matters here.
func spreadsheetLayout(format string) (string, error) {
	type part struct {
		run  string // a run of one letter, lower-cased; "" for text
		text string // as written
	}
	var parts []part
	for i := 0; i < len(format); {
		c := lower(format[i])
		if c < 'a' || c > 'z' {
			parts = append(parts, part{text: format[i : i+1]})
			i++
			continue
		}
		if rest := strings.ToLower(format[i:]); strings.HasPrefix(rest, "am/pm") || strings.HasPrefix(rest, "a/p") {
			n := len("am/pm")
			if !strings.HasPrefix(rest, "am/pm") {
				n = len("a/p")
			}
			parts = append(parts, part{run: "am/pm", text: format[i : i+n]})
			i += n
			continue
		}
		j := i
		for j < len(format) && lower(format[j]) == c {
			j++
		}
		parts = append(parts, part{run: strings.ToLower(format[i:j]), text: format[i:j]})
		i = j
	}
	// near returns the run of the nearest letters before (step -1) or
	// after (step 1) part k.
	near := func(k, step int) string {
		for k += step; k >= 0 && k < len(parts); k += step {
			if parts[k].run != "" {
				return parts[k].run
			}
		}
		return ""
	}
	hours12 := strings.Contains(strings.ToLower(format), "am/pm") || strings.Contains(strings.ToLower(format), "a/p")
	var b strings.Builder
	for k, p := range parts {
		if p.run == "" || p.run == "t" {
			b.WriteString(p.text) // a separator, or the T of 2026-01-31T10:00
			continue
		}
		tok, ok := spreadsheetParts[p.run]
		switch {
		case !ok:
			return "", fmt.Errorf("%q: %q is no part of a date format; the parts are YYYY (or YY) for the year, MM or M for the month, DD or D for the day, and H, mm, ss for a time, as in \"MM/DD/YYYY\" or \"DD.MM.YYYY H:mm\"", format, p.text)
		case (p.run == "m" || p.run == "mm") && (strings.HasPrefix(near(k, -1), "h") || strings.HasPrefix(near(k, 1), "s")):
			tok = strings.Repeat("0", len(p.run)-1) + "4" // minutes
		case (p.run == "h" || p.run == "hh") && hours12:
			tok = "3"
		}
		b.WriteString(tok)
	}
	return b.String(), nil
}

// spreadsheetParts are the Go layout's tokens for the runs of letters of
// a spreadsheet's date format, lower-cased; m and h stand for the month
// and the 24-hour clock unless spreadsheetLayout finds otherwise.
var spreadsheetParts = map[string]string{
	"yyyy": "2006", "yy": "06", "m": "1", "mm": "1", "mmm": "Jan", "mmmm": "January",
	"d": "2", "dd": "2", "ddd": "Mon", "dddd": "Monday",
	"h": "15", "hh": "15", "s": "5", "ss": "05", "am/pm": "PM",
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
