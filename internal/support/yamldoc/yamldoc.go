// Package yamldoc reads YAML documents strictly and keeps positions: every
// key must be known, every value of the expected type, and every problem is
// a diag.Error at the line and column of the offending node. It is shared
// by the site.yaml and plan loaders and knows nothing of what the keys mean.
package yamldoc

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"io/fs"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"salesdeck/internal/support/diag"
)

// MaxSize bounds a YAML file: plans are hand-written, so anything larger is
// a mistake (or an attack) and is refused before decoding.
const MaxSize = 4 << 20

// MaxExpanded bounds a document with its aliases expanded, counted as the
// bytes of its text plus one per value. A few lines of anchors and aliases
// can stand for gigabytes (a "billion laughs" file), which the loaders
// would copy into pages; a file of MaxSize without aliases stays well
// under the bound.
const MaxExpanded = 4 * MaxSize

// Doc is a decoded file plus the list its problems go to.
type Doc struct {
	File string
	Errs *diag.List
	// What the document is, for messages: "a plan file", "site.yaml",
	// "front matter"; "this file" when empty.
	What string
	// Split says that what follows a second document's marker could go to
	// a file of its own (a plan), so the message proposes it.
	Split bool
}

// ReadFile reads the YAML file name of fsys, refusing one over MaxSize
// before reading it whole. A file that cannot be read is a diag read
// error, which still matches fs.ErrNotExist.
func ReadFile(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, diag.ReadError(name, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > MaxSize {
		return nil, tooBig(name, st.Size())
	}
	// The limit holds even when the size above was wrong or unknown (a
	// pipe, a file still growing).
	src, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, diag.ReadError(name, err)
	}
	if len(src) > MaxSize {
		return nil, tooBig(name, -1)
	}
	return src, nil
}

func tooBig(name string, size int64) *diag.Error {
	what := "more than 4 MB"
	if size >= 0 {
		what = fmt.Sprintf("%.1f MB", float64(size)/(1<<20))
	}
	return diag.Errorf(diag.Pos{File: name}, "file is %s; YAML files over %d MB are refused, as plans and site.yaml are written by hand: check that this is the right file, or split the plan into several files", what, MaxSize>>20)
}

var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// Parse decodes src into a node tree. A syntax error is reported with its
// line; the returned node is nil then.
func (d Doc) Parse(src []byte) *yaml.Node {
	if len(src) > MaxSize {
		d.Errs.Append(tooBig(d.File, int64(len(src))))
		return nil
	}
	if err := diag.CheckUTF8(d.File, src); err != nil {
		d.Errs.Append(err)
		return nil
	}
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	d.oneDocument(src)
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		d.Errs.Add(d.syntaxPos(err.Error(), src), "invalid YAML: %s", syntaxHint(err.Error()))
		return nil
	}
	if len(root.Content) == 0 {
		return &yaml.Node{Kind: yaml.MappingNode, Line: 1, Column: 1}
	}
	if !d.checkAliases(&root) {
		return nil
	}
	return root.Content[0]
}

// oneDocument reports a second YAML document in src. yaml.v3 decodes the
// first and ignores the rest, even when it is invalid, so a plan's second
// half, or a page's "draft: true" after a "...", would silently count for
// nothing. YAML allows a document marker ("---", or "..." ending a
// document) only at the start of a line and never inside a value, so a
// scan of the lines finds where a second document begins.
func (d Doc) oneDocument(src []byte) {
	started := false // a document has begun: content, or its "---"
	end := 0         // the line of the "..." that ended it
	n := 0
	for line := range bytes.Lines(src) {
		n++
		l := strings.TrimRight(string(line), "\r\n")
		marker := ""
		switch {
		case isMarker(l, "---"):
			if !started && end == 0 {
				started = true
				continue
			}
			marker = "---"
		case isMarker(l, "..."):
			if started && end == 0 {
				end = n
			}
			continue
		case strings.TrimSpace(l) == "" || strings.HasPrefix(strings.TrimSpace(l), "#"):
			continue
		case !started && end == 0 && strings.HasPrefix(l, "%"):
			continue // a directive, before the document
		case end == 0:
			started = true
			continue
		default:
			n, marker = end, "..."
		}
		what := cmp.Or(d.What, "this file")
		split := ""
		if d.Split {
			split = " or split the file"
		}
		d.Errs.Add(diag.Pos{File: d.File, Line: n, Col: 1}, "%s holds one YAML document; remove the %q at line %d%s", what, marker, n, split)
		return
	}
}

func isMarker(line, marker string) bool {
	rest, ok := strings.CutPrefix(line, marker)
	return ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t')
}

// syntaxPos finds the line of a yaml.v3 syntax error. yaml.v3 reports
// scanner errors on their 1-based line, but parser errors ("did not find
// expected ...") on the 0-based line of the construct they are in, and no
// line at all when that is the first line; an unknown anchor gets no line.
func (d Doc) syntaxPos(msg string, src []byte) diag.Pos {
	pos := diag.Pos{File: d.File, Line: 1}
	m := yamlLine.FindStringSubmatch(msg)
	if m == nil {
		return pos
	}
	if m[1] != "" {
		pos.Line, _ = strconv.Atoi(m[1])
		if parserError(m[2]) {
			pos.Line++
		}
		// A construct left open at the end points past the last line.
		pos.Line = min(pos.Line, max(1, len(bytes.Split(bytes.TrimSuffix(src, []byte("\n")), []byte("\n")))))
	}
	if a := unknownAnchor.FindStringSubmatch(m[2]); a != nil {
		if loc := regexp.MustCompile(`\*` + regexp.QuoteMeta(a[1]) + `\b`).FindIndex(src); loc != nil {
			pos.Line = 1 + bytes.Count(src[:loc[0]], []byte("\n"))
			pos.Col = 1 + utf8.RuneCount(src[bytes.LastIndexByte(src[:loc[0]], '\n')+1:loc[0]])
		}
	}
	return pos
}

var unknownAnchor = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)

func parserError(msg string) bool {
	for _, p := range []string{"did not find expected", "found duplicate %", "found incompatible YAML document", "found undefined tag handle"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// syntaxHint adds to yaml.v3's message the usual cause of each common
// syntax error, in the words of someone editing a plan.
func syntaxHint(msg string) string {
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		msg = m[2]
	}
	hints := []struct{ prefix, hint string }{
		{"found a tab character", "indent with spaces, not tabs"},
		{"found character that cannot start any token", "indent with spaces, not tabs, and put text that starts with @, ` or % in quotes"},
		{"mapping values are not allowed", `put text holding ": " in quotes (title: "EMEA: growth plan"), or check the indentation`},
		{"did not find expected key", "check the indentation of this line and the ones around it"},
		{"did not find expected ',' or ']'", `a [list] is not closed, or an item holding ", " or ": " needs quotes`},
		{"did not find expected ',' or '}'", `a {mapping} is not closed, or a value holding ", " or ": " needs quotes`},
		{"found unexpected end of stream", "a quote is opened here but never closed"},
		{"did not find expected '-' indicator", `check the indentation of the list that starts here: its items start with "- " in one column and the keys of an item line up`},
		{"unknown anchor", "define the anchor (&name) before the alias (*name) that repeats it"},
	}
	for _, h := range hints {
		if strings.HasPrefix(msg, h.prefix) {
			return msg + "; " + h.hint
		}
	}
	return msg
}

// checkAliases refuses documents whose aliases expand beyond MaxExpanded
// or into themselves, naming the alias where that happens.
func (d Doc) checkAliases(root *yaml.Node) bool {
	e := expander{size: map[*yaml.Node]int{}}
	e.measure(root)
	switch {
	case e.cycle != nil:
		d.Errorf(e.cycle, "alias *%s repeats the anchor it is inside, so it never ends; remove it", e.cycle.Value)
		return false
	case e.over != nil:
		what := "here"
		if e.over.Kind == yaml.AliasNode {
			what = "*" + e.over.Value + " repeats a large part of it"
		}
		d.Errorf(e.over, "aliases make this file more than %d MB once expanded (%s); salesdeck refuses such files, which can exhaust memory: repeat less with anchors (&) and aliases (*)", MaxExpanded>>20, what)
		return false
	}
	return true
}

// expander measures nodes with their aliases expanded. Aliases point at
// anchored nodes, whose sizes are memoised, so measuring visits each node
// once however often aliases repeat it.
type expander struct {
	size  map[*yaml.Node]int // of anchored nodes; -1 while being measured
	cycle *yaml.Node         // an alias inside its own anchor
	over  *yaml.Node         // the value that first took a sum over the bound
}

func (e *expander) measure(n *yaml.Node) int {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		if e.size[n.Alias] < 0 {
			e.cycle = cmp.Or(e.cycle, n)
			return MaxExpanded + 1
		}
		return e.measure(n.Alias)
	}
	if n.Anchor != "" {
		if v, ok := e.size[n]; ok {
			return v
		}
		e.size[n] = -1
	}
	v := 1 + len(n.Value)
	for _, c := range n.Content {
		v += e.measure(c)
		if v > MaxExpanded {
			e.over = cmp.Or(e.over, c)
			break
		}
	}
	if n.Anchor != "" {
		e.size[n] = v
	}
	return v
}

// Pos returns the position of n.
func (d Doc) Pos(n *yaml.Node) diag.Pos {
	if n == nil {
		return diag.Pos{File: d.File}
	}
	return diag.Pos{File: d.File, Line: n.Line, Col: n.Column}
}

// Errorf records a problem at n.
func (d Doc) Errorf(n *yaml.Node, format string, args ...any) {
	d.Errs.Add(d.Pos(n), format, args...)
}

// Field is a key and its value in a mapping.
type Field struct {
	Key   *yaml.Node
	Value *yaml.Node
}

// Map returns the fields of mapping n by key, reporting unknown keys
// (with the closest known one), duplicate keys and a non-mapping n. The
// second result lists the keys in the order written.
func (d Doc) Map(n *yaml.Node, what string, known ...string) (map[string]Field, []string) {
	n = resolve(n)
	out := map[string]Field{}
	if n == nil || n.Kind != yaml.MappingNode {
		if n != nil && !(n.Kind == yaml.ScalarNode && n.Tag == "!!null") {
			d.Errorf(n, "%s must be a mapping of keys to values, not %s", what, describe(n))
		}
		return out, nil
	}
	var order []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := k.Value
		if known != nil && !slices.Contains(known, key) {
			d.Errorf(k, "unknown key %q in %s%s", key, what, diag.Suggest(key, known))
			continue
		}
		if _, dup := out[key]; dup {
			d.Errorf(k, "key %q appears twice in %s", key, what)
			continue
		}
		out[key] = Field{Key: k, Value: v}
		order = append(order, key)
	}
	return out, order
}

// Misspelt reports whether mapping n holds an unknown key (one not in
// known) that Map reported as probably meaning key. A loader then need
// not also report key as missing.
func Misspelt(n *yaml.Node, key string, known []string) bool {
	n = resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return false
	}
	want := diag.Suggest(key, []string{key})
	for i := 0; i < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if !slices.Contains(known, k) && diag.Suggest(k, known) == want {
			return true
		}
	}
	return false
}

func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return strconv.Quote(n.Value)
}

// IsMapping reports whether n is a mapping, through aliases.
func IsMapping(n *yaml.Node) bool {
	n = resolve(n)
	return n != nil && n.Kind == yaml.MappingNode
}

// IsNull reports whether n is absent or an explicit null.
func IsNull(n *yaml.Node) bool {
	n = resolve(n)
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// String decodes a scalar as text; numbers and booleans are taken as
// written, since a title such as 2026 is still a title.
func (d Doc) String(n *yaml.Node, key string) string {
	n = resolve(n)
	if n == nil || IsNull(n) {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		d.Errorf(n, "%s must be text, not %s", key, describe(n))
		return ""
	}
	return n.Value
}

// Float decodes a number. Underscores and plain digits only: "1,000" in a
// plan is far more likely a typo for 1000 than a decimal comma, so it is an
// error rather than a guess.
func (d Doc) Float(n *yaml.Node, key string) (float64, bool) {
	n = resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
		if n == nil {
			return 0, false
		}
		d.Errorf(n, "%s must be a number, not %s", key, describe(n))
		return 0, false
	}
	var v float64
	if err := n.Decode(&v); err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		d.Errorf(n, "%s must be a finite number, not %s", key, describe(n))
		return 0, false
	}
	return v, true
}

// Int decodes a whole number.
func (d Doc) Int(n *yaml.Node, key string) (int, bool) {
	n = resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
		if n != nil {
			d.Errorf(n, "%s must be a whole number, not %s", key, describe(n))
		}
		return 0, false
	}
	var v int
	if err := n.Decode(&v); err != nil {
		d.Errorf(n, "%s must be a whole number, not %s", key, describe(n))
		return 0, false
	}
	return v, true
}

// Bool decodes true or false.
func (d Doc) Bool(n *yaml.Node, key string) bool {
	n = resolve(n)
	if n == nil {
		return false
	}
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		d.Errorf(n, "%s must be true or false, not %s", key, describe(n))
		return false
	}
	var v bool
	_ = n.Decode(&v)
	return v
}

// Strings decodes a single value or a list of values as text, with the
// position of each.
func (d Doc) Strings(n *yaml.Node, key string) ([]string, []*yaml.Node) {
	n = resolve(n)
	if n == nil || IsNull(n) {
		return nil, nil
	}
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	var out []string
	var nodes []*yaml.Node
	for _, it := range items {
		it = resolve(it)
		if it.Kind != yaml.ScalarNode {
			d.Errorf(it, "%s must be text or a list of text, not %s", key, describe(it))
			continue
		}
		out = append(out, it.Value)
		nodes = append(nodes, it)
	}
	return out, nodes
}

// Seq returns the items of a list.
func (d Doc) Seq(n *yaml.Node, key string) []*yaml.Node {
	n = resolve(n)
	if n == nil || IsNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.Errorf(n, "%s must be a list, not %s", key, describe(n))
		return nil
	}
	out := make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		out[i] = resolve(c)
	}
	return out
}
