package plan

import (
	"errors"
	"io/fs"
	"math"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"salesdeck/internal/support/civil"
	"salesdeck/internal/support/diag"
	"salesdeck/internal/support/yamldoc"
)

// Dir is where plan files live inside a site.
const Dir = "content/plans"

// validID is the contract's ID pattern; IDs become file names, so nothing
// outside it (slashes, dots, upper case, spaces) may pass.
var validID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

// LoadAll reads every content/plans/*.yaml (and *.yml) of fsys in file
// name order. With an error it also returns the plans that loaded.
// fiscalYearStart (1-12) resolves fiscal periods. Strategy IDs must be
// unique across the site.
func LoadAll(fsys fs.FS, fiscalYearStart int) ([]*Plan, error) {
	return LoadAllWith(fsys, fiscalYearStart, Parse)
}

// LoadAllWith is LoadAll, parsing each file with parse, which does what
// Parse does: a caller that keeps plans between loads (package build's
// Cache) gives back the plan it parsed from the same bytes before.
// Callers must not modify the plans.
func LoadAllWith(fsys fs.FS, fiscalYearStart int, parse func(file string, src []byte, fiscalYearStart int, errs *diag.List) *Plan) ([]*Plan, error) {
	var errs diag.List
	entries, err := fs.ReadDir(fsys, Dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		errs.Append(diag.ReadDirError(Dir, err))
		return nil, errs.Err()
	}
	var plans []*Plan
	planIDs := map[string]diag.Pos{}
	stratIDs := map[string]diag.Pos{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !(strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")) {
			continue
		}
		file := path.Join(Dir, name)
		src, err := yamldoc.ReadFile(fsys, file)
		if err != nil {
			errs.Append(err)
			continue
		}
		p := parse(file, src, fiscalYearStart, &errs)
		if p == nil {
			continue
		}
		if prev, dup := planIDs[p.ID]; dup {
			errs.Add(p.Pos, "plan id %q is already used by %s", p.ID, prev)
		}
		planIDs[p.ID] = p.Pos
		for _, s := range p.Strategies {
			if prev, dup := stratIDs[s.ID]; dup {
				errs.Add(s.Pos, "strategy id %q is already used at %s; strategy ids must be unique across the site", s.ID, prev)
			}
			stratIDs[s.ID] = s.Pos
		}
		plans = append(plans, p)
	}
	// The plans that loaded come back with the problems of the others, so
	// that later checks (unknown metrics, dimensions) can report theirs in
	// the same run.
	return plans, errs.Err()
}

// Parse decodes one plan file. Problems go to errs; the result is nil when
// the file could not be read as a plan at all.
func Parse(file string, src []byte, fiscalYearStart int, errs *diag.List) *Plan {
	d := yamldoc.Doc{File: file, Errs: errs, What: "a plan file", Split: true}
	root := d.Parse(src)
	if root == nil {
		return nil
	}
	before := errs.Len()
	pd := planDecoder{Doc: d, fy: fiscalYearStart}
	p := pd.plan(root)
	if errs.Len() > before {
		return nil
	}
	return p
}

type planDecoder struct {
	yamldoc.Doc
	fy int
}

func (d planDecoder) plan(root *yaml.Node) *Plan {
	f, _ := d.Map(root, "the plan", planKeys...)
	p := &Plan{File: d.File, Pos: d.Pos(root)}
	if !yamldoc.IsMapping(root) && !yamldoc.IsNull(root) {
		// Reported by Map; "no title" and the like would only repeat it.
		return p
	}
	p.ID = strings.TrimSuffix(strings.TrimSuffix(path.Base(d.File), ".yaml"), ".yml")
	if v, ok := f["id"]; ok {
		p.ID = d.String(v.Value, "id")
		p.Pos = d.Pos(v.Value)
	}
	d.checkID(p.ID, p.Pos, "plan")
	if v, ok := f["title"]; ok {
		p.Title = d.String(v.Value, "title")
	}
	if strings.TrimSpace(p.Title) == "" && !yamldoc.Misspelt(root, "title", planKeys) {
		d.Errs.Add(d.Pos(root), "plan has no title: add a line such as \"title: FY2026 EMEA growth plan\"")
	}
	if v, ok := f["owner"]; ok {
		p.Owner = d.String(v.Value, "owner")
	}
	if v, ok := f["period"]; ok {
		p.Period = d.period(v.Value, "period")
	} else if !yamldoc.Misspelt(root, "period", planKeys) {
		d.Errs.Add(d.Pos(root), "plan has no period: add {start: YYYY-MM-DD, end: YYYY-MM-DD}, {fiscal_year: N} or {fiscal_quarter: \"N-Qk\"}")
	}
	if v, ok := f["summary"]; ok {
		p.Summary = d.String(v.Value, "summary")
	}
	if v, ok := f["scope"]; ok {
		p.Scope = d.scope(v.Value, "scope")
	}
	listed := 0
	if v, ok := f["strategies"]; ok {
		items := d.Seq(v.Value, "strategies")
		listed = len(items)
		for _, sn := range items {
			if s := d.strategy(sn, p); s != nil {
				p.Strategies = append(p.Strategies, s)
			}
		}
	}
	if listed == 0 && !yamldoc.Misspelt(root, "strategies", planKeys) {
		d.Errs.Add(d.Pos(root), "plan %q has no strategies: add a list under \"strategies:\"", p.ID)
	}
	return p
}

var (
	planKeys     = []string{"id", "title", "owner", "period", "summary", "scope", "strategies"}
	strategyKeys = []string{"id", "title", "owner", "period", "scope", "exclude", "targets", "baseline", "budget", "bridge_by", "tactics", "notes"}
)

func (d planDecoder) checkID(id string, pos diag.Pos, what string) {
	if !validID.MatchString(id) {
		d.Errs.Add(pos, "%s id %q is not valid: use 1-64 lower-case letters, digits and hyphens, starting with a letter or digit (it becomes a file name)", what, id)
	}
}

func (d planDecoder) strategy(n *yaml.Node, p *Plan) *Strategy {
	f, _ := d.Map(n, "a strategy", strategyKeys...)
	if !yamldoc.IsMapping(n) && !yamldoc.IsNull(n) {
		// Reported by Map; "no id" and "no targets" would only repeat it.
		return nil
	}
	s := &Strategy{Pos: d.Pos(n), Period: p.Period, Owner: p.Owner}
	if v, ok := f["id"]; ok {
		s.ID = d.String(v.Value, "id")
		s.Pos = d.Pos(v.Value)
		d.checkID(s.ID, s.Pos, "strategy")
	} else if !yamldoc.Misspelt(n, "id", strategyKeys) {
		d.Errs.Add(d.Pos(n), "strategy has no id: add a line such as \"id: dach-enterprise\"")
	}
	if v, ok := f["title"]; ok {
		s.Title = d.String(v.Value, "title")
	}
	if strings.TrimSpace(s.Title) == "" {
		s.Title = s.ID
	}
	if v, ok := f["owner"]; ok {
		s.Owner = d.String(v.Value, "owner")
	}
	if v, ok := f["period"]; ok {
		s.Period, s.PeriodPos = d.period(v.Value, "period"), d.Pos(v.Value)
	}
	s.Scope = slices.Clone(p.Scope)
	if v, ok := f["scope"]; ok {
		s.Scope = overrideScope(s.Scope, d.scope(v.Value, "scope"))
	}
	if v, ok := f["exclude"]; ok {
		s.Exclude = d.scope(v.Value, "exclude")
	}
	d.targets(n, f, s)
	s.Baseline = civil.Range{Start: s.Period.Start.AddYears(-1), End: s.Period.End.AddYears(-1)}
	if v, ok := f["baseline"]; ok {
		s.Baseline, s.BaselineSet = d.period(v.Value, "baseline"), true
	}
	if v, ok := f["budget"]; ok {
		if b, ok := d.Float(v.Value, "budget"); ok {
			s.Budget = &b
		}
	}
	if v, ok := f["bridge_by"]; ok {
		s.BridgeBy, s.BridgeByPos = strings.TrimSpace(d.String(v.Value, "bridge_by")), d.Pos(v.Value)
		if s.BridgeBy == "" {
			d.Errorf(v.Value, "bridge_by must name a dimension, such as product")
		}
	}
	if v, ok := f["tactics"]; ok {
		for _, t := range d.Seq(v.Value, "tactics") {
			s.Tactics = append(s.Tactics, d.String(t, "tactics"))
		}
	}
	if v, ok := f["notes"]; ok {
		s.Notes = d.String(v.Value, "notes")
	}
	return s
}

// overrideScope puts each entry of own in place of scope's entry for the
// same dimension, or after them when scope has none: a strategy narrows
// its plan's scope one dimension at a time and keeps the rest.
func overrideScope(scope, own Scope) Scope {
	for _, e := range own {
		i := slices.IndexFunc(scope, func(x ScopeEntry) bool { return x.Dimension == e.Dimension })
		if i >= 0 {
			scope[i] = e
		} else {
			scope = append(scope, e)
		}
	}
	return scope
}

// targets reads the targets of strategy n, whose keys are f, into s, and
// reports a strategy that has none.
func (d planDecoder) targets(n *yaml.Node, f map[string]yamldoc.Field, s *Strategy) {
	count := 0
	if v, ok := f["targets"]; ok {
		m, order := d.Map(v.Value, "targets")
		count = len(order)
		for _, metric := range order {
			if t, ok := d.target(metric, m[metric], s.Period); ok {
				s.Targets = append(s.Targets, t)
			}
		}
	}
	// "targets:" with nothing after it, or {}, has none either; anything
	// but a mapping was reported by Map.
	tn := f["targets"].Value
	if count == 0 && (tn == nil || yamldoc.IsNull(tn) || yamldoc.IsMapping(tn)) && !yamldoc.Misspelt(n, "targets", strategyKeys) {
		d.Errs.Add(s.Pos, "strategy %q has no targets: add e.g. \"targets: {revenue: 1000000}\"", s.ID)
	}
}

// ParseScope reads a scope written as plans write them (n, named what
// in messages): a mapping of dimensions to a value or a list of values.
// Problems go to d's list.
func ParseScope(d yamldoc.Doc, n *yaml.Node, what string) Scope {
	return planDecoder{Doc: d}.scope(n, what)
}

func (d planDecoder) scope(n *yaml.Node, what string) Scope {
	m, order := d.Map(n, what)
	var out Scope
	for _, dim := range order {
		vn := m[dim].Value
		if yamldoc.IsNull(vn) && vn != nil && strings.EqualFold(vn.Value, "null") {
			// Exports hold "null" as text (a CRM's missing owner); in a
			// scope it is that value, as it is inside a list.
			vn = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: vn.Value, Line: vn.Line, Column: vn.Column}
		}
		vals, nodes := d.Strings(vn, what+"."+dim)
		if len(vals) == 0 {
			d.Errorf(m[dim].Value, "%s.%s lists no values: give a value or a list, or remove the line", what, dim)
			continue
		}
		e := ScopeEntry{Dimension: dim, Values: vals, Pos: d.Pos(m[dim].Key)}
		for _, vn := range nodes {
			e.ValuePos = append(e.ValuePos, d.Pos(vn))
		}
		out = append(out, e)
	}
	return out
}

// MaxYears is the longest a period (or baseline) may span: far beyond any
// sales plan, and a bound on the memory a plan can make salesdeck use.
const MaxYears = 20

var quarterRE = regexp.MustCompile(`^(\d{4})-?Q([1-4])$`)

// Period reads a period written as plans write them (n, under key): {start,
// end}, {fiscal_year: N} or {fiscal_quarter: "N-Qk"}, fiscal years
// starting in month fiscalYearStart (1-12). Problems go to d's list; the
// range is then empty.
func Period(d yamldoc.Doc, n *yaml.Node, key string, fiscalYearStart int) civil.Range {
	return planDecoder{Doc: d, fy: fiscalYearStart}.period(n, key)
}

// noPeriod is the period of a plan or strategy whose period is wrong: a
// range with no day, which later checks take as already reported, so
// that one wrong date is one message.
var noPeriod = civil.Range{Start: 1, End: 0}

// period reads the period (or baseline, as key says) n: {start, end},
// {fiscal_year: N} or {fiscal_quarter: "N-Qk"}.
func (d planDecoder) period(n *yaml.Node, key string) civil.Range {
	f, order := d.Map(n, key, "start", "end", "fiscal_year", "fiscal_quarter")
	if len(order) == 0 {
		// Anything but a mapping or nothing at all was reported by Map.
		if yamldoc.IsMapping(n) || yamldoc.IsNull(n) {
			d.Errorf(n, "%s is empty: give {start, end}, {fiscal_year: N} or {fiscal_quarter: \"N-Qk\"}", key)
		}
		return noPeriod
	}
	_, hasStart := f["start"]
	_, hasEnd := f["end"]
	_, hasFY := f["fiscal_year"]
	_, hasFQ := f["fiscal_quarter"]
	switch {
	case (hasStart || hasEnd) && !hasFY && !hasFQ:
		if !hasStart || !hasEnd {
			d.Errorf(n, "%s needs both start and end", key)
			return noPeriod
		}
		before := d.Errs.Len()
		r := civil.Range{Start: d.date(f["start"].Value, "start"), End: d.date(f["end"].Value, "end")}
		switch {
		case d.Errs.Len() > before:
			return noPeriod
		case r.End < r.Start:
			d.Errorf(f["end"].Value, "%s ends (%s) before it starts (%s)", key, r.End, r.Start)
			return noPeriod
		case r.End >= r.Start.AddYears(MaxYears):
			// Every stage keeps figures per day and per month of a period:
			// 0001-01-01 to 9999-12-31 took 673 MB a strategy, and twenty
			// strategies ran out of memory (docs/security.md).
			d.Errorf(f["end"].Value, "%s runs from %s to %s, more than %d years; salesdeck computes figures day by day, so a period may span %d years at most: shorten it", key, r.Start, r.End, MaxYears, MaxYears)
			return noPeriod
		}
		return r
	case hasFY && len(order) == 1:
		y, ok := d.Int(f["fiscal_year"].Value, "fiscal_year")
		if !ok {
			return noPeriod
		}
		// Dates in plans and data have four-digit years; beyond them
		// the day counts overflow into nonsense periods.
		if y < 1000 || y > 9999 {
			d.Errorf(f["fiscal_year"].Value, "fiscal_year must be a year such as 2026, not %d", y)
			return noPeriod
		}
		return FiscalYear(y, d.fy)
	case hasFQ && len(order) == 1:
		v := d.String(f["fiscal_quarter"].Value, "fiscal_quarter")
		m := quarterRE.FindStringSubmatch(v)
		if m == nil {
			d.Errorf(f["fiscal_quarter"].Value, "fiscal_quarter %q must look like \"2026-Q2\"", v)
			return noPeriod
		}
		y, _ := strconv.Atoi(m[1])
		q, _ := strconv.Atoi(m[2])
		return FiscalQuarter(y, q, d.fy)
	}
	d.Errorf(n, "%s must be {start, end}, {fiscal_year: N} or {fiscal_quarter: \"N-Qk\"}, not a mix", key)
	return noPeriod
}

func (d planDecoder) date(n *yaml.Node, key string) civil.Date {
	v := d.String(n, key)
	t, err := civil.Parse(v)
	if err != nil {
		d.Errorf(n, "%s: %v", key, err)
	}
	return t
}

// FiscalYear returns fiscal year fy for a year starting in month start. A
// fiscal year is named by the calendar year in which it ends.
func FiscalYear(fy, start int) civil.Range {
	first := civil.New(fy, time.Month(start), 1)
	if start != 1 {
		first = civil.New(fy-1, time.Month(start), 1)
	}
	y, m, _ := first.YMD()
	return civil.Range{Start: first, End: civil.New(y+1, m, 1) - 1}
}

// FiscalQuarter returns quarter q (1-4) of fiscal year fy.
func FiscalQuarter(fy, q, start int) civil.Range {
	y, m, _ := FiscalYear(fy, start).Start.YMD()
	first := civil.New(y, m+time.Month(3*(q-1)), 1)
	return civil.Range{Start: first, End: civil.New(y, m+time.Month(3*q), 1) - 1}
}

func (d planDecoder) target(metric string, fl yamldoc.Field, period civil.Range) (Target, bool) {
	t := Target{Metric: metric, Pos: d.Pos(fl.Key)}
	v := fl.Value
	if v.Kind == yaml.ScalarNode {
		return t, d.total(v, "target "+metric, &t)
	}
	f, _ := d.Map(v, "target "+metric, "total", "phasing")
	tv, ok := f["total"]
	if !ok {
		d.Errorf(v, "target %s has no total: add \"total: N\"", metric)
		return t, false
	}
	if !d.total(tv.Value, "total", &t) {
		return t, false
	}
	ph, ok := f["phasing"]
	if !ok {
		return t, true
	}
	t.PhasingSet = true
	pn := ph.Value
	if pn.Kind == yaml.ScalarNode {
		switch s := d.String(pn, "phasing"); s {
		case "linear":
			t.Phasing = Linear
		case "baseline":
			t.Phasing = Baseline
		default:
			d.Errorf(pn, "phasing must be linear, baseline or a mapping of months (2026-01: amount), not %q%s", s, diag.Suggest(s, []string{"linear", "baseline"}))
			return t, false
		}
		return t, true
	}
	t.Phasing = Months
	var good bool
	t.Months, good = d.monthPhasing(pn, period, t.Total)
	return t, good
}

// total reads a target's total into t: a number, or a percentage such
// as 15% or 2.5% (0.15, 0.025).
func (d planDecoder) total(n *yaml.Node, key string, t *Target) bool {
	text, isPercent := strings.CutSuffix(strings.TrimSpace(n.Value), "%")
	if n.Kind != yaml.ScalarNode || n.Tag != "!!str" || !isPercent {
		v, ok := d.Float(n, key)
		t.Total = v
		return ok
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		d.Errorf(n, "%s must be a number or a percentage such as 15%%, not %q", key, n.Value)
		return false
	}
	t.Total, t.Percent, t.PercentPos = v/100, true, d.Pos(n)
	return true
}

// monthPhasing reads a phasing given month by month (2026-01: amount).
// The months must lie in period and their amounts add up to total.
func (d planDecoder) monthPhasing(pn *yaml.Node, period civil.Range, total float64) (map[string]float64, bool) {
	months := map[string]float64{}
	m, order := d.Map(pn, "phasing")
	valid := map[string]bool{}
	for _, r := range period.Months() {
		valid[r.Start.MonthKey()] = true
	}
	var sum float64
	good := true
	for _, key := range order {
		if _, err := time.Parse("2006-01", key); err != nil {
			d.Errorf(m[key].Key, "phasing month %q must look like 2026-01", key)
			good = false
			continue
		}
		if !valid[key] && !period.Empty() {
			d.Errorf(m[key].Key, "phasing month %s is outside the period %s to %s; remove it or change the period", key, period.Start, period.End)
			good = false
			continue
		}
		amount, ok := d.Float(m[key].Value, "phasing "+key)
		if !ok {
			good = false
			continue
		}
		months[key] = amount
		sum += amount
	}
	if good && math.Abs(sum-total) > 0.5 {
		d.Errorf(pn, "phasing months add up to %s but the total is %s; they must agree (within 0.5)", fmtNum(sum), fmtNum(total))
		good = false
	}
	return months, good
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
