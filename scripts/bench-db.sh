#!/usr/bin/env bash
# bench-db.sh measures salesdeck reading its sales data from PostgreSQL
# and ClickHouse (issue 15) against reading the same rows from CSV, on the
# generated sites of scripts/bench.sh: how long a build takes, how many
# groups and bytes the server sends, how much of the time is the server's,
# and how long loading the tables took. BENCHMARKS.md shows its output and
# says how to read it.
#
#   scripts/bench-db.sh                       10M rows, 3 runs (half an hour on 2 cores)
#   ROWS=1000000 RUNS=5 scripts/bench-db.sh
#   SHAPES=customers KEEP_SERVERS=1 scripts/bench-db.sh
#   SOURCES="postgres ranked" SHAPES="wide customers" scripts/bench-db.sh
#
# Settings (environment):
#   ROWS          data size, one number (default 10000000)
#   RUNS          runs of each build; the median is shown (default 3)
#   SHAPES        shapes of data, as bench.sh (default "tidy wide customers")
#   SOURCES       the database sources built besides the CSV, in this order
#                 (default "postgres clickhouse command"); one or more of
#                 postgres, clickhouse, command (clickhouse-client) and
#                 ranked: postgres with sales.rank_in_source listing the
#                 shape's dimensions among product, rep and customer, so
#                 that PostgreSQL ranks their breakdowns. A table of either
#                 server is loaded only when a source reads it
#   BENCH_DIR     where sites, their database copies and binaries go
#                 (default /tmp/salesdeck-bench, shared with bench.sh)
#   BENCH_OUT     where builds write their site (default
#                 /dev/shm/salesdeck-bench-db-out, a tmpfs)
#   DB_DIR        where the throwaway servers live, a plain path of at
#                 most 80 characters (default /tmp/salesdeck-bench-db)
#   DUCKDB_DIR    where @duckdb/node-api is installed (default /tmp/duck)
#   KEEP_SERVERS  1 leaves the servers and tables running at the end, to
#                 look at the queries (EXPLAIN ANALYZE); the connection
#                 strings are printed on stderr; stop them with
#                 scripts/dbservers.sh stop DB_DIR
#
# A machine that pages out idle page cache (the project's VM runs DAMON's
# pageout on pages unused for a minute) reads the CSV and the tables from
# disk again between runs, which measures the disk. Put the sites and the
# servers on tmpfs there, about 9 GB at 10M rows:
#   BENCH_DIR=/dev/shm/salesdeck-bench DB_DIR=/dev/shm/benchdb scripts/bench-db.sh
#
# Every build runs `salesdeck build -v` in a process of its own under GNU
# time (peak memory), the CSV build and those of SOURCES of a shape taking
# turns with DuckDB's GROUP BY over the same CSV, so that a busy moment
# hits all of them. The servers run on this machine: their CPU is the
# build's CPU, and nothing crosses a real network. Other work on the
# machine inflates wall times, so the load average at the start of each
# run is printed, and so are the CPU seconds of salesdeck and of the
# server, which it does not inflate.
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "$0")/.." && pwd)
rows=${ROWS:-10000000}
runs=${RUNS:-3}
shapes=${SHAPES:-"tidy wide customers"}
sources=${SOURCES:-"postgres clickhouse command"}
work=${BENCH_DIR:-/tmp/salesdeck-bench}
duck=${DUCKDB_DIR:-/tmp/duck}
out=${BENCH_OUT:-/dev/shm/salesdeck-bench-db-out}
dbdir=${DB_DIR:-/tmp/salesdeck-bench-db}
bin=$work/bin
[ -n "${BENCH_OUT:-}" ] || [ -d /dev/shm ] || out=$work/db-out

die() {
	echo "bench-db: $*" >&2
	exit 1
}
log() { echo "bench-db: $*" >&2; }

command -v node >/dev/null || die "node is needed for DuckDB (@duckdb/node-api)"
command -v psql >/dev/null || die "psql is needed; scripts/dbservers.sh install"
command -v clickhouse-client >/dev/null || die "clickhouse-client is needed; scripts/dbservers.sh install"
[ -x /usr/bin/time ] || die "GNU time is needed for peak memory; apt-get install -y time"
case $duck in "$root"/*) die "DUCKDB_DIR must be outside the repository" ;; esac
# has_source SOURCE tells whether SOURCES holds SOURCE.
has_source() { case " $sources " in *" $1 "*) true ;; *) false ;; esac; }
for src in $sources; do
	case $src in
	postgres | clickhouse | command | ranked) ;;
	*) die "SOURCES: unknown source \"$src\"; the sources are postgres, clickhouse, command and ranked" ;;
	esac
done
[ -n "${sources// /}" ] || die "SOURCES is empty; the sources are postgres, clickhouse, command and ranked"
need_pg=""
need_ch=""
if has_source postgres || has_source ranked; then need_pg=1; fi
if has_source clickhouse || has_source command; then need_ch=1; fi

tmp=$(mktemp -d)
started=""
cleanup() {
	rm -rf "$tmp"
	[ -n "${BENCH_OUT:-}" ] || rm -rf "$out"
	if [ -n "$started" ]; then
		if [ "${KEEP_SERVERS:-}" = 1 ]; then
			log "servers left running in $dbdir:"
			grep '^export' "$dbdir/bench-db.env" >&2 || true
			log "stop them with scripts/dbservers.sh stop $dbdir"
		else
			"$root/scripts/dbservers.sh" stop "$dbdir" || true
		fi
	fi
}
trap cleanup EXIT

mkdir -p "$bin" "$out"
(cd "$root" && go build -o "$bin/salesdeck" . && go build -o "$bin/gendata" ./tools/gendata)
if [ ! -d "$duck/node_modules/@duckdb/node-api" ]; then
	mkdir -p "$duck"
	(cd "$duck" && { [ -f package.json ] || npm init -y >/dev/null; } && npm install --no-audit --no-fund @duckdb/node-api >/dev/null)
fi
cp "$root/scripts/duckdb-groupby.mjs" "$duck/"

# site ROWS SHAPE prints the folder of a generated site with 1,000
# strategies, writing it once, as bench.sh does (the same folders).
site() {
	local dir=$work/rows$1-strategies1000
	[ "$2" = tidy ] || dir=$work/$2-rows$1-strategies1000
	if [ ! -f "$dir/.bench-done" ]; then
		rm -rf "$dir"
		"$bin/gendata" -site "$dir" -shape "$2" -rows "$1" -plans 10 -strategies 1000 2>/dev/null
		touch "$dir/.bench-done"
	fi
	echo "$dir"
}

# Servers of our own, so that no other session's load or tables blur the
# numbers; dbservers.sh refuses a DB_DIR that already holds servers.
env=$("$root/scripts/dbservers.sh" start "$dbdir")
started=1
eval "$env"
echo "$env" >"$dbdir/bench-db.env"
pg=$SALESDECK_TEST_POSTGRES
ch=$SALESDECK_TEST_CLICKHOUSE
pg_port=${pg##*@127.0.0.1:}
pg_port=${pg_port%%/*}
ch_port=${ch##*@127.0.0.1:}
ch_port=${ch_port%%/*}
ch_pass=${ch#clickhouse://*:}
ch_pass=${ch_pass%%@*}
psql_site() { PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 "$pg" "$@"; }
# The superuser, on the unix socket in DB_DIR (trusted there).
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h "$dbdir" -p "$pg_port" -U postgres -d salesdeck "$@"; }
chc() { clickhouse-client --host 127.0.0.1 --port "$ch_port" --password "$ch_pass" --database salesdeck "$@"; }

# PostgreSQL logs every statement with its duration, which is how the
# server's share of a build is told from salesdeck's; ClickHouse logs the
# same ("executeQuery: Read N rows ... in S sec.") at its default level.
psql_admin -c "ALTER SYSTEM SET log_min_duration_statement = 0" -c "SELECT pg_reload_conf()" >/dev/null
pg_log=$dbdir/pg.log
ch_log=$dbdir/ch/log/clickhouse-server.log

now() { date +%s%N; }
ms_since() { echo $((($(now) - $1) / 1000000)); }

# date_column SITE prints the column site.yaml's sales.date names.
date_column() { sed -n 's/^  date: *//p' "$1/site.yaml"; }

# sql_types SITE TARGET prints the column list of a CREATE TABLE for the
# site's CSV: the date column a date, site.yaml's measures numbers
# (NUMERIC in PostgreSQL, exact like the CSV's decimals; Decimal(38,6) in
# ClickHouse, whose sums salesdeck then reads exactly too) and every other
# column text.
sql_types() {
	local dir=$1 target=$2 measures col kind
	measures=$(sed -n 's/^  measures: {\(.*\)}$/\1/p' "$dir/site.yaml" | tr ',' '\n' | sed 's/.*: *//' | tr -d ' ')
	head -1 "$dir/data/sales.csv" | tr -d '\r' | tr ',' '\n' | while read -r col; do
		kind=text
		[ "$col" != "$(date_column "$dir")" ] || kind="date"
		! echo "$measures" | grep -qx "$col" || kind=number
		case $target-$kind in
		pg-date) echo "$col DATE" ;;
		pg-number) echo "$col NUMERIC" ;;
		pg-text) echo "$col TEXT" ;;
		ch-date) echo "$col Date" ;;
		ch-number) echo "$col Decimal(38, 6)" ;;
		ch-text) echo "$col String" ;;
		esac
	done | paste -sd';' - | sed 's/;/, /g'
}

# ranked_dimensions SITE prints the dimensions of site.yaml's sales among
# product, rep and customer (the ones with many values, whose breakdowns
# are worth ranking in the server), comma-separated, in that order.
ranked_dimensions() {
	local dims d list=""
	dims=$(sed -n '/^sales:/,/^[^ ]/s/^  dimensions: *\[\(.*\)\]$/\1/p' "$1/site.yaml" | tr ',' '\n' | tr -d ' ')
	for d in product rep customer; do
		! echo "$dims" | grep -qx "$d" || list="${list:+$list, }$d"
	done
	echo "$list"
}

# db_site SITE SOURCE TABLE writes a copy of SITE whose sales come from
# SOURCE: site.yaml's CSV settings (files, encoding, delimiter, decimal,
# date_format) give way to the source's; date, dimensions and measures
# stay, so every build groups the same columns. SOURCE ranked is postgres
# with sales.rank_in_source (see ranked_dimensions). SOURCE command runs
# clickhouse-client through command.sh, which keeps a copy of every query
# salesdeck sends (the ClickHouse server logs no query text at its default
# level) so that they can be timed alone afterwards. sales.timeout is
# raised from its 5 minutes a query so that a slow query is measured
# rather than failing the benchmark.
db_site() {
	local dir=$1 src=$2 table=$3 copy settings ranked
	copy=$work/db-$(basename "$1")-$src
	rm -rf "$copy"
	mkdir -p "$copy"
	cp -r "$dir/content" "$copy/"
	case $src in
	postgres) settings="  source: postgres|  dsn_env: SALESDECK_TEST_POSTGRES" ;;
	ranked)
		ranked=$(ranked_dimensions "$dir")
		[ -n "$ranked" ] || die "$dir/site.yaml: no dimension among product, rep and customer for SOURCES ranked"
		settings="  source: postgres|  dsn_env: SALESDECK_TEST_POSTGRES|  rank_in_source: [$ranked]"
		;;
	clickhouse) settings="  source: clickhouse|  dsn_env: SALESDECK_TEST_CLICKHOUSE" ;;
	command)
		settings="  source: command|  command: [sh, command.sh]|  dialect: clickhouse"
		sed -e "s/@PORT@/$ch_port/" -e "s/@PASSWORD@/$ch_pass/" >"$copy/command.sh" <<-'EOF'
			#!/bin/sh
			# One query of salesdeck on stdin, kept in queries.sql, answered as CSV.
			sql=$(cat)
			printf '%s\n' "$sql" >>queries.sql
			printf '%s\n' "$sql" | clickhouse-client --host 127.0.0.1 --port @PORT@ --password @PASSWORD@ --database salesdeck --format CSVWithNames
		EOF
		;;
	esac
	awk -v settings="$settings|  table: $table|  timeout: 60m" '
		/^  files:/ { gsub(/\|/, "\n", settings); print settings; next }
		/^  (encoding|delimiter|decimal|date_format):/ { next }
		{ print }' "$dir/site.yaml" >"$copy/site.yaml"
	echo "$copy"
}

# ms converts a Go duration (1m2.5s, 3.151s, 504ms, 900µs) to milliseconds.
ms() {
	awk -v d="$1" 'BEGIN {
		t = 0
		while (d != "" && match(d, /^[0-9.]+(h|ms|µs|us|ns|m|s)/)) {
			p = substr(d, 1, RLENGTH); d = substr(d, RLENGTH + 1)
			n = p + 0; u = p; sub(/^[0-9.]+/, "", u)
			t += n * (u == "h" ? 3600000 : u == "m" ? 60000 : u == "s" ? 1000 : u == "ms" ? 1 : 0.001)
		}
		printf "%d\n", t + 0.5
	}'
}

# mib converts salesdeck's sizes (3.8 MB, 512 kB, 1.2 GB; 2^10 steps) to MiB.
mib() { echo "$1" | awk '{u = $2; n = $1; print n * (u == "GB" ? 1024 : u == "MB" ? 1 : u == "kB" ? 1 / 1024 : 1 / 1048576)}'; }

median() { sort -n | awk '{a[NR]=$1} END {if (NR) print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2); else print "-"}'; }
peak() { sort -n | tail -1; }
# pct A B prints A ÷ B as a percentage with two significant digits.
pct() { awk -v a="$1" -v b="$2" 'BEGIN {p = 100 * a / b; printf (p >= 10 ? "%.0f%%" : p >= 1 ? "%.1f%%" : "%.2g%%"), p}'; }
# fs prints the file system of a folder.
fs() { findmnt -no FSTYPE -T "$1" 2>/dev/null | head -1 | grep . || echo 'file system unknown'; }
fmt_rows() { awk -v n="$1" 'BEGIN {if (n>=1e6) printf "%gM", n/1e6; else printf "%gk", n/1e3}'; }
# thousands prints an integer with comma separators.
thousands() { echo "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/; ta'; }

# pg_grouping FROM TO prints the lines of PostgreSQL's log from byte
# FROM up to byte TO that log a statement holding a GROUP BY: salesdeck's
# groups, and its rankings (WITH ... GROUP BY ...) for SOURCES ranked;
# not its SELECT DISTINCTs.
pg_grouping() {
	tail -c +"$(($1 + 1))" "$pg_log" | head -c "$(($2 - $1))" | grep '^.*LOG:  duration: [0-9.]* ms  statement: .* GROUP BY '
}

# server_ms SOURCE FROM prints the milliseconds the server spent in the
# queries it logged after byte FROM of its log: executing them and
# sending the answers, as the server counts it, so the time it waited for
# salesdeck to read is in it. The command source's server is ClickHouse,
# the ranked source's PostgreSQL.
server_ms() {
	case $1 in
	postgres | ranked) { pg_grouping "$2" "$(log_size "$1")" || true; } | sed -n 's/.*LOG:  duration: \([0-9.]*\) ms  statement: .*/\1/p' ;;
	*) tail -c +"$(($2 + 1))" "$ch_log" | sed -n 's/.*executeQuery: Read [0-9]* rows, .* in \([0-9.]*\) sec\..*/\1/p' | awk '{print $1 * 1000}' ;;
	esac | awk '{t += $1} END {printf "%d\n", t + 0.5}'
}

# server_cpu SOURCE prints the CPU seconds SOURCE's server has used: for
# PostgreSQL the postmaster's children that have exited (each connection's
# backend and the parallel workers of its queries), for ClickHouse its one
# process. CPU time is what another process on the machine does not
# inflate, where wall time is.
server_cpu() {
	local pid=
	case $1 in
	postgres | ranked) pid=$(head -1 "$dbdir/pg/postmaster.pid") ;;
	clickhouse | command) pid=$(cat "$dbdir/ch/pid") ;;
	esac
	if [ -z "$pid" ]; then
		echo 0
		return
	fi
	awk -v tck="$(getconf CLK_TCK)" '{print ($14 + $15 + $16 + $17) / tck}' "/proc/$pid/stat"
}

# log_size SOURCE prints the size of the log of SOURCE's server.
log_size() {
	case $1 in
	csv) echo 0 ;;
	postgres | ranked) stat -c %s "$pg_log" ;;
	*) stat -c %s "$ch_log" ;;
	esac
}

# build SHAPE SOURCE DIR runs one `salesdeck build -v` and appends its
# wall time, load stage, server time and peak memory to files named
# after SHAPE and SOURCE; rows, groups and bytes are kept from the last
# run (they are the same every time; rows are checked against the CSV's),
# and so is where the server's log stood before and after it.
build() {
	local key=$tmp/$1-$2 src=$2 dir=$3 t0 res line from cpu0
	from=$(log_size "$src")
	cpu0=$(server_cpu "$src")
	echo "$from" >"$key.from"
	rm -f "$dir/queries.sql"
	t0=$(now)
	res=$(/usr/bin/time -f 'peak-kb %M %U %S' "$bin/salesdeck" build -v -src "$dir" -out "$out" 2>&1) ||
		die "salesdeck build -src $dir ($src) failed: $res"
	ms_since "$t0" >>"$key.wall"
	line=$(echo "$res" | grep '^built ') || die "no summary line from the build of $dir: $res"
	echo "$res" | awk '$1 == "peak-kb" {printf "%d\n", $2 / 1024}' >>"$key.rss"
	echo "$res" | awk '$1 == "peak-kb" {printf "%.1f\n", $3 + $4}' >>"$key.cpu"
	# The backend exits just after salesdeck; give the postmaster a moment
	# to reap it, so that its CPU is counted.
	case $src in postgres | ranked) sleep 0.3 ;; esac
	log_size "$src" >"$key.to"
	awk -v a="$cpu0" -v b="$(server_cpu "$src")" 'BEGIN {printf "%.1f\n", b - a}' >>"$key.srvcpu"
	ms "$(echo "$line" | sed -n 's/.*(load \([^,]*\),.*/\1/p')" >>"$key.load"
	echo "$line" | sed -n 's/.* \([0-9][0-9]*\) rows \(from\|grouped\).*/\1/p' >"$key.rows"
	if [ "$src" != csv ]; then
		echo "$line" | sed -n 's/.* grouped by [a-z]* (\([0-9]*\) groups, .*/\1/p' >"$key.groups"
		echo "$line" | sed -n 's/.* groups, \([0-9.]* [kMG]*B\) received in .*/\1/p' >"$key.bytes"
		server_ms "$src" "$from" >>"$key.server"
	fi
}

# alone_pg SHAPE SOURCE prints the milliseconds PostgreSQL takes to
# execute the GROUP BY queries of the shape's last build from SOURCE
# (postgres or ranked) with the answers discarded: the sum of their
# EXPLAIN (ANALYZE, TIMING OFF) execution times, JIT compilation
# included. The log is read only as far as the end of that build, so
# that neither a later build's queries nor these EXPLAINs are taken.
alone_pg() {
	local key=$tmp/$1-$2
	{ pg_grouping "$(cat "$key.from")" "$(cat "$key.to")" || true; } |
		sed -n 's/.*LOG:  duration: [0-9.]* ms  statement: //p' >"$key.sql"
	while read -r q; do
		# On standard input: a ranking query's VALUES list is longer
		# than one argument may be.
		printf '%s;\n' "EXPLAIN (ANALYZE, TIMING OFF) $q" | psql_site -At | sed -n 's/^Execution Time: \([0-9.]*\) ms$/\1/p'
	done <"$key.sql" | awk '{t += $1} END {printf "%d\n", t + 0.5}'
}

# alone_ch SHAPE prints the milliseconds ClickHouse takes to answer the
# GROUP BY queries of the shape's last command build (the very queries
# the clickhouse source sends: same dialect) into clickhouse-client's Null
# format, as the client times them.
alone_ch() {
	grep ' GROUP BY ' "$(cat "$tmp/$1.commandsite")/queries.sql" | while read -r q; do
		chc --time --format Null --query "$q" 2>&1 >/dev/null </dev/null | tail -1
	done | awk '{t += $1 * 1000} END {printf "%d\n", t + 0.5}'
}

echo "# salesdeck with database sources (issue 15)"
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores, $(awk '/model name/ {sub(/.*: /,""); print; exit}' /proc/cpuinfo), $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo); $(go version | awk '{print $3}'); salesdeck $(cd "$root" && git rev-parse --short HEAD)$(cd "$root" && git diff --quiet HEAD -- . ':!scripts' ':!*.md' || echo ' with uncommitted changes'); $(psql_site -Atc 'SHOW server_version' | awk '{print "PostgreSQL " $1}'); ClickHouse $(chc --query 'SELECT version()'); DuckDB $(node -e "console.log(require('$duck/node_modules/@duckdb/node-api/package.json').version)"); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "PostgreSQL with its default settings (shared_buffers $(psql_site -Atc 'SHOW shared_buffers'), work_mem $(psql_site -Atc 'SHOW work_mem'), max_parallel_workers_per_gather $(psql_site -Atc 'SHOW max_parallel_workers_per_gather'), jit $(psql_site -Atc 'SHOW jit')). Sites in $work ($(fs "$work")), servers in $dbdir ($(fs "$dbdir")), builds write to $out ($(fs "$out")); $(fmt_rows "$rows") rows, 1,000 strategies in ten plans."
echo

# sales.rank_in_source is checked before the long loading, so that a
# salesdeck that lacks it or refuses the sites' list stops the benchmark
# at once. The servers hold no tables yet, so check fails on the missing
# table when the settings are right.
if has_source ranked; then
	for shape in $shapes; do
		copy=$(db_site "$(site "$rows" "$shape")" ranked "sales_${shape}_$rows")
		if res=$("$bin/salesdeck" check -src "$copy" 2>&1); then :; else
			case $res in
			*rank_in_source*) die "SOURCES ranked: salesdeck check -src $copy refuses sales.rank_in_source: $res" ;;
			esac
		fi
	done
fi

# Loading is not part of a build: it is what a company's warehouse has
# done already. It is timed to say what the tables cost. A server's table
# is loaded only when one of SOURCES reads it (- in its columns).
echo "Loading the CSV (milliseconds; sizes in MB of 2^20 bytes):"
echo
echo "| shape | rows | CSV | PostgreSQL COPY | VACUUM ANALYZE | PostgreSQL table | ClickHouse INSERT | OPTIMIZE FINAL | ClickHouse table (compressed) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for shape in $shapes; do
	dir=$(site "$rows" "$shape")
	csv=$dir/data/sales.csv
	table=sales_${shape}_$rows
	cat "$csv" >/dev/null # into the page cache, as for the builds
	pg_cols="- | - | -"
	if [ -n "$need_pg" ]; then
		psql_site -c "DROP TABLE IF EXISTS $table" -c "CREATE TABLE $table ($(sql_types "$dir" pg))"
		t0=$(now)
		psql_site -c "\\copy $table FROM '$csv' WITH (FORMAT csv, HEADER true)"
		pg_copy=$(ms_since "$t0")
		# VACUUM sets the hint bits and visibility map that the first scan
		# after a COPY would otherwise write, so no build pays for them;
		# ANALYZE gives the planner the numbers of groups it sizes hashes by.
		t0=$(now)
		psql_site -c "VACUUM ANALYZE $table"
		pg_vacuum=$(ms_since "$t0")
		pg_size=$(psql_site -Atc "SELECT pg_total_relation_size('$table') / 1048576")
		pg_cols="$(thousands "$pg_copy") | $(thousands "$pg_vacuum") | $(thousands "$pg_size") MB"
	fi
	ch_cols="- | - | -"
	if [ -n "$need_ch" ]; then
		chc --query "DROP TABLE IF EXISTS $table"
		chc --query "CREATE TABLE $table ($(sql_types "$dir" ch)) ENGINE = MergeTree() ORDER BY $(date_column "$dir")"
		t0=$(now)
		chc --query "INSERT INTO $table FORMAT CSVWithNames" <"$csv"
		ch_insert=$(ms_since "$t0")
		# The insert leaves a part per block, merged in the background; the
		# merge is done here so that it does not run during the builds.
		t0=$(now)
		chc --query "OPTIMIZE TABLE $table FINAL"
		ch_optimize=$(ms_since "$t0")
		ch_size=$(chc --query "SELECT intDiv(sum(bytes_on_disk), 1048576) FROM system.parts WHERE active AND database = 'salesdeck' AND table = '$table'")
		ch_cols="$(thousands "$ch_insert") | $(thousands "$ch_optimize") | $(thousands "$ch_size") MB"
	fi
	echo "| $shape | $(fmt_rows "$rows") | $(du -m "$csv" | cut -f1) MB | $pg_cols | $ch_cols |"
	for src in $sources; do
		db_site "$dir" "$src" "$table" >"$tmp/$shape.${src}site"
	done
done

echo
echo "Builds, medians of $runs runs, milliseconds: \`build\` is the wall time of \`salesdeck build -v\`; \`load\` its load stage (reading the CSV, or connecting, querying and reading the answers); \`server\` the time the server logged for salesdeck's GROUP BY queries (executing them and sending the answers, while salesdeck read them); \`alone\` the same queries run once more with their answers discarded (PostgreSQL: EXPLAIN ANALYZE; ClickHouse: clickhouse-client's Null format), once per shape; peak memory salesdeck's alone (GNU time), not the server's. \`command\` is sales.source command running clickhouse-client, whose CSV comes through a pipe.$(! has_source ranked || echo " \`postgres, ranked by the server\` is postgres with sales.rank_in_source listing the shape's dimensions among product, rep and customer ($(for shape in $shapes; do echo "$shape: $(ranked_dimensions "$(site "$rows" "$shape")")"; done | paste -sd';' - | sed 's/;/; /g')): PostgreSQL sends their breakdowns' top values, not their groups.") Groups and bytes are those salesdeck reports receiving; MB of 2^20 bytes. DuckDB runs bench.sh's GROUP BY month, region, category, channel over the CSV (query time alone)."
echo
echo "| shape | source | build | load | server | alone | salesdeck CPU s | server CPU s | rows read | groups received (÷ rows) | received | received ÷ CSV | peak MB |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for shape in $shapes; do
	dir=$(site "$rows" "$shape")
	csv=$dir/data/sales.csv
	for run in $(seq "$runs"); do
		log "$shape, run $run of $runs"
		cut -d' ' -f1 /proc/loadavg >>"$tmp/loads"
		node "$duck/duckdb-groupby.mjs" "$csv" month:region,category,channel "$(nproc)" | awk '{printf "%d\n", $1 + 0.5}' >>"$tmp/$shape-duckdb.wall"
		build "$shape" csv "$dir"
		for src in $sources; do
			build "$shape" "$src" "$(cat "$tmp/$shape.${src}site")"
		done
	done
	log "$shape, the queries alone"
	pg_alone=-
	ranked_alone=-
	ch_alone=-
	! has_source postgres || pg_alone=$(alone_pg "$shape" postgres)
	! has_source ranked || ranked_alone=$(alone_pg "$shape" ranked)
	# Only the command source keeps the query text that ClickHouse's
	# timings alone need; the clickhouse source sends the same queries.
	! has_source command || ch_alone=$(alone_ch "$shape")
	csv_rows=$(cat "$tmp/$shape-csv.rows")
	csv_mib=$(awk -v n="$(stat -c %s "$csv")" 'BEGIN {print n / 1048576}')
	for src in csv $sources; do
		key=$tmp/$shape-$src
		n=$(cat "$key.rows")
		[ "$n" = "$csv_rows" ] || die "$shape from $src read $n rows, the CSV $csv_rows"
		case $src in
		csv)
			echo "| $shape | CSV ($(printf '%.0f' "$csv_mib") MB) | $(thousands "$(median <"$key.wall")") | $(thousands "$(median <"$key.load")") | - | - | $(median <"$key.cpu") | - | $(thousands "$n") | - | - | - | $(peak <"$key.rss") |"
			continue
			;;
		postgres) alone=$pg_alone label=postgres ;;
		ranked) alone=$ranked_alone label="postgres, ranked by the server" ;;
		clickhouse) alone=$ch_alone label=clickhouse ;;
		command) alone=$ch_alone label="command (clickhouse-client)" ;;
		esac
		g=$(cat "$key.groups")
		b=$(cat "$key.bytes")
		echo "| $shape | $label | $(thousands "$(median <"$key.wall")") | $(thousands "$(median <"$key.load")") | $(thousands "$(median <"$key.server")") | $(thousands "$alone") | $(median <"$key.cpu") | $(median <"$key.srvcpu") | $(thousands "$n") | $(thousands "$g") ($(pct "$g" "$n")) | $b | $(pct "$(mib "$b")" "$csv_mib") | $(peak <"$key.rss") |"
	done
	echo "| $shape | DuckDB over the CSV | $(thousands "$(median <"$tmp/$shape-duckdb.wall")") | | | | | | | | | | |"
done
echo
echo "Load average over 1 minute at the start of each run: $(sort -n "$tmp/loads" | head -1)–$(sort -n "$tmp/loads" | tail -1); after: $(cut -d' ' -f1-3 /proc/loadavg)."
