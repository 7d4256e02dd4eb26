package main

import (
	"strings"
	"testing"
)

// Markdown over salesdeck's limits (internal/render/markdown) is invalid input at
// the place it crosses them: in a page at its file line and column, in a
// plan's summary or a strategy's notes at the YAML value, naming the line
// and column within it. Nothing is written.
func TestMarkdownLimitMessages(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{name: "nested quotes in a page",
			files: map[string]string{"content/about.md": "---\ntitle: About\n---\nHello.\n\n" + strings.Repeat("> ", 40) + "deep\n"},
			want:  "content/about.md:6:1: block quotes and lists nested 33 deep, over the 32 salesdeck allows; flatten them"},
		{name: "unclosed links in a page",
			files: map[string]string{"content/about.md": "---\ntitle: About\n---\n" + strings.Repeat("[a](b", 300) + "\n"},
			want:  "content/about.md:4:1281: more than 256 links or brackets ([) in one paragraph or table row; split it with a blank line"},
		{name: "a page too large",
			files: map[string]string{"content/about.md": "---\ntitle: About\n---\n" + strings.Repeat("Hello.\n", 200000)},
			want:  "content/about.md:4:1: 1.3 MiB of Markdown, over the 1.0 MiB salesdeck renders in one piece; split it into several pages"},
		{name: "a summary too large",
			files: map[string]string{"content/plans/plan.yaml": "title: Plan\nsummary: " + strings.Repeat("word ", 14000) + "\n" +
				"period: {start: 2026-01-01, end: 2026-03-31}\nstrategies:\n" + planStrategy},
			want: "content/plans/plan.yaml:1:1: summary, line 1:1: 69 KiB of Markdown, over the 64 KiB salesdeck renders in one piece; split it into several pages"},
		{name: "emphasis in a strategy's notes",
			files: map[string]string{"content/plans/plan.yaml": planHead + planStrategy + "    notes: |\n      Fine.\n\n      " + strings.Repeat("*a_ ", 300) + "\n"},
			want:  "content/plans/plan.yaml:4:9: notes, line 3:1001: more than 500 emphasis marks and quotes (* _ ~ ' \") in one paragraph or table row; split it with a blank line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := site(t, smallWith(tt.files))
			code, stdout, stderr := salesdeck(t, "check", "-src", dir)
			want := tt.want + "\n1 error; nothing was written\n"
			if code != 1 || stderr != want || stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant exit 1, stderr:\n%s", code, stdout, stderr, want)
			}
		})
	}
}
