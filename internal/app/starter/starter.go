// Package starter writes files for people to start from: a small working
// site for `salesdeck init` (site.yaml, one plan, two pages, a small sales
// export and a logo, embedded in the binary from site/), and any other set
// of files, such as the built-in templates for `salesdeck templates`.
//
// It never overwrites a person's work: Init refuses a folder that is not
// empty, and Copy refuses to replace an existing file unless forced,
// checking every file before it writes any. Forced, it replaces a symbolic
// link with the file rather than write through it. It knows nothing of what the
// files mean or how a site is built.
package starter

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

//go:embed all:site
var embedded embed.FS

// Site returns the files of the starter site.
func Site() fs.FS {
	sub, err := fs.Sub(embedded, "site")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	return sub
}

// Init writes the starter site into dir, creating it if needed, and
// returns the paths written, relative to dir. dir must be missing or
// empty: a site's files are never mixed into another folder.
func Init(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	switch {
	case err == nil && len(entries) > 0:
		return nil, fmt.Errorf("%q is not empty; give a new or empty folder", dir)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	return Copy(dir, Site(), false)
}

// Copy writes every file of fsys into dir, keeping their paths, and
// returns the paths written. When a file already exists in dir nothing is
// written, unless force is set.
func Copy(dir string, fsys fs.FS, force bool) ([]string, error) {
	var names []string
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, name)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if !force {
		var exist []string
		for _, name := range names {
			if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(name))); err == nil {
				exist = append(exist, name)
			}
		}
		if len(exist) > 0 {
			return nil, fmt.Errorf("%s already holds %s; nothing was written (use -force to replace them)", dir, strings.Join(exist, ", "))
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	// Files are written through an os.Root, so that no name leads out of
	// dir through a linked folder.
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		if err := writeNew(root, name, b); err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Join(dir, filepath.FromSlash(name)), err)
		}
	}
	return names, nil
}

// writeNew writes b to name in root as a new file. What is there already
// (Copy was forced) is removed first, never written through: with a
// symbolic link at name, writing would change the file it points at,
// anywhere on the disk, instead of the one in the folder.
func writeNew(root *os.Root, name string, b []byte) error {
	if err := root.MkdirAll(filepath.Dir(filepath.FromSlash(name)), 0o755); err != nil {
		return err
	}
	if fi, err := root.Lstat(name); err == nil {
		if fi.IsDir() {
			return errors.New("is a folder; move it away to write the file")
		}
		if err := root.Remove(name); err != nil {
			return err
		}
	}
	// Should a link appear at name meanwhile, root keeps it from leading
	// out of the folder.
	return root.WriteFile(name, b, 0o644)
}
