#!/usr/bin/env bash
# serve-memory.sh measures `salesdeck serve` on a generated site: its
# memory after the first build, and its time and memory after one
# strategy's scope names a value of a dimension no scope named (the
# first row's rep, then product, twice), which needs the sales data
# grouped otherwise, and after the edit is taken back. BENCHMARKS.md
# shows its output.
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

# count is how many build summaries serve has printed.
count() { grep -c ' strategies, .* in ' "$log" || true; }

# builds waits until serve has printed more than n build summaries, and
# then until it has printed none for a second, and prints the times of
# those it printed after the n first: an edit that serve took as two
# would show as two.
builds() {
	for _ in $(seq 600); do
		if [ "$(count)" -gt "$1" ]; then
			local seen
			seen=$(count)
			while sleep 1 && [ "$(count)" != "$seen" ]; do seen=$(count); done
			grep ' strategies, .* in ' "$log" | tail -n +$(($1 + 1)) | sed 's/.* in //' | paste -sd' ' -
			return 0
		fi
		sleep 0.1
	done
	echo "serve printed no build summary:" >&2
	cat "$log" >&2
	exit 1
}
mem() { awk -v what="$1" '$1 == what":" {printf "%d MB", $2 / 1024}' "/proc/$pid/status"; }

builds 0 >/dev/null
echo "first build: $(grep ' strategies, .* in ' "$log" | tail -1)"
echo "  peak $(mem VmHWM), now $(mem VmRSS)"
plan=$work/content/plans/plan-01.yaml
orig=$(cat "$plan")
# Each edit is made to the plan as generated and then taken back, so that
# each starts from the same groups. Files are replaced whole (mv), as an
# editor saves them.
data=$(ls "$work"/data/*.csv | head -1)
for dim in rep product rep product; do
	# A value the data has, as a user would name: the first row's.
	value=$(head -2 "$data" | awk -F, -v dim="$dim" 'NR == 1 {for (i = 1; i <= NF; i++) if ($i == dim) c = i} NR == 2 {print $c}')
	# The plan's last strategy with a scope, so that no other moves.
	printf '%s\n' "$orig" | awk -v dim="$dim" -v value="$value" '{lines[NR] = $0; if ($0 == "    scope:") at = NR}
		END {for (i = 1; i <= NR; i++) {print lines[i]; if (i == at) printf "      %s: [\"%s\"]\n", dim, value}}' >"$plan.new"
	n=$(count)
	mv "$plan.new" "$plan"
	echo "scope on $dim ($value): $(builds "$n")   peak $(mem VmHWM), now $(mem VmRSS)"
	n=$(count)
	printf '%s\n' "$orig" >"$plan.new"
	mv "$plan.new" "$plan"
	echo "  taken back: $(builds "$n")   peak $(mem VmHWM), now $(mem VmRSS)"
done
