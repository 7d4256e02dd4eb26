//go:build unix

package sitefs_test

import (
	"errors"
	"io/fs"
	"path/filepath"
	"syscall"
	"testing"

	"salesdeck/internal/load/sitefs"
	"salesdeck/internal/support/diag"
)

// A named pipe is described but not opened: reading it would wait for
// ever. So is a link to one.
func TestRefusesSpecialFiles(t *testing.T) {
	dir := tree(t, map[string]string{"site/data/a.csv": "x"}, map[string]string{"site/data/link.csv": "pipe.csv"})
	if err := syscall.Mkfifo(filepath.Join(dir, "data/pipe.csv"), 0o644); err != nil {
		t.Skip("cannot make a named pipe:", err)
	}
	s, err := sitefs.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, name := range []string{"data/pipe.csv", "data/link.csv"} {
		if fi, err := fs.Stat(s, name); err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
			t.Errorf("Stat(%s) = %v, %v; want a named pipe", name, fi, err)
		}
		_, err := s.Open(name)
		want := name + ": is a named pipe (FIFO), not a file; salesdeck reads only regular files and folders: put the file itself here"
		if err == nil || err.Error() != want || isSystem(err) {
			t.Errorf("Open(%s) = %v\nwant the input problem %s", name, err, want)
		}
	}
}

func isSystem(err error) bool {
	var problem *diag.Error
	return !errors.As(err, &problem) || problem.System()
}
