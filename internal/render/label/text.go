package label

import (
	"embed"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// The built-in text of pages, charts and the handout lives in the
// catalogue folder, one file per language (en.yaml is the reference);
// docs/site-yaml.md (Labels) tells how a site changes a piece of it.
//
//go:embed catalogue/*.yaml
var catalogue embed.FS

// Reference is the language every other one translates: its keys are
// the catalogue's keys, and it fills in for a language salesdeck lacks.
const Reference = "en"

// Text is the built-in text in one language, with a site's own wording
// over it. Its zero value gives every key back as it is. It is read only,
// and safe to share between goroutines.
type Text struct {
	m map[string]string
}

// Languages returns the languages of the catalogue, Reference first.
func Languages() []string {
	entries, err := catalogue.ReadDir("catalogue")
	if err != nil {
		panic(err) // embedded at build time
	}
	langs := []string{Reference}
	for _, e := range entries {
		if l := strings.TrimSuffix(e.Name(), ".yaml"); l != Reference {
			langs = append(langs, l)
		}
	}
	return langs
}

// Catalogue returns the text of one language as the catalogue has it; an
// error for a language it lacks or a file that is not a flat mapping of
// text.
func Catalogue(lang string) (map[string]string, error) {
	b, err := catalogue.ReadFile("catalogue/" + lang + ".yaml")
	if err != nil {
		return nil, err
	}
	var m map[string]string
	if err := yaml.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("catalogue/%s.yaml: %w", lang, err)
	}
	return m, nil
}

// Keys returns the catalogue's keys, sorted.
func Keys() []string {
	m := reference()
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func reference() map[string]string {
	m, err := Catalogue(Reference)
	if err != nil {
		panic(err) // embedded at build time, and tested
	}
	return m
}

// LanguageOf returns the language of a locale tag, "de" for "de-DE", when
// the catalogue has it; else Reference.
func LanguageOf(locale string) string {
	lang, _, _ := strings.Cut(strings.ReplaceAll(locale, "_", "-"), "-")
	lang = strings.ToLower(lang)
	if lang != "" && slices.Contains(Languages(), lang) {
		return lang
	}
	return Reference
}

// NewText returns the text for locale: its language's catalogue over the
// reference (so a key a language lacks still reads), and over both the
// site's own wording, own, by key. Keys own names that the catalogue
// lacks are left out; UnknownKeys reports them.
func NewText(locale string, own map[string]string) Text {
	m := reference()
	if lang := LanguageOf(locale); lang != Reference {
		tr, err := Catalogue(lang)
		if err != nil {
			panic(err) // embedded at build time, and tested
		}
		for k, v := range tr {
			if _, ok := m[k]; ok {
				m[k] = v
			}
		}
	}
	for k, v := range own {
		if _, ok := m[k]; ok {
			m[k] = v
		}
	}
	return Text{m: m}
}

// UnknownKeys returns the keys of own that are not the catalogue's, in
// the order given.
func UnknownKeys(own []string) []string {
	m := reference()
	var out []string
	for _, k := range own {
		if _, ok := m[k]; !ok {
			out = append(out, k)
		}
	}
	return out
}

// Get returns the text of key; a key the catalogue lacks comes back as
// it is, so a typo in a site's template shows on the page rather than
// nothing.
func (t Text) Get(key string) string {
	if s, ok := t.m[key]; ok {
		return s
	}
	return key
}

// Format returns the text of key with each {name} replaced: args are
// name, value pairs. Values are written as fmt.Sprint writes them.
func (t Text) Format(key string, args ...any) string {
	return fill(t.Get(key), args)
}

// Count returns the text of a count, key.one for n = 1 and key.other
// otherwise, with {n} replaced by shown (n as the page writes it, with
// the locale's digit grouping) and the other args as in Format.
func (t Text) Count(key string, n int, shown string, args ...any) string {
	form := key + ".other"
	if n == 1 {
		form = key + ".one"
	}
	return fill(t.Get(form), append([]any{"n", shown}, args...))
}

// Around returns the text of key cut at {name}: what comes before the
// name's place and what comes after it, for markup that sets the value
// apart ("of <strong>$1,000</strong> target"). Without {name} the whole
// text comes before.
func (t Text) Around(key, name string) (before, after string) {
	s := t.Get(key)
	before, after, _ = strings.Cut(s, "{"+name+"}")
	return before, after
}

func fill(s string, args []any) string {
	if len(args) == 0 || !strings.Contains(s, "{") {
		return s
	}
	// One pass over s, as strings.Replacer would make it, without
	// building a replacer for each text: pages fill thousands of them.
	// Names hold no braces, so "{{n}}" fills the inner "{n}".
	var b strings.Builder
	b.Grow(len(s) + 16)
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i+1:], '}')
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		if v, ok := arg(args, s[i+1:i+1+j]); ok {
			b.WriteString(v)
			s = s[i+j+2:]
			continue
		}
		b.WriteByte('{')
		s = s[i+1:]
	}
	b.WriteString(s)
	return b.String()
}

// arg is the value of the first name, value pair of args named name.
func arg(args []any, name string) (string, bool) {
	for i := 0; i+1 < len(args); i += 2 {
		if n, ok := args[i].(string); ok && n == name || !ok && fmt.Sprint(args[i]) == name {
			return str(args[i+1]), true
		}
	}
	return "", false
}

func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	}
	return fmt.Sprint(v)
}
