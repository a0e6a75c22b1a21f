#!/usr/bin/env bash
# The fault suite (issue 22): cdc-service ended at each named fault point (before/after publishing
# to Kafka, before/after apply's commit) and by SIGKILL, during the snapshot and during streaming,
# with a writer running; each scenario ends with the target compared to the source row for row.
# Writes the table to bench/results/faults-<date>.md. Outside the default test run (about 30
# minutes); needs what ./deploy/local/test.sh needs (run it once first).
#
#   bench/faults.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source deploy/local/lib.sh
export TRIBUTARY_TEST_LOCAL=true TRIBUTARY_PG_BIN TRIBUTARY_KAFKA_LIBS TRIBUTARY_SQLITE_VEC
# -am builds the modules it needs from this tree: nothing is installed into ~/.m2
mvn -B verify -pl cdc-service -am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=FaultSuiteIT -Dfailsafe.failIfNoSpecifiedTests=false "$@"
mkdir -p bench/results
out="bench/results/faults-$(date -u +%Y%m%d-%H%M%S).md"
{
  echo "# Fault suite, $(date -u '+%Y-%m-%d %H:%M UTC'), $(git rev-parse --short HEAD)"
  echo
  cat cdc-service/target/fault-suite.md
} > "$out"
echo "fault suite: $out"
