package chart

import (
	"bytes"
	"encoding/json"
	"testing"

	"salesdeck/internal/load/plan"
)

// marker is how go-echarts marks a JavaScript function in an option
// (opts.FuncOpts); its own renderer strips the markers and leaves the
// code bare. From data it must stay a string.
const marker = "__f__alert(1)__f__"

// A title, a metric name and a breakdown value spelt as a function marker
// reach the options that show text from data (the monthly ones show only
// months and figures) as JSON strings with the marker intact, never as
// code and never with the markers stripped.
func TestFunctionMarkerStaysText(t *testing.T) {
	p := fixture()
	s := p.Strategies[1]
	s.Strategy = &plan.Strategy{ID: "dach", Title: marker}
	s.Targets[0].Metric.Name = marker
	s.Breakdowns[0].Entries[0].Value = marker
	s.Breakdowns[0].Dimension = marker
	b := builder()
	tests := []struct {
		name  string
		build func() (Chart, error)
	}{
		{"breakdown", func() (Chart, error) { return b.Breakdown("c_bd", s, 0) }},
		{"attainment", func() (Chart, error) { return b.Attainment("c_att", p) }},
		{"pace", func() (Chart, error) { return b.Pace("c_pace", p.Strategies) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tt.build()
			if err != nil {
				t.Fatal(err)
			}
			var m any
			if err := json.Unmarshal(c.Option, &m); err != nil {
				t.Fatalf("option is not JSON: %v", err)
			}
			// Every marker in the bytes is inside a string that decodes to
			// text holding it whole.
			n := bytes.Count(c.Option, []byte("__f__"))
			if n == 0 {
				t.Fatalf("the data does not reach the option: %s", c.Option)
			}
			if got := 2 * countMarkers(m); got != n {
				t.Errorf("%d markers in the bytes, %d inside intact strings: %s", n, got, c.Option)
			}
		})
	}
}

// countMarkers counts the strings in a decoded option that hold marker.
func countMarkers(v any) int {
	switch v := v.(type) {
	case string:
		return bytes.Count([]byte(v), []byte(marker))
	case []any:
		n := 0
		for _, x := range v {
			n += countMarkers(x)
		}
		return n
	case map[string]any:
		n := 0
		for k, x := range v {
			n += countMarkers(k) + countMarkers(x)
		}
		return n
	}
	return 0
}
