package analysis_test

import (
	"testing"

	"salesdeck/internal/analysis"
	"salesdeck/internal/load/sales"
)

// A strategy's figure is the exact sum of its rows, whichever groups it
// is added up from: 0.1 and 0.2, in cells of their own since a scope
// names the channel, make 0.3, not the 0.30000000000000004 float64 adds
// them up to, grouped by the plans' keys or by every dimension.
func TestFiguresAreExactSums(t *testing.T) {
	const site = "as_of: 2026-01-31\nsales:\n  dimensions: [region, channel]\n  measures: {revenue: revenue}\n"
	const csv = "date,region,channel,revenue\n2026-01-05,EMEA,A,0.1\n2026-01-05,EMEA,B,0.2\n2025-01-05,EMEA,A,0.1\n2025-01-05,EMEA,B,0.2\n"
	const plans = "title: P\nperiod: {start: 2026-01-01, end: 2026-01-31}\nstrategies:\n" +
		"  - {id: emea, scope: {region: EMEA}, targets: {revenue: 1}}\n" +
		"  - {id: a, scope: {channel: A}, targets: {revenue: 1}}\n"
	fsys, cfg, ps := settings(t, site, csv, plans)
	for _, need := range []*sales.Need{analysis.Need(cfg, ps, nil), nil} {
		data, err := sales.Load(fsys, cfg, sales.Options{Need: need})
		if err != nil {
			t.Fatal(err)
		}
		res, _, err := analysis.Run(cfg, ps, data, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		tg := target(t, find(t, res, "emea"), "revenue")
		for name, got := range map[string]analysis.Num{"actual": tg.Actual, "baseline to date": tg.BaselineToDate, "forecast": tg.Forecast} {
			if !got.Valid || got.V != 0.3 {
				t.Errorf("grouped by every dimension %v: %s %v, want exactly 0.3", need == nil, name, got)
			}
		}
	}
}
