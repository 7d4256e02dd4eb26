#!/usr/bin/env bash
# update-echarts.sh vendors the npm package "echarts" into
# internal/render/assets/third_party/echarts/ (dist/echarts.min.js, LICENSE,
# NOTICE) and records VERSION and SHA256SUMS, which the Go tests check.
#
#   scripts/update-echarts.sh            re-fetch the pinned version (VERSION)
#   scripts/update-echarts.sh 5.6.1      move to another exact version
#   scripts/update-echarts.sh -check     verify the vendored files (no network)
#
# The tarball is checked twice before anything is extracted: against the
# sha512 integrity the registry reports, and, for the pinned version, against
# TARBALL.sha256 kept in the repository, so a registry that starts serving
# different bytes for a version we already reviewed is caught. A new version
# has no recorded hash yet: its hash is written to TARBALL.sha256 here and
# the change shows up in review.
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "$0")/.." && pwd)
dir=$root/internal/render/assets/third_party/echarts
files=(echarts.min.js LICENSE NOTICE)

die() {
	echo "update-echarts: $*" >&2
	exit 1
}

# sha256 prints the hex digest of $1; sha256sum is GNU, shasum ships with macOS.
sha256() {
	if command -v sha256sum >/dev/null; then
		sha256sum "$1" | cut -d' ' -f1
	else
		shasum -a 256 "$1" | cut -d' ' -f1
	fi
}

check() {
	[ -s "$dir/VERSION" ] || die "missing $dir/VERSION"
	[ -s "$dir/SHA256SUMS" ] || die "missing $dir/SHA256SUMS"
	local bad=0 f want got
	for f in "${files[@]}"; do
		want=$(awk -v f="$f" '$2 == f { print $1 }' "$dir/SHA256SUMS")
		[ -n "$want" ] || die "SHA256SUMS has no entry for $f"
		[ -f "$dir/$f" ] || die "missing $dir/$f"
		got=$(sha256 "$dir/$f")
		if [ "$got" != "$want" ]; then
			echo "update-echarts: $f: sha256 $got, SHA256SUMS says $want" >&2
			bad=1
		fi
	done
	[ "$bad" = 0 ] || exit 1
	echo "echarts $(cat "$dir/VERSION"): vendored files match SHA256SUMS"
}

if [ "${1:-}" = "-check" ]; then
	[ $# = 1 ] || die "usage: $0 -check"
	check
	exit 0
fi
[ $# -le 1 ] || die "usage: $0 [VERSION | -check]"

version=${1:-$(cat "$dir/VERSION")}
# An exact version only: a range such as "5" would make npm view print one
# integrity per matching version.
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] ||
	die "version must be exact, like 5.6.0 (got \"$version\"); see: npm view echarts version"
command -v npm >/dev/null || die "npm is needed to fetch the package"
command -v node >/dev/null || die "node is needed to hash the tarball"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

integrity=$(npm view "echarts@$version" dist.integrity)
[[ $integrity == sha512-* ]] || die "npm reports no sha512 integrity for echarts@$version: \"$integrity\""

(cd "$tmp" && npm pack --silent "echarts@$version" >/dev/null)
tgz=$tmp/echarts-$version.tgz
[ -f "$tgz" ] || die "npm pack did not produce $(basename "$tgz")"

got=sha512-$(node -e 'const c = require("crypto"), fs = require("fs");
process.stdout.write(c.createHash("sha512").update(fs.readFileSync(process.argv[1])).digest("base64"))' "$tgz")
[ "$got" = "$integrity" ] || die "tarball integrity $got, registry says $integrity"

tarsum=$(sha256 "$tgz")
pinned=$dir/TARBALL.sha256
if [ -f "$pinned" ] && [ "$(awk '{ print $2 }' "$pinned")" = "echarts-$version.tgz" ]; then
	want=$(awk '{ print $1 }' "$pinned")
	[ "$tarsum" = "$want" ] || die "tarball sha256 $tarsum, TARBALL.sha256 says $want: the registry now serves different bytes for $version"
else
	echo "update-echarts: echarts-$version.tgz has no recorded sha256; recording $tarsum (registry integrity verified)" >&2
fi

tar -xzf "$tgz" -C "$tmp" package/dist/echarts.min.js package/LICENSE package/NOTICE
mkdir -p "$dir"
cp "$tmp/package/dist/echarts.min.js" "$tmp/package/LICENSE" "$tmp/package/NOTICE" "$dir/"
chmod 0644 "$dir/echarts.min.js" "$dir/LICENSE" "$dir/NOTICE"
echo "$version" >"$dir/VERSION"
echo "$tarsum  echarts-$version.tgz" >"$pinned"
for f in "${files[@]}"; do
	echo "$(sha256 "$dir/$f")  $f"
done >"$dir/SHA256SUMS"

check
echo "now run: go test ./internal/render/assets"
