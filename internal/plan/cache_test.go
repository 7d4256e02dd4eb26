package plan_test

import (
	"reflect"
	"testing"
	"testing/fstest"

	"salesdeck/internal/plan"
)

// A Cache hands out the same *Plan again while a file's bytes and the
// fiscal year are unchanged, and parses anything else afresh.
func TestCache(t *testing.T) {
	const (
		a       = "title: A\nperiod: {fiscal_year: 2026}\nstrategies:\n  - {id: a1, targets: {revenue: 1}}\n"
		aEdited = "title: A\nperiod: {fiscal_year: 2026}\nstrategies:\n  - {id: a1, targets: {revenue: 2}}\n"
		b       = "title: B\nperiod: {fiscal_year: 2026}\nstrategies:\n  - {id: b1, targets: {revenue: 1}}\n"
		broken  = "title: B\nperiod: {fiscal_year: 2026}\nstrategies:\n  - {id: b1, targets: {revenue: lots}}\n"
	)
	steps := []struct {
		name   string
		files  map[string]string
		fy     int
		parsed []bool // per plan loaded, in file order: parsed afresh (not the last load's)
		err    bool
	}{
		{"first load parses all", map[string]string{"a.yaml": a, "b.yaml": b}, 1, []bool{true, true}, false},
		{"unchanged files are reused", map[string]string{"a.yaml": a, "b.yaml": b}, 1, []bool{false, false}, false},
		{"an edited file is parsed", map[string]string{"a.yaml": aEdited, "b.yaml": b}, 1, []bool{true, false}, false},
		{"a file with a problem is reported", map[string]string{"a.yaml": aEdited, "b.yaml": broken}, 1, []bool{false}, true},
		{"and parsed again once fixed", map[string]string{"a.yaml": aEdited, "b.yaml": b}, 1, []bool{false, true}, false},
		{"another fiscal year parses all", map[string]string{"a.yaml": aEdited, "b.yaml": b}, 7, []bool{true, true}, false},
		{"a removed file is forgotten", map[string]string{"a.yaml": aEdited}, 7, []bool{false}, false},
		{"and parsed when it comes back", map[string]string{"a.yaml": aEdited, "b.yaml": b}, 7, []bool{false, true}, false},
	}
	var c plan.Cache
	seen := map[*plan.Plan]bool{}
	for _, st := range steps {
		fsys := fstest.MapFS{}
		for name, src := range st.files {
			fsys["content/plans/"+name] = &fstest.MapFile{Data: []byte(src)}
		}
		plans, err := c.LoadAll(fsys, st.fy)
		if (err != nil) != st.err {
			t.Fatalf("%s: error %v", st.name, err)
		}
		if len(plans) != len(st.parsed) {
			t.Fatalf("%s: %d plans, want %d", st.name, len(plans), len(st.parsed))
		}
		fresh, _ := plan.LoadAll(fsys, st.fy)
		for i, p := range plans {
			if got := !seen[p]; got != st.parsed[i] {
				t.Errorf("%s: plan %s parsed afresh = %v, want %v", st.name, p.ID, got, st.parsed[i])
			}
			if !reflect.DeepEqual(p, fresh[i]) {
				t.Errorf("%s: plan %s differs from a fresh load", st.name, p.ID)
			}
			seen[p] = true
		}
	}
}
