package serve

import (
	"path/filepath"
	"strings"
	"testing"

	"salesdeck/internal/support/testgit"
)

// A commit changes no file of the site, only the repository's: serve
// builds again, and the revision it made shows under its commit, without
// a restart.
func TestServeCommit(t *testing.T) {
	var repo *testgit.Repo
	r := start(t, func(dir string) {
		repo = testgit.New(t, dir)
		repo.Commit("c1", "Dana Whitfield", "The starter site")
	})
	page := r.url + "strategies/emea-growth.html"
	edit(t, filepath.Join(r.dir, "content/plans/fy2026.yaml"), "revenue: 250000", "revenue: 260000")
	await(t, page, "the uncommitted revision", func(b string) bool {
		return strings.Contains(b, `<td colspan="3">uncommitted changes</td>`)
	})
	id := repo.Commit("c2", "Jonas Keller", "Raise EMEA")
	await(t, page, "the committed revision", func(b string) bool {
		return strings.Contains(b, "<td><code>"+id+"</code></td>") && !strings.Contains(b, "uncommitted changes")
	})
}
