#!/usr/bin/env bash
# bench.sh measures salesdeck against DuckDB and plain encoding/csv on
# generated sites, and how a build grows with the number of strategies.
# BENCHMARKS.md shows its output and says how to read it.
#
#   scripts/bench.sh                      every table, 5 runs each (a few minutes)
#   RUNS=3 ROWS="100000 1000000" scripts/bench.sh
#
# Settings (environment):
#   RUNS        runs of each measurement; the median is shown (default 5)
#   ROWS        data sizes of the first table (default "100000 1000000 10000000")
#   STRATEGIES  strategy counts of the second table (default "10 1000 10000")
#   BENCH_DIR   where sites and binaries go (default /tmp/salesdeck-bench)
#   BENCH_OUT   where builds write their site (default BENCH_DIR/out); its
#               file system is printed, since creating a thousand files
#               costs very different times on different ones
#   DUCKDB_DIR  where @duckdb/node-api is installed with npm if missing
#               (default /tmp/duck; never inside the repository)
#
# Engines, each run in a process of its own over the same file, warm in the
# page cache, taking turns so that a busy moment hits all of them:
#   duckdb month   DuckDB GROUP BY month, region, product, channel (query time)
#   duckdb cells   DuckDB GROUP BY day and the seven dimensions (query time)
#   encoding/csv   Go encoding/csv into a map by day and dimensions, one core
#   ingest         salesdeck's sales.Load: the same cells, in parallel
#   build          `salesdeck build` of the whole site: wall time of the
#                  process, every page, chart and export written to disk
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-5}
rows_list=${ROWS:-"100000 1000000 10000000"}
strategies_list=${STRATEGIES:-"10 1000 10000"}
work=${BENCH_DIR:-/tmp/salesdeck-bench}
duck=${DUCKDB_DIR:-/tmp/duck}
bin=$work/bin
out=${BENCH_OUT:-$work/out}

die() {
	echo "bench: $*" >&2
	exit 1
}

command -v node >/dev/null || die "node is needed for DuckDB (@duckdb/node-api)"
case $duck in "$root"/*) die "DUCKDB_DIR must be outside the repository" ;; esac

mkdir -p "$bin"
(cd "$root" && go build -o "$bin/salesdeck" . && go build -o "$bin/gendata" ./cmd/gendata && go build -o "$bin/groupby" ./scripts/groupby)
if [ ! -d "$duck/node_modules/@duckdb/node-api" ]; then
	mkdir -p "$duck"
	(cd "$duck" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --no-audit --no-fund @duckdb/node-api >/dev/null)
fi
cp "$root/scripts/duckdb-groupby.mjs" "$duck/"

# site ROWS STRATEGIES prints the folder of a generated site, writing it once.
site() {
	local dir=$work/rows$1-strategies$2
	if [ ! -f "$dir/.bench-done" ]; then
		rm -rf "$dir"
		"$bin/gendata" -site "$dir" -rows "$1" -plans $((($2 < 10) ? $2 : 10)) -strategies "$2" 2>/dev/null
		touch "$dir/.bench-done"
	fi
	echo "$dir"
}

# ms prints the milliseconds an engine reports ("123.4 ms, ...").
ms() { "$@" | awk '{print $1}'; }

# wall prints the wall milliseconds of a command, and its peak memory in MB
# after a space when GNU time is there.
wall() {
	local t0 t1 rss=""
	if [ -x /usr/bin/time ]; then
		t0=$(date +%s%N)
		rss=$(/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1)
		t1=$(date +%s%N)
		rss=$((rss / 1024))
	else
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1
		t1=$(date +%s%N)
	fi
	echo "$(((t1 - t0) / 1000000)) $rss"
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR) print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2); else print "-"}'; }

fmt_rows() { awk -v n="$1" 'BEGIN {if (n>=1e6) printf "%gM", n/1e6; else printf "%gk", n/1e3}'; }

echo "# salesdeck benchmarks"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores, $(awk '/model name/ {sub(/.*: /,""); print; exit}' /proc/cpuinfo); $(go version | awk '{print $3}'); DuckDB $(node -e "console.log(require('$duck/node_modules/@duckdb/node-api/package.json').version)"); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
mkdir -p "$out"
echo "Builds write to $out: $(findmnt -no FSTYPE,SOURCE -T "$out" 2>/dev/null || echo 'file system unknown')."
echo "Medians of $runs runs, milliseconds; peak memory (max RSS) of salesdeck build in MB."
echo
echo "| rows | file | duckdb month | duckdb cells | encoding/csv | salesdeck ingest | salesdeck build | build peak MB |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for rows in $rows_list; do
	dir=$(site "$rows" 1000)
	csv=$dir/data/sales.csv
	size=$(du -m "$csv" | cut -f1)
	: >"$work/m" && : >"$work/c" && : >"$work/g" && : >"$work/i" && : >"$work/b" && : >"$work/r"
	for _ in $(seq "$runs"); do
		ms node "$duck/duckdb-groupby.mjs" "$csv" month3 "$(nproc)" >>"$work/m"
		ms node "$duck/duckdb-groupby.mjs" "$csv" cells "$(nproc)" >>"$work/c"
		ms "$bin/groupby" -engine csv -file "$csv" >>"$work/g"
		ms "$bin/groupby" -engine salesdeck -src "$dir" >>"$work/i"
		read -r t rss < <(wall "$bin/salesdeck" build -src "$dir" -out "$out")
		echo "$t" >>"$work/b"
		echo "${rss:-0}" >>"$work/r"
	done
	echo "| $(fmt_rows "$rows") | ${size} MB | $(median <"$work/m") | $(median <"$work/c") | $(median <"$work/g") | $(median <"$work/i") | $(median <"$work/b") | $(sort -n "$work/r" | tail -1) |"
done
echo
echo "Build of 1M rows by number of strategies (ten plans; one plan below ten):"
echo
echo "| strategies | salesdeck build | build peak MB | salesdeck check (no writing) |"
echo "|---:|---:|---:|---:|"
for n in $strategies_list; do
	dir=$(site 1000000 "$n")
	: >"$work/b" && : >"$work/r" && : >"$work/k"
	for _ in $(seq "$runs"); do
		read -r t rss < <(wall "$bin/salesdeck" build -src "$dir" -out "$out")
		echo "$t" >>"$work/b"
		echo "${rss:-0}" >>"$work/r"
		read -r t _ < <(wall "$bin/salesdeck" check -src "$dir")
		echo "$t" >>"$work/k"
	done
	echo "| $n | $(median <"$work/b") | $(sort -n "$work/r" | tail -1) | $(median <"$work/k") |"
done
echo
echo "Load after: $(cut -d' ' -f1-3 /proc/loadavg)"
