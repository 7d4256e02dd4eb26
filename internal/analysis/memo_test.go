package analysis_test

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"salesdeck/internal/analysis"
	"salesdeck/internal/config"
	"salesdeck/internal/plan"
	"salesdeck/internal/sales"
)

// A Memo evaluates again only the strategies whose plan, site.yaml or
// sales data changed, and gives the figures a run without it gives.
func TestMemo(t *testing.T) {
	const other = `
title: Other plan
period: {start: 2026-01-01, end: 2026-06-30}
strategies:
  - {id: na, title: NA, scope: {region: [NA, NAA]}, targets: {revenue: 100}}
`
	site := siteYAML
	edited := strings.Replace(planYAML, "revenue: 2000", "revenue: 2100", 1)
	steps := []struct {
		name        string
		site, plan  string
		reloadSales bool
		// fresh counts the strategies evaluated afresh, of other.yaml and
		// plan.yaml (plans come in file name order).
		fresh [2]int
	}{
		{"first run", site, planYAML, false, [2]int{1, 5}},
		{"nothing changed", site, planYAML, false, [2]int{0, 0}},
		{"a plan file edited", site, edited, false, [2]int{0, 5}},
		{"site.yaml edited", strings.Replace(site, "2026-03-15", "2026-03-16", 1), edited, false, [2]int{1, 5}},
		{"the same again", strings.Replace(site, "2026-03-15", "2026-03-16", 1), edited, false, [2]int{0, 0}},
		{"sales data read again", strings.Replace(site, "2026-03-15", "2026-03-16", 1), edited, true, [2]int{1, 5}},
	}
	var (
		plans plan.Cache
		memo  analysis.Memo
		data  *sales.Data
		last  = map[*analysis.Strategy]bool{}
	)
	for _, st := range steps {
		fsys := fstest.MapFS{
			"site.yaml":                {Data: []byte(st.site)},
			"data/sales.csv":           {Data: []byte(salesCSV)},
			"content/plans/plan.yaml":  {Data: []byte(st.plan)},
			"content/plans/other.yaml": {Data: []byte(other)},
		}
		cfg, err := config.Load(fsys)
		if err != nil {
			t.Fatal(err)
		}
		ps, err := plans.LoadAll(fsys, cfg.FiscalYearStart)
		if err != nil {
			t.Fatal(err)
		}
		if data == nil || st.reloadSales {
			if data, err = sales.Load(fsys, cfg, sales.Options{}); err != nil {
				t.Fatal(err)
			}
		}
		got, gotWarns, err := memo.Run(cfg, ps, data)
		if err != nil {
			t.Fatal(err)
		}
		want, wantWarns, err := analysis.Run(cfg, ps, data)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the figures differ from a run without the memo", st.name)
		}
		if !reflect.DeepEqual(gotWarns, wantWarns) || len(gotWarns) != 1 {
			t.Errorf("%s: warnings %v, want %v (the NAA typo)", st.name, gotWarns, wantWarns)
		}
		var fresh [2]int
		for i, p := range got.Plans {
			for _, s := range p.Strategies {
				if !last[s] {
					fresh[i]++
				}
			}
		}
		if fresh != st.fresh {
			t.Errorf("%s: evaluated afresh %v, want %v", st.name, fresh, st.fresh)
		}
		last = map[*analysis.Strategy]bool{}
		for _, s := range got.Strategies {
			last[s] = true
		}
	}
}
