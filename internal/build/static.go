package build

import (
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"

	"salesdeck/internal/load/config"
	"salesdeck/internal/support/diag"
)

const (
	staticDir    = "static"
	templatesDir = "templates"
)

// staticFiles reads the site's static/ folder as output files under
// assets/ (static/logo.svg becomes assets/logo.svg), skipping hidden files,
// and checks that theme.logo names one of them.
func staticFiles(fsys fs.FS, cfg *config.Site) (map[string][]byte, error) {
	out := map[string][]byte{}
	err := fs.WalkDir(fsys, staticDir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			if name == staticDir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			return diag.ReadDirError(name, err)
		}
		if name != staticDir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		// Anything else is read, so that a link that cannot be followed
		// or a device is reported, not left out in silence.
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return diag.ReadError(name, err)
		}
		out["assets/"+strings.TrimPrefix(name, staticDir+"/")] = b
		return nil
	})
	if err != nil {
		return nil, err
	}
	if logo := cfg.Theme.Logo; logo != "" {
		p := path.Clean(strings.TrimPrefix(logo, "./"))
		rest, inStatic := strings.CutPrefix(p, staticDir+"/")
		site := cfg.Theme.LogoPos
		if site.File == "" {
			site = diag.Pos{File: cfg.Name()}
		}
		switch {
		case !inStatic:
			return nil, diag.Errorf(site, "theme.logo %q: put the logo in static/ (for example static/logo.svg), which is copied into the site", logo)
		case out["assets/"+rest] == nil:
			return nil, diag.Errorf(site, "theme.logo: %s does not exist; put the logo there or correct the path", p)
		}
	}
	return out, nil
}

// styles lists the style sheets at the top of static/ for every page to
// link after salesdeck.css, so a site can adjust the look without
// replacing a template.
func styles(static map[string][]byte) []string {
	var out []string
	for name := range static {
		if path.Dir(name) == "assets" && path.Ext(name) == ".css" {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// addStatic adds the static files to files, refusing any that would
// replace one salesdeck writes itself.
func addStatic(files, static map[string][]byte) error {
	var errs diag.List
	names := make([]string, 0, len(static))
	for name := range static {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if _, taken := files[name]; taken {
			src := staticDir + "/" + strings.TrimPrefix(name, "assets/")
			errs.Add(diag.Pos{File: src}, "would replace salesdeck's own %s; give it another name (a style sheet in static/ is linked after salesdeck.css, so it can override any rule)", name)
			continue
		}
		files[name] = static[name]
	}
	return errs.Err()
}
