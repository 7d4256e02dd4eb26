package sales_test

import (
	"reflect"
	"testing"
	"testing/fstest"

	"salesdeck/internal/load/config"
	"salesdeck/internal/load/sales"
)

// A profile read row by row (CSV files) and one made from the groups a
// database source sends (ProfileOf) agree on what both can know: each
// dimension's distinct values and the rows of the most frequent, and the
// dates. Rows alone give a measure's range and the ignored columns.
func TestProfile(t *testing.T) {
	const csv = "date,region,rep,note,revenue\n" +
		"2026-01-12,EMEA,Dana,x,1200.5\n" +
		"2026-01-20,EMEA,Jonas,,-80\n" +
		"2026-02-18,APAC,Dana,y,950\n" +
		"2026-02-19,EMEA,Dana,x,10\n"
	fsys := fstest.MapFS{
		"site.yaml":      {Data: []byte("sales:\n  date: date\n  dimensions: [region, rep]\n  measures: {sales: revenue}\n")},
		"data/sales.csv": {Data: []byte(csv)},
	}
	cfg, err := config.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	rowwise := &sales.Profile{}
	if _, err := sales.Load(fsys, cfg, sales.Options{Profile: rowwise}); err != nil {
		t.Fatal(err)
	}
	d, err := sales.Load(fsys, cfg, sales.Options{})
	if err != nil {
		t.Fatal(err)
	}
	grouped := sales.ProfileOf(d, cfg.Sales)

	type dim struct {
		Distinct int
		Top      []sales.ValueRows
	}
	dims := func(p *sales.Profile) map[string]dim {
		out := map[string]dim{}
		for _, c := range p.Columns {
			if c.Role == sales.RoleDimension {
				out[c.Header] = dim{c.Distinct, c.Top}
			}
		}
		return out
	}
	want := map[string]dim{
		"region": {2, []sales.ValueRows{{"EMEA", 3}, {"APAC", 1}}},
		"rep":    {2, []sales.ValueRows{{"Dana", 3}, {"Jonas", 1}}},
	}
	for _, tt := range []struct {
		name string
		p    *sales.Profile
	}{{"rows", rowwise}, {"groups", grouped}} {
		t.Run(tt.name, func(t *testing.T) {
			if got := dims(tt.p); !reflect.DeepEqual(got, want) {
				t.Errorf("dimensions:\n got %v\nwant %v", got, want)
			}
			if tt.p.Rows != 4 || tt.p.First.String() != "2026-01-12" || tt.p.Last.String() != "2026-02-19" {
				t.Errorf("rows %d from %s to %s, want 4 from 2026-01-12 to 2026-02-19", tt.p.Rows, tt.p.First, tt.p.Last)
			}
		})
	}
	roles := map[string]string{}
	for _, c := range rowwise.Columns {
		roles[c.Header] = c.Role
		if c.Header == "revenue" && (c.Min != -80 || c.Max != 1200.5 || c.Name != "sales") {
			t.Errorf("revenue: min %v, max %v, name %q; want -80, 1200.5, sales", c.Min, c.Max, c.Name)
		}
		if c.Header == "note" && (c.Distinct != 2 || c.Empty != 1) {
			t.Errorf("note: %d distinct, %d empty; want 2 and 1", c.Distinct, c.Empty)
		}
	}
	wantRoles := map[string]string{"date": "date", "region": "dimension", "rep": "dimension", "note": "ignored", "revenue": "measure"}
	if !reflect.DeepEqual(roles, wantRoles) {
		t.Errorf("roles:\n got %v\nwant %v", roles, wantRoles)
	}
}
