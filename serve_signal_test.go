package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"salesdeck/internal/app/starter"
)

// SIGINT (Ctrl+C) and SIGTERM (a service manager) end salesdeck serve
// within two seconds, even while a build runs that never ends: here a
// template that loops without writing, which nothing in Go can stop.
func TestServeStopsOnSignalMidBuild(t *testing.T) {
	bin := binary(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			if _, err := starter.Copy(dir, starter.Site(), false); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(filepath.Join(dir, "templates"), 0o755); err != nil {
				t.Fatal(err)
			}
			loop := `{{define "main"}}{{range 1000000000000}}{{end}}{{end}}`
			if err := os.WriteFile(filepath.Join(dir, "templates", "page.html"), []byte(loop), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(bin, "serve", "-src", dir, "-addr", "127.0.0.1:0")
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			// The first build has started and is looping by now.
			time.Sleep(time.Second)
			sent := time.Now()
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			select {
			case <-exited:
				if d := time.Since(sent); d > 2*time.Second {
					t.Errorf("exited %v after %v, want within 2s", d, sig)
				}
				if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
					t.Errorf("killed by %v rather than stopping on it", ws.Signal())
				}
			case <-time.After(5 * time.Second):
				_ = cmd.Process.Kill()
				<-exited
				t.Fatalf("still running 5s after %v", sig)
			}
		})
	}
}
