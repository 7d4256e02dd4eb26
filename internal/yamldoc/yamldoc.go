// Package yamldoc reads YAML documents strictly and keeps positions: every
// key must be known, every value of the expected type, and every problem is
// a diag.Error at the line and column of the offending node. It is shared
// by the site.yaml and plan loaders and knows nothing of what the keys mean.
package yamldoc

import (
	"bytes"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"salesdeck/internal/diag"
)

// MaxSize bounds a YAML file: plans are hand-written, so anything larger is
// a mistake (or an attack) and is refused before decoding.
const MaxSize = 4 << 20

// Doc is a decoded file plus the list its problems go to.
type Doc struct {
	File string
	Errs *diag.List
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Parse decodes src into a node tree. A syntax error is reported with its
// line; the returned node is nil then.
func (d Doc) Parse(src []byte) *yaml.Node {
	if len(src) > MaxSize {
		d.Errs.Add(diag.Pos{File: d.File}, "file is %d bytes; YAML files over %d MB are refused", len(src), MaxSize>>20)
		return nil
	}
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		msg := err.Error()
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ := strconv.Atoi(m[1])
			d.Errs.Add(diag.Pos{File: d.File, Line: line}, "invalid YAML: %s", m[2])
		} else {
			d.Errs.Add(diag.Pos{File: d.File, Line: 1}, "invalid YAML: %s", strings.TrimPrefix(msg, "yaml: "))
		}
		return nil
	}
	if len(root.Content) == 0 {
		return &yaml.Node{Kind: yaml.MappingNode, Line: 1, Column: 1}
	}
	return root.Content[0]
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
