// Package testgit makes real git repositories in temporary folders for
// tests, with go-git: commits with fixed authors and dates, so that their
// IDs are the same on every run, tags, and shallow clones. Only tests
// import it.
package testgit

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	commitgraph "github.com/go-git/go-git/v5/plumbing/format/commitgraph/v2"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// Repo is a repository and its working tree.
type Repo struct {
	t   testing.TB
	Dir string
	Git *git.Repository
	wt  *git.Worktree
	day time.Time
	// Labels name the commits, by short ID, as the test called them
	// ("c3"), for expectations that do not spell out commit IDs.
	Labels map[string]string
}

// New makes a repository in dir.
func New(t testing.TB, dir string) *Repo {
	t.Helper()
	r, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	return open(t, dir, r)
}

func open(t testing.TB, dir string, r *git.Repository) *Repo {
	t.Helper()
	wt, err := r.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	return &Repo{t: t, Dir: dir, Git: r, wt: wt, day: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC), Labels: map[string]string{}}
}

// Write writes a file of the working tree (a slash path).
func (r *Repo) Write(name, text string) {
	r.t.Helper()
	p := filepath.Join(r.Dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

// Remove removes a file of the working tree.
func (r *Repo) Remove(name string) {
	r.t.Helper()
	if err := os.Remove(filepath.Join(r.Dir, filepath.FromSlash(name))); err != nil {
		r.t.Fatal(err)
	}
}

// Commit commits every change of the working tree (new and removed files
// too) as author, dated the day after the last commit, and names the
// commit label. It returns the short ID.
func (r *Repo) Commit(label, author, message string) string {
	r.t.Helper()
	if err := r.wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		r.t.Fatal(err)
	}
	r.day = r.day.AddDate(0, 0, 1)
	sig := &object.Signature{Name: author, Email: "sales@example.com", When: r.day}
	h, err := r.wt.Commit(message, &git.CommitOptions{Author: sig, Committer: sig, AllowEmptyCommits: true})
	if err != nil {
		r.t.Fatal(err)
	}
	short := h.String()[:7]
	r.Labels[short] = label
	return short
}

// Tag tags HEAD.
func (r *Repo) Tag(name string) {
	r.t.Helper()
	head, err := r.Git.Head()
	if err != nil {
		r.t.Fatal(err)
	}
	if _, err := r.Git.CreateTag(name, head.Hash(), nil); err != nil {
		r.t.Fatal(err)
	}
}

// Clone clones r into dir; depth 0 clones the whole history, depth 1
// only the last commit (CI's usual checkout). go-git reads a repository
// on disk through git-upload-pack, so the test is skipped without git.
func (r *Repo) Clone(dir string, depth int) *Repo {
	r.t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		r.t.Skip("cloning a repository on disk needs git on PATH")
	}
	c, err := git.PlainClone(dir, false, &git.CloneOptions{URL: "file://" + filepath.ToSlash(r.Dir), Depth: depth, Tags: git.AllTags})
	if err != nil {
		r.t.Fatal(err)
	}
	out := open(r.t, dir, c)
	out.day, out.Labels = r.day, r.Labels
	return out
}

// ID is the short ID of the commit named label.
func (r *Repo) ID(label string) string {
	for id, l := range r.Labels {
		if l == label {
			return id
		}
	}
	r.t.Fatalf("no commit named %s", label)
	return ""
}

// CommitGraph writes the repository's commit-graph file, as git gc does:
// every commit's tree, parents, date and generation.
func (r *Repo) CommitGraph() {
	r.t.Helper()
	WriteCommitGraph(r.t, r.Git)
}

// WriteCommitGraph writes the commit-graph file of repo, a repository on
// disk, for every commit it holds (git writes none for a shallow clone).
func WriteCommitGraph(t testing.TB, repo *git.Repository) {
	t.Helper()
	iter, err := repo.CommitObjects()
	if err != nil {
		t.Fatal(err)
	}
	commits := map[plumbing.Hash]*object.Commit{}
	if err := iter.ForEach(func(c *object.Commit) error {
		commits[c.Hash] = c
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// A commit's generation is one more than its parents' highest; the
	// parents are numbered first, without recursion, for long histories.
	generation := map[plumbing.Hash]uint64{}
	for h := range commits {
		for stack := []plumbing.Hash{h}; len(stack) > 0; {
			c := commits[stack[len(stack)-1]]
			if generation[c.Hash] > 0 {
				stack = stack[:len(stack)-1]
				continue
			}
			gen, ready := uint64(1), true
			for _, p := range c.ParentHashes {
				if commits[p] == nil {
					continue // beyond a shallow clone's edge
				}
				if g := generation[p]; g == 0 {
					stack, ready = append(stack, p), false
				} else {
					gen = max(gen, g+1)
				}
			}
			if ready {
				generation[c.Hash] = gen
				stack = stack[:len(stack)-1]
			}
		}
	}
	idx := commitgraph.NewMemoryIndex()
	for h, c := range commits {
		idx.Add(h, &commitgraph.CommitData{TreeHash: c.TreeHash, ParentHashes: c.ParentHashes, Generation: generation[h], When: c.Committer.When})
	}
	s, ok := repo.Storer.(*filesystem.Storage)
	if !ok {
		t.Fatalf("a commit-graph is written for a repository on disk, not %T", repo.Storer)
	}
	f, err := s.Filesystem().Create("objects/info/commit-graph")
	if err != nil {
		t.Fatal(err)
	}
	if err := commitgraph.NewEncoder(f).Encode(idx); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
