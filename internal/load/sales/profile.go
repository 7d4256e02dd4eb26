package sales

import (
	"cmp"
	"maps"
	"slices"
	"strings"

	"salesdeck/internal/load/config"
	"salesdeck/internal/support/civil"
)

// Profile is what a load made of each column of the sales data: its role,
// its distinct values with their rows, or its smallest and largest
// figure (salesdeck inspect, docs/commands.md). A load fills it when
// Options.Profile is set, reading the files one row after the other; a
// database source's is made from the groups it sent (ProfileOf).
type Profile struct {
	Columns []Column
	Rows    int
	First   civil.Date // the earliest and latest dates; zero without rows
	Last    civil.Date
	// Rowwise is true when the figures come from each row (CSV files),
	// false when from groups of rows: a database's measures then have
	// no smallest or largest figure, and ignored columns are not read.
	Rowwise bool
}

// Roles of a column.
const (
	RoleDate      = "date"
	RoleDimension = "dimension"
	RoleMeasure   = "measure"
	RoleCounted   = "counted" // only a count_distinct metric reads it
	RoleIgnored   = "ignored"
)

// Column is one column of a Profile.
type Column struct {
	Header string // as the file (or table) names it
	Name   string // as plans and metrics name it, when not Header
	Role   string
	// Distinct counts the different values, up to MaxDistinct; More is
	// set when there were more. Top are the most frequent (RowsOf).
	Distinct int
	More     bool
	Top      []ValueRows
	Empty    int // rows with nothing in the cell
	// Min and Max are a measure's smallest and largest figure, when
	// Rowwise; Numbers counts its cells read as figures.
	Min, Max float64
	Numbers  int

	counts map[string]int
}

// ValueRows is a value and the number of rows that have it.
type ValueRows struct {
	Value string
	Rows  int
}

// MaxDistinct bounds the values a profile keeps of a column: an order ID
// column of a large file would otherwise hold every row.
const MaxDistinct = 10000

// topValues is how many of a column's values a Profile lists.
const topValues = 5

// start sets the profile's columns up once the loader has mapped the
// header (setup).
func (p *Profile) start(l *loader) {
	p.Rowwise = true
	p.Columns = make([]Column, len(l.header))
	for i, h := range l.header {
		c := &p.Columns[i]
		c.Header, c.Role, c.counts = h, RoleIgnored, map[string]int{}
		switch {
		case i == l.dateCol:
			c.Role = RoleDate
		case slices.Contains(l.dimCols, i):
			c.Role = RoleDimension
			c.Name = l.data.Dimensions[slices.Index(l.dimCols, i)]
		case slices.Contains(l.meaCols, i):
			c.Role = RoleMeasure
			c.Name = l.data.Measures[slices.Index(l.meaCols, i)]
		case slices.Contains(l.distCols, i):
			c.Role = RoleCounted
		}
		if c.Name == h {
			c.Name = ""
		}
	}
}

// add counts a row that was read, with its date and its measures'
// figures (in the order of l.meaCols).
func (p *Profile) add(l *loader, rec []string, day civil.Date, meas []float64) {
	if p.Columns == nil {
		p.start(l)
	}
	if p.Rows == 0 || day < p.First {
		p.First = day
	}
	if p.Rows == 0 || day > p.Last {
		p.Last = day
	}
	p.Rows++
	for i := range p.Columns {
		c := &p.Columns[i]
		v := strings.TrimSpace(rec[i])
		if v == "" {
			c.Empty++
		}
		if c.Role == RoleMeasure && v != "" {
			f := meas[slices.Index(l.meaCols, i)]
			if c.Numbers == 0 || f < c.Min {
				c.Min = f
			}
			if c.Numbers == 0 || f > c.Max {
				c.Max = f
			}
			c.Numbers++
		}
		if c.Role == RoleDate || v == "" {
			continue
		}
		if _, ok := c.counts[v]; ok || len(c.counts) < MaxDistinct {
			c.counts[v]++
		} else {
			c.More = true
		}
	}
}

// finish ranks each column's values.
func (p *Profile) finish(l *loader) {
	if p.Columns == nil {
		p.start(l)
	}
	for i := range p.Columns {
		c := &p.Columns[i]
		c.Distinct, c.Top = len(c.counts), top(c.counts)
		c.counts = nil
	}
}

// top returns the most frequent values of counts, by rows and then by
// value.
func top(counts map[string]int) []ValueRows {
	var out []ValueRows
	for _, v := range slices.Sorted(maps.Keys(counts)) {
		out = append(out, ValueRows{v, counts[v]})
	}
	slices.SortStableFunc(out, func(a, b ValueRows) int { return cmp.Compare(b.Rows, a.Rows) })
	return out[:min(len(out), topValues)]
}

// ProfileOf makes the profile of data that was loaded in groups (a
// database source, without Need), as sc names its columns: its
// dimensions' values with their rows, from the cells, and its measures.
func ProfileOf(d *Data, sc config.Sales) *Profile {
	p := &Profile{Rows: d.RowsRead, First: d.First, Last: d.Last}
	p.Columns = append(p.Columns, Column{Header: sc.DateColumn, Role: RoleDate})
	ng := len(d.Grouped)
	for j, name := range d.Dimensions {
		c := Column{Header: name, Role: RoleDimension, Distinct: len(d.Values[j])}
		if g := slices.Index(d.Grouped, j); g >= 0 {
			counts := map[string]int{}
			for i, rows := range d.Rows {
				counts[d.Values[j][d.Keys[i*ng+g]]] += int(rows)
			}
			c.Top = top(counts)
		}
		p.Columns = append(p.Columns, c)
	}
	for _, m := range sc.Measures {
		c := Column{Header: m.Column, Name: m.Name, Role: RoleMeasure}
		if c.Name == c.Header {
			c.Name = ""
		}
		p.Columns = append(p.Columns, c)
	}
	return p
}
