# shellcheck shell=bash disable=SC2034 # variables here are used by the scripts that source it
# Shared helpers of Tributary's local runtime (deploy/local/*.sh). Source it, don't run it:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# Everything here is safe to source from other scripts (e.g. demo.sh): it defines variables and
# functions, creates nothing and starts nothing.

if [[ -n "${TRIBUTARY_LIB_LOADED:-}" ]]; then
  return 0
fi
TRIBUTARY_LIB_LOADED=1

# ---------------------------------------------------------------------------------------------
# Paths
# ---------------------------------------------------------------------------------------------
TRIBUTARY_LOCAL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TRIBUTARY_ROOT="$(cd "$TRIBUTARY_LOCAL_DIR/../.." && pwd)"
TRIBUTARY_RUN_DIR="$TRIBUTARY_LOCAL_DIR/.run"
TRIBUTARY_LOG_DIR="$TRIBUTARY_RUN_DIR/logs"
TRIBUTARY_PID_DIR="$TRIBUTARY_RUN_DIR/pids"
TRIBUTARY_SOCK_DIR="$TRIBUTARY_RUN_DIR/sock"
TRIBUTARY_BUILD_DIR="$TRIBUTARY_RUN_DIR/build"
TRIBUTARY_ENDPOINTS_FILE="$TRIBUTARY_RUN_DIR/endpoints.env"

# PostgreSQL 15 binaries, always used by full path (/usr/local/bin may hold other things).
TRIBUTARY_PG_BIN="${TRIBUTARY_PG_BIN:-/usr/lib/postgresql/15/bin}"
TRIBUTARY_PG_MAJOR=15

# Kafka broker (jars fetched by setup.sh through deploy/local/kafka/pom.xml).
TRIBUTARY_KAFKA_VERSION=4.1.1
TRIBUTARY_KAFKA_POM="$TRIBUTARY_LOCAL_DIR/kafka/pom.xml"
TRIBUTARY_KAFKA_DIR="$TRIBUTARY_RUN_DIR/kafka"
TRIBUTARY_KAFKA_LIBS="$TRIBUTARY_KAFKA_DIR/libs"
TRIBUTARY_KAFKA_DATA="$TRIBUTARY_KAFKA_DIR/data"
TRIBUTARY_KAFKA_PROPS="$TRIBUTARY_KAFKA_DIR/server.properties"
TRIBUTARY_KAFKA_CLUSTER_ID_FILE="$TRIBUTARY_KAFKA_DIR/cluster.id"
TRIBUTARY_KAFKA_LOG4J="$TRIBUTARY_LOCAL_DIR/kafka/log4j2.yaml"
TRIBUTARY_KAFKA_TOOLS_LOG4J="$TRIBUTARY_LOCAL_DIR/kafka/tools-log4j2.yaml"

# ---------------------------------------------------------------------------------------------
# Ports (override through the environment; every script uses these variables)
# ---------------------------------------------------------------------------------------------
: "${TRIBUTARY_LEGACY_PG_PORT:=15432}"
: "${TRIBUTARY_TARGET_PG_PORT:=15433}"
: "${TRIBUTARY_KAFKA_PORT:=19092}"
: "${TRIBUTARY_KAFKA_CONTROLLER_PORT:=19093}"
: "${TRIBUTARY_API_PORT:=18080}"
: "${TRIBUTARY_CDC_PORT:=18081}"
: "${TRIBUTARY_VALIDATOR_PORT:=18082}"
export TRIBUTARY_LEGACY_PG_PORT TRIBUTARY_TARGET_PG_PORT TRIBUTARY_KAFKA_PORT \
  TRIBUTARY_KAFKA_CONTROLLER_PORT TRIBUTARY_API_PORT TRIBUTARY_CDC_PORT TRIBUTARY_VALIDATOR_PORT

TRIBUTARY_PORT_VARS=(TRIBUTARY_LEGACY_PG_PORT TRIBUTARY_TARGET_PG_PORT TRIBUTARY_KAFKA_PORT
  TRIBUTARY_KAFKA_CONTROLLER_PORT TRIBUTARY_API_PORT TRIBUTARY_CDC_PORT TRIBUTARY_VALIDATOR_PORT)

# validate_ports: every port variable is a TCP port, and no two are the same.
validate_ports() {
  local var port
  local -A seen=()
  for var in "${TRIBUTARY_PORT_VARS[@]}"; do
    port="${!var}"
    if ! [[ "$port" =~ ^[0-9]+$ ]] || ((port < 1 || port > 65535)); then
      die "$var=$port is not a TCP port"
    fi
    [[ -z "${seen[$port]:-}" ]] || die "$var and ${seen[$port]} are both $port: give them different ports"
    seen[$port]="$var"
  done
}

TRIBUTARY_PG_CLUSTERS=(pg-legacy pg-unified)
TRIBUTARY_SERVICES=(orchestrator-service cdc-service validator-service)

# ---------------------------------------------------------------------------------------------
# Logging
# ---------------------------------------------------------------------------------------------
TRIBUTARY_LOG_PREFIX="${TRIBUTARY_LOG_PREFIX:-$(basename "${0:-tributary}" .sh)}"

log() { printf '%s: %s\n' "$TRIBUTARY_LOG_PREFIX" "$*"; }
warn() { printf '%s: WARNING: %s\n' "$TRIBUTARY_LOG_PREFIX" "$*" >&2; }
die() {
  printf '%s: ERROR: %s\n' "$TRIBUTARY_LOG_PREFIX" "$*" >&2
  exit 1
}

# show_log_tail FILE [LINES]: print the end of a log file to stderr (for failure messages).
show_log_tail() {
  local file="$1" lines="${2:-40}"
  if [[ -f "$file" ]]; then
    printf -- '----- last %s lines of %s -----\n' "$lines" "$file" >&2
    tail -n "$lines" "$file" >&2 || true
    printf -- '----- end of %s -----\n' "$file" >&2
  else
    printf '(no log file %s)\n' "$file" >&2
  fi
}

# ---------------------------------------------------------------------------------------------
# Users: PostgreSQL refuses to run as root, so as root initdb/pg_ctl run as the `postgres` user.
# ---------------------------------------------------------------------------------------------
is_root() { [[ "$(id -u)" -eq 0 ]]; }

# as_pg CMD...: run a command as the OS user that owns the PostgreSQL clusters.
as_pg() {
  if is_root; then
    (cd "$TRIBUTARY_RUN_DIR" && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# pg_chown PATH...: give paths to the postgres user when running as root (no-op otherwise).
pg_chown() {
  if is_root; then
    chown postgres:postgres "$@"
  fi
}

# ---------------------------------------------------------------------------------------------
# Run directories
# ---------------------------------------------------------------------------------------------
ensure_run_dirs() {
  mkdir -p "$TRIBUTARY_RUN_DIR" "$TRIBUTARY_LOG_DIR" "$TRIBUTARY_PID_DIR" "$TRIBUTARY_SOCK_DIR"
  # The postgres OS user must be able to traverse into .run (and write the socket dir).
  chmod o+x "$TRIBUTARY_RUN_DIR" "$TRIBUTARY_LOG_DIR"
  chmod 0755 "$TRIBUTARY_SOCK_DIR"
  pg_chown "$TRIBUTARY_SOCK_DIR"
  if is_root; then
    id postgres >/dev/null 2>&1 ||
      die "OS user 'postgres' does not exist (it comes with the postgresql-15 package): run deploy/local/setup.sh"
    if ! runuser -u postgres -- test -x "$TRIBUTARY_RUN_DIR"; then
      local d="$TRIBUTARY_RUN_DIR"
      while [[ "$d" != "/" ]]; do
        d="$(dirname "$d")"
        if ! runuser -u postgres -- test -x "$d"; then
          die "the postgres OS user cannot enter $d (needs o+x): run 'chmod o+x $d' or move the checkout"
        fi
      done
      die "the postgres OS user cannot enter $TRIBUTARY_RUN_DIR"
    fi
  fi
}

# ---------------------------------------------------------------------------------------------
# Pids
# ---------------------------------------------------------------------------------------------
pid_file() { printf '%s/%s.pid\n' "$TRIBUTARY_PID_DIR" "$1"; }

# read_pid NAME: print the pid stored in .run/pids/NAME.pid (nothing if absent/garbage).
read_pid() {
  local f p=""
  f="$(pid_file "$1")"
  [[ -s "$f" ]] || return 0
  read -r p <"$f" || true
  if [[ "$p" =~ ^[0-9]+$ ]]; then printf '%s\n' "$p"; fi
}

# write_pid NAME PID [PORT]: line 1 the pid, line 2 the port it was started on.
write_pid() { mkdir -p "$TRIBUTARY_PID_DIR" && printf '%s\n' "$2" "${3:-}" >"$(pid_file "$1")"; }

# read_pid_port NAME: the port recorded with the pid (empty if unknown).
read_pid_port() { sed -n '2p' "$(pid_file "$1")" 2>/dev/null || true; }
remove_pid() { rm -f "$(pid_file "$1")"; }

pid_alive() { [[ -n "${1:-}" ]] && [[ -d "/proc/$1" ]] && kill -0 "$1" 2>/dev/null; }

# pid_cmdline PID: the process' command line, arguments separated by spaces.
pid_cmdline() { tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null || true; }

# pid_matches PID PATTERN: the process is alive and its command line contains PATTERN.
pid_matches() {
  local pid="${1:-}" pattern="$2"
  pid_alive "$pid" || return 1
  [[ "$(pid_cmdline "$pid")" == *"$pattern"* ]]
}

# pid_rss_kb PID: resident set size in KiB.
pid_rss_kb() { ps -o rss= -p "$1" 2>/dev/null | tr -d ' ' || true; }

# stop_pid NAME PID [TIMEOUT]: SIGTERM, wait up to TIMEOUT s (20), then SIGKILL.
stop_pid() {
  local name="$1" pid="$2" timeout="${3:-20}" deadline
  pid_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + timeout))
  while pid_alive "$pid" && ((SECONDS < deadline)); do
    sleep 0.2
  done
  if pid_alive "$pid"; then
    warn "$name (pid $pid) did not stop within ${timeout}s: sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 5))
    while pid_alive "$pid" && ((SECONDS < deadline)); do
      sleep 0.2
    done
    pid_alive "$pid" && die "$name (pid $pid) survived SIGKILL"
  fi
  return 0
}

# ---------------------------------------------------------------------------------------------
# Ports and HTTP
# ---------------------------------------------------------------------------------------------
# port_open PORT: something accepts TCP connections on 127.0.0.1:PORT.
port_open() {
  # shellcheck disable=SC2016 # $1 expands in the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

# port_owner PORT: "pid NNN (cmd)" of the listener, when visible (root sees all of them).
port_owner() {
  local line pid
  line="$(ss -Hltnp "sport = :$1" 2>/dev/null | head -n 1 || true)"
  if [[ "$line" =~ pid=([0-9]+) ]]; then
    pid="${BASH_REMATCH[1]}"
    printf 'pid %s (%s)\n' "$pid" "$(pid_cmdline "$pid" | cut -c1-100)"
  else
    printf 'an unknown process\n'
  fi
}

# require_port_free PORT VAR WHAT: fail unless the port is free (call it only when our own
# component is known not to be running).
require_port_free() {
  local port="$1" var="$2" what="$3"
  if port_open "$port"; then
    die "port $port (for $what) is already taken by $(port_owner "$port"), which is not ours: stop it or choose another port with $var=<port>"
  fi
}

# wait_for_port PORT TIMEOUT [PID]: until the port answers; fails early if PID dies.
wait_for_port() {
  local port="$1" timeout="$2" pid="${3:-}" deadline
  deadline=$((SECONDS + timeout))
  until port_open "$port"; do
    if [[ -n "$pid" ]] && ! pid_alive "$pid"; then
      return 1
    fi
    ((SECONDS < deadline)) || return 1
    sleep 0.25
  done
}

# http_status URL: the HTTP status code, 000 when nothing answers.
http_status() {
  curl -s -o /dev/null -w '%{http_code}' --connect-timeout 2 --max-time 5 "$1" 2>/dev/null || true
}

# wait_for_http URL TIMEOUT [PID]: until URL answers 200; fails early if PID dies.
wait_for_http() {
  local url="$1" timeout="$2" pid="${3:-}" deadline
  deadline=$((SECONDS + timeout))
  until [[ "$(http_status "$url")" == "200" ]]; do
    if [[ -n "$pid" ]] && ! pid_alive "$pid"; then
      return 1
    fi
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL clusters (pg-legacy, pg-unified)
# ---------------------------------------------------------------------------------------------
pg_data_dir() { printf '%s/%s\n' "$TRIBUTARY_RUN_DIR" "$1"; }
pg_log_file() { printf '%s/%s.log\n' "$TRIBUTARY_LOG_DIR" "$1"; }

pg_port() {
  case "$1" in
    pg-legacy) printf '%s\n' "$TRIBUTARY_LEGACY_PG_PORT" ;;
    pg-unified) printf '%s\n' "$TRIBUTARY_TARGET_PG_PORT" ;;
    *) die "unknown PostgreSQL cluster '$1'" ;;
  esac
}

pg_port_var() {
  case "$1" in
    pg-legacy) printf 'TRIBUTARY_LEGACY_PG_PORT\n' ;;
    pg-unified) printf 'TRIBUTARY_TARGET_PG_PORT\n' ;;
  esac
}

# pg_running_pid NAME: pid of the cluster's postmaster if it runs (from postmaster.pid).
pg_running_pid() {
  local pidfile pid=""
  pidfile="$(pg_data_dir "$1")/postmaster.pid"
  [[ -r "$pidfile" ]] || return 0
  read -r pid <"$pidfile" || true
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  if pid_alive "$pid" && [[ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" == postgres* ]]; then
    printf '%s\n' "$pid"
  fi
}

# pg_running_port NAME: the port the running postmaster listens on (line 4 of postmaster.pid).
pg_running_port() {
  sed -n '4p' "$(pg_data_dir "$1")/postmaster.pid" 2>/dev/null || true
}

# pg_psql NAME [psql args...]: psql to a local cluster as postgres over its unix socket.
pg_psql() {
  local name="$1"
  shift
  PGCONNECT_TIMEOUT=5 "$TRIBUTARY_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
    -h "$TRIBUTARY_SOCK_DIR" -p "$(pg_port "$name")" -U postgres "$@"
}

# ---------------------------------------------------------------------------------------------
# Kafka
# ---------------------------------------------------------------------------------------------
kafka_libs_complete() {
  [[ -f "$TRIBUTARY_KAFKA_LIBS/.complete" ]] &&
    [[ "$(cat "$TRIBUTARY_KAFKA_LIBS/.complete")" == "$(kafka_libs_stamp)" ]]
}

# kafka_libs_stamp: identifies the jar set (Kafka version + checksum of the pom that lists it).
kafka_libs_stamp() {
  printf 'kafka %s pom %s\n' "$TRIBUTARY_KAFKA_VERSION" \
    "$(sha256sum "$TRIBUTARY_KAFKA_POM" | cut -c1-16)"
}

# kafka_running_pid: pid of our broker if it runs.
kafka_running_pid() {
  local pid
  pid="$(read_pid kafka)"
  if pid_matches "$pid" "$TRIBUTARY_KAFKA_PROPS"; then printf '%s\n' "$pid"; fi
}

# kafka_tool MAIN-CLASS ARGS...: run a Kafka command-line tool from the broker's jars, e.g.
#   kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP" --list
# Main classes in 4.1: org.apache.kafka.tools.TopicCommand, org.apache.kafka.tools.ConsoleProducer,
# org.apache.kafka.tools.consumer.ConsoleConsumer, kafka.tools.StorageTool.
kafka_tool() {
  kafka_libs_complete || die "Kafka jars missing in $TRIBUTARY_KAFKA_LIBS: run deploy/local/setup.sh"
  java -Xmx128m -XX:TieredStopAtLevel=1 -Xshare:auto \
    -Dlog4j2.configurationFile="$TRIBUTARY_KAFKA_TOOLS_LOG4J" \
    -cp "$TRIBUTARY_KAFKA_LIBS/*" "$@"
}

# ---------------------------------------------------------------------------------------------
# Quarkus services
# ---------------------------------------------------------------------------------------------
service_port() {
  case "$1" in
    orchestrator-service) printf '%s\n' "$TRIBUTARY_API_PORT" ;;
    cdc-service) printf '%s\n' "$TRIBUTARY_CDC_PORT" ;;
    validator-service) printf '%s\n' "$TRIBUTARY_VALIDATOR_PORT" ;;
    *) die "unknown service '$1'" ;;
  esac
}

service_port_var() {
  case "$1" in
    orchestrator-service) printf 'TRIBUTARY_API_PORT\n' ;;
    cdc-service) printf 'TRIBUTARY_CDC_PORT\n' ;;
    validator-service) printf 'TRIBUTARY_VALIDATOR_PORT\n' ;;
  esac
}

service_jar() { printf '%s/%s/target/quarkus-app/quarkus-run.jar\n' "$TRIBUTARY_ROOT" "$1"; }
service_log_file() { printf '%s/%s.log\n' "$TRIBUTARY_LOG_DIR" "$1"; }
service_health_url() { printf 'http://127.0.0.1:%s/q/health/ready\n' "$(service_port "$1")"; }

# service_running_pid NAME: pid of our service process if it runs.
service_running_pid() {
  local pid
  pid="$(read_pid "$1")"
  if pid_matches "$pid" "$(service_jar "$1")"; then printf '%s\n' "$pid"; fi
}

# ---------------------------------------------------------------------------------------------
# Endpoints (written by up.sh)
# ---------------------------------------------------------------------------------------------
tributary_write_endpoints() {
  local tmp="$TRIBUTARY_ENDPOINTS_FILE.tmp"
  cat >"$tmp" <<EOF
# Written by deploy/local/up.sh — endpoints of the local Tributary runtime. Use: source this file.
export TRIBUTARY_API=http://127.0.0.1:$TRIBUTARY_API_PORT
export TRIBUTARY_CDC_API=http://127.0.0.1:$TRIBUTARY_CDC_PORT
export TRIBUTARY_VALIDATOR_API=http://127.0.0.1:$TRIBUTARY_VALIDATOR_PORT
export TRIBUTARY_TARGET_URL=postgresql://postgres:postgres@127.0.0.1:$TRIBUTARY_TARGET_PG_PORT/unified
export TRIBUTARY_LEGACY_PG_URL=postgresql://postgres:postgres@127.0.0.1:$TRIBUTARY_LEGACY_PG_PORT/postgres
export KAFKA_BOOTSTRAP=127.0.0.1:$TRIBUTARY_KAFKA_PORT
EOF
  mv -f "$tmp" "$TRIBUTARY_ENDPOINTS_FILE"
}

# tributary_load_endpoints: source .run/endpoints.env into the calling shell.
tributary_load_endpoints() {
  [[ -r "$TRIBUTARY_ENDPOINTS_FILE" ]] ||
    die "no $TRIBUTARY_ENDPOINTS_FILE: start the runtime first with deploy/local/up.sh"
  # shellcheck source=/dev/null
  source "$TRIBUTARY_ENDPOINTS_FILE"
}

# ---------------------------------------------------------------------------------------------
# Build (used by demo.sh and bench/)
# ---------------------------------------------------------------------------------------------
# tributary_jars_stale: true when a service jar or common's runtime libs are missing, or older
# than the sources they are built from.
tributary_jars_stale() {
  local svc jar
  compgen -G "$TRIBUTARY_ROOT/common/target/lib/*.jar" >/dev/null || return 0
  for svc in "${TRIBUTARY_SERVICES[@]}"; do
    jar="$(service_jar "$svc")"
    [[ -f "$jar" ]] || return 0
    if [[ -n "$(find "$TRIBUTARY_ROOT/common/src/main" "$TRIBUTARY_ROOT/$svc/src/main" "$TRIBUTARY_ROOT/pom.xml" \
      "$TRIBUTARY_ROOT/common/pom.xml" "$TRIBUTARY_ROOT/$svc/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ]]; then
      return 0
    fi
  done
  return 1
}

# tributary_build_if_stale: builds every module (no tests) when the jars are stale, and stops
# services still running an older build (up.sh starts them again).
tributary_build_if_stale() {
  local build_log="$TRIBUTARY_LOG_DIR/build.log" svc pid
  if ! tributary_jars_stale; then
    log "services are up to date"
    return 0
  fi
  mkdir -p "$TRIBUTARY_LOG_DIR"
  log "building the services (mvn -B -DskipTests package; log: ${build_log#"$TRIBUTARY_ROOT"/})"
  if ! (cd "$TRIBUTARY_ROOT" && mvn -B -q -Dstyle.color=never -DskipTests package) >"$build_log" 2>&1; then
    show_log_tail "$build_log"
    die "the build failed (log: $build_log)"
  fi
  for svc in "${TRIBUTARY_SERVICES[@]}"; do
    pid="$(service_running_pid "$svc" || true)"
    if [[ -n "$pid" ]]; then
      log "restarting $svc on the new build"
      stop_pid "$svc" "$pid"
      remove_pid "$svc"
    fi
  done
}
