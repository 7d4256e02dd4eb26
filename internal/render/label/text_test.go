package label_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"salesdeck/internal/render/label"
)

// Every language of the catalogue has every key of the reference, no
// other, and keeps the reference's {placeholders}: a translation that
// dropped {n} would show a count without its number.
func TestCatalogueIsComplete(t *testing.T) {
	ref, err := label.Catalogue(label.Reference)
	if err != nil {
		t.Fatal(err)
	}
	langs := label.Languages()
	for _, want := range []string{"en", "de", "es", "fr", "ja"} {
		if !slices.Contains(langs, want) {
			t.Errorf("the catalogue has no %s", want)
		}
	}
	placeholder := regexp.MustCompile(`\{[a-z]+\}`)
	names := func(s string) []string {
		ns := placeholder.FindAllString(s, -1)
		slices.Sort(ns)
		return slices.Compact(ns)
	}
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			m, err := label.Catalogue(lang)
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range label.Keys() {
				v, ok := m[k]
				switch {
				case !ok:
					t.Errorf("%s.yaml lacks %s (en: %q)", lang, k, ref[k])
				case strings.TrimSpace(v) == "":
					t.Errorf("%s.yaml: %s is empty", lang, k)
				case !slices.Equal(names(v), names(ref[k])):
					t.Errorf("%s.yaml: %s has placeholders %v, en has %v", lang, k, names(v), names(ref[k]))
				}
			}
			for k := range m {
				if _, ok := ref[k]; !ok {
					t.Errorf("%s.yaml: %s is not a key of en.yaml", lang, k)
				}
			}
		})
	}
}

// A count (count.*) has both forms in the reference, so every language
// has both.
func TestCountsHaveBothForms(t *testing.T) {
	keys := label.Keys()
	for _, k := range keys {
		if !strings.HasPrefix(k, "count.") {
			continue
		}
		for _, pair := range [][2]string{{".one", ".other"}, {".other", ".one"}} {
			if base, ok := strings.CutSuffix(k, pair[0]); ok && !slices.Contains(keys, base+pair[1]) {
				t.Errorf("%s has no %s%s", k, base, pair[1])
			}
		}
	}
}

func TestText(t *testing.T) {
	de := label.NewText("de-DE", nil)
	own := label.NewText("de_de", map[string]string{"status.on_track": "Auf Kurs", "no.such.key": "x"})
	before, after := label.NewText("en-US", nil).Around("kpi.of_target", "target")
	tests := []struct {
		name, got, want string
	}{
		{"the locale's language", de.Get("status.behind"), "Im Rückstand"},
		{"English for a locale without a catalogue", label.NewText("it-IT", nil).Get("status.behind"), "Behind"},
		{"English for en-GB", label.NewText("en-GB", nil).Get("kpi.forecast"), "Forecast"},
		{"the zero Text gives the key", label.Text{}.Get("kpi.pace"), "kpi.pace"},
		{"a site's own wording wins", own.Get("status.on_track"), "Auf Kurs"},
		{"and leaves the rest", own.Get("status.at_risk"), "Gefährdet"},
		{"placeholders are filled", de.Format("strategy.day_of", "day", 5, "total", "92"), "Tag 5 von 92"},
		{"one", de.Count("count.strategies", 1, "1"), "1 Strategie"},
		{"other", de.Count("count.strategies", 1200, "1.200"), "1.200 Strategien"},
		{"Japanese word order", label.NewText("ja-JP", nil).Format("strategy.day_of", "day", 5, "total", 92), "92 日中 5 日目"},
		{"around a placeholder", before + "|" + after, "of | target"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	if got := label.UnknownKeys([]string{"status.on_track", "status.ontrack"}); !slices.Equal(got, []string{"status.ontrack"}) {
		t.Errorf("UnknownKeys: got %q", got)
	}
	if got := label.LanguageOf("fr-FR") + label.LanguageOf("es_ES") + label.LanguageOf("xx"); got != "fresen" {
		t.Errorf("LanguageOf: got %q", got)
	}
}
