package build

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"salesdeck/internal/load/config"
	"salesdeck/internal/load/sitefs"
)

// checkOut refuses an output folder inside a folder the build reads
// (static/, content/, templates/, the folders of sales.files): each build
// would read the last one as input, and static/pub/ would hold a copy of
// the site that holds a copy of the site, one level deeper every time.
// Refusing is simpler to explain than leaving the folder out of what is
// read, which serve's watcher and every loader would have to agree on
// (docs/security.md). What cannot be resolved is left to the write stage
// to report.
func checkOut(opt Options) error {
	out := OutDir(opt)
	outReal, err := realPath(out)
	if err != nil {
		return nil
	}
	src, err := realPath(opt.Src)
	if err != nil {
		return nil
	}
	read := []string{staticDir, "content", templatesDir}
	if fsys, err := sitefs.Open(opt.Src); err == nil {
		// Settings that do not load are reported by the build itself.
		if cfg, err := config.LoadFile(fsys, opt.Config); err == nil {
			read = append(read, dataFolders(cfg.Sales.Files)...)
		}
		fsys.Close()
	}
	for _, dir := range read {
		r, err := realPath(filepath.Join(src, filepath.FromSlash(dir)))
		if err == nil && (outReal == r || strings.HasPrefix(outReal, r+string(filepath.Separator))) {
			return fmt.Errorf("-out %s is inside %s/, a folder the build reads, so every build would copy the last one into itself; choose an -out outside static/, content/, templates/ and the folders of sales.files (the default, public/ in the site, is fine)", out, dir)
		}
	}
	return nil
}

// dataFolders returns the folder each pattern of sales.files reads from:
// its part before the first wildcard ("crm" for "crm/*/orders.csv"), none
// for a pattern that reads the site's top folder itself.
func dataFolders(patterns []string) []string {
	var out []string
	for _, p := range patterns {
		dir := path.Dir(path.Clean(p))
		for dir != "." && strings.ContainsAny(dir, `*?[\`) {
			dir = path.Dir(dir)
		}
		if dir != "." {
			out = append(out, dir)
		}
	}
	return out
}

// realPath is p made absolute with its links resolved, as far as it
// exists: the rest, not made yet, is joined as written.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	for dir := abs; ; dir = filepath.Dir(dir) {
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			rest, err := filepath.Rel(dir, abs)
			if err != nil {
				return "", err
			}
			return filepath.Join(real, rest), nil
		} else if !os.IsNotExist(err) || dir == filepath.Dir(dir) {
			return "", err
		}
	}
}
