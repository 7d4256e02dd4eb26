package render_test

import (
	"bytes"
	"cmp"
	"testing"

	"salesdeck/internal/render"
)

// strategies.json of the sites is byte for byte what the reflective
// reference (export_test.go) writes.
func TestJSONMatchesReferenceOnSites(t *testing.T) {
	for name, in := range sites(t) {
		t.Run(name, func(t *testing.T) {
			res := in.Result
			cur := cmp.Or(res.Currency, in.Site.Currency)
			got, want := render.StrategiesJSON(res, cur), render.RefStrategiesJSON(res, cur)
			if !bytes.Equal(got, want) {
				i := 0
				for i < min(len(got), len(want)) && got[i] == want[i] {
					i++
				}
				t.Fatalf("differs from the reference at byte %d: got …%q, want …%q", i,
					got[max(0, i-60):min(len(got), i+30)], want[max(0, i-60):min(len(want), i+30)])
			}
			// And Render writes exactly that file.
			out, err := render.Render(in)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out["data/strategies.json"], want) {
				t.Error("Render's data/strategies.json is not the reference's")
			}
		})
	}
}
