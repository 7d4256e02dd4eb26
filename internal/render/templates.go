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

	"salesdeck/internal/diag"
)

//go:embed templates/*.html
var builtin embed.FS

//go:embed static/salesdeck.css static/salesdeck.js static/handout.css
var static embed.FS

// PageTemplates are the page templates; each is parsed together with
// base.html, which holds the frame and the shared partials.
var PageTemplates = []string{"overview.html", "plan.html", "strategy.html", "page.html", "handout.html"}

// TemplateNames lists every built-in template file.
var TemplateNames = append([]string{"base.html"}, PageTemplates...)

// Templates returns the built-in templates, for `salesdeck templates`
// to write out as a starting point.
func Templates() fs.FS {
	sub, err := fs.Sub(builtin, "templates")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	return sub
}

// sources are the template files a render uses, each read once: the
// workers of a render and its Memo must see the same bytes, even when a
// file is saved while the site renders.
type sources struct {
	text map[string]string // by file name, every one of TemplateNames
	// overridden names the files a site's templates/ folder replaces.
	overridden map[string]bool
}

// readTemplates reads every template, from override where it has a file
// of that name. An override salesdeck would not use (a misspelt name) is
// an error, since it would otherwise be ignored without a word. Nothing
// else in override is read.
func readTemplates(override fs.FS) (*sources, error) {
	s := &sources{text: map[string]string{}, overridden: map[string]bool{}}
	if override != nil {
		if err := checkOverrides(override, s.overridden); err != nil {
			return nil, err
		}
	}
	for _, name := range TemplateNames {
		fsys := Templates()
		if s.overridden[name] {
			fsys = override
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil && s.overridden[name] {
			return nil, fmt.Errorf("templates/%s: %w", name, err)
		}
		if err != nil {
			return nil, err
		}
		s.text[name] = string(b)
	}
	return s, nil
}

// loadTemplates parses base.html with each page template, and base.html
// alone for the partials of Markdown figures. With fast set, partials
// that partials.go writes in Go are its, in sets of built-in files.
func loadTemplates(srcs *sources, funcs template.FuncMap, fast bool) (map[string]*template.Template, error) {
	overridden := srcs.overridden
	baseSrc := srcs.text["base.html"]
	parseErr := func(err error) error { return templateErr(err, overridden, "") }
	out := map[string]*template.Template{}
	base, err := template.New("base.html").Funcs(funcs).Parse(baseSrc)
	if err != nil {
		return nil, parseErr(err)
	}
	// A set of templates gets the partials partials.go writes only while
	// every file in it is the built-in one: an overridden page template
	// may redefine "table" or "bar", which the built-in "chart" and "kpi"
	// call.
	fasten := func(t *template.Template, files ...string) error {
		for _, f := range files {
			if !fast || overridden[f] {
				return nil
			}
		}
		for _, f := range files {
			if sheet := t.Lookup("handout-strategy"); f == "handout.html" && sheet != nil {
				if _, err := t.AddParseTree(sheetTemplate, sheet.Tree); err != nil {
					return err
				}
			}
			if src := fastPartials[f]; src != "" {
				if _, err := t.Funcs(partialFuncs()).Parse(src); err != nil {
					return err
				}
			}
		}
		return nil
	}
	figures, err := base.Clone()
	if err != nil {
		return nil, err
	}
	if err := fasten(figures, "base.html"); err != nil {
		return nil, err
	}
	out["base.html"] = figures
	for _, name := range PageTemplates {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.New(name).Parse(srcs.text[name]); err != nil {
			return nil, parseErr(err)
		}
		if err := fasten(t, "base.html", name); err != nil {
			return nil, err
		}
		if t.Lookup("main") == nil {
			return nil, templateErr(fmt.Errorf("template: %s:1: defines no \"main\" template: a page template holds {{define \"main\"}}...{{end}}", name), overridden, "")
		}
		out[name] = t
	}
	return out, nil
}

// checkOverrides records in overridden the templates override replaces,
// and reports its .html files that are not salesdeck's template names.
func checkOverrides(override fs.FS, overridden map[string]bool) error {
	entries, err := fs.ReadDir(override, ".")
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("templates: %w", err)
	}
	var errs diag.List
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || path.Ext(name) != ".html" {
			continue
		}
		if !slices.Contains(TemplateNames, name) {
			errs.Add(diag.Pos{File: "templates/" + name}, "not a template salesdeck uses%s; templates: %s",
				diag.Suggest(name, TemplateNames), strings.Join(TemplateNames, ", "))
			continue
		}
		overridden[name] = true
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
