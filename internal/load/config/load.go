package config

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/currency"
	"golang.org/x/text/language"
	"gopkg.in/yaml.v3"

	"salesdeck/internal/support/civil"
	"salesdeck/internal/support/diag"
	"salesdeck/internal/support/metric"
	"salesdeck/internal/support/yamldoc"
)

// FileName is the settings file at the root of a site, read when no other
// is chosen (salesdeck's -config).
const FileName = "site.yaml"

// Encodings lists the character encodings sales files may declare.
var Encodings = []string{"utf-8", "windows-1252", "iso-8859-1", "iso-8859-15", "ibm850"}

// Delimiter is a cell separator sales.delimiter accepts, with the way
// site.yaml writes it.
type Delimiter struct {
	Rune rune
	YAML string
}

// Delimiters are the separators sales.delimiter accepts.
var Delimiters = []Delimiter{{',', `","`}, {';', `";"`}, {'\t', `"\t"`}, {'|', `"|"`}}

// DelimiterYAML is how site.yaml writes delimiter d.
func DelimiterYAML(d rune) string {
	for _, x := range Delimiters {
		if x.Rune == d {
			return x.YAML
		}
	}
	return fmt.Sprintf("%q", d)
}

// encodingAliases are other names of Encodings that export dialogs and
// file(1) show, so an analyst can copy what their tool says.
var encodingAliases = map[string]string{
	"utf8": "utf-8", "cp1252": "windows-1252", "latin1": "iso-8859-1", "latin-1": "iso-8859-1",
	"latin9": "iso-8859-15", "latin-9": "iso-8859-15", "cp850": "ibm850", "ibm-850": "ibm850",
}

// DateColumnNames are the headers taken as the date column when site.yaml
// does not name one (compared case-insensitively).
var DateColumnNames = []string{"date", "order_date", "orderdate", "sale_date", "invoice_date"}

// Default returns the settings of a site without site.yaml.
func Default() *Site {
	return &Site{
		Title:           "Sales plans",
		Currency:        "USD",
		Locale:          "en-US",
		FiscalYearStart: 1,
		Status:          Thresholds{OnTrack: 1.0, AtRisk: 0.9},
		Theme:           Theme{Primary: "#1f5fd1"},
		Sales: Sales{
			Files:      []string{"data/*.csv"},
			Encoding:   "utf-8",
			Delimiter:  ',',
			Decimal:    '.',
			DateFormat: "auto",
			Pos:        map[string]diag.Pos{},
			Source:     "csv",
			Timeout:    DefaultTimeout,
		},
		Handout:       Handout{Paper: "A4", Orientation: "portrait"},
		ScopeSpelling: "error",
	}
}

// Load reads site.yaml from the root of fsys. A missing file gives the
// defaults; every problem found is returned together as a diag list.
func Load(fsys fs.FS) (*Site, error) { return LoadFile(fsys, "") }

// LoadFile reads the settings file name of fsys: a path in the site, as
// CheckName takes it, where "" is site.yaml. A missing site.yaml gives the
// defaults, but a file named otherwise must exist: its absence is a read
// error naming it. Every problem is returned together as a diag list, each
// at a position in the file.
func LoadFile(fsys fs.FS, name string) (*Site, error) {
	file, err := CheckName(name)
	if err != nil {
		return nil, fmt.Errorf("settings file %s: %w", name, err)
	}
	s := Default()
	var errs diag.List
	src, err := yamldoc.ReadFile(fsys, file)
	if errors.Is(err, fs.ErrNotExist) {
		if name == "" {
			return s, nil
		}
		errs.Append(&diag.Error{Pos: diag.Pos{File: file}, Err: err,
			Msg: "settings file not found: -config is a path relative to the site folder (-src), not to the folder salesdeck runs in"})
		return nil, errs.Err()
	}
	if err != nil {
		errs.Append(err)
		return nil, errs.Err()
	}
	s.File = file
	d := yamldoc.Doc{File: file, Errs: &errs, What: file}
	if root := d.Parse(src); root != nil {
		s.decode(d, root, src)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return s, nil
}

// CheckName returns name, the path of a settings file in the site, written
// with slashes or the system's separators and relative to the site
// folder, as a clean slash path; "" is FileName. A path that is absolute,
// passes through "..", or names the site folder itself is refused: the
// settings file is part of the site. The error does not repeat name.
func CheckName(name string) (string, error) {
	if name == "" {
		return FileName, nil
	}
	slash := filepath.ToSlash(name)
	const inside = "the settings file must be in the site folder: give its path relative to that folder (-src)"
	if filepath.IsAbs(name) || filepath.VolumeName(name) != "" || path.IsAbs(slash) {
		return "", errors.New("an absolute path; " + inside + ", such as examples/postgres/site.yaml")
	}
	if slices.Contains(strings.Split(slash, "/"), "..") {
		return "", errors.New(`a path through ".."; ` + inside + `, without ".."`)
	}
	file := path.Clean(slash)
	if file == "." {
		return "", errors.New("the site folder itself; give the path of the settings file in it, such as site.yaml")
	}
	return file, nil
}

// Name is the settings file the site was read from: site.yaml unless
// another was chosen, and site.yaml too when the site has none.
func (s *Site) Name() string { return cmp.Or(s.File, FileName) }

var colour = regexp.MustCompile(`^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20}|(rgb|hsl)a?\([0-9., %]+\))$`)

func (s *Site) decode(d yamldoc.Doc, root *yaml.Node, src []byte) {
	f, _ := d.Map(root, d.What, "title", "currency", "locale", "fiscal_year_start",
		"as_of", "status", "theme", "sales", "metrics", "markdown", "handout", "labels", "analysis", "scope_spelling", "history", "plan_of_record")
	if v, ok := f["title"]; ok {
		s.Title = d.String(v.Value, "title")
	}
	if v, ok := f["currency"]; ok {
		code := d.String(v.Value, "currency")
		if _, err := currency.ParseISO(code); err != nil || len(code) != 3 {
			d.Errorf(v.Value, "currency %q is not an ISO 4217 code such as USD, EUR or JPY", code)
		} else {
			s.Currency = strings.ToUpper(code)
		}
	}
	if v, ok := f["locale"]; ok {
		loc := d.String(v.Value, "locale")
		if _, err := language.Parse(loc); err != nil || loc == "" {
			d.Errorf(v.Value, "locale %q is not a language tag such as en-US, en-GB, de-DE, fr-FR or ja-JP", loc)
		} else {
			s.Locale = loc
		}
	}
	if v, ok := f["fiscal_year_start"]; ok {
		if m, ok := d.Int(v.Value, "fiscal_year_start"); ok {
			if m < 1 || m > 12 {
				d.Errorf(v.Value, "fiscal_year_start must be a month from 1 to 12, not %d", m)
			} else {
				s.FiscalYearStart = m
			}
		}
	}
	if v, ok := f["as_of"]; ok {
		if date, err := civil.Parse(d.String(v.Value, "as_of")); err != nil {
			d.Errorf(v.Value, "as_of: %v", err)
		} else {
			s.AsOf, s.AsOfSet, s.AsOfPos = date, true, d.Pos(v.Value)
		}
	}
	if v, ok := f["scope_spelling"]; ok {
		s.ScopeSpelling = oneOf(d, v.Value, "scope_spelling", "error", "warning")
	}
	if v, ok := f["status"]; ok {
		s.Status.decode(d, v.Value)
	}
	if v, ok := f["theme"]; ok {
		s.Theme.decode(d, v.Value)
	}
	if v, ok := f["sales"]; ok {
		s.Sales.decode(d, v.Value)
	}
	if v, ok := f["metrics"]; ok {
		s.Metrics = decodeMetrics(d, v.Value, src)
	}
	if v, ok := f["markdown"]; ok {
		s.Markdown.decode(d, v.Value)
	}
	if v, ok := f["handout"]; ok {
		s.Handout.decode(d, v.Value)
	}
	if v, ok := f["labels"]; ok {
		s.Labels.decode(d, v.Value)
	}
	if v, ok := f["analysis"]; ok {
		s.Analysis.decode(d, v.Value)
	}
	if v, ok := f["history"]; ok {
		s.History.Off = !d.Bool(v.Value, "history")
	}
	if v, ok := f["plan_of_record"]; ok {
		s.History.PlanOfRecord = strings.TrimSpace(d.String(v.Value, "plan_of_record"))
		s.History.PlanOfRecordPos = d.Pos(v.Value)
		if s.History.PlanOfRecord == "" {
			d.Errorf(v.Value, "plan_of_record is empty: name a tag, branch or commit, such as plan_of_record: fy2026-agreed, or leave the key out")
		}
	}
}

// decode sets the price-volume-mix settings of site.yaml's analysis
// mapping, which takes both keys: volume, the measure that counts what is
// sold, and mix_by, the dimension the mix is taken by. Whether the data
// has them is checked when its columns are known (package sales).
func (a *Analysis) decode(d yamldoc.Doc, n *yaml.Node) {
	keys := []string{"volume", "mix_by"}
	f, _ := d.Map(n, "analysis", keys...)
	for _, k := range []struct {
		key, what, example string
		to                 *string
		pos                *diag.Pos
	}{
		{"volume", "measure that counts what is sold", "units", &a.Volume, &a.VolumePos},
		{"mix_by", "dimension the mix is taken by", "product", &a.MixBy, &a.MixByPos},
	} {
		x, ok := f[k.key]
		if !ok {
			if yamldoc.IsMapping(n) && !yamldoc.Misspelt(n, k.key, keys) {
				d.Errorf(n, "analysis needs %s: the %s, as in analysis: {volume: units, mix_by: product}", k.key, k.what)
			}
			continue
		}
		*k.to, *k.pos = strings.TrimSpace(d.String(x.Value, "analysis."+k.key)), d.Pos(x.Value)
		if *k.to == "" {
			d.Errorf(x.Value, "analysis.%s must name the %s, such as %s", k.key, k.what, k.example)
		}
	}
}

// decode sets the thresholds that site.yaml's status mapping gives; a
// threshold it leaves out keeps its default.
func (t *Thresholds) decode(d yamldoc.Doc, n *yaml.Node) {
	st, _ := d.Map(n, "status", "on_track", "at_risk")
	valid := true
	for _, k := range []struct {
		key, example string
		to           *float64
	}{{"on_track", "1.0", &t.OnTrack}, {"at_risk", "0.9", &t.AtRisk}} {
		if x, ok := st[k.key]; ok {
			v, ok := threshold(d, x.Value, "status."+k.key, k.example)
			if ok {
				*k.to = v
			}
			valid = valid && ok
		}
	}
	// A threshold that is not a number is reported once, not again
	// as compared with the other.
	if valid && t.AtRisk > t.OnTrack {
		d.Errorf(n, "status.at_risk (%g) must not be above status.on_track (%g); set both, e.g. {on_track: 1.0, at_risk: 0.9}", t.AtRisk, t.OnTrack)
	}
}

// decode sets the theme that site.yaml's theme mapping gives.
func (th *Theme) decode(d yamldoc.Doc, n *yaml.Node) {
	f, _ := d.Map(n, "theme", "primary", "logo")
	if x, ok := f["primary"]; ok {
		c := d.String(x.Value, "theme.primary")
		if !colour.MatchString(c) {
			d.Errorf(x.Value, "theme.primary %q is not a CSS colour such as \"#1f5fd1\"", c)
		} else {
			th.Primary = c
		}
	}
	if x, ok := f["logo"]; ok {
		th.Logo = d.String(x.Value, "theme.logo")
		th.LogoPos = d.Pos(x.Value)
	}
}

// decode sets the Markdown options that site.yaml's markdown mapping
// gives.
func (m *Markdown) decode(d yamldoc.Doc, n *yaml.Node) {
	f, _ := d.Map(n, "markdown", "unsafe", "external_images")
	if x, ok := f["unsafe"]; ok {
		m.Unsafe = d.Bool(x.Value, "markdown.unsafe")
	}
	if x, ok := f["external_images"]; ok {
		m.ExternalImages = d.Bool(x.Value, "markdown.external_images")
	}
}

// decode sets the paper that site.yaml's handout mapping gives.
func (h *Handout) decode(d yamldoc.Doc, n *yaml.Node) {
	f, _ := d.Map(n, "handout", "paper", "orientation")
	if x, ok := f["paper"]; ok {
		h.Paper = oneOf(d, x.Value, "handout.paper", "A4", "Letter")
	}
	if x, ok := f["orientation"]; ok {
		h.Orientation = oneOf(d, x.Value, "handout.orientation", "portrait", "landscape")
	}
}

// threshold decodes a status threshold. YAML's .nan and .inf are floats
// to yamldoc, which calls them not finite; a site owner is told what to
// write instead.
func threshold(d yamldoc.Doc, n *yaml.Node, key, example string) (float64, bool) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!float" {
		var v float64
		if err := n.Decode(&v); err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
			d.Errorf(n, "%s must be a number such as %s, not %s", key, example, n.Value)
			return 0, false
		}
	}
	return d.Float(n, key)
}

// oneOf accepts one of choices, case-insensitively, and returns it as
// spelled in choices.
func oneOf(d yamldoc.Doc, n *yaml.Node, key string, choices ...string) string {
	v := d.String(n, key)
	for _, c := range choices {
		if strings.EqualFold(v, c) {
			return c
		}
	}
	d.Errorf(n, "%s must be one of %s, not %q", key, strings.Join(choices, ", "), v)
	return choices[0]
}

func (s *Sales) decode(d yamldoc.Doc, n *yaml.Node) {
	f, _ := d.Map(n, "sales", "files", "encoding", "delimiter", "decimal", "date",
		"date_format", "dimensions", "measures",
		"source", "dsn_env", "table", "query", "command", "dialect", "timeout", "rank_in_source")
	for k, v := range f {
		s.Pos[k] = d.Pos(v.Value)
	}
	s.decodeSource(d, n, f)
	if v, ok := f["files"]; ok {
		s.Files = decodeFiles(d, v.Value)
	}
	if v, ok := f["encoding"]; ok {
		if canon, ok := encodingAliases[strings.ToLower(d.String(v.Value, "sales.encoding"))]; ok {
			s.Encoding = canon
		} else {
			s.Encoding = oneOf(d, v.Value, "sales.encoding", Encodings...)
		}
	}
	if v, ok := f["delimiter"]; ok {
		x := d.String(v.Value, "sales.delimiter")
		if x == `\t` || x == "tab" {
			x = "\t"
		}
		i := slices.IndexFunc(Delimiters, func(dl Delimiter) bool { return string(dl.Rune) == x })
		if i < 0 {
			var all []string
			for _, dl := range Delimiters {
				all = append(all, dl.YAML)
			}
			d.Errorf(v.Value, "sales.delimiter must be %s or %s, not %q", strings.Join(all[:len(all)-1], ", "), all[len(all)-1], x)
		} else {
			s.Delimiter = Delimiters[i].Rune
		}
	}
	if v, ok := f["decimal"]; ok {
		switch x := d.String(v.Value, "sales.decimal"); x {
		case ".", ",":
			s.Decimal = x[0]
		default:
			d.Errorf(v.Value, `sales.decimal must be "." or ",", not %q`, x)
		}
	}
	if v, ok := f["date"]; ok {
		s.DateColumn = d.String(v.Value, "sales.date")
	}
	if v, ok := f["date_format"]; ok {
		s.DateFormat = d.String(v.Value, "sales.date_format")
		if s.DateFormat == "" {
			s.DateFormat = "auto"
		}
		layout, err := DateLayout(s.DateFormat)
		if err != nil {
			d.Errorf(v.Value, "sales.date_format: %v", err)
		}
		s.DateLayout = layout
	}
	if v, ok := f["dimensions"]; ok {
		s.Dimensions, _ = d.Strings(v.Value, "sales.dimensions")
		if s.Dimensions == nil {
			s.Dimensions = []string{}
		}
	}
	if v, ok := f["measures"]; ok {
		m, order := d.Map(v.Value, "sales.measures")
		s.Measures = []Measure{}
		for _, name := range order {
			col := d.String(m[name].Value, "sales.measures."+name)
			s.Measures = append(s.Measures, Measure{Name: name, Column: col, Pos: d.Pos(m[name].Key)})
		}
	}
}

// decodeSource reads the settings of a source other than CSV files and
// checks that they fit together: each source's own keys, and none of
// another's, so that a setting that would be ignored is pointed out.
func (s *Sales) decodeSource(d yamldoc.Doc, n *yaml.Node, f map[string]yamldoc.Field) {
	if v, ok := f["source"]; ok {
		s.Source = oneOf(d, v.Value, "sales.source", Sources...)
	}
	str := func(key string, to *string) {
		if v, ok := f[key]; ok {
			*to = strings.TrimSpace(d.String(v.Value, "sales."+key))
		}
	}
	str("dsn_env", &s.DSNEnv)
	str("table", &s.Table)
	str("query", &s.Query)
	if v, ok := f["dialect"]; ok {
		s.Dialect = oneOf(d, v.Value, "sales.dialect", Dialects...)
	}
	if v, ok := f["command"]; ok {
		s.Command, _ = d.Strings(v.Value, "sales.command")
		if len(s.Command) == 0 || s.Command[0] == "" {
			d.Errorf(v.Value, "sales.command must name a program and its arguments, such as [psql, -X, --csv]")
		}
	}
	if v, ok := f["timeout"]; ok {
		t, err := time.ParseDuration(d.String(v.Value, "sales.timeout"))
		if err != nil || t <= 0 {
			d.Errorf(v.Value, "sales.timeout must be a duration such as 60s or 5m")
		} else {
			s.Timeout = t
		}
	}
	if v, ok := f["rank_in_source"]; ok {
		s.RankInSource, _ = d.Strings(v.Value, "sales.rank_in_source")
	}
	// Keys that only one kind of source reads.
	only := map[string][]string{
		"csv":        {"files", "encoding", "delimiter", "decimal", "date_format"},
		"postgres":   {"dsn_env"},
		"clickhouse": {"dsn_env"},
		"command":    {"command", "dialect"},
	}
	for key, v := range f {
		var owners []string
		for _, src := range Sources {
			if slices.Contains(only[src], key) {
				owners = append(owners, src)
			}
		}
		if owners != nil && !slices.Contains(owners, s.Source) {
			d.Errorf(v.Key, "sales.%s is read only when sales.source is %s, and this site's source is %s; remove it", key, strings.Join(owners, " or "), s.Source)
		}
	}
	if s.Source == "csv" {
		for _, key := range []string{"table", "query", "timeout", "rank_in_source"} {
			if v, ok := f[key]; ok {
				d.Errorf(v.Key, "sales.%s is read only from a database or a command; set sales.source (postgres, clickhouse or command), or remove it", key)
			}
		}
		return
	}
	switch s.Source {
	case "postgres", "clickhouse":
		s.Dialect = s.Source
		if s.DSNEnv == "" {
			d.Errorf(n, "sales.source %s needs sales.dsn_env: the name of the environment variable that holds the connection string, such as SALES_DSN", s.Source)
		} else if !envName(s.DSNEnv) {
			d.Errorf(f["dsn_env"].Value, "sales.dsn_env is the name of an environment variable, such as SALES_DSN, not the connection string itself (keep passwords out of %s)", d.File)
		}
	case "command":
		if _, ok := f["command"]; !ok {
			d.Errorf(n, "sales.source command needs sales.command: the program and its arguments, such as [psql, -X, --csv, -v, ON_ERROR_STOP=1]")
		}
		if s.Dialect == "" && len(s.Command) > 0 {
			s.Dialect = dialectOf(s.Command[0])
		}
		if len(s.Command) > 0 && dialectOf(s.Command[0]) == "bigquery" && !slices.ContainsFunc(s.Command, func(a string) bool {
			return a == "-n" || strings.HasPrefix(a, "--max_rows")
		}) {
			// bq cuts an answer short without saying so, and the
			// figures would be wrong without a word.
			d.Errorf(f["command"].Value, "sales.command: bq prints only the first 100 rows of an answer unless told otherwise; add --max_rows=1000000000 so that every group arrives")
		}
	}
	if v, ok := f["rank_in_source"]; ok && !slices.Contains(RankingDialects, s.Dialect) {
		d.Errorf(v.Key, "sales.rank_in_source needs an engine with window functions and VALUES lists (dialect %s); %s ranks no breakdowns for salesdeck: remove it", strings.Join(RankingDialects, ", "), s.Dialect)
	}
	if (s.Table == "") == (s.Query == "") {
		d.Errorf(n, "sales.source %s needs either sales.table (a table or view, such as analytics.sales) or sales.query (a SELECT whose rows stand for the table), not both", s.Source)
	}
}

// dialectOf guesses the SQL a warehouse's command-line client speaks from
// its name, so that the usual clients need no sales.dialect.
func dialectOf(program string) string {
	base := strings.ToLower(path.Base(strings.ReplaceAll(program, "\\", "/")))
	switch {
	case strings.HasPrefix(base, "psql"):
		return "postgres"
	case strings.HasPrefix(base, "clickhouse"):
		return "clickhouse"
	case strings.HasPrefix(base, "duckdb"):
		return "duckdb"
	case base == "bq" || strings.HasPrefix(base, "bq."):
		return "bigquery"
	case strings.HasPrefix(base, "snowsql"):
		return "snowflake"
	}
	return "ansi"
}

// envName reports whether s can be the name of an environment variable.
func envName(s string) bool {
	for i, r := range s {
		if !(r == '_' || 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' || i > 0 && '0' <= r && r <= '9') {
			return false
		}
	}
	return s != ""
}

// decodeFiles reads sales.files, reporting patterns that would read
// outside the site or nothing at all.
func decodeFiles(d yamldoc.Doc, n *yaml.Node) []string {
	files, nodes := d.Strings(n, "sales.files")
	for i, g := range files {
		if g == "" {
			// It would match the site folder itself.
			d.Errorf(nodes[i], "sales.files: an empty pattern names no file; write a path or pattern such as data/*.csv")
		}
		if strings.HasPrefix(g, "/") || strings.Contains(g, "..") {
			d.Errorf(nodes[i], "sales.files: %q must be a path inside the site, relative to the site folder", g)
		}
	}
	if len(files) == 0 {
		d.Errorf(n, "sales.files must name at least one file or pattern, such as data/*.csv")
	}
	return files
}

func decodeMetrics(d yamldoc.Doc, n *yaml.Node, src []byte) []metric.Def {
	m, order := d.Map(n, "metrics")
	defs := []metric.Def{}
	for _, name := range order {
		key, v := m[name].Key, m[name].Value
		f, _ := d.Map(v, "metric "+name, "sum", "count", "count_distinct", "ratio", "format")
		def := metric.Def{Name: name, Format: "number", Pos: d.Pos(key)}
		kinds := 0
		if x, ok := f["sum"]; ok {
			kinds++
			def.Kind = metric.Sum
			expr := d.String(x.Value, "sum")
			if x.Value.Kind == yaml.MappingNode || x.Value.Kind == yaml.SequenceNode {
				continue // reported by String
			}
			e, err := metric.ParseExpr(expr)
			if err != nil {
				var se *metric.SyntaxError
				pos := d.Pos(x.Value)
				if errors.As(err, &se) {
					pos = exprPos(pos, src, x.Value, se.Offset)
					err = errors.New(se.Msg)
				}
				d.Errs.Add(pos, "metric %q: %v; write measure names joined by + - * / and parentheses, e.g. \"revenue - cost\"", name, err)
				continue
			}
			def.Expr = e
		}
		if x, ok := f["count"]; ok {
			kinds++
			def.Kind = metric.Count
			if c := d.String(x.Value, "count"); c != "rows" {
				d.Errorf(x.Value, "metric %q: count must be \"rows\", not %q; to count the distinct values of a column, write count_distinct: %s", name, c, c)
			}
		}
		if x, ok := f["count_distinct"]; ok {
			kinds++
			def.Kind = metric.Distinct
			def.Column = strings.TrimSpace(d.String(x.Value, "count_distinct"))
			if def.Column == "" && x.Value.Kind == yaml.ScalarNode {
				d.Errorf(x.Value, "metric %q: count_distinct names the column whose distinct values are counted, such as \"Order ID\"", name)
			}
		}
		if x, ok := f["ratio"]; ok {
			kinds++
			def.Kind = metric.Ratio
			parts, _ := d.Strings(x.Value, "ratio")
			if len(parts) != 2 {
				d.Errorf(x.Value, "metric %q: ratio must list two metrics, [numerator, denominator]", name)
				continue
			}
			def.Ratio = [2]string{parts[0], parts[1]}
			def.Format = "percent"
		}
		if kinds != 1 {
			d.Errorf(key, "metric %q must have exactly one of sum, count, count_distinct or ratio", name)
			continue
		}
		if x, ok := f["format"]; ok {
			def.Format = oneOf(d, x.Value, "format", "money", "number", "percent")
		}
		defs = append(defs, def)
	}
	return defs
}

// exprPos points at byte offset off of the expression in node n, whose own
// position is pos. Only a value written on one line, plain or quoted
// without escapes, can be mapped back to its columns; any other points at
// the value's start.
func exprPos(pos diag.Pos, src []byte, n *yaml.Node, off int) diag.Pos {
	lines := strings.Split(strings.TrimPrefix(string(src), "\ufeff"), "\n")
	if n.Line < 1 || n.Line > len(lines) {
		return pos
	}
	line := []rune(lines[n.Line-1])
	start := n.Column - 1
	switch n.Style {
	case 0:
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		start++
	default:
		return pos
	}
	expr := []rune(n.Value)
	if start < 0 || start+len(expr) > len(line) || string(line[start:start+len(expr)]) != n.Value {
		return pos
	}
	pos.Col = start + 1 + utf8.RuneCountInString(n.Value[:off])
	return pos
}
