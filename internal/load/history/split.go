package history

import (
	"regexp"
	"strings"
)

// A commit that re-forecasts one strategy leaves the file's other
// strategies as they were, word for word, yet a YAML parser reads a file
// whole: the history of a site of a thousand strategies would parse
// twenty strategies for every one that changed. So a plan file's version
// is cut into its strategies as text, each parsed by package plan as a
// file of its own (the plan's other keys, then that one strategy), and a
// strategy whose text and plan keys were parsed before is not parsed
// again. A file the cut cannot be sure of is parsed whole.

// anchor matches a line with an anchor or alias where a value starts,
// which ties one part of a file to another; Markdown's *emphasis* inside
// a text value does not look like one.
var anchor = regexp.MustCompile(`^\s*(-\s+|[^\s#][^:#]*:\s+)+[&*][^\s*]|[\[{,]\s*[&*][^\s*]`)

// unsafe reports whether line may tie one part of a file to another (an
// anchor or alias, a merge key, a second document), which a cut would
// break, or holds a tab, whose indentation the cut would misread.
func unsafe(line string) bool {
	switch {
	case strings.HasPrefix(line, "---"), strings.HasPrefix(line, "..."), strings.Contains(line, "<<"), strings.Contains(line, "\t"):
		return true
	case strings.ContainsAny(line, "&*"):
		return anchor.MatchString(line)
	}
	return false
}

// itemStart matches the first item of the strategies list, giving its
// indentation.
var itemStart = regexp.MustCompile(`^( *)- `)

// split cuts a plan file into the text of each strategy, each with the
// file's other keys before it, as package plan reads a file; ok is false
// when the file is not laid out as a block list under a "strategies:"
// line of its own, or holds what a cut could break.
func split(src string) (parts []string, ok bool) {
	lines := strings.SplitAfter(src, "\n")
	start := -1
	for i, l := range lines {
		if unsafe(l) {
			return nil, false
		}
		if strings.TrimRight(l, "\r\n") == "strategies:" {
			if start >= 0 {
				return nil, false
			}
			start = i
		}
	}
	if start < 0 {
		return nil, false
	}
	// An item runs from its first line to the next item's, or to the end
	// of the list: blank lines and comments after an item go with it.
	// Items are cut from src by the lines' offsets, not put together
	// line by line, which cost as much as the rest of the cut.
	offsets := make([]int, len(lines)+1)
	for i, l := range lines {
		offsets[i+1] = offsets[i] + len(l)
	}
	var indent string
	var items []int // the line each item starts at
	end := len(lines)
	for i := start + 1; i < len(lines); i++ {
		l := lines[i]
		text := strings.TrimSpace(l)
		switch {
		case text == "" || strings.HasPrefix(text, "#"):
			continue
		case l[0] != ' ' && l[0] != '-':
			// The next key of the plan: the list has ended.
			end = i
		case indent == "":
			m := itemStart.FindStringSubmatch(l)
			if m == nil {
				return nil, false
			}
			indent = m[1] + "- "
			items = append(items, i)
			continue
		case strings.HasPrefix(l, indent):
			items = append(items, i)
			continue
		case len(items) > 0 && len(l)-len(strings.TrimLeft(l, " ")) > len(indent)-2:
			continue
		default:
			return nil, false
		}
		break
	}
	if len(items) == 0 {
		return nil, false
	}
	head := strings.Join(lines[:start], "") + strings.Join(lines[end:], "")
	if head != "" && !strings.HasSuffix(head, "\n") {
		head += "\n"
	}
	for k, from := range items {
		to := end
		if k+1 < len(items) {
			to = items[k+1]
		}
		parts = append(parts, head+"strategies:\n"+src[offsets[from]:offsets[to]])
	}
	return parts, true
}
