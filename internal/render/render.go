// Package render turns computed results and Markdown pages into the files
// of the static site: the overview, one page per plan, per strategy and
// per content page, the board handout, the data exports
// (data/strategies.json and .csv), and the site's stylesheet and script.
//
// Pages are laid out by html/template files: base.html (the frame),
// a template per kind of page, and partials, each a file of its own
// (partials/<name>.html). They are embedded from templates/; a file of
// the same path in a site's templates/ folder (Input.Templates) is used
// instead, and only the template files are read from it. The pieces that
// pages repeat most (a chart with its figures, a KPI card, a status
// badge, an attainment bar, a table of strategies) are written by Go
// functions that templates call (markup.go). docs/templates.md lists
// every template and the data it receives.
//
// Every word the pages write themselves (a status, a table's head, a
// chart's legend) comes from label.Text, in the language of site.yaml's
// locale, with the site's labels.text over it; templates reach it as
// {{t "key"}}. Money is written in whole units on a page where an amount
// is 1,000 or more (views.money).
//
// Render returns file contents keyed by path; it writes nothing and knows
// nothing of YAML, CSV or how figures are computed. It does not supply
// the ECharts library: the build adds assets/echarts.min.js, which every
// page with charts loads.
//
// Every link is relative and points at a file, so the site works from
// file://, under any URL path and on any static host. Two calls with the
// same Input return the same bytes.
package render

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/url"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"time"

	"salesdeck/internal/analysis"
	"salesdeck/internal/load/config"
	"salesdeck/internal/load/history"
	"salesdeck/internal/render/chart"
	"salesdeck/internal/render/format"
	"salesdeck/internal/render/label"
	"salesdeck/internal/render/markdown"
	"salesdeck/internal/support/diag"
)

// Page is a content/*.md page, already loaded.
type Page struct {
	Path               string // output path relative to public/, e.g. "about.html" or "guides/x.html"
	Title, Description string
	Weight             int
	Handout            bool   // printed in the board handout too
	Body               string // Markdown, front matter removed
	File               string // e.g. "content/about.md", for errors
	// BodyLine is the line of File on which Body starts, so a fenced
	// block's problem names the file's own line; 0 counts as 1.
	BodyLine int
}

// Input is everything a site's pages are made from.
type Input struct {
	Site   *config.Site
	Result *analysis.Site
	// Pages are the content pages. The one with Path "index.html"
	// (content/index.md) is the overview's introduction, not a page of its
	// own.
	Pages   []Page
	Version string
	// Plans is the version of the plans the site shows, from their
	// history in git: a commit, or the working tree's uncommitted
	// changes; nil without history. The handout names it.
	Plans *history.Version
	// Templates, when set, holds a site's own templates (its templates/
	// folder); a file there replaces the built-in one of the same name.
	Templates fs.FS
	// Styles are extra style sheets every page links after salesdeck.css,
	// as paths relative to public/ (a site's static/*.css, which the build
	// copies to assets/).
	Styles []string
	// Pieces, when set, gives back the strategy pages and handout sheets
	// of earlier renders whose inputs are unchanged, and keeps this
	// render's (see Pieces).
	Pieces Pieces
	// Inputs, when set, holds by strategy ID the digest of what each
	// strategy's results were computed from (its plan, site.yaml, the
	// sales data), under which Pieces files what is made from them; a
	// caller that knows it (build.Cache) spares the render hashing every
	// result. Without it, pieces are filed under the results' own digest.
	Inputs map[string]string
	// Warn, when set, receives each warning found while rendering (an
	// image from another host left out), once, in file and line order,
	// after the pages are rendered and never from two goroutines at once.
	Warn func(*diag.Error)
	// Deadline, when set, stops a template that still writes after it
	// (ErrDeadline): serve abandons a build at its deadline, and a
	// template that loops must not go on filling memory behind it.
	Deadline time.Time
}

// ErrDeadline is the error of a render stopped at Input.Deadline.
var ErrDeadline = errors.New("the build ran past its deadline")

// maxPageBytes bounds one page's output. A template loop that writes runs
// into it long before memory runs out; the largest handouts salesdeck
// makes are a few hundred megabytes.
const maxPageBytes = 2 << 30

// pageWriter is what templates write a page to: a buffer that refuses to
// grow past maxPageBytes or to be written after the deadline.
type pageWriter struct {
	buf interface {
		io.Writer
		Len() int
	}
	deadline time.Time
	n        int
}

func (w *pageWriter) Write(p []byte) (int, error) {
	if w.buf.Len()+len(p) > maxPageBytes {
		return 0, fmt.Errorf("the page grew past %d GiB; does a template loop run away ({{range}} over a huge list)?", maxPageBytes>>30)
	}
	// The clock is read now and then: templates write in small pieces.
	if w.n++; w.n%64 == 0 && !w.deadline.IsZero() && time.Now().After(w.deadline) {
		return 0, ErrDeadline
	}
	return w.buf.Write(p)
}

// Render returns every output file, keyed by path relative to public/.
func Render(in Input) (map[string][]byte, error) {
	if in.Result == nil {
		return nil, errors.New("render: no results")
	}
	site := in.Site
	if site == nil {
		site = &config.Site{Title: "Sales plans"}
	}
	cur := cmp.Or(site.Currency, in.Result.Currency, "USD")
	f := format.New(site.Locale, cur)
	primary := Colour(site.Theme.Primary)
	text, err := siteText(f.Locale(), site.Labels.Text)
	if err != nil {
		return nil, err
	}
	cb := chart.NewBuilder(f, text, primary)
	cb.Labels = label.New(site.Labels.Dimensions, site.Labels.Values, text)
	r := &renderer{
		in: in, site: site,
		v:   views{f: f, cb: cb, t: text},
		out: map[string][]byte{}, mdCharts: map[string]bool{}, sizes: map[string]int{},
		mdN: map[string]int{}, blockSeen: map[string]bool{},
		sview: SiteView{Title: cmp.Or(site.Title, "Sales plans"), Lang: f.Locale(), Currency: f.Currency(), Primary: template.CSS(primary), Version: in.Version, AsOf: f.Date(in.Result.AsOf), AsOfISO: in.Result.AsOf.String()},
	}
	// The pages showing any strategy (the overview, the handout, Markdown
	// pages) write money as every strategy needs; plan and strategy
	// pages as theirs do.
	r.v = r.v.money(in.Result.Strategies)
	r.md = markdown.New(site.Markdown.Unsafe, r.markdownOptions()...)
	srcs, err := readTemplates(in.Templates)
	if err != nil {
		return nil, err
	}
	r.srcs, r.overridden = srcs, srcs.overridden
	if r.tmpl, err = parseTemplates(srcs, r.funcs()); err != nil {
		return nil, err
	}
	r.keys = newKeys(r)
	err = r.parallel(r.tasks())
	if in.Warn != nil {
		// In file order, like errors, whatever order pages rendered in.
		for _, w := range (&diag.List{Items: r.warns}).Sorted() {
			in.Warn(w)
		}
	}
	if err != nil {
		return nil, err
	}
	if err := r.blockErrs.Err(); err != nil {
		return nil, err
	}
	return r.out, nil
}

// A task renders some of the site's files. Tasks run on every core at
// once, each on a renderer of its own (pages share nothing but the
// input), and their files and problems are put together in task order,
// so the result is what rendering one page after the other gives.
type task struct {
	run func(w *renderer) error
	// heavy tasks (a page of every strategy, the exports) start first, so
	// that the last task to finish is a small one.
	heavy bool
	// What the task made: its files in the order it added them, its
	// problems with fenced blocks, and the error it stopped at.
	out       map[string][]byte
	order     []string
	blockErrs []*diag.Error
	warns     []*diag.Error
	err       error
}

// strategiesPerTask is how many strategy pages one task renders: enough
// to make a task's overhead small, few enough to share them out evenly.
const strategiesPerTask = 16

// tasks lists what there is to render, in the order of a sequential
// rendering.
func (r *renderer) tasks() []*task {
	ts := []*task{{run: (*renderer).overview}, {run: (*renderer).plans}}
	ss := r.in.Result.Strategies
	for lo := 0; lo < len(ss); lo += strategiesPerTask {
		run := ss[lo:min(lo+strategiesPerTask, len(ss))]
		ts = append(ts, &task{run: func(w *renderer) error { return w.strategyPages(run) }})
	}
	return append(ts, &task{run: (*renderer).pages}, &task{run: (*renderer).handout, heavy: true},
		&task{run: (*renderer).exports, heavy: true}, &task{run: (*renderer).assets})
}

// parallel runs ts on every core and puts their results together.
func (r *renderer) parallel(ts []*task) error {
	next := make(chan *task, len(ts))
	for _, heavy := range []bool{true, false} {
		for _, t := range ts {
			if t.heavy == heavy {
				next <- t
			}
		}
	}
	close(next)
	errs := make(chan error, runtime.GOMAXPROCS(0))
	for range cap(errs) {
		go func() {
			w, err := r.worker()
			if err != nil {
				errs <- err
				return
			}
			for t := range next {
				w.out, w.order, w.mdCharts, w.mdN, w.blockSeen = map[string][]byte{}, nil, map[string]bool{}, map[string]int{}, map[string]bool{}
				w.blockErrs, w.warns = diag.List{}, nil
				t.err = t.run(w)
				t.out, t.order, t.blockErrs, t.warns = w.out, w.order, w.blockErrs.Items, w.warns
			}
			errs <- nil
		}()
	}
	var werr error
	for range cap(errs) {
		if err := <-errs; err != nil && werr == nil {
			werr = err
		}
	}
	if werr != nil {
		return werr
	}
	for _, t := range ts {
		// The handout renders notes a second time: one warning is enough.
		for _, w := range t.warns {
			if !slices.ContainsFunc(r.warns, func(x *diag.Error) bool { return x.Error() == w.Error() }) {
				r.warns = append(r.warns, w)
			}
		}
		for _, path := range t.order {
			if err := r.add(path, t.out[path]); err != nil {
				return err
			}
		}
		if t.err != nil {
			return t.err
		}
		for _, e := range t.blockErrs {
			if !r.blockSeen[e.Error()] {
				r.blockSeen[e.Error()] = true
				r.blockErrs.Items = append(r.blockErrs.Items, e)
			}
		}
	}
	return nil
}

// worker returns a renderer for tasks: the same input and views, with
// Markdown and template helpers of its own, since they keep the state of
// the page being rendered.
func (r *renderer) worker() (*renderer, error) {
	w := &renderer{in: r.in, site: r.site, v: r.v, sview: r.sview, srcs: r.srcs, overridden: r.overridden, keys: r.keys, sizes: map[string]int{}}
	w.md = markdown.New(r.site.Markdown.Unsafe, w.markdownOptions()...)
	var err error
	w.tmpl, err = parseTemplates(r.srcs, w.funcs())
	return w, err
}

type renderer struct {
	in    Input
	site  *config.Site
	v     views
	md    *markdown.Renderer
	srcs  *sources       // the template files, read once for the whole render
	keys  *pieceKeys     // the digests of the inputs of pieces; nil without in.Pieces
	sizes map[string]int // the size of the last page of each template
	tmpl  map[string]*template.Template
	out   map[string][]byte
	sview SiteView
	// mdCharts marks pages whose Markdown drew a chart (fenced chart blocks,
	// docs/pages.md, Live figures), so they load the chart scripts too.
	mdCharts map[string]bool
	// overridden names the templates the site replaced, whose errors are
	// the site's to fix (see templateErr).
	overridden map[string]bool
	// The state of fenced blocks (blocks.go): the Markdown being rendered,
	// the Markdown charts drawn so far per page (their IDs), and problems.
	src       mdSource
	cur       string // the page being rendered, for the markdown helper
	mdN       map[string]int
	blockErrs diag.List
	blockSeen map[string]bool
	order     []string // the paths of out in the order they were added
	// drewBlock is set by every fenced block drawn: the piece being
	// rendered shows more than its own strategy (see Pieces).
	drewBlock bool
	// warns are the warnings of the Markdown rendered; warned is set when
	// the page being rendered gave one, so that the Memo does not keep
	// it and the warning comes again with every render.
	warns  []*diag.Error
	warned bool
}

func (r *renderer) add(path string, b []byte) error {
	if _, dup := r.out[path]; dup {
		return fmt.Errorf("two outputs would be written to %q", path)
	}
	r.out[path] = b
	r.order = append(r.order, path)
	return nil
}

// page fills what every page shares and renders it with the named
// template.
func (r *renderer) page(name string, d *Data) error {
	r.fill(d)
	return r.execute(name, d)
}

// execute renders page d, already filled, with the named template.
func (r *renderer) execute(name string, d *Data) error {
	r.cur = d.Path
	var buf bytes.Buffer
	// Grown by appends alone, a page was copied a dozen times; pages of a
	// kind are about the same size.
	buf.Grow(r.sizes[name] + 1<<10)
	if err := r.tmpl[name].ExecuteTemplate(&pageWriter{buf: &buf, deadline: r.in.Deadline}, frame(name), d); err != nil {
		return r.templateErr(err, d.Path)
	}
	r.sizes[name] = buf.Len()
	return r.add(d.Path, buf.Bytes())
}

// fill sets what every page shares.
func (r *renderer) fill(d *Data) {
	root := rootOf(d.Path)
	d.Root = root
	d.Site = r.sview
	d.Site.Assets, d.Site.Data, d.Site.Home = root+"assets/", root+"data/", root+"index.html"
	if logo := r.site.Theme.Logo; logo != "" {
		d.Site.Logo = root + escapePath(logoPath(logo))
	}
	d.Nav = r.nav(d.Path, root)
	for _, s := range r.in.Styles {
		d.Site.Styles = append(d.Site.Styles, root+escapePath(s))
	}
	d.HasCharts = d.HasCharts || r.mdCharts[d.Path]
}

// logoPath maps the logo's path in the site to its path in public/: the
// build copies static/ into assets/.
func logoPath(p string) string {
	p = strings.TrimPrefix(p, "./")
	if rest, ok := strings.CutPrefix(p, "static/"); ok {
		return "assets/" + rest
	}
	return p
}

func (r *renderer) nav(current, root string) []NavItem {
	items := []NavItem{{Title: r.v.t.Get("page.overview"), URL: root + "index.html", Current: current == "index.html", Kind: "overview"}}
	for _, p := range r.in.Result.Plans {
		path := "plans/" + p.Plan.ID + ".html"
		items = append(items, NavItem{Title: p.Plan.Title, URL: root + escapePath(path), Current: current == path, Kind: "plan"})
	}
	for _, p := range r.sortedPages(func(p Page) bool { return p.Path != "index.html" }) {
		items = append(items, NavItem{Title: pageTitle(p), URL: root + escapePath(p.Path), Current: current == p.Path, Kind: "page"})
	}
	return items
}

// sortedPages are the content pages that keep says to keep, in the order
// of the menu and the handout: by weight, then title (then path, so equal
// titles keep a fixed order). A page without a weight (0) comes after
// those with one, as in Hugo: giving one page a weight should not push it
// behind every other.
func (r *renderer) sortedPages(keep func(Page) bool) []Page {
	var ps []Page
	for _, p := range r.in.Pages {
		if keep(p) {
			ps = append(ps, p)
		}
	}
	slices.SortStableFunc(ps, func(a, b Page) int {
		return cmp.Or(compareBool(a.Weight == 0, b.Weight == 0), cmp.Compare(a.Weight, b.Weight),
			cmp.Compare(pageTitle(a), pageTitle(b)), cmp.Compare(a.Path, b.Path))
	})
	return ps
}

// compareBool orders false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

func pageTitle(p Page) string {
	if p.Title != "" {
		return p.Title
	}
	name := p.Path[strings.LastIndex(p.Path, "/")+1:]
	return format.Humanize(strings.TrimSuffix(name, ".html"))
}

// rootOf returns the way from path back up to public/.
func rootOf(path string) string { return strings.Repeat("../", strings.Count(path, "/")) }

// escapePath escapes each segment of a relative path for use in a URL, so
// a file name holding "?", "#" or a space still names the file, and one
// holding ":" is not taken for a scheme (javascript:x.html).
func escapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	if strings.Contains(segs[0], ":") {
		segs[0] = "./" + segs[0]
	}
	return strings.Join(segs, "/")
}

// siteText is the wording of the site's pages: the catalogue's in the
// language of locale, with site.yaml's labels.text over it, whose keys
// must be the catalogue's.
func siteText(locale string, own []config.TextLabel) (label.Text, error) {
	keys := make([]string, len(own))
	m := make(map[string]string, len(own))
	for i, o := range own {
		keys[i], m[o.Key] = o.Key, o.Text
	}
	var errs diag.List
	for _, k := range label.UnknownKeys(keys) {
		for _, o := range own {
			if o.Key == k {
				errs.Add(o.Pos, "labels.text: salesdeck shows no text %q%s; the keys are those of its catalogue (docs/site-yaml.md, Labels)",
					k, diag.Suggest(k, label.Keys()))
			}
		}
	}
	return label.NewText(locale, m), errs.Err()
}

var plainColour = regexp.MustCompile(`^(#[0-9a-fA-F]{3,4}|#[0-9a-fA-F]{6}|#[0-9a-fA-F]{8}|[a-zA-Z]{3,30}|(rgb|rgba|hsl|hsla)\([0-9.,% ]{5,40}\))$`)

// DefaultPrimary is the theme colour when site.yaml sets none, or one that
// is not a plain colour.
const DefaultPrimary = "#1f5fd1"

// Colour returns c when it is a plain CSS colour (hex, a name, rgb() or
// hsl() with numbers), else DefaultPrimary: it ends up in a style sheet
// and in chart options, where anything else could break out.
func Colour(c string) string {
	c = strings.TrimSpace(c)
	if plainColour.MatchString(c) {
		return c
	}
	return DefaultPrimary
}
