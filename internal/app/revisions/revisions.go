// Package revisions is `salesdeck history`: the revisions of the targets
// of a site's strategies, from the plans' history in git, as a table for
// a terminal (docs/plans-in-git.md). It formats what package history
// read; it reads nothing itself.
package revisions

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"salesdeck/internal/app/console"
	"salesdeck/internal/load/config"
	"salesdeck/internal/load/history"
	"salesdeck/internal/load/plan"
	"salesdeck/internal/render/format"
	"salesdeck/internal/support/diag"
)

// Write writes the revisions of every target of the strategies of plans,
// or of the strategy named only, in plan order, each target's oldest
// first. A strategy the plans do not hold is an error that lists them.
func Write(w io.Writer, cfg *config.Site, plans []*plan.Plan, h *history.History, only string) error {
	var ids []string
	found := only == ""
	for _, p := range plans {
		for _, s := range p.Strategies {
			ids = append(ids, s.ID)
			found = found || s.ID == only
		}
	}
	if !found {
		return fmt.Errorf("no strategy %q in the plans%s; strategies: %s", only, diag.Suggest(only, ids), strings.Join(ids, ", "))
	}
	if h == nil {
		why := "the site is in no git repository"
		if cfg.History.Off {
			why = cfg.Name() + " says history: false"
		}
		_, err := fmt.Fprintf(w, "No plan history: %s.\n", why)
		return err
	}
	f := format.New(cfg.Locale, cfg.Currency)
	if v := h.PlanOfRecord; v.Commit != "" {
		fmt.Fprintf(w, "Plan of record: %s (commit %s, %s)\n\n", console.Cell(cfg.History.PlanOfRecord), v.Commit, v.Date)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STRATEGY\tTARGET\tDATE\tCOMMIT\tAUTHOR\tFROM\tTO\tMESSAGE")
	n := 0
	for _, p := range plans {
		for _, s := range p.Strategies {
			if only != "" && s.ID != only {
				continue
			}
			for _, t := range s.Targets {
				for _, r := range h.Strategy(s.ID).Target(t.Metric).Revisions() {
					date, commit := r.Date, r.Commit
					if r.Uncommitted() {
						date, commit = "-", "uncommitted"
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.ID, console.Cell(t.Metric), date, commit, console.Cell(r.Author),
						f.Number(r.From), f.Number(r.To), console.Cell(r.Message))
					n++
				}
			}
		}
	}
	if n == 0 {
		_, err := fmt.Fprintln(w, "No target has changed since it was first committed.")
		return err
	}
	return tw.Flush()
}
