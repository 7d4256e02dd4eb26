package serve

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"salesdeck/internal/config"
)

// inputs are what a site is built from, below its folder: a change to
// anything else there (public/, a README, .git) does not rebuild.
var inputs = []string{"content", "data", "templates", "static", "site.yaml"}

// watcher reports changes to a site's inputs. fsnotify watches folders,
// not trees, so every folder below an input folder is watched, including
// those created later; the site folder itself is watched for site.yaml
// and for input folders that appear. Sales files may live outside data/
// (site.yaml's sales.files are any globs in the site), so the folders
// those globs read are inputs too, found again whenever site.yaml changes.
type watcher struct {
	fs        *fsnotify.Watcher
	root, out string
	closeOnce sync.Once
	// globs are site.yaml's sales.files, and folders the folders they
	// read below the site, slash-separated ("" for the site folder).
	globs, folders []string
}

func newWatcher(root, out string) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{fs: fw, root: filepath.Clean(root), out: filepath.Clean(out)}
	if err := fw.Add(w.root); err != nil {
		fw.Close()
		return nil, err
	}
	for _, in := range inputs {
		if err := w.addTree(filepath.Join(w.root, in)); err != nil {
			fw.Close()
			return nil, err
		}
	}
	if err := w.salesFiles(); err != nil {
		fw.Close()
		return nil, err
	}
	return w, nil
}

// salesFiles reads sales.files from site.yaml and watches the folders
// they read. A site.yaml that does not load keeps the last globs: the
// build reports the problem.
func (w *watcher) salesFiles() error {
	cfg, err := config.Load(os.DirFS(w.root))
	if err != nil {
		return nil
	}
	w.globs, w.folders = nil, nil
	for _, g := range cfg.Sales.Files {
		g = path.Clean(g)
		if g == ".." || strings.HasPrefix(g, "../") || path.IsAbs(g) {
			continue // not in the site: the build refuses it
		}
		w.globs = append(w.globs, g)
		// The folder is the glob's path up to its first pattern.
		var dir []string
		for _, seg := range strings.Split(path.Dir(g), "/") {
			if seg == "." || strings.ContainsAny(seg, `*?[\`) {
				break
			}
			dir = append(dir, seg)
		}
		folder := strings.Join(dir, "/")
		w.folders = append(w.folders, folder)
		if folder != "" {
			if err := w.addTree(filepath.Join(w.root, filepath.FromSlash(folder))); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *watcher) close() { w.closeOnce.Do(func() { w.fs.Close() }) }

// addTree watches dir and every folder below it, skipping hidden ones. A
// missing dir (or a file) is no error: sites need not have every folder.
func (w *watcher) addTree(dir string) error {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && errors.Is(err, fs.ErrNotExist) {
				return filepath.SkipAll
			}
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") || p == w.out {
			return filepath.SkipDir
		}
		return w.fs.Add(p)
	})
	return err
}

// relevant reports whether a change to p may change the site.
func (w *watcher) relevant(p string) bool {
	rel, err := filepath.Rel(w.root, p)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return false
	}
	if p == w.out || strings.HasPrefix(p, w.out+string(filepath.Separator)) {
		return false
	}
	base := filepath.Base(p)
	// Editors' lock, swap and backup files.
	if strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") || strings.HasSuffix(base, ".swp") || base == "4913" {
		return false
	}
	rel = filepath.ToSlash(rel)
	top, _, _ := strings.Cut(rel, "/")
	for _, in := range inputs {
		if top == in {
			return true
		}
	}
	for i, g := range w.globs {
		f := w.folders[i]
		if ok, _ := path.Match(g, rel); ok || f != "" && strings.HasPrefix(rel+"/", f+"/") {
			return true
		}
	}
	return false
}

// run calls rebuild once the inputs have been quiet for debounce after a
// change, until ctx is done or the watcher is closed.
func (w *watcher) run(ctx context.Context, debounce time.Duration, rebuild func(), report func(error)) {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.fs.Events:
			if !ok {
				return
			}
			if ev.Op == fsnotify.Chmod || !w.relevant(ev.Name) {
				continue
			}
			if ev.Name == filepath.Join(w.root, "site.yaml") {
				if err := w.salesFiles(); err != nil && report != nil {
					report(err)
				}
			}
			if ev.Op&fsnotify.Create != 0 {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					if err := w.addTree(ev.Name); err != nil && report != nil {
						report(err)
					}
				}
			}
			timer.Reset(debounce)
		case err, ok := <-w.fs.Errors:
			if !ok {
				return
			}
			if report != nil {
				report(err)
			}
		case <-timer.C:
			rebuild()
		}
	}
}
