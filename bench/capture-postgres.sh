#!/usr/bin/env bash
# Benchmark: PostgreSQL snapshot capture (rows/s into Kafka), end-to-end load into the unified
# PostgreSQL, and steady streaming (changes/s from the source's commit to the target), with the RSS
# of cdc-service.
#
#   bench/capture-postgres.sh [--scale N]     (default 10: 1,120,000 rows in 3 tables)
#
# Starts the local runtime if needed, creates a Letta-like database in the legacy cluster
# (agents: N×10k rows with an enum, jsonb and timestamptz; tasks: N×100k rows; embeddings: N×2k
# rows of vector(384)), kept for later runs as database bench_pg_x<N>; submits it as a new
# migration and waits for a green validation; then updates every fifth task in 10 transactions and
# waits until the target shows every update. Timings come from the control schema:
#   capture  = POST accepted -> last table's snapshot acknowledged by Kafka
#   apply    = POST accepted -> last batch committed in the target
#   validate = POST accepted -> every table validated MATCH
#   streaming = first update committed in the source -> the last one visible in the target
# The report goes to bench/results/. deploy/local/down.sh --purge removes migrations and topics;
# each run's slot and publication are dropped when its migration ends.
set -euo pipefail
export TRIBUTARY_LOG_PREFIX=bench
# shellcheck source-path=SCRIPTDIR source=../deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/local/lib.sh"

scale=10
while (($#)); do
  case "$1" in
    --scale) scale="${2:?--scale needs a number}"; shift 2 ;;
    *) die "unknown option '$1' (usage: capture-postgres.sh [--scale N])" ;;
  esac
done
[[ "$scale" =~ ^[1-9][0-9]*$ ]] || die "--scale must be a positive integer, not '$scale'"

"$TRIBUTARY_LOCAL_DIR/setup.sh" >/dev/null
tributary_build_if_stale
"$TRIBUTARY_LOCAL_DIR/up.sh" >/dev/null
tributary_load_endpoints

bench_dir="$TRIBUTARY_RUN_DIR/bench"
mkdir -p "$bench_dir"
db="bench_pg_x$scale"
source_url="${TRIBUTARY_LEGACY_PG_URL%/*}/$db"
if [[ "$(psql "$TRIBUTARY_LEGACY_PG_URL" -At -c "SELECT count(*) FROM pg_database WHERE datname = '$db'")" == 0 ]]; then
  log "creating the source database $db (scale $scale)"
  psql "$TRIBUTARY_LEGACY_PG_URL" -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $db"
  psql "$source_url" -q -v ON_ERROR_STOP=1 <<SQL
CREATE EXTENSION IF NOT EXISTS vector;
CREATE TYPE agent_status AS ENUM ('idle', 'busy', 'error', 'offline');
CREATE TABLE agents (
  id uuid PRIMARY KEY, name text NOT NULL, status agent_status NOT NULL,
  config jsonb, created_at timestamptz NOT NULL);
CREATE TABLE tasks (
  id bigint PRIMARY KEY, agent_id uuid NOT NULL, title text NOT NULL, payload jsonb,
  priority integer NOT NULL, done boolean NOT NULL, created_at timestamptz NOT NULL);
CREATE TABLE embeddings (id bigint PRIMARY KEY, agent_id uuid NOT NULL, embedding vector(384));
INSERT INTO agents
SELECT md5('a' || g)::uuid, 'agent ' || g, (ARRAY['idle','busy','error','offline'])[1 + g % 4]::agent_status,
       jsonb_build_object('model', 'm' || g % 7, 'temperature', (g % 10) / 10.0),
       timestamptz '2024-01-01' + g * interval '1 second'
  FROM generate_series(1, $scale * 10000) g;
INSERT INTO tasks
SELECT g, md5('a' || (1 + g % ($scale * 10000)))::uuid, 'task ' || g,
       jsonb_build_object('step', g % 13, 'tags', jsonb_build_array('x', g % 5)),
       g % 100, g % 3 = 0, timestamptz '2024-01-01' + g * interval '1 second'
  FROM generate_series(1, $scale * 100000) g;
INSERT INTO embeddings
SELECT g, md5('a' || (1 + g % ($scale * 10000)))::uuid,
       (SELECT array_agg(sin(g + i)::real) FROM generate_series(1, 384) i)::vector
  FROM generate_series(1, $scale * 2000) g;
SQL
fi
rows="$(psql "$source_url" -At -c "SELECT (SELECT count(*) FROM agents) + (SELECT count(*) FROM tasks) + (SELECT count(*) FROM embeddings)")"
size_mb="$(psql "$source_url" -At -c "SELECT pg_database_size(current_database()) / 1048576")"

stamp="$(date +%s)"
migration="bench-pg-$stamp"
schema="bench_pg_$stamp"
log "migration $migration: $rows rows, ${size_mb} MB, into schema $schema"
cdc_pid="$(service_running_pid cdc-service)"
code="$(curl -sS -o "$bench_dir/post.json" -w '%{http_code}' -X POST "${tributary_auth[@]}" -H 'Content-Type: application/yaml' \
  --data-binary @- "$TRIBUTARY_API/migrations" <<PLAN
migration: $migration
sources:
  - name: letta
    kind: postgres
    url: $source_url
    schemas: { public: $schema }
PLAN
)"
[[ "$code" == 201 ]] || die "POST /migrations answered $code: $(cat "$bench_dir/post.json")"

peak_rss=0
wait_green() {
  local deadline=$((SECONDS + 3600))
  while true; do
    rss="$(pid_rss_kb "$cdc_pid")"
    ((rss > peak_rss)) && peak_rss="$rss"
    curl -sS -f -o "$bench_dir/status.json" "${tributary_auth[@]}" "$TRIBUTARY_API/migrations/$migration" || die "GET failed"
    if python3 "$TRIBUTARY_LOCAL_DIR/demo/report.py" "done" <"$bench_dir/status.json"; then
      return 0
    fi
    ((SECONDS < deadline)) || die "no green validation after an hour"
    sleep 1
  done
}
wait_green

read -r capture_s apply_s validate_s < <(psql "$TRIBUTARY_TARGET_URL" -At -F ' ' -v ON_ERROR_STOP=1 -c "
  WITH m AS (SELECT created_at FROM tributary.migrations WHERE id = '$migration'),
       t AS (SELECT topic, snapshot_done_at FROM tributary.tables WHERE migration_id = '$migration')
  SELECT round(extract(epoch FROM (SELECT max(snapshot_done_at) FROM t) - (SELECT created_at FROM m))::numeric, 2),
         round(extract(epoch FROM (SELECT max(updated_at) FROM tributary.apply_offsets o JOIN t USING (topic)) - (SELECT created_at FROM m))::numeric, 2),
         round(extract(epoch FROM (SELECT max(first_match) FROM (
             SELECT min(at) AS first_match FROM tributary.validations
              WHERE migration_id = '$migration' AND status = 'MATCH' GROUP BY source_table) f) - (SELECT created_at FROM m))::numeric, 2)")

# steady streaming: every fifth task updated, in 10 transactions
changes=$((scale * 100000 / 5))
marker="streamed-$stamp"
log "streaming: updating $changes tasks in the source"
start_ns="$(date +%s%N)"
for part in 0 1 2 3 4 5 6 7 8 9; do
  psql "$source_url" -q -v ON_ERROR_STOP=1 -c \
    "UPDATE tasks SET title = '$marker', priority = priority + 1 WHERE id % 5 = 0 AND (id / 5) % 10 = $part"
done
written_ns="$(date +%s%N)"
deadline=$((SECONDS + 1800))
until [[ "$(psql "$TRIBUTARY_TARGET_URL" -At -c "SELECT count(*) FROM \"$schema\".tasks WHERE title = '$marker'")" == "$changes" ]]; do
  rss="$(pid_rss_kb "$cdc_pid")"
  ((rss > peak_rss)) && peak_rss="$rss"
  ((SECONDS < deadline)) || die "the target did not show the $changes updates within 30 minutes"
  sleep 0.2
done
done_ns="$(date +%s%N)"
stream_s="$(python3 -c "import sys; print(f'{(int(sys.argv[2]) - int(sys.argv[1])) / 1e9:.2f}')" "$start_ns" "$done_ns")"
write_s="$(python3 -c "import sys; print(f'{(int(sys.argv[2]) - int(sys.argv[1])) / 1e9:.2f}')" "$start_ns" "$written_ns")"
slot_mb="$(psql "$TRIBUTARY_TARGET_URL" -At -c "SELECT coalesce(capture_retained_bytes, 0) / 1048576 FROM tributary.sources WHERE migration_id = '$migration'")"

hwm_kb="$(awk '/VmHWM/ {print $2}' "/proc/$cdc_pid/status")"
rate() { python3 -c "import sys; print(f'{int(sys.argv[1]) / float(sys.argv[2]):,.0f}')" "$1" "$2"; }

report="$TRIBUTARY_ROOT/bench/results/capture-postgres-$(date -u +%Y%m%d-%H%M%S).md"
cat >"$report" <<MD
# PostgreSQL capture benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')

Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr); PostgreSQL 15 (source and target clusters on this machine), Kafka 4.1.1 (single node), Debezium 3.4.3 embedded, Java $(java -version 2>&1 | head -n1 | cut -d'"' -f2).
Dataset: $rows rows in 3 tables (agents, tasks, embeddings with vector(384)), ${size_mb} MB (\`bench/capture-postgres.sh --scale $scale\`).

| phase | seconds | rows/s |
|---|---:|---:|
| capture: snapshot acknowledged by Kafka (from POST) | $capture_s | $(rate "$rows" "$capture_s") |
| apply: last batch committed in PostgreSQL (from POST) | $apply_s | $(rate "$rows" "$apply_s") |
| validation green, counts + checksums (from POST) | $validate_s | $(rate "$rows" "$validate_s") |
| streaming: $changes updates in 10 transactions, first commit in the source to all visible in the target | $stream_s | $(rate "$changes" "$stream_s") |

The source took $write_s s to commit the updates. Replication slot: $slot_mb MB of WAL held at the end.
cdc-service RSS: peak during the run $((peak_rss / 1024)) MB (sampled), process high-water mark $((hwm_kb / 1024)) MB.
MD
cat "$report"
log "report: ${report#"$TRIBUTARY_ROOT"/}"
