// Package assets embeds the third-party files every generated site ships in
// public/assets/: the Apache ECharts library with its licence and notice.
// Sites must work offline and from file://, so nothing is ever loaded from
// a CDN; the files are vendored by scripts/update-echarts.sh, which records
// their hashes in third_party/echarts/SHA256SUMS, and the tests refuse a
// copy that no longer matches them.
//
// The package knows nothing of pages, templates or where the files are
// linked from; it only hands out their bytes under their output paths.
package assets

import (
	"embed"
	"strings"
)

//go:embed third_party/echarts/echarts.min.js third_party/echarts/LICENSE third_party/echarts/NOTICE
var echarts embed.FS

//go:embed third_party/echarts/VERSION
var version string

// outputs maps each output path (relative to public/) to its vendored file.
// The licence files get a .txt suffix so browsers show them instead of
// offering a download.
var outputs = map[string]string{
	"assets/echarts.min.js":      "third_party/echarts/echarts.min.js",
	"assets/echarts-LICENSE.txt": "third_party/echarts/LICENSE",
	"assets/echarts-NOTICE.txt":  "third_party/echarts/NOTICE",
}

// Files returns the vendored files keyed by their path relative to
// public/. The map and its slices are new on every call, so a caller may
// change them without affecting later builds.
func Files() map[string][]byte {
	out := make(map[string][]byte, len(outputs))
	for name, src := range outputs {
		b, err := echarts.ReadFile(src)
		if err != nil {
			panic("assets: " + err.Error()) // the embed directive guarantees the file
		}
		out[name] = b
	}
	return out
}

// Version returns the vendored ECharts version, such as "5.6.0".
func Version() string { return strings.TrimSpace(version) }
