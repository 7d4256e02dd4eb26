package render

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"strings"

	"salesdeck/internal/support/diag"
)

//go:embed templates
var builtin embed.FS

//go:embed static/salesdeck.css static/salesdeck.js static/handout.css
var static embed.FS

// PageTemplates are the page templates. Each defines "main" and is parsed
// together with base.html (the frame) and the partials.
var PageTemplates = []string{"overview.html", "plan.html", "strategy.html", "page.html", "handout.html"}

// Partials are the partial templates a page calls with {{template "name"
// value}}: each is a file of its own, partials/<name>.html, that defines
// the template of its name.
var Partials = []string{"counts", "figure-chart", "figure-kpi", "figure-table", "handout-strategy", "revisions"}

// TemplateNames lists every template file, by its path in templates/.
var TemplateNames = templateNames()

func templateNames() []string {
	names := append([]string{"base.html"}, PageTemplates...)
	for _, p := range Partials {
		names = append(names, partialFile(p))
	}
	return names
}

func partialFile(name string) string { return "partials/" + name + ".html" }

// Templates returns the built-in templates, for `salesdeck templates`
// to write out as a starting point.
func Templates() fs.FS {
	sub, err := fs.Sub(builtin, "templates")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	return sub
}

// sources are the template files a render uses, each read once: every
// worker of a render sees the same bytes, even when a file is saved while
// the site renders.
type sources struct {
	text map[string]string // by path in templates/, every one of TemplateNames
	// overridden names the files that come from the site's templates/.
	overridden map[string]bool
}

// readTemplates reads every template from the first of the site's
// templates/ folder (site, which may be nil) and the built-in ones that
// holds it: a first-match-wins union, the site's folder over the
// built-in one. A file there that salesdeck would not use (a misspelt
// name) is an error, since it would otherwise be ignored without a word;
// nothing else there is read.
func readTemplates(site fs.FS) (*sources, error) {
	s := &sources{text: map[string]string{}, overridden: map[string]bool{}}
	if site != nil {
		if err := checkOverrides(site); err != nil {
			return nil, err
		}
	}
	for _, name := range TemplateNames {
		for i, fsys := range []fs.FS{site, Templates()} {
			if fsys == nil {
				continue
			}
			b, err := fs.ReadFile(fsys, name)
			if errors.Is(err, fs.ErrNotExist) && i == 0 {
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("templates/%s: %w", name, err)
			}
			s.text[name], s.overridden[name] = string(b), i == 0
			break
		}
	}
	return s, nil
}

// parseTemplates parses base.html and the partials with each page
// template, and alone under "base.html" for Markdown's live figures.
func parseTemplates(srcs *sources, funcs template.FuncMap) (map[string]*template.Template, error) {
	bad := func(err error) error { return templateErr(err, srcs.overridden, "") }
	shared, err := template.New("base.html").Funcs(funcs).Parse(srcs.text["base.html"])
	if err != nil {
		return nil, bad(err)
	}
	for _, p := range Partials {
		file := partialFile(p)
		if _, err := shared.New(file).Parse(srcs.text[file]); err != nil {
			return nil, bad(err)
		}
		if shared.Lookup(p) == nil {
			return nil, bad(fmt.Errorf("template: %s:1: defines no %q template: a partial file holds {{define %q}}...{{end}}", file, p, p))
		}
	}
	sets := map[string]*template.Template{}
	for _, name := range PageTemplates {
		t, err := shared.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.New(name).Parse(srcs.text[name]); err != nil {
			return nil, bad(err)
		}
		if t.Lookup("main") == nil {
			return nil, bad(fmt.Errorf("template: %s:1: defines no \"main\" template: a page template holds {{define \"main\"}}...{{end}}", name))
		}
		sets[name] = t
	}
	sets["base.html"] = shared
	return sets, nil
}

// checkOverrides reports the .html files in the site's templates/ folder
// and its partials/ that are not salesdeck's templates.
func checkOverrides(site fs.FS) error {
	var errs diag.List
	for _, dir := range []string{".", "partials"} {
		entries, err := fs.ReadDir(site, dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("templates: %w", err)
		}
		var names []string
		for _, n := range TemplateNames {
			if path.Dir(n) == dir {
				names = append(names, path.Base(n))
			}
		}
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || path.Ext(name) != ".html" || slices.Contains(names, name) {
				continue
			}
			errs.Add(diag.Pos{File: path.Join("templates", dir, name)}, "not a template salesdeck uses%s; templates: %s",
				diag.Suggest(name, names), strings.Join(names, ", "))
		}
	}
	return errs.Err()
}

func (r *renderer) assets() error {
	for _, name := range []string{"salesdeck.css", "salesdeck.js", "handout.css"} {
		b, err := static.ReadFile("static/" + name)
		if err != nil {
			return err
		}
		if err := r.add("assets/"+name, b); err != nil {
			return err
		}
	}
	return nil
}
