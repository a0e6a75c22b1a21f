#!/usr/bin/env bash
# Benchmark: deep and final validation (validator-service comparing every row of every table by
# key and value) on the local runtime: rows compared per second, passes, the RSS of
# validator-service, and whether planted differences are found exactly.
#
#   bench/deep-validate.sh [--scale N] [--differences K]
#       --scale N        sample SQLite database at scale N (default 8: ~1.1 million rows, 4 tables)
#       --differences K  differences planted in the target's largest table (default 100)
#
# Starts the local runtime if needed (building the services first when their sources are newer
# than their jars, and restarting a service whose jar is newer than its process), generates the
# sample database at the given scale (kept under deploy/local/.run/bench/ for later runs), submits
# it as a new migration and waits until continuous validation is green. Then:
#   1. a deep validation of the clean migration (POST /migrations/{id}/validate): every table must
#      be MATCH;
#   2. K differences planted with SQL in the target's `orders` (the sample's largest table): about
#      2/5 of them rows deleted (missing), 2/5 rows whose `quantity` changed (differing), 1/5 rows
#      inserted under new keys (extra), spread evenly over the key range; a deep validation must
#      find exactly them (counts, and the listed rows read back through GET .../differences);
#   3. a final validation (the source is not written, apply is drained) of the same state;
#   4. the planted rows are put back as they were (the migration validates green again).
# Per table: rows read (source + target), duration_ms as recorded by the validator, rows/s, passes
# (from the validator's log), status; per request: the wall time from request to done_at. The
# validator's RSS is sampled every 0.5 s during the validations. The report goes to bench/results/.
# Each run creates a new migration, target schema and topics; deploy/local/down.sh --purge removes
# them all.
set -euo pipefail
export TRIBUTARY_LOG_PREFIX=bench
# shellcheck source-path=SCRIPTDIR source=../deploy/local/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/local/lib.sh"

scale=8
differences=100
command_line="bench/deep-validate.sh${*:+ $*}"
while (($#)); do
  case "$1" in
    --scale) scale="${2:?--scale needs a number}"; shift 2 ;;
    --differences) differences="${2:?--differences needs a number}"; shift 2 ;;
    *) die "unknown option '$1' (usage: deep-validate.sh [--scale N] [--differences K])" ;;
  esac
done
[[ "$scale" =~ ^[1-9][0-9]*$ ]] || die "--scale must be a positive integer, not '$scale'"
[[ "$differences" =~ ^[1-9][0-9]*$ ]] || die "--differences must be a positive integer, not '$differences'"
((differences <= 1000)) || die "--differences must be at most 1000 (the validator lists at most 1000 a table)"

# ---------------------------------------------------------------------------------------------
# Runtime, built from the current sources
# ---------------------------------------------------------------------------------------------
# other_builds: pids of Maven builds running in this checkout (another engineer's `mvn verify`).
other_builds() {
  local pid
  for pid in $(pgrep -f 'org.codehaus.plexus.classworlds.launcher.Launcher' || true); do
    [[ "$(pid_cmdline "$pid")" == *"-Dmaven.multiModuleProjectDirectory=$TRIBUTARY_ROOT "* ]] && printf '%s ' "$pid"
  done
  return 0
}

# wait_for_other_builds: building while another build of the same tree runs would overwrite the
# classes and jars it is using; wait (at most 30 minutes) until none runs.
wait_for_other_builds() {
  local deadline=$((SECONDS + 1800)) pids
  pids="$(other_builds)"
  [[ -n "$pids" ]] || return 0
  log "waiting for the Maven build(s) already running in this checkout to end (pids $pids) before building"
  while [[ -n "$(other_builds)" ]]; do
    ((SECONDS < deadline)) || die "Maven build(s) $(other_builds) still running after 30 minutes: run again later"
    sleep 5
  done
}

# restart_outdated_services: a service started before its jar was last rebuilt (by another build)
# runs old code; stop it so that up.sh starts it on the current build.
restart_outdated_services() {
  local svc pid started
  for svc in "${TRIBUTARY_SERVICES[@]}"; do
    pid="$(service_running_pid "$svc" || true)"
    [[ -n "$pid" ]] || continue
    started=$(($(date +%s) - $(ps -o etimes= -p "$pid" | tr -d ' ')))
    if [[ -n "$(find "$TRIBUTARY_ROOT/$svc/target/quarkus-app" -type f -newermt "@$started" -print -quit 2>/dev/null)" ]]; then
      log "$svc (pid $pid) runs an older build than $svc/target/quarkus-app: restarting it"
      stop_pid "$svc" "$pid"
      remove_pid "$svc"
    fi
  done
}

"$TRIBUTARY_LOCAL_DIR/setup.sh" >/dev/null
if tributary_jars_stale; then
  wait_for_other_builds
fi
tributary_build_if_stale
restart_outdated_services
"$TRIBUTARY_LOCAL_DIR/up.sh" >/dev/null
tributary_load_endpoints
validator_pid="$(service_running_pid validator-service)"
[[ -n "$validator_pid" ]] || die "validator-service is not running after up.sh"
validator_log="$(service_log_file validator-service)"
sql() { psql "$TRIBUTARY_TARGET_URL" -X -q -At -v ON_ERROR_STOP=1 "$@"; }

# ---------------------------------------------------------------------------------------------
# The sample database, migrated
# ---------------------------------------------------------------------------------------------
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
migration="bench-deep-$stamp"
schema="bench_deep_$stamp"
log "migration $migration: $rows rows, ${size_mb} MB, into schema $schema"
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

load_started=$SECONDS
deadline=$((SECONDS + 3600))
until curl -sS -f -o "$bench_dir/status.json" "${tributary_auth[@]}" "$TRIBUTARY_API/migrations/$migration" &&
  python3 "$TRIBUTARY_LOCAL_DIR/demo/report.py" "done" <"$bench_dir/status.json"; do
  ((SECONDS < deadline)) || die "no green continuous validation of $migration after an hour"
  sleep 2
done
load_s=$((SECONDS - load_started))
log "snapshot applied and validated green in ${load_s}s"

# ---------------------------------------------------------------------------------------------
# Validations
# ---------------------------------------------------------------------------------------------
peak_rss=0
sample_rss() {
  local rss
  rss="$(pid_rss_kb "$validator_pid")"
  [[ -n "$rss" ]] || return 0
  ((rss > peak_rss)) && peak_rss="$rss"
  return 0
}

# validate NAME MODE: requests a validation of the whole migration, waits until it is done
# (sampling the validator's RSS), and leaves in $bench_dir/NAME.json the request with its results,
# NAME.log the validator's log lines written meanwhile, NAME.env timings, loads and passes.
validate() {
  local name="$1" mode="$2" log_from code request_id started_ns done_ns load_before deadline
  log_from="$(stat -c %s "$validator_log")"
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  started_ns="$(date +%s%N)"
  code="$(curl -sS -o "$bench_dir/$name-post.json" -w '%{http_code}' -X POST "${tributary_auth[@]}" \
    "$TRIBUTARY_API/migrations/$migration/validate?mode=$mode")"
  [[ "$code" == 202 ]] || die "POST /migrations/$migration/validate?mode=$mode answered $code: $(cat "$bench_dir/$name-post.json")"
  request_id="$(python3 -c 'import json, sys; print(json.load(sys.stdin)["requestId"])' <"$bench_dir/$name-post.json")"
  log "$name: $mode validation request $request_id"
  deadline=$((SECONDS + 7200))
  while true; do
    sample_rss
    pid_alive "$validator_pid" || {
      show_log_tail "$validator_log"
      die "validator-service (pid $validator_pid) exited during $mode validation request $request_id"
    }
    curl -sS -f -o "$bench_dir/$name.json" "${tributary_auth[@]}" "$TRIBUTARY_API/migrations/$migration/validation/requests/$request_id" ||
      die "GET /migrations/$migration/validation/requests/$request_id failed"
    if python3 -c 'import json, sys; sys.exit(0 if json.load(sys.stdin).get("doneAt") else 1)' <"$bench_dir/$name.json"; then
      break
    fi
    ((SECONDS < deadline)) || {
      show_log_tail "$validator_log"
      die "$mode validation request $request_id not done after 2 hours ($(cat "$bench_dir/$name.json"))"
    }
    sleep 0.5
  done
  done_ns="$(date +%s%N)"
  sample_rss
  tail -c +"$((log_from + 1))" "$validator_log" >"$bench_dir/$name.log"
  # continuous validations recorded while this request ran (they compete for the same 2 cores)
  local continuous
  continuous="$(sql -c "
    SELECT count(*) FROM tributary.validations v, tributary.validation_requests r
     WHERE r.id = $request_id AND coalesce(v.mode, 'continuous') = 'continuous'
       AND v.at BETWEEN r.started_at AND r.done_at")"
  cat >"$bench_dir/$name.env" <<ENV
request_id=$request_id
client_wall_s=$(python3 -c "import sys; print(f'{(int(sys.argv[2]) - int(sys.argv[1])) / 1e9:.2f}')" "$started_ns" "$done_ns")
load_before="$load_before"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
continuous=$continuous
ENV
  log "$name: done ($(python3 -c 'import json, sys; r = json.load(sys.stdin); print(r["status"], r.get("error") or "")' <"$bench_dir/$name.json"))"
}

builds_during="$(other_builds)"
validate clean deep

# ---------------------------------------------------------------------------------------------
# Planted differences in the target's largest table (the sample's `orders`, key `id`)
# ---------------------------------------------------------------------------------------------
table=orders
largest="$(python3 -c '
import json, sys
r = json.load(sys.stdin)["results"]
print(max(r, key=lambda t: t.get("sourceRows") or 0)["table"])' <"$bench_dir/clean.json")"
[[ "$largest" == "$table" ]] || warn "the largest table is $largest, not $table: planting in $table anyway"
extra=$((differences / 5))
missing=$(((differences - extra + 1) / 2))
differing=$((differences - extra - missing))
picked=$((missing + differing))
columns="$(sql -c "SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position)
  FROM information_schema.columns WHERE table_schema = '$schema' AND table_name = '$table'")"
log "planting $differences differences in $schema.$table: $missing rows deleted, $differing updated, $extra inserted"
sql <<SQL
BEGIN;
-- $picked keys spread evenly over 1..max(id); a Bresenham-like split gives exactly $missing deletes
CREATE TABLE "$schema"._bench_planted AS
  WITH n AS (SELECT max(id) AS max_id FROM "$schema"."$table"),
       picks AS (
         SELECT 1 + (i * (n.max_id - 1)) / $picked AS id,
                CASE WHEN ((i + 1) * $missing) / $picked > (i * $missing) / $picked
                     THEN 'missing' ELSE 'differing' END AS kind
           FROM n, generate_series(0, $picked - 1) i)
  SELECT p.kind, o.* FROM picks p JOIN "$schema"."$table" o ON o.id = p.id;
CREATE TEMP TABLE extra AS SELECT $columns FROM "$schema"."$table" ORDER BY id LIMIT $extra;
UPDATE extra SET id = id + (SELECT max(id) FROM "$schema"."$table");
DELETE FROM "$schema"."$table" o USING "$schema"._bench_planted p WHERE o.id = p.id AND p.kind = 'missing';
UPDATE "$schema"."$table" o SET quantity = o.quantity + 1000
  FROM "$schema"._bench_planted p WHERE o.id = p.id AND p.kind = 'differing';
INSERT INTO "$schema"."$table" ($columns) SELECT $columns FROM extra;
INSERT INTO "$schema"._bench_planted (kind, id) SELECT 'extra', id FROM extra;
COMMIT;
SQL
planted="$(sql -c "SELECT kind, count(*) FROM \"$schema\"._bench_planted GROUP BY kind ORDER BY kind" | tr '\n|' '; ')"
log "planted: $planted"
sql -c "COPY (SELECT kind, id FROM \"$schema\"._bench_planted) TO STDOUT" >"$bench_dir/planted.tsv"

validate planted deep
validate final final

# differences listed for the table, read back through the API (pages of 1000)
fetch_differences() {
  local name="$1" id offset=0 total
  id="$(python3 -c '
import json, sys
print(next(r["validationId"] for r in json.load(sys.stdin)["results"] if r["table"] == sys.argv[1]))' "$table" <"$bench_dir/$name.json")"
  : >"$bench_dir/$name-differences.jsonl"
  while true; do
    curl -sS -f -o "$bench_dir/page.json" "${tributary_auth[@]}" \
      "$TRIBUTARY_API/migrations/$migration/validation/results/$id/differences?offset=$offset&limit=1000" ||
      die "GET .../validation/results/$id/differences failed"
    python3 -c '
import json, sys
for d in json.load(sys.stdin)["differences"]:
    print(json.dumps(d))' <"$bench_dir/page.json" >>"$bench_dir/$name-differences.jsonl"
    total="$(python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])' <"$bench_dir/page.json")"
    offset=$((offset + 1000))
    ((offset < total)) || break
  done
}
fetch_differences planted
fetch_differences final

log "putting the planted rows back"
sql <<SQL
BEGIN;
DELETE FROM "$schema"."$table" o USING "$schema"._bench_planted p WHERE o.id = p.id;
INSERT INTO "$schema"."$table" ($columns) SELECT $columns FROM "$schema"._bench_planted WHERE kind <> 'extra';
DROP TABLE "$schema"._bench_planted;
COMMIT;
SQL

# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------
hwm_kb="$(awk '/VmHWM/ {print $2}' "/proc/$validator_pid/status")"
validator_started="$(date -u -d "$(ps -o lstart= -p "$validator_pid")" '+%H:%M UTC')"
validator_opts="$(pid_cmdline "$validator_pid" | grep -o -- '-Xmx[^ ]*' || true)"
pg_version="$(sql -c 'SHOW server_version')"
active="$(sql -c "SELECT count(*) FROM tributary.migrations WHERE state IN ('PROVISIONED','SNAPSHOTTING','REPLICATING','CUTTING_OVER')")"
report="$TRIBUTARY_ROOT/bench/results/deep-validate-$(date -u +%Y%m%d-%H%M%S).md"

set +e
python3 - "$bench_dir" "$migration" "$table" "$missing" "$differing" "$extra" >"$bench_dir/report-body.md" <<'PY'
import json, re, sys
from datetime import datetime

bench, migration, table = sys.argv[1], sys.argv[2], sys.argv[3]
expected = {"missing": int(sys.argv[4]), "differing": int(sys.argv[5]), "extra": int(sys.argv[6])}
failures = []

def env(name):
    out = {}
    for line in open(f"{bench}/{name}.env"):
        k, _, v = line.strip().partition("=")
        out[k] = v.strip('"')
    return out

def ts(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))

def passes(name, mode):
    found = {}
    pattern = re.compile(r"Compared (\S+)/(\S+)/(\S+) \((\w+)\): (\d+) source and (\d+) target rows in "
                         r"([\d.]+) s \((\d+) rows/s\), (\d+) passes: (\w+)")
    for line in open(f"{bench}/{name}.log", errors="replace"):
        m = pattern.search(line)
        if m and m.group(1) == migration and m.group(4) == mode:
            found[m.group(3)] = int(m.group(9))
    return found

def fmt(n):
    return "–" if n is None else f"{n:,}"

def section(name, title, mode):
    r = json.load(open(f"{bench}/{name}.json"))
    e = env(name)
    p = passes(name, mode)
    out = [f"### {title}", ""]
    out.append("| table | status | source rows | target rows | compared | rows read (src+tgt) | duration s | rows/s (src+tgt) | passes | missing | extra | differing | listed |")
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    total_rows = total_ms = 0
    for t in sorted(r["results"], key=lambda t: -(t.get("sourceRows") or 0)):
        read = (t.get("sourceRows") or 0) - (t.get("rejectedRows") or 0) + (t.get("targetRows") or 0)
        c = t.get("comparison") or {}
        ms = c.get("durationMs") or 0
        total_rows += read
        total_ms += ms
        listed = c.get("differencesListed")
        complete = c.get("differencesComplete")
        out.append(f"| {t['table']} | {t['status']} | {fmt(t.get('sourceRows'))} | {fmt(t.get('targetRows'))} | "
                   f"{fmt(c.get('comparedRows'))} | {fmt(read)} | {ms / 1000:.2f} | "
                   f"{read / max(ms / 1000, 1e-3):,.0f} | {c.get('passes') or p.get(t['table'], '?')} | {fmt(c.get('missingRows'))} | "
                   f"{fmt(c.get('extraRows'))} | {fmt(c.get('differingRows'))} | "
                   f"{fmt(listed)}{'' if complete in (None, True) else ' (cut)'} |")
    out.append(f"| **total** | **{r['status']}** | | | | **{fmt(total_rows)}** | **{total_ms / 1000:.2f}** | "
               f"**{total_rows / max(total_ms / 1000, 1e-3):,.0f}** | | | | | |")
    wall = (ts(r["doneAt"]) - ts(r["requestedAt"])).total_seconds()
    run = (ts(r["doneAt"]) - ts(r["startedAt"])).total_seconds()
    out.append("")
    out.append(f"Request {r['id']}: requested → done {wall:.2f} s ({total_rows / max(wall, 1e-3):,.0f} rows/s "
               f"read, both sides), started → done {run:.2f} s; seen done by the polling client after "
               f"{e['client_wall_s']} s. Load average {e['load_before']} before, {e['load_after']} after; "
               f"{e['continuous']} continuous validation results were recorded meanwhile."
               + (f" Error: {r['error']}." if r.get("error") else ""))
    for t in r["results"]:
        if t.get("detail"):
            out.append(f"- {t['table']}: {t['detail']}")
    return r, out

lines = []
clean, out = section("clean", "1. Deep validation of the clean migration", "deep")
lines += out + [""]
if clean["status"] != "MATCH":
    failures.append(f"the clean deep validation is {clean['status']}, not MATCH")

planted_kinds = {}
for line in open(f"{bench}/planted.tsv"):
    kind, key = line.split()
    planted_kinds[(kind, int(key))] = True

def check(name, label):
    r = json.load(open(f"{bench}/{name}.json"))
    out = []
    t = next(t for t in r["results"] if t["table"] == table)
    c = t.get("comparison") or {}
    found = {"missing": c.get("missingRows") or 0, "extra": c.get("extraRows") or 0,
             "differing": c.get("differingRows") or 0}
    total = sum(found.values())
    listed = [json.loads(l) for l in open(f"{bench}/{name}-differences.jsonl")]
    listed_keys = {(d["kind"], int(d["key"]["id"])) for d in listed}
    columns = sorted({c for d in listed if d["kind"] == "differing" for c in (d.get("columns") or [])})
    exact = found == expected
    same_keys = listed_keys == set(planted_kinds)
    others = [f"{o['table']} {o['status']}" for o in r["results"] if o["table"] != table]
    out.append(f"{label}: `{table}` {t['status']}: found {total} = {found['missing']} missing + {found['extra']} extra + "
               f"{found['differing']} differing (planted {sum(expected.values())} = {expected['missing']} + "
               f"{expected['extra']} + {expected['differing']}): **{'exact' if exact else 'NOT EXACT'}**; "
               f"{len(listed)} rows listed (GET .../differences), "
               f"{'exactly the planted keys and kinds' if same_keys else 'NOT the planted keys and kinds'}"
               f"{', differing columns: ' + ', '.join(columns) if columns else ''}; other tables: {', '.join(others)}.")
    if not exact or not same_keys:
        failures.append(f"{label}: the differences found are not exactly the planted ones")
    if t["status"] != "MISMATCH":
        failures.append(f"{label}: {table} is {t['status']}, not MISMATCH")
    if any(o["status"] != "MATCH" for o in r["results"] if o["table"] != table):
        failures.append(f"{label}: a table without planted differences is not MATCH")
    return out

planted, out = section("planted", "2. Deep validation with planted differences", "deep")
lines += out + [""] + check("planted", "Deep") + [""]
final, out = section("final", "3. Final validation (source not written, apply drained), same planted differences", "final")
lines += out + [""] + check("final", "Final") + [""]
print("\n".join(lines))
for f in failures:
    print(f"FAILED: {f}", file=sys.stderr)
sys.exit(1 if failures else 0)
PY
checks=$?
set -e

{
  cat <<MD
# Deep validation benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')

Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr); PostgreSQL $pg_version (target), Kafka $TRIBUTARY_KAFKA_VERSION (single node), Java $(java -version 2>&1 | head -n1 | cut -d'"' -f2); everything on this machine, shared with other work (see the load averages; Maven builds of other work running in this checkout when the validations started: ${builds_during:-none}).
Dataset: sample SQLite database at scale $scale — $rows rows in 4 tables, ${size_mb} MB; migration \`$migration\` (snapshot applied and validated green in ${load_s} s); $active active migrations validated continuously by the same validator.
Command: \`$command_line\` (commit $(git -C "$TRIBUTARY_ROOT" rev-parse --short HEAD)).

Rows read = source rows + target rows (both sides are read in full); duration = \`duration_ms\` recorded per table by validator-service; passes from its log line \`Compared … N passes\`.
The validator's own log line gives rows/s per side (half of the figure here).

MD
  cat "$bench_dir/report-body.md"
  cat <<MD

Planted in \`$schema.$table\` with SQL: $missing rows deleted, $differing rows with \`quantity\` + 1000, $extra rows inserted under new keys (keys spread evenly over the table); put back afterwards.

validator-service RSS: peak $((peak_rss / 1024)) MB during the three validations (sampled every 0.5 s), process high-water mark $((hwm_kb / 1024)) MB (VmHWM since its start at $validator_started; JVM ${validator_opts:-default heap}).
MD
} >"$report"
cat "$report"
log "report: ${report#"$TRIBUTARY_ROOT"/}"
((checks == 0)) || die "some checks failed (see above and the report)"
