package render

import (
	"html/template"
	"reflect"
	"sync"

	"salesdeck/internal/analysis"
	"salesdeck/internal/civil"
	"salesdeck/internal/config"
)

// Memo keeps a site's strategy pages and handout sheets between renders,
// for a process that renders the same site again after every edit
// (salesdeck serve), where rendering every page took three times as long
// as everything else a rebuild does. A piece is rendered again only when
// the strategy's results or what frames them changed:
//
//   - Results are recognised by identity: analysis.Memo hands out the
//     very *analysis.Strategy again while its plan, site.yaml and the
//     sales data are unchanged, and those are all a result depends on.
//   - Everything else such a page shows is compared whole with the last
//     render's: site.yaml, the as-of date, the templates (as read for
//     this render: a file saved while the site renders cannot leave
//     pieces of one version filed under the other), style sheets and
//     salesdeck's version. Any change there renders every
//     piece again. The menu of plans and pages is on every page but not
//     on a sheet: when it changes, every page is rendered again.
//   - A piece whose Markdown drew a fenced block (a chart, KPI or table
//     of any strategy) is never kept.
//
// A piece comes out byte for byte as rendering it again would give
// (memo_test.go). Only the pieces of the last render are kept. The zero
// value is ready to use; renders that share a Memo take turns.
type Memo struct {
	mu    sync.Mutex // held for a whole render
	frame *memoFrame
	nav   []NavItem
	last  memoPieces // read-only while rendering

	nextMu sync.Mutex
	next   memoPieces
}

type memoPieces struct {
	pages  map[*analysis.Strategy][]byte // strategies/<id>.html; they go when the menu changes
	sheets map[sheetKey]template.HTML    // the strategy's sheet of handout.html
}

// A sheet's chart IDs and section number come from its place in the
// handout.
type sheetKey struct {
	s  *analysis.Strategy
	no string
}

// memoFrame is what a strategy's page and sheet show besides its results.
type memoFrame struct {
	site      *config.Site
	styles    []string
	version   string
	asOf      civil.Date
	currency  string
	metrics   []analysis.Metric
	templates map[string]string
}

// begin starts a render with r's frame, dropping every piece if the frame
// changed. The caller holds m.mu.
func (m *Memo) begin(r *renderer) {
	f := &memoFrame{
		site: r.site, styles: r.in.Styles, version: r.in.Version,
		asOf: r.in.Result.AsOf, currency: r.in.Result.Currency, metrics: r.in.Result.Metrics,
		templates: r.srcs.text,
	}
	nav := r.nav("", "")
	if !reflect.DeepEqual(m.frame, f) {
		m.last = memoPieces{}
	}
	if !reflect.DeepEqual(m.nav, nav) {
		m.last.pages = nil
	}
	m.frame, m.nav = f, nav
	m.next = memoPieces{pages: map[*analysis.Strategy][]byte{}, sheets: map[sheetKey]template.HTML{}}
}

// end makes the pieces of this render the ones kept.
func (m *Memo) end() { m.last, m.next = m.next, memoPieces{} }

// page returns the kept page of s, for the next render too.
func (m *Memo) page(s *analysis.Strategy) ([]byte, bool) {
	if m == nil {
		return nil, false
	}
	return reuse(m, m.last.pages, m.next.pages, s)
}

func (m *Memo) keepPage(s *analysis.Strategy, b []byte) {
	if m != nil {
		keep(m, m.next.pages, s, b)
	}
}

// sheet returns the kept handout sheet of s numbered no.
func (m *Memo) sheet(s *analysis.Strategy, no string) (template.HTML, bool) {
	if m == nil {
		return "", false
	}
	return reuse(m, m.last.sheets, m.next.sheets, sheetKey{s, no})
}

func (m *Memo) keepSheet(s *analysis.Strategy, no string, b template.HTML) {
	if m != nil {
		keep(m, m.next.sheets, sheetKey{s, no}, b)
	}
}

// reuse returns last[k], if any, keeping it in next for the render after
// this one. last is only read while rendering; next is shared by the
// workers.
func reuse[K comparable, V any](m *Memo, last, next map[K]V, k K) (V, bool) {
	v, ok := last[k]
	if ok {
		keep(m, next, k, v)
	}
	return v, ok
}

func keep[K comparable, V any](m *Memo, next map[K]V, k K, v V) {
	m.nextMu.Lock()
	next[k] = v
	m.nextMu.Unlock()
}
