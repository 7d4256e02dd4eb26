package render

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
)

//go:embed templates/*.html
var builtin embed.FS

//go:embed static/salesdeck.css static/salesdeck.js
var static embed.FS

// PageTemplates are the page templates; each is parsed together with
// base.html, which holds the frame and the shared partials.
var PageTemplates = []string{"overview.html", "plan.html", "strategy.html", "page.html"}

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

// loadTemplates parses base.html with each page template. A file in
// override replaces the built-in one of the same name.
func loadTemplates(override fs.FS) (map[string]*template.Template, error) {
	read := func(name string) (string, error) {
		if override != nil {
			b, err := fs.ReadFile(override, name)
			if err == nil {
				return string(b), nil
			}
			if !errors.Is(err, fs.ErrNotExist) {
				return "", fmt.Errorf("templates/%s: %w", name, err)
			}
		}
		b, err := fs.ReadFile(Templates(), name)
		return string(b), err
	}
	baseSrc, err := read("base.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, name := range PageTemplates {
		src, err := read(name)
		if err != nil {
			return nil, err
		}
		t, err := template.New("base.html").Funcs(funcs).Parse(baseSrc)
		if err != nil {
			return nil, fmt.Errorf("templates/base.html: %w", err)
		}
		if _, err := t.New(name).Parse(src); err != nil {
			return nil, fmt.Errorf("templates/%s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

// funcs are the helpers templates may use beyond Go's built-ins. There
// are none yet: views arrive formatted. The map is passed so overrides
// parse against the same set the built-ins do when some are added.
var funcs = template.FuncMap{}

func (r *renderer) assets() error {
	for _, name := range []string{"salesdeck.css", "salesdeck.js"} {
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
