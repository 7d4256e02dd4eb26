package chart

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sync"
	"testing"
)

// TestSameAsUncached draws every chart of every test site with a Builder
// made by NewBuilder (copies of prototypes, shared options marshalled
// once) and with one that builds every chart from scratch and marshals
// its whole option, and wants the same charts: the same option bytes,
// tables, heights, titles and errors. The Builder draws all of a site's
// charts, so its prototypes and reused copies must come through every
// chart unchanged (and the prototypes' options, shared by every copy, are
// compared before and after), and every option must fit its prototype.
func TestSameAsUncached(t *testing.T) {
	charts := 0
	for _, site := range testSites(t) {
		for _, primary := range []string{"", "#1f5fd1", "#0a7", "rgb(1, 2, 3)"} {
			b := NewBuilder(site.f, site.text(), primary)
			before := protoOptions(t, b)
			got := everyChart(b, site.res)
			want := everyChart(Builder{Format: site.f, Text: site.text(), primary: primary}, site.res)
			if len(got) != len(want) {
				t.Fatalf("%s: %d charts, want %d", site.name, len(got), len(want))
			}
			for i := range got {
				if !sameDrawn(t, site.name+" "+primary, got[i], want[i]) {
					break
				}
			}
			charts += len(got)
			for kind, after := range protoOptions(t, b) {
				if !bytes.Equal(after, before[kind]) {
					t.Errorf("%s %s: charts changed the %s prototype:\n got %s\nwant %s", site.name, primary, kind, after, before[kind])
				}
			}
			for kind, p := range b.protos {
				if n := p.slow.Load(); n > 0 {
					t.Errorf("%s %s: %d %s options did not fit their prototype", site.name, primary, n, kind)
				}
			}
		}
	}
	if charts < 10_000 {
		t.Errorf("only %d charts compared", charts)
	}
}

// sameDrawn reports whether got and want are the same, and why not.
// protoOptions marshals the options of b's prototypes, by kind, as they
// stand.
func protoOptions(t *testing.T, b Builder) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for kind, p := range b.protos {
		var c encoder = p.bar
		if p.line != nil {
			c = p.line
		}
		raw, err := json.Marshal(edit(c.JSON(), p.tooltip, p.extra))
		if err != nil {
			t.Fatal(err)
		}
		out[kind] = raw
	}
	return out
}

func sameDrawn(t *testing.T, where string, got, want drawn) bool {
	t.Helper()
	if got.Err != want.Err {
		t.Errorf("%s %s: error %q, want %q", where, got.Call, got.Err, want.Err)
		return false
	}
	if !bytes.Equal(got.Chart.Option, want.Chart.Option) {
		i := 0
		for i < len(got.Chart.Option) && i < len(want.Chart.Option) && got.Chart.Option[i] == want.Chart.Option[i] {
			i++
		}
		t.Errorf("%s %s: option differs at byte %d:\n got %s\nwant %s", where, got.Call, i, got.Chart.Option, want.Chart.Option)
		return false
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s %s: chart\n got %#v\nwant %#v", where, got.Call, got, want)
		return false
	}
	return true
}

// TestConcurrentCharts draws the same charts from several goroutines at
// once, two of them on each Builder, as render does (run with -race):
// copies of a Builder share its prototypes.
func TestConcurrentCharts(t *testing.T) {
	site := testSites(t, "gen-3x40")[0]
	var builders [2]Builder
	var want [2][]drawn
	for i, primary := range []string{"", "#0a7"} {
		builders[i] = NewBuilder(site.f, site.text(), primary)
		want[i] = everyChart(Builder{Format: site.f, Text: site.text(), primary: primary}, site.res)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		b, want := builders[g%2], want[g%2]
		wg.Go(func() {
			for range 2 {
				got := everyChart(b, site.res)
				for i := range got {
					if !sameDrawn(t, fmt.Sprint("goroutine ", g), got[i], want[i]) {
						return
					}
				}
			}
		})
	}
	wg.Wait()
}
