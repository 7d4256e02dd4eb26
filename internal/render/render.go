// Package render turns computed results and Markdown pages into the files
// of the static site: the overview, one page per plan, per strategy and
// per content page, the data exports (data/strategies.json and .csv), and
// the site's stylesheet and script. Pages are Go html/template files
// embedded from templates/; a site's templates/ folder can replace any of
// them by name (Input.Templates).
//
// Render returns file contents keyed by path; it writes nothing, reads no
// file, and knows nothing of YAML, CSV or how figures are computed. It
// does not supply the ECharts library: the build adds
// assets/echarts.min.js, which every page with charts loads.
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
	"io/fs"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"salesdeck/internal/analysis"
	"salesdeck/internal/chart"
	"salesdeck/internal/config"
	"salesdeck/internal/diag"
	"salesdeck/internal/format"
	"salesdeck/internal/markdown"
)

// Page is a content/*.md page, already loaded.
type Page struct {
	Path               string // output path relative to public/, e.g. "about.html" or "guides/x.html"
	Title, Description string
	Weight             int
	Body               string // Markdown, front matter removed
	File               string // e.g. "content/about.md", for errors
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
	// Templates, when set, holds a site's own templates (its templates/
	// folder); a file there replaces the built-in one of the same name.
	Templates fs.FS
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
	r := &renderer{
		in: in, site: site,
		v:   views{f: f, cb: chart.Builder{Format: f, Primary: primary}},
		md:  markdown.New(site.Markdown.Unsafe),
		out: map[string][]byte{}, mdCharts: map[string]bool{},
		sview: SiteView{Title: cmp.Or(site.Title, "Sales plans"), Lang: f.Locale(), Currency: f.Currency(), Primary: template.CSS(primary), Version: in.Version, AsOf: f.Date(in.Result.AsOf), AsOfISO: in.Result.AsOf.String()},
	}
	tmpl, err := loadTemplates(in.Templates)
	if err != nil {
		return nil, err
	}
	r.tmpl = tmpl
	for _, step := range []func() error{r.overview, r.plans, r.strategies, r.pages, r.exports, r.assets} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return r.out, nil
}

type renderer struct {
	in    Input
	site  *config.Site
	v     views
	md    *markdown.Renderer
	tmpl  map[string]*template.Template
	out   map[string][]byte
	sview SiteView
	// mdCharts marks pages whose Markdown drew a chart (fenced chart blocks,
	// SPEC 5), so they load the chart scripts too.
	mdCharts map[string]bool
}

func (r *renderer) add(path string, b []byte) error {
	if _, dup := r.out[path]; dup {
		return fmt.Errorf("two outputs would be written to %q", path)
	}
	r.out[path] = b
	return nil
}

// page fills what every page shares and renders it with the named
// template.
func (r *renderer) page(name string, d *Data) error {
	root := rootOf(d.Path)
	d.Root = root
	d.Site = r.sview
	d.Site.Assets, d.Site.Data, d.Site.Home = root+"assets/", root+"data/", root+"index.html"
	if logo := r.site.Theme.Logo; logo != "" {
		d.Site.Logo = root + escapePath(logoPath(logo))
	}
	d.Nav = r.nav(d.Path, root)
	d.HasCharts = d.HasCharts || r.mdCharts[d.Path]
	var buf bytes.Buffer
	if err := r.tmpl[name].ExecuteTemplate(&buf, "base", d); err != nil {
		return fmt.Errorf("template %s for %s: %w", name, d.Path, err)
	}
	return r.add(d.Path, buf.Bytes())
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
	items := []NavItem{{Title: "Overview", URL: root + "index.html", Current: current == "index.html", Kind: "overview"}}
	for _, p := range r.in.Result.Plans {
		path := "plans/" + p.Plan.ID + ".html"
		items = append(items, NavItem{Title: p.Plan.Title, URL: root + escapePath(path), Current: current == path, Kind: "plan"})
	}
	for _, p := range r.menuPages() {
		items = append(items, NavItem{Title: pageTitle(p), URL: root + escapePath(p.Path), Current: current == p.Path, Kind: "page"})
	}
	return items
}

// menuPages are the content pages other than the introduction, by weight
// then title (then path, so equal titles keep a fixed order).
func (r *renderer) menuPages() []Page {
	var ps []Page
	for _, p := range r.in.Pages {
		if p.Path != "index.html" {
			ps = append(ps, p)
		}
	}
	slices.SortStableFunc(ps, func(a, b Page) int {
		return cmp.Or(cmp.Compare(a.Weight, b.Weight), cmp.Compare(pageTitle(a), pageTitle(b)), cmp.Compare(a.Path, b.Path))
	})
	return ps
}

func pageTitle(p Page) string {
	if p.Title != "" {
		return p.Title
	}
	name := p.Path[strings.LastIndex(p.Path, "/")+1:]
	return format.Humanize(strings.TrimSuffix(name, ".html"))
}

// markdown renders src from file for the page at page, giving a fenced
// block's error the file and line it came from.
func (r *renderer) markdown(page, file, src string) (template.HTML, error) {
	h, err := r.md.Render(src)
	if strings.Contains(string(h), `<script type="application/json" data-chart=`) {
		r.mdCharts[page] = true
	}
	var fe *markdown.FenceError
	if errors.As(err, &fe) {
		return "", diag.Errorf(diag.Pos{File: file, Line: fe.Line}, "%s block: %v", fe.Lang, fe.Err)
	}
	if err != nil {
		return "", fmt.Errorf("%s: %w", file, err)
	}
	return h, nil
}

// rootOf returns the way from path back up to public/.
func rootOf(path string) string { return strings.Repeat("../", strings.Count(path, "/")) }

// escapePath escapes each segment of a relative path for use in a URL, so
// a file name holding "?", "#" or a space still names the file.
func escapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
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
