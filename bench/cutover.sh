#!/usr/bin/env bash
# Benchmark: the write pause and the latency applications see during a cutover.
#
#   bench/cutover.sh [--source postgres|sqlite] [--rate N] [--clients N] [--seconds N] [--rows N]
#                    [--journal wal|delete] [--repeat N] [--fallback [CHANGES]] [--from-load]
#                    (defaults: postgres; 400 writes/s from 4 clients for 40 s; 100,000 seeded rows)
#
# --fallback (postgres only) falls back once the cutover is done and the writer, now writing to the
# target through PgBouncer, has made CHANGES (10,000) changes there: the fallback's write pause and
# the writer's stall during it are reported too, and every write must then be in the source (the
# window wrote the target's back). Give --seconds room for it (at 2.3 million rows: 240).
#
# --from-load starts the writers before the migration is submitted, so that they write through the
# snapshot's load and the first validation too (the report's first phase); give --seconds room for
# the load (at 2.3 million rows: 300).
#
# Every run also has a control writer (unless --no-control): the same writer at the same rate at the same time on an
# uncaptured copy of the SQLite file, or on an uncaptured database of the same PostgreSQL cluster
# (directly, not through PgBouncer). Its stalls are what the machine imposes (disk, CPU shared with
# the runtime), apart from what Tributary's reads and freeze add.
#
# --repeat N runs the whole benchmark N times (a fresh source and migration each time) and writes
# a summary with every run's write pause and writer's pause and their medians.
#
# Starts the local runtime if needed and creates a source with --rows rows, submits it as a new
# migration and waits until it is REPLICATING; then a writer commits one INSERT per transaction at
# a fixed rate while the cutover runs, requested 8 s into the load.
#   postgres: a database in the legacy cluster (events: bigserial key, uuid, text, timestamptz)
#     behind a PgBouncer (pool_mode=transaction); the cutover's pgbouncer action pauses it at the
#     freeze and resumes it on the target at the switch, so clients wait instead of failing.
#     pgbench (--clients clients) writes through PgBouncer.
#   sqlite: a SQLite file in WAL mode, or with --journal delete in SQLite's default rollback-journal
#     mode, where a reader holds writers back (cutover_events: INTEGER PRIMARY KEY, seq, text), the
#     cutover's env-file action names the target; io.tributary.tools.CutoverWriter (one client)
#     writes to the file, keeps retrying a refused write, and moves to the target once the env
#     file names it, as an application that follows the switch would.
# Reported: the cutover's steps and write pause (GET /migrations/{id}/cutover); the pause as the
# client saw it (postgres: the longest transaction latency around the cutover; sqlite: from the
# first write that never committed on the source to the first commit on the target); failed
# transactions; and that every write is in the target. The report goes to bench/results/.
set -euo pipefail
export TRIBUTARY_LOG_PREFIX=bench
# shellcheck source-path=SCRIPTDIR source=../deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/local/lib.sh"

source_kind=postgres rate=400 clients=4 seconds=40 rows=100000 repeat=1 journal=wal fallback=0 from_load=0 control=1
usage="usage: cutover.sh [--source postgres|sqlite] [--rate N] [--clients N] [--seconds N] [--rows N] [--journal wal|delete] [--repeat N] [--fallback [CHANGES]] [--from-load] [--no-control]"
args=("$@")
while (($#)); do
  case "$1" in
    --repeat) repeat="${2:?--repeat needs a number}"; shift 2 ;;
    --source) source_kind="${2:?--source needs postgres or sqlite}"; shift 2 ;;
    --rate) rate="${2:?--rate needs a number}"; shift 2 ;;
    --clients) clients="${2:?--clients needs a number}"; shift 2 ;;
    --seconds) seconds="${2:?--seconds needs a number}"; shift 2 ;;
    --rows) rows="${2:?--rows needs a number}"; shift 2 ;;
    --journal) journal="${2:?--journal needs wal or delete}"; shift 2 ;;
    --from-load) from_load=1; shift ;;
    --no-control) control=0; shift ;;
    --fallback)
      if [[ "${2:-}" =~ ^[0-9]+$ ]]; then fallback="$2"; shift 2; else fallback=10000; shift; fi ;;
    *) die "unknown option '$1' ($usage)" ;;
  esac
done
for v in rate clients seconds rows repeat; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "--$v must be a positive integer, not '${!v}'"
done
[[ "$source_kind" == postgres || "$source_kind" == sqlite ]] ||
  die "--source must be postgres or sqlite, not '$source_kind'"
[[ "$journal" == wal || "$journal" == delete ]] || die "--journal must be wal or delete, not '$journal'"
[[ "$journal" == wal || "$source_kind" == sqlite ]] || die "--journal is for --source sqlite"
((fallback == 0)) || [[ "$source_kind" == postgres ]] ||
  die "--fallback is for --source postgres (the SQLite writer follows the switch one way only)"
((seconds >= 20)) || die "--seconds must be at least 20 (the cutover starts after 8 s of load)"

if ((repeat > 1)); then
  once=()
  for ((i = 0; i < ${#args[@]}; i++)); do
    if [[ "${args[i]}" == --repeat ]]; then i=$((i + 1)); else once+=("${args[i]}"); fi
  done
  reports=()
  for ((run = 1; run <= repeat; run++)); do
    log "run $run of $repeat"
    out="$("${BASH_SOURCE[0]}" "${once[@]}" 2>&1)" || warn "run $run did not pass; see its report"
    report="$(sed -n 's/^.*report: //p' <<<"$out" | tail -n1)"
    [[ -n "$report" ]] || die "run $run wrote no report: $(tail -n 20 <<<"$out")"
    reports+=("$TRIBUTARY_ROOT/$report")
  done
  summary="$TRIBUTARY_ROOT/bench/results/cutover-$source_kind-series-$(date +%Y%m%d-%H%M%S).md"
  python3 - "$summary" "$source_kind" "$rows" "$rate" "${reports[@]}" <<'PY'
import re, statistics, sys
summary, kind, rows, rate, reports = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
runs = []
for path in reports:
    text = open(path).read()
    pause = re.search(r"\| write pause \(freeze → end of the switch\) \| (\d+) ms", text)
    seen = re.search(r"\| pause the writer saw \| ([\d.]+) ms", text)
    outcome = re.search(r"\| outcome \| (\w+)", text)
    def longest(label):
        row = re.search(r"\| " + label + r"[^|]*\| ([^|]*) \|", text)
        stalls = [int(v) for v in re.findall(r"(\d+) ms \(\d+ tx\)", row.group(1))] if row else []
        return max(stalls) if stalls else None
    fb_pause = re.search(r"\| fallback after [^|]*\| \w+, write pause (\d+) ms", text)
    fb_stall = re.search(r"\| the writer's longest stall by phase[^|]*\|[^|]*the fallback, target frozen to switch back (\d+) ms \((\d+) tx\)", text)
    runs.append((path.split("/bench/results/")[-1], outcome.group(1) if outcome else "?",
                 int(pause.group(1)) if pause else None, float(seen.group(1)) if seen else None,
                 longest("the writer's longest stall by phase"), longest("the control writer's longest stall"),
                 int(fb_pause.group(1)) if fb_pause else None,
                 int(fb_stall.group(1)) if fb_stall and int(fb_stall.group(2)) > 0 else None))
pauses = [r[2] for r in runs if r[2] is not None]
seens = [r[3] for r in runs if r[3] is not None]
with open(summary, "w") as f:
    f.write(f"# {len(runs)} cutovers of a {kind} source, {rows} rows, {rate} writes/s\n\n")
    f.write("| report | outcome | write pause (ms) | pause the writer saw (ms) | the writer's longest stall (ms) | the control writer's (ms) |\n|---|---|---|---|---|---|\n")
    for name, outcome, pause, seen, stall, control, fb_pause, fb_stall in runs:
        f.write(f"| [{name}]({name}) | {outcome} | {pause} | {seen} | {stall} | {control} |\n")
    if pauses:
        f.write(f"\nMedian write pause **{statistics.median(pauses):.0f} ms** (min {min(pauses)}, max {max(pauses)});")
    if seens:
        f.write(f" median pause the writer saw {statistics.median(seens):.0f} ms.\n")
    stalls = [r[4] for r in runs if r[4] is not None]
    controls = [r[5] for r in runs if r[5] is not None]
    if stalls:
        f.write(f"\nThe writer's longest stall: median **{statistics.median(stalls):.0f} ms**, max {max(stalls)} ms")
        f.write(f"; the control writer's: median {statistics.median(controls):.0f} ms, max {max(controls)} ms.\n" if controls else ".\n")
    fb_pauses = [r[6] for r in runs if r[6] is not None]
    fb_stalls = [r[7] for r in runs if r[7] is not None]
    if fb_pauses:
        f.write(f"\nFallbacks: write pause (the target's freeze to the switch back) per run {fb_pauses}, median **{statistics.median(fb_pauses):.0f} ms**")
        f.write(f"; the writer's longest stall while the target was frozen per run {fb_stalls}, median **{statistics.median(fb_stalls):.0f} ms**, max {max(fb_stalls)} ms.\n" if fb_stalls else "; no writer transaction fell in a fallback's freeze (give --seconds more room).\n")
PY
  log "summary: ${summary#"$TRIBUTARY_ROOT"/}"
  cat "$summary"
  exit 0
fi

"$TRIBUTARY_LOCAL_DIR/setup.sh" >/dev/null
tributary_build_if_stale
"$TRIBUTARY_LOCAL_DIR/up.sh" >/dev/null
tributary_load_endpoints
auth=("${tributary_auth[@]}") # curl -H @file: the token never on a command line

stamp="$(date +%s)"
bench_dir="$TRIBUTARY_RUN_DIR/bench/cutover-$stamp"
mkdir -p "$bench_dir"
chmod 755 "$TRIBUTARY_RUN_DIR/bench" "$bench_dir"
db="bench_cutover_$stamp"
migration="bench-cutover-$stamp"
schema="bench_cutover_$stamp"
role_password="bench-$stamp"
stop_bouncer() { :; }
trap 'stop_bouncer' EXIT

# --- the source, and the plan's source and cutover sections -----------------------------------
if [[ "$source_kind" == postgres ]]; then
  command -v pgbouncer >/dev/null || die "pgbouncer is not installed (deploy/local/setup.sh installs it)"
  PGBENCH="$TRIBUTARY_PG_BIN/pgbench"
  [[ -x "$PGBENCH" ]] || die "no pgbench at $PGBENCH"
  legacy_host=127.0.0.1
  legacy_port="${TRIBUTARY_LEGACY_PG_URL##*:}"; legacy_port="${legacy_port%%/*}"
  source_url="${TRIBUTARY_LEGACY_PG_URL%/*}/$db"
  table=events
  log "creating the source database $db ($rows rows)"
  psql "$TRIBUTARY_LEGACY_PG_URL" -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $db"
  psql "$source_url" -q -v ON_ERROR_STOP=1 <<SQL
CREATE TABLE events (id bigserial PRIMARY KEY, token uuid NOT NULL UNIQUE, body text,
                     at timestamptz NOT NULL);
INSERT INTO events (token, body, at)
SELECT md5('seed' || g)::uuid, 'seed ' || g, now() FROM generate_series(1, $rows) g;
SQL
  # the control: a database of the same cluster, not captured, written directly by the same pgbench
  # at the same rate at the same time; what it waits is what the machine imposes
  control_url="${TRIBUTARY_LEGACY_PG_URL%/*}/${db}_control"
  psql "$TRIBUTARY_LEGACY_PG_URL" -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE ${db}_control"
  psql "$control_url" -q -v ON_ERROR_STOP=1 -c "CREATE TABLE events (id bigserial PRIMARY KEY, token uuid NOT NULL UNIQUE, body text, at timestamptz NOT NULL)"
  # PgBouncer in front of the source, as the applications would reach it
  bouncer_port=16432
  while port_open "$bouncer_port"; do bouncer_port=$((bouncer_port + 1)); done
  bouncer_dir="$bench_dir/pgbouncer"
  mkdir -p "$bouncer_dir"
  cat >"$bouncer_dir/userlist.txt" <<EOT
"postgres" "$TRIBUTARY_PG_PASSWORD"
EOT
  cat >"$bouncer_dir/pgbouncer.ini" <<EOT
[databases]
app = host=$legacy_host port=$legacy_port dbname=$db user=postgres password=$TRIBUTARY_PG_PASSWORD

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $bouncer_port
unix_socket_dir = $bouncer_dir
auth_type = plain
auth_file = $bouncer_dir/userlist.txt
admin_users = postgres
pool_mode = transaction
default_pool_size = 20
max_client_conn = 200
ignore_startup_parameters = extra_float_digits
logfile = $bouncer_dir/pgbouncer.log
pidfile = $bouncer_dir/pgbouncer.pid
EOT
  chmod 644 "$bouncer_dir"/*
  pg_chown "$bouncer_dir" "$bouncer_dir"/*
  as_pg pgbouncer -d "$bouncer_dir/pgbouncer.ini"
  wait_for_port "$bouncer_port" 20 || die "PgBouncer did not start; see $bouncer_dir/pgbouncer.log"
  stop_bouncer() { [[ -f "$bouncer_dir/pgbouncer.pid" ]] && kill "$(cat "$bouncer_dir/pgbouncer.pid")" 2>/dev/null || true; }
  log "PgBouncer on 127.0.0.1:$bouncer_port (database app -> $db)"
  plan_source="  - name: events-app
    kind: postgres
    url: $source_url
    schema: $schema"
  plan_action="    - pgbouncer:
        source: events-app
        admin: postgresql://postgres:$TRIBUTARY_PG_PASSWORD@127.0.0.1:$bouncer_port/pgbouncer
        database: app
        config: $bouncer_dir/pgbouncer.ini
        target-password: $role_password"
  writer_name="pgbench, $clients clients through PgBouncer"
else
  source_file="$bench_dir/app.db"
  env_file="$bench_dir/app.env"
  table=cutover_events
  log "creating the source file $source_file ($rows rows, journal mode $journal)"
  tributary_tool CutoverWriter "$source_file" --seed "$rows" --journal "$journal"
  # the control: the same file, not captured, written by the same writer at the same rate at the
  # same time; what it waits is what the machine imposes (disk, CPU), not Tributary's reads
  control_file="$bench_dir/control.db"
  cp "$source_file" "$control_file"
  plan_source="  - name: app
    kind: sqlite
    path: $source_file
    schema: $schema"
  plan_action="    - env-file: { path: $env_file, source: app }"
  writer_name="io.tributary.tools.CutoverWriter, 1 client, following the env-file switch, journal mode $journal"
fi

# --- the writer (and the control writer) --------------------------------------------------------
start_writers() {
  log "$writer_name: $rate writes/s for $seconds s$( ((control)) && echo " (and a control writer)" || true); cutover 8 s after REPLICATING"
  if [[ "$source_kind" == postgres ]]; then
    cat >"$bench_dir/insert.sql" <<'EOT'
INSERT INTO events (token, body, at) VALUES (md5(random()::text || clock_timestamp()::text)::uuid, 'bench', now());
EOT
    (cd "$bench_dir" && PGPASSWORD="$TRIBUTARY_PG_PASSWORD" "$PGBENCH" -n -h 127.0.0.1 -p "$bouncer_port" -U postgres \
      -c "$clients" -j 2 -R "$rate" -T "$seconds" -f insert.sql -l --log-prefix=tx app \
      >"$bench_dir/writer.out" 2>&1) &
  else
    (PGPASSWORD="$role_password" TRIBUTARY_WRITER_TX_LOG="$bench_dir/tx.writer" \
      tributary_tool CutoverWriter "$source_file" "$env_file" "$rate" "$seconds" \
      >"$bench_dir/writer.out" 2>&1) &
  fi
  bench_pid=$!
  control_pid=""
  ((control)) || return 0
  if [[ "$source_kind" == postgres ]]; then
    (mkdir -p "$bench_dir/control" && cd "$bench_dir/control" && PGPASSWORD="$TRIBUTARY_PG_PASSWORD" "$PGBENCH" -n -h 127.0.0.1 -p "$legacy_port" -U postgres \
      -c "$clients" -j 2 -R "$rate" -T "$seconds" -f ../insert.sql -l --log-prefix=tx "${db}_control" \
      >"$bench_dir/control.out" 2>&1) &
  else
    (TRIBUTARY_WRITER_TX_LOG="$bench_dir/tx.control" \
      tributary_tool CutoverWriter "$control_file" "$bench_dir/control.env" "$rate" "$seconds" \
      >"$bench_dir/control.out" 2>&1) &
  fi
  control_pid=$!
}

if ((from_load)); then
  start_writers # the writers run through the load too
fi
code="$(curl -sS -o "$bench_dir/post.json" -w '%{http_code}' -X POST "${auth[@]}" \
  -H 'Content-Type: application/yaml' --data-binary @- "$TRIBUTARY_API/migrations" <<PLAN
migration: $migration
sources:
$plan_source
cutover:
  actions:
$plan_action
PLAN
)"
[[ "$code" == 201 ]] || die "POST /migrations answered $code: $(cat "$bench_dir/post.json")"
log "migration $migration submitted; waiting for REPLICATING"
deadline=$((SECONDS + 1800))
until [[ "$(curl -sS "${tributary_auth[@]}" "$TRIBUTARY_API/migrations/$migration" | sed -n 's/.*"state":"\([A-Z_]*\)".*/\1/p')" == REPLICATING ]]; do
  ((SECONDS < deadline)) || die "migration $migration is not REPLICATING after 30 minutes"
  sleep 1
done
replicating_ms="$(date +%s%3N)"
psql "$TRIBUTARY_TARGET_URL" -q -v ON_ERROR_STOP=1 -c "ALTER ROLE \"$schema\" PASSWORD '$role_password'"

# --- the cutover, 8 s after REPLICATING and after the writers started ---------------------------
if ((from_load == 0)); then
  start_writers
fi
sleep 8
cut_at_ms="$(date +%s%3N)"
code="$(curl -sS -o "$bench_dir/cutover.json" -w '%{http_code}' -X POST "${auth[@]}" \
  -H 'Content-Type: application/json' -d '{"reason":"bench/cutover.sh"}' \
  "$TRIBUTARY_API/migrations/$migration/cutover")"
[[ "$code" == 202 ]] || die "POST cutover answered $code: $(cat "$bench_dir/cutover.json")"
until curl -sS "${tributary_auth[@]}" "$TRIBUTARY_API/migrations/$migration/cutover" >"$bench_dir/result.json" &&
  grep -q '"outcome":"' "$bench_dir/result.json"; do
  sleep 0.2
done
done_at_ms="$(date +%s%3N)"
fallback_row=""
if ((fallback > 0)) && grep -q '"outcome":"cut_over"' "$bench_dir/result.json"; then
  # the writer now writes to the target through PgBouncer: after CHANGES of its changes there, fall
  # back (the answer comes when the fallback is done)
  switched_rows="$(psql "$TRIBUTARY_TARGET_URL" -At -c "SELECT count(*) FROM \"$schema\".$table")"
  until (($(psql "$TRIBUTARY_TARGET_URL" -At -c "SELECT count(*) FROM \"$schema\".$table") >= switched_rows + fallback)); do
    kill -0 "$bench_pid" 2>/dev/null || die "the writer ended before $fallback changes on the target: give --seconds more room"
    sleep 0.5
  done
  log "$fallback changes on the target: falling back"
  fallback_at_ms="$(date +%s%3N)"
  code="$(curl -sS -o "$bench_dir/fallback.json" -w '%{http_code}' -X POST "${auth[@]}" \
    -H 'Content-Type: application/json' -d '{"reason":"bench/cutover.sh --fallback"}' \
    "$TRIBUTARY_API/migrations/$migration/fallback")"
  [[ "$code" == 200 ]] || die "POST fallback answered $code: $(cat "$bench_dir/fallback.json")"
  curl -sS "${tributary_auth[@]}" "$TRIBUTARY_API/migrations/$migration/fallback" >"$bench_dir/fallback-view.json"
  fallback_outcome="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("outcome"))' "$bench_dir/fallback.json")"
  fallback_pause="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("writePauseMs"))' "$bench_dir/fallback.json")"
  fallback_steps="$(python3 -c 'import json,sys; print(", ".join("%s %s ms" % (s["step"], s.get("durationMs")) for s in json.load(open(sys.argv[1])).get("steps", [])))' "$bench_dir/fallback.json")"
  fallback_row="| fallback after $fallback changes on the target ($(( (fallback_at_ms - done_at_ms) / 1000 )) s after the cutover) | $fallback_outcome, write pause ${fallback_pause} ms; $fallback_steps |"
fi
wait "$bench_pid" || warn "the writer exited with an error; see $bench_dir/writer.out"
[[ -z "$control_pid" ]] || wait "$control_pid" || warn "the control writer exited with an error; see $bench_dir/control.out"

outcome="$(sed -n 's/.*"outcome":"\([a-z_]*\)".*/\1/p' "$bench_dir/result.json")"
pause_ms="$(sed -n 's/.*"writePauseMs":\([0-9]*\).*/\1/p' "$bench_dir/result.json")"
source_lock_ms="$(sed -n 's/.*"sourceLockMs":\([0-9]*\).*/\1/p' "$bench_dir/result.json")"
app_pause_ms="$(sed -n 's/.*"applicationPauseMs":\([0-9]*\).*/\1/p' "$bench_dir/result.json")"
target_rows="$(psql "$TRIBUTARY_TARGET_URL" -At -c "SELECT count(*) FROM \"$schema\".$table")"
percentiles() { # file -> "count p50 p99 max" (ms)
  sort -n "$1" | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "0 - - -"; exit }
    i50 = int(NR * 0.5); if (i50 < 1) i50 = 1; i99 = int(NR * 0.99); if (i99 < 1) i99 = 1
    printf "%d %.1f %.1f %.1f\n", NR, v[i50], v[i99], v[NR] }'
}
if [[ "$source_kind" == postgres ]]; then
  processed="$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$bench_dir/writer.out")"
  failed="$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$bench_dir/writer.out")"
  failed="${failed:-0}"
  aborted="$(grep -c 'client [0-9]* aborted' "$bench_dir/writer.out" || true)"
  source_rows="$(psql "$source_url" -At -c "SELECT count(*) FROM events")"
  # per-transaction log: client tx latency_us script epoch_s us lag_us; with -R the latency counts
  # from when the transaction was due, so a client behind schedule (the machine busy with the
  # precutover verification) shows its lag: the time a transaction itself took is latency - lag.
  # The window is from the cutover request to 2 s after its outcome.
  cat "$bench_dir"/tx.* | awk -v from="$cut_at_ms" -v to="$((done_at_ms + 2000))" -v all="$bench_dir/lat-all" -v win="$bench_dir/lat-window" -v lags="$bench_dir/lag-all" '
    { end_ms = $5 * 1000 + int($6 / 1000); lag = (NF >= 7 ? $7 : 0); lat = ($3 - lag) / 1000.0;
      print lat > all; print lag / 1000.0 > lags; if (end_ms >= from && end_ms <= to) { print lat > win } }'
  touch "$bench_dir/lat-all" "$bench_dir/lat-window" "$bench_dir/lag-all"
  read -r _ _ lag_p99 lag_max <<<"$(percentiles "$bench_dir/lag-all")"
  read -r n_all p50_all p99_all max_all <<<"$(percentiles "$bench_dir/lat-all")"
  read -r n_win p50_win p99_win max_win <<<"$(percentiles "$bench_dir/lat-window")"
  client_pause="$max_win ms (the longest transaction around the cutover, its wait in PgBouncer included)"
  latency="transaction time (lag behind schedule taken out), whole run p50 / p99 / max $p50_all / $p99_all / $max_all ms; cutover window ($n_win tx) $p50_win / $p99_win / $max_win ms; lag behind schedule p99 / max $lag_p99 / $lag_max ms"
  failures="${failed} failed (clients aborted: $aborted)"
  expected=$((rows + ${processed:-0}))
  if [[ -n "$fallback_row" ]]; then
    # fell back: every write is in the source (the window wrote the target's back)
    verdict="every write is in the source after the fallback ($source_rows = $rows seeded + ${processed:-0} written)"
    [[ "$source_rows" == "$expected" && "$fallback_outcome" == fell_back ]] ||
      verdict="MISSING WRITES or no fallback ($fallback_outcome): source has $source_rows rows, expected $expected"
    ok=$([[ "$failed" == 0 && "$aborted" == 0 && "$source_rows" == "$expected" && "$fallback_outcome" == fell_back ]] && echo true || echo false)
  else
    verdict="every write is in the target ($target_rows = $rows seeded + ${processed:-0} written)"
    [[ "$target_rows" == "$expected" ]] || verdict="MISSING WRITES: target has $target_rows rows, expected $expected"
    ok=$([[ "$failed" == 0 && "$aborted" == 0 && "$target_rows" == "$expected" ]] && echo true || echo false)
  fi
else
  totals="$(grep -o 'source=[0-9]* target=[0-9]* refused=[0-9]* last_seq=[0-9]* pause_ms=[0-9a-z]*' "$bench_dir/writer.out")" ||
    die "the writer printed no totals: $(cat "$bench_dir/writer.out")"
  read -r w_source w_target w_refused w_last w_pause <<<"$(sed 's/[a-z_]*=//g' <<<"$totals")"
  source_rows="$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM cutover_events").fetchone()[0])' "$source_file")"
  distinct="$(psql "$TRIBUTARY_TARGET_URL" -At -c "SELECT count(DISTINCT seq) || ' ' || coalesce(max(seq), 0) FROM \"$schema\".cutover_events")"
  client_pause="$w_pause ms (from the first attempt of the first write that never committed on the source to the first commit on the target; $w_refused refused attempts; $(grep -m1 '^of the pause' "$bench_dir/writer.out" || echo 'no breakdown'))"
  latency="$(grep -m1 '^wrote' "$bench_dir/writer.out")"
  failures="none lost: every refused write was retried and committed on the target"
  expected=$((rows + w_source + w_target))
  verdict="every write is in the target once ($target_rows rows, distinct seq + max: $distinct; $rows seeded + $w_source on the source + $w_target on the target)"
  [[ "$target_rows" == "$expected" && "$distinct" == "$expected $w_last" ]] ||
    verdict="MISSING OR DOUBLED WRITES: target has $target_rows rows (distinct seq, max: $distinct), expected $expected up to seq $w_last"
  ok=$([[ "$target_rows" == "$expected" && "$distinct" == "$expected $w_last" ]] && echo true || echo false)
fi
# the writer's longest stall (from a transaction's scheduled start to its commit, waits and
# reconnects included) in each phase: the load before the cutover's request, from the request to
# the freeze (prepare), the freeze to the end of the switch, after the switch
if [[ "$source_kind" == postgres ]]; then
  # pgbench's log: client tx latency_us script epoch_s us [lag_us]; with -R the latency counts
  # from the scheduled start, which is the end minus the latency
  due_latency() { cat "$@" | awk '{ end_ms = $5 * 1000 + $6 / 1000; printf "%.0f %.3f\n", end_ms - $3 / 1000, $3 / 1000 }'; }
  due_latency "$bench_dir"/tx.* >"$bench_dir/due-latency"
  due_latency "$bench_dir"/control/tx.* >"$bench_dir/due-latency-control" 2>/dev/null || : >"$bench_dir/due-latency-control"
else
  cp "$bench_dir/tx.writer" "$bench_dir/due-latency" 2>/dev/null || : >"$bench_dir/due-latency"
  cp "$bench_dir/tx.control" "$bench_dir/due-latency-control" 2>/dev/null || : >"$bench_dir/due-latency-control"
fi
read -r frozen_ms switched_ms <<<"$(python3 -c '
import json, sys, datetime
d = json.load(open(sys.argv[1]))
def ms(t):
    return int(datetime.datetime.fromisoformat(t.replace("Z", "+00:00")).timestamp() * 1000) if t else 0
print(ms(d.get("frozenAt")), ms(d.get("switchedAt")))' "$bench_dir/result.json")"
fb_frozen_ms=0 fb_switched_ms=0
if [[ -f "$bench_dir/fallback-view.json" ]]; then
  read -r fb_frozen_ms fb_switched_ms <<<"$(python3 -c '
import json, sys, datetime
d = json.load(open(sys.argv[1])).get("latestFallback") or {}
def ms(t):
    return int(datetime.datetime.fromisoformat(t.replace("Z", "+00:00")).timestamp() * 1000) if t else 0
print(ms(d.get("frozenAt")), ms(d.get("switchedAt")))' "$bench_dir/fallback-view.json")"
fi
stalls_of() { awk -v replicating="$replicating_ms" -v cut="$cut_at_ms" -v frozen="$frozen_ms" -v switched="$switched_ms" \
  -v fbfrozen="$fb_frozen_ms" -v fbswitched="$fb_switched_ms" '
  { due = $1; lat = $2
    p = (due < replicating) ? 0 : (due < cut) ? 1 : (frozen == 0 || due < frozen) ? 2 : (switched == 0 || due <= switched) ? 3 : 4
    if (p == 4 && fbfrozen > 0) p = (due < fbfrozen) ? 4 : (fbswitched == 0 || due <= fbswitched) ? 5 : 6
    if (lat > m[p]) m[p] = lat; n[p]++ }
  END { if (n[0] > 0) printf "the load (submitted to REPLICATING) %.0f ms (%d tx); ", m[0], n[0]
        printf "before the request %.0f ms (%d tx); prepare %.0f ms (%d tx); freeze to switch %.0f ms (%d tx); after the switch %.0f ms (%d tx)",
        m[1], n[1], m[2], n[2], m[3], n[3], m[4], n[4]
        if (fbfrozen > 0) printf "; the fallback, target frozen to switch back %.0f ms (%d tx); after it %.0f ms (%d tx)", m[5], n[5], m[6], n[6] }' "$1"; }
stalls="$(stalls_of "$bench_dir/due-latency")"
control_stalls="$( ((control)) && stalls_of "$bench_dir/due-latency-control" || echo "not run (--no-control: at high rates a second writer on the same cluster doubles its load)")"
steps="$(grep -o '"step":"[a-z]*","at":"[^"]*","durationMs":[0-9]*' "$bench_dir/result.json" |
  sed 's/"step":"\([a-z]*\)".*"durationMs":\([0-9]*\)/\1 \2/' | awk '{printf "| %s | %s |\n", $1, $2}')"
prepare_detail="$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(next((s["detail"] for s in d["steps"] if s["step"]=="prepare"), ""))' "$bench_dir/result.json")"
validate_detail="$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(next((s["detail"] for s in d["steps"] if s["step"]=="validate"), ""))' "$bench_dir/result.json")"

mkdir -p "$TRIBUTARY_ROOT/bench/results"
report="$TRIBUTARY_ROOT/bench/results/cutover-$source_kind-$(date +%Y%m%d-%H%M%S).md"
cat >"$report" <<EOT
# Cutover of a $source_kind source: write pause and what the writer saw

$(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr);
PostgreSQL 15 (legacy and unified clusters on this machine)$([[ "$source_kind" == postgres ]] && echo ", PgBouncer $(pgbouncer --version | head -1 | awk '{print $2}'), pool_mode=transaction").

Load: $writer_name, $rate INSERT transactions/s (fixed rate), $seconds s; $rows rows seeded.
The cutover was requested 8 s into the load.

| result | value |
|---|---|
| outcome | $outcome |
| write pause (freeze → end of the switch) | ${pause_ms:-?} ms |
| longest source lock held by a read of the cutover (the report's \`sourceLockMs\`) | ${source_lock_ms:-none (no read blocks writers)}${source_lock_ms:+ ms} |
| the application's pause, as the report says (\`applicationPauseMs\`) | ${app_pause_ms:-?} ms |
| pause the writer saw | $client_pause |
| the writer's longest stall by phase (scheduled start to commit) | $stalls |
| the control writer's longest stall by phase (the same writer at the same rate on an uncaptured $([[ "$source_kind" == postgres ]] && echo "database of the same cluster, directly" || echo "copy of the file"): what the machine imposes) | $control_stalls |
| failed transactions | $failures |
| writer latency | $latency |
| rows in the target / in the source | $target_rows / $source_rows |
| check | $verdict |
${fallback_row}

Steps (ms):

| step | duration |
|---|---|
$steps

Prepare: $prepare_detail

Validate: $validate_detail

Command: \`bench/cutover.sh --source $source_kind --rate $rate --clients $clients --seconds $seconds --rows $rows$([[ "$source_kind" == sqlite ]] && echo " --journal $journal" || true)$( ((fallback > 0)) && echo " --fallback $fallback" || true)$( ((from_load)) && echo " --from-load" || true)$( ((control)) || echo " --no-control")\`
EOT
log "report: ${report#"$TRIBUTARY_ROOT"/}"
cat "$report"
# A migration left behind keeps capture, apply and continuous validation busy on this machine (one
# that fell back or rolled back replicates again): end it, so that the next run measures alone.
state="$(curl -sS "${tributary_auth[@]}" "$TRIBUTARY_API/migrations/$migration" | sed -n 's/.*"state":"\([A-Z_]*\)".*/\1/p')"
if [[ "$state" == CUT_OVER ]]; then
  end_code="$(curl -sS -o /dev/null -w '%{http_code}' -X POST "${auth[@]}" -H 'Content-Type: application/json' -d '{}' \
    "$TRIBUTARY_API/migrations/$migration/finish")"
else
  end_code="$(curl -sS -o /dev/null -w '%{http_code}' -X DELETE "${auth[@]}" "$TRIBUTARY_API/migrations/$migration")"
fi
log "migration $migration ($state) ended: $([[ "$state" == CUT_OVER ]] && echo finish || echo abandon) answered $end_code"
[[ "$outcome" == cut_over && "$ok" == true ]]
