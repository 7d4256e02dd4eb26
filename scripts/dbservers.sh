#!/usr/bin/env bash
# Throwaway PostgreSQL 15 and ClickHouse servers on 127.0.0.1 for the tests.
#
#   scripts/dbservers.sh install            # apt-get what is missing
#   env=$(scripts/dbservers.sh start DIR)   # servers live in DIR
#   eval "$env"                             # SALESDECK_TEST_* for go test
#   scripts/dbservers.sh stop DIR           # stop both, remove DIR
#
# start prints only `export` lines on stdout, everything else goes to
# stderr, so its output can be eval'ed. Assign it to a variable first as
# above: `eval "$(... start DIR)"` hides a failed start from set -e, since
# eval of an empty string succeeds.
set -euo pipefail

# Debian keeps initdb, pg_ctl and postgres out of PATH (only the pg_wrapper
# front ends such as psql are in /usr/bin), and an image may put symlinks
# of its own in /usr/local/bin; naming the versioned directory runs the
# real PostgreSQL 15 binaries whatever PATH holds.
PG_BIN=/usr/lib/postgresql/15/bin

# Debian installs the server in /usr/sbin, which a non-root PATH may lack.
CH_SERVER=$(command -v clickhouse-server || echo /usr/sbin/clickhouse-server)
CH_CLIENT=$(command -v clickhouse-client || echo /usr/bin/clickhouse-client)

# The user and password the tests connect with, on both servers.
PASSWORD=salesdeck

# How long each server gets to answer before start gives up.
WAIT_SECONDS=60

log() { echo "dbservers: $*" >&2; }
die() {
  log "$*"
  exit 1
}

usage() {
  echo "usage: $0 install | start DIR | stop DIR" >&2
  exit 2
}

cmd_install() {
  local need=()
  [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] && [ -x "$PG_BIN/psql" ] || need+=(postgresql)
  [ -x "$CH_SERVER" ] || need+=(clickhouse-server)
  [ -x "$CH_CLIENT" ] || need+=(clickhouse-client)
  if [ ${#need[@]} -eq 0 ]; then
    log "postgresql and clickhouse are installed"
    return
  fi
  # The package lists are only fetched when something must be installed:
  # it is the slow part, and on a machine that has both it is not needed.
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}"
  [ -x "$PG_BIN/initdb" ] || die "apt-get installed no $PG_BIN/initdb (not PostgreSQL 15?)"
}

# A TCP port that nothing on 127.0.0.1 answers on, not among those given.
# Chosen below the kernel's ephemeral range (32768+) so that the outgoing
# connections of the tests themselves cannot take it in the meantime.
free_port() {
  local port taken _
  for _ in $(seq 200); do
    port=$((20000 + RANDOM % 12000))
    for taken in "$@"; do
      [ "$port" != "$taken" ] || continue 2
    done
    # A refused connection means no listener; bash opens it itself, so
    # this needs neither python nor ss.
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  die "no free TCP port found on 127.0.0.1"
}

# The directory argument, made absolute. It ends up unquoted in XML, in
# postgresql.conf and in single-quoted export lines, and the PostgreSQL
# socket path within it must fit in 107 bytes, so only plain paths pass.
check_dir() {
  local dir=$1
  [[ "$dir" =~ ^[A-Za-z0-9/._+-]+$ ]] || die "DIR must be a plain path (letters, digits, / . _ + -): $dir"
  [ "${#dir}" -le 80 ] || die "DIR is too long for a unix socket path: $dir"
}

# initdb, pg_ctl and postgres refuse to run as root, so under root they
# run as Debian's postgres user, which the postgresql package creates
# (nobody if it is somehow missing). Anyone else runs them as themselves.
pg_user() {
  if [ "$(id -u)" -ne 0 ]; then
    id -un
  elif id -u postgres >/dev/null 2>&1; then
    echo postgres
  else
    echo nobody
  fi
}

# Runs a command as the given user, or as is when that is who we are.
# From / because the caller's directory (say under /root) may be closed
# to that user, which makes initdb and pg_ctl complain; all paths given
# to them are absolute.
run_as() {
  local user=$1
  shift
  if [ "$user" = "$(id -un)" ]; then
    "$@"
  else
    (cd / && runuser -u "$user" -- "$@")
  fi
}

tail_logs() {
  local f
  for f in "$@"; do
    [ -f "$f" ] || continue
    echo "--- tail of $f" >&2
    tail -n 40 "$f" >&2
  done
}

start_postgres() {
  local dir=$1 port=$2 user=$3
  local t0=$SECONDS
  # The superuser keeps trust on the unix socket (in DIR, reachable only
  # by root and the server's user) so that this script can create the
  # test role; TCP connections need the password, checked with SCRAM, so
  # a test with a wrong password really fails.
  run_as "$user" "$PG_BIN/initdb" -D "$dir/pg" -U postgres --no-locale -E UTF8 \
    --auth-local=trust --auth-host=scram-sha-256 --no-sync >"$dir/pg-initdb.log" 2>&1 ||
    {
      tail_logs "$dir/pg-initdb.log"
      return 1
    }
  # Durability is pointless for a cluster that is deleted after the run,
  # and fsync off makes the tests' DDL much faster. Fixed UTC so that the
  # tests see the same dates on every machine.
  cat >>"$dir/pg/postgresql.conf" <<EOF

# Written by scripts/dbservers.sh for a throwaway test cluster.
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
timezone = 'UTC'
EOF
  run_as "$user" "$PG_BIN/pg_ctl" start -D "$dir/pg" -l "$dir/pg.log" -w -t "$WAIT_SECONDS" >&2 ||
    {
      tail_logs "$dir/pg.log"
      return 1
    }
  # pg_ctl -w watches the socket; check the TCP listener the tests use.
  "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$port" -t "$WAIT_SECONDS" >&2 ||
    {
      tail_logs "$dir/pg.log"
      return 1
    }
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres \
    -c "CREATE ROLE salesdeck LOGIN CREATEDB PASSWORD '$PASSWORD'" \
    -c "CREATE DATABASE salesdeck OWNER salesdeck" >&2 ||
    {
      tail_logs "$dir/pg.log"
      return 1
    }
  log "postgres ready on 127.0.0.1:$port as $user ($((SECONDS - t0)) s)"
}

start_clickhouse() {
  local dir=$1 tcp=$2 http=$3
  local ch=$dir/ch t0=$SECONDS pid
  mkdir -p "$ch/log"
  # Every path the server writes to is under DIR/ch, so nothing touches
  # /var/lib/clickhouse or /var/log, and no interserver port is opened.
  # The caches are kept small: the defaults (5 and 8 GiB) are sized for
  # a production machine. query_log is left out: it would only add
  # background writes.
  cat >"$ch/config.xml" <<EOF
<?xml version="1.0"?>
<!-- Written by scripts/dbservers.sh for a throwaway test server. -->
<yandex>
    <logger>
        <level>information</level>
        <log>$ch/log/clickhouse-server.log</log>
        <errorlog>$ch/log/clickhouse-server.err.log</errorlog>
        <size>100M</size>
        <count>1</count>
    </logger>
    <listen_host>127.0.0.1</listen_host>
    <tcp_port>$tcp</tcp_port>
    <http_port>$http</http_port>
    <path>$ch/data/</path>
    <tmp_path>$ch/tmp/</tmp_path>
    <user_files_path>$ch/user_files/</user_files_path>
    <format_schema_path>$ch/format_schemas/</format_schema_path>
    <users_config>users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <timezone>UTC</timezone>
    <mark_cache_size>268435456</mark_cache_size>
    <uncompressed_cache_size>268435456</uncompressed_cache_size>
    <max_concurrent_queries>100</max_concurrent_queries>
</yandex>
EOF
  cat >"$ch/users.xml" <<EOF
<?xml version="1.0"?>
<!-- Written by scripts/dbservers.sh for a throwaway test server. -->
<yandex>
    <profiles>
        <default/>
    </profiles>
    <users>
        <default>
            <password>$PASSWORD</password>
            <networks>
                <ip>127.0.0.1</ip>
                <ip>::1</ip>
            </networks>
            <profile>default</profile>
            <quota>default</quota>
        </default>
    </users>
    <quotas>
        <default/>
    </quotas>
</yandex>
EOF
  # ClickHouse 18.16 runs as root without complaint (the owner check of
  # later versions does not exist yet), so it runs as whoever we are.
  # Its output is sent to a file and stdin closed so that it does not
  # hold the pipe of `$(... start DIR)` open, which would make the caller
  # wait for the server to exit.
  "$CH_SERVER" --config-file="$ch/config.xml" </dev/null >"$ch/log/stdout.log" 2>&1 &
  pid=$!
  echo "$pid" >"$ch/pid"
  until "$CH_CLIENT" --host 127.0.0.1 --port "$tcp" --password "$PASSWORD" \
    --query 'SELECT 1' >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "clickhouse-server exited during startup"
      tail_logs "$ch/log/stdout.log" "$ch/log/clickhouse-server.err.log"
      return 1
    fi
    if [ $((SECONDS - t0)) -ge "$WAIT_SECONDS" ]; then
      log "clickhouse-server did not answer within $WAIT_SECONDS s"
      tail_logs "$ch/log/stdout.log" "$ch/log/clickhouse-server.err.log"
      return 1
    fi
    sleep 0.2
  done
  "$CH_CLIENT" --host 127.0.0.1 --port "$tcp" --password "$PASSWORD" \
    --query 'CREATE DATABASE IF NOT EXISTS salesdeck' >&2 ||
    {
      tail_logs "$ch/log/clickhouse-server.err.log"
      return 1
    }
  log "clickhouse ready on 127.0.0.1:$tcp (http $http) as $(id -un) ($((SECONDS - t0)) s)"
}

cmd_start() {
  local dir=$1 user pg_port ch_tcp ch_http
  check_dir "$dir"
  if [ -e "$dir/pg" ] || [ -e "$dir/ch" ]; then
    die "$dir already holds servers; stop them first"
  fi
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd -P)
  check_dir "$dir"
  # The mark lets stop remove DIR knowing that start made what is in it.
  : >"$dir/.dbservers"
  user=$(pg_user)
  if [ "$user" != "$(id -un)" ]; then
    # The postgres user writes its data directory, log and socket in DIR;
    # mktemp -d makes DIR root's with mode 0700, so it is handed over.
    chown "$user" "$dir"
    chmod 0755 "$dir"
    run_as "$user" test -w "$dir" ||
      die "user $user cannot reach $dir (a parent directory is closed to it); choose a DIR under /tmp"
  fi

  pg_port=$(free_port)
  ch_tcp=$(free_port "$pg_port")
  ch_http=$(free_port "$pg_port" "$ch_tcp")

  # Whatever fails below, nothing is left running; DIR and its logs stay
  # for a look until stop removes them.
  if ! start_postgres "$dir" "$pg_port" "$user"; then
    log "PostgreSQL did not start"
    stop_servers "$dir" || true
    exit 1
  fi
  if ! start_clickhouse "$dir" "$ch_tcp" "$ch_http"; then
    log "ClickHouse did not start"
    stop_servers "$dir" || true
    exit 1
  fi

  echo "export SALESDECK_TEST_POSTGRES='postgres://salesdeck:$PASSWORD@127.0.0.1:$pg_port/salesdeck?sslmode=disable'"
  echo "export SALESDECK_TEST_CLICKHOUSE='clickhouse://default:$PASSWORD@127.0.0.1:$ch_tcp/salesdeck'"
  echo "export SALESDECK_TEST_DBDIR='$dir'"
}

# Stops whichever of the two servers runs in DIR; removes nothing.
stop_servers() {
  local dir=$1 rc=0 pid _
  if [ -f "$dir/pg/postmaster.pid" ]; then
    # pg_ctl refuses root too; the data directory's owner runs it.
    run_as "$(stat -c %U "$dir/pg")" "$PG_BIN/pg_ctl" stop -D "$dir/pg" -m fast -w -t "$WAIT_SECONDS" >&2 || rc=1
  fi
  if [ -f "$dir/ch/pid" ]; then
    pid=$(cat "$dir/ch/pid")
    # Only a process that is still this DIR's server is signalled, in
    # case the pid has been reused since.
    if [ -n "$pid" ] && tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "--config-file=$dir/ch/config.xml"; then
      kill "$pid" 2>/dev/null || true
      # SIGTERM takes ClickHouse about two seconds; SIGKILL after 30.
      for _ in $(seq 300); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      if kill -0 "$pid" 2>/dev/null; then
        log "clickhouse-server $pid ignored SIGTERM; killing it"
        kill -9 "$pid" 2>/dev/null || true
        rc=1
      fi
      # It is our child when start failed; reap it quietly.
      wait "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/ch/pid"
  fi
  return "$rc"
}

cmd_stop() {
  local dir=$1 rc=0
  if [ ! -d "$dir" ]; then
    log "$dir does not exist; nothing to stop"
    return
  fi
  dir=$(cd "$dir" && pwd -P)
  # Refuse to delete a directory that start did not make: a wrong
  # argument here must not cost anyone their files.
  [ -f "$dir/.dbservers" ] || die "$dir was not made by '$0 start'; leaving it alone"
  stop_servers "$dir" || rc=$?
  rm -rf "$dir"
  return "$rc"
}

[ $# -ge 1 ] || usage
case "$1" in
install)
  [ $# -eq 1 ] || usage
  cmd_install
  ;;
start)
  [ $# -eq 2 ] || usage
  cmd_start "$2"
  ;;
stop)
  [ $# -eq 2 ] || usage
  cmd_stop "$2"
  ;;
*) usage ;;
esac
