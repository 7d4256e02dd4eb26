package label

import (
	"fmt"
	"strings"
	"testing"
)

// fill gives what a strings.Replacer of its pairs gives, which it
// stands in for.
func TestFillIsAReplacer(t *testing.T) {
	tests := []struct {
		text string
		args []any
		want string
	}{
		{"{a} and {a}", []any{"a", 1}, "1 and 1"},
		{"{a} of {b} {c}", []any{"a", "x", "b", 2.5}, "x of 2.5 {c}"},
		{"{{a}} {", []any{"a", "x"}, "{x} {"},
		{"{a}", []any{"a", "one", "a", "two"}, "one"},
		{"{b}{a}", []any{"a", "{b}", "b", "{a}"}, "{a}{b}"},
		{"no braces", []any{"a", 1}, "no braces"},
		{"{n} 日中 {a}", []any{"n", 3, "a", "<b>"}, "3 日中 <b>"},
		{"}{a}{", []any{"a", ""}, "}{"},
		{"{a}", nil, "{a}"},
	}
	for _, tt := range tests {
		got := fill(tt.text, tt.args)
		if got != tt.want {
			t.Errorf("fill(%q, %v) = %q, want %q", tt.text, tt.args, got, tt.want)
		}
		var pairs []string
		for i := 0; i+1 < len(tt.args); i += 2 {
			pairs = append(pairs, "{"+fmt.Sprint(tt.args[i])+"}", fmt.Sprint(tt.args[i+1]))
		}
		if want := strings.NewReplacer(pairs...).Replace(tt.text); got != want {
			t.Errorf("fill(%q, %v) = %q, a strings.Replacer gives %q", tt.text, tt.args, got, want)
		}
	}
}
