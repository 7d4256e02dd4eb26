// Package sitefs is how every stage reads a site folder: an fs.FS rooted
// at the site that follows symbolic links only while they stay inside the
// site, and opens only regular files and folders.
//
// A site's files come from git, which carries symbolic links, and from
// authors who are not trusted: "static -> /home/ci/.ssh" would publish a
// key, "data/x.csv -> /dev/zero" would exhaust memory, and a named pipe
// would block a build for ever. So, for every name it is given, FS
// resolves each link on the way, as the system would, and refuses:
//
//   - a link that leads outside the site folder (relative with "..", or
//     absolute to a path outside it);
//   - a link to a folder that holds it, or that a path passes twice,
//     where walking the folder would never end;
//   - a link that leads to nothing;
//   - anything to be opened that is neither a regular file nor a folder
//     (a device, a named pipe, a socket).
//
// Each is a diag.Error naming the link (or the file) by its path in the
// site, an input problem: the site's files must be fixed. A folder listed
// with ReadDir that holds a link leading outside the site or round in a
// loop is refused too, naming the link, so that a link is an error
// wherever salesdeck meets it, read or not. Links that stay inside are
// followed everywhere: ReadDir reports a link by what it leads to (a file
// or a folder), so a walk treats it like the file or folder itself.
//
// The resolved path, free of links, is then opened through an os.Root,
// which keeps even a link swapped in while salesdeck reads from leading
// outside. os.Root alone does not do: it refuses absolute links inside
// the site, opens devices and pipes, names no link in its errors, and its
// folder listings show links as links, which walks skip.
//
// What it guarantees, and why, is written down in docs/security.md.
package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"salesdeck/internal/support/diag"
)

// maxLinks is how many links one name may pass through, as on Linux: a
// link that points at itself would otherwise be followed for ever.
const maxLinks = 40

// FS is a site folder. It implements fs.FS, fs.StatFS, fs.ReadDirFS and
// fs.GlobFS; it is safe for concurrent use.
type FS struct {
	root *os.Root
	// dirs are the site folder's absolute path as given and with its
	// links resolved: an absolute link into either stays inside.
	dirs []string
}

// Open opens the site folder dir. Close it when done.
func Open(dir string) (*FS, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	s := &FS{root: root}
	if abs, err := filepath.Abs(dir); err == nil {
		s.dirs = append(s.dirs, abs)
		if real, err := filepath.EvalSymlinks(abs); err == nil && real != abs {
			s.dirs = append(s.dirs, real)
		}
	}
	return s, nil
}

// Close lets go of the site folder.
func (s *FS) Close() error { return s.root.Close() }

// Open opens a regular file or a folder of the site.
func (s *FS) Open(name string) (fs.File, error) {
	real, fi, err := s.resolve("open", name)
	if err != nil {
		return nil, err
	}
	if err := openable(name, fi); err != nil {
		return nil, err
	}
	f, err := s.root.OpenFile(real, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: plain(err)}
	}
	// What was opened is checked again: the name could have been given to
	// another file since it was resolved.
	if st, err := f.Stat(); err != nil || openable(name, st) != nil {
		f.Close()
		if err == nil {
			err = openable(name, st)
		}
		return nil, err
	}
	if fi.IsDir() {
		return &dir{File: f, fsys: s, name: name}, nil
	}
	if path.Base(real) != path.Base(name) {
		return file{f, path.Base(name)}, nil
	}
	return f, nil
}

// file is a file opened through a link, described under the link's name.
type file struct {
	*os.File
	name string
}

func (f file) Stat() (fs.FileInfo, error) {
	fi, err := f.File.Stat()
	if err != nil {
		return nil, err
	}
	return renamed{fi, f.name}, nil
}

// Stat describes what name leads to, links followed. A device or pipe is
// described, not refused: only opening it is.
func (s *FS) Stat(name string) (fs.FileInfo, error) {
	_, fi, err := s.resolve("stat", name)
	if err != nil {
		return nil, err
	}
	return renamed{fi, path.Base(name)}, nil
}

// ReadDir lists a folder of the site, sorted by name. A link is listed as
// what it leads to. A link that leads outside the site or round in a
// loop fails the listing, naming the link; one that cannot be followed
// for another reason (it leads to nothing, it is its own target) is
// listed as a link, so that reading it reports why.
func (s *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	f, err := s.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d, ok := f.(*dir)
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: syscall.ENOTDIR}
	}
	entries, err := d.ReadDir(-1)
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, err
}

// dir is an open folder of the site, whose entries are listed as ReadDir
// says.
type dir struct {
	*os.File
	fsys *FS
	name string
}

func (d *dir) Stat() (fs.FileInfo, error) {
	fi, err := d.File.Stat()
	if err != nil {
		return nil, err
	}
	return renamed{fi, path.Base(d.name)}, nil
}

func (d *dir) ReadDir(n int) ([]fs.DirEntry, error) {
	entries, err := d.File.ReadDir(n)
	for i, e := range entries {
		if e.Type()&fs.ModeSymlink == 0 {
			continue
		}
		name := path.Join(d.name, e.Name())
		_, fi, rerr := d.fsys.resolve("readdir", name)
		var problem *diag.Error
		switch {
		case errors.As(rerr, &problem) && !errors.As(rerr, new(dangling)):
			return nil, problem
		case rerr == nil:
			entries[i] = fs.FileInfoToDirEntry(renamed{fi, e.Name()})
		}
	}
	return entries, err
}

// dangling is the problem of a link that leads to nothing. Unlike a link
// out of the site, it harms no one where nothing reads it (an editor's
// lock file, a link to a file not yet made), so it is listed.
type dangling struct{ problem *diag.Error }

func (d dangling) Error() string { return d.problem.Error() }
func (d dangling) Unwrap() error { return d.problem }

// renamed is a file's description under the name of the link to it.
type renamed struct {
	fs.FileInfo
	name string
}

func (r renamed) Name() string { return r.name }

// Glob is fs.Glob, except that a pattern meeting a link that leads
// outside the site (or a file that cannot be opened) does not pass over
// it in silence, as fs.Glob passes over every folder it cannot list: the
// link is returned as a match, so that reading it reports the problem.
func (s *FS) Glob(pattern string) ([]string, error) {
	if _, err := path.Match(pattern, ""); err != nil {
		return nil, err
	}
	if !hasMeta(pattern) {
		if _, err := s.Stat(pattern); err != nil && !isProblem(err) {
			return nil, nil
		}
		return []string{pattern}, nil
	}
	folder, file := path.Split(pattern)
	folder = strings.TrimSuffix(folder, "/")
	if folder == "" {
		folder = "."
	}
	folders := []string{folder}
	if hasMeta(folder) {
		var err error
		if folders, err = s.Glob(folder); err != nil {
			return nil, err
		}
	}
	var matches []string
	for _, f := range folders {
		entries, err := s.ReadDir(f)
		var problem *diag.Error
		if errors.As(err, &problem) {
			matches = append(matches, problem.Pos.File)
			continue
		}
		for _, e := range entries {
			if ok, _ := path.Match(file, e.Name()); ok {
				matches = append(matches, path.Join(f, e.Name()))
			}
		}
	}
	return matches, nil
}

func hasMeta(p string) bool { return strings.ContainsAny(p, `*?[\`) }

// isProblem reports whether err is one of the site's problems this
// package finds, rather than the system's.
func isProblem(err error) bool {
	var problem *diag.Error
	return errors.As(err, &problem)
}

// resolve follows name through the site, component by component and link
// by link, as the system would, and returns its path without links and
// what is there. Problems are diag errors naming the link by its path in
// name; anything else is a *fs.PathError for name.
func (s *FS) resolve(op, name string) (string, fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return "", nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	fi, err := s.root.Stat(".")
	if err != nil {
		return "", nil, &fs.PathError{Op: op, Path: name, Err: plain(err)}
	}
	if name == "." {
		return ".", fi, nil
	}
	var real []string       // the path so far, without links
	walked := []string{"."} // the folders name has passed, without links
	parts := strings.Split(name, "/")
	links := 0
	for i, part := range parts {
		shown := strings.Join(parts[:i+1], "/")
		// The parts still to walk for this part of name: itself, then the
		// parts of each link's target in its place. target is what the
		// link named by shown points at, "" when it is no link: messages
		// speak of the link the user can see, not of links it leads to.
		todo, target := []string{part}, ""
		for len(todo) > 0 {
			p := todo[0]
			todo = todo[1:]
			switch p {
			case "", ".":
				continue
			case "..":
				if len(real) == 0 {
					return "", nil, outside(shown, target)
				}
				real = real[:len(real)-1]
				continue
			}
			at := path.Join(append(slices.Clone(real), p)...)
			st, err := s.root.Lstat(at)
			if err != nil {
				if target != "" && errors.Is(err, fs.ErrNotExist) {
					return "", nil, dangling{diag.Errorf(diag.Pos{File: shown}, "symbolic link to %q leads to nothing; correct or remove the link", target)}
				}
				return "", nil, &fs.PathError{Op: op, Path: name, Err: plain(err)}
			}
			if st.Mode()&fs.ModeSymlink == 0 {
				real, fi = append(real, p), st
				continue
			}
			if links++; links > maxLinks {
				return "", nil, &fs.PathError{Op: op, Path: name, Err: syscall.ELOOP}
			}
			t, err := s.root.Readlink(at)
			if err != nil {
				return "", nil, &fs.PathError{Op: op, Path: name, Err: plain(err)}
			}
			if target == "" {
				target = t
			}
			rest, abs := s.inside(t)
			switch {
			case abs && rest == nil:
				return "", nil, outside(shown, target)
			case abs:
				real = nil
			}
			todo = append(rest, todo...)
		}
		here := path.Join(append([]string{"."}, real...)...)
		if i < len(parts)-1 || fi.IsDir() {
			if slices.Contains(walked, here) {
				return "", nil, diag.Errorf(diag.Pos{File: shown}, "symbolic link to %q leads back to a folder it is in, so reading the folder would never end; remove the link", target)
			}
			walked = append(walked, here)
		}
		if i < len(parts)-1 && !fi.IsDir() {
			return "", nil, &fs.PathError{Op: op, Path: name, Err: syscall.ENOTDIR}
		}
	}
	return path.Join(append([]string{"."}, real...)...), fi, nil
}

// inside splits a link's target into the parts to walk in its place. An
// absolute target is walked from the site's root when it names a path
// inside the site; rest is nil when it does not.
func (s *FS) inside(target string) (rest []string, abs bool) {
	if !filepath.IsAbs(target) {
		return strings.Split(filepath.ToSlash(target), "/"), false
	}
	for _, d := range s.dirs {
		rel, err := filepath.Rel(d, filepath.Clean(target))
		if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return strings.Split(filepath.ToSlash(rel), "/"), true
		}
	}
	return nil, true
}

func outside(link, target string) error {
	return diag.Errorf(diag.Pos{File: link}, "symbolic link to %q leads outside the site folder; salesdeck reads only files inside the site, so that no commit can publish other files of the machine that builds it: copy what it points at into the site, or remove the link", target)
}

// openable refuses what is neither a regular file nor a folder: reading a
// device or a pipe may never end.
func openable(name string, fi fs.FileInfo) error {
	m := fi.Mode()
	if m.IsRegular() || m.IsDir() {
		return nil
	}
	what := "special file"
	switch {
	case m&fs.ModeNamedPipe != 0:
		what = "named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		what = "socket"
	case m&fs.ModeDevice != 0:
		what = "device"
	}
	return diag.Errorf(diag.Pos{File: name}, "is a %s, not a file; salesdeck reads only regular files and folders: put the file itself here", what)
}

// plain drops the path from err: it is the path without links, which the
// user did not write; callers name the file as they asked for it.
func plain(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
