#!/usr/bin/env bash
# Benchmark: Tributary side by side with pgloader and PostgreSQL's own binary COPY, on one dataset,
# in one run, on the local runtime; then CDC at fixed write rates from a SQLite and a PostgreSQL
# source.
#
#   bench/run.sh [--size quick|full] [--runs N] [--cdc-rates LIST | --cdc-rate N] [--cdc-seconds N] [--keep]
#
#   --size full (default): agents 100,000, tasks 2,000,000, embeddings 200,000 rows (~2.5 GB SQLite)
#   --size quick:          1/50 of that (46,000 rows), CDC runs of 15 s instead of 60 s, at 10,000
#                          changes/s only
#   --runs N               runs of everything (default 3, quick 1), interleaved: COPY, pgloader,
#                          Tributary and the CDC runs of run 1, then of run 2, ...; the report gives
#                          every run and the median, the targets' verdicts on the medians
#   --cdc-rates LIST       changes per second the steady writer commits, one CDC run of each kind per
#                          rate (default 5000,10000; quick 10000)
#   --cdc-rate N           one rate (the same as --cdc-rates N)
#   --cdc-seconds N        how long it writes (default 60, quick 15)
#   --keep                 keep the bench migrations, databases and topics (default: removed)
#   --tributary-only       only Tributary's full load (no COPY, pgloader, CDC, report): for profiling
#   --cdc-only             only the CDC runs (no dataset, loads or report): for profiling
#
# Steps (each target is a fresh database, or for Tributary a fresh schema of the runtime's
# `unified` database):
#   1. the dataset: bench/../deploy/local/.run/bench/dataset-<size>.db, generated once
#      (io.tributary.tools.BenchDataset; the same size gives the same file);
#   2. COPY: the rows exported to PostgreSQL binary COPY files (not timed), COPY into bare typed
#      tables, then primary keys, indexes and foreign keys;
#   3. pgloader (Debian's 3.6.9, --dynamic-space-size 8192) with CAST rules into the same types, the
#      vectors through bench/pgloader/float32-vector.lisp;
#   4. Tributary: the file submitted as a migration (capture -> Kafka -> apply, snapshots by binary
#      COPY, keys built when each table's snapshot is in), timed as "loaded" (every table copied
#      and keyed, then finalize: indexes, foreign keys) and "verified" (every table validates
#      MATCH); then cut over (not timed) to end its capture;
#   5. CDC, at each rate: io.tributary.tools.SteadyChangeWriter commits inserts and updates at the
#      fixed rate to a SQLite file, then to a PostgreSQL database, each replicated by a migration;
#      latency per change = target commit (pg_xact_commit_timestamp) - source commit (the writer's
#      clock just after its commit returned); a run whose writer fell more than 100 ms behind its
#      own schedule (the machine was saturated) counts as not met; the load average (1/5 min) at
#      its start and end is reported.
# Peak memory is sampled every 0.25 s (bench/lib/rss.py); CPU time per row of every process group
# (bench/lib/cpu.py: Tributary's services and Kafka, pgloader, psql, each PostgreSQL cluster's
# server processes apart). The report goes to bench/results/.
set -euo pipefail
bench_command="bench/run.sh$(printf ' %q' "$@")"
bench_loadavg_start="$(cut -d' ' -f1-3 /proc/loadavg)"
export TRIBUTARY_LOG_PREFIX=bench
# shellcheck source-path=SCRIPTDIR source=../deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/local/lib.sh"
BENCH_DIR="$TRIBUTARY_ROOT/bench"

size=full
runs=""
cdc_rates=""
cdc_seconds=""
keep=false
tributary_only=false
cdc_only=false
usage="usage: bench/run.sh [--size quick|full] [--runs N] [--cdc-rates LIST | --cdc-rate N] [--cdc-seconds N] [--keep] [--tributary-only | --cdc-only]"
while (($#)); do
  case "$1" in
    --size) size="${2:?--size needs quick or full}"; shift 2 ;;
    --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
    --cdc-rate) cdc_rates="${2:?--cdc-rate needs a number}"; shift 2 ;;
    --cdc-rates) cdc_rates="${2:?--cdc-rates needs a list}"; shift 2 ;;
    --cdc-seconds) cdc_seconds="${2:?--cdc-seconds needs a number}"; shift 2 ;;
    --keep) keep=true; shift ;;
    --tributary-only) tributary_only=true; shift ;;
    --cdc-only) cdc_only=true; shift ;;
    -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown option '$1' ($usage)" ;;
  esac
done
case "$size" in
  full) agents=100000 tasks=2000000 embeddings=200000 default_cdc_seconds=60 default_runs=3 default_cdc_rates=5000,10000 ;;
  quick) agents=2000 tasks=40000 embeddings=4000 default_cdc_seconds=15 default_runs=1 default_cdc_rates=10000 ;;
  *) die "--size must be quick or full, not '$size'" ;;
esac
cdc_seconds="${cdc_seconds:-$default_cdc_seconds}"
runs="${runs:-$default_runs}"
cdc_rates="${cdc_rates:-$default_cdc_rates}"
[[ "$tributary_only" == true && "$cdc_only" == true ]] && die "--tributary-only and --cdc-only exclude each other"
loads=true # steps 1-4
[[ "$cdc_only" == true ]] && loads=false
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer, not '$runs'"
IFS=, read -r -a cdc_rate_list <<<"$cdc_rates"
((${#cdc_rate_list[@]})) || die "--cdc-rates names no rate"
for r in "${cdc_rate_list[@]}"; do
  [[ "$r" =~ ^[1-9][0-9]*$ ]] || die "--cdc-rates/--cdc-rate: each rate must be a positive integer, not '$r'"
done
[[ "$cdc_seconds" =~ ^[1-9][0-9]*$ ]] || die "--cdc-seconds must be a positive integer, not '$cdc_seconds'"
total_rows=$((agents + tasks + embeddings))
bench_started=$SECONDS

# ---------------------------------------------------------------------------------------------
# Runtime, tools
# ---------------------------------------------------------------------------------------------
"$TRIBUTARY_LOCAL_DIR/setup.sh" --bench >/dev/null
command -v pgloader >/dev/null || die "pgloader is not installed (deploy/local/setup.sh --bench installs it)"
command -v python3 >/dev/null || die "python3 is needed for the memory sampler (bench/lib/rss.py)"
tributary_build_if_stale
"$TRIBUTARY_LOCAL_DIR/up.sh" >/dev/null
tributary_load_endpoints
if [[ "$(pg_psql pg-unified -d unified -tAc 'SHOW track_commit_timestamp')" != on ]]; then
  # up.sh writes the setting; clusters started by an older up.sh need a restart to take it.
  log "pg-unified runs without track_commit_timestamp: restarting the runtime to turn it on"
  "$TRIBUTARY_LOCAL_DIR/down.sh" >/dev/null
  "$TRIBUTARY_LOCAL_DIR/up.sh" >/dev/null
  tributary_load_endpoints
fi
auth=("${tributary_auth[@]}") # curl -H @file: the token never on a command line
# clocks, the memory sampler (sampler_start/sampler_stop/peak_mb), target_db_psql, the clean-up of
# what the run made: bench/lib/common.sh
# shellcheck source=lib/common.sh
source "$BENCH_DIR/lib/common.sh"
bench_keep="$keep"
# Other migrations still capturing share the two cores (capture, apply, continuous validation):
# say so, the numbers are not comparable then.
warn_other_migrations

# tool CLASS ARGS...: runs one of the tools module's bench programs (io.tributary.tools.CLASS).
tool() {
  tributary_tool "$@" 2>"$work/tool.err" || {
    cat "$work/tool.err" >&2
    die "$1 failed"
  }
}

stamp="$(date -u +%Y%m%d%H%M%S)"
work="$TRIBUTARY_RUN_DIR/bench/run-$stamp"
mkdir -p "$work"
chmod o+rx "$TRIBUTARY_RUN_DIR/bench" "$work" # the server reads the COPY files
pg_target_pid="$(pg_running_pid pg-unified)"
pg_legacy_pid="$(pg_running_pid pg-legacy)"
tributary_pids

fresh_target_db() {
  pg_psql pg-unified -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null
  target_db_psql "$1" -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION vector' >/dev/null
}

# settle_target: before each timed load (not timed), so that none pays for writing out the one
# before: a checkpoint of the target cluster (after pgloader, gigabytes of dirty buffers and WAL).
settle_target() { pg_psql pg-unified -d postgres -c CHECKPOINT >/dev/null; }

# loaded_rows DB: the rows of the three bench tables in a database's public schema.
loaded_rows() {
  target_db_psql "$1" -tAc 'SELECT (SELECT count(*) FROM agents) + (SELECT count(*) FROM tasks) + (SELECT count(*) FROM embeddings)'
}
# column_types DB SCHEMA: "table.column type, ..." of every table of a schema.
column_types() {
  target_db_psql "$1" -tAc "SELECT string_agg(c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY c.relname, a.attnum) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '$2' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped"
}

trap bench_on_exit EXIT

# ---------------------------------------------------------------------------------------------
# 1. Dataset
# ---------------------------------------------------------------------------------------------
if [[ "$loads" == true ]]; then
dataset="$TRIBUTARY_RUN_DIR/bench/dataset-$size-$agents-$tasks-$embeddings.db"
if [[ ! -f "$dataset" ]]; then
  log "generating the dataset ($agents agents, $tasks tasks, $embeddings embeddings): ${dataset#"$TRIBUTARY_ROOT"/}"
  tool BenchDataset "$dataset" "$agents" "$tasks" "$embeddings" >/dev/null
fi
dataset_mb="$(du -m "$dataset" | cut -f1)"
log "dataset: $(fmt_int "$total_rows") rows, $dataset_mb MB (${dataset#"$TRIBUTARY_ROOT"/})"
fi

# bench/lib/cpu.py groups: Tributary's services and Kafka, each cluster's server processes (backends
# that ended included), every core's busy time
cpu_tributary=()
for g in "${tributary_groups[@]}"; do cpu_tributary+=("${g%%=*}=tree:${g#*=}"); done
cpu_target="PostgreSQL target=tree:$pg_target_pid"
cpu_source="PostgreSQL source=tree:$pg_legacy_pid"
cpu_machine="machine (all processes)=machine"

# ---------------------------------------------------------------------------------------------
# 2. COPY (the limit)
# ---------------------------------------------------------------------------------------------
# copy_steps DB: COPY into the bare tables (writes $work/copy.loaded when done), then keys, indexes
# and foreign keys.
copy_steps() {
  target_db_psql "$1" -q -c "COPY agents FROM '$work/copy/agents.pgcopy' WITH (FORMAT binary)" \
    -c "COPY tasks FROM '$work/copy/tasks.pgcopy' WITH (FORMAT binary)" \
    -c "COPY embeddings FROM '$work/copy/embeddings.pgcopy' WITH (FORMAT binary)"
  now >"$work/copy.loaded"
  target_db_psql "$1" -q <<'SQL'
ALTER TABLE agents ADD PRIMARY KEY (id);
ALTER TABLE tasks ADD PRIMARY KEY (id);
ALTER TABLE embeddings ADD PRIMARY KEY (id);
CREATE INDEX idx_tasks_assigned_agent ON tasks (assigned_agent_id);
CREATE INDEX idx_tasks_status ON tasks (status);
CREATE INDEX idx_embeddings_task ON embeddings (task_id);
ALTER TABLE tasks ADD FOREIGN KEY (assigned_agent_id) REFERENCES agents (id);
ALTER TABLE embeddings ADD FOREIGN KEY (task_id) REFERENCES tasks (id);
SQL
}
# copy_run RUN: sets copy_db (the run's COPY database, whose types Tributary's are compared with).
copy_run() {
  local run="$1" start done_at loaded s rows
  copy_db="bench_copy_${stamp}_r$run"
  fresh_target_db "$copy_db"
  cleanup_items+=("targetdb:$copy_db")
  target_db_psql "$copy_db" -q <<'SQL'
CREATE TABLE agents (id uuid NOT NULL, name text NOT NULL, agent_type text NOT NULL, status text,
  capabilities jsonb, system_prompt text, model_provider text, model_name text,
  created_at timestamptz, updated_at timestamptz);
CREATE TABLE tasks (id uuid NOT NULL, title text NOT NULL, description text, status text,
  priority text, assigned_agent_id uuid, created_at timestamptz, updated_at timestamptz);
CREATE TABLE embeddings (id uuid NOT NULL, task_id uuid NOT NULL, content text NOT NULL,
  embedding vector(384) NOT NULL, created_at timestamptz);
SQL
  if [[ ! -d "$work/copy" ]]; then
    log "COPY: exporting binary COPY files (not timed; kept for every run)"
    start="$(now)"
    tool BinaryCopyExporter "$dataset" "jdbc:postgresql://127.0.0.1:$TRIBUTARY_TARGET_PG_PORT/$copy_db?user=postgres&password=$TRIBUTARY_PG_PASSWORD" \
      public "$work/copy" agents tasks embeddings >"$work/export.log"
    export_s="$(seconds_between "$start" "$(now)")"
    chmod -R o+rX "$work/copy"
    copy_mb="$(du -cm "$work"/copy/*.pgcopy | tail -n1 | cut -f1)"
  fi
  settle_target
  sampler_start "copy-r$run" "postgres=pss:tree:$pg_target_pid"
  cpu_snapshot start
  start="$(now)"
  (counted "$work/copy.ticks" copy_steps "$copy_db")
  done_at="$(now)"
  cpu_snapshot end
  sampler_stop
  loaded="$(cat "$work/copy.loaded")"
  rows="$(loaded_rows "$copy_db")"
  [[ "$rows" == "$total_rows" ]] || die "COPY loaded $rows rows, not $total_rows"
  s="$(seconds_between "$start" "$done_at")"
  cpu_record copy "$run" start end "psql=ticks:$work/copy.ticks" "$cpu_target" "$cpu_machine"
  record copy "$run" "rows=$total_rows" "s=$s" "part1_s=$(seconds_between "$start" "$loaded")" \
    "part2_s=$(seconds_between "$loaded" "$done_at")" "rows_per_s=$(div "$total_rows" "$s" 1)" \
    "mb_per_s=$(div "$dataset_mb" "$s" 1)" "pg_mb=$(peak_mb "copy-r$run" postgres)" "load=$(load15)"
  log "COPY, run $run: ${s}s ($(seconds_between "$start" "$loaded")s load + $(seconds_between "$loaded" "$done_at")s keys/indexes/foreign keys; export ${export_s}s, $copy_mb MB)"
}

# ---------------------------------------------------------------------------------------------
# 3. pgloader
# ---------------------------------------------------------------------------------------------
# pgloader_run RUN
pgloader_run() {
  local run="$1" pgl_db="bench_pgloader_${stamp}_r$1" start s pid rc=0 rows
  fresh_target_db "$pgl_db"
  cleanup_items+=("targetdb:$pgl_db")
  cat >"$work/pgloader.load" <<PGLOADER
LOAD DATABASE
  FROM sqlite://$dataset
  INTO postgresql://postgres:$TRIBUTARY_PG_PASSWORD@127.0.0.1:$TRIBUTARY_TARGET_PG_PORT/$pgl_db
WITH include drop, create tables, create indexes, reset sequences, foreign keys,
     workers = 2, concurrency = 1, prefetch rows = 10000
CAST column agents.id to uuid drop typemod,
     column agents.capabilities to jsonb,
     column agents.created_at to timestamptz,
     column agents.updated_at to timestamptz,
     column tasks.id to uuid drop typemod,
     column tasks.assigned_agent_id to uuid drop typemod,
     column tasks.created_at to timestamptz,
     column tasks.updated_at to timestamptz,
     column embeddings.id to uuid drop typemod,
     column embeddings.task_id to uuid drop typemod,
     column embeddings.embedding to "vector(384)" drop typemod using float32-blob-to-vector,
     column embeddings.created_at to timestamptz;
PGLOADER
  settle_target
  cpu_snapshot start
  start="$(now)"
  (counted "$work/pgloader.ticks" pgloader --dynamic-space-size 8192 --root-dir "$work/pgloader" \
    --load-lisp-file "$BENCH_DIR/pgloader/float32-vector.lisp" "$work/pgloader.load") >"$work/pgloader.log" 2>&1 &
  pid=$!
  sampler_start "pgloader-r$run" "pgloader=tree:$pid" "postgres=pss:tree:$pg_target_pid"
  wait "$pid" || rc=$?
  s="$(seconds_between "$start" "$(now)")"
  cpu_snapshot end
  sampler_stop
  if ((rc != 0)); then
    show_log_tail "$work/pgloader.log"
    die "pgloader exited with $rc (log: $work/pgloader.log)"
  fi
  rows="$(loaded_rows "$pgl_db")"
  [[ "$rows" == "$total_rows" ]] || die "pgloader loaded $rows rows, not $total_rows (log: $work/pgloader.log)"
  cpu_record pgloader "$run" start end "pgloader=ticks:$work/pgloader.ticks" "$cpu_target" "$cpu_machine"
  record pgloader "$run" "rows=$total_rows" "s=$s" "rows_per_s=$(div "$total_rows" "$s" 1)" "mb_per_s=$(div "$dataset_mb" "$s" 1)" \
    "tool_mb=$(peak_mb "pgloader-r$run" pgloader)" "pg_mb=$(peak_mb "pgloader-r$run" postgres)" "load=$(load15)"
  log "pgloader, run $run: ${s}s, peak RSS $(peak_mb "pgloader-r$run" pgloader) MB"
}

# ---------------------------------------------------------------------------------------------
# 4. Tributary
# ---------------------------------------------------------------------------------------------
# post_plan FILE: POST /migrations, dies unless 201.
post_plan() {
  local code
  code="$(curl -sS -o "$work/post.json" -w '%{http_code}' -X POST "${auth[@]}" \
    -H 'Content-Type: application/yaml' --data-binary @"$1" "$TRIBUTARY_API/migrations")"
  [[ "$code" == 201 ]] || die "POST /migrations answered $code: $(cat "$work/post.json")"
}
# end_migration MIGRATION: cut over (ends its capture and validation), wait for CUT_OVER.
end_migration() {
  local code deadline=$((SECONDS + 600)) state=""
  code="$(curl -sS -o "$work/cutover.json" -w '%{http_code}' -X POST "${auth[@]}" \
    -H 'Content-Type: application/json' -d '{"reason":"bench/run.sh: measured, ending"}' \
    "$TRIBUTARY_API/migrations/$1/cutover")"
  [[ "$code" == 202 ]] || die "POST cutover of $1 answered $code: $(cat "$work/cutover.json")"
  while [[ "$state" != CUT_OVER ]]; do
    # the migration's state is the detail's first "state" (its tables' come later); no Python
    # started four times a second: the polling's own CPU competes with the load it times
    state="$(curl -sS "${tributary_auth[@]}" "$TRIBUTARY_API/migrations/$1" | grep -o -m1 '"state":"[A-Z_]*"' | head -n1)"
    state="${state#\"state\":\"}"
    state="${state%\"}"
    [[ "$state" == ROLLED_BACK || "$state" == FAILED ]] && die "cutover of $1 ended $state: $(curl -sS "${tributary_auth[@]}" "$TRIBUTARY_API/migrations/$1/cutover")"
    ((SECONDS < deadline)) || die "cutover of $1 not done after 600 s"
    sleep 0.5
  done
}


# tributary_run RUN: the load, then its fallback window and a fallback.
tributary_run() {
  local run="$1" load_migration="bench-load-$stamp-r$1" load_schema="bench_load_${stamp}_r$1" code
  local start keyed loaded verified s rss_breakdown types_copy types_trib fb_deadline pause outcome steps
  cp "$dataset" "$work/tributary.db" # capture installs its change log in the file
  cleanup_items+=("file:$work/tributary.db")
  cat >"$work/load.yaml" <<PLAN
migration: $load_migration
sources:
  - name: bench
    kind: sqlite
    path: $work/tributary.db
    schema: $load_schema
cutover:
  # the bench ends the migration by a cutover (not timed); in rollback-journal mode the freeze's
  # commit waits for the validator's read of the largest table, which takes a minute at full size
  timeouts: { freeze: 180s }
PLAN
  log "Tributary, run $run: migration $load_migration into schema $load_schema"
  settle_target
  sampler_start "tributary-r$run" --total "$tributary_total" "${tributary_groups[@]}" "postgres=pss:tree:$pg_target_pid"
  cpu_snapshot start
  start="$(now)"
  post_plan "$work/load.yaml"
  cleanup_items+=("migration:$load_migration:$load_schema")
  # REPLICATING: every table's snapshot captured, applied (COPY) and keyed
  wait_migration_state "$load_migration" REPLICATING 3600
  keyed="$(now)"
  code="$(curl -sS -o "$work/finalize.json" -w '%{http_code}' -X POST "${auth[@]}" \
    "$TRIBUTARY_API/migrations/$load_migration/finalize?foreignKeys=true")"
  loaded="$(now)"
  cpu_snapshot loaded
  record tributary "$run" "load=$(load15)"
  wait_green "$load_migration" 3600
  verified="$(now)"
  sampler_stop
  [[ "$code" == 200 ]] || die "POST finalize answered $code: $(cat "$work/finalize.json")"
  python3 - "$work/finalize.json" <<'PY' || die "finalize left steps undone: $(cat "$work/finalize.json")"
import json, sys
steps = json.load(open(sys.argv[1]))
bad = [s for s in steps if s.get("state") != "done"]
sys.exit(1 if bad else 0)
PY
  s="$(seconds_between "$start" "$loaded")"
  rss_breakdown="$(python3 -c "
import json,sys; p=json.load(open(sys.argv[1]))
print(', '.join(f'{k} {round(p[k]/1024)} MB' for k in ('orchestrator-service','cdc-service','validator-service','kafka')))" "$work/rss-tributary-r$run.json")"
  # The same typed tables as COPY's (types compared column by column).
  if [[ "$tributary_only" == false ]]; then
    types_copy="$(column_types "$copy_db" public)"
    types_trib="$(column_types unified "$load_schema")"
    [[ "$types_copy" == "$types_trib" ]] || die "Tributary's target types differ from COPY's tables:
  Tributary: $types_trib
  COPY:      $types_copy"
  fi
  cpu_record tributary "$run" start loaded "${cpu_tributary[@]}" "$cpu_target" "$cpu_machine"
  record tributary "$run" "rows=$total_rows" "s=$s" "part1_s=$(seconds_between "$start" "$keyed")" \
    "part2_s=$(seconds_between "$keyed" "$loaded")" "verified_s=$(seconds_between "$start" "$verified")" \
    "rows_per_s=$(div "$total_rows" "$s" 1)" "mb_per_s=$(div "$dataset_mb" "$s" 1)" \
    "tool_mb=$(peak_mb "tributary-r$run" total)" "rss_note=$rss_breakdown" "pg_mb=$(peak_mb "tributary-r$run" postgres)"
  log "Tributary, run $run: loaded in ${s}s ($(seconds_between "$start" "$keyed")s until every table was copied and keyed + $(seconds_between "$keyed" "$loaded")s finalize), verified (validation MATCH) at $(seconds_between "$start" "$verified")s; peak RSS $(peak_mb "tributary-r$run" total) MB ($rss_breakdown)"
  log "Tributary, run $run: ending the load migration (cutover, not timed)"
  end_migration "$load_migration"
  # --- the fallback window: the application writes on the target, each change goes back into the
  # SQLite file; then a fallback (a cutover backwards) and its write pause
  log "Fallback, run $run: 1,000 task updates, 200 agent renames, 100 embedding deletes on the target"
  target_db_psql unified -q <<SQL
UPDATE "$load_schema".tasks SET status = 'reviewed' WHERE id IN (SELECT id FROM "$load_schema".tasks ORDER BY id LIMIT 1000);
UPDATE "$load_schema".agents SET name = name || ' (edited)' WHERE id IN (SELECT id FROM "$load_schema".agents ORDER BY id LIMIT 200);
DELETE FROM "$load_schema".embeddings WHERE id IN (SELECT id FROM "$load_schema".embeddings ORDER BY id LIMIT 100);
SQL
  fb_deadline=$((SECONDS + 300))
  until [[ "$(curl -sS "${tributary_auth[@]}" "$TRIBUTARY_API/migrations/$load_migration/fallback" | python3 -c 'import json,sys; w=json.load(sys.stdin).get("window") or {}; print((w.get("appliedChanges") or 0) >= 1300)')" == True ]]; do
    ((SECONDS < fb_deadline)) || die "the 1,300 changes were not written back into the SQLite file within 300 s: $(curl -sS "${tributary_auth[@]}" "$TRIBUTARY_API/migrations/$load_migration/fallback")"
    sleep 0.5
  done
  [[ "$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM tasks WHERE status = ?", ("reviewed",)).fetchone()[0])' "$work/tributary.db")" -ge 1000 ]] ||
    die "the SQLite file lacks the task updates made on the target"
  migration_command "$load_migration" fallback
  pause="$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r.get("writePauseMs"))' "$work/fallback.json")"
  outcome="$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r.get("outcome"))' "$work/fallback.json")"
  steps="$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(", ".join(f"{s['"'"'step'"'"']} {s['"'"'durationMs'"'"']} ms" for s in r.get("steps", [])))' "$work/fallback.json")"
  [[ "$outcome" == fell_back ]] || die "the fallback ended $outcome: $(cat "$work/fallback.json")"
  record tributary "$run" "fallback_ms=$pause" "fallback_steps=$steps"
  log "Fallback, run $run: write pause ${pause} ms ($steps)"
  # Ended now, not when the bench ends: a migration that fell back captures and validates its
  # 2.3 M rows again, and would share the two cores with the CDC runs that follow.
  log "Tributary, run $run: ending the load migration (cutover, then its fallback window; not timed)"
  end_migration "$load_migration"
  migration_command "$load_migration" finish
}

# ---------------------------------------------------------------------------------------------
# 5. CDC
# ---------------------------------------------------------------------------------------------
# cdc_run KIND RATE RUN: records the run as cdc-KIND-RATE.
cdc_run() {
  local kind="$1" rate="$2" run="$3" id="$1-$2-r$3" src plan out expect rows seqsum deadline got cpu_groups load_start behind
  local migration="bench-cdc-$kind-$stamp-$rate-r$run" schema="bench_cdc_${kind}_${stamp}_${rate}_r$run"
  cpu_groups=("${cpu_tributary[@]}" "$cpu_target" "$cpu_machine")
  if [[ "$kind" == sqlite ]]; then
    src="$work/cdc-$id.db"
    cleanup_items+=("file:$src" "file:$src-wal" "file:$src-shm")
    plan="  - name: app
    kind: sqlite
    path: $src
    schema: $schema"
  else
    local db="bench_cdc_${stamp}_${rate}_r$run"
    pg_psql pg-legacy -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
    cleanup_items+=("legacydb:$db")
    src="jdbc:postgresql://127.0.0.1:$TRIBUTARY_LEGACY_PG_PORT/$db?user=postgres&password=$TRIBUTARY_PG_PASSWORD&reWriteBatchedInserts=true"
    plan="  - name: app
    kind: postgres
    url: postgresql://postgres:$TRIBUTARY_PG_PASSWORD@127.0.0.1:$TRIBUTARY_LEGACY_PG_PORT/$db
    schema: $schema"
    cpu_groups=("${cpu_tributary[@]}" "$cpu_source" "$cpu_target" "$cpu_machine")
  fi
  tool SteadyChangeWriter "$src" 1000 1 "$work/cdc-$id-seed.log" >/dev/null # the table, 1,000 rows
  printf 'migration: %s\nsources:\n%s\n' "$migration" "$plan" >"$work/cdc-$id.yaml"
  post_plan "$work/cdc-$id.yaml"
  cleanup_items+=("migration:$migration:$schema")
  wait_green "$migration" 300
  log "CDC $kind, run $run: writing $rate changes/s for $cdc_seconds s"
  load_start="$(load15)"
  sampler_start "cdc-$id" --total "$tributary_total" "${tributary_groups[@]}"
  cpu_snapshot start
  out="$(tool SteadyChangeWriter "$src" "$rate" "$cdc_seconds" "$work/cdc-$id.log")"
  printf '%s\n' "$out" >"$work/cdc-$id-writer.txt"
  expect="$(grep -o 'rows=[0-9]* seqsum=[0-9]*' <<<"$out")" || die "the writer printed no totals: $out"
  behind="$(sed -n 's/.*most behind schedule \([0-9.]*\) ms.*/\1/p' <<<"$out" | head -n1)"
  [[ -n "$behind" ]] || die "the writer did not say how far it fell behind its schedule: $out"
  rows="${expect#rows=}"
  rows="${rows%% *}"
  seqsum="${expect##*seqsum=}"
  deadline=$((SECONDS + 600))
  until got="$(target_db_psql unified -tAc "SELECT count(*) || ' ' || coalesce(sum(seq), 0) FROM \"$schema\".cdc_events")" &&
    [[ "$got" == "$rows $seqsum" ]]; do
    ((SECONDS < deadline)) || die "CDC $kind: the target holds $got (rows, seq sum), not $rows $seqsum, 600 s after the writer stopped"
    sleep 0.2
  done
  cpu_snapshot end
  sampler_stop
  # Latency of each row's last change: its target commit minus the writer's commit.
  target_db_psql unified -tA -F ' ' >"$work/cdc-$id-latency.txt" <<SQL
CREATE TEMP TABLE w (first_seq bigint, last_seq bigint, committed_us bigint);
\\copy w FROM '$work/cdc-$id.log' WITH (DELIMITER ' ')
WITH s AS (SELECT generate_series(first_seq, last_seq) AS seq, committed_us FROM w),
     l AS (SELECT s.committed_us AS source_us,
                  (extract(epoch FROM pg_xact_commit_timestamp(e.xmin)) * 1000000)::bigint AS target_us
             FROM "$schema".cdc_events e JOIN s USING (seq))
SELECT (SELECT sum(last_seq - first_seq + 1) FROM w), count(*),
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY target_us - source_us)::numeric / 1000, 1),
       round(percentile_cont(0.95) WITHIN GROUP (ORDER BY target_us - source_us)::numeric / 1000, 1),
       round(percentile_cont(0.99) WITHIN GROUP (ORDER BY target_us - source_us)::numeric / 1000, 1),
       round(max(target_us - source_us)::numeric / 1000, 1),
       -- the first commit carries the first tick's changes: the run starts one tick (10 ms) before it
       round(((SELECT sum(last_seq - first_seq + 1) FROM w)
              / ((max(target_us) - (SELECT min(committed_us) FROM w) + 10000) / 1e6))::numeric)
  FROM l;
SQL
  read -r changes measured p50 p95 p99 pmax sustained <"$work/cdc-$id-latency.txt"
  [[ -n "${sustained:-}" ]] || die "CDC $kind: no latency computed ($(cat "$work/cdc-$id-latency.txt"))"
  cpu_record "cdc-$kind-$rate" "$run" start end "${cpu_groups[@]}"
  record "cdc-$kind-$rate" "$run" "changes=$changes" "measured=$measured" "p50=$p50" "p95=$p95" "p99=$p99" "max=$pmax" \
    "sustained=$sustained" "behind_ms=$behind" "rss_mb=$(peak_mb "cdc-$id" total)" "load_start=$load_start" "load_end=$(load15)" \
    "writer=$(head -n1 <<<"$out")"
  log "CDC $kind, run $run: $changes changes, sustained $sustained/s, latency p50 $p50 ms, p95 $p95 ms, p99 $p99 ms, max $pmax ms; writer at most $behind ms behind its schedule"
  end_migration "$migration"
}

# ---------------------------------------------------------------------------------------------
# The runs: COPY, pgloader, Tributary and the CDC runs of run 1, then of run 2, ...
# ---------------------------------------------------------------------------------------------
[[ "$loads" == true && "$tributary_only" == false ]] && log "pgloader: $(pgloader --version | head -n1)"
for ((run = 1; run <= runs; run++)); do
  log "run $run of $runs"
  if [[ "$loads" == true && "$tributary_only" == false ]]; then
    copy_run "$run"
    pgloader_run "$run"
  fi
  [[ "$loads" == true ]] && tributary_run "$run"
  if [[ "$tributary_only" == false ]]; then
    for rate in "${cdc_rate_list[@]}"; do
      cdc_run sqlite "$rate" "$run"
      cdc_run postgres "$rate" "$run"
    done
  fi
  # each run's databases, schemas and topics go before the next
  bench_cleanup
done
rm -rf "$work/copy"

if [[ "$tributary_only" == true ]]; then
  log "--tributary-only: no report (whole run $((SECONDS - bench_started)) s)"
  exit 0
fi
if [[ "$cdc_only" == true ]]; then
  log "--cdc-only: no report (whole run $((SECONDS - bench_started)) s)"
  exit 0
fi

# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------
cdc_labels=()
cdc_checks=()
for rate in "${cdc_rate_list[@]}"; do
  for kind in sqlite postgres; do
    what="$([[ $kind == sqlite ]] && echo 'SQLite (WAL)' || echo PostgreSQL)"
    cdc_labels+=("cdc-$kind-$rate=$what at $(fmt_int "$rate")/s")
    cdc_checks+=("$(runs_report check --void-if "cdc-$kind-$rate.behind_ms>100" "CDC from $what at $(fmt_int "$rate") changes/s: p99 (a run whose writer fell > 100 ms behind: not met)" "cdc-$kind-$rate.p99" '<=' 100 ms)")
    cdc_checks+=("$(runs_report check "CDC from $what at $(fmt_int "$rate") changes/s: Tributary's peak RSS (3 services + Kafka)" "cdc-$kind-$rate.rss_mb" '<=' 1536 mb)")
  done
done
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
report="$BENCH_DIR/results/run-$size-$(date -u +%Y%m%d-%H%M%S).md"
{
  cat <<MD
# Tributary vs pgloader vs COPY — $size size, $runs run(s), $(date -u '+%Y-%m-%d %H:%M UTC')

Machine: $(nproc) cores ($cpu), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr); PostgreSQL
$(pg_psql pg-unified -d unified -tAc 'SHOW server_version' | cut -d' ' -f1) (shared_buffers 128MB, fsync on, max_wal_size 8GB), Kafka $TRIBUTARY_KAFKA_VERSION (single node),
Java $(java -version 2>&1 | head -n1 | cut -d'"' -f2), $(pgloader --version | head -n1). Everything runs on this one machine.
Dataset: SQLite, $(fmt_int "$agents") agents + $(fmt_int "$tasks") tasks + $(fmt_int "$embeddings") embeddings = $(fmt_int "$total_rows") rows, $dataset_mb MB
(\`BenchDataset\`, seed 002's shape plus 384-dim float32 vectors). Every target: uuid, jsonb, timestamptz, vector(384).
MB/s = the SQLite file's size / wall time.
$(report_context)

Everything ran $runs time(s), interleaved (COPY, pgloader, Tributary and the CDC runs of run 1, then of run 2, ...): the
median of the runs in bold, then every run.

## Full load

MD
  runs_report rows --col "wall time=s:s" --col "copied (Tributary: and keyed) / COPY alone=part1_s:s" \
    --col "then: finalize / keys, indexes, foreign keys=part2_s:s" --col "verified (MATCH)=verified_s:s" \
    --col "rows/s=rows_per_s:int" --col "MB/s=mb_per_s:f1" --col "peak RSS=tool_mb:mb" --col "of=rss_note:text" \
    --col "PostgreSQL PSS=pg_mb:mb" --col "load (1/5 min) when loaded=load:text" \
    "tributary=Tributary (capture → Kafka → apply by COPY, keys built; then finalize: indexes, foreign keys, ANALYZE)" \
    "pgloader=pgloader (CAST rules, vectors through a Lisp transform)" \
    "copy=COPY binary into bare tables + keys, indexes, foreign keys"
  cat <<MD

COPY files: $copy_mb MB, exported in ${export_s} s (once, not counted). Fallback (after each load's cutover, 1,300 changes
made on the target and written back into the SQLite file, then a fallback):

MD
  runs_report rows --col "write pause=fallback_ms:f1" --col "steps=fallback_steps:text" "tributary=Tributary's fallback (ms)"
  printf '\n## Targets (on the medians)\n\n'
  check_header
  # issue 46's targets: loaded ≤ 2.0× binary COPY + keys (about 0.3× pgloader), verified ≤ 2.5×
  runs_report check "Tributary loaded / COPY + keys" tributary.s/copy.s '<=' 2 x
  runs_report check "Tributary verified / COPY + keys" tributary.verified_s/copy.s '<=' 2.5 x
  runs_report check "Tributary loaded / pgloader" tributary.s/pgloader.s '<=' 0.67 x
  runs_report check "Tributary peak RSS during the load (3 services + Kafka)" tributary.tool_mb '<=' 1536 mb
  runs_report check "Fallback write pause (ms)" tributary.fallback_ms '<=' 1000 f1
  printf '%s\n' "${cdc_checks[@]}"
  cat <<MD

## CPU per row (µs, user + system), each load until loaded

bench/lib/cpu.py: every process of a group, children that ended meanwhile included (a PostgreSQL backend that served one
connection counts in its cluster; pgloader and psql through the shell that waited for them); "machine" is every core's
busy time, whoever used it (other work on the machine included), so it can exceed the sum of the groups.

MD
  runs_report cpu rows tributary=Tributary pgloader=pgloader copy="COPY + keys"
  cat <<MD

## CDC, $cdc_seconds s at each rate (70 % inserts, 30 % updates, ~200-byte rows)

MD
  runs_report rows --col "changes=changes:int" --col "sustained changes/s=sustained:int" --col "latency p50=p50:ms" \
    --col "p95=p95:ms" --col "p99=p99:ms" --col "max=max:ms" --col "writer most behind its schedule=behind_ms:ms" \
    --col "Tributary peak RSS=rss_mb:mb" --col "load (1/5 min) at the start=load_start:text" --col "at the end=load_end:text" \
    "${cdc_labels[@]}"
  cat <<MD

Latency = the target commit of a row's last change (\`pg_xact_commit_timestamp\`) minus the writer's
clock just after the source commit returned, over each row's last change (an update folded into an earlier change by apply
is not measured). Sustained = changes / (last target commit − first source commit): it cannot exceed the offered rate,
and stays within 1 % of it only when replication keeps up. The target: p99 ≤ 100 ms at each rate and Tributary's processes
≤ 1,536 MB RSS together; a run whose writer fell more than 100 ms behind its own schedule (the machine was saturated) counts
as not met, whatever its latency.

CPU per change (µs, user + system), from the writer's start until the target held every change:

MD
  runs_report cpu changes "${cdc_labels[@]}"
  printf '\nWhole run: %s s.\n' "$((SECONDS - bench_started))"
} >"$report"
cat "$report"
log "report: ${report#"$TRIBUTARY_ROOT"/}"
