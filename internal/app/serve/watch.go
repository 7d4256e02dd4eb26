package serve

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"salesdeck/internal/load/config"
	"salesdeck/internal/load/history"
)

// inputs are the folders a site is built from, below its folder, with its
// settings file: a change to anything else there (public/, a README, the
// git repository's objects) does not rebuild; a commit does (watcher.git).
var inputs = []string{"content", "data", "templates", "static"}

// watcher reports changes to a site's inputs. fsnotify watches folders,
// not trees, so every folder below an input folder is watched, including
// those created later; the site folder itself is watched for input
// folders that appear. The settings file (site.yaml, or the one -config
// chose, in any folder of the site) and the sales files, which may live
// outside data/ (sales.files are any globs in the site), are watched
// through the folders on the way to them: those of the settings file, and
// those the globs may read, found again whenever the settings change.
type watcher struct {
	fs        *fsnotify.Watcher
	root, out string
	config    string // the settings file as build.Options.Config names it
	settings  string // its path in the site, slash-separated
	closeOnce sync.Once
	// globs are the settings file, as a pattern that matches only it,
	// then its sales.files; slash-separated.
	globs []string
	// git and refs are the folders of the site's git repository whose
	// files say which commit HEAD is (history.WatchDirs): a commit
	// changes the plans' history without changing a file of the site.
	git, refs []string
}

// newWatcher watches the site in root, whose output folder out it leaves
// out, and whose settings file is settings (config.LoadFile's name).
func newWatcher(root, out, settings string) (*watcher, error) {
	file, err := config.CheckName(settings)
	if err != nil {
		return nil, err
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{fs: fw, root: filepath.Clean(root), out: filepath.Clean(out), config: settings, settings: file}
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
	w.salesFiles()
	w.git, w.refs = history.WatchDirs(w.root)
	for _, d := range append(slices.Clone(w.git), w.refs...) {
		_ = w.fs.Add(d) // a folder that cannot be watched misses commits, nothing else
	}
	return w, nil
}

// commit reports whether a change to p may be a commit: HEAD or
// packed-refs of the repository's folders, or a branch; not the lock
// files git writes first.
func (w *watcher) commit(p string) bool {
	dir, base := filepath.Dir(p), filepath.Base(p)
	if strings.HasSuffix(base, ".lock") {
		return false
	}
	return slices.Contains(w.git, dir) && (base == "HEAD" || base == "packed-refs") || slices.Contains(w.refs, dir)
}

// salesFiles reads sales.files from the settings and watches every folder
// that the folder part of the settings file or of a glob matches now;
// folders made later are watched when they appear (run). Settings that do
// not load keep the last globs, and a folder that cannot be watched is
// left out: the build reports what it cannot read.
func (w *watcher) salesFiles() {
	cfg, err := config.LoadFile(os.DirFS(w.root), w.config)
	if err != nil && w.globs != nil {
		return
	}
	w.globs = []string{globEscape(w.settings)}
	if err == nil {
		for _, g := range cfg.Sales.Files {
			g = path.Clean(g)
			if g == ".." || strings.HasPrefix(g, "../") || path.IsAbs(g) {
				continue // not in the site: the build refuses it
			}
			w.globs = append(w.globs, g)
		}
	}
	for _, g := range w.globs {
		segs := strings.Split(g, "/")
		for k := 1; k < len(segs); k++ {
			dirs, _ := fs.Glob(os.DirFS(w.root), strings.Join(segs[:k], "/"))
			for _, d := range dirs {
				p := filepath.Join(w.root, filepath.FromSlash(d))
				if st, err := os.Stat(p); err == nil && st.IsDir() && p != w.out {
					_ = w.fs.Add(p)
				}
			}
		}
	}
}

// globEscape is name as a pattern that matches only it.
func globEscape(name string) string {
	var b strings.Builder
	for _, r := range name {
		if strings.ContainsRune(`*?[\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// salesPath reports whether rel (slash-separated, in the site) is the
// settings file or a file a sales glob matches, or a folder on the way to
// one.
func (w *watcher) salesPath(rel string) bool {
	segs := strings.Split(rel, "/")
	for _, g := range w.globs {
		pat := strings.Split(g, "/")
		if len(segs) > len(pat) {
			continue
		}
		match := true
		for i, seg := range segs {
			if ok, _ := path.Match(pat[i], seg); !ok {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
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
	return w.salesPath(rel)
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
			if ev.Op == fsnotify.Chmod || !(w.relevant(ev.Name) || w.commit(ev.Name)) {
				continue
			}
			if ev.Op&fsnotify.Create != 0 && slices.Contains(w.refs, filepath.Dir(ev.Name)) {
				// A branch named feature/x makes a folder below refs/heads.
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					w.refs = append(w.refs, ev.Name)
					_ = w.fs.Add(ev.Name)
				}
			}
			if ev.Name == filepath.Join(w.root, filepath.FromSlash(w.settings)) {
				w.salesFiles()
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
