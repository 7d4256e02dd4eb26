//go:build unix

package main

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A named pipe where a sales file should be is an error, not a build
// that waits for ever.
func TestSpecialFileRefused(t *testing.T) {
	dir := site(t, small)
	if err := syscall.Mkfifo(filepath.Join(dir, "data/x.csv"), 0o644); err != nil {
		t.Skip("cannot make a named pipe:", err)
	}
	done := make(chan struct{})
	var code int
	var stderr string
	go func() {
		defer close(done)
		code, _, stderr = salesdeck(t, "check", "-src", dir)
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("check still waits on the named pipe after 20 s")
	}
	want := "data/x.csv: is a named pipe (FIFO), not a file; salesdeck reads only regular files and folders: put the file itself here\n1 error; nothing was written\n"
	if code != 1 || stderr != want {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 1, stderr:\n%s", code, stderr, want)
	}
}
