//go:build unix

package history_test

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"

	"salesdeck/internal/load/history"
	"salesdeck/internal/load/plan"
	"salesdeck/internal/support/testgit"
	"salesdeck/tools/gen"
)

// BenchmarkHistory is the history walk a build adds: a repository of
// 5,000 commits whose content/plans holds 50 plan files of 1,000
// strategies in all (the plans of tools/gen's benchmark sites). Every
// commit that touches the plans re-forecasts one strategy's revenue; the
// others change a file outside them, as data and page commits do. The
// repository has a commit-graph, as after git gc. cold is `salesdeck
// build`; cold-without-graph the same once the commit-graph is removed;
// rebuild is serve building again with its Cache, HEAD unchanged.
// BENCHMARKS.md has the results.
func BenchmarkHistory(b *testing.B) {
	for _, every := range []int{1, 10} {
		dir := b.TempDir()
		writeRepo(b, dir, 5000, every)
		fsys := os.DirFS(dir)
		current, err := plan.LoadAll(fsys, 7)
		if err != nil {
			b.Fatal(err)
		}
		opt := history.Options{Dir: dir, FiscalYearStart: 7, Current: current, Files: fsys}
		name := fmt.Sprintf("commits=5000/plan-commits=%d", 5000/every)
		b.Run(name+"/cold", func(b *testing.B) {
			defer cpuPerOp(b)()
			for b.Loop() {
				if _, err := history.Load(opt); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/cold-without-graph", func(b *testing.B) {
			graph := filepath.Join(dir, ".git", "objects", "info", "commit-graph")
			if err := os.Rename(graph, graph+".off"); err != nil {
				b.Fatal(err)
			}
			defer func() {
				if err := os.Rename(graph+".off", graph); err != nil {
					b.Fatal(err)
				}
			}()
			defer cpuPerOp(b)()
			for b.Loop() {
				if _, err := history.Load(opt); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/rebuild", func(b *testing.B) {
			o := opt
			o.Pieces = &memo{kept: map[string]any{}}
			if _, err := history.Load(o); err != nil {
				b.Fatal(err)
			}
			defer cpuPerOp(b)()
			for b.Loop() {
				if _, err := history.Load(o); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// cpuPerOp reports, when the function it returns is called, the CPU time
// (user and system, every thread) per iteration: on a machine shared
// with other work, wall time says more about the others.
func cpuPerOp(b *testing.B) func() {
	cpu := func() time.Duration {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			b.Fatal(err)
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	start := cpu()
	return func() {
		b.ReportMetric(float64(cpu()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	}
}

// revenueLine finds a strategy's revenue target in a generated plan.
var revenueLine = regexp.MustCompile(`(?m)^      revenue: (\d+)$`)

// writeRepo writes into dir a repository of n commits on one branch, one
// in every of which changes one strategy's revenue, and checks its last
// commit out. Objects are written straight to the object store, then
// packed, as a clone holds them, with a commit-graph, as git gc leaves
// them.
func writeRepo(b *testing.B, dir string, n, every int) {
	b.Helper()
	files, err := gen.SiteFiles(gen.SiteOptions{Data: gen.Default(), Plans: 50, Strategies: 1000})
	if err != nil {
		b.Fatal(err)
	}
	plans := map[string]string{}
	for name, src := range files {
		if rest, ok := strings.CutPrefix(name, plan.Dir+"/"); ok {
			plans[rest] = string(src)
		}
	}
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		b.Fatal(err)
	}
	s := repo.Storer
	authors := []string{"Dana Whitfield", "Jonas Keller", "Ana Souza", "Kenji Sato", "Maria Lopez"}
	when := time.Date(2023, 1, 2, 9, 0, 0, 0, time.UTC)
	var parent plumbing.Hash
	var plansTree plumbing.Hash
	names := slices.Sorted(maps.Keys(plans))
	for i := range n {
		msg := fmt.Sprintf("Update the notes (%d)", i)
		if i == 0 || i%every == 0 {
			if i > 0 {
				name := names[i%len(names)]
				lines := revenueLine.FindAllStringSubmatchIndex(plans[name], -1)
				m := lines[(i/len(names))%len(lines)]
				src := plans[name]
				plans[name] = src[:m[2]] + fmt.Sprint(1_000_000+i) + src[m[3]:]
				msg = fmt.Sprintf("Re-forecast %s (%d)", name, i)
			}
			var entries []object.TreeEntry
			for _, name := range names {
				entries = append(entries, object.TreeEntry{Name: name, Mode: filemode.Regular, Hash: blob(b, s, plans[name])})
			}
			plansTree = tree(b, s, entries)
		}
		content := tree(b, s, []object.TreeEntry{{Name: "plans", Mode: filemode.Dir, Hash: plansTree}})
		data := tree(b, s, []object.TreeEntry{{Name: "notes.txt", Mode: filemode.Regular, Hash: blob(b, s, msg)}})
		root := tree(b, s, []object.TreeEntry{{Name: "content", Mode: filemode.Dir, Hash: content}, {Name: "data", Mode: filemode.Dir, Hash: data}})
		sig := object.Signature{Name: authors[i%len(authors)], Email: "sales@example.com", When: when.Add(time.Duration(i) * 3 * time.Hour)}
		c := &object.Commit{Author: sig, Committer: sig, Message: msg, TreeHash: root}
		if i > 0 {
			c.ParentHashes = []plumbing.Hash{parent}
		}
		parent = put(b, s, c)
	}
	if err := s.SetReference(plumbing.NewHashReference(plumbing.Master, parent)); err != nil {
		b.Fatal(err)
	}
	if err := repo.RepackObjects(&git.RepackConfig{}); err != nil {
		b.Fatal(err)
	}
	// The packed objects stay; the loose copies go, as after git gc.
	objects := filepath.Join(dir, ".git", "objects")
	loose, _ := fs.Glob(os.DirFS(objects), "[0-9a-f][0-9a-f]")
	for _, d := range loose {
		if err := os.RemoveAll(filepath.Join(objects, d)); err != nil {
			b.Fatal(err)
		}
	}
	testgit.WriteCommitGraph(b, repo)
	for name, src := range plans {
		p := filepath.Join(dir, plan.Dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

func blob(b *testing.B, s storer.EncodedObjectStorer, text string) plumbing.Hash {
	o := s.NewEncodedObject()
	o.SetType(plumbing.BlobObject)
	w, err := o.Writer()
	if err != nil {
		b.Fatal(err)
	}
	if _, err := w.Write([]byte(text)); err != nil {
		b.Fatal(err)
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	h, err := s.SetEncodedObject(o)
	if err != nil {
		b.Fatal(err)
	}
	return h
}

func tree(b *testing.B, s storer.EncodedObjectStorer, entries []object.TreeEntry) plumbing.Hash {
	return put(b, s, &object.Tree{Entries: entries})
}

func put(b *testing.B, s storer.EncodedObjectStorer, v interface {
	Encode(plumbing.EncodedObject) error
}) plumbing.Hash {
	o := s.NewEncodedObject()
	if err := v.Encode(o); err != nil {
		b.Fatal(err)
	}
	h, err := s.SetEncodedObject(o)
	if err != nil {
		b.Fatal(err)
	}
	return h
}
