package output

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// siteOf returns a site of files whose every byte says which build wrote
// it, so that a mix of two builds shows.
func siteOf(build int) map[string][]byte {
	files := map[string][]byte{"index.html": fmt.Appendf(nil, "index of build %d", build)}
	for i := range 16 {
		files[fmt.Sprintf("strategies/s%02d.html", i)] = fmt.Appendf(nil, "strategy %d of build %d", i, build)
	}
	for i := range 4 {
		files[fmt.Sprintf("assets/a%02d.css", i)] = fmt.Appendf(nil, "asset %d of build %d", i, build)
	}
	return files
}

// Builds of one output folder at the same time take turns (CI jobs, or
// serve beside a build): every Write succeeds, the folder always holds a
// marker and an index, and after each round it holds exactly one of the
// sites written, with nothing left beside it.
func TestConcurrentWrites(t *testing.T) {
	builds, rounds := 8, 50
	if testing.Short() {
		builds, rounds = 4, 5
	}
	root := t.TempDir()
	out := filepath.Join(root, "public")
	sites := make([]map[string]string, builds)
	for i := range builds {
		// The tree each site gives, written on its own.
		alone := t.TempDir()
		if err := Write(filepath.Join(alone, "public"), siteOf(i)); err != nil {
			t.Fatal(err)
		}
		sites[i] = tree(t, alone)
	}
	if err := Write(out, siteOf(0)); err != nil {
		t.Fatal(err)
	}

	// A reader looks at the folder all along: whatever build it holds,
	// that build is there.
	var stop atomic.Bool
	var missing atomic.Value
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		for !stop.Load() {
			for _, name := range []string{Marker, "index.html"} {
				if _, err := os.Lstat(filepath.Join(out, name)); err != nil {
					missing.CompareAndSwap(nil, err.Error())
				}
			}
			time.Sleep(50 * time.Microsecond) // leave the cores to the builds
		}
	}()
	defer func() { stop.Store(true); <-watched }()

	for round := range rounds {
		errs := make([]error, builds)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range builds {
			wg.Go(func() {
				<-start
				errs[i] = Write(out, siteOf(i))
			})
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d: build %d: %v", round, i, err)
			}
		}
		got := tree(t, root)
		if !slices.ContainsFunc(sites, func(want map[string]string) bool { return sameTree(got, want) }) {
			t.Fatalf("round %d: %s holds no one build whole (%d files and folders: %v)", round, root, len(got), names(got))
		}
		if m := missing.Load(); m != nil {
			t.Fatalf("round %d: a reader found the output incomplete: %s", round, m)
		}
	}
}

func sameTree(got, want map[string]string) bool { return maps.Equal(got, want) }

func names(m map[string]string) []string {
	var out []string
	for k := range m {
		if filepath.Dir(k) == "." || filepath.Dir(filepath.Dir(k)) == "." {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// A Write that finds another build of its folder under way says so once,
// waits for it, and then writes.
func TestWriteWaitsForAnotherBuild(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "public")
	unlock, err := lock(filepath.Join(root, ".public.lock"), nil)
	if err != nil {
		t.Fatal(err)
	}
	waited := make(chan struct{}, 2)
	done := make(chan error)
	go func() { done <- Write(out, siteOf(1), OnWait(func() { waited <- struct{}{} })) }()
	select {
	case <-waited:
	case err := <-done:
		t.Fatalf("Write returned %v while another build held the folder", err)
	case <-time.After(10 * time.Second):
		t.Fatal("Write neither waited nor said so")
	}
	if _, err := os.Lstat(out); err == nil {
		t.Fatal("Write wrote while another build held the folder")
	}
	unlock()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if len(waited) != 0 {
		t.Error("Write said it was waiting more than once")
	}
	entries, _ := os.ReadDir(root)
	if len(entries) != 1 || entries[0].Name() != "public" {
		t.Errorf("beside the output: %v; want only public (the lock file removed)", entries)
	}
}
