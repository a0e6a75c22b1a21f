#!/usr/bin/env bash
# Benchmark: CDC catch-up throughput. A replicated table, capture paused (or stopped), N changes
# written to the source meanwhile, capture resumed: how fast does the target catch up? Against the
# limit: the same changes applied straight into the target by COPY and one UPDATE.
#
#   bench/catchup.sh [--changes N] [--rows N] [--txn N] [--runs N] [--keep] [--no-build] [--pipelines LIST]
#
#   --changes N       changes written while capture is paused (default 1,000,000): updates of
#                     consecutive rows, --txn per transaction, wrapping around the table
#   --rows N          rows of the source table (default 1,000,000)
#   --txn N           updates per source transaction (default 100,000)
#   --keep            keep the databases, schemas, SQLite copy and topics (default: removed)
#   --no-build        run the services as they are, even when the sources are newer than their jars
#   --runs N          runs of every pipeline (default 3), interleaved: every pipeline of run 1, then
#                     of run 2, ...; the report gives every run and the median, the targets' verdicts
#                     on the medians
#   --pipelines LIST  a comma-separated subset of limit,tributary-postgres,debezium,tributary-sqlite
#                     (default all four)
#
# The table: items (id bigint primary key, seq bigint, payload text of 200 characters, amount
# double precision, updated_at timestamptz), generated once per --rows (the same rows every time):
# in the legacy cluster as the database bench_catchup_r<rows> (each PostgreSQL pipeline works on a
# copy, CREATE DATABASE ... TEMPLATE), and as a SQLite file (WAL) under deploy/local/.run/bench/.
# Every change is `UPDATE items SET seq = seq + 1, payload = <rotated by one character>,
# amount = amount + 1` over a range of ids, so sum(seq) grows by exactly one per change applied.
# Pipelines, one after the other, each on its own copy of the table:
#   limit               the limit: the N changes written to a copy of the PostgreSQL table (not
#                       timed), the rows they changed exported with COPY (not timed); then, timed,
#                       `\copy` of those rows into a temporary staging table and one
#                       `UPDATE items ... FROM stage` into a copy of the table in the target cluster;
#   tributary-postgres  the PostgreSQL table as a Tributary migration (kind postgres): validated
#                       MATCH, then deploy/tributary pause, N changes, resume;
#   debezium            Debezium's PostgreSQL connector + JDBC sink (upsert by the record key into
#                       a table made from the source's DDL) on the Kafka Connect worker of
#                       bench/lib/connect.sh: snapshot landed, then PUT /connectors/<source>/stop,
#                       N changes, PUT /connectors/<source>/resume;
#   tributary-sqlite    the SQLite file as a Tributary migration (kind sqlite), as the first.
# Timed from the resume until the target's sum(seq) equals the source's (polled, more often as it
# nears the end); then both sides' checksums (count, sum(seq), a hash of every row's id, seq and
# payload) must be equal. Changes/s = N / that time. CPU per change of every process group
# (bench/lib/cpu.py: Tributary's services, Kafka, the Kafka Connect worker, psql, both PostgreSQL
# clusters), peak memory (bench/lib/rss.py). Targets, on the medians: Tributary >= 0.5x the limit's
# changes/s (each kind), Tributary (PostgreSQL) >= 10x Debezium. The report goes to
# bench/results/catchup-<time>.md.
set -euo pipefail
bench_command="bench/catchup.sh$(printf ' %q' "$@")"
export TRIBUTARY_LOG_PREFIX=bench
# shellcheck source-path=SCRIPTDIR source=../deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/local/lib.sh"

changes=1000000
rows=1000000
txn=100000
runs=3
keep=false
build=true
all_pipelines="limit,tributary-postgres,debezium,tributary-sqlite"
pipelines="$all_pipelines"
usage="usage: bench/catchup.sh [--changes N] [--rows N] [--txn N] [--runs N] [--keep] [--no-build] [--pipelines $all_pipelines]"
while (($#)); do
  case "$1" in
    --changes) changes="${2:?--changes needs a number}"; shift 2 ;;
    --rows) rows="${2:?--rows needs a number}"; shift 2 ;;
    --txn) txn="${2:?--txn needs a number}"; shift 2 ;;
    --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
    --keep) keep=true; shift ;;
    --no-build) build=false; shift ;;
    --pipelines) pipelines="${2:?--pipelines needs a list}"; shift 2 ;;
    -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown option '$1' ($usage)" ;;
  esac
done
for v in changes rows txn runs; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "--$v must be a positive integer, not '${!v}'"
done
declare -A run_pipeline=()
IFS=, read -r -a pipeline_list <<<"$pipelines"
for p in "${pipeline_list[@]}"; do
  case "$p" in
    limit | tributary-postgres | debezium | tributary-sqlite) run_pipeline[$p]=1 ;;
    *) die "--pipelines: unknown pipeline '$p' (${all_pipelines//,/, })" ;;
  esac
done
((${#run_pipeline[@]})) || die "--pipelines names none"
bench_started=$SECONDS
bench_loadavg_start="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------------------------------------
# Runtime, tools
# ---------------------------------------------------------------------------------------------
"$TRIBUTARY_LOCAL_DIR/setup.sh" >/dev/null
command -v python3 >/dev/null || die "python3 is needed (the SQLite writer, the memory sampler)"
python3 -c 'import sqlite3' 2>/dev/null || die "python3 has no sqlite3 module"
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
warn_other_migrations

stamp="$(date -u +%Y%m%d%H%M%S)"
work="$TRIBUTARY_RUN_DIR/bench/catchup-$stamp"
mkdir -p "$work"
pg_target_pid="$(pg_running_pid pg-unified)"
pg_legacy_pid="$(pg_running_pid pg-legacy)"
postgres_group="postgres=pss:tree:$pg_legacy_pid,tree:$pg_target_pid"
# bench/lib/cpu.py groups: the two clusters (every server process, backends that ended included)
cpu_source="PostgreSQL source=tree:$pg_legacy_pid"
cpu_target="PostgreSQL target=tree:$pg_target_pid"
tributary_pids
cpu_tributary=()
for g in "${tributary_groups[@]}"; do cpu_tributary+=("${g%%=*}=tree:${g#*=}"); done
export PGPASSWORD="$TRIBUTARY_PG_PASSWORD" # pg_dump over TCP

trap bench_on_exit EXIT

# ---------------------------------------------------------------------------------------------
# 1. The source table (PostgreSQL template database, SQLite file)
# ---------------------------------------------------------------------------------------------
template_db="bench_catchup_r$rows"
# items_sql: the table and its rows (the same every time for the same --rows).
items_sql() {
  cat <<SQL
CREATE TABLE items (id bigint PRIMARY KEY, seq bigint NOT NULL, payload text NOT NULL,
                    amount double precision, updated_at timestamptz NOT NULL);
INSERT INTO items
SELECT g, 0, left(repeat(md5(g::text), 7), 200), (g % 100000) / 100.0,
       timestamptz '2025-01-01 00:00:00+00' + g * interval '1 second'
  FROM generate_series(1, $rows) g;
VACUUM (ANALYZE) items;
SQL
}
if [[ -n "${run_pipeline[limit]:-}${run_pipeline[tributary-postgres]:-}${run_pipeline[debezium]:-}" ]] && ! db_exists pg-legacy "$template_db"; then
  log "generating the source table ($(fmt_int "$rows") rows) in pg-legacy database $template_db"
  fresh_db pg-legacy "${template_db}_generating"
  items_sql | legacy_db_psql "${template_db}_generating" -q
  pg_psql pg-legacy -d postgres -c "ALTER DATABASE \"${template_db}_generating\" RENAME TO \"$template_db\"" >/dev/null
fi
sqlite_dataset="$TRIBUTARY_RUN_DIR/bench/catchup-r$rows.db"
if [[ -n "${run_pipeline[tributary-sqlite]:-}" && ! -f "$sqlite_dataset" ]]; then
  log "generating the source table ($(fmt_int "$rows") rows) as a SQLite file: ${sqlite_dataset#"$TRIBUTARY_ROOT"/}"
  mkdir -p "$(dirname "$sqlite_dataset")"
  python3 - "$sqlite_dataset.tmp" "$rows" <<'PY'
import datetime, hashlib, os, sqlite3, sys
path, rows = sys.argv[1], int(sys.argv[2])
if os.path.exists(path):
    os.remove(path)
c = sqlite3.connect(path, isolation_level=None)
c.execute("PRAGMA journal_mode = WAL")
c.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, seq INTEGER NOT NULL, payload TEXT NOT NULL,"
          " amount REAL, updated_at TEXT NOT NULL)")
start = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
def row(g):
    return (g, 0, (hashlib.md5(str(g).encode()).hexdigest() * 7)[:200], (g % 100000) / 100.0,
            (start + datetime.timedelta(seconds=g)).strftime("%Y-%m-%dT%H:%M:%SZ"))
c.execute("BEGIN")
c.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?)", (row(g) for g in range(1, rows + 1)))
c.execute("COMMIT")
c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
c.close()
PY
  mv "$sqlite_dataset.tmp" "$sqlite_dataset"
fi

# The checksum of a table: "rows sum(seq) sum(60-bit hash of id|seq|payload)".
pg_checksum() { # CLUSTER DB SCHEMA
  pg_psql "$1" -d "$2" -tAc "SELECT count(*) || ' ' || coalesce(sum(seq), 0) || ' ' || coalesce(sum(('x' || substr(md5(concat_ws('|', id::text, seq::text, payload)), 1, 15))::bit(60)::bigint), 0) FROM \"$3\".items"
}
sqlite_checksum() { # FILE
  python3 - "$1" <<'PY'
import hashlib, sqlite3, sys
c = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
n = s = h = 0
for i, seq, payload in c.execute("SELECT id, seq, payload FROM items"):
    n += 1
    s += seq
    h += int(hashlib.md5(f"{i}|{seq}|{payload}".encode()).hexdigest()[:15], 16)
print(n, s, h)
PY
}
# The sum(seq) of the target table (the catch-up's progress: +1 per change applied).
target_seq_sum() { # DB SCHEMA
  pg_psql pg-unified -d "$1" -tAc "SELECT coalesce(sum(seq), 0) FROM \"$2\".items" 2>/dev/null || echo -1
}

# write_pg DB: the N changes into a PostgreSQL copy, --txn per transaction; prints the seconds.
update_sql="UPDATE items SET seq = seq + 1, payload = substr(payload, 2) || substr(payload, 1, 1), amount = amount + 1"
write_pg() {
  local db="$1" done=0 a=1 k b t0
  : >"$work/write.sql"
  while ((done < changes)); do
    k=$((changes - done))
    ((k > txn)) && k=$txn
    ((k > rows - a + 1)) && k=$((rows - a + 1))
    b=$((a + k - 1))
    printf '%s WHERE id BETWEEN %d AND %d;\n' "$update_sql" "$a" "$b" >>"$work/write.sql"
    done=$((done + k))
    if ((b >= rows)); then a=1; else a=$((b + 1)); fi
  done
  t0="$(now)"
  legacy_db_psql "$db" -q -f "$work/write.sql" >/dev/null # one transaction per statement
  seconds_between "$t0" "$(now)"
}
write_sqlite() { # FILE; prints the seconds
  python3 - "$1" "$changes" "$txn" "$rows" "$update_sql" <<'PY'
import sqlite3, sys, time
path, changes, txn, rows, sql = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
c = sqlite3.connect(path, isolation_level=None, timeout=60)
t0 = time.monotonic()
done, a = 0, 1
while done < changes:
    k = min(txn, changes - done, rows - a + 1)
    b = a + k - 1
    c.execute("BEGIN IMMEDIATE")
    c.execute(sql + " WHERE id BETWEEN ? AND ?", (a, b))
    c.execute("COMMIT")
    done += k
    a = 1 if b >= rows else b + 1
print(f"{time.monotonic() - t0:.2f}")
PY
}

# catch_up NAME DB SCHEMA EXPECTED_SUM START_SUM CHECK: after the resume, until the target's
# sum(seq) is EXPECTED_SUM; sets catchup_s and first_s (the first change visible), and takes the
# CPU snapshots catchup-start and catchup-end. Polls every 0.5 to 5 s: a quarter of the time left
# at the rate so far (each poll scans the table).
catch_up() {
  local name="$1" db="$2" schema="$3" expected="$4" start_sum="$5" check="$6"
  local t0 t0_ms now_ms got last=-2 last_move=$SECONDS next_check=$((SECONDS + 5)) first="" applied rest_ms sleep_ms
  t0="$(now)"
  t0_ms="$(date +%s%3N)"
  cpu_snapshot catchup-start
  while true; do
    got="$(target_seq_sum "$db" "$schema")"
    now_ms="$(date +%s%3N)"
    if [[ "$got" == "$expected" ]]; then
      catchup_s="$(seconds_between "$t0" "$(now)")"
      cpu_snapshot catchup-end
      first_s="${first:-$catchup_s}"
      return 0
    fi
    applied=$((got - start_sum))
    if [[ -z "$first" ]] && ((applied > 0)); then first="$(seconds_between "$t0" "$(now)")"; fi
    if [[ "$got" != "$last" ]]; then
      last="$got"
      last_move=$SECONDS
    fi
    ((SECONDS - last_move < 900)) || die "$name: the target has not moved for 900 s (sum(seq) $got, expected $expected)"
    if ((SECONDS >= next_check)); then
      "$check" || die "$name: $pipeline_failure"
      next_check=$((SECONDS + 5))
    fi
    if ((applied > 0)); then
      rest_ms=$(((expected - got) * (now_ms - t0_ms) / applied / 4))
    else
      rest_ms=500
    fi
    sleep_ms=$((rest_ms < 500 ? 500 : (rest_ms > 5000 ? 5000 : rest_ms)))
    sleep "$((sleep_ms / 1000)).$(printf '%03d' $((sleep_ms % 1000)))"
  done
}

# result PIPELINE RUN WRITE_S PAUSED_APPLIED CATCHUP_S FIRST_S RSS_MB RSS_NOTE VERIFIED: records one
# run of a pipeline (bench/lib/runs.py), with the load average as it ended.
result() {
  record "$1" "$2" "changes=$changes" "write_s=$3" "paused_applied=$4" "catchup_s=$5" \
    "rate=$(div "$changes" "$5" 1)" "first_s=$6" "rss_mb=$7" "rss_note=$8" "verified=$9" "load=$(load15)"
}
# verified SOURCE_SUM TARGET_SUM: the verification cell
verified() {
  if [[ "$1" == "$2" ]]; then
    printf '%s rows, checksums equal' "$(fmt_int "${1%% *}")"
  else
    printf 'DIFFERENT: source %s, target %s' "$1" "$2"
  fi
}

# ---------------------------------------------------------------------------------------------
# 2. Tributary, PostgreSQL source
# ---------------------------------------------------------------------------------------------
# tributary_run KIND RUN: the Tributary pipeline for a postgres or sqlite source.
tributary_run() {
  local kind="$1" run="$2" migration="bench-catchup-$1-$stamp-r$2" schema="bench_catchup_${1}_${stamp}_r$2" plan
  local src_db="" src_file="" before_sum paused_sum expected source_sum target_sum write_s cpu_groups
  cpu_groups=("${cpu_tributary[@]}" "$cpu_target" "machine (all processes)=machine")
  if [[ "$kind" == postgres ]]; then
    src_db="bench_catchup_trib_${stamp}_r$run"
    cpu_groups=("${cpu_tributary[@]}" "$cpu_source" "$cpu_target" "machine (all processes)=machine")
    pg_psql pg-legacy -d postgres -c "CREATE DATABASE \"$src_db\" TEMPLATE \"$template_db\"" >/dev/null
    cleanup_items+=("legacydb:$src_db")
    plan="  - name: app
    kind: postgres
    url: postgresql://postgres:$TRIBUTARY_PG_PASSWORD@127.0.0.1:$TRIBUTARY_LEGACY_PG_PORT/$src_db
    schemas: { public: $schema }"
  else
    src_file="$work/catchup-r$run.db"
    cp "$sqlite_dataset" "$src_file" # capture installs its change log in the file
    cleanup_items+=("file:$src_file" "file:$src_file-wal" "file:$src_file-shm")
    plan="  - name: app
    kind: sqlite
    path: $src_file
    schema: $schema"
  fi
  printf 'migration: %s\nsources:\n%s\n' "$migration" "$plan" >"$work/plan-$kind.yaml"
  log "Tributary ($kind), run $run: migration $migration, snapshot of $(fmt_int "$rows") rows (not timed)"
  post_plan "$work/plan-$kind.yaml"
  cleanup_items+=("migration:$migration:$schema")
  tributary_migration="$migration"
  wait_rows pg-unified unified "$schema" 7200 migration_check "items=$rows" || die "$pipeline_failure"
  wait_green "$migration" 3600
  migration_command "$migration" pause
  sleep 2
  before_sum="$(target_seq_sum unified "$schema")"
  log "Tributary ($kind): paused; writing $(fmt_int "$changes") changes"
  if [[ "$kind" == postgres ]]; then
    write_s="$(write_pg "$src_db")"
    source_sum="$(pg_checksum pg-legacy "$src_db" public)"
  else
    write_s="$(write_sqlite "$src_file")"
    source_sum="$(sqlite_checksum "$src_file")"
  fi
  read -r _ expected _ <<<"$source_sum"
  settle_clusters
  paused_sum="$(target_seq_sum unified "$schema")"
  log "Tributary ($kind): wrote them in ${write_s}s ($(fmt_int "$((paused_sum - before_sum))") applied while paused); resuming"
  sampler_start "tributary-$kind" --total "$tributary_total" "${tributary_groups[@]}" "$postgres_group"
  migration_command "$migration" resume
  catch_up "Tributary ($kind)" unified "$schema" "$expected" "$paused_sum" migration_check
  sampler_stop
  cpu_record "tributary-$kind" "$run" catchup-start catchup-end "${cpu_groups[@]}"
  target_sum="$(pg_checksum pg-unified unified "$schema")"
  log "Tributary ($kind), run $run: caught up in ${catchup_s}s ($(fmt_int "$(div "$changes" "$catchup_s")") changes/s); first change after ${first_s}s"
  result "tributary-$kind" "$run" "$write_s" "$((paused_sum - before_sum))" "$catchup_s" "$first_s" \
    "$(peak_mb "tributary-$kind" total)" "3 services + Kafka" "$(verified "$source_sum" "$target_sum")"
  log "Tributary ($kind): ending the migration (cutover, not timed)"
  end_migration "$migration"
}

# ---------------------------------------------------------------------------------------------
# 3. The limit: the changed rows by COPY into a staging table, one UPDATE ... FROM
# ---------------------------------------------------------------------------------------------
# limit_run RUN: the same N changes written to a copy of the source (not timed), the rows they
# changed exported by COPY (not timed); timed: \copy into a temporary staging table and one UPDATE
# of a copy of the table in the target cluster, in one transaction.
limit_run() {
  local run="$1" src_db="bench_catchup_lsrc_${stamp}_r$1" dst_db="bench_catchup_limit_${stamp}_r$1"
  local write_s source_sum target_sum before_sum t0 t1 changed=$((changes < rows ? changes : rows))
  pg_psql pg-legacy -d postgres -c "CREATE DATABASE \"$src_db\" TEMPLATE \"$template_db\"" >/dev/null
  cleanup_items+=("legacydb:$src_db" "targetdb:$dst_db" "file:$work/limit.pgcopy")
  fresh_db pg-unified "$dst_db"
  log "limit, run $run: the table in the target cluster, then $(fmt_int "$changes") changes to the source copy (not timed)"
  items_sql | target_db_psql "$dst_db" -q
  before_sum="$(target_seq_sum "$dst_db" public)"
  write_s="$(write_pg "$src_db")"
  source_sum="$(pg_checksum pg-legacy "$src_db" public)"
  # the rows the changes touched: ids 1..min(changes, rows) (consecutive ranges, wrapping around)
  legacy_db_psql "$src_db" -q -c "\\copy (SELECT * FROM items WHERE id <= $changed) TO '$work/limit.pgcopy' WITH (FORMAT binary)"
  settle_clusters
  sampler_start "limit-r$run" "$postgres_group"
  cpu_snapshot limit-start
  t0="$(now)"
  (counted "$work/limit-psql.ticks" target_db_psql "$dst_db" -q -1 \
    -c 'CREATE TEMP TABLE stage (LIKE items) ON COMMIT DROP' \
    -c "\\copy stage FROM '$work/limit.pgcopy' WITH (FORMAT binary)" \
    -c 'UPDATE items i SET seq = s.seq, payload = s.payload, amount = s.amount, updated_at = s.updated_at FROM stage s WHERE i.id = s.id')
  t1="$(now)"
  cpu_snapshot limit-end
  sampler_stop
  cpu_record limit "$run" limit-start limit-end "psql=ticks:$work/limit-psql.ticks" "$cpu_target" "machine (all processes)=machine"
  target_sum="$(pg_checksum pg-unified "$dst_db" public)"
  catchup_s="$(seconds_between "$t0" "$t1")"
  log "limit, run $run: ${catchup_s}s ($(fmt_int "$(div "$changes" "$catchup_s")") changes/s)"
  result limit "$run" "$write_s" 0 "$catchup_s" – "$(peak_mb "limit-r$run" postgres)" "PostgreSQL PSS, both clusters" \
    "$(verified "$source_sum" "$target_sum")"
  rm -f "$work/limit.pgcopy"
  [[ "$before_sum" == 0 ]] || warn "limit: the target copy started at sum(seq) $before_sum, not 0"
}

# ---------------------------------------------------------------------------------------------
# 4. Debezium PostgreSQL connector + JDBC sink
# ---------------------------------------------------------------------------------------------
# debezium_run RUN: on the worker started once for every run (connect_start).
debezium_run() {
  local run="$1" dbz_src="bench_catchup_dbz_${stamp}_r$1" dbz_dst="bench_catchup_dbz_${stamp}_r$1" name="dbzc_${stamp}_r$1"
  local snapshots_before snapshots_after before_sum paused_sum write_s source_sum expected target_sum dbz_resnapshot=""
  pg_psql pg-legacy -d postgres -c "CREATE DATABASE \"$dbz_src\" TEMPLATE \"$template_db\"" >/dev/null
  cleanup_items+=("legacydb:$dbz_src")
  fresh_db pg-unified "$dbz_dst"
  cleanup_items+=("targetdb:$dbz_dst")
  "$TRIBUTARY_PG_BIN/pg_dump" -h 127.0.0.1 -p "$TRIBUTARY_LEGACY_PG_PORT" -U postgres -d "$dbz_src" \
    --schema-only -t public.items >"$work/dbz-schema.sql"
  target_db_psql "$dbz_dst" -q -f "$work/dbz-schema.sql" >/dev/null
  cleanup_items+=("topics:$name\\..*" "group:connect-$name-sink")
  create_topics 1 "$name.public.items"
  connect_render "$BENCH_DIR/connect/jdbc-sink.json.in" "$work/dbz-sink.json" "NAME=$name-sink" "TASKS=1" \
    "TOPICS=$name.public.items" "PG_PORT=$TRIBUTARY_TARGET_PG_PORT" "DB=$dbz_dst" \
    "PG_PASSWORD=$TRIBUTARY_PG_PASSWORD" "BATCH_SIZE=$connect_batch_size"
  connect_render "$BENCH_DIR/connect/pg-source.json.in" "$work/dbz-source.json" "NAME=$name-source" \
    "PG_PORT=$TRIBUTARY_LEGACY_PG_PORT" "PG_PASSWORD=$TRIBUTARY_PG_PASSWORD" "DB=$dbz_src" \
    "TOPIC_PREFIX=$name" "SLOT=$name" "PUBLICATION=$name" "TABLES=public.items" "SNAPSHOT_THREADS=1"
  connect_create "$work/dbz-sink.json"
  connect_wait_state "$name-sink" RUNNING 120
  log "Debezium, run $run: source connector $name-source, snapshot of $(fmt_int "$rows") rows (not timed)"
  connect_create "$work/dbz-source.json"
  connect_check_names=("$name-source" "$name-sink")
  wait_rows pg-unified "$dbz_dst" public 7200 connect_check "items=$rows" || die "$pipeline_failure"
  # The snapshot's end must be in the committed source offsets before the stop (a connector
  # resumed without it snapshots again): the worker commits them every offset.flush.interval.ms.
  sleep 12
  snapshots_before="$(grep -c 'Snapshot ended with SnapshotResult \[status=COMPLETED' "$connect_log" || true)"
  connect_put "$name-source" stop
  connect_wait_state "$name-source" STOPPED 120
  before_sum="$(target_seq_sum "$dbz_dst" public)"
  log "Debezium, run $run: source connector stopped; writing $(fmt_int "$changes") changes"
  write_s="$(write_pg "$dbz_src")"
  source_sum="$(pg_checksum pg-legacy "$dbz_src" public)"
  read -r _ expected _ <<<"$source_sum"
  settle_clusters
  paused_sum="$(target_seq_sum "$dbz_dst" public)"
  log "Debezium, run $run: wrote them in ${write_s}s ($(fmt_int "$((paused_sum - before_sum))") applied while stopped); resuming"
  sampler_start "debezium-r$run" --total connect,kafka "connect=$connect_pid" "kafka=$kafka_pid" "$postgres_group"
  connect_put "$name-source" resume
  catch_up Debezium "$dbz_dst" public "$expected" "$paused_sum" connect_check
  sampler_stop
  cpu_record debezium "$run" catchup-start catchup-end "Kafka Connect worker=tree:$connect_pid" "kafka=tree:$kafka_pid" \
    "$cpu_source" "$cpu_target" "machine (all processes)=machine"
  snapshots_after="$(grep -c 'Snapshot ended with SnapshotResult \[status=COMPLETED' "$connect_log" || true)"
  if [[ "$snapshots_after" != "$snapshots_before" ]]; then
    dbz_resnapshot=" (the resumed connector took a snapshot again)"
    warn "Debezium: the resumed source connector snapshotted the table again: its catch-up includes that"
  fi
  target_sum="$(pg_checksum pg-unified "$dbz_dst" public)"
  log "Debezium, run $run: caught up in ${catchup_s}s ($(fmt_int "$(div "$changes" "$catchup_s")") changes/s); first change after ${first_s}s$dbz_resnapshot"
  result debezium "$run" "$write_s" "$((paused_sum - before_sum))" "$catchup_s" "$first_s" "$(peak_mb "debezium-r$run" total)" \
    "Connect worker $(peak_mb "debezium-r$run" connect) MB + Kafka $(peak_mb "debezium-r$run" kafka) MB$dbz_resnapshot" \
    "$(verified "$source_sum" "$target_sum")"
  connect_delete "$name-source"
  connect_delete "$name-sink"
  drop_debezium_source "$dbz_src" "$name" "$name"
}

# ---------------------------------------------------------------------------------------------
# The runs: every pipeline of run 1, then of run 2, ...
# ---------------------------------------------------------------------------------------------
if [[ -n "${run_pipeline[debezium]:-}" ]]; then
  connect_group="bench-connect-$stamp"
  connect_start "$connect_group"
  dbz_versions="$(connect_versions)"
fi
for ((run = 1; run <= runs; run++)); do
  log "run $run of $runs"
  if [[ -n "${run_pipeline[limit]:-}" ]]; then limit_run "$run"; fi
  if [[ -n "${run_pipeline[tributary-postgres]:-}" ]]; then tributary_run postgres "$run"; fi
  if [[ -n "${run_pipeline[debezium]:-}" ]]; then debezium_run "$run"; fi
  if [[ -n "${run_pipeline[tributary-sqlite]:-}" ]]; then tributary_run sqlite "$run"; fi
  # each run's databases, schemas and topics go before the next (the worker's topics at the end)
  bench_cleanup
done
if [[ -n "${run_pipeline[debezium]:-}" ]]; then
  connect_stop
  cleanup_items+=("topics:$connect_group-.*" "group:$connect_group")
fi

# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------
dbz_note=""
if [[ -n "${run_pipeline[debezium]:-}" ]]; then
  dbz_note="Debezium: $dbz_versions (bench/connect/pom.xml) on one Kafka Connect worker in distributed mode (JsonConverter with
schemas, heap ${TRIBUTARY_CONNECT_JAVA_OPTS:--Xms256m -Xmx2g as connect-distributed.sh}); source: pgoutput, one topic of 1 partition; sink: tasks.max=1,
insert.mode=upsert, primary.key.mode=record_key, delete.enabled=true, schema.evolution=basic into a table made from the
source's DDL, batch.size=$connect_batch_size (consumer.max.poll.records=$connect_batch_size). Stopped with PUT /connectors/<source>/stop
(tasks shut down, the changes wait in the replication slot) and resumed with PUT .../resume. One worker serves every run."
fi
pipeline_labels=()
[[ -n "${run_pipeline[limit]:-}" ]] && pipeline_labels+=("limit=limit: COPY into a staging table + one UPDATE … FROM (PostgreSQL)")
[[ -n "${run_pipeline[tributary-postgres]:-}" ]] && pipeline_labels+=("tributary-postgres=Tributary, PostgreSQL source")
[[ -n "${run_pipeline[debezium]:-}" ]] && pipeline_labels+=("debezium=Debezium PostgreSQL connector + JDBC sink")
[[ -n "${run_pipeline[tributary-sqlite]:-}" ]] && pipeline_labels+=("tributary-sqlite=Tributary, SQLite (WAL) source")
checks=()
for kind in postgres sqlite; do
  if [[ -n "${run_pipeline[limit]:-}" && -n "${run_pipeline[tributary-$kind]:-}" ]]; then
    checks+=("$(runs_report check "Tributary ($kind) changes/s ÷ the limit's" "tributary-$kind.rate/limit.rate" '>=' 0.5 x)")
  fi
done
if [[ -n "${run_pipeline[debezium]:-}" && -n "${run_pipeline[tributary-postgres]:-}" ]]; then
  checks+=("$(runs_report check "Tributary (postgres) changes/s ÷ Debezium's" "tributary-postgres.rate/debezium.rate" '>=' 10 x)")
fi
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
report="$BENCH_DIR/results/catchup-$(date -u +%Y%m%d-%H%M%S).md"
{
  cat <<MD
# CDC catch-up: $(fmt_int "$changes") changes written while capture was paused, $runs run(s) — $(date -u '+%Y-%m-%d %H:%M UTC')

Machine: $(nproc) cores ($cpu), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr); PostgreSQL
$(pg_psql pg-unified -d unified -tAc 'SHOW server_version' | cut -d' ' -f1) source and target clusters on this machine, Kafka $TRIBUTARY_KAFKA_VERSION (single node), Java $(java -version 2>&1 | head -n1 | cut -d'"' -f2).
Everything runs on this one machine. Table: items, $(fmt_int "$rows") rows (bigint key, bigint, 200-character text, double,
timestamptz; SQLite: the same columns). Changes: UPDATEs of consecutive ids, $(fmt_int "$txn") per transaction, each one
row's seq + 1, payload rotated by a character, amount + 1.
$(report_context)

Every pipeline ran $runs time(s), interleaved (every pipeline of run 1, then of run 2, ...): the median of the runs in bold, then
every run.

MD
  runs_report rows --col "source write (paused)=write_s:s" --col "applied while paused=paused_applied:int" \
    --col "catch-up: resume → target = source=catchup_s:s" --col "changes/s=rate:int" --col "first change visible=first_s:s" \
    --col "peak RSS=rss_mb:mb" --col "of=rss_note:text" --col "load (1/5 min) at the end=load:text" --col "verified=verified:text" \
    "${pipeline_labels[@]}"
  cat <<MD

Catch-up = from the resume request until the target's sum(seq) equals the source's (polled every 0.5–5 s: a quarter of the
time left at the rate so far, each poll a scan of the target table); then both sides' count, sum(seq) and a checksum of every
row's id, seq and payload are compared ("verified"). Changes/s = changes / catch-up. The limit: the same changes written to a
copy of the source (not timed), the $(fmt_int "$((changes < rows ? changes : rows))") rows they changed exported by COPY (binary, not timed), then timed
in one transaction into a copy of the table in the target cluster: \`\\copy\` into a temporary staging table and one
\`UPDATE items … FROM stage\` (its "catch-up" is that time; its peak memory is both clusters' PSS). A PostgreSQL source
captured by Tributary has REPLICA IDENTITY FULL while captured (text columns: see docs/capture.md), so its updates write the
old rows into the WAL too; Debezium's copy keeps the default identity.

## Targets (on the medians)

MD
  check_header
  printf '%s\n' "${checks[@]}"
  cat <<MD

## CPU per change (µs, user + system), during each catch-up

bench/lib/cpu.py: every process of a group between the resume and the end, children that ended meanwhile included (a
PostgreSQL backend that served one connection counts in its cluster); "machine" is every core's busy time, whoever used it
(other work on the machine included), so it can exceed the sum of the groups.

MD
  runs_report cpu changes "${pipeline_labels[@]}"
  cat <<MD

$dbz_note

Whole run: $((SECONDS - bench_started)) s.
MD
} >"$report"
cat "$report"
log "report: ${report#"$TRIBUTARY_ROOT"/}"
