package main

import (
	"strings"
	"testing"
)

// Sales data and settings that used to give a wrong figure, a status, a
// misleading message or a system error's exit status are input problems
// at their position (issue 13, items 9 to 11).
func TestSalesInputProblems(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string // the whole of stderr, less the count
	}{
		{name: "a sum that overflows", files: map[string]string{"site.yaml": measures,
			"data/sales.csv": "date,region,revenue\n2026-01-10,EMEA,1.7e308\n2026-02-10,EMEA,1.7e308\n"},
			want: `data/sales.csv:3:17: column "revenue": "1.7e308" makes metric "revenue" too large to add up (its figures so far, without their signs, add up past 1.8e308); fix the figure, or check that this column holds amounts`},
		{name: "a UTF-16 file", files: map[string]string{"data/sales.csv": "\xff\xfed\x00a\x00t\x00e\x00,\x00r\x00\n\x00"},
			want: `data/sales.csv:1: the file is UTF-16 text (as Excel saves "Unicode Text"), which salesdeck does not read: save it as UTF-8, in Excel as "CSV UTF-8 (Comma delimited)"`},
		{name: "a quote never closed in the last row", files: map[string]string{"data/sales.csv": csvHead + "2026-01-11,\"EMEA,100\n"},
			want: `data/sales.csv:3:12: a quoted cell starting here is never closed; close the quote, or double every " inside the cell`},
		{name: "a row of more than 1 MB", files: map[string]string{"data/sales.csv": csvHead + "2026-01-11,EMEA," + strings.Repeat("1", 1<<20) + "\n"},
			want: `data/sales.csv:3:1: this row is longer than 1 MB, the most a row may hold: check that the file is CSV and that sales.delimiter is right`},
		{name: "an empty sales.files pattern", files: map[string]string{"site.yaml": "title: Small\nas_of: 2026-02-15\nsales:\n  files: [\"\"]\n"},
			want: `site.yaml:4:11: sales.files: an empty pattern names no file; write a path or pattern such as data/*.csv`},
		{name: "a folder as sales.files", files: map[string]string{"site.yaml": "title: Small\nas_of: 2026-02-15\nsales:\n  files: [data]\n"},
			want: `site.yaml:4:10: sales.files: "data" is a folder; name the CSV files in it, such as "data/*.csv"`},
		{name: "on_track: .nan", files: map[string]string{"site.yaml": "title: Small\nas_of: 2026-02-15\nstatus: {on_track: .nan, at_risk: 0.9}\n"},
			want: `site.yaml:3:20: status.on_track must be a number such as 1.0, not .nan`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := site(t, smallWith(tt.files))
			code, stdout, stderr := salesdeck(t, "build", "-src", dir)
			want := tt.want + "\n1 error; nothing was written\n"
			if code != 1 || stderr != want || stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant exit 1, stderr:\n%s", code, stdout, stderr, want)
			}
			if strings.Contains(stderr, "on track") {
				t.Error("a status was given")
			}
		})
	}
}
