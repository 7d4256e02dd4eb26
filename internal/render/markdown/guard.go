package markdown

import (
	"bytes"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// MaxParseTime bounds goldmark's parse of one source. check keeps known
// slow inputs out; this catches any that it does not know, so that a
// build (and serve) always moves on. A page within the limits parses in
// milliseconds: the bound is far above that, so that a busy machine never
// fails a good page.
const MaxParseTime = 10 * time.Second

// goldmark cannot be cancelled. The guard watches its progress from the
// inside instead, as a reader of the block parser and as an inline parser
// that runs first at every character that starts inline syntax, and
// panics with overtime once the deadline has passed; Render recovers it.
// Between two of its looks goldmark does at most one scan of a paragraph.
type guard struct {
	deadline time.Time
	n        int
	src      []byte
}

// overtime is the guard's panic: where goldmark was when time ran out.
type overtime struct{ offset int }

// every is how many looks pass between two readings of the clock.
const every = 64

func (g *guard) look(offset int) {
	g.n++
	if g.n%every == 0 && time.Now().After(g.deadline) {
		panic(overtime{offset})
	}
}

// err turns an overtime at offset into a LimitError at its line and column.
func (g *guard) err(offset int, limit time.Duration) error {
	offset = min(max(offset, 0), len(g.src))
	start := bytes.LastIndexByte(g.src[:offset], '\n') + 1
	return &LimitError{
		Line: bytes.Count(g.src[:offset], []byte("\n")) + 1,
		Col:  utf8.RuneCount(g.src[start:offset]) + 1,
		Msg:  fmt.Sprintf("Markdown took longer than %v to read, around here; simplify or split this part", limit),
	}
}

var guardKey = parser.NewContextKey()

// guardReader is the block parser's reader, looked through at every step.
type guardReader struct {
	text.Reader
	g *guard
}

func (r *guardReader) Advance(n int) {
	r.look()
	r.Reader.Advance(n)
}

func (r *guardReader) AdvanceLine() {
	r.look()
	r.Reader.AdvanceLine()
}

func (r *guardReader) look() {
	_, seg := r.Reader.Position()
	r.g.look(seg.Start)
}

// guardParser is the inline side: it never parses anything.
type guardParser struct{}

// guardTriggers are every character at which goldmark's inline parsers
// (CommonMark, GFM, footnotes, typographer) start, but the space: a
// trigger no parser had would change how goldmark splits text.
var guardTriggers = []byte("[]!`*_~<>'\"-.,(")

func (guardParser) Trigger() []byte { return guardTriggers }

func (guardParser) Parse(_ ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if g, ok := pc.Get(guardKey).(*guard); ok {
		_, seg := block.Position()
		g.look(seg.Start)
	}
	return nil
}
