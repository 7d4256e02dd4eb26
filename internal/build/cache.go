package build

import (
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"

	"salesdeck/internal/analysis"
	"salesdeck/internal/config"
	"salesdeck/internal/plan"
	"salesdeck/internal/render"
	"salesdeck/internal/sales"
)

// Cache keeps what builds of a site read and computed, for a process that
// builds the same site again and again (salesdeck serve), so that a
// rebuild after an edit redoes only what the edit touched:
//
//   - The sales data. Reading the CSV is by far the slowest stage, and an
//     edit to a plan, a page or a template does not change it. It is
//     reused while its key is unchanged (the path, size and modification
//     time of every file that sales.files matches, and every site.yaml
//     setting sales.Load reads: sales and metrics, with their positions,
//     which warnings quote) and the groups it keeps cover what the plans
//     now need (sales.Data.Serves): a new scope dimension, period or
//     as_of needs other groups. A load that fails is not kept.
//   - The plans of files whose bytes are unchanged (plan.Cache).
//   - The results of strategies whose plan, site.yaml and data are
//     unchanged (analysis.Memo).
//   - The pages and handout sheets of those strategies, while everything
//     else they show is unchanged too (render.Memo).
//
// Each stage decides for itself what it may reuse, and a site built with
// a Cache is byte for byte the site built without one (cache_test.go).
// The zero value is ready to use; it is safe for concurrent use.
type Cache struct {
	mu    sync.Mutex
	key   string
	data  *sales.Data
	reads int

	plans    plan.Cache
	analysis analysis.Memo
	render   render.Memo
}

// Reads is how many times the sales data was read from the files, rather
// than reused.
func (c *Cache) Reads() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reads
}

// load returns the cached data when its key still holds, else reads it.
func (c *Cache) load(fsys fs.FS, cfg *config.Site, opt sales.Options) (*sales.Data, error) {
	key, ok := salesKey(fsys, cfg)
	c.mu.Lock()
	defer c.mu.Unlock()
	if ok && c.data != nil && key == c.key && c.data.Serves(opt.Need) {
		return c.data, nil
	}
	c.reads++
	c.key, c.data = "", nil
	d, err := sales.Load(fsys, cfg, opt)
	if err == nil && ok {
		c.key, c.data = key, d
	}
	return d, err
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
