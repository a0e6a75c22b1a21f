#!/usr/bin/env bash
# Benchmark: SQLite snapshot capture (rows/s into Kafka) and end-to-end load (rows/s applied into
# PostgreSQL) on the local runtime, with the RSS of cdc-service.
#
#   bench/capture-sqlite.sh [--scale N]      (default 8: ~1.1 million rows in 4 tables)
#
# Starts the local runtime if needed (deploy/local/up.sh), generates the sample database at the
# given scale (kept under deploy/local/.run/bench/ for later runs), submits it as a new migration,
# waits for a green validation, then reads the timings from the control schema:
#   capture  = POST accepted -> last table's snapshot acknowledged by Kafka
#   apply    = POST accepted -> last batch committed in the target
#   validate = POST accepted -> every table validated MATCH (counts and checksums)
# and writes a markdown report to bench/results/. Each run creates a new migration, target schema
# and topics; deploy/local/down.sh --purge removes them all.
set -euo pipefail
export TRIBUTARY_LOG_PREFIX=bench
# shellcheck source-path=SCRIPTDIR source=../deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/local/lib.sh"

scale=8
while (($#)); do
  case "$1" in
    --scale) scale="${2:?--scale needs a number}"; shift 2 ;;
    *) die "unknown option '$1' (usage: capture-sqlite.sh [--scale N])" ;;
  esac
done
[[ "$scale" =~ ^[1-9][0-9]*$ ]] || die "--scale must be a positive integer, not '$scale'"

"$TRIBUTARY_LOCAL_DIR/setup.sh" >/dev/null
tributary_build_if_stale
"$TRIBUTARY_LOCAL_DIR/up.sh" >/dev/null
tributary_load_endpoints

bench_dir="$TRIBUTARY_RUN_DIR/bench"
db_file="$bench_dir/shop-x$scale.db"
mkdir -p "$bench_dir"
if [[ ! -f "$db_file" ]]; then
  log "generating the sample database at scale $scale: $db_file"
  tributary_tool SampleDatabase "$db_file" "$scale"
fi
rows="$(python3 -c "
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(sum(c.execute(f'SELECT count(*) FROM {t}').fetchone()[0] for t in ('customers','products','orders','order_tags')))
" "$db_file")"
size_mb="$(du -m "$db_file" | cut -f1)"

stamp="$(date +%s)"
migration="bench-sqlite-$stamp"
schema="bench_sqlite_$stamp"
log "migration $migration: $rows rows, ${size_mb} MB, into schema $schema"
cdc_pid="$(service_running_pid cdc-service)"
code="$(curl -sS -o "$bench_dir/post.json" -w '%{http_code}' -X POST "${tributary_auth[@]}" -H 'Content-Type: application/yaml' \
  --data-binary @- "$TRIBUTARY_API/migrations" <<PLAN
migration: $migration
sources:
  - name: shop
    kind: sqlite
    path: $db_file
    schema: $schema
PLAN
)"
[[ "$code" == 201 ]] || die "POST /migrations answered $code: $(cat "$bench_dir/post.json")"

peak_rss=0
deadline=$((SECONDS + 3600))
while true; do
  rss="$(pid_rss_kb "$cdc_pid")"
  ((rss > peak_rss)) && peak_rss="$rss"
  curl -sS -f -o "$bench_dir/status.json" "${tributary_auth[@]}" "$TRIBUTARY_API/migrations/$migration" || die "GET failed"
  if python3 "$TRIBUTARY_LOCAL_DIR/demo/report.py" "done" <"$bench_dir/status.json"; then
    break
  fi
  ((SECONDS < deadline)) || die "no green validation after an hour"
  sleep 1
done

read -r capture_s apply_s validate_s < <(psql "$TRIBUTARY_TARGET_URL" -At -F ' ' -v ON_ERROR_STOP=1 -c "
  WITH m AS (SELECT created_at FROM tributary.migrations WHERE id = '$migration'),
       t AS (SELECT topic, snapshot_done_at FROM tributary.tables WHERE migration_id = '$migration')
  SELECT round(extract(epoch FROM (SELECT max(snapshot_done_at) FROM t) - (SELECT created_at FROM m))::numeric, 2),
         round(extract(epoch FROM (SELECT max(updated_at) FROM tributary.apply_offsets o JOIN t USING (topic)) - (SELECT created_at FROM m))::numeric, 2),
         round(extract(epoch FROM (SELECT max(first_match) FROM (
             SELECT min(at) AS first_match FROM tributary.validations
              WHERE migration_id = '$migration' AND status = 'MATCH' GROUP BY source_table) f) - (SELECT created_at FROM m))::numeric, 2)")
hwm_kb="$(awk '/VmHWM/ {print $2}' "/proc/$cdc_pid/status")"
rate() { python3 -c "import sys; print(f'{int(sys.argv[1]) / float(sys.argv[2]):,.0f}')" "$rows" "$1"; }

report="$TRIBUTARY_ROOT/bench/results/capture-sqlite-$(date -u +%Y%m%d-%H%M%S).md"
cat >"$report" <<MD
# SQLite capture benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')

Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr); PostgreSQL 15, Kafka 4.1.1 (single node), Java $(java -version 2>&1 | head -n1 | cut -d'"' -f2).
Dataset: sample database at scale $scale — $rows rows in 4 tables, ${size_mb} MB (\`bench/capture-sqlite.sh --scale $scale\`).

| phase (from POST) | seconds | rows/s |
|---|---:|---:|
| capture: snapshot acknowledged by Kafka | $capture_s | $(rate "$capture_s") |
| apply: last batch committed in PostgreSQL | $apply_s | $(rate "$apply_s") |
| validation green (counts + checksums) | $validate_s | $(rate "$validate_s") |

cdc-service RSS: peak during the run $((peak_rss / 1024)) MB (sampled each second), process high-water mark $((hwm_kb / 1024)) MB.
MD
cat "$report"
log "report: ${report#"$TRIBUTARY_ROOT"/}"
