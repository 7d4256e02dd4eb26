package markdown

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// DroppedImage is an image from another host that Render left out.
type DroppedImage struct {
	Line, Col int    // of its "![" in the source, from 1; Col counts characters
	Dest      string // its address, as the page would have given it to a browser
	Alt       string // its text, which is shown in its place
}

// images says what Render does with images from other hosts.
type images struct {
	allow   bool
	dropped func(DroppedImage)
}

// AllowExternalImages lets images from other hosts through, as site.yaml's
// markdown.external_images asks.
func AllowExternalImages() Option { return func(r *Renderer) { r.images.allow = true } }

// OnDroppedImage has Render call fn for each image from another host it
// leaves out, in source order, before it returns.
func OnDroppedImage(fn func(DroppedImage)) Option {
	return func(r *Renderer) { r.images.dropped = fn }
}

// imageFilter replaces every image from another host with its text.
//
// Such an image is fetched by every reader's browser, and by Chromium
// when salesdeck pdf prints the handout: a plan author could learn who
// reads the site and when, and the site would depend on another host,
// which the site promises it does not (docs/commands.md, What gets built).
// Links to other hosts are followed only when a reader clicks, so they
// stay. See docs/security.md.
type imageFilter struct{ images *images }

func (f imageFilter) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	if f.images.allow {
		return
	}
	src := reader.Source()
	var found []*ast.Image
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && entering && external(img.Destination) {
			found = append(found, img)
		}
		return ast.WalkContinue, nil
	})
	for _, img := range found {
		if f.images.dropped != nil {
			line, col := position(src, img)
			f.images.dropped(DroppedImage{Line: line, Col: col, Dest: string(util.URLEscape(img.Destination, true)), Alt: plainText(img, src)})
		}
		parent := img.Parent()
		for c := img.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, img, c)
			c = next
		}
		parent.RemoveChild(parent, img)
	}
}

var scheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

// external reports whether a browser would fetch dest from a host: it
// starts with "//", or with a scheme other than data:. It is judged as the
// renderer writes it (entities resolved, spaces and backslashes
// percent-encoded, so that they make a relative path). Addresses the
// renderer empties anyway (javascript:, file:, ...) are left to it.
func external(dest []byte) bool {
	u := util.URLEscape(dest, true)
	if html.IsDangerousURL(u) {
		return false
	}
	if bytes.HasPrefix(u, []byte("//")) {
		return true
	}
	m := scheme.Find(u)
	return m != nil && !strings.EqualFold(string(m), "data:")
}

// position finds the line and column of img's "![".
func position(src []byte, img *ast.Image) (line, col int) {
	at := img.Pos()
	if at < 0 || at > len(src) {
		return 0, 0
	}
	start := bytes.LastIndexByte(src[:at], '\n') + 1
	return bytes.Count(src[:at], []byte("\n")) + 1, utf8.RuneCount(src[start:at]) + 1
}

// plainText is the text of n's children, without their markup.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}
