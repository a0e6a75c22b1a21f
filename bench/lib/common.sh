# shellcheck shell=bash disable=SC2034,SC2154 # variables set here are used by the scripts that source it, and theirs here
# Helpers shared by bench/run.sh, bench/pg-source.sh and bench/catchup.sh: clocks, load averages,
# the memory sampler (bench/lib/rss.py), CPU time per process group (bench/lib/cpu.py), the runs'
# measurements and the report's tables of every run and the medians (bench/lib/runs.py), databases
# of the two local clusters, Tributary migrations (submit, wait, pause/resume, end), row-count
# waits, and the list of what a run removes at its end.
# Source it after deploy/local/lib.sh and tributary_load_endpoints, then set $work (the run's
# directory, created by the caller) before calling anything.

BENCH_DIR="$TRIBUTARY_ROOT/bench"

now() { date +%s.%N; }
# load1: the 1-minute load average (2 cores: above ~2.5 something else competes with the run)
load1() { cut -d' ' -f1 /proc/loadavg; }
# load15: the 1- and 5-minute load averages, "1.93/5.20"
load15() { cut -d' ' -f1,2 --output-delimiter=/ /proc/loadavg; }
seconds_between() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }
fmt_int() { python3 -c "import sys; print(f'{round(float(sys.argv[1])):,}')" "$1"; }
# div A B [DECIMALS]: A / B
div() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.{int(sys.argv[3])}f}')" "$1" "$2" "${3:-0}"; }

# ---------------------------------------------------------------------------------------------
# Peak memory: bench/lib/rss.py, as bench/run.sh runs it
# ---------------------------------------------------------------------------------------------
sampler_pid=""
# sampler_start NAME [--total a,b] GROUP=SPEC...: starts rss.py writing $work/rss-NAME.json.
sampler_start() {
  local name="$1"
  shift
  python3 "$BENCH_DIR/lib/rss.py" "$work/rss-$name.json" "$@" &
  sampler_pid=$!
  # its first reading is written at once: wait for it, so that a load shorter than Python's start
  # (the quick COPY) is not stopped before the sampler could write anything
  local waited=0
  while [[ ! -f "$work/rss-$name.json" ]] && ((waited < 200)); do
    sleep 0.05
    waited=$((waited + 1))
  done
}
sampler_stop() {
  [[ -n "$sampler_pid" ]] || return 0
  kill -TERM "$sampler_pid" 2>/dev/null || true
  wait "$sampler_pid" 2>/dev/null || true
  sampler_pid=""
}
# peak_mb NAME GROUP: a group's peak in MB from the sampler's file (0 when it never saw the group).
peak_mb() {
  python3 -c "import json,sys; print(round(json.load(open(sys.argv[1])).get(sys.argv[2], 0) / 1024))" \
    "$work/rss-$1.json" "$2" 2>/dev/null || echo 0
}

# ---------------------------------------------------------------------------------------------
# CPU time (bench/lib/cpu.py) and the runs' measurements (bench/lib/runs.py)
# ---------------------------------------------------------------------------------------------
# children_ticks FILE: writes the CPU ticks (user + system) of the children this shell has waited
# for (fields 16 and 17 of /proc/$BASHPID/stat) to FILE. Call it in the subshell that ran a tool, not
# through $(...), which would read a subshell of its own.
children_ticks() {
  local out="$1" stat
  read -r stat <"/proc/$BASHPID/stat"
  stat="${stat##*) }"
  # shellcheck disable=SC2086 # the fields, split
  set -- $stat
  printf '%s\n' "$((${14} + ${15}))" >"$out"
}
# counted FILE CMD...: runs CMD, then writes the CPU ticks of CMD and everything it waited for to
# FILE (for cpu.py's ticks:FILE); returns CMD's status. Run it in a subshell of its own:
# `(counted "$work/x.ticks" pgloader ...) &`.
counted() {
  local out="$1" rc=0
  shift
  "$@" || rc=$?
  children_ticks "$out"
  return "$rc"
}
# cpu_snapshot NAME: every process's CPU time now, in $work/cpu-NAME.json.
cpu_snapshot() { python3 "$BENCH_DIR/lib/cpu.py" snapshot "$work/cpu-$1.json"; }
# cpu_record TOOL RUN BEFORE AFTER GROUP=SPEC...: records the CPU seconds of each group between two
# snapshots (cpu_snapshot BEFORE, AFTER) as TOOL's cpu.<GROUP> of run RUN (bench/lib/runs.py).
cpu_record() {
  local tool="$1" run="$2" before="$3" after="$4" line pairs=()
  shift 4
  while IFS=$'\t' read -r line; do
    pairs+=("cpu.${line%%$'\t'*}=${line#*$'\t'}")
  done < <(python3 "$BENCH_DIR/lib/cpu.py" diff "$work/cpu-$before.json" "$work/cpu-$after.json" "$@")
  record "$tool" "$run" "${pairs[@]}"
}
# record TOOL RUN KEY=VALUE...: one run's measurements of a tool, in $work/runs.jsonl.
record() { python3 "$BENCH_DIR/lib/runs.py" record "$work/runs.jsonl" "$@"; }
# runs_report rows|cpu|check ARGS...: a table of the report from the recorded runs (bench/lib/runs.py).
runs_report() { python3 "$BENCH_DIR/lib/runs.py" "$1" "$work/runs.jsonl" "${@:2}"; }
# check_header: the header of a table of runs_report check rows.
check_header() {
  printf '| target | on the medians | target | | every run |\n|---|---:|---:|---|---|\n'
}

# parse_runs VALUE: dies unless VALUE (--runs) is a positive integer.
parse_runs() { [[ "$1" =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer, not '$1'"; }

# report_context: the report's lines on the load of the machine and the command that made it.
# Expects bench_command (the command line, set first thing by the script) and bench_loadavg_start.
report_context() {
  cat <<MD
Load average (1/5/15 min): $bench_loadavg_start when the benchmark started, $(cut -d' ' -f1-3 /proc/loadavg) when this report was
written ($(nproc) cores: much above $(nproc), other work competed with the runs).
Command: \`$bench_command\`.
MD
}

# ---------------------------------------------------------------------------------------------
# Databases
# ---------------------------------------------------------------------------------------------
target_db_psql() { pg_psql pg-unified -d "$1" -v ON_ERROR_STOP=1 "${@:2}"; }
legacy_db_psql() { pg_psql pg-legacy -d "$1" -v ON_ERROR_STOP=1 "${@:2}"; }

# db_exists CLUSTER DB
db_exists() {
  [[ "$(pg_psql "$1" -d postgres -tAc "SELECT count(*) FROM pg_database WHERE datname = '$2'")" == 1 ]]
}

# fresh_db CLUSTER DB [--vector]: drops and creates a database (with pgvector when asked).
fresh_db() {
  pg_psql "$1" -d postgres -c 'SET client_min_messages = warning' -c "DROP DATABASE IF EXISTS \"$2\" WITH (FORCE)" \
    -c "CREATE DATABASE \"$2\"" >/dev/null
  if [[ "${3:-}" == --vector ]]; then
    pg_psql "$1" -d "$2" -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION vector' >/dev/null
  fi
}

# drop_legacy_db DB: drops a database of the legacy cluster with the replication slots in it
# (DROP DATABASE refuses while a slot exists; an active one is given a few seconds to end).
drop_legacy_db() {
  local db="$1" left deadline=$((SECONDS + 30))
  db_exists pg-legacy "$db" || return 0
  while true; do
    pg_psql pg-legacy -d postgres -tAc "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = '$db' AND NOT active" >/dev/null 2>&1 || true
    left="$(pg_psql pg-legacy -d postgres -tAc "SELECT string_agg(slot_name, ', ') FROM pg_replication_slots WHERE database = '$db'" 2>/dev/null || true)"
    [[ -z "$left" ]] && break
    if ((SECONDS >= deadline)); then
      warn "database $db on pg-legacy keeps its slots ($left, still in use): not dropped; later: SELECT pg_drop_replication_slot('<slot>'); DROP DATABASE $db"
      return 0
    fi
    sleep 1
  done
  pg_psql pg-legacy -d postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null ||
    warn "could not drop database $db on pg-legacy"
}

# settle_clusters: before each timed run (not timed), a checkpoint of both clusters, so that none
# pays for writing out the one before.
settle_clusters() {
  pg_psql pg-legacy -d postgres -c CHECKPOINT >/dev/null
  pg_psql pg-unified -d postgres -c CHECKPOINT >/dev/null
}

# column_types CLUSTER DB SCHEMA: "table.column type, ..." of every table of a schema.
column_types() {
  pg_psql "$1" -d "$2" -tAc "SELECT string_agg(c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY c.relname, a.attnum) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '$3' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped"
}

# primary_keys CLUSTER DB SCHEMA: "table(columns), ..." of the primary keys of a schema's tables.
primary_keys() {
  pg_psql "$1" -d "$2" -tAc "SELECT coalesce(string_agg(t.relname || '(' || (SELECT string_agg(a.attname, ',' ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attnum = ANY (i.indkey)) || ')', ', ' ORDER BY t.relname), 'none') FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace WHERE i.indisprimary AND n.nspname = '$3'"
}

# ---------------------------------------------------------------------------------------------
# Waiting for rows
# ---------------------------------------------------------------------------------------------
# wait_rows CLUSTER DB SCHEMA TIMEOUT CHECK TABLE=ROWS...: returns once every table holds exactly
# ROWS rows. Polls every 0.5 s: the statistics' live-tuple estimate first (no scan), the exact
# count(*) once every estimate is within 5 % of its number, and in any case every 10 s (the
# estimate can stay below the real count: upserts, and VACUUM's and ANALYZE's own estimates, left
# it at 995,580 of 1,000,000 rows once); a table not created yet counts 0.
# CHECK is a function run every 5 s that fails (setting pipeline_failure) when the pipeline being
# waited for failed ("" for none): wait_rows then returns 2. Dies after TIMEOUT seconds naming what
# each table holds.
wait_rows() {
  local cluster="$1" db="$2" schema="$3" timeout="$4" check="$5" spec t want got est ok
  shift 5
  local deadline=$((SECONDS + timeout)) next_check=$((SECONDS + 5)) next_count=$((SECONDS + 10))
  while true; do
    ok=true
    for spec in "$@"; do
      t="${spec%%=*}"
      want="${spec#*=}"
      est="$(pg_psql "$cluster" -d "$db" -tAc "SELECT coalesce((SELECT n_live_tup FROM pg_stat_user_tables WHERE schemaname = '$schema' AND relname = '$t'), 0)" 2>/dev/null || echo 0)"
      if ((est * 100 < want * 95)); then
        ok=false
        break
      fi
    done
    if ((SECONDS >= next_count)); then
      ok=true # count exactly now and then, whatever the estimates say
      next_count=$((SECONDS + 10))
    fi
    if [[ "$ok" == true ]]; then
      for spec in "$@"; do
        t="${spec%%=*}"
        want="${spec#*=}"
        got="$(pg_psql "$cluster" -d "$db" -tAc "SELECT count(*) FROM \"$schema\".\"$t\"" 2>/dev/null || echo 0)"
        if [[ "$got" != "$want" ]]; then
          ok=false
          break
        fi
      done
      [[ "$ok" == true ]] && return 0
    fi
    if [[ -n "$check" ]] && ((SECONDS >= next_check)); then
      "$check" || return 2
      next_check=$((SECONDS + 5))
    fi
    if ((SECONDS >= deadline)); then
      local held=()
      for spec in "$@"; do
        t="${spec%%=*}"
        held+=("$t $(pg_psql "$cluster" -d "$db" -tAc "SELECT count(*) FROM \"$schema\".\"$t\"" 2>/dev/null || echo '(no table)')/${spec#*=}")
      done
      die "after ${timeout} s the target $db.$schema holds: ${held[*]}"
    fi
    sleep 0.5
  done
}

# ---------------------------------------------------------------------------------------------
# Tributary
# ---------------------------------------------------------------------------------------------
auth=("${tributary_auth[@]}") # curl -H @file: the token never on a command line

# post_plan FILE: POST /migrations, dies unless 201.
post_plan() {
  local code
  code="$(curl -sS -o "$work/post.json" -w '%{http_code}' -X POST "${auth[@]}" \
    -H 'Content-Type: application/yaml' --data-binary @"$1" "$TRIBUTARY_API/migrations")"
  [[ "$code" == 201 ]] || die "POST /migrations answered $code: $(cat "$work/post.json")"
}

# migration_state MIGRATION: its state, the detail's first "state" (its tables' come later): curl
# and grep, no Python started four times a second (the polling's own CPU competes with the load
# it times).
migration_state() {
  local state
  state="$(curl -sS -f "${tributary_auth[@]}" "$TRIBUTARY_API/migrations/$1" 2>/dev/null | grep -o -m1 '"state":"[A-Z_]*"' | head -n1)" || true
  state="${state#\"state\":\"}"
  echo "${state%\"}"
}
# migration_field ID FIELD: a top-level field of GET /migrations/{id} ("" when absent or null).
migration_field() {
  curl -sS -f "${tributary_auth[@]}" "$TRIBUTARY_API/migrations/$1" 2>/dev/null |
    python3 -c 'import json,sys; v = json.load(sys.stdin).get(sys.argv[1]); print("" if v is None else v)' "$2" 2>/dev/null || true
}

# migration_check: fails, setting pipeline_failure, when the migration $tributary_migration FAILED
# (a CHECK of wait_rows).
tributary_migration=""
pipeline_failure=""
migration_check() {
  local state
  state="$(migration_field "$tributary_migration" state)"
  if [[ "$state" == FAILED ]]; then
    pipeline_failure="migration $tributary_migration FAILED: $(migration_field "$tributary_migration" stateReason)"
    return 1
  fi
}

# wait_migration_state ID STATE TIMEOUT: until GET /migrations/{id} says STATE (dies on FAILED).
wait_migration_state() {
  local deadline=$((SECONDS + $3)) state=""
  while [[ "$state" != "$2" ]]; do
    state="$(migration_state "$1")"
    [[ "$state" == FAILED ]] && die "migration $1 FAILED: $(migration_field "$1" stateReason)"
    ((SECONDS < deadline)) || die "migration $1 is ${state:-unknown}, not $2, after $3 s"
    [[ "$state" == "$2" ]] || sleep 0.25
  done
}

# wait_green MIGRATION TIMEOUT: until every table validates MATCH (bench/lib/wait_green.py).
wait_green() {
  python3 "$BENCH_DIR/lib/wait_green.py" "$TRIBUTARY_API/migrations/$1" "$2" "$work/status.json" \
    2>"$work/status.err" || die "migration $1: no green validation after $2 s: $(cat "$work/status.err")"
}

# migration_command ID pause|resume: POST /migrations/{id}/pause|resume, dies unless 200.
migration_command() {
  local code
  code="$(curl -sS -o "$work/$2.json" -w '%{http_code}' -X POST "${auth[@]}" \
    -H 'Content-Type: application/json' -d "{\"reason\":\"bench: $2\"}" \
    "$TRIBUTARY_API/migrations/$1/$2")"
  [[ "$code" == 200 ]] || die "POST /migrations/$1/$2 answered $code: $(cat "$work/$2.json")"
}

# end_migration MIGRATION [TIMEOUT]: cut over (ends its capture and validation, drops a
# PostgreSQL source's slot and publication), wait for CUT_OVER.
end_migration() {
  local code deadline=$((SECONDS + ${2:-1800})) state=""
  code="$(curl -sS -o "$work/cutover.json" -w '%{http_code}' -X POST "${auth[@]}" \
    -H 'Content-Type: application/json' -d '{"reason":"bench: measured, ending"}' \
    "$TRIBUTARY_API/migrations/$1/cutover")"
  [[ "$code" == 202 ]] || die "POST cutover of $1 answered $code: $(cat "$work/cutover.json")"
  while [[ "$state" != CUT_OVER ]]; do
    state="$(migration_state "$1")"
    [[ "$state" == ROLLED_BACK || "$state" == FAILED ]] && die "cutover of $1 ended $state: $(curl -sS "${tributary_auth[@]}" "$TRIBUTARY_API/migrations/$1/cutover")"
    ((SECONDS < deadline)) || die "cutover of $1 not done after ${2:-1800} s"
    sleep 0.5
  done
  # a measured migration needs no way back: its fallback window (and the slot on pg-unified) ends
  migration_command "$1" finish
}

# warn_other_migrations: other migrations still capturing share the two cores: say so.
warn_other_migrations() {
  local others
  others="$(curl -sS -f "${tributary_auth[@]}" "$TRIBUTARY_API/migrations" | python3 -c '
import json, sys
active = ("PROVISIONED", "SNAPSHOTTING", "REPLICATING", "CUTTING_OVER", "ROLLED_BACK", "FELL_BACK")
print(" ".join(m["id"] for m in json.load(sys.stdin) if m.get("state") in active))')" ||
    die "GET /migrations failed"
  if [[ -n "$others" ]]; then
    warn "other migrations are active in this runtime and compete for the machine: $others — end them (deploy/tributary cutover <id>) or start over (deploy/local/down.sh --purge) for comparable numbers"
  fi
}

# tributary_pids: sets tributary_groups (rss.py groups of the three services and Kafka) and
# tributary_total; dies when a service is not running.
tributary_pids() {
  local svc pid
  tributary_groups=()
  for svc in "${TRIBUTARY_SERVICES[@]}"; do
    pid="$(service_running_pid "$svc")"
    [[ -n "$pid" ]] || die "$svc is not running (deploy/local/up.sh)"
    tributary_groups+=("$svc=$pid")
  done
  kafka_pid="$(kafka_running_pid)"
  [[ -n "$kafka_pid" ]] || die "the Kafka broker is not running (deploy/local/up.sh)"
  tributary_groups+=("kafka=$kafka_pid")
  tributary_total="orchestrator-service,cdc-service,validator-service,kafka"
}

# delete_topics REGEX: deletes the Kafka topics whose names match (and remembers REGEX for
# recheck_deleted_topics).
deleted_topics=()
delete_topics() {
  kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP" --delete \
    --if-exists --topic "$1" >/dev/null 2>&1 || warn "could not delete the topics $1"
  deleted_topics+=("$1")
}

# recheck_deleted_topics: a client still holding a deleted topic's metadata (a consumer of a
# migration just cut over) makes the broker create it again (auto.create.topics.enable): after a
# few seconds, deletes again what came back, twice at most.
recheck_deleted_topics() {
  local round listed regex back
  ((${#deleted_topics[@]})) || return 0
  for round in 1 2; do
    sleep 10
    listed="$(kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP" --list 2>/dev/null)" || return 0
    back=()
    for regex in "${deleted_topics[@]}"; do
      grep -qE "^($regex)\$" <<<"$listed" && back+=("$regex")
    done
    ((${#back[@]})) || return 0
    if ((round == 2)); then
      warn "Kafka topics came back after being deleted twice (${back[*]}): delete them later with TopicCommand --delete"
      return 0
    fi
    for regex in "${back[@]}"; do
      kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP" --delete \
        --if-exists --topic "$regex" >/dev/null 2>&1 || true
    done
  done
}

# ---------------------------------------------------------------------------------------------
# Clean up: what a run made, removed at its end unless --keep (bench_cleanup runs from the EXIT
# trap, also after a failure)
# ---------------------------------------------------------------------------------------------
#   targetdb:DB            a database of pg-unified
#   legacydb:DB            a database of pg-legacy (with its replication slots)
#   migration:ID:SCHEMA    a Tributary migration: cut over if still active, its schema and topics dropped
#   topics:REGEX           Kafka topics
#   group:NAME             a Kafka consumer group (a sink connector's connect-<name>)
#   file:PATH              a file or directory
cleanup_items=()
bench_keep=false
bench_cleanup() {
  local item m s state
  ((${#cleanup_items[@]})) || return 0
  if [[ "$bench_keep" == true ]]; then
    log "--keep: kept ${cleanup_items[*]}"
    return 0
  fi
  log "removing the bench's databases, schemas and topics (--keep keeps them)"
  for item in "${cleanup_items[@]}"; do
    case "$item" in
      migration:*)
        # Its schema and topics only once it has ended: an active migration keeps capturing
        # (and a PostgreSQL source keeps its slot) until it is cut over.
        IFS=: read -r _ m s <<<"$item"
        state="$(migration_field "$m" state)"
        case "$state" in
          FINISHED | FAILED) ;;
          CUT_OVER)
            # its fallback window holds a slot on the unified cluster: end it first
            (migration_command "$m" finish) || warn "could not finish the fallback window of $m: its slot stays on pg-unified (deploy/tributary finish $m)"
            ;;
          "")
            warn "cannot read the state of migration $m (GET /migrations/$m failed): its schema $s and topics are kept; end it with deploy/tributary cutover $m"
            continue
            ;;
          *)
            log "ending migration $m ($state) by a cutover, then closing its fallback window"
            if ! (end_migration "$m" 900); then
              warn "could not end migration $m: its schema $s and topics are kept; end it with deploy/tributary cutover $m"
              continue
            fi
            # a cutover opens a fallback window: its reverse capture (a slot on the unified
            # cluster) would otherwise keep running into the next benchmark on this runtime
            (migration_command "$m" finish) || warn "could not finish the fallback window of $m: its slot stays on pg-unified (deploy/tributary finish $m)"
            ;;
        esac
        target_db_psql unified -q -c "DROP SCHEMA IF EXISTS \"$s\" CASCADE" >/dev/null 2>&1 || warn "could not drop schema $s"
        delete_topics "tributary\\.$m\\..*"
        ;;
    esac
  done
  for item in "${cleanup_items[@]}"; do
    case "$item" in
      targetdb:*) pg_psql pg-unified -d postgres -c "DROP DATABASE IF EXISTS \"${item#targetdb:}\" WITH (FORCE)" >/dev/null || warn "could not drop database ${item#targetdb:}" ;;
      legacydb:*) drop_legacy_db "${item#legacydb:}" ;;
      topics:*) delete_topics "${item#topics:}" ;;
      group:*)
        kafka_tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$KAFKA_BOOTSTRAP" \
          --delete --group "${item#group:}" >/dev/null 2>&1 || warn "could not delete the consumer group ${item#group:}"
        ;;
      file:*) rm -rf "${item#file:}" ;;
    esac
  done
  recheck_deleted_topics
  cleanup_items=()
}

# bench_on_exit: the EXIT trap of a benchmark (trap bench_on_exit EXIT): stops the memory sampler
# and a Kafka Connect worker (when bench/lib/connect.sh is sourced), removes what the run made
# (bench_cleanup), and its work directory when it succeeded without --keep; after a failure it
# names that directory, which holds the run's logs.
bench_on_exit() {
  local rc=$?
  sampler_stop
  if declare -F connect_stop >/dev/null; then connect_stop; fi
  bench_cleanup
  if ((rc == 0)) && [[ "$bench_keep" == false ]]; then
    rm -rf "$work"
  elif ((rc != 0)); then
    log "logs of this run: ${work#"$TRIBUTARY_ROOT"/}"
  fi
}
