package history

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-billy/v5/util"
	git "github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	commitgraph "github.com/go-git/go-git/v5/plumbing/format/commitgraph/v2"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"

	"salesdeck/internal/load/plan"
	"salesdeck/internal/support/diag"
	"salesdeck/internal/support/yamldoc"
)

// Options say which site's history to read.
type Options struct {
	// Dir is the site folder. Its repository is the first folder from
	// it upwards that holds .git (a folder, or a file naming one, as in a
	// linked worktree).
	Dir string
	// PlanOfRecord is site.yaml's plan_of_record: a tag, branch or
	// commit, at PlanOfRecordPos; "" for each strategy's first version.
	PlanOfRecord    string
	PlanOfRecordPos diag.Pos
	// FiscalYearStart resolves the fiscal periods of old versions, as it
	// does the working tree's.
	FiscalYearStart int
	// Current are the working tree's plans, as package plan loaded them
	// from Files.
	Current []*plan.Plan
	Files   fs.FS
	// Pieces, when set, keeps what was read of the repository, by commit,
	// for the next Load (see Walked); build.Cache is the Pieces salesdeck
	// uses.
	Pieces Pieces
}

// Pieces keeps values between loads under keys that name what they were
// made from.
type Pieces interface {
	Piece(key string) (any, bool)
	Keep(key string, v any)
}

// Repo is the repository of a site folder. Close it when done.
type Repo struct {
	repo    *git.Repository
	objects *filesystem.Storage
	// trees reads the same objects on its own files, so that the plans
	// folder of a commit is looked up while the next commit is read.
	trees *filesystem.Storage
	// graph is the repository's commit-graph, nil without one.
	graph commitgraph.Index
	plans string // the plans folder's path in the repository, slash-separated
}

// Close lets go of the files the repository holds open.
func (r *Repo) Close() error {
	err := errors.Join(r.objects.Close(), r.trees.Close())
	if r.graph != nil {
		err = errors.Join(err, r.graph.Close())
	}
	return err
}

// folders are where a repository is on disk.
type folders struct {
	root   string // the working tree
	git    string // its git folder: .git, or a linked worktree's own
	common string // the repository's folder: git, or what a linked worktree's commondir names
}

// locate finds the repository whose working tree holds dir: the first
// folder from dir upwards that holds .git, a folder or a file naming
// one (a linked worktree). ok is false when there is none.
func locate(dir string) (f folders, ok bool) {
	for p := dir; ; {
		g := filepath.Join(p, ".git")
		if st, err := os.Stat(g); err == nil {
			f = folders{root: p, git: g}
			if !st.IsDir() {
				b, err := os.ReadFile(g)
				d, found := strings.CutPrefix(strings.TrimSpace(string(b)), "gitdir: ")
				if err != nil || !found {
					return folders{}, false
				}
				f.git = abs(p, d)
			}
			f.common = f.git
			if b, err := os.ReadFile(filepath.Join(f.git, "commondir")); err == nil {
				f.common = abs(f.git, strings.TrimSpace(string(b)))
			}
			return f, true
		}
		parent := filepath.Dir(p)
		if parent == p {
			return folders{}, false
		}
		p = parent
	}
}

// Open returns the repository that holds the site folder dir, or nil
// when there is none.
func Open(dir string) (*Repo, error) {
	site, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	f, ok := locate(site)
	if !ok {
		return nil, nil
	}
	var fsys billy.Filesystem = osfs.New(f.git)
	if f.common != f.git {
		fsys = dotgit.NewRepositoryFilesystem(fsys, osfs.New(f.common))
	}
	// Pack files stay open for the walk, and the loose objects are
	// listed once: opening files for every object read was a third of
	// the walk. A Repo lives for one build, while nothing else is
	// expected to write the repository.
	storage := func() *filesystem.Storage {
		return filesystem.NewStorageWithOptions(fsys, cache.NewObjectLRUDefault(), filesystem.Options{KeepDescriptors: true, ExclusiveAccess: true})
	}
	objects := storage()
	repo, err := git.Open(objects, osfs.New(f.root))
	if err != nil {
		objects.Close()
		if errors.Is(err, git.ErrRepositoryNotExists) {
			return nil, nil
		}
		return nil, fmt.Errorf("reading the git repository of %s: %w", dir, err)
	}
	rel, err := filepath.Rel(real(f.root), real(site))
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		objects.Close()
		return nil, nil
	}
	return &Repo{repo: repo, objects: objects, trees: storage(), graph: commitGraph(fsys), plans: path.Join(filepath.ToSlash(rel), plan.Dir)}, nil
}

// commitGraph reads the commit-graph that git gc and git commit-graph
// write: a file, or a chain of them. It holds every commit's tree and
// parents as it was written; commits made since are read from the
// objects. nil when there is none, or one that cannot be read, which
// only makes the walk slower. It is read into memory: the walk looks up
// each commit in it, a few reads apiece.
func commitGraph(fsys billy.Filesystem) commitgraph.Index {
	open := func(name string, parent commitgraph.Index) (commitgraph.Index, error) {
		b, err := util.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		return commitgraph.OpenFileIndexWithParent(inMemory{bytes.NewReader(b)}, parent)
	}
	if idx, err := open(path.Join("objects", "info", "commit-graph"), nil); err == nil {
		return idx
	}
	f, err := fsys.Open(path.Join("objects", "info", "commit-graphs", "commit-graph-chain"))
	if err != nil {
		return nil
	}
	chain, err := commitgraph.OpenChainFile(f)
	f.Close()
	if err != nil || len(chain) == 0 {
		return nil
	}
	var idx commitgraph.Index
	for _, h := range chain {
		if idx, err = open(path.Join("objects", "info", "commit-graphs", "graph-"+h+".graph"), idx); err != nil {
			return nil
		}
	}
	return idx
}

// inMemory is a file read whole, which has nothing to close.
type inMemory struct{ *bytes.Reader }

func (inMemory) Close() error { return nil }

// real is p with its symbolic links resolved, or p when they cannot be.
func real(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}

// Load reads the history of the site in opt.Dir; nil, and no error, when
// the site is in no repository.
func Load(opt Options) (*History, error) {
	r, err := Open(opt.Dir)
	if r == nil || err != nil {
		return nil, err
	}
	defer r.Close()
	return r.Load(opt)
}

// Load reads the history of the site whose repository r is.
func (r *Repo) Load(opt Options) (*History, error) {
	h := &History{}
	w := &walker{objects: r.repo.Storer, trees: r.trees, graph: r.graph, fy: opt.FiscalYearStart}
	for i, s := range []storer.EncodedObjectStorer{w.objects, w.trees} {
		w.find[i] = &finder{s: s, sub: map[subKey]plumbing.Hash{}}
	}
	if r.plans != "." {
		w.path = strings.Split(r.plans, "/")
	}
	shallow, err := r.repo.Storer.Shallow()
	if err != nil {
		return nil, err
	}
	w.shallow = map[plumbing.Hash]bool{}
	for _, s := range shallow {
		w.shallow[s] = true
	}
	walked := &Walked{strategies: map[string]*walkedStrategy{}, files: map[string]plumbing.Hash{}}
	head, err := r.repo.Head()
	switch {
	case errors.Is(err, plumbing.ErrReferenceNotFound):
		// No commit yet: every plan is uncommitted.
	case err != nil:
		return nil, err
	default:
		if walked, err = w.walk(head.Hash(), r.known(opt, w)); err != nil {
			return nil, err
		}
		r.keep(opt, walked)
	}
	h.Head, h.Since, h.Shallow = walked.last, walked.since, walked.shallow
	if h.Shallow {
		h.Warnings = append(h.Warnings, diag.Errorf(diag.Pos{File: plan.Dir},
			"the repository is a shallow clone: plan history starts at commit %s of %s; fetch the whole history (git fetch --unshallow, or fetch-depth: 0 in CI) for every revision",
			h.Since.Commit, h.Since.Date))
	}
	var por map[string]*plan.Strategy
	if opt.PlanOfRecord != "" {
		var ok bool
		if por, h.PlanOfRecord, ok, err = r.planOfRecord(opt, w); err != nil {
			return nil, err
		}
		if !ok {
			msg := "plan_of_record %q is not a tag, branch or commit of the repository"
			if !h.Shallow {
				return nil, diag.Errorf(opt.PlanOfRecordPos, msg, opt.PlanOfRecord)
			}
			// A shallow clone (CI's usual checkout) lacks older commits
			// and often the tags: the site is built without originals.
			h.Warnings = append(h.Warnings, diag.Errorf(opt.PlanOfRecordPos, msg+" as cloned (a shallow clone); the site shows no original targets", opt.PlanOfRecord))
			por = map[string]*plan.Strategy{}
		}
	}
	dirty := r.dirty(opt.Files, walked.files)
	h.Strategies = resolve(walked, por, opt.Current, dirty)
	if dirty {
		h.Head = Version{}
	}
	return h, nil
}

// known returns the walks kept in opt.Pieces, by commit.
func (r *Repo) known(opt Options, w *walker) func(plumbing.Hash) *Walked {
	return func(c plumbing.Hash) *Walked {
		if opt.Pieces == nil {
			return nil
		}
		if v, ok := opt.Pieces.Piece(r.walkKey(c, w.fy)); ok {
			return v.(*Walked)
		}
		return nil
	}
}

// keep keeps walked for the next Load.
func (r *Repo) keep(opt Options, walked *Walked) {
	if opt.Pieces != nil {
		opt.Pieces.Keep(r.walkKey(walked.commit, opt.FiscalYearStart), walked)
	}
}

// walkKey names the walk up to commit c: a commit's ID is the digest of
// its files and of every commit before it, so the walk to it is the same
// while the plans folder and the fiscal year (which old versions are
// parsed with) are.
func (r *Repo) walkKey(c plumbing.Hash, fy int) string {
	return fmt.Sprintf("history %s %q %d", c, r.plans, fy)
}

// planOfRecord reads the strategies of the commit opt.PlanOfRecord names;
// ok is false when the repository has no such commit.
func (r *Repo) planOfRecord(opt Options, w *walker) (map[string]*plan.Strategy, Version, bool, error) {
	h, err := r.repo.ResolveRevision(plumbing.Revision(opt.PlanOfRecord))
	if err != nil {
		return nil, Version{}, false, nil
	}
	key := fmt.Sprintf("plan of record %s %q %d", h, r.plans, w.fy)
	if opt.Pieces != nil {
		if v, ok := opt.Pieces.Piece(key); ok {
			p := v.(*planOfRecord)
			return p.strategies, p.version, true, nil
		}
	}
	c, err := r.repo.CommitObject(*h)
	if err != nil {
		return nil, Version{}, false, nil
	}
	tree, err := w.find[0].plansTree(c.TreeHash, w.path)
	if err != nil {
		return nil, Version{}, false, err
	}
	files, err := planFiles(w.objects, tree)
	if err != nil {
		return nil, Version{}, false, err
	}
	p := &planOfRecord{strategies: map[string]*plan.Strategy{}, version: versionOf(*h, c)}
	var todo []fileKey
	for _, name := range slices.Sorted(maps.Keys(files)) {
		todo = append(todo, fileKey{name: name, blob: files[name]})
	}
	parsed, err := w.parseFiles(todo)
	if err != nil {
		return nil, Version{}, false, err
	}
	for _, k := range todo {
		if pl := parsed[k]; pl != nil {
			for _, s := range pl.Strategies {
				if p.strategies[s.ID] == nil {
					p.strategies[s.ID] = s
				}
			}
		}
	}
	if opt.Pieces != nil {
		opt.Pieces.Keep(key, p)
	}
	return p.strategies, p.version, true, nil
}

// planOfRecord is what a plan of record holds, kept by commit.
type planOfRecord struct {
	strategies map[string]*plan.Strategy
	version    Version
}

// dirty reports whether the working tree's plan files differ from
// committed, the files of HEAD's plans folder.
func (r *Repo) dirty(fsys fs.FS, committed map[string]plumbing.Hash) bool {
	if fsys == nil {
		return false
	}
	// A file or folder that cannot be read is package plan's to report;
	// here it only differs from what was committed.
	entries, err := fs.ReadDir(fsys, plan.Dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return true
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !(strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")) {
			continue
		}
		n++
		src, err := yamldoc.ReadFile(fsys, path.Join(plan.Dir, name))
		if err != nil {
			return true
		}
		if blob, ok := committed[name]; !ok || plumbing.ComputeHash(plumbing.BlobObject, src) != blob {
			return true
		}
	}
	return n != len(committed)
}

// resolve makes the history of every strategy of walked, with its
// original targets from por (nil: each strategy's first version) and,
// when dirty, the working tree's totals of current after the committed
// ones. walked is left as it is.
func resolve(walked *Walked, por map[string]*plan.Strategy, current []*plan.Plan, dirty bool) map[string]*Strategy {
	out := make(map[string]*Strategy, len(walked.strategies))
	for id, ws := range walked.strategies {
		s := &Strategy{ID: id, Plan: ws.Plan, Targets: make([]*Target, len(ws.Targets))}
		first := ws.first
		if por != nil {
			first = nil
			if ps := por[id]; ps != nil {
				first = ps.Targets
			}
		}
		for i, t := range ws.Targets {
			ct := *t
			ct.Totals = slices.Clip(t.Totals)
			if k := slices.IndexFunc(first, func(pt plan.Target) bool { return pt.Metric == t.Metric }); k >= 0 {
				ct.Original = &first[k]
			}
			s.Targets[i] = &ct
		}
		out[id] = s
	}
	if !dirty {
		return out
	}
	for _, p := range current {
		for _, cs := range p.Strategies {
			s := out[cs.ID]
			if s == nil {
				s = &Strategy{ID: cs.ID}
				out[cs.ID] = s
			}
			s.record(p.ID, cs, Version{})
		}
	}
	return out
}

// WatchDirs are the folders of the repository of the site folder dir
// whose files say which commit HEAD is, for a process that builds again
// after a commit: git holds HEAD and packed-refs (a linked worktree's
// own folder, and the repository's), refs the branches (refs/heads and
// the folders below it). Both are empty outside a repository.
func WatchDirs(dir string) (git, refs []string) {
	site, err := filepath.Abs(dir)
	if err != nil {
		return nil, nil
	}
	f, ok := locate(site)
	if !ok {
		return nil, nil
	}
	git = []string{f.git}
	if f.common != f.git {
		git = append(git, f.common)
	}
	_ = filepath.WalkDir(filepath.Join(f.common, "refs", "heads"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			refs = append(refs, p)
		}
		return nil
	})
	return git, refs
}

// abs is p, relative to dir unless absolute.
func abs(dir, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(dir, p)
}
