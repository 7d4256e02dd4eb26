package render

import (
	"bytes"
	"strings"
	"testing"
)

// A Memo gives back a strategy's page and handout sheet while its result
// (the same *analysis.Strategy) and what frames it are unchanged, and
// renders it again otherwise; either way the site is what rendering
// without the Memo gives.
func TestMemo(t *testing.T) {
	site, res := fixture()
	memo := &Memo{}
	in := Input{Site: site, Result: res, Pages: fixturePages(), Version: "test", Memo: memo}
	first, err := Render(in)
	if err != nil {
		t.Fatal(err)
	}
	page := func(i int) string { return "strategies/" + res.Strategies[i].Strategy.ID + ".html" }
	// reused reports whether out's page of strategy i is the very slice
	// an earlier render made, not one rendered again.
	reused := func(out, before map[string][]byte, i int) bool {
		a, b := out[page(i)], before[page(i)]
		return len(a) > 0 && &a[0] == &b[0]
	}

	if n := len(memo.last.sheets); n != len(res.Strategies) {
		t.Errorf("%d handout sheets kept, want one per strategy (%d)", n, len(res.Strategies))
	}
	again, err := Render(in)
	if err != nil {
		t.Fatal(err)
	}
	for i := range res.Strategies {
		if !reused(again, first, i) {
			t.Errorf("unchanged: %s was rendered again", page(i))
		}
	}
	if !bytes.Equal(again["handout.html"], first["handout.html"]) {
		t.Error("unchanged: the handout differs")
	}

	// A strategy evaluated again (a new result) is rendered again, alone.
	changed := *res.Strategies[1]
	changed.Status = res.Strategies[0].Status
	res.Strategies[1] = &changed
	for _, p := range res.Plans {
		for j, s := range p.Strategies {
			if s.Strategy == changed.Strategy {
				p.Strategies[j] = &changed
			}
		}
	}
	third, err := Render(in)
	if err != nil {
		t.Fatal(err)
	}
	for i := range res.Strategies {
		if got := reused(third, again, i); got != (i != 1) {
			t.Errorf("one new result: %s reused = %v", page(i), got)
		}
	}
	sameAsWithout(t, in, third)

	// A new plan title changes every page's menu.
	renamed := *res.Plans[0].Plan
	renamed.Title = "Renamed plan"
	res.Plans[0].Plan = &renamed
	fourth, err := Render(in)
	if err != nil {
		t.Fatal(err)
	}
	for i := range res.Strategies {
		if reused(fourth, third, i) {
			t.Errorf("a plan renamed: %s was reused", page(i))
		}
	}
	if !strings.Contains(string(fourth[page(len(res.Strategies)-1)]), "Renamed plan") {
		t.Error("a plan renamed: the menu does not show it")
	}
	sameAsWithout(t, in, fourth)
}

func sameAsWithout(t *testing.T, in Input, got map[string][]byte) {
	t.Helper()
	in.Memo = nil
	want, err := Render(in)
	if err != nil {
		t.Fatal(err)
	}
	sameFiles(t, got, want)
}
