package chart

import "salesdeck/internal/analysis"

// StatusLook is how a status is shown: a word and a symbol, so it reads
// without colour (in print, for colour-blind readers), and a colour.
type StatusLook struct {
	Label  string
	Symbol string
	Colour string // CSS colour used in charts
}

// look is a status's symbol and colour; its word is the catalogue's
// status.<status>.
type look struct{ symbol, colour string }

// Look returns how s is shown, its word in b's language; an unknown
// status shows as its own name.
func (b Builder) Look(s analysis.Status) StatusLook {
	l, ok := map[analysis.Status]look{
		analysis.OnTrack:    {"●", "#1f9d55"},
		analysis.AtRisk:     {"▲", "#d98a00"},
		analysis.Behind:     {"▼", "#d64545"},
		analysis.Achieved:   {"★", "#0f766e"},
		analysis.Missed:     {"✕", "#9b2c2c"},
		analysis.NotStarted: {"○", "#9aa3ad"},
	}[s]
	if !ok {
		return StatusLook{Label: string(s), Symbol: "?", Colour: otherColour}
	}
	return StatusLook{Label: b.Text.Get("status." + string(s)), Symbol: l.symbol, Colour: l.colour}
}
