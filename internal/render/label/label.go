// Package label is the one place that holds the words pages, charts,
// tables and the handout show. Text is salesdeck's own wording, from a
// catalogue with a file per language (catalogue/en.yaml and its
// translations) under a site's own wording. Names turns the sales data's
// dimension names and values into display names: site.yaml's labels
// where it gives one (docs/site-yaml.md, Labels), else a readable form
// of the data's own name. Labels are
// display names, nothing else: scopes, the data and the exports keep the
// data's names and values, and nothing here is used to find or match
// them.
//
// What it returns is plain text, to be escaped where it is written like
// any text from the data.
package label

import (
	"strings"

	"salesdeck/internal/render/format"
)

// Names gives the display names of one site's dimensions and values. Its
// zero value shows every name as the data has it (dimensions humanized).
// It is read only, and safe to share between goroutines.
type Names struct {
	dims   map[string]string
	values map[string]map[string]string
	blank  string
}

// New returns the names labels give: dims maps a dimension to its label,
// values a dimension to its values' labels (config.Labels); t gives the
// name of an empty cell.
func New(dims map[string]string, values map[string]map[string]string, t Text) Names {
	return Names{dims: dims, values: values, blank: t.Get("value.blank")}
}

// Dimension returns the display name of dimension dim: its label, else
// dim humanized ("sales_rep" → "Sales rep").
func (n Names) Dimension(dim string) string {
	if l, ok := n.dims[dim]; ok {
		return l
	}
	return format.Humanize(dim)
}

// Value returns the display name of value v of dimension dim: its label,
// else v as the data has it, and "(blank)" (in the site's language) for
// an empty cell, which an empty name would hide.
func (n Names) Value(dim, v string) string {
	if l, ok := n.values[dim][v]; ok {
		return l
	}
	if strings.TrimSpace(v) == "" {
		if n.blank == "" {
			return "(blank)"
		}
		return n.blank
	}
	return v
}

// Values returns the display names of values of dim, joined by ", ".
func (n Names) Values(dim string, vs []string) string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = n.Value(dim, v)
	}
	return strings.Join(out, ", ")
}
