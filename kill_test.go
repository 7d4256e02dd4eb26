package main

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// binary builds salesdeck into a temporary folder, for tests that must
// run it as a process of its own.
func binary(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(t.TempDir(), "salesdeck")
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func sameTree(a, b map[string][]byte) bool {
	return maps.EqualFunc(a, b, bytes.Equal)
}

// A build killed at any moment leaves the output folder holding the
// previous site or the new one, complete, never a mix or nothing; the
// next build clears what the killed one left beside it.
func TestKilledBuildLeavesACompleteSite(t *testing.T) {
	if testing.Short() {
		t.Skip("runs salesdeck as a process many times")
	}
	bin := binary(t)
	// Two sites whose every page differs, so a mix of the two would show.
	srcs := [2]string{
		site(t, small),
		site(t, smallWith(map[string]string{
			"site.yaml":        "title: Small, second edition\nas_of: 2026-02-20\n",
			"data/sales.csv":   small["data/sales.csv"] + "2026-02-18,EMEA,75\n",
			"content/extra.md": "# Extra\n\nA page only the second site has.\n",
		})),
	}
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	buildSite := func(src string) *exec.Cmd {
		return exec.Command(bin, "build", "-src", src, "-out", out)
	}
	var want [2]map[string][]byte
	var took []time.Duration
	for i, src := range srcs {
		for range 3 {
			start := time.Now()
			if b, err := buildSite(src).CombinedOutput(); err != nil {
				t.Fatalf("build of %s: %v\n%s", src, err, b)
			}
			took = append(took, time.Since(start))
		}
		want[i] = tree(t, out)
	}
	// Kills are spread over a typical build and a little beyond; the
	// slowest one may have waited for a cold disk.
	slices.Sort(took)
	typical := took[len(took)/2]
	if sameTree(want[0], want[1]) {
		t.Fatal("the two sites build to the same files")
	}

	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d; a whole build takes about %v", seed, typical)
	rng := rand.New(rand.NewPCG(seed, seed))
	kept := [2]int{}
	leftovers := 0
	deadline := time.Now().Add(6 * time.Second)
	for i := 0; i < 80 && time.Now().Before(deadline); i++ {
		next := i % 2 // the output holds the other site, or this one from a killed build before
		cmd := buildSite(srcs[next])
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(rng.Int64N(int64(typical) * 5 / 4))
		time.Sleep(delay)
		cmd.Process.Kill() // SIGKILL: no deferred clean-up runs
		cmd.Wait()

		got := tree(t, out)
		switch {
		case sameTree(got, want[0]):
			kept[0]++
		case sameTree(got, want[1]):
			kept[1]++
		default:
			t.Fatalf("killed after %v building site %d: %s holds neither site whole (%d files)", delay, next, out, len(got))
		}
		entries, err := os.ReadDir(parent)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			switch {
			case e.Name() == "public":
			case strings.HasPrefix(e.Name(), ".public.tmp-"), e.Name() == ".public.lock":
				// A killed build's lock file is no lock: the system let go
				// of it with the process, and the next build removes it.
				leftovers++
			default:
				t.Fatalf("killed after %v: unexpected %s beside the output", delay, e.Name())
			}
		}
	}
	t.Logf("%d kills left site 0, %d left site 1; %d leftovers (folders, lock files) seen", kept[0], kept[1], leftovers)

	if b, err := buildSite(srcs[0]).CombinedOutput(); err != nil {
		t.Fatalf("build after the kills: %v\n%s", err, b)
	}
	if !sameTree(tree(t, out), want[0]) {
		t.Error("the build after the kills differs from a clean one")
	}
	entries, _ := os.ReadDir(parent)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"public"}) {
		t.Errorf("after a complete build, the output's folder holds %v; want only public", names)
	}
}

// salesdeck deletes no folder it did not create: an -out holding anything
// without salesdeck's marker is refused (a system error, exit 2) and left
// as it was, whether it is a folder of someone's files, the site itself
// or a file.
func TestForeignOutputRefused(t *testing.T) {
	src := site(t, small)
	notes := filepath.Join(t.TempDir(), "notes")
	if err := os.Mkdir(notes, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(notes, "minutes.txt"), []byte("board minutes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(file, []byte("%PDF"), 0o644); err != nil {
		t.Fatal(err)
	}
	const refusal = ": refusing to replace a folder salesdeck did not create (no .salesdeck marker); move it away or choose another -out\n"
	tests := []struct {
		name, out, stderr string
	}{
		{"folder of other files", notes, "error: " + notes + refusal},
		{"the site itself", src, "error: " + src + refusal},
		{"a file", file, "error: " + file + ": exists and is not a folder; move it away or choose another -out\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := filepath.Dir(tt.out)
			before, beside := tree(t, parent), dirNames(t, parent)
			code, stdout, stderr := salesdeck(t, "build", "-src", src, "-out", tt.out)
			if code != 2 || stderr != tt.stderr || stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr %q\nwant exit 2, stderr %q", code, stdout, stderr, tt.stderr)
			}
			if !sameTree(tree(t, parent), before) || !slices.Equal(dirNames(t, parent), beside) {
				t.Errorf("%s changed", parent)
			}
		})
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// manyStrategies returns the small site with n strategies, so that a
// build writes enough files for builds of one folder to overlap.
func manyStrategies(n int, title string) map[string]string {
	plan := planHead
	for i := range n {
		plan += fmt.Sprintf("  - id: s%03d\n    scope: {region: EMEA}\n    targets: {revenue: %d}\n", i, 100+i)
	}
	return smallWith(map[string]string{"content/plans/plan.yaml": plan, "site.yaml": "title: " + title + "\nas_of: 2026-02-15\n"})
}

// Builds of one -out at the same time (CI jobs, a build beside another)
// take turns: each succeeds, saying at most that it waits for another,
// and after every round the output holds one of the sites whole, with
// nothing left beside it.
func TestConcurrentBuilds(t *testing.T) {
	builds, rounds := 8, 50
	if testing.Short() {
		builds, rounds = 4, 5
	}
	bin := binary(t)
	srcs := [2]string{site(t, manyStrategies(40, "First")), site(t, manyStrategies(40, "Second"))}
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	var want [2]map[string][]byte
	for i, src := range srcs {
		if b, err := exec.Command(bin, "build", "-src", src, "-out", out).CombinedOutput(); err != nil {
			t.Fatalf("build of %s: %v\n%s", src, err, b)
		}
		want[i] = tree(t, out)
	}
	waiting := "waiting for another build of " + out + string(filepath.Separator) + " to finish\n"
	waited := 0
	for round := range rounds {
		cmds := make([]*exec.Cmd, builds)
		stderr := make([]bytes.Buffer, builds)
		for i := range cmds {
			cmds[i] = exec.Command(bin, "build", "-src", srcs[i%2], "-out", out)
			cmds[i].Stderr = &stderr[i]
			if err := cmds[i].Start(); err != nil {
				t.Fatal(err)
			}
		}
		for i, cmd := range cmds {
			err := cmd.Wait()
			switch msg := stderr[i].String(); {
			case err != nil:
				t.Fatalf("round %d: build %d: %v\n%s", round, i, err, msg)
			case msg == waiting:
				waited++
			case msg != "":
				t.Errorf("round %d: build %d said %q", round, i, msg)
			}
		}
		got := tree(t, out)
		if !sameTree(got, want[0]) && !sameTree(got, want[1]) {
			t.Fatalf("round %d: %s holds neither site whole (%d files)", round, out, len(got))
		}
		if names := dirNames(t, parent); !slices.Equal(names, []string{"public"}) {
			t.Fatalf("round %d: beside the output: %v; want only public", round, names)
		}
	}
	t.Logf("%d of %d builds waited for another", waited, builds*rounds)
}
