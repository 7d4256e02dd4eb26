package sales

import (
	"fmt"
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
	l.findDate(&errs)
	measures := l.namedColumns(&errs)
	measures = l.otherColumns(sample, measures)
	l.data.Measures = measures
	l.checkAnalysis(&errs)
	if errs.Len() > 0 {
		return errs.Err()
	}
	if err := l.compileMetrics(measures); err != nil {
		return err
	}
	if err := l.findDistinct(); err != nil {
		return err
	}
	l.meas = make([]float64, len(measures))
	l.dec = make([]int, len(measures))
	l.group()
	return nil
}

// findColumn is the index of the header named name, matched exactly or else
// in any case; -1 when there is none.
func (l *loader) findColumn(name string) int {
	if i := slices.Index(l.header, name); i >= 0 {
		return i
	}
	return slices.IndexFunc(l.header, func(h string) bool { return strings.EqualFold(h, name) })
}

// missingColumn reports that site.yaml's setting what, at pos, names a column
// the header lacks.
func (l *loader) missingColumn(errs *diag.List, pos diag.Pos, what, name string) {
	errs.Add(pos, "%s: %s has no column %q%s", what, l.hfile, name, diag.Suggest(name, l.header))
}

// findDate sets dateCol: the column sales.date names, else the first
// with one of the usual names.
func (l *loader) findDate(errs *diag.List) {
	sc := l.cfg.Sales
	l.dateCol = -1
	if sc.DateColumn != "" {
		if l.dateCol = l.findColumn(sc.DateColumn); l.dateCol < 0 {
			l.missingColumn(errs, l.settingPos("date"), "sales.date", sc.DateColumn)
		}
		return
	}
	for i, h := range l.header {
		if slices.Contains(config.DateColumnNames, Identifier(h)) {
			l.dateCol = i
			break
		}
	}
	if l.dateCol < 0 {
		errs.Add(diag.Pos{File: l.hfile, Line: 1}, "no date column: name it date, order_date or invoice_date, or set sales.date in %s", l.cfg.Name())
	}
}

// settingPos is where site.yaml sets sales.key, or site.yaml itself when
// it does not.
func (l *loader) settingPos(key string) diag.Pos {
	if p, ok := l.cfg.Sales.Pos[key]; ok {
		return p
	}
	return diag.Pos{File: l.cfg.Name()}
}

// namedColumns maps the measures and dimensions that site.yaml lists, if
// it does, and returns the measures' names.
func (l *loader) namedColumns(errs *diag.List) []string {
	sc := l.cfg.Sales
	var measures []string
	if sc.Measures != nil {
		for _, m := range sc.Measures {
			c := l.findColumn(m.Column)
			if c < 0 {
				l.missingColumn(errs, m.Pos, "sales.measures."+m.Name, m.Column)
				continue
			}
			l.meaCols = append(l.meaCols, c)
			measures = append(measures, m.Name)
		}
	}
	if sc.Dimensions != nil {
		for _, name := range sc.Dimensions {
			c := l.findColumn(name)
			if c < 0 {
				l.missingColumn(errs, l.settingPos("dimensions"), "sales.dimensions", name)
				continue
			}
			l.dimCols = append(l.dimCols, c)
			// Plans name a dimension as site.yaml does, even when the
			// header differs in case (region for "Region").
			l.data.Dimensions = append(l.data.Dimensions, name)
		}
	}
	return measures
}

// otherColumns makes each column that is neither the date nor named in
// site.yaml a measure when its sampled cells are numbers, else a
// dimension, unless site.yaml lists the measures or the dimensions
// itself. It returns measures with the measures it adds.
func (l *loader) otherColumns(sample [][]string, measures []string) []string {
	sc := l.cfg.Sales
	for i, h := range l.header {
		if i == l.dateCol || slices.Contains(l.meaCols, i) || slices.Contains(l.dimCols, i) {
			continue
		}
		isNum := numeric(sample, i, sc.Decimal)
		if isNum && sc.Measures == nil {
			l.meaCols = append(l.meaCols, i)
			measures = append(measures, measureName(h))
		}
		if !isNum && sc.Dimensions == nil {
			l.dimCols = append(l.dimCols, i)
			l.data.Dimensions = append(l.data.Dimensions, h)
		}
	}
	return measures
}

// findDistinct sets distCols: the column each count_distinct metric
// counts the values of, found like any column site.yaml names.
func (l *loader) findDistinct() error {
	var errs diag.List
	l.distCols = nil
	for _, d := range l.data.Metrics.DistinctDefs() {
		c := l.findColumn(d.Column)
		if c < 0 {
			l.missingColumn(&errs, d.Pos, fmt.Sprintf("metric %q: count_distinct", d.Name), d.Column)
		}
		l.distCols = append(l.distCols, c)
	}
	return errs.Err()
}

// numeric reports whether column i of the sample has a number in some
// cell and nothing else but empty cells.
func numeric(sample [][]string, i int, decimal byte) bool {
	seen := false
	for _, rec := range sample {
		if i >= len(rec) || strings.TrimSpace(rec[i]) == "" {
			continue
		}
		if _, err := ParseNumber(rec[i], decimal); err != nil {
			return false
		}
		seen = true
	}
	return seen
}

// checkAnalysis reports site.yaml's analysis settings that name a
// measure or a dimension the data lacks.
func (l *loader) checkAnalysis(errs *diag.List) {
	a := l.cfg.Analysis
	if !a.Set() {
		return
	}
	if !slices.Contains(l.data.Measures, a.Volume) {
		errs.Add(a.VolumePos, "analysis.volume: unknown measure %q%s; measures: %s", a.Volume, diag.Suggest(a.Volume, l.data.Measures), strings.Join(l.data.Measures, ", "))
	}
	if !slices.Contains(l.data.Dimensions, a.MixBy) {
		errs.Add(a.MixByPos, "analysis.mix_by: unknown dimension %q%s; dimensions: %s", a.MixBy, diag.Suggest(a.MixBy, l.data.Dimensions), strings.Join(l.data.Dimensions, ", "))
	}
}

// compileMetrics sets up the metrics, site.yaml's or the defaults, and
// compiles the expression of each base metric over the measures.
func (l *loader) compileMetrics(measures []string) error {
	defs := l.cfg.Metrics
	if defs == nil {
		defs = DefaultMetrics(measures)
	}
	set, err := metric.NewSet(defs, measures)
	if err != nil {
		return err
	}
	if a := l.cfg.Analysis; a.Set() {
		set.UseVolume(a.Volume)
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
