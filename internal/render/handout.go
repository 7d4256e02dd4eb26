package render

// The board handout (handout.html): the whole site as a printed document
// for a board meeting. A cover, contents, an executive summary, the
// Markdown pages whose front matter asks for it, then each plan's summary
// followed by its strategies, one per printed page.
//
// Paper comes first here. The page's CSS @page rule takes its size from
// site.yaml's handout settings, and every chart is drawn at a fixed size
// computed from that paper (see paperOf), with the SVG renderer and no
// resizing, so the printout is exactly what was drawn whether it comes
// from a browser's print dialog or from `salesdeck pdf`.

import (
	"fmt"
	"html/template"
	"math"
	"path"
	"regexp"
	"strings"

	"salesdeck/internal/analysis"
	"salesdeck/internal/load/config"
	"salesdeck/internal/render/chart"
	"salesdeck/internal/render/format"
	"salesdeck/internal/render/markdown"
	"salesdeck/internal/support/civil"
)

// HandoutView is the data of handout.html (Data.Handout).
type HandoutView struct {
	Paper Paper
	// Prepared says what the figures were computed from, e.g. "30,242
	// sales rows in 1 file (data/sales.csv)".
	Prepared string
	// Pages are the Markdown pages whose front matter says handout: true,
	// printed after the executive summary, before the plans.
	Pages      []HandoutPage
	Plans      []HandoutPlan
	Strategies int
	Counts     []StatusCount // every status, in analysis.Statuses order
	Rows       []StrategyRow // every strategy, plans in order
	Attention  []StrategyRow // behind, at risk or missed: what the board should discuss
	Attainment *PrintChart   // every strategy's attainment; nil when there is none
	Version    string
	// PlansVersion names the version of the plans shown, from their history in
	// git: "plans of commit 3f2a9c1, 2 Mar 2026", or "plans with
	// uncommitted changes"; "" without history (docs/plans-in-git.md).
	PlansVersion string
}

// Paper is the handout's paper and the sizes laid out on it, in CSS
// pixels (1/96 inch) unless named otherwise.
type Paper struct {
	Name        string // "A4" or "Letter"
	Orientation string // "portrait" or "landscape"
	Landscape   bool
	// Size is the @page size, e.g. "A4 portrait".
	Size template.CSS
	// Margin is the @page margin: top, right, bottom, left.
	Margin template.CSS
	// Width and Height are the printable area inside the margins.
	Width, Height int
}

// HandoutPage is a Markdown page's section of the handout.
type HandoutPage struct {
	No, Anchor         string // section number and element id, as a plan's
	Title, Description string
	// Body is the page's Markdown, its links and ids made to work from
	// the handout; a level-1 heading that opens it is left out, as Title
	// heads the section.
	Body template.HTML
	File string // e.g. "content/q3-review.md"
}

// HandoutPlan is a plan's section: its summary page, then its strategies.
type HandoutPlan struct {
	No                       string // section number, e.g. "2"
	Anchor                   string // element id, for the contents' links
	ID, Title, Owner, Period string
	Summary                  template.HTML
	Counts                   []StatusCount // statuses present, in order
	Rows                     []StrategyRow
	Strategies               []HandoutStrategy
}

// HandoutStrategy is one strategy's printed page.
type HandoutStrategy struct {
	No     string // section number, e.g. "2.1"
	Anchor string
	Row    StrategyRow
	Period string
	// How far the period has gone: day DaysElapsed of DaysTotal, Elapsed
	// as a percentage, DaysRemaining to go.
	DaysElapsed, DaysTotal, DaysRemaining int
	Elapsed                               string
	Budget                                string // "" when none
	// Targets are every target's figures (no charts); the first decides
	// the status and is the one charted.
	Targets []TargetView
	// Headline is Targets[0]; nil when the strategy has no target.
	Headline   *TargetView
	Cumulative *PrintChart
	Monthly    *PrintChart
	// Months is the headline target month by month: the figures of both
	// charts in one table.
	Months MonthTable
	// Bridge is the headline target's change from last year by the
	// values of a dimension, and PriceVolumeMix the same change as
	// volume, mix, price and other; each nil when it has none. Their
	// figures tables print beside them (printFigures).
	Bridge, PriceVolumeMix *PrintChart
	Tactics                []string
	// Notes are the strategy's notes, rendered as on its page.
	Notes template.HTML
	// Sheet is this page as partials/handout-strategy.html renders it.
	Sheet template.HTML
}

// MonthTable is a strategy's headline target by month.
type MonthTable struct {
	Caption string
	Header  []string
	Rows    [][]string
}

// PrintChart is a chart drawn at a fixed size for paper.
type PrintChart struct {
	*ChartView
	Width int // CSS pixels; the height is ChartView.Height
}

// papers are the sheet sizes in millimetres, portrait.
var papers = map[string][2]float64{
	"A4":     {210, 297},
	"Letter": {215.9, 279.4},
}

// The @page margins in millimetres. The bottom one holds the page number
// and the as-of date.
const (
	marginTop, marginSide, marginBottom = 14.0, 14.0, 16.0
)

// handoutPath is the handout's page, relative to public/.
const handoutPath = "handout.html"

// paperOf returns the paper h asks for, A4 portrait by default.
func paperOf(h config.Handout) Paper {
	name, orient := h.Paper, h.Orientation
	if _, ok := papers[name]; !ok {
		name = "A4"
	}
	if orient != "landscape" {
		orient = "portrait"
	}
	w, ht := papers[name][0], papers[name][1]
	if orient == "landscape" {
		w, ht = ht, w
	}
	px := func(mm float64) int { return int(math.Floor(mm / 25.4 * 96)) }
	return Paper{
		Name: name, Orientation: orient, Landscape: orient == "landscape",
		Size:   template.CSS(name + " " + orient),
		Margin: template.CSS(fmt.Sprintf("%gmm %gmm %gmm %gmm", marginTop, marginSide, marginBottom, marginSide)),
		Width:  px(w - 2*marginSide),
		Height: px(ht - marginTop - marginBottom),
	}
}

func (r *renderer) handout() error {
	res := r.in.Result
	f := r.v.f
	d := &Data{Path: handoutPath, Title: r.v.t.Get("handout.title"), HasCharts: true, WholeMoney: r.v.f.WholeMoney()}
	p := paperOf(r.site.Handout)
	hv := &HandoutView{
		Paper:      p,
		Strategies: len(res.Strategies),
		Counts:     r.v.counts(res.Strategies, true),
		Version:    r.in.Version,
	}
	hv.Prepared = r.v.prepared(f.Number(float64(res.RowsRead)), res.Files, res.Source)
	if v := r.in.Plans; v != nil {
		version := r.v.t.Get("handout.version_uncommitted")
		if d, err := civil.Parse(v.Date); err == nil && !v.Uncommitted() {
			version = r.v.t.Format("handout.version_commit", "commit", v.Commit, "date", f.Date(d))
		}
		hv.PlansVersion = r.v.t.Format("handout.plans_version", "version", version)
	}
	for _, s := range res.Strategies {
		row := r.v.row(s, "")
		row.URL = "#" + strategyAnchor(s.Strategy.ID)
		hv.Rows = append(hv.Rows, row)
		switch s.Status {
		case analysis.Behind, analysis.AtRisk, analysis.Missed:
			hv.Attention = append(hv.Attention, row)
		}
	}
	if len(res.Strategies) > 0 {
		all := &analysis.Plan{Strategies: res.Strategies}
		c, err := r.v.cb.Attainment("h_attainment", all)
		if err != nil {
			return chartErr(d.Path, err)
		}
		// In landscape the chart sits beside the strategies that need
		// attention.
		w := p.Width
		if p.Landscape && len(hv.Attention) > 0 {
			w = p.Width * 60 / 100
		}
		hv.Attainment = printChart(c, w, barsHeight(len(res.Strategies)))
	}
	// Section 1 is the executive summary; the pages follow it, then the
	// plans.
	for _, pg := range r.sortedPages(func(pg Page) bool { return pg.Handout }) {
		hpg, err := r.handoutPage(fmt.Sprint(len(hv.Pages)+2), pg)
		if err != nil {
			return err
		}
		hv.Pages = append(hv.Pages, hpg)
	}
	for i, ap := range res.Plans {
		hp, err := r.handoutPlan(fmt.Sprint(len(hv.Pages)+i+2), ap, d.Path, p)
		if err != nil {
			return err
		}
		hv.Plans = append(hv.Plans, hp)
	}
	d.Handout = hv
	r.sizes["handout.html"] = max(r.sizes["handout.html"], handoutSize(hv))
	return r.page("handout.html", d)
}

// handoutPage returns the section of page pg, numbered no.
func (r *renderer) handoutPage(no string, pg Page) (HandoutPage, error) {
	anchor := "page-" + no
	dir := strings.TrimPrefix(path.Dir(pg.Path), ".")
	body, err := r.markdownMoved(mdSource{page: handoutPath, file: pg.File, line: max(pg.BodyLine, 1)}, pg.Body,
		markdown.Moved{Dir: dir, IDs: anchor + "-"})
	if err != nil {
		return HandoutPage{}, err
	}
	return HandoutPage{No: no, Anchor: anchor, Title: pageTitle(pg), Description: pg.Description,
		Body: withoutTitle(body), File: pg.File}, nil
}

// withoutTitle drops the level-1 heading that opens body, if any.
func withoutTitle(body template.HTML) template.HTML {
	s := strings.TrimLeft(string(body), " \n")
	if !strings.HasPrefix(s, "<h1") {
		return body
	}
	if _, rest, ok := strings.Cut(s, "</h1>"); ok {
		return template.HTML(strings.TrimLeft(rest, "\n"))
	}
	return body
}

// handoutPlan returns the section of plan ap, numbered no, in the handout
// page: its summary and a sheet per strategy.
func (r *renderer) handoutPlan(no string, ap *analysis.Plan, page string, p Paper) (HandoutPlan, error) {
	summary, err := r.markdownFrom(mdSource{page: page, file: ap.Plan.File, at: ap.Plan.Pos, what: "summary"}, ap.Plan.Summary)
	if err != nil {
		return HandoutPlan{}, err
	}
	hp := HandoutPlan{
		No: no, Anchor: "plan-" + ap.Plan.ID,
		ID: ap.Plan.ID, Title: ap.Plan.Title, Owner: ap.Plan.Owner,
		Period: r.v.period(ap.Plan.Period), Summary: summary,
		Counts: r.v.counts(ap.Strategies, false),
	}
	for j, s := range ap.Strategies {
		hs, err := r.sheet(fmt.Sprintf("%s.%d", no, j+1), s, p)
		if err != nil {
			return hp, chartErr(page, err)
		}
		hp.Rows = append(hp.Rows, hs.Row)
		hp.Strategies = append(hp.Strategies, hs)
	}
	return hp, nil
}

// handoutSize guesses the size of the handout page, to make room for it
// at once: it is the largest page by far (8 MB for a thousand
// strategies), about its sheets and a few lines a strategy in the
// contents and tables.
func handoutSize(hv *HandoutView) int {
	size := 48 << 10
	for _, hp := range hv.Plans {
		for _, hs := range hp.Strategies {
			size += len(hs.Sheet) + 2<<10
		}
	}
	return size
}

// strategyAnchor is the id of a strategy's page in the handout; plan and
// strategy IDs cannot clash, their prefixes differ.
func strategyAnchor(id string) string { return "strategy-" + id }

// sheet returns the view of strategy s's page in the handout, numbered
// no, with the page rendered.
func (r *renderer) sheet(no string, s *analysis.Strategy, p Paper) (HandoutStrategy, error) {
	// The handout is one page: its money is whole when any strategy's is.
	kept, key := r.piece("sheet", s, no, r.v.f.WholeMoney())
	if hs, ok := kept.(HandoutStrategy); ok {
		return hs, nil
	}
	r.drewBlock, r.warned = false, false
	hs, err := r.handoutStrategy(no, s, p)
	if err != nil {
		return hs, err
	}
	var buf strings.Builder
	buf.Grow(r.sizes["handout-strategy"] + 1<<10) // sheets are about the same size
	if err := r.tmpl["handout.html"].ExecuteTemplate(&pageWriter{buf: &buf, deadline: r.in.Deadline}, "handout-strategy", &hs); err != nil {
		return hs, r.templateErr(err, "handout.html")
	}
	r.sizes["handout-strategy"] = buf.Len()
	hs.Sheet = template.HTML(buf.String())
	r.keep(key, hs)
	return hs, nil
}

func (r *renderer) sheetHead(no string, s *analysis.Strategy) HandoutStrategy {
	hs := HandoutStrategy{No: no, Anchor: strategyAnchor(s.Strategy.ID), Row: r.v.row(s, "")}
	hs.Row.URL = "#" + hs.Anchor
	return hs
}

func (r *renderer) handoutStrategy(no string, s *analysis.Strategy, p Paper) (HandoutStrategy, error) {
	v, f := r.v, r.v.f
	hs := r.sheetHead(no, s)
	hs.Period = v.period(s.Period)
	hs.DaysElapsed, hs.DaysTotal, hs.DaysRemaining = s.DaysElapsed, s.DaysTotal, s.DaysRemaining
	hs.Elapsed = f.Percent(s.Elapsed)
	hs.Tactics = s.Strategy.Tactics
	notes, err := r.notes(handoutPath, s)
	if err != nil {
		return hs, err
	}
	hs.Notes = notes
	if bad(s.Elapsed) {
		hs.Elapsed = format.Dash
	}
	if s.Strategy.Budget != nil {
		hs.Budget = f.Money(*s.Strategy.Budget)
	}
	for _, t := range s.Targets {
		hs.Targets = append(hs.Targets, v.target(t))
	}
	if len(s.Targets) == 0 {
		return hs, nil
	}
	hs.Headline = &hs.Targets[0]
	// IDs by position: unique on the page whatever the strategy IDs are.
	id := "h_" + strings.ReplaceAll(no, ".", "_")
	cum, err := v.cb.Cumulative(id+"_cumulative", s, 0)
	if err != nil {
		return hs, err
	}
	mon, err := v.cb.Monthly(id+"_monthly", s, 0)
	if err != nil {
		return hs, err
	}
	l := strategyLayout(p, s)
	hs.Cumulative = printChart(cum, l.chartWidth, l.cumulativeHeight)
	hs.Monthly = printChart(mon, l.chartWidth, l.monthlyHeight)
	hs.Months = r.v.monthTable(hs.Headline.Metric, cum.Table, mon.Table)
	if hasBridge(s) {
		c, err := v.cb.Bridge(id+"_bridge", s)
		if err != nil {
			return hs, err
		}
		hs.Bridge = printChart(c, changeWidth(p), changeChartPx)
	}
	if s.Targets[0].PriceVolumeMix != nil {
		c, err := v.cb.PriceVolumeMix(id+"_pvm", s, 0)
		if err != nil {
			return hs, err
		}
		hs.PriceVolumeMix = printChart(c, changeWidth(p), changeChartPx)
	}
	return hs, nil
}

// hasBridge reports whether s has a bridge from last year with a step to
// draw.
func hasBridge(s *analysis.Strategy) bool { return s.Bridge != nil && len(s.Bridge.Steps) > 0 }

// The waterfalls of a strategy's page in the handout sit side by side
// under its charts, each above its figures.
const (
	changeChartPx = 190
	changeRowPx   = 16.5         // a row of a waterfall's figures
	changeFixedPx = 24 + 22 + 13 // caption, the table's head, margin
)

// changeWidth is the width of a waterfall on paper p: half the printable
// width.
func changeWidth(p Paper) int { return (p.Width - gapPx) / 2 }

// changeHeight estimates the height the waterfalls of s take on its
// page: the taller of the two with its figures.
func changeHeight(s *analysis.Strategy) float64 {
	rows := 0
	if hasBridge(s) {
		rows = len(s.Bridge.Steps) + 2
	}
	if s.Targets[0].PriceVolumeMix != nil {
		rows = max(rows, 6)
	}
	if rows == 0 {
		return 0
	}
	return changeChartPx + changeFixedPx + changeRowPx*float64(rows)
}

// layout is where a strategy page's charts go on the paper: stacked at
// full width in portrait; in landscape, stacked in a column beside the
// figures.
type layout struct {
	chartWidth, cumulativeHeight, monthlyHeight int
}

// What a strategy page holds besides its charts, in CSS pixels as
// handout.css lays it out (measured in Chromium): the charts get the
// height that is left, so a page with many months, targets or tactics
// still fits on one sheet. These are estimates; when a page holds more
// than the sheet, the rest flows onto the next page, never cut.
const (
	headPx       = 94 + 13 // title, one wrapped line of facts, rule
	tilesPx      = 70 + 13
	targetsPx    = 21 + 15 // head and margin; 24 a target
	targetRowPx  = 24
	chartsPx     = 54 // two captions and margins
	monthsPx     = 37 // caption and head; 18.2 a month
	monthRowPx   = 18.2
	tacticLinePx = 15.5
	tacticsPx    = 22      // heading
	charPx       = 5.6     // an average character at 8.5pt
	gapPx        = 19      // between the months and the tactics, 5mm
	notesPx      = 15 + 22 // margin and heading
	notesLinePx  = 16      // 8.5pt at 1.4
	paragraphPx  = 5.7     // between paragraphs, 1.5mm
	slackPx      = 16      // for what the estimates miss (rounding, a longer note)
)

func strategyLayout(p Paper, s *analysis.Strategy) layout {
	var l layout
	months := monthsPx + monthRowPx*float64(len(s.Monthly))
	fixed := float64(headPx+tilesPx+targetsPx+targetRowPx*len(s.Targets)+chartsPx) + slackPx + changeHeight(s)
	// In landscape the figures sit beside the charts, so only what is
	// above them counts, and the notes under them; in portrait the months
	// table or the tactics beside it (whichever is taller) sit below, then
	// the notes across the page.
	var left, most float64
	if p.Landscape {
		l.chartWidth = p.Width * 58 / 100
		left, most = float64(p.Height)-fixed-notesHeight(s.Strategy.Notes, l.chartWidth), 360
	} else {
		l.chartWidth = p.Width
		tactics := tacticsHeight(s.Strategy.Tactics, (p.Width-gapPx)*2/5)
		left, most = float64(p.Height)-fixed-math.Max(months, tactics)-notesHeight(s.Strategy.Notes, p.Width), 420
	}
	both := int(math.Max(240, math.Min(most, left)))
	l.cumulativeHeight = both * 54 / 100
	l.monthlyHeight = both - l.cumulativeHeight
	return l
}

// tacticsHeight estimates the height of a strategy's tactics in a column
// width pixels wide.
func tacticsHeight(tactics []string, width int) float64 {
	if len(tactics) == 0 {
		return 0
	}
	perLine := math.Max(10, float64(width-16)/charPx)
	h := float64(tacticsPx)
	for _, t := range tactics {
		h += math.Ceil(float64(len([]rune(t)))/perLine)*tacticLinePx + 4.5
	}
	return h
}

// notesHeight estimates the height of a strategy's notes, written across
// the page under its charts, from their Markdown: each paragraph (or list
// item, or line of a table) as wrapped lines of average characters.
func notesHeight(notes string, width int) float64 {
	if strings.TrimSpace(notes) == "" {
		return 0
	}
	perLine := math.Max(10, float64(width)/charPx)
	h := float64(notesPx)
	for _, para := range strings.Split(strings.ReplaceAll(notes, "\r\n", "\n"), "\n\n") {
		if para = strings.TrimSpace(para); para == "" {
			continue
		}
		// Lines of a paragraph run on; a list item, a quote, a heading
		// or a table row starts a line of its own.
		var runs []int
		for line := range strings.Lines(para) {
			line = strings.TrimSpace(line)
			if len(runs) == 0 || blockStart.MatchString(line) {
				runs = append(runs, 0)
			}
			runs[len(runs)-1] += len([]rune(line)) + 1
		}
		for _, n := range runs {
			h += math.Ceil(float64(n)/perLine) * notesLinePx
		}
		h += paragraphPx
	}
	return h
}

var blockStart = regexp.MustCompile(`^([-*+>#|]|\d+[.)])`)

// barsHeight is the height of a bar chart of n strategies on paper: a
// little tighter than on screen, so the summary keeps to one page longer.
func barsHeight(n int) int { return 52 + 26*max(n, 1) }

// printChart sizes c for paper, in CSS pixels.
func printChart(c chart.Chart, width, height int) *PrintChart {
	c.Height = height
	return &PrintChart{ChartView: newChartView(c), Width: width}
}

// monthTable joins a strategy's cumulative and monthly chart tables,
// which the builder makes month by month for the same months (month,
// actual, target, last year): the month's figures and last year's, then
// actual and target to date.
func (v views) monthTable(metric string, cum, mon chart.Table) MonthTable {
	x := v.t
	t := MonthTable{
		Caption: x.Format("strategy.by_month", "metric", metric),
		Header: []string{x.Get("chart.month"), x.Get("chart.actual"), x.Get("chart.target"), x.Get("chart.last_year"),
			x.Get("chart.actual_to_date"), x.Get("chart.target_to_date")},
	}
	for i, m := range mon.Rows {
		row := append(m[:4:4], format.Dash, format.Dash)
		if i < len(cum.Rows) && len(cum.Rows[i]) == 4 {
			row[4], row[5] = cum.Rows[i][1], cum.Rows[i][2]
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// prepared says what the figures come from: rows read and the data
// files (paths in the site), listed when there are few.
func (v views) prepared(rows string, files []string, source string) string {
	if source != "" {
		// files names the table or query the database grouped.
		return v.t.Format("handout.rows_of", "rows", rows, "source", strings.Join(files, ", "))
	}
	n := len(files)
	list := v.t.Count("count.files", n, v.f.Number(float64(n)))
	if n > 0 && n <= 3 {
		list += " (" + strings.Join(files, ", ") + ")"
	}
	return v.t.Format("handout.rows_in", "rows", rows, "files", list)
}

// frame is the template that renders page template name: "base" (the
// site's frame around "main") for every page but the handout, whose
// "main" is the whole document because paper needs no navigation.
func frame(name string) string {
	if name == "handout.html" {
		return "main"
	}
	return "base"
}
