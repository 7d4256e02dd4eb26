// Package build runs the pipeline a site goes through, in this order:
// load (site.yaml, plans and their history in git, Markdown pages, then
// the sales data, grouped as the plans and the pages' blocks need) →
// analyse (strategy results) → render (pages, charts, exports) → write
// (atomically). Each
// stage lives in its own package and is a function of its inputs; build
// owns only the order of the stages, the report of a run, handing the
// site's templates/ and static/ folders to the output (a static/ file
// lands in assets/), and the Cache a long-lived process (salesdeck serve)
// keeps between runs: a piece of a run (a plan's parse, a strategy's
// results, a strategy's page, the walk of the plans' history up to a
// commit) is reused when the digest of its inputs is unchanged, and the
// sales data while its key is.
// It does not print: callers decide how to show progress, warnings and
// errors.
package build

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"salesdeck/internal/analysis"
	"salesdeck/internal/load/config"
	"salesdeck/internal/load/database"
	"salesdeck/internal/load/history"
	"salesdeck/internal/load/pages"
	"salesdeck/internal/load/plan"
	"salesdeck/internal/load/sales"
	"salesdeck/internal/load/sitefs"
	"salesdeck/internal/output"
	"salesdeck/internal/render"
	"salesdeck/internal/render/assets"
	"salesdeck/internal/support/diag"
)

// Options say which site to build and where.
type Options struct {
	Src     string // the site folder
	Out     string // the output folder; default Src/public
	Drafts  bool   // include pages marked draft
	Version string // salesdeck's version, shown in page footers
	// Config is the settings file, a path in the site relative to Src
	// (config.CheckName); "" is site.yaml, which a site may leave out.
	// A file named otherwise must exist.
	Config string
	// Progress, when set, receives the bytes of sales data read so far and
	// the total, for a progress display on long reads.
	Progress func(done, total int64)
	// Cache, when set, keeps the sales data and the pieces of a build
	// (plans, results, pages) for the next, which redoes only what
	// changed (see Cache).
	Cache *Cache
	// Waiting, when set, is called once if Build must wait for another
	// build of the same output folder to finish writing it.
	Waiting func(out string)
	// Deadline, when set, stops templates that still write after it
	// (render.ErrDeadline), for a caller that abandons a build then.
	Deadline time.Time
	// Context, when set, stops the queries of a database source when it
	// is done (a user's Ctrl+C).
	Context context.Context
}

// Report tells what a run did, for the summary at its end.
type Report struct {
	Pages      int // HTML pages
	Files      int // every output file
	Plans      int
	Strategies int
	DataFiles  int
	RowsRead   int
	Received   sales.Received // what a database source sent
	Warnings   []*diag.Error
	Elapsed    time.Duration
	Stages     []Stage // how long each stage took, in order
}

// Stage is the time one stage of a run took.
type Stage struct {
	Name    string // load, analyse, render or write
	Elapsed time.Duration
}

// stage records that the stage name ended now, having begun where the
// last one ended (or at start).
func (r *Report) stage(name string, start time.Time) {
	from := start
	for _, s := range r.Stages {
		from = from.Add(s.Elapsed)
	}
	r.Stages = append(r.Stages, Stage{name, time.Since(from)})
}

// Loaded is the load stage's output: everything read from the site.
type Loaded struct {
	Config *config.Site
	Plans  []*plan.Plan
	// History is the plans' history in git; nil outside a repository or
	// with history: false.
	History *history.History
	Data    *sales.Data
	Pages   []pages.Page
	// Asks are what the Markdown's chart blocks ask the analysis for
	// beyond the plans' figures (render.Asks).
	Asks *analysis.Asks
}

// Load reads every input of the site in fsys, reporting the problems of
// all inputs together.
func Load(fsys fs.FS, opt Options) (*Loaded, error) {
	cfg, err := config.LoadFile(fsys, opt.Config)
	if err != nil {
		// Everything else is read according to the settings.
		return nil, err
	}
	var errs diag.List
	l := &Loaded{Config: cfg}
	parse, load := plan.Parse, readSales
	if opt.Cache != nil {
		parse, load = opt.Cache.parse, opt.Cache.load
	}
	// The plans and the Markdown's blocks say which groups of the sales
	// data to keep (analysis.Need), so they are read first.
	l.Plans, err = plan.LoadAllWith(fsys, cfg.FiscalYearStart, parse)
	if err != nil {
		errs.Append(err)
	}
	if l.History, err = loadHistory(fsys, opt, cfg, l.Plans); err != nil {
		errs.Append(err)
	}
	if l.Pages, err = pages.Load(fsys, opt.Drafts); err != nil {
		errs.Append(err)
	}
	l.Asks = render.Asks(cfg, markdownOf(l))
	need := analysis.Need(cfg, l.Plans, l.Asks)
	ctx := cmp.Or[context.Context](opt.Context, context.Background())
	if l.Data, err = load(ctx, opt.Src, fsys, cfg, sales.Options{Progress: opt.Progress, Need: need}); err != nil {
		errs.Append(err)
	}
	for _, p := range l.Pages {
		if reserved(p.Path) {
			errs.Add(diag.Pos{File: p.File}, "page would be written to %s, where salesdeck writes its own pages; rename or move it", p.Path)
		}
	}
	return l, errs.Err()
}

// markdownOf is the Markdown of l that may hold live figures: its pages,
// its plans' summaries and its strategies' notes.
func markdownOf(l *Loaded) []string {
	var out []string
	for _, p := range l.Pages {
		out = append(out, p.Body)
	}
	for _, p := range l.Plans {
		out = append(out, p.Summary)
		for _, s := range p.Strategies {
			out = append(out, s.Notes)
		}
	}
	return out
}

// loadHistory reads the history of the plans in the site's git
// repository, through the cache when opt has one, unless site.yaml says
// history: false. A repository go-git cannot read (a format it does not
// know, a partial clone lacking old files) is a warning: the site is
// built without history.
func loadHistory(fsys fs.FS, opt Options, cfg *config.Site, current []*plan.Plan) (*history.History, error) {
	if cfg.History.Off {
		return nil, nil
	}
	hopt := history.Options{Dir: opt.Src, PlanOfRecord: cfg.History.PlanOfRecord, PlanOfRecordPos: cfg.History.PlanOfRecordPos,
		FiscalYearStart: cfg.FiscalYearStart, Current: current, Files: fsys}
	if opt.Cache != nil {
		hopt.Pieces = opt.Cache
	}
	h, err := history.Load(hopt)
	var problem *diag.Error
	if err != nil && !errors.As(err, &problem) {
		return &history.History{Warnings: []*diag.Error{diag.Errorf(diag.Pos{File: plan.Dir},
			"plan history not read from git: %v; the site shows no revisions (history: false in %s turns this off)", err, cfg.Name())}}, nil
	}
	return h, err
}

// readSales reads the sales data from where site.yaml says: CSV files in
// fsys, or a database or command that groups the rows itself (a command
// runs in the site folder dir, so that paths in its arguments are the
// site's).
func readSales(ctx context.Context, dir string, fsys fs.FS, cfg *config.Site, opt sales.Options) (*sales.Data, error) {
	if cfg.Sales.Source != "csv" {
		return database.Load(ctx, cfg, opt.Need, dir)
	}
	return sales.Load(fsys, cfg, opt)
}

// reserved reports whether a Markdown page's output path is taken by the
// generated site.
func reserved(p string) bool {
	if p == "handout.html" {
		return true
	}
	for _, dir := range []string{"plans/", "strategies/", "data/", "assets/"} {
		if strings.HasPrefix(p, dir) {
			return true
		}
	}
	return false
}

// Files runs load, analyse and render, returning every output file.
func Files(opt Options) (files map[string][]byte, rep *Report, err error) {
	if c := opt.Cache; c != nil {
		c.begin()
		defer func() { c.end(err == nil) }()
	}
	start := time.Now()
	rep = &Report{}
	if err := checkSite(opt.Src); err != nil {
		return nil, rep, err
	}
	// Every stage reads the site through one file system, which follows
	// symbolic links only while they stay inside the site and opens
	// nothing but files and folders (docs/security.md).
	fsys, err := sitefs.Open(opt.Src)
	if err != nil {
		return nil, rep, err
	}
	defer fsys.Close()
	l, err := Load(fsys, opt)
	if err != nil {
		return nil, rep, withAnalysis(l, err)
	}
	static, err := staticFiles(fsys, l.Config)
	if err != nil {
		return nil, rep, err
	}
	rep.stage("load", start)
	rep.Plans, rep.DataFiles, rep.RowsRead = len(l.Plans), len(l.Data.Files), l.Data.RowsRead
	rep.Received = l.Data.Received
	rep.Warnings = append(rep.Warnings, l.Data.Warnings...)
	if l.History != nil {
		rep.Warnings = append(rep.Warnings, l.History.Warnings...)
	}
	// Dimension names are known once the sales data is read.
	rep.Warnings = append(rep.Warnings, l.Config.Labels.Unknown(l.Data.Dimensions)...)
	res, err := analyse(opt, l, rep)
	if err != nil {
		return nil, rep, err
	}
	rep.stage("analyse", start)
	rep.Strategies = len(res.Strategies)
	files, err = renderSite(fsys, opt, l, res, static, rep)
	if err != nil {
		return nil, rep, err
	}
	for name := range files {
		if filepath.Ext(name) == ".html" {
			rep.Pages++
		}
	}
	rep.Files = len(files)
	rep.stage("render", start)
	rep.Elapsed = time.Since(start)
	return files, rep, nil
}

// checkSite reports a site folder that does not exist or is a file: a
// mistake on the command line, not in the site.
func checkSite(src string) error {
	if st, err := os.Stat(src); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("site folder %q does not exist", src)
	} else if err != nil {
		return err
	} else if !st.IsDir() {
		return fmt.Errorf("site folder %q is a file; give the folder holding site.yaml", src)
	}
	return nil
}

// analyse runs the analysis of what l holds, through the cache when opt
// has one, adding its warnings to rep.
func analyse(opt Options, l *Loaded, rep *Report) (*analysis.Site, error) {
	run := analysis.Run
	if opt.Cache != nil {
		run = opt.Cache.analyse
	}
	res, warnings, err := run(l.Config, l.Plans, l.Data, l.Asks, l.History)
	// Rendering needs the results only: let the groups go (a few hundred
	// MB for ten million rows of a customer column) unless the cache keeps
	// them, and collect them now when large, before the garbage collector
	// lets the heap grow to twice their size while rendering.
	if big := l.Data.Bytes() >= 32<<20; opt.Cache == nil {
		l.Data = nil
		if big {
			runtime.GC()
		}
	}
	rep.Warnings = append(rep.Warnings, warnings...)
	return res, err
}

// renderSite renders the results res with the site's pages, templates
// and static files, and adds the built-in assets; warnings go to rep.
func renderSite(fsys fs.FS, opt Options, l *Loaded, res *analysis.Site, static map[string][]byte, rep *Report) (map[string][]byte, error) {
	in := render.Input{Site: l.Config, Result: res, Version: opt.Version, Styles: styles(static), Deadline: opt.Deadline, Plans: plansVersion(l.History),
		Warn: func(w *diag.Error) { rep.Warnings = append(rep.Warnings, w) }}
	if opt.Cache != nil {
		in.Pieces, in.Inputs = opt.Cache, opt.Cache.inputs
	}
	if _, err := fs.Stat(fsys, templatesDir); err == nil {
		in.Templates, _ = fs.Sub(fsys, templatesDir)
	} else if !errors.Is(err, fs.ErrNotExist) {
		// Not the built-in templates in silence: the site's are there.
		return nil, diag.ReadDirError(templatesDir, err)
	}
	for _, p := range l.Pages {
		in.Pages = append(in.Pages, render.Page{Path: p.Path, Title: p.Title, Description: p.Description,
			Weight: p.Weight, Handout: p.Handout, Body: p.Body, File: p.File, BodyLine: p.BodyLine})
	}
	files, err := render.Render(in)
	if err != nil {
		return nil, err
	}
	for name, b := range assets.Files() {
		files[name] = b
	}
	if err := addStatic(files, static); err != nil {
		return nil, err
	}
	return files, nil
}

// plansVersion is the version of the plans h says the site shows; nil
// without history or commits.
func plansVersion(h *history.History) *history.Version {
	if h == nil || (h.Head == history.Version{} && len(h.Strategies) == 0) {
		return nil
	}
	return &h.Head
}

// Build builds the site and writes it to the output folder, replacing the
// previous build only when every stage succeeded.
func Build(opt Options) (*Report, error) {
	start := time.Now()
	if err := checkOut(opt); err != nil {
		return &Report{}, err
	}
	files, rep, err := Files(opt)
	if err != nil {
		return rep, err
	}
	out := OutDir(opt)
	var wait []output.Option
	if opt.Waiting != nil {
		wait = append(wait, output.OnWait(func() { opt.Waiting(out) }))
	}
	err = output.Write(out, files, wait...)
	rep.stage("write", start)
	rep.Elapsed = time.Since(start)
	return rep, err
}

// OutDir is the output folder of opt.
func OutDir(opt Options) string {
	if opt.Out != "" {
		return opt.Out
	}
	return filepath.Join(opt.Src, "public")
}

// withAnalysis adds to err, the problems of a failed load, those the
// analysis finds in the plans that did load (an unknown metric or
// dimension), so that one run lists every independent problem. It needs
// the settings and the data; a system error is returned as it is.
func withAnalysis(l *Loaded, err error) error {
	var list *diag.ListError
	if l == nil || l.Config == nil || l.Data == nil || len(l.Plans) == 0 || !errors.As(err, &list) || list.System() {
		return err
	}
	_, _, aerr := analysis.Run(l.Config, l.Plans, l.Data, l.Asks, l.History)
	if aerr == nil {
		return err
	}
	var all diag.List
	all.Append(err)
	all.Append(aerr)
	return all.Err()
}

// History reads what `salesdeck history` shows: the settings, the plans
// and their history in git, without the sales data. The history is nil
// outside a repository or with history: false.
func History(opt Options) (*config.Site, []*plan.Plan, *history.History, error) {
	if err := checkSite(opt.Src); err != nil {
		return nil, nil, nil, err
	}
	fsys, err := sitefs.Open(opt.Src)
	if err != nil {
		return nil, nil, nil, err
	}
	defer fsys.Close()
	cfg, err := config.LoadFile(fsys, opt.Config)
	if err != nil {
		return nil, nil, nil, err
	}
	plans, err := plan.LoadAll(fsys, cfg.FiscalYearStart)
	if err != nil {
		return nil, nil, nil, err
	}
	h, err := loadHistory(fsys, opt, cfg, plans)
	return cfg, plans, h, err
}
