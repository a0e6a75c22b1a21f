#!/usr/bin/env bash
# Starts Tributary's local runtime as plain processes (no Docker), each part only if not running:
#   pg-legacy   PostgreSQL 15, wal_level=logical (a legacy source)  port $TRIBUTARY_LEGACY_PG_PORT (15432)
#   pg-unified  PostgreSQL 15 + pgvector, database `unified`          port $TRIBUTARY_TARGET_PG_PORT (15433)
#   kafka       single-node KRaft Kafka 4.1 broker+controller          port $TRIBUTARY_KAFKA_PORT (19092)
#   orchestrator-service / cdc-service / validator-service (Quarkus)  ports 18080 / 18081 / 18082
# then writes deploy/local/.run/endpoints.env. The orchestrator's operator token is generated on
# the first start into deploy/local/.run/operator-token (mode 0600, kept; replace its content to
# choose your own) and exported as TRIBUTARY_TOKEN in endpoints.env.
# Usage: deploy/local/up.sh [--infra-only]     (--infra-only: PostgreSQL clusters and Kafka only)
# TRIBUTARY_NICE (default 10): the CPU niceness of what is Tributary's own — the three services,
# Kafka and the target cluster pg-unified (not pg-legacy, which stands for an application's
# database) — so that on a machine it shares with applications and their databases, theirs come
# first: measured by bench/cutover.sh at 2.3 million SQLite rows, a writer on an uncaptured file
# stalled at most 0.5 s during the load and 4.0 s during prepare with 10, against 2.7 s and 17.0 s
# with 0. 0 runs everything at the caller's priority.
# TRIBUTARY_KAFKA_SECURITY=sasl_ssl: the broker's only client listener is SASL_SSL (SCRAM-SHA-512
# user "tributary", a self-signed certificate for 127.0.0.1 under .run/kafka/tls), and the services
# get the matching kafka.* settings; tools take --command-config .run/kafka/client.properties.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

infra_only=false
for arg in "$@"; do
  case "$arg" in
    --infra-only) infra_only=true ;;
    -h | --help)
      sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) die "unknown option '$arg' (usage: up.sh [--infra-only])" ;;
  esac
done

TRIBUTARY_NICE="${TRIBUTARY_NICE:-10}"
[[ "$TRIBUTARY_NICE" =~ ^[0-9]+$ ]] && ((TRIBUTARY_NICE <= 19)) ||
  die "TRIBUTARY_NICE must be a niceness from 0 to 19, not '$TRIBUTARY_NICE'"
PG_START_TIMEOUT=60
KAFKA_START_TIMEOUT="${TRIBUTARY_KAFKA_START_TIMEOUT:-120}" # ~5 s idle; much more on a loaded 2-core box
SERVICE_START_TIMEOUT="${TRIBUTARY_SERVICE_START_TIMEOUT:-90}"

# ---------------------------------------------------------------------------------------------
# Preconditions
# ---------------------------------------------------------------------------------------------
[[ -x "$TRIBUTARY_PG_BIN/postgres" ]] ||
  die "PostgreSQL $TRIBUTARY_PG_MAJOR not found in $TRIBUTARY_PG_BIN: run deploy/local/setup.sh"
command -v java >/dev/null 2>&1 || die "java not found: run deploy/local/setup.sh"
kafka_libs_complete || die "Kafka jars missing in $TRIBUTARY_KAFKA_LIBS: run deploy/local/setup.sh"
[[ -f "$("$TRIBUTARY_PG_BIN/pg_config" --sharedir)/extension/vector.control" ]] ||
  die "pgvector is not installed for PostgreSQL $TRIBUTARY_PG_MAJOR: run deploy/local/setup.sh"

validate_ports
case "$TRIBUTARY_KAFKA_SECURITY" in
  plaintext | sasl_ssl) ;;
  *) die "TRIBUTARY_KAFKA_SECURITY=$TRIBUTARY_KAFKA_SECURITY: it is plaintext or sasl_ssl" ;;
esac
ensure_run_dirs

# Fail before starting anything when a port of a component that is not running is taken.
preflight_ports() {
  local name svc
  for name in "${TRIBUTARY_PG_CLUSTERS[@]}"; do
    [[ -n "$(pg_running_pid "$name")" ]] || require_port_free "$(pg_port "$name")" "$(pg_port_var "$name")" "$name"
  done
  if [[ -z "$(kafka_running_pid)" ]]; then
    require_port_free "$TRIBUTARY_KAFKA_PORT" TRIBUTARY_KAFKA_PORT "the Kafka broker"
    require_port_free "$TRIBUTARY_KAFKA_CONTROLLER_PORT" TRIBUTARY_KAFKA_CONTROLLER_PORT "the Kafka controller"
  fi
  [[ "$infra_only" == false ]] || return 0
  for svc in "${TRIBUTARY_SERVICES[@]}"; do
    [[ -n "$(service_running_pid "$svc")" ]] || require_port_free "$(service_port "$svc")" "$(service_port_var "$svc")" "$svc"
  done
}
preflight_ports

# ---------------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------------
pg_init() {
  local name="$1" data pwfile
  data="$(pg_data_dir "$name")"
  if [[ -f "$data/PG_VERSION" ]]; then
    [[ "$(cat "$data/PG_VERSION")" == "$TRIBUTARY_PG_MAJOR" ]] ||
      die "$data holds a PostgreSQL $(cat "$data/PG_VERSION") cluster, not $TRIBUTARY_PG_MAJOR: run deploy/local/down.sh --purge"
    return 0
  fi
  if [[ -d "$data" ]] && [[ -n "$(ls -A "$data")" ]]; then
    die "$data exists but is not a PostgreSQL data directory (interrupted initdb?): remove it or run deploy/local/down.sh --purge"
  fi
  log "$name: initdb in ${data#"$TRIBUTARY_ROOT"/}"
  mkdir -p "$data"
  chmod 0700 "$data"
  pg_chown "$data"
  pwfile="$TRIBUTARY_RUN_DIR/.pwfile-$name"
  (umask 077 && printf '%s\n' "$TRIBUTARY_PG_PASSWORD" >"$pwfile")
  pg_chown "$pwfile"
  if ! as_pg "$TRIBUTARY_PG_BIN/initdb" -D "$data" -U postgres --pwfile="$pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C \
    >"$TRIBUTARY_LOG_DIR/$name-initdb.log" 2>&1; then
    rm -f "$pwfile"
    show_log_tail "$TRIBUTARY_LOG_DIR/$name-initdb.log"
    die "initdb of $name failed"
  fi
  rm -f "$pwfile"
  # Our settings live in tributary.conf, rewritten on every start (ports may change).
  printf "\n# Tributary local runtime (deploy/local/up.sh rewrites tributary.conf on every start)\ninclude_if_exists = 'tributary.conf'\n" \
    >>"$data/postgresql.conf"
}

pg_write_conf() {
  local name="$1" port="$2" data extra=""
  data="$(pg_data_dir "$name")"
  # logical decoding on both: the legacy cluster for capture, the unified one for the fallback
  # window (each cut-over migration reads its target tables back through a slot until finished)
  extra="wal_level = logical
max_replication_slots = 16
max_wal_senders = 16"
  cat >"$data/tributary.conf" <<EOF
# Written by deploy/local/up.sh — do not edit, it is rewritten on every start.
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$TRIBUTARY_SOCK_DIR'
max_connections = 100
shared_buffers = 128MB
fsync = on
# Bulk loads (a snapshot, pgloader, COPY) write gigabytes: with the default 1GB a checkpoint every
# few seconds writes each page again in full into the WAL.
max_wal_size = 8GB
checkpoint_timeout = 15min
logging_collector = off
log_line_prefix = '%m [%p] %q%u@%d '
log_timezone = 'UTC'
timezone = 'UTC'
# Commit times of each row's last change (pg_xact_commit_timestamp): bench/run.sh measures the
# latency from source commit to target commit with them.
track_commit_timestamp = on
$extra
EOF
  pg_chown "$data/tributary.conf"
}

pg_start() {
  local name="$1" port var data logfile pid running_port sock
  port="$(pg_port "$name")"
  var="$(pg_port_var "$name")"
  data="$(pg_data_dir "$name")"
  logfile="$(pg_log_file "$name")"

  pid="$(pg_running_pid "$name")"
  if [[ -n "$pid" ]]; then
    running_port="$(pg_running_port "$name")"
    [[ "$running_port" == "$port" ]] ||
      die "$name is running (pid $pid) on port $running_port, but $var=$port: run deploy/local/down.sh first"
    port_open "$port" || die "$name is running (pid $pid) but port $port does not answer (see $logfile)"
    write_pid "$name" "$pid" "$port"
    log "$name: already running (pid $pid, port $port)"
    return 0
  fi

  sock="$TRIBUTARY_SOCK_DIR/.s.PGSQL.$port"
  ((${#sock} < 108)) || die "unix socket path $sock is too long (${#sock} > 107 chars): use a shorter checkout path"
  require_port_free "$port" "$var" "$name"
  pg_init "$name"
  pg_write_conf "$name" "$port"
  touch "$logfile"
  pg_chown "$logfile"
  log "$name: starting PostgreSQL $TRIBUTARY_PG_MAJOR on 127.0.0.1:$port"
  # the target cluster is Tributary's own: it yields the CPU to the applications (TRIBUTARY_NICE)
  local niceness=0
  [[ "$name" == pg-unified ]] && niceness="$TRIBUTARY_NICE"
  if ! as_pg nice -n "$niceness" "$TRIBUTARY_PG_BIN/pg_ctl" start -D "$data" -l "$logfile" -w -t "$PG_START_TIMEOUT" >/dev/null 2>&1; then
    show_log_tail "$logfile"
    die "$name did not start (log: $logfile)"
  fi
  pid="$(pg_running_pid "$name")"
  [[ -n "$pid" ]] || die "$name: pg_ctl says started but no postmaster runs (log: $logfile)"
  wait_for_port "$port" 10 "$pid" || die "$name (pid $pid) does not answer on port $port (log: $logfile)"
  write_pid "$name" "$pid" "$port"
  log "$name: started (pid $pid, port $port)"
  pg_set_password "$name"
}

# pg_set_password NAME: the postgres role gets the generated password (a cluster made by an earlier
# version has "postgres"); over the private unix socket. Idempotent.
pg_set_password() {
  pg_psql "$1" -d postgres -c "ALTER ROLE postgres PASSWORD '$TRIBUTARY_PG_PASSWORD'" >/dev/null ||
    die "$1: could not set the postgres role's password"
}

pg_unified_prepare() {
  local version
  if [[ -z "$(pg_psql pg-unified -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'unified'")" ]]; then
    pg_psql pg-unified -d postgres -c 'CREATE DATABASE unified' ||
      die "could not create database unified on pg-unified"
    log "pg-unified: created database unified"
  fi
  pg_psql pg-unified -d unified -c 'SET client_min_messages = warning' \
    -c 'CREATE EXTENSION IF NOT EXISTS vector' ||
    die "CREATE EXTENSION vector failed in database unified (is pgvector installed? run deploy/local/setup.sh)"
  version="$(pg_psql pg-unified -d unified -tAc "SELECT extversion FROM pg_extension WHERE extname = 'vector'")"
  log "pg-unified: database unified ready (vector $version)"
}

# ---------------------------------------------------------------------------------------------
# Kafka
# ---------------------------------------------------------------------------------------------
# kafka_scram_jaas: the SASL login of the local SCRAM user, as a sasl.jaas.config value.
kafka_scram_jaas() {
  printf 'org.apache.kafka.common.security.scram.ScramLoginModule required username="tributary" password="%s";' \
    "$(secret_file "$TRIBUTARY_KAFKA_SCRAM_PASSWORD_FILE" "a Kafka SCRAM password")"
}

# kafka_tls_ensure: under sasl_ssl, the broker's key pair and self-signed certificate for
# 127.0.0.1 (PKCS12, by the JDK's keytool; made once, kept) and the clients' truststore; and the
# client settings file for command-line tools.
kafka_tls_ensure() {
  [[ "$TRIBUTARY_KAFKA_SECURITY" == sasl_ssl ]] || return 0
  local store_pw
  store_pw="$(secret_file "$TRIBUTARY_KAFKA_STORE_PASSWORD_FILE" "a keystore password")"
  if [[ ! -s "$TRIBUTARY_KAFKA_TLS_DIR/truststore.p12" ]]; then
    command -v keytool >/dev/null 2>&1 || die "keytool (the JDK's) not found: run deploy/local/setup.sh"
    log "kafka: making a certificate for 127.0.0.1 (${TRIBUTARY_KAFKA_TLS_DIR#"$TRIBUTARY_ROOT"/})"
    rm -f "$TRIBUTARY_KAFKA_TLS_DIR"/broker.p12 "$TRIBUTARY_KAFKA_TLS_DIR"/broker.crt
    (umask 077 &&
      keytool -genkeypair -alias broker -keyalg RSA -keysize 2048 -validity 825 -dname CN=127.0.0.1 \
        -ext SAN=IP:127.0.0.1,DNS:localhost -storetype PKCS12 \
        -keystore "$TRIBUTARY_KAFKA_TLS_DIR/broker.p12" -storepass "$store_pw" >/dev/null 2>&1 &&
      keytool -exportcert -rfc -alias broker -keystore "$TRIBUTARY_KAFKA_TLS_DIR/broker.p12" \
        -storepass "$store_pw" -file "$TRIBUTARY_KAFKA_TLS_DIR/broker.crt" >/dev/null 2>&1 &&
      keytool -importcert -noprompt -alias broker -file "$TRIBUTARY_KAFKA_TLS_DIR/broker.crt" \
        -storetype PKCS12 -keystore "$TRIBUTARY_KAFKA_TLS_DIR/truststore.p12.tmp" \
        -storepass "$store_pw" >/dev/null 2>&1) || die "keytool could not make the broker's certificate"
    mv -f "$TRIBUTARY_KAFKA_TLS_DIR/truststore.p12.tmp" "$TRIBUTARY_KAFKA_TLS_DIR/truststore.p12"
  fi
  (umask 077 && kafka_client_settings >"$TRIBUTARY_KAFKA_CLIENT_CONFIG")
}

# kafka_client_settings: the settings a client needs to reach the broker under sasl_ssl, one per
# line as <key>=<value> (properties file syntax), bootstrap.servers apart.
kafka_client_settings() {
  local store_pw
  store_pw="$(secret_file "$TRIBUTARY_KAFKA_STORE_PASSWORD_FILE" "a keystore password")"
  printf '%s\n' "security.protocol=SASL_SSL" "sasl.mechanism=SCRAM-SHA-512" \
    "sasl.jaas.config=$(kafka_scram_jaas)" \
    "ssl.truststore.location=$TRIBUTARY_KAFKA_TLS_DIR/truststore.p12" \
    "ssl.truststore.password=$store_pw" "ssl.truststore.type=PKCS12"
}

kafka_write_props() {
  local listener=PLAINTEXT
  [[ "$TRIBUTARY_KAFKA_SECURITY" == sasl_ssl ]] && listener=SASL_SSL
  # it may hold the keystore's password: readable by its owner only
  rm -f "$TRIBUTARY_KAFKA_PROPS"
  (umask 077 && cat >"$TRIBUTARY_KAFKA_PROPS") <<EOF
# Written by deploy/local/up.sh — single-node KRaft broker+controller, rewritten on every start.
# Client listener: $listener (TRIBUTARY_KAFKA_SECURITY=$TRIBUTARY_KAFKA_SECURITY).
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$TRIBUTARY_KAFKA_CONTROLLER_PORT
listeners=$listener://127.0.0.1:$TRIBUTARY_KAFKA_PORT,CONTROLLER://127.0.0.1:$TRIBUTARY_KAFKA_CONTROLLER_PORT
advertised.listeners=$listener://127.0.0.1:$TRIBUTARY_KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=$listener
listener.security.protocol.map=CONTROLLER:PLAINTEXT,$listener:$listener
log.dirs=$TRIBUTARY_KAFKA_DATA
num.partitions=1
default.replication.factor=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
message.max.bytes=10485760
# Must be MORE than 1 MiB per cleaner thread (KafkaConfig requires > 1048576): 2 MiB, small.
log.cleaner.dedupe.buffer.size=2097152
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
EOF
  if [[ "$TRIBUTARY_KAFKA_SECURITY" == sasl_ssl ]]; then
    local store_pw
    store_pw="$(secret_file "$TRIBUTARY_KAFKA_STORE_PASSWORD_FILE" "a keystore password")"
    cat >>"$TRIBUTARY_KAFKA_PROPS" <<EOF
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=$(kafka_scram_jaas)
ssl.keystore.location=$TRIBUTARY_KAFKA_TLS_DIR/broker.p12
ssl.keystore.password=$store_pw
ssl.keystore.type=PKCS12
ssl.truststore.location=$TRIBUTARY_KAFKA_TLS_DIR/truststore.p12
ssl.truststore.password=$store_pw
ssl.truststore.type=PKCS12
EOF
  fi
}

kafka_format() {
  local cid out scram
  if [[ -f "$TRIBUTARY_KAFKA_DATA/meta.properties" ]]; then
    # the SASL user is made when the storage is formatted (the broker logs in as it)
    if [[ "$TRIBUTARY_KAFKA_SECURITY" == sasl_ssl && ! -f "$TRIBUTARY_KAFKA_DIR/scram.created" ]]; then
      die "the Kafka data in ${TRIBUTARY_KAFKA_DATA#"$TRIBUTARY_ROOT"/} was made without the SASL user TRIBUTARY_KAFKA_SECURITY=sasl_ssl needs: start it with TRIBUTARY_KAFKA_SECURITY=plaintext, or delete the local runtime's data (deploy/local/down.sh --purge) and start again"
    fi
    return 0
  fi
  if [[ -s "$TRIBUTARY_KAFKA_CLUSTER_ID_FILE" ]]; then
    cid="$(cat "$TRIBUTARY_KAFKA_CLUSTER_ID_FILE")"
  else
    cid="$(kafka_tool kafka.tools.StorageTool random-uuid | tail -n 1)"
    [[ "$cid" =~ ^[A-Za-z0-9_-]{22}$ ]] || die "kafka.tools.StorageTool random-uuid printed '$cid', not a cluster id"
    printf '%s\n' "$cid" >"$TRIBUTARY_KAFKA_CLUSTER_ID_FILE"
  fi
  log "kafka: formatting ${TRIBUTARY_KAFKA_DATA#"$TRIBUTARY_ROOT"/} (cluster id $cid)"
  mkdir -p "$TRIBUTARY_KAFKA_DATA"
  # Every broker gets the SCRAM user, so TRIBUTARY_KAFKA_SECURITY can change on a later start.
  scram="SCRAM-SHA-512=[name=tributary,password=$(secret_file "$TRIBUTARY_KAFKA_SCRAM_PASSWORD_FILE" "a Kafka SCRAM password")]"
  if ! out="$(kafka_tool kafka.tools.StorageTool format -t "$cid" -c "$TRIBUTARY_KAFKA_PROPS" --add-scram "$scram" 2>&1)"; then
    printf '%s\n' "$out" >&2
    die "kafka storage format failed"
  fi
  : >"$TRIBUTARY_KAFKA_DIR/scram.created"
}

# kafka_started_since TIME: the broker logged "Kafka Server started" at or after TIME
# (yyyy-mm-dd HH:MM:SS), in kafka.log or a file it rotated to.
kafka_started_since() {
  local files=() f
  for f in "$TRIBUTARY_LOG_DIR"/kafka.log "$TRIBUTARY_LOG_DIR"/kafka.log.[0-9]*; do
    [[ -f "$f" ]] && files+=("$f")
  done
  ((${#files[@]})) || return 1
  awk -v since="$1" '/Kafka Server started/ && substr($0, 2, 19) >= since { found = 1 } END { exit !found }' "${files[@]}"
}

kafka_start() {
  local pid log_file deadline running_port running_security started_after
  log_file="$TRIBUTARY_LOG_DIR/kafka.log"
  pid="$(kafka_running_pid)"
  if [[ -n "$pid" ]]; then
    # server.properties is only rewritten when the broker starts: it holds the running port.
    running_port="$(sed -n 's|^listeners=[A-Z_]*://127.0.0.1:\([0-9]*\),.*|\1|p' "$TRIBUTARY_KAFKA_PROPS" 2>/dev/null || true)"
    running_security=plaintext
    grep -q '^listeners=SASL_SSL://' "$TRIBUTARY_KAFKA_PROPS" 2>/dev/null && running_security=sasl_ssl
    if [[ "$running_security" != "$TRIBUTARY_KAFKA_SECURITY" ]]; then
      die "kafka is running (pid $pid) with a $running_security listener, but TRIBUTARY_KAFKA_SECURITY=$TRIBUTARY_KAFKA_SECURITY: run deploy/local/down.sh first"
    fi
    if [[ -n "$running_port" && "$running_port" != "$TRIBUTARY_KAFKA_PORT" ]]; then
      die "kafka is running (pid $pid) on port $running_port, but TRIBUTARY_KAFKA_PORT=$TRIBUTARY_KAFKA_PORT: run deploy/local/down.sh first"
    fi
    wait_for_port "$TRIBUTARY_KAFKA_PORT" "$KAFKA_START_TIMEOUT" "$pid" ||
      die "kafka is running (pid $pid) but port $TRIBUTARY_KAFKA_PORT does not answer (different TRIBUTARY_KAFKA_PORT than at start? run deploy/local/down.sh; log: $log_file)"
    log "kafka: already running (pid $pid, port $TRIBUTARY_KAFKA_PORT)"
    return 0
  fi
  remove_pid kafka
  require_port_free "$TRIBUTARY_KAFKA_PORT" TRIBUTARY_KAFKA_PORT "the Kafka broker"
  require_port_free "$TRIBUTARY_KAFKA_CONTROLLER_PORT" TRIBUTARY_KAFKA_CONTROLLER_PORT "the Kafka controller"
  mkdir -p "$TRIBUTARY_KAFKA_DIR"
  kafka_tls_ensure
  kafka_write_props
  kafka_format

  # log4j rotates kafka.log (it may while the broker starts): readiness is a line logged since now
  started_after="$(date '+%Y-%m-%d %H:%M:%S')"
  log "kafka: starting Kafka $TRIBUTARY_KAFKA_VERSION (KRaft) on 127.0.0.1:$TRIBUTARY_KAFKA_PORT"
  # TRIBUTARY_KAFKA_JAVA_OPTS: extra JVM options, default -XX:+UseSerialGC (small heap, 2 cores:
  # ~30 MB less RSS than G1 and fewer GC threads). Set it to "" for the JVM's default GC.
  # shellcheck disable=SC2086 # TRIBUTARY_KAFKA_JAVA_OPTS is a list of JVM options
  # MALLOC_ARENA_MAX: see service_start.
  (cd "$TRIBUTARY_KAFKA_DIR" && MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" exec setsid nice -n "$TRIBUTARY_NICE" java -Xmx128m -Xms128m -Djava.awt.headless=true \
    -XX:+ExitOnOutOfMemoryError ${TRIBUTARY_KAFKA_JAVA_OPTS--XX:+UseSerialGC} \
    -Dlog4j2.configurationFile="$TRIBUTARY_KAFKA_LOG4J" -Dkafka.logs.dir="$TRIBUTARY_LOG_DIR" \
    -Dtributary.log.max.size="${TRIBUTARY_LOG_MAX_SIZE:-50M}" -Dtributary.log.backups="${TRIBUTARY_LOG_BACKUPS:-5}" \
    -cp "$TRIBUTARY_KAFKA_LIBS/*" kafka.Kafka "$TRIBUTARY_KAFKA_PROPS" \
    >>"$TRIBUTARY_LOG_DIR/kafka.stdout.log" 2>&1 </dev/null) &
  pid=$!
  write_pid kafka "$pid" "$TRIBUTARY_KAFKA_PORT"

  # Ready = the port answers and the broker logged "Kafka Server started" (after it is unfenced).
  deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  until port_open "$TRIBUTARY_KAFKA_PORT" && kafka_started_since "$started_after"; do
    if ! pid_alive "$pid"; then
      remove_pid kafka
      show_log_tail "$log_file"
      die "kafka exited during startup (log: $log_file)"
    fi
    if ((SECONDS >= deadline)); then
      show_log_tail "$log_file"
      die "kafka (pid $pid) not ready after ${KAFKA_START_TIMEOUT}s (log: $log_file; stop it with deploy/local/down.sh)"
    fi
    sleep 0.25
  done
  pid_matches "$pid" "$TRIBUTARY_KAFKA_PROPS" || die "kafka pid $pid is not the broker process (setsid forked?)"
  log "kafka: started (pid $pid, port $TRIBUTARY_KAFKA_PORT, $TRIBUTARY_KAFKA_SECURITY, controller $TRIBUTARY_KAFKA_CONTROLLER_PORT)"
}

# ---------------------------------------------------------------------------------------------
# Operator token
# ---------------------------------------------------------------------------------------------
# operator_token_ensure: on the first start, a random token (256 bits, hex) in
# .run/operator-token, readable by its owner only; later starts keep it.
operator_token_ensure() {
  local token
  if [[ -s "$TRIBUTARY_OPERATOR_TOKEN_FILE" ]] && [[ -n "$(tr -d '[:space:]' <"$TRIBUTARY_OPERATOR_TOKEN_FILE")" ]]; then
    chmod 0600 "$TRIBUTARY_OPERATOR_TOKEN_FILE"
    return 0
  fi
  token="$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
  [[ "$token" =~ ^[0-9a-f]{64}$ ]] || die "could not generate an operator token from /dev/urandom"
  (umask 077 && printf '%s\n' "$token" >"$TRIBUTARY_OPERATOR_TOKEN_FILE.tmp")
  mv -f "$TRIBUTARY_OPERATOR_TOKEN_FILE.tmp" "$TRIBUTARY_OPERATOR_TOKEN_FILE"
  log "generated the operator token (${TRIBUTARY_OPERATOR_TOKEN_FILE#"$TRIBUTARY_ROOT"/}, mode 0600)"
}

# service_has_token PID: the running service was started with the token file.
service_has_token() {
  local environ="/proc/$1/environ"
  [[ -r "$environ" ]] || return 0 # cannot tell: assume it has
  grep -qxF "TRIBUTARY_AUTH_TOKEN_FILE=$TRIBUTARY_OPERATOR_TOKEN_FILE" \
    < <(tr '\0' '\n' <"$environ" 2>/dev/null)
}

# ---------------------------------------------------------------------------------------------
# Quarkus services
# ---------------------------------------------------------------------------------------------
build_services() {
  local missing=() svc build_log="$TRIBUTARY_LOG_DIR/build.log"
  for svc in "${TRIBUTARY_SERVICES[@]}"; do
    [[ -f "$(service_jar "$svc")" ]] || missing+=("$svc")
  done
  ((${#missing[@]} == 0)) && return 0
  command -v mvn >/dev/null 2>&1 || die "mvn not found: run deploy/local/setup.sh"
  log "services: no quarkus-run.jar for ${missing[*]}: building (mvn -B -q -DskipTests package, log: ${build_log#"$TRIBUTARY_ROOT"/})"
  if ! (cd "$TRIBUTARY_ROOT" && mvn -B -q -Dstyle.color=never -DskipTests -Dspotless.check.skip=true package) \
    >"$build_log" 2>&1; then
    show_log_tail "$build_log"
    die "the Maven build failed (log: $build_log): fix it, or start the infrastructure only with up.sh --infra-only"
  fi
  for svc in "${missing[@]}"; do
    [[ -f "$(service_jar "$svc")" ]] ||
      die "the build succeeded but produced no $(service_jar "$svc") (is $svc a Quarkus module?)"
  done
  log "services: build done"
}

service_start() {
  local svc="$1" port var jar log_file url pid running_port
  port="$(service_port "$svc")"
  var="$(service_port_var "$svc")"
  jar="$(service_jar "$svc")"
  log_file="$(service_log_file "$svc")"
  url="$(service_health_url "$svc")"

  pid="$(service_running_pid "$svc")"
  if [[ -n "$pid" ]]; then
    running_port="$(read_pid_port "$svc")"
    if [[ -n "$running_port" && "$running_port" != "$port" ]]; then
      die "$svc is running (pid $pid) on port $running_port, but $var=$port: run deploy/local/down.sh first"
    fi
    if ! wait_for_http "$url" "$SERVICE_START_TIMEOUT" "$pid"; then
      show_log_tail "$log_file"
      die "$svc is running (pid $pid) but $url does not answer 200 (status $(http_status "$url"))"
    fi
    log "$svc: already running (pid $pid, port $port, ready)"
    if ! service_has_token "$pid"; then
      warn "$svc (pid $pid) was started without ${TRIBUTARY_OPERATOR_TOKEN_FILE#"$TRIBUTARY_ROOT"/}: it refuses changes; restart it (deploy/local/down.sh && deploy/local/up.sh)"
    fi
    return 0
  fi
  remove_pid "$svc"
  require_port_free "$port" "$var" "$svc"

  log "$svc: starting on 127.0.0.1:$port"
  (
    cd "$TRIBUTARY_ROOT"
    export QUARKUS_HTTP_PORT="$port" QUARKUS_HTTP_HOST=127.0.0.1 \
      QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$TRIBUTARY_TARGET_PG_PORT/unified" \
      QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD="$TRIBUTARY_PG_PASSWORD" \
      KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$TRIBUTARY_KAFKA_PORT"
    # Under sasl_ssl every Kafka client of the service (channels, apply, capture, Debezium's offset
    # store) takes the same kafka.* settings: KAFKA_SECURITY_PROTOCOL is kafka.security.protocol.
    if [[ "$TRIBUTARY_KAFKA_SECURITY" == sasl_ssl ]]; then
      while IFS='=' read -r key value; do
        export "KAFKA_$(printf '%s' "$key" | tr 'a-z.' 'A-Z_')=$value"
      done < <(kafka_client_settings)
    fi
    # glibc gives each thread that allocates natively an arena of its own (up to 8 per core): RSS
    # the JVM never returns. Two arenas are enough for the few native allocators (SQLite, zip).
    export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
    # The broker is on loopback: compressing what capture publishes would only cost CPU.
    export TRIBUTARY_CAPTURE_COMPRESSION="${TRIBUTARY_CAPTURE_COMPRESSION:-none}"
    # Every service asks for the operator token (tributary.auth.*) for calls that change something:
    # from the file (read once at startup), not from the environment of up.sh.
    unset TRIBUTARY_AUTH_TOKEN
    export TRIBUTARY_AUTH_TOKEN_FILE="$TRIBUTARY_OPERATOR_TOKEN_FILE"
    # Reads need the token too (the scripts send it from a mode-600 header file: lib.sh's
    # tributary_auth_header).
    # env-file switch actions write only below these directories (the bench's under .run/bench)
    export TRIBUTARY_ORCHESTRATOR_CUTOVER_ENV_FILE_DIRS="${TRIBUTARY_ORCHESTRATOR_CUTOVER_ENV_FILE_DIRS:-$TRIBUTARY_RUN_DIR}"
    # pgbouncer switch actions rewrite only a configuration file below these directories
    export TRIBUTARY_ORCHESTRATOR_CUTOVER_PGBOUNCER_CONFIG_DIRS="${TRIBUTARY_ORCHESTRATOR_CUTOVER_PGBOUNCER_CONFIG_DIRS:-$TRIBUTARY_RUN_DIR}"
    # TRIBUTARY_<SERVICE>_JAVA_OPTS (e.g. TRIBUTARY_CDC_SERVICE_JAVA_OPTS): JVM options; default
    # heap 512 MB and the parallel collector for cdc-service (Kafka batches, apply batches: the least
    # CPU and memory of the collectors measured by bench/run.sh); 256 MB and the serial collector
    # (less memory beside the heap, no concurrent GC threads on 2 cores) for validator-service;
    # 128 MB, the serial collector and the client compiler for orchestrator-service. A service that
    # runs out of memory exits (its offsets are only ever stored after the writes they cover, so a
    # restart resumes without loss).
    opts_var="TRIBUTARY_$(printf '%s' "$svc" | tr 'a-z-' 'A-Z_')_JAVA_OPTS"
    case "$svc" in
      cdc-service) default_heap="-Xmx512m -XX:+UseParallelGC" ;;
      # plans, state and REST only: a small heap and the client compiler
      orchestrator-service) default_heap="-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1" ;;
      *) default_heap="-Xmx256m -XX:+UseSerialGC" ;;
    esac
    # Logs: the service writes $log_file itself and rotates it at TRIBUTARY_LOG_MAX_SIZE (50M),
    # keeping TRIBUTARY_LOG_BACKUPS older files ($svc.log.1, ...; 5); TRIBUTARY_LOG_FORMAT=json
    # writes JSON lines instead of text. Only what the JVM prints before logging starts (or when
    # it dies) goes to $svc.stdout.log.
    log_json=false
    [[ "${TRIBUTARY_LOG_FORMAT:-text}" == json ]] && log_json=true
    # shellcheck disable=SC2086 # the options are a list
    exec setsid nice -n "$TRIBUTARY_NICE" java ${!opts_var-$default_heap} -XX:+ExitOnOutOfMemoryError \
      -Dquarkus.log.console.enabled=false -Dquarkus.log.file.enabled=true \
      "-Dquarkus.log.file.path=$log_file" \
      "-Dquarkus.log.file.format=%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c{3.}] (%t) %s%e%n" \
      "-Dquarkus.log.file.rotation.max-file-size=${TRIBUTARY_LOG_MAX_SIZE:-50M}" \
      "-Dquarkus.log.file.rotation.max-backup-index=${TRIBUTARY_LOG_BACKUPS:-5}" \
      "-Dquarkus.log.file.json.enabled=$log_json" \
      -jar "$jar" >>"${log_file%.log}.stdout.log" 2>&1 </dev/null
  ) &
  pid=$!
  write_pid "$svc" "$pid" "$port"
  if ! wait_for_http "$url" "$SERVICE_START_TIMEOUT" "$pid"; then
    show_log_tail "$log_file" 40
    [[ -s "${log_file%.log}.stdout.log" ]] && show_log_tail "${log_file%.log}.stdout.log" 20
    if pid_alive "$pid"; then
      die "$svc (pid $pid) not ready after ${SERVICE_START_TIMEOUT}s: $url answers $(http_status "$url") (stop it with deploy/local/down.sh)"
    fi
    remove_pid "$svc"
    die "$svc exited during startup (log: $log_file)"
  fi
  log "$svc: started (pid $pid, port $port, ready)"
}

# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------
start_time=$SECONDS
operator_token_ensure
pg_start pg-legacy
pg_start pg-unified
pg_unified_prepare
kafka_start

if [[ "$infra_only" == false ]]; then
  build_services
  for svc in "${TRIBUTARY_SERVICES[@]}"; do
    service_start "$svc"
  done
fi

tributary_write_endpoints
log "endpoints (${TRIBUTARY_ENDPOINTS_FILE#"$TRIBUTARY_ROOT"/}):"
grep '^export' "$TRIBUTARY_ENDPOINTS_FILE" | sed 's/^\(export TRIBUTARY_TOKEN=\).*/\1<in the file; source it>/'
if [[ "$infra_only" == true ]]; then
  log "infrastructure up (services not started: --infra-only) in $((SECONDS - start_time))s"
else
  log "all up in $((SECONDS - start_time))s"
fi
