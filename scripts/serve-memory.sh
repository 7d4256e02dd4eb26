#!/usr/bin/env bash
# serve-memory.sh measures `salesdeck serve` on a generated site: its
# memory after the first build, and its time and memory after one
# strategy's scope names a dimension no scope named (rep, then product,
# twice), which needs the sales data grouped otherwise, and after the
# edit is taken back. BENCHMARKS.md shows its
# output.
#
#   scripts/serve-memory.sh BINARY SITE
#
# SITE is a site of tools/gendata (content/plans/plan-01.yaml with
# strategies that have a scope); it is copied to /dev/shm first, and the
# copy removed after. The times are serve's own summary lines.
set -euo pipefail
bin=$(realpath "$1")
site=$2
work=$(mktemp -d /dev/shm/salesdeck-serve.XXXXXX)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
cp -r "$site"/. "$work"/
log=$work/serve.log
port=$((20000 + RANDOM % 20000))
"$bin" serve -src "$work" -addr 127.0.0.1:$port >"$log" 2>&1 &
pid=$!

# builds waits until serve has printed n build summaries.
builds() {
	for _ in $(seq 600); do
		[ "$(grep -c ' strateg' "$log" || true)" -ge "$1" ] && return 0
		sleep 0.1
	done
	echo "serve printed no build summary:" >&2
	cat "$log" >&2
	exit 1
}
mem() { awk -v what="$1" '$1 == what":" {printf "%d MB", $2 / 1024}' "/proc/$pid/status"; }

builds 1
echo "first build: $(grep ' strateg' "$log" | tail -1)"
echo "  peak $(mem VmHWM), now $(mem VmRSS)"
plan=$work/content/plans/plan-01.yaml
orig=$(cat "$plan")
n=1
# Each edit is made to the plan as generated and then taken back, so that
# each starts from the same groups.
for dim in rep product rep product; do
	n=$((n + 1))
	# The plan's last strategy with a scope, so that no other moves.
	printf '%s\n' "$orig" | awk -v dim="$dim" '{lines[NR] = $0; if ($0 == "    scope:") at = NR}
		END {for (i = 1; i <= NR; i++) {print lines[i]; if (i == at) printf "      %s: [\"X\"]\n", dim}}' >"$plan.new"
	mv "$plan.new" "$plan"
	builds $n
	echo "scope on $dim: $(grep ' strateg' "$log" | tail -1 | sed 's/.* in //')   peak $(mem VmHWM), now $(mem VmRSS)"
	n=$((n + 1))
	printf '%s\n' "$orig" >"$plan"
	builds $n
	echo "  taken back: $(grep ' strateg' "$log" | tail -1 | sed 's/.* in //')   peak $(mem VmHWM), now $(mem VmRSS)"
done
