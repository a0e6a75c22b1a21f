#!/usr/bin/env bash
# Benchmark: the write pause and the latency applications see during a cutover through PgBouncer.
#
#   bench/cutover.sh [--rate N] [--clients N] [--seconds N] [--rows N]
#                    (defaults: 400 writes/s from 4 clients for 40 s; 100,000 seeded rows)
#
# Starts the local runtime if needed, creates a source database in the legacy cluster (events:
# bigserial key, uuid, text, timestamptz), starts a PgBouncer (pool_mode=transaction) in front of
# it, submits the database as a new migration with a pgbouncer cutover action, and waits until it
# is REPLICATING. Then pgbench writes through PgBouncer at a fixed rate (one INSERT per
# transaction) while the cutover runs: PgBouncer is paused, the stream fenced and drained, the
# target validated and finalized, PgBouncer pointed at the unified target and resumed. Reported:
# the cutover's steps and write pause (from GET /migrations/{id}/cutover), pgbench's failed
# transactions, and the client latency (p50/p99/max) of the transactions around the cutover, and
# that every write is in the target. The report goes to bench/results/.
set -euo pipefail
export TRIBUTARY_LOG_PREFIX=bench
# shellcheck source-path=SCRIPTDIR source=../deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/local/lib.sh"

rate=400 clients=4 seconds=40 rows=100000
while (($#)); do
  case "$1" in
    --rate) rate="${2:?--rate needs a number}"; shift 2 ;;
    --clients) clients="${2:?--clients needs a number}"; shift 2 ;;
    --seconds) seconds="${2:?--seconds needs a number}"; shift 2 ;;
    --rows) rows="${2:?--rows needs a number}"; shift 2 ;;
    *) die "unknown option '$1' (usage: cutover.sh [--rate N] [--clients N] [--seconds N] [--rows N])" ;;
  esac
done
for v in rate clients seconds rows; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "--$v must be a positive integer, not '${!v}'"
done
((seconds >= 20)) || die "--seconds must be at least 20 (the cutover starts after 8 s of load)"

"$TRIBUTARY_LOCAL_DIR/setup.sh" >/dev/null
tributary_build_if_stale
"$TRIBUTARY_LOCAL_DIR/up.sh" >/dev/null
tributary_load_endpoints
command -v pgbouncer >/dev/null || die "pgbouncer is not installed (deploy/local/setup.sh installs it)"
PGBENCH="$TRIBUTARY_PG_BIN/pgbench"
[[ -x "$PGBENCH" ]] || die "no pgbench at $PGBENCH"
auth=(-H "Authorization: Bearer ${TRIBUTARY_TOKEN:-}")

stamp="$(date +%s)"
bench_dir="$TRIBUTARY_RUN_DIR/bench/cutover-$stamp"
mkdir -p "$bench_dir"
chmod 755 "$TRIBUTARY_RUN_DIR/bench" "$bench_dir"
db="bench_cutover_$stamp"
migration="bench-cutover-$stamp"
schema="bench_cutover_$stamp"
legacy_host=127.0.0.1
legacy_port="${TRIBUTARY_LEGACY_PG_URL##*:}"; legacy_port="${legacy_port%%/*}"
source_url="${TRIBUTARY_LEGACY_PG_URL%/*}/$db"

log "creating the source database $db ($rows rows)"
psql "$TRIBUTARY_LEGACY_PG_URL" -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $db"
psql "$source_url" -q -v ON_ERROR_STOP=1 <<SQL
CREATE TABLE events (id bigserial PRIMARY KEY, token uuid NOT NULL UNIQUE, body text,
                     at timestamptz NOT NULL);
INSERT INTO events (token, body, at)
SELECT md5('seed' || g)::uuid, 'seed ' || g, now() FROM generate_series(1, $rows) g;
SQL

# PgBouncer in front of the source, as the applications would reach it
bouncer_port=16432
while port_open "$bouncer_port"; do bouncer_port=$((bouncer_port + 1)); done
bouncer_dir="$bench_dir/pgbouncer"
mkdir -p "$bouncer_dir"
cat >"$bouncer_dir/userlist.txt" <<EOT
"postgres" "postgres"
EOT
cat >"$bouncer_dir/pgbouncer.ini" <<EOT
[databases]
app = host=$legacy_host port=$legacy_port dbname=$db user=postgres password=postgres

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
trap stop_bouncer EXIT
log "PgBouncer on 127.0.0.1:$bouncer_port (database app -> $db)"

role_password="bench-$stamp"
code="$(curl -sS -o "$bench_dir/post.json" -w '%{http_code}' -X POST "${auth[@]}" \
  -H 'Content-Type: application/yaml' --data-binary @- "$TRIBUTARY_API/migrations" <<PLAN
migration: $migration
sources:
  - name: events-app
    kind: postgres
    url: $source_url
    schema: $schema
cutover:
  actions:
    - pgbouncer:
        source: events-app
        admin: postgresql://postgres:postgres@127.0.0.1:$bouncer_port/pgbouncer
        database: app
        config: $bouncer_dir/pgbouncer.ini
        target-password: $role_password
PLAN
)"
[[ "$code" == 201 ]] || die "POST /migrations answered $code: $(cat "$bench_dir/post.json")"
log "migration $migration submitted; waiting for REPLICATING"
deadline=$((SECONDS + 600))
until [[ "$(curl -sS "$TRIBUTARY_API/migrations/$migration" | sed -n 's/.*"state":"\([A-Z_]*\)".*/\1/p')" == REPLICATING ]]; do
  ((SECONDS < deadline)) || die "migration $migration is not REPLICATING after 10 minutes"
  sleep 1
done
psql "$TRIBUTARY_TARGET_URL" -q -v ON_ERROR_STOP=1 -c "ALTER ROLE \"$schema\" PASSWORD '$role_password'"

cat >"$bench_dir/insert.sql" <<'EOT'
INSERT INTO events (token, body, at) VALUES (md5(random()::text || clock_timestamp()::text)::uuid, 'bench', now());
EOT
log "pgbench: $clients clients, $rate writes/s for $seconds s through PgBouncer; cutover after 8 s"
(cd "$bench_dir" && PGPASSWORD=postgres "$PGBENCH" -n -h 127.0.0.1 -p "$bouncer_port" -U postgres \
  -c "$clients" -j 2 -R "$rate" -T "$seconds" -f insert.sql -l --log-prefix=tx app \
  >"$bench_dir/pgbench.out" 2>&1) &
bench_pid=$!
sleep 8
cut_at_ms="$(date +%s%3N)"
code="$(curl -sS -o "$bench_dir/cutover.json" -w '%{http_code}' -X POST "${auth[@]}" \
  -H 'Content-Type: application/json' -d '{"reason":"bench/cutover.sh"}' \
  "$TRIBUTARY_API/migrations/$migration/cutover")"
[[ "$code" == 202 ]] || die "POST cutover answered $code: $(cat "$bench_dir/cutover.json")"
until curl -sS "$TRIBUTARY_API/migrations/$migration/cutover" >"$bench_dir/result.json" &&
  grep -q '"outcome":"' "$bench_dir/result.json"; do
  sleep 0.2
done
done_at_ms="$(date +%s%3N)"
wait "$bench_pid" || warn "pgbench exited with an error; see $bench_dir/pgbench.out"

outcome="$(sed -n 's/.*"outcome":"\([a-z_]*\)".*/\1/p' "$bench_dir/result.json")"
pause_ms="$(sed -n 's/.*"writePauseMs":\([0-9]*\).*/\1/p' "$bench_dir/result.json")"
processed="$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$bench_dir/pgbench.out")"
failed="$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$bench_dir/pgbench.out")"
aborted="$(grep -c 'client [0-9]* aborted' "$bench_dir/pgbench.out" || true)"
target_rows="$(psql "$TRIBUTARY_TARGET_URL" -At -c "SELECT count(*) FROM \"$schema\".events")"
source_rows="$(psql "$source_url" -At -c "SELECT count(*) FROM events")"
# per-transaction log: client tx latency_us script epoch_s us [lag_us]; the window is from the
# cutover request to 2 s after its outcome
cat "$bench_dir"/tx.* | awk -v from="$cut_at_ms" -v to="$((done_at_ms + 2000))" -v all="$bench_dir/lat-all" -v win="$bench_dir/lat-window" '
  { end_ms = $5 * 1000 + int($6 / 1000); lat = $3 / 1000.0;
    print lat > all; if (end_ms >= from && end_ms <= to) { print lat > win } }'
touch "$bench_dir/lat-all" "$bench_dir/lat-window"
percentiles() { # file -> "count p50 p99 max" (ms)
  sort -n "$1" | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "0 - - -"; exit }
    i50 = int(NR * 0.5); if (i50 < 1) i50 = 1; i99 = int(NR * 0.99); if (i99 < 1) i99 = 1
    printf "%d %.1f %.1f %.1f\n", NR, v[i50], v[i99], v[NR] }'
}
echo "$(percentiles "$bench_dir/lat-all") $(percentiles "$bench_dir/lat-window")" >"$bench_dir/latency.txt"
read -r n_all p50_all p99_all max_all n_win p50_win p99_win max_win <"$bench_dir/latency.txt"
steps="$(grep -o '"step":"[a-z]*","at":"[^"]*","durationMs":[0-9]*' "$bench_dir/result.json" |
  sed 's/"step":"\([a-z]*\)".*"durationMs":\([0-9]*\)/\1 \2/' | awk '{printf "| %s | %s |\n", $1, $2}')"

expected=$((rows + ${processed:-0}))
verdict="every write is in the target ($target_rows = $rows seeded + ${processed:-0} written)"
[[ "$target_rows" == "$expected" ]] || verdict="MISSING WRITES: target has $target_rows rows, expected $expected"

mkdir -p "$TRIBUTARY_ROOT/bench/results"
report="$TRIBUTARY_ROOT/bench/results/cutover-$(date +%Y%m%d-%H%M%S).md"
cat >"$report" <<EOT
# Cutover through PgBouncer: write pause and client latency

$(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr);
PostgreSQL 15 (legacy and unified clusters on this machine), PgBouncer $(pgbouncer --version | head -1 | awk '{print $2}'), pool_mode=transaction.

Load: pgbench, $clients clients, $rate INSERT transactions/s (fixed rate), $seconds s, through PgBouncer;
$rows rows seeded. The cutover was requested 8 s into the load.

| result | value |
|---|---|
| outcome | $outcome |
| write pause (freeze → switch) | ${pause_ms:-?} ms |
| pgbench transactions | ${processed:-?} |
| failed transactions | ${failed:-0} (clients aborted: $aborted) |
| client latency, whole run: p50 / p99 / max | $p50_all / $p99_all / $max_all ms |
| client latency, cutover window ($n_win tx): p50 / p99 / max | $p50_win / $p99_win / $max_win ms |
| rows in the target / in the source | $target_rows / $source_rows |
| check | $verdict |

Steps (ms):

| step | duration |
|---|---|
$steps

Command: \`bench/cutover.sh --rate $rate --clients $clients --seconds $seconds --rows $rows\`
EOT
log "report: ${report#"$TRIBUTARY_ROOT"/}"
cat "$report"
[[ "$outcome" == cut_over && "${failed:-0}" == 0 && "$aborted" == 0 && "$target_rows" == "$expected" ]]
