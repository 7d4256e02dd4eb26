// Package config holds site.yaml: the site's title, money and number
// conventions, fiscal calendar, status thresholds, theme, where the sales
// data lives and how to read it, and the metrics targets talk about. It
// decodes and validates the file and fills in every default the contract
// names; it does not read sales data, so defaults that depend on the CSV
// header (dimensions, measures, default metrics) are settled by package
// sales when it reads the header.
package config

import (
	"time"

	"salesdeck/internal/support/civil"
	"salesdeck/internal/support/diag"
	"salesdeck/internal/support/metric"
)

// Site is site.yaml with its defaults applied.
type Site struct {
	Title           string
	Currency        string
	Locale          string
	FiscalYearStart int // month 1-12
	// AsOf is the site's as_of date when set in site.yaml; otherwise
	// AsOfSet is false and the latest date in the data is used.
	AsOf     civil.Date
	AsOfSet  bool
	AsOfPos  diag.Pos
	Status   Thresholds
	Theme    Theme
	Sales    Sales
	Metrics  []metric.Def // in the order written; nil when site.yaml has none
	Markdown Markdown
	Handout  Handout
	Labels   Labels
	// Analysis holds the settings of the price-volume-mix figures; its
	// zero value (no analysis key) computes none.
	Analysis Analysis
	// ScopeSpelling is "error" when a scope value that differs from one
	// of the data's only in case or surrounding spaces is an error, or
	// "warning" when it is only a warning (docs/site-yaml.md).
	ScopeSpelling string
	// History says how the plans' history is read from git
	// (docs/plans-in-git.md).
	History History
	File    string // the settings file read (site.yaml, or the one chosen), or "" when the site has no site.yaml
}

// Thresholds are the pace limits of a strategy's status (docs/figures.md,
// Status).
type Thresholds struct {
	OnTrack float64
	AtRisk  float64
}

// Theme is the site's branding.
type Theme struct {
	Primary string   // CSS colour
	Logo    string   // path relative to the site, optional
	LogoPos diag.Pos // where site.yaml names the logo, for errors about the file
}

// Markdown holds Markdown rendering options.
type Markdown struct {
	Unsafe bool // let raw HTML through
	// ExternalImages lets Markdown images from other hosts through; by
	// default they are left out with a warning (docs/security.md).
	ExternalImages bool
}

// Analysis is site.yaml's analysis: which measure counts the volume sold
// and by which dimension the mix is taken, for the price-volume-mix
// figures (docs/figures.md, Price, volume and mix). Whether the data has
// them is checked when its columns are known (package sales).
type Analysis struct {
	Volume    string   // a measure, such as units; "" when analysis is not set
	MixBy     string   // a dimension, such as product
	VolumePos diag.Pos // where site.yaml names them, for errors about the data
	MixByPos  diag.Pos
}

// Set reports whether site.yaml asks for price-volume-mix figures.
func (a Analysis) Set() bool { return a.Volume != "" && a.MixBy != "" }

// History holds site.yaml's plan history settings: history (on unless
// false) and plan_of_record, the tag, branch or commit whose targets are
// the original ones ("" for each strategy's first commit).
type History struct {
	Off             bool
	PlanOfRecord    string
	PlanOfRecordPos diag.Pos // where site.yaml names it, for a name the repository lacks
}

// Handout holds the board handout's paper settings.
type Handout struct {
	Paper       string // A4 | Letter
	Orientation string // portrait | landscape
}

// Labels are the names pages show for dimensions and their values
// (site.yaml's labels): display names, nothing else. Scopes, the data and
// the exports keep the data's own names and values.
type Labels struct {
	Dimensions map[string]string            // dimension -> its display name
	Values     map[string]map[string]string // dimension -> value -> its display name
	// Named lists every dimension the labels name, with where, in the
	// order written: the build warns of one the sales data lacks.
	Named []LabelRef
	// Text replaces salesdeck's own wording, by the key of its catalogue
	// (labels.text), in the order written; the render checks the keys.
	Text []TextLabel
}

// TextLabel is one entry of labels.text: a key of salesdeck's catalogue
// of words and the site's own text for it.
type TextLabel struct {
	Key, Text string
	Pos       diag.Pos // of the key
}

// LabelRef is a dimension named under labels.dimensions or labels.values.
type LabelRef struct {
	Dimension string
	Pos       diag.Pos
	Key       string // "labels.dimensions" or "labels.values"
}

// Sales says where the sales data is and how to read it.
type Sales struct {
	Files      []string // globs relative to the site
	Encoding   string
	Delimiter  rune
	Decimal    byte
	DateColumn string // "" means: find it by the usual names
	DateFormat string // "auto", a spreadsheet spelling or a Go layout, as written
	DateLayout string // the Go layout of DateFormat; "" for auto
	// Dimensions and Measures are nil when site.yaml leaves them out; the
	// CSV header then decides.
	Dimensions []string
	Measures   []Measure
	Pos        map[string]diag.Pos // positions of keys under sales, for errors about the data

	// Where the rows are, when not in CSV files (docs/databases.md).
	Source  string        // "csv" (the default), "postgres", "clickhouse" or "command"
	DSNEnv  string        // the environment variable holding the connection string
	Table   string        // a table or view, possibly qualified (analytics.sales)
	Query   string        // or a query whose rows stand for the table
	Command []string      // source command: the program and its arguments
	Dialect string        // the SQL the engine speaks (Dialects)
	Timeout time.Duration // per query
	// RankInSource are the dimensions whose breakdowns the source ranks
	// itself, sending each strategy's first values rather than a group
	// per value (docs/databases.md, "Ranking in the source").
	RankInSource []string
}

// RankingDialects are the dialects whose engines rank breakdowns for
// sales.rank_in_source: those with window functions and VALUES lists.
var RankingDialects = []string{"postgres", "duckdb", "snowflake", "ansi"}

// Sources are the values of sales.source; Dialects those of sales.dialect.
var (
	Sources  = []string{"csv", "postgres", "clickhouse", "command"}
	Dialects = []string{"postgres", "clickhouse", "duckdb", "bigquery", "snowflake", "ansi"}
)

// DefaultTimeout is how long a query of a database source may take when
// site.yaml does not say.
const DefaultTimeout = 5 * time.Minute

// Measure names a numeric column.
type Measure struct {
	Name   string
	Column string
	Pos    diag.Pos
}
