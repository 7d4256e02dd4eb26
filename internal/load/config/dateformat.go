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
		var go_ string
		switch r := p.run; {
		case r == "yyyy":
			go_ = "2006"
		case r == "yy":
			go_ = "06"
		case r == "d" || r == "dd":
			go_ = "2"
		case r == "ddd":
			go_ = "Mon"
		case r == "dddd":
			go_ = "Monday"
		case (r == "m" || r == "mm") && (strings.HasPrefix(near(k, -1), "h") || strings.HasPrefix(near(k, 1), "s")):
			go_ = map[string]string{"m": "4", "mm": "04"}[r]
		case r == "m" || r == "mm":
			go_ = "1"
		case r == "mmm":
			go_ = "Jan"
		case r == "mmmm":
			go_ = "January"
		case (r == "h" || r == "hh") && hours12:
			go_ = "3"
		case r == "h" || r == "hh":
			go_ = "15"
		case r == "s":
			go_ = "5"
		case r == "ss":
			go_ = "05"
		case r == "am/pm":
			go_ = "PM"
		default:
			return "", fmt.Errorf("%q: %q is no part of a date format; the parts are YYYY (or YY) for the year, MM or M for the month, DD or D for the day, and H, mm, ss for a time, as in \"MM/DD/YYYY\" or \"DD.MM.YYYY H:mm\"", format, p.text)
		}
		b.WriteString(go_)
	}
	return b.String(), nil
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
