#!/usr/bin/env bash
# Benchmark: the full load of a PostgreSQL source (the runtime's legacy cluster) into the unified
# PostgreSQL, Tributary side by side with what a user would pick instead, on one dataset, in one run.
#
#   bench/pg-source.sh [--size quick|full] [--keep] [--no-build] [--peers LIST]
#
#   --size full (default): messages 1,000,000 rows, passages 50,000 rows with vector(1536) (~1 GB)
#   --size quick:          1/50 of that (20,000 + 1,000 rows)
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
# (bench/lib/rss.py: RSS of the tools; PSS of both PostgreSQL servers):
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
export TRIBUTARY_LOG_PREFIX=bench
# shellcheck source-path=SCRIPTDIR source=../deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/local/lib.sh"

size=full
keep=false
build=true
peers="pg_dump,pgcopydb,debezium,tributary"
usage="usage: bench/pg-source.sh [--size quick|full] [--keep] [--no-build] [--peers pg_dump,pgcopydb,debezium,tributary]"
while (($#)); do
  case "$1" in
    --size) size="${2:?--size needs quick or full}"; shift 2 ;;
    --keep) keep=true; shift ;;
    --no-build) build=false; shift ;;
    --peers) peers="${2:?--peers needs a list}"; shift 2 ;;
    -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown option '$1' ($usage)" ;;
  esac
done
case "$size" in
  full) messages=1000000 passages=50000 ;;
  quick) messages=20000 passages=1000 ;;
  *) die "--size must be quick or full, not '$size'" ;;
esac
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
bench_load1="$(cut -d' ' -f1 /proc/loadavg)"

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
if [[ -n "${run_peer[pg_dump]:-}" ]]; then
  dump_db="bench_pgsrc_dump_$stamp"
  fresh_db pg-unified "$dump_db"
  cleanup_items+=("targetdb:$dump_db")
  log "pg_dump + pg_restore: $("$TRIBUTARY_PG_BIN/pg_dump" --version), into database $dump_db"
  settle_clusters
  dump_start="$(now)"
  (
    "$TRIBUTARY_PG_BIN/pg_dump" -h 127.0.0.1 -p "$TRIBUTARY_LEGACY_PG_PORT" -U postgres -d "$src_db" \
      -Fd -j 2 -f "$work/dump"
    now >"$work/dump.done"
    "$TRIBUTARY_PG_BIN/pg_restore" -h 127.0.0.1 -p "$TRIBUTARY_TARGET_PG_PORT" -U postgres -d "$dump_db" \
      -j 2 "$work/dump"
  ) >"$work/pg_dump.log" 2>&1 &
  dump_pid=$!
  sampler_start pg_dump "tools=tree:$dump_pid" "$postgres_group"
  dump_rc=0
  wait "$dump_pid" || dump_rc=$?
  dump_end="$(now)"
  dump_load="$(load1)"
  sampler_stop
  if ((dump_rc != 0)); then
    show_log_tail "$work/pg_dump.log"
    die "pg_dump/pg_restore exited with $dump_rc (log: $work/pg_dump.log)"
  fi
  dump_s="$(seconds_between "$dump_start" "$dump_end")"
  dump_dump_s="$(seconds_between "$dump_start" "$(cat "$work/dump.done")")"
  dump_restore_s="$(seconds_between "$(cat "$work/dump.done")" "$dump_end")"
  dump_mb="$(du -sm "$work/dump" | cut -f1)"
  rm -rf "$work/dump"
  dump_tool_mb="$(peak_mb pg_dump tools)"
  dump_pg_mb="$(peak_mb pg_dump postgres)"
  verify pg_dump pg-unified "$dump_db" public
  log "pg_dump + pg_restore: ${dump_s}s (dump ${dump_dump_s}s, $dump_mb MB; restore ${dump_restore_s}s); peak RSS $dump_tool_mb MB; ${verified[pg_dump]}"
fi

# ---------------------------------------------------------------------------------------------
# 3. pgcopydb clone
# ---------------------------------------------------------------------------------------------
if [[ -n "${run_peer[pgcopydb]:-}" ]]; then
  copydb_db="bench_pgsrc_pgcopydb_$stamp"
  fresh_db pg-unified "$copydb_db"
  cleanup_items+=("targetdb:$copydb_db")
  copydb_version="$(pgcopydb --version 2>&1 | sed -n 's/^pgcopydb version \([^ ]*\).*/\1/p' | head -n1)"
  log "pgcopydb ${copydb_version:-?} clone, into database $copydb_db"
  settle_clusters
  copydb_start="$(now)"
  # The URIs through the environment (pgcopydb's own variables): no password in the process list.
  PATH="$TRIBUTARY_PG_BIN:$PATH" \
    PGCOPYDB_SOURCE_PGURI="postgresql://postgres:$TRIBUTARY_PG_PASSWORD@127.0.0.1:$TRIBUTARY_LEGACY_PG_PORT/$src_db" \
    PGCOPYDB_TARGET_PGURI="postgresql://postgres:$TRIBUTARY_PG_PASSWORD@127.0.0.1:$TRIBUTARY_TARGET_PG_PORT/$copydb_db" \
    pgcopydb clone --dir "$work/pgcopydb" --table-jobs 2 --index-jobs 2 >"$work/pgcopydb.log" 2>&1 &
  copydb_pid=$!
  sampler_start pgcopydb "tools=tree:$copydb_pid" "$postgres_group"
  copydb_rc=0
  wait "$copydb_pid" || copydb_rc=$?
  copydb_end="$(now)"
  copydb_load="$(load1)"
  sampler_stop
  if ((copydb_rc != 0)); then
    show_log_tail "$work/pgcopydb.log"
    die "pgcopydb clone exited with $copydb_rc (log: $work/pgcopydb.log)"
  fi
  copydb_s="$(seconds_between "$copydb_start" "$copydb_end")"
  rm -rf "$work/pgcopydb"
  copydb_tool_mb="$(peak_mb pgcopydb tools)"
  copydb_pg_mb="$(peak_mb pgcopydb postgres)"
  verify pgcopydb pg-unified "$copydb_db" public
  log "pgcopydb: ${copydb_s}s; peak RSS $copydb_tool_mb MB; ${verified[pgcopydb]}"
fi

# ---------------------------------------------------------------------------------------------
# 4. Debezium PostgreSQL connector + JDBC sink on Kafka Connect
# ---------------------------------------------------------------------------------------------
# dbz_attempt MODE: one load; MODE precreate (the target tables made from the source's DDL) or
# sink (the sink makes them). Sets dbz_s[MODE] and the peaks dbz_mb, dbz_connect_mb, dbz_kafka_mb,
# dbz_pg_mb; sets dbz_failure (why) when a connector failed, else leaves it empty.
declare -A dbz_s=() dbz_mb=() dbz_connect_mb=() dbz_kafka_mb=() dbz_pg_mb=() dbz_load=()
dbz_attempt() {
  local mode="$1" db="bench_pgsrc_dbz_${1}_$stamp" name="dbz_${stamp}_$1" rc=0 t0 t1
  local prefix="$name" source_json="$work/dbz-$1-source.json" sink_json="$work/dbz-$1-sink.json"
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
  log "Debezium ($mode tables): creating the source connector $name-source"
  sampler_start "dbz-$mode" --total connect,kafka "connect=$connect_pid" "kafka=$kafka_pid" "$postgres_group"
  t0="$(now)"
  connect_create "$source_json"
  connect_check_names=("$name-source" "$name-sink")
  wait_rows pg-unified "$db" public 7200 connect_check "messages=$messages" "passages=$passages" || rc=$?
  t1="$(now)"
  dbz_load[$mode]="$(load1)"
  sampler_stop
  connect_delete "$name-source"
  connect_delete "$name-sink"
  drop_debezium_source "$src_db" "$name" "$name"
  if ((rc != 0)); then
    dbz_failure="$pipeline_failure (after $(seconds_between "$t0" "$t1") s)"
    warn "Debezium ($mode tables) failed: $dbz_failure"
    return 0
  fi
  dbz_s[$mode]="$(seconds_between "$t0" "$t1")"
  dbz_mb[$mode]="$(peak_mb "dbz-$mode" total)"
  dbz_connect_mb[$mode]="$(peak_mb "dbz-$mode" connect)"
  dbz_kafka_mb[$mode]="$(peak_mb "dbz-$mode" kafka)"
  dbz_pg_mb[$mode]="$(peak_mb "dbz-$mode" postgres)"
  verify "dbz_$mode" pg-unified "$db" public
  log "Debezium ($mode tables): ${dbz_s[$mode]}s; peak RSS ${dbz_mb[$mode]} MB; ${verified[dbz_$mode]}"
}

dbz_modes=()
if [[ -n "${run_peer[debezium]:-}" ]]; then
  kafka_pid="$(kafka_running_pid)"
  [[ -n "$kafka_pid" ]] || die "the Kafka broker is not running"
  connect_group="bench-connect-$stamp"
  cleanup_items+=("topics:$connect_group-.*" "group:$connect_group")
  connect_start "$connect_group"
  dbz_versions="$(connect_versions)"
  # (not in an `if`: errexit must stay on inside)
  dbz_attempt precreate
  dbz_precreate_failure="$dbz_failure"
  dbz_sink_failure=""
  if [[ -z "$dbz_precreate_failure" ]]; then
    dbz_modes+=(precreate)
  else
    log "Debezium: failed into the source's types; again with tables the sink creates"
    dbz_attempt sink
    dbz_sink_failure="$dbz_failure"
    [[ -n "$dbz_sink_failure" ]] || dbz_modes+=(sink)
  fi
  connect_stop
fi

# ---------------------------------------------------------------------------------------------
# 5. Tributary
# ---------------------------------------------------------------------------------------------
if [[ -n "${run_peer[tributary]:-}" ]]; then
  tributary_pids
  trib_migration="bench-pgsrc-$stamp"
  trib_schema="bench_pgsrc_$stamp"
  cat >"$work/plan.yaml" <<PLAN
migration: $trib_migration
sources:
  - name: letta
    kind: postgres
    url: postgresql://postgres:$TRIBUTARY_PG_PASSWORD@127.0.0.1:$TRIBUTARY_LEGACY_PG_PORT/$src_db
    schemas: { public: $trib_schema }
PLAN
  log "Tributary: migration $trib_migration into schema $trib_schema"
  settle_clusters
  sampler_start tributary --total "$tributary_total" "${tributary_groups[@]}" "$postgres_group"
  trib_start="$(now)"
  post_plan "$work/plan.yaml"
  cleanup_items+=("migration:$trib_migration:$trib_schema")
  tributary_migration="$trib_migration"
  # Loaded: the target's counts equal the source's, and the migration is REPLICATING (every table's
  # snapshot captured and applied; a snapshot applied by COPY into a table without its key has its
  # key built by then).
  wait_rows pg-unified unified "$trib_schema" 7200 migration_check "messages=$messages" "passages=$passages" ||
    die "$pipeline_failure"
  wait_migration_state "$trib_migration" REPLICATING 7200
  trib_loaded="$(now)"
  trib_load1_loaded="$(load1)"
  wait_green "$trib_migration" 7200
  trib_green="$(now)"
  trib_load1_green="$(load1)"
  sampler_stop
  trib_load_s="$(seconds_between "$trib_start" "$trib_loaded")"
  trib_green_s="$(seconds_between "$trib_start" "$trib_green")"
  trib_mb="$(peak_mb tributary total)"
  trib_pg_mb="$(peak_mb tributary postgres)"
  trib_breakdown="$(python3 -c "
import json,sys; p=json.load(open(sys.argv[1]))
print(', '.join(f'{k} {round(p.get(k, 0)/1024)} MB' for k in ('orchestrator-service','cdc-service','validator-service','kafka')))" "$work/rss-tributary.json")"
  verify tributary pg-unified unified "$trib_schema"
  log "Tributary: loaded in ${trib_load_s}s, every table MATCH after ${trib_green_s}s; peak RSS $trib_mb MB ($trib_breakdown); ${verified[tributary]}"
  log "Tributary: ending the migration (cutover, not timed)"
  cut_start=$SECONDS
  end_migration "$trib_migration"
  trib_cutover_s=$((SECONDS - cut_start))
fi

# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------
# ratio PEER_SECONDS: "peer / Tributary loaded, peer / Tributary MATCH"
ratio_cells() {
  if [[ -n "${trib_load_s:-}" ]]; then
    printf '%s | %s' "$(div "$1" "$trib_load_s" 2)" "$(div "$1" "$trib_green_s" 2)"
  else
    printf '– | –'
  fi
}
rows=()
types=()
if [[ -n "${run_peer[tributary]:-}" ]]; then
  rows+=("| **Tributary** (capture → Kafka → apply), until every table is loaded (counts equal, keys built: REPLICATING) | **${trib_load_s} s** | 1.00 | $(div "$trib_load_s" "$trib_green_s" 2) | $trib_mb MB ($trib_breakdown) | $trib_pg_mb MB | $trib_load1_loaded | ${verified[tributary]} |")
  rows+=("| — until every table validates MATCH (counts + checksums) | ${trib_green_s} s | $(div "$trib_green_s" "$trib_load_s" 2) | 1.00 | | | $trib_load1_green | |")
  types+=("- Tributary: ${col_types[tributary]}; primary keys ${pkeys[tributary]}")
fi
if [[ -n "${run_peer[pg_dump]:-}" ]]; then
  rows+=("| pg_dump -Fd -j 2 + pg_restore -j 2 | ${dump_s} s | $(ratio_cells "$dump_s") | $dump_tool_mb MB | $dump_pg_mb MB | $dump_load | ${verified[pg_dump]} |")
  rows+=("| — pg_dump ($dump_mb MB of dump files) / pg_restore | ${dump_dump_s} s / ${dump_restore_s} s | | | | | | |")
  types+=("- pg_dump + pg_restore: ${col_types[pg_dump]}; primary keys ${pkeys[pg_dump]}")
fi
if [[ -n "${run_peer[pgcopydb]:-}" ]]; then
  rows+=("| pgcopydb ${copydb_version:-} clone --table-jobs 2 --index-jobs 2 | ${copydb_s} s | $(ratio_cells "$copydb_s") | $copydb_tool_mb MB (pgcopydb and its pg_dump/pg_restore) | $copydb_pg_mb MB | $copydb_load | ${verified[pgcopydb]} |")
  types+=("- pgcopydb: ${col_types[pgcopydb]}; primary keys ${pkeys[pgcopydb]}")
fi
for mode in "${dbz_modes[@]}"; do
  case "$mode" in
    precreate) what="into tables made from the source's DDL" ;;
    sink) what="into tables the sink created (schema.evolution=basic)" ;;
  esac
  rows+=("| Debezium PostgreSQL connector + JDBC sink on Kafka Connect, $what | ${dbz_s[$mode]} s | $(ratio_cells "${dbz_s[$mode]}") | ${dbz_mb[$mode]} MB (Connect worker ${dbz_connect_mb[$mode]} MB, Kafka ${dbz_kafka_mb[$mode]} MB) | ${dbz_pg_mb[$mode]} MB | ${dbz_load[$mode]} | ${verified[dbz_$mode]} |")
  types+=("- Debezium + JDBC sink ($mode): ${col_types[dbz_$mode]}; primary keys ${pkeys[dbz_$mode]}")
done
dbz_note=""
if [[ -n "${run_peer[debezium]:-}" ]]; then
  if [[ -n "${dbz_precreate_failure:-}" && -n "${dbz_sink_failure:-}" ]]; then
    rows+=("| Debezium PostgreSQL connector + JDBC sink on Kafka Connect | FAILED | | | | | | |")
    dbz_note="Debezium FAILED both ways. Into tables with the source's types (made by pg_dump --schema-only): $dbz_precreate_failure. Into tables the sink creates (schema.evolution=basic): $dbz_sink_failure."
  elif [[ -n "${dbz_precreate_failure:-}" ]]; then
    dbz_note="The Debezium pipeline could NOT load into tables with the source's types (made by pg_dump --schema-only): $dbz_precreate_failure. The Debezium row above is the run into tables the sink created itself; see their types below."
  else
    dbz_note="The JDBC sink wrote into tables made from the source's DDL (pg_dump --schema-only: the same types and primary keys as the source, vector(1536) included)."
  fi
  dbz_note="$dbz_note Jars: $dbz_versions (bench/connect/pom.xml). Worker: distributed mode, one worker, JsonConverter with schemas, heap ${TRIBUTARY_CONNECT_JAVA_OPTS:--Xms256m -Xmx2g (as connect-distributed.sh)}. Source: pgoutput, snapshot.mode=initial, snapshot.max.threads=2, one topic per table (1 partition, created beforehand). Sink: tasks.max=2, insert.mode=upsert, primary.key.mode=record_key, delete.enabled=true, schema.evolution=basic, batch.size=$connect_batch_size (consumer.max.poll.records=$connect_batch_size; both 500 by default); created before the source connector and not timed. Timed from the source connector's creation until the target's row counts equal the source's (polled every 0.5 s)."
fi
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
report="$BENCH_DIR/results/pg-source-$size-$(date -u +%Y%m%d-%H%M%S).md"
{
  cat <<MD
# PostgreSQL source, full load: Tributary vs pg_dump/pg_restore vs pgcopydb vs Debezium — $size size, $(date -u '+%Y-%m-%d %H:%M UTC')

Machine: $(nproc) cores ($cpu), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr); PostgreSQL
$(pg_psql pg-unified -d unified -tAc 'SHOW server_version' | cut -d' ' -f1) source and target clusters on this machine (shared_buffers 128MB, fsync on), Kafka $TRIBUTARY_KAFKA_VERSION (single node),
Java $(java -version 2>&1 | head -n1 | cut -d'"' -f2). Everything runs on this one machine.
Dataset (Letta-shaped, pg-legacy database \`$src_db\`, $src_mb MB): messages $(fmt_int "$messages") rows (text ids \`message-<uuid>\`, agent_id,
role, ~300-character text, jsonb content, timestamptz), passages $(fmt_int "$passages") rows (text id, ~300-character text, jsonb
metadata, vector(1536)); primary keys only. Each peer into a fresh database of the target cluster (Tributary: a fresh schema
of \`unified\`), after a CHECKPOINT of both clusters. Command: \`bench/pg-source.sh --size $size\`.

| peer | wall time | ÷ Tributary loaded | ÷ Tributary MATCH | peak RSS of its processes | PostgreSQL PSS (both clusters) | load (1 min) at the end | rows verified |
|---|---:|---:|---:|---|---:|---:|---|
MD
  printf '%s\n' "${rows[@]}"
  cat <<MD

"÷ Tributary" = the peer's time divided by Tributary's (below 1: the peer is faster). Load: the machine's 1-minute load
average when the run ended ($(nproc) cores; much above $(nproc) means other work competed with it; $(load1) when this report
was written, $bench_load1 when the benchmark started). Rows verified: every
row of both tables compared with the source by count and by a checksum of every value (each cast
to the source's type, as text). pg_dump/pg_restore and pgcopydb copy the schema too (tables, primary
keys, the vector extension); Tributary provisions the tables from the source's catalog; neither
Debezium nor its sink validates anything. Tributary's cutover (not timed) took ${trib_cutover_s:-–} s.

$dbz_note

Target column types:

MD
  printf '%s\n' "${types[@]}"
  printf '\nWhole run: %s s.\n' "$((SECONDS - bench_started))"
} >"$report"
cat "$report"
log "report: ${report#"$TRIBUTARY_ROOT"/}"
