package digest

import "testing"

type inner struct {
	N    float64
	Tags map[string]int
}

type outer struct {
	Name   string
	Parts  []inner
	Next   *inner
	hidden int
	Any    any
}

// Values that differ anywhere have different digests; equal values, the
// same one, whatever the order of their maps.
func TestOf(t *testing.T) {
	base := func() outer {
		return outer{Name: "a", Parts: []inner{{N: 1, Tags: map[string]int{"x": 1, "y": 2, "z": 3}}}, Next: &inner{N: 2}, hidden: 3, Any: 4}
	}
	want := Of(base())
	for range 20 {
		if got := Of(base()); got != want {
			t.Fatal("equal values, different digests")
		}
	}
	edits := map[string]func(o *outer){
		"name":         func(o *outer) { o.Name = "b" },
		"float":        func(o *outer) { o.Parts[0].N = 1.0000001 },
		"map value":    func(o *outer) { o.Parts[0].Tags["y"] = 5 },
		"map key":      func(o *outer) { delete(o.Parts[0].Tags, "z"); o.Parts[0].Tags["w"] = 3 },
		"pointer":      func(o *outer) { o.Next.N = 3 },
		"nil pointer":  func(o *outer) { o.Next = nil },
		"unexported":   func(o *outer) { o.hidden = 4 },
		"dynamic type": func(o *outer) { o.Any = int64(4) },
		"one more":     func(o *outer) { o.Parts = append(o.Parts, inner{}) },
	}
	for name, edit := range edits {
		o := base()
		edit(&o)
		if Of(o) == want {
			t.Errorf("%s: the digest did not change", name)
		}
	}
	// Lengths keep the boundaries of strings and lists.
	if Of("ab", "c") == Of("a", "bc") || Of([]string{"a"}, []string{}) == Of([]string{}, []string{"a"}) {
		t.Error("moved boundaries, the same digest")
	}
}
