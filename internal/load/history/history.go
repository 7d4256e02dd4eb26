// Package history reads the versions of a site's plans from the git
// repository the site folder is in (docs/plans-in-git.md): for every
// strategy and target, the totals it has had, oldest first, with the
// commit, author, date and message of each change, and the target of the
// plan of record.
//
// It reads the repository with go-git, without a git program, and only
// the commits on the first-parent line of HEAD whose content/plans folder
// differs from their parent's; each version of a plan file is parsed by
// package plan. A commit's tree and parents come from git's commit-graph
// file when it holds the commit, so the others are never inflated. A strategy is followed by its ID, unique across a site,
// so a renamed plan file, a plan whose ID changes with its file's name
// and a strategy moved to another plan keep their history.
//
// What a repository holds up to a commit never changes, so the walk is
// kept by commit (Walked): a caller that builds again after a commit
// (salesdeck serve) reads only the commits that are new. The working
// tree's plans are the caller's (package plan loads them); this package
// compares them with the last commit's.
//
// It knows nothing of sales data, figures or pages, and never reads the
// clock or the repository's path into what it returns: two clones of a
// repository give the same history.
package history

import (
	"salesdeck/internal/load/plan"
	"salesdeck/internal/support/diag"
)

// History is what a repository holds of a site's plans.
type History struct {
	// Head is the version the site shows: the last commit that changed
	// the plans, or the working tree (Version.Commit "") when its plans
	// differ from HEAD's. Zero when the repository has no commit.
	Head Version
	// Shallow is set when the repository is a shallow clone: the history
	// starts at Since, not at the first commit.
	Shallow bool
	Since   Version
	// PlanOfRecord is the commit site.yaml's plan_of_record names, as a
	// version; zero when site.yaml names none (each strategy's first
	// version is then its original).
	PlanOfRecord Version
	// Strategies holds, by strategy ID, every strategy that a version
	// held, including those the working tree no longer has.
	Strategies map[string]*Strategy
	// Warnings are problems that do not stop a build: a shallow clone,
	// a plan of record missing from it.
	Warnings []*diag.Error
}

// Version is a commit, or the working tree when Commit is "".
type Version struct {
	Commit  string // the short commit ID, 7 hexadecimal digits
	Date    string // the author's date, in UTC: 2006-01-02
	Author  string // the author's name
	Message string // the first line of the commit message
}

// Uncommitted reports whether v is the working tree.
func (v Version) Uncommitted() bool { return v.Commit == "" }

// Strategy is the history of one strategy.
type Strategy struct {
	ID   string
	Plan string // the plan ID in the newest version holding the strategy
	// Targets are the strategy's target metrics in the order they first
	// appeared.
	Targets []*Target
}

// Target is the history of one target metric of a strategy.
type Target struct {
	Metric string
	// Original is the target in the plan of record, nil when the plan of
	// record does not hold it (a strategy or target added later).
	Original *plan.Target
	// Totals are the totals the target has had, oldest first: the
	// version that first held it, then each version whose total differs
	// from the one before (Revisions).
	Totals []Total
}

// Total is a target's total from a version on.
type Total struct {
	Version
	Total float64
}

// Revision is a change of a target's total.
type Revision struct {
	Version
	From, To float64
}

// Revisions are the changes of t's total, oldest first; none when t is
// nil.
func (t *Target) Revisions() []Revision {
	if t == nil {
		return nil
	}
	var out []Revision
	for i := 1; i < len(t.Totals); i++ {
		out = append(out, Revision{Version: t.Totals[i].Version, From: t.Totals[i-1].Total, To: t.Totals[i].Total})
	}
	return out
}

// Target returns the history of s's target metric, nil when it has none.
func (s *Strategy) Target(metric string) *Target {
	if s == nil {
		return nil
	}
	for _, t := range s.Targets {
		if t.Metric == metric {
			return t
		}
	}
	return nil
}

// Strategy returns the history of the strategy id; nil without one (or
// without a history).
func (h *History) Strategy(id string) *Strategy {
	if h == nil {
		return nil
	}
	return h.Strategies[id]
}
