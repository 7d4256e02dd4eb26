package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"salesdeck/internal/app/browser"
	"salesdeck/internal/app/starter"
)

// hungChromium writes a "Chromium" that starts and never answers, as one
// stuck on a broken profile or a missing display does.
func hungChromium(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "chromium")
	if err := os.WriteFile(p, []byte("#!/bin/sh\nexec sleep 600\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// pdfCommand returns `salesdeck pdf` of a copy of the starter site, with
// chrome as its browser and a temporary folder of its own, and the PDF
// file it is to write and that folder.
func pdfCommand(t *testing.T, bin, chrome string, args ...string) (cmd *exec.Cmd, file, tmp string) {
	t.Helper()
	dir := t.TempDir()
	// Short: Chromium does not start where the path of the socket it puts
	// in its temporary folder would be too long, as under t.TempDir.
	tmp, err := os.MkdirTemp("", "sdt")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(tmp) })
	if _, err := starter.Copy(dir, starter.Site(), false); err != nil {
		t.Fatal(err)
	}
	file = filepath.Join(dir, "out.pdf")
	cmd = exec.Command(bin, append([]string{"pdf", "-src", dir, "-o", file}, args...)...)
	cmd.Env = append(os.Environ(), "SALESDECK_CHROME="+chrome, "TMPDIR="+tmp)
	return cmd, file, tmp
}

// A Chromium that hangs as it starts is given up at the deadline: exit 2,
// a message saying what to check, no PDF and no temporary folder left.
func TestPDFGivesUpOnAHungChromium(t *testing.T) {
	bin := binary(t)
	cmd, file, tmp := pdfCommand(t, bin, hungChromium(t), "-timeout", "2s")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	code := cmd.ProcessState.ExitCode()
	if code != 2 || !strings.Contains(stderr.String(), "did not start within 2s: is it hung? Check that it runs") {
		t.Errorf("exit %d (%v), stderr %q; want exit 2 and the deadline's message", code, err, stderr.String())
	}
	if took > 8*time.Second {
		t.Errorf("took %v with a 2s deadline", took)
	}
	if _, err := os.Stat(file); err == nil {
		t.Error("a PDF was written")
	}
	if names := dirNames(t, tmp); len(names) > 0 {
		t.Errorf("left in the temporary folder: %v", names)
	}
}

// SIGTERM or SIGINT while Chromium runs (a hung one, and the real one
// as it prints) ends pdf within two seconds, and its temporary folders,
// the site it built and Chromium's profile, are gone.
func TestPDFSignalRemovesTemporaryFolders(t *testing.T) {
	bin := binary(t)
	chromes := []struct {
		name   string
		chrome func(t *testing.T) string
	}{
		{"hung Chromium", hungChromium},
		{"Chromium", func(t *testing.T) string {
			needChromium(t)
			p, err := browser.Find()
			if err != nil {
				t.Fatal(err)
			}
			return p
		}},
	}
	for _, c := range chromes {
		for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
			t.Run(c.name+" "+sig.String(), func(t *testing.T) {
				cmd, file, tmp := pdfCommand(t, bin, c.chrome(t))
				var stderr strings.Builder
				cmd.Stderr = &stderr
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				exited := make(chan struct{})
				go func() { _ = cmd.Wait(); close(exited) }()
				// Once the site is built, the browser is starting; the
				// real one has made its temporary files.
				waits := []string{filepath.Join(tmp, "salesdeck-pdf-*", "public", "handout.html")}
				if c.name == "Chromium" {
					waits = []string{filepath.Join(tmp, "org.chromium.Chromium.*"), filepath.Join(tmp, "*", "org.chromium.Chromium.*")}
				}
				deadline := time.Now().Add(20 * time.Second)
				for {
					m0, _ := filepath.Glob(waits[0])
					m1, _ := filepath.Glob(waits[len(waits)-1])
					if len(m0)+len(m1) > 0 {
						break
					}
					select {
					case <-exited:
						t.Fatalf("pdf ended before Chromium started: %s", stderr.String())
					default:
					}
					if time.Now().After(deadline) {
						t.Fatal("Chromium's profile did not appear within 20s")
					}
					time.Sleep(5 * time.Millisecond)
				}
				sent := time.Now()
				if err := cmd.Process.Signal(sig); err != nil {
					t.Fatal(err)
				}
				select {
				case <-exited:
				case <-time.After(5 * time.Second):
					_ = cmd.Process.Kill()
					<-exited
					t.Fatalf("still running 5s after %v", sig)
				}
				if d := time.Since(sent); d > 2*time.Second {
					t.Errorf("ended %v after %v, want within 2s", d, sig)
				}
				if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
					t.Errorf("killed by %v rather than stopping on it", ws.Signal())
				}
				if names := dirNames(t, tmp); len(names) > 0 {
					t.Errorf("left in the temporary folder: %v (stderr %q)", names, stderr.String())
				}
				if _, err := os.Stat(file); err == nil && cmd.ProcessState.ExitCode() != 0 {
					t.Error("a PDF was written by a stopped pdf")
				}
			})
		}
	}
}

// A whole print leaves nothing in the temporary folder either.
func TestPDFLeavesNoTemporaryFolders(t *testing.T) {
	needChromium(t)
	chrome, err := browser.Find()
	if err != nil {
		t.Fatal(err)
	}
	cmd, file, tmp := pdfCommand(t, binary(t), chrome)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pdf: %v\n%s", err, out)
	}
	if _, err := os.Stat(file); err != nil {
		t.Error(err)
	}
	if names := dirNames(t, tmp); len(names) > 0 {
		t.Errorf("left in the temporary folder: %v", names)
	}
}
