package render

import (
	"encoding/json"
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"salesdeck/internal/analysis"
	"salesdeck/internal/load/config"
	"salesdeck/internal/load/history"
	"salesdeck/internal/render/label"
	"salesdeck/internal/support/diag"
)

// A site in German shows no English word of salesdeck's own: not in
// pages, menus, headings, tables, KPI cards, aria labels, chart titles
// and legends, nor in the handout and its page furniture. The site's own
// text is made German first, so that every English word left is one a
// template or the code wrote. The English words looked for are those of
// the reference catalogue and a few that hard-coded text would use; a
// word German shares ("Plan", "Status") is no evidence and left out.
// The site has all there is to word: a target changed in the plans'
// history (committed and not), charts of a period by month and by
// quarter and country, and a breakdown ranked by another metric.
func TestNoEnglishInGerman(t *testing.T) {
	site, res := askedFixture()
	site.Locale, site.Currency, site.Title = "de-DE", "EUR", "Vertriebspläne"
	site.Labels.Dimensions["product"] = "Produkt"
	germanSite(res)
	charts := "```chart\nmetric: umsatz\nby: country\nperiod: {start: 2026-01-01, end: 2026-06-30}\ngrain: quarter\n```\n\n" +
		"```chart\nmetric: marge\nperiod: {start: 2026-05-01, end: 2026-07-31}\n```\n\n" +
		"```chart\nstrategy: dach-enterprise\nkind: breakdown\ndimension: product\nmetric: stückzahl\n```\n"
	out, err := Render(Input{Site: site, Result: res, Pages: []Page{{Path: "diagramme.html", Title: "Diagramme", File: "content/diagramme.md", Body: charts, BodyLine: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	english := englishWords(t)
	for _, name := range htmlFiles(out) {
		found := map[string]int{}
		for _, w := range words(shownText(t, string(out[name]))) {
			if english[strings.ToLower(w)] {
				found[w]++
			}
		}
		if len(found) > 0 {
			t.Errorf("%s shows English words: %v", name, found)
		}
	}
}

// germanSite gives the fixture's strategies, plans, metrics and charts
// German names, drops what else they say in English, and has the first
// strategy's target changed in the plans' history, once in a commit and
// once in the working tree.
func germanSite(res *analysis.Site) {
	names := map[string]string{"revenue": "umsatz", "units": "stückzahl", "margin": "marge"}
	german := func(m analysis.Metric) analysis.Metric {
		m.Name = names[m.Name]
		return m
	}
	for _, p := range res.Plans {
		pl := *p.Plan
		pl.Title, pl.Owner, pl.Summary = "Wachstumsplan "+pl.ID, "Dana Weiß", ""
		p.Plan = &pl
		for _, s := range p.Strategies {
			st := *s.Strategy
			st.Title, st.Owner, st.Notes, st.Tactics = "Strategie "+st.ID, "Jonas Keller", "", []string{"Drei Kundenbesuche je Woche"}
			s.Strategy, s.Plan = &st, &pl
			for i := range s.Targets {
				s.Targets[i].Metric = german(s.Targets[i].Metric)
			}
			for i := range s.Asked {
				s.Asked[i].Metric = names[s.Asked[i].Metric]
			}
			for _, b := range s.Breakdowns {
				for i := range b.Entries {
					if b.Entries[i].Value == "Analytics add-on" {
						b.Entries[i].Value = "Analytik"
					}
				}
			}
		}
	}
	res.Metrics = []analysis.Metric{german(revenue), german(units), german(margin)}
	for _, c := range res.Charts {
		c.Metric = german(c.Metric)
		c.Ask.Metric = c.Metric.Name
	}
	tg := &res.Plans[0].Strategies[0].Targets[0]
	tg.Original = analysis.Some(tg.Target * 1.1)
	tg.Revisions = []history.Revision{
		{Version: history.Version{Commit: "3f2a9c1", Date: "2026-03-02", Author: "Dana Weiß", Message: "Ziel nach dem ersten Quartal gesenkt"}, From: tg.Original.V, To: tg.Target * 1.05},
		{From: tg.Target * 1.05, To: tg.Target},
	}
}

// englishWords are the words of the reference catalogue and of common
// English, lower case, but for those German text uses too.
func englishWords(t *testing.T) map[string]bool {
	t.Helper()
	en, err := label.Catalogue(label.Reference)
	if err != nil {
		t.Fatal(err)
	}
	de, err := label.Catalogue("de")
	if err != nil {
		t.Fatal(err)
	}
	german := map[string]bool{}
	for _, v := range de {
		for _, w := range words(v) {
			german[strings.ToLower(w)] = true
		}
	}
	out := map[string]bool{}
	common := "the of and with per to by in from for is are no not yet this these every each all download print skip figures made"
	for _, v := range append(slices.Collect(mapValues(en)), common) {
		for _, w := range words(v) {
			if w = strings.ToLower(w); len(w) > 1 && !german[w] && !placeholderWord(v, w) {
				out[w] = true
			}
		}
	}
	return out
}

func mapValues(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for _, v := range m {
			if !yield(v) {
				return
			}
		}
	}
}

// placeholderWord reports whether w is only the name of a placeholder
// of v ({metric}), which the page fills in.
func placeholderWord(v, w string) bool {
	return strings.Contains(strings.ToLower(v), "{"+w+"}") && !regexp.MustCompile(`(^|[^{])\b`+w+`\b`).MatchString(strings.ToLower(v))
}

var (
	tagRE    = regexp.MustCompile(`(?s)<script type="application/json"[^>]*>(.*?)</script>|<style>(.*?)</style>|<[^>]+>`)
	attrRE   = regexp.MustCompile(`\b(?:aria-label|title|alt)="([^"]*)"`)
	cssStrRE = regexp.MustCompile(`content:\s*"([^"]*)"`)
)

// shownText is what page shows: its text, the attributes a reader or a
// screen reader meets, the strings of CSS content and the texts of its
// chart options (not their keys or settings).
func shownText(t *testing.T, page string) string {
	var b strings.Builder
	for _, m := range attrRE.FindAllStringSubmatch(page, -1) {
		b.WriteString(" " + html.UnescapeString(m[1]))
	}
	text := tagRE.ReplaceAllStringFunc(page, func(tag string) string {
		m := tagRE.FindStringSubmatch(tag)
		switch {
		case m[1] != "":
			var opt any
			if err := json.Unmarshal([]byte(m[1]), &opt); err != nil {
				t.Fatalf("a chart's option: %v", err)
			}
			return " " + strings.Join(optionTexts(opt, ""), " ") + " "
		case m[2] != "":
			var css []string
			for _, c := range cssStrRE.FindAllStringSubmatch(m[2], -1) {
				css = append(css, c[1])
			}
			return " " + strings.Join(css, " ") + " "
		}
		return " "
	})
	b.WriteString(" " + html.UnescapeString(text))
	return b.String()
}

// optionTexts are the strings of a chart's option that it draws: names,
// formatters and category labels.
func optionTexts(v any, key string) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			out = append(out, optionTexts(e, k)...)
		}
	case []any:
		for _, e := range x {
			out = append(out, optionTexts(e, key)...)
		}
	case string:
		if key == "name" || key == "formatter" || key == "data" || key == "text" {
			out = append(out, x)
		}
	}
	return out
}

// words splits s into words of letters.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
}

// site.yaml's labels.text puts the site's own words in place of
// salesdeck's, wherever they show; a key salesdeck does not have is an
// error at its line, with the key it probably meant.
func TestOwnText(t *testing.T) {
	site, res := fixture()
	site.Locale = "fr-FR"
	site.Labels.Text = []config.TextLabel{{Key: "status.behind", Text: "Sous l'objectif"}, {Key: "kpi.forecast", Text: "Atterrissage"}}
	out, err := Render(Input{Site: site, Result: res})
	if err != nil {
		t.Fatal(err)
	}
	checkFiles(t, out, []fileWant{
		{"index.html", []string{"Sous l&#39;objectif", `<th scope="col" class="num">Atterrissage</th>`, "Vue d&#39;ensemble", "En bonne voie"}, []string{"Behind", "Prévision"}},
		{"handout.html", []string{"<dt>Atterrissage</dt>"}, nil},
	})

	// A site's words are text, wherever they go: an element, an
	// attribute, a chart's option, the handout's CSS.
	hostile := `"}</style></script><script>alert(1)</script>`
	site.Labels.Text = nil
	for _, k := range []string{"nav.skip", "nav.menu", "table.strategy", "chart.actual", "handout.page", "status.behind"} {
		site.Labels.Text = append(site.Labels.Text, config.TextLabel{Key: k, Text: hostile})
	}
	out, err = Render(Input{Site: site, Result: res})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range htmlFiles(out) {
		if strings.Contains(string(out[name]), "<script>alert(1)") {
			t.Errorf("%s runs a site's words", name)
		}
	}
	if !strings.Contains(string(out["index.html"]), "&lt;script&gt;alert(1)") {
		t.Error("index.html does not show the site's words as text")
	}

	site.Labels.Text = []config.TextLabel{{Key: "kpi.forcast", Text: "Outlook", Pos: diag.Pos{File: "site.yaml", Line: 40, Col: 5}}}
	_, err = Render(Input{Site: site, Result: res})
	want := `site.yaml:40:5: labels.text: salesdeck shows no text "kpi.forcast" (did you mean "kpi.forecast"?); the keys are those of its catalogue (docs/site-yaml.md, Labels)`
	if err == nil || err.Error() != want {
		t.Errorf("error:\n got %v\nwant %s", err, want)
	}
}

// The overview is headed by content/index.md's title, else by the site's
// title; the menu calls it Overview in the site's language.
func TestOverviewHeading(t *testing.T) {
	for _, tt := range []struct {
		name, title, locale, want string
	}{
		{"index.md's title", "FY2026 sales plans", "en-US", "<h1>FY2026 sales plans</h1>"},
		{"the site's title without one", "", "en-US", "<h1>Acme Sales Plans</h1>"},
		{"in German too", "", "de-DE", "<h1>Acme Sales Plans</h1>"},
	} {
		site, res := fixture()
		site.Locale = tt.locale
		pages := fixturePages()
		for i := range pages {
			if pages[i].Path == "index.html" {
				pages[i].Title = tt.title
			}
		}
		out, err := Render(Input{Site: site, Result: res, Pages: pages})
		if err != nil {
			t.Fatal(err)
		}
		menu := map[string]string{"en-US": ">Overview</a>", "de-DE": ">Übersicht</a>"}[tt.locale]
		for _, want := range []string{tt.want, menu} {
			if !strings.Contains(string(out["index.html"]), want) {
				t.Errorf("%s: index.html lacks %q", tt.name, want)
			}
		}
	}
}
