#!/usr/bin/env bash
# Tributary demo: one real SQLite database migrated end to end on the local runtime.
#
#   ./deploy/local/demo.sh
#
# Installs what is missing (setup.sh), builds the services when their sources changed, starts the
# runtime (up.sh), generates the bundled sample database (customers, products, orders, order_tags:
# 137k rows with INTEGER, REAL, TEXT, NUMERIC, BLOB and NULL values and foreign keys), submits its
# plan through the REST API, shows progress, and ends with a per-table table of source rows, target
# rows and validation status (counts and value checksums). The runtime keeps running afterwards
# (deploy/local/down.sh stops it). Safe to run again: the migration is submitted once, rows are
# upserted by key, never duplicated.
#
# Environment: TRIBUTARY_DEMO_TIMEOUT (seconds to wait for a green validation, default 900), and
# the port variables of lib.sh.
set -euo pipefail
export TRIBUTARY_LOG_PREFIX=demo
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

timeout_s="${TRIBUTARY_DEMO_TIMEOUT:-900}"
demo_dir="$TRIBUTARY_RUN_DIR/demo"
db_file="$demo_dir/shop.db"
plan_file="$demo_dir/plan.yaml"
started=$(date +%s)

command -v python3 >/dev/null 2>&1 || die "python3 is needed to read the API's JSON (apt-get install python3)"
command -v curl >/dev/null 2>&1 || die "curl is needed (apt-get install curl)"

log "1/5 setup: installing what is missing"
"$TRIBUTARY_LOCAL_DIR/setup.sh"

log "2/5 build"
tributary_build_if_stale

log "3/5 runtime"
"$TRIBUTARY_LOCAL_DIR/up.sh"
tributary_load_endpoints

log "4/5 sample database"
mkdir -p "$demo_dir"
if [[ -f "$db_file" ]]; then
  log "using $db_file (delete it to regenerate)"
else
  tributary_tool SampleDatabase "$db_file"
  log "generated $db_file"
fi
cat >"$plan_file" <<PLAN
# The demo's migration plan: one SQLite source into schema "shop" of the unified database.
migration: demo
sources:
  - name: shop
    kind: sqlite
    path: $db_file
    schema: shop
PLAN

log "5/5 migration: POST $TRIBUTARY_API/migrations"
response="$demo_dir/post-response.json"
code="$(curl -sS -o "$response" -w '%{http_code}' -X POST "${tributary_auth[@]}" -H 'Content-Type: application/yaml' \
  --data-binary "@$plan_file" "$TRIBUTARY_API/migrations")" || die "the orchestrator at $TRIBUTARY_API does not answer"
case "$code" in
  201) log "migration 'demo' created: $(cat "$response")" ;;
  409) log "migration 'demo' was submitted by an earlier run: showing its state" ;;
  *) die "POST /migrations answered $code: $(cat "$response")" ;;
esac

status="$demo_dir/status.json"
last=""
while true; do
  curl -sS -f -o "$status" "${tributary_auth[@]}" "$TRIBUTARY_API/migrations/demo" || die "GET /migrations/demo failed"
  line="$(python3 "$TRIBUTARY_LOCAL_DIR/demo/report.py" progress <"$status")"
  if [[ "$line" != "$last" ]]; then
    printf '%s\n' "$line"
    last="$line"
  fi
  if python3 "$TRIBUTARY_LOCAL_DIR/demo/report.py" "done" <"$status"; then
    break
  fi
  if (($(date +%s) - started > timeout_s)); then
    python3 "$TRIBUTARY_LOCAL_DIR/demo/report.py" final <"$status"
    die "validation not green after ${timeout_s}s; logs: $TRIBUTARY_LOG_DIR"
  fi
  sleep 2
done

echo
python3 "$TRIBUTARY_LOCAL_DIR/demo/report.py" final <"$status"
echo
log "done in $(($(date +%s) - started))s. The migrated tables are in schema \"shop\" of:"
echo "  $TRIBUTARY_TARGET_URL"
echo "  e.g. psql $TRIBUTARY_TARGET_URL -c 'SELECT count(*) FROM shop.orders'"
echo "  API: $TRIBUTARY_API/migrations/demo   stop everything: deploy/local/down.sh"
