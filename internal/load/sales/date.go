package sales

import (
	"fmt"
	"strings"
	"time"

	"salesdeck/internal/load/config"
	"salesdeck/internal/support/civil"
)

// dateKind is a family of date spellings recognised by date_format: auto.
type dateKind int

const (
	kindNone dateKind = iota
	kindISO           // 2026-01-31 (or 2026/01/31), with or without a time
	kindUS            // 1/31/2026, with or without a time
)

func (k dateKind) String() string {
	return [...]string{"", "ISO (2026-01-31)", "US month-first (1/31/2026)"}[k]
}

// dateParser reads the date column. In auto mode the first row fixes the
// family; a later row in another family is an error, because a column
// mixing spellings cannot be read without guessing.
type dateParser struct {
	layout string // "" for auto
	format string // date_format as site.yaml writes it, for messages
	kind   dateKind
	kindAt string // "file:line" of the row that fixed kind
	lastS  string
	lastD  civil.Date
}

func newDateParser(sc config.Sales) *dateParser {
	return &dateParser{layout: sc.DateLayout, format: sc.DateFormat}
}

// parse reads cell s of the row at file:line.
func (p *dateParser) parse(s, file string, line int) (civil.Date, error) {
	if s == p.lastS && s != "" {
		return p.lastD, nil
	}
	raw := s
	s = trimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("the date is empty; every row needs the date of its sale")
	}
	var d civil.Date
	var err error
	if p.layout != "" {
		d, err = p.parseLayout(s)
		if err != nil {
			return 0, err
		}
	} else {
		var k dateKind
		d, k, err = parseAuto(s)
		if err != nil {
			return 0, err
		}
		if p.kind == kindNone {
			p.kind, p.kindAt = k, fmt.Sprintf("%s:%d", file, line)
		} else if k != p.kind {
			return 0, fmt.Errorf("date %q is %s but %s was %s; a column must use one format: fix the cells or set sales.date_format", s, k, p.kindAt, p.kind)
		}
	}
	p.lastS, p.lastD = raw, d
	return d, nil
}

// parseBytes reads a cell of the date column for the parallel load, which
// reports no errors of its own (see loadParallel), so the message may lack
// the row that fixed the spelling.
func (p *dateParser) parseBytes(b []byte) (civil.Date, error) {
	if string(b) == p.lastS && len(b) > 0 {
		return p.lastD, nil
	}
	return p.parse(string(b), "", 0)
}

// parseLayout reads s with the explicit layout. Only the date counts, so a
// layout naming the date alone also accepts a time after it (exports of
// "31.01.2026 14:30" with date_format "2.1.2006").
func (p *dateParser) parseLayout(s string) (civil.Date, error) {
	t, err := time.Parse(p.layout, s)
	if err != nil && !strings.ContainsAny(p.layout, " T") {
		if i := strings.IndexAny(s, " T"); i > 0 && validTime(s[i:]) {
			t, err = time.Parse(p.layout, s[:i])
		}
	}
	if err != nil {
		return 0, settingError{fmt.Errorf("date %q does not match date_format %q; %s", s, p.format, formatHint(s))}
	}
	return civil.FromTime(t), nil
}

// settingError is a date the setting does not read, rather than a wrong
// cell: the other rows are read no better, so only the first is listed
// (with a count of the others).
type settingError struct{ error }

// parseAuto recognises ISO dates and date-times and US month-first dates
// with an optional time. Day-first dates are refused with a hint, since
// 03/04/2026 cannot be told apart from the US form.
func parseAuto(s string) (civil.Date, dateKind, error) {
	if len(s) >= 10 && s[4] == '-' && s[7] == '-' {
		y, ok1 := atoi(s[0:4])
		m, ok2 := atoi(s[5:7])
		d, ok3 := atoi(s[8:10])
		rest := s[10:]
		if ok1 && ok2 && ok3 && validYMD(y, m, d) && (rest == "" || validTime(rest)) {
			return civil.New(y, time.Month(m), d), kindISO, nil
		}
		return 0, 0, fmt.Errorf("%q is not a valid date", s)
	}
	datePart, timePart := s, ""
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' || s[i] == 'T' {
			datePart, timePart = s[:i], s[i:]
			break
		}
	}
	var sep byte
	for _, c := range []byte{'/', '.', '-'} {
		if count(datePart, c) == 2 {
			sep = c
			break
		}
	}
	if sep == 0 {
		return 0, 0, fmt.Errorf("%q is not a date (expected 2026-01-31 or 1/31/2026)", s)
	}
	var parts [3]int
	start, j := 0, 0
	for i := 0; i <= len(datePart); i++ {
		if i == len(datePart) || datePart[i] == sep {
			v, ok := atoi(datePart[start:i])
			if !ok {
				return 0, 0, fmt.Errorf("%q is not a date", s)
			}
			parts[j] = v
			j++
			start = i + 1
		}
	}
	a, b, y := parts[0], parts[1], parts[2]
	okTime := timePart == "" || validTime(timePart)
	if sep == '/' && y >= 1000 && validYMD(y, a, b) && okTime {
		return civil.New(y, time.Month(a), b), kindUS, nil
	}
	// Year first (2026/01/31, as Japanese and some ERP exports write it)
	// cannot be read two ways.
	if sep != '-' && a >= 1000 && validYMD(a, b, y) && okTime {
		return civil.New(a, time.Month(b), y), kindISO, nil
	}
	if y >= 1000 && validYMD(y, b, a) {
		return 0, 0, settingError{fmt.Errorf("%q looks day-first; set sales.date_format to \"DD%cMM%cYYYY\" (day, month, year)", s, sep, sep)}
	}
	return 0, 0, fmt.Errorf("%q is not a valid date; date_format auto reads 2026-01-31 and 1/31/2026, set sales.date_format for other forms", s)
}

func count(s string, c byte) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			n++
		}
	}
	return n
}

func atoi(s string) (int, bool) {
	if s == "" || len(s) > 4 {
		return 0, false
	}
	v := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		v = v*10 + int(s[i]-'0')
	}
	return v, true
}

func validYMD(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= int(civil.New(y, time.Month(m)+1, 1)-civil.New(y, time.Month(m), 1))
}

// validTime accepts the time part of a date-time: "T10:00:00Z",
// " 10:00:00", " 0:00", with optional fraction and zone. Only the date
// counts, so the time is checked for shape, not meaning.
func validTime(s string) bool {
	if s[0] != 'T' && s[0] != ' ' {
		return false
	}
	s = s[1:]
	colon := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
		case c == ':':
			colon = true
		case c == '.' || c == 'Z' || c == '+' || c == '-' || c == ' ':
		case c == 'A' || c == 'P' || c == 'M' || c == 'a' || c == 'p' || c == 'm':
		default:
			return false
		}
	}
	return colon
}

// commonFormats are the spellings formatHint tries on a cell.
var commonFormats = []string{"YYYY-MM-DD", "M/D/YYYY", "D/M/YYYY", "D.M.YYYY", "D-M-YYYY", "YYYY/M/D", "M/D/YY", "D.M.YY", "D/M/YY", "DD-MMM-YYYY", "MMM D, YYYY", "D MMM YYYY", "YYYYMMDD"}

// formatHint tells what to do about cell s, which date_format does not
// read: the spellings among the common ones that do read it, or how to
// write one.
func formatHint(s string) string {
	if i := strings.IndexAny(s, " T"); i > 0 && validTime(s[i:]) {
		s = s[:i]
	}
	var fit []string
	for _, f := range commonFormats {
		layout, err := config.DateLayout(f)
		if err != nil {
			continue
		}
		if _, err := time.Parse(layout, s); err == nil {
			fit = append(fit, fmt.Sprintf("%q", f))
		}
	}
	if len(fit) > 0 {
		return "the cell reads as " + strings.Join(fit, " or ") + ": set sales.date_format to the one the file uses, or fix the cell"
	}
	return "fix the cell, or write sales.date_format as the cells are written (YYYY year, MM month, DD day, as in \"DD.MM.YYYY\")"
}
