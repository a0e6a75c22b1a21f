# shellcheck shell=bash disable=SC2034,SC2154 # variables set here are used by the scripts that source it, and theirs here
# The Kafka Connect peer of bench/pg-source.sh and bench/catchup.sh: a Kafka Connect worker
# (distributed mode, one worker, against the runtime's Kafka) started from Maven artifacts
# (bench/connect/pom.xml: connect-runtime 4.1.1 on its classpath; Debezium's PostgreSQL connector and
# JDBC sink 3.4.3.Final from their plugin archives, on its plugin.path), and its REST calls. Source it after bench/lib/common.sh; $work must be set.
#
#   TRIBUTARY_CONNECT_PORT       the worker's REST port (default 18083)
#   TRIBUTARY_CONNECT_JAVA_OPTS  its JVM options (default: what Kafka's connect-distributed.sh
#                                uses, -Xms256m -Xmx2g and G1 with its kafka-run-class.sh settings)

TRIBUTARY_CONNECT_DIR="$TRIBUTARY_RUN_DIR/connect"
TRIBUTARY_CONNECT_LIBS="$TRIBUTARY_CONNECT_DIR/libs"       # the worker's classpath
TRIBUTARY_CONNECT_PLUGINS="$TRIBUTARY_CONNECT_DIR/plugins" # its plugin.path: one directory per connector
TRIBUTARY_CONNECT_POM="$BENCH_DIR/connect/pom.xml"
: "${TRIBUTARY_CONNECT_PORT:=18083}"
connect_url="http://127.0.0.1:$TRIBUTARY_CONNECT_PORT"
connect_pid=""
connect_log=""
# The JDBC sink's batch.size and the worker's consumer.max.poll.records (both 500 by default).
connect_batch_size=2000

# connect_libs_stamp: identifies the jar set (checksum of the pom that lists it).
connect_libs_stamp() { printf 'connect pom %s\n' "$(sha256sum "$TRIBUTARY_CONNECT_POM" | cut -c1-16)"; }

# connect_libs_ensure: the worker's jars in deploy/local/.run/connect/libs and the connectors'
# plugin archives unpacked in deploy/local/.run/connect/plugins, fetched with Maven
# (dependency:copy-dependencies of bench/connect/pom.xml) when missing or when the pom changed.
connect_libs_ensure() {
  if [[ -f "$TRIBUTARY_CONNECT_DIR/.complete" && "$(cat "$TRIBUTARY_CONNECT_DIR/.complete")" == "$(connect_libs_stamp)" ]]; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "mvn not found: run deploy/local/setup.sh"
  local tmp="$TRIBUTARY_CONNECT_DIR/fetch.tmp" mvn_log="$TRIBUTARY_LOG_DIR/connect-libs.log" archive clients
  log "Kafka Connect: fetching the worker's jars and the connectors' plugin archives through Maven (bench/connect/pom.xml; log: ${mvn_log#"$TRIBUTARY_ROOT"/})"
  mkdir -p "$TRIBUTARY_CONNECT_DIR" "$TRIBUTARY_LOG_DIR"
  rm -rf "$tmp" "$TRIBUTARY_CONNECT_DIR/.complete"
  if ! mvn -B -q -Dstyle.color=never -f "$TRIBUTARY_CONNECT_POM" dependency:copy-dependencies \
    -DoutputDirectory="$tmp/libs" >"$mvn_log" 2>&1; then
    show_log_tail "$mvn_log"
    die "could not fetch the Kafka Connect jars with Maven (log: $mvn_log)"
  fi
  compgen -G "$tmp/libs/connect-runtime-*.jar" >/dev/null || die "Maven copied no connect-runtime jar into $tmp/libs"
  clients="$(find "$tmp/libs" -name 'kafka-clients-*.jar' -printf '%f\n')"
  [[ "$clients" == "kafka-clients-$TRIBUTARY_KAFKA_VERSION.jar" ]] ||
    die "the Connect classpath holds ${clients:-no kafka-clients}, not kafka-clients-$TRIBUTARY_KAFKA_VERSION.jar"
  mkdir -p "$tmp/plugins"
  for archive in "$tmp"/libs/*-plugin.tar.gz; do
    [[ -f "$archive" ]] || die "Maven copied no connector plugin archive into $tmp/libs"
    tar -xzf "$archive" -C "$tmp/plugins" || die "could not unpack $archive"
    rm -f "$archive"
  done
  for archive in debezium-connector-postgres debezium-connector-jdbc; do
    compgen -G "$tmp/plugins/$archive/$archive-*.jar" >/dev/null || die "no $archive jar in its plugin archive (under $tmp/plugins)"
  done
  if [[ -n "$(find "$tmp/plugins" -name 'kafka-clients-*.jar' -print -quit)" ]]; then
    warn "a connector's plugin archive carries its own kafka-clients (isolated by the worker's plugin loader)"
  fi
  rm -rf "$TRIBUTARY_CONNECT_LIBS" "$TRIBUTARY_CONNECT_PLUGINS"
  mv "$tmp/libs" "$TRIBUTARY_CONNECT_LIBS"
  mv "$tmp/plugins" "$TRIBUTARY_CONNECT_PLUGINS"
  rm -rf "$tmp"
  connect_libs_stamp >"$TRIBUTARY_CONNECT_DIR/.complete"
  log "Kafka Connect: $(find "$TRIBUTARY_CONNECT_LIBS" -name '*.jar' | wc -l) worker jars in ${TRIBUTARY_CONNECT_LIBS#"$TRIBUTARY_ROOT"/}, plugins $(find "$TRIBUTARY_CONNECT_PLUGINS" -mindepth 1 -maxdepth 1 -type d -printf '%f ')in ${TRIBUTARY_CONNECT_PLUGINS#"$TRIBUTARY_ROOT"/}"
}

# connect_versions: "connect-runtime-X, kafka-clients-X, debezium-connector-postgres-Y, ..." from
# the jars' names.
connect_versions() {
  local a out=()
  for a in connect-runtime kafka-clients debezium-connector-postgres debezium-connector-jdbc debezium-sink postgresql; do
    out+=("$(find "$TRIBUTARY_CONNECT_LIBS" "$TRIBUTARY_CONNECT_PLUGINS" -name "$a-[0-9]*.jar" -printf '%f\n' | sort -u | sed 's/\.jar$//' | paste -sd/)")
  done
  local IFS=,
  printf '%s\n' "${out[*]}" | sed 's/,/, /g'
}

# connect_render TEMPLATE OUT KEY=VALUE...: a copy of TEMPLATE with every @KEY@ replaced; dies when
# a placeholder is left or (for .json) the result is not JSON.
connect_render() {
  python3 - "$@" <<'PY' || die "could not render $1"
import json, re, sys
template, out, pairs = sys.argv[1], sys.argv[2], sys.argv[3:]
text = open(template).read()
for pair in pairs:
    key, _, value = pair.partition("=")
    text = text.replace("@" + key + "@", value)
left = sorted(set(re.findall(r"@[A-Z_]+@", text)))
if left:
    sys.exit(f"{template}: no value for {', '.join(left)}")
if out.endswith(".json"):
    json.loads(text)
open(out, "w").write(text)
PY
}

# connect_start GROUP: starts the worker (distributed mode, group.id and internal topics named
# GROUP) and waits until its REST API lists connectors. Sets connect_pid and connect_log.
connect_start() {
  local group="$1" props="$work/connect-worker.properties" deadline
  connect_libs_ensure
  require_port_free "$TRIBUTARY_CONNECT_PORT" TRIBUTARY_CONNECT_PORT "the bench's Kafka Connect worker"
  connect_render "$BENCH_DIR/connect/worker.properties.in" "$props" \
    "BOOTSTRAP=$KAFKA_BOOTSTRAP" "GROUP=$group" "PORT=$TRIBUTARY_CONNECT_PORT" "MAX_POLL_RECORDS=$connect_batch_size" \
    "PLUGIN_PATH=$TRIBUTARY_CONNECT_PLUGINS"
  connect_log="$work/connect.log"
  log "Kafka Connect: starting a worker (group $group, REST on $connect_url; log: ${connect_log#"$TRIBUTARY_ROOT"/})"
  # shellcheck disable=SC2086 # the options are a list
  (cd "$work" && exec setsid java ${TRIBUTARY_CONNECT_JAVA_OPTS:--Xms256m -Xmx2g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent} \
    -Djava.awt.headless=true -XX:+ExitOnOutOfMemoryError \
    -Dlog4j2.configurationFile="$BENCH_DIR/connect/log4j2.properties" \
    -cp "$TRIBUTARY_CONNECT_LIBS/*" org.apache.kafka.connect.cli.ConnectDistributed "$props" \
    >>"$connect_log" 2>&1 </dev/null) &
  connect_pid=$!
  deadline=$((SECONDS + 240))
  until [[ "$(http_status "$connect_url/connectors")" == 200 ]]; do
    if ! pid_alive "$connect_pid"; then
      show_log_tail "$connect_log"
      die "the Kafka Connect worker exited during startup (log: $connect_log)"
    fi
    if ((SECONDS >= deadline)); then
      show_log_tail "$connect_log"
      die "the Kafka Connect worker (pid $connect_pid) did not answer on $connect_url/connectors within 240 s"
    fi
    sleep 0.5
  done
  # Both connector classes must be loadable, else a create would fail later with less to say.
  local plugins
  plugins="$(curl -sS "$connect_url/connector-plugins")"
  for cls in io.debezium.connector.postgresql.PostgresConnector io.debezium.connector.jdbc.JdbcSinkConnector; do
    [[ "$plugins" == *"\"$cls\""* ]] || die "the Kafka Connect worker does not list $cls among its plugins: $plugins"
  done
  log "Kafka Connect: worker ready (pid $connect_pid)"
}

# connect_stop: stops the worker this run started.
connect_stop() {
  [[ -n "$connect_pid" ]] || return 0
  stop_pid "Kafka Connect worker" "$connect_pid" 60
  connect_pid=""
}

# connect_create JSON: POST /connectors with a rendered template, dies unless 201.
connect_create() {
  local code
  code="$(curl -sS -o "$work/connect-answer.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    --data-binary @"$1" "$connect_url/connectors")"
  [[ "$code" == 201 ]] || die "POST $connect_url/connectors ($1) answered $code: $(cat "$work/connect-answer.json")"
}

# connect_status NAME: "STATE" of the connector, or "FAILED: <what and the first lines of the
# trace>" when the connector or one of its tasks failed.
connect_status() {
  curl -sS "$connect_url/connectors/$1/status" 2>/dev/null | python3 -c '
import json, sys
try:
    s = json.load(sys.stdin)
except ValueError:
    print("UNKNOWN")
    sys.exit(0)
if "connector" not in s:
    print("UNKNOWN " + json.dumps(s)[:300])
    sys.exit(0)
parts = [("connector", s["connector"])] + [("task %s" % t.get("id"), t) for t in s.get("tasks", [])]
for what, p in parts:
    if p.get("state") == "FAILED":
        trace = (p.get("trace") or "").splitlines()
        causes = [l.strip() for l in trace if l.startswith("Caused by") or l == trace[0]]
        print("FAILED: %s of %s: %s" % (what, s.get("name"), " | ".join(causes[:6])))
        sys.exit(0)
print(s["connector"].get("state"))
' 2>/dev/null || echo UNKNOWN
}

# connect_check: fails, setting pipeline_failure, when one of the connectors named in
# connect_check_names failed (a CHECK of wait_rows); the whole trace stays in the worker's log.
connect_check_names=()
connect_check() {
  local name status
  pid_alive "$connect_pid" || {
    pipeline_failure="the Kafka Connect worker (pid $connect_pid) exited (log: $connect_log)"
    return 1
  }
  for name in "${connect_check_names[@]}"; do
    status="$(connect_status "$name")"
    if [[ "$status" == FAILED* ]]; then
      pipeline_failure="Kafka Connect: $status"
      return 1
    fi
  done
}

# connect_put NAME stop|resume|pause: PUT /connectors/NAME/ACTION, dies unless 202 or 204.
connect_put() {
  local code
  code="$(curl -sS -o "$work/connect-answer.json" -w '%{http_code}' -X PUT "$connect_url/connectors/$1/$2")"
  [[ "$code" == 202 || "$code" == 204 ]] || die "PUT $connect_url/connectors/$1/$2 answered $code: $(cat "$work/connect-answer.json")"
}

# connect_wait_state NAME STATE TIMEOUT: until the connector reports STATE.
connect_wait_state() {
  local deadline=$((SECONDS + $3)) status
  while true; do
    status="$(connect_status "$1")"
    [[ "$status" == "$2" ]] && return 0
    [[ "$status" == FAILED* ]] && die "Kafka Connect: $status (worker log: $connect_log)"
    ((SECONDS < deadline)) || die "connector $1 is $status, not $2, after $3 s"
    sleep 0.5
  done
}

# connect_delete NAME: DELETE /connectors/NAME (quietly: for clean-up).
connect_delete() {
  curl -sS -o /dev/null -X DELETE "$connect_url/connectors/$1" 2>/dev/null || true
}

# create_topics PARTITIONS TOPIC...: creates Kafka topics (one replica).
create_topics() {
  local partitions="$1" topic
  shift
  for topic in "$@"; do
    kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP" --create \
      --if-not-exists --topic "$topic" --partitions "$partitions" --replication-factor 1 >/dev/null ||
      die "could not create the Kafka topic $topic"
  done
}

# drop_debezium_source DB SLOT PUBLICATION: after its connector is deleted, the replication slot
# and publication Debezium made in a legacy database (the slot may take a few seconds to be released).
drop_debezium_source() {
  local db="$1" slot="$2" publication="$3" deadline=$((SECONDS + 30))
  db_exists pg-legacy "$db" || return 0
  while [[ -n "$(pg_psql pg-legacy -d postgres -tAc "SELECT 1 FROM pg_replication_slots WHERE slot_name = '$slot'" 2>/dev/null)" ]]; do
    pg_psql pg-legacy -d postgres -tAc "SELECT pg_drop_replication_slot('$slot') FROM pg_replication_slots WHERE slot_name = '$slot' AND NOT active" >/dev/null 2>&1 || true
    if ((SECONDS >= deadline)); then
      warn "replication slot $slot is still in use: drop it later with SELECT pg_drop_replication_slot('$slot') (it holds WAL)"
      break
    fi
    sleep 1
  done
  legacy_db_psql "$db" -q -c "DROP PUBLICATION IF EXISTS \"$publication\"" >/dev/null 2>&1 || true
}
