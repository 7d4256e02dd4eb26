package sales

import (
	"testing"

	"salesdeck/internal/civil"
)

func TestNeedCovers(t *testing.T) {
	d := civil.New
	kept := &Need{Keys: []string{"channel", "region"}, Segments: []civil.Date{d(2026, 1, 1), d(2026, 4, 1), d(2026, 7, 1)}, Columns: []string{"revenue"}}
	for _, c := range []struct {
		name string
		need *Need
		want bool
	}{
		{"the same", kept, true},
		{"fewer keys", &Need{Keys: []string{"region"}, Segments: kept.Segments, Columns: kept.Columns}, true},
		{"a run of the segments", &Need{Keys: kept.Keys, Segments: []civil.Date{d(2026, 1, 1), d(2026, 7, 1)}, Columns: kept.Columns}, true},
		{"nothing", &Need{}, true},
		{"a new key", &Need{Keys: []string{"product", "region"}, Segments: kept.Segments, Columns: kept.Columns}, false},
		{"a new cut", &Need{Keys: kept.Keys, Segments: []civil.Date{d(2026, 1, 1), d(2026, 5, 1)}, Columns: kept.Columns}, false},
		{"a later end", &Need{Keys: kept.Keys, Segments: []civil.Date{d(2026, 1, 1), d(2026, 10, 1)}, Columns: kept.Columns}, false},
		{"another ranking metric", &Need{Keys: kept.Keys, Segments: kept.Segments, Columns: []string{"units"}}, false},
		{"every dimension", nil, false},
	} {
		if got := kept.Covers(c.need); got != c.want {
			t.Errorf("%s: Covers = %v, want %v", c.name, got, c.want)
		}
	}
	if !(*Need)(nil).Covers(kept) {
		t.Error("groups by every dimension must cover any need")
	}
}
