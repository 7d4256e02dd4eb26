// Package pages loads the Markdown pages of a site (docs/pages.md): every
// content/**/*.md except those under content/plans/, each with its
// optional front matter decoded and its output path worked out.
//
// # Files
//
// Folders are walked in sorted order and the pages are returned sorted by
// file name. Files and folders whose name starts with "." (editor lock
// files, .git) are skipped, as is any file not ending in ".md". A page's
// output path is its path under content/ with ".md" replaced by ".html":
// content/about.md becomes "about.html", content/guides/x.md becomes
// "guides/x.html". content/index.md is loaded like any other page; the
// caller decides that it is the overview's introduction.
//
// File and folder names may hold only ASCII letters, digits, ".", "_" and
// "-". Output paths end up in links, menus and on static hosts with
// differing rules; with this set a link never needs escaping, means the
// same on every host and from file://, and cannot hide a "?" or "#". A
// space or "ü" is an error that proposes a name, rather than a page whose
// link silently breaks somewhere. Two pages whose output paths differ only
// in case are an error too, as they are one file on Windows and macOS.
//
// # Encoding
//
// A page must be UTF-8, front matter included; a UTF-8 byte-order mark is
// allowed. A file in another encoding (Windows-1252, Latin-1, UTF-16) would
// otherwise come out garbled, so its first byte that is not UTF-8 is an
// error at its line and column, e.g. "content/x.md:1:4: not valid UTF-8;
// save the file as UTF-8", and the page is not read further.
//
// # Front matter
//
// A page may start with YAML between a first line "---" and the next
// "---" line. A UTF-8 byte-order mark is dropped and CRLF line ends become
// LF first. The keys, all optional:
//
//	title:       text; default: the first "# " heading, else the file name
//	description: text
//	weight:      whole number, menu order
//	draft:       true or false; drafts are left out unless Load is asked for them
//	handout:     true or false; true prints the page in the board handout
//
// Any other key is an error naming the closest known one. Errors of every
// page, drafts included, are collected and returned together as a diag list,
// at the line and column of the file (not of the front matter).
//
// # Not here
//
// The package does not render Markdown, expand chart blocks or know about
// plans, strategies or the other generated pages (so it does not detect a
// page whose output path clashes with one of them: that is the site
// builder's job). A file or folder that cannot be read is listed with
// the other problems as a diag read error (a system error, not an input
// problem).
package pages

import (
	"errors"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"salesdeck/internal/support/diag"
)

// Page is one Markdown page.
type Page struct {
	Path string // output path relative to public/, such as "guides/x.html"
	// Title is the front matter's title, else the first # heading, else
	// the file name; content/index.md has none of its own without either.
	Title       string
	Description string
	Weight      int
	Draft       bool
	Handout     bool   // printed in the board handout too
	Body        string // Markdown without front matter, LF line ends
	// BodyLine is the file line on which Body starts (1-based): line n of
	// Body is line BodyLine+n-1 of File, for errors found while rendering.
	BodyLine int
	File     string // the source, such as "content/about.md"
}

const (
	contentDir = "content"
	plansDir   = "content/plans"
)

// Load reads the pages under content/ of fsys. A site without a content
// folder has no pages. Drafts are included only when drafts is true.
func Load(fsys fs.FS, drafts bool) ([]Page, error) {
	var (
		errs  diag.List
		pages []Page
	)
	err := fs.WalkDir(fsys, contentDir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			if name == contentDir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			// Called with d == nil when name cannot be read at all, or again
			// for a folder that cannot be listed; either way the walk goes
			// on, so every unreadable file is reported at once.
			if d == nil || d.IsDir() {
				errs.Append(diag.ReadDirError(name, err))
			} else {
				errs.Append(diag.ReadError(name, err))
			}
			return nil
		}
		if name == contentDir && !d.IsDir() {
			errs.Add(diag.Pos{File: name}, "must be a folder holding the Markdown pages")
			return nil
		}
		if name != contentDir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if name == plansDir {
				return fs.SkipDir
			}
			return nil
		}
		if path.Ext(name) != ".md" {
			return nil
		}
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs.Append(diag.ReadError(name, err))
			return nil
		}
		if p, ok := parse(name, src, &errs); ok {
			pages = append(pages, p)
		}
		return nil
	})
	if err != nil {
		return nil, err // only from fs.WalkDir itself: the callback returns none
	}
	slices.SortFunc(pages, func(a, b Page) int { return strings.Compare(a.File, b.File) })
	checkClashes(pages, &errs)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if !drafts {
		pages = slices.DeleteFunc(pages, func(p Page) bool { return p.Draft })
	}
	return pages, nil
}

// parse turns one file into a Page, recording its problems in errs.
func parse(name string, src []byte, errs *diag.List) (Page, bool) {
	n := errs.Len()
	p := Page{File: name}
	p.Path = outputPath(name, errs)
	if !checkUTF8(name, src, errs) {
		return p, false
	}
	fm, ok := splitFront(name, src, errs)
	if !ok {
		return p, false
	}
	p.Body, p.BodyLine = fm.body, fm.bodyLine
	decodeFront(name, fm, &p, errs)
	if p.Title == "" {
		p.Title = firstHeading(p.Body)
	}
	// The overview's introduction without a title leaves the heading to
	// the site's title: "index" names a file, not a page.
	if p.Title == "" && p.Path != "index.html" {
		p.Title = strings.TrimSuffix(path.Base(name), ".md")
	}
	return p, errs.Len() == n
}

var safeName = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)

// outputPath maps content/a/b.md to a/b.html, reporting names that are not
// safe in a link (see the package comment).
func outputPath(name string, errs *diag.List) string {
	rel := strings.TrimPrefix(name, contentDir+"/")
	for _, part := range strings.Split(rel, "/") {
		if safeName.MatchString(part) {
			continue
		}
		msg := "file name %q cannot become a web address: use only letters a-z and A-Z, digits, \".\", \"_\" and \"-\""
		if alt := strings.ReplaceAll(part, " ", "-"); safeName.MatchString(alt) {
			errs.Add(diag.Pos{File: name}, msg+" (rename it %q)", part, alt)
		} else {
			errs.Add(diag.Pos{File: name}, msg, part)
		}
		break
	}
	return strings.TrimSuffix(rel, ".md") + ".html"
}

// checkClashes reports pages whose output paths are one file on a
// case-insensitive disk. pages is sorted, so the later file is reported.
func checkClashes(pages []Page, errs *diag.List) {
	seen := map[string]string{}
	for _, p := range pages {
		key := strings.ToLower(p.Path)
		if first, ok := seen[key]; ok {
			errs.Add(diag.Pos{File: p.File}, "output %q clashes with that of %s on Windows and macOS, where case does not count; rename one of them", p.Path, first)
			continue
		}
		seen[key] = p.File
	}
}
