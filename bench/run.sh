#!/usr/bin/env bash
# Benchmark: Tributary side by side with pgloader and PostgreSQL's own binary COPY, on one dataset,
# in one run, on the local runtime; then CDC at a fixed write rate from a SQLite and a PostgreSQL
# source.
#
#   bench/run.sh [--size quick|full] [--cdc-rate N] [--cdc-seconds N] [--keep]
#
#   --size full (default): agents 100,000, tasks 2,000,000, embeddings 200,000 rows (~2.5 GB SQLite)
#   --size quick:          1/50 of that (46,000 rows), CDC runs of 15 s instead of 60 s
#   --cdc-rate N           changes per second the steady writer commits (default 10000)
#   --cdc-seconds N        how long it writes (default 60, quick 15)
#   --keep                 keep the bench migrations, databases and topics (default: removed)
#   --tributary-only       only Tributary's full load (no COPY, pgloader, CDC, report): for profiling
#   --cdc-only             only the two CDC runs (no dataset, loads or report): for profiling
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
#   5. CDC: io.tributary.tools.SteadyChangeWriter commits inserts and updates at the fixed
#      rate to a SQLite file, then to a PostgreSQL database, each replicated by a migration; latency
#      per change = target commit (pg_xact_commit_timestamp) - source commit (the writer's clock
#      just after its commit returned).
# Peak memory is sampled every 0.25 s (bench/lib/rss.py). The report goes to bench/results/.
set -euo pipefail
export TRIBUTARY_LOG_PREFIX=bench
# shellcheck source-path=SCRIPTDIR source=../deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/local/lib.sh"
BENCH_DIR="$TRIBUTARY_ROOT/bench"

size=full
cdc_rate=10000
cdc_seconds=""
keep=false
tributary_only=false
cdc_only=false
usage="usage: bench/run.sh [--size quick|full] [--cdc-rate N] [--cdc-seconds N] [--keep] [--tributary-only | --cdc-only]"
while (($#)); do
  case "$1" in
    --size) size="${2:?--size needs quick or full}"; shift 2 ;;
    --cdc-rate) cdc_rate="${2:?--cdc-rate needs a number}"; shift 2 ;;
    --cdc-seconds) cdc_seconds="${2:?--cdc-seconds needs a number}"; shift 2 ;;
    --keep) keep=true; shift ;;
    --tributary-only) tributary_only=true; shift ;;
    --cdc-only) cdc_only=true; shift ;;
    -h | --help) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' ($usage)" ;;
  esac
done
case "$size" in
  full) agents=100000 tasks=2000000 embeddings=200000 default_cdc_seconds=60 ;;
  quick) agents=2000 tasks=40000 embeddings=4000 default_cdc_seconds=15 ;;
  *) die "--size must be quick or full, not '$size'" ;;
esac
cdc_seconds="${cdc_seconds:-$default_cdc_seconds}"
[[ "$tributary_only" == true && "$cdc_only" == true ]] && die "--tributary-only and --cdc-only exclude each other"
loads=true # steps 1-4
[[ "$cdc_only" == true ]] && loads=false
[[ "$cdc_rate" =~ ^[1-9][0-9]*$ ]] || die "--cdc-rate must be a positive integer, not '$cdc_rate'"
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
auth=(-H "Authorization: Bearer ${TRIBUTARY_TOKEN:-}")
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

# cpu_used BEFORE AFTER: the CPU seconds of each process group between two bench/lib/cpu.py
# snapshots, the six largest, on one line ("cdc-service 95.1 s, ...", total first).
cpu_used() {
  python3 "$BENCH_DIR/lib/cpu.py" diff "$1" "$2" | python3 -c '
import sys
rows = [line.rstrip("\n").split("\t") for line in sys.stdin if "\t" in line]
total = sum(float(s) for _, s in rows)
print(f"{total:.0f} CPU-s in all: " + ", ".join(f"{g} {float(s):.1f} s" for g, s in rows[:6]))'
}

if [[ "$tributary_only" == false && "$loads" == true ]]; then
# ---------------------------------------------------------------------------------------------
# 2. COPY (the limit)
# ---------------------------------------------------------------------------------------------
copy_db="bench_copy_$stamp"
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
log "COPY: exporting binary COPY files (not timed)"
export_start="$(now)"
tool BinaryCopyExporter "$dataset" "jdbc:postgresql://127.0.0.1:$TRIBUTARY_TARGET_PG_PORT/$copy_db?user=postgres&password=$TRIBUTARY_PG_PASSWORD" \
  public "$work/copy" agents tasks embeddings >"$work/export.log"
export_s="$(seconds_between "$export_start" "$(now)")"
chmod -R o+rX "$work/copy"
copy_mb="$(du -cm "$work"/copy/*.pgcopy | tail -n1 | cut -f1)"
settle_target
sampler_start copy "postgres=pss:tree:$pg_target_pid"
copy_start="$(now)"
target_db_psql "$copy_db" -q -c "COPY agents FROM '$work/copy/agents.pgcopy' WITH (FORMAT binary)" \
  -c "COPY tasks FROM '$work/copy/tasks.pgcopy' WITH (FORMAT binary)" \
  -c "COPY embeddings FROM '$work/copy/embeddings.pgcopy' WITH (FORMAT binary)"
copy_loaded="$(now)"
target_db_psql "$copy_db" -q <<'SQL'
ALTER TABLE agents ADD PRIMARY KEY (id);
ALTER TABLE tasks ADD PRIMARY KEY (id);
ALTER TABLE embeddings ADD PRIMARY KEY (id);
CREATE INDEX idx_tasks_assigned_agent ON tasks (assigned_agent_id);
CREATE INDEX idx_tasks_status ON tasks (status);
CREATE INDEX idx_embeddings_task ON embeddings (task_id);
ALTER TABLE tasks ADD FOREIGN KEY (assigned_agent_id) REFERENCES agents (id);
ALTER TABLE embeddings ADD FOREIGN KEY (task_id) REFERENCES tasks (id);
SQL
copy_done="$(now)"
sampler_stop
copy_load_s="$(seconds_between "$copy_start" "$copy_loaded")"
copy_index_s="$(seconds_between "$copy_loaded" "$copy_done")"
copy_s="$(seconds_between "$copy_start" "$copy_done")"
copy_rows="$(loaded_rows "$copy_db")"
[[ "$copy_rows" == "$total_rows" ]] || die "COPY loaded $copy_rows rows, not $total_rows"
log "COPY: ${copy_load_s}s load + ${copy_index_s}s keys/indexes/foreign keys (export ${export_s}s, $copy_mb MB)"
copy_pg_mb="$(peak_mb copy postgres)"
rm -rf "$work/copy"

# ---------------------------------------------------------------------------------------------
# 3. pgloader
# ---------------------------------------------------------------------------------------------
pgl_db="bench_pgloader_$stamp"
fresh_target_db "$pgl_db"
cleanup_items+=("targetdb:$pgl_db")
cat >"$work/pgloader.load" <<LOAD
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
LOAD
log "pgloader: $(pgloader --version | head -n1)"
settle_target
pgl_start="$(now)"
pgloader --dynamic-space-size 8192 --root-dir "$work/pgloader" \
  --load-lisp-file "$BENCH_DIR/pgloader/float32-vector.lisp" "$work/pgloader.load" >"$work/pgloader.log" 2>&1 &
pgl_pid=$!
sampler_start pgloader "pgloader=tree:$pgl_pid" "postgres=pss:tree:$pg_target_pid"
pgl_rc=0
wait "$pgl_pid" || pgl_rc=$?
pgl_s="$(seconds_between "$pgl_start" "$(now)")"
sampler_stop
if ((pgl_rc != 0)); then
  show_log_tail "$work/pgloader.log"
  die "pgloader exited with $pgl_rc (log: $work/pgloader.log)"
fi
pgl_rows="$(loaded_rows "$pgl_db")"
[[ "$pgl_rows" == "$total_rows" ]] || die "pgloader loaded $pgl_rows rows, not $total_rows (log: $work/pgloader.log)"
pgl_mb="$(peak_mb pgloader pgloader)"
pgl_pg_mb="$(peak_mb pgloader postgres)"
log "pgloader: ${pgl_s}s, peak RSS $pgl_mb MB"

fi

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
# wait_green MIGRATION TIMEOUT: until every table validates MATCH.
wait_green() {
  python3 "$BENCH_DIR/lib/wait_green.py" "$TRIBUTARY_API/migrations/$1" "$2" "$work/status.json" \
    2>"$work/status.err" || die "migration $1: no green validation after $2 s: $(cat "$work/status.err")"
}
# wait_state MIGRATION STATE TIMEOUT: until the migration is in STATE (dies on FAILED).
wait_state() {
  local deadline=$((SECONDS + $3)) state=""
  while [[ "$state" != "$2" ]]; do
    state="$(curl -sS "$TRIBUTARY_API/migrations/$1" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("state"))')"
    [[ "$state" == FAILED ]] && die "migration $1 FAILED: $(curl -sS "$TRIBUTARY_API/migrations/$1")"
    ((SECONDS < deadline)) || die "migration $1 not $2 after $3 s (state $state)"
    sleep 0.25
  done
}
# end_migration MIGRATION: cut over (ends its capture and validation), wait for CUT_OVER.
end_migration() {
  local code deadline=$((SECONDS + 600)) state=""
  code="$(curl -sS -o "$work/cutover.json" -w '%{http_code}' -X POST "${auth[@]}" \
    -H 'Content-Type: application/json' -d '{"reason":"bench/run.sh: measured, ending"}' \
    "$TRIBUTARY_API/migrations/$1/cutover")"
  [[ "$code" == 202 ]] || die "POST cutover of $1 answered $code: $(cat "$work/cutover.json")"
  while [[ "$state" != CUT_OVER ]]; do
    state="$(curl -sS "$TRIBUTARY_API/migrations/$1" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("state"))')"
    [[ "$state" == ROLLED_BACK || "$state" == FAILED ]] && die "cutover of $1 ended $state: $(curl -sS "$TRIBUTARY_API/migrations/$1/cutover")"
    ((SECONDS < deadline)) || die "cutover of $1 not done after 600 s"
    sleep 0.5
  done
}

if [[ "$loads" == true ]]; then
load_migration="bench-load-$stamp"
load_schema="bench_load_$stamp"
cp "$dataset" "$work/tributary.db" # capture installs its change log in the file
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
log "Tributary: migration $load_migration into schema $load_schema"
settle_target
sampler_start tributary --total "$tributary_total" "${tributary_groups[@]}" "postgres=pss:tree:$pg_target_pid"
python3 "$BENCH_DIR/lib/cpu.py" snapshot "$work/cpu-tributary-before.json"
trib_start="$(now)"
post_plan "$work/load.yaml"
cleanup_items+=("migration:$load_migration:$load_schema")
# REPLICATING: every table's snapshot captured, applied (COPY) and keyed
wait_state "$load_migration" REPLICATING 3600
trib_keyed="$(now)"
code="$(curl -sS -o "$work/finalize.json" -w '%{http_code}' -X POST "${auth[@]}" \
  "$TRIBUTARY_API/migrations/$load_migration/finalize?foreignKeys=true")"
trib_loaded="$(now)"
python3 "$BENCH_DIR/lib/cpu.py" snapshot "$work/cpu-tributary-after.json"
wait_green "$load_migration" 3600
trib_verified="$(now)"
sampler_stop
[[ "$code" == 200 ]] || die "POST finalize answered $code: $(cat "$work/finalize.json")"
python3 - "$work/finalize.json" <<'PY' || die "finalize left steps undone: $(cat "$work/finalize.json")"
import json, sys
steps = json.load(open(sys.argv[1]))
bad = [s for s in steps if s.get("state") != "done"]
sys.exit(1 if bad else 0)
PY
trib_keyed_s="$(seconds_between "$trib_start" "$trib_keyed")"
trib_final_s="$(seconds_between "$trib_keyed" "$trib_loaded")"
trib_s="$(seconds_between "$trib_start" "$trib_loaded")"
trib_verified_s="$(seconds_between "$trib_start" "$trib_verified")"
trib_total_mb="$(peak_mb tributary total)"
trib_pg_mb="$(peak_mb tributary postgres)"
rss_breakdown="$(python3 -c "
import json,sys; p=json.load(open(sys.argv[1]))
print(', '.join(f'{k} {round(p[k]/1024)} MB' for k in ('orchestrator-service','cdc-service','validator-service','kafka')))" "$work/rss-tributary.json")"
# The same typed tables as COPY's (types compared column by column).
if [[ "$tributary_only" == false ]]; then
  types_copy="$(column_types "$copy_db" public)"
  types_trib="$(column_types unified "$load_schema")"
  [[ "$types_copy" == "$types_trib" ]] || die "Tributary's target types differ from COPY's tables:
  Tributary: $types_trib
  COPY:      $types_copy"
fi
log "Tributary: loaded in ${trib_s}s (${trib_keyed_s}s until every table was copied and keyed + ${trib_final_s}s finalize), verified (validation MATCH) at ${trib_verified_s}s; peak RSS $trib_total_mb MB ($rss_breakdown)"
trib_cpu="$(cpu_used "$work/cpu-tributary-before.json" "$work/cpu-tributary-after.json")"
log "Tributary: CPU until loaded: $trib_cpu"
log "Tributary: ending the load migration (cutover, not timed)"
end_migration "$load_migration"
# --- the fallback window: the application writes on the target, each change goes back into the
# SQLite file; then a fallback (a cutover backwards) and its write pause
log "Fallback: 1,000 task updates, 200 agent renames, 100 embedding deletes on the target"
target_db_psql unified -q <<SQL
UPDATE "$load_schema".tasks SET status = 'reviewed' WHERE id IN (SELECT id FROM "$load_schema".tasks ORDER BY id LIMIT 1000);
UPDATE "$load_schema".agents SET name = name || ' (edited)' WHERE id IN (SELECT id FROM "$load_schema".agents ORDER BY id LIMIT 200);
DELETE FROM "$load_schema".embeddings WHERE id IN (SELECT id FROM "$load_schema".embeddings ORDER BY id LIMIT 100);
SQL
fb_deadline=$((SECONDS + 300))
until [[ "$(curl -sS "$TRIBUTARY_API/migrations/$load_migration/fallback" | python3 -c 'import json,sys; w=json.load(sys.stdin).get("window") or {}; print((w.get("appliedChanges") or 0) >= 1300)')" == True ]]; do
  ((SECONDS < fb_deadline)) || die "the 1,300 changes were not written back into the SQLite file within 300 s: $(curl -sS "$TRIBUTARY_API/migrations/$load_migration/fallback")"
  sleep 0.5
done
[[ "$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM tasks WHERE status = ?", ("reviewed",)).fetchone()[0])' "$work/tributary.db")" -ge 1000 ]] ||
  die "the SQLite file lacks the task updates made on the target"
migration_command "$load_migration" fallback
fallback_pause="$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r.get("writePauseMs"))' "$work/fallback.json")"
fallback_outcome="$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r.get("outcome"))' "$work/fallback.json")"
fallback_steps="$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(", ".join(f"{s['"'"'step'"'"']} {s['"'"'durationMs'"'"']} ms" for s in r.get("steps", [])))' "$work/fallback.json")"
[[ "$fallback_outcome" == fell_back ]] || die "the fallback ended $fallback_outcome: $(cat "$work/fallback.json")"
log "Fallback: write pause ${fallback_pause} ms ($fallback_steps)"
cleanup_items+=("file:$work/tributary.db")
fi

# ---------------------------------------------------------------------------------------------
# 5. CDC
# ---------------------------------------------------------------------------------------------
# cdc_run KIND: sets cdc_<kind>_* results.
cdc_run() {
  local kind="$1" migration="bench-cdc-$1-$stamp" schema="bench_cdc_$1_$stamp" src plan out expect rows seqsum
  local deadline got
  if [[ "$kind" == sqlite ]]; then
    src="$work/cdc.db"
    plan="  - name: app
    kind: sqlite
    path: $src
    schema: $schema"
  else
    local db="bench_cdc_$stamp"
    pg_psql pg-legacy -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
    cleanup_items+=("legacydb:$db")
    src="jdbc:postgresql://127.0.0.1:$TRIBUTARY_LEGACY_PG_PORT/$db?user=postgres&password=$TRIBUTARY_PG_PASSWORD&reWriteBatchedInserts=true"
    plan="  - name: app
    kind: postgres
    url: postgresql://postgres:$TRIBUTARY_PG_PASSWORD@127.0.0.1:$TRIBUTARY_LEGACY_PG_PORT/$db
    schema: $schema"
  fi
  tool SteadyChangeWriter "$src" 1000 1 "$work/cdc-$kind-seed.log" >/dev/null # the table, 1,000 rows
  printf 'migration: %s\nsources:\n%s\n' "$migration" "$plan" >"$work/cdc-$kind.yaml"
  post_plan "$work/cdc-$kind.yaml"
  cleanup_items+=("migration:$migration:$schema")
  wait_green "$migration" 300
  log "CDC $kind: writing $cdc_rate changes/s for $cdc_seconds s"
  sampler_start "cdc-$kind" --total "$tributary_total" "${tributary_groups[@]}"
  out="$(tool SteadyChangeWriter "$src" "$cdc_rate" "$cdc_seconds" "$work/cdc-$kind.log")"
  printf '%s\n' "$out" >"$work/cdc-$kind-writer.txt"
  expect="$(grep -o 'rows=[0-9]* seqsum=[0-9]*' <<<"$out")" || die "the writer printed no totals: $out"
  rows="${expect#rows=}"
  rows="${rows%% *}"
  seqsum="${expect##*seqsum=}"
  deadline=$((SECONDS + 600))
  until got="$(target_db_psql unified -tAc "SELECT count(*) || ' ' || coalesce(sum(seq), 0) FROM \"$schema\".cdc_events")" &&
    [[ "$got" == "$rows $seqsum" ]]; do
    ((SECONDS < deadline)) || die "CDC $kind: the target holds $got (rows, seq sum), not $rows $seqsum, 600 s after the writer stopped"
    sleep 0.2
  done
  sampler_stop
  # Latency of each row's last change: its target commit minus the writer's commit.
  target_db_psql unified -tA -F ' ' >"$work/cdc-$kind-latency.txt" <<SQL
CREATE TEMP TABLE w (first_seq bigint, last_seq bigint, committed_us bigint);
\\copy w FROM '$work/cdc-$kind.log' WITH (DELIMITER ' ')
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
  read -r changes measured p50 p95 p99 pmax sustained <"$work/cdc-$kind-latency.txt"
  [[ -n "${sustained:-}" ]] || die "CDC $kind: no latency computed ($(cat "$work/cdc-$kind-latency.txt"))"
  printf -v "cdc_${kind}_result" '%s' "$changes $measured $p50 $p95 $p99 $pmax $sustained"
  printf -v "cdc_${kind}_writer" '%s' "$(head -n1 <<<"$out")"
  printf -v "cdc_${kind}_rss" '%s' "$(peak_mb "cdc-$kind" total)"
  log "CDC $kind: $changes changes, sustained $sustained/s, latency p50 $p50 ms, p95 $p95 ms, p99 $p99 ms, max $pmax ms"
  end_migration "$migration"
}
if [[ "$tributary_only" == false ]]; then
  cdc_run sqlite
  cdc_run postgres
fi

# ---------------------------------------------------------------------------------------------
# Clean up
# ---------------------------------------------------------------------------------------------
bench_cleanup

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
read -r sq_changes sq_measured sq_p50 sq_p95 sq_p99 sq_max sq_rate <<<"$cdc_sqlite_result"
read -r pg_changes pg_measured pg_p50 pg_p95 pg_p99 pg_max pg_rate <<<"$cdc_postgres_result"
verdict() { python3 -c "import sys; print('met' if float(sys.argv[1]) <= float(sys.argv[2]) else 'NOT met')" "$1" "$2"; }
ratio_pgl="$(div "$trib_s" "$pgl_s" 2)"
ratio_copy="$(div "$trib_s" "$copy_s" 2)"
ratio_verified="$(div "$trib_verified_s" "$pgl_s" 2)"
# The target: at least 10,000 changes/s offered and kept up with (sustained within 1 % of the
# offered rate: a pipeline that falls behind shows a lower rate and a growing latency), p99 <= 500 ms.
cdc_verdict() {
  python3 -c "import sys; r, p, o = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]); print('met' if o >= 10000 and r >= 0.99 * o and p <= 500 else 'NOT met')" "$1" "$2" "$cdc_rate"
}
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
report="$BENCH_DIR/results/run-$size-$(date -u +%Y%m%d-%H%M%S).md"
cat >"$report" <<MD
# Tributary vs pgloader vs COPY — $size size, $(date -u '+%Y-%m-%d %H:%M UTC')

Machine: $(nproc) cores ($cpu), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr); PostgreSQL
$(pg_psql pg-unified -d unified -tAc 'SHOW server_version' | cut -d' ' -f1) (shared_buffers 128MB, fsync on, max_wal_size 8GB), Kafka $TRIBUTARY_KAFKA_VERSION (single node),
Java $(java -version 2>&1 | head -n1 | cut -d'"' -f2), $(pgloader --version | head -n1). Everything runs on this one machine.
Dataset: SQLite, $(fmt_int "$agents") agents + $(fmt_int "$tasks") tasks + $(fmt_int "$embeddings") embeddings = $(fmt_int "$total_rows") rows, $dataset_mb MB
(\`BenchDataset\`, seed 002's shape plus 384-dim float32 vectors). Every target: uuid, jsonb, timestamptz, vector(384).
MB/s = the SQLite file's size / wall time. Command: \`bench/run.sh --size $size --cdc-rate $cdc_rate --cdc-seconds $cdc_seconds\`.

## Full load

| run | wall time | rows/s | MB/s | peak memory |
|---|---:|---:|---:|---|
| **Tributary loaded** (capture → Kafka → apply by COPY, keys built; then finalize: indexes, foreign keys, ANALYZE) | **${trib_s} s** | $(fmt_int "$(div "$total_rows" "$trib_s" 1)") | $(div "$dataset_mb" "$trib_s" 1) | Tributary $trib_total_mb MB ($rss_breakdown); PostgreSQL $trib_pg_mb MB |
| — until every table was copied and keyed (REPLICATING) | ${trib_keyed_s} s | $(fmt_int "$(div "$total_rows" "$trib_keyed_s" 1)") | $(div "$dataset_mb" "$trib_keyed_s" 1) | |
| — finalize | ${trib_final_s} s | | | |
| **Tributary verified** (validation MATCH on every table, from the start) | **${trib_verified_s} s** | | | |
| pgloader (CAST rules, vectors through a Lisp transform) | ${pgl_s} s | $(fmt_int "$(div "$total_rows" "$pgl_s" 1)") | $(div "$dataset_mb" "$pgl_s" 1) | pgloader $pgl_mb MB; PostgreSQL $pgl_pg_mb MB |
| COPY binary into bare tables + keys, indexes, foreign keys | ${copy_s} s | $(fmt_int "$(div "$total_rows" "$copy_s" 1)") | $(div "$dataset_mb" "$copy_s" 1) | PostgreSQL $copy_pg_mb MB |
| — COPY alone ($copy_mb MB of COPY files, exported in ${export_s} s, not counted) | ${copy_load_s} s | $(fmt_int "$(div "$total_rows" "$copy_load_s" 1)") | | |
| — primary keys, indexes, foreign keys | ${copy_index_s} s | | | |

| ratio | value | target | |
|---|---:|---:|---|
| Tributary loaded / pgloader | $ratio_pgl | ≤ 0.67 | $(verdict "$ratio_pgl" 0.67) |
| Tributary loaded / COPY | $ratio_copy | ≤ 3 | $(verdict "$ratio_copy" 3) |
| Tributary verified / pgloader | $ratio_verified | ≤ 1.0 | $(verdict "$ratio_verified" 1.0) |
| Tributary peak RSS (3 services + Kafka) | $trib_total_mb MB | ≤ 1,536 MB | $(verdict "$trib_total_mb" 1536) |
| Fallback write pause (after 1,300 changes made on the target and written back) | ${fallback_pause:-?} ms | ≤ 1,000 ms | $(verdict "${fallback_pause:-999999}" 1000) |

Fallback steps: ${fallback_steps:-not run}.

Where the cores went (bench/lib/cpu.py, user + system CPU seconds per process group; the machine
has $(nproc) cores; processes that ended during the load, like short-lived PostgreSQL backends, are
not counted): Tributary from the POST until loaded: $trib_cpu.

## CDC at $(fmt_int "$cdc_rate") changes/s for $cdc_seconds s (70 % inserts, 30 % updates, ~200-byte rows)

| source | changes | sustained changes/s | latency p50 | p95 | p99 | max | Tributary peak RSS | target (≥ 10,000/s, p99 ≤ 500 ms) |
|---|---:|---:|---:|---:|---:|---:|---:|---|
| SQLite (WAL) | $(fmt_int "$sq_changes") | $(fmt_int "$sq_rate") | $sq_p50 ms | $sq_p95 ms | $sq_p99 ms | $sq_max ms | $cdc_sqlite_rss MB | $(cdc_verdict "$sq_rate" "$sq_p99") |
| PostgreSQL | $(fmt_int "$pg_changes") | $(fmt_int "$pg_rate") | $pg_p50 ms | $pg_p95 ms | $pg_p99 ms | $pg_max ms | $cdc_postgres_rss MB | $(cdc_verdict "$pg_rate" "$pg_p99") |

Latency = the target commit of a row's last change (\`pg_xact_commit_timestamp\`) minus the writer's
clock just after the source commit returned, over each row's last change ($(fmt_int "$sq_measured") and
$(fmt_int "$pg_measured") changes measured; an update folded into an earlier change by apply is not).
Sustained = changes / (last target commit − first source commit): it cannot exceed the offered rate,
and stays within 1 % of it only when replication keeps up (the target is met at ≥ 10,000 offered,
sustained within 1 % of it, p99 ≤ 500 ms). Writers: SQLite — $cdc_sqlite_writer;
PostgreSQL — $cdc_postgres_writer.

Whole run: $((SECONDS - bench_started)) s.
MD
cat "$report"
log "report: ${report#"$TRIBUTARY_ROOT"/}"
