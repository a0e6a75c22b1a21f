#!/usr/bin/env bash
# The project's test command: installs what is missing (setup.sh), then `mvn -B verify` from the
# repository root. Extra arguments go to Maven, e.g. deploy/local/test.sh -pl common -Dtest=Foo.
# Tests start their own throwaway PostgreSQL clusters and Kafka brokers (no up.sh needed); when no
# Docker engine answers, TRIBUTARY_TEST_LOCAL=true tells them to use local processes.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$TRIBUTARY_LOCAL_DIR/setup.sh"

if command -v docker >/dev/null 2>&1 && timeout 20 docker info >/dev/null 2>&1; then
  log "docker engine answers: tests may use containers"
else
  export TRIBUTARY_TEST_LOCAL=true
  log "no docker engine: TRIBUTARY_TEST_LOCAL=true (tests run PostgreSQL and Kafka as local processes)"
fi
# Where the local tools are, for tests that start local processes.
export TRIBUTARY_PG_BIN TRIBUTARY_KAFKA_LIBS TRIBUTARY_SQLITE_VEC

cd "$TRIBUTARY_ROOT"
log "mvn -B verify $*"
exec mvn -B verify "$@"
