//go:build unix

package output

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// lock takes the lock file at path for this process alone, waiting for
// any other build that holds it; wait, when set, is called once, before
// waiting. The returned function removes the file and lets go of it.
//
// The file is removed while it is still locked, so that nothing is left
// beside the output folder. A build that was waiting for it then holds a
// lock on a file no longer at path, which it notices (the file at path is
// another, or none) and so tries again, with the file now at path. Where
// the file system cannot lock (some network file systems), builds do not
// take turns, as before locking existed; see docs/security.md.
func lock(path string, wait func()) (unlock func(), err error) {
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, err
		}
		fd := int(f.Fd())
		err = flock(fd, unix.LOCK_EX|unix.LOCK_NB)
		if errors.Is(err, unix.EWOULDBLOCK) {
			if wait != nil {
				wait()
				wait = nil
			}
			err = flock(fd, unix.LOCK_EX)
		}
		if err != nil {
			f.Close()
			if unsupported(err) {
				os.Remove(path) // nobody can hold a lock here
				return func() {}, nil
			}
			return nil, err
		}
		if samePath(f, path) {
			return func() {
				os.Remove(path)
				f.Close()
			}, nil
		}
		f.Close()
	}
}

func flock(fd, how int) error {
	for {
		err := unix.Flock(fd, how)
		if err != unix.EINTR {
			return err
		}
	}
}

// samePath reports whether f is still the file at path.
func samePath(f *os.File, path string) bool {
	a, err := f.Stat()
	if err != nil {
		return false
	}
	b, err := os.Lstat(path)
	return err == nil && os.SameFile(a, b)
}

func unsupported(err error) bool {
	return errors.Is(err, unix.ENOLCK) || errors.Is(err, unix.EOPNOTSUPP) || errors.Is(err, unix.ENOSYS)
}
