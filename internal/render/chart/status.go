package chart

import "salesdeck/internal/analysis"

// StatusLook is how a status is shown: a word and a symbol, so it reads
// without colour (in print, for colour-blind readers), and a colour.
type StatusLook struct {
	Label  string
	Symbol string
	Colour string // CSS colour used in charts
}

var looks = map[analysis.Status]StatusLook{
	analysis.OnTrack:    {"On track", "●", "#1f9d55"},
	analysis.AtRisk:     {"At risk", "▲", "#d98a00"},
	analysis.Behind:     {"Behind", "▼", "#d64545"},
	analysis.Achieved:   {"Achieved", "★", "#0f766e"},
	analysis.Missed:     {"Missed", "✕", "#9b2c2c"},
	analysis.NotStarted: {"Not started", "○", "#9aa3ad"},
}

// Look returns how s is shown; an unknown status shows as its own name.
func Look(s analysis.Status) StatusLook {
	if l, ok := looks[s]; ok {
		return l
	}
	return StatusLook{Label: string(s), Symbol: "?", Colour: otherColour}
}
