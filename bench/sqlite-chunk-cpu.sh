#!/usr/bin/env bash
# The CPU per row of the SQLite snapshot's chunk path alone (read, cast, encode into binary COPY
# chunks; no Kafka, no PostgreSQL, no runtime), on the bench's dataset at a small size, so that a
# change to that path can be measured before and after on the same file.
#
#   bench/sqlite-chunk-cpu.sh [--tasks N] [--runs N] [--tables LIST] [--file F] [--set K=V]... [--no-build]
#
#   --tasks N      the dataset's tasks (default 200,000); agents and embeddings in the full size's
#                  proportions (1/20 and 1/10 of it): io.tributary.tools.BenchDataset, generated once
#                  under deploy/local/.run/bench/ (the same size gives the same file)
#   --runs N       runs in one JVM (default 5): the first ones warm the JIT, compare the later ones
#   --tables LIST  only these tables, comma-separated (default: every table)
#   --file F       another SQLite file instead of the dataset
#   --set K=V      a setting of the capture (SqliteConnectorConfig), e.g. snapshot.chunk.bytes=65536
#                  snapshot.fetch.size=100: more chunks and reads, to compare what capture produces
#   --no-build     use the classes already built
#
# Builds sources/sqlite and what it needs (mvn -o test-compile, nothing installed), then runs
# io.tributary.source.sqlite.capture.SnapshotChunkCpu (sources/sqlite's tests): per run the rows,
# rows/s, the polling thread's and the process's CPU time per row, the bytes allocated per row and
# a digest of the chunk records (the same before and after a change that keeps what capture
# produces). The machine is shared: compare the thread CPU per row of the later runs, and the
# allocations, which do not depend on the load.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tasks=200000
runs=5
tables=""
file=""
build=true
settings=()
while (($#)); do
  case "$1" in
    --tasks) tasks="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --tables) tables="$2"; shift 2 ;;
    --file) file="$2"; shift 2 ;;
    --set) settings+=("-Dcapture.$2"); shift 2 ;;
    --no-build) build=false; shift ;;
    *) echo "usage: bench/sqlite-chunk-cpu.sh [--tasks N] [--runs N] [--tables LIST] [--file F] [--set K=V]... [--no-build]" >&2; exit 2 ;;
  esac
done

cd "$root"
# shellcheck source=lib/sqlite_classpath.sh
source bench/lib/sqlite_classpath.sh
cp="$(sqlite_test_classpath chunk-cpu "$build")"

if [[ -z "$file" ]]; then
  agents=$((tasks / 20))
  embeddings=$((tasks / 10))
  file="$root/deploy/local/.run/bench/dataset-$agents-$tasks-$embeddings.db"
  if [[ ! -f "$file" ]]; then
    mkdir -p "$(dirname "$file")"
    echo "generating the dataset ($agents agents, $tasks tasks, $embeddings embeddings): $file" >&2
    java -Xmx512m -cp "$cp" io.tributary.tools.BenchDataset "$file" "$agents" "$tasks" "$embeddings" >/dev/null
  fi
fi

args=("$file" "$runs")
[[ -z "$tables" ]] || args+=("$tables")
# one GC thread and no tiered-compilation surprises beyond the default: the machine has 2 cores
exec java -Xmx2g -XX:+UseParallelGC -XX:ParallelGCThreads=1 \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "${settings[@]}" \
  -cp "$cp" io.tributary.source.sqlite.capture.SnapshotChunkCpu "${args[@]}"
