package history

import (
	"cmp"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	commitgraph "github.com/go-git/go-git/v5/plumbing/format/commitgraph/v2"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"

	"salesdeck/internal/load/plan"
	"salesdeck/internal/support/diag"
)

// Walked is the history of the plans up to one commit, read from its
// first-parent line: what the working tree and the plan of record are
// compared with. It is never changed once made, so a walk to a later
// commit starts from a copy.
type Walked struct {
	commit  plumbing.Hash
	plans   plumbing.Hash            // the plans folder's tree; zero without one
	files   map[string]plumbing.Hash // plan file name -> blob, of that tree
	last    Version                  // the last commit that changed the plans
	since   Version                  // the oldest commit read
	shallow bool                     // the walk stopped at a shallow clone's edge
	// strategies holds every strategy a version held, by ID.
	strategies map[string]*walkedStrategy
}

// walkedStrategy is a Strategy with the targets it had in the first
// version that held it, the default plan of record.
type walkedStrategy struct {
	Strategy
	first []plan.Target
}

// walker reads commits of one repository for one site's plans folder.
type walker struct {
	objects storer.EncodedObjectStorer
	// graph is the repository's commit-graph, nil without one.
	graph commitgraph.Index
	// trees holds the same objects as objects, read on files of its own:
	// plans folders are looked up in it while the walk reads commits from
	// objects.
	trees   storer.EncodedObjectStorer
	path    []string // the plans folder's path in the repository, by folder
	fy      int
	shallow map[plumbing.Hash]bool
	// find looks up plans folders on objects (0) and on trees (1).
	find [2]*finder
}

// finder looks up plans folders on one reader of the objects.
type finder struct {
	s storer.EncodedObjectStorer
	// sub remembers the plans folder's tree below a tree already looked
	// in: most commits leave most folders as they were.
	sub map[subKey]plumbing.Hash
}

// subKey is a tree and how many folders down the plans folder is.
type subKey struct {
	tree  plumbing.Hash
	depth int
}

// commit is a commit on the first-parent line, with its plans tree and,
// when that differs from its parent's, the tree's plan files.
type commit struct {
	hash plumbing.Hash
	tree plumbing.Hash
	// c is the commit read whole: nil while only the commit-graph was
	// read, until its author and message are needed (version).
	c     *object.Commit
	plans plumbing.Hash
	files map[string]plumbing.Hash
}

// walk returns the history up to head: from base (the history up to a
// commit on head's first-parent line, or nil) when known gives one,
// otherwise from the first commit (or a shallow clone's edge).
func (w *walker) walk(head plumbing.Hash, known func(plumbing.Hash) *Walked) (*Walked, error) {
	var line []*commit // newest first
	var base *Walked
	shallow := false
	// Each commit's plans folder is looked up on the other reader while
	// the next commit is read: the two are most of the walk. When the
	// lookups fall behind (commits from a commit-graph come fast), and
	// once every commit is read, this reader looks up folders too.
	trees := make(chan *commit, 256)
	looked := make(chan error, 1)
	lookup := func(f *finder, c *commit, err *error) {
		if *err == nil {
			c.plans, *err = f.plansTree(c.tree, w.path)
		}
	}
	go func() {
		var err error
		for c := range trees {
			lookup(w.find[1], c, &err)
		}
		looked <- err
	}()
	var err, ferr error
	for h := head; ; {
		if base = known(h); base != nil {
			break
		}
		c := &commit{hash: h}
		var parents []plumbing.Hash
		if c.tree, parents, c.c, err = w.read(h); err != nil {
			break
		}
		line = append(line, c)
		select {
		case trees <- c:
		default:
			lookup(w.find[0], c, &ferr)
		}
		if w.shallow[h] {
			shallow = true
			break
		}
		if len(parents) == 0 {
			break
		}
		h = parents[0]
	}
	close(trees)
	for c := range trees {
		lookup(w.find[0], c, &ferr)
	}
	if err = cmp.Or(err, ferr, <-looked); err != nil {
		return nil, err
	}
	slices.Reverse(line)
	out := &Walked{strategies: map[string]*walkedStrategy{}, files: map[string]plumbing.Hash{}}
	if base != nil {
		*out = *base
		out.strategies = maps.Clone(base.strategies)
	}
	out.shallow = out.shallow || shallow
	parsed, err := w.parseAll(out, line)
	if err != nil {
		return nil, err
	}
	mine := map[string]bool{} // strategies copied for this walk
	for i, c := range line {
		out.commit = c.hash
		if i == 0 && base == nil {
			if out.since, err = w.version(c); err != nil {
				return nil, err
			}
		}
		if c.plans == out.plans {
			continue
		}
		files := c.files
		v, err := w.version(c)
		if err != nil {
			return nil, err
		}
		for _, name := range slices.Sorted(maps.Keys(files)) {
			if blob := files[name]; out.files[name] != blob {
				out.apply(parsed[fileKey{name: name, blob: blob}], v, mine)
			}
		}
		out.plans, out.files, out.last = c.plans, files, v
	}
	return out, nil
}

// read returns commit h's tree and parents. A commit-graph holds them
// without inflating the commit, which most commits of a long history
// need no more than that; otherwise the commit is read, and returned.
func (w *walker) read(h plumbing.Hash) (tree plumbing.Hash, parents []plumbing.Hash, c *object.Commit, err error) {
	if w.graph != nil {
		if i, err := w.graph.GetIndexByHash(h); err == nil {
			if d, err := w.graph.GetCommitDataByIndex(i); err == nil {
				return d.TreeHash, d.ParentHashes, nil, nil
			}
		}
	}
	if c, err = object.GetCommit(w.objects, h); err != nil {
		return plumbing.ZeroHash, nil, nil, err
	}
	return c.TreeHash, c.ParentHashes, c, nil
}

// version describes c, reading the commit when only the commit-graph was.
func (w *walker) version(c *commit) (Version, error) {
	if c.c == nil {
		var err error
		if c.c, err = object.GetCommit(w.objects, c.hash); err != nil {
			return Version{}, err
		}
	}
	return versionOf(c.hash, c.c), nil
}

// apply records the strategies of p (nil: a version that does not parse,
// which tells nothing) as they are in version v.
func (out *Walked) apply(p *plan.Plan, v Version, mine map[string]bool) {
	if p == nil {
		return
	}
	for _, s := range p.Strategies {
		ws := out.strategies[s.ID]
		switch {
		case ws == nil:
			ws = &walkedStrategy{Strategy: Strategy{ID: s.ID}, first: s.Targets}
			out.strategies[s.ID] = ws
			mine[s.ID] = true
		case !mine[s.ID]:
			// Shared with the walk this one started from: copied before
			// it changes, targets and all.
			c := *ws
			c.Targets = make([]*Target, len(ws.Targets))
			for i, t := range ws.Targets {
				ct := *t
				ct.Totals = slices.Clip(t.Totals)
				c.Targets[i] = &ct
			}
			ws = &c
			out.strategies[s.ID] = ws
			mine[s.ID] = true
		}
		ws.record(p.ID, s, v)
	}
}

// record records the targets of s, of plan planID, as they are in
// version v: a total that differs from the last one is a revision.
func (h *Strategy) record(planID string, s *plan.Strategy, v Version) {
	h.Plan = planID
	for _, t := range s.Targets {
		ht := h.Target(t.Metric)
		if ht == nil {
			ht = &Target{Metric: t.Metric}
			h.Targets = append(h.Targets, ht)
		}
		if n := len(ht.Totals); n == 0 || ht.Totals[n-1].Total != t.Total {
			ht.Totals = append(ht.Totals, Total{Version: v, Total: t.Total})
		}
	}
}

// fileKey is a version of a plan file: its name (a plan's default ID)
// and its blob, or its text.
type fileKey struct {
	name string
	blob plumbing.Hash
	text string
}

// parseBatch is how many plan files are read into memory before they are
// parsed on every core.
const parseBatch = 256

// parseAll parses every version of a plan file that the commits of line
// bring, each once, on every core, and sets their files.
func (w *walker) parseAll(from *Walked, line []*commit) (map[fileKey]*plan.Plan, error) {
	var changed []*commit // the commits whose plans differ from their parent's
	prev := from.plans
	for _, c := range line {
		if c.plans != prev {
			changed = append(changed, c)
		}
		prev = c.plans
	}
	// Their commits, which only a commit-graph was read of, are read
	// here too, for their authors and messages (version).
	if err := w.onBothReaders(len(changed), func(s storer.EncodedObjectStorer, i int) (err error) {
		c := changed[i]
		if c.c == nil {
			if c.c, err = object.GetCommit(s, c.hash); err != nil {
				return err
			}
		}
		c.files, err = planFiles(s, c.plans)
		return err
	}); err != nil {
		return nil, err
	}
	var todo []fileKey
	seen := map[fileKey]bool{}
	prevFiles := from.files
	for _, c := range changed {
		files := c.files
		for _, name := range slices.Sorted(maps.Keys(files)) {
			blob := files[name]
			k := fileKey{name: name, blob: blob}
			if prevFiles[name] != blob && !seen[k] {
				seen[k] = true
				todo = append(todo, k)
			}
		}
		prevFiles = files
	}
	return w.parseFiles(todo)
}

// parseFiles parses the versions of plan files todo, on every core, each
// strategy's text once (split).
func (w *walker) parseFiles(todo []fileKey) (map[fileKey]*plan.Plan, error) {
	out := make(map[fileKey]*plan.Plan, len(todo))
	// By the file's name (a plan's default ID) and the text parsed: the
	// file, or one strategy of it (split).
	parsed := map[fileKey]*plan.Plan{}
	for len(todo) > 0 {
		batch := todo[:min(parseBatch, len(todo))]
		todo = todo[len(batch):]
		srcs := make([]string, len(batch))
		if err := w.onBothReaders(len(batch), func(s storer.EncodedObjectStorer, i int) error {
			b, err := blob(s, batch[i].blob)
			srcs[i] = string(b)
			return err
		}); err != nil {
			return nil, err
		}
		texts := make([][]string, len(batch))
		onEveryCore(len(batch), func(i int) {
			if parts, ok := split(srcs[i]); ok {
				texts[i] = parts
			} else {
				texts[i] = []string{srcs[i]}
			}
		})
		var fresh []fileKey // a file, and one of its texts not parsed yet, each once
		seen := map[fileKey]bool{}
		for i, k := range batch {
			for _, t := range texts[i] {
				tk := fileKey{name: k.name, text: t}
				if _, done := parsed[tk]; !done && !seen[tk] {
					seen[tk] = true
					fresh = append(fresh, tk)
				}
			}
		}
		plans := make([]*plan.Plan, len(fresh))
		onEveryCore(len(fresh), func(i int) { plans[i] = w.parse(fresh[i].name, []byte(fresh[i].text)) })
		for i, k := range fresh {
			parsed[k] = plans[i]
		}
		for i, k := range batch {
			out[k] = assemble(parsed, k.name, texts[i])
		}
	}
	return out, nil
}

// onEveryCore calls f(i) for every i below n, on every core; f must be
// safe to call at once for different i.
func onEveryCore(n int, f func(i int)) {
	var wg sync.WaitGroup
	cores := runtime.GOMAXPROCS(0)
	for g := range cores {
		wg.Go(func() {
			for i := g; i < n; i += cores {
				f(i)
			}
		})
	}
	wg.Wait()
}

// assemble puts together the plan parsed from texts, the parts of the
// file name (split); nil when none parsed.
func assemble(parsed map[fileKey]*plan.Plan, name string, texts []string) *plan.Plan {
	var out *plan.Plan
	for _, t := range texts {
		p := parsed[fileKey{name: name, text: t}]
		switch {
		case p == nil:
		case out == nil:
			c := *p
			out = &c
		default:
			out.Strategies = append(slices.Clip(out.Strategies), p.Strategies...)
		}
	}
	return out
}

// parse parses one version of a plan file; nil when it does not parse
// (an old version may break today's rules, or was broken when
// committed).
func (w *walker) parse(name string, src []byte) *plan.Plan {
	var errs diag.List
	return plan.Parse(plan.Dir+"/"+name, src, w.fy, &errs)
}

// onBothReaders calls f(s, i) for every i below n, on both readers of
// the repository's objects at once (a reader is for one goroutine at a
// time): reading objects is much of the walk. It returns the first error
// by i.
func (w *walker) onBothReaders(n int, f func(s storer.EncodedObjectStorer, i int) error) error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for r, s := range []storer.EncodedObjectStorer{w.objects, w.trees} {
		wg.Go(func() {
			for i := r; i < n; i += 2 {
				errs[i] = f(s, i)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func blob(s storer.EncodedObjectStorer, h plumbing.Hash) ([]byte, error) {
	b, err := object.GetBlob(s, h)
	if err != nil {
		return nil, err
	}
	r, err := b.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	buf := make([]byte, 0, b.Size)
	for {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, 512)
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err != nil {
			break
		}
	}
	return buf, nil
}

// plansTree returns the tree at path below the tree t; zero when there is
// none.
func (f *finder) plansTree(t plumbing.Hash, path []string) (plumbing.Hash, error) {
	if len(path) == 0 || t.IsZero() {
		return t, nil
	}
	key := subKey{t, len(path)}
	if h, ok := f.sub[key]; ok {
		return h, nil
	}
	tree, err := object.GetTree(f.s, t)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	var next plumbing.Hash
	for _, e := range tree.Entries {
		if e.Name == path[0] && e.Mode == filemode.Dir {
			next = e.Hash
			break
		}
	}
	h, err := f.plansTree(next, path[1:])
	if err == nil {
		f.sub[key] = h
	}
	return h, err
}

// planFiles lists the plan files of the plans folder's tree t, read
// from s, as package plan reads them from a folder: *.yaml and *.yml
// files.
func planFiles(s storer.EncodedObjectStorer, t plumbing.Hash) (map[string]plumbing.Hash, error) {
	files := map[string]plumbing.Hash{}
	if t.IsZero() {
		return files, nil
	}
	tree, err := object.GetTree(s, t)
	if err != nil {
		return nil, err
	}
	for _, e := range tree.Entries {
		if e.Mode.IsFile() && e.Mode != filemode.Symlink && (strings.HasSuffix(e.Name, ".yaml") || strings.HasSuffix(e.Name, ".yml")) {
			files[e.Name] = e.Hash
		}
	}
	return files, nil
}

// versionOf describes commit c.
func versionOf(h plumbing.Hash, c *object.Commit) Version {
	subject, _, _ := strings.Cut(strings.TrimSpace(c.Message), "\n")
	return Version{
		Commit:  h.String()[:7],
		Date:    c.Author.When.UTC().Format("2006-01-02"),
		Author:  c.Author.Name,
		Message: strings.TrimSpace(subject),
	}
}
