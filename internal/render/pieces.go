package render

import (
	"runtime"
	"sync"

	"salesdeck/internal/analysis"
	"salesdeck/internal/load/plan"
	"salesdeck/internal/support/digest"
)

// Pieces keeps the costly pieces of a render for later renders of the
// same site (salesdeck serve): each strategy's page, the view it is made
// from (its figures formatted, its charts built), its sheet of the
// handout and its part of strategies.json. A piece is kept under the
// digest of everything it is made from, and an earlier one is reused when
// that digest is unchanged: the strategy's results (or, given
// Input.Inputs, what they were computed from) and its plan's ID and
// title, site.yaml, the results' as-of date, currency and metrics, the
// templates as read for the render, the style sheets and salesdeck's
// version; for a page, the menu too; for a sheet, its number. A piece that drew a fenced block of Markdown,
// which may show any strategy, is not kept. build.Cache is the Pieces
// salesdeck uses.
type Pieces interface {
	// Piece returns the piece kept under key. A piece that a render does
	// not ask for may be dropped after it.
	Piece(key string) (any, bool)
	// Keep keeps v under key.
	Keep(key string, v any)
}

// pieceKeys are the digests a render files its pieces under.
type pieceKeys struct {
	site     string            // what every piece shows besides its strategy
	nav      string            // the menu
	strategy map[string]string // by strategy ID: its results and plan
}

// newKeys computes the digests of r's inputs, the strategies' on every
// core; nil when r keeps no pieces.
func newKeys(r *renderer) *pieceKeys {
	if r.in.Pieces == nil {
		return nil
	}
	res := r.in.Result
	k := &pieceKeys{
		site:     digest.Of(r.site, res.AsOf, res.Currency, res.Metrics, r.in.Version, r.in.Styles, r.srcs.text),
		nav:      digest.Of(r.nav("", "")),
		strategy: make(map[string]string, len(res.Strategies)),
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	n := runtime.GOMAXPROCS(0)
	for w := range n {
		wg.Go(func() {
			for i := w; i < len(res.Strategies); i += n {
				s := res.Strategies[i]
				d, ok := r.in.Inputs[s.Strategy.ID]
				if !ok {
					d = strategyDigest(s)
				}
				mu.Lock()
				k.strategy[s.Strategy.ID] = d
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return k
}

// strategyDigest is the digest of s's results and of what its pieces
// show of its plan; the plan's other strategies do not count.
func strategyDigest(s *analysis.Strategy) string {
	c := *s
	if p := s.Plan; p != nil {
		c.Plan = &plan.Plan{ID: p.ID, Title: p.Title, File: p.File, Pos: p.Pos}
	}
	return digest.Of(c)
}

// navDigest is the digest of the menu; "" without keys.
func (k *pieceKeys) navDigest() string {
	if k == nil {
		return ""
	}
	return k.nav
}

// piece returns the piece of kind for strategy s (and the parts given) of
// an earlier render, and the key to keep this render's under; "" when r
// keeps no pieces.
func (r *renderer) piece(kind string, s *analysis.Strategy, parts ...any) (any, string) {
	if r.keys == nil {
		return nil, ""
	}
	key := digest.Of(kind, r.keys.site, r.keys.strategy[s.Strategy.ID], parts)
	v, _ := r.in.Pieces.Piece(key)
	return v, key
}

// keep keeps v under key, unless it drew a fenced block (which may show
// any strategy) or warned (a kept piece would not warn again).
func (r *renderer) keep(key string, v any) {
	if key != "" && !r.drewBlock && !r.warned {
		r.in.Pieces.Keep(key, v)
	}
}
