package build

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"salesdeck/internal/analysis"
	"salesdeck/internal/load/config"
	"salesdeck/internal/load/history"
	"salesdeck/internal/load/plan"
	"salesdeck/internal/load/sales"
	"salesdeck/internal/support/diag"
	"salesdeck/internal/support/digest"
)

// Cache keeps what builds of a site made, for a process that builds the
// same site again after every edit (salesdeck serve), so that a rebuild
// redoes only what the edit touched. Its rule: a piece is reused when the
// digest of its inputs is unchanged. The pieces, and their inputs:
//
//   - a plan file's parse: the file's name and bytes, the fiscal year;
//   - a strategy's results: its definition (bridge_by too), its plan's
//     ID and title, site.yaml's settings (analysis too), the metrics
//     Markdown blocks rank its breakdowns by (analysis.Asks), the sales
//     data's key (below), its history in git; the charts of a period
//     that blocks ask for are computed again by every build, from the
//     data kept;
//   - the walk of the plans' history in git up to a commit: the commit's
//     ID (which is the digest of its files and of the commits before
//     it), the plans folder and the fiscal year; a walk to a later
//     commit goes on from it (package history);
//   - a strategy's page, view, handout sheet and JSON: the digest of its
//     results' inputs, and what else the piece shows (render.Pieces lists
//     it).
//
// The sales data, the slowest to read, is kept while its key is
// unchanged: the path, size and modification time of every file that
// sales.files matches, and every site.yaml setting sales.Load reads
// (sales, metrics and analysis, with their positions, which warnings
// quote). A database's rows change without a file changing, so for a
// database source the key is its settings and the number of Refresh
// calls. A load that fails is not kept. While the key holds, the groups
// are used as they are when the plans and the Markdown's blocks need the
// same groups (analysis.Need; sales.Data.Serves), and otherwise the rows
// a file's read kept are grouped again (sales.Data.Regroup), without
// reading the files; a database is asked again. A strategy's results
// are filed under the data's key, and its grouping too unless every
// figure is the exact sum of its rows however they are grouped
// (sales.Data.Exact).
//
// Pieces a successful build did not use are dropped, so a Cache holds one
// site's pieces and one copy of its data. Stages stay functions of their
// inputs: a site built with a Cache is byte for byte the site built
// without one (cache_test.go). The zero value is ready to use; builds
// that share a Cache take turns.
type Cache struct {
	build sync.Mutex // held for a whole build

	mu         sync.Mutex // guards what follows, for render's workers
	last, next map[string]any
	inputs     map[string]string // by strategy ID, the digest of its results' inputs (render.Input.Inputs)
	fileKey    string            // the key of the files and settings the data was read from
	data       *sales.Data
	reads      int
	regroups   int
	refreshes  int
}

// Refresh makes the next build read the sales data again even though its
// key is unchanged, for a database whose rows have changed.
func (c *Cache) Refresh() {
	c.mu.Lock()
	c.refreshes++
	c.mu.Unlock()
}

// keepRows is how many bytes the rows of the sales files may take in a
// Cache (sales.Options.Keep): 44 to 48 a row on the generated sites, so
// some 22 million rows.
const keepRows = 1 << 30

// Regroups is how many times the sales data was grouped again from the
// rows a Cache keeps, rather than read from the files (sales.Data.Regroup).
func (c *Cache) Regroups() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.regroups
}

// Reads is how many times the sales data was read from the files, rather
// than reused.
func (c *Cache) Reads() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reads
}

// begin starts a build.
func (c *Cache) begin() { c.build.Lock() }

// end ends a build: after one that succeeded, only the pieces it used are
// kept; after one that failed, every piece.
func (c *Cache) end(ok bool) {
	c.mu.Lock()
	if ok || c.last == nil {
		c.last = c.next
	} else {
		for k, v := range c.next {
			c.last[k] = v
		}
	}
	c.next = nil
	c.mu.Unlock()
	c.build.Unlock()
}

// Piece returns the piece kept under key, and keeps it for the next build.
func (c *Cache) Piece(key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.next[key]
	if !ok {
		v, ok = c.last[key]
	}
	if ok {
		c.keep(key, v)
	}
	return v, ok
}

// Keep keeps v under key.
func (c *Cache) Keep(key string, v any) {
	c.mu.Lock()
	c.keep(key, v)
	c.mu.Unlock()
}

func (c *Cache) keep(key string, v any) {
	if c.next == nil {
		c.next = map[string]any{}
	}
	c.next[key] = v
}

// parse is plan.Parse, reusing the plan parsed from the same file.
func (c *Cache) parse(file string, src []byte, fiscalYearStart int, errs *diag.List) *plan.Plan {
	key := digest.Of("plan", file, src, fiscalYearStart)
	if p, ok := c.Piece(key); ok {
		return p.(*plan.Plan)
	}
	// Parse gives nil on any problem, so only clean plans are kept.
	p := plan.Parse(file, src, fiscalYearStart, errs)
	if p != nil {
		c.Keep(key, p)
	}
	return p
}

// analyse is analysis.Run, reusing the results of the strategies
// analysed before from the same inputs: a strategy's results are a
// function of its own definition, site.yaml's settings and the sales data
// (its plan's other strategies do not count), and its pages show its
// plan's ID and title too. An edit of one strategy analyses that one.
func (c *Cache) analyse(cfg *config.Site, plans []*plan.Plan, data *sales.Data, asks *analysis.Asks, hist *history.History) (*analysis.Site, []*diag.Error, error) {
	c.inputs = nil
	dataKey := c.dataKey()
	if dataKey == "" {
		// The data has no key (its files could not be listed): nothing
		// computed from it can be filed.
		return analysis.Run(cfg, plans, data, asks, hist)
	}
	settings := digest.Of(cfg)
	inputs := map[string]string{}
	kept := map[string]*analysis.Strategy{}
	var fresh []*plan.Plan // the plans, with only the strategies to analyse
	for _, p := range plans {
		var todo []*plan.Strategy
		for _, s := range p.Strategies {
			key := digest.Of("inputs", s, p.ID, p.Title, p.File, p.Pos, settings, asks.MetricsFor(s.ID), dataKey, hist.Strategy(s.ID))
			inputs[s.ID] = key
			if v, ok := c.Piece("results " + key); ok {
				kept[s.ID] = v.(*analysis.Strategy)
			} else {
				todo = append(todo, s)
			}
		}
		if len(todo) > 0 {
			part := *p
			part.Strategies = todo
			fresh = append(fresh, &part)
		}
	}
	res, _, err := analysis.Run(cfg, fresh, data, asks, hist)
	if err != nil {
		// Problems come out as a build without the cache gives them.
		return analysis.Run(cfg, plans, data, asks, hist)
	}
	for _, r := range res.Strategies {
		kept[r.Strategy.ID] = r
		c.Keep("results "+inputs[r.Strategy.ID], r)
	}
	// The results in plan order, each pointing at the plan as it is now,
	// with their warnings dropped where another strategy gave them, as a
	// run over every plan gives them.
	var warnings []*diag.Error
	res.Plans, res.Strategies = nil, nil
	for _, p := range plans {
		ap := &analysis.Plan{Plan: p}
		before := len(warnings)
		for _, s := range p.Strategies {
			r := *kept[s.ID]
			r.Plan = p
			ap.Strategies = append(ap.Strategies, &r)
			for _, w := range r.Warnings {
				warnings = analysis.AddWarning(warnings, w)
			}
		}
		ap.Warnings = slices.Clip(warnings[before:])
		res.Plans = append(res.Plans, ap)
		res.Strategies = append(res.Strategies, ap.Strategies...)
	}
	c.inputs = inputs
	return res, warnings, nil
}

// load returns the cached data when its key still holds, else reads it.
func (c *Cache) load(ctx context.Context, dir string, fsys fs.FS, cfg *config.Site, opt sales.Options) (*sales.Data, error) {
	key, ok := salesKey(fsys, cfg)
	c.mu.Lock()
	defer c.mu.Unlock()
	key = fmt.Sprintf("refreshed %d times\n%s", c.refreshes, key)
	if ok && c.data != nil && c.fileKey == key {
		if c.data.Serves(opt.Need) {
			if c.data.Received.Source != "" {
				// The same groups, reported as not asked for again.
				d := *c.data
				d.Received.Kept = true
				return &d, nil
			}
			return c.data, nil
		}
		// The groups of the last load can go while the rows are grouped
		// again: a failed regroup reads the files, as for a key that no
		// longer holds.
		old := c.data
		c.data = nil
		if d, ok := old.Regroup(opt.Need); ok {
			c.regroups++
			c.data = d
			return d, nil
		}
	}
	c.reads++
	c.fileKey, c.data = "", nil
	opt.Keep = keepRows
	d, err := readSales(ctx, dir, fsys, cfg, opt)
	if err == nil && ok {
		c.fileKey, c.data = key, d
	}
	return d, err
}

// dataKey is the key of the data kept, under which strategy results are
// filed: the files' and settings' key, and the grouping unless the
// data's figures are exact (sums of the same rows grouped otherwise
// would differ in their last digits); "" when no data is kept.
func (c *Cache) dataKey() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.data == nil:
		return ""
	case c.data.Exact:
		return c.fileKey
	}
	return c.fileKey + "\n" + c.data.Grouping()
}

// salesKey describes everything sales.Load depends on. ok is false when
// the files cannot be listed, so nothing is cached and the load reports
// the problem.
func salesKey(fsys fs.FS, cfg *config.Site) (key string, ok bool) {
	var b strings.Builder
	// %v prints maps in sorted key order, so the key is stable.
	fmt.Fprintf(&b, "%q\n%v\n", cfg.File, cfg.Sales)
	for _, m := range cfg.Metrics {
		expr := ""
		if m.Expr != nil {
			expr = m.Expr.String()
		}
		fmt.Fprintf(&b, "metric %q %v %q %q %q %v\n", m.Name, m.Kind, expr, m.Ratio, m.Format, m.Pos)
	}
	// The volume of the price-volume-mix may be a column of its own, and
	// the load checks both names against the data.
	fmt.Fprintf(&b, "analysis %+v\n", cfg.Analysis)
	if cfg.Sales.Source != "csv" {
		// A database's rows change without salesdeck seeing it: they
		// are read again when site.yaml's sales settings change, or
		// when the caller says (Cache.Refresh).
		return b.String(), true
	}
	for _, g := range cfg.Sales.Files {
		files, err := fs.Glob(fsys, path.Clean(g))
		if err != nil {
			return "", false
		}
		for _, f := range files {
			st, err := fs.Stat(fsys, f)
			if err != nil {
				return "", false
			}
			fmt.Fprintf(&b, "file %q %d %d\n", f, st.Size(), st.ModTime().UnixNano())
		}
	}
	return b.String(), true
}
