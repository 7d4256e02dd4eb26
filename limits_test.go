package main

import (
	"strings"
	"testing"
)

// Sales data and settings that used to give a wrong figure, a status, a
// misleading message or a system error's exit status are input problems
// at their position (issue 13, items 9 and 11).
func TestSalesInputProblems(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string // the whole of stderr, less the count
	}{
		{name: "a sum that overflows", files: map[string]string{"site.yaml": measures,
			"data/sales.csv": "date,region,revenue\n2026-01-10,EMEA,1.7e308\n2026-02-10,EMEA,1.7e308\n"},
			want: `data/sales.csv:3:17: column "revenue": "1.7e308" makes metric "revenue" too large to add up (its figures so far, without their signs, add up past 1.8e308); fix the figure, or check that this column holds amounts`},
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
