#!/usr/bin/env bash
# The fault suites (issue 22), outside the default test run (about an hour on 2 cores); needs what
# ./deploy/local/test.sh needs (run it once first). Each scenario runs with a writer inserting,
# updating and deleting in its source (SQLite, or PostgreSQL where said) and ends with the target compared to the source row for
# row.
#   FaultSuiteIT (cdc-service): capture and apply halted at each named fault point and by SIGKILL,
#     in the snapshot and in streaming (40 scenarios).
#   CutoverFaultSuiteIT (orchestrator-service): the orchestrator halted before and after each
#     cutover step; validator-service halted before finishing a validation request; cdc-service,
#     validator-service, the Kafka broker and PostgreSQL killed while the orchestrator waits before
#     freeze, drain, validate and switch, and while snapshotting or streaming; a PostgreSQL source's
#     server crashed at those moments and in its snapshot (45 scenarios).
# Writes both tables to bench/results/faults-<date>.md.
#
#   bench/faults.sh [maven options, e.g. -o, -Dit.test=FaultSuiteIT, -Dtributary.faults.only=kafka]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source deploy/local/lib.sh
export TRIBUTARY_TEST_LOCAL=true TRIBUTARY_PG_BIN TRIBUTARY_KAFKA_LIBS TRIBUTARY_SQLITE_VEC
# -am builds the modules it needs from this tree: nothing is installed into ~/.m2
mvn -B verify -pl cdc-service,validator-service,orchestrator-service -am -Dtest=none \
  -Dsurefire.failIfNoSpecifiedTests=false -Dit.test='FaultSuiteIT,CutoverFaultSuiteIT' \
  -Dfailsafe.failIfNoSpecifiedTests=false "$@"
mkdir -p bench/results
out="bench/results/faults-$(date -u +%Y%m%d-%H%M%S).md"
{
  echo "# Fault suites, $(date -u '+%Y-%m-%d %H:%M UTC'), $(git rev-parse --short HEAD)"
  for table in cdc-service/target/fault-suite.md orchestrator-service/target/cutover-fault-suite.md; do
    if [[ -f "$table" ]]; then
      echo
      echo "## $(basename "$table" .md)"
      echo
      cat "$table"
    fi
  done
} > "$out"
echo "fault suites: $out"
