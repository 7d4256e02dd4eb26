package render

// Live figures in Markdown (docs/pages.md): fenced chart, kpi and table
// blocks become the same charts, KPI cards and strategy tables the
// generated pages show, through the same chart.Builder, views and
// functions, wrapped by the partials "figure-chart", "figure-kpi" and
// "figure-table". A block's problems are collected for the whole site
// and reported together at the end of Render, at the Markdown file's own
// line and column. Blocks that need figures beyond the plans' (charts of
// a period, breakdowns ranked by another metric) are found by Asks
// before the sales data is read, so that the analysis computes them.

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"slices"
	"strings"

	"salesdeck/internal/analysis"
	"salesdeck/internal/load/config"
	"salesdeck/internal/render/blocks"
	"salesdeck/internal/render/chart"
	"salesdeck/internal/render/markdown"
	"salesdeck/internal/support/diag"
)

// KPIBlock is what the "figure-kpi" partial receives: a strategy's row
// (title, URL, status) and the KPI card of one of its targets, whose Show
// says which figures the block asked for.
type KPIBlock struct {
	Heading  string // the block's title:, plain text; "" for none
	Strategy StrategyRow
	Target   TargetView
}

// TableBlock is what the "figure-table" partial receives: the strategies
// that pass the block's filters, and what to say when none does.
type TableBlock struct {
	Heading string // the block's title:, plain text; "" for none
	Rows    []StrategyRow
	Empty   string
}

// KPIShow says which figures a KPI card shows; every one on strategy
// pages, those a kpi block lists in Markdown.
type KPIShow struct {
	Actual, Target, Attainment, Expected, Pace, Forecast, Baseline, Lift bool
	// RunRate shows the month so far and the month needed.
	RunRate bool
}

var showAll = KPIShow{true, true, true, true, true, true, true, true, true}

func kpiShow(names []blocks.Name) KPIShow {
	if len(names) == 0 {
		return showAll
	}
	var s KPIShow
	for _, n := range names {
		switch n.Value {
		case "actual":
			s.Actual = true
		case "target":
			s.Target = true
		case "attainment":
			s.Attainment = true
		case "expected":
			s.Expected = true
		case "pace":
			s.Pace = true
		case "forecast":
			s.Forecast = true
		case "baseline":
			s.Baseline = true
		case "lift":
			s.Lift = true
		case "run_rate":
			s.RunRate = true
		}
	}
	return s
}

// mdSource says where Markdown being rendered comes from.
type mdSource struct {
	page string // the output page, for chart IDs and relative links
	file string
	// line is the file line of the Markdown's first line. It is 0 for
	// Markdown held in a YAML value (a plan's summary, a strategy's
	// notes), whose lines are not the file's: problems are then reported
	// at at, naming what and the line within it.
	line int
	at   diag.Pos
	what string
}

// markdownFrom renders md from src, with fenced blocks as live figures.
func (r *renderer) markdownFrom(src mdSource, md string) (template.HTML, error) {
	render := r.md.Render
	if src.line == 0 {
		render = r.md.RenderValue
	}
	return r.markdownWith(src, md, render)
}

// markdownMoved renders md from src, a page's Markdown, for another page,
// as m says (markdown.RenderMoved).
func (r *renderer) markdownMoved(src mdSource, md string, m markdown.Moved) (template.HTML, error) {
	return r.markdownWith(src, md, func(md string) (template.HTML, error) { return r.md.RenderMoved(md, m) })
}

// markdownWith renders md from src with render, placing its problems.
func (r *renderer) markdownWith(src mdSource, md string, render func(string) (template.HTML, error)) (template.HTML, error) {
	// A template's markdown helper may render Markdown while a block is
	// being drawn; the block's source must survive it.
	prev := r.src
	r.src = src
	h, err := render(md)
	r.src = prev
	var fe *markdown.FenceError
	var de *diag.Error
	var le *markdown.LimitError
	if errors.As(err, &fe) && errors.As(fe.Err, &de) {
		return "", de // a template's problem, placed in the template
	}
	if errors.As(err, &fe) {
		return "", diag.Errorf(diag.Pos{File: src.file, Line: fe.Line}, "%s block: %v", fe.Lang, fe.Err)
	}
	if errors.As(err, &le) {
		if src.line == 0 {
			// As fail does for blocks: at the YAML value, naming the
			// line within it.
			pos := src.at
			if pos.File == "" {
				pos.File = src.file
			}
			return "", diag.Errorf(pos, "%s, line %d:%d: %s", src.what, le.Line, le.Col, le.Msg)
		}
		return "", diag.Errorf(diag.Pos{File: src.file, Line: src.line + le.Line - 1, Col: le.Col}, "%s", le.Msg)
	}
	if err != nil {
		return "", fmt.Errorf("%s: %w", src.file, err)
	}
	return h, nil
}

func (r *renderer) markdownOptions() []markdown.Option {
	opts := []markdown.Option{
		markdown.WithFence("chart", r.chartBlock),
		markdown.WithFence("kpi", r.kpiBlock),
		markdown.WithFence("table", r.tableBlock),
		markdown.OnDroppedImage(r.droppedImage),
	}
	if r.site.Markdown.ExternalImages {
		opts = append(opts, markdown.AllowExternalImages())
	}
	return opts
}

// droppedImage warns of an image from another host that the Markdown
// being rendered (r.src) showed and the page leaves out.
func (r *renderer) droppedImage(d markdown.DroppedImage) {
	r.warned = true
	shown := "nothing is shown instead"
	if d.Alt != "" {
		shown = fmt.Sprintf("its text %q is shown instead", d.Alt)
	}
	pos, msg := r.src.place(d.Line, d.Col, fmt.Sprintf("image from another host left out (%s): every reader's browser would fetch it from there, telling that host who reads the site; %s. Put the image in static/ and point at it under assets/, or allow such images with markdown: {external_images: true} in %s", d.Dest, shown, r.site.Name()))
	r.warns = append(r.warns, &diag.Error{Pos: pos, Msg: msg})
}

// blockWarning warns of msg at pos, a position in a block of the
// Markdown being rendered (r.src), as fail places a block's problems.
func (r *renderer) blockWarning(pos diag.Pos, msg string) {
	r.warned = true
	if r.src.line == 0 {
		pos, msg = r.src.place(pos.Line, pos.Col, msg)
	}
	r.warns = append(r.warns, &diag.Error{Pos: pos, Msg: msg})
}

// place puts what was found at line and col of the Markdown of s (line 1
// is its first line) in the file: at the same place, or, for Markdown held
// in a YAML value, whose lines are not the file's, at the value, with the
// line within it named at the start of msg.
func (s mdSource) place(line, col int, msg string) (diag.Pos, string) {
	if s.line == 0 {
		pos := s.at
		if pos.File == "" {
			pos.File = s.file
		}
		return pos, fmt.Sprintf("%s, line %d: %s", s.what, line, msg)
	}
	return diag.Pos{File: s.file, Line: s.line + line - 1, Col: col}, msg
}

// blockSource is where the YAML of fence f sits in the file being
// rendered.
func (r *renderer) blockSource(f markdown.Fence) blocks.Source {
	// Every block handler starts here: what the page shows may now come
	// from any strategy, so it cannot be kept (Pieces).
	r.drewBlock = true
	// The YAML starts on the line after the fence: Markdown line f.Line+1.
	// Markdown from a YAML value counts its own lines (see fail).
	return blocks.Source{File: r.src.file, Line: max(r.src.line, 1) + f.Line, Col: f.Col, FiscalYearStart: r.site.FiscalYearStart}
}

// Asks returns what the chart blocks of sources (Markdown: pages, plan
// summaries, strategy notes) ask the analysis for beyond the plans'
// figures (analysis.Asks), so that the sales data is read with the
// groups they need. A block with a mistake asks for nothing: the render
// reports it, at its position.
func Asks(site *config.Site, sources []string) *analysis.Asks {
	md := markdown.New(site.Markdown.Unsafe)
	asks := &analysis.Asks{}
	for _, src := range sources {
		for _, f := range md.Fences(src, "chart") {
			spec, err := blocks.ParseChart(f.Body, blocks.Source{Line: f.Line + 1, Col: f.Col, FiscalYearStart: site.FiscalYearStart})
			switch {
			case err != nil:
			case spec.Free():
				asks.Charts = append(asks.Charts, chartAsk(spec))
			case spec.Kind.Value == blocks.Breakdown && spec.Metric.Set():
				asks.Breakdowns = append(asks.Breakdowns, analysis.BreakdownAsk{Strategy: spec.Strategy.Value, Metric: spec.Metric.Value})
			}
		}
	}
	return asks
}

// chartAsk is what a chart of every row of a period asks the analysis
// for.
func chartAsk(spec blocks.Chart) analysis.ChartAsk {
	return analysis.ChartAsk{Metric: spec.Metric.Value, By: spec.By.Value, Period: spec.Period.Range, Grain: cmp.Or(spec.Grain.Value, analysis.GrainMonth), Scope: spec.Scope}
}

// fail records a block's problems; the block renders as nothing, and
// Render returns every problem once all pages are done.
func (r *renderer) fail(f markdown.Fence, err error) (template.HTML, error) {
	var items []*diag.Error
	var list *diag.ListError
	var one *diag.Error
	switch {
	case errors.As(err, &list):
		items = list.Items
	case errors.As(err, &one):
		items = []*diag.Error{one}
	default:
		return "", err
	}
	for _, e := range items {
		e := *e
		e.Msg = f.Lang + " block: " + e.Msg
		if e.Pos.Line == 0 {
			// A problem of the block as a whole: at its fence.
			e.Pos = diag.Pos{File: r.src.file, Line: max(r.src.line, 1) + f.Line - 1, Col: f.Col}
		}
		if r.src.line == 0 {
			// Positions were counted within the Markdown (line 1 is its
			// first line); move them to the YAML value it came from.
			e.Pos, e.Msg = r.src.place(e.Pos.Line, e.Pos.Col, e.Msg)
		}
		// The handout renders notes a second time; say it once.
		if !r.blockSeen[e.Error()] {
			r.blockSeen[e.Error()] = true
			r.blockErrs.Items = append(r.blockErrs.Items, &e)
		}
	}
	return "", nil
}

func (r *renderer) partial(name string, data any) (template.HTML, error) {
	var buf bytes.Buffer
	if err := r.tmpl["base.html"].ExecuteTemplate(&buf, name, data); err != nil {
		return "", r.templateErr(err, r.src.page)
	}
	return template.HTML(buf.String()), nil
}

func (r *renderer) chartID() string {
	r.mdN[r.src.page]++
	return fmt.Sprintf("c_md_%d", r.mdN[r.src.page])
}

func (r *renderer) chartBlock(f markdown.Fence) (template.HTML, error) {
	src := r.blockSource(f)
	spec, err := blocks.ParseChart(f.Body, src)
	if err != nil {
		return r.fail(f, err)
	}
	var errs diag.List
	var c ChartView
	if spec.Free() {
		ch, err := r.periodChart(spec, &errs)
		if errs.Len() > 0 {
			return r.fail(f, errs.Err())
		}
		if err != nil {
			return "", err
		}
		c = *newChartView(ch)
	} else if spec.Kind.Value == blocks.Attainment {
		p := r.findPlan(spec.Plan, &errs)
		if p == nil {
			return r.fail(f, errs.Err())
		}
		ch, err := r.v.cb.Attainment(r.chartID(), p)
		if err != nil {
			return "", err
		}
		c = *newChartView(ch)
	} else {
		s := r.findStrategy(spec.Strategy, &errs)
		if s == nil {
			return r.fail(f, errs.Err())
		}
		ch, err := r.strategyChart(s, spec, &errs)
		if errs.Len() > 0 {
			return r.fail(f, errs.Err())
		}
		if err != nil {
			return "", err
		}
		c = *newChartView(ch)
	}
	r.mdCharts[r.src.page] = true
	c.Heading = spec.Title.Value
	return r.partial("figure-chart", &c)
}

// strategyChart draws one of s's charts as spec asks.
func (r *renderer) strategyChart(s *analysis.Strategy, spec blocks.Chart, errs *diag.List) (ch chart.Chart, err error) {
	id := r.chartID()
	if spec.Kind.Value == blocks.Bridge {
		if spec.Metric.Set() && (len(s.Targets) == 0 || spec.Metric.Value != s.Targets[0].Metric.Name) {
			first := "none"
			if len(s.Targets) > 0 {
				first = s.Targets[0].Metric.Name
			}
			errs.Add(spec.Metric.Pos, "a bridge splits the strategy's first target (%s); leave metric: out", first)
			return ch, nil
		}
		if s.Bridge == nil {
			errs.Add(spec.Kind.Pos, "strategy %q has no bridge from last year: %s", s.Strategy.ID, noBridge(s))
			return ch, nil
		}
		return r.v.cb.Bridge(id, s)
	}
	if spec.Kind.Value == blocks.Breakdown {
		d := r.findBreakdown(s, spec.Dimension, errs)
		if d < 0 || spec.Metric.Set() && r.findMetric(spec.Metric, errs) == nil {
			return ch, nil
		}
		if !spec.Metric.Set() || len(s.Targets) > 0 && spec.Metric.Value == s.Targets[0].Metric.Name {
			return r.v.cb.Breakdown(id, s, d)
		}
		dim := s.Breakdowns[d].Dimension
		for _, b := range s.Asked {
			if b.Metric == spec.Metric.Value && b.Dimension == dim {
				return r.v.cb.BreakdownBy(id, *r.findMetric(spec.Metric, errs), b)
			}
		}
		errs.Add(spec.Metric.Pos, "%s", notAsked)
		return ch, nil
	}
	t := r.findTarget(s, spec.Metric, errs)
	if t < 0 {
		return ch, nil
	}
	grain := cmp.Or(spec.Grain.Value, analysis.GrainMonth)
	if spec.Kind.Value == blocks.Monthly {
		return r.v.cb.MonthlyBy(id, s, t, grain)
	}
	return r.v.cb.CumulativeBy(id, s, t, grain)
}

// noBridge says why strategy s has no bridge from last year.
func noBridge(s *analysis.Strategy) string {
	if len(s.Targets) > 0 && s.Targets[0].Metric.Ratio {
		return fmt.Sprintf("its first target, %s, is a ratio, whose parts do not add up", s.Targets[0].Metric.Name)
	}
	return "its scope pins every dimension to one value; name one to split by with bridge_by"
}

func (r *renderer) kpiBlock(f markdown.Fence) (template.HTML, error) {
	spec, err := blocks.ParseKPI(f.Body, r.blockSource(f))
	if err != nil {
		return r.fail(f, err)
	}
	var errs diag.List
	s := r.findStrategy(spec.Strategy, &errs)
	t := -1
	if s != nil {
		t = r.findTarget(s, spec.Metric, &errs)
	}
	if errs.Len() > 0 {
		return r.fail(f, errs.Err())
	}
	tv := r.v.target(s.Targets[t])
	tv.Show = kpiShow(spec.Show)
	return r.partial("figure-kpi", &KPIBlock{Heading: spec.Title.Value, Strategy: r.v.row(s, rootOf(r.src.page)), Target: tv})
}

func (r *renderer) tableBlock(f markdown.Fence) (template.HTML, error) {
	spec, err := blocks.ParseTable(f.Body, r.blockSource(f))
	if err != nil {
		return r.fail(f, err)
	}
	var errs diag.List
	plans := map[string]bool{}
	for _, n := range spec.Plans {
		if p := r.findPlan(n, &errs); p != nil {
			plans[p.Plan.ID] = true
		}
	}
	statuses := map[analysis.Status]bool{}
	var keys, labels []string
	for _, s := range analysis.Statuses {
		keys = append(keys, string(s))
	}
	for _, n := range spec.Statuses {
		if !slices.Contains(keys, n.Value) {
			errs.Add(n.Pos, "unknown status %q%s; one of: %s", n.Value, diag.Suggest(n.Value, keys), strings.Join(keys, ", "))
			continue
		}
		statuses[analysis.Status(n.Value)] = true
		labels = append(labels, r.v.status(analysis.Status(n.Value)).Label)
	}
	if errs.Len() > 0 {
		return r.fail(f, errs.Err())
	}
	tb := TableBlock{Heading: spec.Title.Value, Empty: r.v.t.Get("block.no_strategy")}
	if len(labels) > 0 {
		tb.Empty = r.v.t.Format("block.no_strategy_with", "statuses", strings.Join(labels, r.v.t.Get("list.or")))
	}
	root := rootOf(r.src.page)
	for _, s := range r.in.Result.Strategies {
		if len(plans) > 0 && (s.Plan == nil || !plans[s.Plan.ID]) {
			continue
		}
		if len(statuses) > 0 && !statuses[s.Status] {
			continue
		}
		tb.Rows = append(tb.Rows, r.v.row(s, root))
	}
	return r.partial("figure-table", &tb)
}

func (r *renderer) findStrategy(n blocks.Name, errs *diag.List) *analysis.Strategy {
	var ids []string
	for _, s := range r.in.Result.Strategies {
		if s.Strategy.ID == n.Value {
			return s
		}
		ids = append(ids, s.Strategy.ID)
	}
	errs.Add(n.Pos, "unknown strategy %q%s", n.Value, diag.Suggest(n.Value, ids))
	return nil
}

func (r *renderer) findPlan(n blocks.Name, errs *diag.List) *analysis.Plan {
	var ids []string
	for _, p := range r.in.Result.Plans {
		if p.Plan.ID == n.Value {
			return p
		}
		ids = append(ids, p.Plan.ID)
	}
	errs.Add(n.Pos, "unknown plan %q%s", n.Value, diag.Suggest(n.Value, ids))
	return nil
}

// findTarget returns the index of s's target for metric m, the first
// target when m is not given, or -1 after recording why there is none.
func (r *renderer) findTarget(s *analysis.Strategy, m blocks.Name, errs *diag.List) int {
	if len(s.Targets) == 0 {
		errs.Add(m.Pos, "strategy %q has no target to show", s.Strategy.ID)
		return -1
	}
	if !m.Set() {
		return 0
	}
	var targets []string
	for i, t := range s.Targets {
		if t.Metric.Name == m.Value {
			return i
		}
		targets = append(targets, t.Metric.Name)
	}
	var metrics []string
	for _, x := range r.in.Result.Metrics {
		metrics = append(metrics, x.Name)
	}
	if slices.Contains(metrics, m.Value) {
		errs.Add(m.Pos, "strategy %q has no target for metric %q; its targets: %s", s.Strategy.ID, m.Value, strings.Join(targets, ", "))
	} else {
		errs.Add(m.Pos, "unknown metric %q%s; %s", m.Value, diag.Suggest(m.Value, append(targets, metrics...)), analysis.MetricsDefined(r.site, metrics))
	}
	return -1
}

// notAsked says why a block's figures beyond the plans' were not
// computed: only the blocks Asks finds are, before the data is read.
const notAsked = "its figures were not computed: a chart of a period, or a breakdown ranked by another metric than the first target, is drawn in pages, plan summaries and strategy notes, not in Markdown a template renders"

// findMetric returns the metric named m, or nil after recording that
// site.yaml defines no such metric.
func (r *renderer) findMetric(m blocks.Name, errs *diag.List) *analysis.Metric {
	var names []string
	for i, x := range r.in.Result.Metrics {
		if x.Name == m.Value {
			return &r.in.Result.Metrics[i]
		}
		names = append(names, x.Name)
	}
	errs.Add(m.Pos, "unknown metric %q%s; metrics: %s (defined in %s)", m.Value, diag.Suggest(m.Value, names), strings.Join(names, ", "), r.site.Name())
	return nil
}

// periodChart draws a chart of every row of a period (blocks.Chart.Free).
func (r *renderer) periodChart(spec blocks.Chart, errs *diag.List) (chart.Chart, error) {
	res := r.in.Result
	m := r.findMetric(spec.Metric, errs)
	dims := []blocks.Name{spec.By}
	for _, e := range spec.Scope {
		dims = append(dims, blocks.Name{Value: e.Dimension, Pos: e.Pos})
	}
	for _, d := range dims {
		if d.Set() && !slices.Contains(res.Dimensions, d.Value) {
			errs.Add(d.Pos, "unknown dimension %q%s; dimensions: %s", d.Value, diag.Suggest(d.Value, res.Dimensions), strings.Join(res.Dimensions, ", "))
		}
	}
	if m == nil || errs.Len() > 0 {
		return chart.Chart{}, nil
	}
	c := res.Chart(chartAsk(spec))
	if c == nil {
		errs.Add(spec.Metric.Pos, "%s", notAsked)
		return chart.Chart{}, nil
	}
	for _, e := range spec.Scope {
		for k, v := range e.Values {
			if i := slices.IndexFunc(c.Missing, func(m analysis.MissingValue) bool { return m.Dimension == e.Dimension && m.Value == v }); i >= 0 {
				r.blockWarning(e.ValuePos[k], fmt.Sprintf("chart block: scope.%s: no row has %q%s", e.Dimension, v, c.Missing[i].Hint))
			}
		}
	}
	return r.v.cb.Period(r.chartID(), c)
}

// findBreakdown returns the index of s's breakdown by dimension d, the
// first one when d is not given, or -1 after recording why there is none.
func (r *renderer) findBreakdown(s *analysis.Strategy, d blocks.Name, errs *diag.List) int {
	if !d.Set() {
		if len(s.Breakdowns) == 0 {
			errs.Add(d.Pos, "strategy %q has no breakdown: its scope pins every dimension to one value", s.Strategy.ID)
			return -1
		}
		return 0
	}
	var own []string
	for i, b := range s.Breakdowns {
		if b.Dimension == d.Value {
			return i
		}
		own = append(own, b.Dimension)
	}
	known := slices.Clone(own)
	for _, x := range r.in.Result.Strategies {
		for _, b := range x.Breakdowns {
			known = append(known, b.Dimension)
		}
		for _, e := range x.Strategy.Scope {
			known = append(known, e.Dimension)
		}
	}
	if slices.Contains(known, d.Value) {
		errs.Add(d.Pos, "strategy %q has no breakdown by %s: its scope pins it to one value; breakdowns: %s", s.Strategy.ID, d.Value, strings.Join(own, ", "))
	} else {
		errs.Add(d.Pos, "unknown dimension %q%s", d.Value, diag.Suggest(d.Value, known))
	}
	return -1
}
