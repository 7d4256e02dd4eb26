package markdown

import (
	"bytes"
	"html/template"
	"path"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Moved says that Markdown written for one page is shown in another at
// the top of the site (the board handout prints pages): Dir is the folder
// of the page it was written for, relative to the top ("" or "guides"),
// and IDs a prefix for the ids of its headings and footnotes, unique in
// the page it is shown in.
type Moved struct {
	Dir string
	IDs string
}

// RenderMoved converts src, a page's Markdown, to HTML for another page,
// as m says: relative links and images are rewritten to reach the same
// files from the top of the site ("../assets/c.png" from guides/ becomes
// "assets/c.png"), and heading and footnote ids, and links to them within
// the page ("#next-steps"), take the prefix m.IDs so that two pages shown
// together keep theirs apart. Raw HTML that unsafe mode passes through is
// left as written.
func (r *Renderer) RenderMoved(src string, m Moved) (template.HTML, error) {
	return r.render(src, MaxPageBytes, &m)
}

var movedKey = parser.NewContextKey()

// movedOf returns what the document being parsed was rendered with; nil
// when it is shown in its own page.
func movedOf(pc parser.Context) *Moved {
	m, _ := pc.Get(movedKey).(*Moved)
	return m
}

// newContext returns the parser context of a render: with ids that take
// m's prefix when the Markdown is moved.
func newContext(m *Moved) parser.Context {
	if m == nil {
		return parser.NewContext()
	}
	var opts []parser.ContextOption
	if m.IDs != "" {
		opts = append(opts, parser.WithIDs(prefixedIDs{ids: parser.NewContext().IDs(), prefix: []byte(m.IDs)}))
	}
	pc := parser.NewContext(opts...)
	pc.Set(movedKey, m)
	return pc
}

// prefixedIDs are goldmark's heading ids with a prefix.
type prefixedIDs struct {
	ids    parser.IDs
	prefix []byte
}

func (p prefixedIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	return append(bytes.Clone(p.prefix), p.ids.Generate(value, kind)...)
}

func (p prefixedIDs) Put(value []byte) { p.ids.Put(value) }

// footnotePrefix is the prefix of footnote ids in the document of n.
func footnotePrefix(n ast.Node) []byte {
	if d := n.OwnerDocument(); d != nil {
		if v, ok := d.AttributeString(idsAttr); ok {
			if b, ok := v.([]byte); ok {
				return b
			}
		}
	}
	return nil
}

// idsAttr is the document's attribute holding Moved.IDs, for footnotes,
// whose renderer sees the document but not the parser's context.
const idsAttr = "salesdeck-ids"

// mover rewrites the links and images of moved Markdown (see RenderMoved).
type mover struct{}

func (mover) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	m := movedOf(pc)
	if m == nil {
		return
	}
	if m.IDs != "" {
		doc.SetAttributeString(idsAttr, []byte(m.IDs))
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			n.Destination = m.move(n.Destination)
		case *ast.Image:
			n.Destination = m.move(n.Destination)
		}
		return ast.WalkContinue, nil
	})
}

// move returns dest as it reads from the top of the site.
func (m *Moved) move(dest []byte) []byte {
	u := util.URLEscape(dest, true)
	switch {
	case len(u) == 0 || html.IsDangerousURL(u) || scheme.Match(u) || bytes.HasPrefix(u, []byte("/")):
		return dest // emptied by the renderer, another host, or the site's own root
	case u[0] == '#':
		return append([]byte("#"+m.IDs), u[1:]...)
	case m.Dir == "":
		return dest
	}
	s := string(u)
	rest := ""
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s, rest = s[:i], s[i:]
	}
	moved := path.Join(m.Dir, s)
	if strings.HasSuffix(s, "/") {
		moved += "/"
	}
	return []byte(moved + rest)
}
