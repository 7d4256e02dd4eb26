package render

import (
	"errors"
	"fmt"
	"html/template"
	"maps"
	"regexp"
	"strconv"

	"salesdeck/internal/analysis"
	"salesdeck/internal/render/format"
	"salesdeck/internal/support/civil"
	"salesdeck/internal/support/diag"
)

// funcs are the helpers templates may use beyond Go's built-ins, in the
// site's locale, language and currency, with the pieces of markup.go. Views arrive formatted, so the built-in
// templates need few of them; they are for overrides that show a figure
// their own way. docs/templates.md lists them.
func (r *renderer) funcs() template.FuncMap {
	f := r.v.f
	fm := markup{t: r.v.t}.funcs()
	maps.Copy(fm, template.FuncMap{
		"money":   func(v any) (string, error) { return num(v, f.Money) },
		"number":  func(v any) (string, error) { return num(v, f.Number) },
		"percent": func(v any) (string, error) { return num(v, f.Percent) },
		"date": func(v any) (string, error) {
			switch d := v.(type) {
			case civil.Date:
				return f.Date(d), nil
			case string:
				c, err := civil.Parse(d)
				if err != nil {
					return "", fmt.Errorf("date: %q is not a date such as 2026-06-30", d)
				}
				return f.Date(c), nil
			}
			return "", fmt.Errorf("date: want a date such as \"2026-06-30\", not %T", v)
		},
		"markdown": func(s string) (template.HTML, error) {
			return r.markdownFrom(mdSource{page: r.cur, file: "templates", what: "markdown helper"}, s)
		},
		"status":      func(key string) StatusView { return r.v.status(analysis.Status(key)) },
		"statusLabel": func(key string) string { return r.v.status(analysis.Status(key)).Label },
		// The site's wording (docs/templates.md, Words).
		"t":        r.v.t.Get,
		"tf":       r.v.t.Format,
		"tn":       func(key string, n int, args ...any) string { return r.v.t.Count(key, n, f.Number(float64(n)), args...) },
		"humanize": format.Humanize,
		// Dimension names and values by site.yaml's labels.
		"dimension":      r.v.cb.Labels.Dimension,
		"dimensionValue": r.v.cb.Labels.Value,
	})
	return fm
}

// num formats v, a number of any Go kind or a numeric string.
func num(v any, fn func(float64) string) (string, error) {
	switch x := v.(type) {
	case float64:
		return fn(x), nil
	case float32:
		return fn(float64(x)), nil
	case int:
		return fn(float64(x)), nil
	case int64:
		return fn(float64(x)), nil
	case analysis.Num:
		if !x.Valid {
			return format.Dash, nil
		}
		return fn(x.V), nil
	case string:
		if n, err := strconv.ParseFloat(x, 64); err == nil {
			return fn(n), nil
		}
	}
	return "", fmt.Errorf("want a number, not %T %v", v, v)
}

// tmplPos finds the template file, line and (for execution errors) column
// at the start of Go's template errors: "template: plan.html:12:3: ..." or
// "html/template:partials/counts.html:12:3: ...".
var tmplPos = regexp.MustCompile(`^(?:html/)?template: ?([A-Za-z0-9._/-]+\.html):(\d+)(?::(\d+))?: (?s)(.*)$`)

// templateErr turns a template's parse or execution error into one that
// names the template file and line. In a template the site replaced it is
// an input problem (templates/x.html:LINE:COL: ...) to fix there; in a
// built-in one it is salesdeck's own bug.
func (r *renderer) templateErr(err error, page string) error {
	return templateErr(err, r.overridden, page)
}

func templateErr(err error, overridden map[string]bool, page string) error {
	var de *diag.Error
	if errors.As(err, &de) {
		return de // a Markdown figure's problem, already placed
	}
	m := tmplPos.FindStringSubmatch(err.Error())
	if m == nil {
		if page != "" {
			return fmt.Errorf("rendering %s: %w", page, err)
		}
		return err
	}
	line, _ := strconv.Atoi(m[2])
	col := 0
	if m[3] != "" {
		// Go counts the column from 0.
		col, _ = strconv.Atoi(m[3])
		col++
	}
	msg := m[4] + movedPartial(m[4])
	if page != "" {
		msg += " (rendering " + page + ")"
	}
	if overridden[m[1]] {
		return diag.Errorf(diag.Pos{File: "templates/" + m[1], Line: line, Col: col}, "%s", msg)
	}
	return fmt.Errorf("built-in template %s:%d: %s", m[1], line, msg)
}

// movedPartial says how to write a call of a partial that earlier
// versions defined in base.html and that is now a function (markup.go).
func movedPartial(msg string) string {
	m := regexp.MustCompile(`no such template "([a-z-]+)"`).FindStringSubmatch(msg)
	if m == nil {
		return ""
	}
	fn := map[string]string{"chart": "chart", "kpi": "kpi", "status": "badge", "bar": "bar",
		"strategies": "strategies", "print-chart": "printChart", "months": "months", "handout-row": "handoutRow"}[m[1]]
	if fn == "" {
		return ""
	}
	return fmt.Sprintf("; %q is a function now: write {{%s .}}", m[1], fn)
}
