package label_test

import (
	"testing"

	"salesdeck/internal/render/label"
)

func TestNames(t *testing.T) {
	n := label.New(
		map[string]string{"TERRITORY": "Territory"},
		map[string]map[string]string{"TERRITORY": {"NA": "North America", "": "Unassigned"}},
		label.NewText("en-US", nil),
	)
	tests := []struct {
		name, got, want string
	}{
		{"a dimension's label", n.Dimension("TERRITORY"), "Territory"},
		{"a dimension without one is humanized", n.Dimension("sales_rep"), "Sales rep"},
		{"a value's label", n.Value("TERRITORY", "NA"), "North America"},
		{"a value without one is as the data has it", n.Value("TERRITORY", "EMEA"), "EMEA"},
		{"labels belong to their dimension", n.Value("country", "NA"), "NA"},
		{"an empty cell may have a label", n.Value("TERRITORY", ""), "Unassigned"},
		// An empty name would look like a missing one.
		{"an empty cell without one", n.Value("country", ""), "(blank)"},
		{"a blank cell without one", n.Value("country", "  "), "(blank)"},
		{"a list of values", n.Values("TERRITORY", []string{"NA", "EMEA"}), "North America, EMEA"},
		{"an empty cell in German", label.New(nil, nil, label.NewText("de-DE", nil)).Value("country", ""), "(leer)"},
		{"no labels at all", label.Names{}.Dimension("region") + "/" + label.Names{}.Value("region", "NA"), "Region/NA"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}
