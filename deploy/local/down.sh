#!/usr/bin/env bash
# Stops Tributary's local runtime: the services, Kafka, then both PostgreSQL clusters.
# Safe when nothing runs. Usage: deploy/local/down.sh [--purge]
#   --purge  also deletes the runtime data under deploy/local/.run (clusters, Kafka data, logs,
#            endpoints.env); keeps the Kafka jars (.run/kafka/libs) and the pgvector build (.run/build).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

purge=false
for arg in "$@"; do
  case "$arg" in
    --purge) purge=true ;;
    -h | --help)
      sed -n '2,5p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) die "unknown option '$arg' (usage: down.sh [--purge])" ;;
  esac
done

STOP_TIMEOUT="${TRIBUTARY_STOP_TIMEOUT:-20}"

# stop_java NAME PID: stop one of our java processes (service or broker): SIGTERM, wait, SIGKILL.
stop_java() {
  local name="$1" pid="$2"
  stop_pid "$name" "$pid" "$STOP_TIMEOUT"
  remove_pid "$name"
  log "$name: stopped"
}

# Services first, all at once (SIGTERM to each, then wait for each).
svc_names=()
svc_pids=()
for svc in "${TRIBUTARY_SERVICES[@]}"; do
  pid="$(service_running_pid "$svc")"
  if [[ -n "$pid" ]]; then
    log "$svc: stopping (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    svc_names+=("$svc")
    svc_pids+=("$pid")
  else
    [[ -z "$(read_pid "$svc")" ]] || log "$svc: not running (removing stale pid file)"
    remove_pid "$svc"
  fi
done
for i in "${!svc_pids[@]}"; do
  stop_java "${svc_names[$i]}" "${svc_pids[$i]}"
done

pid="$(kafka_running_pid)"
if [[ -n "$pid" ]]; then
  log "kafka: stopping (pid $pid)"
  stop_java kafka "$pid"
else
  [[ -z "$(read_pid kafka)" ]] || log "kafka: not running (removing stale pid file)"
  remove_pid kafka
fi

for name in "${TRIBUTARY_PG_CLUSTERS[@]}"; do
  pid="$(pg_running_pid "$name")"
  if [[ -n "$pid" ]]; then
    log "$name: stopping (pid $pid, pg_ctl stop -m fast)"
    if ! as_pg "$TRIBUTARY_PG_BIN/pg_ctl" stop -D "$(pg_data_dir "$name")" -m fast -w -t 60 >/dev/null 2>&1; then
      warn "$name: pg_ctl stop -m fast failed: trying -m immediate"
      as_pg "$TRIBUTARY_PG_BIN/pg_ctl" stop -D "$(pg_data_dir "$name")" -m immediate -w -t 30 >/dev/null 2>&1 ||
        die "$name (pid $pid) does not stop (log: $(pg_log_file "$name"))"
    fi
    log "$name: stopped"
  fi
  remove_pid "$name"
done

if [[ "$purge" == true ]]; then
  log "purging runtime data in ${TRIBUTARY_RUN_DIR#"$TRIBUTARY_ROOT"/} (keeping kafka/libs and build/)"
  rm -rf "$(pg_data_dir pg-legacy)" "$(pg_data_dir pg-unified)" "$TRIBUTARY_KAFKA_DATA" \
    "$TRIBUTARY_KAFKA_CLUSTER_ID_FILE" "$TRIBUTARY_KAFKA_PROPS" "$TRIBUTARY_LOG_DIR" "$TRIBUTARY_PID_DIR" \
    "$TRIBUTARY_SOCK_DIR" "$TRIBUTARY_ENDPOINTS_FILE"
  rm -f "$TRIBUTARY_RUN_DIR"/.pwfile-*
fi
log "everything stopped"
