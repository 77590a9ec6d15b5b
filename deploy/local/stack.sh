#!/usr/bin/env bash
# deploy/local/stack.sh - run Textback's backing services locally without Docker:
#   Kafka (KRaft, single node, jars from Maven Central), PostgreSQL, ClickHouse.
#
# Usage: deploy/local/stack.sh up | down | status | logs [kafka|clickhouse|postgres] [-f] | reset | env
# See deploy/local/README.md for ports, environment variables and where state lives.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STACK_HOME=${TEXTBACK_STACK_HOME:-$HOME/.textback-stack}
CACHE_HOME=${TEXTBACK_CACHE:-$HOME/.cache/textback}

# --- Kafka -------------------------------------------------------------------
KAFKA_DEFAULT_VERSION=3.9.1
KAFKA_FALLBACK_VERSION=${KAFKA_FALLBACK_VERSION:-4.1.1}
KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-9093}
KAFKA_NUM_PARTITIONS=${KAFKA_NUM_PARTITIONS:-3}
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms256m -Xmx768m}
KAFKA_START_TIMEOUT=${KAFKA_START_TIMEOUT:-120}
KAFKA_DIR=$STACK_HOME/kafka
KAFKA_PIDFILE=$KAFKA_DIR/kafka.pid
KAFKA_PROPS=$KAFKA_DIR/server.properties

# --- ClickHouse --------------------------------------------------------------
CH_HTTP_PORT=${CLICKHOUSE_HTTP_PORT:-18123}
CH_TCP_PORT=${CLICKHOUSE_TCP_PORT:-19000}
CH_START_TIMEOUT=${CLICKHOUSE_START_TIMEOUT:-60}
CH_DIR=$STACK_HOME/clickhouse
CH_PIDFILE=$CH_DIR/clickhouse.pid
CH_CONFIG=$CH_DIR/config.xml

# --- PostgreSQL --------------------------------------------------------------
PG_SYSTEM_PORT=${PG_SYSTEM_PORT:-5432}
PG_THROWAWAY_PORT=${PG_THROWAWAY_PORT:-55432}
PG_MODE_WANTED=${TEXTBACK_PG_MODE:-auto} # auto | throwaway
PG_DIR=$STACK_HOME/postgres
# $PG_DIR/mode records what `up` did: external (machine's cluster, already
# running, never stopped by us) | system (machine's cluster, started by us)
# | throwaway (our own cluster on $PG_THROWAWAY_PORT).

HOST=127.0.0.1
DB_NAME=textback

# ----------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------
say() { printf '%s\n' "$*"; }
warn() { printf '%s\n' "$*" >&2; }
die() {
  printf 'stack: %s\n' "$*" >&2
  exit 1
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }
# elapsed <start_ms> -> "6.8s"
elapsed() {
  local d=$(($(now_ms) - $1))
  printf '%d.%ds' $((d / 1000)) $(((d % 1000) / 100))
}

is_root() { [ "$(id -u)" -eq 0 ]; }

as_root() {
  if is_root; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root to run: $*"
  fi
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# pid_alive <pid>: running and not a zombie
pid_alive() {
  local pid=$1 state
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)
  [ "$state" != Z ]
}

# live_pid <pidfile> <marker>: print the pid if it is alive and its command line
# contains <marker> (protects against a recycled pid); drop stale pid files.
live_pid() {
  local file=$1 marker=$2 pid
  [ -f "$file" ] || return 1
  pid=$(head -n1 "$file" 2>/dev/null || true)
  if [[ "$pid" =~ ^[0-9]+$ ]] && pid_alive "$pid" &&
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -F -- "$marker" >/dev/null; then
    echo "$pid"
    return 0
  fi
  rm -f "$file"
  return 1
}

# stop_pid <name> <pidfile> <marker> <timeout_s>: SIGTERM, wait, then SIGKILL.
stop_pid() {
  local name=$1 file=$2 marker=$3 timeout=$4 pid t0 i
  if ! pid=$(live_pid "$file" "$marker"); then
    say "$name: not running"
    return 0
  fi
  t0=$(now_ms)
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < timeout * 10; i++)); do
    pid_alive "$pid" || break
    sleep 0.1
  done
  if pid_alive "$pid"; then
    warn "$name: pid $pid still running after ${timeout}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      pid_alive "$pid" || break
      sleep 0.1
    done
  fi
  rm -f "$file"
  say "$name: stopped (pid $pid) in $(elapsed "$t0")"
}

sed_escape() { printf '%s' "$1" | sed -e 's/[\\|&]/\\&/g'; }

# render <template> <output> NAME=value...: replace @NAME@ placeholders.
render() {
  local src=$1 dst=$2 kv
  shift 2
  local args=()
  for kv in "$@"; do
    args+=(-e "s|@${kv%%=*}@|$(sed_escape "${kv#*=}")|g")
  done
  sed "${args[@]}" "$src" >"$dst.tmp"
  if grep -qE '@[A-Z][A-Z0-9_]*@' "$dst.tmp"; then
    die "unfilled placeholder in $dst.tmp: $(grep -oE '@[A-Z][A-Z0-9_]*@' "$dst.tmp" | head -n1)"
  fi
  mv -f "$dst.tmp" "$dst"
}

tail_file() {
  local file=$1 n=${2:-30}
  [ -s "$file" ] || return 0
  warn "----- last $n lines of $file -----"
  tail -n "$n" "$file" >&2
}

LOCKED=0
# The lock is on fd 9; every daemon is launched with 9>&- so it does not keep it.
acquire_lock() {
  [ "$LOCKED" -eq 0 ] || return 0
  LOCKED=1
  mkdir -p "$STACK_HOME"
  exec 9>"$STACK_HOME/.lock"
  if ! flock -n 9; then
    say "stack: waiting for another stack.sh run to finish..."
    flock 9
  fi
}

# ----------------------------------------------------------------------------
# installation of missing tools (Debian)
# ----------------------------------------------------------------------------
PG_BIN=""
find_pg_bin() {
  local d
  if [ -n "${PG_BINDIR:-}" ] && [ -x "$PG_BINDIR/pg_ctl" ]; then
    PG_BIN=$PG_BINDIR
    return 0
  fi
  while IFS= read -r d; do
    if [ -x "$d/pg_ctl" ] && [ -x "$d/psql" ]; then
      PG_BIN=$d
      return 0
    fi
  done < <(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V -r)
  if command -v pg_ctl >/dev/null 2>&1 && command -v psql >/dev/null 2>&1; then
    PG_BIN=$(dirname "$(readlink -f "$(command -v pg_ctl)")")
    return 0
  fi
  return 1
}

ensure_packages() {
  local missing=() want_kcat=0 apt_opts=(-y -q -o DPkg::Lock::Timeout=600)
  command -v clickhouse-server >/dev/null 2>&1 || missing+=(clickhouse-server)
  command -v clickhouse-client >/dev/null 2>&1 || missing+=(clickhouse-client)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  find_pg_bin || missing+=(postgresql-15)
  command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
  if ! command -v kcat >/dev/null 2>&1 && ! command -v kafkacat >/dev/null 2>&1 &&
    [ ! -f "$CACHE_HOME/kcat-unavailable" ]; then
    want_kcat=1
  fi
  [ ${#missing[@]} -gt 0 ] || [ "$want_kcat" -eq 1 ] || return 0

  say "stack: installing Debian packages: ${missing[*]:-}$([ "$want_kcat" -eq 1 ] && echo ' kcat (if available)')"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q -o DPkg::Lock::Timeout=600 >"$STACK_HOME/apt.log" 2>&1 ||
    {
      tail_file "$STACK_HOME/apt.log"
      die "apt-get update failed"
    }
  if [ "$want_kcat" -eq 1 ]; then
    if apt-cache show kcat >/dev/null 2>&1; then
      missing+=(kcat)
    else
      mkdir -p "$CACHE_HOME"
      : >"$CACHE_HOME/kcat-unavailable"
      say "stack: kcat is not available from apt; skipping it"
    fi
  fi
  [ ${#missing[@]} -gt 0 ] || return 0
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install "${apt_opts[@]}" --no-install-recommends "${missing[@]}" \
    >>"$STACK_HOME/apt.log" 2>&1 || {
    tail_file "$STACK_HOME/apt.log"
    die "apt-get install ${missing[*]} failed"
  }
  find_pg_bin || die "PostgreSQL binaries not found after installing postgresql-15"
}

# ----------------------------------------------------------------------------
# Kafka
# ----------------------------------------------------------------------------
java_major() {
  java -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'
}

# kafka_fetch <version>: resolve the broker jars into the cache (atomically).
kafka_fetch() {
  local ver=$1 dir profile tmp t0
  dir=$CACHE_HOME/kafka/$ver
  [ -f "$dir/.complete" ] && [ -d "$dir/libs" ] && return 0
  command -v mvn >/dev/null 2>&1 || die "mvn not found"
  profile=kafka3
  [ "${ver%%.*}" -ge 4 ] && profile=kafka4
  mkdir -p "$dir"
  tmp=$dir/libs.tmp.$$
  rm -rf "$tmp"
  t0=$(now_ms)
  say "kafka: resolving org.apache.kafka:kafka_2.13:$ver from Maven Central (cached afterwards)..."
  if ! mvn -B -q -f "$SCRIPT_DIR/kafka/pom.xml" -Dkafka.version="$ver" -P"$profile" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp" \
    >"$dir/mvn.log" 2>&1 || [ ! -f "$tmp/kafka_2.13-$ver.jar" ]; then
    rm -rf "$tmp"
    tail_file "$dir/mvn.log" 15
    return 1
  fi
  rm -rf "$dir/libs"
  mv "$tmp" "$dir/libs"
  : >"$dir/.complete"
  say "kafka: $(find "$dir/libs" -name '*.jar' | wc -l) jars ($(du -sh "$dir/libs" | cut -f1)) cached in $dir/libs in $(elapsed "$t0")"
}

# Sets KAFKA_VER to the version to run, fetching it if needed.
KAFKA_VER=""
kafka_resolve_version() {
  local marker
  if [ -n "${KAFKA_VERSION:-}" ]; then
    kafka_fetch "$KAFKA_VERSION" || die "could not resolve Kafka $KAFKA_VERSION from Maven Central"
    KAFKA_VER=$KAFKA_VERSION
    return 0
  fi
  marker=$CACHE_HOME/kafka/$KAFKA_DEFAULT_VERSION.unresolvable
  if [ ! -f "$marker" ] && kafka_fetch "$KAFKA_DEFAULT_VERSION"; then
    KAFKA_VER=$KAFKA_DEFAULT_VERSION
    return 0
  fi
  if [ ! -f "$marker" ]; then
    mkdir -p "$(dirname "$marker")"
    : >"$marker"
  fi
  warn "kafka: $KAFKA_DEFAULT_VERSION did not resolve; using $KAFKA_FALLBACK_VERSION (log4j2 binding)." \
    "Delete $marker to retry $KAFKA_DEFAULT_VERSION."
  kafka_fetch "$KAFKA_FALLBACK_VERSION" || die "could not resolve Kafka $KAFKA_FALLBACK_VERSION either"
  KAFKA_VER=$KAFKA_FALLBACK_VERSION
}

kafka_answers() {
  port_open "$KAFKA_PORT" || return 1
  if command -v kcat >/dev/null 2>&1; then
    timeout 10 kcat -b "$HOST:$KAFKA_PORT" -L -m 5 >/dev/null 2>&1 || return 1
  fi
  return 0
}

kafka_write_config() {
  local ver=$1
  mkdir -p "$KAFKA_DIR/data" "$KAFKA_DIR/logs"
  render "$SCRIPT_DIR/kafka/server.properties" "$KAFKA_PROPS" \
    KAFKA_PORT="$KAFKA_PORT" KAFKA_CONTROLLER_PORT="$KAFKA_CONTROLLER_PORT" \
    KAFKA_DATA_DIR="$KAFKA_DIR/data" KAFKA_NUM_PARTITIONS="$KAFKA_NUM_PARTITIONS"
  if [ "${ver%%.*}" -ge 4 ]; then
    cat "$SCRIPT_DIR/kafka/server-4x.properties" >>"$KAFKA_PROPS"
  fi
}

# Common JVM arguments (logging) for the broker and its storage tool.
KAFKA_JVM_LOG=()
kafka_log_opts() {
  local ver=$1
  if [ "${ver%%.*}" -ge 4 ]; then
    KAFKA_JVM_LOG=("-Dlog4j2.configurationFile=$SCRIPT_DIR/kafka/log4j2.properties")
  else
    KAFKA_JVM_LOG=("-Dlog4j.configuration=file:$SCRIPT_DIR/kafka/log4j.properties")
  fi
  KAFKA_JVM_LOG+=("-Dkafka.logs.dir=$KAFKA_DIR/logs")
}

new_cluster_id() {
  # Same shape as Kafka's Uuid.randomUuid(): 16 random bytes, URL-safe base64
  # without padding, never starting with '-'.
  local id
  while :; do
    id=$(head -c16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    [ "${id:0:1}" != - ] && break
  done
  echo "$id"
}

kafka_format() {
  local ver=$1 libs=$2 id cls
  [ -f "$KAFKA_DIR/data/meta.properties" ] && return 0
  if [ -s "$KAFKA_DIR/cluster.id" ]; then
    id=$(cat "$KAFKA_DIR/cluster.id")
  else
    id=$(new_cluster_id)
    echo "$id" >"$KAFKA_DIR/cluster.id"
  fi
  for cls in kafka.tools.StorageTool org.apache.kafka.tools.StorageTool; do
    if java "${KAFKA_JVM_LOG[@]}" -cp "$libs/*" "$cls" format -t "$id" -c "$KAFKA_PROPS" --ignore-formatted \
      >"$KAFKA_DIR/logs/format.log" 2>&1; then
      return 0
    fi
    grep -q 'ClassNotFoundException\|Could not find or load main class' "$KAFKA_DIR/logs/format.log" || break
  done
  tail_file "$KAFKA_DIR/logs/format.log"
  die "kafka: formatting $KAFKA_DIR/data failed"
}

KAFKA_LAUNCHED=0
KAFKA_T0=0
KAFKA_LOG_OFFSET=0
# Start the broker in the background (no waiting); no-op when healthy.
kafka_launch() {
  local pid libs heap
  KAFKA_LAUNCHED=0
  if pid=$(live_pid "$KAFKA_PIDFILE" "$KAFKA_PROPS"); then
    if kafka_answers; then
      say "kafka: already running on $HOST:$KAFKA_PORT (pid $pid)"
      return 0
    fi
    say "kafka: pid $pid is alive but not answering on $HOST:$KAFKA_PORT; restarting it"
    stop_pid kafka "$KAFKA_PIDFILE" "$KAFKA_PROPS" 30
  fi
  port_open "$KAFKA_PORT" && die "kafka: port $KAFKA_PORT is in use by another process (set KAFKA_PORT)"
  port_open "$KAFKA_CONTROLLER_PORT" &&
    die "kafka: controller port $KAFKA_CONTROLLER_PORT is in use by another process (set KAFKA_CONTROLLER_PORT)"

  KAFKA_T0=$(now_ms)
  kafka_resolve_version
  libs=$CACHE_HOME/kafka/$KAFKA_VER/libs
  if [ "${KAFKA_VER%%.*}" -ge 4 ] && [ "$(java_major)" -lt 17 ]; then
    die "kafka: Kafka $KAFKA_VER needs Java 17+ (found $(java_major))"
  fi
  if [ -f "$KAFKA_DIR/version" ] && [ "$(cat "$KAFKA_DIR/version")" != "$KAFKA_VER" ]; then
    warn "kafka: data in $KAFKA_DIR/data was created by Kafka $(cat "$KAFKA_DIR/version"), now running $KAFKA_VER (run 'reset' if it fails)"
  fi
  kafka_write_config "$KAFKA_VER"
  kafka_log_opts "$KAFKA_VER"
  kafka_format "$KAFKA_VER" "$libs"
  echo "$KAFKA_VER" >"$KAFKA_DIR/version"

  read -r -a heap <<<"$KAFKA_HEAP_OPTS"
  touch "$KAFKA_DIR/logs/server.log"
  KAFKA_LOG_OFFSET=$(wc -c <"$KAFKA_DIR/logs/server.log")
  nohup java "${heap[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true "${KAFKA_JVM_LOG[@]}" \
    -cp "$libs/*" kafka.Kafka "$KAFKA_PROPS" >"$KAFKA_DIR/logs/kafka.out" 2>&1 </dev/null 9>&- &
  echo $! >"$KAFKA_PIDFILE"
  KAFKA_LAUNCHED=1
}

kafka_wait() {
  local pid deadline
  [ "$KAFKA_LAUNCHED" -eq 1 ] || return 0
  pid=$(cat "$KAFKA_PIDFILE")
  deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! pid_alive "$pid"; then
      rm -f "$KAFKA_PIDFILE"
      tail_file "$KAFKA_DIR/logs/kafka.out" 20
      tail_file "$KAFKA_DIR/logs/server.log" 40
      die "kafka: process $pid exited during startup"
    fi
    if port_open "$KAFKA_PORT" &&
      tail -c +"$((KAFKA_LOG_OFFSET + 1))" "$KAFKA_DIR/logs/server.log" | grep 'Kafka Server started' >/dev/null; then
      say "kafka: ready on $HOST:$KAFKA_PORT (pid $pid, Kafka $KAFKA_VER) in $(elapsed "$KAFKA_T0")"
      return 0
    fi
    sleep 0.3
  done
  tail_file "$KAFKA_DIR/logs/kafka.out" 20
  tail_file "$KAFKA_DIR/logs/server.log" 40
  stop_pid kafka "$KAFKA_PIDFILE" "$KAFKA_PROPS" 30 >&2
  die "kafka: not ready after ${KAFKA_START_TIMEOUT}s"
}

kafka_down() { stop_pid kafka "$KAFKA_PIDFILE" "$KAFKA_PROPS" 30; }

# ----------------------------------------------------------------------------
# ClickHouse
# ----------------------------------------------------------------------------
ch_major() {
  local v
  v=$(dpkg-query -W -f='${Version}' clickhouse-server 2>/dev/null || true)
  if [ -z "$v" ]; then
    v=$(clickhouse-client --version 2>/dev/null | grep -oE '[0-9]+(\.[0-9]+)+' | head -n1 || true)
  fi
  echo "${v%%.*}"
}

ch_answers() {
  [ "$(curl -fsS --max-time 3 "http://$HOST:$CH_HTTP_PORT/ping" 2>/dev/null)" = "Ok." ]
}

ch_query() {
  curl -fsS --max-time 30 "http://$HOST:$CH_HTTP_PORT/" --data-binary "$1"
}

ch_write_config() {
  local extra=""
  if [ "${CH_LEGACY_LOWCARD:-}" = 1 ] || [ "$(ch_major)" = 18 ]; then
    extra='<allow_experimental_low_cardinality_type>1</allow_experimental_low_cardinality_type>'
  fi
  mkdir -p "$CH_DIR/data" "$CH_DIR/tmp" "$CH_DIR/user_files" "$CH_DIR/format_schemas" "$CH_DIR/log"
  render "$SCRIPT_DIR/clickhouse/config.xml" "$CH_CONFIG" \
    CH_HOME="$CH_DIR" CH_HTTP_PORT="$CH_HTTP_PORT" CH_TCP_PORT="$CH_TCP_PORT"
  render "$SCRIPT_DIR/clickhouse/users.xml" "$CH_DIR/users.xml" CH_PROFILE_EXTRA="$extra"
}

ch_up() {
  local pid t0 deadline
  if pid=$(live_pid "$CH_PIDFILE" "$CH_CONFIG"); then
    if ch_answers; then
      say "clickhouse: already running on $HOST:$CH_HTTP_PORT (pid $pid)"
      ch_query "CREATE DATABASE IF NOT EXISTS $DB_NAME" >/dev/null
      return 0
    fi
    say "clickhouse: pid $pid is alive but /ping fails; restarting it"
    stop_pid clickhouse "$CH_PIDFILE" "$CH_CONFIG" 20
  fi
  port_open "$CH_HTTP_PORT" && die "clickhouse: port $CH_HTTP_PORT is in use by another process (set CLICKHOUSE_HTTP_PORT)"
  port_open "$CH_TCP_PORT" && die "clickhouse: port $CH_TCP_PORT is in use by another process (set CLICKHOUSE_TCP_PORT)"
  t0=$(now_ms)
  ch_write_config
  (
    cd "$CH_DIR"
    nohup clickhouse-server --config-file="$CH_CONFIG" >"$CH_DIR/log/stdout.log" 2>&1 </dev/null 9>&- &
    echo $! >"$CH_PIDFILE"
  )
  pid=$(cat "$CH_PIDFILE")
  deadline=$((SECONDS + CH_START_TIMEOUT))
  until ch_answers; do
    if ! pid_alive "$pid"; then
      rm -f "$CH_PIDFILE"
      tail_file "$CH_DIR/log/stdout.log" 20
      tail_file "$CH_DIR/log/clickhouse-server.err.log" 30
      die "clickhouse: process $pid exited during startup"
    fi
    if ((SECONDS >= deadline)); then
      tail_file "$CH_DIR/log/clickhouse-server.err.log" 30
      stop_pid clickhouse "$CH_PIDFILE" "$CH_CONFIG" 20 >&2
      die "clickhouse: /ping not answering after ${CH_START_TIMEOUT}s"
    fi
    sleep 0.2
  done
  ch_query "CREATE DATABASE IF NOT EXISTS $DB_NAME" >/dev/null || die "clickhouse: could not create database $DB_NAME"
  say "clickhouse: ready on $HOST:$CH_HTTP_PORT (http) / $CH_TCP_PORT (tcp) (pid $pid, $(ch_query 'SELECT version()' | tr -d '\n')) in $(elapsed "$t0")"
}

ch_down() { stop_pid clickhouse "$CH_PIDFILE" "$CH_CONFIG" 20; }

# ----------------------------------------------------------------------------
# PostgreSQL
# ----------------------------------------------------------------------------
pg_mode() { cat "$PG_DIR/mode" 2>/dev/null || true; }

pg_ready() { [ -n "$PG_BIN" ] && "$PG_BIN/pg_isready" -q -h "$HOST" -p "$1" -t 3 >/dev/null 2>&1; }

# The machine's cluster on $PG_SYSTEM_PORT, as "version name datadir logfile".
pg_system_cluster() {
  command -v pg_lsclusters >/dev/null 2>&1 || return 1
  pg_lsclusters -h 2>/dev/null | awk -v p="$PG_SYSTEM_PORT" '$3 == p {print $1, $2, $6, $7; exit}' | grep .
}

# Run a command as the postgres user when we are root (initdb/postgres refuse root).
pg_as_owner() {
  if is_root; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Throwaway cluster location: under $PG_DIR, unless we are root and the postgres
# user cannot reach it (e.g. $HOME=/root is mode 700); then under postgres's home,
# with the real path recorded in $PG_DIR/base.
pg_throwaway_base() {
  local base
  if [ -s "$PG_DIR/base" ]; then
    cat "$PG_DIR/base"
    return 0
  fi
  mkdir -p "$PG_DIR"
  base=$PG_DIR/throwaway
  if is_root; then
    mkdir -p "$base"
    chown postgres: "$base"
    if ! runuser -u postgres -- test -w "$base"; then
      rmdir "$base"
      base=/var/lib/postgresql/textback-stack-$(printf '%s' "$STACK_HOME" | cksum | cut -d' ' -f1)
    fi
  fi
  echo "$base" >"$PG_DIR/base"
  echo "$base"
}

pg_port() {
  case "$(pg_mode)" in
  throwaway) cat "$PG_DIR/port" 2>/dev/null || echo "$PG_THROWAWAY_PORT" ;;
  external | system) echo "$PG_SYSTEM_PORT" ;;
  *) if [ "$PG_MODE_WANTED" = throwaway ]; then echo "$PG_THROWAWAY_PORT"; else echo "$PG_SYSTEM_PORT"; fi ;;
  esac
}

pg_sql() {
  local port=$1 sql=$2
  PGCONNECT_TIMEOUT=5 "$PG_BIN/psql" -w -h "$HOST" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -tAq -c "$sql" 2>/dev/null && return 0
  # e.g. the machine's cluster without trust auth on TCP: use the local socket as postgres.
  if is_root && [ "$(pg_mode)" != throwaway ]; then
    runuser -u postgres -- "$PG_BIN/psql" -w -p "$port" -d postgres -v ON_ERROR_STOP=1 -tAq -c "$sql"
  else
    return 1
  fi
}

pg_ensure_db() {
  local port=$1
  if [ "$(pg_sql "$port" "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != 1 ]; then
    pg_sql "$port" "CREATE DATABASE $DB_NAME OWNER postgres" >/dev/null ||
      die "postgres: could not create database $DB_NAME on port $port"
  fi
}

pg_throwaway_up() {
  local base data t0 port=$PG_THROWAWAY_PORT
  base=$(pg_throwaway_base)
  data=$base/data
  t0=$(now_ms)
  if pg_ready "$port"; then
    if [ -f "$data/postmaster.pid" ]; then
      say "postgres: already running on $HOST:$port (throwaway cluster, pid $(head -n1 "$data/postmaster.pid"))"
      return 0
    fi
    die "postgres: port $port is in use by another server (set PG_THROWAWAY_PORT)"
  fi
  mkdir -p "$base/sock"
  is_root && chown -R postgres: "$base"
  if [ ! -f "$data/PG_VERSION" ]; then
    say "postgres: creating a throwaway cluster in $data"
    pg_as_owner "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
      >"$base/initdb.log" 2>&1 || {
      tail_file "$base/initdb.log"
      die "postgres: initdb failed"
    }
    echo "include_if_exists = 'textback.conf'" >>"$data/postgresql.conf"
  fi
  cat >"$data/textback.conf" <<EOF
# written by deploy/local/stack.sh
listen_addresses = '$HOST'
port = $port
unix_socket_directories = '$base/sock'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  is_root && chown postgres: "$data/textback.conf"
  # A postmaster.pid left by a killed server is handled by pg_ctl itself.
  pg_as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$base/postgres.log" -w -t 30 start >/dev/null 2>&1 9>&- || {
    tail_file "$base/postgres.log"
    die "postgres: throwaway cluster failed to start"
  }
  echo throwaway >"$PG_DIR/mode"
  echo "$port" >"$PG_DIR/port"
  say "postgres: ready on $HOST:$port (throwaway cluster, pid $(head -n1 "$data/postmaster.pid")) in $(elapsed "$t0")"
}

pg_up() {
  local mode cluster ver name t0
  mkdir -p "$PG_DIR"
  mode=$(pg_mode)
  t0=$(now_ms)
  if [ "$mode" = throwaway ] || [ "$PG_MODE_WANTED" = throwaway ]; then
    pg_throwaway_up
  elif pg_ready "$PG_SYSTEM_PORT"; then
    if [ "$mode" = system ]; then
      say "postgres: already running on $HOST:$PG_SYSTEM_PORT (machine's cluster, started by this script)"
    else
      echo external >"$PG_DIR/mode"
      say "postgres: using the machine's PostgreSQL on $HOST:$PG_SYSTEM_PORT (not managed by this script)"
    fi
  elif cluster=$(pg_system_cluster); then
    read -r ver name _ <<<"$cluster"
    say "postgres: starting the machine's cluster $ver/$name"
    as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start 9>&- ||
      die "postgres: pg_ctlcluster $ver $name start failed"
    echo system >"$PG_DIR/mode"
    echo "$ver $name" >"$PG_DIR/system-cluster"
    local i
    for ((i = 0; i < 100; i++)); do
      pg_ready "$PG_SYSTEM_PORT" && break
      sleep 0.2
    done
    pg_ready "$PG_SYSTEM_PORT" || die "postgres: cluster $ver/$name started but $HOST:$PG_SYSTEM_PORT does not answer"
    say "postgres: ready on $HOST:$PG_SYSTEM_PORT (machine's cluster $ver/$name, started by this script) in $(elapsed "$t0")"
  else
    pg_throwaway_up
  fi
  pg_ensure_db "$(pg_port)"
}

pg_down() {
  local base ver name
  case "$(pg_mode)" in
  throwaway)
    base=$(pg_throwaway_base)
    if [ -f "$base/data/postmaster.pid" ]; then
      local t0
      t0=$(now_ms)
      pg_as_owner "$PG_BIN/pg_ctl" -D "$base/data" -m fast -w -t 60 stop >/dev/null 2>&1 ||
        warn "postgres: pg_ctl stop failed (see $base/postgres.log)"
      say "postgres: stopped throwaway cluster in $(elapsed "$t0")"
    else
      say "postgres: not running"
    fi
    ;;
  system)
    read -r ver name <"$PG_DIR/system-cluster"
    as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" stop -m fast ||
      warn "postgres: pg_ctlcluster $ver $name stop failed"
    rm -f "$PG_DIR/mode" "$PG_DIR/system-cluster"
    say "postgres: stopped the machine's cluster $ver/$name (this script had started it)"
    ;;
  external)
    rm -f "$PG_DIR/mode"
    say "postgres: leaving the machine's PostgreSQL on $HOST:$PG_SYSTEM_PORT running (not started by this script)"
    ;;
  *) say "postgres: not started by this script" ;;
  esac
}

pg_status_line() {
  local mode port pid="" desc base cluster
  mode=$(pg_mode)
  port=$(pg_port)
  case "$mode" in
  throwaway)
    base=$(pg_throwaway_base)
    desc="throwaway cluster $base/data"
    [ -f "$base/data/postmaster.pid" ] && pid=$(head -n1 "$base/data/postmaster.pid")
    ;;
  system | external)
    if cluster=$(pg_system_cluster); then
      read -r _ _ base _ <<<"$cluster"
      [ -r "$base/postmaster.pid" ] && pid=$(head -n1 "$base/postmaster.pid")
    fi
    if [ "$mode" = system ]; then desc="machine's cluster, started by this script"; else desc="machine's cluster, not managed"; fi
    ;;
  *)
    if pg_ready "$port"; then desc="machine's cluster, not used by 'up' yet"; else desc="not started"; fi
    ;;
  esac
  if pg_ready "$port"; then
    printf '%-11s %-9s pid %-8s %-22s %s\n' postgres ready "${pid:--}" "$HOST:$port" "$desc"
    return 0
  fi
  printf '%-11s %-9s pid %-8s %-22s %s\n' postgres "not-ready" "${pid:--}" "$HOST:$port" "$desc"
  return 1
}

pg_log_file() {
  local cluster
  case "$(pg_mode)" in
  throwaway) echo "$(pg_throwaway_base)/postgres.log" ;;
  *)
    if cluster=$(pg_system_cluster); then
      awk '{print $4}' <<<"$cluster"
    fi
    ;;
  esac
}

# ----------------------------------------------------------------------------
# commands
# ----------------------------------------------------------------------------
env_lines() {
  cat <<EOF
export KAFKA_BROKERS=$HOST:$KAFKA_PORT
export DATABASE_URL=postgres://postgres@$HOST:$(pg_port)/$DB_NAME
export CLICKHOUSE_URL=http://$HOST:$CH_HTTP_PORT
export CLICKHOUSE_DATABASE=$DB_NAME
EOF
}

cmd_up() {
  local t0
  t0=$(now_ms)
  acquire_lock
  mkdir -p "$KAFKA_DIR" "$CH_DIR" "$PG_DIR"
  ensure_packages
  find_pg_bin || die "PostgreSQL binaries not found"
  # Kafka's JVM takes the longest: launch it first and wait for it last.
  kafka_launch
  pg_up
  ch_up
  kafka_wait
  env_lines >"$STACK_HOME/stack.env"
  say "stack: up in $(elapsed "$t0"); settings in $STACK_HOME/stack.env (eval \"\$($0 env)\")"
}

cmd_down() {
  acquire_lock
  find_pg_bin || true
  kafka_down
  ch_down
  pg_down
}

cmd_status() {
  local rc=0 pid ver
  find_pg_bin || true
  ver=$(cat "$KAFKA_DIR/version" 2>/dev/null || echo '?')
  if pid=$(live_pid "$KAFKA_PIDFILE" "$KAFKA_PROPS") && kafka_answers; then
    printf '%-11s %-9s pid %-8s %-22s %s\n' kafka ready "$pid" "$HOST:$KAFKA_PORT" "Kafka $ver, KRaft"
  else
    printf '%-11s %-9s pid %-8s %-22s %s\n' kafka not-ready "${pid:--}" "$HOST:$KAFKA_PORT" "Kafka $ver, KRaft"
    rc=1
  fi
  pid=""
  if pid=$(live_pid "$CH_PIDFILE" "$CH_CONFIG") && ch_answers; then
    printf '%-11s %-9s pid %-8s %-22s %s\n' clickhouse ready "$pid" "$HOST:$CH_HTTP_PORT" "tcp $CH_TCP_PORT"
  else
    printf '%-11s %-9s pid %-8s %-22s %s\n' clickhouse not-ready "${pid:--}" "$HOST:$CH_HTTP_PORT" "tcp $CH_TCP_PORT"
    rc=1
  fi
  pg_status_line || rc=1
  return "$rc"
}

cmd_logs() {
  local which=all follow=() files=() f
  while [ $# -gt 0 ]; do
    case "$1" in
    -f | --follow) follow=(-F) ;;
    kafka | clickhouse | postgres | all) which=$1 ;;
    *) die "logs: unknown argument '$1' (expected kafka|clickhouse|postgres and/or -f)" ;;
    esac
    shift
  done
  find_pg_bin || true
  if [ "$which" = all ] || [ "$which" = kafka ]; then
    files+=("$KAFKA_DIR/logs/server.log" "$KAFKA_DIR/logs/kafka.out")
  fi
  if [ "$which" = all ] || [ "$which" = clickhouse ]; then
    files+=("$CH_DIR/log/clickhouse-server.log" "$CH_DIR/log/clickhouse-server.err.log")
  fi
  if [ "$which" = all ] || [ "$which" = postgres ]; then
    f=$(pg_log_file)
    [ -n "$f" ] && files+=("$f")
  fi
  local existing=()
  for f in "${files[@]}"; do
    [ -f "$f" ] && existing+=("$f")
  done
  [ ${#existing[@]} -gt 0 ] || die "no log files yet (run '$0 up' first)"
  exec tail -n "${LOG_LINES:-50}" "${follow[@]}" "${existing[@]}"
}

cmd_reset() {
  local base=""
  acquire_lock
  find_pg_bin || true
  # The textback database in the machine's PostgreSQL is stack data too.
  case "$(pg_mode)" in
  external | system)
    if pg_ready "$PG_SYSTEM_PORT"; then
      pg_sql "$PG_SYSTEM_PORT" "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null &&
        say "postgres: dropped database $DB_NAME on $HOST:$PG_SYSTEM_PORT"
    fi
    ;;
  throwaway) base=$(pg_throwaway_base) ;;
  esac
  cmd_down
  case "$base" in
  /var/lib/postgresql/textback-stack-*) rm -rf "$base" ;;
  esac
  # Keep the lock file (held by this process); wipe everything else.
  find "$STACK_HOME" -mindepth 1 -maxdepth 1 ! -name .lock -exec rm -rf {} +
  say "stack: wiped $STACK_HOME (jar cache kept in $CACHE_HOME)"
}

usage() {
  cat <<EOF
usage: $0 up | down | status | logs [kafka|clickhouse|postgres] [-f] | reset | env

  up      install what is missing, start Kafka, PostgreSQL and ClickHouse, wait until ready
  down    stop what 'up' started (never the machine's own running PostgreSQL)
  status  one line per component; exit status 1 if any is not ready
  logs    last \${LOG_LINES:-50} log lines (-f follows)
  reset   down, then wipe all data under $STACK_HOME (the jar cache stays)
  env     print the connection settings as shell export lines
EOF
}

main() {
  local cmd=${1:-}
  [ $# -gt 0 ] && shift
  case "$cmd" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  logs) cmd_logs "$@" ;;
  reset) cmd_reset ;;
  env) env_lines ;;
  -h | --help | help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
  esac
}

main "$@"
