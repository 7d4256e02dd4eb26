package config

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"salesdeck/internal/support/diag"
	"salesdeck/internal/support/yamldoc"
)

// decode reads site.yaml's labels:
//
//	labels:
//	  dimensions: {TERRITORY: Territory}
//	  values: {TERRITORY: {NA: North America}}
//	  text: {status.on_track: On course}
//
// A label is one line of text. Two dimensions, or two values of one
// dimension, may not share a label: they would show as one name for two
// sets of figures, and labels rename, they never merge.
func (l *Labels) decode(d yamldoc.Doc, n *yaml.Node) {
	f, _ := d.Map(n, "labels", "dimensions", "values", "text")
	if v, ok := f["text"]; ok {
		m, order := d.Map(v.Value, "labels.text")
		for _, key := range order {
			// Two keys may well share a text ("Target" heads a column
			// and names a series): no check for labels that merge.
			if text, ok := labelText(d, m[key].Value, "labels.text."+key, map[string]string{}, key); ok {
				l.Text = append(l.Text, TextLabel{Key: key, Text: text, Pos: d.Pos(m[key].Key)})
			}
		}
	}
	if v, ok := f["dimensions"]; ok {
		m, order := d.Map(v.Value, "labels.dimensions")
		l.Dimensions = map[string]string{}
		seen := map[string]string{}
		for _, dim := range order {
			key := "labels.dimensions." + dim
			if label, ok := labelText(d, m[dim].Value, key, seen, dim); ok {
				l.Dimensions[dim] = label
			}
			l.Named = append(l.Named, LabelRef{Dimension: dim, Pos: d.Pos(m[dim].Key), Key: "labels.dimensions"})
		}
	}
	if v, ok := f["values"]; ok {
		dims, order := d.Map(v.Value, "labels.values")
		l.Values = map[string]map[string]string{}
		for _, dim := range order {
			l.Named = append(l.Named, LabelRef{Dimension: dim, Pos: d.Pos(dims[dim].Key), Key: "labels.values"})
			vals, vorder := d.Map(dims[dim].Value, "labels.values."+dim)
			l.Values[dim] = map[string]string{}
			seen := map[string]string{}
			for _, val := range vorder {
				key := "labels.values." + dim + "." + val
				if label, ok := labelText(d, vals[val].Value, key, seen, val); ok {
					l.Values[dim][val] = label
				}
			}
		}
	}
}

// labelText decodes the label of name at n, reporting an empty label, one
// of several lines, and one that seen (labels so far, to what they name)
// already gives to another name.
func labelText(d yamldoc.Doc, n *yaml.Node, key string, seen map[string]string, name string) (string, bool) {
	before := d.Errs.Len()
	label := strings.TrimSpace(d.String(n, key)) // reports a mapping or a list
	if d.Errs.Len() > before {
		return "", false
	}
	switch {
	case label == "":
		d.Errorf(n, "%s is empty; write the name to show, or remove the line to show %q", key, name)
		return "", false
	case strings.ContainsAny(label, "\r\n"):
		d.Errorf(n, "%s holds a line break; a label is one line of text", key)
		return "", false
	}
	if other, dup := seen[label]; dup {
		d.Errorf(n, "%s: %q and %q would both show as %q, two sets of figures under one name; labels rename, they do not merge: give each its own label", key, other, name, label)
		return "", false
	}
	seen[label] = name
	return label, true
}

// Unknown returns a warning for each dimension the labels name that dims,
// the sales data's dimensions, lack: a typo would otherwise leave the
// data's own name on every page without a word. It is a warning, not an
// error, so that one site.yaml serves sales data with fewer columns.
func (l Labels) Unknown(dims []string) []*diag.Error {
	var out []*diag.Error
	for _, r := range l.Named {
		if slices.Contains(dims, r.Dimension) {
			continue
		}
		out = append(out, diag.Errorf(r.Pos, "%s: the sales data has no dimension %q%s, so this label is not shown; its dimensions: %s",
			r.Key, r.Dimension, diag.Suggest(r.Dimension, dims), dimList(dims)))
	}
	return out
}

func dimList(dims []string) string {
	if len(dims) == 0 {
		return "none"
	}
	return strings.Join(dims, ", ")
}
