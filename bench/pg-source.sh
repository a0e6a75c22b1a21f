#!/usr/bin/env bash
# Benchmark: the full load of a PostgreSQL source (the runtime's legacy cluster) into the unified
# PostgreSQL, Tributary side by side with what a user would pick instead, on one dataset, in one run.
#
#   bench/pg-source.sh [--size quick|full] [--runs N] [--keep] [--no-build] [--peers LIST]
#
#   --size full (default): messages 1,000,000 rows, passages 50,000 rows with vector(1536) (~1 GB)
#   --size quick:          1/50 of that (20,000 + 1,000 rows)
#   --runs N               runs of every peer (default 3, quick 1), interleaved: every peer of run 1,
#                          then of run 2, ...; the report gives every run and the median
#   --keep                 keep the target databases, schema, topics and connectors' topics
#                          (default: removed; the dataset database is always kept)
#   --no-build             run the services as they are, even when the sources are newer than
#                          their jars (default: rebuild them then, as bench/run.sh does)
#   --peers LIST           a comma-separated subset of pg_dump,pgcopydb,debezium,tributary (default all)
#
# The dataset, Letta-shaped, generated once per size with generate_series (the same size gives the
# same rows) in the legacy database bench_pgsrc_<size>: messages (id 'message-<uuid>', agent_id,
# role, ~300-character text, jsonb content, created_at timestamptz) and passages (id, ~300
# characters of text, jsonb metadata, embedding vector(1536)), primary keys only.
# Each peer loads it into a fresh database of the unified cluster (Tributary: a fresh schema of
# its `unified` database), timed wall-clock, every process it runs sampled for peak memory
# (bench/lib/rss.py: RSS of the tools; PSS of both PostgreSQL servers) and its CPU time per row
# counted (bench/lib/cpu.py: the tool's processes, the Kafka Connect worker, Tributary's services,
# Kafka, and each PostgreSQL cluster's server processes apart):
#   1. pg_dump -Fd -j 2, then pg_restore -j 2 (PostgreSQL 15's own binaries);
#   2. pgcopydb clone --table-jobs 2 --index-jobs 2 (Debian's pgcopydb, installed if missing);
#   3. Debezium's PostgreSQL connector + Debezium's JDBC sink (3.4.3.Final, their plugin archives)
#      on a Kafka Connect 4.1.1 worker, all from Maven Central (bench/connect/, bench/lib/connect.sh),
#      against the runtime's Kafka: from the
#      source connector's creation until the target holds every row (count poll); upserts by the
#      record key into tables made by pg_dump --schema-only from the source (same types as the
#      others); if the sink cannot write them, again into tables it creates itself (its
#      schema.evolution=basic), both told in the report;
#   4. Tributary: the database as a migration of kind postgres, timed until every table is loaded
#      (target counts equal the source's and the migration REPLICATING: snapshots applied, keys
#      built) and until every table validates MATCH; then cut over (not timed) to end its capture.
# Every target is then compared with the source: row counts and a checksum of every value of
# every row (text forms after casting to the source's types). The report goes to
# bench/results/pg-source-<size>-<time>.md.
set -euo pipefail
bench_command="bench/pg-source.sh$(printf ' %q' "$@")"
export TRIBUTARY_LOG_PREFIX=bench
# shellcheck source-path=SCRIPTDIR source=../deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/local/lib.sh"

size=full
runs=""
keep=false
build=true
peers="pg_dump,pgcopydb,debezium,tributary"
usage="usage: bench/pg-source.sh [--size quick|full] [--runs N] [--keep] [--no-build] [--peers pg_dump,pgcopydb,debezium,tributary]"
while (($#)); do
  case "$1" in
    --size) size="${2:?--size needs quick or full}"; shift 2 ;;
    --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
    --keep) keep=true; shift ;;
    --no-build) build=false; shift ;;
    --peers) peers="${2:?--peers needs a list}"; shift 2 ;;
    -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown option '$1' ($usage)" ;;
  esac
done
case "$size" in
  full) messages=1000000 passages=50000 default_runs=3 ;;
  quick) messages=20000 passages=1000 default_runs=1 ;;
  *) die "--size must be quick or full, not '$size'" ;;
esac
runs="${runs:-$default_runs}"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer, not '$runs'"
declare -A run_peer=()
IFS=, read -r -a peer_list <<<"$peers"
for p in "${peer_list[@]}"; do
  case "$p" in
    pg_dump | pgcopydb | debezium | tributary) run_peer[$p]=1 ;;
    *) die "--peers: unknown peer '$p' (pg_dump, pgcopydb, debezium, tributary)" ;;
  esac
done
((${#run_peer[@]})) || die "--peers names no peer"
total_rows=$((messages + passages))
bench_started=$SECONDS
bench_loadavg_start="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------------------------------------
# Runtime, tools
# ---------------------------------------------------------------------------------------------
"$TRIBUTARY_LOCAL_DIR/setup.sh" >/dev/null
command -v python3 >/dev/null || die "python3 is needed for the memory sampler (bench/lib/rss.py)"
if [[ -n "${run_peer[pgcopydb]:-}" ]] && ! command -v pgcopydb >/dev/null; then
  # As setup.sh --bench installs pgloader (Debian bookworm has pgcopydb 0.10).
  sudo_cmd=()
  if [[ "$(id -u)" -ne 0 ]]; then
    command -v sudo >/dev/null || die "pgcopydb is not installed and installing it needs root: apt-get install pgcopydb"
    sudo_cmd=(sudo)
  fi
  log "installing pgcopydb (apt-get install pgcopydb)"
  mkdir -p "$TRIBUTARY_LOG_DIR"
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends pgcopydb \
    >"$TRIBUTARY_LOG_DIR/pgcopydb-install.log" 2>&1 ||
    die "apt-get install pgcopydb failed (log: $TRIBUTARY_LOG_DIR/pgcopydb-install.log; apt-get update first?)"
  command -v pgcopydb >/dev/null || die "pgcopydb is still not on PATH after apt-get install pgcopydb"
fi
if [[ "$build" == true ]]; then
  tributary_build_if_stale
else
  # No build; but services started before their jar was rebuilt (by someone else's build) would
  # run a mix of old and new classes: up.sh starts them again on the jars as they are.
  tributary_jars_stale && warn "--no-build: the services' jars are older than their sources; measuring the jars as built"
  tributary_stop_older_than_jars
fi
"$TRIBUTARY_LOCAL_DIR/up.sh" >/dev/null
tributary_load_endpoints
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$TRIBUTARY_ROOT/bench/lib/common.sh"
# shellcheck source-path=SCRIPTDIR source=lib/connect.sh
source "$TRIBUTARY_ROOT/bench/lib/connect.sh"
bench_keep="$keep"
[[ -n "${run_peer[tributary]:-}" ]] && warn_other_migrations

stamp="$(date -u +%Y%m%d%H%M%S)"
work="$TRIBUTARY_RUN_DIR/bench/pg-source-$stamp"
mkdir -p "$work"
pg_target_pid="$(pg_running_pid pg-unified)"
pg_legacy_pid="$(pg_running_pid pg-legacy)"
postgres_group="postgres=pss:tree:$pg_legacy_pid,tree:$pg_target_pid"
# bench/lib/cpu.py groups: the two clusters (every server process, backends that ended included),
# and every core's busy time
cpu_clusters=("PostgreSQL source=tree:$pg_legacy_pid" "PostgreSQL target=tree:$pg_target_pid" "machine (all processes)=machine")
export PGPASSWORD="$TRIBUTARY_PG_PASSWORD" # pg_dump, pg_restore over TCP

trap bench_on_exit EXIT

# ---------------------------------------------------------------------------------------------
# 1. Dataset
# ---------------------------------------------------------------------------------------------
src_db="bench_pgsrc_$size"
if ! db_exists pg-legacy "$src_db"; then
  log "generating the dataset in pg-legacy database $src_db ($(fmt_int "$messages") messages, $(fmt_int "$passages") passages with vector(1536))"
  gen_db="${src_db}_generating"
  fresh_db pg-legacy "$gen_db" --vector
  legacy_db_psql "$gen_db" -q <<SQL
CREATE TABLE messages (
  id text PRIMARY KEY,
  agent_id text NOT NULL,
  role text NOT NULL,
  text text,
  content jsonb,
  created_at timestamptz NOT NULL
);
CREATE TABLE passages (
  id text PRIMARY KEY,
  text text NOT NULL,
  metadata jsonb,
  embedding vector(1536)
);
INSERT INTO messages
SELECT 'message-' || md5('m' || g)::uuid,
       'agent-' || md5('a' || g % 500)::uuid,
       (ARRAY['user', 'assistant', 'system', 'tool'])[1 + g % 4],
       b.body,
       jsonb_build_array(jsonb_build_object('type', 'text', 'text', left(b.body, 120))),
       timestamptz '2025-01-01 00:00:00+00' + g * interval '250 milliseconds'
  FROM generate_series(1, $messages) g,
       LATERAL (SELECT left(repeat(md5(g::text) || ' ' || md5((g * 7)::text) || ' ', 5), 300) AS body) b;
INSERT INTO passages
SELECT 'passage-' || md5('p' || g)::uuid,
       left(repeat(md5('p' || g) || ' ' || md5('q' || g) || ' ', 5), 300),
       jsonb_build_object('source', 'doc-' || g % 97, 'page', g % 300,
                          'tags', jsonb_build_array('t' || g % 7, 't' || g % 11)),
       (SELECT array_agg(sin(g * 0.37 + i * 0.011)::real ORDER BY i) FROM generate_series(1, 1536) i)::vector
  FROM generate_series(1, $passages) g;
VACUUM (ANALYZE) messages, passages;
SQL
  pg_psql pg-legacy -d postgres -c "ALTER DATABASE \"$gen_db\" RENAME TO \"$src_db\"" >/dev/null
fi
src_counts="$(legacy_db_psql "$src_db" -tAc "SELECT (SELECT count(*) FROM messages) || ' ' || (SELECT count(*) FROM passages)")"
[[ "$src_counts" == "$messages $passages" ]] ||
  die "pg-legacy database $src_db holds $src_counts rows, not $messages $passages: drop it (DROP DATABASE $src_db) and run again"
src_mb="$(legacy_db_psql "$src_db" -tAc "SELECT round(pg_database_size(current_database()) / 1048576.0)")"
log "dataset: $(fmt_int "$total_rows") rows, $src_mb MB (pg-legacy database $src_db)"

# Checksums: per table, count and the sum of a 60-bit hash of every row's values as text, each
# value cast to the source's type first (a target whose column has another type, say json or a
# float array, compares by the same text).
declare -A row_text=(
  [messages]="concat_ws('|', id::text, agent_id::text, role::text, \"text\"::text, content::jsonb::text, created_at::timestamptz::text)"
  [passages]="concat_ws('|', id::text, \"text\"::text, metadata::jsonb::text, embedding::vector::text)"
)
# table_checksum CLUSTER DB SCHEMA TABLE: "rows sum"
table_checksum() {
  pg_psql "$1" -d "$2" -tAc "SELECT count(*) || ' ' || coalesce(sum(('x' || substr(md5(${row_text[$4]}), 1, 15))::bit(60)::bigint), 0) FROM \"$3\".\"$4\""
}
declare -A src_sum=()
for t in messages passages; do
  src_sum[$t]="$(table_checksum pg-legacy "$src_db" public "$t")"
done

# verify NAME CLUSTER DB SCHEMA: compares a peer's target with the source; sets verified[NAME]
# ("1,050,000 (counts and checksums equal)" or what differs), col_types[NAME] and pkeys[NAME].
declare -A verified=() col_types=() pkeys=()
verify() {
  local name="$1" cluster="$2" db="$3" schema="$4" t got ok=0 bad=()
  for t in messages passages; do
    got="$(table_checksum "$cluster" "$db" "$schema" "$t" 2>&1)" || got="error: $got"
    if [[ "$got" == "${src_sum[$t]}" ]]; then
      ok=$((ok + ${got%% *}))
    else
      bad+=("$t: $got, source ${src_sum[$t]}")
    fi
  done
  if ((${#bad[@]} == 0)); then
    verified[$name]="$(fmt_int "$ok") (counts and checksums equal)"
  else
    verified[$name]="$(fmt_int "$ok") equal; DIFFERENT: ${bad[*]}"
    warn "$name: the target differs from the source: ${bad[*]}"
  fi
  col_types[$name]="$(column_types "$cluster" "$db" "$schema")"
  pkeys[$name]="$(primary_keys "$cluster" "$db" "$schema")"
}

# ---------------------------------------------------------------------------------------------
# 2. pg_dump -Fd -j 2 + pg_restore -j 2
# ---------------------------------------------------------------------------------------------
# dump_steps DIR DB: pg_dump into DIR, then pg_restore into DB (writes DIR.done between them).
dump_steps() {
  "$TRIBUTARY_PG_BIN/pg_dump" -h 127.0.0.1 -p "$TRIBUTARY_LEGACY_PG_PORT" -U postgres -d "$src_db" -Fd -j 2 -f "$1"
  now >"$1.done"
  "$TRIBUTARY_PG_BIN/pg_restore" -h 127.0.0.1 -p "$TRIBUTARY_TARGET_PG_PORT" -U postgres -d "$2" -j 2 "$1"
}
# dump_run RUN
dump_run() {
  local run="$1" dump_db="bench_pgsrc_dump_${stamp}_r$1" dir="$work/dump" start end rc=0 pid dump_mb
  fresh_db pg-unified "$dump_db"
  cleanup_items+=("targetdb:$dump_db")
  log "pg_dump + pg_restore, run $run: $("$TRIBUTARY_PG_BIN/pg_dump" --version), into database $dump_db"
  settle_clusters
  cpu_snapshot start
  start="$(now)"
  (counted "$work/pg_dump.ticks" dump_steps "$dir" "$dump_db") >"$work/pg_dump.log" 2>&1 &
  pid=$!
  sampler_start "pg_dump-r$run" "tools=tree:$pid" "$postgres_group"
  wait "$pid" || rc=$?
  end="$(now)"
  cpu_snapshot end
  sampler_stop
  if ((rc != 0)); then
    show_log_tail "$work/pg_dump.log"
    die "pg_dump/pg_restore exited with $rc (log: $work/pg_dump.log)"
  fi
  dump_mb="$(du -sm "$dir" | cut -f1)"
  cpu_record pg_dump "$run" start end "pg_dump + pg_restore=ticks:$work/pg_dump.ticks" "${cpu_clusters[@]}"
  verify pg_dump pg-unified "$dump_db" public
  record pg_dump "$run" "rows=$total_rows" "s=$(seconds_between "$start" "$end")" "load=$(load15)" \
    "dump_s=$(seconds_between "$start" "$(cat "$dir.done")")" "restore_s=$(seconds_between "$(cat "$dir.done")" "$end")" \
    "files_mb=$dump_mb" "tool_mb=$(peak_mb "pg_dump-r$run" tools)" "pg_mb=$(peak_mb "pg_dump-r$run" postgres)" \
    "verified=${verified[pg_dump]}"
  rm -rf "$dir" "$dir.done"
  log "pg_dump + pg_restore, run $run: $(seconds_between "$start" "$end")s ($dump_mb MB of dump files); ${verified[pg_dump]}"
}

# ---------------------------------------------------------------------------------------------
# 3. pgcopydb clone
# ---------------------------------------------------------------------------------------------
# copydb_run RUN
copydb_run() {
  local run="$1" copydb_db="bench_pgsrc_pgcopydb_${stamp}_r$1" start end rc=0 pid
  fresh_db pg-unified "$copydb_db"
  cleanup_items+=("targetdb:$copydb_db")
  log "pgcopydb ${copydb_version:-?} clone, run $run, into database $copydb_db"
  settle_clusters
  cpu_snapshot start
  start="$(now)"
  # The URIs through the environment (pgcopydb's own variables): no password in the process list.
  (
    export PATH="$TRIBUTARY_PG_BIN:$PATH" \
      PGCOPYDB_SOURCE_PGURI="postgresql://postgres:$TRIBUTARY_PG_PASSWORD@127.0.0.1:$TRIBUTARY_LEGACY_PG_PORT/$src_db" \
      PGCOPYDB_TARGET_PGURI="postgresql://postgres:$TRIBUTARY_PG_PASSWORD@127.0.0.1:$TRIBUTARY_TARGET_PG_PORT/$copydb_db"
    counted "$work/pgcopydb.ticks" pgcopydb clone --dir "$work/pgcopydb" --table-jobs 2 --index-jobs 2
  ) >"$work/pgcopydb.log" 2>&1 &
  pid=$!
  sampler_start "pgcopydb-r$run" "tools=tree:$pid" "$postgres_group"
  wait "$pid" || rc=$?
  end="$(now)"
  cpu_snapshot end
  sampler_stop
  if ((rc != 0)); then
    show_log_tail "$work/pgcopydb.log"
    die "pgcopydb clone exited with $rc (log: $work/pgcopydb.log)"
  fi
  rm -rf "$work/pgcopydb"
  cpu_record pgcopydb "$run" start end "pgcopydb (with its pg_dump, pg_restore)=ticks:$work/pgcopydb.ticks" "${cpu_clusters[@]}"
  verify pgcopydb pg-unified "$copydb_db" public
  record pgcopydb "$run" "rows=$total_rows" "s=$(seconds_between "$start" "$end")" "load=$(load15)" \
    "tool_mb=$(peak_mb "pgcopydb-r$run" tools)" "pg_mb=$(peak_mb "pgcopydb-r$run" postgres)" "verified=${verified[pgcopydb]}"
  log "pgcopydb, run $run: $(seconds_between "$start" "$end")s; ${verified[pgcopydb]}"
}

# ---------------------------------------------------------------------------------------------
# 4. Debezium PostgreSQL connector + JDBC sink on Kafka Connect
# ---------------------------------------------------------------------------------------------
# dbz_attempt MODE RUN: one load; MODE precreate (the target tables made from the source's DDL) or
# sink (the sink makes them). Records the run as debezium-MODE; sets dbz_failure (why) when a
# connector failed, else leaves it empty.
dbz_attempt() {
  local mode="$1" run="$2" db="bench_pgsrc_dbz_${1}_${stamp}_r$2" name="dbz_${stamp}_$1_r$2" rc=0 t0 t1
  local prefix="$name" source_json="$work/dbz-$1-source.json" sink_json="$work/dbz-$1-sink.json" tool="debezium-$1"
  dbz_failure=""
  fresh_db pg-unified "$db" --vector
  cleanup_items+=("targetdb:$db" "topics:${prefix}\\..*" "group:connect-$name-sink")
  if [[ "$mode" == precreate ]]; then
    "$TRIBUTARY_PG_BIN/pg_dump" -h 127.0.0.1 -p "$TRIBUTARY_LEGACY_PG_PORT" -U postgres -d "$src_db" \
      --schema-only -t public.messages -t public.passages >"$work/dbz-schema.sql"
    target_db_psql "$db" -q -f "$work/dbz-schema.sql" >/dev/null
  fi
  create_topics 1 "$prefix.public.messages" "$prefix.public.passages"
  connect_render "$BENCH_DIR/connect/jdbc-sink.json.in" "$sink_json" "NAME=$name-sink" "TASKS=2" \
    "TOPICS=$prefix.public.messages,$prefix.public.passages" "PG_PORT=$TRIBUTARY_TARGET_PG_PORT" \
    "DB=$db" "PG_PASSWORD=$TRIBUTARY_PG_PASSWORD" "BATCH_SIZE=$connect_batch_size"
  connect_render "$BENCH_DIR/connect/pg-source.json.in" "$source_json" "NAME=$name-source" \
    "PG_PORT=$TRIBUTARY_LEGACY_PG_PORT" "PG_PASSWORD=$TRIBUTARY_PG_PASSWORD" "DB=$src_db" \
    "TOPIC_PREFIX=$prefix" "SLOT=$name" "PUBLICATION=$name" \
    "TABLES=public.messages,public.passages" "SNAPSHOT_THREADS=2"
  # The sink first (not timed: it idles until the topics fill)
  connect_create "$sink_json"
  connect_wait_state "$name-sink" RUNNING 120
  settle_clusters
  log "Debezium ($mode tables), run $run: creating the source connector $name-source"
  sampler_start "dbz-$mode-r$run" --total connect,kafka "connect=$connect_pid" "kafka=$kafka_pid" "$postgres_group"
  cpu_snapshot start
  t0="$(now)"
  connect_create "$source_json"
  connect_check_names=("$name-source" "$name-sink")
  wait_rows pg-unified "$db" public 7200 connect_check "messages=$messages" "passages=$passages" || rc=$?
  t1="$(now)"
  cpu_snapshot end
  sampler_stop
  connect_delete "$name-source"
  connect_delete "$name-sink"
  drop_debezium_source "$src_db" "$name" "$name"
  if ((rc != 0)); then
    dbz_failure="$pipeline_failure (after $(seconds_between "$t0" "$t1") s)"
    warn "Debezium ($mode tables) failed: $dbz_failure"
    return 0
  fi
  cpu_record "$tool" "$run" start end "Kafka Connect worker=tree:$connect_pid" "kafka=tree:$kafka_pid" "${cpu_clusters[@]}"
  verify "dbz_$mode" pg-unified "$db" public
  record "$tool" "$run" "rows=$total_rows" "s=$(seconds_between "$t0" "$t1")" "load=$(load15)" \
    "tool_mb=$(peak_mb "dbz-$mode-r$run" total)" "pg_mb=$(peak_mb "dbz-$mode-r$run" postgres)" \
    "rss_note=Connect worker $(peak_mb "dbz-$mode-r$run" connect) MB, Kafka $(peak_mb "dbz-$mode-r$run" kafka) MB" \
    "verified=${verified[dbz_$mode]}"
  log "Debezium ($mode tables), run $run: $(seconds_between "$t0" "$t1")s; ${verified[dbz_$mode]}"
}

# dbz_run RUN: into the source's types, or (once that failed, in this run or before) into tables
# the sink creates.
dbz_modes=()
dbz_precreate_failure=""
dbz_sink_failure=""
dbz_run() {
  # (not in an `if`: errexit must stay on inside)
  if [[ -z "$dbz_precreate_failure" ]]; then
    dbz_attempt precreate "$1"
    dbz_precreate_failure="$dbz_failure"
    if [[ -z "$dbz_precreate_failure" ]]; then
      [[ " ${dbz_modes[*]} " == *" precreate "* ]] || dbz_modes+=(precreate)
      return 0
    fi
    log "Debezium: failed into the source's types; again with tables the sink creates"
  fi
  [[ -z "$dbz_sink_failure" ]] || return 0
  dbz_attempt sink "$1"
  dbz_sink_failure="$dbz_failure"
  if [[ -z "$dbz_sink_failure" && " ${dbz_modes[*]} " != *" sink "* ]]; then dbz_modes+=(sink); fi
}

# ---------------------------------------------------------------------------------------------
# 5. Tributary
# ---------------------------------------------------------------------------------------------
# tributary_run RUN
tributary_run() {
  local run="$1" trib_migration="bench-pgsrc-$stamp-r$1" trib_schema="bench_pgsrc_${stamp}_r$1" start loaded green cut_start breakdown
  cat >"$work/plan.yaml" <<PLAN
migration: $trib_migration
sources:
  - name: letta
    kind: postgres
    url: postgresql://postgres:$TRIBUTARY_PG_PASSWORD@127.0.0.1:$TRIBUTARY_LEGACY_PG_PORT/$src_db
    schemas: { public: $trib_schema }
PLAN
  log "Tributary, run $run: migration $trib_migration into schema $trib_schema"
  settle_clusters
  sampler_start "tributary-r$run" --total "$tributary_total" "${tributary_groups[@]}" "$postgres_group"
  cpu_snapshot start
  start="$(now)"
  post_plan "$work/plan.yaml"
  cleanup_items+=("migration:$trib_migration:$trib_schema")
  tributary_migration="$trib_migration"
  # Loaded: the target's counts equal the source's, and the migration is REPLICATING (every table's
  # snapshot captured and applied; a snapshot applied by COPY into a table without its key has its
  # key built by then).
  wait_rows pg-unified unified "$trib_schema" 7200 migration_check "messages=$messages" "passages=$passages" ||
    die "$pipeline_failure"
  wait_migration_state "$trib_migration" REPLICATING 7200
  loaded="$(now)"
  cpu_snapshot loaded
  record tributary "$run" "load_loaded=$(load15)"
  wait_green "$trib_migration" 7200
  green="$(now)"
  sampler_stop
  cpu_record tributary "$run" start loaded "${cpu_tributary[@]}" "${cpu_clusters[@]}"
  breakdown="$(python3 -c "
import json,sys; p=json.load(open(sys.argv[1]))
print(', '.join(f'{k} {round(p.get(k, 0)/1024)} MB' for k in ('orchestrator-service','cdc-service','validator-service','kafka')))" "$work/rss-tributary-r$run.json")"
  verify tributary pg-unified unified "$trib_schema"
  log "Tributary, run $run: loaded in $(seconds_between "$start" "$loaded")s, every table MATCH after $(seconds_between "$start" "$green")s; peak RSS $(peak_mb "tributary-r$run" total) MB ($breakdown); ${verified[tributary]}"
  log "Tributary, run $run: ending the migration (cutover, not timed)"
  cut_start=$SECONDS
  end_migration "$trib_migration"
  record tributary "$run" "rows=$total_rows" "s=$(seconds_between "$start" "$loaded")" "green_s=$(seconds_between "$start" "$green")" \
    "load=$(load15)" "tool_mb=$(peak_mb "tributary-r$run" total)" "rss_note=$breakdown" "pg_mb=$(peak_mb "tributary-r$run" postgres)" \
    "verified=${verified[tributary]}" "cutover_s=$((SECONDS - cut_start))"
}

# ---------------------------------------------------------------------------------------------
# The runs: every peer of run 1, then of run 2, ...
# ---------------------------------------------------------------------------------------------
if [[ -n "${run_peer[pgcopydb]:-}" ]]; then
  copydb_version="$(pgcopydb --version 2>&1 | sed -n 's/^pgcopydb version \([^ ]*\).*/\1/p' | head -n1)"
fi
if [[ -n "${run_peer[debezium]:-}" || -n "${run_peer[tributary]:-}" ]]; then
  tributary_pids # kafka_pid; Tributary's services
  cpu_tributary=()
  for g in "${tributary_groups[@]}"; do cpu_tributary+=("${g%%=*}=tree:${g#*=}"); done
fi
if [[ -n "${run_peer[debezium]:-}" ]]; then
  connect_group="bench-connect-$stamp"
  connect_start "$connect_group"
  dbz_versions="$(connect_versions)"
fi
for ((run = 1; run <= runs; run++)); do
  log "run $run of $runs"
  if [[ -n "${run_peer[pg_dump]:-}" ]]; then dump_run "$run"; fi
  if [[ -n "${run_peer[pgcopydb]:-}" ]]; then copydb_run "$run"; fi
  if [[ -n "${run_peer[debezium]:-}" ]]; then dbz_run "$run"; fi
  if [[ -n "${run_peer[tributary]:-}" ]]; then tributary_run "$run"; fi
  # each run's databases, schema and topics go before the next (the worker's topics at the end)
  bench_cleanup
done
if [[ -n "${run_peer[debezium]:-}" ]]; then
  connect_stop
  cleanup_items+=("topics:$connect_group-.*" "group:$connect_group")
fi

# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------
peer_labels=()
ratios=()
types=()
if [[ -n "${run_peer[tributary]:-}" ]]; then
  peer_labels+=("tributary=Tributary (capture → Kafka → apply)")
  types+=("- Tributary: ${col_types[tributary]}; primary keys ${pkeys[tributary]}")
fi
if [[ -n "${run_peer[pg_dump]:-}" ]]; then
  peer_labels+=("pg_dump=pg_dump -Fd -j 2 + pg_restore -j 2")
  types+=("- pg_dump + pg_restore: ${col_types[pg_dump]}; primary keys ${pkeys[pg_dump]}")
fi
if [[ -n "${run_peer[pgcopydb]:-}" ]]; then
  peer_labels+=("pgcopydb=pgcopydb ${copydb_version:-} clone --table-jobs 2 --index-jobs 2")
  types+=("- pgcopydb: ${col_types[pgcopydb]}; primary keys ${pkeys[pgcopydb]}")
fi
for mode in "${dbz_modes[@]}"; do
  case "$mode" in
    precreate) what="into tables made from the source's DDL" ;;
    sink) what="into tables the sink created (schema.evolution=basic)" ;;
  esac
  peer_labels+=("debezium-$mode=Debezium PostgreSQL connector + JDBC sink on Kafka Connect, $what")
  types+=("- Debezium + JDBC sink ($mode): ${col_types[dbz_$mode]}; primary keys ${pkeys[dbz_$mode]}")
done
if [[ -n "${run_peer[tributary]:-}" ]]; then
  for label in "${peer_labels[@]}"; do
    peer="${label%%=*}"
    [[ "$peer" == tributary ]] && continue
    ratios+=("$(runs_report ratio "${label#*=} ÷ Tributary loaded" "$peer.s/tributary.s" x)")
    ratios+=("$(runs_report ratio "${label#*=} ÷ Tributary MATCH" "$peer.s/tributary.green_s" x)")
  done
fi
dbz_note=""
if [[ -n "${run_peer[debezium]:-}" ]]; then
  if [[ -n "${dbz_precreate_failure:-}" && -n "${dbz_sink_failure:-}" ]]; then
    dbz_note="Debezium FAILED both ways. Into tables with the source's types (made by pg_dump --schema-only): $dbz_precreate_failure. Into tables the sink creates (schema.evolution=basic): $dbz_sink_failure."
  elif [[ -n "${dbz_precreate_failure:-}" ]]; then
    dbz_note="The Debezium pipeline could NOT load into tables with the source's types (made by pg_dump --schema-only): $dbz_precreate_failure. The Debezium rows above are the runs into tables the sink created itself; see their types below."
  else
    dbz_note="The JDBC sink wrote into tables made from the source's DDL (pg_dump --schema-only: the same types and primary keys as the source, vector(1536) included)."
  fi
  dbz_note="$dbz_note Jars: $dbz_versions (bench/connect/pom.xml). Worker: distributed mode, one worker for every run, JsonConverter with schemas, heap ${TRIBUTARY_CONNECT_JAVA_OPTS:--Xms256m -Xmx2g (as connect-distributed.sh)}. Source: pgoutput, snapshot.mode=initial, snapshot.max.threads=2, one topic per table (1 partition, created beforehand). Sink: tasks.max=2, insert.mode=upsert, primary.key.mode=record_key, delete.enabled=true, schema.evolution=basic, batch.size=$connect_batch_size (consumer.max.poll.records=$connect_batch_size; both 500 by default); created before the source connector and not timed. Timed from the source connector's creation until the target's row counts equal the source's (polled every 0.5 s)."
fi
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
report="$BENCH_DIR/results/pg-source-$size-$(date -u +%Y%m%d-%H%M%S).md"
{
  cat <<MD
# PostgreSQL source, full load: Tributary vs pg_dump/pg_restore vs pgcopydb vs Debezium — $size size, $runs run(s), $(date -u '+%Y-%m-%d %H:%M UTC')

Machine: $(nproc) cores ($cpu), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr); PostgreSQL
$(pg_psql pg-unified -d unified -tAc 'SHOW server_version' | cut -d' ' -f1) source and target clusters on this machine (shared_buffers 128MB, fsync on), Kafka $TRIBUTARY_KAFKA_VERSION (single node),
Java $(java -version 2>&1 | head -n1 | cut -d'"' -f2). Everything runs on this one machine.
Dataset (Letta-shaped, pg-legacy database \`$src_db\`, $src_mb MB): messages $(fmt_int "$messages") rows (text ids \`message-<uuid>\`, agent_id,
role, ~300-character text, jsonb content, timestamptz), passages $(fmt_int "$passages") rows (text id, ~300-character text, jsonb
metadata, vector(1536)); primary keys only. Each peer into a fresh database of the target cluster (Tributary: a fresh schema
of \`unified\`), after a CHECKPOINT of both clusters.
$(report_context)

Every peer ran $runs time(s), interleaved (every peer of run 1, then of run 2, ...): the median of the runs in bold, then every run.
Wall time: Tributary until every table is loaded (counts equal, keys built: REPLICATING); "until MATCH": until every table
validates (counts + checksums).

MD
  runs_report rows --col "wall time=s:s" --col "until MATCH=green_s:s" --col "peak RSS of its processes=tool_mb:mb" \
    --col "of=rss_note:text" --col "PostgreSQL PSS (both clusters)=pg_mb:mb" --col "load (1/5 min) at the end=load:text" \
    --col "rows verified=verified:text" --col "cutover=cutover_s:s" "${peer_labels[@]}"
  if [[ -n "${run_peer[pg_dump]:-}" ]]; then
    printf '\npg_dump -Fd -j 2 / pg_restore -j 2 apart:\n\n'
    runs_report rows --col "pg_dump=dump_s:s" --col "dump files=files_mb:mb" --col "pg_restore=restore_s:s" "pg_dump=pg_dump + pg_restore"
  fi
  if ((${#ratios[@]})); then
    printf '\n| ratio (below 1: the peer is faster) | of the medians | every run |\n|---|---:|---|\n'
    printf '%s\n' "${ratios[@]}"
  fi
  cat <<MD

## CPU per row (µs, user + system)

bench/lib/cpu.py, from the start of each load until it ended (Tributary: until loaded): every process of a group, children
that ended meanwhile included (a PostgreSQL backend that served one connection counts in its cluster; the tools' own
processes through the shell that waited for them); "machine" is every core's busy time, whoever used it (other work on the
machine included), so it can exceed the sum of the groups.

MD
  runs_report cpu rows "${peer_labels[@]}"
  cat <<MD

Rows verified: every row of both tables compared with the source by count and by a checksum of every value (each cast
to the source's type, as text). pg_dump/pg_restore and pgcopydb copy the schema too (tables, primary
keys, the vector extension); Tributary provisions the tables from the source's catalog; neither
Debezium nor its sink validates anything. Tributary's cutover, after the load, is not timed ("cutover").

$dbz_note

Target column types:

MD
  printf '%s\n' "${types[@]}"
  printf '\nWhole run: %s s.\n' "$((SECONDS - bench_started))"
} >"$report"
cat "$report"
log "report: ${report#"$TRIBUTARY_ROOT"/}"
