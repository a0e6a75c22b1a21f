#!/usr/bin/env bash
# Benchmark: in-place updates of a sqlite-vec table (issue 44, part 4). sqlite-vec writes an UPDATE
# of a vector or of a metadata value into its chunk with blob I/O that no trigger sees; capture
# finds such rows by hashing the chunks every tributary.capture.sqlite-vec0-scan-interval and
# comparing them with what it emitted (docs/sqlite-virtual-tables.md). This measures, on a vec0
# table of 200,000 vectors of 384 dimensions written by the real extension (sqlite-vec 0.1.9):
#   - the latency of 200 in-place UPDATEs (every other one a vector, the others an integer metadata
#     value, about one a second, random rows) from their commit in SQLite to the target row showing
#     them: p50, p99, max (target: p99 <= 5 s);
#   - the CPU of the periodic scans, as capture reports it (the scanning thread's CPU time, logged
#     once a minute by Vec0ScanCost), over the minutes within the updates (target: <= 10 % of one
#     core);
#   - how long a fence takes to be written (its own scan of every chunk, under the write lock).
# It runs Vec0UpdatesBenchIT (cdc-service) against a throwaway PostgreSQL 15 and Kafka broker of
# its own, on free ports, and a packaged cdc-service — never the shared local runtime; needs what
# ./deploy/local/test.sh needs (run deploy/local/setup.sh once: it fetches vec0.so). About 10 minutes
# on 2 cores. Writes the report to bench/results/vec0-updates-<time>.md.
#
#   bench/vec0-updates.sh [maven options, e.g. -o, -Dtributary.bench.vec0.interval=1s,
#                          -Dtributary.bench.vec0.rows=50000, -Dtributary.bench.vec0.updates=100]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# the caller's TRIBUTARY_SQLITE_VEC and TRIBUTARY_KAFKA_LIBS win (a checkout without its own
# deploy/local/.run may point at another's)
caller_vec="${TRIBUTARY_SQLITE_VEC:-}"
caller_kafka="${TRIBUTARY_KAFKA_LIBS:-}"
source deploy/local/lib.sh
TRIBUTARY_SQLITE_VEC="${caller_vec:-$TRIBUTARY_SQLITE_VEC}"
TRIBUTARY_KAFKA_LIBS="${caller_kafka:-$TRIBUTARY_KAFKA_LIBS}"
[[ -f "$TRIBUTARY_SQLITE_VEC" ]] || die "no sqlite-vec at $TRIBUTARY_SQLITE_VEC: run deploy/local/setup.sh"
export TRIBUTARY_TEST_LOCAL=true TRIBUTARY_PG_BIN TRIBUTARY_KAFKA_LIBS TRIBUTARY_SQLITE_VEC
# -am builds the modules it needs from this tree: nothing is installed into ~/.m2
mvn -B verify -pl cdc-service -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=Vec0UpdatesBenchIT -Dfailsafe.failIfNoSpecifiedTests=false "$@"
mkdir -p bench/results
out="bench/results/vec0-updates-$(date -u +%Y%m%d-%H%M%S).md"
{
  cat cdc-service/target/vec0-updates-bench.md
  echo
  echo "Commit $(git rev-parse --short HEAD); \`bench/vec0-updates.sh $*\`."
} > "$out"
echo "vec0 in-place updates: $out"
