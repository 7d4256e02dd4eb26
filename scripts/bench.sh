#!/usr/bin/env bash
# bench.sh measures salesdeck against DuckDB and plain encoding/csv on
# generated sites, how a build grows with the number of strategies, and
# how it fares on data of every shape: tidy, and CRM exports where nearly
# every row is a combination of dimension values of its own.
# BENCHMARKS.md shows its output and says how to read it.
#
#   scripts/bench.sh                      every table, 5 runs each (several minutes)
#   RUNS=3 ROWS="100000 1000000" scripts/bench.sh
#   TABLES=shapes ROWS=1000000 scripts/bench.sh
#
# Settings (environment):
#   RUNS        runs of each measurement; the median is shown (default 5)
#   ROWS        data sizes of the first table (default "100000 1000000 10000000")
#   STRATEGIES  strategy counts of the second table (default "10 1000 10000")
#   SHAPE_ROWS  data sizes of the shapes table (default: those of ROWS of a
#               million and more, or the largest of ROWS if none is)
#   TABLES      which tables: engines, strategies, shapes (default all)
#   BENCH_DIR   where sites and binaries go (default /tmp/salesdeck-bench)
#   BENCH_OUT   where builds write their site (default
#               /dev/shm/salesdeck-bench-out, a tmpfs, so that the file
#               system does not blur the build's own time); its file
#               system is printed, since creating a thousand files costs
#               very different times on different ones
#   DISK_OUT    where one build of the shapes table is written once more,
#               reported apart: the machine's own disk (default
#               /tmp/salesdeck-bench-disk)
#   DUCKDB_DIR  where @duckdb/node-api is installed with npm if missing
#               (default /tmp/duck; never inside the repository)
#
# Peak memory comes from GNU time (/usr/bin/time -f %M); without it those
# columns show "-" (apt-get install -y time).
#
# Engines, each run in a process of its own over the same file, warm in the
# page cache, taking turns so that a busy moment hits all of them:
#   duckdb month   DuckDB GROUP BY month, region, product, channel (query time)
#   duckdb cells   DuckDB GROUP BY day and the seven dimensions (query time)
#   duckdb month, region, category, channel: DuckDB GROUP BY those, the
#                  query every shape can answer (query time)
#   encoding/csv   Go encoding/csv into a map by day and dimensions, one core
#   ingest         salesdeck's sales.Load: the same cells, in parallel
#   build          `salesdeck build` of the whole site: wall time of the
#                  process, every page, chart and export written out
#   check          `salesdeck check`: the same without rendering or writing
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-5}
rows_list=${ROWS:-"100000 1000000 10000000"}
strategies_list=${STRATEGIES:-"10 1000 10000"}
shape_rows=${SHAPE_ROWS:-$(echo "$rows_list" | awk '{for (i = 1; i <= NF; i++) {if ($i + 0 > max + 0) max = $i; if ($i >= 1e6) big = big " " $i}} END {print (big != "" ? big : max)}')}
tables=${TABLES:-"engines strategies shapes"}
work=${BENCH_DIR:-/tmp/salesdeck-bench}
duck=${DUCKDB_DIR:-/tmp/duck}
bin=$work/bin
out=${BENCH_OUT:-/dev/shm/salesdeck-bench-out}
disk_out=${DISK_OUT:-/tmp/salesdeck-bench-disk}
[ -n "${BENCH_OUT:-}" ] || [ -d /dev/shm ] || out=$work/out
# The default outputs are the script's own (the one on tmpfs holds
# memory): remove them when done.
cleanup=()
[ -n "${BENCH_OUT:-}" ] || cleanup+=("$out")
[ -n "${DISK_OUT:-}" ] || cleanup+=("$disk_out")
trap 'rm -rf "${cleanup[@]}"' EXIT

die() {
	echo "bench: $*" >&2
	exit 1
}

command -v node >/dev/null || die "node is needed for DuckDB (@duckdb/node-api)"
case $duck in "$root"/*) die "DUCKDB_DIR must be outside the repository" ;; esac
[ -x /usr/bin/time ] || echo "bench: no GNU time, so no peak memory; apt-get install -y time" >&2
has() { case " $tables " in *" $1 "*) return 0 ;; esac; return 1; }

mkdir -p "$bin"
(cd "$root" && go build -o "$bin/salesdeck" . && go build -o "$bin/gendata" ./tools/gendata && go build -o "$bin/groupby" ./tools/groupby)
if [ ! -d "$duck/node_modules/@duckdb/node-api" ]; then
	mkdir -p "$duck"
	(cd "$duck" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --no-audit --no-fund @duckdb/node-api >/dev/null)
fi
cp "$root/scripts/duckdb-groupby.mjs" "$duck/"

# site ROWS STRATEGIES [SHAPE] prints the folder of a generated site,
# writing it once.
site() {
	local shape=${3:-tidy} dir=$work/rows$1-strategies$2
	[ "$shape" = tidy ] || dir=$work/$shape-rows$1-strategies$2
	if [ ! -f "$dir/.bench-done" ]; then
		rm -rf "$dir"
		"$bin/gendata" -site "$dir" -shape "$shape" -rows "$1" -plans $((($2 < 10) ? $2 : 10)) -strategies "$2" 2>/dev/null
		touch "$dir/.bench-done"
	fi
	echo "$dir"
}

# ms prints the milliseconds an engine reports ("123.4 ms, ...").
ms() { "$@" | awk '{print $1}'; }

# wall TIMES MEMORY COMMAND... runs COMMAND and appends its wall
# milliseconds to the file TIMES and its peak memory in MB to the file
# MEMORY ("-" without GNU time). A command that fails stops the benchmark:
# its time would mean nothing.
wall() {
	local times=$1 memory=$2 t0 t1 res rc mb=-
	shift 2
	t0=$(date +%s%N)
	if [ -x /usr/bin/time ]; then
		res=$(/usr/bin/time -f '%x %M' "$@" 2>&1 >/dev/null | tail -1) || true
		rc=${res% *}
		mb=$((${res#* } / 1024))
	else
		rc=0
		"$@" >/dev/null 2>&1 || rc=$?
	fi
	t1=$(date +%s%N)
	[ "$rc" = 0 ] || die "$* failed (exit $rc)"
	echo "$(((t1 - t0) / 1000000))" >>"$times"
	echo "$mb" >>"$memory"
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR) print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2); else print "-"}'; }

# peak prints the largest of the numbers on standard input, "-" for none.
peak() { sort -n | awk '$1 != "-" {m = $1} END {print (m == "" ? "-" : m)}'; }

fmt_rows() { awk -v n="$1" 'BEGIN {if (n>=1e6) printf "%gM", n/1e6; else printf "%gk", n/1e3}'; }

# fs prints the file system of a folder, creating it.
fs() { mkdir -p "$1" && { findmnt -no FSTYPE,SOURCE -T "$1" 2>/dev/null | head -1 | tr -s ' ' | grep . || echo 'file system unknown'; }; }

echo "# salesdeck benchmarks"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores, $(awk '/model name/ {sub(/.*: /,""); print; exit}' /proc/cpuinfo); $(go version | awk '{print $3}'); DuckDB $(node -e "console.log(require('$duck/node_modules/@duckdb/node-api/package.json').version)"); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Builds write to $out: $(fs "$out")."
echo "Medians of $runs runs, milliseconds; peak memory (max RSS) in MB."
if has engines; then
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
		wall "$work/b" "$work/r" "$bin/salesdeck" build -src "$dir" -out "$out"
	done
	echo "| $(fmt_rows "$rows") | ${size} MB | $(median <"$work/m") | $(median <"$work/c") | $(median <"$work/g") | $(median <"$work/i") | $(median <"$work/b") | $(peak <"$work/r") |"
done
fi
if has strategies; then
echo
echo "Build of 1M rows by number of strategies (ten plans; one plan below ten):"
echo
echo "| strategies | salesdeck build | build peak MB | salesdeck check (no writing) |"
echo "|---:|---:|---:|---:|"
for n in $strategies_list; do
	dir=$(site 1000000 "$n")
	: >"$work/b" && : >"$work/r" && : >"$work/k"
	for _ in $(seq "$runs"); do
		wall "$work/b" "$work/r" "$bin/salesdeck" build -src "$dir" -out "$out"
		wall "$work/k" /dev/null "$bin/salesdeck" check -src "$dir"
	done
	echo "| $n | $(median <"$work/b") | $(peak <"$work/r") | $(median <"$work/k") |"
done
fi
if has shapes; then
echo
echo "Shapes of data, 1,000 strategies in ten plans; combinations are the distinct combinations of dimension values (without the day). DuckDB groups by month, region, category and channel; build ÷ DuckDB is the ratio of the medians:"
echo
echo "| shape | rows | file | combinations | duckdb month, region, category, channel | salesdeck build | build ÷ duckdb | build peak MB | salesdeck check | check peak MB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
disk_line=""
for rows in $shape_rows; do
	for shape in tidy wide customers; do
		dir=$(site "$rows" 1000 "$shape")
		csv=$dir/data/sales.csv
		size=$(du -m "$csv" | cut -f1)
		dims=$(sed -n 's/^  dimensions: \[\(.*\)\]$/\1/p' "$dir/site.yaml" | tr -d ' ')
		combos=$(node "$duck/duckdb-groupby.mjs" "$csv" "$dims" "$(nproc)" | awk '{print $3}')
		lines=$(($(wc -l <"$csv") - 1))
		: >"$work/m" && : >"$work/b" && : >"$work/r" && : >"$work/k" && : >"$work/kr"
		for _ in $(seq "$runs"); do
			ms node "$duck/duckdb-groupby.mjs" "$csv" month:region,category,channel "$(nproc)" >>"$work/m"
			wall "$work/b" "$work/r" "$bin/salesdeck" build -src "$dir" -out "$out"
			wall "$work/k" "$work/kr" "$bin/salesdeck" check -src "$dir"
		done
		m=$(median <"$work/m")
		b=$(median <"$work/b")
		echo "| $shape | $(fmt_rows "$rows") | ${size} MB | $combos ($(awk -v c="$combos" -v n="$lines" 'BEGIN {printf "%.0f%%", 100*c/n}')) | $m | $b | $(awk -v b="$b" -v m="$m" 'BEGIN {printf "%.1f", b/m}') | $(peak <"$work/r") | $(median <"$work/k") | $(peak <"$work/kr") |"
		if [ -z "$disk_line" ] && [ "$shape" = wide ]; then
			# The same build once more, to the machine's own disk: what a
			# user sees, file system and all, apart from the table.
			: >"$work/d"
			for _ in $(seq "$runs"); do
				wall "$work/d" /dev/null "$bin/salesdeck" build -src "$dir" -out "$disk_out"
			done
			disk_line="The wide $(fmt_rows "$rows") build written to $disk_out ($(fs "$disk_out")) instead: $(median <"$work/d") ms (median of $runs; $b ms to $out)."
		fi
	done
done
echo
echo "$disk_line"
fi
echo
echo "Load after: $(cut -d' ' -f1-3 /proc/loadavg)"
