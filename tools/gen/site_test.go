package gen

import (
	"bytes"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func siteOptions() SiteOptions {
	o := Default()
	o.Rows = 20_000
	return SiteOptions{Data: o, Plans: 3, Strategies: 31}
}

// The site generator is a pure function of its options, whatever the
// shape of the data.
func TestSiteFilesDeterministic(t *testing.T) {
	for _, s := range []Shape{Tidy, Wide, Customers} {
		t.Run(s.String(), func(t *testing.T) {
			o := siteOptions()
			if s != Tidy {
				o.Data = shaped(s, 20_000)
			}
			a, err := SiteFiles(o)
			if err != nil {
				t.Fatal(err)
			}
			b, err := SiteFiles(o)
			if err != nil {
				t.Fatal(err)
			}
			if !maps.EqualFunc(a, b, bytes.Equal) {
				t.Fatal("two runs with the same options differ")
			}
			o.Data.Seed++
			c, err := SiteFiles(o)
			if err != nil {
				t.Fatal(err)
			}
			if maps.EqualFunc(a, c, bytes.Equal) {
				t.Fatal("another seed gives the same plans")
			}
		})
	}
}

// Strategies are spread over the plans, each with the three targets of a
// benchmark site and an ID of its own.
func TestSiteFilesShape(t *testing.T) {
	files, err := SiteFiles(siteOptions())
	if err != nil {
		t.Fatal(err)
	}
	names := slices.Sorted(maps.Keys(files))
	want := []string{"content/index.md", "content/plans/plan-01.yaml", "content/plans/plan-02.yaml", "content/plans/plan-03.yaml", "site.yaml"}
	if !slices.Equal(names, want) {
		t.Fatalf("files %v, want %v", names, want)
	}
	id := regexp.MustCompile(`(?m)^  - id: (\S+)$`)
	seen := map[string]bool{}
	for i, name := range names[1:4] {
		plan := string(files[name])
		ids := id.FindAllStringSubmatch(plan, -1)
		if n := len(ids); n != 10+btoi(i == 0) {
			t.Errorf("%s: %d strategies, want %d", name, n, 10+btoi(i == 0))
		}
		for _, m := range ids {
			if seen[m[1]] {
				t.Errorf("strategy id %s twice", m[1])
			}
			seen[m[1]] = true
		}
		for _, target := range []string{"      revenue: ", "      gross_profit: {total: ", ", phasing: baseline}", "      margin: {total: "} {
			if c := strings.Count(plan, target); c != len(ids) {
				t.Errorf("%s: %q %d times, want once per strategy", name, target, c)
			}
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestSiteOptionErrors(t *testing.T) {
	for _, o := range []SiteOptions{{Data: Default(), Plans: 0, Strategies: 1}, {Data: Default(), Plans: 3, Strategies: 2}} {
		if _, err := SiteFiles(o); err == nil {
			t.Errorf("SiteFiles(%d plans, %d strategies) succeeded", o.Plans, o.Strategies)
		}
	}
}
