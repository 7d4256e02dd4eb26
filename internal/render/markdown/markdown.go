// Package markdown renders the Markdown of content pages, plan summaries
// and strategy notes to HTML: CommonMark with GitHub tables,
// strikethrough, task lists and autolinks, plus footnotes, typographic
// quotes and dashes, and heading IDs.
//
// Unless the site opts in to unsafe Markdown, raw HTML is shown as the text
// it was typed as, escaped, rather than dropped: "Hi <b>x</b>" reads
// "Hi <b>x</b>" and a "<NDA>" placeholder stays visible. Inline HTML is
// escaped in place; an HTML block (a line starting with "<div>", a
// "<script>" element, an HTML comment) becomes a paragraph of its escaped
// lines, its line breaks kept. Links or images to javascript:, vbscript:,
// file: and non-image data: URLs get an empty address, so text from a plan
// file can never run in a reader's browser. Images from other hosts are
// left out, their text kept, unless allowed (images.go). The {#id .class} attribute
// syntax is only honoured in unsafe mode too, because it would let a
// heading carry a style attribute. In unsafe mode raw HTML is passed
// through as written.
//
// Fenced code blocks are the extension point for live figures (docs/pages.md):
// WithFence registers a function for one info string ("chart", "kpi",
// "table"), and the block is replaced by what it returns. This package
// knows nothing of what those blocks mean, of sites, files or templates.
package markdown

import (
	"bytes"
	"fmt"
	"html/template"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Fence is one fenced code block handed to a FenceFunc.
type Fence struct {
	Lang string // the first word of the info string, e.g. "chart"
	Info string // the whole info string
	Body []byte // the block's content, newline-terminated lines
	Line int    // line of the opening fence in the source, from 1
	// Col is the column of the opening fence's first character, from 1.
	// Goldmark strips that much indentation (a list item's, say) from the
	// block's lines, so it is where they start in the source.
	Col int
}

// FenceFunc renders a fenced block. What it returns is trusted HTML: it
// must escape anything taken from the block. An error fails Render and is
// reported with the block's line (see FenceError).
type FenceFunc func(Fence) (template.HTML, error)

// FenceError is a fenced block's error with the block's line in the
// Markdown source; callers add the file name.
type FenceError struct {
	Line int
	Lang string
	Err  error
}

func (e *FenceError) Error() string {
	return fmt.Sprintf("line %d: %s block: %v", e.Line, e.Lang, e.Err)
}

func (e *FenceError) Unwrap() error { return e.Err }

// Option configures a Renderer.
type Option func(*Renderer)

// WithFence makes fenced blocks whose info string starts with lang render
// through fn instead of as code.
func WithFence(lang string, fn FenceFunc) Option {
	return func(r *Renderer) { r.fences[lang] = fn }
}

// Renderer converts Markdown to HTML. It is safe for concurrent use once
// built.
type Renderer struct {
	md      goldmark.Markdown
	fences  map[string]FenceFunc
	images  images        // see images.go
	maxTime time.Duration // MaxParseTime but in tests
	noGuard bool          // in tests: goldmark as it comes, to compare with
}

// New returns a Renderer. unsafe lets raw HTML and attribute syntax
// through, as site.yaml's markdown.unsafe asks.
func New(unsafe bool, opts ...Option) *Renderer {
	r := &Renderer{fences: map[string]FenceFunc{}, maxTime: MaxParseTime}
	for _, o := range opts {
		o(r)
	}
	var htmlOpts []renderer.Option
	parserOpts := []parser.Option{parser.WithAutoHeadingID(),
		parser.WithASTTransformers(util.Prioritized(imageFilter{&r.images}, 100), util.Prioritized(mover{}, 200))}
	if !r.noGuard {
		// Before every other inline parser (the task list's is 0).
		parserOpts = append(parserOpts, parser.WithInlineParsers(util.Prioritized(guardParser{}, -1000)))
	}
	if unsafe {
		htmlOpts = append(htmlOpts, html.WithUnsafe())
		parserOpts = append(parserOpts, parser.WithAttribute())
	}
	fences := &fenceRenderer{fences: r.fences, stock: stockFencedCode(unsafe)}
	// Lower priority values win; the stock HTML renderer is 1000.
	nodeRenderers := []util.PrioritizedValue{util.Prioritized(fences, 100)}
	if !unsafe {
		nodeRenderers = append(nodeRenderers, util.Prioritized(rawRenderer{}, 100))
	}
	r.md = goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.NewFootnote(extension.WithFootnoteIDPrefixFunction(footnotePrefix)), extension.Typographer),
		goldmark.WithParserOptions(parserOpts...),
		goldmark.WithRendererOptions(append(htmlOpts, renderer.WithNodeRenderers(nodeRenderers...))...),
	)
	return r
}

// Render converts src, a page's Markdown, to HTML. Its errors are a
// *LimitError for a source over salesdeck's limits (MaxPageBytes, the
// counts of limits.go, MaxParseTime) and a *FenceError from a fence
// function.
func (r *Renderer) Render(src string) (template.HTML, error) { return r.render(src, MaxPageBytes, nil) }

// RenderValue converts src, Markdown held in a YAML value (a plan's
// summary, a strategy's notes), to HTML, as Render does but within
// MaxValueBytes.
func (r *Renderer) RenderValue(src string) (template.HTML, error) {
	return r.render(src, MaxValueBytes, nil)
}

func (r *Renderer) render(src string, maxBytes int, moved *Moved) (template.HTML, error) {
	b := []byte(src)
	doc, err := r.parse(b, maxBytes, moved)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := r.md.Renderer().Render(&buf, b, doc); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

// parse parses src within salesdeck's limits (see Render).
func (r *Renderer) parse(src []byte, maxBytes int, moved *Moved) (_ ast.Node, err error) {
	if err := check(string(src), maxBytes); err != nil {
		return nil, err
	}
	g := &guard{deadline: time.Now().Add(r.maxTime), src: src}
	pc := newContext(moved)
	pc.Set(guardKey, g)
	defer func() {
		switch p := recover().(type) {
		case nil:
		case overtime:
			err = g.err(p.offset, r.maxTime)
		default:
			panic(p)
		}
	}()
	return r.md.Parser().Parse(&guardReader{Reader: text.NewReader(src), g: g}, parser.WithContext(pc)), nil
}

// Fences returns the fenced blocks of src whose info string starts with
// lang, as Render would hand them to a FenceFunc, without rendering
// anything: for a caller that must know what the blocks ask for before
// it can render them. Markdown that Render would refuse (over a limit)
// has none: Render reports it.
func (r *Renderer) Fences(src, lang string) []Fence {
	b := []byte(src)
	doc, err := r.parse(b, MaxPageBytes, nil)
	if err != nil {
		return nil
	}
	var out []Fence
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if block, ok := n.(*ast.FencedCodeBlock); ok && entering && string(block.Language(b)) == lang {
			out = append(out, fenceOf(block, lang, b))
		}
		return ast.WalkContinue, nil
	})
	return out
}

// fenceOf is block, of language lang, in src.
func fenceOf(block *ast.FencedCodeBlock, lang string, src []byte) Fence {
	fence := Fence{Lang: lang, Info: string(block.Info.Segment.Value(src)), Line: fenceLine(block, src), Col: fenceCol(block, src)}
	lines := block.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		fence.Body = append(fence.Body, seg.Value(src)...)
	}
	return fence
}

// fenceRenderer sends registered fenced blocks to their FenceFunc and every
// other fenced block to goldmark's own code block rendering.
type fenceRenderer struct {
	fences map[string]FenceFunc
	stock  renderer.NodeRendererFunc
}

func (f *fenceRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, f.render)
}

func (f *fenceRenderer) render(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	block := n.(*ast.FencedCodeBlock)
	lang := string(block.Language(src))
	fn, ok := f.fences[lang]
	if !ok {
		return f.stock(w, src, n, entering)
	}
	if !entering {
		return ast.WalkContinue, nil
	}
	fence := fenceOf(block, lang, src)
	out, err := fn(fence)
	if err != nil {
		return ast.WalkStop, &FenceError{Line: fence.Line, Lang: lang, Err: err}
	}
	_, _ = w.WriteString(string(out))
	return ast.WalkSkipChildren, nil
}

// rawRenderer shows raw HTML as escaped text, for safe mode (see the
// package comment).
type rawRenderer struct{}

func (rawRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, renderRawHTML)
	reg.Register(ast.KindHTMLBlock, renderHTMLBlock)
}

// renderRawHTML writes inline HTML such as "<b>" or "<!-- x -->" escaped.
// Its segments are consecutive in the source, line ends included.
func renderRawHTML(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	segs := n.(*ast.RawHTML).Segments
	for i := 0; i < segs.Len(); i++ {
		seg := segs.At(i)
		_, _ = w.Write(util.EscapeHTML(seg.Value(src)))
	}
	return ast.WalkSkipChildren, nil
}

// renderHTMLBlock writes an HTML block as a paragraph of its escaped lines,
// the closing line ("</script>", "-->") included, separated by <br>.
func renderHTMLBlock(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	block := n.(*ast.HTMLBlock)
	var lines [][]byte
	for i := 0; i < block.Lines().Len(); i++ {
		seg := block.Lines().At(i)
		lines = append(lines, seg.Value(src))
	}
	if block.HasClosure() {
		lines = append(lines, block.ClosureLine.Value(src))
	}
	_, _ = w.WriteString("<p>")
	for i, line := range lines {
		if i > 0 {
			_, _ = w.WriteString("<br>\n")
		}
		_, _ = w.Write(util.EscapeHTML(bytes.TrimRight(line, " \t\r\n")))
	}
	_, _ = w.WriteString("</p>\n")
	return ast.WalkContinue, nil
}

// fenceLine counts the lines before the info string, which sits on the
// opening fence's line even when the block is empty.
func fenceLine(block *ast.FencedCodeBlock, src []byte) int {
	return bytes.Count(src[:block.Info.Segment.Start], []byte("\n")) + 1
}

// fenceCol finds the opening fence's column: what precedes the info
// string on its line, less the fence characters and the blanks after them.
func fenceCol(block *ast.FencedCodeBlock, src []byte) int {
	start := block.Info.Segment.Start
	prefix := src[bytes.LastIndexByte(src[:start], '\n')+1 : start]
	prefix = bytes.TrimRight(prefix, " \t")
	prefix = bytes.TrimRight(prefix, "`~")
	return len(prefix) + 1
}

// stockFencedCode returns goldmark's own renderer for fenced code blocks,
// with the same safety setting as the rest of the document.
func stockFencedCode(unsafe bool) renderer.NodeRendererFunc {
	var opts []html.Option
	if unsafe {
		opts = append(opts, html.WithUnsafe())
	}
	var got renderer.NodeRendererFunc
	html.NewRenderer(opts...).RegisterFuncs(registerFunc(func(k ast.NodeKind, fn renderer.NodeRendererFunc) {
		if k == ast.KindFencedCodeBlock {
			got = fn
		}
	}))
	return got
}

type registerFunc func(ast.NodeKind, renderer.NodeRendererFunc)

func (f registerFunc) Register(k ast.NodeKind, fn renderer.NodeRendererFunc) { f(k, fn) }
