#!/usr/bin/env bash
# Benchmark: CDC catch-up throughput. A replicated table, capture paused (or stopped), N changes
# written to the source meanwhile, capture resumed: how fast does the target catch up?
#
#   bench/catchup.sh [--changes N] [--rows N] [--txn N] [--keep] [--no-build] [--pipelines LIST]
#
#   --changes N       changes written while capture is paused (default 1,000,000): updates of
#                     consecutive rows, --txn per transaction, wrapping around the table
#   --rows N          rows of the source table (default 1,000,000)
#   --txn N           updates per source transaction (default 100,000)
#   --keep            keep the databases, schemas, SQLite copy and topics (default: removed)
#   --no-build        run the services as they are, even when the sources are newer than their jars
#   --pipelines LIST  a comma-separated subset of tributary-postgres,debezium,tributary-sqlite
#                     (default all three)
#
# The table: items (id bigint primary key, seq bigint, payload text of 200 characters, amount
# double precision, updated_at timestamptz), generated once per --rows (the same rows every time):
# in the legacy cluster as the database bench_catchup_r<rows> (each PostgreSQL pipeline works on a
# copy, CREATE DATABASE ... TEMPLATE), and as a SQLite file (WAL) under deploy/local/.run/bench/.
# Every change is `UPDATE items SET seq = seq + 1, payload = <rotated by one character>,
# amount = amount + 1` over a range of ids, so sum(seq) grows by exactly one per change applied.
# Pipelines, one after the other, each on its own copy of the table:
#   tributary-postgres  the PostgreSQL table as a Tributary migration (kind postgres): validated
#                       MATCH, then deploy/tributary pause, N changes, resume;
#   debezium            Debezium's PostgreSQL connector + JDBC sink (upsert by the record key into
#                       a table made from the source's DDL) on the Kafka Connect worker of
#                       bench/lib/connect.sh: snapshot landed, then PUT /connectors/<source>/stop,
#                       N changes, PUT /connectors/<source>/resume;
#   tributary-sqlite    the SQLite file as a Tributary migration (kind sqlite), as the first.
# Timed from the resume until the target's sum(seq) equals the source's (polled, more often as it
# nears the end); then both sides' checksums (count, sum(seq), a hash of every row's id, seq and
# payload) must be equal. Changes/s = N / that time. The report goes to
# bench/results/catchup-<time>.md.
set -euo pipefail
export TRIBUTARY_LOG_PREFIX=bench
# shellcheck source-path=SCRIPTDIR source=../deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/local/lib.sh"

changes=1000000
rows=1000000
txn=100000
keep=false
build=true
pipelines="tributary-postgres,debezium,tributary-sqlite"
usage="usage: bench/catchup.sh [--changes N] [--rows N] [--txn N] [--keep] [--no-build] [--pipelines tributary-postgres,debezium,tributary-sqlite]"
while (($#)); do
  case "$1" in
    --changes) changes="${2:?--changes needs a number}"; shift 2 ;;
    --rows) rows="${2:?--rows needs a number}"; shift 2 ;;
    --txn) txn="${2:?--txn needs a number}"; shift 2 ;;
    --keep) keep=true; shift ;;
    --no-build) build=false; shift ;;
    --pipelines) pipelines="${2:?--pipelines needs a list}"; shift 2 ;;
    -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown option '$1' ($usage)" ;;
  esac
done
for v in changes rows txn; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "--$v must be a positive integer, not '${!v}'"
done
declare -A run_pipeline=()
IFS=, read -r -a pipeline_list <<<"$pipelines"
for p in "${pipeline_list[@]}"; do
  case "$p" in
    tributary-postgres | debezium | tributary-sqlite) run_pipeline[$p]=1 ;;
    *) die "--pipelines: unknown pipeline '$p' (tributary-postgres, debezium, tributary-sqlite)" ;;
  esac
done
((${#run_pipeline[@]})) || die "--pipelines names none"
bench_started=$SECONDS
bench_load1="$(cut -d' ' -f1 /proc/loadavg)"

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
tributary_pids
export PGPASSWORD="$TRIBUTARY_PG_PASSWORD" # pg_dump over TCP

trap bench_on_exit EXIT

# ---------------------------------------------------------------------------------------------
# 1. The source table (PostgreSQL template database, SQLite file)
# ---------------------------------------------------------------------------------------------
template_db="bench_catchup_r$rows"
if [[ -n "${run_pipeline[tributary-postgres]:-}${run_pipeline[debezium]:-}" ]] && ! db_exists pg-legacy "$template_db"; then
  log "generating the source table ($(fmt_int "$rows") rows) in pg-legacy database $template_db"
  fresh_db pg-legacy "${template_db}_generating"
  legacy_db_psql "${template_db}_generating" -q <<SQL
CREATE TABLE items (id bigint PRIMARY KEY, seq bigint NOT NULL, payload text NOT NULL,
                    amount double precision, updated_at timestamptz NOT NULL);
INSERT INTO items
SELECT g, 0, left(repeat(md5(g::text), 7), 200), (g % 100000) / 100.0,
       timestamptz '2025-01-01 00:00:00+00' + g * interval '1 second'
  FROM generate_series(1, $rows) g;
VACUUM (ANALYZE) items;
SQL
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
# sum(seq) is EXPECTED_SUM; sets catchup_s and first_s (the first change visible). Polls every 0.5
# to 5 s: a quarter of the time left at the rate so far (each poll scans the table).
catch_up() {
  local name="$1" db="$2" schema="$3" expected="$4" start_sum="$5" check="$6"
  local t0 t0_ms now_ms got last=-2 last_move=$SECONDS next_check=$((SECONDS + 5)) first="" applied rest_ms sleep_ms
  t0="$(now)"
  t0_ms="$(date +%s%3N)"
  python3 "$BENCH_DIR/lib/cpu.py" snapshot "$work/cpu-before.json"
  while true; do
    got="$(target_seq_sum "$db" "$schema")"
    now_ms="$(date +%s%3N)"
    if [[ "$got" == "$expected" ]]; then
      catchup_s="$(seconds_between "$t0" "$(now)")"
      catchup_load="$(load1)"
      python3 "$BENCH_DIR/lib/cpu.py" snapshot "$work/cpu-after.json"
      cpu_lines+=("| $name | $(python3 "$BENCH_DIR/lib/cpu.py" diff "$work/cpu-before.json" "$work/cpu-after.json" |
        awk -F'\t' -v t="$catchup_s" '$2 >= 0.5 { printf "%s%s %.1f s (%.0f%%)", (n++ ? ", " : ""), $1, $2, 100 * $2 / t } END { if (!n) printf "—" }') |")
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

# cpu_lines: per pipeline, the CPU seconds each process group used during its catch-up
cpu_lines=()
# result NAME SOURCE WRITE_S PAUSED_APPLIED CATCHUP_S FIRST_S RSS VERIFIED: one line of the report
# (with the load average as the catch-up ended, catchup_load)
results=()
result() {
  results+=("| $1 | $2 | $(fmt_int "$changes") | $3 s | $(fmt_int "$4") | **$5 s** | **$(fmt_int "$(div "$changes" "$5" 1)")** | $6 s | $7 | $catchup_load | $8 |")
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
# tributary_run KIND: the Tributary pipeline for a postgres or sqlite source.
tributary_run() {
  local kind="$1" migration="bench-catchup-$1-$stamp" schema="bench_catchup_${1}_$stamp" plan
  local src_db="" src_file="" before_sum paused_sum expected source_sum target_sum write_s rss
  if [[ "$kind" == postgres ]]; then
    src_db="bench_catchup_trib_$stamp"
    pg_psql pg-legacy -d postgres -c "CREATE DATABASE \"$src_db\" TEMPLATE \"$template_db\"" >/dev/null
    cleanup_items+=("legacydb:$src_db")
    plan="  - name: app
    kind: postgres
    url: postgresql://postgres:$TRIBUTARY_PG_PASSWORD@127.0.0.1:$TRIBUTARY_LEGACY_PG_PORT/$src_db
    schemas: { public: $schema }"
  else
    src_file="$work/catchup.db"
    cp "$sqlite_dataset" "$src_file" # capture installs its change log in the file
    cleanup_items+=("file:$src_file" "file:$src_file-wal" "file:$src_file-shm")
    plan="  - name: app
    kind: sqlite
    path: $src_file
    schema: $schema"
  fi
  printf 'migration: %s\nsources:\n%s\n' "$migration" "$plan" >"$work/plan-$kind.yaml"
  log "Tributary ($kind): migration $migration, snapshot of $(fmt_int "$rows") rows (not timed)"
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
  rss="$(peak_mb "tributary-$kind" total) MB"
  target_sum="$(pg_checksum pg-unified unified "$schema")"
  log "Tributary ($kind): caught up in ${catchup_s}s ($(fmt_int "$(div "$changes" "$catchup_s")") changes/s); first change after ${first_s}s"
  result "Tributary" "$([[ $kind == postgres ]] && echo PostgreSQL || echo 'SQLite (WAL)')" "$write_s" \
    "$((paused_sum - before_sum))" "$catchup_s" "$first_s" "$rss (3 services + Kafka)" "$(verified "$source_sum" "$target_sum")"
  log "Tributary ($kind): ending the migration (cutover, not timed)"
  end_migration "$migration"
}

if [[ -n "${run_pipeline[tributary-postgres]:-}" ]]; then
  tributary_run postgres
fi

# ---------------------------------------------------------------------------------------------
# 3. Debezium PostgreSQL connector + JDBC sink
# ---------------------------------------------------------------------------------------------
if [[ -n "${run_pipeline[debezium]:-}" ]]; then
  dbz_src="bench_catchup_dbz_$stamp"
  dbz_dst="bench_catchup_dbz_$stamp"
  name="dbzc_$stamp"
  pg_psql pg-legacy -d postgres -c "CREATE DATABASE \"$dbz_src\" TEMPLATE \"$template_db\"" >/dev/null
  cleanup_items+=("legacydb:$dbz_src")
  fresh_db pg-unified "$dbz_dst"
  cleanup_items+=("targetdb:$dbz_dst")
  "$TRIBUTARY_PG_BIN/pg_dump" -h 127.0.0.1 -p "$TRIBUTARY_LEGACY_PG_PORT" -U postgres -d "$dbz_src" \
    --schema-only -t public.items >"$work/dbz-schema.sql"
  target_db_psql "$dbz_dst" -q -f "$work/dbz-schema.sql" >/dev/null
  connect_group="bench-connect-$stamp"
  cleanup_items+=("topics:$connect_group-.*" "topics:$name\\..*" "group:$connect_group" "group:connect-$name-sink")
  connect_start "$connect_group"
  dbz_versions="$(connect_versions)"
  create_topics 1 "$name.public.items"
  connect_render "$BENCH_DIR/connect/jdbc-sink.json.in" "$work/dbz-sink.json" "NAME=$name-sink" "TASKS=1" \
    "TOPICS=$name.public.items" "PG_PORT=$TRIBUTARY_TARGET_PG_PORT" "DB=$dbz_dst" \
    "PG_PASSWORD=$TRIBUTARY_PG_PASSWORD" "BATCH_SIZE=$connect_batch_size"
  connect_render "$BENCH_DIR/connect/pg-source.json.in" "$work/dbz-source.json" "NAME=$name-source" \
    "PG_PORT=$TRIBUTARY_LEGACY_PG_PORT" "PG_PASSWORD=$TRIBUTARY_PG_PASSWORD" "DB=$dbz_src" \
    "TOPIC_PREFIX=$name" "SLOT=$name" "PUBLICATION=$name" "TABLES=public.items" "SNAPSHOT_THREADS=1"
  connect_create "$work/dbz-sink.json"
  connect_wait_state "$name-sink" RUNNING 120
  log "Debezium: source connector $name-source, snapshot of $(fmt_int "$rows") rows (not timed)"
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
  log "Debezium: source connector stopped; writing $(fmt_int "$changes") changes"
  write_s="$(write_pg "$dbz_src")"
  source_sum="$(pg_checksum pg-legacy "$dbz_src" public)"
  read -r _ expected _ <<<"$source_sum"
  settle_clusters
  paused_sum="$(target_seq_sum "$dbz_dst" public)"
  log "Debezium: wrote them in ${write_s}s ($(fmt_int "$((paused_sum - before_sum))") applied while stopped); resuming"
  kafka_pid="$(kafka_running_pid)"
  sampler_start debezium --total connect,kafka "connect=$connect_pid" "kafka=$kafka_pid" "$postgres_group"
  connect_put "$name-source" resume
  catch_up Debezium "$dbz_dst" public "$expected" "$paused_sum" connect_check
  sampler_stop
  snapshots_after="$(grep -c 'Snapshot ended with SnapshotResult \[status=COMPLETED' "$connect_log" || true)"
  dbz_resnapshot=""
  if [[ "$snapshots_after" != "$snapshots_before" ]]; then
    dbz_resnapshot=" (the resumed connector took a snapshot again)"
    warn "Debezium: the resumed source connector snapshotted the table again: its catch-up includes that"
  fi
  target_sum="$(pg_checksum pg-unified "$dbz_dst" public)"
  log "Debezium: caught up in ${catchup_s}s ($(fmt_int "$(div "$changes" "$catchup_s")") changes/s); first change after ${first_s}s$dbz_resnapshot"
  result "Debezium PostgreSQL connector + JDBC sink$dbz_resnapshot" PostgreSQL "$write_s" "$((paused_sum - before_sum))" \
    "$catchup_s" "$first_s" "$(peak_mb debezium total) MB (Connect worker $(peak_mb debezium connect) MB + Kafka $(peak_mb debezium kafka) MB)" \
    "$(verified "$source_sum" "$target_sum")"
  connect_delete "$name-source"
  connect_delete "$name-sink"
  connect_stop
  drop_debezium_source "$dbz_src" "$name" "$name"
fi

# ---------------------------------------------------------------------------------------------
# 4. Tributary, SQLite source
# ---------------------------------------------------------------------------------------------
if [[ -n "${run_pipeline[tributary-sqlite]:-}" ]]; then
  tributary_run sqlite
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
(tasks shut down, the changes wait in the replication slot) and resumed with PUT .../resume."
fi
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
report="$BENCH_DIR/results/catchup-$(date -u +%Y%m%d-%H%M%S).md"
{
  cat <<MD
# CDC catch-up: $(fmt_int "$changes") changes written while capture was paused — $(date -u '+%Y-%m-%d %H:%M UTC')

Machine: $(nproc) cores ($cpu), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr); PostgreSQL
$(pg_psql pg-unified -d unified -tAc 'SHOW server_version' | cut -d' ' -f1) source and target clusters on this machine, Kafka $TRIBUTARY_KAFKA_VERSION (single node), Java $(java -version 2>&1 | head -n1 | cut -d'"' -f2).
Everything runs on this one machine. Table: items, $(fmt_int "$rows") rows (bigint key, bigint, 200-character text, double,
timestamptz; SQLite: the same columns). Changes: UPDATEs of consecutive ids, $(fmt_int "$txn") per transaction, each one
row's seq + 1, payload rotated by a character, amount + 1. Command: \`bench/catchup.sh --changes $changes --rows $rows --txn $txn\`.

| pipeline | source | changes | source write (paused) | applied while paused | catch-up: resume → target = source | changes/s | first change visible | peak RSS | load (1 min) at the end | verified |
|---|---|---:|---:|---:|---:|---:|---:|---|---:|---|
MD
  printf '%s\n' "${results[@]}"
  cat <<MD

Catch-up = from the resume request until the target's sum(seq) equals the source's (polled every 0.5–5 s: a quarter of the
time left at the rate so far, each poll a scan of the target table); then both sides' count, sum(seq) and a checksum of every
row's id, seq and payload are compared ("verified"). Changes/s = changes / catch-up. Load: the machine's 1-minute load
average as the catch-up ended ($(nproc) cores: much above $(nproc) means other work competed with it; $bench_load1 when the
benchmark started). A PostgreSQL source captured by Tributary
has REPLICA IDENTITY FULL while captured (text columns: see docs/capture.md), so its updates write the old rows into the WAL
too; Debezium's copy keeps the default identity.

Where the cores went during each catch-up (bench/lib/cpu.py: user + system CPU seconds of each process group
between the resume and the end; a percentage is of one core over the catch-up, so $(nproc) cores give $(nproc)00 % in all):

| pipeline | CPU during the catch-up |
|---|---|
$(printf '%s\n' "${cpu_lines[@]}")

$dbz_note

Whole run: $((SECONDS - bench_started)) s.
MD
} >"$report"
cat "$report"
log "report: ${report#"$TRIBUTARY_ROOT"/}"
