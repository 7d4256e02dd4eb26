//go:build unix

package build

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// Nothing in templates/ but the templates salesdeck uses is read: a named
// pipe there, which would block a read for ever, leaves builds alone.
func TestCacheIgnoresOtherFilesInTemplates(t *testing.T) {
	dir := exampleSite(t)
	write(t, dir, map[string]string{"templates/README.txt": "notes"})
	if err := syscall.Mkfifo(filepath.Join(dir, "templates", "pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*Cache{nil, {}} {
		done := make(chan error, 1)
		go func() {
			_, _, err := Files(Options{Src: dir, Cache: c})
			done <- err
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("cache %v: %v", c != nil, err)
			}
		case <-time.After(20 * time.Second):
			// The build is stuck on the pipe; open its other end so it
			// can finish.
			if f, err := os.OpenFile(filepath.Join(dir, "templates", "pipe"), os.O_WRONLY, 0); err == nil {
				f.Close()
			}
			t.Fatalf("cache %v: the build blocked on a named pipe in templates/", c != nil)
		}
	}
}
