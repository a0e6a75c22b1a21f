#!/usr/bin/env bash
# Soak under random faults (issue 44): per source kind, a writer commits mixed changes while a
# driver injects random faults every 10-30 s; at the end the writer stops, the target catches up
# and the soak compares target and source row for row itself (not through Tributary's validator).
#
#   bench/soak.sh [--minutes N] [--kinds sqlite,postgres,chroma] [--seed S] [--keep] [--parallel]
#                 [--rows-sqlite N] [--rows-postgres N] [--rows-chroma N] [--rate N]
#                 (defaults: 30 minutes per kind, all three kinds, a random seed)
# --faults kill-cdc,pause-resume,... draws only those fault types (to find which one a loss needs;
# "none": the writer and the comparison alone). --parallel runs the kinds at once on the one runtime (each with its own writer and fault
# schedule; each kind also lives through the others' faults of the shared services, not counted).
#
# It runs its own local runtime, apart from deploy/local/.run: TRIBUTARY_RUN_DIR (default
# deploy/local/.run-soak) and ports 100 above the usual ones (15532, 15533, 19192, 19193, 18180,
# 18181, 18182; each TRIBUTARY_*_PORT variable overrides its own). It installs what is missing
# (deploy/local/setup.sh --soak: python3-psycopg2, the Chroma server from npm and the trixie glibc
# it runs on), builds when the sources changed and starts that runtime (deploy/local/up.sh); it
# leaves it running (TRIBUTARY_RUN_DIR=... deploy/local/down.sh stops it).
#
# Writers (bench/lib/soak_writer.py for SQLite and PostgreSQL, bench/lib/soak_chroma.mjs for
# Chroma through the real Chroma server), faults, recovery probe, catch-up, comparison and report:
# bench/lib/soak.py. Faults, in shuffled rounds of one each: kill -9 of cdc-service (capture and
# apply), of validator-service, of orchestrator-service (each restarted by up.sh), a Kafka restart,
# a source restart (PostgreSQL: the legacy cluster crashed and started; SQLite: the writer killed
# -9 and started again; Chroma: the Chroma server killed -9 and started again), pause/resume, a
# resync of one table. The same seed gives the same fault schedule and the same writer choices.
#
# Prints the seed, the fault log and one line per kind:
#   soak <kind>: <F> faults, <C> changes, lost 0, doubled 0, differing 0
# writes bench/results/soak-<time>.md, and exits 1 when anything was lost, doubled or differing
# (or the target never caught up). The run's files (writer logs, dumps) are under
# $TRIBUTARY_RUN_DIR/soak/<time>/; a kind that failed keeps its migration, source and schema.
set -euo pipefail
export TRIBUTARY_LOG_PREFIX=soak

minutes=30 kinds=sqlite,postgres,chroma seed="" extra=()
while (($#)); do
  case "$1" in
    --minutes) minutes="${2:?--minutes needs a number}"; shift 2 ;;
    --kinds) kinds="${2:?--kinds needs a list}"; shift 2 ;;
    --seed) seed="${2:?--seed needs a value}"; shift 2 ;;
    --keep | --parallel) extra+=("$1"); shift ;;
    --rows-sqlite | --rows-postgres | --rows-chroma | --rate | --rate-chroma | --catchup-timeout | --faults)
      extra+=("$1" "${2:?$1 needs a number}"); shift 2 ;;
    -h | --help) sed -n '2,32p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) printf 'soak: unknown option %s (see --help)\n' "$1" >&2; exit 2 ;;
  esac
done
[[ "$minutes" =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "soak: --minutes must be a number, not '$minutes'" >&2; exit 2; }
IFS=, read -ra kind_list <<<"$kinds"
for k in "${kind_list[@]}"; do
  [[ "$k" == sqlite || "$k" == postgres || "$k" == chroma ]] ||
    { echo "soak: --kinds takes sqlite, postgres and chroma, not '$k'" >&2; exit 2; }
done
[[ -n "$seed" ]] || seed="$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')"

local_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../deploy/local" && pwd)"
export TRIBUTARY_RUN_DIR="${TRIBUTARY_RUN_DIR:-$local_dir/.run-soak}"
: "${TRIBUTARY_LEGACY_PG_PORT:=15532}" "${TRIBUTARY_TARGET_PG_PORT:=15533}" "${TRIBUTARY_KAFKA_PORT:=19192}"
: "${TRIBUTARY_KAFKA_CONTROLLER_PORT:=19193}" "${TRIBUTARY_API_PORT:=18180}" "${TRIBUTARY_CDC_PORT:=18181}"
: "${TRIBUTARY_VALIDATOR_PORT:=18182}"
export TRIBUTARY_LEGACY_PG_PORT TRIBUTARY_TARGET_PG_PORT TRIBUTARY_KAFKA_PORT TRIBUTARY_KAFKA_CONTROLLER_PORT \
  TRIBUTARY_API_PORT TRIBUTARY_CDC_PORT TRIBUTARY_VALIDATOR_PORT
# shellcheck source-path=SCRIPTDIR source=../deploy/local/lib.sh
source "$local_dir/lib.sh"
export TRIBUTARY_ROOT

log "seed $seed; runtime in ${TRIBUTARY_RUN_DIR#"$TRIBUTARY_ROOT"/} (API port $TRIBUTARY_API_PORT)"
setup_option=--soak
[[ ",$kinds," == *,chroma,* ]] || setup_option=--soak-without-chroma
"$TRIBUTARY_LOCAL_DIR/setup.sh" "$setup_option" >"$TRIBUTARY_RUN_DIR.setup.log" 2>&1 || {
  show_log_tail "$TRIBUTARY_RUN_DIR.setup.log"
  die "deploy/local/setup.sh $setup_option failed"
}
tributary_build_if_stale
"$TRIBUTARY_LOCAL_DIR/up.sh" >/dev/null

stamp="$(date -u +%Y%m%d-%H%M%S)"
work="$TRIBUTARY_RUN_DIR/soak/$stamp"
mkdir -p "$work" "$TRIBUTARY_ROOT/bench/results"
report="$TRIBUTARY_ROOT/bench/results/soak-$stamp.md"
/usr/bin/python3 "$TRIBUTARY_ROOT/bench/lib/soak.py" --kinds "$kinds" --minutes "$minutes" --seed "$seed" \
  --work "$work" --report "$report" --commit "$(git -C "$TRIBUTARY_ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')" \
  "${extra[@]}"
