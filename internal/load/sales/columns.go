package sales

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"salesdeck/internal/load/config"
	"salesdeck/internal/support/diag"
	"salesdeck/internal/support/metric"
)

// setup maps site.yaml's column names onto the header and settles the
// defaults that depend on it, using the first rows to tell numeric
// columns from text ones.
func (l *loader) setup(sample [][]string) error {
	var errs diag.List
	sc := l.cfg.Sales
	site := cmp.Or(l.cfg.File, config.FileName)
	posOf := func(key string) diag.Pos {
		if p, ok := sc.Pos[key]; ok {
			return p
		}
		return diag.Pos{File: site}
	}
	find := func(name string) int {
		if i := slices.Index(l.header, name); i >= 0 {
			return i
		}
		return slices.IndexFunc(l.header, func(h string) bool { return strings.EqualFold(h, name) })
	}
	missing := func(pos diag.Pos, what, name string) {
		errs.Add(pos, "%s: %s has no column %q%s", what, l.hfile, name, diag.Suggest(name, l.header))
	}

	l.dateCol = -1
	if sc.DateColumn != "" {
		if l.dateCol = find(sc.DateColumn); l.dateCol < 0 {
			missing(posOf("date"), "sales.date", sc.DateColumn)
		}
	} else {
		for i, h := range l.header {
			if slices.Contains(config.DateColumnNames, Identifier(h)) {
				l.dateCol = i
				break
			}
		}
		if l.dateCol < 0 {
			errs.Add(diag.Pos{File: l.hfile, Line: 1}, "no date column: name it date, order_date or invoice_date, or set sales.date in site.yaml")
		}
	}

	numeric := func(i int) bool {
		seen := false
		for _, rec := range sample {
			if i >= len(rec) || strings.TrimSpace(rec[i]) == "" {
				continue
			}
			if _, err := ParseNumber(rec[i], sc.Decimal); err != nil {
				return false
			}
			seen = true
		}
		return seen
	}
	var measures []string
	if sc.Measures != nil {
		for _, m := range sc.Measures {
			c := find(m.Column)
			if c < 0 {
				missing(m.Pos, "sales.measures."+m.Name, m.Column)
				continue
			}
			l.meaCols = append(l.meaCols, c)
			measures = append(measures, m.Name)
		}
	}
	if sc.Dimensions != nil {
		for _, name := range sc.Dimensions {
			c := find(name)
			if c < 0 {
				missing(posOf("dimensions"), "sales.dimensions", name)
				continue
			}
			l.dimCols = append(l.dimCols, c)
			// Plans name a dimension as site.yaml does, even when the
			// header differs in case (region for "Region").
			l.data.Dimensions = append(l.data.Dimensions, name)
		}
	}
	for i, h := range l.header {
		if i == l.dateCol || slices.Contains(l.meaCols, i) || slices.Contains(l.dimCols, i) {
			continue
		}
		isNum := numeric(i)
		if isNum && sc.Measures == nil {
			l.meaCols = append(l.meaCols, i)
			measures = append(measures, measureName(h))
		}
		if !isNum && sc.Dimensions == nil {
			l.dimCols = append(l.dimCols, i)
			l.data.Dimensions = append(l.data.Dimensions, h)
		}
	}
	l.data.Measures = measures
	if errs.Len() > 0 {
		return errs.Err()
	}

	defs := l.cfg.Metrics
	if defs == nil {
		defs = DefaultMetrics(measures)
	}
	set, err := metric.NewSet(defs, measures)
	if err != nil {
		return err
	}
	l.data.Metrics = set
	index := map[string]int{}
	for i, m := range measures {
		index[m] = i
	}
	for _, d := range set.BaseDefs() {
		var meas []int
		if d.Kind == metric.Count {
			l.exprs = append(l.exprs, nil)
		} else {
			l.exprs = append(l.exprs, d.Expr.Compile(index))
			for _, name := range d.Expr.Names() {
				meas = append(meas, index[name])
			}
		}
		l.baseMeas = append(l.baseMeas, meas)
	}
	l.meas = make([]float64, len(measures))
	l.group()
	return nil
}

// moneyWords mark measures that hold amounts of money, so that the default
// metrics show them as money.
var moneyWords = []string{"revenue", "sales", "amount", "profit", "cost", "price", "value", "margin", "turnover"}

// DefaultMetrics is what a site without a metrics section gets: one sum per
// measure and orders, the count of rows.
func DefaultMetrics(measures []string) []metric.Def {
	var defs []metric.Def
	for _, m := range measures {
		if !isName(m) {
			// A header such as "2026" cannot be written in an expression,
			// so it cannot be a metric either; sales.measures can name it.
			continue
		}
		e, err := metric.ParseExpr(m)
		if err != nil {
			continue
		}
		format := "number"
		if slices.ContainsFunc(moneyWords, func(w string) bool { return strings.Contains(strings.ToLower(m), w) }) {
			format = "money"
		}
		defs = append(defs, metric.Def{Name: m, Kind: metric.Sum, Expr: e, Format: format})
	}
	if !slices.Contains(measures, "orders") {
		defs = append(defs, metric.Def{Name: "orders", Kind: metric.Count, Format: "number"})
	}
	return defs
}

// measureName is the name a measure found by default goes by: its header
// when that can be written in a metric expression (Revenue, units), else
// the header made into one (Unit Price becomes unit_price). Plans then
// name default metrics the way the CSV names their columns, as they name
// dimensions.
func measureName(h string) string {
	if isName(h) {
		return h
	}
	return Identifier(h)
}

// isName reports whether s can stand for a measure in an expression.
func isName(s string) bool {
	for i, r := range s {
		if !(r == '_' || unicode.IsLetter(r) || i > 0 && unicode.IsDigit(r)) {
			return false
		}
	}
	return s != ""
}

// Identifier turns a column header into a name usable in metric
// expressions: "Unit Price" becomes unit_price.
func Identifier(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(h)) {
		switch {
		case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "_"):
			b.WriteByte('_')
		}
	}
	return strings.TrimSuffix(b.String(), "_")
}
